/*
 * NAME
 *	rp_engine 3
 * SUMMARY
 *	load config and rules once; scan messages
 * SYNOPSIS
 *	#include "regphish.h"
 *
 *	rp_status rp_engine_load(const char *config_path, const char *rules_dir,
 *				 rp_engine **engine, rp_error *err)
 *	rp_status rp_engine_load_settings(const char *config_path,
 *				 const char *rules_dir, const rp_setting *settings,
 *				 size_t nsettings, const rp_program_settings *program,
 *				 rp_engine **engine, rp_error *err)
 *	void	rp_engine_describe(const rp_engine *engine,
 *				   rp_config_show show, void *ctx)
 *	rp_status rp_scan(const rp_engine *engine, const char *message,
 *			  size_t length, const rp_envelope *env,
 *			  rp_verdict **verdict)
 *	rp_status rp_domain_lookup(const rp_engine *engine, const char *name,
 *				   rp_domain_report *report)
 *	char	*rp_header_text(const char *raw)
 *	void	rp_engine_free(rp_engine *engine)
 * DESCRIPTION
 *	rp_engine_load() reads the config, then from the rules directory
 *	(the rules_dir argument, else the config's rules_dir) and the local
 *	rules directory: symbols.conf, brands.conf, hosting.conf,
 *	shorteners.conf and lures.rules (the shipped directory must have
 *	them all; local files are optional and extend or re-weigh), and
 *	the package lists of packages/ where there are any (rp_packages.c:
 *	optional in both directories, the indexes built once), and
 *	platforms.conf where there is one (rp_platforms.c).  All
 *	compilation (regular expressions, confusable skeletons) happens
 *	here, once.  The first error stops the load and names file and line.
 *	rp_engine_load_settings() applies settings over the config file
 *	first (the CLI's options), and reads the keys of the program's
 *	table along with the engine's (rp_config.c: one reader, one
 *	checker); the program's struct is filled only when everything has
 *	loaded.  With dkim_verify, the engine gets its one DKIM verifier
 *	(rp_dkim.c; keys from dkim_keys, else DNS).
 *
 *	rp_engine_describe() shows every setting in force (the CLI's
 *	config command).
 *
 *	rp_scan() parses the message (rp_mime.c), verifies its DKIM
 *	signatures when the engine has a verifier, runs the checks
 *	(rp_check.c), reading the site's history through env->history
 *	when it is set (never writing it), and totals the verdict.  A message with nothing
 *	readable in it (an empty one) still gets a verdict, flagged
 *	MIME_BROKEN: every message gets a verdict.  It is thread-safe: the engine
 *	is only read.
 */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rp_check.h"
#include "rp_config.h"
#include "rp_engine.h"
#include "rp_mime.h"
#include "rp_rfc2047.h"
#include "rp_util.h"
#include "rp_verdict.h"

/* rules_path - dir/name into buf */
static const char *rules_path(char *buf, size_t size, const char *dir, const char *name)
{
    snprintf(buf, size, "%s/%s", dir, name);
    return buf;
}

/* engine_load_rules - load every rules file of one directory */
static rp_status engine_load_rules(rp_engine *engine, const char *dir, int required,
				   rp_error *err)
{
    char    path[PATH_MAX];
    rp_status status;

    if ((status = rp_weights_load(engine->weights,
				  rules_path(path, sizeof(path), dir, "symbols.conf"),
				  required, err)) != RP_OK)
	return status;
    if ((status = rp_brands_load_dir(engine->brands, dir, required, err)) != RP_OK)
	return status;
    /* Package lists are optional everywhere: no list, no check. */
    if ((status = rp_packages_load_dir(engine->packages, dir, err)) != RP_OK)
	return status;
    if ((status = rp_platforms_load_dir(engine->platforms, dir, err)) != RP_OK)
	return status;
    return rp_lures_load(engine->lures,
			 rules_path(path, sizeof(path), dir, "lures.rules"),
			 required, err);
}

/*
 * engine_rules_complete - the shipped rules name every symbol of the
 * registry: symbols.conf weighs each CODE symbol, lures.rules has rules
 * for each LURE symbol (names they do not know failed the load already).
 */
static rp_status engine_rules_complete(const rp_engine *engine, const char *dir,
				       rp_error *err)
{
    char    path[PATH_MAX];
    rp_status status;

    if ((status = rp_weights_complete(engine->weights,
				      rules_path(path, sizeof(path), dir, "symbols.conf"),
				      err)) != RP_OK)
	return status;
    return rp_lures_complete(engine->lures,
			     rules_path(path, sizeof(path), dir, "lures.rules"), err);
}

/* engine_trusted_ids - split trusted_authserv_ids into a lowercased list */
static void engine_trusted_ids(rp_engine *engine)
{
    char   *list = rp_strdup(engine->settings->trusted_authserv_ids);
    char   *tok, *save;
    size_t  cap = 0;

    for (tok = strtok_r(list, " ,\t", &save); tok; tok = strtok_r(NULL, " ,\t", &save)) {
	engine->trusted_ids = rp_array_grow(engine->trusted_ids, &cap,
					    engine->ntrusted, sizeof(char *));
	rp_ascii_lowercase(tok);
	engine->trusted_ids[engine->ntrusted++] = rp_strdup(tok);
    }
    free(list);
}

