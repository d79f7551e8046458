#!/bin/sh
# t-postfix.sh - regphish-milter in front of a real, private Postfix
#
# Starts, all on loopback ports chosen at random and all under one temp dir:
# smtp-sink (the next hop; -d writes each delivered message to a file),
# regphish-milter on an inet socket (as user nobody, with a copy of the
# rules), and a Postfix instance run from its own config_directory (no
# chroot, no DNS, relayhost an IP literal, maillog_file in the temp dir)
# with smtpd_milters pointing at the milter and milter_default_action =
# tempfail.  The system Postfix is never touched.
#
# Then, in order:
#  1. every tests/corpus message goes in through SMTP (swaks); each gets an
#     X-Test-Id header so it can be found again.  Checks: ham reaches the
#     sink with X-Regphish-* headers and action accept; every delivered
#     message carries the headers; tagged mail has the tagged subject;
#     every held message is phish, carries the headers and the tag;
#     some phish is held; sent = delivered + held + rejected.
#  2. SIGHUP with a broken rules file: the reload fails with file:line in
#     the log, and mail is still filtered with the old rules.
#  3. SIGKILL the milter: Postfix answers 4xx (tempfail), nothing reaches
#     the sink; restart the milter, send again: all delivered.
#  4. postsuper -H releases the held phish: everything sent and not
#     rejected is now in the sink.
# With RP_BENCH=N, N smtp-source messages also measure msgs/s through it.
# The rig (rig.sh) stops every process it started by PID on every exit path.
# Exit 77 (skip) only when Postfix, smtp-sink or swaks are not installed.

. "$(dirname "$0")/rig.sh"
rig_init || exit $?
srcdir=$RIG_SRCDIR

# --- the milter: inet socket (exercises TCP_NODELAY), privileges dropped
rig_milter_conf "inet:$RIG_MILTER_PORT@127.0.0.1"
rig_start_milter || exit 1
rig_start_sink || exit 1
rig_start_postfix "inet:127.0.0.1:$RIG_MILTER_PORT" tempfail || exit 1

