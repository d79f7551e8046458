/*
 * NAME
 *	rp_brands 3
 * SUMMARY
 *	brand table: the domain hash, its entries, ownership queries
 * SYNOPSIS
 *	#include "rp_brands.h"
 *
 *	rp_brands *rp_brands_new(void)
 *	void	rp_brands_free(rp_brands *brands)
 *	const char *rp_brand_name(const rp_brand *brand)
 *	const char *rp_brand_domain(const rp_brand *brand)
 *	int	rp_brand_sends_from(const rp_brand *brand, const char *domain)
 *	const rp_brand *rp_brands_owner(const rp_brands *brands, const char *domain)
 *	const char *rp_brands_registrable(const rp_brands *brands, const char *host)
 *	int	rp_brands_listed_suffix(const rp_brands *brands, const char *suffix)
 *
 *	#include "rp_brands_impl.h"
 *
 *	rp_dom	*rp_brands_entry(rp_brands *brands, const char *name)
 *	const rp_dom *rp_brands_walk(const rp_brands *brands, const char *name,
 *				unsigned kinds)
 *	const rp_dom *rp_brands_lookup(const rp_brands *brands, const char *host,
 *				unsigned kinds, rp_dname *dn)
 *	int	rp_brands_word(const rp_brands *brands, const char *word, size_t len)
 * DESCRIPTION
 *	rp_brands_new() returns an empty table, which rp_brands_load_dir()
 *	and rp_brands_finish() (rp_brands_load.c) fill; rp_brands_free()
 *	releases everything (NULL is fine).
 *
 *	Domains are kept in A-label form in one open-addressing hash
 *	(FNV-1a, linear probing, at most half full) whose entries say what
 *	the domain is (owned, sending, known-good, hosting, shortener,
 *	redirector).  rp_brands_entry() finds or adds the entry of one
 *	name, for the loader; rp_brands_walk() tries the suffixes of a
 *	host from the longest, so a subdomain inherits what its parent
 *	is; rp_brands_lookup() does the same for a host in any form
 *	(rp_host_normalize()), leaving its forms in dn.
 *
 *	rp_brands_owner() is the brand owning a domain (or sending mail
 *	from it); rp_brand_sends_from() whether a brand sends from a
 *	domain or a parent of it.  Both take a host in any form (Unicode,
 *	A-labels, any case, final dot) and answer "no" for NULL or
 *	invalid input.  rp_brand_name() and rp_brand_domain() are NULL
 *	for a NULL brand.
 *
 *	rp_brands_word() says whether a label is an ordinary word of
 *	words.conf, as written or with a plural or common ending (-s,
 *	-es, -er, -ers, -ing, -ed) taken off: "dockers" is "dock".
 *
 *	rp_brands_registrable() and rp_brands_listed_suffix() ask the
 *	public suffix list the table opened, so that every check uses the
 *	same list; the first returns host itself when it has no
 *	registrable domain, or a pointer into host.
 *
 *	After rp_brands_finish() the table is immutable and every
 *	function is safe from any thread.
 * DIAGNOSTICS
 *	None: queries answer "no" (0 or NULL) for what they cannot read.
 * SEE ALSO
 *	rp_brands_load.c, rp_host.c
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libpsl.h>

#include "rp_util.h"
#include "rp_host.h"
#include "rp_brands.h"
#include "rp_brands_impl.h"

/* rp_strv_free - release the strings and the vector */
static void rp_strv_free(rp_strv *sv)
{
    size_t  i;

    for (i = 0; i < sv->n; i++)
	free(sv->v[i]);
    free(sv->v);
    sv->v = NULL;
    sv->n = sv->cap = 0;
}

/* rp_hash - FNV-1a of a NUL-terminated string */
static size_t rp_hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;

    for (; *s; s++)
	h = (h ^ (unsigned char) *s) * 1099511628211ULL;
    return (size_t) h;
}

