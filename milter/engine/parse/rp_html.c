/*
 * NAME
 *	rp_html 3
 * SUMMARY
 *	links and visible text from HTML, with libxml2's HTML parser
 * SYNOPSIS
 *	#include "rp_html.h"
 *
 *	void	rp_html_extract(const char *html, size_t len,
 *				const rp_limits *limits, rp_features *f)
 *
 *	size_t	rp_html_links(const char *html, size_t len,
 *			      rp_html_link_found found, void *ctx)
 * DESCRIPTION
 *	rp_html_extract() streams UTF-8 HTML through libxml2's push parser
 *	with SAX callbacks (no tree: a 1 MB attribute or 100,000 links
 *	cost one pass and no DOM).  libxml2 decodes entities, closes what
 *	is left open and recovers from broken markup the way browsers do.
 *
 *	It adds to f:
 * .IP \(bu
 *	each <a href> and <area href> (RP_LINK_HTML) with the text the
 *	reader sees inside it, whitespace collapsed and capped at 1 KB;
 *	an anchor that shows only an image gets RP_LINK_IMAGE and the
 *	image's alt text;
 * .IP \(bu
 *	<form action> (RP_LINK_FORM), the first <base href> (RP_LINK_BASE;
 *	later relative URLs are resolved against it), and the URL of
 *	<meta http-equiv="refresh"> (RP_LINK_REFRESH);
 * .IP \(bu
 *	the visible text (not script, style, head, title, template,
 *	comments, nor elements hidden with the hidden attribute or
 *	display:none / visibility:hidden), block elements separated by
 *	newlines, appended to f->text up to limits->max_text
 *	(RP_MSG_TEXT_TRUNCATED beyond);
 * .IP \(bu
 *	URLs written in the visible text outside any anchor
 *	(RP_LINK_HTML_TEXT), found with rp_url_scan_text().
 * .PP
 *	Links stop at limits->max_links (rp_features_add_link() sets
 *	RP_MSG_TOO_MANY_LINKS); once both limits are hit parsing stops.
 *
 *	rp_html_links() is the same SAX pass for the rewriter: it reports
 *	the same links, in the same order, but from attributes only and
 *	without limits, and keeps no text.  With each it gives the bytes of
 *	the input it was read from: the tag's '<', and the raw value of the
 *	attribute (href, action, or the content of a meta refresh), so an
 *	edit there changes exactly the link detection saw, whatever
 *	character references or quoting it was written with.  The parser's
 *	input offset comes with each SAX event; rp_html_span_find() turns
 *	it into the tag's bytes.  A link whose bytes cannot be found (see
 *	rp_html_span(3)) is reported with RP_HTML_NOWHERE.  The return
 *	value is the offset just past the document's own <body> start tag
 *	(not one libxml2 implied), or 0.
 *
 *	Both read input that is not well-formed UTF-8 as ISO-8859-1 from
 *	its first byte: libxml2 would otherwise switch to that in mid-parse
 *	at the first bad byte, and from then on its input offsets stop
 *	counting input bytes.  (rp_mime hands over well-formed UTF-8
 *	only; the rewriter hands over a part in its own charset.)
 *	The caller must have called xmlInitParser() (rp_mime_init() does).
 * DIAGNOSTICS
 *	None: libxml2's error reports are routed to a function that drops
 *	them, so nothing reaches stderr.  Broken HTML yields what could be
 *	read.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/uri.h>

#include "rp_html.h"
#include "rp_html_span.h"
#include "rp_url.h"
#include "rp_utf8.h"
#include "rp_util.h"

#define RP_HTML_ANCHOR_TEXT	1024	/* bytes of anchor text kept */
#define RP_HTML_CHUNK		(1 << 20)	/* bytes per htmlParseChunk() */

/* Per-element flags on our open-element stack. */
#define RP_HTML_HIDES		(1u << 0)	/* content not shown */
#define RP_HTML_ANCHOR		(1u << 1)	/* the open <a href> */

/* One text destination with its own whitespace collapsing. */
typedef struct rp_html_sink {
    rp_buf *buf;
    size_t  cap;		/* bytes kept at most */
    int     space;		/* whitespace seen, not yet written */
    int     full;		/* cap reached */
} rp_html_sink;

