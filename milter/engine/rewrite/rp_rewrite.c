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
 *	rp_status rp_rewrite(const char *message, size_t length,
 *			     const char *const *urls, size_t nurls,
 *			     const char *banner, unsigned max_depth,
 *			     char **body, size_t *body_len)
 * DESCRIPTION
 *	rp_rewrite_defang() writes a URL so that no mail client makes it a
 *	link again, in the form analysts use: "http" becomes "hxxp" and each
 *	dot of the host (with any user-info) becomes "[.]".
 *
 *	rp_rewrite() parses the message with GMime and visits every
 *	text/plain and text/html part that is not an attachment, down to
 *	max_depth multipart levels (forwarded message/rfc822 parts are left
 *	alone: they are quoted, not addressed to the reader).  In a text
 *	part every occurrence of a deceptive URL is replaced by its defanged
 *	form and the banner is put on top.  In an HTML part the href of
 *	each <a>/<area> (and the action of each <form>) that points to a
 *	deceptive URL becomes "#", the defanged destination is shown as
 *	text just before the link, URLs left in visible text are defanged,
 *	and a banner box is put right after <body> (or at the top).
 *
 *	Edits are made on the decoded bytes of the part in its own charset
 *	(every change is ASCII), and the part keeps its charset, its
 *	transfer encoding and, for multiparts, its boundary, so the
 *	top-level header stays true for the new body.  Parts in charsets
 *	that are not ASCII-compatible (UTF-16, UTF-32, UTF-7) are left
 *	unchanged.  At most RW_MAX_URLS URLs are used, each at least
 *	RW_MIN_URL bytes long (short strings would match innocent text).
 * DIAGNOSTICS
 *	RP_ERR_PARSE when GMime cannot build a message at all,
 *	RP_ERR_INVALID for NULL arguments.
 */
#include "config.h"

#include <gmime/gmime.h>
#include <string.h>

#include "rp_mime.h"
#include "rp_engine.h"
#include "rp_rewrite.h"
#include "rp_util.h"

#define RW_MAX_URLS	64
#define RW_MIN_URL	8
#define RW_MAX_TAG	8192		/* longest tag examined */

typedef struct rw_ctx {
    const char *const *urls;
    size_t  nurls;
    const char *banner;
    unsigned max_depth;
} rw_ctx;

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

