/*
 * NAME
 *	rp_util 3
 * SUMMARY
 *	checked allocation, growable strings, small ASCII helpers
 * SYNOPSIS
 *	#include "rp_util.h"
 * DESCRIPTION
 *	rp_malloc(), rp_calloc(), rp_realloc(), rp_strdup() and
 *	rp_strndup() return memory or abort: a filter cannot finish a
 *	message without memory, and the MTA's milter_default_action is the
 *	right answer to a dead filter.
 *
 *	rp_buf keeps a byte string that is always NUL-terminated; it may
 *	contain NUL bytes (len is authoritative).  rp_buf_steal() hands the
 *	string to the caller and leaves an empty buffer.
 *
 *	rp_read_file() reads a whole file into memory (caller frees).
 * DIAGNOSTICS
 *	Out of memory: a message on stderr, then abort().
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regphish.h"
#include "rp_util.h"

/* rp_out_of_memory - give up */
static void rp_out_of_memory(size_t size)
{
    fprintf(stderr, "regphish: out of memory (%zu bytes)\n", size);
    abort();
}

/* rp_malloc - allocate or abort */
void   *rp_malloc(size_t size)
{
    void   *p = malloc(size ? size : 1);

    if (p == NULL)
	rp_out_of_memory(size);
    return p;
}

/* rp_calloc - allocate zeroed memory or abort */
void   *rp_calloc(size_t count, size_t size)
{
    void   *p = calloc(count ? count : 1, size ? size : 1);

    if (p == NULL)
	rp_out_of_memory(count * size);
    return p;
}

/* rp_realloc - resize or abort */
void   *rp_realloc(void *ptr, size_t size)
{
    void   *p = realloc(ptr, size ? size : 1);

    if (p == NULL)
	rp_out_of_memory(size);
    return p;
}

/* rp_strdup - copy a string */
char   *rp_strdup(const char *s)
{
    return rp_strndup(s, strlen(s));
}

/* rp_strndup - copy n bytes and terminate */
char   *rp_strndup(const char *s, size_t n)
{
    char   *p = rp_malloc(n + 1);

    memcpy(p, s, n);
    p[n] = 0;
    return p;
}

/* rp_array_grow - make room for element count+1, doubling capacity */
void   *rp_array_grow(void *array, size_t *capacity, size_t count, size_t elsize)
{
    size_t  cap = *capacity;

    if (count < cap)
	return array;
    cap = cap ? cap * 2 : 8;
    if (cap > SIZE_MAX / elsize)
	rp_out_of_memory(SIZE_MAX);
    *capacity = cap;
    return rp_realloc(array, cap * elsize);
}

/* rp_buf_init - an empty string */
void    rp_buf_init(rp_buf *buf)
{
    buf->cap = 64;
    buf->len = 0;
    buf->data = rp_malloc(buf->cap);
    buf->data[0] = 0;
}

/* rp_buf_free - release the storage */
void    rp_buf_free(rp_buf *buf)
{
    free(buf->data);
    buf->data = NULL;
    buf->len = buf->cap = 0;
}

/* rp_buf_reset - make the string empty, keep the storage */
void    rp_buf_reset(rp_buf *buf)
{
    buf->len = 0;
    buf->data[0] = 0;
}

/* rp_buf_reserve - room for extra more bytes plus the terminator */
static void rp_buf_reserve(rp_buf *buf, size_t extra)
{
    size_t  need;

    if (extra > SIZE_MAX - buf->len - 1)
	rp_out_of_memory(SIZE_MAX);
    need = buf->len + extra + 1;
    if (need <= buf->cap)
	return;
    while (buf->cap < need)
	buf->cap = buf->cap > SIZE_MAX / 2 ? need : buf->cap * 2;
    buf->data = rp_realloc(buf->data, buf->cap);
}

/* rp_buf_append - add len bytes */
void    rp_buf_append(rp_buf *buf, const char *data, size_t len)
{
    rp_buf_reserve(buf, len);
    memcpy(buf->data + buf->len, data, len);
    buf->len += len;
    buf->data[buf->len] = 0;
}

/* rp_buf_puts - add a string */
void    rp_buf_puts(rp_buf *buf, const char *s)
{
    rp_buf_append(buf, s, strlen(s));
}

