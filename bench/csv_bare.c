/* csv_bare.c - the floor for aggregate's speed: libcsv parsing a file with
 * callbacks that do nothing but count. */
#include <csv.h>
#include <stdio.h>

static unsigned long long fields, records;
static void cb1(void *s, size_t len, void *p) { (void)s; (void)len; (void)p; fields++; }
static void cb2(int c, void *p) { (void)c; (void)p; records++; }

int main(int argc, char **argv)
{
  struct csv_parser p;
  static char buf[1 << 16];
  FILE *f = argc > 1 ? fopen(argv[1], "rb") : stdin;
  size_t n;
  if (!f || csv_init(&p, 0)) return 1;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) csv_parse(&p, buf, n, cb1, cb2, NULL);
  csv_fini(&p, cb1, cb2, NULL);
  csv_free(&p);
  printf("%llu records, %llu fields\n", records, fields);
  return 0;
}
