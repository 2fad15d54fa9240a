#!/bin/sh
# corpus.sh - `proptrend extract` and `audit --text` on the corpus of real
# report texts (tests/corpus, issue 17).  For each text:
#   figures   it gives exactly the hand-checked figures of expected.csv
#             (group, stage, period, count, total, reported);
#   findings  `audit --text` gives exactly the hand-checked findings of
#             findings.csv (rule, severity, group, stage, period, line;
#             the 'unchecked' notes aside);
#   nfd, nfd-findings
#             its decomposed (NFD) copy gives the same figures and the same
#             findings as the text itself (NFC);
#   pipeline  every finding of `extract | audit` (its table lines mapped back
#             to the text's lines through the source column) is one that
#             `audit --text` reports too.
# A check listed in tests/corpus/xfail ("FILE CHECK what is missed") is a
# known failure: reported, with its reason, but not counted as failed until
# extract.c is fixed and the line removed; a listed check that passes is
# reported so that its line can go.
. "$top_srcdir/tests/cli/lib.sh"
dir="$top_srcdir/tests/corpus"
known=0

# CSV rows with each quoted field's commas hidden as '#' and its quotes
# dropped, so that fields can be cut at commas ("70,2" stays one field)
unquote() {
  awk '{ out = ""; q = 0
         for (i = 1; i <= length($0); i++) {
           ch = substr($0, i, 1)
           if (ch == "\"") { q = !q; continue }
           out = out ((q && ch == ",") ? "#" : ch)
         }
         print out }'
}

# group..reported of each row
fields() { unquote | awk -F, '{ print $1 "," $2 "," $3 "," $4 "," $5 "," $6 }' | sort; }

# result NAME FILE CHECK: ok or not ok for the check just run ($bad set when
# it failed, with its diff in $tmp/diff), the xfail list deciding the count.
result() {
  reason=$(awk -v f="$2" -v c="$3" '$1 == f && $2 == c { $1 = ""; $2 = ""; sub(/^ +/, ""); print; exit }' "$dir/xfail")
  if [ -z "$bad" ]; then
    if [ -n "$reason" ]; then ok "$1 (listed in tests/corpus/xfail but passes: remove the line)"; else ok "$1"; fi
  elif [ -n "$reason" ]; then
    known=$((known + 1)); echo "ok - $1 # known failure (tests/corpus/xfail): $reason"; sed 's/^/#   /' "$tmp/diff"
  else
    notok "$1: $bad"; cat "$tmp/diff"
  fi
}

want_of() { if [ "$1" = NFC ]; then echo "expected"; else echo "NFC"; fi; }

# audit findings as rule,severity,group,stage,period,line without the notes
findings() { awk 'NR > 1' | unquote | awk -F, '$1 != "unchecked" { print $1 "," $2 "," $3 "," $4 "," $5 "," $6 }' | sort; }

# pipeline findings with the table's line numbers turned into the text's
# (the source column of the extracted table: FILE:LINE:COLUMN)
pipeline_findings() { # TABLE AUDIT-CSV
  unquote < "$1" > "$tmp/pipe-table"
  unquote < "$2" | awk -F, 'NR == FNR { if (FNR > 1) { n = split($NF, s, ":"); src[FNR] = s[n - 1] } next }
           FNR > 1 && $1 != "unchecked" { l = ($6 in src) ? src[$6] : $6; print $1 "," $2 "," $3 "," $4 "," $5 "," l }' \
    "$tmp/pipe-table" - | sort
}

