#!/bin/sh
# safety.sh - hostile inputs and outputs (issue 19): -o never replaces a
# device, FIFO, socket or directory, writes devices and FIFOs in place and
# exits 74 when the write fails; no input of any command is overwritten
# (every reader registers its files by device and inode); temporary files
# vanish on SIGTERM, SIGINT, SIGHUP and SIGXFSZ; outputs get the umask.
# Fake devices are made with mknod in the scratch directory, never in /dev
# (as root, as CI runs; skipped otherwise).
. "$top_srcdir/tests/cli/lib.sh"
ds="$top_srcdir/datasets/quangbinh-antt-2013-2017.csv"
txt="$top_srcdir/datasets/quangbinh-review-2017.txt"
cd "$tmp" || exit 1
cp "$ds" a.csv
"$PROPTREND" rates a.csv -o want.csv || { notok "rates runs"; finish; exit; }
no_temp() { [ -z "$(ls -a "${1:-.}" | grep '\.tmp\.')" ]; }
skip() { pass=$((pass + 1)); echo "ok - $1 # SKIP $2"; }
root=; [ "$(id -u)" = 0 ] && root=1

# ---- devices, FIFOs, sockets, directories -------------------------------------
if [ -n "$root" ]; then
  mknod null c 1 3 && mknod full c 1 7 && mknod blk b 7 0 || notok "mknod in the scratch directory"
  "$PROPTREND" rates a.csv -o null && [ -c null ] && no_temp &&
    ok "-o onto a null device: written in place, still a character device" || notok "-o onto a null device"
  "$PROPTREND" rates a.csv -o full 2> err; st=$?
  [ "$st" = 74 ] && [ -c full ] && grep -q 'No space left' err && no_temp &&
    ok "-o onto a full device (c 1 7): exit 74, still a device" || notok "-o onto a full device: exit $st"
  "$PROPTREND" rates a.csv -f json -o full 2> /dev/null; st=$?
  [ "$st" = 74 ] && ok "json onto a full device: exit 74" || notok "json onto a full device: exit $st"
  for cmd in "rates a.csv" "trend a.csv -f text" "sample-size --population 500 --expected 0.9 --margin 0.05" \
             "sample-size --lqas --population 500 --acceptable 0.05 --unacceptable 0.2 -f csv"; do
    $PROPTREND $cmd > full 2> err; st=$?
    [ "$st" = 74 ] && grep -q 'No space left' err && ok "${cmd%% *} > full device: exit 74 with a message" ||
      notok "${cmd%% *} > full device: exit $st"
  done
  "$PROPTREND" rates a.csv -o blk 2> err; st=$?
  [ "$st" = 73 ] && [ -b blk ] && grep -q 'block device' err &&
    ok "-o onto a block device refused (73), not opened" || notok "-o onto a block device: exit $st"
else
  skip "fake devices" "not root: mknod needs root"
fi
mkfifo fifo
cat fifo > from-fifo & reader=$!
"$PROPTREND" rates a.csv -o fifo; st=$?
wait $reader
[ "$st" = 0 ] && [ -p fifo ] && cmp -s from-fifo want.csv &&
  ok "-o onto a FIFO: written in place, still a FIFO" || notok "-o onto a FIFO: exit $st"
"$PROPTREND" rates a.csv -o /dev/stdout > via-stdout; st=$?
[ "$st" = 0 ] && cmp -s via-stdout want.csv && [ -L /dev/stdout ] &&
  ok "-o /dev/stdout writes to standard output" || notok "-o /dev/stdout: exit $st"
if python3 -c "import socket; socket.socket(socket.AF_UNIX).bind('sock')" 2> /dev/null; then
  "$PROPTREND" rates a.csv -o sock 2> /dev/null; st=$?
  [ "$st" = 73 ] && [ -S sock ] && ok "-o onto a socket refused (73), still a socket" || notok "-o onto a socket: exit $st"
