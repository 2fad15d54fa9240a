/* proptrend/trend.h - trend in a series of proportions x[i]/n[i] observed at
 * scores s[i] (the periods, or their ranks).
 *
 * Domain for every function: k >= 3 points (2 for the homogeneity test),
 * n[i] >= 1, x[i] <= n[i] <= 2^53, finite scores not all equal, 0 < level < 1.
 * PT_EDOM otherwise; PT_EUNDEF when the statistic does not exist for these
 * data (every unit or none met the standard: no trend test; a zero rate:
 * no log-linear APC; a logistic fit that the data separate, e.g. 0% up to a
 * year and some after: its slope is infinite, "not estimable");
 * PT_ENOCONV if a fit fails.  Ownership: results go into the caller's
 * scalars and structs.  No allocation beyond
 * O(k) scratch, nothing printed, GSL's aborting handler off.
 *
 * References:
 *   Cochran (1954), Biometrics 10:417; Armitage (1955), Biometrics 11:375:
 *     test for trend, = R's prop.trend.test(x, n, score)
 *   logistic trend: binomial GLM logit(p) = a + b s by iteratively
 *     reweighted least squares (McCullagh & Nelder 1989); Wald and profile-
 *     likelihood (Venables & Ripley 2002) intervals for exp(b)
 *   annual percent change: least squares of ln(p) on s, APC = 100(e^b - 1),
 *     t interval on k - 2 df (Joinpoint/SEER no-joinpoint model; Kim et al.
 *     2000): its residual variance is estimated from the series, so the
 *     interval already allows for extra-binomial variation; weighted:
 *     w = n p / (1 - p), the inverse of the delta-method
 *     variance of ln(p-hat), residual variance estimated as in R's lm
 *   homogeneity: Pearson chi-square for k proportions, = R's prop.test(x, n)
 */
#ifndef PROPTREND_TREND_H
#define PROPTREND_TREND_H

#include <stddef.h>
#include <stdint.h>

#include "proptrend/dispersion.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Cochran-Armitage: chi-square (1 df), signed z (> 0: rising with the
 * score), two-sided p. */
int pt_trend_ca(size_t k, const uint64_t *x, const uint64_t *n, const double *s,
                double *chisq, double *z, double *p);

typedef struct pt_logit_trend {
  double intercept;   /* a, for the scores as given */
  double slope;       /* b: change in log-odds per unit of score */
  double se;          /* Wald standard error of b */
  double wald_lower, wald_upper;        /* exp(b -+ z se) */
  double profile_lower, profile_upper;  /* exp of the profile-likelihood limits */
  double deviance;
  int df;             /* k - 2 */
  int iterations;
} pt_logit_trend;

int pt_trend_logistic(size_t k, const uint64_t *x, const uint64_t *n, const double *s,
                      double level, pt_logit_trend *out);

/* Annual percent change: *apc, its limits, and the fitted slope and SE of
 * ln(p) per unit of score.  weighted != 0: weights n p / (1 - p) (needs
 * 0 < p < 1 at every point). */
int pt_trend_apc(size_t k, const uint64_t *x, const uint64_t *n, const double *s,
                 double level, int weighted, double *apc, double *lower, double *upper,
                 double *slope, double *se);

/* ---- trend under extra-binomial variation (proptrend/dispersion.h) -------
 * Each point's binomial variance times pt_disp_factor(d, n_i); d NULL or
 * binomial: exactly the plain functions' results.  Otherwise the tests are
 * quasi-likelihood ones (McCullagh & Nelder 1989, 9.2; Williams 1982):
 * Cochran-Armitage as the score test with weights n_i / f_i,
 *   z = sum w_i (p_i - pw)(s_i - sw) / sqrt(pw (1 - pw) sum w_i (s_i - sw)^2),
 *   pw, sw the w-weighted means of p and s (f constant: z_CA / sqrt(phi),
 *   the quasi-binomial Cochran-Armitage test);
 * the logistic slope fitted with prior weights 1 / f_i, its SE from the
 * weighted information, Wald t on d->df (= R's glm(..., quasibinomial)
 * with the dispersion fixed at the pooled phi and df).  Separated data
 * (pt_logit_separated): PT_EUNDEF, "not estimable". */
typedef struct pt_trend_test {
  double stat;         /* z (binomial) or t (estimated dispersion) */
  double df;           /* INFINITY when normal */
  double p;            /* two-sided */
  double slope, se;    /* logistic only: log-odds per unit of score */
  double odds_ratio, or_lower, or_upper;   /* logistic only: exp(slope), Wald limits */
} pt_trend_test;

