/* test_emit.c - each table writer, byte for byte. */
#include <config.h>

#include "proptrend/emit.h"
#include "proptrend/error.h"
#include <limits.h>
#include <stdint.h>

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

/* The reference: the first of "%.15g", "%.16g", "%.17g" that strtod reads
 * back (the definition pt_format_real keeps, computed by printf). */
static void ref_format(double v, char *buf, size_t cap)
{
  for (int prec = 15; prec <= 17; prec++) {
    snprintf(buf, cap, "%.*g", prec, v);
    if (strtod(buf, NULL) == v) break;
  }
}

static uint64_t rng_state = UINT64_C(20261201);
static uint64_t rng(void)
{
  uint64_t z = (rng_state += UINT64_C(0x9e3779b97f4a7c15));
  z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
  return z ^ (z >> 31);
}

static double from_bits(uint64_t b) { double d; memcpy(&d, &b, sizeof d); return d; }

/* Byte-identical to the printf reference (so shortest among 15-17 digits,
 * and round-trip) on 3 million random doubles of five kinds, and on the
 * edges: powers of ten and their neighbours, powers of two, the ends of the
 * exact path's range, and short mantissas (exact decimal ties). */
START_TEST(test_format_real_matches_printf)
{
  char got[64], want[64];
  long n = 0, bad = 0;
  for (long i = 0; i < 3000000; i++) {
    double v;
    uint64_t r = rng();
    switch (i % 5) {
    case 0: v = (double)(r >> 11) / 9007199254740992.0; break;          /* uniform [0, 1) */
    case 1: v = from_bits(r); break;                                     /* any bit pattern */
    case 2: v = ldexp((double)(r >> 11) / 9007199254740992.0 + 0.5, (int)(rng() % 80) - 30); break;
    case 3: v = ldexp((double)((r >> 11) & ~UINT64_C(0xffffff)), (int)(rng() % 60) - 70); break; /* ties */
    default: v = (double)(r % 100000) / (double)(1 + rng() % 100000); break;   /* rates */
    }
    if (i % 7 == 0) v = -v;
    if (!isfinite(v)) continue;
    pt_format_real(v, got, sizeof got);
    ref_format(v, want, sizeof want);
    n++;
    if (strcmp(got, want)) { if (bad++ < 10) fprintf(stderr, "%.17g: got %s, printf %s\n", v, got, want); }
  }
  for (int k = -8; k <= 16; k++) {
    double p = pow(10.0, k), cases[] = { p, nextafter(p, 0), nextafter(p, 2 * p), ldexp(1.0, k * 3), 1e-5, 1e15,
                                         nextafter(1e-5, 0), nextafter(1e15, 0), 9.9999999999999995e-06, 0.5, 0.0 };
    for (size_t j = 0; j < sizeof cases / sizeof cases[0]; j++) {
      pt_format_real(cases[j], got, sizeof got);
      ref_format(cases[j], want, sizeof want);
      n++;
      if (strcmp(got, want)) { if (bad++ < 20) fprintf(stderr, "%.17g: got %s, printf %s\n", cases[j], got, want); }
    }
  }
  ck_assert_msg(bad == 0, "%ld of %ld doubles formatted differently from printf", bad, n);
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

/* nrows rows of every kind of cell (a long quoted text now and then, so
 * the 256 KiB buffer fills and a cell larger than it passes), kept or
 * streamed; the bytes written. */
static char *render_rows(pt_format fmt, size_t nrows, int stream)
{
  static const pt_column cols[] = { { "g", -1, 0, 0 }, { "n", -1, 0, 0 }, { "p", -1, 0, 0 }, { "e", -1, 0, 0 } };
  static char big[300000];
  memset(big, 'x', sizeof big - 1);
  big[0] = '"';
  pt_emitter *e = pt_emitter_new(fmt, cols, 4);
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  ck_assert(e && f);
  if (stream) ck_assert_int_eq(pt_emitter_stream(e, f), PT_SUCCESS);
  for (size_t i = 0; i < nrows; i++) {
    /* (text pads every row to the widest: no huge cell there) */
    const char *t = i % 5000 == 17 && fmt != PT_FMT_TEXT ? big : i % 3 ? "plain" : "a, \"q\"";
    pt_cell r[] = { pt_cell_text(t), pt_cell_int((long long)i * (i % 2 ? -7919 : 7919)),
                    pt_cell_real(i % 4 ? 1.0 / (double)(i + 1) : 0.95), i % 7 ? pt_cell_real(NAN) : pt_cell_empty() };
    ck_assert_int_eq(pt_emitter_row(e, r), PT_SUCCESS);
  }
  if (stream) ck_assert_int_eq(pt_emitter_row(e, (pt_cell[]){ pt_cell_text("late"), pt_cell_int(0), pt_cell_int(0),
                                                            pt_cell_int(0) }), PT_SUCCESS);
  else {
    pt_cell r[] = { pt_cell_text("late"), pt_cell_int(0), pt_cell_int(0), pt_cell_int(0) };
    ck_assert_int_eq(pt_emitter_row(e, r), PT_SUCCESS);
  }
  ck_assert_int_eq(pt_emitter_write(e, f), PT_SUCCESS);
  fclose(f);
  pt_emitter_free(e);
  return buf;
}

/* Streaming writes exactly the bytes of the buffered table: csv, tsv,
 * json, with no rows and with 20,000 (several flushes of the buffer). */
START_TEST(test_stream_same_bytes)
{
  const pt_format fmts[] = { PT_FMT_CSV, PT_FMT_TSV, PT_FMT_JSON, PT_FMT_TEXT };
  const size_t sizes[] = { 0, 1, 20000 };
  for (size_t k = 0; k < sizeof fmts / sizeof fmts[0]; k++)
    for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++) {
      char *a = render_rows(fmts[k], sizes[z], 0), *b = render_rows(fmts[k], sizes[z], 1);
      ck_assert_msg(strcmp(a, b) == 0, "format %d, %zu rows: streamed output differs", (int)fmts[k], sizes[z]);
      ck_assert(strlen(a) > (sizes[z] == 20000 ? 400000u : 5u));
      free(a);
      free(b);
    }
  /* a stream starts before the first row */
  static const pt_column c1[] = { { "g", -1, 0, 0 } };
  pt_emitter *e = pt_emitter_new(PT_FMT_CSV, c1, 1);
  pt_cell r[] = { pt_cell_int(1) };
  ck_assert_int_eq(pt_emitter_row(e, r), PT_SUCCESS);
  ck_assert_int_eq(pt_emitter_stream(e, stdout), PT_EDOM);
  pt_emitter_free(e);
}
END_TEST