else
  skip "-o onto a socket" "no python3 to make one"
fi
mkdir d
for o in d d/ . ./ ..; do
  "$PROPTREND" rates no-such-input.csv -o "$o" 2> err; st=$?
  [ "$st" = 73 ] && ! grep -q no-such-input err &&
    ok "-o '$o' (a directory) refused with 73 before reading anything" || notok "-o '$o': exit $st"
done
"$PROPTREND" rates a.csv -o no-dir/x.csv 2> /dev/null; st=$?
[ "$st" = 73 ] && ok "-o into a missing directory: 73" || notok "-o into a missing directory: exit $st"

# ---- names, links, permissions ------------------------------------------------
long=$(printf '%0250d' 0 | tr 0 n)
"$PROPTREND" rates a.csv -o "$long" && cmp -s "$long" want.csv && no_temp &&
  ok "a 250-character file name works" || notok "a 250-character file name"
echo old > target.csv && ln -s target.csv link.csv
"$PROPTREND" rates a.csv -o link.csv && [ -L link.csv ] && cmp -s target.csv want.csv &&
  ok "-o through a symbolic link replaces the file, keeps the link" || notok "-o through a symbolic link"
(umask 027 && "$PROPTREND" rates a.csv -o um.csv) && [ "$(stat -c %a um.csv)" = 640 ] &&
  ok "umask 027: a new output is 640" || notok "umask 027: $(stat -c %a um.csv 2>&1)"
echo old > private.csv && chmod 600 private.csv
"$PROPTREND" rates a.csv -o private.csv && [ "$(stat -c %a private.csv)" = 600 ] &&
  ok "a replaced output keeps its permissions" || notok "a replaced output: $(stat -c %a private.csv)"

# ---- no input overwritten --------------------------------------------------
# refused CASE EXPECT-UNCHANGED CMD...: exit 73, the file unchanged, no temp
refused() {
  name=$1 file=$2; shift 2
  cp "$file" keep.orig
  "$@" > /dev/null 2> err; st=$?
  [ "$st" = 73 ] && cmp -s "$file" keep.orig && grep -q 'refusing to overwrite the input' err && no_temp &&
    ok "$name" || { notok "$name: exit $st"; head -3 err; }
}
refused "rates - -o a.csv < a.csv" a.csv sh -c '"$PROPTREND" rates - -o a.csv < a.csv'
ln a.csv hard.csv
refused "-o onto a hard link of the input" a.csv "$PROPTREND" rates a.csv -o hard.csv
ln -s a.csv soft.csv
refused "-o onto a symbolic link to the input" a.csv "$PROPTREND" rates a.csv -o soft.csv
gen="$top_builddir/bench/gen_units"
A="--area province --by category --period year --stages registered,recognized --unit-id unit_id"
"$gen" 300 3 > u1.csv && "$gen" 300 4 > u2.csv
refused "aggregate u1.csv u2.csv -o u2.csv" u2.csv "$PROPTREND" aggregate u1.csv u2.csv $A -o u2.csv
"$PROPTREND" aggregate u1.csv $A -o s1.csv && "$PROPTREND" aggregate u2.csv $A -o s2.csv
refused "aggregate --merge s1.csv s2.csv -o s2.csv" s2.csv "$PROPTREND" aggregate --merge s1.csv s2.csv -o s2.csv
refused "aggregate --threads 2 u1.csv -o u1.csv (mapped input)" u1.csv \
  "$PROPTREND" aggregate u1.csv $A --threads 2 -o u1.csv
cp "$top_srcdir/datasets/labels.csv" L.csv
refused "plot --labels L.csv --script L.csv" L.csv \
  "$PROPTREND" plot rates a.csv --labels L.csv --script L.csv --script-only -o p.svg
