#!/bin/sh
# t-dkim.sh - regphish check with DKIM verification (--dkim-keys, --dns)
#
# Keys for pypi.org (a brand domain) and pypj.org (a lookalike) are made
# here with opendkim-genkey, mail is signed here (tests/dkim-sign), and the
# CLI verifies it with --dkim-keys: no DNS query is made.  The cases of
# issue 5: genuine aligned brand mail with urgent wording is accepted; a
# lookalike with a valid signature of its own, a lure and lookalike links
# is quarantined; a forged Authentication-Results from an untrusted
# authserv-id is ignored; a brand From with a broken signature is flagged;
# a body altered after signing fails.  Issue 11: the same claim under the
# trusted authserv-id, below the Received header of the sender's relay, is
# forged (AUTH_RESULTS_FORGED, naming its place) and clears nothing, with
# or without our own verification, when the config says this site's
# results sit above every Received header (a milter's view: hops 0); in
# delivered mail (the test config allows three Received headers above
# them) our own verification still finds the claimed signature missing.
# Then the options: without
# --dkim-keys or --dns nothing is verified whatever the config says; a
# missing key file and both options at once are errors.
# Exit 77 (skip) when opendkim-genkey is not installed.
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/dkim-lib.sh"
if why=$(dkim_tools_missing); then skip "$why"; fi
make_tmp

dkim_key "$tmp" pypi s1 pypi.org && dkim_key "$tmp" pypj s2 pypj.org || { echo "FAIL: opendkim-genkey"; exit 1; }
R="-c $conf -r $rules"
K="--dkim-keys $tmp/keys"

dkim_cases "$tmp" t-dkim-1

expect_rc "genuine aligned brand mail is accepted" 0 "$cli" check $R $K "$tmp/genuine.eml"
expect_grep "genuine: aligned pass verified here" "BRAND_AUTH_ALIGNED.*dkim=pass for pypi.org (verified here)" "$tmp/out"
expect_no "genuine: no spoof" "BRAND_SPOOF" "$tmp/out"
expect_rc "genuine, simple canonicalization, accepted" 0 "$cli" check $R $K "$tmp/genuine-simple.eml"
expect_grep "genuine simple: aligned" "BRAND_AUTH_ALIGNED" "$tmp/out"
tr -d '\r' < "$tmp/genuine.eml" | sed 's/$/\r/' > "$tmp/genuine-crlf.eml"
expect_rc "genuine with CRLF line ends accepted" 0 "$cli" check $R $K "$tmp/genuine-crlf.eml"

expect_rc "lookalike with a valid signature of its own is flagged" 1 "$cli" check $R $K "$tmp/lookalike.eml"
expect_grep "lookalike: quarantined or worse" "lookalike.eml: \(quarantine\|reject\)" "$tmp/out"
expect_grep "lookalike: its pass proves only ownership" "AUTH_PASS_LOOKALIKE.*dkim=pass for pypj.org" "$tmp/out"
expect_no "lookalike: nothing cleared" "BRAND_AUTH_ALIGNED" "$tmp/out"

expect_rc "forged A-R: flagged when verifying" 1 "$cli" check $R $K "$tmp/forged-ar.eml"
expect_grep "forged A-R: brand From without a verified pass is a spoof" "BRAND_SPOOF.*DKIM here: no signature" "$tmp/out"
expect_no "forged A-R: does not clear" "BRAND_AUTH_ALIGNED" "$tmp/out"
expect_rc "forged A-R without verification: still unauthenticated" 0 "$cli" check $R "$tmp/forged-ar.eml"
expect_no "forged A-R without verification: does not clear" "BRAND_AUTH_ALIGNED" "$tmp/out"

