# rig.sh - a private Postfix with regphish-milter in front of smtp-sink
#
# Sourced (". rig.sh") by the tests in tests/postfix and by anyone else
# who needs real mail through a real Postfix (DKIM, benchmarks).  It
# never touches the system Postfix: everything lives under one temp dir
# and listens on random free loopback ports.
#
#   . "$srcdir/tests/postfix/rig.sh"
#   rig_init || exit $?                 # 77 = skip, 1 = cannot run
#   rig_milter_conf "inet:$RIG_MILTER_PORT@127.0.0.1" "rewrite = yes"
#   rig_start_milter || exit 1
#   rig_start_sink || exit 1
#   rig_start_postfix "inet:127.0.0.1:$RIG_MILTER_PORT" tempfail || exit 1
#   code=$(rig_send "$file" my-id)      # 2, 4 or 5
#   rig_wait_settled
#   ...checks with rig_ok / rig_fail...
#   rig_finish NAME                     # prints the tally, returns status
#
# The contract below is stable: names starting rig_ / RIG_ are the
# interface; add new functions rather than change existing ones.
# Functions return non-zero on failure and never exit, except rig_init's
# trap, which runs rig_cleanup on every exit path (normal exit, failure,
# INT/TERM/HUP).  Every process the rig starts is stopped by its PID.
# The rig sources tests/lib.sh (top_builddir, cli, conf, rules and the
# check helpers ok, not_ok, expect_*; not its make_tmp: the rig has its
# own temp dir and traps), and reports checks through it.
#
# Variables set by rig_init (read-only for callers):
#   RIG_SRCDIR      top of the source tree
#   RIG_BUILDDIR    top of the build tree
#   RIG_MILTER      the regphish-milter binary ($RP_MILTER overrides)
#   RIG_TMP         the temp dir (mode 755); kept when $RP_KEEP is set
#   RIG_CFG         Postfix config_directory ($RIG_TMP/etc)
#   RIG_SPOOL       Postfix queue_directory ($RIG_TMP/spool)
#   RIG_SINK        directory smtp-sink writes one file per message into
#   RIG_RULES       a private, writable copy of rules/ (the milter's rules_dir)
#   RIG_SMTP_PORT   Postfix smtpd (127.0.0.1)
#   RIG_SINK_PORT   smtp-sink (127.0.0.1), Postfix's relayhost
#   RIG_MILTER_PORT a free port for an inet milter socket
#   RIG_MILTER_LOG  the milter's stderr (-f), appended across restarts
#   RIG_MAILLOG     Postfix's log (maillog_file)
#   RIG_FAILURES    number of rig_fail calls so far
# Set by later calls:
#   RIG_MILTER_CONF   the config rig_milter_conf wrote
#   RIG_MILTER_SOCKET the socket named in it (as the milter spells it)
#   RIG_MILTER_PID    the running milter, empty when none
#   RIG_MILTER_STATUS exit status seen by the last rig_stop_milter
#   RIG_SINK_PID      smtp-sink
# Hook: a caller may define rig_cleanup_hook; rig_cleanup calls it first.

: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
. "$top_srcdir/tests/lib.sh"
RIG_SRCDIR=$top_srcdir
RIG_BUILDDIR=$top_builddir
RIG_MILTER=${RP_MILTER:-$RIG_BUILDDIR/milter/regphish-milter}
RIG_PY=$RIG_SRCDIR/tests/postfix/rig.py
PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH
RIG_FAILURES=0
RIG_MILTER_PID="" RIG_SINK_PID="" RIG_POSTFIX_STARTED="" RIG_TRACKED="" RIG_TMP="" RIG_MAILLOG=""
RIG_EXTRA_SMTPD="" RIG_EXTRA_PORTS=""

