/* table.c - tidy table reader over libcsv (see proptrend/table.h).
 *
 * libcsv reports fields and records through callbacks but not positions:
 * the input goes to csv_parse() in 64 KiB blocks with CSV_REPALL_NL, so
 * every unquoted line end is reported (a blank line as a record of no
 * fields) and counted there; the newlines inside quoted fields are counted
 * in the field callback, only in blocks that hold a quote.  A record's line
 * is the count at its first field.  Only the fields of known columns are
 * copied; labels are interned in the table's pool (strpool.h), so a row
 * costs no allocation.
 */
#include <config.h>

#include <csv.h>
#include <errno.h>
#include <pthread.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "proptrend/error.h"
#include "internal.h"
#include "proptrend/table.h"
#include "proptrend/utf8.h"
#include "proptrend/colnames.h"   /* Vietnamese headers (issue 20) */
#include "strpool.h"

#define DEFAULT_ERROR_LIMIT 50
#define MAX_FIELDS 4096
#define CHUNK 65536

static const char *const default_names[PT_COL_N] = {
  "area", "group", "stage", "period", "count", "total", "reported", "source"
};

const char *pt_col_name(pt_col c)
{
  return (c >= 0 && c < PT_COL_N) ? default_names[c] : "?";
}

void pt_load_opts_init(pt_load_opts *o)
{
  memset(o, 0, sizeof *o);
  o->delimiter = ',';
  o->numfmt = PT_NUMFMT_PLAIN;
}

void pt_table_init(pt_table *t) { memset(t, 0, sizeof *t); }

int pt_table_pooled(const pt_table *t, const char *s)
{
  return t && t->pool && s && pt_strpool_has(t->pool, s);
}

/* A row's strings but those of the pool (a caller's own, from malloc). */
static void row_free(const pt_strpool *pool, pt_row *r)
{
  char *s[] = { r->area, r->group, r->stage, r->reported, r->source };
  for (size_t k = 0; k < sizeof s / sizeof s[0]; k++)
    if (s[k] && !(pool && pt_strpool_has(pool, s[k]))) free(s[k]);
}

void pt_table_free(pt_table *t)
{
  if (!t) return;
  for (size_t i = 0; i < t->n; i++) row_free(t->pool, &t->rows[i]);
  free(t->rows);
  pt_strpool_free(t->pool);
  free(t->pool);
  memset(t, 0, sizeof *t);
}

void pt_diags_init(pt_diags *d) { memset(d, 0, sizeof *d); }

void pt_diags_free(pt_diags *d)
{
  if (!d) return;
  for (size_t i = 0; i < d->n; i++) free(d->items[i].message);
  free(d->items);
  memset(d, 0, sizeof *d);
}

/* ---- reader state ---------------------------------------------------- */

typedef struct field { size_t off, len; int nul; int toolong; } field;

typedef struct reader {
  const pt_load_opts *o;
  pt_table *t;
  pt_diags *d;
  unsigned long line;       /* current physical line, 1-based */
  unsigned long rec_start;  /* line on which the current record began */
  char *buf; size_t len, cap;           /* kept bytes of the current record */
  field *fields; size_t nf, fcap;
  size_t nonempty;          /* fields of the record that are not empty */
  int bad;                  /* a field of the record too long or with a NUL */
  int quotes;               /* the block may hold a quoted newline */
  int fast;                 /* header read, no quote or NUL, not stopped:
                               on_field's short path */
  int nuls;                 /* a NUL byte was seen in the input */
  int too_many_fields;
  int have_header;
  size_t header_nf;
  long colidx[PT_COL_N];    /* 0-based field index, -1 if absent */
  unsigned char *keep;      /* per field index: a known column (copied) */
  const char *last[PT_COL_N]; size_t lastlen[PT_COL_N];  /* previous ASCII value */
  int stop;                 /* fatal: stop processing */
  int oom;
  size_t ndata;             /* data records seen */
} reader;

int pt_diag_add(pt_diags *d, unsigned long line, unsigned long col, const char *fmt, ...)
{
  va_list ap;
  char *msg;
  int n;
  if (d->n == d->cap) {
    size_t nc = d->cap ? d->cap * 2 : 16;
    pt_diag *ni = realloc(d->items, nc * sizeof *ni);
    if (!ni) return -1;
    d->items = ni; d->cap = nc;
  }
  va_start(ap, fmt);
  n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0 || !(msg = malloc((size_t)n + 1))) return -1;
  va_start(ap, fmt);
  vsnprintf(msg, (size_t)n + 1, fmt, ap);
  va_end(ap);
  d->items[d->n].line = line;
  d->items[d->n].col = col;
  d->items[d->n].message = msg;
  d->n++;
  return 0;
}

static size_t error_limit(const pt_diags *d)
{
  return d->limit ? d->limit : DEFAULT_ERROR_LIMIT;
}

/* Record an error; on reaching the limit ask the reader to stop. */
static void rerr(reader *r, unsigned long col, const char *fmt, ...)
  __attribute__((format(printf, 3, 4)));

static void rerr(reader *r, unsigned long col, const char *fmt, ...)
{
  va_list ap;
  char msg[512];
  if (r->stop) return;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  if (pt_diag_add(r->d, r->rec_start, col, "%s", msg) != 0) { r->oom = 1; r->stop = 1; return; }
  if (r->d->n >= error_limit(r->d)) {
    r->d->truncated = 1;
    r->stop = 1;
  }
}

/* Quote a field for a message: at most 40 bytes, non-printable bytes as
 * \xNN, so a message never carries control characters or a huge field. */
static int utf8_valid(const unsigned char *s, size_t len);

