/*
 * NAME
 *	test-check - unit tests of the checks, on features built here
 * DESCRIPTION
 *	Each case is an rp_features written in the table (From, Reply-To,
 *	subject, text, links, a trusted Authentication-Results value, our
 *	own DKIM result), no MIME: rp_check_message() runs over it with
 *	the shipped rules and the test config, and the verdict must hold
 *	the symbols listed, each with its score (its symbols.conf weight,
 *	0, or the credit) and words of its reason, and none of those it
 *	must not.  The cases: lookalike senders, a display-name claim, link
 *	text, userinfo, the context: words never clearing lookalikes (mail
 *	about phishing, a namesake that names no brand), analyst wording
 *	cancelling lure wording only, the authentication credit from a trusted
 *	result and from our own DKIM, a pass for a lookalike, BRAND_SPOOF,
 *	a failed brand signature, a broken MIME structure.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regphish.h"
#include "rp_check.h"
#include "rp_engine.h"
#include "rp_util.h"
#include "rp_verdict.h"
#include "check_main.h"

#define MAX_LINKS 3
#define MAX_WANT 6

static rp_engine *engine;

/* setup - the shipped rules with the test config (trusts mx.example.net) */
static int setup(int argc, char **argv)
{
    (void) argc;
    (void) argv;
    if ((engine = rp_test_shipped_engine()) == NULL)
	return 1;
    return 0;
}

/* teardown - release the engine */
static void teardown(void)
{
    rp_engine_free(engine);
}

/* How a wanted symbol must score. */
typedef enum want_score {
    WEIGHED,				/* its symbols.conf weight (lure symbols: any) */
    ZERO,				/* 0: the context says it counts for nothing */
    CREDIT,				/* below 0, and the verdict's total is 0 */
    CANCEL				/* below 0, no more than the lure wording found */
} want_score;

typedef struct want_symbol {
    const char *name;
    want_score score;
    const char *reason;			/* words the reason holds */
} want_symbol;

typedef struct link_spec {
    const char *href;
    const char *text;			/* anchor text; NULL: a bare URL */
} link_spec;

typedef struct check_case {
    const char *name;
    const char *display;		/* From display name, or NULL */
    const char *from;			/* From address, or NULL */
    const char *reply_to;		/* Reply-To address, or NULL */
    const char *subject;
    const char *text;
    link_spec links[MAX_LINKS];
    const char *auth;			/* an Authentication-Results value, or NULL */
    const char *dkim;			/* ours: NULL none, "unsigned", "RESULT/DOMAIN" */
    want_symbol want[MAX_WANT];
    const char *absent;			/* symbols that must not appear */
    const char *url;			/* the first deceptive URL, or NULL: none */
} check_case;

#define TRUSTED "mx.example.net; "
#define LOOKALIKE "pypi-account-review.com"
#define PHISH "https://" LOOKALIKE "/login"

