/*
 * NAME
 *	rp_domain 3
 * SUMMARY
 *	does a domain name imitate a package-registry brand?
 * SYNOPSIS
 *	#include "rp_brands.h"
 *
 *	int	rp_domain_check(const rp_brands *brands, const char *host,
 *				rp_domain_match *match)
 *	void	rp_domain_describe(const rp_brands *brands, const char *name,
 *				rp_domain_report *report)
 * DESCRIPTION
 *	rp_domain_check() first puts the host in canonical form with
 *	rp_host_normalize() (ASCII lowercase, no final dot, UTS #46 to
 *	A-labels with libidn2; the A-labels are checked by decoding them).  A host under a domain a
 *	brand owns, or under a known-good lookalike, is "own" (brand set
 *	to the owner, technique NULL).  A host on free hosting is judged
 *	by its page name only (HOSTED_BRAND_PAGE).  Any other host is
 *	reduced to its registrable domain (libpsl, system list) and tried
 *	against every target domain of the brand table, most telling
 *	technique first:
 *
 *	LOOKALIKE_SUBDOMAIN	a brand domain as leading labels
 *				(pypi.org.secure-login.com)
 *	LOOKALIKE_HOMOGLYPH	confusable skeleton equal to a brand's
 *				(rp_text_skeleton(): TR39 with ICU uspoof,
 *				diacritics folded), or a brand spelled in
 *				look-alike letters among other words
 *	LOOKALIKE_TLD_SWAP	the brand's label under another suffix
 *	LOOKALIKE_DOT_HYPHEN	the brand domain with its dot as a hyphen
 *	LOOKALIKE_{VISUAL,KEYBOARD,VOWEL_SWAP,BITSQUAT,OMISSION,
 *	INSERTION,REPETITION,TRANSPOSITION,HYPHENATION}
 *				one classified edit of the brand's label
 *	LOOKALIKE_COMBOSQUAT	a brand token joined with other words
 *	LOOKALIKE_EDIT		a small weighted edit distance
 *
 *	Not imitations by themselves, but named after a brand (match
 *	product set, brand not): the brand's label as the one label in
 *	front of an unrelated domain (gitlab.gnome.org, pypi.example.edu),
 *	or as the label under a suffix of the public suffix list's private
 *	section (gitlab.freedesktop.org): a self-hosted instance of the
 *	product or a mirror, no TLD swap; and a public mirror the brand
 *	table names ("mirror", product and mirror set).  The message
 *	check decides what a claim of the brand beside such a host means
 *	(LOOKALIKE_BRAND_HOST).
 *
 *	A lookalike of the registrable label (TLD swap, typos, edits,
 *	combosquatting) whose label is an ordinary word (rules/words.conf,
 *	also with a plural or common ending: nugget.com, dockers.com)
 *	sets word and says so in the reason: a weak hint unless the
 *	message claims the brand.
 *
 *	Short labels are protected by data: typo techniques need a brand
 *	label and a candidate label of at least 4 letters, and targets may
 *	opt out (notypo, notld, typo-same-tld).  Names under a suffix that
 *	is not in the public suffix list (.internal, .corp, .lan) are
 *	internal and never lookalikes.
 *
 *	An internationalised host is also read in ASCII: each of its
 *	labels written in look-alikes of ASCII letters (another script's,
 *	or letters with diacritics) is folded to those letters
 *	(rp_host_fold()), and the techniques that read the labels in front
 *	of the registrable domain (SUBDOMAIN, BRAND_HOST, DOT_HYPHEN and
 *	hosted pages) read that form too, so a brand domain written with
 *	confusable letters in a subdomain is found like the ASCII one.
 *	The ownership lookups read only the real name: an imitation of a
 *	brand's domain never belongs to it, and a brand's own
 *	internationalised domain is its own.  Work per host: one hash
 *	walk, one PSL lookup, and bounded string work per target (lengths
 *	at most 63); skeletons and folds are computed only for IDN hosts
 *	(the targets' once, when the table is finished).
 *
 *	Each technique is its own small function, so that each reason
 *	names exactly what was changed.  The forms of the host come from
 *	rp_host.c, the brand words inside a label from rp_brandname.c,
 *	the letter relations and the weighted distance from rp_letters.c.
 *
 *	rp_domain_describe() fills the public rp_domain_report.
 * DIAGNOSTICS
 *	-1 with a reason for names that are not valid host names (empty
 *	labels, labels over 63 bytes, names over 253, bad punycode,
 *	code points IDNA disallows, IP address literals).
 * SEE ALSO
 *	rp_brands.c, rp_host.c, rp_brandname.c, rp_letters.c,
 *	Unicode TR39 and UTS #46, rules/brands.conf
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpsl.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include "regphish.h"
#include "rp_util.h"
#include "rp_text.h"
#include "rp_host.h"
#include "rp_letters.h"
#include "rp_brands.h"
#include "rp_brands_impl.h"
#include "rp_brandname.h"

/* What is known about the host being checked. */
typedef struct rp_cand {
    const rp_brands *brands;
    const rp_dname *dn;
    const char *reg;			/* registrable domain, inside dn->ascii */
    const char *suffix;			/* its public suffix */
    char    label[RP_LABEL_MAX + 1];	/* its first label */
    size_t  len;
    char    shown[1400];		/* the host as a reason shows it */
    char    fold[sizeof(((rp_dname *) 0)->uni)];	/* IDN: rp_host_fold() */
    int     folded;			/* some label of fold was folded */
    const char *how;			/* added to a reason, or NULL */
    int     brand_label;		/* the label is a brand's own, under a
					 * private suffix (gitlab.freedesktop.org) */
    rp_domain_match *m;
} rp_cand;

