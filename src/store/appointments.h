/* appointments.h (store) — SQL for appointments (SPEC.md P1-P3, P9, W2, W3):
 * a unit's booking rules, its visit types and the clinicians who offer them,
 * weekly schedule templates, slots, appointments and change/cancel requests.
 *
 * No slot is ever booked twice: a partial unique index on the slot of every
 * booked appointment refuses a second booking on both backends, so booking
 * is one conditional INSERT that answers ST_CONFLICT when the slot was just
 * taken, never a read followed by a write.
 *
 * Every query about one appointment names its patient too: another
 * patient's id answers ST_NOT_FOUND. What a citizen may see is decided in
 * the WHERE clause: a home-care visit is never listed for a citizen (P1).
 * Times are UTC seconds. Strings returned live in the given arena. */
#ifndef HELSAMI_STORE_APPOINTMENTS_H
#define HELSAMI_STORE_APPOINTMENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/clock.h"
#include "db/db.h"

/* ---- a unit's rules ------------------------------------------------------------ */

typedef struct unit_rules {
	int64_t unit_id;
	const char *name, *phone, *kind;
	bool self_booking, self_change, change_requests;
	int change_deadline_hours; /* 0..336 */
	int booking_weeks;         /* 1..26 */
	int offer_count;           /* P4: short-notice offers at once, 1..20 */
	int offer_answer_minutes;  /* P4: the time each offer waits for an answer, 5..2880 */
} unit_rules;

status store_unit_rules_get(db_conn *c, arena *ar, int64_t unit_id, unit_rules *out);
/* Sets the rules' flags and numbers (not the name; an offer number of 0
 * keeps the one stored); ST_NOT_FOUND for no such unit, ST_CONFLICT when a
 * constraint refuses a value. */
status store_unit_rules_set(db_conn *c, const unit_rules *r);
/* The units where the person is a patient and self-booking is on, by name. */
status store_units_bookable(db_conn *c, arena *ar, int64_t person_id, unit_rules **out, size_t *n);
/* The units where the staff member holds one of roles (enum staff_role bits), by name. */
status store_units_of_staff(db_conn *c, arena *ar, int64_t staff_id, unsigned roles, unit_rules **out, size_t *n);
/* Whether the person is a patient/user of the unit. */
status store_is_patient_of(db_conn *c, int64_t person_id, int64_t unit_id, bool *out);
/* A clinician of a unit, for the schedule's forms. */
typedef struct unit_clinician {
	int64_t staff_id;
	const char *name;
} unit_clinician;
/* The unit's clinicians, by family name. */
status store_unit_clinicians(db_conn *c, arena *ar, int64_t unit_id, unit_clinician **out, size_t *n);

/* ---- visit types ------------------------------------------------------------------ */

typedef struct visit_type {
	int64_t id, unit_id;
	const char *name_nb, *name_en;
	int minutes;
	const char *mode;     /* in_person, video, phone */
	const char *category; /* consultation, team_meeting, home_care_visit */
	int fee_nok;
	bool self_bookable, check_in, active;
	const char *what_to_bring_nb, *what_to_bring_en; /* NULL when nothing */
} visit_type;

status store_visit_type_insert(db_conn *c, const visit_type *v, int64_t *id);
/* One visit type of the unit; ST_NOT_FOUND for another unit's. */
status store_visit_type_get(db_conn *c, arena *ar, int64_t unit_id, int64_t id, visit_type *out);
/* The unit's visit types by Norwegian name; citizen_bookable keeps only
 * active, self-bookable types that are not home-care visits. */
status store_visit_types_of_unit(db_conn *c, arena *ar, int64_t unit_id, bool citizen_bookable, visit_type **out,
                                 size_t *n);
/* Changes an active visit type of the unit (all but unit, id, active):
 * ST_NOT_FOUND for another unit's or a retired one. */
