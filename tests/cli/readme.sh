#!/bin/sh
# readme.sh - every ```console block of README.md is run and its output
# compared, so the README's examples stay true.  A block holds one or more
# "$ command" lines, each followed by its expected output (stdout and stderr
# together).  Commands run in the top source directory with the built
# proptrend first on PATH.
. "$top_srcdir/tests/cli/lib.sh"
bindir=$(dirname "$PROPTREND")
awk -v dir="$tmp" '
  /^```console$/ { inblock = 1; next }
  /^```$/ && inblock { inblock = 0; next }
  inblock && /^\$ / { n++; f = sprintf("%s/ex%03d", dir, n); print substr($0, 3) > (f ".cmd"); printf "" > (f ".want"); next }
  inblock && n { print > (f ".want") }
' "$top_srcdir/README.md"
count=0
for cmd in "$tmp"/ex*.cmd; do
  [ -e "$cmd" ] || break
  count=$((count + 1))
  base=${cmd%.cmd}
  ( cd "$top_srcdir" && PATH="$bindir:$PATH" sh -c "$(cat "$cmd")" ) > "$base.got" 2>&1
  if cmp -s "$base.want" "$base.got"; then
    ok "README: $(cat "$cmd")"
  else
    notok "README: $(cat "$cmd")"
    diff -u "$base.want" "$base.got" | head -20
  fi
done
[ "$count" -gt 0 ] && ok "README has $count examples" || notok "README has no examples"
finish
