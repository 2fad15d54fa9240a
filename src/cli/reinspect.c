/* reinspect.c - proptrend sample-size, verify and adjust: re-inspection
 * planning, re-inspection results, and rates adjusted for classification
 * error.  Options are data (opts.h); the numbers come from the library
 * (reinspect.h, analyses.h); this file only words and writes them. */
#include <config.h>

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "messages.h"
#include "opts.h"
#include "proptrend/analyses.h"
#include "proptrend/error.h"
#include "proptrend/num.h"

#define SPEC_N(sets) (sizeof sets / sizeof sets[0])

/* ---- sample-size ------------------------------------------------------------ */

typedef struct ss_args {
  cli_common cm;                 /* level and format only */
  uint64_t N;
  double P, D, p0, p1, alpha, beta;
  int exact, lqas;
} ss_args;

static int parse_population(const char *arg, void *dst)
{
  uint64_t *N = dst;
  return pt_num_parse_count(arg, strlen(arg), PT_NUMFMT_PLAIN, 1000000000ULL, N) || *N == 0 ? -1 : 0;
}

static const char *const ss_methods[] = { "cochran", "exact", NULL };
#define UNIT "a number between 0 and 1"
static const cli_opt ss_opts[] = {
  CLI_FN("population", 0, "N", ss_args, N, parse_population, "a whole number > 0", 0, "units classified (recognised)"),
  CLI_DOUBLE("expected", 0, "P", ss_args, P, 0, 1, CLI_OPEN_LOW | CLI_OPEN_HIGH, UNIT, "expected compliant share"),
  CLI_DOUBLE("margin", 0, "D", ss_args, D, 0, 1, CLI_OPEN_LOW | CLI_OPEN_HIGH, UNIT,
             "half-width wanted, as a share (at least 1/(2N))"),
  CLI_FN("level", 'l', "L", ss_args, cm.level, cli_opt_level, "a number between 0 and 1, e.g. 0.95", 0,
         "confidence level, 0 < L < 1 (default 0.95)"),
  CLI_CHOICE("method", 'm', "M", ss_args, exact, ss_methods, NULL, "cochran (default) or exact"),
  CLI_FLAG("lqas", 0, ss_args, lqas, "lot quality assurance sampling instead"),
  CLI_DOUBLE("acceptable", 0, "P0", ss_args, p0, 0, 1, CLI_OPEN_HIGH, UNIT, "LQAS: an acceptable failure rate"),
  CLI_DOUBLE("unacceptable", 0, "P1", ss_args, p1, 0, 1, CLI_OPEN_LOW, UNIT, "LQAS: an unacceptable failure rate"),
  CLI_DOUBLE("alpha", 0, "A", ss_args, alpha, 0, 1, CLI_OPEN_LOW | CLI_OPEN_HIGH, UNIT,
             "LQAS: risk of rejecting an acceptable lot (0.05)"),
  CLI_DOUBLE("beta", 0, "B", ss_args, beta, 0, 1, CLI_OPEN_LOW | CLI_OPEN_HIGH, UNIT,
             "LQAS: risk of accepting an unacceptable lot (0.10)"),
  CLI_FN("format", 'f', "F", ss_args, cm.fmt, cli_opt_format, "text, csv, tsv, markdown, latex or json", 0,
         "the OC table: text, csv, tsv, markdown, latex or json"),
};
static const cli_optset ss_sets[] = { CLI_SET(NULL, ss_opts, 0), CLI_HELP_SET };
static const cli_spec ss_spec = {
  "sample-size",
  "Usage: proptrend sample-size --population N --expected P --margin D [--level L]\n"
  "                             [--method cochran|exact]\n"
  "       proptrend sample-size --lqas --population N --acceptable P0\n"
  "                             --unacceptable P1 [--alpha A] [--beta B]\n"
  "How many of N recognised units to re-inspect.  Cochran: n0 = z^2 P(1-P)/D^2,\n"
  "n = n0 / (1 + (n0 - 1)/N), rounded up; exact: the smallest n whose exact\n"
  "(hypergeometric) interval has half-width <= D at P.  LQAS: the smallest n and\n"
  "decision number d (accept the lot when at most d inspected units fail) with\n"
  "P(accept | failure rate P0) >= 1 - alpha and P(accept | P1) <= beta, and the\n"
  "operating characteristic.  -f csv|text|... for the OC table.\n",
  NULL, ss_sets, SPEC_N(ss_sets), 0, 0, NULL,
};

