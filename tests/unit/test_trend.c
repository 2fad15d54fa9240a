/* test_trend.c - Cochran-Armitage, logistic trend (Wald and profile CIs),
 * APC (plain and weighted) and homogeneity against R
 * (tests/reference/trend-fixtures.R), and the published reference cases. */
#include <config.h>

#include <stdint.h>

#include "proptrend/error.h"
#include "internal.h"
#include "proptrend/dispersion.h"
#include "proptrend/trend.h"
#include "testutil.h"

#define TOL_FIT 1e-9       /* iterative fits and profile limits (issue: 1e-6) */

static size_t list(char *s, double *out, size_t cap)
{
  size_t n = 0;
  for (char *tok = strtok(s, ";"); tok && n < cap; tok = strtok(NULL, ";")) out[n++] = strtod(tok, NULL);
  return n;
}

static int same(double got, double want, double tol)
{
  return close_rel(got, want, tol) || fabs(got - want) <= 1e-13;
}

START_TEST(test_against_r)
{
  FILE *f = fixture_open("tests/reference/fixtures/trend-grid.csv");
  char buf[4096], *fl[32];
  long rows = 0, bad = 0, checked = 0;
  fixture_line(f, buf, sizeof buf, fl, 32);
  while (fixture_line(f, buf, sizeof buf, fl, 32) == 24) {
    double xd[64], nd[64], s[64];
    uint64_t x[64], n[64];
    size_t k = list(fl[2], xd, 64);
    list(fl[3], nd, 64);
    list(fl[4], s, 64);
    for (size_t i = 0; i < k; i++) { x[i] = (uint64_t)xd[i]; n[i] = (uint64_t)nd[i]; }
    double v[19];
    for (int j = 0; j < 19; j++) v[j] = *fl[5 + j] ? strtod(fl[5 + j], NULL) : NAN;
    int ok = 1;
    double chisq, z, p;
    int st = pt_trend_ca(k, x, n, s, &chisq, &z, &p);
    if (isnan(v[0])) ok &= st == PT_EUNDEF;
    else ok &= st == 0 && same(chisq, v[0], TOL_CLOSED) && same(z, v[1], TOL_CLOSED) && same(p, v[2], TOL_CLOSED);
    pt_logit_trend lt;
    st = pt_trend_logistic(k, x, n, s, 0.95, &lt);
    if (isnan(v[3])) ok &= st == PT_EUNDEF;
    else ok &= st == 0 && same(lt.intercept, v[3], TOL_FIT) && same(lt.slope, v[4], TOL_FIT) &&
               same(lt.se, v[5], TOL_FIT) && same(lt.deviance, v[6], TOL_FIT) &&
               same(lt.wald_lower, v[7], TOL_FIT) && same(lt.wald_upper, v[8], TOL_FIT) &&
               same(lt.profile_lower, v[9], TOL_FIT) && same(lt.profile_upper, v[10], TOL_FIT);
    double apc, lo, hi, b, se;
    st = pt_trend_apc(k, x, n, s, 0.95, 0, &apc, &lo, &hi, &b, &se);
    if (isnan(v[11])) ok &= st == PT_EUNDEF;
    else ok &= st == 0 && same(apc, v[11], TOL_CLOSED) && same(lo, v[12], TOL_CLOSED) && same(hi, v[13], TOL_CLOSED);
    st = pt_trend_apc(k, x, n, s, 0.95, 1, &apc, &lo, &hi, &b, &se);
    if (isnan(v[14])) ok &= st == PT_EUNDEF;
    else ok &= st == 0 && same(apc, v[14], TOL_CLOSED) && same(lo, v[15], TOL_CLOSED) && same(hi, v[16], TOL_CLOSED);
    st = pt_homogeneity(k, x, n, &chisq, &p);
    if (isnan(v[17])) ok &= st == PT_EUNDEF;
    else ok &= st == 0 && same(chisq, v[17], TOL_CLOSED) && same(p, v[18], TOL_CLOSED);
    if (!ok && bad++ < 10) {
      fprintf(stderr, "MISMATCH %s: ca %.17g %.17g %.17g | logit %.17g %.17g %.17g dev %.17g wald %.17g %.17g prof %.17g %.17g\n",
              fl[0], chisq, z, p, lt.intercept, lt.slope, lt.se, lt.deviance, lt.wald_lower,
              lt.wald_upper, lt.profile_lower, lt.profile_upper);
      for (int j = 0; j < 19; j++) fprintf(stderr, " R[%d]=%s", j, fl[5 + j]);
      fputc('\n', stderr);
    }
    checked += 19;
    rows++;
  }
  fclose(f);
  fprintf(stderr, "trend grid: %ld series\n", rows);
  ck_assert_int_gt(rows, 60);
  ck_assert_msg(bad == 0, "%ld of %ld series differ from R", bad, rows);
  (void)checked;
}
END_TEST

