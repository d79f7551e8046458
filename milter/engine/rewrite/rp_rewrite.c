/*
 * NAME
 *	rp_rewrite 3
 * SUMMARY
 *	defang deceptive links and add a warning banner (engine side)
 * SYNOPSIS
 *	#include "rp_rewrite.h"
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
 *	rp_rewrite_urls() reaches every text detection reads, and disables
 *	in it every link that goes where one of urls[] goes (the URL
 *	itself, or its host: rp_rewrite_match(3)), however many:
 * .IP \(bu
 *	The message is read as detection reads it: rp_prescan_edit() first
 *	(max_depth), then GMime, then every part of the tree, without a
 *	count limit: leaves that rp_mime_leaf_read() reads (any text
 *	part, HTML by type or by a .html/.htm name, attachments included),
 *	multiparts whose boundary never came (rp_mime_lost_read()), and
 *	the parts of attached messages (message/rfc822), those GMime left
 *	opaque too (transfer-encoded, or nested past its own limit: each is
 *	decoded, parsed alone once the tree it is in is done, within as
 *	many bytes as the message, and written back into its part).  What
 *	GMime cannot read as a message at all is rewritten as plain text,
 *	from its first empty line on, as detection reads it as text.  The
 *	body written is that reading: what the prescan changed (multiparts
 *	nested too deep, NUL bytes in part headers) stays changed.
 * .IP \(bu
 *	In each, the text that detection scans (rp_mime_text(): transfer
 *	decoded, converted from its charset to UTF-8, NUL bytes dropped,
 *	LF line ends) is edited by rp_rewrite_part_text() or
 *	rp_rewrite_part_html(), which read their result again as detection
 *	would until no such link is left.
 * .IP \(bu
 *	A part that changed is written back in the charset its text was
 *	read in (rp_charset_from_utf8(), CRLF line ends) and its own
 *	transfer encoding; a part that did not change keeps its bytes.  So
 *	the top-level header stays true for the new body (same MIME type,
 *	boundary, charset and transfer encoding), and UTF-16, UTF-7 or
 *	ISO-2022-JP parts are edited like any other.
 * .IP \(bu
 *	Last, the header with the new body is read again the way detection
 *	reads mail (rp_mime_extract(), no limit but max_depth).  GMime may
 *	read its own output otherwise than the input (a boundary line with
 *	junk after it, say), and show a part the first reading did not:
 *	then the rewritten message is rewritten again, up to RW_ROUNDS
 *	times, and should a matching link still be read after that, the
 *	body is withheld: only the banner and a line saying so are left.
 * .PP
 *	The banner goes on top of each text/plain and HTML part a reader is
 *	shown (not an attachment, not inside an attached message), and of
 *	a lost multipart body.  Every length is a length: a NUL byte
 *	anywhere in the message ends nothing early, and *body may hold NUL
 *	bytes (*body_len says how many bytes it has; it is NUL-terminated
 *	past them).
 *
 *	rp_rewrite() is rp_rewrite_urls() with the verdict's deceptive
 *	URLs and the engine's MIME depth limit.
 * DIAGNOSTICS
 *	RP_ERR_PARSE for an empty message, RP_ERR_INVALID for NULL
 *	arguments.
 */
#include "config.h"

#include <gmime/gmime.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rp_charset.h"
#include "rp_engine.h"
#include "rp_features.h"
#include "rp_mime.h"
#include "rp_mime_tree.h"
#include "rp_prescan.h"
#include "rp_rewrite.h"
#include "rp_rewrite_match.h"
#include "rp_rewrite_part.h"
#include "rp_util.h"

#define RW_TOP	((size_t) -1)		/* the message itself, not a forward */
#define RW_ROUNDS	3		/* rewrites of the whole message at most */
#define RW_WITHHELD	"[This message was withheld: its deceptive links could not be disabled.]\r\n"

/* A forwarded message GMime left opaque: parsed alone, rewritten, put back. */
typedef struct rw_forward {
    GMimePart *part;			/* that holds it (an earlier message's) */
    size_t  parent;			/* the forward that part is in, or RW_TOP */
    GMimeMessage *msg;			/* as parsed, or NULL */
    rp_buf  raw;			/* no MIME: its bytes rewritten as text */
    int     changed;
} rw_forward;

typedef struct rw_ctx {
    const rp_rewrite_match *match;
    const char *banner;
    unsigned max_depth;
    rw_forward *fw;			/* in the order met */
    size_t  nfw, fw_cap;
    size_t  room;			/* bytes forwards may still take */
    size_t  current;			/* the forward being rewritten, or RW_TOP */
} rw_ctx;

/* One entry of the explicit walk stack. */
typedef struct rw_node {
    GMimeObject *obj;
    int     quoted;			/* inside an attached message */
} rw_node;

