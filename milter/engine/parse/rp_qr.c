/*
 * NAME
 *	rp_qr 3
 * SUMMARY
 *	QR codes in PNG, JPEG and GIF images (gdk-pixbuf, zbar)
 * SYNOPSIS
 *	#include "rp_qr.h"
 *
 *	int	rp_qr_image(const char *data, size_t len, rp_qr_type type,
 *			    size_t max_pixels, size_t *pixels,
 *			    const rp_attach_sink *sink)
 * DESCRIPTION
 *	rp_qr_image() decodes len bytes as an image of the given type with
 *	the gdk-pixbuf loader of that type only (never one chosen by
 *	content: gdk-pixbuf has loaders for SVG and other formats an
 *	attacker would pick), and reads QR codes in it with zbar.  The size
 *	is checked when the loader has read the image's header
 *	("size-prepared"), before any pixel is allocated: an image of more
 *	than max_pixels is refused there (the loader is told a size of 0,
 *	which every loader rejects without decoding); *pixels is set to
 *	the pixels of an image decoded, for the caller's budget.  The pixels, over
 *	white where transparent, become one grey byte each (Y800) for zbar,
 *	which looks for QR codes only.  Each code's text goes to
 *	sink->text() (a code that is a URL is a link in it); the text of
 *	a code is shown to whoever scans it.
 * DIAGNOSTICS
 *	RP_QR_OK, RP_QR_BROKEN for bytes the loader cannot decode, or that
 *	lack the end their format has (truncated: gdk-pixbuf decodes them
 *	in part, and what it decoded is still scanned), RP_QR_PIXELS
 *	for an image past max_pixels.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <zbar.h>

#include "rp_qr.h"
#include "rp_util.h"

#define QR_MIN_SIDE	21		/* a version 1 code at one pixel a module */

/* What the size-prepared handler decides. */
typedef struct qr_size {
    size_t  max_pixels;
    int     too_big;
} qr_size;

/* qr_size_prepared - refuse an image past the pixel limit before it is decoded */
static void qr_size_prepared(GdkPixbufLoader *loader, gint width, gint height,
			             gpointer data)
{
    qr_size *qs = data;

    if (width <= 0 || height <= 0
	|| (uint64_t) width * (uint64_t) height > (uint64_t) qs->max_pixels) {
	qs->too_big = width > 0 && height > 0;
	gdk_pixbuf_loader_set_size(loader, 0, 0);
    }
}

/* qr_grey - the pixbuf as grey bytes, transparency over white; caller frees */
static unsigned char *qr_grey(GdkPixbuf *pb, int *w, int *h)
{
    int     x, y, n = gdk_pixbuf_get_n_channels(pb), stride = gdk_pixbuf_get_rowstride(pb);
    const guchar *row, *p;
    unsigned char *grey;
    unsigned v, a;

    *w = gdk_pixbuf_get_width(pb);
    *h = gdk_pixbuf_get_height(pb);
    if (gdk_pixbuf_get_colorspace(pb) != GDK_COLORSPACE_RGB
	|| gdk_pixbuf_get_bits_per_sample(pb) != 8 || n < 3)
	return NULL;
    grey = rp_malloc((size_t) *w * (size_t) *h);
    for (y = 0; y < *h; y++) {
	row = gdk_pixbuf_read_pixels(pb) + (size_t) y * (size_t) stride;
	for (x = 0; x < *w; x++) {
	    p = row + (size_t) x * (size_t) n;
	    v = (p[0] * 299u + p[1] * 587u + p[2] * 114u) / 1000u;
	    a = n == 4 && gdk_pixbuf_get_has_alpha(pb) ? p[3] : 255u;
	    grey[(size_t) y * (size_t) *w + (size_t) x] = (unsigned char) ((v * a + 255u * (255u - a)) / 255u);
	}
    }
    return grey;
}

/* qr_scan - every QR code in a grey image, to the sink */
static void qr_scan(unsigned char *grey, int w, int h, const rp_attach_sink *sink)
{
    zbar_image_scanner_t *scanner = zbar_image_scanner_create();
    zbar_image_t *img = zbar_image_create();
    const zbar_symbol_t *sym;
    const char *text;

    zbar_image_scanner_set_config(scanner, 0, ZBAR_CFG_ENABLE, 0);
    zbar_image_scanner_set_config(scanner, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
    zbar_image_set_format(img, zbar_fourcc('Y', '8', '0', '0'));
    zbar_image_set_size(img, (unsigned) w, (unsigned) h);
    zbar_image_set_data(img, grey, (unsigned long) w * (unsigned long) h, NULL);
    if (zbar_scan_image(scanner, img) > 0)
	for (sym = zbar_image_first_symbol(img); sym; sym = zbar_symbol_next(sym))
	    if ((text = zbar_symbol_get_data(sym)) != NULL)
		sink->text(sink->ctx, text, zbar_symbol_get_data_length(sym));
    zbar_image_destroy(img);
    zbar_image_scanner_destroy(scanner);
}

/*
 * qr_complete - does the image end as its format says (gdk-pixbuf decodes
 * a truncated image without a word): the PNG IEND chunk, the JPEG end of
 * image marker, the GIF trailer
 */
static int qr_complete(const char *data, size_t len, rp_qr_type type)
{
    static const char *const ends[] = {"IEND", "\xff\xd9", ";"};
    size_t  k = strlen(ends[type]), i;

    for (i = len; i-- > 0;)
	if (i + k <= len && memcmp(data + i, ends[type], k) == 0)
	    return 1;
    return 0;
}

/* rp_qr_image - decode one image and read its QR codes */
int     rp_qr_image(const char *data, size_t len, rp_qr_type type,
		            size_t max_pixels, size_t *pixels, const rp_attach_sink *sink)
{
    static const char *const names[] = {"png", "jpeg", "gif"};
    GdkPixbufLoader *loader;
    GdkPixbuf *pb;
    qr_size qs;
    unsigned char *grey;
    int     ok, w, h, status = RP_QR_OK;

    *pixels = 0;
    if ((loader = gdk_pixbuf_loader_new_with_type(names[type], NULL)) == NULL)
	return RP_QR_BROKEN;
    qs.max_pixels = max_pixels;
    qs.too_big = 0;
    g_signal_connect(loader, "size-prepared", G_CALLBACK(qr_size_prepared), &qs);
    ok = gdk_pixbuf_loader_write(loader, (const guchar *) data, len, NULL);
    ok = gdk_pixbuf_loader_close(loader, NULL) && ok;
    if (qs.too_big)
	status = RP_QR_PIXELS;
    else if (!ok || !qr_complete(data, len, type))
	status = RP_QR_BROKEN;
    pb = qs.too_big ? NULL : gdk_pixbuf_loader_get_pixbuf(loader);
    if (pb != NULL)
	*pixels = (size_t) gdk_pixbuf_get_width(pb) * (size_t) gdk_pixbuf_get_height(pb);
    if (pb != NULL && gdk_pixbuf_get_width(pb) >= QR_MIN_SIDE
	&& gdk_pixbuf_get_height(pb) >= QR_MIN_SIDE
	&& (grey = qr_grey(pb, &w, &h)) != NULL) {
	qr_scan(grey, w, h, sink);
	free(grey);
    }
    g_object_unref(loader);
    return status;
}
