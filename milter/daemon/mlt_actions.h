/*
 * NAME
 *	mlt_actions 3h
 * SUMMARY
 *	turn a verdict into milter actions at end of message
 * SYNOPSIS
 *	#include "mlt_actions.h"
 * DESCRIPTION
 *	The only module besides the callbacks that calls smfi_*().
 */
#ifndef MLT_ACTIONS_H
#define MLT_ACTIONS_H

#include <libmilter/mfapi.h>
#include "regphish.h"
#include "mlt_msg.h"
#include "mlt_reload.h"

/* mlt_actions_verdict - apply the verdict's action; SMFIS_* for the eom callback */
sfsistat mlt_actions_verdict(SMFICTX *ctx, const mlt_snapshot *snap, mlt_msg *msg,
			     const char *qid, const rp_verdict *verdict);

/* mlt_actions_unscanned - a message that was not analysed, and why */
sfsistat mlt_actions_unscanned(SMFICTX *ctx, const mlt_settings *settings, mlt_msg *msg,
			       const char *qid, const char *why, int failed);

/* mlt_actions_skipped - mail not to be analysed: delete forged headers, accept */
sfsistat mlt_actions_skipped(SMFICTX *ctx, mlt_msg *msg, const char *qid);

#endif
