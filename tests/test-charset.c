/*
 * NAME
 *	test-charset 1
 * SUMMARY
 *	unit tests for rp_charset_to_utf8()
 * SYNOPSIS
 *	test-charset
 * DESCRIPTION
 *	A table of {charset label, input bytes, wanted UTF-8, lossy or
 *	not}: labelled UTF-8 and ASCII taken as UTF-8 with U+FFFD for bad
 *	bytes, labels iconv knows (Latin-1, Windows-1252, Shift_JIS,
 *	stateful ISO-2022-JP), bytes iconv rejects or that end a sequence
 *	short, no label or a bogus one (UTF-8 when it is, Windows-1252
 *	otherwise), NUL bytes dropped on every path, and output appended
 *	to what the buffer already holds.
 * DIAGNOSTICS
 *	Check's summary; exit status 1 when a case fails.
 */
#include "config.h"

#include <check.h>
#include <string.h>

#include "rp_charset.h"
#include "rp_mime.h"
#include "rp_util.h"
#include "check_main.h"

/* One conversion: len 0 means strlen(in). */
typedef struct charset_case {
    const char *charset;
    const char *in;
    size_t  len;
    const char *want;
    int     bad;		/* rp_charset_to_utf8()'s return */
} charset_case;

static const charset_case cases[] = {
    /* Labelled UTF-8 (or ASCII): kept, bad bytes replaced. */
    {"UTF-8", "caf\xc3\xa9", 0, "caf\xc3\xa9", 0},
    {"utf-8", "bad\xff" "byte", 0, "bad\xef\xbf\xbd" "byte", 1},
    {"UTF-8", "\xc0\xaf overlong", 0, "\xef\xbf\xbd\xef\xbf\xbd overlong", 1},
    {"UTF-8", "\xed\xa0\x80 surrogate", 0, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd surrogate", 1},
    {"UTF-8", "cut \xe2\x9c", 0, "cut \xef\xbf\xbd\xef\xbf\xbd", 1},
    {"us-ascii", "caf\xc3\xa9", 0, "caf\xc3\xa9", 0},
    {"us-ascii", "caf\xe9", 0, "caf\xef\xbf\xbd", 1},
    /* Charsets iconv knows. */
    {"iso-8859-1", "caf\xe9", 0, "caf\xc3\xa9", 0},
    {"ISO-8859-1", "\x80", 0, "\xc2\x80", 0},
    {"windows-1252", "\x80 \x93q\x94", 0, "\xe2\x82\xac \xe2\x80\x9cq\xe2\x80\x9d", 0},
    {"iso-8859-15", "\xa4", 0, "\xe2\x82\xac", 0},
    {"koi8-r", "\xf0\xd2\xc9\xd7\xc5\xd4", 0,
	"\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82", 0},
    {"Shift_JIS", "\x83\x41\x83\x4a", 0, "\xe3\x82\xa2\xe3\x82\xab", 0},
    /* A stateful charset: the shifts are consumed, nothing is left. */
    {"ISO-2022-JP", "\x1b$B%\"%+\x1b(B!", 0, "\xe3\x82\xa2\xe3\x82\xab!", 0},
    /* Bytes iconv rejects, or a sequence the input cuts short. */
    {"Shift_JIS", "a\x83", 0, "a\xef\xbf\xbd", 1},
    {"Shift_JIS", "\x83\x41\xff\x83\x4a", 0,
	"\xe3\x82\xa2\xef\xbf\xbd\xe3\x82\xab", 1},
    /* No label, an empty one or a bogus one: UTF-8 if it is... */
    {NULL, "caf\xc3\xa9", 0, "caf\xc3\xa9", 0},
    {"", "caf\xc3\xa9", 0, "caf\xc3\xa9", 0},
    {"x-bogus", "caf\xc3\xa9", 0, "caf\xc3\xa9", 0},
    /* ...else Windows-1252, not Latin-1. */
    {NULL, "caf\xe9", 0, "caf\xc3\xa9", 0},
    {NULL, "\x80 euro", 0, "\xe2\x82\xac euro", 0},
    {"x-bogus", "\x93quoted\x94", 0, "\xe2\x80\x9cquoted\xe2\x80\x9d", 0},
    /* Bytes Windows-1252 leaves undefined. */
    {NULL, "a\x81z", 0, "a\xef\xbf\xbdz", 1},
    /* NUL bytes are dropped on every path. */
    {"UTF-8", "a\0b", 3, "ab", 0},
    {NULL, "a\0b", 3, "ab", 0},
    {NULL, "\xe9\0b", 3, "\xc3\xa9" "b", 0},
    {"iso-8859-1", "a\0b", 3, "ab", 0},
    {"UTF-8", "\0\0", 2, "", 0},
    {"UTF-8", "", 0, "", 0},
    {"iso-8859-1", "", 0, "", 0},
};

START_TEST(test_convert)
{
    const charset_case *c = cases + _i;
    size_t  len = c->len ? c->len : strlen(c->in);
    rp_buf  out;
    int     bad;

    rp_buf_init(&out);
    bad = rp_charset_to_utf8(c->charset, c->in, len, &out);
    ck_assert_msg(out.len == strlen(out.data) && strcmp(out.data, c->want) == 0,
		  "case %d (%s): got \"%s\", want \"%s\"", (int) _i,
		  c->charset ? c->charset : "no label", out.data, c->want);
    ck_assert_msg(bad == c->bad, "case %d (%s): returned %d, want %d", (int) _i,
		  c->charset ? c->charset : "no label", bad, c->bad);
    rp_buf_free(&out);
}
END_TEST

/* The conversion appends: what out holds stays. */
START_TEST(test_append)
{
    rp_buf  out;

    rp_buf_init(&out);
    rp_buf_puts(&out, "kept ");
    ck_assert_int_eq(rp_charset_to_utf8("iso-8859-1", "caf\xe9", 4, &out), 0);
    ck_assert_int_eq(rp_charset_to_utf8(NULL, " \xe9", 2, &out), 0);
    ck_assert_str_eq(out.data, "kept caf\xc3\xa9 \xc3\xa9");
    rp_buf_free(&out);
}
END_TEST

/* charset_suite - all rp_charset tests */
static Suite *charset_suite(void)
{
    Suite  *s = suite_create("rp_charset");
    TCase  *tc = tcase_create("core");

    tcase_add_loop_test(tc, test_convert, 0, (int) (sizeof(cases) / sizeof(cases[0])));
    tcase_add_test(tc, test_append);
    suite_add_tcase(s, tc);
    return s;
}

/* setup - GMime once for the process (its charset aliases, iconv cache) */
static int setup(int argc, char **argv)
{
    rp_mime_init();
    return 0;
}

const rp_test_program rp_test = {charset_suite, setup, NULL, NULL, 0};
