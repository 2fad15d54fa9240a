/* test_analyses.c - the table-level analyses (proptrend/analyses.h), the
 * series partition (proptrend/series.h) and the field tables (emit.h):
 * against R on the bundled dataset (tests/reference/analyses-fixtures.R),
 * against the per-series functions they call, and on tables built here
 * (areas, stage pairs, a base period, more than 256 groups). */
#include <config.h>

#include <stdint.h>

#include <gsl/gsl_errno.h>

#include "proptrend/analyses.h"
#include "proptrend/ci.h"
#include "proptrend/error.h"
#include "proptrend/series.h"
#include "testutil.h"

#define TOL_R 1e-9   /* closed forms against R */

static void read_dataset(pt_table *t)
{
  FILE *f = fixture_open("datasets/quangbinh-antt-2013-2017.csv");
  pt_load_opts o;
  pt_diags d;
  pt_load_opts_init(&o);
  pt_diags_init(&d);
  pt_table_init(t);
  ck_assert_int_eq(pt_table_read(f, &o, t, &d), PT_SUCCESS);
  pt_diags_free(&d);
  fclose(f);
}

/* A table of n rows from parallel arrays (strings are copied by strdup:
 * pt_table_free frees them). */
static void make_table(pt_table *t, size_t n, const char *const *area, const char *const *group,
                       const char *const *stage, const long *period, const uint64_t *x, const uint64_t *tot)
{
  pt_table_init(t);
  t->rows = calloc(n, sizeof *t->rows);
  ck_assert_ptr_nonnull(t->rows);
  t->n = t->cap = n;
  t->has_area = area != NULL;
  for (size_t i = 0; i < n; i++) {
    pt_row *r = &t->rows[i];
    r->area = area ? strdup(area[i]) : NULL;
    r->group = strdup(group[i]);
    r->stage = strdup(stage[i]);
    r->period = period[i];
    r->count = x[i];
    r->total = tot[i];
    r->line = i + 2;
  }
}

static double num(const char *s) { return *s ? strtod(s, NULL) : NAN; }

/* Equal within tol, or both undefined (R's NaN for a test with no variation). */
static int agree(double got, double want, double tol) { return (isnan(got) && isnan(want)) || close_rel(got, want, tol); }

START_TEST(test_partition)
{
  static const char *const g[] = { "b", "a", "b", "a", "a" }, *const s[] = { "x", "x", "x", "y", "x" };
  static const long p[] = { 2, 3, 1, 1, 1 };
  static const uint64_t x[] = { 1, 2, 3, 4, 5 }, n[] = { 9, 9, 9, 9, 9 };
  pt_table t;
  pt_series ser;
  make_table(&t, 5, NULL, g, s, p, x, n);
  ck_assert_int_eq(pt_series_partition(&t, PT_KEY_SERIES, &ser), PT_SUCCESS);
  ck_assert_uint_eq(ser.n, 3);          /* a x, a y, b x */
  ck_assert_uint_eq(ser.longest, 2);
  ck_assert_uint_eq(pt_series_len(&ser, 0), 2);
  ck_assert_int_eq(pt_series_row(&t, &ser, 0, 0)->period, 1);   /* a x by period */
  ck_assert_int_eq(pt_series_row(&t, &ser, 0, 1)->period, 3);
  ck_assert_str_eq(pt_series_row(&t, &ser, 1, 0)->stage, "y");
  ck_assert_int_eq(pt_series_row(&t, &ser, 2, 0)->period, 1);
  pt_series_free(&ser);
  /* by period: 1 holds three rows, ordered by group then stage */
  ck_assert_int_eq(pt_series_partition(&t, PT_KEY_PERIOD, &ser), PT_SUCCESS);
  ck_assert_uint_eq(ser.n, 3);
  ck_assert_uint_eq(pt_series_len(&ser, 0), 3);
  ck_assert_str_eq(pt_series_row(&t, &ser, 0, 0)->group, "a");
  ck_assert_str_eq(pt_series_row(&t, &ser, 0, 1)->stage, "y");
  ck_assert_str_eq(pt_series_row(&t, &ser, 0, 2)->group, "b");
  uint64_t cx[3], cn[3];
  double cp[3];
  pt_series_counts(&t, &ser, 0, cx, cn, cp);
  ck_assert_uint_eq(cx[0], 5); ck_assert_uint_eq(cx[1], 4); ck_assert_uint_eq(cx[2], 3);
  pt_series_free(&ser);
  ck_assert_int_eq(pt_series_partition(&t, 1u << 7, &ser), PT_EDOM);
  pt_table_free(&t);
}
END_TEST

