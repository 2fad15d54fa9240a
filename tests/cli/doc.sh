#!/bin/sh
# doc.sh - the renderers of the review pack (src/cli/doc*.c) opened by the
# programs their readers use: report.tex through xelatex (no line or table
# more than 20 pt past the margin, no glyph missing from the font, in both
# languages), report.docx and tables.xlsx through LibreOffice (headings, a
# table cell and a caption read back), report.html in headless Chromium at
# 1280 px (nothing wider than the window, no console error; screenshots kept
# in doc-artifacts/).  The sample pack comes from tests/tools/doc_demo.
#
# A missing tool is skipped with a message on a workstation, and is a
# failure in CI ($CI set): apt-get install texlive-xetex
# texlive-latex-recommended fonts-dejavu-core libreoffice-writer-nogui
# libreoffice-calc-nogui chromium nodejs npm unzip (playwright-core comes
# from npm into ${PROPTREND_NODE_CACHE:-~/.cache/proptrend-node}).
. "$top_srcdir/tests/cli/lib.sh"
demo="$top_builddir/tests/tools/doc_demo"
xmlwf="$top_builddir/tests/tools/xmlwf"
art="$top_builddir/doc-artifacts"
mkdir -p "$art"
cd "$tmp" || exit 1

# missing TOOL WHAT: a skip here, a failure in CI
missing() {
  if [ -n "${CI:-}" ]; then notok "$2: $1 is not installed (required in CI)"
  else echo "skip - $2: $1 is not installed"; fi
}

for lang in en vi; do
  mkdir -p "$lang"
  "$demo" "$lang" "$lang" 2> "$lang.err" && [ -s "$lang/report.docx" ] && [ -s "$lang/tables.xlsx" ] &&
    ok "$lang: the sample pack is written" || { notok "$lang: the sample pack"; cat "$lang.err"; }
done

# ---- the zip members are well-formed XML -----------------------------------
if command -v unzip > /dev/null; then
  for lang in en vi; do
    bad=
    for m in word/document.xml word/styles.xml word/numbering.xml word/_rels/document.xml.rels '[[]Content_Types].xml'; do
      unzip -p "$lang/report.docx" "$m" > part.xml && "$xmlwf" part.xml || bad="$bad $m"
    done
    for m in xl/worksheets/sheet1.xml xl/worksheets/sheet2.xml xl/sharedStrings.xml; do
      unzip -p "$lang/tables.xlsx" "$m" > part.xml && "$xmlwf" part.xml || bad="$bad $m"
    done
    [ -z "$bad" ] && ok "$lang: docx and xlsx parts are well-formed XML" || notok "$lang: not well-formed:$bad"
  done
else
  missing unzip "zip members"
fi

# ---- xelatex ---------------------------------------------------------------
if command -v xelatex > /dev/null; then
  for lang in en vi; do
    ( cd "$lang" && xelatex -interaction=nonstopmode -halt-on-error report.tex > /dev/null 2>&1 &&
      xelatex -interaction=nonstopmode -halt-on-error report.tex > /dev/null 2>&1 )
    rc=$?
    [ $rc -eq 0 ] && [ -s "$lang/report.pdf" ] && ok "$lang: report.tex compiles with xelatex" ||
      { notok "$lang: xelatex failed"; grep -A3 '^!' "$lang/report.log" | head -10; }
    over=$(grep -o 'Overfull \\hbox ([0-9.]*pt too wide' "$lang/report.log" |
           awk '{ gsub(/[^0-9.]/, "", $3); if ($3 + 0 > 20) print $3 }' | head -3)
    [ -z "$over" ] && ok "$lang: nothing more than 20 pt past the margin" || notok "$lang: overfull by$over pt"
    grep -q 'Missing character' "$lang/report.log" && { notok "$lang: glyphs missing from the font";
      grep 'Missing character' "$lang/report.log" | head -3; } || ok "$lang: every glyph is in the font"
    grep -q 'LaTeX Warning: .*undefined' "$lang/report.log" && notok "$lang: undefined references" ||
      ok "$lang: no undefined reference"
    cp "$lang/report.pdf" "$art/report-$lang.pdf" 2> /dev/null
  done
else
  missing xelatex "report.tex"
fi

