/*
 * NAME
 *	test-domain 1
 * SUMMARY
 *	unit tests for the brand table and the domain-imitation checks
 * SYNOPSIS
 *	test-domain
 * DESCRIPTION
 *	Loads the shipped rules from RP_TEST_RULES_DIR and runs tables of
 *	cases: lookalikes for every technique and brand (invented here,
 *	not taken from the sample corpus), hard negatives (other projects,
 *	short words, internal names, brand-owned hosts), invalid names,
 *	display-name claims, subject templates, shorteners, hosted pages,
 *	OAuth links, load errors and local additions.  Prints the number
 *	of cases run.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "regphish.h"
#include "rp_util.h"
#include "rp_url.h"
#include "rp_brands.h"
#include "check_main.h"

static rp_brands *brands;
static unsigned ncases;

/* setup - load the shipped rules once per test */
static void setup(void)
{
    rp_error err;

    memset(&err, 0, sizeof(err));
    brands = rp_brands_new();
    ck_assert_msg(rp_brands_load_dir(brands, RP_TEST_RULES_DIR, 1, &err) == RP_OK,
		  "load: %s:%u: %s", err.file, err.line, err.message);
    ck_assert_msg(rp_brands_load_dir(brands, "/nonexistent/rules.d", 0, &err) == RP_OK,
		  "optional local dir: %s", err.message);
    ck_assert_msg(rp_brands_finish(brands, &err) == RP_OK, "finish: %s", err.message);
}

/* teardown - release the table */
static void teardown(void)
{
    rp_brands_free(brands);
    brands = NULL;
}

typedef struct dcase {
    const char *host;
    int     rc;			/* 1 lookalike, 0 not, -1 invalid */
    const char *technique;	/* when rc is 1 */
    const char *brand;		/* when rc is 1, or the owner when own */
    int     own;
} dcase;

#define HIT(h, t, b)	{h, 1, "LOOKALIKE_" t, b, 0}
#define PAGE(h, b)	{h, 1, "HOSTED_BRAND_PAGE", b, 0}
#define OWN(h, b)	{h, 0, NULL, b, 1}
#define GOOD(h)		{h, 0, NULL, NULL, 1}
#define NONE(h)		{h, 0, NULL, NULL, 0}
#define BAD(h)		{h, -1, NULL, NULL, 0}

