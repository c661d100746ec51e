/* authz.h — authorization in one place (ARCHITECTURE.md rule 2). Capabilities
 * are named after SPEC.md's ids; every route declares the one it serves, and
 * every handler's data access is checked by authz_check before it happens. */
#ifndef HELSAMI_AUTHZ_H
#define HELSAMI_AUTHZ_H

#include <stdint.h>

#include "core/ctx.h"
#include "core/core.h"

enum capability {
	CAP_PUBLIC = 0, /* no login needed: start page, static files, login */
	CAP_A2_ACCOUNT,
	CAP_A3_HOME,
	CAP_A4_SESSION,
	CAP_S1_PERSONAL,
	CAP_S2_NOTIFICATIONS,
	CAP_S3_SHORTCUTS,
	CAP_S4_LANGUAGE,
	CAP_C1_CARE_TEAM,
	CAP_P1_APPOINTMENTS,
	CAP_P2_BOOK,
	CAP_P3_CHANGE,
	CAP_P4_SHORT_NOTICE,
	CAP_P5_VIDEO,
	CAP_P6_CHECK_IN,
	CAP_P7_VISITS,
	CAP_P8_STAYS_REFERRALS,
	CAP_M2_MESSAGES,
	CAP_M3_ATTACHMENTS,
	CAP_U1_SUPPORT,
	CAP_H1_MEDICATIONS,
	CAP_H1_REQUESTS,
	CAP_H2_RESULTS,
	CAP_H3_ALLERGIES,
	CAP_H3_REQUEST,
	CAP_H4_VACCINES,
	CAP_H5_HEALTH_ISSUES,
	CAP_H6_SUMMARY,
	CAP_K1_APPLY,
	CAP_K2_DECISIONS,
	CAP_K3_APPEAL,
	CAP_D1_DOCUMENTS,
	CAP_D2_RECORD_ACCESS,
	CAP_D3_ACCESS_LOG,
	CAP_Q1_QUESTIONNAIRES,
	CAP_Q3_ANSWER,
	CAP_R1_GRANT,
	CAP_R2_PARENT_APPLY,
	CAP_R4_CAPACITY_APPLY,
	CAP_R5_OVERVIEW,
	CAP_R6_ACT_FOR,
	CAP_F1_FHIR,
	CAP_N1_NOTIFICATIONS,
	/* staff capabilities */
	CAP_W1_WORKSPACE,
	CAP_W2_PATIENT_CHART,
	CAP_W2_CLINICAL_RECORD,
	CAP_W2_SCHEDULES,
	CAP_W3_QUEUES,
	CAP_W3_CLINICAL_QUEUES,
	CAP_M1_SEND,
	CAP_M4_STAFF_MESSAGES,
	CAP_M2_UNIT_SETTINGS,
	CAP_K2_CASEWORK,
	CAP_U1_SUPPORT_CASES,
	CAP_R4_REVIEW,
	CAP_ADMIN,
	/* The digital mailbox provider's read receipts (K2): held by no person;
	 * a WHO_PROVIDER route, authenticated by the provider's secret. */
	CAP_K2_MAILBOX_RECEIPTS,
	CAP_COUNT
};

_Static_assert(CAP_COUNT <= 64, "capabilities must fit the 64-bit access mask");

#define CAP_BIT(c) ((uint64_t)1 << (c))

typedef struct capability_info {
	const char *name;     /* the enum's name without CAP_, e.g. "H2_RESULTS" (tests' policy table) */
	const char *id;       /* SPEC.md id, e.g. "H2" */
	const char *what;     /* a few words for docs and test reports */
	bool citizen;         /* a citizen may hold it over their own (or a represented) record */
	unsigned staff_roles; /* enum staff_role bits that hold it */
	bool provider;        /* another system's, by its secret (http/router.h, WHO_PROVIDER); no person's */
} capability_info;

const capability_info *authz_info(enum capability cap);

/* Every citizen capability: what a citizen holds over their own record. */
uint64_t authz_citizen_all(void);

/* Whether the context's actor may use cap now. ST_OK or ST_DENIED; an
 * anonymous actor is denied everything but CAP_PUBLIC. A citizen needs the
 * capability in ctx->access (their own record: all; a represented person's:
 * what the access kind grants); staff need a role, at some unit, that holds
 * it. For a patient's data that is necessary, not enough: authz_patient
 * decides by the role held at the patient's unit. */
status authz_check(const ctx *x, enum capability cap);

/* authz_check for staff only: ST_DENIED for anyone else. */
status authz_staff(const ctx *x, enum capability cap);

/* The staff roles (enum staff_role bits) that hold cap. */
unsigned authz_roles_for(enum capability cap);
/* Whether the staff role named as stored ("clinician", "office", ...) holds cap. */
bool authz_role_holds(const char *role, enum capability cap);

/* The role a member of staff acts in under emergency access: their clinical
 * role if they hold one anywhere (it is declared outside their units, by
 * health personnel, for care), else office. */
const char *authz_emergency_role(const ctx *x);

/* The per-unit role rule for a unit's own pages, and for naming a
 * colleague there: the role staff_id holds at unit_id that holds cap.
 * ST_OK with it in *role (role may be NULL); ST_DENIED when they work there
 * only in other roles; ST_NOT_FOUND when they do not work there at all (the
 * unit is not theirs to know). Reads only. */
status authz_unit_role(const ctx *x, enum capability cap, int64_t staff_id, int64_t unit_id, const char **role);

/* Why a member of staff may touch a patient's data: the unit they share
 * and the role they hold there, or emergency access (unit 0). */
typedef struct chart_access {
	int64_t patient_id;
	int64_t unit_id;  /* the unit shared with the patient; 0 under emergency access */
	const char *role; /* the staff role it is used in: "clinician", "office", ... */
	bool emergency;
} chart_access;

/* May the staff member in x, in the role they hold at the patient's unit,
 * use cap on this patient now? ST_OK with the basis in *out: a unit they
 * share with the patient where one of their roles holds cap, or, when they
 * share no unit at all, a valid emergency access in their clinical role
 * (which opens only the chart, the clinical record and questionnaires:
 * never a unit's queues or representation applications).
 * ST_DENIED when they share a unit but no role there holds cap (or they are
 * not staff, or hold cap nowhere); ST_NOT_FOUND when the patient is in none
 * of their units and no emergency access is valid (answer 404: existence is
 * not revealed). Reads only. Roles held at other units never count. */
status authz_patient(const ctx *x, enum capability cap, int64_t patient_id, chart_access *out);

#endif
