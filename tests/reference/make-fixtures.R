#!/usr/bin/env Rscript
# make-fixtures.R - independent reference values for proptrend's tests.
#
# Every number the C library computes is checked against values produced
# here with R's own functions (prop.test, binom.test, qbeta, pbinom, uniroot)
# or with the published formula written out again in R.  The tests read the
# CSV files this writes into tests/reference/fixtures/ and do not need R.
#
# Run from the top of the source tree:  Rscript tests/reference/make-fixtures.R
# Needs r-base-core, and for two of the sourced parts r-cran-epir
# (epi.prev) and r-cran-segmented.  Deterministic (set.seed), so a re-run reproduces
# the committed fixtures exactly on the same R version.

out_dir <- file.path("tests", "reference", "fixtures")
dir.create(out_dir, showWarnings = FALSE, recursive = TRUE)
fmt <- function(v) ifelse(is.na(v), "", sprintf("%.17g", v))

# ---- single-proportion intervals (the methods are in ci-methods.R) -------
source(file.path("tests", "reference", "ci-methods.R"))

# The grid: x in {0, 1, 2, n/3, n/2, n-1, n} for n from 1 to 10^7, published
# cases (Newcombe 1998, Table I: 81/263, 15/148, 0/20, 1/29), GSL 2.7's known
# failures (34/3719, 5/100000), and random (x, n).
ns <- c(1, 2, 3, 5, 10, 17, 20, 29, 30, 50, 100, 148, 263, 1000, 3719, 10^4, 10^5, 10^6, 10^7)
grid <- do.call(rbind, lapply(ns, function(n) {
  xs <- unique(c(0, 1, 2, floor(n / 3), floor(n / 2), n - 1, n))
  data.frame(x = xs[xs >= 0 & xs <= n], n = n)
}))
grid <- rbind(grid, data.frame(x = c(81, 15, 0, 1, 34, 5), n = c(263, 148, 20, 29, 3719, 100000)))
set.seed(20261127)
rn <- round(10^runif(300, 0, 4))
rx <- sapply(rn, function(n) sample.int(n + 1, 1) - 1)
grid <- rbind(grid, data.frame(x = rx, n = rn))
grid <- unique(grid)

rows <- list()
for (level in c(0.90, 0.95, 0.99)) {
  for (m in names(methods)) {
    f <- methods[[m]]
    for (i in seq_len(nrow(grid))) {
      x <- grid$x[i]; n <- grid$n[i]
      ci <- f(x, n, level)
      rows[[length(rows) + 1]] <- sprintf("%s,%.0f,%.0f,%s,%s,%s", m, x, n, fmt(level), fmt(ci[1]), fmt(ci[2]))
    }
  }
}
writeLines(c("method,x,n,level,lower,upper", unlist(rows)), file.path(out_dir, "ci-grid.csv"))

# ---- rates on the bundled dataset: Wilson = prop.test(correct = FALSE) ----
d <- read.csv(file.path("datasets", "quangbinh-antt-2013-2017.csv"), stringsAsFactors = FALSE)
w <- t(mapply(function(x, n) ci_wilson(x, n, 0.95), d$count, d$total))
writeLines(c("group,stage,period,count,total,p,lower,upper",
             sprintf("%s,%s,%d,%d,%d,%s,%s,%s", d$group, d$stage, d$period, d$count, d$total,
                     fmt(d$count / d$total), fmt(w[, 1]), fmt(w[, 2]))),
           file.path(out_dir, "rates-quangbinh-wilson.csv"))


# ---- two-sample comparisons (proptrend change) ------------------------------
source(file.path("tests", "reference", "compare-fixtures.R"))
cat("comparison fixtures written\n")

# ---- trends (proptrend trend) ---------------------------------------------------
source(file.path("tests", "reference", "trend-fixtures.R"))
cat("trend fixtures written\n")

# ---- anomaly flags (proptrend anomalies) -------------------------------------
source(file.path("tests", "reference", "anomaly-fixtures.R"))
cat("anomaly fixtures written\n")

# ---- re-inspection and adjustment (proptrend sample-size, adjust) -------------
source(file.path("tests", "reference", "reinspect-fixtures.R"))
cat("re-inspection fixtures written\n")

# ---- joinpoint regression (proptrend trend --joinpoints) ----------------------
# last: it sets its own seed, and the fixtures above must not move
source(file.path("tests", "reference", "joinpoint-fixtures.R"))
cat("joinpoint fixtures written\n")
