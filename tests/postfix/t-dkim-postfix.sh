#!/bin/sh
# t-dkim-postfix.sh - DKIM verification in regphish-milter behind a real Postfix
#
# Through the rig (rig.sh): keys for pypi.org (a brand domain) and
# pypj.org (a lookalike) are made with opendkim-genkey, mail is signed
# with tests/dkim-sign, and the milter runs with dkim_verify = yes and
# dkim_keys pointing at the test key file (no DNS).  Each message goes in
# by SMTP; the milter rebuilds it from what Postfix hands over (header
# name and value, body chunks) and verifies it.  Checks, from
# X-Regphish-Action and -Symbols of the delivered or held copy:
#  - genuine aligned brand mail with urgent wording, relaxed and simple
#    canonicalization: accepted, BRAND_AUTH_ALIGNED (so the milter's
#    reconstructed header is byte-exact for "Name: value" fields);
#  - a lookalike with a valid signature of its own, a lure and lookalike
#    links: held (quarantine), AUTH_PASS_LOOKALIKE;
#  - a forged Authentication-Results from an untrusted authserv-id
#    claiming dkim=pass header.d=pypi.org: not cleared, BRAND_SPOOF;
#  - From pypi.org with a broken signature: flagged, DKIM_FAIL_BRAND;
#  - the body altered after signing: flagged, DKIM_FAIL_BRAND;
#  - a header field written "Name:<TAB>value" (not "Name: value"),
#    signed with simple header canonicalization, verifies too: the
#    milter negotiates SMFIP_HDR_LEADSPC, so Postfix hands each value
#    over with the white space after its colon and the rebuilt header
#    is byte for byte what arrived.
# Exit 77 (skip) when Postfix, smtp-sink, swaks or opendkim-genkey are
# not installed, or not run as root.

. "$(dirname "$0")/rig.sh"
. "$RIG_SRCDIR/tests/dkim-lib.sh"
if why=$(dkim_tools_missing); then echo "SKIP: $why"; exit 77; fi
rig_init || exit $?

dk=$RIG_TMP/dkim
mkdir -p "$dk"
dkim_key "$dk" pypi s1 pypi.org && dkim_key "$dk" pypj s2 pypj.org || { echo "FAIL: opendkim-genkey"; exit 1; }
chmod 755 "$dk"; chmod 644 "$dk/keys"	# the milter reads them as nobody

rig_milter_conf "inet:$RIG_MILTER_PORT@127.0.0.1" "dkim_verify = yes" \
    "dkim_keys = $dk/keys" "trusted_authserv_ids = mx.example.net"
rig_start_milter || exit 1
rig_start_sink || exit 1
rig_start_postfix "inet:127.0.0.1:$RIG_MILTER_PORT" tempfail || exit 1

dkim_cases "$dk" t-dkim-postfix-1
sed 's/^Subject: /Subject:\t/' "$dk/genuine.txt" > "$dk/tab.txt"
dkim_sign "$dk" pypi s1 pypi.org < "$dk/tab.txt" > "$dk/tab-relaxed.eml"
dkim_sign "$dk" pypi s1 pypi.org simple < "$dk/tab.txt" > "$dk/tab-simple.eml"

cases="genuine genuine-simple lookalike forged-ar broken altered tab-relaxed tab-simple"
for c in $cases; do
    code=$(rig_send "$dk/$c.eml" "dkim-$c")
    [ "$code" = 2 ] || rig_fail "$c: SMTP reply class $code, want 2"
done
rig_wait_settled || rig_fail "queue did not settle"

# copy_of ID - the delivered or held copy of message ID (headers and body)
copy_of() {
    _f=$(rig_delivered "$1")
    if [ -n "$_f" ]; then tr -d '\r' < "$_f"; return; fi
    for _q in $(rig_held_ids); do
	_c=$(postcat -c "$RIG_CFG" -bh -q "$_q" 2>/dev/null)
	case "$_c" in *"X-Test-Id: $1"*) printf '%s\n' "$_c"; return ;; esac
    done
}
# where ID - "delivered", "held" or "lost"
where() {
    if [ -n "$(rig_delivered "$1")" ]; then echo delivered
    elif copy_of "$1" | grep -q "^X-Test-Id: $1"; then echo held
    else echo lost; fi
}
# expect ID PLACES ACTIONS WANT REJECT - where it went and its action (one
#	of PLACES, of ACTIONS: "a|b"), symbols that must (WANT, space
#	separated) and must not (REJECT) be listed
expect() {
    _id=dkim-$1 _copy=$RIG_TMP/copy.$1
    copy_of "$_id" > "$_copy"
    _where=$(where "$_id")
    case "|$2|" in *"|$_where|"*) ;; *) rig_fail "$1: $_where, want $2" ;; esac
    _action=$(sed -n 's/^X-Regphish-Action: //p' "$_copy")
    case "|$3|" in *"|$_action|"*) ;; *) rig_fail "$1: action '$_action', want $3" ;; esac
    # -Symbols is folded: join its lines first.
    _syms=$(awk '/^X-Regphish-Symbols:/{s=1} s&&/^[^ \t]/&&!/^X-Regphish-Symbols:/{s=0} s' "$_copy" | tr -d '\n')
    for _s in $4; do
	case "$_syms" in *"$_s="*) ;; *) rig_fail "$1: $_s missing from X-Regphish-Symbols: $_syms" ;; esac
    done
    for _s in $5; do
	case "$_syms" in *"$_s="*) rig_fail "$1: $_s in X-Regphish-Symbols" ;; esac
    done
    rig_ok "$1: $_where, $_action"
}

flagged="delivered|held" flags="tag|quarantine"
expect genuine delivered accept "BRAND_AUTH_ALIGNED" "BRAND_SPOOF DKIM_FAIL_BRAND"
expect genuine-simple delivered accept "BRAND_AUTH_ALIGNED" "BRAND_SPOOF DKIM_FAIL_BRAND"
expect lookalike held quarantine "AUTH_PASS_LOOKALIKE FROM_LOOKALIKE LINK_LOOKALIKE" "BRAND_AUTH_ALIGNED"
expect forged-ar "$flagged" "$flags" "BRAND_SPOOF" "BRAND_AUTH_ALIGNED"
expect broken "$flagged" "$flags" "BRAND_SPOOF DKIM_FAIL_BRAND" "BRAND_AUTH_ALIGNED"
expect altered "$flagged" "$flags" "BRAND_SPOOF DKIM_FAIL_BRAND" "BRAND_AUTH_ALIGNED"
expect tab-relaxed delivered accept "BRAND_AUTH_ALIGNED" "DKIM_FAIL_BRAND"
expect tab-simple delivered accept "BRAND_AUTH_ALIGNED" "BRAND_SPOOF DKIM_FAIL_BRAND"

rig_finish t-dkim-postfix
exit $?
