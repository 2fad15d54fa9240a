/* fuzz_extract.c - libFuzzer harness for the text extractor and the audit of
 * what it extracted. */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>

#include "proptrend/audit.h"
#include "proptrend/error.h"
#include "proptrend/extract.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  pt_extract_opts o;
  pt_table t;
  pt_diags w;
  pt_extract_opts_init(&o);
  o.numfmt = size && (data[0] & 1) ? -1 : (size && (data[0] & 2) ? PT_NUMFMT_EN : PT_NUMFMT_VI);
  pt_table_init(&t);
  pt_diags_init(&w);
  if (pt_extract((const char *)data, size, &o, &t, &w) != PT_SUCCESS) abort();
  pt_findings f;
  pt_findings_init(&f);
  if (pt_audit(&t, NULL, &f) != PT_SUCCESS) abort();
  pt_findings_free(&f);
  pt_table_free(&t);
  pt_diags_free(&w);
  return 0;
}
