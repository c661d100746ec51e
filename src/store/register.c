/* register.c — queries on the population register, units and staff. */
#include "store/register.h"

#include "store/store.h"

status store_address_insert(db_conn *c, const address *a, int64_t *id)
{
	db_stmt *s = db_prepare(c, "INSERT INTO address (street, postcode, city, municipality)"
	                           " VALUES ($1, $2, $3, $4) RETURNING id");
	db_bind_text(s, 1, a->street);
	db_bind_text(s, 2, a->postcode);
	db_bind_text(s, 3, a->city);
	db_bind_text(s, 4, a->municipality);
	return db_insert_id(s, id);
}

#define ADDRESS_COLUMNS "a.id, a.street, a.postcode, a.city, a.municipality"
enum address_col { ADDRESS_ID, ADDRESS_STREET, ADDRESS_POSTCODE, ADDRESS_CITY, ADDRESS_MUNICIPALITY, ADDRESS_NCOLS };

/* The address columns from column `first` on. */
static address address_at(db_stmt *s, int first, arena *ar)
{
	return (address){
	    .id = db_col_int(s, first + ADDRESS_ID),
	    .street = db_col_str(s, first + ADDRESS_STREET, ar),
	    .postcode = db_col_str(s, first + ADDRESS_POSTCODE, ar),
	    .city = db_col_str(s, first + ADDRESS_CITY, ar),
	    .municipality = db_col_str(s, first + ADDRESS_MUNICIPALITY, ar),
	};
}

static void read_address(db_stmt *s, arena *ar, void *row)
{
	*(address *)row = address_at(s, 0, ar);
}

status store_address_get(db_conn *c, arena *ar, int64_t id, address *out)
{
	db_stmt *s = db_prepare(c, "SELECT " ADDRESS_COLUMNS " FROM address a WHERE a.id = $1");
	return store_read_one_by(s, id, ar, read_address, out);
}

status store_person_insert(db_conn *c, const person *p, int64_t *id)
{
	db_stmt *s = db_prepare(c, "INSERT INTO person (nin, given_name, family_name, birth_date,"
	                           " address_id, confidential_address, death_date)"
	                           " VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id");
	db_bind_text(s, 1, p->nin);
	db_bind_text(s, 2, p->given_name);
	db_bind_text(s, 3, p->family_name);
	db_bind_text(s, 4, p->birth_date);
	db_bind_opt_int(s, 5, p->address_id);
	db_bind_int(s, 6, p->confidential_address);
	db_bind_text(s, 7, p->death_date);
	return db_insert_id(s, id);
}

#define PERSON_COLUMNS                                            \
	"p.id, p.nin, p.given_name, p.family_name, p.birth_date," \
	" p.address_id, p.confidential_address, p.death_date"
enum person_col {
	PERSON_ID,
	PERSON_NIN,
	PERSON_GIVEN_NAME,
	PERSON_FAMILY_NAME,
	PERSON_BIRTH_DATE,
	PERSON_ADDRESS_ID,
	PERSON_CONFIDENTIAL_ADDRESS,
	PERSON_DEATH_DATE,
	PERSON_NCOLS
};

static void read_person(db_stmt *s, arena *ar, void *row)
{
	person *out = row;
	out->id = db_col_int(s, PERSON_ID);
	out->nin = db_col_str(s, PERSON_NIN, ar);
	out->given_name = db_col_str(s, PERSON_GIVEN_NAME, ar);
	out->family_name = db_col_str(s, PERSON_FAMILY_NAME, ar);
	out->birth_date = db_col_str(s, PERSON_BIRTH_DATE, ar);
	out->address_id = db_col_opt_int(s, PERSON_ADDRESS_ID);
	out->confidential_address = db_col_bool(s, PERSON_CONFIDENTIAL_ADDRESS);
	out->death_date = db_col_opt_str(s, PERSON_DEATH_DATE, ar);
}

status store_person_by_nin(db_conn *c, arena *ar, const char *nin, person *out)
{
	db_stmt *s = db_prepare(c, "SELECT " PERSON_COLUMNS " FROM person p WHERE p.nin = $1");
	db_bind_text(s, 1, nin);
	return db_read_one(s, ar, read_person, out);
}

