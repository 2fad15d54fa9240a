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
    { "level", required_argument, NULL, 'l' },
    { "format", required_argument, NULL, 'f' },
    { "output", required_argument, NULL, 'o' },
    { "help", no_argument, NULL, 'h' },
    CLI_TABLE_LONGOPTS,
    { NULL, 0, NULL, 0 }
  };
  pt_load_opts lo;
  pt_format fmt = cli_default_format();
  double level = 0.95;
  const char *method = "wilson", *output = NULL;
  const pt_ci_method_info *only = NULL;
  int c, rc;

  pt_load_opts_init(&lo);
  opterr = 0;
  optind = 1;
  while ((c = getopt_long(argc, argv, ":m:l:f:o:h", longopts, NULL)) != -1) {
    switch (c) {
    case 'm': method = optarg; break;
    case 'l': if ((rc = cli_parse_level(SUB, optarg, &level))) return rc; break;
    case 'f': if ((rc = cli_parse_format(SUB, optarg, &fmt))) return rc; break;
    case 'o': output = optarg; break;
    case 'h': help(); return fflush(stdout) == 0 ? 0 : EX_IOERR;
    case ':': return cli_usage_err(SUB, "option \"%s\" needs a value", argv[optind - 1]);
    case '?': return cli_usage_err(SUB, "unknown option \"%s\"", argv[optind - 1]);
    default:
      rc = cli_table_option(SUB, c, optarg, &lo);
      if (rc) return rc > 0 ? rc : cli_usage_err(SUB, "unhandled option");
    }
  }
  if (strcmp(method, "all") != 0 && !(only = pt_ci_method_find(method)))
    return cli_usage_err(SUB, "unknown --method \"%s\"", method);
  if (optind + 1 != argc)
    return cli_usage_err(SUB, optind == argc ? "missing FILE" : "too many arguments");

  pt_table t;
  const char *input = argv[optind];
  if ((rc = cli_read_table(SUB, input, &lo, &t))) return rc;

  pt_column cols[11];
  size_t nc = 0;
  if (t.has_area) cols[nc++] = (pt_column){ "area", -1 };
  cols[nc++] = (pt_column){ "group", -1 };
  cols[nc++] = (pt_column){ "stage", -1 };
  cols[nc++] = (pt_column){ "period", -1 };
  cols[nc++] = (pt_column){ "count", -1 };
  cols[nc++] = (pt_column){ "total", -1 };
  cols[nc++] = (pt_column){ "p", 4 };
  cols[nc++] = (pt_column){ "lower", 4 };
  cols[nc++] = (pt_column){ "upper", 4 };
  cols[nc++] = (pt_column){ "method", -1 };
  cols[nc++] = (pt_column){ "level", -1 };
  pt_emitter *e = pt_emitter_new(fmt, cols, nc);
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
  if (!rc) {
    cli_out out;
    const char *inputs[] = { input, NULL };
    if (!(rc = cli_out_open(SUB, &out, output, inputs))) {
      if (pt_emitter_write(e, out.f) != PT_SUCCESS) {
        cli_err(SUB, "error writing output");
        cli_out_abort(&out);
        rc = EX_IOERR;
      } else {
        rc = cli_out_commit(SUB, &out);
      }
    }
  }
  pt_emitter_free(e);
  pt_table_free(&t);
  return rc;
}
