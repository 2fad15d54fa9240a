/* proptrend/emit.h - tables out: aligned text, CSV, TSV, Markdown, LaTeX
 * (booktabs) and JSON from one description of the columns.
 *
 * Machine formats (csv, tsv, json) print reals with the fewest digits that
 * read back to the same double (at most 17); human formats (text, markdown,
 * latex) use each column's number of decimals.  Empty cells stay empty (JSON
 * null), never "nan" or "inf".
 *
 * The machine formats can stream (pt_emitter_stream): each row is written
 * when it is added, through one large buffer, and nothing is kept, so the
 * memory does not grow with the rows; the output is byte for byte the
 * buffered one.  The human formats need every row for their widths and
 * are always kept until pt_emitter_write().
 *
 * Ownership: pt_emitter_new() returns an emitter the caller frees with
 * pt_emitter_free(); cells are copied (or written) when added, so the
 * caller keeps its strings.  The emitter writes only to the FILE* it is
 * given; a streaming emitter holds on to it until pt_emitter_write().
 */
#ifndef PROPTREND_EMIT_H
#define PROPTREND_EMIT_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum pt_format {
  PT_FMT_TEXT = 0,
  PT_FMT_CSV,
  PT_FMT_TSV,
  PT_FMT_MARKDOWN,
  PT_FMT_LATEX,
  PT_FMT_JSON
} pt_format;

typedef enum pt_cell_kind {
  PT_CELL_EMPTY = 0,
  PT_CELL_TEXT,
  PT_CELL_INT,
  PT_CELL_REAL
} pt_cell_kind;

typedef struct pt_cell {
  pt_cell_kind kind;
  const char *text;   /* PT_CELL_TEXT */
  long long i;        /* PT_CELL_INT */
  double r;           /* PT_CELL_REAL; NaN or inf print as empty */
} pt_cell;

/* What a column holds, for renderers that present numbers (documents,
 * spreadsheets): a proportion is shown as a percentage there, a period
 * without a thousands separator.  The emitter's own formats ignore it. */
typedef enum pt_col_role {
  PT_ROLE_NUMBER = 0,   /* a count or a statistic */
  PT_ROLE_TEXT,         /* codes, labels, notes */
  PT_ROLE_PROPORTION,   /* a proportion or a difference of proportions */
  PT_ROLE_PVALUE,       /* a p- or q-value */
  PT_ROLE_PERIOD        /* a year or another period number */
} pt_col_role;

typedef struct pt_column {
  const char *name;
  int decimals;       /* for reals in human formats; < 0: shortest round-trip */
  int significant;    /* if > 0: human formats print reals with this many
                         significant digits ("%.*g", for p-values) instead */
  pt_col_role role;   /* for documents and spreadsheets (default: number) */
} pt_column;

typedef struct pt_emitter pt_emitter;

/* 0 on success, -1 if unknown.  Names: text csv tsv markdown latex json. */
int pt_format_from_name(const char *name, pt_format *out);
const char *pt_format_name(pt_format f);

/* NULL on allocation failure or ncols == 0.  cols is copied. */
pt_emitter *pt_emitter_new(pt_format fmt, const pt_column *cols, size_t ncols);
/* Stream a machine format (csv, tsv, json; at most 64 columns) to out: the
 * header is written now (buffered), each row when it is added.  For other
 * formats or wider tables nothing changes (rows are kept).  Call before the
 * first row.  PT_SUCCESS, PT_EDOM (rows already added), PT_ENOMEM or
 * PT_EIO. */
int pt_emitter_stream(pt_emitter *e, FILE *out);
/* Rows made in parts (on several threads): stream only rows to out, as the
 * rows after rows_before others of the same table (no header, no JSON
 * brackets; a JSON separator first unless rows_before is 0), then
 * pt_emitter_write() flushes them; the text is handed to the table's own
 * streaming emitter with pt_emitter_append(), in order.  Machine formats
 * only (else PT_EDOM), before the first row; PT_SUCCESS or PT_ENOMEM. */
int pt_emitter_stream_rows(pt_emitter *e, FILE *out, size_t rows_before);
/* Append nrows rows another emitter made by pt_emitter_stream_rows (text,
 * len bytes) to a streaming emitter.  PT_SUCCESS, PT_EDOM (e not
 * streaming a whole table) or PT_EIO. */
int pt_emitter_append(pt_emitter *e, const char *text, size_t len, size_t nrows);
/* Add one row of ncols cells.  PT_SUCCESS, PT_ENOMEM, or PT_EIO when
 * streaming and a write failed. */
int pt_emitter_row(pt_emitter *e, const pt_cell *cells);
/* Write header and rows (streaming: what is left, to the stream's FILE);
 * PT_SUCCESS, PT_ENOMEM or PT_EIO. */
int pt_emitter_write(pt_emitter *e, FILE *out);
void pt_emitter_free(pt_emitter *e);

/* Shortest "%.*g" (15..17 digits) of v that strtod reads back exactly.
 * Writes to buf (at least 32 bytes); returns buf. */
char *pt_format_real(double v, char *buf, size_t cap);

/* Cell constructors. */
pt_cell pt_cell_text(const char *s);
pt_cell pt_cell_int(long long i);
pt_cell pt_cell_real(double r);
pt_cell pt_cell_empty(void);


/* ---- field tables: the columns of a result type, declared once ----------
 *
 * A result type (a struct) lists its output columns once as an array of
 * pt_field: the column's name, the member it reads (offsetof), how to show
 * it, and which int member says the value is defined.  Every format's
 * header and cells (and the report's tables) come from that one array, so
 * a column cannot be named in one place and filled in another. */
typedef enum pt_field_type {
  PT_FT_STR = 0,   /* const char *; NULL is an empty cell */
  PT_FT_INT,       /* int */
  PT_FT_LONG,      /* long */
  PT_FT_U64,       /* uint64_t */
  PT_FT_SIZE,      /* size_t */
  PT_FT_DOUBLE,    /* double; NaN and infinities are empty cells */
  PT_FT_ENUM       /* int indexing names[] */
} pt_field_type;

enum {
  PT_FIELD_AREA = 1u << 0   /* a column only when the table has areas */
};

typedef struct pt_field {
  const char *name;
  pt_field_type type;
  size_t offset;             /* of the member in the result struct */
  int decimals;              /* reals in human formats (< 0: round-trip) */
  int significant;           /* > 0: significant digits instead (p-values) */
  pt_col_role role;
  long defined;              /* offset of an int member: 0 there means an
                                empty cell; -1 when always defined */
  const char *const *names;  /* PT_FT_ENUM */
  unsigned flags;            /* PT_FIELD_* */
} pt_field;

/* The columns of fields for a table with (has_area) or without areas;
 * returns their number (at most nf).  cols has room for nf. */
size_t pt_fields_columns(const pt_field *f, size_t nf, int has_area, pt_column *cols);
/* The cells of one record rec (a struct the fields describe); returns their
 * number.  Text cells point into rec's strings or names[]. */
size_t pt_fields_cells(const pt_field *f, size_t nf, int has_area, const void *rec, pt_cell *cells);
/* An emitter for these fields (NULL when out of memory), and one record
 * added to it (PT_SUCCESS or PT_ENOMEM). */
pt_emitter *pt_fields_emitter(pt_format fmt, const pt_field *f, size_t nf, int has_area);
int pt_fields_row(pt_emitter *e, const pt_field *f, size_t nf, int has_area, const void *rec);

#ifdef __cplusplus
}
#endif
#endif
