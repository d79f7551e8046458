"""mailparts.py - a raw MIME message as a tree that can be edited and written back

The transforms need to say exactly which bytes they write, so this is a
small parser and writer of our own rather than the email package's
generator (which re-folds, re-quotes and re-encodes as it likes):

  msg = parse(data)          # bytes, CRLF or LF
  msg.eol                    # b"\\r\\n" or b"\\n", what the input used
  msg.headers                # [[name, raw value], ...]; the value keeps
                             # its leading space and folding (LF only)
  msg.parts                  # children of a multipart, else None
  msg.message                # the inner message of a message/rfc822 part
  msg.body                   # raw (still transfer-encoded) body of a leaf
  data = write(msg)          # bytes, with msg.eol line ends

Header values are str decoded as UTF-8 with surrogateescape, so any byte
comes back as it was.  Leaf text goes through get_text() and set_text(),
which undo and redo the transfer encoding and charset.  Nothing here
decides what to change: that is transforms.py.
"""
import base64
import binascii
import quopri
import re
from email.header import decode_header, make_header

ESC = "surrogateescape"


class Part:
    """One MIME entity: headers, and a body, children or an inner message."""

    def __init__(self, headers=None, body=b"", parts=None, boundary=None,
                 preamble=b"", epilogue=b"", message=None):
        self.headers = headers if headers is not None else []
        self.body = body
        self.parts = parts
        self.boundary = boundary
        self.preamble = preamble
        self.epilogue = epilogue
        self.message = message
        self.eol = b"\n"

    # ------------------------------------------------------------ headers
    def get(self, name, default=None):
        """The first header called name, unfolded and stripped."""
        for n, v in self.headers:
            if n.lower() == name.lower():
                return unfold(v).strip()
        return default

    def index(self, name):
        """Position of the first header called name, or -1."""
        for i, (n, _) in enumerate(self.headers):
            if n.lower() == name.lower():
                return i
        return -1

    def set(self, name, value):
        """Replace the first header called name (value unfolded or
        folded, without the leading space), or append it."""
        i = self.index(name)
        if i < 0:
            self.headers.append([name, " " + value])
        else:
            self.headers[i] = [self.headers[i][0], " " + value]

    # ------------------------------------------------------- content type
    def ctype(self):
        """(type/subtype lowercased, {param: value}); text/plain if none."""
        return parse_ctype(self.get("Content-Type"))

    def is_text(self):
        t, params = self.ctype()
        disp = (self.get("Content-Disposition") or "").lower()
        return (self.parts is None and self.message is None
                and t in ("text/plain", "text/html")
                and not disp.startswith("attachment"))

    def set_ctype(self, ctype, **params):
        """Write Content-Type afresh: ctype and params (None drops one)."""
        old = self.ctype()[1]
        old.update(params)
        value = ctype + "".join('; %s="%s"' % (k, v) for k, v in old.items()
                                if v is not None)
        self.set("Content-Type", value)

    def cte(self):
        return (self.get("Content-Transfer-Encoding") or "7bit").strip().lower()


def unfold(value):
    return re.sub(r"\r?\n(?=[ \t])", "", value)


def parse_ctype(value):
    """Content-Type value to (type/subtype, params); text/plain default."""
    if not value:
        return "text/plain", {}
    items = split_params(value)
    ctype = items[0].strip().lower() or "text/plain"
    params = {}
    for item in items[1:]:
        if "=" in item:
            k, v = item.split("=", 1)
            v = v.strip()
            if len(v) >= 2 and v[0] == '"' and v[-1] == '"':
                v = re.sub(r"\\(.)", r"\1", v[1:-1])
            params[k.strip().lower()] = v
    return ctype, params


def split_params(value):
    """Split at ';' outside double quotes."""
    out, cur, quoted, i = [], "", False, 0
    while i < len(value):
        ch = value[i]
        if ch == "\\" and quoted and i + 1 < len(value):
            cur += value[i:i + 2]
            i += 2
            continue
        if ch == '"':
            quoted = not quoted
        if ch == ";" and not quoted:
            out.append(cur)
            cur = ""
        else:
            cur += ch
        i += 1
    out.append(cur)
    return out


# ------------------------------------------------------------------ parse
def parse(data):
    """Parse a whole message (bytes) into a Part; records its line ends."""
    eol = b"\r\n" if b"\r\n" in data[:4096] else b"\n"
    msg = parse_entity(data.replace(b"\r\n", b"\n"))
    msg.eol = eol
    return msg


