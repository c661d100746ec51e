/* qform.h — a FHIR Questionnaire (domain/questionnaire_form.h) as a page's
 * form, shared by every area whose form is a questionnaire: questionnaires
 * sent by clinicians (web/questionnaires.c) and applications for municipal
 * services (web/services.c). One rendering, one validation: the inputs are
 * declared at run time from the items, named by domain
 * questionnaires_answer_field, and the template walks qform_inputs with the
 * questionnaire_input partial. */
#ifndef HELSAMI_WEB_QFORM_H
#define HELSAMI_WEB_QFORM_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "domain/questionnaire_form.h"
#include "web/form.h"
#include "web/web.h"

/* The inputs of a questionnaire's form, then "revision" and "action" (save or submit). */
form_field *qform_fields(arena *a, const qf_form *qf, size_t *n);
/* The form as a POST gives it: qf's definition expanded with the
 * instances of each occurrence of a repeating group the page says it
 * showed ("r" and the occurrence's key, qf_count: "r4", "r9.1"). False
 * when a count is out of range or names an occurrence the form does not
 * have (an instance of a parent that is not there). */
bool qform_posted(arena *a, const qf_form *qf, const kv_list *in, qf_form *out);
/* Reads a page's query: ?done= (one of done_choices) and ?add= (the key of
 * the occurrence of a repeating group that "add another" asked one more
 * instance of; NULL without). Answers 400 and returns false for anything
 * else. */
bool qform_query(request *rq, reply *rp, const char *const *done_choices, const char **done, const char **add);
/* The stored form (questionnaires_form_load's form, answers and enabled
 * flags) again with one more instance of the occurrence named key (none
 * past qf_instances_max). ST_INVALID when the form has no such occurrence. */
status qform_add_instance(arena *a, const char *response, const char *key, qf_form *qf, qf_answer **answers,
                          bool **enabled);
/* What a POST asks for: "submit", or "save" for saving a draft, which is
 * also what "add another" (then *add is the occurrence's key, for the
 * page after: qf_stored_key once saved) and "remove" (the instance's
 * answers are cleared in answers, so it goes; a repeating question's
 * answer is taken out of its answers) do first. NULL without an action. */
const char *qform_action(arena *a, const qf_form *qf, const form *f, qf_answer *answers, const char **add);
/* Repeating questions other than choices (web/qform_repeat.c). The
 * buttons' values ("add-KEY", "remove-N.K") of qf's repeating questions
 * into out (NULL: only counted); returns how many. */
size_t qform_repeat_choices(arena *a, const qf_form *qf, const char **out);
/* False when the post (in) holds more answers to a repeating question than
 * its page shows, or its "remove" names a box the post does not have. */
bool qform_repeat_posted(arena *a, const qf_form *qf, const kv_list *in);
/* When action removes a repeating question's box: takes its answer out of
 * answers and returns true; false for any other action. */
bool qform_repeat_remove(arena *a, const qf_form *qf, const form *f, const char *action, qf_answer *answers);
/* A repeating question's boxes (one empty without answers), their "remove"
 * and "add another" ("add_value"; null at its maxOccurs) on its model o;
 * id: the question's element id. */
void qform_repeat_into(json_t *o, arena *a, const qf_form *qf, size_t i, const form *f, const char *id);
/* The answers a parsed form gives, one per item. */
qf_answer *qform_answers(arena *a, const qf_form *qf, const form *f);
/* A form showing stored answers, for the first render. */
void qform_from_answers(arena *a, enum locale loc, const qf_form *qf, const qf_answer *answers,
                        const form_field *fields, size_t nfields, form *f);
/* The questionnaire engine's checks on what the form accepted, so a refused
 * page names every problem at once. */
void qform_check_rest(arena *a, const qf_form *qf, const qf_answer *stored, form *f, bool submit);
/* The items as the template's flat list (fieldsets open and close). */
json_t *qform_inputs(request *rq, const qf_form *qf, const form *f, const qf_answer *settled, const bool *enabled);
/* What static/questionnaire.js needs to turn item i on and off as the
 * person answers (web/qform_enable.c), on the item's model o: "off" (the
 * answers as they stand turn it off: hidden, its inputs disabled), its
 * position, the item it is in, whether it is a follow-up, the answers of a
 * question that is no input, and its conditions and enableBehavior. */
void qform_enable_into(arena *a, json_t *o, const qf_form *qf, size_t i, const qf_answer *settled, const bool *enabled);
/* The error summary names the question, not a generic label. */
void qform_summary_labels(json_t *m, arena *a, enum locale loc, const qf_form *qf);
/* The form on a page model m: "items" (qform_inputs), "revision", the form's
 * model and its error summary naming the questions. f is the form as sent
 * (NULL: the stored answers, or the initial values). True when it has errors. */
bool qform_model(request *rq, json_t *m, const qf_form *qf, const qf_answer *stored, form *f, int64_t revision);
/* The language of the form's texts for this reader on a page model m:
 * "form_lang" (qf_text_language), the form's container's `lang`, and
 * "ui_lang", the page's, when it differs: the portal's own words within
 * the form say it. */
void qform_lang_into(json_t *m, const qf_form *qf, enum locale loc);
/* The answers read only, in sections (the questionnaire_answers partial);
 * a file answer links to its download route after `route` ("" for the
 * citizen's, "/staff/patients/:id" for a clinician's, NULL: no link). */
json_t *qform_answers_model(arena *a, enum locale loc, const qf_form *qf, const qf_answer *answers, const bool *enabled,
                            const char *route);

#endif
