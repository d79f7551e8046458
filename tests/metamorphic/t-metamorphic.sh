#!/bin/sh
# t-metamorphic.sh - reader-invisible changes must never lower a verdict
#
# Every phish of tests/corpus (by its manifest) and tests/campaigns is
# changed by each transform of generate.py (re-encodings, limits, hidden
# text and links, invisible characters, markup, hrefs, names, decoys,
# forged Authentication-Results: `generate.py --list`), all variants are
# checked by one `regphish check --json` run with metamorphic.conf, and
# the test fails when any variant's action is below its original's
# (accept < tag < quarantine < reject).  run.py prints each such
# variant and a table per transform.  Files are written under a mktemp
# directory only, so a read-only source tree (make distcheck) is fine.
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
. "$top_srcdir/tests/lib.sh"
command -v python3 >/dev/null 2>&1 || skip "python3 not installed"
[ -x "$cli" ] || { echo "FAIL: $cli not built"; exit 1; }
make_tmp

here=$top_srcdir/tests/metamorphic
if python3 -B "$here/run.py" --cli "$cli" --conf "$here/metamorphic.conf" \
    --rules "$rules" --manifest "$top_srcdir/tests/corpus/manifest.tsv" \
    --keep "$tmp/variants" "$top_srcdir/tests/corpus/phish" "$top_srcdir/tests/campaigns"
then
    ok "no reader-invisible variant has a lower action than its original"
else
    not_ok "variants with a lower action than their original (listed above)"
fi
finish
