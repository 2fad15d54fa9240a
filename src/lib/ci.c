/* ci.c - single-proportion confidence intervals (see proptrend/ci.h). */
#include <config.h>

#include <math.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "internal.h"
#include "proptrend/ci.h"
#include "proptrend/dist.h"
#include "proptrend/error.h"
#include "proptrend/num.h"

static double clip01(double v) { return v < 0.0 ? 0.0 : v > 1.0 ? 1.0 : v; }

/* Domain check shared by every method (GSL style: first thing, no output
 * touched on failure); also yields z = Phi^-1(1 - alpha/2). */
static int domain(uint64_t x, uint64_t n, double level, double *z)
{
  if (n == 0 || x > n || n > PT_COUNT_MAX) return PT_EDOM;
  if (!(level > 0.0 && level < 1.0)) return PT_EDOM;
  pt_gsl_quiet();
  *z = gsl_cdf_ugaussian_Qinv((1.0 - level) / 2.0);
  return PT_SUCCESS;
}

int pt_ci_wald(uint64_t x, uint64_t n, double level, double *lower, double *upper)
{
  double z, p, h;
  int st = domain(x, n, level, &z);
  if (st) return st;
  p = (double)x / (double)n;
  h = z * sqrt(p * (1.0 - p) / (double)n);
  *lower = clip01(p - h);
  *upper = clip01(p + h);
  return PT_SUCCESS;
}

/* Wilson limits for x <= n/2; the lower root comes from the product of the
 * roots, x^2 / (n (n + z^2)), so it keeps full relative accuracy. */
static void wilson_half(double x, double n, double z, double *lo, double *hi)
{
  double z2 = z * z;
  double centre = (x + z2 / 2.0) / (n + z2);
  double half = z / (n + z2) * sqrt(x * (n - x) / n + z2 / 4.0);
  *hi = centre + half;
  *lo = x == 0.0 ? 0.0 : (x / n) * (x / (n + z2)) / *hi;
}

int pt_ci_wilson(uint64_t x, uint64_t n, double level, double *lower, double *upper)
{
  double z, lo, hi;
  int st = domain(x, n, level, &z);
  if (st) return st;
  if (2 * x <= n) {
    wilson_half((double)x, (double)n, z, &lo, &hi);
    *lower = clip01(lo); *upper = clip01(hi);
  } else {
    /* reflect so the limit near 1 is 1 - (accurate small number) */
    wilson_half((double)(n - x), (double)n, z, &lo, &hi);
    *lower = clip01(1.0 - hi); *upper = x == n ? 1.0 : clip01(1.0 - lo);
  }
  return PT_SUCCESS;
}

int pt_ci_wilson_cc(uint64_t x, uint64_t n, double level, double *lower, double *upper)
{
  double z, p, nn = (double)n, z2, den, a;
  int st = domain(x, n, level, &z);
  if (st) return st;
  p = (double)x / nn;
  z2 = z * z;
  den = 2.0 * (nn + z2);
  if (x == 0) *lower = 0.0;
  else {
    a = z2 - 2.0 - 1.0 / nn + 4.0 * p * (nn * (1.0 - p) + 1.0);
    *lower = clip01((2.0 * nn * p + z2 - 1.0 - z * sqrt(fmax(a, 0.0))) / den);
  }
  if (x == n) *upper = 1.0;
  else {
    a = z2 + 2.0 - 1.0 / nn + 4.0 * p * (nn * (1.0 - p) - 1.0);
    *upper = clip01((2.0 * nn * p + z2 + 1.0 + z * sqrt(fmax(a, 0.0))) / den);
  }
  return PT_SUCCESS;
}

int pt_ci_agresti_coull(uint64_t x, uint64_t n, double level, double *lower, double *upper)
{
  double z, nt, pt, h;
  int st = domain(x, n, level, &z);
  if (st) return st;
  nt = (double)n + z * z;
  pt = ((double)x + z * z / 2.0) / nt;
  h = z * sqrt(pt * (1.0 - pt) / nt);
  *lower = x == 0 ? 0.0 : clip01(pt - h);
  *upper = x == n ? 1.0 : clip01(pt + h);
  return PT_SUCCESS;
}

