/* fuzz_extract.c - libFuzzer harness for the text extractor and the audit of
 * what it extracted (as a table, and as audit --text does: with the text
 * and its bare counts).  The first byte chooses the options: number format,
 * a default period, extra keywords without the defaults, labels; the
 * extraction (figures and bare counts) must also be the same on the text's
 * NFC form (NFC is applied inside, so normalising first changes nothing). */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proptrend/audit.h"
#include "proptrend/error.h"
#include "proptrend/extract.h"
#include "proptrend/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void same_rows(const pt_table *a, const pt_table *b)
{
  if (a->n != b->n) abort();
  for (size_t i = 0; i < a->n; i++)
    if (a->rows[i].count != b->rows[i].count || a->rows[i].total != b->rows[i].total ||
        a->rows[i].period != b->rows[i].period || strcmp(a->rows[i].group, b->rows[i].group) ||
        strcmp(a->rows[i].stage, b->rows[i].stage))
      abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static const pt_stage_keyword kw[] = { { "xã", "x" }, { "of", "o" }, { "", "empty" }, { NULL, NULL } };
  pt_extract_opts o;
  pt_labels lb;
  pt_table t, u, c, cu;
  pt_diags w;
  unsigned sel = size ? data[0] : 0;
  pt_extract_opts_init(&o);
  pt_labels_init(&lb);
  o.numfmt = (sel & 1) ? -1 : ((sel & 2) ? PT_NUMFMT_EN : PT_NUMFMT_VI);
  if (sel & 4) o.default_period = 2020;
  if (sel & 8) { o.keywords = kw; o.default_keywords = !(sel & 16); }
  if ((sel & 32) && (pt_labels_add(&lb, "group", "c", "Xã, phường", "Communes") != PT_SUCCESS ||
                     pt_labels_add(&lb, "alias", "v", "thôn", "villages") != PT_SUCCESS))
    abort();
  o.labels = &lb;
  pt_table_init(&t);
  pt_table_init(&u);
  pt_table_init(&c);
  pt_table_init(&cu);
  pt_diags_init(&w);
  o.counts = &c;
  if (pt_extract((const char *)data, size, &o, &t, &w) != PT_SUCCESS) abort();
  char *nfc;
  size_t n;
  if (pt_utf8_nfc((const char *)data, size, &nfc, &n) != PT_SUCCESS) abort();
  o.counts = &cu;
  if (pt_extract(nfc, n, &o, &u, NULL) != PT_SUCCESS) abort();
  same_rows(&t, &u);
  same_rows(&c, &cu);
  free(nfc);
  pt_findings f;
  pt_findings_init(&f);
  if (pt_audit(&t, NULL, &f) != PT_SUCCESS) abort();
  pt_findings_free(&f);
  pt_audit_opts ao;
  pt_audit_opts_init(&ao);
  ao.text = (const char *)data;
  ao.text_len = size;
  ao.extracted = 1;
  ao.counts = &c;
  pt_findings_init(&f);
  if (pt_audit(&t, &ao, &f) != PT_SUCCESS) abort();
  pt_findings_free(&f);
  pt_table_free(&t);
  pt_table_free(&u);
  pt_table_free(&c);
  pt_table_free(&cu);
  pt_diags_free(&w);
  pt_labels_free(&lb);
  return 0;
}
