#!/usr/bin/env python3
"""generate.py - reader-invisible variants of phishing messages

usage: generate.py [--manifest FILE]... [--rules DIR] [--only NAME,...]
                   [--list] SRC... OUTDIR

For every message of SRC (files, or directories of *.eml, read in name
order) writes OUTDIR/STEM.eml (the original, as it was) and, for every
transform that applies to it, OUTDIR/STEM--TRANSFORM.eml; OUTDIR/.index.tsv
lists variant, original and transform (the dot keeps it out of a
`regphish check OUTDIR`).  A --manifest (tests/corpus/manifest.tsv: file,
label, brand, ...) drops the messages it labels other than phish and
names each one's brand; a message it does not list is kept, its brand
found from the names in its subject, display name and text
(rules/brands.conf).  The brand's sending domain is what the forged
Authentication-Results claim.  Every choice is seeded from the original's
name and the transform's, so a run writes the same bytes every time.
--list prints the transforms with what each does and exits.
Exits 1 when a transform failed on some message (a bug here), else 0.
"""
import argparse
import hashlib
import os
import random
import re
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import mailparts as mp  # noqa: E402
import shape  # noqa: E402
import t_mime  # noqa: E402
import t_names  # noqa: E402
import t_text  # noqa: E402

TRANSFORMS = t_mime.TRANSFORMS + t_text.TRANSFORMS + t_names.TRANSFORMS
HERE = os.path.dirname(os.path.abspath(__file__))


def norm(s):
    return re.sub(r"[^a-z0-9]", "", s.lower())


def load_brands(path):
    """[{brand, names, domains}] from brands.conf; domains: sends, then targets."""
    brands, cur = [], None
    with open(path, encoding="utf-8") as fp:
        for line in fp:
            line = re.sub(r"(^|\s)#.*", "", line).strip()
            key, _, rest = line.partition(" ")
            rest = rest.strip()
            if key == "brand":
                cur = {"brand": rest, "names": [rest], "sends": [], "targets": []}
                brands.append(cur)
            elif cur is not None and key == "name":
                cur["names"].append(rest)
            elif cur is not None and key == "sends":
                cur["sends"] += rest.split()
            elif cur is not None and key == "target":
                cur["targets"].append(rest.split()[0])
    for b in brands:
        b["domains"] = b["sends"] + b["targets"]
    return [b for b in brands if b["domains"]]


def brand_domain(brands, msg, hint):
    """The sending domain of the brand msg imitates (hint: the manifest's)."""
    if hint:
        for b in brands:
            keys = [norm(n) for n in b["names"]] + [norm(d.split(".")[0]) for d in b["targets"]]
            if any(norm(hint) in k or (k and k in norm(hint)) for k in keys):
                return b["domains"][0]
    text = " ".join([mp.decoded_header(msg, "Subject"), mp.display_name(msg.get("From") or "")]
                    + [shape.html_to_rough_text(mp.get_text(p)) for p in mp.text_leaves(msg)]).lower()
    best, count = None, 0
    for b in brands:
        words = b["names"] + [d.split(".")[0] for d in b["targets"]]
        n = sum(len(re.findall(r"(?<!\w)%s(?!\w)" % re.escape(w.lower()), text)) for w in words)
        if n > count:
            best, count = b, n
    return (best or brands[0])["domains"][0]


def read_manifests(paths):
    """{normalised path: (label, brand)} of the manifests."""
    out = {}
    for path in paths:
        root = os.path.dirname(os.path.abspath(path))
        with open(path, encoding="utf-8") as fp:
            for line in fp:
                cols = line.rstrip("\n").split("\t")
                if len(cols) >= 3 and cols[1] in ("phish", "ham"):
                    out[os.path.normpath(os.path.join(root, cols[0]))] = (cols[1], cols[2])
    return out


def sources(paths):
    for path in paths:
        if os.path.isdir(path):
            for name in sorted(os.listdir(path)):
                if name.endswith(".eml") and not name.startswith("."):
                    yield os.path.join(path, name)
        else:
            yield path


def seeded(stem, transform):
    digest = hashlib.sha256(("%s/%s" % (stem, transform)).encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def generate(srcs, outdir, manifests=(), rules=None, only=None, log=sys.stderr):
    """Write the variants; returns (index rows, number of failures)."""
    brands = load_brands(os.path.join(rules or os.path.join(HERE, "..", "..", "rules"),
                                      "brands.conf"))
    labels = read_manifests(manifests)
    os.makedirs(outdir, exist_ok=True)
    rows, failures, stems = [], 0, set()
    for src in sources(srcs):
        label, hint = labels.get(os.path.normpath(os.path.abspath(src)), ("phish", None))
        if label != "phish":
            continue
        stem = os.path.splitext(os.path.basename(src))[0]
        while stem in stems:
            stem += "_"
        stems.add(stem)
        with open(src, "rb") as fp:
            data = fp.read()
        with open(os.path.join(outdir, stem + ".eml"), "wb") as fp:
            fp.write(data)
        domain = brand_domain(brands, mp.parse(data), hint)
        for name, fn in TRANSFORMS:
            if only and name not in only:
                continue
            ctx = shape.Ctx(seeded(stem, name), domain, name)
            try:
                msg = fn(mp.parse(data), ctx)
            except Exception as e:   # a bug in a transform: say so, go on
                print("generate.py: %s on %s: %s: %s" % (name, src, type(e).__name__, e), file=log)
                failures += 1
                continue
            if msg is None:
                continue
            variant = "%s--%s.eml" % (stem, name)
            with open(os.path.join(outdir, variant), "wb") as fp:
                fp.write(mp.write(msg))
            rows.append((variant, src, name))
    with open(os.path.join(outdir, ".index.tsv"), "w", encoding="utf-8") as fp:
        fp.write("variant\toriginal\ttransform\n")
        for row in rows:
            fp.write("\t".join(row) + "\n")
    return rows, failures


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    ap.add_argument("--manifest", action="append", default=[])
    ap.add_argument("--rules")
    ap.add_argument("--only", help="comma-separated transform names")
    ap.add_argument("--list", action="store_true")
    ap.add_argument("paths", nargs="*")
    args = ap.parse_args()
    if args.list:
        for name, fn in TRANSFORMS:
            print("%-32s %s" % (name, " ".join(fn.__doc__.split())))
        return 0
    if len(args.paths) < 2:
        ap.error("need SRC... OUTDIR")
    only = set(args.only.split(",")) if args.only else None
    unknown = (only or set()) - {n for n, _ in TRANSFORMS}
    if unknown:
        ap.error("unknown transform: %s" % ", ".join(sorted(unknown)))
    rows, failures = generate(args.paths[:-1], args.paths[-1], args.manifest, args.rules, only)
    print("%d variants in %s" % (len(rows), args.paths[-1]))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
