# compare-fixtures.R - sourced by make-fixtures.R: two-sample measures,
# tests and p-value adjustment, computed independently in R.
# Direction: group a (the later period or stage) minus group b.

w_ci <- function(x, n, level)
  as.numeric(suppressWarnings(prop.test(x, n, correct = FALSE, conf.level = level))$conf.int)

diff_newcombe <- function(xa, na, xb, nb, level) {
  pa <- xa / na; pb <- xb / nb; a <- w_ci(xa, na, level); b <- w_ci(xb, nb, level)
  d <- pa - pb
  c(d, max(-1, d - sqrt((pa - a[1])^2 + (b[2] - pb)^2)), min(1, d + sqrt((a[2] - pa)^2 + (pb - b[1])^2)))
}
diff_wald <- function(xa, na, xb, nb, level) {
  z <- zq(level); pa <- xa / na; pb <- xb / nb
  se <- sqrt(pa * (1 - pa) / na + pb * (1 - pb) / nb)
  c(pa - pb, max(-1, pa - pb - z * se), min(1, pa - pb + z * se))
}
diff_ac <- function(xa, na, xb, nb, level) {
  z <- zq(level); qa <- (xa + 1) / (na + 2); qb <- (xb + 1) / (nb + 2)
  se <- sqrt(qa * (1 - qa) / (na + 2) + qb * (1 - qb) / (nb + 2))
  c(xa / na - xb / nb, max(-1, qa - qb - z * se), min(1, qa - qb + z * se))
}
# Miettinen-Nurminen: constrained MLE from the closed-form cubic
# (Miettinen & Nurminen 1985, Appendix), checked against optimize().
mn_loglik <- function(xa, na, xb, nb, pa, pb)
  (if (xa > 0) xa * log(pa) else 0) + (if (na > xa) (na - xa) * log(1 - pa) else 0) +
  (if (xb > 0) xb * log(pb) else 0) + (if (nb > xb) (nb - xb) * log(1 - pb) else 0)
