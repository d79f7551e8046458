/*
 * NAME
 *	rp_check 3
 * SUMMARY
 *	sender, link, lure and authentication checks
 * SYNOPSIS
 *	#include "rp_check.h"
 *
 *	void	rp_check_message(const rp_engine *engine, const rp_features *f,
 *				 const rp_dkim_report *dkim, rp_verdict *verdict)
 * DESCRIPTION
 *	rp_check_message() asks four questions of a message and records
 *	every answer as a named symbol whose weight comes from
 *	rules/symbols.conf (lure symbols: rules/lures.rules):
 *
 *	Senders: does an address a reader or the MTA sees (From, Sender,
 *	Reply-To, Return-Path, envelope sender) use a domain that imitates a
 *	brand?  Does the display name or the subject claim a brand the
 *	address does not belong to?
 *
 *	Links: does a link go to a lookalike, a bare IP address, a
 *	shortener, a brand-named page on free hosting, a brand's OAuth
 *	consent page with a foreign redirect or dangerous scopes; does it
 *	hide its host behind userinfo; does its text show another domain?
 *
 *	Lures: what do the lure rules find in the subject and the text?
 *	Lure wording alone is capped at lure_max, below the tag threshold:
 *	genuine registry security mail is urgent too.
 *
 *	Authentication: only Authentication-Results from a trusted
 *	authserv-id count, and the engine's own DKIM verification (dkim,
 *	when not NULL) counts like them.  A DKIM or DMARC pass for a domain
 *	the From brand really sends from clears brand claims and lure
 *	wording (never link evidence: attackers abuse genuine GitHub
 *	notifications); a brand From without such a pass is a spoof, once
 *	there is any authentication to judge by (a trusted result, or our
 *	own verification: then an unsigned brand From is a spoof too; a key
 *	that could not be fetched for the brand's own domain decides
 *	nothing); a pass for a lookalike proves only that the attacker owns
 *	it.  A signature of a brand's domain that fails our verification is
 *	reported whatever the From says: someone altered or forged it.
 *
 *	Two readings of context follow.  Mail about phishing (the lure rules'
 *	ABOUT_PHISHING) that does not itself pose as a brand only mentions
 *	the lookalikes it links (check_mentions).  A lookalike domain in mail
 *	that names no brand and asks nothing is likely an unrelated business
 *	a letter away from a brand: its technique counts, where it appears
 *	does not (check_namesake).
 *
 *	Links the verdict finds deceptive are added to its URL list, for
 *	defanging.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "rp_auth.h"
#include "rp_check.h"
#include "rp_dkim.h"
#include "rp_text.h"
#include "rp_url.h"
#include "rp_util.h"
#include "rp_verdict.h"

#define AUTH_RESULTS_MAX 32		/* results kept from all trusted headers */

typedef struct check_state {
    const rp_engine *engine;
    const rp_features *f;
    rp_verdict *verdict;
    const rp_dkim_report *dkim;		/* our own DKIM verification, or NULL */
    const char *from_domain;		/* first From address's domain */
    const rp_brand *from_owner;		/* brand that owns the From domain */
    const rp_brand *from_instance;	/* brand whose software the From host runs */
    int     from_lookalike;		/* the From domain imitates a brand */
    int     sender_lookalike;		/* some sender address imitates a brand */
    char   *subject;			/* normalised subject ("" if none) */
    char   *body;			/* normalised visible text */
    size_t  body_len;
    double  lure_total;			/* positive lure weight so far */
    double  claim_total;		/* brand-claim and lure weight, for clearing */
    GHashTable *domains;		/* host -> domain_answer, this message's */
} check_state;

/* What rp_domain_check said about one host. */
typedef struct domain_answer {
    int     imitates;			/* rp_domain_check() returned 1 */
    rp_domain_match match;
} domain_answer;

static const char *const role_names[] = {
    [RP_ADDR_FROM] = "From",
    [RP_ADDR_SENDER] = "Sender",
    [RP_ADDR_REPLY_TO] = "Reply-To",
    [RP_ADDR_RETURN_PATH] = "Return-Path",
    [RP_ADDR_ENVELOPE] = "envelope sender",
};

