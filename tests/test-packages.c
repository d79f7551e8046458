/*
 * NAME
 *	test-packages - typosquatted and malicious packages in install
 *	commands and manifests (issue 13)
 * DESCRIPTION
 *	Two tables.  The first asks rp_packages_lookup() about names with
 *	the shipped lists: each technique (a swap, a doubled, added, left
 *	out or replaced letter, separators, look-alike letters), the
 *	malicious lists, and what must stay quiet: popular names, two
 *	popular names one edit apart (attr/attrs), short names, digit
 *	siblings, owned namespaces.  The second scans whole messages with
 *	the shipped rules: each ecosystem's command, the attacker's
 *	dressings (sudo, python -m pip, flags, pins, several names, a
 *	backslash-continued line, HTML <pre>, a zero-width space, npx),
 *	manifest fragments, and developer mail that names genuine
 *	packages (release notes, a patch, a CI log).
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regphish.h"
#include "rp_packages.h"
#include "rp_util.h"
#include "check_main.h"

static rp_engine *engine;
static rp_packages *packages;
static unsigned cases;

/* setup - the shipped rules, and the package lists alone */
static int setup(int argc, char **argv)
{
    rp_error err;

    (void) argc;
    (void) argv;
    if ((engine = rp_test_shipped_engine()) == NULL)
	return 1;
    packages = rp_packages_new();
    if (rp_packages_load_dir(packages, RP_TEST_RULES_DIR, &err) != RP_OK) {
	fprintf(stderr, "packages: %s:%u: %s\n", err.file, err.line, err.message);
	return 1;
    }
    rp_packages_finish(packages);
    return 0;
}

/* teardown - release both */
static void teardown(void)
{
    rp_packages_free(packages);
    rp_engine_free(engine);
}

typedef struct lookup_case {
    rp_pkg_eco eco;
    const char *name;
    rp_pkg_kind kind;
    const char *popular;		/* the name imitated, or NULL */
    const char *technique;		/* words of the technique, or NULL */
} lookup_case;