mn_mle <- function(xa, na, xb, nb, delta) {
  lo <- max(0, -delta); hi <- min(1, 1 - delta)
  p1 <- xa / na; p2 <- xb / nb; th <- nb / na
  a <- 1 + th; b <- -(1 + th + p1 + th * p2 + delta * (th + 2))
  c <- delta^2 + delta * (2 * p1 + th + 1) + p1 + th * p2
  d <- -p1 * delta * (1 + delta)
  v <- b^3 / (3 * a)^3 - b * c / (6 * a^2) + d / (2 * a)
  u <- sign(v) * sqrt(max(0, b^2 / (3 * a)^2 - c / (3 * a)))
  cubic <- NA
  if (u != 0 && is.finite(v / u^3)) {
    w <- (pi + acos(max(-1, min(1, v / u^3)))) / 3
    cubic <- min(hi, max(lo, 2 * u * cos(w) - b / (3 * a) - delta))   # pb
  }
  # at the edges of the parameter space (all or none successes) the cubic
  # degenerates: keep whichever of it and optimize() has the higher likelihood
  ll <- function(pb) mn_loglik(xa, na, xb, nb, pb + delta, pb)
  opt <- if (lo < hi) optimize(ll, c(lo, hi), maximum = TRUE, tol = 1e-15)$maximum else lo
  # (optimize() is accurate only to ~1e-8: the cubic wins unless clearly worse)
  cands <- c(opt, lo, hi)
  best <- cands[which.max(sapply(cands, ll))]
  pb <- if (!is.na(cubic) && ll(cubic) >= ll(best) - 1e-6) cubic else best
  c(pb + delta, pb)
}
mn_score <- function(xa, na, xb, nb, delta) {
  p <- mn_mle(xa, na, xb, nb, delta); n <- na + nb
  v <- (p[1] * (1 - p[1]) / na + p[2] * (1 - p[2]) / nb) * n / (n - 1)
  num <- xa / na - xb / nb - delta
  if (v <= 0) return(if (num == 0) 0 else sign(num) * Inf)
  num / sqrt(v)
}
diff_mn <- function(xa, na, xb, nb, level) {
  z <- zq(level); d <- xa / na - xb / nb
  lo <- if (d <= -1) -1 else uniroot(function(t) mn_score(xa, na, xb, nb, t) - z, c(-1 + 1e-15, d), tol = 1e-14)$root
  up <- if (d >= 1) 1 else uniroot(function(t) mn_score(xa, na, xb, nb, t) + z, c(d, 1 - 1e-15), tol = 1e-14)$root
  c(d, lo, up)
}
ratio_katz <- function(xa, na, xb, nb, level) {
  if (xa == 0 || xb == 0) return(c(NA, NA, NA))
  z <- zq(level); r <- (xa / na) / (xb / nb); se <- sqrt(1 / xa - 1 / na + 1 / xb - 1 / nb)
  c(r, r * exp(-z * se), r * exp(z * se))
}
# Koopman (1984): Pearson chi-square at the constrained MLE (closed-form
# quadratic for pb given pa = phi * pb).
koop_chi2 <- function(xa, na, xb, nb, phi) {
  N <- na + nb; X <- xa + xb
  A <- phi * N; B <- -(phi * (na + xb) + xa + nb); C <- X
  pb <- 2 * C / (-B + sqrt(max(0, B^2 - 4 * A * C)))   # stable root
  pb <- min(1, 1 / phi, max(0, pb)); pa <- min(1, phi * pb)
  term <- function(x, n, p) { den <- n * p * (1 - p); num <- x - n * p
    if (den <= 0) { if (abs(num) < 1e-12 * n) 0 else Inf } else num^2 / den }
  term(xa, na, pa) + term(xb, nb, pb)
}
ratio_koopman <- function(xa, na, xb, nb, level) {
  if (xa == 0 && xb == 0) return(c(NA, NA, NA))
  q <- zq(level)^2
  f <- function(t) koop_chi2(xa, na, xb, nb, exp(t)) - q
  if (xb == 0) {
    lo <- exp(uniroot(f, c(-50, 50), tol = 1e-14)$root)
    return(c(Inf, lo, Inf))
  }
  r <- (xa / na) / (xb / nb)
  lo <- if (xa == 0) 0 else exp(uniroot(f, c(log(r) - 50, log(r)), tol = 1e-14)$root)
  up <- exp(uniroot(f, c(if (xa == 0) -50 else log(r), 50), tol = 1e-14)$root)
  c(if (xa == 0) 0 else r, lo, up)
}
or_woolf <- function(xa, na, xb, nb, level) {
  a <- xa; b <- na - xa; c <- xb; d <- nb - xb
  if (a == 0 || b == 0 || c == 0 || d == 0) return(c(NA, NA, NA))
  z <- zq(level); o <- a * d / (b * c); se <- sqrt(1 / a + 1 / b + 1 / c + 1 / d)
  c(o, o * exp(-z * se), o * exp(z * se))
}
# Exact conditional odds ratio: noncentral hypergeometric built from dhyper,
# limits and conditional MLE by uniroot at tight tolerance (fisher.test's own
# uniroot uses the default tolerance, about 1e-4).
or_exact <- function(xa, na, xb, nb, level) {
  m <- xa + xb; lo <- max(0, m - nb); hi <- min(na, m)
  if (lo == hi) return(c(NA, NA, NA))
  k <- lo:hi; lw <- dhyper(k, na, nb, m, log = TRUE)
  dn <- function(t) { v <- lw + k * t; v <- exp(v - max(v)); v / sum(v) }
  a2 <- (1 - level) / 2
  est <- if (xa == lo) 0 else if (xa == hi) Inf else
    exp(uniroot(function(t) sum(k * dn(t)) - xa, c(-50, 50), extendInt = "upX", tol = 1e-13)$root)
  lower <- if (xa == lo) 0 else
    exp(uniroot(function(t) sum(dn(t)[k >= xa]) - a2, c(-50, 50), extendInt = "upX", tol = 1e-13)$root)
  upper <- if (xa == hi) Inf else
    exp(uniroot(function(t) sum(dn(t)[k <= xa]) - a2, c(-50, 50), extendInt = "downX", tol = 1e-13)$root)
  c(est, lower, upper)
}
test_z <- function(xa, na, xb, nb) {
  pp <- (xa + xb) / (na + nb)
  if (pp == 0 || pp == 1) return(c(NA, NA))
  r <- suppressWarnings(prop.test(c(xa, xb), c(na, nb), correct = FALSE))
  c(sign(xa / na - xb / nb) * sqrt(unname(r$statistic)), r$p.value)
}
test_fisher <- function(xa, na, xb, nb)
  fisher.test(matrix(c(xa, xb, na - xa, nb - xb), 2))$p.value

