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
 * the staff member and lists itself here with the capability that works it;
 * each queue holds only items of units where a role of theirs holds it. */
static const struct staff_queue {
	const char *path;
	const char *label_key;
	enum capability cap;
} staff_queues[] = {
    {"renewals", "staff.queue.renewals", CAP_W3_CLINICAL_QUEUES},
    {"allergies", "staff.queue.allergies", CAP_W3_CLINICAL_QUEUES},
    {"results", "staff.queue.results", CAP_W3_CLINICAL_QUEUES},
    {"questionnaires", "staff.queue.questionnaires", CAP_W3_CLINICAL_QUEUES},
    {"representation", "staff.queue.representation", CAP_R4_REVIEW},
};

static json_t *queues_model(const ctx *x)
{
	json_t *list = json_array();
	for (size_t i = 0; i < ARRAY_LEN(staff_queues); i++) {
		const struct staff_queue *q = &staff_queues[i];
		if (authz_check(x, q->cap) != ST_OK)
			continue;
		json_t *o = json_object();
		json_object_set_new(o, "url", json_sprintf("/staff/queues/%s", q->path));
		json_object_set_new(o, "label", json_string(i18n_text(x->locale, q->label_key)));
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
	json_object_set_new(m, "queues", queues_model(rq->c));
	reply_page(rq, rp, "staff_home", m);
}
