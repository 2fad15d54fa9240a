/* compare.c - two-sample measures, tests and p-value adjustment
 * (see proptrend/compare.h for definitions and references). */
#include <config.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sf_gamma.h>

#include "internal.h"
#include "proptrend/ci.h"
#include "proptrend/compare.h"
#include "proptrend/error.h"
#include "proptrend/num.h"

static int domain2(uint64_t xa, uint64_t na, uint64_t xb, uint64_t nb)
{
  if (na == 0 || nb == 0 || xa > na || xb > nb || na > PT_COUNT_MAX || nb > PT_COUNT_MAX)
    return PT_EDOM;
  pt_gsl_quiet();
  return PT_SUCCESS;
}

static int domain2l(uint64_t xa, uint64_t na, uint64_t xb, uint64_t nb, double level, double *z)
{
  int st = domain2(xa, na, xb, nb);
  if (st) return st;
  if (!(level > 0.0 && level < 1.0)) return PT_EDOM;
  *z = gsl_cdf_ugaussian_Qinv((1.0 - level) / 2.0);
  return PT_SUCCESS;
}

static double clip(double v, double lo, double hi) { return v < lo ? lo : v > hi ? hi : v; }

/* ---- differences ------------------------------------------------------- */

int pt_diff_newcombe(uint64_t xa, uint64_t na, uint64_t xb, uint64_t nb, double level,
                     double *est, double *lower, double *upper)
{
  double z, la, ua, lb, ub, pa, pb, d;
  int st = domain2l(xa, na, xb, nb, level, &z);
  if (st) return st;
  if ((st = pt_ci_wilson(xa, na, level, &la, &ua)) || (st = pt_ci_wilson(xb, nb, level, &lb, &ub)))
    return st;
  pa = (double)xa / (double)na;
  pb = (double)xb / (double)nb;
  d = pa - pb;
  *est = d;
  *lower = clip(d - hypot(pa - la, ub - pb), -1.0, 1.0);
  *upper = clip(d + hypot(ua - pa, pb - lb), -1.0, 1.0);
  return PT_SUCCESS;
}

int pt_diff_wald(uint64_t xa, uint64_t na, uint64_t xb, uint64_t nb, double level,
                 double *est, double *lower, double *upper)
{
  double z, pa, pb, se;
  int st = domain2l(xa, na, xb, nb, level, &z);
  if (st) return st;
  pa = (double)xa / (double)na;
  pb = (double)xb / (double)nb;
  se = sqrt(pa * (1.0 - pa) / (double)na + pb * (1.0 - pb) / (double)nb);
  *est = pa - pb;
  *lower = clip(pa - pb - z * se, -1.0, 1.0);
  *upper = clip(pa - pb + z * se, -1.0, 1.0);
  return PT_SUCCESS;
}

int pt_diff_agresti_caffo(uint64_t xa, uint64_t na, uint64_t xb, uint64_t nb, double level,
                          double *est, double *lower, double *upper)
{
  double z, qa, qb, se, d;
  int st = domain2l(xa, na, xb, nb, level, &z);
  if (st) return st;
  qa = ((double)xa + 1.0) / ((double)na + 2.0);
  qb = ((double)xb + 1.0) / ((double)nb + 2.0);
  se = sqrt(qa * (1.0 - qa) / ((double)na + 2.0) + qb * (1.0 - qb) / ((double)nb + 2.0));
  d = qa - qb;
  *est = (double)xa / (double)na - (double)xb / (double)nb;
  *lower = clip(d - z * se, -1.0, 1.0);
  *upper = clip(d + z * se, -1.0, 1.0);
  return PT_SUCCESS;
}

/* Maximise a concave profile log-likelihood in pb on (lo, hi) given its
 * derivative; bisection on the sign of the derivative (robust at the
 * boundaries, where the maximum may sit). */
typedef double (*dll_fn)(double pb, const double *c);

static double argmax_concave(dll_fn dll, const double *c, double lo, double hi)
{
  double a = lo, b = hi;
  for (int it = 0; it < 2000; it++) {
    double m = 0.5 * (a + b);
    if (m <= a || m >= b) break;
    if (dll(m, c) > 0.0) a = m; else b = m;
  }
  return 0.5 * (a + b);
}

/* c = { xa, na, xb, nb, delta }: d/dpb of the log-likelihood with pa = pb + delta */
static double dll_diff(double pb, const double *c)
{
  double pa = pb + c[4], v = 0.0;
  if (c[0] > 0) v += c[0] / pa;
  if (c[1] > c[0]) v -= (c[1] - c[0]) / (1.0 - pa);
  if (c[2] > 0) v += c[2] / pb;
  if (c[3] > c[2]) v -= (c[3] - c[2]) / (1.0 - pb);
  return v;
}

