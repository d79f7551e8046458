/*
 * NAME
 *	rp_css 3
 * SUMMARY
 *	what CSS says about whether text can be seen
 * SYNOPSIS
 *	#include "rp_css.h"
 *
 *	void	rp_css_style_init(rp_css_style *s)
 *
 *	void	rp_css_declarations(const char *text, size_t len,
 *				    unsigned spec, unsigned order,
 *				    rp_css_style *s)
 *
 *	void	rp_css_set(rp_css_style *s, rp_css_prop prop, double value,
 *			   unsigned char kind, unsigned weight)
 *
 *	void	rp_css_attribute(rp_css_style *s, const char *name,
 *				 const char *value)
 *
 *	void	rp_css_view_root(rp_css_view *v)
 *
 *	int	rp_css_view_child(const rp_css_view *parent,
 *				  const rp_css_style *s, rp_css_view *child)
 *
 *	int	rp_css_view_hides_text(const rp_css_view *v)
 *
 *	int	rp_css_tiny_box(const rp_css_style *s)
 * DESCRIPTION
 *	rp_css_declarations() reads declarations as a browser does:
 *	comments removed (they separate tokens: "dis/ * * /play" is no
 *	property), escapes decoded ("\64 isplay"), names and keywords in
 *	any case, "!important", and inherit / initial / unset.  It keeps
 *	the properties that can hide text: display, visibility, opacity,
 *	transform (scale 0), font-size (and the font shorthand: "font:0/0
 *	a"), color and -webkit-text-fill-color, background(-color,
 *	-image), position with left / top / right / bottom, text-indent,
 *	margin(-left, -top), (max-)height and (max-)width, overflow(-x,
 *	-y), clip, clip-path, direction and unicode-bidi.  Lengths in any
 *	unit become pixels (em as 16px, a percentage of a 1000px box, for
 *	offsets); colours are #hex, rgb(a), hsl(a), the 148 names,
 *	transparent and currentColor.  What is not understood (calc(),
 *	var()) is RP_CSS_UNKNOWN, which never hides.
 *
 *	rp_css_attribute() reads bgcolor, background (an image), color
 *	(font), text (body), width and height as the weakest declarations.
 *
 *	rp_css_view_child() applies the cascade's result the way a mail
 *	client renders it.  An element hides all it holds when it has
 *	display: none, opacity below 0.1, a transform that scales it to
 *	nothing, is moved 500px or more out of view (position with left
 *	or top, text-indent, margins), is at most 1px high or wide with
 *	overflow hidden, or is clipped to nothing.  Text is hidden
 *	(rp_css_view_hides_text()) under visibility: hidden, which a
 *	child can undo, in a font under 3px (relative sizes follow the
 *	parent's, so "font-size:0" on a table and 14px on its cells shows
 *	the cells), or in a colour given somewhere that has a contrast
 *	ratio under 1.2 with the background seen behind it (white, the
 *	client's, unless one is given; unknown under an image) or is
 *	nearly transparent.  aria-hidden hides nothing from the eye.
 *	The view also carries direction and whether the element
 *	overrides the bidi order (unicode-bidi: bidi-override).
 * DIAGNOSTICS
 *	None: what cannot be read is ignored.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "rp_css.h"
#include "rp_css_value.h"
#include "rp_util.h"

#define RP_CSS_DECL		256	/* bytes of one declaration read */
#define RP_CSS_TOKENS		8	/* tokens of a shorthand read */
#define RP_CSS_DEFAULT_FONT	16.0	/* px */
#define RP_CSS_TINY_FONT	3.0	/* px: smaller text cannot be read */
#define RP_CSS_FAINT		0.1	/* opacity or alpha below this is not seen */
#define RP_CSS_OFFSCREEN	500.0	/* px moved out of view */
#define RP_CSS_TINY		1.0	/* px: a box this small shows nothing */
#define RP_CSS_CONTRAST		1.2	/* contrast ratio under which text is not seen */
#define RP_CSS_WHITE		0xffffffffu

/* Font size keywords. */
static const struct rp_css_size {
    const char *name;
    double  px;
    double  factor;
} rp_css_sizes[] = {
    {"xx-small", 9, 0}, {"x-small", 10, 0}, {"small", 13, 0}, {"medium", 16, 0},
    {"large", 18, 0}, {"x-large", 24, 0}, {"xx-large", 32, 0},
    {"xxx-large", 48, 0}, {"smaller", 0, 0.83}, {"larger", 0, 1.2}, {0, 0, 0}
};

