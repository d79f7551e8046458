/*
 * NAME
 *	rp_brands 3
 * SUMMARY
 *	brand table: loading, ownership, claims, hosting, shorteners, OAuth
 * SYNOPSIS
 *	#include "rp_brands.h"
 *
 *	rp_brands *rp_brands_new(void)
 *	void	rp_brands_free(rp_brands *brands)
 *	rp_status rp_brands_load_dir(rp_brands *brands, const char *dir,
 *				int required, rp_error *err)
 *	rp_status rp_brands_finish(rp_brands *brands, rp_error *err)
 *	const char *rp_brand_name(const rp_brand *brand)
 *	const char *rp_brand_domain(const rp_brand *brand)
 *	int	rp_brand_sends_from(const rp_brand *brand, const char *domain)
 *	const rp_brand *rp_brands_owner(const rp_brands *brands, const char *domain)
 *	const rp_brand *rp_brands_claimed(const rp_brands *brands, const char *text)
 *	const rp_brand *rp_brands_subject_template(const rp_brands *brands,
 *				const char *subject)
 *	int	rp_brands_shortener(const rp_brands *brands, const char *host)
 *	const rp_brand *rp_brands_hosted_page(const rp_brands *brands,
 *				const rp_url *url, char *reason, size_t size)
 *	int	rp_brands_redirector(const rp_brands *brands, const rp_url *url,
 *				     char **target)
 *	void	rp_brands_oauth(const rp_brands *brands, const rp_url *url,
 *				rp_oauth_found found, void *ctx)
 * DESCRIPTION
 *	rp_brands_load_dir() reads brands.conf, hosting.conf,
 *	shorteners.conf and redirectors.conf from dir (formats: the comments at the top of each
 *	file).  It is called once for the shipped rules (required: a
 *	missing file is an error) and once for the local rules directory
 *	(not required); a local "brand NAME" block naming a shipped brand
 *	adds to it.  rp_brands_finish() derives what the checks need
 *	(labels, hyphenated and glued forms, TR39 skeletons, tokens), opens
 *	the public suffix list and the ICU spoof checker; afterwards the
 *	table is immutable and every function is safe from any thread.
 *
 *	Domains are kept in A-label form in one hash table whose entries
 *	say what the domain is (owned, sending, known-good, hosting,
 *	shortener, redirector); lookups walk the suffixes of a host, so a subdomain
 *	inherits what its parent is.  A NULL brands or host is answered
 *	with "no".
 *
 *	The lookalike algorithms are in rp_domain.c.  This file is longer
 *	than most because it holds the loader of four file formats beside
 *	the queries that read the same tables; splitting them would export
 *	the loader's internals.
 * DIAGNOSTICS
 *	Load errors return RP_ERR_IO or RP_ERR_SYNTAX with file and line
 *	in *err.  Nothing is logged.
 * SEE ALSO
 *	rp_domain.c, rules/brands.conf, rules/hosting.conf,
 *	rules/shorteners.conf, rules/redirectors.conf
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uspoof.h>

#include "regphish.h"
#include "rp_util.h"
#include "rp_url.h"
#include "rp_brands.h"
#include "rp_brands_impl.h"

#define RP_CONF_LINE_MAX	4096	/* longest rules line */
#define RP_TEXT_MAX		4096	/* display names and subjects looked at */
#define RP_NAME_MAX		128	/* longest brand name or token */

/* rp_strv_add - append a copy of s */
static void rp_strv_add(rp_strv *sv, const char *s)
{
    sv->v = rp_array_grow(sv->v, &sv->cap, sv->n, sizeof(*sv->v));
    sv->v[sv->n++] = rp_strdup(s);
}

/* rp_strv_free - release the strings and the vector */
static void rp_strv_free(rp_strv *sv)
{
    size_t  i;

    for (i = 0; i < sv->n; i++)
	free(sv->v[i]);
    free(sv->v);
    sv->v = NULL;
    sv->n = sv->cap = 0;
}

/* rp_hash - FNV-1a of a NUL-terminated string */
static size_t rp_hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;

    for (; *s; s++)
	h = (h ^ (unsigned char) *s) * 1099511628211ULL;
    return (size_t) h;
}

/* rp_brands_find - the table entry for exactly this A-label name, or NULL */
const rp_dom *rp_brands_find(const rp_brands *brands, const char *name)
{
    size_t  i;

    if (brands->nslots == 0)
	return NULL;
    for (i = rp_hash(name) & (brands->nslots - 1); brands->slots[i];
	 i = (i + 1) & (brands->nslots - 1))
	if (strcmp(brands->slots[i]->name, name) == 0)
	    return brands->slots[i];
    return NULL;
}

/* rp_brands_rehash - double the hash table */
static void rp_brands_rehash(rp_brands *brands)
{
    rp_dom **old = brands->slots;
    size_t  oldn = brands->nslots, i, j;

    brands->nslots = oldn ? oldn * 2 : 64;
    brands->slots = rp_calloc(brands->nslots, sizeof(*brands->slots));
    for (i = 0; i < oldn; i++) {
	if (old[i] == NULL)
	    continue;
	for (j = rp_hash(old[i]->name) & (brands->nslots - 1); brands->slots[j];
	     j = (j + 1) & (brands->nslots - 1))
	     /* void */ ;
	brands->slots[j] = old[i];
    }
    free(old);
}