typedef struct rp_html_ctx {
    const rp_limits *limits;
    rp_features *f;		/* rp_html_extract(): links and text go here */
    rp_html_link_found found;	/* rp_html_links(): links go here */
    void   *found_ctx;
    htmlParserCtxtPtr parser;
    /* The input, and parser offsets in it (rp_html_links() only). */
    const char *html;
    size_t  len;
    int     latin1;		/* read as ISO-8859-1 */
    size_t  last, now;		/* parser offset at the previous and this event */
    size_t  raw_at, parsed_at;	/* Latin-1: input offset raw_at was parsed_at */
    size_t  body;		/* just past <body>, or 0 */
    unsigned char *stack;	/* RP_HTML_* flags of open elements */
    size_t  depth, stack_cap;
    size_t  hidden;		/* open elements that hide content */
    char   *base;		/* first <base href>, or NULL */
    int     links_full;		/* max_links reached */
    /* The open anchor, if any. */
    char   *href;
    rp_html_link href_at;	/* where it is written */
    char   *img_alt;
    int     img_seen;
    rp_buf  anchor_buf;
    rp_html_sink anchor;
    /* Visible text, and the part of it outside anchors (URL scan). */
    rp_html_sink text;
    rp_buf  outside_buf;
    rp_html_sink outside;
} rp_html_ctx;

/* Elements whose content is never shown to a reader. */
static const char *const rp_html_hidden_tags[] = {
    "script", "style", "head", "title", "template", "iframe", "object",
    "noembed", "noframes", "svg", "math", 0
};

/* Elements that start a new line of visible text. */
static const char *const rp_html_block_tags[] = {
    "address", "article", "aside", "blockquote", "br", "caption",
    "center", "dd", "div", "dl", "dt", "fieldset", "figcaption",
    "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section",
    "table", "tbody", "td", "th", "thead", "tfoot", "tr", "ul", 0
};

/* rp_html_in - is name in a NULL-terminated list */
static int rp_html_in(const char *name, const char *const *list)
{
    for (; *list; list++)
	if (strcmp(name, *list) == 0)
	    return 1;
    return 0;
}

/* rp_html_attr_pair - index of the (name, value) pair of attribute name, or -1 */
static int rp_html_attr_pair(const xmlChar **atts, const char *name)
{
    int     i;

    for (i = 0; atts && atts[2 * i]; i++)
	if (rp_ascii_casecmp((const char *) atts[2 * i], name) == 0)
	    return i;
    return -1;
}

/* rp_html_attr - value of attribute name, or NULL */
static const char *rp_html_attr(const xmlChar **atts, const char *name)
{
    int     i = rp_html_attr_pair(atts, name);

    if (i < 0)
	return NULL;
    return atts[2 * i + 1] ? (const char *) atts[2 * i + 1] : "";
}

/* rp_html_sink_init - a destination for text */
static void rp_html_sink_init(rp_html_sink *s, rp_buf *buf, size_t cap)
{
    s->buf = buf;
    s->cap = cap;
    s->space = 0;
    s->full = buf->len >= cap;
}

/* rp_html_sink_stop - the cap is reached: end on a whole character */
static void rp_html_sink_stop(rp_html_sink *s)
{
    if (!s->full) {
	s->buf->len = rp_utf8_cut(s->buf->data, s->buf->len, s->buf->len);
	s->buf->data[s->buf->len] = 0;
    }
    s->full = 1;
}

/* rp_html_sink_putc - one byte, within the cap */
static void rp_html_sink_putc(rp_html_sink *s, int ch)
{
    if (s->full || s->buf->len >= s->cap)
	rp_html_sink_stop(s);
    else
	rp_buf_putc(s->buf, ch);
}

