/* test_joinpoint.c - joinpoint regression against the brute-force R
 * implementation and segmented (tests/reference/joinpoint-fixtures.R):
 * best SSE, BIC and placement for every k; the BIC-selected model's segment
 * APCs and AAPC with intervals; the permutation statistic for fixed
 * permutations.  Then the permutation-test selection: the known answer on
 * clear series, reproducible for a seed, and the domain.  Issue 21: the
 * weighted fits (standard-error weights), BIC/BIC3/WBIC for every k, the
 * WBIC/BIC/BIC3-selected models and the jump model against R's lm with
 * weights; WBIC on simulated series of known structure; the jump recovering
 * a known shift; zero and full counts; the pairwise F statistics (of the
 * data and of fixed permutations) and AAPC difference against R, and the
 * tests telling parallel series from crossing ones. */
#include <config.h>

#include <stdint.h>

#include "proptrend/error.h"
#include "proptrend/trend.h"
#include "testutil.h"

#define MAXN 64

/* The series of one fixture case. */
static size_t load_series(const char *id, double *t, double *y)
{
  FILE *f = fixture_open("tests/reference/fixtures/joinpoint-series.csv");
  char buf[256], *fl[6];
  size_t n = 0;
  fixture_line(f, buf, sizeof buf, fl, 6);
  while (fixture_line(f, buf, sizeof buf, fl, 6) == 4)
    if (!strcmp(fl[0], id) && n < MAXN) { t[n] = strtod(fl[2], NULL); y[n] = strtod(fl[3], NULL); n++; }
  fclose(f);
  ck_assert_msg(n > 0, "no series %s", id);
  return n;
}

static void fit_bic(const char *id, int max, pt_jp_result *r, size_t *n, double *t)
{
  double y[MAXN];
  pt_jp_opts o;
  pt_jp_opts_init(&o);
  o.max_joinpoints = max;
  o.select_bic = 1;
  *n = load_series(id, t, y);
  ck_assert_int_eq(pt_trend_joinpoint_y(*n, t, y, &o, r), PT_SUCCESS);
}

START_TEST(test_fits_against_r)
{
  FILE *f = fixture_open("tests/reference/fixtures/joinpoint-fits.csv");
  char buf[512], *fl[8];
  int rows = 0;
  fixture_line(f, buf, sizeof buf, fl, 8);
  while (fixture_line(f, buf, sizeof buf, fl, 8) == 6) {
    pt_jp_result r;
    double t[MAXN];
    size_t n;
    int max = atoi(fl[1]), k = atoi(fl[2]);
    fit_bic(fl[0], max, &r, &n, t);
    ck_assert_msg(close_rel(r.sse[k], strtod(fl[3], NULL), TOL_CLOSED), "%s k=%d: SSE %.17g, R %s", fl[0], k,
                  r.sse[k], fl[3]);
    ck_assert_msg(close_rel(r.bic[k], strtod(fl[4], NULL), TOL_CLOSED), "%s k=%d: BIC %.17g, R %s", fl[0], k,
                  r.bic[k], fl[4]);
    char at[128] = "";
    for (int j = 0; j < k; j++) snprintf(at + strlen(at), sizeof at - strlen(at), "%s%.0f", j ? ";" : "", r.at[k][j]);
    ck_assert_msg(!strcmp(at, fl[5]), "%s k=%d: joinpoints %s, R %s", fl[0], k, at, fl[5]);
    rows++;
  }
  fclose(f);
  ck_assert_int_ge(rows, 19);
}
END_TEST

