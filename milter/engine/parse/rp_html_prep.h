/*
 * NAME
 *	rp_html_prep 3h
 * SUMMARY
 *	the copy of an HTML document that libxml2 reads, as a browser would
 * SYNOPSIS
 *	#include "rp_html_prep.h"
 * DESCRIPTION
 *	rp_html.c does not hand libxml2 2.9's HTML parser the document as
 *	written but a copy in which what that parser reads unlike a
 *	browser is rewritten into what it reads alike: HTML5 named
 *	character references, "<a/href", end tags that end its parse.
 *	The copy keeps every offset but those of the few edits that
 *	change a length, and rp_html_prep_raw() maps those back, so that
 *	the rewriter still edits the bytes of the input.  The same pass
 *	keeps the text of the <style> elements, which apply to the whole
 *	document wherever they are.
 */
#ifndef RP_HTML_PREP_H
#define RP_HTML_PREP_H

#include <stddef.h>

#include "rp_util.h"

/* An edit that changed a length: copy[copy_start, copy_end) is input[raw_start, raw_end). */
typedef struct rp_html_prep_edit {
    size_t  copy_start, copy_end;
    size_t  raw_start, raw_end;
} rp_html_prep_edit;

typedef struct rp_html_prep {
    rp_buf  copy;			/* what libxml2 reads */
    rp_buf  style;			/* the text of every <style>, in order */
    rp_html_prep_edit *edits;		/* length-changing edits, in order */
    size_t  nedits, edits_cap;
} rp_html_prep;

/* rp_html_prep_run - make p (uninitialised) from html[0, len) */
void    rp_html_prep_run(rp_html_prep *p, const char *html, size_t len);

/* rp_html_prep_raw - the input offset of offset off of the copy */
size_t  rp_html_prep_raw(const rp_html_prep *p, size_t off);

void    rp_html_prep_free(rp_html_prep *p);

#endif
