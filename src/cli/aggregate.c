/* aggregate.c - proptrend aggregate: unit-level records to the tidy table,
 * streaming; or --merge of tidy tables from shards. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "opts.h"
#include "proptrend/aggregate.h"
#include "proptrend/error.h"

static const char *const SUB = "aggregate";


/* Split a comma list in place into v (at most max). */
/* The tidy table straight from the aggregator's sorted keys (no pt_table:
 * 2 M keys stay within the memory bound of proptrend/aggregate.h). */
/* pt_agg_row's columns, declared once. */
#define GF(m, nm, ty, role) { nm, ty, offsetof(pt_agg_row, m), -1, 0, role, -1, NULL, 0 }
static const pt_field agg_fields[] = {
  { "area", PT_FT_STR, offsetof(pt_agg_row, area), -1, 0, PT_ROLE_TEXT, -1, NULL, PT_FIELD_AREA },
  GF(group, "group", PT_FT_STR, PT_ROLE_TEXT),
  GF(stage, "stage", PT_FT_STR, PT_ROLE_TEXT),
  GF(period, "period", PT_FT_LONG, PT_ROLE_PERIOD),
  GF(count, "count", PT_FT_U64, PT_ROLE_NUMBER),
  GF(total, "total", PT_FT_U64, PT_ROLE_NUMBER),
};

struct emit_ctx { pt_emitter *e; int has_area; };

static int emit_one(const pt_agg_row *r, void *p)
{
  const struct emit_ctx *c = p;
  return pt_fields_row(c->e, agg_fields, sizeof agg_fields / sizeof agg_fields[0], c->has_area, r);
}

static int emit_agg(const pt_agg *a, pt_format fmt, const char *output, const char *input)
{
  int rc = 0;
  struct emit_ctx c = { NULL, pt_agg_has_area(a) };
  c.e = pt_fields_emitter(fmt, agg_fields, sizeof agg_fields / sizeof agg_fields[0], c.has_area);
  if (!c.e || pt_agg_each(a, emit_one, &c) != PT_SUCCESS) { cli_err(SUB, "out of memory"); rc = EX_OSERR; }
  else rc = cli_write_table(SUB, c.e, output, input);
  pt_emitter_free(c.e);
  return rc;
}

static size_t split(char *s, const char **v, size_t max)
{
  size_t n = 0;
  for (char *tok = strtok(s, ","); tok && n < max; tok = strtok(NULL, ",")) v[n++] = tok;
  return n;
}

/* ---- --threads: one file read in parts ------------------------------------- */

/* Hand pages [a, b) of the map back to the kernel (whole pages inside). */
static void release(const char *m, size_t a, size_t b)
{
  size_t page = (size_t)sysconf(_SC_PAGESIZE);
  uintptr_t from = ((uintptr_t)(m + a) + page - 1) / page * page, to = (uintptr_t)(m + b) / page * page;
  if (to > from) madvise((void *)from, to - from, MADV_DONTNEED);
}

/* Occurrences of c in [a, b), in windows handed back as they are done. */
static unsigned long count_released(const char *m, size_t a, size_t b, char c)
{
  unsigned long n = 0;
  const size_t win = (size_t)8 << 20;
  for (size_t w = a; w < b; w += win) {
    size_t e = b - w < win ? b : w + win;
    for (const char *q = m + w; (q = memchr(q, c, (size_t)(m + e - q))); q++) n++;
    release(m, w, e);
  }
  return n;
}

/* A part of a mapped file, read as a stream that starts with the file's
 * header line (so each part is a complete input for pt_agg_read). */
typedef struct part {
  const char *head, *body;
  size_t head_len, body_len, pos;   /* pos over head then body */
  size_t released;                  /* bytes of body handed back to the kernel */
  unsigned long lines_before;       /* physical lines of the file before body */
  pt_agg *agg;
  pt_diags diags;
  int status;
} part;

static ssize_t part_read(void *cookie, char *buf, size_t size)
{
  part *p = cookie;
  size_t total = p->head_len + p->body_len, n = 0;
  while (n < size && p->pos < total) {
    const char *src = p->pos < p->head_len ? p->head + p->pos : p->body + (p->pos - p->head_len);
    size_t avail = p->pos < p->head_len ? p->head_len - p->pos : total - p->pos;
    size_t k = size - n < avail ? size - n : avail;
    memcpy(buf + n, src, k);
    n += k;
    p->pos += k;
  }
  /* The map is read once, front to back: give the pages already read back
   * (they stay in the page cache), so the resident set stays small
   * (issue 9: peak RSS <= 64 MiB whatever the file's size). */
  if (p->pos > p->head_len && p->pos - p->head_len - p->released >= ((size_t)8 << 20)) {
    release(p->body, p->released, p->pos - p->head_len);
    p->released = p->pos - p->head_len;
  }
  return (ssize_t)n;
}

