/* test_reinspect.c - sample sizes, exact finite-population limits, LQAS plans
 * and their operating characteristic, and Rogan-Gladen adjusted rates
 * against R (tests/reference/reinspect-fixtures.R; epiR::epi.prev). */
#include <config.h>

#include <stdint.h>

#include "proptrend/analyses.h"
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

/* ---- the table-level entry points (analyses.h) ------------------------------ */

/* A table read from CSV text (count and total under the names given). */
static void table_from(const char *csv, const char *count, const char *total, pt_table *t)
{
  FILE *f = tmpfile();
  ck_assert_ptr_nonnull(f);
  fputs(csv, f);
  rewind(f);
  pt_load_opts o;
  pt_diags d;
  pt_load_opts_init(&o);
  o.colname[PT_COL_COUNT] = count;
  o.colname[PT_COL_TOTAL] = total;
  pt_diags_init(&d);
  pt_table_init(t);
  ck_assert_int_eq(pt_table_read(f, &o, t, &d), PT_SUCCESS);
  pt_diags_free(&d);
  fclose(f);
}

/* One row "g,s,PERIOD,A,B" appended to buf. */
static void add_row(char *buf, size_t cap, long period, unsigned long long a, unsigned long long b)
{
  size_t u = strlen(buf);
  snprintf(buf + u, cap - u, "g,s,%ld,%llu,%llu\n", period, a, b);
}

/* The R fixture of test_verify_against_r through pt_an_verify_run: one
 * table per level, the classified rows in reverse order of the
 * inspections, so matching cannot rely on the order. */
START_TEST(test_verify_table_against_r)
{
  static const double levels[] = { 0.90, 0.95, 0.99 };
  int checked = 0;
  for (int L = 0; L < 3; L++) {
    FILE *f = fixture_open("tests/reference/fixtures/verify.csv");
    char buf[1024], *fl[20], want[64][16][32];
    static char tab[1 << 14], ins[1 << 14];
    int m = 0;
    fixture_line(f, buf, sizeof buf, fl, 20);
    while (fixture_line(f, buf, sizeof buf, fl, 20) == 16)
      if (fabs(strtod(fl[4], NULL) - levels[L]) < 1e-12 && m < 64) {
        for (int k = 0; k < 16; k++) snprintf(want[m][k], sizeof want[m][k], "%s", fl[k]);
        m++;
      }
    fclose(f);
    ck_assert_int_gt(m, 0);
    strcpy(tab, "group,stage,period,count,total\n");
    strcpy(ins, "group,stage,period,confirmed,inspected\n");
    for (int i = m - 1; i >= 0; i--)
      add_row(tab, sizeof tab, 2000 + i, strtoull(want[i][2], NULL, 10), strtoull(want[i][3], NULL, 10));
    for (int i = 0; i < m; i++)
      add_row(ins, sizeof ins, 2000 + i, strtoull(want[i][0], NULL, 10), strtoull(want[i][1], NULL, 10));
    pt_table t, q;
    table_from(tab, "count", "total", &t);
    table_from(ins, "confirmed", "inspected", &q);
    pt_an_verifies v;
    ck_assert_int_eq(pt_an_verify_run(&t, &q, levels[L], &v), PT_SUCCESS);
    ck_assert_uint_eq(v.n, (size_t)m);
    for (int i = 0; i < m; i++) {
      const pt_an_verify *x = &v.r[i];
      ck_assert_ptr_eq(x->insp, &q.rows[i]);
      ck_assert_ptr_eq(x->row, &t.rows[m - 1 - i]);
      ck_assert_uint_eq(x->count, strtoull(want[i][2], NULL, 10));
      ck_assert_uint_eq(x->inspected, strtoull(want[i][1], NULL, 10));
      const double got[] = { x->v.rate, x->v.wilson_lower, x->v.wilson_upper, x->v.exact_lower, x->v.exact_upper,
                             x->v.compliant, (double)x->v.compliant_lower, (double)x->v.compliant_upper,
                             x->v.corrected, x->v.corrected_lower, x->v.corrected_upper };
      for (int k = 0; k < 11; k++) {
        double w = strtod(want[i][5 + k], NULL);
        ck_assert_msg(close_rel(got[k], w, TOL_CLOSED) || fabs(got[k] - w) < 1e-15,
                      "level %g row %d column %d: %.17g, R %s", levels[L], i, 5 + k, got[k], want[i][5 + k]);
      }
      checked++;
    }
    pt_an_verify_free(&v);
    pt_table_free(&t);
    pt_table_free(&q);
  }
  ck_assert_int_eq(checked, 24);
}
END_TEST

/* Areas are part of the key: the same group, stage and period in two areas
 * are two rows; a table with areas against one without is a problem. */
