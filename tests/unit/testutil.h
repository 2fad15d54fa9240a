/* testutil.h - helpers for the Check unit tests: fixture reading and
 * comparisons with named tolerances (as GSL's cdf/test.c). */
#ifndef PT_TESTUTIL_H
#define PT_TESTUTIL_H

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Named tolerances. */
#define TOL_CLOSED 1e-9    /* relative, closed forms against R */
#define TOL_ITER_ABS 1e-8  /* absolute, iterative methods (issue 3) */

/* |a - b| <= rel * max(|a|, |b|) (exact equality passes, NaN never). */
static inline int close_rel(double a, double b, double rel)
{
  if (a == b) return 1;
  if (isnan(a) || isnan(b)) return 0;
  return fabs(a - b) <= rel * fmax(fabs(a), fabs(b));
}

static inline double rel_err(double a, double b)
{
  if (a == b) return 0.0;
  return fabs(a - b) / fmax(fabs(a), fabs(b));
}

/* Read a fixture CSV (no quoting) line by line: splits into at most max
 * fields; returns field count or -1 at EOF.  Header lines are the caller's. */
static inline int fixture_line(FILE *f, char *buf, size_t cap, char **fields, int max)
{
  int n = 0;
  if (!fgets(buf, (int)cap, f)) return -1;
  buf[strcspn(buf, "\r\n")] = '\0';
  char *p = buf;
  while (n < max) {
    fields[n++] = p;
    char *c = strchr(p, ',');
    if (!c) break;
    *c = '\0';
    p = c + 1;
  }
  return n;
}

static inline FILE *fixture_open(const char *rel)
{
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", TOP_SRCDIR, rel);
  FILE *f = fopen(path, "r");
  ck_assert_msg(f != NULL, "cannot open fixture %s", path);
  return f;
}

/* Run a suite; the exit status for automake. */
static inline int run_suite(Suite *s)
{
  SRunner *sr = srunner_create(s);
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? 1 : 0;
}

/* Run one TCase's tests as a suite; exit status for automake. */
static inline int run_tests(const char *name, const TTest *const *tests, size_t n, int timeout)
{
  Suite *s = suite_create(name);
  TCase *tc = tcase_create("core");
  tcase_set_timeout(tc, timeout > 0 ? timeout : 120);   /* room for sanitizers and valgrind */
  for (size_t i = 0; i < n; i++) tcase_add_test(tc, tests[i]);
  suite_add_tcase(s, tc);
  return run_suite(s);
}

/* One test over the cases [0, n) of a table (the case is _i in the test). */
static inline int run_loop_test(const char *name, const TTest *test, int n, int timeout)
{
  Suite *s = suite_create(name);
  TCase *tc = tcase_create("core");
  tcase_set_timeout(tc, timeout > 0 ? timeout : 120);
  tcase_add_loop_test(tc, test, 0, n);
  suite_add_tcase(s, tc);
  return run_suite(s);
}
#endif
