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
 *	meta refresh; and the visible text (no script, style, head or
 *	comments), block elements separated by newlines.
 */
#ifndef RP_HTML_H
#define RP_HTML_H

#include <stddef.h>
#include "rp_features.h"

void    rp_html_extract(const char *html, size_t len, const rp_limits *limits,
			rp_features *f);

#endif