/* Rows formatted in parts (pt_emitter_stream_rows, as on threads) and
 * appended in order to the table's stream (pt_emitter_append): the bytes of
 * one emitter, for parts of 1, 7 and 5,000 rows, in csv, tsv and json. */
static char *render_parts(pt_format fmt, size_t nrows, size_t part)
{
  static const pt_column cols[] = { { "g", -1, 0, 0 }, { "n", -1, 0, 0 }, { "p", -1, 0, 0 } };
  pt_emitter *e = pt_emitter_new(fmt, cols, 3);
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  ck_assert(e && f);
  ck_assert_int_eq(pt_emitter_stream(e, f), PT_SUCCESS);
  for (size_t from = 0; from < nrows; from += part) {
    size_t to = from + part < nrows ? from + part : nrows, plen = 0;
    char *pbuf = NULL;
    FILE *pf = open_memstream(&pbuf, &plen);
    pt_emitter *p = pt_emitter_new(fmt, cols, 3);
    ck_assert(p && pf);
    ck_assert_int_eq(pt_emitter_stream_rows(p, pf, from), PT_SUCCESS);
    for (size_t i = from; i < to; i++) {
      pt_cell r[] = { pt_cell_text(i % 3 ? "plain" : "a, \"q\""), pt_cell_int((long long)i - 50),
                      i % 4 ? pt_cell_real(1.0 / (double)(i + 1)) : pt_cell_empty() };
      ck_assert_int_eq(pt_emitter_row(p, r), PT_SUCCESS);
    }
    ck_assert_int_eq(pt_emitter_write(p, pf), PT_SUCCESS);
    fclose(pf);
    pt_emitter_free(p);
    ck_assert_int_eq(pt_emitter_append(e, pbuf, plen, to - from), PT_SUCCESS);
    free(pbuf);
  }
  ck_assert_int_eq(pt_emitter_write(e, f), PT_SUCCESS);
  fclose(f);
  pt_emitter_free(e);
  return buf;
}

