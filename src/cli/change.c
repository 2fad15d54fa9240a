/* change.c - proptrend change: compare each series between periods (or
 * between two stages of a period), difference, ratio and odds ratio with
 * confidence intervals, z and Fisher tests, adjusted p-values. */
#include <config.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "proptrend/analyses.h"
#include "proptrend/compare.h"
#include "proptrend/error.h"
#include "proptrend/num.h"

static const char *const SUB = "change";

static void help(void)
{
  printf("Usage: proptrend change [OPTION]... FILE\n"
         "Compare each series (area, group, stage) of the tidy table FILE between\n"
         "consecutive periods, against a base period, or between two stages of the\n"
         "same period.  Always 'to' minus 'from' (later minus earlier).\n"
         "\n"
         "  -b, --base P             compare every period with period P\n"
         "  -s, --stages A,B         compare stage B with stage A in each period\n"
         "      --diff-method M      newcombe (default), wald, agresti-caffo,\n"
         "                           miettinen-nurminen\n"
         "      --ratio-method M     katz (default), koopman\n"
         "      --or-method M        woolf (default), exact\n"
         "      --test T             test whose p-values are adjusted: z (default), fisher\n"
         "      --adjust A           holm (default), bh, bonferroni, none\n"
         "  -l, --level L            confidence level, 0 < L < 1 (default 0.95)\n"
         "  -f, --format F           text (sentences), csv, tsv, markdown, latex, json\n"
         "                           (default: text on a terminal, csv otherwise)\n"
         "  -o, --output FILE        write to FILE (complete or not at all)\n"
         "      --lang L             with -f text: sentences in en (default) or vi\n"
         "%s"
         "  -h, --help               display this help and exit\n"
         "\n"
         "Undefined values (a ratio with a zero 'from' count, a Woolf odds ratio with a\n"
         "zero cell, an unbounded limit) are empty cells.\n",
         CLI_TABLE_HELP);
}

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
  cli_say(out, lang, "s_change_body", 100.0 * (double)c->from->count / (double)c->from->total,
          100.0 * (double)c->to->count / (double)c->to->total, a, 100.0 * level, b, c1);
  char pb[32];
  cli_fmt_p(pb, sizeof pb, "p", c->p_adjusted, lang);
  if (isnan(c->p_adjusted)) cli_say(out, lang, "s_p_undef");
  else fprintf(out, ", %s", pb);
  fputc('\n', out);
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
  for (size_t k = 0; k < ch->n; k++) sentence(out, &ch->c[k], stages, lab, o->level, has_area, lang, lb);
  cli_say(out, lang, "s_change_total", o->diff->name, cli_tr(o->fisher ? "Fisher's exact" : "two-proportion z", lang),
          cli_tr(o->adjust == PT_ADJUST_NONE ? ", not adjusted" :
                 o->adjust == PT_ADJUST_HOLM ? ", Holm-adjusted" :
                 o->adjust == PT_ADJUST_BH ? ", Benjamini-Hochberg-adjusted" : ", Bonferroni-adjusted", lang), ch->n);
}

static int change_text(const cli_common *cm, const char *input, const pt_an_changes *ch,
                       const pt_an_change_opts *o, int has_area)
{
  cli_out out;
  const char *inputs[] = { input, NULL };
  pt_labels lb;
  int vi = !strcmp(cm->lang, "vi"), rc;
  if (vi && (rc = cli_read_labels(SUB, NULL, &lb))) return rc;
  if ((rc = cli_out_open(SUB, &out, cm->output, inputs))) { if (vi) pt_labels_free(&lb); return rc; }
  cli_change_sentences(out.f, ch, o, has_area, cm->lang, vi ? &lb : NULL);
  if (vi) pt_labels_free(&lb);
  return cli_out_commit(SUB, &out);
}

