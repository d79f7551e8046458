/*
 * NAME
 *	test-header 1
 * SUMMARY
 *	unit tests for mlt_header: verdict header values as RFC 2047 words
 * SYNOPSIS
 *	test-header
 * DESCRIPTION
 *	Each case feeds mlt_header_encode() hostile or foreign text (CR,
 *	LF and every other control, bidi controls, "?=" and a sender's own
 *	"=?utf-8?b?...?=", invalid UTF-8, Japanese and Chinese, values far
 *	longer than a line, long runs of spaces) and checks the field:
 *	only printable ASCII and folds, no line over 78 columns counting
 *	"name: ", no encoded-word over 75 characters, each word decoding on
 *	its own to whole UTF-8 characters; then unfolds it and decodes it
 *	with GMime (g_mime_utils_header_decode_text) and with the engine's
 *	own decoder, and compares the text with what was written, escaped
 *	as mlt_escape() shows hidden characters.  With a separator (","
 *	in X-Regphish-Symbols) every line that starts an item follows one
 *	that ends in a plain ",", whether the item ended in an encoded
 *	word or not.
 * DIAGNOSTICS
 *	Check's summary; exit status 1 when a case fails.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <gmime/gmime.h>

#include "mlt_header.h"
#include "rp_mime.h"
#include "rp_rfc2047.h"
#include "check_main.h"

#define NAME	"X-Regphish-Symbols"

/* A header's items, and the text a reader should see (NULL: the items
 * joined by spaces, nothing to escape). */
typedef struct header_case {
    const char *items[3];
    const char *want;
} header_case;

static const header_case cases[] = {
    {{"PHISH_SENDER=5.00 lookalike of pypi.org", NULL}, NULL},
    /* Japanese and Chinese, as written. */
    {{"DISPLAY_BRAND=3.00 \xe5\xb7\xae\xe5\x87\xba\xe4\xba\xba\xe3\x80\x8c"
      "PyPI \xe3\x82\xb5\xe3\x83\x9d\xe3\x83\xbc\xe3\x83\x88\xe3\x80\x8d\xe3\x81\xaf"
      " pypi.org \xe3\x81\xa7\xe3\x81\xaf\xe3\x81\x82\xe3\x82\x8a\xe3\x81\xbe\xe3\x81\x9b\xe3\x82\x93,",
      "LURE_2FA=2.00 \xe8\xaf\xb7\xe7\xab\x8b\xe5\x8d\xb3\xe9\xaa\x8c\xe8\xaf\x81\xe6\x82\xa8"
      "\xe7\x9a\x84\xe8\xb4\xa6\xe6\x88\xb7", NULL}, NULL},
    /* CR LF (a header of the sender's own), TAB, NUL ends a C string. */
    {{"A=1.00 \"Support\r\nBcc: victim@example.org\" x\ty", NULL},
     "A=1.00 \"Support\\x0d\\x0aBcc: victim@example.org\" x\\x09y"},
    {{"A=1.00 before\0after", NULL}, "A=1.00 before"},
    /* Text that looks like encoded-words must read literally. */
    {{"A=1.00 =?utf-8?b?UHlQSSBTZWN1cml0eQ==?= <support@pypi.org>", NULL}, NULL},
    {{"A=1.00 a?=b =?x ?= =? end?", NULL}, NULL},
    {{"=?UTF-8?Q?hidden?=", "=?utf-8?q?=E2=80=AE?=", NULL}, NULL},
    /* Invalid UTF-8: visible escapes. */
    {{"A=1.00 \xff\xfe abc \xe5\xae", NULL}, "A=1.00 \\xff\\xfe abc \\xe5\\xae"},
    {{"A=1.00 \xc0\xaf \xed\xa0\x80 ok", NULL}, "A=1.00 \\xc0\\xaf \\xed\\xa0\\x80 ok"},
    /* Bidi and C1 controls, a backslash. */
    {{"A=1.00 \xe2\x80\xaegro.ipyp \xc2\x9b back\\slash", NULL},
     "A=1.00 \\u202egro.ipyp \\u009b back\\\\slash"},
    /* An item boundary between two encoded runs keeps its space. */
    {{"x \xe6\x97\xa5\xe6\x9c\xac", "\xe8\xaa\x9e y", NULL}, NULL},
    /* Emoji and Cyrillic beside ASCII in one word. */
    {{"A=1.00 p\xd1\x83pi.org\xf0\x9f\x94\x92, m\xc3\xa9lange_=_?", NULL}, NULL},
    {{"A=1.00 x", "", "B=1.00 after an empty item"}, NULL},
};

/* long_text - n copies of unit */
static char *long_text(const char *prefix, const char *unit, size_t n)
{
    GString *s = g_string_new(prefix);

    while (n-- > 0)
	g_string_append(s, unit);
    return g_string_free(s, FALSE);
}

/* joined - the items joined by spaces */
static char *joined(const char *const *items, size_t n)
{
    GString *s = g_string_new(NULL);
    size_t  i;

    for (i = 0; i < n; i++)
	g_string_append_printf(s, "%s%s", i ? " " : "", items[i]);
    return g_string_free(s, FALSE);
}

