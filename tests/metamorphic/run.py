#!/usr/bin/env python3
"""run.py - do reader-invisible changes lower regphish's verdict?

usage: run.py --cli REGPHISH [--conf FILE] [--rules DIR] [--manifest FILE]...
              [--only NAME,...] [--keep DIR] [--all] SRC...

Writes the variants of every phish of SRC (generate.py) to a temporary
directory (or DIR with --keep, left in place), runs `REGPHISH check --json`
once over all of them and the originals, and compares each variant's
action with its original's (accept < tag < quarantine < reject).  Prints
every variant whose action is lower (the original, the transform, both
actions and scores, and the symbols the variant lost), then a table:
per transform, the variants made, how many got a lower action, and how
many kept the action with a lower score (for information).  --all also
lists the lower scores.  Exits 1 when any variant's action is lower, a
message got no verdict or a transform failed; 2 on usage errors.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import generate  # noqa: E402

RANK = {"accept": 0, "tag": 1, "quarantine": 2, "reject": 3}


def scan(cli, conf, rules, outdir):
    """{file name: verdict object} of one `regphish check --json` run."""
    cmd = [cli, "check", "--json"] + (["-c", conf] if conf else []) + ["-r", rules, outdir]
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if proc.returncode not in (0, 1):
        sys.stderr.write(proc.stderr.decode("utf-8", "replace"))
    verdicts = {}
    for line in proc.stdout.decode("utf-8", "replace").splitlines():
        obj = json.loads(line)
        verdicts[os.path.basename(obj["file"])] = obj
    return verdicts


def describe(v):
    if v is None or "error" in v:
        return "no verdict" + (" (%s)" % v["error"] if v and "error" in v else "")
    return "%s %.2f" % (v["action"], v["score"])


def lost(orig, var):
    """Symbols of the original the variant lacks or scores lower."""
    have = {s["name"]: s["score"] for s in var.get("symbols", [])}
    return ["%s(%.1f)" % (s["name"], s["score"]) for s in orig.get("symbols", [])
            if s["score"] > 0 and have.get(s["name"], 0) < s["score"]]


def compare(rows, verdicts, show_scores):
    """Print the failures; returns {transform: [made, lowered, score down]} and
    the number of failures."""
    table, failures = {}, 0
    for variant, original, transform in rows:
        counts = table.setdefault(transform, [0, 0, 0])
        counts[0] += 1
        stem = variant.split("--")[0]
        orig, var = verdicts.get(stem + ".eml"), verdicts.get(variant)
        ok = lambda v: v is not None and "error" not in v and v.get("action") in RANK
        if not ok(orig) or not ok(var):
            print("NO VERDICT %s %s: original %s, variant %s"
                  % (original, transform, describe(orig), describe(var)))
            counts[1] += 1
            failures += 1
        elif RANK[var["action"]] < RANK[orig["action"]]:
            print("LOWER %s %s: original %s, variant %s; lost %s"
                  % (original, transform, describe(orig), describe(var),
                     " ".join(lost(orig, var)) or "-"))
            counts[1] += 1
            failures += 1
        elif var["score"] < orig["score"] - 1e-6:
            counts[2] += 1
            if show_scores:
                print("score down %s %s: original %s, variant %s; lost %s"
                      % (original, transform, describe(orig), describe(var),
                         " ".join(lost(orig, var)) or "-"))
    return table, failures


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    ap.add_argument("--cli", required=True)
    ap.add_argument("--conf", default=os.path.join(here, "metamorphic.conf"))
    ap.add_argument("--rules", default=os.path.join(here, "..", "..", "rules"))
    ap.add_argument("--manifest", action="append", default=[])
    ap.add_argument("--only")
    ap.add_argument("--keep")
    ap.add_argument("--all", action="store_true")
    ap.add_argument("sources", nargs="+")
    args = ap.parse_args()
    only = set(args.only.split(",")) if args.only else None
    outdir = args.keep or tempfile.mkdtemp(prefix="metamorphic.")
    try:
        rows, broken = generate.generate(args.sources, outdir, args.manifest, args.rules, only)
        verdicts = scan(args.cli, args.conf, args.rules, outdir)
        table, failures = compare(rows, verdicts, args.all)
    finally:
        if not args.keep:
            shutil.rmtree(outdir, ignore_errors=True)
    originals = len({r[1] for r in rows})
    print("\n%-32s %8s %8s %11s" % ("transform", "variants", "lowered", "score down"))
    for name, _ in generate.TRANSFORMS:
        if name in table:
            print("%-32s %8d %8d %11d" % ((name,) + tuple(table[name])))
    print("%-32s %8d %8d %11d" % ("total", len(rows), failures,
                                  sum(c[2] for c in table.values())))
    print("%d originals, %d variants, %d with a lower action or no verdict, "
          "%d transform failures" % (originals, len(rows), failures, broken))
    return 1 if failures or broken or not rows else 0


if __name__ == "__main__":
    sys.exit(main())
