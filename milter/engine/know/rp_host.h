/*
 * NAME
 *	rp_host 3h
 * SUMMARY
 *	host names in the forms the brand checks compare
 * SYNOPSIS
 *	#include "rp_host.h"
 * DESCRIPTION
 *	Not a public interface: the brand table, its loader and the
 *	lookalike checks put every host through rp_host_normalize(), and
 *	compare skeletons made by rp_host_skeleton().
 */
#ifndef RP_HOST_H
#define RP_HOST_H

#include <stddef.h>
#include <unicode/uspoof.h>

#define RP_LABEL_MAX	63		/* longest label (RFC 1035) */

/* A host name in its checked forms. */
typedef struct rp_dname {
    char    ascii[256];			/* A-label form, lowercase, no final dot */
    char    uni[1024];			/* U-label form, UTF-8 */
    int     idn;			/* some label is internationalised */
} rp_dname;

/* rp_host_normalize - check and convert a host; -1 with why on failure */
int     rp_host_normalize(const char *host, rp_dname *dn, char *why, size_t why_size);

/*
 * rp_host_skeleton - the TR39 skeleton of UTF-8 text (len bytes, or -1
 * for NUL-terminated) into buf; 0 when ICU fails or buf is too small
 */
int     rp_host_skeleton(const USpoofChecker *spoof, const char *text, int32_t len,
			 char *buf, size_t size);

#endif
