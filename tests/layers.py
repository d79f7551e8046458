#!/usr/bin/env python3
"""layers.py - check the house rules of milter/ that a compiler does not

Usage: layers.py SRCDIR BUILDDIR

Prints one "ok N - ..." or "not ok N - ..." line per rule (TAP), and exits 1
when any rule is broken:

  1. no C file (milter/, tests/, bench/) is longer than 800 lines;
  2. the CLI (milter/cli), the daemon (milter/daemon) and the benchmark
     include no engine header but regphish.h, and the engine includes no
     libmilter header;
  3. no circle of #include "..." among the files under milter/;
  4. no circle of calls between the engine's files: file A calling a
     function of file B while B, directly or through others, calls A
     (read from the objects' symbol tables with nm);
  5. the public archive exports exactly the functions that regphish.h
     declares RP_API, and each such declaration has a comment before it;
  6. each stage of the engine includes only the headers of the stages
     below it (STAGE_MAY_INCLUDE; milter/engine/README says the same).
"""
import os
import re
import subprocess
import sys

MAX_LINES = 800

# The pipeline's stages, and whose headers each may include besides its
# own and regphish.h.  "engine" is milter/engine/ itself: rp_engine.[ch],
# the loaded engine, which the checks and the rewriting read.
STAGE_MAY_INCLUDE = {
    "base": set(),
    "parse": {"base"},
    "know": {"base", "parse"},
    "verdict": {"base", "know"},
    "check": {"base", "parse", "know", "verdict", "engine"},
    "rewrite": {"base", "parse", "verdict", "engine"},
    "engine": {"base", "parse", "know", "verdict", "check", "rewrite"},
}
results = []


def report(ok, what, detail=""):
    results.append(ok)
    print("%s %d - %s" % ("ok" if ok else "not ok", len(results), what))
    if not ok and detail:
        for line in detail.rstrip().splitlines():
            print("#   " + line)


def sources(top, exts=(".c", ".h")):
    for root, _, files in os.walk(top):
        for name in sorted(files):
            if name.endswith(exts):
                yield os.path.join(root, name)


def includes(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return re.findall(r'^\s*#\s*include\s+"([^"]+)"', f.read(), re.M)


def cycles(graph):
    """Strongly connected components with more than one node (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def main():
    src, build = sys.argv[1], sys.argv[2]
    milter = os.path.join(src, "milter")
    rel = lambda p: os.path.relpath(p, src)

    # 1. file length
    long_files = []
    for path in (p for top in ("milter", "tests", "bench")
                 for p in sources(os.path.join(src, top), (".c",))):
        with open(path, encoding="utf-8", errors="replace") as f:
            n = sum(1 for _ in f)
        if n > MAX_LINES:
            long_files.append("%s: %d lines" % (rel(path), n))
    report(not long_files, "no C file over %d lines" % MAX_LINES,
           "\n".join(long_files))

    # 2. who includes what
    engine = os.path.join(milter, "engine")
    engine_headers = {os.path.basename(p) for p in sources(engine, (".h",))}
    leaks = []
    for top in ("milter/cli", "milter/daemon", "bench"):
        for path in sources(os.path.join(src, top)):
            for inc in includes(path):
                if inc in engine_headers or inc.startswith("rp_"):
                    leaks.append("%s includes %s" % (rel(path), inc))
    for path in sources(engine):
        with open(path, encoding="utf-8", errors="replace") as f:
            if re.search(r'^\s*#\s*include\s*[<"]libmilter/', f.read(), re.M):
                leaks.append("%s includes libmilter" % rel(path))
    report(not leaks, "CLI, daemon and benchmark include only regphish.h of the engine; "
           "the engine has no libmilter", "\n".join(leaks))

    # 3. include circles (by file name: each name is unique under milter/)
    by_name = {os.path.basename(p): p for p in sources(milter)}
    graph = {}
    for name, path in by_name.items():
        graph[name] = [i for i in includes(path) if i in by_name and i != name]
    circles = cycles(graph)
    report(not circles, "no #include circle under milter/",
           "\n".join(" <-> ".join(c) for c in circles))

    # 4. call circles between the engine's files
    archive = os.path.join(build, "milter", "libregphish-internal.a")
    nm = subprocess.run(["nm", "-A", archive], capture_output=True, text=True)
    defined, used = {}, {}
    for line in nm.stdout.splitlines():
        m = re.match(r"^[^:]*:([^:]+\.o):\s*(?:[0-9a-f]+)?\s+([A-Za-z])\s+(\S+)$", line)
        if not m:
            continue
        obj, kind, sym = m.groups()
        obj = re.sub(r"^libregphish_internal_a-", "", obj)
        if kind in "TDBR":
            defined[sym] = obj
        elif kind == "U":
            used.setdefault(obj, set()).add(sym)
    graph = {}
    for obj, syms in used.items():
        graph[obj] = sorted({defined[s] for s in syms if s in defined and defined[s] != obj})
    circles = cycles(graph)
    report(nm.returncode == 0 and bool(defined) and not circles,
           "no call circle between the engine's files",
           nm.stderr + "\n".join(" <-> ".join(c) for c in circles))

    # 5. exports
    with open(os.path.join(milter, "regphish.h"), encoding="utf-8") as f:
        header = f.read()
    declared, undocumented = set(), []
    body = re.sub(r"#define RP_API[^\n]*", "", header)
    for m in re.finditer(r"\bRP_API\b[^;(]*?\b(rp_\w+)\s*\(", body):
        declared.add(m.group(1))
        before = body[:m.start()].rstrip()
        if not before.endswith("*/"):
            undocumented.append(m.group(1))
    public = os.path.join(build, "milter", "libregphish.a")
    nm = subprocess.run(["nm", "-g", "--defined-only", public], capture_output=True, text=True)
    exported = set(re.findall(r"^[0-9a-f]+ [TDBR] (\S+)$", nm.stdout, re.M))
    detail = ""
    if exported - declared:
        detail += "exported but not RP_API in regphish.h: %s\n" % " ".join(sorted(exported - declared))
    if declared - exported:
        detail += "declared RP_API but not exported: %s\n" % " ".join(sorted(declared - exported))
    report(nm.returncode == 0 and bool(exported) and exported == declared,
           "libregphish.a exports exactly the RP_API functions of regphish.h (%d)" % len(declared),
           nm.stderr + detail)
    report(not undocumented, "every RP_API function in regphish.h has a comment",
           " ".join(undocumented))

    # 6. stage order
    stage_of = {}
    for path in sources(engine, (".c", ".h", ".def")):
        d = os.path.relpath(os.path.dirname(path), engine)
        stage_of[os.path.basename(path)] = "engine" if d == "." else d
    wrong = []
    for path in sources(engine):
        own = stage_of[os.path.basename(path)]
        for inc in includes(path):
            other = stage_of.get(inc)
            if other is not None and other != own and other not in STAGE_MAY_INCLUDE.get(own, ()):
                wrong.append("%s (%s) includes %s (%s)" % (rel(path), own, inc, other))
    report(not wrong and all(s in STAGE_MAY_INCLUDE for s in set(stage_of.values())),
           "each engine stage includes only the stages below it", "\n".join(wrong))

    print("1..%d" % len(results))
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
