/*
 * NAME
 *	rp_charset 3
 * SUMMARY
 *	text in any charset to well-formed UTF-8, with iconv
 * SYNOPSIS
 *	#include "rp_charset.h"
 *
 *	int	rp_charset_to_utf8(const char *charset, const char *in,
 *				   size_t len, rp_buf *out)
 *
 *	void	rp_charset_from_utf8(const char *charset, const char *orig,
 *				     size_t orig_len, const char *utf8,
 *				     size_t len, rp_buf *out)
 * DESCRIPTION
 *	rp_charset_to_utf8() appends in (len bytes, which may hold NUL
 *	bytes) to out as well-formed UTF-8 without NUL bytes.  The label
 *	goes through g_mime_charset_iconv_name(), so the names mailers
 *	write reach iconv as names it knows (GMime's alias table).
 * .IP \(bu
 *	Text labelled UTF-8, US-ASCII or ASCII is taken as UTF-8; each
 *	byte that starts no well-formed sequence becomes U+FFFD.
 * .IP \(bu
 *	Any other charset iconv can open is converted; each byte iconv
 *	rejects (an illegal or truncated sequence) becomes U+FFFD and
 *	conversion goes on after it.
 * .IP \(bu
 *	No label, or one iconv cannot open (a bogus name):
 *	UTF-8 when the bytes are well-formed UTF-8, else Windows-1252
 *	(what mail clients assume for unlabelled 8-bit text).
 * .PP
 *	rp_charset_from_utf8() goes the other way, for text edited after
 *	rp_charset_to_utf8() read it: it appends the UTF-8 text to out in
 *	the charset that rp_charset_to_utf8() reads orig (orig_len bytes,
 *	labelled charset) in, so that the text is read back the same way.
 *	A character that charset cannot hold (U+FFFD where bytes were bad,
 *	an edit's letters in a charset without them) becomes '?'.
 *
 *	GMime must be initialised (rp_mime_init()): the alias table and
 *	GMime's iconv cache are set up there.
 * DIAGNOSTICS
 *	Returns 1 when anything was replaced by U+FFFD (the caller's
 *	RP_MSG_BAD_UTF8), else 0.  Never fails.
 */
#include "config.h"

#include <errno.h>
#include <iconv.h>

#include <gmime/gmime.h>

#include "rp_charset.h"
#include "rp_utf8.h"
#include "rp_util.h"

/* rp_charset_iconv - convert with cd, U+FFFD for each byte it rejects */
static int rp_charset_iconv(iconv_t cd, const char *in, size_t len, rp_buf *out)
{
    char    chunk[4096];
    char   *ip = (char *) in, *op;
    size_t  il = len, ol;
    int     bad = 0, eof = 0;

    while (!eof) {
	op = chunk;
	ol = sizeof(chunk);
	/* One last call with no input flushes stateful encodings. */
	if (il == 0) {
	    eof = 1;
	    (void) iconv(cd, NULL, NULL, &op, &ol);
	} else if (iconv(cd, &ip, &il, &op, &ol) == (size_t) -1
		   && errno != E2BIG) {
	    /* EILSEQ or a truncated sequence: skip one byte. */
	    rp_buf_append(out, chunk, (size_t) (op - chunk));
	    rp_buf_puts(out, "\xef\xbf\xbd");
	    bad = 1;
	    ip++;
	    il--;
	    continue;
	}
	rp_buf_append(out, chunk, (size_t) (op - chunk));
    }
    return bad;
}

/* rp_charset_reading - the iconv name text labelled charset is read in; NULL: UTF-8 */
static const char *rp_charset_reading(const char *charset, const char *in, size_t len)
{
    const char *name = NULL;
    iconv_t cd;

    if (charset && *charset)
	name = g_mime_charset_iconv_name(charset);
    if (name && (rp_ascii_casecmp(name, "UTF-8") == 0
		 || rp_ascii_casecmp(name, "US-ASCII") == 0
		 || rp_ascii_casecmp(name, "ASCII") == 0))
	return NULL;
    if (name == NULL || (cd = g_mime_iconv_open("UTF-8", name)) == (iconv_t) -1) {
	/* Unlabelled or unknown: UTF-8 if it is that, else Windows-1252. */
	name = "WINDOWS-1252";
	if (rp_utf8_valid(in, len) || (cd = g_mime_iconv_open("UTF-8", name)) == (iconv_t) -1)
	    return NULL;
    }
    g_mime_iconv_close(cd);
    return name;
}

/* rp_charset_to_utf8 - append text in charset to out as UTF-8, no NUL */
int     rp_charset_to_utf8(const char *charset, const char *in, size_t len,
			           rp_buf *out)
{
    const char *name = rp_charset_reading(charset, in, len);
    iconv_t cd;
    rp_buf  tmp;
    int     bad;

    /* Labelled UTF-8 stays UTF-8, with U+FFFD for the bad bytes. */
    if (name == NULL || (cd = g_mime_iconv_open("UTF-8", name)) == (iconv_t) -1)
	return rp_utf8_clean(in, len, out);
    /* iconv output is valid UTF-8 but may hold NUL bytes: clean it. */
    rp_buf_init(&tmp);
    bad = rp_charset_iconv(cd, in, len, &tmp);
    g_mime_iconv_close(cd);
    bad |= rp_utf8_clean(tmp.data, tmp.len, out);
    rp_buf_free(&tmp);
    return bad;
}

/* rp_charset_from_utf8 - append UTF-8 text to out in the charset orig is read in */
void    rp_charset_from_utf8(const char *charset, const char *orig, size_t orig_len,
			             const char *utf8, size_t len, rp_buf *out)
{
    const char *name = rp_charset_reading(charset, orig, orig_len);
    char    chunk[4096], *ip = (char *) utf8, *op, *qp;
    size_t  il = len, ol, ql, skip;
    iconv_t cd;

    if (name == NULL || (cd = g_mime_iconv_open(name, "UTF-8")) == (iconv_t) -1) {
	rp_buf_append(out, utf8, len);
	return;
    }
    for (;;) {
	op = chunk;
	ol = sizeof(chunk);
	if (il == 0) {
	    /* Back to the initial shift state (ISO-2022-JP, UTF-7). */
	    (void) iconv(cd, NULL, NULL, &op, &ol);
	    rp_buf_append(out, chunk, (size_t) (op - chunk));
	    break;
	}
	if (iconv(cd, &ip, &il, &op, &ol) != (size_t) -1 || errno == E2BIG) {
	    rp_buf_append(out, chunk, (size_t) (op - chunk));
	    continue;
	}
	/* A character the charset lacks: '?', written by the same converter. */
	qp = "?";
	ql = 1;
	(void) iconv(cd, &qp, &ql, &op, &ol);
	rp_buf_append(out, chunk, (size_t) (op - chunk));
	skip = rp_utf8_len(ip, il);
	skip = skip > 0 ? skip : 1;
	ip += skip;
	il -= skip;
    }
    g_mime_iconv_close(cd);
}