for path in "$dir"/*.txt; do
  f=$(basename "$path")
  opts=$(awk -v f="$f" '$1 == f { $1 = ""; print }' "$dir/options")
  awk -F, -v f="$f" 'NR > 1 && $1 == f' "$dir/expected.csv" | cut -d, -f2- | fields > "$tmp/want"
  awk -F, -v f="$f" 'NR > 1 && $1 == f' "$dir/findings.csv" | cut -d, -f2- | unquote | sort > "$tmp/want-findings"
  # NFC against the hand-checked expectations, then NFD against NFC
  for variant in "$path" "$dir/nfd/$f"; do
    if [ "$variant" = "$path" ]; then kind=NFC; c1=figures; c2=findings
    else kind=NFD; c1=nfd; c2=nfd-findings; cp "$tmp/got" "$tmp/want"; cp "$tmp/got-findings" "$tmp/want-findings"; fi
    bad=
    # shellcheck disable=SC2086
    if ! "$PROPTREND" extract -f csv $opts "$variant" > "$tmp/got.csv" 2> "$tmp/err"; then
      bad="extract fails"; cp "$tmp/err" "$tmp/diff"; : > "$tmp/got"
    else
      awk 'NR > 1' "$tmp/got.csv" | fields > "$tmp/got"
      cmp -s "$tmp/want" "$tmp/got" || { bad="figures differ (< $(want_of $kind), > extracted)"; diff "$tmp/want" "$tmp/got" > "$tmp/diff"; }
    fi
    result "$f ($kind): $(wc -l < "$tmp/want") figures" "$f" "$c1"
    bad=
    # shellcheck disable=SC2086
    if ! "$PROPTREND" audit -f csv $opts --text "$variant" > "$tmp/audit.csv" 2> "$tmp/err"; then
      bad="audit --text fails"; cp "$tmp/err" "$tmp/diff"; : > "$tmp/got-findings"
    else
      findings < "$tmp/audit.csv" > "$tmp/got-findings"
      cmp -s "$tmp/want-findings" "$tmp/got-findings" ||
        { bad="findings differ (< $(want_of $kind), > audit --text)"; diff "$tmp/want-findings" "$tmp/got-findings" > "$tmp/diff"; }
    fi
    result "$f ($kind): $(wc -l < "$tmp/want-findings") audit --text findings" "$f" "$c2"
  done
  # extract | audit finds nothing that audit --text does not
  # shellcheck disable=SC2086
  "$PROPTREND" extract -f csv $opts "$path" > "$tmp/t.csv" 2> /dev/null
  # shellcheck disable=SC2086
  "$PROPTREND" audit -f csv $opts --text "$path" 2> /dev/null | findings > "$tmp/text-findings"
  bad=
  if [ "$(wc -l < "$tmp/t.csv")" -le 1 ]; then
    : # no figures, nothing to audit (audit refuses a table of no rows)
  elif ! "$PROPTREND" audit -f csv "$tmp/t.csv" > "$tmp/p.csv" 2> "$tmp/err"; then
    bad="extract | audit fails"; sed "s|$tmp/||" "$tmp/err" > "$tmp/diff"
  else
    pipeline_findings "$tmp/t.csv" "$tmp/p.csv" > "$tmp/pipe-findings"
    comm -23 "$tmp/pipe-findings" "$tmp/text-findings" > "$tmp/diff"
    [ -s "$tmp/diff" ] && bad="extract | audit finds what audit --text does not"
  fi
  result "$f: audit --text finds what extract | audit finds" "$f" pipeline
done
# every unmapped unit is warned about once per text
"$PROPTREND" extract -f csv "$dir/vanhoa-2023-baothainguyen.txt" 2>&1 > /dev/null |
  grep -c 'warning: unit "hộ" (4 figures) is not in the labels' | grep -q '^1$' &&
  ok "one warning for an unmapped unit of 4 figures" || notok "one warning for an unmapped unit of 4 figures"
# --unit names it
"$PROPTREND" extract -f csv --unit 'hộ=household' "$dir/vanhoa-2023-baothainguyen.txt" 2> "$tmp/err" |
  grep -c '^household,' | grep -q '^4$' && ! grep -q 'unit "hộ"' "$tmp/err" &&
  ok "--unit hộ=household" || notok "--unit hộ=household"
# every xfail line names a corpus text and one of the checks, with a reason
awk -v d="$dir" '/^#/ || NF == 0 { next }
  { f = d "/" $1; if ((getline l < f) <= 0 || $2 !~ /^(figures|nfd|findings|nfd-findings|pipeline)$/ || NF < 3) print NR ": " $0; close(f) }' \
  "$dir/xfail" > "$tmp/stale"
if [ -s "$tmp/stale" ]; then notok "tests/corpus/xfail: lines naming no text, no check or no reason"; cat "$tmp/stale"
else ok "tests/corpus/xfail: every line names a text, a check and a reason"; fi
echo "# $known known failures (tests/corpus/xfail)"
finish
