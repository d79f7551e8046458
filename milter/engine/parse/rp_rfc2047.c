/*
 * NAME
 *	rp_rfc2047 3
 * SUMMARY
 *	RFC 2047 encoded-word decoding that GMime 3.2.13 gets wrong
 * SYNOPSIS
 *	#include "rp_rfc2047.h"
 *
 *	char	*rp_rfc2047_decode(const char *raw)
 *
 *	char	*rp_rfc2047_reencode(const char *raw)
 * DESCRIPTION
 *	rp_rfc2047_decode() decodes RFC 2047 encoded words in a raw
 *	header value into UTF-8, unfolding it and trimming it.  B and Q
 *	words in any charset iconv knows; the bytes of adjacent words in
 *	the same charset are joined before conversion (multibyte characters
 *	split across words), each B word is decoded on its own, so '='
 *	padding inside a run loses nothing (GMime 3.2.13 drops the text
 *	after it); whitespace between adjacent words is dropped; malformed
 *	words stay as written; unencoded 8-bit text that is not UTF-8 is
 *	read as Windows-1252 (rp_charset_to_utf8()).
 *
 *	rp_rfc2047_reencode() is for address headers: each run of encoded
 *	words is replaced by one UTF-8 B word before
 *	internet_address_list_parse() sees it, so GMime still does the
 *	structure (a decoded "<a@b>" in a display name stays a name) and
 *	its decoder only ever sees a single word.  The rest of the value
 *	is kept as written, without its line breaks.
 *
 *	Both read at most RP_HEADER_MAX bytes of raw, and an encoded word
 *	is at most RP_RFC2047_MAX_WORD bytes long, so that hostile values
 *	(many "=?" openers without an end) cost linear time.  The results
 *	are the caller's to free().  GMime must be initialised
 *	(rp_mime_init()).
 * DIAGNOSTICS
 *	None: what cannot be decoded stays as written, bytes that are
 *	invalid in their charset become U+FFFD.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "rp_charset.h"
#include "rp_header.h"
#include "rp_rfc2047.h"
#include "rp_util.h"

#define RP_RFC2047_MAX_WORD 1024	/* bytes in one encoded word */

/* An encoded word found in a header: =?charset?enc?payload?= */
typedef struct rp_rfc2047_word {
    const char *charset;
    size_t  charset_len;	/* without an RFC 2231 "*lang" */
    int     enc;		/* 'B' or 'Q' */
    const char *payload;
    size_t  payload_len;
    size_t  len;		/* of the whole word */
} rp_rfc2047_word;