/* rp_css_style_init - nothing given */
void    rp_css_style_init(rp_css_style *s)
{
    memset(s, 0, sizeof(*s));
}

/* rp_css_set - one property, kept when it weighs at least what s has */
void    rp_css_set(rp_css_style *s, rp_css_prop prop, double value,
		           unsigned char kind, unsigned weight)
{
    if (s->kind[prop] != RP_CSS_UNSET && s->weight[prop] > weight)
	return;
    s->value[prop] = value;
    s->kind[prop] = kind;
    s->weight[prop] = weight;
}

/* rp_css_read_length - a length property (right and bottom: negated into left and top) */
static void rp_css_read_length(rp_css_style *s, rp_css_prop prop, char *v, unsigned w)
{
    double  px, factor;

    if (rp_css_length(v, &px, &factor))
	rp_css_set(s, prop, px, RP_CSS_VALUE, w);
}

/* rp_css_read_negated - right, bottom: how far left or up they move a box */
static void rp_css_read_negated(rp_css_style *s, rp_css_prop prop, char *v, unsigned w)
{
    double  px, factor;

    if (rp_css_length(v, &px, &factor))
	rp_css_set(s, prop, -px, RP_CSS_VALUE, w);
}

/* rp_css_font_size - a font size from token t; 0 if it is none */
static int rp_css_font_size(rp_css_style *s, const char *t, unsigned w, int shorthand)
{
    const struct rp_css_size *k;
    double  px, factor;

    for (k = rp_css_sizes; k->name; k++)
	if (strcmp(t, k->name) == 0) {
	    rp_css_set(s, RP_CSS_FONT_SIZE, k->factor ? k->factor : k->px,
		       k->factor ? RP_CSS_RELATIVE : RP_CSS_VALUE, w);
	    return 1;
	}
    /* In the shorthand a bare number is a weight (700), unless it is 0. */
    if ((shorthand && strspn(t, "0123456789.") == strlen(t) && strspn(t, "0.") != strlen(t))
	|| !rp_css_length(t, &px, &factor))
	return 0;
    rp_css_set(s, RP_CSS_FONT_SIZE, factor ? factor : px,
	       factor || strchr(t, '%') ? RP_CSS_RELATIVE : RP_CSS_VALUE, w);
    return 1;
}

/* rp_css_read_font_size - font-size */
static void rp_css_read_font_size(rp_css_style *s, rp_css_prop prop, char *v, unsigned w)
{
    if (!rp_css_font_size(s, v, w, 0))
	rp_css_set(s, prop, 0, RP_CSS_UNKNOWN, w);
}

/* rp_css_read_font - the font shorthand: its size ("font: 0/0 a" is size 0) */
static void rp_css_read_font(rp_css_style *s, rp_css_prop prop, char *v, unsigned w)
{
    char   *tok[RP_CSS_TOKENS];
    size_t  n = rp_css_tokens(v, tok, RP_CSS_TOKENS), i;

    (void) prop;
    for (i = 0; i < n && !rp_css_font_size(s, tok[i], w, 1); i++)
	 /* void */ ;
}

/* rp_css_read_color - color, -webkit-text-fill-color, background-color */
static void rp_css_read_color(rp_css_style *s, rp_css_prop prop, char *v, unsigned w)
{
    uint32_t argb = 0;
    int     kind = rp_css_color(v, &argb);

    if (kind == RP_CSS_CURRENT && prop == RP_CSS_COLOR)
	kind = RP_CSS_INHERIT;
    rp_css_set(s, prop, argb, kind ? (unsigned char) kind : RP_CSS_UNKNOWN, w);
}

/* rp_css_read_background - the shorthand: its colour, unknown under an image */
static void rp_css_read_background(rp_css_style *s, rp_css_prop prop, char *v, unsigned w)
{
    char   *tok[RP_CSS_TOKENS];
    size_t  n, i;
    uint32_t argb = 0;
    int     kind = 0;

    if (strstr(v, "url(") || strstr(v, "gradient(") || strstr(v, "image(")
	|| strstr(v, "var(")) {
	rp_css_set(s, prop, 0, RP_CSS_UNKNOWN, w);
	return;
    }
    n = rp_css_tokens(v, tok, RP_CSS_TOKENS);
    for (i = 0; i < n && !kind; i++)
	kind = rp_css_color(tok[n - 1 - i], &argb);
    rp_css_set(s, prop, argb, kind ? (unsigned char) kind : RP_CSS_INITIAL, w);
}

