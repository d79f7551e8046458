/*
 * NAME
 *	test-brands 1
 * SUMMARY
 *	unit tests for the brand table, its loader, claims and URL policy
 * SYNOPSIS
 *	test-brands
 * DESCRIPTION
 *	Loads the shipped rules from RP_TEST_RULES_DIR and runs tables of
 *	cases: owners and sending domains, display-name claims, subject
 *	templates, shorteners, hosted pages and OAuth links; then rules
 *	written to a temporary directory: load errors (at the right
 *	line), the line syntax every rules file shares (rp_lines.c:
 *	comments, quotes, CRLF) and local additions.  The lookalike
 *	checks are test-domain.  Prints the number of cases run.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "regphish.h"
#include "rp_util.h"
#include "rp_url.h"
#include "rp_brands.h"
#include "brands_fixture.h"
#include "check_main.h"

static unsigned ncases;

/* test_owner - ownership and sending domains */
START_TEST(test_owner)
{
    static const struct {
	const char *domain;
	const char *owner;
	const char *sender;	/* brand that sends from it, NULL if none checked */
	int     sends;
    }       cases[] = {
	{"mailer.rubygems.org", "RubyGems", "RubyGems", 1},
	{"pypi.org", "PyPI", "PyPI", 1},
	{"PyPI.org.", "PyPI", "PyPI", 1},
	{"pythonhosted.org", "PyPI", "PyPI", 0},
	{"notify.docker.com", "Docker Hub", "Docker Hub", 1},
	{"github.io", "GitHub", "GitHub", 0},
	{"github.com", "GitHub", "npm", 0},
	{"evil.example", NULL, "PyPI", 0},
	{"pypy.org", NULL, "PyPI", 0},
	{"pypj.org", NULL, "PyPI", 0},
	{"xn--zz", NULL, "PyPI", 0},
	{"", NULL, "PyPI", 0},
    };
    const rp_brand *owner, *sender;
    size_t  i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++, ncases++) {
	owner = rp_brands_owner(brands, cases[i].domain);
	ck_assert_msg(cases[i].owner ? owner && strcmp(rp_brand_name(owner), cases[i].owner) == 0
		      : owner == NULL, "%s: owner %s", cases[i].domain,
		      owner ? rp_brand_name(owner) : "-");
	/* Each brand's display name is among the names it claims. */
	sender = rp_brands_claimed(brands, cases[i].sender);
	ck_assert_msg(sender != NULL, "%s: brand %s", cases[i].domain, cases[i].sender);
	ck_assert_msg(rp_brand_sends_from(sender, cases[i].domain) == cases[i].sends,
		      "%s: sends_from(%s)", cases[i].domain, cases[i].sender);
    }
    ck_assert_str_eq(rp_brand_domain(rp_brands_owner(brands, "pypi.io")), "pypi.org");
    ck_assert_msg(rp_brand_sends_from(NULL, "pypi.org") == 0, "NULL brand");
    ck_assert_msg(rp_brands_owner(NULL, "pypi.org") == NULL, "NULL table");
}
END_TEST

/* test_claimed - display names that claim a brand */
START_TEST(test_claimed)
{
    static const struct {
	const char *text;
	const char *brand;
    }       cases[] = {
	{"pypi", "PyPI"},
	{"python package index security team", "PyPI"},
	{"octocat (github notifications)", "GitHub"},
	{"rust-lang/crates.io", "crates.io"},
	{"npm, inc.", "npm"},
	{"npmjs support", "npm"},
	{"docker hub", "Docker Hub"},
	{"pypiサポート", "PyPI"},
	{"the go team", "Go"},
	{"GitHub Security", "GitHub"},
	{"rubygems.org", "RubyGems"},
	{"sonatype central", "Maven Central"},
	{"anaconda, inc.", "Anaconda"},
	{"homebrew maintainers", "Homebrew"},
	{"nuget gallery", "NuGet"},
	{"pnpm team", NULL},
	{"snpm", NULL},
	{"jane doe", NULL},
	{"gopher", NULL},
	{"happypipeline", NULL},
	{"dockers outlet", NULL},
	{"githubber", NULL},
	{"", NULL},
    };
    const rp_brand *b;
    size_t  i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++, ncases++) {
	b = rp_brands_claimed(brands, cases[i].text);
	ck_assert_msg(cases[i].brand ? b && strcmp(rp_brand_name(b), cases[i].brand) == 0
		      : b == NULL, "claimed(\"%s\") = %s", cases[i].text,
		      b ? rp_brand_name(b) : "-");
    }
    ck_assert_msg(rp_brands_claimed(brands, NULL) == NULL, "NULL text");
}
END_TEST

