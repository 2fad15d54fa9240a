/* analyses.c - the analyses of a whole table (see proptrend/analyses.h).
 *
 * Each run groups the rows once (pt_series_partition) and hands every group
 * to the per-series statistics; results keep pointers into the table. */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "proptrend/analyses.h"
#include "proptrend/error.h"
#include "proptrend/series.h"
#include "internal.h"

/* Field-table entries: F(type, member, column name, kind, decimals, significant, role, defined-by). */
#define F_(T, m, nm, ty, dec, sig, role, def, names, fl) \
  { nm, ty, offsetof(T, m), dec, sig, role, def, names, fl }
#define NODEF (-1L)
#define DEF(T, m) ((long)offsetof(T, m))

static void *grow(void *p, size_t n, size_t size)
{
  return n ? realloc(p, n * size) : p;
}

/* ---- the variance model -------------------------------------------------------- */

const char *const pt_an_variance_names[] = { "williams", "quasi", "binomial", NULL };

/* The dispersion of every stage, pooled over its series, and for every row
 * the index of its stage in *out.  Rows of a stage come ordered by area,
 * group, period, so its series are runs. */
static int stage_disps(const pt_table *t, pt_an_variance v, pt_disp_model model, int rank, int laney,
                       pt_an_disp **out, size_t *nout, size_t *row_stage)
{
  pt_series st;
  int rc = pt_series_partition(t, PT_KEY_STAGE, &st);
  if (rc) return rc;
  size_t L = st.longest ? st.longest : 1;
  size_t *len = malloc(L * sizeof *len);
  uint64_t *x = malloc(L * sizeof *x), *n = malloc(L * sizeof *n);
  double *sc = malloc(L * sizeof *sc);
  *out = calloc(st.n ? st.n : 1, sizeof **out);
  *nout = st.n;
  if (!len || !x || !n || !sc || !*out) rc = PT_ENOMEM;
  for (size_t g = 0; !rc && g < st.n; g++) {
    size_t k = pt_series_len(&st, g), nr = 0, pos = 0;
    for (size_t i = 0; i < k; i++) {
      const pt_row *r = pt_series_row(t, &st, g, i);
      if (i == 0 || pt_series_key_cmp(pt_series_row(t, &st, g, i - 1), r, PT_KEY_AREA | PT_KEY_GROUP)) {
        len[nr++] = 0;
        pos = 0;
      }
      len[nr - 1]++;
      x[i] = r->count; n[i] = r->total;
      sc[i] = rank ? (double)++pos : (double)r->period;
      row_stage[st.idx[st.start[g] + i]] = g;
    }
    pt_an_disp *d = &(*out)[g];
    d->stage = pt_series_row(t, &st, g, 0)->stage;
    if (laney) {
      /* Laney's sigma_z: moving ranges of z within each series, pooled */
      d->laney = 1;
      int ls = pt_anom_laney_sigma(nr, len, x, n, &d->sigma_z, &d->nranges);
      if (ls == PT_EUNDEF) { d->sigma_z = 1.0; d->nranges = 0; }
      else if (ls) { rc = ls; break; }
      pt_disp_binomial(&d->d);
      continue;
    }
    if (v == PT_AN_VAR_BINOMIAL) {
      pt_disp_binomial(&d->d);
      continue;
    }
    d->status = pt_disp_estimate(nr, len, x, n, sc, v == PT_AN_VAR_QUASI ? PT_DISP_QUASI : PT_DISP_WILLIAMS, model, &d->d);
    if (d->status == PT_EUNDEF) pt_disp_binomial(&d->d);   /* too few points: binomial, and said */
    else if (d->status) rc = d->status;
  }
  free(len); free(x); free(n); free(sc);
  pt_series_free(&st);
  return rc;
}

/* ---- rates ------------------------------------------------------------------ */

#define RF(m, nm, ty, dec, role) F_(pt_an_rate, m, nm, ty, dec, 0, role, NODEF, NULL, 0)
const pt_field pt_an_rate_fields[] = {
  F_(pt_an_rate, area, "area", PT_FT_STR, -1, 0, PT_ROLE_TEXT, NODEF, NULL, PT_FIELD_AREA),
  RF(group, "group", PT_FT_STR, -1, PT_ROLE_TEXT),
  RF(stage, "stage", PT_FT_STR, -1, PT_ROLE_TEXT),
  RF(period, "period", PT_FT_LONG, -1, PT_ROLE_PERIOD),
  RF(count, "count", PT_FT_U64, -1, PT_ROLE_NUMBER),
  RF(total, "total", PT_FT_U64, -1, PT_ROLE_NUMBER),
  RF(p, "p", PT_FT_DOUBLE, 4, PT_ROLE_PROPORTION),
  RF(lower, "lower", PT_FT_DOUBLE, 4, PT_ROLE_PROPORTION),
  RF(upper, "upper", PT_FT_DOUBLE, 4, PT_ROLE_PROPORTION),
  RF(method, "method", PT_FT_STR, -1, PT_ROLE_TEXT),
  RF(level, "level", PT_FT_DOUBLE, -1, PT_ROLE_NUMBER),
};
const size_t pt_an_rate_nfields = sizeof pt_an_rate_fields / sizeof pt_an_rate_fields[0];

void pt_an_rates_opts_init(pt_an_rates_opts *o)
{
  o->level = 0.95;
  o->method = pt_ci_method_find("wilson");
}

int pt_an_rates_run(const pt_table *t, const pt_an_rates_opts *o, pt_an_rates *out)
{
  if (!t || !o || !out) return PT_EDOM;
  memset(out, 0, sizeof *out);
  if (!(o->level > 0 && o->level < 1)) return PT_EDOM;
  size_t nm = 0;
  for (const pt_ci_method_info *m = pt_ci_methods; m->name; m++) nm++;
  if (o->method) nm = 1;
  if (t->n && !(out->r = malloc(t->n * nm * sizeof *out->r))) return PT_ENOMEM;
  pt_gsl_hold(1);   /* once for the rows, not a store per interval */
  int st = PT_SUCCESS;
  for (size_t i = 0; i < t->n && !st; i++) {
    const pt_row *r = &t->rows[i];
    for (const pt_ci_method_info *m = o->method ? o->method : pt_ci_methods; m->name; m++) {
      pt_an_rate *q = &out->r[out->n];
      *q = (pt_an_rate){ r->area, r->group, r->stage, r->period, r->count, r->total,
                         (double)r->count / (double)r->total, NAN, NAN, m->name, o->level, r->line };
      st = m->fn(r->count, r->total, o->level, &q->lower, &q->upper);
      if (st) { out->failed_line = r->line; out->failed_method = m->name; break; }
      out->n++;
      if (o->method) break;
    }
  }
  pt_gsl_hold(0);
  return st;
}

void pt_an_rates_free(pt_an_rates *r)
{
  if (!r) return;
  free(r->r);
  memset(r, 0, sizeof *r);
}

/* ---- change ------------------------------------------------------------------ */

