/*
 * NAME
 *	rp_config 3h
 * SUMMARY
 *	regphish.conf: one reader and one checker for the engine's keys and
 *	a program's
 * SYNOPSIS
 *	#include "rp_config.h"
 * DESCRIPTION
 *	An rp_config holds every setting of the file: the engine's
 *	(rp_settings.c) and, when the program handed its own table of
 *	definitions to the loader, the program's.  Each value is checked
 *	against its definition when it is read, and bound into the engine's
 *	rp_settings (and the program's struct) once the file, or a set of
 *	overrides, has been applied as a whole.
 */
#ifndef RP_CONFIG_H
#define RP_CONFIG_H

#include "regphish.h"
#include "rp_settings.h"

typedef struct rp_config rp_config;

/*
 * rp_config_load - the defaults of both tables, then the file (path NULL:
 * none); program may be NULL.  No config is returned on error.
 */
rp_status rp_config_load(const char *path, const rp_program_settings *program,
			 rp_config **config, rp_error *err);

/*
 * rp_config_apply - n settings over the config (command-line options),
 * then the checks of the whole again.  On error the config is partly
 * changed: free it.
 */
rp_status rp_config_apply(rp_config *config, const rp_setting *settings, size_t n,
			  rp_error *err);

/* rp_config_settings - the engine's settings, as bound by the last load or apply */
const rp_settings *rp_config_settings(const rp_config *config);

/* rp_config_bind - fill the program's struct (a no-op without a program) */
void    rp_config_bind(const rp_config *config);

/* rp_config_describe - show() every key, its value as text and its help */
void    rp_config_describe(const rp_config *config, rp_config_show show, void *ctx);

void    rp_config_free(rp_config *config);


#endif