static void *part_run(void *arg)
{
  part *p = arg;
  cookie_io_functions_t io = { part_read, NULL, NULL, NULL };
  FILE *f = fopencookie(p, "r", io);
  if (!f) { p->status = PT_ENOMEM; return NULL; }
  p->status = pt_agg_read(p->agg, f, &p->diags);
  fclose(f);
  return NULL;
}

/* Byte offset of the first record boundary at or after off: just past a
 * newline that is outside quotes.  Quote parity is counted from the file's
 * start (RFC 4180: a doubled quote inside a field counts twice, so the
 * parity is that of being inside a quoted field). */
static size_t boundary(const char *m, size_t len, size_t off, size_t *quotes_from, size_t *parity)
{
  for (;;) {
    const char *nl = memchr(m + off, '\n', len - off);
    if (!nl) return len;
    size_t at = (size_t)(nl - m);
    *parity += count_released(m, *quotes_from, at, '"');
    *quotes_from = at;
    if (!(*parity & 1)) return at + 1;
    off = at + 1;
  }
}

/* Aggregate path on nthreads threads into a (the final aggregator): each
 * part into its own aggregator, then merged.  Diagnostics are printed in
 * file order with the file's line numbers.  Returns an exit status, or -1
 * when the file cannot be mapped (the caller reads it as a stream). */
static int agg_parallel(const pt_agg_opts *ao, pt_agg *a, const char *path, int nthreads)
{
  int fd = open(path, O_RDONLY);
  if (fd < 0) return -1;
  struct stat sb;
  if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_size == 0) { close(fd); return -1; }
  size_t len = (size_t)sb.st_size;
  const char *m = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
  close(fd);
  if (m == MAP_FAILED) return -1;
  madvise((void *)m, len, MADV_SEQUENTIAL);
  part parts[64];
  pthread_t tid[64];
  int np = 0, rc = 0;
  size_t qf = 0, parity = 0;
  size_t start = boundary(m, len, 0, &qf, &parity);   /* after the header */
  if (start >= len) { munmap((void *)m, len); return -1; }   /* no records: the stream path says so */
  const char *head = m;
  size_t head_len = start;
  unsigned long lines = 1;
  for (int k = 0; k < nthreads && start < len; k++) {
    size_t want = k + 1 == nthreads ? len : start + (len - start) / (size_t)(nthreads - k);
    size_t end = want >= len ? len : boundary(m, len, want, &qf, &parity);
    part *p = &parts[np];
    memset(p, 0, sizeof *p);
    p->head = head; p->head_len = head_len;
    p->body = m + start; p->body_len = end - start;
    p->lines_before = lines;
    pt_diags_init(&p->diags);
    p->agg = pt_agg_new(ao);
    if (!p->agg) { cli_err(SUB, "out of memory"); rc = EX_OSERR; break; }
    lines += count_released(m, start, end, '\n');
    np++;
    start = end;
  }
  int started = 0;
  for (int k = 0; k < np && !rc; k++) {
    if (pthread_create(&tid[k], NULL, part_run, &parts[k]) != 0) {
      cli_err(SUB, "cannot start a thread: %s", strerror(errno));
      rc = EX_OSERR;
      break;
    }
    started++;
  }
  for (int k = 0; k < started; k++) pthread_join(tid[k], NULL);
  /* the parts' diagnostics in file order, at most as many as one thread
   * would print (the reader's limit) */
  size_t printed = 0, limit = parts[0].diags.limit ? parts[0].diags.limit : 50;
  int truncated = 0;
  for (int k = 0; k < np; k++) {
    part *p = &parts[k];
    for (size_t i = 0; i < p->diags.n && k < started; i++) {
      const pt_diag *g = &p->diags.items[i];
      /* the part's line 1 is the header; its line 2 is the file's line lines_before + 1 */
      if (g->line <= 1 && k > 0) continue;   /* the header's problems (or the whole input's): once */
      if (printed == limit) { truncated = 1; break; }
      cli_print_diag(path, g, g->line > 1 ? g->line - 1 + p->lines_before : g->line);
      printed++;
    }
    truncated |= p->diags.truncated;
    if (!rc && k < started) {
      int st = p->status;
      if (st == PT_SUCCESS) {
        st = pt_agg_merge(a, p->agg);
      }
      if (st == PT_EDATA) rc = EX_DATAERR;
      else if (st == PT_EOVERFLOW) { cli_err(SUB, "%s: a count exceeds 2^53", path); rc = EX_DATAERR; }
      else if (st == PT_EIO) { cli_err(SUB, "error reading \"%s\"", path); rc = EX_IOERR; }
      else if (st) { cli_err(SUB, "out of memory"); rc = EX_OSERR; }
    }
    pt_diags_free(&p->diags);
    pt_agg_free(p->agg);
  }
  if (truncated) fprintf(stderr, "%s: too many errors; stopped after %zu\n", path, printed);
  munmap((void *)m, len);
  return rc;
}

