/*
 * NAME
 *	mlt_history 3
 * SUMMARY
 *	the milter's history store: opened at start, swapped on reload
 * SYNOPSIS
 *	#include "mlt_history.h"
 *
 *	rp_status mlt_history_configure(const mlt_settings *settings,
 *					char *why, size_t why_size)
 *	void	mlt_history_start(void)
 *	const rp_history_reader *mlt_history_acquire(void)
 *	void	mlt_history_release(const rp_history_reader *reader,
 *				    const rp_verdict *verdict)
 *	void	mlt_history_shutdown(void)
 * DESCRIPTION
 *	The store (milter/history) is held in a refcounted handle with a
 *	copy of the settings that opened it.  mlt_reload() hands every
 *	(re)load's settings to mlt_history_configure(), which binds and
 *	checks them (mlt_histconf.c).  At start-up the store is not opened
 *	there: the config is read as root, before the daemon detaches, and
 *	the store's files must belong to the user it runs as, and be opened
 *	in the process that uses them; mlt_main calls mlt_history_start()
 *	once privileges are dropped.  A store that cannot be opened then
 *	(a missing or unwritable history_path) is logged and the milter
 *	runs without history: the verdicts are those of a site with no
 *	history, never worse, and a filter that refuses to start lets mail
 *	through unfiltered or stops it.  On a reload, settings that name
 *	the running store keep it (one that failed is tried again); a
 *	changed store that cannot be opened fails the reload, so the
 *	running config stays, as for any other bad setting.
 *
 *	mlt_history_acquire() pins the current store for one message and
 *	returns the reader to put in the envelope (NULL when history =
 *	none or the store is not open); mlt_history_release() records the
 *	verdict's domains when there is a verdict (scanned mail only: not
 *	skipped, oversized or failed mail) and unpins.  A store replaced by
 *	a reload closes with its last message.  Records and lookups never
 *	wait longer than the store's own timeout; a failure to record is
 *	the store's to log and costs the message nothing.
 * DIAGNOSTICS
 *	The store's own events (Redis down, back up) are logged through
 *	mlt_log as "history: ...".
 */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <glib.h>

#include "mlt_histconf.h"
#include "mlt_history.h"
#include "mlt_log.h"

typedef struct mlt_history {
    rp_history_reader reader;		/* ctx: this handle */
    hist_store *store;			/* NULL: not open (none, or it failed) */
    mlt_histconf conf;			/* strings point into the copies below */
    char   *path, *password;
    unsigned refs;			/* guarded by hist_lock */
} mlt_history;

static pthread_mutex_t hist_lock = PTHREAD_MUTEX_INITIALIZER;
static mlt_history *hist_current;	/* started: the store in use */
static mlt_history *hist_pending;	/* before start: the settings to open */
static int hist_started;

/* history_log - one line of the store's, to the daemon's log */
static void history_log(void *ctx, const char *line)
{
    (void) ctx;
    mlt_log(LOG_WARNING, "%s", line);
}

/* reader_lookup - the engine's lookup, through the handle's store */
static int reader_lookup(void *ctx, rp_history_role role, const char *domain,
			         rp_history_record *record)
{
    return hist_store_lookup(((mlt_history *) ctx)->store, role, domain, record);
}

/* handle_new - a handle with its own copy of the settings, not open yet */
static mlt_history *handle_new(const mlt_histconf *conf)
{
    mlt_history *h = g_new0(mlt_history, 1);

    h->conf = *conf;
    h->path = g_strdup(conf->hist.path);
    h->password = g_strdup(conf->hist.redis_password);
    h->conf.hist.path = h->path;
    h->conf.hist.redis_password = h->password;
    h->conf.hist.redis_host = h->conf.host;
    h->conf.hist.log = history_log;
    h->reader.lookup = reader_lookup;
    h->reader.ctx = h;
    h->refs = 1;
    return h;
}

/* handle_free - close the store and free the handle */
static void handle_free(mlt_history *h)
{
    hist_store_close(h->store);
    g_free(h->path);
    g_free(h->password);
    g_free(h);
}

/* handle_release - unpin; free with the last user */
static void handle_release(mlt_history *h)
{
    unsigned left;

    if (h == NULL)
	return;
    pthread_mutex_lock(&hist_lock);
    left = --h->refs;
    pthread_mutex_unlock(&hist_lock);
    if (left == 0)
	handle_free(h);
}

