/* letter_delivery.c (store) — the queries of letter deliveries (store/letter_delivery.h). */
#include "store/letter_delivery.h"

#include "store/store.h"

status store_letter_delivery_add(db_conn *c, int64_t document_id, const char *adapter, unix_time at)
{
	db_stmt *s = db_prepare(c, "INSERT INTO letter_delivery (document_id, adapter, status, attempts, created_at,"
	                           " next_attempt_at) VALUES ($1, $2, 'pending', 0, $3, $3)"
	                           " ON CONFLICT (document_id, adapter) DO NOTHING");
	db_bind_int(s, 1, document_id);
	db_bind_text(s, 2, adapter);
	db_bind_int(s, 3, at);
	return db_run(s);
}

#define LD_COLUMNS "id, document_id, adapter, status, attempts, next_attempt_at, sent_at, last_error"
enum ld_col { LD_ID, LD_DOCUMENT_ID, LD_ADAPTER, LD_STATUS, LD_ATTEMPTS, LD_NEXT_AT, LD_SENT_AT, LD_LAST_ERROR };

static void read_delivery(db_stmt *s, arena *ar, void *row)
{
	letter_delivery *d = row;
	*d = (letter_delivery){
	    .id = db_col_int(s, LD_ID),
	    .document_id = db_col_int(s, LD_DOCUMENT_ID),
	    .adapter = db_col_str(s, LD_ADAPTER, ar),
	    .status = db_col_str(s, LD_STATUS, ar),
	    .attempts = (int)db_col_int(s, LD_ATTEMPTS),
	    .next_attempt_at = db_col_int(s, LD_NEXT_AT),
	    .sent_at = db_col_opt_int(s, LD_SENT_AT),
	    .last_error = db_col_opt_str(s, LD_LAST_ERROR, ar),
	};
}

const delivery_queue letter_delivery_queue =
    DQ_QUEUE("letter_delivery", "adapter", LD_COLUMNS, read_delivery, letter_delivery);

status store_letter_deliveries_of_document(db_conn *c, arena *ar, int64_t document_id, letter_delivery **out, size_t *n)
{
	db_stmt *s =
	    db_prepare(c, "SELECT " LD_COLUMNS " FROM letter_delivery WHERE document_id = $1 ORDER BY adapter LIMIT 8");
	db_bind_int(s, 1, document_id);
	return db_read_list(s, ar, sizeof **out, 8, read_delivery, out, n, NULL);
}

status store_letter_delivery_patient(db_conn *c, int64_t id, int64_t *person_id)
{
	db_stmt *s = db_prepare(c, "SELECT d.patient_id FROM letter_delivery l"
	                           " JOIN citizen_document d ON d.id = l.document_id WHERE l.id = $1");
	db_bind_int(s, 1, id);
	return db_one_int(s, person_id);
}

status store_letter_mailbox_read(db_conn *c, int64_t document_id, unix_time at)
{
	db_stmt *s = db_prepare(c, "SELECT 1 FROM letter_delivery"
	                           " WHERE document_id = $1 AND adapter = 'digital_mailbox' AND status = 'sent'");
	db_bind_int(s, 1, document_id);
	bool delivered;
	status st = db_exists(s, &delivered);
	if (st != ST_OK || !delivered)
		return st != ST_OK ? st : ST_NOT_FOUND;
	s = db_prepare(
	    c, "UPDATE citizen_document SET opened_at = $2, opened_by = NULL WHERE id = $1 AND opened_at IS NULL");
	return store_run_at(s, document_id, at, ST_OK);
}

status store_letter_deliveries_with_status(db_conn *c, arena *ar, const char *st, size_t max, letter_delivery **out,
                                           size_t *n)
{
	db_stmt *s =
	    db_prepare(c, "SELECT " LD_COLUMNS " FROM letter_delivery WHERE status = $1 ORDER BY id DESC LIMIT $2");
	db_bind_text(s, 1, st);
	db_bind_int(s, 2, (int64_t)max);
	return db_read_list(s, ar, sizeof **out, max, read_delivery, out, n, NULL);
}

enum payload_col { PL_NIN, PL_KIND, PL_LETTER, PL_PDF };

static void read_payload(db_stmt *s, arena *ar, void *row)
{
	letter_payload *p = row;
	*p = (letter_payload){
	    .nin = db_col_str(s, PL_NIN, ar),
	    .kind = db_col_str(s, PL_KIND, ar),
	    .letter = db_col_str(s, PL_LETTER, ar),
	};
	p->pdf = db_col_blob(s, PL_PDF, ar, &p->pdf_len);
}

status store_letter_payload(db_conn *c, arena *ar, int64_t document_id, letter_payload *out)
{
	db_stmt *s = db_prepare(c, "SELECT p.nin, d.kind, d.letter, d.pdf_data FROM citizen_document d"
	                           " JOIN person p ON p.id = d.patient_id"
	                           " WHERE d.id = $1 AND d.pdf_data IS NOT NULL");
	return store_read_one_by(s, document_id, ar, read_payload, out);
}
