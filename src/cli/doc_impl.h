/* doc_impl.h - what the renderers of doc.h share: the block list, how a
 * cell reads in a document, and how a wide table is cut into parts that
 * fit a page.  Private to src/cli/doc*.c.
 *
 * Ownership: every pointer in a cli_doc belongs to it (cli_doc_free()).
 */
#ifndef PROPTREND_CLI_DOC_IMPL_H
#define PROPTREND_CLI_DOC_IMPL_H

#include <stdio.h>

#include "doc.h"

typedef enum doc_kind { DOC_HEADING, DOC_PARA, DOC_BULLETS, DOC_TABLE, DOC_FIGURE } doc_kind;

typedef struct doc_block {
  doc_kind kind;
  int level;            /* heading: 2 or 3 */
  int number;           /* table or figure: 1, 2, ... in document order */
  char *text;           /* heading, paragraph; caption of a table or figure */
  char *name;           /* table or figure: file stem */
  char **items;         /* bullets */
  size_t nitems;
  pt_column *cols;      /* table: names copied */
  size_t ncols;
  pt_cell *cells;       /* table: nrows * ncols, texts copied */
  size_t nrows;
  char *svg;            /* figure: may be NULL */
  size_t svglen;
  char *png;            /* figure: path inside the report directory, may be NULL */
} doc_block;

struct cli_doc {
  char *lang, *title;
  int vi;               /* Vietnamese: decimal comma, Vietnamese words */
  int oom;              /* a cli_doc_* call ran out of memory */
  doc_block *b;
  size_t n, cap;
  int ntables, nfigures;
};

/* A fixed word of the document frame in the document's language. */
const char *doc_word(const cli_doc *d, const char *en);

/* The cell as a document shows it (proportion "95.21%", p-value "< 0.001",
 * decimal comma in Vietnamese); "" for an empty cell.  buf: >= 64 bytes. */
const char *doc_cell_text(const cli_doc *d, const pt_column *c, const pt_cell *x, char *buf, size_t cap);
/* Right-aligned in a document: every number, text never. */
int doc_col_numeric(const pt_column *c);
/* "Table 3: caption" / "Bảng 3: ..." (part "(2/3)" when parts > 1). */
void doc_caption(const cli_doc *d, const doc_block *b, size_t part, size_t nparts, char *buf, size_t cap);

/* s escaped for XML and HTML text and attributes (& < > " '); bytes that are no
 * valid UTF-8 and control characters XML 1.0 forbids become U+FFFD. */
void doc_xml_esc(FILE *f, const char *s);

/* Code points in a UTF-8 string. */
size_t doc_u8len(const char *s);

/* A table cut into parts that fit budget characters of line: the leading
 * text and period columns (the row's key) repeat in every part.  width[j]
 * is each column's width in characters as laid out (long text wraps). */
typedef struct doc_layout {
  size_t nkey;          /* key columns, repeated */
  size_t nparts;
  size_t *start, *end;  /* part k shows key columns, then columns start[k] .. end[k]-1 */
  double *width;        /* per column */
} doc_layout;

/* 0, or -1 when out of memory. */
int doc_layout_make(const cli_doc *d, const doc_block *t, double budget, double overhead, doc_layout *l);
void doc_layout_free(doc_layout *l);
/* Column j's share of the part's width (0..1), for fixed-layout renderers:
 * parts narrower than the budget keep their natural widths. */
double doc_layout_share(const doc_layout *l, size_t part, size_t j, double budget);
/* The columns of part k in order: writes up to cap indices, returns how many. */
size_t doc_layout_cols(const doc_layout *l, size_t part, size_t *idx, size_t cap);

/* The renderers: 0 or a sysexits status with err filled. */
int doc_write_md(const cli_doc *d, FILE *f);
int doc_write_html(const cli_doc *d, FILE *f);
int doc_write_tex(const cli_doc *d, FILE *f, int whole);
int doc_write_docx(const cli_doc *d, const char *dir, const char *path, char *err, size_t errcap);
int doc_write_xlsx(const cli_doc *d, const char *path, char *err, size_t errcap);

#endif
