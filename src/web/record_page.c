/* record_page.c — helpers the record areas' pages share. */
#include "web/record_page.h"

#include <stdio.h>
#include <string.h>

#include "domain/access_log.h"
#include "web/i18n.h"

void rec_citizen_error(request *rq, reply *rp, status st)
{
	reply_error(rq, rp, st == ST_DENIED || st == ST_NOT_FOUND ? 404 : 500);
}

void rec_staff_error(request *rq, reply *rp, status st)
{
	reply_error(rq, rp, st == ST_DENIED ? 403 : st == ST_NOT_FOUND ? 404 : st == ST_CONFLICT ? 409 : 500);
}

json_t *rec_str(const char *s)
{
	json_t *j = json_string(s != NULL ? s : "");
	return j != NULL ? j : json_string("");
}

json_t *rec_label(arena *a, enum locale loc, const char *prefix, const char *code)
{
	if (code == NULL)
		return json_string("");
	return rec_str(i18n_text(loc, arena_printf(a, "%s.%s", prefix, code)));
}

json_t *rec_patient_model(const record_patient *p)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(p->who.id));
	json_object_set_new(o, "name", json_sprintf("%s %s", p->who.given_name, p->who.family_name));
	json_object_set_new(o, "nin", rec_str(p->who.nin));
	json_object_set_new(o, "birth_date", rec_str(p->who.birth_date));
	json_object_set_new(o, "emergency", json_boolean(p->access.emergency));
	json_object_set_new(o, "chart_url", json_sprintf("/staff/patients/%lld", (long long)p->who.id));
	return o;
}

void rec_problems_into(form *f, const record_problems *pr)
{
	for (size_t i = 0; i < pr->n; i++)
		form_add_error(f, pr->items[i].field, pr->items[i].key, pr->items[i].max);
}

void rec_refused(request *rq, reply *rp, json_t *m, const form *f, const char *page)
{
	enum locale loc = rq->c->locale;
	char key[80];
	snprintf(key, sizeof key, "%s.title", page);
	const char *title = i18n_find(loc, key);
	json_object_set_new(m, "title", json_sprintf("%s: %s", i18n_text(loc, "form.error.title"),
	                                             title != NULL ? title : ""));
	form_model_into(m, f, loc);
	rp->status = 400;
}
