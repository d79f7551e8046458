/*
 * NAME
 *	test-prefilter 1
 * SUMMARY
 *	unit tests: the lure rules' Hyperscan prefilter changes no result
 * SYNOPSIS
 *	test-prefilter
 * DESCRIPTION
 *	rp_lures_match() runs PCRE2 only for the rules whose literals
 *	(rp_lure_lit.c) Hyperscan finds in a text.  Each case writes a
 *	rule file and checks that the hits and excerpts are PCRE2's: rules
 *	whose patterns the analysis cannot read (lookaround,
 *	backreferences, inline options) or that need no literal still
 *	fire; text spelt in any case PCRE2 matches caselessly (capitals in
 *	other scripts, the long s, the Kelvin sign) is still found; rules
 *	read before a bad line of a file still match.  The texts are not
 *	normalised: rp_lures_match() must hold for any text.
 * DIAGNOSTICS
 *	Check's summary; exit status 1 when a case fails.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "regphish.h"
#include "rp_lure.h"
#include "rp_util.h"
#include "check_main.h"

typedef struct prefilter_case {
    const char *name;
    const char *rules;
    const char *subject;
    const char *body;
    const char *want;		/* "SYMBOL=excerpt;..." in call order */
} prefilter_case;

static const prefilter_case cases[] = {
    /* Rules the prefilter cannot reduce to literals run with PCRE2 alone. */
    {"lookaround fires", "LURE_VERIFY 1 any /(?<=please )verify(?! later)/\n", "",
     "please verify now", "LURE_VERIFY=verify;"},
    {"lookaround holds", "LURE_VERIFY 1 any /(?<=please )verify(?! later)/\n", "",
     "please verify later", ""},
    {"backreference", "LURE_2FA 1 any /(\\w+) \\1 reset/\n", "", "an mfa mfa reset", "LURE_2FA=mfa mfa reset;"},
    {"no literal at all", "LURE_VERIFY 1 any /[a-c]{3}\\d/\n", "", "xx abc1", "LURE_VERIFY=abc1;"},
    {"inline option", "LURE_VERIFY 1 any /(?-i)Verify/\n", "", "verify Verify", "LURE_VERIFY=Verify;"},
    /* The prefilter's literals match every caseless spelling PCRE2 matches. */
    {"long s", "LURE_VERIFY 1 any /password/\n", "", "pa\xc5\xbf\xc5\xbfword", "LURE_VERIFY=pa\xc5\xbf\xc5\xbfword;"},
    {"kelvin sign", "LURE_VERIFY 1 any /konto/\n", "", "\xe2\x84\xaaONTO", "LURE_VERIFY=\xe2\x84\xaaONTO;"},
    {"cyrillic capitals", "LURE_DEADLINE 1 any /\xd1\x81\xd1\x80\xd0\xbe\xd1\x87\xd0\xbd\xd0\xbe/\n", "",
     "\xd0\xa1\xd0\xa0\xd0\x9e\xd0\xa7\xd0\x9d\xd0\x9e!",
     "LURE_DEADLINE=\xd0\xa1\xd0\xa0\xd0\x9e\xd0\xa7\xd0\x9d\xd0\x9e;"},
    {"accented capitals", "LURE_VERIFY 1 any /v\xc3\xa9rifiez/\n", "", "V\xc3\x89RIFIEZ", "LURE_VERIFY=V\xc3\x89RIFIEZ;"},
    {"optional piece", "LURE_VERIFY 1 any /ab(?:cd)?ef/\n", "", "x abef", "LURE_VERIFY=abef;"},
    {"empty branch", "LURE_VERIFY 1 any /xy(?:|zz)w/\n", "", "a xyw", "LURE_VERIFY=xyw;"},
    {"class of letters", "LURE_VERIFY 1 any /organi[sz]e/\n", "", "organize", "LURE_VERIFY=organize;"},
    {"escaped punctuation", "LURE_VERIFY 1 any /\\w\\[\\.\\]\\w/\n", "", "pypi[.]org", "LURE_VERIFY=i[.]o;"},
    {"hex escape", "LURE_VERIFY 1 any /\\x{7a}one/\n", "", "ZONE", "LURE_VERIFY=ZONE;"},
};

/* said - rp_lure_hit callback: "SYMBOL=excerpt;" appended */
static void said(void *ctx, rp_symbol symbol, double weight, const char *excerpt)
{
    (void) weight;
    rp_buf_printf(ctx, "%s=%s;", rp_symbol_name(symbol), excerpt);
}

/* load_text - rules from a temporary file: the load's status */
static rp_status load_text(rp_lures *lures, const char *text, rp_error *err)
{
    char    path[] = "/tmp/test-prefilter-XXXXXX";
    int     fd = mkstemp(path);
    rp_status st;

    ck_assert(fd >= 0);
    ck_assert(write(fd, text, strlen(text)) == (ssize_t) strlen(text));
    close(fd);
    st = rp_lures_load(lures, path, 1, err);
    unlink(path);
    return st;
}

START_TEST(test_case)
{
    const prefilter_case *tc = &cases[_i];
    rp_lures *lures = rp_lures_new();
    rp_error err;
    rp_buf  got;

    ck_assert_msg(load_text(lures, tc->rules, &err) == RP_OK, "%s: %s", tc->name, err.message);
    rp_buf_init(&got);
    rp_lures_match(lures, tc->subject, tc->body, strlen(tc->body), said, &got);
    ck_assert_msg(strcmp(got.data, tc->want) == 0, "%s: got \"%s\", want \"%s\"",
		  tc->name, got.data, tc->want);
    rp_buf_free(&got);
    rp_lures_free(lures);
}
END_TEST

/* Rules read before a bad line stay loaded and still match (no prefilter yet). */
START_TEST(test_rules_before_error)
{
    rp_lures *lures = rp_lures_new();
    rp_error err;
    rp_buf  got;

    ck_assert(load_text(lures, "LURE_DEADLINE 1 any /foo/\nLURE_DEADLINE 1 any /(/\n", &err)
	      == RP_ERR_SYNTAX && err.line == 2);
    rp_buf_init(&got);
    rp_lures_match(lures, NULL, "a foo", 5, said, &got);
    ck_assert_msg(strcmp(got.data, "LURE_DEADLINE=foo;") == 0, "rule before the error: \"%s\"",
		  got.data);
    rp_buf_free(&got);
    rp_lures_free(lures);
}
END_TEST

/* prefilter_suite - all cases */
static Suite *prefilter_suite(void)
{
    Suite  *s = suite_create("prefilter");
    TCase  *tc = tcase_create("prefilter");

    tcase_add_loop_test(tc, test_case, 0, (int) (sizeof(cases) / sizeof(cases[0])));
    tcase_add_test(tc, test_rules_before_error);
    suite_add_tcase(s, tc);
    return s;
}

/* main - run the suite; exit 1 on any failure */
const rp_test_program rp_test = {prefilter_suite, NULL, NULL, NULL, 0};
