/* test_schedule.c — appointment time rules (domain/schedule.h): slots from
 * weekly templates in Norway's wall-clock time, across the daylight-saving
 * changes of 2026 (29 March and 25 October, at 01:00 UTC: the EU rule the
 * Norwegian clock follows), and the change, offer and check-in deadlines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "domain/appointments.h"
#include "domain/schedule.h"

static unix_time utc(const char *iso)
{
	unix_time t = 0;
	assert_true(time_parse(iso, &t));
	return t;
}

static void weekdays_and_wall_clock(void **state)
{
	(void)state;
	assert_int_equal(date_weekday((date){1970, 1, 1}), 4);
	assert_int_equal(date_weekday((date){2026, 12, 5}), 6);
	assert_int_equal(date_weekday((date){2026, 12, 7}), 1);
	assert_int_equal(date_weekday((date){2026, 3, 29}), 7);
	unix_time t;
	assert_true(oslo_local_time((date){2026, 12, 7}, 8 * 60, &t));
	assert_int_equal(t, utc("2026-12-07T07:00:00Z"));
	assert_true(oslo_local_time((date){2026, 6, 1}, 8 * 60, &t));
	assert_int_equal(t, utc("2026-06-01T06:00:00Z"));
	assert_false(oslo_local_time((date){2026, 3, 29}, 2 * 60 + 30, &t)); /* skipped */
	assert_true(oslo_local_time((date){2026, 10, 25}, 2 * 60 + 30, &t)); /* repeated: the first */
	assert_int_equal(t, utc("2026-10-25T00:30:00Z"));
}

static void a_week_of_mondays(void **state)
{
	(void)state;
	sched_template t = {1, 8 * 60, 11 * 60, 20};
	sched_slot s[64];
	size_t n;
	assert_true(sched_generate(&t, (date){2026, 12, 1}, (date){2026, 12, 31}, s, 64, &n));
	assert_int_equal(n, 4 * 9); /* 7, 14, 21 and 28 December */
	assert_int_equal(s[0].start, utc("2026-12-07T07:00:00Z"));
	assert_int_equal(s[0].end, utc("2026-12-07T07:20:00Z"));
	assert_int_equal(s[8].start, utc("2026-12-07T09:40:00Z"));
	assert_int_equal(s[35].end, utc("2026-12-28T10:00:00Z"));
	assert_true(sched_generate(&t, (date){2026, 12, 1}, (date){2026, 12, 31}, s, 10, &n));
	assert_int_equal(n, 10); /* bounded by max */
}

static void spring_forward_skips_the_missing_hour(void **state)
{
	(void)state;
	sched_template t = {7, 1 * 60, 4 * 60, 30};
	sched_slot s[16];
	size_t n;
	assert_true(sched_generate(&t, (date){2026, 3, 29}, (date){2026, 3, 29}, s, 16, &n));
	assert_int_equal(n, 3); /* 01:00, then 03:00 and 03:30; 01:30 would end at 02:00, which never shows */
	assert_int_equal(s[0].start, utc("2026-03-29T00:00:00Z"));
	assert_int_equal(s[1].start, utc("2026-03-29T01:00:00Z"));
	assert_int_equal(s[2].start, utc("2026-03-29T01:30:00Z"));
	for (size_t i = 0; i < n; i++)
		assert_int_equal(s[i].end - s[i].start, 30 * 60);
}

static void fall_back_keeps_every_slot_its_length(void **state)
{
	(void)state;
	sched_template t = {7, 1 * 60, 4 * 60, 30};
	sched_slot s[16];
	size_t n;
	assert_true(sched_generate(&t, (date){2026, 10, 25}, (date){2026, 10, 25}, s, 16, &n));
	assert_int_equal(n, 5);
	assert_int_equal(s[0].start, utc("2026-10-24T23:00:00Z"));
	assert_int_equal(s[2].start, utc("2026-10-25T00:00:00Z")); /* 02:00, first time round */
	assert_int_equal(s[3].start, utc("2026-10-25T02:00:00Z")); /* 03:00 winter time */
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(s[i].end - s[i].start, 30 * 60);
		if (i > 0)
			assert_true(s[i].start >= s[i - 1].end);
	}
}