START_TEST(test_trend_against_r)
{
  pt_table t;
  pt_an_trend_opts o;
  pt_an_trends tr;
  read_dataset(&t);
  pt_an_trend_opts_init(&o);
  o.variance = PT_AN_VAR_BINOMIAL;   /* R's prop.trend.test is the binomial test */
  ck_assert_int_eq(pt_an_trend_run(&t, &o, &tr), PT_SUCCESS);
  FILE *f = fixture_open("tests/reference/fixtures/analyses-trend.csv");
  char buf[512], *fl[8];
  size_t k = 0;
  fixture_line(f, buf, sizeof buf, fl, 8);
  while (fixture_line(f, buf, sizeof buf, fl, 8) == 5) {
    ck_assert_uint_lt(k, tr.n);
    const pt_an_trend *r = &tr.s[k++];
    ck_assert_str_eq(r->group, fl[0]);
    ck_assert_str_eq(r->stage, fl[1]);
    ck_assert_uint_eq(r->n_periods, strtoul(fl[2], NULL, 10));
    if (!*fl[3]) {
      ck_assert_int_eq(r->ca_ok, 0);
      ck_assert_int_eq(r->verdict, PT_AN_NO_VARIATION);
      continue;
    }
    ck_assert_msg(close_rel(r->ca_chisq, num(fl[3]), TOL_R), "%s %s chisq %.17g vs %s", fl[0], fl[1], r->ca_chisq, fl[3]);
    ck_assert_msg(close_rel(r->ca_p, num(fl[4]), TOL_R), "%s %s p %.17g vs %s", fl[0], fl[1], r->ca_p, fl[4]);
    int want = r->ca_p < 0.05 ? (r->ca_z > 0 ? PT_AN_RISING : PT_AN_FALLING) : PT_AN_NO_CLEAR_TREND;
    ck_assert_int_eq(r->verdict, want);
    ck_assert(r->test_p == r->ca_p && r->test_stat == r->ca_z && r->dispersion == 1.0);   /* binomial: the same test */
  }
  fclose(f);
  ck_assert_uint_eq(k, tr.n);
  ck_assert_uint_eq(tr.longest, 5);
  pt_an_trend_free(&tr);
  pt_table_free(&t);
}
END_TEST

START_TEST(test_change_against_r)
{
  pt_table t;
  pt_an_change_opts o;
  pt_an_changes ch;
  read_dataset(&t);
  pt_an_change_opts_init(&o);
  ck_assert_int_eq(pt_an_change_run(&t, &o, &ch), PT_SUCCESS);
  FILE *f = fixture_open("tests/reference/fixtures/analyses-change.csv");
  char buf[512], *fl[8];
  size_t k = 0;
  fixture_line(f, buf, sizeof buf, fl, 8);
  while (fixture_line(f, buf, sizeof buf, fl, 8) == 7) {
    ck_assert_uint_lt(k, ch.n);
    const pt_an_change *c = &ch.c[k++];
    ck_assert_str_eq(c->group, fl[0]);
    ck_assert_str_eq(c->stage, fl[1]);
    ck_assert_int_eq(c->period_from, strtol(fl[2], NULL, 10));
    ck_assert_int_eq(c->period_to, strtol(fl[3], NULL, 10));
    ck_assert(agree(c->diff, num(fl[4]), TOL_R));
    ck_assert_msg(agree(c->p_value, num(fl[5]), TOL_R), "p %.17g vs %s", c->p_value, fl[5]);
    ck_assert_msg(agree(c->p_adjusted, num(fl[6]), TOL_R), "holm %.17g vs %s", c->p_adjusted, fl[6]);
  }
  fclose(f);
  ck_assert_uint_eq(k, ch.n);
  pt_an_change_free(&ch);
  pt_table_free(&t);
}
END_TEST

