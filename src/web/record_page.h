/* record_page.h — what the record areas' pages share (web/summary.c,
 * web/allergy_queue.c, web/care_team.c, web/visits.c): answering a domain
 * status, dates and times in the reader's language, the patient header of
 * a staff page, and moving domain validation problems into a form. */
#ifndef HELSAMI_WEB_RECORD_PAGE_H
#define HELSAMI_WEB_RECORD_PAGE_H

#include <jansson.h>

#include "domain/record.h"
#include "web/form.h"
#include "web/i18n.h"
#include "web/web.h"

/* A citizen page's answer to a domain status other than ST_OK: someone
 * else's data, or a part the reader may not see, does not exist (404). */
void rec_citizen_error(request *rq, reply *rp, status st);
/* A staff page's: ST_DENIED 403 (a role without the capability), ST_NOT_FOUND
 * 404 (not a patient of one's units, or another patient's item), ST_CONFLICT
 * 409, anything else 500. */
void rec_staff_error(request *rq, reply *rp, status st);

/* "12. oktober 2026" / "12 October 2026" for "2026-10-12"; the text itself
 * if it is not a date; "" for NULL. In the arena. */

/* A JSON string that is never NULL ("" for NULL or invalid UTF-8). */
json_t *rec_str(const char *s);
/* The catalog text PREFIX.CODE ("" for a NULL code). */
json_t *rec_label(arena *a, enum locale loc, const char *prefix, const char *code);

/* The header of a staff page: {id, name, nin, birth_date, emergency, back}. */
json_t *rec_patient_model(const record_patient *p);

/* Adds the domain's problems to the form's fields. */
void rec_problems_into(form *f, const record_problems *pr);
/* Makes m a refused form's page: "Error: " before the title (the catalog's
 * PAGE.title), the form's model, status 400. */
void rec_refused(request *rq, reply *rp, json_t *m, const form *f, const char *page);

/* Adds the home page's record sections to its model (web/home_record.c):
 * home_vaccines, home_stays, home_referrals (arrays; absent when the reader
 * may not see them). Reads are logged like any other. */
void web_home_record(request *rq, json_t *m);

#endif
