/* aggregate.c - proptrend aggregate: unit-level records to the tidy table,
 * streaming; or --merge of tidy tables from shards. */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "proptrend/aggregate.h"
#include "proptrend/error.h"

static const char *const SUB = "aggregate";

static void help(void)
{
  printf("Usage: proptrend aggregate [OPTION]... UNITS.csv... --by COL[,COL...] --period COL\n"
         "                           --stages COL[,COL...]\n"
         "       proptrend aggregate --merge TIDY.csv...\n"
         "Count unit-level records (one row per unit and period; stage columns hold\n"
         "flags 1/0, yes/no, true/false, có/không) into the tidy table: total = units\n"
         "in the key, count = units with the stage's flag set.  Streaming: memory grows\n"
         "with the number of keys, not rows.  Several UNITS files are one dataset.\n"
         "\n"
         "      --by COLS          the group: one column, or several joined with \" / \"\n"
         "      --period COL       the period column\n"
         "      --stages COLS      the flag columns, one stage each (at most %d)\n"
         "      --area COL         the area column (e.g. province)\n"
         "      --unit-id COL      check that no unit appears twice in a period\n"
         "                         (16 bytes of memory per row)\n"
         "      --duplicates D     with --unit-id: error (default) or first (keep the\n"
         "                         first record of a unit and period)\n"
         "      --merge            the FILEs are tidy tables from shards: sum counts and\n"
         "                         totals per key\n"
         "      --delimiter C      field delimiter of UNITS (default ',')\n"
         "  -f, --format F         csv (default), tsv, text, markdown, latex, json\n"
         "  -o, --output FILE      write to FILE (complete or not at all)\n"
         "  -h, --help             display this help and exit\n"
         "\n"
         "Output columns: [area,]group,stage,period,count,total, sorted by key.\n",
         PT_AGG_MAX_STAGES);
}

/* Split a comma list in place into v (at most max). */
static size_t split(char *s, const char **v, size_t max)
{
  size_t n = 0;
  for (char *tok = strtok(s, ","); tok && n < max; tok = strtok(NULL, ",")) v[n++] = tok;
  return n;
}

