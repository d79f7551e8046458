/*
 * NAME
 *	rp_lure 3
 * SUMMARY
 *	weighted lure rules (urgency, credential requests): one Hyperscan
 *	pass, then PCRE2 on the rules it names
 * SYNOPSIS
 *	#include "rp_lure.h"
 *
 *	rp_lures *rp_lures_new(void)
 *	void	rp_lures_free(rp_lures *lures)
 *	rp_status rp_lures_load(rp_lures *lures, const char *path,
 *				int required, rp_error *err)
 *	void	rp_lures_match(const rp_lures *lures, const char *subject,
 *			       const char *body, size_t body_len,
 *			       rp_lure_hit hit, void *ctx)
 *	int	rp_lures_has_symbol(const rp_lures *lures, rp_symbol symbol)
 *	rp_status rp_lures_complete(const rp_lures *lures, const char *path,
 *				    rp_error *err)
 * DESCRIPTION
 *	rp_lures_new() returns an empty rule set; rp_lures_free()
 *	releases one (NULL is fine).
 *
 *	rp_lures_load() adds the rules of one file; the format is
 *	documented at the top of rules/lures.rules.  In short, one rule
 *	per line, "SYMBOL WEIGHT SCOPE /pattern/" (comments and blank
 *	lines as rp_lines.c says); SYMBOL is a LURE symbol of the
 *	registry (rp_symbols.def), SCOPE is subject, body or any.  Every
 *	line of one file that names a symbol must give it the same
 *	weight; a file loaded later (the local rules directory) may give
 *	a symbol a new weight, which then applies to all its rules.
 *	Patterns are
 *	compiled with PCRE2_UTF, PCRE2_UCP and PCRE2_CASELESS, and
 *	JIT-compiled when PCRE2 has a JIT for this machine.  A missing
 *	file is an error only when required is set.  Loading stops at
 *	the first error; rules of the file read before it stay loaded
 *	(and run with PCRE2 on every text), so a caller that wants all or
 *	nothing frees the set.  Once a file has loaded, one Hyperscan
 *	database is built of the literals of every rule so far
 *	(rp_lure_lit.c: strings one of which each match of the rule
 *	contains, in every caseless spelling); a rule without such
 *	literals (lookaround, backreferences, inline options, \Q..\E, or
 *	a pattern that needs no literal to match) is left out and runs
 *	with PCRE2 on every text, as all rules did before.
 *
 *	rp_lures_match() scans each text once with the Hyperscan database
 *	(scratch space cloned per call from a prototype made at load), then
 *	runs PCRE2 only for the rules whose literals occur in the text (and
 *	those left out of the database): the result, hits and excerpts, is
 *	what running every rule with PCRE2 gives.  Should Hyperscan fail,
 *	every rule runs with PCRE2.  It runs the rules over the subject (NUL-terminated,
 *	may be NULL) and body (body_len bytes, may be NULL); both should
 *	come from rp_text_normalize(), so patterns are written in
 *	lowercase NFKC-casefolded form.  Only the first RP_LURE_SUBJECT_MAX
 *	bytes of the subject are scanned.  The body is scanned whole up to
 *	RP_LURE_BODY_MAX (8 MiB, well above the 1 MiB of text the parser
 *	keeps by default, normalised): padding must not push a lure out of
 *	sight.  A longer body (a caller that keeps more text) is scanned in
 *	its first and its last RP_LURE_BODY_MAX / 2 bytes, cut at UTF-8
 *	boundaries, so a 50 MB body does not cost 50 MB of matching per
 *	rule and a lure after the padding is still seen.  Each match runs
 *	under a match limit and a heap limit
 *	so that no pattern/input pair can hang the filter; a rule that
 *	hits a limit, or text that is not valid UTF-8, counts as no
 *	match.  hit() is called at most once per symbol, in the order
 *	the symbols first appear in the rules, with the symbol's weight
 *	and the text of the first match: at most RP_LURE_EXCERPT_MAX
 *	bytes, cut at a UTF-8 boundary, control characters turned into
 *	spaces.  The excerpt lives only for the call.  The rule set is
 *	only read, so several threads may match with one set at once.
 *
 *	rp_lures_has_symbol() tells whether any loaded rule defines the
 *	symbol.  rp_lures_complete() checks, after the shipped file, that
 *	every LURE symbol of the registry has a rule.
 * DIAGNOSTICS
 *	rp_lures_load() returns RP_OK, RP_ERR_IO (file unreadable; errno
 *	kept) or RP_ERR_SYNTAX; err gets the file, the line and what is
 *	wrong: a symbol that is not a LURE symbol of the registry (an
 *	unknown name, or a CODE symbol), a bad weight or scope, a
 *	missing or unclosed pattern, a weight that disagrees with an
 *	earlier line,
 *	PCRE2's compile error message with the offset in the pattern, or
 *	Hyperscan's, should it fail to build the database of literals.
 *	rp_lures_complete() returns RP_ERR_SYNTAX naming path and the first
 *	LURE symbol without a rule.
 */
