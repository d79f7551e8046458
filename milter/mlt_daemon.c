/*
 * NAME
 *	mlt_daemon 3
 * SUMMARY
 *	process set-up: socket ownership, detach, pidfile, privileges
 * SYNOPSIS
 *	#include "mlt_daemon.h"
 *
 *	int	mlt_daemon_identity(const char *user, const char *group,
 *				    mlt_identity *id)
 *	int	mlt_daemon_socket_perms(const char *spec, const char *mode,
 *					const mlt_identity *id)
 *	int	mlt_daemon_detach(void)
 *	int	mlt_daemon_pidfile(const char *path)
 *	int	mlt_daemon_drop(const mlt_identity *id)
 *	void	mlt_daemon_unlink_pidfile(const char *path)
 * DESCRIPTION
 *	mlt_daemon_identity() looks up the user (and group; empty means the
 *	user's primary group) to run as.  When the daemon does not run as
 *	root, or user is empty, id->user is NULL and nothing changes.
 *
 *	mlt_daemon_socket_perms() gives a unix socket (spec "unix:PATH",
 *	"local:PATH" or "/PATH") the configured octal mode and, when
 *	privileges will be dropped, the daemon's user and group, so the MTA
 *	(a member of that group) can connect.  Other specs are left alone.
 *
 *	mlt_daemon_detach() forks, lets the parent exit, starts a new
 *	session and points stdin/stdout/stderr at /dev/null.  It must run
 *	before any thread exists.
 *
 *	mlt_daemon_pidfile() writes the process id (an empty path: none).
 *
 *	mlt_daemon_drop() sets the supplementary groups, group and user;
 *	it fails unless the change is permanent.
 * DIAGNOSTICS
 *	Every failure is logged with the system error.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mlt_daemon.h"
#include "mlt_log.h"

/* mlt_daemon_identity - whom to become after start-up */
int     mlt_daemon_identity(const char *user, const char *group, mlt_identity *id)
{
    struct passwd *pw;
    struct group *gr;

    memset(id, 0, sizeof(*id));
    if (user == NULL || *user == 0 || geteuid() != 0)
	return 0;
    if ((pw = getpwnam(user)) == NULL) {
	mlt_log(LOG_ERR, "user \"%s\" does not exist", user);
	return -1;
    }
    id->user = user;
    id->uid = pw->pw_uid;
    id->gid = pw->pw_gid;
    if (group != NULL && *group) {
	if ((gr = getgrnam(group)) == NULL) {
	    mlt_log(LOG_ERR, "group \"%s\" does not exist", group);
	    return -1;
	}
	id->gid = gr->gr_gid;
    }
    return 0;
}

/* socket_path - the file name in a unix socket spec, or NULL */
static const char *socket_path(const char *spec)
{
    if (strncmp(spec, "unix:", 5) == 0)
	return spec + 5;
    if (strncmp(spec, "local:", 6) == 0)
	return spec + 6;
    if (*spec == '/')
	return spec;
    return NULL;
}

/* mlt_daemon_socket_perms - mode and owner of a unix socket */
int     mlt_daemon_socket_perms(const char *spec, const char *mode,
				const mlt_identity *id)
{
    const char *path = socket_path(spec);
    char   *end;
    long    bits;

    if (path == NULL)
	return 0;
    bits = strtol(mode, &end, 8);
    if (*mode == 0 || *end != 0 || bits < 0 || bits > 07777) {
	mlt_log(LOG_ERR, "socket_mode \"%s\" is not an octal mode", mode);
	return -1;
    }
    if (chmod(path, (mode_t) bits) < 0) {
	mlt_log(LOG_ERR, "chmod %s: %s", path, strerror(errno));
	return -1;
    }
    if (id->user != NULL && chown(path, id->uid, id->gid) < 0) {
	mlt_log(LOG_ERR, "chown %s: %s", path, strerror(errno));
	return -1;
    }
    return 0;
}

/* mlt_daemon_detach - run in the background */
int     mlt_daemon_detach(void)
{
    pid_t   pid;
    int     fd;

    if ((pid = fork()) < 0) {
	mlt_log(LOG_ERR, "fork: %s", strerror(errno));
	return -1;
    }
    if (pid > 0)
	_exit(0);
    if (setsid() < 0)
	mlt_log(LOG_WARNING, "setsid: %s", strerror(errno));
    if (chdir("/") < 0)
	mlt_log(LOG_WARNING, "chdir /: %s", strerror(errno));
    if ((fd = open("/dev/null", O_RDWR)) >= 0) {
	dup2(fd, STDIN_FILENO);
	dup2(fd, STDOUT_FILENO);
	dup2(fd, STDERR_FILENO);
	if (fd > STDERR_FILENO)
	    close(fd);
    }
    return 0;
}

/* mlt_daemon_pidfile - record our process id */
int     mlt_daemon_pidfile(const char *path)
{
    FILE   *fp;

    if (path == NULL || *path == 0)
	return 0;
    if ((fp = fopen(path, "w")) == NULL) {
	mlt_log(LOG_ERR, "pidfile %s: %s", path, strerror(errno));
	return -1;
    }
    fprintf(fp, "%ld\n", (long) getpid());
    if (fclose(fp) != 0) {
	mlt_log(LOG_ERR, "pidfile %s: %s", path, strerror(errno));
	return -1;
    }
    return 0;
}

/* mlt_daemon_drop - become the unprivileged user, for good */
int     mlt_daemon_drop(const mlt_identity *id)
{
    if (id->user == NULL)
	return 0;
    if (setgroups(0, NULL) < 0 || initgroups(id->user, id->gid) < 0
	|| setgid(id->gid) < 0 || setuid(id->uid) < 0) {
	mlt_log(LOG_ERR, "cannot become user %s: %s", id->user, strerror(errno));
	return -1;
    }
    if (id->uid != 0 && setuid(0) == 0) {
	mlt_log(LOG_ERR, "privileges could be regained after dropping them");
	return -1;
    }
    return 0;
}

/* mlt_daemon_unlink_pidfile - remove the pidfile at exit */
void    mlt_daemon_unlink_pidfile(const char *path)
{
    if (path != NULL && *path && unlink(path) < 0 && errno != ENOENT)
	mlt_log(LOG_WARNING, "cannot remove pidfile %s: %s", path, strerror(errno));
}
