/* emit.c - table writers (see proptrend/emit.h). */
#include <config.h>

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proptrend/emit.h"
#include "proptrend/error.h"
#include "strpool.h"

/* The cells' text: a table repeats its keys (area, group, stage) and small
 * numbers on every row, so each distinct text is kept once (strpool.h); a
 * buffered cell costs a pointer and a kind byte, not a malloc'd copy.  The
 * machine formats (csv, tsv, json) go out through one buffer of OBUF bytes,
 * streamed as rows are added after pt_emitter_stream(). */
#define OBUF (1u << 18)
#define STREAM_MAXC 64      /* wider tables are kept, not streamed */

struct pt_emitter {
  pt_format fmt;
  size_t ncols;
  pt_column *cols;
  unsigned char *numeric;   /* per column: any numeric cell seen (right-align) */
  const char **cells;       /* rows * ncols interned strings (NULL = empty) */
  unsigned char *kinds;     /* pt_cell_kind per cell */
  size_t nrows, cap;
  pt_strpool pool;
  FILE *out;                /* machine formats: where obuf goes */
  int streaming;            /* rows are written when added */
  int rows_only;            /* pt_emitter_stream_rows: no header, no tail */
  int werr;                 /* a write to out failed */
  char *obuf;
  size_t olen;
  uint64_t *last_bits;      /* per column: the last real formatted (bits) */
  char (*last_txt)[32];     /* and its text; last_txt[j][0] == 0: none */
  unsigned char *last_len;  /* and its length */
};

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

/* "00" "01" ... "99": numbers are written two digits at a time. */
static const char digit_pairs[] =
  "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
  "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
  "8081828384858687888990919293949596979899";

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

/* Does D / 10^s read back (round to nearest, ties to even) as m 2^-E?  The
 * halfway points are (2m +- 1) 2^-(E+1), the lower one (4m - 1) 2^-(E+2) at
 * a power of two. */
static int reads_back(u128 D, int s, uint64_t m, u128 num, int E, int pow2)   /* num = m 10^s */
{
  u128 a = D << (E + 1), b = 2 * num, p10 = pow10_128(s);
  if (a >= b) return a - b < p10 || (a - b == p10 && !(m & 1));
  u128 lim = pow2 ? p10 / 2 : p10;     /* p10 is even for s >= 1 */
  return b - a < lim || (b - a == lim && !(m & 1));
}

/* The P (15..17) decimal digits of d < 10^P at dig: two digits at a time
 * (digit_pairs), the halves above and below 10^8 as two independent chains
 * of divisions (the digits cost more than the exact rounding). */

/* 4 digits of n < 10^4: n / 100 as (n 5243) >> 19, exact there. */
static void put_digits4(char *out, uint32_t n)
{
  uint32_t q = (n * 5243u) >> 19;
  memcpy(out, digit_pairs + 2 * q, 2);
  memcpy(out + 2, digit_pairs + 2 * (n - 100 * q), 2);
}

/* 8 digits of v < 10^8: v / 10^4 as (v 109951163) >> 40, exact there. */
static void put_digits8(char *out, uint32_t v)
{
  uint32_t q = (uint32_t)(((uint64_t)v * 109951163u) >> 40);
  put_digits4(out, q);
  put_digits4(out + 4, v - 10000 * q);
}

/* The 17 digits of d < 10^17 at dd[0..16] (leading zeros kept): the P
 * significant ones of a P-digit d start at dd + 17 - P. */
static void put_digits(char *dd, uint64_t d)
{
  uint32_t lo = (uint32_t)(d % 100000000u), hi = (uint32_t)(d / 100000000u);   /* hi < 10^9 */
  dd[0] = (char)('0' + hi / 100000000u);
  put_digits8(dd + 1, hi % 100000000u);
  put_digits8(dd + 9, lo);
}

/* "%.<P>g" of the P-digit D = d1 d2 ... dP times 10^(X-P+1), for X in
 * [-5, 14] (so P > X always; exponent form only at X < -4). */
static size_t put_g(char *out, int neg, u128 D, int P, int X)
{
  char dd[40] = { 0 }, *dig = dd + 17 - P;
  int nd = P;
  put_digits(dd, (uint64_t)D);
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
    /* 17 bytes at once (a fixed-size copy, no call): at most 7 + 17 of the
     * 32 the caller has; what lies past nd is cut by the NUL below */
    memcpy(o, dig, 17); o += nd;
  }
  *o = '\0';
  return (size_t)(o - out);
}

