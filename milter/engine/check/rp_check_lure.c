/*
 * NAME
 *	rp_check_lure 3
 * SUMMARY
 *	the lure check: what the lure rules find in the subject and text
 * SYNOPSIS
 *	#include "rp_check_state.h"
 *
 *	void	rp_check_lures(check_state *st)
 * DESCRIPTION
 *	rp_check_lures() runs the lure rules (rules/lures.rules) over the
 *	normalised subject and text; each symbol that matched is a finding
 *	weighed by its rule.  Lure wording alone is capped at the config's
 *	lure_max, below the tag threshold: genuine registry security mail
 *	is urgent too.  Wording of positive weight asks something of the
 *	reader and is cleared by an aligned pass (CHECK_ASK, CHECK_CLAIM);
 *	wording of negative weight (ABOUT_PHISHING) discusses phishing and
 *	may cancel lure wording only (CHECK_DISCUSSES, rp_check_context.c).
 *	Only the text shown to the reader is read here: hidden text and
 *	the alternatives a client does not show are rp_check_hidden's.
 */
#include "config.h"

#include "rp_check_state.h"

typedef struct lure_ctx {
    check_state *st;
    double  cap;			/* lure_max */
    double  total;			/* positive lure weight so far */
} lure_ctx;

/* lure_hit - a lure rule matched; positive lure weight is capped */
static void lure_hit(void *ctx, rp_symbol symbol, double weight, const char *excerpt)
{
    lure_ctx *lc = ctx;
    double  score = weight;
    check_finding *fd;
    unsigned facts;

    if (weight > 0) {
	if (score > lc->cap - lc->total)
	    score = lc->cap - lc->total > 0 ? lc->cap - lc->total : 0;
	lc->total += score;
    }
    facts = weight > 0 ? CHECK_ASK | CHECK_CLAIM : weight < 0 ? CHECK_DISCUSSES : 0;
    if (score < weight)
	fd = rp_check_add(lc->st, symbol, facts, NULL,
			  "text says \"%s\" (lure wording capped at %g in all)", excerpt, lc->cap);
    else
	fd = rp_check_add(lc->st, symbol, facts, NULL, "text says \"%s\"", excerpt);
    fd->weight = score;			/* its rule's, not symbols.conf's */
}

/* rp_check_lures - run the lure rules over the normalised subject and text */
void    rp_check_lures(check_state *st)
{
    lure_ctx lc;

    lc.st = st;
    lc.cap = st->engine->settings->lure_max;
    lc.total = 0;
    rp_lures_match(st->engine->lures, st->subject, st->body, st->body_len, lure_hit, &lc);
}