/* rp_css_read_background_image - an image makes the background unknown */
static void rp_css_read_background_image(rp_css_style *s, rp_css_prop prop, char *v,
					         unsigned w)
{
    if (strcmp(v, "none") != 0)
	rp_css_set(s, prop, 0, RP_CSS_UNKNOWN, w);
}

/* rp_css_read_margin - the shorthand: its top and left */
static void rp_css_read_margin(rp_css_style *s, rp_css_prop prop, char *v, unsigned w)
{
    char   *tok[RP_CSS_TOKENS];
    size_t  n = rp_css_tokens(v, tok, RP_CSS_TOKENS);

    (void) prop;
    if (n < 1 || n > 4)
	return;
    rp_css_read_length(s, RP_CSS_MARGIN_TOP, tok[0], w);
    rp_css_read_length(s, RP_CSS_MARGIN_LEFT, tok[n == 4 ? 3 : n > 1], w);
}

/* rp_css_read_opacity - a number or a percentage */
static void rp_css_read_opacity(rp_css_style *s, rp_css_prop prop, char *v, unsigned w)
{
    const char *p = v;
    double  x;

    if (rp_css_number(&p, &x))
	rp_css_set(s, prop, *p == '%' ? x / 100 : x, RP_CSS_VALUE, w);
}

/* rp_css_zero_area - clip: rect(top, right, bottom, left) of no area */
static int rp_css_zero_area(char *v)
{
    char   *tok[RP_CSS_TOKENS];
    double  side[4], factor;
    size_t  i;

    if (strncmp(v, "rect(", 5) != 0 || rp_css_tokens(v + 5, tok, 4) != 4)
	return 0;
    tok[3][strcspn(tok[3], ")")] = 0;
    for (i = 0; i < 4; i++)
	if (!rp_css_length(tok[i], side + i, &factor))
	    return 0;
    return side[2] <= side[0] || side[1] <= side[3];
}

/* rp_css_nothing_left - a clip-path that leaves nothing: inset(50%), circle(0) */
static int rp_css_nothing_left(const char *v)
{
    const char *p = strchr(v, '(');
    double  x;

    if (p == NULL || !(p++, rp_css_number(&p, &x)))
	return 0;
    if (strncmp(v, "inset(", 6) == 0)
	return *p == '%' && x >= 50;
    return (strncmp(v, "circle(", 7) == 0 || strncmp(v, "ellipse(", 8) == 0) && x == 0;
}

/* rp_css_scaled_away - a transform with scale(0), scaleX(0), scaleY(0) */
static int rp_css_scaled_away(const char *v)
{
    const char *p;
    double  x;

    for (p = v; (p = strstr(p, "scale")) != NULL;) {
	p += 5 + (p[5] == 'x' || p[5] == 'y');
	if (*p == '(' && (p++, rp_css_number(&p, &x)) && x == 0)
	    return 1;
    }
    return 0;
}

/* rp_css_read_keyword - the properties whose value is a keyword (or a test of one) */
static void rp_css_read_keyword(rp_css_style *s, rp_css_prop prop, char *v, unsigned w)
{
    double  x = 0;

    switch (prop) {
    case RP_CSS_DISPLAY:
	x = strcmp(v, "none") == 0;
	break;
    case RP_CSS_VISIBILITY:
	if (strcmp(v, "visible") && strcmp(v, "hidden") && strcmp(v, "collapse")) {
	    rp_css_set(s, prop, 0, RP_CSS_UNKNOWN, w);
	    return;
	}
	x = strcmp(v, "visible") != 0;
	break;
    case RP_CSS_TRANSFORM:
	x = rp_css_scaled_away(v);
	break;
    case RP_CSS_POSITION:
	x = !strcmp(v, "absolute") || !strcmp(v, "fixed") ? 1 : !strcmp(v, "relative") ? 2 : 0;
	break;
    case RP_CSS_OVERFLOW:
	x = strstr(v, "hidden") || strstr(v, "clip");
	break;
    case RP_CSS_CLIP:
	x = rp_css_zero_area(v);
	break;
    case RP_CSS_CLIP_PATH:
	x = rp_css_nothing_left(v);
	break;
    case RP_CSS_DIRECTION:
	x = strcmp(v, "rtl") == 0;
	break;
    case RP_CSS_UNICODE_BIDI:
	x = strstr(v, "override") != NULL;
	break;
    default:
	return;
    }
    rp_css_set(s, prop, x, RP_CSS_VALUE, w);
}

