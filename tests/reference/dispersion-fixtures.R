#!/usr/bin/env Rscript
# dispersion-fixtures.R - reference values for src/lib/dispersion.c and the
# dispersion-aware anomaly and trend functions, from R's glm (quasibinomial,
# prior weights), uniroot, prop.trend.test, pt/qt, and Laney's p' chart and
# the leave-one-out predictive comparison written out from their definitions.
#
# Run from the top of the source tree:  Rscript tests/reference/dispersion-fixtures.R
# Needs r-base-core and r-cran-metafor (the funnel's tau^2: rma(method = "DL"));
# deterministic (set.seed).
# Writes tests/reference/fixtures/dispersion-data.csv (case,series,s,x,n) and
# dispersion-values.csv (case,quantity,series,i,value): every quantity the
# unit test (tests/unit/test_dispersion.c) recomputes from the data.

out_dir <- file.path("tests", "reference", "fixtures")
fmt <- function(v) ifelse(is.na(v), "NaN", sprintf("%.17g", v))
ctl <- glm.control(epsilon = 1e-15, maxit = 200)

# ---- data: the bundled dataset's stages and seeded overdispersed stages ----
d <- read.csv(file.path("datasets", "quangbinh-antt-2013-2017.csv"), stringsAsFactors = FALSE)
stage_of <- function(st) {
  r <- d[d$stage == st, ]; r <- r[order(r$group, r$period), ]
  data.frame(series = as.integer(factor(r$group)) - 1L, s = r$period, x = r$count, n = r$total)
}
set.seed(20261201)
beta_stage <- function(rho, ng = 4, nt = 5) {
  out <- NULL
  for (g in 1:ng) {
    mu <- runif(1, 0.6, 0.99); base <- sample(150:1300, 1)
    p <- if (rho > 0) rbeta(nt, mu * (1 - rho) / rho, (1 - mu) * (1 - rho) / rho) else rep(mu, nt)
    n <- floor(base * (0.95 + 0.1 * runif(nt)))
    out <- rbind(out, data.frame(series = g - 1L, s = 2013:(2012 + nt), x = rbinom(nt, n, p), n = n))
  }
  out
}
cases <- list(recognized = stage_of("recognized"), registered = stage_of("registered"),
              beta02 = beta_stage(0.02), beta01 = beta_stage(0.01), beta03 = beta_stage(0.03),
              binom = beta_stage(0))
# cross-sections for the funnel rule: units of one kind, one series
cross <- function(k, rho) {
  mu <- runif(1, 0.6, 0.99); n <- sample(150:1300, k)
  p <- if (rho > 0) rbeta(k, mu * (1 - rho) / rho, (1 - mu) * (1 - rho) / rho) else rep(mu, k)
  data.frame(series = 0L, s = seq_len(k), x = rbinom(k, n, p), n = n)
}
funnels <- list(funnel20a = cross(20, 0.02), funnel20b = cross(20, 0.01), funnel12 = cross(12, 0.03),
                funnel15bin = cross(15, 0), funnel8 = cross(8, 0.02))
cases <- c(cases, funnels)

rows <- character(0)
put <- function(case, q, series, i, v) rows <<- c(rows, paste(case, q, series, i, fmt(v), sep = ","))

# ---- the pooled dispersion --------------------------------------------------
informative <- function(sr, model) {
  k <- nrow(sr); X <- sum(sr$x); N <- sum(sr$n)
  if (k <= (if (model == "mean") 1 else 2) || X == 0 || X == N) return(FALSE)
  if (model == "trend") {   # separation: successes all at scores >= (<=) failures
    su <- sr$s[sr$x > 0]; fa <- sr$s[sr$x < sr$n]
    if (max(fa) <= min(su) || max(su) <= min(fa)) return(FALSE)
  }
  TRUE
}
fit_series <- function(sr, w, model) {
  f <- if (model == "mean") cbind(x, n - x) ~ 1 else cbind(x, n - x) ~ s
  sr$w <- w
  glm(f, weights = w, family = quasibinomial, data = sr, control = ctl)
}
pearson_w <- function(ss, rho, model)
  sum(sapply(ss, function(sr) sum(residuals(fit_series(sr, 1 / (1 + rho * (sr$n - 1)), model), "pearson")^2)))

