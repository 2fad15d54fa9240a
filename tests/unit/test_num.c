/* test_num.c - the number parser in every format, each error kind. */
#include <config.h>

#include <stdint.h>

#include "proptrend/num.h"
#include "testutil.h"

#define CNT(s, fmt, want_err, want_val) do {                               \
    uint64_t v_ = 999;                                                       \
    pt_num_error e_ = pt_num_parse_count(s, strlen(s), fmt, PT_COUNT_MAX, &v_); \
    ck_assert_msg(e_ == (want_err), "count \"%s\" (%s): error %d, want %d",  \
                  s, pt_numfmt_name(fmt), e_, want_err);                     \
    if ((want_err) == PT_NUM_OK)                                             \
      ck_assert_msg(v_ == (uint64_t)(want_val), "count \"%s\": %llu", s,     \
                    (unsigned long long)v_);                                 \
  } while (0)

START_TEST(test_count_plain)
{
  CNT("1273", PT_NUMFMT_PLAIN, PT_NUM_OK, 1273);
  CNT("  42 ", PT_NUMFMT_PLAIN, PT_NUM_OK, 42);
  CNT("0", PT_NUMFMT_PLAIN, PT_NUM_OK, 0);
  CNT("12.0", PT_NUMFMT_PLAIN, PT_NUM_OK, 12);
  CNT("1.273", PT_NUMFMT_PLAIN, PT_NUM_AMBIGUOUS, 0);   /* never one and a quarter */
  CNT("1,273", PT_NUMFMT_PLAIN, PT_NUM_AMBIGUOUS, 0);
  CNT("1.5", PT_NUMFMT_PLAIN, PT_NUM_FRACTION, 0);
  CNT("-3", PT_NUMFMT_PLAIN, PT_NUM_NEGATIVE, 0);
  CNT("1.27x", PT_NUMFMT_PLAIN, PT_NUM_SYNTAX, 0);
  CNT("1e5", PT_NUMFMT_PLAIN, PT_NUM_SYNTAX, 0);
  CNT("1e309", PT_NUMFMT_PLAIN, PT_NUM_SYNTAX, 0);
  CNT("", PT_NUMFMT_PLAIN, PT_NUM_EMPTY, 0);
  CNT("   ", PT_NUMFMT_PLAIN, PT_NUM_EMPTY, 0);
  CNT("+5", PT_NUMFMT_PLAIN, PT_NUM_SYNTAX, 0);
  CNT("9007199254740992", PT_NUMFMT_PLAIN, PT_NUM_OK, UINT64_C(9007199254740992));
  CNT("9007199254740993", PT_NUMFMT_PLAIN, PT_NUM_RANGE, 0);
  CNT("18446744073709551616", PT_NUMFMT_PLAIN, PT_NUM_RANGE, 0);
  CNT("99999999999999999999999999999999999999999999999999999999999999999999999",
      PT_NUMFMT_PLAIN, PT_NUM_RANGE, 0);
}
END_TEST

START_TEST(test_count_vi)
{
  CNT("1.273", PT_NUMFMT_VI, PT_NUM_OK, 1273);
  CNT("1273", PT_NUMFMT_VI, PT_NUM_OK, 1273);
  CNT("420.760", PT_NUMFMT_VI, PT_NUM_OK, 420760);
  CNT("1.234.567", PT_NUMFMT_VI, PT_NUM_OK, 1234567);
  CNT("1,5", PT_NUMFMT_VI, PT_NUM_FRACTION, 0);
  CNT("1,273", PT_NUMFMT_VI, PT_NUM_AMBIGUOUS, 0);      /* English grouping */
  CNT("1.27", PT_NUMFMT_VI, PT_NUM_AMBIGUOUS, 0);       /* a plain decimal */
  CNT("1.2734", PT_NUMFMT_VI, PT_NUM_AMBIGUOUS, 0);
  CNT("12.34.567", PT_NUMFMT_VI, PT_NUM_SYNTAX, 0);
  CNT("1234.567", PT_NUMFMT_VI, PT_NUM_AMBIGUOUS, 0);
  CNT(".273", PT_NUMFMT_VI, PT_NUM_SYNTAX, 0);
  CNT("1.", PT_NUMFMT_VI, PT_NUM_SYNTAX, 0);
}
END_TEST

