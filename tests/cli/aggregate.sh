#!/bin/sh
# aggregate.sh - proptrend aggregate against an independent awk count on
# generated unit records; merging shards equals aggregating the whole file;
# the funnel runs on the aggregated provinces of one year.
. "$top_srcdir/tests/cli/lib.sh"
gen="$top_builddir/bench/gen_units"
"$gen" 20000 7 > "$tmp/units.csv"
"$PROPTREND" aggregate "$tmp/units.csv" --area province --by category --period year \
  --stages registered,recognized --unit-id unit_id -o "$tmp/agg.csv"
[ $? -eq 0 ] && ok "aggregate runs" || notok "aggregate runs"

# the independent count
awk -F, 'NR > 1 {
    k = $3 "," $4; y = $2
    reg = ($5 == "1" || $5 == "yes" || $5 == "true" || $5 == "có")
    rec = ($6 == "1" || $6 == "yes" || $6 == "true" || $6 == "có")
    tot[k "," y]++; r[k "," y] += reg; c[k "," y] += rec }
  END { for (key in tot) { split(key, a, ",");
          print a[1] "," a[2] ",recognized," a[3] "," c[key] "," tot[key];
          print a[1] "," a[2] ",registered," a[3] "," r[key] "," tot[key] } }' "$tmp/units.csv" | sort > "$tmp/want"
tail -n +2 "$tmp/agg.csv" | sort > "$tmp/got"
[ "$(head -1 "$tmp/agg.csv")" = "area,group,stage,period,count,total" ] && cmp -s "$tmp/want" "$tmp/got" &&
  ok "counts equal an independent awk count ($(wc -l < "$tmp/got") rows)" || { notok "counts differ from awk"; diff "$tmp/want" "$tmp/got" | head; }
tail -n +2 "$tmp/agg.csv" | sort -c -t, -k1,1 -k2,2 -k3,3 -k4,4n 2>/dev/null && ok "sorted by key" || notok "sorted by key"

# shards by province, aggregated separately, merged
awk -F, 'NR == 1 { h = $0; next } { s = substr($3, 2) % 3; f = "'"$tmp"'/shard" s ".csv";
  if (!(f in seen)) { print h > f; seen[f] = 1 } print > f }' "$tmp/units.csv"
for s in 0 1 2; do
  "$PROPTREND" aggregate "$tmp/shard$s.csv" --area province --by category --period year \
    --stages registered,recognized -o "$tmp/agg$s.csv" || notok "shard $s"
done
"$PROPTREND" aggregate --merge "$tmp/agg0.csv" "$tmp/agg1.csv" "$tmp/agg2.csv" -o "$tmp/merged.csv" &&
  cmp -s "$tmp/merged.csv" "$tmp/agg.csv" && ok "merging shards equals aggregating the whole file" ||
  { notok "merge differs"; diff "$tmp/merged.csv" "$tmp/agg.csv" | head; }
# --threads: parts split at record boundaries give the same table; with
# quoted fields that hold newlines (and doubled quotes) near every split,
# and errors reported with the file's own line numbers
A="--area province --by category --period year --stages registered,recognized"
for j in 2 3 8; do
  "$PROPTREND" aggregate "$tmp/units.csv" $A --threads $j -o "$tmp/agg-j$j.csv" &&
    cmp -s "$tmp/agg-j$j.csv" "$tmp/agg.csv" && ok "--threads $j equals one thread" || notok "--threads $j differs"
done
awk -F, 'NR == 1 { print $0 ",note"; next } { OFS = ","; print $0 ",\"multi\nline, \"\"quoted\"\"\"" }' "$tmp/units.csv" > "$tmp/quoted.csv"
"$PROPTREND" aggregate "$tmp/quoted.csv" $A > "$tmp/q1.csv" && "$PROPTREND" aggregate "$tmp/quoted.csv" $A -j 5 > "$tmp/q5.csv" &&
  cmp -s "$tmp/q1.csv" "$tmp/agg.csv" && cmp -s "$tmp/q5.csv" "$tmp/agg.csv" &&
  ok "--threads: quoted newlines at the splits" || notok "--threads: quoted newlines"
awk -F, 'NR == 1 { print $0 ",note"; next } { OFS = ","; if (NR == 4000) $5 = "maybe"; if (NR == 17000) $6 = "2";
  print $0 ",\"multi\nline\"" }' "$tmp/units.csv" > "$tmp/bad.csv"
"$PROPTREND" aggregate "$tmp/bad.csv" $A > /dev/null 2> "$tmp/e1"; s1=$?
"$PROPTREND" aggregate "$tmp/bad.csv" $A -j 4 > /dev/null 2> "$tmp/e4"; s4=$?
[ $s1 -eq 65 ] && [ $s4 -eq 65 ] && cmp -s "$tmp/e1" "$tmp/e4" && grep -q "bad.csv:7998:5: registered must be a flag" "$tmp/e4" &&
  grep -q "bad.csv:33998:6: recognized must be a flag" "$tmp/e4" &&
  ok "--threads: the same errors at the file's line numbers" || { notok "--threads errors ($s1, $s4)"; cat "$tmp/e1" "$tmp/e4"; }
# standard input, and --unit-id (its duplicate check needs every record),
# are read on one thread: the same table
"$PROPTREND" aggregate - $A -j 2 < "$tmp/units.csv" > "$tmp/agg-stdin.csv" &&
  cmp -s "$tmp/agg-stdin.csv" "$tmp/agg.csv" && ok "--threads with standard input" || notok "--threads with standard input"
