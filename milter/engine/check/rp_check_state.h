/*
 * NAME
 *	rp_check_state 3h
 * SUMMARY
 *	one message's check state and findings, for the check files only
 * SYNOPSIS
 *	#include "rp_check_state.h"
 * DESCRIPTION
 *	Not a public interface.  rp_check.c makes a check_state per
 *	message and runs the passes declared at the end of this header:
 *	the sender, link, lure and authentication checks gather findings
 *	into the state, the context pass (rp_check_context.c) reads the
 *	findings' facts, and the scoring step writes the verdict once.
 *
 *	A finding is a symbol, its weight, its reason, the deceptive URL
 *	it found (if any) and the facts the context needs: whether it came
 *	from a sender or a link, whether it poses as a brand, and so on
 *	(CHECK_*).  Findings keep their order; a symbol found again is
 *	another finding, which the verdict counts.
 *
 *	The state's own functions (rp_check_state.c) call none of the
 *	check files, so any of them may call these without a call circle.
 */
#ifndef RP_CHECK_STATE_H
#define RP_CHECK_STATE_H

#include <glib.h>

#include "rp_brands.h"
#include "rp_dkim.h"
#include "rp_engine.h"
#include "rp_features.h"
#include "rp_symbols.h"

/* Where a finding came from. */
#define CHECK_SENDER	(1u << 0)	/* a sender address, the display name, the subject */
#define CHECK_LINK	(1u << 1)	/* a link */

/* What it says, for the context pass. */
#define CHECK_POSE	(1u << 2)	/* the message poses as a brand: a brand claim,
					 * link text or userinfo showing a brand */
#define CHECK_CLAIM	(1u << 3)	/* a brand claim or lure wording that an aligned
					 * pass clears (its weight counts) */
#define CHECK_ASK	(1u << 4)	/* lure wording that asks something of the reader */
#define CHECK_LOOKALIKE	(1u << 5)	/* the technique by which a link's domain (one of
					 * its own, not a hosted page) imitates a brand */
#define CHECK_WHERE	(1u << 6)	/* where a lookalike appears: FROM_LOOKALIKE,
					 * LINK_LOOKALIKE */
#define CHECK_CREDIT	(1u << 7)	/* the authentication credit: the context sets its
					 * score, weight is the most it may clear */
#define CHECK_DISCUSSES	(1u << 8)	/* wording that discusses phishing: it may cancel
					 * lure wording, nothing else */
#define CHECK_LIMIT	(1u << 9)	/* analysis met a limit: at least a tag when the
					 * message carries a brand signal */
#define CHECK_HISTORY	(1u << 10)	/* what the site's history says: never below 0,
					 * and only beside its needs */
#define CHECK_HINT	(1u << 11)	/* a weak hint about the brand hint (a lookalike
					 * of an ordinary word, a host named after a
					 * product): its weight only when the message
					 * claims that brand or lure wording asks, else
					 * its unclaimed score, deceiving no one */

typedef struct check_finding {
    rp_symbol symbol;
    double  weight;			/* the score, unless the context changes it */
    char   *reason;			/* whole, uncapped; owned */
    const char *url;			/* the deceptive link (the features'), or NULL */
    unsigned facts;			/* CHECK_* */
    unsigned needs;			/* counts only when another finding has one of
					 * these facts (0: always; the context's rule) */
    const rp_brand *hint;		/* CHECK_HINT: the brand a claim must name */
    double  unclaimed;			/* CHECK_HINT: the score without such a claim */
} check_finding;

/* A registrable domain the message carried, for the history (rp_check_history.c). */
typedef struct check_site {
    char   *domain;			/* registrable, A-label, lower case; owned */
    char   *host;			/* the first host of it linked to; owned */
    int     deceptive;			/* a finding found a link to it deceptive */
} check_site;

