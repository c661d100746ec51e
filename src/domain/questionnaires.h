/* questionnaires.h — questionnaires (SPEC.md Q1–Q3, W2, W3, N1): clinicians
 * send a questionnaire (a FHIR Questionnaire, domain/questionnaire_form.h)
 * to a patient; the patient, or a representative whose access kind allows
 * it, answers, saves a draft and submits; the clinician reads the answers.
 *
 * Who answers (Q3): only a citizen on their own record or on a represented
 * person's record with CAP_Q3_ANSWER; never staff, never anyone else. The
 * answers record who submitted them, so the clinician sees that a parent
 * answered for a child. Reading the list and a questionnaire needs
 * CAP_Q1_QUESTIONNAIRES; a representative's reads and answers are written
 * to the access log in the same transaction; a guardian's view leaves out
 * questionnaires marked hidden from guardians.
 *
 * What the citizen sees (Q2): open questionnaires (sent, in progress), and
 * answered ones for QUESTIONNAIRE_RECENT_DAYS after they were submitted.
 * Withdrawn ones are gone. Staff see them all.
 *
 * Two people answering at once: every save names the revision it started
 * from; a save from an older revision is ST_CONFLICT and changes nothing,
 * so nobody's answers are overwritten unseen. Submitted answers are final.
 *
 * Sending adds a "questionnaire" event to the notification outbox in the
 * same transaction (the event holds the id only). Staff functions need a
 * clinician who may open the patient's chart (domain/chart.h); every staff
 * read and change is logged through chart_audit (what "questionnaires").
 *
 * Statuses: ST_DENIED, ST_NOT_FOUND (not this patient's, not visible),
 * ST_INVALID (with problems), ST_CONFLICT (see above), ST_INTERNAL. Memory
 * comes from x->arena. */
#ifndef HELSAMI_DOMAIN_QUESTIONNAIRES_H
#define HELSAMI_DOMAIN_QUESTIONNAIRES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/core.h"
#include "core/ctx.h"
#include "domain/chart.h"
#include "domain/problems.h"
#include "domain/questionnaire_files.h"
#include "domain/questionnaire_form.h"
#include "store/appointments.h"
#include "store/questionnaires.h"

enum {
	QUESTIONNAIRE_RECENT_DAYS = 90, /* how long an answered questionnaire stays listed (Q2) */
	QUESTIONNAIRE_LIST_MAX = 100,
	QUESTIONNAIRE_APPTS_MAX = 50, /* upcoming appointments offered to tie a questionnaire to */
	QUESTIONNAIRE_QUEUE_MAX = 100,
};

/* One questionnaire as a page shows it: the request, its form, and the
 * answers so far (one per form item; all empty before any save). */
typedef struct questionnaire_view {
	questionnaire_request r;
	qf_form form;
	qf_answer *answers;
	bool *enabled;       /* per item: enabled by enableWhen given the answers (qf_settle) */
	bool answerable;     /* open, and the reader may answer (Q3) */
	bool patient_only;   /* the reader represents the patient, and the form is for the patient to answer alone */
	person patient;      /* staff reads only */
	chart_access access; /* staff reads only */
} questionnaire_view;

/* ---- citizens ------------------------------------------------------------------ */

/* The open record's questionnaires (Q2), open first. */
status questionnaires_list(const ctx *x, questionnaire_request **out, size_t *n, bool *more);

/* The open record's open questionnaires as its home page lists them (A3),
 * read as questionnaires_list reads them (logged alike). */
status questionnaires_open(const ctx *x, questionnaire_brief **out, size_t *n);

/* One visible questionnaire of the open record with its form and answers. */
status questionnaires_get(const ctx *x, int64_t id, questionnaire_view *out);

/* The field a problem with the answer to item i of a form names (and the
 * name of that answer's input on a page): "a" and the item's index, in a. */
const char *questionnaires_answer_field(arena *a, size_t item);

/* Saves the answers (one per item of the questionnaire's form expanded
 * with `counts` instances of its repeating groups (qf_expand; NULL: as
 * stored), as given by the page that showed it at `revision`), as a draft or, with `submit`,
 * final. Every answer is checked against its item (qf_check_answer); on
 * submit the required ones must be there. ST_INVALID with problems (on
 * questionnaires_answer_field of each item, or on "revision" when the
 * answers do not fit the form) and nothing saved; ST_CONFLICT when it was saved by someone else since
 * `revision` or submitted; ST_NOT_FOUND once withdrawn (it is gone for the
 * citizen); ST_DENIED without CAP_Q3_ANSWER. */
status questionnaires_answer(const ctx *x, int64_t id, int64_t revision, const qf_counts *counts, qf_answer *answers,
                             size_t nanswers, bool submit, problems *pr);

/* questionnaires_answer, with the page's changes to the files answering
 * the form's attachment items made in the same transaction, before the
 * answers are checked (questionnaire_files.h: the upload rules, the item's
 * maxSize and mimeType; a new file replaces the one of an item that does
 * not repeat; at most qf_files_max a item, QF_FILES_MAX and
 * QF_FILES_BYTES_MAX a questionnaire). Whatever the answers' save returns
 * but ST_OK leaves the files as they were: a refused or conflicting save
 * adds and removes none. A file's problems are on its item's field;
 * removing a file that is not the item's (or is gone) removes nothing;
 * ST_NOT_FOUND for a linkId that is not an attachment item. */
