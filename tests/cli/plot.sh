#!/bin/sh
# plot.sh - figures: every kind renders PNG and SVG of the requested size,
# with the expected labels; hostile labels run no command and are drawn
# verbatim; the saved scripts run with plain gnuplot; missing gnuplot gives
# exit 69 while --script-only still writes the script; a failed plot keeps
# the old figure; SVG output is deterministic.
. "$top_srcdir/tests/cli/lib.sh"
ds="$top_srcdir/datasets/quangbinh-antt-2013-2017.csv"
prov="$top_srcdir/tests/cli/data/provinces.csv"
if ! command -v gnuplot >/dev/null 2>&1; then
  echo "gnuplot is not installed: the plot tests need it (apt-get install gnuplot-nox)"
  notok "gnuplot available"
  finish
  exit 1
fi

# PNG width and height from the IHDR chunk (bytes 17-24)
png_size() { od -An -tu1 -j16 -N8 "$1" | awk '{ printf "%dx%d", $1*16777216+$2*65536+$3*256+$4, $5*16777216+$6*65536+$7*256+$8 }'; }

for kind in rates change control funnel; do
  in=$ds; extra=
  [ $kind = funnel ] && in=$prov && extra="--period 2016"
  "$PROPTREND" plot $kind $extra "$in" -o "$tmp/$kind.png" --size 1000x700 2>"$tmp/err"
  st=$?
  sz=$(png_size "$tmp/$kind.png" 2>/dev/null)
  bytes=$(wc -c < "$tmp/$kind.png" 2>/dev/null || echo 0)
  case $sz in 1000x*) w_ok=1 ;; *) w_ok=0 ;; esac
  [ $st -eq 0 ] && [ "$(head -c 8 "$tmp/$kind.png" | od -An -c | tr -d ' ')" = "211PNG\r\n032\n" ] &&
    [ $w_ok = 1 ] && [ "$bytes" -gt 10000 ] &&
    ok "$kind: PNG $sz, $bytes bytes" || { notok "$kind: PNG (status $st, size $sz, $bytes bytes)"; cat "$tmp/err"; }
  "$PROPTREND" plot $kind $extra "$in" -o "$tmp/$kind.svg" 2>"$tmp/err"
  st=$?
  [ $st -eq 0 ] && head -1 "$tmp/$kind.svg" | grep -q '^<?xml' && tail -2 "$tmp/$kind.svg" | grep -q '</svg>' &&
    ok "$kind: SVG well-formed ends" || { notok "$kind: SVG (status $st)"; cat "$tmp/err"; }
done
for kind in rates change control funnel; do
  "$top_builddir/tests/tools/xmlwf" "$tmp/$kind.svg" && ok "$kind: SVG is well-formed XML" || notok "$kind: SVG is well-formed XML"
done
grep -q 'Agencies and enterprises' "$tmp/rates.svg" && grep -q 'Recognised as safe in security and order' "$tmp/rates.svg" &&
  ok "rates SVG has the English labels" || notok "rates SVG labels"
grep -q 'province_05' "$tmp/funnel.svg" && ok "funnel labels the flagged unit" || notok "funnel labels the flagged unit"
"$PROPTREND" plot rates --lang vi "$ds" -o "$tmp/vi.svg" &&
  grep -q 'Cơ quan, doanh nghiệp' "$tmp/vi.svg" && grep -q 'Tỷ lệ (%)' "$tmp/vi.svg" &&
  ok "Vietnamese labels" || notok "Vietnamese labels"
"$PROPTREND" plot rates "$ds" -o "$tmp/pdf.pdf" && [ "$(head -c 4 "$tmp/pdf.pdf")" = "%PDF" ] &&
  ok "PDF output" || notok "PDF output"

