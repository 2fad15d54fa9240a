/* reinspect.c - proptrend sample-size, verify and adjust: re-inspection
 * planning, re-inspection results, and rates adjusted for known
 * classification error. */
#include <config.h>

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "proptrend/ci.h"
#include "proptrend/error.h"
#include "proptrend/num.h"
#include "proptrend/reinspect.h"

static int real_opt(const char *sub, const char *name, const char *arg, double lo, double hi, double *v)
{
  if (pt_num_parse_double(arg, v) != PT_NUM_OK || !(*v > lo && *v < hi))
    return cli_usage_err(sub, "invalid --%s \"%s\": a number between %g and %g", name, arg, lo, hi);
  return 0;
}

/* ---- sample-size ------------------------------------------------------------ */

/* The answer on standard output: a failed write (a full disk) says so. */
static int stdout_done(const char *sub, int wrote)
{
  if (wrote && fflush(stdout) == 0 && !ferror(stdout)) return 0;
  cli_err(sub, "error writing standard output: %s", strerror(errno ? errno : EIO));
  return EX_IOERR;
}

int cmd_sample_size(int argc, char **argv)
{
  static const char *const SUB = "sample-size";
  static const struct option longopts[] = {
    { "population", required_argument, NULL, 'N' }, { "expected", required_argument, NULL, 'P' },
    { "margin", required_argument, NULL, 'D' }, { "level", required_argument, NULL, 'l' },
    { "method", required_argument, NULL, 'm' }, { "lqas", no_argument, NULL, 'Q' },
    { "acceptable", required_argument, NULL, 'a' }, { "unacceptable", required_argument, NULL, 'u' },
    { "alpha", required_argument, NULL, 'A' }, { "beta", required_argument, NULL, 'B' },
    { "format", required_argument, NULL, 'f' }, { "help", no_argument, NULL, 'h' },
    { NULL, 0, NULL, 0 }
  };
  double P = NAN, D = NAN, level = 0.95, p0 = NAN, p1 = NAN, alpha = 0.05, beta = 0.10;
  uint64_t N = 0;
  int lqas = 0, exact = 0, c, rc;
  pt_format fmt = cli_default_format();
  opterr = 0;
  optind = 1;
  while ((c = getopt_long(argc, argv, ":l:m:f:h", longopts, NULL)) != -1) {
    switch (c) {
    case 'N':
      if (pt_num_parse_count(optarg, strlen(optarg), PT_NUMFMT_PLAIN, 1000000000ULL, &N) || N == 0)
        return cli_usage_err(SUB, "invalid --population \"%s\": a whole number > 0", optarg);
      break;
    case 'P': if ((rc = real_opt(SUB, "expected", optarg, 0, 1, &P))) return rc; break;
    case 'D': if ((rc = real_opt(SUB, "margin", optarg, 0, 1, &D))) return rc; break;
    case 'l': if ((rc = cli_parse_level(SUB, optarg, &level))) return rc; break;
    case 'm':
      if (!strcmp(optarg, "exact")) exact = 1;
      else if (!strcmp(optarg, "cochran")) exact = 0;
      else return cli_usage_err(SUB, "invalid --method \"%s\": cochran or exact", optarg);
      break;
    case 'Q': lqas = 1; break;
    case 'a': if ((rc = real_opt(SUB, "acceptable", optarg, -1e-300, 1, &p0))) return rc; break;
    case 'u': if ((rc = real_opt(SUB, "unacceptable", optarg, 0, 1.0000001, &p1))) return rc; break;
    case 'A': if ((rc = real_opt(SUB, "alpha", optarg, 0, 1, &alpha))) return rc; break;
    case 'B': if ((rc = real_opt(SUB, "beta", optarg, 0, 1, &beta))) return rc; break;
    case 'f': if ((rc = cli_parse_format(SUB, optarg, &fmt))) return rc; break;
    case 'h':
      printf("Usage: proptrend sample-size --population N --expected P --margin D [--level L]\n"
             "                             [--method cochran|exact]\n"
             "       proptrend sample-size --lqas --population N --acceptable P0\n"
             "                             --unacceptable P1 [--alpha A] [--beta B]\n"
             "How many of N recognised units to re-inspect.  Cochran: n0 = z^2 P(1-P)/D^2,\n"
             "n = n0 / (1 + (n0 - 1)/N), rounded up; exact: the smallest n whose exact\n"
             "(hypergeometric) interval has half-width <= D at P.  LQAS: the smallest n and\n"
             "decision number d (accept the lot when at most d inspected units fail) with\n"
             "P(accept | failure rate P0) >= 1 - alpha and P(accept | P1) <= beta, and the\n"
             "operating characteristic.  -f csv|text|... for the OC table.\n");
      return fflush(stdout) == 0 ? 0 : EX_IOERR;
    case ':': return cli_usage_err(SUB, "option \"%s\" needs a value", argv[optind - 1]);
    default: return cli_usage_err(SUB, "unknown option \"%s\"", argv[optind - 1]);
    }
  }
  if (optind != argc) return cli_usage_err(SUB, "too many arguments");
  if (!N) return cli_usage_err(SUB, "missing --population");
  if (!lqas) {
    if (isnan(P) || isnan(D)) return cli_usage_err(SUB, "--expected and --margin are required");
    /* issue 19: no sample resolves a share finer than half a unit of N */
    if (D < 0.5 / (double)N)
      return cli_usage_err(SUB, "invalid --margin %g: below half a unit of the population (1/(2N) = %g); "
                                "only inspecting all %llu units gets that close", D, 0.5 / (double)N,
                           (unsigned long long)N);
    double n0;
    uint64_t n;
    if (exact) {
      if (pt_ss_exact(N, P, D, level, &n)) return cli_usage_err(SUB, "--method exact needs --population <= 1000000");
      printf("Re-inspect n = %llu of %llu units (exact hypergeometric interval, half-width <= %g at %g, level %g).\n",
             (unsigned long long)n, (unsigned long long)N, D, P, level);
    } else {
      if ((rc = pt_ss_cochran(N, P, D, level, &n0, &n))) {
        cli_err(SUB, "%s", pt_strerror(rc));
        return EX_SOFTWARE;
      }
      printf("Re-inspect n = %llu of %llu units (Cochran: n0 = %.2f, finite-population corrected; margin %g at %g, level %g).\n",
             (unsigned long long)n, (unsigned long long)N, n0, D, P, level);
    }
    return stdout_done(SUB, 1);
  }
  if (isnan(p0) || isnan(p1) || !(p0 < p1))
    return cli_usage_err(SUB, "--lqas needs --acceptable P0 < --unacceptable P1");
  uint64_t n, d;
  if (N > 1000000) return cli_usage_err(SUB, "--lqas needs --population <= 1000000");
  if (pt_lqas(N, p0, p1, alpha, beta, &n, &d)) {
    cli_err(SUB, "no sample of %llu units or fewer meets alpha %g and beta %g", (unsigned long long)N, alpha, beta);
    return EX_DATAERR;
  }
  if (fmt == PT_FMT_TEXT)
    printf("LQAS: inspect n = %llu units; accept the lot when at most d = %llu fail "
           "(P(accept | %g) = %.4f >= %g, P(accept | %g) = %.4f <= %g).\n", (unsigned long long)n,
           (unsigned long long)d, p0, pt_lqas_oc(N, n, d, p0), 1 - alpha, p1, pt_lqas_oc(N, n, d, p1), beta);
  static const pt_column cols[] = { { "failure_rate", 2, 0, 0 }, { "p_accept", 4, 0, 0 }, { "n", -1, 0, 0 }, { "d", -1, 0, 0 } };
  pt_emitter *e = pt_emitter_new(fmt, cols, 4);
  if (!e) return EX_OSERR;
  for (int k = 0; k <= 20; k++) {
    double p = k / 20.0;
    pt_cell v[] = { pt_cell_real(p), pt_cell_real(pt_lqas_oc(N, n, d, p)), pt_cell_int((long long)n), pt_cell_int((long long)d) };
    pt_emitter_row(e, v);
  }
  rc = stdout_done(SUB, pt_emitter_write(e, stdout) == PT_SUCCESS);
  pt_emitter_free(e);
  return rc;
}

