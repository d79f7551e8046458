/*
 * NAME
 *	html_fuzzer 1
 * SUMMARY
 *	libFuzzer target: links and visible text from HTML
 * SYNOPSIS
 *	html_fuzzer [libFuzzer options] [corpus...]
 * DESCRIPTION
 *	Runs rp_html_extract() over the input (up to 64 KiB) with small
 *	limits, so that the link and text limits are reached too, and
 *	reads every link and the visible and hidden text it returns.
 */
#include "config.h"

#include <string.h>

#include "fuzz.h"
#include "rp_html.h"

/* LLVMFuzzerTestOneInput - extract, then read what was found */
int     LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const rp_limits limits = {16, 64, 64, 16 * 1024};
    rp_features f;
    size_t  i, total = 0;

    if (size > FUZZ_MAX_INPUT)
	return 0;
    rp_features_init(&f);
    rp_html_extract((const char *) data, size, &limits, &f);
    for (i = 0; i < f.nlinks; i++)
	total += strlen(f.links[i].href) + (f.links[i].text ? strlen(f.links[i].text) : 0);
    total += f.text.len + strlen(f.text.data) + f.hidden.len + strlen(f.hidden.data);
    rp_features_free(&f);
    return total == (size_t) -1;
}
