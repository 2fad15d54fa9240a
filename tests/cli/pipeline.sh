#!/bin/sh
# pipeline.sh - one pipeline (issue "one pipeline"): report reads its input once
# with every reading option (an Excel export: BOM, CRLF, ';', Vietnamese headers,
# 1.273-style numbers; standard input; a FIFO), a report's text becomes a pack,
# a wrong --delimiter writes no pack, a failed figure is named and not exit 0,
# and plot draws exactly the numbers its command prints.
. "$top_srcdir/tests/cli/lib.sh"
ds="$top_srcdir/datasets/quangbinh-antt-2013-2017.csv"
cd "$tmp" || exit 1

# an Excel-style export of the bundled dataset
awk -F, 'NR == 1 { printf "\357\273\277nhóm;giai đoạn;năm;số đạt;tổng số\r\n"; next }
  function vi(n) { return n >= 1000 ? int(n / 1000) "." sprintf("%03d", n % 1000) : n }
  { printf "%s;%s;%s;%s;%s\r\n", $1, $2, $3, vi($4), vi($5) }' "$ds" > excel.csv
grep -q '1\.273' excel.csv && ok "(the export has 1.273-style numbers)" || notok "export"
set -- --delimiter ';' --group-col "nhóm" --stage-col "giai đoạn" --period-col "năm" --count-col "số đạt" \
  --total-col "tổng số" --number-format vi

"$PROPTREND" report -q -o xl "$@" excel.csv > xl.out 2> xl.err
st=$?
[ $st -eq 0 ] && [ "$(wc -l < xl/tables/rates.csv)" -eq 35 ] && [ -s xl/tables/trend.csv ] &&
  [ -s xl/tables/anomalies.csv ] && [ -s xl/figures/rates.svg ] && [ -s xl/figures/control.png ] && [ ! -s xl.err ] &&
  ok "Excel export with the reading options: the full pack" || { notok "Excel export (status $st)"; head -5 xl.err; }
head -1 xl.out | grep -q '^Anomaly: Agencies and enterprises – Recognised as safe in security and order 2015' &&
  ok "... and its main findings" || notok "Excel export: findings"
cmp -s xl/tables/rates.csv "$( "$PROPTREND" report -q -o plain "$ds" > /dev/null 2>&1; echo plain/tables/rates.csv)" &&
  ok "... the same rates as the plain table" || notok "Excel export: rates differ from the plain table"

"$PROPTREND" report -q -o sin "$@" - < excel.csv > sin.out 2> sin.err &&
  [ "$(wc -l < sin/tables/rates.csv)" -eq 35 ] && grep -q '^Read stdin: 34 rows' sin/report.md &&
  ok "the same table through standard input" || { notok "standard input"; head -3 sin.err; }

# read once: a FIFO can be read only once (a second open would block: timeout)
mkfifo fifo
cat excel.csv > fifo &
timeout 60 "$PROPTREND" report -q -o ff "$@" fifo > /dev/null 2> ff.err
st=$?
wait
[ $st -eq 0 ] && [ "$(wc -l < ff/tables/rates.csv)" -eq 35 ] && ok "the input is opened once (a FIFO)" ||
  { notok "FIFO (status $st)"; head -3 ff.err; }

# a wrong --delimiter: the reading error, exit 65, no pack
"$PROPTREND" report -q -o bad --delimiter tab --group-col "nhóm" --stage-col "giai đoạn" --period-col "năm" \
  --count-col "số đạt" --total-col "tổng số" --number-format vi excel.csv > bad.out 2> bad.err
st=$?
[ $st -eq 65 ] && [ ! -e bad ] && [ -z "$(ls -d bad.tmp.* 2>/dev/null)" ] && grep -q '^excel.csv:1: missing required columns' bad.err &&
  ! grep -q written bad.out && ok "a wrong --delimiter: exit 65, the reading error, no pack" ||
  { notok "wrong delimiter (status $st)"; cat bad.err bad.out; }

