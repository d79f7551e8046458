/*
 * NAME
 *	rp_svg 3h
 * SUMMARY
 *	links, scripts and text of an SVG image (libxml2)
 * SYNOPSIS
 *	#include "rp_svg.h"
 * DESCRIPTION
 *	rp_svg_read() hands the links (href, xlink:href), the URLs of its
 *	scripts and event handlers, and the text of an SVG document to the
 *	sink; returns 1 when the XML is malformed (then the bytes are
 *	searched for URLs as a whole), else 0.
 */
#ifndef RP_SVG_H
#define RP_SVG_H

#include <stddef.h>
#include "rp_attach_sink.h"

int     rp_svg_read(const char *data, size_t len, const rp_attach_sink *sink);

#endif