static const dcase domain_cases[] = {
    /* homoglyphs: Cyrillic, Armenian, Greek letters, Unicode and A-label input */
    HIT("gіthub.com", "HOMOGLYPH", "GitHub"),
    HIT("xn--gthub-n2e.com", "HOMOGLYPH", "GitHub"),
    HIT("rubуgems.org", "HOMOGLYPH", "RubyGems"),
    HIT("nugеt.org", "HOMOGLYPH", "NuGet"),
    HIT("pаckagist.org", "HOMOGLYPH", "Packagist"),
    HIT("рурі.org", "HOMOGLYPH", "PyPI"),
    HIT("gіthub.net", "HOMOGLYPH", "GitHub"),
    HIT("sоnatype.com", "HOMOGLYPH", "Maven Central"),
    HIT("gіthub-security.com", "HOMOGLYPH", "GitHub"),
    HIT("GІTHUB.COM", "HOMOGLYPH", "GitHub"),
    /* omission */
    HIT("rubygms.org", "OMISSION", "RubyGems"),
    HIT("pckagist.org", "OMISSION", "Packagist"),
    HIT("sonatyp.com", "OMISSION", "Maven Central"),
    HIT("golng.org", "OMISSION", "Go"),
    HIT("metacpn.org", "OMISSION", "CPAN"),
    HIT("anacond.com", "OMISSION", "Anaconda"),
    HIT("gitlb.com", "OMISSION", "GitLab"),
    HIT("npmj.com", "OMISSION", "npm"),
    HIT("pythonhoted.org", "OMISSION", "PyPI"),
    /* insertion */
    HIT("gitxhub.com", "INSERTION", "GitHub"),
    HIT("pypie.org", "INSERTION", "PyPI"),
    HIT("nugeft.org", "INSERTION", "NuGet"),
    HIT("packagiast.org", "INSERTION", "Packagist"),
    HIT("sonaitype.com", "INSERTION", "Maven Central"),
    HIT("dockrer.com", "INSERTION", "Docker Hub"),
    /* repetition */
    HIT("githhub.com", "REPETITION", "GitHub"),
    HIT("npmmjs.com", "REPETITION", "npm"),
    HIT("pyppi.org", "REPETITION", "PyPI"),
    HIT("nugett.org", "REPETITION", "NuGet"),
    HIT("rubbygems.org", "REPETITION", "RubyGems"),
    HIT("hexdoocs.pm", "REPETITION", "Hex"),
    /* transposition */
    HIT("gtihub.com", "TRANSPOSITION", "GitHub"),
    HIT("pyip.org", "TRANSPOSITION", "PyPI"),
    HIT("nuegt.org", "TRANSPOSITION", "NuGet"),
    HIT("rubgyems.org", "TRANSPOSITION", "RubyGems"),
    HIT("packagsit.org", "TRANSPOSITION", "Packagist"),
    HIT("gitalb.com", "TRANSPOSITION", "GitLab"),
    /* visual */
    HIT("rnetacpan.org", "VISUAL", "CPAN"),
    HIT("pypl.org", "VISUAL", "PyPI"),
    HIT("g1thub.com", "VISUAL", "GitHub"),
    HIT("npnnjs.com", "VISUAL", "npm"),
    HIT("golanq.org", "VISUAL", "Go"),
    HIT("anaconcla.com", "VISUAL", "Anaconda"),
    HIT("hexclocs.pm", "VISUAL", "Hex"),
    HIT("packaglst.org", "VISUAL", "Packagist"),
    HIT("rubygerns.org", "VISUAL", "RubyGems"),
    HIT("d0cker.com", "VISUAL", "Docker Hub"),
    /* keyboard */
    HIT("gothub.com", "KEYBOARD", "GitHub"),
    HIT("pypu.org", "KEYBOARD", "PyPI"),
    HIT("npmjd.com", "KEYBOARD", "npm"),
    HIT("rubygrms.org", "KEYBOARD", "RubyGems"),
    HIT("sonatyoe.com", "KEYBOARD", "Maven Central"),
    HIT("nugwt.org", "KEYBOARD", "NuGet"),
    /* bitsquat */
    HIT("githuc.com", "BITSQUAT", "GitHub"),
    HIT("rubygeos.org", "BITSQUAT", "RubyGems"),
    HIT("packagisv.org", "BITSQUAT", "Packagist"),
    HIT("dockeb.com", "BITSQUAT", "Docker Hub"),
    /* vowel swap */
    HIT("gethub.com", "VOWEL_SWAP", "GitHub"),
    HIT("rubygams.org", "VOWEL_SWAP", "RubyGems"),
    HIT("nugot.org", "VOWEL_SWAP", "NuGet"),
    HIT("packegist.org", "VOWEL_SWAP", "Packagist"),
    HIT("anacondo.com", "VOWEL_SWAP", "Anaconda"),
    /* hyphenation */
    HIT("git-hub.com", "HYPHENATION", "GitHub"),
    HIT("npm-js.com", "HYPHENATION", "npm"),
    HIT("nu-get.org", "HYPHENATION", "NuGet"),
    HIT("packa-gist.org", "HYPHENATION", "Packagist"),
    HIT("ruby-gems.org", "HYPHENATION", "RubyGems"),
    HIT("py-p-i.org", "HYPHENATION", "PyPI"),
    /* generic small edit distance */
    HIT("rubyjens.org", "EDIT", "RubyGems"),
    HIT("pythnhosed.org", "EDIT", "PyPI"),
    HIT("packajist.org", "EDIT", "Packagist"),
    /* TLD swap */
    HIT("npmjs.xyz", "TLD_SWAP", "npm"),
    HIT("pypi.app", "TLD_SWAP", "PyPI"),
    HIT("github.ru", "TLD_SWAP", "GitHub"),
    HIT("rubygems.dev", "TLD_SWAP", "RubyGems"),
    HIT("nuget.net", "TLD_SWAP", "NuGet"),
    HIT("packagist.io", "TLD_SWAP", "Packagist"),
    HIT("golang.net", "TLD_SWAP", "Go"),
    HIT("metacpan.com", "TLD_SWAP", "CPAN"),
    HIT("anaconda.net", "TLD_SWAP", "Anaconda"),
    HIT("docker.dev", "TLD_SWAP", "Docker Hub"),
    HIT("crates.dev", "TLD_SWAP", "crates.io"),
    HIT("npmjs.com.br", "TLD_SWAP", "npm"),
    HIT("pythonhosted.com", "TLD_SWAP", "PyPI"),
    /* dot to hyphen, dot dropped, domain run into words */
    HIT("npmjs-com.net", "DOT_HYPHEN", "npm"),
    HIT("github-com.org", "DOT_HYPHEN", "GitHub"),
    HIT("nuget-org.com", "DOT_HYPHEN", "NuGet"),
    HIT("rubygemsorg.com", "DOT_HYPHEN", "RubyGems"),
    HIT("crates-io.org", "DOT_HYPHEN", "crates.io"),
    HIT("pub-dev.com", "DOT_HYPHEN", "pub.dev"),
    HIT("hex-pm.net", "DOT_HYPHEN", "Hex"),
    HIT("go-dev.org", "DOT_HYPHEN", "Go"),
    HIT("npmjs.com-verify.net", "DOT_HYPHEN", "npm"),
    HIT("golang-org-proxy.com", "DOT_HYPHEN", "Go"),
    HIT("secure-pypi-org.net", "DOT_HYPHEN", "PyPI"),
    /* combosquatting */
    HIT("pypi-verify.net", "COMBOSQUAT", "PyPI"),
    HIT("npm-tokens.com", "COMBOSQUAT", "npm"),
    HIT("securenpmjs.com", "COMBOSQUAT", "npm"),
    HIT("githubsupport.net", "COMBOSQUAT", "GitHub"),
    HIT("rubygems-mfa.com", "COMBOSQUAT", "RubyGems"),
    HIT("nuget-security.net", "COMBOSQUAT", "NuGet"),
    HIT("packagist-auth.org", "COMBOSQUAT", "Packagist"),
    HIT("mavencentral-login.com", "COMBOSQUAT", "Maven Central"),
    HIT("docker-hub-help.com", "COMBOSQUAT", "Docker Hub"),
    HIT("dockerhubs.com", "COMBOSQUAT", "Docker Hub"),
    HIT("golang-modules.net", "COMBOSQUAT", "Go"),
    HIT("hexpm-billing.com", "COMBOSQUAT", "Hex"),
    HIT("metacpan-pause.org", "COMBOSQUAT", "CPAN"),
    HIT("conda-install.net", "COMBOSQUAT", "Anaconda"),
    HIT("pypi2fa.com", "COMBOSQUAT", "PyPI"),
    HIT("wwwpypi.org", "COMBOSQUAT", "PyPI"),
    HIT("login-gitlab.com", "COMBOSQUAT", "GitLab"),
    HIT("cratesio-team.com", "COMBOSQUAT", "crates.io"),
    /* brand domain as leading labels */
    HIT("rubygems.org.security-check.com", "SUBDOMAIN", "RubyGems"),
    HIT("nuget.org.auth-portal.net", "SUBDOMAIN", "NuGet"),
    HIT("www.github.com.session-verify.io", "SUBDOMAIN", "GitHub"),
    HIT("github-com.phish.example.com", "SUBDOMAIN", "GitHub"),
    HIT("files.pythonhosted.org.cdn-get.net", "SUBDOMAIN", "PyPI"),
    HIT("hex.pm.mfa-reset.com", "SUBDOMAIN", "Hex"),
    HIT("pypi.verify-account.net", "BRAND_HOST", "PyPI"),
    HIT("www.rubygems.signin-help.com", "BRAND_HOST", "RubyGems"),
    HIT("npmjs.token-renewal.org", "BRAND_HOST", "npm"),
    /* brand-named pages on free hosting */
    PAGE("npm-token-reset.netlify.app", "npm"),
    PAGE("github-com-signin.vercel.app", "GitHub"),
    PAGE("rubygems-mfa.github.io", "RubyGems"),
    PAGE("docker.netlify.app", "Docker Hub"),
    PAGE("nugetverify.web.app", "NuGet"),
    PAGE("a1.pypi-login.workers.dev", "PyPI"),

    /* own domains and their subdomains */
    OWN("pypi.org", "PyPI"),
    OWN("PYPI.ORG.", "PyPI"),
    OWN("ＰＹＰＩ.org", "PyPI"),
    OWN("files.pythonhosted.org", "PyPI"),
    OWN("pypi.python.org", "PyPI"),
    OWN("mail.python.org", "PyPI"),
    OWN("registry.npmjs.org", "npm"),
    OWN("npmjs.org", "npm"),
    OWN("www.npmjs.com", "npm"),
    OWN("docs.github.com", "GitHub"),
    OWN("foo.github.io", "GitHub"),
    OWN("npm.github.io", "GitHub"),
    OWN("docker.github.io", "GitHub"),
    OWN("pypa.github.io", "GitHub"),
    OWN("raw.githubusercontent.com", "GitHub"),
    OWN("github.githubassets.com", "GitHub"),
    OWN("gitlab.com", "GitLab"),
    OWN("about.gitlab.com", "GitLab"),
    OWN("rust-lang.org", "crates.io"),
    OWN("static.crates.io", "crates.io"),
    OWN("golang.org", "Go"),
    OWN("proxy.golang.org", "Go"),
    OWN("pkg.go.dev", "Go"),
    OWN("docker.io", "Docker Hub"),
    OWN("hub.docker.com", "Docker Hub"),
    OWN("hexdocs.pm", "Hex"),
    OWN("conda-forge.org", "Anaconda"),
    OWN("formulae.brew.sh", "Homebrew"),
    OWN("mailer.rubygems.org", "RubyGems"),
    /* known-good lookalikes */
    GOOD("pypy.org"),
    GOOD("pypa.io"),
    GOOD("packaging.pypa.io"),
    GOOD("readthedocs.io"),
    GOOD("pip.readthedocs.io"),
    GOOD("yarnpkg.com"),
    GOOD("nodejs.org"),
    GOOD("pnpm.io"),
    GOOD("rubyonrails.org"),
    GOOD("crate.io"),
    /* hard negatives: short words, other projects, internal names */
    NONE("gov.uk"), NONE("hey.com"), NONE("now.sh"), NONE("nom.com"),
    NONE("pug.com"), NONE("example.com"), NONE("google.com"), NONE("amazon.com"),
    NONE("microsoft.com"), NONE("happypipeline.com"), NONE("digitalpypin.com"),
    NONE("snpm.com"), NONE("pubg.com"), NONE("go.com"), NONE("hex.com"),
    NONE("pub.com"), NONE("coda.io"), NONE("brew.com"), NONE("brewery.com"),
    NONE("homebrewtalk.com"), NONE("pypi.internal"), NONE("npm.corp"),
    NONE("pypi.mirror.example"), NONE("npm.internal.example.com"),
    NONE("pypi.mirror.acme-corp.com"), NONE("npm.pkg.acme-corp.com"),
    NONE("hex.acme-corp.com"), NONE("pypi.tuna.tsinghua.edu.cn"),
    NONE("gitpod.io"), NONE("gitea.com"), NONE("gitbook.com"), NONE("bitbucket.org"),
    NONE("npmmirror.com"), NONE("unpkg.com"), NONE("jsdelivr.net"),
    NONE("sourceforge.net"), NONE("stackoverflow.com"), NONE("mozilla.org"),
    NONE("maven.apache.org"), NONE("python.com"), NONE("locker.com"),
    NONE("gocardless.com"), NONE("dockers-jeans.example"), NONE("mydockers.com"),
    NONE("digitlab.com"), NONE("anacondas.example"), NONE("condado.com"),
    NONE("cool-site.netlify.app"), NONE("sites.google.com"), NONE("foo_bar.com"),
    NONE("localhost"), OWN("github.io", "GitHub"), NONE("co.uk"), NONE("pipeline.dev"),
    NONE("nuxt.com"), NONE("cargo.site"), NONE("rubyists.org"), NONE("snyk.io"),
    NONE("sonarqube.org"), NONE("hexagon.com"), NONE("godaddy.com"),
    NONE("publicdomain.org"), NONE("npmtrends.com"), NONE("spypoint.com"),
    NONE("xn--bcher-kva.example"), NONE("bücher.de"),
    /* invalid names */
    BAD(""), BAD("."), BAD(".."), BAD("a..b"), BAD(".com"), BAD("xn--"),
    BAD("xn--a"), BAD("xn--zz.com"), BAD("pypi..org"), BAD("exa mple.com"),
    BAD("bad\x01.com"), BAD("\xff\xfe.com"), BAD("\xc3.com"), BAD("192.168.1.1"),
    BAD("http://pypi.org/"), BAD("pypi.org:443"), BAD("user@pypi.org"),
    BAD("\xe2\x80\xae.com"), BAD("a\xcc\x81\xcc\x81\xcc\x81.\xe2\x98\x83\xef\xb8\x8f"),
};

