/*
 * NAME
 *	rp_weights 3h
 * SUMMARY
 *	symbol weights from rules/symbols.conf
 * SYNOPSIS
 *	#include "rp_weights.h"
 * DESCRIPTION
 *	Every symbol the engine's code emits has its weight in
 *	symbols.conf ("NAME WEIGHT description").  Later files and later
 *	lines override earlier ones, so a local symbols.conf can re-weigh.
 */
#ifndef RP_WEIGHTS_H
#define RP_WEIGHTS_H

#include "regphish.h"

typedef struct rp_weights rp_weights;

rp_weights *rp_weights_new(void);
void    rp_weights_free(rp_weights *weights);

/* rp_weights_load - add path; a missing file is an error only if required */
rp_status rp_weights_load(rp_weights *weights, const char *path, int required,
			  rp_error *err);

/* rp_weights_get - weight of name; 0 when the file does not name it */
double  rp_weights_get(const rp_weights *weights, const char *name);

/* rp_weights_known - symbols.conf names this symbol */
int     rp_weights_known(const rp_weights *weights, const char *name);

#endif
