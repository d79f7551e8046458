#!/bin/sh
# history-bench.sh - the cost of the site's history: off, local, Redis
#
# Usage: bench/history-bench.sh [--quick] [--builddir DIR]
#
# Every figure is a ratio against history off, measured in the same run:
#  1. One process (the CLI, wall time, best of the rounds): `regphish
#     check` over tests/corpus copied several times (mail of common sizes,
#     whose domains repeat as a site's do) with history = none, then with
#     --learn into a local store (LMDB), then into a private redis-server,
#     and then --history reading each of them (lookups only).
#  2. Mail flow (root, Postfix): a private Postfix on loopback
#     (tests/postfix/rig.sh) relaying to smtp-sink, loaded by smtp-source at
#     32 sessions with eight corpus messages, through three regphish-milters
#     on unix sockets that differ only in history = none, local or redis:
#     msgs/s, the best of the rounds.
# Redis runs from tests/redis/redis.sh in a temp dir on a free loopback
# port; without redis-server its rows are skipped with a note, and without
# root or Postfix part 2 is.  Nothing is asserted: the exit status is 0 when
# the benchmark ran.  Every process is stopped by PID; RP_KEEP=1 keeps the
# temp dirs.  --quick is a smoke run (a few seconds per part).

top=$(cd "$(dirname "$0")/.." && pwd)
mode=full builddir=""
while [ $# -gt 0 ]; do
    case $1 in
    --quick) mode=quick ;;
    --builddir) builddir=$2; shift ;;
    *) echo "usage: bench/history-bench.sh [--quick] [--builddir DIR]" >&2; exit 2 ;;
    esac
    shift
done
if [ "$mode" = quick ]; then copies=2 flow_count=400 rounds=1
else copies=10 flow_count=2400 rounds=3; fi
if [ -z "$builddir" ]; then
    builddir=$top/_build/bench
    "$top/tools/build" bench >/dev/null || { echo "history-bench: build failed" >&2; exit 1; }
fi
cli=$builddir/milter/regphish
[ -x "$cli" ] || { echo "history-bench: $cli not built" >&2; exit 1; }

# The rig gives the temp dir, the traps and Postfix; without root or
# Postfix a plain temp dir serves part 1.
top_srcdir=$top top_builddir=$builddir
export top_srcdir top_builddir
. "$top/tests/postfix/rig.sh"
flow_skip=""
if ! command -v smtp-source >/dev/null 2>&1; then
    flow_skip="smtp-source is not installed"
elif ! rig_init > /dev/null 2>&1; then
    flow_skip="needs root and Postfix (tests/postfix/rig.sh)"
fi
[ -n "$RIG_TMP" ] || { RIG_TMP=$(mktemp -d "${TMPDIR:-/tmp}/rp-hbench.XXXXXX") || exit 1
    trap '[ -n "$RP_KEEP" ] || rm -rf "$RIG_TMP"; redis_stop_all' EXIT; }
tmp=$RIG_TMP
. "$top/tests/redis/redis.sh"
rig_cleanup_hook() { redis_stop_all; }
redis_port="" redis_note=""
if redis_init > /dev/null; then
    redis_port=$(redis_free_port)
    redis_start bench "$redis_port" > /dev/null || redis_port=""
fi
[ -n "$redis_port" ] || redis_note="redis-server did not start or is not installed: its rows are skipped"
mkdir -p "$tmp/hist-cli" "$tmp/hist-milter"
chown nobody "$tmp/hist-milter" 2>/dev/null
calc() { awk "BEGIN { printf $1 }"; }
now() { date +%s.%N; }

# conf NAME HISTORY [PATH] - a config with that history
conf() {
    printf 'history = %s\nhistory_path = %s\nhistory_redis = 127.0.0.1:%s\n' \
	"$2" "${3:-$tmp/hist-cli}" "${redis_port:-1}" > "$tmp/$1.conf"
}

