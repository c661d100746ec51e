/* appointments.c (store) — appointments: unit rules, visit types, templates,
 * slots, appointments and change/cancel requests (store/appointments.h). */
#include "store/appointments.h"

#include "store/register.h"
#include "store/store.h"

/* ---- a unit's rules ------------------------------------------------------------ */

#define RULES_COLUMNS                                        \
	"u.id, u.name, u.phone, u.kind,"                     \
	" u.self_booking, u.self_change, u.change_requests," \
	" u.change_deadline_hours, u.booking_weeks, u.offer_count, u.offer_answer_minutes"
enum rules_col {
	RULES_ID,
	RULES_NAME,
	RULES_PHONE,
	RULES_KIND,
	RULES_SELF_BOOKING,
	RULES_SELF_CHANGE,
	RULES_CHANGE_REQUESTS,
	RULES_DEADLINE,
	RULES_WEEKS,
	RULES_OFFERS,
	RULES_ANSWER,
	RULES_NCOLS
};

static void read_rules_at(db_stmt *s, arena *ar, unit_rules *r)
{
	*r = (unit_rules){
	    .unit_id = db_col_int(s, RULES_ID),
	    .name = db_col_str(s, RULES_NAME, ar),
	    .phone = db_col_str(s, RULES_PHONE, ar),
	    .kind = db_col_str(s, RULES_KIND, ar),
	    .self_booking = db_col_bool(s, RULES_SELF_BOOKING),
	    .self_change = db_col_bool(s, RULES_SELF_CHANGE),
	    .change_requests = db_col_bool(s, RULES_CHANGE_REQUESTS),
	    .change_deadline_hours = (int)db_col_int(s, RULES_DEADLINE),
	    .booking_weeks = (int)db_col_int(s, RULES_WEEKS),
	    .offer_count = (int)db_col_int(s, RULES_OFFERS),
	    .offer_answer_minutes = (int)db_col_int(s, RULES_ANSWER),
	};
}

static void read_rules(db_stmt *s, arena *ar, void *row)
{
	read_rules_at(s, ar, row);
}

status store_unit_rules_get(db_conn *c, arena *ar, int64_t unit_id, unit_rules *out)
{
	db_stmt *s = db_prepare(c, "SELECT " RULES_COLUMNS " FROM unit u WHERE u.id = $1");
	return store_read_one_by(s, unit_id, ar, read_rules, out);
}

status store_unit_rules_set(db_conn *c, const unit_rules *r)
{
	db_stmt *s =
	    db_prepare(c, "UPDATE unit SET self_booking = $2, self_change = $3, change_requests = $4,"
	                  " change_deadline_hours = $5, booking_weeks = $6, phone = $7,"
	                  " offer_count = COALESCE(NULLIF($8, 0), offer_count),"
	                  " offer_answer_minutes = COALESCE(NULLIF($9, 0), offer_answer_minutes) WHERE id = $1");
	db_bind_int(s, 1, r->unit_id);
	db_bind_int(s, 2, r->self_booking ? 1 : 0);
	db_bind_int(s, 3, r->self_change ? 1 : 0);
	db_bind_int(s, 4, r->change_requests ? 1 : 0);
	db_bind_int(s, 5, r->change_deadline_hours);
	db_bind_int(s, 6, r->booking_weeks);
	db_bind_text(s, 7, r->phone);
	db_bind_int(s, 8, r->offer_count);
	db_bind_int(s, 9, r->offer_answer_minutes);
	return db_run_changed(s, ST_NOT_FOUND);
}

status store_units_bookable(db_conn *c, arena *ar, int64_t person_id, unit_rules **out, size_t *n)
{
	db_stmt *s = db_prepare(c, "SELECT " RULES_COLUMNS " FROM unit u JOIN patient_unit pu ON pu.unit_id = u.id"
	                           " WHERE pu.person_id = $1 AND u.self_booking = 1 ORDER BY u.name, u.id");
	db_bind_int(s, 1, person_id);
	return db_read_list(s, ar, sizeof **out, RECORD_LIST_LIMIT, read_rules, out, n, NULL);
}

status store_units_of_staff(db_conn *c, arena *ar, int64_t staff_id, unsigned roles, unit_rules **out, size_t *n)
{
	db_stmt *s =
	    db_prepare(c, "SELECT " RULES_COLUMNS " FROM unit u WHERE u.id IN (SELECT su.unit_id FROM staff_unit su"
	                  "  WHERE su.staff_id = $1 AND (" STORE_ROLE_BIT("su.role") " & $2) <> 0)"
	                                                                             " ORDER BY u.name, u.id");
	db_bind_int(s, 1, staff_id);
	db_bind_int(s, 2, roles);
	return db_read_list(s, ar, sizeof **out, RECORD_LIST_LIMIT, read_rules, out, n, NULL);
}

status store_is_patient_of(db_conn *c, int64_t person_id, int64_t unit_id, bool *out)
{
	db_stmt *s = db_prepare(c, "SELECT 1 FROM patient_unit WHERE person_id = $1 AND unit_id = $2");
	db_bind_int(s, 1, person_id);
	db_bind_int(s, 2, unit_id);
	return db_exists(s, out);
}

static void read_clinician(db_stmt *s, arena *ar, void *row)
{
	unit_clinician *o = row;
	*o = (unit_clinician){.staff_id = db_col_int(s, 0), .name = db_col_str(s, 1, ar)};
}

status store_unit_clinicians(db_conn *c, arena *ar, int64_t unit_id, unit_clinician **out, size_t *n)
{
	db_stmt *s = db_prepare(c, "SELECT su.staff_id, p.given_name || ' ' || p.family_name FROM staff_unit su"
	                           " JOIN staff st ON st.id = su.staff_id JOIN person p ON p.id = st.person_id"
	                           " WHERE su.unit_id = $1 AND su.role = 'clinician' AND st.active = 1"
	                           " ORDER BY p.family_name, p.given_name, su.staff_id");
	db_bind_int(s, 1, unit_id);
	return db_read_list(s, ar, sizeof **out, RECORD_LIST_LIMIT, read_clinician, out, n, NULL);
}


/* ---- visit types ------------------------------------------------------------------ */

#define VT_COLUMNS                                                                         \
	"v.id, v.unit_id, v.name_nb, v.name_en, v.minutes, v.mode, v.category, v.fee_nok," \
	" v.self_bookable, v.check_in, v.active, v.what_to_bring_nb, v.what_to_bring_en"
enum vt_col {
	VT_ID,
	VT_UNIT_ID,
	VT_NAME_NB,
	VT_NAME_EN,
	VT_MINUTES,
	VT_MODE,
	VT_CATEGORY,
	VT_FEE,
	VT_SELF_BOOKABLE,
	VT_CHECK_IN,
	VT_ACTIVE,
	VT_BRING_NB,
	VT_BRING_EN,
	VT_NCOLS
};

