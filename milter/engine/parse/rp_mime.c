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
 *
 *	char	*rp_mime_decode_header(const char *raw)
 * DESCRIPTION
 *	rp_mime_init() initialises GMime and libxml2 once per process
 *	(pthread_once); the other functions call it too, so forgetting it
 *	is harmless.  Nothing here ever calls g_mime_shutdown() or
 *	xmlCleanupParser(): other code in the process may use them.
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
 *	The MIME tree is walked with an explicit stack: at most
 *	limits->max_depth levels (RP_MSG_TOO_DEEP) and limits->max_parts
 *	parts (RP_MSG_TOO_MANY_PARTS).  GMime's parser recurses, but it
 *	stops nesting by itself at a fixed depth, which the tests check in
 *	a thread with a 256 KB stack.  Structural damage that GMime
 *	reports (missing or unterminated boundaries, bad header names,
 *	conflicting headers) sets RP_MSG_MIME_BROKEN; a multipart whose
 *	boundary never appears is read as one text (or HTML) body.
 *	Unknown or bogus charsets, and bytes that are invalid in their
 *	charset, are converted lossily (U+FFFD, RP_MSG_BAD_UTF8); NUL
 *	bytes are dropped from text.
 *
 *	rp_mime_decode_header() decodes RFC 2047 encoded words in a raw
 *	header value into UTF-8, unfolding it and trimming it.  B and Q
 *	words in any charset iconv knows; the bytes of adjacent words in
 *	the same charset are joined before conversion (multibyte characters
 *	split across words), each B word is decoded on its own, so '='
 *	padding inside a run loses nothing (GMime 3.2.13 drops the text
 *	after it); whitespace between adjacent words is dropped; malformed
 *	words stay as written; unencoded 8-bit text that is not UTF-8 is
 *	read as Windows-1252.  Address headers go through the same decoder:
 *	each run of encoded words is replaced by one UTF-8 B word before
 *	internet_address_list_parse() sees it, so GMime still does the
 *	structure (a decoded "<a@b>" in a display name stays a name) and
 *	its decoder only ever sees a single word.  Caller frees the result.
 * DIAGNOSTICS
 *	rp_mime_extract() returns RP_OK whenever anything was read,
 *	RP_ERR_INVALID for NULL arguments and RP_ERR_PARSE for an empty
 *	message.
 */
#include "config.h"

#include <errno.h>
#include <iconv.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <gmime/gmime.h>
#include <libxml/parser.h>

#include "rp_html.h"
#include "rp_mime.h"
#include "rp_url.h"
#include "rp_util.h"

#define RP_MIME_SNIFF	4096		/* bytes searched for <meta charset> */
#define RP_MIME_MAX_WORD 1024		/* bytes in one encoded word */
#define RP_MIME_MAX_HEADER 65536	/* bytes of a header value decoded */

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

/*
 * rp_mime_utf8_len - length of the valid UTF-8 sequence at s, or 0.
 * Overlong forms, surrogates and code points past U+10FFFF are invalid.
 */
static size_t rp_mime_utf8_len(const unsigned char *s, size_t left)
{
    size_t  n, i;
    unsigned cp;

    if (s[0] < 0x80)
	return 1;
    if (s[0] >= 0xc2 && s[0] <= 0xdf)
	n = 2, cp = s[0] & 0x1f;
    else if (s[0] >= 0xe0 && s[0] <= 0xef)
	n = 3, cp = s[0] & 0x0f;
    else if (s[0] >= 0xf0 && s[0] <= 0xf4)
	n = 4, cp = s[0] & 0x07;
    else
	return 0;
    if (left < n)
	return 0;
    for (i = 1; i < n; i++) {
	if ((s[i] & 0xc0) != 0x80)
	    return 0;
	cp = (cp << 6) | (s[i] & 0x3f);
    }
    if ((n == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff)))
	|| (n == 4 && (cp < 0x10000 || cp > 0x10ffff)))
	return 0;
    return n;
}

/*
 * rp_mime_utf8_clean - append in to out as valid UTF-8: invalid bytes
 * become U+FFFD, NUL bytes are dropped.  Returns 1 if anything was
 * replaced.
 */
