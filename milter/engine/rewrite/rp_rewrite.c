/*
 * NAME
 *	rp_rewrite 3
 * SUMMARY
 *	defang deceptive links and add a warning banner (engine side)
 * SYNOPSIS
 *	#include "rp_rewrite.h"
 *
 *	char	*rp_rewrite_defang(const char *url)
 *
 *	rp_status rp_rewrite_urls(const char *message, size_t length,
 *				  const char *const *urls, size_t nurls,
 *				  const char *banner, unsigned max_depth,
 *				  char **body, size_t *body_len)
 *
 *	rp_status rp_rewrite(const rp_engine *engine,
 *			     const rp_verdict *verdict, const char *message,
 *			     size_t length, const char *banner,
 *			     char **body, size_t *body_len)
 * DESCRIPTION
 *	rp_rewrite_defang() writes a URL so that no mail client makes it a
 *	link again, in the form analysts use: "http" becomes "hxxp" and each
 *	dot of the host (with any user-info) becomes "[.]".
 *
 *	rp_rewrite_urls() parses the message with GMime and visits every
 *	text/plain and text/html part that is not an attachment, down to
 *	max_depth multipart levels (forwarded message/rfc822 parts are left
 *	alone: they are quoted, not addressed to the reader).  Only whole
 *	URLs are compared with the deceptive ones, byte for byte, as
 *	detection found them:
 * .IP \(bu
 *	In a text part the banner goes on top, and each URL that
 *	rp_url_scan_text() (the scanner detection uses) finds and that is
 *	deceptive is replaced by its defanged form.
 * .IP \(bu
 *	In an HTML part rp_html_links() (the parse detection uses, so the
 *	same entity decoding and base resolution) reports each link with
 *	the bytes it is written in.  The value of each a/area href and
 *	form action that goes to a deceptive URL becomes "#" and the
 *	defanged destination is shown as text just before its tag; a
 *	deceptive base href or meta refresh also becomes "#".  Then
 *	rp_url_scan_text() over the markup defangs the deceptive URLs still
 *	written out as they are (visible text, anchor text, other
 *	attributes, comments).  A banner box is put right after the
 *	document's own <body> tag, or at the top.  (A URL written with
 *	character references in text rather than in an attribute is found
 *	by detection in the decoded text but is not defanged: the scan
 *	sees the references.)
 * .PP
 *	Edits are made on the decoded bytes of the part in its own charset
 *	(every change is ASCII), and the part keeps its charset, its
 *	transfer encoding and, for multiparts, its boundary, so the
 *	top-level header stays true for the new body.  Parts in charsets
 *	that are not ASCII-compatible (UTF-16, UTF-32, UTF-7) are left
 *	unchanged.  At most RW_MAX_URLS URLs are used.
 *
 *	rp_rewrite() is rp_rewrite_urls() with the verdict's deceptive
 *	URLs and the engine's MIME depth limit.
 * DIAGNOSTICS
 *	RP_ERR_PARSE when GMime cannot build a message at all,
 *	RP_ERR_INVALID for NULL arguments.
 */
#include "config.h"

#include <gmime/gmime.h>
#include <stdlib.h>
#include <string.h>

#include "rp_engine.h"
#include "rp_html.h"
#include "rp_mime.h"
#include "rp_rewrite.h"
#include "rp_url.h"
#include "rp_util.h"

#define RW_MAX_URLS	64

typedef struct rw_ctx {
    const char *const *urls;
    size_t  nurls;
    const char *banner;
    unsigned max_depth;
} rw_ctx;

/* One edit of a part: bytes [start, end) of its input become text. */
typedef struct rw_edit {
    size_t  start, end;			/* start == end: an insertion */
    size_t  order;			/* among edits at one place */
    char   *text;			/* owned */
} rw_edit;

typedef struct rw_edits {
    rw_edit *v;
    size_t  n, cap;
} rw_edits;

/* The edits of one part while its links and URLs are found. */
typedef struct rw_scan {
    const rw_ctx *ctx;
    const char *in;			/* the part's decoded bytes */
    int     html;			/* escape what is written */
    rw_edits edits;
    rw_edit *links;			/* the link edits, by position */
    size_t  nlinks, next;		/* how many; the next one a URL may reach */
} rw_scan;

