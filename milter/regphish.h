/*
 * NAME
 *	regphish 3h
 * SUMMARY
 *	public interface of the regphish detection engine
 * SYNOPSIS
 *	#include "regphish.h"
 * DESCRIPTION
 *	The engine reads a raw RFC 5322 message, finds every domain its
 *	reader is shown or sent to, decides whether any of them imitates a
 *	package-registry brand, weighs the lure in the text and returns a
 *	verdict: a score, an action and the named symbols that produced
 *	them, each with a reason a person can read.
 *
 *	The engine has no libmilter in it; the daemon, the CLI, the tests
 *	and the fuzzers all link it.  It never logs, exits or keeps global
 *	state: functions return an rp_status (negative on failure).
 *
 *	An rp_engine is immutable once loaded and may be shared by any
 *	number of threads; each scan allocates its own verdict.
 */

#ifndef REGPHISH_H
#define REGPHISH_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) && __GNUC__ >= 4
#define RP_API __attribute__((visibility("default")))
#else
#define RP_API
#endif

/* Status codes: zero is success, negative values are errors. */
typedef enum rp_status {
    RP_OK = 0,
    RP_ERR_NOMEM = -1,		/* out of memory */
    RP_ERR_IO = -2,		/* cannot read a file (errno is kept) */
    RP_ERR_SYNTAX = -3,		/* config or rules file has an error */
    RP_ERR_LIMIT = -4,		/* input exceeds a configured limit */
    RP_ERR_PARSE = -5,		/* input cannot be parsed at all */
    RP_ERR_INVALID = -6		/* invalid argument */
} rp_status;

RP_API const char *rp_strerror(rp_status status);
RP_API const char *rp_strerror_name(rp_status status);

/* Where a load error was found: file, line (0 if none) and what. */
typedef struct rp_error {
    char    file[512];
    unsigned line;
    char    message[512];
} rp_error;

/* Actions, in order of severity; the verdict's score selects one. */
typedef enum rp_action {
    RP_ACTION_ACCEPT = 0,
    RP_ACTION_TAG,
    RP_ACTION_QUARANTINE,
    RP_ACTION_REJECT
} rp_action;

RP_API const char *rp_action_name(rp_action action);

typedef struct rp_engine rp_engine;
typedef struct rp_config rp_config;
typedef struct rp_verdict rp_verdict;

/*
 * rp_engine_load - read the config file and compile brands and rules.
 * config_path may be NULL (built-in defaults).  rules_dir, when not
 * NULL, overrides the config's rules_dir.  On failure *err says where.
 */
RP_API rp_status rp_engine_load(const char *config_path, const char *rules_dir,
				rp_engine **engine, rp_error *err);

/* One "key = value" setting, as in the config file. */
typedef struct rp_setting {
    const char *key;
    const char *value;
} rp_setting;

/*
 * rp_engine_load_settings - rp_engine_load(), with nsettings settings
 * applied over the config file's before anything is compiled (command
 * line options: regphish check --dkim-keys FILE sets dkim_verify and
 * dkim_keys).  An unknown key or a bad value fails the load, *err
 * naming the key.  rp_engine_load() is this with no settings.
 */
RP_API rp_status rp_engine_load_settings(const char *config_path, const char *rules_dir,
					 const rp_setting *settings, size_t nsettings,
					 rp_engine **engine, rp_error *err);
RP_API void rp_engine_free(rp_engine *engine);

/* rp_engine_config - the configuration the engine was loaded with */
RP_API const rp_config *rp_engine_config(const rp_engine *engine);

/* Typed access to configuration values by key (see rp_config.c). */
RP_API const char *rp_config_str(const rp_config *config, const char *key);
RP_API double rp_config_num(const rp_config *config, const char *key);
RP_API int rp_config_bool(const rp_config *config, const char *key);

/* rp_config_describe - call show() for every key, its value and its meaning */
typedef void (*rp_config_show)(void *ctx, const char *key, const char *value,
			       const char *help);
RP_API void rp_config_describe(const rp_config *config, rp_config_show show, void *ctx);

/* What the MTA knows about a message; any field may be NULL. */
typedef struct rp_envelope {
    const char *mail_from;	/* envelope sender, with or without <> */
    const char *client_addr;	/* connecting client's IP address */
    const char *helo;		/* HELO/EHLO name */
} rp_envelope;

/*
 * rp_scan - analyse one raw message (headers and body, CRLF or LF).
 * env may be NULL.  On RP_OK *verdict is set and must be released
 * with rp_verdict_free().  Malformed input still yields a verdict;
 * an error status means no verdict could be formed.
 */
RP_API rp_status rp_scan(const rp_engine *engine, const char *message,
			 size_t length, const rp_envelope *env,
			 rp_verdict **verdict);

RP_API double rp_verdict_score(const rp_verdict *verdict);
RP_API rp_action rp_verdict_action(const rp_verdict *verdict);
RP_API size_t rp_verdict_count(const rp_verdict *verdict);

/* rp_verdict_symbol - the i-th symbol: name, score and reason */
RP_API const char *rp_verdict_symbol(const rp_verdict *verdict, size_t i,
				     double *score, const char **reason);

/* URLs the verdict found deceptive (for defanging), and how many. */
RP_API size_t rp_verdict_url_count(const rp_verdict *verdict);
RP_API const char *rp_verdict_url(const rp_verdict *verdict, size_t i);

RP_API void rp_verdict_free(rp_verdict *verdict);

/*
 * rp_rewrite - the body of message (everything after its header block)
 * with every link the verdict found deceptive defanged ("hxxps://a[.]b/")
 * and banner put at the top of each text part; the header block stays
 * valid for the new body.  *body is NUL-terminated, CRLF line ends, and
 * the caller frees it with free().  RP_ERR_PARSE when the message has no
 * body GMime can read.
 */
RP_API rp_status rp_rewrite(const rp_engine *engine, const rp_verdict *verdict,
			    const char *message, size_t length, const char *banner,
			    char **body, size_t *body_len);

/* What one domain name imitates, for `regphish domain`. */
typedef struct rp_domain_report {
    char    input[256];		/* the name as given (truncated) */
    char    ascii[256];		/* A-label form, or empty if not valid */
    char    unicode[256];	/* U-label form, or empty */
    char    registrable[256];	/* registrable domain (public suffix + 1) */
    const char *brand;		/* brand imitated, NULL if none or own */
    const char *brand_domain;	/* the genuine domain it imitates */
    const char *technique;	/* symbol name, NULL if none */
    int     own;		/* the brand's own or a known-good domain */
    char    reason[512];	/* human reason, empty if none */
} rp_domain_report;

RP_API rp_status rp_domain_lookup(const rp_engine *engine, const char *name,
				  rp_domain_report *report);

#ifdef __cplusplus
}
#endif

#endif
