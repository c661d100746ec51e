/* unit_arena.h — the arena a unit test file's tests share, made before the
 * group and freed after it (cmocka_run_group_tests(tests, setup, teardown)),
 * with the log quiet but for errors. Included by one test file each. */
#ifndef HELSAMI_TESTS_UNIT_ARENA_H
#define HELSAMI_TESTS_UNIT_ARENA_H

#include "core/arena.h"
#include "core/log.h"

static arena *A;

static int setup(void **state)
{
	(void)state;
	log_set_level(LOG_ERROR);
	A = arena_new();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	arena_free(A);
	return 0;
}

#endif
