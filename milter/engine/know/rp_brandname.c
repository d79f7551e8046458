/*
 * NAME
 *	rp_brandname 3
 * SUMMARY
 *	the brand a label or a page name carries
 * SYNOPSIS
 *	#include "rp_brandname.h"
 *
 *	const rp_brand *rp_brandname_find(const rp_brands *brands,
 *				const char *name, size_t len, int relaxed,
 *				int bare_ok, const char **what, int *dashed)
 *	const rp_brand *rp_brandname_page(const rp_brands *brands,
 *				const rp_dom *host_entry, const char *labels,
 *				size_t len, const char **what)
 * DESCRIPTION
 *	rp_brandname_find() looks for a brand in the len bytes of name (a
 *	label, a run of labels or a page name, lowercase): first a target
 *	domain written with hyphens ("github-com"), then a combosquat
 *	token (brands.conf "token", and the target labels).  Word
 *	boundaries are hyphens, underscores and digits (and dots when
 *	relaxed); "www" glued in front counts as a boundary.
 *
 *	rp_brandname_page() applies it to the labels in front of a free
 *	hosting entry, strictly when a brand owns the hosting.
 *
 *	Both only read the table; what points into it.
 * DIAGNOSTICS
 *	None: NULL when no brand is carried.
 * SEE ALSO
 *	rp_domain.c, rp_urlpolicy.c, rules/brands.conf
 */
#include "config.h"

#include <string.h>

#include "rp_brands.h"
#include "rp_brandname.h"

/* rp_brandname_sep - a byte that separates words in a label or page name */
static int rp_brandname_sep(int ch, int relaxed)
{
    return ch == '-' || ch == '_' || (ch >= '0' && ch <= '9') || (relaxed && ch == '.');
}

/* rp_brandname_left - a word may start at name[at] ("www" glued in front counts) */
static int rp_brandname_left(const char *name, size_t at, int relaxed)
{
    return at == 0 || rp_brandname_sep((unsigned char) name[at - 1], relaxed)
	|| (at == 3 && strncmp(name, "www", 3) == 0);
}

/* rp_brandname_right - a word may end before name[at] */
static int rp_brandname_right(const char *name, size_t len, size_t at, int relaxed)
{
    return at == len || rp_brandname_sep((unsigned char) name[at], relaxed);
}

/*
 * rp_brandname_find - the brand a label or page name carries.  A
 * hyphenated brand domain ("github-com") counts at word boundaries.
 * A token counts glued to other letters when the data allows it
 * (long, distinctive words), else only between word boundaries, so
 * "npm" in "snpm" and "pypi" in "happypipeline" do not count.  Page
 * names on free hosting are looser: a token of four letters or more
 * needs a boundary on one side only ("pypivalidate").
 */
const rp_brand *rp_brandname_find(const rp_brands *brands, const char *name,
				  size_t len, int relaxed, int bare_ok,
				  const char **what, int *dashed)
{
    const rp_target *t;
    const rp_token *tok;
    size_t  i, at, n;
    int     left, right;

    for (i = 0; i < brands->ntargets; i++) {
	t = &brands->targets[i];
	n = strlen(t->dashed);
	for (at = 0; at + n <= len; at++)
	    if (memcmp(name + at, t->dashed, n) == 0
		&& rp_brandname_left(name, at, relaxed)
		&& rp_brandname_right(name, len, at + n, relaxed)) {
		*what = t->dashed;
		*dashed = 1;
		return t->brand;
	    }
    }
    for (i = 0; i < brands->ntokens; i++) {
	tok = &brands->tokens[i];
	for (at = 0; at + tok->len <= len; at++) {
	    if (memcmp(name + at, tok->word, tok->len) != 0)
		continue;
	    left = rp_brandname_left(name, at, relaxed);
	    right = rp_brandname_right(name, len, at + tok->len, relaxed);
	    if (tok->len == len && !(bare_ok && (tok->glue || relaxed)))
		continue;
	    if (tok->glue || (left && right) || (relaxed && tok->len >= 4 && (left || right))) {
		*what = tok->word;
		*dashed = 0;
		return tok->brand;
	    }
	}
    }
    return NULL;
}

/*
 * rp_brandname_page - hosted-page check on the labels left of a
 * hosting entry.  On hosting a brand owns (github.io) the labels are
 * account names: ecosystem organisations use the brand's name there
 * ("npm", "docker"), so only strict word matches that add words count.
 */
const rp_brand *rp_brandname_page(const rp_brands *brands, const rp_dom *host_entry,
				  const char *labels, size_t len, const char **what)
{
    int     third_party = !(host_entry->kinds & (RP_DOM_OWN | RP_DOM_GOOD));
    int     dashed;

    return rp_brandname_find(brands, labels, len, third_party, third_party,
			     what, &dashed);
}
