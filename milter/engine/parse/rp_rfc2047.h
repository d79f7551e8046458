/*
 * NAME
 *	rp_rfc2047 3h
 * SUMMARY
 *	RFC 2047 encoded words in header values, decoded our way
 * SYNOPSIS
 *	#include "rp_rfc2047.h"
 * DESCRIPTION
 *	GMime 3.2.13 drops the text after a B word that ends in '='
 *	padding when more words follow; phishing subjects and display
 *	names are split that way.  rp_rfc2047_decode() decodes a raw
 *	header value itself; rp_rfc2047_reencode() prepares an address
 *	header for internet_address_list_parse(), whose decoder then only
 *	ever sees one word per run.  GMime must be initialised
 *	(rp_mime_init()).
 */
#ifndef RP_RFC2047_H
#define RP_RFC2047_H

/*
 * rp_rfc2047_decode - decode RFC 2047 words in a raw header value to
 * UTF-8 (any charset, B and Q, adjacent words joined even when an
 * earlier B word ends in '=' padding), unfolded and trimmed.  Caller
 * frees.
 */
char   *rp_rfc2047_decode(const char *raw);

/*
 * rp_rfc2047_reencode - raw unfolded, each run of encoded words
 * replaced by one UTF-8 B word, the rest as written.  Caller frees.
 */
char   *rp_rfc2047_reencode(const char *raw);

#endif
