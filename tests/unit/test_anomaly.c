/* test_anomaly.c - loo, p-chart (normal and exact), funnel (exact limits
 * and overdispersion) and two-way GLM residuals against R
 * (tests/reference/anomaly-fixtures.R). */
#include <config.h>

#include <stdint.h>

#include "proptrend/anomaly.h"
#include "proptrend/dispersion.h"
#include "proptrend/error.h"
#include "testutil.h"

#define MAXP 128

typedef struct fcase {
  char method[32], name[64];
  size_t k;
  uint64_t x[MAXP], n[MAXP];
  double v[MAXP][12];   /* p expected diff lo hi z pval sev lim95lo lim95hi lim998lo lim998hi */
} fcase;

static double fv(const char *s) { return *s ? strtod(s, NULL) : NAN; }

static int same(double got, double want, double tol)
{
  if (isnan(want)) return 1;        /* not given by the fixture */
  return close_rel(got, want, tol) || fabs(got - want) <= 1e-12;
}

static double extra(const char *method, const char *name)
{
  FILE *f = fixture_open("tests/reference/fixtures/anomaly-extra.csv");
  char buf[512], *fl[4];
  double v = NAN;
  while (fixture_line(f, buf, sizeof buf, fl, 4) == 3)
    if (!strcmp(fl[0], method) && !strcmp(fl[1], name)) v = strtod(fl[2], NULL);
  fclose(f);
  return v;
}

static int check_case(const fcase *c)
{
  pt_anom_point out[MAXP];
  double aux = NAN, tol = TOL_CLOSED;
  int st;
  if (!strcmp(c->method, "loo")) st = pt_anom_loo(c->k, c->x, c->n, 0.95, out);
  else if (!strcmp(c->method, "pchart")) st = pt_anom_pchart(c->k, c->x, c->n, PT_Z_ALARM, 0, 0.95, out);
  else if (!strcmp(c->method, "pchart-exact")) st = pt_anom_pchart(c->k, c->x, c->n, PT_Z_ALARM, 1, 0.95, out);
  else if (!strcmp(c->method, "funnel")) st = pt_anom_funnel(c->k, c->x, c->n, NAN, 0, 0.95, out, &aux);
  else if (!strcmp(c->method, "funnel-od")) {
    st = pt_anom_funnel(c->k, c->x, c->n, NAN, 1, 0.95, out, &aux);
    if (!same(aux, extra(c->method, c->name), TOL_CLOSED)) { fprintf(stderr, "%s tau2 %.17g\n", c->name, aux); return 0; }
  } else {
    unsigned ng, np;
    sscanf(c->method, "twoway-%ux%u", &ng, &np);
    st = pt_anom_twoway(ng, np, c->x, c->n, 0.95, out, &aux);
    tol = 1e-7;   /* R's glm stops at its own convergence criterion */
    if (!same(aux, extra(c->method, c->name), tol)) { fprintf(stderr, "%s dispersion %.17g\n", c->name, aux); return 0; }
  }
  if (st != PT_SUCCESS) { fprintf(stderr, "%s %s: status %d\n", c->method, c->name, st); return 0; }
  int ok = 1;
  for (size_t i = 0; i < c->k; i++) {
    const pt_anom_point *q = &out[i];
    double got[12] = { q->p, q->expected, q->diff, q->diff_lower, q->diff_upper, q->z, q->p_value,
                       (double)q->severity, q->limit95_lo, q->limit95_hi, q->limit998_lo, q->limit998_hi };
    for (int j = 0; j < 12; j++)
      if (!same(got[j], c->v[i][j], tol)) {
        fprintf(stderr, "MISMATCH %s %s point %zu field %d: %.17g, R %.17g\n", c->method, c->name, i + 1,
                j, got[j], c->v[i][j]);
        ok = 0;
      }
  }
  return ok;
}

