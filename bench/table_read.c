/* table_read.c - pt_table_read alone (read, then free), to compare with the
 * bare libcsv pass of bench/csv_bare.c on the same file (bench/rates.sh). */
#include <stdio.h>

#include "proptrend/error.h"
#include "proptrend/table.h"

int main(int argc, char **argv)
{
  pt_table t;
  pt_diags d;
  FILE *f = argc > 1 ? fopen(argv[1], "rb") : stdin;
  if (!f) return 1;
  pt_table_init(&t);
  pt_diags_init(&d);
  int st = pt_table_read(f, NULL, &t, &d);
  printf("%zu rows, %zu diagnostics, status %d\n", t.n, d.n, st);
  pt_table_free(&t);
  pt_diags_free(&d);
  fclose(f);
  return st != PT_SUCCESS;
}
