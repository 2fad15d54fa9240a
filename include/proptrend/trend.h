/* proptrend/trend.h - trend in a series of proportions x[i]/n[i] observed at
 * scores s[i] (the periods, or their ranks).
 *
 * Domain for every function: k >= 3 points (2 for the homogeneity test),
 * n[i] >= 1, x[i] <= n[i] <= 2^53, finite scores not all equal, 0 < level < 1.
 * PT_EDOM otherwise; PT_EUNDEF when the statistic does not exist for these
 * data (every unit or none met the standard: no trend test; a zero rate:
 * no log-linear APC); PT_ENOCONV if a fit fails.  No allocation beyond
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
 *     2000); weighted: w = n p / (1 - p), the inverse of the delta-method
 *     variance of ln(p-hat), residual variance estimated as in R's lm
 *   homogeneity: Pearson chi-square for k proportions, = R's prop.test(x, n)
 */
#ifndef PROPTREND_TREND_H
#define PROPTREND_TREND_H

#include <stddef.h>
#include <stdint.h>

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

/* k-sample chi-square test of equal proportions (k - 1 df). */
int pt_homogeneity(size_t k, const uint64_t *x, const uint64_t *n, double *chisq, double *p);

#ifdef __cplusplus
}
#endif
#endif
