/*
 * NAME
 *	rp_lure_lit 3
 * SUMMARY
 *	the literals every match of a lure rule contains, for Hyperscan
 * SYNOPSIS
 *	#include "rp_lure_lit.h"
 *
 *	int	rp_lure_lit_patterns(const char *pattern, size_t len,
 *				     rp_lure_lits *out)
 *	void	rp_lure_lit_free(rp_lure_lits *lits)
 * DESCRIPTION
 *	rp_lure_lit_patterns() reads a PCRE2 pattern (one that PCRE2 has
 *	compiled, so valid UTF-8 and valid syntax) and computes a set of
 *	literal strings such that every match of the pattern contains one
 *	of them.  It works as the prefilters of code search engines do:
 *	each piece of the pattern is either a small exact set (the strings
 *	it can match, such as "pass(?:word|code)"), or a requirement (a
 *	set of strings one of which it contains), or nothing known (a
 *	class, \w, a piece that may match nothing).  A concatenation keeps
 *	the best requirement of its runs, an alternation unites those of
 *	its branches (one branch with nothing known makes nothing known).
 *	Assertions (\b, ^, $) match the empty string, which only widens
 *	the set; that is why Hyperscan never sees \b, which it does not
 *	support in UCP mode.
 *
 *	The answer is a list of literals for Hyperscan's literal API with
 *	its caseless flag (ASCII case).  Characters with other case
 *	variants (ICU's case closure, a superset of PCRE2's caseless sets:
 *	"ſ" for s, the Kelvin sign for k, "É" for é) are spelt out: each
 *	string is cut to its part with the most letters among those with at
 *	most RP_LIT_VARIANTS_MAX spellings, and every spelling is listed
 *	(a part of a string a match contains is contained too).
 *
 *	Anything the analysis does not know (lookaround, backreferences,
 *	inline options, \Q..\E, verbs, callouts, a "{" that is not a
 *	quantifier, a letter escape it does not list) gives NULL, as does
 *	a pattern that can match without any literal: the caller then runs
 *	that rule with PCRE2 over every text, as before.  Sets are bounded
 *	(RP_LIT_EXACT_MAX strings in an exact set, RP_LIT_UNION_MAX in a
 *	requirement, RP_LIT_LEN_MAX bytes a string); past a bound the
 *	analysis keeps a weaker but still sound requirement or gives NULL.
 * SEE ALSO
 *	rp_lure(3), the rules that use it.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/uset.h>
#include <unicode/utf8.h>

#include "rp_lure_lit.h"
#include "rp_util.h"

#define RP_LIT_EXACT_MAX	64	/* strings of an exact set */
#define RP_LIT_UNION_MAX	512	/* strings of a requirement */
#define RP_LIT_LEN_MAX		64	/* bytes of one string */
#define RP_LIT_DEPTH_MAX	64	/* nested groups */
#define RP_LIT_CLASS_MAX	16	/* characters of a class kept exact */
#define RP_LIT_VARIANTS_MAX	16	/* caseless spellings of one literal */
#define RP_LIT_ENOUGH		8	/* bytes of a literal that are selective */

typedef enum lit_kind {
    LIT_ANY,				/* nothing known */
    LIT_EXACT,				/* matches exactly one of the strings */
    LIT_REQ				/* every match contains one of them */
} lit_kind;

typedef struct lit_info {
    lit_kind kind;
    char  **s;
    size_t  n;
    size_t  cap;
} lit_info;

typedef struct lit_parse {
    const char *p;
    const char *end;
    int     bad;			/* a construct the analysis does not know */
    int     depth;
} lit_parse;

/* lit_free - release the strings of an info */
static void lit_free(lit_info *in)
{
    size_t  i;

    for (i = 0; i < in->n; i++)
	free(in->s[i]);
    free(in->s);
    in->s = NULL;
    in->n = in->cap = 0;
}