typedef void (*rp_css_reader) (rp_css_style *, rp_css_prop, char *, unsigned);

/* The properties read, the one they set (a shorthand's first), and how. */
static const struct rp_css_property {
    const char *name;
    rp_css_prop prop;
    rp_css_reader read;
} rp_css_properties[] = {
    {"background", RP_CSS_BACKGROUND, rp_css_read_background},
    {"background-color", RP_CSS_BACKGROUND, rp_css_read_color},
    {"background-image", RP_CSS_BACKGROUND, rp_css_read_background_image},
    {"bottom", RP_CSS_TOP, rp_css_read_negated},
    {"clip", RP_CSS_CLIP, rp_css_read_keyword},
    {"clip-path", RP_CSS_CLIP_PATH, rp_css_read_keyword},
    {"color", RP_CSS_COLOR, rp_css_read_color},
    {"direction", RP_CSS_DIRECTION, rp_css_read_keyword},
    {"display", RP_CSS_DISPLAY, rp_css_read_keyword},
    {"font", RP_CSS_FONT_SIZE, rp_css_read_font},
    {"font-size", RP_CSS_FONT_SIZE, rp_css_read_font_size},
    {"height", RP_CSS_HEIGHT, rp_css_read_length},
    {"left", RP_CSS_LEFT, rp_css_read_length},
    {"margin", RP_CSS_MARGIN_TOP, rp_css_read_margin},
    {"margin-left", RP_CSS_MARGIN_LEFT, rp_css_read_length},
    {"margin-top", RP_CSS_MARGIN_TOP, rp_css_read_length},
    {"max-height", RP_CSS_MAX_HEIGHT, rp_css_read_length},
    {"max-width", RP_CSS_MAX_WIDTH, rp_css_read_length},
    {"opacity", RP_CSS_OPACITY, rp_css_read_opacity},
    {"overflow", RP_CSS_OVERFLOW, rp_css_read_keyword},
    {"overflow-x", RP_CSS_OVERFLOW, rp_css_read_keyword},
    {"overflow-y", RP_CSS_OVERFLOW, rp_css_read_keyword},
    {"position", RP_CSS_POSITION, rp_css_read_keyword},
    {"right", RP_CSS_LEFT, rp_css_read_negated},
    {"text-indent", RP_CSS_TEXT_INDENT, rp_css_read_length},
    {"top", RP_CSS_TOP, rp_css_read_length},
    {"transform", RP_CSS_TRANSFORM, rp_css_read_keyword},
    {"unicode-bidi", RP_CSS_UNICODE_BIDI, rp_css_read_keyword},
    {"visibility", RP_CSS_VISIBILITY, rp_css_read_keyword},
    {"width", RP_CSS_WIDTH, rp_css_read_length},
    {"-webkit-text-fill-color", RP_CSS_COLOR, rp_css_read_color},
};

/* rp_css_property_cmp - bsearch comparison for the property table */
static int rp_css_property_cmp(const void *key, const void *entry)
{
    return strcmp(key, ((const struct rp_css_property *) entry)->name);
}

/* rp_css_inherited - does the property inherit (so that unset means inherit) */
static int rp_css_inherited(rp_css_prop prop)
{
    return prop == RP_CSS_VISIBILITY || prop == RP_CSS_FONT_SIZE
	|| prop == RP_CSS_COLOR || prop == RP_CSS_DIRECTION;
}

/* rp_css_comment_end - the offset past the "*" "/" that ends a comment at or after i, or len */
static size_t rp_css_comment_end(const char *s, size_t len, size_t i)
{
    for (; i + 1 < len; i++)
	if (s[i] == '*' && s[i + 1] == '/')
	    return i + 2;
    return len;
}

