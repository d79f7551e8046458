#!/bin/sh
# t-faults.sh - regphish-milter killed, reloaded and crowded out under load
#
# Through the rig (rig.sh): a private Postfix with the milter on a unix
# socket (user nobody, group postfix, mode 0660), milter_default_action =
# tempfail, 32 concurrent SMTP sessions (rig.py send).  First a baseline:
# every corpus message once, to learn each one's X-Regphish-Action.  Then:
#  1. SIGKILL mid-load, then restart (the killed daemon leaves its socket
#     file behind: the new one must replace the stale file).  The load's
#     client retries a tempfailed message like an MTA queue would.
#     Checks: Postfix answered 4xx while the milter was dead (client and
#     log agree), no 5xx, no message left unaccepted in the end, every
#     accepted message delivered or held exactly once (duplicates are
#     counted and reported; only a retry after a lost reply may make
#     one), every one with X-Regphish-* headers and its baseline action.
#  2. SIGHUP storm: 500 SIGHUPs at random intervals of 0 to 10 ms during
#     a load, with one reload of a broken rules file in the middle, then
#     3 s of back-to-back SIGHUPs (a SIGHUP that reached libmilter's own
#     signal thread would stop the filter: see milter/daemon/mlt_signal.c).
#     Checks: no tempfail, no lost session, every message analysed with
#     its baseline action (the broken reload changed nothing), the failure
#     logged with file:line, the daemon still the same process, alive,
#     and no stop logged.
#  3. The socket held by another process at start: a second daemon on
#     the first one's unix socket, and a daemon on an inet port some
#     other program listens on, each exit non-zero with a clear message;
#     the first daemon keeps its socket and keeps filtering.
# $RP_FAULT_MESSAGES (default 2000) sizes load 1; load 2 is twice that.
# Exit 77 (skip) when Postfix, smtp-sink or swaks are not installed.

