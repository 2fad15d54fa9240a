/* proptrend/analyses.h - the analyses of a whole table, as typed results.
 *
 * A table goes in, typed results come out: the rate of every row, the
 * changes between periods (or stages), the trend of every series, the
 * anomalies of a method.  The command line, the figures and the report are
 * views of these results; none recomputes them.  Each result type declares
 * its output columns once (pt_an_*_fields, see pt_field in emit.h).
 *
 * The statistics are those of ci.h, compare.h, trend.h and anomaly.h, whose
 * references apply: Newcombe (1998) for intervals and differences,
 * Armitage (1955) for the trend test, Kim et al. (2000) for joinpoints,
 * Spiegelhalter (2005) for funnels, Benjamini and Hochberg (1995) for q.
 *
 * Ownership: every pt_an_*_run() fills a result struct the caller owns and
 * releases with the matching pt_an_*_free() (also after a failed run).  Key
 * strings (area, group, stage) and row pointers in a result point into the
 * table, which must outlive the result; strings the analysis makes (a stage
 * pair's label) belong to the result.  Nothing is printed.
 */
#ifndef PROPTREND_ANALYSES_H
#define PROPTREND_ANALYSES_H

#include <stddef.h>
#include <stdint.h>

#include "proptrend/anomaly.h"
#include "proptrend/ci.h"
#include "proptrend/compare.h"
#include "proptrend/dispersion.h"
#include "proptrend/emit.h"
#include "proptrend/table.h"
#include "proptrend/trend.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- the variance model --------------------------------------------------------
 * Year-to-year variation in administrative rates is often many times the
 * binomial variance.  Every judgement of a point or a trend allows for it
 * by default: the dispersion is estimated per stage, pooled over that
 * stage's series (a series alone has too few points), by Williams' (1982)
 * beta-binomial moments (PT_AN_VAR_WILLIAMS: each point's variance times
 * 1 + rho (n - 1)) or the quasi-binomial phi (PT_AN_VAR_QUASI: Pearson
 * chi-square / df); tests then use Student's t on its df (see
 * dispersion.h).  An estimate at or below binomial is taken as binomial, so
 * data without extra variation get exactly the binomial results;
 * PT_AN_VAR_BINOMIAL asks for them whatever the data. */
typedef enum pt_an_variance { PT_AN_VAR_WILLIAMS = 0, PT_AN_VAR_QUASI, PT_AN_VAR_BINOMIAL } pt_an_variance;
extern const char *const pt_an_variance_names[];   /* "williams", "quasi", "binomial", NULL */

/* The dispersion a run used for one stage. */
typedef struct pt_an_disp {
  const char *stage;
  int status;           /* of the estimate: PT_SUCCESS, or PT_EUNDEF (too few points: binomial) */
  pt_dispersion d;
  int laney;            /* pchart --laney: Laney's p' chart with sigma_z pooled over the stage */
  double sigma_z;       /* from the moving ranges of z within each series */
  size_t nranges;
} pt_an_disp;

/* ---- rates: one interval per row (and method) ----------------------------- */

typedef struct pt_an_rates_opts {
  double level;                        /* 0.95 */
  const pt_ci_method_info *method;     /* pt_ci_method_find("wilson"); NULL: every method */
} pt_an_rates_opts;

typedef struct pt_an_rate {
  const char *area, *group, *stage;
  long period;
  uint64_t count, total;
  double p, lower, upper;
  const char *method;                  /* the method's name (static) */
  double level;
  unsigned long line;                  /* the row's input line */
} pt_an_rate;

typedef struct pt_an_rates {
  pt_an_rate *r;
  size_t n;
  unsigned long failed_line;           /* when a run fails on a row: its line */
  const char *failed_method;
} pt_an_rates;

void pt_an_rates_opts_init(pt_an_rates_opts *o);
int pt_an_rates_run(const pt_table *t, const pt_an_rates_opts *o, pt_an_rates *out);
void pt_an_rates_free(pt_an_rates *r);
extern const pt_field pt_an_rate_fields[];
extern const size_t pt_an_rate_nfields;