#include "config.h"

#define PCRE2_CODE_UNIT_WIDTH 8

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <hs.h>
#include <pcre2.h>

#include "regphish.h"
#include "rp_lines.h"
#include "rp_lure.h"
#include "rp_lure_lit.h"
#include "rp_utf8.h"
#include "rp_util.h"

#define RP_LURE_WEIGHT_MAX	100.0		/* |weight| bound */
#define RP_LURE_SUBJECT_MAX	4096		/* subject bytes scanned */
#define RP_LURE_BODY_MAX	(8 * 1024 * 1024)	/* body bytes scanned whole */
#define RP_LURE_EXCERPT_MAX	80		/* excerpt bytes, before NUL */
#define RP_LURE_MATCH_LIMIT	5000000		/* PCRE2 match() calls per match */
#define RP_LURE_HEAP_LIMIT	8192		/* KiB of backtracking memory */
#define RP_LURE_DEPTH_LIMIT	10000		/* backtracking depth */
#define RP_LURE_JIT_STACK	(1024 * 1024)	/* JIT stack ceiling, bytes */

typedef enum rp_lure_scope {
    RP_LURE_SUBJECT = 1,
    RP_LURE_BODY = 2,
    RP_LURE_ANY = 3
} rp_lure_scope;

typedef struct rp_lure_symbol {
    double  weight;
    unsigned file;			/* load that last set the weight; 0: no rule yet */
} rp_lure_symbol;

typedef struct rp_lure_rule {
    pcre2_code *code;
    rp_symbol symbol;
    rp_lure_scope scope;
    rp_lure_lits lits;			/* Hyperscan prefilter */
    int     always;			/* no prefilter: PCRE2 on every text */
    unsigned line;			/* where it was read, for errors */
} rp_lure_rule;

struct rp_lures {
    rp_lure_rule *rules;
    size_t  rule_count;
    size_t  rule_cap;
    rp_lure_symbol symbols[RP_SYM_COUNT];
    unsigned loads;			/* files loaded so far */
    size_t  compiled;			/* rules in the database */
    hs_database_t *db;			/* every rule's literals, id = rule */
    hs_scratch_t *scratch;		/* prototype, cloned per match */
};

/* rp_lures_new - an empty rule set */
rp_lures *rp_lures_new(void)
{
    return rp_calloc(1, sizeof(rp_lures));
}

/* rp_lures_free - release rules and symbols */
void    rp_lures_free(rp_lures *lures)
{
    size_t  i;

    if (lures == NULL)
	return;
    for (i = 0; i < lures->rule_count; i++) {
	pcre2_code_free(lures->rules[i].code);
	rp_lure_lit_free(&lures->rules[i].lits);
    }
    free(lures->rules);
    hs_free_scratch(lures->scratch);
    hs_free_database(lures->db);
    free(lures);
}

/* rp_lures_has_symbol - a rule defines this symbol */
int     rp_lures_has_symbol(const rp_lures *lures, rp_symbol symbol)
{
    return lures != NULL && symbol >= 0 && symbol < RP_SYM_COUNT
	&& lures->symbols[symbol].file > 0;
}

/* rp_lures_complete - every lure symbol of the registry has a rule */
rp_status rp_lures_complete(const rp_lures *lures, const char *path, rp_error *err)
{
    int     i;

    for (i = 0; i < RP_SYM_COUNT; i++)
	if (rp_symbol_kind_of((rp_symbol) i) == RP_SYMBOL_LURE
	    && !rp_lures_has_symbol(lures, (rp_symbol) i)) {
	    rp_set_error(err, path, 0, "lure symbol %s has no rule",
			 rp_symbol_name((rp_symbol) i));
	    return RP_ERR_SYNTAX;
	}
    return RP_OK;
}

