#!/bin/sh
# t-opendkim-chain.sh - Debian's OpenDKIM milter in front of regphish-milter
#
# The chain RFC 8601 section 5 asks for: the site's own verifier writes
# Authentication-Results with the site's authserv-id (mx.example.net),
# and regphish believes only those.  On the private Postfix rig (rig.sh),
# smtpd_milters = opendkim, regphish, in that order; OpenDKIM runs in
# verify mode (Mode v, no KeyTable or SigningTable), started here in the
# temp dir on a loopback port, with the test key read from a file
# (TestPublicKeys: no DNS) and AlwaysAddARHeader (so unsigned mail gets
# its dkim=none too).  regphish-milter trusts mx.example.net and does not
# verify DKIM itself: what it believes comes from the chain alone.
#
# Two Postfix listeners, two OpenDKIM configurations:
#  - "keep": KeepAuthResults, so the results a sender wrote with the
#    site's id reach regphish (a verifier that does not clean them, or one
#    with another authserv-id than the one trusted);
#  - "remove": RemoveARFrom mx.example.net and RemoveARAll, so OpenDKIM
#    deletes every incoming result with the site's id before adding its
#    own (what the README advises).
# Through each:
#  (a) genuine brand mail signed with the test key: OpenDKIM adds dkim=pass
#      for pypi.org, regphish trusts it: accepted, BRAND_AUTH_ALIGNED, no
#      BRAND_SPOOF;
#  (b) the same From, unsigned, with a forged "MX.Example.NET; dkim=pass;
#      dmarc=pass" below the Received header of the relay the sender used:
#      regphish does not believe it: BRAND_SPOOF, and through "keep"
#      AUTH_RESULTS_FORGED (the header sits below a Received; "remove"
#      deleted it, so regphish sees only OpenDKIM's dkim=none);
#  (c) the forged header on top, as a sender connecting straight to the
#      MX writes it (no Received above it, like the site's own): through
#      "keep" OpenDKIM's dkim=none contradicts it (AUTH_RESULTS_FORGED,
#      BRAND_SPOOF); through "remove" it is gone (BRAND_SPOOF);
#  (d) through "remove" only, a forged dmarc=pass alone on top, which
#      carries no DKIM result to contradict: only its removal defeats it,
#      and removed it is (BRAND_SPOOF).
# Exit 77 (skip) when Postfix, smtp-sink, swaks, opendkim-genkey or the
# OpenDKIM milter (Debian package opendkim) are not installed, or not run
# as root; tools/test-all counts a skip as a failure.

. "$(dirname "$0")/rig.sh"
. "$RIG_SRCDIR/tests/dkim-lib.sh"
if why=$(dkim_tools_missing); then echo "SKIP: $why"; exit 77; fi
OPENDKIM=${RP_OPENDKIM:-/usr/sbin/opendkim}
if [ ! -x "$OPENDKIM" ]; then
    echo "SKIP: $OPENDKIM not installed (Debian package opendkim)"; exit 77
fi
rig_init || exit $?

dk=$RIG_TMP/dkim
mkdir -p "$dk"
dkim_key "$dk" pypi s1 pypi.org && dkim_key "$dk" pypj s2 pypj.org || { echo "FAIL: opendkim-genkey"; exit 1; }
chmod 755 "$dk"; chmod 644 "$dk/keys"	# OpenDKIM reads them as its own user
od_user=opendkim
id "$od_user" >/dev/null 2>&1 || od_user=nobody

# start_opendkim NAME PORT [LINE...] - an OpenDKIM verifier for mx.example.net
#	on 127.0.0.1:PORT, each LINE appended to its config; output in
#	$RIG_TMP/opendkim-NAME.log; rig_cleanup stops it
start_opendkim() {
    _name=$1 _port=$2; shift 2
    _conf=$RIG_TMP/opendkim-$_name.conf
    {
	echo "Mode v"
	echo "Socket inet:$_port@127.0.0.1"
	echo "AuthservID mx.example.net"
	echo "TestPublicKeys $dk/keys"
	echo "AlwaysAddARHeader yes"
	echo "UserID $od_user"
	echo "Background no"
	echo "Syslog no"
	for _line in "$@"; do echo "$_line"; done
    } > "$_conf"
    "$OPENDKIM" -f -x "$_conf" > "$RIG_TMP/opendkim-$_name.log" 2>&1 &
    rig_track $!
    rig_wait_for rig_port_open "$_port" || {
	cat "$RIG_TMP/opendkim-$_name.log"; rig_fail "opendkim $_name did not start"; return 1
    }
}

