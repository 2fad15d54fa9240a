/* test_oom.c - every allocation of a reader or of the extractor, failed in
 * turn: the call must then return PT_ENOMEM, or succeed with exactly the
 * result of a run without the failure.  A message that is lost because its
 * allocation failed (a warning dropped, "empty input" unsaid while the call
 * reports success) is the bug this finds.
 *
 * The test replaces malloc, calloc and realloc for the whole process (ELF
 * interposition; glibc's own __libc_* functions do the work), and fails the
 * k-th call after it is armed, once.  Under AddressSanitizer, which owns the
 * allocator, it is skipped (exit 77), and so under valgrind unless it is told
 * to leave our malloc alone (--soname-synonyms=somalloc=nouserintercepts).  Method: the fault-injection sweeps of
 * SQLite's test suite ("malloc failure testing", sqlite.org/testing.html). */
#include <config.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proptrend/aggregate.h"
#include "proptrend/audit.h"
#include "proptrend/error.h"
#include "proptrend/extract.h"
#include "proptrend/labels.h"
#include "proptrend/table.h"
#include "testutil.h"

#if defined(__SANITIZE_ADDRESS__)
#define PT_NO_INTERPOSE 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PT_NO_INTERPOSE 1
#endif
#endif

#ifndef PT_NO_INTERPOSE
extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t n);

static long countdown = -1;   /* -1: off; else fail when it reaches 0 */
static int fired;

static int fail_now(void)
{
  if (countdown < 0) return 0;
  if (countdown-- == 0) { fired = 1; return 1; }
  return 0;
}

void *malloc(size_t n) { return fail_now() ? NULL : __libc_malloc(n); }
void *calloc(size_t n, size_t size) { return fail_now() ? NULL : __libc_calloc(n, size); }
void *realloc(void *p, size_t n) { return fail_now() ? NULL : __libc_realloc(p, n); }

static void arm(long k) { fired = 0; countdown = k; }
static void disarm(void) { countdown = -1; }

/* What one call gave: its status, its rows and its messages, as one string. */
typedef int (*call_fn)(const char *text, FILE *in, pt_table *t, pt_diags *d);
static char *describe(int st, const pt_table *t, const pt_diags *d)
{
  size_t cap = 256, len = 0;
  char *s = __libc_malloc(cap);
  ck_assert_ptr_nonnull(s);
  len += (size_t)snprintf(s, cap, "status %d\n", st);
  for (size_t i = 0; i <= t->n + d->n; i++) {
    char line[1600];
    int k = i < t->n ? snprintf(line, sizeof line, "row %s|%s|%ld|%" PRIu64 "|%" PRIu64 "|%s\n", t->rows[i].group,
                                t->rows[i].stage, t->rows[i].period, t->rows[i].count, t->rows[i].total,
                                t->rows[i].reported ? t->rows[i].reported : "")
             : i < t->n + d->n ? snprintf(line, sizeof line, "diag %lu:%lu %s\n", d->items[i - t->n].line,
                                          d->items[i - t->n].col, d->items[i - t->n].message)
                               : 0;
    if (k <= 0) continue;
    if (len + (size_t)k + 1 > cap) {
      cap = 2 * (len + (size_t)k + 1);
      s = __libc_realloc(s, cap);
      ck_assert_ptr_nonnull(s);
    }
    memcpy(s + len, line, (size_t)k + 1);
    len += (size_t)k;
  }
  return s;
}

/* A stream holding s, opened before the test is armed and with a buffer of
 * our own, so that stdio allocates nothing while it is. */
static FILE *open_text(const char *s)
{
  static char buf[4096];
  FILE *f = tmpfile();
  ck_assert_ptr_nonnull(f);
  ck_assert_int_eq(setvbuf(f, buf, _IOFBF, sizeof buf), 0);
  ck_assert_int_ge(fputs(s, f), 0);
  ck_assert_int_eq(fflush(f), 0);
  rewind(f);
  return f;
}