static void read_vt_at(db_stmt *s, arena *ar, int base, visit_type *v)
{
	*v = (visit_type){
	    .id = db_col_int(s, base + VT_ID),
	    .unit_id = db_col_int(s, base + VT_UNIT_ID),
	    .name_nb = db_col_str(s, base + VT_NAME_NB, ar),
	    .name_en = db_col_str(s, base + VT_NAME_EN, ar),
	    .minutes = (int)db_col_int(s, base + VT_MINUTES),
	    .mode = db_col_str(s, base + VT_MODE, ar),
	    .category = db_col_str(s, base + VT_CATEGORY, ar),
	    .fee_nok = (int)db_col_int(s, base + VT_FEE),
	    .self_bookable = db_col_bool(s, base + VT_SELF_BOOKABLE),
	    .check_in = db_col_bool(s, base + VT_CHECK_IN),
	    .active = db_col_bool(s, base + VT_ACTIVE),
	    .what_to_bring_nb = db_col_opt_str(s, base + VT_BRING_NB, ar),
	    .what_to_bring_en = db_col_opt_str(s, base + VT_BRING_EN, ar),
	};
}

static void read_vt(db_stmt *s, arena *ar, void *row)
{
	read_vt_at(s, ar, 0, row);
}

/* Binds what an insert and an update of a visit type both write: $1 the
 * unit, $2 to $11 the fields a unit may change. */
static void bind_visit_type(db_stmt *s, const visit_type *v)
{
	db_bind_int(s, 1, v->unit_id);
	db_bind_text(s, 2, v->name_nb);
	db_bind_text(s, 3, v->name_en);
	db_bind_int(s, 4, v->minutes);
	db_bind_text(s, 5, v->mode);
	db_bind_text(s, 6, v->category);
	db_bind_int(s, 7, v->fee_nok);
	db_bind_int(s, 8, v->self_bookable ? 1 : 0);
	db_bind_int(s, 9, v->check_in ? 1 : 0);
	db_bind_text(s, 10, v->what_to_bring_nb);
	db_bind_text(s, 11, v->what_to_bring_en);
}

status store_visit_type_insert(db_conn *c, const visit_type *v, int64_t *id)
{
	db_stmt *s =
	    db_prepare(c, "INSERT INTO visit_type (unit_id, name_nb, name_en, minutes, mode, category, fee_nok,"
	                  " self_bookable, check_in, what_to_bring_nb, what_to_bring_en, active)"
	                  " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id");
	bind_visit_type(s, v);
	db_bind_int(s, 12, v->active ? 1 : 0);
	return db_insert_id(s, id);
}

status store_visit_type_get(db_conn *c, arena *ar, int64_t unit_id, int64_t id, visit_type *out)
{
	db_stmt *s = db_prepare(c, "SELECT " VT_COLUMNS " FROM visit_type v WHERE v.id = $1 AND v.unit_id = $2");
	return store_read_one_of(s, unit_id, id, ar, read_vt, out);
}

status store_visit_types_of_unit(db_conn *c, arena *ar, int64_t unit_id, bool citizen_bookable, visit_type **out,
                                 size_t *n)
{
	db_stmt *s = db_prepare(c, "SELECT " VT_COLUMNS " FROM visit_type v WHERE v.unit_id = $1"
	                           " AND ($2 = 0 OR (v.active = 1 AND v.self_bookable = 1"
	                           "  AND v.category <> 'home_care_visit'))"
	                           " ORDER BY v.name_nb, v.id");
	db_bind_int(s, 1, unit_id);
	db_bind_int(s, 2, citizen_bookable ? 1 : 0);
	return db_read_list(s, ar, sizeof **out, RECORD_LIST_LIMIT, read_vt, out, n, NULL);
}

status store_visit_type_clinician_add(db_conn *c, int64_t visit_type_id, int64_t staff_id)
{
	db_stmt *s = db_prepare(c, "INSERT INTO visit_type_clinician (visit_type_id, staff_id) VALUES ($1, $2)"
	                           " ON CONFLICT DO NOTHING");
	db_bind_int(s, 1, visit_type_id);
	db_bind_int(s, 2, staff_id);
	return db_run(s);
}

status store_visit_type_update(db_conn *c, const visit_type *v)
{
	db_stmt *s = db_prepare(c, "UPDATE visit_type SET name_nb = $2, name_en = $3, minutes = $4, mode = $5,"
	                           " category = $6, fee_nok = $7, self_bookable = $8, check_in = $9,"
	                           " what_to_bring_nb = $10, what_to_bring_en = $11"
	                           " WHERE id = $12 AND unit_id = $1 AND active = 1");
	bind_visit_type(s, v);
	db_bind_int(s, 12, v->id);
	return db_run_changed(s, ST_NOT_FOUND);
}

status store_visit_type_retire(db_conn *c, int64_t unit_id, int64_t id)
{
	db_stmt *s = db_prepare(c, "UPDATE visit_type SET active = 0 WHERE id = $1 AND unit_id = $2 AND active = 1");
	db_bind_int(s, 1, id);
	db_bind_int(s, 2, unit_id);
	return db_run_changed(s, ST_NOT_FOUND);
}

status store_visit_type_clinicians_clear(db_conn *c, int64_t visit_type_id)
{
	db_stmt *s = db_prepare(c, "DELETE FROM visit_type_clinician WHERE visit_type_id = $1");
	db_bind_int(s, 1, visit_type_id);
	return db_run(s);
}

status store_visit_type_clinicians(db_conn *c, arena *ar, int64_t visit_type_id, int64_t **out, size_t *n)
{
	db_stmt *s = db_prepare(c, "SELECT staff_id FROM visit_type_clinician WHERE visit_type_id = $1"
	                           " ORDER BY staff_id");
	db_bind_int(s, 1, visit_type_id);
	return db_read_list(s, ar, sizeof **out, RECORD_LIST_LIMIT, store_read_id, out, n, NULL);
}

/* ---- templates and slots ------------------------------------------------------------ */

#define STAFF_NAME(alias) alias ".given_name || ' ' || " alias ".family_name"

#define TPL_COLUMNS                                 \
	"t.id, t.unit_id, t.staff_id, " STAFF_NAME( \
	    "tp") ","                               \
	          " t.weekday, t.start_minute, t.end_minute, t.slot_minutes, t.visit_type_id, t.active"
enum tpl_col {
	TPL_ID,
	TPL_UNIT_ID,
	TPL_STAFF_ID,
	TPL_STAFF_NAME,
	TPL_WEEKDAY,
	TPL_START,
	TPL_END,
	TPL_SLOT,
	TPL_VT,
	TPL_ACTIVE,
};

static void read_tpl(db_stmt *s, arena *ar, void *row)
{
	schedule_template *t = row;
	*t = (schedule_template){
	    .id = db_col_int(s, TPL_ID),
	    .unit_id = db_col_int(s, TPL_UNIT_ID),
	    .staff_id = db_col_int(s, TPL_STAFF_ID),
	    .staff_name = db_col_str(s, TPL_STAFF_NAME, ar),
	    .weekday = (int)db_col_int(s, TPL_WEEKDAY),
	    .start_minute = (int)db_col_int(s, TPL_START),
	    .end_minute = (int)db_col_int(s, TPL_END),
	    .slot_minutes = (int)db_col_int(s, TPL_SLOT),
	    .visit_type_id = db_col_opt_int(s, TPL_VT),
	    .active = db_col_bool(s, TPL_ACTIVE),
	};
}