static const lookup_case lookups[] = {
    /* each technique */
    {RP_PKG_PYPI, "reqeusts", RP_PKG_MALICIOUS, "requests", "swapped"},
    {RP_PKG_PYPI, "beautifulsoop4", RP_PKG_TYPOSQUAT, "beautifulsoup4", "replaced"},
    {RP_PKG_CRATES, "serde_jsonn", RP_PKG_TYPOSQUAT, "serde_json", "doubled"},
    {RP_PKG_CRATES, "serde-jsonn", RP_PKG_TYPOSQUAT, "serde_json", "doubled"},
    {RP_PKG_NPM, "expres", RP_PKG_TYPOSQUAT, "express", "left out"},
    {RP_PKG_NPM, "typescirpt", RP_PKG_TYPOSQUAT, "typescript", "swapped"},
    {RP_PKG_NPM, "crossenv", RP_PKG_MALICIOUS, "cross-env", "separator"},
    {RP_PKG_NPM, "cross_env", RP_PKG_TYPOSQUAT, "cross-env", "separator"},
    {RP_PKG_PYPI, "pythondateutil", RP_PKG_TYPOSQUAT, "python-dateutil", "separators"},
    {RP_PKG_PYPI, "nurnpy", RP_PKG_TYPOSQUAT, "numpy", "confusable"},
    {RP_PKG_PYPI, "r\xd0\xb5quests", RP_PKG_TYPOSQUAT, "requests", "confusable"},
    {RP_PKG_PYPI, "req\xe2\x80\x8buests", RP_PKG_TYPOSQUAT, "requests", "confusable"},
    {RP_PKG_NPM, "1odash", RP_PKG_MALICIOUS, "lodash", "confusable"},
    {RP_PKG_DOCKER, "ngnix", RP_PKG_TYPOSQUAT, "nginx", "swapped"},
    {RP_PKG_HOMEBREW, "wgett", RP_PKG_TYPOSQUAT, "wget", "doubled"},
    {RP_PKG_NPM, "@typs/node", RP_PKG_TYPOSQUAT, "@types/node", "left out"},
    {RP_PKG_NUGET, "Newtonsoft.Jsonn", RP_PKG_TYPOSQUAT, "Newtonsoft.Json", "doubled"},
    {RP_PKG_RUBYGEMS, "nokogirl", RP_PKG_TYPOSQUAT, "nokogiri", "replaced"},
    {RP_PKG_CONDA, "nmupy", RP_PKG_TYPOSQUAT, "numpy", "swapped"},
    {RP_PKG_CONDA, "nunpy", RP_PKG_UNKNOWN, NULL, NULL},	/* five letters, replaced */
    {RP_PKG_CONDA, "numpyy", RP_PKG_TYPOSQUAT, "numpy", "doubled"},
    {RP_PKG_CONDA, "scipi", RP_PKG_UNKNOWN, NULL, NULL},	/* another channel's, maybe */
    {RP_PKG_HOMEBREW, "spotify", RP_PKG_UNKNOWN, NULL, NULL},	/* a cask; "shpotify" a formula */
    {RP_PKG_HOMEBREW, "telegram", RP_PKG_UNKNOWN, NULL, NULL},	/* a cask; "telegraf" */
    {RP_PKG_HOMEBREW, "wegt", RP_PKG_TYPOSQUAT, "wget", "swapped"},
    {RP_PKG_NPM, "cookiess", RP_PKG_TYPOSQUAT, "cookies", "doubled"},
    {RP_PKG_NPM, "expresss", RP_PKG_TYPOSQUAT, "express", "doubled"},
    {RP_PKG_NPM, "prettiers", RP_PKG_UNKNOWN, NULL, NULL},	/* an s added at the end */
    {RP_PKG_PYPI, "Requests", RP_PKG_UNKNOWN, NULL, NULL},	/* case is folded */
    /* quiet: genuine, both genuine, short, digit siblings, namespaces */
    {RP_PKG_PYPI, "requests", RP_PKG_UNKNOWN, NULL, NULL},
    {RP_PKG_PYPI, "python_dateutil", RP_PKG_UNKNOWN, NULL, NULL},
    {RP_PKG_PYPI, "attrs", RP_PKG_UNKNOWN, NULL, NULL},
    {RP_PKG_PYPI, "attr", RP_PKG_UNKNOWN, NULL, NULL},
    {RP_PKG_PYPI, "sixx", RP_PKG_UNKNOWN, NULL, NULL},
    {RP_PKG_PYPI, "tqdn", RP_PKG_UNKNOWN, NULL, NULL},
    {RP_PKG_PYPI, "psycopg3", RP_PKG_UNKNOWN, NULL, NULL},
    {RP_PKG_NPM, "errto", RP_PKG_UNKNOWN, NULL, NULL},	/* genuine; five letters, replaced */
    {RP_PKG_NPM, "axois", RP_PKG_MALICIOUS, "axios", "swapped"},
    {RP_PKG_NPM, "raect", RP_PKG_TYPOSQUAT, "react", "swapped"},
    {RP_PKG_PYPI, "mypy-boto3-xyz", RP_PKG_UNKNOWN, NULL, NULL},
    {RP_PKG_PYPI, "completely-different-name", RP_PKG_UNKNOWN, NULL, NULL},
    {RP_PKG_NPM, "@types/nodee", RP_PKG_UNKNOWN, NULL, NULL},
    {RP_PKG_GO, "github.com/sirupsen/logruss", RP_PKG_UNKNOWN, NULL, NULL},
    {RP_PKG_NUGET, "Microsoft.Extensions.Logginng", RP_PKG_UNKNOWN, NULL, NULL},
    {RP_PKG_NPM, "", RP_PKG_UNKNOWN, NULL, NULL},
};

/* test_lookup - each name is what the table says */
START_TEST(test_lookup)
{
    const lookup_case *c = &lookups[_i];
    rp_pkg_match m;
    rp_pkg_kind kind = rp_packages_lookup(packages, c->eco, c->name, strlen(c->name), &m);

    cases++;
    ck_assert_msg(kind == c->kind, "%s: kind %d, want %d", c->name, kind, c->kind);
    if (c->popular) {
	ck_assert_msg(m.popular && strcmp(m.popular, c->popular) == 0, "%s: popular %s, want %s",
		      c->name, m.popular ? m.popular : "(none)", c->popular);
	ck_assert_msg(m.technique && strstr(m.technique, c->technique), "%s: technique %s",
		      c->name, m.technique ? m.technique : "(none)");
    }
}
END_TEST

