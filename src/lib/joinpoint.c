/* joinpoint.c - joinpoint regression of log rates with permutation or BIC
 * model selection (proptrend/trend.h).
 *
 * The model with k joinpoints tau_1 < ... < tau_k, at observed periods, is
 *   ln p(t) = b0 + b1 t + sum_j d_j (t - tau_j)+
 * fitted by ordinary least squares (Lerman 1980's grid search: every
 * placement allowed by the constraints is fitted, the smallest SSE wins;
 * ties go to the placement that comes first).  Constraints as the NCI
 * Joinpoint program's defaults: at least PT_JP_MIN_END observations between
 * each end of the series and the nearest joinpoint, and at least
 * PT_JP_MIN_BETWEEN between two joinpoints, the joinpoints themselves not
 * counted; so k joinpoints need 3k + 2 periods.
 *
 * Selection: the sequential permutation tests of Kim, Fay, Feuer & Midthune
 * (2000), Stat Med 19:335: H0 k = ka against H1 k = kb, starting at ka = 0,
 * kb = MAX; reject when p < alpha / (MAX - ka) (Joinpoint 3.0's levels), then
 * ka + 1, else kb - 1, until ka = kb.  Statistic SSE(ka) / SSE(kb); each
 * permuted data set is the ka-model's fitted values plus its residuals
 * shuffled, refitted under both hypotheses; p = (1 + #{ratio* >= ratio}) /
 * (1 + N).  Or BIC(k) = ln(SSE_k / n) + (2k + 2) ln(n) / n, the smallest.
 *
 * Inference for the selected model treats the joinpoints as known, with the
 * Joinpoint program's degrees of freedom n - (2k + 2) (the joinpoints count
 * as parameters): sigma^2 = SSE / df, segment slopes from the OLS covariance,
 * t intervals; APC = 100 (e^b - 1).  The AAPC over the whole range is
 * 100 (e^B - 1) with B the segment slopes averaged with weights equal to the
 * segments' lengths (Clegg et al. 2009, Stat Med 28:3670), its interval from
 * the same covariance and t quantile.
 */
#include <config.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "internal.h"
#include "proptrend/error.h"
#include "proptrend/trend.h"

#define MAXP (PT_JP_MAX + 2)   /* regression coefficients */

void pt_jp_opts_init(pt_jp_opts *o)
{
  memset(o, 0, sizeof *o);
  o->max_joinpoints = 1;
  o->permutations = 4499;
  o->seed = 1;
  o->alpha = 0.05;
  o->level = 0.95;
}

int pt_jp_min_periods(int k) { return 3 * k + 2; }

/* ---- placements and their projections -------------------------------------- */

typedef struct fitset {
  int k;          /* joinpoints */
  size_t m;       /* placements */
  int *at;        /* m * k joinpoint indices */
  double *q;      /* m * n * p: thin Q of the design (columns of length n) */
} fitset;

static void design(size_t n, const double *t, double tbar, int k, const int *at, gsl_matrix *X)
{
  for (size_t i = 0; i < n; i++) {
    gsl_matrix_set(X, i, 0, 1.0);
    gsl_matrix_set(X, i, 1, t[i] - tbar);   /* centred: better conditioned */
    for (int j = 0; j < k; j++) {
      double d = t[i] - t[at[j]];
      gsl_matrix_set(X, i, 2 + (size_t)j, d > 0 ? d : 0.0);
    }
  }
}

/* Every placement of k joinpoints: first index >= MIN_END, last <= n-1-MIN_END,
 * consecutive ones more than MIN_BETWEEN apart. */
static size_t count_placements(size_t n, int k, int *at, int j, int *out, size_t cap, size_t m)
{
  if (j == k) {
    if (out && m < cap) memcpy(out + m * (size_t)k, at, (size_t)k * sizeof *at);
    return m + 1;
  }
  int lo = j == 0 ? PT_JP_MIN_END : at[j - 1] + PT_JP_MIN_BETWEEN + 1;
  int hi = (int)n - 1 - PT_JP_MIN_END - (k - 1 - j) * (PT_JP_MIN_BETWEEN + 1);
  for (int i = lo; i <= hi; i++) {
    at[j] = i;
    m = count_placements(n, k, at, j + 1, out, cap, m);
    if (m > PT_JP_MAX_PLACEMENTS) return m;
  }
  return m;
}

