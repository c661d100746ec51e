/* settings.c (store) — queries on a person's settings: one function per
 * query, upserts with ON CONFLICT, which both backends understand. */
#include "store/settings.h"

#include "store/store.h"

/* ---- contact details ------------------------------------------------------ */

#define CONTACT_COLUMNS "street, postcode, city, email, phone, updated_at"
enum contact_col { CONTACT_STREET, CONTACT_POSTCODE, CONTACT_CITY, CONTACT_EMAIL, CONTACT_PHONE, CONTACT_UPDATED_AT };

static void read_contact(db_stmt *s, arena *ar, void *row)
{
	contact_details *out = row;
	out->street = db_col_opt_str(s, CONTACT_STREET, ar);
	out->postcode = db_col_opt_str(s, CONTACT_POSTCODE, ar);
	out->city = db_col_opt_str(s, CONTACT_CITY, ar);
	out->email = db_col_opt_str(s, CONTACT_EMAIL, ar);
	out->phone = db_col_opt_str(s, CONTACT_PHONE, ar);
	out->updated_at = db_col_int(s, CONTACT_UPDATED_AT);
}

status store_contact_get(db_conn *c, arena *ar, int64_t person_id, contact_details *out)
{
	db_stmt *s = db_prepare(c, "SELECT " CONTACT_COLUMNS " FROM contact_details WHERE person_id = $1");
	return store_read_one_by(s, person_id, ar, read_contact, out);
}

status store_contact_put(db_conn *c, int64_t person_id, const contact_details *in)
{
	db_stmt *s = db_prepare(c, "INSERT INTO contact_details (person_id, street, postcode, city, email, phone,"
	                           " updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)"
	                           " ON CONFLICT (person_id) DO UPDATE SET street = excluded.street,"
	                           " postcode = excluded.postcode, city = excluded.city, email = excluded.email,"
	                           " phone = excluded.phone, updated_at = excluded.updated_at");
	db_bind_int(s, 1, person_id);
	db_bind_text(s, 2, in->street);
	db_bind_text(s, 3, in->postcode);
	db_bind_text(s, 4, in->city);
	db_bind_text(s, 5, in->email);
	db_bind_text(s, 6, in->phone);
	db_bind_int(s, 7, in->updated_at);
	return db_run(s);
}

/* ---- details about me ----------------------------------------------------- */

#define ABOUT_COLUMNS "preferred_language, interpreter, note, updated_at"
enum about_col { ABOUT_LANGUAGE, ABOUT_INTERPRETER, ABOUT_NOTE, ABOUT_UPDATED_AT };

static void read_about(db_stmt *s, arena *ar, void *row)
{
	about_me *out = row;
	out->preferred_language = db_col_opt_str(s, ABOUT_LANGUAGE, ar);
	out->interpreter = db_col_bool(s, ABOUT_INTERPRETER);
	out->note = db_col_opt_str(s, ABOUT_NOTE, ar);
	out->updated_at = db_col_int(s, ABOUT_UPDATED_AT);
}

status store_about_get(db_conn *c, arena *ar, int64_t person_id, about_me *out)
{
	db_stmt *s = db_prepare(c, "SELECT " ABOUT_COLUMNS " FROM about_me WHERE person_id = $1");
	return store_read_one_by(s, person_id, ar, read_about, out);
}

status store_about_put(db_conn *c, int64_t person_id, const about_me *in)
{
	db_stmt *s = db_prepare(c, "INSERT INTO about_me (person_id, preferred_language, interpreter, note,"
	                           " updated_at) VALUES ($1, $2, $3, $4, $5)"
	                           " ON CONFLICT (person_id) DO UPDATE SET"
	                           " preferred_language = excluded.preferred_language,"
	                           " interpreter = excluded.interpreter, note = excluded.note,"
	                           " updated_at = excluded.updated_at");
	db_bind_int(s, 1, person_id);
	db_bind_text(s, 2, in->preferred_language);
	db_bind_int(s, 3, in->interpreter ? 1 : 0);
	db_bind_text(s, 4, in->note);
	db_bind_int(s, 5, in->updated_at);
	return db_run(s);
}

/* ---- notification preferences --------------------------------------------- */

#define PREF_COLUMNS "kind, channel, enabled"
enum pref_col { PREF_KIND, PREF_CHANNEL, PREF_ENABLED };

static void read_pref(db_stmt *s, arena *ar, void *row)
{
	notification_pref *p = row;
	p->kind = db_col_str(s, PREF_KIND, ar);
	p->channel = db_col_str(s, PREF_CHANNEL, ar);
	p->enabled = db_col_bool(s, PREF_ENABLED);
}

