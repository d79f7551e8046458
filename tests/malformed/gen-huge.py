#!/usr/bin/env python3
"""gen-huge.py - write the malformed messages too big to check in

Usage: gen-huge.py DIR

Writes into DIR (tests/t-malformed.sh runs it into a temporary directory;
these files are never committed):
  deep-nesting.eml   multipart nested 10,000 deep
  many-parts.eml     100,000 sibling parts
  many-links.eml     100,000 links in one HTML part
  long-line.eml      a 50 MB body that is one single line
  folded-header.eml  a Subject folded 10,000 times
  big-attr.eml       HTML whose attributes are 1 MB each
"""
import os
import sys

HEAD = (b'From: "PyPI Security" <security@pypi-verify.example>\n'
        b'To: user@example.org\nMIME-Version: 1.0\n')


def write(directory, name, *chunks):
    """Write the chunks (bytes or iterables of bytes) to directory/name."""
    with open(os.path.join(directory, name), 'wb') as out:
        for chunk in chunks:
            if isinstance(chunk, bytes):
                out.write(chunk)
            else:
                for piece in chunk:
                    out.write(piece)


def deep_nesting(depth=10000):
    """Each part opens the next multipart; all close at the end."""
    for i in range(depth):
        yield b'--b%d\nContent-Type: multipart/mixed; boundary="b%d"\n\n' % (i, i + 1)
    yield b'--b%d\nContent-Type: text/html\n\n' % depth
    yield b'<a href="https://evil.example/">https://pypi.org/</a>\n'
    for i in range(depth, -1, -1):
        yield b'--b%d--\n' % i


def main():
    if len(sys.argv) != 2:
        sys.exit('usage: gen-huge.py DIR')
    d = sys.argv[1]
    write(d, 'deep-nesting.eml', HEAD,
          b'Subject: 10,000-deep multipart\n'
          b'Content-Type: multipart/mixed; boundary="b0"\n\n', deep_nesting())
    write(d, 'many-parts.eml', HEAD,
          b'Subject: 100,000 parts\nContent-Type: multipart/mixed; boundary="p"\n\n',
          (b'--p\nContent-Type: text/plain\n\nhttps://p%d.example/\n' % i
           for i in range(100000)), b'--p--\n')
    write(d, 'many-links.eml', HEAD,
          b'Subject: 100,000 links\nContent-Type: text/html\n\n',
          (b'<a href="https://l%d.example/login">https://www.npmjs.com/%d</a>\n' % (i, i)
           for i in range(100000)))
    line = b'verify your account https://pypi.org/ ' * 1024
    write(d, 'long-line.eml', HEAD,
          b'Subject: one 50 MB line\nContent-Type: text/plain\n\n',
          (line for _ in range(50 * 1024 * 1024 // len(line) + 1)), b'\n')
    write(d, 'folded-header.eml', HEAD, b'Subject: folded',
          (b'\n word%d' % i for i in range(10000)),
          b'\nContent-Type: text/plain\n\nhttps://pypi.org/\n')
    attr = b'x' * (1024 * 1024)
    write(d, 'big-attr.eml', HEAD,
          b'Subject: 1 MB attributes\nContent-Type: text/html\n\n',
          b'<a href="https://evil.example/', attr, b'" title="', attr, b'" ',
          attr, b'="', attr, b'">https://www.npmjs.com/login</a>\n<p class="', attr,
          b'\n')


if __name__ == '__main__':
    main()