START_TEST(test_stream_parts)
{
  const pt_format fmts[] = { PT_FMT_CSV, PT_FMT_TSV, PT_FMT_JSON };
  const size_t sizes[] = { 0, 1, 20000 }, parts[] = { 1, 7, 5000 };
  for (size_t k = 0; k < 3; k++)
    for (size_t z = 0; z < 3; z++) {
      char *a = render_parts(fmts[k], sizes[z], sizes[z] ? sizes[z] : 1);   /* one part: one emitter's bytes */
      for (size_t q = 0; q < 3; q++) {
        char *b = render_parts(fmts[k], sizes[z], parts[q]);
        ck_assert_msg(strcmp(a, b) == 0, "format %d, %zu rows in parts of %zu: differs", (int)fmts[k], sizes[z],
                      parts[q]);
        free(b);
      }
      free(a);
    }
  /* parts are machine formats only; a part cannot take parts */
  static const pt_column c1[] = { { "g", -1, 0, 0 } };
  pt_emitter *t = pt_emitter_new(PT_FMT_TEXT, c1, 1), *p = pt_emitter_new(PT_FMT_CSV, c1, 1);
  ck_assert_int_eq(pt_emitter_stream_rows(t, stdout, 0), PT_EDOM);
  ck_assert_int_eq(pt_emitter_stream_rows(p, stdout, 3), PT_SUCCESS);
  ck_assert_int_eq(pt_emitter_append(p, "x\n", 2, 1), PT_EDOM);
  ck_assert_int_eq(pt_emitter_append(t, "x\n", 2, 1), PT_EDOM);
  pt_emitter_free(t);
  pt_emitter_free(p);
}
END_TEST

/* Integers as "%lld" prints them, at the limits too. */
START_TEST(test_int_cells)
{
  static const pt_column c1[] = { { "i", -1, 0, 0 } };
  const long long v[] = { 0, 9, 10, 99, 100, -1, -10, 123456789, 9999999999LL, 10000000000LL,
                          999999999999999999LL, 1000000000000000000LL, LLONG_MAX, LLONG_MIN };
  char want[1024] = "i\n";
  pt_emitter *e = pt_emitter_new(PT_FMT_CSV, c1, 1);
  for (size_t k = 0; k < sizeof v / sizeof v[0]; k++) {
    pt_cell r[] = { pt_cell_int(v[k]) };
    ck_assert_int_eq(pt_emitter_row(e, r), PT_SUCCESS);
    snprintf(want + strlen(want), sizeof want - strlen(want), "%lld\n", v[k]);
  }
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  ck_assert_int_eq(pt_emitter_write(e, f), PT_SUCCESS);
  fclose(f);
  ck_assert_str_eq(buf, want);
  free(buf);
  pt_emitter_free(e);
}
END_TEST

/* Quoting is decided on every byte, eight at a time: a delimiter, a quote
 * or a line end anywhere in a long text, a tab in tsv only. */
START_TEST(test_quoting_long)
{
  static const pt_column c1[] = { { "t", -1, 0, 0 } };
  const char *in[] = { "abcdefghijklmnop,qr", "abcdefghijklmnopq\"", "abcdefgh\nijklmnopqrs", "Khu_dan_cu_so_12345",
                       "abcdefghijklmnopqrstuvw\t", "abcdefghijklmnopqrstuv\r" };
  const char *csv = "t\n\"abcdefghijklmnop,qr\"\n\"abcdefghijklmnopq\"\"\"\n\"abcdefgh\nijklmnopqrs\"\n"
                    "Khu_dan_cu_so_12345\nabcdefghijklmnopqrstuvw\t\n\"abcdefghijklmnopqrstuv\r\"\n";
  const char *tsv = "t\nabcdefghijklmnop,qr\n\"abcdefghijklmnopq\"\"\"\n\"abcdefgh\nijklmnopqrs\"\n"
                    "Khu_dan_cu_so_12345\n\"abcdefghijklmnopqrstuvw\t\"\n\"abcdefghijklmnopqrstuv\r\"\n";
  for (int k = 0; k < 2; k++) {
    pt_emitter *e = pt_emitter_new(k ? PT_FMT_TSV : PT_FMT_CSV, c1, 1);
    for (size_t i = 0; i < sizeof in / sizeof in[0]; i++) {
      pt_cell r[] = { pt_cell_text(in[i]) };
      ck_assert_int_eq(pt_emitter_row(e, r), PT_SUCCESS);
    }
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ck_assert_int_eq(pt_emitter_write(e, f), PT_SUCCESS);
    fclose(f);
    ck_assert_str_eq(buf, k ? tsv : csv);
    free(buf);
    pt_emitter_free(e);
  }
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
    test_format_real_matches_printf,
    test_names,
    test_stream_same_bytes,
    test_stream_parts,
    test_int_cells,
    test_quoting_long,
  };
  return run_tests("emit", tests, sizeof tests / sizeof tests[0], 0);
}