/* Binds what an insert and an update of a template both write: $1 the
 * unit, $2 to $7 the clinician, the weekly hours and the visit type. */
static void bind_template(db_stmt *s, const schedule_template *t)
{
	db_bind_int(s, 1, t->unit_id);
	db_bind_int(s, 2, t->staff_id);
	db_bind_int(s, 3, t->weekday);
	db_bind_int(s, 4, t->start_minute);
	db_bind_int(s, 5, t->end_minute);
	db_bind_int(s, 6, t->slot_minutes);
	db_bind_opt_int(s, 7, t->visit_type_id);
}

status store_template_insert(db_conn *c, const schedule_template *t, int64_t *id)
{
	db_stmt *s =
	    db_prepare(c, "INSERT INTO schedule_template (unit_id, staff_id, weekday, start_minute, end_minute,"
	                  " slot_minutes, visit_type_id, active) VALUES ($1, $2, $3, $4, $5, $6, $7, 1)"
	                  " RETURNING id");
	bind_template(s, t);
	return db_insert_id(s, id);
}

status store_templates_of_unit(db_conn *c, arena *ar, int64_t unit_id, schedule_template **out, size_t *n)
{
	db_stmt *s = db_prepare(c, "SELECT " TPL_COLUMNS " FROM schedule_template t"
	                           " JOIN staff ts ON ts.id = t.staff_id JOIN person tp ON tp.id = ts.person_id"
	                           " WHERE t.unit_id = $1 AND t.active = 1"
	                           " ORDER BY tp.family_name, t.staff_id, t.weekday, t.start_minute, t.id");
	db_bind_int(s, 1, unit_id);
	return db_read_list(s, ar, sizeof **out, RECORD_LIST_LIMIT, read_tpl, out, n, NULL);
}

status store_template_get(db_conn *c, arena *ar, int64_t unit_id, int64_t id, schedule_template *out)
{
	db_stmt *s = db_prepare(c, "SELECT " TPL_COLUMNS " FROM schedule_template t"
	                           " JOIN staff ts ON ts.id = t.staff_id JOIN person tp ON tp.id = ts.person_id"
	                           " WHERE t.id = $1 AND t.unit_id = $2");
	return store_read_one_of(s, unit_id, id, ar, read_tpl, out);
}

status store_template_update(db_conn *c, const schedule_template *t)
{
	db_stmt *s = db_prepare(c, "UPDATE schedule_template SET staff_id = $2, weekday = $3, start_minute = $4,"
	                           " end_minute = $5, slot_minutes = $6, visit_type_id = $7"
	                           " WHERE id = $8 AND unit_id = $1 AND active = 1");
	bind_template(s, t);
	db_bind_int(s, 8, t->id);
	return db_run_changed(s, ST_NOT_FOUND);
}

status store_template_retire(db_conn *c, int64_t unit_id, int64_t id)
{
	db_stmt *s =
	    db_prepare(c, "UPDATE schedule_template SET active = 0 WHERE id = $1 AND unit_id = $2 AND active = 1");
	db_bind_int(s, 1, id);
	db_bind_int(s, 2, unit_id);
	return db_run_changed(s, ST_NOT_FOUND);
}

status store_templates_of_type_retire(db_conn *c, int64_t unit_id, int64_t visit_type_id)
{
	db_stmt *s = db_prepare(c, "UPDATE schedule_template SET active = 0"
	                           " WHERE unit_id = $1 AND visit_type_id = $2 AND active = 1");
	db_bind_int(s, 1, unit_id);
	db_bind_int(s, 2, visit_type_id);
	return db_run(s);
}

#define SLOT_OWN_COLUMNS                                                           \
	"s.id, s.unit_id, s.staff_id, " STAFF_NAME("sp") ", s.start_at, s.end_at," \
	                                                 " s.visit_type_id, s.template_id, s.blocked"
#define SLOT_COLUMNS SLOT_OWN_COLUMNS ", ba.id, ba.patient_id"
enum slot_col {
	SLOT_ID,
	SLOT_UNIT_ID,
	SLOT_STAFF_ID,
	SLOT_STAFF_NAME,
	SLOT_START,
	SLOT_END,
	SLOT_VT,
	SLOT_TEMPLATE,
	SLOT_BLOCKED,
	SLOT_BOOKED,
	SLOT_BOOKED_PATIENT,
};
#define SLOT_WITH_STAFF                                    \
	" FROM slot s JOIN staff ss ON ss.id = s.staff_id" \
	" JOIN person sp ON sp.id = ss.person_id"
#define SLOT_FROM SLOT_WITH_STAFF " LEFT JOIN appointment ba ON ba.slot_id = s.id AND ba.status = 'booked'"

static void read_slot(db_stmt *s, arena *ar, void *row)
{
	slot *o = row;
	*o = (slot){
	    .id = db_col_int(s, SLOT_ID),
	    .unit_id = db_col_int(s, SLOT_UNIT_ID),
	    .staff_id = db_col_int(s, SLOT_STAFF_ID),
	    .staff_name = db_col_str(s, SLOT_STAFF_NAME, ar),
	    .start_at = db_col_int(s, SLOT_START),
	    .end_at = db_col_int(s, SLOT_END),
	    .visit_type_id = db_col_opt_int(s, SLOT_VT),
	    .template_id = db_col_opt_int(s, SLOT_TEMPLATE),
	    .blocked = db_col_bool(s, SLOT_BLOCKED),
	    .booked_appointment = db_col_opt_int(s, SLOT_BOOKED),
	    .booked_patient = db_col_opt_int(s, SLOT_BOOKED_PATIENT),
	};
}

status store_slot_insert(db_conn *c, const slot *in, bool *inserted)
{
	db_stmt *s = db_prepare(c, "INSERT INTO slot (unit_id, staff_id, start_at, end_at, visit_type_id, template_id,"
	                           " blocked) VALUES ($1, $2, $3, $4, $5, $6, $7)"
	                           " ON CONFLICT (staff_id, start_at) DO NOTHING");
	db_bind_int(s, 1, in->unit_id);
	db_bind_int(s, 2, in->staff_id);
	db_bind_int(s, 3, in->start_at);
	db_bind_int(s, 4, in->end_at);
	db_bind_opt_int(s, 5, in->visit_type_id);
	db_bind_opt_int(s, 6, in->template_id);
	db_bind_int(s, 7, in->blocked ? 1 : 0);
	status st = db_run(s);
	*inserted = st == ST_OK && db_changes(s) > 0;
	return st;
}

