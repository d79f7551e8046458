/*
 * NAME
 *	mlt_actions 3
 * SUMMARY
 *	turn a verdict into milter actions at end of message
 * SYNOPSIS
 *	#include "mlt_actions.h"
 *
 *	sfsistat mlt_actions_verdict(SMFICTX *ctx, const mlt_snapshot *snap,
 *				     mlt_msg *msg, const char *qid,
 *				     const rp_verdict *verdict)
 *	sfsistat mlt_actions_unscanned(SMFICTX *ctx,
 *				       const mlt_settings *settings,
 *				       mlt_msg *msg, const char *qid,
 *				       const char *why, int failed)
 *	sfsistat mlt_actions_skipped(SMFICTX *ctx, mlt_msg *msg,
 *				     const char *qid)
 * DESCRIPTION
 *	mlt_actions_verdict() takes the verdict's action, which the engine's
 *	action policy has already lowered where the config switches an
 *	action off (reject -> quarantine -> tag); the snapshot's settings
 *	say what else to do.
 *	Then, in this order: reject ends everything with 550 5.7.1 and a
 *	reason; otherwise every incoming X-Regphish-* header is deleted
 *	(a sender can forge them), X-Regphish-Score, -Action and -Symbols
 *	are added (add_headers), and for flagged mail (tag or worse)
 *	X-Spam-Flag: YES (spam_flag), the Subject prefix (tag_subject),
 *	the defanged body with a banner (rewrite) and the hold
 *	(quarantine, through smfi_quarantine with a reason).  It writes
 *	the one log line per message: queue id, envelope sender, From,
 *	action, score and symbols.  Each of the three counts the message
 *	in mlt_metrics.
 *
 *	mlt_actions_unscanned() handles mail that was not judged: too
 *	large (failed = 0: accepted with X-Regphish-Skipped) or an
 *	internal error (failed = 1: the fallback setting chooses between
 *	accepting with that header and a 451 4.3.0 temporary failure).
 *	Either way forged X-Regphish-* headers are still removed.
 *
 *	mlt_actions_skipped() handles mail that is not to be analysed (from
 *	trusted_networks, or a SASL-authenticated sender with
 *	skip_authenticated): it only deletes the incoming X-Regphish-*
 *	headers, so that no message leaves with a forged one ("always
 *	removed" means from every message), and accepts it (its log line,
 *	with the reason, is written by the caller, cb_eom).
 *
 *	Every header value goes through mlt_header_encode(): the reasons
 *	quoted in X-Regphish-Symbols read as written (Japanese as Japanese,
 *	in RFC 2047 words), while a raw CR or LF, a control or bidi
 *	character or a byte that is not UTF-8 shows as an escape.
 * DIAGNOSTICS
 *	A failing smfi_*() call or rewrite is logged with the queue id; the
 *	message goes on with the remaining actions (never lost).
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "mlt_actions.h"
#include "mlt_header.h"
#include "mlt_log.h"
#include "mlt_metrics.h"

#define SYMBOLS_MAX	2000		/* bytes of X-Regphish-Symbols, before encoding */
#define REASON_MAX	200		/* bytes of one reason in it */
#define MLT_REJECT_TEXT	"Message looks like a phishing attempt (regphish)"

/* strip_forged - delete every incoming X-Regphish-* header */
static void strip_forged(SMFICTX *ctx, const mlt_msg *msg, const char *qid)
{
    size_t  i;

    /* Last first, so no deletion can shift an index still to come. */
    for (i = msg->strip ? msg->strip->len : 0; i-- > 0;) {
	const mlt_strip *strip = &g_array_index(msg->strip, mlt_strip, i);

	if (smfi_chgheader(ctx, strip->name, (int) strip->index, NULL) != MI_SUCCESS)
	    mlt_log(LOG_WARNING, "%s: cannot delete header %s", qid, strip->name);
    }
}

/*
 * set_header - add a header (index 0) or change the index-th one; log a
 * failure.  Where the MTA passes values with their leading space
 * (SMFIP_HDR_LEADSPC), it also takes them so: the space is ours to write.
 */
static void set_header(SMFICTX *ctx, const mlt_msg *msg, const char *qid,
		               const char *name, int index, const char *value)
{
    char   *field = g_strconcat(msg->leadspc ? " " : "", value, NULL);
    int     rc;

    rc = index ? smfi_chgheader(ctx, (char *) name, index, field)
	: smfi_addheader(ctx, (char *) name, field);
    if (rc != MI_SUCCESS)
	mlt_log(LOG_WARNING, "%s: cannot %s header %s", qid, index ? "change" : "add", name);
    g_free(field);
}

