/* utf8.c - Normalization Form C (see proptrend/utf8.h).
 *
 * The text is decoded into an array of code points (invalid bytes kept as
 * tagged values), fully decomposed, each run of non-starters put in
 * canonical order, then composed in place and encoded back.  Every step is
 * a single pass; table look-ups are binary searches over generated tables.
 */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proptrend/error.h"
#include "proptrend/utf8.h"
#include "utf8_table.h"

#define RAW_BYTE 0x80000000u   /* an invalid byte b is kept as RAW_BYTE | b */

/* Hangul syllable arithmetic (The Unicode Standard, 3.12). */
enum { SBASE = 0xAC00, LBASE = 0x1100, VBASE = 0x1161, TBASE = 0x11A7,
       LCOUNT = 19, VCOUNT = 21, TCOUNT = 28, NCOUNT = VCOUNT * TCOUNT, SCOUNT = LCOUNT * NCOUNT };

#define NELEM(a) (sizeof (a) / sizeof (a)[0])

static unsigned ccc(uint32_t c)
{
  size_t lo = 0, hi = NELEM(pt_nfc_ccc);
  if (c < 0x300 || (c & RAW_BYTE)) return 0;
  while (lo < hi) {
    size_t m = lo + (hi - lo) / 2;
    if (c < pt_nfc_ccc[m].lo) hi = m;
    else if (c > pt_nfc_ccc[m].hi) lo = m + 1;
    else return pt_nfc_ccc[m].ccc;
  }
  return 0;
}

static const struct pt_nfc_decomp_entry *decomp_of(uint32_t c)
{
  size_t lo = 0, hi = NELEM(pt_nfc_decomp);
  if (c < 0xC0 || (c & RAW_BYTE)) return NULL;
  while (lo < hi) {
    size_t m = lo + (hi - lo) / 2;
    if (c < pt_nfc_decomp[m].cp) hi = m;
    else if (c > pt_nfc_decomp[m].cp) lo = m + 1;
    else return &pt_nfc_decomp[m];
  }
  return NULL;
}

/* The primary composite of a + b, or 0. */
static uint32_t compose(uint32_t a, uint32_t b)
{
  if (a >= LBASE && a < LBASE + LCOUNT && b >= VBASE && b < VBASE + VCOUNT)
    return SBASE + ((a - LBASE) * VCOUNT + (b - VBASE)) * TCOUNT;
  if (a >= SBASE && a < SBASE + SCOUNT && (a - SBASE) % TCOUNT == 0 && b > TBASE && b < TBASE + TCOUNT)
    return a + (b - TBASE);
  size_t lo = 0, hi = NELEM(pt_nfc_comp);
  while (lo < hi) {
    size_t m = lo + (hi - lo) / 2;
    const struct pt_nfc_comp_entry *e = &pt_nfc_comp[m];
    if (a < e->a || (a == e->a && b < e->b)) hi = m;
    else if (a > e->a || b > e->b) lo = m + 1;
    else return e->c;
  }
  return 0;
}

/* Decode one UTF-8 sequence (shortest form, no surrogates); returns its
 * length, or 0 for an invalid byte. */
static size_t dec(const unsigned char *s, size_t n, uint32_t *cp)
{
  uint32_t c;
  size_t len, i;
  if (s[0] < 0x80) { *cp = s[0]; return 1; }
  if (s[0] >= 0xC2 && s[0] <= 0xDF) { len = 2; c = s[0] & 0x1F; }
  else if (s[0] >= 0xE0 && s[0] <= 0xEF) { len = 3; c = s[0] & 0x0F; }
  else if (s[0] >= 0xF0 && s[0] <= 0xF4) { len = 4; c = s[0] & 0x07; }
  else return 0;
  if (n < len) return 0;
  for (i = 1; i < len; i++) {
    if ((s[i] & 0xC0) != 0x80) return 0;
    c = (c << 6) | (s[i] & 0x3F);
  }
  if ((len == 3 && (c < 0x800 || (c >= 0xD800 && c <= 0xDFFF))) || (len == 4 && (c < 0x10000 || c > 0x10FFFF)))
    return 0;
  *cp = c;
  return len;
}