/* rp_brands_entry - the entry for name, created when missing */
static rp_dom *rp_brands_entry(rp_brands *brands, const char *name)
{
    rp_dom *dom = (rp_dom *) rp_brands_find(brands, name);
    size_t  i;

    if (dom)
	return dom;
    if (2 * (brands->nused + 1) > brands->nslots)
	rp_brands_rehash(brands);
    dom = rp_calloc(1, sizeof(*dom));
    dom->name = rp_strdup(name);
    for (i = rp_hash(name) & (brands->nslots - 1); brands->slots[i];
	 i = (i + 1) & (brands->nslots - 1))
	 /* void */ ;
    brands->slots[i] = dom;
    brands->nused++;
    return dom;
}

/* rp_brands_walk - the entry for the longest suffix of name having any of kinds */
const rp_dom *rp_brands_walk(const rp_brands *brands, const char *name,
			     unsigned kinds)
{
    const rp_dom *dom;
    const char *p;

    for (p = name; p && *p; p = strchr(p, '.'), p = p ? p + 1 : NULL)
	if ((dom = rp_brands_find(brands, p)) != NULL && (dom->kinds & kinds))
	    return dom;
    return NULL;
}

/* rp_brands_new - an empty table */
rp_brands *rp_brands_new(void)
{
    return rp_calloc(1, sizeof(rp_brands));
}

/* rp_brands_free - release everything */
void    rp_brands_free(rp_brands *brands)
{
    size_t  i;

    if (brands == NULL)
	return;
    for (i = 0; i < brands->nbrands; i++) {
	free(brands->brands[i]->name);
	free(brands->brands[i]->domain);
	rp_strv_free(&brands->brands[i]->sends);
	rp_strv_free(&brands->brands[i]->names);
	rp_strv_free(&brands->brands[i]->subjects);
	rp_strv_free(&brands->brands[i]->oauth);
	rp_strv_free(&brands->brands[i]->scopes);
	free(brands->brands[i]);
    }
    free(brands->brands);
    for (i = 0; i < brands->ntargets; i++) {
	free(brands->targets[i].domain);
	free(brands->targets[i].label);
	free(brands->targets[i].suffix);
	free(brands->targets[i].dashed);
	free(brands->targets[i].glued);
	free(brands->targets[i].skel);
	free(brands->targets[i].skel_label);
    }
    free(brands->targets);
    for (i = 0; i < brands->ntokens; i++)
	free(brands->tokens[i].word);
    free(brands->tokens);
    free(brands->owns);
    for (i = 0; i < brands->nslots; i++) {
	if (brands->slots[i] == NULL)
	    continue;
	free(brands->slots[i]->name);
	rp_strv_free(&brands->slots[i]->prefixes);
	rp_strv_free(&brands->slots[i]->params);
	free(brands->slots[i]);
    }
    free(brands->slots);
    if (brands->psl)
	psl_free(brands->psl);
    if (brands->spoof)
	uspoof_close(brands->spoof);
    free(brands);
}

/* Parser state for one rules file. */
typedef struct rp_conf {
    rp_brands *brands;
    const char *path;
    unsigned line;
    rp_brand *brand;			/* current "brand" block */
    rp_error *err;
} rp_conf;

/* rp_conf_word - split off the next whitespace-delimited word */
static char *rp_conf_word(char **cp)
{
    char   *s = *cp, *w;

    while (*s == ' ' || *s == '\t')
	s++;
    if (*s == 0)
	return NULL;
    w = s;
    while (*s && *s != ' ' && *s != '\t')
	s++;
    if (*s)
	*s++ = 0;
    *cp = s;
    return w;
}

/* rp_conf_rest - the rest of the line, unquoted when written "..." */
static char *rp_conf_rest(char *s)
{
    size_t  len;

    while (*s == ' ' || *s == '\t')
	s++;
    len = strlen(s);
    if (len >= 2 && s[0] == '"' && s[len - 1] == '"') {
	s[len - 1] = 0;
	s++;
    }
    return s;
}

/* rp_conf_domain - normalise a domain from a rules file, or fail with file:line */
static int rp_conf_domain(rp_conf *cf, const char *word, rp_dname *dn)
{
    char    why[256];

    if (rp_domain_normalize(word, dn, why, sizeof(why)) < 0) {
	rp_set_error(cf->err, cf->path, cf->line, "bad domain \"%s\": %s", word, why);
	return RP_ERR_SYNTAX;
    }
    return RP_OK;
}

