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


/* ---- reading on threads (pt_load_opts.threads): the same rows, lines,
 * labels and diagnostics as one pass, whatever the parts ---------------- */

/* t read from the bytes s[0..n) written to a regular file (the threads
 * need one: a stream is read in one pass). */
static int load_file(const char *s, size_t n, const pt_load_opts *o, pt_table *t, pt_diags *d)
{
  FILE *f = tmpfile();
  ck_assert(f != NULL);
  ck_assert_uint_eq(fwrite(s, 1, n, f), n);
  ck_assert_int_eq(fseek(f, 0, SEEK_SET), 0);
  pt_table_init(t);
  pt_diags_init(d);
  int st = pt_table_read(f, o, t, d);
  if (st == PT_SUCCESS) ck_assert_int_eq(fgetc(f), EOF);   /* the stream is read to its end */
  fclose(f);
  return st;
}

static int str_same(const char *a, const char *b)
{
  return (!a && !b) || (a && b && !strcmp(a, b));
}

/* Read s in one pass and on each of 2, 3 and 7 threads; every result the
 * same.  Returns the status. */
static int check_threads(const char *s, size_t n, unsigned lenient)
{
  static const unsigned th[] = { 2, 3, 7 };
  pt_load_opts o;
  pt_table a, b;
  pt_diags da, db;
  pt_load_opts_init(&o);
  o.lenient = (int)lenient;
  int st = load_file(s, n, &o, &a, &da);
  for (size_t k = 0; k < sizeof th / sizeof th[0]; k++) {
    o.threads = th[k];
    ck_assert_int_eq(load_file(s, n, &o, &b, &db), st);
    ck_assert_uint_eq(b.n, a.n);
    ck_assert_int_eq(b.has_area, a.has_area);
    ck_assert_int_eq(b.has_reported, a.has_reported);
    for (size_t i = 0; i < a.n; i++) {
      const pt_row *x = &a.rows[i], *y = &b.rows[i];
      ck_assert_msg(x->line == y->line && x->period == y->period && x->count == y->count &&
                    x->total == y->total && x->flags == y->flags,
                    "row %zu: line %lu/%lu period %ld/%ld", i, x->line, y->line, x->period, y->period);
      ck_assert(str_same(x->area, y->area) && str_same(x->group, y->group) &&
                str_same(x->stage, y->stage) && str_same(x->reported, y->reported) &&
                str_same(x->source, y->source));
      ck_assert(pt_table_pooled(&b, y->group) && pt_table_pooled(&b, y->stage));
      /* one copy of each label in the merged pool */
      ck_assert(y->group == b.rows[0].group || strcmp(y->group, b.rows[0].group));
    }
    ck_assert_uint_eq(db.n, da.n);
    ck_assert_int_eq(db.truncated, da.truncated);
    for (size_t i = 0; i < da.n; i++) {
      ck_assert_uint_eq(db.items[i].line, da.items[i].line);
      ck_assert_uint_eq(db.items[i].col, da.items[i].col);
      ck_assert_str_eq(db.items[i].message, da.items[i].message);
    }
    pt_table_free(&b);
    pt_diags_free(&db);
  }
  pt_table_free(&a);
  pt_diags_free(&da);
  return st;
}

/* A table of about `bytes` bytes: series of ten years (a series a run of
 * rows), labels in Vietnamese composed and decomposed (one group in NFC),
 * blank lines; extra(i), when it gives a text, replaces row i (a fault). */