/* Base period and stage pairs, on a table small enough to check by hand. */
START_TEST(test_change_modes)
{
  static const char *const g[] = { "a", "a", "a", "a", "b" };
  static const char *const s[] = { "reg", "reg", "rec", "rec", "reg" };
  static const long p[] = { 2020, 2021, 2020, 2021, 2021 };
  static const uint64_t x[] = { 50, 60, 40, 30, 7 }, n[] = { 100, 100, 100, 100, 10 };
  pt_table t;
  pt_an_change_opts o;
  pt_an_changes ch;
  make_table(&t, 5, NULL, g, s, p, x, n);
  pt_an_change_opts_init(&o);
  o.mode = PT_AN_CHANGE_STAGES;
  o.stage_from = "reg";
  o.stage_to = "rec";
  ck_assert_int_eq(pt_an_change_run(&t, &o, &ch), PT_SUCCESS);
  ck_assert_uint_eq(ch.n, 2);   /* a 2020, a 2021; b has no rec */
  ck_assert_str_eq(ch.c[0].stage, "reg->rec");
  ck_assert_int_eq(ch.c[1].period_to, 2021);
  ck_assert(close_rel(ch.c[1].diff, 0.30 - 0.60, 1e-15));
  /* nested stages: 30 recognised of the 60 registered, the same 100 units */
  ck_assert(ch.c[1].nested_ok && ch.c[1].nested_flags == 0 && ch.c[1].conditional == 0.5);
  ck_assert_str_eq(ch.c[1].nested_note, "subset");
  pt_nested want;
  ck_assert_int_eq(pt_nested_stage(30, 100, 60, 100, 0.95, &want), PT_SUCCESS);
  ck_assert(ch.c[1].conditional_lower == want.lower && ch.c[1].conditional_upper == want.upper);
  pt_an_change_free(&ch);
  o.mode = PT_AN_CHANGE_BASE;
  o.base = 2021;
  ck_assert_int_eq(pt_an_change_run(&t, &o, &ch), PT_SUCCESS);
  ck_assert_uint_eq(ch.n, 2);   /* a rec 2020 vs 2021, a reg 2020 vs 2021 */
  ck_assert_int_eq(ch.c[0].period_from, 2021);
  ck_assert_int_eq(ch.c[0].period_to, 2020);
  pt_an_change_free(&ch);
  o.base = 1999;
  ck_assert_int_eq(pt_an_change_run(&t, &o, &ch), PT_ESHORT);
  pt_an_change_free(&ch);
  pt_table_free(&t);
}
END_TEST

/* The anomalies of a run equal the per-series function on each series, and
 * q is Benjamini-Hochberg over every point of the run. */
START_TEST(test_anomalies_loo)
{
  pt_table t;
  pt_an_anom_opts o;
  pt_an_anoms a;
  pt_series s;
  read_dataset(&t);
  pt_an_anom_opts_init(&o);
  o.variance = PT_AN_VAR_BINOMIAL;
  ck_assert_int_eq(pt_an_anom_run(&t, &o, &a), PT_SUCCESS);
  ck_assert_int_eq(pt_series_partition(&t, PT_KEY_SERIES, &s), PT_SUCCESS);
  size_t k = 0, alarms = 0;
  double *ps = malloc(a.n * sizeof *ps);
  for (size_t gi = 0; gi < s.n; gi++) {
    size_t m = pt_series_len(&s, gi);
    uint64_t x[16], n[16];
    pt_anom_point want[16];
    if (m < 3) continue;
    pt_series_counts(&t, &s, gi, x, n, NULL);
    if (pt_anom_loo(m, x, n, 0.95, want) != PT_SUCCESS) continue;
    for (size_t i = 0; i < m; i++, k++) {
      ck_assert_uint_lt(k, a.n);
      ck_assert_ptr_eq(a.a[k].row, pt_series_row(&t, &s, gi, i));
      ck_assert(a.a[k].pt.z == want[i].z && a.a[k].pt.p_value == want[i].p_value);
      ps[k] = want[i].p_value;
      alarms += a.a[k].severity == PT_ANOM_ALARM;
    }
  }
  ck_assert_uint_eq(k, a.n);
  ck_assert_uint_eq(alarms, a.nflag[PT_ANOM_ALARM]);
  ck_assert_int_eq(pt_p_adjust(ps, a.n, PT_ADJUST_BH), PT_SUCCESS);
  for (size_t i = 0; i < a.n; i++) ck_assert(a.a[i].q_value == ps[i]);
  free(ps);
  pt_series_free(&s);
  pt_an_anom_free(&a);
  pt_table_free(&t);
}
END_TEST