/* rp_conf_brand - start, or continue, the block of the brand named name */
static rp_brand *rp_conf_brand(rp_brands *brands, const char *name)
{
    rp_brand *brand;
    size_t  i;

    for (i = 0; i < brands->nbrands; i++)
	if (rp_ascii_casecmp(brands->brands[i]->name, name) == 0)
	    return brands->brands[i];
    brand = rp_calloc(1, sizeof(*brand));
    brand->name = rp_strdup(name);
    brands->brands = rp_array_grow(brands->brands, &brands->brands_cap,
				   brands->nbrands, sizeof(*brands->brands));
    brands->brands[brands->nbrands++] = brand;
    return brand;
}

/* rp_conf_own - the current brand owns (and maybe sends from) dn */
static int rp_conf_own(rp_conf *cf, const rp_dname *dn, unsigned kinds)
{
    rp_brands *brands = cf->brands;
    rp_dom *dom = rp_brands_entry(brands, dn->ascii);

    if (dom->owner && dom->owner != cf->brand) {
	rp_set_error(cf->err, cf->path, cf->line, "%s already belongs to %s",
		     dn->ascii, dom->owner->name);
	return RP_ERR_SYNTAX;
    }
    dom->owner = cf->brand;
    if ((kinds & RP_DOM_OWN) && !(dom->kinds & RP_DOM_OWN)) {
	brands->owns = rp_array_grow(brands->owns, &brands->owns_cap,
				     brands->nowns, sizeof(*brands->owns));
	brands->owns[brands->nowns++] = dom;
	if (cf->brand->domain == NULL)
	    cf->brand->domain = rp_strdup(dn->ascii);
    }
    if ((kinds & RP_DOM_SENDS) && !(dom->kinds & RP_DOM_SENDS))
	rp_strv_add(&cf->brand->sends, dn->ascii);
    dom->kinds |= kinds;
    return RP_OK;
}

/* rp_conf_target - "target DOMAIN option...": owned and watched for lookalikes */
static int rp_conf_target(rp_conf *cf, char *rest)
{
    static const struct {
	const char *name;
	unsigned flag;
    }       options[] = {
	{"notypo", RP_TARGET_NOTYPO},
	{"typo-same-tld", RP_TARGET_SAMETLD},
	{"notld", RP_TARGET_NOTLD},
	{"notoken", RP_TARGET_NOTOKEN},
    };
    rp_brands *brands = cf->brands;
    rp_target *t;
    rp_dname dn;
    char   *word;
    unsigned flags = 0;
    size_t  i;
    int     status;

    if ((word = rp_conf_word(&rest)) == NULL) {
	rp_set_error(cf->err, cf->path, cf->line, "target needs a domain");
	return RP_ERR_SYNTAX;
    }
    if ((status = rp_conf_domain(cf, word, &dn)) != RP_OK
	|| (status = rp_conf_own(cf, &dn, RP_DOM_OWN)) != RP_OK)
	return status;
    if (strchr(dn.ascii, '.') == NULL) {
	rp_set_error(cf->err, cf->path, cf->line, "target %s has no suffix", dn.ascii);
	return RP_ERR_SYNTAX;
    }
    while ((word = rp_conf_word(&rest)) != NULL) {
	for (i = 0; i < sizeof(options) / sizeof(options[0]); i++)
	    if (strcmp(word, options[i].name) == 0)
		break;
	if (i == sizeof(options) / sizeof(options[0])) {
	    rp_set_error(cf->err, cf->path, cf->line, "unknown target option \"%s\"", word);
	    return RP_ERR_SYNTAX;
	}
	flags |= options[i].flag;
    }
    brands->targets = rp_array_grow(brands->targets, &brands->targets_cap,
				    brands->ntargets, sizeof(*brands->targets));
    t = &brands->targets[brands->ntargets++];
    memset(t, 0, sizeof(*t));
    t->brand = cf->brand;
    t->domain = rp_strdup(dn.ascii);
    t->flags = flags;
    return RP_OK;
}

/* rp_brands_add_token - add a combosquat token unless the brand has it already */
static void rp_brands_add_token(rp_brands *brands, const rp_brand *brand,
				const char *word, int glue)
{
    rp_token *tok;
    size_t  i;

    for (i = 0; i < brands->ntokens; i++)
	if (brands->tokens[i].brand == brand && strcmp(brands->tokens[i].word, word) == 0)
	    return;
    brands->tokens = rp_array_grow(brands->tokens, &brands->tokens_cap,
				   brands->ntokens, sizeof(*brands->tokens));
    tok = &brands->tokens[brands->ntokens++];
    tok->brand = brand;
    tok->word = rp_strdup(word);
    tok->len = strlen(word);
    tok->glue = glue;
}

