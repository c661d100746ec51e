/* short_notice.c (store) — the short-notice list and its offers
 * (store/short_notice.h). */
#include "store/short_notice.h"

#include "store/store.h"

#define PERSON_NAME(alias) alias ".given_name || ' ' || " alias ".family_name"

status store_sn_join(db_conn *c, int64_t appointment_id, unix_time at)
{
	db_stmt *s = db_prepare(c, "INSERT INTO short_notice (unit_id, patient_id, appointment_id, joined_at)"
	                           " SELECT a.unit_id, a.patient_id, a.id, $2 FROM appointment a"
	                           " WHERE a.id = $1 AND a.status = 'booked'"
	                           " ON CONFLICT (appointment_id) DO NOTHING");
	return store_run_at(s, appointment_id, at, ST_OK);
}

status store_sn_follow(db_conn *c, int64_t old_appointment, int64_t new_appointment)
{
	db_stmt *s = db_prepare(c, "UPDATE short_notice SET appointment_id = $2 WHERE appointment_id = $1");
	db_bind_int(s, 1, old_appointment);
	db_bind_int(s, 2, new_appointment);
	return db_run(s);
}

status store_sn_listed(db_conn *c, int64_t appointment_id, bool *out)
{
	db_stmt *s = db_prepare(c, "SELECT 1 FROM short_notice WHERE appointment_id = $1");
	db_bind_int(s, 1, appointment_id);
	return db_exists(s, out);
}

status store_sn_horizon(db_conn *c, int64_t unit_id, unix_time now, unix_time *out)
{
	db_stmt *s = db_prepare(c, "SELECT COALESCE(MAX(sl.start_at), 0) FROM short_notice e"
	                           " JOIN appointment a ON a.id = e.appointment_id AND a.status = 'booked'"
	                           " JOIN slot sl ON sl.id = a.slot_id WHERE e.unit_id = $1 AND sl.start_at > $2");
	db_bind_int(s, 1, unit_id);
	db_bind_int(s, 2, now);
	return db_one_int(s, out);
}

status store_sn_open_count(db_conn *c, int64_t slot_id, int64_t *out)
{
	db_stmt *s = db_prepare(c, "SELECT COUNT(*) FROM short_notice_offer WHERE slot_id = $1 AND status = 'open'");
	db_bind_int(s, 1, slot_id);
	return db_one_int(s, out);
}

status store_sn_offer_insert(db_conn *c, int64_t slot_id, unix_time now, unix_time deadline, int64_t limit,
                             int64_t *added)
{
	*added = 0;
	/* One statement: who qualifies and the offers to them. Two of these
	 * at once offer nobody twice (the UNIQUE pair). */
	db_stmt *s =
	    db_prepare(c, "INSERT INTO short_notice_offer (unit_id, slot_id, entry_id, appointment_id, patient_id,"
	                  " status, created_at, deadline, slot_start, slot_end)"
	                  " SELECT e.unit_id, s.id, e.id, a.id, a.patient_id, 'open', CAST($2 AS BIGINT),"
	                  " CAST($3 AS BIGINT), s.start_at, s.end_at"
	                  " FROM slot s JOIN short_notice e ON e.unit_id = s.unit_id"
	                  " JOIN appointment a ON a.id = e.appointment_id AND a.status = 'booked'"
	                  " WHERE s.id = $1 AND s.blocked = 0 AND s.start_at > $2 AND a.start_at > s.start_at"
	                  " AND NOT EXISTS (SELECT 1 FROM appointment b WHERE b.slot_id = s.id AND b.status = 'booked')"
	                  " AND (s.visit_type_id IS NULL OR s.visit_type_id = a.visit_type_id)"
	                  " AND EXISTS (SELECT 1 FROM visit_type_clinician vc WHERE vc.visit_type_id = a.visit_type_id"
	                  "  AND vc.staff_id = s.staff_id)"
	                  " AND NOT EXISTS (SELECT 1 FROM short_notice_offer o WHERE o.slot_id = s.id"
	                  "  AND o.entry_id = e.id)"
	                  " AND NOT EXISTS (SELECT 1 FROM short_notice_offer h"
	                  "  WHERE h.entry_id = e.id AND h.status = 'open' AND h.deadline > $2"
	                  "  AND h.slot_start <= s.start_at)"
	                  " ORDER BY e.joined_at, e.id LIMIT $4"
	                  " ON CONFLICT (slot_id, entry_id) DO NOTHING");
	db_bind_int(s, 1, slot_id);
	db_bind_int(s, 2, now);
	db_bind_int(s, 3, deadline);
	db_bind_int(s, 4, limit);
	status st = db_run(s);
	if (st == ST_OK)
		*added = db_changes(s);
	return st;
}

