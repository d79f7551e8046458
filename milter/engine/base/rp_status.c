/*
 * NAME
 *	rp_status 3
 * SUMMARY
 *	names and texts for status codes and actions
 * SYNOPSIS
 *	#include "regphish.h"
 *
 *	const char *rp_strerror(rp_status status)
 *	const char *rp_strerror_name(rp_status status)
 *	const char *rp_action_name(rp_action action)
 * DESCRIPTION
 *	rp_strerror() gives a sentence for a status, rp_strerror_name()
 *	the enum name ("RP_ERR_SYNTAX"), rp_action_name() the word used in
 *	headers, logs and JSON ("accept", "tag", "quarantine", "reject").
 *	Unknown values give a fixed string, never NULL.
 */
#include "config.h"

#include "regphish.h"

/* rp_strerror - what a status means */
const char *rp_strerror(rp_status status)
{
    switch (status) {
    case RP_OK:
	return "success";
    case RP_ERR_NOMEM:
	return "out of memory";
    case RP_ERR_IO:
	return "input/output error";
    case RP_ERR_SYNTAX:
	return "syntax error";
    case RP_ERR_LIMIT:
	return "input exceeds a configured limit";
    case RP_ERR_PARSE:
	return "input cannot be parsed";
    case RP_ERR_INVALID:
	return "invalid argument";
    }
    return "unknown status";
}

/* rp_strerror_name - the status's enum name */
const char *rp_strerror_name(rp_status status)
{
    switch (status) {
    case RP_OK:
	return "RP_OK";
    case RP_ERR_NOMEM:
	return "RP_ERR_NOMEM";
    case RP_ERR_IO:
	return "RP_ERR_IO";
    case RP_ERR_SYNTAX:
	return "RP_ERR_SYNTAX";
    case RP_ERR_LIMIT:
	return "RP_ERR_LIMIT";
    case RP_ERR_PARSE:
	return "RP_ERR_PARSE";
    case RP_ERR_INVALID:
	return "RP_ERR_INVALID";
    }
    return "RP_ERR_UNKNOWN";
}

/* rp_action_name - the action's word */
const char *rp_action_name(rp_action action)
{
    switch (action) {
    case RP_ACTION_ACCEPT:
	return "accept";
    case RP_ACTION_TAG:
	return "tag";
    case RP_ACTION_QUARANTINE:
	return "quarantine";
    case RP_ACTION_REJECT:
	return "reject";
    }
    return "accept";
}
