/* reinspect.c - re-inspection sampling and classification-error adjustment
 * (see proptrend/reinspect.h). */
#include <config.h>

#include <math.h>

#include <gsl/gsl_cdf.h>

#include "internal.h"
#include "proptrend/ci.h"
#include "proptrend/error.h"
#include "proptrend/num.h"
#include "proptrend/reinspect.h"

int pt_ss_cochran(uint64_t N, double P, double D, double level, double *n0, uint64_t *n)
{
  if (!(P > 0 && P < 1) || !(D > 0 && D < 1) || !(level > 0 && level < 1) || N > PT_COUNT_MAX) return PT_EDOM;
  pt_gsl_quiet();
  double z = gsl_cdf_ugaussian_Qinv((1.0 - level) / 2.0);
  double a = z * z * P * (1.0 - P) / (D * D);   /* +inf for a margin near 0 */
  double b;
  /* the finite-population correction as N / (1 + (N - 1)/n0): bounded by
   * N even when n0 is infinite (n0 / (1 + (n0 - 1)/N) would be inf/inf) */
  if (!(a > 0)) b = 0;
  else if (N) b = (double)N / (1.0 + ((double)N - 1.0) / a);
  else if (!(a <= (double)PT_COUNT_MAX)) return PT_EOVERFLOW;   /* no whole count says it */
  else b = a;
  *n0 = a;
  /* ceil, but not of rounding noise just above a whole number; at least
   * one unit, at most the population */
  double c = ceil(b - fmin(1e-9 * b, 1e-6));   /* relative, but below a unit for N near 1e9 */
  if (c < 1) c = 1;
  if (N && c > (double)N) c = (double)N;
  *n = (uint64_t)c;
  return PT_SUCCESS;
}

/* P(X <= x) and P(X >= x) for X ~ Hypergeometric(K good of N, m drawn). */
static double hyp_le(uint64_t x, uint64_t K, uint64_t N, uint64_t m)
{
  return gsl_cdf_hypergeometric_P((unsigned)x, (unsigned)K, (unsigned)(N - K), (unsigned)m);
}
static double hyp_ge(uint64_t x, uint64_t K, uint64_t N, uint64_t m)
{
  if (x == 0) return 1.0;
  return gsl_cdf_hypergeometric_Q((unsigned)(x - 1), (unsigned)K, (unsigned)(N - K), (unsigned)m);
}

int pt_hyper_ci(uint64_t c, uint64_t m, uint64_t N, double level, uint64_t *K_lower, uint64_t *K_upper)
{
  if (m == 0 || c > m || m > N || N > 4000000000ULL || !(level > 0 && level < 1)) return PT_EDOM;
  pt_gsl_quiet();
  double a2 = (1.0 - level) / 2.0;
  /* K is at least c and at most N - (m - c) */
  uint64_t lo = c, hi = N - (m - c);
  /* lower: the smallest K with P(X >= c | K) > alpha/2 (increasing in K) */
  uint64_t a = lo, b = hi;
  if (c == 0) a = 0;
  else while (a < b) { uint64_t k = a + (b - a) / 2; if (hyp_ge(c, k, N, m) > a2) b = k; else a = k + 1; }
  *K_lower = a;
  /* upper: the largest K with P(X <= c | K) > alpha/2 (decreasing in K) */
  a = lo; b = hi;
  if (c == m) b = hi;
  else while (a < b) { uint64_t k = a + (b - a + 1) / 2; if (hyp_le(c, k, N, m) > a2) a = k; else b = k - 1; }
  *K_upper = c == m ? hi : b;
  return PT_SUCCESS;
}

int pt_ss_exact(uint64_t N, double P, double D, double level, uint64_t *n)
{
  if (!(P > 0 && P < 1) || !(D > 0 && D < 1) || N == 0 || N > 1000000) return PT_EDOM;
  for (uint64_t m = 1; m <= N; m++) {
    uint64_t c = (uint64_t)floor(P * (double)m + 0.5), kl, ku;
    if (pt_hyper_ci(c, m, N, level, &kl, &ku)) return PT_EDOM;
    if ((double)(ku - kl) / (2.0 * (double)N) <= D) { *n = m; return PT_SUCCESS; }
  }
  *n = N;
  return PT_SUCCESS;
}

double pt_lqas_oc(uint64_t N, uint64_t n, uint64_t d, double p)
{
  uint64_t D = (uint64_t)floor(p * (double)N + 0.5);
  if (D > N) D = N;
  pt_gsl_quiet();
  /* failures in the sample ~ Hypergeometric(D failing of N, n drawn) */
  return gsl_cdf_hypergeometric_P((unsigned)d, (unsigned)D, (unsigned)(N - D), (unsigned)n);
}

