/*
 * NAME
 *	rp_policy 3
 * SUMMARY
 *	the action policy
 * SYNOPSIS
 *	#include "rp_policy.h"
 *
 *	rp_action rp_policy_action(const rp_settings *settings, double score)
 *
 *	double	rp_policy_tag_threshold(const rp_settings *settings)
 * DESCRIPTION
 *	rp_policy_action() chooses by the config's thresholds: reject at
 *	or above reject_threshold, quarantine at or above
 *	quarantine_threshold, tag at or above tag_threshold, else accept.
 *	Then it lowers an action the config has switched off: reject
 *	becomes quarantine when reject = no, and quarantine becomes tag
 *	when quarantine = no (so a reject becomes a tag when both are off).
 *	Tagging and accepting cannot be switched off.
 *
 *	rp_policy_tag_threshold() is the lowest score that is tagged: the
 *	floor of a message that hides something at a limit (rp_check(3)).
 *
 *	These are the only reads of the five settings in the engine.
 */
#include "config.h"

#include "rp_policy.h"

/* rp_policy_action - the action the config takes at score */
rp_action rp_policy_action(const rp_settings *settings, double score)
{
    rp_action action;

    if (score >= settings->reject_threshold)
	action = RP_ACTION_REJECT;
    else if (score >= settings->quarantine_threshold)
	action = RP_ACTION_QUARANTINE;
    else if (score >= settings->tag_threshold)
	action = RP_ACTION_TAG;
    else
	action = RP_ACTION_ACCEPT;
    if (action == RP_ACTION_REJECT && !settings->reject)
	action = RP_ACTION_QUARANTINE;
    if (action == RP_ACTION_QUARANTINE && !settings->quarantine)
	action = RP_ACTION_TAG;
    return action;
}

/* rp_policy_tag_threshold - the lowest score the config tags */
double  rp_policy_tag_threshold(const rp_settings *settings)
{
    return settings->tag_threshold;
}
