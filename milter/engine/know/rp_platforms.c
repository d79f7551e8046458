/*
 * NAME
 *	rp_platforms 3
 * SUMMARY
 *	platforms.conf: how a platform's notifications are marked, where its
 *	users' text ends, and what its pages lead to
 * SYNOPSIS
 *	#include "rp_platforms.h"
 *
 *	rp_platforms *rp_platforms_new(void)
 *	void	rp_platforms_free(rp_platforms *platforms)
 *	rp_status rp_platforms_load_dir(rp_platforms *platforms,
 *					const char *dir, rp_error *err)
 *	const rp_platform *rp_platforms_of(const rp_platforms *platforms,
 *					   const char *brand)
 *	int	rp_platform_marks(const rp_platform *p, const char *name,
 *				  const char *value)
 *	rp_platform_page rp_platform_page_of(const rp_platform *p,
 *					     const rp_url *u)
 * DESCRIPTION
 *	rp_platforms_load_dir() reads DIR/platforms.conf when there is one
 *	(rules/platforms.conf says the format); a "platform" line naming a
 *	platform already loaded continues its block, so a local file adds
 *	to the shipped one.  Footers are kept in lower case.
 *
 *	rp_platform_marks() is true for a header the platform names, and
 *	for a List-Id whose id ("<...>", or the whole value) ends in one of
 *	its List-Id domains after a dot.
 *
 *	rp_platform_page_of() reads the link's host and path (percent
 *	escapes decoded, repeated and final slashes folded, any case)
 *	against the consent, device and pages lines: HOST matches that host,
 *	"*.HOST" any subdomain of it; a PATH is a prefix of whole segments,
 *	"*" standing for any one segment.  Consent wins over the others.
 *	A query parameter that leads on to a page of the same host (a path,
 *	or a URL of that host: GitHub's "/login?return_to=...") is read the
 *	same way, one level deep.
 *
 *	rp_platforms_pose() looks for the platform's name followed by one
 *	of the "staff" phrases (lines before the first block, for every
 *	platform) in normalised text, a space between them or none, and
 *	returns the phrase found.
 * DIAGNOSTICS
 *	Unknown keys, a line outside a block, a footer without its quotes,
 *	a bad mentions count: RP_ERR_SYNTAX with file and line in *err.
 */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rp_lines.h"
#include "rp_platforms.h"
#include "rp_util.h"

#define PLATFORM_PATH_MAX 512		/* bytes of a link's path compared */

struct rp_platforms {
    rp_platform *p;
    size_t  n, cap;
    char  **staff;			/* "security team": how staff sign, lower case */
    size_t  nstaff;
    rp_platform *current;		/* the block being read */
};

/* rp_platforms_new - no platforms */
rp_platforms *rp_platforms_new(void)
{
    return rp_calloc(1, sizeof(rp_platforms));
}

/* free_list - a list of strings */
static void free_list(char **list, size_t n)
{
    size_t  i;

    for (i = 0; i < n; i++)
	free(list[i]);
    free(list);
}

/* rp_platforms_free - release everything (NULL is fine) */
void    rp_platforms_free(rp_platforms *platforms)
{
    rp_platform *p;
    size_t  i, k;

    if (platforms == NULL)
	return;
    for (i = 0; i < platforms->n; i++) {
	p = platforms->p + i;
	free(p->brand);
	free_list(p->headers, p->nheaders);
	free_list(p->listids, p->nlistids);
	free_list(p->footers, p->nfooters);
	for (k = 0; k < 4; k++)
	    free_list(p->pages[k], p->npages[k]);
    }
    free(platforms->p);
    free_list(platforms->staff, platforms->nstaff);
    free(platforms);
}

/* push - append a copy of s, in lower case when lower, to a list */
static void push(char ***list, size_t *n, const char *s, int lower)
{
    *list = rp_realloc(*list, (*n + 1) * sizeof(char *));
    (*list)[*n] = rp_strdup(s);
    if (lower)
	rp_ascii_lowercase((*list)[*n]);
    (*n)++;
}

