/*
 * NAME
 *	rp_dkim 3
 * SUMMARY
 *	verify DKIM signatures with libopendkim
 * SYNOPSIS
 *	#include "rp_dkim.h"
 *
 *	rp_status rp_dkim_new(const char *keyfile, unsigned timeout,
 *			      rp_dkim **dkim, rp_error *err)
 *	rp_status rp_dkim_verify(const rp_dkim *dkim, const char *message,
 *				 size_t length, rp_dkim_report *report)
 *	void	rp_dkim_free(rp_dkim *dkim)
 * DESCRIPTION
 *	rp_dkim_new() makes the one DKIM_LIB handle of an engine.  Keys come
 *	from DNS through libopendkim's own resolver (timeout seconds per
 *	query), or, when keyfile is set, from that file through
 *	libopendkim's file query method (DKIM_QUERY_FILE), which reads the
 *	file anew for every key it needs: tests and offline use make no DNS
 *	query.
 *
 *	libopendkim allows one DKIM_LIB to serve many threads as long as
 *	each message has its own DKIM handle; its options are set here,
 *	once, before any message, and never changed.  Its stock resolver
 *	serialises queries on one resolver state under a lock.
 *
 *	rp_dkim_verify() first refuses a message whose header has two of a
 *	field RFC 5322 allows once (From, Subject, Date...): a second From
 *	on top is how a valid signature is made to vouch for an address
 *	nobody signed (mail readers show the first, DKIM signs the last).
 *	libopendkim's own STRICTHDRS would also refuse mail without a Date.
 *	Then it feeds the whole message (bare LF line ends are turned into
 *	CRLF, the form DKIM canonicalizes) and reports each
 *	signature, at most RP_DKIM_MAX_SIGS of them (the rest are ignored
 *	before any key is fetched: a message cannot make us run a thousand
 *	queries).  Results follow RFC 8601's words: pass; fail (the body
 *	or the signed header fields changed, or another key made it);
 *	neutral (a pass that covers only part of the body, l=: anything
 *	may follow it); permerror (bad signature syntax, no such key,
 *	revoked or unusable key); temperror (the key could not be fetched:
 *	a DNS timeout, or a selector a sender chose so that its lookup
 *	fails; it verifies nothing).
 *	Domains are lowercased and, like selectors and reasons, kept to
 *	printable ASCII.
 * DIAGNOSTICS
 *	rp_dkim_new(): RP_ERR_IO with *err naming an unreadable key file,
 *	RP_ERR_NOMEM when libopendkim cannot start.  rp_dkim_verify():
 *	RP_ERR_NOMEM when libopendkim cannot make a handle; any message,
 *	however broken, otherwise gets a report.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <opendkim/dkim.h>

#include "rp_dkim.h"
#include "rp_util.h"

struct rp_dkim {
    DKIM_LIB *lib;
};

/* dkim_prescreen - ignore signatures past the cap before any key is fetched */
static DKIM_CBSTAT dkim_prescreen(DKIM *handle, DKIM_SIGINFO **sigs, int nsigs)
{
    int     i;

    (void) handle;
    for (i = RP_DKIM_MAX_SIGS; i < nsigs; i++)
	dkim_sig_ignore(sigs[i]);
    return DKIM_CBSTAT_CONTINUE;
}

