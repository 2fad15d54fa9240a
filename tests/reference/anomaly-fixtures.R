# anomaly-fixtures.R - sourced by make-fixtures.R: the four anomaly methods.
# anomaly-grid.csv: method,case,i,x,n,p,expected,diff,diff_lo,diff_hi,z,p_value,severity,
#   lim95_lo,lim95_hi,lim998_lo,lim998_hi   (severity 0 none, 1 warning, 2 alarm)
# anomaly-extra.csv: method,case,value (twoway dispersion, funnel tau2)

sev_z <- function(z) ifelse(abs(z) > qnorm(0.999), 2, ifelse(abs(z) > qnorm(0.975), 1, 0))
sev_p <- function(p) ifelse(p < 0.002, 2, ifelse(p < 0.05, 1, 0))
wil <- function(x, n) w_ci(x, n, 0.95)

# leave-one-out, written from its definition
loo_r <- function(x, n) {
  k <- length(x); act <- rep(TRUE, k); res <- matrix(NA, k, 8)
  repeat {
    if (sum(act) < 2) break
    worst <- NA
    for (i in which(act)) {
      X <- sum(x[act]) - x[i]; N <- sum(n[act]) - n[i]
      dn <- diff_newcombe(x[i], n[i], X, N, 0.95)
      pp <- (x[i] + X) / (n[i] + N)
      if (pp == 0 || pp == 1) { z <- 0; pv <- 1; ex <- FALSE } else {
        z <- (x[i] / n[i] - X / N) / sqrt(pp * (1 - pp) * (1 / n[i] + 1 / N))
        pv <- 2 * pnorm(-abs(z)); ex <- FALSE
        if (min(n[i] * pp, n[i] * (1 - pp), N * pp, N * (1 - pp)) < 5) {
          pv <- fisher.test(matrix(c(x[i], X, n[i] - x[i], N - X), 2))$p.value; ex <- TRUE
        }
      }
      sv <- if (ex) sev_p(pv) else sev_z(z)
      res[i, ] <- c(x[i] / n[i], X / N, dn, z, pv, sv)
      if (sv > 0 && (is.na(worst) || pv < res[worst, 7] || (pv == res[worst, 7] && abs(z) > abs(res[worst, 6]))))
        worst <- i
    }
    if (is.na(worst)) break
    act[worst] <- FALSE
  }
  cbind(res, NA, NA, NA, NA)
}
spiegel <- function(P, n, t) {
  r <- qbinom(P, n, t); F <- pbinom(r, n, t); Fm <- pbinom(r - 1, n, t)
  (r - (F - P) / (F - Fm)) / n
}
pchart_r <- function(x, n, exact) {
  pb <- sum(x) / sum(n); s <- sqrt(pb * (1 - pb) / n); z <- (x / n - pb) / s
  sig <- qnorm(0.999); pa <- 2 * pnorm(-sig)
  t(sapply(seq_along(x), function(i) {
    w <- wil(x[i], n[i])
    if (exact) {
      pv <- min(1, 2 * min(pbinom(x[i], n[i], pb), pbinom(x[i] - 1, n[i], pb, lower.tail = FALSE)))
      sv <- if (pv < pa) 2 else if (pv < 0.05) 1 else 0
      lim <- c(spiegel(0.025, n[i], pb), spiegel(0.975, n[i], pb), spiegel(pa / 2, n[i], pb), spiegel(1 - pa / 2, n[i], pb))
    } else {
      pv <- 2 * pnorm(-abs(z[i])); sv <- sev_z(z[i])
      lim <- c(max(0, pb - qnorm(0.975) * s[i]), min(1, pb + qnorm(0.975) * s[i]),
               max(0, pb - sig * s[i]), min(1, pb + sig * s[i]))
    }
    c(x[i] / n[i], pb, x[i] / n[i] - pb, w[1] - pb, w[2] - pb, z[i], pv, sv, lim)
  }))
}
funnel_r <- function(x, n, od) {
  t <- sum(x) / sum(n); s2 <- t * (1 - t) / n; tau2 <- 0
  if (od) {
    z <- (x / n - t) / sqrt(s2); q <- quantile(z, c(0.1, 0.9), type = 7)
    zw <- pmin(pmax(z, q[1]), q[2]); I <- length(x); phi <- mean(zw^2); w <- 1 / s2
    if (I * phi > I - 1) tau2 <- (I * phi - (I - 1)) / (sum(w) - sum(w^2) / sum(w))
  }
  s <- sqrt(s2 + tau2); z <- (x / n - t) / s
  m <- t(sapply(seq_along(x), function(i) {
    w <- wil(x[i], n[i]); p <- x[i] / n[i]
    if (od) {
      pv <- 2 * pnorm(-abs(z[i]))
      lim <- c(t - qnorm(0.975) * s[i], t + qnorm(0.975) * s[i], t - qnorm(0.999) * s[i], t + qnorm(0.999) * s[i])
    } else {
      pv <- min(1, 2 * min(pbinom(x[i], n[i], t), pbinom(x[i] - 1, n[i], t, lower.tail = FALSE)))
      lim <- c(spiegel(0.025, n[i], t), spiegel(0.975, n[i], t), spiegel(0.001, n[i], t), spiegel(0.999, n[i], t))
    }
    sv <- if (p < lim[3] || p > lim[4]) 2 else if (p < lim[1] || p > lim[2]) 1 else 0
    c(p, t, p - t, w[1] - t, w[2] - t, z[i], pv, sv, lim)
  }))
  list(m = m, tau2 = tau2)
}
twoway_r <- function(x, n, ng, np) {
  g <- factor(rep(1:ng, each = np)); tt <- factor(rep(1:np, times = ng))
  f <- glm(cbind(x, n - x) ~ g + tt, family = binomial, control = glm.control(epsilon = 1e-15, maxit = 100))
  mu <- fitted(f); r <- rstandard(f, type = "pearson")
  disp <- sum(residuals(f, type = "pearson")^2) / f$df.residual
  m <- t(sapply(seq_along(x), function(i) {
    w <- wil(x[i], n[i])
    c(x[i] / n[i], mu[i], x[i] / n[i] - mu[i], w[1] - mu[i], w[2] - mu[i], r[i], 2 * pnorm(-abs(r[i])), sev_z(r[i]), NA, NA, NA, NA)
  }))
  list(m = m, disp = disp)
}

