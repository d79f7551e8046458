/*
 * NAME
 *	rp_brands_load 3
 * SUMMARY
 *	brand table loader: brands.conf, hosting.conf, shorteners.conf,
 *	redirectors.conf, words.conf
 * SYNOPSIS
 *	#include "rp_brands.h"
 *
 *	rp_status rp_brands_load_dir(rp_brands *brands, const char *dir,
 *				int required, rp_error *err)
 *	rp_status rp_brands_finish(rp_brands *brands, rp_error *err)
 * DESCRIPTION
 *	rp_brands_load_dir() reads brands.conf, hosting.conf,
 *	shorteners.conf, redirectors.conf and words.conf from dir
 *	(formats: the comments at the top of each file) through
 *	rp_lines_read(), which applies the comment and blank-line rules
 *	of every regphish file.  It is called once for the shipped rules
 *	(required: a missing file is an error) and once for the local
 *	rules directory (not required); a local "brand NAME" block naming
 *	a shipped brand adds to it.  Every domain goes through
 *	rp_host_normalize() and is kept in A-label form.  words.conf
 *	(ordinary words near brand labels, made by tools/gen-words) is
 *	never required: without it no lookalike label is an ordinary
 *	word, and every lookalike counts at full weight.
 *
 *	rp_brands_finish() derives what the checks need (labels,
 *	hyphenated and glued forms, the confusable skeletons of target
 *	domains and labels, of brand names and subject templates,
 *	combosquat tokens of the target labels, the letter cost table),
 *	opens the public suffix list and ICU's confusables;
 *	afterwards the table is immutable.
 * DIAGNOSTICS
 *	RP_ERR_IO when a required file cannot be read, RP_ERR_SYNTAX for
 *	a bad line (unknown keyword or option, bad domain, a domain two
 *	brands own, a mirror a brand owns, a keyword outside a brand
 *	block, a brand without a domain, a word that is not lowercase
 *	ASCII letters), RP_ERR_INVALID when the table is missing or already
 *	finished or ICU fails; *err names the file and line.  Nothing is
 *	logged.
 * SEE ALSO
 *	rp_lines.c, rp_brands.c, rules/brands.conf, rules/hosting.conf,
 *	rules/shorteners.conf, rules/redirectors.conf
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpsl.h>

#include "regphish.h"
#include "rp_util.h"
#include "rp_lines.h"
#include "rp_text.h"
#include "rp_host.h"
#include "rp_letters.h"
#include "rp_brands.h"
#include "rp_brands_impl.h"

#define RP_NAME_MAX		128	/* longest brand name or token */

/* Parser state for one rules file. */
typedef struct rp_conf {
    rp_brands *brands;
    const rp_line_at *at;		/* the line being parsed */
    rp_brand *brand;			/* current "brand" block */
    rp_error *err;
} rp_conf;

/* rp_conf_fail - a syntax error at the line being parsed */
static int rp_conf_fail(rp_conf *cf, const char *fmt,...)
    __attribute__((format(printf, 2, 3)));

static int rp_conf_fail(rp_conf *cf, const char *fmt,...)
{
    char    msg[sizeof(cf->err->message)];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    rp_set_error(cf->err, cf->at->file, cf->at->line, "%s", msg);
    return RP_ERR_SYNTAX;
}

/* rp_strv_add - append a copy of s */
static void rp_strv_add(rp_strv *sv, const char *s)
{
    sv->v = rp_array_grow(sv->v, &sv->cap, sv->n, sizeof(*sv->v));
    sv->v[sv->n++] = rp_strdup(s);
}

