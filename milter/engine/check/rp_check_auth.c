/*
 * NAME
 *	rp_check_auth 3
 * SUMMARY
 *	the authentication check: this site's own results and our own DKIM
 * SYNOPSIS
 *	#include "rp_check_state.h"
 *
 *	void	rp_check_auth(check_state *st)
 * DESCRIPTION
 *	rp_check_auth() judges the From domain by authentication.  Only
 *	Authentication-Results that this site's own servers added count
 *	(RFC 8601 section 5), and the engine's own DKIM verification (the
 *	state's dkim, when not NULL) counts like them.
 *
 *	Added by this site means: a trusted authserv-id (compared without
 *	case: it is a domain), and a place in the header that the sender
 *	cannot write.  Every hop puts its Received header on top of what
 *	it was handed, so a result below a Received header was written
 *	before that hop.  A milter never sees its MTA's own Received (Postfix
 *	and Sendmail hide it), and the results an earlier milter such as
 *	OpenDKIM adds sit on top: there, this site's results have no
 *	Received header above them.  Delivered mail read later has this
 *	site's own Received headers on top (delivery, content filters);
 *	trusted_authserv_hops says how many may lie above this site's
 *	results.  Within that bound this hop is that of the topmost trusted
 *	header; a trusted id anywhere lower was written by the sender (or
 *	at an earlier pass through this site): its results are ignored and
 *	the finding AUTH_RESULTS_FORGED names the header's place.
 *
 *	Among the results believed, a pass is set aside when a fail for the
 *	same method and domain stands in the same header (one of two
 *	signatures fails) or comes from our own verification (the signature
 *	fails here).  A pass is forged when another header of this hop gives
 *	that method and domain another result, or that method a result with
 *	no domain ("dkim=none": nothing was signed), or when our own
 *	verification saw every signature and none is that domain's: a
 *	site's verifier states each result once.  A forged pass's whole
 *	header goes, with whatever else it claims, and AUTH_RESULTS_FORGED
 *	says why.  So the MTA's own fail wins over any pass the sender put
 *	beside it.  Our own passes are proofs made here and are never set
 *	aside.
 *
 *	A DKIM pass for a domain the From brand owns or sends from (any
 *	of brands.conf "target", "domain" and "sends", and their
 *	subdomains: "sends" lists what is expected, not the only domains
 *	that may pass), or a DMARC pass for the From domain itself, is
 *	the finding BRAND_AUTH_ALIGNED, a credit (CHECK_CREDIT): it may
 *	clear brand claims and lure wording, never link evidence (attackers
 *	abuse genuine GitHub notifications), and how much it clears is the
 *	context's to say (rp_check_context.c).  A brand From without such
 *	a pass is a spoof (BRAND_SPOOF), once there is any authentication
 *	to judge by: a header with a trusted id, believed or forged, or our
 *	own verification (then an unsigned brand From is a spoof too).  A
 *	key that could not be fetched (temperror) verifies nothing: an
 *	attacker can sign as the brand with a selector whose lookup fails,
 *	so it never stands in for a pass.  A pass for a lookalike proves
 *	only that the attacker owns it.  A signature of a brand's domain
 *	that fails our verification is reported whatever the From says:
 *	someone altered or forged it.
 */
#include "config.h"

#include <limits.h>
#include <stddef.h>
#include <string.h>

#include "rp_auth.h"
#include "rp_check_state.h"
#include "rp_util.h"

#define TRUSTED_MAX	32		/* results kept from all believed headers */
#define AUTH_RESULTS_MAX (TRUSTED_MAX + RP_DKIM_MAX_SIGS)	/* and ours */
#define VERIFIED_HERE	((size_t) -1)	/* a result's source: our own DKIM */
#define NO_HOP		UINT_MAX	/* no header of this site's hop */

/* What authentication says about one message: each result and its source. */
typedef struct auth_view {
    rp_auth_result res[AUTH_RESULTS_MAX];
    size_t  header[AUTH_RESULTS_MAX];	/* index into the features' auth_results,
					 * or VERIFIED_HERE */
    size_t  n;
    int     judged;			/* a trusted id was seen, or we verified */
    int     forged;			/* AUTH_RESULTS_FORGED was added */
} auth_view;

