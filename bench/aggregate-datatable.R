# aggregate-datatable.R - the aggregate benchmark's task in R data.table:
# read the unit records (fread), turn the flags (1/0, yes/no, true/false,
# có/không) into 0/1, and count units and flags per (province, category,
# year); written as the same tidy table.  Run by bench/aggregate.sh when
# data.table is installed:  Rscript bench/aggregate-datatable.R UNITS.csv OUT.csv
suppressPackageStartupMessages(library(data.table))
args <- commandArgs(trailingOnly = TRUE)
d <- fread(args[1], colClasses = list(character = c("registered", "recognized")), encoding = "UTF-8")
flag <- function(v) as.integer(v %chin% c("1", "yes", "true", "có"))
d[, `:=`(registered = flag(registered), recognized = flag(recognized))]
a <- d[, .(total = .N, registered = sum(registered), recognized = sum(recognized)), by = .(province, category, year)]
out <- rbind(a[, .(area = province, group = category, stage = "registered", period = year, count = registered, total)],
             a[, .(area = province, group = category, stage = "recognized", period = year, count = recognized, total)])
setorder(out, area, group, stage, period)
fwrite(out, args[2])
