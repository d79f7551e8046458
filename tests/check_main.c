/*
 * NAME
 *	check_main 3
 * SUMMARY
 *	the one main() of the Check unit-test programs
 * SYNOPSIS
 *	int	main(int argc, char **argv)
 * DESCRIPTION
 *	Runs the program's setup, its suite (forking per test unless the
 *	program asks for one process or CK_FORK=no says so), its teardown
 *	and its report.  Exit status: 0 when every test passed, 1 when one
 *	failed or setup failed, 77 when setup says the program cannot run
 *	here (the Automake harness counts that as a skip).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"

/* rp_test_shipped_engine - the shipped rules, the test config; NULL: said why */
rp_engine *rp_test_shipped_engine(void)
{
    rp_engine *engine;
    rp_error err;

    memset(&err, 0, sizeof(err));
    if (rp_engine_load(RP_TEST_DATA_DIR "/regphish-test.conf", RP_TEST_RULES_DIR,
		       &engine, &err) != RP_OK) {
	fprintf(stderr, "load: %s:%u: %s\n", err.file, err.line, err.message);
	return NULL;
    }
    return engine;
}

rp_engine *rp_test_engine;

/* rp_test_engine_load - fixture: the shipped engine, or abort */
void    rp_test_engine_load(void)
{
    if ((rp_test_engine = rp_test_shipped_engine()) == NULL)
	abort();
}

/* rp_test_engine_free - fixture: release it */
void    rp_test_engine_free(void)
{
    rp_engine_free(rp_test_engine);
    rp_test_engine = NULL;
}

int     main(int argc, char **argv)
{
    SRunner *sr;
    int     failed, status;

    if (rp_test.setup != NULL && (status = rp_test.setup(argc, argv)) != 0)
	return status == 77 ? 77 : 1;
    sr = srunner_create(rp_test.suite());
    if (rp_test.nofork)
	srunner_set_fork_status(sr, CK_NOFORK);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    if (rp_test.teardown != NULL)
	rp_test.teardown();
    if (rp_test.report != NULL)
	rp_test.report();
    return failed ? 1 : 0;
}
