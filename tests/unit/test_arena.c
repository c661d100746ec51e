/* test_arena.c — bump allocation, and texts formatted into it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"

/* Texts formatted one after another keep their own bytes: a short one
 * formatted in place does not run into the next allocation. */
static void texts_do_not_overlap(void **state)
{
	(void)state;
	arena *a = arena_new();
	char *first = arena_printf(a, "%s %d", "kl.", 9);
	char *zeroed = arena_alloc(a, 40);
	char *second = arena_printf(a, "%02d.%02d", 7, 5);
	assert_string_equal(first, "kl. 9");
	assert_string_equal(second, "07.05");
	for (int i = 0; i < 40; i++)
		assert_int_equal(zeroed[i], 0);
	assert_true((uintptr_t)zeroed % 16 == 0);
	assert_true((uintptr_t)second % 16 == 0);
	arena_free(a);
}

/* Texts longer than the room left, and longer than a whole block, are
 * formatted whole; the room they did not fit in stays usable. */
static void long_texts_whole(void **state)
{
	(void)state;
	arena *a = arena_new();
	for (int round = 0; round < 3; round++) {
		char *texts[200];
		for (int i = 0; i < 200; i++)
			texts[i] = arena_printf(a, "%0*d", 10 + i * 7, i);
		for (int i = 0; i < 200; i++) {
			assert_int_equal(strlen(texts[i]), (size_t)(10 + i * 7));
			assert_int_equal(texts[i][strlen(texts[i]) - 1], '0' + i % 10);
		}
		char *big = arena_printf(a, "%040000d|", 1);
		assert_int_equal(strlen(big), 40001);
		assert_int_equal(big[40000], '|');
		assert_string_equal(arena_printf(a, "%s", ""), "");
		arena_reset(a);
	}
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(texts_do_not_overlap),
	    cmocka_unit_test(long_texts_whole),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
