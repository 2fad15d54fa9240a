# analyses-fixtures.R - table-level references for the library analyses
# (pt_an_*_run, src/lib/analyses.c) on the bundled dataset: the series a
# table is split into, the year-over-year pairs and the adjustment across
# the whole run.  Independent of the C code: grouping with split(), the
# trend test with prop.trend.test, each pair's z test with prop.test
# (no continuity correction), Holm over all pairs with p.adjust.
#   Rscript tests/reference/analyses-fixtures.R  (from the top of the tree)
d <- read.csv("datasets/quangbinh-antt-2013-2017.csv", stringsAsFactors = FALSE)
d <- d[order(d$group, d$stage, d$period), ]
key <- paste(d$group, d$stage, sep = "\r")
series <- split(d, factor(key, levels = unique(key)))
fmt <- function(x) trimws(formatC(x, digits = 17, format = "g"))

trend <- do.call(rbind, lapply(series, function(s) {
  if (nrow(s) < 3) return(NULL)
  # a series without variation has no test (R stops; the C says so)
  t <- tryCatch(suppressWarnings(prop.trend.test(s$count, s$total, score = s$period)), error = function(e) NULL)
  data.frame(group = s$group[1], stage = s$stage[1], n_periods = nrow(s),
             ca_chisq = if (is.null(t)) "" else fmt(unname(t$statistic)),
             ca_p = if (is.null(t)) "" else fmt(t$p.value))
}))
write.csv(trend, "tests/reference/fixtures/analyses-trend.csv", row.names = FALSE, quote = FALSE)

pairs <- do.call(rbind, lapply(series, function(s) {
  if (nrow(s) < 2) return(NULL)
  do.call(rbind, lapply(2:nrow(s), function(i) {
    t <- suppressWarnings(prop.test(c(s$count[i], s$count[i - 1]), c(s$total[i], s$total[i - 1]), correct = FALSE))
    data.frame(group = s$group[1], stage = s$stage[1], from = s$period[i - 1], to = s$period[i],
               diff = s$count[i] / s$total[i] - s$count[i - 1] / s$total[i - 1], p = t$p.value)
  }))
}))
pairs$p_holm <- p.adjust(pairs$p, "holm")
pairs$diff <- fmt(pairs$diff); pairs$p <- fmt(pairs$p); pairs$p_holm <- fmt(pairs$p_holm)
write.csv(pairs, "tests/reference/fixtures/analyses-change.csv", row.names = FALSE, quote = FALSE)
