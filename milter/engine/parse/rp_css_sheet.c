/*
 * NAME
 *	rp_css_sheet 3
 * SUMMARY
 *	the rules of a document's <style> elements, by simple selector
 * SYNOPSIS
 *	#include "rp_css_sheet.h"
 *
 *	rp_css_sheet *rp_css_sheet_create(void)
 *
 *	void	rp_css_sheet_read(rp_css_sheet *sheet, const char *css,
 *				  size_t len)
 *
 *	void	rp_css_sheet_match(const rp_css_sheet *sheet,
 *				   const char *tag, const char *id,
 *				   const char *classes, rp_css_style *s)
 *
 *	int	rp_css_sheet_full(const rp_css_sheet *sheet)
 *
 *	void	rp_css_sheet_free(rp_css_sheet *sheet)
 * DESCRIPTION
 *	rp_css_sheet_read() reads style sheet text the way CSS error
 *	recovery does: comments and <!-- --> skipped, strings, escapes
 *	and nested brackets stepped over, at-rules skipped whole (with
 *	their blocks: @media rules apply to some screens only), a block
 *	left open at the end closed there.  Of each rule it keeps the
 *	declarations rp_css_declarations() reads, under each of its
 *	selectors that is simple: a type (p), a class (.c), an id (#i),
 *	a type with a class or id (p.c, p#i), or *.  Selectors are
 *	matched without regard to case (as in quirks mode, the mode of
 *	most mail); other selectors (descendants, pseudo-classes,
 *	attributes, several classes) are ignored, so they never hide.
 *
 *	rp_css_sheet_match() looks up *, the tag, each class (the first
 *	RP_CSS_SHEET_CLASSES) alone and with the tag, and the id alone
 *	and with the tag, in a hash table, and merges what each declares
 *	with the weight of its selector, so that specificity, order and
 *	!important decide as in the cascade.
 *
 *	The table keeps at most RP_CSS_SHEET_DECLS declarations (about a
 *	megabyte of CSS); rp_css_sheet_full() says when some were left
 *	out.  Reading is linear in the text, matching costs a few lookups
 *	per element.
 * DIAGNOSTICS
 *	None: what cannot be read is skipped.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rp_css_sheet.h"
#include "rp_util.h"

#define RP_CSS_SHEET_DECLS	65536	/* declarations kept */
#define RP_CSS_SHEET_CLASSES	32	/* classes of one element looked up */
#define RP_CSS_SHEET_KEY	128	/* bytes of a selector key */
#define RP_CSS_SHEET_SELECTOR	256	/* bytes of one selector read */

/* One declaration of a rule, under one selector. */
typedef struct rp_css_sheet_decl {
    double  value;
    unsigned weight;
    int     next;				/* the next one of the key, or -1 */
    unsigned char prop, kind;
} rp_css_sheet_decl;

/* A selector and its declarations, in order. */
typedef struct rp_css_sheet_key {
    size_t  name;				/* offset in names */
    uint32_t hash;
    int     first, last;
} rp_css_sheet_key;

struct rp_css_sheet {
    rp_buf  names;
    rp_css_sheet_key *keys;
    size_t  nkeys, keys_cap;
    size_t *slots;				/* key index + 1, 0 for none */
    size_t  nslots;				/* a power of two */
    rp_css_sheet_decl *decls;
    size_t  ndecls, decls_cap;
    unsigned rules;				/* rules read */
    int     full;				/* declarations left out */
};

/* rp_css_sheet_hash - FNV-1a */
static uint32_t rp_css_sheet_hash(const char *s)
{
    uint32_t h = 2166136261u;

    for (; *s; s++)
	h = (h ^ (unsigned char) *s) * 16777619u;
    return h;
}

/* rp_css_sheet_find - the slot of key, or of where it would go */
static size_t rp_css_sheet_find(const rp_css_sheet *sheet, const char *key, uint32_t h)
{
    size_t  i = h & (sheet->nslots - 1), k;

    while ((k = sheet->slots[i]) != 0
	   && (sheet->keys[k - 1].hash != h
	       || strcmp(sheet->names.data + sheet->keys[k - 1].name, key) != 0))
	i = (i + 1) & (sheet->nslots - 1);
    return i;
}