/* rp_domain_say - format into a fixed buffer; long names are cut, not an error */
static void rp_domain_say(char *buf, size_t size, const char *fmt,...)
    __attribute__((format(printf, 3, 4)));

static void rp_domain_say(char *buf, size_t size, const char *fmt,...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(buf, size, fmt, ap);
    va_end(ap);
}

/* rp_domain_found - record a finding: brand, technique and reason */
static int rp_domain_found(rp_cand *c, const rp_brand *brand, const char *domain,
			   rp_symbol technique, const char *fmt,...)
{
    va_list ap;
    int     n;

    c->m->brand = brand;
    c->m->domain = domain;
    c->m->technique = technique;
    n = snprintf(c->m->reason, sizeof(c->m->reason), "%s looks like %s: ",
		 c->shown, domain);
    if (n < 0 || (size_t) n >= sizeof(c->m->reason))
	return 1;
    va_start(ap, fmt);
    vsnprintf(c->m->reason + n, sizeof(c->m->reason) - (size_t) n, fmt, ap);
    va_end(ap);
    if (c->how && (n = (int) strlen(c->m->reason)) + 1 < (int) sizeof(c->m->reason))
	snprintf(c->m->reason + n, sizeof(c->m->reason) - (size_t) n, "%s", c->how);
    return 1;
}

/* rp_domain_tail - where the last labels labels of host begin (0: it has no more) */
static size_t rp_domain_tail(const char *host, size_t labels)
{
    const char *p = host + strlen(host);

    for (; p > host && labels; p--)
	if (p[-1] == '.' && --labels == 0)
	    break;
    return (size_t) (p - host);
}

/* rp_domain_labels - the number of labels of a name */
static size_t rp_domain_labels(const char *name)
{
    size_t  n = 1;

    for (; (name = strchr(name, '.')) != NULL; name++)
	n++;
    return n;
}

/*
 * rp_domain_letters - describe for a reason the first non-ASCII letters
 * of text: their script and code point (Cyrillic 'і' (U+0456)), a Latin
 * letter with a diacritic as such, and whether letters of other scripts
 * mix with Latin or spell a whole-script look-alike
 */
static void rp_domain_letters(const char *text, char *out, size_t size)
{
    int32_t i = 0, start, len = (int32_t) strlen(text);
    UChar32 cp;
    UChar   dec[8];
    UErrorCode uerr = U_ZERO_ERROR;
    const UNormalizer2 *nfd = unorm2_getNFDInstance(&uerr);
    UScriptCode script;
    size_t  sl = 0, shown = 0;
    int     latin = 0, foreign = 0;

    out[0] = 0;
    if (U_FAILURE(uerr))
	nfd = NULL;
    while (i < len) {
	start = i;
	U8_NEXT(text, i, len, cp);
	if (cp >= 0 && cp < 0x80) {
	    latin |= (cp >= 'a' && cp <= 'z');
	    continue;
	}
	uerr = U_ZERO_ERROR;
	script = cp < 0 ? USCRIPT_UNKNOWN : uscript_getScript(cp, &uerr);
	foreign |= script != USCRIPT_LATIN;
	if (shown++ >= 3 || sl >= size)
	    continue;
	uerr = U_ZERO_ERROR;
	if (script == USCRIPT_LATIN && nfd
	    && unorm2_getDecomposition(nfd, cp, dec, 8, &uerr) > 0)
	    sl += (size_t) snprintf(out + sl, size - sl, "%s'%.*s' (U+%04X), a letter with"
				    " a diacritic", sl ? ", " : "", (int) (i - start),
				    text + start, (unsigned) cp);
	else
	    sl += (size_t) snprintf(out + sl, size - sl, "%s%s '%.*s' (U+%04X)",
				    sl ? ", " : "", uscript_getName(script),
				    (int) (i - start), text + start, (unsigned) cp);
    }
    if (foreign && sl < size)
	snprintf(out + sl, size - sl, "%s",
		 latin ? " mixed with Latin" : " (whole-script look-alike of Latin)");
}

