/*
 * NAME
 *	rp_prescan 3
 * SUMMARY
 *	hostile raw input made safe for GMime's parser
 * SYNOPSIS
 *	#include "rp_prescan.h"
 *
 *	char	*rp_prescan_edit(const char *msg, size_t *len,
 *				 size_t max_depth, unsigned *flags)
 * DESCRIPTION
 *	GMime compares every body line that starts with "--" against its
 *	whole boundary stack, up to 1024 deep, so a message nested a
 *	thousand levels deep followed by millions of "--" lines costs
 *	depth x lines.  rp_prescan_edit() follows the boundary structure
 *	the way GMime will (last Content-Type of a header block, boundary
 *	lines that hold the boundary and optional blanks, the closing one
 *	tested first, innermost first; message/rfc822 bodies that start
 *	with headers), finding a line's boundary in time linear in the
 *	line however deep the stack (rp_bounds(3)), and plans edits for a
 *	copy that GMime reads instead of the original:
 * .IP \(bu
 *	multiparts nested deeper than max_depth are flattened into the
 *	deepest one allowed (the cap): their Content-Type is spoiled
 *	("xultipart"), so GMime reads their header and preamble as one
 *	leaf of no text type; each of their delimiter lines is rewritten
 *	into the cap's delimiter, so each of their parts becomes a part
 *	of the cap, read like any other; their closing line and epilogue
 *	are left out up to the next boundary line.  GMime's stack stays
 *	max_depth deep and every leaf is still a part (RP_MSG_TOO_DEEP).
 *	With max_depth 0 there is no cap to flatten into: the "boundary"
 *	parameter names are spoiled instead ("xoundary") and GMime reads
 *	the multipart as one opaque body;
 * .IP \(bu
 *	past the first RP_PRESCAN_PARTS (10,000) parts, parts that hold
 *	nothing detection reads are left out, from their delimiter line to
 *	the next boundary line: parts with a blank body, and parts of no
 *	type detection reads (not text, not a multipart or message, and no
 *	"htm" in their header, which could name an HTML attachment).
 *	Past that count too, a plain-text part (text/plain or no type, no
 *	transfer encoding but 7bit, 8bit or binary, no "htm" in its header)
 *	that follows one with the same Content-Type in the same multipart,
 *	not an alternative, is joined to it: its delimiter line and header
 *	are left out, so GMime reads both bodies as one, as a reader reads
 *	them one after the other.  GMime spends about 10 microseconds and a
 *	kilobyte on each part, so millions of empty, binary or tiny parts
 *	in front of a phish would cost more than the mail is worth
 *	(RP_MSG_TOO_MANY_PARTS);
 * .IP \(bu
 *	NUL bytes are dropped from header blocks: GMime's strings would
 *	end there (RP_MSG_MIME_BROKEN);
 * .IP \(bu
 *	every header field is cut after RP_HEADER_MAX bytes, with its
 *	continuation lines: GMime grows its header buffer in small steps,
 *	so a 50 MB header would cost time quadratic in its length
 *	(RP_MSG_MIME_BROKEN);
 * .IP \(bu
 *	the blank line missing between the top-level headers and a body
 *	that starts right after them is inserted: GMime would drop that
 *	body (RP_MSG_MIME_BROKEN).
 * .PP
 *	The edits are planned in one pass over msg, sorted by offset, and
 *	applied in a second pass that builds the copy.  Well-formed
 *	messages need no edit and are never copied: rp_prescan_edit()
 *	then returns NULL and leaves *len alone.  Otherwise it returns
 *	the copy (the caller's to free()) and sets *len to its length.
 *	Either way the RP_MSG_* flags of the edits are added to *flags.
 *	GMime must be initialised (rp_mime_init()): Content-Type values
 *	are read with g_mime_content_type_parse().
 * DIAGNOSTICS
 *	None: any input is accepted.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <gmime/gmime.h>

#include "rp_bounds.h"
#include "rp_features.h"
#include "rp_header.h"
#include "rp_prescan.h"
#include "rp_util.h"

#define RP_PRESCAN_PARTS	10000	/* parts before those with nothing are cut */

/* What one planned edit does to the byte at its offset. */
typedef enum rp_prescan_kind {
    RP_PRESCAN_SPOIL,		/* replace the byte with 'x' */
    RP_PRESCAN_DROP,		/* leave the byte out */
    RP_PRESCAN_CUT,		/* leave len bytes out */
    RP_PRESCAN_BREAK,		/* insert '\n' before the byte */
    RP_PRESCAN_REPLACE		/* len bytes become the pool's text */
} rp_prescan_kind;