#define CF(m, nm, ty, dec, sig, role) F_(pt_an_change, m, nm, ty, dec, sig, role, NODEF, NULL, 0)
#define NF(m, nm, dec) F_(pt_an_change, m, nm, PT_FT_DOUBLE, dec, 0, PT_ROLE_PROPORTION, DEF(pt_an_change, nested_ok), NULL, 0)
#define CHANGE_FIELDS \
  F_(pt_an_change, area, "area", PT_FT_STR, -1, 0, PT_ROLE_TEXT, NODEF, NULL, PT_FIELD_AREA), \
  CF(group, "group", PT_FT_STR, -1, 0, PT_ROLE_TEXT), \
  CF(stage, "stage", PT_FT_STR, -1, 0, PT_ROLE_TEXT), \
  CF(period_from, "from", PT_FT_LONG, -1, 0, PT_ROLE_PERIOD), \
  CF(period_to, "to", PT_FT_LONG, -1, 0, PT_ROLE_PERIOD), \
  CF(count_from, "count_from", PT_FT_U64, -1, 0, PT_ROLE_NUMBER), \
  CF(total_from, "total_from", PT_FT_U64, -1, 0, PT_ROLE_NUMBER), \
  CF(count_to, "count_to", PT_FT_U64, -1, 0, PT_ROLE_NUMBER), \
  CF(total_to, "total_to", PT_FT_U64, -1, 0, PT_ROLE_NUMBER), \
  CF(p_from, "p_from", PT_FT_DOUBLE, 4, 0, PT_ROLE_PROPORTION), \
  CF(p_to, "p_to", PT_FT_DOUBLE, 4, 0, PT_ROLE_PROPORTION), \
  CF(diff, "diff", PT_FT_DOUBLE, 4, 0, PT_ROLE_PROPORTION), \
  CF(diff_lower, "diff_lower", PT_FT_DOUBLE, 4, 0, PT_ROLE_PROPORTION), \
  CF(diff_upper, "diff_upper", PT_FT_DOUBLE, 4, 0, PT_ROLE_PROPORTION), \
  CF(ratio, "ratio", PT_FT_DOUBLE, 4, 0, PT_ROLE_NUMBER), \
  CF(ratio_lower, "ratio_lower", PT_FT_DOUBLE, 4, 0, PT_ROLE_NUMBER), \
  CF(ratio_upper, "ratio_upper", PT_FT_DOUBLE, 4, 0, PT_ROLE_NUMBER), \
  CF(odds_ratio, "odds_ratio", PT_FT_DOUBLE, 4, 0, PT_ROLE_NUMBER), \
  CF(or_lower, "or_lower", PT_FT_DOUBLE, 4, 0, PT_ROLE_NUMBER), \
  CF(or_upper, "or_upper", PT_FT_DOUBLE, 4, 0, PT_ROLE_NUMBER), \
  CF(z, "z", PT_FT_DOUBLE, 4, 0, PT_ROLE_NUMBER), \
  CF(p_value, "p_value", PT_FT_DOUBLE, -1, 3, PT_ROLE_PVALUE), \
  CF(fisher_p, "fisher_p", PT_FT_DOUBLE, -1, 3, PT_ROLE_PVALUE), \
  CF(p_adjusted, "p_adjusted", PT_FT_DOUBLE, -1, 3, PT_ROLE_PVALUE), \
  CF(diff_method, "diff_method", PT_FT_STR, -1, 0, PT_ROLE_TEXT), \
  CF(ratio_method, "ratio_method", PT_FT_STR, -1, 0, PT_ROLE_TEXT), \
  CF(or_method, "or_method", PT_FT_STR, -1, 0, PT_ROLE_TEXT), \

const pt_field pt_an_change_fields[] = {
  CHANGE_FIELDS
};
const size_t pt_an_change_nfields = sizeof pt_an_change_fields / sizeof pt_an_change_fields[0];

const pt_field pt_an_change_stage_fields[] = {
  CHANGE_FIELDS
  NF(conditional, "conditional", 4),
  NF(conditional_lower, "conditional_lower", 4),
  NF(conditional_upper, "conditional_upper", 4),
  F_(pt_an_change, nested_note, "nested", PT_FT_STR, -1, 0, PT_ROLE_TEXT, NODEF, NULL, 0),
};
const size_t pt_an_change_stage_nfields = sizeof pt_an_change_stage_fields / sizeof pt_an_change_stage_fields[0];

void pt_an_change_opts_init(pt_an_change_opts *o)
{
  memset(o, 0, sizeof *o);
  o->level = 0.95;
  o->diff = pt_diff_methods;
  o->ratio = pt_ratio_methods;
  o->odds = pt_or_methods;
  o->adjust = PT_ADJUST_HOLM;
}

static void add_pair(pt_an_changes *c, const pt_row *from, const pt_row *to, const char *stage)
{
  pt_an_change *x = &c->c[c->n++];
  memset(x, 0, sizeof *x);
  x->area = to->area; x->group = to->group; x->stage = stage ? stage : to->stage;
  x->from = from; x->to = to;
  x->period_from = from->period; x->period_to = to->period;
  x->count_from = from->count; x->total_from = from->total;
  x->count_to = to->count; x->total_to = to->total;
  x->p_from = (double)from->count / (double)from->total;
  x->p_to = (double)to->count / (double)to->total;
}

/* The pairs of each mode, in series order. */
static int change_pairs(const pt_table *t, const pt_an_change_opts *o, pt_an_changes *c)
{
  pt_series s;
  unsigned key = o->mode == PT_AN_CHANGE_STAGES ? PT_KEY_AREA | PT_KEY_GROUP | PT_KEY_PERIOD : PT_KEY_SERIES;
  int st = pt_series_partition(t, key, &s);
  if (st) return st;
  for (size_t g = 0; g < s.n; g++) {
    size_t k = pt_series_len(&s, g);
    if (o->mode == PT_AN_CHANGE_STAGES) {
      const pt_row *a = NULL, *b = NULL;
      for (size_t i = 0; i < k; i++) {
        const pt_row *r = pt_series_row(t, &s, g, i);
        if (!a && !strcmp(r->stage, o->stage_from)) a = r;
        if (!b && !strcmp(r->stage, o->stage_to)) b = r;
      }
      if (a && b) add_pair(c, a, b, c->stage_label);
    } else if (o->mode == PT_AN_CHANGE_BASE) {
      const pt_row *base = NULL;
      for (size_t i = 0; i < k && !base; i++)
        if (pt_series_row(t, &s, g, i)->period == o->base) base = pt_series_row(t, &s, g, i);
      for (size_t i = 0; base && i < k; i++)
        if (pt_series_row(t, &s, g, i)->period != o->base) add_pair(c, base, pt_series_row(t, &s, g, i), NULL);
    } else {
      for (size_t i = 1; i < k; i++) add_pair(c, pt_series_row(t, &s, g, i - 1), pt_series_row(t, &s, g, i), NULL);
    }
  }
  pt_series_free(&s);
  return PT_SUCCESS;
}

/* The later stage as a share of the earlier one (recognised of registered). */
static void change_nested(pt_an_change *x, double level)
{
  pt_nested nr;
  int st = pt_nested_stage(x->count_to, x->total_to, x->count_from, x->total_from, level, &nr);
  x->nested_ok = st == PT_SUCCESS && !(nr.flags & PT_NEST_EXCEEDS);
  x->nested_flags = st == PT_SUCCESS ? nr.flags : 0;
  x->conditional = nr.ratio; x->conditional_lower = nr.lower; x->conditional_upper = nr.upper;
  x->nested_note = st != PT_SUCCESS ? "none registered" : (nr.flags & PT_NEST_EXCEEDS) ? "exceeds"
                 : (nr.flags & PT_NEST_TOTALS_DIFFER) ? "totals differ" : "subset";
}

static void fill3(int st, double *a, double *b, double *c)
{
  if (st) *a = *b = *c = NAN;
}

int pt_an_change_run(const pt_table *t, const pt_an_change_opts *o, pt_an_changes *out)
{
  if (!t || !o || !out) return PT_EDOM;
  memset(out, 0, sizeof *out);
  if (!(o->level > 0 && o->level < 1) || !o->diff || !o->ratio || !o->odds) return PT_EDOM;
  if (o->mode == PT_AN_CHANGE_STAGES) {
    if (!o->stage_from || !o->stage_to) return PT_EDOM;
    size_t la = strlen(o->stage_from), lb = strlen(o->stage_to);
    if (!(out->stage_label = malloc(la + lb + 3))) return PT_ENOMEM;
    memcpy(out->stage_label, o->stage_from, la);
    memcpy(out->stage_label + la, "->", 2);
    memcpy(out->stage_label + la + 2, o->stage_to, lb + 1);
  }
  if (t->n && !(out->c = malloc(t->n * sizeof *out->c))) return PT_ENOMEM;
  int st = change_pairs(t, o, out);
  if (st) return st;
  if (out->n == 0) return PT_ESHORT;
  double *ps = malloc(out->n * sizeof *ps);
  if (!ps) return PT_ENOMEM;
  for (size_t k = 0; k < out->n; k++) {
    pt_an_change *x = &out->c[k];
    uint64_t xa = x->count_to, na = x->total_to, xb = x->count_from, nb = x->total_from;
    fill3(o->diff->fn(xa, na, xb, nb, o->level, &x->diff, &x->diff_lower, &x->diff_upper),
          &x->diff, &x->diff_lower, &x->diff_upper);
    fill3(o->ratio->fn(xa, na, xb, nb, o->level, &x->ratio, &x->ratio_lower, &x->ratio_upper),
          &x->ratio, &x->ratio_lower, &x->ratio_upper);
    fill3(o->odds->fn(xa, na, xb, nb, o->level, &x->odds_ratio, &x->or_lower, &x->or_upper),
          &x->odds_ratio, &x->or_lower, &x->or_upper);
    if (pt_test_z(xa, na, xb, nb, &x->z, &x->p_value) != PT_SUCCESS) x->z = x->p_value = NAN;
    if (pt_test_fisher(xa, na, xb, nb, &x->fisher_p) != PT_SUCCESS) x->fisher_p = NAN;
    x->diff_method = o->diff->name; x->ratio_method = o->ratio->name; x->or_method = o->odds->name;
    if (o->mode == PT_AN_CHANGE_STAGES) change_nested(x, o->level);
    ps[k] = o->fisher ? x->fisher_p : x->p_value;
  }
  st = pt_p_adjust(ps, out->n, o->adjust);
  for (size_t k = 0; !st && k < out->n; k++) out->c[k].p_adjusted = ps[k];
  free(ps);
  return st;
}

