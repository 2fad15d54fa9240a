/* test_dispersion.c - the pooled dispersion and the dispersion-aware anomaly
 * and trend functions against tests/reference/dispersion-fixtures.R (R's
 * glm quasibinomial / weighted binomial, uniroot, prop.trend.test, Laney's
 * p' and the leave-one-out prediction written out). */
#include <config.h>

#include "testutil.h"

#include "proptrend/anomaly.h"
#include "proptrend/dispersion.h"
#include "proptrend/error.h"
#include "proptrend/trend.h"

#define MAXP 64
#define MAXS 8
#define MAXC 16

typedef struct stage {
  char name[32];
  size_t m, ns, len[MAXS], off[MAXS];
  uint64_t x[MAXP], n[MAXP];
  double s[MAXP];
  pt_dispersion d[2][2];   /* [quasi, williams][mean, trend] */
} stage;

static stage cases[MAXC];
static size_t ncases;

static void load_data(void)
{
  FILE *f = fixture_open("tests/reference/fixtures/dispersion-data.csv");
  char buf[512], *fl[8];
  fixture_line(f, buf, sizeof buf, fl, 8);
  while (fixture_line(f, buf, sizeof buf, fl, 8) == 5) {
    if (ncases == 0 || strcmp(cases[ncases - 1].name, fl[0])) {
      ck_assert(ncases < MAXC);
      snprintf(cases[ncases++].name, sizeof cases[0].name, "%s", fl[0]);
    }
    stage *c = &cases[ncases - 1];
    size_t g = (size_t)atoi(fl[1]);
    ck_assert(c->m < MAXP && g < MAXS);
    if (g + 1 > c->ns) { c->ns = g + 1; c->off[g] = c->m; }
    c->len[g]++;
    c->s[c->m] = atof(fl[2]);
    c->x[c->m] = strtoull(fl[3], NULL, 10);
    c->n[c->m] = strtoull(fl[4], NULL, 10);
    c->m++;
  }
  fclose(f);
  for (size_t k = 0; k < ncases; k++)
    for (int a = 0; a < 2; a++)
      for (int b = 0; b < 2; b++)
        ck_assert_int_eq(pt_disp_estimate(cases[k].ns, cases[k].len, cases[k].x, cases[k].n, cases[k].s,
                                          a ? PT_DISP_WILLIAMS : PT_DISP_QUASI,
                                          b ? PT_DISP_MODEL_TREND : PT_DISP_MODEL_MEAN, &cases[k].d[a][b]),
                         PT_SUCCESS);
}

static const stage *find(const char *name)
{
  for (size_t k = 0; k < ncases; k++) if (!strcmp(cases[k].name, name)) return &cases[k];
  ck_abort_msg("no case %s", name);
  return NULL;
}

static double point_field(const pt_anom_point *q, const char *f)
{
  if (!strcmp(f, "expected")) return q->expected;
  if (!strcmp(f, "z")) return q->z;
  if (!strcmp(f, "p_value")) return q->p_value;
  if (!strcmp(f, "severity")) return (double)q->severity;
  if (!strcmp(f, "lim95_lo") || !strcmp(f, "lo95")) return q->limit95_lo;
  if (!strcmp(f, "lim95_hi") || !strcmp(f, "hi95")) return q->limit95_hi;
  if (!strcmp(f, "lim998_lo") || !strcmp(f, "lo998")) return q->limit998_lo;
  if (!strcmp(f, "lim998_hi") || !strcmp(f, "hi998")) return q->limit998_hi;
  if (!strcmp(f, "diff_lo")) return q->diff_lower;
  if (!strcmp(f, "diff_hi")) return q->diff_upper;
  ck_abort_msg("unknown field %s", f);
  return NAN;
}