# oc: the LQAS plan of sample-size --lqas (N 229, 5% vs 20%: n 31, d 3),
# labels with punctuation before digits drawn as written
"$PROPTREND" plot oc --population 229 --acceptable 0.05 --unacceptable 0.2 -o "$tmp/oc.svg" --script "$tmp/oc.gp" 2>"$tmp/err" &&
  "$top_builddir/tests/tools/xmlwf" "$tmp/oc.svg" &&
  grep -q 'N = 229, n = 31, d = 3' "$tmp/oc.svg" && grep -q 'Acceptable (5%)' "$tmp/oc.svg" &&
  grep -q 'Unacceptable (20%)' "$tmp/oc.svg" &&
  ok "oc: SVG with the plan and its limits" || { notok "oc SVG"; cat "$tmp/err"; }
"$PROPTREND" sample-size --lqas --population 229 --acceptable 0.05 --unacceptable 0.2 -f text | grep -q 'n = 31 units; accept the lot when at most d = 3' &&
  ok "oc draws the plan sample-size prints" || notok "oc draws the plan sample-size prints"
# the curve's points are the OC table: P(accept) at 10% failing, both ways
want=$("$PROPTREND" sample-size --lqas --population 229 --acceptable 0.05 --unacceptable 0.2 -f csv | awk -F, '$1 == "0.1" { printf "%.6f", 100 * $2 }')
n229=$(awk '/^\$oc/ { on = 1; next } on && /^EOD/ { on = 0 } on { n++ } END { print n }' "$tmp/oc.gp")
[ "$n229" = 230 ] && ok "oc: one point per whole number of failing units" || notok "oc: $n229 points"
got=$(awk '/^\$oc/ { on = 1; next } on && /^EOD/ { on = 0 } on && NR > 0 { if ($1 > 9.99 && $1 < 10.05) printf "%.6f", $2 }' "$tmp/oc.gp")
[ -n "$want" ] && [ "$got" = "$want" ] && ok "oc curve equals the OC table at 10%" || notok "oc curve at 10%: $got, table $want"
"$PROPTREND" plot oc --lang vi --population 229 --acceptable 0.05 --unacceptable 0.2 -o "$tmp/ocvi.svg" &&
  grep -q 'Xác suất chấp nhận lô' "$tmp/ocvi.svg" && ok "oc: Vietnamese labels" || notok "oc: Vietnamese labels"

# deterministic SVG (after gnuplot's version line)
"$PROPTREND" plot control "$ds" -o "$tmp/a.svg" && "$PROPTREND" plot control "$ds" -o "$tmp/b.svg" &&
  grep -v 'Produced by GNUPLOT' "$tmp/a.svg" > "$tmp/a2" && grep -v 'Produced by GNUPLOT' "$tmp/b.svg" > "$tmp/b2" &&
  cmp -s "$tmp/a2" "$tmp/b2" && ok "SVG deterministic" || notok "SVG deterministic"

# hostile labels: nothing runs, labels drawn verbatim; the saved scripts too
mkdir "$tmp/h" && cp "$top_srcdir/tests/cli/data/hostile.csv" "$tmp/h/"
title=$(printf 'T`touch PWN7`\nnext @PWN8')
( cd "$tmp/h" && for kind in rates change control funnel; do
    "$PROPTREND" plot $kind hostile.csv -o $kind.svg --script $kind.gp --title "$title" || echo "failed $kind"
    gnuplot $kind.gp 2>/dev/null
  done ) > "$tmp/h.log" 2>&1
if ls "$tmp/h" | grep -q PWN || [ -e "$tmp/PWN1" ] || grep -q failed "$tmp/h.log"; then
  notok "hostile labels ran a command or failed"; ls "$tmp/h"; cat "$tmp/h.log"
else
  ok "hostile labels ran no command (proptrend and plain gnuplot)"
fi
for lab in 'touch PWN1`' 'system(&quot;touch PWN2&quot;)' 'a&quot;; system(&quot;touch PWN3&quot;); print &quot;' "a'''''\`touch PWN4\`'" '@PWN5 EOD $x |touch PWN6'; do
  if grep -qF "$lab" "$tmp/h/rates.svg" || grep -qF "$(echo "$lab" | sed 's/&quot;/"/g')" "$tmp/h/rates.svg"; then
    ok "label drawn verbatim: $lab"
  else
    notok "label drawn verbatim: $lab"
  fi
