/* migrate.c — numbered schema migrations, applied in order and recorded in
 * schema_version. Each migration has SQL common to both backends (with @PK@
 * standing for each backend's auto-increment key) plus optional parts that
 * only one backend needs (triggers differ). Never edit a released migration:
 * add a new one. */
#include "store/store.h"

#include <string.h>

#include "core/buf.h"
#include "core/clock.h"
#include "core/log.h"

struct migration {
	int version;
	const char *name;
	const char *common;
	const char *sqlite_only;
	const char *postgres_only;
};

static const struct migration migrations[] = {
    {1, "population register, units, staff",
     "CREATE TABLE address ("
     " id @PK@,"
     " street TEXT NOT NULL,"
     " postcode TEXT NOT NULL,"
     " city TEXT NOT NULL,"
     " municipality TEXT NOT NULL);"
     "CREATE TABLE person ("
     " id @PK@,"
     " nin TEXT NOT NULL UNIQUE,"
     " given_name TEXT NOT NULL,"
     " family_name TEXT NOT NULL,"
     " birth_date TEXT NOT NULL,"
     " address_id BIGINT REFERENCES address(id),"
     " confidential_address INTEGER NOT NULL DEFAULT 0 CHECK (confidential_address IN (0, 1)),"
     " death_date TEXT);"
     "CREATE INDEX person_address ON person(address_id);"
     /* Parental responsibility as the register records it: never inferred. */
     "CREATE TABLE parental_responsibility ("
     " child_id BIGINT NOT NULL REFERENCES person(id),"
     " parent_id BIGINT NOT NULL REFERENCES person(id),"
     " PRIMARY KEY (child_id, parent_id),"
     " CHECK (child_id <> parent_id));"
     "CREATE INDEX parental_responsibility_parent ON parental_responsibility(parent_id);"
     /* Family relations, so refusals can say why (a foster parent has no responsibility). */
     "CREATE TABLE family_relation ("
     " person_id BIGINT NOT NULL REFERENCES person(id),"
     " relative_id BIGINT NOT NULL REFERENCES person(id),"
     " relation TEXT NOT NULL CHECK (relation IN ('parent', 'foster_parent', 'spouse')),"
     " PRIMARY KEY (person_id, relative_id));"
     "CREATE INDEX family_relation_relative ON family_relation(relative_id);"
     "CREATE TABLE unit ("
     " id @PK@,"
     " code TEXT NOT NULL UNIQUE,"
     " kind TEXT NOT NULL CHECK (kind IN ('gp_office', 'home_care', 'health_station',"
     "  'care_home', 'hospital_department', 'services_office')),"
     " name TEXT NOT NULL,"
     " municipality TEXT NOT NULL,"
     " phone TEXT NOT NULL,"
     " self_booking INTEGER NOT NULL DEFAULT 0,"
     " self_change INTEGER NOT NULL DEFAULT 0,"
     " change_requests INTEGER NOT NULL DEFAULT 0,"
     " video_booking INTEGER NOT NULL DEFAULT 0,"
     " accepts_messages INTEGER NOT NULL DEFAULT 0,"
     " paper_after_days INTEGER NOT NULL DEFAULT 3);"
     "CREATE TABLE staff ("
     " id @PK@,"
     " person_id BIGINT NOT NULL UNIQUE REFERENCES person(id),"
     " hpr_number TEXT UNIQUE,"
     " title TEXT NOT NULL,"
     " active INTEGER NOT NULL DEFAULT 1);"
     "CREATE TABLE staff_unit ("
     " staff_id BIGINT NOT NULL REFERENCES staff(id),"
     " unit_id BIGINT NOT NULL REFERENCES unit(id),"
     " role TEXT NOT NULL CHECK (role IN ('clinician', 'office', 'caseworker', 'support', 'admin')),"
     " PRIMARY KEY (staff_id, unit_id, role));"
     "CREATE INDEX staff_unit_unit ON staff_unit(unit_id);"
     "CREATE TABLE patient_unit ("
     " person_id BIGINT NOT NULL REFERENCES person(id),"
     " unit_id BIGINT NOT NULL REFERENCES unit(id),"
     " since TEXT NOT NULL,"
     " PRIMARY KEY (person_id, unit_id));"
     "CREATE INDEX patient_unit_unit ON patient_unit(unit_id);",
     NULL, NULL},
    {2, "access log, hash-chained per patient",
     /* patient_id 0 is the chain of entries that concern no patient. */
     "CREATE TABLE audit_log ("
     " id @PK@,"
     " patient_id BIGINT NOT NULL,"
     " seq BIGINT NOT NULL,"
     " at BIGINT NOT NULL,"
     " actor_kind TEXT NOT NULL,"
     " actor_person_id BIGINT,"
     " actor_staff_id BIGINT,"
     " actor_unit_id BIGINT,"
     " actor_role TEXT,"
     " on_behalf_of BIGINT,"
     " action TEXT NOT NULL,"
     " what TEXT NOT NULL,"
     " what_id TEXT,"
     " purpose TEXT NOT NULL,"
     " reason TEXT,"
     " prev_hash TEXT NOT NULL,"
     " hash TEXT NOT NULL,"
     " UNIQUE (patient_id, seq));"
     "CREATE INDEX audit_log_patient_at ON audit_log(patient_id, at);"
     /* The newest entry of each chain: appends lock it, and a truncated tail
      * no longer matches it. */
     "CREATE TABLE audit_head ("
     " patient_id BIGINT PRIMARY KEY,"
     " seq BIGINT NOT NULL,"
     " hash TEXT NOT NULL);",
     "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log"
     " BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;"
     "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log"
     " BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;",
     "CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$"
     " BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$;"
     "CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log"
     " FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();"
     "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log"
     " FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();"},
    {3, "accounts, sessions, login attempts, security events",
     "CREATE TABLE account ("
     " person_id BIGINT PRIMARY KEY REFERENCES person(id),"
     " created_at BIGINT NOT NULL,"
     " deactivated_at BIGINT,"
     " last_login_at BIGINT);"
     /* Only a hash of the session token is stored, so a copy of the database
      * cannot be used to take over sessions. */
     "CREATE TABLE session ("
     " id @PK@,"
     " token_hash TEXT NOT NULL UNIQUE,"
     " kind TEXT NOT NULL CHECK (kind IN ('citizen', 'staff')),"
     " person_id BIGINT NOT NULL REFERENCES person(id),"
     " staff_id BIGINT REFERENCES staff(id),"
     " provider TEXT NOT NULL CHECK (provider IN ('idporten', 'helseid', 'testid')),"
     " idp_sid TEXT,"
     " id_token TEXT,"
     " acr TEXT,"
     " csrf_token TEXT NOT NULL,"
     " acting_for BIGINT REFERENCES person(id),"
     " created_at BIGINT NOT NULL,"
     " last_seen_at BIGINT NOT NULL,"
     " ended_at BIGINT);"
     "CREATE INDEX session_sid ON session(provider, idp_sid);"
     "CREATE INDEX session_person ON session(person_id);"
     /* One row per started OIDC login: single use, short-lived. */
     "CREATE TABLE login_attempt ("
     " state_hash TEXT PRIMARY KEY,"
     " provider TEXT NOT NULL,"
     " nonce TEXT NOT NULL,"
     " code_verifier TEXT NOT NULL,"
     " return_to TEXT,"
     " created_at BIGINT NOT NULL,"
     " used_at BIGINT);"
     /* Logins, refusals and logouts: who and why, never health data. */
     "CREATE TABLE security_event ("
     " id @PK@,"
     " at BIGINT NOT NULL,"
     " kind TEXT NOT NULL,"
     " provider TEXT,"
     " person_id BIGINT,"
     " staff_id BIGINT,"
     " reason TEXT);"
     "CREATE INDEX security_event_at ON security_event(at);",
     NULL, NULL},
    {4, "personal settings",
     /* What the citizen tells us (S1), next to the register's address: an
      * address is all three parts or none. */
     "CREATE TABLE contact_details ("
     " person_id BIGINT PRIMARY KEY REFERENCES person(id),"
     " street TEXT,"
     " postcode TEXT,"
     " city TEXT,"
     " email TEXT,"
     " phone TEXT,"
     " updated_at BIGINT NOT NULL,"
     " CHECK ((street IS NULL AND postcode IS NULL AND city IS NULL)"
     "  OR (street IS NOT NULL AND postcode IS NOT NULL AND city IS NOT NULL)));"
     "CREATE TABLE about_me ("
     " person_id BIGINT PRIMARY KEY REFERENCES person(id),"
     " preferred_language TEXT,"
     " interpreter INTEGER NOT NULL DEFAULT 0 CHECK (interpreter IN (0, 1)),"
     " note TEXT CHECK (note IS NULL OR length(note) <= 1000),"
     " updated_at BIGINT NOT NULL);"
     /* A row overrides the default for one event kind and channel (in-app
      * on, SMS and e-mail off). Kinds are checked in domain/settings.c, not
      * here: N1 will add kinds, and SQLite cannot alter a CHECK. */
     "CREATE TABLE notification_pref ("
     " person_id BIGINT NOT NULL REFERENCES person(id),"
     " kind TEXT NOT NULL,"
     " channel TEXT NOT NULL CHECK (channel IN ('in_app', 'sms', 'email')),"
     " enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),"
     " PRIMARY KEY (person_id, kind, channel));"
     "CREATE TABLE shortcut ("
     " person_id BIGINT NOT NULL REFERENCES person(id),"
     " pos INTEGER NOT NULL CHECK (pos >= 1),"
     " item TEXT NOT NULL,"
     " PRIMARY KEY (person_id, pos),"
     " UNIQUE (person_id, item));"
     /* The account's language, and whether the shortcuts were ever chosen
      * (none chosen differs from never chosen, which shows the defaults). */
     "CREATE TABLE ui_preference ("
     " person_id BIGINT PRIMARY KEY REFERENCES person(id),"
     " lang TEXT CHECK (lang IN ('nb', 'en')),"
     " shortcuts_chosen INTEGER NOT NULL DEFAULT 0 CHECK (shortcuts_chosen IN (0, 1)),"
     " updated_at BIGINT NOT NULL);",
     NULL, NULL},
    {5, "staff workspace: emergency access, name search",
     /* Opening a chart outside one's units needs a stated reason; it is
      * logged and shown to the citizen. Valid for a working shift. */
     "CREATE TABLE emergency_access ("
     " id @PK@,"
     " staff_id BIGINT NOT NULL REFERENCES staff(id),"
     " patient_id BIGINT NOT NULL REFERENCES person(id),"
     " reason TEXT NOT NULL,"
     " at BIGINT NOT NULL,"
     " expires_at BIGINT NOT NULL);"
     "CREATE INDEX emergency_access_staff_patient ON emergency_access(staff_id, patient_id, expires_at);",
     /* Name search is a byte-order range scan (store/chart.c) on both. */
     "CREATE INDEX person_family_name ON person(family_name, given_name);",
     "CREATE INDEX person_family_name ON person(family_name COLLATE \"C\", given_name);"},
};

