/*
 * NAME
 *	rp_html_span 3h
 * SUMMARY
 *	where a start tag read by libxml2's HTML parser is written
 * SYNOPSIS
 *	#include "rp_html_span.h"
 * DESCRIPTION
 *	rp_html.c asks, from a SAX start-element callback, which bytes of
 *	its input hold the tag and one of its attribute values, so that a
 *	link can be edited exactly where the parser read it.
 */
#ifndef RP_HTML_SPAN_H
#define RP_HTML_SPAN_H

#include <stddef.h>

/*
 * rp_html_span_find - the start tag named name with libxml2's attribute
 * array atts (name/value pairs, NULL-terminated; may be NULL) that ends
 * where the parser stands, at offset end of html[0, len); from is where
 * the parser stood at its previous SAX event.  Sets *tag to the offset
 * of the tag's '<' and [*vstart, *vend) to the raw value of the
 * attribute pair atts[2 * want] (without quotes), or with want < 0 to
 * the empty span at end.  Returns 0, or -1 when no reading of those
 * bytes gives exactly that tag.
 */
int     rp_html_span_find(const char *html, size_t len, size_t from,
			  size_t end, const char *name,
			  const char *const *atts, int want, size_t *tag,
			  size_t *vstart, size_t *vend);

#endif
