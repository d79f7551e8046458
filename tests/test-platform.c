/*
 * NAME
 *	test-platform - text a platform's user wrote in the platform's
 *	genuine notification (rp_check_platform.c, rules/platforms.conf)
 * DESCRIPTION
 *	Each case is the text a user wrote (an issue, a comment); the test
 *	wraps it in a notification of each platform in the table (its From,
 *	its headers, a trusted aligned pass for its domain, its footer), as
 *	plain text and as the platform's HTML, written here after each
 *	platform's documented format (rules/platforms.conf names the
 *	sources).  The verdict must hold the symbols wanted, with a score
 *	above 0, none of those it must not, and at least (or at most) the
 *	action given.  The attacks: each lure kind (wording beside a
 *	foreign link, content a user published on the platform's domain,
 *	OAuth consent and app installation links, the device-code flow,
 *	a user signing as the platform's staff (in look-alike letters too),
 *	mass mentions), the lure in the platform's HTML markup, the lure
 *	ending where the platform's footer starts, a footer the user forges
 *	to end the text early, a quoted earlier comment, escapes in a
 *	consent link's path, a sign-in link that goes on to the consent or
 *	device page, hundreds of headers above the platform's; and what
 *	must stay quiet: harmless comments,
 *	the platform's own text, release notes thanking many contributors,
 *	the platform's own account mail, and a spoof stays a spoof.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regphish.h"
#include "rp_util.h"
#include "check_main.h"

static rp_engine *engine;

/* setup - the shipped rules with the test config (trusts mx.example.net) */
static int setup(int argc, char **argv)
{
    (void) argc;
    (void) argv;
    return (engine = rp_test_shipped_engine()) == NULL;
}

/* teardown - release the engine */
static void teardown(void)
{
    rp_engine_free(engine);
}

/* One platform's notification, as its documentation describes it. */
typedef struct platform_spec {
    const char *name;
    const char *from;			/* From header value */
    const char *domain;			/* the domain its pass is for */
    const char *headers;		/* its own headers, CRLF-terminated */
    const char *footer;			/* the plain-text footer */
    const char *footer_html;		/* the HTML footer */
} platform_spec;

static const platform_spec platforms[] = {
    {"GitHub", "Deen Muhammad <notifications@github.com>", "github.com",
	"X-GitHub-Reason: mention\r\nX-GitHub-Sender: deenmuhammad\r\n"
	"List-ID: acme/widgets <widgets.acme.github.com>\r\n",
	"Reply to this email directly or view it on GitHub:\r\n"
	"https://github.com/acme/widgets/issues/7#issuecomment-1\r\n"
	"You are receiving this because you were mentioned.\r\n",
	"<p style=\"font-size:small;color:#666;\">&mdash;<br>Reply to this email directly, "
	"<a href=\"https://github.com/acme/widgets/issues/7#issuecomment-1\">view it on GitHub</a>,"
	" or <a href=\"https://github.com/notifications/unsubscribe-auth/AAAA\">unsubscribe</a>."
	"<br>You are receiving this because you were mentioned.</p>"},
    {"GitLab", "Jane Roe <gitlab@mg.gitlab.com>", "gitlab.com",
	"X-GitLab-Project: widgets\r\nX-GitLab-Issue-IID: 7\r\n"
	"X-GitLab-NotificationReason: mentioned\r\n"
	"List-Id: acme/widgets <12345.widgets.acme.gitlab.com>\r\n",
	"Reply to this email directly or view it on GitLab: "
	"https://gitlab.com/acme/widgets/-/issues/7#note_1\r\n"
	"You're receiving this email because you have been mentioned on GitLab.\r\n",
	"<div class=\"footer\"><p>Reply to this email directly or "
	"<a href=\"https://gitlab.com/acme/widgets/-/issues/7#note_1\">view it on GitLab</a>.<br>"
	"You're receiving this email because you have been mentioned on GitLab. "
	"<a href=\"https://gitlab.com/-/sent_notifications/1/unsubscribe\">Unsubscribe</a></p></div>"},
    {"Hugging Face", "Hugging Face <website@huggingface.co>", "huggingface.co",
	"List-Id: acme/widgets <acme-widgets.discussions.huggingface.co>\r\n",
	"You are receiving this because you are watching acme/widgets.\r\n"
	"https://huggingface.co/acme/widgets/discussions/7\r\n",
	"<p>You are receiving this because you are watching acme/widgets. "
	"<a href=\"https://huggingface.co/settings/notifications\">Manage notifications</a></p>"},
    {"Bitbucket", "Jane Roe <notifications-noreply@bitbucket.org>", "bitbucket.org",
	"X-Bitbucket-Event-Type: pullrequest:comment_created\r\n"
	"X-Bitbucket-Repository: acme/widgets\r\n",
	"Unsubscribe from this pull request: https://bitbucket.org/acme/widgets/pull-requests/7\r\n",
	"<p><a href=\"https://bitbucket.org/acme/widgets/pull-requests/7\">Unsubscribe from this"
	" pull request</a></p>"},
    {"Codeberg", "Jane Roe <noreply@codeberg.org>", "codeberg.org",
	"X-Forgejo-Reason: mention\r\nX-Forgejo-Sender: janeroe\r\n",
	"---\r\nReply to this email directly or view it on Forgejo: "
	"https://codeberg.org/acme/widgets/issues/7\r\n",
	"<p>---<br>Reply to this email directly or <a href=\"https://codeberg.org/acme/widgets/"
	"issues/7\">view it on Forgejo</a>.</p>"},
};

