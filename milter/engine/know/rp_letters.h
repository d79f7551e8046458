/*
 * NAME
 *	rp_letters 3h
 * SUMMARY
 *	letters a reader confuses, and the weighted edit distance
 * SYNOPSIS
 *	#include "rp_letters.h"
 * DESCRIPTION
 *	Not a public interface: the relations between letters that the
 *	typo techniques of rp_domain.c classify, and the cost table that
 *	rp_brands_finish() fills once for rp_letters_distance().
 */
#ifndef RP_LETTERS_H
#define RP_LETTERS_H

#include <stddef.h>

/* rp_letters_visual - single letters a and b look alike (l and 1) */
int     rp_letters_visual(int a, int b);

/* rp_letters_keyboard - a and b are neighbours on a QWERTY keyboard */
int     rp_letters_keyboard(int a, int b);

/* rp_letters_vowel - a, e, i, o, u, y */
int     rp_letters_vowel(int ch);

/* rp_letters_bit - a and b differ in one bit */
int     rp_letters_bit(int a, int b);

/*
 * rp_letters_regroup - label becomes target when one letter group is
 * swapped for its look-alike (rn for m, vv for w); *from is then the
 * group in label, *to the one in target
 */
int     rp_letters_regroup(const char *label, const char *target,
			   const char **from, const char **to);

/* rp_letters_costs - fill cost[a][b], the weighted cost of replacing byte a by b */
void    rp_letters_costs(unsigned char cost[256][256]);

/*
 * rp_letters_distance - optimal string alignment distance of a and b
 * (each at most RP_LABEL_MAX bytes) in quarter units, with cost_of
 * from rp_letters_costs(); *edits receives the number of edits
 */
int     rp_letters_distance(const unsigned char cost_of[256][256], const char *a,
			    size_t an, const char *b, size_t bn, int *edits);

#endif