/* rp_css_clean - one declaration lowercased, comments and escapes resolved, blanks collapsed */
static void rp_css_clean(const char *s, size_t len, char *out, size_t size)
{
    size_t  i = 0, n = 0, k;
    unsigned cp;
    int     ch, space = 0;

    while (i < len) {
	ch = (unsigned char) s[i++];
	if (ch == '/' && i < len && s[i] == '*') {
	    i = rp_css_comment_end(s, len, i + 1);
	    space = 1;
	    continue;
	}
	if (ch == '\\' && i < len) {
	    /* An escape: up to 6 hex digits and one blank, or one character. */
	    for (cp = 0, k = 0; k < 6 && i < len && strchr("0123456789abcdefABCDEF", s[i])
		 && s[i]; k++, i++)
		cp = cp * 16 + (unsigned) (s[i] <= '9' ? s[i] - '0' : (s[i] | 0x20) - 'a' + 10);
	    if (k == 0)
		ch = (unsigned char) s[i++];
	    else {
		ch = cp > 0 && cp < 0x80 ? (int) cp : '?';
		i += i < len && strchr(" \t\n\r\f", s[i]) && s[i];
	    }
	} else if (strchr(" \t\n\r\f", ch)) {
	    space = 1;
	    continue;
	}
	if (space && n > 0 && n + 1 < size)
	    out[n++] = ' ';
	space = 0;
	if (n + 1 < size)
	    out[n++] = (char) rp_ascii_lower(ch);
    }
    out[n] = 0;
}

/* rp_css_trim - s without blanks at either end, in place */
static char *rp_css_trim(char *s)
{
    size_t  n;

    s += strspn(s, " ");
    for (n = strlen(s); n > 0 && s[n - 1] == ' '; n--)
	s[n - 1] = 0;
    return s;
}

/* rp_css_declaration - one "property: value" */
static void rp_css_declaration(const char *text, size_t len, unsigned weight,
			               rp_css_style *s)
{
    const struct rp_css_property *p;
    char    buf[RP_CSS_DECL], *name, *value, *bang;
    unsigned char kind = 0;

    rp_css_clean(text, len, buf, sizeof(buf));
    if ((value = strchr(buf, ':')) == NULL)
	return;
    *value++ = 0;
    name = rp_css_trim(buf);
    value = rp_css_trim(value);
    if ((bang = strrchr(value, '!')) != NULL && strcmp(rp_css_trim(bang + 1), "important") == 0) {
	*bang = 0;
	value = rp_css_trim(value);
	weight |= RP_CSS_IMPORTANT;
    }
    if ((p = bsearch(name, rp_css_properties, sizeof(rp_css_properties) / sizeof(*p),
		     sizeof(*p), rp_css_property_cmp)) == NULL)
	return;
    if (strcmp(value, "inherit") == 0)
	kind = RP_CSS_INHERIT;
    else if (strcmp(value, "initial") == 0)
	kind = RP_CSS_INITIAL;
    else if (!strcmp(value, "unset") || !strcmp(value, "revert") || !strcmp(value, "revert-layer"))
	kind = rp_css_inherited(p->prop) ? RP_CSS_INHERIT : RP_CSS_INITIAL;
    if (kind == 0) {
	p->read(s, p->prop, value, weight);
    } else {
	rp_css_set(s, p->prop, 0, kind, weight);
	if (p->read == rp_css_read_margin)
	    rp_css_set(s, RP_CSS_MARGIN_LEFT, 0, kind, weight);
    }
}

/* rp_css_declarations - "property: value; ..." into s */
void    rp_css_declarations(const char *text, size_t len, unsigned spec,
			            unsigned order, rp_css_style *s)
{
    size_t  i, start = 0;
    int     depth = 0;
    char    quote = 0;

    for (i = 0; i < len; i++) {
	if (quote) {
	    if (text[i] == '\\' && i + 1 < len)
		i++;
	    else if (text[i] == quote)
		quote = 0;
	} else if (text[i] == '"' || text[i] == '\'') {
	    quote = text[i];
	} else if (text[i] == '\\') {
	    i++;
	} else if (text[i] == '/' && i + 1 < len && text[i + 1] == '*') {
	    i = rp_css_comment_end(text, len, i + 2) - 1;
	} else if (text[i] == '(' || (text[i] == ')' && depth > 0)) {
	    depth += text[i] == '(' ? 1 : -1;
	} else if (text[i] == ';' && depth == 0) {
	    rp_css_declaration(text + start, i - start, RP_CSS_WEIGHT(spec, order), s);
	    start = i + 1;
	}
    }
    if (start < len)
	rp_css_declaration(text + start, len - start, RP_CSS_WEIGHT(spec, order), s);
}

