#!/bin/sh
# report.sh - the review pack: sections, the 2015 agency/enterprise alarm,
# audit findings, determinism, well-formed self-contained HTML, Vietnamese,
# graceful degradation without gnuplot, atomic replacement, and the
# previous report surviving a run killed with SIGKILL.
. "$top_srcdir/tests/cli/lib.sh"
ds="$top_srcdir/datasets/quangbinh-antt-2013-2017.csv"
xmlwf="$top_builddir/tests/tools/xmlwf"
cd "$tmp" || exit 1

"$PROPTREND" report -o r1 "$ds" > r1.out 2> r1.err
[ $? -eq 0 ] && [ -s r1/report.md ] && [ -s r1/report.html ] && [ -s r1/tables.tex ] &&
  ok "report written" || { notok "report written"; cat r1.err; }
for sec in '## Main findings' '## Data' '## Rates with confidence intervals' '## Year-over-year changes' \
           '## Trends' '## Anomalies' '## Consistency audit' '## Methods'; do
  grep -qx "$sec" r1/report.md && ok "section: $sec" || notok "section: $sec"
done
grep -q 'Agencies and enterprises – Recognised as safe in security and order 2015: 64.1% (229/357) against 87.8% in the other years.*warning (t = -3.45' r1/report.md &&
  ok "the 2015 agency/enterprise drop is flagged in the report (allowing for the dispersion)" || notok "the 2015 flag"
head -1 r1.out | grep -q '^Anomaly: Agencies and enterprises – Recognised as safe in security and order 2015.*warning (t = -3.45.*variance x 11.9)$' &&
  ok "... and first in the summary on stdout (the largest |z|), by its labels" || notok "summary alarm"
grep -q 'pct-mismatch' r1/report.md && grep -q 'stage-denominator' r1/report.md &&
  ok "audit findings in the report" || notok "audit findings"
n=$(grep -c . r1.out); [ "$n" -ge 4 ] && [ "$n" -le 6 ] && ok "summary: $((n - 1)) findings and where" || notok "summary has $n lines"
[ ! -e r1/tables/trend-segments.csv ] && ! grep -q '^Joinpoint regression of ln p' r1/report.md &&
  ok "no joinpoints on five-year series (NCI's recommendation: 7 periods for one)" || notok "joinpoints on five years"
"$PROPTREND" report -q -o rjp "$top_srcdir/tests/cli/data/bend20.csv" > /dev/null 2>&1 &&
  grep -q '^Joinpoint regression of ln p, weighted' rjp/report.md &&
  grep -q '^school,recognized,2,wbic,1,2001,2008,' rjp/tables/trend-segments.csv &&
  [ -s rjp/figures/joinpoint.svg ] && [ -s rjp/figures/joinpoint.png ] && [ -s rjp/figures/joinpoint.gp ] &&
  ok "joinpoint segments of a 20-year series (3 allowed, 2 chosen by WBIC)" || notok "joinpoint segments"
# a break of definition declared in the labels: the joinpoint models take a level shift there
{ cat "$top_srcdir/datasets/labels.csv"; echo 'break,2012,Thông tư mới,New circular'; } > lab-break.csv
"$PROPTREND" report -q -o rbrk --labels lab-break.csv "$top_srcdir/tests/cli/data/bend20.csv" > /dev/null 2>&1 &&
  grep -q '^A break of definition is declared from 2012 (New circular)' rbrk/report.md &&
  awk -F, 'NR == 2 && $17 != "" && $18 != "" && $19 != "" { found = 1 } END { exit !found }' rbrk/tables/trend-segments.csv &&
  ok "a break of definition from the labels file: the jump model in the segments" || notok "declared break"
for f in rates change trend anomalies anomalies-twoway audit; do
  [ -s "r1/tables/$f.csv" ] && ok "tables/$f.csv" || notok "tables/$f.csv"
done
for f in rates change control; do
  [ -s "r1/figures/$f.svg" ] && [ -s "r1/figures/$f.png" ] && [ -s "r1/figures/$f.gp" ] &&
    ok "figures/$f.{svg,png,gp}" || notok "figures/$f"