/* test_subject - the brands' own subject templates */
START_TEST(test_subject)
{
    static const struct {
	const char *subject;
	const char *brand;
    }       cases[] = {
	{"[PyPI] Verify your account", "PyPI"},
	{"[GitHub] Please verify your device", "GitHub"},
	{"  [github] security alert", "GitHub"},
	{"Gem foo (1.0.0) pushed to RubyGems.org", "RubyGems"},
	{"crates.io: Please confirm your email address", "crates.io"},
	{"Re: [PyPI] question", NULL},
	{"PyPI account notice", NULL},
	{"[rust-lang/crates.io] Fix the index", NULL},
	{"[npm/cli] Release 10", NULL},
	{"Gem pushed", NULL},
	{"", NULL},
    };
    const rp_brand *b;
    size_t  i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++, ncases++) {
	b = rp_brands_subject_template(brands, cases[i].subject);
	ck_assert_msg(cases[i].brand ? b && strcmp(rp_brand_name(b), cases[i].brand) == 0
		      : b == NULL, "subject(\"%s\") = %s", cases[i].subject,
		      b ? rp_brand_name(b) : "-");
    }
}
END_TEST

/* test_shortener - URL shorteners */
START_TEST(test_shortener)
{
    static const struct {
	const char *host;
	int     want;
    }       cases[] = {
	{"bit.ly", 1}, {"www.bit.ly", 1}, {"BIT.LY.", 1}, {"tinyurl.com", 1},
	{"t.co", 1}, {"is.gd", 1}, {"cutt.ly", 1}, {"tiny.cc", 1}, {"ow.ly", 1},
	{"s.id", 1}, {"goo.gl", 1}, {"shorturl.at", 1},
	{"example.com", 0}, {"bitly.example.com", 0}, {"t.com", 0},
	{"notbit.ly", 0}, {"youtu.be", 0}, {"github.com", 0}, {"", 0}, {"xn--", 0},
    };
    size_t  i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++, ncases++)
	ck_assert_msg(rp_brands_shortener(brands, cases[i].host) == cases[i].want,
		      "shortener(%s)", cases[i].host);
    ck_assert_msg(rp_brands_shortener(brands, NULL) == 0, "NULL host");
}
END_TEST

/* test_hosted - brand-named pages on free hosting */
START_TEST(test_hosted)
{
    static const struct {
	const char *url;
	const char *brand;
    }       cases[] = {
	{"https://github-com-login.onrender.com/", "GitHub"},
	{"https://pypi-verify.pages.dev/", "PyPI"},
	{"https://sites.google.com/view/pypivalidate", "PyPI"},
	{"https://abc123.netlify.app/npm-login/", "npm"},
	{"https://x7.ngrok-free.app/rubygems/verify", "RubyGems"},
	{"https://pypi-login.github.io/", "PyPI"},
	{"https://crates-io.glitch.me/", "crates.io"},
	{"https://storage.googleapis.com/nuget-auth/index.html", "NuGet"},
	{"https://u.wixsite.com/dockerhub-signin", "Docker Hub"},
	{"https://cool-site.netlify.app/", NULL},
	{"https://someone.github.io/npm-utils/", NULL},
	{"https://npm.github.io/", NULL},
	{"https://pypi.org/project/x/", NULL},
	{"https://sites.google.com/view/bakery", NULL},
	{"https://happypipeline.pages.dev/", NULL},
	{"https://docs.readthedocs.io/en/latest/", NULL},
	{"https://snpm.vercel.app/", NULL},
	{"https://192.0.2.1/pypi-login", NULL},
    };
    rp_url  url;
    char    reason[512];
    const rp_brand *b;
    size_t  i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++, ncases++) {
	ck_assert_msg(rp_url_parse(cases[i].url, strlen(cases[i].url), &url) == 0,
		      "parse %s", cases[i].url);
	reason[0] = 0;
	b = rp_brands_hosted_page(brands, &url, reason, sizeof(reason));
	ck_assert_msg(cases[i].brand ? b && strcmp(rp_brand_name(b), cases[i].brand) == 0
		      : b == NULL, "hosted(%s) = %s (%s)", cases[i].url,
		      b ? rp_brand_name(b) : "-", reason);
	ck_assert_msg(b == NULL || strstr(reason, "free hosting"), "%s: reason %s",
		      cases[i].url, reason);
	rp_url_free(&url);
    }
    ck_assert_msg(rp_brands_hosted_page(brands, NULL, reason, sizeof(reason)) == NULL, "NULL url");
}
END_TEST

