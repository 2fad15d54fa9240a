#!/bin/sh
# examples/installcheck.sh - `make installcheck`: the installed library as a
# user sees it.  Every installed public header compiles alone (and twice:
# its include guard), the example builds through pkg-config alone, and its
# output on the installed dataset is the expected one.
#
# Environment (from Makefile.am's installcheck-local): CC, CFLAGS, srcdir,
# DESTDIR, libdir, includedir, datasetsdir.
set -u
fail() { echo "installcheck: $*" >&2; exit 1; }

pcdir=$DESTDIR$libdir/pkgconfig
test -f "$pcdir/proptrend.pc" || fail "$pcdir/proptrend.pc not installed"
PKG_CONFIG_PATH=$pcdir${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}
export PKG_CONFIG_PATH
# A staged install (make install DESTDIR=...): pkg-config prefixes its -I
# and -L paths with the sysroot.
if test -n "$DESTDIR"; then PKG_CONFIG_SYSROOT_DIR=$DESTDIR; export PKG_CONFIG_SYSROOT_DIR; fi
pc_cflags=$(pkg-config --cflags proptrend) || fail "pkg-config --cflags proptrend failed"
pc_libs=$(pkg-config --libs proptrend) || fail "pkg-config --libs proptrend failed"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/proptrend-ic.XXXXXX") || fail "mktemp failed"
trap 'rm -rf "$tmp"' EXIT HUP INT TERM

# Each header with only the flags pkg-config gives: nothing from the
# source tree, so a header needing another header first, or one not
# installed, fails here.
hdrs=$(cd "$DESTDIR$includedir" && ls proptrend/*.h) || fail "no headers under $DESTDIR$includedir/proptrend"
for src in "$srcdir"/include/proptrend/*.h; do
  test -f "$DESTDIR$includedir/proptrend/${src##*/}" || fail "proptrend/${src##*/} is not installed"
done
n=0
for h in $hdrs; do
  printf '#include <%s>\n#include <%s>\nint main(void) { return 0; }\n' "$h" "$h" > "$tmp/h.c"
  $CC $CFLAGS $pc_cflags -c "$tmp/h.c" -o "$tmp/h.o" || fail "$h does not compile alone"
  n=$((n + 1))
done
echo "installcheck: $n installed headers compile alone"

# The example, built as its comment says.
$CC $CFLAGS "$srcdir/examples/trend-verdicts.c" $pc_cflags $pc_libs -o "$tmp/trend-verdicts" \
  || fail "examples/trend-verdicts.c does not build against the installed library"
LD_LIBRARY_PATH=$DESTDIR$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
export LD_LIBRARY_PATH
"$tmp/trend-verdicts" "$DESTDIR$datasetsdir/quangbinh-antt-2013-2017.csv" > "$tmp/out" \
  || fail "trend-verdicts failed on the installed dataset"
diff -u "$srcdir/examples/trend-verdicts.expected" "$tmp/out" \
  || fail "trend-verdicts output differs from examples/trend-verdicts.expected"
# A user program reports its own errors: a missing file exits 1 with a message.
if "$tmp/trend-verdicts" "$tmp/missing.csv" > /dev/null 2> "$tmp/err"; then
  fail "trend-verdicts succeeded on a missing file"
fi
grep -q "missing.csv" "$tmp/err" || fail "trend-verdicts gave no message for a missing file"
echo "installcheck: examples/trend-verdicts built with pkg-config, output as expected"