static const check_case cases[] = {
    {"lookalike From and Reply-To", NULL, "security@" LOOKALIKE, "help@" LOOKALIKE,
	"Verify your account", "Your account needs attention.", {{0}}, NULL, NULL,
	{{"LOOKALIKE_COMBOSQUAT", WEIGHED, "From security@" LOOKALIKE ": " LOOKALIKE
	  " looks like pypi.org"},
	 {"FROM_LOOKALIKE", WEIGHED, "From address security@" LOOKALIKE
	  " uses a domain that imitates PyPI (and 1 more)"}},
	"LINK_LOOKALIKE", NULL},
    {"display name claims a brand", "PyPI Security Team", "alerts@notice-center.example", NULL,
	"Action needed", "hello", {{0}}, NULL, NULL,
	{{"DISPLAY_NAME_BRAND", WEIGHED, "display name \"PyPI Security Team\" claims PyPI, "
	  "but the address alerts@notice-center.example is not one of PyPI's"}},
	"FROM_LOOKALIKE", NULL},
    {"subject copies a brand template", NULL, "no-reply@mailer.example", NULL,
	"[PyPI] Email verification", "hello", {{0}}, NULL, NULL,
	{{"SUBJECT_BRAND_TEMPLATE", WEIGHED, "copies PyPI's own template, but the sender "
	  "mailer.example is not PyPI"}}, "", NULL},
    {"homoglyph display name and subject (a Cyrillic i, a Greek capital iota)",
	"G\xd1\x96tHub Security", "security@account-notice.example", NULL,
	"[PyP\xce\x99] Verify your account", "hello", {{0}}, NULL, NULL,
	{{"DISPLAY_NAME_BRAND", WEIGHED, "claims GitHub, but the address"},
	 {"SUBJECT_BRAND_TEMPLATE", WEIGHED, "copies PyPI's own template"},
	 {"CONFUSABLE_NAME", WEIGHED, "display name \"G\xd1\x96tHub Security\" writes GitHub's "
	  "name with look-alike letters"}}, "", NULL},
    {"diacritics in a subject template (PyPÍ)", NULL, "no-reply@mailer.example", NULL,
	"[PyP\xc3\x8d] Email verification", "hello", {{0}}, NULL, NULL,
	{{"SUBJECT_BRAND_TEMPLATE", WEIGHED, "copies PyPI's own template"},
	 {"CONFUSABLE_NAME", WEIGHED, "subject \"[PyP\xc3\x8d] Email verification\" writes "
	  "PyPI's name"}}, "", NULL},
    {"a display name in another script that spells no brand claims nothing",
	"\xd0\x98\xd0\xb2\xd0\xb0\xd0\xbd \xd0\x9f\xd0\xb5\xd1\x82\xd1\x80\xd0\xbe\xd0\xb2",
	"ivan@mail.example", NULL, "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82", "hello",
	{{0}}, NULL, NULL, {{0}}, "DISPLAY_NAME_BRAND SUBJECT_BRAND_TEMPLATE CONFUSABLE_NAME",
	NULL},
    {"link text shows a brand, the link goes elsewhere", NULL, "someone@sender.example", NULL,
	"hello", "see below",
	{{"https://collect.example/login", "https://pypi.org/account/login/"},
	 {"https://c.example/a", "example.org"}}, NULL, NULL,
	{{"LINK_TEXT_BRAND_MISMATCH", WEIGHED, "link text shows pypi.org (PyPI), but the link "
	  "goes to collect.example"},
	 {"LINK_TEXT_MISMATCH", WEIGHED,
	  "link text shows example.org, the link goes to c.example"}},
	"", "https://collect.example/login"},
    {"a Cyrillic letter inside a lure word is still the lure", NULL, "a@sender.example", NULL,
	"Please v\xd0\xb5" "rify your \xd0\xb0" "ccount", "Your 2F\xd0\x90 must be updated.",
	{{0}}, NULL, NULL,
	{{"LURE_VERIFY", WEIGHED, "verify your account"},
	 {"LURE_2FA", WEIGHED, "2fa must be updated"}}, "", NULL},
    {"a display name written backwards under a right-to-left override still claims",
	"\xe2\x80\xae" "buHtiG\xe2\x80\xac", "alerts@notice-center.example", NULL,
	"Action needed", "hello", {{0}}, NULL, NULL,
	{{"DISPLAY_NAME_BRAND", WEIGHED, "claims GitHub"},
	 {"BIDI_OVERRIDE", WEIGHED, "reorder what the reader sees"}}, "", NULL},
    {"zero-width characters in link text still show the brand", NULL, "someone@sender.example",
	NULL, "hello", "see below",
	{{"https://collect.example/login", "https://www.npm\xe2\x80\x8bjs.com/lo\xc2\xadgin"}},
	NULL, NULL,
	{{"LINK_TEXT_BRAND_MISMATCH", WEIGHED, "link text shows www.npmjs.com (npm), but the link "
	  "goes to collect.example"}}, "", "https://collect.example/login"},
    {"link text through the sender's own redirector", NULL, "news@letters.example", NULL,
	"issue 12", "news", {{"https://click.letters.example/r/1", "https://pypi.org/project/x/"}},
	NULL, NULL,
	{{"LINK_TEXT_MISMATCH", WEIGHED, "(the sender's own domain)"}},
	"LINK_TEXT_BRAND_MISMATCH", NULL},
    {"userinfo shows a brand, or hides the host", NULL, "a@b.example", NULL, "x", "x",
	{{"https://pypi.org@collect.example/login", NULL}, {"https://user@c.example/", NULL}},
	NULL, NULL,
	{{"URL_USERINFO_BRAND", WEIGHED, "shows pypi.org before '@', but its host is "
	  "collect.example"},
	 {"URL_USERINFO", WEIGHED, "carries user information before its host c.example"}},
	"", "https://pypi.org@collect.example/login"},
    {"analyst wording never clears the lookalikes a message links", "Research",
	"r@scanner.example", NULL, "notes", "Indicators of compromise: " PHISH, {{PHISH, NULL}},
	NULL, NULL,
	{{"LOOKALIKE_COMBOSQUAT", WEIGHED, "pypi.org: the brand name 'pypi' combined with other "
	  "words"},
	 {"LINK_LOOKALIKE", WEIGHED, "a link goes to " LOOKALIKE ", which imitates PyPI"},
	 {"ABOUT_PHISHING", ZERO, "text says"}}, "", PHISH},
    {"analyst wording cancels lure wording, and only that", NULL, "r@scanner.example", NULL,
	"notes", "Threat actors wrote: verify your account within 24 hours at " PHISH,
	{{PHISH, NULL}}, NULL, NULL,
	{{"LINK_LOOKALIKE", WEIGHED, "which imitates PyPI"},
	 {"LOOKALIKE_COMBOSQUAT", WEIGHED, "combined with other words"},
	 {"ABOUT_PHISHING", CANCEL, "(discussing phishing cancels lure wording only)"}},
	"", PHISH},
    {"mail about phishing that poses as the brand keeps its lookalikes", "PyPI",
	"r@scanner.example", NULL, "notes", "Indicators of compromise: " PHISH, {{PHISH, NULL}},
	NULL, NULL,
	{{"LOOKALIKE_COMBOSQUAT", WEIGHED, "combined with other words"},
	 {"LINK_LOOKALIKE", WEIGHED, "which imitates PyPI"},
	 {"DISPLAY_NAME_BRAND", WEIGHED, "claims PyPI"}}, "", PHISH},
    {"mail about phishing from a lookalike sender keeps its lookalikes", NULL,
	"r@" LOOKALIKE, NULL, "notes", "Indicators of compromise: " PHISH, {{PHISH, NULL}},
	NULL, NULL,
	{{"LINK_LOOKALIKE", WEIGHED, "which imitates PyPI"},
	 {"FROM_LOOKALIKE", WEIGHED, "imitates PyPI"}}, "", PHISH},
    /* (a lookalike of an ordinary word is a weak hint: test-brands-context) */
    {"a lookalike sender that names no brand and asks nothing still counts", "Review Diner",
	"orders@" LOOKALIKE, NULL, "Your order has shipped",
	"Thanks for shopping with us. Track your parcel.",
	{{"https://" LOOKALIKE "/track/123", NULL}}, NULL, NULL,
	{{"LOOKALIKE_COMBOSQUAT", WEIGHED, "combined with other words (and 1 more)"},
	 {"FROM_LOOKALIKE", WEIGHED, "uses a domain that imitates PyPI"},
	 {"LINK_LOOKALIKE", WEIGHED, "a link goes to " LOOKALIKE ", which imitates PyPI"}},
	"", "https://" LOOKALIKE "/track/123"},
    {"analyst wording and no brand named together clear nothing", "Research",
	"r@scanner.example", NULL, "notes", "threat actors used pypj.org",
	{{"https://pypj.org/x", NULL}}, NULL, NULL,
	{{"LINK_LOOKALIKE", WEIGHED, "imitates PyPI"},
	 {"LOOKALIKE_VISUAL", WEIGHED, "looks like pypi.org"}}, "", "https://pypj.org/x"},
    {"a trusted DKIM pass credits brand claims and lures", "PyPI", "noreply@pypi.org", NULL,
	"hello", "Please verify your email address.", {{0}}, TRUSTED "dkim=pass header.d=pypi.org",
	NULL,
	{{"BRAND_AUTH_ALIGNED", CREDIT, "dkim=pass for pypi.org (trusted Authentication-Results), "
	  "a domain PyPI sends from: clears brand claims and lure wording"}},
	"BRAND_SPOOF", NULL},
    {"our own DKIM pass credits too", "PyPI", "noreply@pypi.org", NULL, "hello",
	"Please verify your email address.", {{0}}, NULL, "pass/pypi.org",
	{{"BRAND_AUTH_ALIGNED", CREDIT, "dkim=pass for pypi.org (verified here)"}},
	"BRAND_SPOOF", NULL},
    {"a deceptive link keeps the wording", "PyPI", "noreply@pypi.org", NULL, "hello",
	"Please verify your email address.", {{PHISH, NULL}},
	TRUSTED "dmarc=pass header.from=pypi.org", NULL,
	{{"BRAND_AUTH_ALIGNED", ZERO, "dmarc=pass for pypi.org (trusted Authentication-Results), "
	  "a domain PyPI sends from: but deceptive links keep its wording suspect"},
	 {"LINK_LOOKALIKE", WEIGHED, "imitates PyPI"}}, "BRAND_SPOOF", PHISH},
    {"an untrusted pass decides nothing", "PyPI", "noreply@pypi.org", NULL, "hello", "hello",
	{{0}}, "attacker.example; dkim=pass header.d=pypi.org", NULL,
	{{0}}, "BRAND_AUTH_ALIGNED BRAND_SPOOF", NULL},
    {"a pass for a lookalike proves ownership", NULL, "a@" LOOKALIKE, NULL,
	"Verify your account", "hello", {{0}}, TRUSTED "dkim=pass header.d=" LOOKALIKE, NULL,
	{{"AUTH_PASS_LOOKALIKE", WEIGHED, "dkim=pass for " LOOKALIKE
	  " proves only that the sender owns this lookalike"}},
	"BRAND_AUTH_ALIGNED", NULL},
    {"a brand From without a trusted pass is a spoof", "PyPI", "noreply@pypi.org", NULL,
	"Verify your email", "hello", {{0}}, TRUSTED "dkim=fail header.d=pypi.org", NULL,
	{{"BRAND_SPOOF", WEIGHED, "From is pypi.org (PyPI), but no trusted DKIM or DMARC pass "
	  "for a domain PyPI owns or sends from"}}, "BRAND_AUTH_ALIGNED", NULL},
    {"unsigned brand From under our own verification", "PyPI", "noreply@pypi.org", NULL,
	"hello", "hello", {{0}}, NULL, "unsigned",
	{{"BRAND_SPOOF", WEIGHED, "sends from; DKIM here: no signature"}}, "", NULL},
    {"a failed brand signature is reported", "PyPI", "noreply@pypi.org", NULL, "hello",
	"hello", {{0}}, NULL, "fail/pypi.org",
	{{"DKIM_FAIL_BRAND", WEIGHED, "DKIM signature of pypi.org (PyPI, s=s1): dkim=fail"},
	 {"BRAND_SPOOF", WEIGHED, "DKIM here: dkim=fail for pypi.org"}}, "", NULL},
    {"a key we could not fetch for the brand does not cancel the spoof", "PyPI",
	"noreply@pypi.org", NULL, "hello", "hello", {{0}}, NULL, "temperror/pypi.org",
	{{"BRAND_SPOOF", WEIGHED, "DKIM here: dkim=temperror for pypi.org (key not fetched"}},
	"BRAND_AUTH_ALIGNED", NULL},
};

