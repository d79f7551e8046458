"""t_text.py - transforms of the visible text, the HTML markup and the hrefs

Each transform(msg, ctx) edits msg in place and returns it, or None when
it does not apply.  The HTML ones work on a message without HTML too:
its text/plain parts are first rendered as HTML, the way a client shows
them (plain_as_html alone measures that step).  Words are edited in the
text a reader sees, never inside a URL or domain written as text (a
client links those); anchor text is edited, since its href carries the
destination.
"""
import html as htmllib
import re
import unicodedata

import mailparts as mp
import shape
import t_names
import textops as to

TRANSFORMS = []
IGNORABLES = ["\u034f", "\u200e", "\u2062", "\ufe0f", "\U000e0020"]
INVISIBLE_REFS = ["&ZeroWidthSpace;", "&zwnj;", "&NoBreak;", "&#xFEFF;", "&shy;", "&#8203;"]
BODY_HOMOGLYPHS = [(a, b) for a, b in t_names.HOMOGLYPHS if a.islower()]


def transform(fn):
    TRANSFORMS.append((fn.__name__, fn))
    return fn


def on_words(msg, html_edit, plain_edit=None, make_html=False):
    """Word edits on the HTML text (and the plain text when plain_edit)."""
    done = shape.edit_html(msg, lambda h: to.map_html_words(h, html_edit), make=make_html)
    if plain_edit is not None:
        done = shape.edit_plain(msg, lambda t: to.map_plain_words(t, plain_edit)) or done
    return msg if done else None


def split_by(rng, markup):
    """word -> word cut in two at a random place with markup(rng) between."""
    def edit(word):
        k = rng.randint(1, len(word) - 1)
        return word[:k] + markup(rng) + word[k:]
    return edit


def junk(rng):
    return "".join(rng.choice("qxzjkvw") for _ in range(rng.randint(2, 3)))


# ------------------------------------------------- invisible characters
@transform
def zero_width_text(msg, ctx):
    """Zero-width characters (U+200B, U+200C, U+2060, U+FEFF) inside the
    words of the text and HTML bodies."""
    edit = t_names.insert_chars(ctx.rng, t_names.ZERO_WIDTH)
    return on_words(msg, edit, edit)


@transform
def soft_hyphen_text(msg, ctx):
    """Soft hyphens (U+00AD) inside the words of the bodies."""
    edit = t_names.insert_chars(ctx.rng, t_names.SOFT_HYPHEN)
    return on_words(msg, edit, edit)


@transform
def ignorables_text(msg, ctx):
    """Other default-ignorable characters inside words: combining
    grapheme joiner, left-to-right mark, invisible times, variation
    selector 16, tag space."""
    edit = t_names.insert_chars(ctx.rng, IGNORABLES)
    return on_words(msg, edit, edit)


@transform
def invisible_char_refs(msg, ctx):
    """Invisible characters written as character references inside HTML
    words: &ZeroWidthSpace; &NoBreak; (HTML5 only), &zwnj; &#xFEFF;
    &shy; &#8203;."""
    return on_words(msg, t_names.insert_chars(ctx.rng, INVISIBLE_REFS), make_html=True)


@transform
def homoglyph_text(msg, ctx):
    """In each word of the bodies, one Latin letter replaced by its
    Cyrillic look-alike ("verify" -> "v\u0435rify")."""
    edit = t_names.swap_first(BODY_HOMOGLYPHS)
    return on_words(msg, edit, edit)


@transform
def nbsp_between_words(msg, ctx):
    """The spaces between the words of the HTML text as &nbsp;."""
    gap = re.compile(r"(?<=[^\W\d_]) (?=[^\W\d_])")
    edit = lambda t, anchor: to.map_free(t, lambda s: gap.sub("&nbsp;", s), skip_links=not anchor)
    shape.edit_html(msg, lambda h: to.map_html_text(h, edit))
    return msg


@transform
def ligatures_text(msg, ctx):
    """fi, fl and ff inside the words of the bodies as the ligature
    characters U+FB01, U+FB02, U+FB00 (fonts draw them so anyway)."""
    lig = lambda w: w.replace("ff", "\ufb00").replace("fi", "\ufb01").replace("fl", "\ufb02")
    before = [mp.get_text(p) for p in mp.text_leaves(msg)]
    on_words(msg, lig, lig)
    return msg if before != [mp.get_text(p) for p in mp.text_leaves(msg)] else None


@transform
def decomposed_text(msg, ctx):
    """Accented letters of the bodies decomposed (NFD: e + U+0301)."""
    nfd = lambda w: unicodedata.normalize("NFD", w)
    before = [mp.get_text(p) for p in mp.text_leaves(msg)]
    on_words(msg, nfd, nfd)
    return msg if before != [mp.get_text(p) for p in mp.text_leaves(msg)] else None


