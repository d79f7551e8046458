#!/bin/sh
# t-history.sh - the site's history through real servers (issue 16)
#
# A private Postfix (rig.sh) with two smtpd listeners, each in front of its
# own regphish-milter (A and B, each with its own local store), and one
# private redis-server (tests/redis/redis.sh) on a free loopback port that
# both milters share (history = redis, history_fallback = local).
#  1. Shared history: a domain first seen through A carries FIRST_CONTACT
#     in its X-Regphish-Symbols; its second message, through B, does not;
#     and the same the other way round.  Redis holds domains and counts
#     only: no key or value carries an address or a subject.
#  2. Redis killed mid-load (SIGKILL): every message of the load is
#     accepted at once and delivered (no tempfail, no retry, no lost
#     session), within a bounded time; milter A logs the outage exactly
#     once; its local store went on counting (regphish history reads it,
#     falling back the same way).
#  3. The local store under SIGKILL: A restarted with history = local,
#     killed with SIGKILL mid-load and started again (the load retries
#     tempfails, as an MTA queue would): every message is delivered, the
#     store opens and reads (regphish history, beside the running
#     milter), and it goes on counting: one more message counts one more.
#  4. Reloads and start-up: a SIGHUP with a bad history_redis, or with a
#     history_path that cannot be opened, fails the reload (logged) and
#     the running store goes on counting; a good one is taken.  A milter
#     started with a history_path that cannot be opened logs why, starts
#     anyway and judges without history (mail delivered, analysed, no
#     FIRST_CONTACT).
# $RP_HISTORY_MESSAGES (default 300) sizes each load.
# Exit 77 (skip) when Postfix, smtp-sink, swaks or redis-server are missing.

. "$(dirname "$0")/rig.sh"
rig_init || exit $?
tmp=$RIG_TMP
. "$RIG_SRCDIR/tests/redis/redis.sh"
redis_init || exit $?
rig_cleanup_hook() { redis_stop_all; }
messages=${RP_HISTORY_MESSAGES:-300}
cli=$RIG_BUILDDIR/milter/regphish

redis_port=$(rig_free_port)
redis_start shared "$redis_port" || { rig_fail "redis-server did not start"; rig_finish t-history; exit 1; }
mkdir -p "$RIG_TMP/hist-a" "$RIG_TMP/hist-b"
chown nobody "$RIG_TMP/hist-a" "$RIG_TMP/hist-b"

# milter_conf NAME PORT STORE LINE... - a milter config in $RIG_TMP/NAME.conf
milter_conf() {
    _name=$1 _port=$2 _store=$3; shift 3
    rig_milter_conf "inet:$_port@127.0.0.1" "pidfile = $RIG_TMP/run/$_name.pid" \
	"history_path = $RIG_TMP/$_store" "history_redis = 127.0.0.1:$redis_port" "$@"
    cp "$RIG_MILTER_CONF" "$RIG_TMP/$_name.conf"
}

port_a=$RIG_MILTER_PORT port_b=$(rig_free_port) smtp_b=$(rig_free_port)
milter_conf b "$port_b" hist-b "history = redis"
milter_conf a "$port_a" hist-a "history = redis"	# the rig's milter, last: RIG_MILTER_CONF
rig_start_milter || exit 1
"$RIG_MILTER" -f -c "$RIG_TMP/b.conf" >> "$RIG_TMP/milter-b.log" 2>&1 &
pid_b=$!
rig_track "$pid_b"
rig_wait_for rig_port_open "$port_b" || rig_fail "milter B did not start"
rig_start_sink || exit 1
rig_add_smtpd "$smtp_b" "inet:127.0.0.1:$port_b"
rig_start_postfix "inet:127.0.0.1:$port_a" tempfail || exit 1

# message FILE DOMAIN - lure wording from DOMAIN, linking to itself: scored
#	below the tag threshold even with FIRST_CONTACT, so it is recorded
#	as unflagged mail and makes DOMAIN known
message() {
    printf 'From: Accounts <desk@%s>\r\nTo: user@example.net\r\nSubject: Action needed\r\n' "$2" > "$1"
    printf 'Message-ID: <%s.%s@%s>\r\n\r\n' "$$" "$(basename "$1")" "$2" >> "$1"
    printf 'Your account will be suspended within 24 hours unless you verify your email.\r\n' >> "$1"
    printf 'https://login.%s/verify\r\n' "$2" >> "$1"
}