/*
 * rp_domain_product - the brand's label as the host in front of an
 * unrelated domain (site): how organisations name a self-hosted
 * instance of the brand's software or a registry mirror
 * (gitlab.gnome.org, pypi.example.edu).  No imitation by itself: the
 * match names no brand, only the product; whether a claim of the brand
 * beside it makes it a hint is the message's to say.  Returns 0.
 */
static int rp_domain_product(rp_cand *c, const rp_target *t, const char *site)
{
    c->m->product = t->brand;
    rp_domain_say(c->m->reason, sizeof(c->m->reason), "%s is a self-hosted %s or a"
		  " mirror (the product name as a subdomain of %s), not %s",
		  c->shown, t->brand->name, site, t->domain);
    return 0;
}

/*
 * rp_domain_in_host - a brand's own domain written inside the host:
 * as leading labels (pypi.org.verify-login.com, github-com.evil.net),
 * running into another name with a hyphen (npmjs.com-secure.net), or
 * the brand's label as the one label in front of another domain
 * (gitlab.gnome.org: rp_domain_product(), no imitation by itself;
 * written in look-alike letters it is a homoglyph, since no
 * organisation names its instance so).  Deeper names
 * (pypi.mirror.corp.example.com) are how companies name internal
 * mirrors and are left alone.  host is the host in one of its forms,
 * reg_at where its registrable domain begins.  The brand's whole
 * domain as a prefix (pypi.org.secure-login.com) stays an imitation.
 */
static int rp_domain_in_host(rp_cand *c, const char *host, size_t reg_at)
{
    const char *hit, *sub;
    size_t  i, n;
    const rp_dom *dom;
    const rp_target *t;

    for (i = 0; i < c->brands->nowns; i++) {
	dom = c->brands->owns[i];
	n = strlen(dom->name);
	for (hit = host; (hit = strstr(hit, dom->name)) != NULL; hit++) {
	    if (hit > host && hit[-1] != '.' && hit[-1] != '-')
		continue;
	    if (hit[n] == '.' && (size_t) (hit - host) + n < reg_at)
		return rp_domain_found(c, dom->owner, dom->name, RP_SYM_LOOKALIKE_SUBDOMAIN,
				  "the brand domain placed in front of %s", c->reg);
	    if (hit[n] == '-')
		return rp_domain_found(c, dom->owner, dom->name, RP_SYM_LOOKALIKE_DOT_HYPHEN,
				       "the brand domain run into other words with a hyphen");
	}
    }
    for (i = 0; i < c->brands->ntargets; i++) {
	t = &c->brands->targets[i];
	n = strlen(t->dashed);
	if (t->label_len < 4)
	    continue;
	for (hit = host; (hit = strstr(hit, t->dashed)) != NULL; hit++)
	    if ((hit == host || hit[-1] == '.' || hit[-1] == '-')
		&& (hit[n] == '.' || hit[n] == '-')
		&& (size_t) (hit - host) + n < reg_at)
		return rp_domain_found(c, t->brand, t->domain, RP_SYM_LOOKALIKE_SUBDOMAIN,
				       "the brand domain, dot turned into a hyphen,"
				       " placed in front of %s", c->reg);
    }
    sub = host;
    if (strncmp(sub, "www.", 4) == 0)
	sub += 4;
    n = reg_at > (size_t) (sub - host) ? reg_at - (size_t) (sub - host) - 1 : 0;
    if (n == 0 || memchr(sub, '.', n))
	return 0;
    for (i = 0; i < c->brands->ntargets; i++) {
	t = &c->brands->targets[i];
	if (t->label_len < 4 || (t->flags & RP_TARGET_NOTOKEN)
	    || t->label_len != n || memcmp(sub, t->label, n) != 0)
	    continue;
	if (c->how && strncmp(c->dn->ascii + (sub - host), "xn--", 4) == 0)
	    return rp_domain_found(c, t->brand, t->domain, RP_SYM_LOOKALIKE_HOMOGLYPH,
				   "the brand's name '%s' written in look-alike letters"
				   " as the host in front of %s", t->label, c->reg);
	return rp_domain_product(c, t, c->reg);
    }
    return 0;
}

