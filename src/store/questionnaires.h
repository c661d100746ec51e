/* questionnaires.h (store) — questionnaire definitions (FHIR Questionnaire
 * resources as imported) and the questionnaires sent to patients with their
 * answers (SPEC.md Q1–Q3). Rules live in domain/questionnaires.h. */
#ifndef HELSAMI_STORE_QUESTIONNAIRES_H
#define HELSAMI_STORE_QUESTIONNAIRES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/clock.h"
#include "db/db.h"
#include "store/files.h"

typedef struct questionnaire_def {
	int64_t id;
	const char *url, *version, *title_nb, *title_en; /* title_en NULL without a translation */
	const char *status;                              /* draft, active, retired */
	const char *resource;                            /* the Questionnaire's JSON text */
	unix_time imported_at;
} questionnaire_def;

typedef struct questionnaire_request {
	int64_t id, patient_id, questionnaire_id, unit_id, sent_by;
	const char *title_nb, *title_en; /* the definition's */
	const char *resource;            /* the definition's JSON text ("" in a list) */
	const char *unit_name, *sent_by_name;
	unix_time sent_at;
	const char *due_on;   /* YYYY-MM-DD or NULL */
	const char *status;   /* sent, in_progress, completed, withdrawn */
	const char *response; /* QuestionnaireResponse JSON or NULL (NULL in a list) */
	int64_t revision;
	unix_time saved_at, submitted_at, read_at, withdrawn_at; /* 0 when not */
	int64_t saved_by, submitted_by;                          /* person ids, 0 when not */
	const char *submitted_by_name, *read_by_name;            /* NULL when not */
	bool hidden_from_guardians;
	int64_t appointment_id; /* the appointment whose check-in asks for it (P6), 0 when none */
} questionnaire_request;

/* One item of the clinicians' queue of answers not yet read. */
typedef struct questionnaire_queue_item {
	questionnaire_request r;
	const char *patient_name, *patient_nin;
} questionnaire_queue_item;

/* ---- definitions ----------------------------------------------------------- */

/* Stores a definition unless its (url, version) is there: *created says
 * which. The same (url, version) with another resource text is ST_CONFLICT:
 * a published version never changes. *id is the stored definition's. */
status store_questionnaire_put(db_conn *c, const questionnaire_def *d, int64_t *id, bool *created);
status store_questionnaire_by_id(db_conn *c, arena *ar, int64_t id, questionnaire_def *out);
status store_questionnaire_by_url(db_conn *c, arena *ar, const char *url, const char *version, questionnaire_def *out);
/* Active definitions, by title. */
status store_questionnaires_active(db_conn *c, arena *ar, questionnaire_def **out, size_t *n);

/* ---- questionnaires sent ------------------------------------------------------ */

/* Inserts r (status, sent_* and due_on, hidden_from_guardians; no answers). */
status store_qrequest_insert(db_conn *c, const questionnaire_request *r, int64_t *id);

/* One of the patient's, whatever its status (staff). */
status store_qrequest_get(db_conn *c, arena *ar, int64_t patient_id, int64_t id, questionnaire_request *out);
/* Every one of the patient's, newest first (staff), at most max. */
status store_qrequests_all(db_conn *c, arena *ar, int64_t patient_id, size_t max, questionnaire_request **out,
                           size_t *n, bool *more);

/* An open questionnaire as a citizen's home page lists it. */
typedef struct questionnaire_brief {
	int64_t id, appointment_id; /* appointment_id 0 when not tied to one */
	const char *title_nb, *title_en, *due_on;
} questionnaire_brief;

/* The open ones (sent, in progress) of store_qrequests_for_citizen, in its
 * order, with only what the home page shows: two tables where the full
 * list reads eight, and no answered ones. At most max. */
status store_qrequests_open_brief(db_conn *c, arena *ar, int64_t patient_id, bool guardian_view, size_t max,
                                  questionnaire_brief **out, size_t *n);

/* What the citizen may see: open ones (sent, in progress) and those
 * completed at or after answered_since; without items hidden from guardians
 * when guardian_view. Open first (by due date), then answered, newest first. */
status store_qrequests_for_citizen(db_conn *c, arena *ar, int64_t patient_id, unix_time answered_since,
                                   bool guardian_view, size_t max, questionnaire_request **out, size_t *n, bool *more);
status store_qrequest_for_citizen(db_conn *c, arena *ar, int64_t patient_id, int64_t id, unix_time answered_since,
                                  bool guardian_view, questionnaire_request *out);

/* The patient's questionnaires tied to the appointment (not withdrawn), in
 * the order sent; guardian_view leaves out those hidden from guardians. */
status store_qrequests_of_appointment(db_conn *c, arena *ar, int64_t patient_id, int64_t appointment_id,
                                      bool guardian_view, size_t max, questionnaire_request **out, size_t *n);

/* Saves answers if the request is still open and at `revision`: bumps the
 * revision, sets status (in_progress, or completed with submitted_*).
 * ST_NOT_FOUND when it is not open at that revision. */
status store_qrequest_save(db_conn *c, int64_t patient_id, int64_t id, int64_t revision, const char *response,
                           bool completed, int64_t person_id, unix_time at);

/* Marks completed answers read by a clinician, the first time only. */
status store_qrequest_mark_read(db_conn *c, int64_t patient_id, int64_t id, int64_t staff_id, unix_time at);

/* Withdraws an open request; ST_NOT_FOUND when it is not open. */
status store_qrequest_withdraw(db_conn *c, int64_t patient_id, int64_t id, int64_t staff_id, unix_time at);

/* Completed answers nobody has read, in the units where staff_id is a
 * clinician or sent by them; oldest answer first. */
status store_qrequests_unread(db_conn *c, arena *ar, int64_t staff_id, size_t max, questionnaire_queue_item **out,
                              size_t *n, bool *more);

/* ---- attachments (answers to attachment items) ------------------------------- */

typedef struct questionnaire_attachment {
	int64_t id, request_id, patient_id, added_by;
	const char *link_id; /* the item it answers */
	stored_file file;
} questionnaire_attachment;

/* Adds a file answering item a->link_id of an open request of
 * a->patient_id (an item that does not repeat has its file removed first,
 * by the caller): ST_NOT_FOUND when the request is not the patient's or not
 * open (sent, in progress). */
status store_qattachment_add(db_conn *c, const questionnaire_attachment *a, const uint8_t *data, size_t len,
                             int64_t *id);
/* The request's files without their bytes, by id. */
status store_qattachments_of_request(db_conn *c, arena *ar, int64_t patient_id, int64_t request_id, size_t max,
                                     questionnaire_attachment **out, size_t *n);
/* File id of patient_id's request request_id with its bytes (in ar);
 * ST_NOT_FOUND for another request's or another patient's. */
status store_qattachment_get(db_conn *c, arena *ar, int64_t patient_id, int64_t request_id, int64_t id,
                             questionnaire_attachment *out, const uint8_t **data, size_t *len);
/* Removes file id answering link_id of an open request of the patient's
 * (id 0: every file answering it): ST_NOT_FOUND when there is none. */
status store_qattachment_delete(db_conn *c, int64_t patient_id, int64_t request_id, const char *link_id, int64_t id);

#endif
