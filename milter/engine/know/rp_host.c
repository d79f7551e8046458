/*
 * NAME
 *	rp_host 3
 * SUMMARY
 *	host names in the forms the brand checks compare
 * SYNOPSIS
 *	#include "rp_host.h"
 *
 *	int	rp_host_normalize(const char *host, rp_dname *dn,
 *				  char *why, size_t why_size)
 *	int	rp_host_fold(const rp_confusables *cf, const rp_dname *dn,
 *			     char *out, size_t size)
 * DESCRIPTION
 *	rp_host_normalize() puts a host in canonical form: ASCII
 *	lowercase, no final dot, Unicode labels converted to A-labels
 *	(UTS #46 with libidn2, nontransitional), and A-labels checked by
 *	re-encoding them and then decoded, so dn holds both the A-label
 *	and the U-label form.  dn->idn tells that some label is
 *	internationalised.  Host names from rules files, mail headers and
 *	links all pass through here, so the table is keyed and searched
 *	in one form.
 *
 *	rp_host_fold() writes the U-label form of dn into out (size
 *	bytes, at least sizeof(dn->uni)) with every label that is
 *	written in look-alikes of ASCII letters folded to those letters
 *	(rp_text_fold(): confusable skeletons, diacritics folded), so
 *	www.npmjs.com written with a Cyrillic er becomes "www.npmjs.com"
 *	and the checks written for ASCII names read every label of a
 *	host, not only the registrable one.  A label holding a letter with no ASCII
 *	look-alike stays as it is.  The labels keep their number and
 *	order.  It returns 1 when some label was folded, 0 when none was
 *	(out is then the U-label form).  The skeletons to compare whole
 *	names with are rp_text_skeleton()'s.
 *
 *	This file calls nothing of the brand table.
 * DIAGNOSTICS
 *	-1 with a reason in why for names that are not valid host names:
 *	empty labels, labels over 63 bytes, names over 253 (or input over
 *	1024 bytes), control characters and spaces, characters a host
 *	name cannot hold, bad punycode, code points IDNA disallows, IP
 *	address literals.  dn->ascii is then empty.
 * SEE ALSO
 *	RFC 1035, RFC 5890, Unicode UTS #46 and TR39
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <idn2.h>

#include "rp_util.h"
#include "rp_text.h"
#include "rp_host.h"

#define RP_HOST_MAX	1024		/* longest input looked at */

/* rp_host_normalize - check and convert a host; -1 with why on failure */
int     rp_host_normalize(const char *host, rp_dname *dn, char *why, size_t why_size)
{
    char    buf[RP_HOST_MAX + 1], *out = NULL, *p, *label;
    size_t  len;
    int     ascii = 1, xn = 0, rc;

    dn->ascii[0] = dn->uni[0] = 0;
    dn->idn = 0;
    if (host == NULL || (len = strnlen(host, RP_HOST_MAX + 1)) == 0) {
	snprintf(why, why_size, "empty name");
	return -1;
    }
    if (len > RP_HOST_MAX) {
	snprintf(why, why_size, "name longer than %d bytes", RP_HOST_MAX);
	return -1;
    }
    memcpy(buf, host, len + 1);
    if (buf[len - 1] == '.')
	buf[--len] = 0;
    for (p = buf; *p; p++) {
	if ((unsigned char) *p >= 0x80)
	    ascii = 0;
	else if ((unsigned char) *p <= ' ' || *p == 0x7f) {
	    snprintf(why, why_size, "control character or space in name");
	    return -1;
	}
    }
    if (!ascii) {
	if ((rc = idn2_to_ascii_8z(buf, &out, IDN2_NONTRANSITIONAL | IDN2_NFC_INPUT)) != IDN2_OK) {
	    snprintf(why, why_size, "not a valid internationalised name: %s",
		     idn2_strerror(rc));
	    return -1;
	}
	snprintf(buf, sizeof(buf), "%s", out);
	idn2_free(out);
    }
    rp_ascii_lowercase(buf);
    if ((len = strlen(buf)) == 0 || len > 253) {
	snprintf(why, why_size, len ? "name longer than 253 bytes" : "empty name");
	return -1;
    }
    for (label = p = buf;; p++) {
	if (*p == '.' || *p == 0) {
	    if (p == label) {
		snprintf(why, why_size, "empty label");
		return -1;
	    }
	    if (p - label > RP_LABEL_MAX) {
		snprintf(why, why_size, "label longer than %d bytes", RP_LABEL_MAX);
		return -1;
	    }
	    if (strncmp(label, "xn--", 4) == 0)
		xn = 1;
	    if (*p == 0)
		break;
	    label = p + 1;
	} else if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')
		     || *p == '-' || *p == '_')) {
	    snprintf(why, why_size, "character '%c' not allowed in a host name", *p);
	    return -1;
	}
    }
    if (strspn(label, "0123456789") == strlen(label)) {
	snprintf(why, why_size, "an IP address, not a domain name");
	return -1;
    }
    memcpy(dn->ascii, buf, len + 1);
    if (!xn) {
	memcpy(dn->uni, buf, len + 1);
	return 0;
    }
    /* Decoding alone accepts junk; re-encoding checks IDNA2008 and UTS #46. */
    if ((rc = idn2_to_ascii_8z(buf, &out, IDN2_NONTRANSITIONAL)) != IDN2_OK) {
	snprintf(why, why_size, "bad A-label: %s", idn2_strerror(rc));
	dn->ascii[0] = 0;
	return -1;
    }
    idn2_free(out);
    if ((rc = idn2_to_unicode_8z8z(buf, &out, 0)) != IDN2_OK) {
	snprintf(why, why_size, "bad A-label: %s", idn2_strerror(rc));
	dn->ascii[0] = 0;
	return -1;
    }
    snprintf(dn->uni, sizeof(dn->uni), "%s", out);
    idn2_free(out);
    dn->idn = 1;
    return 0;
}

/* rp_host_fold - dn's U-labels, each written in ASCII look-alikes folded to ASCII */
int     rp_host_fold(const rp_confusables *cf, const rp_dname *dn, char *out, size_t size)
{
    const char *label = dn->uni, *take;
    char    folded[RP_LABEL_MAX + 1];
    size_t  n, i, m, len = 0;
    int     changed = 0;

    for (;;) {
	n = strcspn(label, ".");
	for (i = 0; i < n && (unsigned char) label[i] < 0x80; i++)
	     /* void */ ;
	take = label;
	m = n;
	if (i < n && rp_text_fold(cf, label, n, folded, sizeof(folded))) {
	    take = folded;
	    m = strlen(folded);
	    changed = 1;
	}
	if (len + m + 1 >= size)
	    break;
	memcpy(out + len, take, m);
	len += m;
	label += n;
	if (*label == 0)
	    break;
	out[len++] = *label++;
    }
    out[len] = 0;
    return changed;
}
