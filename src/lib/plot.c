/* plot.c - safe gnuplot script writing (see proptrend/plot.h). */
#include <config.h>

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <string.h>

#include "proptrend/plot.h"

const char *const pt_okabe_ito[8] = {
  "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"
};

static int is_punct(unsigned char c)
{
  return (c >= 0x21 && c <= 0x2f) || (c >= 0x3a && c <= 0x40) || (c >= 0x5b && c <= 0x60) ||
         (c >= 0x7b && c <= 0x7e);
}

/* fmt: the string is a format (tic labels, set format): each '%' is
 * doubled, both escapes written or neither, so a cut never leaves a lone
 * conversion. */
static size_t quote(const char *s, char *out, size_t cap, int fmt)
{
  size_t need = 0, j = 0;
  int room = cap > 0;
#define PUT(str, len) do { size_t l_ = (len);                               \
    if (room && j + l_ + 2 <= cap) { memcpy(out + j, (str), l_); j += l_; } \
    else room = 0;                                                          \
    need += l_; } while (0)
  PUT("\"", 1);
  for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
    char buf[8];
    if (*p < 0x20 || *p == 0x7f) PUT(" ", 1);
    else if (fmt && *p == '%') PUT("\\0045\\0045", 10);
    /* gnuplot reads "\\0" and up to three more octal digits, or "\\1".."\\7"
     * and up to two more: punctuation below 0100 gets the four-digit form
     * "\\0ddd", so a digit that follows in the label is never absorbed */
    else if (is_punct(*p) && *p < 0100) { snprintf(buf, sizeof buf, "\\0%03o", *p); PUT(buf, 5); }
    else if (is_punct(*p)) { snprintf(buf, sizeof buf, "\\%03o", *p); PUT(buf, 4); }
    else PUT((const char *)p, 1);
  }
  if (cap > j) { out[j++] = '"'; }
  need += 1;
  if (cap > 0) out[j < cap ? j : cap - 1] = '\0';
#undef PUT
  return need;
}

size_t pt_gp_quote(const char *s, char *out, size_t cap) { return quote(s, out, cap, 0); }
size_t pt_gp_quote_fmt(const char *s, char *out, size_t cap) { return quote(s, out, cap, 1); }

int pt_gp_unquote(const char *q, char *out, size_t cap)
{
  size_t n = strlen(q), j = 0;
  if (n < 2 || q[0] != '"' || q[n - 1] != '"' || cap == 0) return -1;
  for (size_t i = 1; i + 1 < n; i++) {
    char c = q[i];
    if (c == '"' || c == '`' || c == '@' || c == '$' || c == '\'') return -1;   /* must be escaped */
    if (c == '\\') {
      /* as gnuplot 5.4 reads an octal escape: "\\0" then up to three octal
       * digits, or a digit 1-7 then up to two more; the value's low byte */
      if (i + 2 >= n || q[i + 1] < '0' || q[i + 1] > '7') return -1;
      size_t k = i + 1, max = q[k] == '0' ? 4 : 3;
      unsigned v = 0, d = 0;
      while (d < max && k + 1 < n && q[k] >= '0' && q[k] <= '7') { v = v * 8 + (unsigned)(q[k] - '0'); k++; d++; }
      c = (char)(v & 0xff);
      i = k - 1;
    }
    if (j + 1 >= cap) return -1;
    out[j++] = c;
  }
  out[j] = '\0';
  return 0;
}

void pt_gp_init(pt_gp *g, FILE *out) { g->out = out; g->err = 0; }

void pt_gp_raw(pt_gp *g, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  if (vfprintf(g->out, fmt, ap) < 0) g->err = 1;
  va_end(ap);
}

static void put_str(pt_gp *g, const char *s, int fmt)
{
  char buf[4096];
  size_t need = quote(s, buf, sizeof buf, fmt);
  if (need >= sizeof buf) {   /* long label: cut to what fits, still quoted */
    char cut[1000];
    snprintf(cut, sizeof cut, "%s", s);
    quote(cut, buf, sizeof buf, fmt);
  }
  if (fputs(buf, g->out) < 0) g->err = 1;
}

void pt_gp_str(pt_gp *g, const char *s) { put_str(g, s, 0); }
void pt_gp_str_fmt(pt_gp *g, const char *s) { put_str(g, s, 1); }

void pt_gp_output(pt_gp *g, const char *output)
{
  pt_gp_raw(g, "set output ");
  if (output[0] == '/') pt_gp_str(g, output);
  else {
    char rel[4096];
    snprintf(rel, sizeof rel, "./%s", output);
    pt_gp_str(g, rel);
  }
  pt_gp_raw(g, "\n");
}

