#!/usr/bin/env python3
"""gen-messages.py - the benchmark's larger message set, generated at run time

Usage: gen-messages.py [--seed N] CORPUS_DIR OUT_DIR COUNT

Writes COUNT messages under OUT_DIR, in five subdirectories, one per kind,
so bench/run can report each kind beside the whole set:

  corpus/      the corpus messages (every *.eml below CORPUS_DIR) repeated,
               each with its own Received and Message-ID headers (82%)
  large/       a corpus message wrapped in multipart/mixed with an attachment
               that brings it to a size drawn log-uniformly from 16 KB to
               1 MB: base64 binary or plain text with a link now and then (3%)
  newsletter/  HTML newsletters (multipart/alternative, half of them
               quoted-printable) with 500 links each, tracking redirects,
               images and inline styles, and a text part listing the links (3%)
  deep/        multiparts nested 8 to 40 deep (past the engine's default
               max_mime_depth of 32 now and then), a text part with a link at
               each level, every fourth level a message/rfc822 (6%)
  list/        mailing-list mail: 8 to 120 KB of plain text, a quoted review,
               an inline patch (a unified diff) and a pasted kernel-style log,
               list headers and footer, a link now and then (6%)

The same seed gives the same bytes.  Nothing here is kept in the source tree:
bench/run generates into a temporary directory and removes it.
"""

import argparse
import base64
import os
import quopri
import random
import sys

WORDS = ("account package release security update version registry token "
         "project maintainer download install build publish weekly report "
         "team support review change notice summary python node module "
         "library dependency mirror archive upload signed verify policy").split()

KINDS = (("corpus", 82), ("large", 3), ("newsletter", 3), ("deep", 6), ("list", 6))


def split_message(raw):
    """(header lines, body) of a raw message; continuation lines joined."""
    for sep in (b"\r\n\r\n", b"\n\n"):
        cut = raw.find(sep)
        if cut >= 0:
            head, body = raw[:cut], raw[cut + len(sep):]
            break
    else:
        head, body = raw, b""
    fields = []
    for line in head.replace(b"\r\n", b"\n").split(b"\n"):
        if line[:1] in (b" ", b"\t") and fields:
            fields[-1] += b"\n" + line
        elif line:
            fields.append(line)
    return fields, body.replace(b"\r\n", b"\n")


def is_content_field(field):
    name = field.split(b":", 1)[0].strip().lower()
    return name.startswith(b"content-") or name == b"mime-version"


def words(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n))


def envelope_headers(rng, seq):
    return ("Received: from relay%d.example.net (relay%d.example.net [198.51.100.%d])\n"
            "\tby mx.bench.test (Postfix) with ESMTPS id B%08X\n"
            "\tfor <user@bench.test>; Mon, 3 Jun 2024 10:%02d:%02d +0000\n"
            "Message-ID: <bench.%d.%d@example.net>\n"
            % (seq % 7, seq % 7, seq % 250 + 1, seq, seq % 60, seq % 60 // 2,
               seq, rng.randrange(1 << 30))).encode()


def gen_corpus(rng, seq, corpus):
    return envelope_headers(rng, seq) + rng.choice(corpus).replace(b"\r\n", b"\n")