/* rp_dkim_new - one library handle, keys from DNS or a file */
rp_status rp_dkim_new(const char *keyfile, unsigned timeout, rp_dkim **out,
		      rp_error *err)
{
    rp_dkim *dkim;
    u_int   flags = DKIM_LIBFLAGS_BADSIGHANDLES;
    u_int   secs = timeout;
    dkim_query_t method = DKIM_QUERY_FILE;

    *out = NULL;
    if (keyfile != NULL && *keyfile) {
	if (strlen(keyfile) >= PATH_MAX) {
	    rp_set_error(err, keyfile, 0, "DKIM key file name too long");
	    return RP_ERR_INVALID;
	}
	if (access(keyfile, R_OK) != 0) {
	    rp_set_error(err, keyfile, 0, "cannot read DKIM keys: %s", strerror(errno));
	    return RP_ERR_IO;
	}
    }
    dkim = rp_calloc(1, sizeof(*dkim));
    if ((dkim->lib = dkim_init(NULL, NULL)) == NULL) {
	free(dkim);
	rp_set_error(err, "", 0, "libopendkim cannot start");
	return RP_ERR_NOMEM;
    }
    if (dkim_options(dkim->lib, DKIM_OP_SETOPT, DKIM_OPTS_FLAGS, &flags, sizeof(flags))
	!= DKIM_STAT_OK
	|| dkim_options(dkim->lib, DKIM_OP_SETOPT, DKIM_OPTS_TIMEOUT, &secs, sizeof(secs))
	!= DKIM_STAT_OK
	|| dkim_set_prescreen(dkim->lib, dkim_prescreen) != DKIM_STAT_OK
	|| (keyfile != NULL && *keyfile
	    && (dkim_options(dkim->lib, DKIM_OP_SETOPT, DKIM_OPTS_QUERYMETHOD,
			     &method, sizeof(method)) != DKIM_STAT_OK
		|| dkim_options(dkim->lib, DKIM_OP_SETOPT, DKIM_OPTS_QUERYINFO,
				(void *) keyfile, strlen(keyfile)) != DKIM_STAT_OK))) {
	rp_dkim_free(dkim);
	rp_set_error(err, "", 0, "libopendkim refuses its options");
	return RP_ERR_INVALID;
    }
    *out = dkim;
    return RP_OK;
}

/* rp_dkim_free - release the library handle (NULL is fine) */
void    rp_dkim_free(rp_dkim *dkim)
{
    if (dkim == NULL)
	return;
    dkim_close(dkim->lib);
    free(dkim);
}

/* copy_printable - bounded copy; bytes outside printable ASCII become '?' */
static void copy_printable(char *dst, size_t size, const unsigned char *src, int lower)
{
    size_t  i;

    for (i = 0; src != NULL && src[i] && i + 1 < size; i++)
	dst[i] = (src[i] < 0x20 || src[i] > 0x7e) ? '?'
	    : lower ? (char) rp_ascii_lower(src[i]) : (char) src[i];
    dst[i] = 0;
}

/* repeated_field - a header field RFC 5322 allows once occurs twice */
static int repeated_field(const char *message, size_t length)
{
    static const char *const once[] = {
	"from", "sender", "reply-to", "to", "cc", "bcc", "subject", "date",
	"message-id", "in-reply-to", "references",
    };
#define ONCE_COUNT (sizeof(once) / sizeof(once[0]))
    unsigned seen[ONCE_COUNT] = {0};
    const char *line = message, *end = message + length, *nl, *colon;
    size_t  i, name_len;

    for (; line < end; line = nl + 1) {
	if ((nl = memchr(line, '\n', end - line)) == NULL)
	    nl = end;
	if (line == nl || (*line == '\r' && line + 1 == nl))
	    break;				/* the blank line: end of header */
	if (*line == ' ' || *line == '\t'
	    || (colon = memchr(line, ':', nl - line)) == NULL)
	    continue;
	name_len = colon - line;
	while (name_len > 0 && (line[name_len - 1] == ' ' || line[name_len - 1] == '\t'))
	    name_len--;
	for (i = 0; i < ONCE_COUNT; i++)
	    if (strlen(once[i]) == name_len && rp_ascii_ncasecmp(line, once[i], name_len) == 0
		&& ++seen[i] > 1)
		return 1;
    }
    return 0;
}

/* to_crlf - the message with every bare LF made CRLF */
static unsigned char *to_crlf(const char *message, size_t length, size_t *outlen)
{
    size_t  i, n = 0, extra = 0;
    unsigned char *out;

    for (i = 0; i < length; i++)
	if (message[i] == '\n' && (i == 0 || message[i - 1] != '\r'))
	    extra++;
    out = rp_malloc(length + extra + 1);
    for (i = 0; i < length; i++) {
	if (message[i] == '\n' && (i == 0 || message[i - 1] != '\r'))
	    out[n++] = '\r';
	out[n++] = (unsigned char) message[i];
    }
    *outlen = n;
    return out;
}

