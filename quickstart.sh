#!/bin/sh
# quickstart.sh - set up, build and run proptrend on a Debian 12 machine.
#
#   ./quickstart.sh          install what is missing, build, run the main job
#   ./quickstart.sh check    install what is missing, build with -Werror, run
#                            the whole test suite; ends with "N passed, N failed"
#
# Installing needs root (apt-get); everything else runs as any user.
set -eu
cd "$(dirname "$0")"

PKGS="build-essential autoconf automake libtool pkg-config libgsl-dev libcsv-dev check gnuplot-nox fonts-dejavu-core"
# the review pack's report.docx (libzip) and tables.xlsx (libxlsxwriter)
PKGS="$PKGS libzip-dev libxlsxwriter-dev"
# the whole test suite also runs the sanitizers, the fuzzers and valgrind
[ "${1:-run}" = check ] && PKGS="$PKGS clang libclang-rt-14-dev valgrind"
# ... and opens the pack's documents as their readers would (tests/cli/doc.sh):
# xelatex, LibreOffice, Chromium driven by playwright-core from npm
[ "${1:-run}" = check ] && PKGS="$PKGS texlive-xetex texlive-latex-recommended libreoffice-writer-nogui libreoffice-calc-nogui chromium unzip"
# (a node from elsewhere, e.g. NodeSource, brings its own npm; Debian's would conflict with it)
[ "${1:-run}" = check ] && ! command -v npm > /dev/null && PKGS="$PKGS nodejs npm"
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "quickstart: these Debian packages are missing:$missing" >&2
    echo "quickstart: run as root, or: sudo apt-get install$missing" >&2
    exit 1
  fi
  echo "quickstart: installing$missing" >&2
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
fi

jobs=$(nproc 2>/dev/null || echo 2)
autoreconf -fi
./configure --enable-werror
make -j"$jobs"

# Sum the results of every test program: Check's "Checks: N, Failures: F,
# Errors: E" and the shell tests' "N passed, N failed".
summary() {
  cat tests/unit/*.log tests/cli/*.log 2>/dev/null | awk '
    match($0, /Checks: [0-9]+, Failures: [0-9]+, Errors: [0-9]+/) {
      split(substr($0, RSTART, RLENGTH), a, /[^0-9]+/)
      pass += a[2] - a[3] - a[4]; fail += a[3] + a[4] }
    /^[0-9]+ passed, [0-9]+ failed$/ { pass += $1; fail += $3 }
    END { printf "%d passed, %d failed\n", pass, fail }'
}

case "${1:-run}" in
  check)
    rc=0
    make -j"$jobs" check || rc=$?
    if [ $rc -eq 0 ]; then
      # 1. the whole suite again from the distribution tarball, built with
      #    AddressSanitizer + UndefinedBehaviorSanitizer (make distcheck)
      echo "quickstart: make distcheck with AddressSanitizer + UndefinedBehaviorSanitizer" >&2
      san="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all"
      if make distcheck DISTCHECK_CONFIGURE_FLAGS="--enable-werror CFLAGS='$san' LDFLAGS='-fsanitize=address,undefined'" \
           > distcheck.log 2>&1; then
        echo "sanitizers: the whole test suite passed under ASan + UBSan (make distcheck)"
      else
        tail -60 distcheck.log; echo "sanitizers: FAILED (see distcheck.log)"; rc=1
      fi
      # 2. each libFuzzer harness for a bounded time
      echo "quickstart: make fuzz-run (60 s per harness)" >&2
      if make fuzz-run FUZZ_SECONDS=60 > fuzz.log 2>&1; then
        echo "fuzzers: no crash in any harness in 60 s each"
      else
        tail -60 fuzz.log; echo "fuzzers: FAILED (see fuzz.log)"; rc=1
      fi
      # 3. the table-driven CLI tests under valgrind
      echo "quickstart: make check-valgrind" >&2
      if make check-valgrind > valgrind.log 2>&1; then
        echo "valgrind: every CLI test script is clean"
      else
        grep -E "not ok|==[0-9]+==" valgrind.log | head -40; echo "valgrind: FAILED (see valgrind.log)"; rc=1
      fi
    fi
    summary
    exit $rc
    ;;
  run)
    # the main job: the review pack of the bundled dataset, in ./proptrend-report
    src/proptrend report -o proptrend-report
    # the program is not installed: say where it is and how to type "proptrend"
    echo "quickstart: the program is $PWD/src/proptrend (not installed); to run it as \"proptrend\":" >&2
    echo "quickstart:   export PATH=\"$PWD/src:\$PATH\"    or, as root: make install && ldconfig   (into /usr/local)" >&2
    ;;
  *)
    echo "usage: $0 [check]" >&2
    exit 64
    ;;
esac
