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
  awk 'NR > 1' "$1" | sed -E 's/"([0-9]+),([0-9]+)"/\1#\2/' |
    awk -F, '{ print $1 "," $2 "," $3 "," $4 "," $5 "," $6 }' | sed 's/#/,/' | sort
}
key "$ds" > "$tmp/want"
key "$tmp/x.csv" > "$tmp/got"
missing=$(comm -23 "$tmp/want" "$tmp/got")
[ -z "$missing" ] && ok "all 34 dataset figures extracted identically" || { notok "dataset figures missing from extraction"; echo "$missing"; }
extra=$(comm -13 "$tmp/want" "$tmp/got")
[ "$(echo "$extra" | wc -l)" -eq 2 ] && echo "$extra" | grep -q '^commune,,,159,159,$' &&
  echo "$extra" | grep -q ',recognized,2016,106,136,$' &&
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
grep -q 'quangbinh-review-2017.txt:11:954: warning: figure 159/159: no stage, year found' "$tmp/x.err" &&
  ok "warning for the figure without stage and year" || notok "warning for the figure without stage and year"
finish
