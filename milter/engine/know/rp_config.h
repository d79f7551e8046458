/*
 * NAME
 *	rp_config 3h
 * SUMMARY
 *	the configuration file: one table of keys, typed values
 * SYNOPSIS
 *	#include "rp_config.h"
 * DESCRIPTION
 *	rp_config_load() reads "key = value" lines.  Every key is declared
 *	once, with its type and default, in the table in rp_config.c;
 *	unknown keys and bad values are errors that name file and line.
 *	A loaded config is immutable.  The typed accessors are declared in
 *	regphish.h.
 */
#ifndef RP_CONFIG_H
#define RP_CONFIG_H

#include "regphish.h"

/* rp_config_load - path NULL: built-in defaults only */
rp_status rp_config_load(const char *path, rp_config **config, rp_error *err);
void    rp_config_free(rp_config *config);

/* rp_config_set - override one value (CLI options); error for unknown keys */
rp_status rp_config_set(rp_config *config, const char *key, const char *value,
			rp_error *err);


#endif
