/*
 * NAME
 *	rp_header 3
 * SUMMARY
 *	header field values: trimming, unfolding, bare addresses
 * SYNOPSIS
 *	#include "rp_header.h"
 *
 *	char	*rp_header_trim(char *s)
 *
 *	char	*rp_header_unfold(const char *raw)
 *
 *	char	*rp_header_bare(const char *raw)
 * DESCRIPTION
 *	White space here is ASCII space, tab, CR and LF, never the
 *	locale's (g_strstrip() would also take form feeds).
 *
 *	rp_header_trim() strips it at both ends of s, in place, and
 *	returns s.
 *
 *	rp_header_unfold() returns a copy of raw with every CR and LF
 *	removed (folding white space stays), trimmed: the form of
 *	Authentication-Results that rp_auth parses.
 *
 *	rp_header_bare() returns what is between the first '<' and the
 *	next '>' of raw, trimmed; without brackets, raw trimmed.  It
 *	serves Return-Path and the envelope sender.
 *
 *	Both copies are the caller's to free().
 * DIAGNOSTICS
 *	None.
 */
#include "config.h"

#include <string.h>

#include "rp_header.h"
#include "rp_util.h"

/* rp_header_trim - strip ASCII whitespace at both ends, in place */
char   *rp_header_trim(char *s)
{
    size_t  skip = strspn(s, " \t\r\n"), len = strlen(s + skip);

    memmove(s, s + skip, len + 1);
    while (len > 0 && strchr(" \t\r\n", s[len - 1]))
	s[--len] = 0;
    return s;
}

/* rp_header_unfold - a header value without line breaks, trimmed; caller frees */
char   *rp_header_unfold(const char *raw)
{
    char   *s = rp_strdup(raw), *o = s;
    const char *p;

    for (p = raw; *p; p++)
	if (*p != '\r' && *p != '\n')
	    *o++ = *p;
    *o = 0;
    return rp_header_trim(s);
}

/* rp_header_bare - an address without angle brackets or whitespace; caller frees */
char   *rp_header_bare(const char *raw)
{
    char   *s = rp_header_trim(rp_strdup(raw)), *lt, *gt;

    if ((lt = strchr(s, '<')) != NULL && (gt = strchr(lt, '>')) != NULL) {
	*gt = 0;
	memmove(s, lt + 1, (size_t) (gt - lt));
	rp_header_trim(s);
    }
    return s;
}
