/* doc.h - the review pack as a document: blocks built once, rendered as
 * report.md, report.html, report.tex, report.docx and tables.xlsx.
 *
 * The report builds a cli_doc from the library's typed results (headings,
 * paragraphs, bullet lists, tables, figures) and asks for the formats it
 * wants; every renderer reads the same blocks, so the five files cannot
 * disagree.  Tables arrive as columns (pt_column: the header shown, decimals,
 * and the column's role) and cells (pt_cell): renderers decide how a number
 * looks in their medium (a proportion as "95.2 %" in a document, a number
 * with a percent format in a spreadsheet; a decimal comma in Vietnamese).
 *
 * Ownership: cli_doc_new() returns a document the caller frees with
 * cli_doc_free(); every string, cell and SVG given to a cli_doc_* call is
 * copied, so the caller keeps its own.  Renderers write only inside the
 * directory given to cli_doc_write() and never print; errors come back as
 * a status and a message in the caller's buffer.
 */
#ifndef PROPTREND_CLI_DOC_H
#define PROPTREND_CLI_DOC_H

#include <stddef.h>

#include "proptrend/emit.h"

/* Formats, as a bit set. */
enum {
  CLI_DOC_MD = 1u << 0,     /* report.md, figures linked as figures/NAME.svg */
  CLI_DOC_HTML = 1u << 1,   /* report.html, self-contained (SVG inline) */
  CLI_DOC_TEX = 1u << 2,    /* report.tex, a complete document (xelatex), and
                               tables.tex, its tables for \input */
  CLI_DOC_DOCX = 1u << 3,   /* report.docx, PNG figures embedded */
  CLI_DOC_XLSX = 1u << 4    /* tables.xlsx, one sheet per table */
};

typedef struct cli_doc cli_doc;

/* lang: "en" or "vi"; title: the document's title (copied). NULL when out
 * of memory. */
cli_doc *cli_doc_new(const char *lang, const char *title);
void cli_doc_free(cli_doc *d);

/* Each returns 0, or -1 when out of memory (the document is then unusable:
 * cli_doc_write reports it). */
int cli_doc_heading(cli_doc *d, int level, const char *text);      /* level 2 or 3 */
int cli_doc_para(cli_doc *d, const char *text);
int cli_doc_bullets(cli_doc *d, size_t n, const char *const *items);
/* A table: name is its file stem (tables/NAME.csv, the sheet's name);
 * caption is shown above it; cols[j].name is the header in the report's
 * language; cells holds nrows * ncols cells, row by row; text cells are in
 * display form already (labels, not codes). */
int cli_doc_table(cli_doc *d, const char *name, const char *caption, const pt_column *cols, size_t ncols,
                  const pt_cell *cells, size_t nrows);
/* A figure: svg (len bytes, may be NULL) is inlined in the HTML; png_name
 * (may be NULL) is the PNG inside the report directory, e.g.
 * "figures/rates.png", embedded in the docx and the tex. */
int cli_doc_figure(cli_doc *d, const char *name, const char *caption, const char *svg, size_t svglen,
                   const char *png_name);

/* How the renderers present a table (src/cli/doc.c): a PT_ROLE_PROPORTION
 * column as a percentage with (decimals - 2) decimals ("95.21%"), a
 * PT_ROLE_PVALUE column to 3 decimals ("< 0.001" below), other reals with
 * the column's decimals (or significant digits); the decimal mark of the
 * language; numbers right-aligned.  A table too wide for a page (or a
 * 1280 px window) is cut into parts that repeat its leading text and
 * period columns; the parts share the table's number.
 *
 * Write the formats asked for into dir (which exists).  Returns 0, or an
 * exit status from <sysexits.h> (EX_CANTCREAT, EX_IOERR, EX_OSERR,
 * EX_SOFTWARE) with a one-line message in err. */
int cli_doc_write(const cli_doc *d, unsigned formats, const char *dir, char *err, size_t errcap);

#endif
