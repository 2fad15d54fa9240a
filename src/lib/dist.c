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

/* log1p(t) - t, accurate for small t and elsewhere.  For |t| < 1/8, with
 * u = t / (2 + t): log1p(t) = 2 atanh(u) = 2 (u + u^3/3 + u^5/5 + ...) and
 * 2u - t = -t^2 / (2 + t), so log1p(t) - t = -t u + 2 u^3 (1/3 + u^2/5 + ...):
 * no cancellation, and |u| < 1/15 makes eight terms enough for double
 * precision; no division inside the loop. */
double pt_log1pmx(double t)
{
  if (fabs(t) < 0.125) {
    double u = t / (2.0 + t), u2 = u * u;
    double s = 1.0 / 19;
    s = 1.0 / 17 + u2 * s;
    s = 1.0 / 15 + u2 * s;
    s = 1.0 / 13 + u2 * s;
    s = 1.0 / 11 + u2 * s;
    s = 1.0 / 9 + u2 * s;
    s = 1.0 / 7 + u2 * s;
    s = 1.0 / 5 + u2 * s;
    s = 1.0 / 3 + u2 * s;
    return -t * u + 2.0 * u * u2 * s;
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

/* Continued fraction for I_x(a,b) (the one of Numerical Recipes' betacf:
 * 1/(1+ d1/(1+ d2/(1+ ...))), converging fast for x < (a+1)/(a+b+2)),
 * evaluated by the forward recurrence of its convergents A_m/B_m after the
 * equivalence transformation that clears the denominators of the d_m, so
 * the loop multiplies and never divides (as Cephes' incbcf, which rescales
 * the same way).  Convergence is tested by cross-multiplying successive
 * convergents; A and B are scaled by 2^-512 (exactly) when they grow. */
static int betacf(double x, double a, double b, double *out)
{
  /* the CF is 1 / K with K = 1 + d1/(1 + d2/(1 + ...)): the convergents of K,
   * from A_{-1} = 1, B_{-1} = 0 and A_0 = B_0 = 1 */
  double Am2 = 1.0, Bm2 = 0.0, Am1 = 1.0, Bm1 = 1.0;
  double prevden = 1.0;                   /* denominator of the previous d */
  const double big = 0x1p+256, small = 0x1p-256, ab = a + b;
  for (long m = 0; m < CF_MAXIT; m++) {
    double dm = (double)m, mm = dm + 1.0, a2m = a + 2.0 * dm;
    /* d_{2m+1} = -(a+m)(a+b+m) x / ((a+2m)(a+2m+1)); then b_k = den_k and
     * a_k = den_{k-1} num_k */
    double num = -(a + dm) * (ab + dm) * x, den = a2m * (a2m + 1.0);
    double ak = prevden * num;
    double A = den * Am1 + ak * Am2, B = den * Bm1 + ak * Bm2;
    /* d_{2m+2} = (m+1)(b-m-1) x / ((a+2m+1)(a+2m+2)) */
    double num2 = mm * (b - mm) * x, den2 = (a2m + 1.0) * (a2m + 2.0);
    double ak2 = den * num2;
    Am2 = A; Bm2 = B;
    Am1 = den2 * A + ak2 * Am1;
    Bm1 = den2 * B + ak2 * Bm1;
    prevden = den2;
    /* one rescaling check per pair of terms: a pair grows A and B by less
     * than 2^256 for a, b below 2^53 */
    if (fabs(Bm1) > big || fabs(Am1) > big) { Am2 *= small; Bm2 *= small; Am1 *= small; Bm1 *= small; }
    else if (fabs(Bm1) < small && fabs(Am1) < small && Bm1 != 0.0) {
      Am2 *= big; Bm2 *= big; Am1 *= big; Bm1 *= big;
    }
    /* converged when A_k/B_k and A_{k-1}/B_{k-1} agree to a few ulps */
    double d1 = Am1 * Bm2, d2 = Am2 * Bm1;
    if (m > 0 && fabs(d1 - d2) <= 4.0 * DBL_EPSILON * fabs(d1)) {
      if (!(Am1 != 0.0) || !isfinite(Bm1 / Am1)) return PT_ENOCONV;
      *out = Bm1 / Am1;   /* 1 / K */
      return PT_SUCCESS;
    }
  }
  return PT_ENOCONV;
}

/* Q(a, w) = Gamma(a, w) / Gamma(a), the regularised upper incomplete gamma,
 * in closed form for a = m or m + 1/2 (positive terms only: e^-w times a
 * finite Poisson-type sum, plus erfc for the half-integers), otherwise
 * GSL's.  Negative on failure. */
static double gamma_q(double a, double w)
{
  if (a <= 64.0 && a * 2.0 == floor(a * 2.0)) {
    double half = a != floor(a), s = 0.0, t;
    int m = (int)floor(a);
    if (half) {
      t = sqrt(w) * M_2_SQRTPI;               /* w^(1/2) / Gamma(3/2) */
      for (int j = 0; j < m; j++) { s += t; t *= w / (j + 1.5); }
      return erfc(sqrt(w)) + exp(-w) * s;
    }
    t = 1.0;
    for (int j = 0; j < m; j++) { s += t; t *= w / (j + 1.0); }
    return exp(-w) * s;
  }
  gsl_sf_result r;
  return gsl_sf_gamma_inc_Q_e(a, w, &r) == GSL_SUCCESS ? r.val : -1.0;
}

/* 1 - I_x(a,b) for small a, huge b and tiny x beyond the mode, where the
 * continued fraction in y = 1 - x cannot be used: y rounds, and an error of
 * 2^-53 in y is a relative error 2^-53 / x in x (10 % at x = 1e-15).  With
 * v = -log(1-t) the tail is int_{v0}^inf v^(a-1) phi(v) e^(-bv) dv / B(a,b),
 * phi(v) = ((1 - e^-v)/v)^(a-1) = 1 + c1 v + c2 v^2 + c3 v^3 + ..., so
 *   1 - I = e^K / Gamma(a) * sum_k c_k Gamma(a+k, w) / b^k,  w = b v0,
 * K = log(Gamma(a+b) / (Gamma(b) b^a)) from log1p(a/b) - a/b and Stirling
 * corrections (no cancelling lgammas).  Each term is (a+w)/b times the one
 * before; the caller ensures that is below 1e-4, so four terms leave a
 * relative error below 1e-16.  This is the leading part of DiDonato & Morris'
 * BGRAT expansion (ACM TOMS 708, 1992), with the coefficients of phi from
 * log((1-e^-v)/v) = -v/2 + v^2/24 - v^4/2880 + ...  Negative on failure. */
static double beta_upper_large_b(double x, double a, double b)
{
  double w = -b * log1p(-x), c = a - 1.0;
  double g = gamma_q(a, w);
  if (!(g >= 0.0)) return -1.0;
  const double ck[4] = { 1.0, -c / 2.0, c / 24.0 + c * c / 8.0, -(c * c + c * c * c) / 48.0 };
  double lh = a * log(w) - w - gsl_sf_lngamma(a);   /* log(w^a e^-w / Gamma(a)) */
  double sum = g, bk = 1.0;
  /* G_{k+1} = (a+k) G_k + w^(a+k) e^-w / Gamma(a), G_k = Gamma(a+k, w) / Gamma(a) */
  for (int k = 0; k < 3; k++) {
    g = (a + k) * g + exp(lh + k * log(w));
    bk *= b;
    sum += ck[k + 1] * g / bk;
  }
  double K = b * pt_log1pmx(a / b) + (a - 0.5) * log1p(a / b) + stirlerr(a + b) - stirlerr(b);
  return exp(K) * sum;
}

/* Both tails from the prefactor f = x^a (1-x)^b / B(a,b), by the continued
 * fraction in x for x < (a+1)/(a+b+2) and in y = 1-x beyond (Numerical
 * Recipes): the smaller tail directly, the larger by subtraction. */
static int beta_tails(double x, double y, double a, double b, double f, double *lower, double *upper)
{
  double cf, xc = (a + 1.0) / (a + b + 2.0);
  if (x >= xc && b > 1e6 && a <= 64.0 && (a - b * log1p(-x)) < 1e-4 * b) {
    double q = beta_upper_large_b(x, a, b);
    if (q >= 0.0 && q <= 1.0) { *upper = q; *lower = 1.0 - q; return PT_SUCCESS; }
  }
  if (x < xc) {
    if (betacf(x, a, b, &cf) != PT_SUCCESS) return PT_ENOCONV;
    *lower = fmin(1.0, f * cf / a);
    *upper = 1.0 - *lower;
  } else {
    if (betacf(y, b, a, &cf) != PT_SUCCESS) return PT_ENOCONV;
    *upper = fmin(1.0, f * cf / b);
    *lower = 1.0 - *upper;
  }
  return PT_SUCCESS;
}

int pt_beta_inc(double x, double a, double b, double *lower, double *upper)
{
  if (!(a > 0.0) || !(b > 0.0) || !(x >= 0.0) || !(x <= 1.0) || !isfinite(a) || !isfinite(b))
    return PT_EDOM;
  if (x == 0.0) { *lower = 0.0; *upper = 1.0; return PT_SUCCESS; }
  if (x == 1.0) { *lower = 1.0; *upper = 0.0; return PT_SUCCESS; }
  pt_gsl_quiet();
  double y = 1.0 - x;
  return beta_tails(x, y, a, b, exp(log_prefactor(x, y, a, b)), lower, upper);
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

/* The requested tail of Beta(a, b) at x, and the density, sharing one
 * prefactor x^a (1-x)^b / B(a,b). */
static int beta_tail_pdf(double x, double a, double b, int upper, double *v, double *pdf)
{
  double y = 1.0 - x, f = exp(log_prefactor(x, y, a, b)), lo, up;
  int st = beta_tails(x, y, a, b, f, &lo, &up);
  if (st) return st;
  *v = upper ? up : lo;
  *pdf = f / (x * y);
  return PT_SUCCESS;
}

/* Halley's method on g(x) = log(tail(x)) - log(p): with g' = +-pdf/tail and
 * pdf'/pdf = (a-1)/x - (b-1)/(1-x), g'' = g' pdf'/pdf - g'^2.  Cubic
 * convergence from the Cornish-Fisher start below means two or three
 * evaluations of the incomplete beta; the bracket [lo, hi] is kept as in
 * pt_solve_tail and a step that leaves it bisects.  0 when converged, -1
 * when the caller should fall back to the safeguarded Newton solver. */
static int beta_halley(double p, int upper, double a, double b, double x, double *xout)
{
  double lo = 0.0, hi = 1.0, lp = log(p);
  for (int it = 0; it < 40; it++) {
    double v, pdf;
    if (beta_tail_pdf(x, a, b, upper, &v, &pdf) != PT_SUCCESS || !(v > 0.0) || !isfinite(pdf) || !(pdf > 0.0))
      return -1;
    double g = log(v) - lp, g1 = (upper ? -pdf : pdf) / v;
    /* tail increasing in x for the lower tail */
    if ((g > 0) == !upper) hi = x; else lo = x;
    if (g == 0.0) { *xout = x; return 0; }
    double y = 1.0 - x, r = (a - 1.0) / x - (b - 1.0) / y, g2 = g1 * r - g1 * g1;
    double corr = 1.0 - g * g2 / (2.0 * g1 * g1), step = -g / g1, tol = 1e-9;
    if (isfinite(corr) && corr > 0.5 && corr < 2.0) { step /= corr; tol = 1e-5; }   /* Halley; else Newton */
    double xn = x + step;
    /* converged: the error after the step is of the order of the step cubed
     * (Halley: a step of 1e-5 leaves about 1e-15; checked on the grid of
     * tests/reference and 400,000 random intervals) or squared (Newton).
     * Tested before the bracket: a converged x sits on its edge, and the
     * last step may not even move it. */
    if (fabs(step) <= tol * fmin(x, y)) { *xout = xn > lo && xn < hi ? xn : x; return 0; }
    if (!(xn > lo && xn < hi)) {
      xn = lo <= 0.0 ? hi * 0.125 : hi >= 1.0 ? 1.0 - (1.0 - lo) * 0.125 : 0.5 * (lo + hi);
      if (!(xn > lo && xn < hi)) return -1;
    }
    if (hi - lo <= 4e-16 * fmin(hi, 1.0 - lo)) { *xout = xn; return 0; }
    x = xn;
  }
  return -1;
}

/* p <= 1/2 the smaller tail, z = Qinv(p) its normal quantile (> 0). */
static int beta_quantile_core(double p, double z, int upper_tail, double a, double b, double *xout)
{
  struct beta_tail c;
  double x0;
  {
    /* Start: the Cornish-Fisher expansion with the beta's skewness g1 and
     * excess kurtosis g2 (Cornish & Fisher 1937; Johnson, Kotz &
     * Balakrishnan 1995, ch. 25 for the moments),
     * x = m + sd (z + g1 (z^2-1)/6 + g2 (z^3-3z)/24 - g1^2 (2z^3-5z)/36),
     * clipped inside (0,1). */
    double s = a + b, m = a / s, sd = sqrt(a * b / (s * s * (s + 1.0)));
    double zl = upper_tail ? z : -z;             /* quantile of the lower tail */
    double g1 = 2.0 * (b - a) * sqrt(s + 1.0) / ((s + 2.0) * sqrt(a * b));
    double g2 = 6.0 * ((a - b) * (a - b) * (s + 1.0) - a * b * (s + 2.0)) / (a * b * (s + 2.0) * (s + 3.0));
    double z2 = zl * zl, z3 = z2 * zl;
    x0 = m + sd * (zl + g1 * (z2 - 1.0) / 6.0 + g2 * (z3 - 3.0 * zl) / 24.0 - g1 * g1 * (2.0 * z3 - 5.0 * zl) / 36.0);
    if (!(x0 > 0.0 && x0 < 1.0)) {
      x0 = upper_tail ? m + z * sd : m - z * sd;
      if (!(x0 > 0.0 && x0 < 1.0)) x0 = upper_tail ? 0.5 * (1.0 + m) : 0.5 * m;
    }
  }
  if (beta_halley(p, upper_tail, a, b, x0, xout) == 0) return PT_SUCCESS;
  c.a = a; c.b = b; c.upper = upper_tail;
  return pt_solve_tail(beta_tail_fn, &c, p, !upper_tail, 0.0, 1.0, x0, xout);
}

static int beta_domain(double a, double b)
{
  return !(a > 0.0) || !(b > 0.0) || !isfinite(a) || !isfinite(b) ? PT_EDOM : PT_SUCCESS;
}

int pt_beta_quantile(double p, int upper_tail, double a, double b, double *xout)
{
  if (beta_domain(a, b) || !(p >= 0.0) || !(p <= 1.0)) return PT_EDOM;
  /* Solve for the smaller tail: a lower-tail p > 1/2 is the upper tail 1-p. */
  if (p > 0.5) { p = 1.0 - p; upper_tail = !upper_tail; }
  if (p == 0.0) { *xout = upper_tail ? 1.0 : 0.0; return PT_SUCCESS; }
  pt_gsl_quiet();
  return beta_quantile_core(p, gsl_cdf_ugaussian_Qinv(p), upper_tail, a, b, xout);
}

int pt_beta_quantile_z(double p, double z, int upper_tail, double a, double b, double *xout)
{
  if (beta_domain(a, b) || !(p > 0.0) || !(p <= 0.5) || !(z >= 0.0)) return PT_EDOM;
  pt_gsl_quiet();
  return beta_quantile_core(p, z, upper_tail, a, b, xout);
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
