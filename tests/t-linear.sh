#!/bin/sh
# t-linear.sh - the engine's work stays linear in links, parts, text and depth
#
# Counts work, not time: callgrind counts the instructions a stage of
# rp_scan() executes (the inclusive cost of the stage's function), which
# is the same on every run and every machine load.  Each case writes
# one message of size n and one of size 4n (n links, n parts, n lines
# of text, n anchors repeating one text, n levels of nesting, n runs of
# the words lure rules are made of), and one run of `regphish check`
# under callgrind judges them all, a dump of counts after each message
# (the engine's load, slow under valgrind, is paid once).  Linear work
# costs about 4 times as much on the
# larger message; a step quadratic in what grows costs 16 times.  The
# check fails above 5.5 (the fixed per-message part only lowers the
# ratio): a quadratic step in a stage measured as light as one string
# comparison per pair of links fails it (tried by hand: 5.7 and 6.8);
# one in a stage not measured is left to the benchmark (bench/run).
#
# Skipped (77) when valgrind is not installed.
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
. "$top_srcdir/tests/lib.sh"

command -v valgrind >/dev/null 2>&1 || skip "valgrind not installed"
[ -x "$cli" ] || { echo "FAIL: $cli not built"; exit 1; }
make_tmp

# gen KIND N FILE - one message of the kind, grown to size N
gen() {
    python3 - "$1" "$2" "$3" <<'EOF'
import sys
kind, n, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
head = ("From: Sender <sender@example.org>\nTo: user@example.net\n"
        "Subject: scaling test\nDate: Mon, 3 Jun 2024 10:00:00 +0000\nMIME-Version: 1.0\n")
if kind == "links":       # HTML, n links to n/10 hosts, each with its own text
    body = "".join('<p><a href="https://h%d.example.com/p/%d">item %d of the list</a></p>\n'
                   % (i % (n // 10 + 1), i, i) for i in range(n))
    msg = head + "Content-Type: text/html; charset=utf-8\n\n<html><body>" + body + "</body></html>\n"
elif kind == "anchors":   # n links whose anchors all show one domain
    body = "".join('<p><a href="https://t%d.example.net/c/%d">Read it at example.org</a></p>\n'
                   % (i % 7, i) for i in range(n))
    msg = head + "Content-Type: text/html; charset=utf-8\n\n<html><body>" + body + "</body></html>\n"
elif kind == "parts":     # n text parts, a link in each
    body = "".join("--b\nContent-Type: text/plain\n\npart %d https://p%d.example.com/x\n"
                   % (i, i % 50) for i in range(n))
    msg = head + 'Content-Type: multipart/mixed; boundary="b"\n\n' + body + "--b--\n"
elif kind == "nesting":   # HTML n elements deep, anchors left open, then text
    body = "".join('<div><b><a href="https://n%d.example.com/">level %d' % (i % 9, i)
                   for i in range(n))
    msg = head + "Content-Type: text/html; charset=utf-8\n\n<html><body>" + body + "\n"
elif kind == "multiparts":  # multiparts n deep, then n lines that look like boundaries
    opens = "".join('--b%d\nContent-Type: multipart/mixed; boundary="b%d"\n\n' % (i, i + 1)
                    for i in range(n))
    msg = (head + 'Content-Type: multipart/mixed; boundary="b0"\n\n' + opens
           + "--b%d\nContent-Type: text/plain\n\nhttps://deep.example.com/\n" % n
           + "--b\n" * (n * 20))
elif kind == "longline":  # one line of n * 400 bytes in the body and a header
    line = "abcdefghijklmnopqrstuvwxyz0123456789 " * (n * 11)
    msg = head + "X-Long: " + line + "\nContent-Type: text/plain\n\n" + line + "\n"
elif kind == "bidi":      # n lines under nested direction overrides
    lines = ["\u202e\u202d" * 20 + "ab%d cd \u202c" % i for i in range(n)]
    msg = head + "Content-Type: text/plain; charset=utf-8\n\n" + "\n".join(lines) + "\n"
elif kind == "lures":     # runs of the words lure rules are built from
    units = ["a", "aaaa ", "verify ", "two-factor ", "your account ", "your ",
             "\u30a2\u30ab\u30a6\u30f3\u30c8", "package ", "2fa 2fa update ", "a[.",
             "within ", "log in "]
    body = "\n".join(u * (n // len(u) + 1) for u in units)
    msg = head + "Content-Type: text/plain; charset=utf-8\n\n" + body + "\n"
else:                     # text: n lines of a patch and a log, plain text
    lines = []
    for i in range(n):
        lines.append("+\tret = dev_reset(dev, 0x%x); /* line %d */" % (i * 7919 % 65536, i)
                     if i % 2 else "[%10.6f] usb 1-%d: reset high-speed device %d" % (i / 10, i % 9, i))
    msg = head + "Content-Type: text/plain; charset=utf-8\n\n" + "\n".join(lines) + "\n"
open(path, "w", encoding="utf-8").write(msg)
EOF
}

# Every case is planned first (its two messages written, its line kept
# in $tmp/cases); then one run of `regphish check` under callgrind judges
# every message in order, the engine loaded once, and callgrind dumps its
# counts after each rp_scan(): message i's are in cg.out.i.

# scaling NAME KIND N FN - plan the stage FN on the kind at N and 4N
scaling() {
    case_n=$((case_n + 1))
    gen "$2" "$3" "$tmp/m$case_n.small.eml" && gen "$2" "$(($3 * 4))" "$tmp/m$case_n.large.eml" || {
        not_ok "$1: messages not generated"; return; }
    printf '%s\t%s\t%s\n' "$case_n" "$4" "$1" >> "$tmp/cases"
    files="$files $tmp/m$case_n.small.eml $tmp/m$case_n.large.eml"
}

# cost DUMP FN - instructions spent in FN and what it calls, in one dump
cost() {
    callgrind_annotate --inclusive=yes --threshold=100 "$1" 2> /dev/null \
        | awk -v fn=":$2 [" 'index($0, fn) { gsub(",", "", $1); print $1; exit }'
}

# measure - judge every planned message, then each case's two counts
measure() {
    # shellcheck disable=SC2086
    valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.out" --dump-after=rp_scan \
        "$cli" check -c "$conf" -r "$rules" $files > /dev/null 2> "$tmp/vg.err"
    while IFS="$(printf '\t')" read -r i fn name; do
        small=$(cost "$tmp/cg.out.$((2 * i - 1))" "$fn") large=$(cost "$tmp/cg.out.$((2 * i))" "$fn")
        if [ -z "$small" ] || [ -z "$large" ] || [ "$small" -eq 0 ]; then
            not_ok "$name: no instruction count for $fn"
            sed 's/^/    /' "$tmp/vg.err" | tail -5
            continue
        fi
        ratio=$(awk "BEGIN { printf \"%.2f\", $large / $small }")
        if awk "BEGIN { exit !($ratio <= 5.5) }"; then
            ok "$name: $fn costs $ratio times as much on 4 times the input ($small -> $large instructions)"
        else
            not_ok "$name: $fn costs $ratio times as much on 4 times the input ($small -> $large instructions)"
        fi
    done < "$tmp/cases"
}

case_n=0 files=
: > "$tmp/cases"
scaling "links" links 250 rp_check_links
scaling "links, parsed" links 250 rp_mime_extract_files
scaling "anchors showing a domain" anchors 250 rp_check_links
scaling "parts" parts 250 rp_mime_extract_files
scaling "plain text" text 1000 rp_mime_extract_files
scaling "plain text, as the reader sees it" text 1000 rp_check_state_init
scaling "HTML nested deep, anchors open" nesting 500 rp_mime_extract_files
scaling "multiparts nested past the cap, boundary-like lines" multiparts 100 rp_mime_extract_files
scaling "a long line in the body and a header" longline 250 rp_mime_extract_files
scaling "nested direction overrides" bidi 1000 rp_check_state_init
scaling "lure units" lures 5000 rp_check_lures
measure
finish
