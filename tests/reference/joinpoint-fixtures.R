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

# ---- issue 21: weights, WBIC/BIC3, the jump model, pairwise comparison -------
# Written again from the definitions in proptrend/trend.h (read there from
# Joinpoint's documentation), with lm.wfit / lm and weights, not by
# transforming the data as the C code does:
#   counts: a 0 count gets 0.5 added, a count equal to its total 0.5 taken
#   off; y = ln p, w = n p / (1 - p); SSE = sum w r^2;
#   BIC = ln(SSE/n) + (2k + 2 + e) ln(n)/n, BIC3 with 3k + 2 + e, WBIC with
#   (2 + R2max) k + 2 + e (e: a jump or a second intercept), R2max the
#   largest weighted partial R^2 of (t - tau_i)+ against the local line
#   (rows after tau_{i-1} up to tau_{i+1}), by lm residuals;
#   jump: the step 1{t >= J} as a regressor in every placement;
#   pairwise: stacked series, coincident (one curve) and parallel (+ a
#   second intercept) against the two separate K-joinpoint fits, F statistic.

counts_y <- function(x, n) {
  xa <- ifelse(x == 0, 0.5, ifelse(x == n, x - 0.5, x))
  p <- xa / n
  list(y = log(p), w = n * p / (1 - p), adjusted = sum(x == 0 | x == n))
}
wdesign <- function(t, grid, at, J = NA, grp = NULL) {
  X <- cbind(1, t - mean(t))
  for (a in at) X <- cbind(X, pmax(t - grid[a + 1], 0))
  if (!is.na(J)) X <- cbind(X, as.numeric(t >= J))
  if (!is.null(grp)) X <- cbind(X, grp)
  X
}
wsse <- function(X, y, w) {
  f <- lm.wfit(X, y, w)
  if (f$rank < ncol(X)) return(Inf)
  sum(w * f$residuals^2)
}
wbest <- function(t, y, w, grid, k, J = NA, grp = NULL) {
  best <- Inf; bat <- NULL
  for (at in placements(length(grid), k)) {
    s <- wsse(wdesign(t, grid, at, J, grp), y, w)
    if (s < best * (1 - 1e-12)) { best <- s; bat <- at }
  }
  list(sse = best, at = bat)
}
local_r2 <- function(t, y, w, grid, at, J = NA, grp = NULL) {
  k <- length(at); r2 <- 0
  for (i in seq_len(k)) {
    lo <- if (i == 1) -Inf else grid[at[i - 1] + 1]
    hi <- if (i == k) Inf else grid[at[i + 1] + 1]
    s <- t > lo & t <= hi
    tl <- t[s]; yl <- y[s]; wl <- w[s]; zl <- pmax(tl - grid[at[i] + 1], 0)
    D <- data.frame(tl = tl)
    fml <- ~ tl
    if (!is.null(grp)) { D$g <- grp[s]; fml <- ~ tl + g }
    else if (!is.na(J)) { D$g <- as.numeric(tl >= J); fml <- ~ tl + g }
    ry <- residuals(lm(update(fml, yl ~ .), data = cbind(D, yl = yl), weights = wl))
    rz <- residuals(lm(update(fml, zl ~ .), data = cbind(D, zl = zl), weights = wl))
    v <- sum(wl * ry * rz)^2 / (sum(wl * ry^2) * sum(wl * rz^2))
    if (is.finite(v) && v > r2) r2 <- v
  }
  r2
}
criteria <- function(t, y, w, grid, MAX, J = NA, grp = NULL) {
  n <- length(t); e <- (!is.na(J)) + (!is.null(grp))
  lapply(0:MAX, function(k) {
    f <- wbest(t, y, w, grid, k, J, grp)
    R2 <- if (k) local_r2(t, y, w, grid, f$at, J, grp) else 0
    fit <- log(f$sse / n)
    c(list(k = k, sse = f$sse, at = f$at, weight = if (k) R2 else NA),
      bic = fit + (2 * k + 2 + e) * log(n) / n, bic3 = fit + (3 * k + 2 + e) * log(n) / n,
      wbic = fit + ((2 + R2) * k + 2 + e) * log(n) / n)
  })
}
# the selected model by lm with weights: segments, AAPC, jump
wmodel <- function(t, y, w, at, J = NA, level = 0.95) {
  n <- length(t); k <- length(at)
  X <- wdesign(t, t, at, J)
  colnames(X) <- paste0("c", seq_len(ncol(X)))
  fit <- lm(y ~ X - 1, weights = w)
  df <- n - (2 * k + 2) - (!is.na(J))
  stopifnot(df == fit$df.residual - k)
  s2 <- sum(w * residuals(fit)^2) / df
  V <- s2 * base::solve(crossprod(X * sqrt(w)))
  b <- coef(fit)
  tq <- qt(1 - (1 - level) / 2, df)
  ends <- c(t[1], t[at + 1], t[n])
  rows <- list(); cbar <- rep(0, ncol(X))
  for (s in 0:k) {
    cv <- c(0, 1, rep(0, ncol(X) - 2)); if (s > 0) cv[3:(2 + s)] <- 1
    B <- sum(cv * b); se <- sqrt(drop(t(cv) %*% V %*% cv))
    cbar <- cbar + (ends[s + 2] - ends[s + 1]) / (t[n] - t[1]) * cv
    rows[[length(rows) + 1]] <- c(s, ends[s + 1], ends[s + 2], B, se, 100 * expm1(B), 100 * expm1(B - tq * se), 100 * expm1(B + tq * se))
  }
  B <- sum(cbar * b); se <- sqrt(drop(t(cbar) %*% V %*% cbar))
  aapc <- c("aapc", t[1], t[n], B, se, 100 * expm1(B), 100 * expm1(B - tq * se), 100 * expm1(B + tq * se))
  rows[[length(rows) + 1]] <- aapc
  if (!is.na(J)) {
    g <- b[2 + k + 1]; se <- sqrt(V[2 + k + 1, 2 + k + 1])
    rows[[length(rows) + 1]] <- c("jump", J, J, g, se, exp(g), exp(g - tq * se), exp(g + tq * se))
  }
  list(rows = rows, B = B, seB = se_aapc <- sqrt(drop(t(cbar) %*% V %*% cbar)), aapc = 100 * expm1(B))
}

