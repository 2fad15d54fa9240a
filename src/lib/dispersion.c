/* dispersion.c - pooled extra-binomial dispersion (proptrend/dispersion.h). */
#include <config.h>

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>

#include "internal.h"
#include "proptrend/dispersion.h"
#include "proptrend/error.h"
#include "proptrend/num.h"

void pt_disp_binomial(pt_dispersion *d)
{
  d->method = d->asked = PT_DISP_BINOMIAL;
  d->model = PT_DISP_MODEL_MEAN;
  d->phi = 1.0;
  d->phi_raw = NAN;
  d->rho = 0.0;
  d->df = INFINITY;
  d->nbar = NAN;
  d->nseries = d->npoints = 0;
}

int pt_disp_is_binomial(const pt_dispersion *d)
{
  if (!d || d->method == PT_DISP_BINOMIAL) return 1;
  if (d->method == PT_DISP_QUASI) return !(d->phi > 1.0);
  return !(d->rho > 0.0);
}

double pt_disp_factor(const pt_dispersion *d, double n)
{
  if (pt_disp_is_binomial(d)) return 1.0;
  if (d->method == PT_DISP_QUASI) return d->phi;
  return 1.0 + d->rho * (n - 1.0);
}

double pt_disp_quantile(const pt_dispersion *d, double p)
{
  pt_gsl_quiet();
  if (pt_disp_is_binomial(d) || !(d->df < INFINITY)) return gsl_cdf_ugaussian_Pinv(p);
  return gsl_cdf_tdist_Pinv(p, d->df);
}

double pt_disp_pvalue(const pt_dispersion *d, double z)
{
  pt_gsl_quiet();
  if (!(z == z)) return NAN;
  if (pt_disp_is_binomial(d) || !(d->df < INFINITY)) return 2.0 * gsl_cdf_ugaussian_Q(fabs(z));
  return 2.0 * gsl_cdf_tdist_Q(fabs(z), d->df);
}

/* ---- the pooled fit ---------------------------------------------------------- */

typedef struct fitctx {
  size_t ns, m;
  const size_t *len;
  const uint64_t *x, *n;
  const double *s;
  pt_disp_model model;
  const unsigned char *use;   /* series that carry information */
  double *w, *mu;             /* scratch: prior weights, fitted values */
} fitctx;

/* Fit every used series with prior weights 1 / (1 + rho (n - 1)); return
 * the weighted Pearson chi^2 in *chisq. */
static int pearson_at(const fitctx *c, double rho, double *chisq)
{
  size_t off = 0;
  double X2 = 0.0;
  for (size_t j = 0; j < c->ns; off += c->len[j], j++) {
    if (!c->use[j]) continue;
    size_t k = c->len[j];
    const uint64_t *x = c->x + off, *n = c->n + off;
    double *w = c->w + off, *mu = c->mu + off;
    for (size_t i = 0; i < k; i++) w[i] = 1.0 / (1.0 + rho * ((double)n[i] - 1.0));
    if (c->model == PT_DISP_MODEL_MEAN) {
      double sx = 0.0, sn = 0.0;
      for (size_t i = 0; i < k; i++) { sx += w[i] * (double)x[i]; sn += w[i] * (double)n[i]; }
      for (size_t i = 0; i < k; i++) mu[i] = sx / sn;
    } else {
      double a, b, vb;
      int st = pt_logit_fit_w(k, x, n, c->s + off, w, &a, &b, &vb, mu);
      if (st) return st;
    }
    for (size_t i = 0; i < k; i++) {
      double e = (double)n[i] * mu[i], r = (double)x[i] - e;
      X2 += w[i] * r * r / (e * (1.0 - mu[i]));
    }
  }
  *chisq = X2;
  return PT_SUCCESS;
}

