/* authz.c — the capability table, the one authorization function, and the
 * per-patient rule: staff use a capability on a patient only in the role they
 * hold at the patient's unit. */
#include "domain/authz.h"

#include <string.h>

#include "store/register.h"
#include "store/chart.h"

#define CLIN ROLE_CLINICIAN
#define OFF ROLE_OFFICE
#define CASE ROLE_CASEWORKER
#define SUP ROLE_SUPPORT
#define ADM ROLE_ADMIN

static const capability_info table[CAP_COUNT] = {
    [CAP_PUBLIC] = {"PUBLIC", "-", "public pages", true, CLIN | OFF | CASE | SUP | ADM},
    [CAP_A2_ACCOUNT] = {"A2_ACCOUNT", "A2", "account: deactivate, reactivate", true, 0},
    [CAP_A3_HOME] = {"A3_HOME", "A3", "home page", true, 0},
    [CAP_A4_SESSION] = {"A4_SESSION", "A4", "logout and session", true, CLIN | OFF | CASE | SUP | ADM},
    [CAP_S1_PERSONAL] = {"S1_PERSONAL", "S1", "personal information", true, 0},
    [CAP_S2_NOTIFICATIONS] = {"S2_NOTIFICATIONS", "S2", "notification preferences", true, 0},
    [CAP_S3_SHORTCUTS] = {"S3_SHORTCUTS", "S3", "shortcuts", true, 0},
    [CAP_S4_LANGUAGE] = {"S4_LANGUAGE", "S4", "language", true, CLIN | OFF | CASE | SUP | ADM},
    [CAP_C1_CARE_TEAM] = {"C1_CARE_TEAM", "C1", "my health contacts", true, 0},
    [CAP_P1_APPOINTMENTS] = {"P1_APPOINTMENTS", "P1", "appointments", true, 0},
    [CAP_P2_BOOK] = {"P2_BOOK", "P2", "book an appointment", true, 0},
    [CAP_P3_CHANGE] = {"P3_CHANGE", "P3", "change or cancel an appointment", true, 0},
    [CAP_P4_SHORT_NOTICE] = {"P4_SHORT_NOTICE", "P4", "short-notice offers", true, 0},
    [CAP_P5_VIDEO] = {"P5_VIDEO", "P5", "video consultation", true, CLIN},
    [CAP_P6_CHECK_IN] = {"P6_CHECK_IN", "P6", "e-check-in", true, 0},
    [CAP_P7_VISITS] = {"P7_VISITS", "P7", "visits and after-visit summaries", true, 0},
    [CAP_P8_STAYS_REFERRALS] = {"P8_STAYS_REFERRALS", "P8", "stays and referrals", true, 0},
    [CAP_M2_MESSAGES] = {"M2_MESSAGES", "M2", "messages", true, 0},
    [CAP_M3_ATTACHMENTS] = {"M3_ATTACHMENTS", "M3", "message attachments", true, CLIN | OFF | CASE | SUP},
    [CAP_U1_SUPPORT] = {"U1_SUPPORT", "U1", "user support requests", true, 0},
    [CAP_H1_MEDICATIONS] = {"H1_MEDICATIONS", "H1", "medications", true, 0},
    [CAP_H1_REQUESTS] = {"H1_REQUESTS", "H1", "request a renewal, comment on a medication", true, 0},
    [CAP_H2_RESULTS] = {"H2_RESULTS", "H2", "test results", true, 0},
    [CAP_H3_ALLERGIES] = {"H3_ALLERGIES", "H3", "allergies", true, 0},
    [CAP_H3_REQUEST] = {"H3_REQUEST", "H3", "ask for an allergy to be added", true, 0},
    [CAP_H4_VACCINES] = {"H4_VACCINES", "H4", "vaccines", true, 0},
    [CAP_H5_HEALTH_ISSUES] = {"H5_HEALTH_ISSUES", "H5", "health issues", true, 0},
    [CAP_H6_SUMMARY] = {"H6_SUMMARY", "H6", "health summary", true, 0},
    [CAP_K1_APPLY] = {"K1_APPLY", "K1", "apply for municipal services", true, 0},
    [CAP_K2_DECISIONS] = {"K2_DECISIONS", "K2", "decisions", true, 0},
    [CAP_K3_APPEAL] = {"K3_APPEAL", "K3", "appeals", true, 0},
    [CAP_D1_DOCUMENTS] = {"D1_DOCUMENTS", "D1", "document centre", true, 0},
    [CAP_D2_RECORD_ACCESS] = {"D2_RECORD_ACCESS", "D2", "request record access", true, 0},
    [CAP_D3_ACCESS_LOG] = {"D3_ACCESS_LOG", "D3", "access log", true, 0},
    [CAP_Q1_QUESTIONNAIRES] = {"Q1_QUESTIONNAIRES", "Q1", "questionnaires", true, CLIN},
    [CAP_Q3_ANSWER] = {"Q3_ANSWER", "Q3", "answer questionnaires", true, 0},
    [CAP_R1_GRANT] = {"R1_GRANT", "R1", "share my record", true, 0},
    [CAP_R2_PARENT_APPLY] = {"R2_PARENT_APPLY", "R2", "parents apply for access", true, 0},
    [CAP_R4_CAPACITY_APPLY] = {"R4_CAPACITY_APPLY", "R4", "apply for access to an adult lacking capacity", true, 0},
    [CAP_R5_OVERVIEW] = {"R5_OVERVIEW", "R5", "representation overview", true, 0},
    [CAP_R6_ACT_FOR] = {"R6_ACT_FOR", "R6", "act for someone", true, 0},
    [CAP_F1_FHIR] = {"F1_FHIR", "F1", "FHIR API", true, 0},
    [CAP_N1_NOTIFICATIONS] = {"N1_NOTIFICATIONS", "N1", "my notifications in the portal", true, 0},
    [CAP_W1_WORKSPACE] = {"W1_WORKSPACE", "W1", "staff workspace", false, CLIN | OFF | CASE | SUP | ADM},
    [CAP_W2_PATIENT_CHART] = {"W2_PATIENT_CHART", "W2", "find and open a patient's chart", false, CLIN | OFF},
    [CAP_W2_CLINICAL_RECORD] = {"W2_CLINICAL_RECORD", "W2",
                                "maintain the clinical record: problem list, allergies, medications, results, "
                                "visits, care team, confidential marks",
                                false, CLIN},
    [CAP_W2_SCHEDULES] = {"W2_SCHEDULES", "W2", "schedules and slots", false, CLIN | OFF},
    [CAP_W3_QUEUES] = {"W3_QUEUES", "W3", "work queues", false, CLIN | OFF | CASE | SUP},
    [CAP_W3_CLINICAL_QUEUES] = {"W3_CLINICAL_QUEUES", "W3",
                                "clinical queues: renewals, allergy requests, results, answered questionnaires", false,
                                CLIN},
    [CAP_M1_SEND] = {"M1_SEND", "M1", "send messages to citizens", false, CLIN | OFF | CASE | SUP},
    [CAP_M4_STAFF_MESSAGES] = {"M4_STAFF_MESSAGES", "M4", "staff message queues", false, CLIN | OFF | CASE | SUP},
    [CAP_M2_UNIT_SETTINGS] = {"M2_UNIT_SETTINGS", "M2",
                              "a unit's message topics, reply time and clinicians who accept new conversations", false,
                              CLIN | OFF},
    [CAP_K2_CASEWORK] = {"K2_CASEWORK", "K2", "decide municipal applications", false, CASE},
    [CAP_U1_SUPPORT_CASES] = {"U1_SUPPORT_CASES", "U1", "user-support cases", false, SUP},
    [CAP_R4_REVIEW] = {"R4_REVIEW", "R4", "review representation applications", false, CLIN | CASE},
    [CAP_ADMIN] = {"ADMIN", "-", "operate the installation", false, ADM},
    [CAP_K2_MAILBOX_RECEIPTS] = {"K2_MAILBOX_RECEIPTS", "K2", "the digital mailbox's read receipts", false, 0, true},
};