crows <- c(); wfrows <- c(); wmrows <- c(); prows <- c()
wcase <- function(id, t, x, n, MAX, J = NA, write_counts = TRUE) {
  if (write_counts) for (i in seq_along(t)) crows <<- c(crows, paste(id, i - 1, fmt(t[i]), x[i], n[i], sep = ","))
  cy <- counts_y(x, n)
  cr <- criteria(t, cy$y, cy$w, t, MAX, J)
  for (c in cr)
    wfrows <<- c(wfrows, paste(id, MAX, if (is.na(J)) "" else fmt(J), c$k, fmt(c$sse), fmt(c$bic), fmt(c$bic3),
                               fmt(c$wbic), fmt(c$weight), paste(t[c$at + 1], collapse = ";"), sep = ","))
  sel <- list()
  for (m in c("wbic", "bic", "bic3")) {
    v <- sapply(cr, function(c) c[[m]]); k <- which.min(v) - 1
    mod <- wmodel(t, cy$y, cy$w, cr[[k + 1]]$at, J)
    for (r in mod$rows) wmrows <<- c(wmrows, paste(id, MAX, if (is.na(J)) "" else fmt(J), m, k,
                                                    paste(c(r[1], fmt(as.numeric(r[-1]))), collapse = ","), sep = ","))
    sel[[m]] <- list(k = k, B = mod$B, seB = mod$seB, aapc = mod$aapc)
  }
  invisible(sel)
}
# F of one H0 (grp NULL: coincidence; else parallelism) for stacked y2;
# with perm, of the data set that H0's fitted values plus its residuals
# permuted make: on the original scale a residual moved from row j to row i
# is scaled by sqrt(w_j / w_i), so that the standardised residuals are the
# ones permuted (the weighted analogue of Kim et al. 2000's permutation)
pair_F <- function(t, y2, w2, K, grp = NULL, perm = NULL) {
  n <- length(t); t2 <- c(t, t)
  if (!is.null(perm)) {
    f0 <- wbest(t2, y2, w2, t, K, grp = grp)
    fit <- lm.wfit(wdesign(t2, t, f0$at, grp = grp), y2, w2)
    r <- fit$residuals
    y2 <- fit$fitted.values + sqrt(w2[perm] / w2) * r[perm]
  }
  s1 <- wbest(t, y2[1:n], w2[1:n], t, K)$sse + wbest(t, y2[n + 1:n], w2[n + 1:n], t, K)$sse
  s0 <- wbest(t2, y2, w2, t, K, grp = grp)$sse
  q <- if (is.null(grp)) 2 * K + 2 else 2 * K + 1
  ((s0 - s1) / q) / (s1 / (2 * n - 2 * (2 * K + 2)))
}
pair_stats <- function(t, ya, wa, yb, wb, K, perm = NULL) {
  g2 <- rep(0:1, each = length(t))
  c(coincident = pair_F(t, c(ya, yb), c(wa, wb), K, perm = perm),
    parallel = pair_F(t, c(ya, yb), c(wa, wb), K, grp = g2, perm = perm))
}
pprows <- c()
pcase <- function(ida, idb, t, xa, na, xb, nb, MAX, level = 0.95) {
  sa <- wcase(ida, t, xa, na, MAX)$wbic
  sb <- wcase(idb, t, xb, nb, MAX)$wbic
  a <- counts_y(xa, na); b <- counts_y(xb, nb)
  cp <- criteria(c(t, t), c(a$y, b$y), c(a$w, b$w), t, MAX, grp = rep(0:1, each = length(t)))
  kp <- which.min(sapply(cp, function(c) c$wbic)) - 1
  K <- max(sa$k, sb$k, kp)
  st <- pair_stats(t, a$y, a$w, b$y, b$w, K)
  for (k in 0:MAX) if (k != K) {   # the statistics at every K, for the C function that takes K
    s <- pair_stats(t, a$y, a$w, b$y, b$w, k)
    prows <<- c(prows, paste(ida, idb, MAX, "", "", "", k, fmt(s[1]), fmt(s[2]), "", "", "", sep = ","))
  }
  se <- sqrt((100 * exp(sa$B) * sa$seB)^2 + (100 * exp(sb$B) * sb$seB)^2)
  d <- sa$aapc - sb$aapc; z <- qnorm(1 - (1 - level) / 2)
  prows <<- c(prows, paste(ida, idb, MAX, sa$k, sb$k, kp, K, fmt(st[1]), fmt(st[2]), fmt(d), fmt(d - z * se),
                           fmt(d + z * se), sep = ","))
  for (r in 1:3) {   # the statistics of three fixed permutations
    perm <- sample.int(2 * length(t))
    ps <- pair_stats(t, a$y, a$w, b$y, b$w, K, perm)
    pprows <<- c(pprows, paste(ida, idb, K, paste(perm - 1, collapse = ";"), fmt(ps[1]), fmt(ps[2]), sep = ","))
  }
}

