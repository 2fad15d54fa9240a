/* proptrend/reinspect.h - checking the classification itself: how many
 * recognised units to re-inspect, what a re-inspection sample says about the
 * truly compliant share, and rates adjusted for known classification error.
 *
 * References:
 *   Cochran (1977), Sampling Techniques, 3rd ed., sections 4.4 and 4.6:
 *     n0 = z^2 P (1 - P) / D^2, finite-population n = n0 / (1 + (n0 - 1)/N)
 *   exact intervals for a finite population: inversion of the
 *     hypergeometric (Wendell & Schmee 2001, JASA 96:1116)
 *   lot quality assurance sampling: Lemeshow & Taber (1991), World Health
 *     Stat Q 44:115; operating characteristic from the hypergeometric
 *   Rogan & Gladen (1978), Am J Epidemiol 107:71: true rate from apparent,
 *     interval by the same transform of the apparent rate's limits (as R's
 *     epiR::epi.prev)
 *   Wilson (1927), JASA 22:209: the confirmation rate's score interval
 * Domain errors give PT_EDOM; nothing allocates or prints.
 */
#ifndef PROPTREND_REINSPECT_H
#define PROPTREND_REINSPECT_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Cochran's sample size: *n0 (infinite population) and *n after the
 * finite-population correction for N units (N = 0: no correction), rounded
 * up, at least 1 and at most N.  Domain: 0 < P < 1, 0 < D < 1, 0 < level < 1;
 * *n0 is +inf when D is so small that z^2 P(1-P)/D^2 overflows (then *n = N);
 * PT_EOVERFLOW when N = 0 and n0 exceeds 2^53 (no count to give). */
int pt_ss_cochran(uint64_t N, double P, double D, double level, double *n0, uint64_t *n);

/* Exact limits for the number K of compliant units among N, from c confirmed
 * of m inspected (sampled without replacement): equal-tailed, inverting the
 * hypergeometric. */
int pt_hyper_ci(uint64_t c, uint64_t m, uint64_t N, double level, uint64_t *K_lower, uint64_t *K_upper);

/* The smallest n whose exact interval (pt_hyper_ci at c = round(P n)) has a
 * half-width of at most D, as a share of N. */
int pt_ss_exact(uint64_t N, double P, double D, double level, uint64_t *n);

/* LQAS: the smallest sample n and decision number d (accept the lot when at
 * most d sampled units fail) such that a lot with a failure rate of p0 is
 * accepted with probability >= 1 - alpha and one with p1 (> p0) with
 * probability <= beta.  PT_EUNDEF when no n <= N does it. */
int pt_lqas(uint64_t N, double p0, double p1, double alpha, double beta, uint64_t *n, uint64_t *d);
/* P(accept) for a lot of N with failure rate p, sample n, decision d. */
double pt_lqas_oc(uint64_t N, uint64_t n, uint64_t d, double p);

/* What a re-inspection says.  Of the `classified` units a stage counted
 * (e.g. 229 recognised) out of `total` in the group, `inspected` were drawn
 * at random without replacement and `confirmed` of them truly meet the
 * standard.  The compliant share of the classified is estimated by
 * confirmed/inspected, with the Wilson interval (sampling with replacement)
 * and the exact finite-population interval (pt_hyper_ci over the classified
 * units); the number of truly compliant units among the classified follows
 * (K, exact limits), and the corrected rate of the whole group is K / total:
 * units the stage did not count are taken as not compliant, since the
 * sample says nothing about them. */
typedef struct pt_verify_result {
  double rate, wilson_lower, wilson_upper;   /* confirmed / inspected */
  double exact_lower, exact_upper;           /* hypergeometric, share of classified */
  double compliant;                          /* classified * rate */
  uint64_t compliant_lower, compliant_upper; /* exact limits of K */
  double corrected, corrected_lower, corrected_upper;  /* K / total */
} pt_verify_result;

/* Domain: 0 < inspected, confirmed <= inspected <= classified <= total,
 * total <= 4e9, 0 < level < 1; otherwise PT_EDOM. */
int pt_verify(uint64_t confirmed, uint64_t inspected, uint64_t classified, uint64_t total, double level,
              pt_verify_result *r);

/* Rogan-Gladen: (p + sp - 1) / (se + sp - 1) clipped to [0, 1]; PT_EDOM when
 * se + sp <= 1 or an argument is outside [0, 1]. */
int pt_rogan_gladen(double p, double se, double sp, double *adjusted);

#ifdef __cplusplus
}
#endif
#endif
