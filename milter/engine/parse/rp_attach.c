/*
 * NAME
 *	rp_attach 3
 * SUMMARY
 *	links and text in attached files: HTML, PDF, SVG, calendars, QR codes
 * SYNOPSIS
 *	#include "rp_attach.h"
 *
 *	void	rp_attach_init(rp_attach_ctx *a, rp_features *f,
 *			       const rp_limits *limits,
 *			       const rp_attach_limits *files,
 *			       rp_attach_body body, void *ctx)
 *
 *	int	rp_attach_read(rp_attach_ctx *a, const char *type,
 *			       const char *name, int attached, int html,
 *			       const char *data, size_t len)
 *
 *	const char *rp_attach_origin(unsigned link_flags)
 * DESCRIPTION
 *	A lure whose only link sits in a PDF, an SVG, a calendar invitation
 *	or a QR code is invisible to a reader of text parts.
 *	rp_attach_read() reads such files, so that their links and text
 *	meet the same checks as the message's own.  What a file is comes
 *	from its bytes first, since an attacker mislabels (a PDF named
 *	invoice.txt, an SVG sent as image/png, a calendar as
 *	application/octet-stream): the magic of PDF (within the first
 *	kilobyte, where readers look for it), PNG, JPEG and GIF; an
 *	"<svg" before any HTML mark; then the labels (type and file name);
 *	last, for a file, a calendar or HTML by its content.  Parts that are
 *	none of these, and text or HTML bodies that are no file, are left
 *	to the MIME reader (0).
 *
 *	Every link a file gives is added with f->link_context and the
 *	RP_LINK_IN_* bit of the file (and of the files it is in: an image
 *	in a data: URL of an SVG); text goes through body(), as the MIME
 *	reader's own text (within max_text, to f->unseen in an alternative
 *	not shown), and so does HTML.  A data: URL that a file links to is
 *	read as a file in turn (up to RP_ATTACH_DEPTH deep; deeper ones are
 *	searched raw, RP_MSG_TOO_DEEP), not kept as a link; a javascript:
 *	URL is searched as a script.
 *
 *	The limits never switch the reading off.  Past max_attachments
 *	files (RP_MSG_ATTACH_COUNT), and for a file past its size limit
 *	(max_pdf_bytes, max_markup_bytes for SVG and calendars,
 *	max_image_bytes: RP_MSG_ATTACH_BYTES), a PDF is still searched
 *	for /URI actions and markup for URLs, raw; only images are not
 *	decoded.  A PDF past max_pdf_pages is read up to it
 *	(RP_MSG_ATTACH_PAGES), an image past max_image_pixels, or past
 *	what is left of RP_ATTACH_PIXEL_IMAGES times it for the whole
 *	message (decompression costs more than the bytes), is not decoded
 *	(RP_MSG_ATTACH_PIXELS).  Every PDF is searched raw too, for
 *	the actions poppler does not show on a page.  A file that does not
 *	parse sets RP_MSG_ATTACH_BROKEN and its RP_LINK_IN_* bit in
 *	f->attach_broken.  Without files limits (NULL: the rewriter's
 *	reading, which can edit no file) nothing is read here.
 *
 *	rp_attach_origin() words where a link was, for the reasons of the
 *	checks: " in a PDF attachment", " in a QR code in an image"...
 */
#include "config.h"

#include <string.h>

#include <glib.h>

#include "rp_attach.h"
#include "rp_attach_sink.h"
#include "rp_ics.h"
#include "rp_pdf.h"
#include "rp_qr.h"
#include "rp_svg.h"
#include "rp_url.h"
#include "rp_utf8.h"
#include "rp_util.h"

#define RP_ATTACH_DEPTH		2	/* data: URLs read inside files */
#define RP_ATTACH_PDF_LEAD	1024	/* where readers look for %PDF- */
#define RP_ATTACH_SNIFF		4096	/* bytes searched for markup */
#define RP_ATTACH_PIXEL_IMAGES	4	/* pixels of a message: of so many images at most */

/* What a file is. */
typedef enum attach_kind {
    ATTACH_NONE,
    ATTACH_HTML,
    ATTACH_PDF,
    ATTACH_SVG,
    ATTACH_ICS,
    ATTACH_PNG,
    ATTACH_JPEG,
    ATTACH_GIF
} attach_kind;