/* Fail allocation 0, 1, 2, ... of call(in) in turn until a run needs no more
 * than that; returns the number of allocations the call makes. */
static long sweep(call_fn call, const char *in, int want_status)
{
  pt_table t;
  pt_diags d;
  pt_table_init(&t);
  pt_diags_init(&d);
  FILE *f = open_text(in);
  int st = call(in, f, &t, &d);
  fclose(f);
  ck_assert_int_eq(st, want_status);
  char *base = describe(st, &t, &d);
  pt_table_free(&t);
  pt_diags_free(&d);
  long k = 0;
  for (;; k++) {
    pt_table_init(&t);
    pt_diags_init(&d);
    f = open_text(in);
    arm(k);
    st = call(in, f, &t, &d);
    disarm();
    fclose(f);
    int hit = fired;
    if (st != PT_ENOMEM) {
      char *got = describe(st, &t, &d);
      ck_assert_msg(!strcmp(got, base), "allocation %ld failed, and the call said %d without PT_ENOMEM:\n"
                    "--- got\n%s--- without the failure\n%s", k, st, got, base);
      free(got);
    }
    else ck_assert_msg(hit, "PT_ENOMEM with no allocation failed (run %ld)", k);
    pt_table_free(&t);
    pt_diags_free(&d);
    if (!hit) break;
  }
  free(base);
  return k;
}

/* ---- the calls ------------------------------------------------------------- */

static int call_extract(const char *text, FILE *in, pt_table *t, pt_diags *d)
{
  pt_extract_opts o;
  (void)in;
  pt_extract_opts_init(&o);
  return pt_extract(text, strlen(text), &o, t, d);
}

/* extract with a labels file: an abbreviation the text defines names a
 * label (abbr_labels); the labels are read with the allocator not failing. */
static int call_extract_labels(const char *text, FILE *in, pt_table *t, pt_diags *d)
{
  static const char lab[] = "kind,code,vi,en\ngroup,agency_enterprise,\"cơ quan, đơn vị, doanh nghiệp\",agencies\n";
  pt_labels l;
  pt_diags ld;
  pt_extract_opts o;
  (void)in;
  long armed = countdown;
  countdown = -1;
  FILE *f = fmemopen((void *)lab, sizeof lab - 1, "r");
  pt_labels_init(&l);
  pt_diags_init(&ld);
  int st = f ? pt_labels_read(f, &l, &ld) : PT_EIO;
  if (f) fclose(f);
  pt_diags_free(&ld);
  countdown = armed;
  if (st == PT_SUCCESS) {
    pt_extract_opts_init(&o);
    o.labels = &l;
    st = pt_extract(text, strlen(text), &o, t, d);
  }
  armed = countdown;
  countdown = -1;
  pt_labels_free(&l);
  countdown = armed;
  return st;
}

/* audit --text: the figures and the bare counts of the text, then the
 * audit with both; each finding (its rule and line) is one message of d,
 * made outside the failing allocator, so that a finding lost to a failed
 * allocation without PT_ENOMEM shows. */
static int call_audit_text(const char *text, FILE *in, pt_table *t, pt_diags *d)
{
  pt_extract_opts o;
  pt_audit_opts ao;
  pt_table counts;
  pt_findings f;
  (void)in;
  pt_extract_opts_init(&o);
  pt_table_init(&counts);
  pt_findings_init(&f);
  o.counts = &counts;
  int st = pt_extract(text, strlen(text), &o, t, NULL);
  pt_audit_opts_init(&ao);
  ao.text = text;
  ao.text_len = strlen(text);
  ao.extracted = 1;
  ao.counts = &counts;
  if (st == PT_SUCCESS) st = pt_audit(t, &ao, &f);
  for (size_t i = 0; st == PT_SUCCESS && i < f.n; i++) {
    long armed = countdown;
    countdown = -1;
    pt_diag *items = __libc_realloc(d->items, (d->n + 1) * sizeof *items);
    ck_assert_ptr_nonnull(items);
    d->items = items;
    d->cap = d->n + 1;
    char *m = __libc_malloc(64);
    ck_assert_ptr_nonnull(m);
    snprintf(m, 64, "%s", pt_audit_rule_name(f.items[i].rule));
    d->items[d->n++] = (pt_diag){ f.items[i].line, 0, m };
    countdown = armed;
  }
  pt_findings_free(&f);
  pt_table_free(&counts);
  return st;
}

