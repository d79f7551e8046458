/*
 * NAME
 *	rp_bounds 3h
 * SUMMARY
 *	the stack of open MIME boundaries, found by a line's text
 * SYNOPSIS
 *	#include "rp_bounds.h"
 * DESCRIPTION
 *	See rp_bounds.c.
 */
#ifndef RP_BOUNDS_H
#define RP_BOUNDS_H

#include <stddef.h>

typedef struct rp_bounds rp_bounds;

extern rp_bounds *rp_bounds_new(void);
extern void rp_bounds_free(rp_bounds *bounds);
extern void rp_bounds_push(rp_bounds *bounds, const char *boundary, int alternative);
extern size_t rp_bounds_depth(const rp_bounds *bounds);
extern const char *rp_bounds_line(const rp_bounds *bounds, size_t level);
extern int rp_bounds_alternative(const rp_bounds *bounds, size_t level);
extern void rp_bounds_truncate(rp_bounds *bounds, size_t depth);
extern size_t rp_bounds_find(const rp_bounds *bounds, const char *line, size_t n,
			             int *closing);

#endif