static void templates_that_make_no_sense_are_refused(void **state)
{
	(void)state;
	sched_slot s[4];
	size_t n;
	const sched_template bad[] = {
	    {0, 480, 600, 20}, {8, 480, 600, 20}, {1, 600, 480, 20},  {1, 480, 490, 20},
	    {1, 480, 600, 4},  {1, -10, 600, 20}, {1, 480, 1441, 20},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_false(sched_generate(&bad[i], (date){2026, 12, 1}, (date){2026, 12, 7}, s, 4, &n));
	sched_template ok = {1, 480, 600, 20};
	assert_false(sched_generate(&ok, (date){2026, 12, 7}, (date){2026, 12, 1}, s, 4, &n));
	assert_false(sched_generate(&ok, (date){2026, 1, 1}, (date){2026, 12, 31}, s, 4, &n)); /* over half a year */
}

static void deadlines(void **state)
{
	(void)state;
	unix_time start = utc("2026-12-10T09:00:00Z");
	assert_true(sched_may_change(start - 24 * 3600 - 1, start, 24));
	assert_false(sched_may_change(start - 24 * 3600, start, 24));
	assert_true(sched_may_change(start - 1, start, 0));
	assert_false(sched_may_change(start, start, 0));

	unix_time now = utc("2026-12-10T06:00:00Z");
	assert_int_equal(sched_offer_deadline(now, now + 10 * 3600, 120), now + 2 * 3600);
	assert_int_equal(sched_offer_deadline(now, now + 3 * 3600, 120), now + 3600); /* the margin before the slot */
	assert_int_equal(sched_offer_deadline(now, now + 2 * 3600, 120), 0);
	assert_int_equal(sched_offer_deadline(now, now + 10 * 3600, 0), 0);

	assert_false(sched_checkin_open(start - 7 * 24 * 3600 - 1, start));
	assert_true(sched_checkin_open(start - 7 * 24 * 3600, start));
	assert_true(sched_checkin_open(start - 3601, start));
	assert_false(sched_checkin_open(start - 3600, start));
}

/* P6: where a check-in stands, from a week until an hour before the start. */
static void checkin_states(void **state)
{
	(void)state;
	unix_time start = utc("2026-12-02T12:00:00Z");
	appointment a = {.status = "booked", .start_at = start, .type = {.check_in = true}};
	assert_int_equal(appt_checkin_state(&a, start - 7 * 86400 - 1), CHECKIN_NOT_YET);
	assert_int_equal(appt_checkin_state(&a, start - 7 * 86400), CHECKIN_OPEN);
	assert_int_equal(appt_checkin_state(&a, start - 3601), CHECKIN_OPEN);
	assert_int_equal(appt_checkin_state(&a, start - 3600), CHECKIN_CLOSED);
	assert_int_equal(appt_checkin_state(&a, start + 60), CHECKIN_CLOSED);
	a.checked_in_at = start - 86400;
	assert_int_equal(appt_checkin_state(&a, start - 3600), CHECKIN_DONE);
	a.status = "cancelled";
	assert_int_equal(appt_checkin_state(&a, start - 86400), CHECKIN_NONE);
	a = (appointment){.status = "booked", .start_at = start, .type = {.check_in = false}};
	assert_int_equal(appt_checkin_state(&a, start - 86400), CHECKIN_NONE);
}

static void closure_spans_in_oslo_time(void **state)
{
	(void)state;
	unix_time a, b;
	/* Whole days: Christmas, 24-26 December, in winter time (UTC+1). */
	assert_true(sched_span((date){2026, 12, 24}, -1, (date){2026, 12, 26}, -1, &a, &b));
	assert_int_equal(a, utc("2026-12-23T23:00:00Z"));
	assert_int_equal(b, utc("2026-12-26T23:00:00Z"));
	/* The day the clocks go forward is 23 hours long; the one they go back, 25. */
	assert_true(sched_span((date){2027, 3, 28}, -1, (date){2027, 3, 28}, -1, &a, &b));
	assert_int_equal(b - a, 23 * 3600);
	assert_true(sched_span((date){2026, 10, 25}, -1, (date){2026, 10, 25}, -1, &a, &b));
	assert_int_equal(b - a, 25 * 3600);
	/* Part of a day, across the change: 01:00 to 04:00 on 28 March 2027 is two hours. */
	assert_true(sched_span((date){2027, 3, 28}, 60, (date){2027, 3, 28}, 240, &a, &b));
	assert_int_equal(a, utc("2027-03-28T00:00:00Z"));
	assert_int_equal(b - a, 2 * 3600);
	/* 02:30 that day does not exist; backwards, empty and too long are refused. */
	assert_false(sched_span((date){2027, 3, 28}, 150, (date){2027, 3, 28}, 240, &a, &b));
	assert_false(sched_span((date){2026, 12, 2}, -1, (date){2026, 12, 1}, -1, &a, &b));
	assert_false(sched_span((date){2026, 12, 1}, 600, (date){2026, 12, 1}, 600, &a, &b));
	assert_false(sched_span((date){2026, 1, 1}, -1, (date){2027, 1, 2}, -1, &a, &b));
	assert_false(sched_span((date){2026, 2, 30}, -1, (date){2026, 3, 1}, -1, &a, &b));
}

static void iso_weeks(void **state)
{
	(void)state;
	int y;
	assert_int_equal(sched_iso_week((date){2026, 11, 22}, &y), 47);
	assert_int_equal(y, 2026);
	assert_int_equal(sched_iso_week((date){2026, 11, 23}, &y), 48);
	/* 1 January 2027 is a Friday: still week 53 of 2026. */
	assert_int_equal(sched_iso_week((date){2027, 1, 1}, &y), 53);
	assert_int_equal(y, 2026);
	assert_int_equal(sched_iso_week((date){2027, 1, 4}, &y), 1);
	assert_int_equal(y, 2027);
	/* 29 December 2025 is a Monday of week 1 of 2026. */
	assert_int_equal(sched_iso_week((date){2025, 12, 29}, &y), 1);
	assert_int_equal(y, 2026);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(weekdays_and_wall_clock),
	    cmocka_unit_test(a_week_of_mondays),
	    cmocka_unit_test(spring_forward_skips_the_missing_hour),
	    cmocka_unit_test(fall_back_keeps_every_slot_its_length),
	    cmocka_unit_test(templates_that_make_no_sense_are_refused),
	    cmocka_unit_test(deadlines),
	    cmocka_unit_test(checkin_states),
	    cmocka_unit_test(closure_spans_in_oslo_time),
	    cmocka_unit_test(iso_weeks),
	};
	return cmocka_run_group_tests_name("schedule", tests, NULL, NULL);
}
