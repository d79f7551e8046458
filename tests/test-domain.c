/*
 * NAME
 *	test-domain 1
 * SUMMARY
 *	unit tests for the domain-imitation checks
 * SYNOPSIS
 *	test-domain
 * DESCRIPTION
 *	Loads the shipped rules from RP_TEST_RULES_DIR and runs tables of
 *	cases through rp_domain_check(): lookalikes for every technique
 *	and brand (invented here, not taken from the sample corpus), hard
 *	negatives (other projects, short words, internal names,
 *	brand-owned hosts) and invalid names; then the reasons, the
 *	public report, limits, speed, and the pieces the checks are built
 *	of: host normalisation (rp_host.c) and the letter relations and
 *	weighted distance (rp_letters.c).  The table itself, its loader,
 *	claims and URL policy are test-brands.  Prints the number of
 *	cases run.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "regphish.h"
#include "rp_util.h"
#include "rp_brands.h"
#include "rp_host.h"
#include "rp_letters.h"
#include "brands_fixture.h"
#include "check_main.h"

static unsigned ncases;

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
    /* homoglyphs by diacritics: Latin letters with marks are confusables too */
    HIT("pypí.org", "HOMOGLYPH", "PyPI"),
    HIT("xn--pyp-tma.org", "HOMOGLYPH", "PyPI"),
    HIT("gitláb.com", "HOMOGLYPH", "GitLab"),
    HIT("npmjś.com", "HOMOGLYPH", "npm"),
    HIT("pypí.net", "HOMOGLYPH", "PyPI"),
    HIT("gíthub-login.com", "HOMOGLYPH", "GitHub"),
    HIT("npмjs.xyz", "HOMOGLYPH", "npm"),
    /* the brand written plainly beside a word with diacritics is combosquatting */
    HIT("github-café.com", "COMBOSQUAT", "GitHub"),
    /* confusable letters in the labels in front of the registrable domain */
    HIT("www.nрmjs.com.session-review.com", "SUBDOMAIN", "npm"),
    HIT("gіthub.com.verify-login.net", "SUBDOMAIN", "GitHub"),
    HIT("pypí.org.account-check.com", "SUBDOMAIN", "PyPI"),
    HIT("nрmjs.com-verify.net", "DOT_HYPHEN", "npm"),
    HIT("рурі.verify-account.net", "HOMOGLYPH", "PyPI"),
    PAGE("рурі-login.netlify.app", "PyPI"),
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
    /* the brand's label alone in front of another domain names a product
     * (self-hosted, a mirror): no imitation by itself (test-brands-context) */
    NONE("pypi.verify-account.net"),
    NONE("www.rubygems.signin-help.com"),
    NONE("npmjs.token-renewal.org"),
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
    OWN("readthedocs.io", "Read the Docs"),	/* a brand of its own since issue 12 */
    OWN("pip.readthedocs.io", "Read the Docs"),
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
    NONE("gitpod.io"), NONE("gitea.com"), NONE("gitbook.com"), OWN("bitbucket.org", "Bitbucket"),
    NONE("npmmirror.com"), NONE("unpkg.com"), NONE("jsdelivr.net"),
    OWN("sourceforge.net", "SourceForge"), NONE("stackoverflow.com"), OWN("mozilla.org", "Mozilla Add-ons"),
    NONE("maven.apache.org"), NONE("python.com"), NONE("locker.com"),
    NONE("gocardless.com"), NONE("dockers-jeans.example"), NONE("mydockers.com"),
    NONE("digitlab.com"), NONE("anacondas.example"), NONE("condado.com"),
    NONE("cool-site.netlify.app"), NONE("sites.google.com"), NONE("foo_bar.com"),
    NONE("localhost"), OWN("github.io", "GitHub"), NONE("co.uk"), NONE("pipeline.dev"),
    NONE("nuxt.com"), NONE("cargo.site"), NONE("rubyists.org"), NONE("snyk.io"),
    NONE("sonarqube.org"), NONE("hexagon.com"), NONE("godaddy.com"),
    NONE("publicdomain.org"), NONE("npmtrends.com"), NONE("spypoint.com"),
    NONE("xn--bcher-kva.example"), NONE("bücher.de"),
    /* internationalised names of unrelated sites stay unrelated */
    NONE("münchen.de"), NONE("www.münchen.de"), NONE("straße.de"), NONE("café-paris.fr"),
    NONE("mail.bücher.de"), NONE("bücher.example.com"), NONE("почта.рф"),
    NONE("пример.рф"), NONE("яндекс.рф"), NONE("日本.jp"), NONE("例え.jp"),
    NONE("ドメイン名例.jp"), NONE("παράδειγμα.gr"), NONE("übersetzer.netlify.app"),
    NONE("köln.münchen.de"),
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
	{"pypí.org", "xn--pyp-tma.org (pypí.org) looks like pypi.org: 'í' (U+00ED), a letter with a diacritic"},
	{"www.nрmjs.com.session-review.com", "placed in front of session-review.com, written with Cyrillic 'р' (U+0440)"},
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