/* rp_rewrite_defang - hxxp scheme, [.] in the authority */
char   *rp_rewrite_defang(const char *url)
{
    rp_buf  out;
    const char *p = url, *sep = strstr(url, "://"), *auth_end;

    rp_buf_init(&out);
    if (sep != NULL && (g_ascii_strncasecmp(url, "http", 4) == 0)
	&& (sep == url + 4 || (sep == url + 5 && g_ascii_tolower(url[4]) == 's'))) {
	rp_buf_append(&out, url, 1);
	rp_buf_puts(&out, "xx");
	p = url + 3;
    }
    if (sep != NULL) {
	rp_buf_append(&out, p, sep + 3 - p);
	p = sep + 3;
    }
    auth_end = p + strcspn(p, "/?#");
    for (; p < auth_end; p++) {
	if (*p == '.')
	    rp_buf_puts(&out, "[.]");
	else
	    rp_buf_putc(&out, *p);
    }
    rp_buf_puts(&out, p);
    return out.data;
}

/* html_escape - append text with & < > " escaped */
static void html_escape(rp_buf *out, const char *s)
{
    for (; *s; s++) {
	switch (*s) {
	case '&': rp_buf_puts(out, "&amp;"); break;
	case '<': rp_buf_puts(out, "&lt;"); break;
	case '>': rp_buf_puts(out, "&gt;"); break;
	case '"': rp_buf_puts(out, "&quot;"); break;
	default: rp_buf_putc(out, *s);
	}
    }
}

/* rw_lookup - the listed URL that is exactly s (len bytes), or NULL */
static const char *rw_lookup(const rw_ctx *ctx, const char *s, size_t len)
{
    size_t  i;

    for (i = 0; i < ctx->nurls; i++)
	if (ctx->urls[i] != NULL && strlen(ctx->urls[i]) == len
	    && memcmp(ctx->urls[i], s, len) == 0)
	    return ctx->urls[i];
    return NULL;
}

/* rw_edit_add - one more edit: bytes [start, end) of the input become text */
static void rw_edit_add(rw_edits *e, size_t start, size_t end, char *text)
{
    e->v = rp_array_grow(e->v, &e->cap, e->n, sizeof(*e->v));
    e->v[e->n].start = start;
    e->v[e->n].end = end;
    e->v[e->n].order = e->n + 1;	/* 0 is for the banner */
    e->v[e->n].text = text;
    e->n++;
}