static void fitset_free(fitset *f) { free(f->at); free(f->q); memset(f, 0, sizeof *f); }

static int fitset_build(size_t n, const double *t, int k, fitset *f)
{
  int at[PT_JP_MAX];
  size_t p = (size_t)k + 2;
  double tbar = 0;
  memset(f, 0, sizeof *f);
  f->k = k;
  size_t m = k ? count_placements(n, k, at, 0, NULL, 0, 0) : 1;
  if (m > PT_JP_MAX_PLACEMENTS || m == 0) return PT_EDOM;
  if ((double)m * (double)n * (double)p > 16e6) return PT_EDOM;   /* 128 MB of projections */
  f->m = m;
  f->at = malloc((m * (size_t)(k ? k : 1)) * sizeof *f->at);
  f->q = malloc(m * n * p * sizeof *f->q);
  gsl_matrix *X = gsl_matrix_alloc(n, p), *Q = gsl_matrix_alloc(n, n), *R = gsl_matrix_alloc(n, p);
  gsl_vector *tau = gsl_vector_alloc(p);
  int st = PT_SUCCESS;
  if (!f->at || !f->q || !X || !Q || !R || !tau) { st = PT_ENOMEM; goto out; }
  if (k) count_placements(n, k, at, 0, f->at, m, 0);
  for (size_t i = 0; i < n; i++) tbar += t[i];
  tbar /= (double)n;
  for (size_t c = 0; c < m; c++) {
    design(n, t, tbar, k, f->at + c * (size_t)k, X);
    if (gsl_linalg_QR_decomp(X, tau) || gsl_linalg_QR_unpack(X, tau, Q, R)) { st = PT_ENOCONV; goto out; }
    double *qc = f->q + c * n * p;
    for (size_t j = 0; j < p; j++)
      for (size_t i = 0; i < n; i++) qc[j * n + i] = gsl_matrix_get(Q, i, j);
  }
out:
  gsl_matrix_free(X); gsl_matrix_free(Q); gsl_matrix_free(R); gsl_vector_free(tau);
  if (st) fitset_free(f);
  return st;
}

/* SSE of y on placement c, and (when res is given) the residuals. */
static double sse_of(const fitset *f, size_t c, size_t n, const double *y, double *res)
{
  size_t p = (size_t)f->k + 2;
  const double *qc = f->q + c * n * p;
  double coef[MAXP], s = 0;
  for (size_t j = 0; j < p; j++) {
    double d = 0;
    for (size_t i = 0; i < n; i++) d += qc[j * n + i] * y[i];
    coef[j] = d;
  }
  for (size_t i = 0; i < n; i++) {
    double r = y[i];
    for (size_t j = 0; j < p; j++) r -= qc[j * n + i] * coef[j];
    if (res) res[i] = r;
    s += r * r;
  }
  return s;
}

static double best_sse(const fitset *f, size_t n, const double *y, size_t *which)
{
  double best = INFINITY;
  size_t w = 0;
  for (size_t c = 0; c < f->m; c++) {
    double s = sse_of(f, c, n, y, NULL);
    if (s < best * (1.0 - 1e-12)) { best = s; w = c; }   /* ties: the first */
  }
  if (which) *which = w;
  return best;
}

/* ---- permutations ---------------------------------------------------------- */

/* splitmix64 (Steele, Lea & Flood 2014): small, and the same on every
 * platform, so a seed gives the same p-values everywhere. */
