/*
 * NAME
 *	test-verdict - unit tests of the verdict and the action policy
 * DESCRIPTION
 *	Tables of symbols added to a fresh verdict and what it must hold
 *	after rp_verdict_finish(): the first score and reason of a symbol
 *	are kept and later findings counted (" (and N more)"), a note
 *	follows the reason, symbols are ordered by falling score then by
 *	name, the total is their sum.  Reasons are capped at 400 bytes on
 *	a UTF-8 boundary, before the note.  Deceptive URLs are kept once
 *	each, in order, up to the cap.  The action policy: each threshold
 *	at its edge, and each switch (reject, quarantine) lowering what it
 *	turns off.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regphish.h"
#include "rp_config.h"
#include "rp_verdict.h"
#include "check_main.h"

#define MAX_ADDS 6

/* make_config - the defaults with up to four settings over them */
static rp_config *make_config(const rp_setting *settings)
{
    rp_config *config;
    rp_error err;
    size_t  n = 0;

    memset(&err, 0, sizeof(err));
    ck_assert_msg(rp_config_load(NULL, NULL, &config, &err) == RP_OK, "load: %s", err.message);
    while (settings != NULL && n < 4 && settings[n].key != NULL)
	n++;
    ck_assert_msg(n == 0 || rp_config_apply(config, settings, n, &err) == RP_OK,
		  "apply: %s", err.message);
    return config;
}

/* finish - finish verdict with the default config */
static void finish(rp_verdict *verdict)
{
    rp_config *config = make_config(NULL);

    rp_verdict_finish(verdict, rp_config_settings(config));
    rp_config_free(config);
}

typedef struct add_step {
    rp_symbol symbol;
    double  score;
    const char *note;
    const char *reason;
} add_step;

typedef struct want_symbol {
    const char *name;
    double  score;
    const char *reason;
} want_symbol;

typedef struct add_case {
    const char *name;
    add_step add[MAX_ADDS];		/* ends at a NULL reason */
    want_symbol want[MAX_ADDS];		/* in the verdict's order; ends at a NULL name */
    double  total;
} add_case;

static const add_case add_cases[] = {
    {"nothing added", {{0}}, {{0}}, 0},
    {"first reason kept, later findings counted",
	{{RP_SYM_LINK_TEXT_MISMATCH, 1.5, NULL, "first"},
	 {RP_SYM_LINK_TEXT_MISMATCH, 9, NULL, "second"},
	 {RP_SYM_LINK_TEXT_MISMATCH, 0, " (a note)", "third"}},
	{{"LINK_TEXT_MISMATCH", 1.5, "first (and 2 more)"}}, 1.5},
    {"a note follows the reason, the count follows the note",
	{{RP_SYM_LINK_LOOKALIKE, 0, " (mentioned)", "a link goes to x"},
	 {RP_SYM_LINK_LOOKALIKE, 2, NULL, "a link goes to y"}},
	{{"LINK_LOOKALIKE", 0, "a link goes to x (mentioned) (and 1 more)"}}, 0},
    {"falling score, then name",
	{{RP_SYM_URL_SHORTENER, 1.5, NULL, "s"}, {RP_SYM_LINK_TEXT_MISMATCH, 1.5, NULL, "t"},
	 {RP_SYM_BRAND_SPOOF, 5, NULL, "b"}, {RP_SYM_ABOUT_PHISHING, -1.5, NULL, "a"},
	 {RP_SYM_MIME_BROKEN, 0, NULL, "m"}},
	{{"BRAND_SPOOF", 5, "b"}, {"LINK_TEXT_MISMATCH", 1.5, "t"}, {"URL_SHORTENER", 1.5, "s"},
	 {"MIME_BROKEN", 0, "m"}, {"ABOUT_PHISHING", -1.5, "a"}}, 6.5},
    {"the total counts each symbol once",
	{{RP_SYM_IDN_LINK, 1, NULL, "x"}, {RP_SYM_IDN_LINK, 1, NULL, "y"},
	 {RP_SYM_IDN_SENDER, 2, NULL, "z"}},
	{{"IDN_SENDER", 2, "z"}, {"IDN_LINK", 1, "x (and 1 more)"}}, 3},
};