static int rp_mime_utf8_clean(const char *in, size_t len, rp_buf *out)
{
    const unsigned char *s = (const unsigned char *) in;
    size_t  i = 0, run, n;
    int     bad = 0;

    while (i < len) {
	for (run = i; run < len && s[run] && s[run] < 0x80; run++)
	     /* void */ ;
	rp_buf_append(out, in + i, run - i);
	i = run;
	if (i >= len)
	    break;
	if (s[i] == 0) {
	    i++;
	} else if ((n = rp_mime_utf8_len(s + i, len - i)) > 0) {
	    rp_buf_append(out, in + i, n);
	    i += n;
	} else {
	    rp_buf_puts(out, "\xef\xbf\xbd");
	    bad = 1;
	    i++;
	}
    }
    return bad;
}

/* rp_mime_is_utf8 - is the whole buffer valid UTF-8 */
static int rp_mime_is_utf8(const char *in, size_t len)
{
    const unsigned char *s = (const unsigned char *) in;
    size_t  i = 0, n;

    while (i < len) {
	if (s[i] < 0x80) {
	    i++;
	} else if ((n = rp_mime_utf8_len(s + i, len - i)) > 0) {
	    i += n;
	} else {
	    return 0;
	}
    }
    return 1;
}

/* rp_mime_iconv - convert with cd, U+FFFD for each byte it rejects */
static int rp_mime_iconv(iconv_t cd, const char *in, size_t len, rp_buf *out)
{
    char    chunk[4096];
    char   *ip = (char *) in, *op;
    size_t  il = len, ol;
    int     bad = 0, eof = 0;

    while (!eof) {
	op = chunk;
	ol = sizeof(chunk);
	/* One last call with no input flushes stateful encodings. */
	if (il == 0) {
	    eof = 1;
	    (void) iconv(cd, NULL, NULL, &op, &ol);
	} else if (iconv(cd, &ip, &il, &op, &ol) == (size_t) -1
		   && errno != E2BIG) {
	    /* EILSEQ or a truncated sequence: skip one byte. */
	    rp_buf_append(out, chunk, (size_t) (op - chunk));
	    rp_buf_puts(out, "\xef\xbf\xbd");
	    bad = 1;
	    ip++;
	    il--;
	    continue;
	}
	rp_buf_append(out, chunk, (size_t) (op - chunk));
    }
    return bad;
}

/*
 * rp_mime_to_utf8 - append text in charset to out as UTF-8 without
 * NUL bytes.  UTF-8 and ASCII labels: UTF-8, invalid bytes replaced.
 * No charset or an unknown one: UTF-8 when it is valid, else
 * Windows-1252.  Returns 1 if bytes were replaced.
 */
static int rp_mime_to_utf8(const char *charset, const char *in, size_t len,
			           rp_buf *out)
{
    const char *name = NULL;
    iconv_t cd = (iconv_t) -1;
    rp_buf  tmp;
    int     bad, utf8;

    if (charset && *charset)
	name = g_mime_charset_iconv_name(charset);
    utf8 = name && (rp_ascii_casecmp(name, "UTF-8") == 0
		    || rp_ascii_casecmp(name, "US-ASCII") == 0
		    || rp_ascii_casecmp(name, "ASCII") == 0);
    if (name && !utf8)
	cd = g_mime_iconv_open("UTF-8", name);
    /* Labelled UTF-8 stays UTF-8, with U+FFFD for the bad bytes. */
    if (cd == (iconv_t) -1 && (utf8 || rp_mime_is_utf8(in, len)
	    || (cd = g_mime_iconv_open("UTF-8", "WINDOWS-1252")) == (iconv_t) -1))
	return rp_mime_utf8_clean(in, len, out);
    /* iconv output is valid UTF-8 but may hold NUL bytes: clean it. */
    rp_buf_init(&tmp);
    bad = rp_mime_iconv(cd, in, len, &tmp);
    g_mime_iconv_close(cd);
    bad |= rp_mime_utf8_clean(tmp.data, tmp.len, out);
    rp_buf_free(&tmp);
    return bad;
}

