/*
 * NAME
 *	mlt_header 3
 * SUMMARY
 *	untrusted text as a header field value: RFC 2047 words, folded
 * SYNOPSIS
 *	#include "mlt_header.h"
 *
 *	char	*mlt_header_encode(const char *name, const char *const *items,
 *				   size_t n, size_t max, const char *sep)
 * DESCRIPTION
 *	The verdict headers quote what a sender wrote (a display name, a
 *	lure in Japanese).  mlt_header_encode() is the one function every
 *	header the milter writes goes through: it returns a value that a
 *	mail client shows as the text was written, and that is still a
 *	valid header field whatever the text holds.
 *
 *	Each of the n items is first made safe with mlt_escape() in
 *	terminal mode (at most max bytes of it): controls, bidi and other
 *	hidden characters and bytes that are not UTF-8 become visible
 *	escapes (\xHH, \uHHHH), so no CR, LF or NUL reaches the field.  The
 *	items are then joined by a space, each starting a line of its own
 *	(a fold); an item longer than a line is folded further.  Unless sep
 *	is NULL, it ends every item but the last, written as it is (not
 *	encoded: a reader of the raw field finds the item boundaries by it)
 *	right after the item's last word, or after a space where that word
 *	is encoded, since an encoded-word must end at white space.  A fold is
 *	put before white space, never in place of it: unfolded and decoded,
 *	the value reads exactly as the escaped items joined by spaces
 *	(and sep; bar runs of spaces at the end, which are dropped).
 *
 *	A word (a run of non-spaces) that is printable ASCII, at most
 *	PLAIN_MAX bytes long, holds neither "=?" nor "?=" and, inside an
 *	item, does not end in sep is written as it is, and so are up to
 *	GAP_MAX spaces before it (so a raw line ends in sep only where an
 *	item ends, whatever an item quotes).  Every other word,
 *	with the spaces between such words (and longer runs of spaces), is
 *	written as RFC 2047 encoded-words ("=?UTF-8?Q?...?=", section 4.2):
 *	so text a sender wrote to look like an encoded-word is itself
 *	encoded, and a client shows it literally instead of decoding it
 *	into something else.  Q, not B: a B word of a split run that ends
 *	in "=" padding loses the words after it in GMime 3.2
 *	(../shared/DESIGN.md).  Only letters, digits and "!*+-/" stay
 *	literal inside a word (the set section 5(3) allows everywhere).
 *	Each encoded-word is at most 75 characters, holds whole UTF-8
 *	characters only, and lines are folded before 78 columns (the first
 *	counting "name: ").  Where an item boundary without sep falls
 *	between two encoded words, the space is encoded into the next one,
 *	because a decoder drops the white space between encoded-words.
 *
 *	The result is allocated (g_free); it never holds a byte outside
 *	printable ASCII but the "\n" of its folds (each followed by a
 *	space), which the MTA writes as CRLF.
 * DIAGNOSTICS
 *	None.  Memory exhaustion aborts (GLib).
 * SEE ALSO
 *	RFC 2047, RFC 5322 section 2.2.3 (folding), mlt_escape(3)
 */
#include "config.h"

#include <string.h>

#include <glib.h>

#include "mlt_escape.h"
#include "mlt_header.h"

#define FOLD_COLUMN	78		/* lines are kept within this */
#define WORD_MAX	75		/* one encoded-word (RFC 2047 section 2) */
#define WORD_OPEN	"=?UTF-8?Q?"
#define WORD_CLOSE	"?="
#define WORD_MIN	24		/* shorter rest of a line: fold first */
#define PLAIN_MAX	50		/* longer words are encoded, so they fold */
#define GAP_MAX		8		/* more spaces in a row are encoded too */
#define ITEM_END	'\001'		/* where sep goes (escaped text has no C0) */

typedef struct hdr_out {
    GString *out;
    size_t  col;			/* column of the next byte */
    int     fold;			/* the next separator must fold */
    const char *sep;			/* after each item but the last */
} hdr_out;

/* plain_word - may this word of len bytes go out as it is? */
static int plain_word(const char *w, size_t len)
{
    size_t  i;

    if (len > PLAIN_MAX)
	return 0;
    for (i = 0; i < len; i++) {
	if (w[i] <= 0x20 || w[i] >= 0x7f)
	    return 0;
	if (i + 1 < len && ((w[i] == '=' && w[i + 1] == '?') || (w[i] == '?' && w[i + 1] == '=')))
	    return 0;
    }
    return 1;
}

/*
 * ends_in_sep - does the word (w up to end) end in the item separator?
 * Inside an item such a word is encoded: a line of the raw field then
 * ends in the separator only where an item ends, so a reason quoting
 * "x, FAKE=1.00" cannot pass for two items wherever a fold falls.
 */
static int ends_in_sep(const hdr_out *h, const char *w, const char *end)
{
    size_t  n = h->sep ? strlen(h->sep) : 0;

    return n > 0 && (size_t) (end - w) >= n && memcmp(end - n, h->sep, n) == 0;
}

/*
 * put_unit - a word or an encoded-word after sep spaces (0 only at the
 * start of the value); a fold goes before the spaces, so unfolding
 * (removing the line break) gives the text back
 */
static void put_unit(hdr_out *h, const char *s, size_t len, size_t sep)
{
    if (h->out->len > 0 && (h->fold || h->col + sep + len > FOLD_COLUMN)) {
	g_string_append_c(h->out, '\n');
	h->col = 0;
    }
    for (; sep > 0; sep--, h->col++)
	g_string_append_c(h->out, ' ');
    g_string_append_len(h->out, s, (gssize) len);
    h->col += len;
    h->fold = 0;
}