status store_slot_get(db_conn *c, arena *ar, int64_t unit_id, int64_t id, slot *out)
{
	db_stmt *s = db_prepare(c, "SELECT " SLOT_COLUMNS SLOT_FROM " WHERE s.id = $1 AND s.unit_id = $2");
	return store_read_one_of(s, unit_id, id, ar, read_slot, out);
}

status store_slot_find(db_conn *c, int64_t staff_id, unix_time start, int64_t *id)
{
	db_stmt *s = db_prepare(c, "SELECT id FROM slot WHERE staff_id = $1 AND start_at = $2");
	db_bind_int(s, 1, staff_id);
	db_bind_int(s, 2, start);
	return db_one_int(s, id);
}

status store_appt_mark_done(db_conn *c, int64_t id, unix_time at)
{
	db_stmt *s = db_prepare(
	    c, "UPDATE appointment SET status = 'done', changed_at = $2 WHERE id = $1 AND status = 'booked'");
	return store_run_at(s, id, at, ST_NOT_FOUND);
}

status store_slot_unit(db_conn *c, int64_t id, int64_t *unit_id)
{
	db_stmt *s = db_prepare(c, "SELECT unit_id FROM slot WHERE id = $1");
	db_bind_int(s, 1, id);
	return db_one_int(s, unit_id);
}

status store_slot_set_blocked(db_conn *c, int64_t unit_id, int64_t id, bool blocked)
{
	db_stmt *s = db_prepare(c, "UPDATE slot SET blocked = $3 WHERE id = $1 AND unit_id = $2"
	                           " AND NOT EXISTS (SELECT 1 FROM appointment a WHERE a.slot_id = slot.id"
	                           "  AND a.status = 'booked')");
	db_bind_int(s, 1, id);
	db_bind_int(s, 2, unit_id);
	db_bind_int(s, 3, blocked ? 1 : 0);
	status st = db_run_changed(s, ST_NOT_FOUND);
	if (st != ST_NOT_FOUND)
		return st;
	/* Nothing changed: booked (a conflict) or no such slot of the unit. */
	int64_t its_unit;
	st = store_slot_unit(c, id, &its_unit);
	return st != ST_OK ? st : its_unit == unit_id ? ST_CONFLICT : ST_NOT_FOUND;
}

status store_slots_between(db_conn *c, arena *ar, int64_t unit_id, int64_t staff_id, unix_time from, unix_time to,
                           size_t max, slot **out, size_t *n, bool *more)
{
	db_stmt *s =
	    db_prepare(c, "SELECT " SLOT_COLUMNS SLOT_FROM " WHERE s.unit_id = $1 AND ($2 = 0 OR s.staff_id = $2)"
	                  " AND s.start_at >= $3 AND s.start_at < $4"
	                  " ORDER BY s.start_at, sp.family_name, s.id LIMIT $5");
	db_bind_int(s, 1, unit_id);
	db_bind_int(s, 2, staff_id);
	db_bind_int(s, 3, from);
	db_bind_int(s, 4, to);
	db_bind_int(s, 5, (int64_t)max + 1);
	return db_read_list(s, ar, sizeof **out, max, read_slot, out, n, more);
}

status store_slots_free_matching(db_conn *c, arena *ar, const slot_match *m, size_t max, int64_t **ids, size_t *n,
                                 bool *more)
{
	db_stmt *s = db_prepare(c, "SELECT s.id FROM slot s WHERE s.unit_id = $1 AND ($2 = 0 OR s.staff_id = $2)"
	                           " AND ($3 = 0 OR s.template_id = $3) AND ($4 = 0 OR s.visit_type_id = $4)"
	                           " AND s.start_at < $6 AND s.end_at > $5 AND s.start_at > $7"
	                           " AND NOT EXISTS (SELECT 1 FROM appointment a WHERE a.slot_id = s.id"
	                           "  AND a.status = 'booked')"
	                           " ORDER BY s.start_at, s.id LIMIT $8");
	db_bind_int(s, 1, m->unit_id);
	db_bind_int(s, 2, m->staff_id);
	db_bind_int(s, 3, m->template_id);
	db_bind_int(s, 4, m->visit_type_id);
	db_bind_int(s, 5, m->from);
	db_bind_int(s, 6, m->to);
	db_bind_int(s, 7, m->now);
	db_bind_int(s, 8, (int64_t)max + 1);
	return db_read_list(s, ar, sizeof **ids, max, store_read_id, ids, n, more);
}

status store_slot_remove_free(db_conn *c, int64_t unit_id, int64_t id)
{
	/* A slot nothing refers to goes; one with history (a cancelled or moved
	 * appointment, an offer) stays, blocked, so that history still reads. */
	db_stmt *s = db_prepare(c, "DELETE FROM slot WHERE id = $1 AND unit_id = $2"
	                           " AND NOT EXISTS (SELECT 1 FROM appointment a WHERE a.slot_id = slot.id)"
	                           " AND NOT EXISTS (SELECT 1 FROM short_notice_offer o WHERE o.slot_id = slot.id)");
	db_bind_int(s, 1, id);
	db_bind_int(s, 2, unit_id);
	status st = db_run_changed(s, ST_NOT_FOUND);
	if (st != ST_NOT_FOUND)
		return st;
	st = store_slot_set_blocked(c, unit_id, id, true);
	return st == ST_CONFLICT ? ST_NOT_FOUND : st;
}

/* A slot that may hold the visit type $T of its unit: of that type or of
 * any, with a clinician who offers it. */
#define SLOT_FITS(T)                                                                     \
	" (s.visit_type_id IS NULL OR s.visit_type_id = " T ")"                          \
	" AND EXISTS (SELECT 1 FROM visit_type_clinician vc WHERE vc.visit_type_id = " T \
	"  AND vc.staff_id = s.staff_id)"

/* The unit's free slots for visit type $2 starting from $3 until before $4,
 * at most $5, in the order given. NOT EXISTS rather than the LEFT JOIN's "IS NULL": PostgreSQL estimates
 * that anti-join at one row and then joins and sorts every free slot of the
 * window to return the first few (25-60 ms against 1.3 ms). A free slot has
 * no booking, so its booking columns are NULL. */
#define SLOTS_FREE(order)                                                                                   \
	"SELECT " SLOT_OWN_COLUMNS ", NULL, NULL" SLOT_WITH_STAFF " WHERE s.unit_id = $1 AND s.blocked = 0" \
	" AND NOT EXISTS (SELECT 1 FROM appointment b WHERE b.slot_id = s.id AND b.status = 'booked')"      \
	" AND s.start_at >= $3 AND s.start_at < $4 AND" SLOT_FITS("$2") " ORDER BY " order " LIMIT $5"

static db_stmt *slots_free_bound(db_stmt *s, int64_t unit_id, int64_t visit_type_id, unix_time from, unix_time to,
                                 int64_t limit)
{
	db_bind_int(s, 1, unit_id);
	db_bind_int(s, 2, visit_type_id);
	db_bind_int(s, 3, from);
	db_bind_int(s, 4, to);
	db_bind_int(s, 5, limit);
	return s;
}

