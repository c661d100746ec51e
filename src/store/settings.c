/* settings.c (store) — queries on a person's settings: one function per
 * query, upserts with ON CONFLICT, which both backends understand. */
#include "store/settings.h"

#include <string.h>

static const char *col_text_or_null(db_stmt *s, int col, arena *ar)
{
	return db_col_null(s, col) ? NULL : arena_strdup(ar, db_col_text(s, col));
}

/* Runs s expecting at most one row; ST_NOT_FOUND when there is none. */
static status one_row(db_stmt *s, enum db_step_result *r)
{
	*r = db_step(s);
	return *r == DB_ROW ? ST_OK : *r == DB_DONE ? ST_NOT_FOUND : db_stmt_status(s);
}

/* Grows an arena array of `size`-byte items holding *n, doubling *cap. */
static void *grow(arena *ar, void *items, size_t n, size_t *cap, size_t size)
{
	if (n < *cap)
		return items;
	size_t ncap = *cap ? *cap * 2 : 16;
	void *fresh = arena_alloc(ar, ncap * size);
	if (n > 0)
		memcpy(fresh, items, n * size);
	*cap = ncap;
	return fresh;
}

/* ---- contact details ------------------------------------------------------ */

status store_contact_get(db_conn *c, arena *ar, int64_t person_id, contact_details *out)
{
	db_stmt *s = db_prepare(c, "SELECT street, postcode, city, email, phone, updated_at"
	                           " FROM contact_details WHERE person_id = $1");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, person_id);
	enum db_step_result r;
	status st = one_row(s, &r);
	if (st == ST_OK) {
		out->street = col_text_or_null(s, 0, ar);
		out->postcode = col_text_or_null(s, 1, ar);
		out->city = col_text_or_null(s, 2, ar);
		out->email = col_text_or_null(s, 3, ar);
		out->phone = col_text_or_null(s, 4, ar);
		out->updated_at = db_col_int(s, 5);
	}
	db_done(s);
	return st;
}

status store_contact_put(db_conn *c, int64_t person_id, const contact_details *in)
{
	db_stmt *s = db_prepare(c, "INSERT INTO contact_details (person_id, street, postcode, city, email, phone,"
	                           " updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)"
	                           " ON CONFLICT (person_id) DO UPDATE SET street = excluded.street,"
	                           " postcode = excluded.postcode, city = excluded.city, email = excluded.email,"
	                           " phone = excluded.phone, updated_at = excluded.updated_at");
	if (s == NULL)
		return ST_INTERNAL;
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

status store_about_get(db_conn *c, arena *ar, int64_t person_id, about_me *out)
{
	db_stmt *s = db_prepare(c, "SELECT preferred_language, interpreter, note, updated_at"
	                           " FROM about_me WHERE person_id = $1");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, person_id);
	enum db_step_result r;
	status st = one_row(s, &r);
	if (st == ST_OK) {
		out->preferred_language = col_text_or_null(s, 0, ar);
		out->interpreter = db_col_int(s, 1) != 0;
		out->note = col_text_or_null(s, 2, ar);
		out->updated_at = db_col_int(s, 3);
	}
	db_done(s);
	return st;
}

status store_about_put(db_conn *c, int64_t person_id, const about_me *in)
{
	db_stmt *s = db_prepare(c, "INSERT INTO about_me (person_id, preferred_language, interpreter, note,"
	                           " updated_at) VALUES ($1, $2, $3, $4, $5)"
	                           " ON CONFLICT (person_id) DO UPDATE SET"
	                           " preferred_language = excluded.preferred_language,"
	                           " interpreter = excluded.interpreter, note = excluded.note,"
	                           " updated_at = excluded.updated_at");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, person_id);
	db_bind_text(s, 2, in->preferred_language);
	db_bind_int(s, 3, in->interpreter ? 1 : 0);
	db_bind_text(s, 4, in->note);
	db_bind_int(s, 5, in->updated_at);
	return db_run(s);
}

/* ---- notification preferences --------------------------------------------- */

