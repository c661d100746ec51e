/* services.c (store) — the catalogue, applications, case messages and
 * letters of municipal services, and the document centre. */
#include "store/services.h"

#include "store/store.h"

/* ---- catalogue ------------------------------------------------------------------- */

#define SVC_COLUMNS                                                                                        \
	"s.id, s.unit_id, s.questionnaire_id, s.code, s.title_nb, s.title_en, s.summary_nb, s.summary_en," \
	" s.legal_basis, u.name, u.municipality, u.phone, q.resource"
enum svc_col {
	SVC_ID,
	SVC_UNIT_ID,
	SVC_QUESTIONNAIRE_ID,
	SVC_CODE,
	SVC_TITLE_NB,
	SVC_TITLE_EN,
	SVC_SUMMARY_NB,
	SVC_SUMMARY_EN,
	SVC_LEGAL_BASIS,
	SVC_UNIT_NAME,
	SVC_MUNICIPALITY,
	SVC_UNIT_PHONE,
	SVC_RESOURCE,
};
#define SVC_FROM \
	" FROM municipal_service s JOIN unit u ON u.id = s.unit_id JOIN questionnaire q ON q.id = s.questionnaire_id"

static void read_service(db_stmt *s, arena *ar, void *row)
{
	municipal_service *o = row;
	*o = (municipal_service){
	    .id = db_col_int(s, SVC_ID),
	    .unit_id = db_col_int(s, SVC_UNIT_ID),
	    .questionnaire_id = db_col_int(s, SVC_QUESTIONNAIRE_ID),
	    .code = db_col_str(s, SVC_CODE, ar),
	    .title_nb = db_col_str(s, SVC_TITLE_NB, ar),
	    .title_en = db_col_str(s, SVC_TITLE_EN, ar),
	    .summary_nb = db_col_str(s, SVC_SUMMARY_NB, ar),
	    .summary_en = db_col_str(s, SVC_SUMMARY_EN, ar),
	    .legal_basis = db_col_str(s, SVC_LEGAL_BASIS, ar),
	    .unit_name = db_col_str(s, SVC_UNIT_NAME, ar),
	    .municipality = db_col_str(s, SVC_MUNICIPALITY, ar),
	    .unit_phone = db_col_str(s, SVC_UNIT_PHONE, ar),
	    .resource = db_col_str(s, SVC_RESOURCE, ar),
	};
}

status store_service_insert(db_conn *c, const municipal_service *m, int64_t *id)
{
	db_stmt *s = db_prepare(c, "INSERT INTO municipal_service (unit_id, code, title_nb, title_en, summary_nb,"
	                           " summary_en, legal_basis, questionnaire_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
	                           " RETURNING id");
	db_bind_int(s, 1, m->unit_id);
	db_bind_text(s, 2, m->code);
	db_bind_text(s, 3, m->title_nb);
	db_bind_text(s, 4, m->title_en);
	db_bind_text(s, 5, m->summary_nb);
	db_bind_text(s, 6, m->summary_en);
	db_bind_text(s, 7, m->legal_basis);
	db_bind_int(s, 8, m->questionnaire_id);
	return db_insert_id(s, id);
}

status store_services_of_municipality(db_conn *c, arena *ar, const char *municipality, municipal_service **out,
                                      size_t *n)
{
	db_stmt *s =
	    db_prepare(c, "SELECT " SVC_COLUMNS SVC_FROM " WHERE u.municipality = $1 AND u.kind = 'services_office'"
	                  " AND s.active = 1 ORDER BY s.title_nb, s.id LIMIT 100");
	db_bind_text(s, 1, municipality);
	return db_read_list(s, ar, sizeof **out, SIZE_MAX, read_service, out, n, NULL);
}

status store_person_unit_municipality(db_conn *c, arena *ar, int64_t person_id, const char **out)
{
	*out = NULL;
	db_stmt *s = db_prepare(c, "SELECT u.municipality FROM patient_unit pu JOIN unit u ON u.id = pu.unit_id"
	                           " WHERE pu.person_id = $1 ORDER BY pu.since, u.id LIMIT 1");
	db_bind_int(s, 1, person_id);
	status st = db_step_one(s);
	if (st == ST_OK) {
		*out = db_col_str(s, 0 /* u.municipality */, ar);
		db_done(s);
	}
	return st;
}

status store_service_get(db_conn *c, arena *ar, int64_t id, municipal_service *out)
{
	db_stmt *s = db_prepare(c, "SELECT " SVC_COLUMNS SVC_FROM " WHERE s.id = $1 AND s.active = 1");
	return store_read_one_by(s, id, ar, read_service, out);
}

/* ---- applications ------------------------------------------------------------------ */