/* rw_edit_cmp - qsort order: by position, then in the order made */
static int rw_edit_cmp(const void *a, const void *b)
{
    const rw_edit *x = a, *y = b;

    if (x->start != y->start)
	return x->start < y->start ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

/* rw_edit_apply - the input with the edits made; frees them */
static void rw_edit_apply(rw_edits *e, const char *in, size_t len, rp_buf *out)
{
    size_t  i, copied = 0;

    if (e->n > 0)
	qsort(e->v, e->n, sizeof(*e->v), rw_edit_cmp);
    for (i = 0; i < e->n; i++) {
	/* An edit inside bytes already replaced is dropped. */
	if (e->v[i].start >= copied && e->v[i].end <= len) {
	    rp_buf_append(out, in + copied, e->v[i].start - copied);
	    rp_buf_puts(out, e->v[i].text);
	    copied = e->v[i].end;
	}
	free(e->v[i].text);
    }
    rp_buf_append(out, in + copied, len - copied);
    free(e->v);
    e->v = NULL;
    e->n = e->cap = 0;
}

/* rw_defanged - the defanged form of url, HTML-escaped for HTML */
static char *rw_defanged(const char *url, int html)
{
    char   *fang = rp_rewrite_defang(url);
    rp_buf  b;

    if (!html)
	return fang;
    rp_buf_init(&b);
    html_escape(&b, fang);
    free(fang);
    return b.data;
}

/* rw_link - rp_html_link_found: neutralise a listed link, show where it went */
static void rw_link(void *context, const rp_html_link *link)
{
    rw_scan *sc = context;
    const char *url = rw_lookup(sc->ctx, link->href, strlen(link->href));
    rp_buf  shown;
    char   *fang;

    if (url == NULL || link->tag == RP_HTML_NOWHERE)
	return;
    /* A reader follows a, area and form: show the destination before it. */
    if (link->flags & (RP_LINK_HTML | RP_LINK_FORM)) {
	rp_buf_init(&shown);
	fang = rw_defanged(url, 1);
	rp_buf_printf(&shown, "<span style=\"color:#b00;font-weight:bold\">[%s]</span> ",
		      fang);
	free(fang);
	rw_edit_add(&sc->edits, link->tag, link->tag, rp_buf_steal(&shown));
	rp_buf_free(&shown);
    }
    rw_edit_add(&sc->edits, link->start, link->end, rp_strdup("#"));
}

/* rw_url - rp_url_found: defang a listed URL where a reader sees it */
static void rw_url(void *context, const char *url, size_t len)
{
    rw_scan *sc = context;
    size_t  start = (size_t) (url - sc->in), end = start + len;
    const char *listed = rw_lookup(sc->ctx, url, len);
    const rw_edit *link;

    if (listed == NULL)
	return;
    /* Skip what an edit of a link attribute already covers. */
    while (sc->next < sc->nlinks && sc->links[sc->next].end <= start)
	sc->next++;
    link = sc->next < sc->nlinks ? sc->links + sc->next : NULL;
    if (link != NULL && link->start < end)
	return;
    rw_edit_add(&sc->edits, start, end, rw_defanged(listed, sc->html));
}

/* rw_replacements - the link-value edits among edits, by position */
static rw_edit *rw_replacements(const rw_edits *e, size_t *n)
{
    rw_edit *v = rp_calloc(e->n + 1, sizeof(*v));
    size_t  i;

    for (i = *n = 0; i < e->n; i++)
	if (e->v[i].start != e->v[i].end)
	    v[(*n)++] = e->v[i];
    qsort(v, *n, sizeof(*v), rw_edit_cmp);
    return v;
}

/* html_banner - the warning box */
static char *html_banner(const rw_ctx *ctx)
{
    rp_buf  out;

    rp_buf_init(&out);
    rp_buf_puts(&out, "<div style=\"border:2px solid #b00;background:#fee;color:#600;"
		"padding:8px;margin:8px 0;font-weight:bold\">");
    html_escape(&out, ctx->banner);
    rp_buf_puts(&out, "</div>");
    return out.data;
}

/*
 * rewrite_html - banner after <body>; listed links neutralised where
 * libxml2 read them; listed URLs a reader sees (text, other attributes,
 * comments) defanged where the URL scanner finds them.
 */
static void rewrite_html(const rw_ctx *ctx, const char *in, size_t len, rp_buf *result)
{
    rw_scan sc;
    size_t  body;

    memset(&sc, 0, sizeof(sc));
    sc.ctx = ctx;
    sc.in = in;
    sc.html = 1;
    body = rp_html_links(in, len, rw_link, &sc);
    sc.links = rw_replacements(&sc.edits, &sc.nlinks);
    if (ctx->banner && *ctx->banner) {
	/* First of what goes at that place, even before a link's label. */
	rw_edit_add(&sc.edits, body, body, html_banner(ctx));
	sc.edits.v[sc.edits.n - 1].order = 0;
    }
    rp_url_scan_text(in, len, rw_url, &sc);
    free(sc.links);
    rw_edit_apply(&sc.edits, in, len, result);
}

/* rewrite_text - banner on top, URLs defanged where the URL scanner finds them */
static void rewrite_text(const rw_ctx *ctx, const char *in, size_t len, rp_buf *result)
{
    const char *eol = g_strstr_len(in, len, "\r\n") ? "\r\n" : "\n";
    rw_scan sc;

    if (ctx->banner && *ctx->banner)
	rp_buf_printf(result, "*** %s ***%s%s", ctx->banner, eol, eol);
    memset(&sc, 0, sizeof(sc));
    sc.ctx = ctx;
    sc.in = in;
    rp_url_scan_text(in, len, rw_url, &sc);
    rw_edit_apply(&sc.edits, in, len, result);
}

/* charset_ascii_compatible - can ASCII edits be made on the raw bytes */
static int charset_ascii_compatible(const char *charset)
{
    static const char *const bad[] = {"utf-16", "utf-32", "utf-7", "ucs-2", "ucs-4", "ucs2", "ucs4"};
    size_t  i;

    for (i = 0; charset && i < G_N_ELEMENTS(bad); i++)
	if (g_ascii_strncasecmp(charset, bad[i], strlen(bad[i])) == 0)
	    return 0;
    return 1;
}

/* rewrite_part - edit one leaf text part in place */
static void rewrite_part(const rw_ctx *ctx, GMimePart *part, int html)
{
    GMimeDataWrapper *content = g_mime_part_get_content(part);
    GMimeContentEncoding encoding = g_mime_part_get_content_encoding(part);
    GMimeStream *decoded, *fresh;
    GByteArray *bytes;
    const char *data;
    rp_buf  out;

    if (content == NULL
	|| !charset_ascii_compatible(g_mime_object_get_content_type_parameter(
					 GMIME_OBJECT(part), "charset")))
	return;
    decoded = g_mime_stream_mem_new();
    g_mime_data_wrapper_write_to_stream(content, decoded);
    bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(decoded));
    rp_buf_init(&out);
    /* An empty part may have no bytes at all. */
    data = bytes->len > 0 ? (const char *) bytes->data : "";
    if (html)
	rewrite_html(ctx, data, bytes->len, &out);
    else
	rewrite_text(ctx, data, bytes->len, &out);
    g_object_unref(decoded);
    fresh = g_mime_stream_mem_new_with_buffer(out.data, out.len);
    content = g_mime_data_wrapper_new_with_stream(fresh, GMIME_CONTENT_ENCODING_DEFAULT);
    g_mime_part_set_content(part, content);
    g_mime_part_set_content_encoding(part, encoding);
    g_object_unref(content);
    g_object_unref(fresh);
    rp_buf_free(&out);
}

