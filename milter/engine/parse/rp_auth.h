/*
 * NAME
 *	rp_auth 3h
 * SUMMARY
 *	Authentication-Results (RFC 8601) parsing
 * SYNOPSIS
 *	#include "rp_auth.h"
 * DESCRIPTION
 *	rp_auth_parse() reads one Authentication-Results header value:
 *	the authserv-id and each method result (spf, dkim, dmarc, ...) with
 *	the domain it concerns (header.d, header.from, smtp.mailfrom's
 *	domain, header.i's domain).  Comments are skipped, quoted strings
 *	honoured, bounded work on hostile input.  Trust is the caller's
 *	business: only results whose authserv-id is configured as trusted
 *	may be used, and only from a header that the site's own servers
 *	added, which its place among the Received headers tells
 *	(rp_features' auth_hop; rp_check_auth.c).
 */
#ifndef RP_AUTH_H
#define RP_AUTH_H

#include <stddef.h>

typedef struct rp_auth_result {
    char    method[16];		/* "dkim", "spf", "dmarc", lowercased */
    char    result[16];		/* "pass", "fail", "none", ... lowercased */
    char    domain[256];	/* lowercased domain the result is for, "" if none */
} rp_auth_result;

/*
 * rp_auth_parse - parse value; the authserv-id goes to authserv_id
 * (lowercased), up to max results to out.  Returns the number of
 * results stored, or -1 when the value has no authserv-id.
 */
int     rp_auth_parse(const char *value, char *authserv_id, size_t id_size,
		      rp_auth_result *out, size_t max);

#endif