# --- 1. the corpus
sent=0 rejected=0 tempfailed=0
: > "$RIG_TMP/sent.txt"
for f in "$srcdir"/tests/corpus/ham/*.eml "$srcdir"/tests/corpus/phish/*.eml; do
    id=$(basename "$(dirname "$f")")-$(basename "$f" .eml)
    code=$(rig_send "$f" "$id")
    sent=$((sent + 1))
    echo "$id $code" >> "$RIG_TMP/sent.txt"
    [ "$code" = 5 ] && rejected=$((rejected + 1))
    [ "$code" = 4 ] && tempfailed=$((tempfailed + 1))
done
rig_wait_settled || rig_fail "queue did not settle"
[ $tempfailed -eq 0 ] || rig_fail "$tempfailed messages tempfailed with the milter running"

held=0 : > "$RIG_TMP/held.txt"
for q in $(rig_held_ids); do
    postcat -c "$RIG_CFG" -q "$q" > "$RIG_TMP/held-$q.txt" 2>/dev/null
    id=$(sed -n 's/^X-Test-Id: \([^\r]*\)\r\{0,1\}$/\1/p' "$RIG_TMP/held-$q.txt" | head -1)
    echo "$id $q" >> "$RIG_TMP/held.txt"
    held=$((held + 1))
    case "$id" in phish-*) ;; *) rig_fail "$id held but is not phish" ;; esac
    grep -q "^X-Regphish-Action: quarantine" "$RIG_TMP/held-$q.txt" || rig_fail "$id held without X-Regphish-Action: quarantine"
    grep -q "^Subject: \[SUSPECTED PHISHING\]" "$RIG_TMP/held-$q.txt" || rig_fail "$id held without the subject tag"
done
ndelivered=$(ls "$RIG_SINK" | wc -l)
[ "$sent" -eq $((ndelivered + held + rejected)) ] \
    && rig_ok "nothing lost: sent $sent = delivered $ndelivered + held $held + rejected $rejected" \
    || rig_fail "sent $sent != delivered $ndelivered + held $held + rejected $rejected"

tagged=0 missed=0 rewritten=0
while read -r id code; do
    file=$(rig_delivered "$id")
    case "$id" in
    ham-*)
        [ -n "$file" ] || { rig_fail "$id (ham) not delivered (reply $code)"; continue; }
        grep -q "^X-Regphish-Action: accept" "$file" || rig_fail "$id (ham) not accepted: $(grep '^X-Regphish-Action' "$file")"
        ;;
    phish-*)
        [ -n "$file" ] || continue
        if grep -q "^X-Regphish-Action: tag" "$file"; then
            tagged=$((tagged + 1))
            grep -q "^Subject: \[SUSPECTED PHISHING\]" "$file" || rig_fail "$id tagged without the subject tag"
        else
            missed=$((missed + 1))
        fi
        ;;
    esac
    [ -z "$file" ] && continue
    grep -q "^X-Regphish-Score: " "$file" && grep -q "^X-Regphish-Symbols: " "$file" \
        || rig_fail "$id delivered without X-Regphish headers"
    grep -q "hxxp" "$file" && rewritten=$((rewritten + 1))
done < "$RIG_TMP/sent.txt"
grep -h "hxxp" "$RIG_TMP"/held-*.txt >/dev/null 2>&1 && rewritten=$((rewritten + 1))
nphish=$(grep -c '^phish-' "$RIG_TMP/sent.txt")
[ $held -gt 0 ] || rig_fail "no phish was quarantined"
[ $rewritten -gt 0 ] || rig_fail "no message had its links rewritten"
rig_ok "phish: $nphish sent, $held held, $tagged tagged, $rejected rejected, $missed not flagged"

# --- 2. SIGHUP with a broken rules file keeps the old rules
for f in "$RIG_RULES"/*; do
    printf '\n@@BROKEN@@ this line is not valid in any rules file ((\n' >> "$f"
done
kill -HUP "$RIG_MILTER_PID"
rig_wait_for grep -q "reload failed" "$RIG_MILTER_LOG" || rig_fail "no 'reload failed' logged after SIGHUP"
grep "reload failed" "$RIG_MILTER_LOG" | grep -q ":[0-9][0-9]*: " \
    || rig_fail "reload failure does not name file:line: $(grep 'reload failed' "$RIG_MILTER_LOG")"
kill -0 "$RIG_MILTER_PID" 2>/dev/null || rig_fail "milter died on a broken reload"
phish=$(head -1 "$RIG_TMP/held.txt" | cut -d' ' -f1)
for id in ham-pub-h003 "${phish:-phish-pub-p010}"; do
    f=$srcdir/tests/corpus/${id%%-*}/${id#*-}.eml
    code=$(rig_send "$f" "hup-$id")
    [ "$code" = 2 ] || rig_fail "hup-$id: reply $code after a failed reload"
done
rig_wait_settled || rig_fail "queue did not settle after reload"
file=$(rig_delivered hup-ham-pub-h003)
[ -n "$file" ] && grep -q "^X-Regphish-Action: accept" "$file" \
    || rig_fail "after a failed reload, ham is not delivered with headers"
[ "$(rig_held_ids | wc -l)" -eq $((held + 1)) ] || [ -z "$phish" ] \
    || rig_fail "after a failed reload, phish is no longer held"
cp -R "$srcdir"/rules/. "$RIG_RULES/"
kill -HUP "$RIG_MILTER_PID"
rig_wait_for grep -q "reloaded configuration and rules" "$RIG_MILTER_LOG" || rig_fail "good reload not logged"
rig_ok "SIGHUP: broken rules refused ($(grep -c 'reload failed' "$RIG_MILTER_LOG")), old rules kept, good rules reloaded"

# --- 3. kill the milter: tempfail, then restart: everything delivered
rig_stop_milter KILL
before=$(ls "$RIG_SINK" | wc -l)
for i in 1 2 3; do
    code=$(rig_send "$srcdir/tests/corpus/ham/pub-h00$i.eml" "kill-$i")
    [ "$code" = 4 ] || rig_fail "kill-$i: reply $code with the milter dead, want 4xx"
done
sleep 1
[ "$(ls "$RIG_SINK" | wc -l)" -eq "$before" ] || rig_fail "mail passed while the milter was dead"
rig_start_milter || exit 1
for i in 1 2 3; do
    code=$(rig_send "$srcdir/tests/corpus/ham/pub-h00$i.eml" "kill-$i")
    [ "$code" = 2 ] || rig_fail "kill-$i: reply $code after the restart"
done
rig_wait_settled || rig_fail "queue did not settle after the restart"
for i in 1 2 3; do
    [ -n "$(rig_delivered kill-$i)" ] || rig_fail "kill-$i not delivered after the restart"
done
rig_ok "milter killed: 3 tempfailed, after restart 3 delivered"

# --- optional: throughput through the whole rig (RP_BENCH=N messages)
if [ -n "$RP_BENCH" ] && command -v smtp-source >/dev/null 2>&1; then
    start=$(date +%s.%N)
    smtp-source -A -s 10 -m "$RP_BENCH" -l 2048 -f sender@example.org \
        -t user@example.net "127.0.0.1:$RIG_SMTP_PORT"
    end=$(date +%s.%N)
    echo "bench: $RP_BENCH messages in $(echo "$end - $start" | bc) s," \
        "$(echo "$RP_BENCH / ($end - $start)" | bc) msgs/s (10 sessions, TCP milter)"
    rig_wait_settled
    sent=$((sent + RP_BENCH))
fi

# --- 4. release the hold queue: everything not rejected is delivered
rig_release_held
rig_wait_settled || rig_fail "queue did not settle after the release"
[ -z "$(rig_held_ids)" ] || rig_fail "hold queue not empty after postsuper -H ALL"
total=$((sent + 2 + 3))
now=$(ls "$RIG_SINK" | wc -l)
[ "$now" -eq $((total - rejected)) ] \
    && rig_ok "released: $now of $total delivered, $rejected rejected" \
    || rig_fail "after release: $now delivered of $total sent, $rejected rejected"

# --- clean stop: SIGTERM drains and exits 0
rig_stop_milter TERM
[ "$RIG_MILTER_STATUS" -eq 0 ] || rig_fail "milter exit status $RIG_MILTER_STATUS after SIGTERM"
[ ! -e "$RIG_TMP/run/milter.pid" ] || rig_fail "pidfile left behind"

rig_finish "postfix end-to-end"
