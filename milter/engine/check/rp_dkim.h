/*
 * NAME
 *	rp_dkim 3h
 * SUMMARY
 *	DKIM signature verification (libopendkim)
 * SYNOPSIS
 *	#include "rp_dkim.h"
 * DESCRIPTION
 *	One rp_dkim per engine holds the libopendkim library handle and
 *	where keys come from (DNS, or a key file).  It is read-only once
 *	made and may be shared by threads: each rp_dkim_verify() call makes
 *	its own per-message handle.  Results are per signature, in the
 *	message's order, as Authentication-Results would state them.
 */
#ifndef RP_DKIM_H
#define RP_DKIM_H

#include <stddef.h>

#include "regphish.h"
#include "rp_auth.h"

#define RP_DKIM_MAX_SIGS 8		/* signatures verified per message */

typedef struct rp_dkim rp_dkim;

/* What the message as a whole looked like to the verifier. */
typedef enum rp_dkim_state {
    RP_DKIM_SIGNED = 0,			/* sig[] holds one result per signature */
    RP_DKIM_UNSIGNED,			/* no DKIM-Signature header */
    RP_DKIM_UNREADABLE			/* header breaks RFC 5322 (two From...) */
} rp_dkim_state;

typedef struct rp_dkim_result {
    rp_auth_result auth;		/* "dkim", pass/fail/neutral/permerror/temperror, d= */
    char    selector[64];		/* s=, printable ASCII */
    char    reason[160];		/* why, for a person; "" for a plain pass */
} rp_dkim_result;

typedef struct rp_dkim_report {
    rp_dkim_state state;
    size_t  n;
    rp_dkim_result sig[RP_DKIM_MAX_SIGS];
} rp_dkim_report;

/*
 * rp_dkim_new - keyfile NULL or "": keys from DNS (timeout seconds per
 * query); otherwise every key from that file, one per line:
 * "SELECTOR._domainkey.DOMAIN TXT-record-text".
 */
rp_status rp_dkim_new(const char *keyfile, unsigned timeout, rp_dkim **dkim,
		      rp_error *err);
void    rp_dkim_free(rp_dkim *dkim);

/* rp_dkim_verify - verify message (CRLF or LF) into *report */
rp_status rp_dkim_verify(const rp_dkim *dkim, const char *message, size_t length,
			 rp_dkim_report *report);

#endif
