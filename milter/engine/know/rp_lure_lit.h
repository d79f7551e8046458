/*
 * NAME
 *	rp_lure_lit 3h
 * SUMMARY
 *	the literals every match of a lure rule contains, for Hyperscan
 * SYNOPSIS
 *	#include "rp_lure_lit.h"
 * DESCRIPTION
 *	Hyperscan cannot compile the lure rules themselves in reasonable
 *	time (UTF-8, Unicode classes and \b), so each rule is reduced to a
 *	set of literal strings one of which every match of the rule must
 *	contain; one Hyperscan database of those sets finds the rules worth
 *	running with PCRE2 (rp_lure.c).
 */
#ifndef RP_LURE_LIT_H
#define RP_LURE_LIT_H

#include <stddef.h>

/* Literals for hs_compile_lit_multi(), with HS_FLAG_CASELESS. */
typedef struct rp_lure_lits {
    char  **s;
    size_t *len;
    size_t  n;
    size_t  cap;
} rp_lure_lits;

/*
 * rp_lure_lit_patterns - literals one of which occurs in every text in
 * which the PCRE2 pattern (compiled with PCRE2_UTF, PCRE2_UCP and
 * PCRE2_CASELESS) matches: 1 and out filled, or 0 (out empty) when the
 * pattern can match without a literal or uses a construct the analysis
 * does not know (the caller then runs the rule with PCRE2 on every text).
 * Release with rp_lure_lit_free().
 */
int     rp_lure_lit_patterns(const char *pattern, size_t len, rp_lure_lits *out);
void    rp_lure_lit_free(rp_lure_lits *lits);

#endif
