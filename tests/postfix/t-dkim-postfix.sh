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
#  - the same claim under the trusted authserv-id, below the Received
#    header of the sender's relay: forged (the milter's results sit above
#    every Received it sees), not cleared, BRAND_SPOOF and
#    AUTH_RESULTS_FORGED;
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

cases="genuine genuine-simple lookalike forged-ar forged-trusted broken altered tab-relaxed tab-simple"
for c in $cases; do
    code=$(rig_send "$dk/$c.eml" "dkim-$c")
    [ "$code" = 2 ] || rig_fail "$c: SMTP reply class $code, want 2"
done
rig_wait_settled || rig_fail "queue did not settle"

flagged="delivered|held" flags="tag|quarantine"
dkim_expect dkim-genuine delivered accept "BRAND_AUTH_ALIGNED" "BRAND_SPOOF DKIM_FAIL_BRAND"
dkim_expect dkim-genuine-simple delivered accept "BRAND_AUTH_ALIGNED" "BRAND_SPOOF DKIM_FAIL_BRAND"
dkim_expect dkim-lookalike held quarantine "AUTH_PASS_LOOKALIKE FROM_LOOKALIKE LINK_LOOKALIKE" "BRAND_AUTH_ALIGNED"
dkim_expect dkim-forged-ar "$flagged" "$flags" "BRAND_SPOOF" "BRAND_AUTH_ALIGNED"
dkim_expect dkim-forged-trusted "$flagged" "$flags" "BRAND_SPOOF AUTH_RESULTS_FORGED" "BRAND_AUTH_ALIGNED"
dkim_expect dkim-broken "$flagged" "$flags" "BRAND_SPOOF DKIM_FAIL_BRAND" "BRAND_AUTH_ALIGNED"
dkim_expect dkim-altered "$flagged" "$flags" "BRAND_SPOOF DKIM_FAIL_BRAND" "BRAND_AUTH_ALIGNED"
dkim_expect dkim-tab-relaxed delivered accept "BRAND_AUTH_ALIGNED" "DKIM_FAIL_BRAND"
dkim_expect dkim-tab-simple delivered accept "BRAND_AUTH_ALIGNED" "BRAND_SPOOF DKIM_FAIL_BRAND"

rig_finish t-dkim-postfix
exit $?