/* rp_conf_token - "token WORD [boundary|glued]" */
static int rp_conf_token(rp_conf *cf, char *rest)
{
    char   *word = rp_conf_word(&rest), *opt = rp_conf_word(&rest);
    const char *p;
    int     glue;

    if (word == NULL || strlen(word) > RP_NAME_MAX || rp_conf_word(&rest)) {
	rp_set_error(cf->err, cf->path, cf->line, "usage: token WORD [boundary|glued]");
	return RP_ERR_SYNTAX;
    }
    rp_ascii_lowercase(word);
    for (p = word; *p; p++)
	if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-')) {
	    rp_set_error(cf->err, cf->path, cf->line, "token \"%s\": letters, digits, hyphens only", word);
	    return RP_ERR_SYNTAX;
	}
    if (opt == NULL)
	glue = strlen(word) >= 5;
    else if (strcmp(opt, "boundary") == 0)
	glue = 0;
    else if (strcmp(opt, "glued") == 0)
	glue = 1;
    else {
	rp_set_error(cf->err, cf->path, cf->line, "unknown token option \"%s\"", opt);
	return RP_ERR_SYNTAX;
    }
    rp_brands_add_token(cf->brands, cf->brand, word, glue);
    return RP_OK;
}

/* rp_conf_domains - "KEYWORD DOMAIN...": mark each with kinds */
static int rp_conf_domains(rp_conf *cf, char *rest, unsigned kinds)
{
    rp_dname dn;
    char   *word;
    int     status, any = 0;

    while ((word = rp_conf_word(&rest)) != NULL) {
	if ((status = rp_conf_domain(cf, word, &dn)) != RP_OK)
	    return status;
	if (kinds & (RP_DOM_OWN | RP_DOM_SENDS)) {
	    if ((status = rp_conf_own(cf, &dn, kinds)) != RP_OK)
		return status;
	} else
	    rp_brands_entry(cf->brands, dn.ascii)->kinds |= kinds;
	any = 1;
    }
    if (!any) {
	rp_set_error(cf->err, cf->path, cf->line, "a domain is missing");
	return RP_ERR_SYNTAX;
    }
    return RP_OK;
}

/* rp_conf_text - "name TEXT", "subject PATTERN", ...: one string per line */
static int rp_conf_text(rp_conf *cf, char *rest, rp_strv *sv, int lower)
{
    char   *text = rp_conf_rest(rest);

    if (*text == 0 || strlen(text) > RP_NAME_MAX) {
	rp_set_error(cf->err, cf->path, cf->line, "text missing or longer than %d bytes",
		     RP_NAME_MAX);
	return RP_ERR_SYNTAX;
    }
    if (lower)
	rp_ascii_lowercase(text);
    rp_strv_add(sv, text);
    return RP_OK;
}

/* rp_conf_brands_line - one line of brands.conf */
static int rp_conf_brands_line(rp_conf *cf, char *line)
{
    char   *rest = line, *key = rp_conf_word(&rest);

    if (strcmp(key, "brand") == 0) {
	rest = rp_conf_rest(rest);
	if (*rest == 0 || strlen(rest) > RP_NAME_MAX) {
	    rp_set_error(cf->err, cf->path, cf->line, "brand needs a name");
	    return RP_ERR_SYNTAX;
	}
	cf->brand = rp_conf_brand(cf->brands, rest);
	return RP_OK;
    }
    if (strcmp(key, "good") == 0)
	return rp_conf_domains(cf, rest, RP_DOM_GOOD);
    if (cf->brand == NULL) {
	rp_set_error(cf->err, cf->path, cf->line, "\"%s\" outside a brand block", key);
	return RP_ERR_SYNTAX;
    }
    if (strcmp(key, "domain") == 0)
	return rp_conf_domains(cf, rest, RP_DOM_OWN);
    if (strcmp(key, "sends") == 0)
	return rp_conf_domains(cf, rest, RP_DOM_SENDS);
    if (strcmp(key, "target") == 0)
	return rp_conf_target(cf, rest);
    if (strcmp(key, "token") == 0)
	return rp_conf_token(cf, rest);
    if (strcmp(key, "name") == 0)
	return rp_conf_text(cf, rest, &cf->brand->names, 1);
    if (strcmp(key, "subject") == 0)
	return rp_conf_text(cf, rest, &cf->brand->subjects, 0);
    if (strcmp(key, "scope") == 0)
	return rp_conf_text(cf, rest, &cf->brand->scopes, 0);
    if (strcmp(key, "oauth") == 0) {
	rest = rp_conf_rest(rest);
	if (strchr(rest, '/') == NULL || strchr(rest, ' ')) {
	    rp_set_error(cf->err, cf->path, cf->line, "usage: oauth HOST/PATH");
	    return RP_ERR_SYNTAX;
	}
	return rp_conf_text(cf, rest, &cf->brand->oauth, 1);
    }
    rp_set_error(cf->err, cf->path, cf->line, "unknown keyword \"%s\"", key);
    return RP_ERR_SYNTAX;
}

/*
 * rp_conf_listed_line - "DOMAIN [WORD...]": mark DOMAIN as kind and keep
 * its words, path prefixes for hosting (each "/.../"), query parameters
 * for redirectors.
 */