/*
 * rewrite_text - the new bytes of a text read as kind in charset, or 0
 * when nothing changed: edited as UTF-8, written back in its charset
 * with CRLF line ends.
 */
static int rewrite_text(const rw_ctx *ctx, rp_mime_kind kind, const char *charset,
			        const char *data, size_t len, int banner, rp_buf *out)
{
    const char *shown = banner && ctx->banner && *ctx->banner ? ctx->banner : NULL;
    rp_buf  utf8, edited, crlf;
    size_t  i;
    int     changed;

    rp_buf_init(&utf8);
    rp_buf_init(&edited);
    (void) rp_mime_text(charset, data, len, &utf8);
    if (kind == RP_MIME_HTML)
	changed = rp_rewrite_part_html(ctx->match, utf8.data, utf8.len, shown, &edited);
    else
	changed = rp_rewrite_part_text(ctx->match, utf8.data, utf8.len, shown, &edited);
    if (changed) {
	rp_buf_init(&crlf);
	for (i = 0; i < edited.len; i++) {
	    if (edited.data[i] == '\n')
		rp_buf_putc(&crlf, '\r');
	    rp_buf_putc(&crlf, edited.data[i]);
	}
	rp_charset_from_utf8(charset, data, len, crlf.data, crlf.len, out);
	rp_buf_free(&crlf);
    }
    rp_buf_free(&utf8);
    rp_buf_free(&edited);
    return changed;
}

/* set_content - the part's new decoded bytes, in its own transfer encoding */
static void set_content(GMimePart *part, const char *data, size_t len)
{
    GMimeContentEncoding encoding = g_mime_part_get_content_encoding(part);
    GMimeStream *fresh = g_mime_stream_mem_new_with_buffer(data, len);
    GMimeDataWrapper *content;

    content = g_mime_data_wrapper_new_with_stream(fresh, GMIME_CONTENT_ENCODING_DEFAULT);
    g_mime_part_set_content(part, content);
    g_mime_part_set_content_encoding(part, encoding);
    g_object_unref(content);
    g_object_unref(fresh);
}

/* swap - exchange two buffers */
static void swap(rp_buf *a, rp_buf *b)
{
    rp_buf  t = *a;

    *a = *b;
    *b = t;
}

/* changed - note that the message being rewritten changed */
static void changed(rw_ctx *ctx)
{
    if (ctx->current != RW_TOP)
	ctx->fw[ctx->current].changed = 1;
}

/* shows_banner - is a leaf one a reader is shown as the message's text */
static int shows_banner(GMimePart *part, rp_mime_kind kind, int quoted)
{
    GMimeContentType *ct = g_mime_object_get_content_type(GMIME_OBJECT(part));

    return !quoted && !g_mime_part_is_attachment(part)
	&& (kind == RP_MIME_HTML || (ct && g_mime_content_type_is_type(ct, "text", "plain")));
}

/* rewrite_leaf - edit one leaf part that detection reads, in place */
static void rewrite_leaf(rw_ctx *ctx, GMimePart *part, int quoted)
{
    rp_buf  bytes, out;
    char   *charset;
    rp_mime_kind kind;

    rp_buf_init(&bytes);
    rp_buf_init(&out);
    kind = rp_mime_leaf_read(part, &bytes, &charset);
    if (kind != RP_MIME_SKIP
	&& rewrite_text(ctx, kind, charset, bytes.data, bytes.len,
			shows_banner(part, kind, quoted), &out)) {
	set_content(part, out.data, out.len);
	changed(ctx);
    }
    free(charset);
    rp_buf_free(&bytes);
    rp_buf_free(&out);
}

/* rewrite_lost - edit the body of a multipart whose boundary never came */
static void rewrite_lost(rw_ctx *ctx, GMimeMultipart *mp, int quoted)
{
    const char *body, *charset;
    rp_mime_kind kind = rp_mime_lost_read(mp, &body, &charset);
    char   *copy;
    rp_buf  out;

    rp_buf_init(&out);
    /* GMime keeps the prologue as a string: it cannot hold NUL bytes. */
    if (kind != RP_MIME_SKIP
	&& rewrite_text(ctx, kind, charset, body, strlen(body), !quoted, &out)) {
	copy = rp_strndup(out.data, out.len);
	g_mime_multipart_set_prologue(mp, copy);
	free(copy);
	changed(ctx);
    }
    rp_buf_free(&out);
}

/* forward - a message GMime left opaque, to be parsed once this tree is done */
static void forward(rw_ctx *ctx, GMimePart *part)
{
    rw_forward *fw;

    ctx->fw = rp_array_grow(ctx->fw, &ctx->fw_cap, ctx->nfw, sizeof(*ctx->fw));
    fw = ctx->fw + ctx->nfw++;
    fw->part = part;
    fw->parent = ctx->current;
    fw->msg = NULL;
    rp_buf_init(&fw->raw);
    fw->changed = 0;
}

