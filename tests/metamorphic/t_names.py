"""t_names.py - transforms of the display name and the subject

Each transform(msg, ctx) edits msg in place and returns it, or None when
the message has no display name (or subject) to change.  Letters that
look the same, characters that show nothing and encodings a client
decodes keep what the reader sees.
"""
import re

import mailparts as mp
import shape

TRANSFORMS = []

# Latin letter -> a letter of another script drawn the same, most
# telling first (the first of these a word holds is replaced).
HOMOGLYPHS = [("a", "\u0430"), ("e", "\u0435"), ("o", "\u043e"), ("p", "\u0440"),
              ("c", "\u0441"), ("i", "\u0456"), ("I", "\u0399"), ("x", "\u0445"),
              ("y", "\u0443"), ("s", "\u0455"), ("j", "\u0458"), ("h", "\u04bb"),
              ("P", "\u0420"), ("H", "\u041d"), ("B", "\u0412"), ("M", "\u041c"),
              ("T", "\u0422"), ("K", "\u041a"), ("O", "\u041e"), ("E", "\u0415"),
              ("A", "\u0410"), ("C", "\u0421"), ("N", "\u039d"), ("X", "\u0425"),
              ("G", "\u050c"), ("n", "\u0578"), ("u", "\u057d"), ("g", "\u0261")]
# Latin letter -> the same letter with a diacritic.
DIACRITICS = [("i", "\u00ed"), ("a", "\u00e1"), ("I", "\u00cd"), ("A", "\u00c1"),
              ("e", "\u00e9"), ("o", "\u00f3"), ("u", "\u00fa"), ("E", "\u00c9"),
              ("O", "\u00d3"), ("U", "\u00da"), ("y", "\u00fd"), ("n", "\u0144"),
              ("c", "\u00e7"), ("s", "\u015b"), ("z", "\u017a"), ("r", "\u0155"),
              ("l", "\u013a"), ("g", "\u011f"), ("G", "\u011e"), ("N", "\u0143"),
              ("P", "\u1e54"), ("p", "\u1e55"), ("m", "\u1e3f"), ("k", "\u1e31"),
              ("h", "\u0125"), ("H", "\u0124"), ("d", "\u010f"), ("t", "\u0165"),
              ("b", "\u1e03"), ("D", "\u010e"), ("R", "\u0154"), ("S", "\u015a")]
ZERO_WIDTH = ["\u200b", "\u200c", "\u2060", "\ufeff"]
SOFT_HYPHEN = ["\u00ad"]
NAME_WORD = re.compile(r"[^\W\d_]{2,}")


def transform(fn):
    TRANSFORMS.append((fn.__name__, fn))
    return fn


def swap_first(table):
    """word -> word with its first letter found in table replaced."""
    def edit(word):
        for latin, other in table:
            i = word.find(latin)
            if i >= 0:
                return word[:i] + other + word[i + 1:]
        return word
    return edit


def insert_chars(rng, chars):
    """word -> word with one of chars (in turn) inside it."""
    turn = [0]

    def edit(word):
        ch = chars[turn[0] % len(chars)]
        turn[0] += 1
        k = rng.randint(1, len(word) - 1)
        return word[:k] + ch + word[k:]
    return edit


def words(text, fn):
    return NAME_WORD.sub(lambda m: fn(m.group(0)), text)


def on_name(msg, edit):
    fp = shape.from_parts(msg)
    if fp is None:
        return None
    shape.set_display_name(msg, edit(fp[0]))
    return msg


def on_subject(msg, edit):
    subject = mp.decoded_header(msg, "Subject")
    if not subject:
        return None
    shape.set_subject(msg, edit(subject))
    return msg


@transform
def homoglyph_display_name(msg, ctx):
    """In each word of the display name, one Latin letter replaced by its
    Cyrillic or Greek look-alike ("PyPI" -> "PyP\u0399", "GitHub" -> "G\u0456tHub")."""
    return on_name(msg, lambda t: words(t, swap_first(HOMOGLYPHS)))


@transform
def homoglyph_subject(msg, ctx):
    """In each word of the subject, one Latin letter replaced by its
    Cyrillic or Greek look-alike."""
    return on_subject(msg, lambda t: words(t, swap_first(HOMOGLYPHS)))