/* set_dkim - our own verification as spec says; NULL when there is none */
static const rp_dkim_report *set_dkim(const char *spec, rp_dkim_report *r)
{
    const char *slash;

    if (spec == NULL)
	return NULL;
    memset(r, 0, sizeof(*r));
    if (strcmp(spec, "unsigned") == 0) {
	r->state = RP_DKIM_UNSIGNED;
	return r;
    }
    slash = strchr(spec, '/');
    ck_assert(slash != NULL);
    r->state = RP_DKIM_SIGNED;
    r->n = 1;
    snprintf(r->sig[0].auth.method, sizeof(r->sig[0].auth.method), "dkim");
    snprintf(r->sig[0].auth.result, sizeof(r->sig[0].auth.result), "%.*s",
	     (int) (slash - spec), spec);
    snprintf(r->sig[0].auth.domain, sizeof(r->sig[0].auth.domain), "%s", slash + 1);
    snprintf(r->sig[0].selector, sizeof(r->sig[0].selector), "s1");
    return r;
}

/* run_case - the case's features through the checks, finished */
static rp_verdict *run_case(const check_case *tc)
{
    rp_verdict *v = rp_verdict_new();
    rp_dkim_report dkim;
    rp_features f;
    size_t  i;

    rp_features_init(&f);
    if (tc->from != NULL)
	rp_features_add_address(&f, RP_ADDR_FROM, tc->display, tc->from);
    if (tc->reply_to != NULL)
	rp_features_add_address(&f, RP_ADDR_REPLY_TO, NULL, tc->reply_to);
    f.subject = rp_strdup(tc->subject);
    rp_buf_puts(&f.text, tc->text);
    for (i = 0; i < MAX_LINKS && tc->links[i].href != NULL; i++)
	rp_features_add_link(&f, NULL, tc->links[i].href, tc->links[i].text,
			     tc->links[i].text ? RP_LINK_HTML : RP_LINK_TEXT);
    if (tc->auth != NULL)
	rp_features_add_auth(&f, tc->auth);
    rp_check_message(engine, &f, set_dkim(tc->dkim, &dkim), NULL, v);
    rp_features_free(&f);
    rp_verdict_finish(v, engine->settings);
    return v;
}

