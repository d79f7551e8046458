/*
 * NAME
 *	mlt_header 3h
 * SUMMARY
 *	untrusted text as a header field value: RFC 2047 words, folded
 * SYNOPSIS
 *	#include "mlt_header.h"
 * DESCRIPTION
 *	The one encoder of every header value the milter writes (see
 *	mlt_header.c).  GLib and libc only.
 */
#ifndef MLT_HEADER_H
#define MLT_HEADER_H

#include <stddef.h>

/*
 * mlt_header_encode - the n items (untrusted text, at most max bytes of
 * each) as the value of header name: one line each, ended by sep (plain;
 * NULL: none) but the last, RFC 2047 words where needed, folded;
 * allocated (g_free)
 */
char   *mlt_header_encode(const char *name, const char *const *items, size_t n,
			          size_t max, const char *sep);

#endif