/* rp_mime_b64_decode - decode base64 leniently: skip junk, stop at '=' */
static void rp_mime_b64_decode(const char *s, size_t len, rp_buf *out)
{
    static const char alphabet[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    unsigned acc = 0, bits = 0;
    const char *p;
    size_t  i;

    for (i = 0; i < len && s[i] != '='; i++) {
	if (s[i] == 0 || (p = strchr(alphabet, s[i])) == NULL)
	    continue;
	acc = (acc << 6) | (unsigned) (p - alphabet);
	bits += 6;
	if (bits >= 8) {
	    bits -= 8;
	    rp_buf_putc(out, (int) ((acc >> bits) & 0xff));
	}
    }
}

/* rp_mime_q_decode - decode an RFC 2047 Q payload */
static void rp_mime_q_decode(const char *s, size_t len, rp_buf *out)
{
    size_t  i;
    int     hi, lo;

    for (i = 0; i < len; i++) {
	if (s[i] == '_') {
	    rp_buf_putc(out, ' ');
	} else if (s[i] == '=' && i + 2 < len
		   && (hi = g_ascii_xdigit_value(s[i + 1])) >= 0
		   && (lo = g_ascii_xdigit_value(s[i + 2])) >= 0) {
	    rp_buf_putc(out, hi * 16 + lo);
	    i += 2;
	} else {
	    rp_buf_putc(out, s[i]);
	}
    }
}

/* An encoded word found in a header: =?charset?enc?payload?= */
typedef struct rp_mime_word {
    const char *charset;
    size_t  charset_len;	/* without an RFC 2231 "*lang" */
    int     enc;		/* 'B' or 'Q' */
    const char *payload;
    size_t  payload_len;
    size_t  len;		/* of the whole word */
} rp_mime_word;

/* rp_mime_word_parse - is there a well-formed encoded word at s */
static int rp_mime_word_parse(const char *s, rp_mime_word *w)
{
    const char *p, *q;

    if (s[0] != '=' || s[1] != '?')
	return 0;
    p = s + 2;
    q = p + strcspn(p, "? \t\r\n");
    if (*q != '?' || q == p)
	return 0;
    w->charset = p;
    w->charset_len = strcspn(p, "*?");
    w->enc = g_ascii_toupper(q[1]);
    if ((w->enc != 'B' && w->enc != 'Q') || q[2] != '?')
	return 0;
    w->payload = q + 3;
    p = w->payload;
    /*
     * The payload ends at the first "?=" and holds no whitespace.  Words
     * are bounded so that many "=?" openers cost linear time.
     */
    for (;;) {
	p += strcspn(p, "? \t\r\n");
	if (*p != '?' || p - s > RP_MIME_MAX_WORD)
	    return 0;
	if (p[1] == '=')
	    break;
	p++;
    }
    w->payload_len = (size_t) (p - w->payload);
    w->len = (size_t) (p + 2 - s);
    return 1;
}

/*
 * rp_mime_decode_run - decode the run of encoded words at s (separated
 * by whitespace only) into UTF-8; *used gets the bytes consumed, not
 * counting trailing whitespace.  Returns 1 if the conversion was lossy.
 */
static int rp_mime_decode_run(const char *s, size_t *used, rp_buf *out)
{
    rp_mime_word w;
    rp_buf  bytes;
    char    charset[64], cs[64];
    const char *p = s, *next;
    size_t  cl;
    int     bad = 0;

    rp_buf_init(&bytes);
    charset[0] = 0;
    while (rp_mime_word_parse(p, &w)) {
	/* An overlong charset name is an unknown one. */
	cl = w.charset_len < sizeof(cs) ? w.charset_len : 0;
	memcpy(cs, w.charset, cl);
	cs[cl] = 0;
	/* A new charset: convert what the previous words gave. */
	if (strcmp(cs, charset) != 0) {
	    bad |= rp_mime_to_utf8(charset, bytes.data, bytes.len, out);
	    rp_buf_reset(&bytes);
	    memcpy(charset, cs, cl + 1);
	}
	if (w.enc == 'B')
	    rp_mime_b64_decode(w.payload, w.payload_len, &bytes);
	else
	    rp_mime_q_decode(w.payload, w.payload_len, &bytes);
	p += w.len;
	next = p + strspn(p, " \t\r\n");
	if (!rp_mime_word_parse(next, &w))
	    break;
	p = next;
    }
    bad |= rp_mime_to_utf8(charset, bytes.data, bytes.len, out);
    rp_buf_free(&bytes);
    *used = (size_t) (p - s);
    return bad;
}

/*
 * rp_mime_rfc2047 - unfold raw and decode its encoded words.  With
 * reencode, each run of words becomes one UTF-8 B word instead and the
 * rest is kept as written (for GMime's address parser).
 */
static char *rp_mime_rfc2047(const char *whole, int reencode)
{
    rp_buf  out, lit, run;
    size_t  i = 0, used, n;
    gchar  *b64;
    char   *raw;

    /* Nobody reads a header past 64 KB; bound the work instead. */
    raw = rp_strndup(whole, strnlen(whole, RP_MIME_MAX_HEADER));
    rp_buf_init(&out);
    rp_buf_init(&lit);
    rp_buf_init(&run);
    while (raw[i]) {
	if (raw[i] == '\r' || raw[i] == '\n') {
	    i++;
	    continue;
	}
	if (raw[i] == '=' && raw[i + 1] == '?') {
	    rp_buf_reset(&run);
	    (void) rp_mime_decode_run(raw + i, &used, &run);
	    if (used > 0) {
		/* Literal text so far goes out first, cleaned to UTF-8. */
		if (reencode) {
		    rp_buf_append(&out, lit.data, lit.len);
		    b64 = g_base64_encode((const guchar *) run.data, run.len);
		    rp_buf_printf(&out, "=?UTF-8?B?%s?=", b64);
		    g_free(b64);
		} else {
		    (void) rp_mime_to_utf8(NULL, lit.data, lit.len, &out);
		    rp_buf_append(&out, run.data, run.len);
		}
		rp_buf_reset(&lit);
		i += used;
		continue;
	    }
	}
	n = 1 + strcspn(raw + i + 1, "=\r\n");
	rp_buf_append(&lit, raw + i, n);
	i += n;
    }
    if (reencode)
	rp_buf_append(&out, lit.data, lit.len);
    else
	(void) rp_mime_to_utf8(NULL, lit.data, lit.len, &out);
    rp_buf_free(&lit);
    rp_buf_free(&run);
    free(raw);
    return out.data;
}

/* rp_mime_trim - strip ASCII whitespace at both ends, in place */
static char *rp_mime_trim(char *s)
{
    size_t  skip = strspn(s, " \t\r\n"), len = strlen(s + skip);

    memmove(s, s + skip, len + 1);
    while (len > 0 && strchr(" \t\r\n", s[len - 1]))
	s[--len] = 0;
    return s;
}

/* rp_mime_decode_header - RFC 2047 decoding that GMime 3.2.13 gets wrong */
char   *rp_mime_decode_header(const char *raw)
{
    rp_mime_init();
    return rp_mime_trim(rp_mime_rfc2047(raw, 0));
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
	while (room > 0 && ((unsigned char) s[room] & 0xc0) == 0x80)
	    room--;
	len = room;
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
    if (rp_mime_to_utf8(charset, data, len, &utf8))
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

/* rp_mime_unfold - a header value without line breaks, trimmed; caller frees */
static char *rp_mime_unfold(const char *raw)
{
    char   *s = rp_strdup(raw), *o = s;
    const char *p;

    for (p = raw; *p; p++)
	if (*p != '\r' && *p != '\n')
	    *o++ = *p;
    *o = 0;
    return rp_mime_trim(s);
}

/* rp_mime_bare - an address without angle brackets or whitespace; caller frees */
static char *rp_mime_bare(const char *raw)
{
    char   *s = rp_mime_trim(rp_strdup(raw)), *lt, *gt;

    if ((lt = strchr(s, '<')) != NULL && (gt = strchr(lt, '>')) != NULL) {
	*gt = 0;
	memmove(s, lt + 1, (size_t) (gt - lt));
	rp_mime_trim(s);
    }
    return s;
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
		text = rp_mime_decode_header(name && *name ? name : addr ? addr : "");
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

    merged = rp_mime_rfc2047(raw, 1);
    list = internet_address_list_parse(NULL, merged);
    if (list && internet_address_list_length(list) > 0) {
	rp_mime_add_list(c, role, list, 0);
    } else {
	/* Unparsable: keep what the reader sees as a display name. */
	text = rp_mime_decode_header(raw);
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
	    v = rp_mime_bare(raw);
	    rp_features_add_address(c->f, RP_ADDR_RETURN_PATH, NULL, v);
	    free(v);
	} else if (rp_ascii_casecmp(name, "Subject") == 0) {
	    if (c->f->subject == NULL)
		c->f->subject = rp_mime_decode_header(raw);
	} else if (rp_ascii_casecmp(name, "Authentication-Results") == 0) {
	    /* Unfolded, otherwise as written: rp_auth parses it. */
	    v = rp_mime_unfold(raw);
	    rp_features_add_auth(c->f, v);
	    free(v);
	}
    }
}

/*
 * The pre-scan.  GMime compares every body line that starts with "--"
 * against its whole boundary stack, up to 1024 deep, so a message
 * nested a thousand levels deep followed by millions of "--" lines
 * costs depth x lines.  rp_mime_prescan() follows the boundary
 * structure the way GMime will (last Content-Type of a header block,
 * prefix-matched boundary lines, message/rfc822 bodies that start with
 * headers) and plans edits for a copy that GMime reads instead of the
 * original: the "boundary" parameter names of multiparts nested deeper
 * than max_depth are spoiled, so GMime reads such a multipart as one
 * opaque body and its stack stays max_depth deep.  The same pass
 * drops NUL bytes from header blocks (GMime's strings would end there),
 * cuts every header field after RP_MIME_MAX_HEADER bytes (GMime grows
 * its header buffer in small steps: a 50 MB header would cost time
 * quadratic in its length) and inserts the blank line missing between
 * the top-level headers and a body that starts right after them (GMime
 * would drop that body).
 * Well-formed messages need no edit and are never copied.
 */
typedef enum rp_mime_edit_kind {
    RP_MIME_SPOIL,		/* replace the byte with 'x' */
    RP_MIME_DROP,		/* leave the byte out */
    RP_MIME_CUT,		/* leave len bytes out */
    RP_MIME_BREAK		/* insert '\n' before the byte */
} rp_mime_edit_kind;

typedef struct rp_mime_edit {
    size_t  off;
    size_t  len;		/* RP_MIME_CUT only */
    rp_mime_edit_kind kind;
} rp_mime_edit;

typedef struct rp_mime_scan {
    const char *msg;
    size_t  len;
    size_t  max_depth;
    GPtrArray *bounds;		/* "--boundary" strings, innermost last */
    rp_buf  ctype;		/* value of the last Content-Type */
    GArray *spans;		/* offsets of Content-Type headers in block */
    char   *cte;		/* first Content-Transfer-Encoding */
    size_t  field_len;		/* bytes of the current header field so far */
    GArray *edits;		/* rp_mime_edit, sorted at the end */
    unsigned flags;		/* RP_MSG_* the edits stand for */
} rp_mime_scan;

/* rp_mime_scan_cut - plan to leave out len bytes at off */
static void rp_mime_scan_cut(rp_mime_scan *s, size_t off, size_t len, rp_mime_edit_kind kind)
{
    rp_mime_edit e;

    e.off = off;
    e.len = len;
    e.kind = kind;
    g_array_append_val(s->edits, e);
}

/* rp_mime_scan_edit - plan one single-byte edit */
static void rp_mime_scan_edit(rp_mime_scan *s, size_t off, rp_mime_edit_kind kind)
{
    rp_mime_scan_cut(s, off, 1, kind);
}

/* rp_mime_scan_spoil - spoil every "boundary" name in the header at off */
static void rp_mime_scan_spoil(rp_mime_scan *s, size_t off)
{
    size_t  i, end;

    /* The header ends at a line break not followed by folding space. */
    for (end = off; end < s->len; end++)
	if (s->msg[end] == '\n' && (end + 1 >= s->len
				    || (s->msg[end + 1] != ' ' && s->msg[end + 1] != '\t')))
	    break;
    for (i = off; i + 8 <= end; i++)
	if (rp_ascii_ncasecmp(s->msg + i, "boundary", 8) == 0)
	    rp_mime_scan_edit(s, i, RP_MIME_SPOIL);
    s->flags |= RP_MSG_TOO_DEEP;
}

/* rp_mime_scan_block - a header block ended: push, spoil or descend */
static int rp_mime_scan_block(rp_mime_scan *s)
{
    GMimeContentType *ct = NULL;
    const char *b;
    int     headers_follow = 0;
    guint   i;

    if (s->ctype.len)
	ct = g_mime_content_type_parse(NULL, s->ctype.data);
    if (ct && g_mime_content_type_is_type(ct, "multipart", "*")
	&& (b = g_mime_content_type_get_parameter(ct, "boundary")) != NULL) {
	if (s->bounds->len < s->max_depth) {
	    g_ptr_array_add(s->bounds, g_strdup_printf("--%s", b));
	} else {
	    for (i = 0; i < s->spans->len; i++)
		rp_mime_scan_spoil(s, g_array_index(s->spans, size_t, i));
	}
    } else if (ct && g_mime_content_type_is_type(ct, "message", "rfc822")
	       && (s->cte == NULL || (rp_ascii_casecmp(s->cte, "base64") != 0
			   && rp_ascii_casecmp(s->cte, "quoted-printable") != 0))) {
	headers_follow = 1;
    }
    if (ct)
	g_object_unref(ct);
    rp_buf_reset(&s->ctype);
    g_array_set_size(s->spans, 0);
    g_free(s->cte);
    s->cte = NULL;
    return headers_follow;
}

/* rp_mime_scan_boundary - is line a boundary of the stack: 0, 1, or 2 (end) */
static int rp_mime_scan_boundary(rp_mime_scan *s, const char *line, size_t n)
{
    const char *b;
    size_t  blen;
    guint   i;

    if (n < 2 || line[0] != '-' || line[1] != '-')
	return 0;
    for (i = s->bounds->len; i > 0; i--) {
	b = g_ptr_array_index(s->bounds, i - 1);
	blen = strlen(b);
	if (n >= blen && memcmp(line, b, blen) == 0) {
	    /* Inner multiparts end with an outer boundary. */
	    g_ptr_array_set_size(s->bounds, i);
	    if (n >= blen + 2 && line[blen] == '-' && line[blen + 1] == '-') {
		g_ptr_array_set_size(s->bounds, i - 1);
		return 2;
	    }
	    return 1;
	}
    }
    return 0;
}

/* rp_mime_scan_is_header - a field name, optional blanks, then ':' */
static int rp_mime_scan_is_header(const char *line, size_t n)
{
    size_t  i = 0;

    while (i < n && (unsigned char) line[i] > 0x20 && line[i] < 0x7f
	   && line[i] != ':')
	i++;
    if (i == 0)
	return 0;
    while (i < n && (line[i] == ' ' || line[i] == '\t'))
	i++;
    return i < n && line[i] == ':';
}

/* rp_mime_scan_header - one header line (or its continuation) */
static void rp_mime_scan_header(rp_mime_scan *s, size_t off, size_t n, size_t full,
				        int *in_ctype)
{
    const char *line = s->msg + off, *nul;

    if (line[0] != ' ' && line[0] != '\t')
	s->field_len = 0;
    if (s->field_len >= RP_MIME_MAX_HEADER) {
	/* Past the cap, a continuation line goes with its line break. */
	rp_mime_scan_cut(s, off, full + (off + full < s->len), RP_MIME_CUT);
	s->flags |= RP_MSG_MIME_BROKEN;
	return;
    }
    if (s->field_len + n > RP_MIME_MAX_HEADER) {
	rp_mime_scan_cut(s, off + (RP_MIME_MAX_HEADER - s->field_len),
			 n - (RP_MIME_MAX_HEADER - s->field_len), RP_MIME_CUT);
	s->flags |= RP_MSG_MIME_BROKEN;
	n = RP_MIME_MAX_HEADER - s->field_len;
    }
    s->field_len += n;

    for (nul = memchr(line, 0, n); nul; nul = memchr(nul + 1, 0, n - (size_t) (nul + 1 - line))) {
	rp_mime_scan_edit(s, (size_t) (nul - s->msg), RP_MIME_DROP);
	s->flags |= RP_MSG_MIME_BROKEN;
    }
    if (line[0] == ' ' || line[0] == '\t') {
	if (*in_ctype && s->ctype.len < RP_MIME_MAX_HEADER)
	    rp_buf_append(&s->ctype, line, n);
	return;
    }
    *in_ctype = 0;
    if (n > 13 && rp_ascii_ncasecmp(line, "Content-Type:", 13) == 0) {
	rp_buf_reset(&s->ctype);
	rp_buf_append(&s->ctype, line + 13, n - 13);
	g_array_append_val(s->spans, off);
	*in_ctype = 1;
    } else if (n > 26 && s->cte == NULL
	       && rp_ascii_ncasecmp(line, "Content-Transfer-Encoding:", 26) == 0) {
	s->cte = g_strstrip(g_strndup(line + 26, n - 26));
    }
}

/* rp_mime_edit_cmp - order edits by offset */
static gint rp_mime_edit_cmp(gconstpointer a, gconstpointer b)
{
    size_t  x = ((const rp_mime_edit *) a)->off, y = ((const rp_mime_edit *) b)->off;

    return x < y ? -1 : x > y;
}

/* rp_mime_prescan - plan the edits GMime's copy needs (see above) */
static GArray *rp_mime_prescan(const char *msg, size_t len, size_t max_depth,
			               unsigned *flags)
{
    rp_mime_scan s;
    const char *nl;
    size_t  off = 0, n, full;
    int     headers = 1, top = 1, in_ctype = 0, kind;

    memset(&s, 0, sizeof(s));
    s.msg = msg;
    s.len = len;
    s.max_depth = max_depth;
    s.bounds = g_ptr_array_new_with_free_func(g_free);
    rp_buf_init(&s.ctype);
    s.spans = g_array_new(FALSE, FALSE, sizeof(size_t));
    s.edits = g_array_new(FALSE, FALSE, sizeof(rp_mime_edit));
    while (off < len) {
	nl = memchr(msg + off, '\n', len - off);
	full = nl ? (size_t) (nl - msg) - off : len - off;
	n = full > 0 && msg[off + full - 1] == '\r' ? full - 1 : full;
	if ((kind = rp_mime_scan_boundary(&s, msg + off, n)) != 0) {
	    if (headers)
		(void) rp_mime_scan_block(&s);
	    headers = kind == 1;
	    in_ctype = 0;
	} else if (headers && n > 0 && (msg[off] == ' ' || msg[off] == '\t'
					|| rp_mime_scan_is_header(msg + off, n)
					|| (off == 0 && n >= 5 && memcmp(msg, "From ", 5) == 0))) {
	    rp_mime_scan_header(&s, off, n, full, &in_ctype);
	} else if (headers) {
	    /* A blank line ends the headers; so does a line of body text. */
	    if (n > 0 && top && off > 0) {
		rp_mime_scan_edit(&s, off, RP_MIME_BREAK);
		s.flags |= RP_MSG_MIME_BROKEN;
	    }
	    headers = rp_mime_scan_block(&s);
	    top = 0;
	}
	off += full + 1;
    }
    g_array_sort(s.edits, rp_mime_edit_cmp);
    *flags |= s.flags;
    g_ptr_array_free(s.bounds, TRUE);
    rp_buf_free(&s.ctype);
    g_array_free(s.spans, TRUE);
    g_free(s.cte);
    return s.edits;
}

/* rp_mime_apply - a copy of msg with the planned edits; *len is updated */
static char *rp_mime_apply(const char *msg, size_t *len, GArray *edits)
{
    rp_buf  out;
    rp_mime_edit *e;
    size_t  from = 0;
    guint   i;

    rp_buf_init(&out);
    for (i = 0; i < edits->len; i++) {
	e = &g_array_index(edits, rp_mime_edit, i);
	if (e->off < from)
	    continue;			/* two edits of one byte: first wins */
	rp_buf_append(&out, msg + from, e->off - from);
	from = e->off;
	if (e->kind == RP_MIME_BREAK) {
	    rp_buf_putc(&out, '\n');
	} else {
	    if (e->kind == RP_MIME_SPOIL)
		rp_buf_putc(&out, 'x');
	    from += e->len;
	}
    }
    rp_buf_append(&out, msg + from, *len - from);
    *len = out.len;
    return out.data;
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
    GArray *edits;
    char   *v, *copy = NULL;

    if (message == NULL || limits == NULL || f == NULL)
	return RP_ERR_INVALID;
    if (length == 0)
	return RP_ERR_PARSE;
    rp_mime_init();
    c.limits = limits;
    c.f = f;

    /* GMime reads the caller's bytes in place unless they need edits. */
    edits = rp_mime_prescan(message, length, limits->max_depth, &f->flags);
    if (edits->len > 0)
	message = copy = rp_mime_apply(message, &length, edits);
    g_array_free(edits, TRUE);
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
	v = rp_mime_bare(env->mail_from);
	rp_features_add_address(f, RP_ADDR_ENVELOPE, NULL, v);
	free(v);
    }
    g_mime_parser_options_free(opts);
    g_object_unref(stream);
    (void) g_byte_array_free(array, FALSE);
    free(copy);
    return RP_OK;
}
