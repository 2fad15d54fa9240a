/* trend.c - proptrend trend: for every series with at least 3 periods, the
 * Cochran-Armitage test, the logistic trend, the annual percent change, the
 * homogeneity test and a plain-language verdict. */
#include <config.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "cli.h"
#include "proptrend/error.h"
#include "proptrend/analyses.h"
#include "proptrend/trend.h"

static const char *const SUB = "trend";

static void help(void)
{
  printf("Usage: proptrend trend [OPTION]... FILE\n"
         "For every series (area, group, stage) of the tidy table FILE with at least 3\n"
         "periods: the Cochran-Armitage test for trend (= R's prop.trend.test), the\n"
         "logistic trend (odds ratio per period with Wald and profile-likelihood\n"
         "intervals), the annual percent change (least squares of ln p), the\n"
         "chi-square test of equal proportions, and a verdict: rising, falling or no\n"
         "clear trend.\n"
         "\n"
         "      --scores S           period (default: the period values) or rank (1..k)\n"
         "      --alternative A      two-sided (default), increasing or decreasing: the\n"
         "                           Cochran-Armitage p and the verdict\n"
         "      --apc-weights W      none (default) or binomial: weighted least squares\n"
         "                           with weights n p / (1 - p)\n"
         "      --joinpoints MAX     also joinpoint regression of ln p (0 = off, the\n"
         "                           default; at most %d): MAX joinpoints need 3 MAX + 2\n"
         "                           periods\n"
         "      --select M           permutation (default; Kim et al. 2000, each test at\n"
         "                           alpha / (MAX - k0)) or bic\n"
         "      --permutations N     per test (default 4499)\n"
         "      --seed S             of the permutations (default 1): same seed, same p\n"
         "      --table T            series (default) or segments: with --joinpoints, one\n"
         "                           row per segment of the selected model\n"
         "  -l, --level L            confidence level (default 0.95); the verdict uses\n"
         "                           alpha = 1 - L\n"
         "  -f, --format F           text (sentences), csv, tsv, markdown, latex, json\n"
         "  -o, --output FILE        write to FILE (complete or not at all)\n"
         "      --lang L             with -f text: sentences in en (default) or vi\n"
         "%s"
         "  -h, --help               display this help and exit\n"
         "\n"
         "CSV columns: [area,]group,stage,n_periods,ca_chisq,ca_z,ca_p,logit_slope,\n"
         "logit_se,or_per_period,or_wald_lower,or_wald_upper,or_profile_lower,\n"
         "or_profile_upper,apc,apc_lower,apc_upper,homogeneity_chisq,homogeneity_p,verdict\n"
         "--table segments: [area,]group,stage,joinpoints,selection,segment,from,to,apc,\n"
         "apc_lower,apc_upper,aapc,aapc_lower,aapc_upper,tests,note\n"
         "Undefined statistics are empty cells; text output says why.\n",
         PT_JP_MAX, CLI_TABLE_HELP);
}

/* The tests behind a joinpoint selection, as one cell. */
static void jp_tests(char *buf, size_t cap, const pt_jp_result *r, int bic)
{
  buf[0] = '\0';
  if (bic) { snprintf(buf, cap, "bic"); return; }
  for (int i = 0; i < r->ntests; i++) {
    size_t u = strlen(buf);
    snprintf(buf + u, cap - u, "%s%d-%d:p=%.4f%s%.4f", i ? ";" : "", r->tests[i].k0, r->tests[i].k1, r->tests[i].p,
             r->tests[i].rejected ? "<" : ">=", r->tests[i].alpha);
  }
}

