/* test_nin.c — national identity numbers against the examples in SPEC.md and
 * shared/reference/domain-facts.md §3. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/nin.h"

static void spec_examples_are_valid(void **state)
{
	(void)state;
	const char *valid[] = {"31129956715", "20914695016", "23079410918", "04048900181", "30108299920"};
	for (size_t i = 0; i < ARRAY_LEN(valid); i++) {
		nin_info info;
		assert_int_equal(nin_parse(valid[i], &info), NIN_OK);
		assert_false(info.rule_2032);
	}
}

static void fnr_31129956715_is_born_1899(void **state)
{
	(void)state;
	nin_info info;
	assert_int_equal(nin_parse("31129956715", &info), NIN_OK);
	assert_int_equal(info.kind, NIN_FNR);
	assert_false(info.synthetic);
	assert_true(info.birth_known);
	/* Individual number 567 with YY 99: the 500-749 series with YY >= 54 is 1854-1899. */
	assert_int_equal(info.birth.year, 1899);
	assert_int_equal(info.birth.month, 12);
	assert_int_equal(info.birth.day, 31);
}

static void rule_2032_accepts_new_k1(void **state)
{
	(void)state;
	nin_info info;
	assert_int_equal(nin_parse("30108299939", &info), NIN_OK);
	assert_true(info.rule_2032);
	assert_int_equal(nin_parse("30108299920", &info), NIN_OK);
	assert_false(info.rule_2032);
}

static void synthetic_dnumber_from_idporten_example(void **state)
{
	(void)state;
	nin_info info;
	assert_int_equal(nin_parse("47906701517", &info), NIN_OK);
	assert_int_equal(info.kind, NIN_DNR);
	assert_true(info.synthetic);
	assert_int_equal(info.birth.day, 7);
	assert_int_equal(info.birth.month, 10);
}

static void fhir_example_13057444850_fails(void **state)
{
	(void)state;
	assert_int_equal(nin_parse("13057444850", NULL), NIN_ERR_CHECK);
}

static void malformed_inputs_say_why(void **state)
{
	(void)state;
	assert_int_equal(nin_parse("", NULL), NIN_ERR_LENGTH);
	assert_int_equal(nin_parse("3112995671", NULL), NIN_ERR_LENGTH);
	assert_int_equal(nin_parse("311299567150", NULL), NIN_ERR_LENGTH);
	assert_int_equal(nin_parse("3112995671a", NULL), NIN_ERR_DIGITS);
	assert_int_equal(nin_parse("31129 56715", NULL), NIN_ERR_DIGITS);
	assert_int_equal(nin_parse("32129956715", NULL), NIN_ERR_DATE);
	assert_int_equal(nin_parse("31139956715", NULL), NIN_ERR_DATE);
	assert_int_equal(nin_parse("00129956715", NULL), NIN_ERR_DATE);
	assert_int_equal(nin_parse("31129956716", NULL), NIN_ERR_CHECK);
}

static void every_single_digit_change_is_caught(void **state)
{
	(void)state;
	char s[] = "31129956715";
	for (int i = 0; i < 11; i++) {
		char orig = s[i];
		for (char c = '0'; c <= '9'; c++) {
			if (c == orig)
				continue;
			s[i] = c;
			assert_int_not_equal(nin_parse(s, NULL), NIN_OK);
		}
		s[i] = orig;
	}
}

/* A number for birth date b with an individual number as near `individual`
 * as has check digits (about 1 in 6 has none): individual, then one below,
 * one above, two below, ... within 000-999 and at most NEAR_STEPS away.
 * False when none is found, so a broken nin_make fails the test instead of
 * looping until the runner's timeout. */
enum { NEAR_STEPS = 20 };
static bool make_near(date b, int individual, char n[12])
{
	for (int step = 0; step <= 2 * NEAR_STEPS; step++) {
		int ind = individual + (step % 2 ? -(step + 1) / 2 : step / 2);
		if (ind >= 0 && ind <= 999 && nin_make(b, ind, false, false, n))
			return true;
	}
	return false;
}

static void century_rules(void **state)
{
	(void)state;
	struct {
		int year, individual;
	} cases[] = {{1899, 600}, {1854, 749}, {1900, 0}, {1999, 499}, {2000, 500}, {2039, 999}};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		char n[12];
		date b = {cases[i].year, 6, 15};
		assert_true(make_near(b, cases[i].individual, n));
		nin_info info;
		assert_int_equal(nin_parse(n, &info), NIN_OK);
		assert_true(info.birth_known);
		assert_int_equal(info.birth.year, cases[i].year);
	}
	/* 900-999 with YY >= 40 is the 1900s: find check digits by search. */
	char n[12] = "01015095000";
	bool found = false;
	for (int k = 0; k < 100 && !found; k++) {
		n[9] = (char)('0' + k / 10);
		n[10] = (char)('0' + k % 10);
		nin_info info;
		if (nin_parse(n, &info) == NIN_OK && !info.rule_2032) {
			assert_int_equal(info.birth.year, 1950);
			found = true;
		}
	}
	assert_true(found);
}

static void generated_synthetic_numbers_validate(void **state)
{
	(void)state;
	int made = 0;
	for (int ind = 500; ind < 600; ind++) {
		char n[12];
		if (!nin_make((date){2010, 2, 28}, ind, true, false, n))
			continue;
		nin_info info;
		assert_int_equal(nin_parse(n, &info), NIN_OK);
		assert_true(info.synthetic);
		assert_int_equal(info.birth.year, 2010);
		assert_int_equal(info.birth.month, 2);
		assert_int_equal(n[2], '8'); /* month 02 + 80 */
		assert_int_equal(n[3], '2');
		made++;
	}
	assert_true(made > 70); /* roughly 10/11 x 10/11 of individual numbers have check digits */
}

static void make_refuses_out_of_range(void **state)
{
	(void)state;
	char n[12];
	assert_false(nin_make((date){1990, 1, 1}, 600, false, false, n));
	assert_false(nin_make((date){2040, 1, 1}, 600, false, false, n));
	assert_false(nin_make((date){1990, 2, 30}, 100, false, false, n));
}

static void dnumber_generation(void **state)
{
	(void)state;
	char n[12];
	bool made = false;
	for (int ind = 100; ind < 100 + NEAR_STEPS && !made; ind++)
		made = nin_make((date){1980, 1, 1}, ind, false, true, n);
	assert_true(made);
	assert_memory_equal(n, "410180", 6);
	nin_info info;
	assert_int_equal(nin_parse(n, &info), NIN_OK);
	assert_int_equal(info.kind, NIN_DNR);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(spec_examples_are_valid),
	    cmocka_unit_test(fnr_31129956715_is_born_1899),
	    cmocka_unit_test(rule_2032_accepts_new_k1),
	    cmocka_unit_test(synthetic_dnumber_from_idporten_example),
	    cmocka_unit_test(fhir_example_13057444850_fails),
	    cmocka_unit_test(malformed_inputs_say_why),
	    cmocka_unit_test(every_single_digit_change_is_caught),
	    cmocka_unit_test(century_rules),
	    cmocka_unit_test(generated_synthetic_numbers_validate),
	    cmocka_unit_test(make_refuses_out_of_range),
	    cmocka_unit_test(dnumber_generation),
	};
	return cmocka_run_group_tests_name("nin", tests, NULL, NULL);
}
