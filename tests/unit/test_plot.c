/* test_plot.c - the gnuplot string escaper: round trip, and no character
 * that gnuplot would act on left unescaped (property test over random
 * strings, and the known attack patterns). */
#include <config.h>

#include <stdlib.h>
#include <unistd.h>

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
  /* punctuation before a digit: gnuplot reads "\0" and three more digits */
  pt_gp_quote("(5", q, sizeof q);
  ck_assert_str_eq(q, "\"\\0050" "5\"");
  roundtrip("(2015)");
  roundtrip("5%0 of 12/7-3,4");
  /* the decoder reads as gnuplot does: "\0505" is one escape, 0505 & 0xff */
  char back[16];
  ck_assert_int_eq(pt_gp_unquote("\"\\0505\"", back, sizeof back), 0);
  ck_assert_str_eq(back, "E");
  ck_assert_int_eq(pt_gp_unquote("\"\\1505\"", back, sizeof back), 0);
  ck_assert_str_eq(back, "h5");
}
END_TEST

/* The real parser: gnuplot prints every quoted string back unchanged.
 * Fails without gnuplot, as tests/cli/plot.sh does: make check needs it. */
START_TEST(test_gnuplot_reads_back)
{
  const char *gp = getenv("PROPTREND_GNUPLOT");
  if (!gp || !*gp) gp = PT_GNUPLOT_DEFAULT;
  ck_assert_msg(access(gp, X_OK) == 0, "no gnuplot at %s (apt-get install gnuplot-nox, or set PROPTREND_GNUPLOT)", gp);
  enum { NCASE = 300 };
  static char cases[NCASE][80];
  static const char *const fixed[] = { "(2015)", "5%0 of 12/7-3,4", "a`b", "system(\"id\")", "@x $y 'z'",
                                       "Khu dân cư (2015): 229/357", "{/Symbol a}_2^3", "[0]!1#2&3*4+5.6;7<8=9>" };
  size_t nf = sizeof fixed / sizeof fixed[0];
  unsigned long long s = 7;
  for (size_t i = 0; i < NCASE; i++) {
    if (i < nf) { snprintf(cases[i], sizeof cases[i], "%s", fixed[i]); continue; }
    size_t len = 1 + i % 60;
    for (size_t k = 0; k < len; k++) {
      s = s * 6364136223846793005ULL + 1;
      cases[i][k] = (char)(0x21 + (s >> 33) % 94);   /* printable ASCII, no space */
    }
    cases[i][len] = '\0';
  }
  char path[] = "/tmp/pt-gpXXXXXX";
  int fd = mkstemp(path);
  ck_assert_int_ge(fd, 0);
  FILE *f = fdopen(fd, "w");
  for (size_t i = 0; i < NCASE; i++) {
    char q[1024];
    pt_gp_quote(cases[i], q, sizeof q);
    fprintf(f, "print %s\n", q);
  }
  ck_assert_int_eq(fclose(f), 0);
  char cmd[256], line[1024];
  snprintf(cmd, sizeof cmd, "'%s' '%s' 2>&1", gp, path);   /* our own fixed path and program */
  FILE *p = popen(cmd, "r");
  ck_assert_ptr_nonnull(p);
  size_t i = 0;
  while (fgets(line, sizeof line, p)) {
    line[strcspn(line, "\n")] = '\0';
    ck_assert_msg(i < NCASE, "gnuplot printed more lines than asked: %s", line);
    ck_assert_msg(!strcmp(line, cases[i]), "gnuplot read %s back as %s", cases[i], line);
    i++;
  }
  ck_assert_int_eq(pclose(p), 0);
  unlink(path);
  ck_assert_uint_eq(i, NCASE);
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
  const TTest *tests[] = { test_attacks, test_gnuplot_reads_back, test_random_property, test_truncation_and_bad_input };
  return run_tests("plot", tests, sizeof tests / sizeof tests[0], 120);
}