/* check_domain - run one domain case */
static void check_domain(const dcase *dc)
{
    rp_domain_match m;
    int     rc = rp_domain_check(brands, dc->host, &m);

    ck_assert_msg(rc == dc->rc, "%s: rc %d, want %d (%s %s)", dc->host, rc, dc->rc,
		  rp_symbol_name(m.technique), m.reason);
    ck_assert_msg(rc != 0 || m.own == dc->own, "%s: own %d, want %d (%s)", dc->host,
		  m.own, dc->own, m.reason);
    if (rc == 1) {
	ck_assert_msg(strcmp(rp_symbol_name(m.technique), dc->technique) == 0,
		      "%s: technique %s, want %s (%s)", dc->host,
		      rp_symbol_name(m.technique), dc->technique, m.reason);
	ck_assert_msg(strcmp(rp_brand_name(m.brand), dc->brand) == 0,
		      "%s: brand %s, want %s", dc->host, rp_brand_name(m.brand), dc->brand);
	ck_assert_msg(m.domain && strstr(m.reason, m.domain), "%s: reason \"%s\"",
		      dc->host, m.reason);
    }
    if (rc == 0 && dc->own)
	ck_assert_msg(dc->brand == NULL ? m.brand == NULL
		      : m.brand && strcmp(rp_brand_name(m.brand), dc->brand) == 0,
		      "%s: owner %s, want %s", dc->host,
		      m.brand ? rp_brand_name(m.brand) : "-", dc->brand ? dc->brand : "-");
    if (rc < 0)
	ck_assert_msg(m.reason[0] != 0, "%s: no reason for invalid name", dc->host);
    ncases++;
}

