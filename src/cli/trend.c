/* trend.c - proptrend trend: for every series with at least 3 periods, the
 * Cochran-Armitage test, the logistic trend, the annual percent change, the
 * homogeneity test and a plain-language verdict. */
#include <config.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "cli.h"
#include "opts.h"
#include "proptrend/error.h"
#include "proptrend/analyses.h"
#include "proptrend/trend.h"


/* The tests behind a joinpoint selection, as one cell. */
static void jp_tests(char *buf, size_t cap, const pt_jp_result *r)
{
  buf[0] = '\0';
  if (r->select != PT_JP_SELECT_PERMUTATION) {
    /* the criterion for every k: the choice can be seen */
    for (int k = 0; k <= r->max_joinpoints; k++) {
      size_t u = strlen(buf);
      snprintf(buf + u, cap - u, "%s%s(%d)=%.6g", k ? ";" : "", pt_jp_select_name(r->select), k, r->criterion[k]);
    }
    return;
  }
  for (int i = 0; i < r->ntests; i++) {
    size_t u = strlen(buf);
    snprintf(buf + u, cap - u, "%s%d-%d:p=%.4f%s%.4f", i ? ";" : "", r->tests[i].k0, r->tests[i].k1, r->tests[i].p,
             r->tests[i].rejected ? "<" : ">=", r->tests[i].alpha);
  }
}

static void jp_sentence(FILE *out, const pt_an_trend *r, int max, const char *lang)
{
  if (r->jp_status < 0) return;
  if (r->jp_status == PT_ESHORT) { CLI_SAY(out, lang, S_JP_SHORT, r->n_periods, max, pt_jp_min_periods(max)); return; }
  if (r->jp_status == PT_EUNDEF) { fputs(cli_tr("s_jp_zero", lang), out); return; }
  if (r->jp_status) {
    CLI_SAY(out, lang, S_JP_FAIL, cli_tr(r->jp_status == PT_EDOM ? "s_jp_toomany" : pt_strerror(r->jp_status), lang));
    return;
  }
  const pt_jp_result *j = &r->jp;
  CLI_SAY(out, lang, S_JP_HEAD, j->k, j->select == PT_JP_SELECT_PERMUTATION ? cli_tr("s_jp_perm", lang)
                                                                              : pt_jp_select_name(j->select));
  if (j->select != PT_JP_SELECT_PERMUTATION)
    for (int k = 0; k <= j->max_joinpoints; k++) CLI_SAY(out, lang, S_JP_CRIT, pt_jp_select_name(j->select), k, j->criterion[k]);
  if (j->nadjusted) CLI_SAY(out, lang, S_JP_ADJUSTED, j->nadjusted);
  if (j->has_jump) CLI_SAY(out, lang, S_JP_JUMP, j->jump_at, j->jump_ratio, j->jump_lower, j->jump_upper);
  for (int i = 0; i < j->ntests; i++)
    CLI_SAY(out, lang, S_JP_TEST, j->tests[i].k0, j->tests[i].k1, j->tests[i].p,
            cli_tr(j->tests[i].rejected ? "s_jp_rej" : "s_jp_kept", lang), j->tests[i].alpha);
  for (int g = 0; g < j->nseg; g++)
    CLI_SAY(out, lang, S_JP_SEG, j->seg[g].from, j->seg[g].to, j->seg[g].apc, j->seg[g].apc_lower, j->seg[g].apc_upper);
  CLI_SAY(out, lang, S_JP_AAPC, j->seg[0].from, j->seg[j->nseg - 1].to, j->aapc, j->aapc_lower, j->aapc_upper);
}

/* The verdict's test: the binomial Cochran-Armitage z, or its version
 * allowing for the stage's dispersion (t on its df). */
static void verdict_test(FILE *out, const pt_an_trend *r, int alt, const char *lang)
{
  char pb[32];
  const char *side = alt > 0 ? cli_tr("s_one_inc", lang) : alt < 0 ? cli_tr("s_one_dec", lang) : "";
  if (!r->ca_ok || !r->test_ok) { fputs(cli_tr("s_trend_notest", lang), out); return; }
  cli_fmt_p(pb, sizeof pb, "p", r->test_p, lang);
  if (isfinite(r->test_df)) CLI_SAY(out, lang, S_TREND_T, r->test_stat, r->test_df, pb, side);
  else CLI_SAY(out, lang, S_TREND_CA, r->ca_z, pb, side);
}

