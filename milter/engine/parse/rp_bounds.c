/*
 * NAME
 *	rp_bounds 3
 * SUMMARY
 *	the stack of open MIME boundaries, found by a line's text
 * SYNOPSIS
 *	#include "rp_bounds.h"
 *
 *	rp_bounds *rp_bounds_new(void)
 *	void	rp_bounds_free(rp_bounds *bounds)
 *	void	rp_bounds_push(rp_bounds *bounds, const char *boundary,
 *			       int alternative)
 *	size_t	rp_bounds_depth(const rp_bounds *bounds)
 *	const char *rp_bounds_line(const rp_bounds *bounds, size_t level)
 *	int	rp_bounds_alternative(const rp_bounds *bounds, size_t level)
 *	void	rp_bounds_truncate(rp_bounds *bounds, size_t depth)
 *	size_t	rp_bounds_find(const rp_bounds *bounds, const char *line,
 *			       size_t n, int *closing)
 * DESCRIPTION
 *	The boundaries of the multiparts open at a point of a message, the
 *	outermost at level 1.  rp_bounds_push() opens one (boundary is the
 *	parameter's value; the stack keeps "--" and it), and
 *	rp_bounds_truncate() closes every level above depth.
 *	rp_bounds_line() is level's delimiter line ("--" and the boundary).
 *
 *	rp_bounds_find() answers what GMime's parser answers for a body
 *	line of n bytes (no line end): the innermost level whose delimiter
 *	the line is, the delimiter and then only blanks (*closing 0), or
 *	whose closing line it is, the delimiter, "--" and blanks (*closing
 *	1); 0 when it is neither.  One level has one boundary, and no line
 *	is both the delimiter and the closing line of one boundary, so the
 *	innermost level that matches either way is the answer.
 *
 *	GMime compares a line with every open boundary, which costs depth
 *	x lines: a message nested a hundred thousand levels deep (flattened
 *	levels stay open) and then millions of "--" lines would cost hours.
 *	Here each boundary is indexed by its exact text, with the levels
 *	that opened it, so a line costs a hash of its bytes and one lookup
 *	per trailing blank (a boundary may itself end in blanks, which the
 *	line must then hold): linear in the message, whatever its depth.
 *	The hash is seeded per stack, so a sender cannot pick boundaries
 *	that all fall into one bucket.
 * DIAGNOSTICS
 *	None.
 */
#include "config.h"

#include <string.h>

#include <glib.h>

#include "rp_bounds.h"

/* A text the index is keyed by: bytes, length, and its seeded hash. */
typedef struct rp_bound_key {
    const char *text;
    size_t  len;
    guint   hash;
} rp_bound_key;

/* One boundary text and the levels (ascending) that opened it. */
typedef struct rp_bound_entry {
    rp_bound_key key;			/* text: owned */
    GArray *levels;			/* size_t */
} rp_bound_entry;

struct rp_bounds {
    GPtrArray *lines;			/* "--boundary" per level, outermost first */
    GByteArray *alternative;		/* per level: a multipart/alternative */
    GHashTable *index;			/* rp_bound_key -> rp_bound_entry */
    guint   seed;
};

/* hash_step - FNV-1a: one more byte into the hash */
static guint hash_step(guint h, unsigned char c)
{
    return (h ^ c) * 16777619u;
}

/* hash_bytes - the seeded hash of n bytes */
static guint hash_bytes(guint seed, const char *s, size_t n)
{
    guint   h = seed;
    size_t  i;

    for (i = 0; i < n; i++)
	h = hash_step(h, (unsigned char) s[i]);
    return h;
}

static guint key_hash(gconstpointer k)
{
    return ((const rp_bound_key *) k)->hash;
}

static gboolean key_equal(gconstpointer a, gconstpointer b)
{
    const rp_bound_key *x = a, *y = b;

    return x->len == y->len && memcmp(x->text, y->text, x->len) == 0;
}

static void entry_free(gpointer p)
{
    rp_bound_entry *e = p;

    g_free((char *) e->key.text);
    g_array_free(e->levels, TRUE);
    g_free(e);
}

/* rp_bounds_new - an empty stack */
rp_bounds *rp_bounds_new(void)
{
    rp_bounds *b = g_new0(rp_bounds, 1);

    b->lines = g_ptr_array_new_with_free_func(g_free);
    b->alternative = g_byte_array_new();
    b->index = g_hash_table_new_full(key_hash, key_equal, NULL, entry_free);
    b->seed = g_random_int() | 1u;
    return b;
}

