/* test_joinpoint.c - joinpoint regression against the brute-force R
 * implementation and segmented (tests/reference/joinpoint-fixtures.R):
 * best SSE, BIC and placement for every k; the BIC-selected model's segment
 * APCs and AAPC with intervals; the permutation statistic for fixed
 * permutations.  Then the permutation-test selection: the known answer on
 * clear series, reproducible for a seed, and the domain. */
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

int main(void)
{
  const TTest *tests[] = { test_fits_against_r, test_model_against_r, test_ratio_against_r,
                           test_permutation_selection, test_domain };
  return run_tests("joinpoint", tests, sizeof tests / sizeof tests[0], 300);
}
