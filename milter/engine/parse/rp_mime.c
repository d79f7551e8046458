/*
 * NAME
 *	rp_mime 3
 * SUMMARY
 *	turn a raw message into features, with GMime 3
 * SYNOPSIS
 *	#include "rp_mime.h"
 *
 *	void	rp_mime_init(void)
 *
 *	rp_status rp_mime_extract(const char *message, size_t length,
 *				  const rp_envelope *env,
 *				  const rp_limits *limits, rp_features *f)
 * DESCRIPTION
 *	rp_mime_init() initialises GMime and libxml2 once per process
 *	(pthread_once).  rp_mime_extract() calls it itself; the helpers
 *	that other callers may use directly (rp_charset, rp_rfc2047,
 *	rp_prescan, rp_html) expect it to have run.  Nothing here ever
 *	calls g_mime_shutdown() or xmlCleanupParser(): other code in the
 *	process may use them.
 *
 *	rp_mime_extract() parses message (CRLF or LF, length bytes, not
 *	copied: GMime reads it through a memory stream that does not own
 *	it) and fills f:
 * .IP \(bu
 *	every mailbox of every From header, Sender and Reply-To with
 *	their decoded display names, Return-Path and env->mail_from
 *	without angle brackets;
 * .IP \(bu
 *	the decoded Subject (the first one) and every
 *	Authentication-Results value, unfolded, top first;
 * .IP \(bu
 *	for each text part (any text type but HTML): its content, transfer
 *	decoded and converted to UTF-8, appended to f->text (up to
 *	limits->max_text) and scanned for URLs (RP_LINK_TEXT); HTML parts
 *	and HTML attachments go to rp_html_extract(); message/rfc822
 *	parts are walked like multiparts.
 * .PP
 *	Hostile input is defused first: rp_prescan_edit() gives GMime a
 *	copy with over-deep boundaries spoiled, NUL bytes dropped from
 *	headers, header fields cut at RP_HEADER_MAX and a missing blank
 *	line after the headers inserted (well-formed messages are read in
 *	place).  The MIME tree is then walked with an explicit stack: at
 *	most limits->max_depth levels (RP_MSG_TOO_DEEP) and
 *	limits->max_parts parts (RP_MSG_TOO_MANY_PARTS).  GMime's parser
 *	recurses, but it stops nesting by itself at a fixed depth, which
 *	the tests check in a thread with a 256 KB stack.  Structural
 *	damage that GMime reports (missing or unterminated boundaries, bad
 *	header names, conflicting headers) sets RP_MSG_MIME_BROKEN; a
 *	multipart whose boundary never appears is read as one text (or
 *	HTML) body.  Unknown or bogus charsets, and bytes that are invalid
 *	in their charset, are converted lossily (rp_charset_to_utf8():
 *	U+FFFD, RP_MSG_BAD_UTF8); NUL bytes are dropped from text.
 *
 *	Subjects and display names are decoded by rp_rfc2047_decode(), not
 *	by GMime (whose 3.2.13 decoder loses the words after '=' padding).
 *	Address headers go through the same decoder: rp_rfc2047_reencode()
 *	replaces each run of encoded words by one UTF-8 B word before
 *	internet_address_list_parse() sees it, so GMime still does the
 *	structure (a decoded "<a@b>" in a display name stays a name) and
 *	its decoder only ever sees a single word.
 * DIAGNOSTICS
 *	rp_mime_extract() returns RP_OK whenever anything was read,
 *	RP_ERR_INVALID for NULL arguments and RP_ERR_PARSE for an empty
 *	message.
 */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <gmime/gmime.h>
#include <libxml/parser.h>

#include "rp_charset.h"
#include "rp_header.h"
#include "rp_html.h"
#include "rp_mime.h"
#include "rp_prescan.h"
#include "rp_rfc2047.h"
#include "rp_url.h"
#include "rp_utf8.h"
#include "rp_util.h"

#define RP_MIME_SNIFF	4096		/* bytes searched for <meta charset> */

