/*
 * NAME
 *	test-brands-context 1
 * SUMMARY
 *	unit tests: self-hosted products, mirrors, ordinary words, names in
 *	every script, in the brand table and in whole messages
 * SYNOPSIS
 *	test-brands-context
 * DESCRIPTION
 *	The semantics of issue 12, each with its attack beside it.  A
 *	local rules directory written at test time adds a fixture brand
 *	(Lantrn, lantrn.io, with names in Japanese, Korean and Chinese), a
 *	public mirror of PyPI and the ordinary word "lantern", so that the
 *	cases do not hang on the shipped brand data.
 *
 *	Table: a product name as the host in front of an unrelated domain
 *	or under a private public suffix names no brand, while the
 *	brand's whole domain in front of another (pypi.org.secure-login.net)
 *	or run into other words stays a lookalike; a mirror is neither
 *	own nor lookalike; a lookalike whose label is an ordinary word says
 *	so; names match without spaces beside CJK and through the
 *	confusable skeleton; the loader's new keyword and file reject bad
 *	lines.
 *
 *	Messages (rp_scan with the shipped rules plus the local ones):
 *	mail from a self-hosted GitLab naming itself GitLab is accepted
 *	while its links stay at home, and flagged when a login lure sends
 *	the reader elsewhere; a product host in unrelated mail is no
 *	finding of weight; an ordinary-word lookalike is a weak hint
 *	alone and counts fully beside a brand claim or a lure.
 * DIAGNOSTICS
 *	Check's summary line.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "regphish.h"
#include "rp_util.h"
#include "rp_text.h"
#include "rp_brands.h"
#include "check_main.h"

static char dir[] = "/tmp/rp-test-brands-context.XXXXXX";
static rp_brands *table;
static rp_engine *engine;

static const char local_brands[] =
    "brand Lantrn\n"
    "target lantrn.io\n"
    "sends  lantrn.io\n"
    "name   Lantrn\n"
    "name   ランターン\n"
    "name   랜턴\n"
    "name   兰藤\n"
    "brand PyPI\n"
    "mirror pypi.mirrors.example.edu   # a university's public mirror\n";

/* write_file - create dir/name with text (0), or say why not (-1) */
static int write_file(const char *in, const char *name, const char *text)
{
    char    path[512];
    FILE   *fp;

    snprintf(path, sizeof(path), "%s/%s", in, name);
    if ((fp = fopen(path, "w")) == NULL) {
	perror(path);
	return -1;
    }
    fputs(text, fp);
    return fclose(fp) == 0 ? 0 : -1;
}

/* A host and what the table must say of it. */
typedef struct host_case {
    const char *host;
    int     rc;			/* rp_domain_check() */
    const char *technique;	/* rc 1 */
    const char *brand;		/* rc 1: imitated; rc 0: the product, or NULL */
    int     mirror, word;
    const char *says;		/* in the reason */
} host_case;

