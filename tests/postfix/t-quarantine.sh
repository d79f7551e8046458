#!/bin/sh
# t-quarantine.sh - regphish quarantine on a real, private Postfix
#
# The rig (rig.sh): regphish-milter in front of a private Postfix, mail
# to smtp-sink.  Sent through SMTP: two campaign reconstructions (held),
# one genuine mail (delivered), and two attacks on the quarantine:
#  - a campaign carrying forged X-Regphish-Released / -Action: accept /
#    -Score headers: still held, the forged headers gone;
#  - a campaign whose Subject is split into RFC 2047 words (the GMime
#    padding pitfall of DESIGN.md) and hides an ESC sequence and a bidi
#    override, and a display name quoting fake "NAME=score" symbols: list
#    shows the whole decoded subject, the controls escaped, no fake symbol.
# Two with verdict headers written as no milter would (a second listener
# without the milter, held by header_checks), whose reasons quote fake
# "NAME=score" items: list flags them (symbols_agree false).
# And one submitted with sendmail(1) as root: local submission meets the
# milter too (non_smtpd_milters) and is held, which is why release does
# not re-inject through sendmail.
# Then: list and --json (parsed by python3, checked against the held
# files' own headers), show, release (delivered once, byte for byte the
# held content below one X-Regphish-Released line and pickup's Received
# line, not seen by the milter again), delete, and clean failures: a
# malformed id, an id not held, a bad config dir, not root, no Postfix tools.

. "$(dirname "$0")/rig.sh"
rig_init || exit $?
cli=$RIG_BUILDDIR/milter/regphish
q() { "$cli" quarantine -C "$RIG_CFG" "$@"; }

rig_milter_conf "inet:$RIG_MILTER_PORT@127.0.0.1"
rig_start_milter || exit 1
rig_start_sink || exit 1
# A second listener without the milter, where header_checks hold mail
# marked X-Test-Hold: verdict headers written here, as no milter would,
# test how list reads them.
plain_port=$(rig_free_port)
rig_add_smtpd "$plain_port" ""
echo '/^X-Test-Hold:/ HOLD' > "$RIG_CFG/hold_checks"
rig_start_postfix "inet:127.0.0.1:$RIG_MILTER_PORT" tempfail \
    "header_checks = regexp:$RIG_CFG/hold_checks" || exit 1

camp=$RIG_SRCDIR/tests/campaigns
# forged verdict and release headers on a campaign
{ printf 'X-Regphish-Released: by root at Mon, 1 Jan 2024 00:00:00 +0000\r\n'
  printf 'X-Regphish-Action: accept\r\nX-Regphish-Score: 0.00\r\n'
  cat "$camp/pypj-2025-07.eml"; } > "$RIG_TMP/forged.eml"
# a split, padded B-encoded subject hiding ESC [31m and U+202E
python3 - "$camp/npmjs-help-2025-09.eml" "$RIG_TMP/subject.eml" <<'PY'
import base64, sys
src, dst = sys.argv[1], sys.argv[2]
w = lambda s: '=?UTF-8?B?' + base64.b64encode(s.encode()).decode() + '?='
subj = w('Urgent: verify') + ' ' + w(' your 2FA now \x1b[31m\u202e!')
out = []
for line in open(src, encoding='utf-8').read().split('\n'):
    if line.startswith('Subject:'):
        line = 'Subject: ' + subj
    elif line.startswith('From:'):	# a reason quoting a fake symbol
        line = 'From: "npm, FORGED_SYMBOL=9.00 x,  FORGED_TWO=1.00" <support@npmjs.help>'
    out.append(line)
open(dst, 'w', encoding='utf-8').write('\n'.join(out))
PY
for spec in "npm:$camp/npmjs-help-2025-09.eml" "pypj:$camp/pypj-2025-07.eml" \
    "ham:$RIG_SRCDIR/tests/corpus/ham/pub-h001.eml" "forged:$RIG_TMP/forged.eml" \
    "subject:$RIG_TMP/subject.eml"; do
    code=$(rig_send "${spec#*:}" "q-${spec%%:*}")
    [ "$code" = 2 ] || rig_fail "q-${spec%%:*}: reply $code"
