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
 *	ALT_MISMATCH: the alternatives disagree the way a decoy for
 *	filters that read text/plain does: the unseen alternative
 *	discusses phishing and the shown one does not, or the shown one
 *	asks (lure wording) and the unseen one asks nothing at all.
 *	(Alternatives that word the same lure a little differently, as
 *	text/plain renderings of HTML and Markdown do, are no mismatch.
 *	The text of attached files is shown beside either alternative:
 *	it is no part of the shown one here.)
 * .IP \(bu
 *	BIDI_OVERRIDE: bidi override characters reorder what the reader
 *	sees (the parser resolves them for matching and sets
 *	RP_MSG_BIDI_OVERRIDE).
 * .PP
 *	Each text is read with the subject, which the reader sees whatever
 *	part is shown.  rp_check_hidden() must run after rp_check_lures():
 *	the shown text's lure symbols are its findings.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rp_check_state.h"
#include "rp_lure.h"
#include "rp_util.h"

#define SAID_EXCERPT	96		/* bytes of a rule's excerpt kept */

/* What the lure rules found in one text. */
typedef struct said_set {
    unsigned char said[RP_SYM_COUNT];
    signed char sign[RP_SYM_COUNT];	/* 1 wording that asks, -1 that discusses */
    char    excerpt[RP_SYM_COUNT][SAID_EXCERPT];	/* "" for the shown text */
} said_set;

/* said_hit - rp_lure_hit callback: remember each symbol said, with its excerpt */
static void said_hit(void *ctx, rp_symbol symbol, double weight, const char *excerpt)
{
    said_set *s = ctx;

    s->said[symbol] = 1;
    s->sign[symbol] = weight > 0 ? 1 : weight < 0 ? -1 : 0;
    snprintf(s->excerpt[symbol], SAID_EXCERPT, "%s", excerpt);
}

/* shown_said - the lure symbols rp_check_lures() found in the shown text */
static void shown_said(const check_state *st, said_set *s)
{
    const check_finding *fd;
    size_t  i;

    memset(s, 0, sizeof(*s));
    for (i = 0; i < st->nfindings; i++) {
	fd = st->findings + i;
	if (rp_symbol_kind_of(fd->symbol) == RP_SYMBOL_LURE) {
	    s->said[fd->symbol] = 1;
	    s->sign[fd->symbol] = (fd->facts & CHECK_ASK) ? 1
		: (fd->facts & CHECK_DISCUSSES) ? -1 : 0;
	}
    }
}

/* text_said - what the lure rules find in the subject and one kept-apart text */
static void text_said(const check_state *st, const rp_buf *text, said_set *s)
{
    char   *norm;
    size_t  len;

    memset(s, 0, sizeof(*s));
    if (text->len == 0)
	return;
    norm = rp_check_reading(st, text->data, text->len, &len);
    rp_lures_match(st->engine->lures, st->subject, norm, len, said_hit, s);
    free(norm);
}

/*
 * alternative_said - what the lure rules find in the shown alternative:
 * the shown text less the spans attached files added to it (a file is
 * shown whichever alternative a client picks)
 */
static void alternative_said(const check_state *st, said_set *s)
{
    const rp_features *f = st->f;
    size_t  span[2], at = 0, i;
    rp_buf  t;

    rp_buf_init(&t);
    for (i = 0; i + sizeof(span) <= f->files_at.len; i += sizeof(span)) {
	memcpy(span, f->files_at.data + i, sizeof(span));
	rp_buf_append(&t, f->text.data + at, span[0] - at);
	at = span[1];
    }
    rp_buf_append(&t, f->text.data + at, f->text.len - at);
    text_said(st, &t, s);
    rp_buf_free(&t);
}

/* first_of - the first symbol a says and b does not (b NULL: none), of the
 * sign wanted: 1 wording that asks, -1 wording that discusses, 0 either */
static rp_symbol first_of(const said_set *a, const said_set *b, int sign)
{
    int     i;

    for (i = 0; i < RP_SYM_COUNT; i++)
	if (a->said[i] && (b == NULL || !b->said[i]) && (sign == 0 || a->sign[i] == sign))
	    return (rp_symbol) i;
    return RP_SYM_NONE;
}

/* rp_check_hidden - judge what the reader is not shown */
void    rp_check_hidden(check_state *st)
{
    const rp_features *f = st->f;
    said_set shown, hidden, unseen, alternative;
    rp_symbol sym;

    shown_said(st, &shown);
    text_said(st, &f->hidden, &hidden);
    if ((sym = first_of(&hidden, &shown, 0)) != RP_SYM_NONE)
	rp_check_add(st, RP_SYM_HIDDEN_LURE, 0, NULL,
		     "text hidden from the reader says \"%s\" (%s), the shown text does not",
		     hidden.excerpt[sym], rp_symbol_name(sym));
    if (f->flags & RP_MSG_ALT_UNSEEN) {
	text_said(st, &f->unseen, &unseen);
	if ((sym = first_of(&unseen, &shown, -1)) != RP_SYM_NONE)
	    rp_check_add(st, RP_SYM_ALT_MISMATCH, 0, NULL,
			 "the alternative a client does not show says \"%s\" (%s), "
			 "the shown one does not", unseen.excerpt[sym], rp_symbol_name(sym));
	else if (f->unseen.len > 0 && first_of(&unseen, NULL, 1) == RP_SYM_NONE) {
	    if (f->files_at.len > 0)
		alternative_said(st, &alternative);
	    if ((sym = first_of(f->files_at.len > 0 ? &alternative : &shown, &unseen, 1))
		!= RP_SYM_NONE)
		rp_check_add(st, RP_SYM_ALT_MISMATCH, 0, NULL,
			     "the part a client shows asks (%s), its alternative asks nothing",
			     rp_symbol_name(sym));
	}
    }
    if (f->flags & RP_MSG_BIDI_OVERRIDE)
	rp_check_add(st, RP_SYM_BIDI_OVERRIDE, 0, NULL,
		     "bidi override characters reorder what the reader sees");
}
