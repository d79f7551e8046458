/*
 * NAME
 *	test-engine - unit tests of the whole engine: message in, verdict out
 * DESCRIPTION
 *	Each case is a small message written here (not from the corpus)
 *	that exercises one message-level technique, with the symbols that
 *	must and must not appear and the action it must get.  Further tests:
 *	every symbol the engine emits over the sample corpus has a weight;
 *	scanning from several threads at once gives the same verdicts as
 *	scanning alone; degenerate input still gets a verdict.
 */
#include "config.h"

#include <check.h>
#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regphish.h"
#include "rp_engine.h"
#include "rp_util.h"
#include "check_main.h"

#define TRUSTED_AR "Authentication-Results: mx.example.net; "

typedef struct engine_case {
    const char *name;
    const char *message;
    const char *want;			/* symbols that must appear, space separated */
    const char *reject;			/* symbols that must not appear */
    int     min_action, max_action;	/* rp_action bounds */
} engine_case;

static const engine_case cases[] = {
    {"display name claims a brand",
	"From: PyPI Security Team <alerts@notice-center.example>\r\n"
	"Subject: Action needed on your account\r\n\r\n"
	"Your account will be suspended within 24 hours unless you verify your email.\r\n"
	"https://notice-center.example/a\r\n",
	"DISPLAY_NAME_BRAND", "", RP_ACTION_TAG, RP_ACTION_REJECT},
    {"subject copies a brand template",
	"From: Accounts <no-reply@mailer.example>\r\n"
	"Subject: [PyPI] Email verification\r\n\r\nPlease verify.\r\n",
	"SUBJECT_BRAND_TEMPLATE", "", RP_ACTION_ACCEPT, RP_ACTION_REJECT},
    {"link text shows a brand domain, href elsewhere",
	"From: someone@sender.example\r\nSubject: hello\r\n"
	"Content-Type: text/html\r\n\r\n"
	"<p><a href=\"https://collect.example/login\">https://pypi.org/account/login/</a></p>\r\n",
	"LINK_TEXT_BRAND_MISMATCH", "LINK_TEXT_MISMATCH", RP_ACTION_ACCEPT, RP_ACTION_REJECT},
    {"link through the sender's own redirector",
	"From: Weekly <news@letters.example>\r\nSubject: issue 12\r\n"
	"Content-Type: text/html\r\n\r\n"
	"<p><a href=\"https://click.letters.example/r/1\">https://pypi.org/project/x/</a></p>\r\n",
	"LINK_TEXT_MISMATCH", "LINK_TEXT_BRAND_MISMATCH", RP_ACTION_ACCEPT, RP_ACTION_ACCEPT},
    {"link through an email service's click tracker",
	"From: Weekly <news@letters.example>\r\nSubject: issue 12\r\n"
	"Content-Type: text/html\r\n\r\n"
	"<p><a href=\"https://u123.ct.sendgrid.net/ls/click?upn=abc\">https://pypi.org/project/x/</a></p>\r\n",
	"LINK_TEXT_MISMATCH", "LINK_TEXT_BRAND_MISMATCH", RP_ACTION_ACCEPT, RP_ACTION_ACCEPT},
    {"link protection wrapping a lookalike is unwrapped",
	"From: a@b.example\r\nSubject: x\r\nContent-Type: text/html\r\n\r\n"
	"<a href=\"https://eur01.safelinks.protection.outlook.com/?url=https%3A%2F%2Fpypi-account-check.com%2Flogin&amp;data=1\">log in</a>\r\n",
	"LOOKALIKE_COMBOSQUAT LINK_LOOKALIKE", "", RP_ACTION_ACCEPT, RP_ACTION_REJECT},
    {"link text that only looks like a name is not a domain",
	"From: a@b.example\r\nSubject: x\r\nContent-Type: text/html\r\n\r\n"
	"<a href=\"https://files.b.example/d/1\">invoice.pdf</a>\r\n",
	"", "LINK_TEXT_MISMATCH LINK_TEXT_BRAND_MISMATCH", RP_ACTION_ACCEPT, RP_ACTION_ACCEPT},
    {"brand domain as userinfo",
	"From: a@b.example\r\nSubject: x\r\n\r\nGo to https://pypi.org@collect.example/login now\r\n",
	"URL_USERINFO_BRAND", "", RP_ACTION_ACCEPT, RP_ACTION_REJECT},
    {"IP literal in decimal notation",
	"From: a@b.example\r\nSubject: x\r\nContent-Type: text/html\r\n\r\n"
	"<a href=\"http://3232235777/login\">sign in</a>\r\n",
	"URL_IP_LITERAL", "", RP_ACTION_ACCEPT, RP_ACTION_REJECT},
    {"OAuth consent with foreign redirect and dangerous scope",
	"From: a@b.example\r\nSubject: x\r\n\r\n"
	"https://github.com/login/oauth/authorize?client_id=1&scope=repo%20delete_repo"
	"&redirect_uri=https%3A%2F%2Fcollect.example%2Fcb\r\n",
	"OAUTH_FOREIGN_REDIRECT OAUTH_DANGEROUS_SCOPE", "", RP_ACTION_ACCEPT, RP_ACTION_REJECT},
    {"forged brand From without a trusted pass",
	"From: PyPI <noreply@pypi.org>\r\n" TRUSTED_AR "dkim=fail header.d=pypi.org; dmarc=fail header.from=pypi.org\r\n"
	"Subject: Verify your email\r\n\r\nVerify your email address within 24 hours.\r\n",
	"BRAND_SPOOF", "BRAND_AUTH_ALIGNED", RP_ACTION_TAG, RP_ACTION_REJECT},
    {"genuine urgent brand mail with an aligned pass",
	"From: PyPI <noreply@pypi.org>\r\n" TRUSTED_AR "dkim=pass header.d=pypi.org; dmarc=pass header.from=pypi.org\r\n"
	"Subject: [PyPI] Email verification\r\n\r\n"
	"Verify your email address within 24 hours or your account will be locked: https://pypi.org/account/verify-email/?token=1\r\n",
	"BRAND_AUTH_ALIGNED", "BRAND_SPOOF SUBJECT_BRAND_TEMPLATE", RP_ACTION_ACCEPT, RP_ACTION_ACCEPT},
    {"a pass from an untrusted authserv-id is ignored",
	"From: PyPI <noreply@pypi.org>\r\n"
	"Authentication-Results: attacker.example; dkim=pass header.d=pypi.org; dmarc=pass header.from=pypi.org\r\n"
	"Subject: hello\r\n\r\nhi\r\n",
	"", "BRAND_AUTH_ALIGNED", RP_ACTION_ACCEPT, RP_ACTION_ACCEPT},
    {"lure wording alone stays below the tag threshold",
	"From: Ops <ops@unrelated.example>\r\nSubject: Urgent: verify your account now\r\n\r\n"
	"Your account will be suspended in 24 hours. Verify your email and reset your "
	"two-factor authentication. Sign in to confirm your password immediately.\r\n",
	"", "", RP_ACTION_ACCEPT, RP_ACTION_ACCEPT},
    {"an advisory that links a live lookalike is tagged: words never clear a link",
	"From: Research <research@scanner.example>\r\n"
	"Subject: Phishing campaign targets registry maintainers\r\n\r\n"
	"We are tracking a phishing campaign: mails demand a 2FA update and link to\r\n"
	"https://pypi-account-review.com/login. Indicators of compromise: pypi-account-review.com\r\n",
	"ABOUT_PHISHING LINK_LOOKALIKE", "", RP_ACTION_TAG, RP_ACTION_TAG},
    {"a lure that poses as the brand keeps its lookalike evidence despite analyst words",
	"From: PyPI Security <security@pypi-account-review.com>\r\n"
	"Subject: Phishing campaign targets your account\r\n\r\n"
	"Indicators of compromise were found on your account. Update your 2FA within 24 hours:\r\n"
	"https://pypi-account-review.com/login\r\n",
	"ABOUT_PHISHING FROM_LOOKALIKE DISPLAY_NAME_BRAND", "", RP_ACTION_QUARANTINE, RP_ACTION_REJECT},
    /* An unrelated business named by an ordinary word near a brand: at
     * most a weak hint unless the message claims the brand or a lure asks
     * (issue 12; test-brands-context has the attacks beside it). */
    {"an ordinary-word business near a brand, naming no brand and asking nothing",
	"From: Nugget Diner <orders@nugget.com>\r\nSubject: Your order has shipped\r\n\r\n"
	"Thanks for shopping with us. Track your parcel at https://nugget.com/track/123\r\n",
	"", "", RP_ACTION_ACCEPT, RP_ACTION_ACCEPT},
    {"a lookalike that is no ordinary word is judged whatever the text says",
	"From: Review Diner <orders@pypi-account-review.com>\r\n"
	"Subject: Your order has shipped\r\n\r\n"
	"Thanks for shopping with us. Track your parcel at https://pypi-account-review.com/t/1\r\n",
	"LOOKALIKE_COMBOSQUAT FROM_LOOKALIKE", "", RP_ACTION_TAG, RP_ACTION_REJECT},
    {"a foundation's self-hosted GitLab",
	"From: GitLab <gitlab@gitlab.example-foundation.org>\r\n"
	"Subject: Password changed\r\nContent-Type: text/html\r\n\r\n"
	"<p>The password of your account was changed. If this was not you, reset it now:\r\n"
	"<a href=\"https://gitlab.example-foundation.org/users/password/new\">reset your password</a></p>\r\n",
	"", "LOOKALIKE_BRAND_HOST FROM_LOOKALIKE LINK_LOOKALIKE DISPLAY_NAME_BRAND",
	RP_ACTION_ACCEPT, RP_ACTION_ACCEPT},
    {"the brand's name in front of a stranger's domain",
	"From: GitLab <noreply@notify-center.example.com>\r\n"
	"Subject: Password changed\r\nContent-Type: text/html\r\n\r\n"
	"<p>Your password was changed. If this was not you, sign in to secure your account:\r\n"
	"<a href=\"https://gitlab.secure-session.net/users/sign_in\">sign in</a></p>\r\n",
	"LOOKALIKE_BRAND_HOST LINK_LOOKALIKE DISPLAY_NAME_BRAND", "", RP_ACTION_TAG,
	RP_ACTION_REJECT},
    {"plain ham",
	"From: Alice <alice@example.org>\r\nSubject: lunch?\r\n\r\nSee you at noon.\r\n",
	"", "", RP_ACTION_ACCEPT, RP_ACTION_ACCEPT},
    {"empty message", "", "", "", RP_ACTION_ACCEPT, RP_ACTION_ACCEPT},
};

