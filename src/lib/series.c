/* series.c - rows grouped by key columns (see proptrend/series.h). */
#include <stdlib.h>
#include <string.h>

#include "proptrend/error.h"
#include "proptrend/series.h"

static int cmp0(const char *a, const char *b) { return strcmp(a ? a : "", b ? b : ""); }

int pt_series_key_cmp(const pt_row *a, const pt_row *b, unsigned key)
{
  int c = 0;
  if (key & PT_KEY_AREA) c = cmp0(a->area, b->area);
  if (!c && (key & PT_KEY_GROUP)) c = strcmp(a->group, b->group);
  if (!c && (key & PT_KEY_STAGE)) c = strcmp(a->stage, b->stage);
  if (!c && (key & PT_KEY_PERIOD)) c = (a->period > b->period) - (a->period < b->period);
  return c;
}

/* The key columns first, then the rest in the usual order, then the line:
 * a total order, so the merge sort's result does not depend on the input's. */
static int full_cmp(const pt_table *t, size_t ia, size_t ib, unsigned key)
{
  const pt_row *a = &t->rows[ia], *b = &t->rows[ib];
  int c = pt_series_key_cmp(a, b, key);
  if (!c) c = pt_series_key_cmp(a, b, ~key & (PT_KEY_SERIES | PT_KEY_PERIOD));
  if (!c) c = (a->line > b->line) - (a->line < b->line);
  return c;
}

/* Bottom-up merge sort of indices: no recursion, no qsort_r. */
static void sort_idx(const pt_table *t, unsigned key, size_t *v, size_t *tmp, size_t n)
{
  for (size_t w = 1; w < n; w *= 2) {
    for (size_t lo = 0; lo < n; lo += 2 * w) {
      size_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
      size_t i = lo, j = mid, k = lo;
      while (i < mid && j < hi) tmp[k++] = full_cmp(t, v[j], v[i], key) < 0 ? v[j++] : v[i++];
      while (i < mid) tmp[k++] = v[i++];
      while (j < hi) tmp[k++] = v[j++];
    }
    memcpy(v, tmp, n * sizeof *v);
  }
}

int pt_series_partition(const pt_table *t, unsigned key, pt_series *s)
{
  if (!t || !s || (key & ~(unsigned)(PT_KEY_SERIES | PT_KEY_PERIOD))) return PT_EDOM;
  memset(s, 0, sizeof *s);
  s->key = key;
  s->nrows = t->n;
  size_t cap = t->n ? t->n : 1;
  size_t *tmp = malloc(cap * sizeof *tmp);
  s->idx = malloc(cap * sizeof *s->idx);
  s->start = malloc((cap + 1) * sizeof *s->start);
  if (!tmp || !s->idx || !s->start) { free(tmp); pt_series_free(s); return PT_ENOMEM; }
  for (size_t i = 0; i < t->n; i++) s->idx[i] = i;
  sort_idx(t, key, s->idx, tmp, t->n);
  free(tmp);
  for (size_t i = 0; i < t->n; i++) {
    if (i == 0 || pt_series_key_cmp(&t->rows[s->idx[i - 1]], &t->rows[s->idx[i]], key) != 0) {
      if (s->n && i - s->start[s->n - 1] > s->longest) s->longest = i - s->start[s->n - 1];
      s->start[s->n++] = i;
    }
  }
  if (s->n && t->n - s->start[s->n - 1] > s->longest) s->longest = t->n - s->start[s->n - 1];
  s->start[s->n] = t->n;
  return PT_SUCCESS;
}

void pt_series_free(pt_series *s)
{
  if (!s) return;
  free(s->idx);
  free(s->start);
  memset(s, 0, sizeof *s);
}

size_t pt_series_len(const pt_series *s, size_t g) { return s->start[g + 1] - s->start[g]; }

const pt_row *pt_series_row(const pt_table *t, const pt_series *s, size_t g, size_t i)
{
  return &t->rows[s->idx[s->start[g] + i]];
}

void pt_series_counts(const pt_table *t, const pt_series *s, size_t g, uint64_t *x, uint64_t *n, double *period)
{
  size_t k = pt_series_len(s, g);
  for (size_t i = 0; i < k; i++) {
    const pt_row *r = pt_series_row(t, s, g, i);
    if (x) x[i] = r->count;
    if (n) n[i] = r->total;
    if (period) period[i] = (double)r->period;
  }
}