# a report's text: the pack from its figures, with the audit
"$PROPTREND" report -q -o txt "$top_srcdir/datasets/quangbinh-review-2017.txt" > txt.out 2> txt.err
st=$?
[ $st -eq 0 ] && [ "$(wc -l < txt/tables/rates.csv)" -eq 35 ] && grep -q 'The text gave 36 figures; the 34' txt/report.md &&
  head -1 txt.out | grep -q '2015: 64.1% (229/357)' && grep -q 'pct-mismatch' txt/tables/audit.csv &&
  ok "report REPORT.txt: the pack from the text's figures, audited" || { notok "report REPORT.txt (status $st)"; head -3 txt.err; }
cut -d, -f1-5 txt/tables/rates.csv > a; cut -d, -f1-5 plain/tables/rates.csv > b
cmp -s a b && ok "... the text's figures are the dataset's" || notok "text figures differ from the dataset"

# a figure that fails: named in the pack and on stderr, exit 70
printf '#!/bin/sh\ncat >/dev/null\necho "simulated failure" >&2\nexit 1\n' > badgp; chmod +x badgp
"$PROPTREND" report -q -o fig --gnuplot "$tmp/badgp" "$ds" > fig.out 2> fig.err
st=$?
[ $st -eq 70 ] && grep -q '^## Problems' fig/report.md && grep -q 'rates (the figure could not be drawn)' fig/report.md &&
  grep -q 'rates: the figure could not be drawn' fig.err && grep -q 'incomplete' fig.out &&
  ok "a failed figure: named in the pack and on stderr, exit 70" || { notok "failed figure (status $st)"; cat fig.err; }

# the report's --level reaches every interval
"$PROPTREND" report -q -o lv --level 0.9 "$ds" > /dev/null 2>&1 &&
  "$PROPTREND" rates --level 0.9 -f csv "$ds" > r90.csv && cmp -s r90.csv lv/tables/rates.csv &&
  ok "report --level 0.9: the rates table of rates --level 0.9" || notok "report --level"

# plot draws exactly what its command prints
"$PROPTREND" plot rates --level 0.9 --script-only --script p.gp "$ds" -o p.png &&
  awk '/^\$s0 << /{on=1; next} on && /^EOD/{exit} on' p.gp | head -1 > drawn &&
  awk -F, '$1 == "agency_enterprise" && $2 == "recognized" && $3 == 2013 {
     printf "2013 %.10g %.10g %.10g\n", 100 * $6, 100 * $7, 100 * $8 }' r90.csv > printed &&
  awk '{ printf "%s %.6f %.6f %.6f\n", $1, $2, $3, $4 }' drawn > d6 && awk '{ printf "%s %.6f %.6f %.6f\n", $1, $2, $3, $4 }' printed > p6 &&
  cmp -s d6 p6 && ok "plot --level 0.9 draws the limits rates --level 0.9 prints" ||
  { notok "plot --level"; cat drawn printed; }
"$PROPTREND" plot rates --method clopper-pearson --script-only --script cp.gp "$ds" -o cp.png && ! cmp -s cp.gp p.gp &&
  ok "plot --method chooses the interval" || notok "plot --method"
# NFC and NFD spellings of one name are one group (keys normalised on reading)
printf 'group,stage,period,count,total\nKhu d\303\242n c\306\260,s,2019,5,10\nKhu da\314\202n cu\314\233,s,2020,6,10\nKhu d\303\242n c\306\260,s,2021,7,10\n' > nfd.csv
"$PROPTREND" trend -f csv nfd.csv > nfd.out 2>&1 && [ "$(grep -c '^Khu' nfd.out)" -eq 1 ] && grep -q '^Khu dân cư,s,3,' nfd.out &&
  ok "NFC and NFD spellings of a group are one series" || { notok "NFD keys"; cat nfd.out; }
finish
