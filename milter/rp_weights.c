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
 *	double	rp_weights_get(const rp_weights *weights, const char *name)
 *	int	rp_weights_known(const rp_weights *weights, const char *name)
 *	void	rp_weights_free(rp_weights *weights)
 * DESCRIPTION
 *	Lines are "NAME WEIGHT description"; '#' starts a comment.  NAME
 *	is upper-case letters, digits and '_'; WEIGHT a number (may be
 *	negative).  A NAME seen again replaces the earlier weight.  The
 *	table is small (tens of symbols): lookups are linear.
 * DIAGNOSTICS
 *	Syntax errors give RP_ERR_SYNTAX with file and line in *err.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "rp_util.h"
#include "rp_weights.h"

typedef struct weight_entry {
    char   *name;
    double  weight;
} weight_entry;

struct rp_weights {
    weight_entry *entries;
    size_t  count, cap;
};

/* rp_weights_new - empty table */
rp_weights *rp_weights_new(void)
{
    return rp_calloc(1, sizeof(rp_weights));
}

/* rp_weights_free - release the table */
void    rp_weights_free(rp_weights *weights)
{
    size_t  i;

    if (weights == NULL)
	return;
    for (i = 0; i < weights->count; i++)
	free(weights->entries[i].name);
    free(weights->entries);
    free(weights);
}

/* weights_find - entry for name, or NULL */
static weight_entry *weights_find(const rp_weights *weights, const char *name)
{
    size_t  i;

    for (i = 0; i < weights->count; i++)
	if (strcmp(weights->entries[i].name, name) == 0)
	    return weights->entries + i;
    return NULL;
}

/* weights_set - add or replace one weight */
static void weights_set(rp_weights *weights, const char *name, double weight)
{
    weight_entry *e = weights_find(weights, name);

    if (e == NULL) {
	weights->entries = rp_array_grow(weights->entries, &weights->cap,
					 weights->count, sizeof(*e));
	e = weights->entries + weights->count++;
	e->name = rp_strdup(name);
    }
    e->weight = weight;
}

/* weights_line - parse one line into the table */
static rp_status weights_line(rp_weights *weights, char *line, const char *path,
			      unsigned lineno, rp_error *err)
{
    char   *name, *num, *end, *p;
    double  w;

    if ((p = strchr(line, '#')) != NULL)
	*p = 0;
    name = strtok_r(line, " \t\r", &p);
    if (name == NULL)
	return RP_OK;
    for (end = name; *end; end++)
	if (!(isupper((unsigned char) *end) || isdigit((unsigned char) *end) || *end == '_')) {
	    rp_set_error(err, path, lineno, "symbol \"%s\": use A-Z, 0-9 and _", name);
	    return RP_ERR_SYNTAX;
	}
    if ((num = strtok_r(NULL, " \t\r", &p)) == NULL) {
	rp_set_error(err, path, lineno, "symbol %s has no weight", name);
	return RP_ERR_SYNTAX;
    }
    errno = 0;
    w = strtod(num, &end);
    if (errno || *end || end == num || w < -100 || w > 100) {
	rp_set_error(err, path, lineno, "symbol %s: weight \"%s\" is not a number in -100..100",
		     name, num);
	return RP_ERR_SYNTAX;
    }
    weights_set(weights, name, w);
    return RP_OK;
}

/* rp_weights_load - read one symbols.conf */
rp_status rp_weights_load(rp_weights *weights, const char *path, int required,
			  rp_error *err)
{
    char   *data, *line, *next;
    size_t  len;
    unsigned lineno = 0;
    rp_status status = RP_OK;

    if (rp_read_file(path, &data, &len) != RP_OK) {
	if (!required && errno == ENOENT)
	    return RP_OK;
	rp_set_error(err, path, 0, "cannot read: %s", strerror(errno));
	return RP_ERR_IO;
    }
    for (line = data; status == RP_OK && line && *line; line = next) {
	lineno++;
	if ((next = strchr(line, '\n')) != NULL)
	    *next++ = 0;
	status = weights_line(weights, line, path, lineno, err);
    }
    free(data);
    return status;
}

/* rp_weights_get - weight of a symbol, 0 if unknown */
double  rp_weights_get(const rp_weights *weights, const char *name)
{
    const weight_entry *e = weights_find(weights, name);

    return e ? e->weight : 0;
}

/* rp_weights_known - is the symbol named in the file */
int     rp_weights_known(const rp_weights *weights, const char *name)
{
    return weights_find(weights, name) != NULL;
}
