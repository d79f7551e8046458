/*
 * NAME
 *	rp_css_value 3h
 * SUMMARY
 *	CSS values: numbers, lengths, colours, tokens
 * SYNOPSIS
 *	#include "rp_css_value.h"
 * DESCRIPTION
 *	The values rp_css.c reads, from text it has lowercased and freed
 *	of comments and escapes.
 */
#ifndef RP_CSS_VALUE_H
#define RP_CSS_VALUE_H

#include <stddef.h>
#include <stdint.h>

#include "rp_css.h"

/* rp_css_number - a number at *p, which moves past it; 0 if none */
int     rp_css_number(const char **p, double *x);

/* rp_css_length - token t as pixels, and as a factor of the font size if relative */
int     rp_css_length(const char *t, double *px, double *factor);

/* rp_css_color - token t as 0xAARRGGBB: RP_CSS_VALUE, RP_CSS_CURRENT, or 0 */
int     rp_css_color(const char *t, uint32_t *argb);

/* rp_css_tokens - cut v at blanks, commas and slashes outside (); returns the count */
size_t  rp_css_tokens(char *v, char **tok, size_t max);

#endif
