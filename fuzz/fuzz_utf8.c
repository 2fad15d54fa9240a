/* fuzz_utf8.c - libFuzzer harness for pt_utf8_nfc(): no crash, no overread,
 * and NFC is idempotent (NFC(NFC(x)) == NFC(x)). */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proptrend/error.h"
#include "proptrend/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  char *a, *b;
  size_t na, nb;
  if (pt_utf8_nfc((const char *)data, size, &a, &na) != PT_SUCCESS) abort();
  if (pt_utf8_nfc(a, na, &b, &nb) != PT_SUCCESS) abort();
  if (na != nb || memcmp(a, b, na)) abort();
  free(a);
  free(b);
  return 0;
}