START_TEST(test_model_against_r)
{
  FILE *f = fixture_open("tests/reference/fixtures/joinpoint-model.csv");
  char buf[1024], *fl[16];
  int rows = 0;
  fixture_line(f, buf, sizeof buf, fl, 16);
  while (fixture_line(f, buf, sizeof buf, fl, 16) == 13) {
    pt_jp_result r;
    double t[MAXN];
    size_t n;
    fit_bic(fl[0], atoi(fl[1]), &r, &n, t);
    ck_assert_int_eq(r.k, atoi(fl[3]));
    double got[7];
    if (!strcmp(fl[4], "aapc")) {
      double w[] = { t[0], t[n - 1], NAN, NAN, r.aapc, r.aapc_lower, r.aapc_upper };
      memcpy(got, w, sizeof got);
    } else {
      const pt_jp_segment *g = &r.seg[atoi(fl[4])];
      double w[] = { g->from, g->to, g->slope, g->se, g->apc, g->apc_lower, g->apc_upper };
      memcpy(got, w, sizeof got);
      /* the slope as segmented fits it, with the joinpoints fixed */
      ck_assert_msg(close_rel(g->slope, strtod(fl[12], NULL), TOL_CLOSED), "%s segment %s: slope %.17g, segmented %s",
                    fl[0], fl[4], g->slope, fl[12]);
    }
    for (int j = 0; j < 7; j++) {
      if (isnan(got[j])) continue;   /* the AAPC's slope and se are not kept */
      ck_assert_msg(close_rel(got[j], strtod(fl[5 + j], NULL), TOL_CLOSED), "%s segment %s, column %d: %.17g, R %s",
                    fl[0], fl[4], 6 + j, got[j], fl[5 + j]);
    }
    rows++;
  }
  fclose(f);
  ck_assert_int_ge(rows, 20);
}
END_TEST

START_TEST(test_ratio_against_r)
{
  FILE *f = fixture_open("tests/reference/fixtures/joinpoint-ratio.csv");
  char buf[1024], *fl[8];
  int rows = 0;
  fixture_line(f, buf, sizeof buf, fl, 8);
  while (fixture_line(f, buf, sizeof buf, fl, 8) == 5) {
    double t[MAXN], y[MAXN], ratio;
    size_t n = load_series(fl[0], t, y), perm[MAXN], m = 0;
    for (char *p = fl[3]; *p; ) {
      perm[m++] = strtoul(p, &p, 10);
      if (*p == ';') p++;
    }
    ck_assert(m == 0 || m == n);
    ck_assert_int_eq(pt_trend_joinpoint_ratio(n, t, y, atoi(fl[1]), atoi(fl[2]), m ? perm : NULL, &ratio), PT_SUCCESS);
    ck_assert_msg(close_rel(ratio, strtod(fl[4], NULL), TOL_CLOSED), "%s %s vs %s perm [%s]: %.17g, R %s", fl[0],
                  fl[1], fl[2], fl[3], ratio, fl[4]);
    rows++;
  }
  fclose(f);
  ck_assert_int_ge(rows, 72);
}
END_TEST

START_TEST(test_permutation_selection)
{
  double t[MAXN], y[MAXN];
  pt_jp_opts o;
  pt_jp_result a, b;
  pt_jp_opts_init(&o);
  o.max_joinpoints = 2;
  o.select = PT_JP_SELECT_PERMUTATION;
  /* two clear bends: both tests reject (0 vs 2 at alpha/2, 1 vs 2 at alpha) */
  size_t n = load_series("bend20", t, y);
  ck_assert_int_eq(pt_trend_joinpoint_y(n, t, y, &o, &a), PT_SUCCESS);
  ck_assert_int_eq(a.k, 2);
  ck_assert_int_eq(a.ntests, 2);
  ck_assert(a.tests[0].k0 == 0 && a.tests[0].k1 == 2 && a.tests[0].rejected && a.tests[0].alpha == 0.025);
  ck_assert(a.tests[1].k0 == 1 && a.tests[1].k1 == 2 && a.tests[1].rejected && a.tests[1].alpha == 0.05);
  ck_assert(a.joinpoints[0] == 2008 && a.joinpoints[1] == 2014);
  /* no permutation does as well as the data: the smallest p there is */
  ck_assert_double_eq(a.tests[0].p, 1.0 / 4500.0);
  /* reproducible for a seed, to the bit */
  ck_assert_int_eq(pt_trend_joinpoint_y(n, t, y, &o, &b), PT_SUCCESS);
  ck_assert_mem_eq(&a, &b, sizeof a);
  /* a straight line: no joinpoint, the tests do not reject */
  n = load_series("line12", t, y);
  ck_assert_int_eq(pt_trend_joinpoint_y(n, t, y, &o, &a), PT_SUCCESS);
  ck_assert_int_eq(a.k, 0);
  ck_assert(a.tests[a.ntests - 1].k0 == 0 && a.tests[a.ntests - 1].k1 == 1 && !a.tests[a.ntests - 1].rejected);
  ck_assert(a.tests[0].p > 0.025 && a.tests[0].p <= 1.0);
  /* another seed moves p a little, not the answer */
  o.seed = 12345;
  ck_assert_int_eq(pt_trend_joinpoint_y(n, t, y, &o, &b), PT_SUCCESS);
  ck_assert_int_eq(b.k, 0);
  ck_assert(fabs(a.tests[0].p - b.tests[0].p) < 0.05);
}
END_TEST

