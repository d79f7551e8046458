/*
 * NAME
 *	mlt_net 3
 * SUMMARY
 *	trusted client networks and listening-socket options
 * SYNOPSIS
 *	#include "mlt_net.h"
 *
 *	int	mlt_nets_parse(const char *spec, mlt_nets **nets,
 *			       char *err, size_t errlen)
 *	int	mlt_nets_match(const mlt_nets *nets,
 *			       const struct sockaddr *sa)
 *	void	mlt_nets_free(mlt_nets *nets)
 *
 *	int	mlt_net_nodelay(void)
 * DESCRIPTION
 *	mlt_nets_parse() reads a list of networks separated by spaces or
 *	commas: "192.0.2.0/24 2001:db8::/32 198.51.100.7" (a bare address
 *	is a host).  mlt_nets_match() says whether a client address falls
 *	in one of them; an IPv4-mapped IPv6 address is compared as IPv4, as
 *	a dual-stack listener reports IPv4 clients that way.  A NULL or
 *	non-IP address (a local submission) never matches.
 *
 *	mlt_net_nodelay() exists because libmilter opens its listening
 *	socket itself and never sets TCP_NODELAY: each reply then waits
 *	on Nagle's algorithm against the MTA's delayed ACK, about 40 ms a
 *	message.  Linux (and the BSDs) copy TCP_NODELAY from a listening
 *	socket to every connection it accepts, so after smfi_opensocket()
 *	the daemon finds its own listening TCP sockets among its open
 *	descriptors and sets the option there once.  It returns how many
 *	sockets it changed.
 * DIAGNOSTICS
 *	mlt_nets_parse() fails on a malformed address or prefix length.
 */
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include <glib.h>

#include "mlt_net.h"

typedef struct mlt_net {
    int     family;			/* AF_INET or AF_INET6 */
    unsigned char addr[16];
    unsigned prefix;			/* bits */
} mlt_net;

struct mlt_nets {
    GArray *net;			/* mlt_net */
};

/* net_parse_one - parse "addr[/len]" into net */
static int net_parse_one(const char *text, mlt_net *net)
{
    char    buf[INET6_ADDRSTRLEN + 8];
    char   *slash, *end;
    unsigned max;
    long    len;

    if (strlen(text) >= sizeof(buf))
	return -1;
    strcpy(buf, text);
    if ((slash = strchr(buf, '/')) != NULL)
	*slash++ = 0;
    memset(net, 0, sizeof(*net));
    if (inet_pton(AF_INET, buf, net->addr) == 1) {
	net->family = AF_INET;
	max = 32;
    } else if (inet_pton(AF_INET6, buf, net->addr) == 1) {
	net->family = AF_INET6;
	max = 128;
    } else
	return -1;
    net->prefix = max;
    if (slash != NULL) {
	len = strtol(slash, &end, 10);
	if (*slash == 0 || *end != 0 || len < 0 || len > (long) max)
	    return -1;
	net->prefix = (unsigned) len;
    }
    return 0;
}

/* mlt_nets_parse - parse a list of networks */
int     mlt_nets_parse(const char *spec, mlt_nets **out, char *err, size_t errlen)
{
    mlt_nets *nets = g_new0(mlt_nets, 1);
    char   *copy = g_strdup(spec ? spec : "");
    char   *tok, *save = NULL;
    mlt_net net;

    nets->net = g_array_new(FALSE, FALSE, sizeof(mlt_net));
    for (tok = strtok_r(copy, " \t,", &save); tok; tok = strtok_r(NULL, " \t,", &save)) {
	if (net_parse_one(tok, &net) < 0) {
	    snprintf(err, errlen, "trusted_networks: \"%.100s\" is not an address or network", tok);
	    g_free(copy);
	    mlt_nets_free(nets);
	    *out = NULL;
	    return -1;
	}
	g_array_append_val(nets->net, net);
    }
    g_free(copy);
    *out = nets;
    return 0;
}

/* prefix_equal - do the first bits of a and b agree */
static int prefix_equal(const unsigned char *a, const unsigned char *b, unsigned bits)
{
    unsigned whole = bits / 8, rest = bits % 8;

    if (memcmp(a, b, whole) != 0)
	return 0;
    if (rest == 0)
	return 1;
    return ((a[whole] ^ b[whole]) & (0xff << (8 - rest))) == 0;
}

/* mlt_nets_match - is the address in one of the networks */
int     mlt_nets_match(const mlt_nets *nets, const struct sockaddr *sa)
{
    static const unsigned char v4mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    unsigned char addr[16];
    int     family;
    size_t  i;

    if (nets == NULL || sa == NULL)
	return 0;
    if (sa->sa_family == AF_INET) {
	family = AF_INET;
	memcpy(addr, &((const struct sockaddr_in *) sa)->sin_addr, 4);
    } else if (sa->sa_family == AF_INET6) {
	const unsigned char *a6 = ((const struct sockaddr_in6 *) sa)->sin6_addr.s6_addr;

	if (memcmp(a6, v4mapped, sizeof(v4mapped)) == 0) {
	    family = AF_INET;
	    memcpy(addr, a6 + 12, 4);
	} else {
	    family = AF_INET6;
	    memcpy(addr, a6, 16);
	}
    } else
	return 0;
    for (i = 0; i < nets->net->len; i++) {
	const mlt_net *net = &g_array_index(nets->net, mlt_net, i);

	if (net->family == family && prefix_equal(addr, net->addr, net->prefix))
	    return 1;
    }
    return 0;
}

/* mlt_nets_free - release a list */
void    mlt_nets_free(mlt_nets *nets)
{
    if (nets == NULL)
	return;
    g_array_free(nets->net, TRUE);
    g_free(nets);
}

/* mlt_net_nodelay - set TCP_NODELAY on every listening TCP socket we hold */
int     mlt_net_nodelay(void)
{
    struct rlimit rl;
    int     fd, maxfd, val, done = 0;
    socklen_t len;

    maxfd = (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < 65536) ?
	(int) rl.rlim_cur : 65536;
    for (fd = 0; fd < maxfd; fd++) {
	len = sizeof(val);
	if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &val, &len) < 0 || !val)
	    continue;
	len = sizeof(val);
	if (getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &val, &len) < 0
	    || (val != AF_INET && val != AF_INET6))
	    continue;
	val = 1;
	if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &val, sizeof(val)) == 0)
	    done++;
    }
    return done;
}
