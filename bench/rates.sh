#!/bin/sh
# rates.sh - issue 18's end-to-end benchmark: `proptrend rates --method
# clopper-pearson` on a 1,000,000-row tidy table (read CSV, exact intervals,
# write CSV) against pandas + statsmodels doing the same, in one run; time
# and peak RSS.  Run from the build directory; ROWS overrides the size.
set -e
rows=${ROWS:-1000000}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
awk -v ROWS="$rows" -f "${srcdir:-.}/bench/gen_tidy.awk" > "$dir/tidy.csv"
echo "input: $rows rows, $(du -m "$dir/tidy.csv" | cut -f1) MB"
cat "$dir/tidy.csv" > /dev/null   # warm the page cache
measure() {  # label command...
  label=$1; shift
  /usr/bin/time -f "$label: %e s wall, %U s user, peak RSS %M KiB" "$@" > /dev/null
}
# the reader alone against the bare libcsv pass (make bench builds both)
for run in 1 2 3; do
  [ -x bench/csv_bare ] && measure "bare libcsv parse" bench/csv_bare "$dir/tidy.csv"
  [ -x bench/table_read ] && measure "pt_table_read" bench/table_read "$dir/tidy.csv"
done
for run in 1 2 3; do
  measure "proptrend rates -m clopper-pearson --threads 1" src/proptrend rates --method clopper-pearson \
    --threads 1 -f csv "$dir/tidy.csv" -o "$dir/pt.csv"
  measure "proptrend rates -m clopper-pearson (default: $(nproc) cores)" src/proptrend rates \
    --method clopper-pearson -f csv "$dir/tidy.csv" -o "$dir/pt2.csv"
  measure "proptrend rates -m wilson --threads 1" src/proptrend rates --method wilson --threads 1 -f csv \
    "$dir/tidy.csv" -o "$dir/ptw.csv"
  if /usr/bin/python3 -c 'import pandas, statsmodels' 2> /dev/null; then
    measure "pandas + statsmodels (beta)" /usr/bin/python3 "${srcdir:-.}/bench/rates_pandas.py" "$dir/tidy.csv" "$dir/sm.csv"
  fi
done
cmp -s "$dir/pt.csv" "$dir/pt2.csv" && echo "(the default threads: the same bytes)" || echo "the default threads: output DIFFERS"
# the same limits (to 1e-9 relative) from both
if [ -f "$dir/sm.csv" ]; then
  /usr/bin/python3 - "$dir/pt.csv" "$dir/sm.csv" << 'PY'
import sys
import pandas as pd
a, b = pd.read_csv(sys.argv[1]), pd.read_csv(sys.argv[2])
rel = max(((a[c] - b[c]).abs() / b[c].abs().clip(lower=1e-300)).max() for c in ("lower", "upper"))
print(f"(largest relative difference from statsmodels: {rel:.3g})")
PY
fi