static int rp_conf_listed_line(rp_conf *cf, char *line, unsigned kind)
{
    char   *rest = line, *word = rp_conf_word(&rest);
    rp_dname dn;
    rp_dom *dom;
    int     status;

    if ((status = rp_conf_domain(cf, word, &dn)) != RP_OK)
	return status;
    dom = rp_brands_entry(cf->brands, dn.ascii);
    dom->kinds |= kind;
    while ((word = rp_conf_word(&rest)) != NULL) {
	if (kind == RP_DOM_REDIRECTOR) {
	    rp_strv_add(&dom->params, word);
	    continue;
	}
	if (word[0] != '/' || word[strlen(word) - 1] != '/') {
	    rp_set_error(cf->err, cf->path, cf->line,
			 "path prefix \"%s\" must start and end with /", word);
	    return RP_ERR_SYNTAX;
	}
	rp_ascii_lowercase(word);
	rp_strv_add(&dom->prefixes, word);
    }
    return RP_OK;
}

/* rp_conf_hosting_line - "SUFFIX [PATH-PREFIX...]" */
static int rp_conf_hosting_line(rp_conf *cf, char *line)
{
    return rp_conf_listed_line(cf, line, RP_DOM_HOSTING);
}

/* rp_conf_shortener_line - "DOMAIN..." */
static int rp_conf_shortener_line(rp_conf *cf, char *line)
{
    return rp_conf_domains(cf, line, RP_DOM_SHORTENER);
}

/* rp_conf_redirector_line - "DOMAIN [PARAMETER...]" */
static int rp_conf_redirector_line(rp_conf *cf, char *line)
{
    return rp_conf_listed_line(cf, line, RP_DOM_REDIRECTOR);
}

/* rp_conf_file - read one rules file line by line */
static int rp_conf_file(rp_brands *brands, const char *dir, const char *name,
			int required, int (*handle) (rp_conf *, char *),
			rp_error *err)
{
    rp_conf cf;
    char    path[1024], *data, *line, *next, *cut;
    size_t  len, n;
    int     status = RP_OK;

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    if (rp_read_file(path, &data, &len) != RP_OK) {
	if (!required && errno == ENOENT)
	    return RP_OK;
	rp_set_error(err, path, 0, "cannot read: %s", strerror(errno));
	return RP_ERR_IO;
    }
    memset(&cf, 0, sizeof(cf));
    cf.brands = brands;
    cf.path = path;
    cf.err = err;
    if (memchr(data, 0, len) != NULL) {
	rp_set_error(err, path, 0, "file contains a NUL byte");
	free(data);
	return RP_ERR_SYNTAX;
    }
    for (line = data; status == RP_OK && line < data + len; line = next) {
	cf.line++;
	if ((next = strchr(line, '\n')) != NULL)
	    *next++ = 0;
	else
	    next = data + len;
	if ((n = strlen(line)) > RP_CONF_LINE_MAX) {
	    rp_set_error(err, path, cf.line, "line longer than %d bytes", RP_CONF_LINE_MAX);
	    status = RP_ERR_SYNTAX;
	    break;
	}
	/* A comment starts at a # that begins a word. */
	for (cut = line; (cut = strchr(cut, '#')) != NULL; cut++)
	    if (cut == line || cut[-1] == ' ' || cut[-1] == '\t') {
		*cut = 0;
		break;
	    }
	for (n = strlen(line); n > 0 && strchr(" \t\r", line[n - 1]); n--)
	    line[n - 1] = 0;
	line += strspn(line, " \t");
	if (*line)
	    status = handle(&cf, line);
    }
    free(data);
    return status;
}

/* rp_brands_load_dir - read the four rules files of dir */
rp_status rp_brands_load_dir(rp_brands *brands, const char *dir, int required,
			     rp_error *err)
{
    int     status;

    if (brands == NULL || dir == NULL || brands->finished) {
	rp_set_error(err, dir, 0, "brand table is missing or already finished");
	return RP_ERR_INVALID;
    }
    if ((status = rp_conf_file(brands, dir, "brands.conf", required,
			       rp_conf_brands_line, err)) != RP_OK
	|| (status = rp_conf_file(brands, dir, "hosting.conf", required,
				  rp_conf_hosting_line, err)) != RP_OK
	|| (status = rp_conf_file(brands, dir, "shorteners.conf", required,
				  rp_conf_shortener_line, err)) != RP_OK
	|| (status = rp_conf_file(brands, dir, "redirectors.conf", required,
				  rp_conf_redirector_line, err)) != RP_OK)
	return status;
    return RP_OK;
}

/* rp_brands_skeleton - TR39 skeleton of UTF-8 text, or NULL */
static char *rp_brands_skeleton(const USpoofChecker *spoof, const char *text)
{
    char    buf[1024];
    UErrorCode uerr = U_ZERO_ERROR;
    int32_t n;

    n = uspoof_getSkeletonUTF8(spoof, 0, text, -1, buf, sizeof(buf), &uerr);
    if (U_FAILURE(uerr) || n < 0 || (size_t) n >= sizeof(buf))
	return NULL;
    return rp_strdup(buf);
}

