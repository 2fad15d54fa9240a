/* test_colnames.c - Vietnamese and English names of the tidy columns and
 * the stages (src/lib/colnames.c), and pt_table_read taking the headers
 * proptrend itself writes in Vietnamese, in NFC and in NFD. */
#include <config.h>

#include "testutil.h"
#include "proptrend/colnames.h"
#include "proptrend/error.h"
#include "proptrend/table.h"

static int match(const char *h, pt_col *c) { return pt_col_match(h, strlen(h), c); }

START_TEST(test_fold)
{
  char f[64];
  pt_name_fold("  Số_Lượng--ĐẠT  ", strlen("  Số_Lượng--ĐẠT  "), f, sizeof f);
  ck_assert_str_eq(f, "so luong dat");
  /* NFD: o + U+0302 + U+0301, e + U+0323 + U+0302 */
  const char *nfd = "so\xcc\x82\xcc\x81 e\xcc\xa3\xcc\x82", *bom = "\xef\xbb\xbfGiai \xc4\x91o\xe1\xba\xa1n";
  pt_name_fold(nfd, strlen(nfd), f, sizeof f);
  ck_assert_str_eq(f, "so e");
  pt_name_fold(bom, strlen(bom), f, sizeof f);   /* BOM + "Giai đoạn" */
  ck_assert_str_eq(f, "giai doan");
  /* a short buffer is filled and terminated */
  ck_assert_uint_eq(pt_name_fold("abcdefgh", 8, f, 4), 3);
  ck_assert_str_eq(f, "abc");
}
END_TEST

START_TEST(test_headers)
{
  static const struct { const char *h; pt_col c; } yes[] = {
    { "nhóm", PT_COL_GROUP }, { "giai đoạn", PT_COL_STAGE }, { "năm", PT_COL_PERIOD }, { "số đạt", PT_COL_COUNT },
    { "tổng số", PT_COL_TOTAL }, { "địa bàn", PT_COL_AREA }, { "tỷ lệ in", PT_COL_REPORTED },
    { "Tổng", PT_COL_TOTAL }, { "Số lượng đạt", PT_COL_COUNT }, { "Kỳ", PT_COL_PERIOD }, { "NĂM", PT_COL_PERIOD },
    { "so_dat", PT_COL_COUNT }, { "Count", PT_COL_COUNT }, { "\xef\xbb\xbfgroup", PT_COL_GROUP },
    { "nh\x6f\xcc\x81m", PT_COL_GROUP },   /* NFD "nhóm" */
    { "t\x6f\xcc\x82\xcc\x89ng so\xcc\x82\xcc\x81", PT_COL_TOTAL },   /* NFD "tổng số" */
  };
  for (size_t k = 0; k < sizeof yes / sizeof yes[0]; k++) {
    pt_col c = PT_COL_N;
    ck_assert_msg(match(yes[k].h, &c) && c == yes[k].c, "%s: got %d", yes[k].h, (int)c);
  }
  static const char *const no[] = { "số", "tổng số tiền", "năm sinh", "nhóm 2", "", "p", "tỷ lệ", "số lượng" };
  for (size_t k = 0; k < sizeof no / sizeof no[0]; k++) ck_assert_msg(!match(no[k], NULL), "%s matched", no[k]);
  ck_assert(pt_col_is("Số đạt", PT_COL_COUNT));
  ck_assert(!pt_col_is("Số đạt", PT_COL_TOTAL));
}
END_TEST