const capability_info *authz_info(enum capability cap)
{
	return cap < CAP_COUNT ? &table[cap] : NULL;
}

uint64_t authz_citizen_all(void)
{
	uint64_t all = 0;
	for (int c = 0; c < CAP_COUNT; c++)
		if (table[c].citizen)
			all |= CAP_BIT(c);
	return all;
}

status authz_check(const ctx *x, enum capability cap)
{
	if (cap >= CAP_COUNT)
		return ST_DENIED;
	if (cap == CAP_PUBLIC)
		return ST_OK;
	switch (x->who.kind) {
	case ACTOR_CITIZEN: return table[cap].citizen && (x->access & CAP_BIT(cap)) ? ST_OK : ST_DENIED;
	case ACTOR_STAFF: return (table[cap].staff_roles & x->who.roles) ? ST_OK : ST_DENIED;
	case ACTOR_SYSTEM:
	case ACTOR_ANONYMOUS: break;
	}
	return ST_DENIED;
}

status authz_staff(const ctx *x, enum capability cap)
{
	return x->who.kind == ACTOR_STAFF ? authz_check(x, cap) : ST_DENIED;
}

unsigned authz_roles_for(enum capability cap)
{
	return cap < CAP_COUNT ? table[cap].staff_roles : 0;
}

