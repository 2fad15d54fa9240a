/* anomaly.c - anomaly flags for series and cross-sections
 * (see proptrend/anomaly.h). */
#include <config.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_multifit.h>
#include <gsl/gsl_vector.h>

#include "internal.h"
#include "proptrend/anomaly.h"
#include "proptrend/ci.h"
#include "proptrend/compare.h"
#include "proptrend/dispersion.h"
#include "proptrend/dist.h"
#include "proptrend/error.h"
#include "proptrend/num.h"

pt_anom_severity pt_anom_severity_of_z(double z)
{
  double a = fabs(z);
  if (!(a == a)) return PT_ANOM_NONE;
  return a > PT_Z_ALARM ? PT_ANOM_ALARM : a > PT_Z_WARNING ? PT_ANOM_WARNING : PT_ANOM_NONE;
}

pt_anom_severity pt_anom_severity_of_p(double p)
{
  if (!(p == p)) return PT_ANOM_NONE;
  return p < 0.002 ? PT_ANOM_ALARM : p < 0.05 ? PT_ANOM_WARNING : PT_ANOM_NONE;
}

static int domain(size_t k, size_t kmin, const uint64_t *x, const uint64_t *n, int allow_zero_n)
{
  if (k < kmin || !x || !n) return PT_EDOM;
  for (size_t i = 0; i < k; i++) {
    if ((n[i] == 0 && !allow_zero_n) || x[i] > n[i] || n[i] > PT_COUNT_MAX) return PT_EDOM;
  }
  pt_gsl_quiet();
  return PT_SUCCESS;
}

static void blank(pt_anom_point *q, uint64_t x, uint64_t n)
{
  memset(q, 0, sizeof *q);
  q->p = n ? (double)x / (double)n : NAN;
  q->expected = q->diff = q->diff_lower = q->diff_upper = q->z = q->p_value = NAN;
  q->limit95_lo = q->limit95_hi = q->limit998_lo = q->limit998_hi = NAN;
}

/* Wilson interval of x/n less a fixed expected value. */
static void diff_vs_fixed(pt_anom_point *q, uint64_t x, uint64_t n, double e, double level)
{
  double lo, hi;
  q->expected = e;
  q->diff = q->p - e;
  if (pt_ci_wilson(x, n, level, &lo, &hi) == PT_SUCCESS) {
    q->diff_lower = lo - e;
    q->diff_upper = hi - e;
  }
  q->direction = q->diff < 0 ? -1 : q->diff > 0 ? 1 : 0;
}

/* ---- leave-one-out -------------------------------------------------------- */

/* The two points still active test each other: mark them as one comparison. */
static void mark_mirrors(size_t k, const unsigned char *active, pt_anom_point *out)
{
  size_t a = k, b = k;
  for (size_t i = 0; i < k; i++) {
    if (!active[i]) continue;
    if (a == k) a = i; else b = i;
  }
  if (b == k) return;
  out[a].mirror_of = b + 1;
  out[b].mirror_of = a + 1;
}

/* Test x/n against the pool X/N of the other points. */
static void loo_test(pt_anom_point *q, uint64_t x, uint64_t n, uint64_t X, uint64_t N, double level)
{
  double e, lo, hi, z, p, pp;
  blank(q, x, n);
  q->expected = (double)X / (double)N;
  if (pt_diff_newcombe(x, n, X, N, level, &e, &lo, &hi) == PT_SUCCESS) {
    q->diff = e; q->diff_lower = lo; q->diff_upper = hi;
  }
  q->direction = q->diff < 0 ? -1 : q->diff > 0 ? 1 : 0;
  pp = ((double)x + (double)X) / ((double)n + (double)N);
  if (pt_test_z(x, n, X, N, &z, &p) != PT_SUCCESS) { q->z = 0.0; q->p_value = 1.0; return; }
  q->z = z;
  q->p_value = p;
  /* small expected counts: Fisher's exact test instead of the normal approximation */
  double e1 = (double)n * pp, e2 = (double)n * (1.0 - pp), e3 = (double)N * pp, e4 = (double)N * (1.0 - pp);
  if (fmin(fmin(e1, e2), fmin(e3, e4)) < 5.0 && pt_test_fisher(x, n, X, N, &p) == PT_SUCCESS) {
    q->p_value = p;
    q->exact = 1;
  }
  q->severity = q->exact ? pt_anom_severity_of_p(q->p_value) : pt_anom_severity_of_z(q->z);
}

