/* test_reinspect.c - sample sizes, exact finite-population limits, LQAS plans
 * and their operating characteristic, and Rogan-Gladen adjusted rates
 * against R (tests/reference/reinspect-fixtures.R; epiR::epi.prev). */
#include <config.h>

#include <stdint.h>

#include "proptrend/ci.h"
#include "proptrend/error.h"
#include "proptrend/reinspect.h"
#include "testutil.h"

START_TEST(test_sample_sizes_against_r)
{
  FILE *f = fixture_open("tests/reference/fixtures/sample-size.csv");
  char buf[512], *fl[8];
  int rows = 0;
  fixture_line(f, buf, sizeof buf, fl, 8);
  while (fixture_line(f, buf, sizeof buf, fl, 8) == 7) {
    rows++;
    if (!strcmp(fl[0], "cochran")) {
      double n0;
      uint64_t n;
      ck_assert_int_eq(pt_ss_cochran(strtoull(fl[1], NULL, 10), strtod(fl[2], NULL), strtod(fl[3], NULL),
                                     strtod(fl[4], NULL), &n0, &n), PT_SUCCESS);
      ck_assert_msg(close_rel(n0, strtod(fl[5], NULL), TOL_CLOSED) && n == strtoull(fl[6], NULL, 10),
                    "cochran N=%s P=%s D=%s: %.17g %llu, R %s %s", fl[1], fl[2], fl[3], n0,
                    (unsigned long long)n, fl[5], fl[6]);
    } else if (!strcmp(fl[0], "exact")) {
      uint64_t n;
      ck_assert_int_eq(pt_ss_exact(strtoull(fl[1], NULL, 10), strtod(fl[2], NULL), strtod(fl[3], NULL),
                                   strtod(fl[4], NULL), &n), PT_SUCCESS);
      ck_assert_msg(n == strtoull(fl[6], NULL, 10), "exact N=%s P=%s D=%s: %llu, R %s", fl[1], fl[2], fl[3],
                    (unsigned long long)n, fl[6]);
    } else if (!strcmp(fl[0], "hyper")) {
      uint64_t lo, hi;
      ck_assert_int_eq(pt_hyper_ci(strtoull(fl[1], NULL, 10), strtoull(fl[2], NULL, 10), strtoull(fl[3], NULL, 10),
                                   strtod(fl[4], NULL), &lo, &hi), PT_SUCCESS);
      ck_assert_msg(lo == strtoull(fl[5], NULL, 10) && hi == strtoull(fl[6], NULL, 10),
                    "hyper %s/%s of %s: [%llu, %llu], R [%s, %s]", fl[1], fl[2], fl[3],
                    (unsigned long long)lo, (unsigned long long)hi, fl[5], fl[6]);
    } else if (!strcmp(fl[0], "lqas")) {
      uint64_t n, d;
      int st = pt_lqas(strtoull(fl[1], NULL, 10), strtod(fl[2], NULL), strtod(fl[3], NULL), strtod(fl[4], NULL),
                       strtod(fl[5], NULL), &n, &d);
      if (!strcmp(fl[6], "NA")) ck_assert_int_eq(st, PT_EUNDEF);
      else ck_assert_msg(st == PT_SUCCESS && n == strtoull(fl[6], NULL, 10),
                         "lqas N=%s p0=%s p1=%s: n=%llu d=%llu, R %s", fl[1], fl[2], fl[3],
                         (unsigned long long)n, (unsigned long long)d, fl[6]);
    } else if (!strcmp(fl[0], "oc")) {
      double v = pt_lqas_oc(strtoull(fl[1], NULL, 10), strtoull(fl[2], NULL, 10), strtoull(fl[3], NULL, 10),
                            strtod(fl[4], NULL));
      ck_assert_msg(close_rel(v, strtod(fl[5], NULL), TOL_CLOSED) || fabs(v - strtod(fl[5], NULL)) < 1e-14,
                    "oc %s %s %s %s: %.17g, R %s", fl[1], fl[2], fl[3], fl[4], v, fl[5]);
    }
  }
  fclose(f);
  ck_assert_int_gt(rows, 100);
}
END_TEST