START_TEST(test_against_r)
{
  FILE *f = fixture_open("tests/reference/fixtures/anomaly-grid.csv");
  char buf[1024], *fl[20];
  static fcase c;
  int have = 0, cases = 0, bad = 0;
  fixture_line(f, buf, sizeof buf, fl, 20);
  for (;;) {
    int nf = fixture_line(f, buf, sizeof buf, fl, 20);
    if (nf == 17 && have && !strcmp(fl[0], c.method) && !strcmp(fl[1], c.name)) {
      /* same case: append */
    } else {
      if (have) { cases++; bad += !check_case(&c); }
      if (nf != 17) break;
      memset(&c, 0, sizeof c);
      snprintf(c.method, sizeof c.method, "%s", fl[0]);
      snprintf(c.name, sizeof c.name, "%s", fl[1]);
      have = 1;
    }
    ck_assert_uint_lt(c.k, MAXP);
    c.x[c.k] = strtoull(fl[3], NULL, 10);
    c.n[c.k] = strtoull(fl[4], NULL, 10);
    for (int j = 0; j < 12; j++) c.v[c.k][j] = fv(fl[5 + j]);
    c.k++;
  }
  fclose(f);
  fprintf(stderr, "anomaly grid: %d cases\n", cases);
  ck_assert_int_gt(cases, 140);
  ck_assert_msg(bad == 0, "%d of %d cases differ from R", bad, cases);
}
END_TEST

START_TEST(test_bundled_alarm)
{
  /* agency_enterprise recognized 2013-2016: 2015 (229/357) is an alarm, a drop,
   * against 87.6% in the other years */
  const uint64_t x[] = { 354, 388, 229, 331 }, n[] = { 438, 425, 357, 362 };
  pt_anom_point out[4];
  ck_assert_int_eq(pt_anom_loo(4, x, n, 0.95, out), PT_SUCCESS);
  ck_assert_int_eq(out[2].severity, PT_ANOM_ALARM);
  ck_assert_int_eq(out[2].direction, -1);
  ck_assert(fabs(out[2].expected - 0.876) < 5e-4);
  ck_assert(fabs(out[2].diff + 0.234) < 5e-4);
  /* the good years are not flagged as high once the drops are set aside */
  ck_assert_int_eq(out[1].severity, PT_ANOM_NONE);
  ck_assert_int_eq(out[3].severity, PT_ANOM_NONE);
}
END_TEST

START_TEST(test_twoway_separation_and_domain)
{
  /* a group at 100% throughout is fitted exactly and never flagged */
  const uint64_t x[] = { 159, 159, 159, 100, 150, 120, 50, 80, 60 },
                 n[] = { 159, 159, 159, 200, 200, 200, 100, 100, 100 };
  pt_anom_point out[9];
  double disp;
  ck_assert_int_eq(pt_anom_twoway(3, 3, x, n, 0.95, out, &disp), PT_SUCCESS);
  for (int i = 0; i < 3; i++) ck_assert_int_eq(out[i].severity, PT_ANOM_NONE);
  ck_assert(isfinite(disp));
  const uint64_t bx[] = { 3, 2 }, bn[] = { 2, 2 };
  ck_assert_int_eq(pt_anom_loo(2, bx, bn, 0.95, out), PT_EDOM);
  ck_assert_int_eq(pt_anom_funnel(5, x, n, NAN, 1, 0.95, out, &disp), PT_EDOM);   /* too few for tau^2 */
  const uint64_t bigx[] = { 1, 2, 3 }, bign[] = { UINT64_C(4503599627370496), UINT64_C(4503599627370496), 5 };
  ck_assert_int_eq(pt_anom_loo(3, bigx, bign, 0.95, out), PT_EOVERFLOW);            /* pool above 2^53 */
}
END_TEST

/* ---- issue 16: the default (dispersion-aware) method on the bundled data --- */

typedef struct brow { char group[40], stage[16]; long period; uint64_t x, n; } brow;

/* One stage of datasets/quangbinh-antt-2013-2017.csv as series (groups in
 * order of first appearance, periods increasing). */
static size_t bundled_stage(const char *stage, brow *r, size_t *len, size_t *ns)
{
  FILE *f = fixture_open("datasets/quangbinh-antt-2013-2017.csv");
  char buf[512], *fl[8];
  brow all[64];
  size_t m = 0, k = 0;
  fixture_line(f, buf, sizeof buf, fl, 8);
  while (fixture_line(f, buf, sizeof buf, fl, 8) >= 5 && m < 64) {
    if (strcmp(fl[1], stage)) continue;
    snprintf(all[m].group, sizeof all[m].group, "%s", fl[0]);
    snprintf(all[m].stage, sizeof all[m].stage, "%s", fl[1]);
    all[m].period = atol(fl[2]);
    all[m].x = strtoull(fl[3], NULL, 10);
    all[m].n = strtoull(fl[4], NULL, 10);
    m++;
  }
  fclose(f);
  *ns = 0;
  for (size_t i = 0; i < m; i++) {
    int seen = 0;
    for (size_t j = 0; j < i; j++) seen |= !strcmp(all[j].group, all[i].group);
    if (seen) continue;
    size_t start = k;
    for (long p = 0, last = -1; ; last = p) {   /* this group's periods in increasing order */
      size_t best = m;
      for (size_t j = 0; j < m; j++)
        if (!strcmp(all[j].group, all[i].group) && all[j].period > last && (best == m || all[j].period < all[best].period))
          best = j;
      if (best == m) break;
      r[k++] = all[best];
      p = all[best].period;
    }
    len[(*ns)++] = k - start;
  }
  return k;
}

