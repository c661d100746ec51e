/* appointments.h — the rules of appointments (SPEC.md P1-P3, P9, W2, W3).
 *
 * Citizens (and a representative whose access kind holds the capability):
 * P1 lists upcoming and past appointments of the open record and shows one
 * (never a home-care visit: to a citizen it does not exist); P2 books at the
 * units where the person is a patient and self-booking is on, a
 * self-bookable visit type, a free slot from now to the unit's booking
 * window; P3 changes or cancels until the unit's deadline where self-change
 * is on, else sends a change or cancellation request to the unit's office
 * where requests are on, else the unit's phone number is all there is.
 *
 * Staff work per unit in the role they hold there (CAP_W2_SCHEDULES: a
 * clinician or the office of that unit, never a role held elsewhere): visit
 * types, weekly templates that generate slots (idempotent), one-off slots,
 * blocking, booking for a patient of the unit, moving, cancelling with a
 * reason the patient sees, the day list, the unit's rules and its queue of
 * change/cancel requests.
 *
 * Every read and change by a representative or staff is in the patient's
 * access log, in the same transaction, with both identities; a booking,
 * move or cancellation adds an "appointment" event to the outbox, which
 * holds the appointment's id only (no unit, clinician or visit type).
 *
 * Statuses: ST_DENIED (capability or role lacking), ST_NOT_FOUND (not the
 * reader's to see: another person's appointment, another unit's slot, a
 * forged id), ST_INVALID (a rule refused it: the problems say which, field
 * "slot" or the form's own fields), ST_CONFLICT (the slot was just taken).
 * Memory comes from x->arena. */
#ifndef HELSAMI_DOMAIN_APPOINTMENTS_H
#define HELSAMI_DOMAIN_APPOINTMENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/core.h"
#include "core/ctx.h"
#include "domain/problems.h"
#include "domain/record.h"
#include "store/appointments.h"
#include "store/questionnaires.h"
#include "store/settings.h"
#include "store/short_notice.h"

enum {
	APPT_LIST_MAX = 100,             /* appointments on a page: years of regular visits */
	APPT_FREE_MAX = 600,             /* free slots shown for booking: six weeks of a busy office's type */
	APPT_NEAREST = 3,                /* free times offered when the one chosen was just taken */
	APPT_DAY_MAX = 500,              /* slots on one unit's day list */
	APPT_QUEUE_MAX = 100,            /* requests on a queue page */
	APPT_REASON_MAX = 500,           /* a cancellation reason: a few sentences */
	APPT_MESSAGE_MAX = 1000,         /* a request's message or answer: about a page */
	APPT_GENERATE_MAX = 26 * 7 * 96, /* slots one template line can make: 15-minute slots all day for 26 weeks */
	APPT_OFFERS_MAX = 20,            /* P4: short-notice offers out at once for one slot (migration 15's CHECK) */
	APPT_ANSWER_MIN = 5,             /* P4: an offer's answer time in minutes, at least */
	APPT_ANSWER_MAX = 2880,          /* and at most two days */
	APPT_CLOSURE_MAX = 200,          /* closures and absences ahead at one unit: a year of a big department's */
	APPT_CLOSURE_REASON_MAX = 200,   /* "Juleferie", "Kurs i Bergen": a line */
};

/* ---- citizens ------------------------------------------------------------------ */

/* What may be done with an appointment now (P3). */
typedef struct appt_allowed {
	bool upcoming;      /* booked and not begun */
	bool may_change;    /* self-change on, before the deadline */
	bool may_request;   /* requests on, no open request */
	bool request_open;  /* a request is waiting for the office */
	bool call;          /* neither: call the unit's phone */
	unix_time deadline; /* the last moment for changing oneself */
} appt_allowed;

/* The rule of P3 for appointment a at x->now. Pure. */
appt_allowed appt_allowed_now(const ctx *x, const appointment *a);

/* The open record's appointments: upcoming soonest first, past newest first. */
status appt_list(const ctx *x, appointment **upcoming, size_t *nup, appointment **past, size_t *npast);

/* The open record's upcoming appointments (at most max), for the home page. */
status appt_upcoming(const ctx *x, size_t max, appointment_brief **out, size_t *n);

/* One appointment of the open record, what may be done with it, and its
 * requests (newest first). */
status appt_get(const ctx *x, int64_t id, appointment *out, appt_allowed *allowed, appt_request **requests,
                size_t *nrequests);

/* A unit the open record may book at, and its self-bookable visit types. */
typedef struct appt_offer {
	unit_rules unit;
	visit_type *types;
	size_t ntypes;
} appt_offer;

/* The units where the open record is a patient and self-booking is on. */
status appt_offers(const ctx *x, appt_offer **out, size_t *n);