int pt_anom_loo(size_t k, const uint64_t *x, const uint64_t *n, double level, pt_anom_point *out)
{
  int st = domain(k, 3, x, n, 0);
  if (st) return st;
  if (!(level > 0 && level < 1) || !out) return PT_EDOM;
  /* the pooled counts must stay exact (<= 2^53): checked once, on the whole */
  {
    uint64_t X = 0, N = 0;
    for (size_t i = 0; i < k; i++) {
      if (N > PT_COUNT_MAX - n[i]) return PT_EOVERFLOW;
      X += x[i];
      N += n[i];
    }
    (void)X;
  }
  unsigned char *active = malloc(k);
  if (!active) return PT_ENOMEM;
  memset(active, 1, k);
  size_t nact = k;
  while (nact >= 2) {   /* each remaining point against at least one other */
    uint64_t X = 0, N = 0;
    if (nact == 2) mark_mirrors(k, active, out);
    for (size_t i = 0; i < k; i++) if (active[i]) { X += x[i]; N += n[i]; }
    size_t worst = k;
    for (size_t i = 0; i < k; i++) {
      if (!active[i]) continue;
      size_t mirror = nact == 2 ? out[i].mirror_of : 0;   /* loo_test blanks the point */
      loo_test(&out[i], x[i], n[i], X - x[i], N - n[i], level);
      out[i].mirror_of = mirror;
      if (out[i].severity != PT_ANOM_NONE && (worst == k || out[i].p_value < out[worst].p_value ||
          (out[i].p_value == out[worst].p_value && fabs(out[i].z) > fabs(out[worst].z))))
        worst = i;
    }
    if (worst == k) break;
    active[worst] = 0;     /* set the worst aside; its result stands */
    nact--;
  }
  free(active);
  return PT_SUCCESS;
}

/* ---- p-chart --------------------------------------------------------------- */

/* Smallest r with P(X <= r) >= P for X ~ Bin(n, t). */
static double qbinom(double P, double n, double t)
{
  double lo = 0, hi = n;
  if (pt_binom_cdf(0, n, t) >= P) return 0;
  while (hi - lo > 1) {
    double mid = floor((lo + hi) / 2);
    if (pt_binom_cdf(mid, n, t) >= P) hi = mid; else lo = mid;
  }
  return hi;
}

/* Spiegelhalter (2005), Appendix A.1.1: the exact binomial limit for the
 * P-quantile of a proportion on n units, interpolated between counts. */
static double spiegel_limit(double P, double n, double t)
{
  double r = qbinom(P, n, t), F = pt_binom_cdf(r, n, t), Fm = r > 0 ? pt_binom_cdf(r - 1, n, t) : 0.0;
  double a = F > Fm ? (F - P) / (F - Fm) : 0.0;
  return (r - a) / n;
}

int pt_anom_pchart(size_t k, const uint64_t *x, const uint64_t *n, double sigma, int exact,
                   double level, pt_anom_point *out)
{
  double X = 0, N = 0, pb;
  int st = domain(k, 3, x, n, 0);
  if (st) return st;
  if (!(sigma > 0) || !(level > 0 && level < 1) || !out) return PT_EDOM;
  for (size_t i = 0; i < k; i++) { X += (double)x[i]; N += (double)n[i]; }
  pb = X / N;
  double pa = 2.0 * gsl_cdf_ugaussian_Q(sigma);   /* the alarm's two-sided tail */
  for (size_t i = 0; i < k; i++) {
    pt_anom_point *q = &out[i];
    double ni = (double)n[i], s = sqrt(pb * (1.0 - pb) / ni);
    blank(q, x[i], n[i]);
    diff_vs_fixed(q, x[i], n[i], pb, level);
    if (pb <= 0.0 || pb >= 1.0) { q->z = 0.0; q->p_value = 1.0; q->direction = 0; continue; }
    q->z = (q->p - pb) / s;
    if (exact) {
      double lo = pt_binom_cdf((double)x[i], ni, pb), up = pt_binom_sf((double)x[i], ni, pb);
      q->p_value = fmin(1.0, 2.0 * fmin(lo, up));
      q->exact = 1;
      q->limit95_lo = spiegel_limit(0.025, ni, pb);
      q->limit95_hi = spiegel_limit(0.975, ni, pb);
      q->limit998_lo = spiegel_limit(pa / 2, ni, pb);
      q->limit998_hi = spiegel_limit(1 - pa / 2, ni, pb);
      q->severity = q->p_value < pa ? PT_ANOM_ALARM : q->p_value < 0.05 ? PT_ANOM_WARNING : PT_ANOM_NONE;
    } else {
      q->p_value = 2.0 * gsl_cdf_ugaussian_Q(fabs(q->z));
      q->limit95_lo = fmax(0.0, pb - PT_Z_WARNING * s);
      q->limit95_hi = fmin(1.0, pb + PT_Z_WARNING * s);
      q->limit998_lo = fmax(0.0, pb - sigma * s);
      q->limit998_hi = fmin(1.0, pb + sigma * s);
      q->severity = fabs(q->z) > sigma ? PT_ANOM_ALARM : fabs(q->z) > PT_Z_WARNING ? PT_ANOM_WARNING : PT_ANOM_NONE;
    }
  }
  return PT_SUCCESS;
}

/* ---- funnel ------------------------------------------------------------------ */

