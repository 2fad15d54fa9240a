/* anomalies.c - proptrend anomalies: flag unusual proportions in series
 * (loo, pchart), cross-sections (funnel) and group x period tables (twoway). */
#include <config.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "proptrend/analyses.h"
#include "proptrend/anomaly.h"
#include "proptrend/compare.h"
#include "proptrend/error.h"
#include "proptrend/num.h"

static const char *const SUB = "anomalies";

static void help(void)
{
  printf("Usage: proptrend anomalies [OPTION]... FILE\n"
         "Flag unusual proportions in the tidy table FILE, with direction, size, z,\n"
         "p, Benjamini-Hochberg q across all tests of the run, and severity: warning\n"
         "beyond the 95%% limit, alarm beyond 99.8%% (|z| > 3.09).\n"
         "\n"
         "  -m, --method M       loo (default): each period of a series against the\n"
         "                         other periods, setting flagged ones aside in turn;\n"
         "                       pchart: Shewhart p-chart around the pooled centre;\n"
         "                       funnel: a cross-section of one period against a target\n"
         "                         (series compared: areas when the table has an\n"
         "                         area column, else groups), exact binomial limits;\n"
         "                       twoway: binomial GLM group + period per stage, cells\n"
         "                         flagged by standardised residual\n"
         "      --sigma S        pchart: alarm limit in standard errors (default 3.09,\n"
         "                       i.e. 99.8%%; 3 for the classical chart)\n"
         "      --exact          pchart: exact binomial limits and p-values\n"
         "      --target P       funnel: the target proportion (default: pooled)\n"
         "      --overdispersion funnel: additive tau^2 (DerSimonian-Laird on winsorised\n"
         "                       z-scores), needs at least %d units per cross-section\n"
         "      --all            print every point, not only flagged ones\n"
         "  -l, --level L        level of the difference's interval (default 0.95)\n"
         "  -f, --format F       text (reasons), csv, tsv, markdown, latex, json\n"
         "  -o, --output FILE    write to FILE (complete or not at all)\n"
         "      --lang L         with -f text: sentences in en (default) or vi\n"
         "%s"
         "  -h, --help           display this help and exit\n"
         "\n"
         "CSV columns: [area,]group,stage,period,count,total,p,expected,diff,diff_lower,\n"
         "diff_upper,z,p_value,q_value,method,direction,severity\n",
         PT_FUNNEL_MIN_OD, CLI_TABLE_HELP);
}

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
  cli_say(out, lang, "s_anom_head", key, r->period, 100.0 * q->p, (unsigned long long)r->count,
          (unsigned long long)r->total, 100.0 * q->expected, cli_tr(against[method], lang));
  if (q->direction < 0)
    cli_say(out, lang, "s_anom_lower", d, 100.0 * level, hi == 0.0 ? 0.0 : -hi, lo == 0.0 ? 0.0 : -lo);
  else
    cli_say(out, lang, "s_anom_higher", d, 100.0 * level, lo, hi);
  char qb[32];
  cli_fmt_p(qb, sizeof qb, "q", qv, lang);
  cli_say(out, lang, "s_anom_flag",
          cli_tr(q->severity == PT_ANOM_ALARM ? "w_alarm" : q->severity == PT_ANOM_WARNING ? "w_warning" : "w_noflag", lang),
          q->z, qb);
}