#define APP_COLUMNS                                                                                     \
	"a.id, a.patient_id, a.service_id, a.unit_id, a.status, a.response, a.revision, a.created_by,"  \
	" a.submitted_by, a.caseworker_id, a.decided_by, a.appealed_by, a.created_at, a.saved_at,"      \
	" a.submitted_at, a.decided_at, a.appealed_at, a.appeal_decided_at, a.forwarded_at, a.outcome," \
	" a.scope, a.from_date, a.reasons, a.appeal_deadline, a.appeal_text, a.appeal_outcome,"         \
	" a.appeal_reasons, s.title_nb, s.title_en, s.legal_basis, q.resource, u.name, u.municipality," \
	" u.phone, p.given_name || ' ' || p.family_name, p.nin, cp.given_name || ' ' || cp.family_name"
enum app_col {
	APP_ID,
	APP_PATIENT_ID,
	APP_SERVICE_ID,
	APP_UNIT_ID,
	APP_STATUS,
	APP_RESPONSE,
	APP_REVISION,
	APP_CREATED_BY,
	APP_SUBMITTED_BY,
	APP_CASEWORKER_ID,
	APP_DECIDED_BY,
	APP_APPEALED_BY,
	APP_CREATED_AT,
	APP_SAVED_AT,
	APP_SUBMITTED_AT,
	APP_DECIDED_AT,
	APP_APPEALED_AT,
	APP_APPEAL_DECIDED_AT,
	APP_FORWARDED_AT,
	APP_OUTCOME,
	APP_SCOPE,
	APP_FROM_DATE,
	APP_REASONS,
	APP_APPEAL_DEADLINE,
	APP_APPEAL_TEXT,
	APP_APPEAL_OUTCOME,
	APP_APPEAL_REASONS,
	APP_TITLE_NB,
	APP_TITLE_EN,
	APP_LEGAL_BASIS,
	APP_RESOURCE,
	APP_UNIT_NAME,
	APP_MUNICIPALITY,
	APP_UNIT_PHONE,
	APP_PATIENT_NAME,
	APP_PATIENT_NIN,
	APP_CASEWORKER_NAME,
};
#define APP_FROM                                                                              \
	" FROM service_application a JOIN municipal_service s ON s.id = a.service_id"         \
	" JOIN questionnaire q ON q.id = s.questionnaire_id JOIN unit u ON u.id = a.unit_id"  \
	" JOIN person p ON p.id = a.patient_id LEFT JOIN staff cs ON cs.id = a.caseworker_id" \
	" LEFT JOIN person cp ON cp.id = cs.person_id"
#define APP_SELECT "SELECT " APP_COLUMNS APP_FROM

static void read_application(db_stmt *s, arena *ar, void *row)
{
	service_application *o = row;
	*o = (service_application){
	    .id = db_col_int(s, APP_ID),
	    .patient_id = db_col_int(s, APP_PATIENT_ID),
	    .service_id = db_col_int(s, APP_SERVICE_ID),
	    .unit_id = db_col_int(s, APP_UNIT_ID),
	    .status = db_col_str(s, APP_STATUS, ar),
	    .response = db_col_opt_str(s, APP_RESPONSE, ar),
	    .revision = db_col_int(s, APP_REVISION),
	    .created_by = db_col_int(s, APP_CREATED_BY),
	    .submitted_by = db_col_opt_int(s, APP_SUBMITTED_BY),
	    .caseworker_id = db_col_opt_int(s, APP_CASEWORKER_ID),
	    .decided_by = db_col_opt_int(s, APP_DECIDED_BY),
	    .appealed_by = db_col_opt_int(s, APP_APPEALED_BY),
	    .created_at = db_col_int(s, APP_CREATED_AT),
	    .saved_at = db_col_opt_int(s, APP_SAVED_AT),
	    .submitted_at = db_col_opt_int(s, APP_SUBMITTED_AT),
	    .decided_at = db_col_opt_int(s, APP_DECIDED_AT),
	    .appealed_at = db_col_opt_int(s, APP_APPEALED_AT),
	    .appeal_decided_at = db_col_opt_int(s, APP_APPEAL_DECIDED_AT),
	    .forwarded_at = db_col_opt_int(s, APP_FORWARDED_AT),
	    .outcome = db_col_opt_str(s, APP_OUTCOME, ar),
	    .scope = db_col_opt_str(s, APP_SCOPE, ar),
	    .from_date = db_col_opt_str(s, APP_FROM_DATE, ar),
	    .reasons = db_col_opt_str(s, APP_REASONS, ar),
	    .appeal_deadline = db_col_opt_str(s, APP_APPEAL_DEADLINE, ar),
	    .appeal_text = db_col_opt_str(s, APP_APPEAL_TEXT, ar),
	    .appeal_outcome = db_col_opt_str(s, APP_APPEAL_OUTCOME, ar),
	    .appeal_reasons = db_col_opt_str(s, APP_APPEAL_REASONS, ar),
	    .title_nb = db_col_str(s, APP_TITLE_NB, ar),
	    .title_en = db_col_str(s, APP_TITLE_EN, ar),
	    .legal_basis = db_col_str(s, APP_LEGAL_BASIS, ar),
	    .resource = db_col_str(s, APP_RESOURCE, ar),
	    .unit_name = db_col_str(s, APP_UNIT_NAME, ar),
	    .municipality = db_col_str(s, APP_MUNICIPALITY, ar),
	    .unit_phone = db_col_str(s, APP_UNIT_PHONE, ar),
	    .patient_name = db_col_str(s, APP_PATIENT_NAME, ar),
	    .patient_nin = db_col_str(s, APP_PATIENT_NIN, ar),
	    .caseworker_name = db_col_opt_str(s, APP_CASEWORKER_NAME, ar),
	};
}

