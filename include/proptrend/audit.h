/* proptrend/audit.h - consistency rules over a tidy table: printed
 * percentages against their counts (exact integer arithmetic, four rounding
 * conventions), the document's own rounding habit, impossible values,
 * stage order and denominators, copy-forward figures, missing figures; and,
 * for figures extracted from a report's text, parts against their whole, a
 * wrong percentage explained by a nearby figure, the total that several
 * percentage-only figures share, the implied base of a count with its
 * percentage, and breakdowns summing past 100.
 *
 * The table is read leniently (pt_load_opts.lenient) so that what `rates`
 * refuses becomes a finding here.  Findings are results, not errors: each
 * carries a rule, a case (which statement it makes) and the numbers that
 * show it, never a sentence; the caller words it (the CLI's
 * cli_audit_sentence() in English or Vietnamese).
 *
 * The percentage check is GRIM-like (Brown, N. J. L. & Heathers, J. A. J.
 * (2017), "The GRIM test", Social Psychological and Personality Science
 * 8(4):363-369), for proportions and with the printed number of decimals.
 * The shared-total rule is its intersection form: the totals compatible
 * with each printed percentage of one unit, intersected.
 *
 * Every rule is O(n log n) in the rows: keys are interned and sorted once.
 *
 * Ownership: pt_audit() fills a pt_findings the caller frees with
 * pt_findings_free(); every string in it belongs to it.  pt_audit() only
 * reads the table, the options and the text they point to.
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

/* The one severity of the audit (and of its report section). */
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


/* The rules; pt_audit_rule_name() gives the stable names of the CSV column
 * ("pct-mismatch", ...).  Keep the order: new rules go before PT_RULE_N. */
typedef enum pt_audit_rule {
  PT_RULE_PCT_MISMATCH = 0,
  PT_RULE_CONVENTION,
  PT_RULE_COUNT_EXCEEDS_TOTAL,
  PT_RULE_ZERO_TOTAL,
  PT_RULE_DUPLICATE_KEY,
  PT_RULE_STAGE_ORDER,
  PT_RULE_STAGE_DENOMINATOR,
  PT_RULE_PERIOD_DENOMINATOR,
  PT_RULE_REPEATED_FIGURE,
  PT_RULE_MISSING,
  PT_RULE_IMPOSSIBLE_PERCENTAGE,
  PT_RULE_PARTS_WHOLE,        /* "trong đó"/"of which": parts against the whole */
  PT_RULE_OTHER_BASE,         /* a wrong percentage fits a nearby total or count */
  PT_RULE_SHARED_TOTAL,       /* siblings' percentages share a total the printed one is not */
  PT_RULE_IMPLIED_BASE,       /* count (P%) implies a total no stated one fits */
  PT_RULE_BREAKDOWN_SUM,      /* parts' percentages sum past 100 beyond rounding */
  PT_RULE_UNCHECKED,          /* figures a rule could not use, and why */
  PT_RULE_N
} pt_audit_rule;

/* Which statement a finding makes: one sentence template each (English and
 * Vietnamese in the CLI).  The fields each case fills are listed; every
 * finding also has rule, severity, the key fields and line, ref_line when
 * it compares with one other figure, and mark with reported. */