/* test_add - one table case: add, finish, compare */
START_TEST(test_add)
{
    const add_case *tc = add_cases + _i;
    rp_verdict *v = rp_verdict_new();
    const char *name, *reason;
    double  score;
    size_t  i, n;

    for (i = 0; i < MAX_ADDS && tc->add[i].reason != NULL; i++)
	rp_verdict_add(v, tc->add[i].symbol, tc->add[i].score, tc->add[i].note, "%s",
		       tc->add[i].reason);
    finish(v);
    for (n = 0; n < MAX_ADDS && tc->want[n].name != NULL; n++) {
	name = rp_verdict_symbol(v, n, &score, &reason);
	ck_assert_msg(name != NULL, "%s: symbol %zu missing", tc->name, n);
	ck_assert_msg(strcmp(name, tc->want[n].name) == 0 && score == tc->want[n].score
		      && strcmp(reason, tc->want[n].reason) == 0,
		      "%s: symbol %zu is %s %g \"%s\", want %s %g \"%s\"", tc->name, n,
		      name, score, reason, tc->want[n].name, tc->want[n].score,
		      tc->want[n].reason);
    }
    ck_assert_msg(rp_verdict_count(v) == n, "%s: %zu symbols, want %zu", tc->name,
		  rp_verdict_count(v), n);
    ck_assert_msg(rp_verdict_symbol(v, n, NULL, NULL) == NULL, "%s: past the end", tc->name);
    ck_assert_msg(rp_verdict_score(v) == tc->total, "%s: total %g, want %g", tc->name,
		  rp_verdict_score(v), tc->total);
    rp_verdict_free(v);
}
END_TEST

typedef struct cap_case {
    const char *name;
    size_t  ascii;			/* 'a' bytes before tail */
    const char *tail;
    const char *note;
    size_t  want;			/* bytes of the reason kept, before the note */
} cap_case;

static const cap_case cap_cases[] = {
    {"short reason whole", 10, "\xc3\xa9", NULL, 12},
    {"exactly 400 bytes whole", 400, "", NULL, 400},
    {"401 bytes cut to 400", 401, "", NULL, 400},
    {"two-byte character ending at 400 kept", 398, "\xc3\xa9", NULL, 400},
    {"two-byte character across 400 dropped whole", 399, "\xc3\xa9", NULL, 399},
    {"three-byte character across 400 dropped whole", 398, "\xe2\x82\xac", NULL, 398},
    {"four-byte character across 400 dropped whole", 397, "\xf0\x9f\x90\x8d", NULL, 397},
    {"the note follows the cut", 500, "", " (note)", 400},
};

/* test_cap - reasons are cut at a UTF-8 boundary, the note kept whole */
START_TEST(test_cap)
{
    const cap_case *tc = cap_cases + _i;
    rp_verdict *v = rp_verdict_new();
    size_t  note_len = tc->note ? strlen(tc->note) : 0;
    char   *text = malloc(tc->ascii + strlen(tc->tail) + 1);
    const char *reason;

    ck_assert(text != NULL);
    memset(text, 'a', tc->ascii);
    strcpy(text + tc->ascii, tc->tail);
    rp_verdict_add(v, RP_SYM_URL_USERINFO, 1, tc->note, "%s", text);
    finish(v);
    ck_assert(rp_verdict_symbol(v, 0, NULL, &reason) != NULL);
    ck_assert_msg(strlen(reason) == tc->want + note_len, "%s: %zu bytes, want %zu",
		  tc->name, strlen(reason), tc->want + note_len);
    ck_assert_msg(strncmp(reason, text, tc->want) == 0, "%s: prefix changed", tc->name);
    ck_assert_msg(tc->note == NULL || strcmp(reason + tc->want, tc->note) == 0,
		  "%s: note \"%s\"", tc->name, reason + tc->want);
    free(text);
    rp_verdict_free(v);
}
END_TEST

/* test_urls - each URL once, in the order added, however many */
START_TEST(test_urls)
{
    rp_verdict *v = rp_verdict_new();
    char    url[64];
    int     i;

    rp_verdict_add_url(v, "https://b.example/");
    rp_verdict_add_url(v, "https://a.example/");
    rp_verdict_add_url(v, "https://b.example/");
    ck_assert_uint_eq(rp_verdict_url_count(v), 2);
    ck_assert_str_eq(rp_verdict_url(v, 0), "https://b.example/");
    ck_assert_str_eq(rp_verdict_url(v, 1), "https://a.example/");
    ck_assert(rp_verdict_url(v, 2) == NULL);
    for (i = 0; i < 600; i++) {
	snprintf(url, sizeof(url), "https://x%d.example/", i % 300);
	rp_verdict_add_url(v, url);
    }
    ck_assert_uint_eq(rp_verdict_url_count(v), 302);
    ck_assert_str_eq(rp_verdict_url(v, 301), "https://x299.example/");
    rp_verdict_free(v);
    rp_verdict_free(NULL);
}
END_TEST