/* push - one more object to visit */
static void push(rw_node **stack, size_t *n, size_t *cap, GMimeObject *obj, int quoted)
{
    *stack = rp_array_grow(*stack, cap, *n, sizeof(**stack));
    (*stack)[*n].obj = obj;
    (*stack)[(*n)++].quoted = quoted;
}

/* rewrite_tree - every part GMime built, without recursion or count limit */
static void rewrite_tree(rw_ctx *ctx, GMimeObject *root, int quoted)
{
    rw_node *stack = NULL, node;
    size_t  n = 0, cap = 0;
    GMimeMessage *inner;
    int     i;

    push(&stack, &n, &cap, root, quoted);
    while (n > 0) {
	node = stack[--n];
	if (GMIME_IS_MULTIPART(node.obj)) {
	    GMimeMultipart *mp = GMIME_MULTIPART(node.obj);

	    if (g_mime_multipart_get_count(mp) == 0)
		rewrite_lost(ctx, mp, node.quoted);
	    for (i = g_mime_multipart_get_count(mp) - 1; i >= 0; i--)
		push(&stack, &n, &cap, g_mime_multipart_get_part(mp, i), node.quoted);
	} else if (GMIME_IS_MESSAGE_PART(node.obj)) {
	    inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(node.obj));
	    if (inner != NULL && g_mime_message_get_mime_part(inner) != NULL)
		push(&stack, &n, &cap, g_mime_message_get_mime_part(inner), 1);
	} else if (GMIME_IS_PART(node.obj) && rp_mime_tree_is_message(node.obj)) {
	    forward(ctx, GMIME_PART(node.obj));
	} else if (GMIME_IS_PART(node.obj)) {
	    rewrite_leaf(ctx, GMIME_PART(node.obj), node.quoted);
	}
    }
    free(stack);
}

/* parse - a message as detection's parser reads it (prescan first), or NULL */
static GMimeMessage *parse(const char *message, size_t length, unsigned max_depth)
{
    GMimeStream *in;
    GMimeParser *parser;
    GMimeMessage *msg;
    unsigned flags = 0;
    char   *copy;

    if ((copy = rp_prescan_edit(message, &length, max_depth, &flags)) != NULL)
	message = copy;
    in = g_mime_stream_mem_new_with_buffer(message, length);
    parser = g_mime_parser_new_with_stream(in);
    g_mime_parser_set_format(parser, GMIME_FORMAT_MESSAGE);
    msg = g_mime_parser_construct_message(parser, NULL);
    g_object_unref(parser);
    g_object_unref(in);
    free(copy);
    if (msg != NULL && g_mime_message_get_mime_part(msg) == NULL) {
	g_object_unref(msg);
	msg = NULL;
    }
    return msg;
}

/* write_object - append obj (its content only, or all of it) with CRLF line ends */
static void write_object(GMimeObject *obj, int content_only, rp_buf *out)
{
    GMimeStream *mem = g_mime_stream_mem_new();
    GMimeFormatOptions *options = g_mime_format_options_new();
    GByteArray *bytes;

    g_mime_format_options_set_newline_format(options, GMIME_NEWLINE_FORMAT_DOS);
    if (content_only)
	g_mime_object_write_content_to_stream(obj, options, mem);
    else
	g_mime_object_write_to_stream(obj, options, mem);
    g_mime_format_options_free(options);
    bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
    if (bytes->len > 0)
	rp_buf_append(out, (const char *) bytes->data, bytes->len);
    g_object_unref(mem);
}

/*
 * rewrite_forwards - each forwarded message, as met (its own forwards
 * join the queue: no recursion), within as many bytes as the message;
 * then each changed one is written back into its part, the deepest
 * first, so that its parent is written with it.
 */
static void rewrite_forwards(rw_ctx *ctx)
{
    rw_forward *fw;
    rp_buf  bytes;
    size_t  i;

    for (i = 0; i < ctx->nfw; i++) {
	rp_buf_init(&bytes);
	rp_mime_decode(ctx->fw[i].part, &bytes);
	if (bytes.len > 0 && bytes.len <= ctx->room) {
	    ctx->room -= bytes.len;
	    ctx->current = i;
	    if ((ctx->fw[i].msg = parse(bytes.data, bytes.len, ctx->max_depth)) != NULL)
		rewrite_tree(ctx, g_mime_message_get_mime_part(ctx->fw[i].msg), 1);
	    else if (rewrite_text(ctx, RP_MIME_TEXT, NULL, bytes.data, bytes.len, 0,
				  &ctx->fw[i].raw))
		changed(ctx);
	}
	rp_buf_free(&bytes);
    }
    for (i = ctx->nfw; i-- > 0;) {
	fw = ctx->fw + i;
	if (fw->changed) {
	    if (fw->msg != NULL) {
		rp_buf_init(&bytes);
		write_object(GMIME_OBJECT(fw->msg), 0, &bytes);
		set_content(fw->part, bytes.data, bytes.len);
		rp_buf_free(&bytes);
	    } else {
		set_content(fw->part, fw->raw.data, fw->raw.len);
	    }
	    ctx->current = fw->parent;
	    changed(ctx);
	}
    }
    for (i = 0; i < ctx->nfw; i++) {
	if (ctx->fw[i].msg != NULL)
	    g_object_unref(ctx->fw[i].msg);
	rp_buf_free(&ctx->fw[i].raw);
    }
    free(ctx->fw);
}

