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
# ---- figures ready to paste (issue 20 item 5) and figures by pages (issue 19 item 4)
data="$top_srcdir/tests/cli/data"
# PDF page count: the page objects
pdf_pages() { LC_ALL=C grep -a -c '/Type /Page\b' "$1"; }
# titles that fit: a long figure title and the long panel titles wrap at the
# figure's width (900 px: 112 characters), their lines drawn in order
long="$(printf 'word%02d ' $(seq 1 40))"
"$PROPTREND" plot control "$ds" -o "$tmp/wrap.svg" --title "$long" 2>"$tmp/err" &&
  sed -n 's:.*<text>\(word[^<]*\)</text>.*:\1:p' "$tmp/wrap.svg" > "$tmp/wrap.lines" &&
  [ "$(wc -l < "$tmp/wrap.lines")" -ge 3 ] && awk 'length($0) > 112 { bad = 1 } END { exit bad }' "$tmp/wrap.lines" &&
  [ "$(tr '\n' ' ' < "$tmp/wrap.lines" | tr -s ' ')" = "$(printf '%s' "$long" | tr -s ' ')" ] &&
  ok "a long figure title wraps at the figure's width, nothing lost" || { notok "long figure title wrapped"; cat "$tmp/wrap.lines" "$tmp/err"; }
grep -q '<text>Communes, wards and townships, Recognised as safe in</text>' "$tmp/wrap.svg" &&
  grep -q '<text>security and order</text>' "$tmp/wrap.svg" &&
  ok "the control chart's long panel title wraps within its panel" || notok "control panel title wrapped"
"$PROPTREND" plot control "$ds" -o "$tmp/wrap.png" --script "$tmp/wrap.gp" --script-only &&
  grep -q '^set title .*\."\\n"\.' "$tmp/wrap.gp" && ok "the script's panel titles are quoted lines joined by newlines" ||
  notok "wrapped titles in the script"
