/* access.c (web) — representation pages (SPEC.md R1, R2, R5, R6): whom I can
 * act for and who can act for me, sharing my record, a parent's application
 * for a child, and choosing whose record to open. */
#include <string.h>

#include "domain/representation.h"
#include "web/i18n.h"
#include "web/pages.h"

static json_t *entry_model(request *rq, const repr_entry *e, int as)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(e->r.id));
	json_object_set_new(o, "end_url", json_string(url_for(rq->c->arena, web_access_end, e->r.id)));
	json_object_set_new(o, "person_id", json_integer(as == 0 ? e->r.represented_id : e->r.representative_id));
	json_object_set_new(o, "name", json_string(e->r.other_name));
	json_object_set_new(o, "kind", json_string(e->kind ? i18n_text(rq->c->locale, e->kind->label_key) : e->r.kind));
	json_object_set_new(o, "basis",
	                    json_string(i18n_text_code(rq->c->locale, rq->c->arena, "access.basis.", e->r.basis)));
	json_object_set_new(o, "valid_from", json_string(e->r.valid_from));
	if (e->r.valid_until != NULL)
		json_object_set_new(o, "valid_until", json_string(e->r.valid_until));
	json_object_set_new(o, "valid", json_boolean(e->state == REPR_VALID));
	json_object_set_new(
	    o, "state",
	    json_string(i18n_text_code(rq->c->locale, rq->c->arena, "access.state.", repr_state_code(e->state))));
	json_object_set_new(o, "open", json_boolean(rq->c->subject_id == e->r.represented_id));
	return o;
}

/* Whom the logged-in person acts for (as = 0) or who acts for them (as = 1). */
static status list_model(request *rq, int as, json_t **out)
{
	repr_entry rows[REPR_LIST_MAX];
	size_t n;
	status st = repr_overview(rq->c, rq->c->who.person_id, as, rows, REPR_LIST_MAX, &n);
	if (st != ST_OK)
		return st;
	*out = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(*out, entry_model(rq, &rows[i], as));
	return ST_OK;
}

static json_t *kinds_model(request *rq, const char *selected)
{
	json_t *list = json_array();
	for (size_t i = 0; i < access_kinds_count; i++) {
		const access_kind *k = &access_kinds[i];
		json_t *o = json_object();
		json_object_set_new(o, "name", json_string(k->name));
		json_object_set_new(o, "label", json_string(i18n_text(rq->c->locale, k->label_key)));
		json_object_set_new(o, "help", json_string(i18n_text(rq->c->locale, k->help_key)));
		json_object_set_new(o, "checked", json_boolean(selected ? strcmp(selected, k->name) == 0 : i == 0));
		json_array_append_new(list, o);
	}
	return list;
}

void web_access_page(request *rq, reply *rp)
{
	json_t *mine, *theirs;
	status st = list_model(rq, 0, &mine);
	if (reply_failed(rq, rp, st, NULL))
		return;
	if ((st = list_model(rq, 1, &theirs)) != ST_OK) {
		json_decref(mine);
		reply_status(rq, rp, st);
		return;
	}
	json_t *m = json_object();
	json_object_set_new(m, "for_others", mine);
	json_object_set_new(m, "for_me", theirs);
	json_object_set_new(m, "own", json_boolean(rq->c->subject_id == rq->c->who.person_id));
	json_object_set_new(m, "applications", web_capacity_mine(rq));
	static const char *const notices[] = {"granted", "ended", "parent", "applied"};
	for (size_t i = 0; i < ARRAY_LEN(notices); i++)
		if (req_query(rq, notices[i]) != NULL)
			json_object_set_new(m, notices[i], json_true());
	reply_page(rq, rp, "access", m);
}

void web_access_choose(request *rq, reply *rp)
{
	json_t *mine;
	status st = list_model(rq, 0, &mine);
	if (reply_failed(rq, rp, st, NULL))
		return;
	json_t *m = json_object();
	json_object_set_new(m, "for_others", mine);
	json_object_set_new(m, "self_id", json_integer(rq->c->who.person_id));
	json_object_set_new(m, "self_open", json_boolean(rq->c->subject_id == rq->c->who.person_id));
	reply_page(rq, rp, "access_choose", m);
}

void web_access_act(request *rq, reply *rp)
{
	int64_t id = 0;
	const char *v = req_form(rq, "person");
	if (v == NULL || !str_to_i64(v, &id) || id < 0) {
		reply_error(rq, rp, 400);
		return;
	}
	status st = repr_act_for(rq->c, id);
	if (reply_failed(rq, rp, st, NULL))
		return;
	reply_redirect(rq, rp, web_path(web_start));
}

