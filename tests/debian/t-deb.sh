#!/bin/sh
# t-deb.sh - the Debian package, built and installed into a fresh Debian 12
#
# What a mail admin does, end to end, all under one temp dir:
#  1. copies the source tree (tracked and untracked files, no _build) and
#     runs "dpkg-buildpackage -us -uc -b" at its top; lintian must report
#     no error (its warnings are printed).
#  2. debootstraps Debian 12 (minbase, from the host's own apt mirror or
#     $RP_DEB_MIRROR), installs Postfix ("Internet Site", service start
#     blocked by policy-rc.d) and then the built .deb with apt-get; checks
#     the user, group, directories, conffile, unit, docs and man pages.
#  3. applies the non-comment lines of the shipped
#     /usr/share/doc/regphish/examples/postfix-main.cf with postconf -e,
#     starts the distro's Postfix (master.cf as shipped: smtpd chrooted)
#     and the milter as the unit's ExecStart does, inside a network
#     namespace of its own; a second namespace, joined by a veth pair,
#     is the outside client, so mail comes from a non-trusted address.
#     A campaign reconstruction lands in the hold queue with its
#     X-Regphish-Action header; a genuine mail is delivered with headers.
#  4. dpkg --remove (the milter stopped first, as systemd's prerm does):
#     Postfix keeps running; with the snippet's milter_default_action =
#     tempfail it defers mail (4xx, nothing lost) until the admin takes
#     smtpd_milters out, then delivers again.
#  5. dpkg --purge removes /etc/regphish, /var/lib/regphish, the socket
#     directory and the regphish user and group.
# Prints "t-deb: N passed, N failed"; exits 1 on a failure, 77 (skip) only
# when not run as root.  Needs network access to a Debian mirror.  Every
# process it starts runs in its own namespaces and is stopped by PID; the
# namespaces are deleted and /proc unmounted on every exit path.
# RP_KEEP=1 keeps the temp dir.  Run by tools/test-all (slow part).

: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
. "$top_srcdir/tests/lib.sh"
PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH

[ "$(id -u)" -eq 0 ] || skip "t-deb needs root (debootstrap, chroot, ip netns)"
for tool in dpkg-buildpackage lintian debootstrap ip python3 chroot mountpoint; do
    command -v $tool >/dev/null 2>&1 && continue
    echo "t-deb: $tool not found (tools/install-deps test installs it)"
    exit 1
done

start=$(date +%s)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/t-deb.XXXXXX") || exit 99
chmod 755 "$tmp"
# A tmpfs when we may: dpkg's fsyncs and removing the tree then cost
# nothing (on a busy disk, a minute each).
mount -t tmpfs -o size=4g,mode=755 t-deb "$tmp" 2>/dev/null && on_tmpfs=yes || on_tmpfs=""
root=$tmp/root
ns_srv=rpdeb-s-$$ ns_cli=rpdeb-c-$$
srv_addr=10.253.0.2 cli_addr=10.253.0.1
milter_pid="" postfix_started="" dbs_pid=""

