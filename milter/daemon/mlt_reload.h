/*
 * NAME
 *	mlt_reload 3h
 * SUMMARY
 *	refcounted engine snapshots: load, pin, reload
 * SYNOPSIS
 *	#include "mlt_reload.h"
 * DESCRIPTION
 *	A snapshot is everything a message is judged with: the engine (its
 *	config, brands and rules), the daemon's settings bound from the same
 *	file and the parsed trusted networks.  It never changes once loaded;
 *	a reload builds a new one and swaps it in.
 */
#ifndef MLT_RELOAD_H
#define MLT_RELOAD_H

#include "regphish.h"
#include "mlt_net.h"
#include "mlt_settings.h"

typedef struct mlt_snapshot {
    rp_engine *engine;
    mlt_settings settings;		/* the daemon's keys; strings owned by engine */
    mlt_nets *trusted;			/* trusted_networks */
    unsigned long generation;		/* 1 for the first load, then +1 */
    unsigned refs;			/* guarded by the module's lock */
} mlt_snapshot;

/* mlt_reload_init - remember where config and rules come from */
void    mlt_reload_init(const char *config_path, const char *rules_dir);

/* mlt_reload - build a new snapshot and make it current; RP_OK or *err */
rp_status mlt_reload(rp_error *err);

mlt_snapshot *mlt_snapshot_acquire(void);
void    mlt_snapshot_release(mlt_snapshot *snap);

/* mlt_reload_shutdown - drop the current snapshot (after all connections end) */
void    mlt_reload_shutdown(void);

#endif