/* rp_domain_how - ", written with" the host's look-alike letters, for a reason */
static void rp_domain_how(const rp_cand *c, char *buf, size_t size)
{
    char    letters[256];

    rp_domain_letters(c->dn->uni, letters, sizeof(letters));
    snprintf(buf, size, ", written with %s", letters);
}

/*
 * rp_domain_page - a page on free hosting named after a brand: the
 * labels in front of the hosting entry dom (the first sub bytes of the
 * host, its dot included), as written or, for an IDN, read in ASCII
 */
static int rp_domain_page(rp_cand *c, const rp_dom *dom, size_t sub)
{
    const rp_brand *brand;
    const char *what;
    char    how[300];
    size_t  front;

    how[0] = 0;
    brand = rp_brandname_page(c->brands, dom, c->dn->ascii, sub - 1, &what);
    if (brand == NULL && c->folded
	&& (front = rp_domain_tail(c->fold, rp_domain_labels(dom->name))) > 1
	&& (brand = rp_brandname_page(c->brands, dom, c->fold, front - 1, &what)) != NULL)
	rp_domain_how(c, how, sizeof(how));
    if (brand == NULL)
	return 0;
    c->m->brand = brand;
    c->m->technique = RP_SYM_HOSTED_BRAND_PAGE;
    c->m->domain = brand->domain;
    rp_domain_say(c->m->reason, sizeof(c->m->reason), "%s is a page on free hosting %s"
		  " named after %s (%s): '%s'%s", c->shown, dom->name, brand->name,
		  brand->domain, what, how);
    return 1;
}

/*
 * rp_domain_in_folded - rp_domain_in_host() on the host with every
 * label written in look-alikes of ASCII read in ASCII: a brand domain
 * in front of another, written with letters of another script or with
 * diacritics (www.npmjs.com.session-review.com with a Cyrillic er)
 */
static int rp_domain_in_folded(rp_cand *c)
{
    char    how[300];
    int     found;

    if (!c->folded)
	return 0;
    rp_domain_how(c, how, sizeof(how));
    c->how = how;
    found = rp_domain_in_host(c, c->fold, rp_domain_tail(c->fold, rp_domain_labels(c->reg)));
    c->how = NULL;
    return found;
}

/*
 * rp_domain_combo_in - a brand token or hyphenated brand domain among
 * other words of the len bytes of name
 */
static int rp_domain_combo_in(rp_cand *c, const char *name, size_t len)
{
    const rp_brand *brand;
    const char *what;
    int     dashed;

    if ((brand = rp_brandname_find(c->brands, name, len, 0, 1, &what, &dashed)) == NULL)
	return 0;
    if (dashed)
	return rp_domain_found(c, brand, brand->domain, RP_SYM_LOOKALIKE_DOT_HYPHEN,
			       "the brand domain '%s', dot turned into a hyphen,"
			       " among other words", what);
    return rp_domain_found(c, brand, brand->domain, RP_SYM_LOOKALIKE_COMBOSQUAT,
			   "the brand name '%s' combined with other words", what);
}

/*
 * rp_domain_spelled - the registrable label, read in ASCII, spells a
 * brand among other words.  When the brand's word is written in plain
 * ASCII (github-café: every other letter masked), that is
 * combosquatting; when look-alikes spell it, a homoglyph.
 */
static int rp_domain_spelled(rp_cand *c, const char *label_uni, const char *scripts)
{
    const char *fold = c->fold + rp_domain_tail(c->fold, rp_domain_labels(c->reg)), *what;
    char    masked[RP_LABEL_MAX + 1];
    size_t  n = strcspn(fold, "."), i, k = 0;
    int32_t at = 0, len = (int32_t) strlen(label_uni);
    const rp_brand *brand;
    UChar32 cp;
    int     dashed;

    for (i = 0; i < n; i++)
	if ((unsigned char) fold[i] >= 0x80)
	    return 0;
    if ((brand = rp_brandname_find(c->brands, fold, n, 0, 1, &what, &dashed)) == NULL)
	return 0;
    while (at < len && k < RP_LABEL_MAX) {
	U8_NEXT(label_uni, at, len, cp);
	masked[k++] = cp >= 0 && cp < 0x80 ? (char) cp : 'X';
    }
    if (rp_domain_combo_in(c, masked, k))
	return 1;
    return rp_domain_found(c, brand, brand->domain, RP_SYM_LOOKALIKE_HOMOGLYPH,
			   "%s, spelling the brand name '%s' among other words",
			   scripts, what);
}