static const char *quote(const char *s, size_t len, char *out, size_t cap)
{
  static const char hex[] = "0123456789abcdef";
  size_t j = 0, i;
  int raw_high = utf8_valid((const unsigned char *)s, len);
  out[j++] = '"';
  for (i = 0; i < len && j + 8 < cap; i++) {
    unsigned char c = (unsigned char)s[i];
    if (i >= 40 && (c & 0xc0) != 0x80) break;   /* cut at a character boundary */
    if (c < 0x20 || c == 0x7f || c == '"' || c == '\\' || (c >= 0x80 && !raw_high)) {
      out[j++] = '\\';
      if (c == '"' || c == '\\') out[j++] = (char)c;
      else { out[j++] = 'x'; out[j++] = hex[c >> 4]; out[j++] = hex[c & 15]; }
    } else {
      out[j++] = (char)c;
    }
  }
  if (i < len) { memcpy(out + j, "...", 3); j += 3; }
  out[j++] = '"';
  out[j] = '\0';
  return out;
}

/* Valid UTF-8 (no overlongs, no surrogates, <= U+10FFFF)? */
static int utf8_valid(const unsigned char *s, size_t len)
{
  size_t i = 0;
  while (i < len) {
    unsigned char c = s[i];
    size_t n; unsigned long cp;
    if (c < 0x80) { i++; continue; }
    if (c >= 0xc2 && c <= 0xdf) { n = 1; cp = c & 0x1f; }
    else if (c >= 0xe0 && c <= 0xef) { n = 2; cp = c & 0x0f; }
    else if (c >= 0xf0 && c <= 0xf4) { n = 3; cp = c & 0x07; }
    else return 0;
    if (n >= len - i) return 0;
    for (size_t k = 1; k <= n; k++) {
      if ((s[i + k] & 0xc0) != 0x80) return 0;
      cp = (cp << 6) | (s[i + k] & 0x3f);
    }
    if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
        (cp >= 0xd800 && cp <= 0xdfff)) return 0;
    i += n + 1;
  }
  return 1;
}

/* ---- libcsv callbacks ------------------------------------------------ */

static void on_field(void *data, size_t len, void *p)
{
  reader *r = p;
  field f;
  size_t i = r->nf;
  if (i == 0) r->rec_start = r->line;
  if (r->fast && !r->stop && i < r->header_nf && len <= PT_FIELD_MAX && r->len + len + 1 <= r->cap) {
    /* a data field in a plain block: the checks below cannot fire */
    field *g = &r->fields[i];
    r->nf = i + 1;
    r->nonempty += len > 0;
    g->off = r->len; g->nul = g->toolong = 0;
    g->len = r->keep[i] ? len : 0;
    memcpy(r->buf + r->len, data, g->len);
    r->len += g->len;
    r->buf[r->len++] = '\0';
    return;
  }
  if (r->quotes && data) {
    /* only a quoted field holds a newline (a plain loop: fields are short) */
    const char *q = data;
    for (size_t k = 0; k < len; k++) r->line += q[k] == '\n';
  }
  if (r->stop) return;
  if (i >= MAX_FIELDS) { r->too_many_fields = 1; return; }
  if (i == r->fcap) {
    size_t nc = r->fcap ? r->fcap * 2 : 16;
    field *nfs = realloc(r->fields, nc * sizeof *nfs);
    if (!nfs) { r->oom = r->stop = 1; return; }
    r->fields = nfs; r->fcap = nc;
  }
  r->nonempty += len > 0;
  f.off = r->len;
  f.nul = r->nuls && data && memchr(data, '\0', len) != NULL;
  f.toolong = len > PT_FIELD_MAX;
  r->bad |= f.nul | f.toolong;
  /* after the header only the known columns are copied */
  f.len = f.toolong || (r->have_header && (i >= r->header_nf || !r->keep[i])) ? 0 : len;
  if (r->len + f.len + 1 > r->cap) {
    size_t nc = r->cap ? r->cap : 256;
    while (nc < r->len + f.len + 1) nc *= 2;
    char *nb = realloc(r->buf, nc);
    if (!nb) { r->oom = r->stop = 1; return; }
    r->buf = nb; r->cap = nc;
  }
  if (f.len) memcpy(r->buf + r->len, data, f.len);
  r->len += f.len;
  r->buf[r->len++] = '\0';
  r->fields[i] = f;
  r->nf = i + 1;
}

static const char *colname(const reader *r, pt_col c)
{
  return r->o->colname[c] ? r->o->colname[c] : default_names[c];
}

static void do_header(reader *r)
{
  unsigned long first[PT_COL_N] = { 0 };
  static const pt_col required[] = {
    PT_COL_GROUP, PT_COL_STAGE, PT_COL_PERIOD, PT_COL_COUNT, PT_COL_TOTAL
  };
  for (int c = 0; c < PT_COL_N; c++) r->colidx[c] = -1;
  for (size_t i = 0; i < r->nf; i++) {
    const char *name = r->buf + r->fields[i].off;
    for (int c = 0; c < PT_COL_N; c++) {
      if (strcasecmp(name, colname(r, (pt_col)c)) != 0 &&
          !(!r->o->colname[c] && pt_col_is(name, (pt_col)c))) continue;   /* issue 20: aliases, colnames.c */
      if (r->colidx[c] >= 0) {
        rerr(r, i + 1, "column \"%s\" appears twice (fields %lu and %zu)",
             colname(r, (pt_col)c), first[c], i + 1);
        r->stop = 1;
        return;
      }
      r->colidx[c] = (long)i;
      first[c] = i + 1;
    }
  }
  {
    /* One message naming every missing column, with a hint when the whole
     * header is one field that holds another likely delimiter. */
    char miss[256] = "";
    int nmiss = 0;
    for (size_t k = 0; k < sizeof required / sizeof required[0]; k++) {
      if (r->colidx[required[k]] >= 0) continue;
      size_t used = strlen(miss);
      snprintf(miss + used, sizeof miss - used, "%s\"%.40s\"", nmiss ? ", " : "",
               colname(r, required[k]));
      nmiss++;
    }
    if (nmiss) {
      const char *hint = "";
      if (r->nf == 1 && strchr(r->buf, ';')) hint = "; the header is one field: is the file delimited by ';'? see --delimiter";
      else if (r->nf == 1 && strchr(r->buf, '\t')) hint = "; the header is one field: is the file delimited by tabs? see --delimiter";
      rerr(r, 0, "missing required column%s %s%s", nmiss > 1 ? "s" : "", miss, hint);
    }
  }
  if (r->d->n) { r->stop = 1; return; }
  r->header_nf = r->nf;
  if (!(r->keep = calloc(r->nf, 1))) { r->oom = r->stop = 1; return; }
  for (int c = 0; c < PT_COL_N; c++) if (r->colidx[c] >= 0) r->keep[r->colidx[c]] = 1;
  r->have_header = 1;
  r->t->has_area = r->colidx[PT_COL_AREA] >= 0;
  r->t->has_reported = r->colidx[PT_COL_REPORTED] >= 0;
  r->t->has_source = r->colidx[PT_COL_SOURCE] >= 0;
  for (int c = 0; c < PT_COL_N; c++) r->t->col[c] = (unsigned long)(r->colidx[c] + 1);
}