@transform
def diacritic_display_name(msg, ctx):
    """In each word of the display name, one letter given an accent
    ("PyPI" -> "PyP\u00cd")."""
    return on_name(msg, lambda t: words(t, swap_first(DIACRITICS)))


@transform
def diacritic_subject(msg, ctx):
    """In each word of the subject, one letter given an accent."""
    return on_subject(msg, lambda t: words(t, swap_first(DIACRITICS)))


@transform
def zero_width_subject(msg, ctx):
    """Zero-width characters (U+200B, U+200C, U+2060, U+FEFF) inside the
    words of the subject."""
    return on_subject(msg, lambda t: words(t, insert_chars(ctx.rng, ZERO_WIDTH)))


@transform
def soft_hyphen_subject(msg, ctx):
    """Soft hyphens (U+00AD) inside the words of the subject."""
    return on_subject(msg, lambda t: words(t, insert_chars(ctx.rng, SOFT_HYPHEN)))


@transform
def zero_width_display_name(msg, ctx):
    """Zero-width characters inside the words of the display name."""
    return on_name(msg, lambda t: words(t, insert_chars(ctx.rng, ZERO_WIDTH)))


@transform
def bidi_display_name(msg, ctx):
    """The display name written backwards inside a right-to-left override
    (U+202E ... U+202C): it shows as before."""
    return on_name(msg, lambda t: "\u202e" + t[::-1] + "\u202c")


@transform
def bidi_subject(msg, ctx):
    """The subject written backwards inside a right-to-left override."""
    return on_subject(msg, lambda t: "\u202e" + t[::-1] + "\u202c")


def split_words(rng, text):
    """text as many short encoded words: B and Q, UTF-8 in either case,
    ISO-8859-1 where it can, 1 to 3 characters each (B words get '='
    padding), folded between words."""
    out, i = [], 0
    while i < len(text):
        n = rng.randint(1, 3)
        piece, i = text[i:i + n], i + n
        charset = rng.choice(["UTF-8", "utf-8"])
        if rng.random() < 0.3:
            try:
                piece.encode("iso-8859-1")
                charset = "iso-8859-1"
            except UnicodeEncodeError:
                pass
        enc = rng.choice(["B", "Q", "b", "q"])
        out += mp.encoded_words(piece, 3, enc, charset)
    seps = ["\n ", " ", "\n\t"]
    return out[0] + "".join(rng.choice(seps) + w for w in out[1:])


@transform
def encoded_words_subject(msg, ctx):
    """The subject as dozens of short RFC 2047 encoded words (B with '='
    padding, Q, mixed charsets and case), folded."""
    subject = mp.decoded_header(msg, "Subject")
    if not subject:
        return None
    msg.set("Subject", split_words(ctx.rng, subject))
    return msg


@transform
def encoded_words_display_name(msg, ctx):
    """The display name as many short RFC 2047 encoded words."""
    fp = shape.from_parts(msg)
    if fp is None:
        return None
    shape.set_display_name(msg, fp[0], raw=split_words(ctx.rng, fp[0]))
    return msg


@transform
def encoded_words_language(msg, ctx):
    """Subject and display name as encoded words with an RFC 2231
    language tag (=?UTF-8*en?B?...?=)."""
    fp = shape.from_parts(msg)
    subject = mp.decoded_header(msg, "Subject")
    if fp is None and not subject:
        return None
    tagged = lambda t: "\n ".join(mp.encoded_words(t, 10, lang="en"))
    if fp is not None:
        shape.set_display_name(msg, fp[0], raw=tagged(fp[0]))
    if subject:
        msg.set("Subject", tagged(subject))
    return msg


@transform
def display_name_quoted_pairs(msg, ctx):
    """The display name as a quoted string with every character escaped
    ("\\P\\y\\P\\I")."""
    fp = shape.from_parts(msg)
    if fp is None:
        return None
    raw = '"' + "".join("\\" + c for c in fp[0]) + '"'
    shape.set_display_name(msg, fp[0], raw=raw)
    return msg


@transform
def display_name_encoded_in_quotes(msg, ctx):
    """The display name as encoded words inside double quotes, which
    clients decode although RFC 2047 says not to."""
    fp = shape.from_parts(msg)
    if fp is None:
        return None
    shape.set_display_name(msg, fp[0], raw='"' + " ".join(mp.encoded_words(fp[0], 40)) + '"')
    return msg
