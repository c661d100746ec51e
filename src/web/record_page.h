/* record_page.h — what the record areas' pages share (web/summary.c,
 * web/allergy_queue.c, web/care_team.c, web/visits.c, and in part
 * medications.c, results.c and questionnaires.c): JSON values that are
 * never NULL, the patient header of a staff page, a page's one query flag,
 * a form's options and fields, and the answer to a form's POST. */
#ifndef HELSAMI_WEB_RECORD_PAGE_H
#define HELSAMI_WEB_RECORD_PAGE_H

#include <jansson.h>

#include "domain/record.h"
#include "store/visits.h"
#include "web/form.h"
#include "web/i18n.h"
#include "web/web.h"

/* A JSON string that is never NULL ("" for NULL or invalid UTF-8). */
json_t *rec_str(const char *s);
/* The catalog text PREFIX.CODE ("" for a NULL code). */
json_t *rec_label(arena *a, enum locale loc, const char *prefix, const char *code);

/* A free text as its paragraphs, one a line (the writer's line breaks
 * kept without inline style): trailing blanks cut, empty lines dropped. */
json_t *rec_paragraphs(const char *text);
/* {iso, text}: an instant in Norway's time for a <time> element, the text
 * as people write it ("20. november 2026 kl. 08.30"). */
json_t *rec_when(arena *a, enum locale loc, unix_time t);

/* The header of a staff page: {id, name, nin, birth_date, emergency,
 * chart_url}. */
json_t *rec_patient_model(arena *a, const record_patient *p);

/* Sets key in each row of a staff page's list (models with an "id") to the
 * path of handler h's route for the patient and the row. */
void rec_row_urls(arena *a, json_t *list, const char *key, web_handler h, int64_t patient_id);

/* Reads a page's one optional query parameter `name`, which must be one of
 * choices (NULL-terminated): *out is the choice, or NULL when there is none.
 * False after answering 400 for any other query: a page takes no other. */
bool rec_query_choice(request *rq, reply *rp, const char *name, const char *const *choices, const char **out);
/* A new page model holding ?done=CHOICE as done_CHOICE: true, the notice of
 * a change just made (rec_query_choice); NULL after answering 400. */
json_t *rec_done_model(request *rq, reply *rp, const char *const *choices);
/* The path of handler h's route for id (url_for) with ?done=DONE, where a
 * change redirects to; in the arena. */
const char *rec_done_url(arena *a, web_handler h, int64_t id, const char *done);

/* One option of a select or a radio group: {code, label, selected}, selected
 * when code is the chosen one (chosen may be NULL). Takes label. */
json_t *rec_option(const char *code, json_t *label, const char *chosen);
/* rec_option for a row chosen by its id: the code is the id in decimal. */
json_t *rec_id_option(arena *a, int64_t id, json_t *label, const char *chosen);
/* A select's or a radio group's options: [{code, label (the catalog's
 * PREFIX.CODE), selected}], one per code. */
json_t *rec_choices(arena *a, enum locale loc, const char *prefix, const char *const *codes, const char *selected);
/* A select of units: [{code (the unit's id), label (its name), selected}]. */
json_t *rec_unit_choices(arena *a, const unit_choice *units, size_t n, const char *chosen);
/* The value of f's field name as it was sent or set, or NULL (f may be NULL). */
const char *rec_raw(const form *f, const char *name);
/* Sets m[key] to the model of f's fields alone (as form_model_into's "f"),
 * leaving m's error summary as it is: for a page with more than one form. */
void rec_form_fields(json_t *m, const char *key, const form *f, enum locale loc);

/* Makes m a refused form's page: "Error: " before the title (the catalog's
 * PAGE.title), the form's model, status 400. */
void rec_refused(request *rq, reply *rp, json_t *m, const form *f, const char *page);
/* Puts f's model in m ("f", as form_model_into) unless m already holds the
 * refused one (rec_refused, rec_posted). */
void rec_form_into(json_t *m, const form *f, enum locale loc);
/* The answer to a form's POST once the domain has ruled on it, its problems
 * pr added to f: ST_OK redirects to `next`; ST_INVALID gives a new model of
 * the refused form (rec_refused, with PAGE's title) for the caller to render
 * the page with; any other status is answered (reply_status). NULL when
 * answered. */
json_t *rec_posted(request *rq, reply *rp, status st, const char *next, form *f, const problems *pr, const char *page);

/* Adds the home page's record sections to its model (web/home_record.c):
 * home_vaccines, home_stays, home_referrals (arrays; absent when the reader
 * may not see them). Reads are logged like any other. */
void web_home_record(request *rq, json_t *m);

#endif
