/* home_record.c (web) — what the record areas add to the citizen's home
 * page (SPEC.md A3): the newest vaccines from the immunisation registry,
 * stays in municipal institutions, and referrals and patient pathways,
 * a few of each with a link to the full page. web/home.c calls
 * web_home_record with its model. */
#include "domain/summary.h"
#include "domain/visits.h"
#include "web/pages.h"
#include "web/record_page.h"

/* A home page shows a glimpse; the pages behind the links show all. */
enum { HOME_ITEMS = 3 };

static void add_vaccines(request *rq, json_t *m)
{
	vaccination *list;
	size_t n;
	if (summary_vaccines_newest(rq->c, HOME_ITEMS, &list, &n) != ST_OK)
		return;
	arena *a = rq->c->arena;
	enum locale loc = rq->c->locale;
	json_t *arr = json_array();
	for (size_t i = 0; i < n && i < HOME_ITEMS; i++) {
		json_t *o = json_object();
		json_object_set_new(o, "name", rec_str(list[i].vaccine_name));
		json_object_set_new(o, "given_on", rec_str(i18n_date_text(a, loc, list[i].given_on)));
		json_object_set_new(o, "given_on_iso", rec_str(list[i].given_on));
		json_array_append_new(arr, o);
	}
	json_object_set_new(m, "home_vaccines", arr);
	json_object_set_new(m, "home_has_vaccines", json_boolean(n > 0));
}

static void add_stays_referrals(request *rq, json_t *m)
{
	stay *stays;
	referral *refs;
	size_t ns, nr;
	if (visits_stays_referrals(rq->c, &stays, &ns, &refs, &nr) != ST_OK)
		return;
	arena *a = rq->c->arena;
	enum locale loc = rq->c->locale;
	json_t *arr = json_array();
	for (size_t i = 0; i < ns && i < HOME_ITEMS; i++) {
		json_t *o = json_object();
		json_object_set_new(o, "unit", rec_str(stays[i].unit_name));
		json_object_set_new(o, "kind", rec_label(a, loc, "stays.kind", stays[i].kind));
		json_object_set_new(o, "from", rec_str(i18n_date_text(a, loc, stays[i].from_date)));
		json_object_set_new(o, "to", rec_str(i18n_date_text(a, loc, stays[i].to_date)));
		json_array_append_new(arr, o);
	}
	json_object_set_new(m, "home_stays", arr);
	json_object_set_new(m, "home_has_stays", json_boolean(ns > 0));
	arr = json_array();
	for (size_t i = 0; i < nr && i < HOME_ITEMS; i++) {
		json_t *o = json_object();
		json_object_set_new(o, "to", rec_str(refs[i].to_unit_name));
		json_object_set_new(o, "status", rec_label(a, loc, "referrals.status", refs[i].status));
		json_object_set_new(o, "pathway", rec_str(refs[i].pathway));
		json_array_append_new(arr, o);
	}
	json_object_set_new(m, "home_referrals", arr);
	json_object_set_new(m, "home_has_referrals", json_boolean(nr > 0));
}

void web_home_record(request *rq, json_t *m)
{
	add_vaccines(rq, m);
	add_stays_referrals(rq, m);
}
