/*
 * NAME
 *	rp_config 3
 * SUMMARY
 *	configuration table, file parser and typed accessors
 * SYNOPSIS
 *	#include "rp_config.h"
 *
 *	rp_status rp_config_load(const char *path, rp_config **config,
 *				 rp_error *err)
 *	rp_status rp_config_set(rp_config *config, const char *key,
 *				const char *value, rp_error *err)
 *	void	rp_config_free(rp_config *config)
 *	const char *rp_config_str(const rp_config *config, const char *key)
 *	double	rp_config_num(const rp_config *config, const char *key)
 *	int	rp_config_bool(const rp_config *config, const char *key)
 * DESCRIPTION
 *	The file holds "key = value" lines; '#' starts a comment, blank
 *	lines are ignored, a value may be double-quoted to keep leading or
 *	trailing spaces or a '#'.  Every key, its type, default and a one-line
 *	help text are declared once in config_table below: the daemon, the CLI
 *	and the annotated conf/regphish.conf all follow that table.
 *
 *	rp_config_load() starts from the defaults and applies the file; an
 *	unknown key, a number that is not one, a bad boolean, or a line
 *	without '=' is an error with file and line in *err, and no config is
 *	returned (so a bad reload leaves the old config in force).
 * DIAGNOSTICS
 *	Asking an accessor for an undeclared key, or for a key of another
 *	type, is a programming error: abort().
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rp_config.h"
#include "rp_util.h"

#ifndef RP_RULES_DIR
#define RP_RULES_DIR "/usr/share/regphish/rules"
#endif
#ifndef RP_LOCAL_RULES_DIR
#define RP_LOCAL_RULES_DIR "/etc/regphish/rules.d"
#endif

typedef enum { CONF_STR, CONF_NUM, CONF_BOOL } conf_type;

typedef struct conf_def {
    const char *name;
    conf_type type;
    const char *def;
    const char *help;
} conf_def;

static const conf_def config_table[] = {
    /* Engine: rules and verdict. */
    {"rules_dir", CONF_STR, RP_RULES_DIR, "directory with the shipped brands and rules"},
    {"local_rules_dir", CONF_STR, RP_LOCAL_RULES_DIR, "directory with local additions (same file names; may be absent)"},
    {"tag_threshold", CONF_NUM, "5", "score from which a message is tagged"},
    {"quarantine_threshold", CONF_NUM, "8", "score from which a message is quarantined"},
    {"reject_threshold", CONF_NUM, "15", "score from which a message is rejected"},
    {"lure_max", CONF_NUM, "3", "most that lure wording alone can add to a score"},
    {"trusted_authserv_ids", CONF_STR, "", "authserv-ids whose Authentication-Results are trusted (space or comma separated)"},
    {"dkim_verify", CONF_BOOL, "no", "verify DKIM signatures here too (a pass counts like a trusted dkim=pass)"},
    {"dkim_keys", CONF_STR, "", "DKIM keys from this file (SELECTOR._domainkey.DOMAIN, a space, the TXT text per line); empty: DNS"},
    {"dkim_timeout", CONF_NUM, "5", "seconds to wait for one DKIM key from DNS"},
    {"max_mime_depth", CONF_NUM, "32", "deepest MIME nesting analysed"},
    {"max_mime_parts", CONF_NUM, "1000", "most MIME parts analysed"},
    {"max_links", CONF_NUM, "2000", "most links analysed per message"},
    {"max_text_bytes", CONF_NUM, "1048576", "most bytes of visible text analysed"},

    /* Daemon. */
    {"socket", CONF_STR, "unix:/run/regphish/regphish.sock", "milter socket: unix:PATH, inet:PORT@HOST or inet6:PORT@HOST"},
    {"socket_mode", CONF_STR, "0660", "permissions of a unix socket"},
    {"user", CONF_STR, "regphish", "user to run as after binding the socket"},
    {"group", CONF_STR, "", "group to run as (empty: the user's primary group)"},
    {"pidfile", CONF_STR, "/run/regphish/regphish.pid", "pid file (empty: none)"},
    {"max_message_size", CONF_NUM, "26214400", "larger messages are accepted unanalysed, with a header saying so"},
    {"milter_timeout", CONF_NUM, "300", "seconds libmilter waits for the MTA"},
    {"fallback", CONF_STR, "accept", "on internal error: accept (with a header) or tempfail"},
    {"skip_authenticated", CONF_BOOL, "yes", "do not analyse mail from SASL-authenticated senders"},
    {"trusted_networks", CONF_STR, "127.0.0.0/8 ::1/128", "client networks whose mail is not analysed (outbound)"},

    /* Actions. */
    {"add_headers", CONF_BOOL, "yes", "add X-Regphish-Score/-Action/-Symbols to every analysed message"},
    {"spam_flag", CONF_BOOL, "no", "also add X-Spam-Flag: YES to flagged mail"},
    {"tag_subject", CONF_BOOL, "yes", "prefix the subject of flagged mail"},
    {"subject_tag", CONF_STR, "[SUSPECTED PHISHING]", "the subject prefix"},
    {"rewrite", CONF_BOOL, "no", "defang deceptive links and add a warning banner to flagged mail"},
    {"rewrite_banner", CONF_STR, "WARNING: regphish found links in this message that imitate a known site. They have been disabled; do not enter passwords or codes.", "warning put at the top of the text of a rewritten message"},
    {"quarantine", CONF_BOOL, "yes", "put mail at or above quarantine_threshold on hold"},
    {"reject", CONF_BOOL, "no", "reject mail at or above reject_threshold with 550 5.7.1"},
};