/* rp_rfc2047_b64 - decode base64 leniently: skip junk, stop at '=' */
static void rp_rfc2047_b64(const char *s, size_t len, rp_buf *out)
{
    static const char alphabet[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    unsigned acc = 0, bits = 0;
    const char *p;
    size_t  i;

    for (i = 0; i < len && s[i] != '='; i++) {
	if (s[i] == 0 || (p = strchr(alphabet, s[i])) == NULL)
	    continue;
	acc = (acc << 6) | (unsigned) (p - alphabet);
	bits += 6;
	if (bits >= 8) {
	    bits -= 8;
	    rp_buf_putc(out, (int) ((acc >> bits) & 0xff));
	}
    }
}

/* rp_rfc2047_q - decode an RFC 2047 Q payload */
static void rp_rfc2047_q(const char *s, size_t len, rp_buf *out)
{
    size_t  i;
    int     hi, lo;

    for (i = 0; i < len; i++) {
	if (s[i] == '_') {
	    rp_buf_putc(out, ' ');
	} else if (s[i] == '=' && i + 2 < len
		   && (hi = g_ascii_xdigit_value(s[i + 1])) >= 0
		   && (lo = g_ascii_xdigit_value(s[i + 2])) >= 0) {
	    rp_buf_putc(out, hi * 16 + lo);
	    i += 2;
	} else {
	    rp_buf_putc(out, s[i]);
	}
    }
}

/* rp_rfc2047_word_parse - is there a well-formed encoded word at s */
static int rp_rfc2047_word_parse(const char *s, rp_rfc2047_word *w)
{
    const char *p, *q;

    if (s[0] != '=' || s[1] != '?')
	return 0;
    p = s + 2;
    q = p + strcspn(p, "? \t\r\n");
    if (*q != '?' || q == p)
	return 0;
    w->charset = p;
    w->charset_len = strcspn(p, "*?");
    w->enc = g_ascii_toupper(q[1]);
    if ((w->enc != 'B' && w->enc != 'Q') || q[2] != '?')
	return 0;
    w->payload = q + 3;
    p = w->payload;
    /*
     * The payload ends at the first "?=" and holds no whitespace.  Words
     * are bounded so that many "=?" openers cost linear time.
     */
    for (;;) {
	p += strcspn(p, "? \t\r\n");
	if (*p != '?' || p - s > RP_RFC2047_MAX_WORD)
	    return 0;
	if (p[1] == '=')
	    break;
	p++;
    }
    w->payload_len = (size_t) (p - w->payload);
    w->len = (size_t) (p + 2 - s);
    return 1;
}

/*
 * rp_rfc2047_run - decode the run of encoded words at s (separated by
 * whitespace only) into UTF-8; *used gets the bytes consumed, not
 * counting trailing whitespace.  Returns 1 if the conversion was lossy.
 */
static int rp_rfc2047_run(const char *s, size_t *used, rp_buf *out)
{
    rp_rfc2047_word w;
    rp_buf  bytes;
    char    charset[64], cs[64];
    const char *p = s, *next;
    size_t  cl;
    int     bad = 0;

    rp_buf_init(&bytes);
    charset[0] = 0;
    while (rp_rfc2047_word_parse(p, &w)) {
	/* An overlong charset name is an unknown one. */
	cl = w.charset_len < sizeof(cs) ? w.charset_len : 0;
	memcpy(cs, w.charset, cl);
	cs[cl] = 0;
	/* A new charset: convert what the previous words gave. */
	if (strcmp(cs, charset) != 0) {
	    bad |= rp_charset_to_utf8(charset, bytes.data, bytes.len, out);
	    rp_buf_reset(&bytes);
	    memcpy(charset, cs, cl + 1);
	}
	/*
	 * Each B word is decoded on its own, so the '=' padding of one
	 * word does not end the run (GMime 3.2.13 stops there).
	 */
	if (w.enc == 'B')
	    rp_rfc2047_b64(w.payload, w.payload_len, &bytes);
	else
	    rp_rfc2047_q(w.payload, w.payload_len, &bytes);
	p += w.len;
	next = p + strspn(p, " \t\r\n");
	if (!rp_rfc2047_word_parse(next, &w))
	    break;
	p = next;
    }
    bad |= rp_charset_to_utf8(charset, bytes.data, bytes.len, out);
    rp_buf_free(&bytes);
    *used = (size_t) (p - s);
    return bad;
}

/*
 * rp_rfc2047_scan - unfold raw and decode its encoded words.  With
 * reencode, each run of words becomes one UTF-8 B word instead and the
 * rest is kept as written (for GMime's address parser).
 */
static char *rp_rfc2047_scan(const char *whole, int reencode)
{
    rp_buf  out, lit, run;
    size_t  i = 0, used, n;
    gchar  *b64;
    char   *raw;

    /* Nobody reads a header past 64 KB; bound the work instead. */
    raw = rp_strndup(whole, strnlen(whole, RP_HEADER_MAX));
    rp_buf_init(&out);
    rp_buf_init(&lit);
    rp_buf_init(&run);
    while (raw[i]) {
	if (raw[i] == '\r' || raw[i] == '\n') {
	    i++;
	    continue;
	}
	if (raw[i] == '=' && raw[i + 1] == '?') {
	    rp_buf_reset(&run);
	    (void) rp_rfc2047_run(raw + i, &used, &run);
	    if (used > 0) {
		/* Literal text so far goes out first, cleaned to UTF-8. */
		if (reencode) {
		    rp_buf_append(&out, lit.data, lit.len);
		    b64 = g_base64_encode((const guchar *) run.data, run.len);
		    rp_buf_printf(&out, "=?UTF-8?B?%s?=", b64);
		    g_free(b64);
		} else {
		    (void) rp_charset_to_utf8(NULL, lit.data, lit.len, &out);
		    rp_buf_append(&out, run.data, run.len);
		}
		rp_buf_reset(&lit);
		i += used;
		continue;
	    }
	}
	n = 1 + strcspn(raw + i + 1, "=\r\n");
	rp_buf_append(&lit, raw + i, n);
	i += n;
    }
    if (reencode)
	rp_buf_append(&out, lit.data, lit.len);
    else
	(void) rp_charset_to_utf8(NULL, lit.data, lit.len, &out);
    rp_buf_free(&lit);
    rp_buf_free(&run);
    free(raw);
    return out.data;
}

/* rp_rfc2047_decode - RFC 2047 decoding that GMime 3.2.13 gets wrong */
char   *rp_rfc2047_decode(const char *raw)
{
    return rp_header_trim(rp_rfc2047_scan(raw, 0));
}

/* rp_rfc2047_reencode - one UTF-8 B word per run, for the address parser */
char   *rp_rfc2047_reencode(const char *raw)
{
    return rp_rfc2047_scan(raw, 1);
}