/* attach_sniff_markup - SVG or HTML by content, the first mark deciding */
static attach_kind attach_sniff_markup(const char *s, size_t len)
{
    static const char *const html[] = {"<!doctype html", "<html", "<head", "<body",
    "<script", "<iframe", "<form", "<meta", 0};
    const char *svg, *h, *first = NULL;
    const char *const *m;
    size_t  n = len < RP_ATTACH_SNIFF ? len : RP_ATTACH_SNIFF;

    svg = rp_ascii_casefind(s, n, "<svg");
    for (m = html; *m; m++)
	if ((h = rp_ascii_casefind(s, n, *m)) != NULL && (first == NULL || h < first))
	    first = h;
    if (svg && (first == NULL || svg < first))
	return ATTACH_SVG;
    return first ? ATTACH_HTML : ATTACH_NONE;
}

/* attach_svg_start - do the bytes start as an XML or SVG document */
static int attach_svg_start(const char *s, size_t len)
{
    size_t  i = len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;

    while (i < len && g_ascii_isspace(s[i]))
	i++;
    return i + 4 <= len && (rp_ascii_ncasecmp(s + i, "<?xm", 4) == 0
			    || rp_ascii_ncasecmp(s + i, "<!", 2) == 0
			    || rp_ascii_ncasecmp(s + i, "<svg", 4) == 0);
}

/*
 * attach_sniff - what the bytes are, when they say it unmistakably; the
 * PDF mark anywhere in the lead of a file, at the start of a body
 */
static attach_kind attach_sniff(const char *s, size_t len, int attached)
{
    size_t  lead = attached ? RP_ATTACH_PDF_LEAD : 5, i;

    for (i = 0; i + 5 <= len && i + 5 <= lead; i++)
	if (memcmp(s + i, "%PDF-", 5) == 0)
	    return ATTACH_PDF;
    if (len >= 8 && memcmp(s, "\x89PNG\r\n\x1a\n", 8) == 0)
	return ATTACH_PNG;
    if (len >= 3 && memcmp(s, "\xff\xd8\xff", 3) == 0)
	return ATTACH_JPEG;
    if (len >= 6 && (memcmp(s, "GIF87a", 6) == 0 || memcmp(s, "GIF89a", 6) == 0))
	return ATTACH_GIF;
    return attach_svg_start(s, len) && attach_sniff_markup(s, len) == ATTACH_SVG
	? ATTACH_SVG : ATTACH_NONE;
}

/* attach_suffix - does name end in suffix, ignoring case */
static int attach_suffix(const char *name, const char *suffix)
{
    size_t  n = strlen(name), k = strlen(suffix);

    return n >= k && rp_ascii_casecmp(name + n - k, suffix) == 0;
}