/* rp_platforms_of - the platform of a brand, or NULL */
const rp_platform *rp_platforms_of(const rp_platforms *platforms, const char *brand)
{
    size_t  i;

    for (i = 0; platforms != NULL && brand != NULL && i < platforms->n; i++)
	if (rp_ascii_casecmp(platforms->p[i].brand, brand) == 0)
	    return platforms->p + i;
    return NULL;
}

/* start_block - a "platform BRAND" line: a new block, or the one of that brand */
static void start_block(rp_platforms *platforms, const char *brand)
{
    rp_platform *p = (rp_platform *) rp_platforms_of(platforms, brand);

    if (p == NULL) {
	platforms->p = rp_array_grow(platforms->p, &platforms->cap, platforms->n,
				     sizeof(*platforms->p));
	p = platforms->p + platforms->n++;
	memset(p, 0, sizeof(*p));
	p->brand = rp_strdup(brand);
    }
    platforms->current = p;
}

/* quoted - the phrase between double quotes, in place, or NULL */
static char *quoted(char *arg)
{
    size_t  len = strlen(arg);

    if (len < 3 || arg[0] != '"' || arg[len - 1] != '"')
	return NULL;
    arg[len - 1] = 0;
    return arg + 1;
}

/* set_mentions - "mentions N", N in 2..1000 */
static int set_mentions(rp_platform *p, const char *arg)
{
    char   *end;
    long    n = strtol(arg, &end, 10);

    if (*end || end == arg || n < 2 || n > 1000)
	return -1;
    p->mentions = (unsigned) n;
    return 0;
}

/* platform_line - one line of platforms.conf */
static rp_status platform_line(void *ctx, char *line, const rp_line_at *at, rp_error *err)
{
    rp_platforms *platforms = ctx;
    rp_platform *p = platforms->current;
    char   *key = line, *arg, *phrase;

    arg = line + strcspn(line, " \t");
    if (*arg)
	*arg++ = 0;
    arg += strspn(arg, " \t");
    if (*arg == 0) {
	rp_set_error(err, at->file, at->line, "\"%s\" needs a value", key);
	return RP_ERR_SYNTAX;
    }
    if (strcmp(key, "platform") == 0) {
	start_block(platforms, arg);
	return RP_OK;
    }
    if (strcmp(key, "staff") == 0 && p == NULL) {
	if ((phrase = quoted(arg)) == NULL) {
	    rp_set_error(err, at->file, at->line, "staff wants a \"quoted phrase\"");
	    return RP_ERR_SYNTAX;
	}
	push(&platforms->staff, &platforms->nstaff, phrase, 1);
	return RP_OK;
    }
    if (p == NULL) {
	rp_set_error(err, at->file, at->line, "\"%s\" before any \"platform\" line", key);
	return RP_ERR_SYNTAX;
    }
    if (strcmp(key, "header") == 0)
	push(&p->headers, &p->nheaders, arg, 0);
    else if (strcmp(key, "listid") == 0)
	push(&p->listids, &p->nlistids, arg, 1);
    else if (strcmp(key, "consent") == 0)
	push(&p->pages[RP_PLATFORM_PAGE_CONSENT], &p->npages[RP_PLATFORM_PAGE_CONSENT],
	     arg, 1);
    else if (strcmp(key, "device") == 0)
	push(&p->pages[RP_PLATFORM_PAGE_DEVICE], &p->npages[RP_PLATFORM_PAGE_DEVICE],
	     arg, 1);
    else if (strcmp(key, "pages") == 0)
	push(&p->pages[RP_PLATFORM_PAGE_USER], &p->npages[RP_PLATFORM_PAGE_USER],
	     arg, 1);
    else if (strcmp(key, "footer") == 0) {
	if ((phrase = quoted(arg)) == NULL) {
	    rp_set_error(err, at->file, at->line, "footer wants a \"quoted phrase\"");
	    return RP_ERR_SYNTAX;
	}
	push(&p->footers, &p->nfooters, phrase, 1);
    } else if (strcmp(key, "mentions") == 0) {
	if (set_mentions(p, arg) != 0) {
	    rp_set_error(err, at->file, at->line, "mentions wants a count in 2..1000");
	    return RP_ERR_SYNTAX;
	}
    } else {
	rp_set_error(err, at->file, at->line, "unknown key \"%s\"", key);
	return RP_ERR_SYNTAX;
    }
    return RP_OK;
}

