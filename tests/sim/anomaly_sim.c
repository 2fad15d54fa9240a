/* anomaly_sim.c - the simulation study behind the anomaly methods' false
 * alarm and detection rates (seeded; deterministic).
 *
 * Null model: 10,000 series of 5 yearly points with n ~ U{150..1300} and one
 * p ~ U(0.60, 0.99) per series, the range of the bundled dataset; 2,000
 * cross-sections of 20 units for the funnel; 2,000 group x period tables
 * (4 x 5, logit p = group + year, no interaction) for the two-way GLM.
 * Per-series (per-table) false alarm rate: the share with at least one flag
 * of that severity, against the nominal rate of that many independent tests,
 * 1 - (1 - alpha)^k.  Detection: one point lowered by 5, 10, 20 pp; the
 * share in which that point is flagged as a drop.
 *
 * Exit 1 when a false alarm rate exceeds its nominal rate by more than one
 * percentage point.  --markdown prints the table for the README.
 */
#include <config.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "proptrend/anomaly.h"

#define NSERIES 10000
#define NTABLES 2000

enum { LOO, PCHART, PCHART_EXACT, FUNNEL, TWOWAY, NMETH };
static const char *const names[NMETH] = { "loo", "pchart", "pchart --exact", "funnel", "twoway" };
static const int kpts[NMETH] = { 5, 5, 5, 20, 20 };

static int run(int m, size_t k, const uint64_t *x, const uint64_t *n, pt_anom_point *out)
{
  double aux;
  switch (m) {
  case LOO: return pt_anom_loo(k, x, n, 0.95, out);
  case PCHART: return pt_anom_pchart(k, x, n, PT_Z_ALARM, 0, 0.95, out);
  case PCHART_EXACT: return pt_anom_pchart(k, x, n, PT_Z_ALARM, 1, 0.95, out);
  case FUNNEL: return pt_anom_funnel(k, x, n, NAN, 0, 0.95, out, &aux);
  default: return pt_anom_twoway(4, 5, x, n, 0.95, out, &aux);
  }
}

/* One simulated unit of analysis; drop: lower point j by drop (>0). */
static void simulate(gsl_rng *r, int m, double drop, size_t *j, uint64_t *x, uint64_t *n)
{
  size_t k = (size_t)kpts[m];
  double p = 0.60 + 0.39 * gsl_rng_uniform(r), ge[4], ye[5];
  for (int g = 0; g < 4; g++) ge[g] = gsl_ran_gaussian(r, 0.7);
  for (int t = 0; t < 5; t++) ye[t] = gsl_ran_gaussian(r, 0.2);
  *j = gsl_rng_uniform_int(r, k);
  for (size_t i = 0; i < k; i++) {
    double pi = p;
    if (m == TWOWAY) pi = 1.0 / (1.0 + exp(-(log(p / (1 - p)) + ge[i / 5] + ye[i % 5])));
    if (i == *j && drop > 0) pi = fmax(0.001, pi - drop);
    n[i] = 150 + gsl_rng_uniform_int(r, 1151);
    x[i] = gsl_ran_binomial(r, pi, (unsigned)n[i]);
  }
}

int main(int argc, char **argv)
{
  int markdown = argc > 1 && !strcmp(argv[1], "--markdown");
  static const double drops[3] = { 0.05, 0.10, 0.20 };
  gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
  int fails = 0, passes = 0;
  if (markdown)
    printf("| method | unit | false warning (nominal) | false alarm (nominal) | drop 5 pp | drop 10 pp | drop 20 pp |\n"
           "|---|---|---:|---:|---:|---:|---:|\n");
  for (int m = 0; m < NMETH; m++) {
    uint64_t x[20], n[20];
    pt_anom_point out[20];
    size_t j, reps = (m == FUNNEL || m == TWOWAY) ? NTABLES : NSERIES, fw = 0, fa = 0, used = 0;
    size_t det[3] = { 0, 0, 0 }, dused[3] = { 0, 0, 0 };
    gsl_rng_set(r, 20261127 + (unsigned long)m);
    for (size_t s = 0; s < reps; s++) {
      simulate(r, m, 0.0, &j, x, n);
      if (run(m, (size_t)kpts[m], x, n, out) != 0) continue;
      int w = 0, a = 0;
      for (int i = 0; i < kpts[m]; i++) {
        w |= out[i].severity >= PT_ANOM_WARNING;
        a |= out[i].severity == PT_ANOM_ALARM;
      }
      fw += w; fa += a; used++;
    }
    for (int d = 0; d < 3; d++)
      for (size_t s = 0; s < reps; s++) {
        simulate(r, m, drops[d], &j, x, n);
        if (run(m, (size_t)kpts[m], x, n, out) != 0) continue;
        dused[d]++;
        det[d] += out[j].severity >= PT_ANOM_WARNING && out[j].direction < 0;
      }
    double k = kpts[m], nw = 1 - pow(0.95, k), na = 1 - pow(0.998, k);
    double rw = (double)fw / (double)used, ra = (double)fa / (double)used;
    if (markdown)
      printf("| `%s` | %s | %.1f%% (%.1f%%) | %.2f%% (%.2f%%) | %.1f%% | %.1f%% | %.1f%% |\n", names[m],
             m == FUNNEL ? "20 units" : m == TWOWAY ? "4 x 5 table" : "5 years",
             100 * rw, 100 * nw, 100 * ra, 100 * na, 100.0 * (double)det[0] / (double)dused[0],
             100.0 * (double)det[1] / (double)dused[1], 100.0 * (double)det[2] / (double)dused[2]);
    else {
      int okw = rw <= nw + 0.01, oka = ra <= na + 0.01;
      printf("%s - %s: false warning rate %.4f <= nominal %.4f + 0.01\n", okw ? "ok" : "not ok", names[m], rw, nw);
      printf("%s - %s: false alarm rate %.4f <= nominal %.4f + 0.01\n", oka ? "ok" : "not ok", names[m], ra, na);
      printf("# %s detection of a drop of 5/10/20 pp: %.3f %.3f %.3f\n", names[m],
             (double)det[0] / (double)dused[0], (double)det[1] / (double)dused[1], (double)det[2] / (double)dused[2]);
      passes += okw + oka;
      fails += !okw + !oka;
    }
  }
  gsl_rng_free(r);
  if (!markdown) printf("%d passed, %d failed\n", passes, fails);
  return fails ? 1 : 0;
}
