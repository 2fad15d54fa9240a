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
  const char *s = "Năm học 2018/2019; giai đoạn 2012/2017; 2016/17. "
                  "Thông tư số 23/TT-BCA ngày 27/4/2012; Nghị định số 06/2013/NĐ-CP; "
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

/* Find the row with count x (and total y, 0 for none) in T. */
static const pt_row *row_xy(uint64_t x, uint64_t y)
{
  for (size_t i = 0; i < T.n; i++)
    if (T.rows[i].count == x && T.rows[i].total == y) return &T.rows[i];
  ck_abort_msg("no figure %llu/%llu among %zu", (unsigned long long)x, (unsigned long long)y, T.n);
  return NULL;
}

START_TEST(test_english_forms)
{
  const char *s = "In 2021, 905 of 1,012 clinics (89.4%) met the standard. 130 out of 151 depots were "
                  "registered. Of the 64 ports inspected that year, 50 (78.1%) passed. Restaurants: 91.0% "
                  "(516 of 567) were rated satisfactory.";
  ck_assert_uint_eq(run(s, strlen(s), -1), 4);
  const pt_row *r = row_xy(905, 1012);
  ck_assert_str_eq(r->group, "clinics");
  ck_assert_str_eq(r->stage, "recognized");
  ck_assert_str_eq(r->reported, "89.4");
  ck_assert_int_eq(r->period, 2021);
  r = row_xy(130, 151);
  ck_assert_str_eq(r->group, "depots");
  ck_assert_str_eq(r->stage, "registered");
  ck_assert_int_eq(r->period, 2021);   /* the paragraph's opening "In 2021," */
  r = row_xy(50, 64);
  ck_assert_str_eq(r->group, "ports");
  ck_assert_str_eq(r->stage, "recognized");
  ck_assert_str_eq(r->reported, "78.1");
  r = row_xy(516, 567);
  ck_assert_str_eq(r->reported, "91.0");
  ck_assert_str_eq(r->stage, "recognized");
  pt_table_free(&T);
}
END_TEST

START_TEST(test_count_with_percent)
{
  const char *s = "Năm 2019, cả nước có 1.318 xã (17%) đạt chuẩn; 312 xã (chiếm 24,6% tổng số xã) đạt "
                  "chuẩn nông thôn mới; 42 thôn duy trì danh hiệu (tỷ lệ 64%).\n"
                  "Có 21 phường chiếm 30% đạt chuẩn; 50 xã, tỷ lệ hộ nghèo 5%; 7 xã đạt 90% kế hoạch.\n"
                  "Tiêu chí 19.2 (100%) và lần thứ 2 (50%) không phải số liệu.\n";
  ck_assert_uint_eq(run(s, strlen(s), -1), 4);
  ck_assert_str_eq(row_xy(21, 0)->reported, "30");
  const pt_row *r = row_xy(1318, 0);
  ck_assert_str_eq(r->group, "xã");
  ck_assert_str_eq(r->reported, "17");
  ck_assert_uint_eq(r->flags & PT_ROW_NO_TOTAL, PT_ROW_NO_TOTAL);
  ck_assert_uint_eq(r->flags & PT_ROW_ZERO_TOTAL, 0);
  ck_assert_str_eq(r->stage, "recognized");
  ck_assert_int_eq(r->period, 2019);
  ck_assert_str_eq(row_xy(312, 0)->reported, "24,6");
  r = row_xy(42, 0);
  ck_assert_str_eq(r->group, "thôn");
  ck_assert_str_eq(r->reported, "64");
  pt_table_free(&T);
}
END_TEST