int cmd_aggregate(int argc, char **argv)
{
  static const struct option longopts[] = {
    { "by", required_argument, NULL, 'B' },
    { "period", required_argument, NULL, 'P' },
    { "stages", required_argument, NULL, 'S' },
    { "area", required_argument, NULL, 'A' },
    { "unit-id", required_argument, NULL, 'U' },
    { "duplicates", required_argument, NULL, 'D' },
    { "merge", no_argument, NULL, 'M' },
    { "delimiter", required_argument, NULL, 'd' },
    { "format", required_argument, NULL, 'f' },
    { "output", required_argument, NULL, 'o' },
    { "help", no_argument, NULL, 'h' },
    { NULL, 0, NULL, 0 }
  };
  pt_agg_opts ao;
  char *bybuf = NULL, *stbuf = NULL;
  const char *by[16], *stages[PT_AGG_MAX_STAGES], *output = NULL;
  pt_format fmt = PT_FMT_CSV;
  int merge = 0, c, rc = 0;
  pt_load_opts lo;
  memset(&ao, 0, sizeof ao);
  pt_load_opts_init(&lo);
  opterr = 0;
  optind = 1;
  while ((c = getopt_long(argc, argv, ":f:o:h", longopts, NULL)) != -1) {
    switch (c) {
    case 'B': free(bybuf); bybuf = strdup(optarg); ao.nby = bybuf ? split(bybuf, by, 16) : 0; ao.by_cols = by; break;
    case 'P': ao.period_col = optarg; break;
    case 'S': free(stbuf); stbuf = strdup(optarg); ao.nstages = stbuf ? split(stbuf, stages, PT_AGG_MAX_STAGES) : 0; ao.stage_cols = stages; break;
    case 'A': ao.area_col = optarg; break;
    case 'U': ao.unit_col = optarg; break;
    case 'D':
      if (!strcmp(optarg, "first")) ao.duplicates_first = 1;
      else if (!strcmp(optarg, "error")) ao.duplicates_first = 0;
      else { rc = cli_usage_err(SUB, "invalid --duplicates \"%s\": error or first", optarg); goto done; }
      break;
    case 'M': merge = 1; break;
    case 'd':
      if ((rc = cli_table_option(SUB, CLI_OPT_DELIMITER, optarg, &lo))) goto done;
      ao.delimiter = lo.delimiter;
      break;
    case 'f': if ((rc = cli_parse_format(SUB, optarg, &fmt))) goto done; break;
    case 'o': output = optarg; break;
    case 'h': help(); rc = fflush(stdout) == 0 ? 0 : EX_IOERR; goto done;
    case ':': rc = cli_usage_err(SUB, "option \"%s\" needs a value", argv[optind - 1]); goto done;
    default: rc = cli_usage_err(SUB, "unknown option \"%s\"", argv[optind - 1]); goto done;
    }
  }
  if (optind == argc) { rc = cli_usage_err(SUB, "missing FILE"); goto done; }
  if (!merge && (!ao.nby || !ao.period_col || !ao.nstages)) {
    rc = cli_usage_err(SUB, "--by, --period and --stages are required (or --merge)");
    goto done;
  }
  if (merge && (ao.nby || ao.period_col || ao.nstages || ao.area_col || ao.unit_col)) {
    rc = cli_usage_err(SUB, "--merge takes tidy tables: no --by, --period, --stages, --area or --unit-id");
    goto done;
  }
  pt_agg *a = pt_agg_new(&ao);
  if (!a) { cli_err(SUB, "out of memory"); rc = EX_OSERR; goto done; }
  for (int i = optind; i < argc && !rc; i++) {
    if (merge) {
      pt_table t;
      if ((rc = cli_read_table(SUB, argv[i], &lo, &t))) break;
      int st = pt_agg_add_table(a, &t);
      pt_table_free(&t);
      if (st == PT_EOVERFLOW) { cli_err(SUB, "%s: a sum exceeds 2^53", argv[i]); rc = EX_DATAERR; }
      else if (st == PT_EDOM) { cli_err(SUB, "%s: more than %d stages", argv[i], PT_AGG_MAX_STAGES); rc = EX_DATAERR; }
      else if (st) { cli_err(SUB, "out of memory"); rc = EX_OSERR; }
      continue;
    }
    FILE *in = strcmp(argv[i], "-") ? fopen(argv[i], "rb") : stdin;
    if (!in) { cli_err(SUB, "cannot open \"%s\": %s", argv[i], strerror(errno)); rc = EX_NOINPUT; break; }
    pt_diags d;
    pt_diags_init(&d);
    int st = pt_agg_read(a, in, &d);
    if (in != stdin) fclose(in);
    for (size_t k = 0; k < d.n; k++) {
      const pt_diag *g = &d.items[k];
      if (g->line && g->col) fprintf(stderr, "%s:%lu:%lu: %s\n", argv[i], g->line, g->col, g->message);
      else if (g->line) fprintf(stderr, "%s:%lu: %s\n", argv[i], g->line, g->message);
      else fprintf(stderr, "%s: %s\n", argv[i], g->message);
    }
    if (d.truncated) fprintf(stderr, "%s: too many errors; stopped after %zu\n", argv[i], d.n);
    pt_diags_free(&d);
    if (st == PT_EDATA) rc = EX_DATAERR;
    else if (st == PT_EOVERFLOW) { cli_err(SUB, "%s: a count exceeds 2^53", argv[i]); rc = EX_DATAERR; }
    else if (st == PT_EIO) { cli_err(SUB, "error reading \"%s\"", argv[i]); rc = EX_IOERR; }
    else if (st) { cli_err(SUB, "out of memory"); rc = EX_OSERR; }
  }
  if (!rc) {
    pt_table t;
    if (pt_agg_table(a, &t) != PT_SUCCESS) { cli_err(SUB, "out of memory"); rc = EX_OSERR; }
    else {
      pt_column cols[6];
      size_t nc = 0;
      if (t.has_area) cols[nc++] = (pt_column){ "area", -1, 0 };
      cols[nc++] = (pt_column){ "group", -1, 0 };
      cols[nc++] = (pt_column){ "stage", -1, 0 };
      cols[nc++] = (pt_column){ "period", -1, 0 };
      cols[nc++] = (pt_column){ "count", -1, 0 };
      cols[nc++] = (pt_column){ "total", -1, 0 };
      pt_emitter *e = pt_emitter_new(fmt, cols, nc);
      for (size_t i = 0; e && i < t.n && !rc; i++) {
        const pt_row *r = &t.rows[i];
        pt_cell v[6];
        size_t m = 0;
        if (t.has_area) v[m++] = pt_cell_text(r->area);
        v[m++] = pt_cell_text(r->group);
        v[m++] = pt_cell_text(r->stage);
        v[m++] = pt_cell_int(r->period);
        v[m++] = pt_cell_int((long long)r->count);
        v[m++] = pt_cell_int((long long)r->total);
        if (pt_emitter_row(e, v) != PT_SUCCESS) rc = EX_OSERR;
      }
      if (!e) rc = EX_OSERR;
      if (!rc) rc = cli_write_table(SUB, e, output, argv[optind]);
      else cli_err(SUB, "out of memory");
      pt_emitter_free(e);
      pt_table_free(&t);
    }
  }
  pt_agg_free(a);
done:
  free(bybuf);
  free(stbuf);
  return rc;
}