# send_to PORT FILE ID - one message through the smtpd on PORT; prints 2, 4 or 5
send_to() {
    { printf 'X-Test-Id: %s\r\n' "$3"; cat "$2"; } > "$RIG_TMP/send.eml"
    _out=$(swaks --server 127.0.0.1 --port "$1" --from sender@example.org \
	--to user@example.net --data "$RIG_TMP/send.eml" 2>&1)
    case "$_out" in *"<** 4"*|*"<~* 4"*) echo 4 ;; *"<** 5"*) echo 5 ;; *) echo 2 ;; esac
}

# first_contact ID - the delivered message ID was analysed: print yes when
#	its X-Regphish-Symbols name FIRST_CONTACT, no when not, none when
#	it was not delivered or carries no verdict
first_contact() {
    _f=$(rig_delivered "$1")
    if [ -z "$_f" ] || ! grep -q '^X-Regphish-Symbols:' "$_f"; then echo none; return; fi
    if sed -n '/^\r\{0,1\}$/q;p' "$_f" | grep -q 'FIRST_CONTACT='; then echo yes; else echo no; fi
}

# --- 1. one history for two MX hosts
message "$RIG_TMP/fresh-a.eml" fresh-sender.example
message "$RIG_TMP/fresh-b.eml" other-sender.example
r1=$(send_to "$RIG_SMTP_PORT" "$RIG_TMP/fresh-a.eml" shared-1)
r2=$(send_to "$smtp_b" "$RIG_TMP/fresh-b.eml" shared-2)
rig_wait_settled
r3=$(send_to "$smtp_b" "$RIG_TMP/fresh-a.eml" shared-3)
r4=$(send_to "$RIG_SMTP_PORT" "$RIG_TMP/fresh-b.eml" shared-4)
rig_wait_settled
[ "$r1$r2$r3$r4" = 2222 ] && rig_ok "the four messages were accepted" \
    || rig_fail "replies $r1 $r2 $r3 $r4"
fc="$(first_contact shared-1) $(first_contact shared-2) $(first_contact shared-3) $(first_contact shared-4)"
if [ "$fc" = "yes yes no no" ]; then
    rig_ok "a domain first seen through one milter is known to the other (both ways)"
else
    rig_fail "FIRST_CONTACT in messages 1-4: $fc (want yes yes no no)"
fi
got=$(redis_cli shared HGET regphish:sender:fresh-sender.example messages)
[ "$got" = 2 ] && rig_ok "Redis counts fresh-sender.example's 2 messages" \
    || rig_fail "Redis has messages=$got for fresh-sender.example"
redis_cli shared --scan --pattern '*' > "$RIG_TMP/keys"
: > "$RIG_TMP/values"
while read -r key; do redis_cli shared HGETALL "$key" >> "$RIG_TMP/values"; done < "$RIG_TMP/keys"
if grep -q '^regphish:\(sender\|link\):[a-z0-9.-]*$' "$RIG_TMP/keys" \
    && ! grep -v '^regphish:\(sender\|link\):[a-z0-9.-]*$' "$RIG_TMP/keys" >/dev/null \
    && ! grep -qi '@\|Action needed\|desk' "$RIG_TMP/keys" "$RIG_TMP/values"; then
    rig_ok "Redis holds domains and counts only ($(wc -l < "$RIG_TMP/keys") keys)"
else
    rig_fail "Redis holds more than domains and counts"; cat "$RIG_TMP/keys" "$RIG_TMP/values"
fi

# --- 2. Redis killed mid-load: no mail lost or delayed, the outage logged once
message "$RIG_TMP/load-a.eml" load-a.example
message "$RIG_TMP/load-b.eml" load-b.example
rig_load rk "$messages" 8 0 "$RIG_TMP/load-a.eml" "$RIG_TMP/load-b.eml" > "$RIG_TMP/rk.sum" &
load_pid=$!
rig_track "$load_pid"
RIG_WAIT=30 rig_wait_for sh -c "[ \$(grep -l '^X-Test-Id: rk-' $RIG_SINK/* 2>/dev/null | wc -l) -ge $((messages / 4)) ]" \
    || rig_fail "the load did not get going"