/* The pool's copy of a field in Unicode NFC: "Khu dân cư" typed composed
 * or decomposed (as macOS and some exports write it) is one group, not two.
 * ASCII is its own NFC and is interned as it is; the previous row's value
 * of the column is tried first (tidy tables repeat their keys on runs of
 * rows).  NULL for an empty or absent field, or out of memory (r->oom). */
static char *intern_field(reader *r, pt_col c, int ascii)
{
  long i = r->colidx[c];
  const char *s, *v;
  size_t len;
  if (i < 0 || r->fields[i].len == 0) return NULL;
  s = r->buf + r->fields[i].off;
  len = r->fields[i].len;
  if (ascii < 0) {
    unsigned char hi = 0;
    for (size_t k = 0; k < len; k++) hi |= (unsigned char)s[k];
    ascii = !(hi & 0x80);
  }
  if (ascii && r->last[c] && r->lastlen[c] == len && !memcmp(r->last[c], s, len)) return (char *)r->last[c];
  if (ascii) {
    v = pt_strpool_intern(r->t->pool, s, len);
    r->last[c] = v; r->lastlen[c] = len;
  } else {
    char *n = NULL;
    size_t nlen = 0;
    v = pt_utf8_nfc(s, len, &n, &nlen) == PT_SUCCESS ? pt_strpool_intern(r->t->pool, n, nlen) : NULL;
    free(n);
  }
  if (!v) r->oom = r->stop = 1;
  return (char *)v;   /* the pool's: never written through (table.h) */
}

/* Validate a label field (required: not empty); returns 1 if fine and sets
 * *ascii to whether every byte is ASCII. */
static int check_label(reader *r, pt_col c, int required, int *ascii)
{
  long i = r->colidx[c];
  const field *f;
  *ascii = 1;
  if (i < 0) return 1;
  f = &r->fields[i];
  /* the previous row's value, checked then (intern_field takes it again) */
  if (r->last[c] && r->lastlen[c] == f->len && !memcmp(r->last[c], r->buf + f->off, f->len)) return 1;
  if (f->len == 0) {
    if (!required) return 1;
    rerr(r, (unsigned long)i + 1, "%s must not be empty", colname(r, c));
    return 0;
  }
  if (f->len > PT_LABEL_MAX) {
    rerr(r, (unsigned long)i + 1, "%s is too long (%zu bytes; at most %d)",
         colname(r, c), f->len, PT_LABEL_MAX);
    return 0;
  }
  const unsigned char *s = (const unsigned char *)r->buf + f->off;
  unsigned char hi = 0;
  int ctrl = 0;
  for (size_t k = 0; k < f->len; k++) { hi |= s[k]; ctrl |= s[k] < 0x20 || s[k] == 0x7f; }
  if (ctrl) {
    char q[200];
    rerr(r, (unsigned long)i + 1, "%s contains a control character, got %s",
         colname(r, c), quote((const char *)s, f->len, q, sizeof q));
    return 0;
  }
  *ascii = !(hi & 0x80);
  if (!*ascii && !utf8_valid(s, f->len)) {
    char q[200];
    rerr(r, (unsigned long)i + 1, "%s is not valid UTF-8, got %s", colname(r, c),
         quote((const char *)s, f->len, q, sizeof q));
    return 0;
  }
  return 1;
}

static const char *num_hint(pt_num_error e)
{
  switch (e) {
  case PT_NUM_AMBIGUOUS:
    return " (a thousands separator or decimal mark of another number format; "
           "set --number-format vi or en)";
  case PT_NUM_RANGE: return " (too large; at most 2^53)";
  case PT_NUM_EMPTY: return " (empty)";
  default: return "";
  }
}