START_TEST(test_domain_table)
{
    check_domain(&domain_cases[_i]);
}
END_TEST

/* test_reasons - reasons read like the documentation promises */
START_TEST(test_reasons)
{
    static const struct {
	const char *host;
	const char *reason;
    }       cases[] = {
	{"npmjs.xyz", "npmjs.xyz looks like npmjs.com: same label, other TLD"},
	{"pypl.org", "pypl.org looks like pypi.org: 'i' replaced by the look-alike 'l'"},
	{"rnetacpan.org", "rnetacpan.org looks like metacpan.org: 'm' replaced by the look-alike 'rn'"},
	{"gіthub.com", "xn--gthub-n2e.com (gіthub.com) looks like github.com: Cyrillic 'і' (U+0456) mixed with Latin"},
	{"рурі.org", "whole-script"},
	{"githhub.com", "'h' doubled"},
	{"gtihub.com", "'i' and 't' swapped"},
	{"pypi-verify.net", "the brand name 'pypi' combined with other words"},
	{"nuget.org.auth-portal.net", "placed in front of auth-portal.net"},
	{"xn--zz.com", "bad A-label"},
	{"a..b", "empty label"},
    };
    rp_domain_match m;
    size_t  i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++, ncases++) {
	rp_domain_check(brands, cases[i].host, &m);
	ck_assert_msg(strstr(m.reason, cases[i].reason) != NULL, "%s: reason \"%s\", want \"%s\"",
		      cases[i].host, m.reason, cases[i].reason);
    }
}
END_TEST