# mounts_under DIR - mount points below DIR, deepest first
mounts_under() { awk -v d="$1/" 'substr($2, 1, length(d)) == d { print $2 }' /proc/mounts | sort -r; }
# cleanup - stop what we started, delete the namespaces, unmount, remove
cleanup() {
    if [ -n "$dbs_pid" ]; then
	kill -TERM -"$dbs_pid" 2>/dev/null
	wait "$dbs_pid" 2>/dev/null
    fi
    if [ -n "$milter_pid" ]; then
	kill "$milter_pid" 2>/dev/null
	wait "$milter_pid" 2>/dev/null
    fi
    [ -n "$postfix_started" ] && in_srv postfix stop >/dev/null 2>&1
    for ns in $ns_srv $ns_cli; do
	[ -e "/run/netns/$ns" ] || continue
	# Whatever still runs in a namespace of ours is ours.
	pids=$(ip netns pids "$ns")
	[ -n "$pids" ] && kill $pids 2>/dev/null && sleep 1
	pids=$(ip netns pids "$ns")
	[ -n "$pids" ] && kill -9 $pids 2>/dev/null
	ip netns del "$ns"
    done
    # /proc (ours) and whatever an interrupted debootstrap left mounted
    mounts_under "$root" | while read -r m; do umount "$m"; done
    if [ -n "$(mounts_under "$root")" ]; then
	echo "t-deb: still mounted under $root; $tmp kept"
    elif [ -n "${RP_KEEP:-}" ]; then
	echo "t-deb: kept $tmp${on_tmpfs:+ (a tmpfs: umount it when done)}"
    elif [ -n "$on_tmpfs" ]; then
	umount "$tmp" && rmdir "$tmp"
    else
	rm -rf "$tmp"
    fi
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# in_root CMD... - run CMD in the Debian root; in_srv - the same, in the
# server namespace
in_root() { chroot "$root" "$@"; }
in_srv() { ip netns exec "$ns_srv" chroot "$root" "$@"; }
# phase NAME - print a timestamped heading
phase() { echo "== t-deb: $* ($(( $(date +%s) - start )) s)"; }
# bail MESSAGE - a step everything after depends on failed
bail() { not_ok "$*"; tally t-deb; exit 1; }

# send_mail FILE RCPT - send FILE from the client namespace; prints the
#	SMTP code of the first refusal, or 250 when the message was taken
send_mail() {
    ip netns exec "$ns_cli" python3 - "$srv_addr" "$1" "$2" <<'EOF'
import re, smtplib, sys
host, path, rcpt = sys.argv[1:4]
msg = re.sub(rb'\r?\n', b'\r\n', open(path, 'rb').read())
try:
    s = smtplib.SMTP(host, 25, 'client.example', timeout=120)
    s.sendmail('sender@client.example', [rcpt], msg)
    s.quit()
    print(250)
except smtplib.SMTPRecipientsRefused as e:
    print(list(e.recipients.values())[0][0])
except smtplib.SMTPResponseException as e:
    print(e.smtp_code)
except (OSError, smtplib.SMTPException) as e:
    print('error', e)
EOF
}

# wait_for WHAT CMD... - wait (up to 60 s) until CMD succeeds
wait_for() {
    _what=$1; shift
    _n=0
    until "$@" >/dev/null 2>&1; do
	_n=$((_n + 1))
	[ $_n -ge 120 ] && { echo "t-deb: gave up waiting for $_what"; return 1; }
	sleep 0.5
    done
}
# count PATTERN FILE - number of lines of FILE (perhaps absent) matching
count() { _c=$(grep -c -- "$1" "$2" 2>/dev/null); echo "${_c:-0}"; }
# mails - number of messages in alice's mailbox
mails() { count '^From ' "$root/var/mail/alice"; }
mails_at_least() { [ "$(mails)" -ge "$1" ]; }
# reloads - number of "reload" lines Postfix's master logged
reloads() { count 'postfix/master.*: reload' "$root/var/log/postfix.log"; }
reloads_at_least() { [ "$(reloads)" -ge "$1" ]; }

# --- 1. build and lintian, while debootstrap runs (its own process group)
mirror=${RP_DEB_MIRROR:-}
[ -n "$mirror" ] || mirror=$(sed -n 's|^URIs: *\(https\{0,1\}://[^ ]*/debian\)/\{0,1\} *$|\1|p' \
    /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n 1)
[ -n "$mirror" ] || mirror=$(sed -n 's|^deb *\(\[[^]]*\] *\)\{0,1\}\(https\{0,1\}://[^ ]*/debian\)/\{0,1\} .*|\2|p' \
    /etc/apt/sources.list 2>/dev/null | head -n 1)
: "${mirror:=http://deb.debian.org/debian}"
phase "debootstrap from $mirror, in the background"
setsid debootstrap --variant=minbase bookworm "$root" "$mirror" > "$tmp/debootstrap.log" 2>&1 &
dbs_pid=$!
phase "build"
src=$tmp/src
mkdir "$src"
if git -C "$top_srcdir" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    (cd "$top_srcdir" && git ls-files -z -co --exclude-standard | grep -zv '^_build/' |
	tar --null -T - -cf -) | (cd "$src" && tar -xf -)
else
    (cd "$top_srcdir" && tar --exclude=./_build --exclude=./autom4te.cache -cf - .) |
	(cd "$src" && tar -xf -)
fi
if (cd "$src" && dpkg-buildpackage -us -uc -b) > "$tmp/build.log" 2>&1; then
    ok "dpkg-buildpackage -us -uc -b"
else
    tail -n 40 "$tmp/build.log"; bail "dpkg-buildpackage -us -uc -b"
fi
deb=$(ls "$tmp"/regphish_*.deb)
changes=$(ls "$tmp"/regphish_*.changes)
lintian --fail-on error "$changes" > "$tmp/lintian.log" 2>&1
rc=$?
grep -v '^running with root' "$tmp/lintian.log" | sed 's/^/    lintian: /'
if [ $rc -eq 0 ] && ! grep -q '^E: ' "$tmp/lintian.log"; then
    ok "lintian reports no errors"
else
    not_ok "lintian reports no errors (exit $rc)"
fi

# --- 2. a fresh Debian 12 with Postfix, then the package
phase "waiting for debootstrap"
wait "$dbs_pid"; rc=$?; dbs_pid=""
[ $rc -eq 0 ] || { tail -n 20 "$tmp/debootstrap.log"; bail "debootstrap bookworm"; }
cp /etc/resolv.conf "$root/etc/resolv.conf"
mount -t proc proc "$root/proc" || bail "mount /proc in the root"
printf '#!/bin/sh\nexit 101\n' > "$root/usr/sbin/policy-rc.d"
chmod 755 "$root/usr/sbin/policy-rc.d"
printf '%s\n' "postfix postfix/main_mailer_type select Internet Site" \
    "postfix postfix/mailname string mx.regphish-test.example" | in_root debconf-set-selections

phase "apt-get install postfix, then the package"
export DEBIAN_FRONTEND=noninteractive
{ in_root apt-get update -qq &&
  in_root apt-get install -y -qq --no-install-recommends postfix; } > "$tmp/apt.log" 2>&1 ||
    { tail -n 20 "$tmp/apt.log"; bail "apt-get install postfix"; }
cp "$deb" "$root/tmp/"
if in_root sh -c "cd /tmp && apt-get install -y -qq --no-install-recommends ./${deb##*/}" \
	>> "$tmp/apt.log" 2>&1; then
    ok "apt-get install ./${deb##*/}"
else
    tail -n 20 "$tmp/apt.log"; bail "apt-get install ./${deb##*/}"
fi

# stat_is NAME PATH MODE - PATH in the root is regphish:regphish, mode MODE
stat_is() {
    _want="$(in_root id -u regphish):$(in_root id -g regphish) $3"
    _got=$(stat -c '%u:%g %a' "$root$2" 2>&1)
    if [ "$_got" = "$_want" ]; then ok "$1"; else not_ok "$1 ($2: $_got, want $_want)"; fi
}
# check NAME CMD... - ok when CMD succeeds
check() { _name=$1; shift; if "$@" >/dev/null 2>&1; then ok "$_name"; else not_ok "$_name"; fi; }
pw=$(in_root getent passwd regphish)
case "$pw" in
regphish:*:/var/lib/regphish:/usr/sbin/nologin) ok "system user regphish, home /var/lib/regphish" ;;
*) not_ok "system user regphish, home /var/lib/regphish (got '$pw')" ;;
esac
check "system group regphish" in_root getent group regphish
case " $(in_root id -nG postfix) " in
*" regphish "*) ok "postfix is in group regphish" ;;
*) not_ok "postfix is in group regphish ($(in_root id -nG postfix))" ;;
esac
stat_is "/var/lib/regphish regphish:regphish 0750" /var/lib/regphish 750
stat_is "/var/spool/postfix/regphish regphish:regphish 0750" /var/spool/postfix/regphish 750
in_root dpkg-query -W -f='${Conffiles}\n' regphish > "$tmp/out"
expect_grep "/etc/regphish/regphish.conf is a conffile" "/etc/regphish/regphish.conf " "$tmp/out"
check "/etc/regphish/rules.d exists" test -d "$root/etc/regphish/rules.d"
for f in /usr/bin/regphish /usr/sbin/regphish-milter /usr/share/regphish/rules/symbols.conf \
	/usr/share/doc/regphish/examples/postfix-main.cf \
	/usr/share/doc/regphish/examples/sendmail.mc \
	/usr/share/man/man1/regphish.1.gz /usr/share/man/man8/regphish-milter.8.gz; do
    check "$f installed" test -f "$root$f"