/* Which series inform the dispersion, the residual df and the points used. */
static int select_series(fitctx *c, unsigned char *use, double *df, size_t *nser, size_t *npts, double *nbar)
{
  size_t off = 0, p = c->model == PT_DISP_MODEL_TREND ? 2 : 1;
  double sum_n = 0.0;
  *df = 0.0; *nser = *npts = 0;
  for (size_t j = 0; j < c->ns; off += c->len[j], j++) {
    size_t k = c->len[j];
    double X = 0.0, N = 0.0;
    use[j] = 0;
    for (size_t i = 0; i < k; i++) {
      if (c->n[off + i] == 0 || c->x[off + i] > c->n[off + i] || c->n[off + i] > PT_COUNT_MAX) return PT_EDOM;
      if (c->s && !isfinite(c->s[off + i])) return PT_EDOM;
      X += (double)c->x[off + i];
      N += (double)c->n[off + i];
    }
    if (p == 2 && k > 0) {   /* a trend needs scores that differ */
      size_t i = 1;
      while (i < k && c->s[off + i] == c->s[off]) i++;
      if (i == k && k > 1) return PT_EDOM;
    }
    if (k <= p || X <= 0.0 || X >= N) continue;
    /* a trend fit that separates the data is exact at the boundary: no information */
    if (p == 2 && pt_logit_separated(k, c->x + off, c->n + off, c->s + off)) continue;
    use[j] = 1;
    *df += (double)(k - p);
    *nser += 1;
    *npts += k;
    for (size_t i = 0; i < k; i++) sum_n += (double)c->n[off + i];
  }
  *nbar = *npts ? sum_n / (double)*npts : NAN;
  return PT_SUCCESS;
}

/* Williams' rho: chi^2(rho) = df, chi^2 decreasing in rho; regula falsi
 * (Illinois variant) on [0, 1], a few fits instead of fifty bisections. */
static int solve_rho(const fitctx *c, double df, double *rho)
{
  double lo = 0.0, hi = 1.0, glo, ghi, X2;
  int st = pearson_at(c, lo, &X2), side = 0;
  if (st) return st;
  glo = X2 - df;
  if ((st = pearson_at(c, hi, &X2))) return st;
  ghi = X2 - df;
  if (ghi >= 0.0) { *rho = 1.0; return PT_SUCCESS; }
  double r = lo;
  for (int it = 0; it < 200; it++) {
    r = (lo * ghi - hi * glo) / (ghi - glo);
    if (!(r > lo && r < hi)) r = 0.5 * (lo + hi);
    if ((st = pearson_at(c, r, &X2))) return st;
    double g = X2 - df;
    if (g == 0.0 || hi - lo <= 1e-15 * hi) break;
    if (g > 0.0) { lo = r; glo = g; if (side == 1) ghi /= 2; side = 1; }
    else { hi = r; ghi = g; if (side == -1) glo /= 2; side = -1; }
    if (hi - lo <= 1e-15 * hi) break;
  }
  *rho = r;
  return PT_SUCCESS;
}

int pt_disp_estimate(size_t nseries, const size_t *len, const uint64_t *x, const uint64_t *n, const double *s,
                     pt_disp_method method, pt_disp_model model, pt_dispersion *d)
{
  if (!d || !len || !x || !n || nseries == 0) return PT_EDOM;
  if (model == PT_DISP_MODEL_TREND && !s) return PT_EDOM;
  if (method != PT_DISP_BINOMIAL && method != PT_DISP_QUASI && method != PT_DISP_WILLIAMS) return PT_EDOM;
  pt_gsl_quiet();
  pt_disp_binomial(d);
  d->asked = method;
  d->model = model;
  size_t m = 0;
  for (size_t j = 0; j < nseries; j++) m += len[j];
  fitctx c = { nseries, m, len, x, n, model == PT_DISP_MODEL_TREND ? s : NULL, model, NULL, NULL, NULL };
  unsigned char *use = malloc(nseries);
  double *w = malloc((m ? m : 1) * sizeof *w), *mu = malloc((m ? m : 1) * sizeof *mu);
  int st = PT_ENOMEM;
  if (!use || !w || !mu) goto out;
  c.use = use; c.w = w; c.mu = mu;
  if ((st = select_series(&c, use, &d->df, &d->nseries, &d->npoints, &d->nbar))) goto out;
  if (d->df <= 0.0) { d->df = INFINITY; st = PT_EUNDEF; goto out; }
  double X2;
  if ((st = pearson_at(&c, 0.0, &X2))) goto out;
  d->phi_raw = X2 / d->df;
  if (method == PT_DISP_BINOMIAL || !(d->phi_raw > 1.0)) goto out;   /* binomial: phi 1 */
  d->method = method;
  if (method == PT_DISP_QUASI) {
    d->phi = d->phi_raw;
  } else {
    if ((st = solve_rho(&c, d->df, &d->rho))) goto out;
    d->phi = 1.0 + d->rho * (d->nbar - 1.0);
  }
out:
  if (st && st != PT_EUNDEF) { pt_disp_binomial(d); d->asked = method; }
  free(use); free(w); free(mu);
  return st;
}
