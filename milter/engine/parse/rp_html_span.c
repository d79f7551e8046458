/*
 * NAME
 *	rp_html_span 3
 * SUMMARY
 *	where a start tag read by libxml2's HTML parser is written
 * SYNOPSIS
 *	#include "rp_html_span.h"
 *
 *	int	rp_html_span_find(const char *html, size_t len, size_t from,
 *				  size_t end, const char *name,
 *				  const char *const *atts, int want,
 *				  size_t *tag, size_t *vstart, size_t *vend)
 * DESCRIPTION
 *	libxml2 tells a SAX callback what a start tag means (its name, its
 *	attributes with character references decoded) and where the parser
 *	stands (just past the last attribute), but not where the tag began
 *	nor where each value is written.  rp_html_span_find() finds that
 *	out without decoding anything: it reads the bytes between the
 *	parser's previous event and this one the way libxml2 2.9's
 *	htmlParseStartTag() reads a start tag (names of letters, digits and
 *	":-_." of at most 100 bytes, lowercased; values quoted with " or '
 *	up to the same quote, or unquoted up to a blank or '>'; a byte that
 *	starts no name skipped up to a blank; a repeated attribute
 *	dropped), and accepts a reading only when it ends exactly where the
 *	parser stands with exactly libxml2's attribute names in libxml2's
 *	order.  So a span is either the one libxml2 read or none at all:
 *	no guess is ever edited.
 *
 *	The tag starts at or after the last '<' before from (the parser's
 *	previous event came at the latest while it read this tag's name:
 *	implied <html>/<body> and auto-closed elements are reported then).
 *	Bytes libxml2 skipped without an event (a stray end tag, a
 *	comment, a discarded tag) may hold false starts; at most
 *	RP_HTML_SPAN_TRIES of them are read before giving up, which bounds
 *	the work on hostile markup.
 * DIAGNOSTICS
 *	-1 when the tag is not found; the caller then has no span.
 */
#include "config.h"

#include <string.h>

#include "rp_html_span.h"
#include "rp_util.h"

#define RP_HTML_SPAN_NAME	100	/* bytes of a name libxml2 reads */
#define RP_HTML_SPAN_TRIES	16	/* false starts read per tag */

/* Where one reading of a tag is, and what it must match. */
typedef struct rp_html_reading {
    const char *s;
    size_t  len, end;		/* input length; where the parser stands */
    const char *const *atts;	/* libxml2's attributes */
    int     want;		/* pair wanted, or -1 */
    size_t  vstart, vend;	/* its value, once read */
} rp_html_reading;

/* rp_html_span_blank - libxml2's IS_BLANK_CH */
static int rp_html_span_blank(int ch)
{
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

/* rp_html_span_namech - can ch be in a name (first: also start one) */
static int rp_html_span_namech(int ch, int first)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')
	|| ch == '_' || ch == ':' || ch == '.'
	|| (!first && ((ch >= '0' && ch <= '9') || ch == '-'));
}

/* rp_html_span_name - length of the name libxml2 reads at s[i], 0 if none */
static size_t rp_html_span_name(const rp_html_reading *r, size_t i)
{
    size_t  n = 0;

    while (n < RP_HTML_SPAN_NAME && i + n < r->len
	   && rp_html_span_namech((unsigned char) r->s[i + n], n == 0))
	n++;
    return n;
}

/* rp_html_span_stop - does the tag end at s[i]: NUL, '>' or "/>" */
static int rp_html_span_stop(const rp_html_reading *r, size_t i)
{
    return i >= r->len || r->s[i] == 0 || r->s[i] == '>'
	|| (r->s[i] == '/' && i + 1 < r->len && r->s[i + 1] == '>');
}

/* rp_html_span_blanks - skip blanks, not past the parser */
static size_t rp_html_span_blanks(const rp_html_reading *r, size_t i)
{
    while (i < r->len && i <= r->end && rp_html_span_blank(r->s[i]))
	i++;
    return i;
}

