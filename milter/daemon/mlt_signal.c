/*
 * NAME
 *	mlt_signal 3
 * SUMMARY
 *	one thread owns every signal: SIGHUP reloads, SIGTERM and SIGINT stop
 * SYNOPSIS
 *	#include "mlt_signal.h"
 *
 *	void	mlt_signal_block(void)
 *	int	mlt_signal_start(void)
 *	int	mlt_signal_run(int (*serve)(void))
 *	void	mlt_signal_drain(unsigned seconds)
 *
 *	int	sigwait(const sigset_t *set, int *sig)
 * DESCRIPTION
 *	libmilter's smfi_main() always starts a signal thread of its own (no
 *	option turns it off) that sigwait()s for SIGHUP, SIGTERM and SIGINT
 *	and stops the filter on any of them: on SIGHUP too, and the process
 *	then exits 0, which Restart=on-failure does not restart.  A signal
 *	sent to the process goes to any one thread that has it unblocked or
 *	waits for it; when two threads wait for it, either may get it.  No
 *	ordering of threads makes libmilter's lose every such race: with
 *	the main thread waiting as well, back-to-back SIGHUPs stopped the
 *	filter within seconds, each time one arrived in the microsecond the
 *	main thread spent between two sigwait() calls.  So libmilter's thread
 *	must not wait for these signals at all:
 *
 *	1. mlt_signal_block(), the first thing main() does, before any
 *	   thread exists, blocks the signals this module owns (SIGHUP,
 *	   SIGTERM, SIGINT, SIGUSR1, SIGUSR2) and ignores SIGPIPE (a write to
 *	   a closed connection returns EPIPE instead).  Every thread created
 *	   later, ours and libmilter's, inherits the mask, and none unblocks
 *	   them (libmilter only adds to it).  A blocked signal stays pending
 *	   until a thread waits for it.
 *
 *	2. This file defines sigwait().  libmilter's signal thread takes its
 *	   signals through sigwait() and nothing else, and the dynamic linker
 *	   binds that call to the program's own definition before libc's (ELF
 *	   symbol interposition: the program comes first in the lookup
 *	   order; a static libmilter is bound to it by the linker).  This
 *	   sigwait() waits only for the signals of its set that this module
 *	   does not own; for libmilter's set that is none, so its thread
 *	   sleeps for good and never stops the filter.
 *
 *	3. The main thread, in mlt_signal_run(), is the only one that waits
 *	   for the owned signals, with sigwaitinfo(), which is not
 *	   interposed.
 *
 *	Hence every SIGHUP reaches our main thread, whatever the timing
 *	(tests/milter/t-milter.sh floods the daemon with SIGHUPs, and
 *	tests/postfix/t-faults.sh storms it under load).
 *
 *	mlt_signal_start() starts the reload thread; mlt_signal_run() runs
 *	smfi_main() in a thread of its own and waits for signals.  SIGHUP
 *	wakes the reload thread, which calls mlt_reload() (config and rules
 *	are read outside any lock while mail keeps flowing).  A failed
 *	reload is logged with file and line; the running rules stay.
 *	SIGHUPs that arrive during a reload fold into one more reload.
 *	SIGUSR1 and SIGUSR2 mean nothing and are logged and ignored.
 *
 *	SIGTERM and SIGINT call smfi_stop(): libmilter closes the listening
 *	socket and smfi_main() returns, and so does mlt_signal_run(), with
 *	its status.  main() then calls mlt_signal_drain() to let messages in
 *	flight finish before exit.  Should smfi_main() return without being
 *	asked (libmilter gave up on its listening socket), mlt_signal_run()
 *	logs it and returns MI_FAILURE: the daemon exits 1, and a service
 *	manager restarts it.
 * DIAGNOSTICS
 *	mlt_signal_start() and mlt_signal_run() return -1 when a thread
 *	cannot be created.
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <time.h>

#include "mlt_callbacks.h"
#include "mlt_log.h"
#include "mlt_reload.h"
#include "mlt_signal.h"

static const int owned[] = {SIGHUP, SIGTERM, SIGINT, SIGUSR1, SIGUSR2};

#define OWNED_COUNT	(sizeof(owned) / sizeof(owned[0]))

static pthread_mutex_t reload_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t reload_cond = PTHREAD_COND_INITIALIZER;
static int reload_pending;

/* owned_set - the signals this module owns */
static void owned_set(sigset_t *set)
{
    size_t  i;

    sigemptyset(set);
    for (i = 0; i < OWNED_COUNT; i++)
	sigaddset(set, owned[i]);
}

/* mlt_signal_block - before any thread: block the owned signals, ignore SIGPIPE */
void    mlt_signal_block(void)
{
    sigset_t set;

    owned_set(&set);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);
}

/*
 * sigwait - the sigwait() libmilter calls (see above): wait only for the
 * signals of set that this module does not own.  Same contract as
 * POSIX sigwait(): 0 and *sig, or an error number.
 */
__attribute__((visibility("default")))
int     sigwait(const sigset_t *set, int *sig)
{
    sigset_t rest = *set;
    size_t  i;
    int     got;

    for (i = 0; i < OWNED_COUNT; i++)
	sigdelset(&rest, owned[i]);
    /* an empty set waits for ever: EINTR (a handled signal) only */
    while ((got = sigwaitinfo(&rest, NULL)) < 0)
	if (errno != EINTR)
	    return errno;
    *sig = got;
    return 0;
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

/* mlt_signal_start - start the reload thread */
int     mlt_signal_start(void)
{
    pthread_t tid;

    if (pthread_create(&tid, NULL, reload_thread, NULL) != 0
	|| pthread_detach(tid) != 0) {
	mlt_log(LOG_ERR, "cannot start the reload thread");
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

/* mlt_signal_run - serve in a thread, take every owned signal in this one */
int     mlt_signal_run(int (*serve) (void))
{
    sigset_t set;
    pthread_t tid;
    int     sig, stopping = 0;

    owned_set(&set);
    serve_fn = serve;
    main_thread = pthread_self();
    if (pthread_create(&tid, NULL, serve_thread, NULL) != 0) {
	mlt_log(LOG_ERR, "cannot start the server thread");
	return -1;
    }
    while (!stopping) {
	if ((sig = sigwaitinfo(&set, NULL)) < 0)
	    continue;				/* EINTR */
	if (__atomic_load_n(&serve_done, __ATOMIC_SEQ_CST))
	    break;
	if (sig == SIGHUP) {
	    pthread_mutex_lock(&reload_lock);
	    reload_pending = 1;
	    pthread_cond_signal(&reload_cond);
	    pthread_mutex_unlock(&reload_lock);
	} else if (sig == SIGTERM || sig == SIGINT) {
	    mlt_log(LOG_INFO, "signal %d: stopping after messages in flight", sig);
	    stopping = 1;
	    smfi_stop();
	} else {
	    mlt_log(LOG_NOTICE, "signal %d ignored", sig);
	}
    }
    pthread_join(tid, NULL);
    if (!stopping) {
	mlt_log(LOG_ERR, "libmilter stopped without being asked to (status %d); exiting 1",
		serve_status);
	return MI_FAILURE;
    }
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