/* header_length - the header block of a message: up to its first empty line */
static size_t header_length(const char *message, size_t length)
{
    size_t  i;

    for (i = 0; i < length; i++)
	if ((i == 0 || message[i - 1] == '\n')
	    && (message[i] == '\n' || (message[i] == '\r' && i + 1 < length
				       && message[i + 1] == '\n')))
	    return i + (message[i] == '\r' ? 2 : 1);
    return length;
}

/* rewrite_message - one round: the rewritten body of message, appended to out */
static void rewrite_message(rw_ctx *ctx, const char *message, size_t length, rp_buf *out)
{
    GMimeMessage *msg;
    size_t  start;

    ctx->fw = NULL;
    ctx->nfw = ctx->fw_cap = 0;
    ctx->room = length;
    ctx->current = RW_TOP;
    if ((msg = parse(message, length, ctx->max_depth)) != NULL) {
	rewrite_tree(ctx, g_mime_message_get_mime_part(msg), 0);
	rewrite_forwards(ctx);
	write_object(g_mime_message_get_mime_part(msg), 1, out);
	g_object_unref(msg);
    } else {
	/* Detection reads what GMime cannot as plain text: so do we. */
	start = header_length(message, length);
	if (!rewrite_text(ctx, RP_MIME_TEXT, NULL, message + start, length - start, 1, out))
	    rp_buf_append(out, message + start, length - start);
    }
}

/* live - does detection, reading message, still find a link the set matches */
static int live(const rw_ctx *ctx, const char *message, size_t length)
{
    rp_limits all = {ctx->max_depth, UINT_MAX, UINT_MAX / 8, SIZE_MAX / 2};
    rp_features f;
    size_t  i;
    int     found = 0;

    rp_features_init(&f);
    (void) rp_mime_extract(message, length, NULL, &all, &f);
    for (i = 0; i < f.nlinks && !found; i++)
	found = rp_rewrite_match_url(ctx->match, f.links[i].href, strlen(f.links[i].href));
    rp_features_free(&f);
    return found;
}

/* rp_rewrite_urls - the rewritten body of a message */
rp_status rp_rewrite_urls(const char *message, size_t length, const char *const *urls,
			  size_t nurls, const char *banner, unsigned max_depth,
			  char **body, size_t *body_len)
{
    rw_ctx  ctx;
    rp_buf  out, whole, next;
    size_t  hlen;
    int     round;

    if (message == NULL || body == NULL || body_len == NULL || (nurls && urls == NULL))
	return RP_ERR_INVALID;
    if (length == 0)
	return RP_ERR_PARSE;
    rp_mime_init();
    memset(&ctx, 0, sizeof(ctx));
    ctx.match = rp_rewrite_match_new(urls, nurls);
    ctx.banner = banner;
    ctx.max_depth = max_depth;
    hlen = header_length(message, length);
    rp_buf_init(&out);
    rp_buf_init(&whole);
    rp_buf_init(&next);
    rp_buf_append(&whole, message, length);
    for (round = 1;; round++) {
	rp_buf_reset(&out);
	rewrite_message(&ctx, whole.data, whole.len, &out);
	/* The header with the new body, read again the way detection reads mail. */
	rp_buf_reset(&next);
	rp_buf_append(&next, message, hlen);
	rp_buf_append(&next, out.data, out.len);
	if (!live(&ctx, next.data, next.len))
	    break;
	if (round == RW_ROUNDS) {
	    rp_buf_reset(&out);
	    rp_buf_printf(&out, "\r\n*** %s ***\r\n\r\n%s", banner ? banner : "", RW_WITHHELD);
	    break;
	}
	/* GMime read its own output otherwise: rewrite that. */
	swap(&whole, &next);
    }
    rp_rewrite_match_free((rp_rewrite_match *) ctx.match);
    *body_len = out.len;
    *body = rp_buf_steal(&out);
    rp_buf_free(&out);
    rp_buf_free(&whole);
    rp_buf_free(&next);
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
