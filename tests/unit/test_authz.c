/* test_authz.c — the capability table and the one authorization function. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/authz.h"

static void every_capability_is_described(void **state)
{
	(void)state;
	for (int c = 0; c < CAP_COUNT; c++) {
		const capability_info *info = authz_info((enum capability)c);
		assert_non_null(info->id);
		assert_non_null(info->what);
		assert_true(info->citizen || info->staff_roles != 0 || info->provider);
	}
	assert_null(authz_info(CAP_COUNT));
}

static void anonymous_gets_only_public(void **state)
{
	(void)state;
	ctx x = {0};
	assert_int_equal(authz_check(&x, CAP_PUBLIC), ST_OK);
	for (int c = 1; c < CAP_COUNT; c++)
		assert_int_equal(authz_check(&x, (enum capability)c), ST_DENIED);
}

static void citizen_needs_the_capability_on_the_subject(void **state)
{
	(void)state;
	ctx x = {.who = {.kind = ACTOR_CITIZEN, .person_id = 1}, .subject_id = 1, .access = authz_citizen_all()};
	assert_int_equal(authz_check(&x, CAP_H2_RESULTS), ST_OK);
	assert_int_equal(authz_check(&x, CAP_W2_PATIENT_CHART), ST_DENIED);
	/* Acting for someone with appointments-only access. */
	x.subject_id = 2;
	x.access = CAP_BIT(CAP_P1_APPOINTMENTS) | CAP_BIT(CAP_M2_MESSAGES);
	assert_int_equal(authz_check(&x, CAP_P1_APPOINTMENTS), ST_OK);
	assert_int_equal(authz_check(&x, CAP_H2_RESULTS), ST_DENIED);
}

static void staff_roles_decide(void **state)
{
	(void)state;
	ctx x = {.who = {.kind = ACTOR_STAFF, .staff_id = 1, .roles = ROLE_OFFICE}};
	assert_int_equal(authz_check(&x, CAP_W2_PATIENT_CHART), ST_OK);
	assert_int_equal(authz_check(&x, CAP_K2_CASEWORK), ST_DENIED);
	assert_int_equal(authz_check(&x, CAP_H2_RESULTS), ST_DENIED);
	x.who.roles = ROLE_CASEWORKER;
	assert_int_equal(authz_check(&x, CAP_K2_CASEWORK), ST_OK);
	assert_int_equal(authz_check(&x, CAP_ADMIN), ST_DENIED);
	assert_int_equal(authz_check(&x, CAP_COUNT), ST_DENIED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(every_capability_is_described),
	    cmocka_unit_test(anonymous_gets_only_public),
	    cmocka_unit_test(citizen_needs_the_capability_on_the_subject),
	    cmocka_unit_test(staff_roles_decide),
	};
	return cmocka_run_group_tests_name("authz", tests, NULL, NULL);
}
