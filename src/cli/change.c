/* change.c - proptrend change: compare each series between periods (or
 * between two stages of a period), difference, ratio and odds ratio with
 * confidence intervals, z and Fisher tests, adjusted p-values. */
#include <config.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "opts.h"
#include "proptrend/analyses.h"
#include "proptrend/compare.h"
#include "proptrend/error.h"
#include "proptrend/num.h"

static const char *const SUB = "change";

/* Percentage points with a real minus sign, one decimal. */
static void pp(char *buf, size_t cap, double v)
{
  double r = round(v * 1000.0) / 10.0;
  if (r == 0.0) r = 0.0;   /* no "-0.0" */
  if (r < 0) snprintf(buf, cap, "\u2212%.1f", -r);
  else snprintf(buf, cap, "%.1f", r);
}

static void sentence(FILE *out, const pt_an_change *c, int stage_mode, const char *stage_label,
                     double level, int have_area, const char *lang, const pt_labels *lb)
{
  char a[32], b[32], c1[32], key[3 * PT_LABEL_MAX + 64];
  const char *area = have_area ? c->to->area : NULL;
  if (stage_mode) {
    cli_series(key, sizeof key, lb, lang, area, c->to->group, NULL);
    fprintf(out, "%s %s %ld: ", key, stage_label, c->to->period);
  } else {
    cli_series(key, sizeof key, lb, lang, area, c->to->group, c->to->stage);
    fprintf(out, "%s %ld\u2192%ld: ", key, c->from->period, c->to->period);
  }
  pp(a, sizeof a, c->diff);
  pp(b, sizeof b, c->diff_lower);
  pp(c1, sizeof c1, c->diff_upper);
  cli_numbers(a, lang); cli_numbers(b, lang); cli_numbers(c1, lang);
  CLI_SAY(out, lang, S_CHANGE_BODY, 100.0 * (double)c->from->count / (double)c->from->total,
          100.0 * (double)c->to->count / (double)c->to->total, a, 100.0 * level, b, c1);
  char pb[32];
  cli_fmt_p(pb, sizeof pb, "p", c->p_adjusted, lang);
  if (isnan(c->p_adjusted)) fputs(cli_tr("s_p_undef", lang), out);
  else fprintf(out, ", %s", pb);
  fputc('\n', out);
}

/* Stage mode: the later stage as a share of the earlier, or why it is not one. */
static void nested_sentence(FILE *out, const pt_an_change *c, int have_area, const char *lang, const pt_labels *lb)
{
  char key[3 * PT_LABEL_MAX + 64];
  cli_series(key, sizeof key, lb, lang, have_area ? c->area : NULL, c->group, NULL);
  if (c->nested_flags & PT_NEST_EXCEEDS)
    CLI_SAY(out, lang, S_NESTED_EXCEEDS, key, c->period_to, (double)c->count_to, (double)c->count_from);
  else if (c->nested_flags & PT_NEST_TOTALS_DIFFER)
    CLI_SAY(out, lang, S_NESTED_TOTALS, key, c->period_to, (double)c->total_to, (double)c->total_from);
  if (c->nested_ok && !c->nested_flags)
    CLI_SAY(out, lang, S_NESTED, key, c->period_to, 100 * c->conditional, 100 * c->conditional_lower,
            100 * c->conditional_upper);
}