/*
 * rp_domain_homoglyph - an IDN whose skeleton (rp_text_skeleton(): TR39,
 * diacritics folded) is a brand's, or whose label read in ASCII spells
 * a brand among other words
 */
static int rp_domain_homoglyph(rp_cand *c)
{
    const char *reg_uni = c->dn->uni + rp_domain_tail(c->dn->uni, rp_domain_labels(c->reg));
    size_t  label_len = strcspn(reg_uni, "."), i;
    char    label_uni[512], scripts[256], *skel, *skel_label;
    const rp_target *t, *hit = NULL;
    int     other_tld = 0;

    if (strncmp(c->label, "xn--", 4) != 0)
	return 0;
    snprintf(label_uni, sizeof(label_uni), "%.*s", (int) label_len, reg_uni);
    rp_domain_letters(label_uni, scripts, sizeof(scripts));
    skel = rp_text_skeleton(c->brands->confusables, reg_uni, strlen(reg_uni), NULL);
    skel_label = rp_text_skeleton(c->brands->confusables, label_uni, label_len, NULL);
    for (i = 0; i < c->brands->ntargets && hit == NULL; i++)
	if (strcmp(skel, c->brands->targets[i].skel) == 0)
	    hit = &c->brands->targets[i];
    for (i = 0; i < c->brands->ntargets && hit == NULL; i++) {
	t = &c->brands->targets[i];
	if (strcmp(skel_label, t->skel_label) == 0 && !(t->flags & RP_TARGET_NOTLD)) {
	    hit = t;
	    other_tld = 1;
	}
    }
    free(skel);
    free(skel_label);
    if (hit)
	return rp_domain_found(c, hit->brand, hit->domain, RP_SYM_LOOKALIKE_HOMOGLYPH,
			       "%s%s", scripts, other_tld ? ", under another TLD" : "");
    return rp_domain_spelled(c, label_uni, scripts);
}

/*
 * rp_domain_tld_dot - the brand's label under another suffix, or its
 * dot undone.  A TLD swap is the registrable label under another
 * ICANN suffix; under a suffix of the list's private section (an
 * organisation's domain that hands out subdomains, freedesktop.org)
 * the label is a subdomain of that organisation: rp_domain_product().
 */
static int rp_domain_tld_dot(rp_cand *c)
{
    const rp_target *t;
    size_t  i;

    for (i = 0; i < c->brands->ntargets; i++) {
	t = &c->brands->targets[i];
	if (strcmp(c->label, t->label) == 0 && t->label_len >= 4
	    && !(t->flags & RP_TARGET_NOTLD) && strcmp(c->suffix, t->suffix) != 0) {
	    if (psl_is_public_suffix2(c->brands->psl, c->suffix,
				      PSL_TYPE_ICANN | PSL_TYPE_NO_STAR_RULE))
		return rp_domain_found(c, t->brand, t->domain, RP_SYM_LOOKALIKE_TLD_SWAP,
				       "same label, other TLD");
	    c->brand_label = 1;
	    return rp_domain_product(c, t, c->suffix);
	}
	if (strcmp(c->label, t->dashed) == 0)
	    return rp_domain_found(c, t->brand, t->domain, RP_SYM_LOOKALIKE_DOT_HYPHEN,
				   "the dot turned into a hyphen");
	if (strcmp(c->label, t->glued) == 0 && strlen(t->glued) >= 5)
	    return rp_domain_found(c, t->brand, t->domain, RP_SYM_LOOKALIKE_DOT_HYPHEN,
				   "the dot left out");
    }
    return 0;
}

/*
 * rp_domain_substitution - classify one replaced letter.  A changed
 * first letter of a short label is far more often another word
 * (locker, rocker for docker) than a typo a reader misses, so only a
 * look-alike counts there.
 */