/* lit_any - nothing known */
static lit_info lit_any(void)
{
    lit_info in;

    memset(&in, 0, sizeof(in));
    in.kind = LIT_ANY;
    return in;
}

/* lit_add - append a copy of n bytes */
static void lit_add(lit_info *in, const char *s, size_t n)
{
    in->s = rp_array_grow(in->s, &in->cap, in->n, sizeof(*in->s));
    in->s[in->n++] = rp_strndup(s, n);
}

/* lit_exact1 - the exact set of one string */
static lit_info lit_exact1(const char *s, size_t n)
{
    lit_info in = lit_any();

    in.kind = LIT_EXACT;
    lit_add(&in, s, n);
    return in;
}

/* lit_to_req - an exact set as a requirement; with "" in it, nothing known */
static lit_info lit_to_req(lit_info in)
{
    size_t  i;

    if (in.kind != LIT_EXACT)
	return in;
    for (i = 0; i < in.n; i++)
	if (in.s[i][0] == 0) {
	    lit_free(&in);
	    return lit_any();
	}
    in.kind = in.n > 0 ? LIT_REQ : LIT_ANY;
    return in;
}

/* lit_weight - bytes of a string that are not blanks or punctuation */
static size_t lit_weight(const char *s)
{
    size_t  n = 0;

    for (; *s; s++)
	n += (unsigned char) *s >= 0x80 || (*s >= 'a' && *s <= 'z')
	    || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9');
    return n;
}

/* lit_score - how selective a requirement is: its weakest string (spaces
 * and punctuation are everywhere, so " to " counts as two) */
static size_t lit_score(const lit_info *in)
{
    size_t  i, len, best = (size_t) -1;

    if (in->kind == LIT_ANY || in->n == 0)
	return 0;
    for (i = 0; i < in->n; i++)
	if ((len = lit_weight(in->s[i])) < best)
	    best = len;
    return best;
}

/* lit_better - the more selective of two requirements; the other is freed */
static lit_info lit_better(lit_info a, lit_info b)
{
    size_t  sa = lit_score(&a), sb = lit_score(&b);

    if (a.kind == LIT_ANY || (b.kind != LIT_ANY && (sb > sa || (sb == sa && b.n < a.n)))) {
	lit_free(&a);
	return b;
    }
    lit_free(&b);
    return a;
}

/* lit_cross_fits - the product of two exact sets stays within bounds */
static int lit_cross_fits(const lit_info *a, const lit_info *b)
{
    size_t  i, j;

    if (a->n * b->n > RP_LIT_EXACT_MAX)
	return 0;
    for (i = 0; i < a->n; i++)
	for (j = 0; j < b->n; j++)
	    if (strlen(a->s[i]) + strlen(b->s[j]) > RP_LIT_LEN_MAX)
		return 0;
    return 1;
}

/* lit_cross - every string of a followed by every string of b; both freed */
static lit_info lit_cross(lit_info a, lit_info b)
{
    lit_info out = lit_any();
    char    buf[2 * RP_LIT_LEN_MAX + 1];
    size_t  i, j;

    out.kind = LIT_EXACT;
    for (i = 0; i < a.n; i++)
	for (j = 0; j < b.n; j++) {
	    strcpy(buf, a.s[i]);
	    strcat(buf, b.s[j]);
	    lit_add(&out, buf, strlen(buf));
	}
    lit_free(&a);
    lit_free(&b);
    return out;
}

/* lit_union - what matches either branch of an alternation; both freed */
static lit_info lit_union(lit_info a, lit_info b)
{
    size_t  i;

    if (!(a.kind == LIT_EXACT && b.kind == LIT_EXACT
	  && a.n + b.n <= RP_LIT_EXACT_MAX)) {
	a = lit_to_req(a);
	b = lit_to_req(b);
	if (a.kind == LIT_ANY || b.kind == LIT_ANY || a.n + b.n > RP_LIT_UNION_MAX) {
	    lit_free(&a);
	    lit_free(&b);
	    return lit_any();
	}
    }
    for (i = 0; i < b.n; i++)
	lit_add(&a, b.s[i], strlen(b.s[i]));
    lit_free(&b);
    return a;
}

