/* trend.c - tests and models for a trend in proportions (proptrend/trend.h). */
#include <config.h>

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_multifit.h>
#include <gsl/gsl_vector.h>

#include "internal.h"
#include "proptrend/error.h"
#include "proptrend/num.h"
#include "proptrend/trend.h"
#include "proptrend/dispersion.h"

static int domain(size_t k, size_t kmin, const uint64_t *x, const uint64_t *n, const double *s)
{
  if (k < kmin || !x || !n) return PT_EDOM;
  for (size_t i = 0; i < k; i++) {
    if (n[i] == 0 || x[i] > n[i] || n[i] > PT_COUNT_MAX) return PT_EDOM;
    if (s && !isfinite(s[i])) return PT_EDOM;
  }
  if (s) {
    size_t i = 1;
    while (i < k && s[i] == s[0]) i++;
    if (i == k) return PT_EDOM;   /* all scores equal: no trend to speak of */
  }
  pt_gsl_quiet();
  return PT_SUCCESS;
}

int pt_trend_ca(size_t k, const uint64_t *x, const uint64_t *n, const double *s,
                double *chisq, double *z, double *p)
{
  double X = 0, N = 0, sbar = 0, num = 0, den = 0, pb;
  int st = domain(k, 2, x, n, s);
  if (st) return st;
  for (size_t i = 0; i < k; i++) { X += (double)x[i]; N += (double)n[i]; sbar += (double)n[i] * s[i]; }
  sbar /= N;
  pb = X / N;
  if (pb <= 0.0 || pb >= 1.0) return PT_EUNDEF;
  for (size_t i = 0; i < k; i++) {
    double d = s[i] - sbar;
    num += (double)x[i] * d;            /* = sum n_i (p_i - pbar) d_i */
    den += (double)n[i] * d * d;
  }
  *z = num / sqrt(pb * (1.0 - pb) * den);
  *chisq = *z * *z;
  *p = gsl_cdf_chisq_Q(*chisq, 1.0);
  return PT_SUCCESS;
}

/* ---- logistic trend ------------------------------------------------------ */

static double expit(double e) { return e >= 0 ? 1.0 / (1.0 + exp(-e)) : exp(e) / (1.0 + exp(e)); }

/* Binomial deviance of fitted probabilities mu. */
static double deviance(size_t k, const uint64_t *x, const uint64_t *n, const double *mu)
{
  double d = 0.0;
  for (size_t i = 0; i < k; i++) {
    double xi = (double)x[i], ni = (double)n[i];
    if (xi > 0) d += xi * log(xi / (ni * mu[i]));
    if (xi < ni) d += (ni - xi) * log((ni - xi) / (ni * (1.0 - mu[i])));
  }
  return 2.0 * d;
}

/* Intercept maximising the likelihood for a fixed slope b (offset b t):
 * Newton on a concave function, safeguarded by bisection. */
static double fit_intercept(size_t k, const uint64_t *x, const uint64_t *n, const double *t,
                            double b, double a0)
{
  double a = a0, lo = -800.0, hi = 800.0;
  for (int it = 0; it < 200; it++) {
    double g = 0.0, h = 0.0;
    for (size_t i = 0; i < k; i++) {
      double m = expit(a + b * t[i]);
      g += (double)x[i] - (double)n[i] * m;
      h += (double)n[i] * m * (1.0 - m);
    }
    if (g > 0) lo = a; else hi = a;
    double an = h > 0 ? a + g / h : 0.5 * (lo + hi);
    if (!(an > lo && an < hi)) an = 0.5 * (lo + hi);
    if (fabs(an - a) <= 1e-15 * fmax(1.0, fabs(a))) { a = an; break; }
    a = an;
  }
  return a;
}

static double profile_dev(size_t k, const uint64_t *x, const uint64_t *n, const double *t,
                          double b, double a0, double *mu)
{
  double a = fit_intercept(k, x, n, t, b, a0);
  for (size_t i = 0; i < k; i++) mu[i] = expit(a + b * t[i]);
  return deviance(k, x, n, mu);
}

