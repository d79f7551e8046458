/*
 * NAME
 *	rp_brandname 3h
 * SUMMARY
 *	the brand a label or a page name carries
 * SYNOPSIS
 *	#include "rp_brandname.h"
 * DESCRIPTION
 *	Not a public interface: shared by the lookalike checks
 *	(combosquatting, homoglyph labels, hosted pages in a host name)
 *	and the URL policy (hosted pages in a path).
 */
#ifndef RP_BRANDNAME_H
#define RP_BRANDNAME_H

#include <stddef.h>

#include "rp_brands_impl.h"

/*
 * rp_brandname_find - the brand a page or label name carries (a token
 * or a brand domain written with hyphens).  relaxed: page names on
 * free hosting (looser word boundaries); bare_ok: the name may be the
 * token alone.  what receives the matched word; *dashed is set when
 * the match was a hyphenated brand domain.
 */
const rp_brand *rp_brandname_find(const rp_brands *brands, const char *name,
				  size_t len, int relaxed, int bare_ok,
				  const char **what, int *dashed);

/* rp_brandname_page - hosted-page check on the labels left of a hosting entry */
const rp_brand *rp_brandname_page(const rp_brands *brands, const rp_dom *host_entry,
				  const char *labels, size_t len, const char **what);

#endif