/* lit_char_len - bytes of the UTF-8 character at p (pattern is valid UTF-8) */
static size_t lit_char_len(const lit_parse *ps)
{
    unsigned char c = (unsigned char) *ps->p;
    size_t  n = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;

    return n <= (size_t) (ps->end - ps->p) ? n : (size_t) (ps->end - ps->p);
}

/* lit_hex - \xHH or \x{H...}: the code point, -1 if bad */
static long lit_hex(lit_parse *ps)
{
    long    cp = 0;
    int     digits = 0, braced = ps->p < ps->end && *ps->p == '{';
    const char *hex = "0123456789abcdef0123456789ABCDEF", *h;

    if (braced)
	ps->p++;
    while (ps->p < ps->end && *ps->p && (h = strchr(hex, *ps->p)) != NULL
	   && (braced || digits < 2) && digits < 8) {
	cp = cp * 16 + (h - hex) % 16;
	digits++;
	ps->p++;
    }
    if (braced && (ps->p >= ps->end || *ps->p++ != '}'))
	return -1;
    if (cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
	return -1;
    return cp;
}

/* lit_skip_braces - past a {...} argument (\p{..}); 0 if unclosed */
static int lit_skip_braces(lit_parse *ps)
{
    const char *close = memchr(ps->p, '}', (size_t) (ps->end - ps->p));

    if (close == NULL)
	return 0;
    ps->p = close + 1;
    return 1;
}

/* lit_escape - a backslash sequence outside a class */
static lit_info lit_escape(lit_parse *ps)
{
    static const char assertions[] = "bBAzZG";
    static const char classes[] = "wWsSdDhHvVNRX";
    static const char controls[] = "t\tn\nr\rf\fe\033a\007";
    char    buf[4];
    const char *c;
    long    cp;
    int     ch;
    size_t  n;

    if (++ps->p >= ps->end) {
	ps->bad = 1;
	return lit_any();
    }
    ch = (unsigned char) *ps->p;
    if (ch >= 0x80) {
	n = lit_char_len(ps);
	ps->p += n;
	return lit_exact1(ps->p - n, n);
    }
    ps->p++;
    if (strchr(assertions, ch))
	return lit_exact1("", 0);
    if (ch == 'N' && ps->p < ps->end && *ps->p == '{') {
	ps->bad = 1;
	return lit_any();
    }
    if (strchr(classes, ch))
	return lit_any();
    if (ch == 'p' || ch == 'P') {
	if (ps->p < ps->end && *ps->p == '{' ? !lit_skip_braces(ps) : ps->p++ >= ps->end)
	    ps->bad = 1;
	return lit_any();
    }
    if (ch == 'x') {
	if ((cp = lit_hex(ps)) < 0) {
	    ps->bad = 1;
	    return lit_any();
	}
	n = 0;
	U8_APPEND_UNSAFE(buf, n, (UChar32) cp);
	return lit_exact1(buf, n);
    }
    for (c = controls; *c; c += 2)
	if (*c == ch)
	    return lit_exact1(c + 1, 1);
    if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')) {
	ps->bad = 1;				/* \Q, \K, backreferences, ... */
	return lit_any();
    }
    buf[0] = (char) ch;
    return lit_exact1(buf, 1);
}