/* What one extraction keeps between callbacks. */
typedef struct rp_mime_ctx {
    const rp_limits *limits;
    rp_features *f;
} rp_mime_ctx;

static pthread_once_t rp_mime_once = PTHREAD_ONCE_INIT;

/* rp_mime_init_once - the process-wide library setup */
static void rp_mime_init_once(void)
{
    g_mime_init();
    xmlInitParser();
}

/* rp_mime_init - initialise GMime and libxml2, once */
void    rp_mime_init(void)
{
    pthread_once(&rp_mime_once, rp_mime_init_once);
}

/* rp_mime_add_text - append UTF-8 text to f->text within max_text */
static void rp_mime_add_text(rp_mime_ctx *c, const char *s, size_t len)
{
    rp_buf *t = &c->f->text;
    size_t  room;

    if (t->len && t->data[t->len - 1] != '\n' && t->len < c->limits->max_text)
	rp_buf_putc(t, '\n');
    room = t->len < c->limits->max_text ? c->limits->max_text - t->len : 0;
    if (len > room) {
	/* Cut on a character boundary. */
	len = rp_utf8_cut(s, len, room);
	c->f->flags |= RP_MSG_TEXT_TRUNCATED;
    }
    rp_buf_append(t, s, len);
}

/* rp_mime_text_url - rp_url_found callback for URLs in text parts */
static void rp_mime_text_url(void *ctx, const char *url, size_t len)
{
    rp_mime_ctx *c = ctx;
    char   *u;

    if (c->f->flags & RP_MSG_TOO_MANY_LINKS)
	return;
    u = rp_strndup(url, len);
    (void) rp_features_add_link(c->f, c->limits, u, NULL, RP_LINK_TEXT);
    free(u);
}

/* rp_mime_lines - CRLF and lone CR to LF, in place */
static void rp_mime_lines(rp_buf *b)
{
    size_t  i, o = 0;

    for (i = 0; i < b->len; i++) {
	if (b->data[i] == '\r' && i + 1 < b->len && b->data[i + 1] == '\n')
	    continue;
	b->data[o++] = b->data[i] == '\r' ? '\n' : b->data[i];
    }
    b->len = o;
    b->data[o] = 0;
}

/* rp_mime_body - a decoded text body: plain text or HTML */
static void rp_mime_body(rp_mime_ctx *c, const char *charset, const char *data,
			         size_t len, int html)
{
    rp_buf  utf8;

    rp_buf_init(&utf8);
    if (rp_charset_to_utf8(charset, data, len, &utf8))
	c->f->flags |= RP_MSG_BAD_UTF8;
    rp_mime_lines(&utf8);
    if (html) {
	rp_html_extract(utf8.data, utf8.len, c->limits, c->f);
    } else {
	rp_mime_add_text(c, utf8.data, utf8.len);
	rp_url_scan_text(utf8.data, utf8.len, rp_mime_text_url, c);
    }
    rp_buf_free(&utf8);
}

/* rp_mime_sniff_charset - charset named by <meta> early in an HTML body */
static char *rp_mime_sniff_charset(const char *data, size_t len)
{
    size_t  n = len < RP_MIME_SNIFF ? len : RP_MIME_SNIFF, i, end;

    for (i = 0; i + 8 < n; i++) {
	if (rp_ascii_ncasecmp(data + i, "charset=", 8) != 0)
	    continue;
	i += 8;
	i += (data[i] == '"' || data[i] == '\'');
	for (end = i; end < n && (g_ascii_isalnum(data[end])
				  || strchr("-_.:", data[end])); end++)
	     /* void */ ;
	return end > i ? rp_strndup(data + i, end - i) : NULL;
    }
    return NULL;
}

/* rp_mime_looks_html - does a body that lost its MIME structure hold HTML */
static int rp_mime_looks_html(const char *s)
{
    static const char *const marks[] = {"<html", "<body", "<a ", "href=", 0};
    const char *const *m;

    for (; (s = strpbrk(s, "<hH")) != NULL; s++)
	for (m = marks; *m; m++)
	    if (rp_ascii_ncasecmp(s, *m, strlen(*m)) == 0)
		return 1;
    return 0;
}

