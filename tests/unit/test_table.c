/* test_table.c - the tidy table reader: every error class with its exact
 * message, line and column; BOM, CRLF, quoting, delimiters, mapping. */
#include <config.h>

#include "proptrend/error.h"
#include "proptrend/table.h"
#include "testutil.h"

static pt_table T;
static pt_diags D;

static int load_opts(const char *text, size_t len, const pt_load_opts *o)
{
  FILE *f = fmemopen((void *)text, len, "r");
  ck_assert(f != NULL);
  pt_table_init(&T);
  pt_diags_init(&D);
  int st = pt_table_read(f, o, &T, &D);
  fclose(f);
  return st;
}

static int load(const char *text) { return load_opts(text, strlen(text), NULL); }

static void done(void) { pt_table_free(&T); pt_diags_free(&D); }

static void expect_diag(size_t i, unsigned long line, unsigned long col, const char *msg)
{
  ck_assert_msg(i < D.n, "only %zu diagnostics, wanted #%zu: %s", D.n, i, msg);
  ck_assert_msg(D.items[i].line == line && D.items[i].col == col,
                "diag %zu at %lu:%lu, want %lu:%lu (%s)", i, D.items[i].line,
                D.items[i].col, line, col, D.items[i].message);
  ck_assert_str_eq(D.items[i].message, msg);
}

#define HDR "group,stage,period,count,total\n"

START_TEST(test_good_table)
{
  const char *s = "\xef\xbb\xbfsource,total,count,period,stage,group,extra\r\n"
                  "\"line 24, \"\"II.1\"\"\",1273,1212,2013,registered,residential_area,x\r\n"
                  "\"two\nlines\",159,159,2013,registered,commune,y\r\n";
  ck_assert_int_eq(load(s), PT_SUCCESS);
  ck_assert_uint_eq(T.n, 2);
  ck_assert_str_eq(T.rows[0].group, "residential_area");
  ck_assert_str_eq(T.rows[0].source, "line 24, \"II.1\"");
  ck_assert_uint_eq(T.rows[0].count, 1212);
  ck_assert_uint_eq(T.rows[0].total, 1273);
  ck_assert_int_eq(T.rows[0].period, 2013);
  ck_assert_uint_eq(T.rows[0].line, 2);
  ck_assert_uint_eq(T.rows[1].line, 3);   /* the record begins on line 3 */
  ck_assert_int_eq(T.has_area, 0);
  ck_assert_int_eq(T.has_source, 1);
  ck_assert_int_eq(T.has_reported, 0);
  ck_assert(T.rows[0].area == NULL && T.rows[0].reported == NULL);
  done();
}
END_TEST

START_TEST(test_count_exceeds_total)
{
  ck_assert_int_eq(load(HDR "a,r,2013,13,12\n"), PT_EDATA);
  ck_assert_uint_eq(D.n, 1);
  expect_diag(0, 2, 5, "total must be a whole number >= count, got \"12\" (count is 13)");
  ck_assert_uint_eq(T.n, 0);
  done();
}
END_TEST

START_TEST(test_bad_numbers)
{
  ck_assert_int_eq(load(HDR "a,r,2013,12,1.27x\n"
                            "a,r,2014,-3,10\n"
                            "a,r,2015,1.5,10\n"
                            "a,r,2016,1.273,2000\n"
                            "a,r,20x7,1,2\n"
                            "a,r,2018,1,0\n"
                            "a,r,2019,1,99999999999999999999\n"), PT_EDATA);
  ck_assert_uint_eq(D.n, 7);
  expect_diag(0, 2, 5, "total must be a whole number >= count, got \"1.27x\"");
  expect_diag(1, 3, 4, "count must be a whole number >= 0, got \"-3\"");
  expect_diag(2, 4, 4, "count must be a whole number >= 0, got \"1.5\"");
  expect_diag(3, 5, 4, "count must be a whole number >= 0, got \"1.273\" (a thousands separator "
                       "or decimal mark of another number format; set --number-format vi or en)");
  expect_diag(4, 6, 3, "period must be a whole number (a year), got \"20x7\"");
  expect_diag(5, 7, 5, "total must be > 0, got \"0\"");
  expect_diag(6, 8, 5, "total must be a whole number >= count, got \"99999999999999999999\" "
                       "(too large; at most 2^53)");
  done();
}
END_TEST