done
{ printf 'X-Test-Id: q-local\n'; cat "$camp/npnjs-2025-07.eml"; } \
    | sendmail -C "$RIG_CFG" -i -f sender@example.org user@example.net \
    || rig_fail "sendmail submission failed"
# reasons quoting "NAME=score" items: one out of order, one in order whose
# score makes the items no longer add up: both flagged (symbols_agree)
for k in order sum; do
    fake="FAKE_HIGH=9.00 x" score=5.00
    [ $k = sum ] && fake="ZZ_FAKE=2.00 y" score=5.00
    printf 'X-Test-Id: q-craft-%s\r\nX-Test-Hold: 1\r\nFrom: a@example.org\r\nSubject: crafted\r\nX-Regphish-Score: %s\r\nX-Regphish-Action: quarantine\r\nX-Regphish-Symbols: REAL_ONE=3.00 display name "npm,\r\n %s" claims npm,\r\n REAL_TWO=2.00 text\r\n\r\nbody\r\n' \
	"$k" "$score" "$fake" > "$RIG_TMP/craft-$k.eml"
    swaks --server 127.0.0.1 --port "$plain_port" --from sender@example.org \
	--to user@example.net --data "$RIG_TMP/craft-$k.eml" > /dev/null 2>&1 \
	|| rig_fail "crafted $k not accepted"
done
RIG_WAIT=30 rig_wait_settled || rig_fail "queue did not settle"

# queue id of each held test message, from the held files themselves
for qid in $(rig_held_ids); do
    postcat -c "$RIG_CFG" -hbq "$qid" > "$RIG_TMP/held-$qid"
    tid=$(sed -n 's/^X-Test-Id: \([^\r]*\)\r\{0,1\}$/\1/p' "$RIG_TMP/held-$qid" | head -1)
    eval "qid_$(echo "$tid" | tr -c 'a-z0-9\n' _)=$qid"
done
for t in npm pypj forged subject local craft_order craft_sum; do
    eval "v=\${qid_q_$t:-}"
    [ -n "$v" ] && rig_ok "q-$t held ($v)" || rig_fail "q-$t not held"
done
[ -n "$(rig_delivered q-ham)" ] && rig_ok "genuine mail delivered" || rig_fail "genuine mail not delivered"
[ -n "${qid_q_npm:-}" ] && [ -n "${qid_q_pypj:-}" ] || { rig_finish quarantine; exit 1; }

# --- the forged headers did not survive the milter
f=$RIG_TMP/held-${qid_q_forged:-none}
if [ -f "$f" ] && ! grep -q '^X-Regphish-Released' "$f" && ! grep -q '^X-Regphish-Action: accept' "$f" \
    && grep -q '^X-Regphish-Action: quarantine' "$f"; then
    rig_ok "forged X-Regphish headers removed, the real verdict held it"
else
    rig_fail "forged X-Regphish headers survived in the held copy"
fi

# --- list
q list > "$RIG_TMP/list" 2> "$RIG_TMP/list.err"; rc=$?
[ $rc -eq 0 ] && rig_ok "list exits 0" || { rig_fail "list exit $rc"; cat "$RIG_TMP/list.err"; }
for qid in $(rig_held_ids); do
    grep -q "^$qid  .* score [0-9.]*  action quarantine$" "$RIG_TMP/list" \
	|| rig_fail "list: no verdict line for $qid"
done
grep -q "subject: \[SUSPECTED PHISHING\] Two-Factor Authentication Update Required" "$RIG_TMP/list" \
    && rig_ok "list shows the subject" || rig_fail "list: subject missing"
grep -q "subject: \[SUSPECTED PHISHING\] Urgent: verify your 2FA now \\\\x1b\[31m\\\\u202e!" "$RIG_TMP/list" \
    && rig_ok "list decodes split RFC 2047 words and escapes ESC and U+202E" \
    || { rig_fail "list: encoded subject wrong"; grep subject: "$RIG_TMP/list"; }
if LC_ALL=C grep -q "$(printf '\033')" "$RIG_TMP/list" \
    || grep -q "$(printf '\342\200\256')" "$RIG_TMP/list"; then
    rig_fail "list wrote a raw control character"
fi

