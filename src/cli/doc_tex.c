/* doc_tex.c - report.tex, a complete XeLaTeX document (fontspec with
 * DejaVu, which Debian packages and which covers Vietnamese), and
 * tables.tex, the same tables for \input into another document.
 *
 * Tables are longtables (they break across pages) of p-columns whose widths
 * share the line in proportion to their content, so no table runs past the
 * margin; a table too wide for one page width is set on landscape pages
 * and, if still too wide, cut into parts that repeat the row's key columns.
 * Numbers are right-aligned. */
#include <config.h>

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>

#include "doc_impl.h"

/* Characters of \footnotesize DejaVu Serif on a 17 cm line (measured:
 * ~5.2 pt a digit at 8 pt), and the 2 x 3 pt column separation. */
#define TEX_BUDGET 90.0
#define TEX_PAD 1.5
/* A table that would need more than two parts on a portrait page is set on
 * landscape pages (pdflscape): 25.7 cm of line instead of 17. */
#define TEX_BUDGET_LANDSCAPE 136.0

/* Every text is escaped; '_' and '/' may break a line (codes, paths). */
static void tex_esc(FILE *f, const char *s)
{
  for (; *s; s++) {
    switch (*s) {
    case '\\': fputs("\\textbackslash{}", f); break;
    case '&': case '%': case '$': case '#': case '{': case '}': fputc('\\', f); fputc(*s, f); break;
    case '_': fputs("\\_\\allowbreak{}", f); break;
    case '/': fputs("/\\allowbreak{}", f); break;
    case '~': fputs("\\textasciitilde{}", f); break;
    case '^': fputs("\\textasciicircum{}", f); break;
    case '\n': case '\r': case '\t': fputc(' ', f); break;
    default: fputc(*s, f);
    }
  }
}

static void label(FILE *f, const char *kind, const char *name, size_t part)
{
  fprintf(f, "\\label{%s:", kind);
  for (const char *p = name; *p; p++) fputc(isalnum((unsigned char)*p) || *p == '-' ? *p : '-', f);
  if (part) fprintf(f, "-%zu", part + 1);
  fputc('}', f);
}

static void tex_caption(const cli_doc *d, const doc_block *t, size_t part, size_t nparts, FILE *f)
{
  (void)part;
  fputs("\\caption{", f);
  tex_esc(f, t->text);
  if (nparts > 1) fprintf(f, " (%s %zu/%zu)", doc_word(d, "part"), part + 1, nparts);
  fputc('}', f);
  label(f, "tab", t->name, part);
}

static void row(const cli_doc *d, const doc_block *t, const size_t *idx, size_t n, size_t i, FILE *f)
{
  char buf[64];
  for (size_t k = 0; k < n; k++) {
    if (k) fputs(" & ", f);
    const pt_column *c = &t->cols[idx[k]];
    if (i == (size_t)-1) tex_esc(f, c->name);
    else tex_esc(f, doc_cell_text(d, c, &t->cells[i * t->ncols + idx[k]], buf, sizeof buf));
  }
  fputs(" \\\\\n", f);
}

static int tex_table(const cli_doc *d, const doc_block *t, FILE *f)
{
  size_t idx[4096];
  doc_layout l;
  double budget = TEX_BUDGET;
  if (doc_layout_make(d, t, budget, TEX_PAD, &l)) return EX_OSERR;
  int landscape = l.nparts > 2;
  if (landscape) {
    doc_layout_free(&l);
    budget = TEX_BUDGET_LANDSCAPE;
    if (doc_layout_make(d, t, budget, TEX_PAD, &l)) return EX_OSERR;
    fputs("\\begin{landscape}\n", f);
  }
  for (size_t part = 0; part < l.nparts; part++) {
    size_t n = doc_layout_cols(&l, part, idx, sizeof idx / sizeof idx[0]);
    fprintf(f, "\\begingroup\\footnotesize\\setlength{\\tabcolsep}{3pt}\n");
    /* the parts of one table share its number */
    if (part) fputs("\\addtocounter{table}{-1}\n", f);
    fputs("\\begin{longtable}{@{}", f);
    for (size_t k = 0; k < n; k++) {
      int share = (int)(10000.0 * doc_layout_share(&l, part, idx[k], budget));
      fprintf(f, ">{\\%s\\arraybackslash}p{\\dimexpr(\\linewidth-%zu\\tabcolsep)*%d/10000\\relax}",
              doc_col_numeric(&t->cols[idx[k]]) ? "raggedleft" : "raggedright", 2 * n, share);
    }
    fputs("@{}}\n", f);
    tex_caption(d, t, part, l.nparts, f);
    fputs("\\\\\n\\toprule\n", f);
    row(d, t, idx, n, (size_t)-1, f);
    fputs("\\midrule\n\\endfirsthead\n\\toprule\n", f);
    row(d, t, idx, n, (size_t)-1, f);
    fputs("\\midrule\n\\endhead\n\\bottomrule\n\\endlastfoot\n", f);
    for (size_t i = 0; i < t->nrows; i++) row(d, t, idx, n, i, f);
    fputs("\\end{longtable}\n\\endgroup\n\n", f);
  }
  if (landscape) fputs("\\end{landscape}\n\n", f);
  doc_layout_free(&l);
  return 0;
}