arows <- c(); erows <- c()
emit <- function(method, case, x, n, m) {
  for (i in seq_along(x))
    arows <<- c(arows, paste(c(method, case, i, x[i], n[i], fmt(m[i, ])), collapse = ","))
}
series <- list()
for (key in unique(paste(d$group, d$stage))) {
  s <- d[paste(d$group, d$stage) == key, ]; s <- s[order(s$period), ]
  series[[gsub(" ", "/", key)]] <- list(x = s$count, n = s$total)
}
set.seed(20261130)
for (i in 1:40) {
  k <- sample(4:6, 1); n <- round(runif(k, 150, 1300)); p <- runif(1, 0.6, 0.99)
  x <- rbinom(k, n, p)
  if (i %% 2 == 0) { j <- sample.int(k, 1); x[j] <- rbinom(1, n[j], max(0.01, p - 0.2)) }
  series[[paste0("random", i)]] <- list(x = x, n = n)
}
series[["small"]] <- list(x = c(3, 9, 10, 8), n = c(10, 10, 11, 9))
for (nm in names(series)) {
  sx <- series[[nm]]
  emit("loo", nm, sx$x, sx$n, loo_r(sx$x, sx$n))
  if (sum(sx$x) > 0 && sum(sx$x) < sum(sx$n)) {
    emit("pchart", nm, sx$x, sx$n, pchart_r(sx$x, sx$n, FALSE))
    emit("pchart-exact", nm, sx$x, sx$n, pchart_r(sx$x, sx$n, TRUE))
  }
}
# funnel: cross-sections of 20 and 63 provinces
for (i in 1:6) {
  I <- if (i %% 2) 20 else 63; n <- round(runif(I, 100, 3000)); p <- runif(I, 0.75, 0.95)
  x <- rbinom(I, n, p)
  fr <- funnel_r(x, n, FALSE); emit("funnel", paste0("cross", i), x, n, fr$m)
  fo <- funnel_r(x, n, TRUE); emit("funnel-od", paste0("cross", i), x, n, fo$m)
  erows <- c(erows, paste("funnel-od", paste0("cross", i), fmt(fo$tau2), sep = ","))
}
# two-way: the recognition table of the dataset and random 4 x 5 tables
rec <- d[d$stage == "recognized", ]; rec <- rec[order(rec$group, rec$period), ]
tw <- list(recognized = list(x = rec$count, n = rec$total, ng = 4, np = 4))
for (i in 1:8) {
  ng <- 4; np <- 5; n <- round(runif(ng * np, 150, 1300))
  lp <- rep(rnorm(ng, 2, 0.7), each = np) + rep(rnorm(np, 0, 0.2), times = ng)
  x <- rbinom(ng * np, n, plogis(lp))
  if (i %% 2 == 0) { j <- sample.int(ng * np, 1); x[j] <- round(x[j] * 0.8) }
  tw[[paste0("table", i)]] <- list(x = x, n = n, ng = ng, np = np)
}
for (nm in names(tw)) {
  tb <- tw[[nm]]; r <- twoway_r(tb$x, tb$n, tb$ng, tb$np)
  emit(paste0("twoway-", tb$ng, "x", tb$np), nm, tb$x, tb$n, r$m)
  erows <- c(erows, paste(paste0("twoway-", tb$ng, "x", tb$np), nm, fmt(r$disp), sep = ","))
}
writeLines(c("method,case,i,x,n,p,expected,diff,diff_lo,diff_hi,z,p_value,severity,lim95_lo,lim95_hi,lim998_lo,lim998_hi",
             arows), file.path(out_dir, "anomaly-grid.csv"))
writeLines(c("method,case,value", erows), file.path(out_dir, "anomaly-extra.csv"))
