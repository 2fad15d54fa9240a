/* fuzz_num.c - libFuzzer harness for the number parser in every format.
 * Properties: a parsed count re-printed as digits parses back to itself; a
 * value valid under PLAIN is never reported AMBIGUOUS under PLAIN. */
#include <config.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proptrend/num.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const char *s = (const char *)data;
  for (int f = PT_NUMFMT_PLAIN; f <= PT_NUMFMT_EN; f++) {
    uint64_t v;
    pt_decimal d;
    if (pt_num_parse_count(s, size, (pt_numfmt)f, PT_COUNT_MAX, &v) == PT_NUM_OK) {
      char buf[32];
      uint64_t w;
      int n = snprintf(buf, sizeof buf, "%llu", (unsigned long long)v);
      if (v > PT_COUNT_MAX || pt_num_parse_count(buf, (size_t)n, PT_NUMFMT_PLAIN, PT_COUNT_MAX, &w) != PT_NUM_OK || w != v)
        abort();
    }
    if (pt_num_parse_decimal(s, size, (pt_numfmt)f, &d) == PT_NUM_OK && (d.scale < 0 || d.scale > 18)) abort();
  }
  long l;
  pt_num_parse_long(s, size, -1000000000L, 1000000000L, &l);
  char *z = malloc(size + 1);
  if (z) {
    double x;
    memcpy(z, data, size);
    z[size] = '\0';
    pt_num_parse_double(z, &x);
    free(z);
  }
  return 0;
}
