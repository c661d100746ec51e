/* schedule.h — the time rules of appointments (SPEC.md P2–P4, P6, W2), pure
 * and without the database: slots generated from a clinician's weekly
 * template in Norway's wall-clock time (right across the daylight-saving
 * changes), the deadline for changing or cancelling, a short-notice offer's
 * answer deadline, and the e-check-in window. Every instant is UTC seconds;
 * every "day" and "hh:mm" is Europe/Oslo. */
#ifndef HELSAMI_DOMAIN_SCHEDULE_H
#define HELSAMI_DOMAIN_SCHEDULE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/clock.h"

enum {
	SCHED_MINUTES_PER_DAY = 24 * 60,
	SCHED_SLOT_MIN = 5,                 /* the shortest visit anyone books */
	SCHED_SLOT_MAX = 8 * 60,            /* a working day */
	SCHED_WEEKS_MAX = 26,               /* slots are generated at most half a year ahead */
	CHECKIN_OPENS_S = 7 * 24 * 60 * 60, /* e-check-in opens a week before */
	CHECKIN_CLOSES_S = 60 * 60,         /* and closes an hour before */
	OFFER_MARGIN_S = 2 * 60 * 60,       /* an offer must leave time to get there */
};

/* One line of a weekly template: on `weekday` (1 Monday .. 7 Sunday), slots
 * of slot_minutes from start_minute up to end_minute (minutes after local
 * midnight). */
typedef struct sched_template {
	int weekday;
	int start_minute, end_minute;
	int slot_minutes;
} sched_template;

typedef struct sched_slot {
	unix_time start, end;
} sched_slot;

/* Whether the template line is one a clinician could mean: a weekday, a
 * start before the end within one day, a slot length of SCHED_SLOT_MIN ..
 * SCHED_SLOT_MAX minutes that fits at least once. */
bool sched_template_valid(const sched_template *t);

/* The slots of template line t on the days from..to (both included, at most
 * SCHED_WEEKS_MAX weeks), in time order, into out (at most max; *n set).
 * A slot starting or ending at a wall-clock time the clocks skip (March) is
 * left out; in the hour October repeats the first instance counts, so a
 * slot never lasts other than slot_minutes. Returns false when t is not
 * valid or the days are backwards or too many. */
bool sched_generate(const sched_template *t, date from, date to, sched_slot *out, size_t max, size_t *n);

/* Whether a citizen may still change or cancel an appointment starting at
 * `start` themself, at `now`, under the unit's deadline (hours before). */
bool sched_may_change(unix_time now, unix_time start, int deadline_hours);

/* The answer deadline of a short-notice offer made at `now` for a slot
 * starting at slot_start: now + answer_minutes, but never later than the
 * slot's start less OFFER_MARGIN_S. 0 when no such time is left (no offer). */
unix_time sched_offer_deadline(unix_time now, unix_time slot_start, int answer_minutes);

/* E-check-in for an appointment starting at `start`: whether it is open at
 * `now` (from CHECKIN_OPENS_S before until CHECKIN_CLOSES_S before). */
bool sched_checkin_open(unix_time now, unix_time start);

/* A closure or absence from day `from` at from_minute to day `to` at
 * to_minute (Oslo wall clock; from_minute -1 for the start of the day,
 * to_minute -1 for the end of it), as UTC [*start, *end). False when a
 * time does not exist (the hour skipped in March), a day is invalid, the
 * span is empty or backwards, or longer than SCHED_CLOSURE_DAYS_MAX days. */
enum { SCHED_CLOSURE_DAYS_MAX = 366 };
bool sched_span(date from, int from_minute, date to, int to_minute, unix_time *start, unix_time *end);

/* The ISO 8601 week of day d: its number (1..53) and the year it belongs to
 * (the year of its Thursday, which may differ from d's near New Year). */
int sched_iso_week(date d, int *week_year);

#endif
