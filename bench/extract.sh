#!/bin/sh
# extract.sh - issue 17's speed target: `proptrend extract` on a 1.3 MB
# report text (the seed review repeated 48 times, about 1,700 figures, and
# once more as one 1.3 MB line without a sentence end, the case that was
# quadratic; and adversarial texts) in under 3 s; and `audit --text` on the same text.  Run from the
# build directory (make bench-extract).  Never part of make check.
set -e
srcdir=${srcdir:-.}
seed="$srcdir/datasets/quangbinh-review-2017.txt"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
i=0
while [ $i -lt 48 ]; do cat "$seed"; i=$((i + 1)); done > "$tmp/big.txt"
tr '\n.' '  ' < "$tmp/big.txt" > "$tmp/oneline.txt"
# adversarial: one line of 60,000 dated clauses; 100,000 years after 200,000 words
awk 'BEGIN { for (i = 0; i < 60000; i++) printf "Năm 2019 có 5/9 xã; " }' > "$tmp/clauses.txt"
awk 'BEGIN { for (i = 0; i < 200000; i++) printf "chữ "; for (i = 0; i < 100000; i++) printf "năm 2019 " }' > "$tmp/years.txt"
# ... and one sentence listing 40,000 "“A” (4.47%, 1,781)" items, abbreviations defined 20,000 times
awk 'BEGIN { printf "In 2019 the deficiencies were "; for (i = 0; i < 40000; i++) printf "“A%d” (4.47%%, 1,781), ", i;
  for (i = 0; i < 20000; i++) printf "đạt chuẩn quốc gia (CQG) có 5/9 trường đạt CQG, " }' > "$tmp/lists.txt"
# ... and elliptic lists: 120,000 ", 31 good" after a count in words, 100,000 ", and 12 had begun" in
# one sentence, 30,000 "trong đó" parts, 15,000 lists broken over lines
awk 'BEGIN { printf "In 2019 there were 99999 schools. Sixteen of these were judged outstanding";
  for (i = 0; i < 120000; i++) printf ", 31 good"; print "." }' > "$tmp/ellipsis.txt"
awk 'BEGIN { printf "GAO noted that: (1) two of the 23 states had begun"; for (i = 0; i < 100000; i++) printf ", and 12 had begun";
  printf ".\nNăm 2021, có 668 trường"; for (i = 0; i < 30000; i++) printf ", trong đó có 30 trường ngoài công lập";
  print "."; for (i = 0; i < 15000; i++) print "Năm 2018, có 2.590/2.974 hộ đạt tiêu chuẩn, trong đó 2.689 hộ an toàn (chiếm 99,26%);\n146/146 tổ an toàn;" }' \
  > "$tmp/parts.txt"
# ... and bare counts for audit --text's parts-whole rule: 10,000 "trong đó" lists of 4 counts, and one
# "of which:" list of 100,000 counts in a paragraph
awk 'BEGIN { for (i = 0; i < 10000; i++) print "Năm 2020, tổng số 360 trường học, trong đó 120 trường mầm non, 140 trường tiểu học và 95 trường THCS, 5 trường khác.";
  printf "In 2020, 999999 schools, of which:"; for (i = 0; i < 100000; i++) printf " 9 schools,"; print "" }' > "$tmp/bare.txt"
python3 -c 'import sys, unicodedata; sys.stdout.write(unicodedata.normalize("NFD", open(sys.argv[1], encoding="utf-8").read()))' \
  "$tmp/big.txt" > "$tmp/nfd.txt"
run() {
  start=$(date +%s.%N)
  src/proptrend "$@" > "$tmp/out" 2> /dev/null || true
  end=$(date +%s.%N)
  echo "$(echo "$end - $start" | bc -l | cut -c1-5) s"
}
for f in big oneline nfd clauses years lists ellipsis parts; do
  echo "extract $f.txt ($(wc -c < "$tmp/$f.txt") bytes): $(run extract -f csv "$tmp/$f.txt"), $(($(wc -l < "$tmp/out") - 1)) figures"
done
for f in big parts bare; do
  echo "audit --text $f.txt ($(wc -c < "$tmp/$f.txt") bytes): $(run audit --text "$tmp/$f.txt" -f csv), $(($(wc -l < "$tmp/out") - 1)) findings"
done