START_TEST(test_adjust_against_epir)
{
  FILE *f = fixture_open("tests/reference/fixtures/adjust.csv");
  char buf[512], *fl[12];
  int rows = 0;
  fixture_line(f, buf, sizeof buf, fl, 12);
  while (fixture_line(f, buf, sizeof buf, fl, 12) == 11) {
    uint64_t x = strtoull(fl[0], NULL, 10), n = strtoull(fl[1], NULL, 10);
    double se = strtod(fl[2], NULL), sp = strtod(fl[3], NULL), lo, hi, a, al, ah;
    ck_assert_int_eq(pt_ci_method_find(fl[4])->fn(x, n, 0.95, &lo, &hi), PT_SUCCESS);
    ck_assert_msg((close_rel(lo, strtod(fl[6], NULL), TOL_CLOSED) || fabs(lo - strtod(fl[6], NULL)) < 1e-15) &&
                  close_rel(hi, strtod(fl[7], NULL), TOL_CLOSED),
                  "apparent %s/%s %s: [%.17g, %.17g], epiR [%s, %s]", fl[0], fl[1], fl[4], lo, hi, fl[6], fl[7]);
    pt_rogan_gladen((double)x / (double)n, se, sp, &a);
    pt_rogan_gladen(lo, se, sp, &al);
    pt_rogan_gladen(hi, se, sp, &ah);
    /* epiR does not clip; proptrend clips to [0, 1] */
    double wa = fmin(1, fmax(0, strtod(fl[8], NULL))), wl = fmin(1, fmax(0, strtod(fl[9], NULL))),
           wh = fmin(1, fmax(0, strtod(fl[10], NULL)));
    ck_assert_msg((close_rel(a, wa, TOL_CLOSED) || fabs(a - wa) < 1e-15) &&
                  (close_rel(al, wl, TOL_CLOSED) || fabs(al - wl) < 1e-15) &&
                  (close_rel(ah, wh, TOL_CLOSED) || fabs(ah - wh) < 1e-15),
                  "adjusted %s/%s se %s sp %s %s: %.17g [%.17g, %.17g], epiR %s [%s, %s]", fl[0], fl[1], fl[2],
                  fl[3], fl[4], a, al, ah, fl[8], fl[9], fl[10]);
    rows++;
  }
  fclose(f);
  ck_assert_int_gt(rows, 40);
}
END_TEST

START_TEST(test_verify_against_r)
{
  FILE *f = fixture_open("tests/reference/fixtures/verify.csv");
  char buf[1024], *fl[20];
  int rows = 0;
  fixture_line(f, buf, sizeof buf, fl, 20);
  while (fixture_line(f, buf, sizeof buf, fl, 20) == 16) {
    pt_verify_result r;
    ck_assert_int_eq(pt_verify(strtoull(fl[0], NULL, 10), strtoull(fl[1], NULL, 10), strtoull(fl[2], NULL, 10),
                               strtoull(fl[3], NULL, 10), strtod(fl[4], NULL), &r), PT_SUCCESS);
    const double got[] = { r.rate, r.wilson_lower, r.wilson_upper, r.exact_lower, r.exact_upper, r.compliant };
    for (int k = 0; k < 6; k++) {
      double want = strtod(fl[5 + k], NULL);
      ck_assert_msg(close_rel(got[k], want, TOL_CLOSED) || fabs(got[k] - want) < 1e-15,
                    "verify %s/%s of %s (%s) level %s, column %d: %.17g, R %s", fl[0], fl[1], fl[2], fl[3],
                    fl[4], 6 + k, got[k], fl[5 + k]);
    }
    ck_assert_msg(r.compliant_lower == strtoull(fl[11], NULL, 10) && r.compliant_upper == strtoull(fl[12], NULL, 10),
                  "verify %s/%s of %s: K in [%llu, %llu], R [%s, %s]", fl[0], fl[1], fl[2],
                  (unsigned long long)r.compliant_lower, (unsigned long long)r.compliant_upper, fl[11], fl[12]);
    const double cor[] = { r.corrected, r.corrected_lower, r.corrected_upper };
    for (int k = 0; k < 3; k++)
      ck_assert_msg(close_rel(cor[k], strtod(fl[13 + k], NULL), TOL_CLOSED), "verify %s/%s corrected %d: %.17g, R %s",
                    fl[0], fl[1], k, cor[k], fl[13 + k]);
    rows++;
  }
  fclose(f);
  ck_assert_int_eq(rows, 24);
}
END_TEST

START_TEST(test_domain)
{
  double a, n0;
  uint64_t n, d, lo, hi;
  ck_assert_int_eq(pt_rogan_gladen(0.5, 0.5, 0.5, &a), PT_EDOM);   /* se + sp <= 1 */
  ck_assert_int_eq(pt_rogan_gladen(0.1, 0.9, 0.9, &a), PT_SUCCESS);
  ck_assert(a == 0.0);                                              /* clipped */
  ck_assert_int_eq(pt_ss_cochran(100, 0, 0.05, 0.95, &n0, &n), PT_EDOM);
  ck_assert_int_eq(pt_hyper_ci(5, 4, 10, 0.95, &lo, &hi), PT_EDOM);
  ck_assert_int_eq(pt_lqas(100, 0.3, 0.2, 0.05, 0.1, &n, &d), PT_EDOM);
  pt_verify_result v;
  ck_assert_int_eq(pt_verify(3, 0, 10, 20, 0.95, &v), PT_EDOM);    /* nothing inspected */
  ck_assert_int_eq(pt_verify(5, 4, 10, 20, 0.95, &v), PT_EDOM);    /* confirmed > inspected */
  ck_assert_int_eq(pt_verify(3, 11, 10, 20, 0.95, &v), PT_EDOM);   /* inspected > classified */
  ck_assert_int_eq(pt_verify(3, 4, 21, 20, 0.95, &v), PT_EDOM);    /* classified > total */
  ck_assert_int_eq(pt_verify(3, 4, 10, 20, 1.0, &v), PT_EDOM);
}
END_TEST