void pt_an_change_free(pt_an_changes *c)
{
  if (!c) return;
  free(c->c);
  free(c->stage_label);
  memset(c, 0, sizeof *c);
}

/* ---- trend ------------------------------------------------------------------- */

const char *const pt_an_verdict_names[] = { "no variation", "no clear trend", "rising", "falling" };

#define TF(m, nm, ty, dec, sig, role, def) F_(pt_an_trend, m, nm, ty, dec, sig, role, def, NULL, 0)
#define TCA DEF(pt_an_trend, ca_ok)
#define TLG DEF(pt_an_trend, lg_ok)
#define TAPC DEF(pt_an_trend, apc_ok)
#define TH DEF(pt_an_trend, h_ok)
const pt_field pt_an_trend_fields[] = {
  F_(pt_an_trend, area, "area", PT_FT_STR, -1, 0, PT_ROLE_TEXT, NODEF, NULL, PT_FIELD_AREA),
  TF(group, "group", PT_FT_STR, -1, 0, PT_ROLE_TEXT, NODEF),
  TF(stage, "stage", PT_FT_STR, -1, 0, PT_ROLE_TEXT, NODEF),
  TF(n_periods, "n_periods", PT_FT_SIZE, -1, 0, PT_ROLE_NUMBER, NODEF),
  TF(ca_chisq, "ca_chisq", PT_FT_DOUBLE, 4, 0, PT_ROLE_NUMBER, TCA),
  TF(ca_z, "ca_z", PT_FT_DOUBLE, 4, 0, PT_ROLE_NUMBER, TCA),
  TF(ca_p, "ca_p", PT_FT_DOUBLE, 4, 3, PT_ROLE_PVALUE, TCA),
  TF(lg.slope, "logit_slope", PT_FT_DOUBLE, 4, 0, PT_ROLE_NUMBER, TLG),
  TF(lg.se, "logit_se", PT_FT_DOUBLE, 4, 0, PT_ROLE_NUMBER, TLG),
  TF(odds_ratio, "or_per_period", PT_FT_DOUBLE, 4, 0, PT_ROLE_NUMBER, TLG),
  TF(lg.wald_lower, "or_wald_lower", PT_FT_DOUBLE, 4, 0, PT_ROLE_NUMBER, TLG),
  TF(lg.wald_upper, "or_wald_upper", PT_FT_DOUBLE, 4, 0, PT_ROLE_NUMBER, TLG),
  TF(lg.profile_lower, "or_profile_lower", PT_FT_DOUBLE, 4, 0, PT_ROLE_NUMBER, TLG),
  TF(lg.profile_upper, "or_profile_upper", PT_FT_DOUBLE, 4, 0, PT_ROLE_NUMBER, TLG),
  TF(apc, "apc", PT_FT_DOUBLE, 4, 0, PT_ROLE_NUMBER, TAPC),
  TF(apc_lower, "apc_lower", PT_FT_DOUBLE, 4, 0, PT_ROLE_NUMBER, TAPC),
  TF(apc_upper, "apc_upper", PT_FT_DOUBLE, 4, 0, PT_ROLE_NUMBER, TAPC),
  TF(h_chisq, "homogeneity_chisq", PT_FT_DOUBLE, 4, 0, PT_ROLE_NUMBER, TH),
  TF(h_p, "homogeneity_p", PT_FT_DOUBLE, 4, 3, PT_ROLE_PVALUE, TH),
  TF(test_stat, "trend_stat", PT_FT_DOUBLE, 4, 0, PT_ROLE_NUMBER, DEF(pt_an_trend, test_ok)),
  TF(test_df, "trend_df", PT_FT_DOUBLE, 0, 0, PT_ROLE_NUMBER, DEF(pt_an_trend, test_ok)),
  TF(test_p, "trend_p", PT_FT_DOUBLE, 4, 3, PT_ROLE_PVALUE, DEF(pt_an_trend, test_ok)),
  TF(dispersion, "dispersion", PT_FT_DOUBLE, 2, 0, PT_ROLE_NUMBER, NODEF),
  TF(or_lower, "or_lower", PT_FT_DOUBLE, 4, 0, PT_ROLE_NUMBER, DEF(pt_an_trend, or_ok)),
  TF(or_upper, "or_upper", PT_FT_DOUBLE, 4, 0, PT_ROLE_NUMBER, DEF(pt_an_trend, or_ok)),
  F_(pt_an_trend, verdict, "verdict", PT_FT_ENUM, -1, 0, PT_ROLE_TEXT, NODEF, pt_an_verdict_names, 0),
};
const size_t pt_an_trend_nfields = sizeof pt_an_trend_fields / sizeof pt_an_trend_fields[0];

void pt_an_trend_opts_init(pt_an_trend_opts *o)
{
  memset(o, 0, sizeof *o);
  o->level = 0.95;
  pt_jp_opts_init(&o->jp);
}

/* One-sided p of the verdict's statistic: t on df, or normal. */
static double one_sided(double stat, double df, int alt)
{
  double upper = isfinite(df) ? gsl_cdf_tdist_Q(stat, df) : gsl_cdf_ugaussian_Q(stat);
  return alt > 0 ? upper : 1.0 - upper;
}

/* The verdict's test and the odds ratio's interval under the stage's
 * dispersion d. */
static void trend_test(pt_an_trend *r, size_t k, const uint64_t *x, const uint64_t *n, const double *s,
                       const pt_dispersion *d, const pt_an_trend_opts *o)
{
  pt_trend_test tt;
  double nbar = 0;
  for (size_t i = 0; i < k; i++) nbar += (double)n[i] / (double)k;
  r->dispersion = pt_disp_factor(d, nbar);
  r->test_ok = pt_trend_ca_disp(k, x, n, s, d, &tt) == PT_SUCCESS;
  if (r->test_ok) {
    r->test_stat = tt.stat;
    r->test_df = tt.df;
    r->test_p = o->alternative ? one_sided(tt.stat, tt.df, o->alternative) : tt.p;
  }
  r->or_ok = pt_trend_logistic_disp(k, x, n, s, d, o->level, &tt) == PT_SUCCESS;
  r->or_lower = r->or_ok ? tt.or_lower : NAN;
  r->or_upper = r->or_ok ? tt.or_upper : NAN;
}

/* One series' statistics; x, n, s hold its k periods. */
static void trend_one(pt_an_trend *r, size_t k, const uint64_t *x, const uint64_t *n, const double *s,
                      const pt_dispersion *d, const pt_an_trend_opts *o)
{
  double b, se;
  r->n_periods = k;
  r->ca_ok = pt_trend_ca(k, x, n, s, &r->ca_chisq, &r->ca_z, &r->ca_p) == PT_SUCCESS;
  if (r->ca_ok && o->alternative)
    r->ca_p = o->alternative > 0 ? gsl_cdf_ugaussian_Q(r->ca_z) : gsl_cdf_ugaussian_P(r->ca_z);
  r->lg_status = pt_trend_logistic(k, x, n, s, o->level, &r->lg);
  r->lg_ok = r->lg_status == PT_SUCCESS;
  r->odds_ratio = r->lg_ok ? exp(r->lg.slope) : NAN;
  r->apc_status = pt_trend_apc(k, x, n, s, o->level, o->apc_weighted, &r->apc, &r->apc_lower, &r->apc_upper, &b, &se);
  r->apc_ok = r->apc_status == PT_SUCCESS;
  r->h_ok = pt_homogeneity(k, x, n, &r->h_chisq, &r->h_p) == PT_SUCCESS;
  if (o->joinpoints > 0) {
    pt_jp_opts jo = o->jp;
    jo.max_joinpoints = o->joinpoints;
    r->jp_status = pt_trend_joinpoint(k, x, n, s, &jo, &r->jp);
  } else {
    r->jp_status = -1;
  }
  trend_test(r, k, x, n, s, d, o);
  if (!r->ca_ok || !r->test_ok) r->verdict = PT_AN_NO_VARIATION;
  else if (r->test_p < 1.0 - o->level) r->verdict = r->test_stat > 0 ? PT_AN_RISING : PT_AN_FALLING;
  else r->verdict = PT_AN_NO_CLEAR_TREND;
}

