/* register.c — queries on the population register, units and staff. */
#include "store/register.h"

#include <string.h>

/* Runs s (already bound) and returns the first column of the single row. */
static status returning_id(db_stmt *s, int64_t *id)
{
	enum db_step_result r = db_step(s);
	status st = ST_OK;
	if (r == DB_ROW) {
		if (id != NULL)
			*id = db_col_int(s, 0);
	} else {
		st = r == DB_ERROR ? db_stmt_status(s) : ST_INTERNAL;
	}
	db_done(s);
	return st;
}

static const char *col_text_or_null(db_stmt *s, int col, arena *ar)
{
	return db_col_null(s, col) ? NULL : arena_strdup(ar, db_col_text(s, col));
}

status store_address_insert(db_conn *c, const address *a, int64_t *id)
{
	db_stmt *s = db_prepare(c, "INSERT INTO address (street, postcode, city, municipality)"
	                           " VALUES ($1, $2, $3, $4) RETURNING id");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_text(s, 1, a->street);
	db_bind_text(s, 2, a->postcode);
	db_bind_text(s, 3, a->city);
	db_bind_text(s, 4, a->municipality);
	return returning_id(s, id);
}

status store_address_get(db_conn *c, arena *ar, int64_t id, address *out)
{
	db_stmt *s = db_prepare(c, "SELECT id, street, postcode, city, municipality FROM address WHERE id = $1");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, id);
	enum db_step_result r = db_step(s);
	status st = r == DB_ROW ? ST_OK : r == DB_DONE ? ST_NOT_FOUND : db_stmt_status(s);
	if (r == DB_ROW) {
		out->id = db_col_int(s, 0);
		out->street = arena_strdup(ar, db_col_text(s, 1));
		out->postcode = arena_strdup(ar, db_col_text(s, 2));
		out->city = arena_strdup(ar, db_col_text(s, 3));
		out->municipality = arena_strdup(ar, db_col_text(s, 4));
	}
	db_done(s);
	return st;
}

status store_person_insert(db_conn *c, const person *p, int64_t *id)
{
	db_stmt *s = db_prepare(c, "INSERT INTO person (nin, given_name, family_name, birth_date,"
	                           " address_id, confidential_address, death_date)"
	                           " VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_text(s, 1, p->nin);
	db_bind_text(s, 2, p->given_name);
	db_bind_text(s, 3, p->family_name);
	db_bind_text(s, 4, p->birth_date);
	if (p->address_id != 0)
		db_bind_int(s, 5, p->address_id);
	else
		db_bind_null(s, 5);
	db_bind_int(s, 6, p->confidential_address);
	db_bind_text(s, 7, p->death_date);
	return returning_id(s, id);
}

#define PERSON_COLUMNS \
	"id, nin, given_name, family_name, birth_date, address_id, confidential_address, death_date"

static void read_person(db_stmt *s, arena *ar, person *out)
{
	out->id = db_col_int(s, 0);
	out->nin = arena_strdup(ar, db_col_text(s, 1));
	out->given_name = arena_strdup(ar, db_col_text(s, 2));
	out->family_name = arena_strdup(ar, db_col_text(s, 3));
	out->birth_date = arena_strdup(ar, db_col_text(s, 4));
	out->address_id = db_col_null(s, 5) ? 0 : db_col_int(s, 5);
	out->confidential_address = db_col_int(s, 6) != 0;
	out->death_date = col_text_or_null(s, 7, ar);
}

static status one_person(db_stmt *s, arena *ar, person *out)
{
	enum db_step_result r = db_step(s);
	status st = r == DB_ROW ? ST_OK : r == DB_DONE ? ST_NOT_FOUND : db_stmt_status(s);
	if (r == DB_ROW)
		read_person(s, ar, out);
	db_done(s);
	return st;
}

status store_person_by_nin(db_conn *c, arena *ar, const char *nin, person *out)
{
	db_stmt *s = db_prepare(c, "SELECT " PERSON_COLUMNS " FROM person WHERE nin = $1");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_text(s, 1, nin);
	return one_person(s, ar, out);
}

status store_person_by_id(db_conn *c, arena *ar, int64_t id, person *out)
{
	db_stmt *s = db_prepare(c, "SELECT " PERSON_COLUMNS " FROM person WHERE id = $1");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, id);
	return one_person(s, ar, out);
}

status store_person_count(db_conn *c, int64_t *out)
{
	db_stmt *s = db_prepare(c, "SELECT COUNT(*) FROM person");
	if (s == NULL)
		return ST_INTERNAL;
	return returning_id(s, out);
}

status store_parental_responsibility_add(db_conn *c, int64_t child_id, int64_t parent_id)
{
	db_stmt *s = db_prepare(c, "INSERT INTO parental_responsibility (child_id, parent_id) VALUES ($1, $2)");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, child_id);
	db_bind_int(s, 2, parent_id);
	return db_run(s);
}

status store_has_parental_responsibility(db_conn *c, int64_t child_id, int64_t parent_id, bool *out)
{
	db_stmt *s = db_prepare(c, "SELECT COUNT(*) FROM parental_responsibility"
	                           " WHERE child_id = $1 AND parent_id = $2");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, child_id);
	db_bind_int(s, 2, parent_id);
	int64_t n = 0;
	status st = returning_id(s, &n);
	*out = n > 0;
	return st;
}

