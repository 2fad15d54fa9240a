/* rates.c - proptrend rates: proportion and confidence interval per row. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "opts.h"
#include "proptrend/analyses.h"
#include "proptrend/error.h"

typedef struct rates_args {
  cli_common cm;
  pt_an_rates_opts o;
} rates_args;

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
  pt_an_rates res;
  int first, rc;
  cli_common_init(&a.cm);
  pt_an_rates_opts_init(&a.o);
  if ((rc = cli_parse(&rates_spec, argc, argv, &a, &first))) return cli_exit(rc);
  a.o.level = a.cm.level;
  const char *input = argv[first];
  if ((rc = cli_read_table(rates_spec.sub, input, &a.cm.lo, &t))) return rc;
  int st = pt_an_rates_run(&t, &a.o, &res);
  if (st == PT_SUCCESS) {
    cli_records r = { pt_an_rate_fields, pt_an_rate_nfields, t.has_area, res.r, sizeof *res.r, res.n, NULL, NULL };
    rc = cli_emit_records(rates_spec.sub, &a.cm, input, &r);
  } else if (res.failed_line) {
    cli_err(rates_spec.sub, "%s:%lu: %s interval failed: %s", input, res.failed_line, res.failed_method, pt_strerror(st));
    rc = EX_SOFTWARE;
  } else {
    rc = cli_lib_err(rates_spec.sub, input, st);
  }
  pt_an_rates_free(&res);
  pt_table_free(&t);
  return rc;
}
