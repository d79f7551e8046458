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
 *	destination is checked in its place.
 *
 *	Its findings come from a link (CHECK_LINK).  Those that find the
 *	link deceptive carry its href, for defanging; link text or
 *	userinfo that shows a brand poses as it (CHECK_POSE); a lookalike
 *	domain's technique is CHECK_LOOKALIKE and its LINK_LOOKALIKE is
 *	where it appears (CHECK_WHERE).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "rp_check_state.h"
#include "rp_text.h"
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
	    || rp_check_domain(st, shown, &m)))
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

/* check_link_text - the anchor text shows a domain the link does not go to */
static void check_link_text(check_state *st, const rp_link *link, const rp_url *u,
			            const char *tracker)
{
    char    shown[256];
    const char *href_site;
    const rp_brand *brand;
    char   *text;
    size_t  len;
    int     shows;

    if (link->text == NULL)
	return;
    /* As the reader sees it: no zero-width characters, no full-width forms,
     * look-alike letters of another script read as the letters they imitate. */
    text = rp_text_normalize(link->text, strlen(link->text), &len);
    (void) rp_brands_unmix(st->engine->brands, text, len);
    shows = rp_url_text_host(text, shown, sizeof(shown));
    free(text);
    if (!shows || !names_domain(st, shown))
	return;
    href_site = rp_check_site(st, u->host);
    if (strcmp(rp_check_site(st, shown), href_site) == 0)
	return;
    brand = rp_brands_owner(st->engine->brands, shown);
    if (tracker != NULL) {
	/* Newsletters count clicks through their sending service. */
	rp_check_add(st, RP_SYM_LINK_TEXT_MISMATCH, CHECK_LINK, NULL,
		     "link text shows %s, the link goes through the click tracker %s",
		     shown, tracker);
    } else if (st->from_domain
	       && strcmp(href_site, rp_check_site(st, st->from_domain)) == 0) {
	/* The sender's own click-tracking redirector: the reader is sent
	 * where the sender says, through the sender's own domain. */
	rp_check_add(st, RP_SYM_LINK_TEXT_MISMATCH, CHECK_LINK, NULL,
		     "link text shows %s, the link goes to %s (the sender's own domain)",
		     shown, u->host);
    } else if (brand != NULL) {
	rp_check_add(st, RP_SYM_LINK_TEXT_BRAND_MISMATCH, CHECK_LINK | CHECK_POSE, link->href,
		     "link text shows %s (%s), but the link goes to %s",
		     shown, rp_brand_name(brand), u->host);
    } else {
	rp_check_add(st, RP_SYM_LINK_TEXT_MISMATCH, CHECK_LINK, NULL,
		     "link text shows %s, the link goes to %s", shown, u->host);
    }
}

/* check_link_host - the host a link goes to */
static void check_link_host(check_state *st, const rp_link *link, const rp_url *u)
{
    const rp_brands *brands = st->engine->brands;
    rp_domain_match m;
    char    reason[512];
    int     lookalike;

    if (u->host_kind != RP_HOST_NAME) {
	rp_check_add(st, RP_SYM_URL_IP_LITERAL, CHECK_LINK, link->href,
		     "link %s goes to the bare IP address %s", link->href, u->host);
	return;
    }
    memset(&m, 0, sizeof(m));
    if (rp_check_domain(st, u->host, &m) && !rp_check_self_hosted(st, &m, u->host)) {
	/* A brand-named page on free hosting is not a domain of its own. */
	lookalike = m.technique != RP_SYM_HOSTED_BRAND_PAGE;
	rp_check_add(st, m.technique, CHECK_LINK | (lookalike ? CHECK_LOOKALIKE : 0),
		     link->href, "link to %s: %s", u->host, m.reason);
	if (lookalike)
	    rp_check_add(st, RP_SYM_LINK_LOOKALIKE, CHECK_LINK | CHECK_WHERE, NULL,
			 "a link goes to %s, which imitates %s",
			 u->host, rp_brand_name(m.brand));
	return;
    }
    if (m.idn)
	rp_check_add(st, RP_SYM_IDN_LINK, CHECK_LINK, NULL,
		     "link host %s is internationalised", u->host);
    if (m.own)
	return;
    if (rp_brands_shortener(brands, u->host))
	rp_check_add(st, RP_SYM_URL_SHORTENER, CHECK_LINK, link->href,
		     "link %s hides its target behind the shortener %s",
		     link->href, u->host);
    else if (rp_brands_hosted_page(brands, u, reason, sizeof(reason)) != NULL)
	rp_check_add(st, RP_SYM_HOSTED_BRAND_PAGE, CHECK_LINK, link->href, "%s", reason);
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

/* rp_check_links - every link of the message */
void    rp_check_links(check_state *st)
{
    size_t  i;

    for (i = 0; i < st->f->nlinks; i++)
	check_href(st, st->f->links + i, st->f->links[i].href, 0);
}