static int rp_domain_substitution(rp_cand *c, const rp_target *t, size_t at,
				  int a, int b)
{
    if (rp_letters_visual(a, b))
	return rp_domain_found(c, t->brand, t->domain, RP_SYM_LOOKALIKE_VISUAL,
			       "'%c' replaced by the look-alike '%c'", a, b);
    if (at == 0 && t->label_len < 7)
	return 0;
    if (rp_letters_keyboard(a, b))
	return rp_domain_found(c, t->brand, t->domain, RP_SYM_LOOKALIKE_KEYBOARD,
			       "'%c' replaced by its keyboard neighbour '%c'", a, b);
    if (rp_letters_vowel(a) && rp_letters_vowel(b))
	return rp_domain_found(c, t->brand, t->domain, RP_SYM_LOOKALIKE_VOWEL_SWAP,
			       "vowel '%c' replaced by '%c'", a, b);
    if (rp_letters_bit(a, b))
	return rp_domain_found(c, t->brand, t->domain, RP_SYM_LOOKALIKE_BITSQUAT,
			       "'%c' replaced by '%c', one bit apart", a, b);
    return 0;
}

/* rp_domain_multi_visual - a letter group swapped for its look-alike (rn/m, vv/w) */
static int rp_domain_multi_visual(rp_cand *c, const rp_target *t)
{
    const char *from, *to;

    if (rp_letters_regroup(c->label, t->label, &from, &to))
	return rp_domain_found(c, t->brand, t->domain, RP_SYM_LOOKALIKE_VISUAL,
			       "'%s' replaced by the look-alike '%s'", to, from);
    return 0;
}

/* rp_domain_one_edit - the label is one classified edit away from the target's */
static int rp_domain_one_edit(rp_cand *c, const rp_target *t)
{
    const char *l = c->label, *tl = t->label;
    size_t  n = c->len, tn = t->label_len, i, diff = 0, first = 0;
    size_t  ins = SIZE_MAX;
    char    stripped[RP_LABEL_MAX + 1];
    const char *p;

    if (rp_domain_multi_visual(c, t))
	return 1;
    if (n == tn) {
	for (i = 0; i < n; i++)
	    if (l[i] != tl[i] && diff++ == 0)
		first = i;
	if (diff == 1)
	    return rp_domain_substitution(c, t, first, tl[first], l[first]);
	if (diff == 2 && first + 1 < n && l[first] == tl[first + 1]
	    && l[first + 1] == tl[first] && strcmp(l + first + 2, tl + first + 2) == 0)
	    return rp_domain_found(c, t->brand, t->domain, RP_SYM_LOOKALIKE_TRANSPOSITION,
				   "'%c' and '%c' swapped", tl[first], tl[first + 1]);
	return 0;
    }
    if (n == tn + 1) {
	for (i = 0; i < n; i++) {
	    if (strncmp(l, tl, i) != 0 || strcmp(l + i + 1, tl + i) != 0)
		continue;
	    if (l[i] == '-')
		return rp_domain_found(c, t->brand, t->domain, RP_SYM_LOOKALIKE_HYPHENATION,
				       "a hyphen inserted");
	    if ((i > 0 && l[i - 1] == l[i]) || l[i + 1] == l[i])
		return rp_domain_found(c, t->brand, t->domain, RP_SYM_LOOKALIKE_REPETITION,
				       "'%c' doubled", l[i]);
	    if (ins == SIZE_MAX)
		ins = i;
	}
	if (ins != SIZE_MAX)
	    return rp_domain_found(c, t->brand, t->domain, RP_SYM_LOOKALIKE_INSERTION,
				   "'%c' added", l[ins]);
	return 0;
    }
    if (n + 1 == tn) {
	for (i = 0; i < tn; i++)
	    if (strncmp(l, tl, i) == 0 && strcmp(l + i, tl + i + 1) == 0)
		return rp_domain_found(c, t->brand, t->domain, RP_SYM_LOOKALIKE_OMISSION,
				       "'%c' left out", tl[i]);
	return 0;
    }
    if (strchr(l, '-') && !strchr(tl, '-')) {
	for (i = 0, p = l; *p; p++)
	    if (*p != '-')
		stripped[i++] = *p;
	stripped[i] = 0;
	if (strcmp(stripped, tl) == 0)
	    return rp_domain_found(c, t->brand, t->domain, RP_SYM_LOOKALIKE_HYPHENATION,
				   "hyphens inserted");
    }
    return 0;
}

