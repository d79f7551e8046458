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
# Every process started here is stopped by PID on every exit path.
# Exit 77 (skip) only when Postfix, smtp-sink or swaks are not installed.

srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
builddir=${top_builddir:-$srcdir}
milter=${RP_MILTER:-$builddir/milter/regphish-milter}
PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH

for tool in postfix postconf postqueue postsuper postcat smtp-sink swaks python3; do
    if ! command -v $tool >/dev/null 2>&1; then
        echo "SKIP: $tool not installed (Debian packages postfix, swaks, python3)"
        exit 77
    fi
done
if [ "$(id -u)" -ne 0 ]; then
    echo "SKIP: a private Postfix instance must be started as root"
    exit 77
fi
if [ ! -x "$milter" ]; then
    echo "FAIL: $milter not built"
    exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/rp-postfix.XXXXXX") || exit 1
chmod 755 "$tmp"
cfg=$tmp/etc
sink_pid="" milter_pid="" postfix_started=""
failures=0

cleanup() {
    if [ -n "$postfix_started" ]; then
        postfix -c "$cfg" stop >/dev/null 2>&1
        master=$(head -1 "$tmp/spool/pid/master.pid" 2>/dev/null | tr -d ' ')
        [ -n "$master" ] && kill -TERM "$master" 2>/dev/null
    fi
    [ -n "$milter_pid" ] && kill -KILL "$milter_pid" 2>/dev/null && wait "$milter_pid" 2>/dev/null
    [ -n "$sink_pid" ] && kill -TERM "$sink_pid" 2>/dev/null && wait "$sink_pid" 2>/dev/null
    if [ "$failures" -ne 0 ] || [ -n "$RP_KEEP" ]; then
        echo "--- milter log"; tail -40 "$tmp/milter.log" 2>/dev/null
        echo "--- postfix log"; tail -40 "$tmp/maillog" 2>/dev/null
    fi
    [ -n "$RP_KEEP" ] || rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }
free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
# wait_for COMMAND... - retry for up to 20 s
wait_for() {
    i=0
    until "$@"; do
        i=$((i + 1)); [ $i -ge 200 ] && return 1; sleep 0.1
    done
}
port_open() {
    python3 -c "import socket,sys; s=socket.socket(); sys.exit(s.connect_ex(('127.0.0.1', $1)))"
}

