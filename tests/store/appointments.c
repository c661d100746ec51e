/* appointments.c (conformance) — appointments on both databases: a slot is
 * never booked twice (one conditional write, ST_CONFLICT when taken, also
 * from many threads at once), what a booking requires of its slot, slot
 * generation that adds nothing twice, the free-slot query, the citizen's
 * view without home-care visits, no query answering with another
 * patient's appointment, its slot's times copied and guarded, the lists
 * (a patient's, a unit's and a clinician's, the jobs' batches) in slot
 * order with ties by id, change requests one open at a time; then the
 * domain rules over them (the deadline, the outbox event without details,
 * a representative's change in the access log, staff per unit). */
#include <pthread.h>
#include <string.h>

#include "conformance.h"
#include "domain/appointments.h"
#include "domain/authz.h"
#include "store/appointments.h"
#include "store/audit.h"
#include "store/outbox.h"
#include "store/register.h"
#include "store/short_notice.h"

/* 2026-11-22T10:00:00Z, the demo world's "today". */
#define NOW 1795341600
#define HOUR 3600

struct world {
	int64_t marius, silje, astrid;
	int64_t oya, home_care;
	int64_t ingrid, marte; /* staff ids */
	int64_t ingrid_person, marte_person;
	int64_t gp, phone, home_visit; /* visit types */
	int64_t slots[4];              /* Ingrid's, tomorrow 08:00.. */
	int64_t home_slot;
};

static int64_t add_person(const char *nin, const char *given, const char *birth)
{
	person p = {.nin = nin, .given_name = given, .family_name = "Berg", .birth_date = birth};
	int64_t id;
	assert_int_equal(store_person_insert(conf_conn, &p, &id), ST_OK);
	return id;
}

static int64_t add_unit(const char *code, const char *kind, bool self_booking)
{
	unit u = {.code = code,
	          .kind = kind,
	          .name = code,
	          .municipality = "5001",
	          .phone = "73 00 00 00",
	          .self_booking = self_booking,
	          .self_change = self_booking,
	          .change_requests = true};
	int64_t id;
	assert_int_equal(store_unit_insert(conf_conn, &u, &id), ST_OK);
	return id;
}

static int64_t add_staff(int64_t person_id, int64_t unit_id, const char *role)
{
	staff s = {.person_id = person_id, .title = role, .active = true};
	int64_t id;
	assert_int_equal(store_staff_insert(conf_conn, &s, &id), ST_OK);
	assert_int_equal(store_staff_unit_add(conf_conn, id, unit_id, role), ST_OK);
	return id;
}

static int64_t add_type(int64_t unit_id, const char *name, const char *category, bool self_bookable, int64_t clin)
{
	visit_type v = {.unit_id = unit_id,
	                .name_nb = name,
	                .name_en = name,
	                .minutes = 20,
	                .mode = "in_person",
	                .category = category,
	                .fee_nok = 192,
	                .self_bookable = self_bookable,
	                .active = true};
	int64_t id;
	assert_int_equal(store_visit_type_insert(conf_conn, &v, &id), ST_OK);
	assert_int_equal(store_visit_type_clinician_add(conf_conn, id, clin), ST_OK);
	assert_int_equal(store_visit_type_clinician_add(conf_conn, id, clin), ST_OK); /* idempotent */
	return id;
}

static int64_t add_slot(int64_t unit_id, int64_t staff_id, unix_time start, int64_t type)
{
	slot s = {.unit_id = unit_id,
	          .staff_id = staff_id,
	          .start_at = start,
	          .end_at = start + 20 * 60,
	          .visit_type_id = type};
	bool inserted;
	assert_int_equal(store_slot_insert(conf_conn, &s, &inserted), ST_OK);
	assert_true(inserted);
	int64_t id;
	assert_int_equal(store_slot_find(conf_conn, staff_id, start, &id), ST_OK);
	return id;
}

static void world_make(struct world *w)
{
	conf_fresh();
	memset(w, 0, sizeof *w);
	w->marius = add_person("12848649994", "Marius", "1986-04-12");
	w->silje = add_person("03898849863", "Silje", "1988-09-03");
	w->astrid = add_person("08833849868", "Astrid", "1938-03-08");
	w->oya = add_unit("oya", "gp_office", true);
	w->home_care = add_unit("midtbyen", "home_care", false);
	w->ingrid_person = add_person("14827549852", "Ingrid", "1975-02-14");
	w->marte_person = add_person("19889549834", "Marte", "1995-08-19");
	w->ingrid = add_staff(w->ingrid_person, w->oya, "clinician");
	w->marte = add_staff(w->marte_person, w->oya, "office");
	assert_int_equal(store_staff_unit_add(conf_conn, w->ingrid, w->home_care, "clinician"), ST_OK);
	assert_int_equal(store_patient_unit_add(conf_conn, w->marius, w->oya, "2015-03-01"), ST_OK);
	assert_int_equal(store_patient_unit_add(conf_conn, w->silje, w->oya, "2015-03-01"), ST_OK);
	assert_int_equal(store_patient_unit_add(conf_conn, w->marius, w->home_care, "2025-01-01"), ST_OK);
	w->gp = add_type(w->oya, "Legetime", "consultation", true, w->ingrid);
	w->phone = add_type(w->oya, "Telefontime", "consultation", false, w->ingrid);
	w->home_visit = add_type(w->home_care, "Hjemmebesøk", "home_care_visit", false, w->ingrid);
	for (int i = 0; i < 4; i++)
		w->slots[i] = add_slot(w->oya, w->ingrid, NOW + 22 * HOUR + i * 20 * 60, 0);
	w->home_slot = add_slot(w->home_care, w->ingrid, NOW + 30 * HOUR, w->home_visit);
}

static status book(const struct world *w, int64_t patient, int64_t slot_id, int64_t type, int64_t *id)
{
	appointment_new in = {.patient_id = patient,
	                      .unit_id = w->oya,
	                      .slot_id = slot_id,
	                      .visit_type_id = type,
	                      .booked_by = patient,
	                      .now = NOW};
	return store_appt_book(conf_conn, &in, id);
}

/* Ingrid's slot i of the world's four. */
static unix_time slot_start(int i)
{
	return NOW + 22 * HOUR + i * 20 * 60;
}

/* A booked row for Marius written straight into the table, with the times
 * an insert path copies from the slot (0: left out, NULL). */
static status insert_row(const struct world *w, int64_t slot_id, unix_time start, unix_time end)
{
	db_stmt *s =
	    db_prepare(conf_conn, "INSERT INTO appointment (patient_id, unit_id, slot_id, visit_type_id, status,"
	                          " booked_by, created_at, start_at, end_at) VALUES ($1, $2, $3, $4, 'booked', $1, $5,"
	                          " $6, $7)");
	db_bind_int(s, 1, w->marius);
	db_bind_int(s, 2, w->oya);
	db_bind_int(s, 3, slot_id);
	db_bind_int(s, 4, w->gp);
	db_bind_int(s, 5, NOW);
	db_bind_opt_int(s, 6, start);
	db_bind_opt_int(s, 7, end);
	return db_run(s);
}

