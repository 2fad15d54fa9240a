/* test_audit.c - the exact percentage check at rounding boundaries, a
 * property test against long division, and every audit rule. */
#include <config.h>

#include <stdint.h>

#include "audit_text.h"
#include "proptrend/audit.h"
#include "proptrend/error.h"
#include "testutil.h"

static unsigned fits(uint64_t x, uint64_t n, uint64_t mant, int scale)
{
  unsigned m = 99;
  pt_decimal d = { mant, scale };
  ck_assert_int_eq(pt_pct_fits(x, n, d, &m, NULL), PT_SUCCESS);
  return m;
}

#define ROUNDING (PT_ROUND_HALF_UP | PT_ROUND_HALF_EVEN)

START_TEST(test_boundaries)
{
  /* 551/576 = 95.6597...%: 95.66 rounded, 95.65 only truncated */
  ck_assert_uint_eq(fits(551, 576, 9566, 2), ROUNDING | PT_ROUND_CEIL);
  ck_assert_uint_eq(fits(551, 576, 9565, 2), PT_ROUND_TRUNC);
  ck_assert_uint_eq(fits(551, 576, 9567, 2), 0);
  /* 405/432 = 93.75% exactly: every convention at 2 decimals */
  ck_assert_uint_eq(fits(405, 432, 9375, 2), ROUNDING | PT_ROUND_TRUNC | PT_ROUND_CEIL);
  /* ...and at 1 decimal a tie: half-up 93.8, half-even 93.8 (7 is odd), trunc 93.7 */
  ck_assert_uint_eq(fits(405, 432, 938, 1), PT_ROUND_HALF_UP | PT_ROUND_HALF_EVEN | PT_ROUND_CEIL);
  ck_assert_uint_eq(fits(405, 432, 937, 1), PT_ROUND_TRUNC);
  /* a tie with an even digit: 1/8 = 12.5% at 0 decimals: half-up 13, half-even 12 */
  ck_assert_uint_eq(fits(1, 8, 13, 0), PT_ROUND_HALF_UP | PT_ROUND_CEIL);
  ck_assert_uint_eq(fits(1, 8, 12, 0), PT_ROUND_HALF_EVEN | PT_ROUND_TRUNC);
  /* 575/616 = 93.344...%: printed 93,4 fits only the ceiling */
  ck_assert_uint_eq(fits(575, 616, 934, 1), PT_ROUND_CEIL);
  /* 100% and 0% */
  ck_assert_uint_eq(fits(159, 159, 100, 0), ROUNDING | PT_ROUND_TRUNC | PT_ROUND_CEIL);
  ck_assert_uint_eq(fits(0, 7, 0, 3), ROUNDING | PT_ROUND_TRUNC | PT_ROUND_CEIL);
  /* huge values stay exact */
  ck_assert_uint_eq(fits(UINT64_C(9007199254740991), UINT64_C(9007199254740992),
                         UINT64_C(999999999999999889), 16), ROUNDING | PT_ROUND_CEIL);
  ck_assert_uint_eq(fits(UINT64_C(9007199254740991), UINT64_C(9007199254740992),
                         UINT64_C(999999999999999888), 16), PT_ROUND_TRUNC);
  unsigned m;
  pt_decimal bad = { 1, 19 };
  ck_assert_int_eq(pt_pct_fits(1, 0, bad, &m, NULL), PT_EDOM);
  ck_assert_int_eq(pt_pct_fits(1, 2, bad, &m, NULL), PT_EDOM);
}
END_TEST

/* Independent reference: long division digit by digit, then the rounding
 * decided from the next digit and the remainder. */
static unsigned reference(uint64_t x, uint64_t n, uint64_t mant, int scale)
{
  uint64_t ip = (100 * x) / n, r = (100 * x) % n, v = ip;
  for (int k = 0; k < scale; k++) { r *= 10; v = v * 10 + r / n; r %= n; }
  /* r/n is the tail after the printed digits */
  uint64_t r2 = r * 10, next = r2 / n, rest = r2 % n;
  int above_half = next > 5 || (next == 5 && rest > 0), exactly_half = next == 5 && rest == 0;
  unsigned m = 0;
  if (v + (above_half || exactly_half) == mant) m |= PT_ROUND_HALF_UP;
  if (v + (above_half || (exactly_half && (v & 1))) == mant) m |= PT_ROUND_HALF_EVEN;
  if (v == mant) m |= PT_ROUND_TRUNC;
  if (v + (r > 0) == mant) m |= PT_ROUND_CEIL;
  return m;
}

START_TEST(test_property_random)
{
  uint64_t s = 12345;
  for (int i = 0; i < 200000; i++) {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    uint64_t n = 1 + (s >> 33) % 100000;
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    uint64_t x = (s >> 33) % (n + 1);
    int scale = (int)((s >> 20) % 4);
    /* the printed value: the true one under some convention, or off by one */
    uint64_t mant = 0;
    unsigned m0;
    pt_decimal d = { 0, scale };
    ck_assert_int_eq(pt_pct_fits(x, n, d, &m0, &mant), PT_SUCCESS);
    mant = mant + (uint64_t)((s >> 10) % 3) - (mant > 0 ? 1 : 0);
    ck_assert_msg(fits(x, n, mant, scale) == reference(x, n, mant, scale),
                  "%llu/%llu printed %llu e-%d", (unsigned long long)x, (unsigned long long)n,
                  (unsigned long long)mant, scale);
  }
}
END_TEST

START_TEST(test_parse_reported)
{
  pt_decimal d;
  ck_assert_int_eq(pt_parse_reported("95,2", -1, &d), PT_SUCCESS);
  ck_assert(d.mant == 952 && d.scale == 1);
  ck_assert_int_eq(pt_parse_reported("95.20%", -1, &d), PT_SUCCESS);
  ck_assert(d.mant == 9520 && d.scale == 2);
  ck_assert_int_eq(pt_parse_reported("100", -1, &d), PT_SUCCESS);
  ck_assert_int_eq(pt_parse_reported("abc", -1, &d), PT_EDATA);
  ck_assert_int_eq(pt_parse_reported("95,2", PT_NUMFMT_PLAIN, &d), PT_EDATA);
}
END_TEST

/* Audit a small table given as CSV text (lenient), return the findings. */
static pt_table T;
static pt_findings F;

