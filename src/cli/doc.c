/* doc.c - the document model of doc.h: blocks copied in, cells formatted
 * for people, wide tables laid out in parts, and the dispatch to each
 * renderer (doc_md.c, doc_html.c, doc_tex.c, doc_docx.c, doc_xlsx.c). */
#include <config.h>

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "doc_impl.h"

static char *dup0(const char *s, int *oom)
{
  if (!s) return NULL;
  char *c = strdup(s);
  if (!c) *oom = 1;
  return c;
}

cli_doc *cli_doc_new(const char *lang, const char *title)
{
  cli_doc *d = calloc(1, sizeof *d);
  if (!d) return NULL;
  d->vi = lang && !strcmp(lang, "vi");
  d->lang = strdup(d->vi ? "vi" : "en");
  d->title = strdup(title ? title : "");
  if (!d->lang || !d->title) { cli_doc_free(d); return NULL; }
  return d;
}

static void block_free(doc_block *b)
{
  free(b->text); free(b->name); free(b->svg); free(b->png);
  for (size_t i = 0; i < b->nitems; i++) free(b->items[i]);
  free(b->items);
  for (size_t j = 0; b->cols && j < b->ncols; j++) free((char *)b->cols[j].name);
  free(b->cols);
  for (size_t i = 0; b->cells && i < b->nrows * b->ncols; i++)
    if (b->cells[i].kind == PT_CELL_TEXT) free((char *)b->cells[i].text);
  free(b->cells);
}

void cli_doc_free(cli_doc *d)
{
  if (!d) return;
  for (size_t i = 0; i < d->n; i++) block_free(&d->b[i]);
  free(d->b); free(d->lang); free(d->title);
  free(d);
}

/* A new zeroed block at the end, or NULL (the document is marked). */
static doc_block *push(cli_doc *d, doc_kind kind)
{
  if (d->oom) return NULL;
  if (d->n == d->cap) {
    size_t nc = d->cap ? 2 * d->cap : 32;
    doc_block *nb = realloc(d->b, nc * sizeof *nb);
    if (!nb) { d->oom = 1; return NULL; }
    d->b = nb; d->cap = nc;
  }
  doc_block *b = &d->b[d->n++];
  memset(b, 0, sizeof *b);
  b->kind = kind;
  return b;
}

/* After filling a block: on failure drop it and mark the document. */
static int settle(cli_doc *d, int oom)
{
  if (!oom) return 0;
  block_free(&d->b[--d->n]);
  d->oom = 1;
  return -1;
}

int cli_doc_heading(cli_doc *d, int level, const char *text)
{
  doc_block *b = push(d, DOC_HEADING);
  if (!b) return -1;
  int oom = 0;
  b->level = level <= 2 ? 2 : 3;
  b->text = dup0(text ? text : "", &oom);
  return settle(d, oom);
}

int cli_doc_para(cli_doc *d, const char *text)
{
  doc_block *b = push(d, DOC_PARA);
  if (!b) return -1;
  int oom = 0;
  b->text = dup0(text ? text : "", &oom);
  return settle(d, oom);
}

int cli_doc_bullets(cli_doc *d, size_t n, const char *const *items)
{
  doc_block *b = push(d, DOC_BULLETS);
  if (!b) return -1;
  int oom = 0;
  if (n && !(b->items = calloc(n, sizeof *b->items))) oom = 1;
  for (size_t i = 0; i < n && !oom; i++, b->nitems++) b->items[i] = dup0(items[i] ? items[i] : "", &oom);
  return settle(d, oom);
}

int cli_doc_table(cli_doc *d, const char *name, const char *caption, const pt_column *cols, size_t ncols,
                  const pt_cell *cells, size_t nrows)
{
  doc_block *b = push(d, DOC_TABLE);
  if (!b) return -1;
  int oom = 0;
  b->name = dup0(name ? name : "table", &oom);
  b->text = dup0(caption ? caption : "", &oom);
  if (ncols && !oom) {
    b->cols = calloc(ncols, sizeof *b->cols);
    b->cells = calloc(nrows ? nrows * ncols : 1, sizeof *b->cells);
    if (!b->cols || !b->cells) oom = 1;
  }
  if (!oom) { b->ncols = ncols; b->nrows = nrows; }
  for (size_t j = 0; j < b->ncols && !oom; j++) {
    b->cols[j] = cols[j];
    b->cols[j].name = dup0(cols[j].name ? cols[j].name : "", &oom);
  }
  for (size_t i = 0; i < b->nrows * b->ncols && !oom; i++) {
    b->cells[i] = cells[i];
    if (cells[i].kind == PT_CELL_TEXT) b->cells[i].text = dup0(cells[i].text ? cells[i].text : "", &oom);
  }
  if (oom) {   /* cells past the failure hold the caller's pointers: never free those */
    for (size_t i = 0; b->cells && i < b->nrows * b->ncols; i++)
      if (b->cells[i].kind == PT_CELL_TEXT && b->cells[i].text == cells[i].text) b->cells[i].kind = PT_CELL_EMPTY;
    for (size_t j = 0; b->cols && j < b->ncols; j++)
      if (b->cols[j].name == cols[j].name) b->cols[j].name = NULL;
  }
  if (!oom) b->number = ++d->ntables;
  return settle(d, oom);
}