typedef struct col_list {
  char *buf;
  const char *names[PT_AGG_MAX_STAGES > 16 ? PT_AGG_MAX_STAGES : 16];
  size_t n;
} col_list;

typedef struct agg_args {
  pt_agg_opts ao;
  col_list by, stages;
  pt_format fmt;
  const char *output;
  int merge, dups_first, nthreads;
  unsigned char delimiter;
} agg_args;

/* "A,B,...": column names (at most 16 for --by, PT_AGG_MAX_STAGES stages). */
static int parse_cols(const char *arg, void *dst, size_t max)
{
  col_list *l = dst;
  free(l->buf);
  if (!(l->buf = strdup(arg))) return -1;
  l->n = split(l->buf, l->names, max);
  return l->n ? 0 : -1;
}
static int parse_by(const char *arg, void *dst) { return parse_cols(arg, dst, 16); }
static int parse_stages(const char *arg, void *dst) { return parse_cols(arg, dst, PT_AGG_MAX_STAGES); }
static int parse_delim(const char *arg, void *dst)
{
  unsigned char *d = dst;
  if (!strcmp(arg, "tab") || !strcmp(arg, "\\t")) *d = '\t';
  else if (strlen(arg) == 1 && arg[0] != '"' && arg[0] != '\n' && arg[0] != '\r') *d = (unsigned char)arg[0];
  else return -1;
  return 0;
}

#define MAX_STAGES_S "32"
_Static_assert(PT_AGG_MAX_STAGES == 32, "the help text says 32");
static const char *const dup_names[] = { "error", "first", NULL };
static const cli_opt agg_opts[] = {
  CLI_FN("by", 0, "COLS", agg_args, by, parse_by, NULL, 0, "the group: one column, or several joined with \" / \""),
  CLI_STR("period", 0, "COL", agg_args, ao.period_col, "the period column"),
  CLI_FN("stages", 0, "COLS", agg_args, stages, parse_stages, NULL, 0,
         "the flag columns, one stage each (at most " MAX_STAGES_S ")"),
  CLI_STR("area", 0, "COL", agg_args, ao.area_col, "the area column (e.g. province)"),
  CLI_STR("unit-id", 0, "COL", agg_args, ao.unit_col,
          "check that no unit appears twice in a period (a 64-bit\nfingerprint per unit and period, see the README)"),
  CLI_CHOICE("duplicates", 0, "D", agg_args, dups_first, dup_names, NULL,
             "with --unit-id: error (default) or first (keep the\nfirst record of a unit and period)"),
  CLI_FLAG("merge", 0, agg_args, merge, "the FILEs are tidy tables from shards: sum counts and\ntotals per key"),
  CLI_FN("delimiter", 0, "C", agg_args, delimiter, parse_delim, "one character or 'tab'", 0,
         "field delimiter of UNITS (default ',')"),
  CLI_INT("threads", 'j', "N", agg_args, nthreads, 1, 64, NULL,
          "split each UNITS file at record boundaries into N\nparts, aggregate them in parallel and merge (default\n"
          "1; standard input and --unit-id read on one thread,\nsince the duplicate check needs every record)"),
  CLI_FN("format", 'f', "F", agg_args, fmt, cli_opt_format, "text, csv, tsv, markdown, latex or json", 0,
         "csv (default), tsv, text, markdown, latex, json"),
  CLI_OUTPUT("output", 'o', "FILE", agg_args, output, "write to FILE (complete or not at all)"),
};
static const cli_optset agg_sets[] = { CLI_SET(NULL, agg_opts, 0), CLI_HELP_SET };
static const cli_spec agg_spec = {
  "aggregate",
  "Usage: proptrend aggregate [OPTION]... UNITS.csv... --by COL[,COL...] --period COL\n"
  "                           --stages COL[,COL...]\n"
  "       proptrend aggregate --merge TIDY.csv...\n"
  "Count unit-level records (one row per unit and period; stage columns hold\n"
  "flags 1/0, yes/no, true/false, có/không) into the tidy table: total = units\n"
  "in the key, count = units with the stage's flag set.  Streaming: memory grows\n"
  "with the number of keys, not rows.  Several UNITS files are one dataset.\n",
  "Output columns: [area,]group,stage,period,count,total, sorted by key.\n",
  agg_sets, sizeof agg_sets / sizeof agg_sets[0], 1, -1, "missing FILE",
};