START_TEST(test_verify_table_areas)
{
  pt_table t, q, plain;
  table_from("area,group,stage,period,count,total\nb,school,rec,2015,401,455\na,school,rec,2015,582,616\n",
             "count", "total", &t);
  table_from("area,group,stage,period,confirmed,inspected\na,school,rec,2015,290,291\nb,school,rec,2015,199,200\n",
             "confirmed", "inspected", &q);
  pt_an_verifies v;
  ck_assert_int_eq(pt_an_verify_run(&t, &q, 0.95, &v), PT_SUCCESS);
  ck_assert_uint_eq(v.n, 2);
  ck_assert_str_eq(v.r[0].area, "a");
  ck_assert_uint_eq(v.r[0].count, 582);
  ck_assert_uint_eq(v.r[1].count, 401);
  pt_verify_result w;
  ck_assert_int_eq(pt_verify(199, 200, 401, 455, 0.95, &w), PT_SUCCESS);
  ck_assert(v.r[1].v.corrected == w.corrected && v.r[1].v.compliant_lower == w.compliant_lower);
  pt_an_verify_free(&v);
  table_from("group,stage,period,count,total\nschool,rec,2015,582,616\n", "count", "total", &plain);
  ck_assert_int_eq(pt_an_verify_run(&plain, &q, 0.95, &v), PT_EDATA);
  ck_assert_uint_eq(v.np, 1);
  ck_assert_int_eq(v.p[0].kind, PT_AN_VERIFY_AREAS);
  ck_assert_uint_eq(v.p[0].line, 0);
  pt_an_verify_free(&v);
  ck_assert_int_eq(pt_an_verify_run(&t, &q, 1.0, &v), PT_EDOM);
  pt_an_verify_free(&v);
  pt_table_free(&t);
  pt_table_free(&q);
  pt_table_free(&plain);
}
END_TEST

/* Every unmatched or excessive inspection row is listed with its line (and
 * the inspected column), and nothing is computed; numbers pt_verify
 * refuses are a problem of their own. */
START_TEST(test_verify_table_problems)
{
  pt_table t, q, big, qb;
  table_from("group,stage,period,count,total\nx,rec,2015,229,357\nx,rec,2016,331,362\n", "count", "total", &t);
  table_from("group,stage,period,confirmed,inspected\nx,rec,2015,10,20\ny,rec,2015,1,2\nx,rec,2016,300,400\n"
             "x,rec,2017,1,1\n", "confirmed", "inspected", &q);
  pt_an_verifies v;
  ck_assert_int_eq(pt_an_verify_run(&t, &q, 0.95, &v), PT_EDATA);
  ck_assert_uint_eq(v.np, 3);
  ck_assert_int_eq(v.p[0].kind, PT_AN_VERIFY_NO_ROW);
  ck_assert_uint_eq(v.p[0].line, 3);
  ck_assert_ptr_null(v.p[0].row);
  ck_assert_int_eq(v.p[1].kind, PT_AN_VERIFY_EXCEEDS);
  ck_assert_uint_eq(v.p[1].line, 4);
  ck_assert_uint_eq(v.p[1].col, 5);
  ck_assert_ptr_eq(v.p[1].row, &t.rows[1]);
  ck_assert_int_eq(v.p[2].kind, PT_AN_VERIFY_NO_ROW);
  ck_assert_uint_eq(v.p[2].line, 5);
  pt_an_verify_free(&v);
  /* a total beyond pt_verify's domain (4e9): cannot compute */
  table_from("group,stage,period,count,total\nx,rec,2015,229,5000000000\n", "count", "total", &big);
  table_from("group,stage,period,confirmed,inspected\nx,rec,2015,10,20\n", "confirmed", "inspected", &qb);
  ck_assert_int_eq(pt_an_verify_run(&big, &qb, 0.95, &v), PT_EDATA);
  ck_assert_uint_eq(v.np, 1);
  ck_assert_int_eq(v.p[0].kind, PT_AN_VERIFY_UNDEFINED);
  ck_assert_uint_eq(v.p[0].line, 2);
  pt_an_verify_free(&v);
  pt_table_free(&t); pt_table_free(&q); pt_table_free(&big); pt_table_free(&qb);
}
END_TEST

/* The counts fixture (nested-rg-fixtures.R) through pt_an_adjust_run: one
 * table per error-rate pair; Se + Sp <= 1 refuses the run. */
