/*
 * NAME
 *	rp_css_value 3
 * SUMMARY
 *	CSS values: numbers, lengths, colours, tokens
 * SYNOPSIS
 *	#include "rp_css_value.h"
 *
 *	int	rp_css_number(const char **p, double *x)
 *
 *	int	rp_css_length(const char *t, double *px, double *factor)
 *
 *	int	rp_css_color(const char *t, uint32_t *argb)
 *
 *	size_t	rp_css_tokens(char *v, char **tok, size_t max)
 * DESCRIPTION
 *	Each reads text already lowercased, without comments or escapes
 *	(rp_css_declarations() prepares it).
 *
 *	rp_css_number() reads a number at *p and moves *p past it; 0 when
 *	there is none.
 *
 *	rp_css_length() reads the token t as a length, in pixels: px, pt,
 *	pc, in, cm, mm, q; em and lh as of a 16px font, rem, ex, ch; a
 *	percentage of a 1000px box, and vw, vh, vmin, vmax of a 1000px
 *	window; a bare number (quirks mode) as px.  *factor is the
 *	multiple of the parent's font size for em, ex, ch, lh and %, 0
 *	for the others.  Returns 0 when t is no length.
 *
 *	rp_css_color() reads the token t as a colour into *argb
 *	(0xAARRGGBB): #rgb, #rgba, #rrggbb, #rrggbbaa, rgb(), rgba(),
 *	hsl(), hsla() (commas or blanks, percentages, "/ alpha"), the 148
 *	named colours and transparent.  Returns RP_CSS_VALUE, or
 *	RP_CSS_CURRENT for currentColor, or 0 when t is no colour.
 *
 *	rp_css_tokens() cuts v in place at blanks, commas and slashes
 *	outside parentheses and points tok at up to max tokens; returns
 *	how many.
 * DIAGNOSTICS
 *	None.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "rp_css_value.h"

/* The named colours of CSS Color 4, sorted. */
static const struct rp_css_name {
    const char *name;
    uint32_t rgb;
} rp_css_names[] = {
    {"aliceblue", 0xf0f8ff}, {"antiquewhite", 0xfaebd7}, {"aqua", 0x00ffff},
    {"aquamarine", 0x7fffd4}, {"azure", 0xf0ffff}, {"beige", 0xf5f5dc},
    {"bisque", 0xffe4c4}, {"black", 0x000000}, {"blanchedalmond", 0xffebcd},
    {"blue", 0x0000ff}, {"blueviolet", 0x8a2be2}, {"brown", 0xa52a2a},
    {"burlywood", 0xdeb887}, {"cadetblue", 0x5f9ea0}, {"chartreuse", 0x7fff00},
    {"chocolate", 0xd2691e}, {"coral", 0xff7f50}, {"cornflowerblue", 0x6495ed},
    {"cornsilk", 0xfff8dc}, {"crimson", 0xdc143c}, {"cyan", 0x00ffff},
    {"darkblue", 0x00008b}, {"darkcyan", 0x008b8b}, {"darkgoldenrod", 0xb8860b},
    {"darkgray", 0xa9a9a9}, {"darkgreen", 0x006400}, {"darkgrey", 0xa9a9a9},
    {"darkkhaki", 0xbdb76b}, {"darkmagenta", 0x8b008b},
    {"darkolivegreen", 0x556b2f}, {"darkorange", 0xff8c00},
    {"darkorchid", 0x9932cc}, {"darkred", 0x8b0000}, {"darksalmon", 0xe9967a},
    {"darkseagreen", 0x8fbc8f}, {"darkslateblue", 0x483d8b},
    {"darkslategray", 0x2f4f4f}, {"darkslategrey", 0x2f4f4f},
    {"darkturquoise", 0x00ced1}, {"darkviolet", 0x9400d3},
    {"deeppink", 0xff1493}, {"deepskyblue", 0x00bfff}, {"dimgray", 0x696969},
    {"dimgrey", 0x696969}, {"dodgerblue", 0x1e90ff}, {"firebrick", 0xb22222},
    {"floralwhite", 0xfffaf0}, {"forestgreen", 0x228b22}, {"fuchsia", 0xff00ff},
    {"gainsboro", 0xdcdcdc}, {"ghostwhite", 0xf8f8ff}, {"gold", 0xffd700},
    {"goldenrod", 0xdaa520}, {"gray", 0x808080}, {"green", 0x008000},
    {"greenyellow", 0xadff2f}, {"grey", 0x808080}, {"honeydew", 0xf0fff0},
    {"hotpink", 0xff69b4}, {"indianred", 0xcd5c5c}, {"indigo", 0x4b0082},
    {"ivory", 0xfffff0}, {"khaki", 0xf0e68c}, {"lavender", 0xe6e6fa},
    {"lavenderblush", 0xfff0f5}, {"lawngreen", 0x7cfc00},
    {"lemonchiffon", 0xfffacd}, {"lightblue", 0xadd8e6},
    {"lightcoral", 0xf08080}, {"lightcyan", 0xe0ffff},
    {"lightgoldenrodyellow", 0xfafad2}, {"lightgray", 0xd3d3d3},
    {"lightgreen", 0x90ee90}, {"lightgrey", 0xd3d3d3}, {"lightpink", 0xffb6c1},
    {"lightsalmon", 0xffa07a}, {"lightseagreen", 0x20b2aa},
    {"lightskyblue", 0x87cefa}, {"lightslategray", 0x778899},
    {"lightslategrey", 0x778899}, {"lightsteelblue", 0xb0c4de},
    {"lightyellow", 0xffffe0}, {"lime", 0x00ff00}, {"limegreen", 0x32cd32},
    {"linen", 0xfaf0e6}, {"magenta", 0xff00ff}, {"maroon", 0x800000},
    {"mediumaquamarine", 0x66cdaa}, {"mediumblue", 0x0000cd},
    {"mediumorchid", 0xba55d3}, {"mediumpurple", 0x9370db},
    {"mediumseagreen", 0x3cb371}, {"mediumslateblue", 0x7b68ee},
    {"mediumspringgreen", 0x00fa9a}, {"mediumturquoise", 0x48d1cc},
    {"mediumvioletred", 0xc71585}, {"midnightblue", 0x191970},
    {"mintcream", 0xf5fffa}, {"mistyrose", 0xffe4e1}, {"moccasin", 0xffe4b5},
    {"navajowhite", 0xffdead}, {"navy", 0x000080}, {"oldlace", 0xfdf5e6},
    {"olive", 0x808000}, {"olivedrab", 0x6b8e23}, {"orange", 0xffa500},
    {"orangered", 0xff4500}, {"orchid", 0xda70d6}, {"palegoldenrod", 0xeee8aa},
    {"palegreen", 0x98fb98}, {"paleturquoise", 0xafeeee},
    {"palevioletred", 0xdb7093}, {"papayawhip", 0xffefd5},
    {"peachpuff", 0xffdab9}, {"peru", 0xcd853f}, {"pink", 0xffc0cb},
    {"plum", 0xdda0dd}, {"powderblue", 0xb0e0e6}, {"purple", 0x800080},
    {"rebeccapurple", 0x663399}, {"red", 0xff0000}, {"rosybrown", 0xbc8f8f},
    {"royalblue", 0x4169e1}, {"saddlebrown", 0x8b4513}, {"salmon", 0xfa8072},
    {"sandybrown", 0xf4a460}, {"seagreen", 0x2e8b57}, {"seashell", 0xfff5ee},
    {"sienna", 0xa0522d}, {"silver", 0xc0c0c0}, {"skyblue", 0x87ceeb},
    {"slateblue", 0x6a5acd}, {"slategray", 0x708090}, {"slategrey", 0x708090},
    {"snow", 0xfffafa}, {"springgreen", 0x00ff7f}, {"steelblue", 0x4682b4},
    {"tan", 0xd2b48c}, {"teal", 0x008080}, {"thistle", 0xd8bfd8},
    {"tomato", 0xff6347}, {"turquoise", 0x40e0d0}, {"violet", 0xee82ee},
    {"wheat", 0xf5deb3}, {"white", 0xffffff}, {"whitesmoke", 0xf5f5f5},
    {"yellow", 0xffff00}, {"yellowgreen", 0x9acd32},
};

