/* bench_ci.c - Clopper-Pearson and Jeffreys 95% limits for 1,000,000 random
 * (x, n <= 5000), the workload of issue 3's benchmark.  Prints the inputs'
 * checksum and the wall time; never run as a test (see bench/README.md).
 *
 *   bench/bench_ci [N] [--dump FILE] [--threads T]
 *     --dump writes the inputs as CSV, for bench/statsmodels_beta.py;
 *     --threads splits the intervals over T threads (the functions keep no
 *     state, so a batch parallelises as it is).
 */
#include <config.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
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

typedef struct job {
  const uint64_t *xs, *ns;
  size_t from, to;
  int jeffreys, err;
  double sum;
} job;

static void *run(void *arg)
{
  job *j = arg;
  for (size_t i = j->from; i < j->to; i++) {
    double lo, hi;
    if ((j->jeffreys ? pt_ci_jeffreys : pt_ci_clopper_pearson)(j->xs[i], j->ns[i], 0.95, &lo, &hi)) { j->err = 1; break; }
    j->sum += lo + hi;
  }
  return NULL;
}

/* One method over all intervals on T threads; the wall time. */
static double timed(const uint64_t *xs, const uint64_t *ns, size_t n, int jeffreys, int threads, double *sum)
{
  job jobs[64];
  pthread_t tid[64];
  double t0 = now();
  for (int k = 0; k < threads; k++) {
    jobs[k] = (job){ xs, ns, n * (size_t)k / (size_t)threads, n * (size_t)(k + 1) / (size_t)threads, jeffreys, 0, 0.0 };
    if (threads > 1) pthread_create(&tid[k], NULL, run, &jobs[k]);
    else run(&jobs[k]);
  }
  for (int k = 0; k < threads; k++) {
    if (threads > 1) pthread_join(tid[k], NULL);
    if (jobs[k].err) exit(2);
    *sum += jobs[k].sum;
  }
  return now() - t0;
}

int main(int argc, char **argv)
{
  size_t n = 1000000;
  const char *dump = NULL;
  int threads = 1;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--dump") && i + 1 < argc) dump = argv[++i];
    else if (!strcmp(argv[i], "--threads") && i + 1 < argc) {
      threads = atoi(argv[++i]);
      if (threads < 1 || threads > 64) return 1;
    }
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
  double sum = 0.0;
  double tc = timed(xs, ns, n, 0, threads, &sum), tj = timed(xs, ns, n, 1, threads, &sum);
  printf("n=%zu threads=%d clopper-pearson %.3f s, jeffreys %.3f s, total %.3f s (checksum %.10g)\n",
         n, threads, tc, tj, tc + tj, sum);
  free(xs);
  free(ns);
  return 0;
}