static void audit_text(const char *csv, const pt_audit_opts *o)
{
  FILE *f = fmemopen((void *)csv, strlen(csv), "r");
  pt_load_opts lo;
  pt_diags d;
  pt_load_opts_init(&lo);
  lo.lenient = 1;
  pt_table_init(&T);
  pt_diags_init(&d);
  ck_assert_int_eq(pt_table_read(f, &lo, &T, &d), PT_SUCCESS);
  fclose(f);
  pt_diags_free(&d);
  pt_findings_init(&F);
  ck_assert_int_eq(pt_audit(&T, o, &F), PT_SUCCESS);
}

static pt_table C;   /* the bare counts of an extracted text */
static void done(void) { pt_findings_free(&F); pt_table_free(&T); pt_table_free(&C); }

/* The English sentence of finding i (the library gives numbers; the CLI's
 * cli_audit_sentence words them). */
static const char *message(size_t i)
{
  static char buf[2048];
  cli_audit_sentence(buf, sizeof buf, &F.items[i], "en");
  return buf;
}

static const char *rule_of(size_t i) { return pt_audit_rule_name(F.items[i].rule); }

/* Exactly one finding of rule with this severity, line and message. */
static void expect(const char *rule, pt_severity sev, unsigned long line, const char *msg)
{
  int found = 0;
  for (size_t i = 0; i < F.n; i++)
    if (!strcmp(rule_of(i), rule) && F.items[i].line == line && F.items[i].severity == sev &&
        !strcmp(message(i), msg))
      found++;
  if (found != 1) {
    for (size_t i = 0; i < F.n; i++)
      fprintf(stderr, "  have %s %s line %lu: %s\n", rule_of(i),
              pt_severity_name(F.items[i].severity), F.items[i].line, message(i));
  }
  ck_assert_msg(found == 1, "want one %s %s at line %lu: %s", pt_severity_name(sev), rule, line, msg);
}

static size_t count_rule(const char *rule)
{
  size_t k = 0;
  for (size_t i = 0; i < F.n; i++) k += !strcmp(rule_of(i), rule);
  return k;
}

#define H "group,stage,period,count,total,reported\n"

START_TEST(test_rule_pct_mismatch)
{
  audit_text(H "s,r,2013,551,576,\"95,65\"\ns,r,2014,551,576,\"95,66\"\ns,r,2015,551,576,\"95,70\"\n"
               "s,r,2016,575,616,\"93,4\"\ns,r,2017,1,3,abc\n", NULL);
  expect("pct-mismatch", PT_SEV_WARNING, 2,
         "reported 95,65% fits 551/576 = 95.6597% only if truncated (rounded: 95,66%)");
  expect("pct-mismatch", PT_SEV_ERROR, 4, "reported 95,70% but 551/576 = 95.6597%: 95,66% rounded, 95,65% truncated");
  expect("pct-mismatch", PT_SEV_WARNING, 5, "reported 93,4% fits 575/616 = 93.3442% only if rounded up (rounded: 93,3%)");
  expect("pct-mismatch", PT_SEV_WARNING, 6, "reported \"abc\" is not a percentage");
  ck_assert_uint_eq(count_rule("pct-mismatch"), 4);   /* 95,66 is fine */
  done();
}
END_TEST

/* A printed bound ("hơn 73", "gần 67", "about 30") is met or not, exactly,
 * and never counts as a rounding habit: 533/722 = 73.82%, 12/18 = 66.67%,
 * 3/10 = 30%. */
START_TEST(test_rule_pct_bound)
{
  const char *num;
  ck_assert_int_eq(pt_reported_bound("hơn 73", &num), PT_BOUND_ABOVE);
  ck_assert_str_eq(num, "73");
  ck_assert_int_eq(pt_reported_bound("nearly 67", &num), PT_BOUND_BELOW);
  ck_assert_int_eq(pt_reported_bound("khoảng 38,7", &num), PT_BOUND_ABOUT);
  ck_assert_int_eq(pt_reported_bound("73", &num), PT_BOUND_NONE);
  audit_text(H "s,r,2013,533,722,hơn 73\ns,r,2014,533,722,hơn 74\ns,r,2015,12,18,gần 67\ns,r,2016,12,18,gần 66\n"
               "s,r,2017,3,10,about 31\ns,r,2018,3,10,about 32\ns,r,2019,533,722,\"trên 73,82\"\n", NULL);
  expect("pct-mismatch", PT_SEV_ERROR, 3, "reported \"hơn 74%\" but 533/722 = 73.8227%, outside that bound");
  expect("pct-mismatch", PT_SEV_ERROR, 5, "reported \"gần 66%\" but 12/18 = 66.6667%, outside that bound");
  expect("pct-mismatch", PT_SEV_ERROR, 7, "reported \"about 32%\" but 3/10 = 30%, outside that bound");
  ck_assert_uint_eq(count_rule("pct-mismatch"), 3);
  ck_assert_uint_eq(count_rule("convention"), 0);   /* bounds are no habit */
  done();
}
END_TEST

START_TEST(test_rule_convention)
{
  /* three truncated figures and one rounded: the habit is truncation */
  audit_text(H "a,r,2013,551,576,\"95,65\"\nb,r,2013,398,425,\"93,64\"\nc,r,2013,590,618,\"95,46\"\n"
               "d,r,2013,472,521,\"90,6\"\n", NULL);
  expect("convention", PT_SEV_NOTE, 0,
         "4 printed percentages: 1 fit rounding, 3 truncation, 1 rounding up; the document's habit is truncation");
  expect("convention", PT_SEV_WARNING, 5, "reported 90,6% breaks the document's habit (truncation): it fits rounding");
  done();
}
END_TEST

START_TEST(test_rule_row_flags)
{
  audit_text(H "a,r,2013,13,12,\na,r,2014,0,0,\na,r,2013,1,2,\n", NULL);
  expect("count-exceeds-total", PT_SEV_ERROR, 2, "count 13 exceeds total 12");
  expect("zero-total", PT_SEV_ERROR, 3, "total is 0 (count 0)");
  expect("duplicate-key", PT_SEV_ERROR, 4, "the same key appears on line 2 (13/12 there, 1/2 here)");
  done();
}
END_TEST

START_TEST(test_rule_stages)
{
  audit_text(H "a,registered,2015,405,432,\na,recognized,2015,229,357,\n"
               "b,registered,2015,100,200,\nb,recognized,2015,120,200,\n", NULL);
  expect("stage-denominator", PT_SEV_WARNING, 3,
         "total 357 (recognized) differs from 432 (registered) by -75 units (-17.4%): rates of the two stages are not comparable");
  expect("stage-order", PT_SEV_ERROR, 5, "recognized count 120 exceeds the earlier stage registered count 100");
  done();
  /* an explicit order reverses the meaning */
  static const char *const order[] = { "recognized", "registered" };
  pt_audit_opts o;
  pt_audit_opts_init(&o);
  o.stages = order;
  o.nstages = 2;
  audit_text(H "b,registered,2015,100,200,\nb,recognized,2015,120,200,\n", &o);
  ck_assert_uint_eq(count_rule("stage-order"), 0);
  done();
}
END_TEST

