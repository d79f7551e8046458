/*
 * NAME
 *	rp_attach_sink 3h
 * SUMMARY
 *	where the readers of attached files put what they find
 * SYNOPSIS
 *	#include "rp_attach_sink.h"
 * DESCRIPTION
 *	The file readers (rp_pdf, rp_svg, rp_ics, rp_qr) know nothing of
 *	features or MIME: they hand text and links to an rp_attach_sink,
 *	which rp_attach(3) implements on the message's features.  text()
 *	is text the file shows its reader (any bytes: the sink makes them
 *	valid UTF-8), and URLs in it are links; scan() looks for URLs only
 *	(scripts, raw bytes); html() reads HTML the file holds; link() is
 *	one link the file's structure names (an annotation, an href), as
 *	written: a data: URL is read in turn by the sink, within its depth.
 *	flags are RP_LINK_* bits of how the link was written.
 */
#ifndef RP_ATTACH_SINK_H
#define RP_ATTACH_SINK_H

#include <stddef.h>

typedef struct rp_attach_sink {
    void    (*text) (void *ctx, const char *data, size_t len);
    void    (*scan) (void *ctx, const char *data, size_t len);
    void    (*html) (void *ctx, const char *data, size_t len);
    void    (*link) (void *ctx, const char *url, size_t len, unsigned flags);
    void   *ctx;
} rp_attach_sink;

#endif
