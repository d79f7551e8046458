/*
 * NAME
 *	rp_verdict 3h
 * SUMMARY
 *	building a verdict: symbols, score, action, deceptive URLs
 * SYNOPSIS
 *	#include "rp_verdict.h"
 * DESCRIPTION
 *	The checks write a verdict once, when every finding has been read
 *	in its context (rp_check_context.c); nothing changes a symbol once
 *	it is added.  Each symbol counts once: the first reason is kept,
 *	later findings of the same symbol are counted.  rp_verdict_finish()
 *	sums the scores and applies the action policy (rp_policy.c).  The
 *	read accessors are in regphish.h.
 */
#ifndef RP_VERDICT_H
#define RP_VERDICT_H

#include "regphish.h"
#include "rp_symbols.h"

rp_verdict *rp_verdict_new(void);

/*
 * rp_verdict_add - add evidence: symbol with score and the reason from
 * fmt, capped in length; note, when not NULL, follows the capped reason
 * (why the score is what it is).  A symbol already in the verdict only
 * counts one more finding.
 */
void    rp_verdict_add(rp_verdict *verdict, rp_symbol symbol, double score,
		       const char *note, const char *fmt, ...)
	    __attribute__((format(printf, 5, 6)));

/* rp_verdict_add_url - remember a deceptive URL (duplicates ignored) */
void    rp_verdict_add_url(rp_verdict *verdict, const char *url);

/* Link domains a verdict keeps for the history, at most. */
#define RP_VERDICT_LINK_DOMAINS	64

/*
 * rp_verdict_add_domain - a registrable domain (A-label, lower case) the
 * message carried, for the site's history: the sender's once (the first
 * is kept), with brand, the brand its display name claims (or NULL);
 * each link domain once, up to RP_VERDICT_LINK_DOMAINS.  The score does
 * not change.
 */
void    rp_verdict_add_domain(rp_verdict *verdict, rp_history_role role,
			      const char *domain, const char *brand);

/* rp_verdict_finish - total the score, choose the action by the config's policy */
void    rp_verdict_finish(rp_verdict *verdict, const rp_settings *settings);

#endif
