/* test_emit.c - each table writer, byte for byte. */
#include <config.h>

#include "proptrend/emit.h"
#include "proptrend/error.h"
#include "testutil.h"

static char *render(pt_format fmt)
{
  static const pt_column cols[] = { { "group", -1, 0, 0 }, { "n", -1, 0, 0 }, { "p", 3, 0, 0 } };
  pt_emitter *e = pt_emitter_new(fmt, cols, 3);
  pt_cell r1[] = { pt_cell_text("a,b \"q\""), pt_cell_int(12), pt_cell_real(0.1) };
  pt_cell r2[] = { pt_cell_text("Khu dân cư|x_1&%"), pt_cell_int(3), pt_cell_real(NAN) };
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  ck_assert(e && f);
  ck_assert_int_eq(pt_emitter_row(e, r1), PT_SUCCESS);
  ck_assert_int_eq(pt_emitter_row(e, r2), PT_SUCCESS);
  ck_assert_int_eq(pt_emitter_write(e, f), PT_SUCCESS);
  fclose(f);
  pt_emitter_free(e);
  return buf;
}

#define EXPECT(fmt, want) do { char *got_ = render(fmt); ck_assert_str_eq(got_, want); free(got_); } while (0)

START_TEST(test_csv) { EXPECT(PT_FMT_CSV, "group,n,p\n\"a,b \"\"q\"\"\",12,0.1\nKhu dân cư|x_1&%,3,\n"); }
END_TEST
START_TEST(test_tsv) { EXPECT(PT_FMT_TSV, "group\tn\tp\n\"a,b \"\"q\"\"\"\t12\t0.1\nKhu dân cư|x_1&%\t3\t\n"); }
END_TEST
START_TEST(test_text)
{
  EXPECT(PT_FMT_TEXT, "group              n      p\n"
                      "a,b \"q\"           12  0.100\n"
                      "Khu dân cư|x_1&%   3       \n");
}
END_TEST
START_TEST(test_markdown)
{
  EXPECT(PT_FMT_MARKDOWN, "| group            |   n |     p |\n"
                          "| ---------------- | --: | ----: |\n"
                          "| a,b \"q\"          |  12 | 0.100 |\n"
                          "| Khu dân cư\\|x_1&% |   3 |       |\n");
}
END_TEST
START_TEST(test_latex)
{
  EXPECT(PT_FMT_LATEX, "\\begin{tabular}{lrr}\n\\toprule\ngroup & n & p \\\\\n\\midrule\n"
                       "a,b \"q\" & 12 & 0.100 \\\\\n"
                       "Khu dân cư|x\\_1\\&\\% & 3 &  \\\\\n\\bottomrule\n\\end{tabular}\n");
}
END_TEST
START_TEST(test_json)
{
  EXPECT(PT_FMT_JSON, "[\n  {\"group\": \"a,b \\\"q\\\"\", \"n\": 12, \"p\": 0.1},\n"
                      "  {\"group\": \"Khu dân cư|x_1&%\", \"n\": 3, \"p\": null}\n]\n");
}
END_TEST

START_TEST(test_round_trip)
{
  static const double v[] = { 0.1, 1.0 / 3.0, 0.93892721595760376, 1e-300, 5e-324, 123456789.0 };
  char buf[64];
  for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
    pt_format_real(v[i], buf, sizeof buf);
    ck_assert_msg(strtod(buf, NULL) == v[i], "%s", buf);
  }
  ck_assert_str_eq(pt_format_real(0.1, buf, sizeof buf), "0.1");
}
END_TEST

START_TEST(test_names)
{
  pt_format f;
  ck_assert_int_eq(pt_format_from_name("markdown", &f), 0);
  ck_assert_int_eq(f, PT_FMT_MARKDOWN);
  ck_assert_int_eq(pt_format_from_name("xml", &f), -1);
  ck_assert_str_eq(pt_format_name(PT_FMT_JSON), "json");
}
END_TEST

int main(void)
{
  const TTest *tests[] = {
    test_csv,
    test_tsv,
    test_text,
    test_markdown,
    test_latex,
    test_json,
    test_round_trip,
    test_names,
  };
  return run_tests("emit", tests, sizeof tests / sizeof tests[0], 0);
}
