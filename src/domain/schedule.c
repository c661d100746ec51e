/* schedule.c — the time rules of appointments (domain/schedule.h). */
#include "domain/schedule.h"

bool sched_template_valid(const sched_template *t)
{
	return t->weekday >= 1 && t->weekday <= 7 && t->start_minute >= 0 && t->end_minute <= SCHED_MINUTES_PER_DAY &&
	       t->slot_minutes >= SCHED_SLOT_MIN && t->slot_minutes <= SCHED_SLOT_MAX &&
	       t->start_minute + t->slot_minutes <= t->end_minute;
}

/* The slots of one day, appended to out. */
static void day_slots(const sched_template *t, date d, sched_slot *out, size_t max, size_t *n)
{
	for (int m = t->start_minute; m + t->slot_minutes <= t->end_minute && *n < max; m += t->slot_minutes) {
		sched_slot s;
		if (!oslo_local_time(d, m, &s.start) || !oslo_local_time(d, m + t->slot_minutes, &s.end))
			continue;
		/* Across October's repeated hour the end's reading can be the second instance. */
		if (s.end - s.start != (unix_time)t->slot_minutes * 60)
			continue;
		out[(*n)++] = s;
	}
}

bool sched_generate(const sched_template *t, date from, date to, sched_slot *out, size_t max, size_t *n)
{
	*n = 0;
	int64_t first = date_to_days(from), last = date_to_days(to);
	if (!sched_template_valid(t) || !date_valid(from) || !date_valid(to) || last < first ||
	    last - first >= SCHED_WEEKS_MAX * 7)
		return false;
	for (int64_t day = first; day <= last; day++) {
		date d = date_from_days(day);
		if (date_weekday(d) == t->weekday)
			day_slots(t, d, out, max, n);
	}
	return true;
}

bool sched_may_change(unix_time now, unix_time start, int deadline_hours)
{
	return now < start - (unix_time)deadline_hours * 3600;
}

unix_time sched_offer_deadline(unix_time now, unix_time slot_start, int answer_minutes)
{
	unix_time latest = slot_start - OFFER_MARGIN_S;
	unix_time wanted = now + (unix_time)answer_minutes * 60;
	if (answer_minutes <= 0 || latest <= now)
		return 0;
	return wanted < latest ? wanted : latest;
}

bool sched_checkin_open(unix_time now, unix_time start)
{
	return now >= start - CHECKIN_OPENS_S && now < start - CHECKIN_CLOSES_S;
}

bool sched_span(date from, int from_minute, date to, int to_minute, unix_time *start, unix_time *end)
{
	if (!date_valid(from) || !date_valid(to) || from_minute < -1 || from_minute >= SCHED_MINUTES_PER_DAY ||
	    to_minute < -1 || to_minute > SCHED_MINUTES_PER_DAY)
		return false;
	int64_t days = date_to_days(to) - date_to_days(from);
	if (days < 0 || days >= SCHED_CLOSURE_DAYS_MAX)
		return false;
	if (from_minute < 0)
		*start = oslo_day_start(from);
	else if (!oslo_local_time(from, from_minute, start))
		return false;
	if (to_minute < 0)
		*end = oslo_day_start(date_from_days(date_to_days(to) + 1));
	else if (!oslo_local_time(to, to_minute, end))
		return false;
	return *end > *start;
}

int sched_iso_week(date d, int *week_year)
{
	/* The week's Thursday decides the year; week 1 holds the year's first Thursday. */
	int64_t thursday = date_to_days(d) - (date_weekday(d) - 1) + 3;
	date th = date_from_days(thursday);
	*week_year = th.year;
	int64_t jan1 = date_to_days((date){th.year, 1, 1});
	return (int)((thursday - jan1) / 7) + 1;
}