# --- list --json, checked against each held file's own headers
q list --json > "$RIG_TMP/list.json" || rig_fail "list --json failed"
if python3 - "$RIG_TMP" "$qid_q_npm" "$qid_q_subject" "$(rig_held_ids | tr '\n' ' ')" \
    "$RIG_TMP/list.json" "${qid_q_craft_order:-}" "${qid_q_craft_sum:-}" <<'PY'
import json, re, sys
tmp, npm, subj, held, path = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4].split(), sys.argv[5]
order, total = sys.argv[6], sys.argv[7]
objs = [json.loads(l) for l in open(path)]
assert sorted(o["queue_id"] for o in objs) == sorted(held), (objs, held)
by = {o["queue_id"]: o for o in objs}
# a fake item is flagged, and never hides a real one
assert by[order]["symbols"] == ["REAL_ONE", "FAKE_HIGH", "REAL_TWO"], by[order]
assert by[total]["symbols"] == ["REAL_ONE", "ZZ_FAKE", "REAL_TWO"], by[total]
assert by[order]["symbols_agree"] is False and by[total]["symbols_agree"] is False, objs
for o in objs:
    if o["queue_id"] in (order, total):
        continue
    assert o["symbols_agree"] is True, o
    for k in ("queue_id", "arrival_time", "sender", "recipients", "subject",
              "score", "action", "symbols"):
        assert k in o, (k, o)
    hdr = open("%s/held-%s" % (tmp, o["queue_id"]), encoding="utf-8",
               errors="replace").read().split("\n\n")[0]
    field = lambda n: re.search(r"^%s: (.*(?:\n[ \t].*)*)" % n, hdr, re.M).group(1)
    assert o["sender"] == "sender@example.org", o
    assert o["recipients"] == ["user@example.net"], o
    assert isinstance(o["arrival_time"], int) and o["arrival_time"] > 1700000000, o
    assert o["action"] == "quarantine", o
    assert abs(o["score"] - float(field("X-Regphish-Score"))) < 0.005, o
    # an item starts a line, one fold character before its name
    names = re.findall(r"(?:^|,\n[ \t])([A-Z_][A-Z0-9_]*)=", field("X-Regphish-Symbols"))
    assert names and o["symbols"] == names, (o["symbols"], names)
assert not [n for o in objs for n in o["symbols"] if n.startswith("FORGED")], objs
assert by[npm]["subject"] == "[SUSPECTED PHISHING] Two-Factor Authentication Update Required", by[npm]
assert by[subj]["subject"] == "[SUSPECTED PHISHING] Urgent: verify your 2FA now \x1b[31m\u202e!", by[subj]
PY
then rig_ok "list --json: every held message, fields match its headers"
else rig_fail "list --json wrong"; cat "$RIG_TMP/list.json"; fi

# --- show
q show "$qid_q_npm" > "$RIG_TMP/show" || rig_fail "show failed"
grep -q "^reasons:" "$RIG_TMP/show" && grep -q "^    [A-Z_]*=[0-9.]* " "$RIG_TMP/show" \
    && grep -q "^    X-Regphish-Score: " "$RIG_TMP/show" && grep -q "^    From: " "$RIG_TMP/show" \
    && rig_ok "show prints the reasons and the headers" || { rig_fail "show output"; cat "$RIG_TMP/show"; }

# --- release: delivered once, unchanged below the release header
lines_before=$(grep -c "action=" "$RIG_MILTER_LOG")
q release "$qid_q_npm" > "$RIG_TMP/rel" 2>&1 \
    && grep -q "^$qid_q_npm: released$" "$RIG_TMP/rel" \
    && rig_ok "release exits 0" || { rig_fail "release"; cat "$RIG_TMP/rel"; }
npm_delivered() { [ -n "$(rig_delivered q-npm)" ]; }
rig_wait_for npm_delivered || rig_fail "released message not delivered"
RIG_WAIT=30 rig_wait_settled
d=$(rig_delivered q-npm)
if [ -n "$d" ] && python3 - "$d" "$RIG_TMP/held-$qid_q_npm" <<'PY'
import re, sys
got = open(sys.argv[1], "rb").read().replace(b"\r\n", b"\n")
want = open(sys.argv[2], "rb").read()
m = re.search(rb"^Received: by [^\n]*\(Postfix, from userid \d+\)\n\tid [^\n]*\n"
              rb"X-Regphish-Released: by root at [A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} [0-9:]{8} \+0000\n",
              got, re.M)