void pt_gp_header_dpi(pt_gp *g, const char *terminal, int width, int height, int dpi, const char *output)
{
  const char *font = "DejaVu Sans,10";
  pt_gp_raw(g, "# written by proptrend; edit freely and run: gnuplot THIS-FILE\n");
  pt_gp_raw(g, "set encoding utf8\n");
  if (!strcmp(terminal, "svg"))
    pt_gp_raw(g, "set terminal svg size %d,%d dynamic noenhanced font \"%s\" background \"#ffffff\"\n",
              width, height, font);
  else if (!strcmp(terminal, "pdfcairo"))
    pt_gp_raw(g, "set terminal pdfcairo size %gin,%gin noenhanced font \"%s\"\n", width / 96.0,
              height / 96.0, font);
  else if (dpi > 0) {
    /* print size: the same layout drawn with dpi/96 times the pixels, the
     * fonts and the lines scaled alike, so the print looks as on screen */
    double s = dpi / 96.0;
    pt_gp_raw(g, "set terminal pngcairo size %ld,%ld noenhanced font \"%s\" fontscale %.6g linewidth %.6g "
                 "pointscale %.6g background \"#ffffff\"\n", lround(width * s), lround(height * s), font, s, s, s);
  } else
    pt_gp_raw(g, "set terminal pngcairo size %d,%d noenhanced font \"%s\" background \"#ffffff\"\n",
              width, height, font);
  if (output) pt_gp_output(g, output);
}

void pt_gp_header(pt_gp *g, const char *terminal, int width, int height, const char *output)
{
  pt_gp_header_dpi(g, terminal, width, height, 0, output);
}

/* Bytes of the UTF-8 sequence starting with lead byte c (1 for a stray
 * continuation byte, so a walk always advances). */
static size_t u8len(unsigned char c)
{
  return c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
}

/* The end of the next line of s (at most width code points), breaking at
 * the last space that fits, else inside the word; *next: where the line
 * after it starts (spaces at the break skipped). */
static const char *line_end(const char *s, size_t width, const char **next)
{
  const char *p = s, *brk = NULL;
  size_t n = 0;
  while (*p && n < width) {
    if (*p == ' ') brk = p;
    p += u8len((unsigned char)*p);
    n++;
  }
  if (!*p || *p == ' ') brk = p;   /* the text, or a word, ends exactly here */
  if (!brk || brk == s) brk = p;
  *next = brk;
  while (**next == ' ') (*next)++;
  return brk;
}

size_t pt_gp_wrap_lines(const char *s, size_t width)
{
  size_t lines = 0;
  if (!s || !*s) return 1;
  if (width < 1) width = 1;
  for (const char *p = s, *nx; *p; p = nx, lines++) line_end(p, width, &nx);
  return lines ? lines : 1;
}

static size_t str_wrap(pt_gp *g, const char *s, size_t width, int fmt);

size_t pt_gp_str_wrap(pt_gp *g, const char *s, size_t width) { return str_wrap(g, s, width, 0); }
size_t pt_gp_str_wrap_fmt(pt_gp *g, const char *s, size_t width) { return str_wrap(g, s, width, 1); }

static size_t str_wrap(pt_gp *g, const char *s, size_t width, int fmt)
{
  size_t lines = 0;
  char buf[1024];
  if (!s || !*s) { put_str(g, "", fmt); return 1; }
  if (width < 1) width = 1;
  for (const char *p = s, *nx; *p; p = nx, lines++) {
    const char *e = line_end(p, width, &nx);
    size_t len = (size_t)(e - p) < sizeof buf - 1 ? (size_t)(e - p) : sizeof buf - 1;
    memcpy(buf, p, len);
    buf[len] = '\0';
    if (lines) pt_gp_raw(g, ".\"\\n\".");   /* a newline between quoted lines */
    put_str(g, buf, fmt);
  }
  return lines;
}

void pt_gp_datablock(pt_gp *g, const char *name, size_t nrows, size_t ncols, const double *v)
{
  /* terminator from the content (FNV-1a): reproducible scripts, and no data
   * row can equal it (rows hold numbers only) */
  uint64_t h = UINT64_C(1469598103934665603);
  for (size_t i = 0; i < nrows * ncols; i++) {
    const unsigned char *b = (const unsigned char *)&v[i];
    for (size_t k = 0; k < sizeof v[i]; k++) { h ^= b[k]; h *= UINT64_C(1099511628211); }
  }
  char eod[32];
  snprintf(eod, sizeof eod, "EOD_%016llx", (unsigned long long)h);
  pt_gp_raw(g, "$%s << %s\n", name, eod);
  for (size_t i = 0; i < nrows; i++) {
    for (size_t j = 0; j < ncols; j++) {
      double x = v[i * ncols + j];
      if (isfinite(x)) pt_gp_raw(g, "%s%.10g", j ? " " : "", x);
      else pt_gp_raw(g, "%sNaN", j ? " " : "");
    }
    pt_gp_raw(g, "\n");
  }
  pt_gp_raw(g, "%s\n", eod);
}

int pt_gp_status(const pt_gp *g) { return g->err ? -1 : 0; }