static void sentence(FILE *out, const pt_an_trend *r, double level, int alt, const char *lang,
                     const pt_labels *lb)
{
  char pb[32], key[3 * PT_LABEL_MAX + 64];
  cli_series(key, sizeof key, lb, lang, r->area, r->group, r->stage);
  CLI_SAY(out, lang, S_TREND_HEAD, key, r->p0, r->p1, r->n_periods, cli_tr(pt_an_verdict_names[r->verdict], lang));
  verdict_test(out, r, alt, lang);
  if (r->h_ok && r->ca_ok && r->h_p < 1.0 - level && r->verdict == PT_AN_NO_CLEAR_TREND) {
    cli_fmt_p(pb, sizeof pb, "p", r->h_p, lang);
    CLI_SAY(out, lang, S_TREND_BREAK, pb);
  }
  if (r->lg_ok && r->dispersion > 1 && r->or_ok)
    CLI_SAY(out, lang, S_TREND_OR, exp(r->lg.slope), 100 * level, r->or_lower, r->or_upper);
  else if (r->lg_ok)
    CLI_SAY(out, lang, S_TREND_OR, exp(r->lg.slope), 100 * level, r->lg.profile_lower, r->lg.profile_upper);
  else if (r->lg_status == PT_EUNDEF && r->ca_ok)
    fputs(cli_tr("s_logit_separated", lang), out);
  if (r->apc_ok)
    CLI_SAY(out, lang, S_TREND_APC, r->apc, r->apc_lower, r->apc_upper);
  else if (r->apc_status == PT_EUNDEF)
    fputs(cli_tr("s_trend_apc_undef", lang), out);
  if (r->n_periods <= 5) CLI_SAY(out, lang, S_TREND_SHORT, r->n_periods);
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
  SF(weights, "weights", PT_FT_STR, -1, PT_ROLE_TEXT),
  SF(criterion, "criterion", PT_FT_DOUBLE, 4, PT_ROLE_NUMBER),
  SF(adjusted, "adjusted", PT_FT_INT, -1, PT_ROLE_NUMBER),
  { "jump_ratio", PT_FT_DOUBLE, offsetof(cli_segment, jump_ratio), 4, 0, PT_ROLE_NUMBER, (long)offsetof(cli_segment, has_jump), NULL, 0 },
  { "jump_lower", PT_FT_DOUBLE, offsetof(cli_segment, jump_lower), 4, 0, PT_ROLE_NUMBER, (long)offsetof(cli_segment, has_jump), NULL, 0 },
  { "jump_upper", PT_FT_DOUBLE, offsetof(cli_segment, jump_upper), 4, 0, PT_ROLE_NUMBER, (long)offsetof(cli_segment, has_jump), NULL, 0 },
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
      c->selection = pt_jp_select_name(o->jp.select);
      c->ok = ok;
      c->tests = c->tests_buf;
      c->note = c->note_buf;
      if (!ok) {
        if (r->jp_status == PT_ESHORT)
          CLI_SAYS(c->note_buf, sizeof c->note_buf, lang, S_JP_NOTE, r->n_periods, (long)o->joinpoints,
                   pt_jp_min_periods(o->joinpoints));
        else
          snprintf(c->note_buf, sizeof c->note_buf, "%s", r->jp_status == PT_EUNDEF ? cli_tr("s_jp_note_zero", lang)
                   : r->jp_status == PT_EDOM ? cli_tr("s_jp_toomany", lang) : pt_strerror(r->jp_status));
        continue;
      }
      jp_tests(c->tests_buf, sizeof c->tests_buf, j);
      c->joinpoints = j->k;
      c->weights = pt_jp_weights_name(j->weighted ? PT_JP_WEIGHTS_SE : PT_JP_WEIGHTS_NONE);
      c->criterion = j->select == PT_JP_SELECT_PERMUTATION ? NAN : j->criterion[j->k];
      c->adjusted = j->nadjusted;
      c->has_jump = j->has_jump;
      c->jump_ratio = j->jump_ratio; c->jump_lower = j->jump_lower; c->jump_upper = j->jump_upper;
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
  char key[3 * PT_LABEL_MAX + 64];
  cli_series(key, sizeof key, lb, lang, r->area, r->group, r->stage);
  CLI_SAY(out, lang, S_TREND_HEAD, key, r->p0, r->p1, r->n_periods, cli_tr(pt_an_verdict_names[r->verdict], lang));
  verdict_test(out, r, o->alternative, lang);
  if (r->n_periods <= 5) CLI_SAY(out, lang, S_TREND_SHORT, r->n_periods);
}