static void jp_sentence(FILE *out, const pt_an_trend *r, int max, int bic, const char *lang)
{
  if (r->jp_status < 0) return;
  if (r->jp_status == PT_ESHORT) { cli_say(out, lang, "s_jp_short", r->n_periods, max, pt_jp_min_periods(max)); return; }
  if (r->jp_status == PT_EUNDEF) { cli_say(out, lang, "s_jp_zero"); return; }
  if (r->jp_status) {
    cli_say(out, lang, "s_jp_fail", cli_tr(r->jp_status == PT_EDOM ? "s_jp_toomany" : pt_strerror(r->jp_status), lang));
    return;
  }
  const pt_jp_result *j = &r->jp;
  cli_say(out, lang, "s_jp_head", j->k, cli_tr(bic ? "s_jp_bic" : "s_jp_perm", lang));
  for (int i = 0; i < j->ntests; i++)
    cli_say(out, lang, "s_jp_test", j->tests[i].k0, j->tests[i].k1, j->tests[i].p,
            cli_tr(j->tests[i].rejected ? "s_jp_rej" : "s_jp_kept", lang), j->tests[i].alpha);
  for (int g = 0; g < j->nseg; g++)
    cli_say(out, lang, "s_jp_seg", j->seg[g].from, j->seg[g].to, j->seg[g].apc, j->seg[g].apc_lower, j->seg[g].apc_upper);
  cli_say(out, lang, "s_jp_aapc", j->seg[0].from, j->seg[j->nseg - 1].to, j->aapc, j->aapc_lower, j->aapc_upper);
}

static void sentence(FILE *out, const pt_an_trend *r, double level, int alt, const char *lang,
                     const pt_labels *lb)
{
  char pb[32], key[3 * PT_LABEL_MAX + 64];
  cli_series(key, sizeof key, lb, lang, r->area, r->group, r->stage);
  cli_say(out, lang, "s_trend_head", key, r->p0, r->p1, r->n_periods, cli_tr(pt_an_verdict_names[r->verdict], lang));
  if (r->ca_ok) {
    cli_fmt_p(pb, sizeof pb, "p", r->ca_p, lang);
    cli_say(out, lang, "s_trend_ca", r->ca_z, pb, alt > 0 ? cli_tr("s_one_inc", lang) : alt < 0 ? cli_tr("s_one_dec", lang) : "");
  } else {
    cli_say(out, lang, "s_trend_notest");
  }
  if (r->h_ok && r->ca_ok && r->h_p < 1.0 - level && r->verdict == PT_AN_NO_CLEAR_TREND) {
    cli_fmt_p(pb, sizeof pb, "p", r->h_p, lang);
    cli_say(out, lang, "s_trend_break", pb);
  }
  if (r->lg_ok)
    cli_say(out, lang, "s_trend_or", exp(r->lg.slope), 100 * level, r->lg.profile_lower, r->lg.profile_upper);
  if (r->apc_ok)
    cli_say(out, lang, "s_trend_apc", r->apc, r->apc_lower, r->apc_upper);
  else if (r->apc_status == PT_EUNDEF)
    cli_say(out, lang, "s_trend_apc_undef");
  if (r->n_periods <= 5) cli_say(out, lang, "s_trend_short", r->n_periods);
  fputs(".\n", out);
}


/* ---- the segments table (--table segments) ---------------------------------- */

