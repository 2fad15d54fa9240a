/* proptrend/error.h - status codes shared by every libproptrend module.
 *
 * Every library function that can fail returns one of these codes (0 on
 * success), GSL style; none prints, exits or aborts.  pt_strerror() returns a
 * static string (caller must not free).
 */
#ifndef PROPTREND_ERROR_H
#define PROPTREND_ERROR_H

#ifdef __cplusplus
extern "C" {
#endif

typedef enum pt_status {
  PT_SUCCESS = 0,
  PT_EDOM,      /* argument outside the function's domain */
  PT_ENOMEM,    /* out of memory */
  PT_EIO,       /* read or write error on a stream */
  PT_EDATA,     /* input data malformed; details in the diagnostics list */
  PT_ENOCONV,   /* iterative method failed to converge */
  PT_EUNDEF,    /* statistic undefined for these data (e.g. a zero cell) */
  PT_EOVERFLOW, /* integer sum would overflow */
  PT_ESHORT     /* series too short for the model asked for */
} pt_status;

/* Human-readable description of a status code; static storage. */
const char *pt_strerror(int status);

#ifdef __cplusplus
}
#endif
#endif
