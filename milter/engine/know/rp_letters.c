/*
 * NAME
 *	rp_letters 3
 * SUMMARY
 *	letters a reader confuses, and the weighted edit distance
 * SYNOPSIS
 *	#include "rp_letters.h"
 *
 *	int	rp_letters_visual(int a, int b)
 *	int	rp_letters_keyboard(int a, int b)
 *	int	rp_letters_vowel(int ch)
 *	int	rp_letters_bit(int a, int b)
 *	int	rp_letters_regroup(const char *label, const char *target,
 *				   const char **from, const char **to)
 *	void	rp_letters_costs(unsigned char cost[256][256])
 *	int	rp_letters_distance(const unsigned char cost_of[256][256],
 *				    const char *a, size_t an,
 *				    const char *b, size_t bn, int *edits)
 * DESCRIPTION
 *	One table of letters and letter groups that look alike in common
 *	mail fonts (o and 0, rn and m) serves both the classified typo
 *	techniques and the weighted distance, so the two cannot disagree.
 *	rp_letters_visual() asks it for single letters, rp_letters_regroup()
 *	for groups; rp_letters_keyboard() knows the staggered QWERTY rows,
 *	rp_letters_vowel() and rp_letters_bit() the vowel swap and the
 *	bitsquat.
 *
 *	rp_letters_costs() fills the cost of replacing one byte by
 *	another, in quarters: 0 for the same byte, 2 for look-alikes, 3
 *	for keyboard neighbours, 4 otherwise.  rp_brands_finish() fills
 *	the table once, since rp_letters_distance() asks it in every cell
 *	of its own table; that distance is the optimal string alignment
 *	(Damerau-Levenshtein without repeated edits of one substring),
 *	with hyphens cheap to add or drop.
 *
 *	Everything here is a pure function of its arguments.
 * DIAGNOSTICS
 *	None.
 * SEE ALSO
 *	rp_domain.c
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "rp_host.h"
#include "rp_letters.h"

/* Letters that look alike in common mail fonts; both directions count. */
static const char *const rp_letters_pairs[][2] = {
    {"o", "0"}, {"l", "1"}, {"i", "1"}, {"i", "l"}, {"g", "q"}, {"s", "z"},
    {"i", "j"}, {"m", "n"}, {"u", "v"}, {"s", "5"}, {"g", "9"},
    {"m", "rn"}, {"w", "vv"}, {"d", "cl"}, {"m", "nn"}, {"u", "ii"},
};

/* rp_letters_visual - single letters a and b look alike */
int     rp_letters_visual(int a, int b)
{
    size_t  i;

    for (i = 0; i < sizeof(rp_letters_pairs) / sizeof(rp_letters_pairs[0]); i++)
	if (rp_letters_pairs[i][0][1] == 0 && rp_letters_pairs[i][1][1] == 0
	    && ((rp_letters_pairs[i][0][0] == a && rp_letters_pairs[i][1][0] == b)
		|| (rp_letters_pairs[i][0][0] == b && rp_letters_pairs[i][1][0] == a)))
	    return 1;
    return 0;
}

/* rp_letters_keyboard - a and b are neighbours on a QWERTY keyboard */
int     rp_letters_keyboard(int a, int b)
{
    static const char *const rows[] = {"1234567890-", "qwertyuiop", "asdfghjkl", "zxcvbnm"};
    int     r, c, dr, dc, rr, cc;
    const char *p;

    for (r = 0; r < 4; r++)
	if ((p = strchr(rows[r], a)) != NULL && a)
	    break;
    if (r == 4)
	return 0;
    c = (int) (p - rows[r]);
    /* Rows are staggered: above are c and c+1, below are c-1 and c. */
    for (dr = -1; dr <= 1; dr++)
	for (dc = -1; dc <= 1; dc++) {
	    rr = r + dr;
	    cc = c + dc;
	    if (rr < 0 || rr > 3 || (dr == 0 && dc == 0)
		|| (dr == -1 && dc == -1) || (dr == 1 && dc == 1)
		|| cc < 0 || (size_t) cc >= strlen(rows[rr]))
		continue;
	    if (rows[rr][cc] == b)
		return 1;
	}
    return 0;
}

