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

/* One (area, group, period) key: 32 bytes, plus its key bytes in the arena,
 * 2 * stride counters and a 4-byte slot at most half full (see
 * PT_AGG_BYTES_PER_KEY in the header). */
typedef struct entry {
  uint64_t hash;
  long period;
  size_t key;           /* offset in the arena of area \x1f group \0 */
  uint32_t keylen;
  uint32_t present;     /* bit per stage */
} entry;

struct pt_agg {
  pt_agg_opts o;
  char *stages[PT_AGG_MAX_STAGES];
  size_t nstages;
  int has_area;
  entry *ent;           /* dense, in order of first appearance */
  size_t n, ecap;
  uint64_t *cnt;        /* per entry: stride counts, then stride totals */
  size_t stride;
  uint32_t *slot;       /* open addressing: entry index + 1, 0 empty */
  size_t cap;
  char *keys;           /* the arena of keys */
  size_t klen, kcap;
  uint64_t *seen;       /* unit fingerprints (duplicate check), open addressing */
  size_t seen_cap, seen_n;
};

static uint64_t fnv(const void *p, size_t n, uint64_t h)
{
  const unsigned char *b = p;
  for (size_t i = 0; i < n; i++) { h ^= b[i]; h *= UINT64_C(1099511628211); }
  return h;
}

/* A word-at-a-time hash of the key for the table (8 bytes per multiply, not
 * FNV's one: the key hash was a fifth of the run time); mixed by mix(). */
static uint64_t key_hash(const char *p, size_t n, long period)
{
  uint64_t h = UINT64_C(0x9e3779b97f4a7c15) ^ (uint64_t)period * UINT64_C(0xff51afd7ed558ccd);
  while (n >= 8) {
    uint64_t w;
    memcpy(&w, p, 8);
    h = (h ^ w) * UINT64_C(0x100000001b3);
    h ^= h >> 29;
    p += 8; n -= 8;
  }
  uint64_t w = 0;
  for (size_t i = 0; i < n; i++) w |= (uint64_t)(unsigned char)p[i] << (8 * i);
  h = (h ^ w ^ (uint64_t)n << 56) * UINT64_C(0x100000001b3);
  return h;
}

/* splitmix64's finaliser: FNV's low bits are weak for a power-of-two table */
static uint64_t mix(uint64_t z)
{
  z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
  return z ^ (z >> 31);
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
  a->stride = o->nstages ? o->nstages : 2;
  a->has_area = o->area_col != NULL;
  a->cap = 1024;
  a->slot = calloc(a->cap, sizeof *a->slot);
  if (!a->slot) { pt_agg_free(a); return NULL; }
  return a;
}

void pt_agg_free(pt_agg *a)
{
  if (!a) return;
  free(a->slot);
  free(a->ent);
  free(a->cnt);
  free(a->keys);
  for (size_t i = 0; i < a->nstages; i++) free(a->stages[i]);
  free(a->seen);
  free(a);
}

static int grow_slots(pt_agg *a)
{
  size_t nc = a->cap * 2;
  uint32_t *ns = calloc(nc, sizeof *ns);
  if (!ns) return PT_ENOMEM;
  for (size_t i = 0; i < a->n; i++) {
    size_t j = (size_t)a->ent[i].hash & (nc - 1);
    while (ns[j]) j = (j + 1) & (nc - 1);
    ns[j] = (uint32_t)(i + 1);
  }
  free(a->slot);
  a->slot = ns;
  a->cap = nc;
  return PT_SUCCESS;
}

/* Room for one more entry and its key: the dense arrays grow by half. */
static int reserve(pt_agg *a, size_t keylen)
{
  if (a->n == a->ecap) {
    size_t nc = a->ecap ? a->ecap + a->ecap / 2 : 256;
    if (nc > UINT32_MAX - 1) return PT_ENOMEM;
    entry *ne = realloc(a->ent, nc * sizeof *ne);
    if (!ne) return PT_ENOMEM;
    a->ent = ne;
    uint64_t *nn = realloc(a->cnt, nc * 2 * a->stride * sizeof *nn);
    if (!nn) return PT_ENOMEM;
    a->cnt = nn;
    a->ecap = nc;
  }
  if (a->klen + keylen + 1 > a->kcap) {
    size_t nc = a->kcap ? a->kcap + a->kcap / 2 : 4096;
    if (nc < a->klen + keylen + 1) nc = a->klen + keylen + 1;
    char *nk = realloc(a->keys, nc);
    if (!nk) return PT_ENOMEM;
    a->keys = nk;
    a->kcap = nc;
  }
  return PT_SUCCESS;
}

