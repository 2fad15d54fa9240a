/* aggregate.c - unit records to the tidy table (see proptrend/aggregate.h).
 *
 * One pass through libcsv; per record only the needed fields are kept (by
 * column index), the key is hashed (FNV-1a) into an open-addressing table
 * of (area, group, period) entries holding a count and a total per stage.
 */
#include <config.h>

#include <csv.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"
#include "proptrend/aggregate.h"
#include "proptrend/error.h"
#include "proptrend/num.h"

typedef struct entry {
  char *key;            /* area \x1f group \x1f, NUL-terminated */
  size_t keylen;
  long period;
  uint64_t hash;
  uint64_t count[PT_AGG_MAX_STAGES];
  uint64_t total[PT_AGG_MAX_STAGES];
  uint32_t present;     /* bit per stage */
} entry;

struct pt_agg {
  pt_agg_opts o;
  char *stages[PT_AGG_MAX_STAGES];
  size_t nstages;
  int has_area;
  entry *tab;
  size_t cap, n;
  uint64_t *seen;       /* unit fingerprints (duplicate check), open addressing */
  size_t seen_cap, seen_n;
};

static uint64_t fnv(const void *p, size_t n, uint64_t h)
{
  const unsigned char *b = p;
  for (size_t i = 0; i < n; i++) { h ^= b[i]; h *= UINT64_C(1099511628211); }
  return h;
}

pt_agg *pt_agg_new(const pt_agg_opts *o)
{
  pt_agg *a;
  if (!o || o->nstages > PT_AGG_MAX_STAGES) return NULL;
  a = calloc(1, sizeof *a);
  if (!a) return NULL;
  a->o = *o;
  if (!a->o.delimiter) a->o.delimiter = ',';
  for (size_t i = 0; i < o->nstages; i++)
    if (!(a->stages[i] = strdup(o->stage_cols[i]))) { pt_agg_free(a); return NULL; }
  a->nstages = o->nstages;
  a->has_area = o->area_col != NULL;
  a->cap = 1024;
  a->tab = calloc(a->cap, sizeof *a->tab);
  if (!a->tab) { pt_agg_free(a); return NULL; }
  return a;
}

void pt_agg_free(pt_agg *a)
{
  if (!a) return;
  for (size_t i = 0; i < a->cap; i++) free(a->tab[i].key);
  free(a->tab);
  for (size_t i = 0; i < a->nstages; i++) free(a->stages[i]);
  free(a->seen);
  free(a);
}

static int grow(pt_agg *a)
{
  size_t nc = a->cap * 2;
  entry *nt = calloc(nc, sizeof *nt);
  if (!nt) return PT_ENOMEM;
  for (size_t i = 0; i < a->cap; i++) {
    if (!a->tab[i].key) continue;
    size_t j = (size_t)a->tab[i].hash & (nc - 1);
    while (nt[j].key) j = (j + 1) & (nc - 1);
    nt[j] = a->tab[i];
  }
  free(a->tab);
  a->tab = nt;
  a->cap = nc;
  return PT_SUCCESS;
}

/* The entry of (key, period), created if new; NULL when out of memory. */
static entry *lookup(pt_agg *a, const char *key, size_t keylen, long period)
{
  uint64_t h = fnv(&period, sizeof period, fnv(key, keylen, UINT64_C(1469598103934665603)));
  size_t j = (size_t)h & (a->cap - 1);
  while (a->tab[j].key) {
    entry *e = &a->tab[j];
    if (e->hash == h && e->period == period && e->keylen == keylen && !memcmp(e->key, key, keylen)) return e;
    j = (j + 1) & (a->cap - 1);
  }
  if (2 * (a->n + 1) > a->cap) {
    if (grow(a)) return NULL;
    return lookup(a, key, keylen, period);
  }
  entry *e = &a->tab[j];
  if (!(e->key = malloc(keylen + 1))) return NULL;
  memcpy(e->key, key, keylen);
  e->key[keylen] = '\0';
  e->keylen = keylen;
  e->period = period;
  e->hash = h;
  a->n++;
  return e;
}