# rig_init - check prerequisites, make the temp dir, pick ports, set traps.
#	Returns 77 when Postfix, smtp-sink, swaks or python3 are missing or
#	we are not root (the caller should exit 77: skip), 1 when the
#	milter is not built.  Installs the EXIT/INT/TERM/HUP traps.
rig_init() {
    for tool in postfix postconf postqueue postsuper postcat smtp-sink swaks; do
	if ! command -v $tool >/dev/null 2>&1; then
	    echo "SKIP: $tool not installed (Debian packages postfix, swaks, python3)"
	    return 77
	fi
    done
    rig_init_milter || return $?
    RIG_CFG=$RIG_TMP/etc RIG_SPOOL=$RIG_TMP/spool RIG_SINK=$RIG_TMP/sink
    RIG_MAILLOG=$RIG_TMP/maillog
    mkdir -p "$RIG_CFG" "$RIG_SPOOL" "$RIG_TMP/data" "$RIG_SINK"
    chown postfix "$RIG_TMP/data"
    chmod 777 "$RIG_SINK"
    RIG_SMTP_PORT=$(rig_free_port) RIG_SINK_PORT=$(rig_free_port)
    [ -n "$RIG_SMTP_PORT" ] && [ -n "$RIG_SINK_PORT" ]
}

# rig_init_milter - the part of rig_init a milter-only test needs (no
#	Postfix): python3, root, the milter binary, RIG_TMP (with run/
#	owned by nobody and the rules copy), RIG_MILTER_PORT, the traps.
#	Same return values as rig_init.
rig_init_milter() {
    if ! command -v python3 >/dev/null 2>&1; then
	echo "SKIP: python3 not installed"
	return 77
    fi
    if [ "$(id -u)" -ne 0 ]; then
	echo "SKIP: must be started as root (private Postfix, privilege drop)"
	return 77
    fi
    if [ ! -x "$RIG_MILTER" ]; then
	echo "FAIL: $RIG_MILTER not built"
	return 1
    fi
    RIG_TMP=$(mktemp -d "${TMPDIR:-/tmp}/rp-postfix.XXXXXX") || return 1
    chmod 755 "$RIG_TMP"
    trap rig_cleanup EXIT
    trap 'exit 1' INT TERM HUP
    RIG_RULES=$RIG_TMP/rules RIG_MILTER_LOG=$RIG_TMP/milter.log
    mkdir -p "$RIG_RULES" "$RIG_TMP/run"
    chown nobody "$RIG_TMP/run"		# like systemd's RuntimeDirectory
    cp -R "$RIG_SRCDIR"/rules/. "$RIG_RULES/"
    chmod -R a+rX "$RIG_RULES"
    : > "$RIG_MILTER_LOG"
    RIG_MILTER_PORT=$(rig_free_port)
    [ -n "$RIG_MILTER_PORT" ]
}

# rig_cleanup - stop everything the rig started (by PID), show the logs
#	when a check failed or $RP_KEEP is set, remove the temp dir unless
#	$RP_KEEP is set.  Runs from the EXIT trap; safe to call twice.
rig_cleanup() {
    command -v rig_cleanup_hook >/dev/null 2>&1 && rig_cleanup_hook
    if [ -n "$RIG_POSTFIX_STARTED" ]; then
	postfix -c "$RIG_CFG" stop >/dev/null 2>&1
	_rig_master=$(head -1 "$RIG_SPOOL/pid/master.pid" 2>/dev/null | tr -d ' ')
	[ -n "$_rig_master" ] && kill -TERM "$_rig_master" 2>/dev/null
	RIG_POSTFIX_STARTED=""
    fi
    for _rig_pid in $RIG_MILTER_PID $RIG_TRACKED; do
	kill -KILL "$_rig_pid" 2>/dev/null && wait "$_rig_pid" 2>/dev/null
    done
    RIG_MILTER_PID="" RIG_TRACKED=""
    [ -n "$RIG_SINK_PID" ] && kill -TERM "$RIG_SINK_PID" 2>/dev/null && wait "$RIG_SINK_PID" 2>/dev/null
    RIG_SINK_PID=""
    [ -n "$RIG_TMP" ] && [ -d "$RIG_TMP" ] || return 0
    if [ "$RIG_FAILURES" -ne 0 ] || [ -n "$RP_KEEP" ]; then
	echo "--- milter log"; tail -40 "$RIG_MILTER_LOG" 2>/dev/null
	[ -n "$RIG_MAILLOG" ] && { echo "--- postfix log"; tail -40 "$RIG_MAILLOG" 2>/dev/null; }
    fi
    if [ -n "$RP_KEEP" ]; then echo "kept $RIG_TMP"; else rm -rf "$RIG_TMP"; fi
    RIG_TMP=""
}

