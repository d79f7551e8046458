/*
 * NAME
 *	cli_postfix 3
 * SUMMARY
 *	Postfix's hold queue through Postfix's own tools
 * SYNOPSIS
 *	#include "cli_postfix.h"
 *
 *	int	cli_postfix_valid_id(const char *id)
 *	int	cli_postfix_run(const char *config_dir, GString *out,
 *				char *why, size_t whylen, const char *name, ...)
 *	GPtrArray *cli_postfix_held(const char *config_dir, char *why,
 *				size_t whylen)
 *	const cli_held *cli_postfix_find(const GPtrArray *held, const char *id)
 *	int	cli_postfix_release(const char *config_dir, const cli_held *held,
 *				const char *header, char *why, size_t whylen)
 * DESCRIPTION
 *	Tools are run with g_spawn_async_with_fds (fork and exec, no
 *	shell), their arguments passed as they are, their output collected
 *	in temporary files, byte for byte; queue ids are checked first
 *	(cli_postfix_valid_id: letters and digits, at most 32).
 *
 *	cli_postfix_held() reads postqueue -j (Postfix 3.1 and later: one
 *	JSON object per message) with a small parser of its own that reads
 *	queue_name, queue_id, arrival_time, sender and each recipient's
 *	address, skips every other member, and refuses malformed or deeper
 *	than 8 levels input.  Only queue_name "hold" is kept.
 *
 *	cli_postfix_release(): Postfix cannot change a queued file, and mail
 *	submitted again with sendmail(1) would meet the milters again
 *	(non_smtpd_milters) and be held again, or, from a trusted network,
 *	lose its X-Regphish headers.  So the release does what postsuper -r
 *	does: it writes the message (postcat -hbq: the content as it would be
 *	delivered, with the milter's headers) with the header before it into
 *	the maildrop directory as a file owned by mail_owner and not readable
 *	by others.  pickup(8) treats such a file as requeued mail and hands
 *	it to cleanup(8) without the milters (pickup.c, MAIL_IS_REQUEUED);
 *	it adds its own Received: line, as for any requeued mail.  Only root
 *	or mail_owner can make such a file: mail from sendmail(1) belongs to
 *	its submitter and is world-readable, so no sender can have mail
 *	skip the milters this way, and the milter trusts no X-Regphish-*
 *	header that arrives (it deletes them all).  The envelope is the held
 *	one: its sender and undelivered recipients, rewrite context remote
 *	(as sendmail -G).  Order: the file is written not yet ready (mode
 *	0600), the held copy deleted (postsuper -d ID hold), then the file
 *	marked ready (0700, Postfix's mark of a finished queue file) and
 *	pickup woken (postkick); when the deletion fails the file is removed
 *	and the message stays held, so it is never delivered twice.
 * DIAGNOSTICS
 *	Every failure returns -1 with a one-line why.
 * SEE ALSO
 *	postqueue(1), postcat(1), postsuper(1), pickup(8)
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>

#include "cli_postfix.h"

#define ID_MAX		32		/* bytes of a queue id */
#define JSON_DEPTH	8
#define RECORD_CHUNK	1024		/* bytes of content per record (< line_length_limit) */

/* cli_postfix_valid_id - letters and digits, 1..ID_MAX */
int     cli_postfix_valid_id(const char *id)
{
    size_t  n;

    for (n = 0; id[n]; n++)
	if (!g_ascii_isalnum(id[n]) || n >= ID_MAX)
	    return 0;
    return n > 0;
}

/* find_tool - the tool's path: PATH first, then /usr/sbin (root's PATH may lack it) */
static char *find_tool(const char *name)
{
    char   *path = g_find_program_in_path(name);

    if (path == NULL) {
	path = g_strconcat("/usr/sbin/", name, NULL);
	if (access(path, X_OK) != 0) {
	    g_free(path);
	    path = NULL;
	}
    }
    return path;
}

/* first_line - the first non-empty line of s, into why */
static void first_line(const char *s, char *why, size_t whylen, const char *name, int status)
{
    size_t  len;

    while (*s == '\n')
	s++;
    len = strcspn(s, "\n");
    snprintf(why, whylen, "%s failed (status %d)%s%.*s", name, status, *s ? ": " : "",
	     (int) MIN(len, 300), s);
}