/* Length units: pixels per unit, and whether a font size is relative. */
static const struct rp_css_unit {
    const char *name;
    double  px;
    double  factor;			/* of the parent's font size, or 0 */
} rp_css_units[] = {
    {"", 1, 0}, {"px", 1, 0}, {"pt", 4.0 / 3, 0}, {"pc", 16, 0}, {"in", 96, 0},
    {"cm", 96 / 2.54, 0}, {"mm", 96 / 25.4, 0}, {"q", 96 / 101.6, 0},
    {"em", 16, 1}, {"rem", 16, 0}, {"ex", 8, 0.5}, {"ch", 8, 0.5},
    {"%", 10, 0.01}, {"vw", 10, 0}, {"vh", 10, 0}, {"vmin", 10, 0},
    {"vmax", 10, 0}, {"lh", 19, 1.2}, {0, 0, 0}
};

/* rp_css_digits - append the digits at *p to *x (scaled by *scale if set); their count */
static int rp_css_digits(const char **p, double *x, double *scale)
{
    int     n = 0;

    for (; **p >= '0' && **p <= '9'; (*p)++, n++) {
	if (scale) {
	    *scale /= 10;
	    *x += (**p - '0') * *scale;
	} else if (*x < 1e9) {
	    *x = *x * 10 + (**p - '0');
	}
    }
    return n;
}