#define SF(m, nm, ty, dec, role) { nm, ty, offsetof(cli_segment, m), dec, 0, role, SDEF, NULL, 0 }
#define SDEF ((long)offsetof(cli_segment, ok))
static const pt_field segment_fields[] = {
  { "area", PT_FT_STR, offsetof(cli_segment, area), -1, 0, PT_ROLE_TEXT, -1, NULL, PT_FIELD_AREA },
  { "group", PT_FT_STR, offsetof(cli_segment, group), -1, 0, PT_ROLE_TEXT, -1, NULL, 0 },
  { "stage", PT_FT_STR, offsetof(cli_segment, stage), -1, 0, PT_ROLE_TEXT, -1, NULL, 0 },
  SF(joinpoints, "joinpoints", PT_FT_INT, -1, PT_ROLE_NUMBER),
  { "selection", PT_FT_STR, offsetof(cli_segment, selection), -1, 0, PT_ROLE_TEXT, -1, NULL, 0 },
  SF(segment, "segment", PT_FT_INT, -1, PT_ROLE_NUMBER),
  SF(from, "from", PT_FT_DOUBLE, 0, PT_ROLE_PERIOD),
  SF(to, "to", PT_FT_DOUBLE, 0, PT_ROLE_PERIOD),
  SF(apc, "apc", PT_FT_DOUBLE, 4, PT_ROLE_NUMBER),
  SF(apc_lower, "apc_lower", PT_FT_DOUBLE, 4, PT_ROLE_NUMBER),
  SF(apc_upper, "apc_upper", PT_FT_DOUBLE, 4, PT_ROLE_NUMBER),
  SF(aapc, "aapc", PT_FT_DOUBLE, 4, PT_ROLE_NUMBER),
  SF(aapc_lower, "aapc_lower", PT_FT_DOUBLE, 4, PT_ROLE_NUMBER),
  SF(aapc_upper, "aapc_upper", PT_FT_DOUBLE, 4, PT_ROLE_NUMBER),
  SF(tests, "tests", PT_FT_STR, -1, PT_ROLE_TEXT),
  { "note", PT_FT_STR, offsetof(cli_segment, note), -1, 0, PT_ROLE_TEXT, -1, NULL, 0 },
};
const pt_field *const cli_segment_fields = segment_fields;
const size_t cli_segment_nfields = sizeof segment_fields / sizeof segment_fields[0];

/* One row per segment of each series' selected model (one row with a note
 * when the series has no fit). */
int cli_trend_segments(const pt_an_trends *tr, const pt_an_trend_opts *o, const char *lang, cli_segment **out,
                       size_t *n)
{
  size_t cap = 0, k = 0;
  for (size_t i = 0; i < tr->n; i++) cap += tr->s[i].jp_status == PT_SUCCESS ? (size_t)tr->s[i].jp.nseg : 1;
  cli_segment *v = calloc(cap ? cap : 1, sizeof *v);
  if (!v) return EX_OSERR;
  for (size_t i = 0; i < tr->n; i++) {
    const pt_an_trend *r = &tr->s[i];
    const pt_jp_result *j = &r->jp;
    int ok = r->jp_status == PT_SUCCESS;
    for (int g = 0; g < (ok ? j->nseg : 1); g++) {
      cli_segment *c = &v[k++];
      c->area = r->area; c->group = r->group; c->stage = r->stage;
      c->selection = o->jp.select_bic ? "bic" : "permutation";
      c->ok = ok;
      c->tests = c->tests_buf;
      c->note = c->note_buf;
      if (!ok) {
        if (r->jp_status == PT_ESHORT)
          cli_says(c->note_buf, sizeof c->note_buf, lang, "s_jp_note", r->n_periods, (long)o->joinpoints,
                   pt_jp_min_periods(o->joinpoints));
        else
          snprintf(c->note_buf, sizeof c->note_buf, "%s", r->jp_status == PT_EUNDEF ? cli_tr("s_jp_note_zero", lang)
                   : r->jp_status == PT_EDOM ? cli_tr("s_jp_toomany", lang) : pt_strerror(r->jp_status));
        continue;
      }
      jp_tests(c->tests_buf, sizeof c->tests_buf, j, o->jp.select_bic);
      c->joinpoints = j->k;
      c->segment = g + 1;
      c->from = j->seg[g].from; c->to = j->seg[g].to;
      c->apc = j->seg[g].apc; c->apc_lower = j->seg[g].apc_lower; c->apc_upper = j->seg[g].apc_upper;
      c->aapc = j->aapc; c->aapc_lower = j->aapc_lower; c->aapc_upper = j->aapc_upper;
    }
  }
  *out = v;
  *n = k;
  return 0;
}

/* ---- the command ---------------------------------------------------------------- */

