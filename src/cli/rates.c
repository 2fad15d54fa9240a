/* rates.c - proptrend rates: proportion and confidence interval per row. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "proptrend/analyses.h"
#include "proptrend/ci.h"
#include "proptrend/error.h"

static const char *const SUB = "rates";

static void help(void)
{
  printf("Usage: proptrend rates [OPTION]... FILE\n"
         "Print each row of the tidy table FILE ('-' for standard input) with its\n"
         "proportion count/total and a confidence interval.\n"
         "\n"
         "  -m, --method M     interval method (default wilson), or 'all' for one row per\n"
         "                     method; methods:");
  for (const pt_ci_method_info *m = pt_ci_methods; m->name; m++)
    printf("%s%s", (m - pt_ci_methods) % 5 == 0 ? "\n                       " : " ", m->name);
  printf("\n"
         "  -l, --level L      confidence level, 0 < L < 1 (default 0.95)\n"
         "  -f, --format F     text, csv, tsv, markdown, latex or json\n"
         "                     (default: text on a terminal, csv otherwise)\n"
         "  -o, --output FILE  write to FILE (complete or not at all) instead of stdout\n"
         "%s"
         "  -h, --help         display this help and exit\n"
         "\n"
         "CSV columns: [area,]group,stage,period,count,total,p,lower,upper,method,level\n"
         "Example: proptrend rates --method clopper-pearson --format csv data.csv\n",
         CLI_TABLE_HELP);
}

int cmd_rates(int argc, char **argv)
{
  static const struct option longopts[] = {
    { "method", required_argument, NULL, 'm' },
    CLI_COMMON_LONGOPTS,
    { NULL, 0, NULL, 0 }
  };
  cli_common cm;
  const char *method = "wilson";
  const pt_ci_method_info *only = NULL;
  int c, rc;

  cli_common_init(&cm);
  opterr = 0;
  optind = 1;
  while ((c = getopt_long(argc, argv, CLI_SHORTOPTS("m:"), longopts, NULL)) != -1) {
    if (c == 'm') { method = optarg; continue; }
    if ((rc = cli_common_option(SUB, c, argv, &cm, help))) return cli_exit(rc);
  }
  const double level = cm.level;
  if (strcmp(method, "all") != 0 && !(only = pt_ci_method_find(method)))
    return cli_usage_err(SUB, "unknown --method \"%s\"", method);
  if (optind + 1 != argc)
    return cli_usage_err(SUB, optind == argc ? "missing FILE" : "too many arguments");

  pt_table t;
  const char *input = argv[optind];
  if ((rc = cli_read_table(SUB, input, &cm.lo, &t))) return rc;
  pt_an_rates_opts o = { level, only };
  pt_an_rates res;
  int st = pt_an_rates_run(&t, &o, &res);
  if (st == PT_SUCCESS) {
    cli_records r = { pt_an_rate_fields, pt_an_rate_nfields, t.has_area, res.r, sizeof *res.r, res.n, NULL, NULL };
    rc = cli_emit_records(SUB, &cm, input, &r);
  } else if (res.failed_line) {
    cli_err(SUB, "%s:%lu: %s interval failed: %s", input, res.failed_line, res.failed_method, pt_strerror(st));
    rc = EX_SOFTWARE;
  } else {
    rc = cli_lib_err(SUB, input, st);
  }
  pt_an_rates_free(&res);
  pt_table_free(&t);
  return rc;
}
