/*
 * NAME
 *	scan_fuzzer 1
 * SUMMARY
 *	libFuzzer target: a whole raw message through rp_scan()
 * SYNOPSIS
 *	scan_fuzzer [libFuzzer options] [corpus...]
 * DESCRIPTION
 *	Loads the engine once from the source tree's rules and the test
 *	config, then scans each input (up to 1 MiB) as a raw message with
 *	a fixed envelope, and walks the verdict so that every symbol,
 *	reason and URL it returns is read.
 * DIAGNOSTICS
 *	Aborts when the engine cannot be loaded: nothing would be tested.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "regphish.h"

static rp_engine *engine;

/* scan_cleanup - free the engine at exit (keeps leak reports clean) */
static void scan_cleanup(void)
{
    rp_engine_free(engine);
}

/* LLVMFuzzerInitialize - load the engine once */
int     LLVMFuzzerInitialize(int *argc, char ***argv)
{
    rp_error err;

    memset(&err, 0, sizeof(err));
    if (rp_engine_load(RP_FUZZ_CONFIG, RP_FUZZ_RULES_DIR, &engine, &err) != RP_OK) {
	fprintf(stderr, "scan_fuzzer: %s:%u: %s\n", err.file, err.line, err.message);
	abort();
    }
    atexit(scan_cleanup);
    return 0;
}

/* LLVMFuzzerTestOneInput - scan data as a message */
int     LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const rp_envelope env = {"<bounce@sender.example>", "192.0.2.1", "mail.sender.example", NULL};
    rp_verdict *verdict = NULL;
    const char *reason;
    double  score;
    size_t  i, total = 0;

    if (size > FUZZ_MAX_MESSAGE)
	return 0;
    if (rp_scan(engine, (const char *) data, size, &env, &verdict) != RP_OK)
	return 0;
    for (i = 0; i < rp_verdict_count(verdict); i++) {
	total += strlen(rp_verdict_symbol(verdict, i, &score, &reason));
	total += reason ? strlen(reason) : 0;
    }
    for (i = 0; i < rp_verdict_url_count(verdict); i++)
	total += strlen(rp_verdict_url(verdict, i));
    (void) rp_action_name(rp_verdict_action(verdict));
    rp_verdict_free(verdict);
    return total == (size_t) -1;
}
