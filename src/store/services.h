/* services.h (store) — municipal services (SPEC.md K1–K3) and the document
 * centre (D1): the catalogue, applications with their case messages,
 * letters (receipts, decisions, appeal outcomes) with their PDF, first
 * opening, reminder and paper fallback, and the local copy of the contact
 * register's reservations. Rules live in domain/services.h and
 * domain/documents.h. */
#ifndef HELSAMI_STORE_SERVICES_H
#define HELSAMI_STORE_SERVICES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/clock.h"
#include "db/db.h"
#include "store/files.h"

typedef struct municipal_service {
	int64_t id, unit_id, questionnaire_id;
	const char *code, *title_nb, *title_en, *summary_nb, *summary_en, *legal_basis;
	const char *unit_name, *municipality, *unit_phone; /* the services office's */
	const char *resource;                              /* the application form (Questionnaire JSON) */
} municipal_service;

typedef struct service_application {
	int64_t id, patient_id, service_id, unit_id;
	const char *status; /* draft, submitted, in_progress, info_requested, decided, appealed, appeal_decided */
	const char *response;
	int64_t revision, created_by, submitted_by, caseworker_id, decided_by, appealed_by;
	unix_time created_at, saved_at, submitted_at, decided_at, appealed_at, appeal_decided_at, forwarded_at;
	const char *outcome, *scope, *from_date, *reasons; /* outcome: granted, partly, refused */
	const char *appeal_deadline, *appeal_text, *appeal_outcome, *appeal_reasons;
	/* joined */
	const char *title_nb, *title_en, *legal_basis, *resource, *unit_name, *municipality, *unit_phone;
	const char *patient_name, *patient_nin, *caseworker_name;
} service_application;

typedef struct case_message {
	int64_t id, application_id, author_id;
	bool from_staff;
	const char *body, *author_name;
	unix_time created_at;
} case_message;

typedef struct citizen_document {
	int64_t id, patient_id, unit_id, application_id, opened_by;
	const char *kind;   /* receipt, decision, appeal_outcome, record_extract */
	const char *letter; /* the letter's JSON */
	uint8_t *pdf;       /* the PDF's bytes, NULL until made (and in lists) */
	size_t pdf_len;
	unix_time created_at, generated_at, opened_at, reminded_at, paper_at, printed_at;
	const char *paper_reason;   /* unopened, reserved; NULL */
	bool hidden_from_guardians; /* never shown to a parent looking at a child of 12-15 */
	const char *title_nb, *title_en, *unit_name, *opened_by_name;
} citizen_document;

/* ---- catalogue ------------------------------------------------------------------- */

status store_service_insert(db_conn *c, const municipal_service *s, int64_t *id);
/* Active services of the services offices in the municipality, by title. */
status store_services_of_municipality(db_conn *c, arena *ar, const char *municipality, municipal_service **out,
                                      size_t *n);
/* The municipality of the first unit the person is a patient or user of
 * (for someone whose address the register withholds); ST_NOT_FOUND for none. */
status store_person_unit_municipality(db_conn *c, arena *ar, int64_t person_id, const char **out);
status store_service_get(db_conn *c, arena *ar, int64_t id, municipal_service *out);

/* ---- applications ------------------------------------------------------------------ */

status store_application_insert(db_conn *c, const service_application *a, int64_t *id);
/* One application, whoever's (the caller checks the unit or the patient). */
status store_application_get(db_conn *c, arena *ar, int64_t id, service_application *out);
/* One of the patient's; ST_NOT_FOUND for anyone else's. */
status store_application_of_patient(db_conn *c, arena *ar, int64_t patient_id, int64_t id, service_application *out);
/* The patient's applications, newest first. */
status store_applications_of_patient(db_conn *c, arena *ar, int64_t patient_id, size_t max, service_application **out,
                                     size_t *n, bool *more);
/* Saves the answers of a draft at `revision`; submit makes it submitted.
 * ST_NOT_FOUND when it is not a draft at that revision. */
status store_application_save(db_conn *c, int64_t patient_id, int64_t id, int64_t revision, const char *response,
                              bool submit, int64_t person_id, unix_time at);
/* Moves the application from status `from` to `to` (ST_CONFLICT when it is
 * not in `from`); caseworker_id > 0 also sets the caseworker. */
status store_application_move(db_conn *c, int64_t id, const char *from, const char *to, int64_t caseworker_id);
/* Records the decision on a case in progress or waiting for information. */
status store_application_decide(db_conn *c, const service_application *a);
/* Records the appeal of a decided application (ST_CONFLICT if not decided). */
status store_application_appeal(db_conn *c, int64_t patient_id, int64_t id, const char *text, int64_t person_id,
                                unix_time at);
/* Records the outcome of an appeal (appeal_outcome, appeal_reasons,
 * appeal_decided_*, forwarded_at; a reversal also the new outcome, scope,
 * from_date). ST_CONFLICT unless appealed. */
status store_application_appeal_decide(db_conn *c, const service_application *a);
/* The queue: applications waiting in units where staff_id is a caseworker
 * (submitted, in progress, waiting for information, appealed) from
 * applicants who are users of that unit, oldest first. */
