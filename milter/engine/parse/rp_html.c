/*
 * NAME
 *	rp_html 3
 * SUMMARY
 *	links and text from HTML as a mail client shows them (libxml2)
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
 *	cost one pass and no DOM).  libxml2 decodes character references,
 *	closes what is left open and recovers from broken markup the way
 *	browsers do; where libxml2 2.9 reads unlike a browser (HTML5 named
 *	references, "<a/href", a leading end tag, </html>), it reads the
 *	copy rp_html_prep(3) makes, which reads alike.
 *
 *	What the reader sees follows a mail client's rendering: each
 *	element's style is the cascade (rp_css(3)) of its presentational
 *	attributes (bgcolor, <font color>, <img width>), the rules of the
 *	document's <style> elements with simple selectors
 *	(rp_css_sheet(3)), and its style attribute.  Content is hidden by
 *	the hidden attribute and by CSS that hides (display:none,
 *	visibility:hidden, a font under 3px, opacity near 0, moved out of
 *	view, a zero box with overflow hidden, colour on a background of
 *	the same colour; a link has the browser's link colour);
 *	aria-hidden hides nothing.  Content that is never
 *	rendered (script, style, head, title, template, iframe, object,
 *	noembed, noframes, svg, math) and comments are neither shown nor
 *	hidden text.
 *
 *	It adds to f:
 * .IP \(bu
 *	each <a href> and <area href> (RP_LINK_HTML) with the text the
 *	reader sees inside it, whitespace collapsed and capped at 1 KB;
 *	an anchor that shows only an image gets RP_LINK_IMAGE and the
 *	image's alt text.  An anchor in hidden (or never rendered)
 *	content, or whose text and images are all hidden (a font-size:0
 *	anchor, a 1-pixel image), gets RP_LINK_HIDDEN and its hidden text;
 * .IP \(bu
 *	<form action> (RP_LINK_FORM, and RP_LINK_HIDDEN in hidden
 *	content), the first <base href> (RP_LINK_BASE; later relative URLs
 *	are resolved against it), and the URL of <meta
 *	http-equiv="refresh"> (RP_LINK_REFRESH);
 * .IP \(bu
 *	the visible text, appended to f->text, and the hidden text,
 *	appended to f->hidden (RP_MSG_HIDDEN_TEXT when it holds more than
 *	spacing: NBSP, zero widths), each
 *	up to limits->max_text (RP_MSG_TEXT_TRUNCATED when the visible
 *	text is cut, or when the document has more <style> rules than
 *	rp_css_sheet(3) keeps).  Inline elements and comments add no space, so that
 *	"Py<span style=font-size:0>zz</span>PI" shows "PyPI"; block
 *	elements start a new line.  Each is then read in the order the
 *	reader sees it (rp_bidi(3)): an override of the bidi order (the
 *	characters RLO, LRO, or <bdo dir> and unicode-bidi:bidi-override)
 *	is resolved and the controls removed; RP_MSG_BIDI_OVERRIDE says
 *	the visible text had one.  An anchor's text is read under the
 *	controls open where it starts;
 * .IP \(bu
 *	URLs written in the text outside any anchor (RP_LINK_HTML_TEXT,
 *	and RP_LINK_HIDDEN in hidden text), found with rp_url_scan_text().
 * .PP
 *	Links stop at limits->max_links (rp_features_add_link() sets
 *	RP_MSG_TOO_MANY_LINKS); once both limits are hit parsing stops.
 *
 *	rp_html_links() is the same SAX pass for the rewriter: it reports
 *	the same links, in the same order, with the same flags, but from
 *	attributes only and without limits, and keeps no text.  With each
 *	it gives the bytes of the input it was read from: the tag's '<',
 *	and the raw value of the attribute (href, action, or the content
 *	of a meta refresh), so an edit there changes exactly the link
 *	detection saw, whatever character references or quoting it was
 *	written with.  The parser's input offset comes with each SAX
 *	event; rp_html_span_find() turns it into the tag's bytes in the
 *	copy, and rp_html_prep_raw() into the input's.  A link whose bytes
 *	cannot be found (see rp_html_span(3)) is reported with
 *	RP_HTML_NOWHERE.  The return value is the offset just past the
 *	document's own <body> start tag (not one libxml2 implied), or 0.
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

#include "rp_bidi.h"
#include "rp_css.h"
#include "rp_css_sheet.h"
#include "rp_html.h"
#include "rp_html_prep.h"
#include "rp_html_sink.h"
#include "rp_html_span.h"
#include "rp_url.h"
#include "rp_utf8.h"
#include "rp_util.h"

#define RP_HTML_ANCHOR_TEXT	1024	/* bytes of anchor text kept */
#define RP_HTML_CHUNK		(1 << 20)	/* bytes per htmlParseChunk() */