/* lit_class - [...]: an exact set when it lists a few characters, else nothing known */
static lit_info lit_class(lit_parse *ps)
{
    lit_info in = lit_any();
    int     simple = 1, first = 1;
    const char *close;
    size_t  n;

    in.kind = LIT_EXACT;
    if (++ps->p < ps->end && *ps->p == '^') {
	simple = 0;
	ps->p++;
    }
    for (;;) {
	if (ps->p >= ps->end) {
	    ps->bad = 1;
	    break;
	}
	if (*ps->p == ']' && !first) {
	    ps->p++;
	    break;
	}
	first = 0;
	if (*ps->p == '\\') {
	    simple = 0;
	    if (++ps->p >= ps->end || *ps->p == 'Q' || *ps->p == 'E') {
		ps->bad = 1;
		break;
	    }
	    if (strchr("xpPN", *ps->p) && ps->p + 1 < ps->end && ps->p[1] == '{') {
		ps->p++;
		if (!lit_skip_braces(ps)) {
		    ps->bad = 1;
		    break;
		}
	    } else
		ps->p += lit_char_len(ps);
	} else if (*ps->p == '[' && ps->p + 1 < ps->end && ps->p[1] == ':') {
	    simple = 0;
	    for (close = ps->p + 2; close + 1 < ps->end
		 && !(close[0] == ':' && close[1] == ']'); close++)
		 /* void */ ;
	    if (close + 1 >= ps->end) {
		ps->bad = 1;
		break;
	    }
	    ps->p = close + 2;
	} else if (*ps->p == '-') {
	    simple = 0;
	    ps->p++;
	} else {
	    n = lit_char_len(ps);
	    lit_add(&in, ps->p, n);
	    ps->p += n;
	}
    }
    if (!simple || in.n == 0 || in.n > RP_LIT_CLASS_MAX || ps->bad) {
	lit_free(&in);
	return lit_any();
    }
    return in;
}

static lit_info lit_alt(lit_parse *);

/* lit_atom - one atom: group, class, escape, dot, anchor or character */
static lit_info lit_atom(lit_parse *ps)
{
    lit_info in;
    size_t  n;

    switch (*ps->p) {
    case '(':
	ps->p++;
	if (ps->p < ps->end && *ps->p == '?') {
	    if (ps->p + 1 < ps->end && ps->p[1] == ':')
		ps->p += 2;
	    else
		ps->bad = 1;		/* lookaround, options, names, comments */
	} else if (ps->p < ps->end && *ps->p == '*')
	    ps->bad = 1;		/* verbs */
	if (ps->bad || ++ps->depth > RP_LIT_DEPTH_MAX) {
	    ps->bad = 1;
	    return lit_any();
	}
	in = lit_alt(ps);
	ps->depth--;
	if (ps->p >= ps->end || *ps->p != ')')
	    ps->bad = 1;
	else
	    ps->p++;
	return in;
    case '[':
	return lit_class(ps);
    case '\\':
	return lit_escape(ps);
    case '.':
	ps->p++;
	return lit_any();
    case '^':
    case '$':
	ps->p++;
	return lit_exact1("", 0);
    case '*':
    case '+':
    case '?':
    case '{':
	ps->bad = 1;
	return lit_any();
    default:
	if (*ps->p == 0) {
	    ps->bad = 1;
	    return lit_any();
	}
	n = lit_char_len(ps);
	ps->p += n;
	return lit_exact1(ps->p - n, n);
    }
}

/* lit_braces - {n}, {n,} or {n,m}: the minimum, -1 if not a quantifier */
static long lit_braces(lit_parse *ps)
{
    const char *p = ps->p + 1;
    long    min = 0;
    int     digits = 0;

    while (p < ps->end && *p >= '0' && *p <= '9' && digits < 6) {
	min = min * 10 + (*p++ - '0');
	digits++;
    }
    if (digits == 0)
	return -1;
    if (p < ps->end && *p == ',')
	for (p++; p < ps->end && *p >= '0' && *p <= '9'; p++)
	     /* void */ ;
    if (p >= ps->end || *p != '}')
	return -1;
    ps->p = p + 1;
    return min;
}

