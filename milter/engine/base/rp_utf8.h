/*
 * NAME
 *	rp_utf8 3h
 * SUMMARY
 *	the engine's one UTF-8 helper
 * SYNOPSIS
 *	#include "rp_utf8.h"
 * DESCRIPTION
 *	Well-formed UTF-8 as RFC 3629 defines it: no overlong forms, no
 *	surrogates, nothing past U+10FFFF.  ICU's macros serve where text
 *	is decoded into code points (rp_text.c); these serve where bytes
 *	are checked, cleaned or cut.
 */
#ifndef RP_UTF8_H
#define RP_UTF8_H

#include <stddef.h>

#include "rp_util.h"

/* rp_utf8_len - length (1-4) of the well-formed sequence at s, 0 if none */
size_t  rp_utf8_len(const char *s, size_t left);

/* rp_utf8_valid - all len bytes are well-formed UTF-8 */
int     rp_utf8_valid(const char *s, size_t len);

/*
 * rp_utf8_clean - append s to out as well-formed UTF-8: each byte that
 * starts no sequence becomes U+FFFD, NUL bytes are dropped.  Returns 1
 * when something was replaced.
 */
int     rp_utf8_clean(const char *s, size_t len, rp_buf *out);

/*
 * rp_utf8_cut - the longest prefix of s, at most max of its len bytes,
 * that does not end inside a multibyte sequence.
 */
size_t  rp_utf8_cut(const char *s, size_t len, size_t max);

#endif
