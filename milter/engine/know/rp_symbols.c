/*
 * NAME
 *	rp_symbols 3
 * SUMMARY
 *	names and kinds of the registered symbols
 * SYNOPSIS
 *	#include "rp_symbols.h"
 *
 *	const char *rp_symbol_name(rp_symbol symbol)
 *	rp_symbol_kind rp_symbol_kind_of(rp_symbol symbol)
 *	rp_symbol rp_symbol_lookup(const char *name, size_t len)
 * DESCRIPTION
 *	The tables are built from rp_symbols.def by the preprocessor.
 *	Lookups by name happen only while rules files load; the table has
 *	a few dozen entries, so a linear search is enough.
 * DIAGNOSTICS
 *	None.
 */
#include "config.h"

#include <stddef.h>
#include <string.h>

#include "rp_symbols.h"

static const char *const symbol_names[RP_SYM_COUNT] = {
#define RP_SYMBOL(name, kind) #name,
#include "rp_symbols.def"
#undef RP_SYMBOL
};

static const rp_symbol_kind symbol_kinds[RP_SYM_COUNT] = {
#define RP_SYMBOL(name, kind) RP_SYMBOL_##kind,
#include "rp_symbols.def"
#undef RP_SYMBOL
};

/* rp_symbol_name - the name of a symbol */
const char *rp_symbol_name(rp_symbol symbol)
{
    return symbol >= 0 && symbol < RP_SYM_COUNT ? symbol_names[symbol] : "";
}

/* rp_symbol_kind_of - where the symbol's weight comes from */
rp_symbol_kind rp_symbol_kind_of(rp_symbol symbol)
{
    return symbol >= 0 && symbol < RP_SYM_COUNT ? symbol_kinds[symbol] : RP_SYMBOL_CODE;
}

/* rp_symbol_lookup - a symbol by name */
rp_symbol rp_symbol_lookup(const char *name, size_t len)
{
    int     i;

    for (i = 0; i < RP_SYM_COUNT; i++)
	if (strlen(symbol_names[i]) == len && memcmp(symbol_names[i], name, len) == 0)
	    return (rp_symbol) i;
    return RP_SYM_NONE;
}