# rig_track PID - have rig_cleanup SIGKILL this process too (a background
#	load, a process holding a socket...).  rig_untrack PID forgets it.
rig_track() { RIG_TRACKED="$RIG_TRACKED $1"; }
rig_untrack() { RIG_TRACKED=$(echo " $RIG_TRACKED " | sed "s/ $1 / /"); }

# rig_fail MESSAGE / rig_ok MESSAGE - report one check (lib.sh's not_ok
#	and ok); rig_fail counts in RIG_FAILURES too.
rig_fail() { not_ok "$*"; RIG_FAILURES=$((RIG_FAILURES + 1)); }
rig_ok() { ok "$*"; }

# rig_finish NAME - print "NAME: n passed, n failed" (lib.sh's tally);
#	returns 0 when no check failed.  The caller ends with:
#	rig_finish NAME; exit $?
rig_finish() { tally "$1"; }

# rig_free_port - print a free TCP port on 127.0.0.1
rig_free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# rig_port_open PORT - true when something accepts on 127.0.0.1:PORT
rig_port_open() {
    python3 -c "import socket,sys; s=socket.socket(); sys.exit(s.connect_ex(('127.0.0.1', $1)))"
}

# rig_unix_open PATH - true when something accepts on the unix socket PATH
rig_unix_open() {
    python3 -c "import socket,sys; s=socket.socket(socket.AF_UNIX); sys.exit(s.connect_ex(sys.argv[1]))" "$1" 2>/dev/null
}

# rig_wait_for COMMAND... - retry COMMAND every 0.1 s until it succeeds;
#	gives up (returns 1) after $RIG_WAIT seconds (default 20).
rig_wait_for() {
    _rig_i=0 _rig_max=$(( ${RIG_WAIT:-20} * 10 ))
    until "$@"; do
	_rig_i=$((_rig_i + 1)); [ $_rig_i -ge $_rig_max ] && return 1; sleep 0.1
    done
}

# rig_milter_conf SOCKET [LINE...] - write $RIG_TMP/regphish.conf for a
#	milter on SOCKET (unix:PATH or inet:PORT@127.0.0.1) with the rig's
#	rules copy, user nobody, pidfile $RIG_TMP/run/milter.pid,
#	trusted_networks 192.0.2.0/24, rewrite = yes and history = none
#	(a test never touches the host's /var/lib/regphish); each LINE
#	("key = value") is appended, and a later key overrides an earlier
#	one.  Sets RIG_MILTER_CONF and RIG_MILTER_SOCKET.
rig_milter_conf() {
    RIG_MILTER_SOCKET=$1; shift
    RIG_MILTER_CONF=$RIG_TMP/regphish.conf
    {
	echo "rules_dir = $RIG_RULES"
	echo "local_rules_dir = $RIG_TMP/rules.d"
	echo "socket = $RIG_MILTER_SOCKET"
	echo "user = nobody"
	echo "pidfile = $RIG_TMP/run/milter.pid"
	echo "trusted_networks = 192.0.2.0/24"
	echo "rewrite = yes"
	echo "history = none"
	for _rig_line in "$@"; do echo "$_rig_line"; done
    } > "$RIG_MILTER_CONF"
    chmod 644 "$RIG_MILTER_CONF"
}

