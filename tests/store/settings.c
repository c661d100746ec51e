/* settings.c (conformance) — a person's settings on both databases: the
 * store's queries and constraints, and the domain rules over them (defaults,
 * validation, who may read or change, and the access log for anyone but the
 * person). */
#include <string.h>

#include "conformance.h"
#include "fixtures.h"
#include "domain/authz.h"
#include "domain/settings.h"
#include "store/audit.h"
#include "store/register.h"
#include "store/settings.h"

/* 2026-09-21, any day will do. */
enum { NOW = 1790000000 };

/* A citizen's context on their own record (or, with subject, acting for
 * someone with the given capabilities). */
static ctx citizen(arena *a, int64_t self, int64_t subject, uint64_t access)
{
	ctx x = fx_citizen(a, NOW, self, subject);
	x.access = access;
	return x;
}

/* ---- store ------------------------------------------------------------------ */

static void contact_details_round_trip(void **state)
{
	(void)state;
	conf_fresh();
	arena *a = arena_new();
	int64_t p = fx_person(fx_nin(0), "Marius", "Berg", "1986-08-12");
	contact_details cd;
	assert_int_equal(store_contact_get(conf_conn, a, p, &cd), ST_NOT_FOUND);
	contact_details in = {.street = "Kongens gate 1", .postcode = "7011", .city = "Trondheim",
	                      .email = "marius@eksempel.no", .phone = "41234567", .updated_at = 100};
	assert_int_equal(store_contact_put(conf_conn, p, &in), ST_OK);
	assert_int_equal(store_contact_get(conf_conn, a, p, &cd), ST_OK);
	assert_string_equal(cd.street, "Kongens gate 1");
	assert_string_equal(cd.postcode, "7011");
	assert_string_equal(cd.city, "Trondheim");
	assert_string_equal(cd.email, "marius@eksempel.no");
	assert_string_equal(cd.phone, "41234567");
	assert_int_equal(cd.updated_at, 100);
	/* Replacing clears what is no longer given. */
	contact_details less = {.email = "ny@eksempel.no", .updated_at = 200};
	assert_int_equal(store_contact_put(conf_conn, p, &less), ST_OK);
	assert_int_equal(store_contact_get(conf_conn, a, p, &cd), ST_OK);
	assert_null(cd.street);
	assert_null(cd.phone);
	assert_string_equal(cd.email, "ny@eksempel.no");
	arena_free(a);
}

static void a_partial_address_is_refused_by_the_schema(void **state)
{
	(void)state;
	conf_fresh();
	int64_t p = fx_person(fx_nin(0), "Marius", "Berg", "1986-08-12");
	contact_details in = {.street = "Kongens gate 1", .city = "Trondheim", .updated_at = 1};
	assert_int_equal(store_contact_put(conf_conn, p, &in), ST_CONFLICT);
	/* And a person who does not exist. */
	contact_details ok = {.email = "a@b.no", .updated_at = 1};
	assert_int_equal(store_contact_put(conf_conn, p + 1000, &ok), ST_CONFLICT);
}

static void about_me_counts_characters_not_bytes(void **state)
{
	(void)state;
	conf_fresh();
	arena *a = arena_new();
	int64_t p = fx_person(fx_nin(0), "Marius", "Berg", "1986-08-12");
	/* 1,000 characters of two bytes each fit; 1,001 do not, on both backends. */
	char note[2 * 1001 + 1];
	for (int i = 0; i < 1001; i++)
		memcpy(note + 2 * i, "\xc3\xb8", 2);
	note[2 * 1001] = '\0';
	about_me too_long = {.preferred_language = "pl", .interpreter = true, .note = note, .updated_at = 5};
	assert_int_equal(store_about_put(conf_conn, p, &too_long), ST_CONFLICT);
	note[2 * 1000] = '\0';
	about_me in = {.preferred_language = "pl", .interpreter = true, .note = note, .updated_at = 5};
	assert_int_equal(store_about_put(conf_conn, p, &in), ST_OK);
	about_me out;
	assert_int_equal(store_about_get(conf_conn, a, p, &out), ST_OK);
	assert_string_equal(out.preferred_language, "pl");
	assert_true(out.interpreter);
	assert_int_equal(strlen(out.note), 2000);
	about_me cleared = {.updated_at = 6};
	assert_int_equal(store_about_put(conf_conn, p, &cleared), ST_OK);
	assert_int_equal(store_about_get(conf_conn, a, p, &out), ST_OK);
	assert_null(out.preferred_language);
	assert_false(out.interpreter);
	assert_null(out.note);
	arena_free(a);
}

