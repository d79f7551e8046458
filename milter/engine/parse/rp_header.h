/*
 * NAME
 *	rp_header 3h
 * SUMMARY
 *	header field values: the size read, trimming, unfolding
 * SYNOPSIS
 *	#include "rp_header.h"
 * DESCRIPTION
 *	Small helpers for raw header values as GMime hands them over
 *	(folded, CRLF or LF), shared by the RFC 2047 decoder and the MIME
 *	walk.  RP_HEADER_MAX is the most of one header field that anything
 *	here reads: the pre-scan cuts longer fields and the decoder stops
 *	there.
 */
#ifndef RP_HEADER_H
#define RP_HEADER_H

#define RP_HEADER_MAX	65536		/* bytes of one header field read */

/* rp_header_trim - strip ASCII white space at both ends, in place; returns s */
char   *rp_header_trim(char *s);

/* rp_header_unfold - raw without CR and LF, trimmed.  Caller frees. */
char   *rp_header_unfold(const char *raw);

/*
 * rp_header_bare - an address without angle brackets and surrounding
 * white space ("<a@b>" gives "a@b").  Caller frees.
 */
char   *rp_header_bare(const char *raw);

#endif
