/*
 * NAME
 *	rp_check 3h
 * SUMMARY
 *	the checks: from features to symbols
 * SYNOPSIS
 *	#include "rp_check.h"
 * DESCRIPTION
 *	rp_check_message() runs the sender, link, lure and authentication
 *	checks over a message's features and adds what it finds to the
 *	verdict, each finding a named symbol with a reason.
 */
#ifndef RP_CHECK_H
#define RP_CHECK_H

#include "rp_engine.h"
#include "rp_features.h"

void    rp_check_message(const rp_engine *engine, const rp_features *f,
			 rp_verdict *verdict);

#endif