"$PROPTREND" aggregate "$tmp/units.csv" $A --unit-id unit_id -j 2 > "$tmp/agg-uid.csv" &&
  cmp -s "$tmp/agg-uid.csv" "$tmp/agg.csv" && ok "--threads with --unit-id" || notok "--threads with --unit-id"
# many errors: the same first 50 and the same closing line as one thread
awk -F, 'BEGIN { OFS = "," } NR > 1 && NR % 100 == 0 { $5 = "bad" } { print }' "$tmp/units.csv" > "$tmp/many.csv"
"$PROPTREND" aggregate "$tmp/many.csv" $A > /dev/null 2> "$tmp/m1"
"$PROPTREND" aggregate "$tmp/many.csv" $A -j 3 > /dev/null 2> "$tmp/m3"
[ "$(wc -l < "$tmp/m1")" -eq 51 ] && cmp -s "$tmp/m1" "$tmp/m3" && ok "--threads: at most 50 errors, as one thread" ||
  { notok "--threads: many errors"; diff "$tmp/m1" "$tmp/m3" | head; }
"$PROPTREND" aggregate "$tmp/units.csv" $A -j 0 2> /dev/null; [ $? -eq 64 ] && ok "--threads 0 is a usage error" || notok "--threads 0"

# several inputs at once are one dataset
"$PROPTREND" aggregate "$tmp/shard2.csv" "$tmp/shard0.csv" "$tmp/shard1.csv" --area province --by category \
  --period year --stages registered,recognized > "$tmp/multi.csv" &&
  cmp -s "$tmp/multi.csv" "$tmp/agg.csv" && ok "several input files aggregate as one" || notok "several input files"

# the funnel on the aggregated provinces of one year
awk -F, 'NR == 1 || ($4 == 2019 && $2 == "school" && $3 == "recognized")' "$tmp/agg.csv" > "$tmp/y2019.csv"
"$PROPTREND" anomalies -m funnel --all -f csv "$tmp/y2019.csv" > "$tmp/funnel.csv" 2> "$tmp/err"
[ $? -eq 0 ] && [ "$(tail -n +2 "$tmp/funnel.csv" | wc -l)" -eq 63 ] &&
  ok "funnel on the 63 aggregated provinces of 2019" || { notok "funnel on aggregated provinces"; cat "$tmp/err"; }
"$PROPTREND" anomalies -m funnel --overdispersion -f csv "$tmp/y2019.csv" > /dev/null 2>&1 &&
  ok "funnel with overdispersion on them" || notok "funnel with overdispersion"

# a duplicate unit is an error with its line; --duplicates first keeps the first
{ cat "$tmp/units.csv"; tail -1 "$tmp/units.csv"; } > "$tmp/dup.csv"
"$PROPTREND" aggregate "$tmp/dup.csv" --area province --by category --period year --stages registered \
  --unit-id unit_id > /dev/null 2> "$tmp/err"
[ $? -eq 65 ] && grep -q "dup.csv:20002: unit \"U001999\" appears twice in year 2019" "$tmp/err" &&
  ok "duplicate unit reported with its line" || { notok "duplicate unit"; cat "$tmp/err"; }
"$PROPTREND" aggregate "$tmp/dup.csv" --area province --by category --period year --stages registered \
  --unit-id unit_id --duplicates first > /dev/null 2>&1 && ok "--duplicates first" || notok "--duplicates first"
# many groups (issue 18): 20,000 keys of one record each, every row against
# awk, and the same table from --threads 3 (whose parts are merged key by key)
"$gen" 20000 11 1000 > "$tmp/many.csv"
"$PROPTREND" aggregate "$tmp/many.csv" $A -o "$tmp/many-agg.csv" &&
  "$PROPTREND" aggregate "$tmp/many.csv" $A -j 3 -o "$tmp/many-agg3.csv" || notok "aggregate of many groups runs"
awk -F, 'NR > 1 { k = $3 "," $4; y = $2
    reg = ($5 == "1" || $5 == "yes" || $5 == "true" || $5 == "có")
    rec = ($6 == "1" || $6 == "yes" || $6 == "true" || $6 == "có")
    tot[k "," y]++; r[k "," y] += reg; c[k "," y] += rec }
  END { for (key in tot) { split(key, a, ",");
          print a[1] "," a[2] ",recognized," a[3] "," c[key] "," tot[key];
          print a[1] "," a[2] ",registered," a[3] "," r[key] "," tot[key] } }' "$tmp/many.csv" | sort > "$tmp/many-want"
n=$(wc -l < "$tmp/many-want")
[ "$n" -eq 40000 ] && tail -n +2 "$tmp/many-agg.csv" | sort | cmp -s - "$tmp/many-want" &&
  tail -n +2 "$tmp/many-agg.csv" | LC_ALL=C sort -c -t, -k1,1 -k2,2 -k3,3 -k4,4n &&
  cmp -s "$tmp/many-agg.csv" "$tmp/many-agg3.csv" &&
  ok "many groups: $n rows equal awk, sorted, the same on 3 threads" || notok "many groups ($n rows)"

# one quoted newline far into the file (a later 64 KiB block than any other
# quote): the line numbers after it still count it
awk -F, 'NR == 1 { print $0 ",note"; next } { OFS = ","; if (NR == 15000) $0 = $0 ",\"two\nlines\""; else $0 = $0 ",";
  if (NR == 18000) $5 = "maybe"; print }' "$tmp/units.csv" > "$tmp/late.csv"
"$PROPTREND" aggregate "$tmp/late.csv" $A > /dev/null 2> "$tmp/elate"
[ $? -eq 65 ] && grep -q "late.csv:18001:5: registered must be a flag" "$tmp/elate" &&
  ok "a late quoted newline counts in the line numbers" || { notok "late quoted newline"; cat "$tmp/elate"; }
finish