/* add_symbol - add a code symbol with its weight from symbols.conf */
static double add_symbol(check_state *st, rp_symbol symbol, const char *fmt,...)
    __attribute__((format(printf, 3, 4)));

static double add_symbol(check_state *st, rp_symbol symbol, const char *fmt,...)
{
    double  weight = rp_weights_get(st->engine->weights, symbol);
    rp_buf  reason;
    va_list ap;

    rp_buf_init(&reason);
    va_start(ap, fmt);
    rp_buf_vprintf(&reason, fmt, ap);
    va_end(ap);
    if (!rp_verdict_add(st->verdict, symbol, weight, "%s", reason.data))
	weight = 0;			/* counted once per message */
    rp_buf_free(&reason);
    return weight;
}

/*
 * check_domain - rp_domain_check(), asked once per host and message: a
 * newsletter sends hundreds of links to a handful of hosts.
 */
static int check_domain(check_state *st, const char *host, rp_domain_match *m)
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


/* site_of - the registrable domain of host (the brand table's suffix list; points into host) */
static const char *site_of(const check_state *st, const char *host)
{
    return rp_brands_registrable(st->engine->brands, host);
}

/*
 * self_hosted - the brand's name as the host in front of the sender's own
 * domain (gitlab.gnome.org in mail from gnome.org) is an organisation's
 * own instance of the brand's software, not an imitation.
 */
static int self_hosted(const check_state *st, const rp_domain_match *m, const char *host)
{
    return m->technique == RP_SYM_LOOKALIKE_BRAND_HOST && st->from_domain != NULL
	&& strcmp(site_of(st, host), site_of(st, st->from_domain)) == 0;
}

/* check_address - one sender address */
static void check_address(check_state *st, const rp_address *addr)
{
    const char *role = role_names[addr->role];
    rp_domain_match m;
    int     imitates;

    if (addr->domain == NULL)
	return;
    memset(&m, 0, sizeof(m));
    imitates = check_domain(st, addr->domain, &m);
    if (imitates && self_hosted(st, &m, addr->domain)) {
	if (addr->role == RP_ADDR_FROM)
	    st->from_instance = m.brand;
    } else if (imitates) {
	add_symbol(st, m.technique, "%s %s: %s", role, addr->address, m.reason);
	add_symbol(st, RP_SYM_FROM_LOOKALIKE, "%s address %s uses a domain that imitates %s",
		   role, addr->address, rp_brand_name(m.brand));
	if (addr->role == RP_ADDR_FROM)
	    st->from_lookalike = 1;
	st->sender_lookalike = 1;
    } else if (m.idn) {
	add_symbol(st, RP_SYM_IDN_SENDER, "%s domain %s is internationalised", role,
		   addr->domain);
    }
}

/*
 * check_display_name - the From display name claims a brand it is not.
 * A brand's own domain relays user-written names ("rust-lang/crates.io"
 * from github.com), and a self-hosted instance names its software
 * ("GitLab" from gitlab.example.org): neither is a claim.
 */
static void check_display_name(check_state *st, const rp_address *from)
{
    const rp_brand *claimed;
    char   *norm;

    /* Whether mail from a brand's own domain is genuine is for authentication. */
    if (from->display == NULL || st->from_owner != NULL)
	return;
    norm = rp_text_normalize(from->display, strlen(from->display), NULL);
    /* "GitLab <gitlab@gitlab.example.org>": the name of the software the
     * organisation runs, not a claim to be the brand. */
    if ((claimed = rp_brands_claimed(st->engine->brands, norm)) != NULL
	&& claimed != st->from_instance)
	st->claim_total += add_symbol(st, RP_SYM_DISPLAY_NAME_BRAND,
				      "display name \"%s\" claims %s, but the address %s is not one of %s's",
				      from->display, rp_brand_name(claimed),
				      from->address ? from->address : "(none)",
				      rp_brand_name(claimed));
    free(norm);
}