/* symbol_list - "A,B,C": the symbol names, for the log and the hold reason */
static char *symbol_list(const rp_verdict *verdict, size_t max)
{
    GString *out = g_string_new(NULL);
    size_t  i, n = rp_verdict_count(verdict);

    for (i = 0; i < n && out->len < max; i++) {
	if (i > 0)
	    g_string_append_c(out, ',');
	g_string_append(out, rp_verdict_symbol(verdict, i, NULL, NULL));
    }
    if (i < n)
	g_string_append(out, ",...");
    return g_string_free(out, FALSE);
}

/*
 * symbol_header - the X-Regphish-Symbols value: "NAME=score reason" a
 * line each, every line but the last ending in a plain ",", the reasons
 * cut to REASON_MAX bytes (at a character) and encoded by
 * mlt_header_encode()
 */
static char *symbol_header(const rp_verdict *verdict)
{
    GPtrArray *items = g_ptr_array_new_with_free_func(g_free);
    size_t  i, n = rp_verdict_count(verdict), used = 0, len, cut;
    char   *value;

    for (i = 0; i < n && used < SYMBOLS_MAX; i++) {
	const char *reason = NULL;
	double  score = 0;
	const char *name = rp_verdict_symbol(verdict, i, &score, &reason);
	char   *item;

	reason = reason ? reason : "";
	len = cut = strlen(reason);
	if (cut > REASON_MAX)
	    for (cut = REASON_MAX; cut > 0 && (reason[cut] & 0xc0) == 0x80; cut--)
		 /* void */ ;
	item = g_strdup_printf("%s=%.2f %.*s%s", name, score, (int) cut, reason,
			       cut < len ? "..." : "");
	used += strlen(item);
	g_ptr_array_add(items, item);
    }
    if (i < n)
	g_ptr_array_add(items, g_strdup("..."));
    value = mlt_header_encode("X-Regphish-Symbols", (const char *const *) items->pdata,
			      items->len, SIZE_MAX, ",");
    g_ptr_array_free(items, TRUE);
    return value;
}

/* tag_subject - prefix the Subject (or add one) unless already tagged */
static void tag_subject(SMFICTX *ctx, const mlt_settings *settings, const mlt_msg *msg,
			const char *qid)
{
    const char *tag = settings->subject_tag;
    const char *old = msg->subject;
    size_t  taglen = strlen(tag);
    char   *value;

    while (old != NULL && (*old == ' ' || *old == '\t'))
	old++;
    if (old != NULL && strncmp(old, tag, taglen) == 0)
	return;
    if (old == NULL) {
	set_header(ctx, msg, qid, "Subject", 0, tag);
	return;
    }
    value = g_strconcat(tag, " ", old, NULL);
    set_header(ctx, msg, qid, "Subject", 1, value);
    g_free(value);
}

/* rewrite_body - defang the verdict's URLs and add the banner */
static void rewrite_body(SMFICTX *ctx, const mlt_snapshot *snap, const mlt_msg *msg,
			 const char *qid, const rp_verdict *verdict)
{
    size_t  len = 0;
    const char *body_start;
    char   *body = NULL;
    rp_status status;

    status = rp_rewrite(snap->engine, verdict, msg->raw->str, msg->raw->len,
			snap->settings.rewrite_banner, &body, &len);
    if (status != RP_OK) {
	mlt_log(LOG_WARNING, "%s: rewrite failed: %s; body left unchanged",
		qid, rp_strerror(status));
	return;
    }
    /*
     * Unchanged bodies are not sent back: replacing costs the MTA a copy.
     * Compared by length and bytes: a body may hold NUL bytes (the header
     * cannot: libmilter hands its values over as strings).
     */
    body_start = strstr(msg->raw->str, "\r\n\r\n");
    if (body_start == NULL
	|| msg->raw->len - (size_t) (body_start + 4 - msg->raw->str) != len
	|| memcmp(body_start + 4, body, len) != 0)
	if (smfi_replacebody(ctx, (unsigned char *) body, (int) len) != MI_SUCCESS)
	    mlt_log(LOG_WARNING, "%s: cannot replace body", qid);
    free(body);
}

