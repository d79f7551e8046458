/*
 * NAME
 *	rp_prescan 3h
 * SUMMARY
 *	hostile raw input made safe for GMime's parser
 * SYNOPSIS
 *	#include "rp_prescan.h"
 * DESCRIPTION
 *	rp_prescan_edit() reads a raw message once, the way GMime's parser
 *	will, and returns the copy GMime should read instead: multiparts
 *	nested deeper than max_depth flattened into the deepest one
 *	allowed (every leaf stays a part), parts with nothing to read left
 *	out past the first 10,000, NUL bytes dropped from headers, header
 *	fields cut after RP_HEADER_MAX bytes, the blank line missing after
 *	the top-level headers inserted.  Well-formed messages need no edit
 *	and are never copied.
 */
#ifndef RP_PRESCAN_H
#define RP_PRESCAN_H

#include <stddef.h>

/*
 * rp_prescan_edit - NULL when msg (*len bytes) needs no edit, else the
 * edited copy, caller frees, with *len set to its length.  The RP_MSG_*
 * flags the edits stand for are added to *flags.
 */
char   *rp_prescan_edit(const char *msg, size_t *len, size_t max_depth,
			unsigned *flags);

#endif