refused "extract --labels L.csv r.txt -o L.csv" L.csv "$PROPTREND" extract --labels L.csv "$txt" -o L.csv
cp "$txt" r.txt
refused "audit --text r.txt -o r.txt" r.txt "$PROPTREND" audit --text r.txt -o r.txt
cp -r "$top_srcdir/datasets" data
refused "-o onto the bundled labels" data/labels.csv env PROPTREND_DATADIR="$tmp/data" \
  "$PROPTREND" rates a.csv -o data/labels.csv
refused "extract -o onto the bundled labels it reads" data/labels.csv env PROPTREND_DATADIR="$tmp/data" \
  "$PROPTREND" extract "$txt" -o data/labels.csv

# ---- signals mid-write -------------------------------------------------------
# audit opens its output, then reads the labels: a FIFO nobody writes to
# holds it there, with the temporary file in place.
mkdir slow && cp data/*.csv slow/ && rm slow/labels.csv && mkfifo slow/labels.csv
signum() { case $1 in HUP) echo 1 ;; INT) echo 2 ;; TERM) echo 15 ;; esac; }
# A background job starts with SIGINT ignored, and under nohup SIGHUP too;
# proptrend keeps a signal ignored that it was started with, so the test
# gives it the three at their default
for sig in TERM INT HUP; do
  PROPTREND_DATADIR="$tmp/slow" env --default-signal=INT,HUP,TERM "$PROPTREND" audit -f text --lang vi a.csv -o sig.txt &
  pid=$!
  i=0; while no_temp && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
  had=$(ls | grep -c '\.tmp\.')
  kill -s $sig $pid; wait $pid; st=$?
  want=$((128 + $(signum $sig)))
  [ "$had" = 1 ] && [ "$st" = "$want" ] && no_temp && [ ! -e sig.txt ] &&
    ok "SIG$sig mid-write: the temporary file is removed, exit $st" ||
    notok "SIG$sig mid-write: temp seen $had, exit $st (want $want), left: $(ls | grep '\.tmp\.')"
done
(ulimit -f 1 && "$PROPTREND" rates a.csv -f json -o big.json 2> err); st=$?
[ "$st" = 74 ] && grep -q 'File too large' err && [ ! -e big.json ] && no_temp &&
  ok "SIGXFSZ (ulimit -f): exit 74, nothing left" || notok "SIGXFSZ: exit $st"

# ---- report -o DIR (active once report uses src/cli/outdir.c) ----------------
"$PROPTREND" report -q -o probe a.csv > /dev/null 2>&1
if [ -f probe/.proptrend-manifest ]; then
  mkdir thesis && echo "years of work" > thesis/thesis.tex && echo "# my notes" > thesis/report.md
  "$PROPTREND" report -q -o thesis a.csv > /dev/null 2> err; st=$?
  [ "$st" = 73 ] && [ -f thesis/thesis.tex ] && [ "$(cat thesis/report.md)" = "# my notes" ] && grep -q 'thesis/' err &&
    ok "report refuses a directory with a thesis and a foreign report.md (73, file named)" ||
    notok "report onto a thesis directory: exit $st"
  cp a.csv probe/mydata.csv
  "$PROPTREND" report -q -o probe a.csv > /dev/null 2> err; st=$?
  [ "$st" = 73 ] && [ -f probe/mydata.csv ] && grep -q 'probe/mydata.csv' err &&
    ok "report refuses a file its manifest does not list" || notok "report with a foreign file: exit $st"
  rm probe/mydata.csv
  "$PROPTREND" report -q -o probe probe/tables/rates.csv > /dev/null 2> err; st=$?
  [ "$st" = 73 ] && [ -f probe/tables/rates.csv ] && ok "report refuses an input inside the old report" ||
    notok "report with its input inside: exit $st"
  "$PROPTREND" report -q -o probe a.csv --text probe/tables/rates.csv > /dev/null 2> err; st=$?
  [ "$st" = 73 ] && ok "report refuses a --text inside the old report" || notok "report --text inside: exit $st"
  "$PROPTREND" report -q -o probe/ a.csv > /dev/null && [ -f probe/report.md ] && ! ls -d probe.tmp.* 2> /dev/null &&
    ok "report -o DIR/ with a trailing slash replaces its own report" || notok "report -o DIR/"
  for o in . .. / probe/. ""; do
    "$PROPTREND" report -q -o "$o" no-such-input.csv > /dev/null 2> err; st=$?
    [ "$st" = 73 ] && ! grep -q no-such-input err && ok "report -o '$o' refused before any work" ||
      notok "report -o '$o': exit $st"
  done
  (umask 027 && "$PROPTREND" report -q -o rep027 a.csv > /dev/null) &&
    [ "$(stat -c %a rep027)" = 750 ] && [ "$(stat -c %a rep027/report.md)" = 640 ] &&
    ok "report under umask 027: 750 and 640" || notok "report umask: $(stat -c %a rep027 rep027/report.md)"
  printf '#!/bin/sh\necho $$ >> "%s/gp.pids"\ncat > /dev/null\nexec sleep 30\n' "$tmp" > slowgp && chmod +x slowgp
  for sig in TERM HUP; do
    PROPTREND_GNUPLOT="$tmp/slowgp" env --default-signal=HUP,TERM "$PROPTREND" report -q -o probe a.csv > /dev/null 2>&1 &
    pid=$!
    i=0; while ! ls -d probe.tmp.* > /dev/null 2>&1 && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
    sleep 0.5
    kill -s $sig $pid; wait $pid; st=$?
    [ "$st" = $((128 + $(signum $sig))) ] && ! ls -d probe.tmp.* > /dev/null 2>&1 && [ -f probe/report.md ] &&
      ok "report killed by SIG$sig: temporary directory removed, old report intact" ||
      notok "report SIG$sig: exit $st, left $(ls -d probe.tmp.* 2>&1)"
  done
  [ -f gp.pids ] && kill $(cat gp.pids) 2> /dev/null
else
  skip "report -o DIR cases" "report does not use src/cli/outdir.c yet"
fi

# ---- numeric options ---------------------------------------------------------
for args in "--margin 1e-300" "--margin 0" "--margin 1" "--margin nan" "--expected 1.5" "--expected -0.1" \
            "--population 0" "--population 1e30" "--level 1"; do
  set -- --population 500 --expected 0.9 --margin 0.05
  "$PROPTREND" sample-size "$@" $args > out 2> err; st=$?
  [ "$st" = 64 ] && [ ! -s out ] && ok "sample-size $args: usage error 64" ||
    { notok "sample-size $args: exit $st"; head -2 out err; }
done
for m in 0.001 0.0011; do
  "$PROPTREND" sample-size --population 500 --expected 0.5 --margin $m > out; st=$?
  n=$(sed -n 's/.*n = \([0-9]*\) of 500 .*/\1/p' out)
  [ "$st" = 0 ] && [ -n "$n" ] && [ "$n" -ge 1 ] && [ "$n" -le 500 ] &&
    ok "sample-size --margin $m (at the limit 1/(2N)): n = $n within 1..500" || { notok "sample-size --margin $m: exit $st"; cat out; }
done
timeout 20 "$PROPTREND" sample-size --lqas --population 1000000 --acceptable 0.05 --unacceptable 0.0500001 > out 2> err
st=$?
[ "$st" = 65 ] && grep -q 'no sample of 1000000 units' err && ok "sample-size --lqas with indistinguishable rates: 65 at once" ||
  notok "sample-size --lqas indistinguishable: exit $st"
"$PROPTREND" sample-size --population 500 --expected 0.5 --margin 0.05 --level 1e-300 > out; st=$?
[ "$st" = 0 ] && grep -q 'n = 1 of 500' out && ok "sample-size at a level near 0: n = 1, never 0" ||
  { notok "sample-size level near 0: exit $st"; cat out; }
finish
