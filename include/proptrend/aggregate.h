/* proptrend/aggregate.h - from unit-level records (one row per unit and
 * period, stage columns holding flags) to the tidy table, streaming: memory
 * grows with the number of distinct (area, group, period) keys, never with
 * the number of rows (except the optional duplicate-unit check, 8 to 16
 * bytes per distinct unit and period; see PT_AGG_BYTES_PER_KEY).  The check
 * compares 64-bit fingerprints of (unit, period): two different units are
 * taken for one with probability about N^2 / 2^65 over N unit-periods
 * (3e-6 for 10 million), which then reports a false duplicate.  Shards aggregated separately merge to the same result
 * (pt_agg_add_table), so a national dataset can be split by area or period
 * and aggregated on several machines.
 *
 * Ownership: pt_agg_new() returns an aggregator the caller frees with
 * pt_agg_free(); pt_agg_table() fills a pt_table the caller frees with
 * pt_table_free().  Nothing printed; diagnostics go to the caller's pt_diags.
 */
#ifndef PROPTREND_AGGREGATE_H
#define PROPTREND_AGGREGATE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "proptrend/table.h"

#ifdef __cplusplus
extern "C" {
#endif

#define PT_AGG_MAX_STAGES 32

typedef struct pt_agg_opts {
  const char *area_col;            /* NULL: no area */
  const char *const *by_cols;      /* the group: values joined with " / " */
  size_t nby;
  const char *period_col;
  const char *const *stage_cols;   /* flag columns, one stage each */
  size_t nstages;
  const char *unit_col;            /* NULL: no duplicate-unit check */
  int duplicates_first;            /* with unit_col: keep the first, do not fail */
  unsigned char delimiter;         /* ',' when 0 */
} pt_agg_opts;

typedef struct pt_agg pt_agg;

pt_agg *pt_agg_new(const pt_agg_opts *o);
void pt_agg_free(pt_agg *a);

/* Stream one file of unit records.  PT_SUCCESS, PT_EDATA (diagnostics in d:
 * a bad flag or period, a missing column, a duplicate unit), PT_EIO,
 * PT_ENOMEM, PT_EOVERFLOW. */
int pt_agg_read(pt_agg *a, FILE *in, pt_diags *d);

/* Add a tidy table (a shard's output): counts and totals summed per key. */
int pt_agg_add_table(pt_agg *a, const pt_table *t);

/* Add another aggregator's counts (a part read on another thread), key by
 * key, without building its table.  PT_SUCCESS, PT_ENOMEM, PT_EOVERFLOW, or
 * PT_EDOM when the stages would exceed PT_AGG_MAX_STAGES. */
int pt_agg_merge(pt_agg *a, const pt_agg *b);

/* The tidy table, sorted by (area, group, stage, period); has_area when the
 * aggregator has an area column or merged tables had one. */
int pt_agg_table(const pt_agg *a, pt_table *out);

/* Whether pt_agg_table's table has an area column. */
int pt_agg_has_area(const pt_agg *a);

/* One row of the tidy table, valid during the callback only. */
typedef struct pt_agg_row {
  const char *area;     /* NULL when there is no area */
  const char *group;
  const char *stage;
  long period;
  uint64_t count, total;
} pt_agg_row;
typedef int (*pt_agg_fn)(const pt_agg_row *r, void *ctx);

/* The rows of pt_agg_table, in its order, without building the table (8
 * bytes a key while sorting): stops at and returns the first non-zero value
 * fn returns; PT_ENOMEM. */
int pt_agg_each(const pt_agg *a, pt_agg_fn fn, void *ctx);

/* Memory: about PT_AGG_BYTES_PER_KEY + the key's length + 16 bytes per stage
 * for each distinct (area, group, period) key (entry, slot at most half
 * full, counters; the dense arrays grow by half, so up to 1.5 times that
 * after a growth), and with unit_col 8 bytes per distinct (unit, period),
 * at most 16 when just grown. */
#define PT_AGG_BYTES_PER_KEY 48

/* Flags: 1/0, yes/no, true/false, có/không (ASCII case-insensitive, and
 * Có/Không).  Returns 1, 0, or -1 for anything else. */
int pt_parse_flag(const char *s, size_t len);

#ifdef __cplusplus
}
#endif
#endif