START_TEST(test_vi_numbers)
{
  pt_load_opts o;
  const char *s = HDR "residential_area,registered,2013,1.212,1.273\n";
  pt_load_opts_init(&o);
  o.numfmt = PT_NUMFMT_VI;
  ck_assert_int_eq(load_opts(s, strlen(s), &o), PT_SUCCESS);
  ck_assert_uint_eq(T.rows[0].count, 1212);
  ck_assert_uint_eq(T.rows[0].total, 1273);
  done();
}
END_TEST

START_TEST(test_duplicate_key)
{
  ck_assert_int_eq(load("area,group,stage,period,count,total\n"
                        "qb,a,r,2013,1,2\nqb,b,r,2013,1,2\nqb,a,r,2013,1,3\n"), PT_EDATA);
  ck_assert_uint_eq(D.n, 1);
  expect_diag(0, 4, 4, "duplicate key (qb a r, period 2013); first on line 2");
  done();
}
END_TEST

START_TEST(test_header_errors)
{
  ck_assert_int_eq(load("group,stage,period,count\na,r,1,1\n"), PT_EDATA);
  expect_diag(0, 1, 0, "missing required column \"total\"");
  done();
  ck_assert_int_eq(load("group,stage,period,count,total,count\n"), PT_EDATA);
  expect_diag(0, 1, 6, "column \"count\" appears twice (fields 4 and 6)");
  done();
  ck_assert_int_eq(load("group;stage;period;count;total\na;r;1;1;2\n"), PT_EDATA);
  ck_assert_uint_eq(D.n, 1);
  expect_diag(0, 1, 0, "missing required columns \"group\", \"stage\", \"period\", \"count\", "
                       "\"total\"; the header is one field: is the file delimited by ';'? see --delimiter");
  done();
}
END_TEST

START_TEST(test_empty_and_header_only)
{
  ck_assert_int_eq(load(""), PT_EDATA);
  expect_diag(0, 0, 0, "empty input (no header row)");
  done();
  ck_assert_int_eq(load(HDR), PT_EDATA);
  expect_diag(0, 1, 0, "no data rows after the header");
  done();
  ck_assert_int_eq(load(HDR "\n\n,,,,\n"), PT_EDATA);   /* blank rows are skipped */
  expect_diag(0, 1, 0, "no data rows after the header");
  done();
}
END_TEST

START_TEST(test_field_count_and_quotes)
{
  ck_assert_int_eq(load(HDR "a,r,2013,1\n"), PT_EDATA);
  expect_diag(0, 2, 0, "expected 5 fields as in the header, found 4");
  done();
  ck_assert_int_eq(load(HDR "a,r,2013,1,\"2\n"), PT_EDATA);
  expect_diag(0, 2, 0, "malformed CSV: unterminated quoted field at end of input");
  done();
  ck_assert_int_eq(load(HDR "a,r\"x,2013,1,2\n"), PT_EDATA);
  ck_assert_uint_eq(D.n, 1);
  ck_assert_uint_eq(D.items[0].line, 2);
  ck_assert(strstr(D.items[0].message, "malformed CSV") != NULL);
  done();
}
END_TEST

START_TEST(test_bad_labels)
{
  const char s[] = HDR "a\0b,r,2013,1,2\n\xff\xfe,r,2014,1,2\n,r,2015,1,2\nx\x01y,r,2016,1,2\n";
  ck_assert_int_eq(load_opts(s, sizeof s - 1, NULL), PT_EDATA);
  ck_assert_uint_eq(D.n, 4);
  expect_diag(0, 2, 1, "field contains a NUL byte");
  expect_diag(1, 3, 1, "group is not valid UTF-8, got \"\\xff\\xfe\"");
  expect_diag(2, 4, 1, "group must not be empty");
  expect_diag(3, 5, 1, "group contains a control character, got \"x\\x01y\"");
  done();
  /* overlong encodings and surrogates are not UTF-8 either */
  ck_assert_int_eq(load(HDR "\xc0\xaf,r,1,1,2\n\xed\xa0\x80,r,2,1,2\n"), PT_EDATA);
  ck_assert_uint_eq(D.n, 2);
  done();
  ck_assert_int_eq(load(HDR "Khu dân cư,đăng ký,2013,1,2\n"), PT_SUCCESS);
  ck_assert_str_eq(T.rows[0].group, "Khu dân cư");
  done();
}
END_TEST

