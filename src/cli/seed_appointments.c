/* seed_appointments.c — the demo world's appointments (SPEC.md P1-P3, P9,
 * W2): visit types with their fees at the GP office, the health station,
 * the hospital department and home care; weekly templates and the slots
 * they make from four weeks before to six weeks after the day of seeding;
 * and booked appointments, past and upcoming, for the demo people. Every
 * date is relative to `today` (seed demo --today), so a newcomer sees
 * upcoming appointments whatever day they start. */
#include <string.h>

#include "cli/demo.h"
#include "core/arena.h"
#include "domain/schedule.h"
#include "store/appointments.h"
#include "store/register.h"
#include "store/short_notice.h"

#define NIN_INGRID "14827549852"
#define NIN_LARS "30868349995"
#define NIN_KARI "11907949887"
#define NIN_AHMED "25839049733"
#define NIN_EIRIK "05927049955"

enum {
	VT_GP,
	VT_GP_VIDEO,
	VT_GP_PHONE,
	VT_BLOOD,
	VT_TEAM_OYA,
	VT_STATION,
	VT_HOSPITAL,
	VT_HOME_VISIT,
	VT_HOME_TEAM,
	VT_COUNT
};

static const struct demo_type {
	const char *unit, *nb, *en;
	int minutes;
	const char *mode, *category;
	int fee;
	bool self_bookable;
	const char *bring_nb, *bring_en;
	const char *clinician;
	bool check_in; /* P6: the hospital's outpatient clinic asks for e-check-in */
} types[VT_COUNT] = {
    [VT_GP] = {"oya-legesenter", "Legetime", "Appointment with your GP", 20, "in_person", "consultation", 192, true,
               "Liste over medisinene du bruker.", "A list of the medicines you take.", NIN_INGRID},
    /* P9: a video consultation carries the same fee as one in person. */
    [VT_GP_VIDEO] = {"oya-legesenter", "Videokonsultasjon med fastlegen", "Video consultation with your GP", 20,
                     "video", "consultation", 192, true, NULL, NULL, NIN_INGRID},
    [VT_GP_PHONE] = {"oya-legesenter", "Telefontime med fastlegen", "Phone appointment with your GP", 20, "phone",
                     "consultation", 192, false, NULL, NULL, NIN_INGRID},
    [VT_BLOOD] = {"oya-legesenter", "Blodprøve hos sykepleier", "Blood test with a nurse", 15, "in_person",
                  "consultation", 0, true, "Kom fastende hvis legen har bedt om det.",
                  "Come fasting if your doctor has asked you to.", NIN_LARS},
    [VT_TEAM_OYA] = {"oya-legesenter", "Ansvarsgruppemøte", "Multidisciplinary team meeting", 60, "in_person",
                     "team_meeting", 0, false, NULL, NULL, NIN_INGRID},
    [VT_STATION] = {"helsestasjon-sentrum", "Helsestasjonskontroll", "Health station check-up", 30, "in_person",
                    "consultation", 0, true, "Helsekortet for barnet.", "The child's health card.", NIN_KARI},
    [VT_HOSPITAL] = {"stolav-medisinsk", "Poliklinisk kontroll", "Outpatient follow-up", 30, "in_person",
                     "consultation", 375, false, "Henvisningen og en liste over medisinene du bruker.",
                     "The referral and a list of the medicines you take.", NIN_EIRIK, true},
    /* Never shown to citizens (P1). */
    [VT_HOME_VISIT] = {"midtbyen-hjemmetjeneste", "Hjemmebesøk", "Home-care visit", 30, "in_person", "home_care_visit",
                       0, false, NULL, NULL, NIN_AHMED},
    /* Shown: a team meeting held in the home (P1). */
    [VT_HOME_TEAM] = {"midtbyen-hjemmetjeneste", "Ansvarsgruppemøte i hjemmet", "Team meeting in the home", 60,
                      "in_person", "team_meeting", 0, false, NULL, NULL, NIN_AHMED},
};