# rig_milter_up - true when the milter's socket accepts connections
rig_milter_up() {
    case "$RIG_MILTER_SOCKET" in
    inet:*) rig_port_open "$(echo "$RIG_MILTER_SOCKET" | sed 's/^inet:\([0-9]*\).*/\1/')" ;;
    unix:*) rig_unix_open "${RIG_MILTER_SOCKET#unix:}" ;;
    local:*) rig_unix_open "${RIG_MILTER_SOCKET#local:}" ;;
    *) rig_unix_open "$RIG_MILTER_SOCKET" ;;
    esac
}

# rig_start_milter [ARGS...] - start regphish-milter -f -c $RIG_MILTER_CONF
#	ARGS in the background, stderr appended to $RIG_MILTER_LOG; wait
#	until its socket accepts.  Sets RIG_MILTER_PID.  Returns 1 (after a
#	rig_fail) when it exits or does not listen within $RIG_WAIT s.
rig_start_milter() {
    "$RIG_MILTER" -f -c "$RIG_MILTER_CONF" "$@" >> "$RIG_MILTER_LOG" 2>&1 &
    RIG_MILTER_PID=$!
    rig_wait_for _rig_milter_starting || { rig_fail "milter did not start"; return 1; }
    kill -0 "$RIG_MILTER_PID" 2>/dev/null || {
	wait "$RIG_MILTER_PID"; RIG_MILTER_STATUS=$?; RIG_MILTER_PID=""
	rig_fail "milter exited at start (status $RIG_MILTER_STATUS)"; return 1
    }
}
_rig_milter_starting() { ! kill -0 "$RIG_MILTER_PID" 2>/dev/null || rig_milter_up; }

# rig_stop_milter [SIGNAL] - send SIGNAL (default TERM) to the milter and
#	wait for it; sets RIG_MILTER_STATUS (its exit status, 128+n when
#	killed) and clears RIG_MILTER_PID.  No-op when none runs.
rig_stop_milter() {
    [ -n "$RIG_MILTER_PID" ] || return 0
    kill -"${1:-TERM}" "$RIG_MILTER_PID" 2>/dev/null
    wait "$RIG_MILTER_PID" 2>/dev/null; RIG_MILTER_STATUS=$?
    RIG_MILTER_PID=""
}

# rig_start_sink [discard] - start smtp-sink on RIG_SINK_PORT, one file
#	per delivered message in $RIG_SINK; with "discard", keep nothing
#	(heavy load: the disk would set the pace).  Sets RIG_SINK_PID.
rig_start_sink() {
    if [ "$1" = discard ]; then set --; else set -- -d "$RIG_SINK/%H%M%S."; fi
    smtp-sink -u postfix "$@" "127.0.0.1:$RIG_SINK_PORT" 256 \
	> "$RIG_TMP/sink.log" 2>&1 &
    RIG_SINK_PID=$!
    rig_wait_for rig_port_open "$RIG_SINK_PORT" || { rig_fail "smtp-sink did not start"; return 1; }
}

