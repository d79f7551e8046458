#!/bin/sh
# t-linear.sh - the engine's work stays linear in links, parts and text
#
# Counts work, not time: callgrind counts the instructions a stage of
# rp_scan() executes (--toggle-collect on the stage's function), which
# is the same on every run and every machine load.  Each case writes
# one message of size n and one of size 4n (n links, n parts, n lines
# of text, n anchors repeating one text) and runs `regphish check` on
# each under callgrind.  Linear work costs about 4 times as much on the
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
else:                     # text: n lines of a patch and a log, plain text
    lines = []
    for i in range(n):
        lines.append("+\tret = dev_reset(dev, 0x%x); /* line %d */" % (i * 7919 % 65536, i)
                     if i % 2 else "[%10.6f] usb 1-%d: reset high-speed device %d" % (i / 10, i % 9, i))
    msg = head + "Content-Type: text/plain; charset=utf-8\n\n" + "\n".join(lines) + "\n"
open(path, "w").write(msg)
EOF
}

# cost FILE FN - instructions rp_scan() spends in FN (and what FN calls)
cost() {
    valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.out" --toggle-collect="$2" \
        "$cli" check -c "$conf" -r "$rules" "$1" > /dev/null 2> "$tmp/vg.err"
    sed -n 's/^summary: //p; s/^totals: //p' "$tmp/cg.out" | head -n 1
}

# scaling NAME KIND N FN - the stage FN on the kind at N and 4N
scaling() {
    gen "$2" "$3" "$tmp/small.eml" && gen "$2" "$(($3 * 4))" "$tmp/large.eml" || {
        not_ok "$1: messages not generated"; return; }
    small=$(cost "$tmp/small.eml" "$4") large=$(cost "$tmp/large.eml" "$4")
    if [ -z "$small" ] || [ -z "$large" ] || [ "$small" -eq 0 ]; then
        not_ok "$1: no instruction count for $4"
        sed 's/^/    /' "$tmp/vg.err" | tail -5
        return
    fi
    ratio=$(awk "BEGIN { printf \"%.2f\", $large / $small }")
    if awk "BEGIN { exit !($ratio <= 5.5) }"; then
        ok "$1: $4 costs $ratio times as much on 4 times the input ($small -> $large instructions)"
    else
        not_ok "$1: $4 costs $ratio times as much on 4 times the input ($small -> $large instructions)"
    fi
}

scaling "links" links 250 rp_check_links
scaling "links, parsed" links 250 rp_mime_extract
scaling "anchors showing a domain" anchors 250 rp_check_links
scaling "parts" parts 250 rp_mime_extract
scaling "plain text" text 1000 rp_mime_extract
scaling "plain text, as the reader sees it" text 1000 rp_check_state_init
finish