def parse_entity(data):
    """Headers, a blank line and a body (LF line ends) into a Part."""
    if data.startswith(b"\n"):
        head, body = b"", data[1:]
    else:
        sep = data.find(b"\n\n")
        head, body = (data, b"") if sep < 0 else (data[:sep], data[sep + 2:])
    headers = []
    for line in head.decode("utf-8", ESC).split("\n"):
        if line[:1] in (" ", "\t") and headers:
            headers[-1][1] += "\n" + line
        elif ":" in line:
            name, value = line.split(":", 1)
            headers.append([name, value])
    part = Part(headers, body)
    ctype, params = part.ctype()
    if ctype.startswith("multipart/") and params.get("boundary"):
        split_multipart(part, params["boundary"])
    elif ctype == "message/rfc822" and part.cte() in ("7bit", "8bit", "binary"):
        part.message = parse_entity(body)
        part.body = b""
    return part


def split_multipart(part, boundary):
    """Cut part.body at its boundary lines into children (if any)."""
    delim = b"--" + boundary.encode("utf-8", ESC)
    lines = part.body.split(b"\n")
    chunks, cur, seen, closed, epilogue = [], [], False, False, []
    for i, line in enumerate(lines):
        if closed:
            epilogue = lines[i:]
            break
        if line.startswith(delim):
            rest = line[len(delim):].rstrip(b" \t")
            if rest in (b"", b"--"):
                chunks.append(cur)
                cur, seen = [], True
                closed = rest == b"--"
                continue
        cur.append(line)
    if not seen:
        return
    if not closed:
        chunks.append(cur)
    part.preamble = b"\n".join(chunks[0])
    part.parts = [parse_entity(b"\n".join(c)) for c in chunks[1:]]
    part.epilogue = b"\n".join(epilogue)
    part.boundary = boundary
    part.body = b""


# ------------------------------------------------------------------ write
def write(msg):
    """The message as bytes, with msg.eol line ends."""
    data = write_entity(msg)
    return data.replace(b"\n", b"\r\n") if msg.eol == b"\r\n" else data


def write_entity(part):
    head = "".join("%s:%s\n" % (n, v) for n, v in part.headers)
    out = head.encode("utf-8", ESC) + b"\n"
    if part.parts is not None:
        delim = b"--" + part.boundary.encode("utf-8", ESC)
        if part.preamble:
            out += part.preamble + b"\n"
        for child in part.parts:
            out += delim + b"\n" + write_entity(child) + b"\n"
        out += delim + b"--\n" + part.epilogue
    elif part.message is not None:
        out += write_entity(part.message)
    else:
        out += part.body
    return out


def multipart(subtype, children, boundary, headers=None, preamble=b""):
    """A new multipart entity (Content-Type first, then headers)."""
    part = Part([["Content-Type", ' multipart/%s; boundary="%s"' % (subtype, boundary)]]
                + (headers or []))
    part.parts, part.boundary, part.preamble = children, boundary, preamble
    return part


# ------------------------------------------------------------- leaf text
def decode_body(part):
    """The leaf's body with its transfer encoding undone (bytes)."""
    cte = part.cte()
    if cte == "base64":
        raw = re.sub(rb"[^A-Za-z0-9+/]", b"", part.body)
        raw = raw[:len(raw) - 1] if len(raw) % 4 == 1 else raw   # a stray byte
        return base64.b64decode(raw + b"=" * (-len(raw) % 4))
    if cte == "quoted-printable":
        return quopri.decodestring(part.body)
    return part.body


def charset_of(part):
    cs = part.ctype()[1].get("charset", "").strip().lower()
    return "utf-8" if cs in ("", "us-ascii", "ascii") else cs


def get_text(part):
    """The leaf's text as str (bad bytes become U+FFFD)."""
    data = decode_body(part)
    try:
        return data.decode(charset_of(part), "replace")
    except LookupError:
        return data.decode("latin-1")