/* slurp - all of fp from its start into out (binary: a message may hold NUL) */
static void slurp(FILE *fp, GString *out)
{
    char    buf[8192];
    size_t  n;

    rewind(fp);
    while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
	g_string_append_len(out, buf, (gssize) n);
}

/*
 * spawn - run argv with its standard output and error into temporary
 * files (no pipe to deadlock on, no size limit but the disk's); the wait
 * status, or -1 with why
 */
static int spawn(char **argv, GString *out, GString *err_text, char *why, size_t whylen)
{
    FILE   *fout = tmpfile(), *ferr = tmpfile();
    GError *err = NULL;
    GPid    pid;
    int     status = -1;

    if (fout == NULL || ferr == NULL) {
	snprintf(why, whylen, "cannot make a temporary file: %s", g_strerror(errno));
    } else if (!g_spawn_async_with_fds(NULL, argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL,
				       NULL, &pid, -1, fileno(fout), fileno(ferr), &err)) {
	snprintf(why, whylen, "cannot run %s: %s", argv[0], err->message);
	g_error_free(err);
    } else {
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
	    /* void */ ;
	g_spawn_close_pid(pid);
	if (out != NULL)
	    slurp(fout, out);
	slurp(ferr, err_text);
    }
    if (fout != NULL)
	fclose(fout);
    if (ferr != NULL)
	fclose(ferr);
    return status;
}