/* rp_strv_free_all - release a vector built here that was never stored */
static void rp_strv_free_all(rp_strv *sv)
{
    size_t  i;

    for (i = 0; i < sv->n; i++)
	free(sv->v[i]);
    free(sv->v);
}

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

    if (rp_host_normalize(word, dn, why, sizeof(why)) < 0)
	return rp_conf_fail(cf, "bad domain \"%s\": %s", word, why);
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

    if (dom->owner && dom->owner != cf->brand)
	return rp_conf_fail(cf, "%s already belongs to %s", dn->ascii, dom->owner->name);
    if (dom->kinds & RP_DOM_MIRROR)
	return rp_conf_fail(cf, "%s is a mirror of %s", dn->ascii, dom->mirror_of->name);
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

    if ((word = rp_conf_word(&rest)) == NULL)
	return rp_conf_fail(cf, "target needs a domain");
    if ((status = rp_conf_domain(cf, word, &dn)) != RP_OK
	|| (status = rp_conf_own(cf, &dn, RP_DOM_OWN)) != RP_OK)
	return status;
    if (strchr(dn.ascii, '.') == NULL)
	return rp_conf_fail(cf, "target %s has no suffix", dn.ascii);
    while ((word = rp_conf_word(&rest)) != NULL) {
	for (i = 0; i < sizeof(options) / sizeof(options[0]); i++)
	    if (strcmp(word, options[i].name) == 0)
		break;
	if (i == sizeof(options) / sizeof(options[0]))
	    return rp_conf_fail(cf, "unknown target option \"%s\"", word);
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

    if (word == NULL || strlen(word) > RP_NAME_MAX || rp_conf_word(&rest))
	return rp_conf_fail(cf, "usage: token WORD [boundary|glued]");
    rp_ascii_lowercase(word);
    for (p = word; *p; p++)
	if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
	    return rp_conf_fail(cf, "token \"%s\": letters, digits, hyphens only", word);
    if (opt == NULL)
	glue = strlen(word) >= 5;
    else if (strcmp(opt, "boundary") == 0)
	glue = 0;
    else if (strcmp(opt, "glued") == 0)
	glue = 1;
    else
	return rp_conf_fail(cf, "unknown token option \"%s\"", opt);
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
    if (!any)
	return rp_conf_fail(cf, "a domain is missing");
    return RP_OK;
}

/*
 * rp_conf_mirrors - "mirror HOST...": public mirrors of the current
 * brand, run by others: neither the brand's own nor lookalikes
 */
static int rp_conf_mirrors(rp_conf *cf, char *rest)
{
    rp_dname dn;
    rp_dom *dom;
    char   *word;
    int     status, any = 0;

    while ((word = rp_conf_word(&rest)) != NULL) {
	if ((status = rp_conf_domain(cf, word, &dn)) != RP_OK)
	    return status;
	dom = rp_brands_entry(cf->brands, dn.ascii);
	if (dom->kinds & (RP_DOM_OWN | RP_DOM_SENDS))
	    return rp_conf_fail(cf, "mirror %s belongs to %s", dn.ascii, dom->owner->name);
	dom->kinds |= RP_DOM_MIRROR;
	dom->mirror_of = cf->brand;
	any = 1;
    }
    if (!any)
	return rp_conf_fail(cf, "a domain is missing");
    return RP_OK;
}

/* rp_conf_text - "name TEXT", "subject PATTERN", ...: one string per line */
static int rp_conf_text(rp_conf *cf, char *rest, rp_strv *sv, int lower)
{
    char   *text = rp_conf_rest(rest);

    if (*text == 0 || strlen(text) > RP_NAME_MAX)
	return rp_conf_fail(cf, "text missing or longer than %d bytes", RP_NAME_MAX);
    if (lower)
	rp_ascii_lowercase(text);
    rp_strv_add(sv, text);
    return RP_OK;
}

/* rp_conf_at - the parser state, now at line at */
static rp_conf *rp_conf_at(void *ctx, const rp_line_at *at, rp_error *err)
{
    rp_conf *cf = ctx;

    cf->at = at;
    cf->err = err;
    return cf;
}