static const host_case host_cases[] = {
    /* product names as subdomains of unrelated domains: no imitation */
    {"gitlab.gnome.org", 0, NULL, "GitLab", 0, 0,
	"gitlab.gnome.org is a self-hosted GitLab or a mirror (the product name as a"
	" subdomain of gnome.org), not gitlab.com"},
    {"gitlab.example-foundation.org", 0, NULL, "GitLab", 0, 0, "self-hosted GitLab"},
    {"pypi.example.edu", 0, NULL, "PyPI", 0, 0, "self-hosted PyPI"},
    {"www.gitlab.example.org", 0, NULL, "GitLab", 0, 0, "self-hosted GitLab"},
    {"jenkins.example.org", 0, NULL, NULL, 0, 0, ""},
    /* under a private suffix (freedesktop.org is one): no TLD swap */
    {"gitlab.freedesktop.org", 0, NULL, "GitLab", 0, 0,
	"subdomain of freedesktop.org), not gitlab.com"},
    /* the brand's whole domain as a prefix stays a lookalike */
    {"pypi.org.secure-login.net", 1, "LOOKALIKE_SUBDOMAIN", "PyPI", 0, 0, "in front of"},
    {"npmjs.com.verify.net", 1, "LOOKALIKE_SUBDOMAIN", "npm", 0, 0, "in front of"},
    {"gitlab.com-login.net", 1, "LOOKALIKE_DOT_HYPHEN", "GitLab", 0, 0, "hyphen"},
    {"gitlab-com.sign-in.net", 1, "LOOKALIKE_SUBDOMAIN", "GitLab", 0, 0, "hyphen"},
    /* a product label does not hide an imitation in the registrable domain */
    {"gitlab.github-login.com", 1, "LOOKALIKE_COMBOSQUAT", "GitHub", 0, 0, "github"},
    /* the product name in look-alike letters is no self-hosted instance */
    {"рурі.verify-account.net", 1, "LOOKALIKE_HOMOGLYPH", "PyPI", 0, 0, "look-alike"},
    /* the label under another ICANN suffix is still a TLD swap */
    {"gitlab.co.uk", 1, "LOOKALIKE_TLD_SWAP", "GitLab", 0, 0, "other TLD"},
    {"lantrn.com", 1, "LOOKALIKE_TLD_SWAP", "Lantrn", 0, 0, "other TLD"},
    /* public mirrors: neither own nor lookalike */
    {"pypi.mirrors.example.edu", 0, NULL, "PyPI", 1, 0, "public mirror of PyPI"},
    {"eu.pypi.mirrors.example.edu", 0, NULL, "PyPI", 1, 0, "public mirror of PyPI"},
    /* lookalikes of ordinary words say so */
    {"lantern.io", 1, "LOOKALIKE_INSERTION", "Lantrn", 0, 1, "'lantern' is an ordinary word"},
    {"lantern-shop.io", 0, NULL, NULL, 0, 0, ""},
    {"lantrm.io", 1, "LOOKALIKE_VISUAL", "Lantrn", 0, 0, "replaced"},
};

START_TEST(test_hosts)
{
    const host_case *hc = host_cases + _i;
    rp_domain_match m;
    int     rc = rp_domain_check(table, hc->host, &m);

    ck_assert_msg(rc == hc->rc, "%s: rc %d, want %d (%s)", hc->host, rc, hc->rc, m.reason);
    if (rc == 1) {
	ck_assert_msg(hc->technique == NULL
		      || strcmp(rp_symbol_name(m.technique), hc->technique) == 0,
		      "%s: technique %s, want %s", hc->host, rp_symbol_name(m.technique),
		      hc->technique);
	ck_assert_msg(strcmp(rp_brand_name(m.brand), hc->brand) == 0, "%s: brand %s",
		      hc->host, rp_brand_name(m.brand));
    } else {
	ck_assert_msg(m.brand == NULL && !m.own, "%s: names %s (own %d)", hc->host,
		      rp_brand_name(m.brand), m.own);
	ck_assert_msg(hc->brand ? m.product && strcmp(rp_brand_name(m.product), hc->brand) == 0
		      : m.product == NULL, "%s: product %s, want %s", hc->host,
		      m.product ? rp_brand_name(m.product) : "-", hc->brand ? hc->brand : "-");
    }
    ck_assert_msg(m.mirror == hc->mirror && m.word == hc->word, "%s: mirror %d word %d",
		  hc->host, m.mirror, m.word);
    ck_assert_msg(strstr(m.reason, hc->says) != NULL, "%s: reason \"%s\" lacks \"%s\"",
		  hc->host, m.reason, hc->says);
}
END_TEST

/* test_describe - `regphish domain` names no brand for a product host */
START_TEST(test_describe)
{
    rp_domain_report r;

    rp_domain_describe(table, "gitlab.gnome.org", &r);
    ck_assert_msg(r.brand == NULL && !r.own, "gitlab.gnome.org names %s", r.brand);
    ck_assert_msg(strstr(r.reason, "self-hosted GitLab") != NULL, "reason %s", r.reason);
    rp_domain_describe(table, "pypi.mirrors.example.edu", &r);
    ck_assert_msg(r.brand == NULL && !r.own, "mirror names %s", r.brand);
    ck_assert_msg(strstr(r.reason, "public mirror of PyPI") != NULL, "reason %s", r.reason);
}
END_TEST