/* ---- change: year over year, against a base period, or between stages ---- */

typedef enum pt_an_change_mode {
  PT_AN_CHANGE_YOY = 0,     /* each period against the series' previous one */
  PT_AN_CHANGE_BASE,        /* each period against opts.base */
  PT_AN_CHANGE_STAGES       /* stage_to against stage_from in each (area, group, period) */
} pt_an_change_mode;

typedef struct pt_an_change_opts {
  double level;
  pt_an_change_mode mode;
  long base;
  const char *stage_from, *stage_to;
  const pt_cmp_method_info *diff, *ratio, *odds;   /* defaults: the first of each table */
  int fisher;                                      /* adjust Fisher's p instead of z's */
  pt_adjust adjust;                                /* PT_ADJUST_HOLM */
} pt_an_change_opts;

typedef struct pt_an_change {
  const char *area, *group, *stage;   /* stage: "from->to" in stage mode */
  const pt_row *from, *to;
  long period_from, period_to;
  uint64_t count_from, total_from, count_to, total_to;
  double p_from, p_to;
  double diff, diff_lower, diff_upper;
  double ratio, ratio_lower, ratio_upper;
  double odds_ratio, or_lower, or_upper;
  double z, p_value, fisher_p, p_adjusted;
  const char *diff_method, *ratio_method, *or_method;
  /* stage mode: the later stage's units as a share of the earlier stage's
   * (recognised of registered, a conditional proportion: the stages are
   * nested, not independent samples; pt_nested_stage) */
  int nested_ok;
  double conditional, conditional_lower, conditional_upper;
  int nested_flags;                   /* PT_NEST_*: 0 when a subset proportion */
  const char *nested_note;            /* "subset", "totals differ", "exceeds" */
} pt_an_change;

typedef struct pt_an_changes {
  pt_an_change *c;
  size_t n;
  char *stage_label;                  /* "from->to" in stage mode, else NULL */
} pt_an_changes;

void pt_an_change_opts_init(pt_an_change_opts *o);
/* PT_ESHORT when there is nothing to compare. */
int pt_an_change_run(const pt_table *t, const pt_an_change_opts *o, pt_an_changes *out);
void pt_an_change_free(pt_an_changes *c);
extern const pt_field pt_an_change_fields[];
extern const size_t pt_an_change_nfields;
/* The columns of the stage mode: the above and the conditional proportion. */
extern const pt_field pt_an_change_stage_fields[];
extern const size_t pt_an_change_stage_nfields;

/* ---- trend: every series with at least 3 periods --------------------------- */

typedef enum pt_an_verdict {
  PT_AN_NO_VARIATION = 0,   /* the trend test is undefined (no variation) */
  PT_AN_NO_CLEAR_TREND,
  PT_AN_RISING,
  PT_AN_FALLING
} pt_an_verdict;
extern const char *const pt_an_verdict_names[];   /* "no variation", ... */

typedef struct pt_an_trend_opts {
  double level;             /* of the intervals; the verdict tests at 1 - level */
  int rank_scores;          /* scores 1..k instead of the periods */
  int alternative;          /* 0 two-sided, +1 increasing, -1 decreasing */
  int apc_weighted;         /* APC by weighted least squares (weights n p / (1 - p)) */
  int joinpoints;           /* MAX joinpoints, 0 = none; jp holds the rest */
  pt_jp_opts jp;
  pt_an_variance variance;  /* of the verdict's test and the odds ratio's interval */
} pt_an_trend_opts;

