#!/bin/sh
# corpus.sh - `proptrend extract` on the corpus of real report texts
# (tests/corpus, issue 17): each text gives exactly the hand-checked figures
# of tests/corpus/expected.csv (group, stage, period, count, total,
# reported), and its decomposed (NFD) copy gives the same.
. "$top_srcdir/tests/cli/lib.sh"
dir="$top_srcdir/tests/corpus"

# group..reported of each row, a quoted "70,2" kept whole (hidden comma)
fields() { sed -E 's/"([0-9]+),([0-9]+)"/\1#\2/' | awk -F, '{ print $1 "," $2 "," $3 "," $4 "," $5 "," $6 }' | sort; }

for path in "$dir"/*.txt; do
  f=$(basename "$path")
  opts=$(awk -v f="$f" '$1 == f { $1 = ""; print }' "$dir/options")
  awk -F, -v f="$f" 'NR > 1 && $1 == f' "$dir/expected.csv" | cut -d, -f2- | fields > "$tmp/want"
  for variant in "$path" "$dir/nfd/$f"; do
    # shellcheck disable=SC2086
    if ! "$PROPTREND" extract -f csv $opts "$variant" > "$tmp/got.csv" 2> "$tmp/err"; then
      notok "$f: extract fails"; cat "$tmp/err"; continue
    fi
    awk 'NR > 1' "$tmp/got.csv" | fields > "$tmp/got"
    kind=$([ "$variant" = "$path" ] && echo NFC || echo NFD)
    if cmp -s "$tmp/want" "$tmp/got"; then ok "$f ($kind): $(wc -l < "$tmp/want") figures as expected"
    else
      notok "$f ($kind): figures differ (< expected, > extracted)"
      diff "$tmp/want" "$tmp/got"
    fi
  done
done
# every unmapped unit is warned about once per text
"$PROPTREND" extract -f csv "$dir/vanhoa-2023-baothainguyen.txt" 2>&1 > /dev/null |
  grep -c 'warning: unit "hộ" (4 figures) is not in the labels' | grep -q '^1$' &&
  ok "one warning for an unmapped unit of 4 figures" || notok "one warning for an unmapped unit of 4 figures"
# --unit names it
"$PROPTREND" extract -f csv --unit 'hộ=household' "$dir/vanhoa-2023-baothainguyen.txt" 2> "$tmp/err" |
  grep -c '^household,' | grep -q '^4$' && ! grep -q 'unit "hộ"' "$tmp/err" &&
  ok "--unit hộ=household" || notok "--unit hộ=household"
finish