#define NPLATFORMS (sizeof(platforms) / sizeof(platforms[0]))
#define ALL ((size_t) -1)		/* a case for every platform */

/* How a notification is written. */
typedef enum shape {
    PLAIN,				/* text/plain */
    HTML,				/* text/html in the platform's markup */
    BOTH				/* each of the two */
} shape;

typedef struct platform_case {
    const char *name;
    size_t  platform;			/* index, or ALL */
    shape   shape;
    const char *user;			/* the user's text (HTML: written as markup) */
    const char *want;			/* symbols that must score above 0 */
    const char *absent;			/* symbols that must not appear */
    rp_action least, most;
    const char *reason;			/* words some reason holds, or NULL */
} platform_case;

#define FOREIGN "https://claim-drop.example/c/7"
#define MENTIONS20 "@ann @bob @cy @dee @eve @fay @gus @hal @ivy @jo @kai @lu @max @ned " \
    "@oli @pat @quin @ray @sue @tim"

static const platform_case cases[] = {
    {"a harmless comment", ALL, BOTH,
	"Thanks, this fixes the build on arm64. See https://docs.python.org/3/library/ for"
	" the API; cc @ann @bob.",
	"", "PLATFORM_USER_LURE PLATFORM_MASS_MENTION PLATFORM_CONSENT_LINK DEVICE_CODE_LURE",
	RP_ACTION_ACCEPT, RP_ACTION_ACCEPT, NULL},
    {"the platform's own text and nothing else", ALL, BOTH, "",
	"", "PLATFORM_USER_LURE PLATFORM_MASS_MENTION PLATFORM_CONSENT_LINK DEVICE_CODE_LURE"
	" LURE_REWARD", RP_ACTION_ACCEPT, RP_ACTION_ACCEPT, NULL},
    {"an airdrop claim beside a foreign link", ALL, BOTH,
	"Exciting news! The contributors airdrop is live: connect your wallet and claim your"
	" tokens at " FOREIGN " before Friday.",
	"PLATFORM_USER_LURE", "", RP_ACTION_TAG, RP_ACTION_REJECT,
	"not by"},
    {"chosen for a grant, a wallet to validate", ALL, BOTH,
	"Congratulations, your account was selected to receive a $5,000 developer grant."
	" Validate your wallet at " FOREIGN,
	"PLATFORM_USER_LURE LURE_REWARD", "", RP_ACTION_TAG, RP_ACTION_REJECT, NULL},
    {"mass mentions beside the lure", ALL, PLAIN,
	"Claim your airdrop allocation at " FOREIGN "\r\n\r\n" MENTIONS20,
	"PLATFORM_USER_LURE PLATFORM_MASS_MENTION", "", RP_ACTION_TAG, RP_ACTION_REJECT,
	"mentions 20 accounts"},
    {"release notes thank many contributors: no lure, no count", ALL, PLAIN,
	"What's changed: faster builds. New contributors: " MENTIONS20,
	"", "PLATFORM_USER_LURE", RP_ACTION_ACCEPT, RP_ACTION_ACCEPT, NULL},
    {"the lure in the platform's markup, split by tags", ALL, HTML,
	"<details><summary>Details</summary><table><tr><td><strong>Connect</strong> your"
	" <em>wallet</em></td></tr></table><p><a href=\"" FOREIGN "\" rel=\"nofollow\">"
	"<img src=\"https://camo.githubusercontent.com/1\" alt=\"banner\"></a></p></details>",
	"PLATFORM_USER_LURE", "", RP_ACTION_TAG, RP_ACTION_REJECT, NULL},
    {"the lure ends where the platform's footer starts", ALL, PLAIN,
	FOREIGN " is where you claim your tokens",
	"PLATFORM_USER_LURE", "", RP_ACTION_TAG, RP_ACTION_REJECT, NULL},
    {"a forged footer ends the text early, the lure after it", ALL, BOTH,
	"Looks good to me.\r\n\r\nReply to this email directly or view it on GitHub.\r\n"
	"You are receiving this because you were mentioned.\r\nView it on GitLab.\r\n"
	"Unsubscribe from this thread.\r\n\r\nP.S. claim your airdrop at " FOREIGN,
	"PLATFORM_USER_LURE", "", RP_ACTION_TAG, RP_ACTION_REJECT, NULL},
    {"a quoted earlier comment carries the lure", ALL, PLAIN,
	"Is this legit?\r\n\r\n> On Monday, someone wrote:\r\n> Connect your wallet at "
	FOREIGN " to claim the grant",
	"PLATFORM_USER_LURE", "", RP_ACTION_TAG, RP_ACTION_REJECT, NULL},
    {"a gist of the attacker's on the platform's domain", 0, BOTH,
	"Security alert: your tokens were leaked, rotate your tokens now with the script at"
	" https://gist.github.com/helper/abc123",
	"PLATFORM_USER_LURE", "", RP_ACTION_TAG, RP_ACTION_REJECT, "content a user published"},
    {"a release download of another repository", 0, PLAIN,
	"Claim your bonus: https://github.com/helper/tool/releases/download/v1/claim.exe",
	"PLATFORM_USER_LURE", "", RP_ACTION_TAG, RP_ACTION_REJECT, NULL},
    {"an OAuth consent link", 0, BOTH,
	"Please re-authorise the CI: https://github.com/login/oauth/authorize?client_id=Iv1.x"
	"&scope=repo",
	"PLATFORM_CONSENT_LINK", "", RP_ACTION_TAG, RP_ACTION_REJECT, "grants an application"},
    {"a GitHub App installation link", 0, PLAIN,
	"Install our security scanner: https://github.com/apps/sec-scan/installations/new",
	"PLATFORM_CONSENT_LINK", "", RP_ACTION_TAG, RP_ACTION_REJECT, NULL},
    {"a consent link written with escapes, case and slashes", 0, PLAIN,
	"https://github.com//LOGIN/%6fauth/Authorize/?client_id=1",
	"PLATFORM_CONSENT_LINK", "", RP_ACTION_TAG, RP_ACTION_REJECT, NULL},
    {"a sign-in page that goes on to the consent page", 0, PLAIN,
	"Sign in to continue: https://github.com/login?return_to=%2Flogin%2Foauth%2Fauthorize"
	"%3Fclient_id%3D1%26scope%3Drepo",
	"PLATFORM_CONSENT_LINK", "", RP_ACTION_TAG, RP_ACTION_REJECT, NULL},
    {"a sign-in page that goes on to the device page, as a URL", 0, PLAIN,
	"Enter ABCD-EFGH at https://github.com/login?return_to=https%3A%2F%2Fgithub.com"
	"%2Flogin%2Fdevice",
	"DEVICE_CODE_LURE", "", RP_ACTION_TAG, RP_ACTION_REJECT, "the code ABCD-EFGH"},
    {"GitLab's OAuth consent link", 1, PLAIN,
	"Re-authorise here: https://gitlab.com/oauth/authorize?client_id=1&response_type=code",
	"PLATFORM_CONSENT_LINK", "", RP_ACTION_TAG, RP_ACTION_REJECT, NULL},
    {"the device-code flow with its code", 0, BOTH,
	"To verify you are a maintainer, open https://github.com/login/device and enter"
	" WDJB-MJHT.",
	"DEVICE_CODE_LURE", "", RP_ACTION_TAG, RP_ACTION_REJECT, "the code WDJB-MJHT"},
    {"links to the thread and the repository are the platform's", 0, PLAIN,
	"See https://github.com/acme/widgets/pull/8 and https://github.com/acme/widgets.",
	"", "PLATFORM_USER_LURE PLATFORM_CONSENT_LINK", RP_ACTION_ACCEPT, RP_ACTION_ACCEPT, NULL},
    {"a user signs as the platform's security team", 0, BOTH,
	"We have detected a security vulnerability in your repository. Please contact us at"
	" https://scanner-help.example to fix it.\r\n\r\nBest regards,\r\nGitHub Security Team",
	"PLATFORM_USER_POSE", "", RP_ACTION_TAG, RP_ACTION_REJECT, "signs as GitHub's"},
    {"the security team in look-alike letters (a Cyrillic i)", 0, PLAIN,
	"Contact us at https://scanner-help.example. G\xd1\x96tHub Security Team",
	"PLATFORM_USER_POSE", "", RP_ACTION_TAG, RP_ACTION_REJECT, NULL},
    {"GitLab's trust & safety, possessive", 1, PLAIN,
	"Your project breaks our rules: appeal at https://appeal-desk.example. GitLab's"
	" Trust & Safety",
	"PLATFORM_USER_POSE", "", RP_ACTION_TAG, RP_ACTION_REJECT, NULL},
    {"a user speaks of the real support: no pose", 0, PLAIN,
	"GitHub Support said this is expected, see https://stackoverflow.com/q/1",
	"", "PLATFORM_USER_POSE PLATFORM_USER_LURE", RP_ACTION_ACCEPT, RP_ACTION_ACCEPT, NULL},
    {"lure wording without a link away is the user's, not cleared", 0, PLAIN,
	"Claim your airdrop allocation today.",
	"LURE_REWARD", "PLATFORM_USER_LURE", RP_ACTION_ACCEPT, RP_ACTION_ACCEPT, "a GitHub user wrote"},
};