#define OFFER_COLUMNS                                                                                         \
	"o.id, o.unit_id, o.slot_id, o.entry_id, o.appointment_id, o.patient_id, o.new_appointment_id,"       \
	" o.status, o.reason, o.created_at, o.deadline, o.answered_at, o.slot_start, o.slot_end, a.start_at," \
	" " PERSON_NAME("sp") ", v.name_nb, v.name_en, u.name, " PERSON_NAME("pp") ", a.visit_type_id, a.slot_id"
#define OFFER_FROM                                                                     \
	" FROM short_notice_offer o JOIN slot s ON s.id = o.slot_id"                   \
	" JOIN staff ss ON ss.id = s.staff_id JOIN person sp ON sp.id = ss.person_id"  \
	" JOIN appointment a ON a.id = o.appointment_id"                               \
	" JOIN visit_type v ON v.id = a.visit_type_id JOIN unit u ON u.id = o.unit_id" \
	" JOIN person pp ON pp.id = o.patient_id"

static void read_offer(db_stmt *s, arena *ar, void *row)
{
	int i = 0;
	sn_offer *o = row;
	*o = (sn_offer){0};
	o->id = db_col_int(s, i++);
	o->unit_id = db_col_int(s, i++);
	o->slot_id = db_col_int(s, i++);
	o->entry_id = db_col_int(s, i++);
	o->appointment_id = db_col_int(s, i++);
	o->patient_id = db_col_int(s, i++);
	o->new_appointment_id = db_col_opt_int(s, i++);
	o->status = db_col_str(s, i++, ar);
	o->reason = db_col_opt_str(s, i++, ar);
	o->created_at = db_col_int(s, i++);
	o->deadline = db_col_int(s, i++);
	o->answered_at = db_col_opt_int(s, i++);
	o->slot_start = db_col_int(s, i++);
	o->slot_end = db_col_int(s, i++);
	o->current_start = db_col_int(s, i++);
	o->staff_name = db_col_str(s, i++, ar);
	o->type_nb = db_col_str(s, i++, ar);
	o->type_en = db_col_str(s, i++, ar);
	o->unit_name = db_col_str(s, i++, ar);
	o->patient_name = db_col_str(s, i++, ar);
	o->visit_type_id = db_col_int(s, i++);
	o->current_slot = db_col_int(s, i++);
}

status store_sn_offers_made(db_conn *c, arena *ar, int64_t slot_id, unix_time at, size_t max, sn_offer **out, size_t *n)
{
	db_stmt *s = db_prepare(c, "SELECT " OFFER_COLUMNS OFFER_FROM " WHERE o.slot_id = $1 AND o.status = 'open'"
	                           " AND o.created_at = $2 ORDER BY o.id LIMIT $3");
	db_bind_int(s, 1, slot_id);
	db_bind_int(s, 2, at);
	db_bind_int(s, 3, (int64_t)max);
	return db_read_list(s, ar, sizeof **out, max, read_offer, out, n, NULL);
}

status store_sn_offer_get(db_conn *c, arena *ar, int64_t patient_id, int64_t id, sn_offer *out)
{
	db_stmt *s = db_prepare(c, "SELECT " OFFER_COLUMNS OFFER_FROM " WHERE o.id = $1 AND o.patient_id = $2");
	return store_read_one_of(s, patient_id, id, ar, read_offer, out);
}

status store_sn_offers_open(db_conn *c, arena *ar, int64_t patient_id, unix_time now, size_t max, sn_offer **out,
                            size_t *n)
{
	/* In the order of the index short_notice_offer_patient (migration 36). */
	db_stmt *s = db_prepare(c, "SELECT " OFFER_COLUMNS OFFER_FROM " WHERE o.patient_id = $1 AND o.status = 'open'"
	                           " AND o.deadline > $2 ORDER BY o.slot_start, o.id LIMIT $3");
	db_bind_int(s, 1, patient_id);
	db_bind_int(s, 2, now);
	db_bind_int(s, 3, (int64_t)max);
	return db_read_list(s, ar, sizeof **out, max, read_offer, out, n, NULL);
}

status store_sn_offer_accept(db_conn *c, int64_t patient_id, int64_t id, int64_t new_appointment, unix_time now)
{
	db_stmt *s = db_prepare(c, "UPDATE short_notice_offer SET status = 'accepted', reason = 'accepted',"
	                           " answered_at = $3, new_appointment_id = $4"
	                           " WHERE id = $1 AND patient_id = $2 AND status = 'open' AND deadline > $3");
	db_bind_int(s, 1, id);
	db_bind_int(s, 2, patient_id);
	db_bind_int(s, 3, now);
	db_bind_int(s, 4, new_appointment);
	return db_run_changed(s, ST_NOT_FOUND);
}

