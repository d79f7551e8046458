/*
 * NAME
 *	cli_postfix 3h
 * SUMMARY
 *	Postfix's hold queue through Postfix's own tools
 * SYNOPSIS
 *	#include "cli_postfix.h"
 * DESCRIPTION
 *	What regphish quarantine needs of Postfix: the hold queue as
 *	postqueue -j lists it, a held message's content (postcat), its
 *	deletion (postsuper -d) and its release with one header added
 *	(cli_postfix.c says how).  Every tool is run with fork and exec,
 *	never a shell, with -c DIR when a config directory is given.
 */
#ifndef CLI_POSTFIX_H
#define CLI_POSTFIX_H

#include <stddef.h>

#include <glib.h>

/* One message of the hold queue. */
typedef struct cli_held {
    char   *queue_id;
    long long arrival_time;		/* Unix time */
    char   *sender;			/* "" for the null sender */
    GPtrArray *recipients;		/* char *, the undelivered ones */
} cli_held;

/* cli_postfix_valid_id - id has the form of a Postfix queue id */
int     cli_postfix_valid_id(const char *id);

/*
 * cli_postfix_run - run Postfix tool name (looked up in PATH, then
 * /usr/sbin) with -c config_dir when that is not NULL, then the NULL-ended
 * args; its standard output goes into out.  0, or -1 with why (the tool
 * missing, or its exit status and its first line of complaint).
 */
int     cli_postfix_run(const char *config_dir, GString *out, char *why, size_t whylen,
			const char *name, ...) __attribute__((sentinel));

/*
 * cli_postfix_held - the hold queue (postqueue -j), as cli_held * (the
 * array frees them); NULL with why when it cannot be listed
 */
GPtrArray *cli_postfix_held(const char *config_dir, char *why, size_t whylen);

/* cli_postfix_find - the held message with this id, or NULL */
const cli_held *cli_postfix_find(const GPtrArray *held, const char *id);

/*
 * cli_postfix_release - deliver a held message with header (one
 * "Name: value" line, no newline) put before its own; 0, or -1 with why
 * (the message is then still held)
 */
int     cli_postfix_release(const char *config_dir, const cli_held *held,
			    const char *header, char *why, size_t whylen);

#endif
