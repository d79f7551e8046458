/*
 * NAME
 *	rp_policy 3h
 * SUMMARY
 *	the action policy: from a score to the action taken
 * SYNOPSIS
 *	#include "rp_policy.h"
 * DESCRIPTION
 *	rp_policy_action() is the one place that turns a score into an
 *	action: the thresholds pick one, and the switches lower what the
 *	config has switched off.  The verdict applies it at finish, so the
 *	CLI prints the action the milter takes.
 */
#ifndef RP_POLICY_H
#define RP_POLICY_H

#include "regphish.h"
#include "rp_settings.h"

rp_action rp_policy_action(const rp_settings *settings, double score);
double  rp_policy_tag_threshold(const rp_settings *settings);

#endif
