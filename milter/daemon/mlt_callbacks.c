/*
 * NAME
 *	mlt_callbacks 3
 * SUMMARY
 *	the libmilter callbacks: per-connection state, hand-off to the engine
 * SYNOPSIS
 *	#include "mlt_callbacks.h"
 *
 *	struct smfiDesc mlt_filter
 *	unsigned mlt_callbacks_busy(void)
 * DESCRIPTION
 *	Each callback is a few lines: it keeps per-connection state (an
 *	mlt_conn hung on the context with smfi_setpriv) and hands the work
 *	on to mlt_msg (collecting), rp_scan (judging) and mlt_actions
 *	(acting).
 *
 *	Negotiation asks only for what is used: header, body and quarantine
 *	actions and the macro list; no RCPT or unknown-command events; no
 *	replies to HELO, header and end-of-header events (each reply is a
 *	round trip the MTA waits for).  DATA is the exception: it is
 *	answered.  Unanswered, Postfix writes the DATA event and the first
 *	header back to back, its Nagle algorithm holds the second until our
 *	side acknowledges the first, and our kernel delays that ACK: about
 *	40 ms per message over TCP (bench/run measured 165 against about
 *	400 msgs/s for a do-nothing milter).  The reply carries the ACK.  The
 *	macros asked for are the queue id (i), {auth_authen} and
 *	{client_addr}.
 *
 *	Mail from a trusted network, and from a SASL-authenticated sender
 *	when skip_authenticated is set, is not analysed (it is outbound
 *	mail), but it is not accepted at connect or MAIL FROM either: an MTA
 *	would then pass the filter nothing more, and a forged X-Regphish-*
 *	header on it would reach the reader.  Its headers are seen (no reply
 *	is waited for), the body is declined (SMFIS_SKIP) and at end of
 *	message mlt_actions_skipped() deletes the X-Regphish-* headers.
 *	Like every message it leaves one log line, saying why it was
 *	skipped ("skipped: client 127.0.0.1 in trusted_networks").
 *
 *	The engine snapshot is pinned at MAIL FROM, for one message: a
 *	reload takes effect with the next message, and a message in flight
 *	finishes with the rules it started with.  Abort (RSET) and close
 *	drop the message state; several messages may share a connection.
 * DIAGNOSTICS
 *	An engine failure goes to the configured fallback (mlt_actions).
 */
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mlt_actions.h"
#include "mlt_callbacks.h"
#include "mlt_history.h"
#include "mlt_log.h"
#include "mlt_metrics.h"
#include "mlt_msg.h"
#include "mlt_reload.h"

typedef struct mlt_conn {
    mlt_snapshot *snap;			/* pinned for the current message */
    unsigned long pflags;		/* negotiated SMFIP_* */
    char    client[INET6_ADDRSTRLEN];
    int     trusted;			/* client in trusted_networks */
    char    skipped[160];		/* why this message is not analysed */
    char   *helo;
    mlt_msg msg;
} mlt_conn;

static unsigned busy;			/* messages in flight (atomic) */

#define MLT_ACTIONS	(SMFIF_ADDHDRS | SMFIF_CHGHDRS | SMFIF_CHGBODY \
			 | SMFIF_QUARANTINE | SMFIF_SETSYMLIST)
#define MLT_STEPS	(SMFIP_NORCPT | SMFIP_NOUNKNOWN | SMFIP_SKIP \
			 | SMFIP_NR_HELO | SMFIP_NR_HDR | SMFIP_NR_EOH \
			 | SMFIP_HDR_LEADSPC)

/* conn_get - this connection's state, created on first use */
static mlt_conn *conn_get(SMFICTX *ctx)
{
    mlt_conn *conn = smfi_getpriv(ctx);

    if (conn == NULL) {
	conn = g_new0(mlt_conn, 1);
	mlt_msg_init(&conn->msg);
	smfi_setpriv(ctx, conn);
    }
    return conn;
}

/* msg_start - begin a message, counting it as in flight */
static void msg_start(mlt_conn *conn, const char *sender, size_t limit, int analyse)
{
    if (!conn->msg.active)
	__atomic_add_fetch(&busy, 1, __ATOMIC_SEQ_CST);
    mlt_msg_begin(&conn->msg, sender, limit, analyse);
}

/* msg_end - forget the message, no longer in flight */
static void msg_end(mlt_conn *conn)
{
    if (conn->msg.active)
	__atomic_sub_fetch(&busy, 1, __ATOMIC_SEQ_CST);
    mlt_msg_reset(&conn->msg);
}

