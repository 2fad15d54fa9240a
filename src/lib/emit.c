/* emit.c - table writers (see proptrend/emit.h). */
#include <config.h>

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proptrend/emit.h"
#include "proptrend/error.h"

/* The cells' text, interned: a table repeats its keys (area, group, stage)
 * and small numbers on every row, so each distinct string is stored once, in
 * chunks that never move, found again through an open-addressing set.  A
 * cell then costs a pointer and a kind byte, not a malloc'd copy. */
typedef struct chunk { struct chunk *next; size_t used, cap; char data[]; } chunk;

typedef struct strpool {
  chunk *chunks;
  const char **set;         /* open addressing, at most half full */
  uint64_t *hash;
  size_t cap, n;
} strpool;

struct pt_emitter {
  pt_format fmt;
  size_t ncols;
  pt_column *cols;
  unsigned char *numeric;   /* per column: any numeric cell seen (right-align) */
  const char **cells;       /* rows * ncols interned strings (NULL = empty) */
  unsigned char *kinds;     /* pt_cell_kind per cell */
  size_t nrows, cap;
  strpool pool;
};

static uint64_t str_hash(const char *s, size_t len)
{
  uint64_t h = UINT64_C(1469598103934665603);
  for (size_t i = 0; i < len; i++) { h ^= (unsigned char)s[i]; h *= UINT64_C(1099511628211); }
  /* splitmix64's finaliser: FNV's low bits cluster for similar strings */
  h = (h ^ (h >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
  h = (h ^ (h >> 27)) * UINT64_C(0x94d049bb133111eb);
  return h ^ (h >> 31);
}

static int pool_grow(strpool *p)
{
  size_t nc = p->cap ? p->cap * 2 : 256;
  const char **ns = calloc(nc, sizeof *ns);
  uint64_t *nh = calloc(nc, sizeof *nh);
  if (!ns || !nh) { free(ns); free(nh); return PT_ENOMEM; }
  for (size_t i = 0; i < p->cap; i++) {
    if (!p->set[i]) continue;
    size_t j = (size_t)p->hash[i] & (nc - 1);
    while (ns[j]) j = (j + 1) & (nc - 1);
    ns[j] = p->set[i];
    nh[j] = p->hash[i];
  }
  free(p->set); free(p->hash);
  p->set = ns; p->hash = nh; p->cap = nc;
  return PT_SUCCESS;
}

/* A copy of s (len bytes) in the pool's chunks; NULL when out of memory. */
static char *pool_copy(strpool *p, const char *s, size_t len)
{
  chunk *c = p->chunks;
  if (!c || c->used + len + 1 > c->cap) {
    size_t cap = len + 1 > 65536 ? len + 1 : 65536;
    if (!(c = malloc(sizeof *c + cap))) return NULL;
    c->next = p->chunks; c->used = 0; c->cap = cap;
    p->chunks = c;
  }
  char *d = c->data + c->used;
  memcpy(d, s, len + 1);
  c->used += len + 1;
  return d;
}

/* The pool's one copy of s (added if new); NULL when out of memory. */
static const char *pool_intern(strpool *p, const char *s)
{
  size_t len = strlen(s);
  uint64_t h = str_hash(s, len);
  if (2 * (p->n + 1) > p->cap && pool_grow(p)) return NULL;
  size_t j = (size_t)h & (p->cap - 1);
  for (; p->set[j]; j = (j + 1) & (p->cap - 1))
    if (p->hash[j] == h && !strcmp(p->set[j], s)) return p->set[j];
  char *d = pool_copy(p, s, len);
  if (!d) return NULL;
  p->set[j] = d;
  p->hash[j] = h;
  p->n++;
  return d;
}

static void pool_free(strpool *p)
{
  for (chunk *c = p->chunks, *nx; c; c = nx) { nx = c->next; free(c); }
  free(p->set);
  free(p->hash);
}

static const char *const format_names[] = { "text", "csv", "tsv", "markdown", "latex", "json" };

int pt_format_from_name(const char *name, pt_format *out)
{
  for (size_t i = 0; i < sizeof format_names / sizeof format_names[0]; i++)
    if (strcmp(name, format_names[i]) == 0) { *out = (pt_format)i; return 0; }
  return -1;
}

const char *pt_format_name(pt_format f)
{
  return (unsigned)f < sizeof format_names / sizeof format_names[0] ? format_names[f] : "?";
}

pt_cell pt_cell_text(const char *s) { pt_cell c = { PT_CELL_TEXT, s, 0, 0.0 }; if (!s) c.kind = PT_CELL_EMPTY; return c; }
pt_cell pt_cell_int(long long i) { pt_cell c = { PT_CELL_INT, NULL, i, 0.0 }; return c; }
pt_cell pt_cell_real(double r) { pt_cell c = { PT_CELL_REAL, NULL, 0, r }; return c; }
pt_cell pt_cell_empty(void) { pt_cell c = { PT_CELL_EMPTY, NULL, 0, 0.0 }; return c; }

/* ---- shortest round-trip formatting --------------------------------------
 *
 * What "%.15g", "%.16g" or "%.17g" prints, the first that reads back to v
 * (the output every golden file holds), computed exactly in 128-bit integers
 * for 1e-5 <= |v| < 1e15 (rates, limits, p-values, counts), where
 * v = m 2^-E with E in [3, 69] and a power of ten of at most 10^21 keeps
 * every product below 2^127.  Elsewhere (0, subnormals, huge, tiny) the
 * printf loop below.  tests/unit/test_emit.c compares the two on millions of
 * random doubles and on the boundary cases. */
#ifdef __SIZEOF_INT128__   /* GCC and Clang on 64-bit targets; else printf only */
__extension__ typedef unsigned __int128 u128;

#define P10_19 ((u128)UINT64_C(10000000000000000000))
static const u128 pow10_tab[23] = {
  1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000, 10000000000,
  100000000000, 1000000000000, 10000000000000, 100000000000000, 1000000000000000,
  10000000000000000, 100000000000000000, 1000000000000000000, P10_19, P10_19 * 10,
  P10_19 * 100, P10_19 * 1000
};
static u128 pow10_128(int k) { return pow10_tab[k]; }

/* round(m 10^s / 2^E), ties to even (as glibc's printf in the default
 * rounding mode). */
static u128 scaled_round(uint64_t m, int s, int E)
{
  u128 num = (u128)m * pow10_128(s), q = num >> E, r = num & (((u128)1 << E) - 1), half = (u128)1 << (E - 1);
  if (r > half || (r == half && (q & 1))) q++;
  return q;
}

/* Does D / 10^s read back (round to nearest, ties to even) as m 2^-E?  The
 * halfway points are (2m +- 1) 2^-(E+1), the lower one (4m - 1) 2^-(E+2) at
 * a power of two. */
static int reads_back(u128 D, int s, uint64_t m, int E, int pow2)
{
  u128 a = D << (E + 1), b = 2 * (u128)m * pow10_128(s), p10 = pow10_128(s);
  if (a >= b) return a - b < p10 || (a - b == p10 && !(m & 1));
  u128 lim = pow2 ? p10 / 2 : p10;     /* p10 is even for s >= 1 */
  return b - a < lim || (b - a == lim && !(m & 1));
}

/* "%.<P>g" of the P-digit D = d1 d2 ... dP times 10^(X-P+1), for X in
 * [-5, 14] (so P > X always; exponent form only at X < -4). */
static void put_g(char *out, int neg, u128 D, int P, int X)
{
  char dig[40];
  int nd = P;
  uint64_t d = (uint64_t)D;                      /* < 10^17 */
  for (int i = P - 1; i >= 0; i--) { dig[i] = (char)('0' + (int)(d % 10)); d /= 10; }
  while (nd > 1 && dig[nd - 1] == '0') nd--;    /* %g drops trailing zeros */
  char *o = out;
  if (neg) *o++ = '-';
  if (X < -4) {
    *o++ = dig[0];
    if (nd > 1) { *o++ = '.'; memcpy(o, dig + 1, (size_t)nd - 1); o += nd - 1; }
    int ex = -X;
    *o++ = 'e'; *o++ = '-';
    if (ex >= 100) *o++ = (char)('0' + ex / 100);
    *o++ = (char)('0' + ex / 10 % 10); *o++ = (char)('0' + ex % 10);
  } else if (X >= 0) {
    for (int i = 0; i <= X; i++) *o++ = i < nd ? dig[i] : '0';
    if (nd > X + 1) { *o++ = '.'; memcpy(o, dig + X + 1, (size_t)(nd - X - 1)); o += nd - X - 1; }
  } else {
    *o++ = '0'; *o++ = '.';
    for (int i = 0; i < -X - 1; i++) *o++ = '0';
    memcpy(o, dig, (size_t)nd); o += nd;
  }
  *o = '\0';
}

/* floor(log10(m 2^-E)) exactly, from the estimate X (off by one at most
 * near powers of ten); |X| small enough for 128 bits (see format_fast). */
static int exact_exp10(uint64_t m, int E, int X)
{
  for (int i = 0; i < 4; i++) {
    /* 10^X <= m 2^-E  <=>  10^X 2^E <= m (X >= 0),  2^E <= m 10^-X (X < 0) */
    int ge = X >= 0 ? pow10_128(X) << E <= (u128)m : (u128)1 << E <= (u128)m * pow10_128(-X);
    int lt = X + 1 >= 0 ? (u128)m < pow10_128(X + 1) << E : (u128)m * pow10_128(-X - 1) < (u128)1 << E;
    if (ge && lt) return X;
    X += ge ? 1 : -1;
  }
  return -100;
}

/* 1 when v was formatted into buf (cap >= 32) by the exact path. */
static int format_fast(double v, char *buf)
{
  double a = fabs(v);
  if (!(a >= 1e-5 && a < 1e15)) return 0;
  int ex;
  double fr = frexp(a, &ex);                   /* a = fr 2^ex, fr in [1/2, 1) */
  uint64_t m = (uint64_t)ldexp(fr, 53);
  int E = 53 - ex, pow2 = m == UINT64_C(1) << 52;
  int X = exact_exp10(m, E, (int)floor(log10(a)));
  if (X < -5 || X > 14) return 0;
  for (int P = 15; P <= 17; P++) {
    /* v rounded to P digits; a carry to 10^P is 10^(X+1) (as printf) */
    u128 D = scaled_round(m, P - 1 - X, E), lo = pow10_128(P - 1);
    int Xp = X;
    if (D == lo * 10) { D = lo; Xp = X + 1; }
    if (Xp > 14) return 0;
    if (P == 17 || reads_back(D, P - 1 - Xp, m, E, pow2)) { put_g(buf, v < 0, D, P, Xp); return 1; }
  }
  return 0;
}

#else
static int format_fast(double v, char *buf) { (void)v; (void)buf; return 0; }
#endif

char *pt_format_real(double v, char *buf, size_t cap)
{
  char tmp[48];
  if (cap >= 32 && format_fast(v, tmp) && strlen(tmp) < cap) { memcpy(buf, tmp, strlen(tmp) + 1); return buf; }
  for (int prec = 15; prec <= 17; prec++) {
    snprintf(buf, cap, "%.*g", prec, v);
    if (strtod(buf, NULL) == v) break;
  }
  return buf;
}

pt_emitter *pt_emitter_new(pt_format fmt, const pt_column *cols, size_t ncols)
{
  pt_emitter *e;
  if (ncols == 0 || !cols) return NULL;
  e = calloc(1, sizeof *e);
  if (!e) return NULL;
  e->fmt = fmt;
  e->ncols = ncols;
  e->cols = malloc(ncols * sizeof *cols);
  e->numeric = calloc(ncols, 1);
  if (!e->cols || !e->numeric) { pt_emitter_free(e); return NULL; }
  memcpy(e->cols, cols, ncols * sizeof *cols);
  return e;
}

void pt_emitter_free(pt_emitter *e)
{
  if (!e) return;
  pool_free(&e->pool);
  free(e->cells);
  free(e->kinds);
  free(e->cols);
  free(e->numeric);
  free(e);
}

/* Decimal digits of i ending at end (exclusive), NUL-terminated: what
 * "%lld" writes, without printf's format parsing (a table is mostly
 * integers). */
static const char *fmt_int(long long i, char *end)
{
  unsigned long long u = i < 0 ? 0ULL - (unsigned long long)i : (unsigned long long)i;
  char *p = end - 1;
  *p = '\0';
  do { *--p = (char)('0' + u % 10); u /= 10; } while (u);
  if (i < 0) *--p = '-';
  return p;
}

static int human(pt_format f)
{
  return f == PT_FMT_TEXT || f == PT_FMT_MARKDOWN || f == PT_FMT_LATEX;
}

int pt_emitter_row(pt_emitter *e, const pt_cell *cells)
{
  if (e->nrows == e->cap) {
    size_t nc = e->cap ? e->cap * 2 : 32;
    const char **ncells = realloc(e->cells, nc * e->ncols * sizeof *ncells);
    if (!ncells) return PT_ENOMEM;
    e->cells = ncells;
    unsigned char *nk = realloc(e->kinds, nc * e->ncols);
    if (!nk) return PT_ENOMEM;
    e->kinds = nk;
    e->cap = nc;
  }
  size_t base = e->nrows * e->ncols;
  for (size_t j = 0; j < e->ncols; j++) {
    char buf[64];
    const char *s = NULL;
    pt_cell_kind k = cells[j].kind;
    switch (k) {
    case PT_CELL_TEXT: s = cells[j].text; break;
    case PT_CELL_INT: s = fmt_int(cells[j].i, buf + sizeof buf); break;
    case PT_CELL_REAL:
      if (!isfinite(cells[j].r)) { k = PT_CELL_EMPTY; break; }
      if (human(e->fmt) && e->cols[j].significant > 0)
        snprintf(buf, sizeof buf, "%.*g", e->cols[j].significant, cells[j].r);
      else if (human(e->fmt) && e->cols[j].decimals >= 0)
        snprintf(buf, sizeof buf, "%.*f", e->cols[j].decimals, cells[j].r);
      else
        pt_format_real(cells[j].r, buf, sizeof buf);
      s = buf;
      break;
    default: break;
    }
    if (k == PT_CELL_INT || k == PT_CELL_REAL) e->numeric[j] = 1;
    e->kinds[base + j] = (unsigned char)k;
    e->cells[base + j] = NULL;
    /* text repeats (keys): interned; numbers mostly do not: copied */
    if (s && !(e->cells[base + j] = k == PT_CELL_TEXT ? pool_intern(&e->pool, s)
                                                      : pool_copy(&e->pool, s, strlen(s))))
      return PT_ENOMEM;
  }
  e->nrows++;
  return PT_SUCCESS;
}

/* Display width of a UTF-8 string: code points, not bytes. */
static size_t width(const char *s)
{
  size_t w = 0;
  for (; s && *s; s++) if (((unsigned char)*s & 0xc0) != 0x80) w++;
  return w;
}

static void put_pad(FILE *out, size_t n) { while (n--) fputc(' ', out); }

/* One CSV/TSV field: quoted when it holds the delimiter, a quote or a line
 * end, or starts or ends with a space.  One pass for the test and the
 * length, and unlocked writes (the stream is locked once per table by
 * pt_emitter_write): a table writes millions of fields. */
static void put_sep(FILE *out, const char *s, char delim)
{
  int quote = 0;
  size_t len = 0;
  if (!s) return;
  for (const char *p = s; *p; p++, len++)
    if (*p == delim || *p == '"' || *p == '\n' || *p == '\r') quote = 1;
  if (len && (s[0] == ' ' || s[len - 1] == ' ')) quote = 1;
  if (!quote) { fwrite_unlocked(s, 1, len, out); return; }
  putc_unlocked('"', out);
  for (const char *p = s; *p; p++) { if (*p == '"') putc_unlocked('"', out); putc_unlocked(*p, out); }
  putc_unlocked('"', out);
}

static void put_json_string(FILE *out, const char *s)
{
  fputc('"', out);
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    switch (*p) {
    case '"': fputs("\\\"", out); break;
    case '\\': fputs("\\\\", out); break;
    case '\n': fputs("\\n", out); break;
    case '\r': fputs("\\r", out); break;
    case '\t': fputs("\\t", out); break;
    default:
      if (*p < 0x20 || *p == 0x7f) fprintf(out, "\\u%04x", *p);
      else fputc(*p, out);
    }
  }
  fputc('"', out);
}

static void put_latex(FILE *out, const char *s)
{
  for (; s && *s; s++) {
    switch (*s) {
    case '\\': fputs("\\textbackslash{}", out); break;
    case '&': case '%': case '$': case '#': case '_': case '{': case '}':
      fputc('\\', out); fputc(*s, out); break;
    case '~': fputs("\\textasciitilde{}", out); break;
    case '^': fputs("\\textasciicircum{}", out); break;
    case '\n': case '\r': fputc(' ', out); break;
    default: fputc(*s, out);
    }
  }
}

static void put_md(FILE *out, const char *s)
{
  for (; s && *s; s++) {
    if (*s == '|') fputs("\\|", out);
    else if (*s == '\n' || *s == '\r') fputc(' ', out);
    else fputc(*s, out);
  }
}

static void put_text(FILE *out, const char *s)
{
  for (; s && *s; s++) fputc(*s == '\n' || *s == '\r' || *s == '\t' ? ' ' : *s, out);
}

int pt_emitter_write(pt_emitter *e, FILE *out)
{
  size_t nc = e->ncols, i, j;
  switch (e->fmt) {
  case PT_FMT_CSV:
  case PT_FMT_TSV: {
    char d = e->fmt == PT_FMT_CSV ? ',' : '\t';
    flockfile(out);
    for (j = 0; j < nc; j++) { if (j) putc_unlocked(d, out); put_sep(out, e->cols[j].name, d); }
    putc_unlocked('\n', out);
    for (i = 0; i < e->nrows; i++) {
      for (j = 0; j < nc; j++) { if (j) putc_unlocked(d, out); put_sep(out, e->cells[i * nc + j], d); }
      putc_unlocked('\n', out);
    }
    funlockfile(out);
    break;
  }
  case PT_FMT_JSON:
    fputs("[\n", out);
    for (i = 0; i < e->nrows; i++) {
      fputs("  {", out);
      for (j = 0; j < nc; j++) {
        const char *s = e->cells[i * nc + j];
        if (j) fputs(", ", out);
        put_json_string(out, e->cols[j].name);
        fputs(": ", out);
        if (!s) fputs("null", out);
        else if (e->kinds[i * nc + j] == PT_CELL_TEXT) put_json_string(out, s);
        else fputs(s, out);
      }
      fputs(i + 1 < e->nrows ? "},\n" : "}\n", out);
    }
    fputs("]\n", out);
    break;
  case PT_FMT_LATEX:
    fputs("\\begin{tabular}{", out);
    for (j = 0; j < nc; j++) fputc(e->numeric[j] ? 'r' : 'l', out);
    fputs("}\n\\toprule\n", out);
    for (j = 0; j < nc; j++) { if (j) fputs(" & ", out); put_latex(out, e->cols[j].name); }
    fputs(" \\\\\n\\midrule\n", out);
    for (i = 0; i < e->nrows; i++) {
      for (j = 0; j < nc; j++) { if (j) fputs(" & ", out); put_latex(out, e->cells[i * nc + j]); }
      fputs(" \\\\\n", out);
    }
    fputs("\\bottomrule\n\\end{tabular}\n", out);
    break;
  case PT_FMT_MARKDOWN:
  case PT_FMT_TEXT: {
    size_t *w = calloc(nc, sizeof *w);
    int md = e->fmt == PT_FMT_MARKDOWN;
    if (!w) return PT_ENOMEM;
    for (j = 0; j < nc; j++) {
      w[j] = width(e->cols[j].name);
      if (md && w[j] < 3) w[j] = 3;
      for (i = 0; i < e->nrows; i++) {
        size_t cw = width(e->cells[i * nc + j]);
        if (cw > w[j]) w[j] = cw;
      }
    }
    for (i = 0; i <= e->nrows + (md ? 1u : 0u); i++) {
      for (j = 0; j < nc; j++) {
        const char *s;
        size_t pad;
        if (md && i == 1) {   /* the alignment row */
          fputs(j ? " | " : "| ", out);
          for (size_t k = 0; k + 1 < w[j]; k++) fputc('-', out);
          fputc(e->numeric[j] ? ':' : '-', out);
          if (j + 1 == nc) fputs(" |", out);
          continue;
        }
        s = i == 0 ? e->cols[j].name : e->cells[(i - (md && i > 1 ? 2 : 1)) * nc + j];
        pad = w[j] - width(s);
        fputs(md ? (j ? " | " : "| ") : (j ? "  " : ""), out);
        if (e->numeric[j]) put_pad(out, pad);
        if (md) put_md(out, s); else put_text(out, s);
        if (!e->numeric[j] && (md || j + 1 < nc)) put_pad(out, pad);
        if (md && j + 1 == nc) fputs(" |", out);
      }
      fputc('\n', out);
    }
    free(w);
    break;
  }
  }
  return ferror(out) ? PT_EIO : PT_SUCCESS;
}
