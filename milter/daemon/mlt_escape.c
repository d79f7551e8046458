/*
 * NAME
 *	mlt_escape 3
 * SUMMARY
 *	untrusted text made safe for a terminal, a log line or a JSON string
 * SYNOPSIS
 *	#include "mlt_escape.h"
 *
 *	char	*mlt_escape(const char *s, size_t max, mlt_escape_mode mode)
 * DESCRIPTION
 *	Reasons, addresses, subjects and file names quote what a sender
 *	wrote.  Written raw, an escape sequence in them (ESC [ ... CSI, an
 *	OSC window title or hyperlink ended by BEL, a C1 CSI, backspace or
 *	CR over-writing what came before) would act on the terminal of the
 *	admin reading a report or a log, and a bidi control (U+202A..U+202E,
 *	U+2066..U+2069) would reorder what the admin reads.  mlt_escape() is
 *	the one function both programs write such text through: the
 *	regphish command for its reports and diagnostics, the daemon for
 *	every log line (mlt_log) and for the reasons in X-Regphish-Symbols.
 *
 *	Hidden characters are escaped, visibly: every control (C0, DEL, C1)
 *	and every character Unicode calls a format character (Cf: the bidi
 *	controls, zero-width characters, soft hyphen, tags) or a line or
 *	paragraph separator.  A backslash is doubled, so an escape always
 *	means the character was there.  A byte that is not part of
 *	well-formed UTF-8 is escaped too.  The modes:
 *
 *	MLT_ESCAPE_TERMINAL: other characters are kept as UTF-8 (a reader
 *	sees Cyrillic as Cyrillic); a control below U+0080 or a bad byte is
 *	written \xHH, any other hidden character \uHHHH (\UHHHHHHHH above
 *	U+FFFF).
 *
 *	MLT_ESCAPE_ASCII: the same, and every character outside printable
 *	ASCII is escaped as well: for a header field and for log lines,
 *	whatever reads them.
 *
 *	MLT_ESCAPE_JSON: the contents of a JSON string (RFC 8259): " and \
 *	escaped, every hidden character written \u00hh or \uhhhh (a
 *	surrogate pair above U+FFFF), a bad byte U+FFFD; so the result,
 *	quoted, is valid JSON that decodes to the text, and has no hidden
 *	character raw either.
 *
 *	At most max bytes of s are read (never part of a character); when
 *	more are left, "..." is appended.  The result is allocated (g_free).
 * DIAGNOSTICS
 *	None.  Memory exhaustion aborts (GLib).
 */
#include "config.h"

#include <glib.h>

#include "mlt_escape.h"

/* hidden - a character that must not reach a reader raw */
static int hidden(gunichar c)
{
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f))
	return 1;
    switch (g_unichar_type(c)) {
    case G_UNICODE_FORMAT:
    case G_UNICODE_LINE_SEPARATOR:
    case G_UNICODE_PARAGRAPH_SEPARATOR:
	return 1;
    default:
	return 0;
    }
}

/* escape_char - write one escaped character in the mode's own syntax */
static void escape_char(GString *out, gunichar c, mlt_escape_mode mode)
{
    if (mode == MLT_ESCAPE_JSON && c > 0xffff)
	g_string_append_printf(out, "\\u%04x\\u%04x", 0xd800 + ((c - 0x10000) >> 10),
			       0xdc00 + ((c - 0x10000) & 0x3ff));
    else if (mode == MLT_ESCAPE_JSON || (c >= 0x80 && c <= 0xffff))
	g_string_append_printf(out, "\\u%04x", c);
    else if (c < 0x80)
	g_string_append_printf(out, "\\x%02x", c);
    else
	g_string_append_printf(out, "\\U%08x", c);
}

/* mlt_escape - a copy of s safe to show in the given mode */
char   *mlt_escape(const char *s, size_t max, mlt_escape_mode mode)
{
    GString *out;
    const char *p = s, *end = s;
    gunichar c;
    size_t  n;

    while (*end && (size_t) (end - s) < max)
	end++;
    out = g_string_sized_new((gsize) (end - s) + 4);
    while (p < end) {
	/* Printable ASCII needs no escape: the common case, a run at once. */
	for (n = 0; p + n < end && p[n] >= 0x20 && p[n] < 0x7f && p[n] != '\\'
	     && (p[n] != '"' || mode != MLT_ESCAPE_JSON); n++)
	     /* void */ ;
	if (n > 0) {
	    g_string_append_len(out, p, (gssize) n);
	    p += n;
	    continue;
	}
	c = g_utf8_get_char_validated(p, end - p);
	if (c == (gunichar) - 2 && *end)
	    break;				/* a character cut by max */
	if (c == (gunichar) - 1 || c == (gunichar) - 2) {
	    /* not well-formed here: one byte, escaped */
	    if (mode == MLT_ESCAPE_JSON)
		g_string_append(out, "\\ufffd");
	    else
		g_string_append_printf(out, "\\x%02x", (unsigned char) *p);
	    p++;
	    continue;
	}
	n = (size_t) (g_utf8_next_char(p) - p);
	if (c == '\\' || (c == '"' && mode == MLT_ESCAPE_JSON)) {
	    g_string_append_c(out, '\\');
	    g_string_append_c(out, (gchar) c);
	} else if (hidden(c) || (c >= 0x80 && mode == MLT_ESCAPE_ASCII))
	    escape_char(out, c, mode);
	else
	    g_string_append_len(out, p, (gssize) n);
	p += n;
    }
    if (*end)
	g_string_append(out, "...");
    return g_string_free(out, FALSE);
}
