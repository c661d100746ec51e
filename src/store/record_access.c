/* record_access.c (store) — queries on requests for access to the record
 * (SPEC.md D2). One function per query; citizen reads name the patient,
 * staff reads the units where the reader is a clinician. */
#include "store/record_access.h"

#include "store/store.h"

#define RA_COLUMNS                                                                                        \
	"r.id, r.patient_id, r.unit_id, r.requested_by, r.parts, r.from_date, r.to_date, r.message,"      \
	" r.for_guardian, r.status, r.created_at, r.due_date, r.receipt_id, r.document_id, r.handled_by," \
	" r.handled_at, r.refusal_reason, r.refusal_text, u.name, u.municipality, u.phone,"               \
	" p.given_name || ' ' || p.family_name, p.birth_date, rp.given_name || ' ' || rp.family_name,"    \
	" hp.given_name || ' ' || hp.family_name"
enum ra_col {
	RA_ID,
	RA_PATIENT_ID,
	RA_UNIT_ID,
	RA_REQUESTED_BY,
	RA_PARTS,
	RA_FROM_DATE,
	RA_TO_DATE,
	RA_MESSAGE,
	RA_FOR_GUARDIAN,
	RA_STATUS,
	RA_CREATED_AT,
	RA_DUE_DATE,
	RA_RECEIPT_ID,
	RA_DOCUMENT_ID,
	RA_HANDLED_BY,
	RA_HANDLED_AT,
	RA_REFUSAL_REASON,
	RA_REFUSAL_TEXT,
	RA_UNIT_NAME,
	RA_MUNICIPALITY,
	RA_UNIT_PHONE,
	RA_PATIENT_NAME,
	RA_PATIENT_BIRTH_DATE,
	RA_REQUESTED_BY_NAME,
	RA_HANDLED_BY_NAME,
};
#define RA_FROM                                                                          \
	" FROM record_access_request r JOIN unit u ON u.id = r.unit_id"                  \
	" JOIN person p ON p.id = r.patient_id JOIN person rp ON rp.id = r.requested_by" \
	" LEFT JOIN staff hs ON hs.id = r.handled_by LEFT JOIN person hp ON hp.id = hs.person_id"
/* The units where $1 (a staff id) works as clinician. */
#define RA_CLINICIAN_UNITS " r.unit_id IN (SELECT unit_id FROM staff_unit WHERE staff_id = $1 AND role = 'clinician')"

static void read_request(db_stmt *s, arena *ar, void *row)
{
	record_access_request *o = row;
	*o = (record_access_request){
	    .id = db_col_int(s, RA_ID),
	    .patient_id = db_col_int(s, RA_PATIENT_ID),
	    .unit_id = db_col_int(s, RA_UNIT_ID),
	    .requested_by = db_col_int(s, RA_REQUESTED_BY),
	    .parts = db_col_str(s, RA_PARTS, ar),
	    .from_date = db_col_str(s, RA_FROM_DATE, ar),
	    .to_date = db_col_str(s, RA_TO_DATE, ar),
	    .message = db_col_opt_str(s, RA_MESSAGE, ar),
	    .for_guardian = db_col_bool(s, RA_FOR_GUARDIAN),
	    .status = db_col_str(s, RA_STATUS, ar),
	    .created_at = db_col_int(s, RA_CREATED_AT),
	    .due_date = db_col_str(s, RA_DUE_DATE, ar),
	    .receipt_id = db_col_opt_int(s, RA_RECEIPT_ID),
	    .document_id = db_col_opt_int(s, RA_DOCUMENT_ID),
	    .handled_by = db_col_opt_int(s, RA_HANDLED_BY),
	    .handled_at = db_col_opt_int(s, RA_HANDLED_AT),
	    .refusal_reason = db_col_opt_str(s, RA_REFUSAL_REASON, ar),
	    .refusal_text = db_col_opt_str(s, RA_REFUSAL_TEXT, ar),
	    .unit_name = db_col_str(s, RA_UNIT_NAME, ar),
	    .municipality = db_col_str(s, RA_MUNICIPALITY, ar),
	    .unit_phone = db_col_opt_str(s, RA_UNIT_PHONE, ar),
	    .patient_name = db_col_str(s, RA_PATIENT_NAME, ar),
	    .patient_birth_date = db_col_str(s, RA_PATIENT_BIRTH_DATE, ar),
	    .requested_by_name = db_col_str(s, RA_REQUESTED_BY_NAME, ar),
	    .handled_by_name = db_col_opt_str(s, RA_HANDLED_BY_NAME, ar),
	};
}

