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
 * joinpoints need 3k + 2 periods), selection by the sequential permutation
 * tests of Kim et al. (2000), Stat Med 19:335, each at alpha / (MAX - ka),
 * or by BIC; segment APCs and the whole-range AAPC (Clegg et al. 2009) with
 * t intervals on n - (2k + 2) df, the joinpoints taken as known.  Results
 * are plain structs; nothing is allocated for the caller. */
#define PT_JP_MAX 5
#define PT_JP_MIN_END 2
#define PT_JP_MIN_BETWEEN 2
#define PT_JP_MAX_PLACEMENTS 200000   /* more placements of k joinpoints: PT_EDOM */
/* Permutation selection refits every placement of both models of each test
 * for each permuted data set; beyond this many multiply-adds (about a
 * minute) it is refused with PT_EDOM: use BIC, fewer permutations or a
 * smaller MAX. */
#define PT_JP_MAX_WORK 3e10

typedef struct pt_jp_opts {
  int max_joinpoints;          /* MAX, 1..PT_JP_MAX (default 1) */
  int select_bic;              /* 0: permutation tests (default); 1: BIC */
  unsigned long permutations;  /* per test (default 4499) */
  uint64_t seed;               /* of the permutations (default 1) */
  double alpha;                /* overall level of the tests (0.05) */
  double level;                /* of the intervals (0.95) */
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
  int df;                                 /* n - (2k + 2); intervals NaN when <= 0 */
  double sse[PT_JP_MAX + 1];              /* best SSE with 0..MAX joinpoints */
  double bic[PT_JP_MAX + 1];
  double at[PT_JP_MAX + 1][PT_JP_MAX];    /* the best placement for each k */
  pt_jp_test tests[PT_JP_MAX];
  int ntests;
} pt_jp_result;

void pt_jp_opts_init(pt_jp_opts *o);
/* Periods that k joinpoints need: 3k + 2. */
int pt_jp_min_periods(int k);
/* Joinpoint model of ln(x/n) on periods s (increasing).  PT_ESHORT when k
 * < pt_jp_min_periods(MAX), PT_EUNDEF when a count is 0, PT_EDOM (also: too
 * many placements, see PT_JP_MAX_WORK), PT_ENOMEM. */
int pt_trend_joinpoint(size_t k, const uint64_t *x, const uint64_t *n, const double *s, const pt_jp_opts *o,
                       pt_jp_result *r);
/* The same for any series y (e.g. log rates computed elsewhere). */
int pt_trend_joinpoint_y(size_t n, const double *t, const double *y, const pt_jp_opts *o, pt_jp_result *r);
/* The permutation statistic SSE(k0)/SSE(k1) of y (perm NULL) or of the data
 * set that perm makes: the best k0 fit's values plus its residuals r[perm[i]].
 * For checking against an independent implementation; n <= 64, and perm
 * must be a permutation of 0..n-1 (else PT_EDOM). */
int pt_trend_joinpoint_ratio(size_t n, const double *t, const double *y, int k0, int k1, const size_t *perm,
                             double *ratio);

int pt_homogeneity(size_t k, const uint64_t *x, const uint64_t *n, double *chisq, double *p);

#ifdef __cplusplus
}
#endif
#endif
