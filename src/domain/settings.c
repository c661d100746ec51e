/* settings.c — the rules for a person's settings: who may read or change
 * them, what a valid change is, the defaults, and the access log for anyone
 * but the person themself. Every operation is one transaction. */
#include "domain/settings.h"

#include <string.h>

#include "domain/audit.h"
#include "domain/authz.h"
#include "domain/tx.h"

/* ---- fixed lists ------------------------------------------------------------ */

/* Norway's official languages first, then the languages most often needing
 * an interpreter in Norwegian health services, then other common ones. */
const char *const settings_languages[] = {
    "nb", "nn", "se", "sma", "smj", "en", "ar", "prs", "fa", "ku", "pl", "lt", "ro",
    "ru", "so", "ti", "tr",  "uk",  "ur", "vi", "th",  "zh", "es", "de", "fr", NULL,
};

static const char *const kind_codes[NOTIFY_KIND_COUNT] = {
    [NOTIFY_NEW_MESSAGE] = "new_message",
    [NOTIFY_TEST_RESULT] = "test_result",
    [NOTIFY_QUESTIONNAIRE] = "questionnaire",
    [NOTIFY_APPOINTMENT] = "appointment",
    [NOTIFY_SHORT_NOTICE_OFFER] = "short_notice_offer",
    [NOTIFY_LETTER] = "letter",
};

static const char *const channel_codes[CHANNEL_COUNT] = {
    [CHANNEL_IN_APP] = "in_app",
    [CHANNEL_SMS] = "sms",
    [CHANNEL_EMAIL] = "email",
};

/* What most people come for: their results, medicines and who has seen
 * their record. Appointments and messages join when they are built. */
const char *const settings_shortcut_defaults[] = {"health_summary", "results", "medications", "access_log", NULL};

const char *settings_notify_kind_code(enum notify_kind k)
{
	return (unsigned)k < NOTIFY_KIND_COUNT ? kind_codes[k] : NULL;
}

const char *settings_channel_code(enum notify_channel ch)
{
	return (unsigned)ch < CHANNEL_COUNT ? channel_codes[ch] : NULL;
}

/* A shortcut key's form: 1 to SETTINGS_SHORTCUT_KEY_MAX of [a-z0-9_]. */
static bool shortcut_key_ok(const char *key)
{
	size_t n = key != NULL ? strlen(key) : 0;
	if (n == 0 || n > SETTINGS_SHORTCUT_KEY_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((key[i] >= 'a' && key[i] <= 'z') || (key[i] >= '0' && key[i] <= '9') || key[i] == '_'))
			return false;
	return true;
}

/* ---- access ------------------------------------------------------------------ */

/* Whose settings a capability concerns: the open record (S1, S2) or the
 * person using the portal (S3, S4). */
static bool own_only(enum capability cap)
{
	return cap == CAP_S3_SHORTCUTS || cap == CAP_S4_LANGUAGE;
}

/* ST_OK when x may use cap on person_id's settings; *logged tells whether
 * the access log must record it. */
static status may(const ctx *x, enum capability cap, int64_t person_id, bool *logged)
{
	if (person_id <= 0 || authz_check(x, cap) != ST_OK)
		return ST_DENIED;
	if (own_only(cap) && person_id != x->who.person_id)
		return ST_DENIED;
	if (x->who.kind == ACTOR_CITIZEN && person_id != x->subject_id && person_id != x->who.person_id)
		return ST_DENIED;
	*logged = x->who.person_id != person_id;
	return ST_OK;
}

static const char *purpose_of(const ctx *x)
{
	switch (x->who.kind) {
	case ACTOR_CITIZEN: return "representation";
	case ACTOR_STAFF: return "support";
	case ACTOR_ANONYMOUS:
	case ACTOR_SYSTEM: break;
	}
	return "system";
}

/* What every transaction body gets besides the context: the person, and
 * the operation's own data. */
struct op {
	int64_t person_id;
	bool logged;
	const char *action, *what;
	const void *in; /* a change */
	void *out;      /* what a read fills */
	problems *problems;
	status (*body)(const ctx *x, struct op *o);
};

static status op_fn(ctx *x, void *args)
{
	struct op *o = args;
	status st = o->body(x, o);
	if (st != ST_OK || !o->logged)
		return st;
	return audit_record(x, o->person_id, o->action, o->what, NULL, purpose_of(x));
}

/* Runs body in one transaction after the access check: a read fills out, a
 * change (in != NULL) writes; either is logged when someone else's. */
