/*
 * NAME
 *	rp_brands 3h
 * SUMMARY
 *	brand table and domain-imitation checks
 * SYNOPSIS
 *	#include "rp_brands.h"
 * DESCRIPTION
 *	The brand table is data: rules/brands.conf (brands, the domains
 *	each owns and sends from, the names it goes by, its subject
 *	templates, OAuth endpoints; known-good lookalikes such as
 *	pypy.org), rules/hosting.conf (free hosting and site builders),
 *	rules/shorteners.conf, rules/redirectors.conf and rules/words.conf
 *	(ordinary words near brand labels).  It is loaded
 *	once at start and is immutable afterwards; every check below is
 *	thread-safe.
 *
 *	Hosts may be given in ASCII (A-labels, any case) or Unicode; the
 *	checks work on the registrable domain (libpsl) and on both the
 *	A-label and U-label form (libidn2, UTS #46).
 *
 *	This header is the whole interface; the work is split by concern:
 *	rp_brands.c (the table, its entries, ownership), rp_brands_load.c
 *	(loading and finishing), rp_claims.c (names and subjects that
 *	claim a brand), rp_urlpolicy.c (shorteners, redirectors, hosted
 *	pages, OAuth links) and rp_domain.c (lookalike domains).
 */
#ifndef RP_BRANDS_H
#define RP_BRANDS_H

#include <stddef.h>
#include "regphish.h"
#include "rp_symbols.h"
#include "rp_url.h"

typedef struct rp_brands rp_brands;
typedef struct rp_brand rp_brand;

rp_brands *rp_brands_new(void);
void    rp_brands_free(rp_brands *brands);

/*
 * rp_brands_load_dir - read brands.conf, hosting.conf, shorteners.conf,
 * redirectors.conf and words.conf from dir.  When required is 0, missing
 * files are not an error (the local rules directory; words.conf never is).  Errors name file and line in *err.
 */
rp_status rp_brands_load_dir(rp_brands *brands, const char *dir, int required,
			     rp_error *err);

/* rp_brands_finish - precompute skeletons etc. after the last load */
rp_status rp_brands_finish(rp_brands *brands, rp_error *err);

const char *rp_brand_name(const rp_brand *brand);	/* "PyPI" */
const char *rp_brand_domain(const rp_brand *brand);	/* "pypi.org" */

/* rp_brand_sends_from - domain (any form) is one the brand sends mail from */
int     rp_brand_sends_from(const rp_brand *brand, const char *domain);

/* rp_brands_owner - the brand owning domain (its own or sending domain), or NULL */
const rp_brand *rp_brands_owner(const rp_brands *brands, const char *domain);

/* What a domain imitates. */
typedef struct rp_domain_match {
    const rp_brand *brand;	/* imitated brand; when own is set, the owner
				 * (NULL for a known-good lookalike) */
    rp_symbol technique;		/* the technique found, RP_SYM_NONE if none */
    int     own;		/* brand's own domain, or a known-good lookalike */
    int     idn;		/* the host is internationalised */
    char    reason[512];	/* "npmjs.help looks like npmjs.com: same label, other TLD" */
    const char *domain;		/* the genuine domain imitated (or owning), or NULL */
    const rp_brand *product;	/* not an imitation by itself: the brand's label as
				 * the host in front of an unrelated domain (a
				 * self-hosted GitLab, gitlab.gnome.org) or a public
				 * mirror (mirror set); a claim of it beside makes
				 * it a hint */
    int     mirror;		/* the host is a public mirror of product */
    int     word;		/* the lookalike label is an ordinary word
				 * (words.conf): a weak hint unless the message
				 * claims the brand */
} rp_domain_match;

/*
 * rp_domain_check - does host imitate a brand?  Returns 1 when it
 * does (brand and technique set; word when its label is an ordinary
 * word), 0 when not (own may be set, or product for a host named after
 * a brand: self-hosted, a mirror), -1 when host is not a valid domain
 * name (reason says why).
 */
int     rp_domain_check(const rp_brands *brands, const char *host,
			rp_domain_match *match);

/* rp_domain_describe - fill the public report for `regphish domain` */
void    rp_domain_describe(const rp_brands *brands, const char *name,
			   rp_domain_report *report);

/* What a display name, a subject or a text claims. */
typedef struct rp_claim {
    const rp_brand *brand;	/* the brand claimed, or NULL */
    int     confusable;		/* its name is there only in look-alike letters
				 * (another script's, diacritics): GitHub with a
				 * Cyrillic i, "PyPÍ" */
} rp_claim;

/*
 * rp_brands_skeleton - the confusable skeleton of the part of text the
 * claims read (rp_text_skeleton()), for a caller that asks of one text
 * more than once; caller frees.  NULL for a NULL table or text.
 */
char   *rp_brands_skeleton(const rp_brands *brands, const char *text);