START_TEST(test_years)
{
  const char *s =
    "1. Kết quả\n"
    "Trong năm học 2018-2019, toàn huyện có 45/60 trường đạt chuẩn quốc gia. Có thêm 3/5 trường mầm non đạt chuẩn.\n"
    "Năm 2020, toàn huyện có 12/15 xã đạt chuẩn nông thôn mới, tăng 2 xã so với năm 2017.\n"
    "Đến hết tháng 6-2020, có 7/9 xã đạt tiêu chí 19.2; so với năm 2015 có 2/9 xã.\n"
    "Tính đến tháng 3/2021 có 8/9 xã; cuối năm 2016 có 5/9 xã.\n"
    "2. Căn cứ\n"
    "Thông tư 23/2012/TT-BCA quy định 19/19 tiêu chí; ngày 27/4/2012 có 4/6 khu.\n"
    "Số liệu 2016–2017: 30/40 trường.\n";
  run(s, strlen(s), -1);
  const pt_row *r = row_xy(45, 60);
  ck_assert_int_eq(r->period, 2019);
  ck_assert_str_eq(r->stage, "recognized");
  ck_assert_ptr_nonnull(strstr(r->source, "(năm học 2018-2019)"));
  ck_assert_str_eq(row_xy(3, 5)->group, "trường mầm non");
  ck_assert_int_eq(row_xy(3, 5)->period, 2019);   /* the paragraph's opening school year */
  ck_assert_int_eq(row_xy(12, 15)->period, 2020);
  ck_assert_int_eq(row_xy(7, 9)->period, 2020);
  ck_assert_int_eq(row_xy(2, 9)->period, 2020);   /* "so với năm 2015" is no period */
  ck_assert_int_eq(row_xy(8, 9)->period, 2021);
  ck_assert_int_eq(row_xy(5, 9)->period, 2016);
  ck_assert_int_eq(row_xy(4, 6)->period, 0);      /* a document's date is no period */
  ck_assert_uint_eq(row_xy(4, 6)->flags & PT_ROW_NO_PERIOD, PT_ROW_NO_PERIOD);
  ck_assert_int_eq(row_xy(30, 40)->period, 2017);
  for (size_t i = 0; i < T.n; i++) ck_assert_uint_ne(T.rows[i].total, 19);
  pt_table_free(&T);
  /* an opening year holds for the following paragraphs of its section */
  const char *o = "Năm 2020, toàn huyện có 12/15 xã đạt chuẩn.\nCó 3/4 thị trấn đạt chuẩn.\n# Khác\nCó 5/6 xã.\n";
  run(o, strlen(o), -1);
  ck_assert_int_eq(row_xy(3, 4)->period, 2020);
  ck_assert_int_eq(row_xy(5, 6)->period, 0);
  pt_table_free(&T);
}
END_TEST

START_TEST(test_stage_scope)
{
  /* no heading: the stage of an earlier sentence must not leak */
  const char *s = "Năm 2019 có 15/21 xã được công nhận đạt chuẩn. Có 6/21 xã ra khỏi danh sách xã trọng điểm.\n"
                  "Trong 50 xã đăng ký, có 40/50 xã đạt chuẩn.\n"
                  "Có 3/10 xã chưa đạt chuẩn.\n"
                  "Có 41/51 xã đạt chuẩn, 10/51 xã chưa đạt.\n"
                  "Có 12/22 xã đăng ký, công nhận 10/22 xã.\n";
  run(s, strlen(s), -1);
  ck_assert_str_eq(row_xy(15, 21)->stage, "recognized");
  ck_assert_str_eq(row_xy(6, 21)->stage, "");
  ck_assert_int_eq(row_xy(6, 21)->period, 2019);
  ck_assert_str_eq(row_xy(40, 50)->stage, "recognized");
  ck_assert_str_eq(row_xy(3, 10)->stage, "");   /* negated */
  ck_assert_str_eq(row_xy(41, 51)->stage, "recognized");
  ck_assert_str_eq(row_xy(10, 51)->stage, "");   /* the previous figure's predicate */
  ck_assert_str_eq(row_xy(12, 22)->stage, "registered");
  ck_assert_str_eq(row_xy(10, 22)->stage, "recognized");
  pt_table_free(&T);
  /* a list takes the stage of its lead line */
  const char *l = "Số xã đăng ký đạt chuẩn từng năm:\n- Năm 2013: 12/20 xã;\n- Năm 2014: 15/20 xã.\n";
  run(l, strlen(l), -1);
  ck_assert_str_eq(row_xy(12, 20)->stage, "registered");
  ck_assert_str_eq(row_xy(15, 20)->stage, "registered");
  ck_assert_int_eq(row_xy(15, 20)->period, 2014);
  pt_table_free(&T);
}
END_TEST

