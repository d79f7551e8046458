/*
 * NAME
 *	rp_claims 3
 * SUMMARY
 *	the brand a display name or a subject claims
 * SYNOPSIS
 *	#include "rp_brands.h"
 *
 *	char	*rp_brands_skeleton(const rp_brands *brands, const char *text)
 *	size_t	rp_brands_unmix(const rp_brands *brands, char *text, size_t len)
 *	const rp_brand *rp_brands_claim(const rp_brands *brands,
 *				const char *text, const char *skel,
 *				rp_claim *claim)
 *	const rp_brand *rp_brands_subject_claim(const rp_brands *brands,
 *				const char *subject, const char *skel,
 *				rp_claim *claim)
 *	int	rp_brands_mentions(const rp_brands *brands, const char *text,
 *				const char *skel, const rp_brand *brand)
 *	const rp_brand *rp_brands_claimed(const rp_brands *brands, const char *text)
 *	const rp_brand *rp_brands_subject_template(const rp_brands *brands,
 *				const char *subject)
 * DESCRIPTION
 *	rp_brands_claim() is the brand whose name (brands.conf "name")
 *	appears earliest in text as a whole word, the longer name winning
 *	at the same place; text is a display name (or a subject, or
 *	visible text) already NFKC-casefolded, and is lowercased again in
 *	ASCII.  Names are written as the brand's users write them, in any
 *	script ("name ギットハブ"): a whole word is one that does not run
 *	on into letters of a script that puts spaces between its words.
 *	So a name runs on neither into Latin, Cyrillic or Greek letters
 *	beside it ("GitHubber", "ГитХабы" are no names), while a name
 *	written in Han, kana or Thai, or followed by them, needs no space
 *	("pypiサポート", "ギットハブのお知らせ" claim), and neither does
 *	Hangul, whose particles attach to the noun ("깃허브에서").
 *
 *	A name written with letters of another script or with diacritics
 *	(GitHub with a Cyrillic i, "PyPÍ", npm with a Cyrillic em) is
 *	found on the confusable skeletons (rp_text_skeleton()) of the text
 *	and of the names, which the table computed once, by the same
 *	rule of words.  When some brand is named
 *	only on the skeleton, that brand is the claim and
 *	claim->confusable is set: a genuine sender writes its own name in
 *	its own letters.  Names wholly in another script that merely
 *	transliterate a brand are not looked for.
 *
 *	rp_brands_subject_claim() is the first brand with a subject
 *	template (brands.conf "subject", * standing for any run of bytes,
 *	case-insensitive) that the subject, leading blanks removed,
 *	matches in full; failing that, the first whose template's
 *	skeleton the subject's skeleton matches, with claim->confusable
 *	set.
 *
 *	skel is the skeleton of the text as rp_brands_skeleton() makes it
 *	(the caller frees it), for a caller that asks of one text more
 *	than once, or NULL to have it made here.  Both return
 *	claim->brand.  rp_brands_claimed() and
 *	rp_brands_subject_template() are the same questions answered with
 *	the brand alone.  rp_brands_mentions() asks whether text names
 *	one given brand anywhere (plainly or in look-alike letters), for
 *	a caller that weighs a hint about that brand.
 *
 *	Only the first RP_TEXT_MAX bytes of any text are looked at, so
 *	the work per call is bounded.  All are read-only and safe from
 *	any thread; a NULL table or text claims nothing.
 * DIAGNOSTICS
 *	None.
 * SEE ALSO
 *	rp_text.c, rules/brands.conf, Unicode TR39
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include "rp_util.h"
#include "rp_text.h"
#include "rp_brands.h"
#include "rp_brands_impl.h"

#define RP_TEXT_MAX		4096	/* display names and subjects looked at */

/* rp_claims_word_char - part of a word for whole-word name matching */
static int rp_claims_word_char(int ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')
	|| (ch >= '0' && ch <= '9');
}

/*
 * rp_claims_spaced - code point c is a letter or digit of a script that
 * separates its words by spaces, so a name does not run on into it:
 * ASCII letters and digits, Latin, Cyrillic, Greek and the like.  Han,
 * kana, Thai (scripts ICU breaks between letters) write words without
 * spaces, and Hangul attaches particles to nouns: they end no name.
 */