/* The default variance model: the dispersion pooled over each stage's
 * series (here recomputed from the stage's rows, independently of the run's
 * grouping), every series of the stage judged with it. */
static void stage_arrays(const pt_table *t, const char *stage, size_t *ns, size_t *len, uint64_t *x, uint64_t *n,
                         double *sc)
{
  pt_series s;
  size_t m = 0;
  ck_assert_int_eq(pt_series_partition(t, PT_KEY_SERIES, &s), PT_SUCCESS);
  *ns = 0;
  for (size_t g = 0; g < s.n; g++) {
    if (strcmp(pt_series_row(t, &s, g, 0)->stage, stage)) continue;
    len[(*ns)++] = pt_series_len(&s, g);
    pt_series_counts(t, &s, g, x + m, n + m, sc + m);
    m += pt_series_len(&s, g);
  }
  pt_series_free(&s);
}

START_TEST(test_williams_default)
{
  pt_table t;
  pt_an_anom_opts o;
  pt_an_anoms a;
  pt_an_trend_opts to;
  pt_an_trends tr;
  read_dataset(&t);
  pt_an_anom_opts_init(&o);
  pt_an_trend_opts_init(&to);
  ck_assert_int_eq(o.variance, PT_AN_VAR_WILLIAMS);
  ck_assert_int_eq(pt_an_anom_run(&t, &o, &a), PT_SUCCESS);
  ck_assert_int_eq(pt_an_trend_run(&t, &to, &tr), PT_SUCCESS);
  ck_assert_uint_eq(a.ndisp, 2);
  for (size_t k = 0; k < a.ndisp; k++) {
    size_t ns, len[16];
    uint64_t x[64], n[64];
    double sc[64];
    pt_dispersion want, wtr;
    stage_arrays(&t, a.disp[k].stage, &ns, len, x, n, sc);
    ck_assert_int_eq(pt_disp_estimate(ns, len, x, n, sc, PT_DISP_WILLIAMS, PT_DISP_MODEL_MEAN, &want), PT_SUCCESS);
    ck_assert(a.disp[k].d.rho == want.rho && a.disp[k].d.df == want.df);
    ck_assert(want.phi > 5);   /* the bundled data are overdispersed */
    ck_assert_int_eq(pt_disp_estimate(ns, len, x, n, sc, PT_DISP_WILLIAMS, PT_DISP_MODEL_TREND, &wtr), PT_SUCCESS);
    ck_assert(tr.disp[k].d.rho == wtr.rho);
    /* every point of the stage: the per-series function with that dispersion */
    size_t off = 0;
    for (size_t g = 0; g < ns; off += len[g++]) {
      pt_anom_point pts[16];
      if (len[g] < 3 || pt_anom_loo_disp(len[g], x + off, n + off, &want, 0.95, pts) != PT_SUCCESS) continue;
      for (size_t i = 0; i < len[g]; i++) {
        int found = 0;
        for (size_t q = 0; q < a.n; q++)
          if (!strcmp(a.a[q].stage, a.disp[k].stage) && a.a[q].count == x[off + i] && a.a[q].total == n[off + i] &&
              a.a[q].period == (long)sc[off + i]) {
            ck_assert(a.a[q].pt.z == pts[i].z);
            ck_assert(close_rel(a.a[q].dispersion, 1 + want.rho * ((double)n[off + i] - 1), 1e-12));
            found = 1;
          }
        ck_assert(found);
      }
    }
  }
  /* the 2015 agency/enterprise drop is the one flag left, and its verdicts use t */
  ck_assert_uint_eq(a.nflag[PT_ANOM_ALARM] + a.nflag[PT_ANOM_WARNING], 1);
  for (size_t q = 0; q < a.n; q++)
    if (a.a[q].severity != PT_ANOM_NONE) {
      ck_assert_str_eq(a.a[q].group, "agency_enterprise");
      ck_assert_int_eq(a.a[q].period, 2015);
    }
  for (size_t i = 0; i < tr.n; i++)
    if (tr.s[i].test_ok) ck_assert(isfinite(tr.s[i].test_df) && tr.s[i].test_p >= tr.s[i].ca_p);
  pt_an_trend_free(&tr);
  pt_an_anom_free(&a);
  pt_table_free(&t);
}
END_TEST