START_TEST(test_long_field)
{
  size_t big = PT_FIELD_MAX + 10;
  char *s = malloc(big + 64);
  strcpy(s, HDR);
  size_t off = strlen(s);
  memset(s + off, 'g', big);
  strcpy(s + off + big, ",r,2013,1,2\n");
  ck_assert_int_eq(load(s), PT_EDATA);
  expect_diag(0, 2, 1, "field is too long (more than 65536 bytes)");
  done();
  free(s);
}
END_TEST

START_TEST(test_tsv_and_mapping)
{
  pt_load_opts o;
  const char *s = "nhom\tgiai_doan\tnam\tso\ttong\nschool\tregistered\t2013\t551\t576\n";
  pt_load_opts_init(&o);
  o.delimiter = '\t';
  o.colname[PT_COL_GROUP] = "nhom";
  o.colname[PT_COL_STAGE] = "giai_doan";
  o.colname[PT_COL_PERIOD] = "nam";
  o.colname[PT_COL_COUNT] = "so";
  o.colname[PT_COL_TOTAL] = "tong";
  ck_assert_int_eq(load_opts(s, strlen(s), &o), PT_SUCCESS);
  ck_assert_uint_eq(T.rows[0].count, 551);
  done();
  s = "nhom\tgiai_doan\tnam\tso\ttong\nschool\tregistered\t2013\tx\t576\n";
  ck_assert_int_eq(load_opts(s, strlen(s), &o), PT_EDATA);
  expect_diag(0, 2, 4, "so must be a whole number >= 0, got \"x\"");
  done();
}
END_TEST

START_TEST(test_lenient)
{
  pt_load_opts o;
  const char *s = HDR "a,r,2013,13,12\na,r,2014,0,0\na,r,2013,1,2\n";
  pt_load_opts_init(&o);
  o.lenient = 1;
  ck_assert_int_eq(load_opts(s, strlen(s), &o), PT_SUCCESS);
  ck_assert_uint_eq(T.n, 3);
  ck_assert_uint_eq(T.rows[0].flags, PT_ROW_COUNT_EXCEEDS_TOTAL);
  ck_assert_uint_eq(T.rows[1].flags, PT_ROW_ZERO_TOTAL);
  ck_assert_uint_eq(T.rows[2].flags, PT_ROW_DUPLICATE);
  done();
  /* extract's figures the text did not state: an empty year, total, unit or
   * stage is kept, flagged; strict mode refuses each */
  const char *x = HDR "a,r,,13,20\na,r,2014,13,\n,r,2015,1,2\na,,2016,1,2\n";
  ck_assert_int_eq(load_opts(x, strlen(x), &o), PT_SUCCESS);
  ck_assert_uint_eq(T.n, 4);
  ck_assert_uint_eq(T.rows[0].flags, PT_ROW_NO_PERIOD);
  ck_assert_uint_eq(T.rows[1].flags, PT_ROW_NO_TOTAL);
  ck_assert_str_eq(T.rows[2].group, "");
  ck_assert_str_eq(T.rows[3].stage, "");
  done();
  ck_assert_int_eq(load(x), PT_EDATA);
  ck_assert_uint_eq(D.n, 4);
  done();
}
END_TEST

START_TEST(test_error_limit)
{
  char *s = malloc(100 * 20 + 64);
  strcpy(s, HDR);
  for (int i = 0; i < 100; i++) sprintf(s + strlen(s), "a,r,%d,x,2\n", 2000 + i);
  ck_assert_int_eq(load(s), PT_EDATA);
  ck_assert_uint_eq(D.n, 50);
  ck_assert_int_eq(D.truncated, 1);
  done();
  free(s);
}
END_TEST

START_TEST(test_bundled_dataset)
{
  FILE *f = fixture_open("datasets/quangbinh-antt-2013-2017.csv");
  pt_table_init(&T);
  pt_diags_init(&D);
  ck_assert_int_eq(pt_table_read(f, NULL, &T, &D), PT_SUCCESS);
  fclose(f);
  ck_assert_uint_eq(T.n, 34);   /* 18 registration + 16 recognition figures */
  ck_assert_str_eq(T.rows[0].reported, "95,2");
  done();
}
END_TEST

/* Labels are interned: one pointer per distinct label (composed and
 * decomposed spellings are one), owned by the table's pool; a label a
 * caller puts in a row is freed by pt_table_free, a pooled one is not. */