int pt_logit_separated(size_t k, const uint64_t *x, const uint64_t *n, const double *s)
{
  double smin = INFINITY, smax = -INFINITY, fmin_ = INFINITY, fmax_ = -INFINITY;
  for (size_t i = 0; i < k; i++) {
    if (x[i] > 0) { smin = fmin(smin, s[i]); smax = fmax(smax, s[i]); }
    if (x[i] < n[i]) { fmin_ = fmin(fmin_, s[i]); fmax_ = fmax(fmax_, s[i]); }
  }
  if (!isfinite(smin) || !isfinite(fmin_)) return 1;   /* none, or all, met it */
  return fmax_ <= smin || smax <= fmin_;
}

/* One weighted least-squares step of IRLS for (a, b) on centred scores t:
 * closed form for two parameters. */
static void wls2(size_t k, const double *t, const double *w, const double *z, double *a, double *b,
                 double *var_b)
{
  double sw = 0, st = 0, sz = 0, stt = 0, stz = 0;
  for (size_t i = 0; i < k; i++) { sw += w[i]; st += w[i] * t[i]; sz += w[i] * z[i]; }
  double tm = st / sw, zm = sz / sw;
  for (size_t i = 0; i < k; i++) {
    double d = t[i] - tm;
    stt += w[i] * d * d;
    stz += w[i] * d * (z[i] - zm);
  }
  *b = stz / stt;
  *a = zm - *b * tm;
  *var_b = 1.0 / stt;
}

int pt_logit_fit_w(size_t k, const uint64_t *x, const uint64_t *n, const double *s, const double *pw,
                   double *a_out, double *b_out, double *var_b, double *mu)
{
  double sbar = 0.0, X = 0.0, N = 0.0, a, b = 0.0, vb = NAN;
  for (size_t i = 0; i < k; i++) { sbar += s[i]; X += (double)x[i]; N += (double)n[i]; }
  sbar /= (double)k;
  if (X <= 0.0 || X >= N || pt_logit_separated(k, x, n, s)) return PT_EUNDEF;
  double *t = malloc(3 * k * sizeof *t);
  if (!t) return PT_ENOMEM;
  double *w = t + k, *z = t + 2 * k, tmin = INFINITY, tmax = -INFINITY;
  for (size_t i = 0; i < k; i++) { t[i] = s[i] - sbar; tmin = fmin(tmin, t[i]); tmax = fmax(tmax, t[i]); }
  a = log(X / (N - X));
  int it, st = PT_ENOCONV;
  for (it = 0; it < 100; it++) {
    double an, bn;
    for (size_t i = 0; i < k; i++) {
      double e = a + b * t[i], m = expit(e), v = fmax(m * (1.0 - m), 1e-300);
      w[i] = (pw ? pw[i] : 1.0) * (double)n[i] * v;
      z[i] = e + ((double)x[i] / (double)n[i] - m) / v;
    }
    wls2(k, t, w, z, &an, &bn, &vb);
    if (!isfinite(an) || !isfinite(bn)) break;
    double da = an - a, db = bn - b;
    a = an; b = bn;
    if (fabs(da) <= 1e-13 * (1.0 + fabs(a)) && fabs(db) * (tmax - tmin) <= 1e-13 * (1.0 + fabs(b) * (tmax - tmin))) {
      st = PT_SUCCESS;
      break;
    }
  }
  if (st == PT_SUCCESS) {
    /* the variance at the converged fit */
    for (size_t i = 0; i < k; i++) {
      double m = expit(a + b * t[i]);
      mu[i] = m;
      w[i] = (pw ? pw[i] : 1.0) * (double)n[i] * m * (1.0 - m);
      z[i] = 0.0;
    }
    double a2, b2;
    wls2(k, t, w, z, &a2, &b2, &vb);
    *a_out = a - b * sbar;
    *b_out = b;
    *var_b = vb;
  }
  free(t);
  return st;
}

