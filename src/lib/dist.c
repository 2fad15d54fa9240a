/* dist.c - incomplete beta, beta quantile, binomial tails (proptrend/dist.h). */
#include <config.h>

#include <float.h>
#include <math.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_sf_gamma.h>

#include "internal.h"
#include "proptrend/dist.h"
#include "proptrend/error.h"

#define CF_MAXIT 1000000
#define TINY 1e-300

/* log1p(t) - t, accurate for small t (series) and elsewhere (direct). */
double pt_log1pmx(double t)
{
  if (fabs(t) < 0.125) {
    /* -t^2/2 + t^3/3 - ...: alternating or monotone, |t| < 1/8 */
    double term = t, sum = 0.0;
    for (int k = 2; k < 60; k++) {
      term *= -t;
      double add = term / k;   /* (-1)^{k+1} t^k / k with sign folded in */
      sum += add;
      if (fabs(add) <= 1e-17 * fabs(sum)) break;
    }
    return sum;
  }
  return log1p(t) - t;
}

/* Stirling correction mu(z) = lgamma(z) - ((z-1/2)log z - z + log(2 pi)/2). */
static double stirlerr(double z)
{
  if (z >= 10.0) {
    double r = 1.0 / z, r2 = r * r;
    return r * (1.0 / 12 - r2 * (1.0 / 360 - r2 * (1.0 / 1260 - r2 * (1.0 / 1680 -
           r2 * (1.0 / 1188 - r2 * (691.0 / 360360 - r2 * (1.0 / 156)))))));
  }
  return gsl_sf_lngamma(z) - ((z - 0.5) * log(z) - z + 0.5 * log(2.0 * M_PI));
}

/* log of x^a (1-x)^b / B(a,b), with y = 1 - x given separately so that the
 * caller's exact complement is used. */
static double log_prefactor(double x, double y, double a, double b)
{
  if (a >= 10.0 && b >= 10.0) {
    double s = a + b;
    double lambda = (a - s * x);         /* = s*y - b */
    double e = a * pt_log1pmx(-lambda / a) + b * pt_log1pmx(lambda / b);
    return e + 0.5 * log(a * b / (2.0 * M_PI * s)) + stirlerr(s) - stirlerr(a) - stirlerr(b);
  }
  /* log1p of the smaller of x, y keeps b*log(1-x) exact when x is tiny
   * and b huge (1 - x would round). */
  double lx = x < 0.5 ? log(x) : log1p(-y), ly = x < 0.5 ? log1p(-x) : log(y);
  return a * lx + b * ly - gsl_sf_lnbeta(a, b);
}

/* Continued fraction for I_x(a,b) (Numerical Recipes betacf, modified Lentz).
 * Converges fast for x < (a+1)/(a+b+2). */
static int betacf(double x, double a, double b, double *out)
{
  double qab = a + b, qap = a + 1.0, qam = a - 1.0;
  double c = 1.0, d = 1.0 - qab * x / qap, h;
  if (fabs(d) < TINY) d = TINY;
  d = 1.0 / d;
  h = d;
  for (long m = 1; m <= CF_MAXIT; m++) {
    double m2 = 2.0 * m, aa, del;
    aa = m * (b - m) * x / ((qam + m2) * (a + m2));
    d = 1.0 + aa * d; if (fabs(d) < TINY) d = TINY;
    c = 1.0 + aa / c; if (fabs(c) < TINY) c = TINY;
    d = 1.0 / d;
    h *= d * c;
    aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
    d = 1.0 + aa * d; if (fabs(d) < TINY) d = TINY;
    c = 1.0 + aa / c; if (fabs(c) < TINY) c = TINY;
    d = 1.0 / d;
    del = d * c;
    h *= del;
    if (fabs(del - 1.0) < 4.0 * DBL_EPSILON) { *out = h; return PT_SUCCESS; }
  }
  return PT_ENOCONV;
}

int pt_beta_inc(double x, double a, double b, double *lower, double *upper)
{
  double y, lp, cf, v;
  int st;
  if (!(a > 0.0) || !(b > 0.0) || !(x >= 0.0) || !(x <= 1.0) || !isfinite(a) || !isfinite(b))
    return PT_EDOM;
  if (x == 0.0) { *lower = 0.0; *upper = 1.0; return PT_SUCCESS; }
  if (x == 1.0) { *lower = 1.0; *upper = 0.0; return PT_SUCCESS; }
  pt_gsl_quiet();
  y = 1.0 - x;
  lp = log_prefactor(x, y, a, b);
  if (x < (a + 1.0) / (a + b + 2.0)) {
    st = betacf(x, a, b, &cf);
    if (st) return st;
    v = exp(lp) * cf / a;
    if (v > 1.0) v = 1.0;
    *lower = v; *upper = 1.0 - v;
  } else {
    st = betacf(y, b, a, &cf);
    if (st) return st;
    v = exp(lp) * cf / b;
    if (v > 1.0) v = 1.0;
    *upper = v; *lower = 1.0 - v;
  }
  return PT_SUCCESS;
}