START_TEST(test_adjust_counts_table_against_r)
{
  FILE *f = fixture_open("tests/reference/fixtures/rogan-gladen-counts.csv");
  char buf[512], *fl[16];
  int rows = 0, refused = 0;
  fixture_line(f, buf, sizeof buf, fl, 16);
  while (fixture_line(f, buf, sizeof buf, fl, 16) == 13) {
    uint64_t a[6];
    for (int i = 0; i < 6; i++) a[i] = strtoull(fl[i], NULL, 10);
    char csv[256];
    snprintf(csv, sizeof csv, "group,stage,period,count,total\ng,s,2015,%llu,%llu\n", (unsigned long long)a[0],
             (unsigned long long)a[1]);
    pt_table t;
    table_from(csv, "count", "total", &t);
    pt_an_adjust_opts o;
    pt_an_adjust_opts_init(&o);
    o.counts = 1;
    o.se_x = a[2]; o.se_n = a[3]; o.sp_x = a[4]; o.sp_n = a[5];
    pt_an_adjusts r;
    int st = pt_an_adjust_run(&t, &o, &r);
    if (atoi(fl[6]) == PT_RG_UNINFORMATIVE) {
      ck_assert_int_eq(st, PT_EDOM);
      refused++;
    } else {
      ck_assert_int_eq(st, PT_SUCCESS);
      ck_assert_uint_eq(r.n, 1);
      const pt_an_adjust *x = &r.r[0];
      ck_assert_int_eq(x->status, atoi(fl[6]));
      ck_assert_uint_eq(r.nonidentifiable, x->status != PT_RG_OK);
      ck_assert(x->sensitivity == (double)a[2] / (double)a[3] && x->specificity == (double)a[4] / (double)a[5]);
      const double got[] = { x->adjusted, x->sd, x->adjusted_lower, x->adjusted_upper, x->known_lower, x->known_upper };
      for (int i = 0; i < 6; i++) {
        double w = fnum(fl[7 + i]);
        ck_assert_msg(close_rel(got[i], w, TOL_CLOSED) || fabs(got[i] - w) < 1e-15, "row %d field %d: %.17g, R %.17g",
                      rows, i, got[i], w);
      }
      /* the apparent rate keeps its own interval */
      double lo, hi;
      pt_ci_wilson(a[0], a[1], 0.95, &lo, &hi);
      ck_assert(x->p_lower == lo && x->p_upper == hi);
    }
    pt_an_adjust_free(&r);
    pt_table_free(&t);
    rows++;
  }
  fclose(f);
  ck_assert(rows >= 8 && refused == 2);
}
END_TEST

/* Known rates give exactly the per-row transform; the grid is 25 rows per
 * row, Se outer, Sp inner; bad options are PT_EDOM. */
START_TEST(test_adjust_known_and_grid)
{
  pt_table t;
  table_from("group,stage,period,count,total\ng,s,2015,229,357\ng,s,2016,331,362\n", "count", "total", &t);
  pt_an_adjust_opts o;
  pt_an_adjusts r;
  pt_an_adjust_opts_init(&o);
  o.se = 0.9; o.sp = 0.95;
  o.method = pt_ci_method_find("clopper-pearson");
  ck_assert_int_eq(pt_an_adjust_run(&t, &o, &r), PT_SUCCESS);
  ck_assert_uint_eq(r.n, 2);
  double lo, hi, want;
  o.method->fn(331, 362, 0.95, &lo, &hi);
  pt_rogan_gladen(hi, 0.9, 0.95, &want);
  ck_assert(r.r[1].adjusted_upper == want && r.r[1].status == PT_RG_OK);
  pt_an_adjust_free(&r);
  o.grid = 1;
  ck_assert_int_eq(pt_an_adjust_run(&t, &o, &r), PT_SUCCESS);
  ck_assert_uint_eq(r.n, 50);
  ck_assert(r.r[7].sensitivity == 0.80 + 0.05 * 1 && r.r[7].specificity == 0.80 + 0.05 * 2);
  ck_assert_int_eq(r.r[30].period, 2016);
  pt_an_adjust_free(&r);
  o.grid = 0;
  o.se = 0.5; o.sp = 0.5;
  ck_assert_int_eq(pt_an_adjust_run(&t, &o, &r), PT_EDOM);
  pt_an_adjust_free(&r);
  o.counts = 1; o.se_x = 51; o.se_n = 50; o.sp_x = 180; o.sp_n = 190;
  ck_assert_int_eq(pt_an_adjust_run(&t, &o, &r), PT_EDOM);
  pt_an_adjust_free(&r);
  pt_table_free(&t);
}
END_TEST

/* The LQAS plan and its OC table from the per-plan functions. */
START_TEST(test_lqas_table)
{
  pt_an_lqas q;
  uint64_t n, d;
  ck_assert_int_eq(pt_an_lqas_run(229, 0.05, 0.2, 0.05, 0.1, &q), PT_SUCCESS);
  ck_assert_int_eq(pt_lqas(229, 0.05, 0.2, 0.05, 0.1, &n, &d), PT_SUCCESS);
  ck_assert(q.n == n && q.d == d && q.oc[20].failure_rate == 1.0 && q.oc[0].p_accept == pt_lqas_oc(229, n, d, 0));
  ck_assert(q.accept_p0 >= 0.95 && q.accept_p1 <= 0.1);
  ck_assert_int_eq(pt_an_lqas_run(5, 0.1, 0.15, 0.01, 0.01, &q), PT_EUNDEF);
  ck_assert_int_eq(pt_an_lqas_run(100, 0.3, 0.2, 0.05, 0.1, &q), PT_EDOM);
}
END_TEST

int main(void)
{
  const TTest *tests[] = { test_sample_sizes_against_r, test_adjust_against_epir, test_verify_against_r, test_domain,
                           test_rogan_gladen_counts_against_r, test_cochran_extremes, test_verify_table_against_r,
                           test_verify_table_areas, test_verify_table_problems, test_adjust_counts_table_against_r,
                           test_adjust_known_and_grid, test_lqas_table };
  return run_tests("reinspect", tests, sizeof tests / sizeof tests[0], 0);
}