int pt_lqas(uint64_t N, double p0, double p1, double alpha, double beta, uint64_t *n, uint64_t *d)
{
  if (N == 0 || N > 1000000 || !(p0 >= 0 && p0 < p1 && p1 <= 1) || !(alpha > 0 && alpha < 1) ||
      !(beta > 0 && beta < 1))
    return PT_EDOM;
  /* rates with the same number of failing units have the same operating
   * characteristic: no n separates them unless 1 - alpha <= beta (issue 19:
   * the search tried every n up to N, hours for N = 10^6) */
  if (floor(p0 * (double)N + 0.5) == floor(p1 * (double)N + 0.5) && 1.0 - alpha > beta) return PT_EUNDEF;
  for (uint64_t m = 1; m <= N; m++) {
    /* the smallest d that accepts a good lot often enough */
    uint64_t dd = 0;
    while (dd < m && pt_lqas_oc(N, m, dd, p0) < 1.0 - alpha) dd++;
    if (pt_lqas_oc(N, m, dd, p0) >= 1.0 - alpha && pt_lqas_oc(N, m, dd, p1) <= beta) {
      *n = m;
      *d = dd;
      return PT_SUCCESS;
    }
  }
  return PT_EUNDEF;
}

int pt_rogan_gladen(double p, double se, double sp, double *adjusted)
{
  if (!(p >= 0 && p <= 1) || !(se >= 0 && se <= 1) || !(sp >= 0 && sp <= 1) || !(se + sp > 1)) return PT_EDOM;
  double v = (p + sp - 1.0) / (se + sp - 1.0);
  *adjusted = v < 0 ? 0 : v > 1 ? 1 : v;
  return PT_SUCCESS;
}

int pt_rogan_gladen_counts(uint64_t x, uint64_t n, uint64_t se_x, uint64_t se_n, uint64_t sp_x, uint64_t sp_n,
                           double level, pt_rg_result *r)
{
  if (!r || n == 0 || se_n == 0 || sp_n == 0 || x > n || se_x > se_n || sp_x > sp_n || n > PT_COUNT_MAX ||
      se_n > PT_COUNT_MAX || sp_n > PT_COUNT_MAX || !(level > 0 && level < 1))
    return PT_EDOM;
  pt_gsl_quiet();
  double p = (double)x / (double)n, se = (double)se_x / (double)se_n, sp = (double)sp_x / (double)sp_n;
  double J = se + sp - 1.0, z = gsl_cdf_ugaussian_Qinv((1.0 - level) / 2.0);
  r->apparent = p; r->se = se; r->sp = sp;
  r->adjusted = r->sd = r->lower = r->upper = r->lower_known = r->upper_known = NAN;
  if (!(J > 0.0)) { r->status = PT_RG_UNINFORMATIVE; return PT_SUCCESS; }
  double th = (p + sp - 1.0) / J;
  double vp = p * (1.0 - p) / (double)n;
  double v = (vp + th * th * se * (1.0 - se) / (double)se_n + (1.0 - th) * (1.0 - th) * sp * (1.0 - sp) / (double)sp_n) / (J * J);
  r->adjusted = th;
  r->sd = sqrt(v);
  r->lower = th - z * r->sd;
  r->upper = th + z * r->sd;
  r->lower_known = th - z * sqrt(vp) / J;
  r->upper_known = th + z * sqrt(vp) / J;
  r->status = p < 1.0 - sp ? PT_RG_BELOW : p > se ? PT_RG_ABOVE : PT_RG_OK;
  return PT_SUCCESS;
}

int pt_verify(uint64_t confirmed, uint64_t inspected, uint64_t classified, uint64_t total, double level,
              pt_verify_result *r)
{
  if (inspected == 0 || confirmed > inspected || inspected > classified || classified > total ||
      total > 4000000000ULL || !(level > 0 && level < 1))
    return PT_EDOM;
  int st = pt_ci_wilson(confirmed, inspected, level, &r->wilson_lower, &r->wilson_upper);
  if (st) return st;
  if ((st = pt_hyper_ci(confirmed, inspected, classified, level, &r->compliant_lower, &r->compliant_upper)))
    return st;
  double X = (double)classified, T = (double)total;
  r->rate = (double)confirmed / (double)inspected;
  r->exact_lower = (double)r->compliant_lower / X;
  r->exact_upper = (double)r->compliant_upper / X;
  r->compliant = X * (double)confirmed / (double)inspected;
  r->corrected = r->compliant / T;
  r->corrected_lower = (double)r->compliant_lower / T;
  r->corrected_upper = (double)r->compliant_upper / T;
  return PT_SUCCESS;
}
