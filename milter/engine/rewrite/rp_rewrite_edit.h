/*
 * NAME
 *	rp_rewrite_edit 3h
 * SUMMARY
 *	edits of one text, and the defanged form of a URL
 * SYNOPSIS
 *	#include "rp_rewrite_edit.h"
 * DESCRIPTION
 *	The rewriter finds what to change in a part's text first, then
 *	makes every change in one pass over it.
 */
#ifndef RP_REWRITE_EDIT_H
#define RP_REWRITE_EDIT_H

#include <stddef.h>

#include "rp_util.h"

/* One edit: bytes [start, end) of the input become text. */
typedef struct rp_rewrite_edit {
    size_t  start, end;			/* start == end: an insertion */
    size_t  order;			/* among edits at one place */
    char   *text;			/* owned */
} rp_rewrite_edit;

typedef struct rp_rewrite_edits {
    rp_rewrite_edit *v;
    size_t  n, cap;
} rp_rewrite_edits;

/* rp_rewrite_edit_add - bytes [start, end) become text (taken over) */
void    rp_rewrite_edit_add(rp_rewrite_edits *e, size_t start, size_t end, char *text);

/* rp_rewrite_edit_first - insert text at, before any other edit there */
void    rp_rewrite_edit_first(rp_rewrite_edits *e, size_t at, char *text);

/*
 * rp_rewrite_edit_apply - append the len bytes of in to out with the
 * edits made (an edit that overlaps one made before is dropped), and
 * free the edits.  Returns how many were made.
 */
size_t  rp_rewrite_edit_apply(rp_rewrite_edits *e, const char *in, size_t len, rp_buf *out);

/* rp_rewrite_edit_free - drop the edits without making them */
void    rp_rewrite_edit_free(rp_rewrite_edits *e);

/* rp_rewrite_defang - "https://a.example/x" -> "hxxps://a[.]example/x"; caller frees */
char   *rp_rewrite_defang(const char *url);

/* rp_rewrite_defang_len - the same for len bytes that may end without a NUL */
char   *rp_rewrite_defang_len(const char *url, size_t len);

/* rp_rewrite_escape - append len bytes of s to out with & < > " escaped for HTML */
void    rp_rewrite_escape(rp_buf *out, const char *s, size_t len);

#endif