/* q_char - one character's bytes in Q encoding (a space written "_") */
static void q_char(GString *word, const char *p, size_t n)
{
    size_t  i;

    for (i = 0; i < n; i++) {
	unsigned char c = (unsigned char) p[i];

	if (c == ' ')
	    g_string_append_c(word, '_');
	else if (g_ascii_isalnum(c) || strchr("!*+-/", c) != NULL)
	    g_string_append_c(word, (char) c);
	else
	    g_string_append_printf(word, "=%02X", c);
    }
}

/*
 * word_budget - the length of the next encoded-word: what is left of the
 * line when that is a fair part of one (the first line starts after the
 * field name), or a whole word on a line of its own
 */
static size_t word_budget(const hdr_out *h, size_t sep)
{
    size_t  used = h->col + sep;

    if (!h->fold && used + WORD_MIN <= FOLD_COLUMN)
	return MIN(WORD_MAX, FOLD_COLUMN - used);
    return WORD_MAX;
}

/*
 * put_encoded - a run of words (valid UTF-8; spaces and "\n", an item
 * boundary: a space that folds, between them) as encoded-words of whole
 * characters, after sep spaces.  The space between two encoded-words
 * is not text: a decoder drops it.
 */
static void put_encoded(hdr_out *h, const char *p, const char *end, size_t sep)
{
    GString *word = g_string_new(WORD_OPEN), *ch = g_string_new(NULL);
    size_t  budget = word_budget(h, sep);
    int     breaks;

    while (p < end) {
	const char *next = g_utf8_next_char(p);

	breaks = *p == '\n';
	g_string_truncate(ch, 0);
	q_char(ch, breaks ? " " : p, breaks ? 1 : (size_t) (next - p));
	if (breaks || word->len + ch->len + strlen(WORD_CLOSE) > budget) {
	    if (word->len > strlen(WORD_OPEN)) {
		g_string_append(word, WORD_CLOSE);
		put_unit(h, word->str, word->len, sep);
		sep = 1;
	    }
	    h->fold |= breaks;
	    g_string_assign(word, WORD_OPEN);
	    budget = word_budget(h, sep);
	}
	g_string_append_len(word, ch->str, (gssize) ch->len);
	p = next;
    }
    g_string_append(word, WORD_CLOSE);
    put_unit(h, word->str, word->len, sep);
    g_string_free(word, TRUE);
    g_string_free(ch, TRUE);
}

/* gap - the spaces between words: how many, and whether one ends an item */
static size_t gap(hdr_out *h, const char *from, const char *to)
{
    if (memchr(from, '\n', (size_t) (to - from)) != NULL)
	h->fold = 1;
    return (size_t) (to - from);
}

/*
 * encode_text - escaped text ("\n" between items, ITEM_END before each
 * "\n" where the items have a separator) as the field value
 */
static void encode_text(hdr_out *h, const char *text)
{
    const char *p = text, *w, *run = NULL, *run_end = NULL;
    size_t  run_sep = 0, sep;
    int     glued;

    for (;;) {
	const char *space = p;

	while (*p == ' ' || *p == '\n')
	    p++;
	w = p;
	while (*p && *p != ' ' && *p != '\n' && *p != ITEM_END)
	    p++;
	glued = *p == ITEM_END;
	if (w < p && (!plain_word(w, (size_t) (p - w)) || w - space > GAP_MAX
		      || (!glued && ends_in_sep(h, w, p)))) {
	    /* A long run of spaces goes into the run too: a line written
	     * plain could not fold inside it. */
	    if (run == NULL && w - space > GAP_MAX) {
		run = space + 1;
		run_sep = gap(h, space, run);
	    } else if (run == NULL) {
		run = w;
		run_sep = gap(h, space, w);
	    }
	    run_end = p;
	    if (!glued)
		continue;
	    /* The separator stays plain, after a space: an encoded-word
	     * ends at white space (RFC 2047 section 5). */
	    put_encoded(h, run, run_end, run_sep);
	    run = NULL;
	    put_unit(h, h->sep, strlen(h->sep), 1);
	    p++;
	    continue;
	}
	/* A plain word, or the end: the encoded run before it goes first. */
	if (run != NULL) {
	    put_encoded(h, run, run_end, run_sep);
	    run = NULL;
	    space = run_end;
	}
	sep = gap(h, space, w);
	if (w == p && !glued)
	    break;				/* trailing spaces are dropped */
	if (glued) {
	    /* the separator, glued to the word before it */
	    char   *unit = g_strdup_printf("%.*s%s", (int) (p - w), w, h->sep);

	    put_unit(h, unit, strlen(unit), w == p && sep == 0 && h->out->len > 0 ? 1 : sep);
	    g_free(unit);
	    p++;
	} else
	    put_unit(h, w, (size_t) (p - w), sep);
    }
}

/* mlt_header_encode - items (untrusted text) as one folded header value */
char   *mlt_header_encode(const char *name, const char *const *items, size_t n,
			          size_t max, const char *sep)
{
    GString *text = g_string_new(NULL);
    hdr_out h;
    size_t  i;

    for (i = 0; i < n; i++) {
	char   *safe = mlt_escape(items[i], max, MLT_ESCAPE_TERMINAL);

	if (i > 0)
	    g_string_append(text, sep ? "\001\n" : "\n");
	g_string_append(text, safe);
	g_free(safe);
    }
    h.out = g_string_new(NULL);
    h.col = strlen(name) + 2;		/* "name: " */
    h.fold = 0;
    h.sep = sep;
    encode_text(&h, text->str);
    g_string_free(text, TRUE);
    return g_string_free(h.out, FALSE);
}
