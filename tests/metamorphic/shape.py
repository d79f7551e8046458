"""shape.py - changes of a message's structure and headers that transforms share

  Ctx                  what a transform knows: rng (seeded per original
                       and transform), the brand's domain, fresh boundaries
  content_entity(msg)  the message's body as an entity of its own (its
                       Content-* headers move with it); msg keeps the rest
  replace(msg, old, new)  put entity new where old is in msg's tree
  ensure_html(msg)     the HTML leaves; a message without any gets its
                       text/plain leaves rendered as HTML, as a client
                       shows them
  with_plain_alternative(msg, fn, ctx)  a text/plain alternative (that a client
                       does not show: it shows the HTML) with fn(its text)
  edit_html / edit_plain   fn(text) -> text on those leaves
  header_text(text)    a header value for text: as is when ASCII, else
                       UTF-8 encoded words, folded
  set_subject / set_display_name
  filler(size)         harmless words, lines of about 72 characters
"""
import random
import re

import mailparts as mp
import textops as to

CONTENT_HEADERS = ("content-type", "content-transfer-encoding", "content-disposition",
                   "content-id", "content-description", "content-language")


class Ctx:
    def __init__(self, rng, brand_domain, transform):
        self.rng = rng
        self.brand_domain = brand_domain
        self.transform = transform
        self.serial = 0

    def boundary(self):
        """A fresh boundary no content holds ("=_" never starts a base64
        or quoted-printable line)."""
        self.serial += 1
        return "=_mm_%s_%d_%08x" % (self.transform, self.serial, self.rng.getrandbits(32))


def content_entity(msg):
    """Move the body of msg (with its Content-* headers) into a new entity."""
    inner = mp.Part([h for h in msg.headers if h[0].lower() in CONTENT_HEADERS],
                    msg.body, msg.parts, msg.boundary, msg.preamble, msg.epilogue,
                    msg.message)
    msg.headers = [h for h in msg.headers if h[0].lower() not in CONTENT_HEADERS]
    msg.body, msg.parts, msg.message = b"", None, None
    msg.preamble = msg.epilogue = b""
    return inner


def become(msg, entity):
    """msg (a message or part) takes entity's content and Content-* headers."""
    msg.headers = [h for h in msg.headers if h[0].lower() not in CONTENT_HEADERS] \
        + [h for h in entity.headers if h[0].lower() in CONTENT_HEADERS]
    msg.body, msg.parts, msg.boundary = entity.body, entity.parts, entity.boundary
    msg.preamble, msg.epilogue, msg.message = entity.preamble, entity.epilogue, entity.message


def wrap(msg, subtype, boundary, before=(), after=(), preamble=b""):
    """msg's body becomes one part of a new multipart (between before and after)."""
    inner = content_entity(msg)
    become(msg, mp.multipart(subtype, list(before) + [inner] + list(after), boundary,
                             preamble=preamble))
    return inner


def parent_of(root, node):
    """The entity whose part or inner message node is, or None."""
    if root.message is node or (root.parts is not None and node in root.parts):
        return root
    for child in (root.parts or []) + ([root.message] if root.message else []):
        found = parent_of(child, node)
        if found:
            return found
    return None


def replace(msg, old, new):
    """Put new where old is.  Where old is a message (msg itself, or an
    inner message), it keeps its other headers and becomes new."""
    parent = None if old is msg else parent_of(msg, old)
    if parent is None or parent.message is old:
        become(old, new)
    else:
        parent.parts[parent.parts.index(old)] = new


def text_part(ctype, text):
    part = mp.Part([["Content-Type", " %s; charset=utf-8" % ctype]])
    mp.set_text(part, text, charset="utf-8")
    return part


def ensure_html(msg):
    """The HTML leaves of msg, rendering its text/plain leaves when it has none."""
    html = mp.text_leaves(msg, "text/html")
    if html:
        return html
    for leaf in mp.text_leaves(msg, "text/plain"):
        text = mp.get_text(leaf)
        leaf.set_ctype("text/html", format=None, delsp=None)
        mp.set_text(leaf, to.plain_to_html(text))
        html.append(leaf)
    return html


