/* seed_video.c — the demo world's video calls that belong to no appointment
 * (SPEC.md P5): Ingrid Solberg's internal call with Lars Moe tomorrow, and
 * her sleep course, a group with Silje and Marius Berg, the day after (a
 * weekend day moves to the Monday after). Dated from `today` like the
 * appointments, so a newcomer can open both on any day. */
#include "cli/demo.h"
#include "core/arena.h"
#include "store/video.h"

#define NIN_INGRID "14827549852"
#define NIN_LARS "30868349995"

static const struct demo_call {
	const char *kind, *title;
	int days, minute, minutes;
	const char *staff;      /* a colleague invited, or NULL */
	const char *patients[2]; /* patients invited (a group) */
} calls[] = {
    {"internal", "Kollegaveiledning", 1, 15 * 60, 30, NIN_LARS, {NULL, NULL}},
    {"group", "Mestringskurs: bedre søvn", 2, 13 * 60, 60, NULL, {"03898849863", "12848649994"}},
};

static status seed_call(db_conn *c, arena *ar, date today, int64_t unit, int64_t host, const struct demo_call *d)
{
	video_call v = {.kind = d->kind, .unit_id = unit, .host_staff_id = host, .title = d->title};
	date day = demo_weekday_after(today, d->days);
	if (!oslo_local_time(day, d->minute, &v.starts_at))
		return ST_INTERNAL;
	v.ends_at = v.starts_at + (unix_time)d->minutes * 60;
	int64_t id, member, who;
	status st = store_video_call_insert(c, &v, oslo_day_start(today), &id);
	if (st == ST_OK)
		st = store_video_member_insert(c, id, "host", host, 0, &member);
	if (st == ST_OK && d->staff != NULL && (st = demo_staff_id(c, ar, d->staff, &who)) == ST_OK)
		st = store_video_member_insert(c, id, "clinician", who, 0, &member);
	for (size_t i = 0; i < ARRAY_LEN(d->patients) && d->patients[i] != NULL && st == ST_OK; i++)
		if ((st = demo_person_id(c, ar, d->patients[i], &who)) == ST_OK)
			st = store_video_member_insert(c, id, "patient", 0, who, &member);
	return st;
}

status seed_demo_video(db_conn *c, date today)
{
	arena *ar = arena_new();
	int64_t unit, host;
	status st = demo_unit_id(c, ar, "oya-legesenter", &unit);
	if (st == ST_OK)
		st = demo_staff_id(c, ar, NIN_INGRID, &host);
	for (size_t i = 0; i < ARRAY_LEN(calls) && st == ST_OK; i++)
		st = seed_call(c, ar, today, unit, host, &calls[i]);
	arena_free(ar);
	return st;
}
