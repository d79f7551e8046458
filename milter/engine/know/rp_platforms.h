/*
 * NAME
 *	rp_platforms 3h
 * SUMMARY
 *	code platforms whose notifications carry text their users wrote
 * SYNOPSIS
 *	#include "rp_platforms.h"
 * DESCRIPTION
 *	rules/platforms.conf: for each platform (a brand of brands.conf) the
 *	headers and List-Id that mark its notifications, the footers below
 *	its users' text, and its pages a link may lead to that are not the
 *	platform's word (consent, device sign-in, content users publish).
 *	Loaded once, immutable afterwards, read by any thread.
 */
#ifndef RP_PLATFORMS_H
#define RP_PLATFORMS_H

#include <stddef.h>

#include "regphish.h"
#include "rp_url.h"

typedef struct rp_platforms rp_platforms;

/* What a link to the platform's own domain leads to. */
typedef enum rp_platform_page {
    RP_PLATFORM_PAGE_OWN,		/* the platform's own page */
    RP_PLATFORM_PAGE_CONSENT,		/* grants an application access */
    RP_PLATFORM_PAGE_DEVICE,		/* the device-code sign-in */
    RP_PLATFORM_PAGE_USER		/* content a user published */
} rp_platform_page;

typedef struct rp_platform {
    char   *brand;			/* brands.conf name */
    char  **headers;			/* header names */
    size_t  nheaders;
    char  **listids;			/* List-Id domains */
    size_t  nlistids;
    char  **footers;			/* lower case */
    size_t  nfooters;
    char  **pages[4];			/* by rp_platform_page (OWN unused) */
    size_t  npages[4];
    unsigned mentions;			/* distinct @handles of a mass mention */
} rp_platform;

rp_platforms *rp_platforms_new(void);
void    rp_platforms_free(rp_platforms *platforms);
/* rp_platforms_load - platforms.conf of dir (optional everywhere) */
rp_status rp_platforms_load_dir(rp_platforms *platforms, const char *dir, rp_error *err);
/* rp_platforms_of - the platform of a brand (name compared without case), or NULL */
const rp_platform *rp_platforms_of(const rp_platforms *platforms, const char *brand);
/* rp_platform_marks - header name: value marks a notification of p */
int     rp_platform_marks(const rp_platform *p, const char *name, const char *value);
/*
 * rp_platforms_pose - the staff phrase ("security team") that follows
 * the platform's name (ASCII, any case; "NAME's" too) in normalised
 * text: a user signing as the platform's staff; NULL when none
 */
const char *rp_platforms_pose(const rp_platforms *platforms, const char *name,
			      const char *text, size_t len);
/* rp_platform_page_of - what a link of p's domains leads to */
rp_platform_page rp_platform_page_of(const rp_platform *p, const rp_url *u);

#endif
