/*
 * NAME
 *	rp_check_link 3
 * SUMMARY
 *	the link checks: where each link goes, what it shows
 * SYNOPSIS
 *	#include "rp_check_state.h"
 *
 *	void	rp_check_links(check_state *st)
 * DESCRIPTION
 *	rp_check_links() asks of every link of the message whether it goes
 *	to a lookalike, a bare IP address, a shortener, a brand-named page
 *	on free hosting, a brand's OAuth consent page with a foreign
 *	redirect or dangerous scopes; whether it hides its host behind
 *	userinfo; whether its text shows another domain.  A redirector's
 *	or link wrapper's targets (rp_brands_unwrap()) are judged in its
 *	place, each as the link itself and again inside when wrapped once
 *	more, with reasons naming the wrappers ("link wrapped in a Google
 *	redirect leads to pypj.org: ..."); the wrapper's own domain never
 *	vouches for them.  Past LINK_WRAP_DEPTH wrappers, LINK_WRAP_BUDGET
 *	judged layers, or a target that cannot be read, the link is
 *	LINK_HIDDEN_TARGET and an unknown host.  A target the service
 *	hides (a shortener, Mimecast) is an unknown host too: the link text
 *	is judged against it, and only a click tracker (the sender's own
 *	service) keeps the weak LINK_TEXT_MISMATCH.  A link with a
 *	redirector's form on a host that imitates it (goog1e.com/url?q=)
 *	is LINK_LOOKALIKE, and what it carries is judged too.
 *
 *	Its findings come from a link (CHECK_LINK).  Those that find the
 *	link deceptive carry its href, for defanging; link text or
 *	userinfo that shows a brand poses as it (CHECK_POSE); a lookalike
 *	domain's technique is CHECK_LOOKALIKE and its LINK_LOOKALIKE is
 *	where it appears (CHECK_WHERE).
 *
 *	A host named after a brand's product but of another site than the
 *	sender's (gitlab.gnome.org in mail from elsewhere) is no imitation
 *	by itself: LOOKALIKE_BRAND_HOST and its LINK_LOOKALIKE are hints
 *	(CHECK_HINT) that count only when the message claims that brand
 *	or lure wording asks, and score nothing else; the lookalike of an
 *	ordinary word (dockers.com) is a hint in the same way, at full
 *	weight beside a claim.  A public mirror is nothing.  Mail from a
 *	self-hosted instance whose display name names the product
 *	(gitlab.example.org, "GitLab") makes no claim only while its links
 *	stay at home: a link to another site that is no brand's own makes
 *	the display name a claim again, one that counts beside lure
 *	wording (needs CHECK_ASK), since anyone can name a host "gitlab".
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rp_attach.h"
#include "rp_check_state.h"
#include "rp_url.h"

/* oauth_found - a finding from rp_brands_oauth */
typedef struct oauth_ctx {
    check_state *st;
    const char *href;
} oauth_ctx;

static void oauth_found(void *ctx, rp_symbol technique, const char *reason)
{
    oauth_ctx *oc = ctx;

    rp_check_add(oc->st, technique, CHECK_LINK, oc->href, "%s", reason);
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
	    || rp_check_domain(st, shown, &m) || m.product != NULL))
	rp_check_add(st, RP_SYM_URL_USERINFO_BRAND, CHECK_LINK | CHECK_POSE, link->href,
		     "link %s shows %s before '@', but its host is %s",
		     link->href, shown, u->host);
    else
	rp_check_add(st, RP_SYM_URL_USERINFO, CHECK_LINK, link->href,
		     "link %s carries user information before its host %s",
		     link->href, u->host);
}

/* names_domain - the text's host ends in a real top-level domain ("invoice.pdf" does not) */
static int names_domain(const check_state *st, const char *host)
{
    const char *tld = strrchr(host, '.');

    return tld != NULL && rp_brands_listed_suffix(st->engine->brands, tld + 1);
}

/*
 * text_host - the host anchor text shows ("" for none), read once per
 * distinct text and message: a newsletter repeats "Read more" and
 * "View online" on hundreds of links.
 */
static const char *text_host(check_state *st, const char *text)
{
    char   *shown, *norm;

    if (st->text_hosts == NULL)
	st->text_hosts = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    if ((shown = g_hash_table_lookup(st->text_hosts, text)) == NULL) {
	/* As the reader sees it: no zero-width characters, no full-width forms,
	 * look-alike letters of another script read as the letters they imitate. */
	norm = rp_check_reading(st, text, strlen(text), NULL);
	shown = g_malloc(CHECK_HOST_MAX);
	if (!rp_url_text_host(norm, shown, CHECK_HOST_MAX))
	    shown[0] = 0;
	free(norm);
	g_hash_table_insert(st->text_hosts, g_strdup(text), shown);
    }
    return shown;
}

