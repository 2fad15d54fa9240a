#!/bin/sh
# reference.sh - `proptrend rates --format csv` on the bundled dataset
# against R's prop.test(x, n, correct = FALSE)$conf.int, relative 1e-9, on
# every row (fixture from tests/reference/make-fixtures.R).
. "$top_srcdir/tests/cli/lib.sh"
fix="$top_srcdir/tests/reference/fixtures/rates-quangbinh-wilson.csv"
"$PROPTREND" rates --format csv "$top_srcdir/datasets/quangbinh-antt-2013-2017.csv" > "$tmp/ours.csv"
if [ "$(head -1 "$tmp/ours.csv")" = "group,stage,period,count,total,p,lower,upper,method,level" ]; then
  ok "csv columns"
else
  notok "csv columns: $(head -1 "$tmp/ours.csv")"
fi
paste -d, "$tmp/ours.csv" "$fix" | awk -F, -v tol=1e-9 '
  function rel(a, b) { if (a == b) return 0; d = a - b; if (d < 0) d = -d; m = (a < 0 ? -a : a); mb = (b < 0 ? -b : b); if (mb > m) m = mb; return d / m }
  NR == 1 { next }
  { # ours: 1-5 keys, 6 p, 7 lower, 8 upper ; R: 11-15 keys, 16 p, 17 lower, 18 upper
    if ($1 != $11 || $2 != $12 || $3 != $13 || $4 != $14 || $5 != $15) { print "row " NR ": keys differ"; bad++ }
    if (rel($6, $16) > tol || rel($7, $17) > tol || rel($8, $18) > tol) { print "row " NR ": " $7 "," $8 " vs R " $17 "," $18; bad++ }
    rows++ }
  END { if (rows != 34) { print "rows: " rows; bad++ } exit bad > 0 }' &&
  ok "rates = prop.test(correct = FALSE) on all 34 rows" || notok "rates = prop.test on all rows"
finish