/* rp_mime_has_suffix - does name end with suffix, ignoring case */
static int rp_mime_has_suffix(const char *name, const char *suffix)
{
    size_t  n = strlen(name), s = strlen(suffix);

    return n >= s && rp_ascii_casecmp(name + n - s, suffix) == 0;
}

/* rp_mime_leaf - a leaf part: text goes to text, HTML to the HTML parser */
static void rp_mime_leaf(rp_mime_ctx *c, GMimePart *part)
{
    GMimeObject *obj = (GMimeObject *) part;
    GMimeContentType *ct = g_mime_object_get_content_type(obj);
    GMimeDataWrapper *content = g_mime_part_get_content(part);
    const char *name = g_mime_part_get_filename(part);
    const char *charset;
    GMimeStream *mem;
    GByteArray *bytes;
    char   *sniffed = NULL;
    int     html;

    html = (ct && g_mime_content_type_is_type(ct, "text", "html"))
	|| (ct && g_mime_content_type_is_type(ct, "application", "xhtml+xml"))
	|| (name && (rp_mime_has_suffix(name, ".html")
		     || rp_mime_has_suffix(name, ".htm")
		     || rp_mime_has_suffix(name, ".xhtml")
		     || rp_mime_has_suffix(name, ".shtml")));
    if (content == NULL || !(html || (ct && g_mime_content_type_is_type(ct, "text", "*"))))
	return;
    /* The wrapper undoes base64, quoted-printable and uuencode. */
    mem = g_mime_stream_mem_new();
    g_mime_data_wrapper_write_to_stream(content, mem);
    bytes = g_mime_stream_mem_get_byte_array((GMimeStreamMem *) mem);
    charset = g_mime_object_get_content_type_parameter(obj, "charset");
    if (html && (charset == NULL || *charset == 0))
	charset = sniffed = rp_mime_sniff_charset((const char *) bytes->data,
						  bytes->len);
    rp_mime_body(c, charset, (const char *) bytes->data, bytes->len, html);
    free(sniffed);
    g_object_unref(mem);
}

/* rp_mime_lost_body - a multipart whose boundary never came: read it whole */
static void rp_mime_lost_body(rp_mime_ctx *c, GMimeMultipart *mp)
{
    const char *body = g_mime_multipart_get_prologue(mp);
    const char *charset;

    if (body == NULL || *body == 0)
	return;
    c->f->flags |= RP_MSG_MIME_BROKEN;
    charset = g_mime_object_get_content_type_parameter((GMimeObject *) mp,
						       "charset");
    rp_mime_body(c, charset, body, strlen(body), rp_mime_looks_html(body));
}

/* One entry of the explicit walk stack. */
typedef struct rp_mime_node {
    GMimeObject *obj;
    unsigned depth;
} rp_mime_node;

/* rp_mime_walk - visit the MIME tree without recursion, within limits */
static void rp_mime_walk(rp_mime_ctx *c, GMimeObject *root)
{
    rp_mime_node *stack = NULL, node;
    size_t  n = 0, cap = 0, parts = 0;
    GMimeMessage *inner;
    int     i, count;

    if (root == NULL)
	return;
    stack = rp_array_grow(stack, &cap, n, sizeof(*stack));
    stack[n].obj = root;
    stack[n++].depth = 1;
    while (n > 0) {
	node = stack[--n];
	if (node.depth > c->limits->max_depth) {
	    c->f->flags |= RP_MSG_TOO_DEEP;
	    continue;
	}
	if (++parts > c->limits->max_parts) {
	    c->f->flags |= RP_MSG_TOO_MANY_PARTS;
	    break;
	}
	if (GMIME_IS_MULTIPART(node.obj)) {
	    GMimeMultipart *mp = (GMimeMultipart *) node.obj;

	    count = g_mime_multipart_get_count(mp);
	    if (count == 0)
		rp_mime_lost_body(c, mp);
	    /* Push in reverse so that parts are visited in order. */
	    for (i = count - 1; i >= 0; i--) {
		stack = rp_array_grow(stack, &cap, n, sizeof(*stack));
		stack[n].obj = g_mime_multipart_get_part(mp, i);
		stack[n++].depth = node.depth + 1;
	    }
	} else if (GMIME_IS_MESSAGE_PART(node.obj)) {
	    inner = g_mime_message_part_get_message((GMimeMessagePart *) node.obj);
	    if (inner && g_mime_message_get_mime_part(inner)) {
		stack = rp_array_grow(stack, &cap, n, sizeof(*stack));
		stack[n].obj = g_mime_message_get_mime_part(inner);
		stack[n++].depth = node.depth + 1;
	    }
	} else if (GMIME_IS_PART(node.obj)) {
	    rp_mime_leaf(c, (GMimePart *) node.obj);
	}
    }
    free(stack);
}