/* trusted_id - the authserv-id is one the config trusts */
static int trusted_id(const rp_engine *engine, const char *id)
{
    size_t  i;

    for (i = 0; i < engine->ntrusted; i++)
	if (strcmp(engine->trusted_ids[i], id) == 0)
	    return 1;
    return 0;
}

/* header_trusted - header i parses and names a trusted authserv-id */
static int header_trusted(const check_state *st, size_t i)
{
    char    id[256];

    return rp_auth_parse(st->f->auth_results[i], id, sizeof(id), NULL, 0) >= 0
	&& trusted_id(st->engine, id);
}

/*
 * this_hop - the Received headers above this site's own results: those
 * above the topmost trusted header, when no more than the config
 * allows; NO_HOP when there is none.  Hops only grow downwards.
 */
static unsigned this_hop(const check_state *st)
{
    size_t  i;

    for (i = 0; i < st->f->nauth; i++)
	if (header_trusted(st, i))
	    return st->f->auth_hop[i] <= st->engine->settings->trusted_authserv_hops
		? st->f->auth_hop[i] : NO_HOP;
    return NO_HOP;
}

/* report_forged - AUTH_RESULTS_FORGED, once per message */
static void report_forged(check_state *st, auth_view *v, const char *what)
{
    if (v->forged)
	return;
    v->forged = 1;
    rp_check_add(st, RP_SYM_AUTH_RESULTS_FORGED, 0, NULL, "%s", what);
}

/* report_misplaced - a trusted id below the Received headers of this hop */
static void report_misplaced(check_state *st, auth_view *v, size_t i, const char *id,
			             unsigned hop, size_t count)
{
    rp_buf  why;
    unsigned below = st->f->auth_hop[i];

    rp_buf_init(&why);
    rp_buf_printf(&why, "Authentication-Results header %zu of %zu names this site (%s)"
		  " but sits below %u Received header%s, ", i + 1, st->f->nauth, id,
		  below, below == 1 ? "" : "s");
    if (hop == NO_HOP)
	rp_buf_printf(&why, "more than the %lu above this site's own results",
		      st->engine->settings->trusted_authserv_hops);
    else if (hop == 0)
	rp_buf_puts(&why, "where this site's own results sit above every one");
    else
	rp_buf_printf(&why, "where this site's own results sit below %u", hop);
    rp_buf_puts(&why, ": written before the message reached this site, ignored");
    if (count > 1)
	rp_buf_printf(&why, " (%zu such headers)", count);
    report_forged(st, v, why.data);
    rp_buf_free(&why);
}

/* trusted_results - the results of this site's own headers, into v */
static void trusted_results(check_state *st, auth_view *v)
{
    char    id[256], first_id[256];
    unsigned hop = this_hop(st);
    size_t  i, k, first = 0, misplaced = 0;
    int     got;

    for (i = 0; i < st->f->nauth; i++) {
	got = rp_auth_parse(st->f->auth_results[i], id, sizeof(id), v->res + v->n,
			    TRUSTED_MAX - v->n);
	if (got < 0 || !trusted_id(st->engine, id))
	    continue;
	v->judged = 1;
	if (st->f->auth_hop[i] != hop) {
	    if (misplaced++ == 0) {
		first = i;
		memcpy(first_id, id, sizeof(id));
	    }
	    continue;
	}
	for (k = 0; k < (size_t) got; k++)
	    v->header[v->n + k] = i;
	v->n += (size_t) got;
    }
    if (misplaced)
	report_misplaced(st, v, first, first_id, hop, misplaced);
}

/* own_dkim - append our own DKIM results */
static void own_dkim(const check_state *st, auth_view *v)
{
    size_t  i;

    if (st->dkim != NULL)
	v->judged = 1;
    for (i = 0; st->dkim != NULL && i < st->dkim->n && v->n < AUTH_RESULTS_MAX; i++) {
	v->res[v->n] = st->dkim->sig[i].auth;
	v->header[v->n++] = VERIFIED_HERE;
    }
}