/* Per-element flags on our open-element stack. */
#define RP_HTML_SKIPS		(1u << 0)	/* content never rendered */
#define RP_HTML_HIDES		(1u << 1)	/* content hidden (markup, CSS) */
#define RP_HTML_ANCHOR		(1u << 2)	/* the open <a href> */
#define RP_HTML_BIDI		(1u << 3)	/* wrote a bidi override to the text */
#define RP_HTML_BIDI_HIDDEN	(1u << 4)	/* ... to the hidden text */

/* The UTF-8 of the controls written for bdo and unicode-bidi. */
#define RP_HTML_RLO		"\xe2\x80\xae"
#define RP_HTML_LRO		"\xe2\x80\xad"
#define RP_HTML_PDF		"\xe2\x80\xac"

#define RP_HTML_LINK_COLOR	0xff0000eeu	/* a:link in browsers' style sheets */

/* One open element. */
typedef struct rp_html_open {
    unsigned char flags;		/* RP_HTML_* */
    rp_css_view view;			/* what it inherits and shows */
} rp_html_open;

/* One kind of text (shown or hidden): all of it, an anchor's, outside anchors. */
typedef struct rp_html_texts {
    rp_html_sink all;			/* into f->text or f->hidden */
    rp_buf  anchor_buf;
    rp_html_sink anchor;
    rp_buf  outside_buf;		/* for the URL scan */
    rp_html_sink outside;
} rp_html_texts;

typedef struct rp_html_ctx {
    const rp_limits *limits;
    rp_features *f;			/* rp_html_extract(): links and text go here */
    rp_html_link_found found;		/* rp_html_links(): links go here */
    void   *found_ctx;
    htmlParserCtxtPtr parser;
    rp_html_prep prep;			/* the copy libxml2 reads */
    const char *raw;			/* the input */
    size_t  raw_len;
    /* The copy, and parser offsets in it (rp_html_links() only). */
    const char *html;
    size_t  len;
    int     latin1;			/* read as ISO-8859-1 */
    size_t  last, now;			/* parser offset at the previous and this event */
    size_t  raw_at, parsed_at;		/* Latin-1: copy offset raw_at was parsed_at */
    size_t  body;			/* just past <body> in the input, or 0 */
    rp_css_sheet *sheet;		/* the <style> rules, or NULL */
    rp_css_view root;
    rp_html_open *stack;		/* open elements */
    size_t  depth, stack_cap;
    size_t  skipped, hidden;		/* open elements that skip, hide content */
    char   *base;			/* first <base href>, or NULL */
    int     links_full;			/* max_links reached */
    int     sheet_full;			/* <style> rules left out */
    /* The open anchor, if any. */
    char   *href;
    rp_html_link href_at;		/* where it is written */
    char   *img_alt;
    int     img_seen, img_hidden;	/* images in it shown, hidden */
    int     anchor_hidden;		/* it is in hidden content */
    rp_html_texts texts[2];		/* [0] shown, [1] hidden */
    rp_bidi_open bidi;			/* controls open in the shown text */
    unsigned url_flags;			/* flags of the URLs being scanned */
} rp_html_ctx;