status store_visit_type_update(db_conn *c, const visit_type *v);
/* Retires an active visit type of the unit: ST_NOT_FOUND when there is none. */
status store_visit_type_retire(db_conn *c, int64_t unit_id, int64_t id);
/* Removes every clinician from the type (before the new set is added). */
status store_visit_type_clinicians_clear(db_conn *c, int64_t visit_type_id);
/* The staff ids of the clinicians who offer the type, in id order. */
status store_visit_type_clinicians(db_conn *c, arena *ar, int64_t visit_type_id, int64_t **out, size_t *n);
/* Adds a clinician who offers the type (idempotent). */
status store_visit_type_clinician_add(db_conn *c, int64_t visit_type_id, int64_t staff_id);

/* ---- templates and slots ------------------------------------------------------------ */

typedef struct schedule_template {
	int64_t id, unit_id, staff_id;
	const char *staff_name;
	int weekday, start_minute, end_minute, slot_minutes;
	int64_t visit_type_id; /* 0: any type the clinician offers */
	bool active;
} schedule_template;

status store_template_insert(db_conn *c, const schedule_template *t, int64_t *id);
/* The unit's active templates, by clinician, weekday and start. */
status store_templates_of_unit(db_conn *c, arena *ar, int64_t unit_id, schedule_template **out, size_t *n);

/* One template line of the unit (active or not); ST_NOT_FOUND for another unit's. */
status store_template_get(db_conn *c, arena *ar, int64_t unit_id, int64_t id, schedule_template *out);
/* Changes an active line of the unit (clinician, weekday, times, slot
 * length, type): ST_NOT_FOUND for another unit's or a retired one. */
status store_template_update(db_conn *c, const schedule_template *t);
/* Retires an active line of the unit: ST_NOT_FOUND when there is none. */
status store_template_retire(db_conn *c, int64_t unit_id, int64_t id);
/* Retires the unit's active lines of one visit type. */
status store_templates_of_type_retire(db_conn *c, int64_t unit_id, int64_t visit_type_id);

typedef struct slot {
	int64_t id, unit_id, staff_id;
	const char *staff_name;
	unix_time start_at, end_at;
	int64_t visit_type_id; /* 0: any type the clinician offers */
	int64_t template_id;   /* 0: a one-off slot */
	bool blocked;
	int64_t booked_appointment; /* the booked appointment in it, 0 when free */
	int64_t booked_patient;     /* its patient, 0 when free */
} slot;

/* Inserts the slot unless the clinician already has one starting then:
 * *inserted tells which (a template generated twice adds nothing). */
status store_slot_insert(db_conn *c, const slot *s, bool *inserted);
/* The id of the clinician's slot starting at start; ST_NOT_FOUND when none. */
status store_slot_find(db_conn *c, int64_t staff_id, unix_time start, int64_t *id);
/* Marks a booked appointment done (the demo world's past visits). */
status store_appt_mark_done(db_conn *c, int64_t id, unix_time at);
/* One slot of the unit; ST_NOT_FOUND for another unit's. */
status store_slot_get(db_conn *c, arena *ar, int64_t unit_id, int64_t id, slot *out);
/* The unit's slot's unit by id alone (for the staff pages that name only the slot). */
status store_slot_unit(db_conn *c, int64_t id, int64_t *unit_id);
/* Blocks or frees a slot of the unit. Blocking a booked slot changes nothing:
 * ST_CONFLICT; ST_NOT_FOUND for no such slot of the unit. */
status store_slot_set_blocked(db_conn *c, int64_t unit_id, int64_t id, bool blocked);
/* The unit's slots from..to (start times), optionally of one clinician
 * (staff_id 0: all), with the booked appointment in each, by time. */
status store_slots_between(db_conn *c, arena *ar, int64_t unit_id, int64_t staff_id, unix_time from, unix_time to,
                           size_t max, slot **out, size_t *n, bool *more);
/* Which free slots store_slots_free_matching finds: the unit's, overlapping
 * from..to and starting after now; staff_id, template_id, visit_type_id 0
 * for any. */
typedef struct slot_match {
	int64_t unit_id, staff_id, template_id, visit_type_id;
	unix_time from, to, now;
} slot_match;
/* The ids of the matching slots that hold no booked appointment (blocked
 * or not), by time, at most max (then *more). */
status store_slots_free_matching(db_conn *c, arena *ar, const slot_match *m, size_t max, int64_t **ids, size_t *n,
                                 bool *more);
/* Removes a slot of the unit that holds no booked appointment: deleted
 * when nothing refers to it, else blocked. ST_NOT_FOUND when it is booked
 * or not the unit's. */