/* rp_brands_finish - derive target forms and tokens, open PSL and ICU */
rp_status rp_brands_finish(rp_brands *brands, rp_error *err)
{
    UErrorCode uerr = U_ZERO_ERROR;
    rp_target *t;
    char   *p;
    size_t  i;

    if (brands == NULL || brands->finished) {
	rp_set_error(err, NULL, 0, "brand table is missing or already finished");
	return RP_ERR_INVALID;
    }
    for (i = 0; i < brands->nbrands; i++)
	if (brands->brands[i]->domain == NULL) {
	    rp_set_error(err, "brands.conf", 0, "brand %s owns no domain",
			 brands->brands[i]->name);
	    return RP_ERR_SYNTAX;
	}
    if ((brands->psl = psl_latest(NULL)) == NULL) {
	rp_set_error(err, NULL, 0, "cannot load the public suffix list");
	return RP_ERR_IO;
    }
    rp_domain_costs(brands->sub_cost);
    brands->spoof = uspoof_open(&uerr);
    if (U_FAILURE(uerr)) {
	rp_set_error(err, NULL, 0, "ICU spoof checker: %s", u_errorName(uerr));
	return RP_ERR_INVALID;
    }
    for (i = 0; i < brands->ntargets; i++) {
	t = &brands->targets[i];
	p = strchr(t->domain, '.');
	t->label = rp_strndup(t->domain, (size_t) (p - t->domain));
	t->label_len = strlen(t->label);
	t->suffix = rp_strdup(p + 1);
	t->dashed = rp_strdup(t->domain);
	for (p = t->dashed; (p = strchr(p, '.')) != NULL;)
	    *p = '-';
	t->glued = rp_strdup(t->domain);
	for (p = t->glued; (p = strchr(p, '.')) != NULL;)
	    memmove(p, p + 1, strlen(p));
	t->skel = rp_brands_skeleton(brands->spoof, t->domain);
	t->skel_label = rp_brands_skeleton(brands->spoof, t->label);
	if (t->skel == NULL || t->skel_label == NULL) {
	    rp_set_error(err, NULL, 0, "no skeleton for %s", t->domain);
	    return RP_ERR_INVALID;
	}
	if (!(t->flags & RP_TARGET_NOTOKEN))
	    rp_brands_add_token(brands, t->brand, t->label, t->label_len >= 5);
    }
    brands->finished = 1;
    return RP_OK;
}

/* rp_brand_name - "PyPI" */
const char *rp_brand_name(const rp_brand *brand)
{
    return brand ? brand->name : NULL;
}

/* rp_brand_domain - the brand's primary domain */
const char *rp_brand_domain(const rp_brand *brand)
{
    return brand ? brand->domain : NULL;
}

/* rp_brands_owned - the OWN or SENDS entry covering domain, NULL if none */
static const rp_dom *rp_brands_owned(const rp_brands *brands, const char *domain,
				     unsigned kinds)
{
    rp_dname dn;
    char    why[128];

    if (brands == NULL || domain == NULL
	|| rp_domain_normalize(domain, &dn, why, sizeof(why)) < 0)
	return NULL;
    return rp_brands_walk(brands, dn.ascii, kinds);
}

/* rp_brands_owner - the brand owning domain (its own or sending domain), or NULL */
const rp_brand *rp_brands_owner(const rp_brands *brands, const char *domain)
{
    const rp_dom *dom = rp_brands_owned(brands, domain, RP_DOM_OWN | RP_DOM_SENDS);

    return dom ? dom->owner : NULL;
}

/* rp_brand_sends_from - domain (any form) is one the brand sends mail from */
int     rp_brand_sends_from(const rp_brand *brand, const char *domain)
{
    size_t  i;
    rp_dname dn;
    char    why[128];
    const char *p;

    if (brand == NULL || domain == NULL
	|| rp_domain_normalize(domain, &dn, why, sizeof(why)) < 0)
	return 0;
    for (p = dn.ascii; p; p = strchr(p, '.'), p = p ? p + 1 : NULL)
	for (i = 0; i < brand->sends.n; i++)
	    if (strcmp(brand->sends.v[i], p) == 0)
		return 1;
    return 0;
}

/* rp_brands_word_char - part of a word for whole-word name matching */
static int rp_brands_word_char(int ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')
	|| (ch >= '0' && ch <= '9');
}

/*
 * rp_brands_claimed - the brand whose name appears earliest as a whole
 * word.  Bytes outside ASCII end a word, so "pypiサポート" claims PyPI.
 */
const rp_brand *rp_brands_claimed(const rp_brands *brands, const char *text)
{
    const rp_brand *best = NULL;
    size_t  best_at = SIZE_MAX, best_len = 0, i, j, len, n;
    const char *hit, *name;
    char    buf[RP_TEXT_MAX + 1];

    if (brands == NULL || text == NULL)
	return NULL;
    len = strnlen(text, RP_TEXT_MAX);
    memcpy(buf, text, len);
    buf[len] = 0;
    rp_ascii_lowercase(buf);
    for (i = 0; i < brands->nbrands; i++) {
	for (j = 0; j < brands->brands[i]->names.n; j++) {
	    name = brands->brands[i]->names.v[j];
	    n = strlen(name);
	    for (hit = buf; (hit = strstr(hit, name)) != NULL; hit++) {
		if ((hit > buf && rp_brands_word_char((unsigned char) hit[-1]))
		    || rp_brands_word_char((unsigned char) hit[n]))
		    continue;
		if ((size_t) (hit - buf) < best_at
		    || ((size_t) (hit - buf) == best_at && n > best_len)) {
		    best = brands->brands[i];
		    best_at = (size_t) (hit - buf);
		    best_len = n;
		}
		break;
	    }
	}
    }
    return best;
}

