/*
 * NAME
 *	rp_html_prep 3
 * SUMMARY
 *	the copy of an HTML document that libxml2 reads, as a browser would
 * SYNOPSIS
 *	#include "rp_html_prep.h"
 *
 *	void	rp_html_prep_run(rp_html_prep *p, const char *html,
 *				 size_t len)
 *
 *	size_t	rp_html_prep_raw(const rp_html_prep *p, size_t off)
 *
 *	void	rp_html_prep_free(rp_html_prep *p)
 * DESCRIPTION
 *	rp_html_prep_run() reads html once, tokenizing it the way
 *	libxml2 2.9's HTML parser does (start and end tags, quoted and
 *	unquoted attribute values, comments up to "-->" or "--!>",
 *	<!DOCTYPE ...> and <?...>, any other '<' as text, and the raw
 *	text of <script> and <style> up to "</" and the whole name, which
 *	it leaves alone), and
 *	writes p->copy with these edits:
 * .IP \(bu
 *	Named character references.  libxml2 knows HTML 4's 253 names
 *	only, and only with their ';': "pypj&period;org" stays as written
 *	while a browser reads "pypj.org".  Each reference a browser
 *	decodes, by the HTML Standard's table (rp_entities(3)) and rules
 *	(the longest name that matches; legacy names without ';', except
 *	in an attribute value before '=' or a letter or digit), becomes a
 *	numeric reference, which libxml2 reads as a browser does.  Zeros
 *	pad it to the length of the name ("&period;" is "&#00046;"), so
 *	no offset moves.  Where the number is longer than the name
 *	("&acy;" is "&#1072;", the Cyrillic a), it is written longer and
 *	the edit is kept in p->edits; a reference libxml2 itself decodes
 *	to the same character ("&lt;") is left as it is.  Only references
 *	are rewritten, never what they decode to, so nothing is decoded
 *	twice: "&amp;period;" is read "&period;".
 * .IP \(bu
 *	Numeric references libxml2 reads unlike a browser: 0, surrogates
 *	and numbers past U+10FFFF (U+FFFD to a browser) and the C0
 *	controls libxml2 rejects become "&#65533;", so that libxml2 does
 *	not write a NUL that cuts the value ("pypi.org&#1;@evil.example"
 *	goes to evil.example in a browser); 0x80-0x9F become the
 *	Windows-1252 characters a browser shows; "&#" without digits
 *	becomes "&#38;#", as a browser reads it.
 * .IP \(bu
 *	A '/' between attributes (or after the tag name) not followed by
 *	'>' becomes a blank: a browser reads "<a/href=x>" as "<a href=x>",
 *	libxml2 drops the attribute.
 * .IP \(bu
 *	libxml2 stops reading a document at an end tag that leaves no
 *	element open: one that comes before any start tag or text (the
 *	document "</div><a href=...>" yields nothing) and </html>.  A
 *	browser ignores these tags, and the copy has them as "<?...>",
 *	which libxml2 skips as a processing instruction.
 * .PP
 *	The text of each <style> element goes to p->style, one after the
 *	other.  rp_html_prep_raw() turns an offset of the copy into the
 *	offset of the same place in the input (an offset inside a
 *	lengthened reference goes to its start).  rp_html_prep_free()
 *	releases p.
 *
 *	The work is one pass over the input; the copy is one buffer, and
 *	p->edits holds one entry per lengthened reference.
 * DIAGNOSTICS
 *	None: any input yields a copy.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>

#include "rp_entities.h"
#include "rp_html_prep.h"

#define RP_PREP_NAME	32		/* longest reference name, without ';' */
#define RP_PREP_LEGACY	6		/* longest legacy name (no ';') */

/* The pass over one input. */
typedef struct rp_prep {
    rp_html_prep *p;
    const char *s;
    size_t  len;
    size_t  flushed;			/* input before this is in the copy */
    int     started;			/* libxml2 has an element open */
} rp_prep;