smtp_port=$(free_port) sink_port=$(free_port) milter_port=$(free_port)
mkdir -p "$cfg" "$tmp/spool" "$tmp/data" "$tmp/sink" "$tmp/rules" "$tmp/run"
chown nobody "$tmp/run"		# like systemd's RuntimeDirectory
chown postfix "$tmp/data"
chmod 777 "$tmp/sink"
cp "$srcdir"/rules/* "$tmp/rules/"
chmod -R a+rX "$tmp/rules"

# --- the milter: inet socket (exercises TCP_NODELAY), privileges dropped
cat > "$tmp/regphish.conf" <<CONF
rules_dir = $tmp/rules
local_rules_dir = $tmp/rules.d
socket = inet:$milter_port@127.0.0.1
user = nobody
pidfile = $tmp/run/milter.pid
trusted_networks = 192.0.2.0/24
rewrite = yes
CONF
chmod 644 "$tmp/regphish.conf"
start_milter() {
    "$milter" -f -c "$tmp/regphish.conf" >> "$tmp/milter.log" 2>&1 &
    milter_pid=$!
    wait_for port_open "$milter_port" || { fail "milter did not start"; exit 1; }
}
start_milter

# --- the next hop
smtp-sink -u postfix -d "$tmp/sink/%H%M%S." "127.0.0.1:$sink_port" 100 > "$tmp/sink.log" 2>&1 &
sink_pid=$!
wait_for port_open "$sink_port" || { fail "smtp-sink did not start"; exit 1; }

# --- the private Postfix
cat > "$cfg/main.cf" <<CONF
compatibility_level = 3.6
queue_directory = $tmp/spool
data_directory = $tmp/data
mail_owner = postfix
setgid_group = postdrop
maillog_file = $tmp/maillog
maillog_file_prefixes = $tmp
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
myhostname = mx.regphish.test
mydestination =
mynetworks = 127.0.0.0/8
relayhost = [127.0.0.1]:$sink_port
smtp_dns_support_level = disabled
smtp_tls_security_level = none
smtpd_tls_security_level = none
alias_maps =
alias_database =
local_recipient_maps =
in_flow_delay = 0
smtputf8_enable = no
biff = no
smtpd_milters = inet:127.0.0.1:$milter_port
non_smtpd_milters = \$smtpd_milters
milter_default_action = tempfail
milter_protocol = 6
milter_connect_timeout = 5s
milter_macro_defaults = {auth_authen}=
CONF
cat > "$cfg/master.cf" <<CONF
127.0.0.1:$smtp_port inet n - n - - smtpd
pickup    unix  n - n 60 1 pickup
cleanup   unix  n - n - 0 cleanup
qmgr      unix  n - n 300 1 qmgr
rewrite   unix  - - n - - trivial-rewrite
bounce    unix  - - n - 0 bounce
defer     unix  - - n - 0 bounce
trace     unix  - - n - 0 bounce
verify    unix  - - n - 1 verify
flush     unix  n - n 1000? 0 flush
proxymap  unix  - - n - - proxymap
smtp      unix  - - n - - smtp
relay     unix  - - n - - smtp
showq     unix  n - n - - showq
error     unix  - - n - - error
retry     unix  - - n - - error
discard   unix  - - n - - discard
anvil     unix  - - n - 1 anvil
scache    unix  - - n - 1 scache
postlog   unix-dgram n - n - 1 postlogd
CONF
if ! postfix -c "$cfg" start > "$tmp/postfix-start.log" 2>&1; then
    cat "$tmp/postfix-start.log"; fail "postfix did not start"; exit 1
fi
postfix_started=1
wait_for port_open "$smtp_port" || { fail "postfix smtpd not listening"; exit 1; }

# send FILE ID - one message through SMTP; prints 2, 4 or 5 (reply class)
send() {
    { printf 'X-Test-Id: %s\r\n' "$2"; cat "$1"; } > "$tmp/msg.eml"
    out=$(swaks --server 127.0.0.1 --port "$smtp_port" --from sender@example.org \
        --to user@example.net --data "$tmp/msg.eml" 2>&1)
    case "$out" in
    *"<** 4"*|*"<~* 4"*) echo 4 ;;
    *"<** 5"*) echo 5 ;;
    *) echo 2 ;;
    esac
}

# queue_settled - nothing left but the hold queue
queue_settled() {
    [ -z "$(postqueue -c "$cfg" -j 2>/dev/null | grep -v '"queue_name": "hold"')" ]
}
delivered() { grep -l "^X-Test-Id: $1\r\?$" "$tmp"/sink/* 2>/dev/null | head -1; }
held_ids() {
    postqueue -c "$cfg" -j | python3 -c '
import json, sys
for line in sys.stdin:
    q = json.loads(line)
    if q["queue_name"] == "hold": print(q["queue_id"])'
}

# --- 1. the corpus
sent=0 rejected=0 tempfailed=0
: > "$tmp/sent.txt"
for f in "$srcdir"/tests/corpus/ham/*.eml "$srcdir"/tests/corpus/phish/*.eml; do
    id=$(basename "$(dirname "$f")")-$(basename "$f" .eml)
    code=$(send "$f" "$id")
    sent=$((sent + 1))
    echo "$id $code" >> "$tmp/sent.txt"
    [ "$code" = 5 ] && rejected=$((rejected + 1))
    [ "$code" = 4 ] && tempfailed=$((tempfailed + 1))
done
wait_for queue_settled || fail "queue did not settle"
[ $tempfailed -eq 0 ] || fail "$tempfailed messages tempfailed with the milter running"

held=0 : > "$tmp/held.txt"
for q in $(held_ids); do
    postcat -c "$cfg" -q "$q" > "$tmp/held-$q.txt" 2>/dev/null
    id=$(sed -n 's/^X-Test-Id: \([^\r]*\)\r\{0,1\}$/\1/p' "$tmp/held-$q.txt" | head -1)
    echo "$id $q" >> "$tmp/held.txt"
    held=$((held + 1))
    case "$id" in phish-*) ;; *) fail "$id held but is not phish" ;; esac
    grep -q "^X-Regphish-Action: quarantine" "$tmp/held-$q.txt" || fail "$id held without X-Regphish-Action: quarantine"
    grep -q "^Subject: \[SUSPECTED PHISHING\]" "$tmp/held-$q.txt" || fail "$id held without the subject tag"
done
ndelivered=$(ls "$tmp/sink" | wc -l)
[ "$sent" -eq $((ndelivered + held + rejected)) ] \
    && ok "nothing lost: sent $sent = delivered $ndelivered + held $held + rejected $rejected" \
    || fail "sent $sent != delivered $ndelivered + held $held + rejected $rejected"

tagged=0 missed=0 rewritten=0
while read -r id code; do
    file=$(delivered "$id")
    case "$id" in
    ham-*)
        [ -n "$file" ] || { fail "$id (ham) not delivered (reply $code)"; continue; }
        grep -q "^X-Regphish-Action: accept" "$file" || fail "$id (ham) not accepted: $(grep '^X-Regphish-Action' "$file")"
        ;;
    phish-*)
        [ -n "$file" ] || continue
        if grep -q "^X-Regphish-Action: tag" "$file"; then
            tagged=$((tagged + 1))
            grep -q "^Subject: \[SUSPECTED PHISHING\]" "$file" || fail "$id tagged without the subject tag"
        else
            missed=$((missed + 1))
        fi
        ;;
    esac
    [ -z "$file" ] && continue
    grep -q "^X-Regphish-Score: " "$file" && grep -q "^X-Regphish-Symbols: " "$file" \
        || fail "$id delivered without X-Regphish headers"
    grep -q "hxxp" "$file" && rewritten=$((rewritten + 1))
done < "$tmp/sent.txt"
grep -h "hxxp" "$tmp"/held-*.txt >/dev/null 2>&1 && rewritten=$((rewritten + 1))
nphish=$(grep -c '^phish-' "$tmp/sent.txt")
[ $held -gt 0 ] || fail "no phish was quarantined"
[ $rewritten -gt 0 ] || fail "no message had its links rewritten"
ok "phish: $nphish sent, $held held, $tagged tagged, $rejected rejected, $missed not flagged"

# --- 2. SIGHUP with a broken rules file keeps the old rules
for f in "$tmp"/rules/*; do
    printf '\n@@BROKEN@@ this line is not valid in any rules file ((\n' >> "$f"
done
kill -HUP "$milter_pid"
wait_for grep -q "reload failed" "$tmp/milter.log" || fail "no 'reload failed' logged after SIGHUP"
grep "reload failed" "$tmp/milter.log" | grep -q ":[0-9][0-9]*: " \
    || fail "reload failure does not name file:line: $(grep 'reload failed' "$tmp/milter.log")"
kill -0 "$milter_pid" 2>/dev/null || fail "milter died on a broken reload"
phish=$(head -1 "$tmp/held.txt" | cut -d' ' -f1)
for id in ham-pub-h003 "${phish:-phish-pub-p010}"; do
    f=$srcdir/tests/corpus/${id%%-*}/${id#*-}.eml
    code=$(send "$f" "hup-$id")
    [ "$code" = 2 ] || fail "hup-$id: reply $code after a failed reload"
done
wait_for queue_settled || fail "queue did not settle after reload"
file=$(delivered hup-ham-pub-h003)
[ -n "$file" ] && grep -q "^X-Regphish-Action: accept" "$file" \
    || fail "after a failed reload, ham is not delivered with headers"
[ "$(held_ids | wc -l)" -eq $((held + 1)) ] || [ -z "$phish" ] \
    || fail "after a failed reload, phish is no longer held"
cp "$srcdir"/rules/* "$tmp/rules/"
kill -HUP "$milter_pid"
wait_for grep -q "reloaded configuration and rules" "$tmp/milter.log" || fail "good reload not logged"
ok "SIGHUP: broken rules refused ($(grep -c 'reload failed' "$tmp/milter.log")), old rules kept, good rules reloaded"

# --- 3. kill the milter: tempfail, then restart: everything delivered
kill -KILL "$milter_pid"; wait "$milter_pid" 2>/dev/null; milter_pid=""
before=$(ls "$tmp/sink" | wc -l)
for i in 1 2 3; do
    code=$(send "$srcdir/tests/corpus/ham/pub-h00$i.eml" "kill-$i")
    [ "$code" = 4 ] || fail "kill-$i: reply $code with the milter dead, want 4xx"
done
sleep 1
[ "$(ls "$tmp/sink" | wc -l)" -eq "$before" ] || fail "mail passed while the milter was dead"
start_milter
for i in 1 2 3; do
    code=$(send "$srcdir/tests/corpus/ham/pub-h00$i.eml" "kill-$i")
    [ "$code" = 2 ] || fail "kill-$i: reply $code after the restart"
done
wait_for queue_settled || fail "queue did not settle after the restart"
for i in 1 2 3; do
    [ -n "$(delivered kill-$i)" ] || fail "kill-$i not delivered after the restart"
done
ok "milter killed: 3 tempfailed, after restart 3 delivered"

# --- optional: throughput through the whole rig (RP_BENCH=N messages)
if [ -n "$RP_BENCH" ] && command -v smtp-source >/dev/null 2>&1; then
    start=$(date +%s.%N)
    smtp-source -A -s 10 -m "$RP_BENCH" -l 2048 -f sender@example.org \
        -t user@example.net "127.0.0.1:$smtp_port"
    end=$(date +%s.%N)
    echo "bench: $RP_BENCH messages in $(echo "$end - $start" | bc) s," \
        "$(echo "$RP_BENCH / ($end - $start)" | bc) msgs/s (10 sessions, TCP milter)"
    wait_for queue_settled
    sent=$((sent + RP_BENCH))
fi

# --- 4. release the hold queue: everything not rejected is delivered
postsuper -c "$cfg" -H ALL >/dev/null 2>&1
postqueue -c "$cfg" -f			# released mail waits in deferred
wait_for queue_settled || fail "queue did not settle after the release"
[ -z "$(held_ids)" ] || fail "hold queue not empty after postsuper -H ALL"
total=$((sent + 2 + 3))
now=$(ls "$tmp/sink" | wc -l)
[ "$now" -eq $((total - rejected)) ] \
    && ok "released: $now of $total delivered, $rejected rejected" \
    || fail "after release: $now delivered of $total sent, $rejected rejected"

# --- clean stop: SIGTERM drains and exits 0
kill -TERM "$milter_pid"
wait "$milter_pid"; status=$?; milter_pid=""
[ $status -eq 0 ] || fail "milter exit status $status after SIGTERM"
[ ! -e "$tmp/run/milter.pid" ] || fail "pidfile left behind"

[ $failures -eq 0 ] && echo "PASS: postfix end-to-end" || echo "FAIL: $failures checks"
[ $failures -eq 0 ]
