/*
 * NAME
 *	mlt_callbacks 3h
 * SUMMARY
 *	the libmilter callback table
 * SYNOPSIS
 *	#include "mlt_callbacks.h"
 * DESCRIPTION
 *	mlt_filter is handed to smfi_register().  mlt_callbacks_busy()
 *	lets a shutdown wait for messages in flight.
 */
#ifndef MLT_CALLBACKS_H
#define MLT_CALLBACKS_H

#include <libmilter/mfapi.h>

extern struct smfiDesc mlt_filter;

/* mlt_callbacks_busy - messages between MAIL FROM and their end, now */
unsigned mlt_callbacks_busy(void);

#endif