/* rp_mime_add_list - record every mailbox of a list, groups included */
static void rp_mime_add_list(rp_mime_ctx *c, rp_addr_role role,
			             InternetAddressList *list, int depth)
{
    InternetAddress *ia;
    const char *addr, *name;
    char   *text;
    int     i;

    for (i = 0; i < internet_address_list_length(list); i++) {
	ia = internet_address_list_get_address(list, i);
	if (INTERNET_ADDRESS_IS_MAILBOX(ia)) {
	    addr = internet_address_mailbox_get_idn_addr((InternetAddressMailbox *) ia);
	    name = internet_address_get_name(ia);
	    if (addr && strchr(addr, '@')) {
		rp_features_add_address(c->f, role, name, addr);
	    } else {
		/* No domain: what the reader sees is a name ("PyPI Security"). */
		text = rp_rfc2047_decode(name && *name ? name : addr ? addr : "");
		rp_features_add_address(c->f, role, text, NULL);
		free(text);
	    }
	} else if (INTERNET_ADDRESS_IS_GROUP(ia) && depth < 2)
	    rp_mime_add_list(c, role,
		    internet_address_group_get_members((InternetAddressGroup *) ia),
			     depth + 1);
    }
}

/* rp_mime_addresses - From, Sender, Reply-To: names decoded our way */
static void rp_mime_addresses(rp_mime_ctx *c, rp_addr_role role,
			              const char *raw)
{
    InternetAddressList *list;
    char   *merged, *text;

    merged = rp_rfc2047_reencode(raw);
    list = internet_address_list_parse(NULL, merged);
    if (list && internet_address_list_length(list) > 0) {
	rp_mime_add_list(c, role, list, 0);
    } else {
	/* Unparsable: keep what the reader sees as a display name. */
	text = rp_rfc2047_decode(raw);
	rp_features_add_address(c->f, role, text, NULL);
	free(text);
    }
    if (list)
	g_object_unref(list);
    free(merged);
}

/* rp_mime_headers - addresses, subject and auth results of the message */
static void rp_mime_headers(rp_mime_ctx *c, GMimeObject *msg)
{
    GMimeHeaderList *hl = g_mime_object_get_header_list(msg);
    GMimeHeader *h;
    const char *name, *raw;
    char   *v;
    int     i, count = hl ? g_mime_header_list_get_count(hl) : 0;

    for (i = 0; i < count; i++) {
	h = g_mime_header_list_get_header_at(hl, i);
	name = g_mime_header_get_name(h);
	raw = g_mime_header_get_raw_value(h);
	if (name == NULL || raw == NULL)
	    continue;
	if (rp_ascii_casecmp(name, "From") == 0) {
	    rp_mime_addresses(c, RP_ADDR_FROM, raw);
	} else if (rp_ascii_casecmp(name, "Sender") == 0) {
	    rp_mime_addresses(c, RP_ADDR_SENDER, raw);
	} else if (rp_ascii_casecmp(name, "Reply-To") == 0) {
	    rp_mime_addresses(c, RP_ADDR_REPLY_TO, raw);
	} else if (rp_ascii_casecmp(name, "Return-Path") == 0) {
	    v = rp_header_bare(raw);
	    rp_features_add_address(c->f, RP_ADDR_RETURN_PATH, NULL, v);
	    free(v);
	} else if (rp_ascii_casecmp(name, "Subject") == 0) {
	    if (c->f->subject == NULL)
		c->f->subject = rp_rfc2047_decode(raw);
	} else if (rp_ascii_casecmp(name, "Authentication-Results") == 0) {
	    /* Unfolded, otherwise as written: rp_auth parses it. */
	    v = rp_header_unfold(raw);
	    rp_features_add_auth(c->f, v);
	    free(v);
	}
    }
}