/* rp_css_sheet_grow - twice the slots, keys placed again */
static void rp_css_sheet_grow(rp_css_sheet *sheet)
{
    size_t  i, k;

    free(sheet->slots);
    sheet->nslots = sheet->nslots ? sheet->nslots * 2 : 64;
    sheet->slots = rp_calloc(sheet->nslots, sizeof(*sheet->slots));
    for (k = 0; k < sheet->nkeys; k++) {
	i = rp_css_sheet_find(sheet, sheet->names.data + sheet->keys[k].name,
			      sheet->keys[k].hash);
	sheet->slots[i] = k + 1;
    }
}

/* rp_css_sheet_key_of - the key named key, added if new */
static rp_css_sheet_key *rp_css_sheet_key_of(rp_css_sheet *sheet, const char *key)
{
    uint32_t h = rp_css_sheet_hash(key);
    rp_css_sheet_key *k;
    size_t  i;

    if (2 * (sheet->nkeys + 1) > sheet->nslots)
	rp_css_sheet_grow(sheet);
    i = rp_css_sheet_find(sheet, key, h);
    if (sheet->slots[i])
	return sheet->keys + sheet->slots[i] - 1;
    sheet->keys = rp_array_grow(sheet->keys, &sheet->keys_cap, sheet->nkeys, sizeof(*k));
    k = sheet->keys + sheet->nkeys++;
    k->name = sheet->names.len;
    k->hash = h;
    k->first = k->last = -1;
    rp_buf_append(&sheet->names, key, strlen(key) + 1);
    sheet->slots[i] = sheet->nkeys;
    return k;
}

/* rp_css_sheet_add - the declarations of style under key, with spec and order */
static void rp_css_sheet_add(rp_css_sheet *sheet, const char *key, unsigned spec,
			             unsigned order, const rp_css_style *style)
{
    rp_css_sheet_key *k = rp_css_sheet_key_of(sheet, key);
    rp_css_sheet_decl *d;
    int     p;

    for (p = 0; p < RP_CSS_NPROPS; p++) {
	if (style->kind[p] == RP_CSS_UNSET)
	    continue;
	if (sheet->ndecls >= RP_CSS_SHEET_DECLS) {
	    sheet->full = 1;
	    return;
	}
	sheet->decls = rp_array_grow(sheet->decls, &sheet->decls_cap, sheet->ndecls,
				     sizeof(*d));
	d = sheet->decls + sheet->ndecls;
	d->value = style->value[p];
	d->weight = (style->weight[p] & RP_CSS_IMPORTANT) | RP_CSS_WEIGHT(spec, order);
	d->prop = (unsigned char) p;
	d->kind = style->kind[p];
	d->next = -1;
	if (k->last >= 0)
	    sheet->decls[k->last].next = (int) sheet->ndecls;
	else
	    k->first = (int) sheet->ndecls;
	k->last = (int) sheet->ndecls++;
    }
}

/* rp_css_sheet_ident - the length of the identifier at s (letters, digits, - _, non-ASCII) */
static size_t rp_css_sheet_ident(const char *s)
{
    size_t  n = 0;

    while ((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= '0' && s[n] <= '9') || s[n] == '-'
	   || s[n] == '_' || (unsigned char) s[n] >= 0x80)
	n++;
    return n;
}

/* rp_css_sheet_selector - one selector of a rule (lowercase, trimmed): keep it if simple */
static void rp_css_sheet_selector(rp_css_sheet *sheet, const char *sel, unsigned order,
				          const rp_css_style *style)
{
    size_t  tag = *sel == '*' ? 1 : rp_css_sheet_ident(sel), rest;
    char    mark = sel[tag];
    unsigned spec;

    if (tag == 0 && mark != '.' && mark != '#')
	return;
    if (mark == 0) {
	rp_css_sheet_add(sheet, sel, *sel == '*' ? RP_CSS_SPEC_UNIVERSAL : RP_CSS_SPEC_TYPE,
			 order, style);
	return;
    }
    rest = (mark == '.' || mark == '#') ? rp_css_sheet_ident(sel + tag + 1) : 0;
    if (rest == 0 || sel[tag + 1 + rest] != 0)
	return;				/* complex: not read */
    if (*sel == '*' || tag == 0)
	spec = mark == '.' ? RP_CSS_SPEC_CLASS : RP_CSS_SPEC_ID;
    else
	spec = mark == '.' ? RP_CSS_SPEC_TYPE_CLASS : RP_CSS_SPEC_TYPE_ID;
    rp_css_sheet_add(sheet, *sel == '*' ? sel + 1 : sel, spec, order, style);
}

