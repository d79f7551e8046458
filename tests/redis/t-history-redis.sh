#!/bin/sh
# t-history-redis.sh - the history store (milter/history) against a real
# redis-server, through tests/hist-driver
#
# Servers run on free loopback ports in the test's temp dir
# (tests/redis/redis.sh).  Checks: what a record writes (the hash, its
# TTL of the retention, an old message's shorter one, a too old one not
# at all; a unix socket too); two processes recording the same new
# domains at once (every message counted, first set once and never
# overwritten); sixteen threads through one store's pool (every record
# counted; when a loaded machine stalls a reply past the timeout, every
# record reported made is counted); AUTH and SELECT
# (and a wrong password: logged, refused, no history); Redis killed in the
# middle of a run (no record lost, the outage logged once, no call longer
# than the timeout and a generous margin, calls falling back at once
# rather than each waiting), then started again (logged, used again); a
# server stopped with SIGSTOP (it still accepts, never answers): the same.
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/redis/redis.sh"
driver=$top_builddir/tests/hist-driver
redis_init || exit $?
[ -x "$driver" ] || { echo "hist-driver not built"; exit 99; }
make_tmp
trap 'redis_stop_all; rm -rf "$tmp"' EXIT
DAY=86400
now=$(date +%s)

# check NAME WANT GOT - ok when GOT equals WANT
check() {
    if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1 (got '$3', want '$2')"; fi
}
# field NAME LINE - the value of NAME=... in a lookup line
field() { echo "$2" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
# counted NAME TOTAL GOT OUT... - GOT (what Redis counted) is TOTAL, the
#	records made by the count commands whose outputs are OUT...; when
#	one logged a timeout (a loaded machine can stall a reply past 200
#	ms), every record it reported made must be counted, and no more
#	than were tried
counted() {
    _name=$1 _total=$2 _got=$3; shift 3
    _ok=$(cat "$@" | awk '/^recorded / { s += $2 } END { print s + 0 }')
    if ! cat "$@" | grep -q unreachable; then
	check "$_name" "$_total" "$_got"
    elif [ "$_got" -ge "$_ok" ] && [ "$_got" -le "$_total" ]; then
	ok "$_name ($_got of $_total: the machine stalled Redis past the timeout)"
    else
	not_ok "$_name (counted $_got, recorded $_ok of $_total)"
    fi
}

port=$(redis_free_port)
redis_start plain "$port" "unixsocket $tmp/redis.sock" "unixsocketperm 700" || exit 1
D="$driver -b redis -H 127.0.0.1 -P $port -f none -t 200"

# --- what a record writes
expect_rc "record a flagged sender with a brand" 0 $D record sender example.com 1 npm
expect_rc "lookup" 0 $D lookup sender EXAMPLE.com
expect_grep "counts and brand read back" "messages=1 flagged=1 brand=npm" "$tmp/out"
redis_cli plain HGETALL regphish:sender:example.com > "$tmp/hash"
expect_grep "the hash has first" "^first$" "$tmp/hash"
expect_grep "the hash has the brand" "^npm$" "$tmp/hash"
expect_no "no address anywhere" "@" "$tmp/hash"
ttl=$(redis_cli plain TTL regphish:sender:example.com)
if [ "$ttl" -gt $((400 * DAY - 120)) ] && [ "$ttl" -le $((400 * DAY)) ]; then
    ok "TTL is the retention ($ttl s)"
else
    not_ok "TTL $ttl is not the retention"
fi
expect_rc "link role apart" 0 $D lookup link example.com
expect_grep "link never seen" "^never$" "$tmp/out"
expect_rc "an old message (import)" 0 $D record link old.example 0 "" $((now - 399 * DAY))
ttl=$(redis_cli plain TTL regphish:link:old.example)
if [ "$ttl" -gt 0 ] && [ "$ttl" -le "$DAY" ]; then
    ok "an old message expires when it would have ($ttl s)"
else
    not_ok "old message TTL $ttl"
fi
expect_rc "a message older than the retention" 0 $D record link older.example 0 "" \
    $((now - 401 * DAY))
check "it is not stored" 0 "$(redis_cli plain EXISTS regphish:link:older.example)"
expect_rc "retention 1 day" 0 $D -r 1 record sender short.example
ttl=$(redis_cli plain TTL regphish:sender:short.example)
if [ "$ttl" -gt $((DAY - 120)) ] && [ "$ttl" -le $DAY ]; then
    ok "retention 1 day: TTL $ttl"
else
    not_ok "retention 1 day: TTL $ttl"
fi
expect_rc "through the unix socket" 0 $driver -b redis -H "$tmp/redis.sock" -f none \
    record sender unix.example
check "the unix socket's record read over TCP" 1 \
    "$(field messages "$($D lookup sender unix.example)")"

# --- two processes, the same new domains, at once
a=$((now - 100)) b=$((now - 200))
for i in 1 2 3 4 5; do
    $D count 200 sender "race$i.example" $a > "$tmp/a" 2>&1 & pa=$!
    $D count 200 sender "race$i.example" $b > "$tmp/b" 2>&1 & pb=$!
    wait $pa; wait $pb
    line=$($D lookup sender "race$i.example")
    counted "race $i: every message counted" 400 "$(field messages "$line")" "$tmp/a" "$tmp/b"
    first=$(field first "$line")
    case $first in
	"$a"|"$b") ok "race $i: first seen set by one of them" ;;
	*) not_ok "race $i: first seen $first" ;;
    esac
    $D record sender "race$i.example" 0 "" $((now - 300))
    check "race $i: a later record never moves first" "$first" \
	"$(field first "$($D lookup sender "race$i.example")")"