int pt_ci_jeffreys(uint64_t x, uint64_t n, double level, double *lower, double *upper)
{
  double z, a = (double)x + 0.5, b = (double)(n - x) + 0.5, al2 = (1.0 - level) / 2.0;
  double lo = 0.0, hi = 1.0;
  int st = domain(x, n, level, &z);
  if (st) return st;
  if (x > 0 && (st = pt_beta_quantile_z(al2, z, 0, a, b, &lo))) return st;
  if (x < n && (st = pt_beta_quantile_z(al2, z, 1, a, b, &hi))) return st;
  *lower = lo; *upper = hi;
  return PT_SUCCESS;
}

int pt_ci_clopper_pearson(uint64_t x, uint64_t n, double level, double *lower, double *upper)
{
  double z, nn = (double)n, xx = (double)x, al2 = (1.0 - level) / 2.0;
  double lo = 0.0, hi = 1.0;
  int st = domain(x, n, level, &z);
  if (st) return st;
  /* x = 0 and x = n in closed form: (alpha/2)^(1/n), via expm1/log for accuracy */
  if (x == 0) hi = -expm1(log(al2) / nn);
  else if (x == n) lo = pow(al2, 1.0 / nn);
  if (x > 0 && x < n && (st = pt_beta_quantile_z(al2, z, 0, xx, nn - xx + 1.0, &lo))) return st;
  if (x < n && x > 0 && (st = pt_beta_quantile_z(al2, z, 1, xx + 1.0, nn - xx, &hi))) return st;
  *lower = lo; *upper = hi;
  return PT_SUCCESS;
}

/* ---- mid-p --------------------------------------------------------------- */

struct midp { double x, n; };

/* (P(X >= x) + P(X >= x+1)) / 2, increasing in p; 0 < x < n. */
static int midp_low(double p, void *ctx, double *v, double *dv)
{
  const struct midp *c = ctx;
  double l1, u1, l2, u2;
  int st = pt_beta_inc(p, c->x, c->n - c->x + 1.0, &l1, &u1);
  if (!st) st = pt_beta_inc(p, c->x + 1.0, c->n - c->x, &l2, &u2);
  if (st) return st;
  *v = 0.5 * (l1 + l2);
  *dv = 0.5 * (pt_beta_pdf(p, c->x, c->n - c->x + 1.0) + pt_beta_pdf(p, c->x + 1.0, c->n - c->x));
  return PT_SUCCESS;
}

/* (P(X <= x) + P(X <= x-1)) / 2, decreasing in p; 0 < x < n. */
static int midp_up(double p, void *ctx, double *v, double *dv)
{
  const struct midp *c = ctx;
  double l1, u1, l2, u2;
  int st = pt_beta_inc(p, c->x + 1.0, c->n - c->x, &l1, &u1);
  if (!st) st = pt_beta_inc(p, c->x, c->n - c->x + 1.0, &l2, &u2);
  if (st) return st;
  *v = 0.5 * (u1 + u2);
  *dv = -0.5 * (pt_beta_pdf(p, c->x + 1.0, c->n - c->x) + pt_beta_pdf(p, c->x, c->n - c->x + 1.0));
  return PT_SUCCESS;
}

int pt_ci_mid_p(uint64_t x, uint64_t n, double level, double *lower, double *upper)
{
  double z, al = 1.0 - level, nn = (double)n, cl, cu, lo = 0.0, hi = 1.0;
  struct midp c = { (double)x, (double)n };
  int st = domain(x, n, level, &z);
  if (st) return st;
  /* At x = 0, (1-p)^n / 2 = alpha/2; at x = n, p^n / 2 = alpha/2. */
  if (x == 0) hi = -expm1(log(al) / nn);
  if (x == n) lo = pow(al, 1.0 / nn);
  if (x > 0 && x < n) {
    /* the mid-p interval lies inside Clopper-Pearson: start there */
    if ((st = pt_ci_clopper_pearson(x, n, level, &cl, &cu))) return st;
    if ((st = pt_solve_tail(midp_low, &c, al / 2.0, 1, 0.0, (double)x / nn, cl, &lo))) return st;
    if ((st = pt_solve_tail(midp_up, &c, al / 2.0, 0, (double)x / nn, 1.0, cu, &hi))) return st;
  }
  *lower = lo; *upper = hi;
  return PT_SUCCESS;
}