START_TEST(test_rule_series)
{
  audit_text(H "a,r,2013,100,200,\na,r,2014,100,200,\na,r,2015,150,300,\na,r,2017,150,310,\n", NULL);
  expect("repeated-figure", PT_SEV_NOTE, 3, "same figure 100/200 as in 2013 (possible copy-forward)");
  expect("period-denominator", PT_SEV_WARNING, 4, "total 300 in 2015 against 200 in 2014 (+50.0%, more than 10%)");
  expect("missing", PT_SEV_NOTE, 0, "gap in the series: no figure for 2016 between 2015 and 2017");
  ck_assert_uint_eq(count_rule("period-denominator"), 1);   /* 300 -> 310 is 3.3% */
  done();
}
END_TEST

START_TEST(test_rule_missing)
{
  audit_text(H "a,registered,2016,1,2,\nb,registered,2016,1,2,\na,registered,2017,1,2,\n"
               "a,recognized,2016,1,2,\n", NULL);
  expect("missing", PT_SEV_WARNING, 0, "no registered figure for b in 2017, while other groups have one");
  expect("missing", PT_SEV_WARNING, 0, "group b has no recognized figures at all");
  done();
}
END_TEST

START_TEST(test_rule_impossible)
{
  audit_text(H "a,r,2013,,1273,\"95,2\"\na,r,2014,,7,\"50\"\na,r,2015,,100000,\"95,2\"\n"
               "a,r,2016,,3,\"33,4\"\n", NULL);
  expect("impossible-percentage", PT_SEV_NOTE, 2, "count not given: 95,2% of 1273 is 1212 (rounded)");
  expect("impossible-percentage", PT_SEV_NOTE, 4, "count not given: 95,2% of 100000 is 95150 to 95249 (rounded)");
  expect("impossible-percentage", PT_SEV_NOTE, 5, "count not given: 33,4% of 3 is 1 (rounded up)");
  expect("impossible-percentage", PT_SEV_ERROR, 3,
         "no whole count of 7 units gives 50% under any rounding convention");
  done();
}
END_TEST


/* ---- figures extracted from text, and the rules of real texts ---------------- */

#include "proptrend/extract.h"

/* Extract the figures of text (no labels: every unit phrase unmapped) and
 * its bare counts, and audit them as `audit --text` does. */
static void audit_extracted(const char *text)
{
  pt_extract_opts eo;
  pt_diags w;
  pt_audit_opts o;
  pt_extract_opts_init(&eo);
  eo.source_name = "t";
  eo.counts = &C;
  pt_table_init(&T);
  pt_table_init(&C);
  pt_diags_init(&w);
  ck_assert_int_eq(pt_extract(text, strlen(text), &eo, &T, &w), PT_SUCCESS);
  pt_diags_free(&w);
  pt_audit_opts_init(&o);
  o.text = text;
  o.text_len = strlen(text);
  o.extracted = 1;
  o.counts = &C;
  pt_findings_init(&F);
  ck_assert_int_eq(pt_audit(&T, &o, &F), PT_SUCCESS);
}

static char *slurp_fixture(const char *rel)
{
  FILE *f = fixture_open(rel);
  static char buf[65536];
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  fclose(f);
  buf[n] = '\0';
  return buf;
}

START_TEST(test_text_english_review)
{
  /* the invented English review of issue 17: unmapped units, one stage per
   * sentence; what `extract` then `audit` finds, `audit --text` finds */
  audit_extracted(slurp_fixture("tests/cli/data/en-review.txt"));
  expect("stage-order", PT_SEV_ERROR, 18, "recognized count 225 exceeds the earlier stage registered count 219");
  expect("stage-denominator", PT_SEV_WARNING, 18,
         "total 260 (recognized) differs from 241 (registered) by +19 units (+7.9%): rates of the two stages are not comparable");
  expect("repeated-figure", PT_SEV_NOTE, 13, "same figure 871/915 as in 2020 (possible copy-forward)");
  /* figures with no year meet within their paragraph: 50 > 44 villages */
  expect("stage-order", PT_SEV_ERROR, 23, "recognized count 50 exceeds the earlier stage registered count 44");
  /* what could not be checked, and why */
  expect("unchecked", PT_SEV_NOTE, 0,
         "4 figures with no year: compared within their paragraph only, not in the series rules (first on line 23)");
  ck_assert_uint_eq(count_rule("unchecked"), 2);
  done();
}
END_TEST

START_TEST(test_text_no_year_other_paragraph)
{
  /* figures with no year in different paragraphs are not compared */
  audit_extracted("Registered: 44/52 villages.\n\nRecognised: 50/52 villages.\n");
  ck_assert_uint_eq(count_rule("stage-order"), 0);
  ck_assert_uint_eq(count_rule("stage-denominator"), 0);
  done();
  /* ...nor without the text, unless on the same line */
  pt_audit_opts o;
  pt_audit_opts_init(&o);
  o.extracted = 1;
  const char *txt = "Registered: 44/52 villages. Recognised: 50/53 villages.\n";
  pt_extract_opts eo;
  pt_diags w;
  pt_extract_opts_init(&eo);
  pt_table_init(&T);
  pt_diags_init(&w);
  ck_assert_int_eq(pt_extract(txt, strlen(txt), &eo, &T, &w), PT_SUCCESS);
  pt_diags_free(&w);
  pt_findings_init(&F);
  ck_assert_int_eq(pt_audit(&T, &o, &F), PT_SUCCESS);
  expect("stage-order", PT_SEV_ERROR, 1, "recognized count 50 exceeds the earlier stage registered count 44");
  expect("unchecked", PT_SEV_NOTE, 0,
         "2 figures with no year: compared within their line only, not in the series rules (first on line 1)");
  done();
}
END_TEST