/* rp_domain_typo_ok - may typo techniques compare this label with target t? */
static int rp_domain_typo_ok(const rp_cand *c, const rp_target *t)
{
    size_t  diff = c->len > t->label_len ? c->len - t->label_len : t->label_len - c->len;

    return !(t->flags & RP_TARGET_NOTYPO) && t->label_len >= 4 && c->len >= 4
	&& diff <= 2 && strcmp(c->label, t->label) != 0
	&& (!(t->flags & RP_TARGET_SAMETLD) || strcmp(c->suffix, t->suffix) == 0);
}

/* rp_domain_typo - one classified edit of a brand label */
static int rp_domain_typo(rp_cand *c)
{
    size_t  i;

    for (i = 0; i < c->brands->ntargets; i++)
	if (rp_domain_typo_ok(c, &c->brands->targets[i])
	    && rp_domain_one_edit(c, &c->brands->targets[i]))
	    return 1;
    return 0;
}

/*
 * rp_domain_edit - a small weighted distance.  Allowed cost grows with
 * the brand label: two edits on long labels, one on medium ones, and
 * on short ones only two look-alike letters (a plain one-letter change
 * of a short word is too often another word).
 */
static int rp_domain_edit(rp_cand *c)
{
    const rp_target *t, *best_t = NULL;
    int     dist, edits, best = 1 << 20, best_edits = 0, limit;
    size_t  i;

    for (i = 0; i < c->brands->ntargets; i++) {
	t = &c->brands->targets[i];
	if (!rp_domain_typo_ok(c, t) || t->label_len < 5)
	    continue;
	limit = t->label_len >= 9 ? 8 : t->label_len >= 7 ? 6 : 4;
	dist = rp_letters_distance((const unsigned char (*)[256]) c->brands->sub_cost,
				  t->label, t->label_len, c->label, c->len, &edits);
	if (dist <= limit && (t->label_len >= 7 || edits >= 2) && dist < best) {
	    best = dist;
	    best_edits = edits;
	    best_t = t;
	}
    }
    if (best_t == NULL)
	return 0;
    return rp_domain_found(c, best_t->brand, best_t->domain, RP_SYM_LOOKALIKE_EDIT,
			   "%d small edits (weighted distance %.2f)", best_edits, best / 4.0);
}

/* rp_domain_combo - a brand token or hyphenated brand domain among other words */
static int rp_domain_combo(rp_cand *c)
{
    return rp_domain_combo_in(c, c->label, c->len);
}

/*
 * rp_domain_ordinary - a lookalike found in the registrable label
 * (TLD swap, a typo, an edit, combosquatting): when that label is an
 * ordinary word (nugget.com, dockers.com) it is as likely a business
 * of that name, so the match says so (word) and the message is to
 * weigh it by whether it claims the brand.  Returns 1.
 */
static int rp_domain_ordinary(rp_cand *c)
{
    size_t  n;

    if (c->m->technique == RP_SYM_LOOKALIKE_DOT_HYPHEN
	|| !rp_brands_word(c->brands, c->label, c->len))
	return 1;
    c->m->word = 1;
    n = strlen(c->m->reason);
    snprintf(c->m->reason + n, sizeof(c->m->reason) - n, "; '%s' is an ordinary word:"
	     " a weak hint unless the message claims %s", c->label, c->m->brand->name);
    return 1;
}

