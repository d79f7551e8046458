/*
 * NAME
 *	mlt_net 3h
 * SUMMARY
 *	trusted client networks and listening-socket options
 * SYNOPSIS
 *	#include "mlt_net.h"
 * DESCRIPTION
 *	An mlt_nets is an immutable list of CIDR networks (IPv4 and IPv6)
 *	parsed from the trusted_networks setting.
 */
#ifndef MLT_NET_H
#define MLT_NET_H

#include <stddef.h>
#include <sys/socket.h>

typedef struct mlt_nets mlt_nets;

/* mlt_nets_parse - 0, or -1 with a message in err naming the bad entry */
int     mlt_nets_parse(const char *spec, mlt_nets **nets, char *err, size_t errlen);
int     mlt_nets_match(const mlt_nets *nets, const struct sockaddr *sa);
void    mlt_nets_free(mlt_nets *nets);

/* mlt_net_nodelay - set TCP_NODELAY on this process's listening TCP sockets */
int     mlt_net_nodelay(void);

#endif