/* Miettinen-Nurminen score statistic at delta. */
static double mn_score(double xa, double na, double xb, double nb, double delta)
{
  double c[5] = { xa, na, xb, nb, delta };
  double lo = fmax(0.0, -delta), hi = fmin(1.0, 1.0 - delta);
  double pb = argmax_concave(dll_diff, c, lo, hi), pa = pb + delta;
  double n = na + nb;
  double v = (pa * (1.0 - pa) / na + pb * (1.0 - pb) / nb) * n / (n - 1.0);
  double num = xa / na - xb / nb - delta;
  if (v <= 0.0) return num == 0.0 ? 0.0 : (num > 0 ? INFINITY : -INFINITY);
  return num / sqrt(v);
}

/* Root of mn_score(delta) = t on (a, b), where the score decreases. */
static double mn_solve(double xa, double na, double xb, double nb, double t, double a, double b)
{
  for (int it = 0; it < 200; it++) {
    double m = 0.5 * (a + b);
    if (m <= a || m >= b) break;
    if (mn_score(xa, na, xb, nb, m) > t) a = m; else b = m;
  }
  return 0.5 * (a + b);
}

int pt_diff_miettinen_nurminen(uint64_t xa, uint64_t na, uint64_t xb, uint64_t nb, double level,
                               double *est, double *lower, double *upper)
{
  double z, a = (double)xa, n1 = (double)na, b = (double)xb, n2 = (double)nb, d;
  int st = domain2l(xa, na, xb, nb, level, &z);
  if (st) return st;
  d = a / n1 - b / n2;
  *est = d;
  *lower = d <= -1.0 ? -1.0 : mn_solve(a, n1, b, n2, z, -1.0, d);
  *upper = d >= 1.0 ? 1.0 : mn_solve(a, n1, b, n2, -z, d, 1.0);
  return PT_SUCCESS;
}

/* ---- ratios ------------------------------------------------------------ */

int pt_ratio_katz(uint64_t xa, uint64_t na, uint64_t xb, uint64_t nb, double level,
                  double *est, double *lower, double *upper)
{
  double z, r, se;
  int st = domain2l(xa, na, xb, nb, level, &z);
  if (st) return st;
  if (xa == 0 || xb == 0) return PT_EUNDEF;
  r = ((double)xa / (double)na) / ((double)xb / (double)nb);
  se = sqrt(1.0 / (double)xa - 1.0 / (double)na + 1.0 / (double)xb - 1.0 / (double)nb);
  *est = r;
  *lower = r * exp(-z * se);
  *upper = r * exp(z * se);
  return PT_SUCCESS;
}

/* c = { xa, na, xb, nb, phi }: d/dpb of the log-likelihood with pa = phi pb */
static double dll_ratio(double pb, const double *c)
{
  double phi = c[4], v = 0.0;
  if (c[0] + c[2] > 0) v += (c[0] + c[2]) / pb;
  if (c[1] > c[0]) v -= phi * (c[1] - c[0]) / (1.0 - phi * pb);
  if (c[3] > c[2]) v -= (c[3] - c[2]) / (1.0 - pb);
  return v;
}

static double pearson_term(double x, double n, double p)
{
  double num = x - n * p, den = n * p * (1.0 - p);
  if (den <= 0.0) return fabs(num) < 1e-12 * n ? 0.0 : INFINITY;
  return num * num / den;
}

/* Koopman's Pearson chi-square at ratio phi. */
static double koopman_chi2(double xa, double na, double xb, double nb, double phi)
{
  double c[5] = { xa, na, xb, nb, phi };
  double pb = argmax_concave(dll_ratio, c, 0.0, fmin(1.0, 1.0 / phi)), pa = phi * pb;
  return pearson_term(xa, na, pa) + pearson_term(xb, nb, pb);
}

/* Limit of {phi : chi2(phi) <= q} from phi0 outwards (dir = -1 down, +1 up),
 * on the log scale; 0 or INFINITY if the set is unbounded that way. */