/* lit_piece - an atom and its quantifier */
static lit_info lit_piece(lit_parse *ps)
{
    lit_info in = lit_atom(ps);
    long    min;

    if (ps->bad || ps->p >= ps->end)
	return in;
    switch (*ps->p) {
    case '*':
    case '?':
	ps->p++;
	min = 0;
	break;
    case '+':
	ps->p++;
	min = 1;
	break;
    case '{':
	if ((min = lit_braces(ps)) < 0)
	    ps->bad = 1;
	break;
    default:
	return in;
    }
    if (ps->p < ps->end && (*ps->p == '?' || *ps->p == '+'))
	ps->p++;			/* lazy or possessive: same minimum */
    if (min == 0) {
	lit_free(&in);
	return lit_any();
    }
    return lit_to_req(in);
}

/* lit_concat - a sequence of pieces up to "|", ")" or the end */
static lit_info lit_concat(lit_parse *ps)
{
    lit_info acc = lit_exact1("", 0), best = lit_any(), item;
    int     broken = 0;

    while (!ps->bad && ps->p < ps->end && *ps->p != '|' && *ps->p != ')') {
	item = lit_piece(ps);
	if (item.kind == LIT_EXACT && lit_cross_fits(&acc, &item)) {
	    acc = lit_cross(acc, item);
	    continue;
	}
	broken = 1;
	best = lit_better(best, lit_to_req(acc));
	if (item.kind == LIT_EXACT)
	    acc = item;
	else {
	    best = lit_better(best, item);
	    acc = lit_exact1("", 0);
	}
    }
    if (!broken) {
	lit_free(&best);
	return acc;
    }
    return lit_better(best, lit_to_req(acc));
}

/* lit_alt - branches separated by "|" */
static lit_info lit_alt(lit_parse *ps)
{
    lit_info in = lit_concat(ps);

    while (!ps->bad && ps->p < ps->end && *ps->p == '|') {
	ps->p++;
	in = lit_union(in, lit_concat(ps));
    }
    return in;
}

/* A character of a literal and the ones that match it caselessly. */
typedef struct lit_char {
    char    bytes[RP_LIT_VARIANTS_MAX][4];
    size_t  len[RP_LIT_VARIANTS_MAX];
    size_t  n;				/* 0: too many variants */
    size_t  weight;
} lit_char;

/*
 * lit_variants - the case closure of the character at s[*i] (ICU's, a
 * superset of PCRE2's caseless sets), ASCII letters as lowercase only:
 * Hyperscan's caseless flag covers their other case
 */
static void lit_variants(const char *s, size_t *i, lit_char *lc)
{
    USet   *set;
    UChar32 cp, start, end, c;
    UErrorCode uerr = U_ZERO_ERROR;
    int32_t item, items;
    size_t  k, n;
    char    one[4];

    U8_NEXT_UNSAFE(s, *i, cp);
    lc->n = 0;
    lc->weight = cp >= 0x80 ? (size_t) U8_LENGTH(cp) : cp != ' ';
    if ((set = uset_openEmpty()) == NULL)
	return;
    uset_add(set, cp);
    uset_closeOver(set, USET_CASE_INSENSITIVE);
    items = uset_getItemCount(set);
    for (item = 0; item < items && lc->n <= RP_LIT_VARIANTS_MAX; item++) {
	/* Strings of the closure (full case folding) PCRE2 never matches. */
	if (uset_getItem(set, item, &start, &end, NULL, 0, &uerr) != 0 || U_FAILURE(uerr))
	    continue;
	for (c = start; c <= end; c++) {
	    if (c >= 'A' && c <= 'Z')
		c |= 0x20;
	    n = 0;
	    U8_APPEND_UNSAFE(one, n, c);
	    for (k = 0; k < lc->n; k++)
		if (lc->len[k] == n && memcmp(lc->bytes[k], one, n) == 0)
		    break;
	    if (k < lc->n)
		continue;
	    if (lc->n == RP_LIT_VARIANTS_MAX) {
		lc->n = 0;
		uset_close(set);
		return;
	    }
	    memcpy(lc->bytes[lc->n], one, n);
	    lc->len[lc->n++] = n;
	}
    }
    uset_close(set);
}

