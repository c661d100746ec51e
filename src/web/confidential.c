/* confidential.c (web) — GET/POST /staff/patients/:id/confidential: a
 * clinician marks items of a 12–15-year-old's record as confidential for the
 * child, hiding them from the parents. */
#include "domain/confidential.h"
#include "web/i18n.h"
#include "web/pages.h"

void web_confidential_page(request *rq, reply *rp)
{
	int64_t id = req_id(rq, "id");
	marked_item *rows = arena_alloc(rq->c->arena, CONFIDENTIAL_ITEMS_MAX * sizeof *rows);
	size_t n = 0;
	status st = confidential_list(rq->c, id, rows, CONFIDENTIAL_ITEMS_MAX, &n);
	if (reply_failed(rq, rp, st, NULL))
		return;
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();
		json_object_set_new(o, "area", json_string(rows[i].area));
		json_object_set_new(
		    o, "area_label",
		    json_string(
		        i18n_text(rq->c->locale, arena_printf(rq->c->arena, "confidential.area.%s", rows[i].area))));
		json_object_set_new(o, "id", json_integer(rows[i].id));
		json_object_set_new(o, "label", json_string(rows[i].label));
		json_object_set_new(o, "hidden", json_boolean(rows[i].hidden));
		json_array_append_new(list, o);
	}
	json_t *m = json_object();
	json_object_set_new(m, "action", json_string(url_for(rq->c->arena, web_confidential_set, id)));
	json_object_set_new(m, "chart_url", json_string(url_for(rq->c->arena, web_staff_chart, id)));
	json_object_set_new(m, "items", list);
	json_object_set_new(m, "saved", json_boolean(req_query(rq, "saved") != NULL));
	reply_page(rq, rp, "staff_confidential", m);
}

void web_confidential_set(request *rq, reply *rp)
{
	int64_t id = req_id(rq, "id");
	int64_t item;
	const char *hidden = req_form(rq, "hidden");
	if (!str_to_i64(req_form(rq, "item") ? req_form(rq, "item") : "", &item) ||
	    (!str_eq(hidden, "1") && !str_eq(hidden, "0"))) {
		reply_error(rq, rp, 400);
		return;
	}
	status st = confidential_set(rq->c, id, req_form(rq, "area"), item, str_eq(hidden, "1"));
	if (reply_failed(rq, rp, st, NULL))
		return;
	arena *a = rq->c->arena;
	reply_redirect(rq, rp, arena_printf(a, "%s?saved=1", url_for(a, web_confidential_page, id)));
}
