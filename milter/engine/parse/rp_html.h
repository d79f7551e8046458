/*
 * NAME
 *	rp_html 3h
 * SUMMARY
 *	links and visible text from HTML, with libxml2's HTML parser
 * SYNOPSIS
 *	#include "rp_html.h"
 * DESCRIPTION
 *	rp_html_extract() tokenizes UTF-8 HTML (never with regexes) and
 *	adds to f every link with the text its reader sees: a and area
 *	href, form action, base href (relative links resolved against it),
 *	meta refresh; the visible text (no script, style, head or
 *	comments), block elements separated by newlines, and apart from it
 *	the text that markup or CSS hides (f->hidden), both read in the
 *	order bidi controls show them.  Links in hidden content carry
 *	RP_LINK_HIDDEN.
 *
 *	rp_html_links() runs the same parse and reports the links written
 *	in attributes with the bytes they are written in, so that the
 *	rewriter edits exactly what detection read.
 */
#ifndef RP_HTML_H
#define RP_HTML_H

#include <stddef.h>
#include "rp_features.h"

void    rp_html_extract(const char *html, size_t len, const rp_limits *limits,
			rp_features *f);

#define RP_HTML_NOWHERE	((size_t) -1)	/* a place that could not be found */

/* One link of rp_html_links(), and where it is written in the input. */
typedef struct rp_html_link {
    const char *href;		/* as rp_html_extract() records it */
    unsigned flags;		/* its RP_LINK_* flags */
    size_t  tag;		/* offset of its tag's '<', or RP_HTML_NOWHERE */
    size_t  start, end;		/* its attribute's raw value: html[start, end) */
} rp_html_link;

typedef void (*rp_html_link_found) (void *ctx, const rp_html_link *link);

/*
 * rp_html_links - call found() for each link rp_html_extract() records
 * from an attribute (not RP_LINK_HTML_TEXT), in the same order and
 * without limits; link->href lives only during the call.  Returns the
 * offset just past the document's own <body> start tag, or 0 when it
 * has none.
 */
size_t  rp_html_links(const char *html, size_t len, rp_html_link_found found,
		      void *ctx);

#endif
