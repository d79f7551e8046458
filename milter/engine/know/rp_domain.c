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
 *	LOOKALIKE_BRAND_HOST	the brand's name as the one label in front of
 *				another domain: weaker, since organisations
 *				name self-hosted instances so (gitlab.gnome.org)
 *	LOOKALIKE_HOMOGLYPH	TR39 skeleton equal to a brand's (ICU uspoof)
 *	LOOKALIKE_TLD_SWAP	the brand's label under another suffix
 *	LOOKALIKE_DOT_HYPHEN	the brand domain with its dot as a hyphen
 *	LOOKALIKE_{VISUAL,KEYBOARD,VOWEL_SWAP,BITSQUAT,OMISSION,
 *	INSERTION,REPETITION,TRANSPOSITION,HYPHENATION}
 *				one classified edit of the brand's label
 *	LOOKALIKE_COMBOSQUAT	a brand token joined with other words
 *	LOOKALIKE_EDIT		a small weighted edit distance
 *
 *	Short labels are protected by data: typo techniques need a brand
 *	label and a candidate label of at least 4 letters, and targets may
 *	opt out (notypo, notld, typo-same-tld).  Names under a suffix that
 *	is not in the public suffix list (.internal, .corp, .lan) are
 *	internal and never lookalikes.  Work per host: one hash walk, one
 *	PSL lookup, and bounded string work per target (lengths at most
 *	63); the ICU skeleton is computed only for IDN hosts.
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
#include <unicode/uscript.h>
#include <unicode/uspoof.h>
#include <unicode/utf8.h>

#include "regphish.h"
#include "rp_util.h"
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
    return 1;
}

/*
 * rp_domain_in_host - a brand's own domain written inside the host:
 * as leading labels (pypi.org.verify-login.com, github-com.evil.net),
 * running into another name with a hyphen (npmjs.com-secure.net), or
 * the brand's label as the one label in front of another domain
 * (github.lido-pools.com, LOOKALIKE_BRAND_HOST: organisations name
 * their self-hosted GitLab or registry mirror so, and the caller weighs
 * it against the sender).  Deeper names (pypi.mirror.corp.example.com)
 * are how companies name internal mirrors and are left alone.
 */
static int rp_domain_in_host(rp_cand *c)
{
    const char *host = c->dn->ascii, *hit, *sub;
    size_t  reg_at = (size_t) (c->reg - host), i, n;
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
	if (t->label_len >= 4 && !(t->flags & RP_TARGET_NOTOKEN)
	    && t->label_len == n && memcmp(sub, t->label, n) == 0)
	    return rp_domain_found(c, t->brand, t->domain, RP_SYM_LOOKALIKE_BRAND_HOST,
				   "the brand's name '%s' as the host in front of %s",
				   t->label, c->reg);
    }
    return 0;
}

/*
 * rp_domain_fold - map each non-ASCII letter of a label to the ASCII
 * its skeleton is, keeping ASCII as written ("npmjѕ-login" becomes
 * "npmjs-login"), so brand tokens can be found in a homoglyph label.
 * Also describe the foreign characters and their scripts.  Returns 0
 * when some letter has no ASCII look-alike.
 */
static int rp_domain_fold(const rp_brands *brands, const char *label, char *out,
			  size_t size, char *scripts, size_t scripts_size)
{
    int32_t i = 0, start, len = (int32_t) strlen(label);
    UChar32 cp;
    UErrorCode uerr;
    char    sk[32];
    size_t  n = 0, shown = 0, sl = 0;
    int     latin = 0, ok = 1;

    scripts[0] = 0;
    while (i < len && n + 1 < size) {
	start = i;
	U8_NEXT(label, i, len, cp);
	if (cp < 0x80) {
	    out[n++] = (char) cp;
	    latin |= (cp >= 'a' && cp <= 'z');
	    continue;
	}
	if (shown++ < 3 && sl < scripts_size) {
	    uerr = U_ZERO_ERROR;
	    sl += (size_t) snprintf(scripts + sl, scripts_size - sl, "%s%s '%.*s' (U+%04X)",
				    sl ? ", " : "",
				    uscript_getName(uscript_getScript(cp, &uerr)),
				    (int) (i - start), label + start, (unsigned) cp);
	}
	if (cp < 0
	    || !rp_host_skeleton(brands->spoof, label + start, i - start, sk, sizeof(sk))
	    || strlen(sk) != 1 || (unsigned char) sk[0] >= 0x80)
	    ok = 0;
	else
	    out[n++] = (char) rp_ascii_lower((unsigned char) sk[0]);
    }
    out[n] = 0;
    if (sl < scripts_size)
	snprintf(scripts + sl, scripts_size - sl, "%s",
		 latin ? " mixed with Latin" : " (whole-script look-alike of Latin)");
    return ok;
}