typedef struct check_state {
    const rp_engine *engine;
    const rp_features *f;
    const rp_dkim_report *dkim;		/* our own DKIM verification, or NULL */
    const rp_history_reader *history;	/* the site's history, or NULL */
    /* What the sender check learnt, for the link and authentication checks. */
    const char *from_domain;		/* first From address's domain */
    const rp_brand *from_owner;		/* brand that owns the From domain */
    const rp_brand *from_instance;	/* brand whose software the From host runs */
    int     instance_named;		/* the From display name names from_instance */
    int     from_lookalike;		/* the From domain imitates a brand */
    char   *subject;			/* normalised subject ("" if none) */
    char   *body;			/* normalised visible text */
    size_t  body_len;
    check_finding *findings;		/* in the order found */
    size_t  nfindings, findings_cap;
    GHashTable *domains;		/* host -> rp_domain_check() answer, this message's */
    GHashTable *text_hosts;		/* link text -> host it shows, or "" (rp_check_link.c) */
    /* What the history pass gathered, for the history and the verdict. */
    char   *sender_site;		/* the From domain's registrable domain, or NULL */
    const char *sender_brand;		/* the brand its display name claims, or NULL */
    check_site *sites;			/* link domains, deceptive ones first */
    size_t  nsites, sites_cap;
} check_state;

#define CHECK_HOST_MAX	256		/* bytes of a host name read from text, with NUL */
#define CHECK_HINT_BRANDS 8		/* hint brands judged; any more count as claimed */
#define CHECK_WORD_HINT	1.0		/* an unclaimed lookalike of an ordinary word */

/* rp_check_state.c: the state, findings and the host cache */
void    rp_check_state_init(check_state *st, const rp_engine *engine,
			    const rp_features *f, const rp_dkim_report *dkim,
			    const rp_history_reader *history);
void    rp_check_state_free(check_state *st);
char   *rp_check_reading(const check_state *st, const char *text, size_t len,
			 size_t *out_len);
check_finding *rp_check_add(check_state *st, rp_symbol symbol, unsigned facts,
			    const char *url, const char *fmt, ...)
	    __attribute__((format(printf, 5, 6)));
int     rp_check_domain(check_state *st, const char *host, rp_domain_match *m);
const char *rp_check_site(const check_state *st, const char *host);
int     rp_check_self_hosted(const check_state *st, const rp_domain_match *m,
			     const char *host);
void    rp_check_hints(check_state *st, size_t from, const rp_brand *brand,
		       double unclaimed);

/* The passes, in the order rp_check.c runs them. */
void    rp_check_senders(check_state *st);	/* rp_check_sender.c */
void    rp_check_links(check_state *st);	/* rp_check_link.c */
void    rp_check_lures(check_state *st);	/* rp_check_lure.c */
void    rp_check_packages(check_state *st);	/* rp_check_package.c */
void    rp_check_auth(check_state *st);		/* rp_check_auth.c */
void    rp_check_platform(check_state *st);	/* rp_check_platform.c */
void    rp_check_hidden(check_state *st);	/* rp_check_hidden.c */
/* rp_check_history.c: after every other finding (its needs read them) */
void    rp_check_history(check_state *st);
void    rp_check_history_domains(const check_state *st, rp_verdict *verdict);

/* rp_check_context.c: what the findings say about each other, then the verdict */
typedef struct check_context {
    int     deceptive;			/* some link deceives: no authentication credit */
    double  claims;			/* brand-claim and lure weight a credit may clear */
    double  wording;			/* lure wording weight, the most discussion cancels */
    int     brand_signal;		/* a lookalike, a pose or a brand named */
    double  floor;			/* the tag threshold, when a limit was met */
    unsigned present;			/* facts of the findings with no needs */
    int     asks;			/* lure wording asks something (CHECK_ASK) */
    const rp_brand *claimed[CHECK_HINT_BRANDS];	/* hint brands the message claims */
    const rp_brand *unclaimed[CHECK_HINT_BRANDS];	/* and those it does not */
    size_t  nclaimed, nunclaimed;
} check_context;

void    rp_check_context(const check_state *st, check_context *ctx);
void    rp_check_score(const check_state *st, const check_context *ctx,
		       rp_verdict *verdict);

#endif