typedef struct scan_case {
    const char *name;
    const char *type;			/* Content-Type */
    const char *body;
    const char *symbol;			/* wanted, or NULL: no PACKAGE_ symbol */
    const char *reason;			/* words of its reason */
} scan_case;

static const scan_case scans[] = {
    {"pip install", "text/plain", "Please run:\n\n  pip install reqeusts\n", "PACKAGE_MALICIOUS",
     "pip install: \"reqeusts\" is a name reported as malicious on PyPI (\"requests\""},
    {"sudo python3 -m pip, flags, pins, several names", "text/plain",
     "$ sudo -H python3 -m pip install -U --upgrade numpy flask beautifulsoop4==4.12\n",
     "PACKAGE_TYPOSQUAT", "\"beautifulsoop4\" is \"beautifulsoup4\" (a popular PyPI package)"},
    {"pip3 and a flag taking an argument", "text/plain",
     "pip3 install -i https://pypi.example.org/simple urlib3\n", "PACKAGE_TYPOSQUAT",
     "\"urlib3\" is \"urllib3\""},
    {"a backslash-continued line", "text/plain",
     "pip install \\\n    --upgrade \\\n    pythondateutil\n", "PACKAGE_TYPOSQUAT",
     "\"python-dateutil\""},
    {"a name split by a backslash-continued line", "text/plain",
     "pip install beautiful\\\nsoop4\n", "PACKAGE_TYPOSQUAT", "\"beautifulsoop4\""},
    {"npm i", "text/plain", "npm i crossenv --save\n", "PACKAGE_MALICIOUS", "crossenv"},
    {"npm i -g, quoted names", "text/plain", "npm i -g \"lodash\" 'typescirpt@5'\n",
     "PACKAGE_TYPOSQUAT", "npm i: \"typescirpt\" is \"typescript\""},
    {"inline code, a second command", "text/plain",
     "Run `npm i lodash` and then `pip install urlib3` here.\n", "PACKAGE_TYPOSQUAT",
     "pip install: \"urlib3\""},
    {"yarn add -D", "text/plain", "yarn add -D typescirpt\n", "PACKAGE_TYPOSQUAT",
     "yarn add: \"typescirpt\" is \"typescript\""},
    {"npx runs the first name", "text/plain", "npx typescirpt --init\n", "PACKAGE_TYPOSQUAT",
     "npx:"},
    {"cargo add", "text/plain", "cargo add serde_jsonn\n", "PACKAGE_TYPOSQUAT",
     "\"serde_json\" (a popular crates.io package) with one letter doubled"},
    {"gem install", "text/plain", "gem install nokogirl -v 1.16\n", "PACKAGE_TYPOSQUAT",
     "nokogiri"},
    {"docker pull with a tag", "text/plain", "docker pull docker.io/library/ngnix:1.25\n",
     "PACKAGE_TYPOSQUAT", "\"nginx\""},
    {"docker run, flags with arguments", "text/plain",
     "docker run -d -p 8080:80 --name web ngnix\n", "PACKAGE_TYPOSQUAT", "\"nginx\""},
    {"brew install", "text/plain", "brew install wgett\n", "PACKAGE_TYPOSQUAT", "\"wget\""},
    {"conda with a channel", "text/plain", "conda install -c conda-forge nmupy=1.26\n",
     "PACKAGE_TYPOSQUAT", "\"numpy\""},
    {"dotnet add package", "text/plain",
     "dotnet add MyApp.csproj package Newtonsoft.Jsonn --version 13.0.1\n",
     "PACKAGE_TYPOSQUAT", "Newtonsoft.Json"},
    {"Install-Package", "text/plain", "PM> Install-Package Newtonsoft.Jsonn\n",
     "PACKAGE_TYPOSQUAT", "install-package:"},
    {"look-alike letter in the name", "text/plain",
     "pip install r\xd0\xb5quests\n", "PACKAGE_TYPOSQUAT", "confusable letters"},
    {"rn for m in the name", "text/plain",
     "pip install nurnpy\n", "PACKAGE_TYPOSQUAT", "\"numpy\" (a popular PyPI package) with confusable"},
    {"the command in HTML <pre>", "text/html",
     "<p>Fix:</p><pre><code>pip install beautifulsoop4</code></pre>",
     "PACKAGE_TYPOSQUAT", "beautifulsoup4"},
    {"fullwidth command", "text/plain",
     "\xef\xbd\x90\xef\xbd\x89\xef\xbd\x90 install beautifulsoop4\n", "PACKAGE_TYPOSQUAT",
     "beautifulsoup4"},
    {"requirements.txt", "text/plain", "requests==2.31.0\nurlib3==2.0.7\n",
     "PACKAGE_TYPOSQUAT", "requirements line: \"urlib3\""},
    {"package.json", "text/plain",
     "{\n  \"dependencies\": {\n    \"lodash\": \"^4.17.21\",\n    \"expresss\": \"^4.18.0\"\n  }\n}\n",
     "PACKAGE_TYPOSQUAT", "package.json dependencies: \"expresss\" is \"express\""},
    {"package.json on one line", "text/plain",
     "{\"devDependencies\":{\"typescirpt\":\"5.0.0\"}}\n", "PACKAGE_TYPOSQUAT", "typescript"},
    {"Cargo.toml", "text/plain",
     "[dependencies]\nserde = \"1.0\"\ntokioo = { version = \"1\", features = [\"full\"] }\n",
     "PACKAGE_TYPOSQUAT", "Cargo.toml [dependencies]: \"tokioo\" is \"tokio\""},
    {"Gemfile", "text/plain", "source 'https://rubygems.org'\ngem 'rails'\ngem 'nokogirl'\n",
     "PACKAGE_TYPOSQUAT", "Gemfile: \"nokogirl\""},
    {"a link to a typosquat's page on the registry", "text/html",
     "<p>The new release: <a href=\"https://pypi.org/project/beautifulsoop4/4.12/\">"
     "beautifulsoup4 4.12</a></p>", "PACKAGE_TYPOSQUAT",
     "link to pypi.org/project/: \"beautifulsoop4\" is \"beautifulsoup4\""},
    {"a bare link to an npm page", "text/plain",
     "See https://www.npmjs.com/package/crossenv for details\n", "PACKAGE_MALICIOUS",
     "link to npmjs.com/package/: \"crossenv\""},
    /* quiet */
    {"links to genuine packages' pages", "text/plain",
     "https://pypi.org/project/requests/ https://www.npmjs.com/package/@types/node\n"
     "https://crates.io/crates/serde_json https://pypi.org/search/?q=reqeusts\n", NULL, NULL},
    {"genuine names", "text/plain",
     "pip install requests flask numpy attrs attr\nnpm install --legacy-peer-deps\n"
     "npm i @types/node lodash\ncargo add tokio serde\nbrew install wget\n", NULL, NULL},
    {"prose after the command", "text/plain",
     "Run pip install requests to install the tools and then restart.\n", NULL, NULL},
    {"a patch", "text/plain",
     "diff --git a/README.md b/README.md\n--- a/README.md\n+++ b/README.md\n"
     "-npm i left-pad\n+npm i left-pad-kit\n-pip install -r requirements.txt\n", NULL, NULL},
    {"release notes", "text/plain",
     "Changes in 2.1:\n * bump urllib3 from 1.26 to 2.0\n * pip install -e .[dev]\n"
     "   pip install git+https://github.com/example/project.git\n", NULL, NULL},
    {"a CI log", "text/plain",
     "Step 3/9 : RUN pip install --no-cache-dir -r requirements.txt\n"
     "Collecting requests==2.31.0\nSuccessfully installed requests-2.31.0 urllib3-2.0.7\n"
     "go get golang.org/x/sys/...@latest\n", NULL, NULL},
    {"inline code ends at its backtick", "text/plain",
     "* `npm install --save-dev` - Saves to devDependencies\n"
     "* `npm install` reads package.json, `npm install lodash` - Saves it\n", NULL, NULL},
    {"a file name after the command", "text/plain",
     "npm install writes package.json and package-lock.json\n", NULL, NULL},
    {"a genuine five-letter name one letter from another", "text/plain",
     "{\"devDependencies\": {\"errto\": \"^0.2.1\", \"mocha\": \"^6.2.2\"}}\n", NULL, NULL},
    {"Homebrew casks and versioned formulae", "text/plain",
     "brew install python@3.13 node@22 spotify\nbrew install --cask spotifyy\n", NULL, NULL},
    {"owned namespaces", "text/plain",
     "npm i @types/nodee\ngo get github.com/sirupsen/logruss\n"
     "dotnet add package Microsoft.Extensions.Logginng\n", NULL, NULL},
    {"a version line in package.json", "text/plain",
     "{\"name\": \"demo\", \"version\": \"1.0.0\", \"dependencies\": {\"lodash\": \"^4\"}}\n",
     NULL, NULL},
};