status store_person_by_id(db_conn *c, arena *ar, int64_t id, person *out)
{
	db_stmt *s = db_prepare(c, "SELECT " PERSON_COLUMNS " FROM person p WHERE p.id = $1");
	return store_read_one_by(s, id, ar, read_person, out);
}

struct person_and_address {
	person *who;
	address *addr;
	bool *has_address;
};

static void read_person_and_address(db_stmt *s, arena *ar, void *row)
{
	struct person_and_address *o = row;
	read_person(s, ar, o->who);
	*o->has_address = !db_col_null(s, PERSON_NCOLS + ADDRESS_ID);
	if (*o->has_address)
		*o->addr = address_at(s, PERSON_NCOLS, ar);
}

status store_person_and_address(db_conn *c, arena *ar, int64_t id, person *who, address *addr, bool *has_address)
{
	db_stmt *s = db_prepare(c, "SELECT " PERSON_COLUMNS ", " ADDRESS_COLUMNS " FROM person p"
	                           " LEFT JOIN address a ON a.id = p.address_id AND p.confidential_address = 0"
	                           " WHERE p.id = $1");
	*has_address = false;
	return store_read_one_by(s, id, ar, read_person_and_address,
	                         &(struct person_and_address){who, addr, has_address});
}

status store_person_count(db_conn *c, int64_t *out)
{
	db_stmt *s = db_prepare(c, "SELECT COUNT(*) FROM person");
	return db_one_int(s, out);
}

status store_parental_responsibility_add(db_conn *c, int64_t child_id, int64_t parent_id)
{
	db_stmt *s = db_prepare(c, "INSERT INTO parental_responsibility (child_id, parent_id) VALUES ($1, $2)");
	db_bind_int(s, 1, child_id);
	db_bind_int(s, 2, parent_id);
	return db_run(s);
}

status store_has_parental_responsibility(db_conn *c, int64_t child_id, int64_t parent_id, bool *out)
{
	db_stmt *s = db_prepare(c, "SELECT 1 FROM parental_responsibility WHERE child_id = $1 AND parent_id = $2");
	db_bind_int(s, 1, child_id);
	db_bind_int(s, 2, parent_id);
	return db_exists(s, out);
}

status store_family_relation_add(db_conn *c, int64_t person_id, int64_t relative_id, const char *relation)
{
	db_stmt *s = db_prepare(c, "INSERT INTO family_relation (person_id, relative_id, relation)"
	                           " VALUES ($1, $2, $3)");
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
	return db_insert_id(s, id);
}

#define UNIT_COLUMNS                                                                    \
	"id, code, kind, name, municipality, phone,"                                    \
	" self_booking, self_change, change_requests, video_booking, accepts_messages," \
	" paper_after_days"
enum unit_col {
	UNIT_ID,
	UNIT_CODE,
	UNIT_KIND,
	UNIT_NAME,
	UNIT_MUNICIPALITY,
	UNIT_PHONE,
	UNIT_SELF_BOOKING,
	UNIT_SELF_CHANGE,
	UNIT_CHANGE_REQUESTS,
	UNIT_VIDEO_BOOKING,
	UNIT_ACCEPTS_MESSAGES,
	UNIT_PAPER_AFTER_DAYS,
};

static void read_unit(db_stmt *s, arena *ar, void *row)
{
	unit *out = row;
	out->id = db_col_int(s, UNIT_ID);
	out->code = db_col_str(s, UNIT_CODE, ar);
	out->kind = db_col_str(s, UNIT_KIND, ar);
	out->name = db_col_str(s, UNIT_NAME, ar);
	out->municipality = db_col_str(s, UNIT_MUNICIPALITY, ar);
	out->phone = db_col_str(s, UNIT_PHONE, ar);
	out->self_booking = db_col_bool(s, UNIT_SELF_BOOKING);
	out->self_change = db_col_bool(s, UNIT_SELF_CHANGE);
	out->change_requests = db_col_bool(s, UNIT_CHANGE_REQUESTS);
	out->video_booking = db_col_bool(s, UNIT_VIDEO_BOOKING);
	out->accepts_messages = db_col_bool(s, UNIT_ACCEPTS_MESSAGES);
	out->paper_after_days = (int)db_col_int(s, UNIT_PAPER_AFTER_DAYS);
}