/*
 * rp_brands_glob - case-insensitive match of text against a pattern
 * where * stands for any run of bytes.  The classic single-backtrack
 * algorithm: at most len(text) * len(pattern) steps on capped input.
 */
static int rp_brands_glob(const char *pat, const char *text)
{
    const char *star = NULL, *resume = NULL;

    while (*text) {
	if (*pat == '*') {
	    star = pat++;
	    resume = text;
	} else if (*pat && rp_ascii_lower((unsigned char) *pat)
		   == rp_ascii_lower((unsigned char) *text)) {
	    pat++;
	    text++;
	} else if (star) {
	    pat = star + 1;
	    text = ++resume;
	} else
	    return 0;
    }
    while (*pat == '*')
	pat++;
    return *pat == 0;
}

/* rp_brands_subject_template - brand whose own subject template subject copies */
const rp_brand *rp_brands_subject_template(const rp_brands *brands,
					   const char *subject)
{
    char    buf[RP_TEXT_MAX + 1];
    size_t  i, j, len;

    if (brands == NULL || subject == NULL)
	return NULL;
    subject += strspn(subject, " \t\r\n");
    len = strnlen(subject, RP_TEXT_MAX);
    memcpy(buf, subject, len);
    buf[len] = 0;
    for (i = 0; i < brands->nbrands; i++)
	for (j = 0; j < brands->brands[i]->subjects.n; j++)
	    if (rp_brands_glob(brands->brands[i]->subjects.v[j], buf))
		return brands->brands[i];
    return NULL;
}

/* rp_brands_registrable - registrable domain of host, or host */
const char *rp_brands_registrable(const rp_brands *brands, const char *host)
{
    const char *reg = psl_registrable_domain(brands->psl, host);

    return reg ? reg : host;
}

/* rp_brands_listed_suffix - the list names suffix itself (no "*" default) */
int     rp_brands_listed_suffix(const rp_brands *brands, const char *suffix)
{
    return psl_is_public_suffix2(brands->psl, suffix, PSL_TYPE_ANY | PSL_TYPE_NO_STAR_RULE);
}

/* rp_brands_shortener - host is a URL shortener */
int     rp_brands_shortener(const rp_brands *brands, const char *host)
{
    rp_dname dn;
    char    why[128];

    if (brands == NULL || host == NULL
	|| rp_domain_normalize(host, &dn, why, sizeof(why)) < 0)
	return 0;
    return rp_brands_walk(brands, dn.ascii, RP_DOM_SHORTENER) != NULL;
}

/* rp_brands_redirector - host is a click tracker or link-protection service */
int     rp_brands_redirector(const rp_brands *brands, const rp_url *url, char **target)
{
    const rp_dom *dom;
    rp_dname dn;
    char    why[128];
    size_t  i;

    *target = NULL;
    if (brands == NULL || url == NULL || url->host_kind != RP_HOST_NAME
	|| rp_domain_normalize(url->host, &dn, why, sizeof(why)) < 0
	|| (dom = rp_brands_walk(brands, dn.ascii, RP_DOM_REDIRECTOR)) == NULL)
	return 0;
    for (i = 0; *target == NULL && i < dom->params.n; i++)
	*target = rp_url_param(url, dom->params.v[i]);
    return 1;
}

/* rp_brands_segment - the path segment at path (up to / ? #), lowercased */
static size_t rp_brands_segment(const char *path, char *buf, size_t size)
{
    size_t  n = strcspn(path, "/?#");

    if (n >= size)
	n = size - 1;
    memcpy(buf, path, n);
    buf[n] = 0;
    rp_ascii_lowercase(buf);
    return n;
}

/*
 * rp_brands_hosted_page - a brand-named page on free hosting: the
 * labels left of the hosting suffix, the first path segment, and the
 * segment after each of the entry's path prefixes.  On hosting a brand
 * owns (github.io), paths are repository names and a bare brand name
 * is the brand's own organisation, so only subdomain labels that add
 * words count there.
 */