/* Elements whose content is never rendered. */
static const char *const rp_html_skipped_tags[] = {
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

/* rp_html_view - what the innermost open element shows */
static const rp_css_view *rp_html_view(const rp_html_ctx *c)
{
    return c->depth ? &c->stack[c->depth - 1].view : &c->root;
}

/* rp_html_text_hidden - is text read now hidden from the reader */
static int rp_html_text_hidden(const rp_html_ctx *c)
{
    return c->hidden > 0 || rp_css_view_hides_text(rp_html_view(c));
}

/* rp_html_put - text of one kind (1: hidden) to its sinks */
static void rp_html_put(rp_html_ctx *c, int hidden, const char *p, size_t len)
{
    rp_html_texts *t = c->texts + hidden;

    rp_html_sink_text(&t->all, p, len);
    rp_html_sink_text(c->href ? &t->anchor : &t->outside, p, len);
    if (!hidden) {
	rp_bidi_open_feed(&c->bidi, p, len);
	/* Hidden runs that shown text parts do not join. */
	c->texts[1].all.space = 1;
    }
}

/* rp_html_put_open_controls - the bidi controls open in the shown text, into sink */
static void rp_html_put_open_controls(rp_html_ctx *c, rp_html_sink *sink)
{
    char    ctl[3 * RP_BIDI_OPEN_MAX + 1];
    size_t  n = rp_bidi_open_text(&c->bidi, ctl);

    if (n)
	rp_html_sink_text(sink, ctl, n);
}

/* rp_html_parsed - bytes of its (UTF-8) input the parser has read */
static size_t rp_html_parsed(const rp_html_ctx *c)
{
    xmlParserInputPtr in = c->parser->input;

    return (size_t) in->consumed + (size_t) (in->cur - in->base);
}

/* rp_html_offset - offset in the copy of parser offset pos (which only grows) */
static size_t rp_html_offset(rp_html_ctx *c, size_t pos)
{
    if (!c->latin1)
	return pos;
    /* ISO-8859-1 to UTF-8: ASCII stays one byte, the rest becomes two. */
    while (c->parsed_at < pos && c->raw_at < c->len)
	c->parsed_at += (unsigned char) c->html[c->raw_at++] < 0x80 ? 1 : 2;
    return c->raw_at;
}

/* rp_html_locate - where in the input the tag just read and its attribute pair i are */
static void rp_html_locate(rp_html_ctx *c, const char *name,
			           const xmlChar **atts, int i,
			           rp_html_link *at)
{
    size_t  from, end;

    at->tag = at->start = at->end = RP_HTML_NOWHERE;
    if (c->found == NULL)
	return;
    from = rp_html_offset(c, c->last);
    end = rp_html_offset(c, c->now);
    if (rp_html_span_find(c->html, c->len, from, end, name,
			  (const char *const *) atts, i, &at->tag,
			  &at->start, &at->end) != 0) {
	at->tag = at->start = at->end = RP_HTML_NOWHERE;
	return;
    }
    at->tag = rp_html_prep_raw(&c->prep, at->tag);
    at->start = rp_html_prep_raw(&c->prep, at->start);
    at->end = rp_html_prep_raw(&c->prep, at->end);
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

/*
 * rp_html_anchor_end - the open anchor is complete: record it with the
 * text its reader sees, or, when it shows nothing, as hidden with its
 * hidden text
 */
static void rp_html_anchor_end(rp_html_ctx *c)
{
    rp_buf *shown = &c->texts[0].anchor_buf, *hid = &c->texts[1].anchor_buf, *text;
    unsigned flags = RP_LINK_HTML;
    int     hidden, image;
    char   *alt;

    if (c->href == NULL)
	return;
    (void) rp_bidi_rewrite(shown, 0);
    (void) rp_bidi_rewrite(hid, 0);
    hidden = c->anchor_hidden
	|| (shown->len == 0 && !c->img_seen && (hid->len > 0 || c->img_hidden));
    text = hidden ? hid : shown;
    image = text->len == 0 && (c->img_seen || (hidden && c->img_hidden));
    flags |= (hidden ? RP_LINK_HIDDEN : 0) | (image ? RP_LINK_IMAGE : 0);
    if (image) {
	alt = rp_html_collapse(c->img_alt ? c->img_alt : "", RP_HTML_ANCHOR_TEXT);
	rp_html_add_link(c, c->href, alt, flags, &c->href_at);
	free(alt);
    } else {
	rp_html_add_link(c, c->href, text->data, flags, &c->href_at);
    }
    free(c->href);
    free(c->img_alt);
    c->href = c->img_alt = NULL;
    c->img_seen = c->img_hidden = 0;
    rp_buf_reset(shown);
    rp_buf_reset(hid);
    rp_html_sink_newline(&c->texts[0].outside);
    rp_html_sink_newline(&c->texts[1].outside);
    /* What follows in the paragraph still reads under the open controls. */
    rp_html_put_open_controls(c, &c->texts[0].outside);
}

/* rp_html_anchor_start - an <a href> opens */
static void rp_html_anchor_start(rp_html_ctx *c, const xmlChar **atts)
{
    int     i = rp_html_attr_pair(atts, "href"), k;

    if (c->href)
	rp_html_anchor_end(c);
    c->href = rp_strdup(rp_html_attr(atts, "href"));
    rp_html_locate(c, "a", atts, i, &c->href_at);
    c->anchor_hidden = c->hidden > 0 || c->skipped > 0;
    for (k = 0; k < 2; k++) {
	rp_html_sink_init(&c->texts[k].anchor, &c->texts[k].anchor_buf,
			  RP_HTML_ANCHOR_TEXT);
	/* Keep text before and after the anchor apart for the URL scan. */
	rp_html_sink_newline(&c->texts[k].outside);
    }
    if (!c->anchor_hidden)
	rp_html_put_open_controls(c, &c->texts[0].anchor);
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

/* rp_html_style - the cascade for one element: attributes, <style> rules, style="" */
static void rp_html_style(const rp_html_ctx *c, const char *name,
			          const xmlChar **atts, rp_css_style *st)
{
    static const char *const presentational[] = {"bgcolor", "background", 0};
    const char *const *a;
    const char *v;

    rp_css_style_init(st);
    /* A link has the user agent's colour, not the one around it. */
    if (strcmp(name, "a") == 0 && rp_html_attr(atts, "href") != NULL)
	rp_css_set(st, RP_CSS_COLOR, RP_HTML_LINK_COLOR, RP_CSS_VALUE,
		   RP_CSS_WEIGHT(RP_CSS_SPEC_ATTRIBUTE, 0));
    for (a = presentational; *a; a++)
	if ((v = rp_html_attr(atts, *a)) != NULL)
	    rp_css_attribute(st, *a, v);
    if (strcmp(name, "font") == 0 && (v = rp_html_attr(atts, "color")) != NULL)
	rp_css_attribute(st, "color", v);
    if (strcmp(name, "body") == 0 && (v = rp_html_attr(atts, "text")) != NULL)
	rp_css_attribute(st, "text", v);
    if (strcmp(name, "img") == 0) {
	if ((v = rp_html_attr(atts, "width")) != NULL)
	    rp_css_attribute(st, "width", v);
	if ((v = rp_html_attr(atts, "height")) != NULL)
	    rp_css_attribute(st, "height", v);
    }
    /* dir and <bdo> as the user agent's style sheet maps them. */
    if ((v = rp_html_attr(atts, "dir")) != NULL)
	rp_css_set(st, RP_CSS_DIRECTION, rp_ascii_casecmp(v, "rtl") == 0, RP_CSS_VALUE,
		   RP_CSS_WEIGHT(RP_CSS_SPEC_ATTRIBUTE, 0));
    if (strcmp(name, "bdo") == 0)
	rp_css_set(st, RP_CSS_UNICODE_BIDI, 1, RP_CSS_VALUE,
		   RP_CSS_WEIGHT(RP_CSS_SPEC_ATTRIBUTE, 0));
    rp_css_sheet_match(c->sheet, name, rp_html_attr(atts, "id"),
		       rp_html_attr(atts, "class"), st);
    if ((v = rp_html_attr(atts, "style")) != NULL)
	rp_css_declarations(v, strlen(v), RP_CSS_SPEC_INLINE, 0, st);
}

/* rp_html_image - an image inside the open anchor: shown, or hidden */
static void rp_html_image(rp_html_ctx *c, const xmlChar **atts,
			          const rp_css_style *st, const rp_css_view *view)
{
    const char *alt = rp_html_attr(atts, "alt");

    if (!c->hidden && !c->skipped && !view->invisible && !rp_css_tiny_box(st)) {
	if (!c->img_seen) {
	    free(c->img_alt);
	    c->img_alt = alt ? rp_strdup(alt) : NULL;
	}
	c->img_seen = 1;
    } else {
	if (!c->img_seen && !c->img_hidden && alt)
	    c->img_alt = rp_strdup(alt);
	c->img_hidden = 1;
    }
}

/* rp_html_element - links and attributes of one start tag */
static void rp_html_element(rp_html_ctx *c, const char *name,
			            const xmlChar **atts, const rp_css_style *st,
			            const rp_css_view *view)
{
    unsigned hidden = c->hidden || c->skipped ? RP_LINK_HIDDEN : 0;
    const char *v, *a;
    char   *url, *alt;
    rp_html_link at;

    if (strcmp(name, "img") == 0 && c->href) {
	rp_html_image(c, atts, st, view);
    } else if (strcmp(name, "area") == 0
	       && (v = rp_html_attr(atts, "href")) != NULL) {
	alt = rp_html_collapse((a = rp_html_attr(atts, "alt")) ? a : "",
			       RP_HTML_ANCHOR_TEXT);
	rp_html_locate(c, name, atts, rp_html_attr_pair(atts, "href"), &at);
	rp_html_add_link(c, v, alt, RP_LINK_HTML | RP_LINK_IMAGE | hidden, &at);
	free(alt);
    } else if (strcmp(name, "form") == 0
	       && (v = rp_html_attr(atts, "action")) != NULL) {
	rp_html_locate(c, name, atts, rp_html_attr_pair(atts, "action"), &at);
	rp_html_add_link(c, v, NULL, RP_LINK_FORM | hidden, &at);
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
	    c->body = at.end + (at.end >= c->raw_len ? 0 : c->raw[at.end] == '>'
				? 1 : c->raw[at.end] == '/' ? 2 : 0);
    }
}

/* rp_html_block - a block element starts or ends: break the line */
static void rp_html_block(rp_html_ctx *c, const char *name)
{
    int     k;

    if (!rp_html_in(name, rp_html_block_tags))
	return;
    for (k = 0; k < 2; k++) {
	rp_html_sink_newline(&c->texts[k].all);
	rp_html_sink_newline(&c->texts[k].outside);
	c->texts[k].anchor.space = 1;
    }
    rp_bidi_open_feed(&c->bidi, "\n", 1);
}

/* rp_html_event - a SAX event: note where the parser stands */
static void rp_html_event(rp_html_ctx *c)
{
    if (c->found != NULL)
	c->last = rp_html_parsed(c);
}

/* rp_html_start - SAX start tag: its style and view pushed, links collected */
static void rp_html_start(void *ctx, const xmlChar *xname, const xmlChar **atts)
{
    rp_html_ctx *c = ctx;
    const char *name = (const char *) xname;
    rp_html_open open;
    rp_css_style st;
    int     hidden;

    if (c->found != NULL)
	c->now = rp_html_parsed(c);
    open.flags = 0;
    rp_html_style(c, name, atts, &st);
    if (rp_css_view_child(rp_html_view(c), &st, &open.view)
	|| rp_html_attr(atts, "hidden"))
	open.flags |= RP_HTML_HIDES;
    if (rp_html_in(name, rp_html_skipped_tags))
	open.flags = RP_HTML_SKIPS;
    c->skipped += (open.flags & RP_HTML_SKIPS) != 0;
    c->hidden += (open.flags & RP_HTML_HIDES) != 0;
    c->stack = rp_array_grow(c->stack, &c->stack_cap, c->depth, sizeof(open));
    c->stack[c->depth++] = open;
    if (strcmp(name, "a") == 0 && rp_html_attr(atts, "href") != NULL) {
	rp_html_anchor_start(c, atts);
	open.flags |= RP_HTML_ANCHOR;
    } else {
	rp_html_element(c, name, atts, &st, &open.view);
    }
    rp_html_block(c, name);
    if (open.view.override && !c->skipped) {
	hidden = rp_html_text_hidden(c);
	rp_html_put(c, hidden, open.view.override == 'R' ? RP_HTML_RLO : RP_HTML_LRO, 3);
	open.flags |= RP_HTML_BIDI | (hidden ? RP_HTML_BIDI_HIDDEN : 0);
    }
    c->stack[c->depth - 1].flags = open.flags;
    rp_html_event(c);
}

/* rp_html_end - SAX end tag: pop, finish an anchor */
static void rp_html_end(void *ctx, const xmlChar *xname)
{
    rp_html_ctx *c = ctx;
    unsigned char flags;

    rp_html_event(c);
    /* libxml2 balances start and end events; stay safe if it did not. */
    if (c->depth == 0)
	return;
    flags = c->stack[--c->depth].flags;
    if (flags & RP_HTML_BIDI)
	rp_html_put(c, (flags & RP_HTML_BIDI_HIDDEN) != 0, RP_HTML_PDF, 3);
    c->skipped -= (flags & RP_HTML_SKIPS) != 0;
    c->hidden -= (flags & RP_HTML_HIDES) != 0;
    if (flags & RP_HTML_ANCHOR)
	rp_html_anchor_end(c);
    rp_html_block(c, (const char *) xname);
    if (c->links_full && c->texts[0].all.full && c->texts[1].all.full)
	xmlStopParser(c->parser);
}

/* rp_html_chars - SAX text: shown or hidden */
static void rp_html_chars(void *ctx, const xmlChar *ch, int len)
{
    rp_html_ctx *c = ctx;

    rp_html_event(c);
    if (c->skipped || len <= 0)
	return;
    rp_html_put(c, rp_html_text_hidden(c), (const char *) ch, (size_t) len);
}

/* rp_html_silent - drop libxml2's error reports */
static void rp_html_silent(void *ctx, xmlErrorPtr error)
{
}

/* rp_html_text_url - rp_url_found callback for URLs in the text */
static void rp_html_text_url(void *ctx, const char *url, size_t len)
{
    rp_html_ctx *c = ctx;
    char   *u = rp_strndup(url, len);

    rp_html_add_link(c, u, NULL, c->url_flags, NULL);
    free(u);
}

/* rp_html_parse - one SAX pass over the copy of html into c, which the caller set up */
static void rp_html_parse(rp_html_ctx *c, const char *html, size_t len)
{
    htmlSAXHandler sax;
    size_t  off, n;
    int     k;

    memset(&sax, 0, sizeof(sax));
    sax.initialized = XML_SAX2_MAGIC;	/* so that serror is used */
    sax.startElement = rp_html_start;
    sax.endElement = rp_html_end;
    sax.characters = rp_html_chars;
    sax.ignorableWhitespace = rp_html_chars;
    sax.serror = rp_html_silent;

    c->raw = html;
    c->raw_len = len;
    rp_html_prep_run(&c->prep, html, len);
    c->html = c->prep.copy.data;
    c->len = c->prep.copy.len;
    c->latin1 = !rp_utf8_valid(c->html, c->len);
    if (c->prep.style.len > 0) {
	c->sheet = rp_css_sheet_create();
	rp_css_sheet_read(c->sheet, c->prep.style.data, c->prep.style.len);
    }
    rp_css_view_root(&c->root);
    for (k = 0; k < 2; k++) {
	rp_buf_init(&c->texts[k].anchor_buf);
	rp_buf_init(&c->texts[k].outside_buf);
	rp_html_sink_init(&c->texts[k].outside, &c->texts[k].outside_buf,
			  c->limits->max_text);
    }
    c->parser = htmlCreatePushParserCtxt(&sax, c, NULL, 0, NULL, c->latin1
					 ? XML_CHAR_ENCODING_8859_1
					 : XML_CHAR_ENCODING_UTF8);
    if (c->parser != NULL) {
	/* The encoding is decided above: ignore <meta charset>. */
	htmlCtxtUseOptions(c->parser, HTML_PARSE_RECOVER | HTML_PARSE_NOERROR
			   | HTML_PARSE_NOWARNING | HTML_PARSE_NONET
			   | HTML_PARSE_IGNORE_ENC);
	for (off = 0; off < c->len && c->parser->instate != XML_PARSER_EOF;
	     off += n) {
	    n = c->len - off < RP_HTML_CHUNK ? c->len - off : RP_HTML_CHUNK;
	    htmlParseChunk(c->parser, c->html + off, (int) n, 0);
	}
	htmlParseChunk(c->parser, NULL, 0, 1);
	htmlFreeParserCtxt(c->parser);
    }
    if (c->href)
	rp_html_anchor_end(c);
    for (k = 0; k < 2; k++) {
	(void) rp_bidi_rewrite(&c->texts[k].outside_buf, 0);
	c->url_flags = RP_LINK_HTML_TEXT | (k ? RP_LINK_HIDDEN : 0);
	rp_url_scan_text(c->texts[k].outside_buf.data, c->texts[k].outside_buf.len,
			 rp_html_text_url, c);
	rp_buf_free(&c->texts[k].anchor_buf);
	rp_buf_free(&c->texts[k].outside_buf);
    }
    free(c->stack);
    free(c->base);
    c->sheet_full = rp_css_sheet_full(c->sheet);
    rp_css_sheet_free(c->sheet);
    rp_html_prep_free(&c->prep);
}

/* rp_html_has_words - does s hold more than spacing (blanks, NBSP, zero widths, soft hyphens) */
static int rp_html_has_words(const char *s, size_t len)
{
    static const char *const spacing[] = {
	"\xc2\xa0", "\xc2\xad", "\xe2\x80\x8b", "\xe2\x80\x8c", "\xe2\x80\x8d",
	"\xe2\x81\xa0", "\xef\xbb\xbf", 0
    };
    const char *const *sp;
    size_t  i, n;

    for (i = 0; i < len; i += n) {
	n = 1;
	if (strchr(" \t\r\n\f", s[i]) && s[i])
	    continue;
	for (sp = spacing; *sp && (len - i < strlen(*sp) || memcmp(s + i, *sp, strlen(*sp))); sp++)
	     /* void */ ;
	if (*sp == NULL)
	    return 1;
	n = strlen(*sp);
    }
    return 0;
}

/* rp_html_extract - links, shown and hidden text of one HTML document */
void    rp_html_extract(const char *html, size_t len, const rp_limits *limits,
			        rp_features *f)
{
    rp_html_ctx c;
    size_t  text_start, hidden_start;

    memset(&c, 0, sizeof(c));
    c.limits = limits;
    c.f = f;
    rp_html_sink_init(&c.texts[0].all, &f->text, limits->max_text);
    rp_html_sink_newline(&c.texts[0].all);
    text_start = f->text.len;
    rp_html_sink_init(&c.texts[1].all, &f->hidden, limits->max_text);
    rp_html_sink_newline(&c.texts[1].all);
    hidden_start = f->hidden.len;
    rp_html_parse(&c, html, len);
    if (rp_bidi_rewrite(&f->text, text_start) & RP_BIDI_OVERRIDE)
	f->flags |= RP_MSG_BIDI_OVERRIDE;
    (void) rp_bidi_rewrite(&f->hidden, hidden_start);
    if (rp_html_has_words(f->hidden.data + hidden_start, f->hidden.len - hidden_start))
	f->flags |= RP_MSG_HIDDEN_TEXT;
    /* Style rules left out may hide text shown as visible: a limit too. */
    if (c.texts[0].all.full || c.sheet_full)
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
    rp_html_sink_init(&c.texts[0].all, &text, 0);
    rp_html_sink_init(&c.texts[1].all, &text, 0);
    rp_html_parse(&c, html, len);
    rp_buf_free(&text);
    return c.body;
}
