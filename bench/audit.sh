#!/bin/sh
# audit.sh - issue 18's audit benchmark: a district table (area x 4 groups x
# 2 stages x 10 years, with printed percentages, a few figures missing, a few
# percentages off by one digit) of 32,000 and of 320,000 rows, audited with
# `proptrend audit -f csv`.  Linear would be 10x; the issue allows 20x.
# Then a 1.3 MB report text (figures with "trong đó" parts, most paragraphs
# dated) through `proptrend audit --text`.
# Run from the build directory (make bench, or sh bench/audit.sh); REPS runs
# each, the best one kept.  Benchmarks only: no timed assertion in make check.
set -e
reps=${REPS:-3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# gen AREAS FILE: deterministic (bench/gen_district.awk, with printed percentages)
gen() { awk -v areas="$1" -v audit=1 -f "${srcdir:-.}/bench/gen_district.awk" > "$2"; }

best() {   # best of $reps wall-clock seconds of: proptrend audit FILE
  b=""
  i=0
  while [ $i -lt "$reps" ]; do
    s=$(date +%s.%N)
    src/proptrend audit -f csv "$1" > "$tmp/out.csv"
    e=$(date +%s.%N)
    t=$(echo "$e - $s" | bc -l)
    if [ -z "$b" ] || [ "$(echo "$t < $b" | bc -l)" = 1 ]; then b=$t; fi
    i=$((i + 1))
  done
  echo "$b"
}

gen 400 "$tmp/small.csv"
gen 4000 "$tmp/large.csv"
rs=$(($(wc -l < "$tmp/small.csv") - 1)); rl=$(($(wc -l < "$tmp/large.csv") - 1))
ts=$(best "$tmp/small.csv"); fs=$(($(wc -l < "$tmp/out.csv") - 1))
tl=$(best "$tmp/large.csv"); fl=$(($(wc -l < "$tmp/out.csv") - 1))
printf 'audit, %d rows: %.3f s (%d findings)\n' "$rs" "$ts" "$fs"
printf 'audit, %d rows: %.3f s (%d findings)\n' "$rl" "$tl" "$fl"
printf 'ratio: %.1f x for %.1f x the rows\n' "$(echo "$tl / $ts" | bc -l)" "$(echo "$rl / $rs" | bc -l)"

# a text of about 1.3 MB: 8,000 paragraphs of figures and their parts
awk 'BEGIN {
  srand(7);
  for (p = 0; p < 8000; p++) {
    b = 100 + int(rand() * 900); a = int(b * (0.5 + 0.5 * rand()));
    h = int(a / 2); hb = int(b / 2);
    printf "Năm %d, toàn huyện có %d/%d trường đạt tiêu chuẩn (%.1f%%), trong đó %d/%d trường mầm non và %d/%d trường tiểu học; %d/%d xã đăng ký.\n", 2010 + p % 12, a, b, 100 * a / b, h, hb, a - h, b - hb, b, b + 10;
    if (p % 3 == 0) print "";
  }
}' > "$tmp/report.txt"
s=$(date +%s.%N)
src/proptrend audit -f csv --text "$tmp/report.txt" > "$tmp/out.csv" 2> /dev/null
e=$(date +%s.%N)
printf 'audit --text, %d bytes, %d figures: %.3f s (%d findings)\n' "$(wc -c < "$tmp/report.txt")" \
  "$(src/proptrend extract -f csv "$tmp/report.txt" 2> /dev/null | tail -n +2 | wc -l)" "$(echo "$e - $s" | bc -l)" \
  "$(($(wc -l < "$tmp/out.csv") - 1))"
