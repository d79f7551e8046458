"""t_mime.py - transforms of encoding, structure, unseen parts and trace headers

Each transform(msg, ctx) edits msg (a mailparts.Part) in place and returns
it, or returns None when it does not apply to this message.  None of them
changes what a mail client shows.
"""
import html as htmllib
import re

import mailparts as mp
import shape
import textops as to

TRANSFORMS = []

EMPTY_PARTS = 1500          # past max_mime_parts (1000)
NESTING = 40                # past max_mime_depth (32)
HIDDEN_LINKS = 2500         # past max_links (2000)
PADDING = 300 * 1024        # past the 256 KiB lure scan

HARMLESS = ("Hi,\n\nJust a reminder that the team lunch moved to Thursday at noon,\n"
            "same place as last time. Bring the slides if you have them.\n\nSee you there,\nSam\n")
ANALYST = ("Threat intelligence summary\n\n"
           "This note analyses a campaign seen this week. Threat actors registered\n"
           "lookalike domains, and phishing emails were sent to package maintainers\n"
           "and developers. Indicators of compromise are listed in the advisory;\n"
           "domains such as example[.]com were used. This is an analysis for\n"
           "defenders and needs no action from you.\n")


def transform(fn):
    TRANSFORMS.append((fn.__name__, fn))
    return fn


# ------------------------------------------------------------- encoding
@transform
def base64_bodies(msg, ctx):
    """Every text and HTML body re-encoded as base64."""
    for leaf in mp.text_leaves(msg):
        mp.set_text(leaf, mp.get_text(leaf), cte="base64")
    return msg