#define CONFIG_COUNT (sizeof(config_table) / sizeof(config_table[0]))

struct rp_config {
    char   *str[CONFIG_COUNT];
    double  num[CONFIG_COUNT];
};

/* config_index - position of key in the table, or -1 */
static int config_index(const char *key)
{
    size_t  i;

    for (i = 0; i < CONFIG_COUNT; i++)
	if (strcmp(config_table[i].name, key) == 0)
	    return (int) i;
    return -1;
}

/* parse_bool - 1, 0, or -1 when value is not a boolean */
static int parse_bool(const char *value)
{
    static const char *const yes[] = {"yes", "true", "on", "1"};
    static const char *const no[] = {"no", "false", "off", "0"};
    size_t  i;

    for (i = 0; i < 4; i++) {
	if (rp_ascii_casecmp(value, yes[i]) == 0)
	    return 1;
	if (rp_ascii_casecmp(value, no[i]) == 0)
	    return 0;
    }
    return -1;
}

/* config_assign - check and store one value */
static rp_status config_assign(rp_config *config, int idx, const char *value,
			       const char *file, unsigned line, rp_error *err)
{
    const conf_def *def = config_table + idx;
    char   *end;
    double  d = 0;

    switch (def->type) {
    case CONF_NUM:
	errno = 0;
	d = strtod(value, &end);
	if (errno || end == value || *end != 0 || d < 0) {
	    rp_set_error(err, file, line, "%s: \"%s\" is not a non-negative number",
			 def->name, value);
	    return RP_ERR_SYNTAX;
	}
	break;
    case CONF_BOOL:
	if ((d = parse_bool(value)) < 0) {
	    rp_set_error(err, file, line, "%s: \"%s\" is not yes or no",
			 def->name, value);
	    return RP_ERR_SYNTAX;
	}
	break;
    case CONF_STR:
	break;
    }
    free(config->str[idx]);
    config->str[idx] = rp_strdup(value);
    config->num[idx] = d;
    return RP_OK;
}

/* config_defaults - a config holding every default */
static rp_config *config_defaults(void)
{
    rp_config *config = rp_calloc(1, sizeof(*config));
    size_t  i;

    for (i = 0; i < CONFIG_COUNT; i++)
	if (config_assign(config, (int) i, config_table[i].def, "", 0, NULL) != RP_OK)
	    abort();			/* the table itself is wrong */
    return config;
}

/* trim - strip white space at both ends, in place */
static char *trim(char *s)
{
    char   *e;

    while (*s && isspace((unsigned char) *s))
	s++;
    e = s + strlen(s);
    while (e > s && isspace((unsigned char) e[-1]))
	*--e = 0;
    return s;
}