static uint64_t rng_next(uint64_t *s)
{
  uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/* Uniform on 0..bound-1 without modulo bias (Lemire 2019). */
static uint64_t rng_below(uint64_t *s, uint64_t bound)
{
  unsigned __int128 m = (unsigned __int128)rng_next(s) * bound;
  uint64_t l = (uint64_t)m;
  if (l < bound) {
    uint64_t th = -bound % bound;
    while (l < th) { m = (unsigned __int128)rng_next(s) * bound; l = (uint64_t)m; }
  }
  return (uint64_t)(m >> 64);
}

static double ratio_of(double s0, double s1)
{
  if (s1 <= 0) return s0 <= 0 ? 1.0 : INFINITY;
  return s0 / s1;
}

/* The data set a permutation makes: fitted values of the null model plus its
 * residuals in permuted order. */
static void permuted(size_t n, const double *y, const double *r0, const size_t *perm, double *ys)
{
  for (size_t i = 0; i < n; i++) ys[i] = (y[i] - r0[i]) + r0[perm[i]];
}

/* ---- the whole procedure ------------------------------------------------------ */

static int check_series(size_t n, const double *t, const double *y)
{
  if (n < 3 || !t || !y) return PT_EDOM;
  for (size_t i = 0; i < n; i++) {
    if (!isfinite(t[i]) || !isfinite(y[i])) return PT_EDOM;
    if (i && !(t[i] > t[i - 1])) return PT_EDOM;
  }
  return PT_SUCCESS;
}

int pt_trend_joinpoint_ratio(size_t n, const double *t, const double *y, int k0, int k1, const size_t *perm,
                             double *ratio)
{
  int st = check_series(n, t, y);
  if (st) return st;
  if (k0 < 0 || k1 <= k0 || k1 > PT_JP_MAX || (int)n < pt_jp_min_periods(k1)) return PT_EDOM;
  if (perm) {   /* a permutation of 0..n-1, or the data set would read outside the residuals */
    unsigned char seen[64] = { 0 };
    if (n > sizeof seen) return PT_EDOM;
    for (size_t i = 0; i < n; i++) {
      if (perm[i] >= n || seen[perm[i]]) return PT_EDOM;
      seen[perm[i]] = 1;
    }
  }
  pt_gsl_quiet();
  fitset f0, f1;
  if ((st = fitset_build(n, t, k0, &f0))) return st;
  if ((st = fitset_build(n, t, k1, &f1))) { fitset_free(&f0); return st; }
  double *r0 = malloc(n * sizeof *r0), *ys = malloc(n * sizeof *ys);
  if (!r0 || !ys) st = PT_ENOMEM;
  else {
    size_t c;
    best_sse(&f0, n, y, &c);
    sse_of(&f0, c, n, y, r0);
    if (perm) permuted(n, y, r0, perm, ys);
    else memcpy(ys, y, n * sizeof *ys);
    *ratio = ratio_of(best_sse(&f0, n, ys, NULL), best_sse(&f1, n, ys, NULL));
  }
  free(r0); free(ys);
  fitset_free(&f0); fitset_free(&f1);
  return st;
}

/* One permutation test of ka against kb joinpoints. */
static int perm_test(size_t n, const double *y, const fitset *fa, const fitset *fb, const pt_jp_opts *o,
                     uint64_t *rng, double *ratio, double *p)
{
  double *r0 = malloc(n * sizeof *r0), *ys = malloc(n * sizeof *ys);
  size_t *perm = malloc(n * sizeof *perm), c;
  if (!r0 || !ys || !perm) { free(r0); free(ys); free(perm); return PT_ENOMEM; }
  double s0 = best_sse(fa, n, y, &c);
  sse_of(fa, c, n, y, r0);
  *ratio = ratio_of(s0, best_sse(fb, n, y, NULL));
  unsigned long ge = 0;
  for (unsigned long b = 0; b < o->permutations; b++) {
    for (size_t i = 0; i < n; i++) perm[i] = i;
    for (size_t i = n - 1; i > 0; i--) {   /* Fisher-Yates */
      size_t j = (size_t)rng_below(rng, (uint64_t)i + 1), tmp = perm[i];
      perm[i] = perm[j]; perm[j] = tmp;
    }
    permuted(n, y, r0, perm, ys);
    double rs = ratio_of(best_sse(fa, n, ys, NULL), best_sse(fb, n, ys, NULL));
    /* at least as extreme, allowing for rounding in the refits */
    if (rs >= *ratio * (1.0 - 1e-10)) ge++;
  }
  *p = (1.0 + (double)ge) / (1.0 + (double)o->permutations);
  free(r0); free(ys); free(perm);
  return PT_SUCCESS;
}

/* c'beta and c'(R'R)^-1 c for the fit of fit_selected. */
static void lincomb(const double *cv, const double *beta, const double *Ri, size_t p, double *b, double *v)
{
  /* (R'R)^-1 = Ri Ri' with Ri = R^-1 upper triangular: c'Ri Ri'c = |Ri'c|^2 */
  *b = 0; *v = 0;
  for (size_t j = 0; j < p; j++) {
    double u = 0;
    for (size_t i = 0; i <= j; i++) u += cv[i] * Ri[i * p + j];
    *b += cv[j] * beta[j];
    *v += u * u;
  }
}

/* Segments and AAPC of the model with joinpoints at indices at[0..k-1]:
 * least squares by QR, the covariance sigma^2 (R'R)^-1 from the same R (not
 * from X'X, which would square the condition number). */
static int fit_selected(size_t n, const double *t, const double *y, int k, const int *at, double level,
                        pt_jp_result *r)
{
  size_t p = (size_t)k + 2;
  double tbar = 0, beta[MAXP], Ri[MAXP * MAXP];
  int st = PT_SUCCESS;
  for (size_t i = 0; i < n; i++) tbar += t[i];
  tbar /= (double)n;
  gsl_matrix *X = gsl_matrix_alloc(n, p);
  gsl_vector *tau = gsl_vector_alloc(p), *yv = gsl_vector_alloc(n), *res = gsl_vector_alloc(n),
             *bv = gsl_vector_alloc(p);
  if (!X || !tau || !yv || !res || !bv) { st = PT_ENOMEM; goto out; }
  design(n, t, tbar, k, at, X);
  for (size_t i = 0; i < n; i++) gsl_vector_set(yv, i, y[i]);
  if (gsl_linalg_QR_decomp(X, tau) || gsl_linalg_QR_lssolve(X, tau, yv, bv, res)) { st = PT_ENOCONV; goto out; }
  {
    gsl_matrix_view R = gsl_matrix_submatrix(X, 0, 0, p, p);   /* R in the upper triangle */
    if (gsl_linalg_tri_invert(CblasUpper, CblasNonUnit, &R.matrix)) { st = PT_ENOCONV; goto out; }
    for (size_t i = 0; i < p; i++) {
      beta[i] = gsl_vector_get(bv, i);
      for (size_t j = 0; j < p; j++) Ri[i * p + j] = j >= i ? gsl_matrix_get(&R.matrix, i, j) : 0.0;
    }
  }
  double s2 = r->df > 0 ? r->sse[k] / (double)r->df : NAN;
  double tq = r->df > 0 ? gsl_cdf_tdist_Qinv((1.0 - level) / 2.0, (double)r->df) : NAN;
  double cbar[MAXP] = { 0 }, b, v;
  r->nseg = k + 1;
  for (int g = 0; g <= k; g++) {
    pt_jp_segment *sg = &r->seg[g];
    double cv[MAXP] = { 0 };
    cv[1] = 1.0;
    for (int j = 0; j < g; j++) cv[2 + j] = 1.0;   /* the slope after joinpoint j adds d_j */
    lincomb(cv, beta, Ri, p, &b, &v);
    sg->from = g == 0 ? t[0] : t[at[g - 1]];
    sg->to = g == k ? t[n - 1] : t[at[g]];
    sg->slope = b;
    sg->se = sqrt(v * s2);
    sg->apc = 100.0 * expm1(b);
    sg->apc_lower = 100.0 * expm1(b - tq * sg->se);
    sg->apc_upper = 100.0 * expm1(b + tq * sg->se);
    /* the AAPC's slope: the segments' slopes weighted by their lengths */
    for (size_t i = 0; i < p; i++) cbar[i] += (sg->to - sg->from) / (t[n - 1] - t[0]) * cv[i];
  }
  lincomb(cbar, beta, Ri, p, &b, &v);
  double seB = sqrt(v * s2);
  r->aapc = 100.0 * expm1(b);
  r->aapc_lower = 100.0 * expm1(b - tq * seB);
  r->aapc_upper = 100.0 * expm1(b + tq * seB);
out:
  gsl_matrix_free(X); gsl_vector_free(tau); gsl_vector_free(yv); gsl_vector_free(res); gsl_vector_free(bv);
  return st;
}

int pt_trend_joinpoint_y(size_t n, const double *t, const double *y, const pt_jp_opts *o, pt_jp_result *r)
{
  int st = check_series(n, t, y);
  if (st) return st;
  if (!o || o->max_joinpoints < 1 || o->max_joinpoints > PT_JP_MAX || !(o->level > 0 && o->level < 1) ||
      !(o->alpha > 0 && o->alpha < 1) || (!o->select_bic && o->permutations < 1))
    return PT_EDOM;
  int K = o->max_joinpoints;
  if ((int)n < pt_jp_min_periods(K)) return PT_ESHORT;
  pt_gsl_quiet();
  memset(r, 0, sizeof *r);
  fitset f[PT_JP_MAX + 1];
  memset(f, 0, sizeof f);
  for (int k = 0; k <= K && !st; k++) st = fitset_build(n, t, k, &f[k]);
  if (st) goto out;
  if (!o->select_bic) {
    /* the permutation tests refit every placement of both models on each
     * permuted data set: refuse work that would take hours */
    double work = 0;
    for (int k = 0; k <= K; k++) work += (double)f[k].m * (double)n * (double)(k + 2);
    if (work * (double)o->permutations * (double)K > PT_JP_MAX_WORK) { st = PT_EDOM; goto out; }
  }
  /* the best placement and its BIC for every k */
  for (int k = 0; k <= K; k++) {
    size_t c;
    r->sse[k] = best_sse(&f[k], n, y, &c);
    for (int j = 0; j < k; j++) r->at[k][j] = t[f[k].at[c * (size_t)k + (size_t)j]];
    r->bic[k] = log(r->sse[k] / (double)n) + (2.0 * k + 2.0) * log((double)n) / (double)n;
  }
  /* selection */
  int sel = 0;
  if (o->select_bic) {
    for (int k = 1; k <= K; k++) if (r->bic[k] < r->bic[sel]) sel = k;
  } else {
    uint64_t rng = o->seed;
    int ka = 0, kb = K;
    while (ka < kb) {
      pt_jp_test *x = &r->tests[r->ntests++];
      x->k0 = ka; x->k1 = kb;
      x->alpha = o->alpha / (double)(K - ka);
      if ((st = perm_test(n, y, &f[ka], &f[kb], o, &rng, &x->ratio, &x->p))) goto out;
      x->rejected = x->p < x->alpha;
      if (x->rejected) ka++; else kb--;
    }
    sel = ka;
  }
  r->k = sel;
  r->df = (int)n - (2 * sel + 2);
  for (int j = 0; j < sel; j++) r->joinpoints[j] = r->at[sel][j];
  /* the selected model, joinpoints taken as known */
  {
    size_t c;
    best_sse(&f[sel], n, y, &c);
    st = fit_selected(n, t, y, sel, f[sel].at + c * (size_t)sel, o->level, r);
  }
out:
  for (int k = 0; k <= PT_JP_MAX; k++) fitset_free(&f[k]);
  return st;
}

int pt_trend_joinpoint(size_t k, const uint64_t *x, const uint64_t *n, const double *s, const pt_jp_opts *o,
                       pt_jp_result *r)
{
  if (!x || !n || !s || k < 3) return PT_EDOM;
  double *y = malloc(k * sizeof *y);
  if (!y) return PT_ENOMEM;
  int st = PT_SUCCESS;
  for (size_t i = 0; i < k && !st; i++) {
    if (n[i] == 0 || x[i] > n[i]) st = PT_EDOM;
    else if (x[i] == 0) st = PT_EUNDEF;   /* ln 0 */
    else y[i] = log((double)x[i] / (double)n[i]);
  }
  if (!st) st = pt_trend_joinpoint_y(k, s, y, o, r);
  free(y);
  return st;
}