done

# missing gnuplot: exit 69 and a clear message; --script-only still writes the script
"$PROPTREND" plot rates "$ds" -o "$tmp/m.png" --gnuplot /nonexistent/gnuplot 2>"$tmp/err"
st=$?
[ $st -eq 69 ] && grep -q 'cannot run gnuplot "/nonexistent/gnuplot"' "$tmp/err" && [ ! -e "$tmp/m.png" ] &&
  ok "missing gnuplot: exit 69" || { notok "missing gnuplot (status $st)"; cat "$tmp/err"; }
PROPTREND_GNUPLOT=/nonexistent/gp "$PROPTREND" plot rates "$ds" -o "$tmp/m.png" 2>/dev/null
[ $? -eq 69 ] && ok "PROPTREND_GNUPLOT is honoured" || notok "PROPTREND_GNUPLOT is honoured"
"$PROPTREND" plot rates "$ds" -o "$tmp/s.png" --script "$tmp/s.gp" --script-only --gnuplot /nonexistent/gnuplot &&
  [ -s "$tmp/s.gp" ] && [ ! -e "$tmp/s.png" ] && ok "--script-only writes the script" || notok "--script-only"
( cd "$tmp" && gnuplot s.gp ) && [ "$(png_size "$tmp/s.png")" = "900x700" ] &&
  ok "the saved script draws the figure with plain gnuplot" || notok "the saved script draws the figure"

# a failing gnuplot leaves the old figure untouched and no temporary file
printf '#!/bin/sh\ncat >/dev/null\necho "simulated failure" >&2\nexit 1\n' > "$tmp/badgp"; chmod +x "$tmp/badgp"
printf 'old' > "$tmp/keep.png"
"$PROPTREND" plot rates "$ds" -o "$tmp/keep.png" --gnuplot "$tmp/badgp" 2>"$tmp/err"
st=$?
[ $st -eq 70 ] && [ "$(cat "$tmp/keep.png")" = old ] && grep -q 'simulated failure' "$tmp/err" &&
  [ -z "$(ls "$tmp" | grep '\.tmp\.')" ] && ok "failed plot keeps the old figure, shows gnuplot's message" ||
  { notok "failed plot (status $st)"; cat "$tmp/err"; }
# a % in a name stays verbatim in a tic label (gnuplot reads % there as a format)
printf 'group,stage,period,count,total\n"50%% %%s off","p%%d 100%%",2019,5,10\n"50%% %%s off","p%%d 100%%",2020,6,10\n' > "$tmp/pct.csv"
"$PROPTREND" plot change "$tmp/pct.csv" -o "$tmp/pct.svg" 2>"$tmp/err" && grep -q '>50% %s off<' "$tmp/pct.svg" &&
  grep -q '>p%d 100% 2019' "$tmp/pct.svg" &&
  ok "a percent sign in a label stays verbatim in the change figure's tic labels" || { notok "percent sign in a tic label"; cat "$tmp/err"; }
# the joinpoint figure: the fit of trend --joinpoints drawn, hostile-free labels, both languages
"$PROPTREND" plot joinpoint --joinpoints 2 "$top_srcdir/tests/cli/data/bend20.csv" -o "$tmp/jp.svg" 2>"$tmp/err" &&
  "$top_builddir/tests/tools/xmlwf" "$tmp/jp.svg" && grep -q 'Joinpoint model' "$tmp/jp.svg" &&
  "$PROPTREND" plot joinpoint --lang vi --joinpoints 2 --select bic "$top_srcdir/tests/cli/data/bend20.csv" -o "$tmp/jpvi.svg" &&
  grep -q 'Mô hình hồi quy điểm gãy' "$tmp/jpvi.svg" && ok "plot joinpoint (en, vi)" || { notok "plot joinpoint"; cat "$tmp/err"; }
finish