typedef struct pt_an_trend {
  const char *area, *group, *stage;
  size_t n_periods;
  long p0, p1;
  int ca_ok, lg_ok, apc_ok, h_ok;
  int apc_status, lg_status;          /* lg_status PT_EUNDEF: separated, the odds ratio not estimable */
  double ca_chisq, ca_z, ca_p;
  pt_logit_trend lg;
  double odds_ratio;                  /* exp(lg.slope) */
  double apc, apc_lower, apc_upper;
  double h_chisq, h_p;
  int verdict;                        /* pt_an_verdict, from the test below */
  /* the verdict's test: Cochran-Armitage allowing for the stage's
   * dispersion (its logistic trend model), t on its df (normal: infinite df) */
  int test_ok;
  double test_stat, test_df, test_p;
  double dispersion;                  /* the variance factor at the series' mean n */
  double or_lower, or_upper;          /* the odds ratio's Wald interval allowing for it */
  int or_ok;
  int jp_status;                      /* -1: not asked; else the fit's status */
  pt_jp_result jp;
} pt_an_trend;

typedef struct pt_an_trends {
  pt_an_trend *s;
  size_t n;
  pt_an_disp *disp;                   /* per stage */
  size_t ndisp;
  int variance;                       /* pt_an_variance asked */
  size_t longest;                     /* periods in the longest series */
  size_t jp_fitted;                   /* series long enough for the joinpoints */
} pt_an_trends;

void pt_an_trend_opts_init(pt_an_trend_opts *o);
/* PT_ESHORT when no series has 3 periods. */
int pt_an_trend_run(const pt_table *t, const pt_an_trend_opts *o, pt_an_trends *out);
void pt_an_trend_free(pt_an_trends *r);
extern const pt_field pt_an_trend_fields[];
extern const size_t pt_an_trend_nfields;

/* Every pair of series of one stage (and area) with the same periods: the
 * joinpoint tests of parallelism and coincidence (Kim et al. 2004) and the
 * difference of their AAPCs, with opts.jp as the model (weights, selection,
 * permutations; opts.joinpoints as MAX). */
typedef struct pt_an_jp_pair {
  const char *area, *stage;
  const char *group_a, *group_b;
  int status;                         /* PT_SUCCESS, or why the pair has no test */
  const char *note;                   /* that reason in words (static), or NULL */
  int K;                              /* joinpoints of both tests */
  double parallel_stat, parallel_p, coincident_stat, coincident_p;
  double aapc_diff, aapc_diff_lower, aapc_diff_upper, aapc_diff_p;
  int ok;                             /* status == PT_SUCCESS, for the fields */
} pt_an_jp_pair;

typedef struct pt_an_jp_pairs {
  pt_an_jp_pair *p;
  size_t n;
} pt_an_jp_pairs;

/* PT_ESHORT when no stage has two series. */
int pt_an_jp_pairs_run(const pt_table *t, const pt_an_trend_opts *o, pt_an_jp_pairs *out);
void pt_an_jp_pairs_free(pt_an_jp_pairs *p);
extern const pt_field pt_an_jp_pair_fields[];
extern const size_t pt_an_jp_pair_nfields;

/* ---- anomalies ------------------------------------------------------------- */

typedef enum pt_an_anom_method { PT_AN_LOO = 0, PT_AN_PCHART, PT_AN_FUNNEL, PT_AN_TWOWAY } pt_an_anom_method;
extern const char *const pt_an_anom_method_names[];   /* "loo", "pchart", "funnel", "twoway" */
extern const char *const pt_an_direction_names[];     /* "drop", "none", "rise" at direction + 1 */
extern const char *const pt_an_severity_names[];      /* "none", "warning", "alarm" */

typedef struct pt_an_anom_opts {
  pt_an_anom_method method;
  double level;             /* of the difference's interval */
  double sigma;             /* pchart: alarm limit in standard errors */
  int exact;                /* pchart: exact limits */
  double target;            /* funnel: NaN = pooled */
  int overdispersion;       /* funnel with --variance binomial: additive tau^2 */
  pt_an_variance variance;  /* loo, pchart: the stage's dispersion; funnel: tau^2 by
                               the rule (10 units); twoway: quasi-binomial */
  int laney;                /* pchart: Laney's p' chart (Laney 2002) instead of the
                               variance model's factor; sigma_z pooled per stage */
} pt_an_anom_opts;