/*
 * How the checks name a link's destination: "link to" it, or the
 * redirectors it is wrapped in; whether the sender's click tracker
 * hides it, or something else does (a shortener, link protection).
 */
typedef struct link_dest {
    const char *what;			/* "link", "link wrapped in a Google redirect" */
    const char *to;			/* "link to", "link wrapped in ... leads to" */
    const char *tracker;		/* the click tracker's host, or NULL */
    const char *hidden;			/* what hides the target ("the link shortener bit.ly"), or NULL */
} link_dest;

/* check_link_text - the anchor text shows a domain the link does not go to */
static void check_link_text(check_state *st, const rp_link *link, const rp_url *u,
			            const link_dest *d)
{
    const char *shown, *href_site;
    const rp_brand *brand;
    char    goes[512];

    if (link->text == NULL)
	return;
    shown = text_host(st, link->text);
    if (*shown == 0 || !names_domain(st, shown))
	return;
    href_site = rp_check_site(st, u->host);
    if (strcmp(rp_check_site(st, shown), href_site) == 0)
	return;
    brand = rp_brands_owner(st->engine->brands, shown);
    if (d->hidden)
	snprintf(goes, sizeof(goes), "hides its target behind %s", d->hidden);
    else
	snprintf(goes, sizeof(goes), "goes to %s", u->host);
    if (d->tracker != NULL) {
	/* Newsletters count clicks through their sending service. */
	rp_check_add(st, RP_SYM_LINK_TEXT_MISMATCH, CHECK_LINK, NULL,
		     "link text shows %s, the link goes through the click tracker %s",
		     shown, d->tracker);
    } else if (d->hidden == NULL && st->from_domain
	       && strcmp(href_site, rp_check_site(st, st->from_domain)) == 0) {
	/* The sender's own click-tracking redirector: the reader is sent
	 * where the sender says, through the sender's own domain. */
	rp_check_add(st, RP_SYM_LINK_TEXT_MISMATCH, CHECK_LINK, NULL,
		     "link text shows %s, the %s %s (the sender's own domain)",
		     shown, d->what, goes);
    } else if (brand != NULL) {
	rp_check_add(st, RP_SYM_LINK_TEXT_BRAND_MISMATCH, CHECK_LINK | CHECK_POSE, link->href,
		     "link text shows %s (%s), but the %s %s",
		     shown, rp_brand_name(brand), d->what, goes);
    } else {
	rp_check_add(st, RP_SYM_LINK_TEXT_MISMATCH, CHECK_LINK, NULL,
		     "link text shows %s, the %s %s", shown, d->what, goes);
    }
}

/*
 * check_away - a link of mail from a self-hosted instance that names
 * its product goes to host, of another site: the display name claims
 * the brand after all, beside lure wording (once per message)
 */
static void check_away(check_state *st, const char *host)
{
    const rp_address *from;
    check_finding *fd;
    size_t  i;

    if (!st->instance_named || st->from_domain == NULL
	|| strcmp(rp_check_site(st, host), rp_check_site(st, st->from_domain)) == 0)
	return;
    for (i = 0; i < st->nfindings; i++)
	if (st->findings[i].symbol == RP_SYM_DISPLAY_NAME_BRAND)
	    return;
    for (from = NULL, i = 0; i < st->f->naddrs && from == NULL; i++)
	if (st->f->addrs[i].role == RP_ADDR_FROM)
	    from = st->f->addrs + i;
    fd = rp_check_add(st, RP_SYM_DISPLAY_NAME_BRAND, CHECK_SENDER | CHECK_POSE | CHECK_CLAIM,
		      NULL, "display name \"%s\" names %s, the software of the self-hosted %s,"
		      " but a link leaves for %s", from && from->display ? from->display : "",
		      rp_brand_name(st->from_instance), st->from_domain, host);
    fd->needs = CHECK_ASK;
}

