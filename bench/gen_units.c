/* gen_units.c - seeded generator of unit-level records for the aggregate
 * tests and benchmark: unit_id,year,province,category,registered,recognized.
 *   gen_units N [SEED [PROVINCES]]   (63 provinces x 4 categories x 10 years by
 *   default; PROVINCES = 50000 makes 2,000,000 keys, the many-groups benchmark)
 * Each unit appears once per year; a unit registers with a probability that
 * depends on its province and category, and is recognised only if it
 * registered (most of the time).  Flags are written in mixed forms. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint64_t st;
static uint64_t next(void)
{
  uint64_t z = (st += UINT64_C(0x9e3779b97f4a7c15));
  z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
  return z ^ (z >> 31);
}
static double unif(void) { return (double)(next() >> 11) / 9007199254740992.0; }

int main(int argc, char **argv)
{
  static const char *const cats[] = { "residential_area", "commune", "agency_enterprise", "school" };
  static const char *const yes[] = { "1", "yes", "true", "có" }, *const no[] = { "0", "no", "false", "không" };
  unsigned long long n = argc > 1 ? strtoull(argv[1], NULL, 10) : 1000;
  st = argc > 2 ? strtoull(argv[2], NULL, 10) : 20261127;
  unsigned long long nprov = argc > 3 ? strtoull(argv[3], NULL, 10) : 63;
  if (nprov == 0) nprov = 1;
  unsigned long long units = n / 10 ? n / 10 : 1;   /* each unit in 10 years */
  static char buf[1 << 16];
  setvbuf(stdout, buf, _IOFBF, sizeof buf);
  fputs("unit_id,year,province,category,registered,recognized\n", stdout);
  for (unsigned long long i = 0; i < n; i++) {
    unsigned long long u = i % units;
    int year = 2010 + (int)(i / units) % 10, prov = (int)(u % nprov), cat = (int)((u / nprov) % 4);
    double preg = 0.80 + 0.15 * ((prov * 7 + cat * 3) % 10) / 10.0;
    int reg = unif() < preg, rec = reg && unif() < 0.9;
    int form = (int)(next() & 3);
    printf("U%06llu,%d,P%02d,%s,%s,%s\n", u, year, prov + 1, cats[cat], reg ? yes[form] : no[form],
           rec ? yes[form] : no[form]);
  }
  return 0;
}
