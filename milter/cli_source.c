/*
 * NAME
 *	cli_source 3
 * SUMMARY
 *	find the messages at a path
 * SYNOPSIS
 *	#include "cli_source.h"
 *
 *	int	cli_source_walk(const char *path, cli_message each, void *ctx)
 * DESCRIPTION
 *	A file whose first line starts with "From " is an mbox: it is split
 *	at every line that starts with "From " after a blank line or at the
 *	start, the separator line itself dropped and ">From " lines left as
 *	they are (mboxrd quoting does not change what a reader is shown).
 *	Any other file is one message.  Directories are read in name order;
 *	hidden entries (".", "..", dotfiles such as Maildir's .Trash) are
 *	skipped; a Maildir is just a directory whose cur/ and new/ hold
 *	message files, so it needs no special case.
 * DIAGNOSTICS
 *	Unreadable paths: a line on stderr naming the path, and -1 (the
 *	walk goes on with the other entries of a directory).
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli_source.h"
#include "rp_util.h"

#define WALK_DEPTH_MAX 32		/* directory nesting followed */

/* is_mbox - the data starts with an mbox "From " separator */
static int is_mbox(const char *data, size_t len)
{
    return len >= 5 && memcmp(data, "From ", 5) == 0;
}

/* walk_mbox - call each() for every message of an mbox */
static void walk_mbox(const char *path, const char *data, size_t len,
		              cli_message each, void *ctx)
{
    const char *p = data, *end = data + len, *start, *nl;
    unsigned n = 0;
    char   *label;

    while (p < end) {
	/* p is at a "From " line: the message starts after it. */
	nl = memchr(p, '\n', (size_t) (end - p));
	start = nl ? nl + 1 : end;
	for (p = start; p < end; p = nl + 1) {
	    if ((nl = memchr(p, '\n', (size_t) (end - p))) == NULL) {
		p = end;
		break;
	    }
	    if ((size_t) (end - (nl + 1)) >= 5 && memcmp(nl + 1, "From ", 5) == 0
		&& (nl == p || (nl - p == 1 && *p == '\r'))) {
		p = nl + 1;
		break;
	    }
	}
	label = rp_malloc(strlen(path) + 16);
	sprintf(label, "%s:%u", path, ++n);
	each(ctx, label, start, (size_t) (p - start));
	free(label);
    }
}

/* walk_data - one file's or stdin's contents */
static void walk_data(const char *path, const char *data, size_t len,
		              cli_message each, void *ctx)
{
    if (is_mbox(data, len))
	walk_mbox(path, data, len, each, ctx);
    else
	each(ctx, path, data, len);
}

/* read_stream - all of a stream */
static int read_stream(FILE *fp, char **data, size_t *len)
{
    rp_buf  buf;
    char    chunk[65536];
    size_t  n;

    rp_buf_init(&buf);
    while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
	rp_buf_append(&buf, chunk, n);
    if (ferror(fp)) {
	rp_buf_free(&buf);
	return -1;
    }
    *len = buf.len;
    *data = buf.data;
    return 0;
}

/* name_order - qsort comparator for directory entries */
static int name_order(const void *a, const void *b)
{
    return strcmp(*(char *const *) a, *(char *const *) b);
}

static int walk_path(const char *path, cli_message each, void *ctx, int depth);

/* walk_dir - every entry of a directory, in name order */
static int walk_dir(const char *path, cli_message each, void *ctx, int depth)
{
    DIR    *dir;
    struct dirent *de;
    char  **names = NULL;
    size_t  count = 0, cap = 0, i;
    int     rc = 0;
    char   *child;

    if (depth > WALK_DEPTH_MAX) {
	fprintf(stderr, "regphish: %s: directories nested too deep\n", path);
	return -1;
    }
    if ((dir = opendir(path)) == NULL) {
	fprintf(stderr, "regphish: %s: %s\n", path, strerror(errno));
	return -1;
    }
    while ((de = readdir(dir)) != NULL) {
	if (de->d_name[0] == '.')
	    continue;
	names = rp_array_grow(names, &cap, count, sizeof(char *));
	names[count++] = rp_strdup(de->d_name);
    }
    closedir(dir);
    if (count > 1)
	qsort(names, count, sizeof(char *), name_order);
    for (i = 0; i < count; i++) {
	child = rp_malloc(strlen(path) + strlen(names[i]) + 2);
	sprintf(child, "%s%s%s", path, path[strlen(path) - 1] == '/' ? "" : "/", names[i]);
	if (walk_path(child, each, ctx, depth + 1) < 0)
	    rc = -1;
	free(child);
	free(names[i]);
    }
    free(names);
    return rc;
}

/* walk_path - a file, a directory or stdin */
static int walk_path(const char *path, cli_message each, void *ctx, int depth)
{
    struct stat st;
    char   *data;
    size_t  len;

    if (strcmp(path, "-") == 0) {
	if (read_stream(stdin, &data, &len) < 0) {
	    fprintf(stderr, "regphish: standard input: %s\n", strerror(errno));
	    return -1;
	}
    } else {
	if (stat(path, &st) < 0) {
	    fprintf(stderr, "regphish: %s: %s\n", path, strerror(errno));
	    return -1;
	}
	if (S_ISDIR(st.st_mode))
	    return walk_dir(path, each, ctx, depth);
	if (rp_read_file(path, &data, &len) != 0) {
	    fprintf(stderr, "regphish: %s: %s\n", path, strerror(errno));
	    return -1;
	}
    }
    walk_data(path, data, len, each, ctx);
    free(data);
    return 0;
}

/* cli_source_walk - every message at path */
int     cli_source_walk(const char *path, cli_message each, void *ctx)
{
    return walk_path(path, each, ctx, 0);
}