status store_family_relation_add(db_conn *c, int64_t person_id, int64_t relative_id, const char *relation)
{
	db_stmt *s = db_prepare(c, "INSERT INTO family_relation (person_id, relative_id, relation)"
	                           " VALUES ($1, $2, $3)");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, person_id);
	db_bind_int(s, 2, relative_id);
	db_bind_text(s, 3, relation);
	return db_run(s);
}

status store_unit_insert(db_conn *c, const unit *u, int64_t *id)
{
	db_stmt *s = db_prepare(c, "INSERT INTO unit (code, kind, name, municipality, phone, self_booking,"
	                           " self_change, change_requests, video_booking, accepts_messages,"
	                           " paper_after_days)"
	                           " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_text(s, 1, u->code);
	db_bind_text(s, 2, u->kind);
	db_bind_text(s, 3, u->name);
	db_bind_text(s, 4, u->municipality);
	db_bind_text(s, 5, u->phone);
	db_bind_int(s, 6, u->self_booking);
	db_bind_int(s, 7, u->self_change);
	db_bind_int(s, 8, u->change_requests);
	db_bind_int(s, 9, u->video_booking);
	db_bind_int(s, 10, u->accepts_messages);
	db_bind_int(s, 11, u->paper_after_days);
	return returning_id(s, id);
}

status store_unit_by_code(db_conn *c, arena *ar, const char *code, unit *out)
{
	db_stmt *s = db_prepare(c, "SELECT id, code, kind, name, municipality, phone, self_booking,"
	                           " self_change, change_requests, video_booking, accepts_messages,"
	                           " paper_after_days FROM unit WHERE code = $1");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_text(s, 1, code);
	enum db_step_result r = db_step(s);
	status st = r == DB_ROW ? ST_OK : r == DB_DONE ? ST_NOT_FOUND : db_stmt_status(s);
	if (r == DB_ROW) {
		out->id = db_col_int(s, 0);
		out->code = arena_strdup(ar, db_col_text(s, 1));
		out->kind = arena_strdup(ar, db_col_text(s, 2));
		out->name = arena_strdup(ar, db_col_text(s, 3));
		out->municipality = arena_strdup(ar, db_col_text(s, 4));
		out->phone = arena_strdup(ar, db_col_text(s, 5));
		out->self_booking = db_col_int(s, 6) != 0;
		out->self_change = db_col_int(s, 7) != 0;
		out->change_requests = db_col_int(s, 8) != 0;
		out->video_booking = db_col_int(s, 9) != 0;
		out->accepts_messages = db_col_int(s, 10) != 0;
		out->paper_after_days = (int)db_col_int(s, 11);
	}
	db_done(s);
	return st;
}

status store_staff_insert(db_conn *c, const staff *st_in, int64_t *id)
{
	db_stmt *s = db_prepare(c, "INSERT INTO staff (person_id, hpr_number, title, active)"
	                           " VALUES ($1, $2, $3, $4) RETURNING id");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, st_in->person_id);
	db_bind_text(s, 2, st_in->hpr_number);
	db_bind_text(s, 3, st_in->title);
	db_bind_int(s, 4, st_in->active);
	return returning_id(s, id);
}

status store_staff_by_person(db_conn *c, arena *ar, int64_t person_id, staff *out)
{
	db_stmt *s = db_prepare(c, "SELECT id, person_id, hpr_number, title, active FROM staff"
	                           " WHERE person_id = $1");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, person_id);
	enum db_step_result r = db_step(s);
	status st = r == DB_ROW ? ST_OK : r == DB_DONE ? ST_NOT_FOUND : db_stmt_status(s);
	if (r == DB_ROW) {
		out->id = db_col_int(s, 0);
		out->person_id = db_col_int(s, 1);
		out->hpr_number = col_text_or_null(s, 2, ar);
		out->title = arena_strdup(ar, db_col_text(s, 3));
		out->active = db_col_int(s, 4) != 0;
	}
	db_done(s);
	return st;
}

status store_staff_unit_add(db_conn *c, int64_t staff_id, int64_t unit_id, const char *role)
{
	db_stmt *s = db_prepare(c, "INSERT INTO staff_unit (staff_id, unit_id, role) VALUES ($1, $2, $3)");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, staff_id);
	db_bind_int(s, 2, unit_id);
	db_bind_text(s, 3, role);
	return db_run(s);
}

status store_patient_unit_add(db_conn *c, int64_t person_id, int64_t unit_id, const char *since)
{
	db_stmt *s = db_prepare(c, "INSERT INTO patient_unit (person_id, unit_id, since) VALUES ($1, $2, $3)");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, person_id);
	db_bind_int(s, 2, unit_id);
	db_bind_text(s, 3, since);
	return db_run(s);
}

status store_person_is_patient(db_conn *c, int64_t person_id, bool *out)
{
	db_stmt *s = db_prepare(c, "SELECT COUNT(*) FROM patient_unit WHERE person_id = $1");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, person_id);
	int64_t n = 0;
	status st = returning_id(s, &n);
	*out = n > 0;
	return st;
}