/* url_usable - a URL worth searching for */
static int url_usable(const char *url)
{
    return url != NULL && strlen(url) >= RW_MIN_URL;
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

/* replace_urls - text with every URL occurrence defanged (HTML-escaped in HTML) */
static void replace_urls(const rw_ctx *ctx, const char *in, size_t len, int html,
			 rp_buf *out)
{
    rp_buf  cur, next;
    size_t  i;

    rp_buf_init(&cur);
    rp_buf_append(&cur, in, len);
    for (i = 0; i < ctx->nurls; i++) {
	const char *pos = cur.data, *hit;
	char   *fang;
	size_t  ulen = strlen(ctx->urls[i]);

	if (!url_usable(ctx->urls[i]) || strstr(cur.data, ctx->urls[i]) == NULL)
	    continue;
	fang = rp_rewrite_defang(ctx->urls[i]);
	rp_buf_init(&next);
	while ((hit = strstr(pos, ctx->urls[i])) != NULL) {
	    rp_buf_append(&next, pos, hit - pos);
	    if (html)
		html_escape(&next, fang);
	    else
		rp_buf_puts(&next, fang);
	    pos = hit + ulen;
	}
	rp_buf_append(&next, pos, cur.data + cur.len - pos);
	free(fang);
	rp_buf_free(&cur);
	cur = next;
    }
    rp_buf_append(out, cur.data, cur.len);
    rp_buf_free(&cur);
}

/* entity_decode - attribute value with character references resolved */
static char *entity_decode(const char *s, size_t len)
{
    static const struct { const char *name; char ch; } named[] = {
	{"amp;", '&'}, {"quot;", '"'}, {"apos;", '\''}, {"lt;", '<'}, {"gt;", '>'},
    };
    rp_buf  out;
    size_t  i, k;

    rp_buf_init(&out);
    for (i = 0; i < len; i++) {
	if (s[i] != '&') {
	    rp_buf_putc(&out, s[i]);
	    continue;
	}
	for (k = 0; k < G_N_ELEMENTS(named); k++)
	    if (len - i - 1 >= strlen(named[k].name)
		&& g_ascii_strncasecmp(s + i + 1, named[k].name, strlen(named[k].name)) == 0)
		break;
	if (k < G_N_ELEMENTS(named)) {
	    rp_buf_putc(&out, named[k].ch);
	    i += strlen(named[k].name);
	} else if (i + 2 < len && s[i + 1] == '#') {
	    int     hex = (s[i + 2] == 'x' || s[i + 2] == 'X');
	    size_t  j = i + 2 + hex;
	    gunichar c = 0;
	    char    utf8[6];

	    while (j < len && j < i + 12 && g_ascii_isxdigit(s[j])
		   && (hex || g_ascii_isdigit(s[j])))
		c = c * (hex ? 16 : 10) + g_ascii_xdigit_value(s[j++]);
	    if (j == i + 2 + hex || c == 0 || c > 0x10FFFF) {
		rp_buf_putc(&out, '&');
		continue;
	    }
	    rp_buf_append(&out, utf8, g_unichar_to_utf8(c, utf8));
	    i = (j < len && s[j] == ';') ? j : j - 1;
	} else
	    rp_buf_putc(&out, '&');
    }
    return out.data;
}

/* url_listed - is the (decoded, trimmed) value one of the URLs */
static const char *url_listed(const rw_ctx *ctx, const char *value, size_t len)
{
    char   *decoded = entity_decode(value, len);
    char   *v = g_strstrip(decoded);
    const char *hit = NULL;
    size_t  i;

    for (i = 0; i < ctx->nurls && hit == NULL; i++)
	if (url_usable(ctx->urls[i]) && strcmp(v, ctx->urls[i]) == 0)
	    hit = ctx->urls[i];
    free(decoded);
    return hit;
}

typedef struct rw_span {
    size_t  start, end;			/* attribute value, offsets in the tag */
    const char *url;
} rw_span;

/* scan_tag - find link attributes pointing to listed URLs; returns tag length */
static size_t scan_tag(const rw_ctx *ctx, const char *tag, size_t avail,
		       rw_span *spans, size_t *nspans, size_t max_spans)
{
    size_t  i = 1, name_len, aname_start, aname_len, vstart, vend;
    int     link_tag;

    name_len = strspn(tag + 1, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
    link_tag = (name_len == 1 && g_ascii_tolower(tag[1]) == 'a')
	|| (name_len == 4 && (g_ascii_strncasecmp(tag + 1, "area", 4) == 0
			      || g_ascii_strncasecmp(tag + 1, "form", 4) == 0));
    i += name_len;
    *nspans = 0;
    while (i < avail && tag[i] != '>') {
	if (g_ascii_isspace(tag[i]) || tag[i] == '/') {
	    i++;
	    continue;
	}
	aname_start = i;
	while (i < avail && !g_ascii_isspace(tag[i]) && tag[i] != '=' && tag[i] != '>')
	    i++;
	aname_len = i - aname_start;
	while (i < avail && g_ascii_isspace(tag[i]))
	    i++;
	if (i >= avail || tag[i] != '=')
	    continue;
	i++;
	while (i < avail && g_ascii_isspace(tag[i]))
	    i++;
	if (i < avail && (tag[i] == '"' || tag[i] == '\'')) {
	    const char *q = memchr(tag + i + 1, tag[i], avail - i - 1);

	    if (q == NULL)
		return avail;
	    vstart = i + 1;
	    vend = q - tag;
	    i = vend + 1;
	} else {
	    vstart = i;
	    while (i < avail && !g_ascii_isspace(tag[i]) && tag[i] != '>')
		i++;
	    vend = i;
	}
	if (link_tag && *nspans < max_spans
	    && ((aname_len == 4 && g_ascii_strncasecmp(tag + aname_start, "href", 4) == 0)
		|| (aname_len == 6 && g_ascii_strncasecmp(tag + aname_start, "action", 6) == 0))
	    && (spans[*nspans].url = url_listed(ctx, tag + vstart, vend - vstart)) != NULL) {
	    spans[*nspans].start = vstart;
	    spans[*nspans].end = vend;
	    (*nspans)++;
	}
    }
    return i < avail ? i + 1 : avail;
}

/* emit_tag - the tag with listed links neutralised, their targets shown first */
static void emit_tag(rp_buf *out, const char *tag, size_t len, const rw_span *spans,
		     size_t nspans)
{
    size_t  k, from = 0;
    char   *fang;

    for (k = 0; k < nspans; k++) {
	fang = rp_rewrite_defang(spans[k].url);
	rp_buf_puts(out, "<span style=\"color:#b00;font-weight:bold\">[");
	html_escape(out, fang);
	rp_buf_puts(out, "]</span> ");
	free(fang);
    }
    for (k = 0; k < nspans; k++) {
	rp_buf_append(out, tag + from, spans[k].start - from);
	rp_buf_putc(out, '#');
	from = spans[k].end;
    }
    rp_buf_append(out, tag + from, len - from);
}

/* html_banner - the warning box */
static void html_banner(const rw_ctx *ctx, rp_buf *out)
{
    rp_buf_puts(out, "<div style=\"border:2px solid #b00;background:#fee;color:#600;"
		"padding:8px;margin:8px 0;font-weight:bold\">");
    html_escape(out, ctx->banner);
    rp_buf_puts(out, "</div>");
}

/* rewrite_html - neutralise links, defang visible URLs, add the banner */
static void rewrite_html(const rw_ctx *ctx, const char *in, size_t len, rp_buf *result)
{
    rp_buf  out;
    rw_span spans[8];
    size_t  pos = 0, copied = 0, tlen, nspans;
    const char *lt, *end;
    int     bannered = 0;

    rp_buf_init(&out);
    while (pos < len && (lt = memchr(in + pos, '<', len - pos)) != NULL) {
	size_t  at = lt - in, avail = len - at < RW_MAX_TAG ? len - at : RW_MAX_TAG;

	if (avail >= 4 && memcmp(lt, "<!--", 4) == 0) {
	    end = g_strstr_len(lt + 4, len - at - 4, "-->");
	    pos = end ? (size_t) (end - in) + 3 : len;
	    continue;
	}
	tlen = scan_tag(ctx, lt, avail, spans, &nspans, G_N_ELEMENTS(spans));
	if (nspans > 0 || (!bannered && avail > 5 && g_ascii_strncasecmp(lt, "<body", 5) == 0
			   && (g_ascii_isspace(lt[5]) || lt[5] == '>'))) {
	    replace_urls(ctx, in + copied, at - copied, 1, &out);
	    emit_tag(&out, lt, tlen, spans, nspans);
	    copied = at + tlen;
	    if (nspans == 0) {
		html_banner(ctx, &out);
		bannered = 1;
	    }
	}
	pos = at + (tlen ? tlen : 1);
    }
    replace_urls(ctx, in + copied, len - copied, 1, &out);
    if (!bannered && ctx->banner && *ctx->banner)
	html_banner(ctx, result);
    rp_buf_append(result, out.data, out.len);
    rp_buf_free(&out);
}

/* rewrite_text - banner on top, URLs defanged */
static void rewrite_text(const rw_ctx *ctx, const char *in, size_t len, rp_buf *result)
{
    const char *eol = g_strstr_len(in, len, "\r\n") ? "\r\n" : "\n";

    if (ctx->banner && *ctx->banner)
	rp_buf_printf(result, "*** %s ***%s%s", ctx->banner, eol, eol);
    replace_urls(ctx, in, len, 0, result);
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
    rp_buf  out;

    if (content == NULL
	|| !charset_ascii_compatible(g_mime_object_get_content_type_parameter(
					 GMIME_OBJECT(part), "charset")))
	return;
    decoded = g_mime_stream_mem_new();
    g_mime_data_wrapper_write_to_stream(content, decoded);
    bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(decoded));
    rp_buf_init(&out);
    if (html)
	rewrite_html(ctx, (const char *) bytes->data, bytes->len, &out);
    else
	rewrite_text(ctx, (const char *) bytes->data, bytes->len, &out);
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
    *body = rp_strndup((const char *) bytes->data, bytes->len);
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