/* Findings collected from rp_brands_oauth(). */
typedef struct oauth_seen {
    int     foreign, scope;
    char    reason[512];
} oauth_seen;

/* oauth_found - collect one finding */
static void oauth_found(void *ctx, rp_symbol technique, const char *reason)
{
    oauth_seen *seen = ctx;

    if (technique == RP_SYM_OAUTH_FOREIGN_REDIRECT)
	seen->foreign++;
    else if (technique == RP_SYM_OAUTH_DANGEROUS_SCOPE)
	seen->scope++;
    snprintf(seen->reason, sizeof(seen->reason), "%s", reason);
}

/* test_oauth - brand OAuth consent links */
START_TEST(test_oauth)
{
    static const struct {
	const char *url;
	int     foreign, scope;
    }       cases[] = {
	{"https://github.com/login/oauth/authorize?client_id=x&redirect_uri=https%3A%2F%2Fevil.example%2Fcb&scope=repo%20workflow", 1, 1},
	{"https://github.com/login/oauth/authorize?client_id=x&redirect_uri=https://github.com/callback&scope=read:user", 0, 0},
	{"https://github.com/login/oauth/authorize?client_id=x&redirect_uri=http://127.0.0.1:8000/cb&scope=user:email", 0, 0},
	{"https://github.com/login/oauth/authorize?client_id=x&redirect_uri=http://localhost:9/cb", 0, 0},
	{"https://gitlab.com/oauth/authorize?client_id=a&redirect_uri=https://app.example/cb&scope=api", 1, 1},
	{"https://evil.example/login/oauth/authorize?redirect_uri=https://x.example&scope=repo", 0, 0},
	{"https://github.com/login/oauth/authorize/?scope=delete_repo+admin:org", 0, 1},
	{"https://github.com/login/oauth/authorize?scope=read:org,write:packages", 0, 1},
	{"https://github.com/login/oauth/access_token?redirect_uri=https://evil.example/", 0, 0},
	{"https://github.com/login/oauth/authorize?client_id=x&redirect_uri=https://ci.example.org/auth&scope=", 1, 0},
    };
    rp_url  url;
    oauth_seen seen;
    size_t  i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++, ncases++) {
	ck_assert_msg(rp_url_parse(cases[i].url, strlen(cases[i].url), &url) == 0,
		      "parse %s", cases[i].url);
	memset(&seen, 0, sizeof(seen));
	rp_brands_oauth(brands, &url, oauth_found, &seen);
	ck_assert_msg(seen.foreign == cases[i].foreign && seen.scope == cases[i].scope,
		      "oauth(%s): foreign %d scope %d (%s)", cases[i].url, seen.foreign,
		      seen.scope, seen.reason);
	rp_url_free(&url);
    }
}
END_TEST

