/*
 * NAME
 *	mlt_histconf 3h
 * SUMMARY
 *	the history_* keys of regphish.conf, bound into hist_settings
 * SYNOPSIS
 *	#include "mlt_histconf.h"
 * DESCRIPTION
 *	Shared by regphish-milter and the CLI, like mlt_settings.c: both
 *	open the store the same config names, and both refuse the same
 *	bad values.
 */
#ifndef MLT_HISTCONF_H
#define MLT_HISTCONF_H

#include <stddef.h>

#include "history/hist_store.h"
#include "mlt_settings.h"

/* The store's settings, and the storage its strings point into. */
typedef struct mlt_histconf {
    hist_settings hist;
    char    host[256];			/* history_redis without the port */
} mlt_histconf;

/*
 * mlt_histconf_bind - fill *conf from the daemon's settings (strings
 * point into settings and conf): 0, or -1 with why when history_redis
 * is not HOST:PORT.  read_only opens the store for lookups only.
 */
int     mlt_histconf_bind(const mlt_settings *settings, int read_only, mlt_histconf *conf,
			  char *why, size_t why_size);

/* mlt_histconf_same - a and b open the same store the same way */
int     mlt_histconf_same(const mlt_histconf *a, const mlt_histconf *b);

#endif
