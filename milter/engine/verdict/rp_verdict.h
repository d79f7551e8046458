/*
 * NAME
 *	rp_verdict 3h
 * SUMMARY
 *	building a verdict: symbols, score, action, deceptive URLs
 * SYNOPSIS
 *	#include "rp_verdict.h"
 * DESCRIPTION
 *	The checks add symbols to a verdict as they find evidence; each
 *	symbol name counts once (the first reason is kept, later findings
 *	of the same symbol are counted).  rp_verdict_finish() sums the
 *	scores and picks the action from the config's thresholds.  The
 *	read accessors are in regphish.h.
 */
#ifndef RP_VERDICT_H
#define RP_VERDICT_H

#include "regphish.h"
#include "rp_symbols.h"

rp_verdict *rp_verdict_new(void);

/* rp_verdict_add - add evidence; returns 1 if name is new in this verdict */
int     rp_verdict_add(rp_verdict *verdict, rp_symbol symbol, double score,
		       const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* rp_verdict_has - the verdict holds symbol */
int     rp_verdict_has(const rp_verdict *verdict, rp_symbol symbol);

/* rp_verdict_rescore - give every symbol named prefix... a new score and a note */
void    rp_verdict_rescore(rp_verdict *verdict, const char *prefix, double score,
			   const char *note);

/* rp_verdict_add_url - remember a deceptive URL (duplicates ignored) */
void    rp_verdict_add_url(rp_verdict *verdict, const char *url);

/* rp_verdict_finish - total the score, choose the action */
void    rp_verdict_finish(rp_verdict *verdict, const rp_config *config);

#endif
