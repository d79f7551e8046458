/*
 * NAME
 *	rp_text 3
 * SUMMARY
 *	Unicode normalisation of visible text for matching
 * SYNOPSIS
 *	#include "rp_text.h"
 *
 *	char	*rp_text_normalize(const char *utf8, size_t len,
 *				   size_t *out_len)
 * DESCRIPTION
 *	rp_text_normalize() turns len bytes of (possibly broken) UTF-8
 *	into the form that lure rules and brand-name matching expect:
 * .IP \(bu
 *	each ill-formed sequence (maximal subpart, as ICU's U8_NEXT
 *	defines it) becomes U+FFFD; a NUL byte counts as white space;
 * .IP \(bu
 *	ICU's NFKC_Casefold: compatibility forms (fullwidth letters,
 *	ligatures, superscripts) become their plain letters, case is
 *	folded (so "ß" becomes "ss"), and default-ignorable code points
 *	(zero-width space and joiners, soft hyphen, word joiner, BOM,
 *	bidi controls) disappear.  Anything default-ignorable that
 *	survives is dropped explicitly, so the result does not depend
 *	on the ICU version's mapping;
 * .IP \(bu
 *	runs of white space (Unicode White_Space: NBSP, ideographic
 *	space, line and paragraph separators, CR, LF) and other control
 *	characters become one ASCII space; leading and trailing space
 *	is removed.
 * .PP
 *	The result is NUL-terminated, contains no NUL byte, and its
 *	length goes to *out_len when out_len is not NULL.  The caller
 *	frees it with free().
 *
 *	Work is linear: the input is decoded into a fixed UTF-16 chunk,
 *	the chunk is cut where the normaliser has a boundary (so that a
 *	base letter and its combining marks are normalised together)
 *	and each piece is normalised and re-encoded on its own.  The
 *	output is capped at RP_TEXT_EXPANSION times the input plus a
 *	little (NFKC can expand one code point into 18); text past the
 *	cap is dropped at a code point boundary.
 * DIAGNOSTICS
 *	None: any input yields a string.  Should ICU fail to provide or
 *	apply its normaliser, the text is passed on decoded but not
 *	normalised.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include "rp_util.h"
#include "rp_text.h"

#define RP_TEXT_CHUNK		16384	/* UTF-16 units normalised at once */
#define RP_TEXT_EXPANSION	4	/* output cap: input length times this */
#define RP_TEXT_SLACK		64	/* ... plus this many bytes */
#define RP_TEXT_LOOKBACK	64	/* code points searched for a boundary */

/* State that lives across chunks. */
typedef struct rp_text_state {
    const UNormalizer2 *norm;		/* NULL: ICU failed, pass through */
    UChar  *dst;			/* normaliser output */
    int32_t dst_cap;
    rp_buf  out;			/* UTF-8 result */
    size_t  out_max;			/* byte cap for out */
    int     space;			/* white space seen since last output */
    int     full;			/* out_max reached */
} rp_text_state;

/* rp_text_is_space - white space or a control character */
static int rp_text_is_space(UChar32 c)
{
    return u_isUWhiteSpace(c) || u_charType(c) == U_CONTROL_CHAR;
}

/* rp_text_emit - append UTF-16 text, collapsing space and dropping ignorables */
static void rp_text_emit(rp_text_state *st, const UChar *s, int32_t n)
{
    int32_t i = 0;
    UChar32 c;
    uint8_t u8[U8_MAX_LENGTH + 1];
    int32_t k;

    while (i < n && !st->full) {
	U16_NEXT(s, i, n, c);
	if (rp_text_is_space(c)) {
	    st->space = 1;
	    continue;
	}
	if (u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT))
	    continue;
	k = 0;
	if (st->space && st->out.len > 0)
	    u8[k++] = ' ';
	U8_APPEND_UNSAFE(u8, k, c);
	if (st->out.len + (size_t) k > st->out_max) {
	    st->full = 1;
	    break;
	}
	rp_buf_append(&st->out, (const char *) u8, (size_t) k);
	st->space = 0;
    }
}