/* check_senders - every address, the display name, the subject */
static void check_senders(check_state *st)
{
    const rp_features *f = st->f;
    const rp_address *from = NULL;
    const rp_brand *templ;
    rp_addr_role role;
    size_t  i;

    /* Roles in order, so reasons name the From address before the others. */
    for (role = RP_ADDR_FROM; role <= RP_ADDR_ENVELOPE; role++)
	for (i = 0; i < f->naddrs; i++) {
	    if (f->addrs[i].role != role)
		continue;
	    if (role == RP_ADDR_FROM && from == NULL) {
		from = f->addrs + i;
		st->from_domain = from->domain;
		if (from->domain)
		    st->from_owner = rp_brands_owner(st->engine->brands, from->domain);
	    }
	    check_address(st, f->addrs + i);
	}
    if (from != NULL)
	check_display_name(st, from);
    if (f->subject != NULL
	&& (templ = rp_brands_subject_template(st->engine->brands, f->subject)) != NULL
	&& st->from_owner != templ)
	st->claim_total += add_symbol(st, RP_SYM_SUBJECT_BRAND_TEMPLATE,
				      "subject \"%s\" copies %s's own template, but the sender %s is not %s",
				      f->subject, rp_brand_name(templ),
				      st->from_domain ? st->from_domain : "(none)",
				      rp_brand_name(templ));
}

/* oauth_found - a finding from rp_brands_oauth */
typedef struct oauth_ctx {
    check_state *st;
    const char *href;
} oauth_ctx;

static void oauth_found(void *ctx, rp_symbol technique, const char *reason)
{
    oauth_ctx *oc = ctx;

    add_symbol(oc->st, technique, "%s", reason);
    rp_verdict_add_url(oc->st->verdict, oc->href);
}

/* check_userinfo - "https://pypi.org@evil.example/" shows one host, visits another */
static void check_userinfo(check_state *st, const rp_link *link, const rp_url *u)
{
    char    shown[256];
    rp_domain_match m;

    if (strcmp(u->scheme, "http") != 0 && strcmp(u->scheme, "https") != 0)
	return;
    memset(&m, 0, sizeof(m));
    if (rp_url_text_host(u->userinfo, shown, sizeof(shown))
	&& (rp_brands_owner(st->engine->brands, shown) != NULL
	    || check_domain(st, shown, &m)))
	add_symbol(st, RP_SYM_URL_USERINFO_BRAND,
		   "link %s shows %s before '@', but its host is %s",
		   link->href, shown, u->host);
    else
	add_symbol(st, RP_SYM_URL_USERINFO, "link %s carries user information before its host %s",
		   link->href, u->host);
    rp_verdict_add_url(st->verdict, link->href);
}

/* names_domain - the text's host ends in a real top-level domain ("invoice.pdf" does not) */
static int names_domain(const check_state *st, const char *host)
{
    const char *tld = strrchr(host, '.');

    return tld != NULL && rp_brands_listed_suffix(st->engine->brands, tld + 1);
}

/* check_link_text - the anchor text shows a domain the link does not go to */
static void check_link_text(check_state *st, const rp_link *link, const rp_url *u,
			            const char *tracker)
{
    char    shown[256];
    const char *href_site;
    const rp_brand *brand;

    if (link->text == NULL || !rp_url_text_host(link->text, shown, sizeof(shown))
	|| !names_domain(st, shown))
	return;
    href_site = site_of(st, u->host);
    if (strcmp(site_of(st, shown), href_site) != 0) {
	brand = rp_brands_owner(st->engine->brands, shown);
	if (tracker != NULL) {
	    /* Newsletters count clicks through their sending service. */
	    add_symbol(st, RP_SYM_LINK_TEXT_MISMATCH,
		       "link text shows %s, the link goes through the click tracker %s",
		       shown, tracker);
	} else if (st->from_domain && strcmp(href_site, site_of(st, st->from_domain)) == 0) {
	    /* The sender's own click-tracking redirector: the reader is sent
	     * where the sender says, through the sender's own domain. */
	    add_symbol(st, RP_SYM_LINK_TEXT_MISMATCH,
		       "link text shows %s, the link goes to %s (the sender's own domain)",
		       shown, u->host);
	} else if (brand != NULL) {
	    add_symbol(st, RP_SYM_LINK_TEXT_BRAND_MISMATCH,
		       "link text shows %s (%s), but the link goes to %s",
		       shown, rp_brand_name(brand), u->host);
	    rp_verdict_add_url(st->verdict, link->href);
	} else {
	    add_symbol(st, RP_SYM_LINK_TEXT_MISMATCH, "link text shows %s, the link goes to %s",
		       shown, u->host);
	}
    }
}

