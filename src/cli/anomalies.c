/* anomalies.c - proptrend anomalies: flag unusual proportions in series
 * (loo, pchart), cross-sections (funnel) and group x period tables (twoway). */
#include <config.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
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

enum { M_LOO, M_PCHART, M_FUNNEL, M_TWOWAY };
static const char *const method_names[] = { "loo", "pchart", "funnel", "twoway" };

static int eq0(const char *a, const char *b) { return strcmp(a ? a : "", b ? b : "") == 0; }

static void reason(FILE *out, const pt_row *r, const pt_anom_point *q, double qv, int method,
                   double level, const char *lang, const pt_labels *lb)
{
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
  int method = M_LOO, exact = 0, od = 0, all = 0, c, rc;
  double sigma = PT_Z_ALARM, target = NAN;

  cli_common_init(&cm);
  opterr = 0;
  optind = 1;
  while ((c = getopt_long(argc, argv, CLI_SHORTOPTS("m:"), longopts, NULL)) != -1) {
    switch (c) {
    case 'm': {
      int found = -1;
      for (int k = 0; k < 4; k++) if (!strcmp(optarg, method_names[k])) found = k;
      if (found < 0) return cli_usage_err(SUB, "unknown --method \"%s\": loo, pchart, funnel or twoway", optarg);
      method = found;
      break;
    }
    case 'S':
      if (pt_num_parse_double(optarg, &sigma) != PT_NUM_OK || !(sigma > 0))
        return cli_usage_err(SUB, "invalid --sigma \"%s\": a positive number", optarg);
      break;
    case 'E': exact = 1; break;
    case 'T':
      if (pt_num_parse_double(optarg, &target) != PT_NUM_OK || !(target > 0 && target < 1))
        return cli_usage_err(SUB, "invalid --target \"%s\": a proportion between 0 and 1", optarg);
      break;
    case 'D': od = 1; break;
    case 'a': all = 1; break;
    default:
      if ((rc = cli_common_option(SUB, c, argv, &cm, help))) return cli_exit(rc);
    }
  }
  if (optind + 1 != argc)
    return cli_usage_err(SUB, optind == argc ? "missing FILE" : "too many arguments");

  pt_table t;
  const char *input = argv[optind];
  if ((rc = cli_read_table(SUB, input, &cm.lo, &t))) return rc;
  pt_labels lb;
  int vi = !strcmp(cm.lang, "vi");
  if (vi && (rc = cli_read_labels(SUB, NULL, &lb))) { pt_table_free(&t); return rc; }
  size_t N = t.n ? t.n : 1;
  size_t *idx = malloc(N * sizeof *idx), *grp = malloc(N * sizeof *grp);
  uint64_t *x = malloc(N * sizeof *x), *n = malloc(N * sizeof *n);
  pt_anom_point *pts = malloc(N * sizeof *pts), *tmp = malloc(N * sizeof *tmp);
  unsigned char *tested = calloc(N, 1), *done_row = calloc(N, 1);
  double *ps = malloc(N * sizeof *ps);
  char notes[4096] = "";
  size_t nflag[3] = { 0, 0, 0 }, ntested = 0, skipped_od = 0;
  if (!idx || !grp || !x || !n || !pts || !tmp || !tested || !done_row || !ps ||
      pt_table_order(&t, idx) != PT_SUCCESS) {
    cli_err(SUB, "out of memory");
    rc = EX_OSERR;
    goto done;
  }

  /* Build each unit of analysis as a list of row indices in grp[0..m). */
  for (size_t i = 0; i < t.n; i++) {
    const pt_row *r0 = &t.rows[idx[i]];
    if (done_row[idx[i]]) continue;
    size_t m = 0;
    if (method == M_LOO || method == M_PCHART) {
      for (size_t j = i; j < t.n && pt_row_same_series(r0, &t.rows[idx[j]]); j++) grp[m++] = idx[j];
    } else if (method == M_FUNNEL) {
      for (size_t j = 0; j < t.n; j++) {
        const pt_row *r = &t.rows[idx[j]];
        if (r->period == r0->period && !strcmp(r->stage, r0->stage) &&
            (!t.has_area || !strcmp(r->group, r0->group)))
          grp[m++] = idx[j];
      }
    } else {
      for (size_t j = 0; j < t.n; j++) {
        const pt_row *r = &t.rows[idx[j]];
        if (!strcmp(r->stage, r0->stage) && eq0(r->area, r0->area)) grp[m++] = idx[j];
      }
    }
    for (size_t j = 0; j < m; j++) done_row[grp[j]] = 1;
    for (size_t j = 0; j < m; j++) { x[j] = t.rows[grp[j]].count; n[j] = t.rows[grp[j]].total; }
    int st = PT_EDOM;
    if (method == M_LOO && m >= 3) st = pt_anom_loo(m, x, n, cm.level, tmp);
    else if (method == M_PCHART && m >= 3) st = pt_anom_pchart(m, x, n, sigma, exact, cm.level, tmp);
    else if (method == M_FUNNEL && m >= 2) {
      double tau2 = 0;
      if (od && m < PT_FUNNEL_MIN_OD) {
        size_t used = strlen(notes);
        cli_says(notes + used, sizeof notes - used, cm.lang, "s_anom_fewod",
                 vi ? pt_labels_get(&lb, "stage", r0->stage, "vi") : r0->stage, r0->period, m, PT_FUNNEL_MIN_OD);
        skipped_od++;
        continue;
      }
      st = pt_anom_funnel(m, x, n, target, od, cm.level, tmp, &tau2);
      if (st == PT_SUCCESS && od) {
        size_t used = strlen(notes);
        char key[3 * PT_LABEL_MAX + 64];
        if (t.has_area) cli_series(key, sizeof key, vi ? &lb : NULL, cm.lang, NULL, r0->group, r0->stage);
        else snprintf(key, sizeof key, "%s", vi ? pt_labels_get(&lb, "stage", r0->stage, "vi") : r0->stage);
        cli_says(notes + used, sizeof notes - used, cm.lang, "s_anom_tau", key, r0->period, tau2);
      }
    } else if (method == M_TWOWAY) {
      /* lay the rows out as a group x period table */
      size_t ng = 0, np = 0;
      const char *gname[256];
      long pval[256];
      int ok = 1;
      for (size_t j = 0; j < m && ok; j++) {
        const pt_row *r = &t.rows[grp[j]];
        size_t a = 0, b = 0;
        while (a < ng && strcmp(gname[a], r->group)) a++;
        if (a == ng) { if (ng == 256) ok = 0; else gname[ng++] = r->group; }
        while (b < np && pval[b] != r->period) b++;
        if (b == np) { if (np == 256) ok = 0; else pval[np++] = r->period; }
      }
      uint64_t *cx = calloc(ng * np + 1, sizeof *cx), *cn = calloc(ng * np + 1, sizeof *cn);
      pt_anom_point *cp = malloc((ng * np + 1) * sizeof *cp);
      size_t *where = malloc((m + 1) * sizeof *where);
      if (!cx || !cn || !cp || !where) ok = 0;
      if (ok && ng >= 2 && np >= 3) {
        for (size_t j = 0; j < m; j++) {
          const pt_row *r = &t.rows[grp[j]];
          size_t a = 0, b = 0;
          while (strcmp(gname[a], r->group)) a++;
          while (pval[b] != r->period) b++;
          where[j] = a * np + b;
          cx[where[j]] = r->count;
          cn[where[j]] = r->total;
        }
        double disp = NAN;
        st = pt_anom_twoway(ng, np, cx, cn, cm.level, cp, &disp);
        if (st == PT_SUCCESS) {
          for (size_t j = 0; j < m; j++) tmp[j] = cp[where[j]];
          size_t used = strlen(notes);
          char key[2 * PT_LABEL_MAX + 8];
          snprintf(key, sizeof key, "%s%s%s", r0->area && *r0->area ? r0->area : "", r0->area && *r0->area ? " " : "",
                   vi ? pt_labels_get(&lb, "stage", r0->stage, "vi") : r0->stage);
          cli_says(notes + used, sizeof notes - used, cm.lang, "s_anom_disp", key, disp,
                   disp > 1.5 ? cli_tr("s_anom_over", cm.lang) : "");
        }
      }
      free(cx); free(cn); free(cp); free(where);
      if (!ok) { cli_err(SUB, "out of memory"); rc = EX_OSERR; goto done; }
    }
    if (st == PT_EOVERFLOW) {
      char lab[2 * PT_LABEL_MAX + 64];
      cli_err(SUB, "%s: %s: pooled totals exceed 2^53; not tested", input, pt_row_series_label(r0, lab, sizeof lab));
      continue;
    }
    if (st != PT_SUCCESS) continue;   /* too few points, or no variation */
    for (size_t j = 0; j < m; j++) {
      pts[grp[j]] = tmp[j];
      tested[grp[j]] = 1;
    }
  }
  /* Benjamini-Hochberg across every test of the run */
  for (size_t i = 0; i < t.n; i++) ps[i] = tested[i] ? pts[i].p_value : NAN;
  if (pt_p_adjust(ps, t.n, PT_ADJUST_BH) != PT_SUCCESS) { cli_err(SUB, "out of memory"); rc = EX_OSERR; goto done; }
  for (size_t i = 0; i < t.n; i++)
    if (tested[i]) { ntested++; nflag[pts[i].severity]++; }
  if (ntested == 0) {
    cli_err(SUB, "%s: nothing to test with --method %s (%s)", input, method_names[method],
            method == M_FUNNEL && skipped_od ? "--overdispersion needs at least 10 units per cross-section" :
            method == M_FUNNEL ? "no cross-section has 2 or more units" :
            method == M_TWOWAY ? "no stage has 2 groups and 3 periods with variation" :
            "no series has 3 or more periods with variation");
    rc = EX_DATAERR;
    goto done;
  }

  cli_out out;
  const char *inputs[] = { input, NULL };
  if ((rc = cli_out_open(SUB, &out, cm.output, inputs))) goto done;
  if (cm.fmt == PT_FMT_TEXT) {
    for (size_t k = 0; k < t.n; k++) {
      size_t i = idx[k];
      if (!tested[i] || (!all && pts[i].severity == PT_ANOM_NONE)) continue;
      reason(out.f, &t.rows[i], &pts[i], ps[i], method, cm.level, cm.lang, vi ? &lb : NULL);
    }
    fputs(notes, out.f);
    cli_say(out.f, cm.lang, "s_anom_total", method_names[method], nflag[2], nflag[2] == 1 || vi ? "" : "s", nflag[1],
            nflag[1] == 1 || vi ? "" : "s", ntested, ntested);
    rc = cli_out_commit(SUB, &out);
  } else {
    static const char *const names[] = {
      "group", "stage", "period", "count", "total", "p", "expected", "diff", "diff_lower", "diff_upper",
      "z", "p_value", "q_value", "method", "direction", "severity"
    };
    pt_column cols[17];
    size_t nc = 0;
    if (t.has_area) cols[nc++] = (pt_column){ "area", -1, 0, 0 };
    for (size_t j = 0; j < sizeof names / sizeof names[0]; j++)
      cols[nc++] = (pt_column){ names[j], j >= 5 && j <= 10 ? 4 : -1, j == 11 || j == 12 ? 3 : 0, 0 };
    pt_emitter *e = pt_emitter_new(cm.fmt, cols, nc);
    if (!e) rc = EX_OSERR;
    for (size_t k = 0; k < t.n && !rc; k++) {
      size_t i = idx[k];
      const pt_row *r = &t.rows[i];
      const pt_anom_point *q = &pts[i];
      if (!tested[i] || (!all && q->severity == PT_ANOM_NONE)) continue;
      pt_cell v[17];
      size_t m = 0;
      if (t.has_area) v[m++] = pt_cell_text(r->area);
      v[m++] = pt_cell_text(r->group);
      v[m++] = pt_cell_text(r->stage);
      v[m++] = pt_cell_int(r->period);
      v[m++] = pt_cell_int((long long)r->count);
      v[m++] = pt_cell_int((long long)r->total);
      v[m++] = pt_cell_real(q->p);
      v[m++] = pt_cell_real(q->expected);
      v[m++] = pt_cell_real(q->diff);
      v[m++] = pt_cell_real(q->diff_lower);
      v[m++] = pt_cell_real(q->diff_upper);
      v[m++] = pt_cell_real(q->z);
      v[m++] = pt_cell_real(q->p_value);
      v[m++] = pt_cell_real(ps[i]);
      v[m++] = pt_cell_text(method_names[method]);
      v[m++] = pt_cell_text(q->direction < 0 ? "drop" : q->direction > 0 ? "rise" : "none");
      v[m++] = pt_cell_text(q->severity == PT_ANOM_ALARM ? "alarm" : q->severity == PT_ANOM_WARNING ? "warning" : "none");
      if (pt_emitter_row(e, v) != PT_SUCCESS) rc = EX_OSERR;
    }
    rc = cli_emit_commit(SUB, e, &out, rc);
  }
done:
  free(idx); free(grp); free(x); free(n); free(pts); free(tmp); free(tested); free(done_row); free(ps);
  if (vi) pt_labels_free(&lb);
  pt_table_free(&t);
  return rc;
}