/* A text and the brand it must (or must not) claim. */
typedef struct name_case {
    const char *text;
    const char *brand;		/* NULL: no claim */
    int     confusable;
} name_case;

static const name_case name_cases[] = {
    {"ランターン", "Lantrn", 0},
    {"ランターンのお知らせ", "Lantrn", 0},	/* no space before the particle */
    {"【重要】ランターンアカウントの確認", "Lantrn", 0},
    {"랜턴 보안팀", "Lantrn", 0},
    {"랜턴에서 알림", "Lantrn", 0},	/* Hangul particle glued to the noun */
    {"兰藤安全团队", "Lantrn", 0},
    {"Lantrnサポート", "Lantrn", 0},
    {"Lantrn Security", "Lantrn", 0},
    {"L\xd0\xb0ntrn Security", "Lantrn", 1},	/* Cyrillic a */
    {"L\xce\xb1ntrn Security", "Lantrn", 1},	/* Greek alpha */
    {"\xd0\x86\xd0\xa0\xd1\x83\xd0\xa0I Support", NULL, 0},	/* no such brand */
    {"Lantrnish tools", NULL, 0},
    {"Lantrné", NULL, 0},		/* runs on into a Latin letter */
    {"L\xd0\xb0ntrn\xd1\x8b", NULL, 0},	/* runs on into a Cyrillic letter */
};

START_TEST(test_names)
{
    const name_case *nc = name_cases + _i;
    rp_claim claim;
    char   *norm = rp_text_normalize(nc->text, strlen(nc->text), NULL);
    const rp_brand *got = rp_brands_claim(table, norm, NULL, &claim);

    if (nc->brand == NULL)
	ck_assert_msg(got == NULL || strcmp(rp_brand_name(got), "Lantrn") != 0,
		      "\"%s\" claims %s", nc->text, rp_brand_name(got));
    else {
	ck_assert_msg(got && strcmp(rp_brand_name(got), nc->brand) == 0,
		      "\"%s\" claims %s, want %s", nc->text, got ? rp_brand_name(got) : "-",
		      nc->brand);
	ck_assert_msg(claim.confusable == nc->confusable, "\"%s\": confusable %d",
		      nc->text, claim.confusable);
	ck_assert_msg(rp_brands_mentions(table, norm, NULL, got), "\"%s\" not mentioned",
		      nc->text);
    }
    free(norm);
}
END_TEST

/* A rules text the loader must refuse, and what its error says. */
static const struct {
    const char *file, *text, *says;
} bad_rules[] = {
    {"brands.conf", "mirror pypi.mirror.example.edu\n", "outside a brand block"},
    {"brands.conf", "brand X\ntarget x-reg.example.org\nmirror x-reg.example.org\n",
	"belongs to"},
    {"brands.conf", "brand X\nmirror x.mirror.example.org\ndomain x.mirror.example.org\n",
	"is a mirror of"},
    {"brands.conf", "brand X\nmirror\n", "missing"},
    {"words.conf", "Lantern\n", "lowercase"},
    {"words.conf", "two words\n", "one word"},
};

START_TEST(test_bad_rules)
{
    char    bad[] = "/tmp/rp-test-brands-bad.XXXXXX", cmd[128];
    rp_brands *b = rp_brands_new();
    rp_error err;

    ck_assert_msg(mkdtemp(bad) != NULL, "mkdtemp");
    ck_assert_int_eq(write_file(bad, bad_rules[_i].file, bad_rules[_i].text), 0);
    memset(&err, 0, sizeof(err));
    ck_assert_msg(rp_brands_load_dir(b, bad, 0, &err) == RP_ERR_SYNTAX, "%s accepted",
		  bad_rules[_i].text);
    ck_assert_msg(strstr(err.message, bad_rules[_i].says) != NULL, "error \"%s\"",
		  err.message);
    rp_brands_free(b);
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", bad);
    ck_assert_int_eq(system(cmd), 0);
}
END_TEST

