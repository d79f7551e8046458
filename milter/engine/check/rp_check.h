/*
 * NAME
 *	rp_check 3h
 * SUMMARY
 *	the checks: from features to symbols
 * SYNOPSIS
 *	#include "rp_check.h"
 * DESCRIPTION
 *	rp_check_message() runs the sender, link, lure and authentication
 *	checks over a message's features, reads what they found in context
 *	and writes it to the verdict (a new one), once: each finding a
 *	named symbol with a score and a reason.  dkim is the engine's own
 *	DKIM verification of the message, NULL when it has none
 *	(dkim_verify off); history is the site's history, NULL when there
 *	is none (no history symbols then).
 */
#ifndef RP_CHECK_H
#define RP_CHECK_H

#include "rp_dkim.h"
#include "rp_engine.h"
#include "rp_features.h"

void    rp_check_message(const rp_engine *engine, const rp_features *f,
			 const rp_dkim_report *dkim, const rp_history_reader *history,
			 rp_verdict *verdict);

#endif