done
if [ -f "$src/man/regphish.conf.5" ]; then
    check "/usr/share/man/man5/regphish.conf.5.gz installed" \
	test -f "$root/usr/share/man/man5/regphish.conf.5.gz"
else
    not_ok "man/regphish.conf.5 exists in the source"
fi
unit=$root/lib/systemd/system/regphish-milter.service
check "the unit is installed and enabled" \
    test -f "$unit" -a -L "$root/etc/systemd/system/multi-user.target.wants/regphish-milter.service"
exec_start=$(sed -n 's/^ExecStart=//p' "$unit")
[ "$exec_start" = "/usr/sbin/regphish-milter -f -c /etc/regphish/regphish.conf" ] &&
    ok "the unit's ExecStart" || not_ok "the unit's ExecStart ('$exec_start')"

campaign=$top_srcdir/tests/campaigns/npmjs-help-2025-09.eml
genuine=$top_srcdir/tests/corpus/ham/pub-h001.eml
cp "$campaign" "$root/tmp/campaign.eml"
cp "$genuine" "$root/tmp/genuine.eml"
expect_rc "regphish check: the campaign is flagged" 1 in_root regphish check /tmp/campaign.eml
expect_grep "regphish check: the campaign is quarantined" ": quarantine (score" "$tmp/out"
expect_rc "regphish check: the genuine mail is accepted" 0 in_root regphish check /tmp/genuine.eml

