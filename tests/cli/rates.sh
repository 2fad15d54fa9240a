#!/bin/sh
# rates.sh - golden outputs of `proptrend rates` on the bundled dataset in
# every format, --help/--version, stdin, and atomic -o output.
. "$top_srcdir/tests/cli/lib.sh"
run_cases "$top_srcdir/tests/cli/rates.cases"

ds="$top_srcdir/datasets/quangbinh-antt-2013-2017.csv"

# stdin gives the same as the file
"$PROPTREND" rates --format csv - < "$ds" > "$tmp/stdin.csv" &&
  "$PROPTREND" rates --format csv "$ds" > "$tmp/file.csv" &&
  cmp -s "$tmp/stdin.csv" "$tmp/file.csv" && ok "stdin equals file" || notok "stdin equals file"

# --threads gives the same bytes as one thread (30,000 rows: three parts of
# 10,000, written in chunks of 8,192 that cross the parts' ends), in csv, tsv,
# json and text, and so does the default (the machine's cores); a source with
# a newline in quotes on the way
awk 'BEGIN { print "area,group,stage,period,count,total,source"
  for (i = 0; i < 30000; i++) printf "D%d,g%d,s,%d,%d,%d,%s\n", int(i / 40), i % 4, 2000 + int(i / 4) % 10,
    i % 97, 97 + i % 13, (i == 7 ? "\"p. 1,\nline 2\"" : "x") }' > "$tmp/big.csv"
for f in csv tsv json text; do
  "$PROPTREND" rates -m clopper-pearson -f $f --threads 1 "$tmp/big.csv" > "$tmp/t1.$f" &&
    "$PROPTREND" rates -m clopper-pearson -f $f --threads 3 "$tmp/big.csv" > "$tmp/t3.$f" &&
    "$PROPTREND" rates -m clopper-pearson -f $f "$tmp/big.csv" > "$tmp/td.$f" &&
    cmp -s "$tmp/t1.$f" "$tmp/t3.$f" && cmp -s "$tmp/t1.$f" "$tmp/td.$f" &&
    [ "$(wc -l < "$tmp/t1.$f")" -gt 30000 ] &&
    ok "threads-same-$f" || notok "threads-same-$f"
done
# without the quote the file is read in parts too (tidy.h: threads): the same
# bytes, and a bad row in a late part gives one thread's message and status
awk 'NR != 9 && NR != 10' "$tmp/big.csv" > "$tmp/plain.csv"
"$PROPTREND" rates -f csv --threads 1 "$tmp/plain.csv" > "$tmp/p1.csv" &&
  "$PROPTREND" rates -f csv --threads 3 "$tmp/plain.csv" > "$tmp/p3.csv" &&
  cmp -s "$tmp/p1.csv" "$tmp/p3.csv" && [ "$(wc -l < "$tmp/p1.csv")" -eq 30000 ] &&
  ok "threads: read in parts, same bytes" || notok "threads: read in parts, same bytes"
awk 'NR == 25000 { print "D1,g1,s,2000,9,2,x"; next } NR == 27000 { print "D1,g1,s,2001" ; next } { print }' \
  "$tmp/plain.csv" > "$tmp/bad.csv"
"$PROPTREND" rates -f csv --threads 1 "$tmp/bad.csv" > /dev/null 2> "$tmp/b1.err"; r1=$?
"$PROPTREND" rates -f csv --threads 3 "$tmp/bad.csv" > /dev/null 2> "$tmp/b3.err"; r3=$?
[ "$r1" -eq 65 ] && [ "$r3" -eq 65 ] && cmp -s "$tmp/b1.err" "$tmp/b3.err" &&
  grep -q 'bad.csv:25000:6: total must be a whole number >= count, got "2" (count is 9)' "$tmp/b3.err" &&
  grep -q 'bad.csv:27000: expected 7 fields as in the header, found 4' "$tmp/b3.err" &&
  ok "threads: a bad row in a late part, one thread's messages" ||
  notok "threads: a bad row in a late part, one thread's messages"

# ... and its JSON is one array: 30,000 objects, each but the last followed
# by a comma (none doubled or missing where chunks meet)
[ "$(head -n 1 "$tmp/t3.json")" = "[" ] && [ "$(tail -n 1 "$tmp/t3.json")" = "]" ] &&
  [ "$(grep -c '^  {.*},$' "$tmp/t3.json")" -eq 29999 ] && [ "$(grep -c '^  {.*}$' "$tmp/t3.json")" -eq 1 ] &&
  ok "threads: JSON of 30,000 rows is one array" || notok "threads: JSON of 30,000 rows is one array"

# -o writes the whole file, and leaves no temporary behind
"$PROPTREND" rates --format csv -o "$tmp/o.csv" "$ds" && cmp -s "$tmp/o.csv" "$tmp/file.csv" &&
  [ -z "$(ls "$tmp" | grep '\.tmp\.')" ] && ok "-o output complete" || notok "-o output complete"

# a failed run leaves an existing output untouched and no temporary file
printf 'old\n' > "$tmp/keep.csv"
printf 'group,stage,period,count,total\na,r,2013,5,4\n' > "$tmp/bad.csv"
"$PROPTREND" rates -o "$tmp/keep.csv" "$tmp/bad.csv" 2>/dev/null
st=$?
[ "$st" = 65 ] && [ "$(cat "$tmp/keep.csv")" = old ] && [ -z "$(ls "$tmp" | grep '\.tmp\.')" ] &&
  ok "failed run keeps old output" || notok "failed run keeps old output (status $st)"

# never overwrite the input
cp "$ds" "$tmp/in.csv"
"$PROPTREND" rates -o "$tmp/in.csv" "$tmp/in.csv" 2>"$tmp/err"
st=$?
[ "$st" = 73 ] && cmp -s "$ds" "$tmp/in.csv" && grep -q 'refusing to overwrite the input' "$tmp/err" &&
  ok "input never overwritten" || notok "input never overwritten (status $st)"

# a closed pipe is reported as an I/O error, not a crash
"$PROPTREND" rates -m all --format csv "$ds" 2>/dev/null | head -1 >/dev/null
ok "closed pipe does not crash"

finish