/* rp_conf_brands_line - one line of brands.conf */
static rp_status rp_conf_brands_line(void *ctx, char *line, const rp_line_at *at,
				     rp_error *err)
{
    rp_conf *cf = rp_conf_at(ctx, at, err);
    char   *rest = line, *key = rp_conf_word(&rest);

    if (strcmp(key, "brand") == 0) {
	rest = rp_conf_rest(rest);
	if (*rest == 0 || strlen(rest) > RP_NAME_MAX)
	    return rp_conf_fail(cf, "brand needs a name");
	cf->brand = rp_conf_brand(cf->brands, rest);
	return RP_OK;
    }
    if (strcmp(key, "good") == 0)
	return rp_conf_domains(cf, rest, RP_DOM_GOOD);
    if (cf->brand == NULL)
	return rp_conf_fail(cf, "\"%s\" outside a brand block", key);
    if (strcmp(key, "domain") == 0)
	return rp_conf_domains(cf, rest, RP_DOM_OWN);
    if (strcmp(key, "sends") == 0)
	return rp_conf_domains(cf, rest, RP_DOM_SENDS);
    if (strcmp(key, "target") == 0)
	return rp_conf_target(cf, rest);
    if (strcmp(key, "mirror") == 0)
	return rp_conf_mirrors(cf, rest);
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
	if (strchr(rest, '/') == NULL || strchr(rest, ' '))
	    return rp_conf_fail(cf, "usage: oauth HOST/PATH");
	return rp_conf_text(cf, rest, &cf->brand->oauth, 1);
    }
    return rp_conf_fail(cf, "unknown keyword \"%s\"", key);
}

/*
 * rp_conf_listed_line - "DOMAIN [PATH-PREFIX...]": mark DOMAIN as kind
 * and keep its path prefixes (each "/.../")
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
	if (word[0] != '/' || word[strlen(word) - 1] != '/')
	    return rp_conf_fail(cf, "path prefix \"%s\" must start and end with /", word);
	rp_ascii_lowercase(word);
	rp_strv_add(&dom->prefixes, word);
    }
    return RP_OK;
}

/*
 * rp_conf_redir_word - one word of a redirector line after its domain:
 * a query parameter, path=, tail=, decode= or hidden
 */
static int rp_conf_redir_word(rp_conf *cf, rp_redir *rd, char *word)
{
    static const char *const decoders[] = {
	[RP_REDIR_PERCENT] = "percent", [RP_REDIR_PROOFPOINT2] = "proofpoint-v2",
	[RP_REDIR_PROOFPOINT3] = "proofpoint-v3", [RP_REDIR_PATH] = "path",
    };
    size_t  i;

    if (strcmp(word, "hidden") == 0) {
	rd->hidden = 1;
    } else if (strncmp(word, "path=", 5) == 0 && word[5] == '/' && rd->path == NULL) {
	rd->path = rp_strdup(word + 5);
	rp_ascii_lowercase(rd->path);
    } else if (strncmp(word, "tail=", 5) == 0
	       && (strncmp(word + 5, "http:/", 6) == 0 || strncmp(word + 5, "https:/", 7) == 0)
	       && word[strlen(word) - 1] == '/') {
	rp_ascii_lowercase(word);
	rp_strv_add(&rd->tails, word + 5);
    } else if (strncmp(word, "decode=", 7) == 0) {
	for (i = 0; i < sizeof(decoders) / sizeof(decoders[0]); i++)
	    if (strcmp(word + 7, decoders[i]) == 0)
		break;
	if (i == sizeof(decoders) / sizeof(decoders[0]))
	    return rp_conf_fail(cf, "unknown decoder \"%s\"", word + 7);
	rd->decode = (int) i;
    } else if (strchr(word, '=') != NULL || strchr(word, '/') != NULL) {
	return rp_conf_fail(cf, "bad redirector option \"%s\" (path=/P, tail=https:/P/,"
			    " decode=NAME, hidden, or a query parameter)", word);
    } else {
	rp_strv_add(&rd->params, word);
    }
    return RP_OK;
}