/* Laney's p' chart: sigma_z pooled over the stage's series, each series
 * charted with it (the per-series function given that sigma_z). */
START_TEST(test_laney)
{
  pt_table t;
  pt_an_anom_opts o;
  pt_an_anoms a;
  read_dataset(&t);
  pt_an_anom_opts_init(&o);
  o.method = PT_AN_PCHART;
  o.laney = 1;
  ck_assert_int_eq(pt_an_anom_run(&t, &o, &a), PT_SUCCESS);
  for (size_t k = 0; k < a.ndisp; k++) {
    size_t ns, len[16], nr;
    uint64_t x[64], n[64];
    double sc[64], sz;
    stage_arrays(&t, a.disp[k].stage, &ns, len, x, n, sc);
    ck_assert_int_eq(pt_anom_laney_sigma(ns, len, x, n, &sz, &nr), PT_SUCCESS);
    ck_assert(a.disp[k].laney && a.disp[k].sigma_z == sz && a.disp[k].nranges == nr);
    ck_assert(sz > 1);
    size_t off = 0;
    for (size_t g = 0; g < ns; off += len[g++]) {
      pt_anom_point pts[16];
      if (len[g] < 3 || pt_anom_laney(len[g], x + off, n + off, PT_Z_ALARM, sz, 0.95, pts, NULL) != PT_SUCCESS) continue;
      for (size_t i = 0; i < len[g]; i++)
        for (size_t q = 0; q < a.n; q++)
          if (!strcmp(a.a[q].stage, a.disp[k].stage) && a.a[q].count == x[off + i] && a.a[q].total == n[off + i] &&
              a.a[q].period == (long)sc[off + i])
            ck_assert_msg(agree(a.a[q].pt.z, pts[i].z, 0) && agree(a.a[q].pt.limit998_hi, pts[i].limit998_hi, 0) && !a.a[q].t_stat, "%s %ld z %.17g vs %.17g lim %.17g vs %.17g t %d", a.a[q].group, a.a[q].period, a.a[q].pt.z, pts[i].z, a.a[q].pt.limit998_hi, pts[i].limit998_hi, a.a[q].t_stat);
    }
  }
  pt_an_anom_free(&a);
  pt_table_free(&t);
}
END_TEST

/* The two-way model takes any number of groups (there was a limit of 256). */
START_TEST(test_twoway_many_groups)
{
  enum { G = 300, P = 4 };
  static char names[G][8];
  const char *area[G * P], *grp[G * P], *stg[G * P];
  long per[G * P];
  uint64_t x[G * P], n[G * P];
  for (size_t g = 0; g < G; g++) {
    snprintf(names[g], sizeof names[g], "g%03zu", g);
    for (size_t p = 0; p < P; p++) {
      size_t i = g * P + p;
      area[i] = "A"; grp[i] = names[g]; stg[i] = "s"; per[i] = 2000 + (long)p;
      n[i] = 100 + g % 7;
      x[i] = 40 + (g * 7 + p * 3) % 20;
    }
  }
  pt_table t;
  pt_an_anom_opts o;
  pt_an_anoms a;
  make_table(&t, G * P, area, grp, stg, per, x, n);
  pt_an_anom_opts_init(&o);
  o.method = PT_AN_TWOWAY;
  ck_assert_int_eq(pt_an_anom_run(&t, &o, &a), PT_SUCCESS);
  ck_assert_uint_eq(a.n, G * P);
  ck_assert_uint_eq(a.nnotes, 1);
  ck_assert_int_eq(a.notes[0].kind, PT_AN_NOTE_DISPERSION);
  pt_an_anom_free(&a);
  /* the funnel with areas compares the areas of one group, stage and period */
  o.method = PT_AN_FUNNEL;
  ck_assert_int_eq(pt_an_anom_run(&t, &o, &a), PT_ESHORT);   /* one area per cross-section */
  pt_an_anom_free(&a);
  pt_table_free(&t);
}
END_TEST