/* Options of trend (also the report's). Returns -1 when c is not one. */
int cli_trend_option(const char *sub, int c, const char *arg, pt_an_trend_opts *o, int *segments)
{
  long v;
  switch (c) {
  case 'S':
    if (!strcmp(arg, "rank")) o->rank_scores = 1;
    else if (!strcmp(arg, "period")) o->rank_scores = 0;
    else return cli_usage_err(sub, "invalid --scores \"%s\": period or rank", arg);
    return 0;
  case 'A':
    if (!strcmp(arg, "two-sided")) o->alternative = 0;
    else if (!strcmp(arg, "increasing")) o->alternative = 1;
    else if (!strcmp(arg, "decreasing")) o->alternative = -1;
    else return cli_usage_err(sub, "invalid --alternative \"%s\": two-sided, increasing or decreasing", arg);
    return 0;
  case 'W':
    if (!strcmp(arg, "binomial")) o->apc_weighted = 1;
    else if (!strcmp(arg, "none")) o->apc_weighted = 0;
    else return cli_usage_err(sub, "invalid --apc-weights \"%s\": none or binomial", arg);
    return 0;
  case 'J':
    if (pt_num_parse_long(arg, strlen(arg), 0, PT_JP_MAX, &v))
      return cli_usage_err(sub, "invalid --joinpoints \"%s\": a whole number from 0 to %d", arg, PT_JP_MAX);
    o->joinpoints = (int)v;
    return 0;
  case 'E':
    if (!strcmp(arg, "bic")) o->jp.select_bic = 1;
    else if (!strcmp(arg, "permutation")) o->jp.select_bic = 0;
    else return cli_usage_err(sub, "invalid --select \"%s\": permutation or bic", arg);
    return 0;
  case 'N':
    if (pt_num_parse_long(arg, strlen(arg), 1, 1000000, &v))
      return cli_usage_err(sub, "invalid --permutations \"%s\": a whole number from 1 to 1000000", arg);
    o->jp.permutations = (unsigned long)v;
    return 0;
  case 'D':
    if (pt_num_parse_long(arg, strlen(arg), 0, 2147483647L, &v))
      return cli_usage_err(sub, "invalid --seed \"%s\": a whole number from 0 to 2147483647", arg);
    o->jp.seed = (uint64_t)v;
    return 0;
  case 'T':
    if (!segments) return -1;
    if (!strcmp(arg, "segments")) *segments = 1;
    else if (!strcmp(arg, "series")) *segments = 0;
    else return cli_usage_err(sub, "invalid --table \"%s\": series or segments", arg);
    return 0;
  default:
    return -1;
  }
}

/* The trend of every series, with the command's messages for a table that
 * has none; 0 or an exit status. */
int cli_trend_run(const char *sub, const char *input, const pt_table *t, pt_an_trend_opts *o, pt_an_trends *tr)
{
  o->jp.alpha = 1.0 - o->level;
  o->jp.level = o->level;
  int st = pt_an_trend_run(t, o, tr);
  if (st == PT_ESHORT) { cli_err(sub, "%s: no series has 3 or more periods", input); return EX_DATAERR; }
  if (st) return cli_lib_err(sub, input, st);
  if (o->joinpoints && !tr->jp_fitted) {
    int m = o->joinpoints;
    cli_err(sub, "%s: %d joinpoint%s need%s %d periods; the longest series has %zu", input, m, m == 1 ? "" : "s",
            m == 1 ? "s" : "", pt_jp_min_periods(m), tr->longest);
    return EX_DATAERR;
  }
  return 0;
}

/* A trend for the summary: the verdict with its test and the caveat of a
 * short series. */
void cli_trend_finding(FILE *out, const pt_an_trend *r, const pt_an_trend_opts *o, const char *lang,
                       const pt_labels *lb)
{
  char pb[32], key[3 * PT_LABEL_MAX + 64];
  cli_series(key, sizeof key, lb, lang, r->area, r->group, r->stage);
  cli_say(out, lang, "s_trend_head", key, r->p0, r->p1, r->n_periods, cli_tr(pt_an_verdict_names[r->verdict], lang));
  cli_fmt_p(pb, sizeof pb, "p", r->ca_p, lang);
  cli_say(out, lang, "s_trend_ca", r->ca_z, pb, o->alternative > 0 ? cli_tr("s_one_inc", lang) :
          o->alternative < 0 ? cli_tr("s_one_dec", lang) : "");
  if (r->n_periods <= 5) cli_say(out, lang, "s_trend_short", r->n_periods);
}

