/*
 * NAME
 *	mlt_escape 3h
 * SUMMARY
 *	untrusted text made safe for a terminal, a log line or a JSON string
 * SYNOPSIS
 *	#include "mlt_escape.h"
 * DESCRIPTION
 *	Compiled into the daemon and the regphish command alike: the one
 *	escaping both use (see mlt_escape.c).  GLib and libc only.
 */
#ifndef MLT_ESCAPE_H
#define MLT_ESCAPE_H

#include <stddef.h>

typedef enum mlt_escape_mode {
    MLT_ESCAPE_TERMINAL,		/* UTF-8 kept, hidden characters escaped */
    MLT_ESCAPE_ASCII,			/* also everything outside printable ASCII */
    MLT_ESCAPE_JSON,			/* the contents of a JSON string */
} mlt_escape_mode;

/* mlt_escape - allocated (g_free) copy of at most max bytes of s */
char   *mlt_escape(const char *s, size_t max, mlt_escape_mode mode);

#endif
