/* settings.c (web) — the settings pages (SPEC.md S1–S4): personal
 * information and details about me, notification preferences, shortcuts
 * and language. Each page is a GET that shows the stored values and a POST
 * that parses the declared fields (web/form.h), lets domain/settings.c check
 * and store them, and redirects back with ?saved=1; a refused change is
 * shown again with status 400, an error summary and a message per field, in
 * the user's language. Ordering shortcuts works without JavaScript: every
 * "move" button submits the whole form; the shortcuts offered are the
 * areas of web/menu.c that may be shortcuts and that the reader may open. */
#include <stdio.h>
#include <string.h>

#include "domain/settings.h"
#include "web/form.h"
#include "web/i18n.h"
#include "web/menu.h"
#include "web/pages.h"
#include "web/record_page.h"

/* ---- shared ----------------------------------------------------------------- */

/* The one query parameter a settings page takes. */
static const form_field saved_query[] = {
    {"saved", FORM_BOOL, .label = "settings.saved"},
};

/* Reads ?saved=1; false (and a 400 page) for any other query. */
static bool read_saved(request *rq, reply *rp, bool *saved)
{
	form q;
	if (form_parse(rq->c->arena, saved_query, ARRAY_LEN(saved_query), &rq->query, &q) != ST_OK) {
		reply_error(rq, rp, 400);
		return false;
	}
	*saved = form_bool(&q, "saved");
	return true;
}

/* A settings page after a save: ?saved=1, and at the item with the id
 * s-ANCHOR when anchor is not NULL. */
static const char *saved_url(arena *a, web_handler page, const char *anchor)
{
	const char *url = arena_printf(a, "%s?saved=1", web_path(page));
	return anchor != NULL ? arena_printf(a, "%s#s-%s", url, anchor) : url;
}

/* The model every settings page starts from: which page the settings menu
 * marks as current, and whether a change was just saved. */
static json_t *page_model(const char *current, bool saved)
{
	json_t *m = json_object();
	json_object_set_new(m, current, json_true());
	json_object_set_new(m, "saved", json_boolean(saved));
	return m;
}

/* ---- S1: personal information ----------------------------------------------- */

static const form_field personal_fields[] = {
    {"street", FORM_TEXT, .label = "settings.personal.street", .max = SETTINGS_STREET_MAX},
    {"postcode", FORM_POSTCODE, .label = "settings.personal.postcode"},
    {"city", FORM_TEXT, .label = "settings.personal.city", .max = SETTINGS_CITY_MAX, .charset = FORM_CHARS_NAME},
    {"email", FORM_EMAIL, .label = "settings.personal.email", .max = SETTINGS_EMAIL_MAX},
    {"phone", FORM_PHONE, .label = "settings.personal.phone"},
    {"language", FORM_ENUM, .label = "settings.personal.language", .choices = settings_languages},
    {"interpreter", FORM_BOOL, .label = "settings.personal.interpreter"},
    {"note", FORM_TEXT, .label = "settings.personal.note", .max = SETTINGS_NOTE_MAX, .charset = FORM_CHARS_MULTILINE},
};

/* A stored phone number as Norwegians write it: mobile numbers (4 and 9)
 * as 412 34 567, others as 22 12 34 56. */
static const char *phone_display(arena *a, const char *p)
{
	if (p == NULL || strlen(p) != 8)
		return p;
	if (p[0] == '4' || p[0] == '9')
		return arena_printf(a, "%.3s %.2s %.3s", p, p + 3, p + 5);
	return arena_printf(a, "%.2s %.2s %.2s %.2s", p, p + 2, p + 4, p + 6);
}

static json_t *languages_model(enum locale loc, const form *f)
{
	json_t *list = json_array();
	const form_value *v = form_get(f, "language");
	for (const char *const *code = settings_languages; *code != NULL; code++) {
		char key[32];
		snprintf(key, sizeof key, "language.%s", *code);
		json_array_append_new(list, rec_option(*code, json_string(i18n_text(loc, key)), v->raw));
	}
	return list;
}

