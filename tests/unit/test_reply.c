/* test_reply.c — the one rule that maps a domain status to the HTTP answer
 * (web.h: web_status_code, which reply_status answers with). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "web/web.h"

static void statuses_map_by_one_rule(void **state)
{
	(void)state;
	/* A resource the reader may not see: its existence is not revealed. */
	assert_int_equal(web_status_code(ST_NOT_FOUND), 404);
	/* A capability the reader's role lacks. */
	assert_int_equal(web_status_code(ST_DENIED), 403);
	assert_int_equal(web_status_code(ST_CONFLICT), 409);
	assert_int_equal(web_status_code(ST_INVALID), 400);
	assert_int_equal(web_status_code(ST_BUSY), 503);
	assert_int_equal(web_status_code(ST_INTERNAL), 500);
	/* Not an error at all: a caller's bug, answered as ours. */
	assert_int_equal(web_status_code(ST_OK), 500);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(statuses_map_by_one_rule),
	};
	return cmocka_run_group_tests_name("reply", tests, NULL, NULL);
}
