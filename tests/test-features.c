/*
 * NAME
 *	test-features 1
 * SUMMARY
 *	unit tests for rp_features: what the link limit keeps
 * SYNOPSIS
 *	test-features
 * DESCRIPTION
 *	Checks rp_features_add_link() against link flooding: past
 *	max_links every link to a host not yet kept is still kept, and so
 *	is every link whose text shows a domain, up to the hard bound
 *	RP_LINKS_HARD_MAX(max_links); exact duplicates are stored once,
 *	before the limit too; hosts are compared without case, userinfo
 *	or path, and 100,000 links cost linear time.
 * DIAGNOSTICS
 *	Check's summary; exit status 1 when a case fails.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rp_features.h"
#include "check_main.h"

static const rp_limits limits = {32, 500, 100, 1 << 20};

/* count_href - links with this href */
static size_t count_href(const rp_features *f, const char *href)
{
    size_t  i, n = 0;

    for (i = 0; i < f->nlinks; i++)
	n += strcmp(f->links[i].href, href) == 0;
    return n;
}

/* 2,000 harmless links, then the phish link: the phish is kept. */
START_TEST(test_links_past_link_cap_keep_new_hosts)
{
    rp_features f;
    char    href[64];
    size_t  i;

    rp_features_init(&f);
    for (i = 0; i < 2000; i++) {
	snprintf(href, sizeof(href), "https://harmless.example/page/%zu", i);
	ck_assert_int_eq(rp_features_add_link(&f, &limits, href, "read more", RP_LINK_HTML), 0);
    }
    ck_assert(f.flags & RP_MSG_TOO_MANY_LINKS);
    ck_assert_uint_eq(f.nlinks, limits.max_links);
    ck_assert_int_eq(rp_features_add_link(&f, &limits, "https://phish.example/login",
					  "read more", RP_LINK_HTML), 0);
    ck_assert_int_eq(rp_features_add_link(&f, &limits, "HTTPS://HARMLESS.example:443/x",
					  NULL, RP_LINK_TEXT), 0);
    ck_assert_int_eq(rp_features_add_link(&f, &limits, "https://pypi.org@harmless.example/",
					  NULL, RP_LINK_TEXT), 0);
    ck_assert_uint_eq(count_href(&f, "https://phish.example/login"), 1);
    ck_assert_uint_eq(count_href(&f, "HTTPS://HARMLESS.example:443/x"), 1);
    ck_assert_uint_eq(count_href(&f, "https://pypi.org@harmless.example/"), 1);
    /* Same host, no domain in the text: not kept past the limit. */
    ck_assert_int_eq(rp_features_add_link(&f, &limits, "https://harmless.example/more",
					  "read more", RP_LINK_HTML), 0);
    ck_assert_uint_eq(count_href(&f, "https://harmless.example/more"), 0);
    ck_assert_int_eq(rp_features_add_link(&f, &limits, "https://Phish.Example/other",
					  NULL, RP_LINK_TEXT), 0);
    ck_assert_uint_eq(count_href(&f, "https://Phish.Example/other"), 0);
    rp_features_free(&f);
}
END_TEST

/* Past the limit, a known host whose link text shows a domain is kept. */
START_TEST(test_links_past_link_cap_keep_domain_text)
{
    static const char *const texts[] = {
	"https://pypi.org/account/login", "pypi.org", "Log in at www.npmjs.com now",
    };
    rp_features f;
    char    href[64];
    size_t  i;

    rp_features_init(&f);
    for (i = 0; i < limits.max_links + 10; i++) {
	snprintf(href, sizeof(href), "https://harmless.example/%zu", i);
	(void) rp_features_add_link(&f, &limits, href, NULL, RP_LINK_TEXT);
    }
    for (i = 0; i < 3; i++) {
	snprintf(href, sizeof(href), "https://harmless.example/shown/%zu", i);
	(void) rp_features_add_link(&f, &limits, href, texts[i], RP_LINK_HTML);
	ck_assert_msg(count_href(&f, href) == 1, "text \"%s\" dropped", texts[i]);
    }
    (void) rp_features_add_link(&f, &limits, "https://harmless.example/v1.2", "version 1.2",
				RP_LINK_HTML);
    ck_assert_uint_eq(count_href(&f, "https://harmless.example/v1.2"), 0);
    rp_features_free(&f);
}
END_TEST

