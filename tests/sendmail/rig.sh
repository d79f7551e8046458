# rig.sh - a private Debian Sendmail with regphish-milter in front of it
#
# Sourced by tests/sendmail/t-sendmail.sh.  Debian's sendmail-bin
# conflicts with the postfix package the other tests need, so it is not
# installed: its .debs (sendmail-bin, sendmail-base, sendmail-cf) are
# fetched with "apt-get download" into a cache directory, reused when
# present, and unpacked with "dpkg-deb -x" into the temp dir.  Both MTAs
# then coexist on one machine; the system's MTA is never touched.
#
#   . "$top_srcdir/tests/sendmail/rig.sh"
#   sm_init || exit $?              # 77 = skip, 1 or 99 = cannot run
#   rig_milter_conf "unix:$RIG_TMP/run/regphish.sock" 'trusted_networks = ""'
#   rig_start_milter || exit 1
#   sm_config || exit 1             # sendmail.cf from conf/sendmail.mc
#   sm_start || exit 1
#   code=$(rig_send "$file" my-id)  # 2, 4 or 5, through Sendmail
#   sm_wait_settled
#   sm_cmd -bp -qQ                  # any sendmail command, our config
#
# It builds on the Postfix rig (tests/postfix/rig.sh: rig_init_milter,
# rig_milter_conf, rig_start_milter, rig_send, rig_delivered,
# rig_scan_delivered, rig_ok/rig_fail, rig_finish...), without its
# Postfix: sm_init points RIG_SMTP_PORT at Sendmail and RIG_SINK at the
# directory Sendmail's local mailer writes, so those helpers work here
# unchanged.  It defines rig_cleanup_hook (stop Sendmail by its PID).
#
# Variables (read-only for callers):
#   SM_ROOT     the unpacked packages (SM_ROOT/usr/libexec/sendmail/sendmail)
#   SM_BIN      the sendmail binary
#   SM_DIR      $RIG_TMP/sendmail: mc, cf, aliases, pidfile, mailer script
#   SM_QUEUE    the queue directory (QUEUE_DIR)
#   SM_CF       the sendmail.cf sm_config built
#   SM_PORT     Sendmail's SMTP port on 127.0.0.1 (= RIG_SMTP_PORT)
#   SM_PID      the running daemon, empty when none
#   SM_CACHE    where the .debs are kept ($RP_SENDMAIL_CACHE overrides;
#               default tests/sendmail/debs in the build tree)
#
# Sendmail and its unqualified host name: when gethostname() has no dot
# and nothing qualifies it, every sendmail command sleeps 60 s before it
# reads its config ("My unqualified host name ... sleeping for retry").
# sm_cmd and sm_start therefore run it in a UTS namespace of its own
# (unshare --uts) named mx.regphish.test; the machine's name is unchanged.

: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
. "$top_srcdir/tests/postfix/rig.sh"
SM_PID="" SM_HOSTNAME=mx.regphish.test SM_UTS=""
SM_CACHE=${RP_SENDMAIL_CACHE:-$RIG_BUILDDIR/tests/sendmail/debs}
SM_PACKAGES="sendmail-bin sendmail-base sendmail-cf"