static int rp_claims_spaced(UChar32 c)
{
    UErrorCode uerr = U_ZERO_ERROR;
    UScriptCode script;

    if (c < 0x80)
	return c >= 0 && rp_claims_word_char(c);
    if (!u_isalnum(c))
	return 0;
    script = uscript_getScript(c, &uerr);
    return U_SUCCESS(uerr) && script != USCRIPT_COMMON && script != USCRIPT_INHERITED
	&& script != USCRIPT_HANGUL && !uscript_breaksBetweenLetters(script);
}

/*
 * rp_claims_bounded - the n bytes at buf[at] are a whole word of the
 * len bytes of buf: neither end runs on, letter to letter of spaced
 * scripts, into its neighbour
 */
static int rp_claims_bounded(const char *buf, size_t len, size_t at, size_t n)
{
    const uint8_t *s = (const uint8_t *) buf;
    int32_t i;
    UChar32 edge, side;

    if (at > 0) {
	i = (int32_t) at;
	U8_PREV(s, 0, i, side);
	i = (int32_t) at;
	U8_NEXT(s, i, (int32_t) len, edge);
	if (rp_claims_spaced(side) && rp_claims_spaced(edge))
	    return 0;
    }
    if (at + n < len) {
	i = (int32_t) (at + n);
	U8_NEXT(s, i, (int32_t) len, side);
	i = (int32_t) (at + n);
	U8_PREV(s, 0, i, edge);
	if (rp_claims_spaced(side) && rp_claims_spaced(edge))
	    return 0;
    }
    return 1;
}

/*
 * rp_claims_at - where the earliest whole-word name of brand begins in
 * buf (names: the brand's names or their skeletons), SIZE_MAX if none;
 * *len receives the name's length, the longer winning at one place
 */
static size_t rp_claims_at(const rp_strv *names, const char *buf, size_t *len)
{
    size_t  best = SIZE_MAX, buf_len = strlen(buf), j, n;
    const char *hit;

    *len = 0;
    for (j = 0; j < names->n; j++) {
	n = strlen(names->v[j]);
	if (n == 0)
	    continue;
	for (hit = buf; (hit = strstr(hit, names->v[j])) != NULL; hit++)
	    if (rp_claims_bounded(buf, buf_len, (size_t) (hit - buf), n)) {
		if ((size_t) (hit - buf) < best
		    || ((size_t) (hit - buf) == best && n > *len)) {
		    best = (size_t) (hit - buf);
		    *len = n;
		}
		break;
	    }
    }
    return best;
}

/* rp_brands_skeleton - the skeleton of the part of text that claims read */
char   *rp_brands_skeleton(const rp_brands *brands, const char *text)
{
    if (brands == NULL || text == NULL)
	return NULL;
    return rp_text_skeleton(brands->confusables, text, strnlen(text, RP_TEXT_MAX), NULL);
}

/* rp_brands_claim - the brand text names, preferring one named only in look-alikes */
const rp_brand *rp_brands_claim(const rp_brands *brands, const char *text,
				const char *skel, rp_claim *claim)
{
    const rp_brand *plain = NULL, *brand;
    size_t  plain_at = SIZE_MAX, plain_len = 0, conf_at = SIZE_MAX, conf_len = 0;
    size_t  i, at, n, len;
    char    buf[RP_TEXT_MAX + 1], *own = NULL;

    claim->brand = NULL;
    claim->confusable = 0;
    if (brands == NULL || text == NULL)
	return NULL;
    len = strnlen(text, RP_TEXT_MAX);
    memcpy(buf, text, len);
    buf[len] = 0;
    rp_ascii_lowercase(buf);
    if (skel == NULL)
	skel = own = rp_brands_skeleton(brands, text);
    for (i = 0; i < brands->nbrands; i++) {
	brand = brands->brands[i];
	if ((at = rp_claims_at(&brand->names, buf, &n)) != SIZE_MAX) {
	    if (at < plain_at || (at == plain_at && n > plain_len)) {
		plain = brand;
		plain_at = at;
		plain_len = n;
	    }
	} else if ((at = rp_claims_at(&brand->name_skels, skel, &n)) != SIZE_MAX
		   && (at < conf_at || (at == conf_at && n > conf_len))) {
	    claim->brand = brand;
	    claim->confusable = 1;
	    conf_at = at;
	    conf_len = n;
	}
    }
    free(own);
    if (claim->brand == NULL)
	claim->brand = plain;
    return claim->brand;
}