/* check_link_host - the host a link goes to */
static void check_link_host(check_state *st, const rp_link *link, const rp_url *u)
{
    const rp_brands *brands = st->engine->brands;
    const rp_brand *hosted;
    rp_domain_match m;
    char    reason[512];

    if (u->host_kind != RP_HOST_NAME) {
	add_symbol(st, RP_SYM_URL_IP_LITERAL, "link %s goes to the bare IP address %s",
		   link->href, u->host);
	rp_verdict_add_url(st->verdict, link->href);
	return;
    }
    memset(&m, 0, sizeof(m));
    if (check_domain(st, u->host, &m) && !self_hosted(st, &m, u->host)) {
	add_symbol(st, m.technique, "link to %s: %s", u->host, m.reason);
	/* A brand-named page on free hosting is not a domain of its own. */
	if (m.technique != RP_SYM_HOSTED_BRAND_PAGE)
	    add_symbol(st, RP_SYM_LINK_LOOKALIKE, "a link goes to %s, which imitates %s",
		       u->host, rp_brand_name(m.brand));
	rp_verdict_add_url(st->verdict, link->href);
	return;
    }
    if (m.idn)
	add_symbol(st, RP_SYM_IDN_LINK, "link host %s is internationalised", u->host);
    if (m.own)
	return;
    if (rp_brands_shortener(brands, u->host)) {
	add_symbol(st, RP_SYM_URL_SHORTENER, "link %s hides its target behind the shortener %s",
		   link->href, u->host);
	rp_verdict_add_url(st->verdict, link->href);
    } else if ((hosted = rp_brands_hosted_page(brands, u, reason, sizeof(reason))) != NULL) {
	add_symbol(st, RP_SYM_HOSTED_BRAND_PAGE, "%s", reason);
	rp_verdict_add_url(st->verdict, link->href);
    }
}

/* check_href - one link's target; a redirector's destination is checked in its place */
static void check_href(check_state *st, const rp_link *link, const char *href, int unwrapped)
{
    rp_url  u;
    oauth_ctx oc;
    char   *target = NULL;
    int     tracker;

    if (rp_url_parse(href, strlen(href), &u) != 0)
	return;
    if (u.userinfo != NULL)
	check_userinfo(st, link, &u);
    tracker = !unwrapped && rp_brands_redirector(st->engine->brands, &u, &target);
    if (target != NULL) {
	check_href(st, link, target, 1);
	free(target);
    } else {
	check_link_host(st, link, &u);
	if (u.host_kind == RP_HOST_NAME)
	    check_link_text(st, link, &u, tracker ? u.host : NULL);
	oc.st = st;
	oc.href = link->href;
	rp_brands_oauth(st->engine->brands, &u, oauth_found, &oc);
    }
    rp_url_free(&u);
}

/* check_links - every link of the message */
static void check_links(check_state *st)
{
    size_t  i;

    for (i = 0; i < st->f->nlinks; i++)
	check_href(st, st->f->links + i, st->f->links[i].href, 0);
}

