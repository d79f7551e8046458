/*
 * NAME
 *	test-attach - unit tests of links and lures in attached files
 * DESCRIPTION
 *	Each case is a message written here with one attached file made
 *	here too: a PDF (a tiny writer with a valid xref), an SVG, a
 *	calendar invitation, a QR code (PNG from qrencode at test time,
 *	JPEG converted from it with gdk-pixbuf), an HTML file.  For each
 *	kind: a lookalike link (flagged, its reason saying where the link
 *	was), a genuine link (not flagged), no link, a malformed file, an
 *	oversized one, a mislabelled one, base64 and quoted-printable, in
 *	multipart/mixed and in an attached message/rfc822; and the
 *	attacks on the readers: a URL folded across calendar lines, a
 *	script's window.location, an onload handler, data: URLs, a
 *	base64 literal, billion laughs, a link on a PDF page past the page
 *	limit, a file past the count limit, an image past the pixel limit.
 *	Every limit met gives MIME_LIMIT, and what can still be read is.
 *	Last, four threads read each kind of file at once, and all find
 *	what one does.
 *	A second engine has small limits (max_attachments 3,
 *	max_pdf_pages 2, max_pdf_bytes 4000, max_markup_bytes 2000,
 *	max_image_bytes 6000, max_image_pixels 100000).
 */
#include "config.h"

#include <check.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib.h>

#include "regphish.h"
#include "rp_util.h"
#include "check_main.h"

#define BAD	"https://npmjs.help/login"	/* a lookalike of npmjs.com */
#define GOOD	"https://www.npmjs.com/login"

static rp_engine *engine, *small;

/* setup - the shipped rules, with the test config and with small limits */
static int setup(int argc, char **argv)
{
    static const rp_setting limits[] = {
	{"max_attachments", "3"}, {"max_pdf_pages", "2"}, {"max_pdf_bytes", "4000"},
	{"max_markup_bytes", "2000"}, {"max_image_bytes", "6000"},
	{"max_image_pixels", "100000"},
    };
    rp_error err;

    (void) argc;
    (void) argv;
    memset(&err, 0, sizeof(err));
    if ((engine = rp_test_shipped_engine()) == NULL)
	return 1;
    if (rp_engine_load_settings(RP_TEST_DATA_DIR "/regphish-test.conf", RP_TEST_RULES_DIR,
				limits, sizeof(limits) / sizeof(limits[0]), NULL,
				&small, &err) != RP_OK) {
	fprintf(stderr, "load: %s:%u: %s\n", err.file, err.line, err.message);
	return 1;
    }
    if (system("qrencode --version >/dev/null 2>&1") != 0) {
	fprintf(stderr, "qrencode is missing: tools/install-deps test installs it\n");
	return 1;
    }
    return 0;
}

/* teardown - release the engines */
static void teardown(void)
{
    rp_engine_free(engine);
    rp_engine_free(small);
}