# ---------------------------------------------------- markup in words
@transform
def comments_in_words(msg, ctx):
    """HTML comments inside words ("ver<!-- -->ify")."""
    markup = lambda rng: rng.choice(["<!---->", "<!-- -->", "<!--%s-->" % junk(rng)])
    return on_words(msg, split_by(ctx.rng, markup), make_html=True)


@transform
def font_size0_split(msg, ctx):
    """Words split by spans of junk letters at font-size:0."""
    markup = lambda rng: '<span style="font-size:0">%s</span>' % junk(rng)
    return on_words(msg, split_by(ctx.rng, markup), make_html=True)


@transform
def display_none_split(msg, ctx):
    """Words split by display:none spans of junk letters."""
    markup = lambda rng: '<span style="display:none">%s</span>' % junk(rng)
    return on_words(msg, split_by(ctx.rng, markup), make_html=True)


@transform
def css_class_split(msg, ctx):
    """Words split by spans of junk letters that a class hides, the class
    defined in a <style> of the head (.zq{display:none})."""
    markup = lambda rng: '<span class="zq">%s</span>' % junk(rng)
    if on_words(msg, split_by(ctx.rng, markup), make_html=True) is None:
        return None
    shape.edit_html(msg, lambda h: to.head_insert(h, "<style>.zq{display:none}</style>"))
    return msg


@transform
def inline_tags_split(msg, ctx):
    """Words split by empty inline elements or an inline element around
    their second half ("ver<b></b>ify", "ver<span>ify</span>")."""
    def edit(word):
        k = ctx.rng.randint(1, len(word) - 1)
        if ctx.rng.random() < 0.5:
            return word[:k] + ctx.rng.choice(["<b></b>", "<span></span>", "<font></font>", "<i></i>"]) + word[k:]
        return word[:k] + "<span>" + word[k:] + "</span>"
    return on_words(msg, edit, make_html=True)


@transform
def wbr_split(msg, ctx):
    """<wbr> (a line-break opportunity, invisible) inside words."""
    return on_words(msg, split_by(ctx.rng, lambda rng: "<wbr>"), make_html=True)


@transform
def text_char_refs(msg, ctx):
    """Every letter of the visible HTML words written as a decimal or hex
    character reference."""
    edit = lambda w: "".join(("&#%d;" if i % 2 else "&#x%x;") % ord(c) for i, c in enumerate(w))
    return on_words(msg, edit, make_html=True)


# ------------------------------------------------------------ markup
ATTRS = re.compile(r"""(\s+|/)([^\s=/>"']+)(\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]*))?""")


def recase_tag(tag, case):
    m = re.match(r"<(/?)([A-Za-z][A-Za-z0-9]*)", tag)
    if not m:
        return tag

    def attr(a):
        value = a.group(3) or ""
        if a.group(2).lower() == "style" and "url(" not in value.lower():
            value = re.sub(r"(=\s*)(.*)", lambda v: v.group(1) + case(v.group(2)), value, flags=re.S)
        return a.group(1) + case(a.group(2)) + value
    return "<" + m.group(1) + case(m.group(2)) + ATTRS.sub(attr, tag[m.end():])


@transform
def html_uppercase(msg, ctx):
    """Tag and attribute names, and style declarations, in upper case."""
    shape.edit_html(msg, lambda h: to.map_tags(h, lambda t: recase_tag(t, str.upper)))
    return msg


@transform
def html_mixedcase(msg, ctx):
    """Tag and attribute names, and style declarations, in mixed case."""
    case = lambda s: "".join(c.upper() if ctx.rng.random() < 0.5 else c.lower() for c in s)
    shape.edit_html(msg, lambda h: to.map_tags(h, lambda t: recase_tag(t, case)))
    return msg


@transform
def slash_before_href(msg, ctx):
    """<a/href=...>: a slash instead of the space before href."""
    def tag(t):
        if to.tag_name(t) in ("a", "area") and not t.startswith("</"):
            return re.sub(r"\s+(href\s*=)", r"/\1", t, count=1, flags=re.I)
        return t
    shape.edit_html(msg, lambda h: to.map_tags(h, tag))
    return msg


def origin(url):
    m = re.match(r"(?i)(https?://[^/?#\s]+)", url)
    return m.group(1) if m else None


