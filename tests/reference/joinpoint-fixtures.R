# joinpoint-fixtures.R - sourced by make-fixtures.R (or run alone from the top
# of the source tree): joinpoint regression by brute force, written again in
# R from the definitions (Lerman's grid search over joinpoints at observed
# periods with the NCI Joinpoint constraints, OLS of ln p, BIC, segment APCs
# and the AAPC with t intervals on n - (2k + 2) df), and the segment slopes
# checked against the R package segmented with the joinpoints fixed.
# The permutation statistic SSE(k0)/SSE(k1) is given for the observed data
# and for data sets made by fixed permutations (R's sample()).
#
# Needs r-cran-segmented.  Writes tests/reference/fixtures/joinpoint-*.csv.

if (!exists("out_dir")) {
  out_dir <- file.path("tests", "reference", "fixtures")
  fmt <- function(v) ifelse(is.na(v), "", sprintf("%.17g", v))
}
suppressPackageStartupMessages(library(segmented))

MIN_END <- 2; MIN_BETWEEN <- 2

placements <- function(n, k) {
  if (k == 0) return(list(integer(0)))
  out <- list()
  rec <- function(j, at) {
    if (j > k) { out[[length(out) + 1]] <<- at; return(invisible()) }
    lo <- if (j == 1) MIN_END else at[j - 1] + MIN_BETWEEN + 1
    hi <- n - 1 - MIN_END - (k - j) * (MIN_BETWEEN + 1)
    if (lo <= hi) for (i in lo:hi) rec(j + 1, c(at, i))
  }
  rec(1, integer(0))
  out
}
design <- function(t, at) {
  X <- cbind(1, t - mean(t))
  for (a in at) X <- cbind(X, pmax(t - t[a + 1], 0))
  X
}
best_fit <- function(t, y, k) {
  best <- Inf; bat <- NULL
  for (at in placements(length(t), k)) {
    s <- sum(lm.fit(design(t, at), y)$residuals^2)
    if (s < best * (1 - 1e-12)) { best <- s; bat <- at }
  }
  list(sse = best, at = bat)
}
ratio_stat <- function(t, y, k0, k1, perm = NULL) {
  f0 <- best_fit(t, y, k0)
  if (!is.null(perm)) {
    r0 <- lm.fit(design(t, f0$at), y)$residuals
    y <- (y - r0) + r0[perm]
  }
  best_fit(t, y, k0)$sse / best_fit(t, y, k1)$sse
}

