"""textops.py - edits of visible text and of HTML that keep what a reader sees

  map_html_words(html, fn)   fn(word, rng-free context) on the words of the
                             text a reader sees in html (not in tags,
                             comments, script, style, head or title; not
                             inside URLs and domains written as text, which
                             a client would turn into links; anchor text is
                             fair game, its href carries the destination)
  map_plain_words(text, fn)  the same for plain text
  map_html_text(html, fn)    fn(text, in_anchor) on each run of visible text
  map_free(text, fn, skip_links)  fn on the stretches of text outside
                             character references (and links)
  map_tags(html, fn)         fn(tag) -> new tag text, for every start/end tag
  map_hrefs(html, fn)        fn(decoded href) -> new raw attribute value
                             (already escaped), for <a>/<area> href
  plain_to_html(text)        an HTML document that shows text as a client
                             shows plain text (links clickable)
  body_insert(html, start=, end=)   put markup just inside <body> / before
                             </body> (or at the ends)
  decode_refs(s)             HTML character references to text

Words are runs of letters (str.isalpha()); fn gets each word of 4 or more
letters and returns what to write instead (raw HTML for map_html_words,
which escapes nothing: fn's output is inserted as is).
"""
import html as htmllib
import re

TOKEN = re.compile(r"(<!--.*?-->|<![^>]*>|<\?[^>]*>|</?[A-Za-z][^>]*>)", re.S)
RAW_TEXT = ("script", "style", "title", "head", "textarea", "template")
REF = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?")
# URLs, e-mail addresses and bare domain names: a client links them.
LINKISH = re.compile(r"(?:[a-z][a-z0-9+.-]*://|www\.)[^\s<>\"']+"
                     r"|[^\s<>\"'@]+@[^\s<>\"']+"
                     r"|\b[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b(?:/[^\s<>\"']*)?", re.I)
WORD = re.compile(r"[^\W\d_]{4,}")
URL_IN_TEXT = re.compile(r"(?:https?://|www\.)[^\s<>\"']+", re.I)


def tag_name(tag):
    m = re.match(r"</?\s*([A-Za-z][A-Za-z0-9]*)", tag)
    return m.group(1).lower() if m else ""


def tokens(html):
    """(kind, text) for kind in tag, comment, text."""
    for i, piece in enumerate(TOKEN.split(html)):
        if not piece:
            continue
        if i % 2 == 0:
            yield "text", piece
        elif piece.startswith("<!") or piece.startswith("<?"):
            yield "comment", piece
        else:
            yield "tag", piece


def map_free(text, fn, skip_links):
    """fn over the stretches of text outside character references (and
    outside URLs/domains when skip_links)."""
    spans = [(m.start(), m.end()) for m in REF.finditer(text)]
    if skip_links:
        spans += [(m.start(), m.end()) for m in LINKISH.finditer(text)]
    out, pos = [], 0
    for a, b in sorted(spans):
        if a >= pos:
            out.append(fn(text[pos:a]))
            out.append(text[a:b])
            pos = b
        elif b > pos:
            out.append(text[pos:b])
            pos = b
    out.append(fn(text[pos:]))
    return "".join(out)


def map_words(text, fn, skip_links):
    return map_free(text, lambda s: WORD.sub(lambda m: fn(m.group(0)), s), skip_links)


def map_html_text(html, fn):
    """fn(text, in_anchor) on each run of text a reader sees."""
    out, raw, anchor = [], None, 0
    for kind, piece in tokens(html):
        if kind == "tag":
            name, closing = tag_name(piece), piece.startswith("</")
            if raw and closing and name == raw:
                raw = None
            elif raw is None and not closing and name in RAW_TEXT:
                raw = name
            if name == "a":
                anchor = 0 if closing else 1
            out.append(piece)
        elif kind == "text" and raw is None:
            out.append(fn(piece, anchor))
        else:
            out.append(piece)
    return "".join(out)


def map_html_words(html, fn):
    return map_html_text(html, lambda t, anchor: map_words(t, fn, skip_links=not anchor))


def map_plain_words(text, fn):
    return map_words(text, fn, skip_links=True)


def map_tags(html, fn):
    out, raw = [], None
    for kind, piece in tokens(html):
        if kind == "tag":
            name, closing = tag_name(piece), piece.startswith("</")
            if raw and not (closing and name == raw):
                out.append(piece)       # "<" inside script or style text
                continue
            raw = None if closing else (name if name in ("script", "style") else None)
            out.append(fn(piece))
        else:
            out.append(piece)
    return "".join(out)


ATTR = re.compile(r"""(\s|/)(href)(\s*=\s*)("[^"]*"|'[^']*'|[^\s>]+)""", re.I)


def map_hrefs(html, fn):
    """fn(decoded href) -> raw value (quotes included) for a/area href."""
    def tag(t):
        if tag_name(t) not in ("a", "area") or t.startswith("</"):
            return t

        def attr(m):
            v = m.group(4)
            if v[:1] in "\"'":
                v = v[1:-1]
            new = fn(decode_refs(v))
            return m.group(1) + m.group(2) + m.group(3) + new if new is not None else m.group(0)
        return ATTR.sub(attr, t)
    return map_tags(html, tag)


def decode_refs(s):
    return htmllib.unescape(s)


def hrefs(html):
    """The decoded hrefs of a/area tags, in order."""
    found = []
    map_hrefs(html, lambda h: found.append(h))
    return found


def link_end(url):
    """Trim what a client's linkifier leaves off a URL found in text."""
    url = url.rstrip(".,;:!?")
    while url and url[-1] in ")]}" and url.count(url[-1]) > url.count({")": "(", "]": "[", "}": "{"}[url[-1]]):
        url = url[:-1].rstrip(".,;:!?")
    return url


def plain_to_html(text):
    """Plain text as HTML the way a client shows it: lines kept, URLs links."""
    lines = []
    for line in text.split("\n"):
        out, pos = [], 0
        for m in URL_IN_TEXT.finditer(line):
            url = link_end(m.group(0))
            out.append(htmllib.escape(line[pos:m.start()], quote=False))
            href = url if "://" in url else "http://" + url
            out.append('<a href="%s">%s</a>' % (htmllib.escape(href), htmllib.escape(url, quote=False)))
            pos = m.start() + len(url)
        out.append(htmllib.escape(line[pos:], quote=False))
        s = "".join(out)
        lines.append(re.sub(r"(?<= ) ", "&nbsp;", s))
    return ("<html><body>\n<div>" + "<br>\n".join(lines) + "</div>\n</body></html>\n")


def body_insert(html, start="", end=""):
    """Insert start just after <body ...> (or at the top) and end just
    before </body> (or at the end)."""
    if start:
        m = re.search(r"<body\b[^>]*>", html, re.I)
        i = m.end() if m else 0
        if not m:
            h = re.search(r"<html\b[^>]*>", html, re.I)
            i = h.end() if h else 0
        html = html[:i] + start + html[i:]
    if end:
        m = None
        for m in re.finditer(r"</body\s*>", html, re.I):
            pass
        if m is None:
            for m in re.finditer(r"</html\s*>", html, re.I):
                pass
        i = m.start() if m else len(html)
        html = html[:i] + end + html[i:]
    return html


def head_insert(html, markup):
    """Insert markup in <head> (made when missing)."""
    m = re.search(r"<head\b[^>]*>", html, re.I)
    if m:
        return html[:m.end()] + markup + html[m.end():]
    m = re.search(r"<html\b[^>]*>", html, re.I)
    if m:
        return html[:m.end()] + "<head>" + markup + "</head>" + html[m.end():]
    return "<head>" + markup + "</head>" + html