void cli_trend_sentences(FILE *out, const pt_an_trends *tr, const pt_an_trend_opts *o, const char *lang,
                         const pt_labels *lb)
{
  for (size_t i = 0; i < tr->n; i++) {
    sentence(out, &tr->s[i], o->level, o->alternative, lang, lb);
    jp_sentence(out, &tr->s[i], o->joinpoints, lang);
  }
  for (size_t k = 0; k < tr->ndisp; k++) cli_disp_sentence(out, &tr->disp[k], tr->variance, lang, lb);
}

typedef struct trend_text_ctx {
  const pt_an_trends *tr;
  const pt_an_trend_opts *o;
  const pt_an_jp_pairs *pp;
} trend_text_ctx;

static void trend_text(FILE *out, const char *lang, const pt_labels *lb, const void *ctx)
{
  const trend_text_ctx *c = ctx;
  cli_trend_sentences(out, c->tr, c->o, lang, lb);
  if (c->pp) cli_jp_pair_sentences(out, c->pp, lang, lb);
}

/* ---- the pairwise comparisons (--pairwise) --------------------------------------- */

static int keep_all(const void *rec, void *ctx) { (void)rec; (void)ctx; return 1; }

void cli_jp_pair_sentences(FILE *out, const pt_an_jp_pairs *pp, const char *lang, const pt_labels *lb)
{
  for (size_t i = 0; i < pp->n; i++) {
    const pt_an_jp_pair *p = &pp->p[i];
    char a[2 * PT_LABEL_MAX + 8], b[2 * PT_LABEL_MAX + 8];
    cli_series(a, sizeof a, lb, lang, p->area, p->group_a, p->stage);
    cli_series(b, sizeof b, lb, lang, NULL, p->group_b, NULL);
    if (p->ok)
      CLI_SAY(out, lang, S_JP_PAIR, a, b, p->K, p->parallel_p, p->coincident_p, p->aapc_diff, p->aapc_diff_lower,
              p->aapc_diff_upper);
    else
      CLI_SAY(out, lang, S_JP_PAIR_NONE, a, b, cli_tr(p->note, lang));
  }
}

/* ---- options ---------------------------------------------------------------------- */

typedef struct trend_args {
  cli_common cm;
  pt_an_trend_opts o;
  int table;        /* 0 series, 1 segments, 2 pairwise */
  int pairwise;
} trend_args;

static int parse_alt(const char *arg, void *dst)
{
  int *alt = dst;
  if (!strcmp(arg, "two-sided")) *alt = 0;
  else if (!strcmp(arg, "increasing")) *alt = 1;
  else if (!strcmp(arg, "decreasing")) *alt = -1;
  else return -1;
  return 0;
}

int cli_opt_jp_select(const char *arg, void *dst) { return pt_jp_select_parse(arg, dst) ? -1 : 0; }
static int parse_weights(const char *arg, void *dst) { return pt_jp_weights_parse(arg, dst) ? -1 : 0; }

static int parse_perm(const char *arg, void *dst)
{
  long v;
  if (pt_num_parse_long(arg, strlen(arg), 1, 1000000, &v)) return -1;
  *(unsigned long *)dst = (unsigned long)v;
  return 0;
}

static int parse_seed(const char *arg, void *dst)
{
  long v;
  if (pt_num_parse_long(arg, strlen(arg), 0, 2147483647L, &v)) return -1;
  *(uint64_t *)dst = (uint64_t)v;
  return 0;
}

int cli_opt_jump(const char *arg, void *dst)
{
  pt_jp_opts *jo = dst;
  long v;
  if (pt_num_parse_long(arg, strlen(arg), -1000000000L, 1000000000L, &v)) return -1;
  jo->jump = 1;
  jo->jump_at = (double)v;
  return 0;
}

