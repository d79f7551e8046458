/*
 * NAME
 *	rp_mime_tree 3
 * SUMMARY
 *	a MIME tree in reading order, and which of its parts a client shows
 * SYNOPSIS
 *	#include "rp_mime_tree.h"
 *
 *	rp_mime_node *rp_mime_tree(GMimeObject *root, size_t *count)
 *
 *	rp_mime_kind rp_mime_tree_leaf_kind(GMimePart *part)
 *
 *	rp_mime_kind rp_mime_tree_lost_kind(GMimeMultipart *mp)
 *
 *	int	rp_mime_tree_is_message(GMimeObject *obj)
 * DESCRIPTION
 *	rp_mime_tree() returns every object of the tree under root
 *	(multiparts, message/rfc822 parts, leaves), in pre-order, which is
 *	the order a reader meets them; *count is set to their number, and
 *	the array is the caller's to free().  It never recurses: an
 *	explicit stack, one pass down, one pass up and one down again, so
 *	any tree costs time and memory linear in its size.
 *
 *	Each node has its depth (1 for root) and whether it is unseen: in a
 *	multipart/alternative a mail client shows one alternative, the
 *	last one it can render, preferring HTML to plain text, so every
 *	other alternative and everything under it is unseen.  What an
 *	alternative renders is the best of what it holds: HTML (a
 *	text/html leaf or HTML attachment, or a multipart/related or any
 *	multipart holding one, or a multipart whose boundary never came
 *	that looks like HTML), else plain text (text/plain, a
 *	message/rfc822 part, another multipart whose boundary never came),
 *	else other text (text/calendar, text/enriched...: a client shows
 *	the plain text beside an invitation), else nothing.  A set with
 *	nothing to render shows everything (nothing is unseen).  Nested
 *	alternatives follow the same rule: only the shown child of a shown
 *	child is shown.
 *
 *	rp_mime_tree_leaf_kind() tells, from its type and file name only,
 *	how detection reads a leaf: RP_MIME_HTML (text/html,
 *	application/xhtml+xml, or a file name ending in .html, .htm, .xhtml
 *	or .shtml: an HTML attachment opens in a browser), RP_MIME_TEXT (any
 *	other text type) or RP_MIME_SKIP (images, archives, binaries: never
 *	decoded).  rp_mime_tree_lost_kind() tells the same of a multipart
 *	whose boundary never came, read whole: RP_MIME_SKIP when it holds
 *	nothing, RP_MIME_HTML when it looks like HTML (<html, <body, <a or
 *	href=), else RP_MIME_TEXT.  rp_mime_tree_is_message() tells whether
 *	a part holds a message: message/rfc822, message/global or
 *	message/news, parsed by GMime or left opaque (transfer-encoded, or
 *	nested past GMime's own limit).
 * SEE ALSO
 *	rp_mime(3), RFC 2046 section 5.1.4 (multipart/alternative).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "rp_mime_tree.h"
#include "rp_util.h"

#define RP_MIME_TREE_NONE	((size_t) -1)

/* What the passes up and down need besides the node. */
typedef struct rp_mime_tree_info {
    size_t  parent;		/* index, RP_MIME_TREE_NONE for the root */
    size_t  shown;		/* alternatives: the child shown, or NONE */
    int     rank;		/* the best the subtree renders: RP_MIME_TREE_* */
    int     alternative;	/* a multipart/alternative */
} rp_mime_tree_info;

/* What a subtree renders, worst first. */
#define RP_MIME_TREE_NOTHING	0
#define RP_MIME_TREE_OTHER	1	/* text/calendar, text/enriched... */
#define RP_MIME_TREE_PLAIN	2	/* text/plain, a message */
#define RP_MIME_TREE_HTML	3

/* One entry of the explicit stack. */
typedef struct rp_mime_tree_todo {
    GMimeObject *obj;
    size_t  parent;
    unsigned depth;
} rp_mime_tree_todo;

/* rp_mime_tree_has_suffix - does name end with suffix, ignoring case */
static int rp_mime_tree_has_suffix(const char *name, const char *suffix)
{
    size_t  n = strlen(name), s = strlen(suffix);

    return n >= s && rp_ascii_casecmp(name + n - s, suffix) == 0;
}

/* rp_mime_tree_leaf_kind - how detection reads a leaf, from its labels */
rp_mime_kind rp_mime_tree_leaf_kind(GMimePart *part)
{
    GMimeContentType *ct = g_mime_object_get_content_type((GMimeObject *) part);
    const char *name = g_mime_part_get_filename(part);

    if ((ct && g_mime_content_type_is_type(ct, "text", "html"))
	|| (ct && g_mime_content_type_is_type(ct, "application", "xhtml+xml"))
	|| (name && (rp_mime_tree_has_suffix(name, ".html")
		     || rp_mime_tree_has_suffix(name, ".htm")
		     || rp_mime_tree_has_suffix(name, ".xhtml")
		     || rp_mime_tree_has_suffix(name, ".shtml"))))
	return RP_MIME_HTML;
    if (ct && g_mime_content_type_is_type(ct, "text", "*"))
	return RP_MIME_TEXT;
    return RP_MIME_SKIP;
}

/* rp_mime_tree_lost_kind - how detection reads a multipart that lost its parts */
rp_mime_kind rp_mime_tree_lost_kind(GMimeMultipart *mp)
{
    static const char *const marks[] = {"<html", "<body", "<a ", "href=", 0};
    const char *const *m;
    const char *s = g_mime_multipart_get_prologue(mp);

    if (s == NULL || *s == 0)
	return RP_MIME_SKIP;
    for (; (s = strpbrk(s, "<hH")) != NULL; s++)
	for (m = marks; *m; m++)
	    if (rp_ascii_ncasecmp(s, *m, strlen(*m)) == 0)
		return RP_MIME_HTML;
    return RP_MIME_TEXT;
}

