/* test_phrases.c - every phrase of the command in both languages: each
 * Vietnamese template takes the same printf conversions, in the same order,
 * as its English one, so a translation can never read the wrong argument
 * (the templates are not literals at their call sites, so the compiler
 * cannot check them there). */
#include <config.h>

#include <stdio.h>

#include "../../src/cli/cli.h"
#include "testutil.h"

START_TEST(test_templates_agree)
{
  char bad[512] = "";
  ck_assert_msg(cli_phrases_check(bad, sizeof bad) == 0, "%s", bad);
}
END_TEST

START_TEST(test_vietnamese_numbers)
{
  char buf[256];
  CLI_SAYS(buf, sizeof buf, "vi", S_TREND_APC, 1.5, -2.25, 3.0);
  ck_assert_str_eq(buf, "; phần trăm thay đổi hằng năm (APC) 1,50% (-2,25 đến 3,00)");
  CLI_SAYS(buf, sizeof buf, "en", S_TREND_APC, 1.5, -2.25, 3.0);
  ck_assert_str_eq(buf, "; APC 1.50% (-2.25 to 3.00)");
  /* only what a floating conversion wrote: labels and file names stay */
  CLI_SAYS(buf, sizeof buf, "vi", S_ANOM_FEWOD, "data-2.5.csv", 2015L, (size_t)7, 10);
  ck_assert_msg(!strncmp(buf, "data-2.5.csv 2015: 7 ", 21), "%s", buf);
  CLI_SAYS(buf, sizeof buf, "vi", S_ANOM_DISP, "data-2.5.csv", 0.5, "");
  ck_assert_msg(strstr(buf, "data-2.5.csv:") == buf && strstr(buf, "= 0,50\n"), "%s", buf);
  cli_fmt_p(buf, sizeof buf, "q", 0.0004, "vi");
  ck_assert_str_eq(buf, "q < 0,001");
  cli_fmt_p(buf, sizeof buf, "p", 0.0142, "en");
  ck_assert_str_eq(buf, "p = 0.014");
  /* a key that is not a phrase is its own template */
  ck_assert_str_eq(cli_tr("no-such-key", "vi"), "no-such-key");
  ck_assert_str_eq(cli_tr("w_alarm", "vi"), "báo động");
}
END_TEST

int main(void)
{
  const TTest *tests[] = { test_templates_agree, test_vietnamese_numbers };
  return run_tests("phrases", tests, sizeof tests / sizeof tests[0], 0);
}