/* The length of v formatted into buf (cap >= 32) by the exact path, 0 when
 * v is outside it. */
static size_t format_fast(double v, char *buf)
{
  double a = fabs(v);
  if (!(a >= 1e-5 && a < 1e15)) return 0;
  /* a = m 2^(ex - 53), m of 53 bits (a is normal here): from the bits, as
   * frexp would give them */
  uint64_t bits;
  memcpy(&bits, &a, sizeof bits);
  int ex = (int)(bits >> 52) - 1022;
  uint64_t m = (bits & ((UINT64_C(1) << 52) - 1)) | UINT64_C(1) << 52;
  int E = 53 - ex, pow2 = m == UINT64_C(1) << 52;
  /* 2^(ex-1) <= a < 2^ex: X = floor(log10 a) is X0 = floor((ex-1) log10 2)
   * (exact in doubles for these ex: far from integers) or X0 + 1; try the
   * larger, and when a 10^(16-X) has only 16 digits it is the smaller. */
  int X = (int)floor((ex - 1) * 0.30102999566398120) + 1;
  /* One product for all three precisions: v 10^s17 = F + r 2^-E exactly,
   * with 17 significant digits in F (s17 = 16 - X in [2, 21]); the P-digit
   * roundings come from F's decimal digits and whether r is zero, and the
   * read-back test is made at the scale 10^s17 (every side times 10^t). */
  u128 num = (u128)m * pow10_128(16 - X);
  if ((num >> E) < (u128)UINT64_C(10000000000000000)) { X--; num *= 10; }
  if (X < -5 || X > 14) return 0;
  int s17 = 16 - X;
  u128 r = num & (((u128)1 << E) - 1), half = (u128)1 << (E - 1);
  uint64_t F = (uint64_t)(num >> E);
  for (int P = 15; P <= 17; P++) {
    int k = 17 - P, Xp = X;
    uint64_t D;
    if (k == 0) {
      D = F + (r > half || (r == half && (F & 1)));   /* ties to even, as printf */
    } else {
      uint64_t pk = (uint64_t)pow10_128(k), q = F / pk, rr = F % pk, hk = pk / 2;
      D = q + (rr > hk || (rr == hk && (r != 0 || (q & 1))));
    }
    /* a carry to 10^P is 10^(X+1) (as printf) */
    if (D == (uint64_t)pow10_128(P)) { D = (uint64_t)pow10_128(P - 1); Xp = X + 1; }
    if (Xp > 14) return 0;
    if (P == 17 || reads_back((u128)D * pow10_128(k + Xp - X), s17, m, num, E, pow2))
      return put_g(buf, v < 0, D, P, Xp);
  }
  return 0;
}

#else
static size_t format_fast(double v, char *buf) { (void)v; (void)buf; return 0; }
#endif

/* pt_format_real's text and its length. */
static size_t format_real_len(double v, char *buf, size_t cap)
{
  size_t n = cap >= 32 ? format_fast(v, buf) : 0;
  if (n) return n;
  for (int prec = 15; prec <= 17; prec++) {
    snprintf(buf, cap, "%.*g", prec, v);
    if (strtod(buf, NULL) == v) break;
  }
  return strlen(buf);
}

char *pt_format_real(double v, char *buf, size_t cap)
{
  format_real_len(v, buf, cap);
  return buf;
}

static int human(pt_format f)
{
  return f == PT_FMT_TEXT || f == PT_FMT_MARKDOWN || f == PT_FMT_LATEX;
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
  if (!human(fmt)) {
    e->last_bits = calloc(ncols, sizeof *e->last_bits);
    e->last_txt = calloc(ncols, sizeof *e->last_txt);
    e->last_len = calloc(ncols, 1);
    if (!e->last_bits || !e->last_txt || !e->last_len) { pt_emitter_free(e); return NULL; }
  }
  memcpy(e->cols, cols, ncols * sizeof *cols);
  return e;
}

void pt_emitter_free(pt_emitter *e)
{
  if (!e) return;
  pt_strpool_free(&e->pool);
  free(e->obuf);
  free(e->last_bits);
  free(e->last_txt);
  free(e->last_len);
  free(e->cells);
  free(e->kinds);
  free(e->cols);
  free(e->numeric);
  free(e);
}

/* What "%lld" writes for i, at o (at least 21 bytes, no NUL); returns its
 * length.  Without printf's format parsing: a table is mostly integers. */
