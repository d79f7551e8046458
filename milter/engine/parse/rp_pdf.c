/*
 * NAME
 *	rp_pdf 3
 * SUMMARY
 *	links and text of a PDF (poppler), and /URI actions in its raw bytes
 * SYNOPSIS
 *	#include "rp_pdf.h"
 *
 *	int	rp_pdf_read(const char *data, size_t len, unsigned max_pages,
 *			    const rp_attach_sink *sink)
 *
 *	void	rp_pdf_scan_raw(const char *data, size_t len,
 *				const rp_attach_sink *sink)
 * DESCRIPTION
 *	rp_pdf_read() opens len bytes with poppler-glib (a copy poppler
 *	owns; no password) and reads its first max_pages pages: the URI of
 *	each link annotation goes to sink->link() (RP_LINK_HTML: a link
 *	with an area the reader clicks), the page text to sink->text().
 *	Poppler has no timeout: the caller bounds the bytes, this the
 *	pages.
 *
 *	rp_pdf_scan_raw() finds every "/URI" key in the raw bytes and
 *	hands its string, literal "(...)" with its escapes undone or hex
 *	"<...>", to sink->link(): the actions of pages past the limit, of
 *	documents poppler refuses, of /OpenAction and outlines.  Objects
 *	inside compressed object streams are not seen by it.
 * DIAGNOSTICS
 *	rp_pdf_read() returns RP_PDF_OK, or RP_PDF_BROKEN when poppler
 *	cannot open the document (nothing read), RP_PDF_PAGES when it has
 *	more than max_pages pages.
 */
#include "config.h"

#include <string.h>

#include <poppler.h>

#include "rp_features.h"
#include "rp_pdf.h"
#include "rp_util.h"

#define PDF_URI_MAX	8192		/* bytes of one raw /URI string */

/* pdf_page - one page's link annotations and text */
static void pdf_page(PopplerPage *page, const rp_attach_sink *sink)
{
    GList  *links, *l;
    PopplerLinkMapping *m;
    char   *text;

    links = poppler_page_get_link_mapping(page);
    for (l = links; l; l = l->next) {
	m = l->data;
	if (m->action && m->action->type == POPPLER_ACTION_URI && m->action->uri.uri)
	    sink->link(sink->ctx, m->action->uri.uri, strlen(m->action->uri.uri), RP_LINK_HTML);
    }
    poppler_page_free_link_mapping(links);
    if ((text = poppler_page_get_text(page)) != NULL) {
	sink->text(sink->ctx, text, strlen(text));
	g_free(text);
    }
}

/* rp_pdf_read - the first pages of a PDF, through poppler */
int     rp_pdf_read(const char *data, size_t len, unsigned max_pages,
		            const rp_attach_sink *sink)
{
    PopplerDocument *doc;
    PopplerPage *page;
    GBytes *bytes = g_bytes_new(data, len);
    int     n, i, status = RP_PDF_OK;

    doc = poppler_document_new_from_bytes(bytes, NULL, NULL);
    g_bytes_unref(bytes);
    if (doc == NULL)
	return RP_PDF_BROKEN;
    n = poppler_document_get_n_pages(doc);
    if (n > 0 && (unsigned) n > max_pages) {
	status = RP_PDF_PAGES;
	n = (int) max_pages;
    }
    for (i = 0; i < n; i++) {
	if ((page = poppler_document_get_page(doc, i)) == NULL)
	    continue;
	pdf_page(page, sink);
	g_object_unref(page);
    }
    g_object_unref(doc);
    return status;
}

/* pdf_literal - a literal string at s (after its '('), unescaped into out; its end */
static size_t pdf_literal(const char *s, size_t len, rp_buf *out)
{
    size_t  i, k;
    int     depth = 1, v;

    for (i = 0; i < len && out->len < PDF_URI_MAX; i++) {
	if (s[i] == '\\' && i + 1 < len) {
	    i++;
	    if (s[i] >= '0' && s[i] <= '7') {
		for (v = 0, k = 0; k < 3 && i < len && s[i] >= '0' && s[i] <= '7'; k++, i++)
		    v = v * 8 + (s[i] - '0');
		i--;
		rp_buf_putc(out, v & 0xff);
	    } else if (s[i] != '\r' && s[i] != '\n') {
		rp_buf_putc(out, s[i] == 'n' ? '\n' : s[i] == 'r' ? '\r' : s[i] == 't' ? '\t'
			    : s[i] == 'b' ? '\b' : s[i] == 'f' ? '\f' : s[i]);
	    }
	    continue;
	}
	if (s[i] == '(')
	    depth++;
	else if (s[i] == ')' && --depth == 0)
	    break;
	rp_buf_putc(out, s[i]);
    }
    return i;
}

/* pdf_hexstring - a hex string at s (after its '<') into out; its end */
static size_t pdf_hexstring(const char *s, size_t len, rp_buf *out)
{
    size_t  i;
    int     hi = -1, v;

    for (i = 0; i < len && s[i] != '>' && out->len < PDF_URI_MAX; i++) {
	if ((v = rp_hex_value((unsigned char) s[i])) < 0)
	    continue;
	if (hi < 0) {
	    hi = v;
	} else {
	    rp_buf_putc(out, hi * 16 + v);
	    hi = -1;
	}
    }
    if (hi >= 0)
	rp_buf_putc(out, hi * 16);
    return i;
}

/* pdf_find - the next "/URI" in [p, end), or NULL */
static const char *pdf_find(const char *p, const char *end)
{
    while (p + 4 <= end && (p = memchr(p, '/', (size_t) (end - p))) != NULL) {
	if (p + 4 <= end && memcmp(p, "/URI", 4) == 0)
	    return p;
	p++;
    }
    return NULL;
}

/* rp_pdf_scan_raw - every /URI string of the raw bytes, to the sink */
void    rp_pdf_scan_raw(const char *data, size_t len, const rp_attach_sink *sink)
{
    const char *p, *end = data + len;
    rp_buf  uri;

    rp_buf_init(&uri);
    for (p = data; (p = pdf_find(p, end)) != NULL;) {
	p += 4;
	while (p < end && strchr(" \t\r\n\f", *p) && *p)
	    p++;
	if (p >= end || (*p != '(' && *p != '<') || (*p == '<' && p + 1 < end && p[1] == '<'))
	    continue;
	rp_buf_reset(&uri);
	if (*p == '(')
	    p += 1 + pdf_literal(p + 1, (size_t) (end - p - 1), &uri);
	else
	    p += 1 + pdf_hexstring(p + 1, (size_t) (end - p - 1), &uri);
	if (uri.len > 0)
	    sink->link(sink->ctx, uri.data, uri.len, RP_LINK_HTML);
	if (p > end)
	    p = end;
    }
    rp_buf_free(&uri);
}
