/* proptrend/dispersion.h - extra-binomial variation pooled across comparable
 * series, and the variance factor it puts on each point.
 *
 * Real yearly classification counts vary from year to year far more than
 * binomial sampling allows (the bundled dataset: Pearson dispersion 11-14).
 * Five points cannot estimate that variation, so it is pooled over several
 * comparable series (e.g. every group of one stage), given as one
 * concatenated array x[], n[] (and scores s[]) with the series' lengths.
 *
 * Models of each series' expected proportion (pt_disp_model):
 *   MEAN   each series its own constant proportion (residual df k_s - 1)
 *   TREND  each series its own logistic trend in the scores (df k_s - 2)
 * Estimators (pt_disp_method):
 *   QUASI     quasi-binomial (Wedderburn 1974; McCullagh & Nelder 1989,
 *             4.5): Var(x_i) = phi n_i mu_i (1 - mu_i), phi = Pearson
 *             chi^2 / residual df of the pooled fit, = R's
 *             glm(cbind(x, n - x) ~ 0 + series [+ series:s], quasibinomial)
 *   WILLIAMS  Williams (1982), Appl Stat 31:144, model II (the beta-
 *             binomial variance): Var(x_i) = n_i mu_i (1 - mu_i)
 *             (1 + rho (n_i - 1)), rho solved so that the Pearson chi^2 of
 *             the fit weighted by 1 / (1 + rho (n_i - 1)) equals its df
 *             (the fit re-done at each rho); dispersion grows with n, as
 *             when each year's true rate varies around the series' level
 *   BINOMIAL  no extra variation (phi = 1)
 * An estimate at or below binomial (chi^2 <= df) is taken as binomial:
 * phi = 1, rho = 0, and every dispersion-aware function then returns
 * exactly the binomial results of the plain functions.  Series in which
 * every unit or none met the standard carry no information on the
 * dispersion and are left out (they count neither in nseries nor in df).
 *
 * Tests that use an estimated dispersion refer their statistic to
 * Student's t on the dispersion's df (as R's summary.glm does for the
 * quasi families); binomial tests stay normal.
 *
 * Typical use (one stage of a table; len[j] = periods of group j, the
 * groups' x, n, s one after another):
 *   pt_dispersion d;
 *   pt_disp_estimate(ng, len, x, n, s, PT_DISP_WILLIAMS, PT_DISP_MODEL_MEAN, &d);
 *   for each group j: pt_anom_loo_disp(len[j], x + off[j], n + off[j], &d, level, out + off[j]);
 *   pt_disp_estimate(ng, len, x, n, s, PT_DISP_WILLIAMS, PT_DISP_MODEL_TREND, &dt);
 *   for each group j: pt_trend_ca_disp(len[j], x + off[j], n + off[j], s + off[j], &dt, &test);
 * PT_EUNDEF from pt_disp_estimate leaves d binomial and usable ("too few
 * points to estimate the dispersion").
 *
 * Ownership: results are plain structs written into the caller's storage;
 * only O(points) scratch is allocated and freed inside.  Nothing printed;
 * GSL's aborting handler off.
 */
#ifndef PROPTREND_DISPERSION_H
#define PROPTREND_DISPERSION_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum pt_disp_method { PT_DISP_BINOMIAL = 0, PT_DISP_QUASI, PT_DISP_WILLIAMS } pt_disp_method;
typedef enum pt_disp_model { PT_DISP_MODEL_MEAN = 0, PT_DISP_MODEL_TREND } pt_disp_model;

typedef struct pt_dispersion {
  pt_disp_method method;  /* as used: BINOMIAL when the estimate was <= binomial */
  pt_disp_method asked;   /* as requested */
  pt_disp_model model;
  double phi;       /* variance factor: QUASI phi (>= 1); WILLIAMS 1 + rho (nbar - 1) at the mean n */
  double phi_raw;   /* Pearson chi^2 / df of the unweighted (binomial) fit, before truncation at 1 */
  double rho;       /* WILLIAMS: intra-class correlation (0 otherwise) */
  double df;        /* residual df it was estimated on (INFINITY from pt_disp_binomial) */
  double nbar;      /* mean n of the points that contributed */
  size_t nseries;   /* series that contributed */
  size_t npoints;   /* points that contributed */
} pt_dispersion;

/* phi = 1: the binomial model (what the plain functions assume). */
void pt_disp_binomial(pt_dispersion *d);

/* Pool the dispersion over nseries series of len[j] points each, stored one
 * after another in x, n (and s: scores, needed for MODEL_TREND; NULL for
 * MODEL_MEAN).  PT_EDOM for bad arguments (n = 0, x > n, a TREND series
 * whose scores are all equal); PT_EUNDEF when no series leaves a residual
 * df (the struct is then binomial); PT_ENOCONV if a fit fails; PT_ENOMEM. */
int pt_disp_estimate(size_t nseries, const size_t *len, const uint64_t *x, const uint64_t *n, const double *s,
                     pt_disp_method method, pt_disp_model model, pt_dispersion *d);

/* The factor on the binomial variance of a point of n units: 1, phi, or
 * 1 + rho (n - 1).  d NULL: 1. */
double pt_disp_factor(const pt_dispersion *d, double n);

/* Nonzero when d makes no difference (NULL, binomial, phi = 1, rho = 0). */
int pt_disp_is_binomial(const pt_dispersion *d);

/* The two-sided quantile for a test on d: t on d->df, or normal when d is
 * binomial; p = 1 - tail probability, e.g. 0.975. */
double pt_disp_quantile(const pt_dispersion *d, double p);
/* Two-sided p-value of a statistic z on d (t on df, or normal). */
double pt_disp_pvalue(const pt_dispersion *d, double z);

#ifdef __cplusplus
}
#endif
#endif