START_TEST(test_domain)
{
  double t[8] = { 1, 2, 3, 4, 5, 6, 7, 8 }, y[8] = { -1, -1.1, -1.2, -1.1, -1, -0.9, -0.95, -1 };
  uint64_t x[5] = { 5, 6, 0, 7, 8 }, nn[5] = { 10, 10, 10, 10, 10 };
  double s[5] = { 1, 2, 3, 4, 5 };
  pt_jp_opts o;
  pt_jp_result r;
  pt_jp_opts_init(&o);
  o.max_joinpoints = 3;   /* needs 11 periods */
  ck_assert_int_eq(pt_jp_min_periods(3), 11);
  ck_assert_int_eq(pt_trend_joinpoint_y(8, t, y, &o, &r), PT_ESHORT);
  o.max_joinpoints = 1;
  o.weights = PT_JP_WEIGHTS_NONE;
  ck_assert_int_eq(pt_trend_joinpoint(5, x, nn, s, &o, &r), PT_EUNDEF);   /* a zero rate, unweighted */
  o.weights = PT_JP_WEIGHTS_SE;   /* weighted: 0.5 added, and said */
  ck_assert_int_eq(pt_trend_joinpoint(5, x, nn, s, &o, &r), PT_SUCCESS);
  ck_assert(r.nadjusted == 1 && r.adjusted[0] == 3 && r.weighted);
  t[3] = 3;
  ck_assert_int_eq(pt_trend_joinpoint_y(8, t, y, &o, &r), PT_EDOM);      /* periods not increasing */
  t[3] = 4;
  o.max_joinpoints = PT_JP_MAX + 1;
  ck_assert_int_eq(pt_trend_joinpoint_y(8, t, y, &o, &r), PT_EDOM);
  o.max_joinpoints = 2;
  o.select = PT_JP_SELECT_PERMUTATION;
  o.permutations = 0;
  ck_assert_int_eq(pt_trend_joinpoint_y(8, t, y, &o, &r), PT_EDOM);
  /* the statistic's permutation must be one */
  double ratio;
  size_t bad[8] = { 0, 1, 2, 3, 4, 5, 6, 8 }, twice[8] = { 0, 1, 2, 3, 4, 5, 6, 6 };
  ck_assert_int_eq(pt_trend_joinpoint_ratio(8, t, y, 0, 1, bad, &ratio), PT_EDOM);
  ck_assert_int_eq(pt_trend_joinpoint_ratio(8, t, y, 0, 1, twice, &ratio), PT_EDOM);
  /* five periods, one joinpoint: df = 1, intervals still finite */
  o.permutations = 99;
  o.max_joinpoints = 1;
  x[2] = 4;
  o.select_bic = 1;
  ck_assert_int_eq(pt_trend_joinpoint(5, x, nn, s, &o, &r), PT_SUCCESS);
  ck_assert(isfinite(r.aapc) && isfinite(r.aapc_lower) && isfinite(r.aapc_upper));
}
END_TEST

/* ---- issue 21: weights, WBIC/BIC3, the jump model, pairwise ---------------- */