# forest plot: group headings (bold labels, one per group), rows by the
# stage's short label and the periods, no group repeated in a row
"$PROPTREND" plot change "$ds" -o "$tmp/forest.svg" --script "$tmp/forest.gp" 2>"$tmp/err" &&
  [ "$(grep -c '^set label .*font "DejaVu Sans:Bold' "$tmp/forest.gp")" = 4 ] &&
  grep -q '>Agencies and enterprises</text>' "$tmp/forest.svg" && grep -q '>Recognised safe 2013→2014</text>' "$tmp/forest.svg" &&
  grep -q '>Registered 2016→2017</text>' "$tmp/forest.svg" && ! grep -q '>Schools, ' "$tmp/forest.svg" &&
  ok "forest plot: groups as headings, short stage labels in the rows" || { notok "forest plot headings and short labels"; cat "$tmp/err"; }
"$PROPTREND" plot change "$ds" --lang vi -o "$tmp/forestvi.svg" &&
  grep -q '>Đạt chuẩn ANTT 2013→2014</text>' "$tmp/forestvi.svg" && grep -q '>Nhà trường</text>' "$tmp/forestvi.svg" &&
  ok "forest plot in Vietnamese: short labels and headings" || notok "forest plot in Vietnamese"
# a labels file without short forms reads as before: the full stage labels
grep -v '_short,' "$top_srcdir/datasets/labels.csv" > "$tmp/labels-old.csv"
# (wrapped at a third of the figure's width, so the plot keeps its room)
"$PROPTREND" plot change "$ds" --labels "$tmp/labels-old.csv" -o "$tmp/forestold.svg" --script "$tmp/forestold.gp" 2>/dev/null &&
  grep -q '>Recognised as safe in security and</text>' "$tmp/forestold.svg" && grep -q '>order 2013→2014</text>' "$tmp/forestold.svg" &&
  [ "$(sed -n 's/^set lmargin //p' "$tmp/forestold.gp" | sort -u)" = 40 ] &&
  ok "labels without short forms: the full labels, wrapped" || notok "labels without short forms"
# small multiples: 6 districts in one group make 2 panels of 3 series, one y axis
"$PROPTREND" plot rates "$data/districts6.csv" -o "$tmp/d6.png" --script "$tmp/d6.gp" 2>"$tmp/err" &&
  [ "$(grep -c '^plot ' "$tmp/d6.gp")" = 2 ] &&
  awk '/^plot / { on = 1; n = 0 } on { n += gsub(/linespoints lt [0-9]+ title/, "") } on && !/\\$/ { if (n > 4) bad = 1; on = 0 } END { exit bad }' "$tmp/d6.gp" &&
  [ "$(grep -c '^set yrange \[55:95\]' "$tmp/d6.gp")" = 2 ] &&
  ok "rates: 6 series in one group drawn as 2 panels of at most 4, one y axis" || { notok "rates small multiples"; cat "$tmp/err"; }
# figures grow by pages of a bounded size: 300 groups in rates are 38 pages
# of 900x1340 at most (8 panels each), every group drawn
"$PROPTREND" plot rates "$data/groups300.csv" -o "$tmp/g.png" --script "$tmp/g.gp" --script-only &&
  [ "$(grep -c '^set output ' "$tmp/g.gp")" = 38 ] && grep -qF 'set output "\0056\0057g\005538\0056png"' "$tmp/g.gp" &&
  [ "$(grep -c '^plot ' "$tmp/g.gp")" = 300 ] &&
  ok "rates of 300 groups: a saved script of 38 pages, 300 panels" || notok "rates pages in the script"
head -121 "$data/groups300.csv" > "$tmp/g20.csv"   # 20 groups: 3 pages
"$PROPTREND" plot rates "$tmp/g20.csv" -o "$tmp/g20.png" 2>"$tmp/err" &&
  [ "$(png_size "$tmp/g20.png")" = 900x1340 ] && [ "$(png_size "$tmp/g20-2.png")" = 900x1340 ] &&
  [ "$(png_size "$tmp/g20-3.png")" = 900x1340 ] && [ ! -e "$tmp/g20-4.png" ] && grep -q 'note: the figure has 3 pages' "$tmp/err" &&
  ok "rates of 20 groups: 3 PNG pages of a bounded size, and a note" || { notok "rates PNG pages"; ls "$tmp"; cat "$tmp/err"; }
"$PROPTREND" plot rates "$tmp/g20.csv" -o "$tmp/g20.pdf" && [ "$(pdf_pages "$tmp/g20.pdf")" = 3 ] &&
  ok "rates of 20 groups: one PDF of 3 pages" || notok "rates PDF pages ($(pdf_pages "$tmp/g20.pdf"))"
"$PROPTREND" plot change "$tmp/g20.csv" -o "$tmp/c20.svg" && [ -s "$tmp/c20-2.svg" ] && [ -s "$tmp/c20-3.svg" ] &&
  [ ! -e "$tmp/c20-4.svg" ] && "$top_builddir/tests/tools/xmlwf" "$tmp/c20-3.svg" &&
  ok "forest plot of 100 rows: 3 SVG pages" || notok "forest plot pages"
"$PROPTREND" plot control "$tmp/g20.csv" -o "$tmp/k20.png" --size 900x800 2>/dev/null &&
  [ "$(png_size "$tmp/k20-7.png")" = 900x800 ] && [ ! -e "$tmp/k20-8.png" ] &&
  ok "control of 40 series at --size 900x800: 3 rows of panels a page, 7 pages of that size" || notok "control pages at a given size"
# the forest plot's pages share one x axis
"$PROPTREND" plot change "$tmp/g20.csv" -o "$tmp/c20.png" --script "$tmp/c20.gp" --script-only &&
  [ "$(grep -c '^set xrange' "$tmp/c20.gp")" = 3 ] && [ "$(grep '^set xrange' "$tmp/c20.gp" | sort -u | wc -l)" = 1 ] &&
  ok "forest plot: its 3 pages share one x axis" || notok "forest pages' x axis"
# no page ends with a heading (its label on the page's bottom row, y = 1)
awk '/^set label .* first 1 left/ { bad = 1 } END { exit bad }' "$tmp/c20.gp" &&
  [ "$(grep -c '^set label .*Bold' "$tmp/c20.gp")" = 20 ] &&
  ok "forest pages: 20 headings, none at a page's foot" || notok "forest page breaks"
# a heading longer than the figure is wide wraps (lines of at most 108 characters)
longg=$(printf 'Group%02d ' $(seq 1 30))
printf 'group,stage,period,count,total\n"%s",s,2019,5,10\n"%s",s,2020,6,10\n' "$longg" "$longg" > "$tmp/longg.csv"
"$PROPTREND" plot change "$tmp/longg.csv" -o "$tmp/longg.svg" 2>"$tmp/err" &&
  sed -n 's:.*<text>\(Group[^<]*\)</text>.*:\1:p' "$tmp/longg.svg" > "$tmp/longg.lines" &&
  [ "$(wc -l < "$tmp/longg.lines")" = 3 ] && awk 'length($0) > 108 { bad = 1 } END { exit bad }' "$tmp/longg.lines" &&
  ok "a long forest heading wraps at the figure's width" || { notok "long forest heading"; cat "$tmp/longg.lines" "$tmp/err"; }
# a crowded funnel: every flagged unit labelled, labels at one point stacked
# rather than drawn over each other, the legend below the plot
awk 'BEGIN { srand(5); print "area,group,stage,period,count,total"; for (a = 1; a <= 300; a++) { n = 100 + int(rand()*900); p = 0.85 + 0.1*rand(); if (a % 37 == 0) p = 0.6; printf "district_%03d,school,recognized,2016,%d,%d\n", a, int(n*p), n } }' > "$tmp/f300.csv"
"$PROPTREND" anomalies --method funnel -f csv "$tmp/f300.csv" |
  awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "severity") c = i; next } $c != "none" { print $1 }' | sort > "$tmp/flagged"