# --- 3. Postfix as shipped plus the snippet, the milter, mail from outside
phase "Postfix and the milter in a network namespace"
ip netns add "$ns_srv" && ip netns add "$ns_cli" || bail "ip netns add"
# Made inside the namespaces: the host's own network never sees it.
ip link add "rpd$$s" netns "$ns_srv" type veth peer name "rpd$$c" netns "$ns_cli" ||
    bail "veth pair between the namespaces"
for side in "$ns_srv rpd$$s $srv_addr" "$ns_cli rpd$$c $cli_addr"; do
    set -- $side
    ip -n "$1" link set lo up && ip -n "$1" addr add "$3/30" dev "$2" &&
	ip -n "$1" link set "$2" up || bail "address $3 in $1"
done

grep -v '^#' "$root/usr/share/doc/regphish/examples/postfix-main.cf" | grep . > "$tmp/snippet"
applied=0
while IFS= read -r line; do
    in_root postconf -e "$line" && applied=$((applied + 1))
done < "$tmp/snippet"
[ "$applied" -gt 0 ] && [ "$applied" -eq "$(wc -l < "$tmp/snippet")" ] &&
    ok "postconf -e of the snippet's $applied lines" || not_ok "postconf -e of the snippet"
in_root postconf -n 2>&1 >/dev/null | grep . > "$tmp/out"
expect_no "postconf reads the snippet without warnings" "." "$tmp/out"
in_root postconf -h smtpd_milters > "$tmp/out"
expect_grep "smtpd_milters = unix:regphish/regphish.sock" "^unix:regphish/regphish.sock$" "$tmp/out"
# The test's own settings: no clash with the host (its own namespace), a
# log file instead of syslog, a local recipient.
in_root postconf -e "inet_interfaces = all" "inet_protocols = ipv4" \
    "myhostname = mx.regphish-test.example" "maillog_file = /var/log/postfix.log"
in_root useradd -m alice
grep -q '^smtp  *inet  *n  *-  *y ' "$root/etc/postfix/master.cf" &&
    ok "master.cf as shipped: smtpd chrooted" || not_ok "master.cf as shipped: smtpd chrooted"

# The milter exactly as the unit starts it (as root: it drops to regphish).
# shellcheck disable=SC2086
ip netns exec "$ns_srv" chroot "$root" $exec_start > "$tmp/milter.log" 2>&1 &
milter_pid=$!
sock=$root/var/spool/postfix/regphish/regphish.sock
if wait_for "the milter's socket" test -S "$sock"; then
    ok "the milter listens on /var/spool/postfix/regphish/regphish.sock"
else
    cat "$tmp/milter.log"; bail "the milter listens on its socket"
fi
stat_is "socket regphish:regphish 0660" /var/spool/postfix/regphish/regphish.sock 660
uid=$(awk '/^Uid:/ { print $2 }' "/proc/$milter_pid/status" 2>/dev/null)
[ -n "$uid" ] && [ "$uid" = "$(in_root id -u regphish)" ] &&
    ok "the milter runs as user regphish" || not_ok "the milter runs as user regphish (uid '$uid')"

