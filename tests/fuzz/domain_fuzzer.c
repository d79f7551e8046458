/*
 * NAME
 *	domain_fuzzer 1
 * SUMMARY
 *	libFuzzer target: brand-imitation checks on any byte string
 * SYNOPSIS
 *	domain_fuzzer [libFuzzer options] [corpus...]
 * DESCRIPTION
 *	Loads the brand table once from the source tree's rules, then
 *	gives the input (up to 64 KiB, cut at the first NUL) as a host to
 *	rp_domain_check() and rp_domain_describe(), and asks the table
 *	whether the input is a shortener, names a brand or copies a
 *	brand's subject line.  When the input parses as a URL, the URL
 *	policy judges it too: hosted page, redirector, OAuth link.
 * DIAGNOSTICS
 *	Aborts when the rules cannot be loaded.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "rp_url.h"
#include "rp_brands.h"

static rp_brands *brands;

/* domain_cleanup - free the table at exit */
static void domain_cleanup(void)
{
    rp_brands_free(brands);
}

/* LLVMFuzzerInitialize - load the brand table once */
int     LLVMFuzzerInitialize(int *argc, char ***argv)
{
    rp_error err;

    memset(&err, 0, sizeof(err));
    brands = rp_brands_new();
    if (rp_brands_load_dir(brands, RP_FUZZ_RULES_DIR, 1, &err) != RP_OK
	|| rp_brands_finish(brands, &err) != RP_OK) {
	fprintf(stderr, "domain_fuzzer: %s:%u: %s\n", err.file, err.line, err.message);
	abort();
    }
    atexit(domain_cleanup);
    return 0;
}

/* domain_oauth - an OAuth finding: its reason is read, nothing kept */
static void domain_oauth(void *ctx, rp_symbol technique, const char *reason)
{
    size_t *len = ctx;

    *len += strlen(reason);
}

/* domain_url - the input as a link, through the URL policy */
static void domain_url(const char *text)
{
    rp_url  url;
    char    reason[512], *target;
    size_t  len = 0;

    if (rp_url_parse(text, strlen(text), &url) != 0)
	return;
    (void) rp_brands_hosted_page(brands, &url, reason, sizeof(reason));
    if (rp_brands_redirector(brands, &url, &target))
	free(target);
    rp_brands_oauth(brands, &url, domain_oauth, &len);
    rp_url_free(&url);
}

/* LLVMFuzzerTestOneInput - the input as a host name, as text, and as a link */
int     LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    rp_domain_match match;
    rp_domain_report report;
    char   *host;

    if (size > FUZZ_MAX_INPUT)
	return 0;
    host = fuzz_strndup(data, size);
    memset(&match, 0, sizeof(match));
    (void) rp_domain_check(brands, host, &match);
    rp_domain_describe(brands, host, &report);
    (void) rp_brands_shortener(brands, host);
    (void) rp_brands_owner(brands, host);
    (void) rp_brands_claimed(brands, host);
    (void) rp_brands_subject_template(brands, host);
    domain_url(host);
    free(host);
    return 0;
}