int pt_an_trend_run(const pt_table *t, const pt_an_trend_opts *o, pt_an_trends *out)
{
  if (!t || !o || !out) return PT_EDOM;
  memset(out, 0, sizeof *out);
  if (!(o->level > 0 && o->level < 1) || o->joinpoints < 0 || o->joinpoints > PT_JP_MAX) return PT_EDOM;
  if ((unsigned)o->variance > PT_AN_VAR_BINOMIAL) return PT_EDOM;
  pt_series s;
  size_t *row_stage = malloc((t->n ? t->n : 1) * sizeof *row_stage);
  out->variance = (int)o->variance;
  int st = row_stage ? stage_disps(t, o->variance, PT_DISP_MODEL_TREND, o->rank_scores, 0, &out->disp, &out->ndisp, row_stage)
                     : PT_ENOMEM;
  if (st || (st = pt_series_partition(t, PT_KEY_SERIES, &s))) { free(row_stage); return st; }
  size_t L = s.longest ? s.longest : 1;
  uint64_t *x = malloc(L * sizeof *x), *n = malloc(L * sizeof *n);
  double *sc = malloc(L * sizeof *sc);
  out->s = s.n ? calloc(s.n, sizeof *out->s) : NULL;
  if (!x || !n || !sc || (s.n && !out->s)) st = PT_ENOMEM;
  for (size_t g = 0; !st && g < s.n; g++) {
    size_t k = pt_series_len(&s, g);
    if (k < 3) continue;
    pt_series_counts(t, &s, g, x, n, sc);
    if (o->rank_scores)
      for (size_t m = 0; m < k; m++) sc[m] = (double)(m + 1);
    pt_an_trend *r = &out->s[out->n++];
    const pt_row *first = pt_series_row(t, &s, g, 0);
    r->area = first->area; r->group = first->group; r->stage = first->stage;
    r->p0 = first->period;
    r->p1 = pt_series_row(t, &s, g, k - 1)->period;
    trend_one(r, k, x, n, sc, &out->disp[row_stage[s.idx[s.start[g]]]].d, o);
    if (k > out->longest) out->longest = k;
    out->jp_fitted += o->joinpoints > 0 && r->jp_status != PT_ESHORT;
  }
  free(x); free(n); free(sc); free(row_stage);
  pt_series_free(&s);
  if (!st && out->n == 0) st = PT_ESHORT;
  return st;
}

void pt_an_trend_free(pt_an_trends *r)
{
  if (!r) return;
  free(r->s);
  free(r->disp);
  memset(r, 0, sizeof *r);
}

/* ---- joinpoint pairs ---------------------------------------------------------- */

#define PF(m, nm, dec, sig, role) F_(pt_an_jp_pair, m, nm, PT_FT_DOUBLE, dec, sig, role, DEF(pt_an_jp_pair, ok), NULL, 0)
const pt_field pt_an_jp_pair_fields[] = {
  F_(pt_an_jp_pair, area, "area", PT_FT_STR, -1, 0, PT_ROLE_TEXT, NODEF, NULL, PT_FIELD_AREA),
  F_(pt_an_jp_pair, stage, "stage", PT_FT_STR, -1, 0, PT_ROLE_TEXT, NODEF, NULL, 0),
  F_(pt_an_jp_pair, group_a, "series_a", PT_FT_STR, -1, 0, PT_ROLE_TEXT, NODEF, NULL, 0),
  F_(pt_an_jp_pair, group_b, "series_b", PT_FT_STR, -1, 0, PT_ROLE_TEXT, NODEF, NULL, 0),
  PF(parallel_stat, "parallel_stat", 4, 0, PT_ROLE_NUMBER),
  PF(parallel_p, "parallel_p", -1, 3, PT_ROLE_PVALUE),
  PF(coincident_stat, "coincident_stat", 4, 0, PT_ROLE_NUMBER),
  PF(coincident_p, "coincident_p", -1, 3, PT_ROLE_PVALUE),
  F_(pt_an_jp_pair, K, "joinpoints", PT_FT_INT, -1, 0, PT_ROLE_NUMBER, DEF(pt_an_jp_pair, ok), NULL, 0),
  PF(aapc_diff, "aapc_diff", 4, 0, PT_ROLE_NUMBER),
  PF(aapc_diff_lower, "aapc_diff_lower", 4, 0, PT_ROLE_NUMBER),
  PF(aapc_diff_upper, "aapc_diff_upper", 4, 0, PT_ROLE_NUMBER),
  PF(aapc_diff_p, "aapc_diff_p", -1, 3, PT_ROLE_PVALUE),
  F_(pt_an_jp_pair, note, "note", PT_FT_STR, -1, 0, PT_ROLE_TEXT, NODEF, NULL, 0),
};
const size_t pt_an_jp_pair_nfields = sizeof pt_an_jp_pair_fields / sizeof pt_an_jp_pair_fields[0];

/* Same periods, in order? */
static int same_periods(const pt_table *t, const pt_series *s, size_t a, size_t b)
{
  size_t k = pt_series_len(s, a);
  if (k != pt_series_len(s, b)) return 0;
  for (size_t i = 0; i < k; i++)
    if (pt_series_row(t, s, a, i)->period != pt_series_row(t, s, b, i)->period) return 0;
  return 1;
}

static void jp_pair_one(const pt_table *t, const pt_series *s, size_t a, size_t b, const pt_jp_opts *jo,
                        uint64_t *buf, double *sc, pt_an_jp_pair *p)
{
  size_t k = pt_series_len(s, a);
  uint64_t *xa = buf, *na = buf + k, *xb = buf + 2 * k, *nb = buf + 3 * k;
  const pt_row *ra = pt_series_row(t, s, a, 0), *rb = pt_series_row(t, s, b, 0);
  pt_jp_pair r;
  memset(p, 0, sizeof *p);
  p->area = ra->area; p->stage = ra->stage; p->group_a = ra->group; p->group_b = rb->group;
  pt_series_counts(t, s, a, xa, na, sc);
  pt_series_counts(t, s, b, xb, nb, NULL);
  int same = same_periods(t, s, a, b);
  p->status = same ? pt_trend_joinpoint_pair(k, sc, xa, na, xb, nb, jo, &r) : PT_EDOM;
  p->ok = p->status == PT_SUCCESS;
  if (!p->ok) { p->note = same ? pt_strerror(p->status) : "different periods"; return; }
  p->K = r.K;
  p->parallel_stat = r.parallel_stat; p->parallel_p = r.parallel_p;
  p->coincident_stat = r.coincident_stat; p->coincident_p = r.coincident_p;
  p->aapc_diff = r.aapc_diff; p->aapc_diff_lower = r.aapc_diff_lower; p->aapc_diff_upper = r.aapc_diff_upper;
  p->aapc_diff_p = r.aapc_diff_p;
}