/* test_limits - long, NULL and odd inputs never crash */
START_TEST(test_limits)
{
    char    big[2048], label[300];
    rp_domain_match m;
    rp_domain_report r;
    int     i;

    memset(label, 'a', sizeof(label) - 1);
    label[sizeof(label) - 1] = 0;
    snprintf(big, sizeof(big), "%s.com", label);
    ck_assert_msg(rp_domain_check(brands, big, &m) == -1, "300-byte label");
    label[64] = 0;
    snprintf(big, sizeof(big), "%s.com", label);
    ck_assert_msg(rp_domain_check(brands, big, &m) == -1, "64-byte label");
    label[63] = 0;
    snprintf(big, sizeof(big), "%s.com", label);
    ck_assert_msg(rp_domain_check(brands, big, &m) == 0, "63-byte label");
    for (i = 0; i < 1000; i++)
	big[i] = (i % 2) ? '.' : 'a';
    big[1000] = 0;
    ck_assert_msg(rp_domain_check(brands, big, &m) == -1, "name over 253 bytes");
    memset(big, 'x', sizeof(big) - 1);
    big[sizeof(big) - 1] = 0;
    ck_assert_msg(rp_domain_check(brands, big, &m) == -1, "2 KiB name");
    ck_assert_msg(rp_domain_check(brands, NULL, &m) == -1, "NULL host");
    ck_assert_msg(rp_domain_check(NULL, "pypi.org", &m) == -1, "NULL table");
    ck_assert_msg(rp_domain_check(brands, "pypj\0.org", &m) == 0, "NUL inside");
    rp_domain_describe(brands, NULL, &r);
    ck_assert_msg(r.brand == NULL && r.reason[0], "describe NULL");
    rp_domain_describe(brands, big, &r);
    ck_assert_msg(strlen(r.input) == sizeof(r.input) - 1 && r.ascii[0] == 0, "describe long");
    ncases += 10;
}
END_TEST

