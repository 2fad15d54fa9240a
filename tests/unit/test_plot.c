/* test_plot.c - the gnuplot string escaper: round trip, and no character
 * that gnuplot would act on left unescaped (property test over random
 * strings, and the known attack patterns). */
#include <config.h>

#include "proptrend/plot.h"
#include "testutil.h"

static void roundtrip(const char *s)
{
  char q[8192], back[4096], want[4096];
  size_t need = pt_gp_quote(s, q, sizeof q), j = 0;
  ck_assert_uint_lt(need, sizeof q);
  ck_assert_uint_eq(strlen(q), need);
  /* nothing gnuplot acts on, between the quotes */
  for (size_t i = 1; i + 1 < need; i++)
    ck_assert_msg(!strchr("\"`@$'\n\r", q[i]), "raw %c in %s", q[i], q);
  ck_assert_int_eq(pt_gp_unquote(q, back, sizeof back), 0);
  for (const unsigned char *p = (const unsigned char *)s; *p; p++)
    want[j++] = (*p < 0x20 || *p == 0x7f) ? ' ' : (char)*p;   /* control bytes become spaces */
  want[j] = '\0';
  ck_assert_str_eq(back, want);
}

START_TEST(test_attacks)
{
  static const char *const cases[] = {
    "`touch /tmp/pwned`", "system(\"id\")", "a\"; system(\"id\"); print \"", "a'''''`cmd`'",
    "@macro", "$data", "EOD", "|cat /etc/passwd", "<cat", "x\ny\rz\t", "\\\\\\", "Khu dân cư",
    "Đạt tiêu chuẩn \"An toàn về ANTT\"", "", "{/Symbol a}_2^3", "%s%n%p",
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) roundtrip(cases[i]);
  char q[64];
  pt_gp_quote("a`b", q, sizeof q);
  ck_assert_str_eq(q, "\"a\\140b\"");
}
END_TEST

START_TEST(test_random_property)
{
  unsigned long long s = 42;
  char buf[300];
  for (int it = 0; it < 5000; it++) {
    size_t len = 0, n;
    s = s * 6364136223846793005ULL + 1;
    n = (size_t)(s >> 56);
    for (size_t i = 0; i < n; i++) {
      s = s * 6364136223846793005ULL + 1;
      unsigned char c = (unsigned char)(s >> 33);
      if (c == 0) c = 'x';
      buf[len++] = (char)c;
    }
    buf[len] = '\0';
    roundtrip(buf);
  }
}
END_TEST

START_TEST(test_truncation_and_bad_input)
{
  char q[8], back[64];
  size_t need = pt_gp_quote("abc`def", q, sizeof q);
  ck_assert_uint_eq(need, 12);
  ck_assert(strlen(q) < sizeof q);
  ck_assert_int_eq(q[strlen(q) - 1], '"');              /* still closed */
  ck_assert_int_eq(pt_gp_unquote("\"a`b\"", back, sizeof back), -1);
  ck_assert_int_eq(pt_gp_unquote("\"a\\9xx\"", back, sizeof back), -1);
  ck_assert_int_eq(pt_gp_unquote("noquotes", back, sizeof back), -1);
}
END_TEST

int main(void)
{
  const TTest *tests[] = { test_attacks, test_random_property, test_truncation_and_bad_input };
  return run_tests("plot", tests, sizeof tests / sizeof tests[0], 120);
}
