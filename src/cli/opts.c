/* opts.c - command-line options declared as data (see opts.h). */
#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "opts.h"
#include "proptrend/num.h"

#define MAX_OPTS 96
#define HELP_COL_MAX 26

/* ---- the shared options -------------------------------------------------------- */

int cli_opt_format(const char *arg, void *dst) { return pt_format_from_name(arg, dst) ? -1 : 0; }

int cli_opt_lang(const char *arg, void *dst)
{
  if (strcmp(arg, "en") && strcmp(arg, "vi")) return -1;
  *(const char **)dst = arg;
  return 0;
}

int cli_opt_level(const char *arg, void *dst)
{
  double v;
  if (pt_num_parse_double(arg, &v) != PT_NUM_OK || !(v > 0.0 && v < 1.0)) return -1;
  *(double *)dst = v;
  return 0;
}

static int parse_delimiter(const char *arg, void *dst)
{
  unsigned char *d = dst;
  if (!strcmp(arg, "tab") || !strcmp(arg, "\\t")) *d = '\t';
  else if (strlen(arg) == 1 && arg[0] != '"' && arg[0] != '\n' && arg[0] != '\r') *d = (unsigned char)arg[0];
  else return -1;
  return 0;
}

static int parse_numfmt(const char *arg, void *dst) { return pt_numfmt_from_name(arg, dst) ? -1 : 0; }

const cli_opt cli_common_opts[] = {
  CLI_FN("level", 'l', "L", cli_common, level, cli_opt_level, "a number between 0 and 1, e.g. 0.95", 0,
         "confidence level, 0 < L < 1 (default 0.95)"),
  CLI_FN("format", 'f', "F", cli_common, fmt, cli_opt_format, "text, csv, tsv, markdown, latex or json", 0,
         "text, csv, tsv, markdown, latex or json\n(default: text on a terminal, csv otherwise)"),
  CLI_OUTPUT("output", 'o', "FILE", cli_common, output, "write to FILE (complete or not at all) instead of stdout"),
  CLI_FN("lang", 0, "L", cli_common, lang, cli_opt_lang, "en or vi", 0, "with -f text: sentences in en (default) or vi"),
  { NULL, 0, CLI_O_FLAG, NULL, NULL, 0, NULL, 0, 0, 0, 0, 0, NULL, NULL, 0, NULL }
};
const size_t cli_common_nopts = 4;

#define COL(nm, c, h) CLI_STR(nm, 0, "NAME", pt_load_opts, colname[c], h)
const cli_opt cli_table_opts[] = {
  CLI_FN("delimiter", 0, "C", pt_load_opts, delimiter, parse_delimiter, "one character or 'tab'", 0,
         "field delimiter: one character, or 'tab' (default ',')"),
  CLI_FN("number-format", 0, "F", pt_load_opts, numfmt, parse_numfmt, "plain, vi or en", 0,
         "plain (1273, 95.2), vi (1.273, 95,2) or en (1,273, 95.2);\ndefault plain; a value valid only in "
         "another format\nis an error, never a guess"),
  COL("group-col", PT_COL_GROUP, "header of the group column (default 'group')"),
  COL("stage-col", PT_COL_STAGE, "header of the stage column (default 'stage')"),
  COL("period-col", PT_COL_PERIOD, "header of the period column (default 'period')"),
  COL("count-col", PT_COL_COUNT, "header of the count column (default 'count')"),
  COL("total-col", PT_COL_TOTAL, "header of the total column (default 'total')"),
  COL("area-col", PT_COL_AREA, "header of the optional area column (default 'area')"),
  COL("reported-col", PT_COL_REPORTED, "header of the printed percentage (default 'reported')"),
  COL("source-col", PT_COL_SOURCE, "header of the source column (default 'source')"),
  { NULL, 0, CLI_O_FLAG, NULL, NULL, 0, NULL, 0, 0, 0, 0, 0, NULL, NULL, 0, NULL }
};
const size_t cli_table_nopts = 10;