status store_application_insert(db_conn *c, const service_application *a, int64_t *id)
{
	db_stmt *s = db_prepare(c, "INSERT INTO service_application (patient_id, service_id, unit_id, status,"
	                           " created_by, created_at) VALUES ($1, $2, $3, 'draft', $4, $5) RETURNING id");
	db_bind_int(s, 1, a->patient_id);
	db_bind_int(s, 2, a->service_id);
	db_bind_int(s, 3, a->unit_id);
	db_bind_int(s, 4, a->created_by);
	db_bind_int(s, 5, a->created_at);
	return db_insert_id(s, id);
}

status store_application_get(db_conn *c, arena *ar, int64_t id, service_application *out)
{
	db_stmt *s = db_prepare(c, APP_SELECT " WHERE a.id = $1");
	return store_read_one_by(s, id, ar, read_application, out);
}

status store_application_of_patient(db_conn *c, arena *ar, int64_t patient_id, int64_t id, service_application *out)
{
	db_stmt *s = db_prepare(c, APP_SELECT " WHERE a.id = $1 AND a.patient_id = $2");
	return store_read_one_of(s, patient_id, id, ar, read_application, out);
}

status store_applications_of_patient(db_conn *c, arena *ar, int64_t patient_id, size_t max, service_application **out,
                                     size_t *n, bool *more)
{
	db_stmt *s =
	    db_prepare(c, APP_SELECT " WHERE a.patient_id = $1 ORDER BY a.created_at DESC, a.id DESC LIMIT $2");
	return store_read_list_of(s, patient_id, ar, sizeof **out, max, read_application, out, n, more);
}

status store_application_save(db_conn *c, int64_t patient_id, int64_t id, int64_t revision, const char *response,
                              bool submit, int64_t person_id, unix_time at)
{
	db_stmt *s =
	    db_prepare(c, "UPDATE service_application SET response = $1, revision = revision + 1, saved_at = $2,"
	                  " status = $3, submitted_at = $4, submitted_by = $5"
	                  " WHERE id = $6 AND patient_id = $7 AND status = 'draft' AND revision = $8");
	db_bind_text(s, 1, response);
	db_bind_int(s, 2, at);
	db_bind_text(s, 3, submit ? "submitted" : "draft");
	db_bind_opt_int(s, 4, submit ? at : 0);
	db_bind_opt_int(s, 5, submit ? person_id : 0);
	db_bind_int(s, 6, id);
	db_bind_int(s, 7, patient_id);
	db_bind_int(s, 8, revision);
	return db_run_changed(s, ST_NOT_FOUND);
}

status store_application_move(db_conn *c, int64_t id, const char *from, const char *to, int64_t caseworker_id)
{
	db_stmt *s = db_prepare(c, "UPDATE service_application SET status = $1,"
	                           " caseworker_id = COALESCE($2, caseworker_id) WHERE id = $3 AND status = $4");
	db_bind_text(s, 1, to);
	db_bind_opt_int(s, 2, caseworker_id);
	db_bind_int(s, 3, id);
	db_bind_text(s, 4, from);
	return db_run_changed(s, ST_CONFLICT);
}

status store_application_decide(db_conn *c, const service_application *a)
{
	db_stmt *s =
	    db_prepare(c, "UPDATE service_application SET status = 'decided', outcome = $1, scope = $2,"
	                  " from_date = $3, reasons = $4, decided_at = $5, decided_by = $6, appeal_deadline = $7,"
	                  " caseworker_id = $6"
	                  " WHERE id = $8 AND status IN ('in_progress', 'info_requested')");
	db_bind_text(s, 1, a->outcome);
	db_bind_text(s, 2, a->scope);
	db_bind_text(s, 3, a->from_date);
	db_bind_text(s, 4, a->reasons);
	db_bind_int(s, 5, a->decided_at);
	db_bind_int(s, 6, a->decided_by);
	db_bind_text(s, 7, a->appeal_deadline);
	db_bind_int(s, 8, a->id);
	return db_run_changed(s, ST_CONFLICT);
}