/* pdf - a PDF of pages pages saying text, with a link to uri (NULL: none) on the last */
static void pdf(rp_buf *out, int pages, const char *text, const char *uri, size_t pad)
{
    size_t  offs[64];
    int     n = 0, i, first_page = 4;

    rp_buf_puts(out, "%PDF-1.4\n");
    offs[n++] = out->len;
    rp_buf_printf(out, "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
    offs[n++] = out->len;
    rp_buf_printf(out, "2 0 obj\n<< /Type /Pages /Count %d /Kids [", pages);
    for (i = 0; i < pages; i++)
	rp_buf_printf(out, " %d 0 R", first_page + 3 * i);
    rp_buf_puts(out, " ] >>\nendobj\n");
    offs[n++] = out->len;
    rp_buf_puts(out, "3 0 obj\n<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>\nendobj\n");
    for (i = 0; i < pages; i++) {
	offs[n++] = out->len;
	rp_buf_printf(out, "%d 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792]"
		      " /Contents %d 0 R /Resources << /Font << /F1 3 0 R >> >>",
		      n, n + 1);
	if (uri && i == pages - 1)
	    rp_buf_printf(out, " /Annots [%d 0 R]", n + 2);
	rp_buf_puts(out, " >>\nendobj\n");
	offs[n++] = out->len;
	rp_buf_printf(out, "%d 0 obj\n<< /Length %zu >>\nstream\nBT /F1 18 Tf 72 700 Td (%s) Tj ET"
		      "\nendstream\nendobj\n", n, strlen(text) + 31, text);
	offs[n++] = out->len;
	rp_buf_printf(out, "%d 0 obj\n<< /Type /Annot /Subtype /Link /Rect [72 690 400 720]"
		      " /A << /S /URI /URI (%s) >> >>\nendobj\n", n, uri ? uri : "");
    }
    for (; pad > 0; pad--)
	rp_buf_putc(out, pad % 64 ? ' ' : '\n');
    rp_buf_printf(out, "xref\n0 %d\n0000000000 65535 f \n", n + 1);
    for (i = 0; i < n; i++)
	rp_buf_printf(out, "%010zu 00000 n \n", offs[i]);
    rp_buf_printf(out, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n",
		  n + 1, out->len);
}

/* qr_png - a PNG of a QR code of text, scale pixels a module, from qrencode */
static void qr_png(rp_buf *out, const char *text, int scale)
{
    char    cmd[512], chunk[4096];
    FILE   *p;
    size_t  n;

    snprintf(cmd, sizeof(cmd), "qrencode -t PNG -s %d -m 4 -o - '%s'", scale, text);
    ck_assert_ptr_nonnull(p = popen(cmd, "r"));
    while ((n = fread(chunk, 1, sizeof(chunk), p)) > 0)
	rp_buf_append(out, chunk, n);
    ck_assert_int_eq(pclose(p), 0);
    ck_assert_uint_gt(out->len, 8);
}

/* qr_jpeg - the same QR code as a JPEG, through gdk-pixbuf */
static void qr_jpeg(rp_buf *out, const char *text)
{
    rp_buf  png;
    GdkPixbufLoader *l = gdk_pixbuf_loader_new_with_type("png", NULL);
    gchar  *jpeg;
    gsize   n;

    rp_buf_init(&png);
    qr_png(&png, text, 4);
    ck_assert(gdk_pixbuf_loader_write(l, (guchar *) png.data, png.len, NULL));
    ck_assert(gdk_pixbuf_loader_close(l, NULL));
    ck_assert(gdk_pixbuf_save_to_buffer(gdk_pixbuf_loader_get_pixbuf(l), &jpeg, &n, "jpeg",
					NULL, "quality", "95", NULL));
    rp_buf_append(out, jpeg, n);
    g_free(jpeg);
    g_object_unref(l);
    rp_buf_free(&png);
}

/* What a case attaches. */
typedef enum file_kind {
    PDF_LINK, PDF_NONE, PDF_TEXT_URL, PDF_BROKEN, PDF_BIG, PDF_PAGES,
    SVG_LINK, SVG_SCRIPT, SVG_ONLOAD, SVG_DATA_HTML, SVG_DATA_QR, SVG_B64, SVG_DEEP, SVG_NONE,
    SVG_BROKEN, SVG_LAUGHS, SVG_BIG,
    ICS_LINK, ICS_ALT_DESC, ICS_NONE, ICS_BROKEN, ICS_BIG,
    QR_LINK, QR_UPPER, QR_JPEG, QR_NONE, QR_BROKEN, QR_BIG, QR_PIXELS, GIF_BROKEN,
    HTML_LINK
} file_kind;

/* file - the bytes of one file; link: the URL it carries, when it carries one */
static void file(rp_buf *out, file_kind kind, const char *link)
{
    rp_buf  tmp;
    gchar  *b64;
    int     i;

    rp_buf_init(&tmp);
    switch (kind) {
    case PDF_LINK:
	pdf(out, 1, "Verify your account", link, 0);
	break;
    case PDF_NONE:
	pdf(out, 1, "Quarterly report attached", NULL, 0);
	break;
    case PDF_TEXT_URL:
	pdf(out, 1, link, NULL, 0);
	break;
    case PDF_BROKEN:
	pdf(&tmp, 1, "Verify your account", link, 0);
	rp_buf_append(out, tmp.data, 200);
	break;
    case PDF_BIG:
	pdf(out, 1, "Verify your account", link, 5000);
	break;
    case PDF_PAGES:
	pdf(out, 3, "Verify your account", link, 0);
	break;
    case SVG_LINK:
	rp_buf_printf(out, "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\""
		      " xmlns:xlink=\"http://www.w3.org/1999/xlink\"><a xlink:href=\"%s\">"
		      "<text x=\"10\" y=\"20\">Verify your account</text></a></svg>\n", link);
	break;
    case SVG_SCRIPT:
	rp_buf_printf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\"><script><![CDATA["
		      "window.location = '%s';]]></script></svg>", link);
	break;
    case SVG_ONLOAD:
	rp_buf_printf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"location.href="
		      "'%s'\"><rect width=\"10\" height=\"10\"/></svg>", link);
	break;
    case SVG_DATA_HTML:
	rp_buf_printf(&tmp, "<html><body><a href=\"%s\">Sign in</a></body></html>", link);
	b64 = g_base64_encode((guchar *) tmp.data, tmp.len);
	rp_buf_printf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink="
		      "\"http://www.w3.org/1999/xlink\"><a xlink:href=\"data:text/html;base64,%s\">"
		      "<text>Open</text></a></svg>", b64);
	g_free(b64);
	break;
    case SVG_DATA_QR:
	qr_png(&tmp, link, 4);
	b64 = g_base64_encode((guchar *) tmp.data, tmp.len);
	rp_buf_printf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\"><image href="
		      "\"data:image/png;base64,%s\" width=\"200\" height=\"200\"/></svg>", b64);
	g_free(b64);
	break;
    case SVG_B64:
	b64 = g_base64_encode((guchar *) link, strlen(link));
	rp_buf_printf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>"
		      "window.location = atob(\"%s\");</script></svg>", b64);
	g_free(b64);
	break;
    case SVG_DEEP:
	/* An SVG in an SVG in an SVG in an SVG, the link in the last. */
	rp_buf_printf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\"><a href=\"%s\">"
		      "<text>Verify</text></a></svg>", link);
	for (i = 0; i < 3; i++) {
	    b64 = g_base64_encode((guchar *) out->data, out->len);
	    rp_buf_reset(out);
	    rp_buf_printf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\"><image href="
			  "\"data:image/svg+xml;base64,%s\"/></svg>", b64);
	    g_free(b64);
	}
	break;
    case SVG_NONE:
	rp_buf_puts(out, "<svg xmlns=\"http://www.w3.org/2000/svg\"><circle r=\"5\"/>"
		    "<text>Team photo</text></svg>");
	break;
    case SVG_BROKEN:
	rp_buf_printf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\"><a href=\"%s\"><text>"
		      "Verify", link);
	break;
    case SVG_LAUGHS:
	rp_buf_puts(out, "<?xml version=\"1.0\"?>\n<!DOCTYPE svg [\n<!ENTITY a \"aaaaaaaaaa\">\n");
	for (i = 1; i < 10; i++)
	    rp_buf_printf(out, "<!ENTITY %c \"&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;\">\n",
			  'a' + i, 'a' + i - 1, 'a' + i - 1, 'a' + i - 1, 'a' + i - 1,
			  'a' + i - 1, 'a' + i - 1, 'a' + i - 1, 'a' + i - 1, 'a' + i - 1,
			  'a' + i - 1);
	rp_buf_printf(out, "]>\n<svg xmlns=\"http://www.w3.org/2000/svg\"><text>&j;</text>"
		      "<a href=\"%s\"><text>go</text></a></svg>", link);
	break;
    case SVG_BIG:
	rp_buf_printf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\"><!-- %3000s -->"
		      "<a href=\"%s\"><text>Verify</text></a></svg>", "", link);
	break;
    case ICS_LINK:
	/* The URL folded across lines, the text escaped. */
	rp_buf_printf(out, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\n"
		      "SUMMARY:Account review\r\nDESCRIPTION:Verify your account\\, "
		      "today:\\n%.14s\r\n %s\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n", link, link + 14);
	break;
    case ICS_ALT_DESC:
	rp_buf_printf(out, "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Sync\r\n"
		      "X-ALT-DESC;FMTTYPE=text/html:<html><body><a href=\"%s\">Join</a>"
		      "</body></html>\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n", link);
	break;
    case ICS_NONE:
	rp_buf_puts(out, "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Team lunch\r\n"
		    "LOCATION:Room 4\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
	break;
    case ICS_BROKEN:
	rp_buf_printf(out, "\x01\x02 garbage, no calendar %s\r\n", link);
	break;
    case ICS_BIG:
	rp_buf_printf(out, "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nURL:%s\r\nX-PAD:%3000s\r\n"
		      "END:VEVENT\r\nEND:VCALENDAR\r\n", link, "");
	break;
    case QR_LINK:
	qr_png(out, link, 4);
	break;
    case QR_UPPER:
	/* QR alphanumeric mode has capitals only: what phones open. */
	for (i = 0; link[i]; i++)
	    rp_buf_putc(&tmp, g_ascii_toupper(link[i]));
	qr_png(out, tmp.data, 4);
	break;
    case QR_JPEG:
	qr_jpeg(out, link);
	break;
    case QR_NONE:
	qr_png(out, "Meeting room 4, second floor", 4);
	break;
    case QR_BROKEN:
	qr_png(&tmp, link, 4);
	rp_buf_append(out, tmp.data, tmp.len / 2);
	break;
    case QR_BIG:
	qr_png(out, link, 4);
	for (i = 0; i < 7000; i++)
	    rp_buf_putc(out, 0);
	break;
    case QR_PIXELS:
	qr_png(out, link, 20);
	break;
    case GIF_BROKEN:
	rp_buf_puts(out, "GIF89a\x10\x00\x10\x00 truncated");
	break;
    case HTML_LINK:
	rp_buf_printf(out, "<!DOCTYPE html><html><body><form action=\"%s\">"
		      "<p>Verify your account</p></form></body></html>", link);
	break;
    }
    rp_buf_free(&tmp);
}