static const char *const scores_names[] = { "period", "rank", NULL };
static const char *const apcw_names[] = { "none", "binomial", NULL };
static const char *const table_names[] = { "series", "segments", "pairwise", NULL };

#define JP_MAX_S "5"
_Static_assert(PT_JP_MAX == 5, "the help text says 5");
static const cli_opt trend_opts[] = {
  CLI_CHOICE("scores", 0, "S", trend_args, o.rank_scores, scores_names, NULL,
             "period (default: the period values) or rank (1..k)"),
  CLI_FN("alternative", 0, "A", trend_args, o.alternative, parse_alt, "two-sided, increasing or decreasing", 0,
         "two-sided (default), increasing or decreasing: the\nCochran-Armitage p and the verdict"),
  CLI_CHOICE("variance", 0, "V", trend_args, o.variance, pt_an_variance_names, NULL,
             "williams (default): allow for year-to-year variation\nbeyond binomial sampling (Williams 1982, pooled per\nstage); quasi: quasi-binomial phi; binomial: none"),
  CLI_CHOICE("apc-weights", 0, "W", trend_args, o.apc_weighted, apcw_names, NULL,
             "none (default) or binomial: weighted least squares\nwith weights n p / (1 - p)"),
  CLI_INT("joinpoints", 0, "MAX", trend_args, o.joinpoints, 0, PT_JP_MAX, NULL,
          "also joinpoint regression of ln p (0 = off, the\ndefault; at most " JP_MAX_S "): MAX joinpoints need 3 MAX + 2\nperiods"),
  CLI_FN("select", 0, "M", trend_args, o.jp.select, cli_opt_jp_select, "wbic, bic, bic3 or permutation", 0,
         "wbic (default; the weighted BIC of Kim et al. 2022),\nbic, bic3 (Joinpoint's modified BIC) or permutation\n(Kim et al. 2000, each test at alpha / (MAX - k0))"),
  CLI_FN("jp-weights", 0, "W", trend_args, o.jp.weights, parse_weights, "se or none", 0,
         "se (default): weighted least squares of ln p with\nweights n p / (1 - p); none: unweighted"),
  CLI_FN("jump", 0, "PERIOD", trend_args, o.jp, cli_opt_jump, "a period (whole number)", 0,
         "a break of definition from PERIOD on: a level shift\n(comparability ratio) with the slope continuous"),
  CLI_FLAG("pairwise", 0, trend_args, pairwise,
           "also compare every two series of a stage: tests of\nparallelism and coincidence, AAPC difference"),
  CLI_FN("permutations", 0, "N", trend_args, o.jp.permutations, parse_perm, "a whole number from 1 to 1000000", 0,
         "per permutation test (default 4499)"),
  CLI_FN("seed", 0, "S", trend_args, o.jp.seed, parse_seed, "a whole number from 0 to 2147483647", 0,
         "of the permutations (default 1): same seed, same p"),
  CLI_CHOICE("table", 0, "T", trend_args, table, table_names, NULL,
             "series (default), segments (one row per segment of\nthe selected joinpoint model) or pairwise"),
};
static const cli_optset trend_sets[] = {
  CLI_SET(NULL, trend_opts, 0), CLI_COMMON_SET(trend_args, cm), CLI_TABLE_SET(trend_args, cm), CLI_HELP_SET,
};
static const cli_spec trend_spec = {
  "trend",
  "Usage: proptrend trend [OPTION]... FILE\n"
  "For every series (area, group, stage) of the tidy table FILE with at least 3\n"
  "periods: the Cochran-Armitage test for trend (= R's prop.trend.test), the\n"
  "logistic trend (odds ratio per period with Wald and profile-likelihood\n"
  "intervals), the annual percent change (least squares of ln p), the\n"
  "chi-square test of equal proportions, and a verdict: rising, falling or no\n"
  "clear trend (tested at alpha = 1 - level).\n",
  "CSV columns: [area,]group,stage,n_periods,ca_chisq,ca_z,ca_p,logit_slope,\n"
  "logit_se,or_per_period,or_wald_lower,or_wald_upper,or_profile_lower,\n"
  "or_profile_upper,apc,apc_lower,apc_upper,homogeneity_chisq,homogeneity_p,verdict\n"
  "--table segments: [area,]group,stage,joinpoints,selection,segment,from,to,apc,\n"
  "apc_lower,apc_upper,aapc,aapc_lower,aapc_upper,weights,criterion,adjusted,\n"
  "jump_ratio,jump_lower,jump_upper,tests,note\n"
  "--table pairwise: [area,]stage,series_a,series_b,parallel_stat,parallel_p,\n"
  "coincident_stat,coincident_p,joinpoints,aapc_diff,aapc_diff_lower,\n"
  "aapc_diff_upper,aapc_diff_p,note\n"
  "Undefined statistics are empty cells; text output says why.\n",
  trend_sets, sizeof trend_sets / sizeof trend_sets[0], 1, 1, "missing FILE",
};