static int call_table(const char *text, FILE *in, pt_table *t, pt_diags *d)
{
  pt_load_opts o;
  (void)text;
  pt_load_opts_init(&o);
  return pt_table_read(in, &o, t, d);
}

static int call_labels(const char *text, FILE *in, pt_table *t, pt_diags *d)
{
  pt_labels l;
  (void)text; (void)t;
  pt_labels_init(&l);
  int st = pt_labels_read(in, &l, d);
  pt_labels_free(&l);
  return st;
}

static int call_agg(const char *text, FILE *in, pt_table *t, pt_diags *d)
{
  static const char *const by[] = { "unit" }, *const stages[] = { "registered" };
  pt_agg_opts o = { .by_cols = by, .nby = 1, .period_col = "year", .stage_cols = stages, .nstages = 1 };
  (void)text; (void)t;
  pt_agg *a = pt_agg_new(&o);
  if (!a) return PT_ENOMEM;
  int st = pt_agg_read(a, in, d);
  pt_agg_free(a);
  return st;
}

/* ---- the tests ------------------------------------------------------------- */

/* The cases: each warning kind of the extractor (a unit not in the labels,
 * numbers in both formats, a figure with no stage and no year, a unit
 * requalified by its level), and each
 * message of a reader that ends a read (no header, no rows, a bad row). */
