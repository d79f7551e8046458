/*
 * NAME
 *	main 1
 * SUMMARY
 *	replay fuzzer inputs without libFuzzer (make check)
 * SYNOPSIS
 *	<target>_fuzzer [file-or-dir...]
 * DESCRIPTION
 *	Linked into each target when not building for fuzzing, so that
 *	make check (and the sanitizer build, and valgrind) runs every seed
 *	and every kept crasher as a regression test.  Without arguments it
 *	replays RP_FUZZ_DIR/<target>.in/ (required) and
 *	RP_FUZZ_DIR/<target>.repro/ (optional: git keeps no empty
 *	directory), <target> being the program name without "_fuzzer".
 *	With arguments it replays those files, or the files in those
 *	directories, like a libFuzzer binary does.
 * DIAGNOSTICS
 *	One line per directory with the count of inputs replayed.  Exit 0,
 *	or 99 (hard error) when an input cannot be read; a bug in the code
 *	under test shows as a crash, a sanitizer report or a valgrind error.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"
#include "rp_util.h"

/* LLVMFuzzerInitialize is optional in a target, as with libFuzzer. */
extern int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

/*
 * replay_file - run one input; 0 or -1 when unreadable.  Like libFuzzer,
 * pass a copy of exactly the input's size (no NUL after it), so that a
 * sanitizer build catches a read past the end.
 */
static int replay_file(const char *path)
{
    char   *data, *copy;
    size_t  len;

    if (rp_read_file(path, &data, &len) != 0) {
	fprintf(stderr, "%s: %s\n", path, strerror(errno));
	return -1;
    }
    copy = rp_malloc(len ? len : 1);
    memcpy(copy, data, len);
    free(data);
    LLVMFuzzerTestOneInput((const uint8_t *) copy, len);
    free(copy);
    return 0;
}

/* replay_dir - every regular file in dir, in name order; -1 on error */
static int replay_dir(const char *dir, int required)
{
    struct dirent **names;
    char    path[PATH_MAX];
    struct stat st;
    int     n, i, count = 0, status = 0;

    if ((n = scandir(dir, &names, NULL, alphasort)) < 0) {
	if (!required && errno == ENOENT)
	    return 0;
	fprintf(stderr, "%s: %s\n", dir, strerror(errno));
	return -1;
    }
    for (i = 0; i < n; i++) {
	snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name);
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
	    if (replay_file(path) != 0)
		status = -1;
	    count++;
	}
	free(names[i]);
    }
    free(names);
    printf("%s: %d inputs replayed\n", dir, count);
    return status;
}

/* replay_arg - a file or a directory named on the command line */
static int replay_arg(const char *arg)
{
    struct stat st;

    if (stat(arg, &st) == 0 && S_ISDIR(st.st_mode))
	return replay_dir(arg, 1);
    return replay_file(arg);
}

int     main(int argc, char **argv)
{
    char    target[256], dir[PATH_MAX];
    const char *base = strrchr(argv[0], '/');
    char   *suffix;
    int     i, status = 0;

    if (LLVMFuzzerInitialize)
	LLVMFuzzerInitialize(&argc, &argv);
    if (argc > 1) {
	for (i = 1; i < argc; i++)
	    if (replay_arg(argv[i]) != 0)
		status = 99;
	return status;
    }
    snprintf(target, sizeof(target), "%s", base ? base + 1 : argv[0]);
    if ((suffix = strstr(target, "_fuzzer")) != NULL)
	*suffix = 0;
    snprintf(dir, sizeof(dir), "%s/%s.in", RP_FUZZ_DIR, target);
    if (replay_dir(dir, 1) != 0)
	status = 99;
    snprintf(dir, sizeof(dir), "%s/%s.repro", RP_FUZZ_DIR, target);
    if (replay_dir(dir, 0) != 0)
	status = 99;
    return status;
}
