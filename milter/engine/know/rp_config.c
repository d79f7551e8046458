/*
 * NAME
 *	rp_config 3
 * SUMMARY
 *	regphish.conf: read, check and bind the engine's and a program's keys
 * SYNOPSIS
 *	#include "rp_config.h"
 *
 *	rp_status rp_config_load(const char *path,
 *				 const rp_program_settings *program,
 *				 rp_config **config, rp_error *err)
 *	rp_status rp_config_apply(rp_config *config,
 *				  const rp_setting *settings, size_t n,
 *				  rp_error *err)
 *	const rp_settings *rp_config_settings(const rp_config *config)
 *	void	rp_config_bind(const rp_config *config)
 *	void	rp_config_describe(const rp_config *config,
 *				   rp_config_show show, void *ctx)
 *	void	rp_config_free(rp_config *config)
 * DESCRIPTION
 *	The file holds "key = value" lines, read with rp_lines_read() (the
 *	one reader: it says what a comment and a blank line are; a '#'
 *	inside double quotes is kept).  A value may be double-quoted to keep
 *	leading or trailing spaces or a '#'; the quotes are removed.  A key
 *	given twice takes its last value.
 *
 *	The keys are those of rp_settings_table and, when a program hands
 *	its table to rp_config_load(), the program's: one reader and one
 *	checker for the whole file.  Every value is checked against its
 *	definition as it is read (rp_setting_def in regphish.h): a NUM is
 *	a finite decimal number within the definition's range (so inf, nan,
 *	-1 and 1e308 are refused), a UINT the same in digits only, a BOOL
 *	yes/no, true/false, on/off or 1/0, a CHOICE exactly one of its
 *	choices.  After the file, and again after rp_config_apply(), the
 *	engine's values are bound into its rp_settings and the thresholds
 *	must rise (rp_settings_order()).  rp_config_bind() fills the
 *	program's struct, which the engine does only once its whole load
 *	has succeeded.
 *
 *	rp_config_describe() shows every setting, the engine's first, in
 *	table order, with its value as text.
 * DIAGNOSTICS
 *	rp_config_load() returns RP_ERR_IO when the file cannot be read,
 *	RP_ERR_SYNTAX for a line that is not "key = value", an unknown key,
 *	a bad value or thresholds out of order, with file and line in *err
 *	(the line of the later threshold for the order), and RP_ERR_INVALID
 *	when the program's table is wrong (a key the engine has, a bad
 *	default).  rp_config_apply() returns RP_ERR_INVALID for an unknown
 *	key and RP_ERR_SYNTAX for a bad value or an order broken by the
 *	override, with no file and line.  A bad default in the engine's own
 *	table is a broken invariant: abort().
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rp_config.h"
#include "rp_lines.h"
#include "rp_util.h"

/* One key: its definition, its value, where the value came from. */
typedef struct config_slot {
    const rp_setting_def *def;
    char   *text;			/* the value as written, quotes removed */
    double  value;			/* NUM, UINT; BOOL 0/1; CHOICE index */
    unsigned line;			/* line of the file; 0 default or override */
} config_slot;

struct rp_config {
    config_slot *slots;			/* the engine's keys, then the program's */
    size_t  count;
    size_t  engine_count;
    void   *program;			/* the program's struct, or NULL */
    rp_settings settings;		/* bound after the file and each apply */
};

/* config_find - the slot of key, or NULL */
static config_slot *config_find(const rp_config *config, const char *key)
{
    size_t  i;

    for (i = 0; i < config->count; i++)
	if (strcmp(config->slots[i].def->key, key) == 0)
	    return config->slots + i;
    return NULL;
}

/* parse_bool - 1, 0, or -1 when text is not a boolean */
static int parse_bool(const char *text)
{
    static const char *const yes[] = {"yes", "true", "on", "1"};
    static const char *const no[] = {"no", "false", "off", "0"};
    size_t  i;

    for (i = 0; i < 4; i++) {
	if (rp_ascii_casecmp(text, yes[i]) == 0)
	    return 1;
	if (rp_ascii_casecmp(text, no[i]) == 0)
	    return 0;
    }
    return -1;
}

/* parse_number - 0 with *value when text is a finite number in the range */
static int parse_number(const rp_setting_def *def, const char *text, double *value)
{
    char   *end;

    /* Decimal only: strtod() would also take "inf", "nan" and hex. */
    if (*text == 0 || text[strspn(text, def->type == RP_SETTING_UINT ? "0123456789"
				  : "0123456789.eE+-")] != 0)
	return -1;
    errno = 0;
    *value = strtod(text, &end);
    return *end == 0 && errno == 0 && isfinite(*value)
	&& *value >= def->min && *value <= def->max ? 0 : -1;
}

