#!/bin/sh
# t-golden.sh - the regphish command's text and JSON output, byte for byte
#
# For the messages listed in tests/golden/messages.in and the names in
# tests/golden/domains.in, runs from the top of the source tree, with
# relative paths (so labels read the same in every build tree and in
# make distcheck, whose source tree is read-only)
#	regphish check [--json] -c tests/regphish-test.conf -r rules MESSAGE...
#	regphish domain [--json] -c tests/regphish-test.conf -r rules NAME...
# and compares each output with its golden file in tests/golden:
# check.ref, check-json.ref, domain.ref and domain-json.ref.  A
# difference fails and is shown as a unified diff (- the .ref, + now).
# Each command must also exit 0 or 1 with nothing on stderr, and each
# line of JSON output must parse.
# With RP_GOLDEN_UPDATE=yes (what tests/golden/update sets) the outputs
# are written to the .ref files instead; see tests/golden/README.
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
. "$top_srcdir/tests/lib.sh"
make_tmp
golden=$top_srcdir/tests/golden
cli=$(cd "$top_builddir/milter" && pwd)/regphish	# we run it from $top_srcdir
update=${RP_GOLDEN_UPDATE:-no}
set -f				# the input lists are split into words, never globbed
# GNU diff names the label line above each change in its hunk header
diff_opts=-u
diff -F x /dev/null /dev/null >/dev/null 2>&1 && diff_opts="-u -F ^[^[:space:]]"

# inputs FILE - the lines of tests/golden/FILE but comments and blank lines
inputs() { sed -e '/^#/d' -e '/^[[:space:]]*$/d' "$golden/$1"; }

# golden REF ARG... - run regphish ARG... in $top_srcdir; compare what it
#	prints with tests/golden/REF.ref, or write it there when updating
golden() {
    _ref=$1; shift
    (cd "$top_srcdir" && exec "$cli" "$@") > "$tmp/$_ref" 2> "$tmp/$_ref.err"
    _rc=$?
    if [ "$_rc" -gt 1 ] || [ -s "$tmp/$_ref.err" ]; then
	not_ok "$_ref: exit $_rc, want 0 or 1 and no diagnostics"
	sed 's/^/    /' "$tmp/$_ref.err" | head -20
	return
    fi
    case $_ref in
    *json)
	python3 -c '
import json, sys
for n, line in enumerate(open(sys.argv[1], encoding="utf-8"), 1):
    try:
        json.loads(line)
    except ValueError as e:
        sys.exit("line %d: %s" % (n, e))
' "$tmp/$_ref" || { not_ok "$_ref: output is not one JSON object a line"; return; }
    esac
    if [ "$update" = yes ]; then
	if cp "$tmp/$_ref" "$golden/$_ref.ref"; then ok "wrote tests/golden/$_ref.ref"
	else not_ok "cannot write tests/golden/$_ref.ref"; fi
    elif diff $diff_opts "$golden/$_ref.ref" "$tmp/$_ref" > "$tmp/$_ref.diff"; then
	ok "$_ref: output as in tests/golden/$_ref.ref"
    else
	not_ok "$_ref: output differs from tests/golden/$_ref.ref"
	cat "$tmp/$_ref.diff"
    fi
}

R="-c tests/regphish-test.conf -r rules"
golden check check $R $(inputs messages.in)
golden check-json check --json $R $(inputs messages.in)
golden domain domain $R $(inputs domains.in)
golden domain-json domain --json $R $(inputs domains.in)
finish