assert m, got[:800]
# smtp-sink ends each file with an empty line of its own
assert got[m.end():].rstrip(b"\n") == want.rstrip(b"\n"), "content differs"
PY
then rig_ok "released message: X-Regphish-Released, otherwise the held content byte for byte"
else rig_fail "released message changed or no release header"; fi
[ "$(grep -l '^X-Test-Id: q-npm' "$RIG_SINK"/* | wc -l)" -eq 1 ] \
    && rig_ok "delivered once" || rig_fail "released message delivered $(grep -l '^X-Test-Id: q-npm' "$RIG_SINK"/* | wc -l) times"
[ "$(grep -c "action=" "$RIG_MILTER_LOG")" -eq "$lines_before" ] \
    && rig_ok "the release did not go through the milter again" \
    || rig_fail "the milter judged the released copy again"
rig_held_ids | grep -qx "$qid_q_npm" && rig_fail "released message still held"
grep -q "orig_id=${qid_q_npm}R" "$RIG_MAILLOG" && rig_ok "pickup took it as requeued mail" \
    || rig_fail "pickup did not log the requeue"

# --- delete
n=$(rig_count_held)
q delete "$qid_q_pypj" > "$RIG_TMP/del" 2>&1 && [ "$(rig_count_held)" -eq $((n - 1)) ] \
    && ! rig_held_ids | grep -qx "$qid_q_pypj" && rig_ok "delete removes it" \
    || { rig_fail "delete"; cat "$RIG_TMP/del"; }
[ -z "$(rig_delivered q-pypj)" ] || rig_fail "deleted message was delivered"

# --- failures: one line on stderr, exit 2
tmp=$RIG_TMP
fails() {	# NAME PATTERN ARGS...: exit 2, one stderr line holding PATTERN
    _n=$1 _p=$2; shift 2
    "$@" > "$tmp/out" 2> "$tmp/err"; _rc=$?
    if [ $_rc -eq 2 ] && [ "$(wc -l < "$tmp/err")" -eq 1 ] && grep -q -- "$_p" "$tmp/err"; then
	rig_ok "$_n"
    else
	rig_fail "$_n (exit $_rc)"; cat "$tmp/err"
    fi
}
fails "malformed id refused" 'not a Postfix queue id' q release 'A1;rm -rf /'
fails "id with a slash refused" 'not a Postfix queue id' q delete '../../etc'
fails "released id is no longer held" 'no such message in the hold queue' q show "$qid_q_npm"
fails "deleted id is no longer held" 'no such message in the hold queue' q release "$qid_q_pypj"
fails "bad config dir" 'postqueue failed' "$cli" quarantine -C "$RIG_TMP/nonexistent" list
fails "not root" 'must be run as root' setpriv --reuid=nobody --regid=nogroup --clear-groups \
    "$cli" quarantine -C "$RIG_CFG" list
# Postfix's tools gone: /usr/sbin hidden in a mount namespace of its own
mkdir "$RIG_TMP/empty"
if unshare -m true 2>/dev/null; then
    fails "Postfix tools missing" 'postqueue not found (is Postfix installed?)' \
	env PATH=/usr/bin:/bin unshare -m sh -c \
	'mount --bind "$1" /usr/sbin && exec "$2" quarantine list' sh "$RIG_TMP/empty" "$cli"
else
    echo "# no mount namespace here: the missing-tools case is not run"
fi
"$cli" quarantine -C "$RIG_CFG" frobnicate > /dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && rig_ok "unknown subcommand: usage, exit 2" || rig_fail "unknown subcommand exit $rc"

# --- the rest, in one call
rest=$(rig_held_ids | tr '\n' ' ')
q delete $rest > /dev/null && [ "$(rig_count_held)" -eq 0 ] && rig_ok "delete of several ids" \
    || rig_fail "delete of several ids"
q list > "$RIG_TMP/list" && grep -q "hold queue is empty" "$RIG_TMP/list" \
    && rig_ok "list of an empty hold queue" || rig_fail "empty list"

rig_finish "quarantine"