typedef struct rp_prescan_op {
    size_t  off;
    size_t  len;		/* RP_PRESCAN_CUT and _REPLACE */
    size_t  text, text_len;	/* RP_PRESCAN_REPLACE: bytes of the pool */
    rp_prescan_kind kind;
} rp_prescan_op;

/* The state of the planning pass. */
typedef struct rp_prescan_state {
    const char *msg;
    size_t  len;
    size_t  max_depth;
    rp_bounds *bounds;		/* the open multiparts */
    size_t  real;		/* levels GMime will see: those above are flattened */
    size_t  cut_from;		/* start of a closing line left out, or NO_CUT */
    rp_buf  ctype;		/* value of the last Content-Type */
    GArray *spans;		/* offsets of Content-Type headers in block */
    char   *cte;		/* first Content-Transfer-Encoding */
    size_t  field_len;		/* bytes of the current header field so far */
    GArray *ops;		/* rp_prescan_op, sorted at the end */
    rp_buf  pool;		/* replacement text of RP_PRESCAN_REPLACE */
    size_t  parts;		/* delimiter lines met */
    /* The part being read, while it may be left out. */
    size_t  part_at;		/* its delimiter line, or NO_CUT */
    guint   part_op;		/* index of its delimiter's REPLACE, or G_MAXUINT */
    int     part_typed;		/* its header block is over */
    int     part_read;		/* of a type detection reads */
    int     part_htm;		/* "htm" in its header: maybe an HTML file */
    int     part_content;	/* a body line that is not blank */
    size_t  part_level;		/* the multipart GMime sees it in */
    int     part_plain;		/* it is the plain-text part others may join */
    int     part_apart;		/* not plain text: if kept, the next is not joined */
    /* The last plain-text part, which the next may be joined to. */
    int     plain;		/* there is one, and it ended where this part starts */
    size_t  plain_level;
    rp_buf  plain_key;		/* its Content-Type and transfer encoding */
    unsigned flags;		/* RP_MSG_* the edits stand for */
} rp_prescan_state;

#define NO_CUT	((size_t) -1)

/* rp_prescan_cut - plan to leave out len bytes at off */
static void rp_prescan_cut(rp_prescan_state *s, size_t off, size_t len,
			           rp_prescan_kind kind)
{
    rp_prescan_op e, *last;

    /* Parts left out one after the other make one edit. */
    last = s->ops->len ? &g_array_index(s->ops, rp_prescan_op, s->ops->len - 1) : NULL;
    if (kind == RP_PRESCAN_CUT && last && last->kind == RP_PRESCAN_CUT
	&& last->off + last->len == off) {
	last->len += len;
	return;
    }
    e.off = off;
    e.len = len;
    e.text = e.text_len = 0;
    e.kind = kind;
    g_array_append_val(s->ops, e);
}

/* rp_prescan_replace - plan to write text in place of len bytes at off */
static void rp_prescan_replace(rp_prescan_state *s, size_t off, size_t len,
			               const char *text)
{
    rp_prescan_op e;

    e.off = off;
    e.len = len;
    e.text = s->pool.len;
    e.text_len = strlen(text);
    e.kind = RP_PRESCAN_REPLACE;
    rp_buf_puts(&s->pool, text);
    g_array_append_val(s->ops, e);
}

/* rp_prescan_end_part - the part being read ends at off: leave it out? */
static void rp_prescan_end_part(rp_prescan_state *s, size_t off)
{
    rp_prescan_op *e;

    if (s->part_at != NO_CUT && s->parts > RP_PRESCAN_PARTS
	&& (!s->part_content || !(s->part_read || s->part_htm))) {
	if (s->part_op != G_MAXUINT) {
	    /* Its delimiter goes too: the rewrite copies nothing. */
	    e = &g_array_index(s->ops, rp_prescan_op, s->part_op);
	    e->len = e->text_len = 0;
	}
	rp_prescan_cut(s, s->part_at, off - s->part_at, RP_PRESCAN_CUT);
	s->flags |= RP_MSG_TOO_MANY_PARTS;
	/* Another part left out leaves the last plain one where it was. */
	if (s->part_plain)
	    s->plain = 0;
    } else if (s->part_at != NO_CUT && s->part_apart) {
	s->plain = 0;
    }
    s->part_at = NO_CUT;
}

/*
 * rp_prescan_join - the header of the part being read ended at body:
 * join it to the plain-text part before it, or make it the one the next
 * may join (see above).  simple: it is plain text of its own.
 */