int pt_trend_ca_disp(size_t k, const uint64_t *x, const uint64_t *n, const double *s, const pt_dispersion *d,
                     pt_trend_test *out);
int pt_trend_logistic_disp(size_t k, const uint64_t *x, const uint64_t *n, const double *s,
                           const pt_dispersion *d, double level, pt_trend_test *out);

/* k-sample chi-square test of equal proportions (k - 1 df). */
/* ---- joinpoint regression (src/lib/joinpoint.c) ----------------------------
 * Piecewise log-linear model of ln p on the period with joinpoints at
 * observed periods, grid search (Lerman 1980), the NCI Joinpoint program's
 * constraints (PT_JP_MIN_END observations between an end and the nearest
 * joinpoint, PT_JP_MIN_BETWEEN between joinpoints, joinpoints excluded: k
 * joinpoints need 3k + 2 periods).
 *
 * Weights (pt_jp_weights): PT_JP_WEIGHTS_SE (the default for counts) fits
 * by weighted least squares with w = n p/(1 - p), the inverse delta-method
 * variance of ln p-hat (Joinpoint's "standard error" heteroscedastic
 * option); every SSE below is then the weighted SSE, and the tests, the
 * criteria and the intervals use the weighted fit (residual variance
 * estimated as in R's lm with weights).  A count of 0 gets 0.5 added, as
 * Joinpoint does for zero counts; a count equal to its total gets 0.5 taken
 * off (the units not meeting the standard are then 0: a zero standard
 * error, which Joinpoint refuses); both are listed in the result
 * (nadjusted, adjusted[]).  PT_JP_WEIGHTS_NONE is ordinary least squares, as
 * before this option existed (a count of 0 is then PT_EUNDEF).
 *
 * Selection (pt_jp_select), the criterion's value kept for every k:
 *   WBIC (the default; Joinpoint 4.7+, Kim et al. 2023, J Appl Stat
 *     50:1992): ln(SSE_k/n) + ((2 + R2max_k) k + 2) ln(n)/n, R2max_k the
 *     largest partial R^2 of a joinpoint term (x - tau_i)+ against the
 *     straight line fitted to the observations after tau_{i-1} up to and
 *     including tau_{i+1} (the ends for i = 1, k), in the weighted metric
 *     (with the jump's or the second series' level term when the model has
 *     one);
 *     WBIC(0) = BIC(0);
 *   BIC: ln(SSE_k/n) + (2k + 2) ln(n)/n;  BIC3: ln(SSE_k/n) + (3k + 2) ln(n)/n
 *     (Joinpoint's harsher penalty);
 *   permutation: the sequential tests of Kim et al. (2000), Stat Med 19:335,
 *     each at alpha / (MAX - ka), SSE(ka)/SSE(kb) with the null model's
 *     (weighted) residuals permuted.
 * With a jump (or the pair's second intercept) every penalty counts one
 * parameter more.
 *
 * Jump (comparability-ratio) model, opts.jump: a level shift g 1{t >= J}
 * added to every model (slope continuous across J), the joinpoints searched
 * with it; jump_ratio = e^g with a t interval; the segment APCs and the AAPC
 * are those of the trend with the jump removed.
 *
 * Inference for the selected model treats the joinpoints as known, with the
 * Joinpoint program's degrees of freedom n - (2k + 2) (minus 1 with a jump):
 * segment APCs and the whole-range AAPC (Clegg et al. 2009, Stat Med
 * 28:3670) with t intervals.
 *
 * Pairwise comparison (pt_trend_joinpoint_pair) of two series observed at
 * the same periods, Kim, Fay, Yu, Barrett & Feuer (2004), Biometrics
 * 60:1005: both hypotheses fitted with K joinpoints, K = max(k_a, k_b,
 * k_parallel) (each series' selected number and the one selected for the
 * pair under parallelism: Joinpoint's documented choice).  Coincidence H0: one curve (same
 * joinpoints, intercept and slopes); parallelism H0: same joinpoints and
 * slopes, own intercepts; H1: each series its own K-joinpoint fit.
 * Statistic F = ((SSE0 - SSE1)/q) / (SSE1/(N - 2(2K + 2))), q = 2K + 2
 * (coincidence) or 2K + 1 (parallelism), N = 2n; p-value by permutation:
 * the H0 fit plus its pooled (weighted) residuals permuted, both hypotheses
 * refitted, p = (1 + #{F* >= F}) / (1 + permutations) (the F form and the
 * residual permutation are our reading of the paper; Joinpoint does not
 * document its statistic).  The AAPC
 * difference a - b with a normal interval from the delta-method variances
 * (100 e^B)^2 var(B) of the two independent fits.
 *
 * Ownership: results are plain structs the caller provides; nothing is
 * allocated for the caller and nothing is kept between calls.  The
 * permutation tests refuse work beyond PT_JP_MAX_WORK (PT_EDOM). */
