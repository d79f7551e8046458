# redis.sh - a private redis-server for a test (sourced, POSIX sh)
#
#   . "$top_srcdir/tests/redis/redis.sh"
#   redis_init || exit $?            # 77 (skip) when redis-server is missing
#   redis_start NAME PORT [CONFIG-LINE...] || exit 1
#   redis_cli NAME HGETALL regphish:sender:example.com
#   redis_kill NAME                  # SIGKILL, as a crash
#   redis_stop_all                   # every server started (from a trap)
#
# Each server lives in $tmp/redis-NAME (the caller's temp dir, from
# lib.sh's make_tmp or the rig's), listens on 127.0.0.1:PORT only, keeps
# nothing on disk (save "", appendonly no) and logs to its dir's
# redis.log.  A "requirepass PASS" config line is remembered, so that
# redis_cli authenticates.  Servers are stopped by their PID, never by
# name.  Variables: REDIS_SERVER (default /usr/bin/redis-server, or
# $RP_REDIS_SERVER), REDIS_CLI.

REDIS_SERVER=${RP_REDIS_SERVER:-/usr/bin/redis-server}
REDIS_CLI=${RP_REDIS_CLI:-/usr/bin/redis-cli}
_r_started=""

# redis_init - skip (77) when the server, its client or python3 is missing
redis_init() {
    for _r_tool in "$REDIS_SERVER" "$REDIS_CLI"; do
	if [ ! -x "$_r_tool" ]; then
	    echo "SKIP: $_r_tool not installed (Debian package redis-server)"
	    return 77
	fi
    done
    command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 not installed"; return 77; }
}

# redis_free_port - a free loopback port
redis_free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# redis_start NAME PORT [CONFIG-LINE...] - start a server, wait until it answers
redis_start() {
    _r_name=$1 _r_port=$2; shift 2
    _r_dir=$tmp/redis-$_r_name
    mkdir -p "$_r_dir" || return 1
    {
	echo "bind 127.0.0.1"
	echo "port $_r_port"
	echo "dir $_r_dir"
	echo "logfile $_r_dir/redis.log"
	echo 'save ""'
	echo "appendonly no"
	for _r_line in "$@"; do echo "$_r_line"; done
    } > "$_r_dir/redis.conf"
    echo "$_r_port" > "$_r_dir/port"
    : > "$_r_dir/auth"
    for _r_line in "$@"; do
	case $_r_line in requirepass\ *) echo "${_r_line#requirepass }" > "$_r_dir/auth" ;; esac
    done
    "$REDIS_SERVER" "$_r_dir/redis.conf" > /dev/null 2>&1 &
    echo $! > "$_r_dir/pid"
    _r_started="$_r_started $_r_name"
    _r_i=0
    while [ $_r_i -lt 100 ]; do
	[ "$(redis_cli "$_r_name" PING 2>/dev/null)" = PONG ] && return 0
	sleep 0.1; _r_i=$((_r_i + 1))
    done
    echo "redis $_r_name did not start on port $_r_port:"; cat "$_r_dir/redis.log"
    return 1
}

# redis_cli NAME ARGS... - redis-cli against server NAME (its password too)
redis_cli() {
    _r_dir=$tmp/redis-$1; shift
    if [ -s "$_r_dir/auth" ]; then
	REDISCLI_AUTH=$(cat "$_r_dir/auth") "$REDIS_CLI" -h 127.0.0.1 -p "$(cat "$_r_dir/port")" "$@"
    else
	"$REDIS_CLI" -h 127.0.0.1 -p "$(cat "$_r_dir/port")" "$@"
    fi
}

# redis_kill NAME - SIGKILL the server (a crash) and reap it
redis_kill() {
    _r_pid=$(cat "$tmp/redis-$1/pid" 2>/dev/null) || return 0
    kill -9 "$_r_pid" 2>/dev/null
    wait "$_r_pid" 2>/dev/null
    rm -f "$tmp/redis-$1/pid"
}

# redis_stop_all - stop every server this shell started
redis_stop_all() {
    for _r_name in $_r_started; do
	_r_pid=$(cat "$tmp/redis-$_r_name/pid" 2>/dev/null) || continue
	kill "$_r_pid" 2>/dev/null
	wait "$_r_pid" 2>/dev/null
	rm -f "$tmp/redis-$_r_name/pid"
    done
}