static int trend_emit(const trend_args *a, const char *input, const pt_table *t, const pt_an_trends *tr,
                      const pt_an_jp_pairs *pp)
{
  const char *sub = trend_spec.sub;
  if (a->table == 1) {
    cli_segment *sg = NULL;
    size_t ns = 0;
    int rc = cli_trend_segments(tr, &a->o, a->cm.lang, &sg, &ns);
    if (!rc) {
      cli_records r = { cli_segment_fields, cli_segment_nfields, t->has_area, sg, sizeof *sg, ns, NULL, NULL };
      rc = cli_emit_records(sub, &a->cm, input, &r);
    }
    free(sg);
    return rc;
  }
  if (a->table == 2) {
    cli_records r = { pt_an_jp_pair_fields, pt_an_jp_pair_nfields, t->has_area, pp->p, sizeof *pp->p, pp->n, keep_all, NULL };
    return cli_emit_records(sub, &a->cm, input, &r);
  }
  cli_records r = { pt_an_trend_fields, pt_an_trend_nfields, t->has_area, tr->s, sizeof *tr->s, tr->n, NULL, NULL };
  return cli_emit_records(sub, &a->cm, input, &r);
}

int cmd_trend(int argc, char **argv)
{
  const char *sub = trend_spec.sub;
  trend_args a;
  int first, rc;
  memset(&a, 0, sizeof a);
  cli_common_init(&a.cm);
  pt_an_trend_opts_init(&a.o);
  if ((rc = cli_parse(&trend_spec, argc, argv, &a, &first))) return cli_exit(rc);
  if (a.table == 2) a.pairwise = 1;
  if ((a.table || a.pairwise || a.o.jp.jump) && !a.o.joinpoints)
    return cli_usage_err(sub, "%s%s needs --joinpoints MAX (1 or more)", a.table ? "--table " : "",
                         a.table ? table_names[a.table] : a.pairwise ? "--pairwise" : "--jump");
  if (a.pairwise && a.o.jp.jump) return cli_usage_err(sub, "--pairwise and --jump exclude each other");
  a.o.level = a.cm.level;

  const char *input = argv[first];
  pt_table t;
  pt_an_trends tr;
  pt_an_jp_pairs pp;
  memset(&tr, 0, sizeof tr);
  memset(&pp, 0, sizeof pp);
  if ((rc = cli_read_table(sub, input, &a.cm.lo, &t))) return rc;
  if ((rc = cli_trend_run(sub, input, &t, &a.o, &tr))) goto done;
  if (a.pairwise) {
    int st = pt_an_jp_pairs_run(&t, &a.o, &pp);
    if (st == PT_ESHORT) { cli_err(sub, "%s: --pairwise: no stage has two series", input); rc = EX_DATAERR; goto done; }
    if (st) { rc = cli_lib_err(sub, input, st); goto done; }
  }
  trend_text_ctx tc = { &tr, &a.o, a.pairwise ? &pp : NULL };
  rc = a.cm.fmt == PT_FMT_TEXT ? cli_emit_text(sub, &a.cm, input, trend_text, &tc) : trend_emit(&a, input, &t, &tr, &pp);
done:
  pt_an_jp_pairs_free(&pp);
  pt_an_trend_free(&tr);
  pt_table_free(&t);
  return rc;
}