static uint64_t *counts(const pt_agg *a, size_t i) { return a->cnt + i * 2 * a->stride; }

/* The index of the entry of (key, period), created if new; -1 when out of
 * memory. */
static long lookup(pt_agg *a, const char *key, size_t keylen, long period)
{
  uint64_t h = mix(key_hash(key, keylen, period));
  size_t j = (size_t)h & (a->cap - 1);
  while (a->slot[j]) {
    const entry *e = &a->ent[a->slot[j] - 1];
    if (e->hash == h && e->period == period && e->keylen == keylen && !memcmp(a->keys + e->key, key, keylen))
      return (long)a->slot[j] - 1;
    j = (j + 1) & (a->cap - 1);
  }
  if (keylen > UINT32_MAX || reserve(a, keylen)) return -1;
  if (2 * (a->n + 1) > a->cap) {
    if (grow_slots(a)) return -1;
    j = (size_t)h & (a->cap - 1);
    while (a->slot[j]) j = (j + 1) & (a->cap - 1);
  }
  entry *e = &a->ent[a->n];
  memcpy(a->keys + a->klen, key, keylen);
  a->keys[a->klen + keylen] = '\0';
  e->key = a->klen;
  a->klen += keylen + 1;
  e->keylen = (uint32_t)keylen;
  e->period = period;
  e->hash = h;
  e->present = 0;
  memset(counts(a, a->n), 0, 2 * a->stride * sizeof *a->cnt);
  a->slot[j] = (uint32_t)(a->n + 1);
  return (long)a->n++;
}

/* Room for stage k's counters (a merged table may bring new stages). */
static int widen(pt_agg *a, size_t k)
{
  if (k < a->stride) return PT_SUCCESS;
  size_t ns = a->stride * 2 > PT_AGG_MAX_STAGES ? PT_AGG_MAX_STAGES : a->stride * 2;
  uint64_t *nn = calloc(a->ecap ? a->ecap * 2 * ns : 1, sizeof *nn);
  if (!nn) return PT_ENOMEM;
  for (size_t i = 0; i < a->n; i++) {
    memcpy(nn + i * 2 * ns, counts(a, i), a->stride * sizeof *nn);
    memcpy(nn + i * 2 * ns + ns, counts(a, i) + a->stride, a->stride * sizeof *nn);
  }
  free(a->cnt);
  a->cnt = nn;
  a->stride = ns;
  return PT_SUCCESS;
}

/* 1: seen before (duplicate); 0: new; -1: out of memory.  The set holds
 * 64-bit fingerprints at most 3/4 full (8 bytes a unit-period, 16 MiB per
 * million when just grown, 11 at the fullest), linear probing. */
