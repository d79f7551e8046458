/*
 * NAME
 *	brands_fuzzer 1
 * SUMMARY
 *	libFuzzer target: the brand table parsers (brands.conf and friends)
 * SYNOPSIS
 *	brands_fuzzer [libFuzzer options] [corpus...]
 * DESCRIPTION
 *	Splits the input (up to 64 KiB) at NUL bytes into brands.conf,
 *	hosting.conf, shorteners.conf and redirectors.conf (missing pieces
 *	are empty files), writes them to a private temporary directory and
 *	loads it with rp_brands_load_dir() and rp_brands_finish(); when the
 *	table loads, checks a few hosts and links against it (lookalike,
 *	owner, shortener, claims, hosted page, redirector, OAuth), so that
 *	what the parsers built is used.  A seed is the four files joined
 *	with NULs.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "rp_url.h"
#include "rp_brands.h"

static const char *const files[] = {
    "brands.conf", "hosting.conf", "shorteners.conf", "redirectors.conf",
};

static const char *const hosts[] = {
    "pypi.org", "pypj.org", "npmjs.help", "xn--pypi-xxa.org", "bit.ly", "", ".",
};

static const char *const urls[] = {
    "https://pypi-login.pages.example/view/pypi-verify?u=https://evil.example/",
    "https://github.com/login/oauth/authorize?redirect_uri=https://x.example/&scope=repo",
    "https://click.example.net/?url=https%3A%2F%2Fpypj.org%2F&q=x",
};

/* brands_oauth - an OAuth finding: its reason is read, nothing kept */
static void brands_oauth(void *ctx, rp_symbol technique, const char *reason)
{
    size_t *len = ctx;

    *len += strlen(reason);
}

/* brands_use - ask the loaded table about the hosts and links above */
static void brands_use(const rp_brands *brands)
{
    rp_domain_match match;
    rp_url  url;
    char    reason[512], *target;
    size_t  i, len = 0;

    for (i = 0; i < sizeof(hosts) / sizeof(hosts[0]); i++) {
	memset(&match, 0, sizeof(match));
	(void) rp_domain_check(brands, hosts[i], &match);
	(void) rp_brands_owner(brands, hosts[i]);
	(void) rp_brands_shortener(brands, hosts[i]);
	(void) rp_brands_claimed(brands, hosts[i]);
    }
    for (i = 0; i < sizeof(urls) / sizeof(urls[0]); i++) {
	if (rp_url_parse(urls[i], strlen(urls[i]), &url) != 0)
	    continue;
	(void) rp_brands_hosted_page(brands, &url, reason, sizeof(reason));
	if (rp_brands_redirector(brands, &url, &target))
	    free(target);
	rp_brands_oauth(brands, &url, brands_oauth, &len);
	rp_url_free(&url);
    }
}

/* LLVMFuzzerTestOneInput - load the input as a rules directory */
int     LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    rp_brands *brands;
    rp_error err;
    const uint8_t *end = data + size, *nul;
    size_t  i;

    if (size > FUZZ_MAX_INPUT)
	return 0;
    for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
	nul = data < end ? memchr(data, 0, end - data) : NULL;
	if (nul == NULL)
	    nul = end;
	fuzz_write(files[i], data, nul - data);
	data = nul < end ? nul + 1 : end;
    }
    memset(&err, 0, sizeof(err));
    brands = rp_brands_new();
    if (rp_brands_load_dir(brands, fuzz_tmpdir(), 1, &err) == RP_OK
	&& rp_brands_finish(brands, &err) == RP_OK)
	brands_use(brands);
    rp_brands_free(brands);
    return 0;
}
