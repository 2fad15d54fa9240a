/* proptrend/table.h - the tidy table every subcommand reads.
 *
 * One row per observation: group, stage, period, count, total (required),
 * area, reported, source (optional); columns in any order, extra columns
 * ignored.  Reading streams the input through libcsv; memory grows with
 * the number of rows kept, never with the size of a field beyond its copy.
 *
 * Ownership: pt_table_read() fills a pt_table the caller owns and must
 * release with pt_table_free(); every string in a row belongs to the table.
 * The reader keeps each distinct label (and reported, source) once, in the
 * table's string pool, shared by every row that has it: such a string must
 * not be freed or changed, only replaced (assign the pointer; the pool keeps
 * it until pt_table_free).  A string a caller puts in a row itself must come
 * from malloc; pt_table_free frees every string outside the pool
 * (pt_table_pooled tells the two apart).
 * Diagnostics go to a pt_diags the caller owns (pt_diags_free()).  The
 * library never prints: the caller formats "FILE:LINE:COL: message".
 */
#ifndef PROPTREND_TABLE_H
#define PROPTREND_TABLE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "proptrend/num.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum pt_col {
  PT_COL_AREA = 0,
  PT_COL_GROUP,
  PT_COL_STAGE,
  PT_COL_PERIOD,
  PT_COL_COUNT,
  PT_COL_TOTAL,
  PT_COL_REPORTED,
  PT_COL_SOURCE,
  PT_COL_N
} pt_col;

/* Flags on rows kept in lenient mode (pt_load_opts.lenient). */
enum {
  PT_ROW_COUNT_EXCEEDS_TOTAL = 1u << 0,
  PT_ROW_ZERO_TOTAL = 1u << 1,
  PT_ROW_DUPLICATE = 1u << 2,
  PT_ROW_NO_COUNT = 1u << 3,     /* count empty, a percentage given */
  PT_ROW_NO_PERIOD = 1u << 4,    /* extracted figure whose year is unknown */
  PT_ROW_UNMAPPED = 1u << 5,     /* extracted figure whose unit phrase has no code */
  PT_ROW_NO_TOTAL = 1u << 6      /* extracted count with its percentage and no total ("900 xã
                                    (31,5%)"): total 0, reported kept */
};

typedef struct pt_row {
  char *area;          /* NULL when the table has no area column */
  char *group;
  char *stage;
  long period;
  uint64_t count;
  uint64_t total;
  char *reported;      /* percentage exactly as printed; NULL when empty */
  char *source;        /* NULL when empty */
  unsigned long line;  /* input line on which the record begins */
  unsigned flags;      /* PT_ROW_* (lenient mode only) */
} pt_row;

typedef struct pt_table {
  pt_row *rows;
  size_t n;
  size_t cap;
  int has_area;
  int has_reported;
  int has_source;
  unsigned long col[PT_COL_N];  /* 1-based field number of each column, 0 if absent */
  struct pt_strpool *pool;      /* strings interned by pt_table_read; NULL
                                   for a table built by hand */
} pt_table;

typedef struct pt_diag {
  unsigned long line;  /* 0 when the problem concerns the whole input */
  unsigned long col;   /* 1-based field number, 0 when not about one field */
  char *message;
} pt_diag;

typedef struct pt_diags {
  pt_diag *items;
  size_t n;
  size_t cap;
  size_t limit;        /* stop reading after this many errors (0 = 50) */
  int truncated;       /* 1 when reading stopped at the limit */
} pt_diags;

typedef struct pt_load_opts {
  unsigned char delimiter;        /* default ',' */
  pt_numfmt numfmt;               /* default PT_NUMFMT_PLAIN */
  const char *colname[PT_COL_N];  /* header name of each column; NULL = default */
  int lenient;                    /* keep rows with count > total, total 0, a
                                     duplicate key, an empty count next to a
                                     reported percentage, an empty total, year,
                                     group or stage (extract's figures the text
                                     did not state), flagged, instead of errors */
  unsigned threads;               /* 0 or 1: one pass over the stream, in
                                     64 KiB blocks; more: the input is read
                                     whole into memory and, when it holds no
                                     quote or NUL byte, parsed in parts of at
                                     least 64 KiB on this many threads (at most
                                     64).  The rows, their order, line numbers
                                     and diagnostics are those of one thread. */
} pt_load_opts;

#define PT_LABEL_MAX 1024   /* longest group/stage/area label, in bytes */
#define PT_FIELD_MAX 65536  /* longest field kept; longer ones are an error */

void pt_load_opts_init(pt_load_opts *o);
/* Default header name of a column ("group", "count", ...). */
const char *pt_col_name(pt_col c);

void pt_table_init(pt_table *t);
void pt_table_free(pt_table *t);
/* 1 when s is one of the strings of t's pool (pt_table_free will not free
 * it), 0 otherwise. */
int pt_table_pooled(const pt_table *t, const char *s);
void pt_diags_init(pt_diags *d);
void pt_diags_free(pt_diags *d);

/* Read a tidy table from in (rows are appended to those t has).  Returns
 * PT_SUCCESS, PT_EDATA (see d; the table then holds the valid rows read),
 * PT_EIO or PT_ENOMEM.  Linear in the input: one pass of libcsv over 64 KiB
 * blocks, labels interned, no allocation per row but the rows' array.  With
 * o->threads > 1 memory also holds the input itself while it is read; the
 * parts' rows are appended in input order and their labels interned in t's
 * pool, and when any part finds a problem the input is read again in one
 * pass, so what comes out never depends on the threads. */
int pt_table_read(FILE *in, const pt_load_opts *o, pt_table *t, pt_diags *d);

/* Label of the key of row r: "group stage" or "area group stage". Static-free:
 * writes at most cap bytes to buf and returns buf. */
char *pt_row_series_label(const pt_row *r, char *buf, size_t cap);

/* Fill idx (t->n entries, caller-allocated) with the row indices ordered by
 * (area, group, stage, period), ties by input line: series are then runs of
 * consecutive entries.  PT_SUCCESS or PT_ENOMEM. */
int pt_table_order(const pt_table *t, size_t *idx);

/* Compare two rows by (area, group, stage, period); for qsort-like use. */
int pt_row_key_cmp(const pt_row *a, const pt_row *b);
/* Same series (area, group, stage)? */
int pt_row_same_series(const pt_row *a, const pt_row *b);

#ifdef __cplusplus
}
#endif
#endif