/* rp_platforms_load_dir - DIR/platforms.conf, when there is one */
rp_status rp_platforms_load_dir(rp_platforms *platforms, const char *dir, rp_error *err)
{
    char    path[PATH_MAX];
    rp_status status;

    snprintf(path, sizeof(path), "%s/platforms.conf", dir);
    platforms->current = NULL;
    status = rp_lines_read(path, 0, platform_line, platforms, err);
    platforms->current = NULL;
    return status;
}

/* under - name is domain or ends in ".domain" (any case) */
static int under(const char *name, size_t len, const char *domain)
{
    size_t  dlen = strlen(domain);

    if (len < dlen || rp_ascii_ncasecmp(name + len - dlen, domain, dlen) != 0)
	return 0;
    return len == dlen || name[len - dlen - 1] == '.';
}

/* rp_platform_marks - a header that marks p's notifications */
int     rp_platform_marks(const rp_platform *p, const char *name, const char *value)
{
    const char *id = value, *open, *close;
    size_t  i, len;

    for (i = 0; i < p->nheaders; i++)
	if (rp_ascii_casecmp(p->headers[i], name) == 0)
	    return 1;
    if (rp_ascii_casecmp(name, "List-Id") != 0)
	return 0;
    if ((open = strrchr(value, '<')) != NULL && (close = strchr(open, '>')) != NULL) {
	id = open + 1;
	len = (size_t) (close - id);
    } else {
	len = strlen(value);
	while (len > 0 && (value[len - 1] == ' ' || value[len - 1] == '\t'))
	    len--;
    }
    for (i = 0; i < p->nlistids; i++)
	if (under(id, len, p->listids[i]))
	    return 1;
    return 0;
}

/*
 * fold_path - path as the platform routes it: escapes decoded, lower
 * case, no double '/', up to its query or fragment
 */