/* rp_brands_unmix - rp_text_unmix() of normalised text, in place; the new length */
size_t  rp_brands_unmix(const rp_brands *brands, char *text, size_t len);

/*
 * rp_brands_claim - the brand a piece of normalised text (a display
 * name, a subject, visible text) names as a whole word, also in
 * look-alike letters (claim->confusable); text is already
 * NFKC-casefolded, skel is rp_brands_skeleton(text) or NULL to make it
 * here.  Returns claim->brand.
 */
const rp_brand *rp_brands_claim(const rp_brands *brands, const char *text,
				const char *skel, rp_claim *claim);

/*
 * rp_brands_subject_claim - the brand whose own subject template the
 * subject copies, also in look-alike letters (claim->confusable); skel
 * as for rp_brands_claim().  Returns claim->brand.
 */
const rp_brand *rp_brands_subject_claim(const rp_brands *brands, const char *subject,
					const char *skel, rp_claim *claim);

/*
 * rp_brands_mentions - text (normalised, as for rp_brands_claim()) names
 * brand as a whole word, also in look-alike letters; skel as there
 */
int     rp_brands_mentions(const rp_brands *brands, const char *text, const char *skel,
			const rp_brand *brand);

/* rp_brands_claimed - rp_brands_claim(), the brand alone */
const rp_brand *rp_brands_claimed(const rp_brands *brands, const char *text);

/* rp_brands_subject_template - rp_brands_subject_claim(), the brand alone */
const rp_brand *rp_brands_subject_template(const rp_brands *brands,
					   const char *subject);

/*
 * rp_brands_registrable - the registrable domain of host by the same public
 * suffix list the lookalike checks use, or host itself when it has none.
 * The result points into host.
 */
const char *rp_brands_registrable(const rp_brands *brands, const char *host);

/* rp_brands_listed_suffix - suffix ("com", "co.uk") is in the public suffix list */
int     rp_brands_listed_suffix(const rp_brands *brands, const char *suffix);

/* rp_brands_shortener - host is a URL shortener */
int     rp_brands_shortener(const rp_brands *brands, const char *host);

/*
 * rp_brands_redirector - the URL goes through a click tracker, a
 * redirector or a link wrapper (rules/redirectors.conf).  Returns 1 when
 * it does; *target is then its first destination (caller frees), or NULL
 * when the service hides it.  Returns 0 otherwise.
 */
int     rp_brands_redirector(const rp_brands *brands, const rp_url *url, char **target);

#define RP_UNWRAP_MAX	8		/* targets read from one redirector */

/* What a redirector carries (rp_brands_unwrap(), rp_redirect.c). */
typedef struct rp_unwrap {
    const char *name;			/* its name in redirectors.conf, or NULL */
    int     tracker;			/* a click tracker: target hidden, the sender's service */
    int     hidden;			/* link protection that hides the target: unknown */
    int     capped;			/* more than RP_UNWRAP_MAX targets: the rest unread */
    int     by_label;			/* matched as "LABEL.*", not as a listed domain */
    char   *targets[RP_UNWRAP_MAX];	/* its destinations, decoded as it decodes them */
    size_t  ntargets;
} rp_unwrap;

/*
 * rp_brands_unwrap - the URL goes through a redirector: 1, with uw filled
 * (release with rp_unwrap_free() in any case); 0 otherwise
 */
int     rp_brands_unwrap(const rp_brands *brands, const rp_url *url, rp_unwrap *uw);
void    rp_unwrap_free(rp_unwrap *uw);

/*
 * rp_brands_imitated_redirector - the URL has a redirector's shape on a
 * host one edit from (or of the label of) that redirector's: its name,
 * genuine its domain, uw what it would carry; NULL otherwise
 */
const char *rp_brands_imitated_redirector(const rp_brands *brands, const rp_url *url,
					  rp_unwrap *uw, char *genuine, size_t size);

/*
 * rp_brands_hosted_page - the URL is a brand-named page on free hosting
 * or a site builder (github-com-login.onrender.com,
 * sites.google.com/view/pypivalidate).  Returns the brand or NULL;
 * reason is filled when a brand is returned.
 */
const rp_brand *rp_brands_hosted_page(const rp_brands *brands, const rp_url *url,
				      char *reason, size_t reason_size);

/*
 * rp_brands_oauth - the URL is a brand's OAuth consent link whose
 * redirect_uri points to a foreign host (technique
 * OAUTH_FOREIGN_REDIRECT) or that asks for dangerous scopes
 * (OAUTH_DANGEROUS_SCOPE).  Calls found() once per finding.
 */
typedef void (*rp_oauth_found)(void *ctx, rp_symbol technique, const char *reason);
void    rp_brands_oauth(const rp_brands *brands, const rp_url *url,
			rp_oauth_found found, void *ctx);

#endif
