#!/bin/sh
# t-brands-table.sh - every brand block of rules/brands.conf, read as data
#
# For each brand block the test builds its cases from the block itself,
# so an entry added later is tested the day it is added:
#   own       each target and domain, and www. under it: the brand's own
#             (no technique)
#   TLD swap  a target's label under another TLD names the brand, unless
#             the target says notld or its label is under 4 letters
#   typo      the label with its middle letter doubled names the brand,
#             unless notypo (then no typo technique may name it), under
#             4 letters (the same), or typo-same-tld and another TLD
#   combo     LABEL-security.com names the brand unless notoken; each
#             "token WORD" line: WORD-security.com names it; a "token
#             WORD boundary" glued inside other letters is no combosquat
#   mirror    each "mirror HOST" is neither own nor a lookalike
#   name      each "name TEXT" as the display name of a message from an
#             unrelated sender claims the brand (DISPLAY_NAME_BRAND), in
#             whatever script it is written
# A constructed name another entry owns, lists as good or as a mirror is
# skipped.  Those cases check that options and engine agree; the facts
# below check the entries themselves: genuine hosts the table must own
# (and whose they are) and, for every brand, one lookalike an attacker
# would register.  Last, ordinary words and businesses one edit or one
# word from a brand label must name no brand.
# Prints "N passed, N failed"; exits 1 when a case fails.
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
. "$top_srcdir/tests/lib.sh"
make_tmp

# Unrelated domains that sit one edit or one word from a brand label.
ordinary="dockers.com docket.org nugget.com nuggets.org golan.com hexagon.com
hex.com pubs.com pub.com pubg.com galaxy.com galaxy.org chefs.com chef.com
puppets.com puppet.org quays.com quay.com conan.com conant.com brewing.com
brews.com brew.com demo.com demos.org clan.com crane.com cram.com opal.com
opah.com package.com packages.com haggle.com crater.com crate.com
creates.com mavens.com maven.com terraformingmars.com jsr-micro.com
jsr.co.jp julia.com forge.com supermarket.com marketplace.com gallery.com
wordiness.com frog.com go.com gopher.com rates.com"

# Facts that do not follow from the options: genuine hosts (own, and
# whose) and one lookalike an attacker would register for each brand.
# "NAME|BRAND" lines.
facts="githubuniverse.com|GitHub githubstatus.com|GitHub ghcr.io|GitHub
python.org|PyPI files.pythonhosted.org|PyPI docs.readthedocs.io|Read_the_Docs
golang.google.cn|Go registry.gitlab.com|GitLab id.atlassian.com|Bitbucket
central.sonatype.com|Maven_Central galaxy.ansible.com|Red_Hat
forge.puppet.com|Puppet_Forge supermarket.chef.io|Chef_Supermarket
registry.terraform.io|Terraform_Registry hub.docker.com|Docker_Hub
marketplace.visualstudio.com|Visual_Studio_Marketplace
addons.mozilla.org|Mozilla_Add-ons accounts.firefox.com|Mozilla_Add-ons
chromewebstore.google.com|Chrome_Web_Store plugins.jetbrains.com|JetBrains_Marketplace
pause.perl.org|CPAN cran.r-project.org|CRAN hackage.haskell.org|Hackage"
attacks="pypi.help|PyPI npmjs.help|npm crates-io.help|crates.io
rubygems.help|RubyGems packagist.help|Packagist nuget.help|NuGet
sonatype.help|Maven_Central golang.help|Go hexpm.help|Hex pub-dev.help|pub.dev
metacpan.help|CPAN cran-submission.com|CRAN hackage.help|Hackage
opam-login.com|opam luarocks.help|LuaRocks conan-io.com|Conan vcpkg.help|vcpkg
anaconda.help|Anaconda conda-forge.help|Anaconda brew-sh.com|Homebrew
cocoapods.help|CocoaPods swiftpackageindex.help|Swift_Package_Index
jsr-io.com|JSR denoland.com|Deno julialang.help|Julia clojars.help|Clojars
terraform-registry.com|Terraform_Registry quay-io.com|Red_Hat
ansible-galaxy.com|Red_Hat puppetforge.help|Puppet_Forge
chef-supermarket.com|Chef_Supermarket artifacthub.help|Artifact_Hub
docker-hub.help|Docker_Hub github-security.com|GitHub gitlab.help|GitLab
bitbucket-security.com|Bitbucket atlassian.help|Bitbucket
sourceforge.help|SourceForge codeberg.help|Codeberg
huggingface-login.com|Hugging_Face kaggle.help|Kaggle
visualstudio.help|Visual_Studio_Marketplace open-vsx.net|Open_VSX
jetbrains.help|JetBrains_Marketplace mozilla-addons.com|Mozilla_Add-ons
chromewebstore.help|Chrome_Web_Store wordpress.help|WordPress.org
readthedocs.help|Read_the_Docs circleci.help|CircleCI travis-ci.help|Travis_CI"