/* The answer on standard output: a failed write (a full disk) says so. */
static int stdout_done(const char *sub)
{
  if (fflush(stdout) == 0 && !ferror(stdout)) return 0;
  cli_err(sub, "error writing standard output: %s", strerror(errno ? errno : EIO));
  return EX_IOERR;
}

static int ss_survey(const ss_args *a)
{
  const char *sub = ss_spec.sub;
  if (isnan(a->P) || isnan(a->D)) return cli_usage_err(sub, "--expected and --margin are required");
  /* issue 19: no sample resolves a share finer than half a unit of N */
  if (a->D < 0.5 / (double)a->N)
    return cli_usage_err(sub, "invalid --margin %g: below half a unit of the population (1/(2N) = %g); "
                              "only inspecting all %llu units gets that close", a->D, 0.5 / (double)a->N,
                         (unsigned long long)a->N);
  double n0, level = a->cm.level;
  uint64_t n;
  unsigned long long NN = a->N;
  if (a->exact) {
    if (pt_ss_exact(a->N, a->P, a->D, level, &n)) return cli_usage_err(sub, "--method exact needs --population <= 1000000");
    printf("Re-inspect n = %llu of %llu units (exact hypergeometric interval, half-width <= %g at %g, level %g).\n",
           (unsigned long long)n, NN, a->D, a->P, level);
  } else {
    int rc = pt_ss_cochran(a->N, a->P, a->D, level, &n0, &n);
    if (rc) { cli_err(sub, "%s", pt_strerror(rc)); return EX_SOFTWARE; }
    printf("Re-inspect n = %llu of %llu units (Cochran: n0 = %.2f, finite-population corrected; margin %g at %g, level %g).\n",
           (unsigned long long)n, NN, n0, a->D, a->P, level);
  }
  return stdout_done(sub);
}

static int ss_lqas(const ss_args *a)
{
  const char *sub = ss_spec.sub;
  if (isnan(a->p0) || isnan(a->p1) || !(a->p0 < a->p1))
    return cli_usage_err(sub, "--lqas needs --acceptable P0 < --unacceptable P1");
  if (a->N > 1000000) return cli_usage_err(sub, "--lqas needs --population <= 1000000");
  pt_an_lqas q;
  if (pt_an_lqas_run(a->N, a->p0, a->p1, a->alpha, a->beta, &q)) {
    cli_err(sub, "no sample of %llu units or fewer meets alpha %g and beta %g", (unsigned long long)a->N, a->alpha, a->beta);
    return EX_DATAERR;
  }
  if (a->cm.fmt == PT_FMT_TEXT)
    printf("LQAS: inspect n = %llu units; accept the lot when at most d = %llu fail "
           "(P(accept | %g) = %.4f >= %g, P(accept | %g) = %.4f <= %g).\n", (unsigned long long)q.n,
           (unsigned long long)q.d, a->p0, q.accept_p0, 1 - a->alpha, a->p1, q.accept_p1, a->beta);
  cli_records r = { pt_an_oc_fields, pt_an_oc_nfields, 0, q.oc, sizeof q.oc[0], 21, NULL, NULL };
  return cli_emit_records(sub, &a->cm, NULL, &r);
}

int cmd_sample_size(int argc, char **argv)
{
  ss_args a = { .P = NAN, .D = NAN, .p0 = NAN, .p1 = NAN, .alpha = 0.05, .beta = 0.10 };
  int first, rc;
  cli_common_init(&a.cm);
  if ((rc = cli_parse(&ss_spec, argc, argv, &a, &first))) return cli_exit(rc);
  if (!a.N) return cli_usage_err(ss_spec.sub, "missing --population");
  return a.lqas ? ss_lqas(&a) : ss_survey(&a);
}

/* ---- verify ---------------------------------------------------------------------- */

typedef struct verify_args {
  cli_common cm;
  const char *inspections;
} verify_args;

