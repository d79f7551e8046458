/*
 * NAME
 *	rp_packages 3h
 * SUMMARY
 *	popular and known-malicious package names per ecosystem, and the
 *	question whether a name imitates a popular one
 * SYNOPSIS
 *	#include "rp_packages.h"
 * DESCRIPTION
 *	The lists are data: rules/packages/ECO.txt (popular names) and
 *	ECO.malicious.txt (names reported as malicious), made by
 *	tools/gen-packages.py; a local rules directory may add names of
 *	its own (an internal registry's packages are then genuine).
 *	Loaded once, immutable afterwards, read by any thread.
 */
#ifndef RP_PACKAGES_H
#define RP_PACKAGES_H

#include <stddef.h>
#include "regphish.h"

/* The ecosystems, in the order of their files' names below. */
typedef enum rp_pkg_eco {
    RP_PKG_PYPI,
    RP_PKG_NPM,
    RP_PKG_CRATES,
    RP_PKG_RUBYGEMS,
    RP_PKG_GO,
    RP_PKG_NUGET,
    RP_PKG_PACKAGIST,
    RP_PKG_PUB,
    RP_PKG_DOCKER,
    RP_PKG_HOMEBREW,
    RP_PKG_CONDA,
    RP_PKG_COUNT
} rp_pkg_eco;

/* How a name imitates a popular one. */
typedef enum rp_pkg_kind {
    RP_PKG_UNKNOWN = 0,		/* genuine (popular), or like none */
    RP_PKG_TYPOSQUAT,		/* one edit, separator or confusable letter away */
    RP_PKG_MALICIOUS		/* reported as malicious */
} rp_pkg_kind;

#define RP_PKG_NAME_MAX	214		/* bytes of a name looked at (npm's limit) */

typedef struct rp_pkg_match {
    rp_pkg_kind kind;
    const char *popular;		/* the popular name imitated (the table's), or NULL */
    const char *technique;		/* "one transposition", "confusable letters" ... */
} rp_pkg_match;

typedef struct rp_packages rp_packages;

rp_packages *rp_packages_new(void);
void    rp_packages_free(rp_packages *pk);

/*
 * rp_packages_load_dir - dir/packages/ECO.txt and ECO.malicious.txt for
 * every ecosystem; missing files are no error (no list: no check).
 */
rp_status rp_packages_load_dir(rp_packages *pk, const char *dir, rp_error *err);

/* rp_packages_finish - build the indexes after the last load */
void    rp_packages_finish(rp_packages *pk);

/* rp_packages_lookup - what name (as written, len bytes) is in eco */
rp_pkg_kind rp_packages_lookup(const rp_packages *pk, rp_pkg_eco eco,
			       const char *name, size_t len, rp_pkg_match *m);

/* rp_packages_count - popular names loaded for eco */
size_t  rp_packages_count(const rp_packages *pk, rp_pkg_eco eco);

/* rp_pkg_eco_label - "PyPI", "npm" ... for reasons */
const char *rp_pkg_eco_label(rp_pkg_eco eco);

#endif