static size_t put_int(char *o, long long i)
{
  static const uint64_t p10[] = {
    10u, 100u, 1000u, 10000u, 100000u, 1000000u, 10000000u, 100000000u, 1000000000u,
    UINT64_C(10000000000), UINT64_C(100000000000), UINT64_C(1000000000000), UINT64_C(10000000000000),
    UINT64_C(100000000000000), UINT64_C(1000000000000000), UINT64_C(10000000000000000),
    UINT64_C(100000000000000000), UINT64_C(1000000000000000000), UINT64_C(10000000000000000000)
  };
  uint64_t u = i < 0 ? 0ULL - (unsigned long long)i : (unsigned long long)i;
  size_t n = 1, neg = i < 0;
  while (n < 20 && u >= p10[n - 1]) n++;       /* the number of digits */
  if (neg) *o++ = '-';
  char *p = o + n;
  for (; u >= 100; u /= 100) { p -= 2; memcpy(p, digit_pairs + 2 * (u % 100), 2); }
  if (u >= 10) { p -= 2; memcpy(p, digit_pairs + 2 * u, 2); }
  else *--p = (char)('0' + u);
  return n + neg;
}

/* ---- the machine formats' output buffer ---------------------------------- */

static void ob_flush(pt_emitter *e)
{
  if (e->olen && fwrite(e->obuf, 1, e->olen, e->out) != e->olen) e->werr = 1;
  e->olen = 0;
}

static void ob_put(pt_emitter *e, const char *s, size_t n)
{
  if (e->olen + n > OBUF) {
    ob_flush(e);
    if (n > OBUF) { if (fwrite(s, 1, n, e->out) != n) e->werr = 1; return; }
  }
  memcpy(e->obuf + e->olen, s, n);
  e->olen += n;
}

static void ob_putc(pt_emitter *e, char c)
{
  if (e->olen == OBUF) ob_flush(e);
  e->obuf[e->olen++] = c;
}

static void ob_puts(pt_emitter *e, const char *s) { ob_put(e, s, strlen(s)); }

/* At least n (<= OBUF) free bytes at the end of the buffer. */
static char *ob_room(pt_emitter *e, size_t n)
{
  if (OBUF - e->olen < n) ob_flush(e);
  return e->obuf + e->olen;
}

/* Does s (len bytes) hold the delimiter, a quote or a line end?  Eight
 * bytes at a time (the last word padded with 'A'): a word with no byte
 * below 0x23 (line ends, '"', space) and none equal to the delimiter
 * (',' or a tab) is passed whole; a word with one is looked at byte by
 * byte. */
static int needs_quote(const char *s, size_t len, char delim)
{
  const uint64_t ones = UINT64_C(0x0101010101010101), high = ones << 7, dw = ones * (unsigned char)delim;
  size_t i = 0;
  for (; i < len; i += 8) {
    uint64_t w = ones * 'A', x;
    memcpy(&w, s + i, len - i < 8 ? len - i : 8);
    x = w ^ dw;
    /* (v - 0x01..) & ~v & 0x80..: a byte of v below 1 (i.e. zero) */
    if ((((w - ones * 0x23) & ~w) | ((x - ones) & ~x)) & high) break;
  }
  for (; i < len; i++)
    if (s[i] == delim || s[i] == '"' || s[i] == '\n' || s[i] == '\r') return 1;
  return 0;
}

/* One CSV/TSV text field: quoted when it holds the delimiter, a quote or a
 * line end, or starts or ends with a space.  (Numbers never need quotes:
 * they are written as they are.) */
static void put_sep(pt_emitter *e, const char *s, char delim)
{
  if (!s) return;
  size_t len = strlen(s);
  int quote = needs_quote(s, len, delim) || (len && (s[0] == ' ' || s[len - 1] == ' '));
  if (!quote) { ob_put(e, s, len); return; }
  ob_putc(e, '"');
  for (const char *p = s; *p; p++) { if (*p == '"') ob_putc(e, '"'); ob_putc(e, *p); }
  ob_putc(e, '"');
}

static void put_json_string(pt_emitter *e, const char *s)
{
  ob_putc(e, '"');
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    switch (*p) {
    case '"': ob_puts(e, "\\\""); break;
    case '\\': ob_puts(e, "\\\\"); break;
    case '\n': ob_puts(e, "\\n"); break;
    case '\r': ob_puts(e, "\\r"); break;
    case '\t': ob_puts(e, "\\t"); break;
    default:
      if (*p < 0x20 || *p == 0x7f) {
        char u[8];
        snprintf(u, sizeof u, "\\u%04x", *p);
        ob_puts(e, u);
      } else {
        ob_putc(e, (char)*p);
      }
    }
  }
  ob_putc(e, '"');
}

