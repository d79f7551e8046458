/*
 * NAME
 *	rp_bidi 3
 * SUMMARY
 *	text in the order its reader sees it, bidi controls resolved
 * SYNOPSIS
 *	#include "rp_bidi.h"
 *
 *	int	rp_bidi_visual(const char *s, size_t len, rp_buf *out)
 *
 *	int	rp_bidi_rewrite(rp_buf *buf, size_t from)
 *
 *	void	rp_bidi_open_feed(rp_bidi_open *open, const char *s,
 *				  size_t len)
 *
 *	size_t	rp_bidi_open_text(const rp_bidi_open *open, char *buf)
 * DESCRIPTION
 *	rp_bidi_visual() resolves the explicit part of the Unicode
 *	Bidirectional Algorithm (UAX #9, rules X1-X8 with its depth of
 *	125 and its overflow counters, then L2) on each paragraph of s,
 *	in a left-to-right paragraph.  Characters under an override take
 *	its direction (RLO: right to left, so "moc.sjmpn" reads
 *	"npmjs.com"); every other character is taken as left to right, so
 *	that text without overrides keeps its logical order, the order in
 *	which words of right-to-left scripts are matched.  Isolates
 *	(LRI, RLI, FSI ... PDI) bound the overrides inside them; an
 *	isolate whose own direction reorders left-to-right text is out of
 *	scope (FSI is taken as LRI).  Paragraphs end at LF, CR, U+001C-1E,
 *	U+0085 and U+2029.  The controls themselves are removed.
 *	Bytes that are not UTF-8 are read one by one, as characters.
 *
 *	rp_bidi_rewrite() does the same to the end of buf, from offset
 *	from (the result is never longer).
 *
 *	rp_bidi_open_feed() follows the controls that open and close in
 *	successive pieces of one text (depth tracked to RP_BIDI_OPEN_MAX,
 *	deeper ones counted), and rp_bidi_open_text() writes the ones open
 *	so that a copy of what follows reads as it does in place.
 *
 *	Text without bidi controls is copied, or left alone, after one
 *	scan.  Otherwise the work is one pass over the characters and a
 *	reordering of runs (maximal stretches at one level) whose cost is
 *	the number of runs times the deepest level, at most 126.
 * DIAGNOSTICS
 *	None: any input yields a string.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "rp_bidi.h"
#include "rp_utf8.h"

#define RP_BIDI_MAX_DEPTH	125	/* UAX #9 max_depth */

#define LRM	0x200E
#define RLM	0x200F
#define ALM	0x061C
#define LRE	0x202A
#define RLE	0x202B
#define PDF	0x202C
#define LRO	0x202D
#define RLO	0x202E
#define LRI	0x2066
#define RLI	0x2067
#define FSI	0x2068
#define PDI	0x2069

/* One entry of the directional status stack (X1). */
typedef struct rp_bidi_status {
    unsigned char level;
    unsigned char override;		/* 0, 'L' or 'R' */
    unsigned char isolate;
} rp_bidi_status;

/* Characters at one level, written together in s: s[start, start + len). */
typedef struct rp_bidi_run {
    size_t  start, len;
    unsigned char level;
    unsigned char reversed;		/* written in reverse order */
} rp_bidi_run;

/* The state of one paragraph. */
typedef struct rp_bidi_para {
    rp_bidi_status stack[RP_BIDI_MAX_DEPTH + 2];
    size_t  depth;
    size_t  overflow_isolates, overflow_embeddings, valid_isolates;
    rp_bidi_run *runs;
    size_t  nruns, runs_cap;
    int     flags;
} rp_bidi_para;

/* rp_bidi_unit - the code point at s (bytes in *n); a byte that is not UTF-8 is itself */
static unsigned rp_bidi_unit(const char *s, size_t left, size_t *n)
{
    const unsigned char *u = (const unsigned char *) s;

    *n = rp_utf8_len(s, left);
    switch (*n) {
    case 2:
	return ((u[0] & 0x1fu) << 6) | (u[1] & 0x3fu);
    case 3:
	return ((u[0] & 0x0fu) << 12) | ((u[1] & 0x3fu) << 6) | (u[2] & 0x3fu);
    case 4:
	return ((u[0] & 0x07u) << 18) | ((u[1] & 0x3fu) << 12)
	    | ((u[2] & 0x3fu) << 6) | (u[3] & 0x3fu);
    default:
	*n = 1;
	return u[0] < 0x80 ? u[0] : 0xfffd;
    }
}

/* rp_bidi_is_control - one of the characters this module removes */
static int rp_bidi_is_control(unsigned cp)
{
    return cp == LRM || cp == RLM || cp == ALM || (cp >= LRE && cp <= RLO)
	|| (cp >= LRI && cp <= PDI);
}

/* rp_bidi_ends_paragraph - a paragraph separator (bidi class B) */
static int rp_bidi_ends_paragraph(unsigned cp)
{
    return cp == '\n' || cp == '\r' || (cp >= 0x1c && cp <= 0x1e)
	|| cp == 0x85 || cp == 0x2029;
}

