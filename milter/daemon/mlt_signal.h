/*
 * NAME
 *	mlt_signal 3h
 * SUMMARY
 *	one thread owns every signal: SIGHUP reloads, SIGTERM and SIGINT stop
 * SYNOPSIS
 *	#include "mlt_signal.h"
 * DESCRIPTION
 *	mlt_signal_block() must run before any thread is created, and
 *	mlt_signal_start() before smfi_main() (see mlt_signal.c, which also
 *	defines the sigwait() libmilter's own signal thread calls).
 */
#ifndef MLT_SIGNAL_H
#define MLT_SIGNAL_H

/* mlt_signal_block - block the owned signals in this and every later thread */
void    mlt_signal_block(void);
int     mlt_signal_start(void);

/* mlt_signal_run - serve() in a thread; MI_FAILURE when it stops unasked */
int     mlt_signal_run(int (*serve) (void));

/* mlt_signal_drain - wait up to seconds for messages in flight */
void    mlt_signal_drain(unsigned seconds);

#endif