/* rp_html_sink_text - add text, runs of whitespace become one space */
static void rp_html_sink_text(rp_html_sink *s, const char *p, size_t len)
{
    size_t  i, start;
    char    last;

    for (i = 0; i < len && !s->full; i++) {
	if (p[i] == ' ' || p[i] == '\t' || p[i] == '\n' || p[i] == '\r'
	    || p[i] == '\f') {
	    s->space = 1;
	    continue;
	}
	last = s->buf->len ? s->buf->data[s->buf->len - 1] : '\n';
	if (s->space && last != '\n')
	    rp_html_sink_putc(s, ' ');
	s->space = 0;
	/* Copy the run of ordinary bytes at once. */
	for (start = i; i < len && !strchr(" \t\n\r\f", p[i]); i++)
	     /* void */ ;
	if (s->buf->len + (i - start) <= s->cap) {
	    rp_buf_append(s->buf, p + start, i - start);
	} else {
	    rp_buf_append(s->buf, p + start, s->cap - s->buf->len);
	    rp_html_sink_stop(s);
	}
	i--;
    }
}

/* rp_html_sink_newline - end the current line, once */
static void rp_html_sink_newline(rp_html_sink *s)
{
    s->space = 0;
    if (s->buf->len && s->buf->data[s->buf->len - 1] != '\n')
	rp_html_sink_putc(s, '\n');
}

/* rp_html_parsed - bytes of its (UTF-8) input the parser has read */
static size_t rp_html_parsed(const rp_html_ctx *c)
{
    xmlParserInputPtr in = c->parser->input;

    return (size_t) in->consumed + (size_t) (in->cur - in->base);
}

/* rp_html_raw - input offset of parser offset pos (which only grows) */
static size_t rp_html_raw(rp_html_ctx *c, size_t pos)
{
    if (!c->latin1)
	return pos;
    /* ISO-8859-1 to UTF-8: ASCII stays one byte, the rest becomes two. */
    while (c->parsed_at < pos && c->raw_at < c->len)
	c->parsed_at += (unsigned char) c->html[c->raw_at++] < 0x80 ? 1 : 2;
    return c->raw_at;
}

/* rp_html_locate - where the tag just read and its attribute pair i are written */
static void rp_html_locate(rp_html_ctx *c, const char *name,
			           const xmlChar **atts, int i,
			           rp_html_link *at)
{
    size_t  from, end;

    at->tag = at->start = at->end = RP_HTML_NOWHERE;
    if (c->found == NULL)
	return;
    from = rp_html_raw(c, c->last);
    end = rp_html_raw(c, c->now);
    if (rp_html_span_find(c->html, c->len, from, end, name,
			  (const char *const *) atts, i, &at->tag,
			  &at->start, &at->end) != 0)
	at->tag = at->start = at->end = RP_HTML_NOWHERE;
}

/* rp_html_add_link - resolve href against <base>; record it, or report it with at */
static void rp_html_add_link(rp_html_ctx *c, const char *href,
			             const char *text, unsigned flags,
			             const rp_html_link *at)
{
    xmlChar *abs = NULL;
    rp_html_link link;
    size_t  len;
    char   *h;

    while (*href == ' ' || *href == '\t' || *href == '\n' || *href == '\r')
	href++;
    len = strlen(href);
    while (len > 0 && strchr(" \t\n\r", href[len - 1]))
	len--;
    if (len == 0 || c->links_full)
	return;
    h = rp_strndup(href, len);
    /* RFC 3986 resolution; what libxml2 cannot parse is kept as written. */
    if (c->base && !(flags & RP_LINK_BASE))
	abs = xmlBuildURI((const xmlChar *) h, (const xmlChar *) c->base);
    if (c->found != NULL) {
	/* rp_html_links() keeps no text, so only attribute links (at set). */
	link = *at;
	link.href = abs ? (char *) abs : h;
	link.flags = flags;
	c->found(c->found_ctx, &link);
    } else if (rp_features_add_link(c->f, c->limits, abs ? (char *) abs : h,
				    text, flags) < 0) {
	c->links_full = 1;
    }
    xmlFree(abs);
    free(h);
}

/* rp_html_collapse - trimmed, whitespace-collapsed copy, capped at 1 KB */
static char *rp_html_collapse(const char *s)
{
    rp_buf  b;
    rp_html_sink sink;

    rp_buf_init(&b);
    rp_html_sink_init(&sink, &b, RP_HTML_ANCHOR_TEXT);
    rp_html_sink_text(&sink, s, strlen(s));
    return b.data;
}