/*
 * rp_conf_redirector_line - "DOMAIN [PARAMETER...] [path=/P]
 * [tail=SCHEME:/P/...] [decode=NAME] [hidden] ["NAME"]"; DOMAIN may be
 * "LABEL.*", any registrable domain of that label (rp_redirect.c)
 */
static rp_status rp_conf_redirector_line(void *ctx, char *line, const rp_line_at *at,
					rp_error *err)
{
    rp_conf *cf = rp_conf_at(ctx, at, err);
    char   *rest = line, *word = rp_conf_word(&rest), key[RP_LABEL_MAX + 3];
    rp_dname dn;
    rp_dom *dom;
    rp_redir rd;
    size_t  len = strlen(word);
    int     status, any = len > 2 && strcmp(word + len - 2, ".*") == 0;

    if (any)
	word[len - 2] = 0;
    if ((status = rp_conf_domain(cf, word, &dn)) != RP_OK)
	return status;
    if (any && (strchr(dn.ascii, '.') != NULL || strlen(dn.ascii) > RP_LABEL_MAX))
	return rp_conf_fail(cf, "\"%s.*\" must be one label followed by .*", word);
    snprintf(key, sizeof(key), "%s%s", dn.ascii, any ? ".*" : "");
    memset(&rd, 0, sizeof(rd));
    for (status = RP_OK; status == RP_OK; status = rp_conf_redir_word(cf, &rd, rp_conf_word(&rest))) {
	rest += strspn(rest, " \t");
	if (*rest == 0 || *rest == '"')
	    break;
    }
    if (status == RP_OK && *rest == '"')
	rd.name = rp_strdup(rp_conf_rest(rest));
    if (status == RP_OK && (rd.tails.n > 0 || rd.params.n > 0 || rd.decode != RP_REDIR_PERCENT)
	&& rd.hidden)
	status = rp_conf_fail(cf, "a hidden target has no parameters, tails or decoder");
    if (status != RP_OK) {
	free(rd.name);
	free(rd.path);
	rp_strv_free_all(&rd.params);
	rp_strv_free_all(&rd.tails);
	return status;
    }
    dom = rp_brands_entry(cf->brands, key);
    dom->kinds |= RP_DOM_REDIRECTOR;
    dom->redirs = rp_array_grow(dom->redirs, &dom->redirs_cap, dom->nredirs, sizeof(rd));
    dom->redirs[dom->nredirs++] = rd;
    return RP_OK;
}

/* rp_conf_hosting_line - "SUFFIX [PATH-PREFIX...]" */
static rp_status rp_conf_hosting_line(void *ctx, char *line, const rp_line_at *at,
				     rp_error *err)
{
    return rp_conf_listed_line(rp_conf_at(ctx, at, err), line, RP_DOM_HOSTING);
}

/* rp_conf_shortener_line - "DOMAIN..." */
static rp_status rp_conf_shortener_line(void *ctx, char *line, const rp_line_at *at,
				       rp_error *err)
{
    return rp_conf_domains(rp_conf_at(ctx, at, err), line, RP_DOM_SHORTENER);
}

/* rp_conf_word_line - "WORD": an ordinary word, lowercase ASCII letters */
static rp_status rp_conf_word_line(void *ctx, char *line, const rp_line_at *at,
				   rp_error *err)
{
    rp_conf *cf = rp_conf_at(ctx, at, err);
    char   *rest = line, *word = rp_conf_word(&rest);
    const char *p;

    if (word == NULL || rp_conf_word(&rest) != NULL || strlen(word) > RP_LABEL_MAX)
	return rp_conf_fail(cf, "one word per line");
    for (p = word; *p; p++)
	if (*p < 'a' || *p > 'z')
	    return rp_conf_fail(cf, "word \"%s\": lowercase ASCII letters only", word);
    rp_brands_entry(cf->brands, word)->kinds |= RP_DOM_WORD;
    return RP_OK;
}