/* rp_brands_find - the table entry for exactly this A-label name, or NULL */
static const rp_dom *rp_brands_find(const rp_brands *brands, const char *name)
{
    size_t  i;

    if (brands->nslots == 0)
	return NULL;
    for (i = rp_hash(name) & (brands->nslots - 1); brands->slots[i];
	 i = (i + 1) & (brands->nslots - 1))
	if (strcmp(brands->slots[i]->name, name) == 0)
	    return brands->slots[i];
    return NULL;
}

/* rp_brands_place - put dom in the first free slot of its probe sequence */
static void rp_brands_place(rp_dom **slots, size_t nslots, rp_dom *dom)
{
    size_t  i;

    for (i = rp_hash(dom->name) & (nslots - 1); slots[i]; i = (i + 1) & (nslots - 1))
	 /* void */ ;
    slots[i] = dom;
}

/* rp_brands_rehash - double the hash table */
static void rp_brands_rehash(rp_brands *brands)
{
    rp_dom **old = brands->slots;
    size_t  oldn = brands->nslots, i;

    brands->nslots = oldn ? oldn * 2 : 64;
    brands->slots = rp_calloc(brands->nslots, sizeof(*brands->slots));
    for (i = 0; i < oldn; i++)
	if (old[i] != NULL)
	    rp_brands_place(brands->slots, brands->nslots, old[i]);
    free(old);
}

/* rp_brands_entry - the entry for name, created when missing */
rp_dom *rp_brands_entry(rp_brands *brands, const char *name)
{
    rp_dom *dom = (rp_dom *) rp_brands_find(brands, name);

    if (dom)
	return dom;
    if (2 * (brands->nused + 1) > brands->nslots)
	rp_brands_rehash(brands);
    dom = rp_calloc(1, sizeof(*dom));
    dom->name = rp_strdup(name);
    rp_brands_place(brands->slots, brands->nslots, dom);
    brands->nused++;
    return dom;
}

/* rp_brands_walk - the entry for the longest suffix of name having any of kinds */
const rp_dom *rp_brands_walk(const rp_brands *brands, const char *name,
			     unsigned kinds)
{
    const rp_dom *dom;
    const char *p;

    for (p = name; p && *p; p = strchr(p, '.'), p = p ? p + 1 : NULL)
	if ((dom = rp_brands_find(brands, p)) != NULL && (dom->kinds & kinds))
	    return dom;
    return NULL;
}

/* rp_brands_new - an empty table */
rp_brands *rp_brands_new(void)
{
    return rp_calloc(1, sizeof(rp_brands));
}

/* rp_brands_free - release everything */
void    rp_brands_free(rp_brands *brands)
{
    size_t  i, j;

    if (brands == NULL)
	return;
    for (i = 0; i < brands->nbrands; i++) {
	free(brands->brands[i]->name);
	free(brands->brands[i]->domain);
	rp_strv_free(&brands->brands[i]->sends);
	rp_strv_free(&brands->brands[i]->names);
	rp_strv_free(&brands->brands[i]->name_skels);
	rp_strv_free(&brands->brands[i]->subjects);
	rp_strv_free(&brands->brands[i]->subject_skels);
	rp_strv_free(&brands->brands[i]->oauth);
	rp_strv_free(&brands->brands[i]->scopes);
	free(brands->brands[i]);
    }
    free(brands->brands);
    for (i = 0; i < brands->ntargets; i++) {
	free(brands->targets[i].domain);
	free(brands->targets[i].label);
	free(brands->targets[i].suffix);
	free(brands->targets[i].dashed);
	free(brands->targets[i].glued);
	free(brands->targets[i].skel);
	free(brands->targets[i].skel_label);
    }
    free(brands->targets);
    for (i = 0; i < brands->ntokens; i++)
	free(brands->tokens[i].word);
    free(brands->tokens);
    free(brands->owns);
    for (i = 0; i < brands->nslots; i++) {
	if (brands->slots[i] == NULL)
	    continue;
	free(brands->slots[i]->name);
	rp_strv_free(&brands->slots[i]->prefixes);
	for (j = 0; j < brands->slots[i]->nredirs; j++) {
	    free(brands->slots[i]->redirs[j].name);
	    free(brands->slots[i]->redirs[j].path);
	    rp_strv_free(&brands->slots[i]->redirs[j].params);
	    rp_strv_free(&brands->slots[i]->redirs[j].tails);
	}
	free(brands->slots[i]->redirs);
	free(brands->slots[i]);
    }
    free(brands->slots);
    if (brands->psl)
	psl_free(brands->psl);
    rp_text_confusables_free(brands->confusables);
    free(brands);
}


