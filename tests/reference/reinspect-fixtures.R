# reinspect-fixtures.R - sourced by make-fixtures.R: re-inspection sample
# sizes (Cochran's formula; exact hypergeometric), LQAS plans and their
# operating characteristic (phyper), exact finite-population limits
# (brute force over K with phyper), and Rogan-Gladen adjusted rates with
# epiR::epi.prev (r-cran-epir).

cochran <- function(N, P, D, level) {
  z <- qnorm(1 - (1 - level) / 2); n0 <- z^2 * P * (1 - P) / D^2
  n <- if (N > 0) n0 / (1 + (n0 - 1) / N) else n0
  c(n0, if (N > 0) min(N, ceiling(n - 1e-9 * n)) else ceiling(n - 1e-9 * n))
}
hyper_ci <- function(c, m, N, level) {
  a2 <- (1 - level) / 2; K <- c:(N - (m - c))
  ge <- phyper(c - 1, K, N - K, m, lower.tail = FALSE)   # P(X >= c | K)
  le <- phyper(c, K, N - K, m)                            # P(X <= c | K)
  c(if (c == 0) 0 else min(K[ge > a2]), if (c == m) N - (m - c) else max(K[le > a2]))
}
exact_n <- function(N, P, D, level) {
  for (m in 1:N) { c <- floor(P * m + 0.5); ci <- hyper_ci(c, m, N, level)
    if ((ci[2] - ci[1]) / (2 * N) <= D) return(m) }
  N
}
oc <- function(N, n, d, p) { Dd <- floor(p * N + 0.5); phyper(d, Dd, N - Dd, n) }
lqas <- function(N, p0, p1, alpha, beta) {
  for (m in 1:N) {
    d <- 0
    while (d < m && oc(N, m, d, p0) < 1 - alpha) d <- d + 1
    if (oc(N, m, d, p0) >= 1 - alpha && oc(N, m, d, p1) <= beta) return(c(m, d))
  }
  c(NA, NA)
}
rows <- c()
for (N in c(0, 50, 229, 1274, 100000)) for (P in c(0.5, 0.8, 0.95)) for (D in c(0.03, 0.05, 0.1))
  for (level in c(0.9, 0.95)) {
    v <- cochran(N, P, D, level)
    rows <- c(rows, paste("cochran", sprintf("%d", as.integer(N)), fmt(P), fmt(D), fmt(level), fmt(v[1]), v[2], sep = ","))
    if (N > 0 && N <= 1274) rows <- c(rows, paste("exact", N, fmt(P), fmt(D), fmt(level), "", exact_n(N, P, D, level), sep = ","))
  }
for (cs in list(c(0, 10, 50), c(3, 10, 50), c(10, 10, 50), c(100, 119, 229), c(25, 40, 362), c(1, 1, 1), c(57, 60, 1274)))
  for (level in c(0.9, 0.95)) {
    ci <- hyper_ci(cs[1], cs[2], cs[3], level)
    rows <- c(rows, paste("hyper", cs[1], cs[2], cs[3], fmt(level), ci[1], ci[2], sep = ","))
  }
for (N in c(50, 229, 1000)) for (pp in list(c(0.05, 0.2), c(0.1, 0.3), c(0, 0.1)))
  for (ab in list(c(0.05, 0.1), c(0.1, 0.1))) {
    r <- lqas(N, pp[1], pp[2], ab[1], ab[2])
    rows <- c(rows, paste("lqas", N, fmt(pp[1]), fmt(pp[2]), fmt(ab[1]), fmt(ab[2]), r[1], r[2], sep = ","))
    if (!is.na(r[1])) for (p in seq(0, 1, 0.05))
      rows <- c(rows, paste("oc", N, r[1], r[2], fmt(p), fmt(oc(N, r[1], r[2], p)), "", sep = ","))
  }
writeLines(c("kind,a,b,c,d,e,f", rows), file.path(out_dir, "sample-size.csv"))

# Re-inspection results: confirmed c of m inspected among X classified, of T
# units in the group.  Wilson from prop.test(correct = FALSE), exact limits
# of the compliant count K from hyper_ci over the X classified units.
vrows <- c()
for (cs in list(c(100, 119, 229, 357), c(119, 119, 229, 357), c(0, 5, 229, 357), c(54, 60, 388, 425),
                c(1, 1, 1, 1), c(25, 40, 362, 521), c(290, 300, 1118, 1273), c(7, 10, 10, 12)))
  for (level in c(0.9, 0.95, 0.99)) {
    w <- prop.test(cs[1], cs[2], correct = FALSE, conf.level = level)$conf.int
    h <- hyper_ci(cs[1], cs[2], cs[3], level)
    K <- cs[3] * cs[1] / cs[2]
    vrows <- c(vrows, paste(cs[1], cs[2], cs[3], cs[4], fmt(level), fmt(cs[1] / cs[2]), fmt(w[1]), fmt(w[2]),
                            fmt(h[1] / cs[3]), fmt(h[2] / cs[3]), fmt(K), h[1], h[2], fmt(K / cs[4]),
                            fmt(h[1] / cs[4]), fmt(h[2] / cs[4]), sep = ","))
  }
writeLines(c("confirmed,inspected,classified,total,level,rate,wilson_lower,wilson_upper,exact_lower,exact_upper,compliant,compliant_lower,compliant_upper,corrected,corrected_lower,corrected_upper", vrows),
           file.path(out_dir, "verify.csv"))

if (requireNamespace("epiR", quietly = TRUE)) {
  arows <- c()
  for (xn in list(c(229, 357), c(1118, 1273), c(159, 159), c(0, 20), c(10, 100), c(331, 362)))
    for (ss in list(c(0.95, 0.9), c(0.8, 0.99), c(0.99, 0.99), c(0.9, 0.8)))
      for (m in c("wilson", "clopper-pearson")) {
        r <- epiR::epi.prev(pos = xn[1], tested = xn[2], se = ss[1], sp = ss[2],
                            method = if (m == "wilson") "wilson" else "c-p", units = 1, conf.level = 0.95)
        arows <- c(arows, paste(xn[1], xn[2], fmt(ss[1]), fmt(ss[2]), m, fmt(r$ap$est), fmt(r$ap$lower), fmt(r$ap$upper),
                                fmt(r$tp$est), fmt(r$tp$lower), fmt(r$tp$upper), sep = ","))
      }
  writeLines(c("x,n,se,sp,method,ap,ap_lower,ap_upper,tp,tp_lower,tp_upper", arows), file.path(out_dir, "adjust.csv"))
} else warning("epiR is not installed: adjust.csv not regenerated")