/* rp_domain_examine - rp_domain_check, also returning the forms it used */
static int rp_domain_examine(const rp_brands *brands, const char *host,
			     rp_domain_match *m, rp_dname *dn, const char **reg)
{
    rp_cand c;
    const rp_dom *dom;
    size_t  sub;

    memset(m, 0, sizeof(*m));
    m->technique = RP_SYM_NONE;
    *reg = NULL;
    dn->ascii[0] = dn->uni[0] = 0;
    if (brands == NULL || !brands->finished) {
	rp_domain_say(m->reason, sizeof(m->reason), "the brand table is not loaded");
	return -1;
    }
    if (rp_host_normalize(host, dn, m->reason, sizeof(m->reason)) < 0)
	return -1;
    m->idn = dn->idn;
    memset(&c, 0, sizeof(c));
    *reg = psl_registrable_domain(brands->psl, dn->ascii);
    c.brands = brands;
    c.dn = dn;
    c.m = m;
    if (dn->idn) {
	snprintf(c.shown, sizeof(c.shown), "%s (%s)", dn->ascii, dn->uni);
	c.folded = rp_host_fold(brands->confusables, dn, c.fold, sizeof(c.fold));
    } else
	snprintf(c.shown, sizeof(c.shown), "%s", dn->ascii);

    /* Owned, known-good, mirror and free-hosting names: the longest match decides. */
    dom = rp_brands_walk(brands, dn->ascii,
			 RP_DOM_OWN | RP_DOM_GOOD | RP_DOM_HOSTING | RP_DOM_MIRROR);
    if (dom && (dom->kinds & RP_DOM_MIRROR)) {
	m->product = dom->mirror_of;
	m->mirror = 1;
	rp_domain_say(m->reason, sizeof(m->reason), "%s is a public mirror of %s (%s),"
		      " run by others: neither %s's own nor an imitation", c.shown,
		      dom->mirror_of->name, dom->name, dom->mirror_of->name);
	return 0;
    }
    if (dom) {
	sub = strlen(dn->ascii) - strlen(dom->name);
	if (sub > 1 && ((dom->kinds & RP_DOM_HOSTING) || psl_is_public_suffix(brands->psl, dom->name))) {
	    if (rp_domain_page(&c, dom, sub))
		return 1;
	    if (!(dom->kinds & (RP_DOM_OWN | RP_DOM_GOOD))) {
		rp_domain_say(m->reason, sizeof(m->reason), "%s is a page on free hosting %s",
			 c.shown, dom->name);
		return 0;
	    }
	}
	if (dom->kinds & (RP_DOM_OWN | RP_DOM_GOOD)) {
	    m->own = 1;
	    m->brand = dom->owner;
	    m->domain = dom->name;
	    if (dom->owner)
		rp_domain_say(m->reason, sizeof(m->reason), "%s belongs to %s (%s)",
			 c.shown, dom->owner->name, dom->name);
	    else
		rp_domain_say(m->reason, sizeof(m->reason), "%s is a known-good domain (%s)",
			 c.shown, dom->name);
	    return 0;
	}
    }
    if ((c.reg = *reg) == NULL) {
	rp_domain_say(m->reason, sizeof(m->reason), "%s is a public suffix", c.shown);
	return 0;
    }
    c.suffix = strchr(c.reg, '.') + 1;
    if (!rp_brands_listed_suffix(brands, c.suffix)) {
	rp_domain_say(m->reason, sizeof(m->reason),
		 "%s is not under a known public suffix (an internal name)", c.shown);
	return 0;
    }
    c.len = (size_t) (c.suffix - 1 - c.reg);
    memcpy(c.label, c.reg, c.len);
    c.label[c.len] = 0;
    if (rp_domain_in_host(&c, dn->ascii, (size_t) (c.reg - dn->ascii))
	|| (dn->idn && (rp_domain_in_folded(&c) || rp_domain_homoglyph(&c))))
	return 1;
    if (rp_domain_tld_dot(&c))
	return rp_domain_ordinary(&c);
    /* A brand's own label is no typo of another brand's. */
    if (!c.brand_label && (rp_domain_typo(&c) || rp_domain_combo(&c) || rp_domain_edit(&c)))
	return rp_domain_ordinary(&c);
    if (m->product == NULL)
	m->reason[0] = 0;
    return 0;
}

/* rp_domain_check - does host imitate a brand? */
int     rp_domain_check(const rp_brands *brands, const char *host,
			rp_domain_match *match)
{
    rp_dname dn;
    const char *reg;

    return rp_domain_examine(brands, host, match, &dn, &reg);
}

/* rp_domain_describe - fill the public report for `regphish domain` */
void    rp_domain_describe(const rp_brands *brands, const char *name,
			   rp_domain_report *report)
{
    rp_domain_match m;
    rp_dname dn;
    const char *reg;
    int     rc;

    memset(report, 0, sizeof(*report));
    rp_domain_say(report->input, sizeof(report->input), "%s", name ? name : "");
    rc = rp_domain_examine(brands, name, &m, &dn, &reg);
    rp_domain_say(report->ascii, sizeof(report->ascii), "%s", dn.ascii);
    rp_domain_say(report->unicode, sizeof(report->unicode), "%s", rc < 0 ? "" : dn.uni);
    rp_domain_say(report->registrable, sizeof(report->registrable), "%s", reg ? reg : "");
    if (rc == 1) {
	report->brand = rp_brand_name(m.brand);
	report->brand_domain = m.domain;
	report->technique = rp_symbol_name(m.technique);
    }
    report->own = m.own;
    rp_domain_say(report->reason, sizeof(report->reason), "%s", m.reason);
}