status store_slot_remove_free(db_conn *c, int64_t unit_id, int64_t id);
/* Free slots of the unit for the visit type from..to: not blocked, not
 * booked, of the type or of any type, with a clinician who offers it;
 * by time, at most max. */
status store_slots_free(db_conn *c, arena *ar, int64_t unit_id, int64_t visit_type_id, unix_time from, unix_time to,
                        size_t max, slot **out, size_t *n, bool *more);
/* The same free slots starting from..before, the latest first, at most max. */
status store_slots_free_before(db_conn *c, arena *ar, int64_t unit_id, int64_t visit_type_id, unix_time from,
                               unix_time before, size_t max, slot **out, size_t *n);

/* ---- closures and absences ------------------------------------------------------------ */

/* A span when the unit (staff_id 0) or one clinician takes no appointments. */
typedef struct closure {
	int64_t id, unit_id, staff_id;
	const char *staff_name; /* NULL for the whole unit */
	unix_time starts_at, ends_at;
	const char *reason; /* NULL when none */
	int64_t created_by;
	unix_time created_at;
} closure;

status store_closure_insert(db_conn *c, const closure *in, int64_t *id);
/* The unit's closures ending after `after`, by start, at most max. */
status store_closures_of_unit(db_conn *c, arena *ar, int64_t unit_id, unix_time after, size_t max, closure **out,
                              size_t *n, bool *more);
/* One closure of the unit (over or not); ST_NOT_FOUND for another unit's or none. */
status store_closure_get(db_conn *c, arena *ar, int64_t unit_id, int64_t id, closure *out);
/* Whether a closure of the slot's unit, or an absence of its clinician,
 * overlaps the slot (false for no such slot). */
status store_slot_closed(db_conn *c, int64_t slot_id, bool *out);
/* Deletes a closure of the unit: ST_NOT_FOUND for another unit's or none. */
status store_closure_delete(db_conn *c, int64_t unit_id, int64_t id);

/* ---- appointments ------------------------------------------------------------------- */

typedef struct appointment {
	int64_t id, patient_id, unit_id, slot_id;
	const char *status; /* booked, cancelled, moved, done */
	const char *cancelled_reason;
	bool cancelled_by_staff;
	int64_t moved_to;
	int64_t booked_by, by_staff;
	unix_time created_at, changed_at;
	unix_time start_at, end_at;
	int64_t staff_id;
	const char *staff_name, *staff_title;
	visit_type type;
	unit_rules unit;
	int64_t open_request; /* an open change/cancel request, 0 when none */
	const char *open_request_kind;
	const char *patient_name, *patient_nin; /* staff lists only */
	unix_time checked_in_at;                /* P6: 0 when not checked in */
	int64_t open_forms;                     /* questionnaires tied to it not yet answered */
} appointment;

typedef struct appointment_new {
	int64_t patient_id, unit_id, slot_id, visit_type_id;
	int64_t booked_by, by_staff; /* by_staff 0: booked by a citizen */
	unix_time now;
} appointment_new;

/* Books slot_id for the patient in one conditional INSERT: only when the
 * slot is the unit's, not blocked, starts after now, is of the type or of
 * any type, and its clinician offers the type. ST_CONFLICT when the slot is
 * booked already (the unique index refuses it; on PostgreSQL the
 * transaction is then aborted, so the caller ends it); ST_NOT_FOUND when
 * the slot does not qualify. */
status store_appt_book(db_conn *c, const appointment_new *in, int64_t *id);
/* One appointment of this patient (citizen_view: not a home-care visit);
 * ST_NOT_FOUND for anything else. */
status store_appt_get(db_conn *c, arena *ar, int64_t patient_id, int64_t id, bool citizen_view, appointment *out);
/* The appointment's patient and unit by id alone, for staff actions. */
status store_appt_owner(db_conn *c, int64_t id, int64_t *patient_id, int64_t *unit_id);
/* The patient's appointments: upcoming (booked, ending after now, soonest
 * first) or past (the rest, newest first). citizen_view leaves out
 * home-care visits, and what a citizen's list does not show: the patient's
 * name and identity number (""), the open request and the open forms (0,
 * NULL; store_appt_get has them). At most max (then *more). */