/* rp_css_sheet_skip - past blanks, comments, <!-- and --> at s[i] */
static size_t rp_css_sheet_skip(const char *s, size_t len, size_t i)
{
    for (;;) {
	while (i < len && strchr(" \t\r\n\f", s[i]) && s[i])
	    i++;
	if (i + 1 < len && s[i] == '/' && s[i + 1] == '*') {
	    for (i += 2; i + 1 < len && !(s[i] == '*' && s[i + 1] == '/'); i++)
		 /* void */ ;
	    i = i + 1 < len ? i + 2 : len;
	} else if (i + 3 < len && memcmp(s + i, "<!--", 4) == 0) {
	    i += 4;
	} else if (i + 2 < len && memcmp(s + i, "-->", 3) == 0) {
	    i += 3;
	} else {
	    return i;
	}
    }
}

/*
 * rp_css_sheet_until - from s[i], the first of stops outside strings,
 * comments and brackets, or a '}' that closes what encloses i, or len
 */
static size_t rp_css_sheet_until(const char *s, size_t len, size_t i, const char *stops)
{
    size_t  depth = 0;
    char    quote = 0;

    for (; i < len; i++) {
	if (quote) {
	    if (s[i] == '\\' && i + 1 < len)
		i++;
	    else if (s[i] == quote)
		quote = 0;
	} else if (s[i] == '"' || s[i] == '\'') {
	    quote = s[i];
	} else if (s[i] == '\\' && i + 1 < len) {
	    i++;
	} else if (s[i] == '/' && i + 1 < len && s[i + 1] == '*') {
	    for (i += 2; i + 1 < len && !(s[i] == '*' && s[i + 1] == '/'); i++)
		 /* void */ ;
	    i = i + 1 < len ? i + 1 : len;
	} else if (depth == 0 && (strchr(stops, s[i]) || s[i] == '}') && s[i]) {
	    return i;
	} else if (s[i] == '(' || s[i] == '[' || s[i] == '{') {
	    depth++;
	} else if ((s[i] == ')' || s[i] == ']' || s[i] == '}') && depth > 0) {
	    depth--;
	}
    }
    return len;
}

/* rp_css_sheet_rule - a rule: its declarations under each simple selector */
static void rp_css_sheet_rule(rp_css_sheet *sheet, const char *prelude, size_t plen,
			              const char *block, size_t blen)
{
    rp_css_style style;
    char    sel[RP_CSS_SHEET_SELECTOR];
    size_t  i, n, end;
    int     p, any = 0;

    rp_css_style_init(&style);
    rp_css_declarations(block, blen, 0, 0, &style);
    for (p = 0; p < RP_CSS_NPROPS; p++)
	any |= style.kind[p] != RP_CSS_UNSET;
    if (!any)
	return;
    /* Each selector of the list, lowercased, blanks trimmed and collapsed. */
    for (i = 0; i < plen; i = end + 1) {
	for (end = i; end < plen && prelude[end] != ','; end++)
	     /* void */ ;
	for (n = 0; i < end && n + 1 < sizeof(sel); i++)
	    if (!strchr(" \t\r\n\f", prelude[i]) || !prelude[i])
		sel[n++] = (char) rp_ascii_lower((unsigned char) prelude[i]);
	    else if (n > 0 && sel[n - 1] != ' ')
		sel[n++] = ' ';
	while (n > 0 && sel[n - 1] == ' ')
	    n--;
	sel[n] = 0;
	if (i == end)
	    rp_css_sheet_selector(sheet, sel, sheet->rules, &style);
    }
    sheet->rules += sheet->rules < 0xffffff;
}

