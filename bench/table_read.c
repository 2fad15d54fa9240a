/* table_read.c - pt_table_read alone (read, then free), to compare with the
 * bare libcsv pass of bench/csv_bare.c on the same file (bench/rates.sh).
 * A second argument reads on that many threads (pt_load_opts.threads). */
#include <stdio.h>
#include <stdlib.h>

#include "proptrend/error.h"
#include "proptrend/table.h"

int main(int argc, char **argv)
{
  pt_table t;
  pt_diags d;
  pt_load_opts o;
  pt_load_opts_init(&o);
  if (argc > 2) o.threads = (unsigned)atoi(argv[2]);
  FILE *f = argc > 1 ? fopen(argv[1], "rb") : stdin;
  if (!f) return 1;
  pt_table_init(&t);
  pt_diags_init(&d);
  int st = pt_table_read(f, &o, &t, &d);
  printf("%zu rows, %zu diagnostics, status %d\n", t.n, d.n, st);
  pt_table_free(&t);
  pt_diags_free(&d);
  fclose(f);
  return st != PT_SUCCESS;
}