static const struct role_name {
	unsigned bit;
	const char *name;
} role_names[] = {
    {ROLE_CLINICIAN, "clinician"}, {ROLE_OFFICE, "office"}, {ROLE_CASEWORKER, "caseworker"},
    {ROLE_SUPPORT, "support"},     {ROLE_ADMIN, "admin"},
};

bool authz_role_holds(const char *role, enum capability cap)
{
	for (size_t i = 0; role != NULL && i < ARRAY_LEN(role_names); i++)
		if (strcmp(role_names[i].name, role) == 0)
			return (authz_roles_for(cap) & role_names[i].bit) != 0;
	return false;
}

/* What declared emergency access opens: the patient's chart and clinical
 * record for care, nothing that belongs to a unit's work (its queues) or to
 * someone else's case (representation applications). */
static const uint64_t EMERGENCY_CAPS =
    CAP_BIT(CAP_W2_PATIENT_CHART) | CAP_BIT(CAP_W2_CLINICAL_RECORD) | CAP_BIT(CAP_Q1_QUESTIONNAIRES);

const char *authz_emergency_role(const ctx *x)
{
	return x->who.roles & ROLE_CLINICIAN ? "clinician" : "office";
}

status authz_patient(const ctx *x, enum capability cap, int64_t patient_id, chart_access *out)
{
	*out = (chart_access){.patient_id = patient_id};
	if (authz_staff(x, cap) != ST_OK)
		return ST_DENIED;
	if (patient_id <= 0)
		return ST_NOT_FOUND;
	status st = store_staff_unit_for_patient(x->db, x->arena, x->who.staff_id, patient_id, authz_roles_for(cap),
	                                         &out->unit_id, &out->role);
	if (st != ST_NOT_FOUND)
		return st;
	bool shares;
	if ((st = store_staff_shares_unit(x->db, x->who.staff_id, patient_id, &shares)) != ST_OK)
		return st;
	if (shares)
		return ST_DENIED;
	if ((EMERGENCY_CAPS & CAP_BIT(cap)) == 0)
		return ST_NOT_FOUND;
	int64_t grant;
	if ((st = store_emergency_access_valid(x->db, x->who.staff_id, patient_id, x->now, &grant)) != ST_OK)
		return st;
	out->emergency = true;
	out->role = authz_emergency_role(x);
	return authz_role_holds(out->role, cap) ? ST_OK : ST_DENIED;
}

status authz_unit_role(const ctx *x, enum capability cap, int64_t staff_id, int64_t unit_id, const char **role)
{
	const char *held;
	bool any;
	status st = store_staff_role_at_unit(x->db, x->arena, staff_id, unit_id, authz_roles_for(cap), &held, &any);
	if (st == ST_OK && role != NULL)
		*role = held;
	return st == ST_NOT_FOUND && any ? ST_DENIED : st;
}
