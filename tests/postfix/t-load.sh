#!/bin/sh
# t-load.sh - regphish-milter under load behind a real, private Postfix
#
# Through the rig (rig.sh): the milter on a unix socket (user nobody,
# group postfix, socket_mode 0660, so Postfix's smtpd can connect and
# nobody else), milter_default_action = tempfail.  A warm-up batch first
# (thread stacks, GMime and ICU caches, malloc arenas), then the load:
# $RP_LOAD_MESSAGES (default 5000: about 20 s at 300 msgs/s on 2 busy cores;
# the issue's full run is RP_LOAD_MESSAGES=20000) corpus messages, ham
# and phish mixed, over $RP_LOAD_SESSIONS (default 32) concurrent SMTP
# sessions (rig.py send: smtp-source cannot vary the message nor report
# each reply).  Checks:
#  - no message tempfailed or lost its connection (the milter kept up);
#  - sent = delivered + held + rejected, each message exactly once
#    (none lost, none duplicated), rejections agree with Postfix's log;
#  - every delivered and every held message carries X-Regphish-Score,
#    -Symbols and -Action;
#  - RSS flat: the milter's VmRSS at the end is at most 10% + 4 MB above
#    its VmRSS when half the load was through (after the warm-up, the
#    steady state is reached; a leak of even 200 bytes a message would
#    show at 20,000 messages);
#  - no descriptor leaked: /proc/PID/fd counts the same idle before the
#    load and idle after it.
# Prints the figures: msgs/s, RSS at the half and the end, fds.
# Exit 77 (skip) when Postfix, smtp-sink or swaks are not installed.

. "$(dirname "$0")/rig.sh"
rig_init || exit $?
messages=${RP_LOAD_MESSAGES:-5000}
sessions=${RP_LOAD_SESSIONS:-32}
warmup=200
set -- "$RIG_SRCDIR"/tests/corpus/ham/*.eml "$RIG_SRCDIR"/tests/corpus/phish/*.eml

sock=$RIG_TMP/run/milter.sock
rig_milter_conf "unix:$sock" "group = postfix" "socket_mode = 0660"
rig_start_milter || exit 1
rig_start_sink || exit 1
rig_start_postfix "unix:$sock" tempfail || exit 1
pid=$RIG_MILTER_PID

# processed - messages through so far (delivered or held)
processed() { echo $(( $(rig_count_delivered) + $(rig_count_held) )); }
# fds_idle - wait until the fd count is back to $1 (connections closing)
fds_idle() { [ "$(rig_fd_count "$pid")" -le "$1" ]; }

summary=$(rig_load warm "$warmup" "$sessions" 0 "$@")
rig_wait_settled 60 || rig_fail "queue did not settle after the warm-up"
[ "$(rig_field "$summary" ok)" -eq "$warmup" ] || rig_fail "warm-up: $summary"
sleep 1
fds_before=$(rig_fd_count "$pid")
base=$(processed)

# --- the load, in the background; sample RSS when half of it is through
rig_load load "$messages" "$sessions" 0 "$@" > "$RIG_TMP/load.out" &
load_pid=$!
rig_track $load_pid
half=$((base + messages / 2))
RIG_WAIT=600
rig_wait_for eval '[ "$(processed)" -ge $half ] || ! kill -0 $load_pid 2>/dev/null'
RIG_WAIT=20
rss_half=$(rig_rss_kb "$pid")
fds_half=$(rig_fd_count "$pid")
wait $load_pid; rig_untrack $load_pid
summary=$(cat "$RIG_TMP/load.out")
rig_wait_settled 120 || rig_fail "queue did not settle after the load"
rss_end=$(rig_rss_kb "$pid")
rig_wait_for fds_idle "$fds_before"
fds_after=$(rig_fd_count "$pid")
echo "load: $summary"

# --- accounting
tsv=$RIG_TMP/load-load.tsv
sent=$(wc -l < "$tsv")
ok=$(rig_field "$summary" ok) rejected=$(rig_field "$summary" reject)
[ "$sent" -eq "$messages" ] || rig_fail "only $sent of $messages messages were sent"
[ "$(rig_field "$summary" tempfail)" -eq 0 ] && [ "$(rig_field "$summary" noreply)" -eq 0 ] \
    || rig_fail "tempfails or dropped sessions under load: $summary"
rig_scan_delivered | grep '^load-' > "$RIG_TMP/delivered.tsv"
rig_scan_held | grep '^load-' > "$RIG_TMP/held.tsv"
delivered=$(wc -l < "$RIG_TMP/delivered.tsv") held=$(wc -l < "$RIG_TMP/held.tsv")
[ "$sent" -eq $((delivered + held + rejected)) ] \
    && rig_ok "nothing lost: sent $sent = delivered $delivered + held $held + rejected $rejected" \
    || rig_fail "sent $sent != delivered $delivered + held $held + rejected $rejected"
[ "$(rig_count_rejected)" -eq "$rejected" ] \
    || rig_fail "Postfix logged $(rig_count_rejected) rejections, the client saw $rejected"
cut -f1 "$RIG_TMP/delivered.tsv" "$RIG_TMP/held.tsv" | sort > "$RIG_TMP/got"
dups=$(uniq -d "$RIG_TMP/got" | wc -l)
missing=$(awk -F'\t' '$2 == 2 { print $1 }' "$tsv" | sort | comm -23 - "$RIG_TMP/got" | wc -l)
[ "$dups" -eq 0 ] && [ "$missing" -eq 0 ] \
    && rig_ok "each accepted message arrived exactly once" \
    || rig_fail "$missing accepted messages missing, $dups duplicated"
noheaders=$(cat "$RIG_TMP/delivered.tsv" "$RIG_TMP/held.tsv" | awk -F'\t' '$3 != 1 || $2 == "-"' | wc -l)
[ "$noheaders" -eq 0 ] \
    && rig_ok "every delivered and held message carries X-Regphish-* headers" \
    || rig_fail "$noheaders messages without X-Regphish-* headers"
[ "$(awk -F'\t' '$2 != "quarantine"' "$RIG_TMP/held.tsv" | wc -l)" -eq 0 ] \
    || rig_fail "held messages whose action is not quarantine"

# --- resources
limit=$((rss_half + rss_half / 10 + 4096))
[ "$rss_end" -le "$limit" ] \
    && rig_ok "RSS flat: ${rss_half} kB at half, ${rss_end} kB at the end (limit $limit kB)" \
    || rig_fail "RSS grew: ${rss_half} kB at half, ${rss_end} kB at the end (limit $limit kB)"
[ "$fds_after" -eq "$fds_before" ] \
    && rig_ok "no fd leaked: $fds_before idle before, $fds_half at half, $fds_after idle after" \
    || rig_fail "fds: $fds_before idle before, $fds_after idle after"
echo "figures: $messages msgs, $sessions sessions, $(rig_field "$summary" rate) msgs/s;" \
    "RSS ${rss_half} kB at half, ${rss_end} kB at end; fds $fds_before/$fds_half/$fds_after"

rig_stop_milter TERM
[ "$RIG_MILTER_STATUS" -eq 0 ] || rig_fail "milter exit status $RIG_MILTER_STATUS after SIGTERM"
rig_finish "postfix load"
exit $?