/* ---- likelihood ratio ------------------------------------------------------ */

struct lr { double x, n, phat; };

/* Half the deviance, D(p) = x log(phat/p) + (n-x) log((1-phat)/(1-p)), written
 * as -x*log1pmx(u) - (n-x)*log1pmx(v) with x u + (n-x) v = 0, so the large
 * opposite terms never cancel. */

static int lr_fn(double p, void *ctx, double *v, double *dv)
{
  const struct lr *c = ctx;
  double d = 0.0;
  if (c->x > 0) d -= c->x * pt_log1pmx(p / c->phat - 1.0);
  if (c->n > c->x) d -= (c->n - c->x) * pt_log1pmx((1.0 - p) / (1.0 - c->phat) - 1.0);
  *v = d;
  *dv = -c->x / p + (c->n - c->x) / (1.0 - p);
  return PT_SUCCESS;
}

int pt_ci_likelihood(uint64_t x, uint64_t n, double level, double *lower, double *upper)
{
  double z, nn = (double)n, ph = (double)x / (double)n, wl, wu, lo = 0.0, hi = 1.0;
  struct lr c = { (double)x, (double)n, ph };
  int st = domain(x, n, level, &z);
  if (st) return st;
  /* x = 0: -n log(1-p) = z^2/2; x = n symmetric. */
  if (x == 0) hi = -expm1(-z * z / (2.0 * nn));
  if (x == n) lo = exp(-z * z / (2.0 * nn));
  if ((st = pt_ci_wilson(x, n, level, &wl, &wu))) return st;
  if (x > 0 && x < n) {
    if ((st = pt_solve_tail(lr_fn, &c, z * z / 2.0, 0, 0.0, ph, wl, &lo))) return st;
    if ((st = pt_solve_tail(lr_fn, &c, z * z / 2.0, 1, ph, 1.0, wu, &hi))) return st;
  }
  *lower = lo; *upper = hi;
  return PT_SUCCESS;
}

/* ---- Blaker ------------------------------------------------------------- */

/* Largest k in [0, kmax] with P(X <= k) <= t, or -1 if none. */
static double cdf_quantile_le(double t, double n, double p, double kmax)
{
  double lo = -1.0, hi = kmax + 1.0;   /* invariant: F(lo) <= t < F(hi) */
  if (pt_binom_cdf(kmax, n, p) <= t) return kmax;
  while (hi - lo > 1.0) {
    double mid = floor((lo + hi) / 2.0);
    if (pt_binom_cdf(mid, n, p) <= t) lo = mid; else hi = mid;
  }
  return lo;
}

/* Smallest k in [kmin, n] with P(X >= k) <= t, or n+1 if none. */
static double sf_quantile_le(double t, double n, double p, double kmin)
{
  double lo = kmin - 1.0, hi = n + 1.0;  /* S(lo) > t >= S(hi) */
  if (pt_binom_sf(kmin, n, p) <= t) return kmin;
  while (hi - lo > 1.0) {
    double mid = floor((lo + hi) / 2.0);
    if (pt_binom_sf(mid, n, p) <= t) hi = mid; else lo = mid;
  }
  return hi;
}

/* Blaker's acceptability: the probability of an outcome whose smaller tail
 * is no larger than the observed one's. */
static double blaker_accept(double x, double n, double p)
{
  double shi = pt_binom_sf(x, n, p), slo = pt_binom_cdf(x, n, p), a1, a2, k;
  a1 = shi;
  if (x > 0) {
    k = cdf_quantile_le(shi, n, p, x - 1.0);
    if (k >= 0) a1 += pt_binom_cdf(k, n, p);
  }
  a2 = slo;
  if (x < n) {
    k = sf_quantile_le(slo, n, p, x + 1.0);
    if (k <= n) a2 += pt_binom_sf(k, n, p);
  }
  return fmin(1.0, fmin(a1, a2));
}

/* First p from `from` towards `to` with acceptability > alpha: a scan of 500
 * steps (acceptability is not monotone), then bisection on the crossing. */