static status run(const ctx *x, enum capability cap, int64_t person_id, const char *what,
                  status (*body)(const ctx *x, struct op *o), const void *in, void *out, problems *pr)
{
	bool write = in != NULL;
	struct op o = {.person_id = person_id,
	               .action = write ? "update" : "read",
	               .what = what,
	               .in = in,
	               .out = out,
	               .problems = pr,
	               .body = body};
	status st = may(x, cap, person_id, &o.logged);
	if (st != ST_OK)
		return st;
	return write ? domain_tx(x, true, op_fn, &o) : domain_read_tx(x, o.logged, op_fn, &o);
}

/* ---- checks ------------------------------------------------------------------ */

static bool digits(const char *s, size_t n)
{
	if (strlen(s) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* The shape form.c checks in full; here only what storage relies on. */
static bool email_plausible(const char *s)
{
	const char *at = strchr(s, '@');
	return at != NULL && at != s && strchr(at + 1, '@') == NULL && strchr(at + 1, '.') != NULL &&
	       strchr(s, ' ') == NULL && strlen(s) <= SETTINGS_EMAIL_MAX;
}

static bool language_known(const char *code)
{
	for (const char *const *l = settings_languages; *l != NULL; l++)
		if (strcmp(*l, code) == 0)
			return true;
	return false;
}

void settings_personal_check(const settings_personal *in, problems *out)
{
	const contact_details *c = &in->contact;
	bool any = c->street != NULL || c->postcode != NULL || c->city != NULL;
	if (any) {
		if (c->street == NULL)
			problems_add(out, "street", "settings.error.address_part", 0);
		if (c->postcode == NULL)
			problems_add(out, "postcode", "settings.error.address_part", 0);
		if (c->city == NULL)
			problems_add(out, "city", "settings.error.address_part", 0);
	}
	problems_check_text(out, "street", c->street, 0, SETTINGS_STREET_MAX, false);
	problems_check_text(out, "city", c->city, 0, SETTINGS_CITY_MAX, false);
	if (c->postcode != NULL && !digits(c->postcode, 4))
		problems_add(out, "postcode", "form.error.postcode", 0);
	if (c->email != NULL && !email_plausible(c->email))
		problems_add(out, "email", "form.error.email", 0);
	if (c->phone != NULL && !digits(c->phone, 8))
		problems_add(out, "phone", "form.error.phone", 0);
	const about_me *a = &in->about;
	if (a->preferred_language != NULL && !language_known(a->preferred_language))
		problems_add(out, "language", "form.error.choice", 0);
	problems_check_text(out, "note", a->note, 0, SETTINGS_NOTE_MAX, true);
}

/* ---- S1 ------------------------------------------------------------------------ */

static status personal_read(const ctx *x, struct op *o)
{
	settings_personal *out = o->out;
	arena *ar = x->arena;
	memset(out, 0, sizeof *out);
	status st = store_contact_get(x->db, ar, o->person_id, &out->contact);
	if (st != ST_OK && st != ST_NOT_FOUND)
		return st;
	st = store_about_get(x->db, ar, o->person_id, &out->about);
	if (st != ST_OK && st != ST_NOT_FOUND)
		return st;
	person p;
	if ((st = store_person_by_id(x->db, ar, o->person_id, &p)) != ST_OK)
		return st;
	out->confidential_address = p.confidential_address;
	if (!p.confidential_address && p.address_id != 0) {
		st = store_address_get(x->db, ar, p.address_id, &out->register_address);
		if (st != ST_OK && st != ST_NOT_FOUND)
			return st;
		out->has_register_address = st == ST_OK;
	}
	return ST_OK;
}

status settings_personal_get(const ctx *x, int64_t person_id, settings_personal *out)
{
	return run(x, CAP_S1_PERSONAL, person_id, "settings.personal", personal_read, NULL, out, NULL);
}

static status personal_write(const ctx *x, struct op *o)
{
	const settings_personal *in = o->in;
	contact_details cd = in->contact;
	cd.updated_at = x->now;
	about_me am = in->about;
	am.updated_at = x->now;
	status st = store_contact_put(x->db, o->person_id, &cd);
	if (st == ST_OK)
		st = store_about_put(x->db, o->person_id, &am);
	/* A channel without its contact detail could never deliver. */
	if (st == ST_OK && cd.phone == NULL)
		st = store_notification_channel_off(x->db, o->person_id, "sms");
	if (st == ST_OK && cd.email == NULL)
		st = store_notification_channel_off(x->db, o->person_id, "email");
	return st;
}

status settings_personal_save(const ctx *x, int64_t person_id, const settings_personal *in, problems *pr)
{
	bool logged;
	if (may(x, CAP_S1_PERSONAL, person_id, &logged) != ST_OK)
		return ST_DENIED;
	problems local = {0};
	problems *p = pr != NULL ? pr : &local;
	p->n = 0;
	settings_personal_check(in, p);
	if (p->n > 0)
		return ST_INVALID;
	return run(x, CAP_S1_PERSONAL, person_id, "settings.personal", personal_write, in, NULL, NULL);
}

/* ---- S2 ------------------------------------------------------------------------ */

static bool kind_parse(const char *s, enum notify_kind *out)
{
	for (int k = 0; k < NOTIFY_KIND_COUNT; k++) {
		if (strcmp(kind_codes[k], s) == 0) {
			*out = (enum notify_kind)k;
			return true;
		}
	}
	return false;
}

static bool channel_parse(const char *s, enum notify_channel *out)
{
	for (int ch = 0; ch < CHANNEL_COUNT; ch++) {
		if (strcmp(channel_codes[ch], s) == 0) {
			*out = (enum notify_channel)ch;
			return true;
		}
	}
	return false;
}

/* The stored preferences over the defaults, and which channels can deliver. */
static status notifications_load(const ctx *x, struct op *o, settings_notifications *out)
{
	memset(out, 0, sizeof *out);
	for (int k = 0; k < NOTIFY_KIND_COUNT; k++)
		out->on[k][CHANNEL_IN_APP] = true;
	notification_pref *prefs;
	size_t n;
	status st = store_notification_prefs(x->db, x->arena, o->person_id, &prefs, &n);
	if (st != ST_OK)
		return st;
	for (size_t i = 0; i < n; i++) {
		enum notify_kind k;
		enum notify_channel ch;
		/* Rows of kinds no longer offered are left alone. */
		if (kind_parse(prefs[i].kind, &k) && channel_parse(prefs[i].channel, &ch))
			out->on[k][ch] = prefs[i].enabled;
	}
	contact_details cd;
	st = store_contact_get(x->db, x->arena, o->person_id, &cd);
	if (st == ST_OK) {
		out->has_phone = cd.phone != NULL;
		out->has_email = cd.email != NULL;
	} else if (st != ST_NOT_FOUND) {
		return st;
	}
	return ST_OK;
}

status settings_notifications_of(const ctx *x, int64_t person_id, settings_notifications *out)
{
	struct op o = {.person_id = person_id};
	return notifications_load(x, &o, out);
}

static status notifications_read(const ctx *x, struct op *o)
{
	return notifications_load(x, o, o->out);
}

status settings_notifications_get(const ctx *x, int64_t person_id, settings_notifications *out)
{
	return run(x, CAP_S2_NOTIFICATIONS, person_id, "settings.notifications", notifications_read, NULL, out, NULL);
}

static status notifications_write(const ctx *x, struct op *o)
{
	const settings_notifications *in = o->in;
	settings_notifications now;
	status st = notifications_load(x, o, &now);
	if (st != ST_OK)
		return st;
	/* Checked inside the transaction: the contact details are read here. */
	bool sms = false, email = false;
	for (int k = 0; k < NOTIFY_KIND_COUNT; k++) {
		sms = sms || in->on[k][CHANNEL_SMS];
		email = email || in->on[k][CHANNEL_EMAIL];
	}
	/* One message per field: both missing get one that names both. */
	bool no_phone = sms && !now.has_phone, no_email = email && !now.has_email;
	if (no_phone && no_email)
		problems_add(o->problems, "notify", "settings.error.channels_need_contact", 0);
	else if (no_phone)
		problems_add(o->problems, "notify", "settings.error.sms_needs_phone", 0);
	else if (no_email)
		problems_add(o->problems, "notify", "settings.error.email_needs_address", 0);
	if (o->problems->n > 0)
		return ST_INVALID;
	for (int k = 0; k < NOTIFY_KIND_COUNT && st == ST_OK; k++)
		for (int ch = 0; ch < CHANNEL_COUNT && st == ST_OK; ch++)
			st = store_notification_pref_put(x->db, o->person_id, kind_codes[k], channel_codes[ch],
			                                 in->on[k][ch]);
	return st;
}

status settings_notifications_save(const ctx *x, int64_t person_id, const settings_notifications *in, problems *pr)
{
	problems local = {0};
	problems *p = pr != NULL ? pr : &local;
	p->n = 0;
	return run(x, CAP_S2_NOTIFICATIONS, person_id, "settings.notifications", notifications_write, in, NULL, p);
}

/* ---- S3 ------------------------------------------------------------------------ */

static status shortcuts_read(const ctx *x, struct op *o)
{
	settings_shortcut_list *out = o->out;
	out->count = 0;
	ui_preference up;
	status st = store_ui_preference_get(x->db, x->arena, o->person_id, &up);
	if (st != ST_OK && st != ST_NOT_FOUND)
		return st;
	if (st == ST_NOT_FOUND || !up.shortcuts_chosen) {
		for (size_t i = 0; settings_shortcut_defaults[i] != NULL; i++)
			out->keys[out->count++] = settings_shortcut_defaults[i];
		return ST_OK;
	}
	const char **items;
	size_t n;
	if ((st = store_shortcuts(x->db, x->arena, o->person_id, &items, &n)) != ST_OK)
		return st;
	for (size_t i = 0; i < n && out->count < SETTINGS_SHORTCUT_ITEMS; i++)
		out->keys[out->count++] = items[i];
	return ST_OK;
}

status settings_shortcuts(const ctx *x, int64_t person_id, settings_shortcut_list *out)
{
	return run(x, CAP_S3_SHORTCUTS, person_id, "settings.shortcuts", shortcuts_read, NULL, out, NULL);
}

struct shortcut_change {
	const char *const *keys;
	size_t n;
};

static status shortcuts_write(const ctx *x, struct op *o)
{
	const struct shortcut_change *ch = o->in;
	status st = store_shortcuts_clear(x->db, o->person_id);
	for (size_t i = 0; i < ch->n && st == ST_OK; i++)
		st = store_shortcut_add(x->db, o->person_id, (int)i + 1, ch->keys[i]);
	if (st == ST_OK)
		st = store_ui_shortcuts_chosen_set(x->db, o->person_id, x->now);
	return st;
}

status settings_shortcuts_save(const ctx *x, int64_t person_id, const char *const *keys, size_t n, problems *pr)
{
	bool logged;
	if (may(x, CAP_S3_SHORTCUTS, person_id, &logged) != ST_OK)
		return ST_DENIED;
	problems local = {0};
	problems *p = pr != NULL ? pr : &local;
	p->n = 0;
	if (n > SETTINGS_SHORTCUTS_MAX) {
		problems_add(p, "show", "form.error.too_many", SETTINGS_SHORTCUTS_MAX);
		return ST_INVALID;
	}
	for (size_t i = 0; i < n; i++) {
		bool twice = false;
		for (size_t j = 0; j < i; j++)
			twice = twice || strcmp(keys[i], keys[j]) == 0;
		if (!shortcut_key_ok(keys[i]) || twice) {
			problems_add(p, "show", "form.error.choice", 0);
			return ST_INVALID;
		}
	}
	struct shortcut_change ch = {keys, n};
	return run(x, CAP_S3_SHORTCUTS, person_id, "settings.shortcuts", shortcuts_write, &ch, NULL, NULL);
}

/* ---- S4 ------------------------------------------------------------------------ */

static status language_read(const ctx *x, struct op *o)
{
	enum locale *out = o->out;
	ui_preference up;
	status st = store_ui_preference_get(x->db, x->arena, o->person_id, &up);
	if (st != ST_OK)
		return st;
	if (up.lang == NULL)
		return ST_NOT_FOUND;
	*out = strcmp(up.lang, "en") == 0 ? LOCALE_EN : LOCALE_NB;
	return ST_OK;
}

status settings_language(const ctx *x, int64_t person_id, enum locale *out)
{
	return run(x, CAP_S4_LANGUAGE, person_id, "settings.language", language_read, NULL, out, NULL);
}

static status language_write(const ctx *x, struct op *o)
{
	const enum locale *loc = o->in;
	return store_ui_lang_set(x->db, o->person_id, *loc == LOCALE_EN ? "en" : "nb", x->now);
}

status settings_language_save(const ctx *x, int64_t person_id, enum locale loc)
{
	if ((unsigned)loc >= LOCALE_COUNT)
		return ST_INVALID;
	return run(x, CAP_S4_LANGUAGE, person_id, "settings.language", language_write, &loc, NULL, NULL);
}