typedef enum pt_audit_case {
  PT_AC_NOT_PERCENT = 0,  /* reported */
  PT_AC_PCT_TRUNC,        /* reported, count, total, rounded */
  PT_AC_PCT_CEIL,         /* reported, count, total, rounded */
  PT_AC_PCT_WRONG,        /* reported, count, total, rounded, truncated */
  PT_AC_HABIT_NONE,       /* tally[4] */
  PT_AC_HABIT,            /* tally[4], conv (the habit) */
  PT_AC_HABIT_BREAK,      /* reported, conv (the habit), fits (what it fits) */
  PT_AC_COUNT_EXCEEDS,    /* count, total */
  PT_AC_ZERO_TOTAL,       /* count */
  PT_AC_DUPLICATE,        /* ref_line, ref_count, ref_total, count, total */
  PT_AC_STAGE_ORDER,      /* stage, count, ref_stage, ref_count */
  PT_AC_STAGE_DENOM,      /* total, stage, ref_total, ref_stage */
  PT_AC_PERIOD_DENOM,     /* total, period, ref_total, ref_period, threshold */
  PT_AC_REPEATED,         /* count, total, ref_period */
  PT_AC_GAP,              /* period (the missing one), ref_period, ref_period2 */
  PT_AC_MISSING_PERIOD,   /* stage, group, period */
  PT_AC_MISSING_STAGE,    /* group, stage */
  PT_AC_IMPOSSIBLE,       /* total, reported */
  PT_AC_IMPLIED_COUNT,    /* reported, total, lo (== hi), conv */
  PT_AC_IMPLIED_COUNTS,   /* reported, total, lo, hi, conv */
  PT_AC_PARTS_COUNT,      /* cited parts (count), count = their sum, ref_count = the whole's, ref_line */
  PT_AC_PARTS_TOTAL,      /* cited parts (total), total = their sum, ref_total = the whole's, ref_line */
  PT_AC_OTHER_TOTAL,      /* reported, count, total, ref_total, ref_line */
  PT_AC_OTHER_COUNT,      /* reported, count, total, ref_count, ref_line */
  PT_AC_SHARED_TOTAL,     /* count, total, reported, lo..hi (shared totals), cited siblings (count, pct) */
  PT_AC_IMPLIED_BASE,     /* count, reported, lo..hi (implied totals), cited (stated totals) */
  PT_AC_BREAKDOWN,        /* cited parts (pct), sum (pt_decimal), ref_line (the whole) */
  PT_AC_UNCHECKED,        /* reason, tally[0] = figures, ref_line = the first of them (line 0) */
  PT_AC_PCT_BOUND,        /* reported (a bound: "hơn 73", "nearly 67"), count, total */
  PT_AC_N
} pt_audit_case;

/* Why figures could not be checked by every rule (PT_AC_UNCHECKED). */
typedef enum pt_unchecked_reason {
  PT_UNCHECKED_NO_UNIT = 0,   /* no unit: compared with no other figure */
  PT_UNCHECKED_NO_STAGE,      /* no stage: not in the stage, series or missing rules */
  PT_UNCHECKED_NO_YEAR,       /* no year: compared within its paragraph only, not in series rules */
  PT_UNCHECKED_NO_YEAR_LINE,  /* no year and no text given: compared within its line only */
  PT_UNCHECKED_UNMAPPED,      /* unit phrase without a code: keyed by the phrase, not in missing */
  PT_UNCHECKED_UNUSABLE,      /* count above total, total 0, or no count: not compared across rows */
  PT_UNCHECKED_N
} pt_unchecked_reason;

/* One figure cited by a multi-figure finding. */
typedef struct pt_audit_cite {
  unsigned long line;
  uint64_t count, total;   /* total 0 when not stated */
  pt_decimal pct;          /* printed percentage; scale -1 when none */
} pt_audit_cite;

#define PT_AUDIT_MAX_CITES 8

typedef struct pt_finding {
  pt_audit_rule rule;
  pt_audit_case what;
  pt_severity severity;
  char *area;            /* NULL when the table has no area */
  char *group;           /* NULL when not about one group */
  char *stage;           /* NULL when not about one stage */
  long period;
  int has_period;
  unsigned long line;    /* input line, 0 when not about one row */
  /* the numbers (see pt_audit_case for which are set) */
  uint64_t count, total;         /* this figure (or a sum of parts) */
  uint64_t ref_count, ref_total; /* the figure compared with */
  unsigned long ref_line;        /* its line, 0 if none */
  long ref_period, ref_period2;
  char *ref_stage;               /* NULL if none */
  char *reported;                /* the percentage as printed, NULL if none */
  char mark;                     /* its decimal mark ('.' or ',') */
  pt_decimal rounded, truncated, sum;  /* values at the printed scale */
  unsigned conv, fits;           /* PT_ROUND_* bits */
  uint64_t lo, hi;               /* a range of counts or totals */
  size_t tally[4];               /* habit: checked, rounding, truncation, ceiling */
  double threshold;              /* period-denominator: the relative change allowed */
  pt_unchecked_reason reason;
  size_t ncites, ncited_all;     /* cites kept, and all there were */
  pt_audit_cite cites[PT_AUDIT_MAX_CITES];
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
  /* The text the rows were extracted from (audit --text), or NULL.  With it,
   * figures with no year are compared within their paragraph, and the
   * "trong đó"/"of which" rules run; rows are located by line and by the
   * column of their source "NAME:LINE:COL" (code points, 1-based). */
  const char *text;
  size_t text_len;
  int extracted;              /* rows come from a text: report what could not be
                                 checked (PT_RULE_UNCHECKED notes) */
  int nearby_lines;           /* other-base: look this many lines either side (5) */
  /* With text: the text's bare counts (pt_extract_opts.counts), or NULL.
   * A "trong đó" / "of which" list of such counts ("tổng số 360 trường, trong
   * đó 120 trường mầm non, 140 ... và 95 ...") is checked against its whole
   * as a list of figures is; no other rule sees them. */
  const pt_table *counts;
} pt_audit_opts;

