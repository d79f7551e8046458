/*
 * NAME
 *	noop-milter 1
 * SUMMARY
 *	a libmilter filter that does nothing: the benchmark's floor
 * SYNOPSIS
 *	noop-milter -p socket
 * DESCRIPTION
 *	noop-milter holds the same conversation with the MTA as
 *	regphish-milter and does no work: it registers the same callbacks,
 *	asks for the same actions, protocol steps and macros (see
 *	milter/daemon/mlt_callbacks.c; the two lists below must follow it), and
 *	every callback returns at once.  What Postfix loses with it in
 *	place is what libmilter and the milter protocol cost; what it
 *	loses with regphish-milter on top of that is regphish's own cost.
 *
 *	-p socket	unix:PATH, inet:PORT@HOST or inet6:PORT@HOST
 *
 *	On an inet socket the listening socket gets TCP_NODELAY through
 *	the daemon's own mlt_net_nodelay(), so both filters meet the MTA
 *	on equal terms.  The process stays in the foreground, keeps no
 *	per-connection memory and stops on SIGTERM or SIGINT (libmilter
 *	handles both).
 * DIAGNOSTICS
 *	Exit status 0 after a clean stop, 1 when the socket cannot be
 *	opened, 2 on a usage error.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libmilter/mfapi.h>

#include "mlt_net.h"

/* The same as MLT_ACTIONS and MLT_STEPS in milter/daemon/mlt_callbacks.c. */
#define NOOP_ACTIONS	(SMFIF_ADDHDRS | SMFIF_CHGHDRS | SMFIF_CHGBODY \
			 | SMFIF_QUARANTINE | SMFIF_SETSYMLIST)
#define NOOP_STEPS	(SMFIP_NORCPT | SMFIP_NOUNKNOWN | SMFIP_SKIP \
			 | SMFIP_NR_HELO | SMFIP_NR_HDR | SMFIP_NR_EOH \
			 | SMFIP_HDR_LEADSPC)

/*
 * reply - SMFIS_NOREPLY where the MTA was told not to wait.  The
 * negotiated steps are kept in the context's private pointer itself,
 * so that doing nothing allocates nothing either.
 */
static sfsistat reply(SMFICTX *ctx, unsigned long nr_flag)
{
    unsigned long steps = (unsigned long) (uintptr_t) smfi_getpriv(ctx);

    return (steps & nr_flag) ? SMFIS_NOREPLY : SMFIS_CONTINUE;
}

/* noop_negotiate - take what regphish-milter takes */
static sfsistat noop_negotiate(SMFICTX *ctx, unsigned long f0, unsigned long f1,
			       unsigned long f2, unsigned long f3, unsigned long *pf0,
			       unsigned long *pf1, unsigned long *pf2, unsigned long *pf3)
{
    *pf0 = f0 & NOOP_ACTIONS;
    *pf1 = f1 & NOOP_STEPS;
    *pf2 = *pf3 = 0;
    smfi_setpriv(ctx, (void *) (uintptr_t) * pf1);
    if (f0 & SMFIF_SETSYMLIST) {
	smfi_setsymlist(ctx, SMFIM_CONNECT, "{client_addr}");
	smfi_setsymlist(ctx, SMFIM_ENVFROM, "i {auth_authen}");
	smfi_setsymlist(ctx, SMFIM_EOM, "i");
    }
    return SMFIS_CONTINUE;
}

/* noop_connect - nothing to do */
static sfsistat noop_connect(SMFICTX *ctx, char *host, _SOCK_ADDR *addr)
{
    return SMFIS_CONTINUE;
}

/* noop_helo - nothing to do */
static sfsistat noop_helo(SMFICTX *ctx, char *name)
{
    return reply(ctx, SMFIP_NR_HELO);
}

/* noop_envfrom - nothing to do */
static sfsistat noop_envfrom(SMFICTX *ctx, char **argv)
{
    return SMFIS_CONTINUE;
}

/* noop_data - nothing to do but answer (see cb_data in milter/daemon/mlt_callbacks.c) */
static sfsistat noop_data(SMFICTX *ctx)
{
    return SMFIS_CONTINUE;
}

/* noop_header - nothing to do */
static sfsistat noop_header(SMFICTX *ctx, char *name, char *value)
{
    return reply(ctx, SMFIP_NR_HDR);
}

/* noop_eoh - nothing to do */
static sfsistat noop_eoh(SMFICTX *ctx)
{
    return reply(ctx, SMFIP_NR_EOH);
}

/* noop_body - take every chunk, as a filter that reads the body must */
static sfsistat noop_body(SMFICTX *ctx, unsigned char *data, size_t len)
{
    return SMFIS_CONTINUE;
}

/* noop_eom - let the message through unchanged */
static sfsistat noop_eom(SMFICTX *ctx)
{
    return SMFIS_CONTINUE;
}

/* noop_abort - nothing to do */
static sfsistat noop_abort(SMFICTX *ctx)
{
    return SMFIS_CONTINUE;
}

/* noop_close - nothing was allocated; forget the negotiated steps */
static sfsistat noop_close(SMFICTX *ctx)
{
    smfi_setpriv(ctx, NULL);
    return SMFIS_CONTINUE;
}

static struct smfiDesc noop_filter = {
    .xxfi_name = "noop",
    .xxfi_version = SMFI_VERSION,
    .xxfi_flags = NOOP_ACTIONS,
    .xxfi_connect = noop_connect,
    .xxfi_helo = noop_helo,
    .xxfi_envfrom = noop_envfrom,
    .xxfi_envrcpt = NULL,
    .xxfi_header = noop_header,
    .xxfi_eoh = noop_eoh,
    .xxfi_body = noop_body,
    .xxfi_eom = noop_eom,
    .xxfi_abort = noop_abort,
    .xxfi_close = noop_close,
    .xxfi_unknown = NULL,
    .xxfi_data = noop_data,
    .xxfi_negotiate = noop_negotiate,
};

int     main(int argc, char **argv)
{
    const char *spec = NULL;
    int     ch;

    while ((ch = getopt(argc, argv, "p:")) != -1) {
	if (ch != 'p') {
	    fprintf(stderr, "usage: noop-milter -p socket\n");
	    return 2;
	}
	spec = optarg;
    }
    if (spec == NULL || optind != argc) {
	fprintf(stderr, "usage: noop-milter -p socket\n");
	return 2;
    }
    if (smfi_setconn((char *) spec) != MI_SUCCESS
	|| smfi_register(noop_filter) != MI_SUCCESS
	|| smfi_opensocket(1) != MI_SUCCESS) {
	fprintf(stderr, "noop-milter: cannot open milter socket %s\n", spec);
	return 1;
    }
    if (strncmp(spec, "inet", 4) == 0 && mlt_net_nodelay() == 0)
	fprintf(stderr, "noop-milter: could not set TCP_NODELAY on %s\n", spec);
    return smfi_main() == MI_SUCCESS ? 0 : 1;
}