/* ---- verify ---------------------------------------------------------------------- */

/* The table row an inspection row is about: same area, group, stage and
 * period.  Both tables are small (one row per key). */
static const pt_row *find_row(const pt_table *t, const pt_row *q)
{
  for (size_t i = 0; i < t->n; i++)
    if (pt_row_key_cmp(&t->rows[i], q) == 0) return &t->rows[i];
  return NULL;
}

int cmd_verify(int argc, char **argv)
{
  static const char *const SUB = "verify";
  static const struct option longopts[] = {
    { "inspections", required_argument, NULL, 'I' }, CLI_COMMON_LONGOPTS, { NULL, 0, NULL, 0 }
  };
  static void (*const help)(void) = NULL;
  cli_common cm;
  const char *ipath = NULL;
  int c, rc;
  cli_common_init(&cm);
  opterr = 0;
  optind = 1;
  while ((c = getopt_long(argc, argv, CLI_SHORTOPTS("I:"), longopts, NULL)) != -1) {
    switch (c) {
    case 'I': ipath = optarg; break;
    case 'h':
      printf("Usage: proptrend verify --inspections INSP.csv [OPTION]... FILE\n"
             "What re-inspection says about a stage's classification.  INSP.csv has the\n"
             "columns group,stage,period,inspected,confirmed (and area when FILE has it):\n"
             "'inspected' units drawn at random from the 'count' units FILE classified in\n"
             "that stage, 'confirmed' of them truly meeting the standard.  For each row:\n"
             "the confirmation rate with the Wilson interval and the exact\n"
             "finite-population (hypergeometric) interval, the number of truly compliant\n"
             "units among the classified (exact limits), and the corrected rate of the\n"
             "whole group (compliant / total; unclassified units counted as not\n"
             "compliant).  Inspecting more units than were classified is an error.\n"
             "CSV columns: [area,]group,stage,period,count,total,inspected,confirmed,rate,\n"
             "wilson_lower,wilson_upper,exact_lower,exact_upper,compliant,compliant_lower,\n"
             "compliant_upper,corrected,corrected_lower,corrected_upper\n"
             "  -l, --level L   confidence level (default 0.95)\n"
             "  -f, --format F  text, csv, tsv, md, latex or json\n"
             "  -o, --output F  write there (complete or not at all)\n"
             "      --lang L    with -f text: sentences in en (default) or vi\n%s", CLI_TABLE_HELP);
      return fflush(stdout) == 0 ? 0 : EX_IOERR;
    default:
      if ((rc = cli_common_option(SUB, c, argv, &cm, help))) return cli_exit(rc);
    }
  }
  if (optind + 1 != argc) return cli_usage_err(SUB, optind == argc ? "missing FILE" : "too many arguments");
  if (!ipath) return cli_usage_err(SUB, "missing --inspections FILE");
  const char *input = argv[optind];
  if (!strcmp(input, "-") && !strcmp(ipath, "-")) return cli_usage_err(SUB, "FILE and --inspections cannot both be standard input");
  pt_table t, ins;
  if ((rc = cli_read_table(SUB, input, &cm.lo, &t))) return rc;
  /* the inspection file: same format, its own column names */
  pt_load_opts io;
  pt_load_opts_init(&io);
  io.delimiter = cm.lo.delimiter;
  io.numfmt = cm.lo.numfmt;
  io.colname[PT_COL_COUNT] = "confirmed";
  io.colname[PT_COL_TOTAL] = "inspected";
  if ((rc = cli_read_table(SUB, ipath, &io, &ins))) { pt_table_free(&t); return rc; }
  if (ins.has_area != t.has_area) {
    cli_err(SUB, "%s: %s an area column and %s %s", ipath, ins.has_area ? "has" : "has no", input,
            t.has_area ? "has one" : "has none");
    rc = EX_DATAERR;
    goto done;
  }
  /* every inspection row must match a classified count it does not exceed */
  const pt_row **match = malloc((ins.n ? ins.n : 1) * sizeof *match);
  if (!match) { rc = EX_OSERR; cli_err(SUB, "out of memory"); goto done; }
  for (size_t i = 0; i < ins.n; i++) {
    const pt_row *q = &ins.rows[i], *r = find_row(&t, q);
    char key[3 * PT_LABEL_MAX + 64];
    pt_row_series_label(q, key, sizeof key);
    match[i] = r;
    if (!r) {
      fprintf(stderr, "%s:%lu: no row of %s for %s in %ld\n", ipath, q->line, input, key, q->period);
      rc = EX_DATAERR;
    } else if (q->total > r->count) {
      fprintf(stderr, "%s:%lu:%lu: inspected must be at most the %llu units %s classified (%s, %ld), got %llu\n",
              ipath, q->line, ins.col[PT_COL_TOTAL], (unsigned long long)r->count, input, key, q->period,
              (unsigned long long)q->total);
      rc = EX_DATAERR;
    }
  }
  if (rc) { free(match); goto done; }
  pt_verify_result *res = malloc((ins.n ? ins.n : 1) * sizeof *res);
  if (!res) { free(match); rc = EX_OSERR; cli_err(SUB, "out of memory"); goto done; }
  for (size_t i = 0; i < ins.n && !rc; i++) {
    const pt_row *q = &ins.rows[i], *r = match[i];
    if (pt_verify(q->count, q->total, r->count, r->total, cm.level, &res[i]) != PT_SUCCESS) {
      fprintf(stderr, "%s:%lu: cannot compute for %llu confirmed of %llu inspected among %llu of %llu units\n",
              ipath, q->line, (unsigned long long)q->count, (unsigned long long)q->total,
              (unsigned long long)r->count, (unsigned long long)r->total);
      rc = EX_DATAERR;
    }
  }
  if (!rc && cm.fmt == PT_FMT_TEXT) {
    /* one plain sentence per inspection */
    cli_out out;
    const char *inputs[] = { input, ipath, NULL };
    pt_labels lb;
    int vi = !strcmp(cm.lang, "vi");
    if (vi && (rc = cli_read_labels(SUB, NULL, &lb))) goto free_res;
    if ((rc = cli_out_open(SUB, &out, cm.output, inputs)) && vi) pt_labels_free(&lb);
    if (!rc) {
      for (size_t i = 0; i < ins.n; i++) {
        const pt_row *q = &ins.rows[i], *r = match[i];
        const pt_verify_result *v = &res[i];
        char key[3 * PT_LABEL_MAX + 64];
        cli_series(key, sizeof key, vi ? &lb : NULL, cm.lang, r->area, r->group, r->stage);
        cli_say(out.f, cm.lang, "s_verify",
                key, r->period, (unsigned long long)q->count, (unsigned long long)q->total, 100 * v->rate,
                100 * v->exact_lower, 100 * v->exact_upper, 100 * v->wilson_lower, 100 * v->wilson_upper,
                v->compliant, (unsigned long long)r->count, (unsigned long long)v->compliant_lower,
                (unsigned long long)v->compliant_upper, 100 * v->corrected, 100 * v->corrected_lower,
                100 * v->corrected_upper, (unsigned long long)r->total, 100.0 * (double)r->count / (double)r->total);
      }
      if (vi) pt_labels_free(&lb);
      cli_say(out.f, cm.lang, "s_verify_note", cm.level);
      rc = cli_out_commit(SUB, &out);
    }
  } else if (!rc) {
    pt_column cols[20];
    size_t nc = 0;
    static const char *const names[] = { "group", "stage", "period", "count", "total", "inspected", "confirmed",
                                         "rate", "wilson_lower", "wilson_upper", "exact_lower", "exact_upper",
                                         "compliant", "compliant_lower", "compliant_upper", "corrected",
                                         "corrected_lower", "corrected_upper" };
    if (t.has_area) cols[nc++] = (pt_column){ "area", -1, 0, 0 };
    for (size_t j = 0; j < 18; j++)
      cols[nc++] = (pt_column){ names[j], j >= 7 && j != 13 && j != 14 ? 4 : -1, 0, 0 };
    pt_emitter *e = pt_emitter_new(cm.fmt, cols, nc);
    if (!e) { rc = EX_OSERR; cli_err(SUB, "out of memory"); }
    for (size_t i = 0; i < ins.n && e; i++) {
      const pt_row *q = &ins.rows[i], *r = match[i];
      const pt_verify_result *v = &res[i];
      pt_cell cell[20];
      size_t k = 0;
      if (t.has_area) cell[k++] = pt_cell_text(r->area);
      cell[k++] = pt_cell_text(r->group); cell[k++] = pt_cell_text(r->stage); cell[k++] = pt_cell_int(r->period);
      cell[k++] = pt_cell_int((long long)r->count); cell[k++] = pt_cell_int((long long)r->total);
      cell[k++] = pt_cell_int((long long)q->total); cell[k++] = pt_cell_int((long long)q->count);
      cell[k++] = pt_cell_real(v->rate); cell[k++] = pt_cell_real(v->wilson_lower); cell[k++] = pt_cell_real(v->wilson_upper);
      cell[k++] = pt_cell_real(v->exact_lower); cell[k++] = pt_cell_real(v->exact_upper);
      cell[k++] = pt_cell_real(v->compliant); cell[k++] = pt_cell_int((long long)v->compliant_lower);
      cell[k++] = pt_cell_int((long long)v->compliant_upper); cell[k++] = pt_cell_real(v->corrected);
      cell[k++] = pt_cell_real(v->corrected_lower); cell[k++] = pt_cell_real(v->corrected_upper);
      pt_emitter_row(e, cell);
    }
    /* neither input may be overwritten */
    cli_out out;
    const char *inputs[] = { input, ipath, NULL };
    if (e && !(rc = cli_out_open(SUB, &out, cm.output, inputs))) rc = cli_emit_commit(SUB, e, &out, 0);
    else pt_emitter_free(e);
  }
free_res:
  free(res);
  free(match);
done:
  pt_table_free(&ins);
  pt_table_free(&t);
  return rc;
}

