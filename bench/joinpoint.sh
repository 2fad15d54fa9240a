#!/bin/sh
# joinpoint.sh - issue 4's benchmark: one 20-point series (the bend20 series
# of the R fixtures, as counts of 200,000), at most 2 joinpoints, 4,499
# permutations per test (the default), selection by the sequential
# permutation tests.  Run from the build directory (make bench); REPS runs.
set -e
reps=${REPS:-20}
srcdir=${srcdir:-.}
data="$srcdir/tests/cli/data/bend20.csv"
src/proptrend trend --joinpoints 2 -f text "$data" | tail -1
start=$(date +%s.%N)
i=0
while [ $i -lt "$reps" ]; do
  src/proptrend trend --joinpoints 2 --seed $i -f csv "$data" > /dev/null
  i=$((i + 1))
done
end=$(date +%s.%N)
echo "joinpoint, 20 points, MAX 2, 4499 permutations: $(echo "($end - $start) / $reps" | bc -l | cut -c1-6) s per run (mean of $reps, whole command)"