status store_application_appeal(db_conn *c, int64_t patient_id, int64_t id, const char *text, int64_t person_id,
                                unix_time at)
{
	db_stmt *s =
	    db_prepare(c, "UPDATE service_application SET status = 'appealed', appeal_text = $1, appealed_at = $2,"
	                  " appealed_by = $3 WHERE id = $4 AND patient_id = $5 AND status = 'decided'");
	db_bind_text(s, 1, text);
	db_bind_int(s, 2, at);
	db_bind_int(s, 3, person_id);
	db_bind_int(s, 4, id);
	db_bind_int(s, 5, patient_id);
	return db_run_changed(s, ST_CONFLICT);
}

status store_application_appeal_decide(db_conn *c, const service_application *a)
{
	db_stmt *s =
	    db_prepare(c, "UPDATE service_application SET status = 'appeal_decided', appeal_outcome = $1,"
	                  " appeal_reasons = $2, appeal_decided_at = $3, appeal_decided_by = $4, forwarded_at = $5,"
	                  " outcome = COALESCE($6, outcome), scope = CASE WHEN $6 IS NULL THEN scope ELSE $7 END,"
	                  " from_date = CASE WHEN $6 IS NULL THEN from_date ELSE $8 END"
	                  " WHERE id = $9 AND status = 'appealed'");
	bool reversed = str_eq(a->appeal_outcome, "reversed");
	db_bind_text(s, 1, a->appeal_outcome);
	db_bind_text(s, 2, a->appeal_reasons);
	db_bind_int(s, 3, a->appeal_decided_at);
	db_bind_int(s, 4, a->decided_by);
	db_bind_opt_int(s, 5, a->forwarded_at);
	db_bind_text(s, 6, reversed ? a->outcome : NULL);
	db_bind_text(s, 7, a->scope);
	db_bind_text(s, 8, a->from_date);
	db_bind_int(s, 9, a->id);
	return db_run_changed(s, ST_CONFLICT);
}

status store_applications_queue(db_conn *c, arena *ar, int64_t staff_id, size_t max, service_application **out,
                                size_t *n, bool *more)
{
	db_stmt *s =
	    db_prepare(c, APP_SELECT " WHERE a.status IN ('submitted', 'in_progress', 'info_requested', 'appealed')"
	                             " AND EXISTS (SELECT 1 FROM staff_unit su WHERE su.staff_id = $1"
	                             " AND su.unit_id = a.unit_id AND su.role = 'caseworker')"
	                             " AND EXISTS (SELECT 1 FROM patient_unit pu WHERE pu.person_id = a.patient_id"
	                             " AND pu.unit_id = a.unit_id)"
	                             " ORDER BY COALESCE(a.appealed_at, a.submitted_at), a.id LIMIT $2");
	return store_read_list_of(s, staff_id, ar, sizeof **out, max, read_application, out, n, more);
}

status store_staff_role_at(db_conn *c, int64_t staff_id, int64_t unit_id, const char *role, bool *out)
{
	db_stmt *s = db_prepare(c, "SELECT 1 FROM staff_unit su JOIN staff st ON st.id = su.staff_id"
	                           " WHERE su.staff_id = $1 AND su.unit_id = $2 AND su.role = $3 AND st.active = 1");
	db_bind_int(s, 1, staff_id);
	db_bind_int(s, 2, unit_id);
	db_bind_text(s, 3, role);
	return db_exists(s, out);
}

status store_service_user_add(db_conn *c, int64_t person_id, int64_t unit_id, const char *since)
{
	db_stmt *s = db_prepare(c, "INSERT INTO patient_unit (person_id, unit_id, since) VALUES ($1, $2, $3)"
	                           " ON CONFLICT (person_id, unit_id) DO NOTHING");
	db_bind_int(s, 1, person_id);
	db_bind_int(s, 2, unit_id);
	db_bind_text(s, 3, since);
	return db_run(s);
}

#define MSG_COLUMNS                                                                                         \
	"m.id, m.application_id, m.author_id, m.from_staff, m.body, p.given_name || ' ' || p.family_name, " \
	"m.created_at"
enum msg_col { MSG_ID, MSG_APPLICATION_ID, MSG_AUTHOR_ID, MSG_FROM_STAFF, MSG_BODY, MSG_AUTHOR_NAME, MSG_CREATED_AT };

