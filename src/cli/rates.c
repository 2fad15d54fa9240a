/* rates.c - proptrend rates: proportion and confidence interval per row. */
#include <config.h>

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "opts.h"
#include "proptrend/analyses.h"
#include "proptrend/error.h"

typedef struct rates_args {
  cli_common cm;
  pt_an_rates_opts o;
  int nthreads;
} rates_args;

#define MAX_THREADS 64

/* One part of the rows: its intervals (pt_an_rates_run on a view of the
 * table; the interval functions keep no state, so parts run in parallel). */
typedef struct rates_part {
  pt_table view;
  const pt_an_rates_opts *o;
  pt_an_rates res;
  int st;
} rates_part;

static void *part_run(void *p)
{
  rates_part *q = p;
  q->st = pt_an_rates_run(&q->view, q->o, &q->res);
  return NULL;
}

/* The intervals of t in nparts parts, part 0 on this thread; PT_ENOMEM when
 * a thread cannot start (its part then runs here). */
static void rates_parallel(const pt_table *t, const pt_an_rates_opts *o, rates_part *parts, int nparts)
{
  pthread_t tid[MAX_THREADS];
  int started[MAX_THREADS] = { 0 };
  for (int k = 0; k < nparts; k++) {
    size_t lo = t->n * (size_t)k / (size_t)nparts, hi = t->n * (size_t)(k + 1) / (size_t)nparts;
    parts[k].view = *t;
    parts[k].view.rows = t->rows + lo;
    parts[k].view.n = hi - lo;
    parts[k].o = o;
  }
  for (int k = 1; k < nparts; k++) started[k] = pthread_create(&tid[k], NULL, part_run, &parts[k]) == 0;
  part_run(&parts[0]);
  for (int k = 1; k < nparts; k++) {
    if (started[k]) pthread_join(tid[k], NULL);
    else part_run(&parts[k]);
  }
}

/* The machine's online cores, at most 8: the intervals and the writing of a
 * large table split over them; a small table stays on one (below). */
static int default_threads(void)
{
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n < 1 ? 1 : n > 8 ? 8 : (int)n;
}

/* An interval method by name, or 'all' (NULL: every method). */
static int parse_method(const char *arg, void *dst)
{
  const pt_ci_method_info **m = dst;
  if (!strcmp(arg, "all")) { *m = NULL; return 0; }
  return (*m = pt_ci_method_find(arg)) ? 0 : -1;
}

static const cli_opt rates_opts[] = {
  CLI_FN("method", 'm', "M", rates_args, o.method, parse_method, NULL, 1,
         "interval method (default wilson), or 'all' for one row per\nmethod; methods:\n"
         "  wald wilson wilson-cc agresti-coull jeffreys\n  clopper-pearson mid-p likelihood blaker logit\n  arcsine"),
  CLI_INT("threads", 'j', "N", rates_args, nthreads, 1, MAX_THREADS, NULL,
          "read, compute and write on N threads (default:\nthe machine's cores, at most 8; the output is the\nsame)"),
};
static const cli_optset rates_sets[] = {
  CLI_SET(NULL, rates_opts, 0), CLI_COMMON_SET(rates_args, cm), CLI_TABLE_SET(rates_args, cm), CLI_HELP_SET,
};
static const cli_spec rates_spec = {
  "rates",
  "Usage: proptrend rates [OPTION]... FILE\n"
  "Print each row of the tidy table FILE ('-' for standard input) with its\n"
  "proportion count/total and a confidence interval.\n",
  "CSV columns: [area,]group,stage,period,count,total,p,lower,upper,method,level\n"
  "Example: proptrend rates --method clopper-pearson --format csv data.csv\n",
  rates_sets, sizeof rates_sets / sizeof rates_sets[0], 1, 1, "missing FILE",
};

int cmd_rates(int argc, char **argv)
{
  rates_args a;
  pt_table t;
  rates_part parts[MAX_THREADS];
  cli_records recs[MAX_THREADS];
  int first, rc;
  cli_common_init(&a.cm);
  pt_an_rates_opts_init(&a.o);
  a.nthreads = default_threads();
  if ((rc = cli_parse(&rates_spec, argc, argv, &a, &first))) return cli_exit(rc);
  a.o.level = a.cm.level;
  const char *input = argv[first];
  a.cm.lo.threads = (unsigned)a.nthreads;   /* the reading too (table.h) */
  if ((rc = cli_read_table(rates_spec.sub, input, &a.cm.lo, &t))) return rc;
  /* a thread for fewer than 10,000 rows costs more than it saves */
  int np = t.n / 10000 < (size_t)a.nthreads ? (int)(t.n / 10000) : a.nthreads;
  if (np < 1) np = 1;
  memset(parts, 0, sizeof parts);
  rates_parallel(&t, &a.o, parts, np);
  int k = 0;
  while (k < np && parts[k].st == PT_SUCCESS) k++;   /* the first part that failed */
  if (k == np) {
    for (int j = 0; j < np; j++)
      recs[j] = (cli_records){ pt_an_rate_fields, pt_an_rate_nfields, t.has_area, parts[j].res.r,
                               sizeof *parts[j].res.r, parts[j].res.n, NULL, NULL };
    rc = cli_emit_parts(rates_spec.sub, &a.cm, input, recs, (size_t)np);
  } else if (parts[k].res.failed_line) {
    cli_err(rates_spec.sub, "%s:%lu: %s interval failed: %s", input, parts[k].res.failed_line,
            parts[k].res.failed_method, pt_strerror(parts[k].st));
    rc = EX_SOFTWARE;
  } else {
    rc = cli_lib_err(rates_spec.sub, input, parts[k].st);
  }
  for (int j = 0; j < np; j++) pt_an_rates_free(&parts[j].res);
  pt_table_free(&t);
  return rc;
}
