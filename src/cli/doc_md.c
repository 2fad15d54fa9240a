/* doc_md.c - report.md: CommonMark with pipe tables; figures linked as
 * figures/NAME.svg.  Every text is escaped, so a '*' or '<' in a label is
 * shown, never read as markup. */
#include <config.h>

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>

#include "doc_impl.h"

/* Does the character at p need a backslash?  Only where CommonMark (with
 * GitHub's tables and strikethrough) could read markup: emphasis, code,
 * links, table cells, and '<' or '&' that could open HTML or an entity;
 * "p < 0.001" stays as it is. */
static int md_special(const char *s, const char *p)
{
  if (strchr("\\`*_[]|~", *p)) return 1;
  if (*p == '<') return isalpha((unsigned char)p[1]) || (p[1] && strchr("/!?", p[1]));
  if (*p == '&') return isalnum((unsigned char)p[1]) || p[1] == '#';
  if (*p == '!') return p[1] == '[';
  return p == s && strchr("#>-+=", *p);   /* a heading, quote or list at the start */
}

/* Newlines inside a table cell become spaces. */
static void md_esc(FILE *f, const char *s, int cell)
{
  for (const char *p = s; *p; p++) {
    if (*p == '\n' || *p == '\r') { fputc(cell ? ' ' : '\n', f); continue; }
    if (md_special(s, p)) fputc('\\', f);
    fputc(*p, f);
  }
}

static void md_table(const cli_doc *d, const doc_block *t, FILE *f)
{
  char cap[1024], buf[64];
  fputs("**", f);
  doc_caption(d, t, 0, 1, cap, sizeof cap);
  md_esc(f, cap, 1);
  fputs("**\n\n|", f);
  for (size_t j = 0; j < t->ncols; j++) { fputc(' ', f); md_esc(f, t->cols[j].name, 1); fputs(" |", f); }
  fputs("\n|", f);
  for (size_t j = 0; j < t->ncols; j++) fputs(doc_col_numeric(&t->cols[j]) ? "---:|" : ":---|", f);
  fputc('\n', f);
  for (size_t i = 0; i < t->nrows; i++) {
    fputc('|', f);
    for (size_t j = 0; j < t->ncols; j++) {
      fputc(' ', f);
      md_esc(f, doc_cell_text(d, &t->cols[j], &t->cells[i * t->ncols + j], buf, sizeof buf), 1);
      fputs(" |", f);
    }
    fputc('\n', f);
  }
  fputc('\n', f);
}

int doc_write_md(const cli_doc *d, FILE *f)
{
  char cap[1024];
  fputs("# ", f);
  md_esc(f, d->title, 1);
  fputs("\n\n", f);
  for (size_t k = 0; k < d->n; k++) {
    const doc_block *b = &d->b[k];
    switch (b->kind) {
    case DOC_HEADING:
      fputs(b->level == 2 ? "## " : "### ", f);
      md_esc(f, b->text, 1);
      fputs("\n\n", f);
      break;
    case DOC_PARA: md_esc(f, b->text, 0); fputs("\n\n", f); break;
    case DOC_BULLETS:
      for (size_t i = 0; i < b->nitems; i++) { fputs("- ", f); md_esc(f, b->items[i], 1); fputc('\n', f); }
      fputc('\n', f);
      break;
    case DOC_TABLE: md_table(d, b, f); break;
    case DOC_FIGURE:
      doc_caption(d, b, 0, 1, cap, sizeof cap);
      fputs("![", f);
      md_esc(f, cap, 1);
      fprintf(f, "](figures/%s.svg)\n\n", b->name);
      break;
    }
  }
  return ferror(f) ? EX_IOERR : 0;
}
