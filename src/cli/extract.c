/* extract.c - proptrend extract: the "X/Y (P%)" figures of a report's text
 * as a tidy table; and cli_extract_text(), shared with audit --text. */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "proptrend/error.h"
#include "proptrend/extract.h"
#include "proptrend/labels.h"

static const char *const SUB = "extract";

static void help(void)
{
  printf("Usage: proptrend extract [OPTION]... REPORT.txt\n"
         "Find every \"X/Y\" figure in the UTF-8 text REPORT.txt ('-' for standard\n"
         "input), with the percentage printed next to it, and print them as a tidy\n"
         "table: group (the unit phrase after the figure, mapped to a code through the\n"
         "labels; unmapped phrases kept as text), stage (keywords of the sentence, or\n"
         "of the lines back to the section heading), period (the last \"năm 2015\",\n"
         "\"2015:\" or \"in 2015\" before it on its line), count, total, reported,\n"
         "source (REPORT:LINE:COL).  Dates, document numbers and decimals are not\n"
         "figures.  A figure whose unit, stage or year is not found is still printed,\n"
         "with the field empty, and a warning goes to standard error.\n"
         "\n"
         "      --labels FILE         code,vi,en labels (default: the bundled\n"
         "                            datasets/labels.csv); rows of kind 'alias' add\n"
         "                            phrases for a code\n"
         "      --number-format F     vi or en (default: detected from the text)\n"
         "  -k, --stage-keyword P=S   the phrase P means stage S (repeatable; replaces\n"
         "                            the defaults: đăng ký, registered, registration ->\n"
         "                            registered; đạt tiêu chuẩn, công nhận, recognised,\n"
         "                            recognized, recognition, met the standard ->\n"
         "                            recognized)\n"
         "  -f, --format F            csv (default when not a terminal), text, tsv,\n"
         "                            markdown, latex, json\n"
         "  -o, --output FILE         write to FILE (complete or not at all)\n"
         "  -h, --help                display this help and exit\n");
}

const char *cli_data_file(const char *name, char *buf, size_t cap)
{
  const char *env = getenv("PROPTREND_DATADIR");
  const char *dirs[3] = { env, PT_PKGDATADIR "/datasets", PT_SRCDIR "/datasets" };
  for (size_t i = 0; i < 3; i++) {
    if (!dirs[i] || !*dirs[i]) continue;
    snprintf(buf, cap, "%s/%s", dirs[i], name);
    FILE *f = fopen(buf, "r");
    if (f) { fclose(f); return buf; }
  }
  return NULL;
}

int cli_read_labels(const char *sub, const char *path, pt_labels *l)
{
  char buf[4096];
  pt_diags d;
  FILE *f;
  int st;
  pt_labels_init(l);
  if (!path && !(path = cli_data_file("labels.csv", buf, sizeof buf))) {
    cli_err(sub, "cannot find the bundled labels.csv (set PROPTREND_DATADIR or --labels)");
    return EX_NOINPUT;
  }
  if (!(f = fopen(path, "rb"))) {
    cli_err(sub, "cannot open \"%s\": %s", path, strerror(errno));
    return EX_NOINPUT;
  }
  if ((st = cli_input_register_fd(sub, fileno(f), path))) { fclose(f); return st; }   /* issue 19 */
  pt_diags_init(&d);
  st = pt_labels_read(f, l, &d);
  fclose(f);
  for (size_t i = 0; i < d.n; i++)
    fprintf(stderr, "%s:%lu: %s\n", path, d.items[i].line, d.items[i].message);
  pt_diags_free(&d);
  if (st == PT_SUCCESS) return 0;
  pt_labels_free(l);
  if (st == PT_EDATA) return EX_DATAERR;
  cli_err(sub, "reading \"%s\": %s", path, pt_strerror(st));
  return st == PT_EIO ? EX_IOERR : EX_OSERR;
}

/* Read a whole text file (reports are small; extraction needs context). */
static int slurp(const char *sub, const char *path, char **out, size_t *len)
{
  FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
  size_t cap = 65536, n = 0;
  char *b;
  if (!f) { cli_err(sub, "cannot open \"%s\": %s", path, strerror(errno)); return EX_NOINPUT; }
  int reg = cli_input_register_fd(sub, fileno(f), path);   /* issue 19 */
  if (reg) { if (f != stdin) fclose(f); return reg; }
  if (!(b = malloc(cap))) { if (f != stdin) fclose(f); return EX_OSERR; }
  for (;;) {
    size_t r = fread(b + n, 1, cap - n, f);
    n += r;
    if (n < cap) break;
    if (cap >= (size_t)256 << 20) { free(b); if (f != stdin) fclose(f); cli_err(sub, "\"%s\" is larger than 256 MiB", path); return EX_DATAERR; }
    char *nb = realloc(b, cap * 2);
    if (!nb) { free(b); if (f != stdin) fclose(f); return EX_OSERR; }
    b = nb;
    cap *= 2;
  }
  int err = ferror(f);
  if (f != stdin) fclose(f);
  if (err) { free(b); cli_err(sub, "error reading \"%s\"", path); return EX_IOERR; }
  if (memchr(b, '\0', n)) { free(b); cli_err(sub, "\"%s\" is not text (contains NUL bytes)", path); return EX_DATAERR; }
  *out = b;
  *len = n;
  return 0;
}

