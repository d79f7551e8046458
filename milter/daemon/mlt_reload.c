/*
 * NAME
 *	mlt_reload 3
 * SUMMARY
 *	refcounted engine snapshots: load, pin, reload
 * SYNOPSIS
 *	#include "mlt_reload.h"
 *
 *	void	mlt_reload_init(const char *config_path, const char *rules_dir)
 *	rp_status mlt_reload(rp_error *err)
 *	mlt_snapshot *mlt_snapshot_acquire(void)
 *	void	mlt_snapshot_release(mlt_snapshot *snap)
 *	void	mlt_reload_shutdown(void)
 * DESCRIPTION
 *	mlt_reload() loads the config file and the rules into a new engine,
 *	handing the loader the daemon's table (mlt_settings.c) so that the
 *	engine reads and checks the daemon's keys with its own (fallback
 *	must be accept or tempfail, numbers in range) and binds them into
 *	the snapshot's settings; then it parses trusted_networks and hands
 *	the history settings to mlt_history (which swaps a changed store
 *	in, or fails when it cannot be opened).  Only
 *	when all of it succeeds does the new snapshot replace the current
 *	one; otherwise *err names the file and line at fault and the
 *	current snapshot stays in force.  Either way the load is counted
 *	(mlt_metrics_reload).  It is
 *	called once at start-up and again for each SIGHUP (from the
 *	daemon's signal thread, never from a signal handler).
 *
 *	mlt_snapshot_acquire() pins the current snapshot (the callbacks do
 *	so for each message); mlt_snapshot_release() unpins it.  A snapshot
 *	that has been replaced is freed when its last user releases it, so
 *	messages in flight during a reload finish with the rules they
 *	started with.  Loading happens outside the lock: a slow reload
 *	never stalls mail.
 * DIAGNOSTICS
 *	mlt_snapshot_acquire() returns NULL only before the first
 *	successful load or after shutdown.
 */
#include "config.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include <glib.h>

#include "mlt_history.h"
#include "mlt_metrics.h"
#include "mlt_reload.h"

static pthread_mutex_t snap_lock = PTHREAD_MUTEX_INITIALIZER;
static mlt_snapshot *snap_current;
static unsigned long snap_generation;
static const char *snap_config_path;
static const char *snap_rules_dir;

/* snapshot_free - release everything a snapshot holds */
static void snapshot_free(mlt_snapshot *snap)
{
    mlt_nets_free(snap->trusted);
    rp_engine_free(snap->engine);
    g_free(snap);
}

/* mlt_reload_init - remember the sources for every later reload */
void    mlt_reload_init(const char *config_path, const char *rules_dir)
{
    snap_config_path = config_path;
    snap_rules_dir = rules_dir;
}

/* reload_error - a daemon setting is bad: name the config file */
static void reload_error(rp_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void reload_error(rp_error *err, const char *fmt, ...)
{
    va_list ap;

    snprintf(err->file, sizeof(err->file), "%s", snap_config_path ? snap_config_path : "");
    err->line = 0;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof(err->message), fmt, ap);
    va_end(ap);
}

/* snapshot_load - load a new snapshot; keep the old one on failure */
static rp_status snapshot_load(rp_error *err)
{
    mlt_snapshot *snap = g_new0(mlt_snapshot, 1), *old;
    rp_program_settings daemon = mlt_settings_program(&snap->settings);
    char    why[1024];
    rp_status status;

    status = rp_engine_load_settings(snap_config_path, snap_rules_dir, NULL, 0, &daemon,
				     &snap->engine, err);
    if (status != RP_OK) {
	g_free(snap);
	return status;
    }
    if (mlt_nets_parse(snap->settings.trusted_networks, &snap->trusted, why,
		       sizeof(why)) < 0) {
	reload_error(err, "%s", why);
	snapshot_free(snap);
	return RP_ERR_SYNTAX;
    }
    if ((status = mlt_history_configure(&snap->settings, why, sizeof(why))) != RP_OK) {
	reload_error(err, "%s", why);
	snapshot_free(snap);
	return status;
    }
    snap->refs = 1;				/* the "current" reference */
    pthread_mutex_lock(&snap_lock);
    snap->generation = ++snap_generation;
    old = snap_current;
    snap_current = snap;
    pthread_mutex_unlock(&snap_lock);
    if (old != NULL)
	mlt_snapshot_release(old);
    return RP_OK;
}

/* mlt_reload - load a new snapshot, counted in the metrics */
rp_status mlt_reload(rp_error *err)
{
    int     first;
    rp_status status;

    pthread_mutex_lock(&snap_lock);
    first = snap_generation == 0;
    pthread_mutex_unlock(&snap_lock);
    status = snapshot_load(err);
    mlt_metrics_reload(status == RP_OK, first);
    return status;
}

/* mlt_snapshot_acquire - pin the current snapshot */
mlt_snapshot *mlt_snapshot_acquire(void)
{
    mlt_snapshot *snap;

    pthread_mutex_lock(&snap_lock);
    if ((snap = snap_current) != NULL)
	snap->refs++;
    pthread_mutex_unlock(&snap_lock);
    return snap;
}

/* mlt_snapshot_release - unpin; free a replaced snapshot with its last user */
void    mlt_snapshot_release(mlt_snapshot *snap)
{
    unsigned left;

    if (snap == NULL)
	return;
    pthread_mutex_lock(&snap_lock);
    left = --snap->refs;
    pthread_mutex_unlock(&snap_lock);
    if (left == 0)
	snapshot_free(snap);
}

/* mlt_reload_shutdown - drop the current reference */
void    mlt_reload_shutdown(void)
{
    mlt_snapshot *snap;

    pthread_mutex_lock(&snap_lock);
    snap = snap_current;
    snap_current = NULL;
    pthread_mutex_unlock(&snap_lock);
    mlt_snapshot_release(snap);
}
