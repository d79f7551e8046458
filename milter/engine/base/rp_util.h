/*
 * NAME
 *	rp_util 3h
 * SUMMARY
 *	checked allocation and growable strings for the engine
 * SYNOPSIS
 *	#include "rp_util.h"
 * DESCRIPTION
 *	rp_malloc() and friends either succeed or abort the process (out of
 *	memory is not a condition a mail filter can recover from mid-message;
 *	the MTA's milter_default_action then applies).  rp_buf is a growable,
 *	always NUL-terminated byte string that may also hold NUL bytes.
 */
#ifndef RP_UTIL_H
#define RP_UTIL_H

#include <stddef.h>
#include <stdarg.h>

void   *rp_malloc(size_t size);
void   *rp_calloc(size_t count, size_t size);
void   *rp_realloc(void *ptr, size_t size);
char   *rp_strdup(const char *s);
char   *rp_strndup(const char *s, size_t n);

/* rp_array_grow - make room for one more element in a dynamic array */
void   *rp_array_grow(void *array, size_t *capacity, size_t count, size_t elsize);

typedef struct rp_buf {
    char   *data;		/* NUL-terminated, never NULL after init */
    size_t  len;
    size_t  cap;
} rp_buf;

void    rp_buf_init(rp_buf *buf);
void    rp_buf_free(rp_buf *buf);
void    rp_buf_reset(rp_buf *buf);
void    rp_buf_append(rp_buf *buf, const char *data, size_t len);
void    rp_buf_puts(rp_buf *buf, const char *s);
void    rp_buf_putc(rp_buf *buf, int ch);
void    rp_buf_printf(rp_buf *buf, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void    rp_buf_vprintf(rp_buf *buf, const char *fmt, va_list ap);
char   *rp_buf_steal(rp_buf *buf);	/* caller frees; buf is reset */

/* ASCII helpers that ignore the locale. */
int     rp_ascii_lower(int ch);
void    rp_ascii_lowercase(char *s);
int     rp_ascii_casecmp(const char *a, const char *b);
int     rp_ascii_ncasecmp(const char *a, const char *b, size_t n);
const char *rp_ascii_casefind(const char *s, size_t n, const char *needle);
int     rp_hex_value(int c);

/* rp_set_error - fill an rp_error (any argument may be NULL) */
struct rp_error;
void    rp_set_error(struct rp_error *err, const char *file, unsigned line,
		     const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* rp_read_file - read a whole file; caller frees *data.  RP_ERR_IO on failure. */
int     rp_read_file(const char *path, char **data, size_t *len);

#endif