static const cli_opt verify_opts[] = {
  CLI_STR("inspections", 'I', "FILE", verify_args, inspections,
          "the re-inspection results (required)"),
};
static const cli_optset verify_sets[] = {
  CLI_SET(NULL, verify_opts, 0), CLI_COMMON_SET(verify_args, cm), CLI_TABLE_SET(verify_args, cm), CLI_HELP_SET,
};
static const cli_spec verify_spec = {
  "verify",
  "Usage: proptrend verify --inspections INSP.csv [OPTION]... FILE\n"
  "What re-inspection says about a stage's classification.  INSP.csv has the\n"
  "columns group,stage,period,inspected,confirmed (and area when FILE has it):\n"
  "'inspected' units drawn at random from the 'count' units FILE classified in\n"
  "that stage, 'confirmed' of them truly meeting the standard.  For each row:\n"
  "the confirmation rate with the Wilson interval and the exact\n"
  "finite-population (hypergeometric) interval, the number of truly compliant\n"
  "units among the classified (exact limits), and the corrected rate of the\n"
  "whole group (compliant / total; unclassified units counted as not\n"
  "compliant).  Inspecting more units than were classified is an error.\n",
  "CSV columns: [area,]group,stage,period,count,total,inspected,confirmed,rate,\n"
  "wilson_lower,wilson_upper,exact_lower,exact_upper,compliant,compliant_lower,\n"
  "compliant_upper,corrected,corrected_lower,corrected_upper\n",
  verify_sets, SPEC_N(verify_sets), 1, 1, "missing FILE",
};

/* One problem of the run, as today's message (inspection file:line[:col]). */
static void verify_problem(const pt_an_verify_problem *p, const pt_table *t, const pt_table *ins,
                           const char *input, const char *ipath)
{
  const pt_row *q = p->insp, *r = p->row;
  char key[3 * PT_LABEL_MAX + 64];
  if (q) pt_row_series_label(q, key, sizeof key);
  switch (p->kind) {
  case PT_AN_VERIFY_AREAS:
    cli_err(verify_spec.sub, "%s: %s an area column and %s %s", ipath, ins->has_area ? "has" : "has no", input,
            t->has_area ? "has one" : "has none");
    break;
  case PT_AN_VERIFY_NO_ROW:
    fprintf(stderr, "%s:%lu: no row of %s for %s in %ld\n", ipath, p->line, input, key, q->period);
    break;
  case PT_AN_VERIFY_EXCEEDS:
    fprintf(stderr, "%s:%lu:%lu: inspected must be at most the %llu units %s classified (%s, %ld), got %llu\n",
            ipath, p->line, p->col, (unsigned long long)r->count, input, key, q->period,
            (unsigned long long)q->total);
    break;
  case PT_AN_VERIFY_UNDEFINED:
    fprintf(stderr, "%s:%lu: cannot compute for %llu confirmed of %llu inspected among %llu of %llu units\n",
            ipath, p->line, (unsigned long long)q->count, (unsigned long long)q->total,
            (unsigned long long)r->count, (unsigned long long)r->total);
    break;
  }
}

/* One sentence per inspection, then the note on the intervals. */
static int verify_text(const verify_args *a, const pt_an_verifies *res, const char *input)
{
  const char *sub = verify_spec.sub, *lang = a->cm.lang;
  const char *inputs[] = { input, a->inspections, NULL };
  int vi = !strcmp(lang, "vi"), rc;
  pt_labels lb;
  cli_out out;
  if (vi && (rc = cli_read_labels(sub, NULL, &lb))) return rc;
  if (!(rc = cli_out_open(sub, &out, a->cm.output, inputs))) {
    for (size_t i = 0; i < res->n; i++) {
      const pt_an_verify *x = &res->r[i];
      const pt_verify_result *v = &x->v;
      char key[3 * PT_LABEL_MAX + 64];
      cli_series(key, sizeof key, vi ? &lb : NULL, lang, x->area, x->group, x->stage);
      CLI_SAY(out.f, lang, S_VERIFY, key, x->period, (unsigned long long)x->confirmed,
              (unsigned long long)x->inspected, 100 * v->rate, 100 * v->exact_lower, 100 * v->exact_upper,
              100 * v->wilson_lower, 100 * v->wilson_upper, v->compliant, (unsigned long long)x->count,
              (unsigned long long)v->compliant_lower, (unsigned long long)v->compliant_upper, 100 * v->corrected,
              100 * v->corrected_lower, 100 * v->corrected_upper, (unsigned long long)x->total,
              100.0 * (double)x->count / (double)x->total);
    }
    CLI_SAY(out.f, lang, S_VERIFY_NOTE, a->cm.level);
    rc = cli_out_commit(sub, &out);
  }
  if (vi) pt_labels_free(&lb);
  return rc;
}

/* The inspection file: the table's format, its own column names. */
static int read_inspections(const verify_args *a, pt_table *ins)
{
  pt_load_opts io;
  pt_load_opts_init(&io);
  io.delimiter = a->cm.lo.delimiter;
  io.numfmt = a->cm.lo.numfmt;
  io.colname[PT_COL_COUNT] = "confirmed";
  io.colname[PT_COL_TOTAL] = "inspected";
  return cli_read_table(verify_spec.sub, a->inspections, &io, ins);
}