redis_kill shared
wait "$load_pid"; rig_untrack "$load_pid"
sum=$(cat "$RIG_TMP/rk.sum")
rig_wait_settled
delivered=$(grep -l '^X-Test-Id: rk-' "$RIG_SINK"/* 2>/dev/null | wc -l)
if [ "$(rig_field "$sum" ok)" = "$messages" ] && [ "$(rig_field "$sum" tempfail_replies)" = 0 ] \
    && [ "$delivered" = "$messages" ]; then
    rig_ok "Redis killed mid-load: all $messages accepted at once and delivered ($sum)"
else
    rig_fail "Redis killed mid-load: $sum, $delivered delivered"
fi
secs=$(rig_field "$sum" seconds)
if awk "BEGIN { exit !($secs < 30) }"; then
    rig_ok "the load took ${secs} s (Redis's outage delays no mail)"
else
    rig_fail "the load took ${secs} s"
fi
down=$(grep -c "history: Redis 127.0.0.1:$redis_port unreachable" "$RIG_MILTER_LOG")
[ "$down" = 1 ] && rig_ok "milter A logged the fallback once" \
    || rig_fail "milter A logged the outage $down times"
"$cli" history -c "$RIG_TMP/a.conf" load-a.example > "$RIG_TMP/hist.out" 2> "$RIG_TMP/hist.err"
if grep -q 'load-a.example: sender: first seen .*, [1-9][0-9]* messages' "$RIG_TMP/hist.out"; then
    rig_ok "the local fallback store went on counting ($(head -1 "$RIG_TMP/hist.out" | sed 's/.*seen [^,]*, //'))"
else
    rig_fail "the local fallback store: $(cat "$RIG_TMP/hist.out" "$RIG_TMP/hist.err")"
fi

# --- 3. the local store survives SIGKILL of the milter under load
rig_stop_milter
milter_conf a "$port_a" hist-a "history = local"
rig_start_milter || exit 1
message "$RIG_TMP/load-c.eml" load-c.example
before=$(rig_count_delivered)
rig_load kl "$messages" 8 60 "$RIG_TMP/load-c.eml" > "$RIG_TMP/kl.sum" &
load_pid=$!
rig_track "$load_pid"
RIG_WAIT=30 rig_wait_for sh -c "[ \$(find $RIG_SINK -type f | wc -l) -ge $((before + messages / 3)) ]" \
    || rig_fail "the second load did not get going"
rig_stop_milter KILL
[ "$RIG_MILTER_STATUS" = 137 ] && rig_ok "milter A killed with SIGKILL under load" \
    || rig_fail "milter A exit status $RIG_MILTER_STATUS, not 137"
rig_start_milter || exit 1
wait "$load_pid"; rig_untrack "$load_pid"
sum=$(cat "$RIG_TMP/kl.sum")
rig_wait_settled
delivered=$(grep -l '^X-Test-Id: kl-' "$RIG_SINK"/* 2>/dev/null | sort -u | wc -l)
if [ "$(rig_field "$sum" ok)" = "$messages" ] && [ "$delivered" -ge "$messages" ]; then
    rig_ok "every message of the load was delivered across the kill ($sum)"
else
    rig_fail "after the kill: $sum, $delivered delivered"
fi
count() {
    "$cli" history --json -c "$RIG_TMP/a.conf" load-c.example 2> "$RIG_TMP/hist.err" \
	| sed -n 's/.*"sender":{[^}]*"messages":\([0-9]*\).*/\1/p'
}
c1=$(count)
if [ -n "$c1" ] && [ "$c1" -ge $((messages / 3)) ]; then
    rig_ok "the store opens after SIGKILL and reads beside the running milter ($c1 messages)"
else
    rig_fail "the store after SIGKILL: '$c1' $(cat "$RIG_TMP/hist.err")"
