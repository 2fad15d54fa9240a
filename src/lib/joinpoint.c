/* joinpoint.c - joinpoint regression of log rates: weighted grid search,
 * selection by WBIC, BIC, BIC3 or permutation tests, the jump model and the
 * pairwise comparison of two series (proptrend/trend.h).
 *
 * The model with k joinpoints tau_1 < ... < tau_k, at observed periods, is
 *   ln p(t) = b0 + b1 t + sum_j d_j (t - tau_j)+ [+ g 1{t >= J}] [+ c 1{series b}]
 * fitted by (weighted) least squares (Lerman 1980's grid search: every
 * placement allowed by the constraints is fitted, the smallest SSE wins;
 * ties go to the placement that comes first).  Weighted least squares is
 * ordinary least squares of sqrt(w) y on sqrt(w) X, so everything below
 * works in that transformed space: the SSE is the weighted SSE, the
 * permutation tests permute the transformed (standardised) residuals, and
 * the covariance sigma^2 (R'R)^-1 is that of R's lm(weights = w).
 * Constraints as the NCI Joinpoint program's defaults: at least
 * PT_JP_MIN_END observations between each end of the series and the nearest
 * joinpoint, and at least PT_JP_MIN_BETWEEN between two joinpoints, the
 * joinpoints themselves not counted; so k joinpoints need 3k + 2 periods.
 *
 * Selection: the sequential permutation tests of Kim, Fay, Feuer & Midthune
 * (2000), Stat Med 19:335: H0 k = ka against H1 k = kb, starting at ka = 0,
 * kb = MAX; reject when p < alpha / (MAX - ka) (Joinpoint 3.0's levels), then
 * ka + 1, else kb - 1, until ka = kb.  Statistic SSE(ka) / SSE(kb); each
 * permuted data set is the ka-model's fitted values plus its residuals
 * shuffled, refitted under both hypotheses; p = (1 + #{ratio* >= ratio}) /
 * (1 + N).  Or the smallest of BIC, BIC3 or WBIC (trend.h gives them; the
 * WBIC's partial R^2 is Joinpoint's, read from its documentation).
 *
 * Inference for the selected model treats the joinpoints as known, with the
 * Joinpoint program's degrees of freedom n - (2k + 2) (the joinpoints count
 * as parameters; one fewer with a jump): sigma^2 = SSE / df, segment slopes
 * from the covariance, t intervals; APC = 100 (e^b - 1).  The AAPC over the
 * whole range is 100 (e^B - 1) with B the segment slopes averaged with
 * weights equal to the segments' lengths (Clegg et al. 2009, Stat Med
 * 28:3670), its interval from the same covariance and t quantile.
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

#define MAXP (PT_JP_MAX + 4)   /* 1, t, the joinpoint terms, a jump, a second intercept */

void pt_jp_opts_init(pt_jp_opts *o)
{
  memset(o, 0, sizeof *o);
  o->max_joinpoints = 1;
  o->select = PT_JP_SELECT_WBIC;
  o->weights = PT_JP_WEIGHTS_SE;
  o->select_bic = -1;
  o->permutations = 4499;
  o->seed = 1;
  o->alpha = 0.05;
  o->level = 0.95;
  o->jump_at = NAN;
}

int pt_jp_min_periods(int k) { return 3 * k + 2; }

static const char *const SELECT_NAMES[] = { "wbic", "bic", "bic3", "permutation" };
static const char *const WEIGHTS_NAMES[] = { "se", "none" };

const char *pt_jp_select_name(pt_jp_select s)
{
  return (unsigned)s < 4 ? SELECT_NAMES[s] : NULL;
}

int pt_jp_select_parse(const char *name, pt_jp_select *out)
{
  for (int i = 0; name && i < 4; i++)
    if (!strcmp(name, SELECT_NAMES[i])) { *out = (pt_jp_select)i; return PT_SUCCESS; }
  return PT_EDOM;
}

const char *pt_jp_weights_name(pt_jp_weights w)
{
  return (unsigned)w < 2 ? WEIGHTS_NAMES[w] : NULL;
}

int pt_jp_weights_parse(const char *name, pt_jp_weights *out)
{
  for (int i = 0; name && i < 2; i++)
    if (!strcmp(name, WEIGHTS_NAMES[i])) { *out = (pt_jp_weights)i; return PT_SUCCESS; }
  return PT_EDOM;
}

double pt_jp_fitted(const pt_jp_result *r, double t)
{
  double v = r->coef[0] + r->coef[1] * (t - r->tbar);
  for (int j = 0; j < r->k; j++) v += r->coef[2 + j] * fmax(t - r->joinpoints[j], 0.0);
  if (r->has_jump && t >= r->jump_at) v += r->coef[2 + r->k];
  return v;
}

/* ---- the models ------------------------------------------------------------ */

/* N rows (one series, or two stacked), each with its period, sqrt weight and
 * series; joinpoints are placed at the m periods of grid. */
typedef struct model {
  size_t N;
  const double *t;            /* period of each row */
  const double *sw;           /* sqrt of each row's weight; NULL: 1 */
  const unsigned char *grp;   /* NULL, or 1 for the rows of the second series (own intercept) */
  int jump;
  double jump_at;
  size_t m;
  const double *grid;
  double tbar;
} model;

