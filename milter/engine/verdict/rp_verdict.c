/*
 * NAME
 *	rp_verdict 3
 * SUMMARY
 *	symbols, score and action of one message
 * SYNOPSIS
 *	#include "rp_verdict.h"
 *
 *	rp_verdict *rp_verdict_new(void)
 *	void	rp_verdict_add(rp_verdict *verdict, rp_symbol symbol,
 *			       double score, const char *note,
 *			       const char *fmt, ...)
 *	void	rp_verdict_add_url(rp_verdict *verdict, const char *url)
 *	void	rp_verdict_finish(rp_verdict *verdict, const rp_settings *settings)
 *	double	rp_verdict_score(const rp_verdict *verdict)
 *	rp_action rp_verdict_action(const rp_verdict *verdict)
 *	size_t	rp_verdict_count(const rp_verdict *verdict)
 *	const char *rp_verdict_symbol(const rp_verdict *verdict, size_t i,
 *				      double *score, const char **reason)
 *	size_t	rp_verdict_url_count(const rp_verdict *verdict)
 *	const char *rp_verdict_url(const rp_verdict *verdict, size_t i)
 *	void	rp_verdict_add_domain(rp_verdict *verdict, rp_history_role role,
 *				      const char *domain, const char *brand)
 *	size_t	rp_verdict_domain_count(const rp_verdict *verdict)
 *	const char *rp_verdict_domain(const rp_verdict *verdict, size_t i,
 *				      rp_history_role *role, const char **brand)
 *	void	rp_verdict_free(rp_verdict *verdict)
 * DESCRIPTION
 *	A symbol name counts once per message: the first score, reason and
 *	note are kept and, at finish, " (and N more)" records further
 *	findings.  Reasons are capped at REASON_MAX bytes, on a UTF-8
 *	boundary; the note follows the capped reason, so that why a score
 *	is what it is always shows.  Every deceptive URL is kept, each
 *	once (a hash set: any number costs linear time), in the order
 *	added: the rewriter disables each, however many there are.
 *
 *	rp_verdict_finish() sums the scores, orders the symbols by falling
 *	score (then by name), so the strongest evidence is read first, and
 *	takes the action rp_policy_action() gives the score: what
 *	rp_verdict_action() returns is what the milter does.
 *
 *	The domains a message carried, for the site's history, are kept
 *	apart from the evidence: one sender domain (with the brand its
 *	display name claims), then each link domain once, at most
 *	RP_VERDICT_LINK_DOMAINS of them (rp_verdict.h); they never change
 *	the score.
 */
#include "config.h"

#include <glib.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rp_policy.h"
#include "rp_utf8.h"
#include "rp_util.h"
#include "rp_verdict.h"

#define REASON_MAX	400		/* bytes of a reason, before note and "and N more" */

typedef struct verdict_symbol {
    rp_symbol id;
    const char *name;			/* the registry's */
    double  score;
    char   *reason;
    unsigned extra;			/* further findings of the same symbol */
} verdict_symbol;

typedef struct verdict_domain {
    rp_history_role role;
    char   *domain;
    char   *brand;			/* the display name's claim, or NULL */
} verdict_domain;

struct rp_verdict {
    verdict_symbol *symbols;
    size_t  count, cap;
    char  **urls;
    size_t  nurls, urls_cap;
    GHashTable *url_set;		/* the same URLs (not owned), to keep each once */
    double  score;
    rp_action action;
    verdict_domain *domains;		/* the sender's first, if any, then links */
    size_t  ndomains, domains_cap;
    size_t  nlink_domains;
};

/* rp_verdict_new - an empty verdict */
rp_verdict *rp_verdict_new(void)
{
    return rp_calloc(1, sizeof(rp_verdict));
}

/* verdict_find - the entry of symbol, or NULL */
static verdict_symbol *verdict_find(const rp_verdict *verdict, rp_symbol symbol)
{
    size_t  i;

    for (i = 0; i < verdict->count; i++)
	if (verdict->symbols[i].id == symbol)
	    return verdict->symbols + i;
    return NULL;
}

/* rp_verdict_add - add a symbol, or count another finding of it */
void    rp_verdict_add(rp_verdict *verdict, rp_symbol symbol, double score,
		               const char *note, const char *fmt,...)
{
    verdict_symbol *sym;
    rp_buf  buf;
    va_list ap;
    size_t  cut;

    if ((sym = verdict_find(verdict, symbol)) != NULL) {
	sym->extra++;
	return;
    }
    verdict->symbols = rp_array_grow(verdict->symbols, &verdict->cap,
				     verdict->count, sizeof(*sym));
    sym = verdict->symbols + verdict->count++;
    sym->id = symbol;
    sym->name = rp_symbol_name(symbol);
    sym->score = score;
    sym->extra = 0;
    rp_buf_init(&buf);
    va_start(ap, fmt);
    rp_buf_vprintf(&buf, fmt, ap);
    va_end(ap);
    cut = rp_utf8_cut(buf.data, buf.len, REASON_MAX);
    buf.data[cut] = 0;
    buf.len = cut;
    if (note != NULL)
	rp_buf_puts(&buf, note);
    sym->reason = rp_buf_steal(&buf);
    rp_buf_free(&buf);
}