/* parse_choice - index of text among the choices, or -1 */
static int parse_choice(const rp_setting_def *def, const char *text)
{
    int     i;

    for (i = 0; def->choices != NULL && def->choices[i] != NULL; i++)
	if (strcmp(def->choices[i], text) == 0)
	    return i;
    return -1;
}

/* choice_list - "a, b or c" into buf */
static const char *choice_list(const rp_setting_def *def, char *buf, size_t size)
{
    size_t  i, len = 0;

    buf[0] = 0;
    for (i = 0; def->choices != NULL && def->choices[i] != NULL && len < size; i++)
	len += (size_t) snprintf(buf + len, size - len, "%s%s",
				 i == 0 ? "" : def->choices[i + 1] ? ", " : " or ",
				 def->choices[i]);
    return buf;
}

/* config_assign - check text against the slot's definition and store it */
static rp_status config_assign(config_slot *slot, const char *text, const char *file,
			       unsigned line, rp_error *err)
{
    const rp_setting_def *def = slot->def;
    char    list[256];
    double  value = 0;
    int     n = 0;

    switch (def->type) {
    case RP_SETTING_STR:
	break;
    case RP_SETTING_NUM:
    case RP_SETTING_UINT:
	if (parse_number(def, text, &value) < 0) {
	    rp_set_error(err, file, line, "%s: \"%.100s\" is not a %snumber in %.15g..%.15g",
			 def->key, text, def->type == RP_SETTING_UINT ? "whole " : "",
			 def->min, def->max);
	    return RP_ERR_SYNTAX;
	}
	break;
    case RP_SETTING_BOOL:
	if ((n = parse_bool(text)) < 0) {
	    rp_set_error(err, file, line, "%s: \"%.100s\" is not yes or no", def->key, text);
	    return RP_ERR_SYNTAX;
	}
	value = n;
	break;
    case RP_SETTING_CHOICE:
	if ((n = parse_choice(def, text)) < 0) {
	    rp_set_error(err, file, line, "%s: \"%.100s\" is not %s", def->key, text,
			 choice_list(def, list, sizeof(list)));
	    return RP_ERR_SYNTAX;
	}
	value = n;
	break;
    default:
	rp_set_error(err, file, line, "%s: unknown type %d", def->key, (int) def->type);
	return RP_ERR_INVALID;
    }
    free(slot->text);
    slot->text = rp_strdup(text);
    slot->value = value;
    slot->line = line;
    return RP_OK;
}

/* config_bind - store every slot's value in its field of base */
static void config_bind(const config_slot *slots, size_t n, void *base)
{
    size_t  i;

    for (i = 0; i < n; i++) {
	char   *field = (char *) base + slots[i].def->offset;

	switch (slots[i].def->type) {
	case RP_SETTING_STR:
	    *(const char **) field = slots[i].text;
	    break;
	case RP_SETTING_NUM:
	    *(double *) field = slots[i].value;
	    break;
	case RP_SETTING_UINT:
	    *(unsigned long *) field = (unsigned long) slots[i].value;
	    break;
	default:
	    *(int *) field = (int) slots[i].value;
	    break;
	}
    }
}

/* config_check - bind the engine's values; the thresholds must rise */
static rp_status config_check(rp_config *config, const char *file, rp_error *err)
{
    const char *lower, *higher;
    const config_slot *lo, *hi;

    config_bind(config->slots, config->engine_count, &config->settings);
    if (rp_settings_order(&config->settings, &lower, &higher) == 0)
	return RP_OK;
    lo = config_find(config, lower);
    hi = config_find(config, higher);
    rp_set_error(err, file ? file : "", file ? (lo->line > hi->line ? lo->line : hi->line) : 0,
		 "thresholds must rise: %s = %s is above %s = %s",
		 lower, lo->text, higher, hi->text);
    return RP_ERR_SYNTAX;
}

/* config_slots - add n definitions with their defaults; RP_ERR_INVALID if one is bad */
static rp_status config_slots(rp_config *config, const rp_setting_def *defs, size_t n,
			      rp_error *err)
{
    config_slot *slot;
    char    why[sizeof(err->message)];
    size_t  i;

    for (i = 0; i < n; i++) {
	if (defs[i].key == NULL || config_find(config, defs[i].key) != NULL) {
	    rp_set_error(err, "", 0, "setting \"%s\" is declared twice",
			 defs[i].key ? defs[i].key : "(null)");
	    return RP_ERR_INVALID;
	}
	slot = config->slots + config->count++;
	slot->def = defs + i;
	if (config_assign(slot, defs[i].def ? defs[i].def : "", "", 0, err) != RP_OK) {
	    snprintf(why, sizeof(why), "%s", err ? err->message : "");
	    rp_set_error(err, "", 0, "bad default: %s", why);
	    return RP_ERR_INVALID;
	}
    }
    return RP_OK;
}

