/*
 * NAME
 *	rp_rewrite_part 3h
 * SUMMARY
 *	one part's text with its deceptive links disabled
 * SYNOPSIS
 *	#include "rp_rewrite_part.h"
 * DESCRIPTION
 *	The text is the one detection read (rp_mime_text(): UTF-8, LF line
 *	ends, no NUL), so offsets found by detection's own scanners are
 *	offsets in it.
 */
#ifndef RP_REWRITE_PART_H
#define RP_REWRITE_PART_H

#include <stddef.h>

#include "rp_rewrite_match.h"
#include "rp_util.h"

/*
 * rp_rewrite_part_text - append to out the text of a text part with
 * banner (NULL: none) on top and every URL m matches defanged.
 * Returns 1 when out differs from the input.
 */
int     rp_rewrite_part_text(const rp_rewrite_match *m, const char *text, size_t len,
			     const char *banner, rp_buf *out);

/* rp_rewrite_part_html - the same for an HTML part */
int     rp_rewrite_part_html(const rp_rewrite_match *m, const char *html, size_t len,
			     const char *banner, rp_buf *out);

#endif