/* A note of the run as a sentence (appended to buf). */
static void note_sentence(char *buf, size_t cap, const pt_an_note *n, const char *lang, const pt_labels *lb)
{
  size_t used = strlen(buf);
  char key[3 * PT_LABEL_MAX + 64];
  const char *stage = lb ? pt_labels_get(lb, "stage", n->stage, "vi") : n->stage;
  switch (n->kind) {
  case PT_AN_NOTE_FEW_OD:
    cli_says(buf + used, cap - used, lang, "s_anom_fewod", stage, n->period, n->units, PT_FUNNEL_MIN_OD);
    break;
  case PT_AN_NOTE_TAU2:
    if (n->group) cli_series(key, sizeof key, lb, lang, NULL, n->group, n->stage);
    else snprintf(key, sizeof key, "%s", stage);
    cli_says(buf + used, cap - used, lang, "s_anom_tau", key, n->period, n->value);
    break;
  case PT_AN_NOTE_DISPERSION:
    snprintf(key, sizeof key, "%s%s%s", n->area && *n->area ? n->area : "", n->area && *n->area ? " " : "", stage);
    cli_says(buf + used, cap - used, lang, "s_anom_disp", key, n->value, n->value > 1.5 ? cli_tr("s_anom_over", lang) : "");
    break;
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
  char notes[4096] = "";
  int vi = !strcmp(lang, "vi");
  for (size_t k = 0; k < a->n; k++)
    if (all || a->a[k].severity != PT_ANOM_NONE) cli_anom_reason(out, &a->a[k], o->level, lang, lb);
  for (size_t k = 0; k < a->nnotes; k++) note_sentence(notes, sizeof notes, &a->notes[k], lang, lb);
  fputs(notes, out);
  size_t w = a->nflag[PT_ANOM_WARNING], al = a->nflag[PT_ANOM_ALARM];
  cli_say(out, lang, "s_anom_total", pt_an_anom_method_names[o->method], al, al == 1 || vi ? "" : "s", w,
          w == 1 || vi ? "" : "s", a->n, a->n);
}

static int anom_text(const cli_common *cm, const char *input, const pt_an_anoms *a, const pt_an_anom_opts *o, int all)
{
  cli_out out;
  const char *inputs[] = { input, NULL };
  pt_labels lb;
  int vi = !strcmp(cm->lang, "vi"), rc;
  if (vi && (rc = cli_read_labels(SUB, NULL, &lb))) return rc;
  if ((rc = cli_out_open(SUB, &out, cm->output, inputs))) { if (vi) pt_labels_free(&lb); return rc; }
  cli_anom_sentences(out.f, a, o, all, cm->lang, vi ? &lb : NULL);
  if (vi) pt_labels_free(&lb);
  return cli_out_commit(SUB, &out);
}

/* Anomalies of a table with the command's messages; 0 or an exit status. */
int cli_anom_run(const char *sub, const char *input, const pt_table *t, const pt_an_anom_opts *o, pt_an_anoms *a)
{
  int st = pt_an_anom_run(t, o, a);
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

/* Options of anomalies (also the report's and plot's). Returns -1 when c is not one. */
int cli_anom_option(const char *sub, int c, const char *arg, pt_an_anom_opts *o)
{
  switch (c) {
  case 'm':
    for (int k = 0; k <= PT_AN_TWOWAY; k++)
      if (!strcmp(arg, pt_an_anom_method_names[k])) { o->method = (pt_an_anom_method)k; return 0; }
    return cli_usage_err(sub, "unknown --method \"%s\": loo, pchart, funnel or twoway", arg);
  case 'S':
    if (pt_num_parse_double(arg, &o->sigma) != PT_NUM_OK || !(o->sigma > 0))
      return cli_usage_err(sub, "invalid --sigma \"%s\": a positive number", arg);
    return 0;
  case 'E': o->exact = 1; return 0;
  case 'T':
    if (pt_num_parse_double(arg, &o->target) != PT_NUM_OK || !(o->target > 0 && o->target < 1))
      return cli_usage_err(sub, "invalid --target \"%s\": a proportion between 0 and 1", arg);
    return 0;
  case 'D': o->overdispersion = 1; return 0;
  default: return -1;
  }
}

int cmd_anomalies(int argc, char **argv)
{
  static const struct option longopts[] = {
    { "method", required_argument, NULL, 'm' },
    { "sigma", required_argument, NULL, 'S' },
    { "exact", no_argument, NULL, 'E' },
    { "target", required_argument, NULL, 'T' },
    { "overdispersion", no_argument, NULL, 'D' },
    { "all", no_argument, NULL, 'a' },
    CLI_COMMON_LONGOPTS,
    { NULL, 0, NULL, 0 }
  };
  cli_common cm;
  pt_an_anom_opts o;
  int all = 0, c, rc;

  pt_an_anom_opts_init(&o);
  cli_common_init(&cm);
  opterr = 0;
  optind = 1;
  while ((c = getopt_long(argc, argv, CLI_SHORTOPTS("m:"), longopts, NULL)) != -1) {
    if (c == 'a') { all = 1; continue; }
    if ((rc = cli_anom_option(SUB, c, optarg, &o)) >= 0) { if (rc) return rc; continue; }
    if ((rc = cli_common_option(SUB, c, argv, &cm, help))) return cli_exit(rc);
  }
  if (optind + 1 != argc) return cli_usage_err(SUB, optind == argc ? "missing FILE" : "too many arguments");
  o.level = cm.level;

  pt_table t;
  pt_an_anoms a;
  const char *input = argv[optind];
  memset(&a, 0, sizeof a);
  if ((rc = cli_read_table(SUB, input, &cm.lo, &t))) return rc;
  if (!(rc = cli_anom_run(SUB, input, &t, &o, &a))) {
    if (cm.fmt == PT_FMT_TEXT) {
      rc = anom_text(&cm, input, &a, &o, all);
    } else {
      cli_records r = { pt_an_anom_fields, pt_an_anom_nfields, t.has_area, a.a, sizeof *a.a, a.n, keep_flagged, &all };
      rc = cli_emit_records(SUB, &cm, input, &r);
    }
  }
  pt_an_anom_free(&a);
  pt_table_free(&t);
  return rc;
}