/* The counts of one fixture case. */
static size_t load_counts(const char *id, double *t, uint64_t *x, uint64_t *n)
{
  FILE *f = fixture_open("tests/reference/fixtures/joinpoint-counts.csv");
  char buf[256], *fl[6];
  size_t m = 0;
  fixture_line(f, buf, sizeof buf, fl, 6);
  while (fixture_line(f, buf, sizeof buf, fl, 6) == 5)
    if (!strcmp(fl[0], id) && m < MAXN) {
      t[m] = strtod(fl[2], NULL);
      x[m] = strtoull(fl[3], NULL, 10);
      n[m] = strtoull(fl[4], NULL, 10);
      m++;
    }
  fclose(f);
  ck_assert_msg(m > 0, "no counts %s", id);
  return m;
}

static void fit_counts(const char *id, int max, const char *jump, pt_jp_select sel, pt_jp_result *r, double *t,
                       size_t *n)
{
  uint64_t x[MAXN], nn[MAXN];
  pt_jp_opts o;
  pt_jp_opts_init(&o);
  o.max_joinpoints = max;
  o.select = sel;
  if (*jump) { o.jump = 1; o.jump_at = strtod(jump, NULL); }
  *n = load_counts(id, t, x, nn);
  ck_assert_int_eq(pt_trend_joinpoint(*n, x, nn, t, &o, r), PT_SUCCESS);
}

static void check_close(const char *what, const char *id, double got, const char *want)
{
  if (!*want) { ck_assert_msg(isnan(got), "%s %s: %.17g, R none", id, what, got); return; }
  ck_assert_msg(close_rel(got, strtod(want, NULL), TOL_CLOSED), "%s %s: %.17g, R %s", id, what, got, want);
}

START_TEST(test_weighted_fits_against_r)
{
  FILE *f = fixture_open("tests/reference/fixtures/joinpoint-wfits.csv");
  char buf[512], *fl[12];
  int rows = 0;
  fixture_line(f, buf, sizeof buf, fl, 12);
  while (fixture_line(f, buf, sizeof buf, fl, 12) == 10) {
    pt_jp_result r;
    double t[MAXN];
    size_t n;
    int k = atoi(fl[3]);
    fit_counts(fl[0], atoi(fl[1]), fl[2], PT_JP_SELECT_WBIC, &r, t, &n);
    ck_assert(r.weighted && r.select == PT_JP_SELECT_WBIC && r.max_joinpoints == atoi(fl[1]));
    check_close("SSE", fl[0], r.sse[k], fl[4]);
    check_close("BIC", fl[0], r.bic[k], fl[5]);
    check_close("BIC3", fl[0], r.bic3[k], fl[6]);
    check_close("WBIC", fl[0], r.wbic[k], fl[7]);
    check_close("WBIC weight", fl[0], r.wbic_weight[k], fl[8]);
    ck_assert(r.criterion[k] == r.wbic[k]);
    char at[128] = "";
    for (int j = 0; j < k; j++) snprintf(at + strlen(at), sizeof at - strlen(at), "%s%.0f", j ? ";" : "", r.at[k][j]);
    ck_assert_msg(!strcmp(at, fl[9]), "%s k=%d: joinpoints %s, R %s", fl[0], k, at, fl[9]);
    rows++;
  }
  fclose(f);
  ck_assert_int_ge(rows, 200);
}
END_TEST

START_TEST(test_weighted_model_against_r)
{
  FILE *f = fixture_open("tests/reference/fixtures/joinpoint-wmodel.csv");
  char buf[1024], *fl[16];
  int rows = 0, jumps = 0;
  fixture_line(f, buf, sizeof buf, fl, 16);
  while (fixture_line(f, buf, sizeof buf, fl, 16) == 13) {
    pt_jp_result r;
    double t[MAXN];
    size_t n;
    pt_jp_select sel;
    ck_assert_int_eq(pt_jp_select_parse(fl[3], &sel), PT_SUCCESS);
    fit_counts(fl[0], atoi(fl[1]), fl[2], sel, &r, t, &n);
    ck_assert_msg(r.k == atoi(fl[4]), "%s %s: k = %d, R %s", fl[0], fl[3], r.k, fl[4]);
    double got[7];
    if (!strcmp(fl[5], "aapc")) {
      double w[] = { t[0], t[n - 1], r.aapc_slope, r.aapc_se, r.aapc, r.aapc_lower, r.aapc_upper };
      memcpy(got, w, sizeof got);
    } else if (!strcmp(fl[5], "jump")) {
      double w[] = { r.jump_at, r.jump_at, r.jump_coef, r.jump_se, r.jump_ratio, r.jump_lower, r.jump_upper };
      memcpy(got, w, sizeof got);
      ck_assert(r.has_jump);
      jumps++;
    } else {
      const pt_jp_segment *g = &r.seg[atoi(fl[5])];
      double w[] = { g->from, g->to, g->slope, g->se, g->apc, g->apc_lower, g->apc_upper };
      memcpy(got, w, sizeof got);
    }
    for (int j = 0; j < 7; j++) {
      char what[64];
      snprintf(what, sizeof what, "%s segment %s column %d", fl[3], fl[5], 7 + j);
      check_close(what, fl[0], got[j], fl[6 + j]);
    }
    rows++;
  }
  fclose(f);
  ck_assert_int_ge(rows, 600);
  ck_assert_int_ge(jumps, 6);
}
END_TEST

