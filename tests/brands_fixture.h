/*
 * NAME
 *	brands_fixture 3h
 * SUMMARY
 *	the brand table of the shipped rules, for test-domain and test-brands
 * SYNOPSIS
 *	#include "brands_fixture.h"
 * DESCRIPTION
 *	brands_fixture_load() loads RP_TEST_RULES_DIR (required) and then
 *	local_dir (not required, as the local rules directory), finishes
 *	the table and returns it (caller frees with rp_brands_free()).
 *	A load error fails the current Check test.
 */
#ifndef BRANDS_FIXTURE_H
#define BRANDS_FIXTURE_H

#include "rp_brands.h"

rp_brands *brands_fixture_load(const char *local_dir);

/* The shipped table, loaded before each test by brands_fixture_setup(). */
extern rp_brands *brands;

/* brands_fixture_setup, _teardown - a Check fixture around brands */
void    brands_fixture_setup(void);
void    brands_fixture_teardown(void);

#endif
