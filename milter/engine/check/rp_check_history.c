/*
 * NAME
 *	rp_check_history 3
 * SUMMARY
 *	the history check: has this site seen the sender and the links before?
 * SYNOPSIS
 *	#include "rp_check_state.h"
 *
 *	void	rp_check_history(check_state *st)
 *	void	rp_check_history_domains(const check_state *st,
 *					 rp_verdict *verdict)
 * DESCRIPTION
 *	rp_check_history() gathers the registrable domains (A-label, lower
 *	case) the message carries: the From address's, with the brand its
 *	display name claims, and those of the web links a reader can
 *	follow (not hidden, not in an alternative a client does not show;
 *	a redirector's destination beside the redirector), the links a
 *	finding found deceptive first, at most RP_VERDICT_LINK_DOMAINS.
 *	rp_check_history_domains() hands them to the verdict, for the
 *	program to record once the verdict is known: the engine never
 *	writes the history.
 *
 *	With the site's history (st->history) it asks what is known, and
 *	says it with the counts:
 *
 *	FIRST_CONTACT: the sender's domain has never sent mail here that
 *	was not flagged ("first message from npmjs.help").  Flagged mail
 *	does not make a domain known: a sender cannot warm a domain up
 *	with phish that was caught.
 *
 *	NEWLY_SEEN: the sender's domain was first seen within
 *	newly_seen_days ("npmjs.help first seen 2 days ago, 3 messages"):
 *	a campaign to many recipients makes its domain known with its
 *	first message.
 *
 *	FIRST_CONTACT_LINK, and NEWLY_SEEN of a link: the same of a link
 *	domain other than the sender's ("first link to www.npmjs.help"),
 *	asked only when the message carries lure wording (nothing else
 *	makes them count), for at most LOOKUP_LINKS domains, the deceptive
 *	ones first.  A link domain is known when unflagged mail linked to
 *	it or came from it.
 *
 *	Domains the brand table owns (a brand's own, a known-good
 *	lookalike) are not asked about: the table knows them, and mail
 *	that claims them is BRAND_SPOOF's to judge.
 *
 *	Every finding is CHECK_HISTORY and needs other evidence
 *	(rp_check_context.c): those of the sender a brand claim, a
 *	lookalike or lure wording; those of a link lure wording.  So a
 *	history finding never lowers a verdict, and a message with no
 *	other evidence scores what it would without history.  A lookup
 *	that fails (-1) says nothing: the findings it would have given are
 *	not made.
 * DIAGNOSTICS
 *	None: the engine never logs, and a reader's failure is silent.
 * SEE ALSO
 *	regphish.h (rp_history_reader), milter/history/hist_store.h
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rp_check_state.h"
#include "rp_host.h"
#include "rp_text.h"
#include "rp_url.h"
#include "rp_util.h"
#include "rp_verdict.h"

#define LOOKUP_LINKS	16		/* link domains asked about per message */
#define DAY		86400

/* What a history finding needs beside it to count. */
#define NEEDS_SIGNAL	(CHECK_POSE | CHECK_LOOKALIKE | CHECK_WHERE | CHECK_ASK)
#define NEEDS_LURE	CHECK_ASK

/* What the gathering of link domains keeps while it walks the links. */
typedef struct gather {
    check_state *st;
    GHashTable *hosts;			/* hosts met (owned) */
    GHashTable *domains;		/* st->sites' domains (not owned) */
    GHashTable *deceptive;		/* hrefs a finding found deceptive */
} gather;

/* registrable - host's registrable domain in A-label form, or NULL; caller frees */
static char *registrable(const check_state *st, const char *host)
{
    rp_dname dn;
    char    why[128];

    if (rp_host_normalize(host, &dn, why, sizeof(why)) < 0)
	return NULL;
    return rp_strdup(rp_check_site(st, dn.ascii));
}

/* gather_sender - the From domain's registrable domain, and the brand its name claims */
static void gather_sender(check_state *st)
{
    const rp_features *f = st->f;
    const rp_address *from = NULL;
    const rp_brand *brand;
    char   *name;
    size_t  i;

    for (i = 0; i < f->naddrs && from == NULL; i++)
	if (f->addrs[i].role == RP_ADDR_FROM)
	    from = f->addrs + i;
    if (from == NULL || from->domain == NULL)
	return;
    st->sender_site = registrable(st, from->domain);
    if (from->display != NULL) {
	name = rp_text_normalize(from->display, strlen(from->display), NULL);
	if ((brand = rp_brands_claimed(st->engine->brands, name)) != NULL)
	    st->sender_brand = rp_brand_name(brand);
	free(name);
    }
}