/* rp_css_number - a CSS number at *p (advanced past it); 0 if none */
int     rp_css_number(const char **p, double *x)
{
    const char *s = *p;
    double  sign = 1, scale = 1, e = 0;
    int     n;

    if (*s == '+' || *s == '-')
	sign = *s++ == '-' ? -1 : 1;
    *x = 0;
    n = rp_css_digits(&s, x, NULL);
    if (*s == '.' && s[1] >= '0' && s[1] <= '9') {
	s++;
	n += rp_css_digits(&s, x, &scale);
    }
    if (n == 0)
	return 0;
    /* An exponent, not the start of a unit such as "em". */
    if ((*s == 'e' || *s == 'E') && ((s[1] >= '0' && s[1] <= '9')
				     || ((s[1] == '+' || s[1] == '-')
					 && s[2] >= '0' && s[2] <= '9'))) {
	const char *q = s + 1 + (s[1] == '+' || s[1] == '-');

	(void) rp_css_digits(&q, &e, NULL);
	for (; e > 0 && *x < 1e9 && *x > 0; e--)
	    *x = s[1] == '-' ? *x / 10 : *x * 10;
	s = q;
    }
    *x *= sign;
    *p = s;
    return 1;
}

/* rp_css_length - the token t as a length: px, and a font factor if relative */
int     rp_css_length(const char *t, double *px, double *factor)
{
    const struct rp_css_unit *u;
    double  x;

    if (!rp_css_number(&t, &x))
	return 0;
    for (u = rp_css_units; u->name; u++)
	if (strcmp(t, u->name) == 0) {
	    *px = x * u->px;
	    *factor = x * u->factor;
	    return 1;
	}
    return 0;
}

/* rp_css_hex - the value of n hex digits at s, or -1 */
static long rp_css_hex(const char *s, size_t n)
{
    long    v = 0;
    size_t  i;

    for (i = 0; i < n; i++) {
	if (s[i] >= '0' && s[i] <= '9')
	    v = v * 16 + (s[i] - '0');
	else if (s[i] >= 'a' && s[i] <= 'f')
	    v = v * 16 + (s[i] - 'a' + 10);
	else
	    return -1;
    }
    return v;
}

/* rp_css_hash_color - #rgb, #rgba, #rrggbb, #rrggbbaa (without the '#') */
static int rp_css_hash_color(const char *s, uint32_t *argb)
{
    size_t  n = strlen(s), i, k = n == 3 || n == 4 ? 1 : 2;
    long    c[4] = {0, 0, 0, 255}, v;

    if (n != 3 && n != 4 && n != 6 && n != 8)
	return 0;
    for (i = 0; i * k < n; i++) {
	if ((v = rp_css_hex(s + i * k, k)) < 0)
	    return 0;
	c[i] = k == 1 ? v * 17 : v;
    }
    *argb = (uint32_t) (c[3] << 24 | c[0] << 16 | c[1] << 8 | c[2]);
    return 1;
}