START_TEST(test_rule_parts_whole)
{
  /* 120 + 140 + 95 = 355 of a whole of 350: an error (more than the whole);
   * their totals 125 + 140 + 95 = 360 add up: nothing */
  audit_extracted("Năm 2020, toàn huyện có 350/360 trường đạt chuẩn, trong đó 120/125 trường mầm non, "
                  "140/140 trường tiểu học và 95/95 trường THCS.\n");
  expect("parts-whole", PT_SEV_ERROR, 1,
         "its parts (\"of which\") add up to 120 + 140 + 95 = 355 (line 1), not to its count 350");
  ck_assert_uint_eq(count_rule("parts-whole"), 1);
  done();
  /* a list after "of which:" on the following lines; a total short of the whole */
  audit_extracted("In 2021, 300/420 schools met the standard, of which:\n"
                  "- 100/150 kindergartens;\n- 120/160 primary schools;\n- 80/100 lower secondary schools.\n");
  expect("parts-whole", PT_SEV_WARNING, 1,
         "the totals of its parts (\"of which\") add up to 150 + 160 + 100 = 410 (lines 2, 3, 4), not to its total 420");
  ck_assert_uint_eq(count_rule("parts-whole"), 1);
  done();
  /* "of which A and B; C": without a list, the ';' after two parts ends them */
  audit_extracted("In 2021, 300/410 schools met the standard, of which 100/150 kindergartens and "
                  "190/260 primary schools; 50/60 depots.\n");
  expect("parts-whole", PT_SEV_WARNING, 1,
         "its parts (\"of which\") add up to 100 + 190 = 290 (line 1), not to its count 300");
  ck_assert_uint_eq(count_rule("parts-whole"), 1);
  done();
  /* the parts run to the bracket the marker opens, ';' or not */
  audit_extracted("Năm 2017, có 324/590 trường đạt chuẩn (trong đó, có 71/179 trường mầm non; "
                  "160/206 trường tiểu học; 80/165 trường THCS và 13/33 trường THPT).\n");
  expect("parts-whole", PT_SEV_WARNING, 1,
         "the totals of its parts (\"of which\") add up to 179 + 206 + 165 + 33 = 583 (line 1), not to its total 590");
  ck_assert_uint_eq(count_rule("parts-whole"), 1);
  done();
  /* and to the end of the sentence the marker opens */
  audit_extracted("Năm 2019, có 15/36 trường học đạt chuẩn. Trong đó, mầm non có 6/9 trường; "
                  "tiểu học có 6/14 trường; THCS có 3/10 trường.\n");
  expect("parts-whole", PT_SEV_WARNING, 1,
         "the totals of its parts (\"of which\") add up to 9 + 14 + 10 = 33 (line 1), not to its total 36");
  ck_assert_uint_eq(count_rule("parts-whole"), 1);
  done();
  /* decomposed text: the marker is found all the same (U+0301 after "o" of "đó") */
  audit_extracted("Năm 2020, toàn huyện có 350/360 trường đạt chuẩn, trong \xc4\x91o\xcc\x81 120/125 trường mầm non, "
                  "140/140 trường tiểu học và 95/95 trường THCS.\n");
  ck_assert_uint_eq(count_rule("parts-whole"), 1);
  done();
  /* cumulative classes are no partition */
  audit_extracted("Năm 2023, có 78/79 thôn được công nhận; trong đó, có 60/79 thôn duy trì từ năm thứ 3 trở lên; "
                  "47/79 thôn duy trì từ năm thứ 5 trở lên.\n");
  ck_assert_uint_eq(count_rule("parts-whole"), 0);
  ck_assert_uint_eq(count_rule("breakdown-sum"), 0);
  done();
  /* must not fire: parts that add up; a single part; parts in another sentence */
  audit_extracted("In 2021, 300/410 schools met the standard, of which 100/150 kindergartens, "
                  "120/160 primary and 80/100 secondary.\n"
                  "In 2021, 300/410 schools, including 100/150 kindergartens.\n"
                  "In 2021, 300/410 schools, including none. Then 10/15 depots and 20/30 ports.\n"
                  "In 2021, 300/410 schools, of which 100/150 kindergartens and 200/260 primary; 50/60 depots.\n"
                  "In 2021, 300/410 schools, of which 100/150 kindergartens, 200/260 primary, 7/9 depots.\n");
  ck_assert_uint_eq(count_rule("parts-whole"), 0);
  done();
}
END_TEST

/* The parts-whole findings of text as audit --text gives them: one of
 * severity sev saying msg, or none when msg is NULL. */
static void parts_case(const char *text, pt_severity sev, const char *msg)
{
  audit_extracted(text);
  if (msg) expect("parts-whole", sev, 1, msg);
  ck_assert_uint_eq(count_rule("parts-whole"), msg ? 1 : 0);
  done();
}

