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
 *	rp_status rp_mime_extract_files(const char *message, size_t length,
 *				  const rp_envelope *env,
 *				  const rp_limits *limits,
 *				  const rp_attach_limits *files, rp_features *f)
 *
 *	rp_mime_kind rp_mime_leaf_read(GMimePart *part, rp_buf *bytes,
 *				       char **charset)
 *
 *	rp_mime_kind rp_mime_lost_read(GMimeMultipart *mp,
 *				       const char **body, const char **charset)
 *
 *	int	rp_mime_text(const char *charset, const char *data,
 *			     size_t len, rp_buf *utf8)
 *
 *	void	rp_mime_decode(GMimePart *part, rp_buf *bytes)
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
 *	parts are walked like multiparts, and one that GMime leaves opaque
 *	(transfer-encoded, or nested past GMime's own limit) is decoded
 *	and parsed on its own once the rest is read: forwarded messages
 *	(and theirs) may take as many bytes as the message itself, and
 *	past that RP_MSG_TOO_DEEP;
 * .IP \(bu
 *	in a multipart/alternative only the alternative a client shows is
 *	shown (rp_mime_tree(3)): the others are read all the same, their
 *	text into f->unseen (up to limits->max_text; what their markup
 *	hides too), their links with RP_LINK_UNSEEN (f->link_context),
 *	and RP_MSG_ALT_UNSEEN says there was such text.
 * .PP
 *	Hostile input is defused first: rp_prescan_edit() gives GMime a
 *	copy with multiparts past limits->max_depth flattened into the
 *	deepest one allowed (RP_MSG_TOO_DEEP), NUL bytes dropped from
 *	headers, header fields cut at RP_HEADER_MAX and a missing blank
 *	line after the headers inserted (well-formed messages are read in
 *	place).  No limit stops the reading: every part of the tree is
 *	visited (rp_mime_tree(), without recursion); more than
 *	limits->max_parts of them sets RP_MSG_TOO_MANY_PARTS and a
 *	multipart or message/rfc822 part deeper than limits->max_depth
 *	sets RP_MSG_TOO_DEEP, but every text-bearing part is read.  Parts
 *	of no text type (images, archives, binaries) are decoded only by
 *	rp_mime_extract_files(), once, for rp_attach(3) to tell whether
 *	they are files it reads (PDF, SVG, calendars, images, HTML files:
 *	their links get RP_LINK_IN_*, their text is read as text), so a
 *	part costs its bytes and what its reader's limits allow: the work
 *	is linear in the message.  Text past limits->max_text is not kept
 *	(RP_MSG_TEXT_TRUNCATED) but is still scanned for links, and
 *	links past limits->max_links are kept while they are new
 *	(rp_features(3)).  GMime's parser recurses, but the prescan keeps
 *	its multipart stack at most max_depth deep and it stops nesting
 *	message/rfc822 parts by itself at a fixed depth, which the tests
 *	check in a thread with a 256 KB stack.  Structural
 *	damage that GMime reports (missing or unterminated boundaries, bad
 *	header names, conflicting headers) sets RP_MSG_MIME_BROKEN; a
 *	multipart whose boundary never appears is read as one text (or
 *	HTML) body.  Unknown or bogus charsets, and bytes that are invalid
 *	in their charset, are converted lossily (rp_charset_to_utf8():
 *	U+FFFD, RP_MSG_BAD_UTF8); NUL bytes are dropped from text.
 *
 *	rp_mime_leaf_read(), rp_mime_lost_read(), rp_mime_text() and
 *	rp_mime_decode() are the steps of that reading, for the rewriter:
 *	which leaves are read (and as text or HTML), their decoded bytes
 *	and charset, the UTF-8 text with LF line ends that the scanners
 *	see, and the decoded bytes of a forwarded message GMime left
 *	opaque.
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

#include "rp_bidi.h"
#include "rp_charset.h"
#include "rp_header.h"
#include "rp_html.h"
#include "rp_mime.h"
#include "rp_mime_tree.h"
#include "rp_prescan.h"
#include "rp_rfc2047.h"
#include "rp_url.h"
#include "rp_utf8.h"
#include "rp_util.h"

#define RP_MIME_SNIFF	4096		/* bytes searched for <meta charset> */

/* A forwarded message GMime left opaque, to be parsed on its own. */
typedef struct rp_mime_forward {
    rp_buf  bytes;
    unsigned depth;		/* of the part that held it */
    int     unseen;
} rp_mime_forward;

/* What one extraction keeps between callbacks. */
typedef struct rp_mime_ctx {
    const rp_limits *limits;
    rp_features *f;
    int     unseen;		/* the part read is an alternative not shown */
    int     links_full;		/* rp_features_add_link() keeps no more */
    size_t  parts;		/* MIME objects met, forwarded messages' too */
    GPtrArray *forwards;	/* rp_mime_forward, in the order met */
    size_t  forward_room;	/* bytes forwarded messages may still take */
    rp_attach_ctx attach;	/* the attached files read */
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

/* rp_mime_add_text - append UTF-8 text to t (text or unseen) within max_text */
static void rp_mime_add_text(rp_mime_ctx *c, rp_buf *t, const char *s, size_t len)
{
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

    if (c->links_full)
	return;
    u = rp_strndup(url, len);
    if (rp_features_add_link(c->f, c->limits, u, NULL, RP_LINK_TEXT) < 0)
	c->links_full = 1;
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

/* rp_mime_text - decoded bytes to the text detection reads: UTF-8, LF */
int     rp_mime_text(const char *charset, const char *data, size_t len, rp_buf *utf8)
{
    int     bad = rp_charset_to_utf8(charset, data, len, utf8);

    rp_mime_lines(utf8);
    return bad;
}

/* rp_mime_swap - exchange two buffers */
static void rp_mime_swap(rp_buf *a, rp_buf *b)
{
    rp_buf  t = *a;

    *a = *b;
    *b = t;
}

/*
 * rp_mime_unseen_html - an HTML alternative not shown: rp_html_extract()
 * writes f->text and f->hidden, so it is lent f->unseen and an empty
 * buffer instead; what it hid goes to f->unseen too (nothing of it is
 * shown), and RP_MSG_HIDDEN_TEXT stays about the parts shown.  Its links
 * get RP_LINK_UNSEEN from f->link_context.
 */
static void rp_mime_unseen_html(rp_mime_ctx *c, const char *html, size_t len)
{
    rp_features *f = c->f;
    unsigned shown_hidden = f->flags & RP_MSG_HIDDEN_TEXT;
    rp_buf  hidden;

    rp_buf_init(&hidden);
    rp_mime_swap(&f->text, &f->unseen);
    rp_mime_swap(&f->hidden, &hidden);
    rp_html_extract(html, len, c->limits, f);
    rp_mime_swap(&f->text, &f->unseen);
    rp_mime_swap(&f->hidden, &hidden);
    if (hidden.len)
	rp_mime_add_text(c, &f->unseen, hidden.data, hidden.len);
    rp_buf_free(&hidden);
    f->flags = (f->flags & ~RP_MSG_HIDDEN_TEXT) | shown_hidden;
}

/*
 * rp_mime_unflow - format=flowed text (RFC 3676) as its reader sees it,
 * in place: a line ending in a space is joined to the next (the space
 * dropped too with delsp=yes), the next line's quote marks and every
 * line's stuffed space removed; "-- " stays a hard line.
 */
static void rp_mime_unflow(rp_buf *b, int delsp)
{
    size_t  r = 0, w = 0, e, p;
    int     joining = 0, soft;

    while (r < b->len) {
	for (e = r; e < b->len && b->data[e] != '\n'; e++)
	    /* void */ ;
	for (p = r; p < e && b->data[p] == '>'; p++)
	    /* void */ ;
	if (!joining) {
	    memmove(b->data + w, b->data + r, p - r);
	    w += p - r;
	}
	p += (p < e && b->data[p] == ' ');
	soft = e > p && b->data[e - 1] == ' '
	    && !(e - p == 3 && memcmp(b->data + p, "-- ", 3) == 0);
	memmove(b->data + w, b->data + p, e - p);
	w += e - p;
	if (soft && delsp)
	    w--;
	if (!soft && e < b->len)
	    b->data[w++] = '\n';
	joining = soft;
	r = e + 1;
    }
    b->len = w;
    b->data[w] = 0;
}

/* rp_mime_body - a decoded text body: plain text or HTML, shown or not;
 * flowed: 0, or format=flowed with 1 + delsp */
static void rp_mime_body(rp_mime_ctx *c, const char *charset, const char *data,
			         size_t len, int html, int flowed)
{
    rp_buf  utf8;

    rp_buf_init(&utf8);
    if (rp_mime_text(charset, data, len, &utf8))
	c->f->flags |= RP_MSG_BAD_UTF8;
    if (flowed && !html)
	rp_mime_unflow(&utf8, flowed > 1);
    if (!html && (rp_bidi_rewrite(&utf8, 0) & RP_BIDI_OVERRIDE) && !c->unseen)
	c->f->flags |= RP_MSG_BIDI_OVERRIDE;
    if (c->unseen && utf8.len > 0)
	c->f->flags |= RP_MSG_ALT_UNSEEN;
    if (html && c->unseen) {
	rp_mime_unseen_html(c, utf8.data, utf8.len);
    } else if (html) {
	rp_html_extract(utf8.data, utf8.len, c->limits, c->f);
    } else {
	rp_mime_add_text(c, c->unseen ? &c->f->unseen : &c->f->text, utf8.data, utf8.len);
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

/* rp_mime_decode - append the transfer-decoded content of part to bytes */
void    rp_mime_decode(GMimePart *part, rp_buf *bytes)
{
    GMimeDataWrapper *content = g_mime_part_get_content(part);
    GMimeStream *mem;
    GByteArray *array;

    if (content == NULL)
	return;
    /* The wrapper undoes base64, quoted-printable and uuencode. */
    mem = g_mime_stream_mem_new();
    g_mime_data_wrapper_write_to_stream(content, mem);
    array = g_mime_stream_mem_get_byte_array((GMimeStreamMem *) mem);
    if (array->len > 0)
	rp_buf_append(bytes, (const char *) array->data, array->len);
    g_object_unref(mem);
}

/* rp_mime_leaf_read - how detection reads a leaf: its bytes and their charset */
rp_mime_kind rp_mime_leaf_read(GMimePart *part, rp_buf *bytes, char **charset)
{
    GMimeObject *obj = (GMimeObject *) part;
    rp_mime_kind kind = rp_mime_tree_leaf_kind(part);
    const char *label;

    *charset = NULL;
    /* Images, archives and binaries are not decoded as text. */
    if (g_mime_part_get_content(part) == NULL || kind == RP_MIME_SKIP)
	return RP_MIME_SKIP;
    rp_mime_decode(part, bytes);
    label = g_mime_object_get_content_type_parameter(obj, "charset");
    if (kind == RP_MIME_HTML && (label == NULL || *label == 0))
	*charset = rp_mime_sniff_charset(bytes->data, bytes->len);
    else if (label != NULL)
	*charset = rp_strdup(label);
    return kind;
}

/* rp_mime_flowed - 0, or 1 + delsp for a part of format=flowed */
static int rp_mime_flowed(GMimePart *part)
{
    const char *format, *delsp;

    format = g_mime_object_get_content_type_parameter((GMimeObject *) part, "format");
    if (format == NULL || rp_ascii_casecmp(format, "flowed") != 0)
	return 0;
    delsp = g_mime_object_get_content_type_parameter((GMimeObject *) part, "delsp");
    return 1 + (delsp != NULL && rp_ascii_casecmp(delsp, "yes") == 0);
}

/*
 * rp_mime_attach_body - rp_attach_body: an attached file's text or HTML,
 * its span of the shown text kept (a file is no alternative's text)
 */
static void rp_mime_attach_body(void *ctx, const char *utf8, size_t len, int html)
{
    rp_mime_ctx *c = ctx;
    size_t  span[2];

    span[0] = c->f->text.len;
    rp_mime_body(c, "UTF-8", utf8, len, html, 0);
    span[1] = c->f->text.len;
    if (span[1] > span[0])
	rp_buf_append(&c->f->files_at, (const char *) span, sizeof(span));
}

/* rp_mime_attach - a file rp_attach(3) reads (PDF, SVG, calendar, image)? */
static int rp_mime_attach(rp_mime_ctx *c, GMimePart *part, rp_mime_kind kind, rp_buf *bytes)
{
    GMimeContentType *ct = g_mime_object_get_content_type((GMimeObject *) part);
    const char *name = g_mime_part_get_filename(part);
    char   *type;
    int     read;

    if (c->attach.files == NULL)
	return 0;
    /* Parts the text reader skips are decoded here: their bytes say what they are. */
    if (kind == RP_MIME_SKIP)
	rp_mime_decode(part, bytes);
    type = ct ? g_mime_content_type_get_mime_type(ct) : NULL;
    read = rp_attach_read(&c->attach, type, name,
			  g_mime_part_is_attachment(part) || (name && *name),
			  kind == RP_MIME_HTML, bytes->data, bytes->len);
    g_free(type);
    return read;
}

/* rp_mime_leaf - a leaf part: files to rp_attach, text to text, HTML to the HTML parser */
static void rp_mime_leaf(rp_mime_ctx *c, GMimePart *part)
{
    rp_buf  bytes;
    char   *charset;
    rp_mime_kind kind;

    rp_buf_init(&bytes);
    kind = rp_mime_leaf_read(part, &bytes, &charset);
    if (!rp_mime_attach(c, part, kind, &bytes) && kind != RP_MIME_SKIP)
	rp_mime_body(c, charset, bytes.data, bytes.len, kind == RP_MIME_HTML,
		     rp_mime_flowed(part));
    free(charset);
    rp_buf_free(&bytes);
}

/* rp_mime_lost_read - how detection reads a multipart whose boundary never came */
rp_mime_kind rp_mime_lost_read(GMimeMultipart *mp, const char **body, const char **charset)
{
    *body = g_mime_multipart_get_prologue(mp);
    *charset = g_mime_object_get_content_type_parameter((GMimeObject *) mp, "charset");
    return rp_mime_tree_lost_kind(mp);
}

/* rp_mime_lost_body - a multipart whose boundary never came: read it whole */
static void rp_mime_lost_body(rp_mime_ctx *c, GMimeMultipart *mp)
{
    const char *body, *charset;
    rp_mime_kind kind = rp_mime_lost_read(mp, &body, &charset);

    if (kind == RP_MIME_SKIP)
	return;
    c->f->flags |= RP_MSG_MIME_BROKEN;
    rp_mime_body(c, charset, body, strlen(body), kind == RP_MIME_HTML, 0);
}

/* rp_mime_forward_part - a message GMime left opaque: keep it to parse alone */
static void rp_mime_forward_part(rp_mime_ctx *c, GMimePart *part, unsigned depth)
{
    rp_mime_forward *fw = rp_malloc(sizeof(*fw));

    rp_buf_init(&fw->bytes);
    rp_mime_decode(part, &fw->bytes);
    if (fw->bytes.len == 0 || fw->bytes.len > c->forward_room) {
	/* Forwards in forwards may take as many bytes as the message. */
	if (fw->bytes.len > 0)
	    c->f->flags |= RP_MSG_TOO_DEEP;
	rp_buf_free(&fw->bytes);
	free(fw);
	return;
    }
    c->forward_room -= fw->bytes.len;
    fw->depth = depth;
    fw->unseen = c->unseen;
    g_ptr_array_add(c->forwards, fw);
}

/*
 * rp_mime_walk - read every part of a tree (see rp_mime_tree(3)), shown
 * or not, whatever the count and depth: the limits only set flags.
 * depth and unseen are those of the part that held the tree.
 */
static void rp_mime_walk(rp_mime_ctx *c, GMimeObject *root, unsigned depth, int unseen)
{
    rp_mime_node *nodes;
    GMimeObject *obj;
    size_t  n, i;

    nodes = rp_mime_tree(root, &n);
    c->parts += n;
    if (c->parts > c->limits->max_parts)
	c->f->flags |= RP_MSG_TOO_MANY_PARTS;
    for (i = 0; i < n; i++) {
	obj = nodes[i].obj;
	c->unseen = unseen || nodes[i].unseen;
	c->f->link_context = c->unseen ? RP_LINK_UNSEEN : 0;
	if ((GMIME_IS_MULTIPART(obj) || GMIME_IS_MESSAGE_PART(obj))
	    && depth + nodes[i].depth > c->limits->max_depth)
	    c->f->flags |= RP_MSG_TOO_DEEP;
	if (GMIME_IS_MULTIPART(obj) && g_mime_multipart_get_count((GMimeMultipart *) obj) == 0)
	    rp_mime_lost_body(c, (GMimeMultipart *) obj);
	else if (GMIME_IS_PART(obj) && rp_mime_tree_is_message(obj))
	    rp_mime_forward_part(c, (GMimePart *) obj, depth + nodes[i].depth);
	else if (GMIME_IS_PART(obj))
	    rp_mime_leaf(c, (GMimePart *) obj);
    }
    c->unseen = 0;
    c->f->link_context = 0;
    free(nodes);
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
	} else if (rp_ascii_casecmp(name, "Subject") == 0 && c->f->subject == NULL) {
	    v = rp_rfc2047_decode(raw);
	    rp_features_set_subject(c->f, v);
	    free(v);
	} else if (rp_ascii_casecmp(name, "Authentication-Results") == 0) {
	    /* Unfolded, otherwise as written: rp_auth parses it. */
	    v = rp_header_unfold(raw);
	    rp_features_add_auth(c->f, v);
	    free(v);
	} else if (rp_ascii_casecmp(name, "Received") == 0) {
	    /* Results below a Received were written before that hop. */
	    c->f->nreceived++;
	} else {
	    /* List-* and X-*: how a platform marks its notifications. */
	    v = rp_header_unfold(raw);
	    rp_features_add_field(c->f, name, v);
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

/*
 * rp_mime_read - parse one message and read it: the top one with its
 * headers, or a forwarded one (depth and unseen of the part that held
 * it).  GMime reads the bytes in place unless they need edits.
 */
static void rp_mime_read(rp_mime_ctx *c, const char *message, size_t length,
			         int top, unsigned depth, int unseen)
{
    GMimeParserOptions *opts;
    GMimeParser *parser;
    GMimeMessage *msg;
    GMimeStream *stream;
    GByteArray *array;
    char   *copy;

    if ((copy = rp_prescan_edit(message, &length, c->limits->max_depth, &c->f->flags)) != NULL)
	message = copy;
    /* The array never owns the bytes it wraps. */
    array = g_byte_array_new_take((guint8 *) message, length);
    stream = g_mime_stream_mem_new_with_byte_array(array);
    g_mime_stream_mem_set_owner((GMimeStreamMem *) stream, FALSE);
    opts = g_mime_parser_options_new();
    g_mime_parser_options_set_warning_callback(opts, rp_mime_warning, c->f);
    parser = g_mime_parser_new_with_stream(stream);
    g_mime_parser_set_format(parser, GMIME_FORMAT_MESSAGE);
    msg = g_mime_parser_construct_message(parser, opts);
    g_object_unref(parser);

    if (msg != NULL) {
	if (top)
	    rp_mime_headers(c, (GMimeObject *) msg);
	rp_mime_walk(c, g_mime_message_get_mime_part(msg), depth, unseen);
	g_object_unref(msg);
    } else {
	/* Not even headers: what a reader would see is the raw text. */
	c->f->flags |= RP_MSG_MIME_BROKEN;
	c->unseen = unseen;
	c->f->link_context = unseen ? RP_LINK_UNSEEN : 0;
	rp_mime_body(c, NULL, message, length, 0, 0);
	c->unseen = 0;
	c->f->link_context = 0;
    }
    g_mime_parser_options_free(opts);
    g_object_unref(stream);
    (void) g_byte_array_free(array, FALSE);
    free(copy);
}

/* rp_mime_extract - parse a raw message into features, attached files not read */
rp_status rp_mime_extract(const char *message, size_t length,
			          const rp_envelope *env,
			          const rp_limits *limits, rp_features *f)
{
    return rp_mime_extract_files(message, length, env, limits, NULL, f);
}

/* rp_mime_extract_files - parse a raw message into features, attached files too */
rp_status rp_mime_extract_files(const char *message, size_t length,
				        const rp_envelope *env, const rp_limits *limits,
				        const rp_attach_limits *files, rp_features *f)
{
    rp_mime_forward *fw;
    rp_mime_ctx c;
    char   *v;
    guint   i;

    if (message == NULL || limits == NULL || f == NULL)
	return RP_ERR_INVALID;
    if (length == 0)
	return RP_ERR_PARSE;
    rp_mime_init();
    memset(&c, 0, sizeof(c));
    c.limits = limits;
    c.f = f;
    c.forwards = g_ptr_array_new();
    c.forward_room = length;
    rp_attach_init(&c.attach, f, limits, files, rp_mime_attach_body, &c);
    rp_mime_read(&c, message, length, 1, 0, 0);
    /* Forwarded messages, each parsed alone: no recursion. */
    for (i = 0; i < c.forwards->len; i++) {
	fw = g_ptr_array_index(c.forwards, i);
	rp_mime_read(&c, fw->bytes.data, fw->bytes.len, 0, fw->depth, fw->unseen);
	rp_buf_free(&fw->bytes);
	free(fw);
    }
    g_ptr_array_free(c.forwards, TRUE);
    if (env && env->mail_from && *env->mail_from) {
	v = rp_header_bare(env->mail_from);
	rp_features_add_address(f, RP_ADDR_ENVELOPE, NULL, v);
	free(v);
    }
    return RP_OK;
}