/* WBIC on binomial series with a known structure: the true number of
 * joinpoints in at least 17 of 20, at the true periods within a year. */
START_TEST(test_selection_known_structure)
{
  static const struct { const char *prefix; int max, k; double at[2]; } cases[] = {
    { "sim-bend2-", 3, 2, { 2008, 2014 } }, { "sim-bend1-", 2, 1, { 2013, 0 } }, { "sim-line-", 2, 0, { 0, 0 } } };
  for (size_t c = 0; c < 3; c++) {
    int right = 0;
    for (int rep = 1; rep <= 20; rep++) {
      char id[64];
      pt_jp_result r;
      double t[MAXN];
      size_t n;
      snprintf(id, sizeof id, "%s%d", cases[c].prefix, rep);
      fit_counts(id, cases[c].max, "", PT_JP_SELECT_WBIC, &r, t, &n);
      if (r.k != cases[c].k) continue;
      right++;
      for (int j = 0; j < r.k; j++)
        ck_assert_msg(fabs(r.joinpoints[j] - cases[c].at[j]) <= 1, "%s: joinpoint %g", id, r.joinpoints[j]);
    }
    ck_assert_msg(right >= 17, "%s: WBIC right in %d of 20", cases[c].prefix, right);
  }
}
END_TEST

/* The jump model recovers the simulated shift (x 0.8 from 2022) within its
 * interval; without the jump the fit is different and worse. */
START_TEST(test_jump_recovers_shift)
{
  pt_jp_result r, r0;
  double t[MAXN];
  size_t n;
  fit_counts("sim-jump", 1, "2022", PT_JP_SELECT_WBIC, &r, t, &n);
  ck_assert(r.has_jump && r.jump_at == 2022 && r.df == (int)n - 5);
  ck_assert_msg(r.jump_lower < 0.8 && 0.8 < r.jump_upper, "0.8 outside %g to %g", r.jump_lower, r.jump_upper);
  ck_assert(r.jump_lower < r.jump_ratio && r.jump_ratio < r.jump_upper);
  ck_assert(fabs(pt_jp_fitted(&r, 2022) - pt_jp_fitted(&r, 2021.999999) - log(r.jump_ratio)) < 1e-5);
  fit_counts("sim-jump", 1, "", PT_JP_SELECT_WBIC, &r0, t, &n);
  ck_assert(!r0.has_jump && r0.sse[r0.k] > r.sse[r.k]);
  /* the domain of the jump */
  uint64_t x[MAXN], nn[MAXN];
  pt_jp_opts o;
  pt_jp_opts_init(&o);
  load_counts("sim-jump", t, x, nn);
  o.jump = 1;
  o.jump_at = t[0];
  ck_assert_int_eq(pt_trend_joinpoint(n, x, nn, t, &o, &r), PT_EDOM);
  o.jump_at = NAN;
  ck_assert_int_eq(pt_trend_joinpoint(n, x, nn, t, &o, &r), PT_EDOM);
}
END_TEST