status store_sn_offer_decline(db_conn *c, int64_t patient_id, int64_t id, unix_time now)
{
	db_stmt *s =
	    db_prepare(c, "UPDATE short_notice_offer SET status = 'declined', reason = 'declined', answered_at = $3"
	                  " WHERE id = $1 AND patient_id = $2 AND status = 'open' AND deadline > $3");
	db_bind_int(s, 1, id);
	db_bind_int(s, 2, patient_id);
	db_bind_int(s, 3, now);
	return db_run_changed(s, ST_NOT_FOUND);
}

status store_sn_withdraw_slot(db_conn *c, int64_t slot_id, unix_time now)
{
	db_stmt *s =
	    db_prepare(c, "UPDATE short_notice_offer SET status = 'withdrawn', reason = 'taken', answered_at = $2"
	                  " WHERE slot_id = $1 AND status = 'open'");
	return store_run_at(s, slot_id, now, ST_OK);
}

status store_sn_withdraw_appt(db_conn *c, int64_t appointment_id, const char *reason, unix_time now)
{
	db_stmt *s = db_prepare(c, "UPDATE short_notice_offer SET status = 'withdrawn', reason = $2, answered_at = $3"
	                           " WHERE appointment_id = $1 AND status = 'open'");
	db_bind_int(s, 1, appointment_id);
	db_bind_text(s, 2, reason);
	db_bind_int(s, 3, now);
	return db_run(s);
}

status store_sn_expire(db_conn *c, unix_time now, int64_t *n)
{
	*n = 0;
	db_stmt *s = db_prepare(c, "UPDATE short_notice_offer SET status = 'expired', reason = 'no_answer',"
	                           " answered_at = deadline WHERE status = 'open' AND deadline <= $1");
	db_bind_int(s, 1, now);
	status st = db_run(s);
	if (st == ST_OK)
		*n = db_changes(s);
	return st;
}

status store_sn_slots_to_offer(db_conn *c, arena *ar, unix_time now, size_t max, int64_t **out, size_t *n)
{
	db_stmt *s =
	    db_prepare(c, "SELECT s.id FROM slot s WHERE s.blocked = 0 AND s.start_at > $1"
	                  " AND EXISTS (SELECT 1 FROM short_notice_offer o WHERE o.slot_id = s.id)"
	                  " AND NOT EXISTS (SELECT 1 FROM appointment b WHERE b.slot_id = s.id AND b.status = 'booked')"
	                  " ORDER BY s.start_at, s.id LIMIT $2");
	db_bind_int(s, 1, now);
	db_bind_int(s, 2, (int64_t)max);
	return db_read_list(s, ar, sizeof **out, max, store_read_id, out, n, NULL);
}

static void read_entry(db_stmt *s, arena *ar, void *row)
{
	sn_entry *e = row;
	*e = (sn_entry){
	    .id = db_col_int(s, 0),
	    .appointment_id = db_col_int(s, 1),
	    .patient_id = db_col_int(s, 2),
	    .joined_at = db_col_int(s, 3),
	    .start_at = db_col_int(s, 4),
	    .patient_name = db_col_str(s, 5, ar),
	    .type_nb = db_col_str(s, 6, ar),
	    .type_en = db_col_str(s, 7, ar),
	};
}

status store_sn_list_of_unit(db_conn *c, arena *ar, int64_t unit_id, unix_time now, size_t max, sn_entry **out,
                             size_t *n, bool *more)
{
	db_stmt *s =
	    db_prepare(c, "SELECT e.id, e.appointment_id, e.patient_id, e.joined_at, sl.start_at, " PERSON_NAME(
	                      "p") ", v.name_nb, v.name_en"
	                           " FROM short_notice e JOIN appointment a ON a.id = e.appointment_id"
	                           " JOIN slot sl ON sl.id = a.slot_id JOIN person p ON p.id = e.patient_id"
	                           " JOIN visit_type v ON v.id = a.visit_type_id"
	                           " WHERE e.unit_id = $1 AND a.status = 'booked' AND sl.start_at > $2"
	                           " ORDER BY e.joined_at, e.id LIMIT $3");
	db_bind_int(s, 1, unit_id);
	db_bind_int(s, 2, now);
	db_bind_int(s, 3, (int64_t)max + 1);
	return db_read_list(s, ar, sizeof **out, max, read_entry, out, n, more);
}

status store_sn_offers_of_unit(db_conn *c, arena *ar, int64_t unit_id, size_t max, sn_offer **out, size_t *n,
                               bool *more)
{
	db_stmt *s = db_prepare(c, "SELECT " OFFER_COLUMNS OFFER_FROM " WHERE o.unit_id = $1"
	                           " ORDER BY o.created_at DESC, o.id DESC LIMIT $2");
	return store_read_list_of(s, unit_id, ar, sizeof **out, max, read_offer, out, n, more);
}
