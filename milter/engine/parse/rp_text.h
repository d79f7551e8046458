/*
 * NAME
 *	rp_text 3h
 * SUMMARY
 *	Unicode normalisation of visible text for matching
 * SYNOPSIS
 *	#include "rp_text.h"
 * DESCRIPTION
 *	rp_text_normalize() returns text in the form the lure rules and
 *	brand-name matching expect: invalid UTF-8 replaced by U+FFFD,
 *	NFKC with case folding (ICU's NFKC_Casefold), zero-width
 *	characters, soft hyphens and other default-ignorables removed,
 *	runs of white space collapsed to one space.  Caller frees.
 */
#ifndef RP_TEXT_H
#define RP_TEXT_H

#include <stddef.h>

char   *rp_text_normalize(const char *utf8, size_t len, size_t *out_len);

#endif
