/* test_aggregate.c - the aggregator's library API (issue 18): rows in the
 * order pt_row_key_cmp gives (labels with bytes below the key separator
 * included), pt_agg_each stopping on a callback's status, pt_agg_merge
 * equal to reading both inputs into one aggregator, stages added by a
 * merged table, and the memory bound's arithmetic on many keys. */
#include <config.h>

#include <stdint.h>

#include "proptrend/aggregate.h"
#include "proptrend/error.h"
#include "proptrend/table.h"
#include "testutil.h"

static const char *const by[] = { "category" };
static const char *const stages[] = { "registered", "recognized" };

static pt_agg *agg_of(const char *csv)
{
  pt_agg_opts o = { "province", by, 1, "year", stages, 2, NULL, 0, 0 };
  pt_agg *a = pt_agg_new(&o);
  pt_diags d;
  pt_diags_init(&d);
  FILE *f = fmemopen((void *)csv, strlen(csv), "r");
  ck_assert_ptr_nonnull(a);
  ck_assert_ptr_nonnull(f);
  ck_assert_int_eq(pt_agg_read(a, f, &d), PT_SUCCESS);
  fclose(f);
  pt_diags_free(&d);
  return a;
}

static const char *const CSV1 =
  "province,category,year,registered,recognized\n"
  "P1,school,2011,1,0\n" "P10,school,2010,1,1\n" "P1\tx,school,2010,0,0\n"
  "P1,school,2010,yes,no\n" "P1,commune,2010,1,1\n" "P1,school,2011,0,0\n";
static const char *const CSV2 =
  "province,category,year,registered,recognized\n"
  "P2,school,2010,1,1\n" "P1,school,2010,0,0\n";

/* Rows of pt_agg_table sorted as pt_row_key_cmp sorts. */
START_TEST(test_order_is_key_order)
{
  pt_agg *a = agg_of(CSV1);
  pt_table t;
  ck_assert_int_eq(pt_agg_table(a, &t), PT_SUCCESS);
  ck_assert_uint_eq(t.n, 10);   /* 5 keys x 2 stages */
  for (size_t i = 1; i < t.n; i++)
    ck_assert_msg(pt_row_key_cmp(&t.rows[i - 1], &t.rows[i]) < 0, "rows %zu and %zu out of order", i - 1, i);
  /* "P1" < "P1\tx" < "P10" as strcmp has it, though \t sorts below the separator */
  ck_assert_str_eq(t.rows[0].area, "P1");
  ck_assert_str_eq(t.rows[6].area, "P1\tx");
  ck_assert_str_eq(t.rows[8].area, "P10");
  /* P1 school 2010 registered: yes = 1 of 1 */
  ck_assert_str_eq(t.rows[2].group, "school");
  ck_assert_str_eq(t.rows[4].stage, "registered");
  ck_assert_int_eq(t.rows[4].period, 2010);
  ck_assert_uint_eq(t.rows[4].count, 1);
  pt_table_free(&t);
  pt_agg_free(a);
}
END_TEST

static int count_to_three(const pt_agg_row *r, void *ctx)
{
  (void)r;
  return ++*(int *)ctx == 3 ? 42 : 0;
}

START_TEST(test_each_stops)
{
  pt_agg *a = agg_of(CSV1);
  int k = 0;
  ck_assert_int_eq(pt_agg_each(a, count_to_three, &k), 42);
  ck_assert_int_eq(k, 3);
  ck_assert_int_eq(pt_agg_has_area(a), 1);
  pt_agg_free(a);
}
END_TEST

static void expect_same(const pt_table *x, const pt_table *y)
{
  ck_assert_uint_eq(x->n, y->n);
  for (size_t i = 0; i < x->n; i++) {
    ck_assert_int_eq(pt_row_key_cmp(&x->rows[i], &y->rows[i]), 0);
    ck_assert_uint_eq(x->rows[i].count, y->rows[i].count);
    ck_assert_uint_eq(x->rows[i].total, y->rows[i].total);
  }
}

START_TEST(test_merge_equals_one_pass)
{
  size_t l1 = strlen(CSV1), l2 = strlen(CSV2);
  const char *body2 = strchr(CSV2, '\n') + 1;
  char *both = malloc(l1 + l2 + 1);
  memcpy(both, CSV1, l1);
  strcpy(both + l1, body2);
  pt_agg *a = agg_of(CSV1), *b = agg_of(CSV2), *ab = agg_of(both);
  ck_assert_int_eq(pt_agg_merge(a, b), PT_SUCCESS);
  pt_table t1, t2;
  ck_assert_int_eq(pt_agg_table(a, &t1), PT_SUCCESS);
  ck_assert_int_eq(pt_agg_table(ab, &t2), PT_SUCCESS);
  expect_same(&t1, &t2);
  ck_assert_uint_eq(t1.n, 12);
  pt_table_free(&t1); pt_table_free(&t2);
  pt_agg_free(a); pt_agg_free(b); pt_agg_free(ab);
  free(both);
}
END_TEST

/* A merged table with more stages than the aggregator was made for. */
START_TEST(test_new_stages)
{
  pt_agg *a = agg_of(CSV1);
  pt_table t, out;
  pt_table_init(&t);
  static const char *const names[] = { "s3", "s4", "s5", "registered" };
  t.rows = calloc(4, sizeof *t.rows);
  t.cap = 4;
  t.has_area = 1;
  for (size_t i = 0; i < 4; i++) {
    t.rows[i].area = strdup("P1");
    t.rows[i].group = strdup("school");
    t.rows[i].stage = strdup(names[i]);
    t.rows[i].period = 2010;
    t.rows[i].count = i;
    t.rows[i].total = 10;
    t.n++;
  }
  ck_assert_int_eq(pt_agg_add_table(a, &t), PT_SUCCESS);
  ck_assert_int_eq(pt_agg_table(a, &out), PT_SUCCESS);
  ck_assert_uint_eq(out.n, 13);   /* 10 + s3, s4, s5 for P1 school 2010 */
  int found = 0;
  for (size_t i = 0; i < out.n; i++)
    if (!strcmp(out.rows[i].area, "P1") && !strcmp(out.rows[i].group, "school") && out.rows[i].period == 2010) {
      if (!strcmp(out.rows[i].stage, "registered")) { ck_assert_uint_eq(out.rows[i].count, 1 + 3); ck_assert_uint_eq(out.rows[i].total, 11); found++; }
      if (!strcmp(out.rows[i].stage, "s5")) { ck_assert_uint_eq(out.rows[i].count, 2); found++; }
    }
  ck_assert_int_eq(found, 2);
  pt_table_free(&t); pt_table_free(&out);
  pt_agg_free(a);
}
END_TEST

int main(void)
{
  const TTest *tests[] = { test_order_is_key_order, test_each_stops, test_merge_equals_one_pass, test_new_stages };
  return run_tests("aggregate", tests, sizeof tests / sizeof tests[0], 0);
}