START_TEST(test_bundled_default_flags)
{
  brow r[64];
  size_t len[8], ns, m = bundled_stage("recognized", r, len, &ns);
  uint64_t x[64], n[64];
  for (size_t i = 0; i < m; i++) { x[i] = r[i].x; n[i] = r[i].n; }
  pt_dispersion d;
  ck_assert_int_eq(pt_disp_estimate(ns, len, x, n, NULL, PT_DISP_WILLIAMS, PT_DISP_MODEL_MEAN, &d), PT_SUCCESS);
  ck_assert(d.method == PT_DISP_WILLIAMS && d.phi > 10.0 && d.df == 12);
  /* the most extreme flag of the default method is the 2015 agency/enterprise drop, 229/357 */
  size_t off = 0, worst = m, nflag = 0;
  pt_anom_point out[64];
  for (size_t g = 0; g < ns; off += len[g], g++)
    ck_assert_int_eq(pt_anom_loo_disp(len[g], x + off, n + off, &d, 0.95, out + off), PT_SUCCESS);
  for (size_t i = 0; i < m; i++) {
    if (out[i].severity == PT_ANOM_NONE) continue;
    nflag++;
    if (worst == m || fabs(out[i].z) > fabs(out[worst].z)) worst = i;
  }
  ck_assert_uint_lt(worst, m);
  ck_assert_str_eq(r[worst].group, "agency_enterprise");
  ck_assert_int_eq(r[worst].period, 2015);
  ck_assert(r[worst].x == 229 && r[worst].n == 357 && out[worst].direction < 0);
  ck_assert_uint_le(nflag, 2);   /* few enough to read (binomial loo: 9 alarms on 34 points) */
}
END_TEST

/* The two-way fit from rows has no limit on the number of groups (the CLI's
 * table stopped at 256 and said "out of memory"). */
START_TEST(test_twoway_rows_many_groups)
{
  enum { G = 300, T = 4 };
  static char names[G][8];
  static const char *grp[G * T];
  static long per[G * T];
  static uint64_t x[G * T], n[G * T];
  static pt_anom_point out[G * T], ref[G * T];
  for (size_t g = 0; g < G; g++) snprintf(names[g], sizeof names[g], "g%03zu", g);
  for (size_t j = 0; j < G * T; j++) {   /* rows in reverse order: the layout is the function's */
    size_t g = G - 1 - j / T, t = j % T;
    grp[j] = names[g];
    per[j] = 2020 - (long)t;
    n[j] = 100 + (g * 7 + t * 3) % 50;
    x[j] = 60 + (g * 11 + t * 5) % 30;
  }
  size_t ng, np;
  double disp, df;
  ck_assert_int_eq(pt_anom_twoway_rows(G * T, grp, per, x, n, 1, 0.95, out, &ng, &np, &disp, &df), PT_SUCCESS);
  ck_assert(ng == G && np == T && df == (double)((G - 1) * (T - 1)));
  /* the same as the grid function on the table laid out by hand */
  static uint64_t cx[G * T], cn[G * T];
  for (size_t j = 0; j < G * T; j++) {
    size_t c = (G - 1 - j / T) * T + (T - 1 - j % T);
    cx[c] = x[j]; cn[c] = n[j];
  }
  double d2, df2;
  ck_assert_int_eq(pt_anom_twoway_quasi(G, T, cx, cn, 0.95, ref, &d2, &df2), PT_SUCCESS);
  ck_assert(d2 == disp);
  for (size_t j = 0; j < G * T; j++) {
    size_t c = (G - 1 - j / T) * T + (T - 1 - j % T);
    ck_assert(out[j].z == ref[c].z && out[j].severity == ref[c].severity);
  }
  grp[1] = grp[0]; per[1] = per[0];   /* one cell twice */
  ck_assert_int_eq(pt_anom_twoway_rows(G * T, grp, per, x, n, 1, 0.95, out, &ng, &np, &disp, &df), PT_EDOM);
}
END_TEST