# --- 1. one process: regphish check
mkdir -p "$tmp/msgs"
i=0
while [ $i -lt $copies ]; do
    for f in "$top"/tests/corpus/ham/*.eml "$top"/tests/corpus/phish/*.eml; do
	cp "$f" "$tmp/msgs/$i-$(basename "$f")"
    done
    i=$((i + 1))
done
n=$(find "$tmp/msgs" -type f | wc -l)
conf none none; conf local local; conf redis redis
# cli_rate NAME CONF FLAGS - msgs/s of check over the set, the best of the rounds
cli_rate() {
    _best=0 _r=1
    while [ $_r -le $rounds ]; do
	_t0=$(now)
	"$cli" check -c "$tmp/$2.conf" -r "$top/rules" $3 "$tmp/msgs" > /dev/null 2> "$tmp/$1.err"
	[ $? -le 1 ] || { echo error; return; }
	_best=$(calc "\"%.0f\", ($n / ($(now) - $_t0) > $_best) ? $n / ($(now) - $_t0) : $_best")
	_r=$((_r + 1))
    done
    echo "$_best"
}
cli_rate warm none "" > /dev/null		# caches warm for every row
off=$(cli_rate off none "")
learn_local=$(cli_rate learn-local local --learn)
read_local=$(cli_rate read-local local --history)
learn_redis=skipped read_redis=skipped
if [ -n "$redis_port" ]; then
    learn_redis=$(cli_rate learn-redis redis --learn)
    read_redis=$(cli_rate read-redis redis --history)
fi
ratio() { case $1$2 in *error*|*skipped*|"") echo "-" ;; *) calc "\"%.2f\", $1 / $2" ;; esac; }

# --- 2. mail flow: three milters, history none / local / redis
flow_note=$flow_skip
if [ -z "$flow_skip" ]; then
    flow_msgs=""
    for dir in ham phish; do
	set -- "$top"/tests/corpus/$dir/*.eml
	step=$(($# / 4))
	for i in 0 1 2 3; do eval "flow_msgs=\"\$flow_msgs \${$((i * step + 1))}\""; done
    done
    rig_start_sink discard || exit 1
    configs="none local"
    [ -n "$redis_port" ] && configs="$configs redis"
    for c in $configs; do
	rig_milter_conf "unix:$RIG_TMP/run/$c.sock" "socket_mode = 0666" \
	    "pidfile = $RIG_TMP/run/$c.pid" "history = $c" "history_path = $tmp/hist-milter" \
	    "history_redis = 127.0.0.1:${redis_port:-1}" "rewrite = no" "quarantine = no"
	cp "$RIG_MILTER_CONF" "$RIG_TMP/milter-$c.conf"
	"$RIG_MILTER" -f -c "$RIG_TMP/milter-$c.conf" >> "$RIG_TMP/milter-$c.log" 2>&1 &
	rig_track $!
	rig_wait_for test -S "$RIG_TMP/run/$c.sock" || { echo "history-bench: milter $c did not start" >&2; exit 1; }
	port=$(rig_free_port); eval "port_$c=$port"
	rig_add_smtpd "$port" "unix:$RIG_TMP/run/$c.sock"
    done
    rig_start_postfix "" tempfail "smtpd_peername_lookup = no" || exit 1
    # flow_run NAME COUNT - msgs/s through NAME's listener at 32 sessions, or error
    flow_run() {
	eval "_port=\$port_$1"
	_fail=0 _t0=$(now) _pids=""
	for _f in $flow_msgs; do
	    smtp-source -s 4 -m $(($2 / 8)) -M client.bench.test -f sender@example.org \
		-t user@example.net -F "$_f" "127.0.0.1:$_port" >> "$tmp/source.log" 2>&1 &
	    _pids="$_pids $!"
	done
	for _p in $_pids; do wait "$_p" || _fail=1; done
	_t1=$(now)
	rig_wait_settled || _fail=1
	[ $_fail -eq 0 ] && calc "\"%.0f\", $2 / ($_t1 - $_t0)" || echo error
    }
    for c in $configs; do flow_run "$c" 80 > /dev/null; done	# warm up
    round=1
    while [ $round -le $rounds ]; do
	for c in $configs; do
	    r=$(flow_run "$c" "$flow_count")
	    eval "prev=\${flow_$c:-}"
	    if [ "$r" = error ] || [ "$prev" = error ]; then eval "flow_$c=error"
	    elif [ -z "$prev" ] || [ "$r" -gt "$prev" ]; then eval "flow_$c=$r"; fi
	done
	round=$((round + 1))
    done
fi

# --- the table
echo "| history | regphish check msgs/s | ratio to off | milter mail flow msgs/s (32 sessions) | ratio to off |"
echo "| --- | --- | --- | --- | --- |"
echo "| off (none) | $off | 1.00 | ${flow_none:--} | ${flow_none:+1.00} |"
echo "| local, --learn (LMDB record per message) | $learn_local | $(ratio "$learn_local" "$off") | ${flow_local:--} | $(ratio "${flow_local:-}" "${flow_none:-}") |"
echo "| local, --history (lookups only) | $read_local | $(ratio "$read_local" "$off") | | |"
echo "| redis, --learn | $learn_redis | $(ratio "$learn_redis" "$off") | ${flow_redis:--} | $(ratio "${flow_redis:-}" "${flow_none:-}") |"
echo "| redis, --history (lookups only) | $read_redis | $(ratio "$read_redis" "$off") | | |"
echo
echo "$n messages per check run (tests/corpus, $copies copies), best of $rounds; mail flow: $flow_count messages per run, best of $rounds, on $(nproc) CPUs."
[ -n "$redis_note" ] && echo "$redis_note."
[ -n "$flow_note" ] && echo "Mail flow skipped: $flow_note."
exit 0
