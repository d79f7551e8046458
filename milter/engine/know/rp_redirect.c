/*
 * NAME
 *	rp_redirect 3
 * SUMMARY
 *	where a redirector, link wrapper or click tracker sends a link
 * SYNOPSIS
 *	#include "rp_brands.h"
 *
 *	int	rp_brands_unwrap(const rp_brands *brands, const rp_url *url,
 *				 rp_unwrap *uw)
 *	void	rp_unwrap_free(rp_unwrap *uw)
 *	int	rp_brands_redirector(const rp_brands *brands, const rp_url *url,
 *				     char **target)
 *	const char *rp_brands_imitated_redirector(const rp_brands *brands,
 *				const rp_url *url, rp_unwrap *uw,
 *				char *genuine, size_t size)
 * DESCRIPTION
 *	rp_brands_unwrap() tells whether url goes through a redirector of
 *	rules/redirectors.conf: its host is an entry's domain or under it,
 *	or, for an entry "LABEL.*", its registrable domain is LABEL under
 *	a suffix of the ICANN section of the public suffix list (google.de,
 *	google.co.uk: not google.github.io, which anyone can claim), and
 *	its path, decoded once as a web server reads it ("/%75rl" is
 *	"/url"), is one the entry serves.  uw then holds the entry's
 *	name and what it carries, read exactly as that service reads it:
 *
 *	query parameters	every value of each parameter, each one
 *				percent-decoded once (a service reads one
 *				of repeated values, and which one is not
 *				documented: all are judged); decode=
 *				proofpoint-v2 first turns "-" into "%"
 *				and "_" into "/", then decodes once
 *	tails			"https:/amp/s/": the target is https://
 *				followed by what follows that path prefix
 *				in the decoded path, then the query (the
 *				longest prefix wins)
 *	decode=proofpoint-v3	/v3/__URL__;BYTES!...: URL decoded once,
 *				each "*" then replaced by the next
 *				character of BYTES (base64url), "**X" by
 *				the next run of them (X: its length)
 *	decode=path		/TOKEN/URL, URL decoded once (Cisco)
 *
 *	by_label tells that the host matched a "LABEL.*" entry, not a
 *	listed domain.  At most RP_UNWRAP_MAX targets are kept; capped says some were not.
 *	An entry that names nothing to read is a click tracker (tracker):
 *	the sending service's own, its target hidden.  A "hidden" entry
 *	sets hidden: the link's destination is unknown.  Any other entry
 *	whose target could not be read (absent, malformed) returns no
 *	targets: an unreadable redirect, for the caller to flag.  The caller frees uw
 *	with rp_unwrap_free() whatever the result.  Decoding never looks
 *	twice: a target that is still encoded is a string for the caller
 *	to find unreadable, never decoded again.
 *
 *	rp_brands_imitated_redirector() finds a link that has the shape of
 *	a redirector (its path, a target where that redirector carries
 *	one) on a host whose registrable label is the redirector's or one
 *	edit from it (goog1e.com/url?q=..., facebook.help/l.php?u=...):
 *	an imitation of the redirector, never unwrapped as genuine.  It
 *	returns the redirector's name (genuine gets its domain) and fills
 *	uw with what the imitation says it carries.
 *
 *	rp_brands_redirector() is the short form: 1 when url goes through
 *	a redirector, with *target its first target (caller frees) or NULL.
 * DIAGNOSTICS
 *	None.  A NULL table or URL is no redirector.
 * SEE ALSO
 *	rules/redirectors.conf, rules/shorteners.conf, rp_check_link.c
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regphish.h"
#include "rp_util.h"
#include "rp_utf8.h"
#include "rp_url.h"
#include "rp_brands.h"
#include "rp_brands_impl.h"
#include "rp_letters.h"

/* rp_redirect_add - keep one target, or count it as capped */
static void rp_redirect_add(rp_unwrap *uw, char *target)
{
    if (uw->ntargets < RP_UNWRAP_MAX)
	uw->targets[uw->ntargets++] = target;
    else {
	uw->capped = 1;
	free(target);
    }
}

/* rp_redirect_proofpoint2 - "http-3A__host_p" -> "http://host/p", decoded once */
static char *rp_redirect_proofpoint2(const char *raw)
{
    char   *t = rp_strdup(raw), *p, *out;

    for (p = t; *p; p++)
	if (*p == '-')
	    *p = '%';
	else if (*p == '_')
	    *p = '/';
    out = rp_url_decode(t, strlen(t));
    free(t);
    return out;
}