#define TRUSTED_AR "Authentication-Results: mx.example.net; "

typedef struct mail_case {
    const char *name;
    const char *message;
    const char *want;			/* symbols that must appear */
    const char *reject;			/* symbols that must not appear */
    int     min_action, max_action;
} mail_case;

static const mail_case mail_cases[] = {
    /* self-hosted GitLab (issue 12, 3) */
    {"a self-hosted GitLab's own password mail",
	"From: GitLab <gitlab@gitlab.example-foundation.org>\r\n"
	"Subject: Password changed\r\nContent-Type: text/html\r\n\r\n"
	"<p>The password of your account was changed. If this was not you, sign in and reset"
	" it now:\r\n<a href=\"https://gitlab.example-foundation.org/users/password/new\">"
	"reset your password</a> (<a href=\"https://docs.gitlab.com/user/profile/\">help</a>)"
	"</p>\r\n",
	"", "DISPLAY_NAME_BRAND LOOKALIKE_BRAND_HOST LINK_LOOKALIKE", RP_ACTION_ACCEPT,
	RP_ACTION_ACCEPT},
    {"attack: a self-named GitLab whose login lure leaves for another site",
	"From: GitLab <gitlab@gitlab.build-farm.net>\r\n"
	"Subject: Action required: your account will be locked\r\n"
	"Content-Type: text/html\r\n\r\n<p>Your account will be locked within 24 hours."
	" Sign in and verify your password to keep it:\r\n"
	"<a href=\"https://account-portal.net/users/sign_in\">sign in</a></p>\r\n",
	"DISPLAY_NAME_BRAND", "", RP_ACTION_TAG, RP_ACTION_REJECT},
    {"attack: a self-named GitLab sending the reader to another GitLab-named host",
	"From: GitLab <gitlab@gitlab.build-farm.net>\r\n"
	"Subject: Action required: your account will be locked\r\n"
	"Content-Type: text/html\r\n\r\n<p>Your account will be locked within 24 hours."
	" Sign in and verify your password to keep it:\r\n"
	"<a href=\"https://gitlab.session-check.net/users/sign_in\">sign in</a></p>\r\n",
	"LOOKALIKE_BRAND_HOST LINK_LOOKALIKE DISPLAY_NAME_BRAND", "", RP_ACTION_TAG,
	RP_ACTION_REJECT},
    {"a self-hosted GitLab's issue mail linking elsewhere, asking nothing",
	"From: GitLab <gitlab@gitlab.example-foundation.org>\r\n"
	"Subject: Re: build fails on arm64 (#123)\r\n\r\n"
	"A comment was added: the log is at https://ci-logs.example.net/job/9\r\n",
	"", "", RP_ACTION_ACCEPT, RP_ACTION_ACCEPT},
    /* a product host in unrelated mail (issue 12, 1) */
    {"a mailing-list post linking a project's GitLab",
	"From: Dev List <dev@lists.example.org>\r\nSubject: [PATCH] fix the build\r\n\r\n"
	"Merge request: https://gitlab.example-desktop.org/graphics/driver/-/merge_requests/7\r\n",
	"", "", RP_ACTION_ACCEPT, RP_ACTION_ACCEPT},
    {"attack: a GitLab-named host beside a GitLab claim",
	"From: GitLab <noreply@notify-center.example.com>\r\n"
	"Subject: Password changed\r\nContent-Type: text/html\r\n\r\n"
	"<p>Your password was changed. If this was not you, sign in to secure your account:\r\n"
	"<a href=\"https://gitlab.secure-session.net/users/sign_in\">sign in</a></p>\r\n",
	"LOOKALIKE_BRAND_HOST LINK_LOOKALIKE DISPLAY_NAME_BRAND", "", RP_ACTION_TAG,
	RP_ACTION_REJECT},
    {"attack: a Reply-To on a GitLab-named host beside a GitLab claim",
	"From: GitLab Support <help@helpdesk-mail.net>\r\n"
	"Reply-To: support@gitlab.helpdesk-reply.net\r\n"
	"Subject: Your account will be locked\r\n\r\nReply with your password to keep it.\r\n",
	"LOOKALIKE_BRAND_HOST FROM_LOOKALIKE DISPLAY_NAME_BRAND", "", RP_ACTION_TAG,
	RP_ACTION_REJECT},
    {"a Reply-To on a self-hosted GitLab in unrelated mail",
	"From: Alice <alice@example.org>\r\n"
	"Reply-To: alice@gitlab.example-foundation.org\r\nSubject: lunch?\r\n\r\nnoon?\r\n",
	"", "", RP_ACTION_ACCEPT, RP_ACTION_ACCEPT},
    {"attack: a product host shown before '@'",
	"From: a@b.example\r\nSubject: x\r\n\r\n"
	"Go to https://gitlab.example.org@collect.example/login now\r\n",
	"URL_USERINFO_BRAND", "", RP_ACTION_ACCEPT, RP_ACTION_REJECT},
    {"attack: a brand-named host beside a lure that names no brand",
	"From: Staking <news@pool-news.net>\r\nSubject: Rewards ready\r\n"
	"Content-Type: text/html\r\n\r\n<p>Connect your wallet to claim: <a href="
	"\"https://github.pool-rewards.net/claim\">stake.example-pool.org</a></p>\r\n",
	"LOOKALIKE_BRAND_HOST LINK_LOOKALIKE", "", RP_ACTION_TAG, RP_ACTION_REJECT},
    {"a public mirror linked in a newsletter",
	"From: Weekly <news@letters.example>\r\nSubject: issue 12\r\n\r\n"
	"Faster installs from https://pypi.mirrors.example.edu/simple/\r\n",
	"", "LOOKALIKE_BRAND_HOST LINK_LOOKALIKE", RP_ACTION_ACCEPT, RP_ACTION_ACCEPT},
    /* ordinary words (issue 12, 5) */
    {"a shop whose name is an ordinary word near a brand",
	"From: Lantern Supply <orders@lantern.io>\r\nSubject: Your order has shipped\r\n\r\n"
	"Thanks for shopping with us. Track your parcel at https://lantern.io/track/123\r\n",
	"LOOKALIKE_INSERTION FROM_LOOKALIKE", "", RP_ACTION_ACCEPT, RP_ACTION_ACCEPT},
    {"attack: an ordinary-word lookalike that claims the brand",
	"From: Lantrn Registry <security@lantern.io>\r\nSubject: Release published\r\n\r\n"
	"Your package was published: https://lantern.io/p/1\r\n",
	"LOOKALIKE_INSERTION FROM_LOOKALIKE DISPLAY_NAME_BRAND", "", RP_ACTION_QUARANTINE,
	RP_ACTION_REJECT},
    {"attack: an ordinary-word lookalike with a lure and no brand named",
	"From: Accounts <security@lantern.io>\r\nSubject: Your account will be suspended\r\n\r\n"
	"Verify your account within 24 hours at https://lantern.io/login\r\n",
	"LOOKALIKE_INSERTION FROM_LOOKALIKE", "", RP_ACTION_QUARANTINE, RP_ACTION_REJECT},
    {"attack: an ordinary-word lookalike named in a CJK subject",
	"From: Accounts <security@lantern.io>\r\n"
	"Subject: =?UTF-8?B?44Op44Oz44K/44O844Oz44Gu44GK55+l44KJ44Gb?=\r\n\r\n"
	"https://lantern.io/notice\r\n",
	"LOOKALIKE_INSERTION FROM_LOOKALIKE", "", RP_ACTION_TAG, RP_ACTION_REJECT},
    /* names in every script (issue 12, 6) */
    {"a Korean display name claims the brand",
	"From: =?UTF-8?B?656c7YS07JeQ7IScIOyVjOumvA==?= <info@notify.example.net>\r\n"
	"Subject: x\r\n\r\nhello\r\n",
	"DISPLAY_NAME_BRAND", "CONFUSABLE_NAME", RP_ACTION_ACCEPT, RP_ACTION_REJECT},
    {"a Latin name with a Greek alpha",
	"From: =?UTF-8?B?TM6xbnRybiBTZWN1cml0eQ==?= <info@notify.example.net>\r\n"
	"Subject: x\r\n\r\nhello\r\n",
	"DISPLAY_NAME_BRAND CONFUSABLE_NAME", "", RP_ACTION_ACCEPT, RP_ACTION_REJECT},
};

