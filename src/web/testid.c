/* testid.c — TestID, the development login (dev mode only, like ID-porten's
 * test environment): pick one of the demo people or type a synthetic
 * identity number. It goes through the same post-login code as the real
 * providers (auth/login.c). Outside dev mode, and to any peer not on this
 * machine, every TestID route is 404. */
#include "auth/login.h"
#include "cli/demo.h"
#include "core/nin.h"
#include "web/pages.h"

static json_t *people_model(enum locale loc, bool staff)
{
	json_t *list = json_array();
	for (size_t i = 0; i < demo_people_count; i++) {
		const struct demo_person *p = &demo_people[i];
		if (p->staff != staff)
			continue;
		json_t *o = json_object();
		json_object_set_new(o, "nin", json_string(p->nin));
		json_object_set_new(o, "name", json_string(p->name));
		json_object_set_new(o, "description",
		                    json_string(loc == LOCALE_EN ? p->description_en : p->description_nb));
		json_array_append_new(list, o);
	}
	return list;
}

static void show(request *rq, reply *rp, const char *typed, const char *error_key)
{
	web_form_token(rq, rp);
	json_t *m = json_object();
	json_object_set_new(m, "citizens", people_model(rq->c->locale, false));
	json_object_set_new(m, "staff", people_model(rq->c->locale, true));
	if (typed != NULL)
		json_object_set_new(m, "typed", json_string(typed));
	if (error_key != NULL) {
		json_object_set_new(m, "error", json_true());
		json_object_set_new(m, error_key, json_true());
		rp->status = 400;
	}
	reply_page(rq, rp, "testid", m);
}

/* The dev door: open only in dev mode and only to a peer on this machine. */
static bool testid_open(const request *rq)
{
	return rq->site->dev && rq->peer_loopback;
}

void web_testid_page(request *rq, reply *rp)
{
	if (!testid_open(rq)) {
		reply_error(rq, rp, 404);
		return;
	}
	show(rq, rp, NULL, NULL);
}

/* The number typed or picked: validated here so a typo gets a plain answer. */
static const char *picked_number(request *rq, reply *rp)
{
	const char *nin = req_form(rq, "nin");
	if (nin == NULL || nin[0] == '\0') {
		show(rq, rp, "", "error_missing");
		return NULL;
	}
	nin_info info;
	if (nin_parse(nin, &info) != NIN_OK) {
		show(rq, rp, nin, "error_invalid");
		return NULL;
	}
	return nin;
}

/* A TestID login, as a citizen (at ID-porten's high level, as the real
 * provider would say) or as staff, ended as every login is (web/login.c). */
static void testid_login(request *rq, reply *rp, bool staff)
{
	if (!testid_open(rq)) {
		reply_error(rq, rp, 404);
		return;
	}
	const char *nin = picked_number(rq, rp);
	if (nin == NULL)
		return;
	login_identity id = {.provider = "testid", .pid = nin, .acr = staff ? NULL : "idporten-loa-high"};
	if (staff)
		web_login_staff(rq, rp, &id);
	else
		web_login_citizen(rq, rp, &id);
}

void web_testid_login(request *rq, reply *rp)
{
	testid_login(rq, rp, false);
}

void web_testid_staff_login(request *rq, reply *rp)
{
	testid_login(rq, rp, true);
}
