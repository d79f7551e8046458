/*
 * NAME
 *	rp_weights 3h
 * SUMMARY
 *	symbol weights from rules/symbols.conf
 * SYNOPSIS
 *	#include "rp_weights.h"
 * DESCRIPTION
 *	Every CODE symbol of the registry (rp_symbols.def) has its weight in
 *	symbols.conf ("NAME WEIGHT description").  Later files and later
 *	lines override earlier ones, so a local symbols.conf can re-weigh.
 */
#ifndef RP_WEIGHTS_H
#define RP_WEIGHTS_H

#include "regphish.h"
#include "rp_symbols.h"

typedef struct rp_weights rp_weights;

rp_weights *rp_weights_new(void);
void    rp_weights_free(rp_weights *weights);

/*
 * rp_weights_load - add path; a missing file is an error only if
 * required.  A name that is not a CODE symbol of the registry is an
 * error naming file and line.
 */
rp_status rp_weights_load(rp_weights *weights, const char *path, int required,
			  rp_error *err);

/*
 * rp_weights_complete - every CODE symbol has a weight (call after the
 * shipped file): RP_ERR_SYNTAX naming path and the first missing one.
 */
rp_status rp_weights_complete(const rp_weights *weights, const char *path,
			      rp_error *err);

/* rp_weights_get - weight of a CODE symbol */
double  rp_weights_get(const rp_weights *weights, rp_symbol symbol);

#endif
