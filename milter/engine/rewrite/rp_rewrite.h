/*
 * NAME
 *	rp_rewrite 3h
 * SUMMARY
 *	defang deceptive links and add a warning banner (engine side)
 * SYNOPSIS
 *	#include "rp_rewrite.h"
 * DESCRIPTION
 *	No libmilter here: the milter hands the result to smfi_replacebody(),
 *	the CLI may print it.
 */
#ifndef RP_REWRITE_H
#define RP_REWRITE_H

#include <stddef.h>
#include "regphish.h"

/* rp_rewrite_defang - "https://a.example/x" -> "hxxps://a[.]example/x"; caller frees */
char   *rp_rewrite_defang(const char *url);

/*
 * rp_rewrite_urls - the message body (everything after the header block) with
 * every link whose target is one of urls[] defanged and banner put at the
 * top of each text/plain and text/html part.  The top-level header stays
 * valid for the new body (same MIME type, boundary and transfer encoding).
 * *body is NUL-terminated, CRLF line ends, caller frees.  max_depth bounds
 * multipart nesting; deeper parts are copied unchanged.
 */
rp_status rp_rewrite_urls(const char *message, size_t length,
			  const char *const *urls, size_t nurls, const char *banner,
			  unsigned max_depth, char **body, size_t *body_len);

#endif