/* qp - quoted-printable of len bytes */
static void qp(rp_buf *out, const char *s, size_t len)
{
    size_t  i, col = 0;
    unsigned char c;

    for (i = 0; i < len; i++) {
	c = (unsigned char) s[i];
	if (col >= 72) {
	    rp_buf_puts(out, "=\r\n");
	    col = 0;
	}
	if ((c >= 33 && c <= 126 && c != '=') || c == ' ') {
	    rp_buf_putc(out, c);
	    col++;
	} else {
	    rp_buf_printf(out, "=%02X", c);
	    col += 3;
	}
    }
    rp_buf_puts(out, "\r\n");
}

/* How the file is sent. */
typedef enum wrap_kind {
    MIXED,				/* beside the text, in multipart/mixed */
    RFC822,				/* in an attached message */
    NESTED				/* in a multipart/mixed in the multipart/mixed */
} wrap_kind;

typedef struct attach_case {
    const char *name;
    file_kind kind;
    const char *link;
    const char *headers;		/* the part's Content-Type and Disposition */
    const char *encoding;		/* base64, quoted-printable, 8bit */
    wrap_kind wrap;
    int     small;			/* the engine with small limits */
    const char *want;			/* symbol that must appear, or NULL */
    const char *reason;			/* words of its reason */
    const char *want2;			/* a second one, or NULL */
    const char *reason2;
    const char *reject;			/* symbols that must not appear, space separated */
    int     max_action;			/* the action may be no worse */
} attach_case;

