/* proptrend/aggregate.h - from unit-level records (one row per unit and
 * period, stage columns holding flags) to the tidy table, streaming: memory
 * grows with the number of distinct (area, group, period) keys, never with
 * the number of rows (except the optional duplicate-unit check, 16 bytes per
 * row).  Shards aggregated separately merge to the same result
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

/* The tidy table, sorted by (area, group, stage, period); has_area when the
 * aggregator has an area column or merged tables had one. */
int pt_agg_table(const pt_agg *a, pt_table *out);

/* Flags: 1/0, yes/no, true/false, có/không (ASCII case-insensitive, and
 * Có/Không).  Returns 1, 0, or -1 for anything else. */
int pt_parse_flag(const char *s, size_t len);

#ifdef __cplusplus
}
#endif
#endif
