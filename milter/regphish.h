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

/* rp_strerror - what a status means, in a few words */
RP_API const char *rp_strerror(rp_status status);

/* rp_strerror_name - the status's name ("RP_ERR_SYNTAX") */
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

/* rp_action_name - "accept", "tag", "quarantine" or "reject" */
RP_API const char *rp_action_name(rp_action action);

typedef struct rp_engine rp_engine;
typedef struct rp_verdict rp_verdict;

/*
 * rp_engine_load - read the config file and compile brands and rules.
 * config_path may be NULL (built-in defaults).  rules_dir, when not
 * NULL, overrides the config's rules_dir.  On failure *err says where.
 * A file with keys of a program (regphish-milter's) needs
 * rp_engine_load_settings() and the program's table.
 */
RP_API rp_status rp_engine_load(const char *config_path, const char *rules_dir,
				rp_engine **engine, rp_error *err);

/* One "key = value" setting, as in the config file. */
typedef struct rp_setting {
    const char *key;
    const char *value;
} rp_setting;

/* What a setting holds, and the type of the field it fills. */
typedef enum rp_setting_type {
    RP_SETTING_STR,		/* any text: const char * */
    RP_SETTING_NUM,		/* a finite number in min..max: double */
    RP_SETTING_UINT,		/* a whole number (digits) in min..max: unsigned long */
    RP_SETTING_BOOL,		/* yes/no, true/false, on/off, 1/0: int, 1 or 0 */
    RP_SETTING_CHOICE		/* one of choices: int, its index in choices */
} rp_setting_type;

/*
 * The definition of one setting of the config file.  The loader checks
 * the default and every value the file or an override gives against
 * it (an error names file and line), and stores the result in the
 * field at offset (offsetof()) of the struct the definitions describe.
 */
typedef struct rp_setting_def {
    const char *key;
    rp_setting_type type;
    const char *def;			/* the default, as the file writes it */
    double  min, max;			/* NUM and UINT: the values allowed */
    const char *const *choices;		/* CHOICE: the values allowed, then NULL */
    size_t  offset;			/* of the field in the program's struct */
    const char *help;			/* one line, shown by regphish config */
} rp_setting_def;

/*
 * A program's own keys of the config file (regphish-milter's socket,
 * user, actions ...): count definitions, and the program's struct they
 * fill.  The strings stored there live as long as the engine.
 */
typedef struct rp_program_settings {
    const rp_setting_def *defs;
    size_t  count;
    void   *values;
} rp_program_settings;

/*
 * rp_engine_load_settings - rp_engine_load(), with nsettings settings
 * applied over the config file's before anything is compiled (command
 * line options: regphish check --dkim-keys FILE sets dkim_verify and
 * dkim_keys), and with the program's own keys when program is not
 * NULL.  The engine reads and checks the program's keys with its own,
 * so one reader and one checker see the whole file: a key neither
 * declares, a bad value, or thresholds that do not rise (after the
 * file, and again after the settings) fail the load, *err naming file
 * and line, or the key of a setting.  A program key that is also an
 * engine key, or a bad default, is RP_ERR_INVALID.  Only a load that
 * succeeds fills program->values.  rp_engine_load() is this with no
 * settings and no program.
 */
RP_API rp_status rp_engine_load_settings(const char *config_path, const char *rules_dir,
					 const rp_setting *settings, size_t nsettings,
					 const rp_program_settings *program,
					 rp_engine **engine, rp_error *err);

/* rp_engine_free - release an engine and its settings (NULL is fine) */
RP_API void rp_engine_free(rp_engine *engine);

/* rp_config_show - one setting: its key, its value as text, its help */
typedef void (*rp_config_show)(void *ctx, const char *key, const char *value,
			       const char *help);

/*
 * rp_engine_describe - call show() for every setting in force, the
 * engine's and then the program's (each in its table's order), with the
 * value as the file or an override wrote it (quotes removed).
 */
RP_API void rp_engine_describe(const rp_engine *engine, rp_config_show show, void *ctx);

/*
 * The site's mail history, as the engine reads it.  The engine never
 * writes history: the program records a verdict's domains after the
 * verdict (rp_verdict_domain()).  Domains are registrable domains in
 * A-label form, lower case.
 */
