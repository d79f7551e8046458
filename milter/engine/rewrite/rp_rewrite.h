/*
 * NAME
 *	rp_rewrite 3h
 * SUMMARY
 *	defang deceptive links and add a warning banner (engine side)
 * SYNOPSIS
 *	#include "rp_rewrite.h"
 * DESCRIPTION
 *	No libmilter here: the milter hands the result to smfi_replacebody(),
 *	the CLI may print it.  rp_rewrite() itself is declared in
 *	regphish.h.
 */
#ifndef RP_REWRITE_H
#define RP_REWRITE_H

#include <stddef.h>
#include "regphish.h"

/*
 * rp_rewrite_urls - the message body (everything after the header block)
 * with every link that goes where one of urls[] goes disabled, in every
 * part detection reads, and banner put at the top of each text/plain and
 * HTML part a reader is shown.  The top-level header stays valid for the
 * new body (same MIME type, boundary, charset and transfer encoding).
 * *body holds *body_len bytes (NUL bytes among them when the message had
 * some), then a NUL; CRLF line ends; caller frees.  max_depth is the
 * MIME depth detection reads to (rp_prescan_edit()).
 */
rp_status rp_rewrite_urls(const char *message, size_t length,
			  const char *const *urls, size_t nurls, const char *banner,
			  unsigned max_depth, char **body, size_t *body_len);

#endif