const cli_opt cli_help_opt[] = {
  { "help", 'h', CLI_O_FLAG, NULL, "display this help and exit", 0, NULL, 0, 0, 0, 0, 0, NULL, NULL, 0, NULL },
  { NULL, 0, CLI_O_FLAG, NULL, NULL, 0, NULL, 0, 0, 0, 0, 0, NULL, NULL, 0, NULL }
};

/* ---- the parser ------------------------------------------------------------------- */

static size_t set_len(const cli_optset *s)
{
  size_t n = s->n;
  if (!n) while (s->opts[n].name) n++;
  return n;
}

/* A valid value, in words: given, or made from the choices or the range. */
static void what_of(const cli_opt *o, char *buf, size_t cap)
{
  if (o->what) { snprintf(buf, cap, "%s", o->what); return; }
  buf[0] = '\0';
  if (o->type == CLI_O_CHOICE) {
    size_t n = 0;
    while (o->choices[n]) n++;
    for (size_t i = 0; i < n; i++) {
      size_t u = strlen(buf);
      snprintf(buf + u, cap - u, "%s%s", i == 0 ? "" : i + 1 == n ? " or " : ", ", o->choices[i]);
    }
  } else if (o->type == CLI_O_INT || o->type == CLI_O_LONG) {
    snprintf(buf, cap, "a whole number from %ld to %ld", o->lmin, o->lmax);
  }
}

static int bad_value(const char *sub, const cli_opt *o, const char *arg)
{
  char what[256];
  what_of(o, what, sizeof what);
  return cli_usage_err(sub, "%s --%s \"%s\"%s%s", o->unknown ? "unknown" : "invalid", o->name, arg,
                       *what ? ": " : "", what);
}

static int in_range(const cli_opt *o, double v)
{
  int lo = (o->dopen & CLI_OPEN_LOW) ? v > o->dmin : v >= o->dmin;
  int hi = (o->dopen & CLI_OPEN_HIGH) ? v < o->dmax : v <= o->dmax;
  return lo && hi;
}

/* Store arg as o says into dst; 0 or the usage error's status. */
static int apply(const char *sub, const cli_opt *o, const char *arg, char *dst)
{
  long l;
  double d;
  switch (o->type) {
  case CLI_O_FLAG: *(int *)(void *)dst = 1; return 0;
  case CLI_O_STR: *(const char **)(void *)dst = arg; return 0;
  case CLI_O_INT:
  case CLI_O_LONG:
    if (pt_num_parse_long(arg, strlen(arg), o->lmin, o->lmax, &l)) return bad_value(sub, o, arg);
    if (o->type == CLI_O_INT) *(int *)(void *)dst = (int)l;
    else *(long *)(void *)dst = l;
    return 0;
  case CLI_O_DOUBLE:
    if (pt_num_parse_double(arg, &d) != PT_NUM_OK || !in_range(o, d)) return bad_value(sub, o, arg);
    *(double *)(void *)dst = d;
    return 0;
  case CLI_O_CHOICE:
    for (int i = 0; o->choices[i]; i++)
      if (!strcmp(arg, o->choices[i])) { *(int *)(void *)dst = i; return 0; }
    return bad_value(sub, o, arg);
  case CLI_O_FN:
    return o->fn(arg, dst) ? bad_value(sub, o, arg) : 0;
  case CLI_O_HOOK:
    return o->hook(sub, (int)o->lmin, (char *)arg, dst);
  case CLI_O_OUTPUT:
    /* a directory, a missing parent, a socket: refused before any work */
    *(const char **)(void *)dst = arg;
    return cli_output_declare(sub, arg);
  }
  return EX_SOFTWARE;
}