status store_slots_free(db_conn *c, arena *ar, int64_t unit_id, int64_t visit_type_id, unix_time from, unix_time to,
                        size_t max, slot **out, size_t *n, bool *more)
{
	db_stmt *s = slots_free_bound(db_prepare_planned_per_call(c, SLOTS_FREE("s.start_at, s.id")), unit_id,
	                              visit_type_id, from, to, (int64_t)max + 1);
	return db_read_list(s, ar, sizeof **out, max, read_slot, out, n, more);
}

status store_slots_free_before(db_conn *c, arena *ar, int64_t unit_id, int64_t visit_type_id, unix_time from,
                               unix_time before, size_t max, slot **out, size_t *n)
{
	db_stmt *s = slots_free_bound(db_prepare_planned_per_call(c, SLOTS_FREE("s.start_at DESC, s.id DESC")), unit_id,
	                              visit_type_id, from, before, (int64_t)max);
	return db_read_list(s, ar, sizeof **out, max, read_slot, out, n, NULL);
}

/* ---- closures and absences ------------------------------------------------------------ */

#define CLOSURE_COLUMNS                                                                         \
	"k.id, k.unit_id, k.staff_id, CASE WHEN k.staff_id IS NULL THEN NULL ELSE " STAFF_NAME( \
	    "kp") " END,"                                                                       \
	          " k.starts_at, k.ends_at, k.reason, k.created_by, k.created_at"
enum closure_col {
	CL_ID,
	CL_UNIT_ID,
	CL_STAFF_ID,
	CL_STAFF_NAME,
	CL_STARTS,
	CL_ENDS,
	CL_REASON,
	CL_CREATED_BY,
	CL_CREATED_AT,
};

static void read_closure(db_stmt *s, arena *ar, void *row)
{
	closure *o = row;
	*o = (closure){
	    .id = db_col_int(s, CL_ID),
	    .unit_id = db_col_int(s, CL_UNIT_ID),
	    .staff_id = db_col_opt_int(s, CL_STAFF_ID),
	    .staff_name = db_col_opt_str(s, CL_STAFF_NAME, ar),
	    .starts_at = db_col_int(s, CL_STARTS),
	    .ends_at = db_col_int(s, CL_ENDS),
	    .reason = db_col_opt_str(s, CL_REASON, ar),
	    .created_by = db_col_int(s, CL_CREATED_BY),
	    .created_at = db_col_int(s, CL_CREATED_AT),
	};
}

status store_closure_insert(db_conn *c, const closure *in, int64_t *id)
{
	db_stmt *s = db_prepare(c, "INSERT INTO schedule_closure (unit_id, staff_id, starts_at, ends_at, reason,"
	                           " created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id");
	db_bind_int(s, 1, in->unit_id);
	db_bind_opt_int(s, 2, in->staff_id);
	db_bind_int(s, 3, in->starts_at);
	db_bind_int(s, 4, in->ends_at);
	db_bind_text(s, 5, in->reason);
	db_bind_int(s, 6, in->created_by);
	db_bind_int(s, 7, in->created_at);
	return db_insert_id(s, id);
}

status store_closures_of_unit(db_conn *c, arena *ar, int64_t unit_id, unix_time after, size_t max, closure **out,
                              size_t *n, bool *more)
{
	db_stmt *s =
	    db_prepare(c, "SELECT " CLOSURE_COLUMNS " FROM schedule_closure k"
	                  " LEFT JOIN staff ks ON ks.id = k.staff_id LEFT JOIN person kp ON kp.id = ks.person_id"
	                  " WHERE k.unit_id = $1 AND k.ends_at > $2 ORDER BY k.starts_at, k.id LIMIT $3");
	db_bind_int(s, 1, unit_id);
	db_bind_int(s, 2, after);
	db_bind_int(s, 3, (int64_t)max + 1);
	return db_read_list(s, ar, sizeof **out, max, read_closure, out, n, more);
}

status store_closure_get(db_conn *c, arena *ar, int64_t unit_id, int64_t id, closure *out)
{
	db_stmt *s =
	    db_prepare(c, "SELECT " CLOSURE_COLUMNS " FROM schedule_closure k"
	                  " LEFT JOIN staff ks ON ks.id = k.staff_id LEFT JOIN person kp ON kp.id = ks.person_id"
	                  " WHERE k.id = $1 AND k.unit_id = $2");
	return store_read_one_of(s, unit_id, id, ar, read_closure, out);
}

status store_slot_closed(db_conn *c, int64_t slot_id, bool *out)
{
	db_stmt *s = db_prepare(c, "SELECT 1 FROM slot s JOIN schedule_closure k ON k.unit_id = s.unit_id"
	                           " AND (k.staff_id IS NULL OR k.staff_id = s.staff_id)"
	                           " AND k.starts_at < s.end_at AND k.ends_at > s.start_at WHERE s.id = $1");
	db_bind_int(s, 1, slot_id);
	return db_exists(s, out);
}

status store_closure_delete(db_conn *c, int64_t unit_id, int64_t id)
{
	db_stmt *s = db_prepare(c, "DELETE FROM schedule_closure WHERE id = $1 AND unit_id = $2");
	db_bind_int(s, 1, id);
	db_bind_int(s, 2, unit_id);
	return db_run_changed(s, ST_NOT_FOUND);
}

/* ---- appointments ------------------------------------------------------------------- */

/* An appointment with its slot, clinician, visit type (VT_COLUMNS from
 * APPT_VT) and unit (RULES_COLUMNS from APPT_UNIT). */
#define APPT_HEAD_COLUMNS                                                                         \
	"a.id, a.patient_id, a.unit_id, a.slot_id, a.status, a.cancelled_reason,"                 \
	" a.cancelled_by_staff, a.moved_to, a.booked_by, a.by_staff, a.created_at, a.changed_at," \
	" a.start_at, a.end_at, s.staff_id, " STAFF_NAME("sp") ", ss.title,"
#define APPT_COLUMNS                                                                                        \
	APPT_HEAD_COLUMNS                                                                                   \
	" (SELECT r.id FROM appointment_request r WHERE r.appointment_id = a.id AND r.status = 'open'),"    \
	" (SELECT r.kind FROM appointment_request r WHERE r.appointment_id = a.id AND r.status = 'open'),"  \
	" " STAFF_NAME("pp") ", pp.nin, a.checked_in_at,"                                                   \
	                     " (SELECT count(*) FROM questionnaire_request f WHERE f.appointment_id = a.id" \
	                     "  AND f.status IN ('sent', 'in_progress')), " VT_COLUMNS ", " RULES_COLUMNS
/* A citizen's list: the same columns without the three subqueries a row and
 * the patient, which neither the list nor the citizen shows (NULL, 0, ''). */
#define APPT_CITIZEN_LIST_COLUMNS \
	APPT_HEAD_COLUMNS " NULL, NULL, '', '', a.checked_in_at, 0, " VT_COLUMNS ", " RULES_COLUMNS