status store_notification_prefs(db_conn *c, arena *ar, int64_t person_id, notification_pref **out, size_t *n)
{
	db_stmt *s = db_prepare(c, "SELECT " PREF_COLUMNS " FROM notification_pref"
	                           " WHERE person_id = $1 ORDER BY kind, channel");
	db_bind_int(s, 1, person_id);
	return db_read_list(s, ar, sizeof **out, SIZE_MAX, read_pref, out, n, NULL);
}

status store_notification_pref_put(db_conn *c, int64_t person_id, const char *kind, const char *channel, bool enabled)
{
	db_stmt *s = db_prepare(c, "INSERT INTO notification_pref (person_id, kind, channel, enabled)"
	                           " VALUES ($1, $2, $3, $4)"
	                           " ON CONFLICT (person_id, kind, channel) DO UPDATE SET enabled = excluded.enabled");
	db_bind_int(s, 1, person_id);
	db_bind_text(s, 2, kind);
	db_bind_text(s, 3, channel);
	db_bind_int(s, 4, enabled ? 1 : 0);
	return db_run(s);
}

status store_notification_channel_off(db_conn *c, int64_t person_id, const char *channel)
{
	db_stmt *s = db_prepare(c, "UPDATE notification_pref SET enabled = 0 WHERE person_id = $1 AND channel = $2");
	db_bind_int(s, 1, person_id);
	db_bind_text(s, 2, channel);
	return db_run(s);
}

/* ---- shortcuts ------------------------------------------------------------- */

status store_shortcuts(db_conn *c, arena *ar, int64_t person_id, const char ***out, size_t *n)
{
	db_stmt *s = db_prepare(c, "SELECT item FROM shortcut WHERE person_id = $1 ORDER BY pos");
	db_bind_int(s, 1, person_id);
	return db_read_list(s, ar, sizeof **out, SIZE_MAX, store_read_text, out, n, NULL);
}

status store_shortcuts_clear(db_conn *c, int64_t person_id)
{
	db_stmt *s = db_prepare(c, "DELETE FROM shortcut WHERE person_id = $1");
	db_bind_int(s, 1, person_id);
	return db_run(s);
}

status store_shortcut_add(db_conn *c, int64_t person_id, int pos, const char *item)
{
	db_stmt *s = db_prepare(c, "INSERT INTO shortcut (person_id, pos, item) VALUES ($1, $2, $3)");
	db_bind_int(s, 1, person_id);
	db_bind_int(s, 2, pos);
	db_bind_text(s, 3, item);
	return db_run(s);
}

/* ---- language and the shortcuts flag -------------------------------------- */

#define UI_COLUMNS "lang, shortcuts_chosen, updated_at"
enum ui_col { UI_LANG, UI_SHORTCUTS_CHOSEN, UI_UPDATED_AT };

static void read_ui(db_stmt *s, arena *ar, void *row)
{
	ui_preference *out = row;
	out->lang = db_col_opt_str(s, UI_LANG, ar);
	out->shortcuts_chosen = db_col_bool(s, UI_SHORTCUTS_CHOSEN);
	out->updated_at = db_col_int(s, UI_UPDATED_AT);
}

status store_ui_preference_get(db_conn *c, arena *ar, int64_t person_id, ui_preference *out)
{
	db_stmt *s = db_prepare(c, "SELECT " UI_COLUMNS " FROM ui_preference WHERE person_id = $1");
	return store_read_one_by(s, person_id, ar, read_ui, out);
}

status store_ui_lang_set(db_conn *c, int64_t person_id, const char *lang, unix_time now)
{
	db_stmt *s = db_prepare(c, "INSERT INTO ui_preference (person_id, lang, updated_at) VALUES ($1, $2, $3)"
	                           " ON CONFLICT (person_id) DO UPDATE SET lang = excluded.lang,"
	                           " updated_at = excluded.updated_at");
	db_bind_int(s, 1, person_id);
	db_bind_text(s, 2, lang);
	db_bind_int(s, 3, now);
	return db_run(s);
}

status store_ui_shortcuts_chosen_set(db_conn *c, int64_t person_id, unix_time now)
{
	db_stmt *s = db_prepare(c, "INSERT INTO ui_preference (person_id, shortcuts_chosen, updated_at)"
	                           " VALUES ($1, 1, $2)"
	                           " ON CONFLICT (person_id) DO UPDATE SET shortcuts_chosen = 1,"
	                           " updated_at = excluded.updated_at");
	return store_run_at(s, person_id, now, ST_OK);
}
