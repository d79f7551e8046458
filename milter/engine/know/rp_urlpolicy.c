/*
 * NAME
 *	rp_urlpolicy 3
 * SUMMARY
 *	what the brand table says about a link: shorteners, brand-named
 *	pages on free hosting, OAuth consent links
 * SYNOPSIS
 *	#include "rp_brands.h"
 *
 *	int	rp_brands_shortener(const rp_brands *brands, const char *host)
 *	const rp_brand *rp_brands_hosted_page(const rp_brands *brands,
 *				const rp_url *url, char *reason, size_t size)
 *	void	rp_brands_oauth(const rp_brands *brands, const rp_url *url,
 *				rp_oauth_found found, void *ctx)
 * DESCRIPTION
 *	rp_brands_shortener() tells whether host is, or is under, a URL
 *	shortener of rules/shorteners.conf.
 *
 *	rp_brands_hosted_page() finds a brand's name in a page on free
 *	hosting or a site builder (rules/hosting.conf): in the labels left
 *	of the hosting suffix, in the first path segment, or in the
 *	segment after one of the entry's path prefixes.  reason then says
 *	where.
 *
 *	rp_brands_oauth() looks at a link to a brand's OAuth consent
 *	endpoint (brands.conf "oauth"): a redirect_uri on a host the
 *	brand does not own (loopback addresses excepted: CLI login flows)
 *	is OAUTH_FOREIGN_REDIRECT, a scope the brand lists as dangerous
 *	(brands.conf "scope") is OAUTH_DANGEROUS_SCOPE; found() is called
 *	once per finding.
 *
 *	Hosts are put in A-label form first (rp_host_normalize()), so any
 *	spelling of a listed domain matches.  A NULL table, URL or host is
 *	answered with "no"; all four are read-only and safe from any
 *	thread.
 * DIAGNOSTICS
 *	None.
 * SEE ALSO
 *	rp_brandname.c, rp_redirect.c (redirectors), rules/hosting.conf, rules/shorteners.conf,
 *	rules/redirectors.conf, rules/brands.conf
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regphish.h"
#include "rp_util.h"
#include "rp_url.h"
#include "rp_brands.h"
#include "rp_brands_impl.h"
#include "rp_brandname.h"

/* rp_brands_shortener - host is a URL shortener */
int     rp_brands_shortener(const rp_brands *brands, const char *host)
{
    rp_dname dn;

    return rp_brands_lookup(brands, host, RP_DOM_SHORTENER, &dn) != NULL;
}

/* rp_urlpolicy_segment - the path segment at path (up to / ? #), lowercased */
static size_t rp_urlpolicy_segment(const char *path, char *buf, size_t size)
{
    size_t  n = strcspn(path, "/?#");

    if (n >= size)
	n = size - 1;
    memcpy(buf, path, n);
    buf[n] = 0;
    rp_ascii_lowercase(buf);
    return n;
}

/*
 * rp_brands_hosted_page - a brand-named page on free hosting: the
 * labels left of the hosting suffix, the first path segment, and the
 * segment after each of the entry's path prefixes.  On hosting a brand
 * owns (github.io), paths are repository names and a bare brand name
 * is the brand's own organisation, so only subdomain labels that add
 * words count there.
 */
const rp_brand *rp_brands_hosted_page(const rp_brands *brands, const rp_url *url,
				      char *reason, size_t reason_size)
{
    const rp_dom *dom;
    const rp_brand *brand = NULL;
    const char *what = NULL, *path, *where = NULL;
    char    seg[256];
    rp_dname dn;
    size_t  sub, i, n;
    int     dashed, brand_owned;

    if (url == NULL || url->host_kind != RP_HOST_NAME
	|| (dom = rp_brands_lookup(brands, url->host, RP_DOM_HOSTING, &dn)) == NULL)
	return NULL;
    brand_owned = (dom->kinds & (RP_DOM_OWN | RP_DOM_GOOD)) != 0;
    sub = strlen(dn.ascii) - strlen(dom->name);
    if (sub > 1) {
	brand = rp_brandname_page(brands, dom, dn.ascii, sub - 1, &what);
	where = "host name";
    }
    path = url->path ? url->path : "";
    path += strspn(path, "/");
    if (brand == NULL && !brand_owned
	&& (n = rp_urlpolicy_segment(path, seg, sizeof(seg))) > 0) {
	brand = rp_brandname_find(brands, seg, n, 1, 1, &what, &dashed);
	where = "page path";
    }
    for (i = 0; brand == NULL && url->path && i < dom->prefixes.n; i++)
	if (rp_ascii_ncasecmp(url->path, dom->prefixes.v[i], strlen(dom->prefixes.v[i])) == 0
	    && (n = rp_urlpolicy_segment(url->path + strlen(dom->prefixes.v[i]),
					 seg, sizeof(seg))) > 0) {
	    brand = rp_brandname_find(brands, seg, n, 1, 1, &what, &dashed);
	    where = "page name";
	}
    if (brand && reason && reason_size)
	snprintf(reason, reason_size, "%s%s: %s carries %s's name ('%s') on free hosting %s",
		 dn.ascii, url->path ? url->path : "", where, brand->name, what, dom->name);
    return brand;
}