static size_t extra_cols(const model *M) { return (M->jump ? 1u : 0u) + (M->grp ? 1u : 0u); }
static size_t ncols(const model *M, int k) { return 2 + (size_t)k + extra_cols(M); }
static double rw(const model *M, size_t i) { return M->sw ? M->sw[i] : 1.0; }

static void model_init(model *M, size_t N, const double *t, const double *sw, const unsigned char *grp, size_t m,
                       const double *grid, const pt_jp_opts *o)
{
  memset(M, 0, sizeof *M);
  M->N = N; M->t = t; M->sw = sw; M->grp = grp; M->m = m; M->grid = grid;
  M->jump = o && o->jump;
  M->jump_at = M->jump ? o->jump_at : NAN;
  for (size_t i = 0; i < N; i++) M->tbar += t[i];
  M->tbar /= (double)N;
}

static void design(const model *M, int k, const int *at, gsl_matrix *X)
{
  for (size_t i = 0; i < M->N; i++) {
    double w = rw(M, i), t = M->t[i];
    size_t c = 2 + (size_t)k;
    gsl_matrix_set(X, i, 0, w);
    gsl_matrix_set(X, i, 1, w * (t - M->tbar));   /* centred: better conditioned */
    for (int j = 0; j < k; j++) gsl_matrix_set(X, i, 2 + (size_t)j, w * fmax(t - M->grid[at[j]], 0.0));
    if (M->jump) gsl_matrix_set(X, i, c++, t >= M->jump_at ? w : 0.0);
    if (M->grp) gsl_matrix_set(X, i, c, M->grp[i] ? w : 0.0);
  }
}

/* ---- placements and their projections -------------------------------------- */

typedef struct fitset {
  int k;              /* joinpoints */
  size_t m;           /* placements */
  size_t N, p;        /* rows, columns */
  int *at;            /* m * k joinpoint indices into the grid */
  double *q;          /* m * N * p: thin Q of the design (columns of length N) */
  unsigned char *ok;  /* 0: the design is rank deficient (a jump beside a joinpoint) */
} fitset;

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

static void fitset_free(fitset *f) { free(f->at); free(f->q); free(f->ok); memset(f, 0, sizeof *f); }

/* R's diagonal far below its largest entry: the columns are dependent. */
static int full_rank(const gsl_matrix *R, size_t p)
{
  double big = 0, small = INFINITY;
  for (size_t j = 0; j < p; j++) {
    double d = fabs(gsl_matrix_get(R, j, j));
    big = fmax(big, d);
    small = fmin(small, d);
  }
  return small > 1e-10 * big;
}

static int fitset_build(const model *M, int k, fitset *f)
{
  int at[PT_JP_MAX];
  size_t N = M->N, p = ncols(M, k);
  memset(f, 0, sizeof *f);
  f->k = k; f->N = N; f->p = p;
  size_t m = k ? count_placements(M->m, k, at, 0, NULL, 0, 0) : 1;
  if (m > PT_JP_MAX_PLACEMENTS || m == 0 || N <= p) return PT_EDOM;
  if ((double)m * (double)N * (double)p > 16e6) return PT_EDOM;   /* 128 MB of projections */
  f->m = m;
  f->at = malloc((m * (size_t)(k ? k : 1)) * sizeof *f->at);
  f->q = malloc(m * N * p * sizeof *f->q);
  f->ok = malloc(m);
  gsl_matrix *X = gsl_matrix_alloc(N, p), *Q = gsl_matrix_alloc(N, N), *R = gsl_matrix_alloc(N, p);
  gsl_vector *tau = gsl_vector_alloc(p);
  int st = PT_SUCCESS;
  if (!f->at || !f->q || !f->ok || !X || !Q || !R || !tau) { st = PT_ENOMEM; goto out; }
  if (k) count_placements(M->m, k, at, 0, f->at, m, 0);
  for (size_t c = 0; c < m; c++) {
    design(M, k, f->at + c * (size_t)k, X);
    if (gsl_linalg_QR_decomp(X, tau) || gsl_linalg_QR_unpack(X, tau, Q, R)) { st = PT_ENOCONV; goto out; }
    f->ok[c] = (unsigned char)full_rank(R, p);
    double *qc = f->q + c * N * p;
    for (size_t j = 0; j < p; j++)
      for (size_t i = 0; i < N; i++) qc[j * N + i] = gsl_matrix_get(Q, i, j);
  }
out:
  gsl_matrix_free(X); gsl_matrix_free(Q); gsl_matrix_free(R); gsl_vector_free(tau);
  if (st) fitset_free(f);
  return st;
}

/* SSE of y on placement c, and (when res is given) the residuals. */
static double sse_of(const fitset *f, size_t c, const double *y, double *res)
{
  size_t N = f->N, p = f->p;
  const double *qc = f->q + c * N * p;
  double coef[MAXP], s = 0;
  if (!f->ok[c]) return INFINITY;
  for (size_t j = 0; j < p; j++) {
    double d = 0;
    for (size_t i = 0; i < N; i++) d += qc[j * N + i] * y[i];
    coef[j] = d;
  }
  for (size_t i = 0; i < N; i++) {
    double r = y[i];
    for (size_t j = 0; j < p; j++) r -= qc[j * N + i] * coef[j];
    if (res) res[i] = r;
    s += r * r;
  }
  return s;
}