int cli_doc_figure(cli_doc *d, const char *name, const char *caption, const char *svg, size_t svglen,
                   const char *png_name)
{
  doc_block *b = push(d, DOC_FIGURE);
  if (!b) return -1;
  int oom = 0;
  b->name = dup0(name ? name : "figure", &oom);
  b->text = dup0(caption ? caption : "", &oom);
  b->png = dup0(png_name, &oom);
  if (svg && svglen && !oom) {
    if (!(b->svg = malloc(svglen + 1))) oom = 1;
    else { memcpy(b->svg, svg, svglen); b->svg[svglen] = '\0'; b->svglen = svglen; }
  }
  if (!oom) b->number = ++d->nfigures;
  return settle(d, oom);
}

/* ---- words and cells ---------------------------------------------------- */

static const struct { const char *en, *vi; } words[] = {
  { "Table", "Bảng" },
  { "Figure", "Hình" },
  { "Contents", "Mục lục" },
  { "part", "phần" },
};

const char *doc_word(const cli_doc *d, const char *en)
{
  for (size_t k = 0; k < sizeof words / sizeof words[0]; k++)
    if (!strcmp(words[k].en, en)) return d->vi ? words[k].vi : words[k].en;
  return en;
}

/* Vietnamese writes a decimal comma. */
static void decimal_mark(const cli_doc *d, char *s)
{
  if (!d->vi) return;
  for (; *s; s++) if (*s == '.') *s = ',';
}

int doc_col_numeric(const pt_column *c)
{
  return c->role != PT_ROLE_TEXT;
}

const char *doc_cell_text(const cli_doc *d, const pt_column *c, const pt_cell *x, char *buf, size_t cap)
{
  buf[0] = '\0';
  switch (x->kind) {
  case PT_CELL_TEXT: return x->text;
  case PT_CELL_EMPTY: return buf;
  case PT_CELL_INT:
    if (c->role == PT_ROLE_PROPORTION) snprintf(buf, cap, "%lld%%", x->i * 100);
    else snprintf(buf, cap, "%lld", x->i);
    return buf;
  case PT_CELL_REAL: break;
  }
  double v = x->r;
  if (!isfinite(v)) return buf;
  if (c->role == PT_ROLE_PROPORTION) {
    /* 4 decimals of a proportion are 2 of a percentage */
    int dec = c->decimals >= 0 ? c->decimals - 2 : 1;
    snprintf(buf, cap, "%.*f%%", dec < 1 ? 1 : dec > 6 ? 6 : dec, 100.0 * v);
  } else if (c->role == PT_ROLE_PVALUE) {
    /* a p-value is read to 3 decimals: smaller is "< 0.001" */
    if (v < 0.001) snprintf(buf, cap, "< 0.001");
    else snprintf(buf, cap, "%.3f", v);
  } else if (c->significant > 0) {
    snprintf(buf, cap, "%.*g", c->significant, v);
  } else if (c->decimals >= 0) {
    snprintf(buf, cap, "%.*f", c->decimals, v);
  } else {
    snprintf(buf, cap, "%.4g", v);
  }
  /* "-0.00" reads as a sign where there is none */
  if (buf[0] == '-' && strspn(buf + 1, "0.%") == strlen(buf + 1)) memmove(buf, buf + 1, strlen(buf));
  decimal_mark(d, buf);
  return buf;
}

void doc_caption(const cli_doc *d, const doc_block *b, size_t part, size_t nparts, char *buf, size_t cap)
{
  const char *w = doc_word(d, b->kind == DOC_TABLE ? "Table" : "Figure");
  if (nparts > 1)
    snprintf(buf, cap, "%s %d (%s %zu/%zu): %s", w, b->number, doc_word(d, "part"), part + 1, nparts, b->text);
  else
    snprintf(buf, cap, "%s %d: %s", w, b->number, b->text);
}

size_t doc_u8len(const char *s)
{
  size_t n = 0;
  for (; *s; s++) n += ((unsigned char)*s & 0xC0) != 0x80;
  return n;
}

