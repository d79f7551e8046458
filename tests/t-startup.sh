#!/bin/sh
# t-startup.sh - regphish-milter starts from the shipped config outside
# systemd, or says in one line why not (issue 15)
#
# Run as root (skipped otherwise), each daemon in the foreground on a unix
# socket in its own temp dir, stopped by its own PID:
# - conf/regphish.conf as shipped (no pidfile by default) starts, and a
#   missing last level of the socket's directory is created, owned by the
#   run user, mode 0750;
# - a deeper gap, or a missing directory when not root, fails naming it;
# - a user that does not exist fails naming it and the adduser command.
# RP_MILTER overrides the daemon binary (e.g. a sanitizer build).
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
. "$top_srcdir/tests/lib.sh"
milter=${RP_MILTER:-$top_builddir/milter/regphish-milter}
[ "$(id -u)" -eq 0 ] || skip "t-startup.sh runs as root"
[ -x "$milter" ] || { echo "FAIL: $milter not built"; exit 1; }
make_tmp
chmod 755 "$tmp"
pid=""
trap '[ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null && wait "$pid"; rm -rf "$tmp"' EXIT

# The shipped file, as a source install has it, with what a test must
# not touch: the host's regphish user and history store.
sed -e "s|@rulesdir@|$rules|" -e "s|@localrulesdir@|$tmp/rules.d|" \
    "$top_srcdir/conf/regphish.conf" > "$tmp/shipped.conf"
printf 'user = nobody\nhistory = none\n' >> "$tmp/shipped.conf"
chmod 644 "$tmp/shipped.conf"

# start NAME SOCKET - start a daemon on unix:SOCKET, set pid; true once
#	it logs that it listens (within 10 s; a stale socket file from an
#	earlier run proves nothing), false when it exited first
start() {
    log=$tmp/$1.log
    "$milter" -f -c "$tmp/shipped.conf" -p "unix:$2" -r "$rules" 2> "$log" &
    pid=$!
    _i=0
    while ! grep -q "listening on unix:$2" "$log" && [ $_i -lt 200 ] \
	&& kill -0 "$pid" 2>/dev/null; do
	sleep 0.05; _i=$((_i + 1))
    done
    grep -q "listening on unix:$2" "$log" && [ -S "$2" ]
}

# stop - SIGTERM our daemon; true when it exits 0
stop() {
    kill -TERM "$pid" 2>/dev/null
    wait "$pid"; _rc=$?
    pid=""
    [ $_rc -eq 0 ]
}

# refused NAME SOCKET [CMD_PREFIX...] - the daemon exits 1 at start-up
refused() {
    _name=$1 _sock=$2; shift 2
    log=$tmp/$_name.log
    "$@" "$milter" -f -c "$tmp/shipped.conf" -p "unix:$_sock" -r "$rules" 2> "$log"
    _rc=$?
    if [ $_rc -eq 1 ]; then ok "$_name: refused (exit 1)"
    else not_ok "$_name: exit $_rc, want 1"; sed 's/^/    /' "$log"; fi
}

if start shipped "$tmp/run/regphish.sock"; then
    ok "the shipped config starts outside systemd"
else
    not_ok "the shipped config does not start"; sed 's/^/    /' "$log"
fi
expect_grep "it logs that it listens" "listening on unix:$tmp/run/regphish.sock" "$log"
expect_no "it writes no pidfile" "pidfile" "$log"
if [ "$(stat -c '%U %a' "$tmp/run" 2>&1)" = "nobody 750" ] \
    && [ "$(stat -c %g "$tmp/run")" = "$(id -g nobody)" ]; then
    ok "the missing socket directory is created: the run user's, mode 0750"
else
    not_ok "socket directory: $(stat -c '%U:%G %a' "$tmp/run" 2>&1), want nobody:$(id -gn nobody) 750"
fi
expect_grep "its creation is logged" "created socket directory $tmp/run (user nobody, mode 0750)" "$log"
if stop; then ok "it stops cleanly"; else not_ok "it did not exit 0"; sed 's/^/    /' "$log"; fi
if start again "$tmp/run/regphish.sock" && stop; then
    ok "it starts again with the directory in place"
else
    not_ok "a second start failed"; sed 's/^/    /' "$log"
fi

refused deep "$tmp/a/b/regphish.sock"
expect_grep "a deeper gap names the directory and what to do" \
    "cannot create socket directory $tmp/a/b: No such file or directory (create it, owned by user nobody, mode 0750, or set \"socket\")" "$log"
[ ! -e "$tmp/a" ] && ok "no directory made for a deeper gap" || not_ok "$tmp/a was made"

: > "$tmp/file"
refused not-a-dir "$tmp/file/regphish.sock"
expect_grep "a file in the way is named" "socket directory $tmp/file is not a directory" "$log"

if command -v setpriv > /dev/null 2>&1; then
    refused not-root "$tmp/nd/regphish.sock" \
	setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups
    expect_grep "not root: the missing directory is named with what to do" \
	"socket directory $tmp/nd does not exist: create it (owned by the milter's user and group, mode 0750), start as root, or set \"socket\"" "$log"
fi

nouser=rp-no-such-user-$$
printf 'user = %s\n' "$nouser" >> "$tmp/shipped.conf"
refused no-user "$tmp/run2/regphish.sock"
expect_grep "a missing user is named with the adduser command" \
    "user \"$nouser\" does not exist: create it with \"adduser --system --group --home /var/lib/regphish $nouser\" or set \"user\" in the config" "$log"
[ ! -e "$tmp/run2" ] && ok "no socket directory made without a user" \
    || not_ok "$tmp/run2 was made without a user"
finish