/* rp_letters_vowel - a, e, i, o, u, y */
int     rp_letters_vowel(int ch)
{
    return ch && strchr("aeiouy", ch) != NULL;
}

/* rp_letters_bit - a and b differ in one bit */
int     rp_letters_bit(int a, int b)
{
    int     x = a ^ b;

    return x && (x & (x - 1)) == 0;
}

/* rp_letters_regroup - a letter group swapped for its look-alike (rn/m, vv/w) */
int     rp_letters_regroup(const char *label, const char *target,
			   const char **from, const char **to)
{
    char    buf[2 * RP_LABEL_MAX + 1];
    const char *hit;
    size_t  i, dir, fl;

    for (i = 0; i < sizeof(rp_letters_pairs) / sizeof(rp_letters_pairs[0]); i++) {
	if (rp_letters_pairs[i][1][1] == 0)
	    continue;
	for (dir = 0; dir < 2; dir++) {
	    *from = rp_letters_pairs[i][dir];
	    *to = rp_letters_pairs[i][1 - dir];
	    fl = strlen(*from);
	    for (hit = label; (hit = strstr(hit, *from)) != NULL; hit++) {
		snprintf(buf, sizeof(buf), "%.*s%s%s", (int) (hit - label), label,
			 *to, hit + fl);
		if (strcmp(buf, target) == 0)
		    return 1;
	    }
	}
    }
    return 0;
}

/* rp_letters_sub_cost - weighted cost of replacing a by b, in quarters */
static int rp_letters_sub_cost(int a, int b)
{
    if (a == b)
	return 0;
    if (rp_letters_visual(a, b))
	return 2;
    if (rp_letters_keyboard(a, b))
	return 3;
    return 4;
}

/*
 * rp_letters_costs - rp_letters_sub_cost() for every pair of bytes, once at
 * load: the distance below asks for it in every cell of its table.
 */
void    rp_letters_costs(unsigned char cost[256][256])
{
    int     a, b;

    for (a = 0; a < 256; a++)
	for (b = 0; b < 256; b++)
	    cost[a][b] = (unsigned char) rp_letters_sub_cost(a, b);
}

/*
 * rp_letters_distance - optimal string alignment distance in quarter
 * units (look-alike letters and hyphens are cheap), and the number of
 * edits it took.  Both labels are at most 63 bytes.
 */
int     rp_letters_distance(const unsigned char cost_of[256][256], const char *a,
			    size_t an, const char *b, size_t bn, int *edits)
{
    int     d[RP_LABEL_MAX + 1][RP_LABEL_MAX + 1], e[RP_LABEL_MAX + 1][RP_LABEL_MAX + 1];
    size_t  i, j;
    int     best, cost, k;

    for (i = 0; i <= an; i++) {
	d[i][0] = i ? d[i - 1][0] + (a[i - 1] == '-' ? 2 : 4) : 0;
	e[i][0] = (int) i;
    }
    for (j = 0; j <= bn; j++) {
	d[0][j] = j ? d[0][j - 1] + (b[j - 1] == '-' ? 2 : 4) : 0;
	e[0][j] = (int) j;
    }
    for (i = 1; i <= an; i++)
	for (j = 1; j <= bn; j++) {
	    cost = cost_of[(unsigned char) a[i - 1]][(unsigned char) b[j - 1]];
	    best = d[i - 1][j - 1] + cost;
	    k = e[i - 1][j - 1] + (cost != 0);
	    if (d[i - 1][j] + (a[i - 1] == '-' ? 2 : 4) < best) {
		best = d[i - 1][j] + (a[i - 1] == '-' ? 2 : 4);
		k = e[i - 1][j] + 1;
	    }
	    if (d[i][j - 1] + (b[j - 1] == '-' ? 2 : 4) < best) {
		best = d[i][j - 1] + (b[j - 1] == '-' ? 2 : 4);
		k = e[i][j - 1] + 1;
	    }
	    if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]
		&& d[i - 2][j - 2] + 4 < best) {
		best = d[i - 2][j - 2] + 4;
		k = e[i - 2][j - 2] + 1;
	    }
	    d[i][j] = best;
	    e[i][j] = k;
	}
    *edits = e[an][bn];
    return d[an][bn];
}