set.seed(20261201)
# the bundled dataset: every five-period series, weighted (commune registered
# is 159 of 159 in 2013: a count equal to its total)
for (g in unique(qb$group)) for (st in unique(qb$stage)) {
  d <- qb[qb$group == g & qb$stage == st, ]
  d <- d[order(d$period), ]
  if (nrow(d) >= 5 && !all(d$count == d$total) && !all(d$count == 0))
    wcase(paste0("w-qb-", g, "-", st), d$period, d$count, d$total, 1)
}
# simulated binomial series with a known structure: p on the log scale, totals 600-1500
sim_counts <- function(t, lp) { n <- sample(600:1500, length(t), replace = TRUE); list(x = rbinom(length(t), n, exp(lp)), n = n) }
t20 <- 2001:2020
for (r in 1:20) {   # two clear bends at 2008 and 2014
  lp <- ifelse(t20 <= 2008, -1.4 + 0.06 * (t20 - 2001), ifelse(t20 <= 2014, -0.98 - 0.07 * (t20 - 2008), -1.40 + 0.04 * (t20 - 2014)))
  s <- sim_counts(t20, lp); wcase(paste0("sim-bend2-", r), t20, s$x, s$n, 3)
}
t15 <- 2006:2020
for (r in 1:20) {   # one bend at 2013
  lp <- ifelse(t15 <= 2013, -1.0 + 0.05 * (t15 - 2006), -0.65 - 0.06 * (t15 - 2013))
  s <- sim_counts(t15, lp); wcase(paste0("sim-bend1-", r), t15, s$x, s$n, 2)
}
for (r in 1:20) {   # a straight line: no bend
  lp <- -0.9 + 0.02 * (t15 - 2006)
  s <- sim_counts(t15, lp); wcase(paste0("sim-line-", r), t15, s$x, s$n, 2)
}
# a zero and a full count
wcase("sim-zero-full", 2001:2010, c(3, 0, 5, 7, 9, 8, 12, 14, 20, 20), rep(20, 10), 2)
# the break of definition: 2013-2025, a bend at 2017, the level times 0.8 from 2022
t13 <- 2013:2025
lp <- ifelse(t13 <= 2017, -0.8 + 0.04 * (t13 - 2013), -0.64 - 0.03 * (t13 - 2017)) + log(0.8) * (t13 >= 2022)
s <- sim_counts(t13, lp); wcase("sim-jump", t13, s$x, s$n, 1, J = 2022)
wcase("sim-jump", t13, s$x, s$n, 2, J = 2022, write_counts = FALSE)
# pairs: parallel (same slopes and bend, levels 0.25 apart), crossing (one rising, one falling)
lpa <- ifelse(t15 <= 2013, -1.0 + 0.05 * (t15 - 2006), -0.65 - 0.06 * (t15 - 2013))
a <- sim_counts(t15, lpa); b <- sim_counts(t15, lpa - 0.25)
pcase("pair-par-a", "pair-par-b", t15, a$x, a$n, b$x, b$n, 2)
a <- sim_counts(t15, -1.0 + 0.04 * (t15 - 2006)); b <- sim_counts(t15, -0.5 - 0.04 * (t15 - 2006))
pcase("pair-cross-a", "pair-cross-b", t15, a$x, a$n, b$x, b$n, 2)
a <- sim_counts(t15, lpa); b <- sim_counts(t15, lpa)
pcase("pair-same-a", "pair-same-b", t15, a$x, a$n, b$x, b$n, 2)

writeLines(c("case,i,t,x,n", crows), file.path(out_dir, "joinpoint-counts.csv"))
writeLines(c("case,max,jump,k,sse,bic,bic3,wbic,weight,at", wfrows), file.path(out_dir, "joinpoint-wfits.csv"))
writeLines(c("case,max,jump,select,k,segment,from,to,slope,se,apc,apc_lower,apc_upper", wmrows),
           file.path(out_dir, "joinpoint-wmodel.csv"))
writeLines(c("case_a,case_b,max,k_a,k_b,k_parallel,K,coincident_stat,parallel_stat,aapc_diff,aapc_diff_lower,aapc_diff_upper", prows),
           file.path(out_dir, "joinpoint-pair.csv"))
writeLines(c("case_a,case_b,K,perm,coincident_stat,parallel_stat", pprows), file.path(out_dir, "joinpoint-pair-perm.csv"))