/* The library's value of one fixture quantity. */
static double computed(const stage *c, const char *q, int g, int i)
{
  pt_anom_point out[MAXP];
  pt_trend_test tt;
  int a = !strncmp(q, "williams", 8), b = strstr(q, "_trend_") != NULL;
  const pt_dispersion *d = &c->d[a][b];
  const char *rest = strchr(strchr(q, '_') + 1, '_');
  if (!strncmp(q, "laney_", 6)) {
    double sz;
    ck_assert_int_eq(pt_anom_laney_sigma(c->ns, c->len, c->x, c->n, &sz, NULL), PT_SUCCESS);
    if (!strcmp(q, "laney_sigma_z")) return sz;
    ck_assert_int_eq(pt_anom_laney(c->len[g], c->x + c->off[g], c->n + c->off[g], PT_Z_ALARM, sz, 0.95, out, NULL),
                     PT_SUCCESS);
    return point_field(&out[i], q + 6);
  }
  if (!strncmp(q, "funnel_", 7)) {
    double tau2;
    int used;
    ck_assert_int_eq(pt_anom_funnel_auto(c->m, c->x, c->n, NAN, 0.95, out, &tau2, &used), PT_SUCCESS);
    if (!strcmp(q, "funnel_tau2")) return tau2;
    if (!strcmp(q, "funnel_used_od")) return used;
    return point_field(&out[i], q + 7);
  }
  if (!strncmp(q, "twoway_", 7)) {
    double disp, df;
    ck_assert_int_eq(pt_anom_twoway_quasi(c->ns, c->len[0], c->x, c->n, 0.95, out, &disp, &df), PT_SUCCESS);
    if (!strcmp(q, "twoway_dispersion")) return disp;
    if (!strcmp(q, "twoway_df")) return df;
    return !strcmp(q, "twoway_z") ? out[i].z : !strcmp(q, "twoway_p") ? out[i].p_value : point_field(&out[i], q + 7);
  }
  if (!strcmp(rest, "_phi_raw")) return d->phi_raw;
  if (!strcmp(rest, "_phi")) return d->phi;
  if (!strcmp(rest, "_rho")) return d->rho;
  if (!strcmp(rest, "_df")) return d->df;
  const uint64_t *x = c->x + c->off[g], *n = c->n + c->off[g];
  const double *s = c->s + c->off[g];
  size_t k = c->len[g];
  if (!strncmp(rest, "_loo_", 5)) {
    ck_assert_int_eq(pt_anom_loo_disp(k, x, n, d, 0.95, out), PT_SUCCESS);
    return point_field(&out[i], rest + 5);
  }
  if (!strncmp(rest, "_pchart_", 8)) {
    ck_assert_int_eq(pt_anom_pchart_disp(k, x, n, PT_Z_ALARM, d, 0.95, out), PT_SUCCESS);
    return point_field(&out[i], rest + 8);
  }
  if (!strcmp(rest, "_ca_z")) {
    ck_assert_int_eq(pt_trend_ca_disp(k, x, n, s, d, &tt), PT_SUCCESS);
    return tt.stat;
  }
  if (!strncmp(rest, "_logit_", 7)) {
    ck_assert_int_eq(pt_trend_logistic_disp(k, x, n, s, d, 0.95, &tt), PT_SUCCESS);
    const char *f = rest + 7;
    return !strcmp(f, "slope") ? tt.slope : !strcmp(f, "se") ? tt.se : !strcmp(f, "p") ? tt.p
         : !strcmp(f, "or_lo") ? tt.or_lower : tt.or_upper;
  }
  ck_abort_msg("unknown quantity %s", q);
  return NAN;
}

START_TEST(test_against_r)
{
  load_data();
  FILE *f = fixture_open("tests/reference/fixtures/dispersion-values.csv");
  char buf[512], *fl[8];
  size_t rows = 0;
  fixture_line(f, buf, sizeof buf, fl, 8);
  while (fixture_line(f, buf, sizeof buf, fl, 8) == 5) {
    const stage *c = find(fl[0]);
    int g = atoi(fl[2]), i = atoi(fl[3]);
    /* i: the point within its series (two-way: within the stage's table) */
    double want = strcmp(fl[4], "NaN") ? atof(fl[4]) : NAN, got = computed(c, fl[1], g, i);
    /* iterated fits (Williams' rho, the logistic slope) are compared at 1e-7 */
    double tol = (strstr(fl[1], "williams") || strstr(fl[1], "logit")) ? 1e-7 : TOL_CLOSED;
    int ok = (isnan(want) && isnan(got)) || close_rel(got, want, tol) || fabs(got - want) < 1e-12;
    ck_assert_msg(ok, "%s %s series %d point %d: %.17g, R %.17g", fl[0], fl[1], g, i, got, want);
    rows++;
  }
  fclose(f);
  ck_assert_msg(rows > 4000, "only %zu fixture rows", rows);
}
END_TEST

