/* test_problems.c — the problems of a refused change (domain/problems.h):
 * one per field, the first found; the bound; and the checks forms share. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "domain/problems.h"

static void one_problem_per_field_the_first(void **state)
{
	(void)state;
	problems p = {0};
	problems_add(&p, "street", "settings.error.address_part", 0);
	problems_add(&p, "city", "form.error.too_long", 50);
	problems_add(&p, "street", "form.error.charset", 0); /* street has one */
	assert_int_equal(p.n, 2);
	assert_string_equal(p.items[0].field, "street");
	assert_string_equal(p.items[0].key, "settings.error.address_part");
	assert_string_equal(p.items[1].field, "city");
	assert_int_equal(p.items[1].max, 50);
	problems_add(NULL, "street", "form.error.required", 0); /* nobody asked: nothing happens */
}

static void past_the_bound_problems_are_dropped(void **state)
{
	(void)state;
	static problems p;
	static char names[PROBLEMS_MAX + 5][16];
	for (int i = 0; i < PROBLEMS_MAX + 5; i++) {
		snprintf(names[i], sizeof names[i], "a%d", i);
		problems_add(&p, names[i], "form.error.required", 0);
	}
	assert_int_equal(p.n, PROBLEMS_MAX);
	assert_string_equal(p.items[PROBLEMS_MAX - 1].field, names[PROBLEMS_MAX - 1]);
}

static void text_is_clean_and_within_bounds(void **state)
{
	(void)state;
	problems p = {0};
	assert_true(problems_check_text(&p, "note", NULL, 2, 10, false));         /* not given */
	assert_true(problems_check_text(&p, "note", "Hei på deg", 2, 10, false)); /* 10 characters */
	assert_int_equal(p.n, 0);
	assert_false(problems_check_text(&p, "a", "Hei på deg!", 2, 10, false));
	assert_string_equal(p.items[0].key, "form.error.too_long");
	assert_int_equal(p.items[0].max, 10);
	assert_false(problems_check_text(&p, "b", "x", 2, 10, false));
	assert_string_equal(p.items[1].key, "record.error.too_short");
	assert_int_equal(p.items[1].max, 2);
	assert_false(problems_check_text(&p, "c", "to\nlinjer", 0, 100, false));
	assert_string_equal(p.items[2].key, "form.error.charset");
	assert_true(problems_check_text(&p, "d", "to\nlinjer", 0, 100, true));
	assert_int_equal(p.n, 3);
}

static void choices_and_dates(void **state)
{
	(void)state;
	static const char *const kinds[] = {"short_term", "long_term", NULL};
	problems p = {0};
	assert_true(problems_check_choice(&p, "kind", "long_term", kinds));
	assert_false(problems_check_choice(&p, "kind", "forever", kinds));
	assert_false(problems_check_choice(&p, "other", NULL, kinds));
	assert_string_equal(p.items[0].key, "form.error.choice");
	assert_string_equal(p.items[1].key, "form.error.required");

	problems d = {0};
	assert_true(problems_check_date(&d, "since", NULL, false));
	assert_true(problems_check_date(&d, "since", "2024-02-29", true));
	assert_false(problems_check_date(&d, "from", NULL, true));
	assert_false(problems_check_date(&d, "to", "2023-02-29", false));
	assert_false(problems_check_date(&d, "on", "29.02.2024", false));
	assert_int_equal(d.n, 3);
	assert_string_equal(d.items[0].key, "form.error.required");
	assert_string_equal(d.items[1].key, "form.error.date_invalid");
	assert_string_equal(d.items[2].key, "form.error.date_invalid");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(one_problem_per_field_the_first),
	    cmocka_unit_test(past_the_bound_problems_are_dropped),
	    cmocka_unit_test(text_is_clean_and_within_bounds),
	    cmocka_unit_test(choices_and_dates),
	};
	return cmocka_run_group_tests_name("problems", tests, NULL, NULL);
}