void web_access_end(request *rq, reply *rp)
{
	status st = repr_end(rq->c, req_id(rq, "id"));
	if (reply_failed(rq, rp, st, NULL))
		return;
	reply_redirect(rq, rp, arena_printf(rq->c->arena, "%s?ended=1", web_path(web_access_page)));
}

static void grant_form(request *rq, reply *rp, enum grant_outcome why)
{
	json_t *m = json_object();
	const char *nin = req_form(rq, "nin"), *until = req_form(rq, "valid_until");
	const char *family = req_form(rq, "family_name");
	json_object_set_new(m, "nin", json_string(nin ? nin : ""));
	json_object_set_new(m, "family_name", json_string(family ? family : ""));
	json_object_set_new(m, "valid_until", json_string(until ? until : ""));
	json_object_set_new(m, "kinds", kinds_model(rq, req_form(rq, "kind")));
	if (why != GRANT_OK) {
		json_object_set_new(m, "error",
		                    json_string(i18n_text_code(rq->c->locale, rq->c->arena, "access.grant.error.",
		                                               grant_outcome_code(why))));
		json_object_set_new(m,
		                    why == GRANT_BAD_DATE   ? "error_date"
		                    : why == GRANT_BAD_KIND ? "error_kind"
		                    : why == GRANT_NO_NAME  ? "error_family_name"
		                                            : "error_nin",
		                    json_true());
		rp->status = why == GRANT_TOO_MANY ? 429 : 400;
	}
	reply_page(rq, rp, "access_grant", m);
}

void web_access_grant_form(request *rq, reply *rp)
{
	grant_form(rq, rp, GRANT_OK);
}

void web_access_grant(request *rq, reply *rp)
{
	const char *nin = req_form(rq, "nin"), *kind = req_form(rq, "kind"), *until = req_form(rq, "valid_until");
	const char *family = req_form(rq, "family_name");
	enum grant_outcome why;
	status st;
	if (req_form(rq, "confirm") == NULL) {
		const char *name = NULL;
		st = repr_grant_check(rq->c, nin, family, kind, until, &why, &name);
		if (st == ST_OK && why == GRANT_OK) {
			json_t *m = json_object();
			json_object_set_new(m, "nin", json_string(nin));
			json_object_set_new(m, "family_name", json_string(family));
			json_object_set_new(m, "name", json_string(name));
			json_object_set_new(m, "kind", json_string(kind));
			json_object_set_new(m, "kind_label",
			                    json_string(i18n_text(rq->c->locale, access_kind_find(kind)->label_key)));
			json_object_set_new(m, "valid_until", json_string(until ? until : ""));
			reply_page(rq, rp, "access_grant_confirm", m);
			return;
		}
	} else {
		int64_t id;
		st = repr_grant(rq->c, nin, family, kind, until, &why, &id);
		if (st == ST_OK && why == GRANT_OK) {
			reply_redirect(rq, rp, arena_printf(rq->c->arena, "%s?granted=1", web_path(web_access_page)));
			return;
		}
	}
	if (reply_failed(rq, rp, st, NULL))
		return;
	grant_form(rq, rp, why);
}

void web_access_parent_form(request *rq, reply *rp)
{
	reply_page(rq, rp, "access_parent", json_object());
}

void web_access_parent(request *rq, reply *rp)
{
	const char *nin = req_form(rq, "nin");
	enum parent_outcome why;
	int64_t id;
	status st = repr_parent_apply(rq->c, nin, &why, &id);
	if (reply_failed(rq, rp, st, NULL))
		return;
	if (why == PARENT_OK) {
		reply_redirect(rq, rp, arena_printf(rq->c->arena, "%s?parent=1", web_path(web_access_page)));
		return;
	}
	json_t *m = json_object();
	json_object_set_new(m, "nin", json_string(nin ? nin : ""));
	json_object_set_new(m, "refused",
	                    json_string(i18n_text_code(rq->c->locale, rq->c->arena, "access.parent.refused.",
	                                               parent_outcome_code(why))));
	json_object_set_new(m, "invalid", json_boolean(why == PARENT_INVALID_NUMBER));
	rp->status = why == PARENT_INVALID_NUMBER ? 400 : why == PARENT_TOO_MANY ? 429 : 403;
	reply_page(rq, rp, "access_parent", m);
}
