/* doc_html.c - report.html: one self-contained page (SVG figures inline,
 * style in the head, no script), a table of contents, tables cut into parts
 * that fit a 1280 px window (with a sticky first column when a part is
 * still wider than the screen), numbers right-aligned. */
#include <config.h>

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>

#include "doc_impl.h"

/* Characters per line of a table: 13 px DejaVu Sans digits are 8.3 px,
 * the column is 1132 px at a 1280 px window; a cell's padding is ~2 digits.
 * Each header gets its column's width in ch as its minimum, so the browser
 * never squeezes a key column into one word per line. */
#define HTML_BUDGET 130.0
#define HTML_PAD 3.0

static const char css[] =
  "body{font:15px/1.45 \"DejaVu Sans\",system-ui,sans-serif;margin:0;color:#1d232a;background:#fff}\n"
  "main{max-width:1180px;margin:0 auto;padding:1rem 1.5rem 3rem;box-sizing:border-box}\n"
  "h1{font-size:1.7rem;margin:.5rem 0 1rem}h2{font-size:1.35rem;margin:2rem 0 .6rem;border-bottom:1px solid #d8dde3}"
  "h3{font-size:1.1rem;margin:1.4rem 0 .5rem}\n"
  "p,li{max-width:60rem;overflow-wrap:anywhere}\n"
  "nav.toc{background:#f5f7f9;border:1px solid #dde2e7;padding:.6rem 1.2rem;margin:0 0 1.5rem;display:inline-block}\n"
  "nav.toc ol{margin:.2rem 0;padding-left:1.3rem}nav.toc a{color:#1a4f8b;text-decoration:none}\n"
  ".tw{max-width:100%;overflow-x:auto;margin:.4rem 0 1.4rem}\n"
  "table{border-collapse:collapse;font-size:13px}\n"
  "caption{caption-side:top;text-align:left;font-weight:600;padding:.3rem 0}\n"
  "th,td{padding:.25rem .55rem;border-bottom:1px solid #e1e5ea;vertical-align:top;text-align:left}\n"
  "th{background:#eef1f4;font-weight:600}\n"
  "td.t{max-width:26em;overflow-wrap:anywhere}\n"
  ".n{text-align:right;font-variant-numeric:tabular-nums}td.n{white-space:nowrap}\n"
  "tbody tr:nth-child(even) td{background:#fafbfc}\n"
  ".tw th:first-child,.tw td:first-child{position:sticky;left:0;z-index:1;background:#fff}\n"
  ".tw th:first-child{background:#eef1f4}.tw tbody tr:nth-child(even) td:first-child{background:#fafbfc}\n"
  "figure{margin:1rem 0 1.6rem}figure svg{display:block;max-width:100%;height:auto}\n"
  "figcaption{font-size:.92rem;color:#3a434d;margin-top:.3rem}\n";

/* A name usable inside an id: letters, digits, '-' and '_'. */
static void id_safe(char *out, size_t cap, const char *name)
{
  size_t n = 0;
  for (const char *p = name; *p && n + 1 < cap; p++)
    out[n++] = isalnum((unsigned char)*p) || *p == '-' || *p == '_' ? *p : '_';
  out[n] = '\0';
}

/* An event-handler attribute (onload='...', onclick="...") at p, just after
 * a space inside a tag: its length with the quoted value, else 0. */
static size_t handler_attr(const char *p)
{
  if (p[0] != 'o' || p[1] != 'n' || !isalpha((unsigned char)p[2])) return 0;
  size_t n = 2;
  while (isalpha((unsigned char)p[n])) n++;
  if (p[n] != '=' || (p[n + 1] != '"' && p[n + 1] != '\'')) return 0;
  const char *end = strchr(p + n + 2, p[n + 1]);
  return end ? (size_t)(end - p) + 1 : 0;
}

/* The SVG from "<svg" on, with no script and no event handler (gnuplot's
 * interactive SVG calls gnuplot_svg.js, which the page does not carry), and
 * every id and reference to one prefixed, so two figures' ids never collide. */
static void svg_inline(FILE *f, const char *svg, const char *prefix)
{
  static const char *const marks[] = { "id='", "id=\"", "href='#", "href=\"#", "url(#" };
  const char *p = strstr(svg, "<svg");
  int in_tag = 0;
  while (p && *p) {
    if (!strncmp(p, "<script", 7)) {
      const char *gt = strchr(p, '>'), *e = strstr(p, "</script>");
      if (gt && gt > p && gt[-1] == '/') p = gt + 1;            /* <script .../> */
      else p = e ? e + 9 : p + strlen(p);
      continue;
    }
    if (*p == '<') in_tag = 1;
    else if (*p == '>') in_tag = 0;
    size_t skip = in_tag && p > svg && isspace((unsigned char)p[-1]) ? handler_attr(p) : 0;
    if (skip) { p += skip; continue; }
    size_t hit = 0;
    for (size_t k = 0; k < sizeof marks / sizeof marks[0] && !hit; k++)
      if (!strncmp(p, marks[k], strlen(marks[k])) && (p == svg || !isalnum((unsigned char)p[-1]))) hit = strlen(marks[k]);
    if (hit) { fwrite(p, 1, hit, f); fprintf(f, "%s-", prefix); p += hit; }
    else fputc(*p++, f);
  }
  fputc('\n', f);
}