/* rp_html_anchor_end - the open anchor is complete: record it */
static void rp_html_anchor_end(rp_html_ctx *c)
{
    char   *alt = NULL;

    if (c->href == NULL)
	return;
    if (c->anchor_buf.len == 0 && c->img_seen) {
	alt = rp_html_collapse(c->img_alt ? c->img_alt : "");
	rp_html_add_link(c, c->href, alt, RP_LINK_HTML | RP_LINK_IMAGE,
			 &c->href_at);
	free(alt);
    } else {
	rp_html_add_link(c, c->href, c->anchor_buf.data, RP_LINK_HTML,
			 &c->href_at);
    }
    free(c->href);
    free(c->img_alt);
    c->href = c->img_alt = NULL;
    c->img_seen = 0;
    rp_buf_reset(&c->anchor_buf);
    rp_html_sink_newline(&c->outside);
}

/* rp_html_anchor_start - an <a href> opens */
static void rp_html_anchor_start(rp_html_ctx *c, const xmlChar **atts)
{
    int     i = rp_html_attr_pair(atts, "href");

    if (c->href)
	rp_html_anchor_end(c);
    c->href = rp_strdup(rp_html_attr(atts, "href"));
    rp_html_locate(c, "a", atts, i, &c->href_at);
    rp_html_sink_init(&c->anchor, &c->anchor_buf, RP_HTML_ANCHOR_TEXT);
    /* Keep text before and after the anchor apart for the URL scan. */
    rp_html_sink_newline(&c->outside);
}

/* rp_html_refresh_url - the URL in a meta refresh content, or NULL */
static char *rp_html_refresh_url(const char *content)
{
    const char *p = content, *end;
    char    quote = 0;

    p += strspn(p, " \t\r\n0123456789.");
    if (*p != ';' && *p != ',')
	return NULL;
    p++;
    p += strspn(p, " \t\r\n");
    if (rp_ascii_ncasecmp(p, "url", 3) == 0) {
	const char *q = p + 3 + strspn(p + 3, " \t\r\n");

	if (*q == '=')
	    p = q + 1 + strspn(q + 1, " \t\r\n");
    }
    if (*p == '"' || *p == '\'')
	quote = *p++;
    end = quote ? strchr(p, quote) : NULL;
    if (end == NULL)
	end = p + strlen(p);
    return end > p ? rp_strndup(p, (size_t) (end - p)) : NULL;
}

/* rp_html_hides - does this element hide its content */
static int rp_html_hides(const char *name, const xmlChar **atts)
{
    const char *style;
    rp_buf  b;
    size_t  i;
    int     hides;

    if (rp_html_in(name, rp_html_hidden_tags) || rp_html_attr(atts, "hidden"))
	return 1;
    if ((style = rp_html_attr(atts, "style")) == NULL)
	return 0;
    /* Lowercase without whitespace, so "Display : NONE" matches too. */
    rp_buf_init(&b);
    for (i = 0; style[i]; i++)
	if (!strchr(" \t\r\n\f", style[i]))
	    rp_buf_putc(&b, rp_ascii_lower((unsigned char) style[i]));
    hides = strstr(b.data, "display:none") != NULL
	|| strstr(b.data, "visibility:hidden") != NULL;
    rp_buf_free(&b);
    return hides;
}

