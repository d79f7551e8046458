/*
 * NAME
 *	test-weights - unit tests of the symbol weights (symbols.conf)
 * DESCRIPTION
 *	A table of symbols.conf texts, each written to a temporary file
 *	and loaded: what must load and the weight it gives, and every
 *	error (unknown symbol, lure symbol, no weight, a weight that is not
 *	a number in -100..100, inf, nan) with the line it must name.  A
 *	later line, and a later file, replace an earlier weight; a missing
 *	file is an error only when required; rp_weights_complete() names
 *	the first code symbol without a weight; the shipped symbols.conf
 *	loads and is complete.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "regphish.h"
#include "rp_weights.h"
#include "check_main.h"

#define SHIPPED RP_TEST_RULES_DIR "/symbols.conf"

/* write_temp - a temporary file holding text; caller unlinks */
static char *write_temp(const char *text)
{
    static char path[64];
    int     fd;

    strcpy(path, "/tmp/rp-test-weights-XXXXXX");
    fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, text, strlen(text)), (int) strlen(text));
    close(fd);
    return path;
}

typedef struct load_case {
    const char *name;
    const char *text;
    rp_status want;
    rp_symbol symbol;			/* RP_OK: this symbol ... */
    double  weight;			/* ... has this weight */
    unsigned line;			/* an error: the line it names ... */
    const char *message;		/* ... and words of its message */
} load_case;

#define WEIGHS(symbol, weight)	RP_OK, RP_SYM_##symbol, weight, 0, NULL
#define FAILS(line, message)	RP_ERR_SYNTAX, RP_SYM_NONE, 0, line, message

static const load_case load_cases[] = {
    {"one weight", "LINK_LOOKALIKE 2.5 a link to a lookalike\n", WEIGHS(LINK_LOOKALIKE, 2.5)},
    {"comments and blank lines", "# weights\n\nLINK_LOOKALIKE 1 # why\n",
	WEIGHS(LINK_LOOKALIKE, 1)},
    {"a later line replaces", "LINK_LOOKALIKE 1\nLINK_LOOKALIKE -2\n", WEIGHS(LINK_LOOKALIKE, -2)},
    {"negative weight", "BRAND_AUTH_ALIGNED -4.0 clears\n", WEIGHS(BRAND_AUTH_ALIGNED, -4)},
    {"range: 100", "BRAND_SPOOF 100\n", WEIGHS(BRAND_SPOOF, 100)},
    {"range: -100", "BRAND_SPOOF -100\n", WEIGHS(BRAND_SPOOF, -100)},
    {"range: 0", "BRAND_SPOOF 0\n", WEIGHS(BRAND_SPOOF, 0)},
    {"unknown symbol", "LINK_LOOKALIKE 1\nLINK_LOKALIKE 2\n",
	FAILS(2, "unknown symbol \"LINK_LOKALIKE\"")},
    {"lure symbol", "\n# lure weights are the rules'\nLURE_VERIFY 1\n",
	FAILS(3, "LURE_VERIFY is a lure symbol")},
    {"no weight", "BRAND_SPOOF\n", FAILS(1, "has no weight")},
    {"range: 100.5", "BRAND_SPOOF 100.5\n", FAILS(1, "not a number in -100..100")},
    {"range: -101", "BRAND_SPOOF -101\n", FAILS(1, "not a number in -100..100")},
    {"inf", "BRAND_SPOOF inf\n", FAILS(1, "\"inf\" is not a number")},
    {"-infinity", "BRAND_SPOOF -infinity\n", FAILS(1, "\"-infinity\" is not a number")},
    {"nan", "BRAND_SPOOF nan\n", FAILS(1, "\"nan\" is not a number")},
    {"1e308", "BRAND_SPOOF 1e308\n", FAILS(1, "not a number in -100..100")},
    {"1e999 overflows", "BRAND_SPOOF 1e999\n", FAILS(1, "not a number")},
    {"trailing junk", "BRAND_SPOOF 3x\n", FAILS(1, "\"3x\" is not a number")},
    {"error on a later line", "BRAND_SPOOF 5\nLINK_LOOKALIKE 2\nMIME_BROKEN five\n",
	FAILS(3, "symbol MIME_BROKEN")},
};