/* rp_conf_file - read dir/name, each line to handle */
static rp_status rp_conf_file(rp_brands *brands, const char *dir, const char *name,
			      int required, rp_line_fn handle, rp_error *err)
{
    rp_conf cf;
    char    path[1024];

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    memset(&cf, 0, sizeof(cf));
    cf.brands = brands;
    return rp_lines_read(path, required, handle, &cf, err);
}

/* rp_brands_load_dir - read the rules files of dir */
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
				  rp_conf_redirector_line, err)) != RP_OK
	|| (status = rp_conf_file(brands, dir, "words.conf", 0,
				  rp_conf_word_line, err)) != RP_OK)
	return status;
    return RP_OK;
}

/* rp_brands_skeletons - the confusable skeleton of each string of from, into to */
static void rp_brands_skeletons(const rp_brands *brands, const rp_strv *from, rp_strv *to)
{
    size_t  i;

    for (i = 0; i < from->n; i++) {
	to->v = rp_array_grow(to->v, &to->cap, to->n, sizeof(*to->v));
	to->v[to->n++] = rp_text_skeleton(brands->confusables, from->v[i], strlen(from->v[i]), NULL);
    }
}

/*
 * rp_brands_names - names in the form claims compare (NFKC-casefolded,
 * as the texts they are looked for in), and the skeletons of names and
 * subject templates
 */
static void rp_brands_names(rp_brands *brands, rp_brand *brand)
{
    size_t  i;
    char   *norm;

    for (i = 0; i < brand->names.n; i++) {
	norm = rp_text_normalize(brand->names.v[i], strlen(brand->names.v[i]), NULL);
	free(brand->names.v[i]);
	brand->names.v[i] = norm;
    }
    rp_brands_skeletons(brands, &brand->names, &brand->name_skels);
    rp_brands_skeletons(brands, &brand->subjects, &brand->subject_skels);
}

/*
 * rp_brands_target_forms - label, suffix, hyphenated and glued forms of
 * a target, and the skeletons of its domain and label, taken from the
 * U-label form (the A-label of an internationalised domain looks like
 * nothing)
 */
static int rp_brands_target_forms(rp_brands *brands, rp_target *t, rp_error *err)
{
    rp_dname dn;
    char    why[256], *p;

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
    if (rp_host_normalize(t->domain, &dn, why, sizeof(why)) < 0) {
	rp_set_error(err, NULL, 0, "no skeleton for %s: %s", t->domain, why);
	return RP_ERR_INVALID;
    }
    t->skel = rp_text_skeleton(brands->confusables, dn.uni, strlen(dn.uni), NULL);
    t->skel_label = rp_text_skeleton(brands->confusables, dn.uni, strcspn(dn.uni, "."), NULL);
    return RP_OK;
}

/* rp_brands_finish - derive target forms, tokens and skeletons, open PSL and ICU */
rp_status rp_brands_finish(rp_brands *brands, rp_error *err)
{
    rp_target *t;
    size_t  i;
    int     status;

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
    rp_letters_costs(brands->sub_cost);
    if ((brands->confusables = rp_text_confusables()) == NULL) {
	rp_set_error(err, NULL, 0, "cannot open ICU's spoof checker");
	return RP_ERR_INVALID;
    }
    for (i = 0; i < brands->nbrands; i++)
	rp_brands_names(brands, brands->brands[i]);
    for (i = 0; i < brands->ntargets; i++) {
	t = &brands->targets[i];
	if ((status = rp_brands_target_forms(brands, t, err)) != RP_OK)
	    return status;
	if (!(t->flags & RP_TARGET_NOTOKEN))
	    rp_brands_add_token(brands, t->brand, t->label, t->label_len >= 5);
    }
    brands->finished = 1;
    return RP_OK;
}
