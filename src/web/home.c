/* home.c — GET / for a logged-in citizen: the home page (SPEC.md A3) with
 * personal details from the register and what exists for this person, with
 * empty states until the areas that fill them arrive, under the reader's
 * shortcuts. Anonymous visitors get the start page; staff go to their
 * workspace. */
#include "domain/account.h"
#include "domain/home.h"
#include "domain/settings.h"
#include "web/menu.h"
#include "web/pages.h"
#include "web/record_page.h"

static json_t *person_model(const home_overview *o)
{
	json_t *p = json_object();
	json_object_set_new(p, "name", json_sprintf("%s %s", o->who.given_name, o->who.family_name));
	json_object_set_new(p, "nin", json_string(o->who.nin));
	json_object_set_new(p, "birth_date", json_string(o->who.birth_date));
	json_object_set_new(p, "age", json_integer(o->age));
	json_object_set_new(p, "confidential_address", json_boolean(o->who.confidential_address));
	if (o->has_address) {
		json_t *a = json_object();
		json_object_set_new(a, "street", json_string(o->addr.street));
		json_object_set_new(a, "postcode", json_string(o->addr.postcode));
		json_object_set_new(a, "city", json_string(o->addr.city));
		json_object_set_new(p, "address", a);
	}
	return p;
}

/* The shortcuts (S3) at the top, in the reader's order, each shown only if
 * it leads to an area that exists and that the open record's capabilities
 * let the reader open (web/menu.c). Shortcuts are the reader's own: someone
 * acting for another person may not read them there (S3 is one's own), so
 * the defaults stand in, under the same rule. */
static json_t *shortcuts_model(request *rq)
{
	settings_shortcut_list list = {0};
	json_t *out = json_array();
	status st = settings_shortcuts(rq->c, rq->c->who.person_id, &list);
	if (st == ST_DENIED) {
		for (size_t i = 0; i < SETTINGS_SHORTCUT_ITEMS && settings_shortcut_defaults[i] != NULL; i++)
			list.keys[list.count++] = settings_shortcut_defaults[i];
	} else if (st != ST_OK) {
		return out;
	}
	for (size_t i = 0; i < list.count; i++) {
		const area *a = menu_area(list.keys[i]);
		json_t *link = a != NULL && (a->flags & AREA_SHORTCUT) ? menu_link(rq, a->key) : NULL;
		if (link != NULL)
			json_array_append_new(out, link);
	}
	return out;
}

static void home(request *rq, reply *rp)
{
	bool deactivated = false;
	status st = account_is_deactivated(rq->c, rq->c->who.person_id, &deactivated);
	if (reply_failed(rq, rp, st, NULL))
		return;
	if (deactivated) {
		reply_redirect(rq, rp, web_path(web_account_page));
		return;
	}
	home_overview o;
	if ((st = home_overview_get(rq->c, &o)) != ST_OK) {
		reply_status(rq, rp, st);
		return;
	}
	json_t *m = json_object();
	json_object_set_new(m, "person", person_model(&o));
	json_object_set_new(m, "own", json_boolean(rq->c->who.person_id == rq->c->subject_id));
	json_t *shortcuts = shortcuts_model(rq);
	json_object_set_new(m, "has_shortcuts", json_boolean(json_array_size(shortcuts) > 0));
	json_object_set_new(m, "shortcuts", shortcuts);
	web_home_record(rq, m);
	web_home_appointments(rq, m);
	web_home_questionnaires(rq, m);
	reply_page(rq, rp, "home", m);
}

void web_start(request *rq, reply *rp)
{
	switch (rq->c->who.kind) {
	case ACTOR_CITIZEN: home(rq, rp); return;
	case ACTOR_STAFF: reply_redirect(rq, rp, web_path(web_staff_home)); return;
	case ACTOR_ANONYMOUS:
	case ACTOR_SYSTEM: break;
	}
	json_t *m = json_object();
	json_object_set_new(m, "logged_out", json_boolean(req_query(rq, "logged_out") != NULL));
	json_object_set_new(m, "deactivated", json_boolean(req_query(rq, "deactivated") != NULL));
	reply_page(rq, rp, "start", m);
}
