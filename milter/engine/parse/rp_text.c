/*
 * NAME
 *	rp_text 3
 * SUMMARY
 *	Unicode normalisation of visible text for matching, and the
 *	confusable skeleton of names
 * SYNOPSIS
 *	#include "rp_text.h"
 *
 *	char	*rp_text_normalize(const char *utf8, size_t len,
 *				   size_t *out_len)
 *	rp_confusables *rp_text_confusables(void)
 *	void	rp_text_confusables_free(rp_confusables *cf)
 *	char	*rp_text_skeleton(const rp_confusables *cf,
 *				  const char *utf8, size_t len,
 *				  size_t *out_len)
 *	int	rp_text_fold(const rp_confusables *cf, const char *utf8,
 *			     size_t len, char *out, size_t size)
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
 *	Work is linear: a run of ASCII (but its last byte before a
 *	non-ASCII one) is only lowercased and its space collapsed, as
 *	NFKC_Casefold would leave it; the rest is decoded into a fixed UTF-16 chunk,
 *	the chunk is cut where the normaliser has a boundary (so that a
 *	base letter and its combining marks are normalised together)
 *	and each piece is normalised and re-encoded on its own.  The
 *	output is capped at RP_TEXT_EXPANSION times the input plus a
 *	little (NFKC can expand one code point into 18); text past the
 *	cap is dropped at a code point boundary.
 *
 *	rp_text_skeleton() is the form in which two names that a reader
 *	cannot tell apart are equal, the one skeleton every name, subject
 *	and host comparison of the engine uses: the text normalised as
 *	above, then decomposed (NFD) with its non-spacing and enclosing
 *	marks dropped, so diacritics fold away ("PyPÍ", "gitláb");
 *	then the letters that readers take for Latin ones but Unicode's
 *	confusables table maps elsewhere (Cyrillic em, te, ka, pe, en,
 *	ve, sha; Chromium's lookalike checks add the same ones) become
 *	those Latin letters; then the Unicode TR39 skeleton (ICU
 *	uspoof_getSkeleton(): Cyrillic and Greek look-alikes become
 *	Latin, "m" becomes "rn", "1" becomes "l"), marks dropped again
 *	and lowercased.  So GitHub with a Cyrillic i (U+0456), PyPI with
 *	a Greek capital iota and npm with a Cyrillic em have the
 *	skeletons of "github", "pypi" and "npm".
 *	Letters with no Latin look-alike (most of Cyrillic, Han, kana)
 *	keep a form of their own.  The result is allocated as for
 *	rp_text_normalize().  Every step maps code points one by one and
 *	marks are dropped, so the skeleton of a text is that of its code
 *	points in turn: the work is linear, ASCII costs no ICU call (cf
 *	holds the skeleton of each ASCII character), and each other code
 *	point is asked of ICU once per text (RP_SKEL_MEMO remembered).
 *
 *	rp_text_confusables() makes what skeletons need, once, for any
 *	number of threads to read: ICU's spoof checker and the
 *	skeletons of the ASCII characters (NULL when ICU fails).
 *	rp_text_confusables_free() releases it.  A NULL cf gives
 *	skeletons without the TR39 step.
 *
 *	rp_text_fold() writes len bytes of UTF-8 (a label of a host
 *	name) into out with each non-ASCII code point replaced by the
 *	ASCII letter or digit that has its skeleton, ASCII kept as
 *	written (npmjs with a Cyrillic er becomes "npmjs"), so that
 *	checks written for ASCII can read it.  It returns 1 when every code point folds
 *	and the result fits in size bytes, else 0 (out is then
 *	unspecified).
 * DIAGNOSTICS
 *	None: any input yields a string.  Should ICU fail to provide or
 *	apply its normaliser, the text is passed on decoded but not
 *	normalised; should the spoof checker fail on a piece, that
 *	piece's skeleton lacks the TR39 step.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/uspoof.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include "rp_util.h"
#include "rp_text.h"

#define RP_TEXT_CHUNK		16384	/* UTF-16 units normalised at once */
#define RP_TEXT_EXPANSION	4	/* output cap: input length times this */
#define RP_TEXT_SLACK		64	/* ... plus this many bytes */
#define RP_TEXT_LOOKBACK	64	/* code points searched for a boundary */
#define RP_SKEL_ASCII		16	/* room for one character's skeleton */
#define RP_SKEL_MEMO		512	/* code points remembered per text */

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