/* write_file - create dir/name with text */
static void write_file(const char *dir, const char *name, const char *text)
{
    char    path[512];
    FILE   *fp;

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    fp = fopen(path, "w");
    ck_assert_msg(fp != NULL, "create %s", path);
    fputs(text, fp);
    fclose(fp);
}

/* remove_dir - remove the rules files and the directory */
static void remove_dir(const char *dir)
{
    static const char *const names[] = {
	"brands.conf", "hosting.conf", "shorteners.conf", "redirectors.conf",
    };
    char    path[512];
    size_t  i;

    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
	snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
	unlink(path);
    }
    rmdir(dir);
}

/* test_load_errors - bad rules name file and line */
START_TEST(test_load_errors)
{
    static const struct {
	const char *text;
	unsigned line;
    }       cases[] = {
	{"brand X\ndomain x.example\nfrobnicate y\n", 3},
	{"domain x.example\n", 1},
	{"brand X\ntarget xn--zz.com\n", 2},
	{"brand X\ntarget x.example bogus\n", 2},
	{"# c\nbrand X\n\ntoken a_b\n", 4},
	{"brand X\noauth nohost\n", 2},
	{"brand X\ndomain pypi.org\nbrand Y\ndomain pypi.org\n", 4},
	{"brand X\ndomain\n", 2},
	{"brand X\nname\n", 2},
    };
    char    dir[] = "/tmp/test-brands-XXXXXX";
    rp_brands *b;
    rp_error err;
    size_t  i;
    int     rc;

    ck_assert_msg(mkdtemp(dir) != NULL, "mkdtemp");
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++, ncases++) {
	write_file(dir, "brands.conf", cases[i].text);
	memset(&err, 0, sizeof(err));
	b = rp_brands_new();
	rc = rp_brands_load_dir(b, dir, 0, &err);
	ck_assert_msg(rc == RP_ERR_SYNTAX && err.line == cases[i].line,
		      "case %zu: rc %d line %u (%s)", i, rc, err.line, err.message);
	rp_brands_free(b);
    }
    /* A required directory must hold the files; a brand must own a domain. */
    b = rp_brands_new();
    ck_assert_msg(rp_brands_load_dir(b, "/nonexistent", 1, &err) == RP_ERR_IO, "missing dir");
    rp_brands_free(b);
    write_file(dir, "brands.conf", "brand Lonely\nname lonely\n");
    b = rp_brands_new();
    ck_assert_msg(rp_brands_load_dir(b, dir, 0, &err) == RP_OK, "load lonely");
    ck_assert_msg(rp_brands_finish(b, &err) == RP_ERR_SYNTAX, "brand without domain");
    rp_brands_free(b);
    write_file(dir, "hosting.conf", "pages.example view/\n");
    b = rp_brands_new();
    ck_assert_msg(rp_brands_load_dir(b, dir, 0, &err) == RP_ERR_SYNTAX && err.line == 1,
		  "bad path prefix");
    rp_brands_free(b);
    remove_dir(dir);
    ncases += 3;
}
END_TEST

/* test_syntax - the line rules shared by every rules file (rp_lines.c) */
START_TEST(test_syntax)
{
    char    dir[] = "/tmp/test-brands-XXXXXX";
    const rp_brand *b;
    rp_brands *t;
    rp_error err;

    ck_assert_msg(mkdtemp(dir) != NULL, "mkdtemp");
    write_file(dir, "brands.conf",
	       "  # a comment, and a blank line\n"
	       "\n"
	       "brand Acme\r\n"
	       "domain acmepkg.example\t# a comment after a word\r\n"
	       "name \"acme #1 registry\"   # '#' inside quotes is text\n"
	       "subject [Acme]#* notice\n");
    write_file(dir, "shorteners.conf", "lnk.example #top\n");
    memset(&err, 0, sizeof(err));
    t = rp_brands_new();
    ck_assert_msg(rp_brands_load_dir(t, dir, 0, &err) == RP_OK, "%s:%u: %s",
		  err.file, err.line, err.message);
    ck_assert_msg(rp_brands_finish(t, &err) == RP_OK, "%s", err.message);
    b = rp_brands_owner(t, "www.acmepkg.example");
    ck_assert_msg(b && strcmp(rp_brand_name(b), "Acme") == 0, "CRLF brand and domain");
    ck_assert_msg(rp_brands_claimed(t, "the acme #1 registry team") == b, "quoted #");
    ck_assert_msg(rp_brands_subject_template(t, "[Acme]#7 notice") == b, "# inside a word");
    ck_assert_msg(rp_brands_shortener(t, "lnk.example"), "comment after a domain");
    rp_brands_free(t);
    /* A '#' inside a word is text: "go.example.com#top" is no domain. */
    write_file(dir, "shorteners.conf", "go.example.com#top\n");
    t = rp_brands_new();
    ck_assert_msg(rp_brands_load_dir(t, dir, 0, &err) == RP_ERR_SYNTAX && err.line == 1
		  && strstr(err.file, "shorteners.conf"), "%s:%u: %s", err.file, err.line,
		  err.message);
    rp_brands_free(t);
    remove_dir(dir);
    ncases += 6;
}
END_TEST

