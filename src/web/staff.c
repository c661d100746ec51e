/* staff.c (web) — the staff workspace's front page (SPEC.md W1): who is
 * logged in, in which units and roles. The areas of the workspace (patients,
 * queues, schedules) arrive with their issues. */
#include "domain/authz.h"
#include "web/menu.h"
#include "web/pages.h"

/* {"clinician": true, ...} for the template to show each role held. */
static json_t *roles_model(unsigned roles)
{
	static const struct {
		unsigned bit;
		const char *key;
	} names[] = {{ROLE_CLINICIAN, "clinician"},
	             {ROLE_OFFICE, "office"},
	             {ROLE_CASEWORKER, "caseworker"},
	             {ROLE_SUPPORT, "support"},
	             {ROLE_ADMIN, "admin"}};
	json_t *flags = json_object();
	for (size_t i = 0; i < ARRAY_LEN(names); i++)
		if (roles & names[i].bit)
			json_object_set_new(flags, names[i].key, json_true());
	return flags;
}

void web_staff_home(request *rq, reply *rp)
{
	status st = authz_check(rq->c, CAP_W1_WORKSPACE);
	if (reply_failed(rq, rp, st, NULL))
		return;
	json_t *m = json_object();
	json_object_set_new(m, "roles", roles_model(rq->c->who.roles));
	json_object_set_new(m, "patients", json_boolean(authz_check(rq->c, CAP_W2_PATIENT_CHART) == ST_OK));
	/* The operator's page (N2): linked here, not in the menu of areas. */
	if (authz_check(rq->c, CAP_ADMIN) == ST_OK)
		json_object_set_new(m, "outbox", json_string(web_path(web_staff_outbox)));
	/* The work queues (W3) are areas of web/menu.c: each holds only items of
	 * units where a role of theirs holds its capability. */
	json_object_set_new(m, "queues", menu_links(rq, AREA_STAFF | AREA_QUEUE));
	reply_page(rq, rp, "staff_home", m);
}