static void booking_twice_is_a_conflict(void **state)
{
	(void)state;
	struct world w;
	world_make(&w);
	int64_t a, b;
	assert_int_equal(book(&w, w.marius, w.slots[0], w.gp, &a), ST_OK);
	assert_int_equal(book(&w, w.silje, w.slots[0], w.gp, &b), ST_CONFLICT);
	/* A cancelled booking frees the slot: the index covers booked rows only. */
	assert_int_equal(store_appt_cancel(conf_conn, w.marius, a, "Syk", false, NOW), ST_OK);
	assert_int_equal(store_appt_cancel(conf_conn, w.marius, a, "Syk", false, NOW), ST_NOT_FOUND);
	assert_int_equal(book(&w, w.silje, w.slots[0], w.gp, &b), ST_OK);
	/* The database itself refuses a second booked row, whoever writes it. */
	assert_int_equal(insert_row(&w, w.slots[0], slot_start(0), slot_start(0) + 20 * 60), ST_CONFLICT);
}

/* An appointment carries its slot's times (migration 35): read back as
 * booked, and refused by the database when an insert leaves them out or
 * writes others than the slot's. */
static void an_appointment_holds_its_slots_times(void **state)
{
	(void)state;
	struct world w;
	world_make(&w);
	int64_t id;
	assert_int_equal(book(&w, w.marius, w.slots[2], w.gp, &id), ST_OK);
	arena *ar = arena_new();
	appointment a;
	assert_int_equal(store_appt_get(conf_conn, ar, w.marius, id, true, &a), ST_OK);
	assert_int_equal(a.start_at, NOW + 22 * HOUR + 40 * 60);
	assert_int_equal(a.end_at, NOW + 23 * HOUR);
	arena_free(ar);
	unix_time start = slot_start(1), end = start + 20 * 60;
	assert_int_equal(insert_row(&w, w.slots[1], 0, 0), ST_CONFLICT);
	assert_int_equal(insert_row(&w, w.slots[1], start, 0), ST_CONFLICT);
	assert_int_equal(insert_row(&w, w.slots[1], start + 60, end), ST_CONFLICT);
	assert_int_equal(insert_row(&w, w.slots[1], start, end + 60), ST_CONFLICT);
	assert_int_equal(insert_row(&w, w.slots[1], start, end), ST_OK);
}

/* A patient's lists in slot time, ties by id, whatever order they were
 * booked in: upcoming soonest first, past latest first, each cut at max. */
