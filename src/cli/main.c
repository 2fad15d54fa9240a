/* main.c - proptrend: dispatch to the subcommands (table in cli_commands). */
#include <config.h>

#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

/* The subcommands, one line each for --help. */
const cli_command cli_commands[] = {
  { "rates", cmd_rates, "proportion and confidence interval of every row" },
  { "change", cmd_change, "year-over-year (or stage-to-stage) differences, ratios, odds ratios, tests" },
  { "trend", cmd_trend, "trend tests and models per series: Cochran-Armitage, logistic, APC, verdict" },
  { "anomalies", cmd_anomalies, "flag unusual years or units: leave-one-out, p-chart, funnel, two-way GLM" },
  { "audit", cmd_audit, "consistency of printed percentages, stages, denominators, missing figures" },
  { "extract", cmd_extract, "the \"X/Y (P%)\" figures of a report's text as a tidy table" },
  { "plot", cmd_plot, "figures through gnuplot (rates, change, control, funnel) and their scripts" },
  { "aggregate", cmd_aggregate, "unit-level records to the tidy table, streaming; --merge of shards" },
  { "sample-size", cmd_sample_size, "how many recognised units to re-inspect (Cochran, exact, LQAS)" },
  { "verify", cmd_verify, "what a re-inspection sample says: confirmed share, corrected rate" },
  { "adjust", cmd_adjust, "rates adjusted for known classification error (Rogan-Gladen)" },
  { "report", cmd_report, "the review pack: report.md/html, tables, figures, main findings" },
  { NULL, NULL, NULL }
};

static void usage(FILE *out)
{
  fputs("Usage: proptrend COMMAND [OPTION]... FILE\n"
        "Analyse classification data over time: \"X of N units met the standard in year Y\".\n"
        "\n"
        "Commands:\n", out);
  for (const cli_command *c = cli_commands; c->name; c++)
    fprintf(out, "  %-12s %s\n", c->name, c->summary);
  fputs("\n"
        "Every command reads a tidy CSV table with the columns group,stage,period,count,total\n"
        "(and optionally area, reported, source); FILE '-' is standard input.\n"
        "\n"
        "  -h, --help     display this help and exit\n"
        "  -V, --version  output version information and exit\n"
        "\n"
        "Exit status: 0 success, 64 usage error, 65 bad data, 66 cannot open input,\n"
        "69 gnuplot unavailable, 73 cannot create output, 74 I/O error.\n"
        "Run 'proptrend COMMAND --help' for the options of a command.\n", out);
}

static void version(void)
{
  printf("proptrend %s\n"
         "Written by the proptrend developers.\n", PACKAGE_VERSION);
}

int main(int argc, char **argv)
{
  /* Numbers are written and read in the C locale whatever the environment. */
  setlocale(LC_ALL, "C");
  /* A closed pipe is an I/O error we report, not a silent death. */
  signal(SIGPIPE, SIG_IGN);

  if (argc < 2) {
    usage(stderr);
    return EX_USAGE;
  }
  if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
    usage(stdout);
    return fflush(stdout) == 0 ? 0 : EX_IOERR;
  }
  if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
    version();
    return fflush(stdout) == 0 ? 0 : EX_IOERR;
  }
  for (const cli_command *c = cli_commands; c->name; c++)
    if (strcmp(argv[1], c->name) == 0) return c->fn(argc - 1, argv + 1);
  if (argv[1][0] == '-') return cli_usage_err(NULL, "unknown option \"%s\"", argv[1]);
  return cli_usage_err(NULL, "unknown command \"%s\"", argv[1]);
}