def gen_large(rng, seq, corpus):
    fields, body = split_message(rng.choice(corpus))
    target = int(16384 * (64 ** rng.random()))          # 16 KB .. 1 MB
    outer = [f for f in fields if not is_content_field(f)]
    inner = [f for f in fields if is_content_field(f) and not f.lower().startswith(b"mime-version")]
    if not inner:
        inner = [b"Content-Type: text/plain; charset=us-ascii"]
    b = b"=_bench_large_%d" % seq
    parts = [envelope_headers(rng, seq), b"\n".join(outer), b"\nMIME-Version: 1.0\n",
             b'Content-Type: multipart/mixed; boundary="' + b + b'"\n\n',
             b"--" + b + b"\n", b"\n".join(inner), b"\n\n", body, b"\n--" + b + b"\n"]
    room = max(1024, target - sum(len(p) for p in parts))
    if rng.random() < 0.5:
        blob = base64.encodebytes(rng.randbytes(room * 3 // 4))
        parts += [b"Content-Type: application/octet-stream; name=\"data%d.bin\"\n" % seq,
                  b"Content-Transfer-Encoding: base64\n",
                  b"Content-Disposition: attachment; filename=\"data%d.bin\"\n\n" % seq, blob]
    else:
        lines, size = [], 0
        while size < room:
            line = words(rng, 11)
            if rng.random() < 0.02:
                line += " https://docs.example.org/%s/%d" % (rng.choice(WORDS), rng.randrange(10000))
            lines.append(line)
            size += len(line) + 1
        parts += [b"Content-Type: text/plain; charset=us-ascii; name=\"log%d.txt\"\n" % seq,
                  b"Content-Disposition: attachment; filename=\"log%d.txt\"\n\n" % seq,
                  "\n".join(lines).encode(), b"\n"]
    parts.append(b"--" + b + b"--\n")
    return b"".join(parts)


def gen_newsletter(rng, seq, corpus):
    shop = "shop%d.example.com" % (seq % 50)
    html, text = [], []
    html.append('<!DOCTYPE html><html><head><meta charset="utf-8"><style>'
                'td{font-family:Arial;font-size:14px;color:#333}a{color:#0645ad}'
                '</style></head><body><table width="600" align="center">')
    for i in range(500):
        title = words(rng, 5).capitalize()
        if i % 5 == 0:
            href = "https://t.mail%d.example.net/c/%016x/%d" % (seq % 9, rng.getrandbits(64), i)
        else:
            href = "https://%s/p/%s-%d?utm_source=news&amp;utm_campaign=w%d" % (
                shop, rng.choice(WORDS), i, seq % 52)
        if i % 25 == 0:
            html.append('<tr><td><img src="https://img.%s/%d.jpg" width="560" alt="%s"></td></tr>'
                        % (shop, i, title))
        if i % 50 == 7:
            shown = "https://%s/" % shop
            html.append('<tr><td style="padding:4px"><a href="%s">%s</a></td></tr>' % (href, shown))
        else:
            html.append('<tr><td style="padding:4px"><a href="%s" style="text-decoration:none">'
                        '<b>%s</b></a> %s</td></tr>' % (href, title, words(rng, 4)))
        text.append("%s\n%s\n" % (title, href.replace("&amp;", "&")))
    html.append('<tr><td><a href="https://%s/unsubscribe?u=%d">Unsubscribe</a></td></tr>'
                '</table></body></html>' % (shop, seq))
    html_bytes = "\n".join(html).encode()
    b = b"=_bench_news_%d" % seq
    if seq % 2:
        html_part = (b"Content-Type: text/html; charset=utf-8\n"
                     b"Content-Transfer-Encoding: quoted-printable\n\n" + quopri.encodestring(html_bytes))
    else:
        html_part = b"Content-Type: text/html; charset=utf-8\n\n" + html_bytes
    head = ("From: \"Shop %d News\" <news@%s>\nTo: user@bench.test\n"
            "Subject: Weekly digest #%d: %s\nDate: Mon, 3 Jun 2024 10:00:00 +0000\n"
            "List-Unsubscribe: <https://%s/unsubscribe>\nMIME-Version: 1.0\n"
            % (seq % 50, shop, seq, words(rng, 4), shop)).encode()
    return b"".join([envelope_headers(rng, seq), head,
                     b'Content-Type: multipart/alternative; boundary="' + b + b'"\n\n',
                     b"--" + b + b"\nContent-Type: text/plain; charset=utf-8\n\n",
                     "".join(text).encode(), b"\n--" + b + b"\n", html_part,
                     b"\n--" + b + b"--\n"])


def gen_deep(rng, seq, corpus):
    depth = rng.randrange(8, 41)
    head = ("From: Build Bot <bot@ci%d.example.org>\nTo: user@bench.test\n"
            "Subject: nested report %d\nDate: Mon, 3 Jun 2024 10:00:00 +0000\n"
            "MIME-Version: 1.0\n" % (seq % 13, seq)).encode()
    opening, closing = [], []
    for level in range(depth):
        b = b"=_bench_deep_%d_%d" % (seq, level)
        if level and level % 4 == 0:
            opening.append(b"Content-Type: message/rfc822\n\nFrom: level%d@example.org\n"
                           b"Subject: forwarded %d\nMIME-Version: 1.0\n" % (level, level))
        opening.append(b'Content-Type: multipart/mixed; boundary="' + b + b'"\n\n'
                       b"--" + b + b"\nContent-Type: text/plain; charset=us-ascii\n\n"
                       + ("level %d: %s https://ci%d.example.org/build/%d\n"
                          % (level, words(rng, 8), seq % 13, level)).encode()
                       + b"--" + b + b"\n")
        closing.append(b"\n--" + b + b"--\n")
    leaf = b"Content-Type: text/plain; charset=us-ascii\n\nleaf of the tree\n"
    return envelope_headers(rng, seq) + head + b"".join(opening) + leaf + b"".join(reversed(closing))


def patch_lines(rng, files):
    """A unified diff over `files` files, as `git format-patch` writes it."""
    out = []
    for _ in range(files):
        path = "drivers/%s/%s_%s.c" % (rng.choice(WORDS), rng.choice(WORDS), rng.choice(WORDS))
        out += ["diff --git a/%s b/%s" % (path, path),
                "index %07x..%07x 100644" % (rng.getrandbits(28), rng.getrandbits(28)),
                "--- a/" + path, "+++ b/" + path]
        for _ in range(rng.randrange(1, 6)):
            at = rng.randrange(1, 3000)
            out.append("@@ -%d,12 +%d,13 @@ static int %s_%s(struct %s *dev)"
                       % (at, at, rng.choice(WORDS), rng.choice(WORDS), rng.choice(WORDS)))
            for _ in range(rng.randrange(6, 20)):
                mark = rng.choice("   -+")
                out.append("%s	%s = %s_%s(dev, 0x%x);  /* %s */" % (
                    mark, rng.choice(WORDS), rng.choice(WORDS), rng.choice(WORDS),
                    rng.getrandbits(16), words(rng, 4)))
    return out


def log_lines(rng, n):
    """A pasted kernel-style log."""
    t = rng.random() * 100
    out = []
    for _ in range(n):
        t += rng.random() / 10
        out.append("[%12.6f] %s %04x:%02x:%02x.%d: %s (err %d)" % (
            t, rng.choice(("usb", "pci", "nvme", "i915", "amdgpu")), rng.getrandbits(16),
            rng.getrandbits(8), rng.getrandbits(5), rng.randrange(8), words(rng, 7),
            -rng.randrange(1, 130)))
    return out


def gen_list(rng, seq, corpus):
    target = int(8192 * (15 ** rng.random()))           # 8 KB .. 120 KB
    lst = rng.choice(("dev", "devel", "patches", "users"))
    head = ("From: Dev %d <dev%d@example.org>\nTo: %s@lists.example.org\n"
            "Cc: maint%d@example.net\nSubject: [PATCH v%d %d/%d] %s: %s\n"
            "Date: Mon, 3 Jun 2024 10:00:00 +0000\nIn-Reply-To: <r.%d@example.org>\n"
            "List-Id: <%s.lists.example.org>\nList-Archive: <https://lists.example.org/%s/>\n"
            "List-Post: <mailto:%s@lists.example.org>\nMIME-Version: 1.0\n"
            "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n"
            % (seq % 97, seq % 97, lst, seq % 31, rng.randrange(1, 9), rng.randrange(1, 9),
               9, rng.choice(WORDS), words(rng, 6), seq, lst, lst, lst)).encode()
    lines = ["On Mon, Jun 3, 2024 at 09:%02d, Dev %d wrote:" % (seq % 60, (seq + 1) % 97)]
    lines += ["> " + words(rng, 12) for _ in range(rng.randrange(5, 40))]
    lines += ["", words(rng, 14), words(rng, 9), "", "Signed-off-by: Dev %d <dev%d@example.org>"
              % (seq % 97, seq % 97), "---"]
    size = sum(len(x) + 1 for x in lines)
    while size < target:
        chunk = patch_lines(rng, rng.randrange(1, 4)) if rng.random() < 0.6 \
            else log_lines(rng, rng.randrange(10, 80))
        if rng.random() < 0.1:
            chunk.append("Link: https://lore.example.org/%s/%d.%d@example.org/"
                         % (lst, seq, rng.randrange(1 << 20)))
        lines += chunk
        size += sum(len(x) + 1 for x in chunk)
    lines += ["-- ", "%s mailing list" % lst, "%s@lists.example.org" % lst,
              "https://lists.example.org/mailman/listinfo/%s" % lst]
    return envelope_headers(rng, seq) + head + ("\n".join(lines) + "\n").encode()


GENERATORS = {"corpus": gen_corpus, "large": gen_large,
              "newsletter": gen_newsletter, "deep": gen_deep, "list": gen_list}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("corpus_dir")
    ap.add_argument("out_dir")
    ap.add_argument("count", type=int)
    args = ap.parse_args()

    corpus = []
    for root, dirs, files in os.walk(args.corpus_dir):
        dirs.sort()
        for name in sorted(files):
            if name.endswith(".eml"):
                with open(os.path.join(root, name), "rb") as fh:
                    corpus.append(fh.read())
    if not corpus:
        sys.exit("gen-messages.py: no *.eml under %s" % args.corpus_dir)

    rng = random.Random(args.seed)
    kinds = [k for k, share in KINDS for _ in range(share)]
    for kind in GENERATORS:
        os.makedirs(os.path.join(args.out_dir, kind), exist_ok=True)
    for seq in range(args.count):
        kind = kinds[seq % len(kinds)]
        data = GENERATORS[kind](rng, seq, corpus)
        with open(os.path.join(args.out_dir, kind, "%06d.eml" % seq), "wb") as fh:
            fh.write(data)


if __name__ == "__main__":
    main()
