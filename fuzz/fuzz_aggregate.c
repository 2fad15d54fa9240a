/* fuzz_aggregate.c - libFuzzer harness for the unit-level aggregator (with
 * the duplicate-unit check) and its tidy output. */
#include <config.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "proptrend/aggregate.h"
#include "proptrend/error.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static const char *const by[] = { "category" }, *const stages[] = { "registered", "recognized" };
  pt_agg_opts o = { "province", by, 1, "year", stages, 2, "unit_id", size && (data[0] & 1), ',' };
  pt_agg *a = pt_agg_new(&o);
  FILE *f = size ? fmemopen((void *)data, size, "r") : fopen("/dev/null", "r");
  pt_diags d;
  pt_table t;
  if (!a || !f) abort();
  pt_diags_init(&d);
  int st = pt_agg_read(a, f, &d);
  fclose(f);
  if (st != PT_SUCCESS && st != PT_EDATA && st != PT_EOVERFLOW) abort();
  if (pt_agg_table(a, &t) != PT_SUCCESS) abort();
  pt_table_free(&t);
  pt_diags_free(&d);
  pt_agg_free(a);
  return 0;
}
