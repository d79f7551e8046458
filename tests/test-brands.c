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
 *	templates (also written with confusable letters: another
 *	script's, diacritics), shorteners, hosted pages and OAuth links;
 *	then rules
 *	written to a temporary directory: load errors (at the right
 *	line), the line syntax every rules file shares (rp_lines.c:
 *	comments, quotes, CRLF), local additions and a brand that owns
 *	an internationalised domain.  The lookalike
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
#include "rp_text.h"
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

/* claim_of - rp_brands_claim() of a display name as the sender check reads it */
static const rp_brand *claim_of(const rp_brands *table, const char *display, rp_claim *claim)
{
    char   *norm = rp_text_normalize(display, strlen(display), NULL);
    const rp_brand *b = rp_brands_claim(table, norm, NULL, claim);

    ck_assert_msg(b == claim->brand, "%s: return value and claim disagree", display);
    free(norm);
    return b;
}

/*
 * test_claim_homoglyph_name - one Cyrillic or Greek letter, or a
 * diacritic, in a display name still claims the brand, and says that
 * the name is written in confusable letters; names in other scripts
 * that spell no brand claim nothing.
 */
START_TEST(test_claim_homoglyph_name)
{
    static const struct {
	const char *display;
	const char *brand;
	int     confusable;
    }       cases[] = {
	{"G\xd1\x96tHub Security", "GitHub", 1},	/* Cyrillic i */
	{"PyP\xce\x99", "PyPI", 1},			/* Greek capital iota */
	{"np\xd0\xbc support", "npm", 1},		/* Cyrillic em */
	{"PyP\xc3\x8d Admins", "PyPI", 1},		/* I with acute */
	{"gitl\xc3\xa1" "b team", "GitLab", 1},
	{"\xd0\xa0\xd1\x83\xd0\xa0\xd0\x86", "PyPI", 1},	/* wholly Cyrillic look-alike */
	{"The Do\xd1\x81ker Hub team", "Docker Hub", 1},
	{"Ru\xd0\xb2yGems.org", "RubyGems", 1},
	{"P\xd1\x83thon Package Index", "PyPI", 1},
	{"GitHub np\xd0\xbc", "npm", 1},		/* the confusable name wins */
	{"GitHub Security", "GitHub", 0},
	{"npm, inc.", "npm", 0},
	{"pypi\xe3\x82\xb5\xe3\x83\x9d\xe3\x83\xbc\xe3\x83\x88", "PyPI", 0},
	{"PyPI G\xd1\x96tHub", "GitHub", 1},
	/* other scripts spelling no brand */
	{"\xd0\xa1\xd0\xbb\xd1\x83\xd0\xb6\xd0\xb1\xd0\xb0 \xd0\xbf\xd0\xbe\xd0\xb4\xd0\xb4\xd0\xb5\xd1\x80\xd0\xb6\xd0\xba\xd0\xb8", NULL, 0},
	{"\xd0\x98\xd0\xb2\xd0\xb0\xd0\xbd \xd0\x9f\xd0\xb5\xd1\x82\xd1\x80\xd0\xbe\xd0\xb2", NULL, 0},
	{"\xe3\x82\xb5\xe3\x83\x9d\xe3\x83\xbc\xe3\x83\x88\xe3\x83\x81\xe3\x83\xbc\xe3\x83\xa0", NULL, 0},
	{"\xe5\xb1\xb1\xe7\x94\xb0\xe5\xa4\xaa\xe9\x83\x8e", NULL, 0},
	{"J\xc3\xbcrgen M\xc3\xbcller", NULL, 0},
	{"M\xc3\xbcnchen Team", NULL, 0},
	{"Fran\xc3\xa7ois P\xc3\xa9rez", NULL, 0},
	/* a brand's look-alike inside a word of its script is no claim */
	{"\xd0\xbf\xd1\x80\xd0\xbe\xd0\xb5\xd0\xba\xd1\x82 \xd1\x80\xd1\x83\xd1\x80\xd1\x96\xd0\xb9", NULL, 0},
	{"Gitl\xc3\xa1" "bers", NULL, 0},
	/* transliteration is no look-alike: out of scope */
	{"\xd0\x93\xd0\xb8\xd1\x82\xd0\xa5\xd0\xb0\xd0\xb1", NULL, 0},	/* "ГитХаб" */
    };
    rp_claim claim;
    const rp_brand *b;
    size_t  i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++, ncases++) {
	b = claim_of(brands, cases[i].display, &claim);
	ck_assert_msg(cases[i].brand ? b && strcmp(rp_brand_name(b), cases[i].brand) == 0
		      : b == NULL, "claim(\"%s\") = %s", cases[i].display,
		      b ? rp_brand_name(b) : "-");
	ck_assert_msg(claim.confusable == cases[i].confusable, "claim(\"%s\"): confusable %d",
		      cases[i].display, claim.confusable);
    }
    ck_assert_msg(rp_brands_claim(brands, NULL, NULL, &claim) == NULL && !claim.confusable,
		  "NULL text");
    ck_assert_msg(rp_brands_claimed(brands, "g\xd1\x96thub") != NULL, "claimed() reads skeletons");
}
END_TEST

