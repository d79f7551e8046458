/*
 * NAME
 *	rp_check_auth 3
 * SUMMARY
 *	the authentication check: trusted results and our own DKIM
 * SYNOPSIS
 *	#include "rp_check_state.h"
 *
 *	void	rp_check_auth(check_state *st)
 * DESCRIPTION
 *	rp_check_auth() judges the From domain by authentication.  Only
 *	Authentication-Results from a trusted authserv-id count, and the
 *	engine's own DKIM verification (the state's dkim, when not NULL)
 *	counts like them.
 *
 *	A DKIM or DMARC pass for a domain the From brand really sends from
 *	is the finding BRAND_AUTH_ALIGNED, a credit (CHECK_CREDIT): it may
 *	clear brand claims and lure wording, never link evidence (attackers
 *	abuse genuine GitHub notifications), and how much it clears is the
 *	context's to say (rp_check_context.c).  A brand From without such
 *	a pass is a spoof, once there is any authentication to judge by (a
 *	trusted result, or our own verification: then an unsigned brand
 *	From is a spoof too; a key that could not be fetched for the
 *	brand's own domain decides nothing); a pass for a lookalike proves
 *	only that the attacker owns it.  A signature of a brand's domain
 *	that fails our verification is reported whatever the From says:
 *	someone altered or forged it.
 */
#include "config.h"

#include <stddef.h>
#include <string.h>

#include "rp_auth.h"
#include "rp_check_state.h"
#include "rp_util.h"

#define AUTH_RESULTS_MAX 32		/* results kept from all trusted headers */

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
	    rp_check_add(st, RP_SYM_DKIM_FAIL_BRAND, 0, NULL,
			 "DKIM signature of %s (%s, s=%s): dkim=%s: %s",
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

/* check_brand_from - a From domain a brand owns: an aligned pass, or a spoof */
static void check_brand_from(check_state *st, const rp_auth_result *res, size_t n,
			             size_t ntrusted)
{
    const rp_auth_result *pass;
    rp_buf  note;

    if ((pass = aligned_pass(st->from_owner, st->from_domain, res, n)) != NULL) {
	rp_check_add(st, RP_SYM_BRAND_AUTH_ALIGNED, CHECK_CREDIT, NULL,
		     "%s=pass for %s (%s), a domain %s sends from",
		     pass->method, pass->domain,
		     pass - res < (ptrdiff_t) ntrusted ? "trusted Authentication-Results"
		     : "verified here", rp_brand_name(st->from_owner));
    } else if (!aligned_temperror(st)) {
	rp_buf_init(&note);
	dkim_summary(st, &note);
	rp_check_add(st, RP_SYM_BRAND_SPOOF, 0, NULL,
		     "From is %s (%s), but no trusted DKIM or DMARC pass for a domain %s sends from%s",
		     st->from_domain, rp_brand_name(st->from_owner),
		     rp_brand_name(st->from_owner), note.data);
	rp_buf_free(&note);
    }
}

/* rp_check_auth - what trusted results and our DKIM say about the From domain */
void    rp_check_auth(check_state *st)
{
    rp_auth_result res[AUTH_RESULTS_MAX];
    size_t  n, ntrusted, i;

    check_dkim_fail(st);
    ntrusted = trusted_results(st, res, AUTH_RESULTS_MAX);
    n = own_dkim(st, res, ntrusted, AUTH_RESULTS_MAX);
    if (st->from_domain == NULL || (n == 0 && st->dkim == NULL))
	return;
    if (st->from_owner != NULL) {
	check_brand_from(st, res, n, ntrusted);
	return;
    }
    if (st->from_lookalike)
	for (i = 0; i < n; i++)
	    if (strcmp(res[i].result, "pass") == 0 && res[i].domain[0]
		&& strcmp(rp_check_site(st, res[i].domain),
			  rp_check_site(st, st->from_domain)) == 0) {
		rp_check_add(st, RP_SYM_AUTH_PASS_LOOKALIKE, 0, NULL,
			     "%s=pass for %s proves only that the sender owns this lookalike",
			     res[i].method, res[i].domain);
		break;
	    }
}