/* check_link_host - the host a link goes to */
static void check_link_host(check_state *st, const rp_link *link, const rp_url *u,
			            const link_dest *d)
{
    const rp_brands *brands = st->engine->brands;
    rp_domain_match m;
    char    reason[512];
    size_t  k;
    int     lookalike;

    if (u->host_kind != RP_HOST_NAME) {
	rp_check_add(st, RP_SYM_URL_IP_LITERAL, CHECK_LINK, link->href,
		     "%s %s goes to the bare IP address %s", d->what, link->href, u->host);
	return;
    }
    memset(&m, 0, sizeof(m));
    if (rp_check_domain(st, u->host, &m)) {
	/* A brand-named page on free hosting is not a domain of its own. */
	lookalike = m.technique != RP_SYM_HOSTED_BRAND_PAGE;
	k = st->nfindings;
	rp_check_add(st, m.technique, CHECK_LINK | (lookalike ? CHECK_LOOKALIKE : 0),
		     link->href, "%s %s: %s", d->to, u->host, m.reason);
	if (lookalike)
	    rp_check_add(st, RP_SYM_LINK_LOOKALIKE, CHECK_LINK | CHECK_WHERE, NULL,
			 "a %s goes to %s, which imitates %s",
			 d->what, u->host, rp_brand_name(m.brand));
	if (lookalike && m.word)
	    rp_check_hints(st, k, m.brand, CHECK_WORD_HINT);
	check_away(st, u->host);
	return;
    }
    if (m.product != NULL && !m.mirror && !rp_check_self_hosted(st, &m, u->host)) {
	k = st->nfindings;
	rp_check_add(st, RP_SYM_LOOKALIKE_BRAND_HOST, CHECK_LINK | CHECK_LOOKALIKE,
		     link->href, "link to %s: %s", u->host, m.reason);
	rp_check_add(st, RP_SYM_LINK_LOOKALIKE, CHECK_LINK | CHECK_WHERE, NULL,
		     "a link goes to %s, named after %s", u->host, rp_brand_name(m.product));
	rp_check_hints(st, k, m.product, 0);
    }
    if (!m.own)
	check_away(st, u->host);
    if (m.idn)
	rp_check_add(st, RP_SYM_IDN_LINK, CHECK_LINK, NULL,
		     "link host %s is internationalised", u->host);
    if (m.own)
	return;
    if (rp_brands_shortener(brands, u->host))
	rp_check_add(st, RP_SYM_URL_SHORTENER, CHECK_LINK, link->href,
		     "%s %s hides its target behind the shortener %s",
		     d->what, link->href, u->host);
    else if (rp_brands_hosted_page(brands, u, reason, sizeof(reason)) != NULL)
	rp_check_add(st, RP_SYM_HOSTED_BRAND_PAGE, CHECK_LINK, link->href, "%s", reason);
}

#define LINK_WRAP_DEPTH	6		/* redirectors judged inside one another */
#define LINK_WRAP_BUDGET 32		/* layers judged per link, over all branches */

/* check_dest - a link's destination, no redirector: its host and what its text shows */
static void check_dest(check_state *st, const rp_link *link, const rp_url *u,
		               link_dest *d)
{
    oauth_ctx oc;
    char    hidden[CHECK_HOST_MAX + 32];

    check_link_host(st, link, u, d);
    if (u->host_kind == RP_HOST_NAME) {
	if (d->tracker == NULL && rp_brands_shortener(st->engine->brands, u->host)) {
	    snprintf(hidden, sizeof(hidden), "the link shortener %s", u->host);
	    d->hidden = hidden;
	}
	check_link_text(st, link, u, d);
    }
    oc.st = st;
    oc.href = link->href;
    rp_brands_oauth(st->engine->brands, u, oauth_found, &oc);
}

/*
 * check_hidden - a redirector hides the target, or wraps it past what is
 * read: an unknown destination, judged as one (its text, a self-hosted
 * instance's claim).  Link protection that hides every target is no
 * deception in itself (the reader's own gateway may have put it there),
 * so it counts only as an unknown host; a target wrapped past what is
 * read, or unreadable, is an evasion: LINK_HIDDEN_TARGET says why.
 */
static void check_hidden(check_state *st, const rp_link *link, const rp_url *u,
			         link_dest *d, const char *behind, const char *why)
{
    if (why != NULL)
	rp_check_add(st, RP_SYM_LINK_HIDDEN_TARGET, CHECK_LINK, link->href,
		     "%s hides its target behind %s: %s", d->what, behind, why);
    d->hidden = behind;
    check_link_text(st, link, u, d);
    check_away(st, u->host);
}

static void check_href(check_state *, const rp_link *, const char *, const char *, int, int *);