/* lure_hit - a lure rule matched; positive lure weight is capped */
static void lure_hit(void *ctx, rp_symbol symbol, double weight, const char *excerpt)
{
    check_state *st = ctx;
    double  cap = rp_config_num(st->engine->config, "lure_max");
    double  score = weight;

    if (weight > 0) {
	if (score > cap - st->lure_total)
	    score = cap - st->lure_total > 0 ? cap - st->lure_total : 0;
	st->lure_total += score;
	st->claim_total += score;
    }
    if (score < weight)
	rp_verdict_add(st->verdict, symbol, score,
		       "text says \"%s\" (lure wording capped at %g in all)", excerpt, cap);
    else
	rp_verdict_add(st->verdict, symbol, score, "text says \"%s\"", excerpt);
}

/* check_lures - run the lure rules over the normalised subject and text */
static void check_lures(check_state *st)
{
    rp_lures_match(st->engine->lures, st->subject, st->body, st->body_len, lure_hit, st);
}

/* poses_as_brand - the message claims a brand by name or shows one in a link */
static int poses_as_brand(const check_state *st)
{
    static const rp_symbol poses[] = {RP_SYM_DISPLAY_NAME_BRAND, RP_SYM_SUBJECT_BRAND_TEMPLATE,
	RP_SYM_LINK_TEXT_BRAND_MISMATCH, RP_SYM_URL_USERINFO_BRAND, RP_SYM_BRAND_SPOOF};
    size_t  i;

    for (i = 0; i < sizeof(poses) / sizeof(poses[0]); i++)
	if (rp_verdict_has(st->verdict, poses[i]))
	    return 1;
    return 0;
}

/*
 * check_namesake - a lookalike domain in mail that names no brand (in the
 * subject or the start of the text) and asks nothing of its reader is most
 * likely an unrelated business a letter away from a brand (a clothing shop
 * at dockers.com, a restaurant at nugget.com): the technique still counts,
 * the where-symbols do not.
 */
static void check_namesake(check_state *st)
{
    static const char note[] = " (the message names no brand and asks nothing: an unrelated namesake?)";

    if (!(rp_verdict_has(st->verdict, RP_SYM_FROM_LOOKALIKE)
	  || rp_verdict_has(st->verdict, RP_SYM_LINK_LOOKALIKE))
	|| st->lure_total > 0 || poses_as_brand(st)
	|| rp_brands_claimed(st->engine->brands, st->subject) != NULL
	|| rp_brands_claimed(st->engine->brands, st->body) != NULL)
	return;
    rp_verdict_rescore(st->verdict, "FROM_LOOKALIKE", 0, note);
    rp_verdict_rescore(st->verdict, "LINK_LOOKALIKE", 0, note);
}

/*
 * check_mentions - mail about phishing (an advisory, an incident report,
 * a thread quoting a lure) links the lookalikes it warns of.  When the
 * lure rules say the text discusses phishing (ABOUT_PHISHING, which
 * fires on analysts' wording, not on "beware of phishing") and the
 * message does not itself pose as a brand, its lookalike links are
 * mentioned, not used: they count for nothing.  Any pose (a lookalike
 * sender, a brand claim, link text or userinfo showing a brand) keeps
 * them counting.
 */
static void check_mentions(check_state *st)
{
    static const char note[] = " (mentioned in mail about phishing, which does not pose as the brand)";

    if (!rp_verdict_has(st->verdict, RP_SYM_ABOUT_PHISHING) || st->sender_lookalike
	|| poses_as_brand(st))
	return;
    rp_verdict_rescore(st->verdict, "LOOKALIKE_", 0, note);
    rp_verdict_rescore(st->verdict, "LINK_LOOKALIKE", 0, note);
}

/* trusted_id - the authserv-id is one the config trusts */
static int trusted_id(const rp_engine *engine, const char *id)
{
    size_t  i;

    for (i = 0; i < engine->ntrusted; i++)
	if (strcmp(engine->trusted_ids[i], id) == 0)
	    return 1;
    return 0;
}

