/* proptrend/audit.h - consistency rules over a tidy table: printed
 * percentages against their counts (exact integer arithmetic, four rounding
 * conventions), the document's own rounding habit, impossible values,
 * stage order and denominators, copy-forward figures, missing figures.
 *
 * The table is read leniently (pt_load_opts.lenient) so that what `rates`
 * refuses becomes a finding here.  Findings are results, not errors.
 *
 * Ownership: pt_audit() fills a pt_findings the caller frees with
 * pt_findings_free(); every string in it belongs to it.
 */
#ifndef PROPTREND_AUDIT_H
#define PROPTREND_AUDIT_H

#include <stddef.h>
#include <stdint.h>

#include "proptrend/num.h"
#include "proptrend/table.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum pt_severity {
  PT_SEV_NOTE = 0,
  PT_SEV_WARNING,
  PT_SEV_ERROR
} pt_severity;

/* Rounding conventions, as bits of a mask. */
enum {
  PT_ROUND_HALF_UP = 1u << 0,
  PT_ROUND_HALF_EVEN = 1u << 1,
  PT_ROUND_TRUNC = 1u << 2,
  PT_ROUND_CEIL = 1u << 3
};

typedef struct pt_finding {
  const char *rule;      /* "pct-mismatch", ... (static) */
  pt_severity severity;
  char *area;            /* NULL when the table has no area */
  char *group;           /* NULL when not about one group */
  char *stage;           /* NULL when not about one stage */
  long period;
  int has_period;
  unsigned long line;    /* input line, 0 when not about one row */
  char *message;
} pt_finding;

typedef struct pt_findings {
  pt_finding *items;
  size_t n, cap;
} pt_findings;

typedef struct pt_audit_opts {
  const char *const *stages;  /* stage order, earliest first; NULL: registered
                                 before recognized when both are present */
  size_t nstages;
  double max_total_change;    /* period-denominator threshold (0.10) */
  int reported_fmt;           /* pt_numfmt of `reported`, or -1: auto (one
                                 ',' or '.' is the decimal mark) */
  int vietnamese;             /* messages in Vietnamese (default 0: English) */
} pt_audit_opts;

void pt_audit_opts_init(pt_audit_opts *o);
void pt_findings_init(pt_findings *f);
void pt_findings_free(pt_findings *f);

/* Run every rule over t; findings are appended to out, sorted by severity
 * (errors first), then line.  PT_SUCCESS or PT_ENOMEM. */
int pt_audit(const pt_table *t, const pt_audit_opts *o, pt_findings *out);

/* Which conventions print 100*x/n with reported.scale decimals as exactly
 * reported.mant?  Exact (128-bit integer) arithmetic.  *half_up receives
 * the half-up value's mantissa.  PT_EDOM if n == 0 or the scale exceeds 18. */
int pt_pct_fits(uint64_t x, uint64_t n, pt_decimal reported, unsigned *mask,
                uint64_t *half_up);

/* Parse a printed percentage: fmt as pt_numfmt, or -1 for auto. */
int pt_parse_reported(const char *s, int fmt, pt_decimal *out);

const char *pt_severity_name(pt_severity s);

#ifdef __cplusplus
}
#endif
#endif