void cli_change_sentences(FILE *out, const pt_an_changes *ch, const pt_an_change_opts *o, int has_area,
                          const char *lang, const pt_labels *lb)
{
  char lab[4 * PT_LABEL_MAX + 8];
  int stages = o->mode == PT_AN_CHANGE_STAGES;
  if (stages && lb)
    snprintf(lab, sizeof lab, "%s\u2192%s", pt_labels_get(lb, "stage", o->stage_from, lang),
             pt_labels_get(lb, "stage", o->stage_to, lang));
  else if (stages)
    snprintf(lab, sizeof lab, "%s\u2192%s", o->stage_from, o->stage_to);
  for (size_t k = 0; k < ch->n; k++) {
    sentence(out, &ch->c[k], stages, lab, o->level, has_area, lang, lb);
    if (stages) nested_sentence(out, &ch->c[k], has_area, lang, lb);
  }
  CLI_SAY(out, lang, S_CHANGE_TOTAL, o->diff->name, cli_tr(o->fisher ? "Fisher's exact" : "two-proportion z", lang),
          cli_tr(o->adjust == PT_ADJUST_NONE ? ", not adjusted" :
                 o->adjust == PT_ADJUST_HOLM ? ", Holm-adjusted" :
                 o->adjust == PT_ADJUST_BH ? ", Benjamini-Hochberg-adjusted" : ", Bonferroni-adjusted", lang), ch->n);
}

typedef struct change_text_ctx {
  const pt_an_changes *ch;
  const pt_an_change_opts *o;
  int has_area;
} change_text_ctx;

static void change_text(FILE *out, const char *lang, const pt_labels *lb, const void *ctx)
{
  const change_text_ctx *c = ctx;
  cli_change_sentences(out, c->ch, c->o, c->has_area, lang, lb);
}

/* ---- options ---------------------------------------------------------------------- */

typedef struct stage_pair {
  int set;
  char from[PT_LABEL_MAX + 1], to[PT_LABEL_MAX + 1];
} stage_pair;

typedef struct change_args {
  cli_common cm;
  pt_an_change_opts o;
  int has_base;
  long base;
  stage_pair stages;
} change_args;

/* "A,B": two stage names. */
static int parse_stages(const char *arg, void *dst)
{
  stage_pair *sp = dst;
  const char *comma = strchr(arg, ',');
  size_t la = comma ? (size_t)(comma - arg) : 0;
  if (!comma || la == 0 || la > PT_LABEL_MAX || !comma[1] || strchr(comma + 1, ',') || strlen(comma + 1) > PT_LABEL_MAX)
    return -1;
  memcpy(sp->from, arg, la);
  sp->from[la] = '\0';
  strcpy(sp->to, comma + 1);
  sp->set = 1;
  return 0;
}

static int parse_base(const char *arg, void *dst)
{
  change_args *a = (change_args *)((char *)dst - offsetof(change_args, base));
  if (pt_num_parse_long(arg, strlen(arg), -1000000000L, 1000000000L, &a->base)) return -1;
  a->has_base = 1;
  return 0;
}

static int find_in(const pt_cmp_method_info *table, const char *arg, void *dst)
{
  const pt_cmp_method_info *m = pt_cmp_method_find(table, arg);
  if (!m) return -1;
  *(const pt_cmp_method_info **)dst = m;
  return 0;
}
static int parse_diff(const char *arg, void *dst) { return find_in(pt_diff_methods, arg, dst); }
static int parse_ratio(const char *arg, void *dst) { return find_in(pt_ratio_methods, arg, dst); }
static int parse_or(const char *arg, void *dst) { return find_in(pt_or_methods, arg, dst); }
static int parse_adjust(const char *arg, void *dst) { return pt_adjust_from_name(arg, dst) ? -1 : 0; }