/* rp_css_legacy_color - an attribute's colour: as CSS, or hex without '#' */
static int rp_css_legacy_color(const char *value, uint32_t *argb)
{
    char    t[16];
    size_t  n = strlen(value);

    if (rp_css_color(value, argb) == RP_CSS_VALUE)
	return 1;
    if ((n != 3 && n != 6) || strspn(value, "0123456789abcdef") != n)
	return 0;
    t[0] = '#';
    memcpy(t + 1, value, n + 1);
    return rp_css_color(t, argb) == RP_CSS_VALUE;
}

/* rp_css_attribute - a presentational attribute, the weakest of declarations */
void    rp_css_attribute(rp_css_style *s, const char *name, const char *value)
{
    const unsigned w = RP_CSS_WEIGHT(RP_CSS_SPEC_ATTRIBUTE, 0);
    char    v[64];
    uint32_t argb;
    double  px, factor;

    rp_css_clean(value, strlen(value), v, sizeof(v));
    if (strcmp(name, "bgcolor") == 0 || strcmp(name, "color") == 0
	|| strcmp(name, "text") == 0) {
	if (rp_css_legacy_color(v, &argb))
	    rp_css_set(s, name[0] == 'b' ? RP_CSS_BACKGROUND : RP_CSS_COLOR, argb,
		       RP_CSS_VALUE, w);
    } else if (strcmp(name, "background") == 0) {
	if (*v)
	    rp_css_set(s, RP_CSS_BACKGROUND, 0, RP_CSS_UNKNOWN, w);
    } else if (strcmp(name, "width") == 0 || strcmp(name, "height") == 0) {
	if (rp_css_length(v, &px, &factor) && strchr(v, '%') == NULL)
	    rp_css_set(s, name[0] == 'w' ? RP_CSS_WIDTH : RP_CSS_HEIGHT, px, RP_CSS_VALUE, w);
    }
}

/* rp_css_given - the value of prop if s gives one, else dflt */
static double rp_css_given(const rp_css_style *s, rp_css_prop prop, double dflt)
{
    return s->kind[prop] == RP_CSS_VALUE ? s->value[prop] : dflt;
}

/* rp_css_tiny_box - at most a pixel wide or high */
int     rp_css_tiny_box(const rp_css_style *s)
{
    return rp_css_given(s, RP_CSS_HEIGHT, 2) <= RP_CSS_TINY
	|| rp_css_given(s, RP_CSS_MAX_HEIGHT, 2) <= RP_CSS_TINY
	|| rp_css_given(s, RP_CSS_WIDTH, 2) <= RP_CSS_TINY
	|| rp_css_given(s, RP_CSS_MAX_WIDTH, 2) <= RP_CSS_TINY;
}

/* rp_css_out_of_view - moved RP_CSS_OFFSCREEN or more away */
static int rp_css_out_of_view(double px)
{
    return px <= -RP_CSS_OFFSCREEN;
}

/* rp_css_hides_all - does the element hide everything it holds */
static int rp_css_hides_all(const rp_css_style *s)
{
    int     positioned = rp_css_given(s, RP_CSS_POSITION, 0) != 0;

    return rp_css_given(s, RP_CSS_DISPLAY, 0) == 1
	|| rp_css_given(s, RP_CSS_OPACITY, 1) < RP_CSS_FAINT
	|| rp_css_given(s, RP_CSS_TRANSFORM, 0) == 1
	|| (positioned && (rp_css_out_of_view(rp_css_given(s, RP_CSS_LEFT, 0))
			   || rp_css_out_of_view(rp_css_given(s, RP_CSS_TOP, 0))))
	|| rp_css_out_of_view(rp_css_given(s, RP_CSS_TEXT_INDENT, 0))
	|| rp_css_out_of_view(rp_css_given(s, RP_CSS_MARGIN_LEFT, 0))
	|| rp_css_out_of_view(rp_css_given(s, RP_CSS_MARGIN_TOP, 0))
	|| (rp_css_given(s, RP_CSS_OVERFLOW, 0) == 1 && rp_css_tiny_box(s))
	|| (rp_css_given(s, RP_CSS_POSITION, 0) == 1 && rp_css_given(s, RP_CSS_CLIP, 0) == 1)
	|| rp_css_given(s, RP_CSS_CLIP_PATH, 0) == 1;
}