"$cli" config -c "$conf" -r "$rules" > /dev/null 2> "$tmp/err" || {
    not_ok "rules load"; cat "$tmp/err"; finish; }

# cases - "KIND WANT BRAND NAME" lines from brands.conf (WANT: own, brand,
# notypo, nocombo, none)
python3 - "$rules/brands.conf" "$ordinary" "$facts" "$attacks" "$tmp/names" \
    > "$tmp/cases" <<'EOF'
import sys

TLDS = ("com", "net", "org", "dev")


def words(line):
    """the words of a brands.conf line, its comment cut off"""
    out = []
    for w in line.split():
        if w.startswith("#"):
            break
        out.append(w)
    return out


brands, order, listed, names = {}, [], set(), []
cur = cur_name = None
for raw in open(sys.argv[1], encoding="utf-8"):
    w = words(raw)
    if not w:
        continue
    key, args = w[0], w[1:]
    if key == "brand":
        name = cur_name = raw.split(None, 1)[1].split(" #")[0].strip()
        cur = brands.setdefault(name, {"targets": [], "domains": [],
                                       "tokens": [], "mirrors": []})
        if name not in order:
            order.append(name)
    elif key == "good":
        listed.update(a.lower() for a in args)
    elif key == "target":
        cur["targets"].append((args[0].lower(), set(args[1:])))
        listed.add(args[0].lower())
    elif key == "domain":
        cur["domains"] += [a.lower() for a in args]
        listed.update(a.lower() for a in args)
    elif key == "sends":
        listed.update(a.lower() for a in args)
    elif key == "token":
        cur["tokens"].append((args[0].lower(), args[1:]))
    elif key == "name":
        names.append((cur_name, raw.split(None, 1)[1].split(" #")[0].strip()))
    elif key == "mirror":
        cur["mirrors"] += [a.lower() for a in args]
        listed.update(a.lower() for a in args)


def taken(name):
    """a constructed name that some entry owns or lists"""
    parts = name.split(".")
    return any(".".join(parts[i:]) in listed for i in range(len(parts) - 1))


def case(kind, want, brand, name):
    if not taken(name):
        print(kind, want, brand.replace(" ", "_"), name)


for b in order:
    e = brands[b]
    for d in [t for t, _ in e["targets"]] + e["domains"]:
        print("own", "own", b.replace(" ", "_"), d)
        print("own", "own", b.replace(" ", "_"), "www." + d)
    explicit = {w for w, _ in e["tokens"]}
    for t, opts in e["targets"]:
        label, suffix = t.split(".", 1)
        short = len(label) < 4
        # typos are made under the target's own suffix when it is one
        # label (a deeper one is the brand's own domain)
        own_tld = suffix if "." not in suffix else "com"
        other = next(x for x in TLDS if x != suffix and x != own_tld)
        case("tld", "none" if "notld" in opts or short else "brand", b,
             label + "." + other)
        mid = len(label) // 2
        if label[mid] == "-":
            mid += 1
        typo = label[:mid] + label[mid] + label[mid:]
        no_typo = "notypo" in opts or short
        case("typo", "notypo" if no_typo else "brand", b, typo + "." + own_tld)
        if "typo-same-tld" in opts and "." not in suffix:
            case("typo-other-tld", "notypo", b, typo + "." + other)
        if "notoken" not in opts:
            case("combo", "brand", b, label + "-security.com")
        elif label not in explicit:
            case("combo", "nocombo", b, label + "-security.com")
    for w, opts in e["tokens"]:
        case("token", "brand", b, w + "-security.com")
        if "boundary" in opts:
            case("token-glued", "nocombo", b, "zzz" + w + "zzz.com")
    for m in e["mirrors"]:
        print("mirror", "none", b.replace(" ", "_"), m)
for d in sys.argv[2].split():
    print("ordinary", "none", "-", d)
# the names, "BRAND<TAB>NAME" lines, for the display-name cases
with open(sys.argv[5], "w", encoding="utf-8") as f:
    for brand, text in names:
        f.write("%s\t%s\n" % (brand, text))