/* test_describe - the public report for `regphish domain` */
START_TEST(test_describe)
{
    rp_domain_report r;

    rp_domain_describe(brands, "gіthub.com", &r);
    ck_assert_str_eq(r.ascii, "xn--gthub-n2e.com");
    ck_assert_str_eq(r.unicode, "gіthub.com");
    ck_assert_str_eq(r.registrable, "xn--gthub-n2e.com");
    ck_assert_str_eq(r.brand, "GitHub");
    ck_assert_str_eq(r.brand_domain, "github.com");
    ck_assert_str_eq(r.technique, "LOOKALIKE_HOMOGLYPH");
    ck_assert_msg(strstr(r.reason, "Cyrillic"), "reason names the script: %s", r.reason);
    rp_domain_describe(brands, "Files.PythonHosted.org.", &r);
    ck_assert_str_eq(r.ascii, "files.pythonhosted.org");
    ck_assert_str_eq(r.registrable, "pythonhosted.org");
    ck_assert_msg(r.own == 1 && r.brand == NULL && r.technique == NULL, "own report");
    rp_domain_describe(brands, "a.b.pypi-verify.net", &r);
    ck_assert_str_eq(r.registrable, "pypi-verify.net");
    ck_assert_str_eq(r.technique, "LOOKALIKE_COMBOSQUAT");
    ncases += 3;
}
END_TEST

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

/* remove_dir - remove the three rules files and the directory */
static void remove_dir(const char *dir)
{
    static const char *const names[] = {"brands.conf", "hosting.conf", "shorteners.conf"};
    char    path[512];
    size_t  i;

    for (i = 0; i < 3; i++) {
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
    char    dir[] = "/tmp/test-domain-XXXXXX";
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

/* test_local - a local rules directory extends brands and adds new ones */
START_TEST(test_local)
{
    char    dir[] = "/tmp/test-domain-XXXXXX";
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
    b = rp_brands_new();
    ck_assert_msg(rp_brands_load_dir(b, RP_TEST_RULES_DIR, 1, &err) == RP_OK, "%s", err.message);
    ck_assert_msg(rp_brands_load_dir(b, dir, 0, &err) == RP_OK, "%s", err.message);
    ck_assert_msg(rp_brands_finish(b, &err) == RP_OK, "%s", err.message);
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

/* test_speed - a check costs microseconds */
START_TEST(test_speed)
{
    static const char *const hosts[] = {
	"mail.example.com", "gіthub-security.com", "pypi-verify.net", "files.pythonhosted.org",
	"a.b.c.d.e.f.g.h.i.j.example.co.uk", "rubygerns.org",
    };
    rp_domain_match m;
    struct timespec t0, t1;
    double  us;
    int     i, n = 6000;

    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (i = 0; i < n; i++)
	rp_domain_check(brands, hosts[i % 6], &m);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    us = ((t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec)) / 1e3 / n;
    fprintf(stderr, "test-domain: %.1f us per check\n", us);
    ck_assert_msg(us < 2000, "%.1f us per check", us);
    ncases++;
}
END_TEST

/* domain_suite - all tests */
static Suite *domain_suite(void)
{
    Suite  *s = suite_create("domain");
    TCase  *tc = tcase_create("brands");

    tcase_set_timeout(tc, 120);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_domain_table, 0,
			(int) (sizeof(domain_cases) / sizeof(domain_cases[0])));
    tcase_add_test(tc, test_reasons);
    tcase_add_test(tc, test_limits);
    tcase_add_test(tc, test_describe);
    tcase_add_test(tc, test_owner);
    tcase_add_test(tc, test_claimed);
    tcase_add_test(tc, test_subject);
    tcase_add_test(tc, test_shortener);
    tcase_add_test(tc, test_hosted);
    tcase_add_test(tc, test_oauth);
    tcase_add_test(tc, test_load_errors);
    tcase_add_test(tc, test_local);
    tcase_add_test(tc, test_speed);
    suite_add_tcase(s, tc);
    return s;
}

/* report - how many cases ran */
static void report(void)
{
    printf("test-domain: %u cases\n", ncases);
}

/* One process: the case counter survives, and valgrind sees everything. */
const rp_test_program rp_test = {domain_suite, NULL, NULL, report, 1};