static void read_message(db_stmt *s, arena *ar, void *row)
{
	case_message *o = row;
	*o = (case_message){
	    .id = db_col_int(s, MSG_ID),
	    .application_id = db_col_int(s, MSG_APPLICATION_ID),
	    .author_id = db_col_int(s, MSG_AUTHOR_ID),
	    .from_staff = db_col_bool(s, MSG_FROM_STAFF),
	    .body = db_col_str(s, MSG_BODY, ar),
	    .author_name = db_col_str(s, MSG_AUTHOR_NAME, ar),
	    .created_at = db_col_int(s, MSG_CREATED_AT),
	};
}

status store_case_message_insert(db_conn *c, const case_message *m, int64_t *id)
{
	db_stmt *s = db_prepare(c, "INSERT INTO service_case_message (application_id, author_id, from_staff, body,"
	                           " created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id");
	db_bind_int(s, 1, m->application_id);
	db_bind_int(s, 2, m->author_id);
	db_bind_int(s, 3, m->from_staff ? 1 : 0);
	db_bind_text(s, 4, m->body);
	db_bind_int(s, 5, m->created_at);
	return db_insert_id(s, id);
}

status store_case_messages(db_conn *c, arena *ar, int64_t application_id, size_t max, case_message **out, size_t *n)
{
	db_stmt *s =
	    db_prepare(c, "SELECT " MSG_COLUMNS " FROM service_case_message m JOIN person p ON p.id = m.author_id"
	                  " WHERE m.application_id = $1 ORDER BY m.id LIMIT $2");
	return store_read_list_of(s, application_id, ar, sizeof **out, max, read_message, out, n, NULL);
}

/* ---- attachments (K1, K3) -------------------------------------------------------- */

#define SATT_COLUMNS "t.id, t.application_id, t.patient_id, t.part, t.added_by, " STORED_FILE_COLUMNS("t.")
enum satt_col {
	SATT_ID,
	SATT_APPLICATION_ID,
	SATT_PATIENT_ID,
	SATT_PART,
	SATT_ADDED_BY,
	SATT_FILE,
	SATT_NCOLS = SATT_FILE + STORED_FILE_NCOLS
};

static void read_service_att(db_stmt *s, arena *ar, void *row)
{
	service_attachment *a = row;
	*a = (service_attachment){
	    .id = db_col_int(s, SATT_ID),
	    .application_id = db_col_int(s, SATT_APPLICATION_ID),
	    .patient_id = db_col_int(s, SATT_PATIENT_ID),
	    .part = db_col_str(s, SATT_PART, ar),
	    .added_by = db_col_int(s, SATT_ADDED_BY),
	    .file = store_file_read(s, SATT_FILE, ar),
	};
}

status store_service_att_insert(db_conn *c, const service_attachment *a, const uint8_t *data, size_t len, int64_t *id)
{
	db_stmt *s = db_prepare(c, "INSERT INTO service_attachment (application_id, patient_id, part,"
	                           " added_by, " STORED_FILE_INSERT_COLUMNS ", data)"
	                           " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id");
	db_bind_int(s, 1, a->application_id);
	db_bind_int(s, 2, a->patient_id);
	db_bind_text(s, 3, a->part);
	db_bind_int(s, 4, a->added_by);
	store_file_bind(s, 5, &a->file);
	db_bind_blob(s, 9, data, len);
	return db_insert_id(s, id);
}

status store_service_atts_of_application(db_conn *c, arena *ar, int64_t application_id, size_t max,
                                         service_attachment **out, size_t *n)
{
	db_stmt *s = db_prepare(c, "SELECT " SATT_COLUMNS " FROM service_attachment t WHERE t.application_id = $1"
	                           " ORDER BY t.id LIMIT $2");
	db_bind_int(s, 1, application_id);
	db_bind_int(s, 2, (int64_t)max);
	return db_read_list(s, ar, sizeof **out, max, read_service_att, out, n, NULL);
}

status store_service_att_get(db_conn *c, arena *ar, int64_t application_id, int64_t id, service_attachment *out,
                             const uint8_t **data, size_t *len)
{
	db_stmt *s = db_prepare(c, "SELECT " SATT_COLUMNS ", t.data FROM service_attachment t"
	                           " WHERE t.id = $1 AND t.application_id = $2");
	db_bind_int(s, 1, id);
	db_bind_int(s, 2, application_id);
	return db_read_one_and_blob(s, ar, read_service_att, out, SATT_NCOLS, data, len);
}