static size_t enc(uint32_t c, unsigned char *o)
{
  if (c & RAW_BYTE) { o[0] = (unsigned char)(c & 0xFF); return 1; }
  if (c < 0x80) { o[0] = (unsigned char)c; return 1; }
  if (c < 0x800) { o[0] = (unsigned char)(0xC0 | (c >> 6)); o[1] = (unsigned char)(0x80 | (c & 0x3F)); return 2; }
  if (c < 0x10000) {
    o[0] = (unsigned char)(0xE0 | (c >> 12));
    o[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
    o[2] = (unsigned char)(0x80 | (c & 0x3F));
    return 3;
  }
  o[0] = (unsigned char)(0xF0 | (c >> 18));
  o[1] = (unsigned char)(0x80 | ((c >> 12) & 0x3F));
  o[2] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
  o[3] = (unsigned char)(0x80 | (c & 0x3F));
  return 4;
}

typedef struct cpbuf { uint32_t *v; size_t n, cap; } cpbuf;

static int push(cpbuf *b, uint32_t c)
{
  if (b->n == b->cap) {
    size_t nc = b->cap ? 2 * b->cap : 256;
    uint32_t *nv = realloc(b->v, nc * sizeof *nv);
    if (!nv) return -1;
    b->v = nv;
    b->cap = nc;
  }
  b->v[b->n++] = c;
  return 0;
}

/* Append the full canonical decomposition of c (the tables nest at most a
 * few levels deep: recursion is bounded by the data). */
static int push_decomposed(cpbuf *b, uint32_t c)
{
  if (c >= SBASE && c < SBASE + SCOUNT) {
    uint32_t s = c - SBASE, t = s % TCOUNT;
    if (push(b, LBASE + s / NCOUNT) || push(b, VBASE + (s % NCOUNT) / TCOUNT)) return -1;
    return t ? push(b, TBASE + t) : 0;
  }
  const struct pt_nfc_decomp_entry *d = decomp_of(c);
  if (!d) return push(b, c);
  if (push_decomposed(b, d->a)) return -1;
  return d->b ? push_decomposed(b, d->b) : 0;
}

/* Stable sort of the non-starter run v[0..n) by combining class: a counting
 * sort over the 255 classes, so a long run stays linear. */
static int order_run(uint32_t *v, size_t n, uint32_t *tmp)
{
  size_t count[256] = { 0 };
  int sorted = 1;
  for (size_t i = 0; i < n; i++) {
    count[ccc(v[i])]++;
    if (i && ccc(v[i - 1]) > ccc(v[i])) sorted = 0;
  }
  if (sorted) return 0;
  size_t pos = 0;
  for (size_t k = 0; k < 256; k++) { size_t c = count[k]; count[k] = pos; pos += c; }
  for (size_t i = 0; i < n; i++) tmp[count[ccc(v[i])]++] = v[i];
  memcpy(v, tmp, n * sizeof *v);
  return 0;
}

static int canonical_order(cpbuf *b)
{
  uint32_t *tmp = NULL;
  size_t i = 0;
  while (i < b->n) {
    if (!ccc(b->v[i])) { i++; continue; }
    size_t j = i;
    while (j < b->n && ccc(b->v[j])) j++;
    if (j - i > 1) {
      if (!tmp && !(tmp = malloc(b->n * sizeof *tmp))) return -1;
      order_run(b->v + i, j - i, tmp);
    }
    i = j;
  }
  free(tmp);
  return 0;
}

/* Canonical composition in place (UAX #15, section 1.3 and its sample code). */
static void compose_all(cpbuf *b)
{
  if (!b->n) return;
  size_t starter = 0, out = 1;
  unsigned last = ccc(b->v[0]) ? 256 : 0;
  for (size_t i = 1; i < b->n; i++) {
    uint32_t c = b->v[i];
    unsigned cc = ccc(c);
    uint32_t comp = last == 256 ? 0 : compose(b->v[starter], c);
    if (comp && (last < cc || last == 0)) {
      b->v[starter] = comp;
      continue;
    }
    if (cc == 0) starter = out;
    last = cc;
    b->v[out++] = c;
  }
  b->n = out;
}

/* Nothing to do: ASCII and characters below U+0300 that are not
 * decomposable (quick check without decoding most texts twice). */
static int is_plain(const unsigned char *s, size_t len)
{
  for (size_t i = 0; i < len; i++)
    if (s[i] >= 0xC3) return 0;   /* U+00C0 and up may decompose or combine */
  return 1;
}

int pt_utf8_nfc(const char *s, size_t len, char **out, size_t *outlen)
{
  const unsigned char *u = (const unsigned char *)s;
  cpbuf b = { NULL, 0, 0 };
  if (!s || !out) return PT_EDOM;
  *out = NULL;
  if (is_plain(u, len)) {
    if (!(*out = malloc(len + 1))) return PT_ENOMEM;
    memcpy(*out, s, len);
    (*out)[len] = '\0';
    if (outlen) *outlen = len;
    return PT_SUCCESS;
  }
  for (size_t i = 0; i < len;) {
    uint32_t c;
    size_t n = dec(u + i, len - i, &c);
    if (!n) { c = RAW_BYTE | u[i]; n = 1; }
    if (push_decomposed(&b, c)) goto oom;
    i += n;
  }
  if (canonical_order(&b)) goto oom;
  compose_all(&b);
  size_t need = 1;   /* the exact size: a 256 MiB text must not ask for 1 GiB */
  unsigned char tmp[4];
  for (size_t i = 0; i < b.n; i++) need += enc(b.v[i], tmp);
  unsigned char *o = malloc(need);
  if (!o) goto oom;
  size_t k = 0;
  for (size_t i = 0; i < b.n; i++) k += enc(b.v[i], o + k);
  o[k] = '\0';
  free(b.v);
  *out = (char *)o;
  if (outlen) *outlen = k;
  return PT_SUCCESS;
oom:
  free(b.v);
  return PT_ENOMEM;
}

char *pt_utf8_nfc_str(const char *s)
{
  char *o;
  if (!s || pt_utf8_nfc(s, strlen(s), &o, NULL) != PT_SUCCESS) return NULL;
  return o;
}