static void lists_in_slot_order_ties_by_id(void **state)
{
	(void)state;
	struct world w;
	world_make(&w);
	/* Marte takes GP visits too, at the time of Ingrid's second slot. */
	assert_int_equal(store_visit_type_clinician_add(conf_conn, w.gp, w.marte), ST_OK);
	int64_t tie = add_slot(w.oya, w.marte, slot_start(1), 0);
	int64_t last, first_tied, second_tied, first;
	assert_int_equal(book(&w, w.marius, w.slots[3], w.gp, &last), ST_OK);
	assert_int_equal(book(&w, w.marius, tie, w.gp, &first_tied), ST_OK);
	assert_int_equal(book(&w, w.marius, w.slots[1], w.gp, &second_tied), ST_OK);
	assert_int_equal(book(&w, w.marius, w.slots[0], w.gp, &first), ST_OK);
	arena *ar = arena_new();
	appointment *list;
	size_t n;
	bool more;
	assert_int_equal(store_appts_of_patient(conf_conn, ar, w.marius, true, true, NOW, 3, &list, &n, &more), ST_OK);
	assert_int_equal(n, 3);
	assert_true(more);
	assert_int_equal(list[0].id, first);
	assert_int_equal(list[1].id, first_tied);
	assert_int_equal(list[2].id, second_tied);
	appointment_brief *brief;
	assert_int_equal(store_appts_upcoming_brief(conf_conn, ar, w.marius, NOW, 4, &brief, &n), ST_OK);
	assert_int_equal(n, 4);
	assert_int_equal(brief[0].id, first);
	assert_int_equal(brief[1].id, first_tied);
	assert_int_equal(brief[2].id, second_tied);
	assert_int_equal(brief[3].id, last);
	/* One still under way is upcoming until its end. */
	assert_int_equal(store_appts_upcoming_brief(conf_conn, ar, w.marius, slot_start(0) + 60, 1, &brief, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(brief[0].id, first);
	assert_int_equal(
	    store_appts_of_patient(conf_conn, ar, w.marius, false, true, NOW + 40 * HOUR, 3, &list, &n, &more), ST_OK);
	assert_int_equal(n, 3);
	assert_true(more);
	assert_int_equal(list[0].id, last);
	assert_int_equal(list[1].id, second_tied);
	assert_int_equal(list[2].id, first_tied);
	arena_free(ar);
}

/* Booked at Øya whatever the order: Ingrid's slots 3, 1 and 0, and
 * between them Marte's at slot 1's time, so two start together, the
 * earlier id on the later slot. */
struct day {
	int64_t first, first_tied, second_tied, last;
};

static void book_a_day_out_of_order(struct world *w, struct day *d)
{
	assert_int_equal(store_visit_type_clinician_add(conf_conn, w->gp, w->marte), ST_OK);
	int64_t tie = add_slot(w->oya, w->marte, slot_start(1), 0);
	assert_int_equal(book(w, w->marius, w->slots[3], w->gp, &d->last), ST_OK);
	assert_int_equal(book(w, w->silje, tie, w->gp, &d->first_tied), ST_OK);
	assert_int_equal(book(w, w->marius, w->slots[1], w->gp, &d->second_tied), ST_OK);
	assert_int_equal(book(w, w->silje, w->slots[0], w->gp, &d->first), ST_OK);
}

/* The ids of a job's batch, in ascending order (an UPDATE ... RETURNING
 * answers in no promised order; which ones it took is the point). */
static void sort_due(appt_due *due, size_t n)
{
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && due[j - 1].id > due[j].id; j--) {
			appt_due t = due[j];
			due[j] = due[j - 1];
			due[j - 1] = t;
		}
}

/* A unit's day and a clinician's (the schedule and check-in pages) in
 * time, ties by id, from `from` up to before `to`, cut at max. */
static void unit_and_clinician_days_in_time_order_ties_by_id(void **state)
{
	(void)state;
	struct world w;
	world_make(&w);
	struct day d;
	book_a_day_out_of_order(&w, &d);
	arena *ar = arena_new();
	appointment *list;
	size_t n;
	bool more;
	assert_int_equal(store_appts_of_unit(conf_conn, ar, w.oya, 0, NOW, NOW + 40 * HOUR, 3, &list, &n, &more),
	                 ST_OK);
	assert_int_equal(n, 3);
	assert_true(more);
	assert_int_equal(list[0].id, d.first);
	assert_int_equal(list[1].id, d.first_tied);
	assert_int_equal(list[2].id, d.second_tied);
	assert_int_equal(
	    store_appts_of_unit(conf_conn, ar, w.oya, 0, slot_start(1), slot_start(3), 10, &list, &n, &more), ST_OK);
	assert_int_equal(n, 2);
	assert_false(more);
	assert_int_equal(list[0].id, d.first_tied);
	assert_int_equal(list[1].id, d.second_tied);
	assert_int_equal(
	    store_appts_of_unit(conf_conn, ar, w.oya, w.ingrid, NOW, NOW + 40 * HOUR, 10, &list, &n, &more), ST_OK);
	assert_int_equal(n, 3);
	assert_int_equal(list[0].id, d.first);
	assert_int_equal(list[1].id, d.second_tied);
	assert_int_equal(list[2].id, d.last);
	assert_int_equal(store_appts_of_unit(conf_conn, ar, w.home_care, 0, NOW, NOW + 40 * HOUR, 10, &list, &n, &more),
	                 ST_OK);
	assert_int_equal(n, 0);
	arena_free(ar);
}

/* The reminder and check-in jobs take the earliest first, ties by id: a
 * batch cut in the middle of a tie takes the lower id. */
static void jobs_take_the_earliest_first_ties_by_id(void **state)
{
	(void)state;
	struct world w;
	world_make(&w);
	struct day d;
	book_a_day_out_of_order(&w, &d);
	db_stmt *st = db_prepare(conf_conn, "UPDATE visit_type SET check_in = 1");
	assert_int_equal(db_run(st), ST_OK);
	arena *ar = arena_new();
	appt_due *due;
	size_t n;
	assert_int_equal(store_appt_remind_due(conf_conn, ar, NOW, NOW + 31 * HOUR, 2, &due, &n), ST_OK);
	assert_int_equal(n, 2);
	sort_due(due, n); /* first_tied was booked before first */
	assert_int_equal(due[0].id, d.first_tied);
	assert_int_equal(due[1].id, d.first);
	assert_int_equal(store_appt_checkin_due(conf_conn, ar, NOW, NOW + 31 * HOUR, NOW, 2, &due, &n), ST_OK);
	assert_int_equal(n, 2);
	sort_due(due, n);
	assert_int_equal(due[0].id, d.first_tied);
	assert_int_equal(due[1].id, d.first);
	/* The window is after `from`, up to `until` itself. */
	assert_int_equal(store_appt_remind_due(conf_conn, ar, slot_start(1), slot_start(3), 10, &due, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(due[0].id, d.last);
	assert_int_equal(store_appt_checkin_due(conf_conn, ar, NOW, slot_start(1), NOW, 10, &due, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(due[0].id, d.second_tied);
	arena_free(ar);
}

static void booking_needs_a_fitting_future_free_slot(void **state)
{
	(void)state;
	struct world w;
	world_make(&w);
	int64_t id;
	int64_t past = add_slot(w.oya, w.ingrid, NOW - HOUR, 0);
	assert_int_equal(book(&w, w.marius, past, w.gp, &id), ST_NOT_FOUND);
	assert_int_equal(store_slot_set_blocked(conf_conn, w.oya, w.slots[1], true), ST_OK);
	assert_int_equal(book(&w, w.marius, w.slots[1], w.gp, &id), ST_NOT_FOUND);
	/* Another unit's slot, another unit's type. */
	appointment_new in = {.patient_id = w.marius,
	                      .unit_id = w.oya,
	                      .slot_id = w.home_slot,
	                      .visit_type_id = w.gp,
	                      .booked_by = w.marius,
	                      .now = NOW};
	assert_int_equal(store_appt_book(conf_conn, &in, &id), ST_NOT_FOUND);
	/* A slot for one type takes no other. */
	int64_t typed = add_slot(w.oya, w.ingrid, NOW + 48 * HOUR, w.phone);
	assert_int_equal(book(&w, w.marius, typed, w.gp, &id), ST_NOT_FOUND);
	assert_int_equal(book(&w, w.marius, typed, w.phone, &id), ST_OK);
	/* Blocking a booked slot is a conflict; an unknown one not found. */
	assert_int_equal(store_slot_set_blocked(conf_conn, w.oya, typed, true), ST_CONFLICT);
	assert_int_equal(store_slot_set_blocked(conf_conn, w.home_care, typed, true), ST_NOT_FOUND);
}

static void slots_free_and_generated_once(void **state)
{
	(void)state;
	struct world w;
	world_make(&w);
	slot dup = {.unit_id = w.oya, .staff_id = w.ingrid, .start_at = NOW + 22 * HOUR, .end_at = NOW + 23 * HOUR};
	bool inserted = true;
	assert_int_equal(store_slot_insert(conf_conn, &dup, &inserted), ST_OK);
	assert_false(inserted);
	int64_t id;
	assert_int_equal(book(&w, w.marius, w.slots[0], w.gp, &id), ST_OK);
	assert_int_equal(store_slot_set_blocked(conf_conn, w.oya, w.slots[1], true), ST_OK);
	arena *ar = arena_new();
	slot *free_slots;
	size_t n;
	bool more;
	assert_int_equal(
	    store_slots_free(conf_conn, ar, w.oya, w.gp, NOW, NOW + 7 * 24 * HOUR, 10, &free_slots, &n, &more), ST_OK);
	assert_int_equal(n, 2);
	assert_int_equal(free_slots[0].id, w.slots[2]);
	assert_int_equal(free_slots[1].id, w.slots[3]);
	assert_false(more);
	assert_int_equal(
	    store_slots_free(conf_conn, ar, w.oya, w.gp, NOW, NOW + 7 * 24 * HOUR, 1, &free_slots, &n, &more), ST_OK);
	assert_true(more);
	/* Before a time, the latest first: the booked and the blocked ones left out. */
	unix_time third = NOW + 22 * HOUR + 3 * 20 * 60;
	assert_int_equal(store_slots_free_before(conf_conn, ar, w.oya, w.gp, NOW, third + 1, 10, &free_slots, &n),
	                 ST_OK);
	assert_int_equal(n, 2);
	assert_int_equal(free_slots[0].id, w.slots[3]);
	assert_int_equal(free_slots[1].id, w.slots[2]);
	assert_int_equal(store_slots_free_before(conf_conn, ar, w.oya, w.gp, NOW, third, 10, &free_slots, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(free_slots[0].id, w.slots[2]);
	assert_int_equal(store_slots_free_before(conf_conn, ar, w.oya, w.gp, NOW, third + 1, 1, &free_slots, &n),
	                 ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(free_slots[0].id, w.slots[3]);
	/* The day list shows every slot and what is in it. */
	slot *all;
	assert_int_equal(store_slots_between(conf_conn, ar, w.oya, 0, NOW, NOW + 24 * HOUR, 10, &all, &n, NULL), ST_OK);
	assert_int_equal(n, 4);
	assert_int_equal(all[0].booked_patient, w.marius);
	assert_true(all[1].blocked);
	arena_free(ar);
}

static void citizen_view_and_other_patients(void **state)
{
	(void)state;
	struct world w;
	world_make(&w);
	int64_t gp, home;
	assert_int_equal(book(&w, w.marius, w.slots[0], w.gp, &gp), ST_OK);
	appointment_new in = {.patient_id = w.marius,
	                      .unit_id = w.home_care,
	                      .slot_id = w.home_slot,
	                      .visit_type_id = w.home_visit,
	                      .booked_by = w.ingrid_person,
	                      .by_staff = w.ingrid,
	                      .now = NOW};
	assert_int_equal(store_appt_book(conf_conn, &in, &home), ST_OK);
	arena *ar = arena_new();
	appointment a, *list;
	size_t n;
	assert_int_equal(store_appt_get(conf_conn, ar, w.marius, gp, true, &a), ST_OK);
	assert_string_equal(a.type.name_nb, "Legetime");
	assert_int_equal(a.type.fee_nok, 192);
	assert_string_equal(a.unit.name, "oya");
	assert_int_equal(a.staff_id, w.ingrid);
	assert_int_equal(store_appt_get(conf_conn, ar, w.silje, gp, true, &a), ST_NOT_FOUND);
	assert_int_equal(store_appt_get(conf_conn, ar, w.marius, home, true, &a), ST_NOT_FOUND);
	assert_int_equal(store_appt_get(conf_conn, ar, w.marius, home, false, &a), ST_OK);
	assert_int_equal(store_appts_of_patient(conf_conn, ar, w.marius, true, true, NOW, 10, &list, &n, NULL), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].id, gp);
	/* The citizen's list has what it shows, and not the patient's identity
	 * number, which only staff lists show. */
	assert_string_equal(list[0].type.name_nb, "Legetime");
	assert_string_equal(list[0].unit.name, "oya");
	assert_int_equal(list[0].start_at, NOW + 22 * HOUR);
	assert_int_equal(list[0].staff_id, w.ingrid);
	assert_string_equal(list[0].status, "booked");
	assert_string_equal(list[0].patient_nin, "");
	assert_int_equal(store_appts_of_patient(conf_conn, ar, w.marius, true, false, NOW, 10, &list, &n, NULL), ST_OK);
	assert_int_equal(n, 2);
	assert_string_equal(list[0].patient_nin, "12848649994");
	/* The home page's brief list is the citizen's view too. */
	appointment_brief *brief;
	assert_int_equal(store_appts_upcoming_brief(conf_conn, ar, w.marius, NOW, 10, &brief, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(brief[0].id, gp);
	assert_int_equal(brief[0].start_at, NOW + 22 * HOUR);
	assert_string_equal(brief[0].type_nb, "Legetime");
	assert_string_equal(brief[0].unit_name, "oya");
	assert_int_equal(store_appts_upcoming_brief(conf_conn, ar, w.marius, NOW + 40 * HOUR, 10, &brief, &n), ST_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_appts_upcoming_brief(conf_conn, ar, w.silje, NOW, 10, &brief, &n), ST_OK);
	assert_int_equal(n, 0);
	/* After it ends it is past. */
	assert_int_equal(
	    store_appts_of_patient(conf_conn, ar, w.marius, false, true, NOW + 40 * HOUR, 10, &list, &n, NULL), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(store_appt_cancel(conf_conn, w.silje, gp, NULL, false, NOW), ST_NOT_FOUND);
	assert_int_equal(store_appt_mark_moved(conf_conn, w.silje, gp, home, NOW), ST_NOT_FOUND);
	/* Soonest first, at most max; a cancelled one is gone. */
	int64_t later, sooner;
	assert_int_equal(book(&w, w.marius, w.slots[3], w.phone, &later), ST_OK);
	assert_int_equal(book(&w, w.marius, w.slots[1], w.gp, &sooner), ST_OK);
	assert_int_equal(store_appts_upcoming_brief(conf_conn, ar, w.marius, NOW, 2, &brief, &n), ST_OK);
	assert_int_equal(n, 2);
	assert_int_equal(brief[0].id, gp);
	assert_int_equal(brief[1].id, sooner);
	assert_int_equal(store_appt_cancel(conf_conn, w.marius, sooner, NULL, false, NOW), ST_OK);
	assert_int_equal(store_appts_upcoming_brief(conf_conn, ar, w.marius, NOW, 2, &brief, &n), ST_OK);
	assert_int_equal(n, 2);
	assert_int_equal(brief[1].id, later);
	assert_string_equal(brief[1].type_en, "Telefontime");
	arena_free(ar);
}

/* P6 and the jobs: a check-in is recorded once, for the patient's own
 * appointment; reminders and check-in openings are claimed once, never for
 * a home-care visit (to a citizen it does not exist). */
static void check_in_and_announcements_once(void **state)
{
	(void)state;
	struct world w;
	world_make(&w);
	int64_t m, s, home;
	assert_int_equal(book(&w, w.marius, w.slots[0], w.gp, &m), ST_OK);
	assert_int_equal(book(&w, w.silje, w.slots[1], w.gp, &s), ST_OK);
	appointment_new in = {.patient_id = w.marius,
	                      .unit_id = w.home_care,
	                      .slot_id = w.home_slot,
	                      .visit_type_id = w.home_visit,
	                      .booked_by = w.ingrid_person,
	                      .by_staff = w.ingrid,
	                      .now = NOW};
	assert_int_equal(store_appt_book(conf_conn, &in, &home), ST_OK);
	assert_int_equal(store_appt_check_in(conf_conn, w.silje, m, w.silje, NOW), ST_NOT_FOUND);
	assert_int_equal(store_appt_check_in(conf_conn, w.marius, m, w.marius, NOW), ST_OK);
	assert_int_equal(store_appt_check_in(conf_conn, w.marius, m, w.marius, NOW + 1), ST_NOT_FOUND);
	arena *ar = arena_new();
	appointment a;
	assert_int_equal(store_appt_get(conf_conn, ar, w.marius, m, true, &a), ST_OK);
	assert_int_equal(a.checked_in_at, NOW);
	assert_int_equal(a.open_forms, 0);
	assert_int_equal(store_appt_get(conf_conn, ar, w.silje, s, true, &a), ST_OK);
	assert_int_equal(a.checked_in_at, 0);

	appt_due *due;
	size_t n;
	assert_int_equal(store_appt_remind_due(conf_conn, ar, NOW, NOW + 31 * HOUR, 10, &due, &n), ST_OK);
	assert_int_equal(n, 2);
	for (size_t i = 0; i < n; i++)
		assert_int_not_equal(due[i].id, home);
	assert_int_equal(store_appt_remind_due(conf_conn, ar, NOW, NOW + 31 * HOUR, 10, &due, &n), ST_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_appt_checkin_due(conf_conn, ar, NOW, NOW + 31 * HOUR, NOW, 10, &due, &n), ST_OK);
	assert_int_equal(n, 0); /* no type asks for check-in yet */
	db_stmt *st = db_prepare(conf_conn, "UPDATE visit_type SET check_in = 1");
	assert_int_equal(db_run(st), ST_OK);
	assert_int_equal(store_appt_checkin_due(conf_conn, ar, NOW, NOW + 31 * HOUR, NOW, 10, &due, &n), ST_OK);
	assert_int_equal(n, 2);
	for (size_t i = 0; i < n; i++)
		assert_int_not_equal(due[i].id, home);
	assert_int_equal(store_appt_checkin_due(conf_conn, ar, NOW, NOW + 31 * HOUR, NOW, 10, &due, &n), ST_OK);
	assert_int_equal(n, 0);
	arena_free(ar);
}

static void one_open_request_at_a_time(void **state)
{
	(void)state;
	struct world w;
	world_make(&w);
	int64_t gp, rid, rid2;
	assert_int_equal(book(&w, w.marius, w.slots[0], w.gp, &gp), ST_OK);
	appt_request r = {.appointment_id = gp,
	                  .patient_id = w.marius,
	                  .unit_id = w.oya,
	                  .kind = "cancel",
	                  .message = "Bortreist",
	                  .created_by = w.marius,
	                  .created_at = NOW};
	assert_int_equal(store_appt_request_insert(conf_conn, &r, &rid), ST_OK);
	assert_int_equal(store_appt_request_insert(conf_conn, &r, &rid2), ST_CONFLICT);
	arena *ar = arena_new();
	appt_request *open;
	size_t n;
	bool more;
	assert_int_equal(store_appt_requests_open(conf_conn, ar, w.marte, ROLE_OFFICE, 10, &open, &n, &more), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(open[0].appt.id, gp);
	assert_string_equal(open[0].message, "Bortreist");
	/* A role the reader does not hold there finds nothing. */
	assert_int_equal(store_appt_requests_open(conf_conn, ar, w.marte, ROLE_CLINICIAN, 10, &open, &n, &more), ST_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_appt_request_answer(conf_conn, rid, "refused", "Ring oss", w.marte, NOW), ST_OK);
	assert_int_equal(store_appt_request_answer(conf_conn, rid, "accepted", NULL, w.marte, NOW), ST_NOT_FOUND);
	assert_int_equal(store_appt_request_insert(conf_conn, &r, &rid2), ST_OK);
	arena_free(ar);
}

/* ---- many bookers at once -------------------------------------------------------------- */

enum { BOOKERS = 16, TRIES = 4 };

struct booker {
	pthread_t t;
	const struct world *w;
	int who;
	int ok, conflict, other;
};

struct book_arg {
	appointment_new in;
	int64_t id;
};

static status book_tx(db_conn *c, void *argp)
{
	struct book_arg *a = argp;
	return store_appt_book(c, &a->in, &a->id);
}

static void *booker(void *argp)
{
	struct booker *b = argp;
	db_conn *c = db_thread_conn(conf_db);
	for (int i = 0; i < TRIES; i++) {
		struct book_arg a = {.in = {.patient_id = b->who % 2 ? b->w->marius : b->w->silje,
		                            .unit_id = b->w->oya,
		                            .slot_id = b->w->slots[(b->who + i) % 4],
		                            .visit_type_id = b->w->gp,
		                            .booked_by = b->w->marius,
		                            .now = NOW}};
		status st = c != NULL ? db_tx(c, true, book_tx, &a) : ST_INTERNAL;
		if (st == ST_OK)
			b->ok++;
		else if (st == ST_CONFLICT)
			b->conflict++;
		else
			b->other++;
	}
	return NULL;
}

static void many_bookers_never_double_book(void **state)
{
	(void)state;
	struct world w;
	world_make(&w);
	struct booker b[BOOKERS];
	for (int i = 0; i < BOOKERS; i++) {
		b[i] = (struct booker){.w = &w, .who = i};
		pthread_create(&b[i].t, NULL, booker, &b[i]);
	}
	int ok = 0, conflict = 0, other = 0;
	for (int i = 0; i < BOOKERS; i++) {
		pthread_join(b[i].t, NULL);
		ok += b[i].ok;
		conflict += b[i].conflict;
		other += b[i].other;
	}
	assert_int_equal(other, 0);
	assert_int_equal(ok, 4);
	assert_int_equal(conflict, BOOKERS * TRIES - 4);
	db_stmt *s =
	    db_prepare(conf_conn, "SELECT COUNT(*) FROM (SELECT slot_id FROM appointment WHERE status = 'booked'"
	                          " GROUP BY slot_id HAVING COUNT(*) > 1) d");
	int64_t doubles = -1;
	assert_int_equal(db_one_int(s, &doubles), ST_OK);
	assert_int_equal(doubles, 0);
}

/* ---- the domain over it ------------------------------------------------------------------ */

static ctx citizen(arena *a, int64_t self, int64_t subject, uint64_t access)
{
	return (ctx){.arena = a,
	             .db = conf_conn,
	             .now = NOW,
	             .who = {.kind = ACTOR_CITIZEN, .person_id = self},
	             .subject_id = subject,
	             .access = access};
}

static void domain_rules(void **state)
{
	(void)state;
	struct world w;
	world_make(&w);
	arena *ar = arena_new();
	ctx m = citizen(ar, w.marius, w.marius, authz_citizen_all());
	problems pr = {0};
	int64_t id;
	assert_int_equal(appt_book(&m, w.oya, w.gp, w.slots[0], false, &pr, &id), ST_OK);
	assert_int_equal(appt_book(&m, w.oya, w.gp, w.slots[0], false, &pr, &id), ST_CONFLICT);
	assert_int_equal(appt_book(&m, w.oya, w.phone, w.slots[1], false, &pr, &id), ST_INVALID);
	assert_string_equal(pr.items[0].key, "appointments.error.type_not_bookable");
	assert_int_equal(appt_book(&m, w.home_care, w.home_visit, w.home_slot, false, &pr, &id), ST_NOT_FOUND);
	/* The outbox says only that something is waiting: the kind and the id. */
	outbox_event *ev;
	size_t n;
	assert_int_equal(store_outbox_for_person(conf_conn, ar, w.marius, 10, &ev, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_string_equal(ev[0].kind, "appointment");
	/* Within the deadline (24 h by default): the first slot starts in 22 hours. */
	int64_t booked = ev[0].payload_ref;
	assert_int_equal(appt_cancel(&m, booked, &pr), ST_INVALID);
	assert_string_equal(pr.items[0].key, "appointments.error.deadline");
	assert_int_equal(pr.items[0].max, 24);
	m.now = NOW - 3 * HOUR;
	assert_int_equal(appt_cancel(&m, booked, &pr), ST_OK);
	m.now = NOW;

	/* A representative's booking: allowed by the access kind, logged with both identities. */
	ctx rep = citizen(ar, w.silje, w.marius, CAP_BIT(CAP_P1_APPOINTMENTS) | CAP_BIT(CAP_P2_BOOK));
	int64_t before, after;
	assert_int_equal(store_audit_count(conf_conn, w.marius, &before), ST_OK);
	assert_int_equal(appt_book(&rep, w.oya, w.gp, w.slots[2], false, &pr, &id), ST_OK);
	assert_int_equal(store_audit_count(conf_conn, w.marius, &after), ST_OK);
	assert_int_equal(after, before + 1);
	/* Without P3 it changes nothing. */
	assert_int_equal(appt_cancel(&rep, id, &pr), ST_DENIED);
	ctx read_only = citizen(ar, w.silje, w.marius, CAP_BIT(CAP_H2_RESULTS));
	appointment *up, *past;
	size_t nup, npast;
	assert_int_equal(appt_list(&read_only, &up, &nup, &past, &npast), ST_DENIED);

	/* Staff: Marte's office role at Øya holds schedules; Øya only. */
	ctx marte = {
	    .arena = ar,
	    .db = conf_conn,
	    .now = NOW,
	    .who = {.kind = ACTOR_STAFF, .person_id = w.marte_person, .staff_id = w.marte, .roles = ROLE_OFFICE}};
	assert_int_equal(appt_staff_access(&marte, APPT_OBJ_UNIT, w.oya), ST_OK);
	assert_int_equal(appt_staff_access(&marte, APPT_OBJ_UNIT, w.home_care), ST_NOT_FOUND);
	assert_int_equal(appt_staff_access(&marte, APPT_OBJ_SLOT, w.home_slot), ST_NOT_FOUND);
	assert_int_equal(appt_staff_cancel(&marte, id, "Legen er syk", &pr), ST_OK);
	assert_int_equal(appt_staff_cancel(&marte, id, "Legen er syk", &pr), ST_INVALID);
	arena_free(ar);
}

/* Visit types and template lines are edited and retired per unit; free
 * slots are found by line, type and time and removed (deleted, or blocked
 * where history refers to them), never a booked one. */
static void types_lines_edited_and_free_slots_removed(void **state)
{
	(void)state;
	struct world w;
	world_make(&w);
	arena *ar = arena_new();
	int64_t other_unit = add_unit("other", "gp_office", true);

	visit_type v;
	assert_int_equal(store_visit_type_get(conf_conn, ar, w.oya, w.gp, &v), ST_OK);
	v.name_en = "GP appointment";
	v.fee_nok = 0;
	v.unit_id = other_unit;
	assert_int_equal(store_visit_type_update(conf_conn, &v), ST_NOT_FOUND); /* another unit's id pair */
	v.unit_id = w.oya;
	assert_int_equal(store_visit_type_update(conf_conn, &v), ST_OK);
	assert_int_equal(store_visit_type_get(conf_conn, ar, w.oya, w.gp, &v), ST_OK);
	assert_string_equal(v.name_en, "GP appointment");
	assert_int_equal(v.fee_nok, 0);
	int64_t *clin;
	size_t n;
	assert_int_equal(store_visit_type_clinicians(conf_conn, ar, w.gp, &clin, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(clin[0], w.ingrid);
	assert_int_equal(store_visit_type_clinicians_clear(conf_conn, w.gp), ST_OK);
	assert_int_equal(store_visit_type_clinicians(conf_conn, ar, w.gp, &clin, &n), ST_OK);
	assert_int_equal(n, 0);

	schedule_template t = {.unit_id = w.oya,
	                       .staff_id = w.ingrid,
	                       .weekday = 1,
	                       .start_minute = 480,
	                       .end_minute = 600,
	                       .slot_minutes = 20,
	                       .visit_type_id = w.phone};
	int64_t line;
	assert_int_equal(store_template_insert(conf_conn, &t, &line), ST_OK);
	schedule_template got;
	assert_int_equal(store_template_get(conf_conn, ar, other_unit, line, &got), ST_NOT_FOUND);
	t.id = line;
	t.start_minute = 540;
	assert_int_equal(store_template_update(conf_conn, &t), ST_OK);
	assert_int_equal(store_template_get(conf_conn, ar, w.oya, line, &got), ST_OK);
	assert_int_equal(got.start_minute, 540);
	assert_true(got.active);

	/* Three slots of the line: one booked, one with a cancelled booking, one bare. */
	int64_t s[3];
	for (int i = 0; i < 3; i++) {
		slot in = {.unit_id = w.oya,
		           .staff_id = w.ingrid,
		           .start_at = NOW + 48 * HOUR + i * HOUR,
		           .end_at = NOW + 48 * HOUR + i * HOUR + 1200,
		           .visit_type_id = w.phone,
		           .template_id = line};
		bool inserted;
		assert_int_equal(store_slot_insert(conf_conn, &in, &inserted), ST_OK);
		assert_int_equal(store_slot_find(conf_conn, w.ingrid, in.start_at, &s[i]), ST_OK);
	}
	assert_int_equal(store_visit_type_clinician_add(conf_conn, w.phone, w.ingrid), ST_OK);
	int64_t a0, a1;
	assert_int_equal(book(&w, w.marius, s[0], w.phone, &a0), ST_OK);
	assert_int_equal(book(&w, w.silje, s[1], w.phone, &a1), ST_OK);
	assert_int_equal(store_appt_cancel(conf_conn, w.silje, a1, NULL, false, NOW), ST_OK);

	slot_match m = {.unit_id = w.oya, .template_id = line, .from = NOW, .to = INT64_MAX / 2, .now = NOW};
	int64_t *ids;
	bool more;
	assert_int_equal(store_slots_free_matching(conf_conn, ar, &m, 10, &ids, &n, &more), ST_OK);
	assert_int_equal(n, 2);
	assert_int_equal(ids[0], s[1]);
	assert_int_equal(ids[1], s[2]);
	m.unit_id = other_unit;
	assert_int_equal(store_slots_free_matching(conf_conn, ar, &m, 10, &ids, &n, &more), ST_OK);
	assert_int_equal(n, 0);
	m = (slot_match){.unit_id = w.oya,
	                 .visit_type_id = w.phone,
	                 .from = NOW + 49 * HOUR + 1800,
	                 .to = NOW + 50 * HOUR + 60,
	                 .now = NOW};
	assert_int_equal(store_slots_free_matching(conf_conn, ar, &m, 10, &ids, &n, &more), ST_OK);
	assert_int_equal(n, 1); /* overlapping the range: the 50th hour's slot */
	assert_int_equal(ids[0], s[2]);

	assert_int_equal(store_slot_remove_free(conf_conn, w.oya, s[0]), ST_NOT_FOUND); /* booked */
	assert_int_equal(store_slot_remove_free(conf_conn, other_unit, s[2]), ST_NOT_FOUND);
	assert_int_equal(store_slot_remove_free(conf_conn, w.oya, s[1]), ST_OK); /* history: blocked */
	assert_int_equal(store_slot_remove_free(conf_conn, w.oya, s[2]), ST_OK); /* bare: deleted */
	slot got_slot;
	assert_int_equal(store_slot_get(conf_conn, ar, w.oya, s[1], &got_slot), ST_OK);
	assert_true(got_slot.blocked);
	assert_int_equal(store_slot_get(conf_conn, ar, w.oya, s[2], &got_slot), ST_NOT_FOUND);
	assert_int_equal(store_slot_get(conf_conn, ar, w.oya, s[0], &got_slot), ST_OK);
	assert_int_equal(got_slot.booked_appointment, a0);

	assert_int_equal(store_template_retire(conf_conn, other_unit, line), ST_NOT_FOUND);
	assert_int_equal(store_templates_of_type_retire(conf_conn, w.oya, w.phone), ST_OK);
	assert_int_equal(store_template_retire(conf_conn, w.oya, line), ST_NOT_FOUND); /* retired with its type */
	assert_int_equal(store_template_update(conf_conn, &t), ST_NOT_FOUND);
	schedule_template *lines;
	assert_int_equal(store_templates_of_unit(conf_conn, ar, w.oya, &lines, &n), ST_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_visit_type_retire(conf_conn, other_unit, w.phone), ST_NOT_FOUND);
	assert_int_equal(store_visit_type_retire(conf_conn, w.oya, w.phone), ST_OK);
	assert_int_equal(store_visit_type_retire(conf_conn, w.oya, w.phone), ST_NOT_FOUND);
	assert_int_equal(store_visit_type_get(conf_conn, ar, w.oya, w.phone, &v), ST_OK);
	assert_false(v.active);
	v.name_nb = "Ny";
	assert_int_equal(store_visit_type_update(conf_conn, &v), ST_NOT_FOUND); /* retired */
	arena_free(ar);
}

/* Closures and absences: listed per unit while not over, deleted per unit. */
static void closures_per_unit(void **state)
{
	(void)state;
	struct world w;
	world_make(&w);
	arena *ar = arena_new();
	int64_t other_unit = add_unit("other", "gp_office", true);
	closure unit_wide = {.unit_id = w.oya,
	                     .starts_at = NOW + 48 * HOUR,
	                     .ends_at = NOW + 72 * HOUR,
	                     .reason = "Jul",
	                     .created_by = w.marte,
	                     .created_at = NOW};
	closure absence = {.unit_id = w.oya,
	                   .staff_id = w.ingrid,
	                   .starts_at = NOW + 24 * HOUR,
	                   .ends_at = NOW + 26 * HOUR,
	                   .created_by = w.marte,
	                   .created_at = NOW};
	closure past = {.unit_id = w.oya,
	                .starts_at = NOW - 48 * HOUR,
	                .ends_at = NOW - 24 * HOUR,
	                .created_by = w.marte,
	                .created_at = NOW};
	closure elsewhere = {
	    .unit_id = other_unit, .starts_at = NOW, .ends_at = NOW + HOUR, .created_by = w.marte, .created_at = NOW};
	int64_t a, b, c, d;
	assert_int_equal(store_closure_insert(conf_conn, &unit_wide, &a), ST_OK);
	assert_int_equal(store_closure_insert(conf_conn, &absence, &b), ST_OK);
	assert_int_equal(store_closure_insert(conf_conn, &past, &c), ST_OK);
	assert_int_equal(store_closure_insert(conf_conn, &elsewhere, &d), ST_OK);
	closure backwards = {.unit_id = w.oya, .starts_at = NOW, .ends_at = NOW, .created_by = w.marte};
	int64_t e;
	assert_int_equal(store_closure_insert(conf_conn, &backwards, &e), ST_CONFLICT);
	closure *list;
	size_t n;
	bool more;
	assert_int_equal(store_closures_of_unit(conf_conn, ar, w.oya, NOW, 10, &list, &n, &more), ST_OK);
	assert_int_equal(n, 2);
	assert_false(more);
	assert_int_equal(list[0].id, b); /* by start */
	assert_int_equal(list[0].staff_id, w.ingrid);
	assert_string_equal(list[0].staff_name, "Ingrid Berg");
	assert_null(list[0].reason);
	assert_int_equal(list[1].id, a);
	assert_int_equal(list[1].staff_id, 0);
	assert_null(list[1].staff_name);
	assert_string_equal(list[1].reason, "Jul");
	assert_int_equal(store_closures_of_unit(conf_conn, ar, w.oya, NOW, 1, &list, &n, &more), ST_OK);
	assert_true(more);
	assert_int_equal(store_closure_delete(conf_conn, other_unit, a), ST_NOT_FOUND);
	assert_int_equal(store_closure_delete(conf_conn, w.oya, a), ST_OK);
	assert_int_equal(store_closure_delete(conf_conn, w.oya, a), ST_NOT_FOUND);
	assert_int_equal(store_closures_of_unit(conf_conn, ar, w.oya, NOW, 10, &list, &n, &more), ST_OK);
	assert_int_equal(n, 1);
	arena_free(ar);
}

/* A closure found by id only at its unit; whether one overlaps a slot. */
static void closure_by_id_and_over_a_slot(void **state)
{
	(void)state;
	struct world w;
	world_make(&w);
	arena *ar = arena_new();
	int64_t other_unit = add_unit("other", "gp_office", true);
	bool closed;
	assert_int_equal(store_slot_closed(conf_conn, w.slots[0], &closed), ST_OK);
	assert_false(closed);
	/* Another unit's closure, and an absence ending as the slot begins: neither. */
	closure elsewhere = {.unit_id = other_unit,
	                     .starts_at = NOW,
	                     .ends_at = NOW + 48 * HOUR,
	                     .created_by = w.marte,
	                     .created_at = NOW};
	closure before = {.unit_id = w.oya,
	                  .staff_id = w.ingrid,
	                  .starts_at = NOW + 21 * HOUR,
	                  .ends_at = NOW + 22 * HOUR,
	                  .created_by = w.marte,
	                  .created_at = NOW};
	closure absence = {.unit_id = w.oya,
	                   .staff_id = w.ingrid,
	                   .starts_at = NOW + 22 * HOUR + 10 * 60,
	                   .ends_at = NOW + 23 * HOUR,
	                   .reason = "Kurs",
	                   .created_by = w.marte,
	                   .created_at = NOW};
	int64_t a, b, c;
	assert_int_equal(store_closure_insert(conf_conn, &elsewhere, &a), ST_OK);
	assert_int_equal(store_closure_insert(conf_conn, &before, &b), ST_OK);
	assert_int_equal(store_slot_closed(conf_conn, w.slots[0], &closed), ST_OK);
	assert_false(closed);
	assert_int_equal(store_closure_insert(conf_conn, &absence, &c), ST_OK);
	assert_int_equal(store_slot_closed(conf_conn, w.slots[0], &closed), ST_OK);
	assert_true(closed); /* 08:00-08:20 overlaps from 08:10 */
	assert_int_equal(store_slot_closed(conf_conn, w.slots[3], &closed), ST_OK);
	assert_false(closed); /* 09:00: the absence ended */
	assert_int_equal(store_slot_closed(conf_conn, 999999, &closed), ST_OK);
	assert_false(closed);
	closure k;
	assert_int_equal(store_closure_get(conf_conn, ar, w.oya, c, &k), ST_OK);
	assert_int_equal(k.staff_id, w.ingrid);
	assert_int_equal(k.starts_at, absence.starts_at);
	assert_string_equal(k.reason, "Kurs");
	assert_int_equal(store_closure_get(conf_conn, ar, other_unit, c, &k), ST_NOT_FOUND);
	assert_int_equal(store_closure_get(conf_conn, ar, w.oya, a, &k), ST_NOT_FOUND);
	arena_free(ar);
}

/* P4: new slots go down the list: nobody is offered a slot while holding
 * an open offer as early or earlier; the list's horizon. */
static void short_notice_down_the_list(void **state)
{
	(void)state;
	struct world w;
	world_make(&w);
	arena *ar = arena_new();
	int64_t mine, hers, added;
	unix_time horizon;
	assert_int_equal(store_sn_horizon(conf_conn, w.oya, NOW, &horizon), ST_OK);
	assert_int_equal(horizon, 0); /* nobody on the list */
	assert_int_equal(book(&w, w.marius, w.slots[3], w.gp, &mine), ST_OK);
	assert_int_equal(book(&w, w.silje, w.slots[2], w.gp, &hers), ST_OK);
	assert_int_equal(store_sn_join(conf_conn, mine, NOW - 2 * HOUR), ST_OK);
	assert_int_equal(store_sn_join(conf_conn, hers, NOW - HOUR), ST_OK);
	assert_int_equal(store_sn_horizon(conf_conn, w.oya, NOW, &horizon), ST_OK);
	assert_int_equal(horizon, NOW + 22 * HOUR + 60 * 60); /* Marius's, the latest */
	assert_int_equal(store_sn_horizon(conf_conn, w.home_care, NOW, &horizon), ST_OK);
	assert_int_equal(horizon, 0);
	assert_int_equal(store_sn_horizon(conf_conn, w.oya, NOW + 23 * HOUR, &horizon), ST_OK);
	assert_int_equal(horizon, 0); /* both begun */
	/* The earliest slot to the first who joined... */
	assert_int_equal(store_sn_offer_insert(conf_conn, w.slots[0], NOW, NOW + HOUR, 1, &added), ST_OK);
	assert_int_equal(added, 1);
	sn_offer *made;
	size_t n;
	assert_int_equal(store_sn_offers_made(conf_conn, ar, w.slots[0], NOW, 10, &made, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(made[0].patient_id, w.marius);
	/* ...the next to the next: Marius holds an offer as good. */
	assert_int_equal(store_sn_offer_insert(conf_conn, w.slots[1], NOW, NOW + HOUR, 1, &added), ST_OK);
	assert_int_equal(added, 1);
	assert_int_equal(store_sn_offers_made(conf_conn, ar, w.slots[1], NOW, 10, &made, &n), ST_OK);
	assert_int_equal(made[0].patient_id, w.silje);
	/* Nobody left: both hold earlier offers (more room changes nothing). */
	assert_int_equal(store_sn_open_count(conf_conn, w.slots[1], &added), ST_OK);
	assert_int_equal(added, 1);
	assert_int_equal(store_sn_offer_insert(conf_conn, w.slots[1], NOW, NOW + HOUR, 5, &added), ST_OK);
	assert_int_equal(added, 0);
	/* Once Marius's offer is past its deadline, he is offered the later slot too. */
	assert_int_equal(store_sn_offer_insert(conf_conn, w.slots[1], NOW + 2 * HOUR, NOW + 3 * HOUR, 5, &added),
	                 ST_OK);
	assert_int_equal(added, 1);
	arena_free(ar);
}

/* An open offer of Marius's listed appointment `mine` for slot_id, written
 * straight into the table with the slot's times, as an insert copies them. */
static void offer_row(int64_t mine, int64_t slot_id)
{
	db_stmt *s =
	    db_prepare(conf_conn, "INSERT INTO short_notice_offer (unit_id, slot_id, entry_id, appointment_id,"
	                          " patient_id, status, created_at, deadline, slot_start, slot_end)"
	                          " SELECT e.unit_id, s.id, e.id, e.appointment_id, e.patient_id, 'open', $3, $4,"
	                          " s.start_at, s.end_at FROM short_notice e, slot s"
	                          " WHERE e.appointment_id = $1 AND s.id = $2");
	db_bind_int(s, 1, mine);
	db_bind_int(s, 2, slot_id);
	db_bind_int(s, 3, NOW);
	db_bind_int(s, 4, NOW + HOUR);
	assert_int_equal(db_run(s), ST_OK);
}

/* P4: a patient's open offers, soonest slot first, ties by id. Each new
 * offer is of an earlier slot than those held, so the ids run against the
 * slots' order; a fourth, written straight into the table, shares the
 * second slot's time. */
static void open_offers_soonest_first_ties_by_id(void **state)
{
	(void)state;
	struct world w;
	world_make(&w);
	arena *ar = arena_new();
	int64_t mine, added, tie = add_slot(w.oya, w.marte, slot_start(1), 0);
	assert_int_equal(book(&w, w.marius, w.slots[3], w.gp, &mine), ST_OK);
	assert_int_equal(store_sn_join(conf_conn, mine, NOW - HOUR), ST_OK);
	for (int i = 2; i >= 0; i--) {
		assert_int_equal(store_sn_offer_insert(conf_conn, w.slots[i], NOW, NOW + HOUR, 1, &added), ST_OK);
		assert_int_equal(added, 1);
	}
	offer_row(mine, tie);
	sn_offer *list;
	size_t n;
	assert_int_equal(store_sn_offers_open(conf_conn, ar, w.marius, NOW, 3, &list, &n), ST_OK);
	assert_int_equal(n, 3);
	assert_int_equal(list[0].slot_id, w.slots[0]);
	assert_int_equal(list[1].slot_id, w.slots[1]);
	assert_int_equal(list[2].slot_id, tie);
	assert_int_equal(list[2].slot_start, slot_start(1));
	assert_int_equal(list[2].slot_end, slot_start(1) + 20 * 60);
	assert_int_equal(list[2].current_start, slot_start(3));
	assert_int_equal(list[2].current_slot, w.slots[3]);
	assert_int_equal(store_sn_offers_open(conf_conn, ar, w.marius, NOW, 10, &list, &n), ST_OK);
	assert_int_equal(n, 4);
	assert_int_equal(list[3].slot_id, w.slots[2]);
	assert_int_equal(store_sn_offers_open(conf_conn, ar, w.marius, NOW + HOUR, 10, &list, &n), ST_OK);
	assert_int_equal(n, 0); /* past their deadline */
	assert_int_equal(store_sn_offers_open(conf_conn, ar, w.silje, NOW, 10, &list, &n), ST_OK);
	assert_int_equal(n, 0);
	arena_free(ar);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(booking_twice_is_a_conflict),
    cmocka_unit_test(an_appointment_holds_its_slots_times),
    cmocka_unit_test(lists_in_slot_order_ties_by_id),
    cmocka_unit_test(unit_and_clinician_days_in_time_order_ties_by_id),
    cmocka_unit_test(jobs_take_the_earliest_first_ties_by_id),
    cmocka_unit_test(booking_needs_a_fitting_future_free_slot),
    cmocka_unit_test(slots_free_and_generated_once),
    cmocka_unit_test(citizen_view_and_other_patients),
    cmocka_unit_test(one_open_request_at_a_time),
    cmocka_unit_test(check_in_and_announcements_once),
    cmocka_unit_test(many_bookers_never_double_book),
    cmocka_unit_test(domain_rules),
    cmocka_unit_test(types_lines_edited_and_free_slots_removed),
    cmocka_unit_test(closures_per_unit),
    cmocka_unit_test(closure_by_id_and_over_a_slot),
    cmocka_unit_test(short_notice_down_the_list),
    cmocka_unit_test(open_offers_soonest_first_ties_by_id),
};

CONF_GROUP(appointments, tests)