fi
r=$(send_to "$RIG_SMTP_PORT" "$RIG_TMP/load-c.eml" after-kill)
rig_wait_settled
c2=$(count)
[ "$r" = 2 ] && [ -n "$c1" ] && [ "$c2" = $((c1 + 1)) ] \
    && rig_ok "the restarted milter goes on counting ($c1, then $c2)" \
    || rig_fail "after the restart: reply $r, count $c1 then $c2"
grep -q 'history: cannot open' "$RIG_MILTER_LOG" "$RIG_TMP/milter-b.log" \
    && rig_fail "a milter could not open its store" || rig_ok "both milters opened their stores"

# --- 4. reloads keep a working store; start-up never fails for history
# reload_with WHAT LINE... - SIGHUP milter A with these history lines; wait for its verdict
reload_with() {
    _what=$1; shift
    _before=$(grep -c 'reloaded configuration and rules\|reload failed' "$RIG_MILTER_LOG")
    milter_conf a "$port_a" hist-a "$@"
    kill -HUP "$RIG_MILTER_PID"
    RIG_WAIT=10 rig_wait_for sh -c "[ \$(grep -c 'reloaded configuration and rules\|reload failed' \
	$RIG_MILTER_LOG) -gt $_before ]" || rig_fail "$_what: no reload logged"
}
# counts_one ID - one more message through A counts one more in hist-a
counts_one() {
    _c1=$(count)
    _r=$(send_to "$RIG_SMTP_PORT" "$RIG_TMP/load-c.eml" "$1")
    rig_wait_settled
    [ "$_r" = 2 ] && [ "$(count)" = $((_c1 + 1)) ]
}
milter_conf a "$port_a" hist-a "history = local"
cp "$RIG_TMP/a.conf" "$RIG_TMP/a-good.conf"
reload_with "bad history_redis" "history = redis" "history_redis = no-port-here"
if tail -1 "$RIG_MILTER_LOG" | grep -q 'reload failed.*history_redis: "no-port-here" is not HOST:PORT' \
    && cp "$RIG_TMP/a-good.conf" "$RIG_TMP/a.conf" && counts_one reload-1; then
    rig_ok "a bad history_redis fails the reload; the running store goes on counting"
else
    rig_fail "reload with a bad history_redis: $(tail -1 "$RIG_MILTER_LOG")"
fi
reload_with "unopenable history_path" "history = local" "history_path = $RIG_TMP/no/such/dir"
if tail -1 "$RIG_MILTER_LOG" | grep -q 'reload failed.*history: cannot open local store' \
    && cp "$RIG_TMP/a-good.conf" "$RIG_TMP/a.conf" && counts_one reload-2; then
    rig_ok "a store that cannot be opened fails the reload; the running one goes on counting"
else
    rig_fail "reload with an unopenable store: $(tail -1 "$RIG_MILTER_LOG")"
fi
reload_with "good reload" "history = local"
tail -1 "$RIG_MILTER_LOG" | grep -q 'reloaded configuration and rules' && counts_one reload-3 \
    && rig_ok "a good reload keeps the store counting" || rig_fail "good reload: $(tail -1 "$RIG_MILTER_LOG")"
kill -TERM "$pid_b"; wait "$pid_b" 2>/dev/null; rig_untrack "$pid_b"
milter_conf b "$port_b" no/such/dir "history = local"
"$RIG_MILTER" -f -c "$RIG_TMP/b.conf" >> "$RIG_TMP/milter-b.log" 2>&1 &
pid_b=$!
rig_track "$pid_b"
message "$RIG_TMP/fresh-c.eml" third-sender.example
if rig_wait_for rig_port_open "$port_b" && [ "$(send_to "$smtp_b" "$RIG_TMP/fresh-c.eml" nohist)" = 2 ] \
    && rig_wait_settled && [ "$(first_contact nohist)" = no ] \
    && grep -q 'history: cannot open local store .*no/such/dir.*running without history' "$RIG_TMP/milter-b.log"; then
    rig_ok "started with an unopenable store: logged, running, judging without history"
else
    rig_fail "start with an unopenable store: $(tail -3 "$RIG_TMP/milter-b.log")"
fi

rig_finish t-history; exit $?