#define TRUSTED_AR "Authentication-Results: mx.example.net; "

/* notification - a platform's notification carrying user (caller frees) */
static char *notification(const platform_spec *p, int html, const char *user, const char *auth)
{
    rp_buf  m;
    char   *msg;

    rp_buf_init(&m);
    rp_buf_printf(&m, "From: %s\r\n%s", p->from, p->headers);
    if (auth != NULL)
	rp_buf_printf(&m, TRUSTED_AR "%s\r\n", auth);
    else
	rp_buf_printf(&m, TRUSTED_AR "dkim=pass header.d=%s; dmarc=pass header.from=%s\r\n",
		      p->domain, p->domain);
    rp_buf_printf(&m, "Subject: Re: [acme/widgets] Build fails on arm64 (#7)\r\n"
		  "MIME-Version: 1.0\r\nContent-Type: text/%s; charset=UTF-8\r\n\r\n",
		  html ? "html" : "plain");
    if (html)
	rp_buf_printf(&m, "<html><body><div class=\"markdown-body\"><p dir=\"auto\">%s</p></div>"
		      "%s</body></html>\r\n", user, p->footer_html);
    else
	rp_buf_printf(&m, "%s\r\n\r\n-- \r\n%s", user, p->footer);
    msg = rp_buf_steal(&m);
    rp_buf_free(&m);
    return msg;
}

