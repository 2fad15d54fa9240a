/* anomalies.c - proptrend anomalies: flag unusual proportions in series
 * (loo, pchart), cross-sections (funnel) and group x period tables (twoway). */
#include <config.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "opts.h"
#include "proptrend/analyses.h"
#include "proptrend/anomaly.h"
#include "proptrend/compare.h"
#include "proptrend/error.h"
#include "proptrend/num.h"

static const char *const SUB = "anomalies";

void cli_anom_reason(FILE *out, const pt_an_anom *a, double level, const char *lang, const pt_labels *lb)
{
  const pt_row *r = a->row;
  const pt_anom_point *q = &a->pt;
  double qv = a->q_value;
  int method = a->method;
  static const char *const against[] = {
    "in the other years", "on the centre line", "at the target", "expected for its group and year"
  };
  double d = 100.0 * fabs(q->diff), lo = 100.0 * q->diff_lower, hi = 100.0 * q->diff_upper;
  char key[3 * PT_LABEL_MAX + 64];
  /* no "-0.0" in sentences */
  if (fabs(lo) < 0.05) lo = 0.0;
  if (fabs(hi) < 0.05) hi = 0.0;
  cli_series(key, sizeof key, lb, lang, r->area, r->group, r->stage);
  CLI_SAY(out, lang, S_ANOM_HEAD, key, r->period, 100.0 * q->p, (unsigned long long)r->count,
          (unsigned long long)r->total, 100.0 * q->expected, cli_tr(against[method], lang));
  if (q->direction < 0)
    CLI_SAY(out, lang, S_ANOM_LOWER, d, 100.0 * level, hi == 0.0 ? 0.0 : -hi, lo == 0.0 ? 0.0 : -lo);
  else
    CLI_SAY(out, lang, S_ANOM_HIGHER, d, 100.0 * level, lo, hi);
  char qb[32];
  cli_fmt_p(qb, sizeof qb, "q", qv, lang);
  const char *sev = cli_tr(q->severity == PT_ANOM_ALARM ? "w_alarm" : q->severity == PT_ANOM_WARNING ? "w_warning"
                                                                                              : "w_noflag", lang);
  /* with an estimated dispersion the statistic is referred to t */
  if (a->t_stat) CLI_SAY(out, lang, S_ANOM_FLAG_T, sev, q->z, qb);
  else CLI_SAY(out, lang, S_ANOM_FLAG, sev, q->z, qb);
  if (q->mirror_of && q->severity != PT_ANOM_NONE) fputs(cli_tr("s_anom_mirror", lang), out);
}

/* A note of the run as a sentence. */
static void note_sentence(FILE *out, const pt_an_note *n, int variance, const char *lang, const pt_labels *lb)
{
  char key[3 * PT_LABEL_MAX + 64], kp[3 * PT_LABEL_MAX + 96];
  const char *stage = lb ? pt_labels_get(lb, "stage", n->stage, lang) : n->stage;
  if (n->group) cli_series(key, sizeof key, lb, lang, NULL, n->group, n->stage);
  else snprintf(key, sizeof key, "%s", stage);
  snprintf(kp, sizeof kp, "%s %ld", key, n->period);
  switch (n->kind) {
  case PT_AN_NOTE_FEW_OD:
    CLI_SAY(out, lang, S_ANOM_FEWOD, stage, n->period, n->units, PT_FUNNEL_MIN_OD);
    break;
  case PT_AN_NOTE_TAU2:
    if (variance == PT_AN_VAR_BINOMIAL) CLI_SAY(out, lang, S_ANOM_TAU, key, n->period, n->value);
    else CLI_SAY(out, lang, S_FUNNEL_TAU, kp, n->value, n->units, PT_FUNNEL_MIN_OD);
    break;
  case PT_AN_NOTE_FUNNEL_EXACT:
    CLI_SAY(out, lang, S_FUNNEL_EXACT, kp, n->units, PT_FUNNEL_MIN_OD);
    break;
  case PT_AN_NOTE_DISPERSION: {
    char tail[256];
    snprintf(key, sizeof key, "%s%s%s", n->area && *n->area ? n->area : "", n->area && *n->area ? " " : "", stage);
    if (n->scaled) CLI_SAYS(tail, sizeof tail, lang, S_ANOM_SCALED, n->df);
    else snprintf(tail, sizeof tail, "%s", n->value > 1.5 ? cli_tr("s_anom_over", lang) : "");
    CLI_SAY(out, lang, S_ANOM_DISP, key, n->value, tail);
    break;
  }
  case PT_AN_NOTE_OVERFLOW:
    break;
  }
}

