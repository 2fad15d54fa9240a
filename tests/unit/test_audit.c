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

static void done(void) { pt_findings_free(&F); pt_table_free(&T); }

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

int main(void)
{
  const TTest *tests[] = {
    test_boundaries,
    test_property_random,
    test_parse_reported,
    test_rule_pct_mismatch,
    test_rule_convention,
    test_rule_row_flags,
    test_rule_stages,
    test_rule_series,
    test_rule_missing,
    test_rule_impossible,
  };
  return run_tests("audit", tests, sizeof tests / sizeof tests[0], 0);
}