/* test_host - host names in their checked forms */
START_TEST(test_host)
{
    static const struct {
	const char *host;
	int     rc;
	const char *ascii;
	const char *uni;
	int     idn;
    }       cases[] = {
	{"PyPI.org.", 0, "pypi.org", "pypi.org", 0},
	{"ＰＹＰＩ.org", 0, "pypi.org", "pypi.org", 0},
	{"gіthub.com", 0, "xn--gthub-n2e.com", "gіthub.com", 1},
	{"XN--GTHUB-N2E.COM", 0, "xn--gthub-n2e.com", "gіthub.com", 1},
	{"bücher.de", 0, "xn--bcher-kva.de", "bücher.de", 1},
	{"foo_bar.example", 0, "foo_bar.example", "foo_bar.example", 0},
	{"xn--zz.com", -1, "", NULL, 0},
	{"10.0.0.1", -1, "", NULL, 0},
	{"a..b", -1, "", NULL, 0},
	{"exa mple.com", -1, "", NULL, 0},
	{"", -1, "", NULL, 0},
    };
    rp_dname dn;
    char    why[128];
    size_t  i;
    int     rc;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++, ncases++) {
	why[0] = 0;
	rc = rp_host_normalize(cases[i].host, &dn, why, sizeof(why));
	ck_assert_msg(rc == cases[i].rc, "%s: rc %d (%s)", cases[i].host, rc, why);
	ck_assert_str_eq(dn.ascii, cases[i].ascii);
	if (rc == 0) {
	    ck_assert_str_eq(dn.uni, cases[i].uni);
	    ck_assert_int_eq(dn.idn, cases[i].idn);
	} else
	    ck_assert_msg(why[0] != 0, "%s: no reason", cases[i].host);
    }
    ck_assert_msg(rp_host_normalize(NULL, &dn, why, sizeof(why)) == -1, "NULL host");
    ncases++;
}
END_TEST

/* test_letters - letter relations and the weighted distance */
START_TEST(test_letters)
{
    static const struct {
	const char *a, *b;
	int     dist, edits;		/* quarters, edits */
    }       dcases[] = {
	{"pypi", "pypl", 2, 1},		/* look-alike */
	{"pypi", "pypu", 3, 1},		/* keyboard neighbour */
	{"pypi", "pypx", 4, 1},		/* any other letter */
	{"github", "git-hub", 2, 1},	/* hyphen */
	{"npmjs", "npmsj", 4, 1},	/* transposition */
	{"rubygems", "rubyjens", 6, 2},	/* g to j, m to n */
	{"docker", "docker", 0, 0},
	{"", "abc", 12, 3},
    };
    static unsigned char cost[256][256];
    const char *from, *to;
    size_t  i;
    int     edits;

    ck_assert_msg(rp_letters_visual('l', '1') && rp_letters_visual('1', 'l'), "l and 1");
    ck_assert_msg(rp_letters_visual('o', '0') && !rp_letters_visual('a', 'b'), "o and 0");
    ck_assert_msg(!rp_letters_visual('m', 'm'), "a letter is no look-alike of itself");
    ck_assert_msg(rp_letters_keyboard('q', 'w') && rp_letters_keyboard('g', 'b'), "neighbours");
    ck_assert_msg(!rp_letters_keyboard('q', 'p') && !rp_letters_keyboard('a', 'a'), "far keys");
    ck_assert_msg(rp_letters_vowel('y') && !rp_letters_vowel('b') && !rp_letters_vowel(0), "vowels");
    ck_assert_msg(rp_letters_bit('b', 'c') && !rp_letters_bit('a', 'a'), "one bit");
    ck_assert_msg(rp_letters_regroup("rnetacpan", "metacpan", &from, &to)
		  && strcmp(from, "rn") == 0 && strcmp(to, "m") == 0, "rn for m");
    ck_assert_msg(rp_letters_regroup("github", "githuvv", &from, &to) == 0, "no group");
    ck_assert_msg(rp_letters_regroup("vvidget", "widget", &from, &to)
		  && strcmp(from, "vv") == 0 && strcmp(to, "w") == 0, "vv for w");
    ncases += 8;
    rp_letters_costs(cost);
    for (i = 0; i < sizeof(dcases) / sizeof(dcases[0]); i++, ncases++) {
	ck_assert_int_eq(rp_letters_distance((const unsigned char (*)[256]) cost, dcases[i].a,
					     strlen(dcases[i].a), dcases[i].b,
					     strlen(dcases[i].b), &edits), dcases[i].dist);
	ck_assert_msg(edits == dcases[i].edits, "%s/%s: %d edits", dcases[i].a, dcases[i].b,
		      edits);
    }
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
    TCase  *tc = tcase_create("lookalike");

    tcase_set_timeout(tc, 120);
    tcase_add_checked_fixture(tc, brands_fixture_setup, brands_fixture_teardown);
    tcase_add_loop_test(tc, test_domain_table, 0,
			(int) (sizeof(domain_cases) / sizeof(domain_cases[0])));
    tcase_add_test(tc, test_reasons);
    tcase_add_test(tc, test_limits);
    tcase_add_test(tc, test_describe);
    tcase_add_test(tc, test_host);
    tcase_add_test(tc, test_letters);
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