/* rp_buf_putc - add one byte */
void    rp_buf_putc(rp_buf *buf, int ch)
{
    char    c = (char) ch;

    rp_buf_append(buf, &c, 1);
}

/* rp_buf_vprintf - add formatted text */
void    rp_buf_vprintf(rp_buf *buf, const char *fmt, va_list ap)
{
    va_list ap2;
    int     n;

    va_copy(ap2, ap);
    n = vsnprintf(buf->data + buf->len, buf->cap - buf->len, fmt, ap2);
    va_end(ap2);
    if (n < 0)
	return;
    if ((size_t) n >= buf->cap - buf->len) {
	rp_buf_reserve(buf, (size_t) n);
	vsnprintf(buf->data + buf->len, buf->cap - buf->len, fmt, ap);
    }
    buf->len += (size_t) n;
}

/* rp_buf_printf - add formatted text */
void    rp_buf_printf(rp_buf *buf, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    rp_buf_vprintf(buf, fmt, ap);
    va_end(ap);
}

/* rp_buf_steal - hand the string to the caller, leave an empty buffer */
char   *rp_buf_steal(rp_buf *buf)
{
    char   *s = buf->data;

    rp_buf_init(buf);
    return s;
}

/* rp_ascii_lower - lowercase one ASCII letter, leave other bytes alone */
int     rp_ascii_lower(int ch)
{
    return (ch >= 'A' && ch <= 'Z') ? ch + ('a' - 'A') : ch;
}

/* rp_ascii_lowercase - lowercase ASCII letters in place */
void    rp_ascii_lowercase(char *s)
{
    for (; *s; s++)
	*s = (char) rp_ascii_lower((unsigned char) *s);
}

/* rp_ascii_casecmp - compare ignoring ASCII case */
int     rp_ascii_casecmp(const char *a, const char *b)
{
    int     ca, cb;

    do {
	ca = rp_ascii_lower((unsigned char) *a++);
	cb = rp_ascii_lower((unsigned char) *b++);
    } while (ca && ca == cb);
    return ca - cb;
}

/* rp_ascii_ncasecmp - compare at most n bytes ignoring ASCII case */
int     rp_ascii_ncasecmp(const char *a, const char *b, size_t n)
{
    int     ca = 0, cb = 0;

    while (n-- > 0) {
	ca = rp_ascii_lower((unsigned char) *a++);
	cb = rp_ascii_lower((unsigned char) *b++);
	if (ca == 0 || ca != cb)
	    break;
    }
    return ca - cb;
}

/* rp_hex_value - the value of a hex digit, or -1 */
int     rp_hex_value(int c)
{
    if (c >= '0' && c <= '9')
	return c - '0';
    c = rp_ascii_lower(c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* rp_ascii_casefind - the first needle in n bytes of s, ignoring ASCII case, or NULL */
const char *rp_ascii_casefind(const char *s, size_t n, const char *needle)
{
    size_t  k = strlen(needle), i;

    for (i = 0; i + k <= n; i++)
	if (rp_ascii_ncasecmp(s + i, needle, k) == 0)
	    return s + i;
    return NULL;
}

/* rp_set_error - say where and what */
void    rp_set_error(rp_error *err, const char *file, unsigned line,
		     const char *fmt,...)
{
    va_list ap;

    if (err == NULL)
	return;
    snprintf(err->file, sizeof(err->file), "%s", file ? file : "");
    err->line = line;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof(err->message), fmt, ap);
    va_end(ap);
}

/* rp_read_file - read a whole file; RP_ERR_IO with errno set on failure */
int     rp_read_file(const char *path, char **data, size_t *len)
{
    FILE   *fp;
    rp_buf  buf;
    char    chunk[65536];
    size_t  n;
    int     saved;

    if ((fp = fopen(path, "rb")) == NULL)
	return RP_ERR_IO;
    rp_buf_init(&buf);
    while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
	rp_buf_append(&buf, chunk, n);
    if (ferror(fp)) {
	saved = errno;
	fclose(fp);
	rp_buf_free(&buf);
	errno = saved;
	return RP_ERR_IO;
    }
    fclose(fp);
    *len = buf.len;
    *data = buf.data;
    return RP_OK;
}
