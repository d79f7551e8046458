#!/bin/sh
# t-metrics.sh - the Prometheus metrics of regphish-milter (metrics_listen)
#
# Starts the milter with metrics_listen on a free loopback port, sends
# known mail with miltertest (metrics.lua: two ham, one phish, one phish
# from a trusted network) and scrapes /metrics with curl: the six action
# counters (all present, the right counts), the symbols (each as often as
# the milter's log lines name it), the scan histogram (count = analysed
# messages, +Inf bucket = count, buckets never falling), the loaded
# timestamp; a reload bumps reloads_total{result="ok"} and keeps every
# counter, a bad config reload bumps result="failed"; mail sent after
# them is still counted.  HTTP: 404 for another path, 405 for POST, 400
# for garbage and an oversized request, and a silent client holding the
# metrics connection does not hold up mail.  A malformed metrics_listen,
# or a port already taken, stops the start with a line naming it.  Exit 77 (skip) only when
# miltertest or curl is not installed.

: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
srcdir=$top_srcdir
builddir=${top_builddir:-$srcdir}
here=$srcdir/tests/milter
milter=${RP_MILTER:-$builddir/milter/regphish-milter}
. "$srcdir/tests/lib.sh"

command -v miltertest >/dev/null 2>&1 || skip "miltertest not installed (Debian package miltertest)"
command -v curl >/dev/null 2>&1 || skip "curl not installed"
[ -x "$milter" ] || { echo "FAIL: $milter not built"; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/rp-metrics.XXXXXX") || exit 99
pid="" holder=""
cleanup() {
    [ -n "$holder" ] && kill "$holder" 2>/dev/null
    if [ -n "$pid" ]; then
        kill -TERM "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
chmod 755 "$tmp"			# the daemon reloads as nobody

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
url=http://127.0.0.1:$port
conf=$tmp/metrics.conf
sock=$tmp/metrics.sock
log=$tmp/milter.log
{ cat "$here/base.conf"; echo "metrics_listen = inet:127.0.0.1:$port"; } > "$conf"
chmod 644 "$conf"
"$milter" -f -c "$conf" -p "unix:$sock" -r "$srcdir/rules" 2> "$log" &
pid=$!
i=0
while ! grep -q "listening on" "$log" && [ $i -lt 200 ] && kill -0 "$pid" 2>/dev/null; do
    sleep 0.05; i=$((i + 1))
done
grep -q "metrics on inet:127.0.0.1:$port" "$log" && ok "metrics socket bound" \
    || { not_ok "metrics socket bound"; cat "$log"; exit 1; }

# send ROUND - metrics.lua against the daemon
send() {
    if RP_ROUND=$1 RP_SOCKET="unix:$sock" RP_DATA="$srcdir/tests" RP_SRCDIR="$here" \
        miltertest -s "$here/metrics.lua" > "$tmp/lua.out" 2>&1; then
        ok "mail round $1 sent"
    else
        not_ok "mail round $1 sent"; sed 's/^/    /' "$tmp/lua.out" "$log"
    fi
}

# scrape FILE - GET /metrics into FILE
scrape() {
    curl -sS --max-time 30 -o "$1" -D "$1.head" "$url/metrics"
}

# value FILE SERIES - the value of one series ("" when absent)
value() {
    awk -v s="$2" '$1 == s { print $2 }' "$1"
}

# expect_value NAME FILE SERIES WANT
expect_value() {
    _got=$(value "$2" "$3")
    if [ "$_got" = "$4" ]; then ok "$1"; else not_ok "$1: $3 is '$_got', not $4"; fi
}

# expect_actions FILE ACCEPT TAG QUARANTINE REJECT SKIPPED FALLBACK
expect_actions() {
    _f=$1; shift
    for _a in accept tag quarantine reject skipped fallback; do
        expect_value "messages_total $_a" "$_f" "regphish_messages_total{action=\"$_a\"}" "$1"
        shift
    done
}

# log_symbols - "NAME COUNT" for every symbol the log lines name
log_symbols() {
    sed -n 's/.* action=[a-z]* score=[0-9.]* symbols=//p' "$log" | tr ',' '\n' \
        | grep -v '^(none)$' | sort | uniq -c | awk '{ print $2, $1 }'
}

# expect_symbols FILE - each logged symbol counted as often, and no other
expect_symbols() {
    log_symbols > "$tmp/want.sym"
    sed -n 's/^regphish_symbols_total{symbol="\(.*\)"} \([0-9]*\)$/\1 \2/p' "$1" | sort > "$tmp/got.sym"
    if [ -s "$tmp/want.sym" ] && sort "$tmp/want.sym" | cmp -s - "$tmp/got.sym"; then
        ok "symbols_total matches the log ($(wc -l < "$tmp/want.sym") symbols)"
    else
        not_ok "symbols_total matches the log"
        echo "    logged:"; sed 's/^/      /' "$tmp/want.sym"
        echo "    scraped:"; sed 's/^/      /' "$tmp/got.sym"
    fi
}

# expect_histogram FILE COUNT
expect_histogram() {
    expect_value "scan_seconds_count" "$1" regphish_scan_seconds_count "$2"
    expect_value "scan_seconds +Inf bucket" "$1" 'regphish_scan_seconds_bucket{le="+Inf"}' "$2"
    if awk '/^regphish_scan_seconds_bucket/ { if ($2 < last) bad = 1; last = $2; n++ }
            END { exit !(n == 14 && !bad) }' "$1"; then
        ok "scan_seconds buckets cumulative"
    else
        not_ok "scan_seconds buckets cumulative"; grep scan_seconds "$1"
    fi
}

# reloaded PATTERN - the log holds PATTERN a COUNT-th time within 10 s
reloaded() {
    i=0
    while [ "$(grep -c -- "$1" "$log")" -lt "$2" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
    [ "$(grep -c -- "$1" "$log")" -ge "$2" ]
}

send 1
scrape "$tmp/m1" && ok "scrape" || not_ok "scrape"
expect_grep "200 with the 0.0.4 content type" \
    'HTTP/1.0 200 OK' "$tmp/m1.head"
expect_grep "content type" 'Content-Type: text/plain; version=0.0.4; charset=utf-8' "$tmp/m1.head"
expect_actions "$tmp/m1" 2 0 1 0 1 0
expect_symbols "$tmp/m1"
expect_histogram "$tmp/m1" 3
expect_value "no reload yet" "$tmp/m1" 'regphish_reloads_total{result="ok"}' 0
expect_value "no failed reload yet" "$tmp/m1" 'regphish_reloads_total{result="failed"}' 0
loaded=$(value "$tmp/m1" regphish_rules_loaded_timestamp_seconds)
now=$(date +%s)
if awk -v t="$loaded" -v now="$now" 'BEGIN { exit !(t > now - 3600 && t <= now + 1) }'; then
    ok "rules loaded timestamp is the start ($loaded)"
else
    not_ok "rules loaded timestamp: '$loaded' (now $now)"
fi
for kind in HELP TYPE; do
    [ "$(grep -c "^# $kind regphish_" "$tmp/m1")" -eq 5 ] && ok "five # $kind lines" \
        || not_ok "five # $kind lines"
done

# A good reload: counted, the counters kept.
sleep 1.1				# a later whole second for the timestamp
kill -HUP "$pid"
reloaded "reloaded configuration and rules" 1 && ok "reload logged" || not_ok "reload logged"
scrape "$tmp/m2"
expect_value "reload ok counted" "$tmp/m2" 'regphish_reloads_total{result="ok"}' 1
expect_actions "$tmp/m2" 2 0 1 0 1 0
expect_symbols "$tmp/m2"
awk -v a="$loaded" -v b="$(value "$tmp/m2" regphish_rules_loaded_timestamp_seconds)" \
    'BEGIN { exit !(b > a) }' && ok "loaded timestamp moves on reload" \
    || not_ok "loaded timestamp moves on reload"

# A bad one: counted as failed, the running rules and counters stay.
printf 'fallback = maybe\n' >> "$conf"
kill -HUP "$pid"
reloaded "reload failed, keeping the running rules" 1 && ok "bad reload logged" \
    || not_ok "bad reload logged"
scrape "$tmp/m3"
expect_value "reload failed counted" "$tmp/m3" 'regphish_reloads_total{result="failed"}' 1
expect_value "reload ok unchanged" "$tmp/m3" 'regphish_reloads_total{result="ok"}' 1
expect_value "loaded timestamp unchanged by a failed reload" "$tmp/m3" \
    regphish_rules_loaded_timestamp_seconds "$(value "$tmp/m2" regphish_rules_loaded_timestamp_seconds)"

# A silent client holds the metrics connection while mail goes on.
python3 -c '
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
time.sleep(30)
' "$port" &
holder=$!
send 2
kill "$holder" 2>/dev/null; wait "$holder" 2>/dev/null; holder=""
scrape "$tmp/m4"
expect_actions "$tmp/m4" 3 0 1 0 1 0
expect_symbols "$tmp/m4"
expect_histogram "$tmp/m4" 4

# HTTP: other paths, methods, garbage, size.
code() { curl -s -o /dev/null -w '%{http_code}' --max-time 30 "$@"; }
[ "$(code "$url/other")" = 404 ] && ok "404 on /other" || not_ok "404 on /other"
[ "$(code "$url/metricsx")" = 404 ] && ok "404 on /metricsx" || not_ok "404 on /metricsx"
[ "$(code -X POST -d x=1 "$url/metrics")" = 405 ] && ok "405 on POST" || not_ok "405 on POST"
[ "$(code -I "$url/metrics")" = 200 ] && ok "200 on HEAD" || not_ok "200 on HEAD"
raw() {
    python3 -c '
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=30)
s.sendall(sys.argv[2].encode().decode("unicode_escape").encode("latin-1"))
print(s.recv(64).split(b"\r\n")[0].decode())
' "$port" "$1"
}
[ "$(raw 'garbage\r\n\r\n')" = "HTTP/1.0 400 Bad Request" ] && ok "400 on garbage" \
    || not_ok "400 on garbage"
[ "$(raw "GET /metrics HTTP/1.1\\r\\nX: $(head -c 9000 /dev/zero | tr '\0' a)\\r\\n\\r\\n")" \
    = "HTTP/1.0 400 Bad Request" ] && ok "400 on a 9 KB request" || not_ok "400 on a 9 KB request"
[ "$(code "$url/metrics")" = 200 ] && ok "still serving" || not_ok "still serving"

# A bad metrics_listen, or one another process holds, fails the start.
# (The running milter still holds $port.)
for spec in "inet:127.0.0.1:notaport" "inet:localhost:$port" "inet6:::1:$port" \
    "inet:127.0.0.1:$port"; do
    { cat "$here/base.conf"; echo "metrics_listen = $spec"; } > "$tmp/bad.conf"
    "$milter" -f -c "$tmp/bad.conf" -p "unix:$tmp/bad.sock" -r "$srcdir/rules" 2> "$tmp/bad.log"
    rc=$?
    if [ $rc -eq 1 ] && grep -q "metrics_listen: .*$spec" "$tmp/bad.log"; then
        ok "metrics_listen = $spec refused at start"
    else
        not_ok "metrics_listen = $spec refused at start (status $rc)"; sed 's/^/    /' "$tmp/bad.log"
    fi
done

kill -TERM "$pid"
wait "$pid" && ok "milter stopped cleanly" || not_ok "milter stopped cleanly"
pid=""
finish