for kind, want, arg in (("fact", "own", 3), ("attack", "brand", 4)):
    for pair in sys.argv[arg].split():
        name, brand = pair.split("|")
        print(kind, want, brand, name)
EOF
[ -s "$tmp/cases" ] || { not_ok "cases from brands.conf"; finish; }

# One regphish run for every name; then each case against its report.
cut -d' ' -f4 "$tmp/cases" | xargs "$cli" domain --json -c "$conf" -r "$rules" \
    > "$tmp/reports" 2> "$tmp/err"
python3 - "$tmp/cases" "$tmp/reports" > "$tmp/results" <<'EOF'
import json, sys

TYPO = {"LOOKALIKE_" + t for t in ("VISUAL", "KEYBOARD", "VOWEL_SWAP",
        "BITSQUAT", "OMISSION", "INSERTION", "REPETITION", "TRANSPOSITION",
        "HYPHENATION", "EDIT")}
reports = {}
for line in open(sys.argv[2], encoding="utf-8"):
    r = json.loads(line)
    reports[r["domain"]] = r
for line in open(sys.argv[1], encoding="utf-8"):
    kind, want, brand, name = line.split()
    brand = brand.replace("_", " ")
    r = reports.get(name)
    if r is None:
        print("not ok - %s %s: no report" % (kind, name))
        continue
    got, tech = r["brand"], r["technique"]
    if want == "own" and kind == "fact":
        # the JSON names a brand only for a lookalike; the reason says whose
        good = r["own"] and tech is None \
            and ("belongs to %s (" % brand) in r["reason"]
    elif want == "own":
        good = r["own"] and tech is None
    elif want == "brand":
        good = got == brand and tech is not None
    elif want == "notypo":
        good = not (got == brand and tech in TYPO)
    elif want == "nocombo":
        good = not (got == brand and tech == "LOOKALIKE_COMBOSQUAT")
    else:
        good = tech is None
    what = "%s %s: %s (%s)" % (kind, name, got, tech) if not good else \
        "%s %s -> %s" % (kind, name, want)
    print(("ok - " if good else "not ok - ") + what
          + ("" if good else ": want %s %s; %s" % (want, brand, r["reason"])))
EOF
# Each name as a display name: one mbox, a message a name; each verdict
# must hold DISPLAY_NAME_BRAND for that name's brand.
python3 - "$tmp/names" "$tmp/names.mbox" <<'EOF'
import sys
from email.header import Header
with open(sys.argv[2], "w", encoding="utf-8", newline="\n") as box:
    for line in open(sys.argv[1], encoding="utf-8"):
        brand, text = line.rstrip("\n").split("\t")
        shown = '"%s"' % text if text.isascii() else Header(text, "utf-8").encode()
        box.write("From sender@example.net Mon Jan  1 00:00:00 2025\n"
                  "From: %s <security@account-notice.example.net>\n"
                  "To: dev@example.org\nSubject: Your account\n"
                  "Message-ID: <n@account-notice.example.net>\n"
                  "Date: Mon, 1 Dec 2025 10:00:00 +0000\n\n"
                  "Please sign in to review your account.\n\n" % shown)
EOF
"$cli" check --json -c "$conf" -r "$rules" "$tmp/names.mbox" > "$tmp/names.json" 2>> "$tmp/err"
python3 - "$tmp/names" "$tmp/names.mbox" "$tmp/names.json" >> "$tmp/results" <<'EOF'
import json, sys
names = [l.rstrip("\n").split("\t") for l in open(sys.argv[1], encoding="utf-8")]
verdicts = {}
for line in open(sys.argv[3], encoding="utf-8"):
    r = json.loads(line)
    verdicts[r["file"]] = r
for i, (brand, text) in enumerate(names, 1):
    r = verdicts.get("%s:%d" % (sys.argv[2], i)) or {}
    claims = [s["reason"] for s in r.get("symbols", []) if s["name"] == "DISPLAY_NAME_BRAND"]
    good = any(("claims %s," % brand) in c for c in claims)
    print(("ok - " if good else "not ok - ") + "name %s claims %s" % (text, brand)
          + ("" if good else ": %s" % (claims or "no claim")))
EOF
while IFS= read -r line; do
    case $line in
    "ok - "*) ok "${line#ok - }" ;;
    *) not_ok "${line#not ok - }" ;;
    esac
done < "$tmp/results"
[ -s "$tmp/err" ] && { not_ok "regphish domain wrote diagnostics"; cat "$tmp/err"; }
finish