/* The header of a machine format (json: the opening bracket). */
static void machine_head(pt_emitter *e)
{
  if (e->fmt == PT_FMT_JSON) { ob_puts(e, "[\n"); return; }
  char d = e->fmt == PT_FMT_CSV ? ',' : '\t';
  for (size_t j = 0; j < e->ncols; j++) { if (j) ob_putc(e, d); put_sep(e, e->cols[j].name, d); }
  ob_putc(e, '\n');
}

/* A number's text as it is (len: its length, or unknown when NULL). */
static void put_num(pt_emitter *e, const char *s, const unsigned char *len)
{
  ob_put(e, s, len ? *len : strlen(s));
}

/* Row number i (0-based) of a machine format from its cells' text (NULL:
 * empty), kinds and the lengths of the numbers (NULL: unknown). */
static void machine_row(pt_emitter *e, size_t i, const char *const *cell, const unsigned char *kind,
                        const unsigned char *len)
{
  if (e->fmt != PT_FMT_JSON) {
    char d = e->fmt == PT_FMT_CSV ? ',' : '\t';
    for (size_t j = 0; j < e->ncols; j++) {
      if (j) ob_putc(e, d);
      if (!cell[j]) continue;
      if (kind[j] == PT_CELL_TEXT) put_sep(e, cell[j], d);
      else put_num(e, cell[j], len ? len + j : NULL);
    }
    ob_putc(e, '\n');
    return;
  }
  ob_puts(e, i ? ",\n  {" : "  {");   /* the previous row's separator first */
  for (size_t j = 0; j < e->ncols; j++) {
    if (j) ob_puts(e, ", ");
    put_json_string(e, e->cols[j].name);
    ob_puts(e, ": ");
    if (!cell[j]) ob_puts(e, "null");
    else if (kind[j] == PT_CELL_TEXT) put_json_string(e, cell[j]);
    else put_num(e, cell[j], len ? len + j : NULL);
  }
  ob_putc(e, '}');
}

static void machine_tail(pt_emitter *e)
{
  if (e->fmt == PT_FMT_JSON) ob_puts(e, e->nrows ? "\n]\n" : "]\n");
}

static int machine(pt_format f) { return !human(f); }

int pt_emitter_stream(pt_emitter *e, FILE *out)
{
  if (!e || !out || e->nrows || e->streaming) return PT_EDOM;
  if (!machine(e->fmt) || e->ncols > STREAM_MAXC) return PT_SUCCESS;   /* kept */
  if (!e->obuf && !(e->obuf = malloc(OBUF))) return PT_ENOMEM;
  e->out = out;
  e->streaming = 1;
  machine_head(e);
  return e->werr ? PT_EIO : PT_SUCCESS;
}

int pt_emitter_stream_rows(pt_emitter *e, FILE *out, size_t rows_before)
{
  if (!e || !out || e->nrows || e->streaming || !machine(e->fmt) || e->ncols > STREAM_MAXC) return PT_EDOM;
  if (!e->obuf && !(e->obuf = malloc(OBUF))) return PT_ENOMEM;
  e->out = out;
  e->streaming = e->rows_only = 1;
  e->nrows = rows_before;    /* JSON: a separator before a row that is not the first */
  return PT_SUCCESS;
}

int pt_emitter_append(pt_emitter *e, const char *text, size_t len, size_t nrows)
{
  if (!e || !e->streaming || e->rows_only || (len && !text)) return PT_EDOM;
  ob_put(e, text, len);
  e->nrows += nrows;
  return e->werr ? PT_EIO : PT_SUCCESS;
}

/* The text of real r in column j of a machine format, the shortest that
 * reads back, and its length; the column's last value is remembered (a
 * level, a method's constant, a repeated rate cost one comparison). */
static const char *machine_real(pt_emitter *e, size_t j, double r, unsigned char *len)
{
  uint64_t bits;
  memcpy(&bits, &r, sizeof bits);
  if (!e->last_txt[j][0] || e->last_bits[j] != bits) {
    e->last_len[j] = (unsigned char)format_real_len(r, e->last_txt[j], sizeof e->last_txt[j]);
    e->last_bits[j] = bits;
  }
  *len = e->last_len[j];
  return e->last_txt[j];
}

/* A cell's text (NULL: empty), in buf when it is a number, and for a
 * number its length. */