/* rp_html_element - links and attributes of one start tag */
static void rp_html_element(rp_html_ctx *c, const char *name,
			            const xmlChar **atts)
{
    const char *v, *a;
    char   *url, *alt;
    rp_html_link at;

    if (strcmp(name, "img") == 0 && c->href && !c->hidden) {
	if (!c->img_seen && (v = rp_html_attr(atts, "alt")) != NULL)
	    c->img_alt = rp_strdup(v);
	c->img_seen = 1;
    } else if (strcmp(name, "area") == 0
	       && (v = rp_html_attr(atts, "href")) != NULL) {
	alt = rp_html_collapse((a = rp_html_attr(atts, "alt")) ? a : "");
	rp_html_locate(c, name, atts, rp_html_attr_pair(atts, "href"), &at);
	rp_html_add_link(c, v, alt, RP_LINK_HTML | RP_LINK_IMAGE, &at);
	free(alt);
    } else if (strcmp(name, "form") == 0
	       && (v = rp_html_attr(atts, "action")) != NULL) {
	rp_html_locate(c, name, atts, rp_html_attr_pair(atts, "action"), &at);
	rp_html_add_link(c, v, NULL, RP_LINK_FORM, &at);
    } else if (strcmp(name, "base") == 0 && c->base == NULL
	       && (v = rp_html_attr(atts, "href")) != NULL && *v) {
	rp_html_locate(c, name, atts, rp_html_attr_pair(atts, "href"), &at);
	rp_html_add_link(c, v, NULL, RP_LINK_BASE, &at);
	c->base = rp_strdup(v);
    } else if (strcmp(name, "meta") == 0
	       && (v = rp_html_attr(atts, "http-equiv")) != NULL
	       && rp_ascii_casecmp(v, "refresh") == 0
	       && (v = rp_html_attr(atts, "content")) != NULL
	       && (url = rp_html_refresh_url(v)) != NULL) {
	/* The URL is written inside content: its whole value is the span. */
	rp_html_locate(c, name, atts, rp_html_attr_pair(atts, "content"), &at);
	rp_html_add_link(c, url, NULL, RP_LINK_REFRESH, &at);
	free(url);
    } else if (strcmp(name, "body") == 0 && c->found && c->body == 0) {
	rp_html_locate(c, name, atts, -1, &at);
	if (at.tag != RP_HTML_NOWHERE)
	    c->body = at.end + (at.end >= c->len ? 0 : c->html[at.end] == '>'
				? 1 : c->html[at.end] == '/' ? 2 : 0);
    }
}

/* rp_html_block - a block element starts or ends: break the line */
static void rp_html_block(rp_html_ctx *c, const char *name)
{
    if (!rp_html_in(name, rp_html_block_tags))
	return;
    rp_html_sink_newline(&c->text);
    rp_html_sink_newline(&c->outside);
    c->anchor.space = 1;
}

/* rp_html_event - a SAX event: note where the parser stands */
static void rp_html_event(rp_html_ctx *c)
{
    if (c->found != NULL)
	c->last = rp_html_parsed(c);
}

/* rp_html_start - SAX start tag: push flags, collect links */
static void rp_html_start(void *ctx, const xmlChar *xname, const xmlChar **atts)
{
    rp_html_ctx *c = ctx;
    const char *name = (const char *) xname;
    unsigned char flags = 0;

    if (c->found != NULL)
	c->now = rp_html_parsed(c);
    if (rp_html_hides(name, atts)) {
	flags |= RP_HTML_HIDES;
	c->hidden++;
    }
    if (strcmp(name, "a") == 0 && rp_html_attr(atts, "href") != NULL) {
	rp_html_anchor_start(c, atts);
	flags |= RP_HTML_ANCHOR;
    } else {
	rp_html_element(c, name, atts);
    }
    rp_html_block(c, name);
    c->stack = rp_array_grow(c->stack, &c->stack_cap, c->depth, 1);
    c->stack[c->depth++] = flags;
    rp_html_event(c);
}

/* rp_html_end - SAX end tag: pop flags, finish an anchor */
static void rp_html_end(void *ctx, const xmlChar *xname)
{
    rp_html_ctx *c = ctx;
    unsigned char flags;

    rp_html_event(c);
    /* libxml2 balances start and end events; stay safe if it did not. */
    if (c->depth == 0)
	return;
    flags = c->stack[--c->depth];
    if (flags & RP_HTML_HIDES)
	c->hidden--;
    if (flags & RP_HTML_ANCHOR)
	rp_html_anchor_end(c);
    rp_html_block(c, (const char *) xname);
    if (c->links_full && c->text.full)
	xmlStopParser(c->parser);
}