enum appt_col {
	APPT_ID,
	APPT_PATIENT_ID,
	APPT_UNIT_ID,
	APPT_SLOT_ID,
	APPT_STATUS,
	APPT_REASON,
	APPT_BY_STAFF_CANCEL,
	APPT_MOVED_TO,
	APPT_BOOKED_BY,
	APPT_BY_STAFF,
	APPT_CREATED,
	APPT_CHANGED,
	APPT_START,
	APPT_END,
	APPT_STAFF_ID,
	APPT_STAFF_NAME,
	APPT_STAFF_TITLE,
	APPT_OPEN_REQUEST,
	APPT_OPEN_REQUEST_KIND,
	APPT_PATIENT_NAME,
	APPT_PATIENT_NIN,
	APPT_CHECKED_IN,
	APPT_OPEN_FORMS,
	APPT_VT,
	APPT_UNIT = APPT_VT + VT_NCOLS,
	APPT_NCOLS = APPT_UNIT + RULES_NCOLS
};
#define APPT_CITIZEN_FROM                                                             \
	" FROM appointment a JOIN slot s ON s.id = a.slot_id"                         \
	" JOIN staff ss ON ss.id = s.staff_id JOIN person sp ON sp.id = ss.person_id" \
	" JOIN visit_type v ON v.id = a.visit_type_id JOIN unit u ON u.id = a.unit_id"
#define APPT_FROM APPT_CITIZEN_FROM " JOIN person pp ON pp.id = a.patient_id"
#define APPT_SELECT "SELECT " APPT_COLUMNS APPT_FROM
#define APPT_CITIZEN_LIST_SELECT "SELECT " APPT_CITIZEN_LIST_COLUMNS APPT_CITIZEN_FROM
/* A citizen is never told of a home-care visit (P1): no page, no notice. */
#define CITIZEN_SEES " AND v.category <> 'home_care_visit'"
/* $2: 1 for a citizen's view, which never holds a home-care visit. */
#define CITIZEN_VIEW " AND ($2 = 0 OR v.category <> 'home_care_visit')"

static void read_appt_at(db_stmt *s, arena *ar, int base, appointment *o)
{
	*o = (appointment){
	    .id = db_col_int(s, base + APPT_ID),
	    .patient_id = db_col_int(s, base + APPT_PATIENT_ID),
	    .unit_id = db_col_int(s, base + APPT_UNIT_ID),
	    .slot_id = db_col_int(s, base + APPT_SLOT_ID),
	    .status = db_col_str(s, base + APPT_STATUS, ar),
	    .cancelled_reason = db_col_opt_str(s, base + APPT_REASON, ar),
	    .cancelled_by_staff = db_col_bool(s, base + APPT_BY_STAFF_CANCEL),
	    .moved_to = db_col_opt_int(s, base + APPT_MOVED_TO),
	    .booked_by = db_col_int(s, base + APPT_BOOKED_BY),
	    .by_staff = db_col_opt_int(s, base + APPT_BY_STAFF),
	    .created_at = db_col_int(s, base + APPT_CREATED),
	    .changed_at = db_col_opt_int(s, base + APPT_CHANGED),
	    .start_at = db_col_int(s, base + APPT_START),
	    .end_at = db_col_int(s, base + APPT_END),
	    .staff_id = db_col_int(s, base + APPT_STAFF_ID),
	    .staff_name = db_col_str(s, base + APPT_STAFF_NAME, ar),
	    .staff_title = db_col_str(s, base + APPT_STAFF_TITLE, ar),
	    .open_request = db_col_opt_int(s, base + APPT_OPEN_REQUEST),
	    .open_request_kind = db_col_opt_str(s, base + APPT_OPEN_REQUEST_KIND, ar),
	    .patient_name = db_col_str(s, base + APPT_PATIENT_NAME, ar),
	    .patient_nin = db_col_str(s, base + APPT_PATIENT_NIN, ar),
	    .checked_in_at = db_col_opt_int(s, base + APPT_CHECKED_IN),
	    .open_forms = db_col_int(s, base + APPT_OPEN_FORMS),
	};
	read_vt_at(s, ar, base + APPT_VT, &o->type);
	/* The unit's columns follow the type's. */
	unit_rules *r = &o->unit;
	*r = (unit_rules){
	    .unit_id = db_col_int(s, base + APPT_UNIT + RULES_ID),
	    .name = db_col_str(s, base + APPT_UNIT + RULES_NAME, ar),
	    .phone = db_col_str(s, base + APPT_UNIT + RULES_PHONE, ar),
	    .kind = db_col_str(s, base + APPT_UNIT + RULES_KIND, ar),
	    .self_booking = db_col_bool(s, base + APPT_UNIT + RULES_SELF_BOOKING),
	    .self_change = db_col_bool(s, base + APPT_UNIT + RULES_SELF_CHANGE),
	    .change_requests = db_col_bool(s, base + APPT_UNIT + RULES_CHANGE_REQUESTS),
	    .change_deadline_hours = (int)db_col_int(s, base + APPT_UNIT + RULES_DEADLINE),
	    .booking_weeks = (int)db_col_int(s, base + APPT_UNIT + RULES_WEEKS),
	    .offer_count = (int)db_col_int(s, base + APPT_UNIT + RULES_OFFERS),
	    .offer_answer_minutes = (int)db_col_int(s, base + APPT_UNIT + RULES_ANSWER),
	};
}

static void read_appt(db_stmt *s, arena *ar, void *row)
{
	read_appt_at(s, ar, 0, row);
}

status store_appt_book(db_conn *c, const appointment_new *in, int64_t *id)
{
	/* One statement: the slot qualifies and is free, or no row is written.
	 * A booked slot is refused by the unique index appointment_slot_booked
	 * even when two of these run at once. */
	db_stmt *s = db_prepare(c, "INSERT INTO appointment (patient_id, unit_id, slot_id, visit_type_id, status,"
	                           " booked_by, by_staff, created_at, start_at, end_at)"
	                           " SELECT CAST($1 AS BIGINT), s.unit_id, s.id, CAST($4 AS BIGINT), 'booked',"
	                           " CAST($5 AS BIGINT), CAST($6 AS BIGINT), CAST($7 AS BIGINT), s.start_at, s.end_at"
	                           " FROM slot s WHERE s.id = $3 AND s.unit_id = $2 AND s.blocked = 0"
	                           " AND s.start_at > $7 AND" SLOT_FITS("$4") " RETURNING id");
	db_bind_int(s, 1, in->patient_id);
	db_bind_int(s, 2, in->unit_id);
	db_bind_int(s, 3, in->slot_id);
	db_bind_int(s, 4, in->visit_type_id);
	db_bind_int(s, 5, in->booked_by);
	db_bind_opt_int(s, 6, in->by_staff);
	db_bind_int(s, 7, in->now);
	status st = db_step_one(s);
	if (st == ST_OK && id != NULL)
		*id = db_col_int(s, 0);
	db_done(s);
	return st;
}