typedef enum rp_history_role {
    RP_HISTORY_SENDER,		/* the From: address's registrable domain */
    RP_HISTORY_LINK		/* a registrable domain a link points to */
} rp_history_role;

typedef struct rp_history_record {
    long long first_seen;	/* Unix time of the first message; 0: never */
    long long last_seen;	/* Unix time of the latest message */
    unsigned long messages;	/* messages that carried it in this role */
    unsigned long flagged;	/* of those, how many were tagged or worse */
} rp_history_record;

/*
 * lookup() fills *record and returns 1 when the domain has been seen in
 * that role, 0 when never, -1 when the history cannot be read (then the
 * engine judges as if there were no history).  It must be safe to call
 * from several threads at once.
 */
typedef struct rp_history_reader {
    int   (*lookup)(void *ctx, rp_history_role role, const char *domain,
		    rp_history_record *record);
    void   *ctx;
} rp_history_reader;

/* What the MTA (and the site) knows about a message; any field may be NULL. */
typedef struct rp_envelope {
    const char *mail_from;	/* envelope sender, with or without <> */
    const char *client_addr;	/* connecting client's IP address */
    const char *helo;		/* HELO/EHLO name */
    const rp_history_reader *history; /* NULL: no history symbols */
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

/* rp_verdict_score - the sum of the symbols' scores */
RP_API double rp_verdict_score(const rp_verdict *verdict);

/*
 * rp_verdict_action - the action to take, the one place of the action
 * policy: the thresholds choose (reject at or above reject_threshold,
 * quarantine at or above quarantine_threshold, tag at or above
 * tag_threshold, else accept), then a switched-off action is lowered:
 * reject becomes quarantine when reject = no (the default), and
 * quarantine becomes tag when quarantine = no.  The milter takes this
 * action and the CLI prints it.
 */
RP_API rp_action rp_verdict_action(const rp_verdict *verdict);

/* rp_verdict_count - how many symbols the verdict holds */
RP_API size_t rp_verdict_count(const rp_verdict *verdict);

/* rp_verdict_symbol - the i-th symbol: name, score and reason */
RP_API const char *rp_verdict_symbol(const rp_verdict *verdict, size_t i,
				     double *score, const char **reason);

/* rp_verdict_url_count - how many URLs the verdict found deceptive */
RP_API size_t rp_verdict_url_count(const rp_verdict *verdict);

/* rp_verdict_url - the i-th deceptive URL (for defanging) */
RP_API const char *rp_verdict_url(const rp_verdict *verdict, size_t i);

/*
 * rp_verdict_domain_count, rp_verdict_domain - the registrable domains
 * the message carried, for recording in the site's history: the
 * sender's (role RP_HISTORY_SENDER, at most one) and each distinct link
 * domain (RP_HISTORY_LINK).  *brand, when brand is not NULL, is set to
 * the brand the sender's display name claims (NULL if none, and for
 * links).
 */
RP_API size_t rp_verdict_domain_count(const rp_verdict *verdict);

/* rp_verdict_domain - the i-th domain with its role and brand; NULL past the end */
RP_API const char *rp_verdict_domain(const rp_verdict *verdict, size_t i,
				     rp_history_role *role, const char **brand);

/* rp_verdict_free - release a verdict (NULL is fine) */
RP_API void rp_verdict_free(rp_verdict *verdict);

/*
 * rp_rewrite - the body of message (everything after its header block)
 * with every link the verdict found deceptive defanged ("hxxps://a[.]b/")
 * (and every other link to one of their hosts) in every part detection
 * reads, and banner put at the top of each text part a reader is shown;
 * the header block stays valid for the new body.  *body holds *body_len
 * bytes, which may include NUL bytes (compare by length), then a NUL;
 * CRLF line ends; the caller frees it with free().  RP_ERR_PARSE for an
 * empty message.
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

/* rp_domain_lookup - fill *report with what name imitates */
RP_API rp_status rp_domain_lookup(const rp_engine *engine, const char *name,
				  rp_domain_report *report);

/*
 * rp_header_text - a raw header value as the engine reads it: unfolded,
 * RFC 2047 words decoded to UTF-8 (adjacent words joined, so a character
 * split across words comes out whole), not escaped.  Caller frees.
 */
RP_API char *rp_header_text(const char *raw);

#ifdef __cplusplus
}
#endif

#endif