done

# --- sixteen threads through one store's connection pool
$D -j 16 count 100 link threads.example > "$tmp/a" 2>&1
counted "16 threads x 100 records: every one counted" 1600 \
    "$(field messages "$($D lookup link threads.example)")" "$tmp/a"

# --- AUTH and SELECT
aport=$(redis_free_port)
redis_start auth "$aport" "requirepass s3cret-test" || exit 1
A="$driver -b redis -H 127.0.0.1 -P $aport -f none -t 200"
expect_rc "record with password and db 3" 0 $A -a s3cret-test -d 3 record sender db.example
check "written in db 3" 1 "$(redis_cli auth -n 3 EXISTS regphish:sender:db.example)"
check "not in db 0" 0 "$(redis_cli auth -n 0 EXISTS regphish:sender:db.example)"
expect_rc "wrong password: the record fails" 1 $A -a wrong -d 3 record sender db.example
expect_grep "wrong password: logged" "log: history: Redis 127.0.0.1:$aport unreachable" "$tmp/err"
expect_rc "wrong password: lookup" 0 $A -a wrong -d 3 lookup sender db.example
expect_grep "wrong password: no history, not 'never'" "^unreadable$" "$tmp/out"
expect_rc "no password at all" 0 $A lookup sender db.example
expect_grep "no password: no history" "^unreadable$" "$tmp/out"

# --- Redis killed in the middle of a run, then started again
L="$driver -b redis -H 127.0.0.1 -P $port -f local -p $tmp/local -t 200"
$L loop 10 sender load.example > "$tmp/loop.out" 2> "$tmp/loop.err" & pl=$!
sleep 2
redis_kill plain
sleep 4
redis_start plain "$port" || exit 1
wait $pl; rl=$?
check "every record succeeded (Redis or the local store)" 0 "$rl"
check "the outage logged once" 1 "$(grep -c 'unreachable' "$tmp/loop.err")"
check "the return logged once" 1 "$(grep -c 'answers again' "$tmp/loop.err")"
sed 's/^/    /' "$tmp/loop.err"
max=$(sed -n 's/^calls .* max_ms //p' "$tmp/loop.out")
if [ -n "$max" ] && [ "$max" -le 2000 ]; then
    ok "no call took longer than the timeout and a margin (slowest $max ms)"
else
    not_ok "slowest call $max ms"
fi
# calls made while Redis was down (between 3 and 5 s): falling back at
# once they are many; waiting 200 ms each they would be at most 10
at3=$(sed -n 's/^tick 3.0 calls //p' "$tmp/loop.out")
at5=$(sed -n 's/^tick 5.0 calls //p' "$tmp/loop.out")
if [ -n "$at3" ] && [ -n "$at5" ] && [ $((at5 - at3)) -gt 50 ]; then
    ok "calls fell back at once while Redis was down ($((at5 - at3)) in 2 s)"
else
    not_ok "calls while down: '$at3' .. '$at5'"; cat "$tmp/loop.out"
fi
calls=$(sed -n 's/^calls \([0-9]*\) .*/\1/p' "$tmp/loop.out")
local_n=$(field messages "$($driver -b local -p "$tmp/local" lookup sender load.example)")
check "the local store got every record" "$calls" "$local_n"
back=$(field messages "$($D lookup sender load.example)")
if [ -n "$back" ] && [ "$back" -gt 0 ]; then
    ok "the new Redis is used again ($back records after the restart)"
else
    not_ok "nothing recorded in the restarted Redis"
fi

# --- a server that stops answering (SIGSTOP: connections still accepted)
pid=$(cat "$tmp/redis-plain/pid")
$L loop 10 link stall.example > "$tmp/loop.out" 2> "$tmp/loop.err" & pl=$!
sleep 1
kill -STOP "$pid"
sleep 4
kill -CONT "$pid"
wait $pl; rl=$?
check "stalled: every record succeeded" 0 "$rl"
check "stalled: logged once" 1 "$(grep -c 'unreachable' "$tmp/loop.err")"
check "stalled: the return logged once" 1 "$(grep -c 'answers again' "$tmp/loop.err")"
sed 's/^/    /' "$tmp/loop.err"
max=$(sed -n 's/^calls .* max_ms //p' "$tmp/loop.out")
if [ -n "$max" ] && [ "$max" -le 2000 ]; then
    ok "stalled: no call took longer than the timeout and a margin (slowest $max ms)"
else
    not_ok "stalled: slowest call $max ms"
fi
at2=$(sed -n 's/^tick 2.0 calls //p' "$tmp/loop.out")
at4=$(sed -n 's/^tick 4.0 calls //p' "$tmp/loop.out")
if [ -n "$at2" ] && [ -n "$at4" ] && [ $((at4 - at2)) -gt 50 ]; then
    ok "stalled: calls fell back at once ($((at4 - at2)) in 2 s)"
else
    not_ok "stalled: calls while stalled: '$at2' .. '$at4'"; cat "$tmp/loop.out"
fi

finish
