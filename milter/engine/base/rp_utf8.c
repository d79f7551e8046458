/*
 * NAME
 *	rp_utf8 3
 * SUMMARY
 *	the engine's one UTF-8 helper
 * SYNOPSIS
 *	#include "rp_utf8.h"
 *
 *	size_t	rp_utf8_len(const char *s, size_t left)
 *	int	rp_utf8_valid(const char *s, size_t len)
 *	int	rp_utf8_clean(const char *s, size_t len, rp_buf *out)
 *	size_t	rp_utf8_cut(const char *s, size_t len, size_t max)
 * DESCRIPTION
 *	rp_utf8_len() tells how long the well-formed sequence at s is
 *	(looking at no more than left bytes): 1 for ASCII, 2 to 4 for a
 *	multibyte character, 0 for a byte that starts none (a stray
 *	continuation byte, an overlong form, a surrogate, a code point past
 *	U+10FFFF, a sequence cut short).  The other functions are built on
 *	it.
 *
 *	rp_utf8_cut() is for output caps: a reason, an excerpt or a text
 *	limit shortened to max bytes must not end with half a character.
 * DIAGNOSTICS
 *	None.
 */
#include "config.h"

#include "rp_utf8.h"

/* rp_utf8_len - length of the well-formed sequence at s, or 0 */
size_t  rp_utf8_len(const char *str, size_t left)
{
    const unsigned char *s = (const unsigned char *) str;
    size_t  n, i;
    unsigned cp;

    if (left == 0)
	return 0;
    if (s[0] < 0x80)
	return 1;
    if (s[0] >= 0xc2 && s[0] <= 0xdf)
	n = 2, cp = s[0] & 0x1f;
    else if (s[0] >= 0xe0 && s[0] <= 0xef)
	n = 3, cp = s[0] & 0x0f;
    else if (s[0] >= 0xf0 && s[0] <= 0xf4)
	n = 4, cp = s[0] & 0x07;
    else
	return 0;
    if (left < n)
	return 0;
    for (i = 1; i < n; i++) {
	if ((s[i] & 0xc0) != 0x80)
	    return 0;
	cp = (cp << 6) | (s[i] & 0x3f);
    }
    if ((n == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff)))
	|| (n == 4 && (cp < 0x10000 || cp > 0x10ffff)))
	return 0;
    return n;
}

/* rp_utf8_valid - is every byte part of a well-formed sequence */
int     rp_utf8_valid(const char *s, size_t len)
{
    size_t  i = 0, n;

    while (i < len) {
	if ((n = rp_utf8_len(s + i, len - i)) == 0)
	    return 0;
	i += n;
    }
    return 1;
}

/* rp_utf8_clean - append as well-formed UTF-8, U+FFFD for bad bytes, no NUL */
int     rp_utf8_clean(const char *s, size_t len, rp_buf *out)
{
    const unsigned char *u = (const unsigned char *) s;
    size_t  i = 0, run, n;
    int     bad = 0;

    while (i < len) {
	/* ASCII runs go out in one piece. */
	for (run = i; run < len && u[run] && u[run] < 0x80; run++)
	     /* void */ ;
	rp_buf_append(out, s + i, run - i);
	if ((i = run) >= len)
	    break;
	if (u[i] == 0) {
	    i++;
	} else if ((n = rp_utf8_len(s + i, len - i)) > 0) {
	    rp_buf_append(out, s + i, n);
	    i += n;
	} else {
	    rp_buf_puts(out, "\xef\xbf\xbd");
	    bad = 1;
	    i++;
	}
    }
    return bad;
}

/* rp_utf8_cut - longest prefix within max bytes that ends on a character boundary */
size_t  rp_utf8_cut(const char *str, size_t len, size_t max)
{
    const unsigned char *s = (const unsigned char *) str;
    size_t  n = len < max ? len : max, lead = n, need;

    /* Find the lead byte of the last (possibly partial) sequence. */
    while (lead > 0 && n - lead < 4 && (s[lead - 1] & 0xc0) == 0x80)
	lead--;
    if (lead == 0 || s[lead - 1] < 0xc0)
	return n;			/* ASCII, or stray continuation bytes */
    need = s[lead - 1] >= 0xf0 ? 4 : s[lead - 1] >= 0xe0 ? 3 : 2;
    return n - (lead - 1) < need ? lead - 1 : n;
}