/* rp_html_chars - SAX text: visible text, anchor text */
static void rp_html_chars(void *ctx, const xmlChar *ch, int len)
{
    rp_html_ctx *c = ctx;

    rp_html_event(c);
    if (c->hidden || len <= 0)
	return;
    rp_html_sink_text(&c->text, (const char *) ch, (size_t) len);
    if (c->href)
	rp_html_sink_text(&c->anchor, (const char *) ch, (size_t) len);
    else
	rp_html_sink_text(&c->outside, (const char *) ch, (size_t) len);
}

/* rp_html_silent - drop libxml2's error reports */
static void rp_html_silent(void *ctx, xmlErrorPtr error)
{
}

/* rp_html_text_url - rp_url_found callback for URLs in visible text */
static void rp_html_text_url(void *ctx, const char *url, size_t len)
{
    rp_html_ctx *c = ctx;
    char   *u = rp_strndup(url, len);

    rp_html_add_link(c, u, NULL, RP_LINK_HTML_TEXT, NULL);
    free(u);
}

/* rp_html_parse - one SAX pass over html into c, which the caller set up */
static void rp_html_parse(rp_html_ctx *c, const char *html, size_t len)
{
    htmlSAXHandler sax;
    size_t  off, n;

    memset(&sax, 0, sizeof(sax));
    sax.initialized = XML_SAX2_MAGIC;	/* so that serror is used */
    sax.startElement = rp_html_start;
    sax.endElement = rp_html_end;
    sax.characters = rp_html_chars;
    sax.ignorableWhitespace = rp_html_chars;
    sax.serror = rp_html_silent;

    c->html = html;
    c->len = len;
    c->latin1 = !rp_utf8_valid(html, len);
    rp_buf_init(&c->anchor_buf);
    rp_buf_init(&c->outside_buf);
    rp_html_sink_init(&c->outside, &c->outside_buf, c->limits->max_text);
    c->parser = htmlCreatePushParserCtxt(&sax, c, NULL, 0, NULL, c->latin1
					 ? XML_CHAR_ENCODING_8859_1
					 : XML_CHAR_ENCODING_UTF8);
    if (c->parser != NULL) {
	/* The encoding is decided above: ignore <meta charset>. */
	htmlCtxtUseOptions(c->parser, HTML_PARSE_RECOVER | HTML_PARSE_NOERROR
			   | HTML_PARSE_NOWARNING | HTML_PARSE_NONET
			   | HTML_PARSE_IGNORE_ENC);
	for (off = 0; off < len && c->parser->instate != XML_PARSER_EOF;
	     off += n) {
	    n = len - off < RP_HTML_CHUNK ? len - off : RP_HTML_CHUNK;
	    htmlParseChunk(c->parser, html + off, (int) n, 0);
	}
	htmlParseChunk(c->parser, NULL, 0, 1);
	htmlFreeParserCtxt(c->parser);
    }
    if (c->href)
	rp_html_anchor_end(c);
    rp_url_scan_text(c->outside_buf.data, c->outside_buf.len, rp_html_text_url, c);
    free(c->stack);
    free(c->base);
    rp_buf_free(&c->anchor_buf);
    rp_buf_free(&c->outside_buf);
}

/* rp_html_extract - links and visible text of one HTML document */
void    rp_html_extract(const char *html, size_t len, const rp_limits *limits,
			        rp_features *f)
{
    rp_html_ctx c;

    memset(&c, 0, sizeof(c));
    c.limits = limits;
    c.f = f;
    rp_html_sink_init(&c.text, &f->text, limits->max_text);
    rp_html_sink_newline(&c.text);
    rp_html_parse(&c, html, len);
    if (c.text.full)
	f->flags |= RP_MSG_TEXT_TRUNCATED;
}

/* rp_html_links - the attribute links of one HTML document, with their bytes */
size_t  rp_html_links(const char *html, size_t len, rp_html_link_found found,
		              void *ctx)
{
    static const rp_limits no_text;	/* links only, no text kept */
    rp_html_ctx c;
    rp_buf  text;

    memset(&c, 0, sizeof(c));
    c.limits = &no_text;
    c.found = found;
    c.found_ctx = ctx;
    rp_buf_init(&text);
    rp_html_sink_init(&c.text, &text, 0);
    rp_html_parse(&c, html, len);
    rp_buf_free(&text);
    return c.body;
}