/* scan_message - the verdict of a message with this body */
static rp_verdict *scan_message(const char *type, const char *body)
{
    rp_buf  m;
    rp_verdict *v = NULL;

    rp_buf_init(&m);
    rp_buf_printf(&m, "From: Dev <dev@example.org>\nTo: you@example.net\n"
		  "Subject: update\nMIME-Version: 1.0\n"
		  "Content-Type: %s; charset=utf-8\n\n%s\n", type, body);
    ck_assert_int_eq(rp_scan(engine, m.data, m.len, NULL, &v), RP_OK);
    rp_buf_free(&m);
    return v;
}

/* test_scan - each message gets the package symbol it should, or none */
START_TEST(test_scan)
{
    const scan_case *c = &scans[_i];
    rp_verdict *v = scan_message(c->type, c->body);
    size_t  i, found = 0;
    const char *name, *reason, *other = NULL;
    double  score;

    cases++;
    for (i = 0; i < rp_verdict_count(v); i++) {
	name = rp_verdict_symbol(v, i, &score, &reason);
	if (strncmp(name, "PACKAGE_", 8) != 0)
	    continue;
	if (c->symbol && strcmp(name, c->symbol) == 0 && strstr(reason, c->reason))
	    found++;
	else
	    other = reason;
    }
    if (c->symbol)
	ck_assert_msg(found == 1, "%s: %s \"%s\" found %zu times (other: %s)", c->name,
		      c->symbol, c->reason, found, other ? other : "none");
    else
	ck_assert_msg(other == NULL, "%s: flagged: %s", c->name, other ? other : "");
    rp_verdict_free(v);
}
END_TEST