/* 1: seen before (duplicate); 0: new; -1: out of memory. */
static int seen_unit(pt_agg *a, uint64_t fp)
{
  if (fp == 0) fp = 1;
  if (2 * (a->seen_n + 1) > a->seen_cap) {
    size_t nc = a->seen_cap ? a->seen_cap * 2 : 1 << 16;
    uint64_t *ns = calloc(nc, sizeof *ns);
    if (!ns) return -1;
    for (size_t i = 0; i < a->seen_cap; i++) {
      if (!a->seen[i]) continue;
      size_t j = (size_t)a->seen[i] & (nc - 1);
      while (ns[j]) j = (j + 1) & (nc - 1);
      ns[j] = a->seen[i];
    }
    free(a->seen);
    a->seen = ns;
    a->seen_cap = nc;
  }
  size_t j = (size_t)fp & (a->seen_cap - 1);
  while (a->seen[j]) {
    if (a->seen[j] == fp) return 1;
    j = (j + 1) & (a->seen_cap - 1);
  }
  a->seen[j] = fp;
  a->seen_n++;
  return 0;
}

int pt_parse_flag(const char *s, size_t len)
{
  /* the usual spellings first, compared exactly (most files use one) */
  switch (len) {
  case 1: if (*s == '1' || *s == '0') return *s == '1'; break;
  case 2: if (!memcmp(s, "no", 2)) return 0; break;
  case 3: if (!memcmp(s, "yes", 3)) return 1; if (!memcmp(s, "có", 3)) return 1; break;
  case 4: if (!memcmp(s, "true", 4)) return 1; break;
  case 5: if (!memcmp(s, "false", 5)) return 0; break;
  case 6: if (!memcmp(s, "không", 6)) return 0; break;
  default: break;
  }
  while (len && (*s == ' ' || *s == '\t')) { s++; len--; }
  while (len && (s[len - 1] == ' ' || s[len - 1] == '\t')) len--;
  static const struct { const char *t; int v; } flags[] = {
    { "1", 1 }, { "0", 0 }, { "yes", 1 }, { "no", 0 }, { "true", 1 }, { "false", 0 },
    { "y", 1 }, { "n", 0 },
  };
  for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++)
    if (len == strlen(flags[i].t) && !strncasecmp(s, flags[i].t, len)) return flags[i].v;
  if ((len == 3 && (!memcmp(s, "có", 3) || !memcmp(s, "Có", 3) || !memcmp(s, "CÓ", 3)))) return 1;
  if (len == 6 && (!memcmp(s, "không", 6) || !memcmp(s, "Không", 6) || !memcmp(s, "KHÔNG", 6))) return 0;
  return -1;
}

/* ---- streaming reader -------------------------------------------------------- */

enum { R_AREA = 0, R_PERIOD, R_UNIT, R_BY0 };   /* then the stages after the by columns */

typedef struct rd {
  pt_agg *a;
  pt_diags *d;
  unsigned long line, rec_start;
  int need_start, have_header, stop, oom, overflow;
  size_t nf;
  long *role_of;        /* per field index: role, or -1 */
  size_t nroles_of;
  size_t nroles;
  char **val;           /* per role: value of the current record */
  size_t *vlen, *vcap;
  int *got;
  unsigned char *req;   /* per role: a column is named for it */
} rd;

