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
 * Ownership: results are written into the caller's scalars and structs.
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

/* Rogan-Gladen with estimated error rates: sensitivity se_x / se_n (of
 * se_n truly compliant units re-inspected, se_x were classified compliant)
 * and specificity sp_x / sp_n (of sp_n truly non-compliant, sp_x were
 * classified non-compliant), from samples independent of the x / n
 * classified.  Their sampling error enters the interval by the delta
 * method (Rogan & Gladen 1978, eq. for estimated Se and Sp; Greiner &
 * Gardner 2000, Prev Vet Med 45:43):
 *   theta = (p + Sp - 1) / J,  J = Se + Sp - 1,
 *   Var(theta) = [p(1-p)/n + theta^2 Se(1-Se)/se_n + (1-theta)^2 Sp(1-Sp)/sp_n] / J^2,
 *   limits theta +- z sqrt(Var).
 * Nothing is clipped: when the apparent rate lies outside [1 - Sp, Se] the
 * adjustment is not identifiable (the rate would be below 0 or above 1)
 * and the status says so, with the unclipped numbers for the record. */
typedef enum pt_rg_status {
  PT_RG_OK = 0,
  PT_RG_BELOW,          /* p < 1 - Sp: fewer classified than the false positives alone */
  PT_RG_ABOVE,          /* p > Se: more classified than the true positives could give */
  PT_RG_UNINFORMATIVE   /* Se + Sp <= 1: the classification says nothing */
} pt_rg_status;

typedef struct pt_rg_result {
  double apparent, se, sp;     /* x/n, se_x/se_n, sp_x/sp_n */
  double adjusted;             /* theta, unclipped (NaN when uninformative) */
  double sd;                   /* its delta-method standard error */
  double lower, upper;         /* theta -+ z sd, unclipped */
  double lower_known, upper_known;   /* the same with Se, Sp taken as known (their variance terms 0) */
  pt_rg_status status;
} pt_rg_result;

/* PT_EDOM: n, se_n or sp_n 0, a count above its total, level outside (0,1).
 * A non-identifiable adjustment is PT_SUCCESS with r->status set. */
int pt_rogan_gladen_counts(uint64_t x, uint64_t n, uint64_t se_x, uint64_t se_n, uint64_t sp_x, uint64_t sp_n,
                           double level, pt_rg_result *r);

#ifdef __cplusplus
}
#endif
#endif
