/*
 * NAME
 *	mlt_history 3h
 * SUMMARY
 *	the milter's history store: opened at start, swapped on reload
 * SYNOPSIS
 *	#include "mlt_history.h"
 * DESCRIPTION
 *	The store the config's history_* keys name, pinned by each message
 *	for its scan and its record like the engine snapshot (mlt_reload).
 */
#ifndef MLT_HISTORY_H
#define MLT_HISTORY_H

#include <stddef.h>

#include "regphish.h"
#include "mlt_settings.h"

/*
 * mlt_history_configure - take the history settings of a (re)load.
 * Before mlt_history_start() they are only checked and kept; after it,
 * a store that differs from the running one is opened and swapped in.
 * RP_OK, or an error with why: a bad history_redis, or a changed store
 * that cannot be opened (the caller keeps the running config).
 */
rp_status mlt_history_configure(const mlt_settings *settings, char *why, size_t why_size);

/*
 * mlt_history_start - open the configured store, once the daemon runs
 * as its own user (the store's files are that user's).  A store that
 * cannot be opened is logged and the milter runs without history.
 */
void    mlt_history_start(void);

/* mlt_history_acquire - pin the store for one message; NULL: no history */
const rp_history_reader *mlt_history_acquire(void);

/*
 * mlt_history_release - record the verdict's domains (verdict not NULL:
 * the message was scanned) and unpin (reader NULL is fine)
 */
void    mlt_history_release(const rp_history_reader *reader, const rp_verdict *verdict);

/* mlt_history_shutdown - close the store (after all messages ended) */
void    mlt_history_shutdown(void);

#endif
