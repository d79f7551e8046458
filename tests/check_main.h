/*
 * NAME
 *	check_main 3h
 * SUMMARY
 *	the one main() of the Check unit-test programs
 * SYNOPSIS
 *	#include "check_main.h"
 * DESCRIPTION
 *	Each tests/test-*.c defines one rp_test_program named rp_test:
 *	its suite and, when it needs them, a setup run before the suite
 *	(which may skip the program, exit status 77), a teardown, and a
 *	report printed at the end.  check_main.c runs it.
 *
 *	rp_test_shipped_engine() loads the shipped rules with the test
 *	configuration (tests/regphish-test.conf), the engine most tests
 *	judge with; on failure it says why on stderr and returns NULL.
 *	rp_test_engine_load() and rp_test_engine_free() are a Check
 *	fixture holding that engine in rp_test_engine (aborting when it
 *	does not load).
 */
#ifndef CHECK_MAIN_H
#define CHECK_MAIN_H

#include <check.h>

#include "regphish.h"

typedef struct rp_test_program {
    Suite  *(*suite) (void);		/* the tests */
    int     (*setup) (int argc, char **argv);	/* NULL, or 0 (go on), 77 (skip), other (fail) */
    void    (*teardown) (void);		/* NULL, or run after the suite */
    void    (*report) (void);		/* NULL, or prints a closing line */
    int     nofork;			/* run in one process (counters, valgrind) */
} rp_test_program;

extern const rp_test_program rp_test;

extern rp_engine *rp_test_shipped_engine(void);
extern rp_engine *rp_test_engine;
extern void rp_test_engine_load(void);
extern void rp_test_engine_free(void);

#endif