START_TEST(test_stages)
{
  ck_assert_int_eq(pt_stage_rank("registered"), 0);
  ck_assert_int_eq(pt_stage_rank("Đăng ký"), 0);
  ck_assert_int_eq(pt_stage_rank("ĐĂNG KÝ"), 0);
  ck_assert_int_eq(pt_stage_rank("dang ky"), 0);
  ck_assert_int_eq(pt_stage_rank("Đăng ký phấn đấu và ký cam kết"), 0);
  ck_assert_int_eq(pt_stage_rank("\xc4\x90" "a\xcc\x86ng ky\xcc\x81"), 0);   /* NFD "Đăng ký" */
  ck_assert_int_eq(pt_stage_rank("recognized"), 1);
  ck_assert_int_eq(pt_stage_rank("Recognised as safe in security and order"), 1);
  ck_assert_int_eq(pt_stage_rank("Đạt chuẩn"), 1);
  ck_assert_int_eq(pt_stage_rank("được công nhận"), 1);
  ck_assert_int_eq(pt_stage_rank("Đạt tiêu chuẩn \"An toàn về ANTT\""), 1);
  ck_assert_int_eq(pt_stage_rank("Không đạt chuẩn"), -1);
  ck_assert_int_eq(pt_stage_rank("chưa đăng ký"), -1);
  ck_assert_int_eq(pt_stage_rank("đăng kýx"), -1);
  ck_assert_int_eq(pt_stage_rank("inspected"), -1);
  ck_assert_int_eq(pt_stage_rank(NULL), -1);
}
END_TEST

static int read_csv(const char *csv, const pt_load_opts *o, pt_table *t, pt_diags *d)
{
  FILE *f = fmemopen((void *)csv, strlen(csv), "r");
  ck_assert(f != NULL);
  int rc = pt_table_read(f, o, t, d);
  fclose(f);
  return rc;
}

START_TEST(test_read_vietnamese)
{
  static const char *const csv[] = {
    /* what proptrend writes with --lang vi */
    "nhóm,giai đoạn,năm,số đạt,tổng số\nschool,registered,2013,551,576\nschool,recognized,2013,544,576\n",
    /* a provincial spreadsheet: capitals, variants, NFD, a BOM */
    "\xef\xbb\xbfNh\x6f\xcc\x81m,Giai \xc4\x91oa\xcc\xa3n,Kỳ,Số lượng đạt,Tổng\nschool,registered,2013,551,576\n",
  };
  for (size_t k = 0; k < 2; k++) {
    pt_load_opts o;
    pt_table t;
    pt_diags d;
    pt_load_opts_init(&o);
    pt_table_init(&t);
    pt_diags_init(&d);
    int rc = read_csv(csv[k], &o, &t, &d);
    ck_assert_msg(rc == PT_SUCCESS, "file %zu: %s", k, d.n ? d.items[0].message : "?");
    ck_assert_uint_ge(t.n, 1);
    ck_assert_str_eq(t.rows[0].group, "school");
    ck_assert_int_eq(t.rows[0].period, 2013);
    ck_assert_uint_eq(t.rows[0].count, 551);
    ck_assert_uint_eq(t.rows[0].total, 576);
    pt_table_free(&t);
    pt_diags_free(&d);
  }
  /* a column renamed by the user takes no alias: "số đạt" is then extra */
  pt_load_opts o;
  pt_table t;
  pt_diags d;
  pt_load_opts_init(&o);
  o.colname[PT_COL_COUNT] = "n";
  pt_table_init(&t);
  pt_diags_init(&d);
  ck_assert_int_eq(read_csv("nhóm,giai đoạn,năm,số đạt,tổng số,n\ns,r,2013,5,9,7\n", &o, &t, &d), PT_SUCCESS);
  ck_assert_uint_eq(t.rows[0].count, 7);
  pt_table_free(&t);
  pt_diags_free(&d);
  /* an alias and the English name of one column: named twice */
  pt_load_opts_init(&o);
  pt_table_init(&t);
  pt_diags_init(&d);
  ck_assert_int_eq(read_csv("group,stage,period,count,total,năm\ns,r,2013,5,9,2014\n", &o, &t, &d), PT_EDATA);
  ck_assert(d.n >= 1 && strstr(d.items[0].message, "\"period\" appears twice"));
  pt_table_free(&t);
  pt_diags_free(&d);
}
END_TEST

int main(void)
{
  const TTest *tests[] = { test_fold, test_headers, test_stages, test_read_vietnamese };
  return run_tests("colnames", tests, sizeof tests / sizeof tests[0], 0);
}