/* rp_lure_is_space - blank within a rule line */
static int rp_lure_is_space(int ch)
{
    return ch == ' ' || ch == '\t';
}

/* rp_lure_field - next blank-separated field of a line; length 0 at end */
static const char *rp_lure_field(const char **pos, const char *end, size_t *len)
{
    const char *p = *pos;
    const char *start;

    while (p < end && rp_lure_is_space((unsigned char) *p))
	p++;
    start = p;
    while (p < end && !rp_lure_is_space((unsigned char) *p))
	p++;
    *len = (size_t) (p - start);
    *pos = p;
    return start;
}

/* rp_lure_weight - parse a finite, bounded weight; 0 if bad */
static int rp_lure_weight(const char *s, size_t len, double *weight)
{
    char    buf[32];
    char   *end;

    if (len == 0 || len >= sizeof(buf))
	return 0;
    memcpy(buf, s, len);
    buf[len] = 0;
    errno = 0;
    *weight = strtod(buf, &end);
    return *end == 0 && errno == 0 && isfinite(*weight)
	&& fabs(*weight) <= RP_LURE_WEIGHT_MAX;
}

/* rp_lure_scope_of - scope keyword to value; 0 if bad */
static rp_lure_scope rp_lure_scope_of(const char *s, size_t len)
{
    if (len == 7 && memcmp(s, "subject", 7) == 0)
	return RP_LURE_SUBJECT;
    if (len == 4 && memcmp(s, "body", 4) == 0)
	return RP_LURE_BODY;
    if (len == 3 && memcmp(s, "any", 3) == 0)
	return RP_LURE_ANY;
    return 0;
}

/* rp_lure_symbol_for - the registry's lure symbol name, with this weight */
static rp_status rp_lure_symbol_for(rp_lures *lures, const char *name,
				    size_t len, double weight, rp_symbol *out,
				    const rp_line_at *at, rp_error *err)
{
    rp_lure_symbol *sym;
    rp_symbol id = rp_symbol_lookup(name, len);

    if (id == RP_SYM_NONE || rp_symbol_kind_of(id) != RP_SYMBOL_LURE) {
	rp_set_error(err, at->file, at->line, id == RP_SYM_NONE ? "unknown symbol \"%.*s\""
		     : "symbol %.*s is weighed in symbols.conf, not by lure rules",
		     (int) (len > 64 ? 64 : len), name);
	return RP_ERR_SYNTAX;
    }
    sym = &lures->symbols[id];
    if (sym->file == lures->loads && sym->weight != weight) {
	rp_set_error(err, at->file, at->line,
		     "weight %g of %s differs from %g on an earlier line",
		     weight, rp_symbol_name(id), sym->weight);
	return RP_ERR_SYNTAX;
    }
    sym->weight = weight;
    sym->file = lures->loads;
    *out = id;
    return RP_OK;
}

/* rp_lure_compile - compile and JIT one pattern */
static pcre2_code *rp_lure_compile(const char *pattern, size_t len,
				   const rp_line_at *at, rp_error *err)
{
    pcre2_code *code;
    int     errcode;
    PCRE2_SIZE erroff;
    PCRE2_UCHAR msg[256];
    uint32_t jit = 0;

    code = pcre2_compile((PCRE2_SPTR) pattern, len,
			 PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS,
			 &errcode, &erroff, NULL);
    if (code == NULL) {
	if (pcre2_get_error_message(errcode, msg, sizeof(msg)) < 0)
	    strcpy((char *) msg, "unknown error");
	rp_set_error(err, at->file, at->line, "pattern error at offset %zu: %s",
		     (size_t) erroff, (const char *) msg);
	return NULL;
    }
    /* No JIT on this machine or build: the interpreter does the work. */
    if (pcre2_config(PCRE2_CONFIG_JIT, &jit) >= 0 && jit)
	(void) pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
    return code;
}

