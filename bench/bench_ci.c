/* bench_ci.c - Clopper-Pearson and Jeffreys 95% limits for 1,000,000 random
 * (x, n <= 5000), the workload of issue 3's benchmark.  Prints the inputs'
 * checksum and the wall time; never run as a test (see bench/README.md).
 *
 *   bench/bench_ci [N] [--dump FILE]   (--dump writes the inputs as CSV,
 *                                       for bench/statsmodels_beta.py)
 */
#include <config.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "proptrend/ci.h"

/* splitmix64: a fixed, portable stream so every run and every tool sees
 * the same inputs. */
static uint64_t next(uint64_t *s)
{
  uint64_t z = (*s += UINT64_C(0x9e3779b97f4a7c15));
  z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
  return z ^ (z >> 31);
}

static double now(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int main(int argc, char **argv)
{
  size_t n = 1000000;
  const char *dump = NULL;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--dump") && i + 1 < argc) dump = argv[++i];
    else n = strtoull(argv[i], NULL, 10);
  }
  uint64_t *xs = malloc(n * sizeof *xs), *ns = malloc(n * sizeof *ns), seed = 20261127;
  if (!xs || !ns) return 1;
  for (size_t i = 0; i < n; i++) {
    ns[i] = 1 + next(&seed) % 5000;
    xs[i] = next(&seed) % (ns[i] + 1);
  }
  if (dump) {
    FILE *f = fopen(dump, "w");
    if (!f) return 1;
    fputs("x,n\n", f);
    for (size_t i = 0; i < n; i++) fprintf(f, "%llu,%llu\n", (unsigned long long)xs[i], (unsigned long long)ns[i]);
    fclose(f);
  }
  double sum = 0.0, t0 = now();
  for (size_t i = 0; i < n; i++) {
    double lo, hi;
    if (pt_ci_clopper_pearson(xs[i], ns[i], 0.95, &lo, &hi)) return 2;
    sum += lo + hi;
  }
  double t1 = now();
  for (size_t i = 0; i < n; i++) {
    double lo, hi;
    if (pt_ci_jeffreys(xs[i], ns[i], 0.95, &lo, &hi)) return 2;
    sum += lo + hi;
  }
  double t2 = now();
  printf("n=%zu clopper-pearson %.3f s, jeffreys %.3f s, total %.3f s (checksum %.10g)\n",
         n, t1 - t0, t2 - t1, t2 - t0, sum);
  free(xs);
  free(ns);
  return 0;
}
