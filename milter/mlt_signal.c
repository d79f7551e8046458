/*
 * NAME
 *	mlt_signal 3
 * SUMMARY
 *	SIGHUP reloads, SIGTERM and SIGINT drain and stop
 * SYNOPSIS
 *	#include "mlt_signal.h"
 *
 *	int	mlt_signal_start(void)
 *	void	mlt_signal_drain(unsigned seconds)
 * DESCRIPTION
 *	libmilter's own signal thread treats SIGHUP like SIGTERM: it stops
 *	the filter.  regphish-milter wants SIGHUP to reload instead, so
 *	mlt_signal_start() blocks SIGHUP, SIGTERM and SIGINT and starts its
 *	own thread waiting for them in sigwait(), before smfi_main() starts
 *	libmilter's.  Linux hands a signal sent to the process to the first
 *	thread, in creation order, that is waiting for it, which is ours;
 *	so the thread does nothing but wait and hand work on, to be always
 *	back in sigwait() when the next signal comes.
 *
 *	SIGHUP wakes a reload thread, which calls mlt_reload() (config and
 *	rules are read outside any lock while mail keeps flowing).  A failed
 *	reload is logged with file and line; the running rules stay.
 *	SIGHUPs that arrive during a reload fold into one more reload.
 *
 *	SIGTERM and SIGINT call smfi_stop(): libmilter closes the listening
 *	socket and smfi_main() returns.  main() then calls
 *	mlt_signal_drain() to let messages in flight finish before exit.
 * DIAGNOSTICS
 *	mlt_signal_start() returns -1 when a thread cannot be created.
 */
#include "config.h"

#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <time.h>

#include "mlt_callbacks.h"
#include "mlt_log.h"
#include "mlt_reload.h"
#include "mlt_signal.h"

static pthread_mutex_t reload_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t reload_cond = PTHREAD_COND_INITIALIZER;
static int reload_pending;

/* signal_set - the signals this module handles */
static void signal_set(sigset_t *set)
{
    sigemptyset(set);
    sigaddset(set, SIGHUP);
    sigaddset(set, SIGTERM);
    sigaddset(set, SIGINT);
}

/* reload_thread - reload once per wake-up */
static void *reload_thread(void *unused)
{
    rp_error err;

    for (;;) {
	pthread_mutex_lock(&reload_lock);
	while (!reload_pending)
	    pthread_cond_wait(&reload_cond, &reload_lock);
	reload_pending = 0;
	pthread_mutex_unlock(&reload_lock);
	memset(&err, 0, sizeof(err));
	if (mlt_reload(&err) == RP_OK)
	    mlt_log(LOG_INFO, "reloaded configuration and rules");
	else
	    mlt_log(LOG_ERR, "reload failed, keeping the running rules: %s:%u: %s",
		    err.file, err.line, err.message);
    }
    return NULL;
}

/* signal_thread - wait for signals, hand them on */
static void *signal_thread(void *unused)
{
    sigset_t set;
    int     sig;

    signal_set(&set);
    for (;;) {
	if (sigwait(&set, &sig) != 0)
	    continue;
	if (sig == SIGHUP) {
	    pthread_mutex_lock(&reload_lock);
	    reload_pending = 1;
	    pthread_cond_signal(&reload_cond);
	    pthread_mutex_unlock(&reload_lock);
	    continue;
	}
	mlt_log(LOG_INFO, "signal %d: stopping after messages in flight", sig);
	smfi_stop();
	return NULL;
    }
}

/* mlt_signal_start - block the signals, start both threads */
int     mlt_signal_start(void)
{
    sigset_t set;
    pthread_t tid;

    signal_set(&set);
    if (pthread_sigmask(SIG_BLOCK, &set, NULL) != 0
	|| pthread_create(&tid, NULL, signal_thread, NULL) != 0
	|| pthread_detach(tid) != 0
	|| pthread_create(&tid, NULL, reload_thread, NULL) != 0
	|| pthread_detach(tid) != 0) {
	mlt_log(LOG_ERR, "cannot start the signal threads");
	return -1;
    }
    return 0;
}

/* mlt_signal_drain - let messages in flight finish, within a bound */
void    mlt_signal_drain(unsigned seconds)
{
    struct timespec tick = {0, 100 * 1000 * 1000};
    unsigned i, left;

    for (i = 0; i < seconds * 10 && (left = mlt_callbacks_busy()) > 0; i++)
	nanosleep(&tick, NULL);
    if ((left = mlt_callbacks_busy()) > 0)
	mlt_log(LOG_WARNING, "exiting with %u messages unfinished; the MTA will retry them", left);
}