#define PT_JP_MAX 5
#define PT_JP_MIN_END 2
#define PT_JP_MIN_BETWEEN 2
#define PT_JP_MAX_PLACEMENTS 200000   /* more placements of k joinpoints: PT_EDOM */
#define PT_JP_MAX_ADJUSTED 16         /* periods listed in pt_jp_result.adjusted */
/* Permutation selection refits every placement of both models of each test
 * for each permuted data set; beyond this many multiply-adds (about a
 * minute) it is refused with PT_EDOM: use BIC, fewer permutations or a
 * smaller MAX. */
#define PT_JP_MAX_WORK 3e10

typedef enum pt_jp_select {
  PT_JP_SELECT_WBIC = 0,       /* the default */
  PT_JP_SELECT_BIC,
  PT_JP_SELECT_BIC3,
  PT_JP_SELECT_PERMUTATION
} pt_jp_select;

typedef enum pt_jp_weights {
  PT_JP_WEIGHTS_SE = 0,        /* n p / (1 - p), the default */
  PT_JP_WEIGHTS_NONE           /* ordinary least squares */
} pt_jp_weights;

typedef struct pt_jp_opts {
  int max_joinpoints;          /* MAX, 1..PT_JP_MAX (default 1) */
  pt_jp_select select;         /* default PT_JP_SELECT_WBIC */
  pt_jp_weights weights;       /* pt_trend_joinpoint only (default SE) */
  /* Legacy switch of callers written before `select`: -1 (the default) uses
   * `select`; 1 BIC; 0 the permutation tests.  To be removed. */
  int select_bic;
  unsigned long permutations;  /* per test (default 4499) */
  uint64_t seed;               /* of the permutations (default 1) */
  double alpha;                /* overall level of the tests (0.05) */
  double level;                /* of the intervals (0.95) */
  int jump;                    /* nonzero: a level shift from period jump_at on */
  double jump_at;              /* t[0] < jump_at <= t[n-1] */
} pt_jp_opts;

typedef struct pt_jp_segment {
  double from, to;             /* the periods at its ends */
  double slope, se;            /* of ln p per period */
  double apc, apc_lower, apc_upper;
} pt_jp_segment;

typedef struct pt_jp_test {
  int k0, k1;                  /* H0: k0 joinpoints; H1: k1 */
  double ratio;                /* SSE(k0) / SSE(k1) */
  double p;                    /* (1 + #{ratio* >= ratio}) / (1 + permutations) */
  double alpha;                /* the level it was tested at */
  int rejected;
} pt_jp_test;

typedef struct pt_jp_result {
  int k;                                  /* joinpoints selected */
  double joinpoints[PT_JP_MAX];           /* their periods */
  int nseg;                               /* k + 1 */
  pt_jp_segment seg[PT_JP_MAX + 1];
  double aapc, aapc_lower, aapc_upper;    /* over the whole range */
  double aapc_slope, aapc_se;             /* B and its standard error */
  int df;                                 /* n - (2k + 2) [- 1]; intervals NaN when <= 0 */
  pt_jp_select select;                    /* the method used */
  int weighted;                           /* 1: weighted least squares */
  int max_joinpoints;                     /* MAX */
  size_t n;                               /* observations */
  double sse[PT_JP_MAX + 1];              /* best (weighted) SSE with 0..MAX joinpoints */
  double bic[PT_JP_MAX + 1];
  double bic3[PT_JP_MAX + 1];
  double wbic[PT_JP_MAX + 1];
  double wbic_weight[PT_JP_MAX + 1];      /* R2max_k; NaN for k = 0 */
  double criterion[PT_JP_MAX + 1];        /* the selecting one's values; NaN for permutation */
  double at[PT_JP_MAX + 1][PT_JP_MAX];    /* the best placement for each k */
  pt_jp_test tests[PT_JP_MAX];
  int ntests;
  /* the fitted model: ln p(t) = coef[0] + coef[1] (t - tbar)
   *   + sum_j coef[2 + j] (t - joinpoints[j])+ [+ coef[2 + k] 1{t >= jump_at}] */
  double coef[PT_JP_MAX + 3];
  double tbar;
  /* counts of 0 or equal to their total, changed by 0.5 (weights SE) */
  int nadjusted;                          /* how many (may exceed PT_JP_MAX_ADJUSTED) */
  double adjusted[PT_JP_MAX_ADJUSTED];    /* their periods, the first ones */
  /* the jump model */
  int has_jump;
  double jump_at;
  double jump_coef, jump_se;              /* g and its standard error */
  double jump_ratio, jump_lower, jump_upper;   /* e^g with its interval */
} pt_jp_result;

