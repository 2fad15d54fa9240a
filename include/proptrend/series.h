/* proptrend/series.h - the rows of a table grouped once: series, cross-sections,
 * blocks.
 *
 * Every analysis works on groups of rows that share some key columns: a
 * series (area, group, stage) ordered by period for trends and year-over-year
 * changes; a cross-section (stage, period and, for areas, group) for the
 * funnel; a block (area, stage) of groups x periods for the two-way model;
 * a pair of stages of one (area, group, period) for stage comparisons.
 * pt_series_partition() sorts the row indices once by the key columns and
 * then by the others (O(n log n) comparisons, a stable merge sort), so each
 * group is a run of consecutive entries; no analysis scans the table per row.
 *
 * Ownership: pt_series_partition() fills a pt_series the caller owns and
 * releases with pt_series_free(); it holds row indices into the table, which
 * must outlive it and stay unchanged.  pt_series_counts() writes into arrays
 * the caller provides (pt_series.longest entries are always enough).
 */
#ifndef PROPTREND_SERIES_H
#define PROPTREND_SERIES_H

#include <stddef.h>
#include <stdint.h>

#include "proptrend/table.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Key columns, as a bit set. */
enum {
  PT_KEY_AREA = 1u << 0,
  PT_KEY_GROUP = 1u << 1,
  PT_KEY_STAGE = 1u << 2,
  PT_KEY_PERIOD = 1u << 3,
  PT_KEY_SERIES = PT_KEY_AREA | PT_KEY_GROUP | PT_KEY_STAGE
};

typedef struct pt_series {
  size_t n;          /* number of groups */
  size_t *start;     /* n + 1 offsets into idx: group g is idx[start[g] .. start[g+1]) */
  size_t *idx;       /* the table's row indices, nrows of them */
  size_t nrows;
  size_t longest;    /* rows in the largest group */
  unsigned key;      /* the PT_KEY_* bits the rows were grouped by */
} pt_series;

/* Group the rows of t by the columns in key (PT_KEY_*).  Within a group rows
 * are ordered by the remaining columns in the order area, group, stage,
 * period, ties by input line.  PT_SUCCESS, PT_EDOM or PT_ENOMEM. */
int pt_series_partition(const pt_table *t, unsigned key, pt_series *s);
void pt_series_free(pt_series *s);

/* Rows in group g, and its i-th row. */
size_t pt_series_len(const pt_series *s, size_t g);
const pt_row *pt_series_row(const pt_table *t, const pt_series *s, size_t g, size_t i);

/* Counts, totals and periods of group g into x, n and period (each may be
 * NULL; each has room for pt_series_len(s, g) values). */
void pt_series_counts(const pt_table *t, const pt_series *s, size_t g, uint64_t *x, uint64_t *n,
                      double *period);

/* Compare two rows on the columns in key only (strcmp order; a missing area
 * sorts as empty). */
int pt_series_key_cmp(const pt_row *a, const pt_row *b, unsigned key);

#ifdef __cplusplus
}
#endif
#endif