status store_notification_prefs(db_conn *c, arena *ar, int64_t person_id, notification_pref **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	db_stmt *s = db_prepare(c, "SELECT kind, channel, enabled FROM notification_pref"
	                           " WHERE person_id = $1 ORDER BY kind, channel");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, person_id);
	size_t cap = 0;
	enum db_step_result r;
	while ((r = db_step(s)) == DB_ROW) {
		*out = grow(ar, *out, *n, &cap, sizeof **out);
		notification_pref *p = &(*out)[(*n)++];
		p->kind = arena_strdup(ar, db_col_text(s, 0));
		p->channel = arena_strdup(ar, db_col_text(s, 1));
		p->enabled = db_col_int(s, 2) != 0;
	}
	status st = r == DB_DONE ? ST_OK : db_stmt_status(s);
	db_done(s);
	return st;
}

status store_notification_pref_put(db_conn *c, int64_t person_id, const char *kind, const char *channel,
                                   bool enabled)
{
	db_stmt *s = db_prepare(c, "INSERT INTO notification_pref (person_id, kind, channel, enabled)"
	                           " VALUES ($1, $2, $3, $4)"
	                           " ON CONFLICT (person_id, kind, channel) DO UPDATE SET enabled = excluded.enabled");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, person_id);
	db_bind_text(s, 2, kind);
	db_bind_text(s, 3, channel);
	db_bind_int(s, 4, enabled ? 1 : 0);
	return db_run(s);
}

status store_notification_channel_off(db_conn *c, int64_t person_id, const char *channel)
{
	db_stmt *s = db_prepare(c, "UPDATE notification_pref SET enabled = 0 WHERE person_id = $1 AND channel = $2");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, person_id);
	db_bind_text(s, 2, channel);
	return db_run(s);
}

/* ---- shortcuts ------------------------------------------------------------- */

status store_shortcuts(db_conn *c, arena *ar, int64_t person_id, const char ***out, size_t *n)
{
	*out = NULL;
	*n = 0;
	db_stmt *s = db_prepare(c, "SELECT item FROM shortcut WHERE person_id = $1 ORDER BY pos");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, person_id);
	size_t cap = 0;
	enum db_step_result r;
	while ((r = db_step(s)) == DB_ROW) {
		*out = grow(ar, *out, *n, &cap, sizeof **out);
		(*out)[(*n)++] = arena_strdup(ar, db_col_text(s, 0));
	}
	status st = r == DB_DONE ? ST_OK : db_stmt_status(s);
	db_done(s);
	return st;
}

status store_shortcuts_clear(db_conn *c, int64_t person_id)
{
	db_stmt *s = db_prepare(c, "DELETE FROM shortcut WHERE person_id = $1");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, person_id);
	return db_run(s);
}

status store_shortcut_add(db_conn *c, int64_t person_id, int pos, const char *item)
{
	db_stmt *s = db_prepare(c, "INSERT INTO shortcut (person_id, pos, item) VALUES ($1, $2, $3)");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, person_id);
	db_bind_int(s, 2, pos);
	db_bind_text(s, 3, item);
	return db_run(s);
}

/* ---- language and the shortcuts flag -------------------------------------- */

status store_ui_preference_get(db_conn *c, arena *ar, int64_t person_id, ui_preference *out)
{
	db_stmt *s = db_prepare(c, "SELECT lang, shortcuts_chosen, updated_at FROM ui_preference WHERE person_id = $1");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, person_id);
	enum db_step_result r;
	status st = one_row(s, &r);
	if (st == ST_OK) {
		out->lang = col_text_or_null(s, 0, ar);
		out->shortcuts_chosen = db_col_int(s, 1) != 0;
		out->updated_at = db_col_int(s, 2);
	}
	db_done(s);
	return st;
}

status store_ui_lang_set(db_conn *c, int64_t person_id, const char *lang, unix_time now)
{
	db_stmt *s = db_prepare(c, "INSERT INTO ui_preference (person_id, lang, updated_at) VALUES ($1, $2, $3)"
	                           " ON CONFLICT (person_id) DO UPDATE SET lang = excluded.lang,"
	                           " updated_at = excluded.updated_at");
	if (s == NULL)
		return ST_INTERNAL;
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
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, person_id);
	db_bind_int(s, 2, now);
	return db_run(s);
}