# rig_start_postfix MILTERS DEFAULT_ACTION [LINE...] - write main.cf and
#	master.cf and start a private Postfix: smtpd on RIG_SMTP_PORT,
#	relayhost the sink, smtpd_milters = MILTERS (Postfix syntax, e.g.
#	inet:127.0.0.1:PORT or unix:/path; empty: no milter),
#	milter_default_action = DEFAULT_ACTION; each LINE is appended to
#	main.cf (a later setting wins).  No chroot, no DNS, no TLS.  Also
#	starts the listeners rig_add_smtpd added.  Returns 1 (after a
#	rig_fail) when it does not come up or a listener does not listen.
rig_start_postfix() {
    _rig_milters=$1 _rig_action=$2; shift 2
    cat > "$RIG_CFG/main.cf" <<CONF
compatibility_level = 3.6
queue_directory = $RIG_SPOOL
data_directory = $RIG_TMP/data
mail_owner = postfix
setgid_group = postdrop
maillog_file = $RIG_MAILLOG
maillog_file_prefixes = $RIG_TMP
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
myhostname = mx.regphish.test
mydestination =
mynetworks = 127.0.0.0/8
relayhost = [127.0.0.1]:$RIG_SINK_PORT
smtp_dns_support_level = disabled
smtp_tls_security_level = none
smtpd_tls_security_level = none
alias_maps =
alias_database =
local_recipient_maps =
in_flow_delay = 0
smtputf8_enable = no
biff = no
smtpd_milters = $_rig_milters
non_smtpd_milters = \$smtpd_milters
milter_default_action = $_rig_action
milter_protocol = 6
milter_connect_timeout = 5s
milter_macro_defaults = { {auth_authen} = }
CONF
    for _rig_line in "$@"; do echo "$_rig_line" >> "$RIG_CFG/main.cf"; done
    cat > "$RIG_CFG/master.cf" <<CONF
127.0.0.1:$RIG_SMTP_PORT inet n - n - - smtpd
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
postlog   unix-dgram n - n - 1 postlogd$RIG_EXTRA_SMTPD
CONF
    if ! postfix -c "$RIG_CFG" start > "$RIG_TMP/postfix-start.log" 2>&1; then
	cat "$RIG_TMP/postfix-start.log"; rig_fail "postfix did not start"; return 1
    fi
    RIG_POSTFIX_STARTED=1
    for _rig_port in $RIG_SMTP_PORT $RIG_EXTRA_PORTS; do
	rig_wait_for rig_port_open "$_rig_port" || { rig_fail "postfix smtpd on $_rig_port not listening"; return 1; }
    done
}

# rig_add_smtpd PORT MILTERS - have the next rig_start_postfix run one more
#	smtpd, on 127.0.0.1:PORT (from rig_free_port), with its own
#	smtpd_milters = MILTERS (no spaces; empty: none), so that one
#	Postfix can compare several milter setups side by side.
rig_add_smtpd() {
    RIG_EXTRA_PORTS="$RIG_EXTRA_PORTS $1"
    RIG_EXTRA_SMTPD="$RIG_EXTRA_SMTPD
127.0.0.1:$1 inet n - n - - smtpd -o smtpd_milters=$2"
}

# rig_send FILE ID - send one message through Postfix with swaks, with
#	"X-Test-Id: ID" prepended; prints the reply class: 2, 4 or 5.
rig_send() {
    { printf 'X-Test-Id: %s\r\n' "$2"; cat "$1"; } > "$RIG_TMP/msg.$$.eml"
    _rig_out=$(swaks --server 127.0.0.1 --port "$RIG_SMTP_PORT" --from sender@example.org \
	--to user@example.net --data "$RIG_TMP/msg.$$.eml" 2>&1)
    case "$_rig_out" in
    *"<** 4"*|*"<~* 4"*) echo 4 ;;
    *"<** 5"*) echo 5 ;;
    *) echo 2 ;;
    esac
}

# rig_load PREFIX MESSAGES SESSIONS RETRY FILE... - send MESSAGES messages
#	over SESSIONS concurrent SMTP sessions (rig.py send): message i is
#	FILE[i mod n] with "X-Test-Id: PREFIX-i".  RETRY > 0: resend a
#	tempfailed message (4xx or no reply; the session is reopened) until
#	RETRY seconds after the start, like an MTA's queue.
#	Writes $RIG_TMP/load-PREFIX.tsv ("ID<TAB>CODE<TAB>TRIES", CODE 2/4/5
#	or E for no reply) and prints rig.py's summary line
#	("sent=.. ok=.. tempfail=.. reject=.. noreply=.. tempfail_replies=..
#	dropped=.. seconds=.. rate=.."; the first five count final replies,
#	tempfail_replies every 4xx or lost reply along the way, dropped the
#	lost replies alone: only those can make a retry duplicate mail).
rig_load() {
    _rig_prefix=$1 _rig_n=$2 _rig_s=$3 _rig_r=$4; shift 4
    python3 "$RIG_PY" send --port "$RIG_SMTP_PORT" --sessions "$_rig_s" \
	--messages "$_rig_n" --prefix "$_rig_prefix" --retry "$_rig_r" \
	--results "$RIG_TMP/load-$_rig_prefix.tsv" "$@"
}