static void personal_page(request *rq, reply *rp, json_t *m, const form *f, const settings_personal *sp)
{
	enum locale loc = rq->c->locale;
	rec_form_into(m, f, loc);
	json_t *reg = json_object();
	json_object_set_new(reg, "confidential", json_boolean(sp->confidential_address));
	if (sp->has_register_address) {
		const address *a = &sp->register_address;
		json_object_set_new(reg, "address", json_sprintf("%s, %s %s", a->street, a->postcode, a->city));
	}
	json_object_set_new(m, "register", reg);
	json_object_set_new(m, "languages", languages_model(loc, f));
	json_object_set_new(m, "note_max", json_integer(SETTINGS_NOTE_MAX));
	reply_page(rq, rp, "settings_personal", m);
}

void web_settings_personal(request *rq, reply *rp)
{
	bool saved;
	if (!read_saved(rq, rp, &saved))
		return;
	settings_personal sp;
	status st = settings_personal_get(rq->c, rq->c->subject_id, &sp);
	if (reply_failed(rq, rp, st, NULL))
		return;
	arena *a = rq->c->arena;
	form f;
	form_init(a, personal_fields, ARRAY_LEN(personal_fields), &f);
	form_set(&f, "street", sp.contact.street);
	form_set(&f, "postcode", sp.contact.postcode);
	form_set(&f, "city", sp.contact.city);
	form_set(&f, "email", sp.contact.email);
	form_set(&f, "phone", phone_display(a, sp.contact.phone));
	form_set(&f, "language", sp.about.preferred_language);
	form_set(&f, "interpreter", sp.about.interpreter ? "on" : NULL);
	form_set(&f, "note", sp.about.note);
	personal_page(rq, rp, page_model("nav_personal", saved), &f, &sp);
}

void web_settings_personal_save(request *rq, reply *rp)
{
	ctx *x = rq->c;
	form f;
	status parsed = form_parse(x->arena, personal_fields, ARRAY_LEN(personal_fields), &rq->form, &f);
	settings_personal in = {
	    .contact = {.street = form_text(&f, "street"),
	                .postcode = form_text(&f, "postcode"),
	                .city = form_text(&f, "city"),
	                .email = form_text(&f, "email"),
	                .phone = form_text(&f, "phone")},
	    .about = {.preferred_language = form_text(&f, "language"),
	              .interpreter = form_bool(&f, "interpreter"),
	              .note = form_text(&f, "note")},
	};
	problems pr = {0};
	/* The rules across fields, for the fields that parsed, so every problem
	 * shows at once. */
	settings_personal_check(&in, &pr);
	form_add_problems(&f, &pr);
	status st = parsed == ST_OK && f.nerrors == 0 ? settings_personal_save(x, x->subject_id, &in, &pr) : ST_INVALID;
	if (!reply_posted(rq, rp, st, saved_url(x->arena, web_settings_personal, NULL)))
		return;
	form_add_problems(&f, &pr);
	settings_personal sp;
	if ((st = settings_personal_get(x, x->subject_id, &sp)) != ST_OK) {
		reply_status(rq, rp, st);
		return;
	}
	json_t *m = page_model("nav_personal", false);
	rec_refused(rq, rp, m, &f, "settings_personal");
	personal_page(rq, rp, m, &f, &sp);
}

/* ---- S2: notifications ------------------------------------------------------- */

/* Every kind:channel pair, kind by kind in enum order (domain/settings.h). */
static const char *const notify_choices[] = {
    "new_message:in_app",
    "new_message:sms",
    "new_message:email",
    "test_result:in_app",
    "test_result:sms",
    "test_result:email",
    "questionnaire:in_app",
    "questionnaire:sms",
    "questionnaire:email",
    "appointment:in_app",
    "appointment:sms",
    "appointment:email",
    "short_notice_offer:in_app",
    "short_notice_offer:sms",
    "short_notice_offer:email",
    "letter:in_app",
    "letter:sms",
    "letter:email",
    NULL,
};

_Static_assert(ARRAY_LEN(notify_choices) == NOTIFY_KIND_COUNT * CHANNEL_COUNT + 1, "one choice per kind and channel");

static const form_field notify_fields[] = {
    {"notify", FORM_ENUM, .flags = FORM_REPEATED, .label = "settings.notifications.heading", .choices = notify_choices,
     .max_count = NOTIFY_KIND_COUNT * CHANNEL_COUNT},
};

static const char *choice_of(int k, int ch)
{
	return notify_choices[k * CHANNEL_COUNT + ch];
}

