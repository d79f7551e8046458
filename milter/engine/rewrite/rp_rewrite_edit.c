/*
 * NAME
 *	rp_rewrite_edit 3
 * SUMMARY
 *	edits of one text, and the defanged form of a URL
 * SYNOPSIS
 *	#include "rp_rewrite_edit.h"
 *
 *	void	rp_rewrite_edit_add(rp_rewrite_edits *e, size_t start,
 *				    size_t end, char *text)
 *
 *	void	rp_rewrite_edit_first(rp_rewrite_edits *e, size_t at,
 *				      char *text)
 *
 *	size_t	rp_rewrite_edit_apply(rp_rewrite_edits *e, const char *in,
 *				      size_t len, rp_buf *out)
 *
 *	void	rp_rewrite_edit_free(rp_rewrite_edits *e)
 *
 *	char	*rp_rewrite_defang(const char *url)
 *
 *	char	*rp_rewrite_defang_len(const char *url, size_t len)
 *
 *	void	rp_rewrite_escape(rp_buf *out, const char *s, size_t len)
 * DESCRIPTION
 *	An edit replaces bytes [start, end) of a text (an insertion when
 *	they are equal) with a string it owns.  rp_rewrite_edit_apply()
 *	sorts the edits by place, then by the order they were added in
 *	(rp_rewrite_edit_first() goes before all others at its place), and
 *	copies the input once with them made.  An edit that starts inside
 *	bytes an earlier one replaced is dropped: the first reading of a
 *	place wins.  Everything works on lengths: the input may hold NUL
 *	bytes.  An empty list may be applied or freed.
 *
 *	rp_rewrite_defang() writes a URL so that no mail client, and not
 *	rp_url_scan_text(), makes a link of any of it, in the form analysts
 *	use: every "http" scheme becomes "hxxp" and every dot of every
 *	authority "[.]" (the ideographic and full-width dots that browsers
 *	read as dots in a host too).  Not only the URL's own: a redirector's target
 *	("?u=https://evil.example/") or a www. name in its query would be
 *	a live link again in the text that shows where a link went.  A
 *	string without a scheme starts with its authority.
 *	rp_rewrite_defang_len() takes a length instead of a NUL.
 *
 *	rp_rewrite_escape() appends text for HTML: & < > and " as
 *	references.
 * DIAGNOSTICS
 *	None; out of memory aborts (rp_malloc).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "rp_rewrite_edit.h"
#include "rp_util.h"

/* rp_rewrite_edit_add - one more edit: bytes [start, end) become text */
void    rp_rewrite_edit_add(rp_rewrite_edits *e, size_t start, size_t end, char *text)
{
    e->v = rp_array_grow(e->v, &e->cap, e->n, sizeof(*e->v));
    e->v[e->n].start = start;
    e->v[e->n].end = end;
    e->v[e->n].order = e->n + 1;	/* 0 is for rp_rewrite_edit_first() */
    e->v[e->n].text = text;
    e->n++;
}

/* rp_rewrite_edit_first - an insertion before anything else at its place */
void    rp_rewrite_edit_first(rp_rewrite_edits *e, size_t at, char *text)
{
    rp_rewrite_edit_add(e, at, at, text);
    e->v[e->n - 1].order = 0;
}

/* edit_order - qsort order: by position, then in the order made */
static int edit_order(const void *a, const void *b)
{
    const rp_rewrite_edit *x = a, *y = b;

    if (x->start != y->start)
	return x->start < y->start ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

/* rp_rewrite_edit_apply - the input with the edits made; frees them */
size_t  rp_rewrite_edit_apply(rp_rewrite_edits *e, const char *in, size_t len, rp_buf *out)
{
    size_t  i, copied = 0, made = 0;

    if (e->n > 0)
	qsort(e->v, e->n, sizeof(*e->v), edit_order);
    for (i = 0; i < e->n; i++) {
	if (e->v[i].start >= copied && e->v[i].end <= len) {
	    rp_buf_append(out, in + copied, e->v[i].start - copied);
	    rp_buf_puts(out, e->v[i].text);
	    copied = e->v[i].end;
	    made++;
	}
    }
    rp_buf_append(out, in + copied, len - copied);
    rp_rewrite_edit_free(e);
    return made;
}

/* rp_rewrite_edit_free - drop the edits */
void    rp_rewrite_edit_free(rp_rewrite_edits *e)
{
    size_t  i;

    for (i = 0; i < e->n; i++)
	free(e->v[i].text);
    free(e->v);
    e->v = NULL;
    e->n = e->cap = 0;
}

/* at - do the len bytes at s[i] start with word, ignoring case */
static int at(const char *s, size_t len, size_t i, const char *word)
{
    size_t  n = strlen(word);

    return len - i >= n && rp_ascii_ncasecmp(s + i, word, n) == 0;
}

/*
 * dot_length - length of a label separator at url[i], or 0: "." and the
 * dots a browser maps to it in a host (U+3002, U+FF0E, U+FF61, UTS #46)
 */
static size_t dot_length(const char *url, size_t len, size_t i)
{
    static const char *const dots[] = {"\xe3\x80\x82", "\xef\xbc\x8e", "\xef\xbd\xa1"};
    size_t  k;

    if (url[i] == '.')
	return 1;
    for (k = 0; k < sizeof(dots) / sizeof(dots[0]); k++)
	if (len - i >= 3 && memcmp(url + i, dots[k], 3) == 0)
	    return 3;
    return 0;
}

/* rp_rewrite_defang_len - hxxp schemes, [.] in every authority */
char   *rp_rewrite_defang_len(const char *url, size_t len)
{
    rp_buf  out;
    size_t  i = 0, n;
    int     authority = 1;		/* no scheme: the authority comes first */

    rp_buf_init(&out);
    while (i < len) {
	if (at(url, len, i, "http://") || at(url, len, i, "https://")) {
	    /* The case of the scheme's letters stays: "HTTP" -> "HxxP". */
	    rp_buf_putc(&out, url[i]);
	    rp_buf_puts(&out, "xx");
	    rp_buf_putc(&out, url[i + 3]);
	    i += 4;
	} else if (at(url, len, i, "://")) {
	    rp_buf_puts(&out, "://");
	    i += 3;
	    authority = 1;
	} else if (at(url, len, i, "www.")) {
	    rp_buf_append(&out, url + i, 3);
	    rp_buf_puts(&out, "[.]");
	    i += 4;
	    authority = 1;
	} else if (authority && (n = dot_length(url, len, i)) > 0) {
	    rp_buf_puts(&out, "[.]");
	    i += n;
	} else {
	    if (url[i] == '/' || url[i] == '?' || url[i] == '#')
		authority = 0;
	    rp_buf_putc(&out, url[i++]);
	}
    }
    return out.data;
}

/* rp_rewrite_defang - rp_rewrite_defang_len() of a string */
char   *rp_rewrite_defang(const char *url)
{
    return rp_rewrite_defang_len(url, strlen(url));
}

/* rp_rewrite_escape - append text with & < > " escaped */
void    rp_rewrite_escape(rp_buf *out, const char *s, size_t len)
{
    size_t  i;

    for (i = 0; i < len; i++) {
	switch (s[i]) {
	case '&': rp_buf_puts(out, "&amp;"); break;
	case '<': rp_buf_puts(out, "&lt;"); break;
	case '>': rp_buf_puts(out, "&gt;"); break;
	case '"': rp_buf_puts(out, "&quot;"); break;
	default: rp_buf_putc(out, s[i]);
	}
    }
}
