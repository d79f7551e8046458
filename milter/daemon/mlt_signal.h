/*
 * NAME
 *	mlt_signal 3h
 * SUMMARY
 *	SIGHUP reloads, SIGTERM and SIGINT drain and stop
 * SYNOPSIS
 *	#include "mlt_signal.h"
 * DESCRIPTION
 *	mlt_signal_start() must run before smfi_main() (see mlt_signal.c).
 */
#ifndef MLT_SIGNAL_H
#define MLT_SIGNAL_H

int     mlt_signal_start(void);
int     mlt_signal_run(int (*serve) (void));

/* mlt_signal_drain - wait up to seconds for messages in flight */
void    mlt_signal_drain(unsigned seconds);

#endif