static double blaker_limit(double x, double n, double alpha, double from, double to)
{
  const int steps = 500;
  double prev = from, cur = from;
  for (int i = 1; i <= steps; i++) {
    cur = from + (to - from) * i / steps;
    if (blaker_accept(x, n, cur) > alpha) break;
    prev = cur;
  }
  for (int it = 0; it < 200; it++) {
    double mid = 0.5 * (prev + cur);
    if (mid == prev || mid == cur) break;
    if (blaker_accept(x, n, mid) > alpha) cur = mid; else prev = mid;
  }
  return cur;
}

int pt_ci_blaker(uint64_t x, uint64_t n, double level, double *lower, double *upper)
{
  double z, cl, cu, al = 1.0 - level, xx = (double)x, nn = (double)n;
  int st = domain(x, n, level, &z);
  if (st) return st;
  /* Blaker's interval lies inside Clopper-Pearson. */
  if ((st = pt_ci_clopper_pearson(x, n, level, &cl, &cu))) return st;
  *lower = x == 0 ? 0.0 : blaker_limit(xx, nn, al, cl, xx / nn);
  *upper = x == n ? 1.0 : blaker_limit(xx, nn, al, cu, xx / nn);
  return PT_SUCCESS;
}

/* ---- logit and arcsine ----------------------------------------------------- */

int pt_ci_logit(uint64_t x, uint64_t n, double level, double *lower, double *upper)
{
  double z, xx = (double)x, nn = (double)n, lam, se;
  int st = domain(x, n, level, &z);
  if (st) return st;
  if (x == 0 || x == n) {
    /* log-odds undefined: the exact one-sided limit (alpha/2)^(1/n) */
    double al2 = (1.0 - level) / 2.0;
    *lower = x == 0 ? 0.0 : pow(al2, 1.0 / nn);
    *upper = x == n ? 1.0 : -expm1(log(al2) / nn);
    return PT_SUCCESS;
  }
  lam = log(xx / (nn - xx));
  se = sqrt(nn / (xx * (nn - xx)));
  *lower = clip01(1.0 / (1.0 + exp(-(lam - z * se))));
  *upper = clip01(1.0 / (1.0 + exp(-(lam + z * se))));
  return PT_SUCCESS;
}

int pt_ci_arcsine(uint64_t x, uint64_t n, double level, double *lower, double *upper)
{
  double z, nn = (double)n, pt, c, h, s;
  int st = domain(x, n, level, &z);
  if (st) return st;
  pt = ((double)x + 0.375) / (nn + 0.75);
  c = asin(sqrt(pt));
  h = z / (2.0 * sqrt(nn));
  s = sin(fmax(0.0, c - h));
  *lower = x == 0 ? 0.0 : clip01(s * s);
  s = sin(fmin(M_PI / 2.0, c + h));
  *upper = x == n ? 1.0 : clip01(s * s);
  return PT_SUCCESS;
}

const pt_ci_method_info pt_ci_methods[] = {
  { "wald", pt_ci_wald, "Laplace; Brown, Cai & DasGupta (2001)" },
  { "wilson", pt_ci_wilson, "Wilson (1927)" },
  { "wilson-cc", pt_ci_wilson_cc, "Newcombe (1998), method 4" },
  { "agresti-coull", pt_ci_agresti_coull, "Agresti & Coull (1998)" },
  { "jeffreys", pt_ci_jeffreys, "Brown, Cai & DasGupta (2001)" },
  { "clopper-pearson", pt_ci_clopper_pearson, "Clopper & Pearson (1934)" },
  { "mid-p", pt_ci_mid_p, "Berry & Armitage (1995)" },
  { "likelihood", pt_ci_likelihood, "Brown, Cai & DasGupta (2001)" },
  { "blaker", pt_ci_blaker, "Blaker (2000)" },
  { "logit", pt_ci_logit, "Brown, Cai & DasGupta (2001)" },
  { "arcsine", pt_ci_arcsine, "Anscombe (1948)" },
  { NULL, NULL, NULL }
};

const pt_ci_method_info *pt_ci_method_find(const char *name)
{
  for (const pt_ci_method_info *m = pt_ci_methods; m->name; m++)
    if (strcmp(m->name, name) == 0) return m;
  return NULL;
}