START_TEST(test_rule_parts_bare_counts)
{
  static const struct { const char *text; pt_severity sev; const char *msg; } cases[] = {
    /* issue 17's parts of bare counts (no figures): 120 + 140 + 95 = 355 of a stated 360 */
    { "Năm 2020, tổng số 360 trường học, trong đó 120 trường mầm non, 140 trường tiểu học và 95 trường THCS.\n",
      PT_SEV_WARNING, "its parts (\"of which\") add up to 120 + 140 + 95 = 355 (line 1), not to its count 360" },
    /* the whole a figure of the sentence before; parts written alike exceed it, though a run of
     * them (43 + 109 + 38) adds up */
    { "Năm 2018, toàn tỉnh có 190 trường đạt chuẩn quốc gia, chiếm 43,58% tổng số trường. Trong đó, mầm non có "
      "43 trường, tiểu học có 109 trường, THCS có 38 trường và THPT có 9 trường.\n",
      PT_SEV_ERROR, "its parts (\"of which\") add up to 43 + 109 + 38 + 9 = 199 (line 1), not to its count 190" },
    /* "Y units, of which X1, X2 and X3" are figures X/Y (extract): their one total is the whole,
     * never a figure of another sentence (300/400 depots) */
    { "In 2020, 300/400 depots passed. In 2021 there were 420 schools, of which 150 primary schools, "
      "160 secondary schools and 120 special schools.\n",
      PT_SEV_ERROR, "its parts (\"of which\") add up to 150 + 160 + 120 = 430 (line 1), not to its count 420" },
    /* a whole figure with that total keeps its count: 6 + 9 = 15 of 15/36 */
    { "Năm 2019, có 15/36 trường đạt chuẩn, trong đó 6/36 trường mầm non đạt chuẩn, 9/36 trường tiểu học đạt "
      "chuẩn.\n", PT_SEV_NOTE, NULL },
    /* ... and a whole of another total stays: parts of equal totals by chance (7/15, 7/15 of 14/30) */
    { "Năm 2019, có 14/30 trường đạt chuẩn. Trong đó, mầm non có 7/15 trường; tiểu học có 7/15 trường.\n",
      PT_SEV_NOTE, NULL },
    /* "including" names some of the parts: far short of the whole is no finding */
    { "In 2019, there are 7,239 food businesses in Birmingham, including 1,507 restaurants and cafes, "
      "888 takeaways and sandwich shops, and 449 pubs, bars and clubs.\n", PT_SEV_NOTE, NULL },
    /* parts that add up */
    { "Năm 2020, tổng số 355 trường học, trong đó 120 trường mầm non, 140 trường tiểu học và 95 trường THCS.\n",
      PT_SEV_NOTE, NULL },
    /* some classes of the whole, not all (short by more than a tenth) */
    { "Năm 2022, cả nước có 5.775/8.227 xã đạt chuẩn, trong đó có 764 xã đạt chuẩn nâng cao và 83 xã kiểu mẫu.\n",
      PT_SEV_NOTE, NULL },
    /* two breakdowns: 20 + 2 is the whole, the parts are not written alike */
    { "Năm 2023, có 22/22 trường đạt chuẩn. Trong đó có 5 trường mới được công nhận; 20 trường được công nhận "
      "mức độ 1; 2 trường được công nhận mức độ 2.\n", PT_SEV_NOTE, NULL },
    /* a count per unit; then another unit ends the list */
    { "Năm 2016, có 11/97 xã đạt chuẩn. Trong đó, TP.Kon Tum có 09 đơn vị, huyện Kon Plông và Đăk Hà mỗi huyện "
      "có 01 đơn vị; 06 huyện còn lại chưa có.\n", PT_SEV_NOTE, NULL },
    { "Năm 2019, có 30 thôn, trong đó 12 thôn, 40 hộ và 9 tổ.\n", PT_SEV_NOTE, NULL },
    /* a change is no whole, a lone part no list, another sentence's count no whole */
    { "Năm 2020, tăng 12 trường, trong đó 120 trường mầm non và 140 trường tiểu học.\n", PT_SEV_NOTE, NULL },
    { "Năm 2021, có 300 trường, trong đó 20 trường tư thục.\n", PT_SEV_NOTE, NULL },
    { "Năm 2021, có 300 trường. Năm 2022 có nhiều trường. Trong đó 20 trường A và 30 trường B.\n", PT_SEV_NOTE,
      NULL },
    /* cumulative classes */
    { "Năm 2023, có 79 thôn; trong đó, có 60 thôn duy trì từ năm thứ 3 trở lên, 47 thôn từ năm thứ 5 trở lên.\n",
      PT_SEV_NOTE, NULL },
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) parts_case(cases[i].text, cases[i].sev, cases[i].msg);
  /* without the counts (extract | audit): no list to check */
  pt_extract_opts eo;
  pt_diags w;
  pt_audit_opts o;
  const char *tx = cases[0].text;
  pt_extract_opts_init(&eo);
  pt_table_init(&T);
  pt_table_init(&C);
  pt_diags_init(&w);
  ck_assert_int_eq(pt_extract(tx, strlen(tx), &eo, &T, &w), PT_SUCCESS);
  pt_diags_free(&w);
  ck_assert_uint_eq(T.n, 0);   /* no figures */
  pt_audit_opts_init(&o);
  o.text = tx;
  o.text_len = strlen(tx);
  o.extracted = 1;
  pt_findings_init(&F);
  ck_assert_int_eq(pt_audit(&T, &o, &F), PT_SUCCESS);
  ck_assert_uint_eq(count_rule("parts-whole"), 0);
  done();
}
END_TEST

/* A row at the first occurrence of needle in text at or after *from. */
static void row_at(const char *text, const char **from, const char *needle, const char *group, long period,
                   uint64_t count, uint64_t total, const char *rep, unsigned flags)
{
  const char *p = strstr(*from, needle);
  ck_assert_ptr_nonnull(p);
  unsigned long line = 1, col = 1;
  for (const char *q = text; q < p; q++) {
    if (*q == '\n') { line++; col = 1; }
    else if (((unsigned char)*q & 0xC0) != 0x80) col++;
  }
  *from = p + 1;
  if (T.n == T.cap) {
    T.cap = T.cap ? 2 * T.cap : 16;
    T.rows = realloc(T.rows, T.cap * sizeof *T.rows);
    ck_assert_ptr_nonnull(T.rows);
  }
  pt_row *r = &T.rows[T.n++];
  char src[64];
  memset(r, 0, sizeof *r);
  snprintf(src, sizeof src, "t:%lu:%lu", line, col);
  r->group = strdup(group);
  r->stage = strdup("recognized");
  r->period = period;
  r->count = count;
  r->total = total;
  r->reported = rep ? strdup(rep) : NULL;
  r->source = strdup(src);
  r->line = line;
  r->flags = flags | PT_ROW_UNMAPPED | (period ? 0 : PT_ROW_NO_PERIOD);
}

static void audit_rows(const char *text)
{
  pt_audit_opts o;
  pt_audit_opts_init(&o);
  o.text = text;
  o.text_len = text ? strlen(text) : 0;
  o.extracted = 1;
  pt_findings_init(&F);
  ck_assert_int_eq(pt_audit(&T, &o, &F), PT_SUCCESS);
}

#define NT PT_ROW_NO_TOTAL