/* rp_html_span_value - read the value at s[i]; returns the offset after it */
static size_t rp_html_span_value(const rp_html_reading *r, size_t i,
				         size_t *vstart, size_t *vend)
{
    char    quote = i < r->len ? r->s[i] : 0;

    if (quote == '"' || quote == '\'') {
	*vstart = ++i;
	while (i < r->len && i <= r->end && r->s[i] && r->s[i] != quote)
	    i++;
	*vend = i;
	return i < r->len && r->s[i] == quote ? i + 1 : i;
    }
    *vstart = i;
    while (i < r->len && i <= r->end && r->s[i] && r->s[i] != '>'
	   && !rp_html_span_blank(r->s[i]))
	i++;
    *vend = i;
    return i;
}

/* rp_html_span_kept - is name (n bytes) an attribute libxml2 kept, before pair k */
static int rp_html_span_kept(const rp_html_reading *r, const char *name,
			             size_t n, int k)
{
    int     i;

    for (i = 0; i < k; i++)
	if (strlen(r->atts[2 * i]) == n
	    && rp_ascii_ncasecmp(r->atts[2 * i], name, n) == 0)
	    return 1;
    return 0;
}

/* rp_html_span_read - read the attributes from s[i]; 0 if it is the tag */
static int rp_html_span_read(rp_html_reading *r, size_t i)
{
    size_t  n, vstart, vend, at;
    int     k = 0;

    for (i = rp_html_span_blanks(r, i); i <= r->end && !rp_html_span_stop(r, i);
	 i = rp_html_span_blanks(r, i)) {
	if ((n = rp_html_span_name(r, i)) == 0) {
	    /* Not a name: libxml2 drops it up to the next blank. */
	    while (i <= r->end && !rp_html_span_stop(r, i)
		   && !rp_html_span_blank(r->s[i]))
		i++;
	    continue;
	}
	at = i;
	i = rp_html_span_blanks(r, i + n);
	vstart = vend = i;
	if (i < r->len && r->s[i] == '=')
	    i = rp_html_span_value(r, rp_html_span_blanks(r, i + 1), &vstart, &vend);
	if (rp_html_span_kept(r, r->s + at, n, k))
	    continue;			/* a repeat, which libxml2 drops */
	if (r->atts == NULL || r->atts[2 * k] == NULL
	    || strlen(r->atts[2 * k]) != n
	    || rp_ascii_ncasecmp(r->atts[2 * k], r->s + at, n) != 0)
	    return -1;
	if (k == r->want) {
	    r->vstart = vstart;
	    r->vend = vend;
	}
	k++;
    }
    return i == r->end && (r->atts == NULL || r->atts[2 * k] == NULL) ? 0 : -1;
}

/* rp_html_span_find - the tag the parser just read, and one value */
int     rp_html_span_find(const char *html, size_t len, size_t from,
			          size_t end, const char *name,
			          const char *const *atts, int want,
			          size_t *tag, size_t *vstart, size_t *vend)
{
    rp_html_reading r = {html, len, end, atts, want, end, end};
    size_t  n = strlen(name), p;
    const char *lt;
    int     tries = 0;

    if (end > len || from > end)
	return -1;
    /* Back to the last '<' before the previous event. */
    for (p = from; p > 0 && html[p - 1] != '<'; p--)
	 /* void */ ;
    for (p = p > 0 ? p - 1 : 0; p < end && tries < RP_HTML_SPAN_TRIES; p++) {
	if ((lt = memchr(html + p, '<', end - p)) == NULL)
	    break;
	p = (size_t) (lt - html);
	if (end - p - 1 < n || rp_ascii_ncasecmp(html + p + 1, name, n) != 0
	    || rp_html_span_name(&r, p + 1) != n)
	    continue;
	tries++;
	if (rp_html_span_read(&r, p + 1 + n) == 0) {
	    *tag = p;
	    *vstart = r.vstart;
	    *vend = r.vend;
	    return 0;
	}
    }
    return -1;
}