def set_text(part, text, cte=None, charset=None, breaks=()):
    """Write text into the leaf: in charset (default: the part's own when
    it can hold text, else UTF-8), with transfer encoding cte (default:
    the part's own; 7bit/8bit as needed for unencoded parts); breaks are
    byte offsets where quoted-printable puts extra soft line breaks (or
    a function of the encoded bytes that returns them)."""
    if charset is None:
        charset = charset_of(part)
        try:
            text.encode(charset)
        except (UnicodeEncodeError, LookupError):
            charset = "utf-8"
    data = text.encode(charset)
    if cte is None:
        cte = part.cte()
        if cte not in ("base64", "quoted-printable"):
            long_line = max((len(l) for l in data.split(b"\n")), default=0) > 990
            cte = ("quoted-printable" if long_line
                   else "7bit" if data.isascii() else "8bit")
    if cte == "base64":
        body = base64.encodebytes(data)
    elif cte == "quoted-printable":
        body = qp_encode(data, breaks(data) if callable(breaks) else breaks)
    else:
        body = data
    part.body = body
    part.set_ctype(part.ctype()[0], charset=charset)
    part.set("Content-Transfer-Encoding", cte)


def qp_encode(data, breaks=()):
    """Quoted-printable (RFC 2045) of data, lines of at most 76, with soft
    line breaks also before each byte offset in breaks (a set)."""
    if not breaks:
        out = binascii.b2a_qp(data, quotetabs=False, istext=True)
        return out if out.endswith(b"\n") else out + b"\n"
    out, line = [], b""
    lines = data.split(b"\n")
    offset = 0
    for n, src in enumerate(lines):
        for i, byte in enumerate(src):
            ch = bytes([byte])
            last = i == len(src) - 1
            if byte == 0x3D or byte > 0x7E or (byte < 0x20 and byte != 0x09) \
                    or (last and byte in (0x20, 0x09)):
                ch = b"=%02X" % byte
            if line and (offset + i in breaks or len(line) + len(ch) > 75):
                out.append(line + b"=")
                line = b""
            line += ch
        out.append(line)
        line = b""
        offset += len(src) + 1
    return b"\n".join(out) + (b"" if data.endswith(b"\n") else b"\n")


def leaves(part):
    """Every leaf entity below part, depth first, inner messages included."""
    if part.parts is not None:
        for child in part.parts:
            yield from leaves(child)
    elif part.message is not None:
        yield from leaves(part.message)
    else:
        yield part


def text_leaves(part, ctype=None):
    """The inline text/plain and text/html leaves (or only ctype ones)."""
    return [p for p in leaves(part) if p.is_text() and (ctype is None or p.ctype()[0] == ctype)]


# --------------------------------------------------------------- headers
def encoded_words(text, chunk=12, enc="B", charset="UTF-8", lang=""):
    """text as RFC 2047 encoded words of at most chunk characters each
    (with an RFC 2231 language tag when lang is given)."""
    words, label = [], charset + ("*" + lang if lang else "")
    for i in range(0, len(text), chunk):
        piece = text[i:i + chunk].encode(charset)
        if enc.upper() == "B":
            words.append("=?%s?%s?%s?=" % (label, enc, base64.b64encode(piece).decode()))
        else:
            q = "".join(chr(b) if (chr(b).isalnum() and b < 128) else
                        "_" if b == 0x20 else "=%02X" % b for b in piece)
            words.append("=?%s?%s?%s?=" % (label, enc, q))
    return words


def split_address(value):
    """A From value into (display name as written, "<addr>" part) or None."""
    m = re.match(r'\s*(.*?)\s*(<[^<>]*>)\s*$', value, re.S)
    if not m:
        return None
    return m.group(1), m.group(2)


def readable(value):
    """A raw header value's 8-bit bytes as UTF-8, else as Windows-1252
    (what clients assume), so that the text can be written again."""
    data = value.encode("utf-8", ESC)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace")


def display_name(value):
    """The decoded display name of a From value, or ""."""
    sp = split_address(unfold(readable(value)))
    if sp is None or not sp[0]:
        return ""
    name = sp[0]
    if len(name) >= 2 and name[0] == '"' and name[-1] == '"':
        name = re.sub(r"\\(.)", r"\1", name[1:-1])
    try:
        return str(make_header(decode_header(name)))
    except Exception:
        return name


def decoded_header(msg, name):
    """A header's decoded text (RFC 2047), or ""."""
    v = msg.get(name)
    if v is None:
        return ""
    v = readable(v)
    try:
        return str(make_header(decode_header(v)))
    except Exception:
        return v