/* rp_urlpolicy_loopback - a redirect to the user's own machine (CLI login flows) */
static int rp_urlpolicy_loopback(const rp_url *url)
{
    return strcmp(url->host, "localhost") == 0 || strcmp(url->host, "::1") == 0
	|| strncmp(url->host, "127.", 4) == 0;
}

/* rp_urlpolicy_endpoint - the brand whose OAuth consent endpoint url is */
static const rp_brand *rp_urlpolicy_endpoint(const rp_brands *brands, const rp_url *url)
{
    const rp_brand *brand;
    const char *ep, *path = url->path ? url->path : "";
    size_t  i, j, hlen, plen = strlen(path);

    while (plen > 1 && path[plen - 1] == '/')
	plen--;
    for (i = 0; i < brands->nbrands; i++) {
	brand = brands->brands[i];
	for (j = 0; j < brand->oauth.n; j++) {
	    ep = brand->oauth.v[j];
	    hlen = strcspn(ep, "/");
	    if (strlen(url->host) == hlen && strncmp(url->host, ep, hlen) == 0
		&& strlen(ep + hlen) == plen
		&& rp_ascii_ncasecmp(ep + hlen, path, plen) == 0)
		return brand;
	}
    }
    return NULL;
}

/*
 * rp_brands_oauth - a brand's OAuth consent link that hands the grant
 * to a foreign host, or asks for scopes that let the holder publish
 * or destroy code.
 */
void    rp_brands_oauth(const rp_brands *brands, const rp_url *url,
			rp_oauth_found found, void *ctx)
{
    const rp_brand *brand;
    rp_url  redirect;
    char   *value, *scope, *save = NULL, reason[512];
    rp_buf  bad;
    size_t  i;

    if (brands == NULL || url == NULL || url->host == NULL || found == NULL
	|| (brand = rp_urlpolicy_endpoint(brands, url)) == NULL)
	return;
    if ((value = rp_url_param(url, "redirect_uri")) != NULL) {
	if (rp_url_parse(value, strlen(value), &redirect) == 0) {
	    if (!rp_urlpolicy_loopback(&redirect)
		&& rp_brands_owner(brands, redirect.host) != brand) {
		snprintf(reason, sizeof(reason),
			 "%s OAuth consent link sends the grant to %s, not a %s domain"
			 " (registered apps redirect to their own site, so this is"
			 " suspicious, not proof)", brand->name, redirect.host, brand->name);
		found(ctx, RP_SYM_OAUTH_FOREIGN_REDIRECT, reason);
	    }
	    rp_url_free(&redirect);
	}
	free(value);
    }
    if ((value = rp_url_param(url, "scope")) != NULL) {
	rp_buf_init(&bad);
	for (scope = strtok_r(value, " +,", &save); scope; scope = strtok_r(NULL, " +,", &save))
	    for (i = 0; i < brand->scopes.n; i++)
		if (rp_ascii_casecmp(scope, brand->scopes.v[i]) == 0 && bad.len < 256)
		    rp_buf_printf(&bad, "%s%s", bad.len ? ", " : "", brand->scopes.v[i]);
	if (bad.len) {
	    snprintf(reason, sizeof(reason),
		     "%s OAuth consent link asks for %s (power to change or delete"
		     " code and packages)", brand->name, bad.data);
	    found(ctx, RP_SYM_OAUTH_DANGEROUS_SCOPE, reason);
	}
	rp_buf_free(&bad);
	free(value);
    }
}