keep_port=$(rig_free_port) remove_port=$(rig_free_port) remove_smtp=$(rig_free_port)
start_opendkim keep "$keep_port" "KeepAuthResults yes" || exit 1
start_opendkim remove "$remove_port" "RemoveARFrom mx.example.net" "RemoveARAll yes" || exit 1

rig_milter_conf "inet:$RIG_MILTER_PORT@127.0.0.1" "trusted_authserv_ids = mx.example.net" \
    "dkim_verify = no"
rig_start_milter || exit 1
rig_start_sink || exit 1
regphish=inet:127.0.0.1:$RIG_MILTER_PORT
rig_add_smtpd "$remove_smtp" "inet:127.0.0.1:$remove_port,$regphish"
rig_start_postfix "inet:127.0.0.1:$keep_port, $regphish" tempfail || exit 1

dkim_cases "$dk" t-opendkim-chain-1
{ echo "Authentication-Results: MX.Example.NET; dkim=pass header.d=pypi.org header.s=s1; dmarc=pass header.from=pypi.org"
  cat "$dk/genuine.txt"; } > "$dk/forged-top.eml"
{ echo "Authentication-Results: mx.example.net; dmarc=pass header.from=pypi.org"
  cat "$dk/genuine.txt"; } > "$dk/forged-dmarc-top.eml"

# send VIA FILE... - each FILE through the listener of VIA (keep, remove),
#	X-Test-Id VIA-NAME
send() {
    _via=$1; shift
    _port=$RIG_SMTP_PORT
    [ "$_via" = remove ] && _port=$remove_smtp
    for _c in "$@"; do
	_code=$(RIG_SMTP_PORT=$_port; rig_send "$dk/$_c.eml" "$_via-$_c")
	[ "$_code" = 2 ] || rig_fail "$_via-$_c: SMTP reply class $_code, want 2"
    done
}
send keep genuine forged-trusted forged-top
send remove genuine forged-trusted forged-top forged-dmarc-top
rig_wait_settled || rig_fail "queue did not settle"

flagged="delivered|held" flags="tag|quarantine"
dkim_expect keep-genuine delivered accept "BRAND_AUTH_ALIGNED" "BRAND_SPOOF AUTH_RESULTS_FORGED"
dkim_expect keep-forged-trusted "$flagged" "$flags" "BRAND_SPOOF AUTH_RESULTS_FORGED" \
    "BRAND_AUTH_ALIGNED"
dkim_expect keep-forged-top "$flagged" "$flags" "BRAND_SPOOF AUTH_RESULTS_FORGED" \
    "BRAND_AUTH_ALIGNED"
dkim_expect remove-genuine delivered accept "BRAND_AUTH_ALIGNED" "BRAND_SPOOF AUTH_RESULTS_FORGED"
dkim_expect remove-forged-trusted "$flagged" "$flags" "BRAND_SPOOF" "BRAND_AUTH_ALIGNED"
dkim_expect remove-forged-top "$flagged" "$flags" "BRAND_SPOOF" "BRAND_AUTH_ALIGNED"
dkim_expect remove-forged-dmarc-top "$flagged" "$flags" "BRAND_SPOOF" "BRAND_AUTH_ALIGNED"

# The chain itself: OpenDKIM's results are there, the forged ones went
# where each configuration says.
# unfolded ID - the copy of ID, one header field a line
unfolded() {
    dkim_copy_of "$1" | awk '/^[ \t]/ { printf " %s", $0; next } NR > 1 { print "" } { printf "%s", $0 } END { print "" }'
}
# has ID PATTERN WHAT - rig_ok when the unfolded copy of ID matches PATTERN
has() {
    if unfolded "$1" | grep -q -- "$2"; then rig_ok "$1: $3"; else rig_fail "$1: not $3"; fi
}
# lacks ID PATTERN WHAT - rig_ok when it does not
lacks() {
    if unfolded "$1" | grep -q -- "$2"; then rig_fail "$1: not $3"; else rig_ok "$1: $3"; fi
}
site_pass='^Authentication-Results: mx.example.net; .*dkim=pass .*header.d=pypi.org'
forged='^Authentication-Results: MX.Example.NET; dkim=pass'
has keep-genuine "$site_pass" "OpenDKIM added dkim=pass for pypi.org"
has remove-genuine "$site_pass" "OpenDKIM added dkim=pass for pypi.org"
has keep-forged-trusted "$forged" "the forged header reached regphish"
has keep-forged-trusted '^Authentication-Results: mx.example.net; dkim=none' "OpenDKIM added dkim=none"
lacks remove-forged-trusted "$forged" "OpenDKIM removed the forged header"
lacks remove-forged-dmarc-top '^Authentication-Results: mx.example.net; dmarc=pass' \
    "OpenDKIM removed the forged dmarc=pass"

rig_finish t-opendkim-chain
exit $?
