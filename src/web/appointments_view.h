/* appointments_view.h — how an appointment reads on a page, shared by the
 * citizen's pages (web/appointments.c), the home page and the staff pages
 * (web/appointments_staff.c): times in Norway's clock, the visit type in
 * the reader's language, the fee, free slots grouped day by day. */
#ifndef HELSAMI_WEB_APPOINTMENTS_VIEW_H
#define HELSAMI_WEB_APPOINTMENTS_VIEW_H

#include <jansson.h>

#include "core/arena.h"
#include "core/ctx.h"
#include "store/appointments.h"
#include "store/short_notice.h"
#include "web/form.h"

/* "08.15" (nb) or "08:15" (en), Oslo time; in a. */
const char *appt_clock_text(arena *a, enum locale loc, unix_time t);
/* "mandag 23. november 2026" / "Monday 23 November 2026", Oslo time; in a. */
const char *appt_day_text(arena *a, enum locale loc, unix_time t);
/* The type's name in loc (borrowed). */
const char *appt_type_name(const visit_type *t, enum locale loc);
/* A problem's message (domain/problems.h) in loc, its {max} filled in; in a. */
const char *appt_problem_text(arena *a, enum locale loc, const char *key, int64_t max);
/* A refusal in words on the appointment_refused page, with status `code`:
 * the form's errors (f may be NULL), then the problems' messages (pr may be
 * NULL), and a link back. */
void appt_refused_page(request *rq, reply *rp, const form *f, const problems *pr, const char *back, int code);
/* Ends page model m of a citizen's form about appointment id and renders
 * it: the form's action (handler action's route for id), the link back to
 * the appointment, the refused form f (NULL: none). */
void appt_form_page(request *rq, reply *rp, json_t *m, int64_t id, web_handler action, const form *f, const char *page);
/* {id, when, day, time, end_time, iso, type, mode, minutes, fee, unit,
 * phone, clinician, clinician_title, status, booked, cancelled, moved,
 * reason, bring, url}. */
json_t *appt_model(arena *a, enum locale loc, const appointment *ap);
/* [{week, key, days: [{day, key, slots: [{id, time, when, clinician}]}]}]:
 * slots in time order grouped by ISO 8601 week ("Uke 48"; the year added
 * when it is not now's) and by day. */
json_t *appt_days_model(arena *a, enum locale loc, const slot *slots, size_t n, bool with_clinician, unix_time now);

/* Where the appointment's e-check-in stands, for staff lists (P6): "checked
 * in 03.12.2026 10.15", "open (questionnaires not answered: 1)", ...; JSON
 * null when it asks for none (web/checkin.c). */
json_t *appt_checkin_label(arena *a, enum locale loc, const appointment *ap, unix_time now);

/* The open short-notice offers as a list for a page (web/short_notice.c). */
json_t *appt_offers_model(arena *a, enum locale loc, const sn_offer *o, size_t n);

#endif