START_TEST(test_count_en)
{
  CNT("1,273", PT_NUMFMT_EN, PT_NUM_OK, 1273);
  CNT("12,005", PT_NUMFMT_EN, PT_NUM_OK, 12005);
  CNT("1.273", PT_NUMFMT_EN, PT_NUM_AMBIGUOUS, 0);
  CNT("1.5", PT_NUMFMT_EN, PT_NUM_FRACTION, 0);
  CNT("1,27", PT_NUMFMT_EN, PT_NUM_AMBIGUOUS, 0);
}
END_TEST

#define DEC(s, fmt, want_err, m, sc) do {                                   \
    pt_decimal d_ = { 0, 0 };                                                \
    pt_num_error e_ = pt_num_parse_decimal(s, strlen(s), fmt, &d_);          \
    ck_assert_msg(e_ == (want_err), "decimal \"%s\" (%s): error %d", s,      \
                  pt_numfmt_name(fmt), e_);                                  \
    if ((want_err) == PT_NUM_OK)                                             \
      ck_assert_msg(d_.mant == (m) && d_.scale == (sc), "decimal \"%s\": %llu e-%d", \
                    s, (unsigned long long)d_.mant, d_.scale);               \
  } while (0)

START_TEST(test_decimal)
{
  DEC("95,2", PT_NUMFMT_VI, PT_NUM_OK, 952, 1);
  DEC("95,65%", PT_NUMFMT_VI, PT_NUM_OK, 9565, 2);
  DEC("100", PT_NUMFMT_VI, PT_NUM_OK, 100, 0);
  DEC("95.20", PT_NUMFMT_PLAIN, PT_NUM_OK, 9520, 2);
  DEC("95.2 %", PT_NUMFMT_EN, PT_NUM_OK, 952, 1);
  DEC("1,273.5", PT_NUMFMT_EN, PT_NUM_OK, 12735, 1);
  DEC("1.273,5", PT_NUMFMT_VI, PT_NUM_OK, 12735, 1);
  DEC("95,2", PT_NUMFMT_PLAIN, PT_NUM_AMBIGUOUS, 0, 0);
  DEC("95.2", PT_NUMFMT_VI, PT_NUM_AMBIGUOUS, 0, 0);
  DEC("95,2", PT_NUMFMT_EN, PT_NUM_AMBIGUOUS, 0, 0);
  DEC("-1", PT_NUMFMT_PLAIN, PT_NUM_NEGATIVE, 0, 0);
  DEC("abc", PT_NUMFMT_PLAIN, PT_NUM_SYNTAX, 0, 0);
  DEC("%", PT_NUMFMT_PLAIN, PT_NUM_EMPTY, 0, 0);
  DEC("1234567890123456789", PT_NUMFMT_PLAIN, PT_NUM_RANGE, 0, 0);
}
END_TEST

