#!/bin/sh
# t-sendmail.sh - regphish-milter in front of a real, private Debian Sendmail
#
# Starts, all under one temp dir and on loopback ports chosen at random
# (rig.sh): regphish-milter on a unix socket (user nobody, a copy of the
# rules, trusted_networks empty so that the test's 127.0.0.1 client is
# analysed), and Sendmail 8.17 from Debian's packages, unpacked, with a
# sendmail.cf built by m4 from conf/sendmail.mc as shipped (only the
# socket changed: INPUT_MAIL_FILTER with F=T), a private queue, aliases
# and pidfile, and a local mailer that writes one file per message.
#
# Then, in order:
#  1. every tests/corpus and tests/campaigns message goes in through SMTP
#     (swaks), each with an X-Test-Id header.  Per message: its fate
#     (delivered, quarantined, rejected) and its X-Regphish-Action agree
#     with "regphish check --json" on the same file with the same config;
#     delivered mail has X-Regphish-Score/-Action/-Symbols, tagged mail
#     the tagged subject; nothing is lost.
#  2. quarantine, Sendmail's way: smfi_quarantine leaves the message in
#     the queue as a quarantined envelope (hf file, reason in its q line);
#     "mailq -qQ" lists each with "QUARANTINE: regphish score ...", plain
#     "mailq" does not; "sendmail -qQ -Q -qIID" releases one and a queue
#     run delivers it, headers as the milter left them.
#  3. the milter stopped: F=T makes Sendmail answer 4xx; nothing queued.
# Sendmail and the milter are stopped by PID; nothing may be left running.
# Exit 77 (skip) when not root, or the packages are neither cached nor
# downloadable (outside CI; see rig.sh).

: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
. "$top_srcdir/tests/sendmail/rig.sh"
started=$(date +%s)
sm_init || exit $?
srcdir=$RIG_SRCDIR

rig_milter_conf "unix:$RIG_TMP/run/regphish.sock" 'trusted_networks = ""'
rig_start_milter || exit 1
sm_config || exit 1
sm_start || exit 1
rig_ok "sendmail $SM_PID on 127.0.0.1:$SM_PORT, sendmail.cf from conf/sendmail.mc"

# --- 1. the corpus and the campaigns, and the CLI's verdict on each file
: > "$RIG_TMP/sent.txt"
for f in "$srcdir"/tests/corpus/ham/*.eml "$srcdir"/tests/corpus/phish/*.eml \
    "$srcdir"/tests/campaigns/*.eml; do
    id=$(basename "$(dirname "$f")")-$(basename "$f" .eml)
    printf '%s\t%s\t%s\n' "$id" "$(rig_send "$f" "$id")" "$f" >> "$RIG_TMP/sent.txt"
done
sent=$(wc -l < "$RIG_TMP/sent.txt")
cut -f3 "$RIG_TMP/sent.txt" | tr '\n' '\0' | xargs -0 "$cli" check --json \
    -c "$RIG_MILTER_CONF" -r "$RIG_RULES" > "$RIG_TMP/cli.json" 2> "$RIG_TMP/cli.err"
python3 -c '
import json, sys
for line in sys.stdin:
    v = json.loads(line)
    print("%s\t%s" % (v["file"], v["action"]))
' < "$RIG_TMP/cli.json" > "$RIG_TMP/cli.txt"
[ "$(wc -l < "$RIG_TMP/cli.txt")" -eq "$sent" ] \
    || rig_fail "regphish check gave $(wc -l < "$RIG_TMP/cli.txt") verdicts for $sent files: $(head -3 "$RIG_TMP/cli.err")"
sm_wait_settled || rig_fail "sendmail's queue did not settle"

# quarantined envelopes, by test id: "ID<TAB>QUEUE-ID"
: > "$RIG_TMP/held.txt"
for q in $(sm_quarantined_ids); do
    printf '%s\t%s\n' "$(sm_header "$q" X-Test-Id)" "$q" >> "$RIG_TMP/held.txt"
done

delivered=0 held=0 rejected=0 tagged=0 bad=0
while IFS='	' read -r id code f; do
    want=$(grep -F "$f	" "$RIG_TMP/cli.txt" | head -1 | cut -f2)
    file=$(rig_delivered "$id")
    q=$(sed -n "s/^$id	//p" "$RIG_TMP/held.txt")
    case "$code" in
    5) got=reject rejected=$((rejected + 1)) ;;
    2)
	if [ -n "$file" ]; then
	    got=$(sed -n 's/^X-Regphish-Action: \([a-z]*\).*/\1/p' "$file" | head -1)
	    delivered=$((delivered + 1))
	    grep -q "^X-Regphish-Score: " "$file" && grep -q "^X-Regphish-Symbols: " "$file" \
		|| { rig_fail "$id delivered without X-Regphish-Score/-Symbols"; bad=$((bad + 1)); }
	    [ "$got" = quarantine ] && { rig_fail "$id delivered, marked quarantine"; bad=$((bad + 1)); }
	    if [ "$got" = tag ]; then
		tagged=$((tagged + 1))
		grep -q "^Subject: \[SUSPECTED PHISHING\]" "$file" \
		    || { rig_fail "$id tagged without the subject tag"; bad=$((bad + 1)); }
	    fi
	elif [ -n "$q" ]; then
	    got=$(sm_header "$q" X-Regphish-Action)
	    held=$((held + 1))
	    [ "$got" = quarantine ] || { rig_fail "$id quarantined, marked '$got'"; bad=$((bad + 1)); }
	    grep -q "^qregphish score [0-9.]*: [A-Z]" "$SM_QUEUE/hf$q" \
		|| { rig_fail "$id: $q has no quarantine reason"; bad=$((bad + 1)); }
	    # the queue id reached the milter (conf/sendmail.mc's macro lists)
	    grep -q ": $q: .*action=quarantine" "$RIG_MILTER_LOG" \
		|| { rig_fail "$id: the milter's log has no line for queue id $q"; bad=$((bad + 1)); }
	else
	    got="lost"
	fi
	;;
    *) got="reply-$code" ;;
    esac
    if [ "$got" != "$want" ]; then
	rig_fail "$id: through Sendmail $got, regphish check says '$want'"
	bad=$((bad + 1))
    fi