static double koopman_limit(double xa, double na, double xb, double nb, double q,
                            double phi0, int dir)
{
  double inside = log(phi0), outside = inside;
  for (;;) {
    outside += dir * 1.0;
    if (fabs(outside) > 700.0) return dir < 0 ? 0.0 : INFINITY;
    if (koopman_chi2(xa, na, xb, nb, exp(outside)) > q) break;
    inside = outside;
  }
  for (int it = 0; it < 200; it++) {
    double m = 0.5 * (inside + outside);
    if (m == inside || m == outside) break;
    if (koopman_chi2(xa, na, xb, nb, exp(m)) > q) outside = m; else inside = m;
  }
  return exp(0.5 * (inside + outside));
}

int pt_ratio_koopman(uint64_t xa, uint64_t na, uint64_t xb, uint64_t nb, double level,
                     double *est, double *lower, double *upper)
{
  double z, a = (double)xa, n1 = (double)na, b = (double)xb, n2 = (double)nb, q, r;
  int st = domain2l(xa, na, xb, nb, level, &z);
  if (st) return st;
  if (xa == 0 && xb == 0) return PT_EUNDEF;
  q = z * z;
  if (xb == 0) {            /* ratio infinite: only a lower limit */
    *est = INFINITY;
    *upper = INFINITY;
    *lower = koopman_limit(a, n1, b, n2, q, 1e300, -1);
    /* from "infinity" downwards: start where chi2 is below q */
    return PT_SUCCESS;
  }
  r = (a / n1) / (b / n2);
  *est = r;
  *lower = xa == 0 ? 0.0 : koopman_limit(a, n1, b, n2, q, r, -1);
  *upper = koopman_limit(a, n1, b, n2, q, xa == 0 ? 1e-300 : r, +1);
  return PT_SUCCESS;
}

/* ---- odds ratios ----------------------------------------------------------- */

int pt_or_woolf(uint64_t xa, uint64_t na, uint64_t xb, uint64_t nb, double level,
                double *est, double *lower, double *upper)
{
  double z, a = (double)xa, b = (double)(na - xa), c = (double)xb, d = (double)(nb - xb), or_, se;
  int st = domain2l(xa, na, xb, nb, level, &z);
  if (st) return st;
  if (a == 0 || b == 0 || c == 0 || d == 0) return PT_EUNDEF;
  or_ = (a * d) / (b * c);
  se = sqrt(1.0 / a + 1.0 / b + 1.0 / c + 1.0 / d);
  *est = or_;
  *lower = or_ * exp(-z * se);
  *upper = or_ * exp(z * se);
  return PT_SUCCESS;
}

/* The conditional distribution of X (successes in a) given both margins:
 * support lo..hi, log weights w[k - lo] = log C(na,k) + log C(nb, m-k). */
typedef struct nchg {
  long lo, hi;
  double *w;
} nchg;

static int nchg_init(nchg *h, uint64_t xa, uint64_t na, uint64_t xb, uint64_t nb)
{
  double m = (double)xa + (double)xb;
  h->lo = (long)fmax(0.0, m - (double)nb);
  h->hi = (long)fmin((double)na, m);
  h->w = malloc((size_t)(h->hi - h->lo + 1) * sizeof *h->w);
  if (!h->w) return PT_ENOMEM;
  /* log C(na,k) + log C(nb,m-k) by the ratio of neighbours, one log a term
   * instead of six log-gammas (the change table runs one test per pair);
   * re-anchored every 32 terms, so the rounding carried is at most 32 ulps
   * of the term's logarithm */
  double na_ = (double)na, nb_ = (double)nb;
  for (long k = h->lo; k <= h->hi; k++) {
    long i = k - h->lo;
    if (i % 32 == 0)
      h->w[i] = gsl_sf_lnchoose((unsigned)na, (unsigned)k) + gsl_sf_lnchoose((unsigned)nb, (unsigned)(m - (double)k));
    else {
      double j = (double)(k - 1);
      h->w[i] = h->w[i - 1] + log(((na_ - j) * (m - j)) / ((j + 1.0) * (nb_ - m + j + 1.0)));
    }
  }
  return PT_SUCCESS;
}

/* P(X >= x | log psi = t) (upper != 0) or P(X <= x | t); and the mean. */
static double nchg_tail(const nchg *h, long x, double t, int upper)
{
  double mx = -INFINITY, s = 0.0, tail = 0.0;
  for (long k = h->lo; k <= h->hi; k++) mx = fmax(mx, h->w[k - h->lo] + (double)k * t);
  for (long k = h->lo; k <= h->hi; k++) {
    double v = exp(h->w[k - h->lo] + (double)k * t - mx);
    s += v;
    if (upper ? k >= x : k <= x) tail += v;
  }
  return tail / s;
}

