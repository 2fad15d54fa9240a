#!/usr/bin/env Rscript
# bigcount-fixtures.R - the eleven interval methods at national and beyond
# national totals, n from 10^8 to 2^53 (issue 18, item 4), from the same R
# definitions as the grid of make-fixtures.R (ci-methods.R).
#
# x in {0, 1, 2, 3, n/3, n/2, n-3, ..., n}: the limits with x <= 3 are tiny
# (below 1e-7), where an inversion of the incomplete beta has to work in x,
# not in 1 - x.  There R's qbeta is itself checked: bigcount-mpmath.py solves
# the Clopper-Pearson, Jeffreys and mid-p limits at 60 digits from finite
# binomial sums, and test_ci checks the library against both files.
#
# Run from the top of the source tree:  Rscript tests/reference/bigcount-fixtures.R
# Writes tests/reference/fixtures/ci-bign.csv.  Deterministic.

out_dir <- file.path("tests", "reference", "fixtures")
fmt <- function(v) ifelse(is.na(v), "", sprintf("%.17g", v))
source(file.path("tests", "reference", "ci-methods.R"))
# binom.test builds a vector of length n for its p-value (too long beyond
# 2^31): its interval is qbeta(alpha/2, x, n-x+1), qbeta(1-alpha/2, x+1, n-x);
# here the upper limit from the upper tail (no 1 - alpha/2 rounding).
ci_clopper_pearson <- function(x, n, level) {
  a <- (1 - level) / 2
  c(if (x == 0) 0 else qbeta(a, x, n - x + 1),
    if (x == n) 1 else qbeta(a, x + 1, n - x, lower.tail = FALSE))
}
methods[["clopper-pearson"]] <- ci_clopper_pearson
# ci-methods.R brackets the likelihood upper limit by 1 - 1e-16, which makes
# uniroot's tolerance (relative to the bracket) 1e-15 absolute: too coarse for
# limits of 1e-15.  Here the bracket ends where the deviance is surely past z^2.
ci_likelihood <- function(x, n, level) {
  z2 <- zq(level)^2; ph <- x / n
  ll <- function(p) dbinom(x, n, p, log = TRUE)
  f <- function(p) 2 * (ll(ph) - ll(p)) - z2
  top <- min(1 - 1e-16, (x + 4 * z2 + 10 * sqrt(x + 1) + 10) / n)
  if (!(f(top) > 0)) top <- 1 - 1e-16
  c(if (x == 0) 0 else solve(f, 1e-300, ph), if (x == n) 1 else solve(f, ph, top))
}
methods[["likelihood"]] <- ci_likelihood
# At x = 0 the mid-p and logit upper limits are 1 - a^(1/n) in ci-methods.R,
# which cancels for large n (1e-8 relative at n = 3e8, 15 % at 2^53): here
# -expm1(log(a)/n), the same closed form without the cancellation.
ci_mid_p_big <- function(x, n, level) if (x == 0) c(0, -expm1(log(1 - level) / n)) else ci_mid_p(x, n, level)
ci_logit_big <- function(x, n, level) if (x == 0) c(0, -expm1(log((1 - level) / 2) / n)) else ci_logit(x, n, level)
methods[["mid-p"]] <- ci_mid_p_big
methods[["logit"]] <- ci_logit_big
# Blaker's acceptability is symmetric in (x, p) <-> (n - x, 1 - p): above n/2
# the limits are 1 minus the mirrored ones (qbinom is unsure near p = 1).
ci_blaker_sym <- function(x, n, level) if (x > n / 2) 1 - rev(ci_blaker(n - x, n, level)) else ci_blaker(x, n, level)
methods[["blaker"]] <- ci_blaker_sym

ns <- c(1e8, 3e8, 1e9, 1e10, 1e11, 1e12, 2^40, 1e13, 1e14, 1e15, 2^52, 2^53 - 1, 2^53)
rows <- list()
skipped <- 0
for (level in c(0.90, 0.95, 0.99)) {
  for (m in names(methods)) {
    f <- methods[[m]]
    for (n in ns) {
      for (x in unique(c(0, 1, 2, 3, floor(n / 3), floor(n / 2), n - 3, n - 2, n - 1, n))) {
        # uniroot fails where R's own pbinom/dbinom are unsure (mid-p and the
        # likelihood at x = n/2 and n - x <= 3 near 2^52): no reference there
        # (and at most 30 s an interval: accept_blaker_fast's linear search
        # from qbinom's start can take hours near p = 1)
        setTimeLimit(elapsed = 30, transient = TRUE)
        ci <- tryCatch(f(x, n, level), error = function(e) NULL)
        setTimeLimit(elapsed = Inf)
        if (is.null(ci)) { skipped <- skipped + 1; next }
        rows[[length(rows) + 1]] <- sprintf("%s,%.0f,%.0f,%s,%s,%s", m, x, n, fmt(level), fmt(ci[1]), fmt(ci[2]))
      }
    }
  }
}
writeLines(c("method,x,n,level,lower,upper", unlist(rows)), file.path(out_dir, "ci-bign.csv"))
cat(length(rows), "intervals written,", skipped, "skipped (R could not solve them)\n")