static void do_record(reader *r)
{
  pt_row row;
  int ok = 1;
  char q[200];
  memset(&row, 0, sizeof row);

  /* A record of empty fields (a blank line, or ",,,,") is skipped. */
  if (r->nonempty == 0) return;

  if (r->too_many_fields) {
    rerr(r, 0, "too many fields (more than %d)", MAX_FIELDS);
    return;
  }
  if (!r->have_header) { do_header(r); return; }
  r->ndata++;
  if (r->nf != r->header_nf) {
    rerr(r, 0, "expected %zu fields as in the header, found %zu%s", r->header_nf, r->nf,
         r->nf == 1 ? " (wrong delimiter? see --delimiter)" : "");
    return;
  }
  for (size_t i = 0; i < r->nf && r->bad; i++) {
    if (r->fields[i].toolong) {
      rerr(r, i + 1, "field is too long (more than %d bytes)", PT_FIELD_MAX);
      ok = 0;
    } else if (r->fields[i].nul) {
      rerr(r, i + 1, "field contains a NUL byte");
      ok = 0;
    }
  }
  if (!ok) return;

  int ascii[3];
  /* lenient (the audit of extract's tables): a figure whose unit, stage,
   * year or total the text did not state is kept, flagged */
  ok &= check_label(r, PT_COL_AREA, 1, &ascii[0]);
  ok &= check_label(r, PT_COL_GROUP, !r->o->lenient, &ascii[1]);
  ok &= check_label(r, PT_COL_STAGE, !r->o->lenient, &ascii[2]);

  long pi = r->colidx[PT_COL_PERIOD];
  const field *pf = &r->fields[pi];
  pt_num_error e = pt_num_parse_long(r->buf + pf->off, pf->len, -1000000000L, 1000000000L,
                                     &row.period);
  if (e == PT_NUM_EMPTY && r->o->lenient) {
    row.flags |= PT_ROW_NO_PERIOD;
    row.period = 0;
  } else if (e) {
    rerr(r, (unsigned long)pi + 1, "%s must be a whole number (a year), got %s",
         colname(r, PT_COL_PERIOD), quote(r->buf + pf->off, pf->len, q, sizeof q));
    ok = 0;
  }

  long ci = r->colidx[PT_COL_COUNT], ti = r->colidx[PT_COL_TOTAL];
  const field *cf = &r->fields[ci], *tf = &r->fields[ti];
  int count_ok = 1;
  e = pt_num_parse_count(r->buf + cf->off, cf->len, r->o->numfmt, PT_COUNT_MAX, &row.count);
  if (e == PT_NUM_EMPTY && r->o->lenient && r->colidx[PT_COL_REPORTED] >= 0 &&
      r->fields[r->colidx[PT_COL_REPORTED]].len > 0) {
    /* lenient: only a percentage and a total (the audit checks the pair) */
    row.flags |= PT_ROW_NO_COUNT;
    row.count = 0;
    count_ok = 0;
  } else if (e) {
    rerr(r, (unsigned long)ci + 1, "%s must be a whole number >= 0, got %s%s",
         colname(r, PT_COL_COUNT), quote(r->buf + cf->off, cf->len, q, sizeof q), num_hint(e));
    ok = count_ok = 0;
  }
  e = pt_num_parse_count(r->buf + tf->off, tf->len, r->o->numfmt, PT_COUNT_MAX, &row.total);
  if (e == PT_NUM_EMPTY && r->o->lenient && count_ok) {   /* "1.318 xã (17%)": a count with its percentage */
    row.flags |= PT_ROW_NO_TOTAL;
    row.total = 0;
  } else if (e) {
    rerr(r, (unsigned long)ti + 1, "%s must be a whole number >= %s, got %s%s",
         colname(r, PT_COL_TOTAL), colname(r, PT_COL_COUNT),
         quote(r->buf + tf->off, tf->len, q, sizeof q), num_hint(e));
    ok = 0;
  } else if (row.total == 0) {
    if (r->o->lenient) row.flags |= PT_ROW_ZERO_TOTAL;
    else {
      rerr(r, (unsigned long)ti + 1, "%s must be > 0, got %s", colname(r, PT_COL_TOTAL),
           quote(r->buf + tf->off, tf->len, q, sizeof q));
      ok = 0;
    }
  } else if (count_ok && row.count > row.total) {
    if (r->o->lenient) row.flags |= PT_ROW_COUNT_EXCEEDS_TOTAL;
    else {
      rerr(r, (unsigned long)ti + 1, "%s must be a whole number >= %s, got %s (%s is %llu)",
           colname(r, PT_COL_TOTAL), colname(r, PT_COL_COUNT),
           quote(r->buf + tf->off, tf->len, q, sizeof q), colname(r, PT_COL_COUNT),
           (unsigned long long)row.count);
      ok = 0;
    }
  }
  if (!ok || r->stop) return;

  row.line = r->rec_start;
  row.area = intern_field(r, PT_COL_AREA, ascii[0]);   /* never empty: checked */
  row.group = intern_field(r, PT_COL_GROUP, ascii[1]);
  row.stage = intern_field(r, PT_COL_STAGE, ascii[2]);
  /* lenient: an empty unit or stage is "" (in the pool, like every label) */
  if (!row.group && !r->oom && !(row.group = (char *)pt_strpool_intern(r->t->pool, "", 0))) r->oom = r->stop = 1;
  if (!row.stage && !r->oom && !(row.stage = (char *)pt_strpool_intern(r->t->pool, "", 0))) r->oom = r->stop = 1;
  row.reported = intern_field(r, PT_COL_REPORTED, -1);
  row.source = intern_field(r, PT_COL_SOURCE, -1);
  if (r->oom) return;
  if (r->t->n == r->t->cap) {
    size_t nc = r->t->cap ? r->t->cap * 2 : 64;
    pt_row *nr = realloc(r->t->rows, nc * sizeof *nr);
    if (!nr) { r->oom = r->stop = 1; return; }
    r->t->rows = nr; r->t->cap = nc;
  }
  r->t->rows[r->t->n++] = row;
}

static void on_record(int c, void *p)
{
  reader *r = p;
  if (r->nf > 0 && !r->stop) do_record(r);   /* nf 0: a line end alone */
  if (c == '\n') r->line++;
  r->nf = 0;
  r->len = 0;
  r->nonempty = 0;
  r->bad = 0;
  r->too_many_fields = 0;
}

static int space_tab(unsigned char c) { return c == ' '; }

/* ---- keys -------------------------------------------------------------- */

/* strcmp, NULL as "", and no call for one string (interned labels of a
 * series are one pointer). */
static int strcmp0(const char *a, const char *b)
{
  if (a == b) return 0;
  return strcmp(a ? a : "", b ? b : "");
}

int pt_row_same_series(const pt_row *a, const pt_row *b)
{
  return strcmp0(a->stage, b->stage) == 0 && strcmp0(a->group, b->group) == 0 &&
         strcmp0(a->area, b->area) == 0;
}

int pt_row_key_cmp(const pt_row *a, const pt_row *b)
{
  int c = strcmp0(a->area, b->area);
  if (!c) c = strcmp0(a->group, b->group);
  if (!c) c = strcmp0(a->stage, b->stage);
  if (!c) c = (a->period > b->period) - (a->period < b->period);
  return c;
}

char *pt_row_series_label(const pt_row *r, char *buf, size_t cap)
{
  if (r->area && *r->area) snprintf(buf, cap, "%s %s %s", r->area, r->group, r->stage);
  else snprintf(buf, cap, "%s %s", r->group, r->stage);
  return buf;
}

static int idx_cmp(const void *a, const void *b, void *ctx)
{
  const pt_table *t = ctx;
  const pt_row *ra = &t->rows[*(const size_t *)a], *rb = &t->rows[*(const size_t *)b];
  int c = pt_row_key_cmp(ra, rb);
  if (!c) c = (ra->line > rb->line) - (ra->line < rb->line);
  return c;
}

