/*
 * NAME
 *	mlt_log 3h
 * SUMMARY
 *	daemon logging: syslog (LOG_MAIL) or stderr
 * SYNOPSIS
 *	#include "mlt_log.h"
 * DESCRIPTION
 *	The daemon logs through mlt_log() only; the engine never logs.
 */
#ifndef MLT_LOG_H
#define MLT_LOG_H

#include <syslog.h>

void    mlt_log_init(const char *ident, int to_stderr);
void    mlt_log(int priority, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void    mlt_log_close(void);

#endif