/* rp_bounds_free - release the stack */
void    rp_bounds_free(rp_bounds *b)
{
    if (b == NULL)
	return;
    g_hash_table_destroy(b->index);
    g_ptr_array_free(b->lines, TRUE);
    g_byte_array_free(b->alternative, TRUE);
    g_free(b);
}

/* rp_bounds_push - open a level for boundary */
void    rp_bounds_push(rp_bounds *b, const char *boundary, int alternative)
{
    char   *line = g_strdup_printf("--%s", boundary);
    guint8  alt = alternative != 0;
    rp_bound_key key;
    rp_bound_entry *e;
    size_t  level;

    g_ptr_array_add(b->lines, line);
    g_byte_array_append(b->alternative, &alt, 1);
    level = b->lines->len;
    key.text = line;
    key.len = strlen(line);
    key.hash = hash_bytes(b->seed, line, key.len);
    if ((e = g_hash_table_lookup(b->index, &key)) == NULL) {
	e = g_new0(rp_bound_entry, 1);
	e->key = key;
	e->key.text = g_strndup(line, key.len);
	e->levels = g_array_new(FALSE, FALSE, sizeof(size_t));
	g_hash_table_insert(b->index, &e->key, e);
    }
    g_array_append_val(e->levels, level);
}

/* rp_bounds_depth - the levels open */
size_t  rp_bounds_depth(const rp_bounds *b)
{
    return b->lines->len;
}

/* rp_bounds_line - level's delimiter line (1 <= level <= depth) */
const char *rp_bounds_line(const rp_bounds *b, size_t level)
{
    return g_ptr_array_index(b->lines, level - 1);
}

/* rp_bounds_alternative - is level a multipart/alternative */
int     rp_bounds_alternative(const rp_bounds *b, size_t level)
{
    return b->alternative->data[level - 1];
}

/* rp_bounds_truncate - close every level above depth */
void    rp_bounds_truncate(rp_bounds *b, size_t depth)
{
    rp_bound_key key;
    rp_bound_entry *e;
    const char *line;

    while (b->lines->len > depth) {
	line = g_ptr_array_index(b->lines, b->lines->len - 1);
	key.text = line;
	key.len = strlen(line);
	key.hash = hash_bytes(b->seed, line, key.len);
	e = g_hash_table_lookup(b->index, &key);
	g_array_set_size(e->levels, e->levels->len - 1);
	if (e->levels->len == 0)
	    g_hash_table_remove(b->index, &key);
	g_ptr_array_set_size(b->lines, b->lines->len - 1);
    }
    g_byte_array_set_size(b->alternative, b->lines->len);
}

/* innermost - the innermost level that opened text (its hash given), or 0 */
static size_t innermost(const rp_bounds *b, const char *text, size_t len, guint hash)
{
    rp_bound_key key = {text, len, hash};
    rp_bound_entry *e = g_hash_table_lookup(b->index, &key);

    return e ? g_array_index(e->levels, size_t, e->levels->len - 1) : 0;
}

/* rp_bounds_find - the innermost level line delimits or closes, or 0 */
size_t  rp_bounds_find(const rp_bounds *b, const char *line, size_t n, int *closing)
{
    size_t  t = n, k, level, best = 0;
    guint   h, before_dashes = 0;

    *closing = 0;
    if (n < 2 || line[0] != '-' || line[1] != '-' || b->lines->len == 0)
	return 0;
    while (t > 0 && (line[t - 1] == ' ' || line[t - 1] == '\t'))
	t--;
    h = b->seed;
    for (k = 0; k < t; k++) {
	if (k + 2 == t)
	    before_dashes = h;
	h = hash_step(h, (unsigned char) line[k]);
    }
    /* The closing line: the delimiter, "--", then blanks. */
    if (t >= 4 && line[t - 2] == '-' && line[t - 1] == '-'
	&& (best = innermost(b, line, t - 2, before_dashes)) != 0)
	*closing = 1;
    /* A delimiter: the line's text, with as many of its blanks as it has. */
    for (k = t;; k++) {
	if ((level = innermost(b, line, k, h)) > best) {
	    best = level;
	    *closing = 0;
	}
	if (k == n)
	    break;
	h = hash_step(h, (unsigned char) line[k]);
    }
    return best;
}
