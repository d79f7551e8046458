/*
 * NAME
 *	rp_check_context 3
 * SUMMARY
 *	reading the findings in context, then writing the verdict once
 * SYNOPSIS
 *	#include "rp_check_state.h"
 *
 *	void	rp_check_context(const check_state *st, check_context *ctx)
 *	void	rp_check_score(const check_state *st,
 *			       const check_context *ctx, rp_verdict *verdict)
 * DESCRIPTION
 *	rp_check_context() reads the facts of all of a message's findings
 *	(rp_check_state.h) and says what they mean together:
 *
 *	Mentions.  Mail about phishing (an advisory, an incident report, a
 *	thread quoting a lure) links the lookalikes it warns of.  When the
 *	lure rules say the text discusses phishing (ABOUT_PHISHING, which
 *	fires on analysts' wording, not on "beware of phishing") and the
 *	message does not itself pose as a brand, its lookalike links are
 *	mentioned, not used: they count for nothing.  Any pose (a
 *	lookalike sender, a brand claim, link text or userinfo showing a
 *	brand) keeps them counting.
 *
 *	Namesakes.  A lookalike domain in mail that names no brand (in the
 *	subject or the text) and asks nothing of its reader is most likely
 *	an unrelated business a letter away from a brand (a clothing shop
 *	at dockers.com, a restaurant at nugget.com): the technique still
 *	counts, the where-symbols do not.
 *
 *	The authentication credit.  An aligned pass clears the brand
 *	claims and lure wording found, up to its own weight, unless a link
 *	deceives: genuine platform mail carries user-written text (issues,
 *	comments), and its wording is the brand's only if no link in it
 *	deceives.
 *
 *	rp_check_score() then adds every finding to the verdict, in the
 *	order found, with the score its context gives it: a finding that
 *	counts for nothing keeps its symbol with score 0 and a note saying
 *	why; the credit's reason says what it cleared.  Each deceptive URL
 *	goes to the verdict's list, for defanging.
 */
#include "config.h"

#include <string.h>

#include "rp_check_state.h"
#include "rp_util.h"
#include "rp_verdict.h"

static const char mentions_note[] =
    " (mentioned in mail about phishing, which does not pose as the brand)";
static const char namesake_note[] =
    " (the message names no brand and asks nothing: an unrelated namesake?)";

/* any_finding - some finding has every fact of facts (and symbol, unless RP_SYM_NONE) */
static int any_finding(const check_state *st, rp_symbol symbol, unsigned facts)
{
    size_t  i;

    for (i = 0; i < st->nfindings; i++)
	if ((st->findings[i].facts & facts) == facts
	    && (symbol == RP_SYM_NONE || st->findings[i].symbol == symbol))
	    return 1;
    return 0;
}

/* claim_weight - the weight of the claims, each symbol counted once */
static double claim_weight(const check_state *st)
{
    unsigned char seen[RP_SYM_COUNT];
    const check_finding *fd;
    double  sum = 0;
    size_t  i;

    memset(seen, 0, sizeof(seen));
    for (i = 0; i < st->nfindings; i++) {
	fd = st->findings + i;
	if ((fd->facts & CHECK_CLAIM) && !seen[fd->symbol])
	    sum += fd->weight;
	seen[fd->symbol] = 1;
    }
    return sum;
}

/* deceptive_link - some finding found a link deceptive */
static int deceptive_link(const check_state *st)
{
    size_t  i;

    for (i = 0; i < st->nfindings; i++)
	if (st->findings[i].url != NULL)
	    return 1;
    return 0;
}

/* rp_check_context - what the findings say together */
void    rp_check_context(const check_state *st, check_context *ctx)
{
    const rp_brands *brands = st->engine->brands;
    int     poses = any_finding(st, RP_SYM_NONE, CHECK_POSE);

    ctx->mentions = any_finding(st, RP_SYM_ABOUT_PHISHING, 0)
	&& !any_finding(st, RP_SYM_NONE, CHECK_SENDER | CHECK_WHERE) && !poses;
    ctx->namesake = any_finding(st, RP_SYM_NONE, CHECK_WHERE)
	&& !any_finding(st, RP_SYM_NONE, CHECK_ASK) && !poses
	&& rp_brands_claimed(brands, st->subject) == NULL
	&& rp_brands_claimed(brands, st->body) == NULL;
    ctx->deceptive = deceptive_link(st);
    ctx->claims = claim_weight(st);
}

/* credit - the score of an aligned pass whose weight (negative) is the most it clears */
static double credit(const check_context *ctx, double weight)
{
    if (ctx->deceptive || ctx->claims <= 0)
	return 0;
    return -weight < ctx->claims ? weight : -ctx->claims;
}

/* rp_check_score - every finding into the verdict, in its context */
void    rp_check_score(const check_state *st, const check_context *ctx,
		               rp_verdict *verdict)
{
    const check_finding *fd;
    const char *cleared;
    double  score;
    rp_buf  note;
    size_t  i;

    rp_buf_init(&note);
    for (i = 0; i < st->nfindings; i++) {
	fd = st->findings + i;
	score = fd->weight;
	cleared = "";
	rp_buf_reset(&note);
	if (ctx->mentions && (fd->facts & CHECK_LINK)
	    && (fd->facts & (CHECK_LOOKALIKE | CHECK_WHERE))) {
	    score = 0;
	    rp_buf_puts(&note, mentions_note);
	}
	if (ctx->namesake && (fd->facts & CHECK_WHERE)) {
	    score = 0;
	    rp_buf_puts(&note, namesake_note);
	}
	if (fd->facts & CHECK_CREDIT) {
	    score = credit(ctx, fd->weight);
	    cleared = ctx->deceptive ? ": but deceptive links keep its wording suspect"
		: ": clears brand claims and lure wording";
	}
	rp_verdict_add(verdict, fd->symbol, score, note.len ? note.data : NULL,
		       "%s%s", fd->reason, cleared);
	if (fd->url != NULL)
	    rp_verdict_add_url(verdict, fd->url);
    }
    rp_buf_free(&note);
}