/* phi <= 1 is binomial: the dispersion-aware functions give the plain results bit for bit. */
START_TEST(test_binomial_identity)
{
  uint64_t x[5] = { 400, 410, 395, 405, 402 }, n[5] = { 500, 500, 500, 500, 500 };
  double s[5] = { 1, 2, 3, 4, 5 };
  size_t len = 5;
  pt_dispersion d;
  ck_assert_int_eq(pt_disp_estimate(1, &len, x, n, s, PT_DISP_WILLIAMS, PT_DISP_MODEL_MEAN, &d), PT_SUCCESS);
  ck_assert(d.phi_raw < 1.0);
  ck_assert_int_eq(d.method, PT_DISP_BINOMIAL);
  ck_assert(pt_disp_is_binomial(&d) && d.phi == 1.0 && d.rho == 0.0);
  pt_anom_point a[5], b[5];
  ck_assert_int_eq(pt_anom_loo(5, x, n, 0.95, a), PT_SUCCESS);
  ck_assert_int_eq(pt_anom_loo_disp(5, x, n, &d, 0.95, b), PT_SUCCESS);
  ck_assert(memcmp(a, b, sizeof a) == 0);
  ck_assert_int_eq(pt_anom_pchart(5, x, n, PT_Z_ALARM, 0, 0.95, a), PT_SUCCESS);
  ck_assert_int_eq(pt_anom_pchart_disp(5, x, n, PT_Z_ALARM, &d, 0.95, b), PT_SUCCESS);
  ck_assert(memcmp(a, b, sizeof a) == 0);
  ck_assert_int_eq(pt_anom_laney(5, x, n, PT_Z_ALARM, 0.8, 0.95, b, NULL), PT_SUCCESS);
  ck_assert(memcmp(a, b, sizeof a) == 0);
  double c2, z, p;
  pt_trend_test t;
  ck_assert_int_eq(pt_trend_ca(5, x, n, s, &c2, &z, &p), PT_SUCCESS);
  ck_assert_int_eq(pt_trend_ca_disp(5, x, n, s, &d, &t), PT_SUCCESS);
  ck_assert(t.stat == z && t.p == p && isinf(t.df));
}
END_TEST

/* A constant phi scales the binomial statistics exactly: z / sqrt(phi). */
START_TEST(test_quasi_scaling)
{
  uint64_t x[5] = { 300, 410, 350, 460, 402 }, n[5] = { 500, 520, 480, 530, 500 };
  double s[5] = { 1, 2, 3, 4, 5 }, c2, z, p;
  pt_dispersion d;
  pt_disp_binomial(&d);
  d.method = PT_DISP_QUASI; d.phi = 9.0; d.df = 12;
  pt_trend_test t, tb;
  ck_assert_int_eq(pt_trend_ca(5, x, n, s, &c2, &z, &p), PT_SUCCESS);
  ck_assert_int_eq(pt_trend_ca_disp(5, x, n, s, &d, &t), PT_SUCCESS);
  ck_assert(close_rel(t.stat, z / 3.0, 1e-13));
  ck_assert_int_eq(pt_trend_logistic_disp(5, x, n, s, NULL, 0.95, &tb), PT_SUCCESS);
  ck_assert_int_eq(pt_trend_logistic_disp(5, x, n, s, &d, 0.95, &t), PT_SUCCESS);
  ck_assert(close_rel(t.slope, tb.slope, 1e-12) && close_rel(t.se, 3.0 * tb.se, 1e-10));
  ck_assert(t.p > tb.p && t.df == 12);
}
END_TEST

START_TEST(test_domain)
{
  uint64_t x[6] = { 1, 2, 3, 0, 0, 0 }, n[6] = { 10, 10, 10, 10, 10, 10 };
  double s[6] = { 1, 2, 3, 1, 2, 3 };
  size_t len[2] = { 3, 3 };
  pt_dispersion d;
  ck_assert_int_eq(pt_disp_estimate(0, len, x, n, s, PT_DISP_QUASI, PT_DISP_MODEL_MEAN, &d), PT_EDOM);
  ck_assert_int_eq(pt_disp_estimate(2, len, x, n, NULL, PT_DISP_QUASI, PT_DISP_MODEL_TREND, &d), PT_EDOM);
  n[0] = 0;
  ck_assert_int_eq(pt_disp_estimate(2, len, x, n, s, PT_DISP_QUASI, PT_DISP_MODEL_MEAN, &d), PT_EDOM);
  n[0] = 10;
  double same[6] = { 1, 1, 1, 1, 2, 3 };
  ck_assert_int_eq(pt_disp_estimate(2, len, x, n, same, PT_DISP_QUASI, PT_DISP_MODEL_TREND, &d), PT_EDOM);
  x[0] = 0; x[1] = 0; x[2] = 0;   /* nothing informative: binomial, PT_EUNDEF */
  ck_assert_int_eq(pt_disp_estimate(2, len, x, n, s, PT_DISP_WILLIAMS, PT_DISP_MODEL_MEAN, &d), PT_EUNDEF);
  ck_assert(pt_disp_is_binomial(&d) && pt_disp_factor(&d, 500) == 1.0);
  ck_assert(pt_disp_factor(NULL, 500) == 1.0);
}
END_TEST

int main(void)
{
  const TTest *t[] = { test_against_r, test_binomial_identity, test_quasi_scaling, test_domain };
  return run_tests("dispersion", t, sizeof t / sizeof t[0], 0);
}
