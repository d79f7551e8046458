#!/bin/sh
# t-milter.sh - run every tests/milter/t-*.lua scenario through miltertest
#
# A scenario t-NAME.lua runs against a regphish-milter started in the
# foreground on a unix socket in a temp dir, with base.conf plus
# t-NAME.conf (a later line wins).  Scenarios without a .conf of their
# own share one daemon.  Each daemon is stopped by its PID with SIGTERM
# and must exit cleanly (libmilter takes up to 5 s to notice).
# Exit 77 (skip) only when miltertest is not installed.
# RP_MILTER overrides the daemon binary (e.g. a sanitizer build).

srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
builddir=${top_builddir:-$srcdir}
here=$srcdir/tests/milter
milter=${RP_MILTER:-$builddir/milter/regphish-milter}

if ! command -v miltertest >/dev/null 2>&1; then
    echo "SKIP: miltertest not installed (Debian package miltertest)"
    exit 77
fi
if [ ! -x "$milter" ]; then
    echo "FAIL: $milter not built"
    exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/rp-milter.XXXXXX") || exit 1
pid=""
cleanup() {
    if [ -n "$pid" ]; then
        kill -TERM "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

failed=0
total=0

# start_milter NAME [EXTRA_CONF] - start a daemon, set pid and sock
start_milter() {
    conf=$tmp/$1.conf
    cat "$here/base.conf" ${2:+"$2"} > "$conf"
    sock=$tmp/$1.sock
    log=$tmp/$1.log
    "$milter" -f -c "$conf" -p "unix:$sock" -r "$srcdir/rules" 2> "$log" &
    pid=$!
    i=0
    while [ ! -S "$sock" ] && [ $i -lt 100 ] && kill -0 "$pid" 2>/dev/null; do
        sleep 0.05; i=$((i + 1))
    done
}

# stop_milter - SIGTERM, then the exit status must be 0
stop_milter() {
    kill -TERM "$pid" 2>/dev/null
    wait "$pid"
    status=$?
    pid=""
    if [ $status -ne 0 ]; then
        echo "FAIL: milter exited with status $status"
        sed 's/^/    /' "$log"
        failed=$((failed + 1))
    fi
}

# run LUA - one scenario against the running daemon
run() {
    name=$(basename "$1" .lua)
    total=$((total + 1))
    if RP_SOCKET="unix:$sock" RP_DATA="$srcdir/tests" RP_SRCDIR="$here" \
        miltertest -s "$1" > "$tmp/$name.out" 2>&1; then
        echo "PASS: $name"
    else
        echo "FAIL: $name"
        sed 's/^/    /' "$tmp/$name.out" "$log"
        failed=$((failed + 1))
    fi
}

# check NAME CMD... - one check that is not a scenario
check() {
    name=$1; shift
    total=$((total + 1))
    if "$@"; then
        echo "PASS: $name"
    else
        echo "FAIL: $name"
        sed 's/^/    /' "$log"
        failed=$((failed + 1))
    fi
}

# logged PATTERN - the daemon's log holds PATTERN within 5 s
logged() {
    i=0
    while ! grep -q -- "$1" "$log" && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
    grep -q -- "$1" "$log"
}

# log_escaped - t-log-escape.lua's hostile From and envelope sender are
#	in the log escaped, and no line holds a byte outside printable ASCII
#	(an escape sequence would reach the terminal of whoever reads the log)
log_escaped() {
    _esc='\x1b[2J\x1b]0;owned\x07\x08\x08\x0dPyPI\u009b31m\u202egro.ipyp\u2066'
    grep -qF -- "ESC1: sender=<$_esc@example.org> from=\"$_esc\" <support@example.org> action=" "$log" \
	&& ! LC_ALL=C grep -q "$(printf '[^ -~]')" "$log"
}

start_milter shared
for lua in "$here"/t-*.lua; do
    [ -f "${lua%.lua}.conf" ] || run "$lua"
done
check "log shows control and bidi characters escaped" log_escaped
# Every message leaves a log line, skipped ones too, with the reason
# (t-skip.lua): a trusted or authenticated sender is no silent bypass.
check "trusted-network message logged with the reason" \
    logged "TRUST1: sender=.* action=accept skipped: client 198\.51\.100\.7 in trusted_networks$"
check "authenticated message logged with the reason" \
    logged "AUTH1: sender=.* action=accept skipped: sender authenticated as me (skip_authenticated)$"
# SIGHUP flood: back-to-back SIGHUPs for 3 s (a million or so).  Any one
# that reached libmilter's own signal thread would stop the filter: its
# listening socket closes at once (the process exits seconds later).
flood() {
    python3 -c '
import os, signal, socket, sys, time
pid, end = int(sys.argv[1]), time.time() + float(sys.argv[2])
while time.time() < end:
    os.kill(pid, signal.SIGHUP)
socket.socket(socket.AF_UNIX).connect(sys.argv[3])
' "$pid" "$1" "$sock" && kill -0 "$pid" 2>/dev/null && ! grep -q stopp "$log"
}
check "SIGHUP flood: same process, still listening, never stopping" flood 3
run "$here/t-accept.lua"
# A reload with a bad value fails naming file and line; the running
# settings stay and the daemon goes on judging mail.  (Started as root,
# the daemon reloads as nobody: the file must be readable to it.)
chmod 755 "$tmp"
printf 'fallback = maybe\n' >> "$conf"
chmod 644 "$conf"
kill -HUP "$pid"
check "bad reload names file and line" \
    logged "reload failed, keeping the running rules: $conf:[0-9]*: fallback: \"maybe\" is not accept or tempfail"
run "$here/t-accept.lua"
stop_milter

# A bad value at start-up: exit 1, file and line on stderr.
log=$tmp/bad.log
printf 'user = nobody\nmax_message_size = -1\n' > "$tmp/bad.conf"
"$milter" -f -c "$tmp/bad.conf" -p "unix:$tmp/bad.sock" -r "$srcdir/rules" 2> "$log"
check "bad config refused at start" [ $? -eq 1 ]
check "bad config names file and line" \
    grep -q "$tmp/bad.conf:2: max_message_size: \"-1\" is not a whole number" "$log"
for lua in "$here"/t-*.lua; do
    [ -f "${lua%.lua}.conf" ] || continue
    start_milter "$(basename "$lua" .lua)" "${lua%.lua}.conf"
    run "$lua"
    stop_milter
done
echo "$((total - failed)) of $total milter scenarios passed"
[ $failed -eq 0 ]