static void fold_path(const char *path, char *out, size_t size)
{
    size_t  n = 0;
    int     c, hi, lo;

    while (*path && *path != '#' && *path != '?' && n + 1 < size) {
	c = (unsigned char) *path++;
	if (c == '%' && (hi = rp_hex_value(path[0])) >= 0 && (lo = rp_hex_value(path[1])) >= 0) {
	    c = hi * 16 + lo;
	    path += 2;
	}
	if (c == '\\')
	    c = '/';			/* as a browser reads it */
	if (c == '/' && n > 0 && out[n - 1] == '/')
	    continue;
	out[n++] = (char) (c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    while (n > 0 && out[n - 1] == '/')
	n--;
    out[n] = 0;
}

/* path_matches - pattern's segments ("*": any one) begin path */
static int path_matches(const char *pat, const char *path)
{
    size_t  plen, slen;

    for (;;) {
	while (*pat == '/')
	    pat++;
	while (*path == '/')
	    path++;
	if (*pat == 0)
	    return 1;
	plen = strcspn(pat, "/");
	slen = strcspn(path, "/");
	if (slen == 0)
	    return 0;
	if (!(plen == 1 && *pat == '*') && (plen != slen || strncmp(pat, path, plen) != 0))
	    return 0;
	pat += plen;
	path += slen;
    }
}

/* page_matches - "HOST[/PATH]" or "*.HOST[/PATH]" matches host and folded path */
static int page_matches(const char *pattern, const char *host, const char *path)
{
    const char *slash = strchr(pattern, '/');
    size_t  hlen = slash ? (size_t) (slash - pattern) : strlen(pattern);
    size_t  len = strlen(host);
    char    want[256];

    if (hlen >= sizeof(want))
	return 0;
    if (pattern[0] == '*' && pattern[1] == '.') {
	memcpy(want, pattern + 2, hlen - 2);
	want[hlen - 2] = 0;
	if (!under(host, len, want) || len == hlen - 2)
	    return 0;
    } else if (len != hlen || rp_ascii_ncasecmp(host, pattern, hlen) != 0) {
	return 0;
    }
    return slash == NULL || path_matches(slash, path);
}

/* page_by_path - what host and a folded path of p lead to */
static rp_platform_page page_by_path(const rp_platform *p, const char *host,
				             const char *path)
{
    static const rp_platform_page order[] = {
	RP_PLATFORM_PAGE_CONSENT, RP_PLATFORM_PAGE_DEVICE, RP_PLATFORM_PAGE_USER
    };
    size_t  i, k;

    for (k = 0; k < sizeof(order) / sizeof(order[0]); k++)
	for (i = 0; i < p->npages[order[k]]; i++)
	    if (page_matches(p->pages[order[k]][i], host, path))
		return order[k];
    return RP_PLATFORM_PAGE_OWN;
}

/*
 * page_by_query - a query parameter that sends the reader on to a page
 * of the same host ("/login?return_to=/login/oauth/authorize..."): what
 * that page is.  One level: the page reached is read by its path only.
 */
static rp_platform_page page_by_query(const rp_platform *p, const rp_url *u)
{
    char    path[PLATFORM_PATH_MAX], *value;
    const char *q = u->query, *v, *end;
    rp_platform_page page;
    rp_url  next;

    while (q != NULL && *q) {
	end = q + strcspn(q, "&;");
	if ((v = memchr(q, '=', (size_t) (end - q))) != NULL) {
	    v++;
	    value = rp_url_decode(v, (size_t) (end - v));
	    page = RP_PLATFORM_PAGE_OWN;
	    if (value[0] == '/') {
		fold_path(value, path, sizeof(path));
		page = page_by_path(p, u->host, path);
	    } else if (rp_url_parse(value, strlen(value), &next) == 0) {
		if (rp_ascii_casecmp(next.host, u->host) == 0) {
		    fold_path(next.path ? next.path : "", path, sizeof(path));
		    page = page_by_path(p, next.host, path);
		}
		rp_url_free(&next);
	    }
	    free(value);
	    if (page != RP_PLATFORM_PAGE_OWN)
		return page;
	}
	q = *end ? end + 1 : end;
    }
    return RP_PLATFORM_PAGE_OWN;
}

/* rp_platform_page_of - what a link to p's domains leads to */
rp_platform_page rp_platform_page_of(const rp_platform *p, const rp_url *u)
{
    char    path[PLATFORM_PATH_MAX];
    rp_platform_page page;

    fold_path(u->path ? u->path : "", path, sizeof(path));
    if ((page = page_by_path(p, u->host, path)) != RP_PLATFORM_PAGE_OWN)
	return page;
    return page_by_query(p, u);
}

/* rp_platforms_pose - a staff phrase after the platform's name in text, or NULL */
const char *rp_platforms_pose(const rp_platforms *platforms, const char *name,
			              const char *text, size_t len)
{
    size_t  nlen = strlen(name), i, k, at, slen;

    if (nlen == 0)
	return NULL;
    for (i = 0; i + nlen < len; i++) {
	if (rp_ascii_ncasecmp(text + i, name, nlen) != 0 || (i > 0 && text[i - 1] != ' '))
	    continue;
	at = i + nlen;
	if (at + 2 <= len && text[at] == '\'' && text[at + 1] == 's')
	    at += 2;
	else if (at + 4 <= len && memcmp(text + at, "\xe2\x80\x99s", 4) == 0)
	    at += 4;
	if (at < len && text[at] == ' ')
	    at++;			/* "GitHubセキュリティチーム" has none */
	for (k = 0; k < platforms->nstaff; k++) {
	    slen = strlen(platforms->staff[k]);
	    if (at + slen <= len && memcmp(text + at, platforms->staff[k], slen) == 0
		&& (at + slen == len || !((text[at + slen] >= 'a' && text[at + slen] <= 'z')
					  || (text[at + slen] >= '0' && text[at + slen] <= '9'))))
		return platforms->staff[k];
	}
    }
    return NULL;
}