const rp_brand *rp_brands_hosted_page(const rp_brands *brands, const rp_url *url,
				      char *reason, size_t reason_size)
{
    const rp_dom *dom;
    const rp_brand *brand = NULL;
    const char *what = NULL, *path, *where = NULL;
    char    seg[256], why[128];
    rp_dname dn;
    size_t  sub, i, n;
    int     dashed, brand_owned;

    if (brands == NULL || url == NULL || url->host == NULL || url->host_kind != RP_HOST_NAME
	|| rp_domain_normalize(url->host, &dn, why, sizeof(why)) < 0
	|| (dom = rp_brands_walk(brands, dn.ascii, RP_DOM_HOSTING)) == NULL)
	return NULL;
    brand_owned = (dom->kinds & (RP_DOM_OWN | RP_DOM_GOOD)) != 0;
    sub = strlen(dn.ascii) - strlen(dom->name);
    if (sub > 1) {
	brand = rp_domain_page_brand(brands, dom, dn.ascii, sub - 1, &what);
	where = "host name";
    }
    path = url->path ? url->path : "";
    path += strspn(path, "/");
    if (brand == NULL && !brand_owned && (n = rp_brands_segment(path, seg, sizeof(seg))) > 0) {
	brand = rp_domain_name_brand(brands, seg, n, 1, 1, &what, &dashed);
	where = "page path";
    }
    for (i = 0; brand == NULL && url->path && i < dom->prefixes.n; i++)
	if (rp_ascii_ncasecmp(url->path, dom->prefixes.v[i], strlen(dom->prefixes.v[i])) == 0
	    && (n = rp_brands_segment(url->path + strlen(dom->prefixes.v[i]),
				      seg, sizeof(seg))) > 0) {
	    brand = rp_domain_name_brand(brands, seg, n, 1, 1, &what, &dashed);
	    where = "page name";
	}
    if (brand && reason && reason_size)
	snprintf(reason, reason_size, "%s%s: %s carries %s's name ('%s') on free hosting %s",
		 dn.ascii, url->path ? url->path : "", where, brand->name, what, dom->name);
    return brand;
}

/* rp_brands_loopback - a redirect to the user's own machine (CLI login flows) */
static int rp_brands_loopback(const rp_url *url)
{
    return strcmp(url->host, "localhost") == 0 || strcmp(url->host, "::1") == 0
	|| strncmp(url->host, "127.", 4) == 0;
}

/* rp_brands_endpoint - the brand whose OAuth consent endpoint url is */
static const rp_brand *rp_brands_endpoint(const rp_brands *brands, const rp_url *url)
{
    const rp_brand *brand;
    const char *ep, *path = url->path ? url->path : "";
    size_t  i, j, hlen, plen = strlen(path);

    while (plen > 1 && path[plen - 1] == '/')
	plen--;
    for (i = 0; i < brands->nbrands; i++) {
	brand = brands->brands[i];
	for (j = 0; j < brand->oauth.n; j++) {
	    ep = brand->oauth.v[j];
	    hlen = strcspn(ep, "/");
	    if (strlen(url->host) == hlen && strncmp(url->host, ep, hlen) == 0
		&& strlen(ep + hlen) == plen
		&& rp_ascii_ncasecmp(ep + hlen, path, plen) == 0)
		return brand;
	}
    }
    return NULL;
}

/*
 * rp_brands_oauth - a brand's OAuth consent link that hands the grant
 * to a foreign host, or asks for scopes that let the holder publish
 * or destroy code.
 */
void    rp_brands_oauth(const rp_brands *brands, const rp_url *url,
			rp_oauth_found found, void *ctx)
{
    const rp_brand *brand;
    rp_url  redirect;
    char   *value, *scope, *save = NULL, reason[512];
    rp_buf  bad;
    size_t  i;

    if (brands == NULL || url == NULL || url->host == NULL || found == NULL
	|| (brand = rp_brands_endpoint(brands, url)) == NULL)
	return;
    if ((value = rp_url_param(url, "redirect_uri")) != NULL) {
	if (rp_url_parse(value, strlen(value), &redirect) == 0) {
	    if (!rp_brands_loopback(&redirect)
		&& rp_brands_owner(brands, redirect.host) != brand) {
		snprintf(reason, sizeof(reason),
			 "%s OAuth consent link sends the grant to %s, not a %s domain"
			 " (registered apps redirect to their own site, so this is"
			 " suspicious, not proof)", brand->name, redirect.host, brand->name);
		found(ctx, RP_SYM_OAUTH_FOREIGN_REDIRECT, reason);
	    }
	    rp_url_free(&redirect);
	}
	free(value);
    }
    if ((value = rp_url_param(url, "scope")) != NULL) {
	rp_buf_init(&bad);
	for (scope = strtok_r(value, " +,", &save); scope; scope = strtok_r(NULL, " +,", &save))
	    for (i = 0; i < brand->scopes.n; i++)
		if (rp_ascii_casecmp(scope, brand->scopes.v[i]) == 0 && bad.len < 256)
		    rp_buf_printf(&bad, "%s%s", bad.len ? ", " : "", brand->scopes.v[i]);
	if (bad.len) {
	    snprintf(reason, sizeof(reason),
		     "%s OAuth consent link asks for %s (power to change or delete"
		     " code and packages)", brand->name, bad.data);
	    found(ctx, RP_SYM_OAUTH_DANGEROUS_SCOPE, reason);
	}
	rp_buf_free(&bad);
	free(value);
    }
}
