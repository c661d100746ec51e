/* settings.h (store) — a person's own settings (SPEC.md S1–S4): contact
 * details, "details about me", notification preferences, shortcuts and the
 * account's language. Only the SQL: the rules (what is valid, defaults, who
 * may read or change them, the access log) live in domain/settings.c.
 * Strings returned live in the given arena; NULL stands for "not given". */
#ifndef HELSAMI_STORE_SETTINGS_H
#define HELSAMI_STORE_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/clock.h"
#include "db/db.h"

typedef struct contact_details {
	const char *street, *postcode, *city; /* all three or none */
	const char *email;
	const char *phone; /* 8 digits */
	unix_time updated_at;
} contact_details;

/* ST_NOT_FOUND when the person never gave any. */
status store_contact_get(db_conn *c, arena *ar, int64_t person_id, contact_details *out);
/* Inserts or replaces the person's contact details (ST_CONFLICT when the
 * address is partial or the person does not exist). */
status store_contact_put(db_conn *c, int64_t person_id, const contact_details *in);

typedef struct about_me {
	const char *preferred_language; /* a code from domain/settings.c's list */
	bool interpreter;
	const char *note; /* at most 1,000 characters */
	unix_time updated_at;
} about_me;

status store_about_get(db_conn *c, arena *ar, int64_t person_id, about_me *out);
status store_about_put(db_conn *c, int64_t person_id, const about_me *in);

typedef struct notification_pref {
	const char *kind, *channel;
	bool enabled;
} notification_pref;

/* Every stored preference of the person, ordered by kind and channel (none
 * stored: *n = 0). */
status store_notification_prefs(db_conn *c, arena *ar, int64_t person_id, notification_pref **out, size_t *n);
/* Sets one preference. */
status store_notification_pref_put(db_conn *c, int64_t person_id, const char *kind, const char *channel, bool enabled);
/* Turns a channel off for every kind (the phone or e-mail it needs is gone). */
status store_notification_channel_off(db_conn *c, int64_t person_id, const char *channel);

/* The chosen shortcut items in order (none: *n = 0). */
status store_shortcuts(db_conn *c, arena *ar, int64_t person_id, const char ***out, size_t *n);
status store_shortcuts_clear(db_conn *c, int64_t person_id);
/* Adds item at position pos (1, 2, ...); ST_CONFLICT for a taken position or
 * an item already chosen. */
status store_shortcut_add(db_conn *c, int64_t person_id, int pos, const char *item);

typedef struct ui_preference {
	const char *lang;      /* "nb", "en", or NULL when never chosen */
	bool shortcuts_chosen; /* false: the default shortcuts apply */
	unix_time updated_at;
} ui_preference;

/* ST_NOT_FOUND when the person has no row yet. */
status store_ui_preference_get(db_conn *c, arena *ar, int64_t person_id, ui_preference *out);
status store_ui_lang_set(db_conn *c, int64_t person_id, const char *lang, unix_time now);
status store_ui_shortcuts_chosen_set(db_conn *c, int64_t person_id, unix_time now);

#endif