/* gather_host - one linked host's domain, once, while there is room */
static void gather_host(gather *g, const char *host, int deceptive)
{
    check_state *st = g->st;
    check_site *site;
    char   *domain;

    if (g_hash_table_contains(g->hosts, host))
	return;
    g_hash_table_add(g->hosts, g_strdup(host));
    if ((domain = registrable(st, host)) == NULL)
	return;
    if (g_hash_table_contains(g->domains, domain)) {
	free(domain);
	return;
    }
    st->sites = rp_array_grow(st->sites, &st->sites_cap, st->nsites, sizeof(*site));
    site = st->sites + st->nsites++;
    site->domain = domain;
    site->host = rp_strdup(host);
    site->deceptive = deceptive;
    g_hash_table_add(g->domains, domain);
}

/* web_host - the URL is a web link to a named host */
static int web_host(const rp_url *u)
{
    return u->host_kind == RP_HOST_NAME
	&& (*u->scheme == 0 || strcmp(u->scheme, "http") == 0
	    || strcmp(u->scheme, "https") == 0);
}

/* gather_link - the domains one link leads to: its host, a redirector's destination */
static void gather_link(gather *g, const rp_link *link, int deceptive)
{
    rp_url  u, t;
    char   *target = NULL;

    if (rp_url_parse(link->href, strlen(link->href), &u) != 0)
	return;
    if (web_host(&u)) {
	gather_host(g, u.host, deceptive);
	if (rp_brands_redirector(g->st->engine->brands, &u, &target) && target != NULL
	    && rp_url_parse(target, strlen(target), &t) == 0) {
	    if (web_host(&t))
		gather_host(g, t.host, deceptive);
	    rp_url_free(&t);
	}
	free(target);
    }
    rp_url_free(&u);
}

/*
 * gather_links - the link domains a reader can follow, those of
 * deceptive links first, so that harmless links put before them
 * cannot push them past the cap
 */
static void gather_links(check_state *st)
{
    const rp_features *f = st->f;
    const rp_link *link;
    gather  g;
    size_t  i;
    int     pass, deceptive;

    g.st = st;
    g.hosts = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    g.domains = g_hash_table_new(g_str_hash, g_str_equal);
    g.deceptive = g_hash_table_new(g_direct_hash, g_direct_equal);
    for (i = 0; i < st->nfindings; i++)
	if (st->findings[i].url != NULL)
	    g_hash_table_add(g.deceptive, (gpointer) st->findings[i].url);
    for (pass = 1; pass >= 0; pass--)
	for (i = 0; i < f->nlinks && st->nsites < RP_VERDICT_LINK_DOMAINS; i++) {
	    link = f->links + i;
	    deceptive = g_hash_table_contains(g.deceptive, link->href);
	    if (deceptive == pass && !(link->flags & (RP_LINK_HIDDEN | RP_LINK_UNSEEN)))
		gather_link(&g, link, deceptive);
	}
    g_hash_table_destroy(g.deceptive);
    g_hash_table_destroy(g.domains);
    g_hash_table_destroy(g.hosts);
}

/* owned - the brand table knows host: a brand's own or a known-good domain */
static int owned(check_state *st, const char *host)
{
    rp_domain_match m;

    memset(&m, 0, sizeof(m));
    (void) rp_check_domain(st, host, &m);
    return m.own;
}

/*
 * ask - what the history knows of domain in role: 1 unflagged mail
 * carried it, 0 none did (*rec says whether flagged mail did), -1 the
 * history cannot be read
 */
static int ask(const check_state *st, rp_history_role role, const char *domain,
	               rp_history_record *rec)
{
    int     rc;

    memset(rec, 0, sizeof(*rec));
    rc = st->history->lookup(st->history->ctx, role, domain, rec);
    if (rc < 0)
	return -1;
    if (rc == 0)
	memset(rec, 0, sizeof(*rec));
    return rc > 0 && rec->messages > rec->flagged;
}

/* say_age - "3 days ago", "5 hours ago" */
static void say_age(char *buf, size_t size, long long age)
{
    long long n;
    const char *unit;

    if (age < 60) {
	snprintf(buf, size, "less than a minute ago");
	return;
    }
    if (age < 3600)
	n = age / 60, unit = "minute";
    else if (age < 2 * DAY)
	n = age / 3600, unit = "hour";
    else
	n = age / DAY, unit = "day";
    snprintf(buf, size, "%lld %s%s ago", n, unit, n == 1 ? "" : "s");
}

/* add - record a history finding that counts only beside what it needs */
static void add(check_state *st, rp_symbol symbol, unsigned facts, unsigned needs,
		        const char *reason)
{
    check_finding *fd = rp_check_add(st, symbol, facts | CHECK_HISTORY, NULL, "%s", reason);

    fd->needs = needs;
}

