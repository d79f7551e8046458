#!/bin/sh
# t-corpus.sh - detection and false-positive rates on the sample corpus
#
# Passes when at least 95% of tests/corpus phish and at most 2% of its
# ham are flagged, when every campaign reconstruction in tests/campaigns
# is quarantined, and (when ../shared/corpus-peers is beside the
# checkout) when every peer message gets a verdict and no peer ham is
# flagged.
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
. "$top_srcdir/tests/lib.sh"
make_tmp

echo "== sample corpus"
"$cli" check --json -c "$conf" -r "$rules" "$top_srcdir/tests/corpus/phish" \
    "$top_srcdir/tests/corpus/ham" > "$tmp/corpus.json"
[ $? -le 1 ] || not_ok "regphish check exited with an error"
if python3 "$top_srcdir/tests/score-corpus.py" "$top_srcdir/tests/corpus/manifest.tsv" \
    "$top_srcdir/tests/corpus" < "$tmp/corpus.json"; then
    ok "sample corpus: detection and false-positive rates"
else
    not_ok "sample corpus: detection or false-positive rate"
fi

echo "== campaign reconstructions (each must be quarantined)"
for f in "$top_srcdir"/tests/campaigns/*.eml; do
    out=$("$cli" check -c "$conf" -r "$rules" "$f")
    action=$(printf '%s\n' "$out" | head -n 1 | sed -n 's/^.*: \([a-z]*\) (score.*$/\1/p')
    case "$action" in
    quarantine|reject) ok "$(basename "$f") $action" ;;
    *) not_ok "$(basename "$f") got '$action', want quarantine"; printf '%s\n' "$out" ;;
    esac
done

peers="$top_srcdir/../shared/corpus-peers"
if [ -d "$peers" ]; then
    echo "== peer projects' mail (every message gets a verdict, no ham flagged)"
    "$cli" check --json -c "$conf" -r "$rules" "$peers/ham" "$peers/spam" "$peers/odd" \
        > "$tmp/peers.json" 2> "$tmp/peers.err"
    [ $? -le 1 ] || { not_ok "regphish check exited with an error on peer mail"; cat "$tmp/peers.err"; }
    if python3 - "$peers" "$tmp/peers.json" <<'PY'
import json, os, sys
root, out = sys.argv[1], sys.argv[2]
files = []
for sub in ("ham", "spam", "odd"):
    for dp, dn, fn in os.walk(os.path.join(root, sub)):
        dn[:] = sorted(d for d in dn if not d.startswith("."))
        files += [os.path.join(dp, f) for f in fn if not f.startswith(".")]
seen, flagged_ham, errors = set(), [], []
for line in open(out, encoding="utf-8"):
    o = json.loads(line)
    f = o["file"].rsplit(":", 1)[0] if not os.path.exists(o["file"]) else o["file"]
    seen.add(os.path.normpath(f))
    if "error" in o:
        errors.append(o["file"])
    elif "/ham/" in o["file"] and o["action"] != "accept":
        flagged_ham.append("%s %.2f %s" % (o["file"], o["score"], [s["name"] for s in o["symbols"]]))
missing = [f for f in files if os.path.normpath(f) not in seen]
for m in missing: print("  no verdict:", m)
for e in errors: print("  error:", e)
for h in flagged_ham: print("  ham flagged:", h)
print("peer messages %d, without verdict %d, errors %d, ham flagged %d"
      % (len(files), len(missing), len(errors), len(flagged_ham)))
sys.exit(1 if missing or errors or flagged_ham else 0)
PY
    then ok "peer mail: every message has a verdict, no ham flagged"
    else not_ok "peer mail: messages without a verdict, errors or ham flagged"
    fi
else
    echo "(no ../shared/corpus-peers beside the source tree: peer mail not checked)"
fi
finish