/* listed - name is a word of the space-separated list */
static int listed(const char *list, const char *name)
{
    size_t  n = strlen(name);
    const char *at;

    for (at = strstr(list, name); at != NULL; at = strstr(at + 1, name))
	if ((at == list || at[-1] == ' ') && (at[n] == 0 || at[n] == ' '))
	    return 1;
    return 0;
}

/* score_of - the score of symbol name in v, -1 when absent */
static double score_of(const rp_verdict *v, const char *name)
{
    const char *reason;
    double  score;
    size_t  i;

    for (i = 0; i < rp_verdict_count(v); i++)
	if (strcmp(rp_verdict_symbol(v, i, &score, &reason), name) == 0)
	    return score;
    return -1;
}

/* has - v holds the symbol name */
static int has(const rp_verdict *v, const char *name)
{
    double  score;
    size_t  i;

    for (i = 0; i < rp_verdict_count(v); i++)
	if (strcmp(rp_verdict_symbol(v, i, &score, NULL), name) == 0)
	    return 1;
    return 0;
}

/* holds_reason - some reason of v holds words */
static int holds_reason(const rp_verdict *v, const char *words)
{
    const char *reason;
    double  score;
    size_t  i;

    for (i = 0; i < rp_verdict_count(v); i++) {
	rp_verdict_symbol(v, i, &score, &reason);
	if (strstr(reason, words) != NULL)
	    return 1;
    }
    return 0;
}