/* Merge sort of indices (stable, no qsort_r portability trouble). */
static void msort(size_t *v, size_t *tmp, size_t n, const pt_table *t)
{
  if (n < 2) return;
  size_t h = n / 2, i = 0, j = h, k = 0;
  msort(v, tmp, h, t);
  msort(v + h, tmp, n - h, t);
  while (i < h && j < n)
    tmp[k++] = idx_cmp(&v[j], &v[i], (void *)t) < 0 ? v[j++] : v[i++];
  while (i < h) tmp[k++] = v[i++];
  while (j < n) tmp[k++] = v[j++];
  memcpy(v, tmp, n * sizeof *v);
}

int pt_table_order(const pt_table *t, size_t *idx)
{
  size_t *tmp;
  if (!t || (!idx && t->n)) return PT_EDOM;
  for (size_t i = 0; i < t->n; i++) idx[i] = i;
  if (t->n < 2) return PT_SUCCESS;
  if (!(tmp = malloc(t->n * sizeof *tmp))) return PT_ENOMEM;
  msort(idx, tmp, t->n, t);
  free(tmp);
  return PT_SUCCESS;
}

/* Same (area, group, stage, period). */
static int pt_row_same_key_(const pt_row *a, const pt_row *b)
{
  return a->period == b->period && pt_row_key_cmp(a, b) == 0;
}

/* Merge sort of duplicate indices k by (key, line) of row dup[k][0]. */
static void dup_sort(size_t *v, size_t *tmp, size_t n, const pt_table *t, size_t (*dup)[2])
{
  if (n < 2) return;
  size_t h = n / 2, i = 0, j = h, k = 0;
  dup_sort(v, tmp, h, t, dup);
  dup_sort(v + h, tmp, n - h, t, dup);
  while (i < h && j < n)
    tmp[k++] = idx_cmp(&dup[v[j]][0], &dup[v[i]][0], (void *)t) < 0 ? v[j++] : v[i++];
  while (i < h) tmp[k++] = v[i++];
  while (j < n) tmp[k++] = v[j++];
  memcpy(v, tmp, n * sizeof *v);
}

/* Hash of a row's key (area, group, stage, period): FNV-1a over the
 * strings, a splitmix finaliser for the power-of-two table. */
