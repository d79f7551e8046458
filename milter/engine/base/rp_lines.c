/*
 * NAME
 *	rp_lines 3
 * SUMMARY
 *	the one reader of regphish's line-oriented files
 * SYNOPSIS
 *	#include "rp_lines.h"
 *
 *	rp_status rp_lines_read(const char *path, int required,
 *				rp_line_fn each, void *ctx, rp_error *err)
 * DESCRIPTION
 *	Every config and rules file of regphish follows these rules, and
 *	only this file applies them:
 * .IP \(bu
 *	lines end with LF; a CR before it is dropped;
 * .IP \(bu
 *	a '#' that begins a word (at the start of the line, or after a
 *	space or tab) and is not inside double quotes starts a comment,
 *	which runs to the end of the line.  A '#' inside a word
 *	("example.org/#top", "[#]") is text; a pattern that needs " #"
 *	writes "\#";
 * .IP \(bu
 *	leading and trailing spaces and tabs are removed; a line left empty
 *	is skipped.
 * .PP
 *	rp_lines_read() calls each() with every other line, in order, with
 *	its file and line number, and stops at the first error each()
 *	returns.  The line is the caller's to modify.
 * DIAGNOSTICS
 *	RP_ERR_IO when path cannot be read (RP_OK for a missing file when
 *	required is 0); RP_ERR_SYNTAX for a NUL byte or a line longer than
 *	RP_LINES_MAX; otherwise what each() returned.  *err names the file
 *	and line.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "rp_lines.h"
#include "rp_util.h"

/* lines_strip - cut the comment and the surrounding blanks off line */
static char *lines_strip(char *line)
{
    char   *p, *end;
    int     quoted = 0;

    for (p = line; *p; p++) {
	if (*p == '"')
	    quoted = !quoted;
	else if (*p == '#' && !quoted && (p == line || p[-1] == ' ' || p[-1] == '\t')) {
	    *p = 0;
	    break;
	}
    }
    end = p;
    while (end > line && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
	*--end = 0;
    return line + strspn(line, " \t");
}

/* rp_lines_read - every meaningful line of path, to each() */
rp_status rp_lines_read(const char *path, int required, rp_line_fn each, void *ctx,
			rp_error *err)
{
    char   *data, *line, *next, *text;
    size_t  len;
    rp_line_at at;
    rp_status status = RP_OK;

    if (rp_read_file(path, &data, &len) != RP_OK) {
	if (!required && errno == ENOENT)
	    return RP_OK;
	rp_set_error(err, path, 0, "cannot read: %s", strerror(errno));
	return RP_ERR_IO;
    }
    at.file = path;
    at.line = 0;
    if (memchr(data, 0, len) != NULL) {
	rp_set_error(err, path, 0, "file contains a NUL byte");
	status = RP_ERR_SYNTAX;
    }
    for (line = data; status == RP_OK && line < data + len; line = next) {
	at.line++;
	if ((next = memchr(line, '\n', (size_t) (data + len - line))) != NULL)
	    *next++ = 0;
	else
	    next = data + len;
	if ((size_t) (next - line) > RP_LINES_MAX) {
	    rp_set_error(err, path, at.line, "line longer than %d bytes", RP_LINES_MAX);
	    status = RP_ERR_SYNTAX;
	} else if (*(text = lines_strip(line)) != 0) {
	    status = each(ctx, text, &at, err);
	}
    }
    free(data);
    return status;
}