/* Weekly templates: minutes after midnight, Oslo time. */
static const struct demo_template {
	const char *clinician;
	int vt; /* -1: any the clinician offers */
	int weekday, start, end, slot;
} templates[] = {
    {NIN_INGRID, -1, 1, 8 * 60, 11 * 60, 20},       {NIN_INGRID, -1, 2, 8 * 60, 11 * 60, 20},
    {NIN_INGRID, -1, 3, 12 * 60, 15 * 60, 20},      {NIN_INGRID, -1, 4, 8 * 60, 11 * 60, 20},
    {NIN_INGRID, -1, 5, 8 * 60, 11 * 60, 20},       {NIN_LARS, VT_BLOOD, 2, 8 * 60, 10 * 60, 15},
    {NIN_LARS, VT_BLOOD, 4, 8 * 60, 10 * 60, 15},   {NIN_KARI, VT_STATION, 1, 9 * 60, 12 * 60, 30},
    {NIN_KARI, VT_STATION, 3, 9 * 60, 12 * 60, 30}, {NIN_EIRIK, VT_HOSPITAL, 3, 12 * 60, 15 * 60, 30},
};

/* Appointments, by days from today (moved to the next weekday when that
 * day is a weekend) and local time; past ones are done. */
static const struct demo_appt {
	const char *patient;
	int vt, days, minute;
	bool earlier; /* P4: on the unit's short-notice list, joined when booked */
} appts[] = {
    {"12848649994", VT_GP, -14, 9 * 60, false},            /* Marius: a past GP visit */
    {"12848649994", VT_GP, 3, 8 * 60 + 20, false},         /* Marius: upcoming GP visit */
    {"12848649994", VT_HOSPITAL, 10, 13 * 60, false},      /* Marius: hospital follow-up (requests only) */
    {"03898849863", VT_GP_VIDEO, 5, 10 * 60, false},       /* Silje: video with the GP */
    {"01921099882", VT_STATION, 7, 10 * 60, false},        /* Nora: health station */
    {"15862199860", VT_STATION, 2, 9 * 60 + 30, false},    /* Emma: health station */
    {"02916949807", VT_HOME_VISIT, 1, 8 * 60, false},      /* Elisabeth: home care, never shown */
    {"02916949807", VT_HOME_TEAM, 4, 13 * 60, false},      /* Elisabeth: team meeting at home, shown */
    {"08833849868", VT_HOSPITAL, 5, 12 * 60 + 30, false},  /* Astrid: hospital follow-up, check-in open */
    {"02831399735", VT_STATION, 9, 11 * 60, false},        /* Jonas: health station */
    {"20821699852", VT_BLOOD, 6, 8 * 60 + 30, false},      /* Ida: blood test with the nurse */
    {"23857149971", VT_GP, 8, 9 * 60 + 40, true},          /* Geir: GP, on the short-notice list */
    {"21876649788", VT_GP_PHONE, 11, 10 * 60 + 20, false}, /* Bjørn: phone appointment */
    {"30819249861", VT_GP, 13, 8 * 60 + 40, true},         /* Camilla: GP, on the list after Geir */
    /* P5: video consultations today and tomorrow (or the next weekdays), so
     * the call page and its waiting room can be tried at once (docs/video.md). */
    {"03898849863", VT_GP_VIDEO, 0, 14 * 60, false}, /* Silje: video with the GP today */
    {"12848649994", VT_GP_VIDEO, 1, 9 * 60, false},  /* Marius: video with the GP tomorrow */
};

static date plus_days(date d, int64_t n)
{
	return date_from_days(date_to_days(d) + n);
}