/* rp_brand_name - "PyPI" */
const char *rp_brand_name(const rp_brand *brand)
{
    return brand ? brand->name : NULL;
}

/* rp_brand_domain - the brand's primary domain */
const char *rp_brand_domain(const rp_brand *brand)
{
    return brand ? brand->domain : NULL;
}

/* rp_brands_lookup - rp_brands_walk() for a host in any form; dn gets its forms */
const rp_dom *rp_brands_lookup(const rp_brands *brands, const char *host,
			       unsigned kinds, rp_dname *dn)
{
    char    why[128];

    if (brands == NULL || host == NULL
	|| rp_host_normalize(host, dn, why, sizeof(why)) < 0)
	return NULL;
    return rp_brands_walk(brands, dn->ascii, kinds);
}

/* rp_brands_owner - the brand owning domain (its own or sending domain), or NULL */
const rp_brand *rp_brands_owner(const rp_brands *brands, const char *domain)
{
    rp_dname dn;
    const rp_dom *dom = rp_brands_lookup(brands, domain, RP_DOM_OWN | RP_DOM_SENDS, &dn);

    return dom ? dom->owner : NULL;
}

/* rp_brand_sends_from - domain (any form) is one the brand sends mail from */
int     rp_brand_sends_from(const rp_brand *brand, const char *domain)
{
    size_t  i;
    rp_dname dn;
    char    why[128];
    const char *p;

    if (brand == NULL || domain == NULL
	|| rp_host_normalize(domain, &dn, why, sizeof(why)) < 0)
	return 0;
    for (p = dn.ascii; p; p = strchr(p, '.'), p = p ? p + 1 : NULL)
	for (i = 0; i < brand->sends.n; i++)
	    if (strcmp(brand->sends.v[i], p) == 0)
		return 1;
    return 0;
}


/* rp_brands_word - word (len bytes) is an ordinary word, also with a common ending */
int     rp_brands_word(const rp_brands *brands, const char *word, size_t len)
{
    static const char *const endings[] = {"s", "es", "er", "ers", "ing", "ed"};
    char    stem[RP_LABEL_MAX + 1];
    const rp_dom *dom;
    size_t  i, n;

    if (len > RP_LABEL_MAX)
	return 0;
    memcpy(stem, word, len);
    stem[len] = 0;
    if ((dom = rp_brands_find(brands, stem)) && (dom->kinds & RP_DOM_WORD))
	return 1;
    for (i = 0; i < sizeof(endings) / sizeof(endings[0]); i++) {
	n = strlen(endings[i]);
	if (len <= n + 2 || strcmp(word + len - n, endings[i]) != 0)
	    continue;
	stem[len - n] = 0;
	if ((dom = rp_brands_find(brands, stem)) && (dom->kinds & RP_DOM_WORD))
	    return 1;
	stem[len - n] = endings[i][0];
    }
    return 0;
}

/* rp_brands_registrable - registrable domain of host, or host */
const char *rp_brands_registrable(const rp_brands *brands, const char *host)
{
    const char *reg = psl_registrable_domain(brands->psl, host);

    return reg ? reg : host;
}

/* rp_brands_listed_suffix - the list names suffix itself (no "*" default) */
int     rp_brands_listed_suffix(const rp_brands *brands, const char *suffix)
{
    return psl_is_public_suffix2(brands->psl, suffix, PSL_TYPE_ANY | PSL_TYPE_NO_STAR_RULE);
}
