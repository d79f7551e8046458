/*
 * NAME
 *	rp_claims 3
 * SUMMARY
 *	the brand a display name or a subject claims
 * SYNOPSIS
 *	#include "rp_brands.h"
 *
 *	const rp_brand *rp_brands_claimed(const rp_brands *brands, const char *text)
 *	const rp_brand *rp_brands_subject_template(const rp_brands *brands,
 *				const char *subject)
 * DESCRIPTION
 *	rp_brands_claimed() is the brand whose name (brands.conf "name")
 *	appears earliest in text as a whole word, the longer name winning
 *	at the same place; text is a display name already NFKC-casefolded,
 *	and is lowercased again in ASCII.  Bytes outside ASCII end a word.
 *
 *	rp_brands_subject_template() is the first brand with a subject
 *	template (brands.conf "subject", * standing for any run of bytes,
 *	case-insensitive) that the subject, leading blanks removed, matches
 *	in full.
 *
 *	Only the first RP_TEXT_MAX bytes of either text are looked at, so
 *	the work per call is bounded.  Both are read-only and safe from
 *	any thread; a NULL table or text claims nothing.
 * DIAGNOSTICS
 *	None.
 * SEE ALSO
 *	rules/brands.conf
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "rp_util.h"
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
 * rp_brands_claimed - the brand whose name appears earliest as a whole
 * word.  Bytes outside ASCII end a word, so "pypiサポート" claims PyPI.
 */
const rp_brand *rp_brands_claimed(const rp_brands *brands, const char *text)
{
    const rp_brand *best = NULL;
    size_t  best_at = SIZE_MAX, best_len = 0, i, j, len, n;
    const char *hit, *name;
    char    buf[RP_TEXT_MAX + 1];

    if (brands == NULL || text == NULL)
	return NULL;
    len = strnlen(text, RP_TEXT_MAX);
    memcpy(buf, text, len);
    buf[len] = 0;
    rp_ascii_lowercase(buf);
    for (i = 0; i < brands->nbrands; i++) {
	for (j = 0; j < brands->brands[i]->names.n; j++) {
	    name = brands->brands[i]->names.v[j];
	    n = strlen(name);
	    for (hit = buf; (hit = strstr(hit, name)) != NULL; hit++) {
		if ((hit > buf && rp_claims_word_char((unsigned char) hit[-1]))
		    || rp_claims_word_char((unsigned char) hit[n]))
		    continue;
		if ((size_t) (hit - buf) < best_at
		    || ((size_t) (hit - buf) == best_at && n > best_len)) {
		    best = brands->brands[i];
		    best_at = (size_t) (hit - buf);
		    best_len = n;
		}
		break;
	    }
	}
    }
    return best;
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

/* rp_brands_subject_template - brand whose own subject template subject copies */
const rp_brand *rp_brands_subject_template(const rp_brands *brands,
					   const char *subject)
{
    char    buf[RP_TEXT_MAX + 1];
    size_t  i, j, len;

    if (brands == NULL || subject == NULL)
	return NULL;
    subject += strspn(subject, " \t\r\n");
    len = strnlen(subject, RP_TEXT_MAX);
    memcpy(buf, subject, len);
    buf[len] = 0;
    for (i = 0; i < brands->nbrands; i++)
	for (j = 0; j < brands->brands[i]->subjects.n; j++)
	    if (rp_claims_glob(brands->brands[i]->subjects.v[j], buf))
		return brands->brands[i];
    return NULL;
}