/* check_symbols - every listed symbol is (want) or is not (!want) in v */
static void check_symbols(const char *name, const rp_verdict *v, const char *list, int want)
{
    char   *copy = rp_strdup(list), *tok, *save;
    size_t  i;
    int     found;

    for (tok = strtok_r(copy, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
	for (found = 0, i = 0; i < rp_verdict_count(v); i++)
	    found |= strcmp(rp_verdict_symbol(v, i, NULL, NULL), tok) == 0;
	ck_assert_msg(found == want, "%s: symbol %s %s", name, tok,
		      want ? "missing" : "present");
    }
    free(copy);
}

START_TEST(test_mail)
{
    const mail_case *mc = mail_cases + _i;
    rp_verdict *v;
    rp_action a;

    ck_assert_int_eq(rp_scan(engine, mc->message, strlen(mc->message), NULL, &v), RP_OK);
    check_symbols(mc->name, v, mc->want, 1);
    check_symbols(mc->name, v, mc->reject, 0);
    a = rp_verdict_action(v);
    ck_assert_msg(a >= (rp_action) mc->min_action && a <= (rp_action) mc->max_action,
		  "%s: action %s, score %.2f", mc->name, rp_action_name(a), rp_verdict_score(v));
    rp_verdict_free(v);
}
END_TEST

static Suite *brands_context_suite(void)
{
    Suite  *s = suite_create("brands-context");
    TCase  *tc = tcase_create("brands-context");

    tcase_add_loop_test(tc, test_hosts, 0, sizeof(host_cases) / sizeof(host_cases[0]));
    tcase_add_test(tc, test_describe);
    tcase_add_loop_test(tc, test_names, 0, sizeof(name_cases) / sizeof(name_cases[0]));
    tcase_add_loop_test(tc, test_bad_rules, 0, sizeof(bad_rules) / sizeof(bad_rules[0]));
    tcase_add_loop_test(tc, test_mail, 0, sizeof(mail_cases) / sizeof(mail_cases[0]));
    suite_add_tcase(s, tc);
    return s;
}

/* setup - the local rules, the table and an engine reading them */
static int setup(int argc, char **argv)
{
    char    conf[600], text[700];
    rp_error err;

    (void) argc;
    (void) argv;
    if (mkdtemp(dir) == NULL) {
	perror(dir);
	return 1;
    }
    if (write_file(dir, "brands.conf", local_brands) < 0
	|| write_file(dir, "words.conf", "# fixture\nlantern\n") < 0)
	return 1;
    snprintf(conf, sizeof(conf), "%s/regphish.conf", dir);
    snprintf(text, sizeof(text), "trusted_authserv_ids = mx.example.net\n"
	     "trusted_authserv_hops = 3\nlocal_rules_dir = %s\n", dir);
    if (write_file(dir, "regphish.conf", text) < 0)
	return 1;
    table = rp_brands_new();
    memset(&err, 0, sizeof(err));
    if (rp_brands_load_dir(table, RP_TEST_RULES_DIR, 1, &err) != RP_OK
	|| rp_brands_load_dir(table, dir, 0, &err) != RP_OK
	|| rp_brands_finish(table, &err) != RP_OK
	|| rp_engine_load(conf, RP_TEST_RULES_DIR, &engine, &err) != RP_OK) {
	fprintf(stderr, "load: %s:%u: %s\n", err.file, err.line, err.message);
	return 1;
    }
    return 0;
}

/* teardown - release the table, the engine and the directory */
static void teardown(void)
{
    char    cmd[128];

    rp_brands_free(table);
    rp_engine_free(engine);
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    if (system(cmd) != 0)
	fprintf(stderr, "cannot remove %s\n", dir);
}

const rp_test_program rp_test = {brands_context_suite, setup, teardown, NULL, 0};
