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
 *	read the labels of IDN hosts in ASCII through rp_host_fold().
 */
#ifndef RP_HOST_H
#define RP_HOST_H

#include <stddef.h>
#include "rp_text.h"

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
 * rp_host_fold - the U-label form of dn into out (size >= sizeof(dn->uni)),
 * each label written in look-alikes of ASCII letters folded to them;
 * 1 when some label was
 */
int     rp_host_fold(const rp_confusables *cf, const rp_dname *dn, char *out, size_t size);

#endif