/* engine_limits - parser limits from the settings (ranges checked at load) */
static void engine_limits(rp_engine *engine)
{
    const rp_settings *s = engine->settings;

    engine->limits.max_depth = (unsigned) s->max_mime_depth;
    engine->limits.max_parts = (unsigned) s->max_mime_parts;
    engine->limits.max_links = (unsigned) s->max_links;
    engine->limits.max_text = (size_t) s->max_text_bytes;
    engine->files.max_attachments = (unsigned) s->max_attachments;
    engine->files.max_pdf_bytes = (size_t) s->max_pdf_bytes;
    engine->files.max_pdf_pages = (unsigned) s->max_pdf_pages;
    engine->files.max_markup_bytes = (size_t) s->max_markup_bytes;
    engine->files.max_image_bytes = (size_t) s->max_image_bytes;
    engine->files.max_image_pixels = (size_t) s->max_image_pixels;
}

/* engine_dkim - the DKIM verifier, when the settings ask for one */
static rp_status engine_dkim(rp_engine *engine, rp_error *err)
{
    const rp_settings *s = engine->settings;

    if (!s->dkim_verify)
	return RP_OK;
    return rp_dkim_new(s->dkim_keys, (unsigned) s->dkim_timeout, &engine->dkim, err);
}

/* rp_engine_load_settings - config, settings over it, rules, compiled once */
rp_status rp_engine_load_settings(const char *config_path, const char *rules_dir,
				  const rp_setting *settings, size_t nsettings,
				  const rp_program_settings *program,
				  rp_engine **out, rp_error *err)
{
    rp_engine *engine;
    rp_status status;
    const char *local;

    *out = NULL;
    rp_mime_init();
    engine = rp_calloc(1, sizeof(*engine));
    status = rp_config_load(config_path, program, &engine->config, err);
    if (status == RP_OK)
	status = rp_config_apply(engine->config, settings, nsettings, err);
    if (status != RP_OK) {
	rp_engine_free(engine);
	return status;
    }
    engine->settings = rp_config_settings(engine->config);
    if (rules_dir == NULL)
	rules_dir = engine->settings->rules_dir;
    local = engine->settings->local_rules_dir;
    engine->weights = rp_weights_new();
    engine->brands = rp_brands_new();
    engine->lures = rp_lures_new();
    engine->packages = rp_packages_new();
    engine->platforms = rp_platforms_new();
    if ((status = engine_load_rules(engine, rules_dir, 1, err)) != RP_OK
	|| (status = engine_rules_complete(engine, rules_dir, err)) != RP_OK
	|| (*local && (status = engine_load_rules(engine, local, 0, err)) != RP_OK)
	|| (status = rp_brands_finish(engine->brands, err)) != RP_OK
	|| (status = engine_dkim(engine, err)) != RP_OK) {
	rp_engine_free(engine);
	return status;
    }
    rp_packages_finish(engine->packages);
    engine_trusted_ids(engine);
    engine_limits(engine);
    rp_config_bind(engine->config);
    *out = engine;
    return RP_OK;
}

/* rp_engine_load - config and rules, no settings, no program */
rp_status rp_engine_load(const char *config_path, const char *rules_dir,
			 rp_engine **out, rp_error *err)
{
    return rp_engine_load_settings(config_path, rules_dir, NULL, 0, NULL, out, err);
}

/* rp_engine_free - release everything (NULL is fine) */
void    rp_engine_free(rp_engine *engine)
{
    size_t  i;

    if (engine == NULL)
	return;
    rp_config_free(engine->config);
    if (engine->brands)
	rp_brands_free(engine->brands);
    if (engine->lures)
	rp_lures_free(engine->lures);
    rp_packages_free(engine->packages);
    rp_platforms_free(engine->platforms);
    rp_weights_free(engine->weights);
    for (i = 0; i < engine->ntrusted; i++)
	free(engine->trusted_ids[i]);
    free(engine->trusted_ids);
    rp_dkim_free(engine->dkim);
    free(engine);
}

/* rp_engine_describe - every setting in force */
void    rp_engine_describe(const rp_engine *engine, rp_config_show show, void *ctx)
{
    rp_config_describe(engine->config, show, ctx);
}

/* rp_scan - parse, check, total */
rp_status rp_scan(const rp_engine *engine, const char *message, size_t length,
		          const rp_envelope *env, rp_verdict **out)
{
    rp_features f;
    rp_verdict *verdict;
    rp_dkim_report dkim;
    rp_status status;

    *out = NULL;
    if (engine == NULL || (message == NULL && length > 0))
	return RP_ERR_INVALID;
    rp_features_init(&f);
    status = rp_mime_extract_files(message ? message : "", length, env, &engine->limits,
				   &engine->files, &f);
    if (status == RP_ERR_PARSE) {
	/* Nothing readable (an empty message): still a verdict, on no evidence. */
	f.flags |= RP_MSG_MIME_BROKEN;
    } else if (status != RP_OK) {
	rp_features_free(&f);
	return status;
    }
    if (engine->dkim != NULL
	&& (status = rp_dkim_verify(engine->dkim, message ? message : "", length,
				    &dkim)) != RP_OK) {
	rp_features_free(&f);
	return status;
    }
    verdict = rp_verdict_new();
    rp_check_message(engine, &f, engine->dkim ? &dkim : NULL,
		     env != NULL ? env->history : NULL, verdict);
    rp_features_free(&f);
    rp_verdict_finish(verdict, engine->settings);
    *out = verdict;
    return RP_OK;
}

/* rp_header_text - a header value decoded as the engine decodes it */
char   *rp_header_text(const char *raw)
{
    rp_mime_init();
    return rp_rfc2047_decode(raw);
}

/* rp_domain_lookup - what one name imitates */
rp_status rp_domain_lookup(const rp_engine *engine, const char *name,
			           rp_domain_report *report)
{
    if (engine == NULL || name == NULL || report == NULL)
	return RP_ERR_INVALID;
    rp_domain_describe(engine->brands, name, report);
    return RP_OK;
}