status store_service_att_delete_draft(db_conn *c, int64_t patient_id, int64_t application_id, int64_t id)
{
	db_stmt *s =
	    db_prepare(c, "DELETE FROM service_attachment WHERE id = $1 AND application_id = $2"
	                  " AND patient_id = $3 AND part = 'application' AND EXISTS (SELECT 1 FROM"
	                  " service_application a WHERE a.id = $2 AND a.patient_id = $3 AND a.status = 'draft')");
	db_bind_int(s, 1, id);
	db_bind_int(s, 2, application_id);
	db_bind_int(s, 3, patient_id);
	return db_run_changed(s, ST_NOT_FOUND);
}

/* ---- documents ---------------------------------------------------------------------- */

/* The PDF column is read only where asked for ($pdf: "d.pdf_data" or
 * "NULL"). Its bytes are in pdf_data since migration 21; pdf, the base64 text
 * column before it, is '' once a PDF is made (its CHECK ties it to
 * generated_at). */
#define DOC_COLUMNS(pdf)                                                                                         \
	"d.id, d.patient_id, d.unit_id, d.application_id, d.opened_by, d.kind, d.letter, " pdf ", d.created_at," \
	" d.generated_at, d.opened_at, d.reminded_at, d.paper_at, d.printed_at, d.paper_reason, s.title_nb,"     \
	" s.title_en, u.name, op.given_name || ' ' || op.family_name, d.hidden_from_guardians"
enum doc_col {
	DOC_ID,
	DOC_PATIENT_ID,
	DOC_UNIT_ID,
	DOC_APPLICATION_ID,
	DOC_OPENED_BY,
	DOC_KIND,
	DOC_LETTER,
	DOC_PDF,
	DOC_CREATED_AT,
	DOC_GENERATED_AT,
	DOC_OPENED_AT,
	DOC_REMINDED_AT,
	DOC_PAPER_AT,
	DOC_PRINTED_AT,
	DOC_PAPER_REASON,
	DOC_TITLE_NB,
	DOC_TITLE_EN,
	DOC_UNIT_NAME,
	DOC_OPENED_BY_NAME,
	DOC_HIDDEN,
};
#define DOC_FROM                                                      \
	" FROM citizen_document d JOIN unit u ON u.id = d.unit_id"    \
	" LEFT JOIN service_application a ON a.id = d.application_id" \
	" LEFT JOIN municipal_service s ON s.id = a.service_id LEFT JOIN person op ON op.id = d.opened_by"

static void read_document(db_stmt *s, arena *ar, void *row)
{
	citizen_document *o = row;
	size_t pdf_len;
	uint8_t *pdf = db_col_blob(s, DOC_PDF, ar, &pdf_len);
	*o = (citizen_document){
	    .id = db_col_int(s, DOC_ID),
	    .patient_id = db_col_int(s, DOC_PATIENT_ID),
	    .unit_id = db_col_int(s, DOC_UNIT_ID),
	    .application_id = db_col_opt_int(s, DOC_APPLICATION_ID),
	    .opened_by = db_col_opt_int(s, DOC_OPENED_BY),
	    .kind = db_col_str(s, DOC_KIND, ar),
	    .letter = db_col_str(s, DOC_LETTER, ar),
	    .pdf = pdf,
	    .pdf_len = pdf_len,
	    .created_at = db_col_int(s, DOC_CREATED_AT),
	    .generated_at = db_col_opt_int(s, DOC_GENERATED_AT),
	    .opened_at = db_col_opt_int(s, DOC_OPENED_AT),
	    .reminded_at = db_col_opt_int(s, DOC_REMINDED_AT),
	    .paper_at = db_col_opt_int(s, DOC_PAPER_AT),
	    .printed_at = db_col_opt_int(s, DOC_PRINTED_AT),
	    .paper_reason = db_col_opt_str(s, DOC_PAPER_REASON, ar),
	    .title_nb = db_col_opt_str(s, DOC_TITLE_NB, ar),
	    .title_en = db_col_opt_str(s, DOC_TITLE_EN, ar),
	    .unit_name = db_col_str(s, DOC_UNIT_NAME, ar),
	    .opened_by_name = db_col_opt_str(s, DOC_OPENED_BY_NAME, ar),
	    .hidden_from_guardians = db_col_bool(s, DOC_HIDDEN),
	};
}

status store_document_insert(db_conn *c, const citizen_document *d, int64_t *id)
{
	db_stmt *s =
	    db_prepare(c, "INSERT INTO citizen_document (patient_id, unit_id, application_id, kind, letter,"
	                  " created_at, hidden_from_guardians) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id");
	db_bind_int(s, 1, d->patient_id);
	db_bind_int(s, 2, d->unit_id);
	db_bind_opt_int(s, 3, d->application_id);
	db_bind_text(s, 4, d->kind);
	db_bind_text(s, 5, d->letter);
	db_bind_int(s, 6, d->created_at);
	db_bind_int(s, 7, d->hidden_from_guardians ? 1 : 0);
	return db_insert_id(s, id);
}

