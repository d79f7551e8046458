/*
 * NAME
 *	mlt_daemon 3h
 * SUMMARY
 *	process set-up: socket ownership, detach, pidfile, privileges
 * SYNOPSIS
 *	#include "mlt_daemon.h"
 * DESCRIPTION
 *	Start-up steps of regphish-milter, in the order main() calls them.
 *	Each returns 0, or -1 after logging why.
 */
#ifndef MLT_DAEMON_H
#define MLT_DAEMON_H

#include <sys/types.h>

typedef struct mlt_identity {
    uid_t   uid;
    gid_t   gid;
    const char *user;			/* NULL: stay who we are */
} mlt_identity;

int     mlt_daemon_identity(const char *user, const char *group, mlt_identity *id);
int     mlt_daemon_socket_dir(const char *spec, const mlt_identity *id);
int     mlt_daemon_socket_free(const char *spec);
int     mlt_daemon_socket_perms(const char *spec, const char *mode,
				const mlt_identity *id);
int     mlt_daemon_detach(void);
int     mlt_daemon_pidfile(const char *path);
int     mlt_daemon_drop(const mlt_identity *id);
void    mlt_daemon_unlink_pidfile(const char *path);

#endif