status store_applications_queue(db_conn *c, arena *ar, int64_t staff_id, size_t max, service_application **out,
                                size_t *n, bool *more);
/* Whether staff_id holds `role` at the unit. */
status store_staff_role_at(db_conn *c, int64_t staff_id, int64_t unit_id, const char *role, bool *out);

/* Makes the person a user of the unit (patient_unit) from `since`, unless they are. */
status store_service_user_add(db_conn *c, int64_t person_id, int64_t unit_id, const char *since);

status store_case_message_insert(db_conn *c, const case_message *m, int64_t *id);
status store_case_messages(db_conn *c, arena *ar, int64_t application_id, size_t max, case_message **out, size_t *n);

/* ---- attachments (K1, K3) -------------------------------------------------------- */

typedef struct service_attachment {
	int64_t id, application_id, patient_id, added_by;
	const char *part; /* application (the draft's), reply, appeal */
	stored_file file;
} service_attachment;

status store_service_att_insert(db_conn *c, const service_attachment *a, const uint8_t *data, size_t len, int64_t *id);
/* The application's attachments without their bytes, oldest first. */
status store_service_atts_of_application(db_conn *c, arena *ar, int64_t application_id, size_t max,
                                         service_attachment **out, size_t *n);
/* Attachment id of application application_id with its bytes (ar);
 * ST_NOT_FOUND when it is another application's. */
status store_service_att_get(db_conn *c, arena *ar, int64_t application_id, int64_t id, service_attachment *out,
                             const uint8_t **data, size_t *len);
/* Removes a file of patient_id's draft application_id: ST_NOT_FOUND when
 * there is no such file of a draft of theirs. */
status store_service_att_delete_draft(db_conn *c, int64_t patient_id, int64_t application_id, int64_t id);

/* ---- documents ---------------------------------------------------------------------- */

status store_document_insert(db_conn *c, const citizen_document *d, int64_t *id);
/* The patient's documents (kind NULL: every kind), newest first, without
 * the PDF; for_guardian leaves out those hidden from guardians. */
status store_documents_of_patient(db_conn *c, arena *ar, int64_t patient_id, const char *kind, bool for_guardian,
                                  size_t max, citizen_document **out, size_t *n, bool *more);
/* One of the patient's documents, with its PDF when made (for_guardian: as above). */
status store_document_of_patient(db_conn *c, arena *ar, int64_t patient_id, int64_t id, bool for_guardian,
                                 citizen_document *out);
/* The letters of an application, oldest first (no PDF). */
status store_documents_of_application(db_conn *c, arena *ar, int64_t application_id, citizen_document **out, size_t *n);
/* Records the first opening only (ST_OK either way). */
status store_document_opened(db_conn *c, int64_t id, int64_t person_id, unix_time at);
/* Letters whose PDF is still to be made, oldest first, with their letter. */
status store_documents_pending(db_conn *c, arena *ar, size_t max, citizen_document **out, size_t *n);
/* Stores the letter's PDF (len bytes) once: a letter that has one keeps it. */
status store_document_set_pdf(db_conn *c, int64_t id, const uint8_t *pdf, size_t len, unix_time at);
/* Letters (not receipts) unopened and not on paper whose paper day (the
 * unit's paper_after_days after they were made) is within a day of `now`
 * and not yet reminded. */
status store_documents_to_remind(db_conn *c, arena *ar, unix_time now, size_t max, citizen_document **out, size_t *n);
status store_document_reminded(db_conn *c, int64_t id, unix_time at);
/* Puts unopened letters past their paper day in the print queue; *n how many. */
status store_documents_to_paper(db_conn *c, unix_time now, int64_t *n);
/* Puts one letter in the print queue at once for the reason. */
status store_document_paper(db_conn *c, int64_t id, const char *reason, unix_time at);
/* The print queue: letters on paper not yet printed, oldest first, with their letter. */
status store_documents_print_queue(db_conn *c, arena *ar, size_t max, citizen_document **out, size_t *n);
status store_document_printed(db_conn *c, int64_t id, unix_time at);
/* How many letters wait in the print queue with this paper reason. */
status store_print_queue_count(db_conn *c, const char *reason, int64_t *n);

/* ---- municipalities ------------------------------------------------------------- */

/* The municipality's name for its number ("Trondheim"); ST_NOT_FOUND when not known. */
status store_municipality_name(db_conn *c, arena *ar, const char *number, const char **out);
/* Sets the name of the municipality with this number (added, or renamed). */
status store_municipality_set(db_conn *c, const char *number, const char *name);

/* ---- the contact register's answers that mean paper (local copy) ----------------- */

/* Keeps nin in the copy with reason ("reserved" or "unreachable"), since
 * at (kept when the reason is the same). */
status store_krr_paper_set(db_conn *c, const char *nin, const char *reason, unix_time at);
/* *unreachable true for "unreachable", false for "reserved"; ST_NOT_FOUND
 * when nin is not in the copy. */
status store_krr_paper_reason(db_conn *c, const char *nin, bool *unreachable);
status store_krr_paper_clear(db_conn *c, const char *nin);

#endif