START_TEST(test_zero_and_full_counts)
{
  pt_jp_result r;
  double t[MAXN];
  size_t n;
  fit_counts("sim-zero-full", 2, "", PT_JP_SELECT_WBIC, &r, t, &n);
  ck_assert_int_eq(r.nadjusted, 3);   /* 0 of 20 in 2002, 20 of 20 in 2009 and 2010 */
  ck_assert(r.adjusted[0] == 2002 && r.adjusted[1] == 2009 && r.adjusted[2] == 2010);
  /* every count 0, or every count its total: not fitted */
  uint64_t x[5] = { 0, 0, 0, 0, 0 }, nn[5] = { 9, 9, 9, 9, 9 };
  double s[5] = { 1, 2, 3, 4, 5 };
  pt_jp_opts o;
  pt_jp_opts_init(&o);
  ck_assert_int_eq(pt_trend_joinpoint(5, x, nn, s, &o, &r), PT_EUNDEF);
  for (int i = 0; i < 5; i++) x[i] = 9;
  ck_assert_int_eq(pt_trend_joinpoint(5, x, nn, s, &o, &r), PT_EUNDEF);
  o.max_joinpoints = 2;   /* too short comes first */
  ck_assert_int_eq(pt_trend_joinpoint(5, x, nn, s, &o, &r), PT_ESHORT);
}
END_TEST

/* Weights off: the unweighted fit of ln(x/n), exactly. */
START_TEST(test_weights_none_is_ols)
{
  uint64_t x[MAXN], nn[MAXN];
  double t[MAXN], y[MAXN];
  pt_jp_opts o;
  pt_jp_result a, b;
  pt_jp_opts_init(&o);
  o.max_joinpoints = 2;
  o.weights = PT_JP_WEIGHTS_NONE;
  size_t n = load_counts("sim-bend1-1", t, x, nn);
  for (size_t i = 0; i < n; i++) y[i] = log((double)x[i] / (double)nn[i]);
  ck_assert_int_eq(pt_trend_joinpoint(n, x, nn, t, &o, &a), PT_SUCCESS);
  ck_assert_int_eq(pt_trend_joinpoint_y(n, t, y, &o, &b), PT_SUCCESS);
  ck_assert(!a.weighted);
  ck_assert_mem_eq(&a, &b, sizeof a);
}
END_TEST

static void load_pair(const char *ida, const char *idb, double *t, uint64_t *xa, uint64_t *na, uint64_t *xb,
                      uint64_t *nb, size_t *n)
{
  double tb[MAXN];
  *n = load_counts(ida, t, xa, na);
  ck_assert_uint_eq(load_counts(idb, tb, xb, nb), *n);
}

/* ln p and n p/(1 - p); no count of the pair fixtures is 0 or its total */
static void weighted_logs(size_t n, const uint64_t *x, const uint64_t *nn, double *y, double *w)
{
  for (size_t i = 0; i < n; i++) {
    double p = (double)x[i] / (double)nn[i];
    ck_assert(p > 0 && p < 1);
    y[i] = log(p);
    w[i] = (double)nn[i] * p / (1 - p);
  }
}

