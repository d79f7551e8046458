/*
 * NAME
 *	rp_qr 3h
 * SUMMARY
 *	QR codes in PNG, JPEG and GIF images (gdk-pixbuf, zbar)
 * SYNOPSIS
 *	#include "rp_qr.h"
 * DESCRIPTION
 *	rp_qr_image() decodes one image of a type the caller chose and
 *	hands the text of every QR code in it to the sink; *pixels is set
 *	to the pixels it decoded (0 when none).
 */
#ifndef RP_QR_H
#define RP_QR_H

#include <stddef.h>
#include "rp_attach_sink.h"

typedef enum rp_qr_type {
    RP_QR_PNG,
    RP_QR_JPEG,
    RP_QR_GIF
} rp_qr_type;

/* rp_qr_image - RP_QR_OK, or what stopped the decoding */
#define RP_QR_OK	0
#define RP_QR_BROKEN	1		/* not a decodable image of that type */
#define RP_QR_PIXELS	2		/* more than max_pixels: not decoded */
int     rp_qr_image(const char *data, size_t len, rp_qr_type type,
		    size_t max_pixels, size_t *pixels, const rp_attach_sink *sink);

#endif