int pt_an_jp_pairs_run(const pt_table *t, const pt_an_trend_opts *o, pt_an_jp_pairs *out)
{
  if (!t || !o || !out) return PT_EDOM;
  memset(out, 0, sizeof *out);
  if (o->joinpoints < 1 || o->joinpoints > PT_JP_MAX) return PT_EDOM;
  pt_series s;
  int st = pt_series_partition(t, PT_KEY_SERIES, &s);
  if (st) return st;
  /* series are ordered by area, group, stage: pairs of one (area, stage)
   * are found by a second partition over the series' first rows */
  size_t npairs = 0, cap = 0;
  for (size_t a = 0; a < s.n; a++)
    for (size_t b = a + 1; b < s.n; b++) {
      const pt_row *ra = pt_series_row(t, &s, a, 0), *rb = pt_series_row(t, &s, b, 0);
      if (pt_series_key_cmp(ra, rb, PT_KEY_AREA) != 0) break;
      cap += !strcmp(ra->stage, rb->stage);
    }
  uint64_t *buf = malloc(4 * (s.longest ? s.longest : 1) * sizeof *buf);
  double *sc = malloc((s.longest ? s.longest : 1) * sizeof *sc);
  out->p = cap ? malloc(cap * sizeof *out->p) : NULL;
  if (!buf || !sc || (cap && !out->p)) st = PT_ENOMEM;
  pt_jp_opts jo = o->jp;
  jo.max_joinpoints = o->joinpoints;
  for (size_t a = 0; !st && a < s.n; a++)
    for (size_t b = a + 1; b < s.n && npairs < cap; b++) {
      const pt_row *ra = pt_series_row(t, &s, a, 0), *rb = pt_series_row(t, &s, b, 0);
      if (pt_series_key_cmp(ra, rb, PT_KEY_AREA) != 0) break;
      if (strcmp(ra->stage, rb->stage)) continue;
      jp_pair_one(t, &s, a, b, &jo, buf, sc, &out->p[npairs++]);
    }
  out->n = npairs;
  free(buf); free(sc);
  pt_series_free(&s);
  if (!st && out->n == 0) st = PT_ESHORT;
  return st;
}

void pt_an_jp_pairs_free(pt_an_jp_pairs *p)
{
  if (!p) return;
  free(p->p);
  memset(p, 0, sizeof *p);
}

/* ---- anomalies ------------------------------------------------------------- */

const char *const pt_an_anom_method_names[] = { "loo", "pchart", "funnel", "twoway" };
const char *const pt_an_direction_names[] = { "drop", "none", "rise" };
const char *const pt_an_severity_names[] = { "none", "warning", "alarm" };

#define AF(m, nm, ty, dec, sig, role) F_(pt_an_anom, m, nm, ty, dec, sig, role, NODEF, NULL, 0)
const pt_field pt_an_anom_fields[] = {
  F_(pt_an_anom, area, "area", PT_FT_STR, -1, 0, PT_ROLE_TEXT, NODEF, NULL, PT_FIELD_AREA),
  AF(group, "group", PT_FT_STR, -1, 0, PT_ROLE_TEXT),
  AF(stage, "stage", PT_FT_STR, -1, 0, PT_ROLE_TEXT),
  AF(period, "period", PT_FT_LONG, -1, 0, PT_ROLE_PERIOD),
  AF(count, "count", PT_FT_U64, -1, 0, PT_ROLE_NUMBER),
  AF(total, "total", PT_FT_U64, -1, 0, PT_ROLE_NUMBER),
  AF(pt.p, "p", PT_FT_DOUBLE, 4, 0, PT_ROLE_PROPORTION),
  AF(pt.expected, "expected", PT_FT_DOUBLE, 4, 0, PT_ROLE_PROPORTION),
  AF(pt.diff, "diff", PT_FT_DOUBLE, 4, 0, PT_ROLE_PROPORTION),
  AF(pt.diff_lower, "diff_lower", PT_FT_DOUBLE, 4, 0, PT_ROLE_PROPORTION),
  AF(pt.diff_upper, "diff_upper", PT_FT_DOUBLE, 4, 0, PT_ROLE_PROPORTION),
  AF(pt.z, "z", PT_FT_DOUBLE, 4, 0, PT_ROLE_NUMBER),
  AF(pt.p_value, "p_value", PT_FT_DOUBLE, -1, 3, PT_ROLE_PVALUE),
  AF(q_value, "q_value", PT_FT_DOUBLE, -1, 3, PT_ROLE_PVALUE),
  AF(dispersion, "dispersion", PT_FT_DOUBLE, 2, 0, PT_ROLE_NUMBER),
  F_(pt_an_anom, method, "method", PT_FT_ENUM, -1, 0, PT_ROLE_TEXT, NODEF, pt_an_anom_method_names, 0),
  F_(pt_an_anom, direction, "direction", PT_FT_ENUM, -1, 0, PT_ROLE_TEXT, NODEF, pt_an_direction_names, 0),
  F_(pt_an_anom, severity, "severity", PT_FT_ENUM, -1, 0, PT_ROLE_TEXT, NODEF, pt_an_severity_names, 0),
};
const size_t pt_an_anom_nfields = sizeof pt_an_anom_fields / sizeof pt_an_anom_fields[0];

void pt_an_anom_opts_init(pt_an_anom_opts *o)
{
  memset(o, 0, sizeof *o);
  o->method = PT_AN_LOO;
  o->level = 0.95;
  o->sigma = PT_Z_ALARM;
  o->target = NAN;
}

/* Work space of a run: per-row points, and one unit's arrays. */
typedef struct anom_ws {
  const pt_table *t;
  const pt_an_anom_opts *o;
  pt_an_anoms *out;
  pt_anom_point *pts, *tmp;
  unsigned char *tested;
  uint64_t *x, *n;
  size_t notecap;
  double *factor;           /* per row: the variance factor its test used */
  size_t *row_stage;        /* per row: its stage in out->disp */
} anom_ws;

static int add_note(anom_ws *w, pt_an_note_kind kind, const pt_row *r0, int with_group, size_t units, double v)
{
  pt_an_anoms *a = w->out;
  if (a->nnotes == w->notecap) {
    size_t nc = w->notecap ? 2 * w->notecap : 8;
    pt_an_note *nn = grow(a->notes, nc, sizeof *nn);
    if (!nn) return PT_ENOMEM;
    a->notes = nn;
    w->notecap = nc;
  }
  a->notes[a->nnotes++] = (pt_an_note){ kind, r0->area, with_group ? r0->group : NULL, r0->stage, r0->period,
                                        units, v, NAN, 0 };
  return PT_SUCCESS;
}

/* A block (one area and stage) as a groups x periods table for the GLM:
 * rows arrive ordered by group then period. */
static int twoway_block(anom_ws *w, const pt_series *s, size_t g, size_t m, int quasi, double *disp, double *df)
{
  const pt_table *t = w->t;
  long *per = malloc(m * sizeof *per);
  size_t *where = malloc(m * sizeof *where);
  int st = PT_SUCCESS;
  if (!per || !where) { free(per); free(where); return PT_ENOMEM; }
  size_t ng = 0, np = 0;
  for (size_t i = 0; i < m; i++) per[i] = pt_series_row(t, s, g, i)->period;
  /* distinct periods: sorted (Shell sort, in place), then made unique */
  for (size_t gap = m / 2; gap > 0; gap /= 2)
    for (size_t i = gap; i < m; i++)
      for (size_t j = i; j >= gap && per[j - gap] > per[j]; j -= gap) { long tmpv = per[j]; per[j] = per[j - gap]; per[j - gap] = tmpv; }
  for (size_t i = 0; i < m; i++) if (i == 0 || per[i] != per[np - 1]) per[np++] = per[i];
  for (size_t i = 0; i < m; i++) {
    const pt_row *r = pt_series_row(t, s, g, i);
    if (i == 0 || strcmp(r->group, pt_series_row(t, s, g, i - 1)->group)) ng++;
    size_t lo = 0, hi = np;
    while (lo < hi) { size_t mid = (lo + hi) / 2; if (per[mid] < r->period) lo = mid + 1; else hi = mid; }
    where[i] = (ng - 1) * np + lo;
  }
  if (ng < 2 || np < 3) { free(per); free(where); return PT_EDOM; }
  uint64_t *cx = calloc(ng * np, sizeof *cx), *cn = calloc(ng * np, sizeof *cn);
  pt_anom_point *cp = malloc(ng * np * sizeof *cp);
  if (!cx || !cn || !cp) st = PT_ENOMEM;
  for (size_t i = 0; !st && i < m; i++) {
    const pt_row *r = pt_series_row(t, s, g, i);
    cx[where[i]] = r->count;
    cn[where[i]] = r->total;
  }
  if (!st) st = quasi ? pt_anom_twoway_quasi(ng, np, cx, cn, w->o->level, cp, disp, df)
                      : pt_anom_twoway(ng, np, cx, cn, w->o->level, cp, disp);
  for (size_t i = 0; !st && i < m; i++) w->tmp[i] = cp[where[i]];
  free(cx); free(cn); free(cp); free(per); free(where);
  return st;
}

