#!/bin/sh
# analyses.sh - issue 18's scale check for change, trend and anomalies: the
# district table of bench/audit.sh (area x 4 groups x 2 stages x 10 years)
# at 32,000 and 320,000 rows, each command once with -f csv.  Linear would be
# 10x; the issue allows 20x.  Run from the build directory.  Benchmarks
# only: no timed assertion in make check.
set -e
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
gen() { awk -v areas="$1" -f "${srcdir:-.}/bench/gen_district.awk" > "$2"; }
secs() { s=$(date +%s.%N); "$@" > /dev/null; e=$(date +%s.%N); echo "$e - $s" | bc -l; }
gen 400 "$tmp/small.csv"
gen 4000 "$tmp/large.csv"
for cmd in "change" "trend" "anomalies" "anomalies -m funnel" "anomalies -m twoway"; do
  ts=$(secs src/proptrend $cmd -f csv "$tmp/small.csv")
  tl=$(secs src/proptrend $cmd -f csv "$tmp/large.csv")
  printf '%-22s 32,000 rows %7.3f s   320,000 rows %7.3f s   ratio %.1f x\n' "$cmd" "$ts" "$tl" "$(echo "$tl / $ts" | bc -l)"
done