#define PDF_H	"Content-Type: application/pdf; name=invoice.pdf\r\n" \
		"Content-Disposition: attachment; filename=invoice.pdf\r\n"
#define SVG_H	"Content-Type: image/svg+xml; name=logo.svg\r\n" \
		"Content-Disposition: attachment; filename=logo.svg\r\n"
#define ICS_H	"Content-Type: text/calendar; method=REQUEST; charset=UTF-8\r\n"
#define PNG_H	"Content-Type: image/png; name=scan.png\r\n" \
		"Content-Disposition: attachment; filename=scan.png\r\n"
#define BIN_H(n) "Content-Type: application/octet-stream; name=" n "\r\n" \
		"Content-Disposition: attachment; filename=" n "\r\n"
#define LINK_IN(w) "link in " w " goes to npmjs.help"
#define NO_LINK	"LINK_LOOKALIKE LOOKALIKE_TLD_SWAP MIME_BROKEN MIME_LIMIT"
#define ANY	RP_ACTION_REJECT

static const attach_case cases[] = {
    /* PDF */
    {"pdf lookalike annotation", PDF_LINK, BAD, PDF_H, "base64", MIXED, 0,
	"LINK_LOOKALIKE", LINK_IN("a PDF attachment"), "LURE_VERIFY", "", "MIME_BROKEN", ANY},
    {"pdf genuine link", PDF_LINK, GOOD, PDF_H, "base64", MIXED, 0,
	NULL, NULL, NULL, NULL, NO_LINK, RP_ACTION_ACCEPT},
    {"pdf no link", PDF_NONE, NULL, PDF_H, "base64", MIXED, 0,
	NULL, NULL, NULL, NULL, NO_LINK, RP_ACTION_ACCEPT},
    {"pdf URL in page text", PDF_TEXT_URL, BAD, PDF_H, "base64", MIXED, 0,
	"LINK_LOOKALIKE", LINK_IN("a PDF attachment"), NULL, NULL, "", ANY},
    {"pdf quoted-printable in rfc822", PDF_LINK, BAD, PDF_H, "quoted-printable", RFC822, 0,
	"LINK_LOOKALIKE", LINK_IN("a PDF attachment"), NULL, NULL, "", ANY},
    {"pdf nested multipart", PDF_LINK, BAD, PDF_H, "base64", NESTED, 0,
	"LINK_LOOKALIKE", LINK_IN("a PDF attachment"), NULL, NULL, "", ANY},
    {"pdf named invoice.txt", PDF_LINK, BAD, "Content-Type: text/plain; name=invoice.txt\r\n"
	"Content-Disposition: attachment; filename=invoice.txt\r\n", "base64", MIXED, 0,
	"LINK_LOOKALIKE", LINK_IN("a PDF attachment"), NULL, NULL, "", ANY},
    {"pdf truncated", PDF_BROKEN, BAD, PDF_H, "base64", MIXED, 0,
	"MIME_BROKEN", "attached file is malformed or encrypted: PDF;", NULL, NULL, "", ANY},
    {"pdf past max_pdf_bytes: raw /URI", PDF_BIG, BAD, PDF_H, "base64", MIXED, 1,
	"MIME_LIMIT", "attachment size", "LINK_LOOKALIKE", LINK_IN("a PDF attachment"), "", ANY},
    {"pdf link past max_pdf_pages", PDF_PAGES, BAD, PDF_H, "base64", MIXED, 1,
	"MIME_LIMIT", "PDF pages", "LINK_LOOKALIKE", LINK_IN("a PDF attachment"), "", ANY},
    /* SVG */
    {"svg xlink:href", SVG_LINK, BAD, SVG_H, "base64", MIXED, 0,
	"LINK_LOOKALIKE", LINK_IN("an SVG attachment"), NULL, NULL, "MIME_BROKEN", ANY},
    {"svg genuine link", SVG_LINK, GOOD, SVG_H, "quoted-printable", MIXED, 0,
	NULL, NULL, NULL, NULL, NO_LINK, RP_ACTION_ACCEPT},
    {"svg no link", SVG_NONE, NULL, SVG_H, "8bit", MIXED, 0,
	NULL, NULL, NULL, NULL, NO_LINK, RP_ACTION_ACCEPT},
    {"svg window.location", SVG_SCRIPT, BAD, SVG_H, "quoted-printable", MIXED, 0,
	"LINK_LOOKALIKE", LINK_IN("an SVG attachment"), NULL, NULL, "", ANY},
    {"svg onload handler", SVG_ONLOAD, BAD, SVG_H, "base64", RFC822, 0,
	"LINK_LOOKALIKE", LINK_IN("an SVG attachment"), NULL, NULL, "", ANY},
    {"svg data: HTML", SVG_DATA_HTML, BAD, SVG_H, "base64", MIXED, 0,
	"LINK_LOOKALIKE", LINK_IN("an SVG attachment"), NULL, NULL, "", ANY},
    {"svg data: QR image", SVG_DATA_QR, BAD, SVG_H, "base64", MIXED, 0,
	"LINK_LOOKALIKE", LINK_IN("a QR code in an SVG attachment"), NULL, NULL, "", ANY},
    {"svg atob literal", SVG_B64, BAD, SVG_H, "base64", NESTED, 0,
	"LINK_LOOKALIKE", LINK_IN("an SVG attachment"), NULL, NULL, "", ANY},
    {"svg in svg past the depth: raw", SVG_DEEP, BAD, SVG_H, "base64", MIXED, 0,
	"MIME_LIMIT", "nesting depth", "LINK_LOOKALIKE", LINK_IN("an SVG attachment"), "", ANY},
    {"svg sent as image/png", SVG_LINK, BAD, PNG_H, "base64", MIXED, 0,
	"LINK_LOOKALIKE", LINK_IN("an SVG attachment"), NULL, NULL, "", ANY},
    {"svg truncated", SVG_BROKEN, BAD, SVG_H, "base64", MIXED, 0,
	"MIME_BROKEN", "encrypted: SVG;", "LINK_LOOKALIKE", LINK_IN("an SVG attachment"), "", ANY},
    {"svg billion laughs", SVG_LAUGHS, BAD, SVG_H, "base64", MIXED, 0,
	"LINK_LOOKALIKE", LINK_IN("an SVG attachment"), NULL, NULL, "", ANY},
    {"svg past max_markup_bytes", SVG_BIG, BAD, SVG_H, "base64", MIXED, 1,
	"MIME_LIMIT", "attachment size", "LINK_LOOKALIKE", LINK_IN("an SVG attachment"), "", ANY},
    /* calendar */
    {"ics folded URL, escaped text", ICS_LINK, BAD, ICS_H, "8bit", MIXED, 0,
	"LINK_LOOKALIKE", LINK_IN("a calendar invitation"), "LURE_VERIFY", "", "MIME_BROKEN", ANY},
    {"ics genuine link", ICS_LINK, GOOD, ICS_H, "base64", MIXED, 0,
	NULL, NULL, NULL, NULL, NO_LINK, RP_ACTION_ACCEPT},
    {"ics no link", ICS_NONE, NULL, ICS_H, "quoted-printable", MIXED, 0,
	NULL, NULL, NULL, NULL, NO_LINK, RP_ACTION_ACCEPT},
    {"ics X-ALT-DESC HTML", ICS_ALT_DESC, BAD, ICS_H, "quoted-printable", RFC822, 0,
	"LINK_LOOKALIKE", LINK_IN("a calendar invitation"), NULL, NULL, "", ANY},
    {"ics as octet-stream", ICS_LINK, BAD, BIN_H("invite.dat"), "base64", NESTED, 0,
	"LINK_LOOKALIKE", LINK_IN("a calendar invitation"), NULL, NULL, "", ANY},
    {"ics malformed", ICS_BROKEN, BAD, ICS_H, "base64", MIXED, 0,
	"MIME_BROKEN", "encrypted: calendar;", "LINK_LOOKALIKE", "", "", ANY},
    {"ics past max_markup_bytes", ICS_BIG, BAD, ICS_H, "base64", MIXED, 1,
	"MIME_LIMIT", "attachment size", "LINK_LOOKALIKE", LINK_IN("a calendar invitation"),
	"", ANY},
    /* QR codes */
    {"qr png lookalike", QR_LINK, BAD, PNG_H, "base64", MIXED, 0,
	"LINK_LOOKALIKE", LINK_IN("a QR code in an image"), NULL, NULL, "MIME_BROKEN", ANY},
    {"qr capitals", QR_UPPER, BAD, PNG_H, "base64", RFC822, 0,
	"LINK_LOOKALIKE", LINK_IN("a QR code in an image"), NULL, NULL, "", ANY},
    {"qr jpeg, quoted-printable", QR_JPEG, BAD, "Content-Type: image/jpeg\r\n",
	"quoted-printable", NESTED, 0,
	"LINK_LOOKALIKE", LINK_IN("a QR code in an image"), NULL, NULL, "", ANY},
    {"qr genuine link", QR_LINK, GOOD, PNG_H, "base64", MIXED, 0,
	NULL, NULL, NULL, NULL, NO_LINK, RP_ACTION_ACCEPT},
    {"qr no link", QR_NONE, NULL, PNG_H, "base64", MIXED, 0,
	NULL, NULL, NULL, NULL, NO_LINK, RP_ACTION_ACCEPT},
    {"png named scan.dat", QR_LINK, BAD, BIN_H("scan.dat"), "base64", MIXED, 0,
	"LINK_LOOKALIKE", LINK_IN("a QR code in an image"), NULL, NULL, "", ANY},
    {"png truncated", QR_BROKEN, BAD, PNG_H, "base64", MIXED, 0,
	"MIME_BROKEN", "encrypted: image;", NULL, NULL, "", ANY},
    {"gif malformed", GIF_BROKEN, NULL, "Content-Type: image/gif\r\n", "base64", MIXED, 0,
	"MIME_BROKEN", "encrypted: image;", NULL, NULL, "", ANY},
    {"png past max_image_bytes", QR_BIG, BAD, PNG_H, "base64", MIXED, 1,
	"MIME_LIMIT", "attachment size", NULL, NULL, "", ANY},
    {"png past max_image_pixels", QR_PIXELS, BAD, PNG_H, "base64", MIXED, 1,
	"MIME_LIMIT", "image pixels (not decoded)", NULL, NULL, "", ANY},
    /* HTML */
    {"html file as octet-stream", HTML_LINK, BAD, BIN_H("statement.dat"), "base64", MIXED, 0,
	"LINK_LOOKALIKE", LINK_IN("an HTML attachment"), NULL, NULL, "", ANY},
    {"html file genuine link", HTML_LINK, GOOD, BIN_H("statement.htm"), "quoted-printable",
	MIXED, 0, NULL, NULL, NULL, NULL, NO_LINK, RP_ACTION_ACCEPT},
};

