/*
 * NAME
 *	rp_check_state 3
 * SUMMARY
 *	one message's check state: findings and the host cache
 * SYNOPSIS
 *	#include "rp_check_state.h"
 *
 *	void	rp_check_state_init(check_state *st, const rp_engine *engine,
 *				    const rp_features *f,
 *				    const rp_dkim_report *dkim,
 *				    const rp_history_reader *history)
 *	void	rp_check_state_free(check_state *st)
 *	char	*rp_check_reading(const check_state *st, const char *text,
 *				  size_t len, size_t *out_len)
 *	check_finding *rp_check_add(check_state *st, rp_symbol symbol,
 *				    unsigned facts, const char *url,
 *				    const char *fmt, ...)
 *	int	rp_check_domain(check_state *st, const char *host,
 *				rp_domain_match *m)
 *	const char *rp_check_site(const check_state *st, const char *host)
 *	int	rp_check_self_hosted(const check_state *st,
 *				     const rp_domain_match *m, const char *host)
 *	void	rp_check_hints(check_state *st, size_t from,
 *			       const rp_brand *brand, double unclaimed)
 * DESCRIPTION
 *	rp_check_state_init() prepares the state of one message: the
 *	normalised subject and text the lure rules and brand claims read,
 *	no findings, an empty host cache; history (may be NULL) is the
 *	site's history.  rp_check_state_free() releases what the state
 *	owns (the findings, their reasons, the cache, the domains the
 *	history pass gathered).
 *
 *	rp_check_add() records a finding: symbol, with the weight
 *	rules/symbols.conf gives it (0 for a lure symbol, whose rule
 *	weighs it: the caller sets the weight of the finding returned),
 *	the facts (CHECK_*), no needs, the deceptive URL or NULL (not copied: the
 *	features' link outlives the state), and the reason from fmt.
 *
 *	rp_check_domain() is rp_domain_check() asked once per host and
 *	message: a newsletter sends hundreds of links to a handful of
 *	hosts.  rp_check_site() is the registrable domain of host, by the
 *	brand table's suffix list (it points into host).
 *	rp_check_self_hosted() says that host, named after a brand's
 *	product (m->product: the brand's name as the host in front of
 *	another domain), is of the sender's own site (gitlab.gnome.org in
 *	mail from gnome.org): an organisation's own instance of the
 *	brand's software.  rp_check_hints() makes the last findings weak
 *	hints (CHECK_HINT) about a brand.
 *
 *	None of these calls another check file: every check may use them.
 */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "rp_check_state.h"
#include "rp_text.h"
#include "rp_util.h"

/* What rp_domain_check said about one host. */
typedef struct domain_answer {
    int     imitates;			/* rp_domain_check() returned 1 */
    rp_domain_match match;
} domain_answer;

/* rp_check_state_init - the state of one message, no findings yet */
void    rp_check_state_init(check_state *st, const rp_engine *engine,
			            const rp_features *f, const rp_dkim_report *dkim,
			            const rp_history_reader *history)
{
    memset(st, 0, sizeof(*st));
    st->engine = engine;
    st->f = f;
    st->dkim = dkim;
    st->history = history;
    st->subject = rp_check_reading(st, f->subject ? f->subject : "",
				   f->subject ? strlen(f->subject) : 0, NULL);
    st->body = rp_check_reading(st, f->text.data, f->text.len, &st->body_len);
    st->domains = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
}

/* rp_check_reading - text as the reader sees it (caller frees) */
char   *rp_check_reading(const check_state *st, const char *text, size_t len,
			         size_t *out_len)
{
    char   *norm;
    size_t  n;

    norm = rp_text_normalize(text, len, &n);
    /* "vеrify" with a Cyrillic е reads as "verify": the rules see it so. */
    n = rp_brands_unmix(st->engine->brands, norm, n);
    if (out_len != NULL)
	*out_len = n;
    return norm;
}

/* rp_check_state_free - release the findings, the texts and the cache */
void    rp_check_state_free(check_state *st)
{
    size_t  i;

    for (i = 0; i < st->nfindings; i++)
	free(st->findings[i].reason);
    free(st->findings);
    for (i = 0; i < st->nsites; i++) {
	free(st->sites[i].domain);
	free(st->sites[i].host);
    }
    free(st->sites);
    free(st->sender_site);
    free(st->subject);
    free(st->body);
    g_hash_table_destroy(st->domains);
    if (st->text_hosts != NULL)
	g_hash_table_destroy(st->text_hosts);
}

/* rp_check_add - record a finding, weighed by symbols.conf */
check_finding *rp_check_add(check_state *st, rp_symbol symbol, unsigned facts,
			            const char *url, const char *fmt,...)
{
    check_finding *fd;
    rp_buf  reason;
    va_list ap;

    rp_buf_init(&reason);
    va_start(ap, fmt);
    rp_buf_vprintf(&reason, fmt, ap);
    va_end(ap);
    st->findings = rp_array_grow(st->findings, &st->findings_cap, st->nfindings,
				 sizeof(*fd));
    fd = st->findings + st->nfindings++;
    fd->symbol = symbol;
    fd->weight = rp_weights_get(st->engine->weights, symbol);
    fd->reason = rp_buf_steal(&reason);
    rp_buf_free(&reason);
    fd->url = url;
    fd->facts = facts;
    fd->needs = 0;
    fd->hint = NULL;
    fd->unclaimed = 0;
    return fd;
}

/*
 * rp_check_hints - the findings from index from on are weak hints about
 * brand: without a claim the first (the technique) scores unclaimed,
 * the others (where it appears) nothing
 */
void    rp_check_hints(check_state *st, size_t from, const rp_brand *brand,
		               double unclaimed)
{
    size_t  i;

    for (i = from; i < st->nfindings; i++) {
	st->findings[i].facts |= CHECK_HINT;
	st->findings[i].hint = brand;
	st->findings[i].unclaimed = i == from ? unclaimed : 0;
    }
}

/* rp_check_domain - rp_domain_check(), asked once per host and message */
int     rp_check_domain(check_state *st, const char *host, rp_domain_match *m)
{
    domain_answer *a = g_hash_table_lookup(st->domains, host);

    if (a == NULL) {
	a = g_new0(domain_answer, 1);
	a->imitates = rp_domain_check(st->engine->brands, host, &a->match) == 1;
	g_hash_table_insert(st->domains, g_strdup(host), a);
    }
    *m = a->match;
    return a->imitates;
}

/* rp_check_site - the registrable domain of host (points into host) */
const char *rp_check_site(const check_state *st, const char *host)
{
    return rp_brands_registrable(st->engine->brands, host);
}

/* rp_check_self_hosted - a host named after a product, of the sender's own site */
int     rp_check_self_hosted(const check_state *st, const rp_domain_match *m,
			             const char *host)
{
    return m->product != NULL && !m->mirror && st->from_domain != NULL
	&& strcmp(rp_check_site(st, host), rp_check_site(st, st->from_domain)) == 0;
}