/* find - the index of symbol name in v, or -1 */
static int find(const rp_verdict *v, const char *name)
{
    size_t  i;

    for (i = 0; i < rp_verdict_count(v); i++)
	if (strcmp(rp_verdict_symbol(v, i, NULL, NULL), name) == 0)
	    return (int) i;
    return -1;
}

/* wording - the positive score of a verdict's lure symbols */
static double wording(const rp_verdict *v)
{
    const char *name;
    double  score, sum = 0;
    size_t  i;

    for (i = 0; i < rp_verdict_count(v); i++) {
	name = rp_verdict_symbol(v, i, &score, NULL);
	if (rp_symbol_kind_of(rp_symbol_lookup(name, strlen(name))) == RP_SYMBOL_LURE
	    && score > 0)
	    sum += score;
    }
    return sum;
}

/* check_want - one wanted symbol: present, scored, its reason */
static void check_want(const check_case *tc, const rp_verdict *v, const want_symbol *w)
{
    rp_symbol sym = rp_symbol_lookup(w->name, strlen(w->name));
    double  weight = rp_weights_get(engine->weights, sym);
    int     at = find(v, w->name);
    const char *reason;
    double  score;

    ck_assert_msg(at >= 0, "%s: %s missing", tc->name, w->name);
    rp_verdict_symbol(v, (size_t) at, &score, &reason);
    ck_assert_msg(strstr(reason, w->reason) != NULL, "%s: %s reason \"%s\" lacks \"%s\"",
		  tc->name, w->name, reason, w->reason);
    if (w->score == WEIGHED && rp_symbol_kind_of(sym) == RP_SYMBOL_CODE)
	ck_assert_msg(score == weight, "%s: %s scores %g, weighs %g", tc->name, w->name,
		      score, weight);
    else if (w->score == ZERO)
	ck_assert_msg(score == 0, "%s: %s scores %g, want 0", tc->name, w->name, score);
    else if (w->score == CANCEL)
	ck_assert_msg(score < 0 && -score <= wording(v),
		      "%s: %s scores %g, lure wording %g: want a cancel within it",
		      tc->name, w->name, score, wording(v));
    else if (w->score == CREDIT)
	ck_assert_msg(score < 0 && score >= weight && rp_verdict_score(v) == 0,
		      "%s: %s scores %g (weight %g), total %g, want a credit clearing all",
		      tc->name, w->name, score, weight, rp_verdict_score(v));
}

