#!/bin/sh
# aggregate.sh - issue 9's benchmark: 10,000,000 unit records (~350 MB),
# `proptrend aggregate` then `proptrend rates`, against a bare libcsv parse
# of the same file and, when installed, GNU datamash; time and peak RSS.
# Run from the build directory (make bench).  ROWS overrides the size.
set -e
rows=${ROWS:-10000000}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
bench/gen_units "$rows" > "$dir/units.csv"
echo "input: $rows rows, $(du -m "$dir/units.csv" | cut -f1) MB"
measure() {  # label command...
  label=$1; shift
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f "$label: %e s, peak RSS %M KiB" "$@" > /dev/null
  else
    start=$(date +%s.%N); "$@" > /dev/null; end=$(date +%s.%N)
    echo "$label: $(echo "$end - $start" | bc) s"
  fi
}
cat "$dir/units.csv" > /dev/null   # warm the page cache
measure "bare libcsv parse" bench/csv_bare "$dir/units.csv"
measure "proptrend aggregate" src/proptrend aggregate "$dir/units.csv" --area province --by category \
  --period year --stages registered,recognized -o "$dir/tidy.csv"
measure "proptrend aggregate --threads 2" src/proptrend aggregate "$dir/units.csv" --area province --by category \
  --period year --stages registered,recognized --threads 2 -o "$dir/tidy2.csv"
cmp "$dir/tidy.csv" "$dir/tidy2.csv" && echo "(--threads 2 gives the same table)"
measure "proptrend aggregate --unit-id" src/proptrend aggregate "$dir/units.csv" --area province --by category \
  --period year --stages registered,recognized --unit-id unit_id
measure "proptrend rates (on the aggregate)" src/proptrend rates -f csv "$dir/tidy.csv"
if command -v Rscript > /dev/null && Rscript -e 'library(data.table)' > /dev/null 2>&1; then
  measure "R data.table (fread + group by)" Rscript "${srcdir:-.}/bench/aggregate-datatable.R" "$dir/units.csv" "$dir/dt.csv"
  # same numbers (data.table sorts the stages the other way: compare sorted)
  if [ "$(sort "$dir/dt.csv" | sed 's/"//g')" = "$(sort "$dir/tidy.csv")" ]; then echo "(data.table gives the same table)"; else echo "(data.table's table DIFFERS)"; fi
fi
if command -v datamash > /dev/null; then
  measure "GNU datamash (count and sum by key)" sh -c "tail -n +2 '$dir/units.csv' | tr -d '\r' | sed 's/,yes/,1/g; s/,no/,0/g; s/,true/,1/g; s/,false/,0/g; s/,có/,1/g; s/,không/,0/g' | datamash -t, -s -g 3,4,2 count 1 sum 5 sum 6"
fi