static char *gen_table(size_t bytes, size_t *len, int crlf, int area, const char *(*extra)(size_t i))
{
  static const char *const groups[] = { "Khu d\xc3\xa2n c\xc6\xb0", "Khu da\xcc\x82n c\xc6\xb0", "commune", "school" };
  size_t cap = bytes + 4096, n = 0;
  char *buf = malloc(cap);
  const char *nl = crlf ? "\r\n" : "\n";
  ck_assert(buf != NULL);
  n += (size_t)snprintf(buf, cap, "\n\xef\xbb\xbf%sgroup,stage,period,count,total,reported%s" + 1,
                        area ? "area," : "", nl);
  for (size_t i = 0; n < bytes; i++) {
    const char *x = extra ? extra(i) : NULL;
    size_t sr = i / 10;   /* the series */
    if (x) { n += (size_t)snprintf(buf + n, cap - n, "%s", x); continue; }
    if (i % 997 == 500) { n += (size_t)snprintf(buf + n, cap - n, "%s", nl); continue; }
    if (area) n += (size_t)snprintf(buf + n, cap - n, "d%zu,", sr / 40);
    n += (size_t)snprintf(buf + n, cap - n, "%s %zu,%s,%zu,%zu,%zu,%s%s", groups[sr % 4], sr / 4,
                          sr % 2 ? "registered" : "recognized", 2000 + i % 10, i % 50, 50 + i % 13,
                          i % 3 ? "" : "12.5", nl);
  }
  *len = n;
  return buf;
}

static size_t fault_at;
static const char *fault_text;
static const char *one_fault(size_t i) { return i == fault_at ? fault_text : NULL; }
static const char *many_faults(size_t i) { return i % 150 == 7 ? "commune 1,registered,1999,9,2,\n" : NULL; }

/* A table with one fault near its end (row 9000 of about 11,000). */
static int check_fault(const char *text, int lenient)
{
  size_t n;
  fault_at = 9000;
  fault_text = text;
  char *s = gen_table(400000, &n, 0, 0, one_fault);
  for (char *c = s; (c = memchr(c, '\x01', n - (size_t)(c - s))) != NULL; c++) *c = '\0';   /* a NUL byte */
  int st = check_threads(s, n, (unsigned)lenient);
  free(s);
  return st;
}

START_TEST(test_threads_same)
{
  size_t n;
  char *s;
  for (int crlf = 0; crlf < 2; crlf++)
    for (int area = 0; area < 2; area++) {
      s = gen_table(400000, &n, crlf, area, NULL);
      ck_assert_int_eq(check_threads(s, n, 0), PT_SUCCESS);
      ck_assert_int_eq(check_threads(s, n - 1 - crlf, 0), PT_SUCCESS);   /* no newline at the end */
      free(s);
    }
  /* a key of the first part again in the last: found across the parts */
  ck_assert_int_eq(check_fault("commune 0,recognized,2003,1,2,\n", 0), PT_EDATA);
  ck_assert_int_eq(check_fault("commune 0,recognized,2003,1,2,\n", 1), PT_SUCCESS);   /* flagged */
  /* a fault in a late part: read again in one pass, the same diagnostics */
  ck_assert_int_eq(check_fault("commune 1,registered,1999,9,2,\n", 0), PT_EDATA);
  ck_assert_int_eq(check_fault("commune 1,registered,1999,9,2,\n", 1), PT_SUCCESS);
  ck_assert_int_eq(check_fault("commune 1,registered,1999,9\n", 1), PT_EDATA);
  ck_assert_int_eq(check_fault("commune 1,registered,1999,1,2,\"a\nb\"\n", 0), PT_SUCCESS);   /* a quote */
  ck_assert_int_eq(check_fault("commune 1,registered,1999,1,2,a\"b\n", 0), PT_EDATA);
  ck_assert_int_eq(check_fault("commune 1,registered,1999,1,2,a\x01" "b\n", 0), PT_EDATA);   /* a NUL */
  /* more errors than the limit, in every part */
  s = gen_table(400000, &n, 0, 0, many_faults);
  ck_assert_int_eq(check_threads(s, n, 0), PT_EDATA);
  free(s);
  /* too small to split, and an empty file */
  ck_assert_int_eq(check_threads(HDR "a,s,2010,1,2\n", strlen(HDR) + 13, 0), PT_SUCCESS);
  ck_assert_int_eq(check_threads("", 0, 0), PT_EDATA);
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
    test_threads_same,
  };
  return run_tests("table", tests, sizeof tests / sizeof tests[0], 0);
}