static void notifications_page(request *rq, reply *rp, json_t *m, const form *f, const settings_notifications *sn)
{
	enum locale loc = rq->c->locale;
	arena *a = rq->c->arena;
	rec_form_into(m, f, loc);
	json_t *kinds = json_array();
	for (int k = 0; k < NOTIFY_KIND_COUNT; k++) {
		const char *kind = settings_notify_kind_code((enum notify_kind)k);
		json_t *channels = json_array();
		for (int ch = 0; ch < CHANNEL_COUNT; ch++) {
			const char *channel = settings_channel_code((enum notify_channel)ch);
			bool missing = (ch == CHANNEL_SMS && !sn->has_phone) || (ch == CHANNEL_EMAIL && !sn->has_email);
			json_t *o = json_object();
			json_object_set_new(o, "id", json_string(arena_printf(a, "n-%s-%s", kind, channel)));
			json_object_set_new(o, "value", json_string(choice_of(k, ch)));
			json_object_set_new(
			    o, "label", json_string(i18n_text(loc, arena_printf(a, "settings.channel.%s", channel))));
			json_object_set_new(o, "checked", json_boolean(sn->on[k][ch]));
			/* A channel without its contact detail cannot be chosen; the
			 * page says why and links to where it is given. */
			json_object_set_new(o, "disabled", json_boolean(missing && !sn->on[k][ch]));
			json_object_set_new(o, "needs",
			                    json_string(!missing            ? ""
			                                : ch == CHANNEL_SMS ? "needs-phone"
			                                                    : "needs-email"));
			json_array_append_new(channels, o);
		}
		json_t *o = json_object();
		json_object_set_new(o, "kind", json_string(kind));
		json_object_set_new(o, "label", json_string(i18n_text(loc, arena_printf(a, "settings.kind.%s", kind))));
		json_object_set_new(o, "channels", channels);
		json_array_append_new(kinds, o);
	}
	json_object_set_new(m, "kinds", kinds);
	json_object_set_new(m, "has_phone", json_boolean(sn->has_phone));
	json_object_set_new(m, "has_email", json_boolean(sn->has_email));
	reply_page(rq, rp, "settings_notifications", m);
}

void web_settings_notifications(request *rq, reply *rp)
{
	bool saved;
	if (!read_saved(rq, rp, &saved))
		return;
	settings_notifications sn;
	status st = settings_notifications_get(rq->c, rq->c->subject_id, &sn);
	if (reply_failed(rq, rp, st, NULL))
		return;
	form f;
	form_init(rq->c->arena, notify_fields, ARRAY_LEN(notify_fields), &f);
	notifications_page(rq, rp, page_model("nav_notifications", saved), &f, &sn);
}

void web_settings_notifications_save(request *rq, reply *rp)
{
	ctx *x = rq->c;
	form f;
	status st = form_parse(x->arena, notify_fields, ARRAY_LEN(notify_fields), &rq->form, &f);
	settings_notifications in = {0};
	for (int k = 0; k < NOTIFY_KIND_COUNT; k++)
		for (int ch = 0; ch < CHANNEL_COUNT; ch++)
			in.on[k][ch] = form_has(&f, "notify", choice_of(k, ch));
	problems pr = {0};
	if (st == ST_OK)
		st = settings_notifications_save(x, x->subject_id, &in, &pr);
	if (!reply_posted(rq, rp, st, saved_url(x->arena, web_settings_notifications, NULL)))
		return;
	form_add_problems(&f, &pr);
	settings_notifications now;
	if ((st = settings_notifications_get(x, x->subject_id, &now)) != ST_OK) {
		reply_status(rq, rp, st);
		return;
	}
	/* Show what was sent, with what can deliver as it is now. */
	memcpy(now.on, in.on, sizeof now.on);
	json_t *m = page_model("nav_notifications", false);
	rec_refused(rq, rp, m, &f, "settings_notifications");
	notifications_page(rq, rp, m, &f, &now);
}

/* ---- S3: shortcuts ------------------------------------------------------------ */

/* The form, its choices being the areas that may be shortcuts (web/menu.c);
 * filled into the caller's array, which must outlive the form. */
enum { SHORTCUT_FIELDS = 4 };