static void toc(const cli_doc *d, FILE *f)
{
  int open3 = 0, any = 0;
  for (size_t k = 0; k < d->n; k++) any |= d->b[k].kind == DOC_HEADING;
  if (!any) return;
  fputs("<nav class=\"toc\"><strong>", f);
  doc_xml_esc(f, doc_word(d, "Contents"));
  fputs("</strong>\n<ol>\n", f);
  int started = 0;
  for (size_t k = 0; k < d->n; k++) {
    const doc_block *b = &d->b[k];
    if (b->kind != DOC_HEADING) continue;
    if (b->level == 3 && started && !open3) { fputs("<ol>\n", f); open3 = 1; }
    if (b->level == 2) {
      if (open3) { fputs("</ol>", f); open3 = 0; }
      if (started) fputs("</li>\n", f);
      started = 1;
    }
    fprintf(f, "<li><a href=\"#s%zu\">", k);
    doc_xml_esc(f, b->text);
    fputs("</a>", f);
    if (b->level == 3 && open3) fputs("</li>\n", f);
  }
  if (open3) fputs("</ol>", f);
  if (started) fputs("</li>\n", f);
  fputs("</ol>\n</nav>\n", f);
}

static int html_table(const cli_doc *d, const doc_block *t, FILE *f)
{
  char cap[1024], buf[64], id[128];
  size_t idx[4096];
  doc_layout l;
  if (doc_layout_make(d, t, HTML_BUDGET, HTML_PAD, &l)) return EX_OSERR;
  id_safe(id, sizeof id, t->name);
  for (size_t part = 0; part < l.nparts; part++) {
    size_t n = doc_layout_cols(&l, part, idx, sizeof idx / sizeof idx[0]);
    doc_caption(d, t, part, l.nparts, cap, sizeof cap);
    fprintf(f, "<div class=\"tw\"><table id=\"t-%s-%zu\">\n<caption>", id, part + 1);
    doc_xml_esc(f, cap);
    fputs("</caption>\n<thead><tr>", f);
    for (size_t k = 0; k < n; k++) {
      const pt_column *c = &t->cols[idx[k]];
      fprintf(f, "<th%s style=\"min-width:%.0fch\">", doc_col_numeric(c) ? " class=\"n\"" : "", l.width[idx[k]] - HTML_PAD);
      doc_xml_esc(f, c->name);
      fputs("</th>", f);
    }
    fputs("</tr></thead>\n<tbody>\n", f);
    for (size_t i = 0; i < t->nrows; i++) {
      fputs("<tr>", f);
      for (size_t k = 0; k < n; k++) {
        const pt_column *c = &t->cols[idx[k]];
        fputs(doc_col_numeric(c) ? "<td class=\"n\">" : "<td class=\"t\">", f);
        doc_xml_esc(f, doc_cell_text(d, c, &t->cells[i * t->ncols + idx[k]], buf, sizeof buf));
        fputs("</td>", f);
      }
      fputs("</tr>\n", f);
    }
    fputs("</tbody></table></div>\n", f);
  }
  doc_layout_free(&l);
  return 0;
}

int doc_write_html(const cli_doc *d, FILE *f)
{
  char cap[1024], id[128];
  int rc = 0;
  fprintf(f, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\"/>\n"
             "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n<title>", d->lang);
  doc_xml_esc(f, d->title);
  fprintf(f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<main>\n<h1>", css);
  doc_xml_esc(f, d->title);
  fputs("</h1>\n", f);
  toc(d, f);
  for (size_t k = 0; k < d->n && !rc; k++) {
    const doc_block *b = &d->b[k];
    switch (b->kind) {
    case DOC_HEADING:
      fprintf(f, "<h%d id=\"s%zu\">", b->level, k);
      doc_xml_esc(f, b->text);
      fprintf(f, "</h%d>\n", b->level);
      break;
    case DOC_PARA: fputs("<p>", f); doc_xml_esc(f, b->text); fputs("</p>\n", f); break;
    case DOC_BULLETS:
      fputs("<ul>\n", f);
      for (size_t i = 0; i < b->nitems; i++) { fputs("<li>", f); doc_xml_esc(f, b->items[i]); fputs("</li>\n", f); }
      fputs("</ul>\n", f);
      break;
    case DOC_TABLE: rc = html_table(d, b, f); break;
    case DOC_FIGURE:
      id_safe(id, sizeof id, b->name);
      fprintf(f, "<figure id=\"f-%s\">\n", id);
      if (b->svg) svg_inline(f, b->svg, id);
      doc_caption(d, b, 0, 1, cap, sizeof cap);
      fputs("<figcaption>", f);
      doc_xml_esc(f, cap);
      fputs("</figcaption>\n</figure>\n", f);
      break;
    }
  }
  fputs("</main>\n</body>\n</html>\n", f);
  return rc ? rc : ferror(f) ? EX_IOERR : 0;
}
