/*
 * NAME
 *	rp_text 3h
 * SUMMARY
 *	Unicode normalisation of visible text for matching, and the
 *	confusable skeleton of names
 * SYNOPSIS
 *	#include "rp_text.h"
 * DESCRIPTION
 *	rp_text_normalize() returns text in the form the lure rules and
 *	brand-name matching expect: invalid UTF-8 replaced by U+FFFD,
 *	NFKC with case folding (ICU's NFKC_Casefold), zero-width
 *	characters, soft hyphens and other default-ignorables removed,
 *	runs of white space collapsed to one space.  Caller frees.
 *
 *	rp_text_skeleton() is the one form in which names that a reader
 *	cannot tell apart are equal (Unicode TR39 with ICU uspoof,
 *	diacritics folded, lowercase): GitHub written with a Cyrillic i,
 *	or "PyPÍ", has the skeleton of "github" or "pypi".  Caller frees.
 *	rp_text_fold() writes text with each non-ASCII letter replaced by
 *	the ASCII letter of the same skeleton; 0 when some has none.
 *	Both read an rp_confusables that rp_text_confusables() made once.
 */
#ifndef RP_TEXT_H
#define RP_TEXT_H

#include <stddef.h>

char   *rp_text_normalize(const char *utf8, size_t len, size_t *out_len);

/* What skeletons need (ICU's spoof checker, the ASCII skeletons), made once */
typedef struct rp_confusables rp_confusables;

rp_confusables *rp_text_confusables(void);	/* NULL when ICU fails */
void    rp_text_confusables_free(rp_confusables *cf);

/* rp_text_skeleton - the confusable skeleton of UTF-8 text; cf NULL: no TR39 */
char   *rp_text_skeleton(const rp_confusables *cf, const char *utf8, size_t len,
			 size_t *out_len);

/* rp_text_fold - UTF-8 text as the ASCII it looks like into out; 0 if it does not */
int     rp_text_fold(const rp_confusables *cf, const char *utf8, size_t len,
		     char *out, size_t size);

/* rp_text_unmix - in place: words that mix ASCII letters with look-alike letters
 * of another script ("vеrify" with a Cyrillic е) as the ASCII they look like;
 * Latin letters with diacritics and words of one script are kept.  New length. */
size_t  rp_text_unmix(const rp_confusables *cf, char *text, size_t len);

#endif