static void shortcut_fields(arena *a, form_field out[SHORTCUT_FIELDS])
{
	const char *const *keys = menu_shortcut_keys(a);
	/* Every item as shown, in order: the order the page had. */
	out[0] = (form_field){"order",
	                      FORM_ENUM,
	                      .flags = FORM_REPEATED,
	                      .label = "settings.shortcuts.heading",
	                      .choices = keys,
	                      .max_count = MENU_AREAS_MAX};
	/* The checked ones. */
	out[1] = (form_field){"show",
	                      FORM_ENUM,
	                      .flags = FORM_REPEATED,
	                      .label = "settings.shortcuts.legend",
	                      .choices = keys,
	                      .max_count = MENU_AREAS_MAX};
	/* The move buttons: one item up or down among the checked. */
	out[2] = (form_field){"up", FORM_ENUM, .label = "settings.shortcuts.heading", .choices = keys};
	out[3] = (form_field){"down", FORM_ENUM, .label = "settings.shortcuts.heading", .choices = keys};
}

/* Whether key is a shortcut this reader may have: an area that exists, may
 * be a shortcut, and that they may open. */
static bool shortcut_offered(request *rq, const char *key)
{
	const area *a = menu_area(key);
	return a != NULL && (a->flags & AREA_SHORTCUT) && menu_area_open(rq, a);
}

static json_t *shortcut_item(request *rq, const char *key, size_t pos, size_t count)
{
	enum locale loc = rq->c->locale;
	json_t *o = json_object();
	json_object_set_new(o, "key", json_string(key));
	json_object_set_new(o, "id", json_string(arena_printf(rq->c->arena, "s-%s", key)));
	json_object_set_new(o, "label", json_string(i18n_text(loc, menu_area(key)->label)));
	json_object_set_new(o, "pos", json_integer((json_int_t)pos + 1));
	json_object_set_new(o, "up", json_boolean(count > 0 && pos > 0));
	json_object_set_new(o, "down", json_boolean(count > 0 && pos + 1 < count));
	return o;
}

/* The chosen items in order, then the others in menu order; only areas
 * offered to this reader (a stored key of an area not built yet is not
 * shown, and is dropped at the next save). */
static void shortcuts_page(request *rq, reply *rp, json_t *m, const form *f, const char *const *chosen, size_t n)
{
	rec_form_into(m, f, rq->c->locale);
	const char *shown[MENU_AREAS_MAX];
	size_t count = 0;
	for (size_t i = 0; i < n && count < MENU_AREAS_MAX; i++)
		if (shortcut_offered(rq, chosen[i]))
			shown[count++] = chosen[i];
	json_t *mine = json_array(), *others = json_array();
	for (size_t i = 0; i < count; i++)
		json_array_append_new(mine, shortcut_item(rq, shown[i], i, count));
	for (const char *const *k = menu_shortcut_keys(rq->c->arena); *k != NULL; k++) {
		bool in = false;
		for (size_t i = 0; i < count && !in; i++)
			in = strcmp(shown[i], *k) == 0;
		if (!in && shortcut_offered(rq, *k))
			json_array_append_new(others, shortcut_item(rq, *k, 0, 0));
	}
	json_object_set_new(m, "chosen", mine);
	json_object_set_new(m, "others", others);
	json_object_set_new(m, "max", json_integer(SETTINGS_SHORTCUTS_MAX));
	reply_page(rq, rp, "settings_shortcuts", m);
}

void web_settings_shortcuts(request *rq, reply *rp)
{
	bool saved;
	if (!read_saved(rq, rp, &saved))
		return;
	settings_shortcut_list l;
	status st = settings_shortcuts(rq->c, rq->c->who.person_id, &l);
	if (reply_failed(rq, rp, st, NULL))
		return;
	form_field fields[SHORTCUT_FIELDS];
	shortcut_fields(rq->c->arena, fields);
	form f;
	form_init(rq->c->arena, fields, SHORTCUT_FIELDS, &f);
	shortcuts_page(rq, rp, page_model("nav_shortcuts", saved), &f, l.keys, l.count);
}

/* The checked items in the order the page showed them (items missing from
 * that order, from an old page, go last in menu order). */
