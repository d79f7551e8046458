/*
 * NAME
 *	rp_attach 3h
 * SUMMARY
 *	links and text in attached files: HTML, PDF, SVG, calendars, QR codes
 * SYNOPSIS
 *	#include "rp_attach.h"
 * DESCRIPTION
 *	rp_attach_read() tells from a part's labels and its bytes whether
 *	it is a file one of the readers reads, reads it within the limits
 *	and adds its links (RP_LINK_IN_* says where they were) and text to
 *	the features; rp_attach_origin() words that origin for reasons.
 */
#ifndef RP_ATTACH_H
#define RP_ATTACH_H

#include <stddef.h>
#include "rp_features.h"

/* Limits of the files read (from the config, which allows no 0). */
typedef struct rp_attach_limits {
    unsigned max_attachments;	/* files read per message */
    size_t  max_pdf_bytes;	/* bytes of one PDF given to poppler */
    size_t  max_markup_bytes;	/* bytes of one SVG or calendar parsed */
    size_t  max_image_bytes;	/* bytes of one image decoded */
    unsigned max_pdf_pages;	/* pages of one PDF read */
    size_t  max_image_pixels;	/* pixels of one image decoded */
} rp_attach_limits;

/* How the MIME reader takes text and HTML: as it takes its own parts'. */
typedef void (*rp_attach_body) (void *ctx, const char *utf8, size_t len, int html);

typedef struct rp_attach_ctx {
    rp_features *f;
    const rp_limits *limits;
    const rp_attach_limits *files;	/* NULL: no file read */
    rp_attach_body body;
    void   *ctx;			/* body()'s */
    unsigned count;			/* files met so far */
    unsigned depth;			/* data: URLs being read */
    size_t  pixels;			/* image pixels decoded so far */
} rp_attach_ctx;

void    rp_attach_init(rp_attach_ctx *a, rp_features *f, const rp_limits *limits,
		       const rp_attach_limits *files, rp_attach_body body, void *ctx);

/*
 * rp_attach_read - a decoded leaf, labelled type (NULL: none) and
 * file name (NULL: none); attached: the part is a file (a disposition
 * of attachment, or a name); html: the MIME reader reads it as HTML.
 * Returns 1 when it was read here (the MIME reader reads it no
 * further), 0 when it is none of these files.
 */
int     rp_attach_read(rp_attach_ctx *a, const char *type, const char *name,
		       int attached, int html, const char *data, size_t len);

/* rp_attach_origin - " in a PDF attachment" and the like, "" for none */
const char *rp_attach_origin(unsigned link_flags);

#endif