typedef struct pt_an_anom {
  const pt_row *row;
  const char *area, *group, *stage;
  long period;
  uint64_t count, total;
  pt_anom_point pt;
  double q_value;            /* Benjamini-Hochberg over every test of the run */
  int method;                /* pt_an_anom_method */
  int direction;             /* pt.direction + 1, for the names */
  int severity;              /* pt_anom_severity */
  double dispersion;         /* the variance factor used for the point (1: binomial) */
  int t_stat;                /* pt.z is referred to Student's t (an estimated dispersion) */
} pt_an_anom;

/* What a run says beside its points: a cross-section left out or its tau^2,
 * a block's dispersion. */
typedef enum pt_an_note_kind { PT_AN_NOTE_FEW_OD = 0, PT_AN_NOTE_TAU2, PT_AN_NOTE_DISPERSION,
                               PT_AN_NOTE_OVERFLOW, PT_AN_NOTE_FUNNEL_EXACT } pt_an_note_kind;
typedef struct pt_an_note {
  pt_an_note_kind kind;
  const char *area, *group, *stage;  /* group NULL when not part of the unit */
  long period;                       /* FEW_OD, TAU2 */
  size_t units;                      /* FEW_OD: units in the cross-section */
  double value;                      /* tau^2 or the dispersion */
  double df;                         /* DISPERSION: its residual df (quasi) */
  int scaled;                        /* DISPERSION: the residuals were scaled by it */
} pt_an_note;

typedef struct pt_an_anoms {
  pt_an_anom *a;            /* every tested point, in series order */
  size_t n;
  pt_an_note *notes;
  size_t nnotes;
  size_t nflag[3];          /* by severity */
  size_t skipped_od;        /* funnel cross-sections too small for tau^2 */
  pt_an_disp *disp;         /* loo, pchart: per stage */
  size_t ndisp;
  int variance;             /* pt_an_variance asked */
} pt_an_anoms;

void pt_an_anom_opts_init(pt_an_anom_opts *o);
/* PT_ESHORT when nothing could be tested. */
int pt_an_anom_run(const pt_table *t, const pt_an_anom_opts *o, pt_an_anoms *out);
void pt_an_anom_free(pt_an_anoms *a);
extern const pt_field pt_an_anom_fields[];
extern const size_t pt_an_anom_nfields;

/* ---- re-inspection: verify, adjust, LQAS ---------------------------------------
 * The table-level views of reinspect.h, whose references apply (Rogan &
 * Gladen 1978; Greiner & Gardner 2000 for estimated error rates; Wendell &
 * Schmee 2001; Lemeshow & Taber 1991).  Records point into the tables. */
#include "proptrend/reinspect.h"

/* verify: every row of `inspections` (count = confirmed, total = inspected)
 * matched to the row of t with the same area, group, stage and period
 * (t is ordered once and searched: O((n + m) log n)). */
typedef struct pt_an_verify {
  const char *area, *group, *stage;
  long period;
  const pt_row *row;           /* the classified row of t */
  const pt_row *insp;          /* the inspection row */
  uint64_t count, total;       /* row->count (classified), row->total */
  uint64_t inspected, confirmed;
  pt_verify_result v;
} pt_an_verify;

typedef enum pt_an_verify_kind {
  PT_AN_VERIFY_AREAS = 0,      /* one table has an area column, the other not (line 0) */
  PT_AN_VERIFY_NO_ROW,         /* no row of t for the inspection row */
  PT_AN_VERIFY_EXCEEDS,        /* inspected > the classified count (col: inspected's column) */
  PT_AN_VERIFY_UNDEFINED       /* pt_verify refused the numbers */
} pt_an_verify_kind;

typedef struct pt_an_verify_problem {
  pt_an_verify_kind kind;
  const pt_row *insp;          /* NULL for AREAS */
  const pt_row *row;           /* the matched row (EXCEEDS, UNDEFINED), else NULL */
  unsigned long line, col;     /* in the inspections (col 0: the whole line) */
} pt_an_verify_problem;