/* rp_bidi_has_controls - does s hold any bidi control (a fast scan of lead bytes) */
static int rp_bidi_has_controls(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *) s, *end = u + len, *p;

    for (p = u; (p = memchr(p, 0xe2, (size_t) (end - p))) != NULL; p++)
	if (end - p >= 3 && ((p[1] == 0x80 && (p[2] == 0x8e || p[2] == 0x8f
					       || (p[2] >= 0xaa && p[2] <= 0xae)))
			     || (p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9)))
	    return 1;
    for (p = u; (p = memchr(p, 0xd8, (size_t) (end - p))) != NULL; p++)
	if (end - p >= 2 && p[1] == 0x9c)
	    return 1;
    return 0;
}

/* rp_bidi_push - X2-X5c: an embedding, override or isolate opens */
static void rp_bidi_push(rp_bidi_para *p, unsigned cp)
{
    unsigned char top = p->stack[p->depth - 1].level;
    int     rtl = cp == RLE || cp == RLO || cp == RLI;
    int     isolate = cp == LRI || cp == RLI || cp == FSI;
    unsigned level = rtl ? (top + 1u) | 1u : (top + 2u) & ~1u;
    rp_bidi_status *s;

    if (level <= RP_BIDI_MAX_DEPTH && p->overflow_isolates == 0
	&& p->overflow_embeddings == 0) {
	if (isolate)
	    p->valid_isolates++;
	s = p->stack + p->depth++;
	s->level = (unsigned char) level;
	s->override = cp == RLO ? 'R' : cp == LRO ? 'L' : 0;
	s->isolate = (unsigned char) isolate;
    } else if (isolate) {
	p->overflow_isolates++;
    } else if (p->overflow_isolates == 0) {
	p->overflow_embeddings++;
    }
}

/* rp_bidi_pop - X6a, X7: a PDI or PDF closes */
static void rp_bidi_pop(rp_bidi_para *p, unsigned cp)
{
    if (cp == PDI) {
	if (p->overflow_isolates > 0) {
	    p->overflow_isolates--;
	} else if (p->valid_isolates > 0) {
	    p->overflow_embeddings = 0;
	    while (!p->stack[p->depth - 1].isolate)
		p->depth--;
	    p->depth--;
	    p->valid_isolates--;
	}
    } else if (p->overflow_isolates == 0) {
	if (p->overflow_embeddings > 0)
	    p->overflow_embeddings--;
	else if (!p->stack[p->depth - 1].isolate && p->depth >= 2)
	    p->depth--;
    }
}

/* rp_bidi_control - one control character */
static void rp_bidi_control(rp_bidi_para *p, unsigned cp)
{
    p->flags |= RP_BIDI_CONTROLS;
    if (cp == PDF || cp == PDI)
	rp_bidi_pop(p, cp);
    else if (cp != LRM && cp != RLM && cp != ALM)
	rp_bidi_push(p, cp);
}

/* rp_bidi_char - one character at start (n bytes): its level, into the runs */
static void rp_bidi_char(rp_bidi_para *p, size_t start, size_t n)
{
    const rp_bidi_status *top = p->stack + p->depth - 1;
    unsigned char level = top->level;
    rp_bidi_run *r;

    /* I1, I2: under an override the level is its own; else left to right. */
    if (top->override)
	p->flags |= RP_BIDI_OVERRIDE;
    else if (level & 1)
	level++;
    r = p->nruns ? p->runs + p->nruns - 1 : NULL;
    if (r && r->level == level && r->start + r->len == start) {
	r->len += n;
	return;
    }
    p->runs = rp_array_grow(p->runs, &p->runs_cap, p->nruns, sizeof(*p->runs));
    r = p->runs + p->nruns++;
    r->start = start;
    r->len = n;
    r->level = level;
    r->reversed = 0;
}

/* rp_bidi_reorder - L2: from the highest level to 1, reverse each stretch at least that high */
static void rp_bidi_reorder(rp_bidi_para *p)
{
    unsigned char max = 0, level;
    size_t  i, j, k;
    rp_bidi_run t;

    for (i = 0; i < p->nruns; i++)
	if (p->runs[i].level > max)
	    max = p->runs[i].level;
    for (level = max; level >= 1; level--) {
	for (i = 0; i < p->nruns; i = j + 1) {
	    for (j = i; j < p->nruns && p->runs[j].level >= level; j++)
		p->runs[j].reversed ^= 1;
	    for (k = 0; j > i && i + k < j - k - 1; k++) {
		t = p->runs[i + k];
		p->runs[i + k] = p->runs[j - k - 1];
		p->runs[j - k - 1] = t;
	    }
	}
    }
}