/* Issue 16 item 5: with three periods and one set aside, the last two test
 * each other, and say so. */
START_TEST(test_loo_mirrors)
{
  uint64_t x[3] = { 200, 400, 402 }, n[3] = { 500, 500, 500 };
  pt_anom_point o[3];
  pt_dispersion d;
  pt_disp_binomial(&d);
  d.method = PT_DISP_QUASI; d.phi = 3.0; d.df = 12;
  for (int pass = 0; pass < 2; pass++) {
    ck_assert_int_eq(pass ? pt_anom_loo_disp(3, x, n, &d, 0.95, o) : pt_anom_loo(3, x, n, 0.95, o), PT_SUCCESS);
    ck_assert(o[0].severity != PT_ANOM_NONE && o[0].direction < 0 && o[0].mirror_of == 0);
    ck_assert(o[1].mirror_of == 3 && o[2].mirror_of == 2);
    ck_assert(close_rel(o[1].z, -o[2].z, 1e-12) || pass);   /* the same comparison, seen from each side */
  }
  uint64_t y[4] = { 400, 401, 399, 402 }, m[4] = { 500, 500, 500, 500 };
  pt_anom_point q[4];
  ck_assert_int_eq(pt_anom_loo(4, y, m, 0.95, q), PT_SUCCESS);   /* nothing set aside: no mirrors */
  for (int i = 0; i < 4; i++) ck_assert(q[i].mirror_of == 0);
}
END_TEST

/* The curves plot funnel draws are the limits the units were judged by:
 * pt_anom_funnel_limits at a unit's total equals that unit's limits, with
 * tau^2 (Student's t on k - 1 df), with od (normal) and exact binomial. */
START_TEST(test_funnel_limits_are_the_units)
{
  enum { K = 24 };
  uint64_t x[K], n[K];
  for (int i = 0; i < K; i++) {   /* overdispersed: true rates 0.70 to 0.98 */
    n[i] = 150 + 37 * (uint64_t)i;
    x[i] = (uint64_t)((0.70 + 0.28 * ((i * 7) % K) / (double)K) * (double)n[i]);
  }
  pt_anom_point o[K], lim;
  double tau2, t = 0;
  int used;
  ck_assert_int_eq(pt_anom_funnel_auto(K, x, n, NAN, 0.95, o, &tau2, &used), PT_SUCCESS);
  ck_assert(used && tau2 > 0);
  t = o[0].expected;
  for (int pass = 0; pass < 3; pass++) {
    if (pass == 1) ck_assert_int_eq(pt_anom_funnel(K, x, n, NAN, 1, 0.95, o, &tau2), PT_SUCCESS);
    if (pass == 2) { ck_assert_int_eq(pt_anom_funnel(K, x, n, NAN, 0, 0.95, o, NULL), PT_SUCCESS); tau2 = 0; }
    for (int i = 0; i < K; i++) {
      ck_assert_int_eq(pt_anom_funnel_limits(t, (double)n[i], tau2, pass == 0 ? K : 0, &lim), PT_SUCCESS);
      ck_assert(close_rel(lim.limit95_lo, o[i].limit95_lo, 1e-15) && close_rel(lim.limit95_hi, o[i].limit95_hi, 1e-15));
      ck_assert(close_rel(lim.limit998_lo, o[i].limit998_lo, 1e-15) && close_rel(lim.limit998_hi, o[i].limit998_hi, 1e-15));
    }
  }
  ck_assert_int_eq(pt_anom_funnel_limits(0.0, 10, 0, 0, &lim), PT_EDOM);
  ck_assert_int_eq(pt_anom_funnel_limits(0.5, 0.5, 0, 0, &lim), PT_EDOM);
  ck_assert_int_eq(pt_anom_funnel_limits(0.5, 10, 0.01, 1, &lim), PT_EDOM);
  ck_assert_int_eq(pt_anom_funnel_limits(0.5, 10, -1, 0, &lim), PT_EDOM);
}
END_TEST

int main(void)
{
  const TTest *tests[] = { test_against_r, test_bundled_alarm, test_twoway_separation_and_domain,
                           test_bundled_default_flags, test_twoway_rows_many_groups, test_loo_mirrors,
                           test_funnel_limits_are_the_units };
  return run_tests("anomaly", tests, sizeof tests / sizeof tests[0], 300);
}
