/*
 * NAME
 *	rp_engine 3h
 * SUMMARY
 *	what a loaded engine holds (inside the library only)
 * SYNOPSIS
 *	#include "rp_engine.h"
 * DESCRIPTION
 *	The engine is the immutable result of loading the config and the
 *	rules: the settings, brand table, lure rules, symbol weights,
 *	parser limits, the trusted authserv-ids and, when dkim_verify is
 *	set, the DKIM verifier.  rp_check.c reads it; nothing writes it
 *	after rp_engine_load() returns.  The engine's code reads the
 *	settings' fields (engine->settings), not keys.
 */
#ifndef RP_ENGINE_H
#define RP_ENGINE_H

#include "regphish.h"
#include "rp_attach.h"
#include "rp_brands.h"
#include "rp_config.h"
#include "rp_dkim.h"
#include "rp_features.h"
#include "rp_lure.h"
#include "rp_packages.h"
#include "rp_platforms.h"
#include "rp_weights.h"

struct rp_engine {
    rp_config *config;			/* every setting, as text too */
    const rp_settings *settings;	/* rp_config_settings(config) */
    rp_brands *brands;
    rp_lures *lures;
    rp_packages *packages;		/* popular and malicious package names */
    rp_platforms *platforms;		/* platforms.conf: notifications users write in */
    rp_weights *weights;
    rp_limits limits;
    rp_attach_limits files;		/* attached files read (rp_attach) */
    char  **trusted_ids;		/* lowercased authserv-ids */
    size_t  ntrusted;
    rp_dkim *dkim;			/* NULL: dkim_verify is off */
};

#endif