/* mlt_callbacks_busy - how many messages are in flight */
unsigned mlt_callbacks_busy(void)
{
    return __atomic_load_n(&busy, __ATOMIC_SEQ_CST);
}

/* reply - SMFIS_NOREPLY where the MTA was told not to wait */
static sfsistat reply(const mlt_conn *conn, unsigned long nr_flag)
{
    return (conn->pflags & nr_flag) ? SMFIS_NOREPLY : SMFIS_CONTINUE;
}

/* cb_negotiate - take only the actions and events that are used */
static sfsistat cb_negotiate(SMFICTX *ctx, unsigned long f0, unsigned long f1,
			     unsigned long f2, unsigned long f3, unsigned long *pf0,
			     unsigned long *pf1, unsigned long *pf2, unsigned long *pf3)
{
    mlt_conn *conn = conn_get(ctx);

    *pf0 = f0 & MLT_ACTIONS;
    *pf1 = conn->pflags = f1 & MLT_STEPS;
    *pf2 = *pf3 = 0;
    if (f0 & SMFIF_SETSYMLIST) {
	smfi_setsymlist(ctx, SMFIM_CONNECT, "{client_addr}");
	smfi_setsymlist(ctx, SMFIM_ENVFROM, "i {auth_authen}");
	smfi_setsymlist(ctx, SMFIM_EOM, "i");
    }
    return SMFIS_CONTINUE;
}

/* cb_connect - note the client and whether it is trusted */
static sfsistat cb_connect(SMFICTX *ctx, char *host, _SOCK_ADDR *addr)
{
    mlt_conn *conn = conn_get(ctx);
    mlt_snapshot *snap = mlt_snapshot_acquire();
    const char *macro;

    conn->trusted = snap != NULL && mlt_nets_match(snap->trusted, addr);
    mlt_snapshot_release(snap);
    if (addr != NULL && addr->sa_family == AF_INET)
	inet_ntop(AF_INET, &((struct sockaddr_in *) addr)->sin_addr, conn->client,
		  sizeof(conn->client));
    else if (addr != NULL && addr->sa_family == AF_INET6)
	inet_ntop(AF_INET6, &((struct sockaddr_in6 *) addr)->sin6_addr, conn->client,
		  sizeof(conn->client));
    else if ((macro = smfi_getsymval(ctx, "{client_addr}")) != NULL)
	snprintf(conn->client, sizeof(conn->client), "%s", macro);
    return SMFIS_CONTINUE;
}

/* cb_helo - remember the HELO name for the envelope */
static sfsistat cb_helo(SMFICTX *ctx, char *name)
{
    mlt_conn *conn = conn_get(ctx);

    g_free(conn->helo);
    conn->helo = g_strdup(name ? name : "");
    return reply(conn, SMFIP_NR_HELO);
}

/* cb_envfrom - a new message: pin the current rules, say whether to analyse it */
static sfsistat cb_envfrom(SMFICTX *ctx, char **argv)
{
    mlt_conn *conn = conn_get(ctx);
    const char *auth = smfi_getsymval(ctx, "{auth_authen}"), *qid;
    int     outbound;

    mlt_snapshot_release(conn->snap);
    if ((conn->snap = mlt_snapshot_acquire()) == NULL) {
	qid = smfi_getsymval(ctx, "i");
	mlt_log(LOG_INFO, "%s: sender=%.200s action=tempfail: shutting down",
		qid != NULL ? qid : "NOQUEUE", argv[0] != NULL ? argv[0] : "");
	return SMFIS_TEMPFAIL;
    }
    outbound = conn->trusted
	|| (auth != NULL && *auth && conn->snap->settings.skip_authenticated);
    if (conn->trusted)
	snprintf(conn->skipped, sizeof(conn->skipped), "client %s in trusted_networks",
		 conn->client[0] ? conn->client : "(unknown)");
    else if (outbound)
	snprintf(conn->skipped, sizeof(conn->skipped),
		 "sender authenticated as %.100s (skip_authenticated)", auth);
    msg_start(conn, argv[0], (size_t) conn->snap->settings.max_message_size, !outbound);
    return SMFIS_CONTINUE;
}

/* cb_data - nothing to do but answer, so the MTA does not stall (see above) */
static sfsistat cb_data(SMFICTX *ctx)
{
    return SMFIS_CONTINUE;
}

/* cb_header - collect one header */
static sfsistat cb_header(SMFICTX *ctx, char *name, char *value)
{
    mlt_conn *conn = conn_get(ctx);

    if (conn->msg.active) {
	conn->msg.leadspc = (conn->pflags & SMFIP_HDR_LEADSPC) != 0;
	mlt_msg_header(&conn->msg, name, value ? value : "");
    }
    return reply(conn, SMFIP_NR_HDR);
}

