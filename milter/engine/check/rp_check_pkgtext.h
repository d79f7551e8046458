/*
 * NAME
 *	rp_check_pkgtext 3h
 * SUMMARY
 *	the words of the shown text as the package check reads them (for
 *	rp_check_package.c and rp_check_manifest.c only)
 * SYNOPSIS
 *	#include "rp_check_pkgtext.h"
 * DESCRIPTION
 *	Not a public interface.  rp_check_pkgtext.c makes the text
 *	(pkg_shown_text()), cuts it into words, turns an argument into a
 *	package name and reports what a name is; the command reader
 *	(rp_check_package.c) and the manifest reader (rp_check_manifest.c)
 *	call it and it calls neither.
 */
#ifndef RP_CHECK_PKGTEXT_H
#define RP_CHECK_PKGTEXT_H

#include <glib.h>

#include "rp_check_state.h"
#include "rp_packages.h"

/* U+E000 (private use) stands for a line end through the normaliser. */
#define PKG_LINE_MARK		"\xee\x80\x80"
#define PKG_LINE_MARK_LEN	3

/* One word of the text. */
typedef struct pkg_word {
    const char *s;
    size_t  len;
    int     line;			/* a line end (or the text's start) is before it */
    int     end;			/* a shell separator: ; | & ( ) */
} pkg_word;

/* One message's scan. */
typedef struct pkg_scan {
    check_state *st;
    const char *text;			/* pkg_shown_text() */
    size_t  len;
    GHashTable *seen;			/* "eco name" looked up already */
} pkg_scan;

/* rp_check_pkgtext.c */
char   *pkg_shown_text(const rp_features *f, size_t *len);
int     pkg_marker_at(const char *p, const char *end);
int     pkg_next_word(const pkg_scan *sc, size_t *pos, pkg_word *w);
void    pkg_trim(pkg_word *w);
int     pkg_word_is(const pkg_word *w, const char *s);
int     pkg_in_list(const char *list, const char *s, size_t len);
int     pkg_has_alnum(const pkg_word *w);
int     pkg_name_of(rp_pkg_eco eco, pkg_word *w);
void    pkg_report(pkg_scan *sc, rp_pkg_eco eco, const char *how, const char *name,
		   size_t len);

/* rp_check_manifest.c */
size_t  pkg_manifest(pkg_scan *sc, pkg_word w, size_t p);
void    pkg_links(pkg_scan *sc);

#endif
