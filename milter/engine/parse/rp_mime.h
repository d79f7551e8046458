/*
 * NAME
 *	rp_mime 3h
 * SUMMARY
 *	turn a raw message into features, with GMime 3
 * SYNOPSIS
 *	#include "rp_mime.h"
 * DESCRIPTION
 *	rp_mime_extract() parses the whole MIME tree and fills f with the
 *	addresses (From, Sender, Reply-To, Return-Path, and the envelope
 *	sender from env), the decoded Subject, Authentication-Results
 *	values, links (text parts through rp_url_scan_text, HTML parts and
 *	HTML attachments through rp_html_extract) and the visible text.
 *	Malformed input is never an error: what can be read is read and
 *	RP_MSG_* flags say what was not.  Call rp_mime_init() once first:
 *	rp_charset, rp_rfc2047 and rp_prescan rely on it too.
 */
#ifndef RP_MIME_H
#define RP_MIME_H

#include <stddef.h>
#include "regphish.h"
#include "rp_features.h"

void    rp_mime_init(void);	/* thread-safe, idempotent */

rp_status rp_mime_extract(const char *message, size_t length,
			  const rp_envelope *env, const rp_limits *limits,
			  rp_features *f);

#endif