/* scan - the verdict of a message (caller frees) */
static rp_verdict *scan(const char *msg)
{
    rp_verdict *v = NULL;

    ck_assert_int_eq(rp_scan(engine, msg, strlen(msg), NULL, &v), RP_OK);
    return v;
}

/* check_one - one case on one platform in one shape */
static void check_one(const platform_case *c, const platform_spec *p, int html)
{
    char   *msg = notification(p, html, c->user, NULL), *words, *w, *save;
    rp_verdict *v = scan(msg);
    const char *name;
    double  score;
    size_t  i;

    words = rp_strdup(c->want);
    for (w = strtok_r(words, " ", &save); w; w = strtok_r(NULL, " ", &save))
	ck_assert_msg(score_of(v, w) > 0, "%s (%s, %s): %s scores %g", c->name, p->name,
		      html ? "HTML" : "plain", w, score_of(v, w));
    free(words);
    for (i = 0; i < rp_verdict_count(v); i++) {
	name = rp_verdict_symbol(v, i, &score, NULL);
	ck_assert_msg(!listed(c->absent, name), "%s (%s, %s): %s found", c->name, p->name,
		      html ? "HTML" : "plain", name);
    }
    ck_assert_msg(rp_verdict_action(v) >= c->least && rp_verdict_action(v) <= c->most,
		  "%s (%s, %s): action %s, score %g", c->name, p->name, html ? "HTML" : "plain",
		  rp_action_name(rp_verdict_action(v)), rp_verdict_score(v));
    ck_assert_msg(c->reason == NULL || holds_reason(v, c->reason),
		  "%s (%s): no reason says \"%s\"", c->name, p->name, c->reason);
    rp_verdict_free(v);
    free(msg);
}

START_TEST(test_cases)
{
    const platform_case *c = cases + _i;
    size_t  k;

    for (k = 0; k < NPLATFORMS; k++) {
	if (c->platform != ALL && c->platform != k)
	    continue;
	if (c->shape != HTML)
	    check_one(c, platforms + k, 0);
	if (c->shape != PLAIN)
	    check_one(c, platforms + k, 1);
    }
}
END_TEST

/* A notification that only claims to be the platform's stays a spoof. */
START_TEST(test_spoof_stays)
{
    char   *msg = notification(platforms, 0, "Connect your wallet at " FOREIGN,
			       "dkim=fail header.d=github.com; dmarc=fail header.from=github.com");
    rp_verdict *v = scan(msg);

    ck_assert(score_of(v, "BRAND_SPOOF") > 0);
    ck_assert(!has(v, "BRAND_AUTH_ALIGNED"));
    ck_assert(score_of(v, "PLATFORM_USER_LURE") > 0);
    ck_assert_int_ge(rp_verdict_action(v), RP_ACTION_TAG);
    rp_verdict_free(v);
    free(msg);
}
END_TEST

