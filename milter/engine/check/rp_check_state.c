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
 *				    const rp_dkim_report *dkim)
 *	void	rp_check_state_free(check_state *st)
 *	check_finding *rp_check_add(check_state *st, rp_symbol symbol,
 *				    unsigned facts, const char *url,
 *				    const char *fmt, ...)
 *	int	rp_check_domain(check_state *st, const char *host,
 *				rp_domain_match *m)
 *	const char *rp_check_site(const check_state *st, const char *host)
 *	int	rp_check_self_hosted(const check_state *st,
 *				     const rp_domain_match *m, const char *host)
 * DESCRIPTION
 *	rp_check_state_init() prepares the state of one message: the
 *	normalised subject and text the lure rules and brand claims read,
 *	no findings, an empty host cache.  rp_check_state_free() releases
 *	what the state owns (the findings, their reasons, the cache).
 *
 *	rp_check_add() records a finding: symbol, with the weight
 *	rules/symbols.conf gives it (0 for a lure symbol, whose rule
 *	weighs it: the caller sets the weight of the finding returned),
 *	the facts (CHECK_*), the deceptive URL or NULL (not copied: the
 *	features' link outlives the state), and the reason from fmt.
 *
 *	rp_check_domain() is rp_domain_check() asked once per host and
 *	message: a newsletter sends hundreds of links to a handful of
 *	hosts.  rp_check_site() is the registrable domain of host, by the
 *	brand table's suffix list (it points into host).
 *	rp_check_self_hosted() says that an imitation m of host is the
 *	brand's name as the host in front of the sender's own domain
 *	(gitlab.gnome.org in mail from gnome.org): an organisation's own
 *	instance of the brand's software, not an imitation.
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
			            const rp_features *f, const rp_dkim_report *dkim)
{
    memset(st, 0, sizeof(*st));
    st->engine = engine;
    st->f = f;
    st->dkim = dkim;
    st->subject = rp_text_normalize(f->subject ? f->subject : "",
				    f->subject ? strlen(f->subject) : 0, NULL);
    st->body = rp_text_normalize(f->text.data, f->text.len, &st->body_len);
    /* "vеrify" with a Cyrillic е reads as "verify": the rules see it so. */
    (void) rp_brands_unmix(engine->brands, st->subject, strlen(st->subject));
    st->body_len = rp_brands_unmix(engine->brands, st->body, st->body_len);
    st->domains = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
}

/* rp_check_state_free - release the findings, the texts and the cache */
void    rp_check_state_free(check_state *st)
{
    size_t  i;

    for (i = 0; i < st->nfindings; i++)
	free(st->findings[i].reason);
    free(st->findings);
    free(st->subject);
    free(st->body);
    g_hash_table_destroy(st->domains);
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
    return fd;
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

/* rp_check_self_hosted - the brand's name in front of the sender's own domain */
int     rp_check_self_hosted(const check_state *st, const rp_domain_match *m,
			             const char *host)
{
    return m->technique == RP_SYM_LOOKALIKE_BRAND_HOST && st->from_domain != NULL
	&& strcmp(rp_check_site(st, host), rp_check_site(st, st->from_domain)) == 0;
}