int pt_trend_logistic(size_t k, const uint64_t *x, const uint64_t *n, const double *s,
                      double level, pt_logit_trend *out)
{
  double sbar = 0.0, X = 0.0, N = 0.0, a, b = 0.0, dev = 0.0, dev_old = INFINITY;
  double *t = NULL, *mu = NULL;
  gsl_matrix *Xm = NULL, *cov = NULL;
  gsl_vector *w = NULL, *y = NULL, *c = NULL;
  gsl_multifit_linear_workspace *ws = NULL;
  int st = domain(k, 3, x, n, s), it = 0;
  if (st) return st;
  if (!(level > 0.0 && level < 1.0)) return PT_EDOM;
  for (size_t i = 0; i < k; i++) { sbar += s[i]; X += (double)x[i]; N += (double)n[i]; }
  sbar /= (double)k;
  if (X <= 0.0 || X >= N) return PT_EUNDEF;   /* no successes, or all: no slope */
  /* separated (a series reaching 0% or 100% beyond a score): the slope is
   * infinite, and a "converged" IRLS would only report where it stopped */
  if (pt_logit_separated(k, x, n, s)) return PT_EUNDEF;

  t = malloc(k * sizeof *t);
  mu = malloc(k * sizeof *mu);
  Xm = gsl_matrix_alloc(k, 2);
  cov = gsl_matrix_alloc(2, 2);
  w = gsl_vector_alloc(k);
  y = gsl_vector_alloc(k);
  c = gsl_vector_alloc(2);
  ws = gsl_multifit_linear_alloc(k, 2);
  if (!t || !mu || !Xm || !cov || !w || !y || !c || !ws) { st = PT_ENOMEM; goto out; }
  /* centred scores: the same slope, a better conditioned fit */
  for (size_t i = 0; i < k; i++) {
    t[i] = s[i] - sbar;
    gsl_matrix_set(Xm, i, 0, 1.0);
    gsl_matrix_set(Xm, i, 1, t[i]);
  }
  double tmin = t[0], tmax = t[0];
  for (size_t i = 1; i < k; i++) { tmin = fmin(tmin, t[i]); tmax = fmax(tmax, t[i]); }
  const double trange = tmax - tmin;
  a = log(X / (N - X));
  /* IRLS: weighted least squares on the working response */
  for (it = 1; it <= 100; it++) {
    double chisq;
    for (size_t i = 0; i < k; i++) {
      double eta = a + b * t[i], m = expit(eta), v = m * (1.0 - m);
      if (v < 1e-300) v = 1e-300;
      gsl_vector_set(w, i, (double)n[i] * v);
      gsl_vector_set(y, i, eta + ((double)x[i] / (double)n[i] - m) / v);
    }
    if (gsl_multifit_wlinear(Xm, w, y, c, cov, &chisq, ws) != GSL_SUCCESS) { st = PT_ENOCONV; goto out; }
    double da = gsl_vector_get(c, 0) - a, db = gsl_vector_get(c, 1) - b;
    a += da;
    b += db;
    if (!isfinite(a) || !isfinite(b)) { st = PT_ENOCONV; goto out; }
    for (size_t i = 0; i < k; i++) mu[i] = expit(a + b * t[i]);
    dev = deviance(k, x, n, mu);
    /* converged when the coefficients stop moving (slope measured over the
     * range of the scores); IRLS converges quadratically, so this is at the
     * resolution of the doubles */
    if (fabs(da) <= 1e-13 * (1.0 + fabs(a)) && fabs(db) * trange <= 1e-13 * (1.0 + fabs(b) * trange))
      break;
    dev_old = dev;
  }
  if (it > 100 && !(fabs(dev - dev_old) <= 1e-10 * (fabs(dev) + 0.1))) { st = PT_ENOCONV; goto out; }
  if (it > 100) it = 100;
  /* covariance at the converged fit */
  {
    double chisq;
    for (size_t i = 0; i < k; i++) {
      double m = mu[i];
      gsl_vector_set(w, i, (double)n[i] * m * (1.0 - m));
      gsl_vector_set(y, i, a + b * t[i]);
    }
    if (gsl_multifit_wlinear(Xm, w, y, c, cov, &chisq, ws) != GSL_SUCCESS) { st = PT_ENOCONV; goto out; }
  }
  double se = sqrt(gsl_matrix_get(cov, 1, 1));
  double z = gsl_cdf_ugaussian_Qinv((1.0 - level) / 2.0), q = z * z;
  out->slope = b;
  out->intercept = a - b * sbar;
  out->se = se;
  out->wald_lower = exp(b - z * se);
  out->wald_upper = exp(b + z * se);
  out->deviance = dev;
  out->df = (int)k - 2;
  out->iterations = it;
  /* profile likelihood: dev(b') - dev = z^2 on each side (bracket by steps
   * of the Wald SE, then bisection) */
  for (int side = -1; side <= 1; side += 2) {
    double in = b, outb = b, lim;
    int found = 0;
    for (int m = 1; m <= 60; m++) {
      outb = b + side * se * (double)m * (double)m;
      if (profile_dev(k, x, n, t, outb, a, mu) - dev > q) { found = 1; break; }
      in = outb;
    }
    if (!found) lim = side < 0 ? -INFINITY : INFINITY;
    else {
      for (int itb = 0; itb < 200; itb++) {
        double mid = 0.5 * (in + outb);
        if (mid == in || mid == outb) break;
        if (profile_dev(k, x, n, t, mid, a, mu) - dev > q) outb = mid; else in = mid;
      }
      lim = 0.5 * (in + outb);
    }
    if (side < 0) out->profile_lower = exp(lim); else out->profile_upper = exp(lim);
  }
out:
  free(t);
  free(mu);
  gsl_matrix_free(Xm);
  gsl_matrix_free(cov);
  gsl_vector_free(w);
  gsl_vector_free(y);
  gsl_vector_free(c);
  gsl_multifit_linear_free(ws);
  return st;
}