/* config_parse_line - apply one line of the file */
static rp_status config_parse_line(rp_config *config, char *line, const char *file,
				   unsigned lineno, rp_error *err)
{
    char   *eq, *key, *value, *p;
    int     idx;

    /* Remove a comment that is not inside a quoted value. */
    for (p = line; *p; p++) {
	if (*p == '"') {
	    if ((p = strchr(p + 1, '"')) == NULL)
		break;
	} else if (*p == '#') {
	    *p = 0;
	    break;
	}
    }
    if (*(key = trim(line)) == 0)
	return RP_OK;
    if ((eq = strchr(key, '=')) == NULL) {
	rp_set_error(err, file, lineno, "expected \"key = value\"");
	return RP_ERR_SYNTAX;
    }
    *eq = 0;
    key = trim(key);
    value = trim(eq + 1);
    if (*value == '"') {
	size_t  n = strlen(value);

	if (n < 2 || value[n - 1] != '"') {
	    rp_set_error(err, file, lineno, "%s: unterminated quoted value", key);
	    return RP_ERR_SYNTAX;
	}
	value[n - 1] = 0;
	value++;
    }
    if ((idx = config_index(key)) < 0) {
	rp_set_error(err, file, lineno, "unknown setting \"%s\"", key);
	return RP_ERR_SYNTAX;
    }
    return config_assign(config, idx, value, file, lineno, err);
}

/* rp_config_load - defaults, then the file */
rp_status rp_config_load(const char *path, rp_config **out, rp_error *err)
{
    rp_config *config = config_defaults();
    char   *data, *line, *next;
    size_t  len;
    unsigned lineno = 0;
    rp_status status = RP_OK;

    *out = NULL;
    if (path != NULL) {
	if (rp_read_file(path, &data, &len) != RP_OK) {
	    rp_set_error(err, path, 0, "cannot read: %s", strerror(errno));
	    rp_config_free(config);
	    return RP_ERR_IO;
	}
	if (memchr(data, 0, len) != NULL) {
	    rp_set_error(err, path, 0, "file contains a NUL byte");
	    status = RP_ERR_SYNTAX;
	}
	for (line = data; status == RP_OK && line != NULL && *line; line = next) {
	    lineno++;
	    if ((next = strchr(line, '\n')) != NULL)
		*next++ = 0;
	    status = config_parse_line(config, line, path, lineno, err);
	}
	free(data);
	if (status == RP_OK
	    && !(rp_config_num(config, "tag_threshold")
		 <= rp_config_num(config, "quarantine_threshold")
		 && rp_config_num(config, "quarantine_threshold")
		 <= rp_config_num(config, "reject_threshold"))) {
	    rp_set_error(err, path, 0, "thresholds must rise: tag <= quarantine <= reject");
	    status = RP_ERR_SYNTAX;
	}
	if (status != RP_OK) {
	    rp_config_free(config);
	    return status;
	}
    }
    *out = config;
    return RP_OK;
}

/* rp_config_set - override one value */
rp_status rp_config_set(rp_config *config, const char *key, const char *value,
			rp_error *err)
{
    int     idx = config_index(key);

    if (idx < 0) {
	rp_set_error(err, "", 0, "unknown setting \"%s\"", key);
	return RP_ERR_INVALID;
    }
    return config_assign(config, idx, value, "", 0, err);
}

/* rp_config_free - release a config */
void    rp_config_free(rp_config *config)
{
    size_t  i;

    if (config == NULL)
	return;
    for (i = 0; i < CONFIG_COUNT; i++)
	free(config->str[i]);
    free(config);
}

/* config_lookup - index of a declared key of the given type, or abort */
static int config_lookup(const char *key, conf_type type)
{
    int     idx = config_index(key);

    if (idx < 0 || config_table[idx].type != type) {
	fprintf(stderr, "regphish: internal error: config key \"%s\" misused\n", key);
	abort();
    }
    return idx;
}

/* rp_config_str - a value as text (any type may be read as text) */
const char *rp_config_str(const rp_config *config, const char *key)
{
    int     idx = config_index(key);

    if (idx < 0)
	config_lookup(key, CONF_STR);
    return config->str[idx];
}

/* rp_config_num - a numeric value */
double  rp_config_num(const rp_config *config, const char *key)
{
    return config->num[config_lookup(key, CONF_NUM)];
}

/* rp_config_bool - a boolean value */
int     rp_config_bool(const rp_config *config, const char *key)
{
    return config->num[config_lookup(key, CONF_BOOL)] != 0;
}

/* rp_config_describe - every key, its value and help */
void    rp_config_describe(const rp_config *config, rp_config_show show, void *ctx)
{
    size_t  i;

    for (i = 0; i < CONFIG_COUNT; i++)
	show(ctx, config_table[i].name, config->str[i], config_table[i].help);
}