# ---- LibreOffice -----------------------------------------------------------
if command -v soffice > /dev/null; then
  lo="-env:UserInstallation=file://$tmp/lo-profile"
  for lang in en vi; do
    ( cd "$lang" && soffice "$lo" --headless --convert-to txt:Text --outdir lo report.docx > /dev/null 2>&1 )
    t="$lang/lo/report.txt"
    if [ "$lang" = vi ]; then want='Phát hiện chính|Thay đổi qua các năm|Bảng 1: Tỷ lệ được công nhận, khoảng tin cậy Wilson 95%|87,82%|Hình 1: Tỷ lệ được công nhận theo năm|<&>"'"'"
    else want='Main findings|Year-over-year changes|Table 1: Recognised rates with 95% Wilson intervals|87.82%|Figure 1: Recognised rates by year|<&>"'"'"; fi
    bad=
    IFS='|'; for w in $want; do grep -qF -- "$w" "$t" 2> /dev/null || bad="$bad [$w]"; done; unset IFS
    [ -s "$t" ] && [ -z "$bad" ] && ok "$lang: report.docx read back by LibreOffice" || notok "$lang: LibreOffice text lacks$bad"
    ( cd "$lang" && soffice "$lo" --headless --convert-to pdf --outdir lo report.docx > /dev/null 2>&1 )
    cp "$lang/lo/report.pdf" "$art/report-docx-$lang.pdf" 2> /dev/null
    ( cd "$lang" && soffice "$lo" --headless \
      --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true' --outdir lo tables.xlsx > /dev/null 2>&1 )
    # UTF-8, the cells as shown (token 9): the percent format is part of the check
    c="$lang/lo/tables.csv"
    head -1 "$c" 2> /dev/null | grep -q "$( [ "$lang" = vi ] && echo 'nhóm,năm,số đạt' || echo 'group,period,count')" &&
      grep -q ',2013,1118,1273,87.82%,85.91%,89.51%,Wilson$' "$c" &&
      ok "$lang: tables.xlsx: headers, numbers and percentages read back" || { notok "$lang: tables.xlsx read back"; head -3 "$c"; }
  done
else
  missing soffice "report.docx and tables.xlsx"
fi

# ---- Chromium --------------------------------------------------------------
pw="${PROPTREND_NODE_CACHE:-${HOME:-/tmp}/.cache/proptrend-node}"
chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ]; then missing chromium "report.html in a browser"
elif ! command -v node > /dev/null || ! command -v npm > /dev/null; then missing "node and npm" "report.html in a browser"
else
  if [ ! -d "$pw/node_modules/playwright-core" ]; then
    mkdir -p "$pw" && cp "$top_srcdir/tests/package.json" "$pw/" &&
      ( cd "$pw" && npm install --no-audit --no-fund --silent > npm.log 2>&1 ) || true
  fi
  if [ ! -d "$pw/node_modules/playwright-core" ]; then
    # no playwright-core (npm could not fetch it here): the same width check
    # by Chromium alone, the page in a frame of a probe page that measures it
    echo "note - playwright-core not installed ($pw/npm.log): Chromium checks the width by itself"
    for lang in en vi; do
      cp "$tmp/$lang/report.html" "$tmp/$lang/probe-target.html"
      cat > "$tmp/$lang/probe.html" <<'PROBE'
<!DOCTYPE html><html><head><meta charset="utf-8"/></head><body style="margin:0">
<iframe id="f" src="probe-target.html" style="width:1280px;height:900px;border:0"></iframe>
<script>
document.getElementById('f').onload = function () {
  var d = this.contentDocument, wide = 0;
  d.querySelectorAll('body *').forEach(function (e) { if (e.getBoundingClientRect().right > 1281) wide++; });
  document.body.setAttribute('data-probe', 'scroll=' + d.documentElement.scrollWidth + ' wide=' + wide +
                             ' toc=' + d.querySelectorAll('nav a').length);
};
</script></body></html>
PROBE
      timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --allow-file-access-from-files \
        --virtual-time-budget=15000 --dump-dom "file://$tmp/$lang/probe.html" > probe.out 2> probe.err
      timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --window-size=1280,900 \
        --screenshot="$art/page-$lang.png" "file://$tmp/$lang/report.html" > /dev/null 2>&1
      res=$(grep -o 'data-probe="[^"]*"' probe.out || true)
      sw=$(echo "$res" | sed -n 's/.*scroll=\([0-9]*\).*/\1/p'); wd=$(echo "$res" | sed -n 's/.*wide=\([0-9]*\).*/\1/p')
      toc=$(echo "$res" | sed -n 's/.*toc=\([0-9]*\).*/\1/p')
      if [ -n "$sw" ] && [ "$sw" -le 1280 ] && [ "$wd" = 0 ] && [ "${toc:-0}" -gt 0 ]; then
        ok "$lang: report.html at 1280 px in Chromium (scroll width $sw, nothing wider, $toc contents entries)"
      else notok "$lang: report.html in Chromium: $(grep -o 'data-probe="[^"]*"' probe.out || echo no result)"; tail -3 probe.err; fi
    done
  else
    for lang in en vi; do
      if [ "$lang" = vi ]; then want='Mục lục|87,82%|< 0,001|Bảng 2 (phần 1/'; else want='Contents|87.82%|< 0.001|Table 2 (part 1/'; fi
      PW_MODULE="$pw/node_modules/playwright-core" CHROMIUM="$chromium" PAGE_TEXT="$want" \
        timeout 180 node "$top_srcdir/tests/cli/doc-page.cjs" "$tmp/$lang/report.html" "$art/page-$lang.png" > page.out 2>&1 &&
        ok "$lang: report.html at 1280 px in Chromium" || { notok "$lang: report.html in Chromium"; cat page.out; }
    done
  fi
fi

finish