srows <- c(); frows <- c(); mrows <- c(); rrows <- c()
jp_case <- function(id, t, y, MAX, level = 0.95) {
  n <- length(t)
  for (i in seq_len(n)) srows <<- c(srows, paste(id, i - 1, fmt(t[i]), fmt(y[i]), sep = ","))
  fits <- lapply(0:MAX, function(k) best_fit(t, y, k))
  bic <- sapply(0:MAX, function(k) log(fits[[k + 1]]$sse / n) + (2 * k + 2) * log(n) / n)
  for (k in 0:MAX)
    frows <<- c(frows, paste(id, MAX, k, fmt(fits[[k + 1]]$sse), fmt(bic[k + 1]),
                             paste(t[fits[[k + 1]]$at + 1], collapse = ";"), sep = ","))
  k <- which.min(bic) - 1
  at <- fits[[k + 1]]$at
  X <- design(t, at)
  fit <- lm.fit(X, y)
  df <- n - (2 * k + 2)
  s2 <- sum(fit$residuals^2) / df
  V <- s2 * base::solve(crossprod(X))
  tq <- qt(1 - (1 - level) / 2, df)
  ends <- c(t[1], t[at + 1], t[n])
  cbar <- rep(0, k + 2)
  seg_slopes <- numeric(0)
  if (k > 0) {   # segmented, with the joinpoints fixed at ours (it.max = 0)
    o <- suppressWarnings(segmented(lm(y ~ t), seg.Z = ~t, psi = list(t = t[at + 1]),
                                    control = seg.control(it.max = 0)))
    cf <- coef(o)
    seg_slopes <- cf["t"] + c(0, cumsum(cf[paste0("U", 1:k, ".t")]))
  } else seg_slopes <- coef(lm(y ~ t))[2]
  for (s in 0:k) {
    cv <- c(0, 1, rep(0, k)); if (s > 0) cv[3:(2 + s)] <- 1
    b <- sum(cv * fit$coefficients); se <- sqrt(drop(t(cv) %*% V %*% cv))
    if (abs(b - seg_slopes[s + 1]) > 1e-8 * max(1, abs(b))) stop(sprintf("%s: segment %d slope %g, segmented %g", id, s, b, seg_slopes[s + 1]))
    w <- ends[s + 2] - ends[s + 1]; cbar <- cbar + w * cv
    mrows <<- c(mrows, paste(id, MAX, fmt(level), k, s, fmt(ends[s + 1]), fmt(ends[s + 2]), fmt(b), fmt(se),
                             fmt(100 * expm1(b)), fmt(100 * expm1(b - tq * se)), fmt(100 * expm1(b + tq * se)),
                             fmt(seg_slopes[s + 1]), sep = ","))
  }
  cbar <- cbar / (t[n] - t[1])
  B <- sum(cbar * fit$coefficients); seB <- sqrt(drop(t(cbar) %*% V %*% cbar))
  mrows <<- c(mrows, paste(id, MAX, fmt(level), k, "aapc", fmt(t[1]), fmt(t[n]), fmt(B), fmt(seB),
                           fmt(100 * expm1(B)), fmt(100 * expm1(B - tq * seB)), fmt(100 * expm1(B + tq * seB)), "",
                           sep = ","))
  # the permutation statistic: observed, and three fixed permutations per test
  for (k1 in 1:MAX) for (k0 in 0:(k1 - 1)) {
    rrows <<- c(rrows, paste(id, k0, k1, "", fmt(ratio_stat(t, y, k0, k1)), sep = ","))
    for (r in 1:3) {
      perm <- sample.int(n)
      rrows <<- c(rrows, paste(id, k0, k1, paste(perm - 1, collapse = ";"), fmt(ratio_stat(t, y, k0, k1, perm)), sep = ","))
    }
  }
}

set.seed(20261127)
# the bundled dataset's five-period series (registration, 2013-2017)
qb <- read.csv(file.path("datasets", "quangbinh-antt-2013-2017.csv"))
for (g in unique(qb$group)) {
  d <- qb[qb$group == g & qb$stage == "registered", ]
  d <- d[order(d$period), ]
  if (nrow(d) >= 5 && all(d$count > 0)) jp_case(paste0("qb-", g), d$period, log(d$count / d$total), 1)
}
# twenty years rising then falling then flat (two joinpoints), with noise
t20 <- 2001:2020
mu <- ifelse(t20 <= 2008, -1.2 + 0.06 * (t20 - 2001), ifelse(t20 <= 2014, -0.78 - 0.08 * (t20 - 2008), -1.26 + 0.005 * (t20 - 2014)))
jp_case("bend20", t20, mu + rnorm(20, 0, 0.015), 2)
jp_case("bend20-max3", t20, mu + rnorm(20, 0, 0.03), 3)
# a straight line with noise: no joinpoint
t12 <- 2006:2017
jp_case("line12", t12, -0.4 + 0.01 * (t12 - 2006) + rnorm(12, 0, 0.02), 2)
# the shortest series for two joinpoints, unevenly spaced periods
jp_case("short8", c(2000, 2001, 2003, 2004, 2005, 2007, 2008, 2010), c(-0.9, -0.85, -0.7, -0.72, -0.8, -0.95, -0.9, -1.1), 2)

writeLines(c("case,i,t,y", srows), file.path(out_dir, "joinpoint-series.csv"))
writeLines(c("case,max,k,sse,bic,at", frows), file.path(out_dir, "joinpoint-fits.csv"))
writeLines(c("case,max,level,k,segment,from,to,slope,se,apc,apc_lower,apc_upper,segmented_slope", mrows),
           file.path(out_dir, "joinpoint-model.csv"))
writeLines(c("case,k0,k1,perm,ratio", rrows), file.path(out_dir, "joinpoint-ratio.csv"))