/* test_case - one table case */
START_TEST(test_case)
{
    const check_case *tc = cases + _i;
    rp_verdict *v = run_case(tc);
    char   *absent = rp_strdup(tc->absent), *tok, *save;
    size_t  i;

    for (i = 0; i < MAX_WANT && tc->want[i].name != NULL; i++)
	check_want(tc, v, tc->want + i);
    for (tok = strtok_r(absent, " ", &save); tok; tok = strtok_r(NULL, " ", &save))
	ck_assert_msg(find(v, tok) < 0, "%s: %s present", tc->name, tok);
    if (tc->url == NULL)
	ck_assert_msg(rp_verdict_url_count(v) == 0, "%s: %zu deceptive URLs, want none",
		      tc->name, rp_verdict_url_count(v));
    else
	ck_assert_msg(rp_verdict_url_count(v) > 0 && strcmp(rp_verdict_url(v, 0), tc->url) == 0,
		      "%s: first deceptive URL %s, want %s", tc->name,
		      rp_verdict_url_count(v) ? rp_verdict_url(v, 0) : "(none)", tc->url);
    free(absent);
    rp_verdict_free(v);
}
END_TEST

/* test_structure - incomplete parsing is said */
START_TEST(test_structure)
{
    rp_verdict *v = rp_verdict_new();
    const char *reason;
    rp_features f;

    rp_features_init(&f);
    f.flags = RP_MSG_MIME_BROKEN | RP_MSG_TOO_DEEP | RP_MSG_TEXT_TRUNCATED;
    rp_check_message(engine, &f, NULL, NULL, v);
    rp_features_free(&f);
    rp_verdict_finish(v, engine->settings);
    ck_assert_int_ge(find(v, "MIME_BROKEN"), 0);
    ck_assert_int_ge(find(v, "MIME_LIMIT"), 0);
    rp_verdict_symbol(v, (size_t) find(v, "MIME_LIMIT"), NULL, &reason);
    ck_assert_str_eq(reason, "analysis met a limit: nesting depth text size");
    ck_assert_uint_eq(rp_verdict_count(v), 2);
    rp_verdict_free(v);
}
END_TEST

