/* extract.c - proptrend extract: the "X/Y (P%)" figures of a report's text
 * as a tidy table; and the extraction shared with audit --text and report. */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "opts.h"
#include "proptrend/error.h"
#include "proptrend/extract.h"
#include "proptrend/labels.h"
#include "proptrend/num.h"

static const char *const SUB = "extract";


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
/* A text: the whole file, and no NUL byte in it. */
static int slurp(const char *sub, const char *path, char **out, size_t *len)
{
  int rc = cli_slurp(sub, path, out, len);
  if (!rc && memchr(*out, '\0', *len)) {
    free(*out);
    cli_err(sub, "\"%s\" is not text (contains NUL bytes)", path);
    return EX_DATAERR;
  }
  return rc;
}

void cli_extract_opts_init(cli_extract_opts *x)
{
  memset(x, 0, sizeof *x);
  x->numfmt = -1;
}

void cli_extract_opts_free(cli_extract_opts *x)
{
  free(x->keywords);
  free(x->units);
  memset(x, 0, sizeof *x);
}

/* "PHRASE=VALUE": splits arg in place; 0, or -1 if malformed. */
static int split_eq(char *arg, char **value)
{
  char *eq = strrchr(arg, '=');
  if (!eq || eq == arg || !eq[1]) return -1;
  *eq = '\0';
  *value = eq + 1;
  return 0;
}

static int add_keyword(const char *sub, char *arg, cli_extract_opts *x)
{
  char *stage;
  if (split_eq(arg, &stage)) return cli_usage_err(sub, "invalid --stage-keyword \"%s\": PHRASE=STAGE", arg);
  pt_stage_keyword *nk = realloc(x->keywords, (x->nkw + 2) * sizeof *nk);
  if (!nk) { cli_err(sub, "out of memory"); return EX_OSERR; }
  x->keywords = nk;
  nk[x->nkw].phrase = arg;
  nk[x->nkw].stage = stage;
  x->nkw++;
  nk[x->nkw].phrase = nk[x->nkw].stage = NULL;
  return 0;
}

static int add_unit(const char *sub, char *arg, cli_extract_opts *x)
{
  if (!strchr(arg, '=') || strrchr(arg, '=') == arg || !strrchr(arg, '=')[1])
    return cli_usage_err(sub, "invalid --unit \"%s\": PHRASE=CODE", arg);
  char **nu = realloc(x->units, (x->nunits + 1) * sizeof *nu);
  if (!nu) { cli_err(sub, "out of memory"); return EX_OSERR; }
  x->units = nu;
  nu[x->nunits++] = arg;   /* split when the labels are read */
  return 0;
}

int cli_extract_option(const char *sub, int c, char *arg, cli_extract_opts *x)
{
  long y;
  switch (c) {
  case CLI_OPT_LABELS: x->labels_path = arg; return 0;
  case CLI_OPT_PERIOD:
    if (pt_num_parse_long(arg, strlen(arg), 1, 9999, &y) != PT_NUM_OK)
      return cli_usage_err(sub, "invalid --period \"%s\": a year such as 2019", arg);
    x->period = y;
    return 0;
  case CLI_OPT_NO_DEFAULT_KW: x->no_default_keywords = 1; return 0;
  case 'k': return add_keyword(sub, arg, x);
  case CLI_OPT_UNIT: return add_unit(sub, arg, x);
  default: return -1;
  }
}

/* --unit PHRASE=CODE as alias rows of the labels. */
static int add_unit_labels(const char *sub, const cli_extract_opts *x, pt_labels *l)
{
  for (size_t i = 0; i < x->nunits; i++) {
    const char *eq = strrchr(x->units[i], '=');
    char *phrase = strndup(x->units[i], (size_t)(eq - x->units[i]));
    int st = phrase ? pt_labels_add(l, "alias", eq + 1, phrase, phrase) : PT_ENOMEM;
    free(phrase);
    if (st != PT_SUCCESS) { cli_err(sub, "%s", pt_strerror(st)); return EX_OSERR; }
  }
  return 0;
}

