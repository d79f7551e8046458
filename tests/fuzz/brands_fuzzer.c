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
 *	table loads, checks a few hosts against it, so that what the
 *	parsers built is used.  A seed is the four files joined with NULs.
 */
#include "config.h"

#include <string.h>

#include "fuzz.h"
#include "rp_brands.h"

static const char *const files[] = {
    "brands.conf", "hosting.conf", "shorteners.conf", "redirectors.conf",
};

static const char *const hosts[] = {
    "pypi.org", "pypj.org", "npmjs.help", "xn--pypi-xxa.org", "bit.ly", "", ".",
};

/* LLVMFuzzerTestOneInput - load the input as a rules directory */
int     LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    rp_brands *brands;
    rp_domain_match match;
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
	for (i = 0; i < sizeof(hosts) / sizeof(hosts[0]); i++) {
	    memset(&match, 0, sizeof(match));
	    (void) rp_domain_check(brands, hosts[i], &match);
	}
    rp_brands_free(brands);
    return 0;
}