def qp_breaks(rng):
    """Soft breaks every 7 to 23 bytes (mid-word) and inside each URL host."""
    def breaks(data):
        found = set()
        for m in re.finditer(rb"(?:https?://|www\.)([^/\s\"'<>=]+)", data):
            found.add((m.start(1) + m.end(1)) // 2)
        pos = 0
        while pos < len(data):
            pos += rng.randint(7, 23)
            found.add(pos)
        return found
    return breaks


@transform
def quoted_printable_bodies(msg, ctx):
    """Every text and HTML body re-encoded as quoted-printable, with soft
    line breaks in the middle of words and of URL hosts."""
    for leaf in mp.text_leaves(msg):
        mp.set_text(leaf, mp.get_text(leaf), cte="quoted-printable", breaks=qp_breaks(ctx.rng))
    return msg


@transform
def base64_short_lines(msg, ctx):
    """Every body as base64 in lines of 4 to 40 characters, not 76."""
    for leaf in mp.text_leaves(msg):
        mp.set_text(leaf, mp.get_text(leaf), cte="base64")
        flat, lines = leaf.body.replace(b"\n", b""), []
        while flat:
            n = ctx.rng.randint(4, 40)
            lines.append(flat[:n])
            flat = flat[n:]
        leaf.body = b"\n".join(lines) + b"\n"
    return msg


@transform
def quoted_printable_lowercase(msg, ctx):
    """Every body as quoted-printable with lower-case hex (=3d, =c3=a9),
    which decoders accept."""
    for leaf in mp.text_leaves(msg):
        mp.set_text(leaf, mp.get_text(leaf), cte="quoted-printable")
        leaf.body = re.sub(rb"=([0-9A-F]{2})", lambda m: b"=" + m.group(1).lower(), leaf.body)
    return msg


@transform
def bodies_8bit(msg, ctx):
    """Every body unencoded (8bit), its transfer encoding undone."""
    for leaf in mp.text_leaves(msg):
        text = mp.get_text(leaf)
        if max(map(len, text.split("\n"))) <= 900:
            mp.set_text(leaf, text, cte="8bit")
    return msg


def meta_charset(html, charset):
    return re.sub(r"""(<meta\b[^>]*charset\s*=\s*["']?)[\w:.-]+""", r"\g<1>" + charset,
                  html, flags=re.I)


@transform
def charset_latin1(msg, ctx):
    """Bodies that ISO-8859-1 can hold are written in it (labelled so)."""
    for leaf in mp.text_leaves(msg):
        text = meta_charset(mp.get_text(leaf), "iso-8859-1")
        try:
            text.encode("iso-8859-1")
        except UnicodeEncodeError:
            continue
        mp.set_text(leaf, text, charset="iso-8859-1")
    return msg


@transform
def charset_utf16_html(msg, ctx):
    """HTML bodies written in UTF-16 (with BOM, base64, labelled so)."""
    leaves = mp.text_leaves(msg, "text/html")
    for leaf in leaves:
        mp.set_text(leaf, meta_charset(mp.get_text(leaf), "utf-16"), cte="base64", charset="utf-16")
    return msg if leaves else None


@transform
def charset_iso2022jp(msg, ctx):
    """Japanese bodies written in ISO-2022-JP, as Japanese mailers do."""
    done = False
    for leaf in mp.text_leaves(msg):
        text = mp.get_text(leaf)
        if text.isascii():
            continue
        try:
            text.encode("iso-2022-jp")
        except UnicodeEncodeError:
            continue
        mp.set_text(leaf, meta_charset(text, "iso-2022-jp"), cte="7bit", charset="iso-2022-jp")
        done = True
    return msg if done else None


@transform
def line_ends_flipped(msg, ctx):
    """CRLF line ends become LF, LF become CRLF."""
    msg.eol = b"\n" if msg.eol == b"\r\n" else b"\r\n"
    return msg


@transform
def headers_folded(msg, ctx):
    """Subject, From and To folded at every space."""
    for name in ("Subject", "From", "To"):
        i = msg.index(name)
        if i < 0:
            continue
        words = mp.unfold(msg.headers[i][1]).strip().split(" ")
        out = words[0]
        for n, w in enumerate(words[1:]):
            out += "\n " + w
        msg.headers[i][1] = " " + out
    return msg


def entities(part):
    yield part
    for child in part.parts or ():
        yield from entities(child)
    if part.message is not None:
        yield from entities(part.message)


@transform
def header_case(msg, ctx):
    """Header names, MIME types, parameter names, charsets and transfer
    encodings in upper or lower case (all case-insensitive)."""
    for ent in entities(msg):
        ctype, params = ent.ctype()
        for n, h in enumerate(ent.headers):
            h[0] = h[0].upper() if n % 2 == 0 else h[0].lower()
        if ent.get("Content-Type") is not None:
            value = ctype.upper() + "".join(
                '; %s="%s"' % (k.upper(), v.upper() if k == "charset" else v)
                for k, v in params.items())
            ent.set("Content-Type", value)
        if ent.get("Content-Transfer-Encoding") is not None:
            ent.set("Content-Transfer-Encoding", ent.cte().upper())
    return msg


@transform
def boundaries_odd(msg, ctx):
    """Every multipart boundary replaced by a 70-character one made of the
    odd characters RFC 2046 allows (quotes, brackets, '=', '?', space)."""
    done = False
    for ent in entities(msg):
        if ent.parts is not None:
            b = "=_'()+,-./:? %016x" % ctx.rng.getrandbits(64)
            b = (b + "=" * 70)[:69] + "x"
            ent.boundary = b
            ent.set_ctype(ent.ctype()[0], boundary=b)
            done = True
    return msg if done else None


@transform
def params_rfc2231(msg, ctx):
    """Content-Type parameters in RFC 2231 form: the charset as an
    extended value (charset*=us-ascii''utf-8), the boundary split into
    continuations (boundary*0=...; boundary*1=...)."""
    for ent in entities(msg):
        if ent.get("Content-Type") is None:
            continue
        ctype, params = ent.ctype()
        out = []
        for k, v in params.items():
            if k == "boundary":
                half = len(v) // 2
                out.append('boundary*0="%s"; boundary*1="%s"' % (v[:half], v[half:]))
            elif k == "charset":
                out.append("charset*=us-ascii''%s" % v)
            else:
                out.append('%s="%s"' % (k, v))
        ent.set("Content-Type", "; ".join([ctype] + out))
    return msg


@transform
def forwarded_as_attachment(msg, ctx):
    """The message wrapped whole in an inline message/rfc822 part of a
    message with the same headers (clients show it inline)."""
    inner = mp.parse_entity(mp.write_entity(msg))
    shape.content_entity(msg)
    part = mp.Part([["Content-Type", " message/rfc822"], ["Content-Disposition", " inline"]])
    part.message = inner
    shape.become(msg, mp.multipart("mixed", [part], ctx.boundary()))
    return msg


@transform
def html_in_related(msg, ctx):
    """Each HTML body wrapped in multipart/related, as mail with inline
    images is."""
    leaves = mp.text_leaves(msg, "text/html")
    for leaf in leaves:
        parent = shape.parent_of(msg, leaf)
        if parent is None or parent.message is leaf:    # a message: keep its headers
            shape.wrap(leaf, "related", ctx.boundary())
        else:
            shape.replace(msg, leaf, mp.multipart("related", [leaf], ctx.boundary()))
    return msg if leaves else None


# ------------------------------------------------------------ the limits
@transform
def empty_parts_first(msg, ctx):
    """1,500 empty text parts before the real content (multipart/mixed)."""
    empty = [mp.Part([["Content-Type", " text/plain; charset=us-ascii"]]) for _ in range(EMPTY_PARTS)]
    shape.wrap(msg, "mixed", ctx.boundary(), before=empty)
    return msg


@transform
def nested_deep(msg, ctx):
    """The content nested 40 levels of multipart/mixed deep."""
    for _ in range(NESTING):
        shape.wrap(msg, "mixed", ctx.boundary())
    return msg


def harmless_links(ctx, n):
    return [("https://n%d.example.com/%s" % (i, ctx.rng.choice(shape.WORDS)),
             "%s %d" % (ctx.rng.choice(shape.WORDS), i)) for i in range(n)]


@transform
def hidden_links_html(msg, ctx):
    """2,500 harmless distinct links in a display:none div before the content."""
    links = "\n".join('<a href="%s">%s</a>' % l for l in harmless_links(ctx, HIDDEN_LINKS))
    div = '<div style="display:none">\n%s\n</div>\n' % links
    shape.edit_html(msg, lambda h: to.body_insert(h, start=div))
    return msg


@transform
def links_plain_alternative(msg, ctx):
    """2,500 harmless links before the text of a text/plain alternative
    (the client shows the HTML alternative)."""
    links = "\n".join(u for u, _ in harmless_links(ctx, HIDDEN_LINKS))
    return shape.with_plain_alternative(msg, lambda old: links + "\n\n" + old, ctx)


@transform
def hidden_padding_html(msg, ctx):
    """300 KB of harmless words in a display:none div before the content."""
    pad = '<div style="display:none">\n%s\n</div>\n' % htmllib.escape(shape.filler(PADDING))
    shape.edit_html(msg, lambda h: to.body_insert(h, start=pad))
    return msg


@transform
def visible_padding_after(msg, ctx):
    """300 KB of harmless visible words after the content (in the HTML
    bodies, or the text bodies of a message without HTML)."""
    words = shape.filler(PADDING)
    if mp.text_leaves(msg, "text/html"):
        paras = "\n".join("<p>%s</p>" % htmllib.escape(p)
                          for p in re.findall(r"(?:[^\n]*\n?){1,8}", words) if p)
        shape.edit_html(msg, lambda h: to.body_insert(h, end="<div>\n%s\n</div>\n" % paras))
    elif not shape.edit_plain(msg, lambda t: t.rstrip("\n") + "\n\n" + words + "\n"):
        return None
    return msg


@transform
def padding_plain_alternative(msg, ctx):
    """300 KB of harmless words before the text of a text/plain
    alternative (the client shows the HTML alternative)."""
    pad = shape.filler(PADDING)
    return shape.with_plain_alternative(msg, lambda old: pad + "\n\n" + old, ctx)


# --------------------------------------------------------------- decoys
@transform
def decoy_plain_harmless(msg, ctx):
    """The text/plain alternative says something harmless; the HTML
    alternative (what the client shows) is the original."""
    return shape.with_plain_alternative(msg, lambda old: HARMLESS, ctx)


@transform
def decoy_plain_analyst(msg, ctx):
    """The text/plain alternative discusses phishing like an analyst; the
    HTML alternative (what the client shows) is the original."""
    return shape.with_plain_alternative(msg, lambda old: ANALYST, ctx)


@transform
def decoy_hidden_analyst(msg, ctx):
    """Analyst wording about phishing in a display:none div before the content."""
    div = '<div style="display:none">%s</div>\n' % htmllib.escape(ANALYST)
    shape.edit_html(msg, lambda h: to.body_insert(h, start=div))
    return msg


@transform
def decoy_preamble_analyst(msg, ctx):
    """Analyst wording in the preamble and epilogue of a multipart (which
    no client shows); a single-part message is made multipart/mixed."""
    text = ANALYST.encode()
    if msg.parts is None:
        shape.wrap(msg, "mixed", ctx.boundary())
    msg.preamble = text
    msg.epilogue = b"\n" + text
    return msg


# ------------------------------------------------ authentication results
def forge_auth(msg, ctx, authserv, verdicts):
    """The forged header goes where the sender's own headers are: last,
    below every Received header and this site's own results."""
    d = ctx.brand_domain
    value = (" %s;\n\tdkim=%s header.d=%s header.s=s2025 header.b=Qm9ndXMx;\n"
             "\tspf=%s smtp.mailfrom=bounce@%s;\n\tdmarc=%s header.from=%s"
             % (authserv, verdicts[0], d, verdicts[1], d, verdicts[2], d))
    if msg.index("Received") < 0:
        return None
    msg.headers.append(["Authentication-Results", value])
    return msg


@transform
def forged_auth_results(msg, ctx):
    """A forged Authentication-Results with an authserv-id this site
    trusts (mx.test.example) among the sender's headers (the last one,
    below every Received header), claiming dkim, spf and dmarc pass for
    the brand's own domain."""
    return forge_auth(msg, ctx, "mx.test.example", ("pass", "pass", "pass"))


@transform
def forged_auth_results_case(msg, ctx):
    """The same forged header with the authserv-id and results in mixed case."""
    return forge_auth(msg, ctx, "Mx.Test.EXAMPLE", ("Pass", "PASS", "pAss"))