/*
 * denial - the result that says trusted pass k did not happen, or NULL;
 * *forged notes a denial that only a forgery explains (such a denial
 * is preferred: it takes the whole header away).
 */
static const rp_auth_result *denial(const auth_view *v, size_t k, int *forged)
{
    const rp_auth_result *p = v->res + k, *r, *plain = NULL;
    size_t  j;
    int     same_domain;

    *forged = 0;
    for (j = 0; j < v->n; j++) {
	r = v->res + j;
	if (j == k || strcmp(r->method, p->method) != 0 || strcmp(r->result, "pass") == 0)
	    continue;
	same_domain = strcmp(r->domain, p->domain) == 0;
	if (v->header[j] == v->header[k] || v->header[j] == VERIFIED_HERE) {
	    if (same_domain && strcmp(r->result, "fail") == 0 && plain == NULL)
		plain = r;
	} else if (same_domain || r->domain[0] == 0) {
	    *forged = 1;
	    return r;
	}
    }
    return plain;
}

/*
 * missing_signature - our own verification saw every DKIM signature of
 * the message and none is domain's (or a parent's, for a header.i)
 */
static int missing_signature(const check_state *st, const char *domain)
{
    const char *d;
    size_t  i, len, dlen = strlen(domain);

    if (st->dkim == NULL || st->dkim->state == RP_DKIM_UNREADABLE
	|| st->dkim->n >= RP_DKIM_MAX_SIGS || dlen == 0)
	return 0;
    for (i = 0; i < st->dkim->n; i++) {
	d = st->dkim->sig[i].auth.domain;
	len = strlen(d);
	if (len > 0 && len <= dlen && strcmp(domain + dlen - len, d) == 0
	    && (len == dlen || domain[dlen - len - 1] == '.'))
	    return 0;
    }
    return 1;
}

/* report_missing - this site's header claims a signature the message lacks */
static void report_missing(check_state *st, auth_view *v, size_t k)
{
    rp_buf  why;

    rp_buf_init(&why);
    rp_buf_printf(&why, "Authentication-Results header %zu of %zu says dkim=pass for %s,"
		  " but the message carries no DKIM signature of %s: the sender wrote it",
		  v->header[k] + 1, st->f->nauth, v->res[k].domain, v->res[k].domain);
    report_forged(st, v, why.data);
    rp_buf_free(&why);
}

/* report_denied - two of this hop's headers disagree about one result */
static void report_denied(check_state *st, auth_view *v, size_t k, size_t j)
{
    const rp_auth_result *p = v->res + k, *r = v->res + j;
    rp_buf  why;

    rp_buf_init(&why);
    rp_buf_printf(&why, "Authentication-Results header %zu of %zu says %s=pass for %s,"
		  " header %zu says %s=%s%s%s, both in this site's name: one was written by"
		  " the sender, the pass is not believed", v->header[k] + 1, st->f->nauth,
		  p->method, p->domain[0] ? p->domain : "(no domain)", v->header[j] + 1,
		  r->method, r->result, r->domain[0] ? " for " : "", r->domain);
    report_forged(st, v, why.data);
    rp_buf_free(&why);
}

/* drop - remove result k from v */
static void drop(auth_view *v, size_t k)
{
    memmove(v->res + k, v->res + k + 1, (v->n - k - 1) * sizeof(v->res[0]));
    memmove(v->header + k, v->header + k + 1, (v->n - k - 1) * sizeof(v->header[0]));
    v->n--;
}

/* drop_header - remove every result of header h: the sender wrote it */
static void drop_header(auth_view *v, size_t h)
{
    size_t  k = 0;

    while (k < v->n)
	if (v->header[k] == h)
	    drop(v, k);
	else
	    k++;
}

/*
 * set_aside_denied - trusted passes that another result denies, out of
 * v; a header that only a forgery explains goes whole, with whatever
 * else it claims (and the walk starts again: what follows has moved).
 */