START_TEST(test_rule_breakdown)
{
  /* 60 + 30 + 15 = 105 %: past 100 beyond rounding */
  const char *tx = "Năm 2020 có 200 trường, trong đó 120 trường (60%), 60 trường (30%), 30 trường (15%).\n";
  const char *at = tx;
  pt_table_init(&T);
  row_at(tx, &at, "120 trường", "trường", 2020, 120, 0, "60", NT);
  row_at(tx, &at, "60 trường", "trường", 2020, 60, 0, "30", NT);
  row_at(tx, &at, "30 trường", "trường", 2020, 30, 0, "15", NT);
  /* sources as the extractor writes them: a name that has ':1:' in it, a
   * school-year label after the column */
  for (size_t i = 0; i < T.n; i++) {
    char src[128];
    snprintf(src, sizeof src, "dir:1:x/%s (năm học 2019-2020)", T.rows[i].source);
    free(T.rows[i].source);
    T.rows[i].source = strdup(src);
  }
  audit_rows(tx);
  expect("breakdown-sum", PT_SEV_ERROR, 1,
         "the percentages of one breakdown, 60% + 30% + 15% (line 1), sum to 105%: past 100% beyond rounding");
  done();
  /* boundary at one decimal: 50,4 + 49,8 = 100,2 cannot be rounded from <= 100
   * (least 50,35 + 49,75 = 100,1); 50,3 + 49,8 = 100,1 can (50,25 + 49,75) */
  tx = "Năm 2020, trong đó 5 xã (50,4%), 4 xã (49,8%). Năm 2021, trong đó 5 xã (50,3%), 4 xã (49,8%).\n";
  at = tx;
  pt_table_init(&T);
  row_at(tx, &at, "5 xã", "xã", 2020, 5, 0, "50,4", NT);
  row_at(tx, &at, "4 xã", "xã", 2020, 4, 0, "49,8", NT);
  row_at(tx, &at, "5 xã", "xã", 2021, 5, 0, "50,3", NT);
  row_at(tx, &at, "4 xã", "xã", 2021, 4, 0, "49,8", NT);
  audit_rows(tx);
  expect("breakdown-sum", PT_SEV_ERROR, 1,
         "the percentages of one breakdown, 50,4% + 49,8% (line 1), sum to 100,2%: past 100% beyond rounding");
  ck_assert_uint_eq(count_rule("breakdown-sum"), 1);
  done();
  /* must not fire: parts at 0 % (no wrap-around below zero) */
  tx = "Năm 2020, trong đó 0 xã (0%), 0 xã (0%).\n";
  at = tx;
  pt_table_init(&T);
  row_at(tx, &at, "0 xã", "xã", 2020, 0, 0, "0", NT);
  row_at(tx, &at, "0 xã", "xã", 2020, 0, 0, "0", NT);
  audit_rows(tx);
  ck_assert_uint_eq(count_rule("breakdown-sum"), 0);
  done();
  /* must not fire: rates of their own totals (95% + 97% of different bases) */
  tx = "Năm 2020 có 300/310 trường, trong đó 95/100 trường (95%), 194/200 trường (97%).\n";
  at = tx;
  pt_table_init(&T);
  row_at(tx, &at, "300/310", "trường", 2020, 300, 310, NULL, 0);
  row_at(tx, &at, "95/100", "trường", 2020, 95, 100, "95", 0);
  row_at(tx, &at, "194/200", "trường", 2020, 194, 200, "97", 0);
  audit_rows(tx);
  ck_assert_uint_eq(count_rule("breakdown-sum"), 0);
  expect("parts-whole", PT_SEV_WARNING, 1,
         "its parts (\"of which\") add up to 95 + 194 = 289 (line 1), not to its count 300");
  done();
}
END_TEST

START_TEST(test_rule_other_base)
{
  /* 60/150 printed 46,15 %: that is 60/130, the total of the next line */
  audit_text(H "a,r,2015,60,150,\"46,15\"\nb,r,2015,70,130,\n", NULL);
  expect("other-base", PT_SEV_WARNING, 2, "reported 46,15% is not 60/150 but 60/130, with the total of line 3");
  done();
  /* a count of another figure: 30,0 % of 150 is 45 only, the count of line 3 */
  audit_text(H "a,r,2015,60,150,\"30,0\"\nb,r,2015,45,170,\n", NULL);
  expect("other-base", PT_SEV_WARNING, 2, "reported 30,0% is not 60/150 but 45/150, with the count of line 3");
  done();
  /* must not fire: 30 % of 150 is 44 to 46 under the four conventions, and
   * 1511 at 98,6 % fits 1532 to 1533: digits too few to name the base */
  audit_text(H "a,r,2015,60,150,30\nb,r,2015,45,170,\na,r,2016,1511,1537,\"98,6\"\nb,r,2016,1516,1533,\n", NULL);
  ck_assert_uint_eq(count_rule("other-base"), 0);
  ck_assert_uint_eq(count_rule("pct-mismatch"), 2);
  done();
  /* must not fire: too far (more than 5 lines), nothing fits, a right percentage */
  audit_text(H "a,r,2015,60,150,\"46,15\"\na,r,2016,1,2,\na,r,2017,1,2,\na,r,2018,1,2,\na,r,2019,1,2,\n"
               "a,r,2020,1,2,\nb,r,2015,70,130,\nc,r,2015,60,150,\"46,17\"\nc,r,2016,60,150,40\n", NULL);
  ck_assert_uint_eq(count_rule("other-base"), 0);
  ck_assert_uint_eq(count_rule("pct-mismatch"), 2);
  done();
  /* must not fire: 596 at 85,9 % is 596/694 only, but 694 is within 5 % of
   * the figure's own 696 (a slip of the printed digits, not another base) */
  audit_text(H "a,r,2015,596,696,\"85,9\"\nb,r,2015,500,694,\n", NULL);
  ck_assert_uint_eq(count_rule("other-base"), 0);
  done();
}
END_TEST

START_TEST(test_rule_shared_total)
{
  /* 50/52 printed 89 %; 41 (73 %) and 30 (54 %) villages: all three fit 56 only */
  const char *tx = "In 2020: 50/52 villages (89%), 41 villages (73%), 30 villages (54%).\n";
  const char *at = tx;
  pt_table_init(&T);
  row_at(tx, &at, "50/52", "villages", 2020, 50, 52, "89", 0);
  row_at(tx, &at, "41 villages", "villages", 2020, 41, 0, "73", NT);
  row_at(tx, &at, "30 villages", "villages", 2020, 30, 0, "54", NT);
  audit_rows(tx);
  expect("shared-total", PT_SEV_WARNING, 1,
         "printed total 52 does not fit: 50 (89%) and the figures 41 (73%), 30 (54%) (line 1) all fit a total of 56");
  ck_assert_uint_eq(count_rule("pct-mismatch"), 1);
  done();
  /* must not fire: the siblings fit the printed total (41/56 and 30/56 with 50/56);
   * one sibling only; siblings of another year */
  tx = "In 2020: 50/56 villages (89%), 41 villages (73%), 30 villages (54%). In 2021: 50/52 villages (89%), "
       "41 villages (73%). In 2022: 50/52 villages (89%).\n";
  at = tx;
  pt_table_init(&T);
  row_at(tx, &at, "50/56", "villages", 2020, 50, 56, "89", 0);
  row_at(tx, &at, "41 villages", "villages", 2020, 41, 0, "73", NT);
  row_at(tx, &at, "30 villages", "villages", 2020, 30, 0, "54", NT);
  row_at(tx, &at, "50/52", "villages", 2021, 50, 52, "89", 0);
  row_at(tx, &at, "41 villages", "villages", 2021, 41, 0, "73", NT);
  row_at(tx, &at, "50/52", "villages", 2022, 50, 52, "89", 0);
  audit_rows(tx);
  ck_assert_uint_eq(count_rule("shared-total"), 0);
  done();
}
END_TEST