/* log_verdict - the one line per judged message */
static void log_verdict(const mlt_msg *msg, const char *qid, const char *action,
			const rp_verdict *verdict)
{
    char   *symbols = symbol_list(verdict, 400);

    mlt_log(LOG_INFO, "%s: sender=%s from=%s action=%s score=%.2f symbols=%s",
	    qid, msg->sender, msg->from ? msg->from : "(none)", action,
	    rp_verdict_score(verdict), *symbols ? symbols : "(none)");
    g_free(symbols);
}

/* mlt_actions_verdict - carry out what the verdict and the config say */
sfsistat mlt_actions_verdict(SMFICTX *ctx, const mlt_snapshot *snap, mlt_msg *msg,
			     const char *qid, const rp_verdict *verdict)
{
    const mlt_settings *settings = &snap->settings;
    rp_action action = rp_verdict_action(verdict);
    double  score = rp_verdict_score(verdict);
    char    text[256];
    char   *symbols;

    log_verdict(msg, qid, rp_action_name(action), verdict);
    mlt_metrics_verdict(verdict);
    if (action == RP_ACTION_REJECT) {
	/* The score is in the log line; the sender learns only the reason. */
	if (smfi_setreply(ctx, "550", "5.7.1", MLT_REJECT_TEXT) != MI_SUCCESS)
	    mlt_log(LOG_WARNING, "%s: cannot set reply text", qid);
	return SMFIS_REJECT;
    }
    strip_forged(ctx, msg, qid);
    if (settings->add_headers) {
	snprintf(text, sizeof(text), "%.2f", score);
	set_header(ctx, msg, qid, "X-Regphish-Score", 0, text);
	set_header(ctx, msg, qid, "X-Regphish-Action", 0, rp_action_name(action));
	symbols = symbol_header(verdict);
	set_header(ctx, msg, qid, "X-Regphish-Symbols", 0, *symbols ? symbols : "none");
	g_free(symbols);
    }
    if (action == RP_ACTION_ACCEPT)
	return SMFIS_ACCEPT;
    if (settings->spam_flag)
	set_header(ctx, msg, qid, "X-Spam-Flag", 0, "YES");
    if (settings->tag_subject)
	tag_subject(ctx, settings, msg, qid);
    if (settings->rewrite && rp_verdict_url_count(verdict) > 0)
	rewrite_body(ctx, snap, msg, qid, verdict);
    if (action == RP_ACTION_QUARANTINE) {
	symbols = symbol_list(verdict, 200);
	snprintf(text, sizeof(text), "regphish score %.1f: %s", score, symbols);
	g_free(symbols);
	if (smfi_quarantine(ctx, text) != MI_SUCCESS)
	    mlt_log(LOG_WARNING, "%s: cannot quarantine", qid);
    }
    return SMFIS_ACCEPT;
}

/* mlt_actions_unscanned - too large, or the engine failed */
sfsistat mlt_actions_unscanned(SMFICTX *ctx, const mlt_settings *settings, mlt_msg *msg,
			       const char *qid, const char *why, int failed)
{
    int     tempfail = failed && settings->fallback == MLT_FALLBACK_TEMPFAIL;
    char   *value;

    mlt_metrics_message(failed ? MLT_METRICS_FALLBACK : MLT_METRICS_SKIPPED);
    mlt_log(failed ? LOG_WARNING : LOG_INFO,
	    "%s: sender=%s from=%s action=%s not analysed: %s", qid, msg->sender,
	    msg->from ? msg->from : "(none)", tempfail ? "tempfail" : "accept", why);
    if (tempfail) {
	if (smfi_setreply(ctx, "451", "4.3.0", "Temporary content filter failure, try again later") != MI_SUCCESS)
	    mlt_log(LOG_WARNING, "%s: cannot set reply text", qid);
	return SMFIS_TEMPFAIL;
    }
    strip_forged(ctx, msg, qid);
    value = mlt_header_encode("X-Regphish-Skipped", &why, 1, SIZE_MAX, NULL);
    set_header(ctx, msg, qid, "X-Regphish-Skipped", 0, value);
    g_free(value);
    return SMFIS_ACCEPT;
}

/* mlt_actions_skipped - not analysed: only the forged headers go */
sfsistat mlt_actions_skipped(SMFICTX *ctx, mlt_msg *msg, const char *qid)
{
    mlt_metrics_message(MLT_METRICS_SKIPPED);
    strip_forged(ctx, msg, qid);
    return SMFIS_ACCEPT;
}
