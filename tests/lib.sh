# lib.sh - helpers shared by the shell tests (sourced, POSIX sh)
#
#   : "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
#   . "$top_srcdir/tests/lib.sh"
#   make_tmp                            # $tmp, removed on exit
#   expect_rc "ham exits 0" 0 "$cli" check -c "$conf" -r "$rules" "$ham"
#   expect_grep "verdict line" ": accept (score" "$tmp/out"
#   finish                              # "N passed, N failed", exit 0 or 1
#
# make run sets top_srcdir and top_builddir (absolute); run by hand, a
# script sets top_srcdir from its own place before sourcing this file,
# which defaults top_builddir to top_srcdir and sets cli (the built
# regphish command), conf (tests/regphish-test.conf) and rules (the
# source tree's rules/).  Sourcing makes no file and sets no trap, so the
# Postfix rig (postfix/rig.sh), which has a temp dir and traps of its
# own, builds on it too.  The helpers' own variables start with _t_.
#
# make_tmp - make the temp dir $tmp (exit 99, a hard error, when it
#	cannot); an EXIT trap removes it, INT, TERM and HUP exit 1.
# ok NAME / not_ok NAME - report one check ("ok - NAME", "not ok -
#	NAME"); passed and failed count them.
# expect_rc NAME WANT CMD... - run CMD, stdout in $tmp/out, stderr in
#	$tmp/err, exit status in rc; ok when rc is WANT, else not_ok and
#	show both outputs.
# expect_grep NAME PATTERN FILE - ok when FILE holds the basic regular
#	expression PATTERN, else not_ok and show FILE.
# expect_no NAME PATTERN FILE - ok when FILE does not hold PATTERN.
# tally [NAME] - print "[NAME: ]N passed, N failed"; true when no check
#	failed.
# finish - tally, then exit 0, or 1 when a check failed.
# skip REASON - print "SKIP: REASON" and exit 77 (Automake: skipped).

: "${top_builddir:=$top_srcdir}"
cli=$top_builddir/milter/regphish
conf=$top_srcdir/tests/regphish-test.conf
rules=$top_srcdir/rules
passed=0 failed=0

make_tmp() {
    tmp=$(mktemp -d) || exit 99
    trap 'rm -rf "$tmp"' EXIT
    trap 'exit 1' INT TERM HUP
}

ok() { passed=$((passed + 1)); echo "ok - $*"; }
not_ok() { failed=$((failed + 1)); echo "not ok - $*"; }

expect_rc() {
    _t_name=$1 _t_want=$2; shift 2
    "$@" > "$tmp/out" 2> "$tmp/err"; rc=$?
    if [ "$rc" = "$_t_want" ]; then
	ok "$_t_name"
    else
	not_ok "$_t_name (exit $rc, want $_t_want)"
	sed 's/^/    /' "$tmp/out" "$tmp/err" | head -40
    fi
}

expect_grep() {
    if grep -q -- "$2" "$3"; then
	ok "$1"
    else
	not_ok "$1 (no '$2' in output)"; sed 's/^/    /' "$3" | head -20
    fi
}

expect_no() {
    if grep -q -- "$2" "$3"; then
	not_ok "$1 ('$2' in output)"; sed 's/^/    /' "$3" | head -20
    else
	ok "$1"
    fi
}

tally() {
    echo "${1:+$1: }$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
}

finish() { tally; exit $?; }

skip() { echo "SKIP: $*"; exit 77; }