/* base64 - len bytes in base64, in lines of 76 */
static void base64(rp_buf *m, const char *data, size_t len)
{
    gchar  *b64 = g_base64_encode((const guchar *) data, len);
    size_t  i, n;

    for (i = 0, n = strlen(b64); i < n; i += 76) {
	rp_buf_append(m, b64 + i, n - i < 76 ? n - i : 76);
	rp_buf_puts(m, "\r\n");
    }
    g_free(b64);
}

/* part - one MIME part holding the file of c */
static void part(rp_buf *m, const attach_case *c, const char *data, size_t len)
{
    rp_buf_printf(m, "%sContent-Transfer-Encoding: %s\r\n\r\n", c->headers, c->encoding);
    if (strcmp(c->encoding, "base64") == 0) {
	base64(m, data, len);
    } else if (strcmp(c->encoding, "quoted-printable") == 0) {
	qp(m, data, len);
    } else {
	rp_buf_append(m, data, len);
	rp_buf_puts(m, "\r\n");
    }
}

/* message - the message of c: a short text and the file, wrapped as c says */
static void message(rp_buf *m, const attach_case *c, const char *data, size_t len)
{
    rp_buf_puts(m, "From: Billing <billing@example.org>\r\nTo: dev@example.net\r\n"
		"Subject: Documents\r\nMIME-Version: 1.0\r\n"
		"Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
		"--b1\r\nContent-Type: text/plain\r\n\r\nPlease see the attached file.\r\n"
		"--b1\r\n");
    if (c->wrap == RFC822)
	rp_buf_puts(m, "Content-Type: message/rfc822\r\n\r\nFrom: a@example.org\r\n"
		    "Subject: fwd\r\nMIME-Version: 1.0\r\n");
    if (c->wrap != MIXED)
	rp_buf_puts(m, "Content-Type: multipart/mixed; boundary=\"b2\"\r\n\r\n--b2\r\n");
    part(m, c, data, len);
    if (c->wrap != MIXED)
	rp_buf_puts(m, "--b2--\r\n");
    rp_buf_puts(m, "--b1--\r\n");
}