/* Flagged points only, unless --all. */
static int keep_flagged(const void *rec, void *ctx)
{
  return *(const int *)ctx || ((const pt_an_anom *)rec)->severity != PT_ANOM_NONE;
}

void cli_anom_sentences(FILE *out, const pt_an_anoms *a, const pt_an_anom_opts *o, int all, const char *lang,
                        const pt_labels *lb)
{
  int vi = !strcmp(lang, "vi");
  for (size_t k = 0; k < a->n; k++)
    if (all || a->a[k].severity != PT_ANOM_NONE) cli_anom_reason(out, &a->a[k], o->level, lang, lb);
  for (size_t k = 0; k < a->nnotes; k++) note_sentence(out, &a->notes[k], a->variance, lang, lb);
  for (size_t k = 0; k < a->ndisp; k++) cli_disp_sentence(out, &a->disp[k], a->variance, lang, lb);
  size_t w = a->nflag[PT_ANOM_WARNING], al = a->nflag[PT_ANOM_ALARM];
  CLI_SAY(out, lang, S_ANOM_TOTAL, pt_an_anom_method_names[o->method], al, al == 1 || vi ? "" : "s", w,
          w == 1 || vi ? "" : "s", a->n, a->n);
}

typedef struct anom_text_ctx {
  const pt_an_anoms *a;
  const pt_an_anom_opts *o;
  int all;
} anom_text_ctx;

static void anom_text(FILE *out, const char *lang, const pt_labels *lb, const void *ctx)
{
  const anom_text_ctx *c = ctx;
  cli_anom_sentences(out, c->a, c->o, c->all, lang, lb);
}

/* Anomalies of a table with the command's messages; 0 or an exit status. */
int cli_anom_run(const char *sub, const char *input, const pt_table *t, const pt_an_anom_opts *o, pt_an_anoms *a)
{
  int st = pt_an_anom_run(t, o, a);
  if (st == PT_EDOM && o->method == PT_AN_FUNNEL && !t->has_area) {
    cli_err(sub, "%s: %s", input, cli_tr("s_funnel_kinds", "en"));
    return EX_DATAERR;
  }
  for (size_t k = 0; k < a->nnotes; k++)
    if (a->notes[k].kind == PT_AN_NOTE_OVERFLOW) {
      const pt_an_note *n = &a->notes[k];
      cli_err(sub, "%s: %s%s%s %s: pooled totals exceed 2^53; not tested", input, n->area && *n->area ? n->area : "",
              n->area && *n->area ? " " : "", n->group, n->stage);
    }
  if (st == PT_ESHORT) {
    int m = o->method;
    cli_err(sub, "%s: nothing to test with --method %s (%s)", input, pt_an_anom_method_names[m],
            m == PT_AN_FUNNEL && a->skipped_od ? "--overdispersion needs at least 10 units per cross-section" :
            m == PT_AN_FUNNEL ? "no cross-section has 2 or more units" :
            m == PT_AN_TWOWAY ? "no stage has 2 groups and 3 periods with variation" :
            "no series has 3 or more periods with variation");
    return EX_DATAERR;
  }
  return st ? cli_lib_err(sub, input, st) : 0;
}

/* ---- options ---------------------------------------------------------------------- */

typedef struct anom_args {
  cli_common cm;
  pt_an_anom_opts o;
  int all;
} anom_args;

static const char *const method_names[] = { "loo", "pchart", "funnel", "twoway", NULL };