/* cb_eoh - the header/body separator */
static sfsistat cb_eoh(SMFICTX *ctx)
{
    mlt_conn *conn = conn_get(ctx);

    if (conn->msg.active)
	mlt_msg_eoh(&conn->msg);
    return reply(conn, SMFIP_NR_EOH);
}

/* cb_body - collect a body chunk; past the size limit or skipped, ask for no more */
static sfsistat cb_body(SMFICTX *ctx, unsigned char *data, size_t len)
{
    mlt_conn *conn = conn_get(ctx);

    if (conn->msg.active && mlt_msg_body(&conn->msg, data, len) < 0
	&& (conn->pflags & SMFIP_SKIP))
	return SMFIS_SKIP;
    return SMFIS_CONTINUE;
}

/* cb_eom - judge the message and act */
static sfsistat cb_eom(SMFICTX *ctx)
{
    mlt_conn *conn = conn_get(ctx);
    mlt_msg *msg = &conn->msg;
    const char *qid = smfi_getsymval(ctx, "i");
    rp_envelope env;
    rp_verdict *verdict = NULL;
    rp_status status;
    sfsistat result;
    gint64  started;
    char    why[200];

    if (qid == NULL)
	qid = "NOQUEUE";
    if (!msg->active || conn->snap == NULL) {
	mlt_log(LOG_WARNING, "%s: action=accept skipped: end of message without MAIL FROM", qid);
	return SMFIS_ACCEPT;
    }
    if (msg->skip) {
	mlt_log(LOG_INFO, "%s: sender=%s from=%s action=accept skipped: %s", qid,
		msg->sender, msg->from ? msg->from : "(none)", conn->skipped);
	result = mlt_actions_skipped(ctx, msg, qid);
    } else if (msg->oversize) {
	snprintf(why, sizeof(why), "message larger than max_message_size (%zu bytes)",
		 msg->limit);
	result = mlt_actions_unscanned(ctx, &conn->snap->settings, msg, qid, why, 0);
    } else {
	env.mail_from = msg->envfrom;
	env.client_addr = conn->client[0] ? conn->client : NULL;
	env.helo = conn->helo;
	env.history = mlt_history_acquire();
	started = g_get_monotonic_time();
	status = rp_scan(conn->snap->engine, msg->raw->str, msg->raw->len, &env, &verdict);
	mlt_metrics_scan((double) (g_get_monotonic_time() - started) / G_USEC_PER_SEC);
	if (status == RP_OK)
	    result = mlt_actions_verdict(ctx, conn->snap, msg, qid, verdict);
	else {
	    snprintf(why, sizeof(why), "internal error: %s", rp_strerror(status));
	    result = mlt_actions_unscanned(ctx, &conn->snap->settings, msg, qid, why, 1);
	}
	mlt_history_release(env.history, verdict);	/* records scanned mail */
	rp_verdict_free(verdict);
    }
    msg_end(conn);
    return result;
}

/* cb_abort - the transaction ended early (RSET, client gone) */
static sfsistat cb_abort(SMFICTX *ctx)
{
    msg_end(conn_get(ctx));
    return SMFIS_CONTINUE;
}

/* cb_close - release everything the connection held */
static sfsistat cb_close(SMFICTX *ctx)
{
    mlt_conn *conn = smfi_getpriv(ctx);

    if (conn == NULL)
	return SMFIS_CONTINUE;
    msg_end(conn);
    mlt_snapshot_release(conn->snap);
    g_free(conn->helo);
    g_free(conn);
    smfi_setpriv(ctx, NULL);
    return SMFIS_CONTINUE;
}

struct smfiDesc mlt_filter = {
    .xxfi_name = "regphish",
    .xxfi_version = SMFI_VERSION,
    .xxfi_flags = MLT_ACTIONS,
    .xxfi_connect = cb_connect,
    .xxfi_helo = cb_helo,
    .xxfi_envfrom = cb_envfrom,
    .xxfi_envrcpt = NULL,
    .xxfi_header = cb_header,
    .xxfi_eoh = cb_eoh,
    .xxfi_body = cb_body,
    .xxfi_eom = cb_eom,
    .xxfi_abort = cb_abort,
    .xxfi_close = cb_close,
    .xxfi_unknown = NULL,
    .xxfi_data = cb_data,
    .xxfi_negotiate = cb_negotiate,
};
