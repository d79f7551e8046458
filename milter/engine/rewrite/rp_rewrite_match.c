/*
 * NAME
 *	rp_rewrite_match 3
 * SUMMARY
 *	which links the rewriter disables: the verdict's, and their hosts'
 * SYNOPSIS
 *	#include "rp_rewrite_match.h"
 *
 *	rp_rewrite_match *rp_rewrite_match_new(const char *const *urls,
 *					       size_t n)
 *
 *	int	rp_rewrite_match_url(const rp_rewrite_match *m,
 *				     const char *url, size_t len)
 *
 *	void	rp_rewrite_match_free(rp_rewrite_match *m)
 * DESCRIPTION
 *	rp_rewrite_match_new() keeps the deceptive URLs (as detection
 *	recorded them, byte for byte) and the host of each, as
 *	rp_url_parse() reads it (lowercased, percent-decoded, no trailing
 *	dot), in two hash sets: any number of URLs, each question answered
 *	in constant time.
 *
 *	rp_rewrite_match_url() says whether url is one of them, or goes to
 *	the host of one.  The host counts because what detection records
 *	is bounded while what a reader can click is not: detection may keep
 *	one link per host past its link limit, the verdict keeps a bounded
 *	number of URLs, and a link to https://lookalike.example/other is
 *	as deceptive as the one that was listed.  So "every deceptive link
 *	defanged" holds however many links the message has.
 * DIAGNOSTICS
 *	None; out of memory aborts.
 */
#include "config.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "rp_rewrite_match.h"
#include "rp_url.h"
#include "rp_util.h"

struct rp_rewrite_match {
    GHashTable *urls;			/* the URLs as listed */
    GHashTable *hosts;			/* their hosts */
};

/* rp_rewrite_match_new - the URLs and their hosts */
rp_rewrite_match *rp_rewrite_match_new(const char *const *urls, size_t n)
{
    rp_rewrite_match *m = rp_malloc(sizeof(*m));
    rp_url  u;
    size_t  i;

    m->urls = g_hash_table_new_full(g_str_hash, g_str_equal, free, NULL);
    m->hosts = g_hash_table_new_full(g_str_hash, g_str_equal, free, NULL);
    for (i = 0; i < n; i++) {
	if (urls[i] == NULL || *urls[i] == 0)
	    continue;
	g_hash_table_add(m->urls, rp_strdup(urls[i]));
	if (rp_url_parse(urls[i], strlen(urls[i]), &u) == 0) {
	    g_hash_table_add(m->hosts, rp_strdup(u.host));
	    rp_url_free(&u);
	}
    }
    return m;
}

/* rp_rewrite_match_url - a listed URL, or one to a listed URL's host */
int     rp_rewrite_match_url(const rp_rewrite_match *m, const char *url, size_t len)
{
    char   *copy;
    rp_url  u;
    int     hit;

    if (len == 0 || g_hash_table_size(m->urls) == 0)
	return 0;
    copy = rp_strndup(url, len);
    hit = g_hash_table_contains(m->urls, copy);
    free(copy);
    if (!hit && rp_url_parse(url, len, &u) == 0) {
	hit = g_hash_table_contains(m->hosts, u.host);
	rp_url_free(&u);
    }
    return hit;
}

/* rp_rewrite_match_free - release the set (NULL is fine) */
void    rp_rewrite_match_free(rp_rewrite_match *m)
{
    if (m == NULL)
	return;
    g_hash_table_destroy(m->urls);
    g_hash_table_destroy(m->hosts);
    free(m);
}