static void rp_prescan_join(rp_prescan_state *s, size_t body, int simple)
{
    rp_prescan_op *e;
    rp_buf  key;

    rp_buf_init(&key);
    rp_buf_printf(&key, "%s\1%s", s->ctype.data, s->cte ? s->cte : "");
    if (simple && s->plain && s->parts > RP_PRESCAN_PARTS && s->plain_level == s->part_level
	&& !rp_bounds_alternative(s->bounds, s->part_level) && strcmp(key.data, s->plain_key.data) == 0) {
	if (s->part_op != G_MAXUINT) {
	    e = &g_array_index(s->ops, rp_prescan_op, s->part_op);
	    e->len = e->text_len = 0;
	}
	rp_prescan_cut(s, s->part_at, body - s->part_at, RP_PRESCAN_CUT);
	s->flags |= RP_MSG_TOO_MANY_PARTS;
	/* Its body is the last part's now: never left out alone. */
	s->part_at = NO_CUT;
    } else if (simple) {
	s->plain = s->part_plain = 1;
	s->plain_level = s->part_level;
	rp_buf_reset(&s->plain_key);
	rp_buf_append(&s->plain_key, key.data, key.len);
    } else {
	/* Whether it parts the plain text around it is known at its end. */
	s->part_apart = 1;
    }
    rp_buf_free(&key);
}

/* rp_prescan_start_part - a delimiter line at off starts a part of level */
static void rp_prescan_start_part(rp_prescan_state *s, size_t off, guint op,
				          size_t level)
{
    s->parts++;
    s->part_at = off;
    s->part_op = op;
    s->part_level = level;
    s->part_typed = s->part_read = s->part_htm = s->part_content = 0;
    s->part_plain = s->part_apart = 0;
}

/* rp_prescan_end_cut - a left-out closing line and epilogue end at off */
static void rp_prescan_end_cut(rp_prescan_state *s, size_t off)
{
    if (s->cut_from != NO_CUT)
	rp_prescan_cut(s, s->cut_from, off - s->cut_from, RP_PRESCAN_CUT);
    s->cut_from = NO_CUT;
}

/* rp_prescan_mark - plan one single-byte edit */
static void rp_prescan_mark(rp_prescan_state *s, size_t off, rp_prescan_kind kind)
{
    rp_prescan_cut(s, off, 1, kind);
}

/* rp_prescan_spoil - spoil every word (8 or 9 bytes) in the header at off */
static void rp_prescan_spoil(rp_prescan_state *s, size_t off, const char *word)
{
    size_t  i, end, n = strlen(word);

    /* The header ends at a line break not followed by folding space. */
    for (end = off; end < s->len; end++)
	if (s->msg[end] == '\n' && (end + 1 >= s->len
				    || (s->msg[end + 1] != ' ' && s->msg[end + 1] != '\t')))
	    break;
    for (i = off; i + n <= end; i++)
	if (rp_ascii_ncasecmp(s->msg + i, word, n) == 0)
	    rp_prescan_mark(s, i, RP_PRESCAN_SPOIL);
    s->flags |= RP_MSG_TOO_DEEP;
}

/* rp_prescan_push - a multipart's boundary onto the stack */
static void rp_prescan_push(rp_prescan_state *s, const char *b, GMimeContentType *ct)
{
    rp_bounds_push(s->bounds, b, g_mime_content_type_is_type(ct, "multipart", "alternative"));
}

