/*
 * NAME
 *	rp_lure 3h
 * SUMMARY
 *	weighted lure rules (urgency, credential requests), Hyperscan and PCRE2
 * SYNOPSIS
 *	#include "rp_lure.h"
 * DESCRIPTION
 *	Lure rules are data: rules/lures.rules, readable and commented,
 *	each rule a symbol name, a weight, a scope (subject, body or any)
 *	and a PCRE2 pattern over normalised text (rp_text_normalize), in
 *	English, Japanese, Chinese, German, Spanish, French and more.
 *	Several rules may share a symbol name (one per language).  Rules
 *	are compiled (and JIT-compiled where available) once at load, and
 *	their literals into one Hyperscan database that picks, per text,
 *	the few rules PCRE2 needs to run (rp_lure_lit.h).
 */
#ifndef RP_LURE_H
#define RP_LURE_H

#include <stddef.h>
#include "regphish.h"
#include "rp_symbols.h"

typedef struct rp_lures rp_lures;

rp_lures *rp_lures_new(void);
void    rp_lures_free(rp_lures *lures);

/* rp_lures_load - add the rules in path; missing file is an error only if required */
rp_status rp_lures_load(rp_lures *lures, const char *path, int required,
			rp_error *err);

/*
 * rp_lures_match - run every rule over the normalised subject and body;
 * call hit() once per symbol that matched, with its weight and the
 * matched text (truncated to a short excerpt, UTF-8 safe).
 */
typedef void (*rp_lure_hit)(void *ctx, rp_symbol symbol, double weight,
			    const char *excerpt);
void    rp_lures_match(const rp_lures *lures, const char *subject,
		       const char *body, size_t body_len, rp_lure_hit hit,
		       void *ctx);

/* rp_lures_has_symbol - a rule defines this symbol */
int     rp_lures_has_symbol(const rp_lures *lures, rp_symbol symbol);

/*
 * rp_lures_complete - every LURE symbol of the registry has a rule (call
 * after the shipped file): RP_ERR_SYNTAX naming path and the first
 * symbol without one.
 */
rp_status rp_lures_complete(const rp_lures *lures, const char *path, rp_error *err);

#endif
