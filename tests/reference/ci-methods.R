# ci-methods.R - the eleven single-proportion intervals written out in R, sourced
# by make-fixtures.R (the grid up to n = 10^7) and bigcount-fixtures.R (n up to 2^53).

# ---- single-proportion intervals ------------------------------------------
zq <- function(level) qnorm(1 - (1 - level) / 2)

ci_wald <- function(x, n, level) {
  p <- x / n; h <- zq(level) * sqrt(p * (1 - p) / n)
  c(max(0, p - h), min(1, p + h))
}
ci_wilson <- function(x, n, level)
  as.numeric(suppressWarnings(prop.test(x, n, correct = FALSE, conf.level = level))$conf.int)
ci_wilson_cc <- function(x, n, level) {   # Newcombe (1998) method 4
  z <- zq(level); p <- x / n
  lo <- (2*n*p + z^2 - 1 - z * sqrt(z^2 - 2 - 1/n + 4*p*(n*(1 - p) + 1))) / (2 * (n + z^2))
  up <- (2*n*p + z^2 + 1 + z * sqrt(z^2 + 2 - 1/n + 4*p*(n*(1 - p) - 1))) / (2 * (n + z^2))
  if (x == 0) lo <- 0
  if (x == n) up <- 1
  c(max(0, lo), min(1, up))
}
ci_agresti_coull <- function(x, n, level) {
  z <- zq(level); nt <- n + z^2; pt <- (x + z^2 / 2) / nt
  h <- z * sqrt(pt * (1 - pt) / nt)
  c(if (x == 0) 0 else max(0, pt - h), if (x == n) 1 else min(1, pt + h))
}
ci_jeffreys <- function(x, n, level) {
  a <- (1 - level) / 2
  c(if (x == 0) 0 else qbeta(a, x + 0.5, n - x + 0.5),
    if (x == n) 1 else qbeta(a, x + 0.5, n - x + 0.5, lower.tail = FALSE))
}
ci_clopper_pearson <- function(x, n, level)
  as.numeric(binom.test(x, n, conf.level = level)$conf.int)
solve <- function(f, lo, hi) {
  # uniroot's tolerance is absolute: scale it to the bracket
  uniroot(f, c(lo, hi), tol = 1e-15 * max(abs(lo), abs(hi), 1e-300), maxiter = 5000)$root
}
ci_mid_p <- function(x, n, level) {
  a <- 1 - level
  cp <- ci_clopper_pearson(x, n, level)
  lo <- if (x == 0) 0 else if (x == n) a^(1 / n) else
    solve(function(p) pbinom(x, n, p, lower.tail = FALSE) + dbinom(x, n, p) / 2 - a / 2, cp[1], x / n)
  up <- if (x == n) 1 else if (x == 0) 1 - a^(1 / n) else
    solve(function(p) pbinom(x - 1, n, p) + dbinom(x, n, p) / 2 - a / 2, x / n, cp[2])
  c(lo, up)
}
ci_likelihood <- function(x, n, level) {
  z2 <- zq(level)^2; ph <- x / n
  ll <- function(p) dbinom(x, n, p, log = TRUE)
  f <- function(p) 2 * (ll(ph) - ll(p)) - z2
  lo <- if (x == 0) 0 else solve(f, 1e-300, ph)
  up <- if (x == n) 1 else solve(f, ph, 1 - 1e-16)
  c(lo, up)
}
accept_blaker <- function(x, n, p) {
  # Blaker (2000): probability of outcomes whose smaller tail is <= observed
  p1 <- pbinom(x - 1, n, p, lower.tail = FALSE)   # P(X >= x)
  p2 <- pbinom(x, n, p)                           # P(X <= x)
  k <- 0:n
  a1 <- p1; a2 <- p2
  if (x > 0) { F <- pbinom(0:(x - 1), n, p); s <- F <= p1; if (any(s)) a1 <- a1 + max(F[s]) }
  if (x < n) { S <- pbinom((x + 1):n - 1, n, p, lower.tail = FALSE); s <- S <= p2; if (any(s)) a2 <- a2 + max(S[s]) }
  min(1, a1, a2)
}
accept_blaker_fast <- function(x, n, p) {
  # same as accept_blaker, with the tail quantiles from qbinom (large n)
  p1 <- pbinom(x - 1, n, p, lower.tail = FALSE)
  p2 <- pbinom(x, n, p)
  a1 <- p1; a2 <- p2
  if (x > 0) {
    k <- min(qbinom(p1, n, p), x - 1)
    while (k >= 0 && pbinom(k, n, p) > p1) k <- k - 1
    while (k + 1 <= x - 1 && pbinom(k + 1, n, p) <= p1) k <- k + 1
    if (k >= 0) a1 <- a1 + pbinom(k, n, p)
  }
  if (x < n) {
    k <- max(qbinom(p2, n, p, lower.tail = FALSE), x + 1)
    while (k <= n && pbinom(k - 1, n, p, lower.tail = FALSE) > p2) k <- k + 1
    while (k - 1 >= x + 1 && pbinom(k - 2, n, p, lower.tail = FALSE) <= p2) k <- k - 1
    if (k <= n) a2 <- a2 + pbinom(k - 1, n, p, lower.tail = FALSE)
  }
  min(1, a1, a2)
}
blaker_limit <- function(acc, x, n, alpha, from, to) {
  # first p from `from` towards `to` with acceptability > alpha: scan, then bisect
  prev <- from; cur <- from
  for (i in 1:500) {
    cur <- from + (to - from) * i / 500
    if (acc(x, n, cur) > alpha) break
    prev <- cur
  }
  for (it in 1:200) {
    mid <- (prev + cur) / 2
    if (mid == prev || mid == cur) break
    if (acc(x, n, mid) > alpha) cur <- mid else prev <- mid
  }
  cur
}
ci_blaker <- function(x, n, level) {
  acc <- if (n <= 2000) accept_blaker else accept_blaker_fast
  cp <- ci_clopper_pearson(x, n, level)
  c(if (x == 0) 0 else blaker_limit(acc, x, n, 1 - level, cp[1], x / n),
    if (x == n) 1 else blaker_limit(acc, x, n, 1 - level, cp[2], x / n))
}
ci_logit <- function(x, n, level) {
  a2 <- (1 - level) / 2
  if (x == 0) return(c(0, 1 - a2^(1 / n)))
  if (x == n) return(c(a2^(1 / n), 1))
  z <- zq(level); lam <- log(x / (n - x)); se <- sqrt(n / (x * (n - x)))
  c(plogis(lam - z * se), plogis(lam + z * se))
}
ci_arcsine <- function(x, n, level) {
  z <- zq(level); pt <- (x + 0.375) / (n + 0.75)
  lo <- sin(max(0, asin(sqrt(pt)) - z / (2 * sqrt(n))))^2
  up <- sin(min(pi / 2, asin(sqrt(pt)) + z / (2 * sqrt(n))))^2
  c(if (x == 0) 0 else lo, if (x == n) 1 else up)
}

methods <- list(
  "wald" = ci_wald, "wilson" = ci_wilson, "wilson-cc" = ci_wilson_cc,
  "agresti-coull" = ci_agresti_coull, "jeffreys" = ci_jeffreys,
  "clopper-pearson" = ci_clopper_pearson, "mid-p" = ci_mid_p,
  "likelihood" = ci_likelihood, "blaker" = ci_blaker, "logit" = ci_logit,
  "arcsine" = ci_arcsine)