static int verify_emit(const verify_args *a, const pt_table *t, const pt_table *ins, const char *input)
{
  pt_an_verifies res;
  int rc, st = pt_an_verify_run(t, ins, a->cm.level, &res);
  if (st == PT_EDATA) {
    for (size_t i = 0; i < res.np; i++) verify_problem(&res.p[i], t, ins, input, a->inspections);
    rc = EX_DATAERR;
  } else if (st) {
    rc = cli_lib_err(verify_spec.sub, input, st);
  } else if (a->cm.fmt == PT_FMT_TEXT) {
    rc = verify_text(a, &res, input);
  } else {
    /* both tables are registered inputs: neither may be overwritten */
    cli_records r = { pt_an_verify_fields, pt_an_verify_nfields, t->has_area, res.r, sizeof *res.r, res.n, NULL, NULL };
    rc = cli_emit_records(verify_spec.sub, &a->cm, input, &r);
  }
  pt_an_verify_free(&res);
  return rc;
}

int cmd_verify(int argc, char **argv)
{
  const char *sub = verify_spec.sub;
  verify_args a = { .inspections = NULL };
  int first, rc;
  cli_common_init(&a.cm);
  if ((rc = cli_parse(&verify_spec, argc, argv, &a, &first))) return cli_exit(rc);
  if (!a.inspections) return cli_usage_err(sub, "missing --inspections FILE");
  const char *input = argv[first];
  if (!strcmp(input, "-") && !strcmp(a.inspections, "-"))
    return cli_usage_err(sub, "FILE and --inspections cannot both be standard input");
  pt_table t, ins;
  if ((rc = cli_read_table(sub, input, &a.cm.lo, &t))) return rc;
  if (!(rc = read_inspections(&a, &ins))) {
    rc = verify_emit(&a, &t, &ins, input);
    pt_table_free(&ins);
  }
  pt_table_free(&t);
  return rc;
}

/* ---- adjust --------------------------------------------------------------------- */

/* --sensitivity / --specificity: a known rate, or counts X/N from a re-inspection. */
typedef struct rate_arg {
  int set, counts;
  double v;
  uint64_t x, n;
} rate_arg;

static int parse_rate(const char *arg, void *dst)
{
  rate_arg *r = dst;
  const char *slash = strchr(arg, '/');
  r->set = 1;
  r->counts = slash != NULL;
  if (!slash) return pt_num_parse_double(arg, &r->v) != PT_NUM_OK || !(r->v > 0 && r->v <= 1) ? -1 : 0;
  if (pt_num_parse_count(arg, (size_t)(slash - arg), PT_NUMFMT_PLAIN, UINT64_MAX, &r->x) ||
      pt_num_parse_count(slash + 1, strlen(slash + 1), PT_NUMFMT_PLAIN, UINT64_MAX, &r->n) || !r->n || r->x > r->n)
    return -1;
  r->v = (double)r->x / (double)r->n;
  return 0;
}

typedef struct adjust_args {
  cli_common cm;
  rate_arg se, sp;
  int method, grid;
} adjust_args;

