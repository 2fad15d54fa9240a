/* change.c - proptrend change: compare each series between periods (or
 * between two stages of a period), difference, ratio and odds ratio with
 * confidence intervals, z and Fisher tests, adjusted p-values. */
#include <config.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
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

/* One comparison: rows a (to) and b (from). */
typedef struct cmp {
  const pt_row *to, *from;
  double diff[3], ratio[3], or_[3];
  double z, p, pf, padj;
} cmp;

static void fill3(double *v, int st) { if (st) v[0] = v[1] = v[2] = NAN; }

/* Percentage points with a real minus sign, one decimal. */
static void pp(char *buf, size_t cap, double v)
{
  double r = round(v * 1000.0) / 10.0;
  if (r == 0.0) r = 0.0;   /* no "-0.0" */
  if (r < 0) snprintf(buf, cap, "\u2212%.1f", -r);
  else snprintf(buf, cap, "%.1f", r);
}

static void sentence(FILE *out, const cmp *c, int stage_mode, const char *stage_label,
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
  pp(a, sizeof a, c->diff[0]);
  pp(b, sizeof b, c->diff[1]);
  pp(c1, sizeof c1, c->diff[2]);
  cli_numbers(a, lang); cli_numbers(b, lang); cli_numbers(c1, lang);
  cli_say(out, lang, "s_change_body", 100.0 * (double)c->from->count / (double)c->from->total,
          100.0 * (double)c->to->count / (double)c->to->total, a, 100.0 * level, b, c1);
  char pb[32];
  cli_fmt_p(pb, sizeof pb, "p", c->padj, lang);
  if (isnan(c->padj)) cli_say(out, lang, "s_p_undef");
  else fprintf(out, ", %s", pb);
  fputc('\n', out);
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

  pt_table t;
  const char *input = argv[optind];
  if ((rc = cli_read_table(SUB, input, &cm.lo, &t))) return rc;

  size_t *idx = malloc((t.n ? t.n : 1) * sizeof *idx);
  cmp *cs = malloc((t.n ? t.n : 1) * sizeof *cs);
  double *ps = malloc((t.n ? t.n : 1) * sizeof *ps);
  size_t nc = 0;
  if (!idx || !cs || !ps || pt_table_order(&t, idx) != PT_SUCCESS) {
    cli_err(SUB, "out of memory");
    rc = EX_OSERR;
    goto done;
  }

  /* Pair the rows: idx runs through series in period order. */
  for (size_t i = 0; i < t.n; i++) {
    const pt_row *r = &t.rows[idx[i]];
    if (stages_arg) {
      /* find the stage-A row of the same (area, group, period) */
      if (strcmp(r->stage, stage_b) != 0) continue;
      for (size_t j = 0; j < t.n; j++) {
        const pt_row *q = &t.rows[j];
        if (q->period == r->period && !strcmp(q->stage, stage_a) && !strcmp(q->group, r->group) &&
            !strcmp(q->area ? q->area : "", r->area ? r->area : "")) {
          cs[nc].to = r; cs[nc].from = q; nc++;
          break;
        }
      }
    } else if (base_arg) {
      if (r->period == base) continue;
      for (size_t j = 0; j < t.n; j++) {
        const pt_row *q = &t.rows[j];
        if (q->period == base && pt_row_same_series(q, r)) { cs[nc].to = r; cs[nc].from = q; nc++; break; }
      }
    } else if (i > 0 && pt_row_same_series(&t.rows[idx[i - 1]], r)) {
      cs[nc].to = r; cs[nc].from = &t.rows[idx[i - 1]]; nc++;
    }
  }
  if (nc == 0) {
    cli_err(SUB, "%s: nothing to compare (%s)", input,
            stages_arg ? "no period has both stages" :
            base_arg ? "no series has the base period and another" : "no series has two periods");
    rc = EX_DATAERR;
    goto done;
  }

  for (size_t k = 0; k < nc; k++) {
    cmp *x = &cs[k];
    uint64_t xa = x->to->count, na = x->to->total, xb = x->from->count, nb = x->from->total;
    int st;
    st = dm->fn(xa, na, xb, nb, level, &x->diff[0], &x->diff[1], &x->diff[2]); fill3(x->diff, st);
    st = rm->fn(xa, na, xb, nb, level, &x->ratio[0], &x->ratio[1], &x->ratio[2]); fill3(x->ratio, st);
    st = om->fn(xa, na, xb, nb, level, &x->or_[0], &x->or_[1], &x->or_[2]); fill3(x->or_, st);
    if (pt_test_z(xa, na, xb, nb, &x->z, &x->p) != PT_SUCCESS) x->z = x->p = NAN;
    if (pt_test_fisher(xa, na, xb, nb, &x->pf) != PT_SUCCESS) x->pf = NAN;
    ps[k] = use_fisher ? x->pf : x->p;
  }
  if (pt_p_adjust(ps, nc, adj) != PT_SUCCESS) { cli_err(SUB, "out of memory"); rc = EX_OSERR; goto done; }
  for (size_t k = 0; k < nc; k++) cs[k].padj = ps[k];

  char stage_label[2 * PT_LABEL_MAX + 8];
  snprintf(stage_label, sizeof stage_label, "%s->%s", stage_a, stage_b);

  cli_out out;
  const char *inputs[] = { input, NULL };
  if ((rc = cli_out_open(SUB, &out, cm.output, inputs))) goto done;
  if (fmt == PT_FMT_TEXT) {
    char lab[4 * PT_LABEL_MAX + 8];
    pt_labels lb;
    int vi = !strcmp(cm.lang, "vi");
    if (vi && (rc = cli_read_labels(SUB, NULL, &lb))) { cli_out_abort(&out); goto done; }
    if (vi)
      snprintf(lab, sizeof lab, "%s\u2192%s", pt_labels_get(&lb, "stage", stage_a, "vi"),
               pt_labels_get(&lb, "stage", stage_b, "vi"));
    else
      snprintf(lab, sizeof lab, "%s\u2192%s", stage_a, stage_b);
    for (size_t k = 0; k < nc; k++)
      sentence(out.f, &cs[k], stages_arg != NULL, lab, level, t.has_area, cm.lang, vi ? &lb : NULL);
    if (vi) pt_labels_free(&lb);
    cli_say(out.f, cm.lang, "s_change_total", dm->name,
            cli_tr(use_fisher ? "Fisher's exact" : "two-proportion z", cm.lang),
            cli_tr(adj == PT_ADJUST_NONE ? ", not adjusted" :
                   adj == PT_ADJUST_HOLM ? ", Holm-adjusted" :
                   adj == PT_ADJUST_BH ? ", Benjamini-Hochberg-adjusted" : ", Bonferroni-adjusted", cm.lang), nc);
  } else {
    static const char *const names[] = {
      "group", "stage", "from", "to", "count_from", "total_from", "count_to", "total_to",
      "p_from", "p_to", "diff", "diff_lower", "diff_upper", "ratio", "ratio_lower",
      "ratio_upper", "odds_ratio", "or_lower", "or_upper", "z", "p_value", "fisher_p",
      "p_adjusted", "diff_method", "ratio_method", "or_method"
    };
    pt_column cols[27];
    size_t ncol = 0;
    if (t.has_area) cols[ncol++] = (pt_column){ "area", -1, 0, 0 };
    for (size_t j = 0; j < sizeof names / sizeof names[0]; j++)
      cols[ncol++] = (pt_column){ names[j], j >= 8 && j <= 19 ? 4 : -1, j >= 20 && j <= 22 ? 3 : 0, 0 };
    pt_emitter *e = pt_emitter_new(fmt, cols, ncol);
    if (!e) { cli_out_abort(&out); cli_err(SUB, "out of memory"); rc = EX_OSERR; goto done; }
    for (size_t k = 0; k < nc && !rc; k++) {
      const cmp *x = &cs[k];
      pt_cell v[27];
      size_t m = 0;
      if (t.has_area) v[m++] = pt_cell_text(x->to->area);
      v[m++] = pt_cell_text(x->to->group);
      v[m++] = pt_cell_text(stages_arg ? stage_label : x->to->stage);
      v[m++] = pt_cell_int(x->from->period);
      v[m++] = pt_cell_int(x->to->period);
      v[m++] = pt_cell_int((long long)x->from->count);
      v[m++] = pt_cell_int((long long)x->from->total);
      v[m++] = pt_cell_int((long long)x->to->count);
      v[m++] = pt_cell_int((long long)x->to->total);
      v[m++] = pt_cell_real((double)x->from->count / (double)x->from->total);
      v[m++] = pt_cell_real((double)x->to->count / (double)x->to->total);
      for (int j = 0; j < 3; j++) v[m++] = pt_cell_real(x->diff[j]);
      for (int j = 0; j < 3; j++) v[m++] = pt_cell_real(x->ratio[j]);
      for (int j = 0; j < 3; j++) v[m++] = pt_cell_real(x->or_[j]);
      v[m++] = pt_cell_real(x->z);
      v[m++] = pt_cell_real(x->p);
      v[m++] = pt_cell_real(x->pf);
      v[m++] = pt_cell_real(x->padj);
      v[m++] = pt_cell_text(dm->name);
      v[m++] = pt_cell_text(rm->name);
      v[m++] = pt_cell_text(om->name);
      if (pt_emitter_row(e, v) != PT_SUCCESS) { cli_err(SUB, "out of memory"); rc = EX_OSERR; }
    }
    if (!rc && pt_emitter_write(e, out.f) != PT_SUCCESS) { cli_err(SUB, "error writing output"); rc = EX_IOERR; }
    pt_emitter_free(e);
  }
  if (rc) cli_out_abort(&out);
  else rc = cli_out_commit(SUB, &out);

done:
  free(idx);
  free(cs);
  free(ps);
  pt_table_free(&t);
  return rc;
}
