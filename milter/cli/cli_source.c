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
 *	Unreadable paths: a line on stderr naming the path (escaped:
 *	cli_report_complain), and -1 (the walk goes on with the other
 *	entries of a directory).
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>

#include "cli_report.h"
#include "cli_source.h"

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
	label = g_strdup_printf("%s:%u", path, ++n);
	each(ctx, label, start, (size_t) (p - start));
	g_free(label);
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

/* read_stream - all of a stream (caller g_free()s *data); -1 with errno set */
static int read_stream(FILE *fp, char **data, size_t *len)
{
    GString *buf = g_string_new(NULL);
    char    chunk[65536];
    size_t  n;
    int     saved;

    while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
	g_string_append_len(buf, chunk, (gssize) n);
    if (ferror(fp)) {
	saved = errno;
	g_string_free(buf, TRUE);
	errno = saved;
	return -1;
    }
    *len = buf->len;
    *data = g_string_free(buf, FALSE);
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
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    guint   i;
    int     rc = 0;
    char   *child;

    if (depth > WALK_DEPTH_MAX) {
	cli_report_complain("%s: directories nested too deep", path);
	return -1;
    }
    if ((dir = opendir(path)) == NULL) {
	cli_report_complain("%s: %s", path, strerror(errno));
	return -1;
    }
    while ((de = readdir(dir)) != NULL) {
	if (de->d_name[0] == '.')
	    continue;
	g_ptr_array_add(names, g_strdup(de->d_name));
    }
    closedir(dir);
    g_ptr_array_sort(names, name_order);
    for (i = 0; i < names->len; i++) {
	child = g_build_filename(path, g_ptr_array_index(names, i), NULL);
	if (walk_path(child, each, ctx, depth + 1) < 0)
	    rc = -1;
	g_free(child);
    }
    g_ptr_array_free(names, TRUE);
    return rc;
}

/* walk_path - a file, a directory or stdin */
static int walk_path(const char *path, cli_message each, void *ctx, int depth)
{
    struct stat st;
    FILE   *fp;
    char   *data;
    size_t  len;

    if (strcmp(path, "-") == 0) {
	if (read_stream(stdin, &data, &len) < 0) {
	    cli_report_complain("standard input: %s", strerror(errno));
	    return -1;
	}
    } else {
	if (stat(path, &st) < 0) {
	    cli_report_complain("%s: %s", path, strerror(errno));
	    return -1;
	}
	if (S_ISDIR(st.st_mode))
	    return walk_dir(path, each, ctx, depth);
	if ((fp = fopen(path, "rb")) == NULL || read_stream(fp, &data, &len) < 0) {
	    cli_report_complain("%s: %s", path, strerror(errno));
	    if (fp != NULL)
		fclose(fp);
	    return -1;
	}
	fclose(fp);
    }
    walk_data(path, data, len, each, ctx);
    g_free(data);
    return 0;
}

/* cli_source_walk - every message at path */
int     cli_source_walk(const char *path, cli_message each, void *ctx)
{
    return walk_path(path, each, ctx, 0);
}