/* Exact duplicates (href, text, flags) are stored once, even early. */
START_TEST(test_duplicate_links_stored_once)
{
    rp_features f;
    size_t  i;

    rp_features_init(&f);
    for (i = 0; i < 10; i++) {
	(void) rp_features_add_link(&f, &limits, "https://a.example/", "a", RP_LINK_HTML);
	(void) rp_features_add_link(&f, &limits, "https://a.example/", NULL, RP_LINK_TEXT);
    }
    (void) rp_features_add_link(&f, &limits, "https://a.example/", "b", RP_LINK_HTML);
    (void) rp_features_add_link(&f, &limits, "https://a.example/", "a",
				RP_LINK_HTML | RP_LINK_UNSEEN);
    ck_assert_uint_eq(f.nlinks, 4);
    ck_assert(!(f.flags & RP_MSG_TOO_MANY_LINKS));
    /* The link context is part of the flags. */
    f.link_context = RP_LINK_UNSEEN;
    (void) rp_features_add_link(&f, &limits, "https://a.example/", "a", RP_LINK_HTML);
    ck_assert_uint_eq(f.nlinks, 4);
    (void) rp_features_add_link(&f, &limits, "https://a.example/", NULL, RP_LINK_TEXT);
    ck_assert_uint_eq(f.nlinks, 5);
    ck_assert_uint_eq(f.links[4].flags, RP_LINK_TEXT | RP_LINK_UNSEEN);
    rp_features_free(&f);
}
END_TEST

/* 100,000 distinct hosts: kept up to the hard bound (the cost is bench/'s to measure). */
START_TEST(test_link_hard_bound)
{
    rp_features f;
    char    href[64];
    size_t  i, refused = 0;

    rp_features_init(&f);
    for (i = 0; i < 100000; i++) {
	snprintf(href, sizeof(href), "https://h%zu.example/", i);
	refused += rp_features_add_link(&f, &limits, href, NULL, RP_LINK_TEXT) < 0;
    }
    ck_assert_uint_eq(f.nlinks, RP_LINKS_HARD_MAX(limits.max_links));
    ck_assert_uint_eq(refused, 100000 - f.nlinks);
    ck_assert(f.flags & RP_MSG_TOO_MANY_LINKS);
    snprintf(href, sizeof(href), "https://h%zu.example/", f.nlinks - 1);
    ck_assert_str_eq(f.links[f.nlinks - 1].href, href);
    rp_features_free(&f);

    /* No limits: everything is kept. */
    rp_features_init(&f);
    for (i = 0; i < 5000; i++) {
	snprintf(href, sizeof(href), "https://same.example/%zu", i);
	ck_assert_int_eq(rp_features_add_link(&f, NULL, href, NULL, RP_LINK_TEXT), 0);
    }
    ck_assert_uint_eq(f.nlinks, 5000);
    rp_features_free(&f);
}
END_TEST

/* features_suite - all rp_features tests */
static Suite *features_suite(void)
{
    Suite  *s = suite_create("rp_features");
    TCase  *tc = tcase_create("links");

    tcase_add_test(tc, test_links_past_link_cap_keep_new_hosts);
    tcase_add_test(tc, test_links_past_link_cap_keep_domain_text);
    tcase_add_test(tc, test_duplicate_links_stored_once);
    tcase_add_test(tc, test_link_hard_bound);
    suite_add_tcase(s, tc);
    return s;
}

const rp_test_program rp_test = {features_suite, NULL, NULL, NULL, 0};