int cli_extract_buffer(const char *sub, const char *name, const char *text, size_t len, const cli_extract_opts *x,
                       pt_table *t, pt_table *counts, int quiet)
{
  cli_extract_opts def;
  pt_extract_opts eo;
  pt_labels labels;
  pt_diags warn;
  int rc;
  if (!x) { cli_extract_opts_init(&def); x = &def; }
  pt_table_init(t);
  if (counts) pt_table_init(counts);
  if ((rc = cli_read_labels(sub, x->labels_path, &labels))) return rc;
  if ((rc = add_unit_labels(sub, x, &labels))) { pt_labels_free(&labels); return rc; }
  pt_extract_opts_init(&eo);
  eo.labels = &labels;
  eo.numfmt = x->numfmt;
  eo.keywords = x->keywords;
  eo.default_keywords = !x->no_default_keywords;
  eo.default_period = x->period;
  eo.counts = counts;
  const char *base = strrchr(name, '/');
  eo.source_name = base ? base + 1 : name;
  pt_diags_init(&warn);
  rc = pt_extract(text, len, &eo, t, &warn);
  if (!quiet)
    for (size_t i = 0; i < warn.n; i++) {
      const pt_diag *g = &warn.items[i];
      if (g->col) fprintf(stderr, "%s:%lu:%lu: warning: %s\n", name, g->line, g->col, g->message);
      else fprintf(stderr, "%s:%lu: warning: %s\n", name, g->line, g->message);
    }
  pt_diags_free(&warn);
  pt_labels_free(&labels);
  if (rc != PT_SUCCESS) {
    pt_table_free(t);
    if (counts) pt_table_free(counts);
    cli_err(sub, "%s", pt_strerror(rc));
    return EX_OSERR;
  }
  return 0;
}

int cli_extract_text_with(const char *sub, const char *path, const cli_extract_opts *x, pt_table *t,
                          pt_table *counts, int quiet)
{
  char *text;
  size_t len;
  int rc;
  pt_table_init(t);
  if (counts) pt_table_init(counts);
  if ((rc = slurp(sub, path, &text, &len))) return rc;
  rc = cli_extract_buffer(sub, path, text, len, x, t, counts, quiet);
  free(text);
  return rc;
}


/* The figures as a table; a count with a percentage and no total has the
 * total empty. */
static int emit_rows(const cli_common *cm, const pt_table *t, const char *input)
{
  static const pt_column cols[] = {
    { "group", -1, 0, 0 }, { "stage", -1, 0, 0 }, { "period", -1, 0, 0 }, { "count", -1, 0, 0 },
    { "total", -1, 0, 0 }, { "reported", -1, 0, 0 }, { "source", -1, 0, 0 }
  };
  int rc = 0;
  pt_emitter *e = pt_emitter_new(cm->fmt, cols, sizeof cols / sizeof cols[0]);
  if (!e) rc = EX_OSERR;
  for (size_t i = 0; i < t->n && !rc; i++) {
    const pt_row *r = &t->rows[i];
    pt_cell v[] = {
      pt_cell_text(r->group), pt_cell_text(r->stage),
      (r->flags & PT_ROW_NO_PERIOD) ? pt_cell_empty() : pt_cell_int(r->period),
      pt_cell_int((long long)r->count),
      (r->flags & PT_ROW_NO_TOTAL) ? pt_cell_empty() : pt_cell_int((long long)r->total),
      pt_cell_text(r->reported), pt_cell_text(r->source)
    };
    if (pt_emitter_row(e, v) != PT_SUCCESS) rc = EX_OSERR;
  }
  if (!rc) rc = cli_write_table(SUB, e, cm->output, input);
  else cli_err(SUB, "out of memory");
  pt_emitter_free(e);
  return rc;
}

/* ---- the extraction options as data (shared by extract, audit, report) ---------- */

static int extract_hook(const char *sub, int code, char *arg, void *dst)
{
  int r = cli_extract_option(sub, code, arg, dst);
  return r < 0 ? EX_SOFTWARE : r;
}

/* Every entry hands its value to cli_extract_option on the whole struct
 * (labels_path is its first member, at offset 0). */
