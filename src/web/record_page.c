/* record_page.c — helpers the record areas' pages share (record_page.h). */
#include "web/record_page.h"

#include <stdio.h>
#include <string.h>

#include "domain/access_log.h"
#include "web/i18n.h"
#include "web/pages.h"

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

json_t *rec_patient_model(arena *a, const record_patient *p)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(p->who.id));
	json_object_set_new(o, "name", json_sprintf("%s %s", p->who.given_name, p->who.family_name));
	json_object_set_new(o, "nin", rec_str(p->who.nin));
	json_object_set_new(o, "birth_date", rec_str(p->who.birth_date));
	json_object_set_new(o, "emergency", json_boolean(p->access.emergency));
	json_object_set_new(o, "chart_url", rec_str(url_for(a, web_staff_chart, p->who.id)));
	return o;
}

json_t *rec_when(arena *a, enum locale loc, unix_time t)
{
	char iso[21];
	time_format(t, iso);
	json_t *o = json_object();
	json_object_set_new(o, "iso", rec_str(iso));
	json_object_set_new(o, "text", rec_str(i18n_time_text(a, loc, t)));
	return o;
}

json_t *rec_paragraphs(const char *text)
{
	json_t *arr = json_array();
	const char *p = text ? text : "";
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		size_t k = n;
		while (k > 0 && (p[k - 1] == ' ' || p[k - 1] == '\t' || p[k - 1] == '\r'))
			k--;
		if (k > 0) {
			json_t *s = json_stringn(p, k);
			json_array_append_new(arr, s != NULL ? s : json_string(""));
		}
		p += n;
		if (*p == '\n')
			p++;
	}
	return arr;
}

bool rec_query_choice(request *rq, reply *rp, const char *name, const char *const *choices, const char **out)
{
	/* The label is never shown: a query that does not parse answers 400. */
	const form_field field = {name, FORM_ENUM, .label = "record.done", .choices = choices};
	form q;
	if (form_parse(rq->c->arena, &field, 1, &rq->query, &q) != ST_OK) {
		reply_error(rq, rp, 400);
		return false;
	}
	*out = form_text(&q, name);
	return true;
}

json_t *rec_done_model(request *rq, reply *rp, const char *const *choices)
{
	const char *done;
	if (!rec_query_choice(rq, rp, "done", choices, &done))
		return NULL;
	json_t *m = json_object();
	if (done != NULL)
		json_object_set_new(m, arena_printf(rq->c->arena, "done_%s", done), json_true());
	return m;
}

void rec_row_urls(arena *a, json_t *list, const char *key, web_handler h, int64_t patient_id)
{
	size_t i;
	json_t *o;
	json_array_foreach(list, i, o)
	{
		int64_t id = (int64_t)json_integer_value(json_object_get(o, "id"));
		json_object_set_new(o, key, rec_str(url_for(a, h, patient_id, id)));
	}
}

const char *rec_done_url(arena *a, web_handler h, int64_t id, const char *done)
{
	return arena_printf(a, "%s?done=%s", url_for(a, h, id), done);
}

json_t *rec_option(const char *code, json_t *label, const char *chosen)
{
	json_t *o = json_object();
	json_object_set_new(o, "code", rec_str(code));
	json_object_set_new(o, "label", label);
	json_object_set_new(o, "selected", json_boolean(str_eq(chosen, code)));
	return o;
}

json_t *rec_id_option(arena *a, int64_t id, json_t *label, const char *chosen)
{
	return rec_option(arena_printf(a, "%lld", (long long)id), label, chosen);
}

json_t *rec_choices(arena *a, enum locale loc, const char *prefix, const char *const *codes, const char *selected)
{
	json_t *arr = json_array();
	for (const char *const *c = codes; *c != NULL; c++)
		json_array_append_new(arr, rec_option(*c, rec_label(a, loc, prefix, *c), selected));
	return arr;
}

json_t *rec_unit_choices(arena *a, const unit_choice *units, size_t n, const char *chosen)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, rec_id_option(a, units[i].id, rec_str(units[i].name), chosen));
	return arr;
}

const char *rec_raw(const form *f, const char *name)
{
	const form_value *v = f != NULL ? form_get(f, name) : NULL;
	return v != NULL ? v->raw : NULL;
}

void rec_form_fields(json_t *m, const char *key, const form *f, enum locale loc)
{
	json_t *fm = json_object();
	form_model_into(fm, f, loc);
	json_object_set(m, key, json_object_get(fm, "f"));
	json_decref(fm);
}

void rec_refused(request *rq, reply *rp, json_t *m, const form *f, const char *page)
{
	enum locale loc = rq->c->locale;
	char key[80];
	snprintf(key, sizeof key, "%s.title", page);
	const char *title = i18n_find(loc, key);
	json_object_set_new(m, "title",
	                    json_sprintf("%s: %s", i18n_text(loc, "form.error.title"), title != NULL ? title : ""));
	form_model_into(m, f, loc);
	rp->status = 400;
}

void rec_form_into(json_t *m, const form *f, enum locale loc)
{
	if (json_object_get(m, "f") == NULL)
		form_model_into(m, f, loc);
}

json_t *rec_posted(request *rq, reply *rp, status st, const char *next, form *f, const problems *pr, const char *page)
{
	form_add_problems(f, pr);
	if (!reply_posted(rq, rp, st, next))
		return NULL;
	json_t *m = json_object();
	rec_refused(rq, rp, m, f, page);
	return m;
}
