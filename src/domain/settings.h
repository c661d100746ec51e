/* settings.h — a person's own settings (SPEC.md S1–S4): personal
 * information and "details about me", notification preferences, shortcuts
 * on the home page, and the language. The rules and validation live here so
 * pages and (later) the API share them.
 *
 * Whose settings: personal information and notifications belong to the
 * record that is open (x->subject_id: a representative with the capability
 * may manage them); shortcuts and the language belong to whoever uses the
 * portal (x->who.person_id). Every function checks the capability with
 * authz_check and answers ST_DENIED otherwise (pages answer 404). Every read
 * or change by anyone but the person themself is written to the access log
 * in the same transaction (what: settings.personal, settings.notifications,
 * settings.shortcuts, settings.language).
 *
 * Validation: changes are checked again here whatever the caller parsed,
 * and refused with ST_INVALID and a list of problems, each naming the field
 * (the names the pages and the API use: street, postcode, city, email,
 * phone, language, interpreter, note, notify, show) and a catalog key. */
#ifndef HELSAMI_DOMAIN_SETTINGS_H
#define HELSAMI_DOMAIN_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/ctx.h"
#include "core/core.h"
#include "domain/problems.h"
#include "store/register.h"
#include "store/settings.h"

/* Limits. Lengths in characters: the longest Norwegian street names and
 * place names are far shorter; 254 is the longest e-mail address SMTP
 * carries; a free text of 1,000 characters is about a page. */
enum {
	SETTINGS_STREET_MAX = 100,
	SETTINGS_CITY_MAX = 50,
	SETTINGS_EMAIL_MAX = 254,
	SETTINGS_NOTE_MAX = 1000,
	SETTINGS_SHORTCUTS_MAX = 6, /* what fits at the top of the home page on a phone */
};

/* ---- S1: personal information and details about me ------------------------ */

/* The languages one may prefer for talking to health personnel: a fixed
 * list of codes (ISO 639) with the catalog label "language.CODE";
 * NULL-terminated. */
extern const char *const settings_languages[];

typedef struct settings_personal {
	contact_details contact; /* NULL fields: not given */
	about_me about;
	/* Read only: the population register's address, shown beside. */
	bool confidential_address; /* the register hides it (adressesperre) */
	bool has_register_address;
	address register_address;
} settings_personal;

/* The person's details; what was never given reads as NULL/false. */
status settings_personal_get(const ctx *x, int64_t person_id, settings_personal *out);
/* Checks a change (contact and about; the register fields are ignored),
 * adding every problem to *out: an address is all of street, postcode and
 * city or none; lengths; formats (postcode 4 digits, phone 8 digits, e-mail
 * local@domain); the language from settings_languages. Pure. */
void settings_personal_check(const settings_personal *in, problems *out);
/* Stores contact and about after settings_personal_check (ST_INVALID with
 * problems). Removing the phone turns SMS notifications off, removing the
 * e-mail address turns e-mail off, in the same transaction. */
status settings_personal_save(const ctx *x, int64_t person_id, const settings_personal *in, problems *pr);

/* ---- S2: notification preferences ----------------------------------------- */

/* Event kinds (SPEC.md N1) and channels (N2), in the order pages show them. */
enum notify_kind {
	NOTIFY_NEW_MESSAGE,
	NOTIFY_TEST_RESULT,
	NOTIFY_QUESTIONNAIRE,
	NOTIFY_APPOINTMENT,
	NOTIFY_SHORT_NOTICE_OFFER,
	NOTIFY_LETTER,
	NOTIFY_KIND_COUNT
};
enum notify_channel { CHANNEL_IN_APP, CHANNEL_SMS, CHANNEL_EMAIL, CHANNEL_COUNT };

/* Stable codes: "new_message", ... and "in_app", "sms", "email". */
const char *settings_notify_kind_code(enum notify_kind k);
const char *settings_channel_code(enum notify_channel ch);

typedef struct settings_notifications {
	bool on[NOTIFY_KIND_COUNT][CHANNEL_COUNT];
	/* Read only: whether the contact details a channel needs are given. */
	bool has_phone, has_email;
} settings_notifications;

/* The preferences, defaults (in-app on, the rest off) where none is stored. */
status settings_notifications_get(const ctx *x, int64_t person_id, settings_notifications *out);
/* The preferences as settings_notifications_get reads them, for the
 * notification job (domain/notify.h), which acts for nobody: no capability
 * check and no access-log entry (these are settings, not the record). Runs
 * on x->db as it is (inside the caller's transaction). */
status settings_notifications_of(const ctx *x, int64_t person_id, settings_notifications *out);
/* Stores every kind x channel of in->on. SMS needs a phone number and e-mail
 * an address among the person's contact details: otherwise ST_INVALID with
 * one problem on "notify" (settings.error.sms_needs_phone,
 * .email_needs_address, or .channels_need_contact for both). */
status settings_notifications_save(const ctx *x, int64_t person_id, const settings_notifications *in, problems *pr);

/* ---- S3: shortcuts -------------------------------------------------------- */

/* A shortcut is stored as the key of an area of the portal (the table in
 * web/menu.c, which says which keys exist, where they lead and who sees
 * them): here only its form is checked, so a choice stored for an area
 * that is later renamed or not built yet is kept, and simply not shown. */
enum {
	SETTINGS_SHORTCUT_ITEMS = 12,   /* at most this many stored shortcuts are read back */
	SETTINGS_SHORTCUT_KEY_MAX = 32, /* a key's length: a few words in [a-z0-9_] */
};

/* The shortcuts shown until the person chooses (what most come for);
 * NULL-terminated. */
extern const char *const settings_shortcut_defaults[];

typedef struct settings_shortcut_list {
	const char *keys[SETTINGS_SHORTCUT_ITEMS]; /* static (the defaults) or in x's arena */
	size_t count;
} settings_shortcut_list;

/* The person's shortcuts in order, as stored (keys of areas that do not
 * exist included: the caller shows those it knows); the defaults until they
 * choose. */
status settings_shortcuts(const ctx *x, int64_t person_id, settings_shortcut_list *out);
/* Stores keys[0..n) as the shortcuts, in that order (n may be 0). Refused
 * (ST_INVALID, problem on "show") for a malformed key (not 1 to
 * SETTINGS_SHORTCUT_KEY_MAX of [a-z0-9_]), a key twice, or more than
 * SETTINGS_SHORTCUTS_MAX. Which keys are offered is the caller's (web/menu.c). */
status settings_shortcuts_save(const ctx *x, int64_t person_id, const char *const *keys, size_t n, problems *pr);

/* ---- S4: language --------------------------------------------------------- */

/* The language the person chose for the portal: ST_NOT_FOUND when never
 * chosen (then the cookie or the browser decides). */
status settings_language(const ctx *x, int64_t person_id, enum locale *out);
status settings_language_save(const ctx *x, int64_t person_id, enum locale loc);

#endif
