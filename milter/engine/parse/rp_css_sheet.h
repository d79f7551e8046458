/*
 * NAME
 *	rp_css_sheet 3h
 * SUMMARY
 *	the rules of a document's <style> elements, by simple selector
 * SYNOPSIS
 *	#include "rp_css_sheet.h"
 * DESCRIPTION
 *	A <style> rule such as ".hide{display:none}" hides the text of
 *	every element of that class, wherever the rule is written.  An
 *	rp_css_sheet keeps the rules whose selectors are simple (p, .c,
 *	#i, p.c, p#i, *, and lists of them) and gives an element what
 *	they declare for it.
 */
#ifndef RP_CSS_SHEET_H
#define RP_CSS_SHEET_H

#include <stddef.h>

#include "rp_css.h"

typedef struct rp_css_sheet rp_css_sheet;

rp_css_sheet *rp_css_sheet_create(void);

/* rp_css_sheet_read - add the rules of len bytes of CSS */
void    rp_css_sheet_read(rp_css_sheet *sheet, const char *css, size_t len);

/*
 * rp_css_sheet_match - merge into s what the rules declare for an
 * element named tag (lowercase) with attributes id and class (either
 * may be NULL), each with the weight of its selector and order.
 */
void    rp_css_sheet_match(const rp_css_sheet *sheet, const char *tag,
			   const char *id, const char *classes, rp_css_style *s);

/* rp_css_sheet_full - were declarations left out, the table being full */
int     rp_css_sheet_full(const rp_css_sheet *sheet);

void    rp_css_sheet_free(rp_css_sheet *sheet);

#endif