/* trusted_results - results of every trusted Authentication-Results header */
static size_t trusted_results(const check_state *st, rp_auth_result *out, size_t max)
{
    char    id[256];
    size_t  i, n = 0;
    int     got;

    for (i = 0; i < st->f->nauth && n < max; i++) {
	got = rp_auth_parse(st->f->auth_results[i], id, sizeof(id), out + n, max - n);
	if (got > 0 && trusted_id(st->engine, id))
	    n += (size_t) got;
    }
    return n;
}

/* aligned_pass - a DKIM or DMARC pass for a domain the brand sends from */
static const rp_auth_result *aligned_pass(const rp_brand *brand, const char *from_domain,
					          const rp_auth_result *res, size_t n)
{
    size_t  i;

    for (i = 0; i < n; i++) {
	if (strcmp(res[i].result, "pass") != 0 || res[i].domain[0] == 0)
	    continue;
	if (strcmp(res[i].method, "dkim") == 0 && rp_brand_sends_from(brand, res[i].domain))
	    return res + i;
	if (strcmp(res[i].method, "dmarc") == 0 && strcmp(res[i].domain, from_domain) == 0)
	    return res + i;
    }
    return NULL;
}

/* own_dkim - append our own DKIM results after the trusted ones */
static size_t own_dkim(const check_state *st, rp_auth_result *res, size_t n, size_t max)
{
    size_t  i;

    for (i = 0; st->dkim != NULL && i < st->dkim->n && n < max; i++)
	res[n++] = st->dkim->sig[i].auth;
    return n;
}

/* check_dkim_fail - a brand domain's signature that our verification fails */
static void check_dkim_fail(check_state *st)
{
    const rp_dkim_result *r;
    const rp_brand *brand;
    size_t  i;

    for (i = 0; st->dkim != NULL && i < st->dkim->n; i++) {
	r = st->dkim->sig + i;
	if ((strcmp(r->auth.result, "fail") == 0 || strcmp(r->auth.result, "permerror") == 0)
	    && r->auth.domain[0]
	    && (brand = rp_brands_owner(st->engine->brands, r->auth.domain)) != NULL) {
	    add_symbol(st, RP_SYM_DKIM_FAIL_BRAND, "DKIM signature of %s (%s, s=%s): dkim=%s: %s",
		       r->auth.domain, rp_brand_name(brand), r->selector, r->auth.result,
		       r->reason);
	    return;
	}
    }
}

/* aligned_temperror - our key lookup failed for a domain the brand sends from */
static int aligned_temperror(const check_state *st)
{
    size_t  i;

    for (i = 0; st->dkim != NULL && i < st->dkim->n; i++)
	if (strcmp(st->dkim->sig[i].auth.result, "temperror") == 0
	    && rp_brand_sends_from(st->from_owner, st->dkim->sig[i].auth.domain))
	    return 1;
    return 0;
}

/* dkim_summary - what our own verification found, for a reason */
static void dkim_summary(const check_state *st, rp_buf *out)
{
    const rp_dkim_result *r;
    size_t  i;

    if (st->dkim == NULL)
	return;
    if (st->dkim->state == RP_DKIM_UNSIGNED)
	rp_buf_puts(out, "; DKIM here: no signature");
    else if (st->dkim->state == RP_DKIM_UNREADABLE)
	rp_buf_puts(out, "; DKIM here: header breaks RFC 5322 (two From fields?), nothing verified");
    for (i = 0; i < st->dkim->n; i++) {
	r = st->dkim->sig + i;
	rp_buf_printf(out, "%s dkim=%s for %s", i ? "," : "; DKIM here:", r->auth.result,
		      r->auth.domain[0] ? r->auth.domain : "(no d=)");
    }
}