/* cli_postfix_run - fork and exec one tool, collect its output */
int     cli_postfix_run(const char *config_dir, GString *out, char *why, size_t whylen,
			const char *name,...)
{
    GPtrArray *argv = g_ptr_array_new();
    GString *err_text = g_string_new(NULL);
    char   *path = find_tool(name);
    const char *arg;
    va_list ap;
    int     status, rc = -1;

    if (path == NULL) {
	snprintf(why, whylen, "%s not found (is Postfix installed?)", name);
	goto out;
    }
    g_ptr_array_add(argv, path);
    if (config_dir != NULL) {
	g_ptr_array_add(argv, "-c");
	g_ptr_array_add(argv, (char *) config_dir);
    }
    va_start(ap, name);
    while ((arg = va_arg(ap, const char *)) != NULL)
	g_ptr_array_add(argv, (char *) arg);
    va_end(ap);
    g_ptr_array_add(argv, NULL);
    if ((status = spawn((char **) argv->pdata, out, err_text, why, whylen)) == -1)
	goto out;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
	first_line(err_text->str, why, whylen, name, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    else
	rc = 0;
out:
    g_free(path);
    g_ptr_array_free(argv, TRUE);
    g_string_free(err_text, TRUE);
    return rc;
}

/*
 * A reader of one postqueue -j line.  p moves on; every function returns
 * 0 or -1 on malformed input.
 */
typedef struct json_in {
    const char *p;
    const char *end;
} json_in;

/* json_ws - skip white space; the next byte, or 0 at the end */
static int json_ws(json_in *in)
{
    while (in->p < in->end && (*in->p == ' ' || *in->p == '\t' || *in->p == '\r'))
	in->p++;
    return in->p < in->end ? (unsigned char) *in->p : 0;
}

/* json_hex4 - four hex digits */
static int json_hex4(json_in *in, gunichar *c)
{
    int     i;

    if (in->end - in->p < 4)
	return -1;
    for (*c = 0, i = 0; i < 4; i++, in->p++) {
	if (!g_ascii_isxdigit(*in->p))
	    return -1;
	*c = *c * 16 + (gunichar) g_ascii_xdigit_value(*in->p);
    }
    return 0;
}

/* json_string - a string, decoded into out (NULL: skipped) */
static int json_string(json_in *in, GString *out)
{
    static const char esc[] = "\"\"\\\\//b\bf\fn\nr\rt\t";
    const char *e;
    gunichar c, lo;

    if (json_ws(in) != '"')
	return -1;
    for (in->p++; in->p < in->end && *in->p != '"'; in->p++) {
	if (*in->p != '\\') {
	    if (out)
		g_string_append_c(out, *in->p);
	    continue;
	}
	if (++in->p >= in->end)
	    return -1;
	if (*in->p != 'u') {
	    for (e = esc; *e && *e != *in->p; e += 2)
		;
	    if (!*e)
		return -1;
	    if (out)
		g_string_append_c(out, e[1]);
	    continue;
	}
	in->p++;
	if (json_hex4(in, &c) < 0)
	    return -1;
	if (c >= 0xd800 && c < 0xdc00 && in->end - in->p >= 6 && in->p[0] == '\\'
	    && in->p[1] == 'u') {
	    in->p += 2;
	    if (json_hex4(in, &lo) < 0 || lo < 0xdc00 || lo > 0xdfff)
		return -1;
	    c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
	}
	if (out)
	    g_string_append_unichar(out, c >= 0xd800 && c < 0xe000 ? 0xfffd : c);
	in->p--;
    }
    if (in->p >= in->end)
	return -1;
    in->p++;
    return 0;
}

/* json_number - a number (integer part kept) */
static int json_number(json_in *in, long long *value)
{
    char   *end;

    json_ws(in);
    errno = 0;
    *value = strtoll(in->p, &end, 10);
    if (end == in->p || errno)
	return -1;
    in->p = end;
    while (in->p < in->end && strchr("0123456789.eE+-", *in->p))
	in->p++;
    return 0;
}

static int json_skip(json_in *in, int depth);

/*
 * json_members - an object ({...}, open = '{') or array ('['): each
 * member's name (objects) goes to member(), which reads its value
 */
static int json_members(json_in *in, int open, int depth,
			int (*member) (json_in *, const char *, void *), void *ctx)
{
    GString *name = g_string_new(NULL);
    int     close = open == '{' ? '}' : ']', first = 1, rc = -1;

    if (depth > JSON_DEPTH || json_ws(in) != open)
	goto out;
    in->p++;
    for (;;) {
	if (json_ws(in) == close) {
	    in->p++;
	    rc = 0;
	    break;
	}
	if (!first) {
	    if (json_ws(in) != ',')
		break;
	    in->p++;
	}
	first = 0;
	g_string_truncate(name, 0);
	if (open == '{') {
	    if (json_string(in, name) < 0 || json_ws(in) != ':')
		break;
	    in->p++;
	}
	if ((member ? member(in, name->str, ctx) : json_skip(in, depth + 1)) < 0)
	    break;
    }
out:
    g_string_free(name, TRUE);
    return rc;
}

/* json_skip - any value */
static int json_skip(json_in *in, int depth)
{
    long long n;

    switch (json_ws(in)) {
    case '"':
	return json_string(in, NULL);
    case '{':
    case '[':
	return json_members(in, *in->p, depth, NULL, NULL);
    case 't':
    case 'f':
    case 'n':
	while (in->p < in->end && g_ascii_isalpha(*in->p))
	    in->p++;
	return 0;
    default:
	return json_number(in, &n);
    }
}

/* One message as it is read, and its queue. */
typedef struct json_msg {
    cli_held *held;
    GString *queue;
} json_msg;

/* recipient_member - "address" of one recipient */
static int recipient_member(json_in *in, const char *name, void *ctx)
{
    GString *addr;

    if (strcmp(name, "address") != 0)
	return json_skip(in, 3);
    addr = g_string_new(NULL);
    if (json_string(in, addr) < 0) {
	g_string_free(addr, TRUE);
	return -1;
    }
    g_ptr_array_add(((cli_held *) ctx)->recipients, g_string_free(addr, FALSE));
    return 0;
}

/* recipient - one element of "recipients" */
static int recipient(json_in *in, const char *unused, void *ctx)
{
    return json_members(in, '{', 2, recipient_member, ctx);
}

/* message_member - the members of one message that are kept */
static int message_member(json_in *in, const char *name, void *ctx)
{
    json_msg *msg = ctx;
    GString *s;

    if (strcmp(name, "recipients") == 0)
	return json_members(in, '[', 1, recipient, msg->held);
    if (strcmp(name, "arrival_time") == 0)
	return json_number(in, &msg->held->arrival_time);
    if (strcmp(name, "queue_name") == 0)
	return json_string(in, msg->queue);
    if (strcmp(name, "queue_id") != 0 && strcmp(name, "sender") != 0)
	return json_skip(in, 1);
    s = g_string_new(NULL);
    if (json_string(in, s) < 0) {
	g_string_free(s, TRUE);
	return -1;
    }
    g_free(*name == 'q' ? msg->held->queue_id : msg->held->sender);
    *(*name == 'q' ? &msg->held->queue_id : &msg->held->sender) = g_string_free(s, FALSE);
    return 0;
}

/* held_free - free one cli_held */
static void held_free(gpointer data)
{
    cli_held *held = data;

    g_free(held->queue_id);
    g_free(held->sender);
    g_ptr_array_unref(held->recipients);
    g_free(held);
}

/* cli_postfix_held - postqueue -j, the hold queue only */
GPtrArray *cli_postfix_held(const char *config_dir, char *why, size_t whylen)
{
    GString *out = g_string_new(NULL);
    GPtrArray *list;
    char  **lines, **line;
    json_msg msg;
    json_in in;

    if (cli_postfix_run(config_dir, out, why, whylen, "postqueue", "-j", NULL) < 0) {
	g_string_free(out, TRUE);
	return NULL;
    }
    list = g_ptr_array_new_with_free_func(held_free);
    msg.queue = g_string_new(NULL);
    lines = g_strsplit(out->str, "\n", -1);
    for (line = lines; *line != NULL; line++) {
	if (**line == 0)
	    continue;
	msg.held = g_new0(cli_held, 1);
	msg.held->recipients = g_ptr_array_new_with_free_func(g_free);
	g_string_truncate(msg.queue, 0);
	in.p = *line;
	in.end = *line + strlen(*line);
	if (json_members(&in, '{', 0, message_member, &msg) < 0 || json_ws(&in) != 0
	    || msg.held->queue_id == NULL || msg.held->sender == NULL) {
	    snprintf(why, whylen, "postqueue -j: cannot read line %d",
		     (int) (line - lines) + 1);
	    held_free(msg.held);
	    g_ptr_array_unref(list);
	    list = NULL;
	    break;
	}
	if (strcmp(msg.queue->str, "hold") == 0)
	    g_ptr_array_add(list, msg.held);
	else
	    held_free(msg.held);
    }
    g_strfreev(lines);
    g_string_free(msg.queue, TRUE);
    g_string_free(out, TRUE);
    return list;
}

/* cli_postfix_find - by queue id */
const cli_held *cli_postfix_find(const GPtrArray *held, const char *id)
{
    guint   i;

    for (i = 0; i < held->len; i++)
	if (strcmp(((cli_held *) g_ptr_array_index(held, i))->queue_id, id) == 0)
	    return g_ptr_array_index(held, i);
    return NULL;
}

/* put_record - one Postfix queue-file record: type, length (7 bits a byte, low first), data */
static void put_record(GString *out, int type, const char *data, size_t len)
{
    size_t  rest = len;

    g_string_append_c(out, (char) type);
    do {
	int     byte = rest & 0177;

	if (rest >>= 7)
	    byte |= 0200;
	g_string_append_c(out, (char) byte);
    } while (rest != 0);
    g_string_append_len(out, data, (gssize) len);
}

/* put_line - one content line, in pieces (CONT records) past RECORD_CHUNK */
static void put_line(GString *out, const char *line, size_t len)
{
    while (len > RECORD_CHUNK) {
	put_record(out, 'L', line, RECORD_CHUNK);
	line += RECORD_CHUNK;
	len -= RECORD_CHUNK;
    }
    put_record(out, 'N', line, len);
}

/*
 * requeue_file - the maildrop file's records, as sendmail -G and postdrop
 * write them: time, sender, rewrite context, recipients, content
 */
static GString *requeue_file(const cli_held *held, const char *header, const GString *content)
{
    GString *out = g_string_new(NULL);
    const char *p = content->str, *end = content->str + content->len, *nl;
    char    text[64];
    guint   i;

    snprintf(text, sizeof(text), "%lld 0", (long long) time(NULL));
    put_record(out, 'T', text, strlen(text));
    put_record(out, 'S', held->sender, strlen(held->sender));
    put_record(out, 'A', "rewrite_context=remote", strlen("rewrite_context=remote"));
    for (i = 0; i < held->recipients->len; i++) {
	const char *rcpt = g_ptr_array_index(held->recipients, i);

	put_record(out, 'R', rcpt, strlen(rcpt));
    }
    put_record(out, 'M', "", 0);
    put_line(out, header, strlen(header));
    for (; p < end; p = nl + 1) {
	if ((nl = memchr(p, '\n', (size_t) (end - p))) == NULL)
	    nl = end;
	put_line(out, p, (size_t) (nl - p));
    }
    put_record(out, 'X', "", 0);
    put_record(out, 'E', "", 0);
    return out;
}

/* postconf_value - one main.cf parameter (postconf -h) */
static char *postconf_value(const char *config_dir, const char *name, char *why, size_t whylen)
{
    GString *out = g_string_new(NULL);

    if (cli_postfix_run(config_dir, out, why, whylen, "postconf", "-h", name, NULL) < 0) {
	g_string_free(out, TRUE);
	return NULL;
    }
    g_strchomp(out->str);
    return g_string_free(out, FALSE);
}

/*
 * write_maildrop - the records into maildrop/NAME, owned by owner, mode
 * 0600 (not ready); the open descriptor, or -1
 */
static int write_maildrop(const char *path, const GString *data, const struct passwd *owner,
			  char *why, size_t whylen)
{
    int     fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0600);

    if (fd < 0) {
	snprintf(why, whylen, "cannot create %s: %s", path, g_strerror(errno));
	return -1;
    }
    if (write(fd, data->str, data->len) != (ssize_t) data->len || fsync(fd) < 0
	|| fchown(fd, owner->pw_uid, owner->pw_gid) < 0) {
	snprintf(why, whylen, "cannot write %s: %s", path, g_strerror(errno));
	close(fd);
	unlink(path);
	return -1;
    }
    return fd;
}