static double best_sse(const fitset *f, const double *y, size_t *which)
{
  double best = INFINITY;
  size_t w = 0;
  for (size_t c = 0; c < f->m; c++) {
    double s = sse_of(f, c, y, NULL);
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

static void shuffle(size_t n, size_t *perm, uint64_t *rng)
{
  for (size_t i = 0; i < n; i++) perm[i] = i;
  for (size_t i = n - 1; i > 0; i--) {   /* Fisher-Yates */
    size_t j = (size_t)rng_below(rng, (uint64_t)i + 1), tmp = perm[i];
    perm[i] = perm[j]; perm[j] = tmp;
  }
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

/* ---- checks ---------------------------------------------------------------------- */

static int check_series(size_t n, const double *t, const double *y)
{
  if (n < 3 || !t || !y) return PT_EDOM;
  for (size_t i = 0; i < n; i++) {
    if (!isfinite(t[i]) || !isfinite(y[i])) return PT_EDOM;
    if (i && !(t[i] > t[i - 1])) return PT_EDOM;
  }
  return PT_SUCCESS;
}

static int check_weights(size_t n, const double *w)
{
  for (size_t i = 0; w && i < n; i++)
    if (!(w[i] > 0) || !isfinite(w[i])) return PT_EDOM;
  return PT_SUCCESS;
}

static pt_jp_select method_of(const pt_jp_opts *o)
{
  if (o->select_bic == 1) return PT_JP_SELECT_BIC;
  if (o->select_bic == 0) return PT_JP_SELECT_PERMUTATION;
  return o->select;
}

static int check_opts(size_t n, const double *t, const pt_jp_opts *o)
{
  if (!o || o->max_joinpoints < 1 || o->max_joinpoints > PT_JP_MAX || !(o->level > 0 && o->level < 1) ||
      !(o->alpha > 0 && o->alpha < 1) || !pt_jp_select_name(method_of(o)) ||
      (method_of(o) == PT_JP_SELECT_PERMUTATION && o->permutations < 1))
    return PT_EDOM;
  if (o->jump && !(isfinite(o->jump_at) && o->jump_at > t[0] && o->jump_at <= t[n - 1])) return PT_EDOM;
  if ((int)n < pt_jp_min_periods(o->max_joinpoints)) return PT_ESHORT;
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
  model M;
  model_init(&M, n, t, NULL, NULL, n, t, NULL);
  fitset f0, f1;
  if ((st = fitset_build(&M, k0, &f0))) return st;
  if ((st = fitset_build(&M, k1, &f1))) { fitset_free(&f0); return st; }
  double *r0 = malloc(n * sizeof *r0), *ys = malloc(n * sizeof *ys);
  if (!r0 || !ys) st = PT_ENOMEM;
  else {
    size_t c;
    best_sse(&f0, y, &c);
    sse_of(&f0, c, y, r0);
    if (perm) permuted(n, y, r0, perm, ys);
    else memcpy(ys, y, n * sizeof *ys);
    *ratio = ratio_of(best_sse(&f0, ys, NULL), best_sse(&f1, ys, NULL));
  }
  free(r0); free(ys);
  fitset_free(&f0); fitset_free(&f1);
  return st;
}

/* One permutation test of ka against kb joinpoints (y transformed). */
static int perm_test(size_t N, const double *y, const fitset *fa, const fitset *fb, const pt_jp_opts *o,
                     uint64_t *rng, double *ratio, double *p)
{
  double *r0 = malloc(N * sizeof *r0), *ys = malloc(N * sizeof *ys);
  size_t *perm = malloc(N * sizeof *perm), c;
  if (!r0 || !ys || !perm) { free(r0); free(ys); free(perm); return PT_ENOMEM; }
  double s0 = best_sse(fa, y, &c);
  sse_of(fa, c, y, r0);
  *ratio = ratio_of(s0, best_sse(fb, y, NULL));
  unsigned long ge = 0;
  for (unsigned long b = 0; b < o->permutations; b++) {
    shuffle(N, perm, rng);
    permuted(N, y, r0, perm, ys);
    double rs = ratio_of(best_sse(fa, ys, NULL), best_sse(fb, ys, NULL));
    /* at least as extreme, allowing for rounding in the refits */
    if (rs >= *ratio * (1.0 - 1e-10)) ge++;
  }
  *p = (1.0 + (double)ge) / (1.0 + (double)o->permutations);
  free(r0); free(ys); free(perm);
  return PT_SUCCESS;
}

/* ---- WBIC's weight ----------------------------------------------------------------- */

/* v minus its projection on the columns cols[0..nc-1] (each of length len),
 * by modified Gram-Schmidt; columns that are (nearly) dependent are skipped. */
static void residualise(size_t len, double *v, double **cols, int nc, double *scratch)
{
  double *basis[4];
  int nb = 0;
  for (int c = 0; c < nc; c++) {
    double *u = scratch + (size_t)nb * len, nu0 = 0, nu = 0;
    memcpy(u, cols[c], len * sizeof *u);
    for (size_t i = 0; i < len; i++) nu0 += u[i] * u[i];
    for (int b = 0; b < nb; b++) {
      double d = 0;
      for (size_t i = 0; i < len; i++) d += basis[b][i] * u[i];
      for (size_t i = 0; i < len; i++) u[i] -= d * basis[b][i];
    }
    for (size_t i = 0; i < len; i++) nu += u[i] * u[i];
    if (!(nu > 1e-20 * nu0) || nu == 0) continue;
    for (size_t i = 0; i < len; i++) u[i] /= sqrt(nu);
    basis[nb++] = u;
  }
  for (int b = 0; b < nb; b++) {
    double d = 0;
    for (size_t i = 0; i < len; i++) d += basis[b][i] * v[i];
    for (size_t i = 0; i < len; i++) v[i] -= d * basis[b][i];
  }
}

/* The largest partial R^2 of a joinpoint term (t - tau_i)+ against the local
 * straight line (and the model's other level terms) fitted to the rows after
 * tau_{i-1} up to and including tau_{i+1}. */
static int wbic_weight(const model *M, const double *y, int k, const int *at, double *r2max)
{
  size_t N = M->N;
  double *buf = malloc(N * 9 * sizeof *buf);
  if (!buf) return PT_ENOMEM;
  double *ly = buf, *lz = buf + N, *c1 = buf + 2 * N, *c2 = buf + 3 * N, *c3 = buf + 4 * N, *scr = buf + 5 * N;
  *r2max = 0;
  for (int i = 0; i < k; i++) {
    double lo = i == 0 ? -INFINITY : M->grid[at[i - 1]], hi = i == k - 1 ? INFINITY : M->grid[at[i + 1]];
    double tau = M->grid[at[i]];
    size_t len = 0;
    int nc = 2, jump_col = M->jump;
    for (size_t r = 0; r < N; r++) {
      double t = M->t[r], w = rw(M, r);
      if (!(t > lo && t <= hi)) continue;
      ly[len] = y[r];   /* already sqrt(w) y */
      lz[len] = w * fmax(t - tau, 0.0);
      c1[len] = w;
      c2[len] = w * (t - M->tbar);
      c3[len] = M->grp ? (M->grp[r] ? w : 0.0) : jump_col ? (t >= M->jump_at ? w : 0.0) : 0.0;
      len++;
    }
    double *cols[3] = { c1, c2, c3 };
    if (M->grp || M->jump) nc = 3;
    residualise(len, ly, cols, nc, scr);
    residualise(len, lz, cols, nc, scr);
    double yz = 0, yy = 0, zz = 0;
    for (size_t r = 0; r < len; r++) { yz += ly[r] * lz[r]; yy += ly[r] * ly[r]; zz += lz[r] * lz[r]; }
    double r2 = yy > 0 && zz > 0 ? yz * yz / (yy * zz) : 0.0;
    if (r2 > *r2max) *r2max = r2;
  }
  free(buf);
  return PT_SUCCESS;
}

/* ---- selection --------------------------------------------------------------------- */

/* Best placement, SSE and every criterion for k = 0..K, then the selected k
 * (r->k); r->at holds the placements' periods. */
static int choose(const model *M, const double *y, const fitset *f, int K, const pt_jp_opts *o, pt_jp_result *r)
{
  double n = (double)M->N, lnn = log(n), extra = (double)extra_cols(M);
  pt_jp_select method = method_of(o);
  int st;
  r->select = method;
  r->max_joinpoints = K;
  r->n = M->N;
  for (int k = 0; k <= K; k++) {
    size_t c;
    r->sse[k] = best_sse(&f[k], y, &c);
    if (!isfinite(r->sse[k])) return PT_EUNDEF;   /* no placement has a full-rank design */
    const int *at = f[k].at + c * (size_t)k;
    for (int j = 0; j < k; j++) r->at[k][j] = M->grid[at[j]];
    double fit = log(r->sse[k] / n), R2 = 0;
    if ((st = wbic_weight(M, y, k, at, &R2))) return st;
    r->bic[k] = fit + (2.0 * k + 2.0 + extra) * lnn / n;
    r->bic3[k] = fit + (3.0 * k + 2.0 + extra) * lnn / n;
    r->wbic[k] = fit + ((2.0 + R2) * k + 2.0 + extra) * lnn / n;
    r->wbic_weight[k] = k ? R2 : NAN;
    r->criterion[k] = method == PT_JP_SELECT_BIC ? r->bic[k] : method == PT_JP_SELECT_BIC3 ? r->bic3[k]
                    : method == PT_JP_SELECT_WBIC ? r->wbic[k] : NAN;
  }
  int sel = 0;
  if (method != PT_JP_SELECT_PERMUTATION) {
    for (int k = 1; k <= K; k++) if (r->criterion[k] < r->criterion[sel]) sel = k;
  } else {
    /* the tests refit every placement of both models on each permuted data
     * set: refuse work that would take hours */
    double work = 0;
    for (int k = 0; k <= K; k++) work += (double)f[k].m * (double)f[k].N * (double)f[k].p;
    if (work * (double)o->permutations * (double)K > PT_JP_MAX_WORK) return PT_EDOM;
    uint64_t rng = o->seed;
    int ka = 0, kb = K;
    while (ka < kb) {
      pt_jp_test *x = &r->tests[r->ntests++];
      x->k0 = ka; x->k1 = kb;
      x->alpha = o->alpha / (double)(K - ka);
      if ((st = perm_test(M->N, y, &f[ka], &f[kb], o, &rng, &x->ratio, &x->p))) return st;
      x->rejected = x->p < x->alpha;
      if (x->rejected) ka++; else kb--;
    }
    sel = ka;
  }
  r->k = sel;
  return PT_SUCCESS;
}

/* ---- the selected model --------------------------------------------------------------- */

/* c'beta and c'(R'R)^-1 c. */
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

/* Least squares by QR of the model with joinpoints at grid indices at[]:
 * the coefficients and R^-1 (the covariance sigma^2 (R'R)^-1 from the same
 * R, not from X'X, which would square the condition number). */
static int solve_model(const model *M, const double *y, int k, const int *at, double *beta, double *Ri)
{
  size_t N = M->N, p = ncols(M, k);
  int st = PT_SUCCESS;
  gsl_matrix *X = gsl_matrix_alloc(N, p);
  gsl_vector *tau = gsl_vector_alloc(p), *yv = gsl_vector_alloc(N), *res = gsl_vector_alloc(N),
             *bv = gsl_vector_alloc(p);
  if (!X || !tau || !yv || !res || !bv) { st = PT_ENOMEM; goto out; }
  design(M, k, at, X);
  for (size_t i = 0; i < N; i++) gsl_vector_set(yv, i, y[i]);
  if (gsl_linalg_QR_decomp(X, tau) || gsl_linalg_QR_lssolve(X, tau, yv, bv, res)) { st = PT_ENOCONV; goto out; }
  {
    gsl_matrix_view R = gsl_matrix_submatrix(X, 0, 0, p, p);   /* R in the upper triangle */
    if (gsl_linalg_tri_invert(CblasUpper, CblasNonUnit, &R.matrix)) { st = PT_ENOCONV; goto out; }
    for (size_t i = 0; i < p; i++) {
      beta[i] = gsl_vector_get(bv, i);
      for (size_t j = 0; j < p; j++) Ri[i * p + j] = j >= i ? gsl_matrix_get(&R.matrix, i, j) : 0.0;
    }
  }
out:
  gsl_matrix_free(X); gsl_vector_free(tau); gsl_vector_free(yv); gsl_vector_free(res); gsl_vector_free(bv);
  return st;
}

/* Segments, AAPC and jump of the selected model, joinpoints taken as known. */
static int fit_selected(const model *M, const double *y, int k, const int *at, double level, pt_jp_result *r)
{
  size_t n = M->N, p = ncols(M, k);
  const double *t = M->t;
  double beta[MAXP], Ri[MAXP * MAXP], b, v;
  int st = solve_model(M, y, k, at, beta, Ri);
  if (st) return st;
  double s2 = r->df > 0 ? r->sse[k] / (double)r->df : NAN;
  double tq = r->df > 0 ? gsl_cdf_tdist_Qinv((1.0 - level) / 2.0, (double)r->df) : NAN;
  double cbar[MAXP] = { 0 };
  r->nseg = k + 1;
  r->tbar = M->tbar;
  for (size_t i = 0; i < p; i++) r->coef[i] = beta[i];
  for (int g = 0; g <= k; g++) {
    pt_jp_segment *sg = &r->seg[g];
    double cv[MAXP] = { 0 };
    cv[1] = 1.0;
    for (int j = 0; j < g; j++) cv[2 + j] = 1.0;   /* the slope after joinpoint j adds d_j */
    lincomb(cv, beta, Ri, p, &b, &v);
    sg->from = g == 0 ? t[0] : M->grid[at[g - 1]];
    sg->to = g == k ? t[n - 1] : M->grid[at[g]];
    sg->slope = b;
    sg->se = sqrt(v * s2);
    sg->apc = 100.0 * expm1(b);
    sg->apc_lower = 100.0 * expm1(b - tq * sg->se);
    sg->apc_upper = 100.0 * expm1(b + tq * sg->se);
    /* the AAPC's slope: the segments' slopes weighted by their lengths */
    for (size_t i = 0; i < p; i++) cbar[i] += (sg->to - sg->from) / (t[n - 1] - t[0]) * cv[i];
  }
  lincomb(cbar, beta, Ri, p, &b, &v);
  r->aapc_slope = b;
  r->aapc_se = sqrt(v * s2);
  r->aapc = 100.0 * expm1(b);
  r->aapc_lower = 100.0 * expm1(b - tq * r->aapc_se);
  r->aapc_upper = 100.0 * expm1(b + tq * r->aapc_se);
  if (M->jump) {
    double cv[MAXP] = { 0 };
    cv[2 + k] = 1.0;
    lincomb(cv, beta, Ri, p, &b, &v);
    r->has_jump = 1;
    r->jump_at = M->jump_at;
    r->jump_coef = b;
    r->jump_se = sqrt(v * s2);
    r->jump_ratio = exp(b);
    r->jump_lower = exp(b - tq * r->jump_se);
    r->jump_upper = exp(b + tq * r->jump_se);
  }
  return PT_SUCCESS;
}

/* sqrt(w) and sqrt(w) y, or y itself without weights. */
static int transform(size_t n, const double *y, const double *w, double *sw, double *yw)
{
  for (size_t i = 0; i < n; i++) {
    sw[i] = w ? sqrt(w[i]) : 1.0;
    yw[i] = sw[i] * y[i];
  }
  return PT_SUCCESS;
}

int pt_trend_joinpoint_wy(size_t n, const double *t, const double *y, const double *w, const pt_jp_opts *o,
                          pt_jp_result *r)
{
  int st = check_series(n, t, y);
  if (!st) st = check_weights(n, w);
  if (!st) st = check_opts(n, t, o);
  if (st) return st;
  int K = o->max_joinpoints;
  pt_gsl_quiet();
  memset(r, 0, sizeof *r);
  double *sw = malloc(n * sizeof *sw), *yw = malloc(n * sizeof *yw);
  fitset f[PT_JP_MAX + 1];
  memset(f, 0, sizeof f);
  if (!sw || !yw) { st = PT_ENOMEM; goto out; }
  transform(n, y, w, sw, yw);
  model M;
  model_init(&M, n, t, w ? sw : NULL, NULL, n, t, o);
  for (int k = 0; k <= K && !st; k++) st = fitset_build(&M, k, &f[k]);
  if (st || (st = choose(&M, yw, f, K, o, r))) goto out;
  int sel = r->k;
  r->weighted = w != NULL;
  r->df = (int)n - (2 * sel + 2) - (o->jump ? 1 : 0);
  for (int j = 0; j < sel; j++) r->joinpoints[j] = r->at[sel][j];
  size_t c;
  best_sse(&f[sel], yw, &c);
  st = fit_selected(&M, yw, sel, f[sel].at + c * (size_t)sel, o->level, r);
out:
  for (int k = 0; k <= PT_JP_MAX; k++) fitset_free(&f[k]);
  free(sw); free(yw);
  return st;
}

int pt_trend_joinpoint_y(size_t n, const double *t, const double *y, const pt_jp_opts *o, pt_jp_result *r)
{
  return pt_trend_joinpoint_wy(n, t, y, NULL, o, r);
}

/* ln p and the weights of counts; a count of 0 or equal to its total moved
 * by 0.5 when weighted (listed in r).  PT_EUNDEF as trend.h says. */
static int counts_to_y(size_t k, const uint64_t *x, const uint64_t *n, const double *s, pt_jp_weights wt,
                       double *y, double *w, pt_jp_result *adj)
{
  size_t zero = 0, full = 0;
  if (!x || !n || !s || k < 3 || !pt_jp_weights_name(wt)) return PT_EDOM;
  memset(adj, 0, sizeof *adj);
  for (size_t i = 0; i < k; i++) {
    if (n[i] == 0 || x[i] > n[i]) return PT_EDOM;
    zero += x[i] == 0;
    full += x[i] == n[i];
  }
  if (zero == k || full == k) return PT_EUNDEF;   /* Joinpoint does not fit such a series */
  for (size_t i = 0; i < k; i++) {
    double xi = (double)x[i], ni = (double)n[i];
    if (wt == PT_JP_WEIGHTS_NONE) {
      if (x[i] == 0) return PT_EUNDEF;   /* ln 0 */
      y[i] = log(xi / ni);
      continue;
    }
    if (x[i] == 0 || x[i] == n[i]) {
      xi += x[i] == 0 ? 0.5 : -0.5;
      if (adj->nadjusted < PT_JP_MAX_ADJUSTED) adj->adjusted[adj->nadjusted] = s[i];
      adj->nadjusted++;
    }
    double p = xi / ni;
    y[i] = log(p);
    w[i] = ni * p / (1.0 - p);
  }
  return PT_SUCCESS;
}

/* Too short for MAX joinpoints comes first: whatever else is wrong with the
 * counts, a caller learns the series cannot take the model. */
static int too_short(size_t k, const pt_jp_opts *o)
{
  int K = o->max_joinpoints;
  return K >= 1 && K <= PT_JP_MAX && (int)k < pt_jp_min_periods(K);
}

static void copy_adjusted(pt_jp_result *r, const pt_jp_result *adj)
{
  r->nadjusted = adj->nadjusted;
  memcpy(r->adjusted, adj->adjusted, sizeof r->adjusted);
}

int pt_trend_joinpoint(size_t k, const uint64_t *x, const uint64_t *n, const double *s, const pt_jp_opts *o,
                       pt_jp_result *r)
{
  if (!o || k < 3) return PT_EDOM;
  if (too_short(k, o)) return PT_ESHORT;
  double *y = malloc(k * sizeof *y), *w = malloc(k * sizeof *w);
  pt_jp_result *adj = malloc(sizeof *adj);
  int st = !y || !w || !adj ? PT_ENOMEM : counts_to_y(k, x, n, s, o->weights, y, w, adj);
  if (!st) st = pt_trend_joinpoint_wy(k, s, y, o->weights == PT_JP_WEIGHTS_SE ? w : NULL, o, r);
  if (!st) copy_adjusted(r, adj);
  free(y); free(w); free(adj);
  return st;
}

/* ---- pairwise comparison ------------------------------------------------------------ */

/* The two series stacked (a's rows first), with the fitsets every test needs. */
typedef struct pair {
  size_t n;
  double *t2, *sw2, *y2;     /* 2n rows */
  unsigned char *grp;
  model Ma, Mb, Mc, Mp;      /* a alone, b alone, coincident, parallel */
  fitset fa, fb, fc, fp;     /* at K */
} pair;

static void pair_free(pair *P)
{
  free(P->t2); free(P->sw2); free(P->y2); free(P->grp);
  fitset_free(&P->fa); fitset_free(&P->fb); fitset_free(&P->fc); fitset_free(&P->fp);
}

static int pair_init(pair *P, size_t n, const double *t, const double *ya, const double *wa, const double *yb,
                     const double *wb)
{
  memset(P, 0, sizeof *P);
  P->n = n;
  P->t2 = malloc(2 * n * sizeof *P->t2);
  P->sw2 = malloc(2 * n * sizeof *P->sw2);
  P->y2 = malloc(2 * n * sizeof *P->y2);
  P->grp = malloc(2 * n);
  if (!P->t2 || !P->sw2 || !P->y2 || !P->grp) return PT_ENOMEM;
  transform(n, ya, wa, P->sw2, P->y2);
  transform(n, yb, wb, P->sw2 + n, P->y2 + n);
  for (size_t i = 0; i < n; i++) {
    P->t2[i] = P->t2[n + i] = t[i];
    P->grp[i] = 0; P->grp[n + i] = 1;
  }
  const double *sw = wa ? P->sw2 : NULL, *swb = wa ? P->sw2 + n : NULL;
  model_init(&P->Ma, n, t, sw, NULL, n, t, NULL);
  model_init(&P->Mb, n, t, swb, NULL, n, t, NULL);
  model_init(&P->Mc, 2 * n, P->t2, sw, NULL, n, t, NULL);
  model_init(&P->Mp, 2 * n, P->t2, sw, P->grp, n, t, NULL);
  return PT_SUCCESS;
}

static int pair_build(pair *P, int K)
{
  int st = fitset_build(&P->Ma, K, &P->fa);
  if (!st) st = fitset_build(&P->Mb, K, &P->fb);
  if (!st) st = fitset_build(&P->Mc, K, &P->fc);
  if (!st) st = fitset_build(&P->Mp, K, &P->fp);
  return st;
}

/* F of an H0 fitset against the separate fits, for the stacked response y. */
static double pair_F(const pair *P, const fitset *f0, const double *y, int q, int K, double *s0out, double *s1out)
{
  double s0 = best_sse(f0, y, NULL);
  double s1 = best_sse(&P->fa, y, NULL) + best_sse(&P->fb, y + P->n, NULL);
  double df2 = 2.0 * (double)P->n - 2.0 * (2.0 * K + 2.0);
  if (s0out) *s0out = s0;
  if (s1out) *s1out = s1;
  if (s1 <= 0) return s0 <= s1 ? 0.0 : INFINITY;
  return ((s0 - s1) / q) / (s1 / df2);
}

/* The permutation tests refit both hypotheses on every data set: refuse
 * work that would take hours, as the selection does. */
static int pair_work_ok(const pair *P, const pt_jp_opts *o)
{
  double work = 0;
  const fitset *f[4] = { &P->fa, &P->fb, &P->fc, &P->fp };
  for (int i = 0; i < 4; i++) work += (double)f[i]->m * (double)f[i]->N * (double)f[i]->p;
  return work * (double)o->permutations * 2.0 <= PT_JP_MAX_WORK;
}

/* The data set a permutation makes under an H0: its fitted values plus its
 * stacked residuals permuted. */
static void pair_dataset(const pair *P, const fitset *f0, const size_t *perm, double *r0, double *ys)
{
  size_t c;
  best_sse(f0, P->y2, &c);
  sse_of(f0, c, P->y2, r0);
  permuted(2 * P->n, P->y2, r0, perm, ys);
}

static int pair_perm(const pair *P, const fitset *f0, int q, int K, const pt_jp_opts *o, uint64_t *rng, double F,
                     double *p)
{
  size_t N = 2 * P->n;
  double *r0 = malloc(N * sizeof *r0), *ys = malloc(N * sizeof *ys);
  size_t *perm = malloc(N * sizeof *perm);
  if (!r0 || !ys || !perm) { free(r0); free(ys); free(perm); return PT_ENOMEM; }
  unsigned long ge = 0;
  for (unsigned long b = 0; b < o->permutations; b++) {
    shuffle(N, perm, rng);
    pair_dataset(P, f0, perm, r0, ys);
    if (pair_F(P, f0, ys, q, K, NULL, NULL) >= F * (1.0 - 1e-10)) ge++;
  }
  *p = (1.0 + (double)ge) / (1.0 + (double)o->permutations);
  free(r0); free(ys); free(perm);
  return PT_SUCCESS;
}

static int check_pair(size_t n, const double *t, const double *ya, const double *wa, const double *yb,
                      const double *wb)
{
  int st = check_series(n, t, ya);
  if (!st) st = check_series(n, t, yb);
  if (!st) st = check_weights(n, wa);
  if (!st) st = check_weights(n, wb);
  if (!st && (!wa) != (!wb)) st = PT_EDOM;
  return st;
}

static int check_perm(size_t N, const size_t *perm)
{
  unsigned char seen[128] = { 0 };
  if (!perm) return PT_SUCCESS;
  if (N > sizeof seen) return PT_EDOM;
  for (size_t i = 0; i < N; i++) {
    if (perm[i] >= N || seen[perm[i]]) return PT_EDOM;
    seen[perm[i]] = 1;
  }
  return PT_SUCCESS;
}

/* F of one H0 for the data, or for the data set perm makes. */
static int pair_stat(const pair *P, const fitset *f0, int q, int K, const size_t *perm, double *F)
{
  size_t N = 2 * P->n;
  double *r0 = malloc(N * sizeof *r0), *ys = malloc(N * sizeof *ys);
  if (!r0 || !ys) { free(r0); free(ys); return PT_ENOMEM; }
  if (perm) pair_dataset(P, f0, perm, r0, ys);
  else memcpy(ys, P->y2, N * sizeof *ys);
  *F = pair_F(P, f0, ys, q, K, NULL, NULL);
  free(r0); free(ys);
  return PT_SUCCESS;
}

int pt_trend_joinpoint_pair_stats(size_t n, const double *t, const double *ya, const double *wa, const double *yb,
                                  const double *wb, int K, const size_t *perm, double *coincident_stat,
                                  double *parallel_stat)
{
  int st = check_pair(n, t, ya, wa, yb, wb);
  if (!st) st = check_perm(2 * n, perm);
  if (st) return st;
  if (K < 0 || K > PT_JP_MAX || (int)n < pt_jp_min_periods(K)) return PT_EDOM;
  pt_gsl_quiet();
  pair P;
  if (!(st = pair_init(&P, n, t, ya, wa, yb, wb)) && !(st = pair_build(&P, K)) &&
      !(st = pair_stat(&P, &P.fc, 2 * K + 2, K, perm, coincident_stat)))
    st = pair_stat(&P, &P.fp, 2 * K + 1, K, perm, parallel_stat);
  pair_free(&P);
  return st;
}

/* k selected for the stacked series under parallelism, as o selects. */
static int parallel_k(const pair *P, const pt_jp_opts *o, int *k)
{
  fitset f[PT_JP_MAX + 1];
  pt_jp_result *r = calloc(1, sizeof *r);
  int st = r ? PT_SUCCESS : PT_ENOMEM;
  memset(f, 0, sizeof f);
  for (int j = 0; j <= o->max_joinpoints && !st; j++) st = fitset_build(&P->Mp, j, &f[j]);
  if (!st) st = choose(&P->Mp, P->y2, f, o->max_joinpoints, o, r);
  if (!st) *k = r->k;
  for (int j = 0; j <= PT_JP_MAX; j++) fitset_free(&f[j]);
  free(r);
  return st;
}

static void aapc_difference(pt_jp_pair *out, double level)
{
  const pt_jp_result *a = &out->a, *b = &out->b;
  double va = pow(100.0 * exp(a->aapc_slope) * a->aapc_se, 2), vb = pow(100.0 * exp(b->aapc_slope) * b->aapc_se, 2);
  double se = sqrt(va + vb), z = gsl_cdf_ugaussian_Qinv((1.0 - level) / 2.0);
  out->aapc_diff = a->aapc - b->aapc;
  out->aapc_diff_lower = out->aapc_diff - z * se;
  out->aapc_diff_upper = out->aapc_diff + z * se;
  out->aapc_diff_p = se > 0 ? 2.0 * gsl_cdf_ugaussian_Q(fabs(out->aapc_diff) / se) : NAN;
}

int pt_trend_joinpoint_pair_wy(size_t n, const double *t, const double *ya, const double *wa, const double *yb,
                               const double *wb, const pt_jp_opts *o, pt_jp_pair *out)
{
  int st = check_pair(n, t, ya, wa, yb, wb);
  if (st) return st;
  if (!o || o->jump || (o->permutations < 1)) return PT_EDOM;
  memset(out, 0, sizeof *out);
  if ((st = pt_trend_joinpoint_wy(n, t, ya, wa, o, &out->a))) return st;
  if ((st = pt_trend_joinpoint_wy(n, t, yb, wb, o, &out->b))) return st;
  pair P;
  if ((st = pair_init(&P, n, t, ya, wa, yb, wb)) || (st = parallel_k(&P, o, &out->k_parallel))) goto out;
  int K = out->a.k > out->b.k ? out->a.k : out->b.k;
  if (out->k_parallel > K) K = out->k_parallel;
  out->K = K;
  if ((st = pair_build(&P, K))) goto out;
  if (!pair_work_ok(&P, o)) { st = PT_EDOM; goto out; }
  out->coincident_df1 = 2 * K + 2;
  out->parallel_df1 = 2 * K + 1;
  out->df2 = 2 * (int)n - 2 * (2 * K + 2);
  out->coincident_stat = pair_F(&P, &P.fc, P.y2, out->coincident_df1, K, &out->sse_coincident, &out->sse_separate);
  out->parallel_stat = pair_F(&P, &P.fp, P.y2, out->parallel_df1, K, &out->sse_parallel, NULL);
  uint64_t rng = o->seed;
  if ((st = pair_perm(&P, &P.fc, out->coincident_df1, K, o, &rng, out->coincident_stat, &out->coincident_p)) ||
      (st = pair_perm(&P, &P.fp, out->parallel_df1, K, o, &rng, out->parallel_stat, &out->parallel_p)))
    goto out;
  aapc_difference(out, o->level);
out:
  pair_free(&P);
  return st;
}

int pt_trend_joinpoint_pair(size_t k, const double *s, const uint64_t *xa, const uint64_t *na,
                            const uint64_t *xb, const uint64_t *nb, const pt_jp_opts *o, pt_jp_pair *out)
{
  if (!o || k < 3) return PT_EDOM;
  if (too_short(k, o)) return PT_ESHORT;
  double *buf = malloc(4 * k * sizeof *buf);
  pt_jp_result *adj = malloc(2 * sizeof *adj);
  int st = !buf || !adj ? PT_ENOMEM : counts_to_y(k, xa, na, s, o->weights, buf, buf + k, adj);
  if (!st) st = counts_to_y(k, xb, nb, s, o->weights, buf + 2 * k, buf + 3 * k, adj + 1);
  if (!st) {
    int wt = o->weights == PT_JP_WEIGHTS_SE;
    st = pt_trend_joinpoint_pair_wy(k, s, buf, wt ? buf + k : NULL, buf + 2 * k, wt ? buf + 3 * k : NULL, o, out);
  }
  if (!st) { copy_adjusted(&out->a, adj); copy_adjusted(&out->b, adj + 1); }
  free(buf); free(adj);
  return st;
}
