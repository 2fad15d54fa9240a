/* test_extract.c - the figure extractor: what is a figure and what is not,
 * the percentage, unit, stage and year of each, and the inputs the fuzzer
 * found (regressions). */
#include <config.h>

#include "proptrend/error.h"
#include "proptrend/extract.h"
#include "testutil.h"

static pt_table T;

static size_t run(const char *text, size_t len, int fmt)
{
  pt_extract_opts o;
  pt_diags w;
  pt_extract_opts_init(&o);
  o.numfmt = fmt;
  pt_table_init(&T);
  pt_diags_init(&w);
  ck_assert_int_eq(pt_extract(text, len, &o, &T, &w), PT_SUCCESS);
  pt_diags_free(&w);
  return T.n;
}

START_TEST(test_not_figures)
{
  const char *s = "Thông tư số 23/TT-BCA ngày 27/4/2012; Nghị định số 06/2013/NĐ-CP; "
                  "Kế hoạch số 62/KH-BCA-V28; cuối tháng 9/2012; 1.614 đ/c; tỷ lệ 2,5/10.";
  ck_assert_uint_eq(run(s, strlen(s), -1), 0);
  pt_table_free(&T);
}
END_TEST

START_TEST(test_figures)
{
  const char *s = "II. KẾT QUẢ\nSố lượng có bản đăng ký từng năm.\n"
                  "+ Năm 2013: 1.212/1.273 khu dân cư (95,2%), 359/438 cơ quan\n";
  ck_assert_uint_eq(run(s, strlen(s), -1), 2);
  ck_assert_uint_eq(T.rows[0].count, 1212);
  ck_assert_uint_eq(T.rows[0].total, 1273);
  ck_assert_str_eq(T.rows[0].reported, "95,2");
  ck_assert_str_eq(T.rows[0].stage, "registered");
  ck_assert_int_eq(T.rows[0].period, 2013);
  ck_assert_str_eq(T.rows[0].source, "text:3:13");
  ck_assert_str_eq(T.rows[1].group, "cơ quan");   /* no labels: the phrase */
  ck_assert_uint_eq(T.rows[1].flags & PT_ROW_UNMAPPED, PT_ROW_UNMAPPED);
  pt_table_free(&T);
  const char *e = "In 2015, 1,120/1,274 residential areas were recognised (87.9%).";
  ck_assert_uint_eq(run(e, strlen(e), -1), 1);
  ck_assert_uint_eq(T.rows[0].count, 1120);
  ck_assert_str_eq(T.rows[0].stage, "recognized");
  ck_assert_str_eq(T.rows[0].reported, "87.9");
  pt_table_free(&T);
}
END_TEST

START_TEST(test_fuzz_regressions)
{
  /* a phrase cut at 80 bytes at the very end of the text read one byte past
   * it; a '/' as the last byte read one byte past too */
  char buf[200];
  memset(buf, 'x', sizeof buf);
  memcpy(buf, "1/2 ", 4);
  memcpy(buf + 100, "\xc3\xa1", 2);
  run(buf, 101, -1);
  pt_table_free(&T);
  run("12/", 3, -1);
  pt_table_free(&T);
  FILE *f = fixture_open("tests/bad-inputs/files/fuzz-extract-overread.txt");
  char data[65536];
  size_t n = fread(data, 1, sizeof data, f);
  fclose(f);
  run(data, n, -1);
  pt_table_free(&T);
}
END_TEST

int main(void)
{
  const TTest *tests[] = { test_not_figures, test_figures, test_fuzz_regressions };
  return run_tests("extract", tests, sizeof tests / sizeof tests[0], 0);
}