int cli_extract_text(const char *sub, const char *path, const pt_load_opts *lo, pt_table *t,
                     int quiet)
{
  pt_extract_opts eo;
  pt_labels labels;
  pt_diags warn;
  char *text;
  size_t len;
  int rc;
  (void)lo;
  pt_table_init(t);
  if ((rc = slurp(sub, path, &text, &len))) return rc;
  if ((rc = cli_read_labels(sub, cli_labels_path, &labels))) { free(text); return rc; }
  pt_extract_opts_init(&eo);
  eo.labels = &labels;
  eo.numfmt = cli_text_numfmt;
  eo.keywords = cli_keywords;
  const char *base = strrchr(path, '/');
  eo.source_name = base ? base + 1 : path;
  pt_diags_init(&warn);
  rc = pt_extract(text, len, &eo, t, &warn);
  if (!quiet)
    for (size_t i = 0; i < warn.n; i++)
      fprintf(stderr, "%s:%lu:%lu: warning: %s\n", path, warn.items[i].line, warn.items[i].col,
              warn.items[i].message);
  pt_diags_free(&warn);
  pt_labels_free(&labels);
  free(text);
  if (rc != PT_SUCCESS) { pt_table_free(t); cli_err(sub, "%s", pt_strerror(rc)); return EX_OSERR; }
  return 0;
}

const char *cli_labels_path = NULL;
int cli_text_numfmt = -1;
const pt_stage_keyword *cli_keywords = NULL;

int cmd_extract(int argc, char **argv)
{
  static const struct option longopts[] = {
    { "labels", required_argument, NULL, 'L' },
    { "number-format", required_argument, NULL, 'N' },
    { "stage-keyword", required_argument, NULL, 'k' },
    { "format", required_argument, NULL, 'f' },
    { "output", required_argument, NULL, 'o' },
    { "help", no_argument, NULL, 'h' },
    { NULL, 0, NULL, 0 }
  };
  cli_common cm;
  pt_stage_keyword *kws = NULL;
  size_t nkw = 0;
  int c, rc = 0;

  cli_common_init(&cm);
  opterr = 0;
  optind = 1;
  while ((c = getopt_long(argc, argv, ":k:f:o:h", longopts, NULL)) != -1) {
    switch (c) {
    case 'L': cli_labels_path = optarg; break;
    case 'N':
      if (!strcmp(optarg, "vi")) cli_text_numfmt = PT_NUMFMT_VI;
      else if (!strcmp(optarg, "en")) cli_text_numfmt = PT_NUMFMT_EN;
      else { rc = cli_usage_err(SUB, "invalid --number-format \"%s\": vi or en", optarg); goto done; }
      break;
    case 'k': {
      char *eq = strchr(optarg, '=');
      if (!eq || eq == optarg || !eq[1]) {
        rc = cli_usage_err(SUB, "invalid --stage-keyword \"%s\": PHRASE=STAGE", optarg);
        goto done;
      }
      pt_stage_keyword *nk = realloc(kws, (nkw + 2) * sizeof *nk);
      if (!nk) { rc = EX_OSERR; goto done; }
      kws = nk;
      *eq = '\0';
      kws[nkw].phrase = optarg;
      kws[nkw].stage = eq + 1;
      nkw++;
      kws[nkw].phrase = kws[nkw].stage = NULL;
      cli_keywords = kws;
      break;
    }
    default:
      if ((rc = cli_common_option(SUB, c, argv, &cm, help))) { rc = cli_exit(rc); goto done; }
    }
  }
  if (optind + 1 != argc) {
    rc = cli_usage_err(SUB, optind == argc ? "missing REPORT" : "too many arguments");
    goto done;
  }
  const char *input = argv[optind];
  pt_table t;
  if ((rc = cli_extract_text(SUB, input, &cm.lo, &t, 0))) goto done;

  static const pt_column cols[] = {
    { "group", -1, 0, 0 }, { "stage", -1, 0, 0 }, { "period", -1, 0, 0 }, { "count", -1, 0, 0 },
    { "total", -1, 0, 0 }, { "reported", -1, 0, 0 }, { "source", -1, 0, 0 }
  };
  pt_emitter *e = pt_emitter_new(cm.fmt, cols, sizeof cols / sizeof cols[0]);
  if (!e) rc = EX_OSERR;
  for (size_t i = 0; i < t.n && !rc; i++) {
    const pt_row *r = &t.rows[i];
    pt_cell v[] = {
      pt_cell_text(r->group), pt_cell_text(r->stage),
      (r->flags & PT_ROW_NO_PERIOD) ? pt_cell_empty() : pt_cell_int(r->period),
      pt_cell_int((long long)r->count), pt_cell_int((long long)r->total),
      pt_cell_text(r->reported), pt_cell_text(r->source)
    };
    if (pt_emitter_row(e, v) != PT_SUCCESS) rc = EX_OSERR;
  }
  if (!rc) rc = cli_write_table(SUB, e, cm.output, input);
  else cli_err(SUB, "out of memory");
  pt_emitter_free(e);
  pt_table_free(&t);
done:
  free(kws);
  return rc;
}