dispersion <- function(dat, method, model) {
  ss <- Filter(function(sr) informative(sr, model), split(dat, dat$series))
  df <- sum(sapply(ss, nrow)) - length(ss) * (if (model == "mean") 1 else 2)
  # the quasi-binomial phi of the pooled fit, as summary.glm reports it
  pooled <- do.call(rbind, ss)
  f <- if (length(ss) == 1) { if (model == "mean") cbind(x, n - x) ~ 1 else cbind(x, n - x) ~ s }
       else if (model == "mean") cbind(x, n - x) ~ 0 + factor(series) else cbind(x, n - x) ~ 0 + factor(series) + factor(series):s
  raw <- summary(glm(f, family = quasibinomial, data = pooled, control = ctl))$dispersion
  nbar <- mean(pooled$n)
  res <- list(method = method, phi_raw = raw, df = df, rho = 0, phi = 1, nbar = nbar, binomial = raw <= 1)
  if (raw <= 1) return(res)
  if (method == "quasi") { res$phi <- raw; return(res) }
  g <- function(r) pearson_w(ss, r, model) - df
  res$rho <- if (g(1) >= 0) 1 else uniroot(g, c(0, 1), tol = 1e-15)$root
  res$phi <- 1 + res$rho * (nbar - 1)
  res
}
factor_of <- function(D, n) if (D$binomial) rep(1, length(n)) else if (D$method == "quasi") rep(D$phi, length(n)) else 1 + D$rho * (n - 1)
qd <- function(D, p) if (D$binomial) qnorm(p) else qt(p, D$df)
pd <- function(D, z) if (D$binomial) 2 * pnorm(-abs(z)) else 2 * pt(-abs(z), D$df)
sev <- function(D, z) ifelse(abs(z) > qd(D, 0.999), 2, ifelse(abs(z) > qd(D, 0.975), 1, 0))

# ---- leave-one-out against the other years' prediction ----------------------
loo_disp <- function(x, n, D) {
  k <- length(x); f <- factor_of(D, n); p <- x / n; w <- n / f; act <- rep(TRUE, k)
  res <- matrix(NA, k, 10)
  repeat {
    if (sum(act) < 2) break
    worst <- NA
    for (i in which(act)) {
      o <- act; o[i] <- FALSE
      W <- sum(w[o]); e <- sum(w[o] * p[o]) / W
      pv <- if (e > 0 && e < 1) e else sum(w[act] * p[act]) / sum(w[act])
      sd <- sqrt(pv * (1 - pv) * (f[i] / n[i] + 1 / W))
      sdd <- sqrt(p[i] * (1 - p[i]) * f[i] / n[i] + e * (1 - e) / W)
      if (sd > 0) {
        z <- (p[i] - e) / sd
        res[i, ] <- c(e, z, pd(D, z), sev(D, z), e - qd(D, 0.975) * sd, e + qd(D, 0.975) * sd,
                      e - qd(D, 0.999) * sd, e + qd(D, 0.999) * sd,
                      p[i] - e - qd(D, 0.975) * sdd, p[i] - e + qd(D, 0.975) * sdd)
      } else {   # no variance under the prediction: nothing to test
        z <- 0
        res[i, ] <- c(e, 0, 1, 0, NA, NA, NA, NA, p[i] - e - qd(D, 0.975) * sdd, p[i] - e + qd(D, 0.975) * sdd)
      }
      if (res[i, 4] > 0 && (is.na(worst) || abs(z) > abs(res[worst, 2]))) worst <- i
    }
    if (is.na(worst)) break
    act[worst] <- FALSE
  }
  res
}
loo_cols <- c("expected", "z", "p_value", "severity", "lim95_lo", "lim95_hi", "lim998_lo", "lim998_hi", "diff_lo", "diff_hi")