START_TEST(test_rule_implied_base)
{
  /* 900 communes (31,5 %): 2849 to 2866 under the four conventions; the
   * text states 2900 and 3500 */
  const char *tx = "Năm 2020: 900 xã (31,5%); 2.500/2.900 xã; 3.000/3.500 xã.\n";
  const char *at = tx;
  pt_table_init(&T);
  row_at(tx, &at, "900 xã", "xã", 2020, 900, 0, "31,5", NT);
  row_at(tx, &at, "2.500/2.900", "xã", 2020, 2500, 2900, NULL, 0);
  row_at(tx, &at, "3.000/3.500", "xã", 2020, 3000, 3500, NULL, 0);
  audit_rows(tx);
  expect("implied-base", PT_SEV_WARNING, 1,
         "900 (31,5%) implies a total of 2849 to 2866, which none of the totals stated for this unit fits: "
         "2900, 3500 (line 1)");
  done();
  /* the boundary: 900/2866 = 31,403 % rounds up to 31,5 (fits, no finding);
   * 900/2867 = 31,392 % does not; nor does 900/2848 = 31,601 % */
  unsigned m;
  ck_assert_int_eq(pt_pct_fits(900, 2866, (pt_decimal){ 315, 1 }, &m, NULL), PT_SUCCESS);
  ck_assert_uint_eq(m, PT_ROUND_CEIL);
  ck_assert_int_eq(pt_pct_fits(900, 2849, (pt_decimal){ 315, 1 }, &m, NULL), PT_SUCCESS);
  ck_assert_uint_eq(m, PT_ROUND_TRUNC);
  tx = "Năm 2020: 900 xã (31,5%); 2.500/2.866 xã. Năm 2021: 900 xã (31,5%); 2.500/2.867 xã; 2.500/2.848 xã. "
       "Năm 2022: 900 xã (31,5%).\n";
  at = tx;
  pt_table_init(&T);
  row_at(tx, &at, "900 xã", "xã", 2020, 900, 0, "31,5", NT);
  row_at(tx, &at, "2.500/2.866", "xã", 2020, 2500, 2866, NULL, 0);
  row_at(tx, &at, "900 xã", "xã", 2021, 900, 0, "31,5", NT);
  row_at(tx, &at, "2.500/2.867", "xã", 2021, 2500, 2867, NULL, 0);
  row_at(tx, &at, "2.500/2.848", "xã", 2021, 2500, 2848, NULL, 0);
  row_at(tx, &at, "900 xã", "xã", 2022, 900, 0, "31,5", NT);
  audit_rows(tx);
  expect("implied-base", PT_SEV_WARNING, 1,
         "900 (31,5%) implies a total of 2849 to 2866, which none of the totals stated for this unit fits: "
         "2867, 2848 (line 1)");
  ck_assert_uint_eq(count_rule("implied-base"), 1);   /* 2020 fits; 2022 states no total */
  done();
  /* a total stated for another unit of the year fits: the unit named two
   * ways, no finding; the same total a year later does not count */
  tx = "In 2012: 308/1,172 North-East schools (26%); 598 schools (51%); 658/1,964 schools (34%). "
       "In 2013: 300/1,172 North-East schools; 598 schools (51%); 658/1,964 schools.\n";
  at = tx;
  pt_table_init(&T);
  row_at(tx, &at, "308/1,172", "North-East schools", 2012, 308, 1172, "26", 0);
  row_at(tx, &at, "598 schools", "schools", 2012, 598, 0, "51", NT);
  row_at(tx, &at, "658/1,964", "schools", 2012, 658, 1964, "34", 0);
  row_at(tx, &at, "300/1,172", "North-East schools", 2013, 300, 1172, NULL, 0);
  row_at(tx, &at, "598 schools", "schools", 2013, 598, 0, "51", NT);
  row_at(tx, &at, "658/1,964", "schools", 2013, 658, 1964, NULL, 0);
  audit_rows(tx);
  ck_assert_uint_eq(count_rule("implied-base"), 0);
  done();
  tx = "In 2012: 598 schools (51%); 658/1,964 schools (34%). In 2013: 308/1,172 North-East schools.\n";
  at = tx;
  pt_table_init(&T);
  row_at(tx, &at, "598 schools", "schools", 2012, 598, 0, "51", NT);
  row_at(tx, &at, "658/1,964", "schools", 2012, 658, 1964, "34", 0);
  row_at(tx, &at, "308/1,172", "North-East schools", 2013, 308, 1172, NULL, 0);
  audit_rows(tx);
  ck_assert_uint_eq(count_rule("implied-base"), 1);
  done();
}
END_TEST

/* Against exact rational references (tests/reference/audit-fixtures.py):
 * the totals of a count at a printed percentage under each convention and
 * all four (pt_pct_totals), and the counts of a total (impossible-percentage:
 * the first convention, in the order half-up, half-even, truncation,
 * rounding up, that has any). */