status store_appt_get(db_conn *c, arena *ar, int64_t patient_id, int64_t id, bool citizen_view, appointment *out)
{
	db_stmt *s = db_prepare(c, APPT_SELECT " WHERE a.patient_id = $1" CITIZEN_VIEW " AND a.id = $3");
	db_bind_int(s, 1, patient_id);
	db_bind_int(s, 2, citizen_view ? 1 : 0);
	db_bind_int(s, 3, id);
	return db_read_one(s, ar, read_appt, out);
}

status store_appt_owner(db_conn *c, int64_t id, int64_t *patient_id, int64_t *unit_id)
{
	db_stmt *s = db_prepare(c, "SELECT patient_id, unit_id FROM appointment WHERE id = $1");
	db_bind_int(s, 1, id);
	status st = db_step_one(s);
	if (st == ST_OK) {
		*patient_id = db_col_int(s, 0);
		*unit_id = db_col_int(s, 1);
	}
	db_done(s);
	return st;
}

/* In the order of the indexes appointment_patient (upcoming) and
 * appointment_patient_time (past): the appointment's own copy of its slot's
 * times (migration 35), so no list is sorted after it is read. */
#define UPCOMING " AND a.status = 'booked' AND a.end_at > $3 ORDER BY a.start_at, a.id LIMIT $4"
#define PAST " AND NOT (a.status = 'booked' AND a.end_at > $3) ORDER BY a.start_at DESC, a.id DESC LIMIT $4"

static const char *appts_of_patient_sql(bool upcoming, bool citizen_view)
{
	if (citizen_view)
		return upcoming ? APPT_CITIZEN_LIST_SELECT " WHERE a.patient_id = $1" CITIZEN_VIEW UPCOMING
		                : APPT_CITIZEN_LIST_SELECT " WHERE a.patient_id = $1" CITIZEN_VIEW PAST;
	return upcoming ? APPT_SELECT " WHERE a.patient_id = $1" CITIZEN_VIEW UPCOMING
	                : APPT_SELECT " WHERE a.patient_id = $1" CITIZEN_VIEW PAST;
}

status store_appts_of_patient(db_conn *c, arena *ar, int64_t patient_id, bool upcoming, bool citizen_view,
                              unix_time now, size_t max, appointment **out, size_t *n, bool *more)
{
	db_stmt *s = db_prepare(c, appts_of_patient_sql(upcoming, citizen_view));
	db_bind_int(s, 1, patient_id);
	db_bind_int(s, 2, citizen_view ? 1 : 0);
	db_bind_int(s, 3, now);
	db_bind_int(s, 4, (int64_t)max + 1);
	return db_read_list(s, ar, sizeof **out, max, read_appt, out, n, more);
}

static void read_appt_brief(db_stmt *s, arena *ar, void *row)
{
	appointment_brief *o = row;
	*o = (appointment_brief){
	    .id = db_col_int(s, 0),
	    .start_at = db_col_int(s, 1),
	    .type_nb = db_col_str(s, 2, ar),
	    .type_en = db_col_str(s, 3, ar),
	    .unit_name = db_col_str(s, 4, ar),
	};
}

status store_appts_upcoming_brief(db_conn *c, arena *ar, int64_t patient_id, unix_time now, size_t max,
                                  appointment_brief **out, size_t *n)
{
	db_stmt *s = db_prepare(c, "SELECT a.id, a.start_at, v.name_nb, v.name_en, u.name FROM appointment a"
	                           " JOIN visit_type v ON v.id = a.visit_type_id JOIN unit u ON u.id = a.unit_id"
	                           " WHERE a.patient_id = $1" CITIZEN_SEES " AND a.status = 'booked' AND a.end_at > $2"
	                           " ORDER BY a.start_at, a.id LIMIT $3");
	db_bind_int(s, 1, patient_id);
	db_bind_int(s, 2, now);
	db_bind_int(s, 3, (int64_t)max);
	return db_read_list(s, ar, sizeof **out, max, read_appt_brief, out, n, NULL);
}

status store_appt_cancel(db_conn *c, int64_t patient_id, int64_t id, const char *reason, bool by_staff, unix_time at)
{
	db_stmt *s = db_prepare(c, "UPDATE appointment SET status = 'cancelled', cancelled_reason = $3,"
	                           " cancelled_by_staff = $4, changed_at = $5"
	                           " WHERE id = $2 AND patient_id = $1 AND status = 'booked'");
	db_bind_int(s, 1, patient_id);
	db_bind_int(s, 2, id);
	db_bind_text(s, 3, reason);
	db_bind_int(s, 4, by_staff ? 1 : 0);
	db_bind_int(s, 5, at);
	return db_run_changed(s, ST_NOT_FOUND);
}

status store_appt_mark_moved(db_conn *c, int64_t patient_id, int64_t id, int64_t new_id, unix_time at)
{
	db_stmt *s = db_prepare(c, "UPDATE appointment SET status = 'moved', moved_to = $3, changed_at = $4"
	                           " WHERE id = $2 AND patient_id = $1 AND status = 'booked'");
	db_bind_int(s, 1, patient_id);
	db_bind_int(s, 2, id);
	db_bind_int(s, 3, new_id);
	db_bind_int(s, 4, at);
	return db_run_changed(s, ST_NOT_FOUND);
}

status store_appts_of_unit(db_conn *c, arena *ar, int64_t unit_id, int64_t staff_id, unix_time from, unix_time to,
                           size_t max, appointment **out, size_t *n, bool *more)
{
	/* In the order of the index appointment_unit (migration 36). */
	db_stmt *s = db_prepare(c, APPT_SELECT " WHERE a.unit_id = $1 AND ($2 = 0 OR s.staff_id = $2)"
	                                       " AND a.status = 'booked' AND a.start_at >= $3 AND a.start_at < $4"
	                                       " ORDER BY a.start_at, a.id LIMIT $5");
	db_bind_int(s, 1, unit_id);
	db_bind_int(s, 2, staff_id);
	db_bind_int(s, 3, from);
	db_bind_int(s, 4, to);
	db_bind_int(s, 5, (int64_t)max + 1);
	return db_read_list(s, ar, sizeof **out, max, read_appt, out, n, more);
}

/* ---- change and cancel requests ----------------------------------------------------------- */

#define REQ_COLUMNS                                                                               \
	"q.id, q.appointment_id, q.patient_id, q.unit_id, q.kind, q.message, q.status, q.answer," \
	" q.created_by, q.created_at, q.answered_at, "
enum req_col {
	REQ_ID,
	REQ_APPT,
	REQ_PATIENT,
	REQ_UNIT,
	REQ_KIND,
	REQ_MESSAGE,
	REQ_STATUS,
	REQ_ANSWER,
	REQ_CREATED_BY,
	REQ_CREATED_AT,
	REQ_ANSWERED_AT,
	REQ_NCOLS
};
/* A request's columns then its appointment's, read from REQ_NCOLS on. */
#define REQ_SELECT "SELECT " REQ_COLUMNS APPT_COLUMNS APPT_FROM " JOIN appointment_request q ON q.appointment_id = a.id"