/* handle_open - open the handle's store (history = none: nothing); 0 or -1 with why */
static int handle_open(mlt_history *h, char *why, size_t why_size)
{
    if (h->conf.hist.backend == HIST_NONE)
	return 0;
    h->store = hist_store_open(&h->conf.hist, why, why_size);
    return h->store != NULL ? 0 : -1;
}

/* handle_install - make h the current store; release the one it replaces */
static void handle_install(mlt_history *h)
{
    mlt_history *old;

    pthread_mutex_lock(&hist_lock);
    old = hist_current;
    hist_current = h;
    pthread_mutex_unlock(&hist_lock);
    handle_release(old);
}

/* say_store - what a handle opens, for log lines */
static void say_store(const mlt_history *h, char *buf, size_t size)
{
    const hist_settings *s = &h->conf.hist;

    if (s->backend == HIST_REDIS)
	snprintf(buf, size, "redis %s:%d (fallback %s, local store %s)", s->redis_host,
		 s->redis_port, s->fallback == HIST_LOCAL ? "local" : "none", s->path);
    else
	snprintf(buf, size, "%s %s", s->backend == HIST_LOCAL ? "local store" : "none",
		 s->backend == HIST_LOCAL ? s->path : "");
}

/* mlt_history_configure - check a (re)load's history settings; swap a changed store */
rp_status mlt_history_configure(const mlt_settings *settings, char *why, size_t why_size)
{
    mlt_histconf conf;
    mlt_history *h, *cur;
    char    err[512], what[600];
    int     same;

    if (mlt_histconf_bind(settings, 0, &conf, why, why_size) < 0)
	return RP_ERR_SYNTAX;
    h = handle_new(&conf);
    pthread_mutex_lock(&hist_lock);
    if (!hist_started) {
	cur = hist_pending;
	hist_pending = h;
	pthread_mutex_unlock(&hist_lock);
	if (cur != NULL)
	    handle_free(cur);
	return RP_OK;
    }
    cur = hist_current;
    same = cur != NULL && mlt_histconf_same(&cur->conf, &h->conf);
    pthread_mutex_unlock(&hist_lock);	/* only the reload thread installs */
    if (same && (cur->store != NULL || cur->conf.hist.backend == HIST_NONE)) {
	handle_free(h);
	return RP_OK;
    }
    say_store(h, what, sizeof(what));
    if (handle_open(h, err, sizeof(err)) < 0) {
	handle_free(h);
	if (same) {
	    mlt_log(LOG_ERR, "history: cannot open %s: %s; still running without history",
		    what, err);
	    return RP_OK;
	}
	snprintf(why, why_size, "history: cannot open %s: %s", what, err);
	return RP_ERR_IO;
    }
    mlt_log(LOG_INFO, "history: %s", what);
    handle_install(h);
    return RP_OK;
}

/* mlt_history_start - open the configured store as the daemon's own user */
void    mlt_history_start(void)
{
    mlt_history *h;
    char    err[512], what[600];

    pthread_mutex_lock(&hist_lock);
    hist_started = 1;
    h = hist_pending;
    hist_pending = NULL;
    pthread_mutex_unlock(&hist_lock);
    if (h == NULL)
	return;
    say_store(h, what, sizeof(what));
    if (handle_open(h, err, sizeof(err)) < 0)
	mlt_log(LOG_ERR, "history: cannot open %s: %s; running without history",
		what, err);
    else
	mlt_log(LOG_INFO, "history: %s", what);
    handle_install(h);
}

/* mlt_history_acquire - pin the current store, if one is open */
const rp_history_reader *mlt_history_acquire(void)
{
    mlt_history *h;

    pthread_mutex_lock(&hist_lock);
    if ((h = hist_current) != NULL && h->store != NULL)
	h->refs++;
    else
	h = NULL;
    pthread_mutex_unlock(&hist_lock);
    return h != NULL ? &h->reader : NULL;
}

/* mlt_history_release - record a scanned message's domains, unpin */
void    mlt_history_release(const rp_history_reader *reader, const rp_verdict *verdict)
{
    mlt_history *h;

    if (reader == NULL)
	return;
    h = reader->ctx;
    if (verdict != NULL)
	(void) hist_store_record_verdict(h->store, verdict, (long long) time(NULL));
    handle_release(h);
}

/* mlt_history_shutdown - drop the current store and any pending settings */
void    mlt_history_shutdown(void)
{
    mlt_history *cur, *pending;

    pthread_mutex_lock(&hist_lock);
    cur = hist_current;
    pending = hist_pending;
    hist_current = hist_pending = NULL;
    pthread_mutex_unlock(&hist_lock);
    handle_release(cur);
    if (pending != NULL)
	handle_free(pending);
}
