/* fuzz_table.c - libFuzzer harness for the tidy table reader (strict and
 * lenient, every number format, both delimiters) and the audit over what it
 * read.  Property: never crash, leak or read out of bounds; statuses are
 * always one of the documented ones. */
#include <config.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "proptrend/audit.h"
#include "proptrend/error.h"
#include "proptrend/table.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  if (size == 0) return 0;
  unsigned mode = data[0];
  FILE *f = fmemopen((void *)(data + 1), size - 1, "r");
  if (!f && size > 1) return 0;
  if (!f) f = fopen("/dev/null", "r");
  pt_load_opts o;
  pt_table t;
  pt_diags d;
  pt_load_opts_init(&o);
  o.lenient = mode & 1;
  o.numfmt = (pt_numfmt)((mode >> 1) % 3);
  o.delimiter = (mode & 8) ? ';' : ',';
  pt_table_init(&t);
  pt_diags_init(&d);
  int st = pt_table_read(f, &o, &t, &d);
  fclose(f);
  if (st != PT_SUCCESS && st != PT_EDATA) abort();
  if (st == PT_SUCCESS && o.lenient) {
    pt_findings fi;
    pt_audit_opts ao;
    pt_audit_opts_init(&ao);
    ao.extracted = (mode & 16) != 0;   /* extract's own table: empty fields, duplicates as statements */
    pt_findings_init(&fi);
    if (pt_audit(&t, &ao, &fi) != PT_SUCCESS) abort();
    pt_findings_free(&fi);
  }
  pt_table_free(&t);
  pt_diags_free(&d);
  return 0;
}
