/*
 * NAME
 *	rp_rewrite_match 3h
 * SUMMARY
 *	which links the rewriter disables: the verdict's, and their hosts'
 * SYNOPSIS
 *	#include "rp_rewrite_match.h"
 * DESCRIPTION
 *	A set built once per message and asked about every URL and link
 *	of every part, in constant time each.
 */
#ifndef RP_REWRITE_MATCH_H
#define RP_REWRITE_MATCH_H

#include <stddef.h>

typedef struct rp_rewrite_match rp_rewrite_match;

/* rp_rewrite_match_new - the set of n URLs (NULL entries skipped); free with _free() */
rp_rewrite_match *rp_rewrite_match_new(const char *const *urls, size_t n);

/* rp_rewrite_match_url - does url (len bytes) go where one of the set goes */
int     rp_rewrite_match_url(const rp_rewrite_match *m, const char *url, size_t len);

void    rp_rewrite_match_free(rp_rewrite_match *m);

#endif
