/*
 * NAME
 *	rp_charset 3h
 * SUMMARY
 *	text in any charset to well-formed UTF-8
 * SYNOPSIS
 *	#include "rp_charset.h"
 * DESCRIPTION
 *	rp_charset_to_utf8() converts MIME bodies and header words with
 *	iconv (through GMime's charset aliases), lossily: what cannot be
 *	read becomes U+FFFD, NUL bytes are dropped, and text that names no
 *	charset, or one iconv does not know, is read as UTF-8 when it is
 *	that and as Windows-1252 otherwise.  GMime must be initialised
 *	(rp_mime_init()).
 */
#ifndef RP_CHARSET_H
#define RP_CHARSET_H

#include <stddef.h>

#include "rp_util.h"

/*
 * rp_charset_to_utf8 - append len bytes of in, written in charset (NULL
 * or "" if unknown), to out as UTF-8 without NUL bytes.  Returns 1 when
 * bytes were replaced by U+FFFD.
 */
int     rp_charset_to_utf8(const char *charset, const char *in, size_t len,
			   rp_buf *out);

/*
 * rp_charset_from_utf8 - append len bytes of UTF-8 text to out in the
 * charset rp_charset_to_utf8() reads orig (labelled charset) in;
 * characters it cannot hold become '?'.
 */
void    rp_charset_from_utf8(const char *charset, const char *orig, size_t orig_len,
			     const char *utf8, size_t len, rp_buf *out);

#endif