static double nchg_mean(const nchg *h, double t)
{
  double mx = -INFINITY, s = 0.0, m = 0.0;
  for (long k = h->lo; k <= h->hi; k++) mx = fmax(mx, h->w[k - h->lo] + (double)k * t);
  for (long k = h->lo; k <= h->hi; k++) {
    double v = exp(h->w[k - h->lo] + (double)k * t - mx);
    s += v;
    m += (double)k * v;
  }
  return m / s;
}

/* Root in t of an increasing g(t) = target: bracket by doubling, bisect. */
typedef double (*tfun)(const nchg *h, long x, double t);
static double f_upper(const nchg *h, long x, double t) { return nchg_tail(h, x, t, 1); }
static double f_lower_neg(const nchg *h, long x, double t) { return -nchg_tail(h, x, t, 0); }
static double f_mean(const nchg *h, long x, double t) { (void)x; return nchg_mean(h, t); }

static double solve_t(const nchg *h, long x, tfun g, double target)
{
  double a = -1.0, b = 1.0;
  while (g(h, x, a) > target && a > -1e4) a *= 2.0;
  while (g(h, x, b) < target && b < 1e4) b *= 2.0;
  for (int it = 0; it < 300; it++) {
    double m = 0.5 * (a + b);
    if (m <= a || m >= b) break;
    if (g(h, x, m) < target) a = m; else b = m;
  }
  return 0.5 * (a + b);
}

int pt_or_exact(uint64_t xa, uint64_t na, uint64_t xb, uint64_t nb, double level,
                double *est, double *lower, double *upper)
{
  double z, al2 = (1.0 - level) / 2.0;
  nchg h;
  long x = (long)xa;
  int st = domain2l(xa, na, xb, nb, level, &z);
  if (st) return st;
  if ((st = nchg_init(&h, xa, na, xb, nb))) return st;
  if (h.lo == h.hi) { free(h.w); return PT_EUNDEF; }   /* a zero margin */
  *est = x == h.lo ? 0.0 : x == h.hi ? INFINITY : exp(solve_t(&h, x, f_mean, (double)x));
  *lower = x == h.lo ? 0.0 : exp(solve_t(&h, x, f_upper, al2));
  *upper = x == h.hi ? INFINITY : exp(solve_t(&h, x, f_lower_neg, -al2));
  free(h.w);
  return PT_SUCCESS;
}

/* ---- tests ------------------------------------------------------------------ */

int pt_test_z(uint64_t xa, uint64_t na, uint64_t xb, uint64_t nb, double *z, double *p)
{
  double pa, pb, pp, se;
  int st = domain2(xa, na, xb, nb);
  if (st) return st;
  pp = ((double)xa + (double)xb) / ((double)na + (double)nb);
  if (pp <= 0.0 || pp >= 1.0) return PT_EUNDEF;
  pa = (double)xa / (double)na;
  pb = (double)xb / (double)nb;
  se = sqrt(pp * (1.0 - pp) * (1.0 / (double)na + 1.0 / (double)nb));
  *z = (pa - pb) / se;
  *p = 2.0 * gsl_cdf_ugaussian_Q(fabs(*z));
  return PT_SUCCESS;
}

int pt_test_fisher(uint64_t xa, uint64_t na, uint64_t xb, uint64_t nb, double *p)
{
  nchg h;
  double mx = -INFINITY, s = 0.0, sp = 0.0, wx;
  int st = domain2(xa, na, xb, nb);
  if (st) return st;
  if ((st = nchg_init(&h, xa, na, xb, nb))) return st;
  wx = h.w[(long)xa - h.lo];
  for (long k = h.lo; k <= h.hi; k++) mx = fmax(mx, h.w[k - h.lo]);
  /* R: sum of d[k] <= d[x] * (1 + 1e-7), the tolerance absorbing rounding */
  for (long k = h.lo; k <= h.hi; k++) {
    double v = exp(h.w[k - h.lo] - mx);
    s += v;
    if (h.w[k - h.lo] <= wx + log1p(1e-7)) sp += v;
  }
  free(h.w);
  *p = fmin(1.0, sp / s);
  return PT_SUCCESS;
}

/* ---- p-value adjustment --------------------------------------------------- */

typedef struct { double p; size_t i; } pidx;
static int cmp_pidx(const void *a, const void *b)
{
  const pidx *x = a, *y = b;
  if (x->p != y->p) return x->p < y->p ? -1 : 1;
  return x->i < y->i ? -1 : x->i > y->i;
}