/* The platform's own account mail (no notification headers) is the platform's word. */
START_TEST(test_own_mail)
{
    static const char msg[] =
	"From: GitHub <noreply@github.com>\r\n"
	TRUSTED_AR "dkim=pass header.d=github.com; dmarc=pass header.from=github.com\r\n"
	"Subject: [GitHub] Please verify your device\r\n\r\n"
	"Hey acme! A sign in attempt requires further verification. Verification code: 123456"
	"\r\nOr activate your CLI at https://github.com/login/device\r\n";
    rp_verdict *v = scan(msg);

    ck_assert(!has(v, "DEVICE_CODE_LURE"));
    ck_assert(!has(v, "PLATFORM_USER_LURE"));
    ck_assert_int_eq(rp_verdict_action(v), RP_ACTION_ACCEPT);
    rp_verdict_free(v);
}
END_TEST

/* A lookalike's mail with the platform's headers is no notification of the platform. */
START_TEST(test_lookalike_headers)
{
    static const char msg[] =
	"From: GitHub <notifications@github-alerts.example>\r\n"
	"X-GitHub-Reason: mention\r\nList-ID: a/b <b.a.github.com>\r\n"
	"Subject: [a/b] hello\r\n\r\nConnect your wallet at " FOREIGN "\r\n\r\n-- \r\n"
	"Reply to this email directly or view it on GitHub\r\n";
    rp_verdict *v = scan(msg);

    ck_assert(!has(v, "PLATFORM_USER_LURE"));
    ck_assert(score_of(v, "DISPLAY_NAME_BRAND") > 0);
    rp_verdict_free(v);
}
END_TEST

/* A user's display name on the notification signs as the platform's staff. */
START_TEST(test_display_pose)
{
    static const char msg[] =
	"From: GitHub Security Team <notifications@github.com>\r\n"
	"X-GitHub-Reason: subscribed\r\n"
	TRUSTED_AR "dkim=pass header.d=github.com; dmarc=pass header.from=github.com\r\n"
	"Subject: [acme/widgets] Vulnerability report (#9)\r\n\r\n"
	"Details: https://scanner-help.example/report/9\r\n\r\n-- \r\n"
	"Reply to this email directly or view it on GitHub:\r\n"
	"https://github.com/acme/widgets/issues/9\r\n";
    rp_verdict *v = scan(msg);

    ck_assert(score_of(v, "PLATFORM_USER_POSE") > 0);
    ck_assert_int_ge(rp_verdict_action(v), RP_ACTION_TAG);
    rp_verdict_free(v);
}
END_TEST

/* Headers relays add above the platform's own, past the parser's cap, do not hide them. */
START_TEST(test_header_flood)
{
    char   *inner = notification(platforms, 0, "Connect your wallet at " FOREIGN, NULL);
    rp_verdict *v;
    rp_buf  m;
    int     i;

    rp_buf_init(&m);
    for (i = 0; i < 1500; i++)
	rp_buf_printf(&m, "X-Relay-Note-%d: hop %d\r\n", i, i);
    rp_buf_puts(&m, inner);
    v = scan(m.data);
    ck_assert(score_of(v, "PLATFORM_USER_LURE") > 0);
    rp_verdict_free(v);
    rp_buf_free(&m);
    free(inner);
}
END_TEST

static Suite *platform_suite(void)
{
    Suite  *s = suite_create("platform");
    TCase  *tc = tcase_create("notifications");

    tcase_add_loop_test(tc, test_cases, 0, (int) (sizeof(cases) / sizeof(cases[0])));
    tcase_add_test(tc, test_spoof_stays);
    tcase_add_test(tc, test_own_mail);
    tcase_add_test(tc, test_lookalike_headers);
    tcase_add_test(tc, test_header_flood);
    tcase_add_test(tc, test_display_pose);
    suite_add_tcase(s, tc);
    return s;
}

const rp_test_program rp_test = {platform_suite, setup, teardown, NULL, 0};