status store_documents_of_patient(db_conn *c, arena *ar, int64_t patient_id, const char *kind, bool for_guardian,
                                  size_t max, citizen_document **out, size_t *n, bool *more)
{
	db_stmt *s = db_prepare(c, "SELECT " DOC_COLUMNS("NULL") DOC_FROM
	                        " WHERE d.patient_id = $1"
	                        " AND (CAST($2 AS TEXT) IS NULL OR d.kind = CAST($2 AS TEXT))"
	                        " AND ($4 = 0 OR d.hidden_from_guardians = 0)"
	                        " ORDER BY d.created_at DESC, d.id DESC LIMIT $3");
	db_bind_int(s, 1, patient_id);
	db_bind_text(s, 2, kind);
	db_bind_int(s, 3, (int64_t)max + 1);
	db_bind_int(s, 4, for_guardian ? 1 : 0);
	return db_read_list(s, ar, sizeof **out, max, read_document, out, n, more);
}

status store_document_of_patient(db_conn *c, arena *ar, int64_t patient_id, int64_t id, bool for_guardian,
                                 citizen_document *out)
{
	db_stmt *s =
	    db_prepare(c, "SELECT " DOC_COLUMNS("d.pdf_data") DOC_FROM " WHERE d.id = $1 AND d.patient_id = $2"
	                                                               " AND ($3 = 0 OR d.hidden_from_guardians = 0)");
	db_bind_int(s, 1, id);
	db_bind_int(s, 2, patient_id);
	db_bind_int(s, 3, for_guardian ? 1 : 0);
	return db_read_one(s, ar, read_document, out);
}

status store_documents_of_application(db_conn *c, arena *ar, int64_t application_id, citizen_document **out, size_t *n)
{
	db_stmt *s =
	    db_prepare(c, "SELECT " DOC_COLUMNS("NULL") DOC_FROM " WHERE d.application_id = $1 ORDER BY d.id LIMIT 50");
	db_bind_int(s, 1, application_id);
	return db_read_list(s, ar, sizeof **out, SIZE_MAX, read_document, out, n, NULL);
}

status store_document_opened(db_conn *c, int64_t id, int64_t person_id, unix_time at)
{
	db_stmt *s = db_prepare(c, "UPDATE citizen_document SET opened_at = $1, opened_by = $2"
	                           " WHERE id = $3 AND opened_at IS NULL");
	db_bind_int(s, 1, at);
	db_bind_int(s, 2, person_id);
	db_bind_int(s, 3, id);
	return db_run(s);
}

status store_documents_pending(db_conn *c, arena *ar, size_t max, citizen_document **out, size_t *n)
{
	db_stmt *s = db_prepare(c, "SELECT " DOC_COLUMNS("NULL") DOC_FROM
	                        " WHERE d.generated_at IS NULL ORDER BY d.id LIMIT $1");
	db_bind_int(s, 1, (int64_t)max);
	return db_read_list(s, ar, sizeof **out, max, read_document, out, n, NULL);
}

status store_document_set_pdf(db_conn *c, int64_t id, const uint8_t *pdf, size_t len, unix_time at)
{
	db_stmt *s = db_prepare(c, "UPDATE citizen_document SET pdf_data = $1, pdf = '', generated_at = $2"
	                           " WHERE id = $3 AND pdf IS NULL");
	db_bind_blob(s, 1, pdf, len);
	db_bind_int(s, 2, at);
	db_bind_int(s, 3, id);
	return db_run(s);
}

/* A letter's paper day: its unit's paper_after_days after it was made. */
#define PAPER_DAY "(d.created_at + u.paper_after_days * 86400)"

status store_documents_to_remind(db_conn *c, arena *ar, unix_time now, size_t max, citizen_document **out, size_t *n)
{
	db_stmt *s = db_prepare(c, "SELECT " DOC_COLUMNS("NULL") DOC_FROM
	                        " WHERE d.kind NOT IN ('receipt', 'record_extract')"
	                        " AND d.opened_at IS NULL AND d.paper_at IS NULL"
	                        " AND d.reminded_at IS NULL AND " PAPER_DAY " > $1 AND " PAPER_DAY
	                        " - 86400 <= $1 ORDER BY d.id LIMIT $2");
	db_bind_int(s, 1, now);
	db_bind_int(s, 2, (int64_t)max);
	return db_read_list(s, ar, sizeof **out, max, read_document, out, n, NULL);
}