static const struct oom_case { call_fn call; const char *text; int status; long min_allocs; } cases[] = {
  { call_extract, "Năm 2016: 1.212/1.273 khu dân cư đăng ký (95,2%).\nToàn tỉnh có 40/52 thôn văn hóa.\n"
                  "Also 1,150/1,273 villages.\n", PT_SUCCESS, 20 },
  { call_extract, "Có 7/9 tổ.\n", PT_SUCCESS, 1 },
  { call_extract, "Of the 64 ports inspected, 50 (78.1%) passed; 130 out of 151 depots.", PT_SUCCESS, 1 },
  /* a level over an ownership qualifier (level_requalify), a level for the unit of the figure before
   * (level_of_previous) */
  { call_extract, "Năm 2020, cấp học mầm non có 40/48 trường công lập đạt chuẩn, trong đó có 7/9 trường tư thục. "
                  "Cấp tiểu học có 22/22 trường; Cấp THCS có 20/24 đạt chuẩn.\n", PT_SUCCESS, 10 },
  /* a lead further back, a bare level before the count (lead_level, qualify_with) */
  { call_extract, "Năm 2020, bậc tiểu học có số lượng trường đạt chuẩn nhiều nhất với 212 trường, tỷ lệ gần 80%; "
                  "tiếp theo là mầm non 151 trường, hơn 54%.\n", PT_SUCCESS, 10 },
  /* a parts list checked by its sum (sum_parts_figure: several figures at once) */
  { call_extract, "In 2015, 150 homes were inspected, 40 (27%) in Leeds, 60 in York and 50 in Hull.\n", PT_SUCCESS,
    10 },
  /* a total's unit before its "with" (with_unit), outcomes of a part (outcome_figure, same_noun_figure),
   * a year referred back to by "the" and a unit (referred_year) */
  { call_extract, "In 2022, bulkers had the most inspections with 2474, out of which1063 found deficiencies leading "
                  "to 102 detentions. Ships had 691 inspections, 344 inspections with deficiencies and 27 detentions.\n"
                  "Checks fell in 2020 and 2021. Inspectors made 5,000 port calls in 2023.\n\nThey examined "
                  "about 10 percent of the port calls or a total of 480 vessels.\n", PT_SUCCESS, 10 },
  /* a PDF's wrapped lines (wrapped_line), a share before its count and an "another" count
   * (share_then_count, another_of), a rating verb before the count (rated_count, rated_grade), a total
   * after the percentage (share_of_total), a defined abbreviation in a label (abbr_labels) */
  { call_extract, "Of the 545 homes inspected in the period 1 October to 31 December 2013 across England, 89\n"
                  "(16%) were judged outstanding. Of the 618,456 bridges in 2020, 7.3% — 45,031 bridges — were "
                  "poor. Another 294,992 bridges, 47.7%, were classified as fair and 278,433 bridges, 45.5%, as "
                  "good. Of the 819 providers inspected, Ofsted classes 182 as outstanding and 593 good. In 2013, "
                  "540 homes were inspected, which equates to 26% of the 2,067 homes.\n", PT_SUCCESS, 10 },
  { call_extract_labels, "Năm 2022, có 286/300 cơ quan, đơn vị, doanh nghiệp (DN) đăng ký. Cuối năm, có 255/286 "
                         "cơ quan, đơn vị, DN đạt chuẩn văn hóa; 49 ngàn 890 hộ đạt tỷ lệ 98,66%.\n", PT_SUCCESS, 5 },
  /* bare counts, a parts list of them against its whole (audit --text) */
  { call_audit_text, "Năm 2018, có 190 trường đạt chuẩn, chiếm 43,58% tổng số trường. Trong đó, mầm non có 43 "
                     "trường, tiểu học có 109 trường, THCS có 38 trường và THPT có 9 trường.\n"
                     "Năm 2020, tổng số 360 trường học, trong đó 120 trường mầm non, 140 trường tiểu học và 95 "
                     "trường THCS.\n", PT_SUCCESS, 20 },
  { call_table, "", PT_EDATA, 1 },
  { call_table, "group,stage,period,count,total\n", PT_EDATA, 1 },
  { call_table, "group,stage,period,count,total\nA,s,2016,5,4\nA,s,2017,x,9\n", PT_EDATA, 1 },
  { call_table, "group,stage,period,count,total\nA,s,2016,5,9\nA,s,2017,6,9\n", PT_SUCCESS, 1 },
  { call_labels, "kind,code,vi,en\ngroup,village,Thôn\n", PT_EDATA, 1 },
  { call_labels, "kind,code,vi,en\ngroup,village,\"Thôn,Villages\n", PT_EDATA, 1 },
  { call_labels, "kind,code,vi,en\ngroup,village,Thôn,Villages\n", PT_SUCCESS, 1 },
  { call_agg, "", PT_EDATA, 1 },
  { call_agg, "unit,year,registered\nA,2016,1\nB,2016,0\n", PT_SUCCESS, 1 },
};

START_TEST(test_sweep)
{
  const struct oom_case *c = &cases[_i];
  long n = sweep(c->call, c->text, c->status);
  ck_assert_msg(n >= c->min_allocs, "case %d: %ld allocations, expected at least %ld", _i, n, c->min_allocs);
}
END_TEST

#endif /* PT_NO_INTERPOSE */

int main(void)
{
#ifdef PT_NO_INTERPOSE
  puts("test_oom: skipped (AddressSanitizer owns the allocator)");
  return 77;
#else
  arm(0);
  void *volatile probe = malloc(1);
  disarm();
  if (probe) {   /* valgrind, say, replaced our malloc with its own */
    free(probe);
    puts("test_oom: skipped (the allocator is not ours: under valgrind, use "
         "--soname-synonyms=somalloc=nouserintercepts)");
    return 77;
  }
  return run_loop_test("oom", test_sweep, (int)(sizeof cases / sizeof *cases), 600);
#endif
}