/*
 * rp_brands_mentions - text names brand, plainly or in look-alike
 * letters.  Normalised text is already case-folded, so the plain names
 * are looked for in all of it (a claim far down a long text is still
 * one the reader sees); the skeleton, as for claims, covers the first
 * RP_TEXT_MAX bytes (words mixing scripts are read in ASCII already:
 * rp_brands_unmix()).
 */
int     rp_brands_mentions(const rp_brands *brands, const char *text, const char *skel,
			   const rp_brand *brand)
{
    char   *own = NULL;
    size_t  n;
    int     named;

    if (brands == NULL || text == NULL || brand == NULL)
	return 0;
    if (rp_claims_at(&brand->names, text, &n) != SIZE_MAX)
	return 1;
    if (skel == NULL)
	skel = own = rp_brands_skeleton(brands, text);
    named = rp_claims_at(&brand->name_skels, skel, &n) != SIZE_MAX;
    free(own);
    return named;
}

/* rp_brands_claimed - the brand text claims, or NULL */
const rp_brand *rp_brands_claimed(const rp_brands *brands, const char *text)
{
    rp_claim claim;

    return rp_brands_claim(brands, text, NULL, &claim);
}

/*
 * rp_claims_glob - case-insensitive match of text against a pattern
 * where * stands for any run of bytes.  The classic single-backtrack
 * algorithm: at most len(text) * len(pattern) steps on capped input.
 */
static int rp_claims_glob(const char *pat, const char *text)
{
    const char *star = NULL, *resume = NULL;

    while (*text) {
	if (*pat == '*') {
	    star = pat++;
	    resume = text;
	} else if (*pat && rp_ascii_lower((unsigned char) *pat)
		   == rp_ascii_lower((unsigned char) *text)) {
	    pat++;
	    text++;
	} else if (star) {
	    pat = star + 1;
	    text = ++resume;
	} else
	    return 0;
    }
    while (*pat == '*')
	pat++;
    return *pat == 0;
}

/* rp_claims_template - the first brand with a template (or its skeleton) text matches */
static const rp_brand *rp_claims_template(const rp_brands *brands, const char *text,
					  int skel)
{
    const rp_strv *patterns;
    size_t  i, j;

    for (i = 0; i < brands->nbrands; i++) {
	patterns = skel ? &brands->brands[i]->subject_skels : &brands->brands[i]->subjects;
	for (j = 0; j < patterns->n; j++)
	    if (rp_claims_glob(patterns->v[j], text))
		return brands->brands[i];
    }
    return NULL;
}

/* rp_brands_subject_claim - brand whose own subject template subject copies */
const rp_brand *rp_brands_subject_claim(const rp_brands *brands, const char *subject,
					const char *skel, rp_claim *claim)
{
    char    buf[RP_TEXT_MAX + 1], *own = NULL;
    size_t  len;

    claim->brand = NULL;
    claim->confusable = 0;
    if (brands == NULL || subject == NULL)
	return NULL;
    subject += strspn(subject, " \t\r\n");
    len = strnlen(subject, RP_TEXT_MAX);
    memcpy(buf, subject, len);
    buf[len] = 0;
    if ((claim->brand = rp_claims_template(brands, buf, 0)) != NULL)
	return claim->brand;
    if (skel == NULL)
	skel = own = rp_brands_skeleton(brands, subject);
    if ((claim->brand = rp_claims_template(brands, skel, 1)) != NULL)
	claim->confusable = 1;
    free(own);
    return claim->brand;
}

/* rp_brands_subject_template - brand whose own subject template subject copies */
const rp_brand *rp_brands_subject_template(const rp_brands *brands,
					   const char *subject)
{
    rp_claim claim;

    return rp_brands_subject_claim(brands, subject, NULL, &claim);
}

/* rp_brands_unmix - rp_text_unmix() with the table's confusables */
size_t  rp_brands_unmix(const rp_brands *brands, char *text, size_t len)
{
    return rp_text_unmix(brands ? brands->confusables : NULL, text, len);
}