/* check_word - one encoded-word: short enough, whole characters */
static void check_word(const char *word, size_t len)
{
    char   *one = g_strndup(word, len), *text;

    ck_assert_msg(len <= 75, "encoded-word of %zu characters: %s", len, one);
    ck_assert_msg(strncmp(one, "=?UTF-8?Q?", 10) == 0, "not our encoded-word: %s", one);
    text = g_mime_utils_header_decode_text(NULL, one);
    ck_assert_msg(g_utf8_validate(text, -1, NULL) && strstr(text, "\xef\xbf\xbd") == NULL,
		  "encoded-word with a split character: %s", one);
    g_free(text);
    g_free(one);
}

/* check_field - the shape of a header value, then its decoded text */
static void check_field(const char *value, const char *want)
{
    const char *p, *line = value, *w;
    size_t  col = strlen(NAME) + 2;
    char   *unfolded, *gm, *rp;
    GString *u = g_string_new(NULL);

    for (p = value; *p; p++) {
	ck_assert_msg(*p == '\n' || (*p >= 0x20 && *p < 0x7f),
		      "byte 0x%02x in %s", (unsigned char) *p, value);
	if (*p == '\n') {
	    ck_assert_msg(p[1] == ' ', "fold without white space: %s", value);
	    ck_assert_msg(col + (size_t) (p - line) <= 78, "line over 78: %s", value);
	    line = p + 1;
	    col = 0;
	} else
	    g_string_append_c(u, *p);
    }
    ck_assert_msg(col + (size_t) (p - line) <= 78, "line over 78: %s", value);
    /* Every "=?" opens one of our words, ended by the next "?=". */
    for (p = value; (w = strstr(p, "=?")) != NULL; p = w) {
	const char *end = strstr(w + 10, "?=");

	ck_assert_msg(end != NULL, "unterminated word in %s", value);
	check_word(w, (size_t) (end + 2 - w));
	w = end + 2;
    }
    unfolded = g_string_free(u, FALSE);
    gm = g_mime_utils_header_decode_text(NULL, unfolded);
    ck_assert_msg(strcmp(gm, want) == 0, "GMime reads\n  [%s]\nnot\n  [%s]\nfrom\n  %s",
		  gm, want, value);
    rp = rp_rfc2047_decode(unfolded);
    ck_assert_msg(strcmp(rp, want) == 0, "rp_rfc2047_decode reads [%s], not [%s]", rp, want);
    free(rp);
    g_free(gm);
    g_free(unfolded);
}

/* count_items - the items of a case */
static size_t count_items(const header_case *c)
{
    size_t  n = 0;

    while (n < 3 && c->items[n] != NULL)
	n++;
    return n;
}

START_TEST(test_cases)
{
    const header_case *c = &cases[_i];
    size_t  n = count_items(c);
    char   *value = mlt_header_encode(NAME, c->items, n, SIZE_MAX, NULL);
    char   *want = c->want ? g_strdup(c->want) : joined(c->items, n);

    check_field(value, want);
    g_free(want);
    g_free(value);
}
END_TEST

/* Plain text stays as written; a second item starts a line. */
START_TEST(test_plain_kept)
{
    const char *items[] = {"A=1.00 lookalike of pypi.org", "B=2.50 urgency"};
    char   *value = mlt_header_encode(NAME, items, 2, SIZE_MAX, ",");

    ck_assert_str_eq(value, "A=1.00 lookalike of pypi.org,\n B=2.50 urgency");
    g_free(value);
}
END_TEST

/* The separator is plain at the end of its line, encoded item or not. */
static const struct {
    const char *items[3];
    const char *want;
} sep_cases[] = {
    {{"A=1.00 \xe6\x97\xa5\xe6\x9c\xac", "B=2.00 ok", "C=1.00 \xe8\xaa\x9e"},
     "A=1.00 \xe6\x97\xa5\xe6\x9c\xac , B=2.00 ok, C=1.00 \xe8\xaa\x9e"},
    {{"A=1.00 x  ", "B=2.00 \xe6\x97\xa5  ", "C=1.00"}, "A=1.00 x  , B=2.00 \xe6\x97\xa5  , C=1.00"},
    {{"A=1.00 =?x?=", "", "C=1.00 y"}, "A=1.00 =?x?= , , C=1.00 y"},
};

START_TEST(test_separator)
{
    char   *value = mlt_header_encode(NAME, sep_cases[_i].items, 3, SIZE_MAX, ",");
    char  **lines = g_strsplit(value, "\n", -1);
    size_t  i, items = 0, want = 0;

    check_field(value, sep_cases[_i].want);
    /* A line that starts an item (after the first) follows one ending in ",". */
    for (i = 1; lines[i] != NULL; i++)
	if (g_regex_match_simple("^ +[A-C]=[0-9.]+( |$)", lines[i], 0, 0)) {
	    ck_assert_msg(g_str_has_suffix(lines[i - 1], ","), "no \",\" before line %zu: %s",
			  i, value);
	    items++;
	}
    for (i = 1; i < 3; i++)
	want += *sep_cases[_i].items[i] != 0;
    ck_assert_msg(items == want, "%zu item lines, not %zu, in %s", items, want, value);
    g_strfreev(lines);
    g_free(value);
}
END_TEST