# ---- p-chart scaled by the dispersion, and Laney's p' -------------------------
pchart_disp <- function(x, n, D) {
  f <- factor_of(D, n); w <- n / f; pb <- sum(w * x / n) / sum(w); s <- sqrt(f * pb * (1 - pb) / n)
  if (pb <= 0 || pb >= 1)   # no variance at the centre: nothing to test, no limits
    return(cbind(z = rep(0, length(x)), lo95 = NA, hi95 = NA, lo998 = NA, hi998 = NA))
  h <- qd(D, 0.975) * sqrt(f * (x / n) * (1 - x / n) / n)
  out <- cbind(z = (x / n - pb) / s, lo95 = pmax(0, pb - qd(D, 0.975) * s), hi95 = pmin(1, pb + qd(D, 0.975) * s),
               lo998 = pmax(0, pb - qd(D, 0.999) * s), hi998 = pmin(1, pb + qd(D, 0.999) * s))
  if (!D$binomial) out <- cbind(out, diff_lo = x / n - pb - h, diff_hi = x / n - pb + h)
  out
}
laney_sigma <- function(dat) {   # Laney (2002): sigma_z = mean moving range of z / d2
  mr <- unlist(lapply(split(dat, dat$series), function(sr) {
    pb <- sum(sr$x) / sum(sr$n)
    if (nrow(sr) < 2 || pb <= 0 || pb >= 1) return(NULL)
    abs(diff((sr$x / sr$n - pb) / sqrt(pb * (1 - pb) / sr$n)))
  }))
  mean(mr) / (2 / sqrt(pi))
}
laney <- function(x, n, sz) {
  pb <- sum(x) / sum(n); s <- max(sz, 1) * sqrt(pb * (1 - pb) / n)
  out <- cbind(z = (x / n - pb) / s, lo95 = pmax(0, pb - qnorm(0.975) * s), hi95 = pmin(1, pb + qnorm(0.975) * s),
               lo998 = pmax(0, pb - qnorm(0.999) * s), hi998 = pmin(1, pb + qnorm(0.999) * s))
  h <- qnorm(0.975) * sz * sqrt((x / n) * (1 - x / n) / n)
  if (sz > 1) out <- cbind(out, diff_lo = x / n - pb - h, diff_hi = x / n - pb + h)
  out
}

# ---- trend: quasi Cochran-Armitage and the weighted logistic slope ------------
ca_disp <- function(sr, D) {
  f <- factor_of(D, sr$n)
  if (D$method == "quasi" && !D$binomial)   # the quasi-binomial CA: prop.trend.test's chi^2 / phi
    return(sign(sum(sr$x * (sr$s - sum(sr$n * sr$s) / sum(sr$n)))) *
           sqrt(suppressWarnings(prop.trend.test(sr$x, sr$n, sr$s))$statistic / D$phi))
  w <- sr$n / f; p <- sr$x / sr$n; pw <- sum(w * p) / sum(w); sm <- sum(w * sr$s) / sum(w)
  sum(w * (p - pw) * (sr$s - sm)) / sqrt(pw * (1 - pw) * sum(w * (sr$s - sm)^2))
}
logit_disp <- function(sr, D) {
  sr$w <- 1 / factor_of(D, sr$n)
  fit <- suppressWarnings(glm(cbind(x, n - x) ~ s, weights = w, family = binomial, data = sr, control = ctl))
  b <- coef(fit)[2]; se <- sqrt(summary(fit, dispersion = 1)$cov.scaled[2, 2])
  c(b, se, pd(D, b / se), exp(b - qd(D, 0.975) * se), exp(b + qd(D, 0.975) * se))
}

