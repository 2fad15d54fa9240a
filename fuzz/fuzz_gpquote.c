/* fuzz_gpquote.c - libFuzzer harness for the gnuplot label escaper.
 * Property: the quoted string parses back to the original (control bytes as
 * spaces) and holds no unescaped quote, backquote, @, $ or newline; the
 * format form (pt_gp_quote_fmt, tic labels) parses back to the same with
 * each '%' doubled (issue 19). */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proptrend/plot.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  if (size > 900) return 0;
  char s[1024], q[4096], back[1024];
  size_t n = 0;
  for (size_t i = 0; i < size; i++) if (data[i]) s[n++] = (char)data[i];
  s[n] = '\0';
  size_t need = pt_gp_quote(s, q, sizeof q);
  if (need >= sizeof q || strlen(q) != need) abort();
  for (size_t i = 1; i + 1 < need; i++)
    if (strchr("\"`@$'\n\r", q[i])) abort();
  if (pt_gp_unquote(q, back, sizeof back) != 0) abort();
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    char want = (c < 0x20 || c == 0x7f) ? ' ' : (char)c;
    if (back[i] != want) abort();
  }
  if (back[n] != '\0') abort();
  /* the format form: the same text, every '%' doubled */
  char qf[8192], backf[2048];
  need = pt_gp_quote_fmt(s, qf, sizeof qf);
  if (need >= sizeof qf || strlen(qf) != need) abort();
  for (size_t i = 1; i + 1 < need; i++)
    if (strchr("\"`@$'\n\r%", qf[i])) abort();
  if (pt_gp_unquote(qf, backf, sizeof backf) != 0) abort();
  size_t j = 0;
  for (size_t i = 0; i < n; i++) {
    if (back[i] == '%' && backf[j++] != '%') abort();
    if (backf[j++] != back[i]) abort();
  }
  if (backf[j] != '\0') abort();
  return 0;
}