START_TEST(test_ranges_reference)
{
  FILE *f = fixture_open("tests/reference/fixtures/audit-ranges.csv");
  char buf[256], *v[8];
  size_t ntot = 0, ncnt = 0;
  fixture_line(f, buf, sizeof buf, v, 8);   /* header */
  while (fixture_line(f, buf, sizeof buf, v, 8) == 7) {
    uint64_t x = strtoull(v[1], NULL, 10), lo = 0, hi = 0;
    pt_decimal d = { strtoull(v[2], NULL, 10), atoi(v[3]) };
    unsigned mask = (unsigned)atoi(v[4]);
    int none = !*v[5];
    if (!strcmp(v[0], "totals")) {
      int got = pt_pct_totals(x, d, mask, &lo, &hi);
      ck_assert_msg(got == !none && (none || (lo == strtoull(v[5], NULL, 10) && hi == strtoull(v[6], NULL, 10))),
                    "totals of %s at %s e-%s mask %s: got %d %llu-%llu, want %s-%s", v[1], v[2], v[3], v[4], got,
                    (unsigned long long)lo, (unsigned long long)hi, v[5], v[6]);
      ntot++;
      continue;
    }
    /* the four conventions of one total in a row: audit a row with no count */
    static char want[4][2][24];
    static int have[4];
    int k = mask == PT_ROUND_HALF_UP ? 0 : mask == PT_ROUND_HALF_EVEN ? 1 : mask == PT_ROUND_TRUNC ? 2 : 3;
    have[k] = !none;
    snprintf(want[k][0], sizeof want[k][0], "%s", v[5]);
    snprintf(want[k][1], sizeof want[k][1], "%s", v[6]);
    if (k < 3) continue;
    char csv[256];
    /* the printed value with its decimals: mant / 10^scale */
    char rep[48];
    int sc = d.scale;
    unsigned long long ip = d.mant, div = 1;
    for (int i = 0; i < sc; i++) div *= 10;
    if (sc) snprintf(rep, sizeof rep, "%llu.%0*llu", ip / div, sc, ip % div);
    else snprintf(rep, sizeof rep, "%llu", ip);
    snprintf(csv, sizeof csv, H "a,r,2015,,%llu,%s\n", (unsigned long long)x, rep);
    pt_audit_opts o;
    pt_audit_opts_init(&o);
    o.reported_fmt = PT_NUMFMT_PLAIN;
    audit_text(csv, &o);
    int first = have[0] ? 0 : have[1] ? 1 : have[2] ? 2 : have[3] ? 3 : -1;
    size_t i;
    for (i = 0; i < F.n && F.items[i].rule != PT_RULE_IMPOSSIBLE_PERCENTAGE; i++) ;
    ck_assert_uint_lt(i, F.n);
    if (first < 0) ck_assert_int_eq(F.items[i].what, PT_AC_IMPOSSIBLE);
    else {
      static const unsigned conv[4] = { PT_ROUND_HALF_UP, PT_ROUND_HALF_EVEN, PT_ROUND_TRUNC, PT_ROUND_CEIL };
      ck_assert_uint_eq(F.items[i].conv, conv[first]);
      ck_assert_uint_eq(F.items[i].lo, strtoull(want[first][0], NULL, 10));
      ck_assert_uint_eq(F.items[i].hi, strtoull(want[first][1], NULL, 10));
    }
    done();
    ncnt++;
  }
  fclose(f);
  ck_assert_uint_gt(ntot, 1000);
  ck_assert_uint_gt(ncnt, 200);
}
END_TEST

/* Every case has an English and a distinct Vietnamese sentence, and every
 * rule a name. */
START_TEST(test_sentences_every_case)
{
  pt_finding f;
  char en[2048], vi[2048];
  for (int k = 0; k < PT_AC_N; k++) {
    memset(&f, 0, sizeof f);
    f.what = (pt_audit_case)k;
    f.rule = PT_RULE_PARTS_WHOLE;
    f.count = 3; f.total = 4; f.ref_total = 5; f.ref_count = 2; f.lo = 1; f.hi = 2;
    f.mark = '.';
    for (int r = 0; r < (k == PT_AC_UNCHECKED ? PT_UNCHECKED_N : 1); r++) {
      f.reason = (pt_unchecked_reason)r;
      cli_audit_sentence(en, sizeof en, &f, "en");
      cli_audit_sentence(vi, sizeof vi, &f, "vi");
      ck_assert_msg(strlen(en) > 10 && strlen(vi) > 10 && strcmp(en, vi), "case %d reason %d: \"%s\" / \"%s\"", k, r, en, vi);
    }
  }
  for (int r = 0; r < PT_RULE_N; r++) ck_assert_str_ne(pt_audit_rule_name((pt_audit_rule)r), "unknown");
  ck_assert_str_eq(pt_audit_rule_name(PT_RULE_N), "unknown");
  /* a tiny buffer is cut, never overrun */
  char tiny[8];
  f.what = PT_AC_STAGE_ORDER;
  cli_audit_sentence(tiny, sizeof tiny, &f, "en");
  ck_assert_uint_eq(strlen(tiny), 7);
}
END_TEST

/* pt_pct_totals against a brute-force scan: the totals fitting a printed
 * percentage under the four conventions form one interval. */
START_TEST(test_pct_totals_property)
{
  uint64_t s = 777;
  for (int i = 0; i < 3000; i++) {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    uint64_t c = 1 + (s >> 33) % 300;
    int scale = (int)((s >> 20) % 3);
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    uint64_t n0 = c + (s >> 33) % 2000;
    uint64_t hu;
    unsigned m;
    pt_decimal d = { 0, scale };
    ck_assert_int_eq(pt_pct_fits(c, n0, d, &m, &hu), PT_SUCCESS);
    d.mant = hu;
    if (d.mant <= 1) {
      /* 1 unit of the last digit: rounded up, every larger total fits too */
      uint64_t lo, hi;
      if (d.mant == 1) {
        ck_assert_int_eq(pt_pct_totals(c, d, 0xfu, &lo, &hi), 1);
        ck_assert(hi == PT_COUNT_MAX);
      }
      continue;
    }
    uint64_t lo = 0, hi = 0, blo = 0, bhi = 0;
    int any = 0;
    for (uint64_t n = c; n <= 4 * n0 + 1000; n++) {
      ck_assert_int_eq(pt_pct_fits(c, n, d, &m, NULL), PT_SUCCESS);
      if (!m) continue;
      if (!any) blo = n;
      ck_assert_msg(!any || n == bhi + 1, "%llu at %llu e-%d: a hole before %llu", (unsigned long long)c,
                    (unsigned long long)d.mant, scale, (unsigned long long)n);
      bhi = n;
      any = 1;
    }
    ck_assert(any);
    ck_assert_int_eq(pt_pct_totals(c, d, 0xfu, &lo, &hi), 1);
    ck_assert_msg(lo == blo && hi == bhi, "%llu at %llu e-%d: %llu-%llu, brute force %llu-%llu",
                  (unsigned long long)c, (unsigned long long)d.mant, scale, (unsigned long long)lo,
                  (unsigned long long)hi, (unsigned long long)blo, (unsigned long long)bhi);
  }
}
END_TEST

int main(void)
{
  const TTest *tests[] = {
    test_boundaries,
    test_property_random,
    test_parse_reported,
    test_rule_pct_mismatch,
    test_rule_pct_bound,
    test_rule_convention,
    test_rule_row_flags,
    test_rule_stages,
    test_rule_series,
    test_rule_missing,
    test_rule_impossible,
    test_text_english_review,
    test_text_no_year_other_paragraph,
    test_rule_parts_whole,
    test_rule_parts_bare_counts,
    test_rule_breakdown,
    test_rule_other_base,
    test_rule_shared_total,
    test_rule_implied_base,
    test_pct_totals_property,
    test_sentences_every_case,
    test_ranges_reference,
  };
  return run_tests("audit", tests, sizeof tests / sizeof tests[0], 0);
}