/* A path LaTeX reads as it is: no space, brace, backslash or '%'. */
static int plain_path(const char *s)
{
  return strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._/-") == strlen(s);
}

static void figure(const doc_block *b, FILE *f)
{
  if (!b->png || !plain_path(b->png)) return;
  fputs("\\begin{figure}[htbp]\n\\centering\n\\IfFileExists{", f);
  fputs(b->png, f);
  fputs("}{\\includegraphics[width=\\linewidth,height=0.42\\textheight,keepaspectratio]{", f);
  fputs(b->png, f);
  fputs("}}{\\fbox{", f);
  tex_esc(f, b->png);
  fputs("}}\n\\caption{", f);
  tex_esc(f, b->text);
  fputs("}", f);
  label(f, "fig", b->name, 0);
  fputs("\n\\end{figure}\n\n", f);
}

static void preamble(const cli_doc *d, FILE *f)
{
  fputs("% !TEX program = xelatex\n"
        "% Compile with xelatex (twice, for the contents); on Debian:\n"
        "%   apt-get install texlive-xetex texlive-latex-recommended fonts-dejavu-core\n"
        "\\documentclass[a4paper,10pt]{article}\n"
        "\\usepackage[a4paper,margin=2cm]{geometry}\n"
        "\\usepackage{fontspec}\n"
        "\\setmainfont{DejaVu Serif}\n"
        "\\setsansfont{DejaVu Sans}\n"
        "\\setmonofont{DejaVu Sans Mono}\n"
        "\\usepackage{graphicx}\n"
        "\\usepackage{array}\n"
        "\\usepackage{booktabs}\n"
        "\\usepackage{longtable}\n"
        "\\usepackage{pdflscape}\n"
        "\\setlength{\\emergencystretch}{3em}\n", f);
  if (d->vi)
    fputs("\\renewcommand{\\tablename}{Bảng}\n\\renewcommand{\\figurename}{Hình}\n"
          "\\renewcommand{\\contentsname}{Mục lục}\n", f);
  fputs("\\title{", f);
  tex_esc(f, d->title);
  fputs("}\n\\author{}\n\\date{}\n\\begin{document}\n\\maketitle\n\\tableofcontents\n\n", f);
}

int doc_write_tex(const cli_doc *d, FILE *f, int whole)
{
  int rc = 0;
  if (whole) preamble(d, f);
  else fputs("% tables.tex - the report's tables for \\input; the document loads array, booktabs,\n"
             "% longtable and pdflscape, and, for Vietnamese, is set with xelatex or lualatex and fontspec\n"
             "% (see report.tex).\n\n", f);
  for (size_t k = 0; k < d->n && !rc; k++) {
    const doc_block *b = &d->b[k];
    if (!whole && b->kind != DOC_TABLE) continue;
    switch (b->kind) {
    case DOC_HEADING:
      fputs(b->level == 2 ? "\\section{" : "\\subsection{", f);
      tex_esc(f, b->text);
      fputs("}\n\n", f);
      break;
    case DOC_PARA: tex_esc(f, b->text); fputs("\n\n", f); break;
    case DOC_BULLETS:
      if (!b->nitems) break;
      fputs("\\begin{itemize}\n", f);
      for (size_t i = 0; i < b->nitems; i++) { fputs("\\item ", f); tex_esc(f, b->items[i]); fputc('\n', f); }
      fputs("\\end{itemize}\n\n", f);
      break;
    case DOC_TABLE: rc = tex_table(d, b, f); break;
    case DOC_FIGURE: figure(b, f); break;
    }
  }
  if (whole) fputs("\\end{document}\n", f);
  return rc ? rc : ferror(f) ? EX_IOERR : 0;
}