static const char *const test_names[] = { "z", "fisher", NULL };
static const cli_opt change_opts[] = {
  CLI_FN("base", 'b', "P", change_args, base, parse_base, "a period (whole number)", 0, "compare every period with period P"),
  CLI_FN("stages", 's', "A,B", change_args, stages, parse_stages, "two stage names, e.g. registered,recognized", 0,
         "compare stage B with stage A in each period"),
  CLI_FN("diff-method", 0, "M", change_args, o.diff, parse_diff, NULL, 1,
         "newcombe (default), wald, agresti-caffo,\nmiettinen-nurminen"),
  CLI_FN("ratio-method", 0, "M", change_args, o.ratio, parse_ratio, NULL, 1, "katz (default), koopman"),
  CLI_FN("or-method", 0, "M", change_args, o.odds, parse_or, NULL, 1, "woolf (default), exact"),
  CLI_CHOICE("test", 0, "T", change_args, o.fisher, test_names, NULL,
             "test whose p-values are adjusted: z (default), fisher"),
  CLI_FN("adjust", 0, "A", change_args, o.adjust, parse_adjust, "holm, bh, bonferroni or none", 0,
         "holm (default), bh, bonferroni, none"),
};
static const cli_optset change_sets[] = {
  CLI_SET(NULL, change_opts, 0), CLI_COMMON_SET(change_args, cm), CLI_TABLE_SET(change_args, cm), CLI_HELP_SET,
};
static const cli_spec change_spec = {
  "change",
  "Usage: proptrend change [OPTION]... FILE\n"
  "Compare each series (area, group, stage) of the tidy table FILE between\n"
  "consecutive periods, against a base period, or between two stages of the\n"
  "same period.  Always 'to' minus 'from' (later minus earlier).\n",
  "CSV columns: [area,]group,stage,from,to,count_from,total_from,count_to,\n"
  "total_to,p_from,p_to,diff,diff_lower,diff_upper,ratio,ratio_lower,ratio_upper,\n"
  "odds_ratio,or_lower,or_upper,z,p_value,fisher_p,p_adjusted,diff_method,\n"
  "ratio_method,or_method\n"
  "Undefined values (a ratio with a zero 'from' count, a Woolf odds ratio with a\n"
  "zero cell, an unbounded limit) are empty cells.\n",
  change_sets, sizeof change_sets / sizeof change_sets[0], 1, 1, "missing FILE",
};

int cmd_change(int argc, char **argv)
{
  change_args a;
  int first, rc;
  memset(&a, 0, sizeof a);
  cli_common_init(&a.cm);
  pt_an_change_opts_init(&a.o);
  if ((rc = cli_parse(&change_spec, argc, argv, &a, &first))) return cli_exit(rc);
  if (a.has_base && a.stages.set) return cli_usage_err(SUB, "--base and --stages exclude each other");
  a.o.level = a.cm.level;
  a.o.mode = a.stages.set ? PT_AN_CHANGE_STAGES : a.has_base ? PT_AN_CHANGE_BASE : PT_AN_CHANGE_YOY;
  a.o.base = a.base;
  a.o.stage_from = a.stages.from;
  a.o.stage_to = a.stages.to;

  pt_table t;
  pt_an_changes ch;
  const char *input = argv[first];
  memset(&ch, 0, sizeof ch);
  if ((rc = cli_read_table(SUB, input, &a.cm.lo, &t))) return rc;
  int st = pt_an_change_run(&t, &a.o, &ch);
  if (st == PT_ESHORT) {
    cli_err(SUB, "%s: nothing to compare (%s)", input,
            a.stages.set ? "no period has both stages" :
            a.has_base ? "no series has the base period and another" : "no series has two periods");
    rc = EX_DATAERR;
  } else if (st) {
    rc = cli_lib_err(SUB, input, st);
  } else if (a.cm.fmt == PT_FMT_TEXT) {
    change_text_ctx tc = { &ch, &a.o, t.has_area };
    rc = cli_emit_text(SUB, &a.cm, input, change_text, &tc);
  } else {
    int st_mode = a.o.mode == PT_AN_CHANGE_STAGES;
    cli_records r = { st_mode ? pt_an_change_stage_fields : pt_an_change_fields,
                      st_mode ? pt_an_change_stage_nfields : pt_an_change_nfields, t.has_area, ch.c, sizeof *ch.c, ch.n,
                      NULL, NULL };
    rc = cli_emit_records(SUB, &a.cm, input, &r);
  }
  pt_an_change_free(&ch);
  pt_table_free(&t);
  return rc;
}