status store_document_reminded(db_conn *c, int64_t id, unix_time at)
{
	db_stmt *s =
	    db_prepare(c, "UPDATE citizen_document SET reminded_at = $2 WHERE id = $1 AND reminded_at IS NULL");
	return store_run_at(s, id, at, ST_OK);
}

status store_documents_to_paper(db_conn *c, unix_time now, int64_t *n)
{
	db_stmt *s =
	    db_prepare(c, "UPDATE citizen_document SET paper_at = $1, paper_reason = 'unopened'"
	                  " WHERE kind NOT IN ('receipt', 'record_extract') AND opened_at IS NULL AND paper_at IS NULL"
	                  " AND created_at + (SELECT u.paper_after_days FROM unit u"
	                  " WHERE u.id = citizen_document.unit_id) * 86400 <= $1");
	db_bind_int(s, 1, now);
	status st = db_run(s);
	*n = st == ST_OK ? db_changes(s) : 0;
	return st;
}

status store_document_paper(db_conn *c, int64_t id, const char *reason, unix_time at)
{
	db_stmt *s = db_prepare(c, "UPDATE citizen_document SET paper_at = $1, paper_reason = $2"
	                           " WHERE id = $3 AND paper_at IS NULL");
	db_bind_int(s, 1, at);
	db_bind_text(s, 2, reason);
	db_bind_int(s, 3, id);
	return db_run(s);
}

status store_documents_print_queue(db_conn *c, arena *ar, size_t max, citizen_document **out, size_t *n)
{
	db_stmt *s = db_prepare(c, "SELECT " DOC_COLUMNS("NULL") DOC_FROM
	                        " WHERE d.paper_at IS NOT NULL"
	                        " AND d.printed_at IS NULL ORDER BY d.paper_at, d.id LIMIT $1");
	db_bind_int(s, 1, (int64_t)max);
	return db_read_list(s, ar, sizeof **out, max, read_document, out, n, NULL);
}

status store_document_printed(db_conn *c, int64_t id, unix_time at)
{
	db_stmt *s = db_prepare(c, "UPDATE citizen_document SET printed_at = $2 WHERE id = $1 AND printed_at IS NULL");
	return store_run_at(s, id, at, ST_OK);
}

/* ---- municipalities ------------------------------------------------------------- */

status store_municipality_name(db_conn *c, arena *ar, const char *number, const char **out)
{
	db_stmt *s = db_prepare(c, "SELECT name FROM municipality WHERE number = $1");
	db_bind_text(s, 1, number);
	status st = db_step_one(s);
	if (st == ST_OK)
		*out = db_col_str(s, 0, ar);
	db_done(s);
	return st;
}

status store_municipality_set(db_conn *c, const char *number, const char *name)
{
	db_stmt *s = db_prepare(c, "INSERT INTO municipality (number, name) VALUES ($1, $2)"
	                           " ON CONFLICT (number) DO UPDATE SET name = excluded.name");
	db_bind_text(s, 1, number);
	db_bind_text(s, 2, name);
	return db_run(s);
}

status store_print_queue_count(db_conn *c, const char *reason, int64_t *n)
{
	db_stmt *s = db_prepare(c, "SELECT COUNT(*) FROM citizen_document"
	                           " WHERE paper_at IS NOT NULL AND printed_at IS NULL AND paper_reason = $1");
	db_bind_text(s, 1, reason);
	return db_one_int(s, n);
}

/* ---- the contact register's answers that mean paper (local copy) ----------------- */

status store_krr_paper_set(db_conn *c, const char *nin, const char *reason, unix_time at)
{
	db_stmt *s =
	    db_prepare(c, "INSERT INTO krr_reservation (nin, reserved_at, reason) VALUES ($1, $2, $3)"
	                  " ON CONFLICT (nin) DO UPDATE SET reason = excluded.reason,"
	                  " reserved_at = excluded.reserved_at WHERE krr_reservation.reason <> excluded.reason");
	db_bind_text(s, 1, nin);
	db_bind_int(s, 2, at);
	db_bind_text(s, 3, reason);
	return db_run(s);
}

status store_krr_paper_clear(db_conn *c, const char *nin)
{
	db_stmt *s = db_prepare(c, "DELETE FROM krr_reservation WHERE nin = $1");
	db_bind_text(s, 1, nin);
	return db_run(s);
}

status store_krr_paper_reason(db_conn *c, const char *nin, bool *unreachable)
{
	db_stmt *s = db_prepare(c, "SELECT CASE WHEN reason = 'unreachable' THEN 1 ELSE 0 END FROM krr_reservation"
	                           " WHERE nin = $1");
	db_bind_text(s, 1, nin);
	int64_t v = 0;
	status st = db_one_int(s, &v);
	*unreachable = v == 1;
	return st;
}
