#!/bin/sh
# extract.sh - acceptance of `proptrend extract` on the seed review: every
# registration and recognition figure of the bundled dataset comes back with
# the same group, stage, period, count, total and reported; the other X/Y
# figures of the text too; no date or document number.
. "$top_srcdir/tests/cli/lib.sh"
ds="$top_srcdir/datasets/quangbinh-antt-2013-2017.csv"
"$PROPTREND" extract --format csv "$top_srcdir/datasets/quangbinh-review-2017.txt" > "$tmp/x.csv" 2> "$tmp/x.err"
[ $? -eq 0 ] && ok "extract runs" || notok "extract runs"

# key every row by group,stage,period,count,total,reported (first 6 columns);
# a reported "95,2" is a quoted CSV field: hide its comma from awk
key() {
  awk 'NR > 1' "$1" | sed -E 's/"([^",]*[0-9]+),([0-9]+)"/\1#\2/' |
    awk -F, '{ print $1 "," $2 "," $3 "," $4 "," $5 "," $6 }' | sed 's/#/,/' | sort
}
key "$ds" > "$tmp/want"
key "$tmp/x.csv" > "$tmp/got"
missing=$(comm -23 "$tmp/want" "$tmp/got")
[ -z "$missing" ] && ok "all 34 dataset figures extracted identically" || { notok "dataset figures missing from extraction"; echo "$missing"; }
extra=$(comm -13 "$tmp/want" "$tmp/got")
# 159/159 is dated by "đến 30/11/2012" earlier in its sentence (issue 17: a
# sentence's date); 106/136 by "Đến cuối năm 2016"; "xã" alone is rural
# communes only, so it stays unmapped (warned), not the commune group
[ "$(echo "$extra" | wc -l)" -eq 2 ] && echo "$extra" | grep -q '^commune,,2012,159,159,$' &&
  echo "$extra" | grep -q '^xã,recognized,2016,106,136,$' &&
  ok "the two other X/Y figures (159/159 in 2012, 106/136 criterion 19)" || { notok "other figures"; echo "$extra"; }