/* ---- layout of wide tables ------------------------------------------------ */

/* The longest word of s, in code points: a wrapping column is never narrower. */
static size_t longest_word(const char *s)
{
  size_t best = 0, cur = 0;
  for (; *s; s++) {
    if (*s == ' ') { cur = 0; continue; }
    if (((unsigned char)*s & 0xC0) != 0x80 && ++cur > best) best = cur;
  }
  return best;
}

/* Natural width of column j: its widest cell; a header wraps at spaces,
 * long text wraps at TEXT_WRAP characters. */
#define TEXT_WRAP 28
#define KEY_WRAP 16
static double col_width(const cli_doc *d, const doc_block *t, size_t j, size_t wrap)
{
  char buf[64];
  const pt_column *c = &t->cols[j];
  size_t w = longest_word(c->name) + 1, h = doc_u8len(c->name);   /* headers are bold */
  for (size_t i = 0; i < t->nrows; i++) {
    const char *s = doc_cell_text(d, c, &t->cells[i * t->ncols + j], buf, sizeof buf);
    size_t n = doc_u8len(s);
    if (c->role == PT_ROLE_TEXT && n > wrap) {
      size_t lw = longest_word(s);
      n = lw > wrap ? lw : wrap;
    }
    if (n > w) w = n;
  }
  /* a header of two short words sits on one line when the cells allow it */
  if (h <= w + 2) w = h > w ? h : w;
  return (double)(w ? w : 1);
}

/* Columns from..nc-1 into parts of at most limit characters each (at least
 * one column a part); with store, into l's start and end.  Returns the count. */
static size_t pack(doc_layout *l, size_t from, size_t nc, double limit, int store)
{
  size_t n = 0;
  for (size_t j = from; j < nc; n++) {
    double w = l->width[j];
    size_t e = j + 1;
    while (e < nc && w + l->width[e] <= limit) w += l->width[e++];
    if (store) { l->start[n] = j; l->end[n] = e; }
    j = e;
  }
  return n;
}

int doc_layout_make(const cli_doc *d, const doc_block *t, double budget, double overhead, doc_layout *l)
{
  memset(l, 0, sizeof *l);
  size_t nc = t->ncols;
  l->width = calloc(nc ? nc : 1, sizeof *l->width);
  l->start = calloc(nc ? nc : 1, sizeof *l->start);
  l->end = calloc(nc ? nc : 1, sizeof *l->end);
  if (!l->width || !l->start || !l->end) { doc_layout_free(l); return -1; }
  /* the key: leading text and period columns (at most 4), if any column is left */
  while (l->nkey < nc && l->nkey < 4 && l->nkey + 1 < nc &&
         (t->cols[l->nkey].role == PT_ROLE_TEXT || t->cols[l->nkey].role == PT_ROLE_PERIOD))
    l->nkey++;
  /* the whole table on one line: long text wraps at TEXT_WRAP; cut into
   * parts: the key repeats, so its text wraps sooner */
  double all = 0;
  for (size_t j = 0; j < nc; j++) all += l->width[j] = col_width(d, t, j, TEXT_WRAP) + overhead;
  if (all > budget)
    for (size_t j = 0; j < l->nkey; j++) l->width[j] = col_width(d, t, j, KEY_WRAP) + overhead;
  double key = 0;
  for (size_t j = 0; j < l->nkey; j++) key += l->width[j];
  size_t j = l->nkey;
  if (j == nc || all <= budget) { l->start[0] = j; l->end[0] = nc; l->nparts = 1; return 0; }
  /* the fewest parts that fit, then the narrowest width that still needs
   * no more of them: parts of even width, not a full part and a last one
   * holding a single column */
  double avail = budget - key, lo = 0, hi = avail;
  for (size_t k = j; k < nc; k++) if (l->width[k] > lo) lo = l->width[k];
  if (hi < lo) hi = lo;
  size_t parts = pack(l, j, nc, hi, 0);
  for (int it = 0; it < 40 && hi - lo > 1e-6; it++) {
    double mid = (lo + hi) / 2;
    if (pack(l, j, nc, mid, 0) <= parts) hi = mid; else lo = mid;
  }
  l->nparts = pack(l, j, nc, hi, 1);
  return 0;
}

void doc_layout_free(doc_layout *l)
{
  free(l->width); free(l->start); free(l->end);
  memset(l, 0, sizeof *l);
}

size_t doc_layout_cols(const doc_layout *l, size_t part, size_t *idx, size_t cap)
{
  size_t n = 0;
  for (size_t j = 0; j < l->nkey && n < cap; j++) idx[n++] = j;
  for (size_t j = l->start[part]; j < l->end[part] && n < cap; j++) idx[n++] = j;
  return n;
}