done
grep -q 'begin{longtable}' r1/tables.tex && grep -q toprule r1/tables.tex && ok "booktabs tables.tex" || notok "tables.tex"

# HTML: well-formed, self-contained (figures inline, nothing fetched)
"$xmlwf" r1/report.html && ok "report.html is well-formed" || notok "report.html is well-formed"
# the inlined figures' ids are unique in the page, and every reference finds its target
grep -o "id=['\"][^'\"]*['\"]" r1/report.html | sed "s/^id=.//; s/.\$//" | sort > ids
grep -o "href=['\"]#[^'\"]*['\"]" r1/report.html | sed "s/^href=.#//; s/.\$//" | sort -u > refs
[ -s ids ] && [ -s refs ] && [ -z "$(uniq -d ids)" ] && [ -z "$(comm -13 ids refs)" ] &&
  ok "report.html: $(wc -l < ids) ids, all unique; $(wc -l < refs) targets, all found" ||
  { notok "report.html ids"; uniq -d ids | head -3; comm -13 ids refs | head -3; }
[ "$(grep -c '<svg' r1/report.html)" -eq 3 ] && ! grep -qiE "(src|href)=[\"'][^#]|<link|<script|url\\(" r1/report.html &&
  ok "report.html is self-contained" || notok "report.html is self-contained"

# deterministic: a second run gives identical report.md, tables and SVGs
"$PROPTREND" report -o r2 "$ds" > /dev/null 2>&1
same=1
for f in report.md tables.tex tables/rates.csv tables/change.csv tables/trend.csv tables/anomalies.csv \
         tables/anomalies-twoway.csv tables/audit.csv figures/rates.svg figures/change.svg figures/control.svg; do
  cmp -s "r1/$f" "r2/$f" || { same=0; echo "differs: $f"; }
done
[ $same = 1 ] && ok "deterministic" || notok "deterministic"

# Vietnamese
"$PROPTREND" report --lang vi -o rvi "$ds" > rvi.out 2>&1 &&
  grep -q '^## Phát hiện chính' rvi/report.md && grep -q 'Cơ quan, doanh nghiệp' rvi/figures/rates.svg &&
  ok "--lang vi" || notok "--lang vi"
# every generated sentence and table header in Vietnamese, numbers with a decimal comma
grep -q '^- Bất thường: Cơ quan, doanh nghiệp – Đạt tiêu chuẩn "An toàn về ANTT" 2015: 64,1% (229/357) so với 87,8% ở các năm khác, thấp hơn 23,7 điểm phần trăm' rvi/report.md &&
  grep -q '^Bất thường: Cơ quan, doanh nghiệp' rvi.out && grep -q '^Đã ghi báo cáo vào rvi/' rvi.out &&
  ok "--lang vi: the 2015 alarm in Vietnamese, in the report and on stdout" || notok "--lang vi: the 2015 alarm in Vietnamese"
grep -q '^| nhóm *| giai đoạn *| năm *| số đạt *| tổng số *| tỷ lệ ' rvi/report.md &&
  grep -q '<th[^>]*>chênh lệch, cận dưới</th>' rvi/report.html && grep -q 'tổng số (năm đầu)' rvi/tables.tex &&
  ok "--lang vi: table headers (md, html, tex)" || notok "--lang vi: table headers"
grep -q '^- .*(Cochran-Armitage có tính độ phân tán: t = 2,27 với 9 bậc tự do, p = 0,050)' rvi/report.md && grep -q 'hệ số tương quan nội lớp rho = 0,0305' rvi/report.md &&
  grep -q 'kiểm tra: 0 lỗi, 15 cảnh báo, 11 ghi chú trong 34 dòng' rvi/report.md &&
  grep -q 'hiệu chỉnh Holm trên 26 so sánh' rvi/report.md && grep -q '^- Kiểm tra: khoảng điểm\|^- Tỷ lệ: khoảng điểm Wilson' rvi/report.md &&
  ok "--lang vi: trend, audit, change and methods sentences" || notok "--lang vi: sentences"
# no English sentence left in the Vietnamese report (outside the file name and method names)
if grep -E ' pp \(| against |periods\)|alarm|warning|Differences:|audit:|Read .*rows' rvi/report.md; then
  notok "--lang vi: English left in the report"