/* rp_prep_blank - libxml2's IS_BLANK_CH */
static int rp_prep_blank(int ch)
{
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

/* rp_prep_alpha - an ASCII letter */
static int rp_prep_alpha(int ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

/* rp_prep_alnum - an ASCII letter or digit */
static int rp_prep_alnum(int ch)
{
    return rp_prep_alpha(ch) || (ch >= '0' && ch <= '9');
}

/* rp_prep_namech - a character of a name as libxml2's htmlParseHTMLName reads it */
static int rp_prep_namech(int ch)
{
    return rp_prep_alnum(ch) || ch == ':' || ch == '-' || ch == '_' || ch == '.';
}

/* rp_prep_replace - input[start, end) is text[0, n) in the copy */
static void rp_prep_replace(rp_prep *c, size_t start, size_t end,
			            const char *text, size_t n)
{
    rp_html_prep *p = c->p;
    rp_html_prep_edit *e;

    rp_buf_append(&p->copy, c->s + c->flushed, start - c->flushed);
    if (n != end - start) {
	p->edits = rp_array_grow(p->edits, &p->edits_cap, p->nedits, sizeof(*e));
	e = p->edits + p->nedits++;
	e->copy_start = p->copy.len;
	e->copy_end = p->copy.len + n;
	e->raw_start = start;
	e->raw_end = end;
    }
    rp_buf_append(&p->copy, text, n);
    c->flushed = end;
}

/* rp_prep_entity_cmp - bsearch comparison of a name with an entry */
static int rp_prep_entity_cmp(const void *key, const void *entry)
{
    return strcmp(key, ((const rp_entity *) entry)->name);
}

/* rp_prep_entity - the entry named name[0, n) (plus ';' if semi), or NULL */
static const rp_entity *rp_prep_entity(const char *name, size_t n, int semi)
{
    char    key[RP_PREP_NAME + 2];

    memcpy(key, name, n);
    key[n] = ';';
    key[n + semi] = 0;
    return bsearch(key, rp_entities, rp_entities_count, sizeof(rp_entities[0]),
		   rp_prep_entity_cmp);
}

/* rp_prep_numeric_len - the length of cp1 (and cp2, if not 0) as "&#N;" references */
static size_t rp_prep_numeric_len(unsigned cp1, unsigned cp2)
{
    char    n[16];

    return (size_t) snprintf(n, sizeof(n), "&#%u;", cp1)
	+ (cp2 ? (size_t) snprintf(n, sizeof(n), "&#%u;", cp2) : 0);
}

/* rp_prep_numeric - write cp1 (and cp2) as numeric references over input[start, end) */
static void rp_prep_numeric(rp_prep *c, unsigned cp1, unsigned cp2, size_t start, size_t end)
{
    char    one[16], two[16], text[RP_PREP_NAME + 40];
    size_t  n1, n2, pad, raw = end - start;

    n1 = (size_t) snprintf(one, sizeof(one), "%u", cp1);
    n2 = cp2 ? (size_t) snprintf(two, sizeof(two), "&#%u;", cp2) : 0;
    /* Zeros pad it to the length it replaces, when it fits (a reference
     * written with a thousand zeros is replaced by a shorter one). */
    pad = 3 + n1 + n2 < raw && raw <= sizeof(text) ? raw - (3 + n1 + n2) : 0;
    memcpy(text, "&#", 2);
    memset(text + 2, '0', pad);
    memcpy(text + 2 + pad, one, n1);
    text[2 + pad + n1] = ';';
    if (n2)
	memcpy(text + 3 + pad + n1, two, n2);
    rp_prep_replace(c, start, end, text, 3 + pad + n1 + n2);
}

/* rp_prep_named - the named reference e over input[start, end) */
static void rp_prep_named(rp_prep *c, const rp_entity *e, size_t start, size_t end)
{
    char    name[RP_PREP_NAME + 2];
    const htmlEntityDesc *known;
    size_t  raw = end - start;

    if (rp_prep_numeric_len(e->cp1, e->cp2) > raw && e->cp2 == 0 && c->s[end - 1] == ';') {
	/* Longer as a number: leave it if libxml2 reads it the same. */
	memcpy(name, c->s + start + 1, raw - 2);
	name[raw - 2] = 0;
	known = htmlEntityLookup((const xmlChar *) name);
	if (known != NULL && known->value == e->cp1)
	    return;
    }
    rp_prep_numeric(c, e->cp1, e->cp2, start, end);
}

/* rp_prep_char_ref - the numeric reference at s[i]; returns where reading goes on */
static size_t rp_prep_char_ref(rp_prep *c, size_t i)
{
    /* Windows-1252 for 0x80-0x9F, as the HTML Standard reads them (0: kept). */
    static const unsigned short c1[32] = {
	0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030,
	0x0160, 0x2039, 0x0152, 0, 0x017d, 0, 0, 0x2018, 0x2019, 0x201c, 0x201d,
	0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e,
	0x0178
    };
    const char *s = c->s;
    size_t  k = i + 2, digits;
    int     hex = k < c->len && (s[k] == 'x' || s[k] == 'X');
    unsigned long v = 0;
    int     d;

    for (k += hex, digits = 0; k < c->len; k++, digits++) {
	if (s[k] >= '0' && s[k] <= '9')
	    d = s[k] - '0';
	else if (hex && (s[k] | 0x20) >= 'a' && (s[k] | 0x20) <= 'f')
	    d = (s[k] | 0x20) - 'a' + 10;
	else
	    break;
	if (v < 0x110000)
	    v = v * (hex ? 16 : 10) + (unsigned long) d;
    }
    if (digits == 0) {
	/* No reference to a browser; libxml2 would read a NUL. */
	rp_prep_replace(c, i, i + 1, "&#38;", 5);
	return i + 2;
    }
    k += k < c->len && s[k] == ';';
    if (v >= 0x80 && v <= 0x9f && c1[v - 0x80])
	rp_prep_numeric(c, c1[v - 0x80], 0, i, k);
    /* What the HTML Standard reads as U+FFFD, and what libxml2 cannot hold. */
    else if (v == 0 || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)
	     || (v < 0x20 && v != '\t' && v != '\n' && v != '\r')
	     || v == 0xfffe || v == 0xffff)
	rp_prep_numeric(c, 0xfffd, 0, i, k);
    return k;
}

/* rp_prep_reference - the '&' at s[i]; returns where reading goes on */
static size_t rp_prep_reference(rp_prep *c, size_t i, int in_attribute)
{
    const char *s = c->s;
    const rp_entity *e = NULL;
    size_t  k, n, run, end = 0;

    if (i + 1 < c->len && s[i + 1] == '#')
	return rp_prep_char_ref(c, i);
    for (k = i + 1; k < c->len && k - i - 1 < RP_PREP_NAME && rp_prep_alnum(s[k]); k++)
	 /* void */ ;
    if ((run = k - i - 1) == 0)
	return i + 1;
    if (k < c->len && s[k] == ';' && (e = rp_prep_entity(s + i + 1, run, 1)) != NULL)
	end = k + 1;
    for (n = run < RP_PREP_LEGACY ? run : RP_PREP_LEGACY; e == NULL && n >= 2; n--)
	if ((e = rp_prep_entity(s + i + 1, n, 0)) != NULL)
	    end = i + 1 + n;
    if (e == NULL)
	return k;
    /* A legacy name in a value, before '=' or alphanumerics, is no reference. */
    if (in_attribute && s[end - 1] != ';' && end < c->len
	&& (s[end] == '=' || rp_prep_alnum(s[end])))
	return end;
    rp_prep_named(c, e, i, end);
    return end;
}

/* rp_prep_past_gt - the offset just past the first '>' at or after i, or len */
static size_t rp_prep_past_gt(const rp_prep *c, size_t i)
{
    const char *gt = i < c->len ? memchr(c->s + i, '>', c->len - i) : NULL;

    return gt ? (size_t) (gt - c->s) + 1 : c->len;
}

/* rp_prep_value - an attribute value at s[i]; returns the offset after it */
static size_t rp_prep_value(rp_prep *c, size_t i)
{
    char    quote = c->s[i];
    size_t  k;

    if (quote == '"' || quote == '\'') {
	for (k = i + 1; k < c->len && c->s[k] != quote;)
	    k = c->s[k] == '&' ? rp_prep_reference(c, k, 1) : k + 1;
	return k < c->len ? k + 1 : k;
    }
    for (k = i; k < c->len && c->s[k] != '>' && !rp_prep_blank(c->s[k]);)
	k = c->s[k] == '&' ? rp_prep_reference(c, k, 1) : k + 1;
    return k;
}

/* rp_prep_raw_text - the content of <script> or <style> (name, n bytes) from i; returns its end */
static size_t rp_prep_raw_text(rp_prep *c, size_t i, const char *name, size_t n, int style)
{
    const char *lt;
    size_t  k;

    /* libxml2 ends it at "</" and the element's whole name, in any case. */
    for (k = i; (lt = memchr(c->s + k, '<', c->len - k)) != NULL; k++) {
	k = (size_t) (lt - c->s);
	if (k + 2 + n <= c->len && c->s[k + 1] == '/'
	    && rp_ascii_ncasecmp(c->s + k + 2, name, n) == 0
	    && (k + 2 + n == c->len || !rp_prep_namech(c->s[k + 2 + n])))
	    break;
    }
    if (lt == NULL)
	k = c->len;
    if (style) {
	rp_buf_append(&c->p->style, c->s + i, k - i);
	rp_buf_putc(&c->p->style, '\n');
    }
    return k;
}

/* rp_prep_start_tag - the start tag at s[i]; returns where reading goes on */
static size_t rp_prep_start_tag(rp_prep *c, size_t i)
{
    const char *s = c->s, *name = s + i + 1;
    size_t  n, j;
    int     style, raw;

    for (n = 0; i + 1 + n < c->len && rp_prep_namech(name[n]); n++)
	 /* void */ ;
    style = n == 5 && rp_ascii_ncasecmp(name, "style", 5) == 0;
    raw = style || (n == 6 && rp_ascii_ncasecmp(name, "script", 6) == 0);
    c->started = 1;
    for (j = i + 1 + n; j < c->len;) {
	if (rp_prep_blank(s[j])) {
	    j++;
	} else if (s[j] == '>') {
	    return raw ? rp_prep_raw_text(c, j + 1, name, n, style) : j + 1;
	} else if (s[j] == '/') {
	    if (j + 1 < c->len && s[j + 1] == '>')
		return j + 2;		/* libxml2 closes even <style/> */
	    rp_prep_replace(c, j, j + 1, " ", 1);
	    j++;
	} else {
	    while (j < c->len && !rp_prep_blank(s[j]) && s[j] != '>' && s[j] != '/'
		   && s[j] != '=')
		j++;
	    while (j < c->len && rp_prep_blank(s[j]))
		j++;
	    if (j < c->len && s[j] == '=') {
		for (j++; j < c->len && rp_prep_blank(s[j]); j++)
		     /* void */ ;
		if (j < c->len)
		    j = rp_prep_value(c, j);
	    }
	}
    }
    return j;
}

/* rp_prep_end_tag - the end tag at s[i]; returns the offset after it */
static size_t rp_prep_end_tag(rp_prep *c, size_t i)
{
    size_t  n;

    for (n = 0; i + 2 + n < c->len && rp_prep_namech(c->s[i + 2 + n]); n++)
	 /* void */ ;
    if (!c->started || (n == 4 && rp_ascii_ncasecmp(c->s + i + 2, "html", 4) == 0))
	rp_prep_replace(c, i + 1, i + 2, "?", 1);
    return rp_prep_past_gt(c, i + 2 + n);
}

/* rp_prep_comment - the offset past the "-->" or "--!>" that ends a comment at i, or len */
static size_t rp_prep_comment(const rp_prep *c, size_t i)
{
    const char *s = c->s;

    for (; i + 2 < c->len; i++)
	if (s[i] == '-' && s[i + 1] == '-') {
	    if (s[i + 2] == '>')
		return i + 3;
	    if (s[i + 2] == '!' && i + 3 < c->len && s[i + 3] == '>')
		return i + 4;
	}
    return c->len;
}

/* rp_prep_markup - the '<' at s[i]; returns where reading goes on */
static size_t rp_prep_markup(rp_prep *c, size_t i)
{
    const char *s = c->s;
    char    next = i + 1 < c->len ? s[i + 1] : 0;

    if (rp_prep_alpha(next))
	return rp_prep_start_tag(c, i);
    if (next == '/' && i + 2 < c->len && rp_prep_alpha(s[i + 2]))
	return rp_prep_end_tag(c, i);
    if (next == '!' && i + 3 < c->len && s[i + 2] == '-' && s[i + 3] == '-')
	return rp_prep_comment(c, i + 4);
    if ((next == '!' && i + 9 <= c->len && rp_ascii_ncasecmp(s + i + 2, "doctype", 7) == 0)
	|| next == '?')
	return rp_prep_past_gt(c, i + 2);
    /* Any other '<' is text to libxml2, even "<!x" and "<![CDATA[". */
    c->started = 1;
    return i + 1;
}

/* rp_html_prep_run - the copy libxml2 reads, and the style sheets */
void    rp_html_prep_run(rp_html_prep *p, const char *html, size_t len)
{
    rp_prep c;
    size_t  i = 0;

    memset(p, 0, sizeof(*p));
    rp_buf_init(&p->copy);
    rp_buf_init(&p->style);
    c.p = p;
    c.s = html;
    c.len = len;
    c.flushed = 0;
    c.started = 0;
    while (i < len) {
	if (html[i] == '<') {
	    i = rp_prep_markup(&c, i);
	} else if (html[i] == '&') {
	    c.started = 1;
	    i = rp_prep_reference(&c, i, 0);
	} else {
	    c.started |= !rp_prep_blank(html[i]);
	    i++;
	}
    }
    rp_buf_append(&p->copy, html + c.flushed, len - c.flushed);
}

/* rp_html_prep_raw - input offset of a copy offset */
size_t  rp_html_prep_raw(const rp_html_prep *p, size_t off)
{
    size_t  lo = 0, hi = p->nedits, mid;
    const rp_html_prep_edit *e;

    /* The last edit that starts before off. */
    while (lo < hi) {
	mid = lo + (hi - lo) / 2;
	if (p->edits[mid].copy_start < off)
	    lo = mid + 1;
	else
	    hi = mid;
    }
    if (lo == 0)
	return off;
    e = p->edits + lo - 1;
    return off >= e->copy_end ? e->raw_end + (off - e->copy_end) : e->raw_start;
}

/* rp_html_prep_free - release p */
void    rp_html_prep_free(rp_html_prep *p)
{
    rp_buf_free(&p->copy);
    rp_buf_free(&p->style);
    free(p->edits);
}