static int seen_unit(pt_agg *a, uint64_t fp)
{
  fp = mix(fp);
  if (fp == 0) fp = 1;
  if (4 * (a->seen_n + 1) > 3 * a->seen_cap) {
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
  int quotes;           /* the block being parsed may hold a quoted newline */
  int slow;             /* quotes, stop or no header yet: on_field's full path */
  size_t nf;
  long *role_of;        /* per field index: role, or -1 */
  size_t nroles_of;
  size_t nroles;
  char **val;           /* per role: value of the current record */
  size_t *vlen, *vcap;
  int *got;
  size_t ngot, nreq;    /* required roles seen in this record, and named */
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
  if (!r->slow) goto store;   /* a data field, no quote in the block, not stopped */
  /* a quoted field may hold newlines: they count as lines */
  if (r->quotes) {
    /* only a quoted field holds a newline: scanned only in blocks with a
     * quote (a plain loop, not memchr: fields are short) */
    const char *q = s;
    unsigned long nl = 0;
    for (size_t k = 0; k < len; k++) nl += q[k] == '\n';
    r->line += nl;
  }
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
store:
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
  r->ngot += r->req[role] && !r->got[role];
  r->got[role] = 1;
}

/* 1-based field number of a role in the current file, 0 if unknown. */
static unsigned long col_of(const rd *r, size_t role)
{
  for (size_t f = 0; f < r->nroles_of; f++) if (r->role_of[f] == (long)role) return f + 1;
  return 0;
}

/* 1..9 plain digits (the usual year) without pt_num_parse_long's trimming
 * and checks; 0 sends anything else there. */
static int plain_year(const char *s, size_t len, long *out)
{
  long v = 0;
  if (len == 0 || len > 9) return 0;
  for (size_t i = 0; i < len; i++) {
    if (s[i] < '0' || s[i] > '9') return 0;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return 1;
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
  if (r->ngot < r->nreq)
    for (size_t role = 0; role < r->nroles; role++)
      if (r->req[role] && !r->got[role]) {
        rerr(r, 0, "record has fewer fields than the header (no \"%s\")", role_name(a, role));
        goto done;
      }
  {
    long period;
    if (!plain_year(r->val[R_PERIOD], r->vlen[R_PERIOD], &period) &&
        pt_num_parse_long(r->val[R_PERIOD], r->vlen[R_PERIOD], -1000000000L, 1000000000L, &period)) {
      rerr(r, col_of(r, R_PERIOD), "%s must be a whole number (a year), got \"%.40s\"", a->o.period_col,
           r->val[R_PERIOD]);
      goto done;
    }
    int flag[PT_AGG_MAX_STAGES];
    for (size_t k = 0; k < a->o.nstages; k++) {
      size_t role = R_BY0 + a->o.nby + k;
      const char *fv = r->val[role];
      flag[k] = r->vlen[role] == 1 && (*fv == '0' || *fv == '1') ? *fv == '1' : pt_parse_flag(fv, r->vlen[role]);
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
    long ei = lookup(a, key, kl, period);
    if (ei < 0) { r->oom = r->stop = 1; goto done; }
    uint64_t *cn = counts(a, (size_t)ei), *tot = cn + a->stride;
    for (size_t k = 0; k < a->o.nstages; k++) {
      if (tot[k] >= PT_COUNT_MAX) { r->overflow = r->stop = 1; goto done; }
      tot[k]++;
      cn[k] += (uint64_t)flag[k];
    }
    a->ent[ei].present |= (uint32_t)((UINT64_C(1) << a->o.nstages) - 1);
  }
done:
  if (c == '\n') r->line++;
  r->nf = 0;
  r->need_start = 1;
  r->ngot = 0;
  r->slow = r->quotes || r->stop || !r->have_header;
  if (r->have_header) {
    memset(r->got, 0, r->nroles * sizeof *r->got);
    memset(r->vlen, 0, r->nroles * sizeof *r->vlen);
  }
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
  if (r.req) for (size_t role = 0; role < r.nroles; role++) r.nreq += r.req[role] = role_name(a, role) != NULL;
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
    r.quotes = p.quoted || memchr(buf + off, '"', n - off) != NULL;
    r.slow = 1;   /* until the first record end of the block */
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
  r.quotes = r.slow = 1;
  if (!r.stop && status == PT_SUCCESS && csv_fini(&p, on_field, on_record, &r) != 0)
    rerr(&r, 0, "malformed CSV: unterminated quoted field at end of input");
  if (status == PT_SUCCESS && !r.have_header && !d->n && pt_diag_add(d, 0, 0, "empty input (no header row)"))
    r.oom = 1;
  csv_free(&p);
  for (size_t i = 0; i < r.nroles; i++) free(r.val[i]);
  free(r.val); free(r.vlen); free(r.vcap); free(r.got); free(r.role_of); free(r.req);
  if (status) return status;
  if (r.oom) return PT_ENOMEM;
  if (r.overflow) return PT_EOVERFLOW;
  return d->n ? PT_EDATA : PT_SUCCESS;
}

/* The stage index of name, added if new; -1 when full or out of memory. */
static long stage_index(pt_agg *a, const char *name)
{
  size_t k = 0;
  while (k < a->nstages && strcmp(a->stages[k], name)) k++;
  if (k < a->nstages) return (long)k;
  if (k == PT_AGG_MAX_STAGES || widen(a, k)) return -1;
  if (!(a->stages[k] = strdup(name))) return -1;
  a->nstages++;
  return (long)k;
}

/* Add count and total to stage k of entry ei. */
static int add_counts(pt_agg *a, long ei, size_t k, uint64_t count, uint64_t total)
{
  uint64_t *c = counts(a, (size_t)ei), *tot = c + a->stride;
  if (c[k] > PT_COUNT_MAX - count || tot[k] > PT_COUNT_MAX - total) return PT_EOVERFLOW;
  c[k] += count;
  tot[k] += total;
  a->ent[ei].present |= 1u << k;
  return PT_SUCCESS;
}

int pt_agg_add_table(pt_agg *a, const pt_table *t)
{
  if (!a || !t) return PT_EDOM;
  if (t->has_area) a->has_area = 1;
  for (size_t i = 0; i < t->n; i++) {
    const pt_row *r = &t->rows[i];
    long k = stage_index(a, r->stage);
    if (k < 0) return a->nstages == PT_AGG_MAX_STAGES ? PT_EDOM : PT_ENOMEM;
    char key[2 * PT_LABEL_MAX + 4];
    int kl = snprintf(key, sizeof key, "%s\x1f%s", r->area ? r->area : "", r->group);
    if (kl < 0 || (size_t)kl >= sizeof key) return PT_EDOM;
    long ei = lookup(a, key, (size_t)kl, r->period);
    if (ei < 0) return PT_ENOMEM;
    int st = add_counts(a, ei, (size_t)k, r->count, r->total);
    if (st) return st;
  }
  return PT_SUCCESS;
}

int pt_agg_merge(pt_agg *a, const pt_agg *b)
{
  long map[PT_AGG_MAX_STAGES];
  if (!a || !b) return PT_EDOM;
  if (b->has_area) a->has_area = 1;
  for (size_t k = 0; k < b->nstages; k++)
    if ((map[k] = stage_index(a, b->stages[k])) < 0) return a->nstages == PT_AGG_MAX_STAGES ? PT_EDOM : PT_ENOMEM;
  for (size_t i = 0; i < b->n; i++) {
    const entry *e = &b->ent[i];
    long ei = lookup(a, b->keys + e->key, e->keylen, e->period);
    if (ei < 0) return PT_ENOMEM;
    const uint64_t *c = counts(b, i), *tot = c + b->stride;
    for (size_t k = 0; k < b->nstages; k++) {
      if (!(e->present >> k & 1)) continue;
      int st = add_counts(a, ei, (size_t)map[k], c[k], tot[k]);
      if (st) return st;
    }
  }
  return PT_SUCCESS;
}

/* ---- the sorted output --------------------------------------------------------- */

/* strcmp order of the area part, then the group part, then the period: the
 * order pt_row_key_cmp gives the rows (the key is area \x1f group). */
static int entry_cmp(const pt_agg *a, const entry *x, const entry *y)
{
  const char *kx = a->keys + x->key, *ky = a->keys + y->key;
  const char *sx = memchr(kx, '\x1f', x->keylen), *sy = memchr(ky, '\x1f', y->keylen);
  int c = strncmp(kx, ky, (size_t)(sx - kx) < (size_t)(sy - ky) ? (size_t)(sx - kx) : (size_t)(sy - ky));
  if (!c) c = (sx - kx > sy - ky) - (sx - kx < sy - ky);
  if (!c) c = strcmp(sx + 1, sy + 1);
  if (!c) c = (x->period > y->period) - (x->period < y->period);
  return c;
}

static void msort(uint32_t *v, uint32_t *tmp, size_t n, const pt_agg *a)
{
  if (n < 2) return;
  size_t h = n / 2, i = 0, j = h, k = 0;
  msort(v, tmp, h, a);
  msort(v + h, tmp, n - h, a);
  while (i < h && j < n)
    tmp[k++] = entry_cmp(a, &a->ent[v[i]], &a->ent[v[j]]) <= 0 ? v[i++] : v[j++];
  while (i < h) tmp[k++] = v[i++];
  while (j < n) tmp[k++] = v[j++];
  memcpy(v, tmp, n * sizeof *v);
}

static int same_key(const pt_agg *a, const entry *x, const entry *y)
{
  return x->keylen == y->keylen && !memcmp(a->keys + x->key, a->keys + y->key, x->keylen);
}

int pt_agg_each(const pt_agg *a, pt_agg_fn fn, void *ctx)
{
  if (!a || !fn) return PT_EDOM;
  /* 8 bytes a key while sorting */
  uint32_t *idx = malloc((a->n ? a->n : 1) * sizeof *idx), *tmp = malloc((a->n ? a->n : 1) * sizeof *tmp);
  size_t sorder[PT_AGG_MAX_STAGES], maxkey = 0;
  int st = PT_SUCCESS;
  if (!idx || !tmp) { free(idx); free(tmp); return PT_ENOMEM; }
  for (size_t i = 0; i < a->n; i++) { idx[i] = (uint32_t)i; if (a->ent[i].keylen > maxkey) maxkey = a->ent[i].keylen; }
  msort(idx, tmp, a->n, a);
  free(tmp);
  /* the stages by name (insertion sort: at most 32) */
  for (size_t k = 0; k < a->nstages; k++) {
    size_t j = k;
    while (j > 0 && strcmp(a->stages[sorder[j - 1]], a->stages[k]) > 0) { sorder[j] = sorder[j - 1]; j--; }
    sorder[j] = k;
  }
  char *area = malloc(maxkey + 1);
  if (!area) { free(idx); return PT_ENOMEM; }
  for (size_t i = 0; i < a->n && !st;) {
    /* a run of one (area, group): every stage, each over the run's periods */
    size_t end = i + 1;
    const entry *first = &a->ent[idx[i]];
    while (end < a->n && same_key(a, first, &a->ent[idx[end]])) end++;
    const char *key = a->keys + first->key, *sep = memchr(key, '\x1f', first->keylen);
    memcpy(area, key, (size_t)(sep - key));
    area[sep - key] = '\0';
    pt_agg_row row = { a->has_area ? area : NULL, sep + 1, NULL, 0, 0, 0 };
    for (size_t s = 0; s < a->nstages && !st; s++) {
      size_t k = sorder[s];
      row.stage = a->stages[k];
      for (size_t m = i; m < end && !st; m++) {
        const entry *e = &a->ent[idx[m]];
        if (!(e->present >> k & 1)) continue;
        row.period = e->period;
        row.count = counts(a, idx[m])[k];
        row.total = counts(a, idx[m])[a->stride + k];
        st = fn(&row, ctx);
      }
    }
    i = end;
  }
  free(area);
  free(idx);
  return st;
}

static int push_row(const pt_agg_row *r, void *ctx)
{
  pt_table *t = ctx;
  pt_row *o = &t->rows[t->n];
  memset(o, 0, sizeof *o);
  o->area = r->area ? strdup(r->area) : NULL;
  o->group = strdup(r->group);
  o->stage = strdup(r->stage);
  o->period = r->period;
  o->count = r->count;
  o->total = r->total;
  t->n++;
  return (r->area && !o->area) || !o->group || !o->stage ? PT_ENOMEM : PT_SUCCESS;
}

int pt_agg_has_area(const pt_agg *a) { return a && a->has_area; }

int pt_agg_table(const pt_agg *a, pt_table *out)
{
  size_t n = 0;
  if (!a || !out) return PT_EDOM;
  pt_table_init(out);
  for (size_t i = 0; i < a->n; i++)
    for (size_t k = 0; k < a->nstages; k++) n += a->ent[i].present >> k & 1;
  out->rows = calloc(n ? n : 1, sizeof *out->rows);
  if (!out->rows) return PT_ENOMEM;
  out->cap = n;
  out->has_area = a->has_area;
  int st = pt_agg_each(a, push_row, out);
  if (st) pt_table_free(out);
  return st;
}