/* Adds closure k and removes the free slots it covers, as staff adding it would. */
static status close_span(db_conn *c, arena *ar, const closure *k)
{
	int64_t id, *free_ids;
	size_t n;
	slot_match m = {.unit_id = k->unit_id,
	                .staff_id = k->staff_id,
	                .from = k->starts_at,
	                .to = k->ends_at,
	                .now = k->created_at};
	status st = store_closure_insert(c, k, &id);
	if (st == ST_OK)
		st = store_slots_free_matching(c, ar, &m, 100, &free_ids, &n, NULL);
	for (size_t i = 0; st == ST_OK && i < n; i++)
		st = store_slot_remove_free(c, k->unit_id, free_ids[i]);
	return st;
}

/* W2: Ingrid at a meeting 08:00-10:00 on `day` (Camilla's GP visit falls in
 * it, for the office to move): her free slots then are removed. */
static status seed_absence(db_conn *c, arena *ar, int64_t unit_id, int64_t staff_id, date day)
{
	closure k = {.unit_id = unit_id, .staff_id = staff_id, .reason = "Legemøte", .created_by = staff_id};
	if (!sched_span(day, 8 * 60, day, 10 * 60, &k.starts_at, &k.ends_at))
		return ST_INTERNAL;
	k.created_at = k.starts_at - 30 * 86400;
	return close_span(c, ar, &k);
}

/* W2: the health station closed all of `day` (a planning day); Emma's
 * check-up at 09:00 that day was cancelled by the office with a reason her
 * parents see (as the closures page's cancel does), and its slot is gone
 * with the day's free ones. */
static status seed_closed_day(db_conn *c, arena *ar, int64_t unit_id, int64_t staff_id, int64_t vt_id, date day)
{
	closure k = {.unit_id = unit_id,
	             .reason = "Planleggingsdag",
	             .created_by = staff_id,
	             .starts_at = oslo_day_start(day),
	             .ends_at = oslo_day_start(plus_days(day, 1))};
	k.created_at = k.starts_at - 20 * 86400;
	slot s = {.unit_id = unit_id, .staff_id = staff_id};
	if (!oslo_local_time(day, 9 * 60, &s.start_at) || !oslo_local_time(day, 9 * 60 + 30, &s.end_at))
		return ST_INTERNAL;
	bool inserted;
	int64_t id, patient;
	appointment_new in = {.unit_id = unit_id, .visit_type_id = vt_id, .now = k.created_at - 7 * 86400};
	status st = store_slot_insert(c, &s, &inserted);
	if (st == ST_OK)
		st = store_slot_find(c, staff_id, s.start_at, &in.slot_id);
	if (st == ST_OK)
		st = demo_person_id(c, ar, "15862199860", &patient);
	in.patient_id = in.booked_by = patient;
	if (st == ST_OK)
		st = store_appt_book(c, &in, &id);
	if (st == ST_OK)
		st = store_appt_cancel(c, patient, id,
		                       "Helsestasjonen er stengt denne dagen. Vi ringer dere for en ny time.", true,
		                       k.created_at);
	return st != ST_OK ? st : close_span(c, ar, &k);
}