double pt_beta_pdf(double x, double a, double b)
{
  if (x <= 0.0 || x >= 1.0) return 0.0;
  return exp(log_prefactor(x, 1.0 - x, a, b)) / (x * (1.0 - x));
}

int pt_solve_tail(pt_tail_fn f, void *ctx, double target, int increasing,
                  double lo, double hi, double x0, double *out)
{
  double x = x0, lt = log(target);
  int st;
  if (!(lo < hi)) return PT_EDOM;
  if (!(x > lo && x < hi)) x = 0.5 * (lo + hi);
  for (int it = 0; it < 600; it++) {
    double v, dv, xn;
    st = f(x, ctx, &v, &dv);
    if (st) return st;
    if ((v > target) == (increasing != 0)) hi = x; else lo = x;
    if (v == target) break;
    if (v > 0.0 && isfinite(v) && dv != 0.0 && isfinite(dv)) {
      xn = x - (log(v) - lt) * v / dv;
      /* converged: the step is below the resolution of x (checked before
       * the bracket, since a converged x sits on the bracket's edge) */
      if (fabs(xn - x) <= 4e-16 * fmin(x, 1.0 - x)) break;
    } else {
      xn = -1.0;                 /* no usable Newton step: bisect */
    }
    if (!(xn > lo && xn < hi)) {
      /* Bisect, geometrically when the bracket spans orders of magnitude
       * (limits like 1e-9 near 0, or 1 - 1e-9 near 1). */
      if (lo <= 0.0) xn = hi * 0.125;
      else if (hi >= 1.0 && lo > 0.5) xn = 1.0 - (1.0 - lo) * 0.125;
      else if (hi / lo > 8.0) xn = sqrt(lo * hi);
      else if ((1.0 - lo) / (1.0 - hi) > 8.0 && lo > 0.5) xn = 1.0 - sqrt((1.0 - lo) * (1.0 - hi));
      else xn = 0.5 * (lo + hi);
      if (!(xn > lo && xn < hi)) xn = 0.5 * (lo + hi);
    }
    if (fabs(xn - x) <= 2e-16 * fmin(xn, 1.0 - xn) + 1e-300 ||
        hi - lo <= 4e-16 * fmin(hi, 1.0 - lo)) { x = xn; break; }
    x = xn;
  }
  *out = x;
  return PT_SUCCESS;
}

struct beta_tail { double a, b; int upper; };

static int beta_tail_fn(double x, void *ctx, double *v, double *dv)
{
  const struct beta_tail *c = ctx;
  double l, u;
  int st = pt_beta_inc(x, c->a, c->b, &l, &u);
  if (st) return st;
  *v = c->upper ? u : l;
  *dv = pt_beta_pdf(x, c->a, c->b);
  if (c->upper) *dv = -*dv;
  return PT_SUCCESS;
}

int pt_beta_quantile(double p, int upper_tail, double a, double b, double *xout)
{
  struct beta_tail c;
  double x0;
  if (!(a > 0.0) || !(b > 0.0) || !(p >= 0.0) || !(p <= 1.0) || !isfinite(a) || !isfinite(b))
    return PT_EDOM;
  /* Solve for the smaller tail: a lower-tail p > 1/2 is the upper tail 1-p. */
  if (p > 0.5) { p = 1.0 - p; upper_tail = !upper_tail; }
  if (p == 0.0) { *xout = upper_tail ? 1.0 : 0.0; return PT_SUCCESS; }
  pt_gsl_quiet();
  {
    /* Start: normal approximation to the beta, clipped inside (0,1). */
    double s = a + b, m = a / s, sd = sqrt(a * b / (s * s * (s + 1.0)));
    double z = gsl_cdf_ugaussian_Qinv(p);
    x0 = upper_tail ? m + z * sd : m - z * sd;
    if (!(x0 > 0.0 && x0 < 1.0)) x0 = upper_tail ? 0.5 * (1.0 + m) : 0.5 * m;
  }
  c.a = a; c.b = b; c.upper = upper_tail;
  return pt_solve_tail(beta_tail_fn, &c, p, !upper_tail, 0.0, 1.0, x0, xout);
}

double pt_binom_sf(double k, double n, double p)
{
  double l, u;
  if (k <= 0.0) return 1.0;
  if (k > n) return 0.0;
  if (p <= 0.0) return 0.0;
  if (p >= 1.0) return 1.0;
  /* P(X >= k) = I_p(k, n-k+1) */
  if (pt_beta_inc(p, k, n - k + 1.0, &l, &u) != PT_SUCCESS) return NAN;
  return l;
}

double pt_binom_cdf(double k, double n, double p)
{
  double l, u;
  if (k < 0.0) return 0.0;
  if (k >= n) return 1.0;
  if (p <= 0.0) return 1.0;
  if (p >= 1.0) return 0.0;
  /* P(X <= k) = 1 - I_p(k+1, n-k) */
  if (pt_beta_inc(p, k + 1.0, n - k, &l, &u) != PT_SUCCESS) return NAN;
  return u;
}

double pt_norm_quantile(double p)
{
  pt_gsl_quiet();
  return gsl_cdf_ugaussian_Pinv(p);
}