. "$(dirname "$0")/rig.sh"
rig_init || exit $?
messages=${RP_FAULT_MESSAGES:-2000}
sessions=32
set -- "$RIG_SRCDIR"/tests/corpus/ham/*.eml "$RIG_SRCDIR"/tests/corpus/phish/*.eml
nfiles=$#

sock=$RIG_TMP/run/milter.sock
rig_milter_conf "unix:$sock" "group = postfix" "socket_mode = 0660"
rig_start_milter || exit 1
rig_start_sink || exit 1
rig_start_postfix "unix:$sock" tempfail || exit 1

# processed - messages through so far (delivered or held)
processed() { echo $(( $(rig_count_delivered) + $(rig_count_held) )); }
# load_through N - the background load is done, or N messages are through
load_through() { [ "$(processed)" -ge "$1" ] || ! kill -0 "$load_pid" 2>/dev/null; }

# check_load PREFIX SUMMARY - account for a load: each accepted message
#	delivered or held once, with headers and its baseline action.
#	Sets dups.
check_load() {
    _tsv=$RIG_TMP/load-$1.tsv
    rig_scan_delivered | grep "^$1-" > "$RIG_TMP/$1-delivered.tsv"
    rig_scan_held | grep "^$1-" > "$RIG_TMP/$1-held.tsv"
    cat "$RIG_TMP/$1-delivered.tsv" "$RIG_TMP/$1-held.tsv" > "$RIG_TMP/$1-got.tsv"
    _sent=$(wc -l < "$_tsv")
    _del=$(wc -l < "$RIG_TMP/$1-delivered.tsv") _held=$(wc -l < "$RIG_TMP/$1-held.tsv")
    _rej=$(rig_field "$2" reject)
    cut -f1 "$RIG_TMP/$1-got.tsv" | sort > "$RIG_TMP/$1-ids"
    dups=$(uniq -d "$RIG_TMP/$1-ids" | wc -l)
    _missing=$(awk -F'\t' '$2 == 2 { print $1 }' "$_tsv" | sort | comm -23 - "$RIG_TMP/$1-ids" | wc -l)
    _unique=$(uniq "$RIG_TMP/$1-ids" | wc -l)
    [ "$_sent" -eq "$messages" ] || rig_fail "$1: only $_sent of $messages messages were sent"
    [ "$_sent" -eq $((_unique + _rej)) ] && [ "$_missing" -eq 0 ] \
	&& rig_ok "$1: nothing lost: sent $_sent = delivered $_del + held $_held + rejected $_rej - duplicates $dups" \
	|| rig_fail "$1: sent $_sent, delivered $_del, held $_held, rejected $_rej, $_missing accepted but missing, $dups duplicated"
    _bad=$(awk -F'\t' '$3 != 1 || $2 == "-"' "$RIG_TMP/$1-got.tsv" | wc -l)
    [ "$_bad" -eq 0 ] || rig_fail "$1: $_bad messages without X-Regphish-* headers"
    # message PREFIX-i is corpus file i mod nfiles, like base-(i mod nfiles)
    _changed=$(awk -F'\t' -v n="$nfiles" -v p="$1-" '
	NR == FNR { want[$1] = $2; next }
	{ i = substr($1, length(p) + 1) % n; if (want["base-" i] != $2) print }
	' "$RIG_TMP/base-got.tsv" "$RIG_TMP/$1-got.tsv" | wc -l)
    [ "$_changed" -eq 0 ] \
	&& rig_ok "$1: every message analysed, each with its baseline action" \
	|| rig_fail "$1: $_changed messages got another action than in the baseline"
}

# --- baseline: each corpus message once
summary=$(rig_load base "$nfiles" "$sessions" 0 "$@")
rig_wait_settled 60 || rig_fail "queue did not settle after the baseline"
rig_scan_delivered | grep '^base-' > "$RIG_TMP/base-got.tsv"
rig_scan_held | grep '^base-' >> "$RIG_TMP/base-got.tsv"
[ "$(rig_field "$summary" ok)" -eq "$nfiles" ] && [ "$(wc -l < "$RIG_TMP/base-got.tsv")" -eq "$nfiles" ] \
    || rig_fail "baseline: $summary, $(wc -l < "$RIG_TMP/base-got.tsv") arrived"

# --- 1. SIGKILL mid-load, restart
start=$(date +%s)
base=$(processed)
rig_load kill "$messages" "$sessions" 300 "$@" > "$RIG_TMP/kill.out" &
load_pid=$!; rig_track $load_pid
RIG_WAIT=300; rig_wait_for load_through $((base + messages / 4)); RIG_WAIT=20
tf_before=$(rig_count_tempfailed)
rig_stop_milter KILL
[ -S "$sock" ] || rig_fail "no stale socket left by the killed milter (test premise)"
sleep 2
dead_through=$(processed)
rig_start_milter || exit 1
wait $load_pid; rig_untrack $load_pid
summary=$(cat "$RIG_TMP/kill.out")
echo "kill load: $summary"
rig_wait_settled 120 || rig_fail "queue did not settle after the kill load"
tf_log=$(( $(rig_count_tempfailed) - tf_before ))
[ "$(rig_field "$summary" tempfail_replies)" -gt 0 ] && [ "$tf_log" -gt 0 ] \
    && rig_ok "milter dead: Postfix tempfailed ($tf_log in its log, client saw $(rig_field "$summary" tempfail_replies) 4xx/lost replies)" \
    || rig_fail "no tempfail while the milter was dead: log $tf_log, client $summary"
[ "$(rig_field "$summary" ok)" -eq "$messages" ] \
    || rig_fail "after the restart not every message was accepted: $summary"
check_load kill "$summary"
dropped=$(rig_field "$summary" dropped)
[ "$dups" -le "$dropped" ] \
    && rig_ok "kill: $dups duplicates (SMTP retries after a lost reply: $dropped)" \
    || rig_fail "kill: $dups duplicates but only $dropped retries after a lost reply"
echo "kill figures: $messages msgs in $(( $(date +%s) - start )) s, $(rig_field "$summary" tempfail_replies) tempfail replies," \
    "$((dead_through - base)) through before the restart, $dups duplicates"

# --- 2. SIGHUP storm with one broken reload, during load
messages=$((messages * 2))
reloads_before=$(grep -c 'reloaded configuration and rules' "$RIG_MILTER_LOG")
failed_before=$(grep -c 'reload failed' "$RIG_MILTER_LOG")
stops_before=$(grep -c 'stopp' "$RIG_MILTER_LOG")
pid=$RIG_MILTER_PID
base=$(processed)
rig_load hup "$messages" "$sessions" 0 "$@" > "$RIG_TMP/hup.out" &
load_pid=$!; rig_track $load_pid
RIG_WAIT=300; rig_wait_for load_through $((base + 200)); RIG_WAIT=20
# storm N - N SIGHUPs at random intervals of 0 to 10 ms, one in five
#	back to back: some land while a reload runs, some while the signal
#	thread is busy handing the last one on, some while none is pending
storm() {
    python3 -c '
import os, random, signal, sys, time
pid, n = int(sys.argv[1]), int(sys.argv[2])
for i in range(n):
    os.kill(pid, signal.SIGHUP)
    if random.random() > 0.2:
        time.sleep(random.uniform(0, 0.01))
' "$pid" "$1"
}
# flood SECONDS - back-to-back SIGHUPs for that long (a million or so)
flood() {
    python3 -c '
import os, signal, sys, time
pid, end = int(sys.argv[1]), time.time() + float(sys.argv[2])
while time.time() < end:
    os.kill(pid, signal.SIGHUP)
' "$pid" "$1"
}
storm 250
victim=symbols.conf	# a rules file every reload reads
cp "$RIG_RULES/$victim" "$RIG_TMP/victim.saved"
printf '\n@@BROKEN@@ this line is not valid in any rules file ((\n' >> "$RIG_RULES/$victim"
kill -HUP "$pid"
rig_wait_for eval '[ "$(grep -c "reload failed" "$RIG_MILTER_LOG")" -gt '"$failed_before"' ]' \
    || rig_fail "no 'reload failed' logged for the broken rules file"
cp "$RIG_TMP/victim.saved" "$RIG_RULES/$victim"
storm 250
flood 3
kill -0 "$load_pid" 2>/dev/null \
    || rig_fail "the load ended before the storm did (raise RP_FAULT_MESSAGES)"
wait $load_pid; rig_untrack $load_pid
summary=$(cat "$RIG_TMP/hup.out")
echo "hup load: $summary"
rig_wait_settled 120 || rig_fail "queue did not settle after the storm"
[ "$(rig_field "$summary" tempfail_replies)" -eq 0 ] && [ "$(rig_field "$summary" reject)" -eq 0 ] \
    || rig_fail "tempfails or rejections during the storm: $summary"
check_load hup "$summary"
[ "$dups" -eq 0 ] || rig_fail "hup: $dups duplicates without any retry"
[ "$RIG_MILTER_PID" = "$pid" ] && kill -0 "$pid" 2>/dev/null \
    && [ "$(grep -c 'stopp' "$RIG_MILTER_LOG")" -eq "$stops_before" ] \
    && rig_ok "the milter lived through the storm: same process ($pid), never stopping" \
    || rig_fail "the milter stopped or died in the storm: $(grep 'stopp' "$RIG_MILTER_LOG" | tail -2)"
line=$(grep 'reload failed' "$RIG_MILTER_LOG" | tail -1)
echo "$line" | grep -q "$victim:[0-9][0-9]*: " \
    && rig_ok "broken reload logged with file:line: ${line#*reload failed}" \
    || rig_fail "broken reload does not name $victim:line: $line"
reloads=$(( $(grep -c 'reloaded configuration and rules' "$RIG_MILTER_LOG") - reloads_before ))
[ "$reloads" -gt 0 ] || rig_fail "no reload logged during the storm"
rig_ok "storm: 500 SIGHUPs + 1 broken + a 3 s flood, $reloads reloads done (signals pending during a reload coalesce)"

# --- 3. the socket held by another process at start
# start_refused WHAT SOCKET PATTERN - a second daemon must exit non-zero
#	and say PATTERN on stderr
start_refused() {
    timeout 30 "$RIG_MILTER" -f -c "$RIG_MILTER_CONF" -p "$2" > "$RIG_TMP/second.log" 2>&1
    _st=$?
    if [ $_st -ne 0 ] && [ $_st -ne 124 ] && grep -q "$3" "$RIG_TMP/second.log"; then
	rig_ok "$1: exit $_st, \"$(grep "$3" "$RIG_TMP/second.log" | head -1 | sed 's/.*: error: //')\""
    else
	rig_fail "$1: exit $_st, $(cat "$RIG_TMP/second.log")"
    fi
}
start_refused "unix socket held by the running milter" "unix:$sock" "in use by another process"
python3 -c '
import socket, sys, time
s = socket.socket(); s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(1); time.sleep(60)
' "$RIG_MILTER_PORT" &
holder=$!; rig_track $holder
rig_wait_for rig_port_open "$RIG_MILTER_PORT"
start_refused "inet port held by another program" "inet:$RIG_MILTER_PORT@127.0.0.1" "in use by another process"
kill -TERM $holder; wait $holder 2>/dev/null; rig_untrack $holder
: > "$RIG_TMP/not-a-socket"
start_refused "socket path that is a plain file" "unix:$RIG_TMP/not-a-socket" "is not a socket"
[ -f "$RIG_TMP/not-a-socket" ] || rig_fail "the plain file in the socket's place was removed"
code=$(rig_send "$RIG_SRCDIR/tests/corpus/ham/pub-h001.eml" after-second)
rig_wait_settled || rig_fail "queue did not settle after the second daemons"
file=$(rig_delivered after-second)
[ "$code" = 2 ] && [ -n "$file" ] && grep -q '^X-Regphish-Action: ' "$file" \
    && rig_ok "the first milter kept its socket and filters on" \
    || rig_fail "after the second daemons: reply $code, delivered '$file'"

rig_stop_milter TERM
[ "$RIG_MILTER_STATUS" -eq 0 ] || rig_fail "milter exit status $RIG_MILTER_STATUS after SIGTERM"
rig_finish "postfix faults"
exit $?