/* test_subject_homoglyph_template - a template copied with confusable letters */
START_TEST(test_subject_homoglyph_template)
{
    static const struct {
	const char *subject;
	const char *brand;
	int     confusable;
    }       cases[] = {
	{"[PyP\xce\x99] Verify your account", "PyPI", 1},
	{"[G\xd1\x96tHub] Please verify your device", "GitHub", 1},
	{"[PyP\xc3\x8d] Email verification", "PyPI", 1},
	{"Gem foo (1.0.0) pushed to RubyG\xd0\xb5ms.org", "RubyGems", 1},
	{"cr\xd0\xb0tes.io: Please confirm your email address", "crates.io", 1},
	{"  [\xd0\xa0yPI]  Verify", "PyPI", 1},
	{"[PyPI] Verify your account", "PyPI", 0},
	{"Re: [P\xd1\x83PI] question", NULL, 0},
	{"[rust-lang/cr\xd0\xb0tes.io] Fix the index", NULL, 0},
	{"\xd0\xa1\xd1\x87\xd1\x91\xd1\x82 \xe2\x84\x96 17", NULL, 0},
    };
    rp_claim claim;
    char   *skel;
    const rp_brand *b;
    size_t  i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++, ncases++) {
	b = rp_brands_subject_claim(brands, cases[i].subject, NULL, &claim);
	ck_assert_msg(cases[i].brand ? b && strcmp(rp_brand_name(b), cases[i].brand) == 0
		      : b == NULL, "subject(\"%s\") = %s", cases[i].subject,
		      b ? rp_brand_name(b) : "-");
	ck_assert_msg(claim.confusable == cases[i].confusable, "subject(\"%s\"): confusable %d",
		      cases[i].subject, claim.confusable);
	/* A skeleton computed once serves as well. */
	skel = rp_brands_skeleton(brands, cases[i].subject);
	ck_assert_msg(rp_brands_subject_claim(brands, cases[i].subject, skel, &claim) == b,
		      "subject(\"%s\") with its skeleton", cases[i].subject);
	free(skel);
    }
    ck_assert_msg(rp_brands_subject_template(brands, "[G\xd1\x96tHub] x") != NULL,
		  "subject_template() reads skeletons");
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

/*
 * test_idn_brand - a brand that owns an internationalised domain: its
 * own names are genuine in either form, its name written as it spells
 * it claims it plainly, and look-alikes of its domain are found.
 */
START_TEST(test_idn_brand)
{
    char    dir[] = "/tmp/test-brands-XXXXXX";
    rp_brands *b;
    rp_domain_match m;
    rp_claim claim;

    ck_assert_msg(mkdtemp(dir) != NULL, "mkdtemp");
    write_file(dir, "brands.conf",
	       "brand B\xc3\xbc" "cherei Pakete\n"
	       "target b\xc3\xbc" "cherei-pakete.de\n"
	       "sends b\xc3\xbc" "cherei-pakete.de\n"
	       "name B\xc3\xbc" "cherei Pakete\n"
	       "subject [B\xc3\xbc" "cherei] *\n");
    b = brands_fixture_load(dir);
    ck_assert_msg(rp_domain_check(b, "b\xc3\xbc" "cherei-pakete.de", &m) == 0 && m.own
		  && m.brand && strcmp(rp_brand_domain(m.brand), "xn--bcherei-pakete-gsb.de") == 0,
		  "own IDN: %s", m.reason);
    ck_assert_msg(rp_domain_check(b, "xn--bcherei-pakete-gsb.de", &m) == 0 && m.own,
		  "own IDN as A-label: %s", m.reason);
    ck_assert_msg(rp_domain_check(b, "mail.b\xc3\xbc" "cherei-pakete.de", &m) == 0 && m.own,
		  "own IDN subdomain: %s", m.reason);
    ck_assert_msg(rp_brand_sends_from(m.brand, "b\xc3\xbc" "cherei-pakete.de"), "sends");
    ck_assert_msg(rp_domain_check(b, "b\xc3\xbb" "cherei-pakete.de", &m) == 1
		  && m.technique == RP_SYM_LOOKALIKE_HOMOGLYPH, "other diacritic: %s", m.reason);
    ck_assert_msg(rp_domain_check(b, "b\xc3\xbc" "cherei.de", &m) == 0, "bücherei.de: %s",
		  m.reason);
    ck_assert_msg(claim_of(b, "B\xc3\xbc" "cherei Pakete", &claim) != NULL
		  && !claim.confusable, "its name as it spells it");
    ck_assert_msg(claim_of(b, "Bucherei Pakete", &claim) != NULL && claim.confusable,
		  "its name without the diacritic");
    ck_assert_msg(rp_brands_subject_claim(b, "[B\xc3\xbc" "cherei] Konto", NULL, &claim)
		  != NULL && !claim.confusable, "its subject as it spells it");
    rp_brands_free(b);
    remove_dir(dir);
    ncases += 9;
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
    tcase_add_test(tc, test_claim_homoglyph_name);
    tcase_add_test(tc, test_subject_homoglyph_template);
    tcase_add_test(tc, test_shortener);
    tcase_add_test(tc, test_hosted);
    tcase_add_test(tc, test_oauth);
    tcase_add_test(tc, test_load_errors);
    tcase_add_test(tc, test_syntax);
    tcase_add_test(tc, test_local);
    tcase_add_test(tc, test_idn_brand);
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