/* find - the reason of symbol in v, or NULL when it is not there */
static const char *find(const rp_verdict *v, const char *symbol)
{
    const char *reason;
    double  score;
    size_t  i;

    for (i = 0; i < rp_verdict_count(v); i++)
	if (strcmp(rp_verdict_symbol(v, i, &score, &reason), symbol) == 0)
	    return reason;
    return NULL;
}

/* want - symbol is in v, its reason holding words */
static void want(const attach_case *c, const rp_verdict *v, const char *symbol,
		         const char *words)
{
    const char *reason;

    if (symbol == NULL)
	return;
    reason = find(v, symbol);
    ck_assert_msg(reason != NULL, "%s: no %s", c->name, symbol);
    ck_assert_msg(strstr(reason, words) != NULL, "%s: %s says \"%s\", not \"%s\"",
		  c->name, symbol, reason, words);
}

/* scan - one case: the message through the engine, the symbols checked */
START_TEST(test_case)
{
    const attach_case *c = cases + _i;
    rp_buf  data, m;
    rp_verdict *v;
    char   *list, *tok, *save;

    rp_buf_init(&data);
    rp_buf_init(&m);
    file(&data, c->kind, c->link ? c->link : "");
    message(&m, c, data.data, data.len);
    ck_assert_int_eq(rp_scan(c->small ? small : engine, m.data, m.len, NULL, &v), RP_OK);
    want(c, v, c->want, c->reason);
    want(c, v, c->want2, c->reason2);
    list = rp_strdup(c->reject);
    for (tok = strtok_r(list, " ", &save); tok; tok = strtok_r(NULL, " ", &save))
	ck_assert_msg(find(v, tok) == NULL, "%s: %s: %s", c->name, tok, find(v, tok));
    free(list);
    ck_assert_msg(rp_verdict_action(v) <= (rp_action) c->max_action, "%s: action %s",
		  c->name, rp_action_name(rp_verdict_action(v)));
    rp_verdict_free(v);
    rp_buf_free(&data);
    rp_buf_free(&m);
}
END_TEST