/*
 * A reason that quotes "x, FAKE=1.00" at every column: only the real item
 * boundaries end a line with the separator, so no fold inside a reason
 * can pass for the start of an item.
 */
START_TEST(test_forged_item)
{
    char   *items[2], *value, **lines;
    const char *const *list = (const char *const *) items;
    GString *reason = g_string_new("FROM_LOOKALIKE=3.00 From \"npm");
    size_t  i, pad, ends;

    for (pad = 0; pad < 80; pad++) {
	g_string_truncate(reason, strlen("FROM_LOOKALIKE=3.00 From \"npm"));
	for (i = 0; i < pad; i++)
	    g_string_append_c(reason, i % 7 ? 'a' : ' ');
	g_string_append(reason, ", FAKE=1.00 (a), FAKE=1.00 \" <x@npmjs.help>,");
	items[0] = reason->str;
	items[1] = "LURE_URGENT=1.00 text says \"now\"";
	value = mlt_header_encode(NAME, list, 2, SIZE_MAX, ",");
	lines = g_strsplit(value, "\n", -1);
	for (i = 0, ends = 0; lines[i] != NULL; i++)
	    ends += g_str_has_suffix(lines[i], ",");
	ck_assert_msg(ends == 1, "pad %zu: %zu lines end in \",\": %s", pad, ends, value);
	ck_assert_ptr_nonnull(strstr(value, ",\n LURE_URGENT=1.00 "));
	g_strfreev(lines);
	g_free(value);
    }
    g_string_free(reason, TRUE);
}
END_TEST

/* What a sender wrote as an encoded-word is never ours to decode. */
START_TEST(test_sender_word_encoded)
{
    const char *items[] = {"r =?utf-8?b?UHlQSQ==?= x"};
    char   *value = mlt_header_encode(NAME, items, 1, SIZE_MAX, NULL);

    ck_assert_msg(strstr(value, "=?utf-8?b?") == NULL, "sender's word raw: %s", value);
    ck_assert_msg(strstr(value, "?B?") == NULL, "a B word: %s", value);
    g_free(value);
}
END_TEST

/* Long values: one word of 5,000 bytes, 300 CJK characters, spaces. */
START_TEST(test_long)
{
    char   *text[4];
    size_t  i;

    text[0] = long_text("A=1.00 ", "A", 5000);
    text[1] = long_text("A=1.00 ", "\xe5\xae\x89", 300);
    text[2] = long_text("A=1.00 a", " ", 500);
    text[2][strlen(text[2]) - 1] = 'b';
    text[3] = long_text("z", " \xe5\xae\x89 x", 200);
    for (i = 0; i < 4; i++) {
	const char *items[] = {text[i], text[(i + 1) % 4]};
	char   *value = mlt_header_encode(NAME, items, 2, SIZE_MAX, NULL);
	char   *want = joined(items, 2);

	check_field(value, want);
	g_free(want);
	g_free(value);
    }
    for (i = 0; i < 4; i++)
	g_free(text[i]);
}
END_TEST

/* Spaces inside a value are text: 500 of them between two words. */
START_TEST(test_spaces)
{
    char   *text = long_text("a", " ", 500), *value, *want;
    const char *items[1];

    text[strlen(text) - 1] = 'b';
    items[0] = text;
    value = mlt_header_encode(NAME, items, 1, SIZE_MAX, NULL);
    want = g_strdup(text);
    check_field(value, want);
    g_free(want);
    g_free(value);
    g_free(text);
}
END_TEST

/* max cuts an item at a character, with "..." */
START_TEST(test_max)
{
    const char *items[] = {"\xe5\xae\x89\xe5\x85\xa8"};
    char   *value = mlt_header_encode(NAME, items, 1, 4, NULL);

    check_field(value, "\xe5\xae\x89...");
    g_free(value);
}
END_TEST

static Suite *header_suite(void)
{
    Suite  *s = suite_create("header");
    TCase  *tc = tcase_create("encode");

    tcase_add_loop_test(tc, test_cases, 0, sizeof(cases) / sizeof(cases[0]));
    tcase_add_test(tc, test_plain_kept);
    tcase_add_loop_test(tc, test_separator, 0, sizeof(sep_cases) / sizeof(sep_cases[0]));
    tcase_add_test(tc, test_sender_word_encoded);
    tcase_add_test(tc, test_forged_item);
    tcase_add_test(tc, test_long);
    tcase_add_test(tc, test_spaces);
    tcase_add_test(tc, test_max);
    suite_add_tcase(s, tc);
    return s;
}

/* setup - GMime for the decoder */
static int setup(int argc, char **argv)
{
    (void) argc;
    (void) argv;
    rp_mime_init();
    return 0;
}

const rp_test_program rp_test = {header_suite, setup, NULL, NULL, 0};