/* scored - f through the checks, finished; f is released */
static rp_verdict *scored(rp_features *f)
{
    rp_verdict *v = rp_verdict_new();

    rp_check_message(engine, f, NULL, NULL, v);
    rp_features_free(f);
    rp_verdict_finish(v, engine->settings);
    return v;
}

/* score_of - the score of symbol name in v (it must be there) */
static double score_of(const rp_verdict *v, const char *name)
{
    double  score;
    int     at = find(v, name);

    ck_assert_msg(at >= 0, "%s missing", name);
    rp_verdict_symbol(v, (size_t) at, &score, NULL);
    return score;
}

/* test_limit_with_brand_signal_is_tagged - a limit hides what follows: at least a tag */
START_TEST(test_limit_with_brand_signal_is_tagged)
{
    const char *reason;
    rp_verdict *v;
    rp_features f;

    rp_features_init(&f);
    f.flags = RP_MSG_TOO_MANY_PARTS;
    f.subject = rp_strdup("Your PyPI account");
    rp_features_add_address(&f, RP_ADDR_FROM, NULL, "a@sender.example");
    v = scored(&f);
    ck_assert_int_ge(rp_verdict_action(v), RP_ACTION_TAG);
    rp_verdict_symbol(v, (size_t) find(v, "MIME_LIMIT"), NULL, &reason);
    ck_assert_ptr_nonnull(strstr(reason, "at least tagged"));
    rp_verdict_free(v);
}
END_TEST

/* test_limit_without_brand_signal_weighs_its_weight - no brand, no floor */
START_TEST(test_limit_without_brand_signal_weighs_its_weight)
{
    rp_verdict *v;
    rp_features f;

    rp_features_init(&f);
    f.flags = RP_MSG_TOO_MANY_PARTS;
    f.subject = rp_strdup("Minutes of the meeting");
    rp_features_add_address(&f, RP_ADDR_FROM, NULL, "a@sender.example");
    v = scored(&f);
    ck_assert(score_of(v, "MIME_LIMIT")
	      == rp_weights_get(engine->weights, RP_SYM_MIME_LIMIT));
    ck_assert_int_eq(rp_verdict_action(v), RP_ACTION_ACCEPT);
    rp_verdict_free(v);
}
END_TEST