/* check_auth - what trusted results and our DKIM say about the From domain */
static void check_auth(check_state *st)
{
    rp_auth_result res[AUTH_RESULTS_MAX];
    const rp_auth_result *pass;
    size_t  n, ntrusted, i;
    double  credit, weight;
    int     deceptive;
    rp_buf  note;

    check_dkim_fail(st);
    ntrusted = trusted_results(st, res, AUTH_RESULTS_MAX);
    n = own_dkim(st, res, ntrusted, AUTH_RESULTS_MAX);
    if (st->from_domain == NULL || (n == 0 && st->dkim == NULL))
	return;
    if (st->from_owner != NULL) {
	if ((pass = aligned_pass(st->from_owner, st->from_domain, res, n)) != NULL) {
	    /* Genuine platform mail carries user-written text (issues,
	     * comments): its wording is the brand's only if no link in it
	     * deceives. */
	    weight = rp_weights_get(st->engine->weights, RP_SYM_BRAND_AUTH_ALIGNED);
	    deceptive = rp_verdict_url_count(st->verdict) > 0;
	    credit = deceptive || st->claim_total <= 0 ? 0
		: -weight < st->claim_total ? weight : -st->claim_total;
	    rp_verdict_add(st->verdict, RP_SYM_BRAND_AUTH_ALIGNED, credit,
			   "%s=pass for %s (%s), a domain %s sends from: %s",
			   pass->method, pass->domain,
			   pass - res < (ptrdiff_t) ntrusted ? "trusted Authentication-Results"
			   : "verified here",
			   rp_brand_name(st->from_owner),
			   deceptive ? "but deceptive links keep its wording suspect"
			   : "clears brand claims and lure wording");
	} else if (!aligned_temperror(st)) {
	    rp_buf_init(&note);
	    dkim_summary(st, &note);
	    add_symbol(st, RP_SYM_BRAND_SPOOF,
		       "From is %s (%s), but no trusted DKIM or DMARC pass for a domain %s sends from%s",
		       st->from_domain, rp_brand_name(st->from_owner),
		       rp_brand_name(st->from_owner), note.data);
	    rp_buf_free(&note);
	}
	return;
    }
    if (st->from_lookalike)
	for (i = 0; i < n; i++)
	    if (strcmp(res[i].result, "pass") == 0 && res[i].domain[0]
		&& strcmp(site_of(st, res[i].domain), site_of(st, st->from_domain)) == 0) {
		add_symbol(st, RP_SYM_AUTH_PASS_LOOKALIKE,
			   "%s=pass for %s proves only that the sender owns this lookalike",
			   res[i].method, res[i].domain);
		break;
	    }
}

/* check_structure - say when parsing was incomplete */
static void check_structure(check_state *st)
{
    unsigned flags = st->f->flags;

    if (flags & RP_MSG_MIME_BROKEN)
	add_symbol(st, RP_SYM_MIME_BROKEN, "the MIME structure is broken; what could be read was analysed");
    if (flags & (RP_MSG_TOO_DEEP | RP_MSG_TOO_MANY_PARTS | RP_MSG_TOO_MANY_LINKS
		 | RP_MSG_TEXT_TRUNCATED))
	add_symbol(st, RP_SYM_MIME_LIMIT, "analysis stopped at a limit:%s%s%s%s",
		   (flags & RP_MSG_TOO_DEEP) ? " nesting depth" : "",
		   (flags & RP_MSG_TOO_MANY_PARTS) ? " part count" : "",
		   (flags & RP_MSG_TOO_MANY_LINKS) ? " link count" : "",
		   (flags & RP_MSG_TEXT_TRUNCATED) ? " text size" : "");
}

/* rp_check_message - run every check */
void    rp_check_message(const rp_engine *engine, const rp_features *f,
			         const rp_dkim_report *dkim, rp_verdict *verdict)
{
    check_state st;

    memset(&st, 0, sizeof(st));
    st.engine = engine;
    st.f = f;
    st.dkim = dkim;
    st.verdict = verdict;
    st.subject = rp_text_normalize(f->subject ? f->subject : "",
				   f->subject ? strlen(f->subject) : 0, NULL);
    st.body = rp_text_normalize(f->text.data, f->text.len, &st.body_len);
    st.domains = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    check_senders(&st);
    check_links(&st);
    check_lures(&st);
    check_mentions(&st);
    check_namesake(&st);
    check_auth(&st);
    check_structure(&st);
    free(st.subject);
    free(st.body);
    g_hash_table_destroy(st.domains);
}