/* config_new - every key of both tables at its default */
static rp_status config_new(const rp_program_settings *program, rp_config **out,
			    rp_error *err)
{
    rp_config *config = rp_calloc(1, sizeof(*config));
    size_t  nprogram = program ? program->count : 0;
    rp_status status;

    config->slots = rp_calloc(rp_settings_count + nprogram, sizeof(config_slot));
    if (config_slots(config, rp_settings_table, rp_settings_count, err) != RP_OK)
	abort();				/* the engine's own table is wrong */
    config->engine_count = config->count;
    if (program != NULL) {
	config->program = program->values;
	if ((status = config_slots(config, program->defs, nprogram, err)) != RP_OK) {
	    rp_config_free(config);
	    return status;
	}
    }
    *out = config;
    return RP_OK;
}

/* trim - strip spaces and tabs at both ends, in place */
static char *trim(char *s)
{
    char   *e;

    s += strspn(s, " \t");
    e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
	*--e = 0;
    return s;
}

/* config_line - apply one "key = value" line (rp_lines_read callback) */
static rp_status config_line(void *ctx, char *line, const rp_line_at *at, rp_error *err)
{
    rp_config *config = ctx;
    config_slot *slot;
    char   *eq, *key, *value;
    size_t  n;

    if ((eq = strchr(line, '=')) == NULL) {
	rp_set_error(err, at->file, at->line, "expected \"key = value\"");
	return RP_ERR_SYNTAX;
    }
    *eq = 0;
    key = trim(line);
    value = trim(eq + 1);
    if (*value == '"') {
	n = strlen(value);
	if (n < 2 || value[n - 1] != '"') {
	    rp_set_error(err, at->file, at->line, "%.100s: unterminated quoted value", key);
	    return RP_ERR_SYNTAX;
	}
	value[n - 1] = 0;
	value++;
    }
    if ((slot = config_find(config, key)) == NULL) {
	rp_set_error(err, at->file, at->line, "unknown setting \"%.100s\"", key);
	return RP_ERR_SYNTAX;
    }
    return config_assign(slot, value, at->file, at->line, err);
}

/* rp_config_load - defaults, then the file, then the checks */
rp_status rp_config_load(const char *path, const rp_program_settings *program,
			 rp_config **out, rp_error *err)
{
    rp_config *config;
    rp_status status;

    *out = NULL;
    if ((status = config_new(program, &config, err)) != RP_OK)
	return status;
    if ((path != NULL
	 && (status = rp_lines_read(path, 1, config_line, config, err)) != RP_OK)
	|| (status = config_check(config, path, err)) != RP_OK) {
	rp_config_free(config);
	return status;
    }
    *out = config;
    return RP_OK;
}

/* rp_config_apply - overrides, then the checks again */
rp_status rp_config_apply(rp_config *config, const rp_setting *settings, size_t n,
			  rp_error *err)
{
    config_slot *slot;
    rp_status status;
    size_t  i;

    for (i = 0; i < n; i++) {
	if (settings[i].key == NULL || (slot = config_find(config, settings[i].key)) == NULL) {
	    rp_set_error(err, "", 0, "unknown setting \"%.100s\"",
			 settings[i].key ? settings[i].key : "(null)");
	    return RP_ERR_INVALID;
	}
	if ((status = config_assign(slot, settings[i].value ? settings[i].value : "",
				    "", 0, err)) != RP_OK)
	    return status;
    }
    return config_check(config, NULL, err);
}

/* rp_config_settings - the engine's bound settings */
const rp_settings *rp_config_settings(const rp_config *config)
{
    return &config->settings;
}

/* rp_config_bind - fill the program's struct */
void    rp_config_bind(const rp_config *config)
{
    if (config->program != NULL)
	config_bind(config->slots + config->engine_count,
		    config->count - config->engine_count, config->program);
}

/* rp_config_describe - every key, its value and help */
void    rp_config_describe(const rp_config *config, rp_config_show show, void *ctx)
{
    size_t  i;

    for (i = 0; i < config->count; i++)
	show(ctx, config->slots[i].def->key, config->slots[i].text,
	     config->slots[i].def->help ? config->slots[i].def->help : "");
}

/* rp_config_free - release a config (NULL is fine) */
void    rp_config_free(rp_config *config)
{
    size_t  i;

    if (config == NULL)
	return;
    for (i = 0; i < config->count; i++)
	free(config->slots[i].text);
    free(config->slots);
    free(config);
}