status store_appts_of_patient(db_conn *c, arena *ar, int64_t patient_id, bool upcoming, bool citizen_view,
                              unix_time now, size_t max, appointment **out, size_t *n, bool *more);

/* An upcoming appointment as a citizen's home page lists it. */
typedef struct appointment_brief {
	int64_t id;
	unix_time start_at;
	const char *type_nb, *type_en, *unit_name;
} appointment_brief;

/* The patient's upcoming appointments as store_appts_of_patient lists them
 * in the citizen's view (booked, ending after now, soonest first, no
 * home-care visit), with only what the home page shows: a query of four
 * tables where the full list reads seven and three subqueries a row. */
status store_appts_upcoming_brief(db_conn *c, arena *ar, int64_t patient_id, unix_time now, size_t max,
                                  appointment_brief **out, size_t *n);

/* Cancels a booked appointment of the patient: ST_NOT_FOUND when it is not
 * booked (or not theirs). reason NULL for none. */
status store_appt_cancel(db_conn *c, int64_t patient_id, int64_t id, const char *reason, bool by_staff, unix_time at);
/* Marks a booked appointment moved to new_id. ST_NOT_FOUND when not booked. */
status store_appt_mark_moved(db_conn *c, int64_t patient_id, int64_t id, int64_t new_id, unix_time at);
/* Booked appointments of the unit starting from..to (staff_id 0: every
 * clinician), by time (ties by id), with their patients: the day list. */
status store_appts_of_unit(db_conn *c, arena *ar, int64_t unit_id, int64_t staff_id, unix_time from, unix_time to,
                           size_t max, appointment **out, size_t *n, bool *more);

/* Records the e-check-in of a booked appointment of the patient by person
 * `by`: ST_NOT_FOUND when it is not booked, not theirs or checked in already. */
status store_appt_check_in(db_conn *c, int64_t patient_id, int64_t id, int64_t by, unix_time at);

/* ---- change and cancel requests ----------------------------------------------------------- */

typedef struct appt_request {
	int64_t id, appointment_id, patient_id, unit_id;
	const char *kind;    /* change, cancel */
	const char *message; /* NULL when none */
	const char *status;  /* open, accepted, refused */
	const char *answer;
	int64_t created_by;
	unix_time created_at, answered_at;
	appointment appt; /* the appointment it is about (queue rows) */
} appt_request;

/* ST_CONFLICT when the appointment has an open request already. */
status store_appt_request_insert(db_conn *c, const appt_request *r, int64_t *id);
/* One request by id, with its appointment. */
status store_appt_request_get(db_conn *c, arena *ar, int64_t id, appt_request *out);
/* Answers an open request: ST_NOT_FOUND when it is not open. */
status store_appt_request_answer(db_conn *c, int64_t id, const char *status, const char *answer, int64_t staff_id,
                                 unix_time at);
/* Open requests at units where staff_id holds one of roles, oldest first. */
status store_appt_requests_open(db_conn *c, arena *ar, int64_t staff_id, unsigned roles, size_t max, appt_request **out,
                                size_t *n, bool *more);
/* The patient's requests about one appointment, newest first. */
status store_appt_requests_of(db_conn *c, arena *ar, int64_t patient_id, int64_t appointment_id, size_t max,
                              appt_request **out, size_t *n);

/* ---- jobs ------------------------------------------------------------------------------ */

/* An appointment a job announced: its id and patient. */
typedef struct appt_due {
	int64_t id, patient_id;
} appt_due;

/* Marks booked appointments starting from now to `until` not yet reminded
 * as reminded, and returns them (at most max, the earliest first, ties by
 * id): one conditional UPDATE, so two processes never remind twice. */
status store_appt_remind_due(db_conn *c, arena *ar, unix_time now, unix_time until, size_t max, appt_due **out,
                             size_t *n);
/* The same for e-check-in opening: booked appointments of a type that asks
 * for check-in, starting from `from` to `until`, not yet announced. */
status store_appt_checkin_due(db_conn *c, arena *ar, unix_time from, unix_time until, unix_time now, size_t max,
                              appt_due **out, size_t *n);

#endif
