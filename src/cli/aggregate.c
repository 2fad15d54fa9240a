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
         "  -j, --threads N        split each UNITS file at record boundaries into N\n"
         "                         parts, aggregate them in parallel and merge (default\n"
         "                         1; standard input and --unit-id read on one thread,\n"
         "                         since the duplicate check needs every record)\n"
         "  -f, --format F         csv (default), tsv, text, markdown, latex, json\n"
         "  -o, --output FILE      write to FILE (complete or not at all)\n"
         "  -h, --help             display this help and exit\n"
         "\n"
         "Output columns: [area,]group,stage,period,count,total, sorted by key.\n",
         PT_AGG_MAX_STAGES);
}

/* Split a comma list in place into v (at most max). */
/* The tidy table straight from the aggregator's sorted keys (no pt_table:
 * 2 M keys stay within the memory bound of proptrend/aggregate.h). */
struct emit_ctx { pt_emitter *e; int has_area; };

static int emit_one(const pt_agg_row *r, void *p)
{
  const struct emit_ctx *c = p;
  pt_cell v[6];
  size_t m = 0;
  if (c->has_area) v[m++] = pt_cell_text(r->area);
  v[m++] = pt_cell_text(r->group);
  v[m++] = pt_cell_text(r->stage);
  v[m++] = pt_cell_int(r->period);
  v[m++] = pt_cell_int((long long)r->count);
  v[m++] = pt_cell_int((long long)r->total);
  return pt_emitter_row(c->e, v);
}

static int emit_agg(const pt_agg *a, pt_format fmt, const char *output, const char *input)
{
  pt_column cols[6];
  size_t nc = 0;
  int rc = 0;
  struct emit_ctx c = { NULL, pt_agg_has_area(a) };
  if (c.has_area) cols[nc++] = (pt_column){ "area", -1, 0, 0 };
  cols[nc++] = (pt_column){ "group", -1, 0, 0 };
  cols[nc++] = (pt_column){ "stage", -1, 0, 0 };
  cols[nc++] = (pt_column){ "period", -1, 0, 0 };
  cols[nc++] = (pt_column){ "count", -1, 0, 0 };
  cols[nc++] = (pt_column){ "total", -1, 0, 0 };
  c.e = pt_emitter_new(fmt, cols, nc);
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
    { "threads", required_argument, NULL, 'j' },
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
  long nthreads = 1;
  pt_load_opts lo;
  memset(&ao, 0, sizeof ao);
  pt_load_opts_init(&lo);
  opterr = 0;
  optind = 1;
  while ((c = getopt_long(argc, argv, ":f:o:j:h", longopts, NULL)) != -1) {
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
    case 'j':
      if (pt_num_parse_long(optarg, strlen(optarg), 1, 64, &nthreads)) {
        rc = cli_usage_err(SUB, "invalid --threads \"%s\": a whole number from 1 to 64", optarg);
        goto done;
      }
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
  /* issue 19: the output and every input checked before any work */
  if ((rc = cli_output_declare(SUB, output))) goto done;
  for (int i = optind; i < argc && !rc; i++) rc = cli_input_register(SUB, argv[i]);
  if (rc) goto done;
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
    if (nthreads > 1 && !ao.unit_col && strcmp(argv[i], "-")) {
      int prc = agg_parallel(&ao, a, argv[i], (int)nthreads);
      if (prc >= 0) { rc = prc; continue; }
      /* not a mappable file (a pipe, an empty file): read it as a stream */
    }
    FILE *in = strcmp(argv[i], "-") ? fopen(argv[i], "rb") : stdin;
    if (!in) { cli_err(SUB, "cannot open \"%s\": %s", argv[i], strerror(errno)); rc = EX_NOINPUT; break; }
    pt_diags d;
    pt_diags_init(&d);
    int st = pt_agg_read(a, in, &d);
    if (in != stdin) fclose(in);
    cli_print_diags(argv[i], &d);
    pt_diags_free(&d);
    if (st == PT_EDATA) rc = EX_DATAERR;
    else if (st == PT_EOVERFLOW) { cli_err(SUB, "%s: a count exceeds 2^53", argv[i]); rc = EX_DATAERR; }
    else if (st == PT_EIO) { cli_err(SUB, "error reading \"%s\"", argv[i]); rc = EX_IOERR; }
    else if (st) { cli_err(SUB, "out of memory"); rc = EX_OSERR; }
  }
  if (!rc) rc = emit_agg(a, fmt, output, argv[optind]);
  pt_agg_free(a);
done:
  free(bybuf);
  free(stbuf);
  return rc;
}
