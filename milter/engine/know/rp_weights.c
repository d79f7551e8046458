/*
 * NAME
 *	rp_weights 3
 * SUMMARY
 *	load and look up symbol weights
 * SYNOPSIS
 *	#include "rp_weights.h"
 *
 *	rp_weights *rp_weights_new(void)
 *	rp_status rp_weights_load(rp_weights *weights, const char *path,
 *				  int required, rp_error *err)
 *	rp_status rp_weights_complete(const rp_weights *weights,
 *				      const char *path, rp_error *err)
 *	double	rp_weights_get(const rp_weights *weights, rp_symbol symbol)
 *	void	rp_weights_free(rp_weights *weights)
 * DESCRIPTION
 *	Lines are "NAME WEIGHT description" (rp_lines.c says what a comment
 *	is).  NAME is a CODE symbol of the registry; WEIGHT a finite number
 *	in -100..100 (may be negative).  A NAME seen again replaces the
 *	earlier weight.  Weights sit in an array indexed by symbol.
 * DIAGNOSTICS
 *	Syntax errors and unknown or lure symbols give RP_ERR_SYNTAX with
 *	file and line in *err.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rp_lines.h"
#include "rp_util.h"
#include "rp_weights.h"

struct rp_weights {
    double  weight[RP_SYM_COUNT];
    unsigned char named[RP_SYM_COUNT];	/* some file weighed it */
};

/* rp_weights_new - empty table */
rp_weights *rp_weights_new(void)
{
    return rp_calloc(1, sizeof(rp_weights));
}

/* rp_weights_free - release the table */
void    rp_weights_free(rp_weights *weights)
{
    free(weights);
}

/* weights_line - parse one line into the table */
static rp_status weights_line(void *ctx, char *line, const rp_line_at *at, rp_error *err)
{
    rp_weights *weights = ctx;
    char   *name, *num, *end, *save;
    rp_symbol sym;
    double  w;

    name = strtok_r(line, " \t", &save);
    sym = rp_symbol_lookup(name, strlen(name));
    if (sym == RP_SYM_NONE) {
	rp_set_error(err, at->file, at->line, "unknown symbol \"%s\"", name);
	return RP_ERR_SYNTAX;
    }
    if (rp_symbol_kind_of(sym) != RP_SYMBOL_CODE) {
	rp_set_error(err, at->file, at->line,
		     "symbol %s is a lure symbol: its weight is set in lures.rules", name);
	return RP_ERR_SYNTAX;
    }
    if ((num = strtok_r(NULL, " \t", &save)) == NULL) {
	rp_set_error(err, at->file, at->line, "symbol %s has no weight", name);
	return RP_ERR_SYNTAX;
    }
    errno = 0;
    w = strtod(num, &end);
    if (errno || *end || end == num || !isfinite(w) || w < -100 || w > 100) {
	rp_set_error(err, at->file, at->line,
		     "symbol %s: weight \"%s\" is not a number in -100..100", name, num);
	return RP_ERR_SYNTAX;
    }
    weights->weight[sym] = w;
    weights->named[sym] = 1;
    return RP_OK;
}

/* rp_weights_load - read one symbols.conf */
rp_status rp_weights_load(rp_weights *weights, const char *path, int required,
			  rp_error *err)
{
    return rp_lines_read(path, required, weights_line, weights, err);
}

/* rp_weights_complete - the shipped file weighs every code symbol */
rp_status rp_weights_complete(const rp_weights *weights, const char *path,
			      rp_error *err)
{
    int     i;

    for (i = 0; i < RP_SYM_COUNT; i++)
	if (rp_symbol_kind_of((rp_symbol) i) == RP_SYMBOL_CODE && !weights->named[i]) {
	    rp_set_error(err, path, 0, "symbol %s has no weight", rp_symbol_name((rp_symbol) i));
	    return RP_ERR_SYNTAX;
	}
    return RP_OK;
}

/* rp_weights_get - weight of a symbol */
double  rp_weights_get(const rp_weights *weights, rp_symbol symbol)
{
    return symbol >= 0 && symbol < RP_SYM_COUNT ? weights->weight[symbol] : 0;
}