void cli_trend_sentences(FILE *out, const pt_an_trends *tr, const pt_an_trend_opts *o, const char *lang,
                         const pt_labels *lb)
{
  for (size_t i = 0; i < tr->n; i++) {
    sentence(out, &tr->s[i], o->level, o->alternative, lang, lb);
    jp_sentence(out, &tr->s[i], o->joinpoints, o->jp.select_bic, lang);
  }
}

static int trend_text(const char *sub, const cli_common *cm, const char *input, const pt_an_trends *tr,
                      const pt_an_trend_opts *o)
{
  cli_out out;
  const char *inputs[] = { input, NULL };
  pt_labels lb;
  int vi = !strcmp(cm->lang, "vi"), rc;
  if (vi && (rc = cli_read_labels(sub, NULL, &lb))) return rc;
  if ((rc = cli_out_open(sub, &out, cm->output, inputs))) { if (vi) pt_labels_free(&lb); return rc; }
  cli_trend_sentences(out.f, tr, o, cm->lang, vi ? &lb : NULL);
  if (vi) pt_labels_free(&lb);
  return cli_out_commit(sub, &out);
}

int cmd_trend(int argc, char **argv)
{
  static const struct option longopts[] = {
    { "scores", required_argument, NULL, 'S' },
    { "alternative", required_argument, NULL, 'A' },
    { "apc-weights", required_argument, NULL, 'W' },
    { "joinpoints", required_argument, NULL, 'J' },
    { "select", required_argument, NULL, 'E' },
    { "permutations", required_argument, NULL, 'N' },
    { "seed", required_argument, NULL, 'D' },
    { "table", required_argument, NULL, 'T' },
    CLI_COMMON_LONGOPTS,
    { NULL, 0, NULL, 0 }
  };
  cli_common cm;
  pt_an_trend_opts o;
  int segments = 0, c, rc;

  pt_an_trend_opts_init(&o);
  cli_common_init(&cm);
  opterr = 0;
  optind = 1;
  while ((c = getopt_long(argc, argv, CLI_SHORTOPTS(""), longopts, NULL)) != -1) {
    if ((rc = cli_trend_option(SUB, c, optarg, &o, &segments)) >= 0) { if (rc) return rc; continue; }
    if ((rc = cli_common_option(SUB, c, argv, &cm, help))) return cli_exit(rc);
  }
  if (optind + 1 != argc) return cli_usage_err(SUB, optind == argc ? "missing FILE" : "too many arguments");
  if (segments && !o.joinpoints) return cli_usage_err(SUB, "--table segments needs --joinpoints MAX (1 or more)");
  o.level = cm.level;

  const char *input = argv[optind];
  pt_table t;
  pt_an_trends tr;
  memset(&tr, 0, sizeof tr);
  if ((rc = cli_read_table(SUB, input, &cm.lo, &t))) return rc;
  if ((rc = cli_trend_run(SUB, input, &t, &o, &tr))) goto done;
  if (cm.fmt == PT_FMT_TEXT) {
    rc = trend_text(SUB, &cm, input, &tr, &o);
  } else if (segments) {
    cli_segment *sg = NULL;
    size_t ns = 0;
    if (!(rc = cli_trend_segments(&tr, &o, cm.lang, &sg, &ns))) {
      cli_records r = { cli_segment_fields, cli_segment_nfields, t.has_area, sg, sizeof *sg, ns, NULL, NULL };
      rc = cli_emit_records(SUB, &cm, input, &r);
    }
    free(sg);
  } else {
    cli_records r = { pt_an_trend_fields, pt_an_trend_nfields, t.has_area, tr.s, sizeof *tr.s, tr.n, NULL, NULL };
    rc = cli_emit_records(SUB, &cm, input, &r);
  }
done:
  pt_an_trend_free(&tr);
  pt_table_free(&t);
  return rc;
}
