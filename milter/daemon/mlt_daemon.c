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
 *	int	mlt_daemon_socket_dir(const char *spec, const mlt_identity *id)
 *	int	mlt_daemon_socket_free(const char *spec)
 *	int	mlt_daemon_socket_perms(const char *spec, const char *mode,
 *					const mlt_identity *id)
 *	int	mlt_daemon_detach(void)
 *	int	mlt_daemon_pidfile(const char *path)
 *	int	mlt_daemon_drop(const mlt_identity *id)
 *	void	mlt_daemon_unlink_pidfile(const char *path)
 * DESCRIPTION
 *	mlt_daemon_identity() looks up the user (and group; empty means the
 *	user's primary group) to run as.  When the daemon does not run as
 *	root, id->user is NULL and nothing changes.  Started as root, it
 *	refuses (fails) when user is empty or names uid 0, or the group is
 *	gid 0: the daemon never keeps root after binding its socket.  A
 *	missing user or group is named with the command that creates it.
 *
 *	mlt_daemon_socket_dir() makes sure the directory of a unix socket
 *	exists.  When only its last level is missing and the daemon was
 *	started as root, it creates that level mode 0750, owned by the
 *	daemon's user and group (the MTA reaches the socket as a member of
 *	the group); a deeper gap, or no root, fails naming the directory and
 *	what to do.  Other specs are left alone.
 *
 *	mlt_daemon_socket_free() fails when another process already
 *	listens on the socket: for a unix socket, a connect() to the path
 *	succeeds (libmilter would otherwise unlink the live socket and
 *	silently take over; a stale file is left for libmilter to remove,
 *	and a path that is not a socket is refused); for inet/inet6, a
 *	probe bind() fails with EADDRINUSE (libmilter's own failure says
 *	nothing on the terminal).  Racy by nature, it only serves a clear
 *	diagnostic before the real bind.
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
 *	it fails unless the change is permanent (neither uid 0 nor gid 0
 *	can be taken back).
 * DIAGNOSTICS
 *	Every failure is logged with the system error.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <netdb.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "mlt_daemon.h"
#include "mlt_log.h"

/* mlt_daemon_identity - whom to become after start-up */
int     mlt_daemon_identity(const char *user, const char *group, mlt_identity *id)
{
    struct passwd *pw;
    struct group *gr;

    memset(id, 0, sizeof(*id));
    if (geteuid() != 0)
	return 0;
    /* a filter that parses attackers' mail must never keep root */
    if (user == NULL || *user == 0) {
	mlt_log(LOG_ERR, "refusing to run as root: no user is configured"
		" (set \"user\" to an unprivileged account)");
	return -1;
    }
    if ((pw = getpwnam(user)) == NULL) {
	mlt_log(LOG_ERR, "user \"%s\" does not exist: create it with"
		" \"adduser --system --group --home /var/lib/regphish %s\""
		" or set \"user\" in the config", user, user);
	return -1;
    }
    if (pw->pw_uid == 0) {
	mlt_log(LOG_ERR, "refusing to run as root: user \"%s\" has uid 0"
		" (set \"user\" to an unprivileged account)", user);
	return -1;
    }
    id->user = user;
    id->uid = pw->pw_uid;
    id->gid = pw->pw_gid;
    if (group != NULL && *group) {
	if ((gr = getgrnam(group)) == NULL) {
	    mlt_log(LOG_ERR, "group \"%s\" does not exist: create it with"
		    " \"addgroup --system %s\" or set \"group\" in the config",
		    group, group);
	    return -1;
	}
	id->gid = gr->gr_gid;
    }
    if (id->gid == 0) {
	mlt_log(LOG_ERR, "refusing to run with gid 0: set \"group\" to an unprivileged group");
	return -1;
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

/* mlt_daemon_socket_dir - the socket's directory: there, or made one level deep */
int     mlt_daemon_socket_dir(const char *spec, const mlt_identity *id)
{
    const char *path = socket_path(spec), *slash;
    struct stat st;
    char   *dir;
    int     rc = -1, fd = -1;

    if (path == NULL || (slash = strrchr(path, '/')) == NULL || slash == path)
	return 0;
    if ((dir = strndup(path, (size_t) (slash - path))) == NULL) {
	mlt_log(LOG_ERR, "socket directory of %s: %s", path, strerror(errno));
	return -1;
    }
    if (stat(dir, &st) == 0) {
	if (S_ISDIR(st.st_mode))
	    rc = 0;
	else
	    mlt_log(LOG_ERR, "socket directory %s is not a directory", dir);
    } else if (errno != ENOENT)
	mlt_log(LOG_ERR, "socket directory %s: %s", dir, strerror(errno));
    else if (id->user == NULL)
	mlt_log(LOG_ERR, "socket directory %s does not exist: create it (owned by the"
		" milter's user and group, mode 0750), start as root, or set \"socket\"", dir);
    else if (mkdir(dir, 0750) < 0)
	mlt_log(LOG_ERR, "cannot create socket directory %s: %s (create it, owned by"
		" user %s, mode 0750, or set \"socket\")", dir, strerror(errno), id->user);
    /* through a descriptor: what was made is what is given away */
    else if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW)) < 0
	     || fchown(fd, id->uid, id->gid) < 0 || fchmod(fd, 0750) < 0)
	mlt_log(LOG_ERR, "socket directory %s: %s", dir, strerror(errno));
    else {
	mlt_log(LOG_INFO, "created socket directory %s (user %s, mode 0750)", dir, id->user);
	rc = 0;
    }
    if (fd >= 0)
	close(fd);
    free(dir);
    return rc;
}