#define XO(nm, k, meta, code, h) CLI_HOOK(nm, k, meta, cli_extract_opts, labels_path, code, extract_hook, h)
const cli_opt cli_extract_opt_table[] = {
  XO("labels", 0, "FILE", CLI_OPT_LABELS, "kind,code,vi,en labels (default: the bundled\ndatasets/labels.csv); rows of kind 'alias' add\nphrases for a code"),
  XO("unit", 0, "PHRASE=CODE", CLI_OPT_UNIT, "the unit phrase PHRASE is the group CODE (repeatable)"),
  XO("period", 0, "YEAR", CLI_OPT_PERIOD, "the year of figures whose text states none"),
  XO("stage-keyword", 'k', "P=S", 'k', "the phrase P means stage S (repeatable; added to the\ndefaults: đăng ký, registered, ... -> registered;\n"
     "đạt chuẩn, đạt tiêu chuẩn, công nhận, met the standard,\npassed, were rated, ... -> recognized)"),
  XO("no-default-keywords", 0, NULL, CLI_OPT_NO_DEFAULT_KW, "only the -k keywords"),
  { NULL, 0, CLI_O_FLAG, NULL, NULL, 0, NULL, 0, 0, 0, 0, 0, NULL, NULL, 0, NULL }
};

typedef struct extract_args {
  cli_common cm;
  cli_extract_opts xo;
} extract_args;

static int parse_text_numfmt(const char *arg, void *dst)
{
  if (!strcmp(arg, "vi")) *(int *)dst = PT_NUMFMT_VI;
  else if (!strcmp(arg, "en")) *(int *)dst = PT_NUMFMT_EN;
  else return -1;
  return 0;
}

static const cli_opt extract_opts[] = {
  CLI_FN("number-format", 0, "F", extract_args, xo.numfmt, parse_text_numfmt, "vi or en", 0,
         "vi or en (default: detected from the text)"),
  CLI_FN("format", 'f', "F", extract_args, cm.fmt, cli_opt_format, "text, csv, tsv, markdown, latex or json", 0,
         "csv (default when not a terminal), text, tsv,\nmarkdown, latex, json"),
  CLI_OUTPUT("output", 'o', "FILE", extract_args, cm.output, "write to FILE (complete or not at all)"),
};
static const cli_optset extract_sets[] = {
  { "Reading a report's text:", cli_extract_opt_table, 0, offsetof(extract_args, xo) },
  CLI_SET("Output:", extract_opts, 0), CLI_HELP_SET,
};
static const cli_spec extract_spec = {
  "extract",
  "Usage: proptrend extract [OPTION]... REPORT.txt\n"
  "Find the figures of the UTF-8 text REPORT.txt ('-' for standard input) and\n"
  "print them as a tidy table.  Figures: \"X/Y\", \"X of Y\", \"X out of Y\",\n"
  "\"of the Y ..., X\", \"Z% (X/Y)\", and a count with its percentage and no\n"
  "total, \"X unit (Z%)\", \"X unit (chiếm Z%)\" (total empty).  Columns: group\n"
  "(the unit phrase after the figure, mapped to a code through the labels;\n"
  "else its head noun and qualifier, with a warning), stage (keywords of the\n"
  "figure's clause, else its sentence, else the lead line of its list), period\n"
  "(a year of its sentence, else its paragraph, else its section; a school\n"
  "year 2016-2017 counts as its end year, 2017, labelled in the source),\n"
  "count, total, reported, source (REPORT:LINE:COL).  Dates, document and\n"
  "criteria numbers, ordinals and comparisons (so với năm 2017) are not\n"
  "figures or periods.  Decomposed (NFD) text reads as composed.  A figure\n"
  "whose unit, stage or year is not found is still printed, with the field\n"
  "empty, and a warning goes to standard error.\n",
  NULL, extract_sets, sizeof extract_sets / sizeof extract_sets[0], 1, 1, "missing REPORT",
};

int cmd_extract(int argc, char **argv)
{
  extract_args a;
  pt_table t;
  int first, rc;
  cli_common_init(&a.cm);
  cli_extract_opts_init(&a.xo);
  if (!(rc = cli_parse(&extract_spec, argc, argv, &a, &first)) &&
      !(rc = cli_extract_text_with(SUB, argv[first], &a.xo, &t, NULL, 0))) {
    rc = emit_rows(&a.cm, &t, argv[first]);
    pt_table_free(&t);
  }
  cli_extract_opts_free(&a.xo);
  return cli_exit(rc);
}