START_TEST(test_pool)
{
  ck_assert_int_eq(load("area,group,stage,period,count,total,reported\n"
                        "P,Khu d\xc3\xa2n c\xc6\xb0,registered,2013,1,2,50\n"
                        "P,Khu da\xcc\x82n cu\xcc\x9b,registered,2014,1,2,50\n"
                        "Q,x,registered,2013,1,2,\n"), PT_SUCCESS);
  ck_assert_uint_eq(T.n, 3);
  ck_assert_ptr_eq(T.rows[0].group, T.rows[1].group);
  ck_assert_ptr_eq(T.rows[0].stage, T.rows[2].stage);
  ck_assert_ptr_eq(T.rows[0].reported, T.rows[1].reported);
  ck_assert_ptr_ne(T.rows[0].area, T.rows[2].area);
  ck_assert_str_eq(T.rows[1].group, "Khu d\xc3\xa2n c\xc6\xb0");
  ck_assert(T.rows[2].reported == NULL);
  ck_assert(pt_table_pooled(&T, T.rows[0].group) && pt_table_pooled(&T, T.rows[2].area));
  char *own = strdup("own");
  ck_assert(!pt_table_pooled(&T, own));
  T.rows[2].group = own;   /* replaced, not freed: the pool keeps "x" */
  ck_assert_str_eq(T.rows[2].stage, "registered");
  done();                  /* frees own (ASan/valgrind: no leak, no bad free) */
}
END_TEST

/* Lines stay exact across the reader's 64 KiB blocks: newlines inside a
 * quoted field that straddles a block boundary, blank lines and CRLF. */
START_TEST(test_lines_across_blocks)
{
  size_t cap = 1 << 20, n = 0;
  char *buf = malloc(cap);
  unsigned long line = 1, bad_line = 0;
  ck_assert(buf != NULL);
  n += (size_t)sprintf(buf + n, "group,stage,period,count,total,source\n");
  for (int i = 0; n < 300000; i++) {
    line++;
    if (i % 1000 == 999) { n += (size_t)sprintf(buf + n, "\r\n"); continue; }   /* blank (CRLF) */
    if (n > 65536 - 20 && n < 65536 + 40 && !bad_line) {
      /* a three-line source across the first block boundary */
      n += (size_t)sprintf(buf + n, "g,s,%d,1,2,\"a\nb\nc\"\n", 3000 + i);
      line += 2;
      bad_line = 1;
      continue;
    }
    n += (size_t)sprintf(buf + n, "g,s,%d,1,2,x\r\n", 3000 + i);
  }
  line++;
  n += (size_t)sprintf(buf + n, "g,s,1,3,2,x\n");   /* count > total: the error's line */
  ck_assert(bad_line);
  ck_assert_int_eq(load_opts(buf, n, NULL), PT_EDATA);
  ck_assert_uint_eq(D.n, 1);
  ck_assert_uint_eq(D.items[0].line, line);
  ck_assert_uint_eq(T.rows[T.n - 1].line, line - 1);
  done();
  free(buf);
}
END_TEST

/* A series in two runs of rows is checked for duplicates like any other. */
START_TEST(test_duplicate_across_runs)
{
  ck_assert_int_eq(load(HDR "a,s,2010,1,2\nb,s,2010,1,2\na,s,2011,1,2\na,s,2010,1,2\n"), PT_EDATA);
  expect_diag(0, 5, 3, "duplicate key (a s, period 2010); first on line 2");
  done();
  ck_assert_int_eq(load(HDR "a,s,2011,1,2\na,s,2010,1,2\nb,s,2010,1,2\n"), PT_SUCCESS);
  done();
}
END_TEST

int main(void)
{
  const TTest *tests[] = {
    test_good_table,
    test_count_exceeds_total,
    test_bad_numbers,
    test_vi_numbers,
    test_duplicate_key,
    test_header_errors,
    test_empty_and_header_only,
    test_field_count_and_quotes,
    test_bad_labels,
    test_long_field,
    test_tsv_and_mapping,
    test_lenient,
    test_error_limit,
    test_bundled_dataset,
    test_pool,
    test_lines_across_blocks,
    test_duplicate_across_runs,
  };
  return run_tests("table", tests, sizeof tests / sizeof tests[0], 0);
}