for (cn in names(cases)) {
  dat <- cases[[cn]]
  for (method in c("quasi", "williams")) for (model in c("mean", "trend")) {
    D <- dispersion(dat, method, model); tag <- paste(method, model, sep = "_")
    put(cn, paste0(tag, "_phi_raw"), -1, -1, D$phi_raw)
    put(cn, paste0(tag, "_phi"), -1, -1, D$phi)
    put(cn, paste0(tag, "_rho"), -1, -1, D$rho)
    put(cn, paste0(tag, "_df"), -1, -1, D$df)
    for (sr in split(dat, dat$series)) {
      g <- sr$series[1]
      if (model == "mean") {
        # binomial (phi <= 1): the plain leave-one-out of anomaly-fixtures.R applies
        if (!D$binomial) r <- loo_disp(sr$x, sr$n, D)
        if (!D$binomial) for (j in seq_along(loo_cols)) for (i in seq_len(nrow(sr))) put(cn, paste0(tag, "_loo_", loo_cols[j]), g, i - 1, r[i, j])
        r <- pchart_disp(sr$x, sr$n, D)
        for (j in colnames(r)) for (i in seq_len(nrow(sr))) put(cn, paste0(tag, "_pchart_", j), g, i - 1, r[i, j])
      } else if (sum(sr$x) > 0 && sum(sr$x) < sum(sr$n)) {
        put(cn, paste0(tag, "_ca_z"), g, -1, ca_disp(sr, D))
        if (informative(sr, "trend")) {
          r <- logit_disp(sr, D)
          nm <- c("slope", "se", "p", "or_lo", "or_hi")
          for (j in 1:5) put(cn, paste0(tag, "_logit_", nm[j]), g, -1, r[j])
        }
      }
    }
  }
  sz <- laney_sigma(dat)
  put(cn, "laney_sigma_z", -1, -1, sz)
  for (sr in split(dat, dat$series)) {
    if (sum(sr$x) == 0 || sum(sr$x) == sum(sr$n)) next
    r <- laney(sr$x, sr$n, sz)
    for (j in colnames(r)) for (i in seq_len(nrow(sr))) put(cn, paste0("laney_", j), sr$series[1], i - 1, r[i, j])
  }
  # two-way quasi-binomial GLM of the stage (synthetic tables: no empty or full group)
  if (cn %in% c("beta02", "beta01", "beta03", "binom")) {
    fit <- glm(cbind(x, n - x) ~ factor(series) + factor(s), family = quasibinomial, data = dat, control = ctl)
    phi <- summary(fit)$dispersion
    z <- if (phi > 1) rstandard(fit, type = "pearson") else rstandard(fit, type = "pearson") * sqrt(phi)
    pv <- if (phi > 1) 2 * pt(-abs(z), fit$df.residual) else 2 * pnorm(-abs(z))
    put(cn, "twoway_dispersion", -1, -1, phi)
    put(cn, "twoway_df", -1, -1, fit$df.residual)
    for (i in seq_along(z)) { put(cn, "twoway_z", dat$series[i], i - 1, z[i]); put(cn, "twoway_p", dat$series[i], i - 1, pv[i]) }
    if (phi > 1) {   # the difference's interval under phi: diff -+ t sqrt(phi p (1 - p) / n)
      p <- dat$x / dat$n; h <- qt(0.975, fit$df.residual) * sqrt(phi * p * (1 - p) / dat$n)
      for (i in seq_along(z)) {
        put(cn, "twoway_diff_lo", dat$series[i], i - 1, p[i] - fitted(fit)[i] - h[i])
        put(cn, "twoway_diff_hi", dat$series[i], i - 1, p[i] - fitted(fit)[i] + h[i])
      }
    }
  }
}

# ---- the funnel rule: DerSimonian-Laird tau^2 from metafor, t limits on k - 1 df --
suppressPackageStartupMessages(library(metafor))
for (cn in names(funnels)) {
  f <- funnels[[cn]]; k <- nrow(f); p <- f$x / f$n; t0 <- sum(f$x) / sum(f$n)
  tau2 <- if (k >= 10) rma(yi = p, vi = t0 * (1 - t0) / f$n, method = "DL")$tau2 else 0
  put(cn, "funnel_tau2", -1, -1, tau2)
  put(cn, "funnel_used_od", -1, -1, as.numeric(tau2 > 0))
  if (tau2 <= 0) next   # the exact binomial funnel of anomaly-fixtures.R applies
  s <- sqrt(t0 * (1 - t0) / f$n + tau2); q95 <- qt(0.975, k - 1); q998 <- qt(0.999, k - 1)
  lo95 <- t0 - q95 * s; hi95 <- t0 + q95 * s; lo998 <- t0 - q998 * s; hi998 <- t0 + q998 * s
  sv <- ifelse(p < lo998 | p > hi998, 2, ifelse(p < lo95 | p > hi95, 1, 0))
  z <- (p - t0) / s
  v <- cbind(z = z, p_value = 2 * pt(-abs(z), k - 1), severity = sv, lo95 = lo95, hi95 = hi95, lo998 = lo998, hi998 = hi998)
  for (j in colnames(v)) for (i in seq_len(k)) put(cn, paste0("funnel_", j), 0, i - 1, v[i, j])
}

drows <- unlist(lapply(names(cases), function(cn) with(cases[[cn]], paste(cn, series, s, x, n, sep = ","))))
writeLines(c("case,series,s,x,n", drows), file.path(out_dir, "dispersion-data.csv"))
writeLines(c("case,quantity,series,i,value", rows), file.path(out_dir, "dispersion-values.csv"))
