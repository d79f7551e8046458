#!/bin/sh
# t-cli.sh - the regphish command: inputs, output formats, exit codes
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
cli="$top_builddir/milter/regphish"
conf="$top_srcdir/tests/regphish-test.conf"
rules="$top_srcdir/rules"
corpus="$top_srcdir/tests/corpus"
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0

ok() { passed=$((passed + 1)); echo "ok - $1"; }
not_ok() { failed=$((failed + 1)); echo "not ok - $1"; }
# expect_rc NAME WANT CMD... - run CMD, compare its exit status
expect_rc() {
    name=$1 want=$2; shift 2
    "$@" > "$tmp/out" 2> "$tmp/err"; rc=$?
    if [ "$rc" = "$want" ]; then ok "$name"; else not_ok "$name (exit $rc, want $want)"; cat "$tmp/err"; fi
}
# expect_grep NAME PATTERN FILE - FILE holds PATTERN
expect_grep() {
    if grep -q -- "$2" "$3"; then ok "$1"; else not_ok "$1 (no '$2' in output)"; sed 's/^/    /' "$3" | head -20; fi
}
R="-c $conf -r $rules"

ham="$corpus/ham/pub-h001.eml"
phish="$top_srcdir/tests/campaigns/npmjs-help-2025-09.eml"

expect_rc "ham exits 0" 0 "$cli" check $R "$ham"
expect_grep "ham verdict line" "pub-h001.eml: accept (score" "$tmp/out"
expect_rc "phish exits 1" 1 "$cli" check $R "$phish"
expect_grep "phish verdict line names the action" "npmjs-help-2025-09.eml: quarantine (score" "$tmp/out"
expect_grep "phish symbols carry a readable reason" "npmjs.help looks like" "$tmp/out"
expect_rc "missing file exits 2" 2 "$cli" check $R "$tmp/nonexistent.eml"
expect_grep "error names the file" "nonexistent.eml" "$tmp/err"

expect_rc "json output" 1 "$cli" check --json $R "$ham" "$phish"
if python3 -c '
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert len(rows) == 2, rows
for r in rows:
    assert set(["file", "score", "action", "symbols"]) <= set(r), r
    for s in r["symbols"]:
        assert set(["name", "score", "reason"]) <= set(s), s
assert rows[0]["action"] == "accept" and rows[1]["action"] == "quarantine", rows
' "$tmp/out"; then ok "json objects have file, score, action, symbols"; else not_ok "json objects"; fi

# An mbox of three messages: labels PATH:1..3
mbox="$tmp/box.mbox"
for f in "$ham" "$phish" "$corpus/ham/pub-h002.eml"; do
    printf 'From sender@example.net Mon Jan  1 00:00:00 2025\n'; tr -d '\r' < "$f"; printf '\n'
done > "$mbox"
expect_rc "mbox with a phish exits 1" 1 "$cli" check --json $R "$mbox"
expect_grep "mbox message labels" "\"file\":\"$mbox:3\"" "$tmp/out"
expect_grep "mbox second message flagged" "\"file\":\"$mbox:2\",\"score\":[0-9.]*,\"action\":\"quarantine\"" "$tmp/out"

# A Maildir
mkdir -p "$tmp/Maildir/cur" "$tmp/Maildir/new" "$tmp/Maildir/tmp"
cp "$ham" "$tmp/Maildir/cur/1.host:2,S"; cp "$phish" "$tmp/Maildir/new/2.host"
expect_rc "Maildir exits 1" 1 "$cli" check $R "$tmp/Maildir"
if [ "$(grep -c '^/' "$tmp/out")" = 2 ]; then ok "Maildir: two verdicts"; else not_ok "Maildir: two verdicts"; cat "$tmp/out"; fi

# Standard input
"$cli" check $R - < "$ham" > "$tmp/out" 2>&1; rc=$?
if [ $rc = 0 ] && grep -q '^-: accept' "$tmp/out"; then ok "stdin"; else not_ok "stdin (exit $rc)"; cat "$tmp/out"; fi

# domain
expect_rc "domain lookalike exits 1" 1 "$cli" domain --json $R npmjs.help
if python3 -c '
import json, sys
r = json.loads(open(sys.argv[1]).readline())
assert r["domain"] == "npmjs.help" and r["brand"] is not None and r["technique"], r
' "$tmp/out"; then ok "domain json names brand and technique"; else not_ok "domain json"; cat "$tmp/out"; fi
expect_rc "own and known-good domains exit 0" 0 "$cli" domain --json $R pypi.org pypy.org files.pythonhosted.org
if python3 -c '
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert len(rows) == 3 and all(r["brand"] is None for r in rows), rows
' "$tmp/out"; then ok "genuine domains have brand null"; else not_ok "genuine domains"; cat "$tmp/out"; fi
expect_rc "Unicode domain" 1 "$cli" domain $R "pуpi.org"

# Config errors name file and line
printf 'tag_threshold = 5\nno_such_key = 1\n' > "$tmp/bad.conf"
expect_rc "bad config exits 2" 2 "$cli" check -c "$tmp/bad.conf" -r "$rules" "$ham"
expect_grep "bad config names file and line" "bad.conf:2: unknown setting" "$tmp/err"
mkdir -p "$tmp/rules"; cp "$rules"/* "$tmp/rules/"
printf 'LOOKALIKE_TLD_SWAP  lots\n' >> "$tmp/rules/symbols.conf"
expect_rc "bad rules exit 2" 2 "$cli" check -c "$conf" -r "$tmp/rules" "$ham"
expect_grep "bad rules name file and line" "symbols.conf:[0-9]*: symbol LOOKALIKE_TLD_SWAP" "$tmp/err"
expect_rc "unknown command exits 2" 2 "$cli" frobnicate

# config: the settings in force, in the file's own syntax
expect_rc "config exits 0" 0 "$cli" config -c "$conf" -r "$rules"
expect_grep "config shows the file's value" "^trusted_authserv_ids = mx.example.net" "$tmp/out"
sed 's/\t#.*//' "$tmp/out" > "$tmp/shown.conf"
expect_rc "config output is itself a valid config" 0 "$cli" config -c "$tmp/shown.conf" -r "$rules"
expect_rc "config with a bad file exits 2" 2 "$cli" config -c "$tmp/bad.conf" -r "$rules"
# conf/regphish.conf documents every setting, commented out at its default.
"$cli" config -c /dev/null -r "$rules" | sed 's/\t#.*//' > "$tmp/defaults"
rules_dir=$(sed -n 's/^rules_dir = //p' "$tmp/defaults")
local_dir=$(sed -n 's/^local_rules_dir = //p' "$tmp/defaults")
sed -n 's/^#\([a-z_]* =.*\)$/\1/p' "$top_srcdir/conf/regphish.conf" \
    | sed -e "s|@rulesdir@|$rules_dir|" -e "s|@localrulesdir@|$local_dir|" > "$tmp/documented"
"$cli" config -c "$tmp/documented" -r "$rules" | sed 's/\t#.*//' > "$tmp/documented.shown"
if diff "$tmp/defaults" "$tmp/documented.shown" > "$tmp/diff"; then
    ok "conf/regphish.conf lists every setting with its default"
else
    not_ok "conf/regphish.conf and the built-in defaults differ"; cat "$tmp/diff"
fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
