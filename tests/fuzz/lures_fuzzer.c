/*
 * NAME
 *	lures_fuzzer 1
 * SUMMARY
 *	libFuzzer target: the lure rules parser (lures.rules)
 * SYNOPSIS
 *	lures_fuzzer [libFuzzer options] [corpus...]
 * DESCRIPTION
 *	Writes the input (up to 64 KiB) to a private temporary file and
 *	loads it with rp_lures_load(); when it loads, matches the rules
 *	against a fixed subject and body, so that compiled patterns run.
 */
#include "config.h"

#include <string.h>

#include "fuzz.h"
#include "rp_lure.h"

static const char subject[] = "Action required: verify your account";
static const char body[] = "Your account will be suspended in 24 hours. "
    "Update your two-factor authentication now: https://example.invalid/login\n";

/* hit - rp_lures_match() callback */
static void hit(void *ctx, rp_symbol symbol, double weight, const char *excerpt)
{
    (void) strlen(rp_symbol_name(symbol));
    (void) strlen(excerpt);
}

/* LLVMFuzzerTestOneInput - load the input as lures.rules */
int     LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    rp_lures *lures;
    rp_error err;

    if (size > FUZZ_MAX_INPUT)
	return 0;
    memset(&err, 0, sizeof(err));
    lures = rp_lures_new();
    if (rp_lures_load(lures, fuzz_write("lures.rules", data, size), 1, &err) == RP_OK)
	rp_lures_match(lures, subject, body, sizeof(body) - 1, hit, NULL);
    rp_lures_free(lures);
    return 0;
}
