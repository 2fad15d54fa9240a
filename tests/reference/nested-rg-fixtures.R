#!/usr/bin/env Rscript
# nested-rg-fixtures.R - reference values for pt_nested_stage / pt_nested_change
# (compare.c) and pt_rogan_gladen_counts (reinspect.c), issue 16 items 3-4.
#
# Run from the top of the source tree:  Rscript tests/reference/nested-rg-fixtures.R
# Needs only r-base-core.  Writes tests/reference/fixtures/nested.csv and
# rogan-gladen-counts.csv.
#   nested: the Wilson interval of recognised / registered from prop.test
#   (correct = FALSE); the change between periods by Newcombe's (1998)
#   method 10 written out from prop.test's limits.
#   Rogan-Gladen: theta = (p + Sp - 1)/(Se + Sp - 1) and the delta-method
#   variance with estimated Se and Sp (Rogan & Gladen 1978; Greiner &
#   Gardner 2000), written out; the status from where p lies against
#   [1 - Sp, Se].

out_dir <- file.path("tests", "reference", "fixtures")
fmt <- function(v) ifelse(is.na(v), "NaN", sprintf("%.17g", v))
wil <- function(x, n) as.numeric(suppressWarnings(prop.test(x, n, correct = FALSE))$conf.int)

d <- read.csv(file.path("datasets", "quangbinh-antt-2013-2017.csv"), stringsAsFactors = FALSE)
rec <- d[d$stage == "recognized", ]; reg <- d[d$stage == "registered", ]
m <- merge(rec, reg, by = c("group", "period"), suffixes = c("_rec", "_reg"))
m <- m[order(m$group, m$period), ]
cases <- data.frame(x_rec = m$count_rec, n_rec = m$total_rec, x_reg = m$count_reg, n_reg = m$total_reg)
cases <- rbind(cases, data.frame(x_rec = c(50, 120, 0, 30), n_rec = c(80, 200, 40, 100),
                                 x_reg = c(80, 100, 40, 30), n_reg = c(120, 200, 60, 100)))
rows <- character(0)
for (i in seq_len(nrow(cases))) {
  cs <- cases[i, ]
  flags <- (if (cs$n_rec != cs$n_reg && cs$n_rec != cs$x_reg) 1 else 0) + (if (cs$x_rec > cs$x_reg) 2 else 0)
  ci <- if (cs$x_rec <= cs$x_reg) wil(cs$x_rec, cs$x_reg) else c(NA, NA)
  rows <- c(rows, paste(cs$x_rec, cs$n_rec, cs$x_reg, cs$n_reg, flags, fmt(cs$x_rec / cs$x_reg), fmt(ci[1]), fmt(ci[2]), sep = ","))
}
writeLines(c("x_rec,n_rec,x_reg,n_reg,flags,ratio,lower,upper", rows), file.path(out_dir, "nested.csv"))

# the change of the conditional proportion between consecutive periods of a group
newcombe <- function(xa, na, xb, nb) {
  pa <- xa / na; pb <- xb / nb; a <- wil(xa, na); b <- wil(xb, nb); dd <- pa - pb
  c(dd, max(-1, dd - sqrt((pa - a[1])^2 + (b[2] - pb)^2)), min(1, dd + sqrt((a[2] - pa)^2 + (pb - b[1])^2)))
}
crow <- character(0)
for (g in unique(m$group)) {
  s <- m[m$group == g & m$count_rec <= m$count_reg, ]
  if (nrow(s) < 2) next
  for (j in 2:nrow(s)) {
    v <- newcombe(s$count_rec[j], s$count_reg[j], s$count_rec[j - 1], s$count_reg[j - 1])
    crow <- c(crow, paste("change", s$count_rec[j], s$count_reg[j], s$count_rec[j - 1], s$count_reg[j - 1],
                          fmt(v[1]), fmt(v[2]), fmt(v[3]), sep = ","))
  }
}
writeLines(c("kind,xrec_a,xreg_a,xrec_b,xreg_b,est,lower,upper", crow), file.path(out_dir, "nested-change.csv"))

rg <- function(x, n, sx, sn, px, pn, level = 0.95) {
  p <- x / n; se <- sx / sn; sp <- px / pn; J <- se + sp - 1; z <- qnorm(1 - (1 - level) / 2)
  if (J <= 0) return(c(3, NA, NA, NA, NA, NA, NA))
  th <- (p + sp - 1) / J
  v <- (p * (1 - p) / n + th^2 * se * (1 - se) / sn + (1 - th)^2 * sp * (1 - sp) / pn) / J^2
  vk <- p * (1 - p) / n / J^2
  st <- if (p < 1 - sp) 1 else if (p > se) 2 else 0
  c(st, th, sqrt(v), th - z * sqrt(v), th + z * sqrt(v), th - z * sqrt(vk), th + z * sqrt(vk))
}
g <- rbind(c(229, 357, 45, 50, 180, 190), c(405, 432, 45, 50, 180, 190), c(1118, 1273, 90, 100, 95, 100),
           c(3, 400, 45, 50, 180, 190), c(399, 400, 45, 50, 180, 190), c(50, 100, 20, 50, 25, 50),
           c(133, 159, 29, 30, 9, 10), c(0, 50, 50, 50, 50, 50), c(60, 100, 30, 50, 10, 50))
rrow <- apply(g, 1, function(a) paste(paste(a, collapse = ","), paste(fmt(rg(a[1], a[2], a[3], a[4], a[5], a[6])), collapse = ","), sep = ","))
writeLines(c("x,n,se_x,se_n,sp_x,sp_n,status,adjusted,sd,lower,upper,lower_known,upper_known", rrow),
           file.path(out_dir, "rogan-gladen-counts.csv"))