START_TEST(test_long_and_double)
{
  long v;
  double d;
  ck_assert_int_eq(pt_num_parse_long("2015", 4, 0, 9999, &v), PT_NUM_OK);
  ck_assert_int_eq(v, 2015);
  ck_assert_int_eq(pt_num_parse_long("-7", 2, -10, 10, &v), PT_NUM_OK);
  ck_assert_int_eq(v, -7);
  ck_assert_int_eq(pt_num_parse_long("20x5", 4, 0, 9999, &v), PT_NUM_SYNTAX);
  ck_assert_int_eq(pt_num_parse_long("2015.5", 6, 0, 9999, &v), PT_NUM_FRACTION);
  ck_assert_int_eq(pt_num_parse_long("99999", 5, 0, 9999, &v), PT_NUM_RANGE);
  ck_assert_int_eq(pt_num_parse_long("99999999999999999999999", 23, 0, 9999, &v), PT_NUM_RANGE);
  ck_assert_int_eq(pt_num_parse_long("-", 1, 0, 9999, &v), PT_NUM_SYNTAX);
  ck_assert_int_eq(pt_num_parse_long("", 0, 0, 9999, &v), PT_NUM_EMPTY);
  ck_assert_int_eq(pt_num_parse_double("0.95", &d), PT_NUM_OK);
  ck_assert(d == 0.95);
  ck_assert_int_eq(pt_num_parse_double("0.95x", &d), PT_NUM_SYNTAX);
  ck_assert_int_eq(pt_num_parse_double("1e309", &d), PT_NUM_RANGE);
  ck_assert_int_eq(pt_num_parse_double("nan", &d), PT_NUM_RANGE);
  ck_assert_int_eq(pt_num_parse_double("", &d), PT_NUM_EMPTY);
}
END_TEST

START_TEST(test_names)
{
  pt_numfmt f;
  ck_assert_int_eq(pt_numfmt_from_name("vi", &f), 0);
  ck_assert_int_eq(f, PT_NUMFMT_VI);
  ck_assert_int_eq(pt_numfmt_from_name("fr", &f), -1);
  ck_assert_str_eq(pt_num_strerror(PT_NUM_FRACTION), "a fraction");
}
END_TEST

/* Whole numbers as R's write.csv prints large ones (issue 20): exact, or an error. */
START_TEST(test_r_scientific)
{
  uint64_t v = 0;
  ck_assert_int_eq(pt_num_parse_count("1e+05", 5, PT_NUMFMT_PLAIN, PT_COUNT_MAX, &v), PT_NUM_OK);
  ck_assert_uint_eq(v, 100000);
  ck_assert_int_eq(pt_num_parse_count("1.25e+06", 8, PT_NUMFMT_PLAIN, PT_COUNT_MAX, &v), PT_NUM_OK);
  ck_assert_uint_eq(v, 1250000);
  ck_assert_int_eq(pt_num_parse_count("1,25e+06", 8, PT_NUMFMT_VI, PT_COUNT_MAX, &v), PT_NUM_OK);
  ck_assert_uint_eq(v, 1250000);
  ck_assert_int_eq(pt_num_parse_count("1.5e+00", 7, PT_NUMFMT_PLAIN, PT_COUNT_MAX, &v), PT_NUM_FRACTION);
  ck_assert_int_eq(pt_num_parse_count("1e-01", 5, PT_NUMFMT_PLAIN, PT_COUNT_MAX, &v), PT_NUM_SYNTAX);
  ck_assert_int_eq(pt_num_parse_count("9e+15", 5, PT_NUMFMT_PLAIN, PT_COUNT_MAX, &v), PT_NUM_OK);
  ck_assert_int_eq(pt_num_parse_count("1e+16", 5, PT_NUMFMT_PLAIN, PT_COUNT_MAX, &v), PT_NUM_RANGE);
  ck_assert_int_eq(pt_num_parse_count("e+05", 4, PT_NUMFMT_PLAIN, PT_COUNT_MAX, &v), PT_NUM_SYNTAX);
  ck_assert_int_eq(pt_num_parse_count("1e+", 3, PT_NUMFMT_PLAIN, PT_COUNT_MAX, &v), PT_NUM_SYNTAX);
  ck_assert_int_eq(pt_num_parse_count("1e+05", 5, PT_NUMFMT_PLAIN, 99999, &v), PT_NUM_RANGE);
}
END_TEST

int main(void)
{
  const TTest *tests[] = {
    test_count_plain,
    test_r_scientific,
    test_count_vi,
    test_count_en,
    test_decimal,
    test_long_and_double,
    test_names,
  };
  return run_tests("num", tests, sizeof tests / sizeof tests[0], 0);
}