void pt_jp_opts_init(pt_jp_opts *o);
/* Periods that k joinpoints need: 3k + 2. */
int pt_jp_min_periods(int k);
/* "wbic", "bic", "bic3", "permutation"; NULL for other values. */
const char *pt_jp_select_name(pt_jp_select s);
/* Parse those names: 0, or PT_EDOM. */
int pt_jp_select_parse(const char *name, pt_jp_select *out);
/* "se", "none"; and their parser. */
const char *pt_jp_weights_name(pt_jp_weights w);
int pt_jp_weights_parse(const char *name, pt_jp_weights *out);
/* The fitted ln p of the selected model at period t (jump included). */
double pt_jp_fitted(const pt_jp_result *r, double t);

/* Joinpoint model of ln(x/n) on periods s (increasing), weighted as
 * o->weights says.  PT_ESHORT when k < pt_jp_min_periods(MAX); PT_EUNDEF
 * when a count is 0 without weights, or every count is 0 (or every count
 * equals its total); PT_EDOM (also: too many placements, see
 * PT_JP_MAX_WORK, or a jump_at outside the periods), PT_ENOMEM. */
int pt_trend_joinpoint(size_t k, const uint64_t *x, const uint64_t *n, const double *s, const pt_jp_opts *o,
                       pt_jp_result *r);
/* The same for any series y (e.g. log rates computed elsewhere), unweighted. */
int pt_trend_joinpoint_y(size_t n, const double *t, const double *y, const pt_jp_opts *o, pt_jp_result *r);
/* And with weights w (> 0, finite; NULL: unweighted). */
int pt_trend_joinpoint_wy(size_t n, const double *t, const double *y, const double *w, const pt_jp_opts *o,
                          pt_jp_result *r);
/* The permutation statistic SSE(k0)/SSE(k1) of y (perm NULL) or of the data
 * set that perm makes: the best k0 fit's values plus its residuals r[perm[i]].
 * Unweighted.  For checking against an independent implementation; n <= 64,
 * and perm must be a permutation of 0..n-1 (else PT_EDOM). */
int pt_trend_joinpoint_ratio(size_t n, const double *t, const double *y, int k0, int k1, const size_t *perm,
                             double *ratio);

typedef struct pt_jp_pair {
  pt_jp_result a, b;           /* each series fitted alone (o's selection) */
  int k_parallel;              /* selected for the pair under parallelism */
  int K;                       /* max(a.k, b.k, k_parallel): both tests use it */
  double sse_coincident, sse_parallel, sse_separate;   /* at K, (weighted) */
  double coincident_stat, coincident_p;
  double parallel_stat, parallel_p;
  int coincident_df1, parallel_df1, df2;               /* the F statistics' df */
  double aapc_diff, aapc_diff_lower, aapc_diff_upper;  /* a.aapc - b.aapc, percentage points */
  double aapc_diff_p;          /* two-sided normal test of no difference */
} pt_jp_pair;

/* Compare two series of counts observed at the same periods s (PT_EDOM
 * otherwise, with o->jump, or beyond PT_JP_MAX_WORK).  Weighted as o->weights says; the tests use
 * o->permutations and o->seed. */
int pt_trend_joinpoint_pair(size_t k, const double *s, const uint64_t *xa, const uint64_t *na,
                            const uint64_t *xb, const uint64_t *nb, const pt_jp_opts *o, pt_jp_pair *out);
/* The same for two series ya, yb with weights wa, wb (both NULL: unweighted). */
int pt_trend_joinpoint_pair_wy(size_t n, const double *t, const double *ya, const double *wa, const double *yb,
                               const double *wb, const pt_jp_opts *o, pt_jp_pair *out);
/* The pairwise statistics alone at a given K, for checking against an
 * independent implementation: F of coincidence and of parallelism, of the
 * data (perm NULL) or of the data sets perm makes (each H0's fitted values
 * plus its stacked residuals r[perm[i]], a's rows first; 2n <= 128 and perm
 * a permutation of 0..2n-1, else PT_EDOM). */
int pt_trend_joinpoint_pair_stats(size_t n, const double *t, const double *ya, const double *wa, const double *yb,
                                  const double *wb, int K, const size_t *perm, double *coincident_stat,
                                  double *parallel_stat);

int pt_homogeneity(size_t k, const uint64_t *x, const uint64_t *n, double *chisq, double *p);

#ifdef __cplusplus
}
#endif
#endif
