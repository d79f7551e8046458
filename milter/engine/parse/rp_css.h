/*
 * NAME
 *	rp_css 3h
 * SUMMARY
 *	what CSS says about whether text can be seen
 * SYNOPSIS
 *	#include "rp_css.h"
 * DESCRIPTION
 *	rp_css_style holds what declarations (a style attribute, the
 *	rules of a style sheet, presentational attributes) say about the
 *	properties that hide text, each with its weight in the cascade.
 *	rp_css_view is what an element inherits and shows: its font size,
 *	text colour over its background, visibility, and whether it
 *	overrides the bidi order.
 */
#ifndef RP_CSS_H
#define RP_CSS_H

#include <stddef.h>
#include <stdint.h>

/* The properties the visibility model reads. */
typedef enum rp_css_prop {
    RP_CSS_DISPLAY,			/* 1: none */
    RP_CSS_VISIBILITY,			/* 1: hidden or collapse */
    RP_CSS_OPACITY,			/* 0 to 1 */
    RP_CSS_TRANSFORM,			/* 1: scaled to nothing */
    RP_CSS_FONT_SIZE,			/* px (or a factor: RP_CSS_RELATIVE) */
    RP_CSS_COLOR,			/* 0xAARRGGBB */
    RP_CSS_BACKGROUND,			/* 0xAARRGGBB */
    RP_CSS_POSITION,			/* 1: absolute or fixed, 2: relative */
    RP_CSS_LEFT, RP_CSS_TOP,		/* px (right and bottom, negated) */
    RP_CSS_TEXT_INDENT,			/* px */
    RP_CSS_MARGIN_LEFT, RP_CSS_MARGIN_TOP,	/* px */
    RP_CSS_HEIGHT, RP_CSS_MAX_HEIGHT,	/* px */
    RP_CSS_WIDTH, RP_CSS_MAX_WIDTH,	/* px */
    RP_CSS_OVERFLOW,			/* 1: hidden or clip */
    RP_CSS_CLIP,			/* 1: clip: rect() of no area */
    RP_CSS_CLIP_PATH,			/* 1: a clip-path that leaves nothing */
    RP_CSS_DIRECTION,			/* 1: rtl */
    RP_CSS_UNICODE_BIDI,		/* 1: bidi-override, isolate-override */
    RP_CSS_NPROPS
} rp_css_prop;

/* How a property is given (rp_css_style.kind). */
#define RP_CSS_UNSET	0		/* not given */
#define RP_CSS_VALUE	1		/* value[] holds it */
#define RP_CSS_RELATIVE	2		/* a factor of the parent's (font-size) */
#define RP_CSS_UNKNOWN	3		/* given, not understood (var(), an image) */
#define RP_CSS_INITIAL	4		/* the property's initial value */
#define RP_CSS_INHERIT	5		/* the parent's */
#define RP_CSS_CURRENT	6		/* currentColor (background) */

/*
 * A weight in the cascade: !important, then the origin and specificity
 * (RP_CSS_SPEC_*), then the order of the rule.  Higher wins.
 */
#define RP_CSS_IMPORTANT	(1u << 31)
#define RP_CSS_WEIGHT(spec, order)	(((unsigned) (spec) << 24) | ((order) & 0xffffffu))
#define RP_CSS_SPEC_ATTRIBUTE	0	/* presentational attributes (bgcolor) */
#define RP_CSS_SPEC_UNIVERSAL	1	/* * */
#define RP_CSS_SPEC_TYPE	2	/* p */
#define RP_CSS_SPEC_CLASS	3	/* .c */
#define RP_CSS_SPEC_TYPE_CLASS	4	/* p.c */
#define RP_CSS_SPEC_ID		5	/* #i */
#define RP_CSS_SPEC_TYPE_ID	6	/* p#i */
#define RP_CSS_SPEC_INLINE	7	/* style="" */

typedef struct rp_css_style {
    double  value[RP_CSS_NPROPS];
    unsigned char kind[RP_CSS_NPROPS];	/* RP_CSS_UNSET ... */
    unsigned weight[RP_CSS_NPROPS];
} rp_css_style;

/* What an element inherits and shows. */
typedef struct rp_css_view {
    double  font_px;			/* its font size */
    uint32_t color, background;		/* text colour, background seen behind */
    unsigned char color_set;		/* a colour was given (not the default) */
    unsigned char background_known;	/* background is known (not an image) */
    unsigned char invisible;		/* visibility: hidden */
    unsigned char rtl;			/* direction: rtl */
    unsigned char override;		/* 0, or 'R' / 'L': it overrides the bidi order */
} rp_css_view;

void    rp_css_style_init(rp_css_style *s);

/*
 * rp_css_declarations - read "property: value; ..." (len bytes, as in
 * a style attribute or inside a rule's braces) into s, with weight
 * RP_CSS_WEIGHT(spec, order) (plus RP_CSS_IMPORTANT where marked);
 * what s holds with more weight stays.
 */
void    rp_css_declarations(const char *text, size_t len, unsigned spec,
			    unsigned order, rp_css_style *s);

/* rp_css_set - one property, from a declaration's value (an attribute's) */
void    rp_css_set(rp_css_style *s, rp_css_prop prop, double value,
		   unsigned char kind, unsigned weight);

/* rp_css_attribute - a presentational attribute (bgcolor, color, width...) into s */
void    rp_css_attribute(rp_css_style *s, const char *name, const char *value);

/* rp_css_view_root - the view of a document: default font on white */
void    rp_css_view_root(rp_css_view *v);

/*
 * rp_css_view_child - the view of an element with style s inside
 * parent.  Returns 1 when the element hides its whole content, which
 * nothing inside can show again (display: none, opacity near 0,
 * scaled to nothing, moved out of view, clipped to nothing).
 */
int     rp_css_view_child(const rp_css_view *parent, const rp_css_style *s,
			  rp_css_view *child);

/* rp_css_view_hides_text - text of an element with view v cannot be seen */
int     rp_css_view_hides_text(const rp_css_view *v);

/* rp_css_tiny_box - s makes an image or box at most a pixel wide or high */
int     rp_css_tiny_box(const rp_css_style *s);

#endif
