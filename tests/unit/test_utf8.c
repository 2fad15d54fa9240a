/* test_utf8.c - pt_utf8_nfc() against Python's unicodedata.normalize('NFC')
 * (tests/reference/nfc-fixtures.py), invalid bytes, and linear time on long
 * runs of combining marks. */
#include <config.h>

#include "proptrend/error.h"
#include "proptrend/utf8.h"
#include "testutil.h"

static size_t unhex(const char *h, char *out)
{
  size_t n = 0;
  if (!strcmp(h, "-")) return 0;
  for (; h[0] && h[1]; h += 2) {
    unsigned v;
    sscanf(h, "%2x", &v);
    out[n++] = (char)v;
  }
  return n;
}

START_TEST(test_against_python)
{
  FILE *f = fixture_open("tests/reference/fixtures/nfc.txt");
  static char line[8192], in[4096], want[4096];
  size_t ncase = 0;
  while (fgets(line, sizeof line, f)) {
    char *sp = strchr(line, ' ');
    ck_assert_ptr_nonnull(sp);
    *sp = '\0';
    sp[1 + strcspn(sp + 1, "\n")] = '\0';
    size_t nin = unhex(line, in), nwant = unhex(sp + 1, want);
    char *got;
    size_t ngot;
    ck_assert_int_eq(pt_utf8_nfc(in, nin, &got, &ngot), PT_SUCCESS);
    ck_assert_msg(ngot == nwant && !memcmp(got, want, nwant), "NFC of %s: %zu bytes, want %s", line, ngot,
                  sp + 1);
    free(got);
    ncase++;
  }
  fclose(f);
  ck_assert_uint_gt(ncase, 7000);
}
END_TEST

START_TEST(test_invalid_and_edges)
{
  char *o;
  size_t n;
  /* invalid bytes pass through and block composition; overlong and
   * surrogate encodings are not decoded */
  const char in[] = "a\xff\xcc\x81 \xc0\x80 \xed\xa0\x80 e\xcc\x81";
  ck_assert_int_eq(pt_utf8_nfc(in, sizeof in - 1, &o, &n), PT_SUCCESS);
  ck_assert_uint_eq(n, sizeof in - 2);
  ck_assert_int_eq(memcmp(o, "a\xff\xcc\x81 \xc0\x80 \xed\xa0\x80 \xc3\xa9", n), 0);
  free(o);
  ck_assert_int_eq(pt_utf8_nfc("", 0, &o, &n), PT_SUCCESS);
  ck_assert_uint_eq(n, 0);
  free(o);
  ck_assert_int_eq(pt_utf8_nfc(NULL, 0, &o, &n), PT_EDOM);
  o = pt_utf8_nfc_str("Vie\xcc\xa3\xcc\x82t");   /* Việt, marks in canonical order */
  ck_assert_str_eq(o, "Vi\xe1\xbb\x87t");
  free(o);
}
END_TEST

START_TEST(test_long_mark_run)
{
  /* a million marks in descending class order: the counting sort keeps it linear */
  size_t n = 1000000;
  char *s = malloc(4 * n + 1);
  for (size_t i = 0; i < n; i++) memcpy(s + 4 * i, "\xcc\x81\xcc\xa3", 4);   /* 230 then 220 */
  char *o;
  size_t k;
  ck_assert_int_eq(pt_utf8_nfc(s, 4 * n, &o, &k), PT_SUCCESS);
  ck_assert_uint_eq(k, 4 * n);
  ck_assert_int_eq(memcmp(o, "\xcc\xa3\xcc\xa3", 4), 0);   /* 220s first */
  free(o);
  free(s);
}
END_TEST

int main(void)
{
  const TTest *tests[] = { test_against_python, test_invalid_and_edges, test_long_mark_run };
  return run_tests("utf8", tests, sizeof tests / sizeof tests[0], 0);
}