in_srv /usr/lib/postfix/configure-instance.sh - > "$tmp/postfix.out" 2>&1
if in_srv postfix start >> "$tmp/postfix.out" 2>&1; then
    postfix_started=yes; ok "postfix start"
else
    cat "$tmp/postfix.out"; bail "postfix start"
fi

phase "mail"
code=$(send_mail "$campaign" alice@localhost)
[ "$code" = 250 ] && ok "campaign taken (250)" || not_ok "campaign taken (got $code)"
code=$(send_mail "$genuine" alice@localhost)
[ "$code" = 250 ] && ok "genuine mail taken (250)" || not_ok "genuine mail taken (got $code)"
wait_for "delivery" mails_at_least 1
in_root postqueue -p > "$tmp/queue"
id=$(sed -n 's/^\([0-9A-Za-z]*\)!.*/\1/p' "$tmp/queue" | head -n 1)
if [ -n "$id" ]; then
    ok "the campaign is in the hold queue ($id)"
    in_root postcat -hq "$id" > "$tmp/out" 2>&1
    expect_grep "held message has X-Regphish-Action: quarantine" \
	"^X-Regphish-Action: quarantine" "$tmp/out"
    expect_grep "held message is the campaign" "$(grep -i -m 1 '^Message-ID:' "$campaign" | tr -d '\r')" \
	"$tmp/out"
else
    not_ok "the campaign is in the hold queue"; cat "$tmp/queue"
    tail -n 20 "$root/var/log/postfix.log" "$tmp/milter.log" 2>/dev/null
fi
[ "$(mails)" -eq 1 ] && ok "one message delivered" || not_ok "one message delivered ($(mails))"
expect_grep "delivered mail has X-Regphish-Action: accept" "^X-Regphish-Action: accept" \
    "$root/var/mail/alice"
expect_grep "delivered mail has X-Regphish-Score" "^X-Regphish-Score: " "$root/var/mail/alice"
expect_grep "the milter logged the quarantine" "quarantine" "$tmp/milter.log"
expect_no "the milter skipped nothing" "skipped: client" "$tmp/milter.log"

# --- 4. remove: Postfix keeps running; tempfail defers until the admin
# takes smtpd_milters out
phase "dpkg --remove"
kill "$milter_pid"; wait "$milter_pid" 2>/dev/null; milter_pid=""	# systemd's prerm stop
expect_rc "dpkg --remove regphish" 0 in_root dpkg --remove regphish
check "Postfix still runs" in_srv postfix status
check "remove keeps /etc/regphish/regphish.conf" test -f "$root/etc/regphish/regphish.conf"
check "remove keeps the user regphish" in_root getent passwd regphish
check "remove leaves main.cf alone" grep -q '^smtpd_milters = unix:regphish/regphish.sock' \
    "$root/etc/postfix/main.cf"
code=$(send_mail "$genuine" alice@localhost)
case $code in
4??) ok "milter gone, milter_default_action = tempfail: mail deferred ($code)" ;;
*) not_ok "milter gone, milter_default_action = tempfail: mail deferred (got $code)" ;;
esac
n=$(reloads)
in_root postconf -X smtpd_milters non_smtpd_milters
in_srv postfix reload > /dev/null 2>&1
wait_for "postfix reload" reloads_at_least $((n + 1))
code=$(send_mail "$genuine" alice@localhost)
[ "$code" = 250 ] && ok "smtpd_milters removed: mail taken (250)" ||
    not_ok "smtpd_milters removed: mail taken (got $code)"
if wait_for "delivery" mails_at_least 2; then
    ok "smtpd_milters removed: mail delivered"
else
    not_ok "smtpd_milters removed: mail delivered"
fi

# --- 5. purge
phase "dpkg --purge"
expect_rc "dpkg --purge regphish" 0 in_root dpkg --purge regphish
for d in /etc/regphish /var/lib/regphish /var/spool/postfix/regphish; do
    check "purge removes $d" test ! -e "$root$d"
done
check "purge removes the user regphish" sh -c "! chroot '$root' getent passwd regphish"
check "purge removes the group regphish" sh -c "! chroot '$root' getent group regphish"
check "Postfix still runs after purge" in_srv postfix status

phase "done"
tally t-deb
