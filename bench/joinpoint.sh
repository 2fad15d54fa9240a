#!/bin/sh
# joinpoint.sh - issue 4's benchmark: one 20-point series (the bend20 series
# of the R fixtures, as counts of 200,000), at most 2 joinpoints, standard-
# error weights (the default since issue 21); selection by the sequential
# permutation tests with 4,499 permutations per test (the slow path, asked
# for explicitly since WBIC became the default), then by WBIC.  Run from the
# build directory (make bench); REPS runs.
set -e
reps=${REPS:-20}
srcdir=${srcdir:-.}
data="$srcdir/tests/cli/data/bend20.csv"
run() {   # run LABEL OPTION...
  label=$1; shift
  start=$(date +%s.%N)
  i=0
  while [ $i -lt "$reps" ]; do
    src/proptrend trend --joinpoints 2 --seed $i "$@" -f csv "$data" > /dev/null
    i=$((i + 1))
  done
  end=$(date +%s.%N)
  echo "joinpoint, 20 points, MAX 2, $label: $(echo "($end - $start) / $reps" | bc -l | cut -c1-6) s per run (mean of $reps, whole command)"
}
src/proptrend trend --joinpoints 2 --select permutation -f text "$data" | tail -1
run "4499 permutations" --select permutation
run "WBIC"