/* rp_css_view_root - the client's defaults: 16px, no colour given, on white */
void    rp_css_view_root(rp_css_view *v)
{
    memset(v, 0, sizeof(*v));
    v->font_px = RP_CSS_DEFAULT_FONT;
    v->background = RP_CSS_WHITE;
    v->background_known = 1;
}

/* rp_css_view_child - what an element inherits, and whether it hides all it holds */
int     rp_css_view_child(const rp_css_view *parent, const rp_css_style *s,
			          rp_css_view *child)
{
    uint32_t bg;

    *child = *parent;
    child->override = 0;
    if (s->kind[RP_CSS_VISIBILITY] == RP_CSS_VALUE || s->kind[RP_CSS_VISIBILITY] == RP_CSS_INITIAL)
	child->invisible = rp_css_given(s, RP_CSS_VISIBILITY, 0) == 1;
    if (s->kind[RP_CSS_FONT_SIZE] == RP_CSS_VALUE)
	child->font_px = s->value[RP_CSS_FONT_SIZE];
    else if (s->kind[RP_CSS_FONT_SIZE] == RP_CSS_RELATIVE)
	child->font_px = parent->font_px * s->value[RP_CSS_FONT_SIZE];
    else if (s->kind[RP_CSS_FONT_SIZE] == RP_CSS_INITIAL)
	child->font_px = RP_CSS_DEFAULT_FONT;
    if (s->kind[RP_CSS_COLOR] == RP_CSS_VALUE)
	child->color = (uint32_t) s->value[RP_CSS_COLOR];
    if (s->kind[RP_CSS_COLOR] != RP_CSS_UNSET && s->kind[RP_CSS_COLOR] != RP_CSS_INHERIT)
	child->color_set = s->kind[RP_CSS_COLOR] == RP_CSS_VALUE;
    switch (s->kind[RP_CSS_BACKGROUND]) {
    case RP_CSS_VALUE:
	/* A background mostly transparent shows the one behind it. */
	if ((bg = (uint32_t) s->value[RP_CSS_BACKGROUND]) >> 24 >= 0x80) {
	    child->background = bg;
	    child->background_known = 1;
	}
	break;
    case RP_CSS_CURRENT:
	child->background = child->color | 0xff000000u;
	child->background_known = child->color_set;
	break;
    case RP_CSS_UNKNOWN:
	child->background_known = 0;
	break;
    }
    if (s->kind[RP_CSS_DIRECTION] == RP_CSS_VALUE)
	child->rtl = s->value[RP_CSS_DIRECTION] == 1;
    if (rp_css_given(s, RP_CSS_UNICODE_BIDI, 0) == 1)
	child->override = child->rtl ? 'R' : 'L';
    return rp_css_hides_all(s);
}

/* rp_css_luminance - relative luminance of an RGB colour, sRGB's curve taken as a square */
static double rp_css_luminance(uint32_t rgb)
{
    double  r = ((rgb >> 16) & 0xff) / 255.0, g = ((rgb >> 8) & 0xff) / 255.0,
            b = (rgb & 0xff) / 255.0;

    return 0.2126 * r * r + 0.7152 * g * g + 0.0722 * b * b;
}

/* rp_css_view_hides_text - text of this view cannot be seen */
int     rp_css_view_hides_text(const rp_css_view *v)
{
    double  a, b;

    if (v->invisible || v->font_px < RP_CSS_TINY_FONT)
	return 1;
    if (!v->color_set)
	return 0;
    if ((v->color >> 24) < RP_CSS_FAINT * 255)
	return 1;
    if (!v->background_known)
	return 0;
    a = rp_css_luminance(v->color) + 0.05;
    b = rp_css_luminance(v->background) + 0.05;
    return (a > b ? a / b : b / a) < RP_CSS_CONTRAST;
}
