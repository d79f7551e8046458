/*
 * NAME
 *	mlt_signal 3
 * SUMMARY
 *	SIGHUP reloads, SIGTERM and SIGINT drain and stop
 * SYNOPSIS
 *	#include "mlt_signal.h"
 *
 *	int	mlt_signal_start(void)
 *	int	mlt_signal_run(int (*serve)(void))
 *	void	mlt_signal_drain(unsigned seconds)
 * DESCRIPTION
 *	libmilter's own signal thread treats SIGHUP like SIGTERM: it stops
 *	the filter.  regphish-milter wants SIGHUP to reload instead, so
 *	mlt_signal_start() blocks SIGHUP, SIGTERM and SIGINT in every thread
 *	to come, and mlt_signal_run() runs smfi_main() in a thread of its own
 *	while the main thread waits for the signals in sigwait().  Linux
 *	hands a signal sent to the process to the main thread whenever that
 *	thread can take it, and only otherwise to another waiting thread
 *	(such as libmilter's); so the main thread does nothing but wait and
 *	hand work on, to be back in sigwait() at once.  (With the waiting
 *	thread not the main one, a SIGHUP storm under load sometimes reached
 *	libmilter's thread and stopped the filter: tests/postfix/t-faults.sh.)
 *
 *	SIGHUP wakes a reload thread, which calls mlt_reload() (config and
 *	rules are read outside any lock while mail keeps flowing).  A failed
 *	reload is logged with file and line; the running rules stay.
 *	SIGHUPs that arrive during a reload fold into one more reload.
 *
 *	SIGTERM and SIGINT call smfi_stop(): libmilter closes the listening
 *	socket and smfi_main() returns, and so does mlt_signal_run(), with
 *	its status.  main() then calls mlt_signal_drain() to let messages in
 *	flight finish before exit.
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

/* mlt_signal_start - block the signals, start the reload thread */
int     mlt_signal_start(void)
{
    sigset_t set;
    pthread_t tid;

    signal_set(&set);
    if (pthread_sigmask(SIG_BLOCK, &set, NULL) != 0
	|| pthread_create(&tid, NULL, reload_thread, NULL) != 0
	|| pthread_detach(tid) != 0) {
	mlt_log(LOG_ERR, "cannot start the signal threads");
	return -1;
    }
    return 0;
}

static pthread_t main_thread;
static int (*serve_fn) (void);
static int serve_status;
static int serve_done;

/* serve_thread - run the server; when it returns, wake the main thread */
static void *serve_thread(void *unused)
{
    serve_status = serve_fn();
    __atomic_store_n(&serve_done, 1, __ATOMIC_SEQ_CST);
    pthread_kill(main_thread, SIGTERM);
    return NULL;
}

/* mlt_signal_run - serve in a thread, take the signals in this (main) one */
int     mlt_signal_run(int (*serve) (void))
{
    sigset_t set;
    pthread_t tid;
    int     sig;

    signal_set(&set);
    serve_fn = serve;
    main_thread = pthread_self();
    if (pthread_create(&tid, NULL, serve_thread, NULL) != 0) {
	mlt_log(LOG_ERR, "cannot start the server thread");
	return -1;
    }
    for (;;) {
	if (sigwait(&set, &sig) != 0)
	    continue;
	if (__atomic_load_n(&serve_done, __ATOMIC_SEQ_CST))
	    break;
	if (sig == SIGHUP) {
	    pthread_mutex_lock(&reload_lock);
	    reload_pending = 1;
	    pthread_cond_signal(&reload_cond);
	    pthread_mutex_unlock(&reload_lock);
	    continue;
	}
	mlt_log(LOG_INFO, "signal %d: stopping after messages in flight", sig);
	smfi_stop();
	break;
    }
    pthread_join(tid, NULL);
    return serve_status;
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