/* has_each - every space-separated symbol of list is (or is not) present */
static void check_symbols(const engine_case *tc, const rp_verdict *v, const char *list,
			          int want)
{
    char   *copy = rp_strdup(list), *tok, *save;
    size_t  i;
    int     found;

    for (tok = strtok_r(copy, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
	found = 0;
	for (i = 0; i < rp_verdict_count(v); i++)
	    if (strcmp(rp_verdict_symbol(v, i, NULL, NULL), tok) == 0)
		found = 1;
	ck_assert_msg(found == want, "%s: symbol %s %s", tc->name, tok,
		      want ? "missing" : "present");
    }
    free(copy);
}

START_TEST(test_cases)
{
    const engine_case *tc = cases + _i;
    rp_verdict *v;
    rp_action a;

    ck_assert_int_eq(rp_scan(rp_test_engine, tc->message, strlen(tc->message), NULL, &v), RP_OK);
    check_symbols(tc, v, tc->want, 1);
    check_symbols(tc, v, tc->reject, 0);
    a = rp_verdict_action(v);
    ck_assert_msg(a >= (rp_action) tc->min_action && a <= (rp_action) tc->max_action,
		  "%s: action %s, score %.2f", tc->name, rp_action_name(a), rp_verdict_score(v));
    rp_verdict_free(v);
}
END_TEST

/* Weights come from symbols.conf: the verdict's score for a code symbol is its weight. */
START_TEST(test_weights_from_rules)
{
    const char *msg = "From: a@b.example\r\nSubject: x\r\n\r\nhttp://192.0.2.1/x\r\n";
    rp_verdict *v;
    double  score = -1;
    size_t  i;

    ck_assert_int_eq(rp_scan(rp_test_engine, msg, strlen(msg), NULL, &v), RP_OK);
    for (i = 0; i < rp_verdict_count(v); i++)
	if (strcmp(rp_verdict_symbol(v, i, &score, NULL), "URL_IP_LITERAL") == 0)
	    break;
    ck_assert_msg(i < rp_verdict_count(v), "URL_IP_LITERAL missing");
    ck_assert(score == rp_weights_get(rp_test_engine->weights, RP_SYM_URL_IP_LITERAL));
    ck_assert(score != 0);
    rp_verdict_free(v);
}
END_TEST

/* scan_file - verdict of one file, or NULL */
static rp_verdict *scan_file(const char *path)
{
    char   *data;
    size_t  len;
    rp_verdict *v = NULL;

    if (rp_read_file(path, &data, &len) != RP_OK)
	return NULL;
    if (rp_scan(rp_test_engine, data, len, NULL, &v) != RP_OK)
	v = NULL;
    free(data);
    return v;
}

/* corpus_files - paths of the sample corpus, NULL-terminated */
static char **corpus_files(size_t *count)
{
    static const char *const dirs[] = {RP_TEST_DATA_DIR "/corpus/phish",
	RP_TEST_DATA_DIR "/corpus/ham", RP_TEST_DATA_DIR "/campaigns"};
    char  **files = NULL;
    size_t  n = 0, cap = 0, d;
    DIR    *dir;
    struct dirent *de;
    char    path[1024];

    for (d = 0; d < 3; d++) {
	ck_assert_msg((dir = opendir(dirs[d])) != NULL, "cannot open %s", dirs[d]);
	while ((de = readdir(dir)) != NULL) {
	    if (strstr(de->d_name, ".eml") == NULL)
		continue;
	    snprintf(path, sizeof(path), "%s/%s", dirs[d], de->d_name);
	    files = rp_array_grow(files, &cap, n, sizeof(char *));
	    files[n++] = rp_strdup(path);
	}
	closedir(dir);
    }
    *count = n;
    return files;
}

/* Every symbol emitted over the corpus has a weight or is a lure rule's. */
START_TEST(test_symbols_known)
{
    size_t  n, i, j;
    char  **files = corpus_files(&n);
    const char *name;

    ck_assert(n >= 100);
    for (i = 0; i < n; i++) {
	rp_verdict *v = scan_file(files[i]);

	ck_assert_msg(v != NULL, "%s: no verdict", files[i]);
	for (j = 0; j < rp_verdict_count(v); j++) {
	    name = rp_verdict_symbol(v, j, NULL, NULL);
	    ck_assert_msg(rp_symbol_lookup(name, strlen(name)) != RP_SYM_NONE,
			  "%s: symbol %s has no weight in the rules", files[i], name);
	}
	rp_verdict_free(v);
	free(files[i]);
    }
    free(files);
}
END_TEST

typedef struct thread_job {
    char  **files;
    size_t  count;
    double *scores;
} thread_job;

/* scan_all - score every file of a job */
static void *scan_all(void *arg)
{
    thread_job *job = arg;
    size_t  i;
    rp_verdict *v;

    for (i = 0; i < job->count; i++) {
	v = scan_file(job->files[i]);
	job->scores[i] = v ? rp_verdict_score(v) : -1000;
	rp_verdict_free(v);
    }
    return NULL;
}

/* One engine, several threads: the same verdicts as one thread alone. */
START_TEST(test_threads)
{
    size_t  n, i, t;
    char  **files = corpus_files(&n);
    double *alone = rp_calloc(n, sizeof(double));
    thread_job jobs[3];
    pthread_t tid[3];

    jobs[0].files = files;
    jobs[0].count = n;
    jobs[0].scores = alone;
    scan_all(jobs);
    for (t = 0; t < 3; t++) {
	jobs[t].files = files;
	jobs[t].count = n;
	jobs[t].scores = rp_calloc(n, sizeof(double));
	ck_assert_int_eq(pthread_create(tid + t, NULL, scan_all, jobs + t), 0);
    }
    for (t = 0; t < 3; t++) {
	pthread_join(tid[t], NULL);
	for (i = 0; i < n; i++)
	    ck_assert_msg(jobs[t].scores[i] == alone[i], "%s: thread %zu score %.2f, alone %.2f",
			  files[i], t, jobs[t].scores[i], alone[i]);
	free(jobs[t].scores);
    }
    for (i = 0; i < n; i++)
	free(files[i]);
    free(files);
    free(alone);
}
END_TEST

/* Degenerate input: NUL bytes, only headers, binary noise. */
START_TEST(test_degenerate)
{
    static const char nul_msg[] = "From: a@b.example\r\nSubject: x\0y\r\n\r\nbody\0with\0nuls\r\n";
    char    noise[4096];
    size_t  i;
    rp_verdict *v;

    ck_assert_int_eq(rp_scan(rp_test_engine, nul_msg, sizeof(nul_msg) - 1, NULL, &v), RP_OK);
    rp_verdict_free(v);
    for (i = 0; i < sizeof(noise); i++)
	noise[i] = (char) ((i * 7919u + 13u) % 256u);
    ck_assert_int_eq(rp_scan(rp_test_engine, noise, sizeof(noise), NULL, &v), RP_OK);
    rp_verdict_free(v);
    ck_assert_int_eq(rp_scan(rp_test_engine, NULL, 0, NULL, &v), RP_OK);
    rp_verdict_free(v);
    ck_assert_int_eq(rp_scan(NULL, "x", 1, NULL, &v), RP_ERR_INVALID);
}
END_TEST

/* engine_suite - the tests, around one loaded engine */
static Suite *engine_suite(void)
{
    Suite  *s = suite_create("engine");
    TCase  *tc = tcase_create("engine");

    tcase_add_unchecked_fixture(tc, rp_test_engine_load, rp_test_engine_free);
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_cases, 0, sizeof(cases) / sizeof(cases[0]));
    tcase_add_test(tc, test_weights_from_rules);
    tcase_add_test(tc, test_symbols_known);
    tcase_add_test(tc, test_threads);
    tcase_add_test(tc, test_degenerate);
    suite_add_tcase(s, tc);
    return s;
}

const rp_test_program rp_test = {engine_suite, NULL, NULL, NULL, 0};
