/* proptrend/compare.h - comparing two binomial proportions.
 *
 * Direction is always "to minus from": group a is the later period (or the
 * later stage), group b the earlier, so diff = pa - pb, ratio = pa / pb and
 * odds ratio = (pa / (1 - pa)) / (pb / (1 - pb)).
 *
 * Domain for every function: na >= 1, nb >= 1, xa <= na, xb <= nb, all
 * <= 2^53; 0 < level < 1 where there is a level.  PT_EDOM otherwise (outputs
 * untouched).  PT_EUNDEF when the statistic does not exist for these data
 * (a ratio with xb = 0, a Woolf odds ratio with a zero cell, a z test with
 * all successes or all failures); the caller prints an empty cell.
 * No allocation, nothing printed, GSL's aborting handler off.
 * Ownership: results are written into the caller's scalars and structs.
 *
 * References:
 *   newcombe            Newcombe (1998), Stat Med 17:873, method 10 (hybrid score)
 *   wald                difference +- z * SE, unpooled
 *   agresti-caffo       Agresti & Caffo (2000), Am Stat 54:280 (add 1 and 1)
 *   miettinen-nurminen  Miettinen & Nurminen (1985), Stat Med 4:213: score
 *                       interval with the N/(N-1) variance factor, constrained
 *                       MLE by maximising the profile likelihood
 *   katz                Katz et al. (1978), Biometrics 34:469 (log ratio)
 *   koopman             Koopman (1984), Biometrics 40:513 (score, Pearson X^2)
 *   woolf               Woolf (1955), Ann Hum Genet 19:251 (log odds ratio)
 *   exact               conditional, inverting the noncentral hypergeometric
 *                       (Cornfield 1956; as R's fisher.test, to full precision)
 *   fisher              two-sided p: tables with probability <= observed
 *                       * (1 + 1e-7), as R's fisher.test
 *   holm, bh            Holm (1979), Benjamini & Hochberg (1995), as p.adjust
 */
#ifndef PROPTREND_COMPARE_H
#define PROPTREND_COMPARE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* An interval method for a two-sample measure: estimate and limits. */
typedef int (*pt_cmp_fn)(uint64_t xa, uint64_t na, uint64_t xb, uint64_t nb,
                         double level, double *est, double *lower, double *upper);

/* Difference pa - pb; limits clipped to [-1, 1]. */
int pt_diff_newcombe(uint64_t xa, uint64_t na, uint64_t xb, uint64_t nb, double level,
                     double *est, double *lower, double *upper);
int pt_diff_wald(uint64_t xa, uint64_t na, uint64_t xb, uint64_t nb, double level,
                 double *est, double *lower, double *upper);
int pt_diff_agresti_caffo(uint64_t xa, uint64_t na, uint64_t xb, uint64_t nb, double level,
                          double *est, double *lower, double *upper);
int pt_diff_miettinen_nurminen(uint64_t xa, uint64_t na, uint64_t xb, uint64_t nb, double level,
                               double *est, double *lower, double *upper);

/* Ratio pa / pb.  An upper limit of +infinity (xb = 0 with xa > 0 for
 * koopman) is returned as INFINITY; katz needs xa > 0 and xb > 0. */
int pt_ratio_katz(uint64_t xa, uint64_t na, uint64_t xb, uint64_t nb, double level,
                  double *est, double *lower, double *upper);
int pt_ratio_koopman(uint64_t xa, uint64_t na, uint64_t xb, uint64_t nb, double level,
                     double *est, double *lower, double *upper);

/* Odds ratio.  woolf: sample odds ratio, needs no zero cell.  exact: the
 * conditional maximum-likelihood estimate and exact conditional limits
 * (0 and INFINITY at the edges of the support). */
int pt_or_woolf(uint64_t xa, uint64_t na, uint64_t xb, uint64_t nb, double level,
                double *est, double *lower, double *upper);
int pt_or_exact(uint64_t xa, uint64_t na, uint64_t xb, uint64_t nb, double level,
                double *est, double *lower, double *upper);

/* Two-proportion z test with pooled variance (z^2 = prop.test(correct =
 * FALSE) statistic); two-sided p. */
int pt_test_z(uint64_t xa, uint64_t na, uint64_t xb, uint64_t nb, double *z, double *p);
/* Fisher's exact test, two-sided p as R's fisher.test. */
int pt_test_fisher(uint64_t xa, uint64_t na, uint64_t xb, uint64_t nb, double *p);

typedef enum pt_adjust {
  PT_ADJUST_NONE = 0,
  PT_ADJUST_BONFERRONI,
  PT_ADJUST_HOLM,
  PT_ADJUST_BH
} pt_adjust;

/* Adjust n p-values in place (R's p.adjust); NaN entries are left out of
 * the family and stay NaN.  PT_ENOMEM possible (n doubles of workspace). */
int pt_p_adjust(double *p, size_t n, pt_adjust method);

/* Method tables by command-line name, NULL-terminated. */
typedef struct pt_cmp_method_info {
  const char *name;
  pt_cmp_fn fn;
  const char *reference;
} pt_cmp_method_info;

extern const pt_cmp_method_info pt_diff_methods[];
extern const pt_cmp_method_info pt_ratio_methods[];
extern const pt_cmp_method_info pt_or_methods[];
const pt_cmp_method_info *pt_cmp_method_find(const pt_cmp_method_info *table, const char *name);
/* "none" "bonferroni" "holm" "bh": 0 or -1. */
int pt_adjust_from_name(const char *name, pt_adjust *out);
const char *pt_adjust_name(pt_adjust a);

/* ---- nested stages (issue 16) ----------------------------------------------
 * Recognised units are (mostly) a subset of the registered ones, so the two
 * stages of one group and period are not independent samples: the
 * question is the conditional proportion recognised / registered, x_rec of
 * x_reg, with its own (Wilson) interval, the registered units taken as
 * given.  It is a subset proportion only when both stages count the same
 * units: the recognised stage's total equals the registered stage's total
 * (or the registered count, when recognition is reported among the
 * registered) and x_rec <= x_reg.  Otherwise flags say why:
 *   PT_NEST_TOTALS_DIFFER  n_rec differs from both n_reg and x_reg: the
 *                          stages count different populations; the ratio
 *                          is given but is not a subset proportion
 *   PT_NEST_EXCEEDS        x_rec > x_reg: more recognised than registered;
 *                          no proportion, p and the interval NaN */
#define PT_NEST_TOTALS_DIFFER 1
#define PT_NEST_EXCEEDS 2
typedef struct pt_nested {
  double ratio;          /* x_rec / x_reg (NaN when x_reg = 0) */
  double lower, upper;   /* Wilson interval of the conditional proportion */
  int flags;             /* 0: a subset proportion */
} pt_nested;

/* PT_EDOM outside x_rec <= n_rec, x_reg <= n_reg, n >= 1, level in (0,1);
 * PT_EUNDEF when x_reg = 0 (nothing registered to recognise from). */
int pt_nested_stage(uint64_t x_rec, uint64_t n_rec, uint64_t x_reg, uint64_t n_reg, double level, pt_nested *r);
/* Change of the conditional proportion between two periods (a later, b
 * earlier): Newcombe's interval of x_rec_a/x_reg_a - x_rec_b/x_reg_b.
 * PT_EUNDEF when either is not a proportion (PT_NEST_EXCEEDS, x_reg = 0). */
int pt_nested_change(uint64_t xrec_a, uint64_t xreg_a, uint64_t xrec_b, uint64_t xreg_b, double level, double *est,
                     double *lower, double *upper);

#ifdef __cplusplus
}
#endif
#endif