/* attach_labelled - what type and name say the file is */
static attach_kind attach_labelled(const char *type, const char *name)
{
    static const struct {
	const char *type, *suffix, *suffix2;
	attach_kind kind;
    } labels[] = {
	{"application/pdf", ".pdf", ".pdf", ATTACH_PDF},
	{"application/x-pdf", ".pdf", ".pdf", ATTACH_PDF},
	{"image/svg+xml", ".svg", ".svg", ATTACH_SVG},
	{"text/calendar", ".ics", ".ical", ATTACH_ICS},
	{"application/ics", ".ics", ".vcs", ATTACH_ICS},
	{"image/png", ".png", ".png", ATTACH_PNG},
	{"image/jpeg", ".jpg", ".jpeg", ATTACH_JPEG},
	{"image/pjpeg", ".jpe", ".jfif", ATTACH_JPEG},
	{"image/gif", ".gif", ".gif", ATTACH_GIF},
    };
    size_t  i;

    for (i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
	if (type && rp_ascii_casecmp(type, labels[i].type) == 0)
	    return labels[i].kind;
    for (i = 0; name && i < sizeof(labels) / sizeof(labels[0]); i++)
	if (attach_suffix(name, labels[i].suffix) || attach_suffix(name, labels[i].suffix2))
	    return labels[i].kind;
    return ATTACH_NONE;
}

/* attach_kind_of - content first, then labels, then content again for files */
static attach_kind attach_kind_of(const char *type, const char *name, int attached,
				          int html, const char *data, size_t len)
{
    attach_kind k;
    size_t  n = len < RP_ATTACH_PDF_LEAD ? len : RP_ATTACH_PDF_LEAD;

    if ((k = attach_sniff(data, len, attached)) != ATTACH_NONE)
	return k;
    if ((k = attach_labelled(type, name)) != ATTACH_NONE)
	return k;
    if (html)
	return attached ? ATTACH_HTML : ATTACH_NONE;
    if (!attached)
	return ATTACH_NONE;
    if (rp_ascii_casefind(data, n, "BEGIN:VCALENDAR") || rp_ascii_casefind(data, n, "BEGIN:VEVENT"))
	return ATTACH_ICS;
    return attach_sniff_markup(data, len);
}

/* attach_origin_bit - the RP_LINK_IN_* bit of a kind */
static unsigned attach_origin_bit(attach_kind k)
{
    switch (k) {
    case ATTACH_HTML:
	return RP_LINK_IN_HTML_FILE;
    case ATTACH_PDF:
	return RP_LINK_IN_PDF;
    case ATTACH_SVG:
	return RP_LINK_IN_SVG;
    case ATTACH_ICS:
	return RP_LINK_IN_CALENDAR;
    default:
	return RP_LINK_IN_QR;
    }
}

/* attach_add - one link, as well-formed UTF-8 */
static void attach_add(rp_attach_ctx *a, const char *url, size_t len, unsigned flags)
{
    rp_buf  clean;

    rp_buf_init(&clean);
    (void) rp_utf8_clean(url, len, &clean);
    /* "#icon": a fragment of the file itself, no destination. */
    if (clean.len > 0 && clean.data[0] != '#')
	(void) rp_features_add_link(a->f, a->limits, clean.data, NULL, flags);
    rp_buf_free(&clean);
}

/* attach_found - rp_url_found: a URL in text or script */
static void attach_found(void *ctx, const char *url, size_t len)
{
    attach_add(ctx, url, len, RP_LINK_TEXT);
}

/* attach_text - sink: text the file shows */
static void attach_text(void *ctx, const char *data, size_t len)
{
    rp_attach_ctx *a = ctx;

    a->body(a->ctx, data, len, 0);
}

/* attach_scan - sink: URLs only */
static void attach_scan(void *ctx, const char *data, size_t len)
{
    rp_url_scan_text(data, len, attach_found, ctx);
}

/* attach_html - sink: HTML the file holds */
static void attach_html(void *ctx, const char *data, size_t len)
{
    rp_attach_ctx *a = ctx;

    a->body(a->ctx, data, len, 1);
}

static void attach_file(rp_attach_ctx *a, attach_kind k, const char *data, size_t len);

/* attach_data_url - a data: URL, read as the file it holds */
static void attach_data_url(rp_attach_ctx *a, const char *url, size_t len)
{
    const char *comma = memchr(url, ',', len);
    char   *type, *payload;
    guchar *bin;
    gsize   n;
    attach_kind k;

    if (comma == NULL)
	return;
    type = rp_strndup(url + 5, (size_t) (comma - url - 5));
    payload = rp_url_decode(comma + 1, len - (size_t) (comma + 1 - url));
    if (rp_ascii_casefind(type, strlen(type), ";base64")) {
	*strchr(type, ';') = 0;
	bin = g_base64_decode(payload, &n);
    } else {
	if (strchr(type, ';'))
	    *strchr(type, ';') = 0;
	n = strlen(payload);
	bin = (guchar *) g_strndup(payload, n);
    }
    if (bin != NULL && n > 0) {
	k = attach_kind_of(type, NULL, 1, 0, (const char *) bin, n);
	if (k != ATTACH_NONE && a->depth >= RP_ATTACH_DEPTH)
	    /* Files in files in files: searched raw, and the nesting said. */
	    a->f->flags |= RP_MSG_TOO_DEEP;
	if (k == ATTACH_NONE || a->depth >= RP_ATTACH_DEPTH) {
	    attach_scan(a, (const char *) bin, n);
	} else {
	    a->depth++;
	    attach_file(a, k, (const char *) bin, n);
	    a->depth--;
	}
    }
    g_free(bin);
    free(payload);
    free(type);
}

/* attach_link - sink: a link the file's structure names */
static void attach_link(void *ctx, const char *url, size_t len, unsigned flags)
{
    rp_attach_ctx *a = ctx;
    char   *js;

    while (len > 0 && g_ascii_isspace(*url))
	url++, len--;
    if (len >= 5 && rp_ascii_ncasecmp(url, "data:", 5) == 0) {
	attach_data_url(a, url, len);
    } else if (len >= 11 && rp_ascii_ncasecmp(url, "javascript:", 11) == 0) {
	js = rp_url_decode(url + 11, len - 11);
	attach_scan(a, js, strlen(js));
	free(js);
    } else {
	attach_add(a, url, len, flags);
    }
}

/* attach_flag - a limit met, or a broken file */
static void attach_flag(rp_attach_ctx *a, unsigned msg_flag, attach_kind k)
{
    a->f->flags |= msg_flag;
    if (msg_flag == RP_MSG_ATTACH_BROKEN)
	a->f->attach_broken |= attach_origin_bit(k);
}

/* attach_cheap - what is read of a file past a limit: raw URLs and actions */
static void attach_cheap(rp_attach_ctx *a, attach_kind k, const char *data, size_t len,
			         const rp_attach_sink *sink)
{
    if (k == ATTACH_PDF)
	rp_pdf_scan_raw(data, len, sink);
    else if (k == ATTACH_SVG || k == ATTACH_ICS || k == ATTACH_HTML)
	attach_scan(a, data, len);
}

/* attach_file - read one file of a known kind, within the limits */
static void attach_file(rp_attach_ctx *a, attach_kind k, const char *data, size_t len)
{
    const rp_attach_limits *l = a->files;
    rp_attach_sink sink = {attach_text, attach_scan, attach_html, attach_link, a};
    unsigned saved = a->f->link_context;
    size_t  max, budget, used;
    int     st;

    a->f->link_context |= attach_origin_bit(k);
    max = k == ATTACH_PDF ? l->max_pdf_bytes : k >= ATTACH_PNG ? l->max_image_bytes
	: k == ATTACH_HTML ? len : l->max_markup_bytes;
    if (++a->count > l->max_attachments || len > max) {
	attach_flag(a, a->count > l->max_attachments ? RP_MSG_ATTACH_COUNT
		    : RP_MSG_ATTACH_BYTES, k);
	attach_cheap(a, k, data, len, &sink);
    } else if (k == ATTACH_PDF) {
	st = rp_pdf_read(data, len, l->max_pdf_pages, &sink);
	if (st & RP_PDF_BROKEN)
	    attach_flag(a, RP_MSG_ATTACH_BROKEN, k);
	if (st & RP_PDF_PAGES)
	    attach_flag(a, RP_MSG_ATTACH_PAGES, k);
	rp_pdf_scan_raw(data, len, &sink);
    } else if (k == ATTACH_SVG) {
	if (rp_svg_read(data, len, &sink))
	    attach_flag(a, RP_MSG_ATTACH_BROKEN, k);
    } else if (k == ATTACH_ICS) {
	if (rp_ics_read(data, len, &sink)) {
	    /* No calendar after all: whatever it holds is searched raw. */
	    attach_flag(a, RP_MSG_ATTACH_BROKEN, k);
	    attach_scan(a, data, len);
	}
    } else if (k == ATTACH_HTML) {
	attach_html(a, data, len);
    } else {
	/* Pixels cost more than their bytes: a message has a budget of them. */
	budget = l->max_image_pixels * RP_ATTACH_PIXEL_IMAGES - a->pixels;
	st = rp_qr_image(data, len, k == ATTACH_PNG ? RP_QR_PNG : k == ATTACH_JPEG
			 ? RP_QR_JPEG : RP_QR_GIF, budget < l->max_image_pixels
			 ? budget : l->max_image_pixels, &used, &sink);
	a->pixels += used;
	if (st == RP_QR_PIXELS)
	    attach_flag(a, RP_MSG_ATTACH_PIXELS, k);
	else if (st == RP_QR_BROKEN)
	    attach_flag(a, RP_MSG_ATTACH_BROKEN, k);
    }
    a->f->link_context = saved;
}

/* rp_attach_init - a reader of the files of one message */
void    rp_attach_init(rp_attach_ctx *a, rp_features *f, const rp_limits *limits,
		               const rp_attach_limits *files, rp_attach_body body, void *ctx)
{
    memset(a, 0, sizeof(*a));
    a->f = f;
    a->limits = limits;
    a->files = files;
    a->body = body;
    a->ctx = ctx;
}

/* rp_attach_read - read a leaf that is a file of a kind read here */
int     rp_attach_read(rp_attach_ctx *a, const char *type, const char *name,
		               int attached, int html, const char *data, size_t len)
{
    attach_kind k;

    if (a->files == NULL || data == NULL || len == 0)
	return 0;
    if ((k = attach_kind_of(type, name, attached, html, data, len)) == ATTACH_NONE)
	return 0;
    attach_file(a, k, data, len);
    return 1;
}

/* rp_attach_origin - where a link was, for a reason */
const char *rp_attach_origin(unsigned link_flags)
{
    static const char *const in[2][5] = {
	{"", " in an HTML attachment", " in a PDF attachment", " in an SVG attachment",
	" in a calendar invitation"},
	{" in a QR code in an image", " in a QR code in an HTML attachment",
	    " in a QR code in a PDF attachment", " in a QR code in an SVG attachment",
	" in a QR code in a calendar invitation"},
    };
    int     where = (link_flags & RP_LINK_IN_PDF) ? 2 : (link_flags & RP_LINK_IN_SVG) ? 3
    : (link_flags & RP_LINK_IN_CALENDAR) ? 4 : (link_flags & RP_LINK_IN_HTML_FILE) ? 1 : 0;

    return in[(link_flags & RP_LINK_IN_QR) != 0][where];
}