/* past max_attachments: the fourth file is still searched raw, and flagged */
START_TEST(test_count)
{
    rp_buf  a, b, m;
    rp_verdict *v;
    int     i;

    rp_buf_init(&a);
    rp_buf_init(&b);
    rp_buf_init(&m);
    pdf(&a, 1, "Report", GOOD, 0);
    pdf(&b, 1, "Verify your account", BAD, 0);
    rp_buf_puts(&m, "From: Billing <billing@example.org>\r\nSubject: Documents\r\n"
		"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n");
    for (i = 0; i < 4; i++) {
	rp_buf_puts(&m, "--b\r\n" PDF_H "\r\n");
	rp_buf_append(&m, i < 3 ? a.data : b.data, i < 3 ? a.len : b.len);
	rp_buf_puts(&m, "\r\n");
    }
    rp_buf_puts(&m, "--b--\r\n");
    ck_assert_int_eq(rp_scan(small, m.data, m.len, NULL, &v), RP_OK);
    ck_assert_ptr_nonnull(find(v, "MIME_LIMIT"));
    ck_assert_ptr_nonnull(strstr(find(v, "MIME_LIMIT"), "attachment count"));
    ck_assert_ptr_nonnull(find(v, "LINK_LOOKALIKE"));
    rp_verdict_free(v);
    /* Within the limit nothing is said. */
    ck_assert_int_eq(rp_scan(engine, m.data, m.len, NULL, &v), RP_OK);
    ck_assert_ptr_null(find(v, "MIME_LIMIT"));
    rp_verdict_free(v);
    rp_buf_free(&a);
    rp_buf_free(&b);
    rp_buf_free(&m);
}
END_TEST

/* images decompress: past a message's pixel budget they are not decoded, and flagged */
START_TEST(test_pixel_budget)
{
    static const rp_setting tight[] = {{"max_image_pixels", "70000"}};
    rp_engine *e;
    rp_error err;
    rp_buf  png, m;
    rp_verdict *v;
    int     i;

    memset(&err, 0, sizeof(err));
    ck_assert_int_eq(rp_engine_load_settings(RP_TEST_DATA_DIR "/regphish-test.conf",
					     RP_TEST_RULES_DIR, tight, 1, NULL, &e, &err), RP_OK);
    rp_buf_init(&png);
    rp_buf_init(&m);
    qr_png(&png, BAD, 8);			/* 264 x 264: 69696 pixels */
    rp_buf_puts(&m, "From: Billing <billing@example.org>\r\nSubject: Scans\r\n"
		"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n");
    for (i = 0; i < 4; i++) {
	rp_buf_puts(&m, "--b\r\n" PNG_H "Content-Transfer-Encoding: base64\r\n\r\n");
	base64(&m, png.data, png.len);
    }
    rp_buf_puts(&m, "--b--\r\n");
    /* Four images fit in the budget of four. */
    ck_assert_int_eq(rp_scan(e, m.data, m.len, NULL, &v), RP_OK);
    ck_assert_ptr_nonnull(find(v, "LINK_LOOKALIKE"));
    ck_assert_ptr_null(find(v, "MIME_LIMIT"));
    rp_verdict_free(v);
    /* A fifth does not. */
    m.len -= strlen("--b--\r\n");
    rp_buf_puts(&m, "--b\r\n" PNG_H "Content-Transfer-Encoding: base64\r\n\r\n");
    base64(&m, png.data, png.len);
    rp_buf_puts(&m, "--b--\r\n");
    ck_assert_int_eq(rp_scan(e, m.data, m.len, NULL, &v), RP_OK);
    ck_assert_ptr_nonnull(find(v, "MIME_LIMIT"));
    ck_assert_ptr_nonnull(strstr(find(v, "MIME_LIMIT"), "image pixels"));
    rp_verdict_free(v);
    rp_buf_free(&png);
    rp_buf_free(&m);
    rp_engine_free(e);
}
END_TEST

/* an inline text body that mentions %PDF- or <svg is still read as text */
START_TEST(test_text_body)
{
    static const char msg[] =
	"From: Dev <dev@example.org>\r\nSubject: parser bug\r\nMIME-Version: 1.0\r\n"
	"Content-Type: text/plain\r\n\r\nThe file starts with %PDF-1.7 and then\r\n"
	"<svg> tags; see " BAD " for the login.\r\n";
    rp_verdict *v;

    ck_assert_int_eq(rp_scan(engine, msg, sizeof(msg) - 1, NULL, &v), RP_OK);
    ck_assert_ptr_nonnull(find(v, "LINK_LOOKALIKE"));
    ck_assert_ptr_null(strstr(find(v, "LINK_LOOKALIKE"), "attachment"));
    ck_assert_ptr_null(find(v, "MIME_BROKEN"));
    rp_verdict_free(v);
}
END_TEST