@transform
def base_href_relative(msg, ctx):
    """A <base href> of the first link's site, and links to that site made
    relative to it."""
    done = False
    for leaf in shape.ensure_html(msg):
        html = mp.get_text(leaf)
        sites = [origin(h.strip()) for h in to.hrefs(html) if origin(h.strip())]
        if not sites:
            continue
        site = sites[0]

        def rel(h):
            h = h.strip()
            if origin(h) != site:
                return None
            path = h[len(site):].lstrip("/")
            return '"%s"' % htmllib.escape(path or "./")
        html = to.map_hrefs(html, rel)
        html = to.head_insert(html, '<base href="%s/">' % htmllib.escape(site))
        mp.set_text(leaf, html)
        done = True
    return msg if done else None


@transform
def bidi_anchor_text(msg, ctx):
    """Anchor text that shows a domain or URL written backwards inside a
    right-to-left override: it shows as before."""
    done = [False]

    def edit(html):
        out, anchor = [], False
        for kind, piece in to.tokens(html):
            if kind == "tag" and to.tag_name(piece) == "a":
                anchor = not piece.startswith("</")
            elif kind == "text" and anchor:
                text = to.decode_refs(piece)
                core = text.strip()
                if core and to.LINKISH.fullmatch(core):
                    lead = text[:len(text) - len(text.lstrip())]
                    tail = text[len(text.rstrip()):]
                    piece = lead + htmllib.escape("\u202e" + core[::-1] + "\u202c", quote=False) + tail
                    done[0] = True
            out.append(piece)
        return "".join(out)
    shape.edit_html(msg, edit)
    return msg if done[0] else None


# --------------------------------------------------------------- hrefs
URL = re.compile(r"(?is)(https?)(://)([^/?#]*)(.*)")


def esc(s):
    return s.replace("&", "&amp;").replace('"', "&quot;")


def on_hrefs(msg, fn):
    """fn(scheme, authority, rest) -> raw attribute text (no quotes) or
    None, for each http(s) href."""
    done = [False]

    def one(h):
        m = URL.fullmatch(h.strip())
        if not m:
            return None
        new = fn(m.group(1), m.group(3), m.group(4))
        if new is None:
            return None
        done[0] = True
        return '"%s"' % new
    shape.edit_html(msg, lambda html: to.map_hrefs(html, one))
    return msg if done[0] else None


def host_part(authority):
    """(userinfo@, host, :port) of an authority."""
    user, _, hostport = authority.rpartition("@")
    m = re.fullmatch(r"(\[[^\]]*\]|[^:]*)(:\d*)?", hostport)
    host, port = (m.group(1), m.group(2) or "") if m else (hostport, "")
    return (user + "@" if user else ""), host, port


def refs(s, fmt):
    return "".join(fmt % ord(c) for c in s)


@transform
def href_named_refs(msg, ctx):
    """hrefs with '.', ':' and '/' as HTML5-only named references
    (&period; &colon; &sol;)."""
    named = {".": "&period;", ":": "&colon;", "/": "&sol;"}
    return on_hrefs(msg, lambda s, a, r: re.sub(r"[.:/]", lambda m: named[m.group(0)],
                                                esc(s + "://" + a + r)))


@transform
def href_decimal_refs(msg, ctx):
    """Scheme and host of hrefs as decimal references (&#104;&#116;...)."""
    return on_hrefs(msg, lambda s, a, r: refs(s + "://" + a, "&#%d;") + esc(r))


@transform
def href_hex_refs(msg, ctx):
    """Scheme and host of hrefs as hex references (&#x68;&#x74;...)."""
    return on_hrefs(msg, lambda s, a, r: refs(s + "://" + a, "&#x%x;") + esc(r))


@transform
def href_zero_padded_refs(msg, ctx):
    """Scheme and host of hrefs as references with leading zeros
    (&#0000104; &#x000074;)."""
    def fn(s, a, r):
        return "".join(("&#%07d;" if i % 2 else "&#x%06x;") % ord(c)
                       for i, c in enumerate(s + "://" + a)) + esc(r)
    return on_hrefs(msg, fn)


@transform
def href_refs_no_semicolon(msg, ctx):
    """Scheme and host of hrefs as decimal references without ';' (&#104&#116),
    which HTML parsers decode."""
    return on_hrefs(msg, lambda s, a, r: refs(s + "://" + a, "&#%d") + ";" + esc(r))


@transform
def href_whitespace(msg, ctx):
    """Leading space, and a newline and a tab inside scheme and host of
    hrefs (browsers drop them)."""
    def fn(s, a, r):
        u, host, port = host_part(a)
        k = ctx.rng.randint(1, max(1, len(host) - 1))
        return esc(" " + s + ":/\n/" + u + host[:k] + "\t" + host[k:] + port + r)
    return on_hrefs(msg, fn)