/* rp_mime_warning - GMime parser warnings that mean broken structure */
static void rp_mime_warning(gint64 offset, GMimeParserWarning code,
			            const gchar *item, gpointer ctx)
{
    rp_features *f = ctx;

    switch (code) {
    case GMIME_CRIT_NESTING_OVERFLOW:
	f->flags |= RP_MSG_TOO_DEEP;
	break;
    case GMIME_WARN_MALFORMED_MULTIPART:
    case GMIME_WARN_TRUNCATED_MESSAGE:
    case GMIME_WARN_MALFORMED_MESSAGE:
    case GMIME_CRIT_INVALID_HEADER_NAME:
    case GMIME_CRIT_CONFLICTING_HEADER:
    case GMIME_CRIT_MULTIPART_WITHOUT_BOUNDARY:
    case GMIME_WARN_PART_WITHOUT_CONTENT:
    case GMIME_CRIT_PART_WITHOUT_HEADERS_OR_CONTENT:
	f->flags |= RP_MSG_MIME_BROKEN;
	break;
    default:
	break;
    }
}

/* rp_mime_extract - parse a raw message into features */
rp_status rp_mime_extract(const char *message, size_t length,
			          const rp_envelope *env,
			          const rp_limits *limits, rp_features *f)
{
    rp_mime_ctx c;
    GMimeParserOptions *opts;
    GMimeParser *parser;
    GMimeMessage *msg;
    GMimeStream *stream;
    GByteArray *array;
    char   *v, *copy;

    if (message == NULL || limits == NULL || f == NULL)
	return RP_ERR_INVALID;
    if (length == 0)
	return RP_ERR_PARSE;
    rp_mime_init();
    c.limits = limits;
    c.f = f;

    /* GMime reads the caller's bytes in place unless they need edits. */
    if ((copy = rp_prescan_edit(message, &length, limits->max_depth, &f->flags)) != NULL)
	message = copy;
    /* The array never owns the bytes it wraps. */
    array = g_byte_array_new_take((guint8 *) message, length);
    stream = g_mime_stream_mem_new_with_byte_array(array);
    g_mime_stream_mem_set_owner((GMimeStreamMem *) stream, FALSE);
    opts = g_mime_parser_options_new();
    g_mime_parser_options_set_warning_callback(opts, rp_mime_warning, f);
    parser = g_mime_parser_new_with_stream(stream);
    g_mime_parser_set_format(parser, GMIME_FORMAT_MESSAGE);
    msg = g_mime_parser_construct_message(parser, opts);
    g_object_unref(parser);

    if (msg != NULL) {
	rp_mime_headers(&c, (GMimeObject *) msg);
	rp_mime_walk(&c, g_mime_message_get_mime_part(msg));
	g_object_unref(msg);
    } else {
	/* Not even headers: what a reader would see is the raw text. */
	f->flags |= RP_MSG_MIME_BROKEN;
	rp_mime_body(&c, NULL, message, length, 0);
    }
    if (env && env->mail_from && *env->mail_from) {
	v = rp_header_bare(env->mail_from);
	rp_features_add_address(f, RP_ADDR_ENVELOPE, NULL, v);
	free(v);
    }
    g_mime_parser_options_free(opts);
    g_object_unref(stream);
    (void) g_byte_array_free(array, FALSE);
    free(copy);
    return RP_OK;
}