else
  ok "--lang vi: no English sentence left"
fi
# a file or directory name keeps its dots (only numbers take the comma)
cp "$ds" q1.5.csv
"$PROPTREND" report --lang vi -q -o r2.5 q1.5.csv > r25.out 2>&1 &&
  grep -q '^Đã ghi báo cáo vào r2.5/' r25.out && grep -q 'Đã đọc q1.5.csv: 34 dòng' r2.5/report.md &&
  ok "--lang vi: names keep their dots" || { notok "--lang vi: names keep their dots"; tail -2 r25.out; }
# tables/*.csv keep their column names whatever the language
head -1 rvi/tables/rates.csv | grep -q '^group,stage,period,count,total,p,lower,upper' &&
  ok "--lang vi: CSV column names unchanged" || notok "--lang vi: CSV column names"

# the text audit
"$PROPTREND" report --text "$top_srcdir/datasets/quangbinh-review-2017.txt" -o rtext "$ds" > /dev/null 2>&1 &&
  grep -q "^## Audit of the report's text" rtext/report.md && grep -q 'quangbinh-review-2017.txt:24: warning' rtext/report.md &&
  ok "--text audits the report's text" || notok "--text"

# without gnuplot: the report still appears, with the scripts and a note
PROPTREND_GNUPLOT=/nonexistent/gnuplot "$PROPTREND" report -o rnogp "$ds" > /dev/null 2>&1
[ $? -eq 0 ] && [ -s rnogp/figures/rates.gp ] && [ ! -e rnogp/figures/rates.png ] &&
  grep -q 'gnuplot was not available' rnogp/report.md && ok "degrades without gnuplot" || notok "degrades without gnuplot"

# never replaces a directory that is not a report
mkdir mine && echo keep > mine/notes.txt
"$PROPTREND" report -o mine "$ds" > /dev/null 2> mine.err
[ $? -eq 73 ] && [ "$(cat mine/notes.txt)" = keep ] && grep -q 'not a proptrend report' mine.err &&
  ok "refuses to replace someone's directory" || notok "refuses to replace someone's directory"

# an earlier report is replaced whole; one with a file we did not write is not
"$PROPTREND" report -o r1 "$ds" > /dev/null 2>&1 && [ -s r1/report.md ] && [ -s r1/.proptrend-manifest ] &&
  ok "an earlier report is replaced" || notok "an earlier report is replaced"
echo mine > r1/stale.txt
"$PROPTREND" report -o r1 "$ds" > /dev/null 2> stale.err
[ $? -eq 73 ] && [ "$(cat r1/stale.txt)" = mine ] && grep -q 'stale.txt' stale.err &&
  ok "a report with a file added by someone is not replaced (73, the file named)" || { notok "foreign file in a report"; cat stale.err; }
rm r1/stale.txt

# SIGKILL mid-way: the previous report is intact, nothing partial in it,
# and the next run removes the killed run's temporary directory
cp -r r1 r1.before
printf '#!/bin/sh\ncat > /dev/null\nsleep 30\n' > slowgp && chmod +x slowgp
PROPTREND_GNUPLOT="$tmp/slowgp" "$PROPTREND" report -o r1 "$ds" > /dev/null 2>&1 &
pid=$!
for i in 1 2 3 4 5 6 7 8 9 10; do
  ls -d r1.tmp.* > /dev/null 2>&1 && [ -e "$(ls -d r1.tmp.* | head -1)/figures/rates.gp" ] && break
  sleep 1
done
kill -9 $pid; wait $pid 2>/dev/null
pkill -f "$tmp/slowgp" 2>/dev/null
diff -r r1.before r1 > /dev/null && ok "SIGKILL mid-way: the previous report is intact" ||
  notok "SIGKILL mid-way: the previous report changed"
ls -d r1.tmp.* > /dev/null 2>&1 && ok "(the killed run left its temporary directory beside it)" ||
  notok "the killed run was not mid-way"
"$PROPTREND" report -o r1 "$ds" > /dev/null 2>&1 && ! ls -d r1.tmp.* > /dev/null 2>&1 &&
  ok "the next run removes the killed run's temporary directory" || notok "stale temporary directory removed"
finish