START_TEST(test_pair_against_r)
{
  FILE *f = fixture_open("tests/reference/fixtures/joinpoint-pair.csv");
  char buf[1024], *fl[16];
  int rows = 0, full = 0;
  fixture_line(f, buf, sizeof buf, fl, 16);
  while (fixture_line(f, buf, sizeof buf, fl, 16) == 12) {
    uint64_t xa[MAXN], na[MAXN], xb[MAXN], nb[MAXN];
    double t[MAXN], ya[MAXN], wa[MAXN], yb[MAXN], wb[MAXN], cs, ps;
    size_t n;
    load_pair(fl[0], fl[1], t, xa, na, xb, nb, &n);
    weighted_logs(n, xa, na, ya, wa);
    weighted_logs(n, xb, nb, yb, wb);
    int K = atoi(fl[6]);
    ck_assert_int_eq(pt_trend_joinpoint_pair_stats(n, t, ya, wa, yb, wb, K, NULL, &cs, &ps), PT_SUCCESS);
    check_close("coincidence F", fl[0], cs, fl[7]);
    check_close("parallelism F", fl[0], ps, fl[8]);
    if (*fl[3]) {   /* the whole comparison, as the CLI runs it */
      pt_jp_opts o;
      pt_jp_pair pr;
      pt_jp_opts_init(&o);
      o.max_joinpoints = atoi(fl[2]);
      o.permutations = 199;
      ck_assert_int_eq(pt_trend_joinpoint_pair(n, t, xa, na, xb, nb, &o, &pr), PT_SUCCESS);
      ck_assert(pr.a.k == atoi(fl[3]) && pr.b.k == atoi(fl[4]) && pr.k_parallel == atoi(fl[5]) && pr.K == K);
      check_close("coincidence F", fl[0], pr.coincident_stat, fl[7]);
      check_close("parallelism F", fl[0], pr.parallel_stat, fl[8]);
      check_close("AAPC difference", fl[0], pr.aapc_diff, fl[9]);
      check_close("AAPC difference lower", fl[0], pr.aapc_diff_lower, fl[10]);
      check_close("AAPC difference upper", fl[0], pr.aapc_diff_upper, fl[11]);
      ck_assert(pr.coincident_p > 0 && pr.coincident_p <= 1 && pr.parallel_p > 0 && pr.parallel_p <= 1);
      ck_assert(pr.df2 == 2 * (int)n - 2 * (2 * K + 2) && pr.parallel_df1 == 2 * K + 1);
      full++;
    }
    rows++;
  }
  fclose(f);
  ck_assert_int_ge(rows, 9);
  ck_assert_int_eq(full, 3);
}
END_TEST

/* The statistics of data sets made by fixed permutations: what the
 * permutation p-values count. */
START_TEST(test_pair_permuted_against_r)
{
  FILE *f = fixture_open("tests/reference/fixtures/joinpoint-pair-perm.csv");
  char buf[2048], *fl[8];
  int rows = 0;
  fixture_line(f, buf, sizeof buf, fl, 8);
  while (fixture_line(f, buf, sizeof buf, fl, 8) == 6) {
    uint64_t xa[MAXN], na[MAXN], xb[MAXN], nb[MAXN];
    double t[MAXN], ya[MAXN], wa[MAXN], yb[MAXN], wb[MAXN], cs, ps;
    size_t n, perm[2 * MAXN], m = 0;
    load_pair(fl[0], fl[1], t, xa, na, xb, nb, &n);
    weighted_logs(n, xa, na, ya, wa);
    weighted_logs(n, xb, nb, yb, wb);
    for (char *p = fl[3]; *p && m < 2 * MAXN; ) {
      perm[m++] = strtoul(p, &p, 10);
      if (*p == ';') p++;
    }
    ck_assert_uint_eq(m, 2 * n);
    ck_assert_int_eq(pt_trend_joinpoint_pair_stats(n, t, ya, wa, yb, wb, atoi(fl[2]), perm, &cs, &ps), PT_SUCCESS);
    check_close("permuted coincidence F", fl[0], cs, fl[4]);
    check_close("permuted parallelism F", fl[0], ps, fl[5]);
    perm[0] = perm[1];   /* not a permutation */
    ck_assert_int_eq(pt_trend_joinpoint_pair_stats(n, t, ya, wa, yb, wb, atoi(fl[2]), perm, &cs, &ps), PT_EDOM);
    rows++;
  }
  fclose(f);
  ck_assert_int_eq(rows, 9);
}
END_TEST

/* Parallel series: parallelism kept, coincidence rejected; crossing series:
 * parallelism rejected; two draws of one curve: neither rejected. */