/* test_load - one table case */
START_TEST(test_load)
{
    const load_case *tc = load_cases + _i;
    rp_weights *w = rp_weights_new();
    char   *path = write_temp(tc->text);
    rp_error err;
    rp_status st;

    memset(&err, 0, sizeof(err));
    st = rp_weights_load(w, path, 1, &err);
    ck_assert_msg(st == tc->want, "%s: status %s, want %s (%s)", tc->name,
		  rp_strerror_name(st), rp_strerror_name(tc->want), err.message);
    if (tc->want == RP_OK) {
	ck_assert_msg(rp_weights_get(w, tc->symbol) == tc->weight, "%s: weight %g, want %g",
		      tc->name, rp_weights_get(w, tc->symbol), tc->weight);
    } else {
	ck_assert_msg(err.line == tc->line, "%s: line %u, want %u", tc->name, err.line,
		      tc->line);
	ck_assert_msg(strcmp(err.file, path) == 0, "%s: file \"%s\"", tc->name, err.file);
	ck_assert_msg(strstr(err.message, tc->message) != NULL, "%s: message \"%s\"",
		      tc->name, err.message);
    }
    unlink(path);
    rp_weights_free(w);
}
END_TEST

/* test_override - a later file replaces the weights it names, keeps the rest */
START_TEST(test_override)
{
    rp_weights *w = rp_weights_new();
    rp_error err;
    char   *path;

    path = write_temp("BRAND_SPOOF 5\nLINK_LOOKALIKE 2\n");
    ck_assert(rp_weights_load(w, path, 1, &err) == RP_OK);
    unlink(path);
    path = write_temp("LINK_LOOKALIKE 0.5\n");
    ck_assert(rp_weights_load(w, path, 1, &err) == RP_OK);
    unlink(path);
    ck_assert(rp_weights_get(w, RP_SYM_LINK_LOOKALIKE) == 0.5);
    ck_assert(rp_weights_get(w, RP_SYM_BRAND_SPOOF) == 5);
    ck_assert(rp_weights_get(w, RP_SYM_URL_SHORTENER) == 0);
    ck_assert(rp_weights_get(w, RP_SYM_NONE) == 0);
    ck_assert(rp_weights_get(w, RP_SYM_COUNT) == 0);
    rp_weights_free(w);
}
END_TEST

/* test_missing - a missing file is an error only when required */
START_TEST(test_missing)
{
    rp_weights *w = rp_weights_new();
    rp_error err;

    memset(&err, 0, sizeof(err));
    ck_assert(rp_weights_load(w, "/nonexistent/symbols.conf", 0, &err) == RP_OK);
    ck_assert(rp_weights_load(w, "/nonexistent/symbols.conf", 1, &err) == RP_ERR_IO);
    rp_weights_free(w);
}
END_TEST

/* test_complete - the first code symbol without a weight is named */
START_TEST(test_complete)
{
    rp_weights *w = rp_weights_new();
    char   *path = write_temp("LOOKALIKE_HOMOGLYPH 4\n");
    rp_error err;
    char    want[128];

    memset(&err, 0, sizeof(err));
    ck_assert(rp_weights_load(w, path, 1, &err) == RP_OK);
    ck_assert(rp_weights_complete(w, path, &err) == RP_ERR_SYNTAX);
    ck_assert_str_eq(err.file, path);
    ck_assert_uint_eq(err.line, 0);
    snprintf(want, sizeof(want), "symbol %s has no weight",
	     rp_symbol_name(RP_SYM_LOOKALIKE_OMISSION));
    ck_assert_str_eq(err.message, want);
    unlink(path);
    rp_weights_free(w);
}
END_TEST

/* test_shipped - rules/symbols.conf loads, weighs every code symbol, in range */
START_TEST(test_shipped)
{
    rp_weights *w = rp_weights_new();
    rp_error err;
    int     i;

    memset(&err, 0, sizeof(err));
    ck_assert_msg(rp_weights_load(w, SHIPPED, 1, &err) == RP_OK, "%s:%u: %s", err.file,
		  err.line, err.message);
    ck_assert_msg(rp_weights_complete(w, SHIPPED, &err) == RP_OK, "%s", err.message);
    for (i = 0; i < RP_SYM_COUNT; i++)
	ck_assert(rp_weights_get(w, (rp_symbol) i) >= -100
		  && rp_weights_get(w, (rp_symbol) i) <= 100);
    rp_weights_free(w);
}
END_TEST

/* weights_suite - all cases */
static Suite *weights_suite(void)
{
    Suite  *s = suite_create("weights");
    TCase  *tc = tcase_create("weights");

    tcase_add_loop_test(tc, test_load, 0, (int) (sizeof(load_cases) / sizeof(load_cases[0])));
    tcase_add_test(tc, test_override);
    tcase_add_test(tc, test_missing);
    tcase_add_test(tc, test_complete);
    tcase_add_test(tc, test_shipped);
    suite_add_tcase(s, tc);
    return s;
}

const rp_test_program rp_test = {weights_suite, NULL, NULL, NULL, 0};
