/* appointments_internal.h — what the files of the appointments area share
 * (appointments.c, appointments_booking.c, appointments_staff.c,
 * appointments_schedules.c) and nothing outside it includes; the area's
 * contract is domain/appointments.h. Transaction helpers take the ctx
 * domain_tx gives; memory comes from x->arena. */
#ifndef HELSAMI_DOMAIN_APPOINTMENTS_INTERNAL_H
#define HELSAMI_DOMAIN_APPOINTMENTS_INTERNAL_H

#include "domain/appointments.h"
#include "domain/tx.h"

/* What the access log names for the area. */
#define APPT_WHAT "appointments"

/* The outbox event "something is waiting" for the patient, naming the
 * appointment's id only; none for a home-care visit (P1). */
status appt_announce(const ctx *x, int64_t patient_id, int64_t appt_id, const visit_type *t);
/* The first instant after unit u's booking window. */
unix_time appt_window_end(const ctx *x, const unit_rules *u);

/* Citizens: ST_DENIED unless a citizen's open record holds cap. */
status appt_citizen_may(const ctx *x, enum capability cap);
/* A representative's read or change in the person's access log (none for the person's own). */
status appt_citizen_log(const ctx *x, const char *action, int64_t id);
/* fn in a transaction for a reader holding cap: a read (domain_read_tx,
 * logged for a representative), or a write. */
status appt_citizen_read(const ctx *x, enum capability cap, domain_tx_fn fn, void *args);
status appt_citizen_write(const ctx *x, enum capability cap, domain_tx_fn fn, void *args);

/* Books slot_id for patient_id (the checks every booking shares, then the
 * one conditional write; offers of the slot withdrawn): ST_INVALID on
 * "slot" with the reason, ST_CONFLICT when taken, *id the appointment.
 * until: the end of the booking window, 0 for none. */
status appt_book_slot(ctx *x, int64_t patient_id, int64_t unit_id, int64_t vt_id, int64_t slot_id, unix_time until,
                      problems *pr, int64_t *id);
/* Appointment appt_id left slot_id, cancelled (reason "cancelled") or moved
 * to new_id ("moved"): its offers withdrawn, its place on the list kept on
 * a move, the slot offered on (P4). */
status appt_slot_left(ctx *x, int64_t appt_id, int64_t slot_id, const char *reason, int64_t new_id);

/* Staff: the reader's role at unit_id when it holds schedules; ST_DENIED
 * for another role there, ST_NOT_FOUND when they do not work there. */
status appt_unit_open(const ctx *x, int64_t unit_id, const char **role);
/* appt_unit_open, then the unit's rules into *rules: how a staff page of one
 * unit begins. */
status appt_unit_rules_open(const ctx *x, int64_t unit_id, const char **role, unit_rules *rules);
/* A staff read or change of a patient's appointment in the access log. */
status appt_staff_log(const ctx *x, int64_t patient_id, int64_t unit_id, const char *role, const char *action,
                      int64_t id);
/* Cancels booked appointment a for staff holding role at its unit, with the
 * reason the patient sees: its offers withdrawn, its slot freed (offered
 * on, or removed inside a closure: sn_slot_freed), the patient told, the
 * change logged. ST_NOT_FOUND when it is no longer booked. */
status appt_staff_cancel_in(ctx *x, const appointment *a, const char *role, const char *reason);
/* fn in a write transaction for staff holding schedules. */
status appt_staff_run(const ctx *x, domain_tx_fn fn, void *args);

#endif
