/*
 * NAME
 *	rp_bidi 3h
 * SUMMARY
 *	text in the order its reader sees it, bidi controls resolved
 * SYNOPSIS
 *	#include "rp_bidi.h"
 * DESCRIPTION
 *	A right-to-left override (U+202E ... U+202C) shows "moc.sjmpn" as
 *	"npmjs.com".  rp_bidi_visual() gives what the reader sees, for
 *	matching; rp_bidi_open tracks which explicit controls are open at
 *	some point of a text, so that a piece cut out of it (an anchor's
 *	text) can be read under the same ones.
 */
#ifndef RP_BIDI_H
#define RP_BIDI_H

#include <stddef.h>

#include "rp_util.h"

#define RP_BIDI_CONTROLS	(1 << 0)	/* bidi controls were removed */
#define RP_BIDI_OVERRIDE	(1 << 1)	/* an override (RLO, LRO) governs text */

/*
 * rp_bidi_visual - append to out the len bytes of UTF-8 at s as their
 * reader sees them: each run of an explicit override (RLO or LRO, up to
 * its PDF, the PDI of an enclosing isolate, or the end of the
 * paragraph) in visual order, and every bidi control (U+200E, U+200F,
 * U+061C, U+202A-U+202E, U+2066-U+2069) removed.  Returns RP_BIDI_*
 * flags (0: s was appended unchanged).
 */
int     rp_bidi_visual(const char *s, size_t len, rp_buf *out);

/* rp_bidi_rewrite - rp_bidi_visual() of buf from offset from, in place */
int     rp_bidi_rewrite(rp_buf *buf, size_t from);

#define RP_BIDI_OPEN_MAX	16	/* open controls tracked */

/* The explicit controls open at the end of the text fed so far. */
typedef struct rp_bidi_open {
    unsigned cp[RP_BIDI_OPEN_MAX];	/* the opening controls, outermost first */
    size_t  depth;
    size_t  overflow;			/* opened past RP_BIDI_OPEN_MAX */
} rp_bidi_open;

/* rp_bidi_open_feed - follow the controls of the len bytes at s (a new paragraph closes all) */
void    rp_bidi_open_feed(rp_bidi_open *open, const char *s, size_t len);

/*
 * rp_bidi_open_text - the open controls as UTF-8 into buf (at least
 * 3 * RP_BIDI_OPEN_MAX + 1 bytes), NUL-terminated; returns its length.
 */
size_t  rp_bidi_open_text(const rp_bidi_open *open, char *buf);

#endif