status seed_demo_appointments(db_conn *c, date today)
{
	arena *ar = arena_new();
	status st = ST_OK;
	int64_t vt_ids[VT_COUNT] = {0}, vt_units[VT_COUNT] = {0}, vt_staff[VT_COUNT] = {0};
	for (size_t i = 0; i < VT_COUNT && st == ST_OK; i++) {
		const struct demo_type *t = &types[i];
		if ((st = demo_unit_id(c, ar, t->unit, &vt_units[i])) != ST_OK ||
		    (st = demo_staff_id(c, ar, t->clinician, &vt_staff[i])) != ST_OK)
			break;
		visit_type v = {.unit_id = vt_units[i],
		                .name_nb = t->nb,
		                .name_en = t->en,
		                .minutes = t->minutes,
		                .mode = t->mode,
		                .category = t->category,
		                .fee_nok = t->fee,
		                .self_bookable = t->self_bookable,
		                .check_in = t->check_in,
		                .active = true,
		                .what_to_bring_nb = t->bring_nb,
		                .what_to_bring_en = t->bring_en};
		if ((st = store_visit_type_insert(c, &v, &vt_ids[i])) == ST_OK)
			st = store_visit_type_clinician_add(c, vt_ids[i], vt_staff[i]);
	}
	/* Templates and their slots, four weeks back to six ahead. */
	date from = plus_days(today, -28), to = plus_days(today, 6 * 7 - 1);
	sched_slot gen[64 * 10];
	for (size_t i = 0; i < ARRAY_LEN(templates) && st == ST_OK; i++) {
		const struct demo_template *d = &templates[i];
		int64_t staff_id, unit_id;
		int vt = d->vt >= 0 ? d->vt : VT_GP;
		if ((st = demo_staff_id(c, ar, d->clinician, &staff_id)) != ST_OK)
			break;
		unit_id = vt_units[vt];
		schedule_template t = {.unit_id = unit_id,
		                       .staff_id = staff_id,
		                       .weekday = d->weekday,
		                       .start_minute = d->start,
		                       .end_minute = d->end,
		                       .slot_minutes = d->slot,
		                       .visit_type_id = d->vt >= 0 ? vt_ids[d->vt] : 0};
		int64_t tid;
		if ((st = store_template_insert(c, &t, &tid)) != ST_OK)
			break;
		sched_template st_t = {d->weekday, d->start, d->end, d->slot};
		size_t n;
		if (!sched_generate(&st_t, from, to, gen, ARRAY_LEN(gen), &n)) {
			st = ST_INTERNAL;
			break;
		}
		for (size_t k = 0; k < n && st == ST_OK; k++) {
			slot s = {.unit_id = unit_id,
			          .staff_id = staff_id,
			          .start_at = gen[k].start,
			          .end_at = gen[k].end,
			          .visit_type_id = t.visit_type_id,
			          .template_id = tid};
			bool inserted;
			st = store_slot_insert(c, &s, &inserted);
		}
	}
	/* The appointments, each in its own slot (made if the templates have none then). */
	for (size_t i = 0; i < ARRAY_LEN(appts) && st == ST_OK; i++) {
		const struct demo_appt *a = &appts[i];
		const struct demo_type *t = &types[a->vt];
		date day = demo_weekday_after(today, a->days);
		slot s = {.unit_id = vt_units[a->vt], .staff_id = vt_staff[a->vt]};
		if (!oslo_local_time(day, a->minute, &s.start_at) ||
		    !oslo_local_time(day, a->minute + t->minutes, &s.end_at)) {
			st = ST_INTERNAL;
			break;
		}
		bool inserted;
		int64_t slot_id, patient, id;
		if ((st = store_slot_insert(c, &s, &inserted)) != ST_OK ||
		    (st = store_slot_find(c, s.staff_id, s.start_at, &slot_id)) != ST_OK ||
		    (st = demo_person_id(c, ar, a->patient, &patient)) != ST_OK)
			break;
		appointment_new in = {.patient_id = patient,
		                      .unit_id = s.unit_id,
		                      .slot_id = slot_id,
		                      .visit_type_id = vt_ids[a->vt],
		                      .booked_by = patient,
		                      .now = s.start_at - 14 * 86400};
		if ((st = store_appt_book(c, &in, &id)) != ST_OK)
			break;
		if (a->days < 0)
			st = store_appt_mark_done(c, id, s.end_at);
		else if (a->earlier) /* joined when booked, or just before today when that is later */
			st = store_sn_join(c, id,
			                   in.now < oslo_day_start(today) ? in.now : oslo_day_start(today) - 3600);
	}
	if (st == ST_OK)
		st = seed_absence(c, ar, vt_units[VT_GP], vt_staff[VT_GP], demo_weekday_after(today, 13));
	if (st == ST_OK)
		st = seed_closed_day(c, ar, vt_units[VT_STATION], vt_staff[VT_STATION], vt_ids[VT_STATION],
		                     demo_weekday_after(today, 15));
	arena_free(ar);
	return st;
}
