/* test_clock.c — calendar arithmetic, parsing and the Oslo day. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/clock.h"

static void days_round_trip(void **state)
{
	(void)state;
	assert_int_equal(date_to_days((date){1970, 1, 1}), 0);
	assert_int_equal(date_to_days((date){2000, 3, 1}), 11017);
	for (int64_t d = -100000; d < 100000; d += 37) {
		date x = date_from_days(d);
		assert_true(date_valid(x) || x.year < 1800 || x.year > 2200);
		assert_int_equal(date_to_days(x), d);
	}
}

/* Every field zero-padded to its width, at the edges of a day. */
static void formats_pad(void **state)
{
	(void)state;
	char ts[21], day[11];
	time_format(0, ts);
	assert_string_equal(ts, "1970-01-01T00:00:00Z");
	time_format(86399, ts);
	assert_string_equal(ts, "1970-01-01T23:59:59Z");
	time_format(-1, ts);
	assert_string_equal(ts, "1969-12-31T23:59:59Z");
	time_format(1796718005, ts);
	assert_string_equal(ts, "2026-12-08T08:20:05Z");
	date_format((date){905, 3, 7}, day);
	assert_string_equal(day, "0905-03-07");
}

static void parse_and_format(void **state)
{
	(void)state;
	date d;
	assert_true(date_parse("2024-02-29", &d));
	assert_false(date_parse("2023-02-29", &d));
	assert_false(date_parse("2024-13-01", &d));
	assert_false(date_parse("2024-1-01", &d));
	assert_false(date_parse("2024-01-01x", &d));
	char out[11];
	date_format((date){2026, 11, 22}, out);
	assert_string_equal(out, "2026-11-22");
	unix_time t;
	assert_true(time_parse("2026-11-22T10:15:30Z", &t));
	char ts[21];
	time_format(t, ts);
	assert_string_equal(ts, "2026-11-22T10:15:30Z");
	assert_true(time_parse("0", &t));
	assert_int_equal(t, 0);
	assert_false(time_parse("2026-11-22 10:15:30", &t));
	assert_false(time_parse("2026-11-22T25:00:00Z", &t));
}

static void oslo_day_changes_at_local_midnight(void **state)
{
	(void)state;
	unix_time t;
	/* Winter: UTC+1. 23:30 UTC on 14 Jan is already 15 Jan in Oslo. */
	assert_true(time_parse("2026-01-14T23:30:00Z", &t));
	date d = date_in_oslo(t);
	assert_int_equal(d.day, 15);
	assert_true(time_parse("2026-01-14T22:59:59Z", &t));
	assert_int_equal(date_in_oslo(t).day, 14);
	/* Summer: UTC+2. */
	assert_true(time_parse("2026-07-14T22:00:00Z", &t));
	assert_int_equal(date_in_oslo(t).day, 15);
	assert_true(time_parse("2026-07-14T21:59:59Z", &t));
	assert_int_equal(date_in_oslo(t).day, 14);
}

static void minute_of_day_reads_hh_mm(void **state)
{
	(void)state;
	assert_int_equal(minute_of_day("00:00"), 0);
	assert_int_equal(minute_of_day("09:05"), 545);
	assert_int_equal(minute_of_day("23:59"), 1439);
	const char *bad[] = {NULL, "", "24:00", "12:60", "9:05", "09:5", "09-05", "09:05 ", "+9:05", "0a:00", "12:345"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(minute_of_day(bad[i]), -1);
}

static void age_counts_completed_years(void **state)
{
	(void)state;
	date birth = {2010, 11, 23};
	assert_int_equal(age_on(birth, (date){2026, 11, 22}), 15);
	assert_int_equal(age_on(birth, (date){2026, 11, 23}), 16);
	assert_int_equal(age_on((date){2008, 2, 29}, (date){2024, 2, 28}), 15);
	assert_int_equal(age_on((date){2008, 2, 29}, (date){2024, 2, 29}), 16);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(days_round_trip),
	    cmocka_unit_test(parse_and_format),
	    cmocka_unit_test(formats_pad),
	    cmocka_unit_test(oslo_day_changes_at_local_midnight),
	    cmocka_unit_test(minute_of_day_reads_hh_mm),
	    cmocka_unit_test(age_counts_completed_years),
	};
	return cmocka_run_group_tests_name("clock", tests, NULL, NULL);
}