START_TEST(test_keywords_and_labels)
{
  pt_extract_opts o;
  pt_labels lb;
  pt_diags w;
  const pt_stage_keyword kw[] = { { "inspected", "inspected" }, { NULL, NULL } };
  const char *s = "In 2020, 40 of 50 villages were inspected; 30/50 villages passed. 8/9 facilities in 2020 (88.9%).";
  pt_labels_init(&lb);
  ck_assert_int_eq(pt_labels_add(&lb, "group", "village", "Thôn", "Villages"), PT_SUCCESS);
  ck_assert_int_eq(pt_labels_add(&lb, "alias", "facility", "cơ sở", "facility"), PT_SUCCESS);
  pt_extract_opts_init(&o);
  o.labels = &lb;
  o.keywords = kw;
  pt_table_init(&T);
  pt_diags_init(&w);
  ck_assert_int_eq(pt_extract(s, strlen(s), &o, &T, &w), PT_SUCCESS);
  ck_assert_str_eq(row_xy(40, 50)->stage, "inspected");
  ck_assert_str_eq(row_xy(40, 50)->group, "village");   /* plural of the label */
  ck_assert_str_eq(row_xy(30, 50)->stage, "recognized");  /* the defaults stay */
  ck_assert_str_eq(row_xy(8, 9)->group, "facility");
  ck_assert_str_eq(row_xy(8, 9)->reported, "88.9");
  pt_table_free(&T);
  pt_diags_free(&w);
  o.default_keywords = 0;
  pt_table_init(&T);
  pt_diags_init(&w);
  ck_assert_int_eq(pt_extract(s, strlen(s), &o, &T, &w), PT_SUCCESS);
  ck_assert_str_eq(row_xy(30, 50)->stage, "");
  pt_table_free(&T);
  pt_diags_free(&w);
  /* unmapped units: one warning each */
  const char *u = "Năm 2020 có 3/5 huyện và 4/5 huyện, 2/9 xã đạt chuẩn.";
  pt_extract_opts_init(&o);
  pt_table_init(&T);
  pt_diags_init(&w);
  ck_assert_int_eq(pt_extract(u, strlen(u), &o, &T, &w), PT_SUCCESS);
  size_t nunit = 0;
  for (size_t i = 0; i < w.n; i++) nunit += strstr(w.items[i].message, "is not in the labels") != NULL;
  ck_assert_uint_eq(nunit, 2);
  pt_table_free(&T);
  pt_diags_free(&w);
  pt_labels_free(&lb);
}
END_TEST

START_TEST(test_nfd_same_as_nfc)
{
  /* "Năm học 2018-2019, toàn huyện có 45/60 trường đạt chuẩn" with decomposed letters */
  const char *nfd = "Na\xcc\x86m ho\xcc\xa3" "c 2018-2019, toa\xcc\x80n huye\xcc\xa3\xcc\x82n co\xcc\x81 45/60 "
                    "tru\xcc\x9bo\xcc\x9b\xcc\x80ng \xc4\x91" "a\xcc\xa3t chua\xcc\x82\xcc\x89n.";
  run(nfd, strlen(nfd), -1);
  ck_assert_uint_eq(T.n, 1);
  ck_assert_int_eq(T.rows[0].period, 2019);
  ck_assert_str_eq(T.rows[0].stage, "recognized");
  ck_assert_str_eq(T.rows[0].group, "trường");
  pt_table_free(&T);
}
END_TEST

START_TEST(test_nfd_labels)
{
  /* a labels file written decomposed maps composed text (and the reverse) */
  static const char csv[] = "kind,code,vi,en\ngroup,village,Tho\xcc\x82n,Villages\n";
  FILE *f = fmemopen((void *)csv, sizeof csv - 1, "r");
  pt_labels lb;
  pt_extract_opts o;
  pt_labels_init(&lb);
  ck_assert_int_eq(pt_labels_read(f, &lb, NULL), PT_SUCCESS);
  fclose(f);
  ck_assert_str_eq(lb.items[0].vi, "Th\xc3\xb4n");
  pt_extract_opts_init(&o);
  o.labels = &lb;
  const char *s = "Có 3/5 thôn đạt chuẩn.";
  pt_table_init(&T);
  ck_assert_int_eq(pt_extract(s, strlen(s), &o, &T, NULL), PT_SUCCESS);
  ck_assert_str_eq(T.rows[0].group, "village");
  pt_table_free(&T);
  pt_labels_free(&lb);
}
END_TEST