/* rp_bidi_write_reversed - the characters of s[0, len) last first */
static void rp_bidi_write_reversed(const char *s, size_t len, rp_buf *out)
{
    size_t  end = len, start;

    while (end > 0) {
	start = end - 1;
	while (start > 0 && end - start < 4 && ((unsigned char) s[start] & 0xc0) == 0x80)
	    start--;
	if (rp_utf8_len(s + start, end - start) != end - start)
	    start = end - 1;
	rp_buf_append(out, s + start, end - start);
	end = start;
    }
}

/* rp_bidi_paragraph - resolve s[start, end), one paragraph, into out */
static void rp_bidi_paragraph(rp_bidi_para *p, const char *s, size_t start,
			              size_t end, rp_buf *out)
{
    size_t  i, n;
    unsigned cp;

    p->depth = 1;
    p->stack[0].level = 0;
    p->stack[0].override = p->stack[0].isolate = 0;
    p->overflow_isolates = p->overflow_embeddings = p->valid_isolates = 0;
    p->nruns = 0;
    for (i = start; i < end; i += n) {
	cp = rp_bidi_unit(s + i, end - i, &n);
	if (rp_bidi_is_control(cp))
	    rp_bidi_control(p, cp);
	else
	    rp_bidi_char(p, i, n);
    }
    rp_bidi_reorder(p);
    for (i = 0; i < p->nruns; i++)
	if (p->runs[i].reversed)
	    rp_bidi_write_reversed(s + p->runs[i].start, p->runs[i].len, out);
	else
	    rp_buf_append(out, s + p->runs[i].start, p->runs[i].len);
}

/* rp_bidi_visual - what the reader sees of s, for matching */
int     rp_bidi_visual(const char *s, size_t len, rp_buf *out)
{
    rp_bidi_para *p;
    size_t  i, start, n;
    int     flags;

    if (!rp_bidi_has_controls(s, len)) {
	rp_buf_append(out, s, len);
	return 0;
    }
    p = rp_calloc(1, sizeof(*p));
    for (i = start = 0; i < len; i += n) {
	if (!rp_bidi_ends_paragraph(rp_bidi_unit(s + i, len - i, &n)))
	    continue;
	rp_bidi_paragraph(p, s, start, i, out);
	rp_buf_append(out, s + i, n);
	start = i + n;
    }
    rp_bidi_paragraph(p, s, start, len, out);
    flags = p->flags;
    free(p->runs);
    free(p);
    return flags;
}

/* rp_bidi_rewrite - the end of buf as its reader sees it */
int     rp_bidi_rewrite(rp_buf *buf, size_t from)
{
    rp_buf  visual;
    int     flags;

    if (from >= buf->len || !rp_bidi_has_controls(buf->data + from, buf->len - from))
	return 0;
    rp_buf_init(&visual);
    flags = rp_bidi_visual(buf->data + from, buf->len - from, &visual);
    buf->len = from;
    rp_buf_append(buf, visual.data, visual.len);
    rp_buf_free(&visual);
    return flags;
}

/* rp_bidi_open_close - a PDF closes the innermost non-isolate, a PDI the innermost isolate */
static void rp_bidi_open_close(rp_bidi_open *open, unsigned cp)
{
    size_t  d = open->depth;

    if (open->overflow > 0) {
	open->overflow--;
	return;
    }
    if (cp == PDF) {
	if (d > 0 && open->cp[d - 1] < LRI)
	    open->depth--;
	return;
    }
    while (d > 0 && open->cp[d - 1] < LRI)
	d--;
    if (d > 0)
	open->depth = d - 1;
}

/* rp_bidi_open_feed - follow the explicit controls of s */
void    rp_bidi_open_feed(rp_bidi_open *open, const char *s, size_t len)
{
    size_t  i, n;
    unsigned cp;

    if (open->depth == 0 && open->overflow == 0 && !rp_bidi_has_controls(s, len))
	return;
    for (i = 0; i < len; i += n) {
	cp = rp_bidi_unit(s + i, len - i, &n);
	if (rp_bidi_ends_paragraph(cp)) {
	    open->depth = open->overflow = 0;
	} else if ((cp >= LRE && cp <= RLO && cp != PDF) || (cp >= LRI && cp <= FSI)) {
	    if (open->depth < RP_BIDI_OPEN_MAX)
		open->cp[open->depth++] = cp;
	    else
		open->overflow++;
	} else if (cp == PDF || cp == PDI) {
	    rp_bidi_open_close(open, cp);
	}
    }
}

/* rp_bidi_open_text - the open controls, as UTF-8 */
size_t  rp_bidi_open_text(const rp_bidi_open *open, char *buf)
{
    size_t  i, n = 0;

    for (i = 0; i < open->depth; i++) {
	buf[n++] = (char) 0xe2;
	buf[n++] = (char) (0x80 | ((open->cp[i] >> 6) & 0x3f));
	buf[n++] = (char) (0x80 | (open->cp[i] & 0x3f));
    }
    buf[n] = 0;
    return n;
}