/* ---- annual percent change ------------------------------------------------ */

int pt_trend_apc(size_t k, const uint64_t *x, const uint64_t *n, const double *s,
                 double level, int weighted, double *apc, double *lower, double *upper,
                 double *slope, double *se)
{
  double sw = 0, swx = 0, swy = 0, sxx = 0, sxy = 0, b, a, rss = 0, tq;
  int st = domain(k, 3, x, n, s);
  if (st) return st;
  if (!(level > 0.0 && level < 1.0)) return PT_EDOM;
  for (size_t i = 0; i < k; i++) {
    if (x[i] == 0) return PT_EUNDEF;                    /* ln 0 */
    if (weighted && x[i] == n[i]) return PT_EUNDEF;     /* infinite weight */
  }
  double *wv = malloc(k * sizeof *wv), *yv = malloc(k * sizeof *yv);
  if (!wv || !yv) { free(wv); free(yv); return PT_ENOMEM; }
  for (size_t i = 0; i < k; i++) {
    double p = (double)x[i] / (double)n[i];
    yv[i] = log(p);
    wv[i] = weighted ? (double)n[i] * p / (1.0 - p) : 1.0;
    sw += wv[i]; swx += wv[i] * s[i]; swy += wv[i] * yv[i];
  }
  double xm = swx / sw, ym = swy / sw;
  for (size_t i = 0; i < k; i++) {
    sxx += wv[i] * (s[i] - xm) * (s[i] - xm);
    sxy += wv[i] * (s[i] - xm) * (yv[i] - ym);
  }
  b = sxy / sxx;
  a = ym - b * xm;
  for (size_t i = 0; i < k; i++) {
    double r = yv[i] - a - b * s[i];
    rss += wv[i] * r * r;
  }
  free(wv);
  free(yv);
  *slope = b;
  *se = sqrt(rss / (double)(k - 2) / sxx);
  tq = gsl_cdf_tdist_Qinv((1.0 - level) / 2.0, (double)(k - 2));
  *apc = 100.0 * expm1(b);
  *lower = 100.0 * expm1(b - tq * *se);
  *upper = 100.0 * expm1(b + tq * *se);
  return PT_SUCCESS;
}