#define MIN_OD_S "10"
_Static_assert(PT_FUNNEL_MIN_OD == 10, "the help text says 10");
static const cli_opt anom_opts[] = {
  { "method", 'm', CLI_O_CHOICE, "M",
    "loo (default): each period of a series against the\n  other periods, setting flagged ones aside in turn;\n"
    "pchart: Shewhart p-chart around the pooled centre;\nfunnel: a cross-section of one period against a target\n"
    "  (series compared: areas when the table has an\n  area column, else groups), exact binomial limits;\n"
    "twoway: binomial GLM group + period per stage, cells\n  flagged by standardised residual",
    offsetof(anom_args, o.method), NULL, 0, 0, 0, 0, 0, method_names, NULL, 1, NULL },
  CLI_DOUBLE("sigma", 0, "S", anom_args, o.sigma, 0, 1e300, CLI_OPEN_LOW, "a positive number",
             "pchart: alarm limit in standard errors (default 3.09,\ni.e. 99.8%; 3 for the classical chart)"),
  CLI_FLAG("exact", 0, anom_args, o.exact, "pchart: exact binomial limits and p-values"),
  CLI_FLAG("laney", 0, anom_args, o.laney,
           "pchart: Laney's p' chart (Laney 2002): limits widened by\nsigma_z, the moving range of z-scores pooled per stage"),
  CLI_DOUBLE("target", 0, "P", anom_args, o.target, 0, 1, CLI_OPEN_LOW | CLI_OPEN_HIGH,
             "a proportion between 0 and 1", "funnel: the target proportion (default: pooled)"),
  CLI_FLAG("overdispersion", 0, anom_args, o.overdispersion,
           "funnel: additive tau^2 (DerSimonian-Laird on winsorised\nz-scores), needs at least " MIN_OD_S " units per cross-section"),
  CLI_FLAG("all", 0, anom_args, all, "print every point, not only flagged ones"),
  CLI_CHOICE("variance", 0, "V", anom_args, o.variance, pt_an_variance_names, NULL,
             "williams (default): allow for year-to-year variation\nbeyond binomial sampling (Williams 1982, pooled per\nstage); quasi: quasi-binomial phi; binomial: none"),

};
static const cli_optset anom_sets[] = {
  CLI_SET(NULL, anom_opts, 0), CLI_COMMON_SET(anom_args, cm), CLI_TABLE_SET(anom_args, cm), CLI_HELP_SET,
};
static const cli_spec anom_spec = {
  "anomalies",
  "Usage: proptrend anomalies [OPTION]... FILE\n"
  "Flag unusual proportions in the tidy table FILE, with direction, size, z,\n"
  "p, Benjamini-Hochberg q across all tests of the run, and severity: warning\n"
  "beyond the 95% limit, alarm beyond 99.8% (|z| > 3.09).  --level is the\n"
  "level of the difference's interval.\n",
  "CSV columns: [area,]group,stage,period,count,total,p,expected,diff,diff_lower,\n"
  "diff_upper,z,p_value,q_value,method,direction,severity\n",
  anom_sets, sizeof anom_sets / sizeof anom_sets[0], 1, 1, "missing FILE",
};

int cmd_anomalies(int argc, char **argv)
{
  anom_args a;
  int first, rc;
  memset(&a, 0, sizeof a);
  cli_common_init(&a.cm);
  pt_an_anom_opts_init(&a.o);
  if ((rc = cli_parse(&anom_spec, argc, argv, &a, &first))) return cli_exit(rc);
  a.o.level = a.cm.level;

  pt_table t;
  pt_an_anoms res;
  const char *input = argv[first];
  memset(&res, 0, sizeof res);
  if ((rc = cli_read_table(SUB, input, &a.cm.lo, &t))) return rc;
  if (!(rc = cli_anom_run(SUB, input, &t, &a.o, &res))) {
    if (a.cm.fmt == PT_FMT_TEXT) {
      anom_text_ctx tc = { &res, &a.o, a.all };
      rc = cli_emit_text(SUB, &a.cm, input, anom_text, &tc);
    } else {
      cli_records r = { pt_an_anom_fields, pt_an_anom_nfields, t.has_area, res.a, sizeof *res.a, res.n, keep_flagged, &a.all };
      rc = cli_emit_records(SUB, &a.cm, input, &r);
    }
  }
  pt_an_anom_free(&res);
  pt_table_free(&t);
  return rc;
}