status questionnaires_answer_files(const ctx *x, int64_t id, int64_t revision, const qf_counts *counts,
                                   qf_answer *answers, size_t nanswers, bool submit, const qf_file_change *changes,
                                   size_t nchanges, problems *pr);

/* File att_id of a visible questionnaire of the open record, with its
 * bytes; read as questionnaires_get reads (logged alike). */
status questionnaires_attachment(const ctx *x, int64_t id, int64_t att_id, questionnaire_attachment *out,
                                 const uint8_t **data, size_t *len);

/* The download route of a questionnaire's file, which its answer's
 * valueAttachment points to. From a. */
const char *questionnaires_attachment_url(arena *a, int64_t id, int64_t att_id);

/* ---- clinicians ---------------------------------------------------------------- */

typedef struct questionnaires_staff_view {
	person patient;
	chart_access access;
	questionnaire_request *sent; /* every one, newest first */
	size_t n;
	bool more;
	questionnaire_def *available; /* active definitions, for sending */
	size_t navailable;
	appointment *appointments; /* upcoming at the chart's unit, to tie one to (P6) */
	size_t nappointments;
} questionnaires_staff_view;

status questionnaires_staff_list(const ctx *x, int64_t patient_id, questionnaires_staff_view *out);

typedef struct questionnaire_send {
	int64_t questionnaire_id;
	const char *due_on; /* YYYY-MM-DD or NULL */
	bool hidden_from_guardians;
	int64_t appointment_id; /* 0, or an upcoming booked appointment of the patient at the unit (P6) */
} questionnaire_send;

/* Sends an active questionnaire to the patient from the unit the chart is
 * open in: problems for an unknown or inactive questionnaire ("questionnaire")
 * a due date before today ("due_on") and an appointment that is not the
 * patient's upcoming one at the unit ("appointment"). Under emergency access there is no
 * shared unit to send from: ST_DENIED. *id is the new request's. */
status questionnaires_send(const ctx *x, int64_t patient_id, const questionnaire_send *in, problems *pr, int64_t *id);

/* One of the patient's questionnaires with its answers; reading completed
 * answers the first time marks them read. */
status questionnaires_staff_get(const ctx *x, int64_t patient_id, int64_t id, questionnaire_view *out);

/* File att_id of one of the patient's questionnaires, with its bytes, for
 * a clinician who may read its answers; logged as their read is. */
status questionnaires_staff_attachment(const ctx *x, int64_t patient_id, int64_t id, int64_t att_id,
                                       questionnaire_attachment *out, const uint8_t **data, size_t *len);

/* Withdraws an open questionnaire (sent by mistake, no longer needed):
 * ST_CONFLICT once it is completed or withdrawn. */
status questionnaires_withdraw(const ctx *x, int64_t patient_id, int64_t id);

/* Completed answers not yet read, for the clinician's units (W3); only
 * patients they may open now; each listed one is logged as a read. */
status questionnaires_queue(const ctx *x, questionnaire_queue_item **out, size_t *n, bool *more);

/* ---- the form engine for other areas (municipal applications) ---------------- */

/* Reads a stored definition's form, prefilled (qf_prefill) from the
 * person prefill_for (the one the form is about, never a representative
 * acting for them; 0: no prefill, those items start empty), expanded with
 * `counts` instances of its repeating groups (qf_expand; NULL: as many as
 * the response holds), and the answers of a stored response (NULL: the
 * form's initial values), settled (qf_settle): *enabled per item. Memory
 * from x's arena. ST_INTERNAL when either does not parse, ST_INVALID for
 * counts out of range. */
status questionnaires_form_load(const ctx *x, int64_t prefill_for, const char *resource, const char *response,
                                const qf_counts *counts, qf_form *form, qf_answer **answers, bool **enabled);
/* As questionnaires_form_load from a definition already read (and
 * prefilled): qf_definition of a form it gave. */
status questionnaires_form_fill(arena *a, const qf_form *def, const char *response, const qf_counts *counts,
                                qf_form *form, qf_answer **answers, bool **enabled);
/* Checks answers (one per item of f) as questionnaires_answer does: each
 * against its item, the required ones when submit; ST_INVALID with problems
 * on questionnaires_answer_field of each item. */
status questionnaires_check(arena *a, const qf_form *f, qf_answer *answers, size_t nanswers, bool submit, problems *pr);

/* ---- definitions (the import command) ------------------------------------------- */

/* Stores a Questionnaire resource (JSON text) after qf_parse has read it:
 * *created false when this url and version were already there with the
 * same text. ST_INVALID with *error for a resource qf_parse refuses;
 * ST_CONFLICT when the version exists with other content (*error says so). */
status questionnaires_import(db_conn *c, const char *json, size_t len, unix_time now, int64_t *id, bool *created,
                             const char **error, arena *a);
/* The same, with the url, name or version set or overridden first (NULL
 * members: as published); the stored resource carries them. A
 * questionnaire without a url is identified by its name: the `url` column
 * holds the url, or else the name. The resource is stored as compact JSON. */
status questionnaires_import_as(db_conn *c, const char *json, size_t len, const qf_identity *set, unix_time now,
                                int64_t *id, bool *created, const char **error, arena *a);

#endif