int pt_p_adjust(double *p, size_t n, pt_adjust method)
{
  size_t m = 0;
  pidx *v;
  if (!p && n) return PT_EDOM;
  if (method == PT_ADJUST_NONE || n == 0) return PT_SUCCESS;
  v = malloc(n * sizeof *v);
  if (!v) return PT_ENOMEM;
  for (size_t i = 0; i < n; i++)
    if (!isnan(p[i])) { v[m].p = p[i]; v[m].i = i; m++; }
  qsort(v, m, sizeof *v, cmp_pidx);
  switch (method) {
  case PT_ADJUST_BONFERRONI:
    for (size_t k = 0; k < m; k++) p[v[k].i] = fmin(1.0, (double)m * v[k].p);
    break;
  case PT_ADJUST_HOLM: {
    double run = 0.0;
    for (size_t k = 0; k < m; k++) {
      run = fmax(run, fmin(1.0, (double)(m - k) * v[k].p));
      p[v[k].i] = run;
    }
    break;
  }
  case PT_ADJUST_BH: {
    double run = 1.0;
    for (size_t k = m; k-- > 0;) {
      run = fmin(run, fmin(1.0, (double)m / (double)(k + 1) * v[k].p));
      p[v[k].i] = run;
    }
    break;
  }
  default:
    free(v);
    return PT_EDOM;
  }
  free(v);
  return PT_SUCCESS;
}

/* ---- tables ---------------------------------------------------------------- */

const pt_cmp_method_info pt_diff_methods[] = {
  { "newcombe", pt_diff_newcombe, "Newcombe (1998), method 10" },
  { "wald", pt_diff_wald, "Wald, unpooled" },
  { "agresti-caffo", pt_diff_agresti_caffo, "Agresti & Caffo (2000)" },
  { "miettinen-nurminen", pt_diff_miettinen_nurminen, "Miettinen & Nurminen (1985)" },
  { NULL, NULL, NULL }
};

const pt_cmp_method_info pt_ratio_methods[] = {
  { "katz", pt_ratio_katz, "Katz et al. (1978)" },
  { "koopman", pt_ratio_koopman, "Koopman (1984)" },
  { NULL, NULL, NULL }
};

const pt_cmp_method_info pt_or_methods[] = {
  { "woolf", pt_or_woolf, "Woolf (1955)" },
  { "exact", pt_or_exact, "conditional exact (Cornfield 1956)" },
  { NULL, NULL, NULL }
};

const pt_cmp_method_info *pt_cmp_method_find(const pt_cmp_method_info *table, const char *name)
{
  for (; table && table->name; table++)
    if (strcmp(table->name, name) == 0) return table;
  return NULL;
}

static const char *const adjust_names[] = { "none", "bonferroni", "holm", "bh" };

int pt_adjust_from_name(const char *name, pt_adjust *out)
{
  for (size_t i = 0; i < sizeof adjust_names / sizeof adjust_names[0]; i++)
    if (strcmp(name, adjust_names[i]) == 0) { *out = (pt_adjust)i; return 0; }
  return -1;
}

const char *pt_adjust_name(pt_adjust a)
{
  return (unsigned)a < sizeof adjust_names / sizeof adjust_names[0] ? adjust_names[a] : "?";
}

/* ---- nested stages ---------------------------------------------------------- */

int pt_nested_stage(uint64_t x_rec, uint64_t n_rec, uint64_t x_reg, uint64_t n_reg, double level, pt_nested *r)
{
  int st = domain2(x_rec, n_rec, x_reg, n_reg);
  if (st) return st;
  if (!r || !(level > 0.0 && level < 1.0)) return PT_EDOM;
  r->ratio = r->lower = r->upper = NAN;
  r->flags = (n_rec != n_reg && n_rec != x_reg) ? PT_NEST_TOTALS_DIFFER : 0;
  if (x_reg == 0) return PT_EUNDEF;
  r->ratio = (double)x_rec / (double)x_reg;
  if (x_rec > x_reg) { r->flags |= PT_NEST_EXCEEDS; return PT_SUCCESS; }
  return pt_ci_wilson(x_rec, x_reg, level, &r->lower, &r->upper);
}

int pt_nested_change(uint64_t xrec_a, uint64_t xreg_a, uint64_t xrec_b, uint64_t xreg_b, double level, double *est,
                     double *lower, double *upper)
{
  if (xreg_a == 0 || xreg_b == 0 || xrec_a > xreg_a || xrec_b > xreg_b) return PT_EUNDEF;
  return pt_diff_newcombe(xrec_a, xreg_a, xrec_b, xreg_b, level, est, lower, upper);
}