/* rp_mime_tree_is_message - does the part hold a message */
int     rp_mime_tree_is_message(GMimeObject *obj)
{
    GMimeContentType *ct = g_mime_object_get_content_type(obj);

    return ct && (g_mime_content_type_is_type(ct, "message", "rfc822")
		  || g_mime_content_type_is_type(ct, "message", "global")
		  || g_mime_content_type_is_type(ct, "message", "news"));
}

/* rp_mime_tree_rank - what one object renders by itself */
static int rp_mime_tree_rank(GMimeObject *obj)
{
    GMimeContentType *ct = g_mime_object_get_content_type(obj);
    rp_mime_kind kind;

    if (GMIME_IS_MULTIPART(obj)) {
	if (g_mime_multipart_get_count((GMimeMultipart *) obj) > 0)
	    return RP_MIME_TREE_NOTHING;
	kind = rp_mime_tree_lost_kind((GMimeMultipart *) obj);
	return kind == RP_MIME_HTML ? RP_MIME_TREE_HTML
	    : kind == RP_MIME_TEXT ? RP_MIME_TREE_PLAIN : RP_MIME_TREE_NOTHING;
    }
    if (!GMIME_IS_PART(obj))
	return RP_MIME_TREE_NOTHING;
    if (rp_mime_tree_is_message(obj))
	return RP_MIME_TREE_PLAIN;
    switch (rp_mime_tree_leaf_kind((GMimePart *) obj)) {
    case RP_MIME_HTML:
	return RP_MIME_TREE_HTML;
    case RP_MIME_TEXT:
	return ct && g_mime_content_type_is_type(ct, "text", "plain")
	    ? RP_MIME_TREE_PLAIN : RP_MIME_TREE_OTHER;
    default:
	return RP_MIME_TREE_NOTHING;
    }
}

/* rp_mime_tree_push - one object onto the explicit stack */
static rp_mime_tree_todo *rp_mime_tree_push(rp_mime_tree_todo *stack, size_t *cap,
					            size_t *n, GMimeObject *obj,
					            size_t parent, unsigned depth)
{
    stack = rp_array_grow(stack, cap, *n, sizeof(*stack));
    stack[*n].obj = obj;
    stack[*n].parent = parent;
    stack[(*n)++].depth = depth;
    return stack;
}

/* rp_mime_tree - the objects under root in reading order, seen or not */
rp_mime_node *rp_mime_tree(GMimeObject *root, size_t *count)
{
    rp_mime_tree_todo *stack = NULL, todo;
    rp_mime_tree_info *info = NULL, *p;
    rp_mime_node *nodes = NULL;
    size_t  n = 0, cap = 0, info_cap = 0, sn = 0, scap = 0, i;
    GMimeContentType *ct;
    GMimeMessage *inner;
    int     k;

    if (root != NULL)
	stack = rp_mime_tree_push(stack, &scap, &sn, root, RP_MIME_TREE_NONE, 1);
    /* Down: pre-order, children pushed last first. */
    while (sn > 0) {
	todo = stack[--sn];
	nodes = rp_array_grow(nodes, &cap, n, sizeof(*nodes));
	info = rp_array_grow(info, &info_cap, n, sizeof(*info));
	nodes[n].obj = todo.obj;
	nodes[n].depth = todo.depth;
	nodes[n].unseen = 0;
	info[n].parent = todo.parent;
	info[n].shown = RP_MIME_TREE_NONE;
	info[n].rank = rp_mime_tree_rank(todo.obj);
	ct = g_mime_object_get_content_type(todo.obj);
	info[n].alternative = GMIME_IS_MULTIPART(todo.obj) && ct
	    && g_mime_content_type_is_type(ct, "multipart", "alternative");
	if (GMIME_IS_MULTIPART(todo.obj)) {
	    for (k = g_mime_multipart_get_count((GMimeMultipart *) todo.obj) - 1; k >= 0; k--)
		stack = rp_mime_tree_push(stack, &scap, &sn,
			     g_mime_multipart_get_part((GMimeMultipart *) todo.obj, k),
					  n, todo.depth + 1);
	} else if (GMIME_IS_MESSAGE_PART(todo.obj)) {
	    inner = g_mime_message_part_get_message((GMimeMessagePart *) todo.obj);
	    if (inner && g_mime_message_get_mime_part(inner))
		stack = rp_mime_tree_push(stack, &scap, &sn,
					  g_mime_message_get_mime_part(inner),
					  n, todo.depth + 1);
	}
	n++;
    }
    /*
     * Up: descendants come after their ancestor, so in reverse order a
     * child is final when its parent hears of it; siblings come last
     * first, so a later child of equal kind is never replaced.
     */
    for (i = n; i-- > 1;) {
	p = info + info[i].parent;
	if (p->alternative && info[i].rank != RP_MIME_TREE_NOTHING
	    && (p->shown == RP_MIME_TREE_NONE || info[i].rank > info[p->shown].rank))
	    p->shown = i;
	if (info[i].rank > p->rank)
	    p->rank = info[i].rank;
    }
    /* Down again: unseen is inherited, or given by the alternative. */
    for (i = 1; i < n; i++) {
	p = info + info[i].parent;
	nodes[i].unseen = nodes[info[i].parent].unseen
	    || (p->alternative && p->shown != RP_MIME_TREE_NONE && p->shown != i);
    }
    free(stack);
    free(info);
    *count = n;
    return nodes;
}
