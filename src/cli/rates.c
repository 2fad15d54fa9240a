/* rates.c - proptrend rates: proportion and confidence interval per row. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "cli.h"
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

  pt_column cols[11];
  size_t nc = 0;
  if (t.has_area) cols[nc++] = (pt_column){ "area", -1, 0, 0 };
  cols[nc++] = (pt_column){ "group", -1, 0, 0 };
  cols[nc++] = (pt_column){ "stage", -1, 0, 0 };
  cols[nc++] = (pt_column){ "period", -1, 0, 0 };
  cols[nc++] = (pt_column){ "count", -1, 0, 0 };
  cols[nc++] = (pt_column){ "total", -1, 0, 0 };
  cols[nc++] = (pt_column){ "p", 4, 0, 0 };
  cols[nc++] = (pt_column){ "lower", 4, 0, 0 };
  cols[nc++] = (pt_column){ "upper", 4, 0, 0 };
  cols[nc++] = (pt_column){ "method", -1, 0, 0 };
  cols[nc++] = (pt_column){ "level", -1, 0, 0 };
  pt_emitter *e = pt_emitter_new(cm.fmt, cols, nc);
  if (!e) { pt_table_free(&t); cli_err(SUB, "out of memory"); return EX_OSERR; }

  rc = 0;
  for (size_t i = 0; i < t.n && !rc; i++) {
    const pt_row *r = &t.rows[i];
    for (const pt_ci_method_info *m = only ? only : pt_ci_methods; m->name; m++) {
      double lower, upper;
      int st = m->fn(r->count, r->total, level, &lower, &upper);
      if (st) {
        cli_err(SUB, "%s:%lu: %s interval failed: %s", input, r->line, m->name, pt_strerror(st));
        rc = EX_SOFTWARE;
        break;
      }
      pt_cell cells[11];
      size_t k = 0;
      if (t.has_area) cells[k++] = pt_cell_text(r->area);
      cells[k++] = pt_cell_text(r->group);
      cells[k++] = pt_cell_text(r->stage);
      cells[k++] = pt_cell_int(r->period);
      cells[k++] = pt_cell_int((long long)r->count);
      cells[k++] = pt_cell_int((long long)r->total);
      cells[k++] = pt_cell_real((double)r->count / (double)r->total);
      cells[k++] = pt_cell_real(lower);
      cells[k++] = pt_cell_real(upper);
      cells[k++] = pt_cell_text(m->name);
      cells[k++] = pt_cell_real(level);
      if (pt_emitter_row(e, cells) != PT_SUCCESS) { cli_err(SUB, "out of memory"); rc = EX_OSERR; break; }
      if (only) break;
    }
  }
  if (!rc) rc = cli_write_table(SUB, e, cm.output, input);
  pt_emitter_free(e);
  pt_table_free(&t);
  return rc;
}
