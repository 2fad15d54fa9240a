/* proptrend/ci.h - confidence intervals for one binomial proportion x/n.
 *
 * Every function has the signature of pt_ci_fn: domain n >= 1, x <= n,
 * n <= 2^53, 0 < level < 1 (else PT_EDOM, outputs untouched).  Limits are
 * clipped to [0,1]; at x = 0 the lower limit is exactly 0 and at x = n the
 * upper limit exactly 1 for every method but Wald (whose formula gives a
 * zero-width interval there).  No allocation; nothing printed; GSL's
 * aborting error handler is switched off on entry.
 *
 * References (z = Phi^-1(1 - alpha/2), alpha = 1 - level):
 *   wald            Laplace; see Brown, Cai & DasGupta (2001), Stat Sci 16:101
 *   wilson          Wilson (1927), JASA 22:209; = R prop.test(correct = FALSE)
 *   wilson-cc       Newcombe (1998), Stat Med 17:857, method 4
 *   agresti-coull   Agresti & Coull (1998), Am Stat 52:119
 *   jeffreys        equal-tailed Beta(x+1/2, n-x+1/2); Brown et al. (2001)
 *   clopper-pearson Clopper & Pearson (1934), Biometrika 26:404; = binom.test
 *   mid-p           Lancaster (1961); Berry & Armitage (1995), Statistician 44:417
 *   likelihood      likelihood-ratio (profile) interval; Brown et al. (2001)
 *   blaker          Blaker (2000), Can J Stat 28:783, acceptability function
 *   logit           Wald interval on the log-odds scale; Brown et al. (2001);
 *                   x = 0 or n falls back to the exact one-sided limit
 *   arcsine         variance-stabilised with Anscombe's 3/8 (Anscombe 1948)
 */
#ifndef PROPTREND_CI_H
#define PROPTREND_CI_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef int (*pt_ci_fn)(uint64_t x, uint64_t n, double level,
                        double *lower, double *upper);

int pt_ci_wald(uint64_t x, uint64_t n, double level, double *lower, double *upper);
int pt_ci_wilson(uint64_t x, uint64_t n, double level, double *lower, double *upper);
int pt_ci_wilson_cc(uint64_t x, uint64_t n, double level, double *lower, double *upper);
int pt_ci_agresti_coull(uint64_t x, uint64_t n, double level, double *lower, double *upper);
int pt_ci_jeffreys(uint64_t x, uint64_t n, double level, double *lower, double *upper);
int pt_ci_clopper_pearson(uint64_t x, uint64_t n, double level, double *lower, double *upper);
int pt_ci_mid_p(uint64_t x, uint64_t n, double level, double *lower, double *upper);
int pt_ci_likelihood(uint64_t x, uint64_t n, double level, double *lower, double *upper);
int pt_ci_blaker(uint64_t x, uint64_t n, double level, double *lower, double *upper);
int pt_ci_logit(uint64_t x, uint64_t n, double level, double *lower, double *upper);
int pt_ci_arcsine(uint64_t x, uint64_t n, double level, double *lower, double *upper);

/* The methods by command-line name, in a fixed order; NULL-terminated. */
typedef struct pt_ci_method_info {
  const char *name;       /* "wilson" */
  pt_ci_fn fn;
  const char *reference;  /* "Wilson (1927)" */
} pt_ci_method_info;

extern const pt_ci_method_info pt_ci_methods[];
/* Lookup by name; NULL if unknown. */
const pt_ci_method_info *pt_ci_method_find(const char *name);

#ifdef __cplusplus
}
#endif
#endif