/* rp_css_hsl - hue (degrees), saturation and lightness (0 to 1) to RGB */
static uint32_t rp_css_hsl(double h, double s, double l)
{
    /* Which of (c, x, 0) is red, green and blue in each sixth of the hue circle. */
    static const int order[6][3] = {
	{0, 1, 2}, {1, 0, 2}, {2, 0, 1}, {2, 1, 0}, {1, 2, 0}, {0, 2, 1}
    };
    double  v[3], c, f, m;
    int     sector, i, ch[3];

    h -= 360.0 * (double) (long) (h / 360.0);
    if (h < 0)
	h += 360;
    c = (1 - (2 * l - 1 < 0 ? 1 - 2 * l : 2 * l - 1)) * s;
    sector = (int) (h / 60) > 5 ? 5 : (int) (h / 60);
    f = h / 60 - 2 * (double) (sector / 2) - 1;
    v[0] = c;
    v[1] = c * (1 - (f < 0 ? -f : f));
    v[2] = 0;
    m = l - c / 2;
    for (i = 0; i < 3; i++)
	ch[i] = (int) ((v[order[sector][i]] + m) * 255 + 0.5);
    return (uint32_t) (ch[0] << 16 | ch[1] << 8 | ch[2]);
}

/* rp_css_channel - one rgb()/hsl() argument: a number, or a percentage of max */
static int rp_css_channel(const char **p, double max, double *v)
{
    while (**p == ' ' || **p == ',' || **p == '/')
	(*p)++;
    if (!rp_css_number(p, v))
	return 0;
    if (**p == '%') {
	*v = *v * max / 100;
	(*p)++;
    } else if (strncmp(*p, "deg", 3) == 0) {
	*p += 3;
    }
    if (*v < 0)
	*v = 0;
    return 1;
}

/* rp_css_function_color - rgb(), rgba(), hsl(), hsla() */
static int rp_css_function_color(const char *t, uint32_t *argb)
{
    int     hsl = strncmp(t, "hsl", 3) == 0;
    const char *p = strchr(t, '(');
    double  v[4] = {0, 0, 0, 1};
    uint32_t rgb;
    int     i;

    if (p == NULL || (!hsl && strncmp(t, "rgb", 3) != 0))
	return 0;
    for (p++, i = 0; i < 3; i++)
	if (!rp_css_channel(&p, hsl && i == 0 ? 360 : hsl ? 1 : 255, v + i))
	    return 0;
    (void) rp_css_channel(&p, 1, v + 3);
    if (hsl) {
	rgb = rp_css_hsl(v[0], v[1] > 1 ? 1 : v[1], v[2] > 1 ? 1 : v[2]);
    } else {
	for (i = 0; i < 3; i++)
	    v[i] = v[i] > 255 ? 255 : v[i];
	rgb = (uint32_t) ((int) v[0] << 16 | (int) v[1] << 8 | (int) v[2]);
    }
    *argb = (uint32_t) ((int) ((v[3] > 1 ? 1 : v[3]) * 255 + 0.5)) << 24 | rgb;
    return 1;
}

/* rp_css_name_cmp - bsearch comparison for the named colours */
static int rp_css_name_cmp(const void *key, const void *entry)
{
    return strcmp(key, ((const struct rp_css_name *) entry)->name);
}

/* rp_css_color - the token t as a colour: RP_CSS_VALUE, RP_CSS_CURRENT, or 0 */
int     rp_css_color(const char *t, uint32_t *argb)
{
    const struct rp_css_name *n;

    if (strcmp(t, "transparent") == 0) {
	*argb = 0;
	return RP_CSS_VALUE;
    }
    if (strcmp(t, "currentcolor") == 0)
	return RP_CSS_CURRENT;
    if (*t == '#')
	return rp_css_hash_color(t + 1, argb) ? RP_CSS_VALUE : 0;
    if (rp_css_function_color(t, argb))
	return RP_CSS_VALUE;
    n = bsearch(t, rp_css_names, sizeof(rp_css_names) / sizeof(rp_css_names[0]),
		sizeof(rp_css_names[0]), rp_css_name_cmp);
    if (n == NULL)
	return 0;
    *argb = 0xff000000u | n->rgb;
    return RP_CSS_VALUE;
}

/* rp_css_tokens - split v in place at blanks, commas and slashes outside () */
size_t  rp_css_tokens(char *v, char **tok, size_t max)
{
    size_t  n = 0;
    int     depth = 0;

    while (*v && n < max) {
	while (*v == ' ' || *v == ',' || *v == '/')
	    *v++ = 0;
	if (*v == 0)
	    break;
	tok[n++] = v;
	for (; *v && (depth > 0 || !strchr(" ,/", *v)); v++)
	    depth += *v == '(' ? 1 : *v == ')' && depth > 0 ? -1 : 0;
    }
    return n;
}