@transform
def href_backslashes(msg, ctx):
    r"""hrefs written https:\\host\path (browsers read \ as / there)."""
    def fn(s, a, r):
        return esc(s + ":\\\\" + a + (("\\" + r[1:]) if r.startswith("/") else r))
    return on_hrefs(msg, fn)


@transform
def href_uppercase(msg, ctx):
    """Scheme and host of hrefs in upper case."""
    return on_hrefs(msg, lambda s, a, r: esc((s + "://" + a).upper() + r))


@transform
def href_percent_host(msg, ctx):
    """Every other letter of href hosts percent-encoded (%70y%70j.org)."""
    def fn(s, a, r):
        u, host, port = host_part(a)
        if host.startswith("["):
            return None
        host = "".join("%%%02X" % ord(c) if c.isascii() and c.isalpha() and i % 2 == 0 else c
                       for i, c in enumerate(host))
        return esc(s + "://" + u + host + port + r)
    return on_hrefs(msg, fn)


@transform
def href_fullwidth_host(msg, ctx):
    """href hosts in fullwidth letters with ideographic full stops
    (\uff50\uff59\uff50\uff4a\u3002org); IDNA maps them back."""
    def fn(s, a, r):
        u, host, port = host_part(a)
        if host.startswith("["):
            return None
        wide = "".join("\u3002" if c == "." else chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum()
                       else c for c in host)
        return esc(s + "://" + u + wide + port + r)
    return on_hrefs(msg, fn)


@transform
def href_idn_other_form(msg, ctx):
    """Internationalised href hosts written in the other form: punycode
    as Unicode, Unicode as punycode."""
    def fn(s, a, r):
        u, host, port = host_part(a)
        labels = []
        for label in host.split("."):
            try:
                if label.lower().startswith("xn--"):
                    label = label.encode("ascii").decode("idna")
                elif not label.isascii():
                    label = label.encode("idna").decode("ascii")
            except UnicodeError:
                pass
            labels.append(label)
        new = ".".join(labels)
        return esc(s + "://" + u + new + port + r) if new != host else None
    return on_hrefs(msg, fn)


@transform
def href_ip_forms(msg, ctx):
    """IPv4 href hosts as one decimal or hex number (http://1547683113/)."""
    def fn(s, a, r):
        u, host, port = host_part(a)
        m = re.fullmatch(r"(\d+)\.(\d+)\.(\d+)\.(\d+)", host)
        if not m:
            return None
        n = 0
        for g in m.groups():
            n = n * 256 + int(g)
        return esc(s + "://" + u + (str(n) if ctx.rng.random() < 0.5 else "0x%X" % n) + port + r)
    return on_hrefs(msg, fn)


@transform
def href_trailing_dot(msg, ctx):
    """href hosts with the root's trailing dot (pypj.org.)."""
    def fn(s, a, r):
        u, host, port = host_part(a)
        if host.startswith("[") or host.endswith("."):
            return None
        return esc(s + "://" + u + host + "." + port + r)
    return on_hrefs(msg, fn)


@transform
def href_no_slashes(msg, ctx):
    """hrefs written https:host/path (no slashes: browsers add them for
    http and https)."""
    return on_hrefs(msg, lambda s, a, r: esc(s + ":" + a + r))


@transform
def href_default_port(msg, ctx):
    """href hosts with their scheme's default port (:443, :80)."""
    def fn(s, a, r):
        u, host, port = host_part(a)
        if port:
            return None
        return esc(s + "://" + u + host + (":443" if s.lower() == "https" else ":80") + r)
    return on_hrefs(msg, fn)


# ------------------------------------------------------------ plain text
@transform
def flowed_delsp(msg, ctx):
    """text/plain as format=flowed; delsp=yes, its lines cut every 12 to 30
    characters, in words and URLs alike (a flowed-aware client joins them)."""
    leaves = mp.text_leaves(msg, "text/plain")
    for leaf in leaves:
        out = []
        for line in mp.get_text(leaf).split("\n"):
            line = line.rstrip(" ")
            while len(line) > 30:
                k = ctx.rng.randint(12, 30)
                out.append(line[:k] + " ")
                line = line[k:]
            out.append(line)
        # Space-stuffing (RFC 3676 4.4), for every physical line.
        out = [" " + l if l.startswith((" ", ">", "From ")) else l for l in out]
        leaf.set_ctype("text/plain", format="flowed", delsp="yes")
        mp.set_text(leaf, "\n".join(out))
    return msg if leaves else None


@transform
def plain_as_html(msg, ctx):
    """A message without HTML: its text parts rendered as HTML, as a
    client shows them (the first step of the HTML transforms on it)."""
    if mp.text_leaves(msg, "text/html"):
        return None
    shape.ensure_html(msg)
    return msg