int pt_homogeneity(size_t k, const uint64_t *x, const uint64_t *n, double *chisq, double *p)
{
  double X = 0, N = 0, pb, c = 0;
  int st = domain(k, 2, x, n, NULL);
  if (st) return st;
  for (size_t i = 0; i < k; i++) { X += (double)x[i]; N += (double)n[i]; }
  pb = X / N;
  if (pb <= 0.0 || pb >= 1.0) return PT_EUNDEF;
  for (size_t i = 0; i < k; i++) {
    double e = (double)n[i] * pb, d = (double)x[i] - e;
    c += d * d / (e * (1.0 - pb));
  }
  *chisq = c;
  *p = gsl_cdf_chisq_Q(c, (double)(k - 1));
  return PT_SUCCESS;
}

/* ---- under extra-binomial variation ------------------------------------------ */

static void test_blank(pt_trend_test *o)
{
  o->stat = o->p = o->slope = o->se = o->odds_ratio = o->or_lower = o->or_upper = NAN;
  o->df = INFINITY;
}

int pt_trend_ca_disp(size_t k, const uint64_t *x, const uint64_t *n, const double *s, const pt_dispersion *d,
                     pt_trend_test *out)
{
  if (!out) return PT_EDOM;
  test_blank(out);
  if (pt_disp_is_binomial(d)) {
    double c, z, p;
    int st = pt_trend_ca(k, x, n, s, &c, &z, &p);
    if (st) return st;
    out->stat = z; out->p = p;
    return PT_SUCCESS;
  }
  int st = domain(k, 2, x, n, s);
  if (st) return st;
  double sw = 0, swp = 0, sws = 0, num = 0, den = 0;
  for (size_t i = 0; i < k; i++) {
    double w = (double)n[i] / pt_disp_factor(d, (double)n[i]);
    sw += w; swp += w * (double)x[i] / (double)n[i]; sws += w * s[i];
  }
  double pw = swp / sw, sm = sws / sw;
  if (pw <= 0.0 || pw >= 1.0) return PT_EUNDEF;
  for (size_t i = 0; i < k; i++) {
    double w = (double)n[i] / pt_disp_factor(d, (double)n[i]), ds = s[i] - sm;
    num += w * ((double)x[i] / (double)n[i] - pw) * ds;
    den += w * ds * ds;
  }
  out->stat = num / sqrt(pw * (1.0 - pw) * den);
  out->df = d->df;
  out->p = pt_disp_pvalue(d, out->stat);
  return PT_SUCCESS;
}

int pt_trend_logistic_disp(size_t k, const uint64_t *x, const uint64_t *n, const double *s,
                           const pt_dispersion *d, double level, pt_trend_test *out)
{
  if (!out) return PT_EDOM;
  test_blank(out);
  if (pt_disp_is_binomial(d)) {
    pt_logit_trend lt;
    int st = pt_trend_logistic(k, x, n, s, level, &lt);
    if (st) return st;
    out->slope = lt.slope; out->se = lt.se; out->stat = lt.slope / lt.se;
    out->p = 2.0 * gsl_cdf_ugaussian_Q(fabs(out->stat));
    out->odds_ratio = exp(lt.slope); out->or_lower = lt.wald_lower; out->or_upper = lt.wald_upper;
    return PT_SUCCESS;
  }
  int st = domain(k, 3, x, n, s);
  if (st) return st;
  if (!(level > 0.0 && level < 1.0)) return PT_EDOM;
  double *pw = malloc(2 * k * sizeof *pw), a, b, vb;
  if (!pw) return PT_ENOMEM;
  for (size_t i = 0; i < k; i++) pw[i] = 1.0 / pt_disp_factor(d, (double)n[i]);
  st = pt_logit_fit_w(k, x, n, s, pw, &a, &b, &vb, pw + k);
  free(pw);
  if (st) return st;
  double q = pt_disp_quantile(d, 0.5 + level / 2.0);
  out->slope = b;
  out->se = sqrt(vb);
  out->stat = b / out->se;
  out->df = d->df;
  out->p = pt_disp_pvalue(d, out->stat);
  out->odds_ratio = exp(b);
  out->or_lower = exp(b - q * out->se);
  out->or_upper = exp(b + q * out->se);
  return PT_SUCCESS;
}
