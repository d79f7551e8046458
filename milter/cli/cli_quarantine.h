/*
 * NAME
 *	cli_quarantine 3h
 * SUMMARY
 *	regphish quarantine: Postfix's hold queue with regphish's reasons
 * SYNOPSIS
 *	#include "cli_quarantine.h"
 * DESCRIPTION
 *	list, show, release and delete held messages (cli_quarantine.c);
 *	Postfix's tools do the work (cli_postfix.c).
 */
#ifndef CLI_QUARANTINE_H
#define CLI_QUARANTINE_H

#include <stddef.h>

/*
 * cli_quarantine_main - argv[0] is "quarantine"; the exit status: 0, or
 * 2 on any error (usage, not root, no such held message, a tool failed)
 */
int     cli_quarantine_main(int argc, char **argv);

#endif