# rig_field LINE KEY - the value of KEY=value in a rig_load summary line
rig_field() { echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }

# rig_queue_settled - true when nothing is queued but the hold queue
rig_queue_settled() {
    [ -z "$(find "$RIG_SPOOL/maildrop" "$RIG_SPOOL/incoming" "$RIG_SPOOL/active" \
	"$RIG_SPOOL/deferred" -type f 2>/dev/null | head -1)" ]
}

# rig_wait_settled [SECONDS] - wait (default $RIG_WAIT or 20 s) until the
#	queue is settled; returns 1 when it is not.
rig_wait_settled() {
    _rig_saved=${RIG_WAIT:-20}; RIG_WAIT=${1:-$_rig_saved}
    rig_wait_for rig_queue_settled; _rig_rc=$?
    RIG_WAIT=$_rig_saved; return $_rig_rc
}

# rig_delivered ID - print the sink file holding the message with
#	X-Test-Id ID (empty when none)
rig_delivered() { grep -l "^X-Test-Id: $1\r\?$" "$RIG_SINK"/* 2>/dev/null | head -1; }

# rig_count_delivered - number of messages smtp-sink received
rig_count_delivered() { find "$RIG_SINK" -type f | wc -l; }

# rig_held_ids - Postfix queue ids in the hold queue, one a line
rig_held_ids() { ls "$RIG_SPOOL/hold" 2>/dev/null; }

# rig_count_held - number of messages in the hold queue
rig_count_held() { rig_held_ids | wc -l; }

# rig_count_rejected - messages Postfix rejected (5xx) on the milter's
#	word, from its log (stages MAIL, RCPT, DATA, END-OF-MESSAGE: a
#	CONNECT or EHLO refusal turns away a session, not a message);
#	rig_count_tempfailed - the same for 4xx.  Postfix logs through
#	postlogd: call rig_wait_settled first.
rig_count_rejected() { _rig_count_milter_reject 5; }
rig_count_tempfailed() { _rig_count_milter_reject 4; }
_rig_count_milter_reject() {
    grep -cE "milter-reject: (MAIL|RCPT|DATA|END-OF-MESSAGE) .*: ($1[0-9][0-9] )?$1\.[0-9]" \
	"$RIG_MAILLOG" 2>/dev/null
}

# rig_scan_delivered / rig_scan_held - one line per delivered / held
#	message: "TEST-ID<TAB>ACTION<TAB>HDRS" (ACTION the X-Regphish-Action
#	value or "-"; HDRS 1 when X-Regphish-Score and -Symbols are there)
rig_scan_delivered() { python3 "$RIG_PY" scan-sink "$RIG_SINK"; }
rig_scan_held() { [ -d "$RIG_SPOOL/hold" ] && python3 "$RIG_PY" scan-queue "$RIG_SPOOL/hold"; }

# rig_release_held - release the hold queue and flush it to the sink
rig_release_held() {
    postsuper -c "$RIG_CFG" -H ALL >/dev/null 2>&1
    postqueue -c "$RIG_CFG" -f		# released mail waits in deferred
}

# rig_fd_count PID - number of open file descriptors of PID
rig_fd_count() { ls "/proc/$1/fd" 2>/dev/null | wc -l; }

# rig_proc_status PID FIELD - a /proc/PID/status field without its name
#	("VmRSS" gives "1234 kB", "Uid" the four uids)
rig_proc_status() { sed -n "s/^$2:[[:space:]]*//p" "/proc/$1/status" 2>/dev/null; }

# rig_rss_kb PID - resident set size of PID in kB
rig_rss_kb() { rig_proc_status "$1" VmRSS | awk '{print $1}'; }