def edit_html(msg, fn, make=True):
    leaves = ensure_html(msg) if make else mp.text_leaves(msg, "text/html")
    for leaf in leaves:
        mp.set_text(leaf, fn(mp.get_text(leaf)))
    return bool(leaves)


def edit_plain(msg, fn):
    leaves = mp.text_leaves(msg, "text/plain")
    for leaf in leaves:
        mp.set_text(leaf, fn(mp.get_text(leaf)))
    return bool(leaves)


def alternatives(root):
    """Every multipart/alternative entity below root."""
    found = []
    if root.parts is not None:
        if root.ctype()[0] == "multipart/alternative":
            found.append(root)
        for child in root.parts:
            found += alternatives(child)
    elif root.message is not None:
        found += alternatives(root.message)
    return found


def html_to_rough_text(html):
    return re.sub(r"\s+", " ", to.decode_refs(re.sub(r"<[^>]*>", " ", html))).strip()


def with_plain_alternative(msg, fn, ctx):
    """Give the shown content a text/plain alternative whose text is
    fn(what that alternative says now), the HTML staying the shown part."""
    for alt in alternatives(msg):
        plain = [p for p in alt.parts if p.is_text() and p.ctype()[0] == "text/plain"]
        if plain and any(p.ctype()[0] == "text/html" for p in mp.leaves(alt)):
            mp.set_text(plain[0], fn(mp.get_text(plain[0])))
            return msg
    leaves = mp.text_leaves(msg)
    if not leaves:
        return None
    leaf = leaves[0]
    text = mp.get_text(leaf)
    if leaf.ctype()[0] == "text/html":
        html, old = text, html_to_rough_text(text)
    else:
        html, old = to.plain_to_html(text), text
    html_part = text_part("text/html", html)
    alt = mp.multipart("alternative", [text_part("text/plain", fn(old)), html_part],
                       ctx.boundary())
    replace(msg, leaf, alt)
    return msg


# ------------------------------------------------------------- headers
def header_text(text, chunk=14):
    """A header value that shows text: as is when ASCII, else folded
    UTF-8 B words."""
    if text.isascii():
        return text
    return "\n ".join(mp.encoded_words(text, chunk))


def set_subject(msg, text):
    if msg.index("Subject") < 0:
        return False
    msg.set("Subject", header_text(text))
    return True


def from_parts(msg):
    """(decoded display name, "<addr>") of From, or None without a name."""
    raw = msg.get("From")
    if raw is None:
        return None
    sp = mp.split_address(raw)
    name = mp.display_name(raw)
    if sp is None or not name:
        return None
    return name, sp[1]


def set_display_name(msg, name, raw=None):
    """Write From as name (or the raw phrase raw) and the same address."""
    fp = from_parts(msg)
    if fp is None:
        return False
    if raw is None:
        raw = header_text(name) if not name.isascii() else quote_phrase(name)
    msg.set("From", raw + " " + fp[1])
    return True


def quote_phrase(name):
    if re.fullmatch(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~ -]+", name):
        return name
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


# -------------------------------------------------------------- filler
WORDS = ("garden river table window yellow music bread morning paper travel summer "
         "winter orange coffee mountain harbor bicycle pencil library market village "
         "forest island cotton silver shadow candle ribbon meadow pepper tomato violin "
         "lantern pebble saddle kettle walnut cherry maple breeze canyon glacier tulip "
         "sparrow otter badger falcon harvest picnic puzzle blanket mirror ladder basket "
         "button thimble teapot compass anchor lighthouse orchard vineyard").split()


_FILLER = {}


def filler(size, width=72):
    """About size bytes of harmless words in lines of about width; the
    same words every time (seeded), made once."""
    if size not in _FILLER:
        rng = random.Random(size)
        lines, line, total = [], [], 0
        for word in rng.choices(WORDS, k=size // 5):
            line.append(word)
            if sum(map(len, line)) + len(line) >= width:
                lines.append(" ".join(line))
                total += len(lines[-1]) + 1
                line = []
                if total >= size:
                    break
        _FILLER[size] = "\n".join(lines)
    return _FILLER[size]