# dates and document numbers of the text never become figures
for pair in '27,4' '17,9' '30,11' '13,3' '23,12' '17,4' '1,11' '9,1' '25,10' '22,6' '1,12' '21,1' '18,8' '6,2013' '62,27' '389,13' '1109,17'; do
  x=${pair%,*} y=${pair#*,}
  if awk -F, -v x="$x" -v y="$y" 'NR > 1 && $4 == x && $5 == y { f = 1 } END { exit !f }' "$tmp/x.csv"; then
    notok "date or document number $x/$y taken as a figure"
  else
    ok "no figure $x/$y"
  fi
done
# the undetermined fields are warned about, not dropped
grep -q 'quangbinh-review-2017.txt:11:954: warning: figure 159/159: no stage found' "$tmp/x.err" &&
  ok "warning for the figure without stage" || notok "warning for the figure without stage"
grep -q 'warning: unit "xã" (1 figure) is not in the labels' "$tmp/x.err" &&
  ok "one warning for the unmapped unit" || notok "one warning for the unmapped unit"
[ "$(grep -c 'warning: unit' "$tmp/x.err")" -eq 1 ] && ok "no other unit unmapped" || notok "no other unit unmapped"
# a text with numbers in both formats says which it read, at the first of the other
printf 'In 2019, 1,012 clinics were inspected and 1,001 passed (98.9%%).\nNăm 2021, có 1.150/1.273 khu dân cư.\n' > "$tmp/mix.txt"
"$PROPTREND" extract --format csv "$tmp/mix.txt" 2> "$tmp/mix.err" > /dev/null
grep -q 'mix.txt:2: warning: numbers in both formats: read as English (1,273, 95.2%) (3 signs of it, 2 of the other' "$tmp/mix.err" &&
  ok "a warning for numbers in both formats" || notok "a warning for numbers in both formats"
"$PROPTREND" extract --format csv --number-format en "$tmp/mix.txt" 2> "$tmp/mix.err" > /dev/null
! grep -q 'both formats' "$tmp/mix.err" && ok "no such warning with --number-format" || notok "no such warning with --number-format"
! grep -q 'both formats' "$tmp/x.err" && ok "no such warning on the seed review" || notok "no such warning on the seed review"
# its line stays the text's after a PDF's wrapped line is joined to the next
printf 'In 2019, 1,012 clinics across the whole of the region were inspected in total and\nfound that most, 1,001, passed (98.9%%).\n\nNăm 2021, có 1.150/1.273 khu dân cư.\n' > "$tmp/mixw.txt"
"$PROPTREND" extract --format csv "$tmp/mixw.txt" 2> "$tmp/mixw.err" > /dev/null
grep -q 'mixw.txt:4: warning: numbers in both formats' "$tmp/mixw.err" &&
  ok "the both-formats warning's line after a wrapped line" || notok "the both-formats warning's line after a wrapped line"
# a count before its noun grouped the other way is read, and said so where it is
printf 'Năm 2021, có 55,086 hộ đạt chuẩn, đạt 98,84%%.\n' > "$tmp/th.txt"
"$PROPTREND" extract --format csv --number-format vi "$tmp/th.txt" 2> "$tmp/th.err" > /dev/null
grep -qx "$tmp/th.txt:1:14: warning: count 55,086 read as 55086: a count of units is whole, so its ',' marks thousands here" \
  "$tmp/th.err" && ok "a warning for a count grouped the other way" || notok "a warning for a count grouped the other way"
# --period is the year of figures whose text states none; -k adds to the defaults
printf 'Có 6/21 xã ra khỏi danh sách xã trọng điểm.\n' > "$tmp/p.txt"
"$PROPTREND" extract --format csv --period 2019 "$tmp/p.txt" 2> /dev/null | grep -q '^xã,,2019,6,21,,' &&
  ok "--period, and no stage leaking" || notok "--period, and no stage leaking"
"$PROPTREND" extract --format csv -k 'ra khỏi danh sách=removed' "$tmp/p.txt" 2> /dev/null | grep -q '^xã,removed,,6,21,,' &&
  ok "-k adds a keyword" || notok "-k adds a keyword"
printf 'Năm 2020 có 45/60 trường đạt chuẩn quốc gia.\n' > "$tmp/k.txt"
"$PROPTREND" extract --format csv -k 'trọng điểm=x' "$tmp/k.txt" 2> /dev/null | grep -q '^trường,recognized,2020,45,60,,' &&
  ok "-k keeps the defaults" || notok "-k keeps the defaults"
"$PROPTREND" extract --format csv --no-default-keywords -k 'trọng điểm=x' "$tmp/k.txt" 2> /dev/null | grep -q '^trường,,2020,45,60,,' &&
  ok "--no-default-keywords replaces them" || notok "--no-default-keywords replaces them"
"$PROPTREND" extract --format csv --unit 'trường=school' "$tmp/k.txt" 2> "$tmp/u.err" | grep -q '^school,recognized,2020,45,60,,' &&
  ! grep -q 'warning: unit' "$tmp/u.err" && ok "--unit names a unit" || notok "--unit names a unit"
# bad values of the shared options are usage errors (exit 64)
for bad in '--period 20x9' '--unit xã' '--unit =x' '-k =recognized' '--stage-keyword đạt'; do
  # shellcheck disable=SC2086
  "$PROPTREND" extract $bad "$tmp/k.txt" > /dev/null 2> "$tmp/bad.err"
  st=$?
  [ $st -eq 64 ] && grep -q "invalid" "$tmp/bad.err" && ok "usage error: $bad" || notok "usage error: $bad (exit $st)"
done
# the prose forms and contexts of tests/cli/extract.cases, each case in NFC
# and in NFD (decomposed) spelling.  Under make check-valgrind the cases'
# figures come from the plain binary, and valgrind reads all the cases at
# once below: one run, not 490 (it was the slowest part of CI)
case_bin=${VALGRIND_PROPTREND:-$PROPTREND}
# group..reported of each CSV row, quotes dropped: a quoted field's commas
# ("98,84", "acute care, critical access, and ...") stay in it
first_six() {
  awk '{ out = ""; q = 0; f = 1
         for (i = 1; i <= length($0) && f <= 6; i++) {
           ch = substr($0, i, 1)
           if (ch == "\"") { q = !q; continue }
           if (ch == "," && !q && ++f > 6) break
           out = out ch
         }
         print out }'
}
n=0
while IFS='	' read -r text want; do
  case $text in '#'* | '') continue ;; esac
  n=$((n + 1))
  printf '%b\n' "$text" > "$tmp/case$n.txt"
  python3 -c 'import sys,unicodedata; sys.stdout.write(unicodedata.normalize("NFD", open(sys.argv[1]).read()))' \
    "$tmp/case$n.txt" > "$tmp/case$n.nfd" 2> /dev/null || cp "$tmp/case$n.txt" "$tmp/case$n.nfd"
  [ "$want" = "-" ] && want=""
  printf '%s' "$want" | sed 's/ | /\n/g' | sed '/^$/d' | sort > "$tmp/want$n"
  for v in txt nfd; do
    "$case_bin" extract -f csv "$tmp/case$n.$v" 2> /dev/null | awk 'NR > 1' | first_six | sort > "$tmp/got$n"
    if cmp -s "$tmp/want$n" "$tmp/got$n"; then ok "extract.cases $n ($v)"
    else notok "extract.cases $n ($v): $text"; diff "$tmp/want$n" "$tmp/got$n"; fi
  done