status store_unit_by_code(db_conn *c, arena *ar, const char *code, unit *out)
{
	db_stmt *s = db_prepare(c, "SELECT " UNIT_COLUMNS " FROM unit WHERE code = $1");
	db_bind_text(s, 1, code);
	return db_read_one(s, ar, read_unit, out);
}

status store_staff_insert(db_conn *c, const staff *st_in, int64_t *id)
{
	db_stmt *s = db_prepare(c, "INSERT INTO staff (person_id, hpr_number, title, active)"
	                           " VALUES ($1, $2, $3, $4) RETURNING id");
	db_bind_int(s, 1, st_in->person_id);
	db_bind_text(s, 2, st_in->hpr_number);
	db_bind_text(s, 3, st_in->title);
	db_bind_int(s, 4, st_in->active);
	return db_insert_id(s, id);
}

#define STAFF_COLUMNS "id, person_id, hpr_number, title, active"
enum staff_col { STAFF_ID, STAFF_PERSON_ID, STAFF_HPR_NUMBER, STAFF_TITLE, STAFF_ACTIVE };

static void read_staff(db_stmt *s, arena *ar, void *row)
{
	staff *out = row;
	out->id = db_col_int(s, STAFF_ID);
	out->person_id = db_col_int(s, STAFF_PERSON_ID);
	out->hpr_number = db_col_opt_str(s, STAFF_HPR_NUMBER, ar);
	out->title = db_col_str(s, STAFF_TITLE, ar);
	out->active = db_col_bool(s, STAFF_ACTIVE);
}

status store_staff_by_person(db_conn *c, arena *ar, int64_t person_id, staff *out)
{
	db_stmt *s = db_prepare(c, "SELECT " STAFF_COLUMNS " FROM staff WHERE person_id = $1");
	return store_read_one_by(s, person_id, ar, read_staff, out);
}

status store_staff_unit_add(db_conn *c, int64_t staff_id, int64_t unit_id, const char *role)
{
	db_stmt *s = db_prepare(c, "INSERT INTO staff_unit (staff_id, unit_id, role) VALUES ($1, $2, $3)");
	db_bind_int(s, 1, staff_id);
	db_bind_int(s, 2, unit_id);
	db_bind_text(s, 3, role);
	return db_run(s);
}

status store_patient_unit_add(db_conn *c, int64_t person_id, int64_t unit_id, const char *since)
{
	db_stmt *s = db_prepare(c, "INSERT INTO patient_unit (person_id, unit_id, since) VALUES ($1, $2, $3)");
	db_bind_int(s, 1, person_id);
	db_bind_int(s, 2, unit_id);
	db_bind_text(s, 3, since);
	return db_run(s);
}

status store_person_is_patient(db_conn *c, int64_t person_id, bool *out)
{
	db_stmt *s = db_prepare(c, "SELECT 1 FROM patient_unit WHERE person_id = $1 LIMIT 1");
	db_bind_int(s, 1, person_id);
	return db_exists(s, out);
}

status store_staff_at_unit(db_conn *c, int64_t staff_id, int64_t unit_id, bool *out)
{
	db_stmt *s = db_prepare(c, "SELECT 1 FROM staff_unit WHERE staff_id = $1 AND unit_id = $2");
	db_bind_int(s, 1, staff_id);
	db_bind_int(s, 2, unit_id);
	return db_exists(s, out);
}

status store_staff_role_at_unit(db_conn *c, arena *ar, int64_t staff_id, int64_t unit_id, unsigned roles,
                                const char **role, bool *any)
{
	*any = false;
	status st = store_staff_at_unit(c, staff_id, unit_id, any);
	if (st != ST_OK || !*any)
		return st != ST_OK ? st : ST_NOT_FOUND;
	db_stmt *s =
	    db_prepare(c, "SELECT su.role FROM staff_unit su WHERE su.staff_id = $1 AND su.unit_id = $2"
	                  " AND (" STORE_ROLE_BIT(
	                      "su.role") " & $3) <> 0"
	                                 " ORDER BY CASE su.role WHEN 'clinician' THEN 0 ELSE 1 END, su.role LIMIT 1");
	db_bind_int(s, 1, staff_id);
	db_bind_int(s, 2, unit_id);
	db_bind_int(s, 3, roles);
	st = db_step_one(s);
	if (st == ST_OK)
		*role = db_col_str(s, 0, ar);
	db_done(s);
	return st;
}
