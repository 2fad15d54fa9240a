# trend-fixtures.R - sourced by make-fixtures.R: trend statistics of every
# series of the bundled dataset, R's and the Providence reference cases, and
# random series.  Columns of trend-grid.csv (scores as given, level 0.95):
#   name,k,x,n,s,ca_chisq,ca_z,ca_p,a,b,se,deviance,wald_lo,wald_hi,prof_lo,prof_hi,
#   apc,apc_lo,apc_hi,wapc,wapc_lo,wapc_hi,h_chisq,h_p
# with x, n, s as ';'-separated lists and empty cells where undefined.

trend_row <- function(name, x, n, s) {
  k <- length(x); p <- x / n; pb <- sum(x) / sum(n)
  ca <- if (pb > 0 && pb < 1) {
    r <- prop.trend.test(x, n, score = s)
    zs <- sign(sum(x * (s - sum(n * s) / sum(n)))) * sqrt(unname(r$statistic))
    c(unname(r$statistic), zs, r$p.value)
  } else c(NA, NA, NA)
  lg <- rep(NA, 7)
  if (pb > 0 && pb < 1) {
    f <- glm(cbind(x, n - x) ~ s, family = binomial, control = glm.control(epsilon = 1e-15, maxit = 100))
    b <- unname(coef(f)[2]); se <- sqrt(vcov(f)[2, 2]); dmin <- deviance(f)
    # profile likelihood by its definition: the slope where the deviance,
    # refitted over the intercept with the slope as an offset, rises by z^2
    pdev <- function(bb) deviance(glm(cbind(x, n - x) ~ 1, offset = bb * s, family = binomial,
                                      control = glm.control(epsilon = 1e-15, maxit = 100)))
    q <- qnorm(0.975)^2
    g <- function(bb) pdev(bb) - dmin - q
    lo <- uniroot(g, c(b - 50 * se, b), tol = 1e-13 * max(1, abs(b)))$root
    hi <- uniroot(g, c(b, b + 50 * se), tol = 1e-13 * max(1, abs(b)))$root
    z <- qnorm(0.975)
    lg <- c(unname(coef(f)[1]), b, se, dmin, exp(b - z * se), exp(b + z * se), exp(lo), exp(hi))
  } else lg <- rep(NA, 8)
  apc <- if (all(x > 0)) {
    m <- lm(log(p) ~ s); ci <- confint(m, "s", level = 0.95)
    100 * (exp(c(coef(m)[2], ci)) - 1)
  } else c(NA, NA, NA)
  wapc <- if (all(x > 0) && all(x < n)) {
    w <- n * p / (1 - p)
    m <- lm(log(p) ~ s, weights = w); ci <- confint(m, "s", level = 0.95)
    100 * (exp(c(coef(m)[2], ci)) - 1)
  } else c(NA, NA, NA)
  h <- if (pb > 0 && pb < 1) { r <- suppressWarnings(prop.test(x, n)); c(unname(r$statistic), r$p.value) } else c(NA, NA)
  paste(c(name, k, paste(x, collapse = ";"), paste(n, collapse = ";"), paste(s, collapse = ";"),
          fmt(c(ca, lg, apc, wapc, h))), collapse = ",")
}

trows <- c()
trows <- c(trows, trend_row("smokers", c(83, 90, 129, 70), c(86, 93, 136, 82), 1:4))
trows <- c(trows, trend_row("providence", c(196, 266, 194, 276, 333), c(319, 492, 435, 598, 901),
                            c(1961, 1966, 1971, 1976, 1981)))
for (key in unique(paste(d$group, d$stage))) {
  s <- d[paste(d$group, d$stage) == key, ]; s <- s[order(s$period), ]
  if (nrow(s) >= 3) trows <- c(trows, trend_row(gsub(" ", "/", key), s$count, s$total, s$period))
}
set.seed(20261129)
for (i in 1:60) {
  k <- sample(3:12, 1); n <- round(10^runif(k, 1, 3.5)); p0 <- runif(1, 0.05, 0.95)
  p <- plogis(qlogis(p0) + rnorm(1, 0, 0.2) * (1:k))
  x <- rbinom(k, n, p)
  trows <- c(trows, trend_row(paste0("random", i), x, n, 2000 + 1:k))
}
writeLines(c(paste("name,k,x,n,s,ca_chisq,ca_z,ca_p,a,b,se,deviance,wald_lo,wald_hi,prof_lo,prof_hi,",
                   "apc,apc_lo,apc_hi,wapc,wapc_lo,wapc_hi,h_chisq,h_p", sep = ""), trows),
           file.path(out_dir, "trend-grid.csv"))