static size_t chosen_in_order(request *rq, const form *f, const char **out)
{
	const form_value *order = form_get(f, "order");
	const char *const *keys = menu_shortcut_keys(rq->c->arena);
	size_t nkeys = 0;
	while (keys[nkeys] != NULL)
		nkeys++;
	size_t n = 0;
	for (size_t pass = 0; pass < 2; pass++) {
		const char *const *list = pass == 0 ? order->items : keys;
		size_t len = pass == 0 ? order->count : nkeys;
		for (size_t i = 0; i < len; i++) {
			bool dup = false;
			for (size_t j = 0; j < n && !dup; j++)
				dup = strcmp(out[j], list[i]) == 0;
			if (!dup && form_has(f, "show", list[i]) && shortcut_offered(rq, list[i]) && n < MENU_AREAS_MAX)
				out[n++] = list[i];
		}
	}
	return n;
}

static void move(const char **items, size_t n, const char *key, int by)
{
	for (size_t i = 0; key != NULL && i < n; i++) {
		if (strcmp(items[i], key) != 0)
			continue;
		size_t j = by < 0 ? i - 1 : i + 1;
		if ((by < 0 && i == 0) || j >= n)
			return;
		const char *t = items[i];
		items[i] = items[j];
		items[j] = t;
		return;
	}
}

void web_settings_shortcuts_save(request *rq, reply *rp)
{
	ctx *x = rq->c;
	form_field fields[SHORTCUT_FIELDS];
	shortcut_fields(x->arena, fields);
	form f;
	status st = form_parse(x->arena, fields, SHORTCUT_FIELDS, &rq->form, &f);
	const char *chosen[MENU_AREAS_MAX];
	size_t n = chosen_in_order(rq, &f, chosen);
	const char *up = form_text(&f, "up"), *down = form_text(&f, "down");
	move(chosen, n, up, -1);
	move(chosen, n, down, +1);
	problems pr = {0};
	if (st == ST_OK)
		st = settings_shortcuts_save(x, x->who.person_id, chosen, n, &pr);
	if (!reply_posted(rq, rp, st, saved_url(x->arena, web_settings_shortcuts, up != NULL ? up : down)))
		return;
	form_add_problems(&f, &pr);
	json_t *m = page_model("nav_shortcuts", false);
	rec_refused(rq, rp, m, &f, "settings_shortcuts");
	shortcuts_page(rq, rp, m, &f, chosen, n);
}

/* ---- S4: language -------------------------------------------------------------- */

static const char *const ui_languages[] = {"nb", "en", NULL};

static const form_field language_fields[] = {
    {"language", FORM_ENUM, .flags = FORM_REQUIRED, .label = "settings.language.legend", .choices = ui_languages},
};

static void language_page(request *rq, reply *rp, json_t *m, const form *f, enum locale chosen)
{
	rec_form_into(m, f, rq->c->locale);
	json_object_set_new(m, "is_nb", json_boolean(chosen == LOCALE_NB));
	json_object_set_new(m, "is_en", json_boolean(chosen == LOCALE_EN));
	reply_page(rq, rp, "settings_language", m);
}

void web_settings_language(request *rq, reply *rp)
{
	bool saved;
	if (!read_saved(rq, rp, &saved))
		return;
	enum locale chosen;
	status st = settings_language(rq->c, rq->c->who.person_id, &chosen);
	if (st == ST_NOT_FOUND)
		chosen = rq->c->locale; /* never chosen: what the page is shown in */
	else if (st != ST_OK) {
		reply_status(rq, rp, st);
		return;
	}
	form f;
	form_init(rq->c->arena, language_fields, ARRAY_LEN(language_fields), &f);
	language_page(rq, rp, page_model("nav_language", saved), &f, chosen);
}

void web_settings_language_save(request *rq, reply *rp)
{
	ctx *x = rq->c;
	form f;
	status st = form_parse(x->arena, language_fields, ARRAY_LEN(language_fields), &rq->form, &f);
	enum locale loc = x->locale;
	if (st == ST_OK && !i18n_locale_parse(form_text(&f, "language"), &loc))
		st = ST_INVALID;
	if (st == ST_OK)
		st = settings_language_save(x, x->who.person_id, loc);
	/* The dispatcher's own language cookie, so the choice takes effect at
	 * once and outlives the session; the account keeps it as well. */
	if (st == ST_OK)
		reply_language_cookie(rq, rp, loc);
	if (!reply_posted(rq, rp, st, saved_url(x->arena, web_settings_language, NULL)))
		return;
	json_t *m = page_model("nav_language", false);
	rec_refused(rq, rp, m, &f, "settings_language");
	language_page(rq, rp, m, &f, x->locale);
}