/* rp_text_is_space - white space or a control character (ASCII: no lookup) */
static int rp_text_is_space(UChar32 c)
{
    if (c < 0x80)
	return c <= ' ' || c == 0x7f;
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
	if (c >= 0x80 && u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT))
	    continue;			/* ASCII holds no default-ignorable */
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
 * rp_text_ascii - the ASCII run at *at, up to the last ASCII byte
 * before a non-ASCII one (which may combine with what follows and is
 * left to the normaliser): NFKC_Casefold leaves such ASCII as it is
 * but for case, and no ASCII character combines with the one before
 * it, so the run is emitted here, byte by byte as rp_text_emit()
 * would, without UTF-16 or ICU.
 */
static void rp_text_ascii(rp_text_state *st, const uint8_t *s, size_t *at, size_t len)
{
    char    run[512];
    size_t  i = *at, k = 0, need;
    int     c;

    while (i < len && s[i] < 0x80 && (i + 1 == len || s[i + 1] < 0x80)) {
	c = s[i++];
	if (c <= ' ' || c == 0x7f) {
	    st->space = 1;
	    continue;
	}
	need = (st->space && st->out.len + k > 0) ? 2 : 1;
	if (k + need > sizeof(run)) {
	    rp_buf_append(&st->out, run, k);
	    k = 0;
	}
	if (st->out.len + k + need > st->out_max) {
	    st->full = 1;
	    break;
	}
	if (need == 2)
	    run[k++] = ' ';
	run[k++] = (char) (c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
	st->space = 0;
    }
    rp_buf_append(&st->out, run, k);
    *at = i;
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
    /* Short text needs no full chunk: it never holds more units than bytes. */
    int32_t chunk = len < RP_TEXT_CHUNK ? (int32_t) len + 1 : RP_TEXT_CHUNK;
    size_t  i = 0;
    UChar32 c;

    st.norm = unorm2_getNFKCCasefoldInstance(&status);
    if (U_FAILURE(status))
	st.norm = NULL;
    st.dst_cap = 2 * chunk;
    st.dst = rp_malloc((size_t) st.dst_cap * sizeof(UChar));
    src = rp_malloc(((size_t) chunk + U16_MAX_LENGTH) * sizeof(UChar));
    rp_buf_init(&st.out);
    st.out_max = len > (SIZE_MAX - RP_TEXT_SLACK) / RP_TEXT_EXPANSION ?
	SIZE_MAX - 1 : len * RP_TEXT_EXPANSION + RP_TEXT_SLACK;
    st.space = 0;
    st.full = 0;

    while (i < len && !st.full) {
	if (st.norm != NULL && s[i] < 0x80 && (i + 1 == len || s[i + 1] < 0x80)) {
	    rp_text_flush(&st, src, n);
	    n = 0;
	    if (!st.full)
		rp_text_ascii(&st, s, &i, len);
	    continue;
	}
	U8_NEXT(s, i, len, c);
	if (c < 0)
	    c = 0xFFFD;
	else if (c == 0)
	    c = ' ';
	U16_APPEND_UNSAFE(src, n, c);
	if (n >= chunk) {
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

/*
 * Letters readers take for the Latin letter beside them, which the
 * TR39 table maps to something else (Cyrillic em to turned w, te to a
 * small capital, pe to pi...).  Lowercase only: the text is
 * casefolded first.  Sorted by code point.
 */
static const struct rp_text_latin_like {
    UChar32 from;
    char    to;
}       rp_text_latin_like[] = {
    {0x00FE, 'p'}, {0x0138, 'k'}, {0x014B, 'n'}, {0x0185, 'b'},
    {0x03BA, 'k'}, {0x03C7, 'x'}, {0x03C9, 'w'}, {0x03FC, 'p'},
    {0x0432, 'b'}, {0x043A, 'k'}, {0x043C, 'm'}, {0x043D, 'h'},
    {0x043F, 'n'}, {0x0442, 't'}, {0x0448, 'w'}, {0x0449, 'w'},
    {0x044C, 'b'}, {0x0454, 'e'}, {0x048D, 'b'}, {0x048F, 'p'},
    {0x0491, 'r'}, {0x0493, 'f'}, {0x049B, 'k'}, {0x049D, 'k'},
    {0x049F, 'k'}, {0x04A1, 'k'}, {0x04A3, 'h'}, {0x04A5, 'h'},
    {0x04AB, 'c'}, {0x04AD, 't'}, {0x04B3, 'x'}, {0x04BD, 'e'},
    {0x04BF, 'e'}, {0x04C4, 'k'}, {0x04C8, 'h'}, {0x04CA, 'h'},
    {0x04CE, 'm'}, {0x04FB, 'f'}, {0x04FD, 'x'}, {0x04FF, 'x'},
    {0x0503, 'd'}, {0x050B, 'h'}, {0x050D, 'g'}, {0x050F, 't'},
    {0x051F, 'k'}, {0x0525, 'n'}, {0x0527, 'h'}, {0x0529, 'h'},
};

/* rp_text_latin_like_of - the Latin letter c passes for, or 0 */
static int rp_text_latin_like_of(UChar32 c)
{
    size_t  lo = 0, hi = sizeof(rp_text_latin_like) / sizeof(rp_text_latin_like[0]), mid;

    while (lo < hi) {
	mid = (lo + hi) / 2;
	if (rp_text_latin_like[mid].from == c)
	    return rp_text_latin_like[mid].to;
	if (rp_text_latin_like[mid].from < c)
	    lo = mid + 1;
	else
	    hi = mid;
    }
    return 0;
}

/* rp_text_is_mark - a non-spacing or enclosing mark: a diacritic to fold away */
static int rp_text_is_mark(UChar32 c)
{
    return (U_GET_GC_MASK(c) & (U_GC_MN_MASK | U_GC_ME_MASK)) != 0;
}

/* What skeletons need, made once. */
struct rp_confusables {
    USpoofChecker *spoof;		/* ICU's TR39 data */
    char    ascii[128][RP_SKEL_ASCII];	/* the skeleton of each ASCII character */
    unsigned char same[128];		/* ... is the character itself */
};

/* Scratch space of one skeleton computation. */
typedef struct rp_skel_state {
    const USpoofChecker *spoof;		/* NULL: no TR39 step */
    const UNormalizer2 *nfd;		/* NULL: ICU failed, no decomposition */
    UChar  *dec, *skel;			/* decomposed piece, its skeleton */
    int32_t dec_cap, skel_cap;
    rp_buf  out;			/* UTF-8 result */
} rp_skel_state;

/* A code point's skeleton, remembered while one text is read. */
typedef struct rp_skel_memo {
    UChar32 cp;				/* 0: empty (ASCII never comes here) */
    unsigned char len;
    char    skel[RP_SKEL_ASCII - 1];	/* UTF-8, not terminated */
} rp_skel_memo;

/* rp_skel_open - scratch space for pieces of at most piece UTF-16 units */
static void rp_skel_open(rp_skel_state *st, const USpoofChecker *spoof, int32_t piece)
{
    UErrorCode status = U_ZERO_ERROR;

    st->spoof = spoof;
    st->nfd = unorm2_getNFDInstance(&status);
    if (U_FAILURE(status))
	st->nfd = NULL;
    st->dec_cap = st->skel_cap = 4 * piece + 8;
    st->dec = rp_malloc((size_t) st->dec_cap * sizeof(UChar));
    st->skel = rp_malloc((size_t) st->skel_cap * sizeof(UChar));
    rp_buf_init(&st->out);
}

/* rp_skel_close - release the scratch space (not the result) */
static void rp_skel_close(rp_skel_state *st)
{
    free(st->dec);
    free(st->skel);
    rp_buf_free(&st->out);
}

/* rp_skel_decompose - NFD of src into st->dec; its length, or -1 on failure */
static int32_t rp_skel_decompose(rp_skel_state *st, const UChar *src, int32_t n)
{
    UErrorCode status = U_ZERO_ERROR;
    int32_t got;

    if (st->nfd == NULL)
	return -1;
    got = unorm2_normalize(st->nfd, src, n, st->dec, st->dec_cap, &status);
    if (status == U_BUFFER_OVERFLOW_ERROR) {
	st->dec_cap = got;
	st->dec = rp_realloc(st->dec, (size_t) got * sizeof(UChar));
	status = U_ZERO_ERROR;
	got = unorm2_normalize(st->nfd, src, n, st->dec, st->dec_cap, &status);
    }
    return U_SUCCESS(status) ? got : -1;
}

/* rp_skel_tr39 - TR39 skeleton of st->dec into st->skel; its length, or -1 */
static int32_t rp_skel_tr39(rp_skel_state *st, int32_t n)
{
    UErrorCode status = U_ZERO_ERROR;
    int32_t got;

    if (st->spoof == NULL)
	return -1;
    got = uspoof_getSkeleton(st->spoof, 0, st->dec, n, st->skel, st->skel_cap, &status);
    if (status == U_BUFFER_OVERFLOW_ERROR) {
	st->skel_cap = got;
	st->skel = rp_realloc(st->skel, (size_t) got * sizeof(UChar));
	status = U_ZERO_ERROR;
	got = uspoof_getSkeleton(st->spoof, 0, st->dec, n, st->skel, st->skel_cap, &status);
    }
    return U_SUCCESS(status) ? got : -1;
}

/*
 * rp_skel_piece - append the skeleton of n UTF-16 units to st->out:
 * decomposed, marks dropped, Latin look-alikes mapped, TR39, marks
 * dropped again, lowercase
 */
static void rp_skel_piece(rp_skel_state *st, const UChar *src, int32_t n)
{
    const UChar *res;
    int32_t got, i = 0, k = 0, latin;
    UChar32 c;
    uint8_t u8[U8_MAX_LENGTH];
    int32_t u8n;

    if (n == 0)
	return;
    if ((got = rp_skel_decompose(st, src, n)) < 0) {
	got = n;			/* the caps are four times a piece */
	memcpy(st->dec, src, (size_t) got * sizeof(UChar));
    }
    /* Dropping and one-unit replacements never lengthen: filter in place. */
    while (i < got) {
	U16_NEXT(st->dec, i, got, c);
	if (rp_text_is_mark(c))
	    continue;
	if ((latin = rp_text_latin_like_of(c)) != 0)
	    c = latin;
	U16_APPEND_UNSAFE(st->dec, k, c);
    }
    res = st->dec;
    if ((got = rp_skel_tr39(st, k)) >= 0)
	res = st->skel;
    else
	got = k;
    for (i = 0; i < got;) {
	U16_NEXT(res, i, got, c);
	if (rp_text_is_mark(c))
	    continue;
	u8n = 0;
	U8_APPEND_UNSAFE(u8, u8n, u_tolower(c));
	rp_buf_append(&st->out, (const char *) u8, (size_t) u8n);
    }
}

/* rp_text_confusables - ICU's spoof checker and the ASCII skeletons, or NULL */
rp_confusables *rp_text_confusables(void)
{
    UErrorCode uerr = U_ZERO_ERROR;
    rp_confusables *cf;
    rp_skel_state st;
    UChar   one;
    int     c;

    cf = rp_calloc(1, sizeof(*cf));
    cf->spoof = uspoof_open(&uerr);
    if (U_FAILURE(uerr)) {
	free(cf);
	return NULL;
    }
    /* The characters of most text, each asked of ICU once, not per use. */
    rp_skel_open(&st, cf->spoof, 1);
    for (c = 1; c < 128; c++) {
	one = (UChar) c;
	rp_buf_reset(&st.out);
	rp_skel_piece(&st, &one, 1);
	if (st.out.len < RP_SKEL_ASCII)
	    memcpy(cf->ascii[c], st.out.data, st.out.len + 1);
	else
	    cf->ascii[c][0] = (char) c;
	cf->same[c] = cf->ascii[c][0] == c && cf->ascii[c][1] == 0;
    }
    rp_skel_close(&st);
    return cf;
}

/* rp_text_confusables_free - release it (NULL is fine) */
void    rp_text_confusables_free(rp_confusables *cf)
{
    if (cf == NULL)
	return;
    uspoof_close(cf->spoof);
    free(cf);
}

/*
 * rp_skel_code_point - append the skeleton of non-ASCII code point c,
 * remembered in memo (direct-mapped, mask + 1 slots) for the rest of
 * the text: text repeats few distinct letters, and each costs ICU calls
 */
static void rp_skel_code_point(rp_skel_state *st, rp_skel_memo *memo, size_t mask,
			       UChar32 c)
{
    rp_skel_memo *slot = memo + (((uint32_t) c * 2654435761u) & mask);
    UChar   one[U16_MAX_LENGTH];
    int32_t n = 0;
    size_t  start = st->out.len, len;

    if (slot->cp == c) {
	rp_buf_append(&st->out, slot->skel, slot->len);
	return;
    }
    U16_APPEND_UNSAFE(one, n, c);
    rp_skel_piece(st, one, n);
    if ((len = st->out.len - start) <= sizeof(slot->skel)) {
	slot->cp = c;
	slot->len = (unsigned char) len;
	memcpy(slot->skel, st->out.data + start, len);
    }
}

/*
 * rp_text_skeleton - the confusable skeleton of UTF-8 text (caller
 * frees).  Every step maps code points one by one and marks are
 * dropped, so the skeleton of a text is that of its code points, one
 * after the other: ASCII from the table, others computed once per text.
 */
char   *rp_text_skeleton(const rp_confusables *cf, const char *utf8, size_t len,
			 size_t *out_len)
{
    size_t  nlen, i = 0, at, mask = 15;
    char   *norm = rp_text_normalize(utf8, len, &nlen), *result;
    rp_skel_memo *memo;
    rp_skel_state st;
    UChar32 c;

    while (mask + 1 < RP_SKEL_MEMO && mask + 1 < nlen)
	mask = 2 * mask + 1;
    memo = rp_calloc(mask + 1, sizeof(*memo));
    rp_skel_open(&st, cf ? cf->spoof : NULL, U16_MAX_LENGTH);
    while (i < nlen) {
	if ((unsigned char) norm[i] >= 0x80) {
	    U8_NEXT(norm, i, nlen, c);	/* well-formed: normalised */
	    rp_skel_code_point(&st, memo, mask, c);
	    continue;
	}
	/* An ASCII run, copied where it is its own skeleton. */
	for (at = i; i < nlen && (unsigned char) norm[i] < 0x80; i++)
	    if (cf && !cf->same[(unsigned char) norm[i]]) {
		rp_buf_append(&st.out, norm + at, i - at);
		rp_buf_puts(&st.out, cf->ascii[(unsigned char) norm[i]]);
		at = i + 1;
	    }
	rp_buf_append(&st.out, norm + at, i - at);
    }
    free(norm);
    free(memo);
    if (out_len != NULL)
	*out_len = st.out.len;
    result = rp_buf_steal(&st.out);
    rp_skel_close(&st);
    return result;
}

/*
 * rp_text_fold_one - the ASCII letter or digit whose skeleton code
 * point c has, or 0.  "m" is the one such letter whose skeleton is two
 * letters ("rn"), so a look-alike of "m" is recognised by it.
 */
static int rp_text_fold_one(rp_skel_state *st, UChar32 c)
{
    UChar   one[U16_MAX_LENGTH];
    int32_t n = 0;
    const char *sk;

    U16_APPEND_UNSAFE(one, n, c);
    rp_buf_reset(&st->out);
    rp_skel_piece(st, one, n);
    sk = st->out.data;
    if (st->out.len == 1 && ((sk[0] >= 'a' && sk[0] <= 'z') || (sk[0] >= '0' && sk[0] <= '9')))
	return sk[0];
    if (st->out.len == 2 && memcmp(sk, "rn", 2) == 0)
	return 'm';
    return 0;
}

/* rp_text_fold - non-ASCII code points as the ASCII they look like; 0 if some has none */
int     rp_text_fold(const rp_confusables *cf, const char *utf8, size_t len,
		     char *out, size_t size)
{
    const uint8_t *s = (const uint8_t *) utf8;
    rp_skel_state st;
    size_t  i = 0, n = 0;
    UChar32 c;
    int     ok = 1, ch;

    rp_skel_open(&st, cf ? cf->spoof : NULL, 8);
    while (ok && i < len) {
	U8_NEXT(s, i, len, c);
	if (c >= 0 && c < 0x80)
	    ch = c;
	else
	    ch = c < 0 ? 0 : rp_text_fold_one(&st, c);
	if (ch == 0 || n + 1 >= size)
	    ok = 0;
	else
	    out[n++] = (char) ch;
    }
    if (ok && size > 0)
	out[n] = 0;
    rp_skel_close(&st);
    return ok && size > 0;
}

/* rp_text_unmix_word - one word, its letters of other scripts folded to ASCII */
static size_t rp_text_unmix_word(rp_skel_state *st, const char *w, size_t len, char *out)
{
    const uint8_t *s = (const uint8_t *) w;
    UErrorCode err = U_ZERO_ERROR;
    size_t  i = 0, at, n = 0;
    UScriptCode sc;
    UChar32 c;
    int     ch;

    while (i < len) {
	at = i;
	U8_NEXT(s, i, len, c);
	ch = 0;
	if (c >= 0x80 && u_isalpha(c)) {
	    sc = uscript_getScript(c, &err);
	    if (U_SUCCESS(err) && sc != USCRIPT_LATIN && sc != USCRIPT_COMMON
		&& sc != USCRIPT_INHERITED)
		ch = rp_text_fold_one(st, c);
	}
	if (ch != 0) {
	    out[n++] = (char) ch;
	} else {
	    memmove(out + n, w + at, i - at);
	    n += i - at;
	}
    }
    return n;
}

/* rp_text_mixed - does a word hold ASCII letters and letters of another script */
static int rp_text_mixed(const char *w, size_t len)
{
    int     ascii = 0, other = 0;
    size_t  i;

    for (i = 0; i < len; i++) {
	if ((w[i] >= 'a' && w[i] <= 'z') || (w[i] >= 'A' && w[i] <= 'Z'))
	    ascii = 1;
	else if (w[i] & 0x80)
	    other = 1;
    }
    return ascii && other;
}

/* rp_text_unmix - words that mix scripts, written in the ASCII they look like */
size_t  rp_text_unmix(const rp_confusables *cf, char *text, size_t len)
{
    rp_skel_state st;
    size_t  i = 0, start, o = 0;
    int     open = 0;

    while (i < len) {
	if (!(text[i] & 0x80) && !g_ascii_isalnum(text[i])) {
	    text[o++] = text[i++];
	    continue;
	}
	for (start = i; i < len && ((text[i] & 0x80) || g_ascii_isalnum(text[i])); i++)
	    /* void */ ;
	if (rp_text_mixed(text + start, i - start)) {
	    if (!open) {
		rp_skel_open(&st, cf ? cf->spoof : NULL, 8);
		open = 1;
	    }
	    /* Folding only shortens a word: the write never passes the read. */
	    o += rp_text_unmix_word(&st, text + start, i - start, text + o);
	} else {
	    memmove(text + o, text + start, i - start);
	    o += i - start;
	}
    }
    if (open)
	rp_skel_close(&st);
    if (o < len)
	text[o] = 0;
    return o;
}
