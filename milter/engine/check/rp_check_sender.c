/*
 * NAME
 *	rp_check_sender 3
 * SUMMARY
 *	the sender checks: addresses, display name, subject
 * SYNOPSIS
 *	#include "rp_check_state.h"
 *
 *	void	rp_check_senders(check_state *st)
 * DESCRIPTION
 *	rp_check_senders() asks whether an address a reader or the MTA
 *	sees (From, Sender, Reply-To, Return-Path, envelope sender) uses a
 *	domain that imitates a brand, and whether the display name or the
 *	subject claims a brand the address does not belong to.  It records
 *	in the state what later checks need to know of the From address:
 *	its domain, the brand that owns it, the brand whose software its
 *	host runs, whether it is a lookalike.
 *
 *	A From host named after a brand's product (gitlab.example.org:
 *	the brand's name in front of the sender's own domain) is a
 *	self-hosted instance, and a display name naming that product is
 *	no claim to be the brand; the link check then asks that the
 *	message's links stay at home.  A lookalike of an ordinary word
 *	(orders@nugget.com) is a weak hint about its brand (CHECK_HINT):
 *	the context weighs it by whether the message claims the brand.
 *
 *	Its findings come from a sender (CHECK_SENDER); a lookalike's
 *	FROM_LOOKALIKE is where it appears (CHECK_WHERE), and brand claims
 *	pose as the brand and are cleared by an aligned pass (CHECK_POSE,
 *	CHECK_CLAIM).  A claim found only in look-alike letters (another
 *	script's, diacritics: rp_brands_claim()) adds CONFUSABLE_NAME, once
 *	per message, a pose no aligned pass clears: no genuine sender
 *	writes its own name so.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "rp_check_state.h"
#include "rp_text.h"

static const char *const role_names[] = {
    [RP_ADDR_FROM] = "From",
    [RP_ADDR_SENDER] = "Sender",
    [RP_ADDR_REPLY_TO] = "Reply-To",
    [RP_ADDR_RETURN_PATH] = "Return-Path",
    [RP_ADDR_ENVELOPE] = "envelope sender",
};

/* check_address - one sender address */
static void check_address(check_state *st, const rp_address *addr)
{
    const char *role = role_names[addr->role];
    rp_domain_match m;
    size_t  k;
    int     imitates;

    if (addr->domain == NULL)
	return;
    memset(&m, 0, sizeof(m));
    imitates = rp_check_domain(st, addr->domain, &m);
    if (!imitates && m.product != NULL && !m.mirror && addr->role == RP_ADDR_FROM) {
	st->from_instance = m.product;
    } else if (!imitates && m.product != NULL && !m.mirror
	       && !rp_check_self_hosted(st, &m, addr->domain)) {
	/* Reply-To support@gitlab.elsewhere.example beside another From */
	k = st->nfindings;
	rp_check_add(st, RP_SYM_LOOKALIKE_BRAND_HOST, CHECK_SENDER, NULL, "%s %s: %s",
		     role, addr->address, m.reason);
	rp_check_add(st, RP_SYM_FROM_LOOKALIKE, CHECK_SENDER | CHECK_WHERE, NULL,
		     "%s address %s uses a host named after %s", role, addr->address,
		     rp_brand_name(m.product));
	rp_check_hints(st, k, m.product, 0);
    } else if (imitates) {
	k = st->nfindings;
	rp_check_add(st, m.technique, CHECK_SENDER, NULL, "%s %s: %s", role,
		     addr->address, m.reason);
	rp_check_add(st, RP_SYM_FROM_LOOKALIKE, CHECK_SENDER | CHECK_WHERE, NULL,
		     "%s address %s uses a domain that imitates %s",
		     role, addr->address, rp_brand_name(m.brand));
	if (m.word)
	    rp_check_hints(st, k, m.brand, CHECK_WORD_HINT);
	if (addr->role == RP_ADDR_FROM)
	    st->from_lookalike = 1;
    } else if (m.idn) {
	rp_check_add(st, RP_SYM_IDN_SENDER, CHECK_SENDER, NULL,
		     "%s domain %s is internationalised", role, addr->domain);
    }
}

/* check_confusable - a claim written in look-alike letters, said once per message */
static void check_confusable(check_state *st, const rp_claim *claim, const char *where,
			     const char *text)
{
    size_t  i;

    if (!claim->confusable)
	return;
    for (i = 0; i < st->nfindings; i++)
	if (st->findings[i].symbol == RP_SYM_CONFUSABLE_NAME)
	    return;
    rp_check_add(st, RP_SYM_CONFUSABLE_NAME, CHECK_SENDER | CHECK_POSE, NULL,
		 "%s \"%s\" writes %s's name with look-alike letters (another script's,"
		 " or diacritics)", where, text, rp_brand_name(claim->brand));
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
    rp_claim claim;
    char   *norm;

    /* Whether mail from a brand's own domain is genuine is for authentication. */
    if (from->display == NULL || st->from_owner != NULL)
	return;
    norm = rp_text_normalize(from->display, strlen(from->display), NULL);
    /* "GitLab <gitlab@gitlab.example.org>": the name of the software the
     * organisation runs, not a claim to be the brand. */
    if ((claimed = rp_brands_claim(st->engine->brands, norm, NULL, &claim)) != NULL
	&& claimed == st->from_instance)
	st->instance_named = 1;
    else if (claimed != NULL) {
	rp_check_add(st, RP_SYM_DISPLAY_NAME_BRAND, CHECK_SENDER | CHECK_POSE | CHECK_CLAIM,
		     NULL, "display name \"%s\" claims %s, but the address %s is not one of %s's",
		     from->display, rp_brand_name(claimed),
		     from->address ? from->address : "(none)", rp_brand_name(claimed));
	check_confusable(st, &claim, "display name", from->display);
    }
    free(norm);
}

/* rp_check_senders - every address, the display name, the subject */
void    rp_check_senders(check_state *st)
{
    const rp_features *f = st->f;
    const rp_address *from = NULL;
    const rp_brand *templ;
    rp_claim claim;
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
	&& (templ = rp_brands_subject_claim(st->engine->brands, f->subject, NULL,
					    &claim)) != NULL
	&& st->from_owner != templ) {
	rp_check_add(st, RP_SYM_SUBJECT_BRAND_TEMPLATE, CHECK_SENDER | CHECK_POSE | CHECK_CLAIM,
		     NULL, "subject \"%s\" copies %s's own template, but the sender %s is not %s",
		     f->subject, rp_brand_name(templ),
		     st->from_domain ? st->from_domain : "(none)", rp_brand_name(templ));
	check_confusable(st, &claim, "subject", f->subject);
    }
}
