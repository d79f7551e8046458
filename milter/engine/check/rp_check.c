/*
 * NAME
 *	rp_check 3
 * SUMMARY
 *	the checks, from features to a verdict
 * SYNOPSIS
 *	#include "rp_check.h"
 *
 *	void	rp_check_message(const rp_engine *engine, const rp_features *f,
 *				 const rp_dkim_report *dkim,
 *				 const rp_history_reader *history,
 *				 rp_verdict *verdict)
 * DESCRIPTION
 *	rp_check_message() asks five questions of a message, each a pass
 *	of its own file, and records every answer as a finding: a named
 *	symbol whose weight comes from rules/symbols.conf (lure symbols:
 *	rules/lures.rules), with a reason a person can read.
 *
 *	Senders (rp_check_sender.c): does an address use a domain that
 *	imitates a brand; do the display name or the subject claim one?
 *
 *	Links (rp_check_link.c): does a link go to a lookalike, a bare IP
 *	address, a shortener, a brand-named page on free hosting, a
 *	brand's OAuth consent page with a foreign redirect or dangerous
 *	scopes; does it hide its host behind userinfo; does its text show
 *	another domain?
 *
 *	Lures (rp_check_lure.c): what do the lure rules find in the
 *	subject and the text?
 *
 *	Packages (rp_check_package.c): does the text ask the reader to
 *	install a typosquat of a popular package, or a malicious one?
 *
 *	Authentication (rp_check_auth.c): what do trusted
 *	Authentication-Results and our own DKIM verification (dkim, when
 *	not NULL) say about the From domain?
 *
 *	What is kept from the reader (rp_check_hidden.c): does hidden text
 *	or an alternative a client does not show say what the shown text
 *	does not; do bidi overrides reorder what the reader sees?
 *
 *	Platforms (rp_check_platform.c): in a genuine notification of a
 *	code platform, is the text its user wrote a lure?
 *
 *	Here too: whether parsing met a limit.
 *
 *	History (rp_check_history.c), last, as it reads the other
 *	findings: has this site seen the sender's domain, the link
 *	domains, before (history, when not NULL)?  It also gathers the
 *	domains the verdict hands the program to record.
 *
 *	Only when every finding
 *	is in does the context pass (rp_check_context.c) read them
 *	together (how much lure wording a discussion of phishing cancels,
 *	how much an aligned pass clears, whether a limit hides something
 *	in mail that carries a brand signal); then the
 *	findings are scored in that context and written to the verdict,
 *	once.  No check reads the verdict.
 */
#include "config.h"

#include "rp_check.h"
#include "rp_check_state.h"

/* check_structure - say when parsing was incomplete */
static void check_structure(check_state *st)
{
    unsigned flags = st->f->flags;

    if (flags & RP_MSG_MIME_BROKEN)
	rp_check_add(st, RP_SYM_MIME_BROKEN, 0, NULL,
		     "the MIME structure is broken; what could be read was analysed");
    if (flags & RP_MSG_ATTACH_BROKEN)
	rp_check_add(st, RP_SYM_MIME_BROKEN, 0, NULL,
		     "an attached file is malformed or encrypted:%s%s%s%s%s; what could be read"
		     " was analysed",
		     (st->f->attach_broken & RP_LINK_IN_PDF) ? " PDF" : "",
		     (st->f->attach_broken & RP_LINK_IN_SVG) ? " SVG" : "",
		     (st->f->attach_broken & RP_LINK_IN_CALENDAR) ? " calendar" : "",
		     (st->f->attach_broken & RP_LINK_IN_QR) ? " image" : "",
		     (st->f->attach_broken & RP_LINK_IN_HTML_FILE) ? " HTML" : "");
    if (flags & (RP_MSG_TOO_DEEP | RP_MSG_TOO_MANY_PARTS | RP_MSG_TOO_MANY_LINKS
		 | RP_MSG_TEXT_TRUNCATED | RP_MSG_ATTACH_LIMITS))
	rp_check_add(st, RP_SYM_MIME_LIMIT, CHECK_LIMIT, NULL, "analysis met a limit:%s%s%s%s%s%s%s%s",
		     (flags & RP_MSG_TOO_DEEP) ? " nesting depth" : "",
		     (flags & RP_MSG_TOO_MANY_PARTS) ? " part count" : "",
		     (flags & RP_MSG_TOO_MANY_LINKS) ? " link count" : "",
		     (flags & RP_MSG_TEXT_TRUNCATED) ? " text size" : "",
		     (flags & RP_MSG_ATTACH_COUNT) ? " attachment count (the rest searched raw)" : "",
		     (flags & RP_MSG_ATTACH_BYTES) ? " attachment size (searched raw)" : "",
		     (flags & RP_MSG_ATTACH_PAGES) ? " PDF pages (the first read)" : "",
		     (flags & RP_MSG_ATTACH_PIXELS) ? " image pixels (not decoded)" : "");
}

/* rp_check_message - gather the findings, read them in context, score them */
void    rp_check_message(const rp_engine *engine, const rp_features *f,
			         const rp_dkim_report *dkim,
			         const rp_history_reader *history, rp_verdict *verdict)
{
    check_state st;
    check_context ctx;

    rp_check_state_init(&st, engine, f, dkim, history);
    rp_check_senders(&st);
    rp_check_links(&st);
    rp_check_lures(&st);
    rp_check_packages(&st);
    rp_check_auth(&st);
    rp_check_platform(&st);
    rp_check_hidden(&st);
    check_structure(&st);
    rp_check_history(&st);
    rp_check_context(&st, &ctx);
    rp_check_score(&st, &ctx, verdict);
    rp_check_history_domains(&st, verdict);
    rp_check_state_free(&st);
}