static void rerr(rd *r, unsigned long col, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void rerr(rd *r, unsigned long col, const char *fmt, ...)
{
  char msg[600];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  if (pt_diag_add(r->d, r->rec_start, col, "%s", msg)) r->oom = 1;
  if (r->d->n >= (r->d->limit ? r->d->limit : 50)) { r->d->truncated = 1; r->stop = 1; }
}

static const char *role_name(const pt_agg *a, size_t role)
{
  if (role == R_AREA) return a->o.area_col;
  if (role == R_PERIOD) return a->o.period_col;
  if (role == R_UNIT) return a->o.unit_col;
  if (role < R_BY0 + a->o.nby) return a->o.by_cols[role - R_BY0];
  return a->o.stage_cols[role - R_BY0 - a->o.nby];
}

static void on_field(void *s, size_t len, void *p)
{
  rd *r = p;
  size_t i = r->nf++;
  if (i == 0) r->rec_start = r->line;
  /* a quoted field may hold newlines: they count as lines */
  for (const char *q = s, *e = q + len; (q = memchr(q, '\n', (size_t)(e - q))); q++) r->line++;
  if (r->stop) return;
  if (!r->have_header) {
    /* header: map names to roles */
    if (i >= r->nroles_of) {
      size_t nc = r->nroles_of ? r->nroles_of * 2 : 64;
      long *nr = realloc(r->role_of, nc * sizeof *nr);
      if (!nr) { r->oom = r->stop = 1; return; }
      for (size_t k = r->nroles_of; k < nc; k++) nr[k] = -1;
      r->role_of = nr;
      r->nroles_of = nc;
    }
    for (size_t role = 0; role < r->nroles; role++) {
      const char *name = role_name(r->a, role);
      if (name && strlen(name) == len && !memcmp(name, s, len)) {
        if (r->got[role]) { rerr(r, i + 1, "column \"%s\" appears twice", name); r->stop = 1; return; }
        r->role_of[i] = (long)role;
        r->got[role] = 1;
      }
    }
    return;
  }
  if (i >= r->nroles_of || r->role_of[i] < 0) return;
  size_t role = (size_t)r->role_of[i];
  if (len + 1 > r->vcap[role]) {
    size_t nc = len + 64;
    char *nv = realloc(r->val[role], nc);
    if (!nv) { r->oom = r->stop = 1; return; }
    r->val[role] = nv;
    r->vcap[role] = nc;
  }
  memcpy(r->val[role], s, len);
  r->val[role][len] = '\0';
  r->vlen[role] = len;
  r->got[role] = 1;
}

/* 1-based field number of a role in the current file, 0 if unknown. */
static unsigned long col_of(const rd *r, size_t role)
{
  for (size_t f = 0; f < r->nroles_of; f++) if (r->role_of[f] == (long)role) return f + 1;
  return 0;
}

static void on_record(int c, void *p)
{
  rd *r = p;
  pt_agg *a = r->a;
  if (r->nf == 0) {             /* a line end outside a record (CSV_REPALL_NL) */
    if (c == '\n') r->line++;
    return;
  }
  if (r->stop) goto done;
  if (!r->have_header) {
    for (size_t role = 0; role < r->nroles; role++)
      if (role_name(a, role) && !r->got[role]) {
        rerr(r, 0, "missing column \"%s\"", role_name(a, role));
        r->stop = 1;
      }
    r->have_header = 1;
    goto done;
  }
  if (r->nf == 1 && r->vlen[R_PERIOD] == 0) goto done;   /* blank line */
  for (size_t role = 0; role < r->nroles; role++)
    if (r->req[role] && !r->got[role]) {
      rerr(r, 0, "record has fewer fields than the header (no \"%s\")", role_name(a, role));
      goto done;
    }
  {
    long period;
    if (pt_num_parse_long(r->val[R_PERIOD], r->vlen[R_PERIOD], -1000000000L, 1000000000L, &period)) {
      rerr(r, col_of(r, R_PERIOD), "%s must be a whole number (a year), got \"%.40s\"", a->o.period_col,
           r->val[R_PERIOD]);
      goto done;
    }
    int flag[PT_AGG_MAX_STAGES];
    for (size_t k = 0; k < a->o.nstages; k++) {
      size_t role = R_BY0 + a->o.nby + k;
      flag[k] = pt_parse_flag(r->val[role], r->vlen[role]);
      if (flag[k] < 0) {
        rerr(r, col_of(r, role), "%s must be a flag (1/0, yes/no, true/false, có/không), got \"%.40s\"",
             a->o.stage_cols[k], r->val[role]);
        goto done;
      }
    }
    /* the key: area \x1f group parts joined with " / " */
    char key[4096];
    size_t kl = 0, need = 1 + (a->o.area_col ? r->vlen[R_AREA] : 0);
    for (size_t b = 0; b < a->o.nby; b++) need += r->vlen[R_BY0 + b] + 3;
    if (need >= sizeof key) { rerr(r, 0, "key values too long (more than %zu bytes)", sizeof key); goto done; }
    if (a->o.area_col) { memcpy(key, r->val[R_AREA], r->vlen[R_AREA]); kl = r->vlen[R_AREA]; }
    key[kl++] = '\x1f';
    for (size_t b = 0; b < a->o.nby; b++) {
      if (b) { memcpy(key + kl, " / ", 3); kl += 3; }
      memcpy(key + kl, r->val[R_BY0 + b], r->vlen[R_BY0 + b]);
      kl += r->vlen[R_BY0 + b];
    }
    if (a->o.unit_col) {
      uint64_t fp = fnv(&period, sizeof period, fnv(r->val[R_UNIT], r->vlen[R_UNIT], UINT64_C(14695981039346656037)));
      int dup = seen_unit(a, fp);
      if (dup < 0) { r->oom = r->stop = 1; goto done; }
      if (dup) {
        if (!a->o.duplicates_first)
          rerr(r, 0, "unit \"%.40s\" appears twice in %s %ld", r->val[R_UNIT], a->o.period_col, period);
        goto done;
      }
    }
    entry *e = lookup(a, key, kl, period);
    if (!e) { r->oom = r->stop = 1; goto done; }
    for (size_t k = 0; k < a->o.nstages; k++) {
      if (e->total[k] >= PT_COUNT_MAX) { r->overflow = r->stop = 1; goto done; }
      e->total[k]++;
      e->count[k] += (uint64_t)flag[k];
      e->present |= 1u << k;
    }
  }
done:
  if (c == '\n') r->line++;
  r->nf = 0;
  r->need_start = 1;
  for (size_t role = 0; role < r->nroles && r->have_header; role++) { r->got[role] = 0; r->vlen[role] = 0; }
}

int pt_agg_read(pt_agg *a, FILE *in, pt_diags *d)
{
  struct csv_parser p;
  rd r;
  unsigned char buf[1 << 16];
  int first = 1, status = PT_SUCCESS;
  if (!a || !in || !d || !a->o.period_col || !a->o.nstages) return PT_EDOM;
  memset(&r, 0, sizeof r);
  r.a = a; r.d = d; r.line = 1; r.rec_start = 1; r.need_start = 1;
  r.nroles = R_BY0 + a->o.nby + a->o.nstages;
  r.val = calloc(r.nroles, sizeof *r.val);
  r.vlen = calloc(r.nroles, sizeof *r.vlen);
  r.vcap = calloc(r.nroles, sizeof *r.vcap);
  r.got = calloc(r.nroles, sizeof *r.got);
  r.req = calloc(r.nroles, 1);
  if (r.req) for (size_t role = 0; role < r.nroles; role++) r.req[role] = role_name(a, role) != NULL;
  if (!r.req || !r.val || !r.vlen || !r.vcap || !r.got || csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL) != 0) {
    free(r.val); free(r.vlen); free(r.vcap); free(r.got); free(r.req);
    return PT_ENOMEM;
  }
  csv_set_delim(&p, a->o.delimiter);
  for (;;) {
    size_t n = fread(buf, 1, sizeof buf, in), off = 0;
    if (n == 0) break;
    if (first) { first = 0; if (n >= 3 && buf[0] == 0xef && buf[1] == 0xbb && buf[2] == 0xbf) off = 3; }
    /* whole blocks: lines are counted from the record ends libcsv reports
     * (CSV_REPALL_NL reports blank lines too) and the newlines inside
     * quoted fields */
    if (off < n && csv_parse(&p, buf + off, n - off, on_field, on_record, &r) != n - off) {
      if (r.nf == 0) r.rec_start = r.line;
      rerr(&r, 0, "malformed CSV: %s", csv_strerror(csv_error(&p)));
      r.stop = 1;
    } else if (p.entry_pos > PT_FIELD_MAX) {
      /* libcsv keeps a field whole until it ends: stop a runaway field */
      if (r.nf == 0) r.rec_start = r.line;
      rerr(&r, r.nf + 1, "field is too long (more than %d bytes)", PT_FIELD_MAX);
      r.stop = 1;
    }
    if (r.stop) break;
  }
  if (ferror(in)) status = PT_EIO;
  if (!r.stop && status == PT_SUCCESS && csv_fini(&p, on_field, on_record, &r) != 0)
    rerr(&r, 0, "malformed CSV: unterminated quoted field at end of input");
  if (status == PT_SUCCESS && !r.have_header && !d->n) pt_diag_add(d, 0, 0, "empty input (no header row)");
  csv_free(&p);
  for (size_t i = 0; i < r.nroles; i++) free(r.val[i]);
  free(r.val); free(r.vlen); free(r.vcap); free(r.got); free(r.role_of); free(r.req);
  if (status) return status;
  if (r.oom) return PT_ENOMEM;
  if (r.overflow) return PT_EOVERFLOW;
  return d->n ? PT_EDATA : PT_SUCCESS;
}