/* check_wrapped - the targets a redirector carries, each judged as the link */
static void check_wrapped(check_state *st, const rp_link *link, const rp_url *u,
			          const rp_unwrap *uw, const char *what, int depth, int *budget)
{
    const char *name = uw->name ? uw->name : u->host;
    const char *article = strchr("AEIOUaeiou", name[0]) ? "an" : "a";
    char    inner[512], behind[300];
    link_dest d;
    rp_url  t;
    size_t  i;
    int     past = depth >= LINK_WRAP_DEPTH || *budget <= 0;

    /* Reasons name the first wrappers; deeper ones are "more". */
    if (depth < 3)
	snprintf(inner, sizeof(inner), "%s %s %s %s", what, depth == 0 ? "wrapped in" : "and",
		 article, name);
    else
	snprintf(inner, sizeof(inner), "%s%s", what, depth == 3 ? " and more" : "");
    memset(&d, 0, sizeof(d));
    d.what = d.to = inner;
    snprintf(behind, sizeof(behind), "%s %s (%s)", article, name, u->host);
    if (uw->hidden || past || uw->capped || uw->ntargets == 0) {
	check_hidden(st, link, u, &d, behind,
		     uw->hidden ? NULL
		     : past ? "wrapped in more redirectors than are read"
		     : uw->capped ? "it carries more targets than are read"
		     : "its target cannot be read");
	if (!uw->capped)
	    return;
    }
    for (i = 0; i < uw->ntargets && *budget > 0; i++) {
	(*budget)--;
	if (rp_url_parse(uw->targets[i], strlen(uw->targets[i]), &t) != 0) {
	    /* Decoded as the wrapper decodes it, no browser reads it as
	     * a link (it is encoded twice, say): where it leads is unknown. */
	    check_hidden(st, link, u, &d, behind, "its target does not read as a link");
	    continue;
	}
	rp_url_free(&t);
	check_href(st, link, uw->targets[i], inner, depth + 1, budget);
    }
}

/*
 * check_imitation - a link with a redirector's form on a host that
 * imitates the redirector's (goog1e.com/url?q=...): a lookalike, and
 * what it claims to carry is judged too, never instead of its host
 */
static void check_imitation(check_state *st, const rp_link *link, const rp_url *u,
			            int depth, int *budget)
{
    rp_unwrap uw;
    const char *name;
    char    genuine[256], what[512];
    size_t  i;

    if ((name = rp_brands_imitated_redirector(st->engine->brands, u, &uw, genuine,
					      sizeof(genuine))) != NULL) {
	rp_check_add(st, RP_SYM_LINK_LOOKALIKE, CHECK_LINK, link->href,
		     "a link goes to %s, which imitates the %s (%s): it has that"
		     " redirector's form, not its host", u->host, name, genuine);
	snprintf(what, sizeof(what), "link wrapped in an imitation of the %s", name);
	for (i = 0; i < uw.ntargets && *budget > 0 && depth < LINK_WRAP_DEPTH; i++) {
	    (*budget)--;
	    check_href(st, link, uw.targets[i], what, depth + 1, budget);
	}
    }
    rp_unwrap_free(&uw);
}

/*
 * check_href - one link's target.  A redirector's targets are judged in
 * its place, each as the link itself, never vouched for by the
 * redirector's own domain; what it hides is an unknown destination.
 */
static void check_href(check_state *st, const rp_link *link, const char *href,
		               const char *wrapped, int depth, int *budget)
{
    rp_url  u;
    rp_unwrap uw;
    link_dest d;
    char    to[600], what[80];

    memset(&d, 0, sizeof(d));
    /* A link from an attached file says which: "link in a PDF attachment". */
    snprintf(what, sizeof(what), "link%s", rp_attach_origin(link->flags));
    d.what = wrapped ? wrapped : what;
    snprintf(to, sizeof(to), wrapped ? "%s leads to" : "%s to", d.what);
    d.to = to;
    if (rp_url_parse(href, strlen(href), &u) != 0)
	return;
    if (u.userinfo != NULL)
	check_userinfo(st, link, &u);
    if (!rp_brands_unwrap(st->engine->brands, &u, &uw)) {
	check_dest(st, link, &u, &d);
	check_imitation(st, link, &u, depth, budget);
    } else if (uw.tracker) {
	d.tracker = u.host;
	check_dest(st, link, &u, &d);
    } else {
	/* A host matched by its label (google.*) is judged too: a listed
	 * domain is genuine by the rules, a label match only by guess. */
	if (uw.by_label)
	    check_link_host(st, link, &u, &d);
	check_wrapped(st, link, &u, &uw, d.what, depth, budget);
    }
    rp_unwrap_free(&uw);
    rp_url_free(&u);
}

/* rp_check_links - every link of the message */
void    rp_check_links(check_state *st)
{
    size_t  i;
    int     budget;

    for (i = 0; i < st->f->nlinks; i++) {
	budget = LINK_WRAP_BUDGET;
	check_href(st, st->f->links + i, st->f->links[i].href, NULL, 0, &budget);
    }
}