static const char *cell_text(pt_emitter *e, size_t j, const pt_cell *c, pt_cell_kind *k, char *buf, size_t cap,
                             unsigned char *len)
{
  *k = c->kind;
  switch (c->kind) {
  case PT_CELL_TEXT: return c->text;
  case PT_CELL_INT:
    *len = (unsigned char)put_int(buf, c->i);   /* cap >= 40 */
    buf[*len] = '\0';
    return buf;
  case PT_CELL_REAL:
    if (!isfinite(c->r)) { *k = PT_CELL_EMPTY; return NULL; }
    if (!human(e->fmt)) return machine_real(e, j, c->r, len);
    if (e->cols[j].significant > 0) snprintf(buf, cap, "%.*g", e->cols[j].significant, c->r);
    else if (e->cols[j].decimals >= 0) snprintf(buf, cap, "%.*f", e->cols[j].decimals, c->r);
    else pt_format_real(c->r, buf, cap);
    *len = (unsigned char)strlen(buf);
    return buf;
  default: return NULL;
  }
}

/* One CSV/TSV row written as it comes: numbers straight into the buffer
 * (a real from its column's last text, copied 32 bytes at once). */
static int stream_sep_row(pt_emitter *e, const pt_cell *cells)
{
  char d = e->fmt == PT_FMT_CSV ? ',' : '\t';
  for (size_t j = 0; j < e->ncols; j++) {
    const pt_cell *c = &cells[j];
    char *o = ob_room(e, 48);
    unsigned char len;
    if (j) { *o++ = d; e->olen++; }
    if (c->kind == PT_CELL_TEXT) put_sep(e, c->text, d);
    else if (c->kind == PT_CELL_INT) e->olen += put_int(o, c->i);
    else if (c->kind == PT_CELL_REAL && isfinite(c->r)) {
      memcpy(o, machine_real(e, j, c->r, &len), sizeof e->last_txt[j]);
      e->olen += len;
    }
  }
  *ob_room(e, 1) = '\n';
  e->olen++;
  e->nrows++;
  return e->werr ? PT_EIO : PT_SUCCESS;
}

/* One row written as it comes (at most STREAM_MAXC columns: see
 * pt_emitter_stream). */
static int stream_row(pt_emitter *e, const pt_cell *cells)
{
  if (e->fmt != PT_FMT_JSON) return stream_sep_row(e, cells);
  char num[STREAM_MAXC][40];
  const char *txt[STREAM_MAXC];
  unsigned char kind[STREAM_MAXC], len[STREAM_MAXC];
  for (size_t j = 0; j < e->ncols; j++) {
    pt_cell_kind k;
    txt[j] = cell_text(e, j, &cells[j], &k, num[j], sizeof num[j], &len[j]);
    kind[j] = (unsigned char)k;
  }
  machine_row(e, e->nrows, txt, kind, len);
  e->nrows++;
  return e->werr ? PT_EIO : PT_SUCCESS;
}

int pt_emitter_row(pt_emitter *e, const pt_cell *cells)
{
  if (e->streaming) return stream_row(e, cells);
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
    pt_cell_kind k;
    unsigned char len;
    const char *s = cell_text(e, j, &cells[j], &k, buf, sizeof buf, &len);
    if (k == PT_CELL_INT || k == PT_CELL_REAL) e->numeric[j] = 1;
    e->kinds[base + j] = (unsigned char)k;
    e->cells[base + j] = NULL;
    /* text repeats (keys): interned; numbers mostly do not: copied */
    if (s && !(e->cells[base + j] = k == PT_CELL_TEXT ? pt_strpool_intern(&e->pool, s, strlen(s))
                                                      : pt_strpool_copy(&e->pool, s, len)))
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

/* The rest of a machine format's table: every row kept, or after
 * streaming only the end; then the buffer is flushed. */
static int machine_write(pt_emitter *e, FILE *out)
{
  if (!e->streaming) {
    if (!e->obuf && !(e->obuf = malloc(OBUF))) return PT_ENOMEM;
    e->out = out;
    machine_head(e);
    for (size_t i = 0; i < e->nrows; i++) machine_row(e, i, e->cells + i * e->ncols, e->kinds + i * e->ncols, NULL);
  }
  if (!e->rows_only) machine_tail(e);
  ob_flush(e);
  return e->werr || ferror(e->out) ? PT_EIO : PT_SUCCESS;
}

int pt_emitter_write(pt_emitter *e, FILE *out)
{
  size_t nc = e->ncols, i, j;
  switch (e->fmt) {
  case PT_FMT_CSV:
  case PT_FMT_TSV:
  case PT_FMT_JSON:
    return machine_write(e, out);
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