/* unix_socket_free - no live listener on PATH (a stale file is fine) */
static int unix_socket_free(const char *path)
{
    struct sockaddr_un sun;
    struct stat st;
    int     fd, rc;

    if (lstat(path, &st) < 0)
	return 0;				/* libmilter creates it */
    if (!S_ISSOCK(st.st_mode)) {
	mlt_log(LOG_ERR, "%s exists and is not a socket; not replacing it", path);
	return -1;
    }
    if (strlen(path) >= sizeof(sun.sun_path)) {
	mlt_log(LOG_ERR, "socket path %s is too long", path);
	return -1;
    }
    memset(&sun, 0, sizeof(sun));
    sun.sun_family = AF_UNIX;
    strcpy(sun.sun_path, path);
    if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) < 0) {
	mlt_log(LOG_ERR, "socket: %s", strerror(errno));
	return -1;
    }
    rc = connect(fd, (struct sockaddr *) &sun, sizeof(sun));
    close(fd);
    if (rc == 0) {
	mlt_log(LOG_ERR, "socket %s is in use by another process"
		" (is another regphish-milter running?)", path);
	return -1;
    }
    return 0;					/* stale: libmilter removes it */
}

/* inet_socket_free - PORT@HOST can be bound (spec "inet:" or "inet6:") */
static int inet_socket_free(const char *spec)
{
    struct addrinfo hints, *res;
    char    port[16];
    const char *at, *host = NULL, *name = spec;
    size_t  len;
    int     fd, rc, err, on = 1;

    memset(&hints, 0, sizeof(hints));
    if (strncmp(spec, "inet:", 5) == 0) {
	hints.ai_family = AF_INET;
	spec += 5;
    } else if (strncmp(spec, "inet6:", 6) == 0) {
	hints.ai_family = AF_INET6;
	spec += 6;
    } else
	return 0;				/* libmilter judges the rest */
    len = (at = strchr(spec, '@')) ? (size_t) (at - spec) : strlen(spec);
    if (len == 0 || len >= sizeof(port)) {
	mlt_log(LOG_ERR, "socket %s: bad port", name);
	return -1;
    }
    memcpy(port, spec, len);
    port[len] = 0;
    if (at != NULL && at[1])
	host = at + 1;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE;
    if ((rc = getaddrinfo(host, port, &hints, &res)) != 0) {
	mlt_log(LOG_ERR, "socket %s: %s", name, gai_strerror(rc));
	return -1;
    }
    if ((fd = socket(res->ai_family, res->ai_socktype, res->ai_protocol)) < 0) {
	err = errno;
	rc = -1;
    } else {
	/* as libmilter does, so a TIME_WAIT port is no false alarm */
	(void) setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	rc = bind(fd, res->ai_addr, res->ai_addrlen);
	err = errno;
	close(fd);
    }
    freeaddrinfo(res);
    if (rc < 0 && err == EADDRINUSE) {
	mlt_log(LOG_ERR, "socket %s is in use by another process"
		" (is another regphish-milter running?)", name);
	return -1;
    }
    if (rc < 0) {
	mlt_log(LOG_ERR, "cannot bind %s: %s", name, strerror(err));
	return -1;
    }
    return 0;
}

/* mlt_daemon_socket_free - refuse a socket someone else listens on */
int     mlt_daemon_socket_free(const char *spec)
{
    const char *path = socket_path(spec);

    return path != NULL ? unix_socket_free(path) : inet_socket_free(spec);
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
    if (setuid(0) == 0 || setgid(0) == 0 || geteuid() != id->uid || getegid() != id->gid) {
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