/* rp_css_sheet_read - the rules of a style sheet */
void    rp_css_sheet_read(rp_css_sheet *sheet, const char *css, size_t len)
{
    size_t  i = 0, p, b;

    while ((i = rp_css_sheet_skip(css, len, i)) < len) {
	if (css[i] == '}') {
	    i++;
	} else if (css[i] == '@') {
	    i = rp_css_sheet_until(css, len, i, ";{");
	    if (i < len && css[i] == '{')
		i = rp_css_sheet_until(css, len, i + 1, "");
	    i += i < len;
	} else {
	    p = i;
	    if ((i = rp_css_sheet_until(css, len, i, "{")) >= len || css[i] != '{') {
		i += i < len;
		continue;
	    }
	    b = rp_css_sheet_until(css, len, i + 1, "");
	    rp_css_sheet_rule(sheet, css + p, i - p, css + i + 1, b - i - 1);
	    i = b + (b < len);
	}
    }
}

/* rp_css_sheet_apply - merge what key declares */
static void rp_css_sheet_apply(const rp_css_sheet *sheet, const char *key, rp_css_style *s)
{
    const rp_css_sheet_decl *d;
    size_t  slot = rp_css_sheet_find(sheet, key, rp_css_sheet_hash(key));
    int     i;

    if (sheet->slots[slot] == 0)
	return;
    for (i = sheet->keys[sheet->slots[slot] - 1].first; i >= 0; i = d->next) {
	d = sheet->decls + i;
	rp_css_set(s, (rp_css_prop) d->prop, d->value, d->kind, d->weight);
    }
}

/* rp_css_sheet_apply_named - merge what [tag]mark name declares, name lowercased */
static void rp_css_sheet_apply_named(const rp_css_sheet *sheet, const char *tag,
				             char mark, const char *name, size_t n,
				             rp_css_style *s)
{
    char    key[RP_CSS_SHEET_KEY];
    size_t  t = tag ? strlen(tag) : 0, i;

    if (t + 1 + n >= sizeof(key))
	return;
    if (t > 0)
	memcpy(key, tag, t);
    key[t] = mark;
    for (i = 0; i < n; i++)
	key[t + 1 + i] = (char) rp_ascii_lower((unsigned char) name[i]);
    key[t + 1 + n] = 0;
    rp_css_sheet_apply(sheet, key, s);
}

/* rp_css_sheet_match - what the rules declare for one element */
void    rp_css_sheet_match(const rp_css_sheet *sheet, const char *tag,
			           const char *id, const char *classes, rp_css_style *s)
{
    static const char blanks[] = " \t\r\n\f";
    size_t  n, count = 0;

    if (sheet == NULL || sheet->nkeys == 0)
	return;
    rp_css_sheet_apply(sheet, "*", s);
    rp_css_sheet_apply(sheet, tag, s);
    for (; classes && count < RP_CSS_SHEET_CLASSES; classes += n, count++) {
	classes += strspn(classes, blanks);
	if ((n = strcspn(classes, blanks)) == 0)
	    break;
	rp_css_sheet_apply_named(sheet, NULL, '.', classes, n, s);
	rp_css_sheet_apply_named(sheet, tag, '.', classes, n, s);
    }
    if (id && *id) {
	rp_css_sheet_apply_named(sheet, NULL, '#', id, strlen(id), s);
	rp_css_sheet_apply_named(sheet, tag, '#', id, strlen(id), s);
    }
}

/* rp_css_sheet_full - declarations were left out */
int     rp_css_sheet_full(const rp_css_sheet *sheet)
{
    return sheet != NULL && sheet->full;
}

/* rp_css_sheet_create - an empty sheet */
rp_css_sheet *rp_css_sheet_create(void)
{
    rp_css_sheet *sheet = rp_calloc(1, sizeof(*sheet));

    rp_buf_init(&sheet->names);
    return sheet;
}

/* rp_css_sheet_free - release sheet */
void    rp_css_sheet_free(rp_css_sheet *sheet)
{
    if (sheet == NULL)
	return;
    rp_buf_free(&sheet->names);
    free(sheet->keys);
    free(sheet->slots);
    free(sheet->decls);
    free(sheet);
}
