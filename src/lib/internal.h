/* internal.h - helpers shared by libproptrend's modules; not installed. */
#ifndef PROPTREND_INTERNAL_H
#define PROPTREND_INTERNAL_H

/* Switch GSL's default error handler (which aborts) off.  Called at the top
 * of every library entry point that reaches GSL; cheap and idempotent. */
void pt_gsl_quiet(void);
/* pt_gsl_hold(1) turns GSL's handler off for this thread's calls until the
 * matching pt_gsl_hold(0): a loop of many library calls sets it once. */
void pt_gsl_hold(int on);


#include "proptrend/table.h"

/* Append a diagnostic (printf-style message); 0, or -1 when out of memory. */
int pt_diag_add(pt_diags *d, unsigned long line, unsigned long col, const char *fmt, ...)
  __attribute__((format(printf, 4, 5)));

#endif

/* A positive function of p in (lo, hi) and its derivative. */
typedef int (*pt_tail_fn)(double p, void *ctx, double *v, double *dv);

/* Solve f(p) = target for f monotone in (lo, hi) (increasing != 0 when f
 * grows with p), starting at x0.  Newton on log f inside a shrinking bracket,
 * bisection (geometric near 0 and 1) when Newton leaves it.  Never NaN. */
int pt_solve_tail(pt_tail_fn f, void *ctx, double target, int increasing,
                  double lo, double hi, double x0, double *out);

/* Density of Beta(a, b) at x. */
double pt_beta_pdf(double x, double a, double b);
/* pt_beta_quantile for a tail probability p <= 1/2 whose normal quantile
 * z = Qinv(p) the caller has already (the interval methods compute it once
 * per interval, not once per limit). */
int pt_beta_quantile_z(double p, double z, int upper_tail, double a, double b, double *xout);

/* log1p(t) - t without cancellation for small |t|. */
double pt_log1pmx(double t);

/* Logistic regression of x/n on scores s with prior weights pw (NULL: 1),
 * by IRLS (trend.c): intercept *a and slope *b for the scores as given,
 * *var_b = the slope's variance (X' W X)^-1 with W = pw n mu (1 - mu),
 * fitted mu (k values).  PT_EUNDEF when the data separate (see
 * pt_logit_separated) or X = 0 or N; PT_ENOCONV. */
int pt_logit_fit_w(size_t k, const uint64_t *x, const uint64_t *n, const double *s, const double *pw,
                   double *a, double *b, double *var_b, double *mu);
/* Nonzero when a logistic trend in s separates the data: every unit that
 * met the standard is at a score >= (or <=) every unit that did not, so
 * the slope's estimate is infinite. */
int pt_logit_separated(size_t k, const uint64_t *x, const uint64_t *n, const double *s);