typedef struct policy_case {
    const char *name;
    rp_setting settings[4];		/* over the defaults (5, 8, 15; quarantine, no reject) */
    double  score;
    rp_action want;
} policy_case;

#define REJECT_ON	{"reject", "yes"}
#define QUARANTINE_OFF	{"quarantine", "no"}

static const policy_case policy_cases[] = {
    {"negative score accepted", {{0}}, -3, RP_ACTION_ACCEPT},
    {"just below tag accepted", {{0}}, 4.99, RP_ACTION_ACCEPT},
    {"tag threshold tags", {{0}}, 5, RP_ACTION_TAG},
    {"just below quarantine tags", {{0}}, 7.99, RP_ACTION_TAG},
    {"quarantine threshold quarantines", {{0}}, 8, RP_ACTION_QUARANTINE},
    {"just below reject quarantines", {{0}}, 14.99, RP_ACTION_QUARANTINE},
    {"reject threshold, reject = no (default): quarantine", {{0}}, 15, RP_ACTION_QUARANTINE},
    {"reject threshold, reject = yes: reject", {REJECT_ON}, 15, RP_ACTION_REJECT},
    {"far above, reject = yes: reject", {REJECT_ON}, 100, RP_ACTION_REJECT},
    {"below reject, reject = yes: quarantine", {REJECT_ON}, 14.99, RP_ACTION_QUARANTINE},
    {"quarantine = no: quarantine becomes tag", {QUARANTINE_OFF}, 8, RP_ACTION_TAG},
    {"quarantine = no, reject = no: reject becomes tag", {QUARANTINE_OFF}, 15, RP_ACTION_TAG},
    {"quarantine = no, reject = yes: reject stays", {QUARANTINE_OFF, REJECT_ON}, 15,
	RP_ACTION_REJECT},
    {"quarantine = no does not touch tag", {QUARANTINE_OFF}, 5, RP_ACTION_TAG},
    {"quarantine = no does not touch accept", {QUARANTINE_OFF}, 1, RP_ACTION_ACCEPT},
    {"own thresholds: tag", {{"tag_threshold", "1"}, {"quarantine_threshold", "2"},
	{"reject_threshold", "3"}, REJECT_ON}, 1, RP_ACTION_TAG},
    {"own thresholds: quarantine", {{"tag_threshold", "1"}, {"quarantine_threshold", "2"},
	{"reject_threshold", "3"}, REJECT_ON}, 2.5, RP_ACTION_QUARANTINE},
    {"own thresholds: reject", {{"tag_threshold", "1"}, {"quarantine_threshold", "2"},
	{"reject_threshold", "3"}, REJECT_ON}, 3, RP_ACTION_REJECT},
    {"all thresholds equal: the highest wins", {{"tag_threshold", "4"},
	{"quarantine_threshold", "4"}, {"reject_threshold", "4"}, REJECT_ON}, 4, RP_ACTION_REJECT},
};

/* test_policy - the action rp_verdict_action() returns for a score */
START_TEST(test_policy)
{
    const policy_case *tc = policy_cases + _i;
    rp_config *config = make_config(tc->settings);
    rp_verdict *v = rp_verdict_new();

    rp_verdict_add(v, RP_SYM_BRAND_SPOOF, tc->score, NULL, "score %g", tc->score);
    rp_verdict_finish(v, rp_config_settings(config));
    ck_assert_msg(rp_verdict_action(v) == tc->want, "%s: %s, want %s", tc->name,
		  rp_action_name(rp_verdict_action(v)), rp_action_name(tc->want));
    rp_verdict_free(v);
    rp_config_free(config);
}
END_TEST

/* verdict_suite - all cases */
static Suite *verdict_suite(void)
{
    Suite  *s = suite_create("verdict");
    TCase  *tc = tcase_create("verdict");

    tcase_add_loop_test(tc, test_add, 0, (int) (sizeof(add_cases) / sizeof(add_cases[0])));
    tcase_add_loop_test(tc, test_cap, 0, (int) (sizeof(cap_cases) / sizeof(cap_cases[0])));
    tcase_add_test(tc, test_urls);
    tcase_add_loop_test(tc, test_policy, 0,
			(int) (sizeof(policy_cases) / sizeof(policy_cases[0])));
    suite_add_tcase(s, tc);
    return s;
}

const rp_test_program rp_test = {verdict_suite, NULL, NULL, NULL, 0};