/* One unit of analysis: group g of s.  Fills w->tmp for its m rows. */
static int anom_unit(anom_ws *w, const pt_series *s, size_t g)
{
  const pt_an_anom_opts *o = w->o;
  size_t m = pt_series_len(s, g);
  const pt_row *r0 = pt_series_row(w->t, s, g, 0);
  int st = PT_EDOM, with_group = w->t->has_area;
  pt_series_counts(w->t, s, g, w->x, w->n, NULL);
  const int binomial = o->variance == PT_AN_VAR_BINOMIAL;
  const pt_dispersion *d = w->out->disp ? &w->out->disp[w->row_stage[s->idx[s->start[g]]]].d : NULL;
  switch (o->method) {
  case PT_AN_LOO:
    if (m >= 3) st = binomial ? pt_anom_loo(m, w->x, w->n, o->level, w->tmp) : pt_anom_loo_disp(m, w->x, w->n, d, o->level, w->tmp);
    break;
  case PT_AN_PCHART: {
    const pt_an_disp *sd = w->out->disp ? &w->out->disp[w->row_stage[s->idx[s->start[g]]]] : NULL;
    if (m < 3) break;
    if (o->laney && sd) st = pt_anom_laney(m, w->x, w->n, o->sigma, sd->sigma_z, o->level, w->tmp, NULL);
    else st = binomial || o->exact ? pt_anom_pchart(m, w->x, w->n, o->sigma, o->exact, o->level, w->tmp)
                                   : pt_anom_pchart_disp(m, w->x, w->n, o->sigma, d, o->level, w->tmp);
    break;
  }
  case PT_AN_FUNNEL:
    if (m < 2) break;
    if (!binomial) {
      double tau2 = 0;
      int used = 0;
      st = pt_anom_funnel_auto(m, w->x, w->n, o->target, o->level, w->tmp, &tau2, &used);
      if (st == PT_SUCCESS && add_note(w, used ? PT_AN_NOTE_TAU2 : PT_AN_NOTE_FUNNEL_EXACT, r0, with_group, m, tau2))
        return PT_ENOMEM;
      break;
    }
    if (o->overdispersion && m < PT_FUNNEL_MIN_OD) {
      w->out->skipped_od++;
      return add_note(w, PT_AN_NOTE_FEW_OD, r0, with_group, m, NAN);
    }
    {
      double tau2 = 0;
      st = pt_anom_funnel(m, w->x, w->n, o->target, o->overdispersion, o->level, w->tmp, &tau2);
      if (st == PT_SUCCESS && o->overdispersion && add_note(w, PT_AN_NOTE_TAU2, r0, with_group, m, tau2))
        return PT_ENOMEM;
    }
    break;
  case PT_AN_TWOWAY: {
    double disp = NAN, df = NAN;
    st = twoway_block(w, s, g, m, !binomial, &disp, &df);
    if (st == PT_SUCCESS) {
      if (add_note(w, PT_AN_NOTE_DISPERSION, r0, 0, m, disp)) return PT_ENOMEM;
      w->out->notes[w->out->nnotes - 1].df = df;
      w->out->notes[w->out->nnotes - 1].scaled = !binomial && disp > 1;
      for (size_t i = 0; i < m; i++) w->factor[s->idx[s->start[g] + i]] = !binomial && disp > 1 ? disp : 1.0;
    }
    break;
  }
  }
  if (st == PT_SUCCESS && (o->method == PT_AN_LOO || o->method == PT_AN_PCHART))
    for (size_t i = 0; i < m; i++)
      w->factor[s->idx[s->start[g] + i]] =
        o->method == PT_AN_PCHART && o->laney ? fmax(1.0, pow(w->out->disp[w->row_stage[s->idx[s->start[g]]]].sigma_z, 2))
        : binomial || (o->method == PT_AN_PCHART && o->exact) ? 1.0 : pt_disp_factor(d, (double)w->n[i]);
  if (st == PT_EOVERFLOW && add_note(w, PT_AN_NOTE_OVERFLOW, r0, 1, m, NAN)) return PT_ENOMEM;
  if (st == PT_SUCCESS)
    for (size_t i = 0; i < m; i++) {
      size_t row = s->idx[s->start[g] + i];
      w->pts[row] = w->tmp[i];
      w->tested[row] = 1;
    }
  return st == PT_ENOMEM ? PT_ENOMEM : PT_SUCCESS;
}

static unsigned anom_key(const pt_table *t, pt_an_anom_method m)
{
  switch (m) {
  case PT_AN_FUNNEL: return PT_KEY_STAGE | PT_KEY_PERIOD | (t->has_area ? PT_KEY_GROUP : 0);
  case PT_AN_TWOWAY: return PT_KEY_AREA | PT_KEY_STAGE;
  default: return PT_KEY_SERIES;
  }
}

/* Units in the order of their first row in series order, so notes come in
 * the order a reader meets them in the table. */
static int unit_order(const pt_series *ser, const pt_series *s, size_t *order)
{
  size_t *rank = malloc((ser->nrows ? ser->nrows : 1) * sizeof *rank), *first = malloc((s->n ? s->n : 1) * sizeof *first);
  if (!rank || !first) { free(rank); free(first); return PT_ENOMEM; }
  for (size_t i = 0; i < ser->nrows; i++) rank[ser->idx[i]] = i;
  for (size_t g = 0; g < s->n; g++) {
    first[g] = (size_t)-1;
    for (size_t i = s->start[g]; i < s->start[g + 1]; i++) if (rank[s->idx[i]] < first[g]) first[g] = rank[s->idx[i]];
  }
  /* order[] by first[]: the series order's position of each unit's first row
   * is distinct, so a counting pass over the row ranks sorts them */
  for (size_t i = 0; i < ser->nrows; i++) rank[i] = (size_t)-1;
  for (size_t g = 0; g < s->n; g++) rank[first[g]] = g;
  size_t k = 0;
  for (size_t i = 0; i < ser->nrows; i++) if (rank[i] != (size_t)-1) order[k++] = rank[i];
  free(rank); free(first);
  return PT_SUCCESS;
}

static int anom_collect(anom_ws *w, const pt_series *ser)
{
  const pt_table *t = w->t;
  pt_an_anoms *a = w->out;
  double *ps = malloc((t->n ? t->n : 1) * sizeof *ps);
  if (!ps) return PT_ENOMEM;
  for (size_t i = 0; i < t->n; i++) ps[i] = w->tested[i] ? w->pts[i].p_value : NAN;
  int st = pt_p_adjust(ps, t->n, PT_ADJUST_BH);
  size_t nt = 0;
  for (size_t i = 0; i < t->n; i++) nt += w->tested[i];
  if (!st && nt && !(a->a = malloc(nt * sizeof *a->a))) st = PT_ENOMEM;
  for (size_t k = 0; !st && k < t->n; k++) {
    size_t i = ser->idx[k];
    if (!w->tested[i]) continue;
    const pt_row *r = &t->rows[i];
    pt_an_anom *q = &a->a[a->n++];
    *q = (pt_an_anom){ r, r->area, r->group, r->stage, r->period, r->count, r->total, w->pts[i], ps[i],
                       (int)w->o->method, w->pts[i].direction + 1, (int)w->pts[i].severity, w->factor[i],
                       w->factor[i] > 1 && !(w->o->method == PT_AN_PCHART && w->o->laney) };
    a->nflag[q->severity]++;
  }
  free(ps);
  return st;
}