/* ---- adjust --------------------------------------------------------------------- */

int cmd_adjust(int argc, char **argv)
{
  static const char *const SUB = "adjust";
  static const struct option longopts[] = {
    { "sensitivity", required_argument, NULL, 'S' }, { "specificity", required_argument, NULL, 'P' },
    { "method", required_argument, NULL, 'm' }, { "grid", no_argument, NULL, 'g' },
    CLI_COMMON_LONGOPTS, { NULL, 0, NULL, 0 }
  };
  static void (*const help)(void) = NULL;
  cli_common cm;
  double se = NAN, sp = NAN;
  const pt_ci_method_info *m = pt_ci_method_find("wilson");
  int grid = 0, c, rc;
  cli_common_init(&cm);
  opterr = 0;
  optind = 1;
  while ((c = getopt_long(argc, argv, CLI_SHORTOPTS("m:"), longopts, NULL)) != -1) {
    switch (c) {
    case 'S': if ((rc = real_opt(SUB, "sensitivity", optarg, 0, 1.0000001, &se))) return rc; break;
    case 'P': if ((rc = real_opt(SUB, "specificity", optarg, 0, 1.0000001, &sp))) return rc; break;
    case 'm':
      if (strcmp(optarg, "wilson") && strcmp(optarg, "clopper-pearson"))
        return cli_usage_err(SUB, "invalid --method \"%s\": wilson or clopper-pearson", optarg);
      m = pt_ci_method_find(optarg);
      break;
    case 'g': grid = 1; break;
    case 'h':
      printf("Usage: proptrend adjust --sensitivity SE --specificity SP [--method wilson|\n"
             "                        clopper-pearson] [--grid] [OPTION]... FILE\n"
             "Rates adjusted for known classification error (Rogan & Gladen 1978):\n"
             "(p + SP - 1) / (SE + SP - 1), clipped to [0, 1], with the interval from the\n"
             "same transform of the apparent rate's limits (as R's epiR::epi.prev).\n"
             "--grid: the adjusted rate of every row over SE, SP in 0.80, 0.85, ..., 1.00.\n"
             "CSV columns: [area,]group,stage,period,count,total,p,p_lower,p_upper,adjusted,\n"
             "adjusted_lower,adjusted_upper,sensitivity,specificity\n%s", CLI_TABLE_HELP);
      return fflush(stdout) == 0 ? 0 : EX_IOERR;
    default:
      if ((rc = cli_common_option(SUB, c, argv, &cm, help))) return cli_exit(rc);
    }
  }
  if (optind + 1 != argc) return cli_usage_err(SUB, optind == argc ? "missing FILE" : "too many arguments");
  if (!grid && (isnan(se) || isnan(sp))) return cli_usage_err(SUB, "--sensitivity and --specificity are required (or --grid)");
  if (!grid && !(se + sp > 1))
    return cli_usage_err(SUB, "sensitivity + specificity must exceed 1 (got %g + %g): the classification would carry no information", se, sp);
  pt_table t;
  const char *input = argv[optind];
  if ((rc = cli_read_table(SUB, input, &cm.lo, &t))) return rc;
  pt_column cols[14];
  size_t nc = 0;
  static const char *const names[] = { "group", "stage", "period", "count", "total", "p", "p_lower", "p_upper",
                                       "adjusted", "adjusted_lower", "adjusted_upper", "sensitivity", "specificity" };
  if (t.has_area) cols[nc++] = (pt_column){ "area", -1, 0, 0 };
  for (size_t j = 0; j < 13; j++) cols[nc++] = (pt_column){ names[j], j >= 5 ? 4 : -1, 0, 0 };
  pt_emitter *e = pt_emitter_new(cm.fmt, cols, nc);
  if (!e) { pt_table_free(&t); return EX_OSERR; }
  for (size_t i = 0; i < t.n; i++) {
    const pt_row *r = &t.rows[i];
    double p = (double)r->count / (double)r->total, lo, hi;
    m->fn(r->count, r->total, cm.level, &lo, &hi);
    for (int a = 0; a <= (grid ? 4 : 0); a++)
      for (int b = 0; b <= (grid ? 4 : 0); b++) {
        double s1 = grid ? 0.80 + 0.05 * a : se, s2 = grid ? 0.80 + 0.05 * b : sp, adj, al, ah;
        pt_rogan_gladen(p, s1, s2, &adj);
        pt_rogan_gladen(lo, s1, s2, &al);
        pt_rogan_gladen(hi, s1, s2, &ah);
        pt_cell v[14];
        size_t k = 0;
        if (t.has_area) v[k++] = pt_cell_text(r->area);
        v[k++] = pt_cell_text(r->group); v[k++] = pt_cell_text(r->stage); v[k++] = pt_cell_int(r->period);
        v[k++] = pt_cell_int((long long)r->count); v[k++] = pt_cell_int((long long)r->total);
        v[k++] = pt_cell_real(p); v[k++] = pt_cell_real(lo); v[k++] = pt_cell_real(hi);
        v[k++] = pt_cell_real(adj); v[k++] = pt_cell_real(al); v[k++] = pt_cell_real(ah);
        v[k++] = pt_cell_real(s1); v[k++] = pt_cell_real(s2);
        pt_emitter_row(e, v);
      }
  }
  rc = cli_write_table(SUB, e, cm.output, input);
  pt_emitter_free(e);
  pt_table_free(&t);
  return rc;
}
