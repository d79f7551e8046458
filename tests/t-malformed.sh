#!/bin/sh
# t-malformed.sh - every nasty message gets a verdict in bounded time and memory
#
# Runs `regphish check --json` on each message in tests/malformed (small,
# checked in) and on the huge ones gen-huge.py writes into a temporary
# directory (10,000-deep nesting, 100,000 parts, 100,000 links, a 50 MB
# line, a header folded 10,000 times, 1 MB HTML attributes), one process
# per message under `timeout` and `ulimit -v`.  Each must end with exit 0
# or 1 and exactly one verdict naming the file, or exit 2 with an error
# line naming the file; a crash, a signal or a timeout fails.
# Under AddressSanitizer the memory bound is left out (ASan reserves
# terabytes of address space) and the time bound scales with
# CK_TIMEOUT_MULTIPLIER, like Check's.
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
. "$top_srcdir/tests/lib.sh"
make_tmp
mult=${CK_TIMEOUT_MULTIPLIER:-1}
limit_secs=$((30 * ${mult%%.*}))
limit_kb=$((768 * 1024))
asan=no
grep -q __asan_init "$cli" && asan=yes

mkdir "$tmp/huge"
python3 "$top_srcdir/tests/malformed/gen-huge.py" "$tmp/huge" || exit 99

# check_one FILE - one message, bounded; judge exit status and output
check_one() {
    f=$1 name=$(basename "$1")
    start=$(date +%s)
    (
	[ "$asan" = yes ] || ulimit -v "$limit_kb"
	exec timeout -s KILL "$limit_secs" "$cli" check --json -c "$conf" -r "$rules" "$f"
    ) > "$tmp/out" 2> "$tmp/err"
    rc=$? secs=$(($(date +%s) - start))
    verdicts=$(grep -c "\"file\":\"[^\"]*$name\",\"score\":[0-9.-]*,\"action\":\"\(accept\|tag\|quarantine\|reject\)\"" "$tmp/out")
    case $rc in
	0|1) if [ "$verdicts" = 1 ]; then ok "$name: verdict in ${secs}s"
	     else not_ok "$name: exit $rc but $verdicts verdicts"; head -c 400 "$tmp/out"; fi ;;
	2) if grep -q "$name" "$tmp/err"; then ok "$name: error line naming the file in ${secs}s"
	   else not_ok "$name: exit 2 without naming the file"; head -n 5 "$tmp/err"; fi ;;
	137) not_ok "$name: killed after ${limit_secs}s (time bound)" ;;
	*) not_ok "$name: exit $rc (crash or memory bound of $((limit_kb / 1024)) MB)"; tail -n 20 "$tmp/err" ;;
    esac
}

for f in "$top_srcdir"/tests/malformed/*.eml "$tmp"/huge/*.eml; do
    check_one "$f"
done

finish
