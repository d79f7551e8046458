/*
 * NAME
 *	brands_fixture 3
 * SUMMARY
 *	the brand table of the shipped rules, for test-domain and test-brands
 * SYNOPSIS
 *	#include "brands_fixture.h"
 *
 *	rp_brands *brands_fixture_load(const char *local_dir)
 *	void	brands_fixture_setup(void)
 *	void	brands_fixture_teardown(void)
 * DESCRIPTION
 *	Loads the shipped rules, then local_dir as a local rules directory
 *	(a missing one is fine), and finishes the table, as the engine
 *	does at start.  brands_fixture_setup() and _teardown() make the
 *	shipped table the global brands around each test (a Check
 *	checked fixture).
 * DIAGNOSTICS
 *	A failed load or finish fails the running test with the file,
 *	line and message of the error.
 */
#include "config.h"

#include <check.h>
#include <string.h>

#include "regphish.h"
#include "rp_brands.h"
#include "brands_fixture.h"

/* brands_fixture_load - the shipped rules plus local_dir, finished */
rp_brands *brands_fixture_load(const char *local_dir)
{
    rp_brands *table = rp_brands_new();
    rp_error err;

    memset(&err, 0, sizeof(err));
    ck_assert_msg(rp_brands_load_dir(table, RP_TEST_RULES_DIR, 1, &err) == RP_OK,
		  "load: %s:%u: %s", err.file, err.line, err.message);
    ck_assert_msg(rp_brands_load_dir(table, local_dir, 0, &err) == RP_OK,
		  "local dir %s: %s:%u: %s", local_dir, err.file, err.line, err.message);
    ck_assert_msg(rp_brands_finish(table, &err) == RP_OK, "finish: %s", err.message);
    return table;
}

rp_brands *brands;

/* brands_fixture_setup - load the shipped rules (no local directory) */
void    brands_fixture_setup(void)
{
    brands = brands_fixture_load("/nonexistent/rules.d");
}

/* brands_fixture_teardown - release the table */
void    brands_fixture_teardown(void)
{
    rp_brands_free(brands);
    brands = NULL;
}
