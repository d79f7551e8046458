/*
 * NAME
 *	url_fuzzer 1
 * SUMMARY
 *	libFuzzer target: URL discovery in text and URL parsing
 * SYNOPSIS
 *	url_fuzzer [libFuzzer options] [corpus...]
 * DESCRIPTION
 *	Runs rp_url_scan_text() over the input (up to 64 KiB) and parses
 *	every URL it reports with rp_url_parse(), asking the parsed URL
 *	for a query parameter; then parses the whole input as one URL and
 *	asks rp_url_text_host() for the host a reader sees in it.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "rp_url.h"

/* parse_one - parse a URL and read every part */
static void parse_one(const char *s, size_t len)
{
    rp_url  url;
    char   *param;

    if (rp_url_parse(s, len, &url) != 0)
	return;
    param = rp_url_param(&url, "url");
    free(param);
    rp_url_free(&url);
}

/* found - rp_url_scan_text() callback */
static void found(void *ctx, const char *url, size_t len)
{
    parse_one(url, len);
}

/* LLVMFuzzerTestOneInput - scan, then parse */
int     LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char    host[256];
    char   *text;

    if (size > FUZZ_MAX_INPUT)
	return 0;
    rp_url_scan_text((const char *) data, size, found, NULL);
    parse_one((const char *) data, size);
    text = fuzz_strndup(data, size);
    (void) rp_url_text_host(text, host, sizeof(host));
    free(text);
    return 0;
}
