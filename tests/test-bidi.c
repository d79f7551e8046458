/*
 * NAME
 *	test-bidi 1
 * SUMMARY
 *	table-driven tests for rp_bidi
 * SYNOPSIS
 *	test-bidi
 * DESCRIPTION
 *	The attack first: a right-to-left override shows "moc.sjmpn" as
 *	"npmjs.com".  Then the explicit part of UAX #9 as rp_bidi_visual()
 *	resolves it: overrides up to PDF, the end of the paragraph or an
 *	enclosing isolate's PDI, nesting, adjacent runs, marks removed,
 *	unmatched closers, bytes that are not UTF-8; rp_bidi_rewrite() in
 *	place; the open-control tracker; hostile depth and size in linear
 *	time.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "rp_bidi.h"
#include "check_main.h"

#define RLO "\xe2\x80\xae"
#define LRO "\xe2\x80\xad"
#define RLE "\xe2\x80\xab"
#define PDF "\xe2\x80\xac"
#define RLI "\xe2\x81\xa7"
#define LRI "\xe2\x81\xa6"
#define PDI "\xe2\x81\xa9"
#define LRM "\xe2\x80\x8e"
#define RLM "\xe2\x80\x8f"
#define ALM "\xd8\x9c"

#define C RP_BIDI_CONTROLS
#define O (RP_BIDI_CONTROLS | RP_BIDI_OVERRIDE)

typedef struct bidi_case {
    const char *name;
    const char *in;
    const char *want;
    int     flags;
} bidi_case;

static const bidi_case cases[] = {
    {"right-to-left override shows moc.sjmpn as npmjs.com",
	"Log in at " RLO "moc.sjmpn" PDF " today", "Log in at npmjs.com today", O},
    {"override to the end of the paragraph",
	"x " RLO "ab cd\nef", "x dc ba\nef", O},
    {"no controls", "plain text", "plain text", 0},
    {"empty", "", "", 0},
    {"marks removed, order kept",
	"a" LRM "b" RLM "c" ALM "d" LRI "e" PDI RLI "f" PDI, "abcdef", C},
    {"an embedding does not reverse left-to-right letters",
	RLE "abc def" PDF, "abc def", C},
    {"left-to-right override inside a right-to-left one",
	RLO "ab" LRO "cd" PDF "ef" PDF, "fecdba", O},
    {"override inside an override",
	RLO "ab" RLO "cd" PDF "ef", "fedcba", O},
    {"adjacent overrides read as one",
	RLO "a" PDF RLO "b" PDF "c", "bac", O},
    {"left-to-right override alone", LRO "abc" PDF, "abc", O},
    {"the PDI of an isolate closes the override inside it",
	RLI RLO "ab" PDI "cd", "bacd", O},
    {"a PDF does not close an isolate",
	RLO "ab" LRI "cd" PDF "ef" PDI "gh", "hgcdefba", O},
    {"unmatched closers are ignored", "a" PDF "b" PDI "c", "abc", C},
    {"multibyte characters reversed whole",
	RLO "\xd0\xbf\xd1\x80\xd0\xb8\xf0\x9d\x95\xa1" PDF,
	"\xf0\x9d\x95\xa1\xd0\xb8\xd1\x80\xd0\xbf", O},
    {"U+2029 and CR end the paragraph",
	RLO "ab\xe2\x80\xa9" "cd" RLO "ef\rgh", "ba\xe2\x80\xa9" "cdfe\rgh", O},
    {"bytes that are not UTF-8 are single characters",
	"\xff" RLO "a\xfe" "b" PDF, "\xff" "b\xfe" "a", O},
};

START_TEST(test_case)
{
    const bidi_case *c = cases + _i;
    rp_buf  out;
    int     flags;

    rp_buf_init(&out);
    rp_buf_puts(&out, "kept:");
    flags = rp_bidi_visual(c->in, strlen(c->in), &out);
    ck_assert_msg(strncmp(out.data, "kept:", 5) == 0 && strcmp(out.data + 5, c->want) == 0,
		  "%s: \"%s\", want \"%s\"", c->name, out.data + 5, c->want);
    ck_assert_msg(flags == c->flags, "%s: flags %d, want %d", c->name, flags, c->flags);
    /* In place, after a prefix that stays. */
    rp_buf_reset(&out);
    rp_buf_puts(&out, RLO "pre\n");
    rp_buf_puts(&out, c->in);
    flags = rp_bidi_rewrite(&out, strlen(RLO "pre\n"));
    ck_assert_str_eq(out.data + strlen(RLO "pre\n"), c->want);
    ck_assert_int_eq(flags, c->flags);
    ck_assert_uint_eq(out.len, strlen(out.data));
    rp_buf_free(&out);
}
END_TEST

/* The controls open at the end of pieces of one text. */
START_TEST(test_open)
{
    rp_bidi_open open;
    char    buf[3 * RP_BIDI_OPEN_MAX + 1];
    int     i;

    memset(&open, 0, sizeof(open));
    rp_bidi_open_feed(&open, "a" RLO "b", strlen("a" RLO "b"));
    rp_bidi_open_feed(&open, LRI "c" LRO, strlen(LRI "c" LRO));
    ck_assert_uint_eq(rp_bidi_open_text(&open, buf), 9);
    ck_assert_str_eq(buf, RLO LRI LRO);
    rp_bidi_open_feed(&open, PDI, 3);
    ck_assert_str_eq((rp_bidi_open_text(&open, buf), buf), RLO);
    rp_bidi_open_feed(&open, PDI "x", 4);
    ck_assert_str_eq((rp_bidi_open_text(&open, buf), buf), RLO);
    rp_bidi_open_feed(&open, "end\nnext", 8);
    ck_assert_uint_eq(rp_bidi_open_text(&open, buf), 0);
    for (i = 0; i < 40; i++)
	rp_bidi_open_feed(&open, RLE, 3);
    for (i = 0; i < 30; i++)
	rp_bidi_open_feed(&open, PDF, 3);
    ck_assert_uint_eq(open.depth, 10);
}
END_TEST

/* 200 nested overrides and 1 MB of text under them, 100,000 runs: linear. */
START_TEST(test_hostile)
{
    rp_buf  in, out;
    int     i;

    rp_buf_init(&in);
    rp_buf_init(&out);
    for (i = 0; i < 200; i++)
	rp_buf_puts(&in, i % 2 ? LRO : RLO);
    for (i = 0; i < 1 << 20; i++)
	rp_buf_putc(&in, 'a' + i % 26);
    ck_assert_int_eq(rp_bidi_visual(in.data, in.len, &out), O);
    ck_assert_uint_eq(out.len, 1 << 20);
    rp_buf_reset(&in);
    rp_buf_reset(&out);
    for (i = 0; i < 100000; i++)
	rp_buf_puts(&in, i % 125 ? RLO "ab" : "\n");
    ck_assert_int_eq(rp_bidi_visual(in.data, in.len, &out), O);
    rp_buf_free(&in);
    rp_buf_free(&out);
}
END_TEST

#define N(a) ((int) (sizeof(a) / sizeof((a)[0])))

/* bidi_suite - all rp_bidi tests */
static Suite *bidi_suite(void)
{
    Suite  *s = suite_create("rp_bidi");
    TCase  *tc = tcase_create("core");

    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, test_case, 0, N(cases));
    tcase_add_test(tc, test_open);
    tcase_add_test(tc, test_hostile);
    suite_add_tcase(s, tc);
    return s;
}

const rp_test_program rp_test = {bidi_suite, NULL, NULL, NULL, 0};
