/*
 * NAME
 *	rp_url 3h
 * SUMMARY
 *	URL parsing and URL discovery in text
 * SYNOPSIS
 *	#include "rp_url.h"
 * DESCRIPTION
 *	rp_url_parse() splits a URL into parts the checks need, the way a
 *	browser would read it (WHATWG-style leniency: backslashes,
 *	whitespace, percent-encoded hosts, IPv4 in decimal/hex/octal and
 *	short forms).  rp_url_scan_text() finds URLs a reader would see in
 *	plain text.  No DNS, no allocation beyond the returned parts.
 */
#ifndef RP_URL_H
#define RP_URL_H

#include <stddef.h>

typedef enum rp_host_kind {
    RP_HOST_NAME,		/* a domain name (ASCII or Unicode) */
    RP_HOST_IPV4,		/* normalised to dotted quad in host */
    RP_HOST_IPV6		/* without brackets in host */
} rp_host_kind;

typedef struct rp_url {
    char   *scheme;		/* lowercased; "" for scheme-less www. URLs */
    char   *userinfo;		/* percent-decoded; NULL if none */
    char   *host;		/* lowercased, percent-decoded, no trailing dot */
    rp_host_kind host_kind;
    char   *path;		/* as written, "" if none */
    char   *query;		/* without '?', NULL if none */
} rp_url;

/* rp_url_parse - 0 on success; -1 when s has no usable host (url untouched) */
int     rp_url_parse(const char *s, size_t len, rp_url *url);
void    rp_url_free(rp_url *url);

/* rp_url_param - percent-decoded value of a query parameter, or NULL; caller frees */
char   *rp_url_param(const rp_url *url, const char *name);

/* rp_url_param_at - the n-th value of parameter name, decoded once or raw; caller frees */
char   *rp_url_param_at(const rp_url *url, const char *name, size_t n, int decode);

/* rp_url_decode - s with each %XX decoded once; caller frees */
char   *rp_url_decode(const char *s, size_t len);

/* rp_url_scan_text - call found() for each URL a reader sees in text */
typedef void (*rp_url_found)(void *ctx, const char *url, size_t len);
void    rp_url_scan_text(const char *text, size_t len, rp_url_found found, void *ctx);

/*
 * rp_url_text_host - when visible text (anchor text) shows a URL or a
 * bare domain name ("https://pypi.org/x", "www.npmjs.com",
 * "pypi.org"), copy its lowercased host into host and return 1;
 * otherwise 0.
 */
int     rp_url_text_host(const char *text, char *host, size_t host_size);

#endif
