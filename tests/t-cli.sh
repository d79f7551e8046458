#!/bin/sh
# t-cli.sh - the regphish command: inputs, labels, exit codes, errors
# (the output formats themselves: t-golden.sh)
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
. "$top_srcdir/tests/lib.sh"
corpus="$top_srcdir/tests/corpus"
make_tmp
R="-c $conf -r $rules"

ham="$corpus/ham/pub-h001.eml"
phish="$top_srcdir/tests/campaigns/npmjs-help-2025-09.eml"

expect_rc "ham exits 0" 0 "$cli" check $R "$ham"
expect_rc "phish exits 1" 1 "$cli" check $R "$phish"
expect_rc "missing file exits 2" 2 "$cli" check $R "$tmp/nonexistent.eml"
expect_grep "error names the file" "nonexistent.eml" "$tmp/err"

expect_rc "json output" 1 "$cli" check --json $R "$ham" "$phish"

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
expect_rc "own and known-good domains exit 0" 0 "$cli" domain --json $R pypi.org pypy.org files.pythonhosted.org
expect_rc "Unicode domain" 1 "$cli" domain $R "pуpi.org"

# Terminal injection: a display name, an RFC 2047 subject and a file name
# made of escape sequences (CSI, OSC window title and OSC 8 hyperlink ended
# by BEL, C1 CSI, backspace, CR), bidi controls, a tag character (U+E0001,
# a surrogate pair in JSON) and a byte that is not UTF-8.  The text report shows
# each one escaped (\x1b, \u202e), the JSON report is valid JSON with
# them escaped (\u001b), and neither puts one raw on the terminal.
# terminal_safe FILE - FILE is UTF-8 with no control character but
#	newline, no C1 control, no bidi or other format character
terminal_safe() {
    python3 -c '
import sys, unicodedata
text = open(sys.argv[1], "rb").read().decode("utf-8")
bad = [c for c in text if c != "\n" and unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp")]
sys.exit("raw %r" % bad[:5] if bad else 0)
' "$1"
}
esc=$(printf '\033')
subject=$(printf '[PyPI] Email verification \033]8;;https://evil.example/\007click\033]8;;\007 \342\201\246\r\302\233' | base64 | tr -d '\n')
evil="$tmp/evil$esc[2J$(printf '\342\200\256\302\233')lmth$(printf '\377\363\240\200\201').eml"
printf 'From: "PyPI \033[2J\033]0;owned\007 Support\342\200\256" <noreply@pypj.org>\r\nTo: dev@example.net\r\nSubject: =?UTF-8?B?%s?=\r\nDate: Mon, 1 Jan 2025 00:00:00 +0000\r\nMessage-ID: <a@pypj.org>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\nVerify your email at https://pypj.org/account/verify now or your account will be suspended.\r\n' \
    "$subject" > "$evil"
expect_rc "terminal escapes: flagged" 1 "$cli" check $R "$evil"
if terminal_safe "$tmp/out"; then ok "terminal escapes: text report has none raw"
else not_ok "terminal escapes: text report has some raw"; cat -v "$tmp/out"; fi
expect_grep "terminal escapes: label escaped" 'evil\\x1b\[2J\\u202e\\u009blmth\\xff\\U000e0001\.eml: quarantine' "$tmp/out"
expect_grep "terminal escapes: display name escaped" '"PyPI \\x1b\[2J\\x1b\]0;owned\\x07 Support' "$tmp/out"
expect_grep "terminal escapes: subject escaped" 'verification \\x1b\]8;;https://evil\.example/\\x07click' "$tmp/out"
expect_rc "terminal escapes: JSON flagged" 1 "$cli" check --json $R "$evil"
if terminal_safe "$tmp/out" && python3 -c '
import json, sys
v = json.loads(open(sys.argv[1], encoding="utf-8").read())
assert "\x1b[2J\u202e\u009blmth\ufffd\U000e0001.eml" in v["file"], v["file"]
assert any("\x1b]8;;https://evil.example/\x07click" in s["reason"] for s in v["symbols"]), v
' "$tmp/out"; then ok "terminal escapes: JSON valid, escaped, and decodes to the original"
else not_ok "terminal escapes: JSON"; cat -v "$tmp/out"; fi
"$cli" domain $R "pypj.org$esc[2J$(printf '\342\200\256')" "$evil" > "$tmp/out" 2>&1
if terminal_safe "$tmp/out"; then ok "terminal escapes: domain report and errors have none raw"
else not_ok "terminal escapes: domain report or errors"; cat -v "$tmp/out"; fi

# Config errors name file and line
printf 'tag_threshold = 5\nno_such_key = 1\n' > "$tmp/bad.conf"
expect_rc "bad config exits 2" 2 "$cli" check -c "$tmp/bad.conf" -r "$rules" "$ham"
expect_grep "bad config names file and line" "bad.conf:2: unknown setting" "$tmp/err"
mkdir -p "$tmp/rules"; cp "$rules"/* "$tmp/rules/"
printf 'LOOKALIKE_TLD_SWAP  lots\n' >> "$tmp/rules/symbols.conf"
expect_rc "bad rules exit 2" 2 "$cli" check -c "$conf" -r "$tmp/rules" "$ham"
expect_grep "bad rules name file and line" "symbols.conf:[0-9]*: symbol LOOKALIKE_TLD_SWAP" "$tmp/err"
expect_rc "unknown command exits 2" 2 "$cli" frobnicate

# The CLI reads a milter config with the milter's table: same checks.
cat "$top_srcdir/tests/milter/base.conf" "$top_srcdir/tests/milter/t-reject.conf" > "$tmp/milter.conf"
expect_rc "milter config accepted" 0 "$cli" check -c "$tmp/milter.conf" -r "$rules" "$ham"
expect_rc "config shows a milter config" 0 "$cli" config -c "$tmp/milter.conf" -r "$rules"
expect_grep "config shows the milter's keys" "^user = nobody" "$tmp/out"
expect_grep "config shows the engine's keys" "^reject_threshold = 8" "$tmp/out"
printf 'user = nobody\nfallback = maybe\n' > "$tmp/bad-fallback.conf"
expect_rc "bad fallback exits 2" 2 "$cli" check -c "$tmp/bad-fallback.conf" -r "$rules" "$ham"
expect_grep "bad fallback names file and line" "bad-fallback.conf:2: fallback: \"maybe\" is not accept or tempfail" "$tmp/err"
printf '# x\nmax_message_size = 1e9\nreject_threshold = inf\n' > "$tmp/bad-number.conf"
expect_rc "bad number exits 2" 2 "$cli" config -c "$tmp/bad-number.conf" -r "$rules"
expect_grep "bad number names file and line" "bad-number.conf:2: max_message_size: \"1e9\" is not a whole number" "$tmp/err"
printf 'tag_threshold = 9\n' > "$tmp/bad-order.conf"
expect_rc "thresholds out of order exit 2" 2 "$cli" check -c "$tmp/bad-order.conf" -r "$rules" "$ham"
expect_grep "thresholds out of order name file and line" "bad-order.conf:1: thresholds must rise" "$tmp/err"

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

finish