static uint64_t key_hash(const pt_row *r)
{
  uint64_t h = UINT64_C(1469598103934665603);
  const char *parts[3] = { r->area ? r->area : "", r->group, r->stage };
  for (int k = 0; k < 3; k++) {
    for (const unsigned char *p = (const unsigned char *)parts[k]; *p; p++) { h ^= *p; h *= UINT64_C(1099511628211); }
    h ^= 0xff; h *= UINT64_C(1099511628211);        /* separator */
  }
  h ^= (uint64_t)r->period * UINT64_C(0x9e3779b97f4a7c15);
  h = (h ^ (h >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
  h = (h ^ (h >> 27)) * UINT64_C(0x94d049bb133111eb);
  return h ^ (h >> 31);
}

/* 1 when no key can repeat because every series is one run of consecutive
 * rows with increasing periods (as tidy tables are written), 0 when that is
 * not so (a key may repeat), -1 when out of memory.  One hash set of the
 * runs, far smaller than one of the rows. */
static int runs_unique(const pt_table *t)
{
  size_t cap = 1024, n = 0, *slot = calloc(cap, sizeof *slot);
  uint64_t *hs = malloc(cap * sizeof *hs);
  int unique = 1;
  if (!slot || !hs) { free(slot); free(hs); return -1; }
  for (size_t i = 0; i < t->n && unique;) {
    const pt_row *a = &t->rows[i];
    size_t j = i + 1;
    for (; j < t->n && pt_row_same_series(&t->rows[j - 1], &t->rows[j]); j++)
      if (t->rows[j].period <= t->rows[j - 1].period) { unique = 0; break; }
    if (!unique) break;
    if (2 * (n + 1) > cap) {   /* grow: rehash by the stored hashes */
      size_t nc = 2 * cap, *ns = calloc(nc, sizeof *ns);
      uint64_t *nh = malloc(nc * sizeof *nh);
      if (!ns || !nh) { free(ns); free(nh); free(slot); free(hs); return -1; }
      for (size_t k = 0; k < cap; k++) {
        if (!slot[k]) continue;
        size_t q = (size_t)hs[k] & (nc - 1);
        while (ns[q]) q = (q + 1) & (nc - 1);
        ns[q] = slot[k]; nh[q] = hs[k];
      }
      free(slot); free(hs);
      slot = ns; hs = nh; cap = nc;
    }
    const char *area = a->area ? a->area : "";
    uint64_t h = pt_strhash(area, strlen(area)) ^ 3 * pt_strhash(a->group, strlen(a->group)) ^
                 5 * pt_strhash(a->stage, strlen(a->stage));
    size_t q = (size_t)h & (cap - 1);
    for (; slot[q]; q = (q + 1) & (cap - 1))
      if (hs[q] == h && pt_row_same_series(&t->rows[slot[q] - 1], a)) { unique = 0; break; }
    if (!unique) break;   /* the series comes back after other rows */
    slot[q] = i + 1; hs[q] = h; n++;
    i = j;
  }
  free(slot);
  free(hs);
  return unique;
}

/* Duplicate keys by a hash set of the rows (linear; the sort it replaces
 * cost a quarter of reading a million rows).  Each later row of a key is
 * reported at its own line with the first row's line.  When the error limit
 * cuts the list, the duplicates kept are the first in key order, as the
 * sorted scan kept them; diagnostics end in line order. */
static int check_duplicates(reader *r)
{
  pt_table *t = r->t;
  size_t cap = 16, nd = 0, *slot, (*dup)[2] = NULL;
  if (t->n < 2) return 0;
  int u = runs_unique(t);
  if (u) return u < 0 ? -1 : 0;
  while (cap < 2 * t->n) cap *= 2;
  if (!(slot = calloc(cap, sizeof *slot))) return -1;
  for (size_t i = 0; i < t->n; i++) {
    size_t j = (size_t)key_hash(&t->rows[i]) & (cap - 1);
    while (slot[j] && !pt_row_same_key_(&t->rows[slot[j] - 1], &t->rows[i])) j = (j + 1) & (cap - 1);
    if (!slot[j]) { slot[j] = i + 1; continue; }
    if (r->o->lenient) { t->rows[i].flags |= PT_ROW_DUPLICATE; continue; }
    if (!(nd & (nd + 1)) || nd == 0) {                /* grow at 1, 2, 4, ... - 1 */
      size_t (*nn)[2] = realloc(dup, (2 * nd + 2) * sizeof *dup);
      if (!nn) { free(dup); free(slot); return -1; }
      dup = nn;
    }
    dup[nd][0] = i;
    dup[nd][1] = slot[j] - 1;
    nd++;
  }
  free(slot);
  if (nd > 0 && r->d->n + nd > error_limit(r->d)) {
    /* only some fit: the first in key order (key, then line) */
    size_t *v = malloc(nd * sizeof *v), *tmp = malloc(nd * sizeof *tmp);
    size_t (*sorted)[2] = malloc(nd * sizeof *sorted);
    if (!v || !tmp || !sorted) { free(v); free(tmp); free(sorted); free(dup); return -1; }
    for (size_t k = 0; k < nd; k++) v[k] = k;
    dup_sort(v, tmp, nd, t, dup);
    for (size_t k = 0; k < nd; k++) { sorted[k][0] = dup[v[k]][0]; sorted[k][1] = dup[v[k]][1]; }
    free(v); free(tmp); free(dup);
    dup = sorted;
  }
  for (size_t k = 0; k < nd; k++) {
    pt_row *b = &t->rows[dup[k][0]];
    if (r->d->n >= error_limit(r->d)) { r->d->truncated = 1; break; }
    char lab[2 * PT_LABEL_MAX + 64];
    pt_row_series_label(b, lab, sizeof lab);
    if (pt_diag_add(r->d, b->line, t->col[PT_COL_PERIOD],
                 "duplicate key (%s, %s %ld); first on line %lu", lab,
                 colname(r, PT_COL_PERIOD), b->period, t->rows[dup[k][1]].line) != 0) {
      free(dup); return -1;
    }
  }
  free(dup);
  /* Keep diagnostics in line order. */
  for (size_t i = 1; i < r->d->n; i++) {
    pt_diag x = r->d->items[i];
    size_t j = i;
    while (j > 0 && r->d->items[j - 1].line > x.line) { r->d->items[j] = r->d->items[j - 1]; j--; }
    r->d->items[j] = x;
  }
  return 0;
}

/* ---- reading --------------------------------------------------------- */

/* A reader and its parser, ready for the first byte of t's input. */
static int reader_open(reader *r, struct csv_parser *p, const pt_load_opts *o, pt_table *t, pt_diags *d)
{
  memset(r, 0, sizeof *r);
  r->o = o; r->t = t; r->d = d; r->line = 1; r->rec_start = 1;
  for (int c = 0; c < PT_COL_N; c++) r->colidx[c] = -1;
  if (!t->pool) {
    if (!(t->pool = malloc(sizeof *t->pool))) return PT_ENOMEM;
    pt_strpool_init(t->pool);
  }
  if (csv_init(p, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL) != 0) return PT_ENOMEM;
  csv_set_delim(p, o->delimiter ? o->delimiter : ',');
  /* libcsv's own test for spaces (' ' or '\t') without a call per byte;
   * a tab-delimited file treats only ' ' as one */
  if (o->delimiter == '\t') csv_set_space_func(p, space_tab);
  return PT_SUCCESS;
}

static void reader_close(reader *r, struct csv_parser *p, int own_keep)
{
  csv_free(p);
  free(r->buf);
  free(r->fields);
  if (own_keep) free(r->keep);
}

/* One block of input through the parser; 0 to go on, 1 when reading stops
 * (an error the reader records). */
static int read_block(reader *r, struct csv_parser *p, const unsigned char *b, size_t n)
{
  /* a field still open from the last block is quoted (p.quoted) */
  r->quotes = p->quoted || memchr(b, '"', n) != NULL;
  r->nuls |= memchr(b, '\0', n) != NULL;
  r->fast = r->have_header && !r->quotes && !r->nuls;
  if (csv_parse(p, b, n, on_field, on_record, r) != n) {
    if (r->nf == 0) r->rec_start = r->line;
    rerr(r, 0, "malformed CSV: %s (a quote inside an unquoted field, or text after a closing quote)",
         csv_strerror(csv_error(p)));
    r->stop = 1;
  } else if (p->entry_pos > PT_FIELD_MAX) {
    /* libcsv keeps a field whole until it ends: stop before a runaway
     * field costs memory (and quadratic copying) */
    if (r->nf == 0) r->rec_start = r->line;
    rerr(r, r->nf + 1, "field is too long (more than %d bytes)", PT_FIELD_MAX);
    r->stop = 1;
  }
  return r->stop;
}

/* The bytes b[0..n) in blocks of CHUNK (so the fast path and the quote test
 * work per block, as when reading a stream). */
static void read_bytes(reader *r, struct csv_parser *p, const unsigned char *b, size_t n)
{
  for (size_t off = 0; off < n && !r->stop; off += CHUNK)
    read_block(r, p, b + off, n - off < CHUNK ? n - off : CHUNK);
}

/* The end of the input: its last record. */
static void read_fini(reader *r, struct csv_parser *p)
{
  if (r->stop) return;
  r->quotes = 1;   /* the last field may be a quoted one */
  r->fast = 0;
  if (csv_fini(p, on_field, on_record, r) != 0) {
    if (r->nf == 0) r->rec_start = r->line;
    rerr(r, 0, "malformed CSV: unterminated quoted field at end of input");
  }
}

/* The checks of the whole table once every row is read; the status. */
static int read_end(reader *r, size_t ndata, int status)
{
  pt_diags *d = r->d;
  if (status == PT_SUCCESS && !r->oom && !r->stop) {
    if (!r->have_header && d->n == 0) {
      if (pt_diag_add(d, 0, 0, "empty input (no header row)")) r->oom = 1;
    }
    else if (r->have_header && ndata == 0 && d->n == 0 && pt_diag_add(d, 1, 0, "no data rows after the header"))
      r->oom = 1;
  }
  if (status == PT_SUCCESS && !r->oom && r->have_header && check_duplicates(r) != 0) r->oom = 1;
  if (status != PT_SUCCESS) return status;
  if (r->oom) return PT_ENOMEM;
  return d->n ? PT_EDATA : PT_SUCCESS;
}

static int read_serial(FILE *in, const pt_load_opts *o, pt_table *t, pt_diags *d)
{
  struct csv_parser p;
  reader r;
  unsigned char *chunk;
  int status = PT_SUCCESS, first = 1;
  if ((status = reader_open(&r, &p, o, t, d)) != PT_SUCCESS) return status;
  if (!(chunk = malloc(CHUNK))) { csv_free(&p); return PT_ENOMEM; }
  for (;;) {
    size_t n = fread(chunk, 1, CHUNK, in), off = 0;
    if (n == 0) break;
    if (first) {
      first = 0;
      if (n >= 3 && chunk[0] == 0xef && chunk[1] == 0xbb && chunk[2] == 0xbf) off = 3;
    }
    if (off < n && read_block(&r, &p, chunk + off, n - off)) break;
  }
  if (ferror(in)) status = PT_EIO;
  if (status == PT_SUCCESS) read_fini(&r, &p);
  free(chunk);
  status = read_end(&r, r.ndata, status);
  reader_close(&r, &p, 1);
  return status;
}

/* ---- reading on threads ------------------------------------------------
 *
 * With pt_load_opts.threads > 1 the input is read whole into memory and,
 * when it holds no quote (so every '\n' ends a record) and no NUL, cut at
 * line ends into parts that threads parse into tables of their own, with
 * the header's columns and the line number at which each part begins.  The
 * parts' rows are then appended in order and their labels interned once in
 * the table's pool, and the duplicate-key check runs on the whole table, as
 * in one pass.  If any part finds a problem the input is read again in one
 * pass, so the diagnostics (their order, the error limit) are those of one
 * thread: threads change the time, never the result. */

#define PART_MIN 65536   /* a part smaller than this costs more than it saves */
#define MAX_READ_THREADS 64

typedef struct part {
  reader r;
  struct csv_parser p;
  pt_table t;
  pt_diags d;
  const unsigned char *b;
  size_t n;
  int st;
} part;

/* The rest of in, a regular file, mapped read-only in *map (*maplen bytes)
 * and from where the stream stands in *b, *len; 0 when in is no regular
 * file, too small to split, or cannot be mapped (then it is read as a
 * stream). */
static int map_input(FILE *in, void **map, size_t *maplen, const unsigned char **b, size_t *len)
{
  struct stat sb;
  off_t pos = ftello(in);
  if (pos < 0 || fstat(fileno(in), &sb) != 0 || !S_ISREG(sb.st_mode) ||
      sb.st_size - pos < 2 * PART_MIN || (uintmax_t)sb.st_size > SIZE_MAX) return 0;
  void *m = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fileno(in), 0);
  if (m == MAP_FAILED) return 0;
  *map = m; *maplen = (size_t)sb.st_size;
  *b = (const unsigned char *)m + pos; *len = (size_t)(sb.st_size - pos);
  if (*len >= 3 && (*b)[0] == 0xef && (*b)[1] == 0xbb && (*b)[2] == 0xbf) { *b += 3; *len -= 3; }
  return 1;
}

static void *part_run(void *arg)
{
  part *q = arg;
  read_bytes(&q->r, &q->p, q->b, q->n);
  read_fini(&q->r, &q->p);
  q->st = q->r.oom ? PT_ENOMEM : PT_SUCCESS;
  return NULL;
}

/* A reader for a part that starts at line `line` after the header r0 read. */
static int part_open(part *q, const reader *r0, const unsigned char *b, size_t n, unsigned long line)
{
  memset(q, 0, sizeof *q);   /* part_close is safe on a part that failed to open */
  pt_table_init(&q->t);
  pt_diags_init(&q->d);
  q->d.limit = r0->d->limit;
  if (reader_open(&q->r, &q->p, r0->o, &q->t, &q->d) != PT_SUCCESS) return PT_ENOMEM;
  q->r.line = q->r.rec_start = line;
  q->r.have_header = 1;
  q->r.header_nf = r0->header_nf;
  memcpy(q->r.colidx, r0->colidx, sizeof r0->colidx);
  q->r.keep = r0->keep;   /* shared, read only */
  q->b = b; q->n = n;
  return PT_SUCCESS;
}

/* The pool's copy of s (a string of another pool), through a one-entry
 * cache per column: tidy tables repeat their labels on runs of rows. */
static char *reintern(pt_strpool *pool, const char *s, const char **last, const char **lastv, int *oom)
{
  if (!s) return NULL;
  if (s == *last) return (char *)*lastv;
  const char *v = pt_strpool_intern(pool, s, strlen(s));
  if (!v) { *oom = 1; return NULL; }
  *last = s; *lastv = v;
  return (char *)v;
}

/* Append the rows of part q to t, their labels in t's pool. */
static int part_merge(pt_table *t, const part *q)
{
  const char *last[5] = { 0 }, *lastv[5] = { 0 };
  int oom = 0;
  if (t->cap - t->n < q->t.n) {
    size_t nc = t->n + q->t.n;
    pt_row *nr = realloc(t->rows, nc * sizeof *nr);
    if (!nr) return PT_ENOMEM;
    t->rows = nr; t->cap = nc;
  }
  for (size_t i = 0; i < q->t.n && !oom; i++) {
    pt_row row = q->t.rows[i];
    row.area = reintern(t->pool, row.area, &last[0], &lastv[0], &oom);
    row.group = reintern(t->pool, row.group, &last[1], &lastv[1], &oom);
    row.stage = reintern(t->pool, row.stage, &last[2], &lastv[2], &oom);
    row.reported = reintern(t->pool, row.reported, &last[3], &lastv[3], &oom);
    row.source = reintern(t->pool, row.source, &last[4], &lastv[4], &oom);
    t->rows[t->n++] = row;
  }
  return oom ? PT_ENOMEM : PT_SUCCESS;
}

static void part_close(part *q)
{
  reader_close(&q->r, &q->p, 0);
  /* every string of a part's rows is in its pool: no look-up per row */
  free(q->t.rows);
  if (q->t.pool) pt_strpool_free(q->t.pool);
  free(q->t.pool);
  pt_diags_free(&q->d);
}

/* Where the part after `from` begins: just past the first line end at or
 * after `at`, or len. */
static size_t cut_after(const unsigned char *b, size_t len, size_t at)
{
  const unsigned char *nl = at < len ? memchr(b + at, '\n', len - at) : NULL;
  return nl ? (size_t)(nl - b) + 1 : len;
}

static unsigned long count_lines(const unsigned char *b, size_t n)
{
  unsigned long k = 0;
  for (const unsigned char *e = b + n; (b = memchr(b, '\n', (size_t)(e - b))) != NULL; b++) k++;
  return k;
}

/* The header of b (with the blank lines before it) through r0: the offset
 * of the first byte after it. */
static size_t read_header(reader *r0, struct csv_parser *p, const unsigned char *b, size_t len)
{
  size_t at = 0;
  while (at < len && !r0->have_header && !r0->stop) {
    size_t e = cut_after(b, len, at);
    read_block(r0, p, b + at, e - at);
    at = e;
  }
  return at;
}

/* Read parts [h, len) of b on np threads after the header r0 read (part 0
 * on r0 itself); PT_SUCCESS with every row in t, PT_EDATA when some part
 * found a problem (the caller reads again in one pass), or PT_ENOMEM. */
static int read_parts(reader *r0, struct csv_parser *p0, const unsigned char *b, size_t len, size_t h,
                      int np, size_t *ndata)
{
  part parts[MAX_READ_THREADS];
  pthread_t tid[MAX_READ_THREADS];
  int started[MAX_READ_THREADS] = { 0 }, st = PT_SUCCESS, nopen = 1;
  size_t cut[MAX_READ_THREADS + 1];
  unsigned long line = r0->line;
  cut[0] = h;
  for (int k = 1; k < np; k++) cut[k] = cut_after(b, len, h + (len - h) / (size_t)np * (size_t)k - 1);
  cut[np] = len;
  for (int k = 1; k < np && st == PT_SUCCESS; k++, nopen++) {
    line += count_lines(b + cut[k - 1], cut[k] - cut[k - 1]);
    st = part_open(&parts[k], r0, b + cut[k], cut[k + 1] - cut[k], line);
  }
  if (st == PT_SUCCESS) {
    for (int k = 1; k < np; k++)
      if (cut[k] < cut[k + 1]) started[k] = pthread_create(&tid[k], NULL, part_run, &parts[k]) == 0;
    read_bytes(r0, p0, b + h, cut[1] - h);
    read_fini(r0, p0);
    for (int k = 1; k < np; k++) {
      if (started[k]) pthread_join(tid[k], NULL);
      else part_run(&parts[k]);
    }
    *ndata = r0->ndata;
    for (int k = 1; k < np; k++) {
      *ndata += parts[k].r.ndata;
      if (parts[k].st != PT_SUCCESS) st = parts[k].st;
      else if (parts[k].d.n && st == PT_SUCCESS) st = PT_EDATA;
    }
    if (r0->oom) st = PT_ENOMEM;
    else if ((r0->d->n || r0->stop) && st == PT_SUCCESS) st = PT_EDATA;
    for (int k = 1; k < np && st == PT_SUCCESS; k++) st = part_merge(r0->t, &parts[k]);
  }
  for (int k = 1; k < nopen; k++) part_close(&parts[k]);
  return st;
}

static int read_threads(FILE *in, const pt_load_opts *o, pt_table *t, pt_diags *d)
{
  const unsigned char *b;
  void *map;
  size_t len, maplen, n0 = t->n, d0 = d->n, ndata = 0;
  struct csv_parser p;
  reader r;
  int st, done = 0;
  if (!map_input(in, &map, &maplen, &b, &len)) return read_serial(in, o, t, d);
  if ((st = reader_open(&r, &p, o, t, d)) != PT_SUCCESS) { munmap(map, maplen); return st; }
  size_t h = read_header(&r, &p, b, len);
  size_t np = (len - h) / PART_MIN;
  if (np > o->threads) np = o->threads;
  if (np > MAX_READ_THREADS) np = MAX_READ_THREADS;
  if (np >= 2 && !r.stop && r.have_header && !memchr(b, '"', len) && !memchr(b, '\0', len)) {
    st = read_parts(&r, &p, b, len, h, (int)np, &ndata);
    done = st == PT_SUCCESS;
    if (!done) {
      /* a problem (or memory): again in one pass, for one thread's diagnostics */
      reader_close(&r, &p, 1);
      for (size_t i = d0; i < d->n; i++) free(d->items[i].message);
      d->n = d0; d->truncated = 0;
      t->n = n0;
      if ((st = reader_open(&r, &p, o, t, d)) != PT_SUCCESS) { munmap(map, maplen); return st; }
      h = 0;
    }
  }
  if (!done) {
    read_bytes(&r, &p, b + h, len - h);
    read_fini(&r, &p);
    ndata = r.ndata;
  }
  munmap(map, maplen);
  fseeko(in, 0, SEEK_END);   /* the stream read to its end, as in one pass */
  st = read_end(&r, ndata, PT_SUCCESS);
  reader_close(&r, &p, 1);
  return st;
}

int pt_table_read(FILE *in, const pt_load_opts *o, pt_table *t, pt_diags *d)
{
  pt_load_opts defaults;
  if (!in || !t || !d) return PT_EDOM;
  if (!o) { pt_load_opts_init(&defaults); o = &defaults; }
  return o->threads > 1 ? read_threads(in, o, t, d) : read_serial(in, o, t, d);
}