cmp_methods <- list(
  "diff,newcombe" = diff_newcombe, "diff,wald" = diff_wald, "diff,agresti-caffo" = diff_ac,
  "diff,miettinen-nurminen" = diff_mn, "ratio,katz" = ratio_katz, "ratio,koopman" = ratio_koopman,
  "or,woolf" = or_woolf, "or,exact" = or_exact)

# tables: consecutive years of the bundled dataset, edge cases, random
tabs <- list()
for (key in unique(paste(d$group, d$stage))) {
  s <- d[paste(d$group, d$stage) == key, ]; s <- s[order(s$period), ]
  if (nrow(s) > 1) for (i in 2:nrow(s)) tabs[[length(tabs) + 1]] <- c(s$count[i], s$total[i], s$count[i - 1], s$total[i - 1])
}
edge <- list(c(0, 20, 0, 20), c(0, 20, 5, 20), c(5, 20, 0, 20), c(20, 20, 15, 20), c(15, 20, 20, 20),
             c(20, 20, 20, 20), c(1, 1, 0, 1), c(0, 1, 1, 1), c(0, 10, 10, 10), c(10, 10, 0, 10),
             c(5, 10, 5, 10), c(1, 2, 1, 3), c(229, 357, 388, 425), c(56, 70, 48, 80), c(9, 10, 3, 10))
tabs <- c(tabs, edge)
set.seed(20261128)
for (i in 1:150) {
  na <- round(10^runif(1, 0.7, 3.3)); nb <- round(10^runif(1, 0.7, 3.3))
  tabs[[length(tabs) + 1]] <- c(rbinom(1, na, runif(1)), na, rbinom(1, nb, runif(1)), nb)
}
rows <- c(); trows <- c()
for (tb in tabs) {
  for (level in c(0.90, 0.95)) for (m in names(cmp_methods)) {
    v <- cmp_methods[[m]](tb[1], tb[2], tb[3], tb[4], level)
    rows <- c(rows, sprintf("%s,%.0f,%.0f,%.0f,%.0f,%s,%s,%s,%s", m, tb[1], tb[2], tb[3], tb[4],
                            fmt(level), fmt(v[1]), fmt(v[2]), fmt(v[3])))
  }
  zt <- test_z(tb[1], tb[2], tb[3], tb[4])
  trows <- c(trows, sprintf("%.0f,%.0f,%.0f,%.0f,%s,%s,%s", tb[1], tb[2], tb[3], tb[4],
                            fmt(zt[1]), fmt(zt[2]), fmt(test_fisher(tb[1], tb[2], tb[3], tb[4]))))
}
# national totals (issue 18): the tests only, n up to 10^5, where the
# hypergeometric weights come from a recurrence of neighbours
for (tb in list(c(9012, 10234, 8811, 10190), c(45012, 50000, 44890, 50000), c(12, 30000, 25, 30000),
                c(98000, 100000, 97000, 100000), c(3, 80000, 0, 75000), c(40000, 41000, 39990, 41000))) {
  zt <- test_z(tb[1], tb[2], tb[3], tb[4])
  trows <- c(trows, sprintf("%.0f,%.0f,%.0f,%.0f,%s,%s,%s", tb[1], tb[2], tb[3], tb[4],
                            fmt(zt[1]), fmt(zt[2]), fmt(test_fisher(tb[1], tb[2], tb[3], tb[4]))))
}
writeLines(c("measure,method,xa,na,xb,nb,level,est,lower,upper", gsub("Inf", "inf", rows)),
           file.path(out_dir, "compare-grid.csv"))
writeLines(c("xa,na,xb,nb,z,p_z,p_fisher", trows), file.path(out_dir, "tests-grid.csv"))

# p.adjust on a fixed vector with ties and an NA
pv <- c(0.01, 0.04, 0.03, 0.005, 0.2, 0.04, NA, 0.9, 1e-8, 0.5)
arows <- sapply(c("none", "bonferroni", "holm", "BH"), function(m)
  paste(tolower(m), paste(fmt(p.adjust(pv, m)), collapse = ";"), sep = ","))
writeLines(c(paste("input", paste(fmt(pv), collapse = ";"), sep = ","), arows),
           file.path(out_dir, "p-adjust.csv"))