# sm_init - the milter part of the rig (rig_init_milter), then the
#	Sendmail packages: from SM_CACHE, else downloaded into it.  Returns
#	77 (skip) when not root or python3/m4/swaks are missing, or when the
#	packages are neither cached nor downloadable and $CI is unset; 99
#	when the download fails under $CI (CI must reach deb.debian.org);
#	1 when a library the binary needs is missing (tools/install-deps
#	installs them) or the milter is not built.
sm_init() {
    for tool in m4 swaks dpkg-deb apt-get; do
	if ! command -v $tool >/dev/null 2>&1; then
	    echo "SKIP: $tool not installed (tools/install-deps test)"
	    return 77
	fi
    done
    rig_init_milter || return $?
    sm_fetch || return $?
    SM_ROOT=$RIG_TMP/sendmail-root SM_DIR=$RIG_TMP/sendmail
    SM_BIN=$SM_ROOT/usr/libexec/sendmail/sendmail
    SM_QUEUE=$SM_DIR/mqueue SM_CF=$SM_DIR/sendmail.cf
    mkdir -p "$SM_ROOT" "$SM_QUEUE" "$SM_DIR/etc" "$SM_DIR/hoststat"
    chmod 700 "$SM_QUEUE"
    for deb in "$SM_CACHE"/*.deb; do
	dpkg-deb -x "$deb" "$SM_ROOT" || { rig_fail "dpkg-deb -x $deb"; return 1; }
    done
    if ldd "$SM_BIN" | grep 'not found' > "$RIG_TMP/ldd.txt"; then
	echo "FAIL: $SM_BIN needs libraries tools/install-deps installs:"
	cat "$RIG_TMP/ldd.txt"
	return 1
    fi
    case "$(hostname)" in
    *.*) ;;
    *)
	if unshare --uts true 2>/dev/null; then
	    SM_UTS=1
	else
	    echo "warning: host name $(hostname) has no dot and unshare --uts fails:" \
		"each sendmail command will first sleep 60 s"
	fi
	;;
    esac
    # the rig's helpers, pointed at Sendmail: rig_send/rig_load talk to
    # it, rig_delivered/rig_scan_delivered read what its mailer wrote
    RIG_SINK=$RIG_TMP/sink
    mkdir -p "$RIG_SINK"
    chown nobody "$RIG_SINK"		# the mailer runs as DefaultUser nobody
    SM_PORT=$(rig_free_port)
    RIG_SMTP_PORT=$SM_PORT
    [ -n "$SM_PORT" ]
}

# sm_fetch - make sure SM_CACHE holds one .deb of each package: reuse
#	it, else "apt-get download" there (see sm_init for the status)
sm_fetch() {
    _sm_have=0
    for _sm_p in $SM_PACKAGES; do
	ls "$SM_CACHE/${_sm_p}"_*.deb >/dev/null 2>&1 && _sm_have=$((_sm_have + 1))
    done
    [ "$_sm_have" -eq 3 ] && return 0
    mkdir -p "$SM_CACHE" || return 1
    rm -f "$SM_CACHE"/*.deb
    # run as root, apt fetches unsandboxed (the cache is not _apt's):
    # it says so on stderr, kept in the log below
    if (cd "$SM_CACHE" && apt-get download $SM_PACKAGES) > "$RIG_TMP/apt.log" 2>&1; then
	return 0
    fi
    cat "$RIG_TMP/apt.log"
    rm -f "$SM_CACHE"/*.deb
    if [ -n "$CI" ]; then
	echo "FAIL: apt-get download $SM_PACKAGES failed (CI must reach deb.debian.org)"
	return 99
    fi
    echo "SKIP: cannot download $SM_PACKAGES and no cache in $SM_CACHE"
    return 77
}

# sm_config - write $SM_DIR/test.mc and build SM_CF from it with the
#	unpacked sendmail-cf m4 files.  The mc is a test header (private
#	paths, port, mailer), then conf/sendmail.mc as shipped with only its
#	socket replaced by the test milter's (RIG_MILTER_SOCKET, a unix:
#	socket), then the MAILER lines.  Also the aliases database.
sm_config() {
    _sm_cf=$SM_ROOT/usr/share/sendmail/cf
    _sm_sock=local:${RIG_MILTER_SOCKET#unix:}
    cat > "$SM_DIR/deliver" <<EOF
#!/bin/sh
# the test Sendmail's local mailer: one file per message in the sink
umask 077
f=\$(mktemp "$RIG_SINK/msg.XXXXXX") && cat > "\$f"
EOF
    chmod 755 "$SM_DIR/deliver"
    printf 'postmaster: root\nMAILER-DAEMON: postmaster\n' > "$SM_DIR/etc/aliases"
    : > "$SM_DIR/etc/local-host-names"
    : > "$SM_DIR/etc/trusted-users"
    : > "$SM_DIR/etc/relay-domains"
    {
	cat <<EOF
divert(-1)
dnl test.mc - the private Sendmail of tests/sendmail (written by rig.sh)
divert(0)dnl
OSTYPE(\`linux')dnl
dnl every file Sendmail reads or writes is under the temp dir
define(\`MAIL_SETTINGS_DIR', \`$SM_DIR/etc/')dnl
define(\`QUEUE_DIR', \`$SM_QUEUE')dnl
define(\`confPID_FILE', \`$SM_DIR/sendmail.pid')dnl
define(\`ALIAS_FILE', \`$SM_DIR/etc/aliases')dnl
define(\`STATUS_FILE', \`$SM_DIR/etc/statistics')dnl
define(\`confHOST_STATUS_DIRECTORY', \`$SM_DIR/hoststat')dnl
define(\`confDEAD_LETTER_DROP', \`$SM_DIR/dead.letter')dnl
define(\`confHELP_FILE', \`$SM_ROOT/etc/mail/helpfile')dnl
define(\`confDOMAIN_NAME', \`$SM_HOSTNAME')dnl
define(\`confDONT_PROBE_INTERFACES', \`True')dnl
dnl Relaxation for the test: the temp dir sits in \${TMPDIR:-/tmp}, a
dnl world-writable sticky directory, which Sendmail otherwise calls an
dnl unsafe path for its alias database and queue.  Nothing else relaxed.
define(\`confDONT_BLAME_SENDMAIL', \`TrustStickyBit')dnl
dnl loopback only, on the rig's port; no MSA on 587; no DNS needed
DAEMON_OPTIONS(\`Port=$SM_PORT, Addr=127.0.0.1, Name=MTA')dnl
FEATURE(\`no_default_msa')dnl
FEATURE(\`nocanonify')dnl
FEATURE(\`accept_unresolvable_domains')dnl
dnl the rig's recipient domain is local; its mailer writes the sink.
dnl -w: recipients need no passwd entry; the mailer then runs as
dnl DefaultUser, nobody (who owns the sink).
LOCAL_DOMAIN(\`example.net')dnl
define(\`confDEF_USER_ID', \`nobody:nogroup')dnl
define(\`LOCAL_MAILER_PATH', \`$SM_DIR/deliver')dnl
define(\`LOCAL_MAILER_ARGS', \`deliver \$u')dnl
define(\`LOCAL_MAILER_FLAGS', \`n9')dnl
MODIFY_MAILER_FLAGS(\`LOCAL', \`-w')dnl
dnl --- conf/sendmail.mc as shipped, the socket replaced
EOF
	sed "s|S=local:[^,']*|S=$_sm_sock|" "$RIG_SRCDIR/conf/sendmail.mc"
	printf "MAILER(\`local')dnl\nMAILER(\`smtp')dnl\n"
    } > "$SM_DIR/test.mc"
    if ! m4 -D_CF_DIR_="$_sm_cf/" "$_sm_cf/m4/cf.m4" "$SM_DIR/test.mc" \
	> "$SM_CF" 2> "$SM_DIR/m4.err" || [ -s "$SM_DIR/m4.err" ]; then
	cat "$SM_DIR/m4.err"; rig_fail "m4 could not build sendmail.cf"; return 1
    fi
    grep -q "^Xregphish, S=$_sm_sock, F=T" "$SM_CF" \
	|| { rig_fail "sendmail.cf has no X line for $_sm_sock"; return 1; }
    sm_cmd -bi > "$SM_DIR/newaliases.log" 2>&1 && [ -f "$SM_DIR/etc/aliases.db" ] \
	|| { cat "$SM_DIR/newaliases.log"; rig_fail "newaliases failed"; return 1; }
}

# sm_cmd ARGS... - run sendmail -C SM_CF ARGS (mailq: -bp, queue runs...)
sm_cmd() {
    if [ -n "$SM_UTS" ]; then
	unshare --uts sh -c 'hostname "$0" && exec "$@"' "$SM_HOSTNAME" "$SM_BIN" -C "$SM_CF" "$@"
    else
	"$SM_BIN" -C "$SM_CF" "$@"
    fi
}

# sm_start - start the daemon in the foreground (-bD) as a background
#	job, as root; SM_PID is its PID (unshare and sh exec it, so it is
#	$!), which must match its pidfile.  Waits until SM_PORT accepts.
sm_start() {
    if [ -n "$SM_UTS" ]; then
	unshare --uts sh -c 'hostname "$0" && exec "$@"' "$SM_HOSTNAME" \
	    "$SM_BIN" -C "$SM_CF" -bD > "$SM_DIR/daemon.log" 2>&1 &
    else
	"$SM_BIN" -C "$SM_CF" -bD > "$SM_DIR/daemon.log" 2>&1 &
    fi
    SM_PID=$!
    rig_wait_for _sm_starting || { rig_fail "sendmail did not start"; return 1; }
    kill -0 "$SM_PID" 2>/dev/null || {
	cat "$SM_DIR/daemon.log"; SM_PID=""; rig_fail "sendmail exited at start"; return 1
    }
    rig_wait_for _sm_pidfile_written || { rig_fail "sendmail wrote no pidfile"; return 1; }
    [ "$(head -1 "$SM_DIR/sendmail.pid")" = "$SM_PID" ] \
	|| { rig_fail "pidfile says $(head -1 "$SM_DIR/sendmail.pid"), started $SM_PID"; return 1; }
}
_sm_starting() { ! kill -0 "$SM_PID" 2>/dev/null || rig_port_open "$SM_PORT"; }
_sm_pidfile_written() { [ -s "$SM_DIR/sendmail.pid" ]; }

# sm_stop - SIGTERM the daemon (it signals its children) and wait for it
sm_stop() {
    [ -n "$SM_PID" ] || return 0
    kill -TERM "$SM_PID" 2>/dev/null
    wait "$SM_PID" 2>/dev/null
    SM_PID=""
}

# rig_cleanup_hook - rig_cleanup calls it first, on every exit path
rig_cleanup_hook() { sm_stop; }

# sm_running - PIDs of processes running our unpacked sendmail binary
#	(none: empty).  By executable, not command line: Sendmail rewrites
#	its process title ("sendmail: accepting connections").
sm_running() {
    for _sm_p in /proc/[0-9]*; do
	[ "$(readlink "$_sm_p/exe" 2>/dev/null)" = "$SM_BIN" ] && echo "${_sm_p#/proc/}"
    done
}

# sm_queue_settled - true when the queue holds nothing but quarantined
#	envelopes (hf files): every other message was delivered
sm_queue_settled() {
    [ -z "$(find "$SM_QUEUE" -type f ! -name 'hf*' ! -name 'df*' | head -1)" ] || return 1
    for _sm_df in "$SM_QUEUE"/df*; do
	[ -e "$_sm_df" ] || continue
	[ -e "$SM_QUEUE/hf${_sm_df##*/df}" ] || return 1
    done
}

# sm_wait_settled - wait until sm_queue_settled (RIG_WAIT, 20 s)
sm_wait_settled() { rig_wait_for sm_queue_settled; }

# sm_quarantined_ids - queue ids of quarantined envelopes, one a line
sm_quarantined_ids() {
    for _sm_hf in "$SM_QUEUE"/hf*; do
	[ -e "$_sm_hf" ] && echo "${_sm_hf##*/hf}"
    done
}

# sm_header QID NAME - the first value of header NAME in the queue file
#	of QID (hf or qf), the line without its "H??NAME: " prefix
sm_header() {
    sed -n "s/^H\(?[^?]*?\)\{0,1\}$2:[ 	]*//p" "$SM_QUEUE/hf$1" "$SM_QUEUE/qf$1" \
	2>/dev/null | head -1
}