START_TEST(test_published_cases)
{
  /* R's ?prop.trend.test example: smokers; X^2 = 8.2249, p = 0.004132 */
  const uint64_t x1[] = { 83, 90, 129, 70 }, n1[] = { 86, 93, 136, 82 };
  const double s1[] = { 1, 2, 3, 4 };
  double c, z, p;
  ck_assert_int_eq(pt_trend_ca(4, x1, n1, s1, &c, &z, &p), PT_SUCCESS);
  ck_assert(fabs(c - 8.2249) < 5e-5 && fabs(p - 0.004132) < 5e-7 && z < 0);
  /* Providence College giving by class year: X^2 = 67.8656 */
  const uint64_t x2[] = { 196, 266, 194, 276, 333 }, n2[] = { 319, 492, 435, 598, 901 };
  const double s2[] = { 1961, 1966, 1971, 1976, 1981 }, r2[] = { 1, 2, 3, 4, 5 };
  ck_assert_int_eq(pt_trend_ca(5, x2, n2, s2, &c, &z, &p), PT_SUCCESS);
  ck_assert(fabs(c - 67.8656) < 5e-5 && z < 0);
  double c2;
  ck_assert_int_eq(pt_trend_ca(5, x2, n2, r2, &c2, &z, &p), PT_SUCCESS);
  ck_assert(close_rel(c, c2, 1e-12));   /* equally spaced: ranks give the same test */
}
END_TEST

START_TEST(test_domain_and_undefined)
{
  const uint64_t x[] = { 5, 5, 5 }, n[] = { 5, 5, 5 }, z0[] = { 0, 3, 4 }, nn[] = { 10, 10, 10 };
  const double s[] = { 1, 2, 3 }, same_s[] = { 2, 2, 2 };
  double c, zz, p, a, l, u, b, se;
  pt_logit_trend lt;
  ck_assert_int_eq(pt_trend_ca(3, x, n, s, &c, &zz, &p), PT_EUNDEF);
  ck_assert_int_eq(pt_trend_logistic(3, x, n, s, 0.95, &lt), PT_EUNDEF);
  ck_assert_int_eq(pt_trend_apc(3, z0, nn, s, 0.95, 0, &a, &l, &u, &b, &se), PT_EUNDEF);
  ck_assert_int_eq(pt_trend_ca(3, z0, nn, same_s, &c, &zz, &p), PT_EDOM);
  ck_assert_int_eq(pt_trend_ca(1, z0, nn, s, &c, &zz, &p), PT_EDOM);
  ck_assert_int_eq(pt_trend_logistic(2, z0, nn, s, 0.95, &lt), PT_EDOM);
  const uint64_t bad[] = { 11, 3, 4 };
  ck_assert_int_eq(pt_homogeneity(3, bad, nn, &c, &p), PT_EDOM);
}
END_TEST

/* Issue 16 item 5: a series that reaches 0% up to a year separates the
 * logistic fit; the slope is "not estimable", never a non-converged number. */
START_TEST(test_separation)
{
  uint64_t x[5] = { 0, 0, 0, 12, 30 }, n[5] = { 40, 40, 40, 40, 40 };
  uint64_t y[5] = { 0, 0, 5, 40, 40 }, z[5] = { 0, 3, 0, 12, 30 };
  double s[5] = { 2013, 2014, 2015, 2016, 2017 };
  pt_logit_trend lt;
  pt_trend_test tt;
  pt_dispersion d;
  pt_disp_binomial(&d);
  d.method = PT_DISP_QUASI; d.phi = 4.0; d.df = 10;
  ck_assert(pt_logit_separated(5, x, n, s) == 0);   /* 0,0,0 then mixed: overlap, finite */
  ck_assert_int_eq(pt_trend_logistic(5, x, n, s, 0.95, &lt), PT_SUCCESS);
  ck_assert(pt_logit_separated(5, y, n, s));        /* quasi-complete: 0% then 100% */
  ck_assert_int_eq(pt_trend_logistic(5, y, n, s, 0.95, &lt), PT_EUNDEF);
  ck_assert_int_eq(pt_trend_logistic_disp(5, y, n, s, &d, 0.95, &tt), PT_EUNDEF);
  ck_assert_int_eq(pt_trend_logistic_disp(5, y, n, s, NULL, 0.95, &tt), PT_EUNDEF);
  uint64_t w[3] = { 0, 0, 7 }, m3[3] = { 10, 10, 10 };
  double s3[3] = { 1, 2, 3 };
  ck_assert(pt_logit_separated(3, w, m3, s3));       /* 0, 0, then mixed: quasi-complete */
  ck_assert_int_eq(pt_trend_logistic(3, w, m3, s3, 0.95, &lt), PT_EUNDEF);
  ck_assert(!pt_logit_separated(5, z, n, s));
  ck_assert_int_eq(pt_trend_logistic_disp(5, z, n, s, &d, 0.95, &tt), PT_SUCCESS);
  ck_assert(isfinite(tt.or_upper) && tt.df == 10);
}
END_TEST

int main(void)
{
  const TTest *tests[] = { test_against_r, test_published_cases, test_domain_and_undefined, test_separation };
  return run_tests("trend", tests, sizeof tests / sizeof tests[0], 120);
}