double doc_layout_share(const doc_layout *l, size_t part, size_t j, double budget)
{
  double sum = 0;
  for (size_t k = 0; k < l->nkey; k++) sum += l->width[k];
  for (size_t k = l->start[part]; k < l->end[part]; k++) sum += l->width[k];
  return l->width[j] / (sum > budget ? sum : budget);
}

/* ---- writing ---------------------------------------------------------------- */

/* One text file of the pack through a renderer that writes to a FILE*. */
static int write_text(const cli_doc *d, const char *dir, const char *file, int (*fn)(const cli_doc *, FILE *, int),
                      int arg, char *err, size_t errcap)
{
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, file);
  FILE *f = fopen(path, "w");
  if (!f) { snprintf(err, errcap, "%s: %s", path, strerror(errno)); return EX_CANTCREAT; }
  int rc = fn(d, f, arg);
  if (fclose(f) != 0 || rc) {
    snprintf(err, errcap, "%s: %s", path, rc == EX_OSERR ? "out of memory" : "write error");
    return rc ? rc : EX_IOERR;
  }
  return 0;
}

static int md_fn(const cli_doc *d, FILE *f, int arg) { (void)arg; return doc_write_md(d, f); }
static int html_fn(const cli_doc *d, FILE *f, int arg) { (void)arg; return doc_write_html(d, f); }
static int tex_fn(const cli_doc *d, FILE *f, int whole) { return doc_write_tex(d, f, whole); }

int cli_doc_write(const cli_doc *d, unsigned formats, const char *dir, char *err, size_t errcap)
{
  char path[4096];
  int rc = 0;
  if (errcap) err[0] = '\0';
  if (!d || d->oom) { snprintf(err, errcap, "out of memory while building the report"); return EX_OSERR; }
  if (!rc && (formats & CLI_DOC_MD)) rc = write_text(d, dir, "report.md", md_fn, 0, err, errcap);
  if (!rc && (formats & CLI_DOC_HTML)) rc = write_text(d, dir, "report.html", html_fn, 0, err, errcap);
  if (!rc && (formats & CLI_DOC_TEX)) rc = write_text(d, dir, "report.tex", tex_fn, 1, err, errcap);
  if (!rc && (formats & CLI_DOC_TEX)) rc = write_text(d, dir, "tables.tex", tex_fn, 0, err, errcap);
  if (!rc && (formats & CLI_DOC_DOCX)) {
    snprintf(path, sizeof path, "%s/report.docx", dir);
    rc = doc_write_docx(d, dir, path, err, errcap);
  }
  if (!rc && (formats & CLI_DOC_XLSX)) {
    snprintf(path, sizeof path, "%s/tables.xlsx", dir);
    rc = doc_write_xlsx(d, path, err, errcap);
  }
  return rc;
}

/* ---- XML text (docx, and the sheets' strings) -------------------------------- */

/* Length of the valid UTF-8 sequence at s (1..4), or 0. */
static size_t u8seq(const unsigned char *s)
{
  if (s[0] < 0x80) return 1;
  size_t n = s[0] >= 0xF0 && s[0] <= 0xF4 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC2 && s[0] < 0xE0 ? 2 : 0;
  if (!n) return 0;
  for (size_t k = 1; k < n; k++) if ((s[k] & 0xC0) != 0x80) return 0;
  unsigned cp = n == 2 ? (s[0] & 0x1Fu) << 6 | (s[1] & 0x3Fu)
              : n == 3 ? (s[0] & 0x0Fu) << 12 | (s[1] & 0x3Fu) << 6 | (s[2] & 0x3Fu)
                       : (s[0] & 0x07u) << 18 | (s[1] & 0x3Fu) << 12 | (s[2] & 0x3Fu) << 6 | (s[3] & 0x3Fu);
  /* overlong forms, surrogates and beyond U+10FFFF are not UTF-8 */
  if ((n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
    return 0;
  return n;
}

void doc_xml_esc(FILE *f, const char *s)
{
  const unsigned char *p = (const unsigned char *)s;
  while (*p) {
    size_t n = u8seq(p);
    if (!n || (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')) { fputs("\xEF\xBF\xBD", f); p++; continue; }
    switch (*p) {
    case '&': fputs("&amp;", f); break;
    case '<': fputs("&lt;", f); break;
    case '>': fputs("&gt;", f); break;
    case '"': fputs("&quot;", f); break;
    case '\'': fputs("&apos;", f); break;
    default: fwrite(p, 1, n, f);
    }
    p += n;
  }
}
