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
 *	(rp_check_state.h) and says what they mean together.  One rule
 *	holds throughout: the sender writes every word of a message, so
 *	words can only ever cancel other words.  Nothing the text says (or
 *	leaves unsaid) clears evidence about domains, links, senders or
 *	authentication.
 *
 *	Discussion.  Mail about phishing (an advisory, an incident report,
 *	a thread quoting a lure) carries the lure wording it quotes.  When
 *	the lure rules say the shown text discusses phishing
 *	(ABOUT_PHISHING, CHECK_DISCUSSES), that finding cancels lure
 *	wording up to its own weight, and nothing more: the lookalikes
 *	such mail links still count, as they would for the reader who
 *	clicks them.
 *
 *	The authentication credit.  An aligned pass clears the brand
 *	claims and lure wording found, up to its own weight, unless a link
 *	deceives: genuine platform mail carries user-written text (issues,
 *	comments), and its wording is the brand's only if no link in it
 *	deceives.
 *
 *	Limits.  A message that met an analysis limit (CHECK_LIMIT) may
 *	hide something past it.  When it also carries a brand signal (a
 *	lookalike, a pose as a brand, a brand named in the subject, a
 *	display name or the text) the limit's score is raised so that the
 *	message is at least tagged, with the reason.
 *
 *	rp_check_score() then adds every finding to the verdict, in the
 *	order found, with the score its context gives it, and a note when
 *	the context changed it; the credit's reason says what it cleared.
 *	Each deceptive URL goes to the verdict's list, for defanging.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "rp_check_state.h"
#include "rp_policy.h"
#include "rp_text.h"
#include "rp_util.h"
#include "rp_verdict.h"

/* any_finding - some finding has one of the facts */
static int any_finding(const check_state *st, unsigned facts)
{
    size_t  i;

    for (i = 0; i < st->nfindings; i++)
	if (st->findings[i].facts & facts)
	    return 1;
    return 0;
}

/* weight_of - the weight of the findings with facts, each symbol counted once */
static double weight_of(const check_state *st, unsigned facts)
{
    unsigned char seen[RP_SYM_COUNT];
    const check_finding *fd;
    double  sum = 0;
    size_t  i;

    memset(seen, 0, sizeof(seen));
    for (i = 0; i < st->nfindings; i++) {
	fd = st->findings + i;
	if ((fd->facts & facts) && !seen[fd->symbol])
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

/* brand_named - a brand is named in the subject, a display name or the text */
static int brand_named(const check_state *st)
{
    const rp_brands *brands = st->engine->brands;
    const rp_features *f = st->f;
    char   *name;
    size_t  i;
    int     named;

    if (rp_brands_claimed(brands, st->subject) || rp_brands_claimed(brands, st->body))
	return 1;
    for (i = 0; i < f->naddrs; i++) {
	if (f->addrs[i].display == NULL)
	    continue;
	name = rp_text_normalize(f->addrs[i].display, strlen(f->addrs[i].display), NULL);
	named = rp_brands_claimed(brands, name) != NULL;
	free(name);
	if (named)
	    return 1;
    }
    return 0;
}

/* rp_check_context - what the findings say together */
void    rp_check_context(const check_state *st, check_context *ctx)
{
    ctx->deceptive = deceptive_link(st);
    ctx->claims = weight_of(st, CHECK_CLAIM);
    ctx->wording = weight_of(st, CHECK_ASK);
    ctx->floor = 0;
    ctx->brand_signal = 0;
    if (any_finding(st, CHECK_LIMIT)) {
	ctx->brand_signal = any_finding(st, CHECK_LOOKALIKE | CHECK_WHERE | CHECK_POSE)
	    || brand_named(st);
	ctx->floor = rp_policy_tag_threshold(st->engine->settings);
    }
}

/* credit - the score of an aligned pass whose weight (negative) is the most it clears */
static double credit(const check_context *ctx, double weight)
{
    if (ctx->deceptive || ctx->claims <= 0)
	return 0;
    return -weight < ctx->claims ? weight : -ctx->claims;
}

/* discussion - the score of wording that discusses phishing: it cancels wording only */
static double discussion(const check_context *ctx, double weight)
{
    if (weight >= 0)
	return weight;
    return -weight < ctx->wording ? weight : -ctx->wording;
}

/* finding_score - a finding's score in its context, before limits */
static double finding_score(const check_context *ctx, const check_finding *fd)
{
    if (fd->facts & CHECK_CREDIT)
	return credit(ctx, fd->weight);
    if (fd->facts & CHECK_DISCUSSES)
	return discussion(ctx, fd->weight);
    return fd->weight;
}

/* limit_score - the score of a limit: enough to reach the floor with a brand signal */
static double limit_score(const check_state *st, const check_context *ctx,
			          const check_finding *limit)
{
    unsigned char seen[RP_SYM_COUNT];
    const check_finding *fd;
    double  others = 0;
    size_t  i;

    if (!ctx->brand_signal)
	return limit->weight;
    memset(seen, 0, sizeof(seen));
    seen[limit->symbol] = 1;
    for (i = 0; i < st->nfindings; i++) {
	fd = st->findings + i;
	if (!seen[fd->symbol])
	    others += finding_score(ctx, fd);
	seen[fd->symbol] = 1;
    }
    return others + limit->weight < ctx->floor ? ctx->floor - others : limit->weight;
}

/* rp_check_score - every finding into the verdict, in its context */
void    rp_check_score(const check_state *st, const check_context *ctx,
		               rp_verdict *verdict)
{
    const check_finding *fd;
    const char *said;
    double  score;
    size_t  i;

    for (i = 0; i < st->nfindings; i++) {
	fd = st->findings + i;
	score = finding_score(ctx, fd);
	said = "";
	if (fd->facts & CHECK_CREDIT)
	    said = ctx->deceptive ? ": but deceptive links keep its wording suspect"
		: ": clears brand claims and lure wording";
	else if (fd->facts & CHECK_DISCUSSES)
	    said = " (discussing phishing cancels lure wording only)";
	else if (fd->facts & CHECK_LIMIT) {
	    score = limit_score(st, ctx, fd);
	    if (score > fd->weight)
		said = "; the message carries a brand signal, so it is at least tagged";
	}
	rp_verdict_add(verdict, fd->symbol, score, *said ? said : NULL, "%s", fd->reason);
	if (fd->url != NULL)
	    rp_verdict_add_url(verdict, fd->url);
    }
}
