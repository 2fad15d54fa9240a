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

typedef struct series_result {
  const pt_row *first;
  size_t k;
  long p0, p1;
  int ca_ok, lg_ok, apc_ok, h_ok;
  int apc_st;
  double ca_chisq, ca_z, ca_p;
  pt_logit_trend lg;
  double apc, apc_lo, apc_hi;
  double h_chisq, h_p;
  const char *verdict;
  int jp_st;            /* -1: not asked */
  pt_jp_result jp;
} series_result;

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

static void jp_sentence(FILE *out, const series_result *r, int max, int bic, const char *lang)
{
  if (r->jp_st < 0) return;
  if (r->jp_st == PT_ESHORT) { cli_say(out, lang, "s_jp_short", r->k, max, pt_jp_min_periods(max)); return; }
  if (r->jp_st == PT_EUNDEF) { cli_say(out, lang, "s_jp_zero"); return; }
  if (r->jp_st) {
    cli_say(out, lang, "s_jp_fail", cli_tr(r->jp_st == PT_EDOM ? "s_jp_toomany" : pt_strerror(r->jp_st), lang));
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

static void sentence(FILE *out, const series_result *r, double level, int alt, const char *lang,
                     const pt_labels *lb)
{
  char pb[32], key[3 * PT_LABEL_MAX + 64];
  cli_series(key, sizeof key, lb, lang, r->first->area, r->first->group, r->first->stage);
  cli_say(out, lang, "s_trend_head", key, r->p0, r->p1, r->k, cli_tr(r->verdict, lang));
  if (r->ca_ok) {
    cli_fmt_p(pb, sizeof pb, "p", r->ca_p, lang);
    cli_say(out, lang, "s_trend_ca", r->ca_z, pb, alt > 0 ? cli_tr("s_one_inc", lang) : alt < 0 ? cli_tr("s_one_dec", lang) : "");
  } else {
    cli_say(out, lang, "s_trend_notest");
  }
  if (r->h_ok && r->ca_ok && r->h_p < 1.0 - level && strcmp(r->verdict, "no clear trend") == 0) {
    cli_fmt_p(pb, sizeof pb, "p", r->h_p, lang);
    cli_say(out, lang, "s_trend_break", pb);
  }
  if (r->lg_ok)
    cli_say(out, lang, "s_trend_or", exp(r->lg.slope), 100 * level, r->lg.profile_lower, r->lg.profile_upper);
  if (r->apc_ok)
    cli_say(out, lang, "s_trend_apc", r->apc, r->apc_lo, r->apc_hi);
  else if (r->apc_st == PT_EUNDEF)
    cli_say(out, lang, "s_trend_apc_undef");
  if (r->k <= 5) cli_say(out, lang, "s_trend_short", r->k);
  fputs(".\n", out);
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
  int rank = 0, alt = 0, weighted = 0, segments = 0, c, rc;
  long maxjp = 0, nperm = 4499, seed = 1;
  pt_jp_opts jo;

  pt_jp_opts_init(&jo);
  cli_common_init(&cm);
  opterr = 0;
  optind = 1;
  while ((c = getopt_long(argc, argv, CLI_SHORTOPTS(""), longopts, NULL)) != -1) {
    switch (c) {
    case 'S':
      if (!strcmp(optarg, "rank")) rank = 1;
      else if (!strcmp(optarg, "period")) rank = 0;
      else return cli_usage_err(SUB, "invalid --scores \"%s\": period or rank", optarg);
      break;
    case 'A':
      if (!strcmp(optarg, "two-sided")) alt = 0;
      else if (!strcmp(optarg, "increasing")) alt = 1;
      else if (!strcmp(optarg, "decreasing")) alt = -1;
      else return cli_usage_err(SUB, "invalid --alternative \"%s\": two-sided, increasing or decreasing", optarg);
      break;
    case 'W':
      if (!strcmp(optarg, "binomial")) weighted = 1;
      else if (!strcmp(optarg, "none")) weighted = 0;
      else return cli_usage_err(SUB, "invalid --apc-weights \"%s\": none or binomial", optarg);
      break;
    case 'J':
      if (pt_num_parse_long(optarg, strlen(optarg), 0, PT_JP_MAX, &maxjp))
        return cli_usage_err(SUB, "invalid --joinpoints \"%s\": a whole number from 0 to %d", optarg, PT_JP_MAX);
      break;
    case 'E':
      if (!strcmp(optarg, "bic")) jo.select_bic = 1;
      else if (!strcmp(optarg, "permutation")) jo.select_bic = 0;
      else return cli_usage_err(SUB, "invalid --select \"%s\": permutation or bic", optarg);
      break;
    case 'N':
      if (pt_num_parse_long(optarg, strlen(optarg), 1, 1000000, &nperm))
        return cli_usage_err(SUB, "invalid --permutations \"%s\": a whole number from 1 to 1000000", optarg);
      break;
    case 'D':
      if (pt_num_parse_long(optarg, strlen(optarg), 0, 2147483647L, &seed))
        return cli_usage_err(SUB, "invalid --seed \"%s\": a whole number from 0 to 2147483647", optarg);
      break;
    case 'T':
      if (!strcmp(optarg, "segments")) segments = 1;
      else if (!strcmp(optarg, "series")) segments = 0;
      else return cli_usage_err(SUB, "invalid --table \"%s\": series or segments", optarg);
      break;
    default:
      if ((rc = cli_common_option(SUB, c, argv, &cm, help))) return cli_exit(rc);
    }
  }
  if (optind + 1 != argc)
    return cli_usage_err(SUB, optind == argc ? "missing FILE" : "too many arguments");
  if (segments && !maxjp) return cli_usage_err(SUB, "--table segments needs --joinpoints MAX (1 or more)");
  jo.max_joinpoints = (int)maxjp;
  jo.permutations = (unsigned long)nperm;
  jo.seed = (uint64_t)seed;
  jo.alpha = 1.0 - cm.level;
  jo.level = cm.level;

  pt_table t;
  const char *input = argv[optind];
  if ((rc = cli_read_table(SUB, input, &cm.lo, &t))) return rc;
  size_t *idx = malloc((t.n ? t.n : 1) * sizeof *idx);
  uint64_t *x = malloc((t.n ? t.n : 1) * sizeof *x), *n = malloc((t.n ? t.n : 1) * sizeof *n);
  double *s = malloc((t.n ? t.n : 1) * sizeof *s);
  series_result *res = calloc(t.n ? t.n : 1, sizeof *res);
  size_t nres = 0;
  if (!idx || !x || !n || !s || !res || pt_table_order(&t, idx) != PT_SUCCESS) {
    cli_err(SUB, "out of memory");
    rc = EX_OSERR;
    goto done;
  }
  const double alpha = 1.0 - cm.level;
  for (size_t i = 0; i < t.n;) {
    size_t j = i;
    while (j < t.n && pt_row_same_series(&t.rows[idx[i]], &t.rows[idx[j]])) j++;
    size_t k = j - i;
    if (k >= 3) {
      series_result *r = &res[nres++];
      for (size_t m = 0; m < k; m++) {
        const pt_row *row = &t.rows[idx[i + m]];
        x[m] = row->count;
        n[m] = row->total;
        s[m] = rank ? (double)(m + 1) : (double)row->period;
      }
      r->first = &t.rows[idx[i]];
      r->k = k;
      r->p0 = t.rows[idx[i]].period;
      r->p1 = t.rows[idx[j - 1]].period;
      r->ca_ok = pt_trend_ca(k, x, n, s, &r->ca_chisq, &r->ca_z, &r->ca_p) == PT_SUCCESS;
      if (r->ca_ok && alt) r->ca_p = alt > 0 ? gsl_cdf_ugaussian_Q(r->ca_z) : gsl_cdf_ugaussian_P(r->ca_z);
      r->lg_ok = pt_trend_logistic(k, x, n, s, cm.level, &r->lg) == PT_SUCCESS;
      double b, se;
      r->apc_st = pt_trend_apc(k, x, n, s, cm.level, weighted, &r->apc, &r->apc_lo, &r->apc_hi, &b, &se);
      r->apc_ok = r->apc_st == PT_SUCCESS;
      r->h_ok = pt_homogeneity(k, x, n, &r->h_chisq, &r->h_p) == PT_SUCCESS;
      r->jp_st = maxjp ? pt_trend_joinpoint(k, x, n, s, &jo, &r->jp) : -1;
      if (!r->ca_ok) r->verdict = "no variation";
      else if (r->ca_p < alpha) r->verdict = r->ca_z > 0 ? "rising" : "falling";
      else r->verdict = "no clear trend";
    }
    i = j;
  }
  if (nres == 0) {
    cli_err(SUB, "%s: no series has 3 or more periods", input);
    rc = EX_DATAERR;
    goto done;
  }
  if (maxjp) {
    /* refuse when no series can take MAX joinpoints */
    size_t fitted = 0, longest = 0;
    for (size_t i = 0; i < nres; i++) {
      fitted += res[i].jp_st != PT_ESHORT;
      if (res[i].k > longest) longest = res[i].k;
    }
    if (!fitted) {
      cli_err(SUB, "%s: %ld joinpoint%s need%s %d periods; the longest series has %zu", input, maxjp,
              maxjp == 1 ? "" : "s", maxjp == 1 ? "s" : "", pt_jp_min_periods((int)maxjp), longest);
      rc = EX_DATAERR;
      goto done;
    }
  }

  cli_out out;
  const char *inputs[] = { input, NULL };
  if ((rc = cli_out_open(SUB, &out, cm.output, inputs))) goto done;
  if (cm.fmt == PT_FMT_TEXT) {
    pt_labels lb;
    int vi = !strcmp(cm.lang, "vi");
    if (vi && (rc = cli_read_labels(SUB, NULL, &lb))) { cli_out_abort(&out); goto done; }
    for (size_t i = 0; i < nres; i++) {
      sentence(out.f, &res[i], cm.level, alt, cm.lang, vi ? &lb : NULL);
      jp_sentence(out.f, &res[i], (int)maxjp, jo.select_bic, cm.lang);
    }
    if (vi) pt_labels_free(&lb);
    rc = cli_out_commit(SUB, &out);
  } else if (segments) {
    static const char *const names[] = { "group", "stage", "joinpoints", "selection", "segment", "from", "to", "apc",
                                         "apc_lower", "apc_upper", "aapc", "aapc_lower", "aapc_upper", "tests", "note" };
    pt_column cols[16];
    size_t nc = 0;
    if (t.has_area) cols[nc++] = (pt_column){ "area", -1, 0, 0 };
    for (size_t j = 0; j < sizeof names / sizeof names[0]; j++)
      cols[nc++] = (pt_column){ names[j], j >= 7 && j <= 12 ? 4 : j == 5 || j == 6 ? 0 : -1, 0, 0 };
    pt_emitter *e = pt_emitter_new(cm.fmt, cols, nc);
    if (!e) rc = EX_OSERR;
    for (size_t i = 0; i < nres && !rc; i++) {
      const series_result *r = &res[i];
      const pt_jp_result *j = &r->jp;
      char tests[256], note[128] = "";
      int ok = r->jp_st == PT_SUCCESS;
      if (ok) jp_tests(tests, sizeof tests, j, jo.select_bic);
      else if (r->jp_st == PT_ESHORT)
        cli_says(note, sizeof note, cm.lang, "s_jp_note", r->k, maxjp, pt_jp_min_periods((int)maxjp));
      else snprintf(note, sizeof note, "%s", r->jp_st == PT_EUNDEF ? cli_tr("s_jp_note_zero", cm.lang)
                                           : r->jp_st == PT_EDOM ? cli_tr("s_jp_toomany", cm.lang) : pt_strerror(r->jp_st));
      for (int g = 0; g < (ok ? j->nseg : 1) && !rc; g++) {
        pt_cell v[16];
        size_t m = 0;
        if (t.has_area) v[m++] = pt_cell_text(r->first->area);
        v[m++] = pt_cell_text(r->first->group);
        v[m++] = pt_cell_text(r->first->stage);
        v[m++] = ok ? pt_cell_int(j->k) : pt_cell_empty();
        v[m++] = pt_cell_text(jo.select_bic ? "bic" : "permutation");
        v[m++] = ok ? pt_cell_int(g + 1) : pt_cell_empty();
        v[m++] = ok ? pt_cell_real(j->seg[g].from) : pt_cell_empty();
        v[m++] = ok ? pt_cell_real(j->seg[g].to) : pt_cell_empty();
        v[m++] = ok ? pt_cell_real(j->seg[g].apc) : pt_cell_empty();
        v[m++] = ok && isfinite(j->seg[g].apc_lower) ? pt_cell_real(j->seg[g].apc_lower) : pt_cell_empty();
        v[m++] = ok && isfinite(j->seg[g].apc_upper) ? pt_cell_real(j->seg[g].apc_upper) : pt_cell_empty();
        v[m++] = ok ? pt_cell_real(j->aapc) : pt_cell_empty();
        v[m++] = ok && isfinite(j->aapc_lower) ? pt_cell_real(j->aapc_lower) : pt_cell_empty();
        v[m++] = ok && isfinite(j->aapc_upper) ? pt_cell_real(j->aapc_upper) : pt_cell_empty();
        v[m++] = ok ? pt_cell_text(tests) : pt_cell_empty();
        v[m++] = pt_cell_text(note);
        if (pt_emitter_row(e, v) != PT_SUCCESS) rc = EX_OSERR;
      }
    }
    rc = cli_emit_commit(SUB, e, &out, rc);
  } else {
    static const char *const names[] = {
      "group", "stage", "n_periods", "ca_chisq", "ca_z", "ca_p", "logit_slope", "logit_se",
      "or_per_period", "or_wald_lower", "or_wald_upper", "or_profile_lower", "or_profile_upper",
      "apc", "apc_lower", "apc_upper", "homogeneity_chisq", "homogeneity_p", "verdict"
    };
    pt_column cols[20];
    size_t nc = 0;
    if (t.has_area) cols[nc++] = (pt_column){ "area", -1, 0, 0 };
    for (size_t j = 0; j < sizeof names / sizeof names[0]; j++) {
      int pcol = !strcmp(names[j], "ca_p") || !strcmp(names[j], "homogeneity_p");
      cols[nc++] = (pt_column){ names[j], j >= 3 && j <= 17 ? 4 : -1, pcol ? 3 : 0, 0 };
    }
    pt_emitter *e = pt_emitter_new(cm.fmt, cols, nc);
    if (!e) rc = EX_OSERR;
    for (size_t i = 0; i < nres && !rc; i++) {
      const series_result *r = &res[i];
      pt_cell v[20];
      size_t m = 0;
      if (t.has_area) v[m++] = pt_cell_text(r->first->area);
      v[m++] = pt_cell_text(r->first->group);
      v[m++] = pt_cell_text(r->first->stage);
      v[m++] = pt_cell_int((long long)r->k);
      v[m++] = r->ca_ok ? pt_cell_real(r->ca_chisq) : pt_cell_empty();
      v[m++] = r->ca_ok ? pt_cell_real(r->ca_z) : pt_cell_empty();
      v[m++] = r->ca_ok ? pt_cell_real(r->ca_p) : pt_cell_empty();
      v[m++] = r->lg_ok ? pt_cell_real(r->lg.slope) : pt_cell_empty();
      v[m++] = r->lg_ok ? pt_cell_real(r->lg.se) : pt_cell_empty();
      v[m++] = r->lg_ok ? pt_cell_real(exp(r->lg.slope)) : pt_cell_empty();
      v[m++] = r->lg_ok ? pt_cell_real(r->lg.wald_lower) : pt_cell_empty();
      v[m++] = r->lg_ok ? pt_cell_real(r->lg.wald_upper) : pt_cell_empty();
      v[m++] = r->lg_ok ? pt_cell_real(r->lg.profile_lower) : pt_cell_empty();
      v[m++] = r->lg_ok ? pt_cell_real(r->lg.profile_upper) : pt_cell_empty();
      v[m++] = r->apc_ok ? pt_cell_real(r->apc) : pt_cell_empty();
      v[m++] = r->apc_ok ? pt_cell_real(r->apc_lo) : pt_cell_empty();
      v[m++] = r->apc_ok ? pt_cell_real(r->apc_hi) : pt_cell_empty();
      v[m++] = r->h_ok ? pt_cell_real(r->h_chisq) : pt_cell_empty();
      v[m++] = r->h_ok ? pt_cell_real(r->h_p) : pt_cell_empty();
      v[m++] = pt_cell_text(r->verdict);
      if (pt_emitter_row(e, v) != PT_SUCCESS) rc = EX_OSERR;
    }
    rc = cli_emit_commit(SUB, e, &out, rc);
  }
done:
  free(idx); free(x); free(n); free(s); free(res);
  pt_table_free(&t);
  return rc;
}