"$PROPTREND" plot funnel "$tmp/f300.csv" -o "$tmp/f300.svg" --script "$tmp/f300.gp" 2>"$tmp/err" &&
  sed -n 's:.*<text>\(district_[0-9]*\)</text>.*:\1:p' "$tmp/f300.svg" | sort > "$tmp/labelled" &&
  [ "$(wc -l < "$tmp/flagged")" -ge 8 ] && cmp -s "$tmp/flagged" "$tmp/labelled" &&
  grep -q '^set key outside below' "$tmp/f300.gp" &&
  [ "$(grep '^set label' "$tmp/f300.gp" | sed 's/.* offset //' | sort -u | wc -l)" -ge 2 ] &&
  ok "crowded funnel: the $(wc -l < "$tmp/flagged") flagged units labelled, stacked, the legend below" ||
  { notok "crowded funnel labels"; cat "$tmp/err"; diff "$tmp/flagged" "$tmp/labelled" | head; }
# the funnel's curves are the limits the units were judged by: with these
# overdispersed units (tau^2 > 0) every unit judged in bounds lies inside the
# drawn 95% curve and every alarm outside the 99.8% one, at its total (the
# grid's nearest point; 1 pp for the grid's spacing)
"$PROPTREND" anomalies --method funnel --all -f csv "$tmp/f300.csv" |
  awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) { if ($i == "severity") c = i; if ($i == "total") tt = i; if ($i == "p") pp = i }; next }
           { print $tt, 100 * $pp, $c }' > "$tmp/f300.units"
awk '/^\$lim << / { on = 1; next } on && /^EOD/ { on = 0 } on { print }' "$tmp/f300.gp" > "$tmp/f300.lim"
awk 'NR == FNR { n[++k] = $1; a[k] = $2; b[k] = $3; c[k] = $4; d[k] = $5; next }
     { best = 1; for (j = 2; j <= k; j++) if ((n[j] - $1)^2 < (n[best] - $1)^2) best = j
       if ($3 == "none" && ($2 < a[best] - 1 || $2 > b[best] + 1)) bad++
       if ($3 == "alarm" && $2 > c[best] + 1 && $2 < d[best] - 1) bad++
       if ($3 == "alarm") alarms++ }
     END { exit !(k >= 100 && bad == 0 && alarms >= 5 && FNR >= 300) }' "$tmp/f300.lim" "$tmp/f300.units" &&
  ok "funnel: the drawn limits are the ones the units were judged by (tau^2)" ||
  notok "funnel: the drawn limits are the ones the units were judged by (tau^2)"
