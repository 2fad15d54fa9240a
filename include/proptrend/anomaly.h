/* proptrend/anomaly.h - flagging unusual proportions in short yearly series
 * and in cross-sections, without crying wolf.
 *
 * Methods (each fills one pt_anom_point per input point):
 *   loo     each period against the pooled proportion of the *other*
 *           periods (two-proportion z test; Fisher's exact test when an
 *           expected cell is below 5); the most extreme flagged period is
 *           then set aside and the rest re-tested, until no period is
 *           flagged, so one drop does not make the other years look high
 *   pchart  Shewhart p-chart (Montgomery 2009): pooled centre line, limits
 *           p +- sigma * sqrt(p(1-p)/n_i); or exact binomial tail limits
 *   funnel  a cross-section against a target (pooled, or given): exact
 *           binomial 95% and 99.8% limits with Spiegelhalter's (2005)
 *           interpolation; optional additive overdispersion tau^2
 *           (DerSimonian-Laird on z-scores winsorised at 10%, as FunnelPlotR)
 *           when there are at least PT_FUNNEL_MIN_OD units
 *   twoway  binomial GLM logit(p) = group + period over a group x period
 *           table; cells flagged by standardised Pearson residual
 *           (x - n mu) / sqrt(n mu (1 - mu)(1 - h)); Pearson chi^2 / df
 *           estimates extra-binomial dispersion
 * Severity: warning beyond the 95% limit (|z| > 1.96), alarm beyond 99.8%
 * (|z| > 3.09).  The difference from the expected proportion carries a 95%
 * (level) interval: Newcombe's for loo, the Wilson interval of the point
 * less the expected value otherwise.
 *
 * Domain: at least 3 points (loo: 3 periods; funnel: 2 units; twoway: 2
 * groups x 3 periods), n_i >= 1, x_i <= n_i <= 2^53; loo returns
 * PT_EOVERFLOW when the pooled total would exceed 2^53.
 *
 * Ownership: every result is written into the caller's out[] (one point per
 * input point) and scalars; scratch is allocated and freed inside (O(k),
 * the two-way fit O(cells x parameters)); nothing printed; GSL's aborting
 * handler off.
 *
 * References for the dispersion-aware functions below: Williams (1982),
 * Appl Stat 31:144; Laney (2002), Qual Eng 14:531; Spiegelhalter (2005),
 * Stat Med 24:1185; DerSimonian & Laird (1986), Control Clin Trials 7:177;
 * McCullagh & Nelder (1989), Generalized Linear Models, 2nd ed., 4.5.
 */
#ifndef PROPTREND_ANOMALY_H
#define PROPTREND_ANOMALY_H

#include <stddef.h>
#include <stdint.h>

#include "proptrend/dispersion.h"