/* The free slots for booking visit_type_id at unit_id, from now to the
 * unit's booking window, with the unit and type: ST_INVALID (problem on
 * "unit" or "type") when the person is not a patient there, self-booking
 * is off or the type is not self-bookable; ST_NOT_FOUND for a type not of
 * the unit or a unit that does not exist. */
status appt_free(const ctx *x, int64_t unit_id, int64_t visit_type_id, problems *pr, unit_rules *u, visit_type *type,
                 slot **out, size_t *n);

/* Books slot_id: the checks of appt_free, then the slot: in the past or
 * past the window (ST_INVALID on "slot"), not the unit's (ST_NOT_FOUND),
 * booked or blocked meanwhile (ST_CONFLICT). *id is the new appointment.
 * earlier: the person asks for an earlier time, so the appointment joins
 * the unit's short-notice list (P4, where the reader holds it). */
status appt_book(const ctx *x, int64_t unit_id, int64_t visit_type_id, int64_t slot_id, bool earlier, problems *pr,
                 int64_t *id);

/* The free slots nearest the start of slot_id (or now, when it is no slot
 * of the unit), at most APPT_NEAREST in time order, for the page that says
 * a time was just taken. */
status appt_nearest(const ctx *x, int64_t unit_id, int64_t visit_type_id, int64_t slot_id, slot **out, size_t *n);

/* Cancels the open record's appointment itself (P3): ST_INVALID on "slot"
 * when self-change is off, the deadline has passed or it is not upcoming. */
status appt_cancel(const ctx *x, int64_t id, problems *pr);

/* The free slots the appointment may be moved to (same unit and type). */
status appt_change_options(const ctx *x, int64_t id, appointment *a, slot **out, size_t *n, problems *pr);

/* Moves the appointment to slot_id (P3): the rules of appt_cancel and of
 * appt_book; *new_id is the new appointment (the old one is marked moved). */
status appt_move(const ctx *x, int64_t id, int64_t slot_id, problems *pr, int64_t *new_id);

/* Sends a change or cancellation request (kind "change" or "cancel") with
 * an optional message to the unit's office: ST_INVALID when requests are
 * off, one is open already or the appointment is not upcoming. */
status appt_send_request(const ctx *x, int64_t id, const char *kind, const char *message, problems *pr);

/* ---- e-check-in (P6) ----------------------------------------------------------- */

/* Where an appointment's check-in stands: not asked for (the visit type does
 * not ask, or it is not booked), not yet open, open (from CHECKIN_OPENS_S
 * until CHECKIN_CLOSES_S before the start), closed, or done. */
typedef enum checkin_state { CHECKIN_NONE, CHECKIN_NOT_YET, CHECKIN_OPEN, CHECKIN_CLOSED, CHECKIN_DONE } checkin_state;

/* The state of a's check-in at now. Pure. */
checkin_state appt_checkin_state(const appointment *a, unix_time now);

/* What the check-in page shows: the appointment, the patient's contact
 * details to confirm (S1) and the questionnaires tied to it (Q1; for a
 * guardian, not those hidden from guardians). */
typedef struct appt_checkin {
	appointment appt;
	checkin_state state;
	contact_details contact;
	bool has_contact;
	questionnaire_request *forms;
	size_t nforms, open_forms;
} appt_checkin;

status appt_checkin_get(const ctx *x, int64_t id, appt_checkin *out);

/* Checks the open record in for appointment id: ST_INVALID with a problem
 * on "state" when check-in is not open, on "confirm" when the contact
 * details were not confirmed, on "forms" while a tied questionnaire is not
 * answered; ST_CONFLICT when it was checked in meanwhile. */
status appt_check_in(const ctx *x, int64_t id, bool contact_confirmed, problems *pr);

/* ---- staff ------------------------------------------------------------------------ */

/* A unit's schedule on one day for the staff member: the rules, visit
 * types, templates, the day's slots (with what is booked in each) and its
 * appointments with their patients (each listed appointment is logged as
 * a read of its patient's data). staff_filter 0: every clinician. */
typedef struct appt_day {
	unit_rules unit;
	const char *role; /* the reader's role at the unit */
	date day;
	visit_type *types;
	size_t ntypes;
	int64_t **type_clinicians; /* per type, the staff ids who offer it */
	size_t *ntype_clinicians;
	schedule_template *templates;
	size_t ntemplates;
	unit_clinician *clinicians;
	size_t nclinicians;
	slot *slots;
	size_t nslots;
	appointment *appts;
	size_t nappts;
	bool more;
} appt_day;

status appt_staff_day(const ctx *x, int64_t unit_id, date day, int64_t staff_filter, appt_day *out);

