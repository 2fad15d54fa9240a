/* proptrend/num.h - strict parsing of counts and decimals in the number
 * formats found in review reports.
 *
 * Formats:
 *   PT_NUMFMT_PLAIN  1273, 95.2      (no thousands separator, '.' decimal)
 *   PT_NUMFMT_VI     1.273, 95,2     ('.' thousands in groups of 3, ',' decimal)
 *   PT_NUMFMT_EN     1,273, 95.2     (',' thousands in groups of 3, '.' decimal)
 * A value that would mean something else in another format and is not
 * valid in the chosen one is reported as PT_NUM_AMBIGUOUS, never guessed:
 * "1.273" under PLAIN is an error, not one and a quarter.
 *
 * No function allocates; all take (pointer, length) so fields need not be
 * NUL-terminated.  Leading and trailing ASCII blanks are ignored.
 */
#ifndef PROPTREND_NUM_H
#define PROPTREND_NUM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum pt_numfmt {
  PT_NUMFMT_PLAIN = 0,
  PT_NUMFMT_VI,
  PT_NUMFMT_EN
} pt_numfmt;

typedef enum pt_num_error {
  PT_NUM_OK = 0,
  PT_NUM_EMPTY,     /* nothing but blanks */
  PT_NUM_SYNTAX,    /* not a number at all */
  PT_NUM_NEGATIVE,  /* a minus sign where only >= 0 is allowed */
  PT_NUM_FRACTION,  /* a decimal where a whole number is required */
  PT_NUM_RANGE,     /* too large (or too small) */
  PT_NUM_AMBIGUOUS  /* valid only in another number format */
} pt_num_error;

/* Largest count accepted anywhere: 2^53, so every count is exact as a double. */
#define PT_COUNT_MAX UINT64_C(9007199254740992)

/* An exact decimal: value = mant / 10^scale. */
typedef struct pt_decimal {
  uint64_t mant;
  int scale;       /* number of digits printed after the decimal mark */
} pt_decimal;

/* Whole number 0..max in format fmt. */
pt_num_error pt_num_parse_count(const char *s, size_t len, pt_numfmt fmt,
                                uint64_t max, uint64_t *out);
/* Signed integer in [min, max] (periods); digits only, optional sign. */
pt_num_error pt_num_parse_long(const char *s, size_t len, long min, long max,
                               long *out);
/* Non-negative decimal with its printed number of decimals, in format fmt;
 * a trailing '%' is accepted and ignored; at most 18 significant digits. */
pt_num_error pt_num_parse_decimal(const char *s, size_t len, pt_numfmt fmt,
                                  pt_decimal *out);
/* A finite real (command-line options): strtod with endptr/errno checks. */
pt_num_error pt_num_parse_double(const char *s, double *out);

/* Short phrase for an error, e.g. "a fraction"; static storage. */
const char *pt_num_strerror(pt_num_error e);
/* "plain" | "vi" | "en"; returns 0 on success, -1 if unknown. */
int pt_numfmt_from_name(const char *name, pt_numfmt *out);
const char *pt_numfmt_name(pt_numfmt fmt);

#ifdef __cplusplus
}
#endif
#endif