/* rp_text_flush - normalise n UTF-16 units and emit them */
static void rp_text_flush(rp_text_state *st, const UChar *src, int32_t n)
{
    UErrorCode status;
    int32_t got;

    if (n == 0)
	return;
    if (st->norm != NULL) {
	status = U_ZERO_ERROR;
	got = unorm2_normalize(st->norm, src, n, st->dst, st->dst_cap, &status);
	if (status == U_BUFFER_OVERFLOW_ERROR) {
	    /* Rare: heavy compatibility expansion.  Grow to the exact size. */
	    st->dst_cap = got;
	    st->dst = rp_realloc(st->dst, (size_t) got * sizeof(UChar));
	    status = U_ZERO_ERROR;
	    got = unorm2_normalize(st->norm, src, n, st->dst, st->dst_cap,
				   &status);
	}
	if (U_SUCCESS(status)) {
	    rp_text_emit(st, st->dst, got);
	    return;
	}
    }
    rp_text_emit(st, src, n);
}

/*
 * rp_text_cut - where to end a full chunk: the last normalisation
 * boundary among its final RP_TEXT_LOOKBACK code points.  Real text
 * has far shorter runs of combining marks (UAX #15's stream-safe
 * format allows 30); a longer run is hostile and is cut anywhere, so
 * that the look-back, and the whole pass, stays linear.
 */
static int32_t rp_text_cut(const rp_text_state *st, const UChar *src, int32_t n)
{
    int32_t i = n;
    int     steps;
    UChar32 c;

    if (st->norm == NULL)
	return n;
    for (steps = 0; i > 0 && steps < RP_TEXT_LOOKBACK; steps++) {
	U16_PREV(src, 0, i, c);
	if (i > 0 && unorm2_hasBoundaryBefore(st->norm, c))
	    return i;
    }
    return n;
}

/* rp_text_normalize - UTF-8 in, normalised UTF-8 out (caller frees) */
char   *rp_text_normalize(const char *utf8, size_t len, size_t *out_len)
{
    const uint8_t *s = (const uint8_t *) utf8;
    rp_text_state st;
    UErrorCode status = U_ZERO_ERROR;
    UChar  *src;
    char   *result;
    int32_t n = 0;
    int32_t cut;
    size_t  i = 0;
    UChar32 c;

    st.norm = unorm2_getNFKCCasefoldInstance(&status);
    if (U_FAILURE(status))
	st.norm = NULL;
    st.dst_cap = 2 * RP_TEXT_CHUNK;
    st.dst = rp_malloc((size_t) st.dst_cap * sizeof(UChar));
    src = rp_malloc((RP_TEXT_CHUNK + U16_MAX_LENGTH) * sizeof(UChar));
    rp_buf_init(&st.out);
    st.out_max = len > (SIZE_MAX - RP_TEXT_SLACK) / RP_TEXT_EXPANSION ?
	SIZE_MAX - 1 : len * RP_TEXT_EXPANSION + RP_TEXT_SLACK;
    st.space = 0;
    st.full = 0;

    while (i < len && !st.full) {
	U8_NEXT(s, i, len, c);
	if (c < 0)
	    c = 0xFFFD;
	else if (c == 0)
	    c = ' ';
	U16_APPEND_UNSAFE(src, n, c);
	if (n >= RP_TEXT_CHUNK) {
	    cut = rp_text_cut(&st, src, n);
	    rp_text_flush(&st, src, cut);
	    memmove(src, src + cut, (size_t) (n - cut) * sizeof(UChar));
	    n -= cut;
	}
    }
    if (!st.full)
	rp_text_flush(&st, src, n);
    free(src);
    free(st.dst);
    if (out_len != NULL)
	*out_len = st.out.len;
    result = rp_buf_steal(&st.out);
    rp_buf_free(&st.out);
    return result;
}