/* Field tables: names and cells from one declaration; undefined values are
 * empty cells. */
START_TEST(test_fields)
{
  pt_column cols[32];
  pt_cell cells[32];
  size_t nc = pt_fields_columns(pt_an_trend_fields, pt_an_trend_nfields, 0, cols);
  ck_assert_uint_eq(nc, pt_an_trend_nfields - 1);   /* no area */
  ck_assert_str_eq(cols[0].name, "group");
  ck_assert_str_eq(cols[nc - 1].name, "verdict");
  ck_assert_uint_eq(pt_fields_columns(pt_an_trend_fields, pt_an_trend_nfields, 1, cols), pt_an_trend_nfields);
  pt_an_trend r;
  memset(&r, 0, sizeof r);
  r.group = "g"; r.stage = "s"; r.n_periods = 4; r.ca_ok = 0; r.ca_z = 1.5; r.lg_ok = 1; r.lg.slope = 0.25;
  r.odds_ratio = 1.2840254166877414; r.verdict = PT_AN_FALLING;
  ck_assert_uint_eq(pt_fields_cells(pt_an_trend_fields, pt_an_trend_nfields, 0, &r, cells), nc);
  ck_assert_int_eq(cells[2].kind, PT_CELL_INT);
  ck_assert_int_eq(cells[2].i, 4);
  ck_assert_int_eq(cells[4].kind, PT_CELL_EMPTY);     /* ca_z, undefined */
  ck_assert_int_eq(cells[6].kind, PT_CELL_REAL);      /* logit_slope */
  ck_assert(cells[6].r == 0.25);
  ck_assert_str_eq(cells[nc - 1].text, "falling");
}
END_TEST

static int gsl_errors;
static void count_gsl_error(const char *reason, const char *file, int line, int err)
{
  (void)reason; (void)file; (void)line; (void)err;
  gsl_errors++;
}

START_TEST(test_domains)
{
  pt_table t;
  pt_an_trend_opts o;
  pt_an_trends tr;
  pt_an_rates_opts ro;
  pt_an_rates rr;
  read_dataset(&t);
  pt_an_trend_opts_init(&o);
  o.level = 1.0;
  ck_assert_int_eq(pt_an_trend_run(&t, &o, &tr), PT_EDOM);
  pt_an_trend_free(&tr);
  pt_an_rates_opts_init(&ro);
  ro.method = NULL;   /* every method */
  ck_assert_int_eq(pt_an_rates_run(&t, &ro, &rr), PT_SUCCESS);
  ck_assert_uint_eq(rr.n % t.n, 0);
  ck_assert_uint_gt(rr.n, t.n);
  pt_an_rates_free(&rr);
  ck_assert_int_eq(pt_an_rates_run(NULL, &ro, &rr), PT_EDOM);
  /* an application's GSL handler is turned off by the analysis (once for
   * its rows), and a direct call after it turns it off again */
  gsl_set_error_handler(count_gsl_error);
  ck_assert_int_eq(pt_an_rates_run(&t, &ro, &rr), PT_SUCCESS);
  pt_an_rates_free(&rr);
  ck_assert(gsl_set_error_handler(count_gsl_error) != count_gsl_error);
  double lo, hi;
  ck_assert_int_eq(pt_ci_clopper_pearson(3, 10, 0.95, &lo, &hi), PT_SUCCESS);
  ck_assert(gsl_set_error_handler_off() != count_gsl_error);
  ck_assert_int_eq(gsl_errors, 0);
  pt_table_free(&t);
}
END_TEST

int main(void)
{
  const TTest *tests[] = { test_partition, test_trend_against_r, test_change_against_r, test_change_modes,
                           test_anomalies_loo, test_williams_default, test_laney, test_twoway_many_groups, test_fields, test_domains };
  return run_tests("analyses", tests, sizeof tests / sizeof tests[0], 0);
}
