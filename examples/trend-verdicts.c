/* trend-verdicts.c - the trend verdict of every series in a table, through
 * the installed libproptrend.
 *
 * Build against the installed library:
 *   cc trend-verdicts.c $(pkg-config --cflags --libs proptrend) -o trend-verdicts
 * Run on the bundled dataset:
 *   ./trend-verdicts PKGDATADIR/datasets/quangbinh-antt-2013-2017.csv
 *
 * One line per series (tab-separated): group, stage, number of periods,
 * verdict, and the statistic and p of the test the verdict comes from ("-"
 * when the test is undefined).  The library never prints: this program
 * formats every message itself, on stderr, and exits 1 on any failure.
 */
#include <stdio.h>
#include <stdlib.h>

#include <proptrend/analyses.h>   /* pt_an_trend_run, which includes table.h */
#include <proptrend/error.h>      /* pt_strerror */

/* Print the reader's diagnostics as FILE:LINE:COL: message. */
static void print_diags(const char *path, const pt_diags *d)
{
  for (size_t i = 0; i < d->n; i++)
    fprintf(stderr, "%s:%lu:%lu: %s\n", path, d->items[i].line, d->items[i].col,
            d->items[i].message);
  if (d->truncated)
    fprintf(stderr, "%s: too many errors, reading stopped\n", path);
}

/* Read path into t (the caller owns t and frees it, also on failure). */
static int read_table(const char *path, pt_table *t)
{
  FILE *in = fopen(path, "rb");
  if (!in) {
    perror(path);
    return -1;
  }
  pt_load_opts lo;
  pt_load_opts_init(&lo);          /* comma-separated, plain numbers, default headers */
  pt_diags d;                      /* the diagnostics are ours too: pt_diags_free */
  pt_diags_init(&d);
  int st = pt_table_read(in, &lo, t, &d);
  if (st == PT_EDATA)
    print_diags(path, &d);
  else if (st != PT_SUCCESS)
    fprintf(stderr, "%s: %s\n", path, pt_strerror(st));
  pt_diags_free(&d);
  if (fclose(in) != 0 && st == PT_SUCCESS) {
    perror(path);
    return -1;
  }
  return st == PT_SUCCESS ? 0 : -1;
}

static void print_trend(const pt_an_trend *s)
{
  if (s->area)                     /* tables with an area column */
    printf("%s\t", s->area);
  /* verdict is a pt_an_verdict; its name is a static string */
  printf("%s\t%s\t%zu\t%s\t", s->group, s->stage, s->n_periods, pt_an_verdict_names[s->verdict]);
  if (s->test_ok)
    printf("%.4g\t%.4g\n", s->test_stat, s->test_p);
  else
    printf("-\t-\n");
}

int main(int argc, char **argv)
{
  if (argc != 2) {
    fprintf(stderr, "usage: %s TABLE.csv\n", argv[0]);
    return 1;
  }
  pt_table t;
  pt_table_init(&t);
  if (read_table(argv[1], &t) != 0) {
    pt_table_free(&t);
    return 1;
  }

  /* The defaults: 95% level, two-sided, dispersion by Williams' method. */
  pt_an_trend_opts o;
  pt_an_trend_opts_init(&o);
  pt_an_trends r;                  /* filled by the run, freed by us: pt_an_trend_free */
  int st = pt_an_trend_run(&t, &o, &r);
  if (st != PT_SUCCESS) {
    fprintf(stderr, "%s: trend: %s\n", argv[1], pt_strerror(st));
  } else {
    for (size_t i = 0; i < r.n; i++)
      print_trend(&r.s[i]);
  }
  /* The result's group and stage strings point into the table: free the
   * result first, then the table. */
  pt_an_trend_free(&r);
  pt_table_free(&t);
  if (st != PT_SUCCESS)
    return 1;
  if (fflush(stdout) != 0 || ferror(stdout)) {
    perror("stdout");
    return 1;
  }
  return 0;
}
