/*
 * NAME
 *	rp_brands_impl 3h
 * SUMMARY
 *	brand table internals, for the files that build and read it
 * SYNOPSIS
 *	#include "rp_brands_impl.h"
 * DESCRIPTION
 *	Not a public interface.  rp_brands.c owns the table (the domain
 *	hash and the vectors below) and declares here the entry points
 *	into the hash that the other files need; rp_brands_load.c fills
 *	the table; rp_claims.c, rp_urlpolicy.c, rp_brandname.c and
 *	rp_domain.c read it.  This header declares only functions of
 *	rp_brands.c, which calls none of those files, so including it
 *	never makes a call circle.  Everything here is immutable once
 *	rp_brands_finish() has returned.
 */
#ifndef RP_BRANDS_IMPL_H
#define RP_BRANDS_IMPL_H

#include <stddef.h>
#include <libpsl.h>
#include "rp_text.h"
#include "rp_host.h"
#include "rp_brands.h"

/* A growable vector of owned strings. */
typedef struct rp_strv {
    char  **v;
    size_t  n, cap;
} rp_strv;

struct rp_brand {
    char   *name;			/* display name, "PyPI" */
    char   *domain;			/* primary domain, first one named */
    rp_strv sends;			/* domains it sends mail from */
    rp_strv names;			/* names for claims, NFKC-casefolded */
    rp_strv name_skels;			/* their confusable skeletons */
    rp_strv subjects;			/* subject glob patterns */
    rp_strv subject_skels;		/* their confusable skeletons */
    rp_strv oauth;			/* consent endpoints, "host/path" */
    rp_strv scopes;			/* dangerous OAuth scopes */
};

/* Target options (brands.conf "target DOMAIN option..."). */
#define RP_TARGET_NOTYPO	(1u << 0)	/* no single-edit techniques */
#define RP_TARGET_SAMETLD	(1u << 1)	/* typos only under the brand's suffix */
#define RP_TARGET_NOTLD		(1u << 2)	/* no TLD swap */
#define RP_TARGET_NOTOKEN	(1u << 3)	/* label is no combosquat token */

/* A domain attackers imitate, with its forms precomputed. */
typedef struct rp_target {
    const rp_brand *brand;
    char   *domain;			/* "pypi.org" (A-label form) */
    char   *label;			/* "pypi" */
    char   *suffix;			/* "org" */
    char   *dashed;			/* "pypi-org" */
    char   *glued;			/* "pypiorg" */
    char   *skel;			/* skeleton of the domain (U-labels) */
    char   *skel_label;		/* skeleton of its first label */
    size_t  label_len;
    unsigned flags;			/* RP_TARGET_* */
} rp_target;

/* A word that names a brand inside other words (combosquatting). */
typedef struct rp_token {
    const rp_brand *brand;
    char   *word;			/* lowercase, may hold hyphens */
    size_t  len;
    int     glue;			/* may sit glued to other letters */
} rp_token;

/* What a domain in the lookup table is. */
#define RP_DOM_OWN		(1u << 0)	/* a brand owns it */
#define RP_DOM_SENDS		(1u << 1)	/* a brand sends mail from it */
#define RP_DOM_GOOD		(1u << 2)	/* known-good lookalike */
#define RP_DOM_HOSTING		(1u << 3)	/* free hosting or site builder */
#define RP_DOM_SHORTENER	(1u << 4)	/* URL shortener */
#define RP_DOM_REDIRECTOR	(1u << 5)	/* click tracker or link protection */
#define RP_DOM_MIRROR		(1u << 6)	/* a public mirror of a brand, run by others */
#define RP_DOM_WORD		(1u << 7)	/* not a domain: an ordinary word (words.conf) */

/* How a redirector carries its target (redirectors.conf "decode="). */
#define RP_REDIR_PERCENT	0	/* percent-encoded once (most) */
#define RP_REDIR_PROOFPOINT2	1	/* Proofpoint v2: "-" for "%", "_" for "/" */
#define RP_REDIR_PROOFPOINT3	2	/* Proofpoint v3: /v3/__URL__;BYTES!... */
#define RP_REDIR_PATH		3	/* /TOKEN/URL, the URL percent-encoded (Cisco) */

/* One redirector of a domain: where its path is, where the target sits. */
typedef struct rp_redir {
    char   *name;			/* for reasons: "Google redirect" */
    char   *path;			/* the path it serves ("/url"), NULL: any */
    rp_strv params;			/* query parameters holding the target */
    rp_strv tails;			/* "https:/amp/s/": target follows the prefix */
    int     decode;			/* RP_REDIR_* */
    int     hidden;			/* link protection that hides the target */
} rp_redir;

typedef struct rp_dom {
    char   *name;			/* A-label form */
    const rp_brand *owner;		/* OWN/SENDS: the brand */
    const rp_brand *mirror_of;		/* MIRROR: the brand mirrored */
    unsigned kinds;			/* RP_DOM_* */
    rp_strv prefixes;			/* HOSTING: path prefixes ("/view/") */
    rp_redir *redirs;			/* REDIRECTOR: its redirectors, in load order */
    size_t  nredirs, redirs_cap;
} rp_dom;

struct rp_brands {
    rp_brand **brands;
    size_t  nbrands, brands_cap;
    rp_target *targets;
    size_t  ntargets, targets_cap;
    rp_token *tokens;
    size_t  ntokens, tokens_cap;
    rp_dom **owns;			/* every OWN entry, in load order */
    size_t  nowns, owns_cap;
    rp_dom **slots;			/* open-addressing hash of all entries */
    size_t  nslots, nused;
    psl_ctx_t *psl;
    rp_confusables *confusables;		/* for skeletons (rp_text.c) */
    unsigned char sub_cost[256][256];	/* rp_letters_costs(): replacing a by b */
    int     finished;
};

/*
 * rp_brands_entry - the entry for this A-label name, created when missing
 * (loading only)
 */
rp_dom *rp_brands_entry(rp_brands *brands, const char *name);

/* rp_brands_walk - the entry for the longest suffix of name having any of kinds */
const rp_dom *rp_brands_walk(const rp_brands *brands, const char *name,
			     unsigned kinds);

/*
 * rp_brands_lookup - rp_brands_walk() for a host in any form (NULL when
 * it is not a valid host name); dn receives the host's forms
 */
const rp_dom *rp_brands_lookup(const rp_brands *brands, const char *host,
			       unsigned kinds, rp_dname *dn);

/* rp_brands_word - the len bytes of word are an ordinary word (words.conf), maybe with an ending */
int     rp_brands_word(const rp_brands *brands, const char *word, size_t len);

#endif