/* Issue 16 item 4: Rogan-Gladen with Se and Sp estimated from counts; the
 * delta-method interval and the identifiability status (nested-rg-fixtures.R). */
static double fnum(const char *s) { return strcmp(s, "NaN") ? atof(s) : NAN; }

START_TEST(test_rogan_gladen_counts_against_r)
{
  FILE *f = fixture_open("tests/reference/fixtures/rogan-gladen-counts.csv");
  char buf[512], *fl[16];
  int rows = 0, seen[4] = { 0 };
  fixture_line(f, buf, sizeof buf, fl, 16);
  while (fixture_line(f, buf, sizeof buf, fl, 16) == 13) {
    uint64_t a[6];
    for (int i = 0; i < 6; i++) a[i] = strtoull(fl[i], NULL, 10);
    pt_rg_result r;
    ck_assert_int_eq(pt_rogan_gladen_counts(a[0], a[1], a[2], a[3], a[4], a[5], 0.95, &r), PT_SUCCESS);
    ck_assert_int_eq((int)r.status, atoi(fl[6]));
    seen[r.status] = 1;
    double got[6] = { r.adjusted, r.sd, r.lower, r.upper, r.lower_known, r.upper_known };
    for (int i = 0; i < 6; i++) {
      double want = fnum(fl[7 + i]);
      ck_assert_msg((isnan(want) && isnan(got[i])) || close_rel(got[i], want, TOL_CLOSED) || fabs(got[i] - want) < 1e-15,
                    "row %d field %d: %.17g, R %.17g", rows, i, got[i], want);
    }
    rows++;
  }
  fclose(f);
  ck_assert(rows >= 8 && seen[0] && seen[1] && seen[2] && seen[3]);
  /* the estimated error rates widen the interval beyond the known-rate one */
  pt_rg_result r;
  ck_assert_int_eq(pt_rogan_gladen_counts(229, 357, 45, 50, 180, 190, 0.95, &r), PT_SUCCESS);
  ck_assert(r.upper - r.lower > r.upper_known - r.lower_known);
  ck_assert_int_eq(pt_rogan_gladen_counts(229, 357, 51, 50, 180, 190, 0.95, &r), PT_EDOM);
  ck_assert_int_eq(pt_rogan_gladen_counts(229, 357, 45, 0, 180, 190, 0.95, &r), PT_EDOM);
}
END_TEST

/* issue 19: a margin near 0 made n0 infinite and the FPC inf/inf, cast to
 * an integer (undefined behaviour, n = 2^63 printed). */
START_TEST(test_cochran_extremes)
{
  double n0;
  uint64_t n = 0;
  ck_assert_int_eq(pt_ss_cochran(500, 0.9, 1e-300, 0.95, &n0, &n), PT_SUCCESS);
  ck_assert(isinf(n0));
  ck_assert_uint_eq(n, 500);                                          /* a census */
  ck_assert_int_eq(pt_ss_cochran(0, 0.9, 1e-300, 0.95, &n0, &n), PT_EOVERFLOW);   /* no FPC: no count */
  ck_assert_int_eq(pt_ss_cochran(1, 0.5, 0.05, 1e-300, &n0, &n), PT_SUCCESS);
  ck_assert_uint_eq(n, 1);                                            /* n0 ~ 0: never 0 units */
  ck_assert_int_eq(pt_ss_cochran(1000000000, 0.5, 5e-10, 0.95, &n0, &n), PT_SUCCESS);
  ck_assert_uint_eq(n, 1000000000);   /* 999999999.74 rounds up, whatever the relative tolerance */
  /* LQAS: rates that are the same count of failing units, answered at once */
  uint64_t d;
  ck_assert_int_eq(pt_lqas(1000000, 0.05, 0.0500001, 0.05, 0.1, &n, &d), PT_EUNDEF);
  ck_assert_int_eq(pt_lqas(5, 0.1, 0.15, 0.5, 0.65, &n, &d), PT_SUCCESS);   /* 1 - alpha <= beta: any plan */
}
END_TEST

int main(void)
{
  const TTest *tests[] = { test_sample_sizes_against_r, test_adjust_against_epir, test_verify_against_r, test_domain,
                           test_rogan_gladen_counts_against_r, test_cochran_extremes };
  return run_tests("reinspect", tests, sizeof tests / sizeof tests[0], 0);
}