done < "$RIG_TMP/sent.txt"
[ "$bad" -eq 0 ] && rig_ok "$sent messages: Sendmail's verdict headers and fate agree with regphish check --json"
[ "$sent" -eq $((delivered + held + rejected)) ] \
    && rig_ok "nothing lost: sent $sent = delivered $delivered + quarantined $held + rejected $rejected" \
    || rig_fail "sent $sent != delivered $delivered + quarantined $held + rejected $rejected"
[ "$held" -gt 0 ] || rig_fail "no message was quarantined"
[ "$tagged" -gt 0 ] || rig_fail "no message was tagged"
missing=0
for id in $(grep '^ham-' "$RIG_TMP/sent.txt" | cut -f1); do
    [ -n "$(rig_delivered "$id")" ] || missing=$((missing + 1))
done
[ "$missing" -eq 0 ] && rig_ok "every ham message delivered" || rig_fail "$missing ham messages not delivered"
grep -q 'skipped: client' "$RIG_MILTER_LOG" \
    && rig_fail "the milter skipped the test's client: $(grep -m1 'skipped: client' "$RIG_MILTER_LOG")"

# --- 2. Sendmail's quarantine: listed by mailq -qQ with the reason, not by mailq
sm_cmd -bp -qQ > "$RIG_TMP/mailq-qQ.txt" 2>&1
sm_cmd -bp > "$RIG_TMP/mailq.txt" 2>&1
listed=0
while IFS='	' read -r id q; do
    grep -q "^$q " "$RIG_TMP/mailq-qQ.txt" && listed=$((listed + 1))
    grep -q "^$q" "$RIG_TMP/mailq.txt" && rig_fail "$q ($id) in the plain mailq listing"
done < "$RIG_TMP/held.txt"
reasons=$(grep -c "QUARANTINE: regphish score" "$RIG_TMP/mailq-qQ.txt")
[ "$listed" -eq "$held" ] && [ "$reasons" -eq "$held" ] \
    && rig_ok "mailq -qQ lists the $held quarantined with their reason; mailq does not" \
    || { rig_fail "mailq -qQ lists $listed of $held quarantined, $reasons reasons"; sed 's/^/    /' "$RIG_TMP/mailq-qQ.txt" | head -20; }

# release one: an empty -Q reason lifts the quarantine, a queue run delivers
delivered_id() { [ -n "$(rig_delivered "$1")" ]; }
read -r id q < "$RIG_TMP/held.txt"
if [ -n "$q" ]; then
    sm_cmd -qQ -Q -qI"$q" > "$RIG_TMP/release.txt" 2>&1
    [ ! -e "$SM_QUEUE/hf$q" ] && [ -e "$SM_QUEUE/qf$q" ] \
	&& rig_ok "sendmail -qQ -Q -qI$q: quarantine lifted (hf -> qf)" \
	|| rig_fail "sendmail -qQ -Q -qI$q did not release it: $(cat "$RIG_TMP/release.txt")"
    sm_cmd -q -qI"$q" > "$RIG_TMP/run.txt" 2>&1
    if rig_wait_for delivered_id "$id"; then
	grep -q "^X-Regphish-Action: quarantine" "$(rig_delivered "$id")" \
	    && rig_ok "released $q ($id) delivered with X-Regphish-Action: quarantine" \
	    || rig_fail "released $id delivered without its verdict header"
    else
	rig_fail "released $q ($id) not delivered by sendmail -q -qI$q"
    fi
fi

# --- 3. the milter stopped: F=T tempfails, nothing is queued or delivered
rig_stop_milter TERM
[ "$RIG_MILTER_STATUS" -eq 0 ] || rig_fail "milter exit status $RIG_MILTER_STATUS after SIGTERM"
before=$(find "$SM_QUEUE" -type f | wc -l)
code=$(rig_send "$srcdir/tests/corpus/ham/pub-h001.eml" milter-down)
[ "$code" = 4 ] && rig_ok "milter stopped: Sendmail answers 4xx (F=T)" \
    || rig_fail "milter stopped: reply class $code, want 4 (F=T)"
sm_wait_settled
[ -z "$(rig_delivered milter-down)" ] && [ "$(find "$SM_QUEUE" -type f | wc -l)" -eq "$before" ] \
    && rig_ok "milter stopped: nothing delivered or queued" \
    || rig_fail "milter stopped: mail was delivered or queued"

# --- the end: stopped by PID, nothing left running
pid=$SM_PID
sm_stop
left=$(sm_running)
[ -z "$left" ] && ! kill -0 "$pid" 2>/dev/null \
    && rig_ok "sendmail $pid stopped, nothing left running" \
    || rig_fail "still running after the stop: $left"
echo "t-sendmail: ran in $(( $(date +%s) - started )) s"
rig_finish t-sendmail