int cmd_change(int argc, char **argv)
{
  static const struct option longopts[] = {
    { "base", required_argument, NULL, 'b' },
    { "stages", required_argument, NULL, 's' },
    { "diff-method", required_argument, NULL, 'D' },
    { "ratio-method", required_argument, NULL, 'R' },
    { "or-method", required_argument, NULL, 'O' },
    { "test", required_argument, NULL, 'T' },
    { "adjust", required_argument, NULL, 'A' },
    CLI_COMMON_LONGOPTS,
    { NULL, 0, NULL, 0 }
  };
  cli_common cm;
  const char *base_arg = NULL, *stages_arg = NULL;
  const pt_cmp_method_info *dm = pt_diff_methods, *rm = pt_ratio_methods, *om = pt_or_methods;
  pt_adjust adj = PT_ADJUST_HOLM;
  int use_fisher = 0, c, rc;
  long base = 0;
  char stage_a[PT_LABEL_MAX + 1] = "", stage_b[PT_LABEL_MAX + 1] = "";

  cli_common_init(&cm);
  opterr = 0;
  optind = 1;
  while ((c = getopt_long(argc, argv, CLI_SHORTOPTS("b:s:"), longopts, NULL)) != -1) {
    switch (c) {
    case 'b': base_arg = optarg; break;
    case 's': stages_arg = optarg; break;
    case 'D':
      if (!(dm = pt_cmp_method_find(pt_diff_methods, optarg)))
        return cli_usage_err(SUB, "unknown --diff-method \"%s\"", optarg);
      break;
    case 'R':
      if (!(rm = pt_cmp_method_find(pt_ratio_methods, optarg)))
        return cli_usage_err(SUB, "unknown --ratio-method \"%s\"", optarg);
      break;
    case 'O':
      if (!(om = pt_cmp_method_find(pt_or_methods, optarg)))
        return cli_usage_err(SUB, "unknown --or-method \"%s\"", optarg);
      break;
    case 'T':
      if (!strcmp(optarg, "z")) use_fisher = 0;
      else if (!strcmp(optarg, "fisher")) use_fisher = 1;
      else return cli_usage_err(SUB, "invalid --test \"%s\": z or fisher", optarg);
      break;
    case 'A':
      if (pt_adjust_from_name(optarg, &adj) != 0)
        return cli_usage_err(SUB, "invalid --adjust \"%s\": holm, bh, bonferroni or none", optarg);
      break;
    default:
      if ((rc = cli_common_option(SUB, c, argv, &cm, help))) return cli_exit(rc);
    }
  }
  const double level = cm.level;
  const pt_format fmt = cm.fmt;
  if (base_arg && stages_arg) return cli_usage_err(SUB, "--base and --stages exclude each other");
  if (base_arg && pt_num_parse_long(base_arg, strlen(base_arg), -1000000000L, 1000000000L, &base))
    return cli_usage_err(SUB, "invalid --base \"%s\": a period (whole number)", base_arg);
  if (stages_arg) {
    const char *comma = strchr(stages_arg, ',');
    size_t la = comma ? (size_t)(comma - stages_arg) : 0;
    if (!comma || la == 0 || la > PT_LABEL_MAX || !comma[1] || strchr(comma + 1, ',') ||
        strlen(comma + 1) > PT_LABEL_MAX)
      return cli_usage_err(SUB, "invalid --stages \"%s\": two stage names, e.g. registered,recognized",
                           stages_arg);
    memcpy(stage_a, stages_arg, la);
    stage_a[la] = '\0';
    strcpy(stage_b, comma + 1);
  }
  if (optind + 1 != argc)
    return cli_usage_err(SUB, optind == argc ? "missing FILE" : "too many arguments");

  pt_an_change_opts o;
  pt_an_change_opts_init(&o);
  o.level = level;
  o.mode = stages_arg ? PT_AN_CHANGE_STAGES : base_arg ? PT_AN_CHANGE_BASE : PT_AN_CHANGE_YOY;
  o.base = base;
  o.stage_from = stage_a;
  o.stage_to = stage_b;
  o.diff = dm; o.ratio = rm; o.odds = om;
  o.fisher = use_fisher;
  o.adjust = adj;

  pt_table t;
  const char *input = argv[optind];
  pt_an_changes ch;
  memset(&ch, 0, sizeof ch);
  if ((rc = cli_read_table(SUB, input, &cm.lo, &t))) return rc;
  int st = pt_an_change_run(&t, &o, &ch);
  if (st == PT_ESHORT) {
    cli_err(SUB, "%s: nothing to compare (%s)", input,
            stages_arg ? "no period has both stages" :
            base_arg ? "no series has the base period and another" : "no series has two periods");
    rc = EX_DATAERR;
  } else if (st) {
    rc = cli_lib_err(SUB, input, st);
  } else if (fmt == PT_FMT_TEXT) {
    rc = change_text(&cm, input, &ch, &o, t.has_area);
  } else {
    cli_records r = { pt_an_change_fields, pt_an_change_nfields, t.has_area, ch.c, sizeof *ch.c, ch.n, NULL, NULL };
    rc = cli_emit_records(SUB, &cm, input, &r);
  }
  pt_an_change_free(&ch);
  pt_table_free(&t);
  return rc;
}