/* rp_prescan_block - a header block ended, its body at body: push, flatten, descend */
static int rp_prescan_block(rp_prescan_state *s, size_t body)
{
    GMimeContentType *ct = NULL;
    const char *b;
    int     headers_follow = 0, leaf;
    guint   i;

    if (s->ctype.len)
	ct = g_mime_content_type_parse(NULL, s->ctype.data);
    if (s->part_at != NO_CUT && !s->part_typed) {
	/* Multiparts and messages are never left out; text is if blank. */
	s->part_typed = 1;
	leaf = !(ct && (g_mime_content_type_is_type(ct, "multipart", "*")
			|| g_mime_content_type_is_type(ct, "message", "*")));
	s->part_read = ct == NULL || g_mime_content_type_is_type(ct, "text", "*");
	rp_prescan_join(s, body, leaf && !s->part_htm
			&& (ct == NULL || g_mime_content_type_is_type(ct, "text", "plain"))
			&& (s->cte == NULL || rp_ascii_casecmp(s->cte, "7bit") == 0
			    || rp_ascii_casecmp(s->cte, "8bit") == 0
			    || rp_ascii_casecmp(s->cte, "binary") == 0));
	if (!leaf) {
	    /* A multipart or message is never left out: it parts text. */
	    s->part_at = NO_CUT;
	    s->plain = 0;
	}
    }
    if (ct && g_mime_content_type_is_type(ct, "multipart", "*")
	&& (b = g_mime_content_type_get_parameter(ct, "boundary")) != NULL) {
	if (rp_bounds_depth(s->bounds) < s->max_depth) {
	    rp_prescan_push(s, b, ct);
	    s->real = rp_bounds_depth(s->bounds);
	} else if (s->real > 0) {
	    /* Its parts become parts of level real. */
	    rp_prescan_push(s, b, ct);
	    for (i = 0; i < s->spans->len; i++)
		rp_prescan_spoil(s, g_array_index(s->spans, size_t, i), "multipart");
	} else {
	    for (i = 0; i < s->spans->len; i++)
		rp_prescan_spoil(s, g_array_index(s->spans, size_t, i), "boundary");
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

/*
 * rp_prescan_boundary - is the line at off a boundary of the stack: 0, 1,
 * or 2 (end).  A boundary of a flattened multipart is planned away here:
 * a delimiter becomes the cap's, a closing line is left out with what
 * follows it up to the next boundary line.
 */
static int rp_prescan_boundary(rp_prescan_state *s, size_t off, size_t n, int *headers)
{
    size_t  i;
    int     kind, closing;

    if ((i = rp_bounds_find(s->bounds, s->msg + off, n, &closing)) == 0)
	return 0;
    kind = closing ? 2 : 1;
    /* A header block that ends here is the part's before this one. */
    if (*headers)
	(void) rp_prescan_block(s, off);
    *headers = kind == 1;
    rp_prescan_end_cut(s, off);
    rp_prescan_end_part(s, off);
    if (i > s->real && kind == 1)
	rp_prescan_replace(s, off, strlen(rp_bounds_line(s->bounds, i)),
			   rp_bounds_line(s->bounds, s->real));
    else if (i > s->real)
	s->cut_from = off;
    if (kind == 2)
	s->plain = 0;
    /* Inner multiparts end with an outer boundary. */
    rp_bounds_truncate(s->bounds, kind == 2 ? i - 1 : i);
    if (s->real > rp_bounds_depth(s->bounds))
	s->real = rp_bounds_depth(s->bounds);
    if (kind == 1)
	rp_prescan_start_part(s, off, i > s->real ? s->ops->len - 1 : G_MAXUINT,
			      i > s->real ? s->real : i);
    return kind;
}

/* rp_prescan_is_header - a field name, optional blanks, then ':' */
static int rp_prescan_is_header(const char *line, size_t n)
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

/* rp_prescan_header - one header line (or its continuation) */
static void rp_prescan_header(rp_prescan_state *s, size_t off, size_t n,
			              size_t full, int *in_ctype)
{
    const char *line = s->msg + off, *nul;
    size_t  i;

    if (line[0] != ' ' && line[0] != '\t')
	s->field_len = 0;
    if (s->field_len >= RP_HEADER_MAX) {
	/* Past the cap, a continuation line goes with its line break. */
	rp_prescan_cut(s, off, full + (off + full < s->len), RP_PRESCAN_CUT);
	s->flags |= RP_MSG_MIME_BROKEN;
	return;
    }
    if (s->field_len + n > RP_HEADER_MAX) {
	rp_prescan_cut(s, off + (RP_HEADER_MAX - s->field_len),
		       n - (RP_HEADER_MAX - s->field_len), RP_PRESCAN_CUT);
	s->flags |= RP_MSG_MIME_BROKEN;
	n = RP_HEADER_MAX - s->field_len;
    }
    s->field_len += n;

    for (nul = memchr(line, 0, n); nul; nul = memchr(nul + 1, 0, n - (size_t) (nul + 1 - line))) {
	rp_prescan_mark(s, (size_t) (nul - s->msg), RP_PRESCAN_DROP);
	s->flags |= RP_MSG_MIME_BROKEN;
    }
    if (s->part_at != NO_CUT && !s->part_typed)
	for (i = 0; i + 3 <= n && !s->part_htm; i++)
	    s->part_htm = rp_ascii_ncasecmp(line + i, "htm", 3) == 0;
    if (line[0] == ' ' || line[0] == '\t') {
	if (*in_ctype && s->ctype.len < RP_HEADER_MAX)
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

/* rp_prescan_cmp - order edits by offset */
static gint rp_prescan_cmp(gconstpointer a, gconstpointer b)
{
    size_t  x = ((const rp_prescan_op *) a)->off, y = ((const rp_prescan_op *) b)->off;

    return x < y ? -1 : x > y;
}

/* rp_prescan_plan - the edits GMime's copy needs, sorted, into s (see above) */
static void rp_prescan_plan(rp_prescan_state *s, const char *msg, size_t len,
			            size_t max_depth)
{
    const char *nl;
    size_t  off = 0, n, full, i;
    int     headers = 1, top = 1, in_ctype = 0, kind;

    memset(s, 0, sizeof(*s));
    s->part_at = NO_CUT;
    s->msg = msg;
    s->len = len;
    s->max_depth = max_depth;
    s->bounds = rp_bounds_new();
    rp_buf_init(&s->plain_key);
    s->cut_from = NO_CUT;
    rp_buf_init(&s->ctype);
    rp_buf_init(&s->pool);
    s->spans = g_array_new(FALSE, FALSE, sizeof(size_t));
    s->ops = g_array_new(FALSE, FALSE, sizeof(rp_prescan_op));
    while (off < len) {
	nl = memchr(msg + off, '\n', len - off);
	full = nl ? (size_t) (nl - msg) - off : len - off;
	n = full > 0 && msg[off + full - 1] == '\r' ? full - 1 : full;
	if ((kind = rp_prescan_boundary(s, off, n, &headers)) != 0) {
	    in_ctype = 0;
	} else if (headers && n > 0 && (msg[off] == ' ' || msg[off] == '\t'
					|| rp_prescan_is_header(msg + off, n)
					|| (off == 0 && n >= 5 && memcmp(msg, "From ", 5) == 0))) {
	    rp_prescan_header(s, off, n, full, &in_ctype);
	} else if (headers) {
	    /* A blank line ends the headers; so does a line of body text. */
	    if (n > 0 && top && off > 0) {
		rp_prescan_mark(s, off, RP_PRESCAN_BREAK);
		s->flags |= RP_MSG_MIME_BROKEN;
	    }
	    headers = rp_prescan_block(s, n > 0 ? off : off + full + 1);
	    s->part_content |= n > 0;
	    top = 0;
	} else if (s->part_at != NO_CUT && !s->part_content) {
	    for (i = 0; i < n && (msg[off + i] == ' ' || msg[off + i] == '\t'); i++)
		 /* void */ ;
	    s->part_content = i < n;
	}
	off += full + 1;
    }
    rp_prescan_end_cut(s, len);
    rp_prescan_end_part(s, len);
    g_array_sort(s->ops, rp_prescan_cmp);
    rp_bounds_free(s->bounds);
    rp_buf_free(&s->plain_key);
    rp_buf_free(&s->ctype);
    g_array_free(s->spans, TRUE);
    g_free(s->cte);
}

/* rp_prescan_apply - a copy of msg with the planned edits; *len is updated */
static char *rp_prescan_apply(const char *msg, size_t *len, const rp_prescan_state *s)
{
    rp_buf  out;
    rp_prescan_op *e;
    size_t  from = 0;
    guint   i;

    rp_buf_init(&out);
    for (i = 0; i < s->ops->len; i++) {
	e = &g_array_index(s->ops, rp_prescan_op, i);
	if (e->off < from)
	    continue;			/* two edits of one byte: first wins */
	rp_buf_append(&out, msg + from, e->off - from);
	from = e->off;
	if (e->kind == RP_PRESCAN_BREAK) {
	    rp_buf_putc(&out, '\n');
	} else {
	    if (e->kind == RP_PRESCAN_SPOIL)
		rp_buf_putc(&out, 'x');
	    else if (e->kind == RP_PRESCAN_REPLACE)
		rp_buf_append(&out, s->pool.data + e->text, e->text_len);
	    from += e->len;
	}
    }
    rp_buf_append(&out, msg + from, *len - from);
    *len = out.len;
    return out.data;
}

/* rp_prescan_edit - the copy GMime should read, or NULL if msg will do */
char   *rp_prescan_edit(const char *msg, size_t *len, size_t max_depth,
			        unsigned *flags)
{
    rp_prescan_state s;
    char   *copy = NULL;

    rp_prescan_plan(&s, msg, *len, max_depth);
    if (s.ops->len > 0)
	copy = rp_prescan_apply(msg, len, &s);
    *flags |= s.flags;
    g_array_free(s.ops, TRUE);
    rp_buf_free(&s.pool);
    return copy;
}