static void read_req(db_stmt *s, arena *ar, void *row)
{
	appt_request *q = row;
	*q = (appt_request){
	    .id = db_col_int(s, REQ_ID),
	    .appointment_id = db_col_int(s, REQ_APPT),
	    .patient_id = db_col_int(s, REQ_PATIENT),
	    .unit_id = db_col_int(s, REQ_UNIT),
	    .kind = db_col_str(s, REQ_KIND, ar),
	    .message = db_col_opt_str(s, REQ_MESSAGE, ar),
	    .status = db_col_str(s, REQ_STATUS, ar),
	    .answer = db_col_opt_str(s, REQ_ANSWER, ar),
	    .created_by = db_col_int(s, REQ_CREATED_BY),
	    .created_at = db_col_int(s, REQ_CREATED_AT),
	    .answered_at = db_col_opt_int(s, REQ_ANSWERED_AT),
	};
	read_appt_at(s, ar, REQ_NCOLS, &q->appt);
}

status store_appt_request_insert(db_conn *c, const appt_request *r, int64_t *id)
{
	db_stmt *s =
	    db_prepare(c, "INSERT INTO appointment_request (appointment_id, patient_id, unit_id, kind, message,"
	                  " status, created_by, created_at) VALUES ($1, $2, $3, $4, $5, 'open', $6, $7)"
	                  " RETURNING id");
	db_bind_int(s, 1, r->appointment_id);
	db_bind_int(s, 2, r->patient_id);
	db_bind_int(s, 3, r->unit_id);
	db_bind_text(s, 4, r->kind);
	db_bind_text(s, 5, r->message);
	db_bind_int(s, 6, r->created_by);
	db_bind_int(s, 7, r->created_at);
	return db_insert_id(s, id);
}

status store_appt_request_get(db_conn *c, arena *ar, int64_t id, appt_request *out)
{
	db_stmt *s = db_prepare(c, REQ_SELECT " WHERE q.id = $1");
	return store_read_one_by(s, id, ar, read_req, out);
}

status store_appt_request_answer(db_conn *c, int64_t id, const char *status_text, const char *answer, int64_t staff_id,
                                 unix_time at)
{
	db_stmt *s = db_prepare(c, "UPDATE appointment_request SET status = $2, answer = $3, answered_by = $4,"
	                           " answered_at = $5 WHERE id = $1 AND status = 'open'");
	db_bind_int(s, 1, id);
	db_bind_text(s, 2, status_text);
	db_bind_text(s, 3, answer);
	db_bind_int(s, 4, staff_id);
	db_bind_int(s, 5, at);
	return db_run_changed(s, ST_NOT_FOUND);
}

status store_appt_requests_open(db_conn *c, arena *ar, int64_t staff_id, unsigned roles, size_t max, appt_request **out,
                                size_t *n, bool *more)
{
	db_stmt *s = db_prepare(
	    c, REQ_SELECT
	    " WHERE q.status = 'open' AND q.unit_id IN (SELECT su.unit_id FROM staff_unit su"
	    "  WHERE su.staff_id = $1 AND (" STORE_ROLE_BIT("su.role") " & $2) <> 0)"
	                                                               " ORDER BY q.created_at, q.id LIMIT $3");
	return store_read_list_for_staff(s, staff_id, roles, ar, sizeof **out, max, read_req, out, n, more);
}

status store_appt_requests_of(db_conn *c, arena *ar, int64_t patient_id, int64_t appointment_id, size_t max,
                              appt_request **out, size_t *n)
{
	db_stmt *s = db_prepare(c, REQ_SELECT " WHERE q.patient_id = $1 AND q.appointment_id = $2"
	                                      " ORDER BY q.created_at DESC, q.id DESC LIMIT $3");
	db_bind_int(s, 1, patient_id);
	db_bind_int(s, 2, appointment_id);
	db_bind_int(s, 3, (int64_t)max);
	return db_read_list(s, ar, sizeof **out, max, read_req, out, n, NULL);
}

/* ---- jobs ------------------------------------------------------------------------------ */

/* Both jobs take the earliest first, in the order of the partial index
 * appointment_booked_start (migration 36): a batch reads only the booked
 * appointments in its window. */

static void read_due(db_stmt *s, arena *ar, void *row)
{
	(void)ar;
	*(appt_due *)row = (appt_due){.id = db_col_int(s, 0), .patient_id = db_col_int(s, 1)};
}

status store_appt_remind_due(db_conn *c, arena *ar, unix_time now, unix_time until, size_t max, appt_due **out,
                             size_t *n)
{
	db_stmt *s = db_prepare(c, "UPDATE appointment SET reminded_at = $1 WHERE id IN (SELECT a.id FROM appointment a"
	                           " JOIN visit_type v ON v.id = a.visit_type_id"
	                           " WHERE a.status = 'booked' AND a.reminded_at IS NULL" CITIZEN_SEES
	                           " AND a.start_at > $1 AND a.start_at <= $2 ORDER BY a.start_at, a.id LIMIT $3)"
	                           " AND reminded_at IS NULL AND status = 'booked' RETURNING id, patient_id");
	db_bind_int(s, 1, now);
	db_bind_int(s, 2, until);
	db_bind_int(s, 3, (int64_t)max);
	return db_read_list(s, ar, sizeof **out, max, read_due, out, n, NULL);
}

status store_appt_checkin_due(db_conn *c, arena *ar, unix_time from, unix_time until, unix_time now, size_t max,
                              appt_due **out, size_t *n)
{
	db_stmt *s = db_prepare(
	    c, "UPDATE appointment SET checkin_announced_at = $3 WHERE id IN (SELECT a.id"
	       " FROM appointment a JOIN visit_type v ON v.id = a.visit_type_id"
	       " WHERE a.status = 'booked' AND a.checkin_announced_at IS NULL AND v.check_in = 1" CITIZEN_SEES
	       " AND a.start_at > $1 AND a.start_at <= $2 ORDER BY a.start_at, a.id LIMIT $4)"
	       " AND checkin_announced_at IS NULL AND status = 'booked' RETURNING id, patient_id");
	db_bind_int(s, 1, from);
	db_bind_int(s, 2, until);
	db_bind_int(s, 3, now);
	db_bind_int(s, 4, (int64_t)max);
	return db_read_list(s, ar, sizeof **out, max, read_due, out, n, NULL);
}

status store_appt_check_in(db_conn *c, int64_t patient_id, int64_t id, int64_t by, unix_time at)
{
	db_stmt *s =
	    db_prepare(c, "UPDATE appointment SET checked_in_at = $1, checked_in_by = $2"
	                  " WHERE id = $3 AND patient_id = $4 AND status = 'booked' AND checked_in_at IS NULL");
	db_bind_int(s, 1, at);
	db_bind_int(s, 2, by);
	db_bind_int(s, 3, id);
	db_bind_int(s, 4, patient_id);
	return db_run_changed(s, ST_NOT_FOUND);
}