status store_record_access_insert(db_conn *c, const record_access_request *r, int64_t *id)
{
	db_stmt *s = db_prepare(c, "INSERT INTO record_access_request (patient_id, unit_id, requested_by, parts,"
	                           " from_date, to_date, message, for_guardian, status, created_at, due_date)"
	                           " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'received', $9, $10) RETURNING id");
	db_bind_int(s, 1, r->patient_id);
	db_bind_int(s, 2, r->unit_id);
	db_bind_int(s, 3, r->requested_by);
	db_bind_text(s, 4, r->parts);
	db_bind_text(s, 5, r->from_date);
	db_bind_text(s, 6, r->to_date);
	db_bind_text(s, 7, r->message);
	db_bind_int(s, 8, r->for_guardian ? 1 : 0);
	db_bind_int(s, 9, r->created_at);
	db_bind_text(s, 10, r->due_date);
	return db_insert_id(s, id);
}

status store_record_access_set_receipt(db_conn *c, int64_t id, int64_t receipt_id)
{
	db_stmt *s = db_prepare(c, "UPDATE record_access_request SET receipt_id = $1 WHERE id = $2");
	db_bind_int(s, 1, receipt_id);
	db_bind_int(s, 2, id);
	return db_run_changed(s, ST_NOT_FOUND);
}

status store_record_access_of_patient(db_conn *c, arena *ar, int64_t patient_id, size_t max,
                                      record_access_request **out, size_t *n, bool *more)
{
	db_stmt *s = db_prepare(c, "SELECT " RA_COLUMNS RA_FROM " WHERE r.patient_id = $1"
	                           " ORDER BY r.created_at DESC, r.id DESC LIMIT $2");
	return store_read_list_of(s, patient_id, ar, sizeof **out, max, read_request, out, n, more);
}

status store_record_access_get(db_conn *c, arena *ar, int64_t patient_id, int64_t id, record_access_request *out)
{
	db_stmt *s = db_prepare(c, "SELECT " RA_COLUMNS RA_FROM " WHERE r.id = $1 AND r.patient_id = $2");
	return store_read_one_of(s, patient_id, id, ar, read_request, out);
}

status store_record_access_queue(db_conn *c, arena *ar, int64_t staff_id, size_t max, record_access_request **out,
                                 size_t *n, bool *more)
{
	db_stmt *s = db_prepare(c, "SELECT " RA_COLUMNS RA_FROM " WHERE r.status = 'received' AND" RA_CLINICIAN_UNITS
	                           " ORDER BY r.due_date, r.id LIMIT $2");
	return store_read_list_of(s, staff_id, ar, sizeof **out, max, read_request, out, n, more);
}

status store_record_access_for_staff(db_conn *c, arena *ar, int64_t staff_id, int64_t id, record_access_request *out)
{
	db_stmt *s = db_prepare(c, "SELECT " RA_COLUMNS RA_FROM " WHERE r.id = $2 AND" RA_CLINICIAN_UNITS);
	db_bind_int(s, 1, staff_id);
	db_bind_int(s, 2, id);
	return db_read_one(s, ar, read_request, out);
}

status store_record_access_answer(db_conn *c, int64_t id, const char *to, int64_t document_id, int64_t staff_id,
                                  const char *reason, const char *text, unix_time at)
{
	db_stmt *s = db_prepare(c, "UPDATE record_access_request SET status = $2, document_id = $3, handled_by = $4,"
	                           " refusal_reason = $5, refusal_text = $6, handled_at = $7"
	                           " WHERE id = $1 AND status = 'received'");
	db_bind_int(s, 1, id);
	db_bind_text(s, 2, to);
	db_bind_opt_int(s, 3, document_id);
	db_bind_int(s, 4, staff_id);
	db_bind_text(s, 5, reason);
	db_bind_text(s, 6, text);
	db_bind_int(s, 7, at);
	return db_run_changed(s, ST_CONFLICT);
}

static void read_unit(db_stmt *s, arena *ar, void *row)
{
	unit_choice *o = row;
	*o = (unit_choice){.id = db_col_int(s, 0), .name = db_col_str(s, 1, ar), .kind = db_col_str(s, 2, ar)};
}

status store_record_units_of_patient(db_conn *c, arena *ar, int64_t patient_id, unit_choice **out, size_t *n)
{
	db_stmt *s = db_prepare(c, "SELECT u.id, u.name, u.kind FROM patient_unit pu JOIN unit u ON u.id = pu.unit_id"
	                           " WHERE pu.person_id = $1 AND u.kind <> 'services_office' ORDER BY u.name, u.id");
	db_bind_int(s, 1, patient_id);
	return db_read_list(s, ar, sizeof **out, RECORD_LIST_LIMIT, read_unit, out, n, NULL);
}