static void set_aside_denied(check_state *st, auth_view *v)
{
    const rp_auth_result *r;
    size_t  k = 0;
    int     forged;

    while (k < v->n) {
	if (v->header[k] == VERIFIED_HERE || strcmp(v->res[k].result, "pass") != 0) {
	    k++;
	} else if (strcmp(v->res[k].method, "dkim") == 0
		   && missing_signature(st, v->res[k].domain)) {
	    report_missing(st, v, k);
	    drop_header(v, v->header[k]);
	    k = 0;
	} else if ((r = denial(v, k, &forged)) == NULL) {
	    k++;
	} else if (forged) {
	    report_denied(st, v, k, (size_t) (r - v->res));
	    drop_header(v, v->header[k]);
	    k = 0;
	} else {
	    drop(v, k);
	}
    }
}

/* aligned_pass - a DKIM pass for a domain the brand owns, or DMARC for From */
static size_t aligned_pass(const check_state *st, const auth_view *v)
{
    const rp_brand *brand = st->from_owner;
    size_t  i;

    for (i = 0; i < v->n; i++) {
	if (strcmp(v->res[i].result, "pass") != 0 || v->res[i].domain[0] == 0)
	    continue;
	if (strcmp(v->res[i].method, "dkim") == 0
	    && (rp_brand_sends_from(brand, v->res[i].domain)
		|| rp_brands_owner(st->engine->brands, v->res[i].domain) == brand))
	    return i;
	if (strcmp(v->res[i].method, "dmarc") == 0
	    && rp_ascii_casecmp(v->res[i].domain, st->from_domain) == 0)
	    return i;
    }
    return v->n;
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
	rp_buf_printf(out, "%s dkim=%s for %s%s", i ? "," : "; DKIM here:", r->auth.result,
		      r->auth.domain[0] ? r->auth.domain : "(no d=)",
		      strcmp(r->auth.result, "temperror") == 0
		      ? " (key not fetched: nothing verified)" : "");
    }
}

/* check_brand_from - a From domain a brand owns: an aligned pass, or a spoof */
static void check_brand_from(check_state *st, const auth_view *v)
{
    size_t  k = aligned_pass(st, v);
    rp_buf  note;

    if (k < v->n) {
	rp_check_add(st, RP_SYM_BRAND_AUTH_ALIGNED, CHECK_CREDIT, NULL,
		     "%s=pass for %s (%s), a domain %s %s",
		     v->res[k].method, v->res[k].domain,
		     v->header[k] != VERIFIED_HERE ? "trusted Authentication-Results"
		     : "verified here", rp_brand_name(st->from_owner),
		     rp_brand_sends_from(st->from_owner, v->res[k].domain) ? "sends from"
		     : "owns");
    } else {
	rp_buf_init(&note);
	dkim_summary(st, &note);
	rp_check_add(st, RP_SYM_BRAND_SPOOF, 0, NULL,
		     "From is %s (%s), but no trusted DKIM or DMARC pass for a domain %s owns or sends from%s",
		     st->from_domain, rp_brand_name(st->from_owner),
		     rp_brand_name(st->from_owner), note.data);
	rp_buf_free(&note);
    }
}

/* rp_check_auth - what this site's results and our DKIM say about the From domain */
void    rp_check_auth(check_state *st)
{
    auth_view v;
    size_t  i;

    memset(&v, 0, sizeof(v));
    check_dkim_fail(st);
    trusted_results(st, &v);
    own_dkim(st, &v);
    set_aside_denied(st, &v);
    if (st->from_domain == NULL || !v.judged)
	return;
    if (st->from_owner != NULL) {
	check_brand_from(st, &v);
	return;
    }
    if (st->from_lookalike)
	for (i = 0; i < v.n; i++)
	    if (strcmp(v.res[i].result, "pass") == 0 && v.res[i].domain[0]
		&& strcmp(rp_check_site(st, v.res[i].domain),
			  rp_check_site(st, st->from_domain)) == 0) {
		rp_check_add(st, RP_SYM_AUTH_PASS_LOOKALIKE, 0, NULL,
			     "%s=pass for %s proves only that the sender owns this lookalike",
			     v.res[i].method, v.res[i].domain);
		break;
	    }
}