/* sig_outcome - result word and reason for one signature */
static void sig_outcome(DKIM *handle, DKIM_SIGINFO *sig, rp_dkim_result *r)
{
    int     error = dkim_sig_geterror(sig);
    const char *why = dkim_sig_geterrorstr(error);
    ssize_t msglen = 0, canonlen = 0, signlen = -1;
    const char *result;
    char    reason[sizeof(r->reason)];

    reason[0] = 0;
    if (DKIM_SIG_CHECK(sig)) {
	result = "pass";
	if (dkim_sig_getcanonlen(handle, sig, &msglen, &canonlen, &signlen) == DKIM_STAT_OK
	    && signlen >= 0 && canonlen < msglen) {
	    result = "neutral";
	    snprintf(reason, sizeof(reason),
		     "the signature covers only %zd of %zd body bytes (l=)",
		     canonlen, msglen);
	}
    } else if (dkim_sig_getbh(sig) == DKIM_SIGBH_MISMATCH) {
	result = "fail";
	snprintf(reason, sizeof(reason), "body hash mismatch: the body changed after signing");
    } else if (error == DKIM_SIGERROR_BADSIG || error == DKIM_SIGERROR_OK) {
	result = "fail";
	snprintf(reason, sizeof(reason),
		 "signature mismatch: signed header fields changed, or another key signed");
    } else {
	result = error == DKIM_SIGERROR_KEYFAIL ? "temperror" : "permerror";
	snprintf(reason, sizeof(reason), "%s", why ? why : "signature not usable");
    }
    snprintf(r->auth.result, sizeof(r->auth.result), "%s", result);
    copy_printable(r->reason, sizeof(r->reason), (const unsigned char *) reason, 0);
}

/* collect - one result per signature that was not ignored */
static void collect(DKIM *handle, rp_dkim_report *report)
{
    DKIM_SIGINFO **sigs = NULL;
    int     nsigs = 0, i;
    rp_dkim_result *r;

    if (dkim_getsiglist(handle, &sigs, &nsigs) != DKIM_STAT_OK)
	return;
    for (i = 0; i < nsigs && report->n < RP_DKIM_MAX_SIGS; i++) {
	if (dkim_sig_getflags(sigs[i]) & DKIM_SIGFLAG_IGNORE)
	    continue;
	r = report->sig + report->n++;
	snprintf(r->auth.method, sizeof(r->auth.method), "dkim");
	copy_printable(r->auth.domain, sizeof(r->auth.domain),
		       dkim_sig_getdomain(sigs[i]), 1);
	copy_printable(r->selector, sizeof(r->selector),
		       dkim_sig_getselector(sigs[i]), 0);
	sig_outcome(handle, sigs[i], r);
    }
}

/* rp_dkim_verify - every signature of one message */
rp_status rp_dkim_verify(const rp_dkim *dkim, const char *message, size_t length,
			 rp_dkim_report *report)
{
    DKIM_STAT status;
    DKIM   *handle;
    unsigned char *data;
    size_t  len;

    memset(report, 0, sizeof(*report));
    if (repeated_field(message, length)) {
	report->state = RP_DKIM_UNREADABLE;
	return RP_OK;
    }
    if ((handle = dkim_verify(dkim->lib, (const unsigned char *) "regphish", NULL,
			      &status)) == NULL)
	return RP_ERR_NOMEM;
    data = to_crlf(message, length, &len);
    status = dkim_chunk(handle, data, len);
    if (status == DKIM_STAT_OK)
	status = dkim_chunk(handle, NULL, 0);
    free(data);
    if (status == DKIM_STAT_NOSIG) {
	report->state = RP_DKIM_UNSIGNED;
    } else if (status != DKIM_STAT_OK) {
	/* Unreadable header (a field name with ';', no colon...). */
	report->state = RP_DKIM_UNREADABLE;
    } else {
	(void) dkim_eom(handle, NULL);		/* per-signature results below */
	collect(handle, report);
	report->state = report->n ? RP_DKIM_SIGNED : RP_DKIM_UNSIGNED;
    }
    dkim_free(handle);
    return RP_OK;
}
