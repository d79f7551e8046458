/*
 * NAME
 *	mlt_log 3
 * SUMMARY
 *	daemon logging: syslog (LOG_MAIL) or stderr
 * SYNOPSIS
 *	#include "mlt_log.h"
 *
 *	void	mlt_log_init(const char *ident, int to_stderr)
 *	void	mlt_log(int priority, const char *fmt, ...)
 *	void	mlt_log_close(void)
 * DESCRIPTION
 *	mlt_log_init() chooses the destination once, before any thread
 *	starts: syslog with facility LOG_MAIL (where an admin looks for the
 *	MTA's own lines), or stderr with a timestamp when the daemon runs
 *	in the foreground (-f).  mlt_log() is safe to call from any
 *	thread: syslog(3) is, and each stderr line is written with a single
 *	write(2) so lines from two threads never interleave.
 *
 *	Every line is escaped as a whole (mlt_escape, ASCII mode) before it
 *	is written: whatever a caller puts in it (an address, a From header,
 *	a queue id, a rules file's line), no control, bidi or other hidden
 *	character and no byte outside printable ASCII reaches the log or the
 *	terminal of whoever reads it; each shows as \xHH or \uHHHH, and a
 *	backslash as \\.  Lines are cut at about 4 KB before escaping.
 * DIAGNOSTICS
 *	None: a log line that cannot be written is lost.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>

#include "mlt_escape.h"
#include "mlt_log.h"

static int log_stderr;
static const char *log_ident = "regphish-milter";

/* mlt_log_init - choose syslog or stderr */
void    mlt_log_init(const char *ident, int to_stderr)
{
    log_ident = ident;
    log_stderr = to_stderr;
    if (!to_stderr)
	openlog(ident, LOG_PID | LOG_NDELAY, LOG_MAIL);
}

/* mlt_log - one line at the given priority, escaped */
void    mlt_log(int priority, const char *fmt, ...)
{
    static const char *const names[] = {
	"emerg", "alert", "crit", "error", "warning", "notice", "info", "debug"
    };
    char    text[4096];
    char   *safe;
    time_t  now;
    struct tm tm;
    char    stamp[32], head[256];
    struct iovec iov[3];
    int     n;
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(text, sizeof(text), fmt, ap);
    va_end(ap);
    safe = mlt_escape(text, sizeof(text), MLT_ESCAPE_ASCII);
    if (!log_stderr) {
	syslog(priority, "%s", safe);
	g_free(safe);
	return;
    }
    now = time(NULL);
    localtime_r(&now, &tm);
    strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", &tm);
    n = snprintf(head, sizeof(head), "%s %s[%ld]: %s: ", stamp, log_ident, (long) getpid(),
		 names[LOG_PRI(priority)]);
    /* One writev: the line reaches stderr whole, without another copy. */
    iov[0].iov_base = head;
    iov[0].iov_len = n < 0 ? 0 : (size_t) n < sizeof(head) ? (size_t) n : sizeof(head) - 1;
    iov[1].iov_base = safe;
    iov[1].iov_len = strlen(safe);
    iov[2].iov_base = (char *) "\n";
    iov[2].iov_len = 1;
    if (writev(STDERR_FILENO, iov, 3) < 0) {
	/* nowhere left to complain */
    }
    g_free(safe);
}

/* mlt_log_close - release the syslog connection */
void    mlt_log_close(void)
{
    if (!log_stderr)
	closelog();
}
