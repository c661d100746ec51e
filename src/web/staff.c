/* staff.c (web) — the staff workspace's front page (SPEC.md W1): who is
 * logged in, in which units and roles. The areas of the workspace (patients,
 * queues, schedules) arrive with their issues. */
#include "domain/authz.h"
#include "web/i18n.h"
#include "web/pages.h"

/* {"clinician": true, ...} for the template to show each role held. */
static json_t *roles_model(unsigned roles)
{
	static const struct {
		unsigned bit;
		const char *key;
	} names[] = {{ROLE_CLINICIAN, "clinician"}, {ROLE_OFFICE, "office"}, {ROLE_CASEWORKER, "caseworker"},
	             {ROLE_SUPPORT, "support"},     {ROLE_ADMIN, "admin"}};
	json_t *flags = json_object();
	for (size_t i = 0; i < ARRAY_LEN(names); i++)
		if (roles & names[i].bit)
			json_object_set_new(flags, names[i].key, json_true());
	return flags;
}

/* The work queues (W3): each area serves /staff/queues/PATH for the units of
 * the staff member and lists itself here with the roles that work it. */
static const struct staff_queue {
	const char *path;
	const char *label_key;
	unsigned roles;
} staff_queues[] = {
    {"renewals", "staff.queue.renewals", ROLE_CLINICIAN},
    {"allergies", "staff.queue.allergies", ROLE_CLINICIAN},
    {"results", "staff.queue.results", ROLE_CLINICIAN},
    {"questionnaires", "staff.queue.questionnaires", ROLE_CLINICIAN},
    {"representation", "staff.queue.representation", ROLE_CLINICIAN | ROLE_CASEWORKER},
};

static json_t *queues_model(enum locale loc, unsigned roles)
{
	json_t *list = json_array();
	for (size_t i = 0; i < ARRAY_LEN(staff_queues); i++) {
		const struct staff_queue *q = &staff_queues[i];
		if (q->path == NULL || (q->roles & roles) == 0)
			continue;
		json_t *o = json_object();
		json_object_set_new(o, "url", json_sprintf("/staff/queues/%s", q->path));
		json_object_set_new(o, "label", json_string(i18n_text(loc, q->label_key)));
		json_array_append_new(list, o);
	}
	return list;
}

void web_staff_home(request *rq, reply *rp)
{
	if (authz_check(rq->c, CAP_W1_WORKSPACE) != ST_OK) {
		reply_error(rq, rp, 403);
		return;
	}
	json_t *m = json_object();
	json_object_set_new(m, "roles", roles_model(rq->c->who.roles));
	json_object_set_new(m, "patients", json_boolean(authz_check(rq->c, CAP_W2_PATIENT_CHART) == ST_OK));
	json_object_set_new(m, "queues", queues_model(rq->c->locale, rq->c->who.roles));
	reply_page(rq, rp, "staff_home", m);
}
