/*
 * NAME
 *	mlt_callbacks 3h
 * SUMMARY
 *	the libmilter callback table
 * SYNOPSIS
 *	#include "mlt_callbacks.h"
 * DESCRIPTION
 *	mlt_filter is handed to smfi_register().
 */
#ifndef MLT_CALLBACKS_H
#define MLT_CALLBACKS_H

#include <libmilter/mfapi.h>

extern struct smfiDesc mlt_filter;

#endif