/* rp_lure_line - parse and add one rule line (rp_lines_read callback) */
static rp_status rp_lure_line(void *ctx, char *text, const rp_line_at *at, rp_error *err)
{
    rp_lures *lures = ctx;
    const char *p = text, *end = text + strlen(text);
    const char *name, *wtext, *stext, *slash, *last;
    size_t  name_len, wlen, slen;
    double  weight;
    rp_lure_scope scope;
    rp_lure_rule *rule;
    pcre2_code *code;
    rp_symbol sym;
    rp_status status;

    name = rp_lure_field(&p, end, &name_len);
    wtext = rp_lure_field(&p, end, &wlen);
    if (!rp_lure_weight(wtext, wlen, &weight)) {
	rp_set_error(err, at->file, at->line, "bad weight \"%.*s\"",
		     (int) (wlen > 32 ? 32 : wlen), wtext);
	return RP_ERR_SYNTAX;
    }
    stext = rp_lure_field(&p, end, &slen);
    if ((scope = rp_lure_scope_of(stext, slen)) == 0) {
	rp_set_error(err, at->file, at->line, "bad scope \"%.*s\" (want subject, body or any)",
		     (int) (slen > 32 ? 32 : slen), stext);
	return RP_ERR_SYNTAX;
    }
    while (p < end && rp_lure_is_space((unsigned char) *p))
	p++;
    if (p == end || *p != '/') {
	rp_set_error(err, at->file, at->line, "missing /pattern/");
	return RP_ERR_SYNTAX;
    }
    slash = p;
    last = end;
    while (last > slash + 1 && rp_lure_is_space((unsigned char) last[-1]))
	last--;
    if (last - slash < 2 || last[-1] != '/') {
	rp_set_error(err, at->file, at->line, "pattern does not end with /");
	return RP_ERR_SYNTAX;
    }
    if (last - slash == 2) {
	rp_set_error(err, at->file, at->line, "empty pattern");
	return RP_ERR_SYNTAX;
    }
    if ((status = rp_lure_symbol_for(lures, name, name_len, weight, &sym,
				     at, err)) != RP_OK)
	return status;
    if ((code = rp_lure_compile(slash + 1, (size_t) (last - slash - 2),
				at, err)) == NULL)
	return RP_ERR_SYNTAX;
    lures->rules = rp_array_grow(lures->rules, &lures->rule_cap,
				 lures->rule_count, sizeof(*lures->rules));
    rule = &lures->rules[lures->rule_count++];
    rule->code = code;
    rule->symbol = sym;
    rule->scope = scope;
    rule->line = at->line;
    rule->always = !rp_lure_lit_patterns(slash + 1, (size_t) (last - slash - 2),
					 &rule->lits);
    return RP_OK;
}

/*
 * rp_lure_prefilter - one Hyperscan database of the literals of every rule
 * that has them (rp_lure_lit.c), and its prototype scratch space
 */
static rp_status rp_lure_prefilter(rp_lures *lures, const char *path, rp_error *err)
{
    const char **exprs;
    size_t *lens;
    unsigned *flags, *ids;
    size_t  i, j, n = 0;
    hs_database_t *db = NULL;
    hs_scratch_t *scratch = NULL;
    hs_compile_error_t *cerr = NULL;
    rp_status status = RP_OK;

    for (i = 0; i < lures->rule_count; i++)
	n += lures->rules[i].lits.n;
    exprs = rp_calloc(n + 1, sizeof(*exprs));
    lens = rp_calloc(n + 1, sizeof(*lens));
    flags = rp_calloc(n + 1, sizeof(*flags));
    ids = rp_calloc(n + 1, sizeof(*ids));
    for (n = i = 0; i < lures->rule_count; i++)
	for (j = 0; j < lures->rules[i].lits.n; j++, n++) {
	    exprs[n] = lures->rules[i].lits.s[j];
	    lens[n] = lures->rules[i].lits.len[j];
	    flags[n] = HS_FLAG_CASELESS | HS_FLAG_SINGLEMATCH;
	    ids[n] = (unsigned) i;
	}
    if (n > 0 && hs_compile_lit_multi(exprs, flags, ids, lens, (unsigned) n,
				      HS_MODE_BLOCK, NULL, &db, &cerr) != HS_SUCCESS) {
	rp_set_error(err, path, cerr->expression >= 0
		     ? lures->rules[ids[cerr->expression]].line : 0,
		     "Hyperscan cannot compile the lure prefilter: %s", cerr->message);
	hs_free_compile_error(cerr);
	status = RP_ERR_SYNTAX;
    } else if (n > 0 && hs_alloc_scratch(db, &scratch) != HS_SUCCESS) {
	rp_set_error(err, path, 0, "Hyperscan cannot allocate scratch space");
	hs_free_database(db);
	status = RP_ERR_SYNTAX;
    } else {
	hs_free_scratch(lures->scratch);
	hs_free_database(lures->db);
	lures->db = db;
	lures->scratch = scratch;
	lures->compiled = lures->rule_count;
    }
    free(exprs);
    free(lens);
    free(flags);
    free(ids);
    return status;
}