/* test_hidden_analyst_wording_is_a_hidden_lure - filter bait nobody reads */
START_TEST(test_hidden_analyst_wording_is_a_hidden_lure)
{
    rp_verdict *v;
    rp_features f;

    rp_features_init(&f);
    rp_features_add_address(&f, RP_ADDR_FROM, NULL, "a@sender.example");
    rp_buf_puts(&f.text, "Please verify your account within 24 hours.");
    rp_buf_puts(&f.hidden, "Threat actors sent phishing emails; indicators of compromise.");
    f.flags = RP_MSG_HIDDEN_TEXT;
    v = scored(&f);
    ck_assert(score_of(v, "HIDDEN_LURE") > 0);
    ck_assert_int_lt(find(v, "ABOUT_PHISHING"), 0);
    rp_verdict_free(v);
}
END_TEST

/* test_hidden_text_that_repeats_the_shown_is_no_lure - a preheader */
START_TEST(test_hidden_text_that_repeats_the_shown_is_no_lure)
{
    rp_verdict *v;
    rp_features f;

    rp_features_init(&f);
    rp_features_add_address(&f, RP_ADDR_FROM, NULL, "a@sender.example");
    rp_buf_puts(&f.text, "Please verify your email address.");
    rp_buf_puts(&f.hidden, "Please verify your email address.");
    f.flags = RP_MSG_HIDDEN_TEXT;
    v = scored(&f);
    ck_assert_int_lt(find(v, "HIDDEN_LURE"), 0);
    rp_verdict_free(v);
}
END_TEST

/* test_plain_text_decoy_is_an_alt_mismatch - the unseen part discusses, the shown asks */
START_TEST(test_plain_text_decoy_is_an_alt_mismatch)
{
    rp_verdict *v;
    rp_features f;

    rp_features_init(&f);
    rp_features_add_address(&f, RP_ADDR_FROM, NULL, "a@sender.example");
    rp_buf_puts(&f.text, "Your account will be suspended. Verify your account now.");
    rp_buf_puts(&f.unseen, "Threat actors sent phishing emails to maintainers.");
    f.flags = RP_MSG_ALT_UNSEEN;
    v = scored(&f);
    ck_assert(score_of(v, "ALT_MISMATCH") > 0);
    ck_assert_int_lt(find(v, "ABOUT_PHISHING"), 0);
    rp_verdict_free(v);
}
END_TEST

/* test_agreeing_alternatives_match - the same words in both: no mismatch */
START_TEST(test_agreeing_alternatives_match)
{
    rp_verdict *v;
    rp_features f;

    rp_features_init(&f);
    rp_features_add_address(&f, RP_ADDR_FROM, NULL, "a@sender.example");
    rp_buf_puts(&f.text, "Please verify your email address.");
    rp_buf_puts(&f.unseen, "Please verify your email address.");
    f.flags = RP_MSG_ALT_UNSEEN;
    v = scored(&f);
    ck_assert_int_lt(find(v, "ALT_MISMATCH"), 0);
    rp_verdict_free(v);
}
END_TEST

/* test_bidi_override_is_reported - the parser's flag becomes a symbol */
START_TEST(test_bidi_override_is_reported)
{
    rp_verdict *v;
    rp_features f;

    rp_features_init(&f);
    rp_features_add_address(&f, RP_ADDR_FROM, NULL, "a@sender.example");
    f.flags = RP_MSG_BIDI_OVERRIDE;
    v = scored(&f);
    ck_assert(score_of(v, "BIDI_OVERRIDE") > 0);
    rp_verdict_free(v);
}
END_TEST

/* check_suite - all cases */
static Suite *check_suite(void)
{
    Suite  *s = suite_create("check");
    TCase  *tc = tcase_create("check");

    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, test_case, 0, (int) (sizeof(cases) / sizeof(cases[0])));
    tcase_add_test(tc, test_structure);
    tcase_add_test(tc, test_limit_with_brand_signal_is_tagged);
    tcase_add_test(tc, test_limit_without_brand_signal_weighs_its_weight);
    tcase_add_test(tc, test_hidden_analyst_wording_is_a_hidden_lure);
    tcase_add_test(tc, test_hidden_text_that_repeats_the_shown_is_no_lure);
    tcase_add_test(tc, test_plain_text_decoy_is_an_alt_mismatch);
    tcase_add_test(tc, test_agreeing_alternatives_match);
    tcase_add_test(tc, test_bidi_override_is_reported);
    suite_add_tcase(s, tc);
    return s;
}

const rp_test_program rp_test = {check_suite, setup, teardown, NULL, 0};