#define THREADS	4

/* What one thread scans: each kind of file, through one engine. */
typedef struct thread_job {
    rp_buf  msgs[4];
    int     found;			/* messages whose lookalike was found */
} thread_job;

/* thread_scan - scan each message of the job */
static void *thread_scan(void *arg)
{
    thread_job *job = arg;
    rp_verdict *v;
    int     i, round;

    for (round = 0; round < 5; round++)
	for (i = 0; i < 4; i++) {
	    if (rp_scan(engine, job->msgs[i].data, job->msgs[i].len, NULL, &v) != RP_OK)
		continue;
	    job->found += find(v, "LINK_LOOKALIKE") != NULL;
	    rp_verdict_free(v);
	}
    return NULL;
}

/* several threads read PDFs, SVGs, calendars and QR codes at once, alike */
START_TEST(test_threads)
{
    static const size_t which[4] = {0, 10, 23, 30};	/* PDF, SVG, ICS, QR cases */
    thread_job jobs[THREADS];
    pthread_t tid[THREADS];
    rp_buf  data;
    int     t, i;

    for (t = 0; t < THREADS; t++) {
	jobs[t].found = 0;
	for (i = 0; i < 4; i++) {
	    ck_assert_ptr_nonnull(strstr(cases[which[i]].name, i == 0 ? "pdf" : i == 1 ? "svg"
					 : i == 2 ? "ics" : "qr"));
	    rp_buf_init(&data);
	    rp_buf_init(&jobs[t].msgs[i]);
	    file(&data, cases[which[i]].kind, BAD);
	    message(&jobs[t].msgs[i], cases + which[i], data.data, data.len);
	    rp_buf_free(&data);
	}
    }
    for (t = 0; t < THREADS; t++)
	ck_assert_int_eq(pthread_create(tid + t, NULL, thread_scan, jobs + t), 0);
    for (t = 0; t < THREADS; t++) {
	pthread_join(tid[t], NULL);
	ck_assert_int_eq(jobs[t].found, 5 * 4);
	for (i = 0; i < 4; i++)
	    rp_buf_free(&jobs[t].msgs[i]);
    }
}
END_TEST

/*
 * A file is shown whichever alternative a client picks: its text is not
 * the shown alternative's.  A PDF that asks beside two alternatives that
 * agree is no ALT_MISMATCH; a real decoy beside the same PDF still is.
 */
START_TEST(test_file_beside_alternatives)
{
    static const char *const html[] = {"<p>Your invoice is attached.</p>",
	"<p>Verify your account within 24 hours.</p>"};
    rp_buf  data, m;
    rp_verdict *v;

    rp_buf_init(&data);
    pdf(&data, 1, "Please verify your account within 120 days", NULL, 0);
    rp_buf_init(&m);
    rp_buf_printf(&m, "From: Billing <billing@example.org>\r\nTo: dev@example.net\r\n"
		  "Subject: Invoice\r\nMIME-Version: 1.0\r\n"
		  "Content-Type: multipart/mixed; boundary=\"m\"\r\n\r\n--m\r\n"
		  "Content-Type: multipart/alternative; boundary=\"a\"\r\n\r\n--a\r\n"
		  "Content-Type: text/plain\r\n\r\nYour invoice is attached.\r\n--a\r\n"
		  "Content-Type: text/html\r\n\r\n%s\r\n--a--\r\n--m\r\n"
		  "Content-Type: application/pdf; name=\"invoice.pdf\"\r\n"
		  "Content-Transfer-Encoding: base64\r\n\r\n", html[_i]);
    base64(&m, data.data, data.len);
    rp_buf_puts(&m, "--m--\r\n");
    ck_assert_int_eq(rp_scan(engine, m.data, m.len, NULL, &v), RP_OK);
    ck_assert_ptr_nonnull(find(v, "LURE_DEADLINE"));
    if (_i == 0)
	ck_assert_msg(find(v, "ALT_MISMATCH") == NULL, "%s", find(v, "ALT_MISMATCH"));
    else
	ck_assert_ptr_nonnull(find(v, "ALT_MISMATCH"));
    rp_verdict_free(v);
    rp_buf_free(&data);
    rp_buf_free(&m);
}
END_TEST

static Suite *suite(void)
{
    Suite  *s = suite_create("attach");
    TCase  *tc = tcase_create("attach");

    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, test_case, 0, sizeof(cases) / sizeof(cases[0]));
    tcase_add_test(tc, test_count);
    tcase_add_test(tc, test_text_body);
    tcase_add_test(tc, test_threads);
    tcase_add_test(tc, test_pixel_budget);
    tcase_add_loop_test(tc, test_file_beside_alternatives, 0, 2);
    suite_add_tcase(s, tc);
    return s;
}

const rp_test_program rp_test = {suite, setup, teardown, NULL, 1};