typedef struct pt_an_verifies {
  pt_an_verify *r;             /* one per inspection row, in its order */
  size_t n;
  pt_an_verify_problem *p;     /* when a run returns PT_EDATA */
  size_t np;
} pt_an_verifies;

/* PT_EDATA with out->p when a row does not match or exceeds (every such
 * row is listed; then nothing is computed) or cannot be computed;
 * PT_EDOM for level outside (0, 1). */
int pt_an_verify_run(const pt_table *t, const pt_table *inspections, double level, pt_an_verifies *out);
void pt_an_verify_free(pt_an_verifies *v);
extern const pt_field pt_an_verify_fields[];
extern const size_t pt_an_verify_nfields;

/* adjust: every row's rate corrected for classification error.  Known
 * Se, Sp: (p + Sp - 1) / (Se + Sp - 1) clipped to [0, 1], the interval by
 * the same transform of the apparent rate's limits (as epiR::epi.prev);
 * grid: every Se, Sp in 0.80, 0.85, ..., 1.00.  Estimated Se, Sp (counts):
 * pt_rogan_gladen_counts, nothing clipped, the status says when the
 * adjustment is not identifiable. */
typedef struct pt_an_adjust_opts {
  double level;                        /* 0.95 */
  const pt_ci_method_info *method;     /* the apparent rate's interval: wilson (default) */
  double se, sp;                       /* known rates (not counts, not grid) */
  int counts;                          /* se = se_x/se_n, sp = sp_x/sp_n, estimated */
  uint64_t se_x, se_n, sp_x, sp_n;
  int grid;
} pt_an_adjust_opts;

extern const char *const pt_an_rg_status_names[];   /* "ok", "below", "above", "uninformative" */

typedef struct pt_an_adjust {
  const char *area, *group, *stage;
  long period;
  uint64_t count, total;
  double p, p_lower, p_upper;          /* apparent rate and its interval */
  double adjusted, adjusted_lower, adjusted_upper;
  double sensitivity, specificity;
  /* counts: */
  double sd;                           /* delta-method standard error */
  double known_lower, known_upper;     /* the interval were Se, Sp known */
  int status;                          /* pt_rg_status */
  unsigned long line;
} pt_an_adjust;

typedef struct pt_an_adjusts {
  pt_an_adjust *r;
  size_t n;
  size_t nonidentifiable;              /* rows with status BELOW or ABOVE */
} pt_an_adjusts;

void pt_an_adjust_opts_init(pt_an_adjust_opts *o);
/* PT_EDOM: level, method, Se + Sp <= 1 (known or estimated), bad counts. */
int pt_an_adjust_run(const pt_table *t, const pt_an_adjust_opts *o, pt_an_adjusts *out);
void pt_an_adjust_free(pt_an_adjusts *a);
/* Known Se, Sp and grid: today's columns; counts: those and adjusted_sd,
 * known_lower, known_upper, status. */
extern const pt_field pt_an_adjust_fields[];
extern const size_t pt_an_adjust_nfields;
extern const pt_field pt_an_adjust_counts_fields[];
extern const size_t pt_an_adjust_counts_nfields;

/* LQAS: the plan (pt_lqas) and its operating characteristic at failure
 * rates 0, 0.05, ..., 1.  PT_EDOM for N outside 1..1000000 or p0 >= p1;
 * PT_EUNDEF when no n <= N meets alpha and beta. */
typedef struct pt_an_oc {
  double failure_rate, p_accept;
  uint64_t n, d;
} pt_an_oc;

typedef struct pt_an_lqas {
  uint64_t n, d;
  double accept_p0, accept_p1;         /* P(accept) at p0 and p1 */
  pt_an_oc oc[21];
} pt_an_lqas;

int pt_an_lqas_run(uint64_t N, double p0, double p1, double alpha, double beta, pt_an_lqas *out);
extern const pt_field pt_an_oc_fields[];
extern const size_t pt_an_oc_nfields;

#ifdef __cplusplus
}
#endif
#endif
