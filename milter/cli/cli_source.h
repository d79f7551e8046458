/*
 * NAME
 *	cli_source 3h
 * SUMMARY
 *	messages from files, mboxes, Maildirs, directories and stdin
 * SYNOPSIS
 *	#include "cli_source.h"
 * DESCRIPTION
 *	cli_source_walk() calls each() once per message found at path:
 *	a message file, an mbox ("From " lines; each message labelled
 *	PATH:N, N counting from 1), a Maildir (cur/ and new/), a directory
 *	of those (recursively, in name order), or "-" for standard input.
 *	It returns 0, or -1 after printing an error that names the path.
 */
#ifndef CLI_SOURCE_H
#define CLI_SOURCE_H

#include <stddef.h>

typedef void (*cli_message)(void *ctx, const char *label, const char *data, size_t len);

int     cli_source_walk(const char *path, cli_message each, void *ctx);

#endif