int pt_agg_add_table(pt_agg *a, const pt_table *t)
{
  if (!a || !t) return PT_EDOM;
  if (t->has_area) a->has_area = 1;
  for (size_t i = 0; i < t->n; i++) {
    const pt_row *r = &t->rows[i];
    size_t k = 0;
    while (k < a->nstages && strcmp(a->stages[k], r->stage)) k++;
    if (k == a->nstages) {
      if (k == PT_AGG_MAX_STAGES) return PT_EDOM;
      if (!(a->stages[k] = strdup(r->stage))) return PT_ENOMEM;
      a->nstages++;
    }
    char key[2 * PT_LABEL_MAX + 4];
    int kl = snprintf(key, sizeof key, "%s\x1f%s", r->area ? r->area : "", r->group);
    entry *e = lookup(a, key, (size_t)kl, r->period);
    if (!e) return PT_ENOMEM;
    if (e->count[k] > PT_COUNT_MAX - r->count || e->total[k] > PT_COUNT_MAX - r->total) return PT_EOVERFLOW;
    e->count[k] += r->count;
    e->total[k] += r->total;
    e->present |= 1u << k;
  }
  return PT_SUCCESS;
}

static int cmp_row(const void *x, const void *y) { return pt_row_key_cmp(x, y); }

int pt_agg_table(const pt_agg *a, pt_table *out)
{
  size_t n = 0;
  if (!a || !out) return PT_EDOM;
  pt_table_init(out);
  for (size_t i = 0; i < a->cap; i++)
    for (size_t k = 0; k < a->nstages; k++) n += a->tab[i].key && (a->tab[i].present >> k & 1);
  out->rows = calloc(n ? n : 1, sizeof *out->rows);
  if (!out->rows) return PT_ENOMEM;
  out->cap = n;
  out->has_area = a->has_area;
  for (size_t i = 0; i < a->cap; i++) {
    const entry *e = &a->tab[i];
    if (!e->key) continue;
    const char *sep = memchr(e->key, '\x1f', e->keylen);
    for (size_t k = 0; k < a->nstages; k++) {
      if (!(e->present >> k & 1)) continue;
      pt_row *r = &out->rows[out->n];
      r->area = a->has_area ? strndup(e->key, (size_t)(sep - e->key)) : NULL;
      r->group = strdup(sep + 1);
      r->stage = strdup(a->stages[k]);
      r->period = e->period;
      r->count = e->count[k];
      r->total = e->total[k];
      out->n++;
      if ((a->has_area && !r->area) || !r->group || !r->stage) { pt_table_free(out); return PT_ENOMEM; }
    }
  }
  qsort(out->rows, out->n, sizeof *out->rows, cmp_row);
  return PT_SUCCESS;
}