/* test_many_names - no count of names before the squat hides it */
START_TEST(test_many_names)
{
    rp_buf  b;
    rp_verdict *v;
    size_t  i, hits = 0;
    const char *reason;
    double  score;

    rp_buf_init(&b);
    rp_buf_puts(&b, "pip install x\n");
    for (i = 0; i < 20000; i++)
	rp_buf_printf(&b, "pip install quietname%zu\n", i);
    rp_buf_puts(&b, "pip install beautifulsoop4\n");
    v = scan_message("text/plain", b.data);
    for (i = 0; i < rp_verdict_count(v); i++)
	if (strcmp(rp_verdict_symbol(v, i, &score, &reason), "PACKAGE_TYPOSQUAT") == 0)
	    hits++;
    ck_assert_uint_eq(hits, 1);
    rp_verdict_free(v);
    rp_buf_free(&b);
    cases++;
}
END_TEST

/* suite - the lookup table, the scan table, the bound */
static Suite *suite(void)
{
    Suite  *s = suite_create("packages");
    TCase  *tc = tcase_create("packages");

    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_lookup, 0, (int) (sizeof(lookups) / sizeof(lookups[0])));
    tcase_add_loop_test(tc, test_scan, 0, (int) (sizeof(scans) / sizeof(scans[0])));
    tcase_add_test(tc, test_many_names);
    suite_add_tcase(s, tc);
    return s;
}

/* report - the closing line */
static void report(void)
{
    printf("test-packages: %u cases (lookups %zu, messages %zu, one bound)\n", cases,
	   sizeof(lookups) / sizeof(lookups[0]), sizeof(scans) / sizeof(scans[0]));
}

const rp_test_program rp_test = {suite, setup, teardown, report, 1};