int cli_parse(const cli_spec *spec, int argc, char **argv, void *opts, int *first)
{
  struct option lo[MAX_OPTS + 1];
  const cli_opt *which[MAX_OPTS];
  size_t where[MAX_OPTS], n = 0;
  char shorts[2 * MAX_OPTS + 2] = ":";
  for (size_t k = 0; k < spec->nsets; k++) {
    const cli_optset *s = &spec->sets[k];
    for (size_t i = 0, m = set_len(s); i < m && n < MAX_OPTS; i++, n++) {
      const cli_opt *o = &s->opts[i];
      int code = o->key ? o->key : 1000 + (int)n;
      int noarg = o->type == CLI_O_FLAG || (o->type == CLI_O_HOOK && !o->meta);
      lo[n] = (struct option){ o->name, noarg ? no_argument : required_argument, NULL, code };
      which[n] = o;
      where[n] = s->base;
      if (o->key) {
        size_t u = strlen(shorts);
        shorts[u] = (char)o->key;
        shorts[u + 1] = noarg ? '\0' : ':';
        shorts[u + 2] = '\0';
      }
    }
  }
  lo[n] = (struct option){ NULL, 0, NULL, 0 };
  opterr = 0;
  optind = 1;
  for (int c; (c = getopt_long(argc, argv, shorts, lo, NULL)) != -1;) {
    if (c == ':') return cli_usage_err(spec->sub, "option \"%s\" needs a value", argv[optind - 1]);
    if (c == '?') return cli_usage_err(spec->sub, "unknown option \"%s\"", argv[optind - 1]);
    size_t i = 0;
    while (i < n && lo[i].val != c) i++;
    if (i == n) return cli_usage_err(spec->sub, "unknown option \"%s\"", argv[optind - 1]);
    if (which[i] == cli_help_opt) {
      cli_help(spec);
      return fflush(stdout) == 0 ? CLI_DONE : EX_IOERR;
    }
    int rc = apply(spec->sub, which[i], optarg, (char *)opts + where[i] + which[i]->off);
    if (rc) return rc;
  }
  int nargs = argc - optind;
  if (nargs < spec->min_args) return cli_usage_err(spec->sub, "%s", spec->missing ? spec->missing : "missing FILE");
  if (spec->max_args >= 0 && nargs > spec->max_args) return cli_usage_err(spec->sub, "too many arguments");
  *first = optind;
  return 0;
}

/* ---- --help ------------------------------------------------------------------------ */

static size_t u8len(const char *s)
{
  size_t n = 0;
  for (; *s; s++) n += ((unsigned char)*s & 0xc0) != 0x80;
  return n;
}

static void left_of(const cli_opt *o, char *buf, size_t cap)
{
  char k[8] = "    ";
  if (o->key) snprintf(k, sizeof k, "-%c, ", o->key);
  snprintf(buf, cap, "  %s--%s%s%s", k, o->name, o->meta ? " " : "", o->meta ? o->meta : "");
}

static void print_opt(const cli_opt *o, size_t col)
{
  char left[128];
  left_of(o, left, sizeof left);
  size_t w = u8len(left);
  fputs(left, stdout);
  if (w + 2 > col) { fputc('\n', stdout); w = 0; }
  for (const char *h = o->help; h;) {
    const char *nl = strchr(h, '\n');
    printf("%*s%.*s\n", (int)(col - w), "", (int)(nl ? (size_t)(nl - h) : strlen(h)), h);
    w = 0;
    h = nl ? nl + 1 : NULL;
  }
}

void cli_help(const cli_spec *spec)
{
  size_t col = 0;
  for (size_t k = 0; k < spec->nsets; k++)
    for (size_t i = 0, m = set_len(&spec->sets[k]); i < m; i++) {
      char left[128];
      left_of(&spec->sets[k].opts[i], left, sizeof left);
      size_t w = u8len(left) + 2;
      if (w <= HELP_COL_MAX && w > col) col = w;
    }
  fputs(spec->usage, stdout);
  for (size_t k = 0; k < spec->nsets; k++) {
    const cli_optset *s = &spec->sets[k];
    fputc('\n', stdout);
    if (s->title) printf("%s\n", s->title);
    for (size_t i = 0, m = set_len(s); i < m; i++) print_opt(&s->opts[i], col);
  }
  if (spec->epilog) printf("\n%s", spec->epilog);
}