/* rp_domain_homoglyph - an IDN whose skeleton is a brand's (TR39) */
static int rp_domain_homoglyph(rp_cand *c)
{
    const char *reg_uni = c->dn->uni, *p;
    char    label_uni[512], skel[1024], skel_label[512], fold[RP_LABEL_MAX + 1];
    char    scripts[256];
    size_t  labels = 1, i;
    const rp_brand *brand;
    const char *what;
    int     dashed, folded;

    for (p = c->reg; (p = strchr(p, '.')) != NULL; p++)
	labels++;
    for (p = c->dn->uni + strlen(c->dn->uni); p > c->dn->uni && labels; p--)
	if (p[-1] == '.' && --labels == 0)
	    break;
    reg_uni = p;
    snprintf(label_uni, sizeof(label_uni), "%.*s", (int) strcspn(reg_uni, "."), reg_uni);
    if (strncmp(c->label, "xn--", 4) != 0)
	return 0;
    folded = rp_domain_fold(c->brands, label_uni, fold, sizeof(fold), scripts, sizeof(scripts));
    if (rp_host_skeleton(c->brands->spoof, reg_uni, -1, skel, sizeof(skel))
	&& rp_host_skeleton(c->brands->spoof, label_uni, -1, skel_label,
			    sizeof(skel_label))) {
	for (i = 0; i < c->brands->ntargets; i++)
	    if (strcmp(skel, c->brands->targets[i].skel) == 0)
		return rp_domain_found(c, c->brands->targets[i].brand,
				       c->brands->targets[i].domain,
				       RP_SYM_LOOKALIKE_HOMOGLYPH, "%s", scripts);
	for (i = 0; i < c->brands->ntargets; i++)
	    if (strcmp(skel_label, c->brands->targets[i].skel_label) == 0
		&& !(c->brands->targets[i].flags & RP_TARGET_NOTLD))
		return rp_domain_found(c, c->brands->targets[i].brand,
				       c->brands->targets[i].domain,
				       RP_SYM_LOOKALIKE_HOMOGLYPH, "%s, under another TLD", scripts);
    }
    if (folded && (brand = rp_brandname_find(c->brands, fold, strlen(fold), 0, 1,
						&what, &dashed)) != NULL)
	return rp_domain_found(c, brand, brand->domain, RP_SYM_LOOKALIKE_HOMOGLYPH,
			       "%s, spelling the brand name '%s' among other words",
			       scripts, what);
    return 0;
}

/* rp_domain_tld_dot - the brand's label under another suffix, or its dot undone */
static int rp_domain_tld_dot(rp_cand *c)
{
    const rp_target *t;
    size_t  i;

    for (i = 0; i < c->brands->ntargets; i++) {
	t = &c->brands->targets[i];
	if (strcmp(c->label, t->label) == 0 && t->label_len >= 4
	    && !(t->flags & RP_TARGET_NOTLD) && strcmp(c->suffix, t->suffix) != 0)
	    return rp_domain_found(c, t->brand, t->domain, RP_SYM_LOOKALIKE_TLD_SWAP,
				   "same label, other TLD");
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
    const rp_brand *brand;
    const char *what;
    int     dashed;

    if ((brand = rp_brandname_find(c->brands, c->label, c->len, 0, 1,
				      &what, &dashed)) == NULL)
	return 0;
    if (dashed)
	return rp_domain_found(c, brand, brand->domain, RP_SYM_LOOKALIKE_DOT_HYPHEN,
			       "the brand domain '%s', dot turned into a hyphen,"
			       " among other words", what);
    return rp_domain_found(c, brand, brand->domain, RP_SYM_LOOKALIKE_COMBOSQUAT,
			   "the brand name '%s' combined with other words", what);
}

/* rp_domain_examine - rp_domain_check, also returning the forms it used */
static int rp_domain_examine(const rp_brands *brands, const char *host,
			     rp_domain_match *m, rp_dname *dn, const char **reg)
{
    rp_cand c;
    const rp_dom *dom;
    const char *what;
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
    if (dn->idn)
	snprintf(c.shown, sizeof(c.shown), "%s (%s)", dn->ascii, dn->uni);
    else
	snprintf(c.shown, sizeof(c.shown), "%s", dn->ascii);

    /* Owned, known-good and free-hosting names: the longest match decides. */
    if ((dom = rp_brands_walk(brands, dn->ascii, RP_DOM_OWN | RP_DOM_GOOD | RP_DOM_HOSTING))) {
	sub = strlen(dn->ascii) - strlen(dom->name);
	if (sub > 1 && ((dom->kinds & RP_DOM_HOSTING) || psl_is_public_suffix(brands->psl, dom->name))) {
	    if ((m->brand = rp_brandname_page(brands, dom, dn->ascii, sub - 1, &what))) {
		m->technique = RP_SYM_HOSTED_BRAND_PAGE;
		m->domain = m->brand->domain;
		rp_domain_say(m->reason, sizeof(m->reason), "%s is a page on free hosting %s"
			      " named after %s (%s): '%s'", c.shown, dom->name,
			      m->brand->name, m->domain, what);
		return 1;
	    }
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
    if (rp_domain_in_host(&c) || (dn->idn && rp_domain_homoglyph(&c))
	|| rp_domain_tld_dot(&c) || rp_domain_typo(&c) || rp_domain_combo(&c)
	|| rp_domain_edit(&c))
	return 1;
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