/* rp_verdict_add_url - remember one deceptive URL */
void    rp_verdict_add_url(rp_verdict *verdict, const char *url)
{
    if (verdict->url_set == NULL)
	verdict->url_set = g_hash_table_new(g_str_hash, g_str_equal);
    if (g_hash_table_contains(verdict->url_set, url))
	return;
    verdict->urls = rp_array_grow(verdict->urls, &verdict->urls_cap,
				  verdict->nurls, sizeof(char *));
    verdict->urls[verdict->nurls] = rp_strdup(url);
    g_hash_table_add(verdict->url_set, verdict->urls[verdict->nurls++]);
}

/* symbol_order - by falling score, then by name */
static int symbol_order(const void *a, const void *b)
{
    const verdict_symbol *x = a, *y = b;

    if (x->score != y->score)
	return x->score < y->score ? 1 : -1;
    return strcmp(x->name, y->name);
}

/* rp_verdict_finish - total the score, order the symbols, take the policy's action */
void    rp_verdict_finish(rp_verdict *verdict, const rp_settings *settings)
{
    size_t  i;
    double  sum = 0;
    char    more[48];
    char   *r;

    for (i = 0; i < verdict->count; i++) {
	verdict_symbol *sym = verdict->symbols + i;

	sum += sym->score;
	if (sym->extra) {
	    snprintf(more, sizeof(more), " (and %u more)", sym->extra);
	    r = rp_malloc(strlen(sym->reason) + strlen(more) + 1);
	    strcpy(r, sym->reason);
	    strcat(r, more);
	    free(sym->reason);
	    sym->reason = r;
	    sym->extra = 0;
	}
    }
    if (verdict->count > 1)
	qsort(verdict->symbols, verdict->count, sizeof(verdict_symbol), symbol_order);
    verdict->score = sum;
    verdict->action = rp_policy_action(settings, sum);
}

double  rp_verdict_score(const rp_verdict *verdict)
{
    return verdict->score;
}

rp_action rp_verdict_action(const rp_verdict *verdict)
{
    return verdict->action;
}

size_t  rp_verdict_count(const rp_verdict *verdict)
{
    return verdict->count;
}

/* rp_verdict_symbol - the i-th symbol, NULL past the end */
const char *rp_verdict_symbol(const rp_verdict *verdict, size_t i,
			              double *score, const char **reason)
{
    if (i >= verdict->count)
	return NULL;
    if (score)
	*score = verdict->symbols[i].score;
    if (reason)
	*reason = verdict->symbols[i].reason;
    return verdict->symbols[i].name;
}

size_t  rp_verdict_url_count(const rp_verdict *verdict)
{
    return verdict->nurls;
}

/* rp_verdict_url - the i-th deceptive URL, NULL past the end */
const char *rp_verdict_url(const rp_verdict *verdict, size_t i)
{
    return i < verdict->nurls ? verdict->urls[i] : NULL;
}

/* rp_verdict_add_domain - a domain for the history, once per role, capped */
void    rp_verdict_add_domain(rp_verdict *verdict, rp_history_role role,
			              const char *domain, const char *brand)
{
    verdict_domain *d;
    size_t  i;

    if (role == RP_HISTORY_LINK && verdict->nlink_domains >= RP_VERDICT_LINK_DOMAINS)
	return;
    for (i = 0; i < verdict->ndomains; i++)
	if (verdict->domains[i].role == role
	    && (role == RP_HISTORY_SENDER || strcmp(verdict->domains[i].domain, domain) == 0))
	    return;
    verdict->domains = rp_array_grow(verdict->domains, &verdict->domains_cap,
				     verdict->ndomains, sizeof(*d));
    d = verdict->domains + verdict->ndomains++;
    d->role = role;
    d->domain = rp_strdup(domain);
    d->brand = role == RP_HISTORY_SENDER && brand != NULL ? rp_strdup(brand) : NULL;
    if (role == RP_HISTORY_LINK)
	verdict->nlink_domains++;
}

size_t  rp_verdict_domain_count(const rp_verdict *verdict)
{
    return verdict->ndomains;
}

/* rp_verdict_domain - the i-th domain with its role and brand, NULL past the end */
const char *rp_verdict_domain(const rp_verdict *verdict, size_t i,
			              rp_history_role *role, const char **brand)
{
    if (i >= verdict->ndomains)
	return NULL;
    if (role)
	*role = verdict->domains[i].role;
    if (brand)
	*brand = verdict->domains[i].brand;
    return verdict->domains[i].domain;
}

/* rp_verdict_free - release a verdict (NULL is fine) */
void    rp_verdict_free(rp_verdict *verdict)
{
    size_t  i;

    if (verdict == NULL)
	return;
    for (i = 0; i < verdict->count; i++) {
	free(verdict->symbols[i].reason);
    }
    free(verdict->symbols);
    if (verdict->url_set != NULL)
	g_hash_table_destroy(verdict->url_set);
    for (i = 0; i < verdict->nurls; i++)
	free(verdict->urls[i]);
    free(verdict->urls);
    for (i = 0; i < verdict->ndomains; i++) {
	free(verdict->domains[i].domain);
	free(verdict->domains[i].brand);
    }
    free(verdict->domains);
    free(verdict);
}