START_TEST(test_linear)
{
  /* one line of 40,000 figures, no sentence end: must stay fast (it was quadratic) */
  size_t n = 40000;
  char *s = malloc(32 * n + 1), *p = s;
  for (size_t i = 0; i < n; i++) p += sprintf(p, "%zu/%zu xã, ", i % 900 + 1, (size_t)1000);
  run(s, (size_t)(p - s), PT_NUMFMT_VI);
  ck_assert_uint_eq(T.n, n);
  pt_table_free(&T);
  /* and clauses with a year each, still one sentence (sentence ends were
   * looked up by scanning to the line's end: 9 s for 1.3 MB) */
  p = s;
  for (size_t i = 0; i < n; i++) p += sprintf(p, "Năm 2019 có 5/9 xã; ");
  run(s, (size_t)(p - s), PT_NUMFMT_VI);
  ck_assert_uint_eq(T.n, n);
  ck_assert_int_eq(T.rows[n - 1].period, 2019);
  pt_table_free(&T);
  free(s);
}
END_TEST

START_TEST(test_bare_counts)
{
  /* a count of a unit with neither total nor percentage is no figure, but a
   * row of opts.counts (the audit's parts-whole rule); with counts unset,
   * nothing is collected */
  const char *s = "Năm 2020, tổng số 360 trường học, trong đó 120 trường mầm non, 140 trường tiểu học "
                  "và 95 trường THCS.\n"
                  "Năm 2021, có 300 trường, trong đó có 30 trường ngoài công lập (chiếm 10%).\n"
                  "Năm 2022, tăng 12 trường so với năm 2019, khoảng 40 trường, lần thứ 3, 19 tiêu chí, 2023 trường.\n";
  pt_extract_opts o;
  pt_table c;
  pt_extract_opts_init(&o);
  pt_table_init(&T);
  pt_table_init(&c);
  o.counts = &c;
  ck_assert_int_eq(pt_extract(s, strlen(s), &o, &T, NULL), PT_SUCCESS);
  /* the figures: only 30/300 (10%) */
  ck_assert_uint_eq(T.n, 1);
  ck_assert_uint_eq(T.rows[0].count, 30);
  ck_assert_uint_eq(T.rows[0].total, 300);
  /* the counts: 360, 120, 140 and 95; not the figure's total 300, the
   * change, the approximate count, the ordinal, the criteria, the year */
  ck_assert_uint_eq(c.n, 4);
  const uint64_t want[] = { 360, 120, 140, 95 };
  for (size_t i = 0; i < 4; i++) {
    ck_assert_uint_eq(c.rows[i].count, want[i]);
    ck_assert_uint_eq(c.rows[i].flags & PT_ROW_NO_TOTAL, PT_ROW_NO_TOTAL);
    ck_assert_ptr_null(c.rows[i].reported);
    ck_assert_str_eq(c.rows[i].stage, "");
  }
  ck_assert_str_eq(c.rows[0].group, "trường học");
  ck_assert_str_eq(c.rows[1].group, "trường mầm non");
  ck_assert_int_eq(c.rows[0].period, 2020);
  ck_assert_str_eq(c.rows[0].source, "text:1:19");
  pt_table_free(&T);
  pt_table_free(&c);
  /* the total of a figure is no bare count */
  const char *f = "Năm 2021, tỉnh có 668 trường, trong đó có 30 trường ngoài công lập.\n";
  pt_table_init(&T);
  pt_table_init(&c);
  ck_assert_int_eq(pt_extract(f, strlen(f), &o, &T, NULL), PT_SUCCESS);
  ck_assert_uint_eq(T.n, 1);
  ck_assert_uint_eq(T.rows[0].total, 668);
  ck_assert_uint_eq(c.n, 0);
  pt_table_free(&T);
  pt_table_free(&c);
}
END_TEST

int main(void)
{
  const TTest *tests[] = { test_not_figures, test_figures, test_fuzz_regressions, test_english_forms,
                           test_count_with_percent, test_years, test_stage_scope, test_keywords_and_labels,
                           test_nfd_same_as_nfc, test_nfd_labels, test_linear, test_bare_counts };
  return run_tests("extract", tests, sizeof tests / sizeof tests[0], 0);
}