/* Replaces @PK@ with the backend's auto-increment primary key. */
static void expand(buf *out, const char *sql, enum db_kind kind)
{
	const char *pk = kind == DB_SQLITE ? "INTEGER PRIMARY KEY"
	                                   : "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY";
	for (const char *p = sql; *p;) {
		if (strncmp(p, "@PK@", 4) == 0) {
			buf_puts(out, pk);
			p += 4;
		} else {
			buf_putc(out, *p++);
		}
	}
}

static const char SQL_CREATE_VERSION[] =
    "CREATE TABLE IF NOT EXISTS schema_version ("
    " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)";

status store_schema_version(db_conn *c, int *out)
{
	db_stmt *s = db_prepare(c, "SELECT COALESCE(MAX(version), 0) FROM schema_version");
	if (s == NULL)
		return ST_INTERNAL;
	status st = ST_INTERNAL;
	if (db_step(s) == DB_ROW) {
		*out = (int)db_col_int(s, 0);
		st = ST_OK;
	}
	db_done(s);
	return st;
}

struct apply_arg {
	const struct migration *m;
};

static status apply_one(db_conn *c, void *argp)
{
	const struct migration *m = ((struct apply_arg *)argp)->m;
	enum db_kind kind = db_conn_kind(c);
	buf sql;
	buf_init(&sql, 4096);
	expand(&sql, m->common, kind);
	const char *extra = kind == DB_SQLITE ? m->sqlite_only : m->postgres_only;
	if (extra != NULL)
		buf_puts(&sql, extra);
	status st = db_exec(c, sql.data);
	buf_free(&sql);
	if (st != ST_OK)
		return st;

	db_stmt *s = db_prepare(c, "INSERT INTO schema_version (version, name, applied_at) VALUES ($1, $2, $3)");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, m->version);
	db_bind_text(s, 2, m->name);
	db_bind_int(s, 3, clock_system_now());
	return db_run(s);
}

status store_migrate(db_conn *c)
{
	status st = db_exec(c, SQL_CREATE_VERSION);
	if (st != ST_OK)
		return st;
	int current;
	if ((st = store_schema_version(c, &current)) != ST_OK)
		return st;
	for (size_t i = 0; i < ARRAY_LEN(migrations); i++) {
		const struct migration *m = &migrations[i];
		if (m->version <= current)
			continue;
		struct apply_arg arg = {m};
		st = db_tx(c, true, apply_one, &arg);
		if (st == ST_CONFLICT) /* another process applied it meanwhile */
			continue;
		if (st != ST_OK) {
			log_error("migration %d (%s) failed: %s", m->version, m->name, status_name(st));
			return st;
		}
		log_info("applied migration %d: %s", m->version, m->name);
	}
	return ST_OK;
}

status store_ping(db_conn *c)
{
	db_stmt *s = db_prepare(c, "SELECT 1");
	if (s == NULL)
		return ST_INTERNAL;
	enum db_step_result r = db_step(s);
	status st = r == DB_ROW ? ST_OK : db_stmt_status(s);
	db_done(s);
	return st;
}