/* One input into a: a tidy table (--merge), a file in parts (--threads), or a stream. */
static int agg_one(agg_args *g, pt_agg *a, const char *path)
{
  pt_load_opts lo;
  pt_load_opts_init(&lo);
  lo.delimiter = g->delimiter;
  if (g->merge) {
    pt_table t;
    int rc = cli_read_table(SUB, path, &lo, &t);
    if (rc) return rc;
    int st = pt_agg_add_table(a, &t);
    pt_table_free(&t);
    if (st == PT_EOVERFLOW) { cli_err(SUB, "%s: a sum exceeds 2^53", path); return EX_DATAERR; }
    if (st == PT_EDOM) { cli_err(SUB, "%s: more than %d stages", path, PT_AGG_MAX_STAGES); return EX_DATAERR; }
    if (st) { cli_err(SUB, "out of memory"); return EX_OSERR; }
    return 0;
  }
  if (g->nthreads > 1 && !g->ao.unit_col && strcmp(path, "-")) {
    int prc = agg_parallel(&g->ao, a, path, g->nthreads);
    if (prc >= 0) return prc;
    /* not a mappable file (a pipe, an empty file): read it as a stream */
  }
  FILE *in = strcmp(path, "-") ? fopen(path, "rb") : stdin;
  if (!in) { cli_err(SUB, "cannot open \"%s\": %s", path, strerror(errno)); return EX_NOINPUT; }
  pt_diags d;
  pt_diags_init(&d);
  int st = pt_agg_read(a, in, &d);
  if (in != stdin) fclose(in);
  cli_print_diags(path, &d);
  pt_diags_free(&d);
  if (st == PT_EDATA) return EX_DATAERR;
  if (st == PT_EOVERFLOW) { cli_err(SUB, "%s: a count exceeds 2^53", path); return EX_DATAERR; }
  if (st == PT_EIO) { cli_err(SUB, "error reading \"%s\"", path); return EX_IOERR; }
  if (st) { cli_err(SUB, "out of memory"); return EX_OSERR; }
  return 0;
}

int cmd_aggregate(int argc, char **argv)
{
  agg_args g;
  int first = 0, rc;
  memset(&g, 0, sizeof g);
  g.fmt = PT_FMT_CSV;
  g.nthreads = 1;
  g.delimiter = ',';
  if ((rc = cli_parse(&agg_spec, argc, argv, &g, &first))) goto done;
  g.ao.by_cols = g.by.names; g.ao.nby = g.by.n;
  g.ao.stage_cols = g.stages.names; g.ao.nstages = g.stages.n;
  g.ao.duplicates_first = g.dups_first;
  g.ao.delimiter = g.delimiter;
  if (!g.merge && (!g.ao.nby || !g.ao.period_col || !g.ao.nstages)) {
    rc = cli_usage_err(SUB, "--by, --period and --stages are required (or --merge)");
    goto done;
  }
  if (g.merge && (g.ao.nby || g.ao.period_col || g.ao.nstages || g.ao.area_col || g.ao.unit_col)) {
    rc = cli_usage_err(SUB, "--merge takes tidy tables: no --by, --period, --stages, --area or --unit-id");
    goto done;
  }
  /* issue 19: every input checked against the output before any work */
  for (int i = first; i < argc && !rc; i++) rc = cli_input_register(SUB, argv[i]);
  if (rc) goto done;
  pt_agg *a = pt_agg_new(&g.ao);
  if (!a) { cli_err(SUB, "out of memory"); rc = EX_OSERR; goto done; }
  for (int i = first; i < argc && !rc; i++) rc = agg_one(&g, a, argv[i]);
  if (!rc) rc = emit_agg(a, g.fmt, g.output, argv[first]);
  pt_agg_free(a);
done:
  free(g.by.buf);
  free(g.stages.buf);
  return cli_exit(rc);
}
