/*
 * NAME
 *	rp_ics 3
 * SUMMARY
 *	links and text of a calendar invitation (RFC 5545)
 * SYNOPSIS
 *	#include "rp_ics.h"
 *
 *	int	rp_ics_read(const char *data, size_t len,
 *			    const rp_attach_sink *sink)
 * DESCRIPTION
 *	rp_ics_read() reads an iCalendar object as a calendar client
 *	shows it.  Lines are unfolded first (a line break followed by a
 *	space or a tab is removed with that one character, RFC 5545
 *	section 3.1), so a URL folded across lines is whole again; then
 *	each content line "NAME;PARAM=...:VALUE" is split (a ':' inside a
 *	quoted parameter value is no separator) and its value unescaped
 *	("\n" and "\N" a line break, "\," "\;" "\\" the character).  What
 *	an invitation shows (SUMMARY, DESCRIPTION, LOCATION, COMMENT,
 *	CONTACT) goes to sink->text(), an X-ALT-DESC of FMTTYPE=text/html
 *	to sink->html(), and every other value (URL, ATTACH, CONFERENCE,
 *	X-* properties, whatever an attacker puts a link in) is searched
 *	for URLs (sink->scan()).  The work is linear in len: one copy, one
 *	pass.
 * DIAGNOSTICS
 *	1 when the bytes hold no BEGIN:VCALENDAR or BEGIN:VEVENT line
 *	(they are read all the same), else 0.
 */
#include "config.h"

#include <string.h>

#include "rp_ics.h"
#include "rp_util.h"

/* ics_unfold - the object with its folds removed, into out */
static void ics_unfold(const char *s, size_t len, rp_buf *out)
{
    size_t  i;

    for (i = 0; i < len; i++) {
	if (s[i] == '\r' && i + 2 < len && s[i + 1] == '\n'
	    && (s[i + 2] == ' ' || s[i + 2] == '\t')) {
	    i += 2;
	    continue;
	}
	if (s[i] == '\n' && i + 1 < len && (s[i + 1] == ' ' || s[i + 1] == '\t')) {
	    i += 1;
	    continue;
	}
	rp_buf_putc(out, s[i]);
    }
}

/* ics_unescape - a TEXT value with its escapes undone, into out */
static void ics_unescape(const char *s, size_t len, rp_buf *out)
{
    size_t  i;

    for (i = 0; i < len; i++) {
	if (s[i] == '\\' && i + 1 < len) {
	    i++;
	    rp_buf_putc(out, s[i] == 'n' || s[i] == 'N' ? '\n' : s[i]);
	} else {
	    rp_buf_putc(out, s[i]);
	}
    }
}

/* ics_named - is the property name (n bytes) one of the list */
static int ics_named(const char *name, size_t n, const char *const *list)
{
    for (; *list; list++)
	if (strlen(*list) == n && rp_ascii_ncasecmp(name, *list, n) == 0)
	    return 1;
    return 0;
}

/* ics_line - one unfolded content line */
static void ics_line(const char *s, size_t len, const rp_attach_sink *sink, rp_buf *value)
{
    static const char *const shown[] = {"SUMMARY", "DESCRIPTION", "LOCATION",
    "COMMENT", "CONTACT", 0};
    size_t  name_end, colon;
    int     quoted = 0;

    for (name_end = 0; name_end < len && s[name_end] != ';' && s[name_end] != ':'; name_end++)
	 /* void */ ;
    for (colon = name_end; colon < len; colon++) {
	if (s[colon] == '"')
	    quoted = !quoted;
	else if (s[colon] == ':' && !quoted)
	    break;
    }
    if (colon >= len)
	return;
    rp_buf_reset(value);
    ics_unescape(s + colon + 1, len - colon - 1, value);
    if (value->len == 0)
	return;
    if (ics_named(s, name_end, shown))
	sink->text(sink->ctx, value->data, value->len);
    else if (name_end == 10 && rp_ascii_ncasecmp(s, "X-ALT-DESC", 10) == 0)
	sink->html(sink->ctx, value->data, value->len);
    else
	sink->scan(sink->ctx, value->data, value->len);
}

/* rp_ics_read - what a calendar invitation shows, to the sink */
int     rp_ics_read(const char *data, size_t len, const rp_attach_sink *sink)
{
    rp_buf  flat, value;
    size_t  i, start;
    int     calendar = 0;

    rp_buf_init(&flat);
    rp_buf_init(&value);
    ics_unfold(data, len, &flat);
    for (start = i = 0; i <= flat.len; i++) {
	if (i < flat.len && flat.data[i] != '\n' && flat.data[i] != '\r')
	    continue;
	if (i > start) {
	    if ((i - start == 15 && rp_ascii_ncasecmp(flat.data + start, "BEGIN:VCALENDAR", 15) == 0)
		|| (i - start == 12 && rp_ascii_ncasecmp(flat.data + start, "BEGIN:VEVENT", 12) == 0))
		calendar = 1;
	    ics_line(flat.data + start, i - start, sink, &value);
	}
	start = i + 1;
    }
    rp_buf_free(&flat);
    rp_buf_free(&value);
    return !calendar;
}