/* newly_seen - NEWLY_SEEN when rec's first sight is recent */
static void newly_seen(check_state *st, unsigned facts, unsigned needs, const char *what,
		               const char *domain, const rp_history_record *rec, long long now)
{
    long long age = now - rec->first_seen;
    char    when[64], reason[512];

    if (rec->first_seen <= 0
	|| age >= (long long) st->engine->settings->newly_seen_days * DAY)
	return;
    say_age(when, sizeof(when), age > 0 ? age : 0);
    snprintf(reason, sizeof(reason), "%s%s first seen %s, %lu message%s", what, domain,
	     when, rec->messages, rec->messages == 1 ? "" : "s");
    add(st, RP_SYM_NEWLY_SEEN, facts, needs, reason);
}

/* history_sender - FIRST_CONTACT or NEWLY_SEEN of the sender's domain */
static void history_sender(check_state *st, long long now)
{
    rp_history_record rec;
    char    reason[512];
    int     rc;

    if (st->sender_site == NULL || st->from_owner != NULL || owned(st, st->from_domain))
	return;
    if ((rc = ask(st, RP_HISTORY_SENDER, st->sender_site, &rec)) < 0)
	return;
    if (rc == 1) {
	newly_seen(st, CHECK_SENDER, NEEDS_SIGNAL, "", st->sender_site, &rec, now);
	return;
    }
    if (rec.messages == 0)
	snprintf(reason, sizeof(reason), "first message from %s", st->sender_site);
    else
	snprintf(reason, sizeof(reason), "%s has sent this site only flagged mail"
		 " (%lu message%s)", st->sender_site, rec.messages,
		 rec.messages == 1 ? "" : "s");
    add(st, RP_SYM_FIRST_CONTACT, CHECK_SENDER, NEEDS_SIGNAL, reason);
}

/* history_link - FIRST_CONTACT_LINK or NEWLY_SEEN of one link domain */
static void history_link(check_state *st, const check_site *site, long long now)
{
    rp_history_record rec, as_sender;
    char    reason[512];
    int     rc;

    memset(&as_sender, 0, sizeof(as_sender));
    if ((rc = ask(st, RP_HISTORY_LINK, site->domain, &rec)) < 0)
	return;
    if (rc == 0 && (rc = ask(st, RP_HISTORY_SENDER, site->domain, &as_sender)) < 0)
	return;
    if (rc == 1) {
	newly_seen(st, CHECK_LINK, NEEDS_LURE, "link domain ", site->domain,
		   rec.messages > rec.flagged ? &rec : &as_sender, now);
	return;
    }
    if (strcmp(site->host, site->domain) == 0)
	snprintf(reason, sizeof(reason), "first link to %s", site->host);
    else
	snprintf(reason, sizeof(reason), "first link to %s (%s)", site->host, site->domain);
    if (rec.messages > 0)
	snprintf(reason + strlen(reason), sizeof(reason) - strlen(reason),
		 "; only flagged mail linked to it before (%lu message%s)", rec.messages,
		 rec.messages == 1 ? "" : "s");
    add(st, RP_SYM_FIRST_CONTACT_LINK, CHECK_LINK, NEEDS_LURE, reason);
}

/* has_lure - some finding is lure wording that asks something of the reader */
static int has_lure(const check_state *st)
{
    size_t  i;

    for (i = 0; i < st->nfindings; i++)
	if (st->findings[i].facts & CHECK_ASK)
	    return 1;
    return 0;
}

/* rp_check_history - gather the message's domains; ask the history about them */
void    rp_check_history(check_state *st)
{
    size_t  i, asked = 0;
    long long now;

    gather_sender(st);
    gather_links(st);
    if (st->history == NULL || st->history->lookup == NULL)
	return;
    now = (long long) time(NULL);
    history_sender(st, now);
    if (!has_lure(st))
	return;
    for (i = 0; i < st->nsites && asked < LOOKUP_LINKS; i++) {
	if ((st->sender_site != NULL && strcmp(st->sites[i].domain, st->sender_site) == 0)
	    || owned(st, st->sites[i].host))
	    continue;
	history_link(st, st->sites + i, now);
	asked++;
    }
}

/* rp_check_history_domains - the sender's domain, then the link domains, to the verdict */
void    rp_check_history_domains(const check_state *st, rp_verdict *verdict)
{
    size_t  i;

    if (st->sender_site != NULL)
	rp_verdict_add_domain(verdict, RP_HISTORY_SENDER, st->sender_site, st->sender_brand);
    for (i = 0; i < st->nsites; i++)
	rp_verdict_add_domain(verdict, RP_HISTORY_LINK, st->sites[i].domain, NULL);
}