/* rewrite_object - walk multiparts to the text leaves */
static void rewrite_object(const rw_ctx *ctx, GMimeObject *obj, unsigned depth)
{
    GMimeContentType *type = g_mime_object_get_content_type(obj);
    int     i, n;

    if (GMIME_IS_MULTIPART(obj)) {
	if (depth >= ctx->max_depth)
	    return;
	n = g_mime_multipart_get_count(GMIME_MULTIPART(obj));
	for (i = 0; i < n; i++)
	    rewrite_object(ctx, g_mime_multipart_get_part(GMIME_MULTIPART(obj), i), depth + 1);
	return;
    }
    if (!GMIME_IS_PART(obj) || GMIME_IS_MESSAGE_PART(obj)
	|| g_mime_part_is_attachment(GMIME_PART(obj)) || type == NULL)
	return;
    if (g_mime_content_type_is_type(type, "text", "plain"))
	rewrite_part(ctx, GMIME_PART(obj), 0);
    else if (g_mime_content_type_is_type(type, "text", "html"))
	rewrite_part(ctx, GMIME_PART(obj), 1);
}

/* rp_rewrite_urls - the rewritten body of a message */
rp_status rp_rewrite_urls(const char *message, size_t length, const char *const *urls,
			  size_t nurls, const char *banner, unsigned max_depth,
			  char **body, size_t *body_len)
{
    rw_ctx  ctx = {urls, nurls < RW_MAX_URLS ? nurls : RW_MAX_URLS, banner, max_depth};
    GMimeStream *in, *out;
    GMimeParser *parser;
    GMimeMessage *msg;
    GMimeFormatOptions *options;
    GByteArray *bytes;

    if (message == NULL || body == NULL || body_len == NULL || (nurls && urls == NULL))
	return RP_ERR_INVALID;
    rp_mime_init();
    in = g_mime_stream_mem_new_with_buffer(message, length);
    parser = g_mime_parser_new_with_stream(in);
    g_mime_parser_set_format(parser, GMIME_FORMAT_MESSAGE);
    msg = g_mime_parser_construct_message(parser, NULL);
    g_object_unref(parser);
    g_object_unref(in);
    if (msg == NULL || g_mime_message_get_mime_part(msg) == NULL) {
	if (msg != NULL)
	    g_object_unref(msg);
	return RP_ERR_PARSE;
    }
    rewrite_object(&ctx, g_mime_message_get_mime_part(msg), 0);
    out = g_mime_stream_mem_new();
    options = g_mime_format_options_new();
    g_mime_format_options_set_newline_format(options, GMIME_NEWLINE_FORMAT_DOS);
    g_mime_object_write_content_to_stream(g_mime_message_get_mime_part(msg), options, out);
    g_mime_format_options_free(options);
    bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(out));
    *body = rp_strndup(bytes->len > 0 ? (const char *) bytes->data : "", bytes->len);
    *body_len = bytes->len;
    g_object_unref(out);
    g_object_unref(msg);
    return RP_OK;
}

/* rp_rewrite - rp_rewrite_urls() with the verdict's deceptive URLs */
rp_status rp_rewrite(const rp_engine *engine, const rp_verdict *verdict,
		     const char *message, size_t length, const char *banner,
		     char **body, size_t *body_len)
{
    size_t  i, n;
    const char **urls;
    rp_status status;

    if (engine == NULL || verdict == NULL || banner == NULL)
	return RP_ERR_INVALID;
    n = rp_verdict_url_count(verdict);
    urls = rp_calloc(n + 1, sizeof(*urls));
    for (i = 0; i < n; i++)
	urls[i] = rp_verdict_url(verdict, i);
    status = rp_rewrite_urls(message, length, urls, n, banner,
			     engine->limits.max_depth, body, body_len);
    free(urls);
    return status;
}