/* The check-in list (P6): the unit's booked appointments of types that ask
 * for e-check-in, from the start of today until check-in opens for none
 * more (CHECKIN_OPENS_S ahead), by time (each logged as a read), in
 * out->appts; out->unit and out->role as for the day list. */
status appt_staff_checkins(const ctx *x, int64_t unit_id, appt_day *out);

/* What a staff page names by id. */
enum appt_object {
	APPT_OBJ_UNIT,
	APPT_OBJ_SLOT,
	APPT_OBJ_APPOINTMENT,
	APPT_OBJ_REQUEST,
	APPT_OBJ_TYPE,    /* a visit type of the unit named beside it */
	APPT_OBJ_LINE,    /* a template line of the unit named beside it */
	APPT_OBJ_CLOSURE, /* a closure or absence of the unit named beside it */
};

/* Whether the staff member may work on the object at its unit (before a
 * form is even read): ST_OK; ST_DENIED for a unit where they work in a role
 * without schedules; ST_NOT_FOUND for anything outside their units (and a
 * slot, appointment or request at a unit where their role lacks it). */
status appt_staff_access(const ctx *x, enum appt_object kind, int64_t id);

/* appt_staff_access for an item named with its unit (APPT_OBJ_TYPE,
 * APPT_OBJ_LINE, APPT_OBJ_CLOSURE): the unit as for APPT_OBJ_UNIT, then ST_NOT_FOUND for an
 * item that is not the unit's. */
status appt_staff_item_access(const ctx *x, int64_t unit_id, enum appt_object kind, int64_t item_id);

/* The units where the staff member holds a role with CAP_W2_SCHEDULES. */
status appt_staff_units(const ctx *x, unit_rules **out, size_t *n);

/* Adds a visit type to the unit, offered by the clinicians given (who must
 * work there). Problems on name_nb, name_en, minutes, mode, category, fee,
 * clinicians. */
status appt_staff_add_type(const ctx *x, int64_t unit_id, const visit_type *in, const int64_t *clinicians,
                           size_t nclinicians, problems *pr, int64_t *id);

/* Adds a weekly template line for a clinician of the unit (problems on
 * staff, weekday, start, end, slot_minutes, type). */
status appt_staff_add_template(const ctx *x, int64_t unit_id, const schedule_template *in, problems *pr, int64_t *id);

/* What an edit or retirement did to the unit's free slots. */
typedef struct appt_edit_result {
	size_t removed, added;
} appt_edit_result;

/* Edits an active visit type of the unit (the checks of
 * appt_staff_add_type; the clinicians given replace those who offered it).
 * Booked appointments keep their slot and time and show the type as it now
 * reads; free slots stay, offered to the clinicians who now offer it.
 * ST_NOT_FOUND for a type not of the unit; ST_INVALID (problem on "type")
 * for a retired one. */
status appt_staff_edit_type(const ctx *x, int64_t unit_id, int64_t type_id, const visit_type *in,
                            const int64_t *clinicians, size_t nclinicians, problems *pr);

/* Retires a visit type of the unit: citizens and staff can no longer book
 * it, its template lines are retired with it, and its free slots not begun
 * are removed (out->removed); booked appointments stay as they are.
 * Retiring a retired type changes nothing. */
status appt_staff_retire_type(const ctx *x, int64_t unit_id, int64_t type_id, appt_edit_result *out);

/* Edits an active template line of the unit (the checks of
 * appt_staff_add_template; weeks 1..SCHED_WEEKS_MAX, 0 for the unit's
 * booking window): the line's free
 * slots not begun are removed and it generates anew for `weeks` weeks from
 * today (out->removed, out->added); booked slots and their appointments
 * stay where they are. ST_NOT_FOUND for a line not of the unit, ST_INVALID
 * (problem on "template") for a retired one. */
status appt_staff_edit_template(const ctx *x, int64_t unit_id, int64_t template_id, const schedule_template *in,
                                int weeks, problems *pr, appt_edit_result *out);

/* Retires a template line of the unit: it generates nothing more and its
 * free slots not begun are removed; booked appointments stay. */
status appt_staff_retire_template(const ctx *x, int64_t unit_id, int64_t template_id, appt_edit_result *out);

/* Generates the unit's slots from its templates for `weeks` weeks from
 * today (1..SCHED_WEEKS_MAX): idempotent, *added counts the new ones. */
status appt_staff_generate(const ctx *x, int64_t unit_id, int weeks, size_t *added);

/* A one-off slot for a clinician of the unit on `day` at start_minute
 * (Oslo time) lasting minutes. ST_CONFLICT when the clinician has a slot
 * starting then. */
status appt_staff_add_slot(const ctx *x, int64_t unit_id, int64_t staff_id, date day, int start_minute, int minutes,
                           problems *pr, int64_t *id);

