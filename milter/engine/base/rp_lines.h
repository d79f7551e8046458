/*
 * NAME
 *	rp_lines 3h
 * SUMMARY
 *	the one reader of regphish's line-oriented files
 * SYNOPSIS
 *	#include "rp_lines.h"
 * DESCRIPTION
 *	regphish.conf, symbols.conf, brands.conf, hosting.conf,
 *	shorteners.conf, redirectors.conf and lures.rules share one syntax
 *	for lines and comments; rp_lines_read() applies it and hands each
 *	remaining line to the file's own parser.
 */
#ifndef RP_LINES_H
#define RP_LINES_H

#include "regphish.h"

#define RP_LINES_MAX	65536		/* bytes in one line */

/* Where a line came from, for error messages. */
typedef struct rp_line_at {
    const char *file;
    unsigned line;
} rp_line_at;

/*
 * rp_line_fn - parse one line (comment removed, trimmed, never empty);
 * the parser may modify it.  Returns RP_OK or an error, having filled
 * *err with rp_set_error(err, at->file, at->line, ...).
 */
typedef rp_status (*rp_line_fn) (void *ctx, char *line, const rp_line_at *at,
				 rp_error *err);

/*
 * rp_lines_read - read path and call each() for every line that is not
 * blank or a comment.  A missing file is RP_OK when required is 0.
 */
rp_status rp_lines_read(const char *path, int required, rp_line_fn each, void *ctx,
			rp_error *err);

#endif
