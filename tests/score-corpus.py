#!/usr/bin/env python3
"""score-corpus.py - score `regphish check --json` output against a manifest.

usage: score-corpus.py MANIFEST CORPUS_DIR < json-lines

Prints detection and false-positive rates, every miss and false positive
with its symbols, and exits 1 when phish detection is below --min-detect
or ham flagging above --max-fp (fractions), or when a message got no
verdict.
"""
import argparse, json, os, sys

ap = argparse.ArgumentParser()
ap.add_argument("manifest")
ap.add_argument("root")
ap.add_argument("--min-detect", type=float, default=0.95)
ap.add_argument("--max-fp", type=float, default=0.02)
args = ap.parse_args()

label = {}
with open(args.manifest, encoding="utf-8") as fp:
    next(fp)
    for line in fp:
        cols = line.rstrip("\n").split("\t")
        if len(cols) > 1 and cols[1] in ("phish", "ham"):
            label[os.path.normpath(os.path.join(args.root, cols[0]))] = cols[1]

verdict = {}
for line in sys.stdin:
    obj = json.loads(line)
    verdict[os.path.normpath(obj["file"])] = obj

missing = [f for f in label if f not in verdict]
errors = [f for f in label if f in verdict and "error" in verdict[f]]
phish = [f for f in label if label[f] == "phish"]
ham = [f for f in label if label[f] == "ham"]
flagged = lambda f: f in verdict and verdict[f].get("action", "accept") != "accept"
tp = [f for f in phish if flagged(f)]
fp_ = [f for f in ham if flagged(f)]

def show(kind, f):
    v = verdict.get(f, {})
    syms = ", ".join("%s(%.1f)" % (s["name"], s["score"]) for s in v.get("symbols", []))
    print("  %s: %s score %.2f: %s" % (kind, os.path.relpath(f, args.root), v.get("score", 0), syms))

for f in phish:
    if not flagged(f):
        show("missed", f)
for f in fp_:
    show("false positive", f)
for f in missing + errors:
    print("  no verdict:", os.path.relpath(f, args.root))
det = len(tp) / len(phish) if phish else 1.0
fpr = len(fp_) / len(ham) if ham else 0.0
print("phish flagged %d/%d (%.1f%%), ham flagged %d/%d (%.1f%%)"
      % (len(tp), len(phish), 100 * det, len(fp_), len(ham), 100 * fpr))
ok = det >= args.min_detect and fpr <= args.max_fp and not missing and not errors
sys.exit(0 if ok else 1)