static int cmp_double(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* R's quantile type 7 of sorted v. */
static double quantile7(const double *v, size_t m, double p)
{
  double h = (double)(m - 1) * p;
  size_t lo = (size_t)floor(h);
  if (lo + 1 >= m) return v[m - 1];
  return v[lo] + (h - (double)lo) * (v[lo + 1] - v[lo]);
}

int pt_anom_funnel(size_t k, const uint64_t *x, const uint64_t *n, double target, int od,
                   double level, pt_anom_point *out, double *tau2)
{
  double X = 0, N = 0, t, t2 = 0.0;
  int st = domain(k, 2, x, n, 0);
  if (st) return st;
  if (!(level > 0 && level < 1) || !out) return PT_EDOM;
  if (od && k < PT_FUNNEL_MIN_OD) return PT_EDOM;
  for (size_t i = 0; i < k; i++) { X += (double)x[i]; N += (double)n[i]; }
  t = isnan(target) ? X / N : target;
  if (!(t > 0.0 && t < 1.0)) return isnan(target) ? PT_EUNDEF : PT_EDOM;
  if (od) {
    /* DerSimonian-Laird additive tau^2 from z-scores winsorised at 10%/90% */
    double *z = malloc(k * sizeof *z), *zs = malloc(k * sizeof *zs), sw = 0, sw2 = 0, phi = 0;
    if (!z || !zs) { free(z); free(zs); return PT_ENOMEM; }
    for (size_t i = 0; i < k; i++) {
      double s2 = t * (1.0 - t) / (double)n[i];
      z[i] = ((double)x[i] / (double)n[i] - t) / sqrt(s2);
      zs[i] = z[i];
      sw += 1.0 / s2;
      sw2 += 1.0 / (s2 * s2);
    }
    qsort(zs, k, sizeof *zs, cmp_double);
    double q10 = quantile7(zs, k, 0.1), q90 = quantile7(zs, k, 0.9);
    for (size_t i = 0; i < k; i++) {
      double w = fmin(fmax(z[i], q10), q90);
      phi += w * w;
    }
    phi /= (double)k;
    double I = (double)k;
    if (I * phi > I - 1.0) t2 = (I * phi - (I - 1.0)) / (sw - sw2 / sw);
    free(z);
    free(zs);
  }
  if (tau2) *tau2 = t2;
  for (size_t i = 0; i < k; i++) {
    pt_anom_point *q = &out[i];
    double ni = (double)n[i], s2 = t * (1.0 - t) / ni, s = sqrt(s2 + t2);
    blank(q, x[i], n[i]);
    diff_vs_fixed(q, x[i], n[i], t, level);
    q->z = (q->p - t) / s;
    if (od) {
      q->p_value = 2.0 * gsl_cdf_ugaussian_Q(fabs(q->z));
      q->limit95_lo = t - PT_Z_WARNING * s; q->limit95_hi = t + PT_Z_WARNING * s;   /* as pt_anom_funnel_limits, k 0 */
      q->limit998_lo = t - PT_Z_ALARM * s; q->limit998_hi = t + PT_Z_ALARM * s;
    } else {
      double lo = pt_binom_cdf((double)x[i], ni, t), up = pt_binom_sf((double)x[i], ni, t);
      q->p_value = fmin(1.0, 2.0 * fmin(lo, up));
      q->exact = 1;
      q->limit95_lo = spiegel_limit(0.025, ni, t);
      q->limit95_hi = spiegel_limit(0.975, ni, t);
      q->limit998_lo = spiegel_limit(0.001, ni, t);
      q->limit998_hi = spiegel_limit(0.999, ni, t);
    }
    /* flagged by where the point falls against the limits */
    if (q->p < q->limit998_lo || q->p > q->limit998_hi) q->severity = PT_ANOM_ALARM;
    else if (q->p < q->limit95_lo || q->p > q->limit95_hi) q->severity = PT_ANOM_WARNING;
  }
  return PT_SUCCESS;
}

/* ---- two-way GLM --------------------------------------------------------------- */

static double expit(double e) { return e >= 0 ? 1.0 / (1.0 + exp(-e)) : exp(e) / (1.0 + exp(e)); }

static int twoway_fit(size_t ng, size_t np, const uint64_t *x, const uint64_t *n, double level,
                      pt_anom_point *out, double *dispersion, size_t *rdf)
{
  size_t m = ng * np;
  int st = domain(m, 6, x, n, 1);
  if (st) return st;
  if (ng < 2 || np < 3 || !(level > 0 && level < 1) || !out) return PT_EDOM;
  /* Groups or periods in which every unit, or none, met the standard have
   * infinite effects: they are fitted exactly and left out of the model. */
  unsigned char *gout = calloc(ng, 1), *pout = calloc(np, 1);
  size_t *cell = malloc(m * sizeof *cell);
  if (!gout || !pout || !cell) { free(gout); free(pout); free(cell); return PT_ENOMEM; }
  for (int pass = 0; pass < 2; pass++) {
    for (size_t g = 0; g < ng; g++) {
      int all = 1, none = 1, any = 0;
      for (size_t t = 0; t < np; t++) {
        size_t c = g * np + t;
        if (n[c] == 0 || pout[t]) continue;
        any = 1; all &= x[c] == n[c]; none &= x[c] == 0;
      }
      if (!any || all || none) gout[g] = 1;
    }
    for (size_t t = 0; t < np; t++) {
      int all = 1, none = 1, any = 0;
      for (size_t g = 0; g < ng; g++) {
        size_t c = g * np + t;
        if (n[c] == 0 || gout[g]) continue;
        any = 1; all &= x[c] == n[c]; none &= x[c] == 0;
      }
      if (!any || all || none) pout[t] = 1;
    }
  }
  /* index the kept groups and periods */
  size_t *gi = malloc(ng * sizeof *gi), *ti = malloc(np * sizeof *ti), kg = 0, kt = 0, mc = 0;
  if (!gi || !ti) { free(gout); free(pout); free(cell); free(gi); free(ti); return PT_ENOMEM; }
  for (size_t g = 0; g < ng; g++) gi[g] = gout[g] ? (size_t)-1 : kg++;
  for (size_t t = 0; t < np; t++) ti[t] = pout[t] ? (size_t)-1 : kt++;
  for (size_t c = 0; c < m; c++) {
    blank(&out[c], x[c], n[c]);
    if (n[c] && gi[c / np] != (size_t)-1 && ti[c % np] != (size_t)-1) cell[mc++] = c;
    else if (n[c]) {   /* fitted exactly: nothing to flag */
      out[c].expected = out[c].p;
      out[c].diff = 0.0; out[c].z = 0.0; out[c].p_value = 1.0;
      out[c].diff_lower = out[c].diff_upper = 0.0;
    }
  }
  size_t P = kg + kt - 1;
  if (kg < 2 || kt < 2 || mc <= P) {
    /* nothing left to model */
    if (dispersion) *dispersion = NAN;
    free(gout); free(pout); free(cell); free(gi); free(ti);
    return PT_EUNDEF;
  }
  gsl_matrix *Xm = gsl_matrix_calloc(mc, P), *cov = gsl_matrix_alloc(P, P);
  gsl_vector *w = gsl_vector_alloc(mc), *y = gsl_vector_alloc(mc), *beta = gsl_vector_calloc(P);
  gsl_multifit_linear_workspace *ws = gsl_multifit_linear_alloc(mc, P);
  double *eta = calloc(mc, sizeof *eta), *mu = calloc(mc, sizeof *mu);
  if (!Xm || !cov || !w || !y || !beta || !ws || !eta || !mu) { st = PT_ENOMEM; goto out; }
  {
    double X = 0, N = 0;
    for (size_t j = 0; j < mc; j++) {
      size_t c = cell[j], g = gi[c / np], t = ti[c % np];
      gsl_matrix_set(Xm, j, 0, 1.0);
      if (g > 0) gsl_matrix_set(Xm, j, g, 1.0);            /* group dummies 1..kg-1 */
      if (t > 0) gsl_matrix_set(Xm, j, kg - 1 + t, 1.0);   /* period dummies */
      X += (double)x[c]; N += (double)n[c];
    }
    for (size_t j = 0; j < mc; j++) eta[j] = log(X / (N - X));
  }
  int it;
  for (it = 0; it < 100; it++) {
    double chisq, change = 0;
    for (size_t j = 0; j < mc; j++) {
      size_t c = cell[j];
      double mj = expit(eta[j]), v = fmax(mj * (1.0 - mj), 1e-300);
      gsl_vector_set(w, j, (double)n[c] * v);
      gsl_vector_set(y, j, eta[j] + ((double)x[c] / (double)n[c] - mj) / v);
    }
    if (gsl_multifit_wlinear(Xm, w, y, beta, cov, &chisq, ws) != GSL_SUCCESS) { st = PT_ENOCONV; goto out; }
    for (size_t j = 0; j < mc; j++) {
      double e = 0;
      for (size_t a = 0; a < P; a++) e += gsl_matrix_get(Xm, j, a) * gsl_vector_get(beta, a);
      change = fmax(change, fabs(e - eta[j]));
      eta[j] = e;
    }
    if (change < 1e-13) break;
  }
  if (it == 100) { st = PT_ENOCONV; goto out; }
  /* covariance at the fit, then leverages h = w x' (X'WX)^-1 x */
  {
    double chisq, pearson = 0;
    for (size_t j = 0; j < mc; j++) {
      size_t c = cell[j];
      mu[j] = expit(eta[j]);
      gsl_vector_set(w, j, (double)n[c] * mu[j] * (1.0 - mu[j]));
      gsl_vector_set(y, j, eta[j]);
    }
    if (gsl_multifit_wlinear(Xm, w, y, beta, cov, &chisq, ws) != GSL_SUCCESS) { st = PT_ENOCONV; goto out; }
    for (size_t j = 0; j < mc; j++) {
      size_t c = cell[j];
      double h = 0;
      for (size_t a = 0; a < P; a++)
        for (size_t b = 0; b < P; b++)
          h += gsl_matrix_get(Xm, j, a) * gsl_matrix_get(cov, a, b) * gsl_matrix_get(Xm, j, b);
      h *= gsl_vector_get(w, j);
      double v = (double)n[c] * mu[j] * (1.0 - mu[j]), r = ((double)x[c] - (double)n[c] * mu[j]) / sqrt(v);
      pearson += r * r;
      pt_anom_point *q = &out[c];
      diff_vs_fixed(q, x[c], n[c], mu[j], level);
      q->z = 1.0 - h > 1e-12 ? r / sqrt(1.0 - h) : 0.0;
      q->p_value = 2.0 * gsl_cdf_ugaussian_Q(fabs(q->z));
      q->severity = pt_anom_severity_of_z(q->z);
    }
    if (dispersion) *dispersion = pearson / (double)(mc - P);
    *rdf = mc - P;
  }
out:
  gsl_matrix_free(Xm); gsl_matrix_free(cov);
  gsl_vector_free(w); gsl_vector_free(y); gsl_vector_free(beta);
  gsl_multifit_linear_free(ws);
  free(eta); free(mu); free(gout); free(pout); free(cell); free(gi); free(ti);
  return st;
}

int pt_anom_twoway(size_t ng, size_t np, const uint64_t *x, const uint64_t *n, double level,
                   pt_anom_point *out, double *dispersion)
{
  size_t rdf = 0;
  return twoway_fit(ng, np, x, n, level, out, dispersion, &rdf);
}

/* ==== under extra-binomial variation (proptrend/dispersion.h) ================= */

/* Severity of a statistic on d: t quantiles on d's df when estimated. */
static pt_anom_severity severity_on(const pt_dispersion *d, double z, double alarm_p)
{
  double a = fabs(z);
  if (!(a == a)) return PT_ANOM_NONE;
  if (a > pt_disp_quantile(d, 1.0 - alarm_p / 2.0)) return PT_ANOM_ALARM;
  return a > pt_disp_quantile(d, 0.975) ? PT_ANOM_WARNING : PT_ANOM_NONE;
}

/* ---- leave-one-out with a predictive interval --------------------------------- */

/* Point i against the prediction from the others (active, not i): the
 * weighted mean e with weights w_j = n_j / f_j, and its predictive
 * variance e (1 - e) (f_i / n_i + 1 / W). */
static void loo_pred(pt_anom_point *q, size_t k, const uint64_t *x, const uint64_t *n, const unsigned char *act,
                     size_t i, const pt_dispersion *d, double level)
{
  double W = 0, WP = 0, WA = 0, WPA = 0;
  for (size_t j = 0; j < k; j++) {
    if (!act[j]) continue;
    double w = (double)n[j] / pt_disp_factor(d, (double)n[j]), p = (double)x[j] / (double)n[j];
    WA += w; WPA += w * p;
    if (j != i) { W += w; WP += w * p; }
  }
  double e = WP / W, fi = pt_disp_factor(d, (double)n[i]), ni = (double)n[i];
  /* at a prediction of 0 or 1 the pooled proportion carries the variance */
  double pv = (e > 0.0 && e < 1.0) ? e : WPA / WA;
  double sd = sqrt(pv * (1.0 - pv) * (fi / ni + 1.0 / W));
  blank(q, x[i], n[i]);
  q->expected = e;
  q->diff = q->p - e;
  q->direction = q->diff < 0 ? -1 : q->diff > 0 ? 1 : 0;
  double qd = pt_disp_quantile(d, 0.5 + level / 2.0);
  double sdd = sqrt(q->p * (1.0 - q->p) * fi / ni + e * (1.0 - e) / W);
  q->diff_lower = q->diff - qd * sdd;
  q->diff_upper = q->diff + qd * sdd;
  if (!(sd > 0.0)) { q->z = 0.0; q->p_value = 1.0; q->direction = 0; return; }
  double q95 = pt_disp_quantile(d, 0.975), q998 = pt_disp_quantile(d, 0.999);
  q->limit95_lo = e - q95 * sd; q->limit95_hi = e + q95 * sd;
  q->limit998_lo = e - q998 * sd; q->limit998_hi = e + q998 * sd;
  q->z = q->diff / sd;
  q->p_value = pt_disp_pvalue(d, q->z);
  q->severity = severity_on(d, q->z, 0.002);
}

int pt_anom_loo_disp(size_t k, const uint64_t *x, const uint64_t *n, const pt_dispersion *d, double level,
                     pt_anom_point *out)
{
  if (pt_disp_is_binomial(d)) return pt_anom_loo(k, x, n, level, out);
  int st = domain(k, 3, x, n, 0);
  if (st) return st;
  if (!(level > 0 && level < 1) || !out) return PT_EDOM;
  unsigned char *active = malloc(k);
  if (!active) return PT_ENOMEM;
  memset(active, 1, k);
  for (size_t nact = k; nact >= 2; nact--) {
    size_t worst = k;
    if (nact == 2) mark_mirrors(k, active, out);
    for (size_t i = 0; i < k; i++) {
      if (!active[i]) continue;
      size_t mirror = nact == 2 ? out[i].mirror_of : 0;   /* loo_pred blanks the point */
      loo_pred(&out[i], k, x, n, active, i, d, level);
      out[i].mirror_of = mirror;
      if (out[i].severity != PT_ANOM_NONE && (worst == k || fabs(out[i].z) > fabs(out[worst].z))) worst = i;
    }
    if (worst == k) break;
    active[worst] = 0;     /* set the worst aside; its result stands */
  }
  free(active);
  return PT_SUCCESS;
}

/* ---- p-chart: dispersion-scaled, and Laney's p' ------------------------------ */

/* The difference's interval under a variance factor f: diff -+ q
 * sqrt(f p (1 - p) / n), the point's own sampling error (the expected
 * value taken as fixed, as for the binomial Wilson interval). */
static void diff_scaled(pt_anom_point *q, double f, double n, double quant)
{
  double h = quant * sqrt(f * q->p * (1.0 - q->p) / n);
  q->diff_lower = q->diff - h;
  q->diff_upper = q->diff + h;
}

/* Limits p +- q sqrt(scale^2 f_i pb (1 - pb) / n_i) around the weighted
 * centre; q from d (t on its df) unless d is NULL (normal). */
static void pchart_scaled(size_t k, const uint64_t *x, const uint64_t *n, const pt_dispersion *d,
                          double scale, double sigma, double level, pt_anom_point *out)
{
  double W = 0, WP = 0;
  for (size_t i = 0; i < k; i++) {
    double w = (double)n[i] / pt_disp_factor(d, (double)n[i]);
    W += w; WP += w * (double)x[i] / (double)n[i];
  }
  double pb = WP / W, pa = 2.0 * gsl_cdf_ugaussian_Q(sigma);
  double q95 = pt_disp_quantile(d, 0.975), qa = pt_disp_quantile(d, 1.0 - pa / 2.0);
  for (size_t i = 0; i < k; i++) {
    pt_anom_point *q = &out[i];
    double s = scale * sqrt(pt_disp_factor(d, (double)n[i]) * pb * (1.0 - pb) / (double)n[i]);
    blank(q, x[i], n[i]);
    diff_vs_fixed(q, x[i], n[i], pb, level);
    diff_scaled(q, scale * scale * pt_disp_factor(d, (double)n[i]), (double)n[i], pt_disp_quantile(d, 0.5 + level / 2.0));
    if (pb <= 0.0 || pb >= 1.0) { q->z = 0.0; q->p_value = 1.0; q->direction = 0; continue; }
    q->z = (q->p - pb) / s;
    q->p_value = pt_disp_pvalue(d, q->z);
    q->limit95_lo = fmax(0.0, pb - q95 * s);
    q->limit95_hi = fmin(1.0, pb + q95 * s);
    q->limit998_lo = fmax(0.0, pb - qa * s);
    q->limit998_hi = fmin(1.0, pb + qa * s);
    q->severity = fabs(q->z) > qa ? PT_ANOM_ALARM : fabs(q->z) > q95 ? PT_ANOM_WARNING : PT_ANOM_NONE;
  }
}

int pt_anom_pchart_disp(size_t k, const uint64_t *x, const uint64_t *n, double sigma, const pt_dispersion *d,
                        double level, pt_anom_point *out)
{
  if (pt_disp_is_binomial(d)) return pt_anom_pchart(k, x, n, sigma, 0, level, out);
  int st = domain(k, 3, x, n, 0);
  if (st) return st;
  if (!(sigma > 0) || !(level > 0 && level < 1) || !out) return PT_EDOM;
  pchart_scaled(k, x, n, d, 1.0, sigma, level, out);
  return PT_SUCCESS;
}

#define LANEY_D2 1.1283791670955126   /* E|Z1 - Z2| / sigma = 2 / sqrt(pi) */

int pt_anom_laney_sigma(size_t nseries, const size_t *len, const uint64_t *x, const uint64_t *n, double *sigma_z,
                        size_t *nranges)
{
  if (!len || !x || !n || !sigma_z || nseries == 0) return PT_EDOM;
  double sum = 0.0;
  size_t off = 0, r = 0;
  for (size_t j = 0; j < nseries; off += len[j], j++) {
    size_t k = len[j];
    int st = domain(k, 0, x + off, n + off, 0);
    if (st) return st;
    double X = 0, N = 0;
    for (size_t i = 0; i < k; i++) { X += (double)x[off + i]; N += (double)n[off + i]; }
    double pb = N > 0 ? X / N : 0.0;
    if (k < 2 || pb <= 0.0 || pb >= 1.0) continue;   /* no moving range, or no variance */
    double zprev = 0.0;
    for (size_t i = 0; i < k; i++) {
      double ni = (double)n[off + i], z = ((double)x[off + i] / ni - pb) / sqrt(pb * (1.0 - pb) / ni);
      if (i > 0) { sum += fabs(z - zprev); r++; }
      zprev = z;
    }
  }
  if (nranges) *nranges = r;
  if (r == 0) return PT_EUNDEF;
  *sigma_z = sum / (double)r / LANEY_D2;
  return PT_SUCCESS;
}

int pt_anom_laney(size_t k, const uint64_t *x, const uint64_t *n, double sigma, double sigma_z, double level,
                  pt_anom_point *out, double *sigma_z_used)
{
  int st = domain(k, 3, x, n, 0);
  if (st) return st;
  if (!(sigma > 0) || !(level > 0 && level < 1) || !out) return PT_EDOM;
  if (isnan(sigma_z)) {
    size_t len = k;
    if ((st = pt_anom_laney_sigma(1, &len, x, n, &sigma_z, NULL)) == PT_EUNDEF) sigma_z = 1.0;
    else if (st) return st;
  }
  if (!(sigma_z >= 0.0) || !isfinite(sigma_z)) return PT_EDOM;
  if (sigma_z_used) *sigma_z_used = sigma_z;
  if (!(sigma_z > 1.0)) return pt_anom_pchart(k, x, n, sigma, 0, level, out);   /* no wider than binomial */
  pchart_scaled(k, x, n, NULL, sigma_z, sigma, level, out);
  return PT_SUCCESS;
}

/* ---- funnel: overdispersion by the rule ---------------------------------------- */

/* DerSimonian-Laird tau^2 of proportions p_i with variances t(1-t)/n_i
 * around the target t: (Q - (k-1)) / (sum w - sum w^2 / sum w), 0 when Q
 * <= k - 1 (= metafor::rma(p, t(1-t)/n, method = "DL") for the pooled t). */
static double funnel_dl_tau2(size_t k, const uint64_t *x, const uint64_t *n, double t)
{
  double Q = 0, sw = 0, sw2 = 0, I = (double)k;
  for (size_t i = 0; i < k; i++) {
    double s2 = t * (1.0 - t) / (double)n[i], d = (double)x[i] / (double)n[i] - t;
    Q += d * d / s2;
    sw += 1.0 / s2;
    sw2 += 1.0 / (s2 * s2);
  }
  return Q > I - 1.0 ? (Q - (I - 1.0)) / (sw - sw2 / sw) : 0.0;
}

/* The Student's t of a funnel whose tau^2 was estimated from k units. */
static void funnel_t_disp(size_t k, pt_dispersion *d)
{
  pt_disp_binomial(d);
  d->method = d->asked = PT_DISP_QUASI;
  d->phi = 2.0;                 /* any value > 1: marks the dispersion as estimated */
  d->df = (double)(k - 1);
}

int pt_anom_funnel_limits(double t, double n, double tau2, size_t k, pt_anom_point *lim)
{
  if (!lim || !(t > 0.0 && t < 1.0) || !(n >= 1.0) || !(tau2 >= 0.0) || k == 1) return PT_EDOM;
  if (tau2 == 0.0) {   /* the exact binomial funnel */
    lim->limit95_lo = spiegel_limit(0.025, n, t); lim->limit95_hi = spiegel_limit(0.975, n, t);
    lim->limit998_lo = spiegel_limit(0.001, n, t); lim->limit998_hi = spiegel_limit(0.999, n, t);
    return PT_SUCCESS;
  }
  double s = sqrt(t * (1.0 - t) / n + tau2), q95 = PT_Z_WARNING, q998 = PT_Z_ALARM;
  if (k) {
    pt_dispersion d;
    funnel_t_disp(k, &d);
    q95 = pt_disp_quantile(&d, 0.975);
    q998 = pt_disp_quantile(&d, 0.999);
  }
  lim->limit95_lo = t - q95 * s; lim->limit95_hi = t + q95 * s;
  lim->limit998_lo = t - q998 * s; lim->limit998_hi = t + q998 * s;
  return PT_SUCCESS;
}

int pt_anom_funnel_auto(size_t k, const uint64_t *x, const uint64_t *n, double target, double level,
                        pt_anom_point *out, double *tau2, int *used_od)
{
  if (used_od) *used_od = 0;
  if (tau2) *tau2 = 0.0;
  int st = pt_anom_funnel(k, x, n, target, 0, level, out, NULL);   /* exact binomial limits */
  if (st || k < PT_FUNNEL_MIN_OD) return st;
  double X = 0, N = 0;
  for (size_t i = 0; i < k; i++) { X += (double)x[i]; N += (double)n[i]; }
  double t = isnan(target) ? X / N : target, t2 = funnel_dl_tau2(k, x, n, t);
  if (!(t2 > 0.0)) return PT_SUCCESS;   /* no between-unit variance: the binomial funnel stands */
  if (tau2) *tau2 = t2;
  if (used_od) *used_od = 1;
  /* tau^2 estimated on k - 1 df: Student's t limits allow for that */
  pt_dispersion d;
  funnel_t_disp(k, &d);
  for (size_t i = 0; i < k; i++) {
    pt_anom_point *q = &out[i];
    double s = sqrt(t * (1.0 - t) / (double)n[i] + t2);
    q->z = (q->p - t) / s;
    q->p_value = pt_disp_pvalue(&d, q->z);
    q->exact = 0;
    pt_anom_funnel_limits(t, (double)n[i], t2, k, q);
    q->severity = q->p < q->limit998_lo || q->p > q->limit998_hi ? PT_ANOM_ALARM
                : q->p < q->limit95_lo || q->p > q->limit95_hi ? PT_ANOM_WARNING : PT_ANOM_NONE;
  }
  return PT_SUCCESS;
}

/* ---- two-way GLM, quasi-binomial ---------------------------------------------- */

/* Rescale binomial twoway results by phi = max(1, chi^2/df) with t on df. */
static void twoway_rescale(size_t m, const uint64_t *n, double phi, double df, double level, pt_anom_point *out)
{
  pt_dispersion d;
  pt_disp_binomial(&d);
  d.method = d.asked = PT_DISP_QUASI;
  d.phi = phi;
  d.df = df;
  for (size_t c = 0; c < m; c++) {
    pt_anom_point *q = &out[c];
    if (n[c] == 0 || !(q->z == q->z)) continue;
    q->z /= sqrt(phi);
    q->p_value = pt_disp_pvalue(&d, q->z);
    if (q->diff != 0.0 || q->expected != q->p)   /* cells fitted exactly keep their empty interval */
      diff_scaled(q, phi, (double)n[c], pt_disp_quantile(&d, 0.5 + level / 2.0));
    q->severity = severity_on(&d, q->z, 0.002);
  }
}

int pt_anom_twoway_quasi(size_t ng, size_t np, const uint64_t *x, const uint64_t *n, double level,
                         pt_anom_point *out, double *dispersion, double *df)
{
  double disp = NAN;
  size_t rdf = 0;
  int st = twoway_fit(ng, np, x, n, level, out, &disp, &rdf);
  if (dispersion) *dispersion = disp;
  if (df) *df = (double)rdf;
  if (st) return st;
  if (disp > 1.0) twoway_rescale(ng * np, n, disp, (double)rdf, level, out);
  return PT_SUCCESS;
}

/* ---- two-way from rows: any number of groups and periods ---------------------- */

typedef struct rowkey { const char *group; long period; size_t row; } rowkey;

static int cmp_group(const void *a, const void *b)
{
  const rowkey *p = a, *q = b;
  int c = strcmp(p->group, q->group);
  return c ? c : (p->row > q->row) - (p->row < q->row);
}

static int cmp_period(const void *a, const void *b)
{
  const rowkey *p = a, *q = b;
  if (p->period != q->period) return (p->period > q->period) - (p->period < q->period);
  return (p->row > q->row) - (p->row < q->row);
}

/* Number the distinct groups (or periods) of the sorted keys into id[row]. */
static size_t number_keys(const rowkey *k, size_t m, int by_group, size_t *id)
{
  size_t next = 0;
  for (size_t j = 0; j < m; j++) {
    int same = j > 0 && (by_group ? !strcmp(k[j].group, k[j - 1].group) : k[j].period == k[j - 1].period);
    if (j > 0 && !same) next++;
    id[k[j].row] = next;
  }
  return m ? next + 1 : 0;
}

int pt_anom_twoway_rows(size_t m, const char *const *group, const long *period, const uint64_t *x,
                        const uint64_t *n, int quasi, double level, pt_anom_point *out, size_t *ngroups,
                        size_t *nperiods, double *dispersion, double *df)
{
  if (!group || !period || !x || !n || !out || m == 0) return PT_EDOM;
  for (size_t j = 0; j < m; j++) if (!group[j]) return PT_EDOM;
  rowkey *k = malloc(m * sizeof *k);
  size_t *gid = malloc(m * sizeof *gid), *pid = malloc(m * sizeof *pid);
  uint64_t *cx = NULL, *cn = NULL;
  pt_anom_point *cp = NULL;
  int st = PT_ENOMEM;
  if (!k || !gid || !pid) goto out;
  for (size_t j = 0; j < m; j++) { k[j].group = group[j]; k[j].period = period[j]; k[j].row = j; }
  qsort(k, m, sizeof *k, cmp_group);
  size_t ng = number_keys(k, m, 1, gid);
  qsort(k, m, sizeof *k, cmp_period);
  size_t np = number_keys(k, m, 0, pid);
  if (ngroups) *ngroups = ng;
  if (nperiods) *nperiods = np;
  if (np != 0 && ng > SIZE_MAX / np / sizeof *cp) goto out;
  cx = calloc(ng * np, sizeof *cx);
  cn = calloc(ng * np, sizeof *cn);
  cp = malloc(ng * np * sizeof *cp);
  if (!cx || !cn || !cp) goto out;
  st = PT_EDOM;
  for (size_t j = 0; j < m; j++) {
    size_t c = gid[j] * np + pid[j];
    if (cn[c] || n[j] == 0) goto out;   /* a cell given twice, or empty */
    cx[c] = x[j];
    cn[c] = n[j];
  }
  st = quasi ? pt_anom_twoway_quasi(ng, np, cx, cn, level, cp, dispersion, df)
             : twoway_fit(ng, np, cx, cn, level, cp, dispersion, &(size_t){ 0 });
  if (st == PT_SUCCESS)
    for (size_t j = 0; j < m; j++) out[j] = cp[gid[j] * np + pid[j]];
out:
  free(k); free(gid); free(pid); free(cx); free(cn); free(cp);
  return st;
}