static const char *const adjust_methods[] = { "wilson", "clopper-pearson", NULL };
#define RATE_WHAT "a number between 0 and 1, or counts X/N with X <= N"
static const cli_opt adjust_opts[] = {
  CLI_FN("sensitivity", 0, "SE", adjust_args, se, parse_rate, RATE_WHAT, 0,
         "known sensitivity, or X/N: X of N truly compliant\nunits re-inspected were classified compliant"),
  CLI_FN("specificity", 0, "SP", adjust_args, sp, parse_rate, RATE_WHAT, 0,
         "known specificity, or X/N: X of N truly\nnon-compliant units were classified non-compliant"),
  CLI_CHOICE("method", 'm', "M", adjust_args, method, adjust_methods, NULL,
             "the apparent rate's interval: wilson (default)\nor clopper-pearson"),
  CLI_FLAG("grid", 0, adjust_args, grid, "every SE, SP in 0.80, 0.85, ..., 1.00"),
};
static const cli_optset adjust_sets[] = {
  CLI_SET(NULL, adjust_opts, 0), CLI_COMMON_SET(adjust_args, cm), CLI_TABLE_SET(adjust_args, cm), CLI_HELP_SET,
};
static const cli_spec adjust_spec = {
  "adjust",
  "Usage: proptrend adjust --sensitivity SE --specificity SP [--method wilson|\n"
  "                        clopper-pearson] [--grid] [OPTION]... FILE\n"
  "Rates adjusted for known classification error (Rogan & Gladen 1978):\n"
  "(p + SP - 1) / (SE + SP - 1), clipped to [0, 1], with the interval from the\n"
  "same transform of the apparent rate's limits (as R's epiR::epi.prev).\n"
  "--grid: the adjusted rate of every row over SE, SP in 0.80, 0.85, ..., 1.00.\n"
  "With counts (--sensitivity 45/50 --specificity 180/190) SE and SP are\n"
  "estimates: their sampling error widens the interval (delta method, Greiner &\n"
  "Gardner 2000), nothing is clipped, and a row whose apparent rate lies outside\n"
  "[1 - SP, SE] is reported as not identifiable (status below or above).\n",
  "CSV columns: [area,]group,stage,period,count,total,p,p_lower,p_upper,adjusted,\n"
  "adjusted_lower,adjusted_upper,sensitivity,specificity; with counts also\n"
  "adjusted_sd,known_lower,known_upper (the interval were SE, SP known),status\n",
  adjust_sets, SPEC_N(adjust_sets), 1, 1, "missing FILE",
};

/* The library's options from the command line's; 0 or a usage error. */
static int adjust_setup(const adjust_args *a, pt_an_adjust_opts *o)
{
  const char *sub = adjust_spec.sub;
  pt_an_adjust_opts_init(o);
  o->level = a->cm.level;
  o->method = pt_ci_method_find(adjust_methods[a->method]);
  o->grid = a->grid;
  if (a->grid) return 0;
  if (!a->se.set || !a->sp.set) return cli_usage_err(sub, "--sensitivity and --specificity are required (or --grid)");
  if (a->se.counts != a->sp.counts)
    return cli_usage_err(sub, "--sensitivity and --specificity must both be numbers or both counts X/N");
  if (!(a->se.v + a->sp.v > 1))
    return cli_usage_err(sub, "sensitivity + specificity must exceed 1 (got %g + %g): the classification would carry no information",
                         a->se.v, a->sp.v);
  o->se = a->se.v;
  o->sp = a->sp.v;
  o->counts = a->se.counts;
  o->se_x = a->se.x; o->se_n = a->se.n;
  o->sp_x = a->sp.x; o->sp_n = a->sp.n;
  return 0;
}

/* A row the adjustment cannot place in [0, 1], said on standard error. */
static void adjust_warn(const pt_an_adjusts *res, const char *input, const char *lang)
{
  for (size_t i = 0; i < res->n; i++) {
    const pt_an_adjust *x = &res->r[i];
    if (x->status != PT_RG_BELOW && x->status != PT_RG_ABOVE) continue;
    fprintf(stderr, "%s:%lu: ", input, x->line);
    if (x->status == PT_RG_BELOW) CLI_SAY(stderr, lang, S_RG_BELOW, x->adjusted);
    else CLI_SAY(stderr, lang, S_RG_ABOVE, x->adjusted);
  }
}

int cmd_adjust(int argc, char **argv)
{
  adjust_args a = { .method = 0 };
  pt_an_adjust_opts o;
  pt_an_adjusts res;
  pt_table t;
  int first, rc;
  cli_common_init(&a.cm);
  if ((rc = cli_parse(&adjust_spec, argc, argv, &a, &first))) return cli_exit(rc);
  if ((rc = adjust_setup(&a, &o))) return rc;
  const char *input = argv[first];
  if ((rc = cli_read_table(adjust_spec.sub, input, &a.cm.lo, &t))) return rc;
  int st = pt_an_adjust_run(&t, &o, &res);
  if (st) {
    rc = cli_lib_err(adjust_spec.sub, input, st);
  } else {
    cli_records r = { o.counts ? pt_an_adjust_counts_fields : pt_an_adjust_fields,
                      o.counts ? pt_an_adjust_counts_nfields : pt_an_adjust_nfields, t.has_area, res.r,
                      sizeof *res.r, res.n, NULL, NULL };
    if (!(rc = cli_emit_records(adjust_spec.sub, &a.cm, input, &r))) adjust_warn(&res, input, a.cm.lang);
  }
  pt_an_adjust_free(&res);
  pt_table_free(&t);
  return rc;
}
