#!/bin/sh
# run.sh - the bad-input corpus: every malformed input gives its expected
# exit status and exact message (FILE:LINE:COL), never a crash or a hang,
# and never an output file when it fails.
EXP_DIR="$top_srcdir/tests/bad-inputs/expected"
. "$top_srcdir/tests/cli/lib.sh"
run_cases "$top_srcdir/tests/bad-inputs/cases"
# generated at run time (too large to keep in the repository), read from stdin
{ printf 'group,stage,period,count,total\n'; head -c 10485760 /dev/zero | tr '\0' 'x'; printf ',registered,2016,575,616\n'; } > "$tmp/big.csv"
"$PROPTREND" rates - < "$tmp/big.csv" > /dev/null 2> "$tmp/err"
st=$?
[ $st -eq 65 ] && [ "$(cat "$tmp/err")" = "-:2:1: field is too long (more than 65536 bytes)" ] &&
  ok "a 10 MB field" || { notok "a 10 MB field (status $st)"; cat "$tmp/err"; }
# the same in unit records: reading stops at the runaway field (no quadratic
# copying inside libcsv, no memory growth)
{ printf 'unit_id,year,province,category,registered,recognized\nU1,2015,P1,'; head -c 10485760 /dev/zero | tr '\0' 'x'
  printf ',1,1\n'; } > "$tmp/bigu.csv"
"$PROPTREND" aggregate - --area province --by category --period year --stages registered,recognized \
  < "$tmp/bigu.csv" > /dev/null 2> "$tmp/err"
st=$?
[ $st -eq 65 ] && [ "$(cat "$tmp/err")" = "-:2:4: field is too long (more than 65536 bytes)" ] &&
  ok "a 10 MB field in unit records" || { notok "a 10 MB field in unit records (status $st)"; cat "$tmp/err"; }
head -c 1000000 /dev/zero | tr '\0' '/' > "$tmp/slashes.txt"
"$PROPTREND" extract -f csv - < "$tmp/slashes.txt" > "$tmp/out" 2> "$tmp/err"
st=$?
[ $st -eq 0 ] && [ "$(cat "$tmp/out")" = "group,stage,period,count,total,reported,source" ] && [ ! -s "$tmp/err" ] &&
  ok "a text of 10^6 slashes" || { notok "a text of 10^6 slashes (status $st)"; head -3 "$tmp/err"; }
n=$(( $(grep -c '^[a-z]' "$top_srcdir/tests/bad-inputs/cases") + 2 ))
[ "$n" -ge 40 ] && ok "the corpus has $n cases" || notok "the corpus has only $n cases"
# with -o: a failing run leaves no output and no temporary file
while IFS='|' read -r name want args; do
  name=$(echo "$name" | tr -d ' '); want=$(echo "$want" | tr -d ' ')
  case "$name" in ''|'#'*) continue ;; esac
  [ "$want" = 0 ] && continue
  rm -f "$tmp"/o*
  ( cd "$top_srcdir" && eval "set -- $args" && "$PROPTREND" "$@" -o "$tmp/o.csv" >/dev/null 2>&1 </dev/null )
  if [ -e "$tmp/o.csv" ] || ls "$tmp" | grep -q '^o\.csv\.tmp'; then notok "$name: output left behind"; else ok "$name: no output left behind"; fi
done < "$top_srcdir/tests/bad-inputs/cases"
finish