/* rp_lures_load - add the rules in path, then rebuild the prefilter */
rp_status rp_lures_load(rp_lures *lures, const char *path, int required,
			rp_error *err)
{
    rp_status status;

    if (lures == NULL || path == NULL) {
	rp_set_error(err, path, 0, "no rule set or path");
	return RP_ERR_INVALID;
    }
    lures->loads++;
    status = rp_lines_read(path, required, rp_lure_line, lures, err);
    if (status == RP_OK && lures->compiled < lures->rule_count)
	status = rp_lure_prefilter(lures, path, err);
    return status;
}

/* Per-call matching state: PCRE2 contexts are not shared between threads. */
typedef struct rp_lure_matcher {
    pcre2_match_context *mctx;
    pcre2_jit_stack *jit_stack;
    pcre2_match_data *md;
    int     opened;			/* made (or tried) on the first rule run */
} rp_lure_matcher;

/* rp_lure_text - a scanned text: bytes and whether it is still usable */
typedef struct rp_lure_text {
    const char *data;
    size_t  len;
    uint32_t options;			/* PCRE2_NO_UTF_CHECK once checked */
    int     bad;			/* not valid UTF-8: skip */
} rp_lure_text;

/* rp_lure_excerpt - copy a match into buf, UTF-8 safe, controls as spaces */
static void rp_lure_excerpt(char *buf, const char *s, size_t len)
{
    size_t  i;

    len = rp_utf8_cut(s, len, RP_LURE_EXCERPT_MAX);
    for (i = 0; i < len; i++)
	buf[i] = ((unsigned char) s[i] < 0x20 || s[i] == 0x7f) ? ' ' : s[i];
    buf[len] = 0;
}

/* rp_lure_matcher_open - the PCRE2 state, made on the first rule to run */
static int rp_lure_matcher_open(rp_lure_matcher *m)
{
    if (m->opened)
	return m->md != NULL && m->mctx != NULL;
    m->opened = 1;
    m->mctx = pcre2_match_context_create(NULL);
    m->jit_stack = pcre2_jit_stack_create(32 * 1024, RP_LURE_JIT_STACK, NULL);
    m->md = pcre2_match_data_create(1, NULL);
    if (m->mctx == NULL || m->md == NULL)
	return 0;
    pcre2_set_match_limit(m->mctx, RP_LURE_MATCH_LIMIT);
    pcre2_set_heap_limit(m->mctx, RP_LURE_HEAP_LIMIT);
    pcre2_set_depth_limit(m->mctx, RP_LURE_DEPTH_LIMIT);
    if (m->jit_stack != NULL)
	pcre2_jit_stack_assign(m->mctx, NULL, m->jit_stack);
    return 1;
}

/* rp_lure_found - hs_scan callback: the rule's literals occur in the text */
static int rp_lure_found(unsigned int id, unsigned long long from,
			 unsigned long long to, unsigned int flags, void *ctx)
{
    unsigned char *maybe = ctx;

    (void) from;
    (void) to;
    (void) flags;
    maybe[id] = 1;
    return 0;
}

/*
 * rp_lure_prescan - mark the rules that may match in each text: those whose
 * literals occur in it, those without literals, those loaded after the
 * database was built; all of them when Hyperscan fails (never fewer)
 */