int pt_an_anom_run(const pt_table *t, const pt_an_anom_opts *o, pt_an_anoms *out)
{
  if (!t || !o || !out) return PT_EDOM;
  memset(out, 0, sizeof *out);
  if (!(o->level > 0 && o->level < 1) || (unsigned)o->method > PT_AN_TWOWAY || !(o->sigma > 0)) return PT_EDOM;
  if ((unsigned)o->variance > PT_AN_VAR_BINOMIAL) return PT_EDOM;
  anom_ws w = { t, o, out, NULL, NULL, NULL, NULL, NULL, 0, NULL, NULL };
  pt_series ser, s;
  size_t N = t->n ? t->n : 1, *order = NULL;
  int st = pt_series_partition(t, PT_KEY_SERIES, &ser);
  if (st) return st;
  /* a funnel compares units of one kind: the areas of a group and stage;
   * the groups of a table without areas are of different kinds */
  if (o->method == PT_AN_FUNNEL && !t->has_area) { pt_series_free(&ser); return PT_EDOM; }
  if ((st = pt_series_partition(t, anom_key(t, o->method), &s))) { pt_series_free(&ser); return st; }
  w.pts = malloc(N * sizeof *w.pts);
  w.tmp = malloc(N * sizeof *w.tmp);
  w.tested = calloc(N, 1);
  w.x = malloc(N * sizeof *w.x);
  w.n = malloc(N * sizeof *w.n);
  w.factor = malloc(N * sizeof *w.factor);
  w.row_stage = malloc(N * sizeof *w.row_stage);
  order = malloc((s.n ? s.n : 1) * sizeof *order);
  if (!w.pts || !w.tmp || !w.tested || !w.x || !w.n || !w.factor || !w.row_stage || !order) st = PT_ENOMEM;
  for (size_t i = 0; !st && i < t->n; i++) w.factor[i] = 1.0;
  out->variance = (int)o->variance;
  if (!st && (o->method == PT_AN_LOO || o->method == PT_AN_PCHART))
    st = stage_disps(t, o->variance, PT_DISP_MODEL_MEAN, 0, o->method == PT_AN_PCHART && o->laney, &out->disp,
                     &out->ndisp, w.row_stage);
  if (!st) st = unit_order(&ser, &s, order);
  for (size_t k = 0; !st && k < s.n; k++) st = anom_unit(&w, &s, order[k]);
  if (!st) st = anom_collect(&w, &ser);
  if (!st && out->n == 0) st = PT_ESHORT;
  free(w.pts); free(w.tmp); free(w.tested); free(w.x); free(w.n); free(w.factor); free(w.row_stage); free(order);
  pt_series_free(&ser);
  pt_series_free(&s);
  return st;
}

void pt_an_anom_free(pt_an_anoms *a)
{
  if (!a) return;
  free(a->a);
  free(a->notes);
  free(a->disp);
  memset(a, 0, sizeof *a);
}

/* ---- re-inspection: verify, adjust, LQAS --------------------------------------- */

#define VF(m, nm, ty, dec, role) F_(pt_an_verify, m, nm, ty, dec, 0, role, NODEF, NULL, 0)
const pt_field pt_an_verify_fields[] = {
  F_(pt_an_verify, area, "area", PT_FT_STR, -1, 0, PT_ROLE_TEXT, NODEF, NULL, PT_FIELD_AREA),
  VF(group, "group", PT_FT_STR, -1, PT_ROLE_TEXT),
  VF(stage, "stage", PT_FT_STR, -1, PT_ROLE_TEXT),
  VF(period, "period", PT_FT_LONG, -1, PT_ROLE_PERIOD),
  VF(count, "count", PT_FT_U64, -1, PT_ROLE_NUMBER),
  VF(total, "total", PT_FT_U64, -1, PT_ROLE_NUMBER),
  VF(inspected, "inspected", PT_FT_U64, -1, PT_ROLE_NUMBER),
  VF(confirmed, "confirmed", PT_FT_U64, -1, PT_ROLE_NUMBER),
  VF(v.rate, "rate", PT_FT_DOUBLE, 4, PT_ROLE_PROPORTION),
  VF(v.wilson_lower, "wilson_lower", PT_FT_DOUBLE, 4, PT_ROLE_PROPORTION),
  VF(v.wilson_upper, "wilson_upper", PT_FT_DOUBLE, 4, PT_ROLE_PROPORTION),
  VF(v.exact_lower, "exact_lower", PT_FT_DOUBLE, 4, PT_ROLE_PROPORTION),
  VF(v.exact_upper, "exact_upper", PT_FT_DOUBLE, 4, PT_ROLE_PROPORTION),
  VF(v.compliant, "compliant", PT_FT_DOUBLE, 4, PT_ROLE_NUMBER),
  VF(v.compliant_lower, "compliant_lower", PT_FT_U64, -1, PT_ROLE_NUMBER),
  VF(v.compliant_upper, "compliant_upper", PT_FT_U64, -1, PT_ROLE_NUMBER),
  VF(v.corrected, "corrected", PT_FT_DOUBLE, 4, PT_ROLE_PROPORTION),
  VF(v.corrected_lower, "corrected_lower", PT_FT_DOUBLE, 4, PT_ROLE_PROPORTION),
  VF(v.corrected_upper, "corrected_upper", PT_FT_DOUBLE, 4, PT_ROLE_PROPORTION),
};
const size_t pt_an_verify_nfields = sizeof pt_an_verify_fields / sizeof pt_an_verify_fields[0];

static int add_problem(pt_an_verifies *out, pt_an_verify_kind kind, const pt_row *q, const pt_row *r,
                       unsigned long col)
{
  pt_an_verify_problem *p = realloc(out->p, (out->np + 1) * sizeof *p);
  if (!p) return PT_ENOMEM;
  out->p = p;
  p[out->np++] = (pt_an_verify_problem){ kind, q, r, q ? q->line : 0, col };
  return PT_SUCCESS;
}

/* The row of t with q's key, by binary search over t's order idx. */
static const pt_row *find_key(const pt_table *t, const size_t *idx, const pt_row *q)
{
  size_t lo = 0, hi = t->n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int c = pt_row_key_cmp(&t->rows[idx[mid]], q);
    if (c == 0) return &t->rows[idx[mid]];
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  return NULL;
}

/* Match every inspection row (problems listed); then compute. */
static int verify_match(const pt_table *t, const pt_table *ins, pt_an_verifies *out)
{
  size_t *idx = malloc((t->n ? t->n : 1) * sizeof *idx);
  int rc = idx ? pt_table_order(t, idx) : PT_ENOMEM;
  for (size_t i = 0; !rc && i < ins->n; i++) {
    const pt_row *q = &ins->rows[i], *r = find_key(t, idx, q);
    pt_an_verify *v = &out->r[i];
    memset(v, 0, sizeof *v);
    v->area = q->area; v->group = q->group; v->stage = q->stage; v->period = q->period;
    v->row = r; v->insp = q; v->inspected = q->total; v->confirmed = q->count;
    if (r) { v->count = r->count; v->total = r->total; }
    if (!r) rc = add_problem(out, PT_AN_VERIFY_NO_ROW, q, NULL, 0);
    else if (q->total > r->count) rc = add_problem(out, PT_AN_VERIFY_EXCEEDS, q, r, ins->col[PT_COL_TOTAL]);
  }
  free(idx);
  return rc;
}

int pt_an_verify_run(const pt_table *t, const pt_table *inspections, double level, pt_an_verifies *out)
{
  if (!t || !inspections || !out) return PT_EDOM;
  memset(out, 0, sizeof *out);
  if (!(level > 0 && level < 1)) return PT_EDOM;
  if (t->has_area != inspections->has_area) {
    int rc = add_problem(out, PT_AN_VERIFY_AREAS, NULL, NULL, 0);
    return rc ? rc : PT_EDATA;
  }
  out->r = calloc(inspections->n ? inspections->n : 1, sizeof *out->r);
  if (!out->r) return PT_ENOMEM;
  out->n = inspections->n;
  int rc = verify_match(t, inspections, out);
  if (rc || out->np) return rc ? rc : PT_EDATA;
  for (size_t i = 0; !rc && i < out->n; i++) {
    pt_an_verify *v = &out->r[i];
    if (pt_verify(v->confirmed, v->inspected, v->count, v->total, level, &v->v) != PT_SUCCESS)
      rc = add_problem(out, PT_AN_VERIFY_UNDEFINED, v->insp, v->row, 0);
  }
  return rc ? rc : out->np ? PT_EDATA : PT_SUCCESS;
}

void pt_an_verify_free(pt_an_verifies *v)
{
  if (!v) return;
  free(v->r);
  free(v->p);
  memset(v, 0, sizeof *v);
}

const char *const pt_an_rg_status_names[] = { "ok", "below", "above", "uninformative", NULL };