/* rp_redirect_b64 - value of one base64url character, or -1 */
static int rp_redirect_b64(int ch)
{
    static const char alphabet[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const char *p = ch ? strchr(alphabet, ch) : NULL;

    return p ? (int) (p - alphabet) : -1;
}

/*
 * rp_redirect_proofpoint3 - "/v3/__URL__;BYTES!...": URL decoded once,
 * its "*" tokens replaced by characters of BYTES; NULL when malformed
 */
static char *rp_redirect_proofpoint3(const char *rest)
{
    const char *end, *enc;
    char   *url, *bytes, *out, *o, *p;
    size_t  nb = 0, at = 0, run, i, n;
    unsigned acc = 0;
    int     bits = 0, v;

    if (strncmp(rest, "/v3/__", 6) != 0 || rest[6] == 0
	|| (end = strstr(rest + 7, "__;")) == NULL)
	return NULL;
    rest += 6;
    enc = end + 3;
    bytes = rp_malloc(strlen(enc) + 1);
    for (; *enc && *enc != '!' && (v = rp_redirect_b64((unsigned char) *enc)) >= 0; enc++) {
	acc = (acc << 6) | (unsigned) v;
	if ((bits += 6) >= 8) {
	    bits -= 8;
	    bytes[nb++] = (char) ((acc >> bits) & 0xff);
	}
    }
    url = rp_url_decode(rest, (size_t) (end - rest));
    out = o = rp_malloc(strlen(url) + nb + 2);
    /* Proofpoint writes "https:/host" for "https://host". */
    if ((p = strstr(url, ":/")) != NULL && p[2] != '/' && strcspn(url, "/") > (size_t) (p - url)) {
	memcpy(o, url, (size_t) (p - url) + 2);
	o += p - url + 2;
	*o++ = '/';
	p += 2;
    } else
	p = url;
    for (; *p; p++) {
	if (*p != '*') {
	    *o++ = *p;
	    continue;
	}
	run = 1;
	if (p[1] == '*' && p[2] && (v = rp_redirect_b64((unsigned char) p[2])) >= 0) {
	    run = (size_t) v + 2;
	    p += 2;
	}
	for (i = 0; i < run; i++) {
	    if (at >= nb) {
		free(url);
		free(bytes);
		free(out);
		return NULL;
	    }
	    /* one character of BYTES; a byte that starts none is one */
	    if ((n = rp_utf8_len(bytes + at, nb - at)) == 0)
		n = 1;
	    while (n-- > 0 && at < nb)
		*o++ = bytes[at++];
	}
    }
    *o = 0;
    free(url);
    free(bytes);
    return out;
}

/* rp_redirect_path_url - "/TOKEN/URL": URL decoded once, or NULL */
static char *rp_redirect_path_url(const char *path)
{
    const char *p = strchr(path + (*path == '/'), '/');

    return p && p[1] ? rp_url_decode(p + 1, strlen(p + 1)) : NULL;
}

/* rp_redirect_rest - path (from skip) and the URL's query as one string */
static char *rp_redirect_rest(const rp_url *url, const char *path, size_t skip)
{
    size_t  plen = strlen(path) - skip, qlen = url->query ? strlen(url->query) : 0;
    char   *out = rp_malloc(plen + qlen + 2);

    memcpy(out, path + skip, plen);
    out[plen] = 0;
    if (url->query) {
	out[plen] = '?';
	memcpy(out + plen + 1, url->query, qlen + 1);
    }
    return out;
}

/* rp_redirect_tail - the longest tail prefix the path starts with, or NULL */
static const char *rp_redirect_tail(const rp_redir *rd, const char *path, size_t *plen)
{
    const char *best = NULL, *prefix;
    size_t  i, n;

    for (i = 0; i < rd->tails.n; i++) {
	prefix = strchr(rd->tails.v[i], ':') + 1;
	n = strlen(prefix);
	if (rp_ascii_ncasecmp(path, prefix, n) == 0 && (best == NULL || n > *plen)) {
	    best = rd->tails.v[i];
	    *plen = n;
	}
    }
    return best;
}

/* rp_redirect_serves - the redirector answers at this path */
static int rp_redirect_serves(const rp_redir *rd, const char *path)
{
    size_t  n, plen;

    if (rd->tails.n > 0)
	return rp_redirect_tail(rd, path, &plen) != NULL;
    if (rd->path == NULL)
	return 1;
    n = strlen(rd->path);
    return rp_ascii_ncasecmp(path, rd->path, n) == 0
	&& (rd->path[n - 1] == '/' || path[n] == 0 || strcmp(path + n, "/") == 0);
}

/*
 * rp_redirect_read - the targets rd carries in url; path is the URL's
 * path decoded once, as the service's web server reads it
 */
static void rp_redirect_read(const rp_redir *rd, const rp_url *url, const char *path,
			             rp_unwrap *uw)
{
    const char *tail;
    char   *raw, *rest, *t;
    size_t  i, n, plen = 0;

    if ((tail = rp_redirect_tail(rd, path, &plen)) != NULL) {
	rest = rp_redirect_rest(url, path, plen);
	n = strcspn(tail, ":");
	t = rp_malloc(n + strlen(rest) + 4);
	sprintf(t, "%.*s://%s", (int) n, tail, rest);
	free(rest);
	rp_redirect_add(uw, t);
    }
    /* These two define their own decoding of the path as written. */
    if (rd->decode == RP_REDIR_PROOFPOINT3) {
	rest = rp_redirect_rest(url, url->path ? url->path : "", 0);
	if ((t = rp_redirect_proofpoint3(rest)) != NULL)
	    rp_redirect_add(uw, t);
	free(rest);
    } else if (rd->decode == RP_REDIR_PATH
	       && (t = rp_redirect_path_url(url->path ? url->path : "")) != NULL)
	rp_redirect_add(uw, t);
    for (i = 0; i < rd->params.n; i++)
	for (n = 0; !uw->capped && (raw = rp_url_param_at(url, rd->params.v[i], n,
				   rd->decode != RP_REDIR_PROOFPOINT2)) != NULL; n++) {
	    if (rd->decode == RP_REDIR_PROOFPOINT2) {
		t = rp_redirect_proofpoint2(raw);
		free(raw);
		raw = t;
	    }
	    if (*raw)
		rp_redirect_add(uw, raw);
	    else
		free(raw);
	}
}

/* rp_redirect_path - the URL's path decoded once ("/" for none); caller frees */
static char *rp_redirect_path(const rp_url *url)
{
    return url->path && *url->path ? rp_url_decode(url->path, strlen(url->path))
	: rp_strdup("/");
}

/* rp_redirect_find - the redirector entry of host: by suffix, or by registrable label */
static const rp_dom *rp_redirect_find(const rp_brands *brands, const char *host, int *by_label)
{
    const rp_dom *dom;
    const char *reg, *dot;
    char    key[RP_LABEL_MAX + 3];
    rp_dname dn;

    dn.ascii[0] = 0;
    if ((dom = rp_brands_lookup(brands, host, RP_DOM_REDIRECTOR, &dn)) != NULL
	|| dn.ascii[0] == 0)
	return dom;
    reg = rp_brands_registrable(brands, dn.ascii);
    if ((dot = strchr(reg, '.')) == NULL || (size_t) (dot - reg) > RP_LABEL_MAX
	|| !psl_is_public_suffix2(brands->psl, dot + 1, PSL_TYPE_ICANN | PSL_TYPE_NO_STAR_RULE))
	return NULL;
    snprintf(key, sizeof(key), "%.*s.*", (int) (dot - reg), reg);
    *by_label = 1;
    return rp_brands_walk(brands, key, RP_DOM_REDIRECTOR);
}

/* rp_brands_unwrap - url goes through a redirector: what it carries */
int     rp_brands_unwrap(const rp_brands *brands, const rp_url *url, rp_unwrap *uw)
{
    const rp_dom *dom;
    const rp_redir *rd = NULL;
    char   *path;
    size_t  i;

    memset(uw, 0, sizeof(*uw));
    if (url == NULL || url->host_kind != RP_HOST_NAME
	|| (dom = rp_redirect_find(brands, url->host, &uw->by_label)) == NULL)
	return 0;
    /* "/%75rl" is Google's /url to its server: match the path as read. */
    path = rp_redirect_path(url);
    for (i = 0; rd == NULL && i < dom->nredirs; i++)
	if (rp_redirect_serves(dom->redirs + i, path))
	    rd = dom->redirs + i;
    if (rd == NULL) {
	free(path);
	return 0;
    }
    uw->name = rd->name;
    if (rd->hidden)
	uw->hidden = 1;
    else if (rd->params.n == 0 && rd->tails.n == 0 && rd->decode == RP_REDIR_PERCENT)
	uw->tracker = 1;
    else
	rp_redirect_read(rd, url, path, uw);
    free(path);
    return 1;
}

/* rp_redirect_label - the registrable label of an entry's name into out */
static size_t rp_redirect_label(const rp_brands *brands, const char *name, char *out)
{
    const char *reg = strstr(name, ".*") ? name : rp_brands_registrable(brands, name);
    size_t  n = strcspn(reg, ".");

    if (n > RP_LABEL_MAX)
	n = RP_LABEL_MAX;
    memcpy(out, reg, n);
    out[n] = 0;
    return n;
}

/* rp_redirect_shaped - a rule of dom answers at path and reads something there */
static const rp_redir *rp_redirect_shaped(const rp_dom *dom, const rp_url *url,
					  const char *path, rp_unwrap *uw)
{
    size_t  i;

    for (i = 0; i < dom->nredirs; i++)
	if (!dom->redirs[i].hidden && (dom->redirs[i].path || dom->redirs[i].tails.n)
	    && rp_redirect_serves(dom->redirs + i, path)) {
	    rp_redirect_read(dom->redirs + i, url, path, uw);
	    if (uw->ntargets > 0)
		return dom->redirs + i;
	}
    return NULL;
}

/*
 * rp_brands_imitated_redirector - url is no redirector, but has the shape
 * of one (its path, a target there) on a host whose registrable label is
 * that redirector's or one edit from it (goog1e.com/url?q=...): the
 * redirector's name, with what it would carry in uw (rp_unwrap_free() in
 * any case); NULL otherwise.  Only links that carry "http" past their
 * host are compared, so ordinary links cost one search.
 */
const char *rp_brands_imitated_redirector(const rp_brands *brands, const rp_url *url,
					  rp_unwrap *uw, char *genuine, size_t size)
{
    const rp_dom *dom;
    const rp_redir *rd;
    char    label[RP_LABEL_MAX + 1], theirs[RP_LABEL_MAX + 1], *path;
    size_t  i, n, m;
    int     edits;
    rp_dname dn;

    memset(uw, 0, sizeof(uw[0]));
    if (brands == NULL || url == NULL || url->host_kind != RP_HOST_NAME
	|| (strstr(url->path ? url->path : "", "http") == NULL
	    && strstr(url->query ? url->query : "", "http") == NULL)
	|| rp_host_normalize(url->host, &dn, NULL, 0) < 0)
	return NULL;
    n = rp_redirect_label(brands, dn.ascii, label);
    path = rp_redirect_path(url);
    for (i = 0; i < brands->nslots; i++) {
	if ((dom = brands->slots[i]) == NULL || !(dom->kinds & RP_DOM_REDIRECTOR)
	    || (m = rp_redirect_label(brands, dom->name, theirs)) < 5 || n < 5)
	    continue;
	if (strcmp(label, theirs) != 0
	    && (rp_letters_distance((const unsigned char (*)[256]) brands->sub_cost,
				    label, n, theirs, m, &edits), edits > 1))
	    continue;
	if ((rd = rp_redirect_shaped(dom, url, path, uw)) != NULL) {
	    snprintf(genuine, size, "%s", dom->name);
	    free(path);
	    return rd->name ? rd->name : dom->name;
	}
	rp_unwrap_free(uw);
    }
    free(path);
    return NULL;
}

/* rp_unwrap_free - release the targets */
void    rp_unwrap_free(rp_unwrap *uw)
{
    size_t  i;

    for (i = 0; i < uw->ntargets; i++)
	free(uw->targets[i]);
    uw->ntargets = 0;
}

/* rp_brands_redirector - url goes through a redirector; its first target */
int     rp_brands_redirector(const rp_brands *brands, const rp_url *url, char **target)
{
    rp_unwrap uw;
    int     found = rp_brands_unwrap(brands, url, &uw);

    *target = NULL;
    if (uw.ntargets > 0) {
	*target = uw.targets[0];
	uw.targets[0] = NULL;
    }
    rp_unwrap_free(&uw);
    return found;
}
