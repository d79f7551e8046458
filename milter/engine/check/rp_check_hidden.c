/*
 * NAME
 *	rp_check_hidden 3
 * SUMMARY
 *	what is kept from the reader: hidden text, unseen alternatives, bidi
 * SYNOPSIS
 *	#include "rp_check_state.h"
 *
 *	void	rp_check_hidden(check_state *st)
 * DESCRIPTION
 *	The parser keeps apart what a mail client would not show: text
 *	that markup or CSS hides in the parts shown (f->hidden) and the
 *	text of the alternatives a client does not render (f->unseen).
 *	Neither is read for lure wording by rp_check_lures(), so neither
 *	can dilute, decoy or switch off what the reader is shown.  Here
 *	each is judged for what it is:
 * .IP \(bu
 *	HIDDEN_LURE: hidden text says what the lure rules look for (lure
 *	wording, or wording that discusses phishing) and the shown text
 *	does not say it.  Text nobody reads is written for filters.
 * .IP \(bu
 *	ALT_MISMATCH: the alternatives disagree.  The unseen alternative
 *	says what the shown one does not, or the shown one asks what the
 *	unseen one does not (a decoy for filters that read text/plain).
 * .IP \(bu
 *	BIDI_OVERRIDE: bidi override characters reorder what the reader
 *	sees (the parser resolves them for matching and sets
 *	RP_MSG_BIDI_OVERRIDE).
 * .PP
 *	rp_check_hidden() must run after rp_check_lures(): the shown
 *	text's lure symbols are its findings.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rp_check_state.h"
#include "rp_lure.h"
#include "rp_text.h"
#include "rp_util.h"

#define SAID_EXCERPT	96		/* bytes of a rule's excerpt kept */

/* What the lure rules found in one text. */
typedef struct said_set {
    unsigned char said[RP_SYM_COUNT];
    char    excerpt[RP_SYM_COUNT][SAID_EXCERPT];	/* "" for the shown text */
} said_set;

/* said_hit - rp_lure_hit callback: remember each symbol said, with its excerpt */
static void said_hit(void *ctx, rp_symbol symbol, double weight, const char *excerpt)
{
    said_set *s = ctx;

    (void) weight;
    s->said[symbol] = 1;
    snprintf(s->excerpt[symbol], SAID_EXCERPT, "%s", excerpt);
}

/* shown_said - the lure symbols rp_check_lures() found in the shown text */
static void shown_said(const check_state *st, said_set *s)
{
    size_t  i;

    memset(s, 0, sizeof(*s));
    for (i = 0; i < st->nfindings; i++)
	if (rp_symbol_kind_of(st->findings[i].symbol) == RP_SYMBOL_LURE)
	    s->said[st->findings[i].symbol] = 1;
}

/* text_said - what the lure rules find in one kept-apart text */
static void text_said(const check_state *st, const rp_buf *text, said_set *s)
{
    char   *norm;
    size_t  len;

    memset(s, 0, sizeof(*s));
    if (text->len == 0)
	return;
    norm = rp_text_normalize(text->data, text->len, &len);
    rp_lures_match(st->engine->lures, NULL, norm, len, said_hit, s);
    free(norm);
}

/* first_new - the first symbol of a that b does not have, or RP_SYM_NONE */
static rp_symbol first_new(const said_set *a, const said_set *b)
{
    int     i;

    for (i = 0; i < RP_SYM_COUNT; i++)
	if (a->said[i] && !b->said[i])
	    return (rp_symbol) i;
    return RP_SYM_NONE;
}

/* rp_check_hidden - judge what the reader is not shown */
void    rp_check_hidden(check_state *st)
{
    const rp_features *f = st->f;
    said_set shown, hidden, unseen;
    rp_symbol sym;

    shown_said(st, &shown);
    text_said(st, &f->hidden, &hidden);
    if ((sym = first_new(&hidden, &shown)) != RP_SYM_NONE)
	rp_check_add(st, RP_SYM_HIDDEN_LURE, 0, NULL,
		     "text hidden from the reader says \"%s\" (%s), the shown text does not",
		     hidden.excerpt[sym], rp_symbol_name(sym));
    if (f->flags & RP_MSG_ALT_UNSEEN) {
	text_said(st, &f->unseen, &unseen);
	if ((sym = first_new(&unseen, &shown)) != RP_SYM_NONE)
	    rp_check_add(st, RP_SYM_ALT_MISMATCH, 0, NULL,
			 "the alternative a client does not show says \"%s\" (%s), "
			 "the shown one does not", unseen.excerpt[sym], rp_symbol_name(sym));
	else if (f->unseen.len > 0 && (sym = first_new(&shown, &unseen)) != RP_SYM_NONE
		 && rp_symbol_kind_of(sym) == RP_SYMBOL_LURE)
	    rp_check_add(st, RP_SYM_ALT_MISMATCH, 0, NULL,
			 "the part a client shows says what its alternative does not (%s)",
			 rp_symbol_name(sym));
    }
    if (f->flags & RP_MSG_BIDI_OVERRIDE)
	rp_check_add(st, RP_SYM_BIDI_OVERRIDE, 0, NULL,
		     "bidi override characters reorder what the reader sees");
}