START_TEST(test_pair_tells_parallel_from_crossing)
{
  static const struct { const char *a, *b; int par_rejected, coin_rejected; } cases[] = {
    { "pair-par-a", "pair-par-b", 0, 1 }, { "pair-cross-a", "pair-cross-b", 1, 1 }, { "pair-same-a", "pair-same-b", 0, 0 } };
  for (size_t c = 0; c < 3; c++) {
    uint64_t xa[MAXN], na[MAXN], xb[MAXN], nb[MAXN];
    double t[MAXN];
    size_t n;
    pt_jp_opts o;
    pt_jp_pair pr, pr2;
    load_pair(cases[c].a, cases[c].b, t, xa, na, xb, nb, &n);
    pt_jp_opts_init(&o);
    o.max_joinpoints = 2;
    o.permutations = 999;
    ck_assert_int_eq(pt_trend_joinpoint_pair(n, t, xa, na, xb, nb, &o, &pr), PT_SUCCESS);
    ck_assert_msg((pr.parallel_p < 0.01) == cases[c].par_rejected && (pr.parallel_p > 0.05) == !cases[c].par_rejected,
                  "%s: parallelism p = %g", cases[c].a, pr.parallel_p);
    ck_assert_msg((pr.coincident_p < 0.01) == cases[c].coin_rejected &&
                  (pr.coincident_p > 0.05) == !cases[c].coin_rejected, "%s: coincidence p = %g", cases[c].a,
                  pr.coincident_p);
    ck_assert(pr.aapc_diff_lower < pr.aapc_diff && pr.aapc_diff < pr.aapc_diff_upper);
    /* the same seed, the same p-values */
    ck_assert_int_eq(pt_trend_joinpoint_pair(n, t, xa, na, xb, nb, &o, &pr2), PT_SUCCESS);
    ck_assert(pr.parallel_p == pr2.parallel_p && pr.coincident_p == pr2.coincident_p);
  }
  /* different periods, a jump, or weights on one side only: refused */
  double t[4] = { 1, 2, 3, 4 }, y[4] = { -1, -1.3, -1.1, -1.25 }, w[4] = { 1, 1, 1, 1 }, cs, ps;
  ck_assert_int_eq(pt_trend_joinpoint_pair_stats(4, t, y, w, y, NULL, 0, NULL, &cs, &ps), PT_EDOM);
  ck_assert_int_eq(pt_trend_joinpoint_pair_stats(4, t, y, w, y, w, 1, NULL, &cs, &ps), PT_EDOM);
  ck_assert_int_eq(pt_trend_joinpoint_pair_stats(4, t, y, w, y, w, 0, NULL, &cs, &ps), PT_SUCCESS);
  ck_assert(fabs(cs) < 1e-9 && fabs(ps) < 1e-9);   /* one series twice: no difference but rounding */
}
END_TEST

START_TEST(test_names)
{
  pt_jp_select s;
  pt_jp_weights w;
  for (int i = 0; i < 4; i++) {
    ck_assert_int_eq(pt_jp_select_parse(pt_jp_select_name((pt_jp_select)i), &s), PT_SUCCESS);
    ck_assert_int_eq((int)s, i);
  }
  ck_assert_int_eq(pt_jp_select_parse("aic", &s), PT_EDOM);
  ck_assert_int_eq(pt_jp_weights_parse("se", &w), PT_SUCCESS);
  ck_assert_int_eq((int)w, PT_JP_WEIGHTS_SE);
  ck_assert_int_eq(pt_jp_weights_parse("none", &w), PT_SUCCESS);
  ck_assert_int_eq((int)w, PT_JP_WEIGHTS_NONE);
  ck_assert_int_eq(pt_jp_weights_parse("binomial", &w), PT_EDOM);
  ck_assert_ptr_null(pt_jp_select_name((pt_jp_select)9));
  /* the defaults of issue 21 */
  pt_jp_opts o;
  pt_jp_opts_init(&o);
  ck_assert(o.select == PT_JP_SELECT_WBIC && o.weights == PT_JP_WEIGHTS_SE && o.select_bic == -1 && !o.jump);
}
END_TEST

int main(void)
{
  const TTest *tests[] = { test_fits_against_r, test_model_against_r, test_ratio_against_r,
                           test_permutation_selection, test_domain, test_weighted_fits_against_r,
                           test_weighted_model_against_r, test_selection_known_structure, test_jump_recovers_shift,
                           test_zero_and_full_counts, test_weights_none_is_ols, test_pair_against_r,
                           test_pair_permuted_against_r,
                           test_pair_tells_parallel_from_crossing, test_names };
  return run_tests("joinpoint", tests, sizeof tests / sizeof tests[0], 300);
}