void pt_audit_opts_init(pt_audit_opts *o);
void pt_findings_init(pt_findings *f);
void pt_findings_free(pt_findings *f);

/* Run every rule over t; findings are appended to out, sorted by severity
 * (errors first), then line, rule name, group, stage, period, and in rule
 * order otherwise.  PT_SUCCESS, PT_EDOM (t or out NULL) or PT_ENOMEM. */
int pt_audit(const pt_table *t, const pt_audit_opts *o, pt_findings *out);

/* Which conventions print 100*x/n with reported.scale decimals as exactly
 * reported.mant?  Exact (128-bit integer) arithmetic.  *half_up receives
 * the half-up value's mantissa.  PT_EDOM if n == 0 or the scale exceeds 18. */
int pt_pct_fits(uint64_t x, uint64_t n, pt_decimal reported, unsigned *mask,
                uint64_t *half_up);

/* Totals n >= count for which 100*count/n prints as reported under one of
 * the conventions in mask (PT_ROUND_* bits): exactly the integers *lo..*hi
 * (each convention's values of 100*count/n form a real interval containing
 * the printed value itself, so their union is one interval too).  A total
 * is unbounded only when rounding up prints 1 unit of the last digit: *hi
 * is then PT_COUNT_MAX.  Returns 1 if there is one, 0 if none (or count 0
 * or above PT_COUNT_MAX, or a scale above 18). */
int pt_pct_totals(uint64_t count, pt_decimal reported, unsigned mask, uint64_t *lo,
                  uint64_t *hi);

/* Parse a printed percentage: fmt as pt_numfmt, or -1 for auto. */
int pt_parse_reported(const char *s, int fmt, pt_decimal *out);

/* A printed percentage that is a bound, not a rounded value: "hơn 73",
 * "trên 74", "more than 50", "over 50" (the value is at least it), "gần 67",
 * "nearly 67", "almost 11", "under 5", "dưới 5" (at most it), "khoảng 38,7",
 * "about 30", "approximately 30" (within one unit of its last digit). */
typedef enum pt_pct_bound {
  PT_BOUND_NONE = 0,
  PT_BOUND_ABOVE,
  PT_BOUND_BELOW,
  PT_BOUND_ABOUT
} pt_pct_bound;
/* The words that make a printed percentage a bound, each with its kind, in
 * Unicode NFC, lower case; the list ends with { NULL, PT_BOUND_NONE }.  The
 * extractor keeps these words with the percentage they precede. */
typedef struct pt_bound_word { const char *word; pt_pct_bound bound; } pt_bound_word;
extern const pt_bound_word pt_bound_words[];
/* The bound s states (one of pt_bound_words and a space first) and where
 * its number starts (*num; s itself when PT_BOUND_NONE). */
pt_pct_bound pt_reported_bound(const char *s, const char **num);

const char *pt_severity_name(pt_severity s);
/* "pct-mismatch", ...; "unknown" outside the enum. */
const char *pt_audit_rule_name(pt_audit_rule r);

#ifdef __cplusplus
}
#endif
#endif