/* test_local - a local rules directory extends brands and adds new ones */
START_TEST(test_local)
{
    char    dir[] = "/tmp/test-brands-XXXXXX";
    rp_brands *b;
    rp_error err;
    rp_domain_match m;

    ck_assert_msg(mkdtemp(dir) != NULL, "mkdtemp");
    write_file(dir, "brands.conf",
	       "brand pypi   # extends the shipped PyPI\n"
	       "domain pypi-mirror.example.net\n"
	       "brand Acme Registry\n"
	       "target acmepkg.com\n"
	       "sends acmepkg.com\n"
	       "name Acme Registry\n"
	       "good acmepkg.org\n");
    write_file(dir, "shorteners.conf", "go.example.com\n");
    b = brands_fixture_load(dir);
    ck_assert_msg(rp_domain_check(b, "pypi-mirror.example.net", &m) == 0 && m.own
		  && strcmp(rp_brand_name(m.brand), "PyPI") == 0, "local own: %s", m.reason);
    ck_assert_msg(rp_domain_check(b, "acmepkg.net", &m) == 1
		  && m.technique == RP_SYM_LOOKALIKE_TLD_SWAP, "local target: %s", m.reason);
    ck_assert_msg(rp_domain_check(b, "acmepkg-login.com", &m) == 1
		  && m.technique == RP_SYM_LOOKALIKE_COMBOSQUAT, "local token: %s", m.reason);
    ck_assert_msg(rp_domain_check(b, "acmepkg.org", &m) == 0 && m.own, "local good");
    ck_assert_msg(rp_brands_shortener(b, "go.example.com"), "local shortener");
    ck_assert_msg(rp_brands_claimed(b, "acme registry billing") != NULL, "local name");
    ck_assert_msg(rp_brands_load_dir(b, dir, 0, &err) == RP_ERR_INVALID, "load after finish");
    rp_brands_free(b);
    remove_dir(dir);
    ncases += 7;
}
END_TEST

/* brands_suite - all tests */
static Suite *brands_suite(void)
{
    Suite  *s = suite_create("brands");
    TCase  *tc = tcase_create("table");

    tcase_set_timeout(tc, 120);
    tcase_add_checked_fixture(tc, brands_fixture_setup, brands_fixture_teardown);
    tcase_add_test(tc, test_owner);
    tcase_add_test(tc, test_claimed);
    tcase_add_test(tc, test_subject);
    tcase_add_test(tc, test_shortener);
    tcase_add_test(tc, test_hosted);
    tcase_add_test(tc, test_oauth);
    tcase_add_test(tc, test_load_errors);
    tcase_add_test(tc, test_syntax);
    tcase_add_test(tc, test_local);
    suite_add_tcase(s, tc);
    return s;
}

/* report - how many cases ran */
static void report(void)
{
    printf("test-brands: %u cases\n", ncases);
}

/* One process: the case counter survives, and valgrind sees everything. */
const rp_test_program rp_test = {brands_suite, NULL, NULL, report, 1};
