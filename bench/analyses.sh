#!/bin/sh
# analyses.sh - issue 18's scale check for change, trend and anomalies: the
# district table of bench/audit.sh (area x 4 groups x 2 stages x 10 years)
# at 32,000 and 320,000 rows, each command once with -f csv.  Linear would be
# 10x; the issue allows 20x.  Run from the build directory.  Benchmarks
# only: no timed assertion in make check.
set -e
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
gen() {
  awk -v areas="$1" 'BEGIN {
    srand(20261201);
    split("school commune residential_area agency_enterprise", g, " ");
    print "area,group,stage,period,count,total";
    for (a = 1; a <= areas; a++)
      for (k = 1; k <= 4; k++) {
        base = 50 + int(rand() * 1500);
        for (y = 2015; y <= 2024; y++) {
          n = base + int(rand() * 20) - 10;
          reg = int(n * (0.8 + 0.2 * rand()));
          rec = int(reg * (0.7 + 0.3 * rand()));
          printf "d%05d,%s,registered,%d,%d,%d\n", a, g[k], y, reg, n;
          printf "d%05d,%s,recognized,%d,%d,%d\n", a, g[k], y, rec, n;
        }
      }
  }' > "$2"
}
secs() { s=$(date +%s.%N); "$@" > /dev/null; e=$(date +%s.%N); echo "$e - $s" | bc -l; }
gen 400 "$tmp/small.csv"
gen 4000 "$tmp/large.csv"
for cmd in "change" "trend" "anomalies" "anomalies -m funnel" "anomalies -m twoway"; do
  ts=$(secs src/proptrend $cmd -f csv "$tmp/small.csv")
  tl=$(secs src/proptrend $cmd -f csv "$tmp/large.csv")
  printf '%-22s 32,000 rows %7.3f s   320,000 rows %7.3f s   ratio %.1f x\n' "$cmd" "$ts" "$tl" "$(echo "$tl / $ts" | bc -l)"
done