static void rp_lure_prescan(const rp_lures *lures, const rp_lure_text *texts,
			    size_t ntexts, unsigned char *maybe)
{
    hs_scratch_t *scratch = NULL;
    size_t  t, i, n = lures->rule_count;

    memset(maybe, 0, ntexts * n);
    if (lures->db != NULL && hs_clone_scratch(lures->scratch, &scratch) != HS_SUCCESS)
	scratch = NULL;
    for (t = 0; t < ntexts; t++) {
	if (texts[t].data == NULL)
	    continue;
	if (scratch == NULL || hs_scan(lures->db, texts[t].data, (unsigned) texts[t].len,
				       0, scratch, rp_lure_found, maybe + t * n) != HS_SUCCESS) {
	    memset(maybe + t * n, 1, n);
	    continue;
	}
	for (i = 0; i < n; i++)
	    if (lures->rules[i].always || i >= lures->compiled)
		maybe[t * n + i] = 1;
    }
    hs_free_scratch(scratch);
}

/* rp_lure_try - run one rule over one text; 1 with the excerpt on a match */
static int rp_lure_try(rp_lure_matcher *m, const rp_lure_rule *rule,
		       rp_lure_text *text, int maybe, char *excerpt)
{
    PCRE2_SIZE *ov;
    int     rc;

    if (text->data == NULL || text->bad || !maybe || !rp_lure_matcher_open(m))
	return 0;
    rc = pcre2_match(rule->code, (PCRE2_SPTR) text->data, text->len, 0,
		     text->options, m->md, m->mctx);
    if (rc <= PCRE2_ERROR_UTF8_ERR1 && rc >= PCRE2_ERROR_UTF8_ERR21) {
	text->bad = 1;
	return 0;
    }
    text->options = PCRE2_NO_UTF_CHECK;
    if (rc < 0)
	return 0;
    ov = pcre2_get_ovector_pointer(m->md);
    rp_lure_excerpt(excerpt, text->data + ov[0], ov[1] - ov[0]);
    return 1;
}

/* rp_lures_match - run the rules; hit() once per matching symbol */
void    rp_lures_match(const rp_lures *lures, const char *subject,
		       const char *body, size_t body_len, rp_lure_hit hit,
		       void *ctx)
{
    rp_lure_matcher m;
    rp_lure_text texts[3];
    unsigned char done[RP_SYM_COUNT];
    unsigned char *maybe;		/* [text][rule]: worth running PCRE2 */
    char    excerpt[RP_LURE_EXCERPT_MAX + 1];
    const rp_lure_rule *rule;
    size_t  i, n;
    int     matched;

    if (lures == NULL || lures->rule_count == 0 || hit == NULL)
	return;
    texts[0].data = subject;
    texts[0].len = subject ? rp_utf8_cut(subject, strlen(subject),
					       RP_LURE_SUBJECT_MAX) : 0;
    texts[1].data = body;
    texts[1].len = body ? body_len : 0;
    texts[2].data = NULL;
    texts[2].len = 0;
    if (body && body_len > RP_LURE_BODY_MAX) {
	/* The head and the tail, each from a character boundary. */
	texts[1].len = rp_utf8_cut(body, body_len, RP_LURE_BODY_MAX / 2);
	for (i = body_len - RP_LURE_BODY_MAX / 2; i < body_len
	     && ((unsigned char) body[i] & 0xc0) == 0x80; i++)
	     /* void */ ;
	texts[2].data = body + i;
	texts[2].len = body_len - i;
    }
    for (i = 0; i < 3; i++) {
	texts[i].options = 0;
	texts[i].bad = 0;
    }
    memset(&m, 0, sizeof(m));
    n = lures->rule_count;
    maybe = rp_malloc(3 * n);
    rp_lure_prescan(lures, texts, 3, maybe);
    memset(done, 0, sizeof(done));
    for (i = 0; i < n; i++) {
	rule = &lures->rules[i];
	if (done[rule->symbol])
	    continue;
	matched = ((rule->scope & RP_LURE_SUBJECT)
		   && rp_lure_try(&m, rule, &texts[0], maybe[i], excerpt))
	    || ((rule->scope & RP_LURE_BODY)
		&& (rp_lure_try(&m, rule, &texts[1], maybe[n + i], excerpt)
		    || rp_lure_try(&m, rule, &texts[2], maybe[2 * n + i], excerpt)));
	if (matched) {
	    done[rule->symbol] = 1;
	    hit(ctx, rule->symbol, lures->symbols[rule->symbol].weight, excerpt);
	}
    }
    free(maybe);
    pcre2_match_data_free(m.md);
    pcre2_jit_stack_free(m.jit_stack);
    pcre2_match_context_free(m.mctx);
}
