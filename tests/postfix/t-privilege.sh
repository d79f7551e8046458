#!/bin/sh
# t-privilege.sh - regphish-milter gives up root and runs nothing else
#
# Needs root (to start the daemon as root) but no Postfix: it uses the
# milter half of the rig (rig_init_milter).  Checks:
#  1. started as root with user = nobody: /proc/PID/status shows every
#     uid nobody's and every gid nobody's group, no supplementary group
#     0, no effective capability; the unix socket has socket_mode 0640
#     and owner nobody:nobody's group.
#  2. with group = postfix and socket_mode = 0660: gid postfix and the
#     socket nobody:postfix 0660 (how Postfix's smtpd gets to connect).
#  3. started as root with user empty, user = root or group = root: it
#     refuses to start, exit 1, and says why; no socket is left.
#  4. it never executes external programs: no exec*(), system(),
#     popen() or posix_spawn() call in milter/**/*.c, and none of those
#     among the binary's imported symbols.
# Exit 77 (skip) when not root or python3 is missing.

. "$(dirname "$0")/rig.sh"
rig_init_milter || exit $?

nobody_uid=$(id -u nobody) nobody_gid=$(id -g nobody)
sock=$RIG_TMP/run/milter.sock

# check_ids UID GID - the running daemon's uids and gids are all UID/GID
check_ids() {
    uids=$(rig_proc_status "$RIG_MILTER_PID" Uid | tr -s ' \t' ' ')
    gids=$(rig_proc_status "$RIG_MILTER_PID" Gid | tr -s ' \t' ' ')
    groups=$(rig_proc_status "$RIG_MILTER_PID" Groups)
    caps=$(rig_proc_status "$RIG_MILTER_PID" CapEff)
    [ "$uids" = "$1 $1 $1 $1" ] || rig_fail "Uid: $uids, want $1 (real, effective, saved, fs)"
    [ "$gids" = "$2 $2 $2 $2" ] || rig_fail "Gid: $gids, want $2"
    case " $groups " in *" 0 "*) rig_fail "supplementary groups include 0: $groups" ;; esac
    [ "$caps" = 0000000000000000 ] || rig_fail "effective capabilities $caps"
}
# check_socket MODE USER GROUP - the socket's permissions and owner
check_socket() {
    got=$(stat -c '%a %U %G' "$sock" 2>/dev/null)
    [ -S "$sock" ] && [ "$got" = "$1 $2 $3" ] \
	&& rig_ok "socket $1 $2:$3 as configured" \
	|| rig_fail "socket: '$got', want '$1 $2 $3'"
}

# --- 1. user = nobody, socket_mode = 0640
rig_milter_conf "unix:$sock" "socket_mode = 0640"
rig_start_milter || exit 1
check_ids "$nobody_uid" "$nobody_gid"
rig_ok "user nobody: Uid $(rig_proc_status "$RIG_MILTER_PID" Uid | tr -s ' \t' ' '), Gid $(rig_proc_status "$RIG_MILTER_PID" Gid | tr -s ' \t' ' ')"
check_socket 640 nobody "$(id -gn nobody)"
rig_stop_milter TERM
[ "$RIG_MILTER_STATUS" -eq 0 ] || rig_fail "exit status $RIG_MILTER_STATUS after SIGTERM"

# --- 2. group = postfix, socket_mode = 0660
if getent group postfix >/dev/null; then
    rig_milter_conf "unix:$sock" "group = postfix" "socket_mode = 0660"
    rig_start_milter || exit 1
    check_ids "$nobody_uid" "$(getent group postfix | cut -d: -f3)"
    check_socket 660 nobody postfix
    rig_stop_milter TERM
fi

# --- 3. no user, root, gid 0: refuse to start
for line in 'user =' 'user = ""' 'user = root' 'group = root'; do
    rm -f "$sock"
    rig_milter_conf "unix:$sock" "$line"
    timeout 30 "$RIG_MILTER" -f -c "$RIG_MILTER_CONF" > "$RIG_TMP/refuse.log" 2>&1
    status=$?
    if [ $status -eq 1 ] && grep -q 'refusing to run' "$RIG_TMP/refuse.log"; then
	rig_ok "'$line' as root: refused, \"$(grep 'refusing' "$RIG_TMP/refuse.log" | sed 's/.*error: //')\""
    else
	rig_fail "'$line' as root: exit $status: $(cat "$RIG_TMP/refuse.log")"
    fi
    [ ! -e "$sock" ] || rig_fail "'$line': a socket was created before refusing"
done

# --- 4. no external programs
calls=$(grep -nE '(^|[^_a-z0-9])(exec(l|lp|le|v|vp|vpe|ve)|fexecve|system|popen|posix_spawnp?)[[:space:]]*\(' \
    -r --include='*.c' "$RIG_SRCDIR"/milter)
[ -z "$calls" ] && rig_ok "no exec/system/popen/posix_spawn call in milter/**/*.c" \
    || rig_fail "milter/**/*.c runs programs: $calls"
if command -v nm >/dev/null 2>&1; then
    syms=$(nm -D --undefined-only "$RIG_MILTER" 2>/dev/null \
	| grep -E ' (exec[a-z]*|fexecve|system|popen|posix_spawnp?)(@|$)')
    [ -z "$syms" ] && rig_ok "the binary imports no exec/system/popen/posix_spawn" \
	|| rig_fail "the binary imports: $syms"
fi

rig_finish "least privilege"
exit $?
