# lib.sh - table-driven CLI tests (sourced by the tests/cli/*.sh scripts).
#
# A cases file has one case per line:   NAME | STATUS | ARGUMENTS
# ARGUMENTS are split by the shell (quote as in sh).  The command runs in
# $top_srcdir so file names in messages are stable; its stdout must equal
# tests/cli/expected/NAME.out and its stderr tests/cli/expected/NAME.err
# (a missing file means "must be empty"); its exit status must be STATUS.
# UPDATE_GOLDEN=1 rewrites the expected files (review the diff before
# committing them).
set -u
: "${top_srcdir:?}" "${PROPTREND:?}"
exp_dir="${EXP_DIR:-$top_srcdir/tests/cli/expected}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/proptrend-cli.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0

ok()   { pass=$((pass + 1)); echo "ok - $1"; }
notok() { fail=$((fail + 1)); echo "not ok - $1"; }

# check NAME STATUS OUT ERR: compare a finished run with the goldens.
check() {
  name=$1 want=$2 got=$3 out=$4 err=$5
  if [ "${UPDATE_GOLDEN:-0}" = 1 ]; then
    if [ -s "$out" ]; then cp "$out" "$exp_dir/$name.out"; else rm -f "$exp_dir/$name.out"; fi
    if [ -s "$err" ]; then cp "$err" "$exp_dir/$name.err"; else rm -f "$exp_dir/$name.err"; fi
  fi
  bad=
  [ "$got" = "$want" ] || bad="exit status $got, want $want"
  for kind in out err; do
    eval "f=\$$kind"
    if [ -f "$exp_dir/$name.$kind" ]; then
      cmp -s "$f" "$exp_dir/$name.$kind" || { bad="$bad; std$kind differs"; diff -u "$exp_dir/$name.$kind" "$f" | head -20; }
    elif [ -s "$f" ]; then
      bad="$bad; unexpected std$kind"; head -5 "$f"
    fi
  done
  if [ -z "$bad" ]; then ok "$name"; else notok "$name: $bad"; fi
}

run_cases() {
  while IFS='|' read -r name want args; do
    name=$(echo "$name" | tr -d ' ')
    case "$name" in ''|'#'*) continue ;; esac
    want=$(echo "$want" | tr -d ' ')
    ( cd "$top_srcdir" && eval "set -- $args" && "$PROPTREND" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null )
    check "$name" "$want" "$?" "$tmp/out" "$tmp/err"
  done < "$1"
}

finish() {
  echo "$pass passed, $fail failed"
  [ "$fail" -eq 0 ]
}