{ cat "$conf"; echo "trusted_authserv_hops = 0"; } > "$tmp/hop0.conf"
expect_rc "forged trusted A-R below a Received: flagged" 1 "$cli" check -c "$tmp/hop0.conf" -r "$rules" "$tmp/forged-trusted.eml"
expect_grep "forged trusted A-R: AUTH_RESULTS_FORGED names its place" \
    "AUTH_RESULTS_FORGED.*header 1 of 1 names this site (mx.example.net) but sits below 1 Received header" "$tmp/out"
expect_grep "forged trusted A-R: brand From is a spoof" "BRAND_SPOOF" "$tmp/out"
expect_no "forged trusted A-R: does not clear" "BRAND_AUTH_ALIGNED" "$tmp/out"
expect_rc "forged trusted A-R, verifying: flagged" 1 "$cli" check -c "$tmp/hop0.conf" -r "$rules" $K "$tmp/forged-trusted.eml"
expect_grep "forged trusted A-R, verifying: spoof" "BRAND_SPOOF.*DKIM here: no signature" "$tmp/out"
expect_no "forged trusted A-R, verifying: does not clear" "BRAND_AUTH_ALIGNED" "$tmp/out"
expect_rc "forged trusted A-R in delivered mail, verifying: flagged" 1 "$cli" check $R $K "$tmp/forged-trusted.eml"
expect_grep "delivered: the claimed signature is missing" \
    "AUTH_RESULTS_FORGED.*says dkim=pass for pypi.org, but the message carries no DKIM signature of pypi.org" "$tmp/out"
expect_no "delivered: does not clear" "BRAND_AUTH_ALIGNED" "$tmp/out"

expect_rc "brand From with a broken signature is flagged" 1 "$cli" check $R $K "$tmp/broken.eml"
expect_grep "broken: DKIM_FAIL_BRAND" "DKIM_FAIL_BRAND.*pypi.org.*dkim=fail" "$tmp/out"
expect_grep "broken: spoof" "BRAND_SPOOF.*dkim=fail for pypi.org" "$tmp/out"

expect_rc "body altered after signing is flagged" 1 "$cli" check $R $K "$tmp/altered.eml"
expect_grep "altered: body hash mismatch" "DKIM_FAIL_BRAND.*body hash mismatch" "$tmp/out"
expect_no "altered: nothing cleared" "BRAND_AUTH_ALIGNED" "$tmp/out"

expect_rc "json carries the DKIM reasons" 1 "$cli" check --json $R $K "$tmp/altered.eml"
expect_grep "json: DKIM_FAIL_BRAND" '"name":"DKIM_FAIL_BRAND"' "$tmp/out"

# Without --dkim-keys or --dns, nothing is verified, even when the config asks.
{ cat "$conf"; echo "dkim_verify = yes"; echo "dkim_keys = $tmp/keys"; } > "$tmp/dkim.conf"
expect_rc "no option: genuine mail still accepted" 0 "$cli" check -c "$tmp/dkim.conf" -r "$rules" "$tmp/genuine.eml"
expect_no "no option: nothing verified (no pass)" "BRAND_AUTH_ALIGNED" "$tmp/out"
expect_rc "no option: altered mail not verified" 0 "$cli" check -c "$tmp/dkim.conf" -r "$rules" "$tmp/altered.eml"
expect_no "no option: no DKIM failure" "DKIM_FAIL_BRAND" "$tmp/out"

# --dns: unsigned mail needs no key, so no query is made here either.
expect_rc "--dns: unsigned brand mail is a spoof" 1 "$cli" check $R --dns "$tmp/forged-ar.eml"
expect_grep "--dns: verified (no signature)" "DKIM here: no signature" "$tmp/out"

expect_rc "missing key file is an error" 2 "$cli" check $R --dkim-keys "$tmp/nonexistent" "$tmp/genuine.eml"
expect_grep "error names the key file" "nonexistent" "$tmp/err"
expect_rc "--dkim-keys and --dns together is a usage error" 2 "$cli" check $R $K --dns "$tmp/genuine.eml"

finish