done < "$top_srcdir/tests/cli/extract.cases"
if [ -n "${VALGRIND_PROPTREND:-}" ]; then
  for v in txt nfd; do
    i=1; : > "$tmp/cases.$v"
    while [ $i -le $n ]; do printf '# %d\n\n' $i; cat "$tmp/case$i.$v"; printf '\n'; i=$((i + 1)); done >> "$tmp/cases.$v"
    "$PROPTREND" extract -f csv "$tmp/cases.$v" > /dev/null 2>&1
    st=$?
    [ $st -eq 0 ] && ok "valgrind: all extract.cases at once ($v)" || notok "valgrind: all extract.cases at once ($v): exit $st"
  done
fi
# extract's own table through audit: a figure with no year is kept (a note),
# the same unit and year stated twice is no duplicate-key; a table of the
# same rows without extract's sources still reports the duplicate
printf 'Năm 2020, có 45/60 trường học đạt chuẩn.\n\nNăm 2020, có 45/60 trường học đạt chuẩn.\n' > "$tmp/twice.txt"
printf '# I. Khu dân cư\n\nCó 5/9 xã đạt chuẩn.\n' >> "$tmp/twice.txt"
"$PROPTREND" extract -f csv "$tmp/twice.txt" 2> /dev/null > "$tmp/twice.csv"
"$PROPTREND" audit -f csv "$tmp/twice.csv" > "$tmp/twice.audit" 2> "$tmp/twice.err"; st=$?
[ $st -eq 0 ] && ! grep -q '^duplicate-key' "$tmp/twice.audit" && grep -q '^unchecked,note' "$tmp/twice.audit" &&
  ok "extract | audit: a figure stated twice, one with no year" || { notok "extract | audit (exit $st)"; cat "$tmp/twice.err"; }
cut -d, -f1-6 "$tmp/twice.csv" | grep -v ',,' > "$tmp/plain.csv"
"$PROPTREND" audit -f csv "$tmp/plain.csv" 2> /dev/null | grep -q '^duplicate-key,error' &&
  ok "a table without extract's sources: duplicate-key" || notok "a table without extract's sources: duplicate-key"
# decomposed (NFD) text gives the same figures as the NFC text (same file
# name, so the source column agrees; tests/corpus/make-nfd.py made the copy)
mkdir "$tmp/nfd" && cp "$top_srcdir/tests/corpus/nfd/quangbinh-review-2017.txt" "$tmp/nfd/" &&
"$PROPTREND" extract --format csv "$tmp/nfd/quangbinh-review-2017.txt" > "$tmp/nfd.csv" 2> /dev/null &&
cmp -s "$tmp/nfd.csv" "$tmp/x.csv" && ok "NFD text: the same figures" || notok "NFD text: the same figures"
# the NFC tables are what tools/gen-utf8-table.py makes of Debian's
# unicode-data (when installed: it is needed only to regenerate them)
if [ -r /usr/share/unicode/UnicodeData.txt ] && command -v python3 > /dev/null; then
  python3 "$top_srcdir/tools/gen-utf8-table.py" > "$tmp/utf8_table.h" &&
    cmp -s "$tmp/utf8_table.h" "$top_srcdir/src/lib/utf8_table.h" &&
    ok "src/lib/utf8_table.h is generated from unicode-data" || notok "src/lib/utf8_table.h differs from its generator's output"
else
  ok "unicode-data not installed: table regeneration not checked"
fi
finish