# a figure of several pages onto a FIFO: refused (73), nothing made beside it
mkfifo "$tmp/fifo.png" 2>/dev/null && {
  "$PROPTREND" plot rates "$tmp/g20.csv" -o "$tmp/fifo.png" 2>"$tmp/err"
  st=$?
  [ $st -eq 73 ] && grep -q 'not a regular file' "$tmp/err" && [ ! -e "$tmp/fifo-2.png" ] &&
    ok "pages onto a FIFO: refused, no file beside it" || { notok "pages onto a FIFO (status $st)"; cat "$tmp/err"; }
}
# a figure that cannot be drawn as asked says so and fails
awk 'BEGIN { print "group,stage,period,count,total"; for (g = 1; g <= 2001; g++) printf "g%d,s,2016,1,2\ng%d,s,2017,1,2\n", g, g }' > "$tmp/g2001.csv"
"$PROPTREND" plot rates "$tmp/g2001.csv" --size 900x300 -o "$tmp/big.png" --script "$tmp/big.gp" 2>"$tmp/err"
st=$?
[ $st -eq 65 ] && grep -q 'would need 1001 pages, more than 1000' "$tmp/err" && [ ! -e "$tmp/big.png" ] && [ ! -e "$tmp/big.gp" ] &&
  ok "a figure beyond the page limit fails (65) before writing anything" || { notok "page limit (status $st)"; cat "$tmp/err"; }
# series of two periods: every kind draws them; the control chart says why it has no limits
for kind in rates change control joinpoint; do
  "$PROPTREND" plot $kind "$data/two-periods.csv" -o "$tmp/two-$kind.svg" 2>"$tmp/err" &&
    "$top_builddir/tests/tools/xmlwf" "$tmp/two-$kind.svg" && grep -q '>\(2016\|Recognised safe 2016→2017\)</text>' "$tmp/two-$kind.svg" &&
    ok "$kind: a series of two periods is drawn" || { notok "$kind: two periods"; cat "$tmp/err"; }
done
grep -q 'no control limits: fewer than 3 periods' "$tmp/two-control.svg" && grep -q 'no joinpoint fit' "$tmp/two-joinpoint.svg" &&
  ok "two periods: the notes where no limits or fit can be computed" || notok "two-period notes"
# print sizes: cm and in at 300 dpi for PNG, the true size for PDF; pixels as before
"$PROPTREND" plot rates "$ds" --size 16cm,10cm -o "$tmp/p16.png" && [ "$(png_size "$tmp/p16.png")" = 1891x1181 ] &&
  "$PROPTREND" plot rates "$ds" --size 6.3in,4in -o "$tmp/p63.png" && [ "$(png_size "$tmp/p63.png")" = 1891x1200 ] &&
  "$PROPTREND" plot rates "$ds" --size 900,600 -o "$tmp/p900.png" && [ "$(png_size "$tmp/p900.png")" = 900x600 ] &&
  ok "--size 16cm,10cm and 6.3in,4in: PNG at 300 dpi; 900,600 pixels" || notok "--size units ($(png_size "$tmp/p16.png"), $(png_size "$tmp/p63.png"))"
"$PROPTREND" plot rates "$ds" --size 16cm,10cm -o "$tmp/p16.pdf" &&
  LC_ALL=C grep -a -q 'MediaBox \[ *0 0 45[34][.0-9]* 28[34][.0-9]* *\]' "$tmp/p16.pdf" &&
  ok "--size 16cm,10cm: a PDF page of 16 cm x 10 cm" || notok "--size PDF page ($(LC_ALL=C grep -a -o 'MediaBox[^]]*' "$tmp/p16.pdf" | head -1))"
for bad in 16cm,10px 16cm 1cm,1cm 90cm,10cm 99,600 900x600x3 -900,600 abc,def 16 cm,10cm; do
  "$PROPTREND" plot rates "$ds" --size "$bad" -o "$tmp/bad.png" 2>"$tmp/err"
  st=$?
  [ $st -eq 64 ] && grep -q "invalid --size \"$bad\"" "$tmp/err" && [ ! -e "$tmp/bad.png" ] &&
    ok "--size $bad: a usage error" || { notok "--size $bad (status $st)"; cat "$tmp/err"; }
done
# the report embeds every page, captioned with the full titles
( cd "$tmp" && "$PROPTREND" report -q -o rep20 g20.csv >/dev/null 2>"$tmp/err" )
[ -s "$tmp/rep20/figures/rates-3.png" ] && grep -q '(figures/rates-2.svg)' "$tmp/rep20/report.md" &&
  grep -q '(figures/rates-3.svg)' "$tmp/rep20/report.md" && grep -qF 'Rates with 95% confidence intervals (3/3): unit\_017' "$tmp/rep20/report.md" &&
  ok "report: every page of a figure embedded, captioned" || { notok "report pages"; ls "$tmp/rep20/figures"; cat "$tmp/err"; }
finish
