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
 *	Hints.  A lookalike whose label is an ordinary word (nugget.com)
 *	and a host named after a brand's product (gitlab.gnome.org in
 *	mail from elsewhere) are weak hints about one brand (CHECK_HINT):
 *	at full weight when the message claims that brand (a display
 *	name, the subject or the text names it, in any letters) or when
 *	lure wording asks something of the reader; else with their small
 *	unclaimed score, deceiving no one (no defanging, no block on the
 *	authentication credit).  A dictionary-word lookalike that claims
 *	the brand is caught as any other.
 *
 *	History.  What the site's history says (CHECK_HISTORY: a first
 *	contact, a domain seen only lately) is no evidence on its own:
 *	most new correspondents are genuine.  Such a finding counts only
 *	when another finding has one of the facts it needs (a brand claim,
 *	a lookalike, lure wording), and never below 0: history only ever
 *	adds to a verdict.
 *
 *	rp_check_score() then adds every finding to the verdict, in the
 *	order found, with the score its context gives it, and a note when
 *	the context changed it; the credit's reason says what it cleared.
 *	Each deceptive URL goes to the verdict's list, for defanging.
 */
#include "config.h"

#include <stdio.h>
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

/* mentioned - a display name, the subject or the text names brand */
static int mentioned(const check_state *st, const rp_brand *brand)
{
    const rp_brands *brands = st->engine->brands;
    const rp_features *f = st->f;
    char   *name;
    size_t  i;
    int     named;

    if (rp_brands_mentions(brands, st->subject, NULL, brand)
	|| rp_brands_subject_template(brands, st->subject) == brand
	|| rp_brands_mentions(brands, st->body, NULL, brand))
	return 1;
    for (i = 0; i < f->naddrs; i++) {
	if (f->addrs[i].display == NULL)
	    continue;
	name = rp_text_normalize(f->addrs[i].display, strlen(f->addrs[i].display), NULL);
	named = rp_brands_mentions(brands, name, NULL, brand);
	free(name);
	if (named)
	    return 1;
    }
    return 0;
}

/* listed - brand is one of the n of list */
static int listed(const rp_brand *const *list, size_t n, const rp_brand *brand)
{
    size_t  i;

    for (i = 0; i < n; i++)
	if (list[i] == brand)
	    return 1;
    return 0;
}

/* judge_hints - which brands the hints are about the message claims */
static void judge_hints(const check_state *st, check_context *ctx)
{
    const rp_brand *brand;
    size_t  i;

    ctx->nclaimed = ctx->nunclaimed = 0;
    for (i = 0; i < st->nfindings; i++) {
	if (!(st->findings[i].facts & CHECK_HINT) || (brand = st->findings[i].hint) == NULL
	    || listed(ctx->claimed, ctx->nclaimed, brand)
	    || listed(ctx->unclaimed, ctx->nunclaimed, brand))
	    continue;
	if (ctx->nclaimed + ctx->nunclaimed >= CHECK_HINT_BRANDS)
	    return;			/* more brands than judged: the rest count */
	if (mentioned(st, brand))
	    ctx->claimed[ctx->nclaimed++] = brand;
	else
	    ctx->unclaimed[ctx->nunclaimed++] = brand;
    }
}

/* weak - a hint whose brand the message does not claim, beside no lure wording */
static int weak(const check_context *ctx, const check_finding *fd)
{
    return (fd->facts & CHECK_HINT) && !ctx->asks
	&& listed(ctx->unclaimed, ctx->nunclaimed, fd->hint);
}

/* deceptive_link - some finding found a link deceptive */
static int deceptive_link(const check_state *st, const check_context *ctx)
{
    size_t  i;

    for (i = 0; i < st->nfindings; i++)
	if (st->findings[i].url != NULL && !weak(ctx, st->findings + i))
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

/*
 * facts_present - the facts of the findings that need none, weak hints
 * aside: a lookalike of an ordinary word that claims nothing is no
 * evidence a first contact could add to
 */
static unsigned facts_present(const check_state *st, const check_context *ctx)
{
    unsigned facts = 0;
    size_t  i;

    for (i = 0; i < st->nfindings; i++)
	if (st->findings[i].needs == 0 && !weak(ctx, st->findings + i))
	    facts |= st->findings[i].facts;
    return facts;
}

/* rp_check_context - what the findings say together */
void    rp_check_context(const check_state *st, check_context *ctx)
{
    ctx->claims = weight_of(st, CHECK_CLAIM);
    ctx->wording = weight_of(st, CHECK_ASK);
    ctx->asks = ctx->wording > 0;
    judge_hints(st, ctx);
    ctx->present = facts_present(st, ctx);
    ctx->deceptive = deceptive_link(st, ctx);
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

/* unmet - the finding needs facts no other finding has */
static int unmet(const check_context *ctx, const check_finding *fd)
{
    return fd->needs != 0 && (ctx->present & fd->needs) == 0;
}

/* finding_score - a finding's score in its context, before limits */
static double finding_score(const check_context *ctx, const check_finding *fd)
{
    if (unmet(ctx, fd))
	return 0;
    if (weak(ctx, fd))
	return fd->unclaimed < fd->weight ? fd->unclaimed : fd->weight;
    if (fd->facts & CHECK_HISTORY)
	return fd->weight > 0 ? fd->weight : 0;
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
    char    hint[256];
    double  score;
    size_t  i;

    for (i = 0; i < st->nfindings; i++) {
	fd = st->findings + i;
	score = finding_score(ctx, fd);
	said = "";
	if (weak(ctx, fd)) {
	    snprintf(hint, sizeof(hint), " (a weak hint: the message neither claims %s"
		     " nor asks anything)", rp_brand_name(fd->hint));
	    said = hint;
	} else if (unmet(ctx, fd))
	    said = fd->needs == CHECK_ASK ? " (counts only with lure wording)"
		: " (counts only with a brand claim, a lookalike or lure wording)";
	else if (fd->facts & CHECK_CREDIT)
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
	if (fd->url != NULL && !weak(ctx, fd))
	    rp_verdict_add_url(verdict, fd->url);
    }
}
