/*
 * NAME
 *	rp_symbols 3h
 * SUMMARY
 *	the registry of symbols: every name declared once
 * SYNOPSIS
 *	#include "rp_symbols.h"
 * DESCRIPTION
 *	The engine refers to symbols by rp_symbol, never by a string it
 *	spells itself: a typo is a compile error, and a rules file that
 *	names an unknown symbol is a load error (rp_symbols.def).
 */
#ifndef RP_SYMBOLS_H
#define RP_SYMBOLS_H

#include <stddef.h>

typedef enum rp_symbol {
    RP_SYM_NONE = -1,
#define RP_SYMBOL(name, kind) RP_SYM_##name,
#include "rp_symbols.def"
#undef RP_SYMBOL
    RP_SYM_COUNT
} rp_symbol;

typedef enum rp_symbol_kind {
    RP_SYMBOL_CODE,			/* emitted by the checks; symbols.conf */
    RP_SYMBOL_LURE			/* defined by lures.rules */
} rp_symbol_kind;

/* rp_symbol_name - "LOOKALIKE_TLD_SWAP"; "" for RP_SYM_NONE */
const char *rp_symbol_name(rp_symbol symbol);

/* rp_symbol_kind_of - CODE or LURE */
rp_symbol_kind rp_symbol_kind_of(rp_symbol symbol);

/* rp_symbol_lookup - the symbol called name (len bytes), or RP_SYM_NONE */
rp_symbol rp_symbol_lookup(const char *name, size_t len);

#endif