/* cli_postfix_release - requeue with the header, then drop the held copy */
int     cli_postfix_release(const char *config_dir, const cli_held *held,
			    const char *header, char *why, size_t whylen)
{
    GString *content = g_string_new(NULL);
    GString *file = NULL;
    char   *queue_dir = NULL, *owner_name = NULL, *path = NULL;
    struct passwd *owner;
    int     fd, rc = -1;

    if (held->recipients->len == 0) {
	snprintf(why, whylen, "%s has no recipient left", held->queue_id);
	goto out;
    }
    if (cli_postfix_run(config_dir, content, why, whylen, "postcat", "-hbq",
			held->queue_id, NULL) < 0
	|| (queue_dir = postconf_value(config_dir, "queue_directory", why, whylen)) == NULL
	|| (owner_name = postconf_value(config_dir, "mail_owner", why, whylen)) == NULL)
	goto out;
    if ((owner = getpwnam(owner_name)) == NULL) {
	snprintf(why, whylen, "mail_owner %s: no such user", owner_name);
	goto out;
    }
    /* A maildrop name no Postfix program makes: the id, R, our pid. */
    path = g_strdup_printf("%s/maildrop/%sR%ld", queue_dir, held->queue_id,
			   (long) getpid() % 100000);
    file = requeue_file(held, header, content);
    if ((fd = write_maildrop(path, file, owner, why, whylen)) < 0)
	goto out;
    if (cli_postfix_run(config_dir, NULL, why, whylen, "postsuper", "-d", held->queue_id,
			"hold", NULL) < 0) {
	unlink(path);
	close(fd);
	goto out;
    }
    if (fchmod(fd, 0700) < 0) {
	snprintf(why, whylen, "%s deleted from hold, but %s cannot be marked ready: %s",
		 held->queue_id, path, g_strerror(errno));
	close(fd);
	goto out;
    }
    close(fd);
    /* pickup looks every minute anyway: a failed wake-up delays, no more. */
    (void) cli_postfix_run(config_dir, NULL, why, whylen, "postkick", "public", "pickup",
			   "W", NULL);
    rc = 0;
out:
    g_string_free(content, TRUE);
    if (file != NULL)
	g_string_free(file, TRUE);
    g_free(queue_dir);
    g_free(owner_name);
    g_free(path);
    return rc;
}