#define ADJF(m, nm, ty, dec, role) F_(pt_an_adjust, m, nm, ty, dec, 0, role, NODEF, NULL, 0)
#define ADJUST_FIELDS \
  F_(pt_an_adjust, area, "area", PT_FT_STR, -1, 0, PT_ROLE_TEXT, NODEF, NULL, PT_FIELD_AREA), \
  ADJF(group, "group", PT_FT_STR, -1, PT_ROLE_TEXT), \
  ADJF(stage, "stage", PT_FT_STR, -1, PT_ROLE_TEXT), \
  ADJF(period, "period", PT_FT_LONG, -1, PT_ROLE_PERIOD), \
  ADJF(count, "count", PT_FT_U64, -1, PT_ROLE_NUMBER), \
  ADJF(total, "total", PT_FT_U64, -1, PT_ROLE_NUMBER), \
  ADJF(p, "p", PT_FT_DOUBLE, 4, PT_ROLE_PROPORTION), \
  ADJF(p_lower, "p_lower", PT_FT_DOUBLE, 4, PT_ROLE_PROPORTION), \
  ADJF(p_upper, "p_upper", PT_FT_DOUBLE, 4, PT_ROLE_PROPORTION), \
  ADJF(adjusted, "adjusted", PT_FT_DOUBLE, 4, PT_ROLE_PROPORTION), \
  ADJF(adjusted_lower, "adjusted_lower", PT_FT_DOUBLE, 4, PT_ROLE_PROPORTION), \
  ADJF(adjusted_upper, "adjusted_upper", PT_FT_DOUBLE, 4, PT_ROLE_PROPORTION), \
  ADJF(sensitivity, "sensitivity", PT_FT_DOUBLE, 4, PT_ROLE_PROPORTION), \
  ADJF(specificity, "specificity", PT_FT_DOUBLE, 4, PT_ROLE_PROPORTION)
const pt_field pt_an_adjust_fields[] = { ADJUST_FIELDS };
const size_t pt_an_adjust_nfields = sizeof pt_an_adjust_fields / sizeof pt_an_adjust_fields[0];
const pt_field pt_an_adjust_counts_fields[] = {
  ADJUST_FIELDS,
  ADJF(sd, "adjusted_sd", PT_FT_DOUBLE, 4, PT_ROLE_NUMBER),
  ADJF(known_lower, "known_lower", PT_FT_DOUBLE, 4, PT_ROLE_PROPORTION),
  ADJF(known_upper, "known_upper", PT_FT_DOUBLE, 4, PT_ROLE_PROPORTION),
  F_(pt_an_adjust, status, "status", PT_FT_ENUM, -1, 0, PT_ROLE_TEXT, NODEF, pt_an_rg_status_names, 0),
};
const size_t pt_an_adjust_counts_nfields = sizeof pt_an_adjust_counts_fields / sizeof pt_an_adjust_counts_fields[0];

void pt_an_adjust_opts_init(pt_an_adjust_opts *o)
{
  memset(o, 0, sizeof *o);
  o->level = 0.95;
  o->method = pt_ci_method_find("wilson");
  o->se = o->sp = NAN;
}

/* One row at known se, sp: the estimate and the transformed limits. */
static int adjust_known(pt_an_adjust *a, double se, double sp)
{
  int rc = pt_rogan_gladen(a->p, se, sp, &a->adjusted);
  if (!rc) rc = pt_rogan_gladen(a->p_lower, se, sp, &a->adjusted_lower);
  if (!rc) rc = pt_rogan_gladen(a->p_upper, se, sp, &a->adjusted_upper);
  a->sensitivity = se;
  a->specificity = sp;
  return rc;
}

static int adjust_counts(pt_an_adjust *a, const pt_an_adjust_opts *o)
{
  pt_rg_result g;
  int rc = pt_rogan_gladen_counts(a->count, a->total, o->se_x, o->se_n, o->sp_x, o->sp_n, o->level, &g);
  if (rc) return rc;
  a->adjusted = g.adjusted; a->adjusted_lower = g.lower; a->adjusted_upper = g.upper;
  a->sensitivity = g.se; a->specificity = g.sp;
  a->sd = g.sd; a->known_lower = g.lower_known; a->known_upper = g.upper_known;
  a->status = (int)g.status;
  return g.status == PT_RG_UNINFORMATIVE ? PT_EDOM : PT_SUCCESS;
}

static int adjust_check(const pt_an_adjust_opts *o)
{
  if (!(o->level > 0 && o->level < 1) || !o->method) return PT_EDOM;
  if (o->grid) return PT_SUCCESS;
  if (o->counts) {
    if (!o->se_n || !o->sp_n || o->se_x > o->se_n || o->sp_x > o->sp_n) return PT_EDOM;
    return (double)o->se_x / (double)o->se_n + (double)o->sp_x / (double)o->sp_n > 1 ? PT_SUCCESS : PT_EDOM;
  }
  return o->se >= 0 && o->se <= 1 && o->sp >= 0 && o->sp <= 1 && o->se + o->sp > 1 ? PT_SUCCESS : PT_EDOM;
}

int pt_an_adjust_run(const pt_table *t, const pt_an_adjust_opts *o, pt_an_adjusts *out)
{
  if (!t || !o || !out) return PT_EDOM;
  memset(out, 0, sizeof *out);
  int rc = adjust_check(o);
  if (rc) return rc;
  size_t per = o->grid ? 25 : 1;
  if (t->n && !(out->r = calloc(t->n * per, sizeof *out->r))) return PT_ENOMEM;
  for (size_t i = 0; !rc && i < t->n; i++) {
    const pt_row *r = &t->rows[i];
    pt_an_adjust a = { r->area, r->group, r->stage, r->period, r->count, r->total,
                       (double)r->count / (double)r->total, NAN, NAN, NAN, NAN, NAN, NAN, NAN,
                       NAN, NAN, NAN, PT_RG_OK, r->line };
    if ((rc = o->method->fn(r->count, r->total, o->level, &a.p_lower, &a.p_upper))) break;
    for (size_t k = 0; !rc && k < per; k++) {
      pt_an_adjust *q = &out->r[out->n++];
      *q = a;
      if (o->grid) rc = adjust_known(q, 0.80 + 0.05 * (double)(k / 5), 0.80 + 0.05 * (double)(k % 5));
      else if (o->counts) rc = adjust_counts(q, o);
      else rc = adjust_known(q, o->se, o->sp);
      out->nonidentifiable += q->status == PT_RG_BELOW || q->status == PT_RG_ABOVE;
    }
  }
  return rc;
}

void pt_an_adjust_free(pt_an_adjusts *a)
{
  if (!a) return;
  free(a->r);
  memset(a, 0, sizeof *a);
}

#define OF(m, nm, ty, dec, role) F_(pt_an_oc, m, nm, ty, dec, 0, role, NODEF, NULL, 0)
const pt_field pt_an_oc_fields[] = {
  OF(failure_rate, "failure_rate", PT_FT_DOUBLE, 2, PT_ROLE_PROPORTION),
  OF(p_accept, "p_accept", PT_FT_DOUBLE, 4, PT_ROLE_PROPORTION),
  OF(n, "n", PT_FT_U64, -1, PT_ROLE_NUMBER),
  OF(d, "d", PT_FT_U64, -1, PT_ROLE_NUMBER),
};
const size_t pt_an_oc_nfields = sizeof pt_an_oc_fields / sizeof pt_an_oc_fields[0];

int pt_an_lqas_run(uint64_t N, double p0, double p1, double alpha, double beta, pt_an_lqas *out)
{
  if (!out) return PT_EDOM;
  memset(out, 0, sizeof *out);
  if (!N || N > 1000000 || !(p0 < p1)) return PT_EDOM;
  int rc = pt_lqas(N, p0, p1, alpha, beta, &out->n, &out->d);
  if (rc) return rc;
  out->accept_p0 = pt_lqas_oc(N, out->n, out->d, p0);
  out->accept_p1 = pt_lqas_oc(N, out->n, out->d, p1);
  for (int k = 0; k <= 20; k++)
    out->oc[k] = (pt_an_oc){ k / 20.0, pt_lqas_oc(N, out->n, out->d, k / 20.0), out->n, out->d };
  return PT_SUCCESS;
}
