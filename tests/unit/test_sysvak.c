/* test_sysvak.c — the immunisation registry's line format
 * (integrations/sysvak.h): quoting, every field's rule, and what the parser
 * refuses. The import itself is tested in tests/cli/sysvak.test.mjs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/core.h"
#include "integrations/sysvak.h"

static enum sysvak_error parse(arena *a, const char *line, sysvak_record *r)
{
	return sysvak_parse_line(a, line, strlen(line), r);
}

static void a_plain_and_a_quoted_line(void **state)
{
	(void)state;
	arena *a = arena_new();
	sysvak_record r;
	assert_int_equal(parse(a, "12848649994,J07BB02,Influvac Tetra,2025-10-20,1,X25F0931", &r), SYSVAK_OK);
	assert_string_equal(r.nin, "12848649994");
	assert_string_equal(r.atc, "J07BB02");
	assert_string_equal(r.vaccine, "Influvac Tetra");
	assert_string_equal(r.given_on, "2025-10-20");
	assert_int_equal(r.dose, 1);
	assert_string_equal(r.batch, "X25F0931");
	assert_true(r.synthetic);
	assert_int_equal(parse(a, "31129956715,J07BD52,\"Priorix (a, \"\"b\"\")\",2022-09-15,20,\r", &r), SYSVAK_OK);
	assert_string_equal(r.vaccine, "Priorix (a, \"b\")");
	assert_int_equal(r.dose, 20);
	assert_null(r.batch);
	assert_false(r.synthetic);
	arena_free(a);
}

static void each_rule_is_its_own_error(void **state)
{
	(void)state;
	arena *a = arena_new();
	sysvak_record r;
	static const struct {
		const char *line;
		enum sysvak_error want;
	} cases[] = {
	    {"12848649995,J07BB02,I,2025-10-20,1,X", SYSVAK_ERR_NIN},
	    {"1284864999,J07BB02,I,2025-10-20,1,X", SYSVAK_ERR_NIN},
	    {"12848649994,N02BE01,I,2025-10-20,1,X", SYSVAK_ERR_ATC},
	    {"12848649994,j07bb02,I,2025-10-20,1,X", SYSVAK_ERR_ATC},
	    {"12848649994,J07BB02,,2025-10-20,1,X", SYSVAK_ERR_VACCINE},
	    {"12848649994,J07BB02,I\tI,2025-10-20,1,X", SYSVAK_ERR_VACCINE},
	    {"12848649994,J07BB02,I,2025-02-29,1,X", SYSVAK_ERR_DATE},
	    {"12848649994,J07BB02,I,20.10.2025,1,X", SYSVAK_ERR_DATE},
	    {"12848649994,J07BB02,I,2025-10-20,0,X", SYSVAK_ERR_DOSE},
	    {"12848649994,J07BB02,I,2025-10-20,21,X", SYSVAK_ERR_DOSE},
	    {"12848649994,J07BB02,I,2025-10-20,01,X", SYSVAK_ERR_DOSE},
	    {"12848649994,J07BB02,I,2025-10-20,1,X;Y", SYSVAK_ERR_BATCH},
	    {"12848649994,J07BB02,I,2025-10-20,1", SYSVAK_ERR_FIELDS},
	    {"12848649994,J07BB02,I,2025-10-20,1,X,extra", SYSVAK_ERR_FIELDS},
	    {"12848649994,J07BB02,\"I,2025-10-20,1,X", SYSVAK_ERR_QUOTE},
	    {"12848649994,J07BB02,\"I\"x,2025-10-20,1,X", SYSVAK_ERR_QUOTE},
	    {"12848649994,J07BB02,I\"x,2025-10-20,1,X", SYSVAK_ERR_QUOTE},
	    {"12848649994,J07BB02,\xff,2025-10-20,1,X", SYSVAK_ERR_UTF8},
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		if (parse(a, cases[i].line, &r) != cases[i].want)
			fail_msg("case %zu: got %d", i, parse(a, cases[i].line, &r));
		assert_string_not_equal(sysvak_error_text(cases[i].want), "ok");
	}
	char long_line[SYSVAK_LINE_MAX + 10];
	memset(long_line, 'x', sizeof long_line - 1);
	long_line[sizeof long_line - 1] = '\0';
	assert_int_equal(parse(a, long_line, &r), SYSVAK_ERR_TOO_LONG);
	arena_free(a);
}

static void header_blank_and_comment_lines(void **state)
{
	(void)state;
	assert_true(sysvak_is_header(sysvak_header, strlen(sysvak_header)));
	assert_true(sysvak_is_header("nin,atc,vaccine,given_on,dose,batch\r", 36));
	assert_false(sysvak_is_header("nin,atc,vaccine,given_on,dose", 29));
	assert_true(sysvak_skip_line("", 0));
	assert_true(sysvak_skip_line("  \t\r", 4));
	assert_true(sysvak_skip_line("  # comment", 11));
	assert_false(sysvak_skip_line("1,2", 3));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(a_plain_and_a_quoted_line),
	    cmocka_unit_test(each_rule_is_its_own_error),
	    cmocka_unit_test(header_blank_and_comment_lines),
	};
	return cmocka_run_group_tests_name("sysvak", tests, NULL, NULL);
}