#ifdef __cplusplus
extern "C" {
#endif

#define PT_Z_WARNING 1.959963984540054   /* 95% two-sided */
#define PT_Z_ALARM 3.090232306167813     /* 99.8% two-sided */
#define PT_FUNNEL_MIN_OD 10              /* units needed to estimate tau^2 */

typedef enum pt_anom_severity { PT_ANOM_NONE = 0, PT_ANOM_WARNING, PT_ANOM_ALARM } pt_anom_severity;

typedef struct pt_anom_point {
  double p;             /* x / n */
  double expected;      /* the proportion it is compared with */
  double diff, diff_lower, diff_upper;   /* p - expected, with interval */
  double z;
  double p_value;
  int direction;        /* -1 drop, +1 rise, 0 none */
  pt_anom_severity severity;
  int exact;            /* the p-value is exact (Fisher / binomial) */
  double limit95_lo, limit95_hi, limit998_lo, limit998_hi;   /* pchart, funnel */
  /* loo: 1 + the index of the point whose test is this one's mirror (0:
   * none).  When two periods remain (e.g. three periods, one set aside)
   * each is tested against the other: their two flags are one comparison. */
  size_t mirror_of;
} pt_anom_point;

int pt_anom_loo(size_t k, const uint64_t *x, const uint64_t *n, double level, pt_anom_point *out);
int pt_anom_pchart(size_t k, const uint64_t *x, const uint64_t *n, double sigma, int exact,
                   double level, pt_anom_point *out);
/* target: NaN for the pooled proportion.  od != 0: estimate tau^2 (*tau2
 * receives it; PT_EDOM when k < PT_FUNNEL_MIN_OD). */
int pt_anom_funnel(size_t k, const uint64_t *x, const uint64_t *n, double target, int od,
                   double level, pt_anom_point *out, double *tau2);
/* x, n: ng x np cells, row-major by group; a cell with n = 0 is missing
 * (left out of the fit, its point has NaN fields). *dispersion = Pearson
 * chi^2 / residual df. */
int pt_anom_twoway(size_t ng, size_t np, const uint64_t *x, const uint64_t *n, double level,
                   pt_anom_point *out, double *dispersion);

/* ---- allowing for extra-binomial variation (proptrend/dispersion.h) -------
 * Each point's binomial variance times f_i = pt_disp_factor(d, n_i), with
 * d pooled over comparable series (pt_disp_estimate, e.g. every group of
 * one stage).  Estimated dispersion: statistics referred to Student's t on
 * d->df (warning beyond t(0.975), alarm beyond t(0.999)); d NULL or
 * binomial (phi <= 1): exactly the plain functions' results.
 *
 *   loo_disp     each period against the prediction from the others still
 *                active: e = sum w_j p_j / W, w_j = n_j / f_j, with the
 *                predictive variance e (1 - e)(f_i / n_i + 1 / W);
 *                limit95/998 are the predictive interval, diff's interval
 *                is Wald, sqrt(p_i (1-p_i) f_i/n_i + e (1-e) / W); the
 *                worst flagged period set aside and the rest re-tested
 *   pchart_disp  centre sum w_i p_i / W, limits pb +- q sqrt(f_i pb(1-pb)/n_i);
 *                (pchart_disp, laney, twoway_quasi) the difference's
 *                interval is diff -+ q sqrt(f_i p_i (1 - p_i) / n_i) (f_i:
 *                the factor, sigma_z^2, or phi) instead of Wilson's
 *   laney        Laney's p' chart (Laney 2002, Qual Eng 14:531): z_i =
 *                (p_i - pb)/sqrt(pb(1-pb)/n_i), sigma_z = mean moving range
 *                of z / d2 (d2 = 2/sqrt(pi) = 1.128), limits pb +- sigma
 *                sigma_z sqrt(pb(1-pb)/n_i) (normal quantiles); sigma_z from
 *                pt_anom_laney_sigma pooled over series (moving ranges only
 *                within a series), NaN: from this series; sigma_z <= 1 is
 *                taken as 1 (the plain p-chart)
 *   funnel_auto  the rule: with at least PT_FUNNEL_MIN_OD units, the
 *                additive between-unit variance of Spiegelhalter (2005),
 *                tau^2 by DerSimonian-Laird on the unwinsorised z-scores
 *                (= metafor::rma(p, t(1-t)/n, method = "DL"); winsorising
 *                20 units at 10% underestimates tau^2 by ~40%, and the
 *                funnel then alarms on 30% of null cross-sections), limits
 *                t +- q sqrt(t(1-t)/n_i + tau^2) with q from Student's t
 *                on k - 1 df; with fewer units, or tau^2 = 0, the exact
 *                binomial funnel (pt_anom_funnel, od 0); *used_od says which
 *   twoway_quasi the two-way GLM, quasi-binomial: phi = Pearson chi^2 / df
 *                (taken as 1 when <= 1); standardised residuals / sqrt(phi),
 *                t on the residual df (= R's glm(..., quasibinomial) with
 *                rstandard(type = "pearson"))
 *   twoway_rows  the two-way GLM from rows (group name, period, x, n), any
 *                number of groups and periods; out[] in row order; a cell
 *                given twice or n = 0: PT_EDOM */
int pt_anom_loo_disp(size_t k, const uint64_t *x, const uint64_t *n, const pt_dispersion *d, double level,
                     pt_anom_point *out);
int pt_anom_pchart_disp(size_t k, const uint64_t *x, const uint64_t *n, double sigma, const pt_dispersion *d,
                        double level, pt_anom_point *out);
/* Pooled sigma_z of Laney's chart over nseries series (lengths len, data
 * concatenated); *nranges moving ranges used.  PT_EUNDEF when none. */
int pt_anom_laney_sigma(size_t nseries, const size_t *len, const uint64_t *x, const uint64_t *n, double *sigma_z,
                        size_t *nranges);
int pt_anom_laney(size_t k, const uint64_t *x, const uint64_t *n, double sigma, double sigma_z, double level,
                  pt_anom_point *out, double *sigma_z_used);
int pt_anom_funnel_auto(size_t k, const uint64_t *x, const uint64_t *n, double target, double level,
                        pt_anom_point *out, double *tau2, int *used_od);
/* The funnel's limits at a total n around the target t (lim->limit95_lo ...
 * set, nothing else): tau2 = 0 the exact binomial funnel, else t +- q
 * sqrt(t(1-t)/n + tau2) with q from Student's t on k - 1 df (k: the units
 * tau2 was estimated from; pt_anom_funnel_auto) or, k = 0, the normal
 * quantiles PT_Z_WARNING and PT_Z_ALARM (pt_anom_funnel with od).  For
 * drawing the curves the points were judged by.  PT_EDOM unless 0 < t < 1,
 * n >= 1, tau2 >= 0 and k != 1. */
int pt_anom_funnel_limits(double t, double n, double tau2, size_t k, pt_anom_point *lim);
/* *dispersion: Pearson chi^2 / df before truncation; *df the residual df. */
int pt_anom_twoway_quasi(size_t ng, size_t np, const uint64_t *x, const uint64_t *n, double level,
                         pt_anom_point *out, double *dispersion, double *df);
int pt_anom_twoway_rows(size_t m, const char *const *group, const long *period, const uint64_t *x,
                        const uint64_t *n, int quasi, double level, pt_anom_point *out, size_t *ngroups,
                        size_t *nperiods, double *dispersion, double *df);

/* Severity of a z-score / of a two-sided p-value. */
pt_anom_severity pt_anom_severity_of_z(double z);
pt_anom_severity pt_anom_severity_of_p(double p);

#ifdef __cplusplus
}
#endif
#endif