/* lit_add_unique - add a literal to the prefilter unless it is there */
static void lit_add_unique(rp_lure_lits *out, const char *s, size_t len)
{
    size_t  i;

    for (i = 0; i < out->n; i++)
	if (out->len[i] == len && memcmp(out->s[i], s, len) == 0)
	    return;
    out->s = rp_array_grow(out->s, &out->cap, out->n, sizeof(*out->s));
    out->len = rp_realloc(out->len, out->cap * sizeof(*out->len));
    out->s[out->n] = rp_malloc(len);
    memcpy(out->s[out->n], s, len);
    out->len[out->n++] = len;
}

/*
 * lit_emit - a part of one string with few caseless spellings: the part
 * that says the most (up to RP_LIT_ENOUGH bytes, which is selective
 * enough), then the one with the fewest spellings, at most
 * RP_LIT_VARIANTS_MAX; every spelling added to out; 0 if nothing fits
 */
static int lit_emit(const char *s, rp_lure_lits *out)
{
    lit_char chars[RP_LIT_LEN_MAX];
    size_t  m = 0, i = 0, slen = strlen(s), a, b, prod, w, cw;
    size_t  best_a = 0, best_b = 0, best_w = 0, best_p = 0, k, idx, len;
    char    buf[4 * RP_LIT_LEN_MAX];

    while (i < slen && m < RP_LIT_LEN_MAX)
	lit_variants(s, &i, &chars[m++]);
    for (a = 0; a < m; a++)
	for (b = a, prod = 1, w = 0; b < m && chars[b].n > 0
	     && prod * chars[b].n <= RP_LIT_VARIANTS_MAX; b++) {
	    prod *= chars[b].n;
	    w += chars[b].weight;
	    cw = w < RP_LIT_ENOUGH ? w : RP_LIT_ENOUGH;
	    if (cw > best_w || (cw == best_w && prod < best_p)) {
		best_w = cw;
		best_p = prod;
		best_a = a;
		best_b = b + 1;
	    }
	}
    if (best_w == 0)
	return 0;
    for (prod = 1, b = best_a; b < best_b; b++)
	prod *= chars[b].n;
    for (k = 0; k < prod; k++) {
	for (len = 0, idx = k, b = best_a; b < best_b; b++) {
	    memcpy(buf + len, chars[b].bytes[idx % chars[b].n], chars[b].len[idx % chars[b].n]);
	    len += chars[b].len[idx % chars[b].n];
	    idx /= chars[b].n;
	}
	lit_add_unique(out, buf, len);
    }
    return 1;
}

/* rp_lure_lit_patterns - the literal prefilter of one rule; 0 if none */
int     rp_lure_lit_patterns(const char *pattern, size_t len, rp_lure_lits *out)
{
    lit_parse ps;
    lit_info in;
    size_t  i;
    int     ok = 1;

    memset(out, 0, sizeof(*out));
    ps.p = pattern;
    ps.end = pattern + len;
    ps.bad = 0;
    ps.depth = 0;
    in = lit_to_req(lit_alt(&ps));
    if (ps.bad || ps.p != ps.end || in.kind != LIT_REQ) {
	lit_free(&in);
	return 0;
    }
    for (i = 0; ok && i < in.n; i++)
	ok = lit_emit(in.s[i], out);
    lit_free(&in);
    if (!ok)
	rp_lure_lit_free(out);
    return ok;
}

/* rp_lure_lit_free - release a prefilter */
void    rp_lure_lit_free(rp_lure_lits *lits)
{
    size_t  i;

    for (i = 0; i < lits->n; i++)
	free(lits->s[i]);
    free(lits->s);
    free(lits->len);
    memset(lits, 0, sizeof(*lits));
}