static void notification_preferences(void **state)
{
	(void)state;
	conf_fresh();
	arena *a = arena_new();
	int64_t p = fx_person(fx_nin(0), "Marius", "Berg", "1986-08-12");
	int64_t q = fx_person(fx_nin(1), "Silje", "Berg", "1986-08-12");
	notification_pref *prefs;
	size_t n;
	assert_int_equal(store_notification_prefs(conf_conn, a, p, &prefs, &n), ST_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_notification_pref_put(conf_conn, p, "test_result", "sms", true), ST_OK);
	assert_int_equal(store_notification_pref_put(conf_conn, p, "letter", "email", true), ST_OK);
	assert_int_equal(store_notification_pref_put(conf_conn, p, "test_result", "sms", false), ST_OK);
	assert_int_equal(store_notification_pref_put(conf_conn, q, "letter", "sms", true), ST_OK);
	assert_int_equal(store_notification_pref_put(conf_conn, p, "letter", "pigeon", true), ST_CONFLICT);
	assert_int_equal(store_notification_prefs(conf_conn, a, p, &prefs, &n), ST_OK);
	assert_int_equal(n, 2);
	assert_string_equal(prefs[0].kind, "letter");
	assert_string_equal(prefs[0].channel, "email");
	assert_true(prefs[0].enabled);
	assert_string_equal(prefs[1].kind, "test_result");
	assert_false(prefs[1].enabled);
	assert_int_equal(store_notification_channel_off(conf_conn, p, "email"), ST_OK);
	assert_int_equal(store_notification_prefs(conf_conn, a, p, &prefs, &n), ST_OK);
	assert_false(prefs[0].enabled);
	/* Someone else's are untouched. */
	assert_int_equal(store_notification_prefs(conf_conn, a, q, &prefs, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_true(prefs[0].enabled);
	arena_free(a);
}

static void shortcuts_keep_their_order(void **state)
{
	(void)state;
	conf_fresh();
	arena *a = arena_new();
	int64_t p = fx_person(fx_nin(0), "Marius", "Berg", "1986-08-12");
	const char **items;
	size_t n;
	assert_int_equal(store_shortcuts(conf_conn, a, p, &items, &n), ST_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_shortcut_add(conf_conn, p, 2, "messages"), ST_OK);
	assert_int_equal(store_shortcut_add(conf_conn, p, 1, "vaccines"), ST_OK);
	assert_int_equal(store_shortcut_add(conf_conn, p, 3, "vaccines"), ST_CONFLICT);
	assert_int_equal(store_shortcut_add(conf_conn, p, 2, "results"), ST_CONFLICT);
	assert_int_equal(store_shortcut_add(conf_conn, p, 0, "results"), ST_CONFLICT);
	assert_int_equal(store_shortcuts(conf_conn, a, p, &items, &n), ST_OK);
	assert_int_equal(n, 2);
	assert_string_equal(items[0], "vaccines");
	assert_string_equal(items[1], "messages");
	assert_int_equal(store_shortcuts_clear(conf_conn, p), ST_OK);
	assert_int_equal(store_shortcuts(conf_conn, a, p, &items, &n), ST_OK);
	assert_int_equal(n, 0);
	arena_free(a);
}

static void ui_preference_upserts_keep_each_other(void **state)
{
	(void)state;
	conf_fresh();
	arena *a = arena_new();
	int64_t p = fx_person(fx_nin(0), "Marius", "Berg", "1986-08-12");
	ui_preference up;
	assert_int_equal(store_ui_preference_get(conf_conn, a, p, &up), ST_NOT_FOUND);
	assert_int_equal(store_ui_lang_set(conf_conn, p, "en", 10), ST_OK);
	assert_int_equal(store_ui_shortcuts_chosen_set(conf_conn, p, 20), ST_OK);
	assert_int_equal(store_ui_preference_get(conf_conn, a, p, &up), ST_OK);
	assert_string_equal(up.lang, "en");
	assert_true(up.shortcuts_chosen);
	assert_int_equal(up.updated_at, 20);
	assert_int_equal(store_ui_lang_set(conf_conn, p, "nb", 30), ST_OK);
	assert_int_equal(store_ui_preference_get(conf_conn, a, p, &up), ST_OK);
	assert_string_equal(up.lang, "nb");
	assert_true(up.shortcuts_chosen);
	assert_int_equal(store_ui_lang_set(conf_conn, p, "sv", 40), ST_CONFLICT);
	arena_free(a);
}

/* ---- domain ----------------------------------------------------------------- */

static void personal_settings_are_validated_and_kept(void **state)
{
	(void)state;
	conf_fresh();
	arena *a = arena_new();
	int64_t p = fx_person(fx_nin(0), "Marius", "Berg", "1986-08-12");
	ctx x = citizen(a, p, p, authz_citizen_all());
	settings_personal sp;
	assert_int_equal(settings_personal_get(&x, p, &sp), ST_OK);
	assert_null(sp.contact.email);
	assert_false(sp.about.interpreter);
	assert_false(sp.has_register_address);

	settings_personal bad = {.contact = {.street = "Kongens gate 1", .phone = "123", .email = "nope"},
	                         .about = {.preferred_language = "xx"}};
	problems pr;
	assert_int_equal(settings_personal_save(&x, p, &bad, &pr), ST_INVALID);
	/* postcode and city missing, phone, e-mail, language. */
	assert_int_equal(pr.n, 5);
	assert_string_equal(pr.items[0].field, "postcode");
	assert_string_equal(pr.items[0].key, "settings.error.address_part");
	assert_string_equal(pr.items[1].field, "city");

	settings_personal good = {.contact = {.street = "Kongens gate 1", .postcode = "7011", .city = "Trondheim",
	                                      .phone = "41234567", .email = "m@eksempel.no"},
	                          .about = {.preferred_language = "pl", .interpreter = true, .note = "Hei"}};
	assert_int_equal(settings_personal_save(&x, p, &good, &pr), ST_OK);
	assert_int_equal(settings_personal_get(&x, p, &sp), ST_OK);
	assert_string_equal(sp.contact.city, "Trondheim");
	assert_string_equal(sp.about.preferred_language, "pl");
	assert_true(sp.about.interpreter);
	/* One's own settings leave no trace in the access log. */
	assert_int_equal(fx_log_entries(p), 0);
	arena_free(a);
}

static void removing_the_phone_turns_sms_off(void **state)
{
	(void)state;
	conf_fresh();
	arena *a = arena_new();
	int64_t p = fx_person(fx_nin(0), "Marius", "Berg", "1986-08-12");
	ctx x = citizen(a, p, p, authz_citizen_all());
	settings_notifications sn;
	assert_int_equal(settings_notifications_get(&x, p, &sn), ST_OK);
	for (int k = 0; k < NOTIFY_KIND_COUNT; k++) {
		assert_true(sn.on[k][CHANNEL_IN_APP]); /* the defaults */
		assert_false(sn.on[k][CHANNEL_SMS]);
		assert_false(sn.on[k][CHANNEL_EMAIL]);
	}
	assert_false(sn.has_phone);
	/* SMS without a phone number is refused. */
	sn.on[NOTIFY_TEST_RESULT][CHANNEL_SMS] = true;
	problems pr;
	assert_int_equal(settings_notifications_save(&x, p, &sn, &pr), ST_INVALID);
	assert_int_equal(pr.n, 1);
	assert_string_equal(pr.items[0].key, "settings.error.sms_needs_phone");
	sn.on[NOTIFY_LETTER][CHANNEL_EMAIL] = true;
	assert_int_equal(settings_notifications_save(&x, p, &sn, &pr), ST_INVALID);
	assert_int_equal(pr.n, 1);
	assert_string_equal(pr.items[0].key, "settings.error.channels_need_contact");

	settings_personal sp = {.contact = {.phone = "41234567", .email = "m@eksempel.no"}};
	assert_int_equal(settings_personal_save(&x, p, &sp, &pr), ST_OK);
	sn.on[NOTIFY_NEW_MESSAGE][CHANNEL_IN_APP] = false;
	assert_int_equal(settings_notifications_save(&x, p, &sn, &pr), ST_OK);
	settings_notifications got;
	assert_int_equal(settings_notifications_get(&x, p, &got), ST_OK);
	assert_true(got.has_phone);
	assert_true(got.on[NOTIFY_TEST_RESULT][CHANNEL_SMS]);
	assert_true(got.on[NOTIFY_LETTER][CHANNEL_EMAIL]);
	assert_false(got.on[NOTIFY_NEW_MESSAGE][CHANNEL_IN_APP]);

	sp.contact.phone = NULL;
	assert_int_equal(settings_personal_save(&x, p, &sp, &pr), ST_OK);
	assert_int_equal(settings_notifications_get(&x, p, &got), ST_OK);
	assert_false(got.has_phone);
	assert_false(got.on[NOTIFY_TEST_RESULT][CHANNEL_SMS]);
	assert_true(got.on[NOTIFY_LETTER][CHANNEL_EMAIL]);
	arena_free(a);
}

static void shortcuts_default_until_chosen(void **state)
{
	(void)state;
	conf_fresh();
	arena *a = arena_new();
	int64_t p = fx_person(fx_nin(0), "Marius", "Berg", "1986-08-12");
	ctx x = citizen(a, p, p, authz_citizen_all());
	settings_shortcut_list l;
	assert_int_equal(settings_shortcuts(&x, p, &l), ST_OK);
	assert_int_equal(l.count, 4);
	assert_string_equal(l.keys[0], "health_summary");
	for (size_t i = 0; i < l.count; i++)
		assert_string_equal(l.keys[i], settings_shortcut_defaults[i]);

	problems pr;
	const char *const seven[] = {"results", "messages", "vaccines", "documents", "access", "services", "care_team"};
	assert_int_equal(settings_shortcuts_save(&x, p, seven, 7, &pr), ST_INVALID);
	assert_string_equal(pr.items[0].key, "form.error.too_many");
	assert_int_equal(pr.items[0].max, SETTINGS_SHORTCUTS_MAX);
	const char *const twice[] = {"results", "results"};
	assert_int_equal(settings_shortcuts_save(&x, p, twice, 2, &pr), ST_INVALID);
	/* Which keys exist is web/menu.c's; here only their form is checked. */
	const char *const malformed[] = {"results", "Results!"};
	assert_int_equal(settings_shortcuts_save(&x, p, malformed, 2, &pr), ST_INVALID);
	const char *const empty[] = {""};
	assert_int_equal(settings_shortcuts_save(&x, p, empty, 1, &pr), ST_INVALID);

	const char *const mine[] = {"vaccines", "results"};
	assert_int_equal(settings_shortcuts_save(&x, p, mine, 2, &pr), ST_OK);
	assert_int_equal(settings_shortcuts(&x, p, &l), ST_OK);
	assert_int_equal(l.count, 2);
	assert_string_equal(l.keys[0], "vaccines");
	assert_string_equal(l.keys[1], "results");
	/* A key for an area not built yet is kept and read back as stored. */
	const char *const later[] = {"appointments", "results"};
	assert_int_equal(settings_shortcuts_save(&x, p, later, 2, &pr), ST_OK);
	assert_int_equal(settings_shortcuts(&x, p, &l), ST_OK);
	assert_int_equal(l.count, 2);
	assert_string_equal(l.keys[0], "appointments");
	/* None chosen is a choice too. */
	assert_int_equal(settings_shortcuts_save(&x, p, NULL, 0, &pr), ST_OK);
	assert_int_equal(settings_shortcuts(&x, p, &l), ST_OK);
	assert_int_equal(l.count, 0);
	arena_free(a);
}

static void language_is_remembered(void **state)
{
	(void)state;
	conf_fresh();
	arena *a = arena_new();
	int64_t p = fx_person(fx_nin(0), "Marius", "Berg", "1986-08-12");
	ctx x = citizen(a, p, p, authz_citizen_all());
	enum locale loc;
	assert_int_equal(settings_language(&x, p, &loc), ST_NOT_FOUND);
	assert_int_equal(settings_language_save(&x, p, LOCALE_EN), ST_OK);
	assert_int_equal(settings_language(&x, p, &loc), ST_OK);
	assert_int_equal(loc, LOCALE_EN);
	assert_int_equal(settings_language_save(&x, p, LOCALE_NB), ST_OK);
	assert_int_equal(settings_language(&x, p, &loc), ST_OK);
	assert_int_equal(loc, LOCALE_NB);
	arena_free(a);
}

static void others_are_denied_or_logged(void **state)
{
	(void)state;
	conf_fresh();
	arena *a = arena_new();
	int64_t p = fx_person(fx_nin(0), "Marius", "Berg", "1986-08-12");
	int64_t q = fx_person(fx_nin(1), "Silje", "Berg", "1986-08-12");
	settings_personal sp;
	settings_shortcut_list l;
	/* Silje on her own record cannot reach Marius's settings. */
	ctx silje = citizen(a, q, q, authz_citizen_all());
	assert_int_equal(settings_personal_get(&silje, p, &sp), ST_DENIED);
	settings_notifications sn;
	assert_int_equal(settings_notifications_get(&silje, p, &sn), ST_DENIED);
	assert_int_equal(settings_shortcuts(&silje, p, &l), ST_DENIED);
	assert_int_equal(settings_language_save(&silje, p, LOCALE_EN), ST_DENIED);
	/* Acting for Marius without the capability: denied. */
	ctx without = citizen(a, q, p, 0);
	assert_int_equal(settings_personal_get(&without, p, &sp), ST_DENIED);
	assert_int_equal(fx_log_entries(p), 0);
	/* Acting for Marius with it: allowed, and every read and change logged. */
	ctx with = citizen(a, q, p, CAP_BIT(CAP_S1_PERSONAL) | CAP_BIT(CAP_S2_NOTIFICATIONS));
	assert_int_equal(settings_personal_get(&with, p, &sp), ST_OK);
	assert_int_equal(fx_log_entries(p), 1);
	settings_personal change = {.contact = {.email = "m@eksempel.no"}};
	problems pr;
	assert_int_equal(settings_personal_save(&with, p, &change, &pr), ST_OK);
	assert_int_equal(settings_notifications_get(&with, p, &sn), ST_OK);
	assert_int_equal(fx_log_entries(p), 3);
	db_stmt *s = db_prepare(conf_conn, "SELECT actor_kind, actor_person_id, on_behalf_of, action, what, purpose"
	                                   " FROM audit_log WHERE patient_id = $1 ORDER BY seq");
	db_bind_int(s, 1, p);
	assert_int_equal(db_step(s), DB_ROW);
	assert_string_equal(db_col_text(s, 0), "representative");
	assert_int_equal(db_col_int(s, 1), q);
	assert_int_equal(db_col_int(s, 2), p);
	assert_string_equal(db_col_text(s, 3), "read");
	assert_string_equal(db_col_text(s, 4), "settings.personal");
	assert_string_equal(db_col_text(s, 5), "representation");
	assert_int_equal(db_step(s), DB_ROW);
	assert_string_equal(db_col_text(s, 3), "update");
	db_done(s);
	/* A refused change is not logged (nothing was changed). */
	settings_personal bad = {.contact = {.phone = "1"}};
	assert_int_equal(settings_personal_save(&with, p, &bad, &pr), ST_INVALID);
	assert_int_equal(fx_log_entries(p), 3);
	/* Shortcuts and language are one's own: never someone else's, even with access. */
	ctx all = citizen(a, q, p, authz_citizen_all());
	assert_int_equal(settings_shortcuts(&all, p, &l), ST_DENIED);
	assert_int_equal(settings_language_save(&all, p, LOCALE_EN), ST_DENIED);
	/* Anonymous: nothing. */
	ctx anon = {.arena = a, .db = conf_conn, .now = 1790000000};
	assert_int_equal(settings_personal_get(&anon, p, &sp), ST_DENIED);
	arena_free(a);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(contact_details_round_trip),
    cmocka_unit_test(a_partial_address_is_refused_by_the_schema),
    cmocka_unit_test(about_me_counts_characters_not_bytes),
    cmocka_unit_test(notification_preferences),
    cmocka_unit_test(shortcuts_keep_their_order),
    cmocka_unit_test(ui_preference_upserts_keep_each_other),
    cmocka_unit_test(personal_settings_are_validated_and_kept),
    cmocka_unit_test(removing_the_phone_turns_sms_off),
    cmocka_unit_test(shortcuts_default_until_chosen),
    cmocka_unit_test(language_is_remembered),
    cmocka_unit_test(others_are_denied_or_logged),
};
CONF_GROUP(settings, tests)