/* Blocks (or frees) a slot; ST_CONFLICT when it is booked. */
status appt_staff_block(const ctx *x, int64_t slot_id, bool blocked);

/* Books a slot of the unit for a patient of the unit (W2). */
status appt_staff_book(const ctx *x, int64_t patient_id, int64_t slot_id, int64_t visit_type_id, problems *pr,
                       int64_t *id);

/* Cancels an appointment with a reason the patient sees (required). */
status appt_staff_cancel(const ctx *x, int64_t appt_id, const char *reason, problems *pr);

/* Moves an appointment to another free slot of its unit. */
status appt_staff_move(const ctx *x, int64_t appt_id, int64_t slot_id, problems *pr, int64_t *new_id);

/* Sets the unit's rules (problems on deadline, weeks, phone, and the
 * short-notice numbers offers 1..APPT_OFFERS_MAX and answer minutes
 * APPT_ANSWER_MIN..APPT_ANSWER_MAX). */
status appt_staff_set_rules(const ctx *x, const unit_rules *in, problems *pr);

/* Adds a closure of the unit (in->staff_id 0) or an absence of one of its
 * clinicians over [in->starts_at, in->ends_at) (sched_span makes them from
 * Oslo days and times), with an optional reason: the free slots it covers
 * that have not begun are removed (out->removed) and templates generate
 * none there; booked appointments stay, listed by appt_staff_closures.
 * Problems on "to" (empty, backwards or all in the past), "staff" (no
 * clinician of the unit), "reason". */
status appt_staff_add_closure(const ctx *x, int64_t unit_id, const closure *in, problems *pr, appt_edit_result *out,
                              int64_t *id);

/* The unit's closures and absences not yet over, each with the booked
 * appointments it hits that have not ended (hits[i], nhits[i]; each logged
 * as a read of its patient's data). */
typedef struct appt_closures {
	unit_rules unit;
	const char *role;
	unit_clinician *clinicians;
	size_t nclinicians;
	closure *closures;
	size_t nclosures;
	appointment **hits;
	size_t *nhits;
	bool more;
} appt_closures;

status appt_staff_closures(const ctx *x, int64_t unit_id, appt_closures *out);

/* Cancels the booked appointments closure_id of the unit hits (those of
 * appt_staff_closures) named in appts, with a reason the patient sees
 * (required, as for appt_staff_cancel): each patient is told (an
 * "appointment" event, the id only), and the freed slots are removed, not
 * offered on: they lie in the closure. One that was cancelled or moved
 * meanwhile is left as it is; an id that is not the unit's, or a booked
 * appointment the closure does not hit, is ST_NOT_FOUND and nothing is
 * cancelled. Problems on "reason" and "appointment" (none chosen).
 * *cancelled counts those cancelled. */
status appt_staff_closure_cancel(const ctx *x, int64_t unit_id, int64_t closure_id, const int64_t *appts, size_t n,
                                 const char *reason, problems *pr, size_t *cancelled);

/* Deletes a closure or absence of the unit (ST_NOT_FOUND for another's).
 * The slots it removed do not come back until the templates generate again. */
status appt_staff_remove_closure(const ctx *x, int64_t unit_id, int64_t closure_id);

/* The chart's appointment section (W2): the patient's upcoming and past
 * appointments at the unit the chart is open in (none under emergency
 * access, which is tied to no unit), for a role there with
 * CAP_W2_SCHEDULES; the read is logged like the chart's other sections. */
typedef struct appt_chart {
	record_patient patient;
	appointment *upcoming, *past;
	size_t nup, npast;
} appt_chart;

status appt_staff_chart(const ctx *x, int64_t patient_id, appt_chart *out);

/* The open change/cancel requests of the reader's units (W3), oldest first,
 * only those whose patient the reader may open there; each logged. */
status appt_staff_requests(const ctx *x, appt_request **out, size_t *n, bool *more);

/* The unit's short-notice list and the offers made from it with their
 * outcomes (P4, W2), for staff of the unit; each listed person is logged
 * as a read of their appointments. */
typedef struct appt_short_notice {
	unit_rules unit;
	const char *role;
	sn_entry *entries;
	size_t nentries;
	sn_offer *offers;
	size_t noffers;
	bool more;
} appt_short_notice;

status appt_staff_short_notice(const ctx *x, int64_t unit_id, appt_short_notice *out);

/* Accepts (a cancel: cancelled with the answer as reason; a change: moved
 * to slot_id) or refuses (answer required) a request. */
status appt_staff_answer(const ctx *x, int64_t request_id, bool accept, int64_t slot_id, const char *answer,
                         problems *pr);

#endif
