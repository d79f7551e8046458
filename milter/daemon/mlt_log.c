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
 *	Callers put untrusted text (addresses, subjects) in log lines only
 *	after the message layer has removed control characters.
 * DIAGNOSTICS
 *	None: a log line that cannot be written is lost.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

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

/* mlt_log - one line at the given priority */
void    mlt_log(int priority, const char *fmt, ...)
{
    static const char *const names[] = {
	"emerg", "alert", "crit", "error", "warning", "notice", "info", "debug"
    };
    char    line[4096];
    va_list ap;
    int     n;

    va_start(ap, fmt);
    if (!log_stderr) {
	vsyslog(priority, fmt, ap);
	va_end(ap);
	return;
    }
    {
	time_t  now = time(NULL);
	struct tm tm;

	localtime_r(&now, &tm);
	n = (int) strftime(line, sizeof(line), "%Y-%m-%dT%H:%M:%S ", &tm);
    }
    n += snprintf(line + n, sizeof(line) - n, "%s[%ld]: %s: ", log_ident,
		  (long) getpid(), names[LOG_PRI(priority)]);
    if (n < (int) sizeof(line))
	n += vsnprintf(line + n, sizeof(line) - n, fmt, ap);
    va_end(ap);
    if (n >= (int) sizeof(line) - 1)
	n = sizeof(line) - 2;
    line[n++] = '\n';
    if (write(STDERR_FILENO, line, n) < 0)
	return;				/* nowhere left to complain */
}

/* mlt_log_close - release the syslog connection */
void    mlt_log_close(void)
{
    if (!log_stderr)
	closelog();
}
