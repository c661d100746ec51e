/* record_access.c — requests for access to the record (SPEC.md D2): the
 * citizen's request with its receipt, the clinicians' queue, the extract
 * composed from the chosen parts of the unit's record for the period (the
 * letter job makes its PDF), and the refusal. Letters are in Norwegian
 * bokmål, like the municipality's other letters. */
#include "domain/record_access.h"

#include <string.h>

#include "domain/authz.h"
#include "domain/audit.h"
#include "domain/documents.h"
#include "domain/queue.h"
#include "domain/representation.h"
#include "domain/tx.h"
#include "store/medications.h"
#include "store/results.h"
#include "store/store.h"
#include "store/summary.h"
#include "store/visits.h"

#define WHAT "record_access"

const char *const record_access_parts[] = {"visits",   "allergies", "health_issues", "medications", "results",
                                           "vaccines", "stays",     "referrals",     NULL};
const char *const record_access_refusals[] = {"danger_to_life_or_health", "regard_for_others", NULL};

/* The parts as the letters name them, in the order of record_access_parts. */
static const char *const part_names_nb[] = {"Besøk og journalnotater",
                                            "Allergier",
                                            "Helseproblemer",
                                            "Legemidler",
                                            "Prøvesvar",
                                            "Vaksiner",
                                            "Opphold",
                                            "Henvisninger"};

static const char *refusal_text_nb(const char *code)
{
	if (str_eq(code, "danger_to_life_or_health"))
		return "Innsyn er påtrengende nødvendig å nekte for å hindre fare for liv eller alvorlig helseskade "
		       "for deg (pasient- og brukerrettighetsloven § 5-1 andre ledd).";
	return "Innsyn er klart utilrådelig av hensyn til personer som står deg nær "
	       "(pasient- og brukerrettighetsloven § 5-1 andre ledd).";
}

static bool has_part(const char *parts, const char *code)
{
	size_t n = strlen(code);
	for (const char *p = parts; p != NULL && *p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL)
		if (strncmp(p, code, n) == 0 && (p[n] == ',' || p[n] == '\0'))
			return true;
	return false;
}

/* "Besøk og journalnotater, Allergier" for the request's parts. */
static const char *parts_nb(arena *a, const char *parts)
{
	const char *out = "";
	for (size_t i = 0; record_access_parts[i] != NULL; i++)
		if (has_part(parts, record_access_parts[i]))
			out = *out ? arena_printf(a, "%s, %s", out, part_names_nb[i]) : part_names_nb[i];
	return out;
}

static const char *due_date(const ctx *x)
{
	char out[11];
	date_format(date_from_days(date_to_days(date_in_oslo(x->now)) + RECORD_ACCESS_DUE_DAYS), out);
	return arena_strdup(x->arena, out);
}

bool record_access_overdue(const ctx *x, const record_access_request *r)
{
	return str_eq(r->status, "received") && strcmp(record_today(x), r->due_date) > 0;
}

static letter_head head_of(const ctx *x, const record_access_request *r, const char *kind)
{
	return (letter_head){.patient_id = r->patient_id,
	                     .unit_id = r->unit_id,
	                     .kind = kind,
	                     .unit_name = r->unit_name,
	                     .unit_phone = r->unit_phone,
	                     .municipality = r->municipality,
	                     .reference = arena_printf(x->arena, "Innsynsbegjæring nr. %lld", (long long)r->id)};
}

static const char *period_nb(const ctx *x, const record_access_request *r)
{
	return arena_printf(x->arena, "%s til %s", documents_date_nb(x->arena, r->from_date),
	                    documents_date_nb(x->arena, r->to_date));
}

/* ---- the citizen -------------------------------------------------------------------------- */

static status fetch_units(ctx *x, const void *arg, void *list, size_t *n, bool *more)
{
	(void)arg;
	(void)more;
	return store_record_units_of_patient(x->db, x->arena, x->subject_id, list, n);
}

/* The units to ask are a choice, not the record: not logged. */
status record_access_units(const ctx *x, unit_choice **out, size_t *n)
{
	return record_citizen_list(x, CAP_D2_RECORD_ACCESS, NULL, fetch_units, NULL, out, n, NULL);
}

static void check_request(const ctx *x, const record_access_in *in, problems *pr)
{
	if (in->nparts == 0)
		problems_add(pr, "parts", "form.error.required", 0);
	for (size_t i = 0; i < in->nparts; i++)
		problems_check_choice(pr, "parts", in->parts[i], record_access_parts);
	if (in->from_date == NULL)
		problems_add(pr, "from_date", "form.error.required", 0);
	if (in->to_date == NULL)
		problems_add(pr, "to_date", "form.error.required", 0);
	problems_check_date(pr, "from_date", in->from_date, true);
	problems_check_date(pr, "to_date", in->to_date, true);
	if (in->from_date != NULL && in->to_date != NULL && strcmp(in->from_date, in->to_date) > 0)
		problems_add(pr, "to_date", "record_access.error.period", 0);
	if (in->from_date != NULL && strcmp(in->from_date, record_today(x)) > 0)
		problems_add(pr, "from_date", "record_access.error.future", 0);
	problems_check_text(pr, "message", in->message, 0, RECORD_ACCESS_MESSAGE_MAX, true);
}

struct ask_op {
	const record_access_in *in;
	int64_t *id;
};

static const char *joined_parts(arena *a, const record_access_in *in)
{
	const char *out = "";
	for (size_t i = 0; record_access_parts[i] != NULL; i++)
		for (size_t j = 0; j < in->nparts; j++)
			if (str_eq(in->parts[j], record_access_parts[i])) {
				out = *out ? arena_printf(a, "%s,%s", out, record_access_parts[i])
				           : record_access_parts[i];
				break;
			}
	return out;
}

static status receipt(ctx *x, const record_access_request *r, int64_t *doc)
{
	json_t *sections = json_array();
	json_array_append_new(
	    sections,
	    documents_section(NULL, arena_printf(x->arena,
	                                         "Vi har mottatt begjæringen din om innsyn i journalen, og svarer "
	                                         "uten ugrunnet opphold og senest %s.",
	                                         documents_date_nb(x->arena, r->due_date))));
	json_array_append_new(sections, documents_section("Du ba om", parts_nb(x->arena, r->parts)));
	json_array_append_new(sections, documents_section("Tidsrom", period_nb(x, r)));
	json_array_append_new(sections, documents_section("Lovgrunnlag", "Pasient- og brukerrettighetsloven § 5-1."));
	letter_head h = head_of(x, r, "receipt");
	return documents_compose(x, &h, "Kvittering: begjæring om innsyn i journal", sections, false, doc);
}

static status ask_fn(ctx *x, void *args)
{
	struct ask_op *o = args;
	unit_choice *units;
	size_t n;
	status st = store_record_units_of_patient(x->db, x->arena, x->subject_id, &units, &n);
	if (st != ST_OK)
		return st;
	bool ours = false;
	for (size_t i = 0; i < n; i++)
		ours = ours || units[i].id == o->in->unit_id;
	if (!ours)
		return ST_NOT_FOUND;
	record_access_request r = {.patient_id = x->subject_id,
	                           .unit_id = o->in->unit_id,
	                           .requested_by = x->who.person_id,
	                           .parts = joined_parts(x->arena, o->in),
	                           .from_date = o->in->from_date,
	                           .to_date = o->in->to_date,
	                           .message = o->in->message,
	                           .for_guardian = record_for_guardian(x),
	                           .created_at = x->now,
	                           .due_date = due_date(x)};
	int64_t doc;
	if ((st = store_record_access_insert(x->db, &r, o->id)) != ST_OK ||
	    (st = store_record_access_get(x->db, x->arena, x->subject_id, *o->id, &r)) != ST_OK ||
	    (st = receipt(x, &r, &doc)) != ST_OK || (st = store_record_access_set_receipt(x->db, *o->id, doc)) != ST_OK)
		return st;
	if (x->who.person_id == x->subject_id)
		return ST_OK;
	return audit_record(x, x->subject_id, "create", WHAT, audit_id(x->arena, *o->id), "representation");
}

status record_access_ask(const ctx *x, const record_access_in *in, problems *pr, int64_t *id)
{
	*id = 0;
	if (!record_citizen_may(x, CAP_D2_RECORD_ACCESS))
		return ST_DENIED;
	check_request(x, in, pr);
	if (pr->n > 0)
		return ST_INVALID;
	if (in->unit_id <= 0)
		return ST_NOT_FOUND;
	struct ask_op o = {in, id};
	return record_citizen_write_tx(x, ask_fn, &o);
}

static status fetch_requests(ctx *x, const void *arg, void *list, size_t *n, bool *more)
{
	(void)arg;
	return store_record_access_of_patient(x->db, x->arena, x->subject_id, RECORD_ACCESS_LIST_MAX, list, n, more);
}

status record_access_list(const ctx *x, record_access_request **out, size_t *n, bool *more)
{
	return record_citizen_list(x, CAP_D2_RECORD_ACCESS, WHAT, fetch_requests, NULL, out, n, more);
}

static status get_fn(ctx *x, void *args)
{
	record_access_request *r = args;
	status st = store_record_access_get(x->db, x->arena, x->subject_id, r->id, r);
	return st != ST_OK ? st : record_citizen_logged(x, WHAT, audit_id(x->arena, r->id));
}

status record_access_get(const ctx *x, int64_t id, record_access_request *out)
{
	memset(out, 0, sizeof *out);
	out->id = id;
	return record_citizen_row_tx(x, CAP_D2_RECORD_ACCESS, id, false, get_fn, out);
}

/* ---- clinicians --------------------------------------------------------------------------- */

static status fetch_queue(ctx *x, size_t limit, void **rows, size_t *n, bool *more)
{
	return store_record_access_queue(x->db, x->arena, x->who.staff_id, limit, (record_access_request **)rows, n,
	                                 more);
}

static const staff_queue access_queue = {
    .row_size = sizeof(record_access_request),
    .patient_at = offsetof(record_access_request, patient_id),
    .id_at = offsetof(record_access_request, id),
    .cap = CAP_W3_CLINICAL_QUEUES,
    .what = WHAT,
    .fetch = fetch_queue,
};

status record_access_queue(const ctx *x, record_access_request **out, size_t *n, bool *more)
{
	return staff_queue_list(x, &access_queue, RECORD_ACCESS_QUEUE_MAX, out, n, more);
}

typedef status (*staff_fn)(ctx *x, const record_access_request *r, const record_patient *p, void *arg);

struct staff_op {
	int64_t id;
	record_access_request *req;
	record_patient *patient;
	staff_fn fn;
	void *arg;
};

/* Loads the request if it is to a unit where the reader is a clinician,
 * opens its patient's chart for the queue's capability, runs fn. */
static status staff_tx_fn(ctx *x, void *args)
{
	struct staff_op *o = args;
	status st = store_record_access_for_staff(x->db, x->arena, x->who.staff_id, o->id, o->req);
	if (st != ST_OK)
		return st;
	st = chart_open(x, CAP_W3_CLINICAL_QUEUES, o->req->patient_id, &o->patient->access, &o->patient->who);
	return st != ST_OK ? st : o->fn(x, o->req, o->patient, o->arg);
}

static status staff_run(const ctx *x, int64_t id, record_access_request *req, record_patient *patient, staff_fn fn,
                        void *arg)
{
	if (authz_staff(x, CAP_W3_CLINICAL_QUEUES) != ST_OK)
		return ST_DENIED;
	if (id <= 0)
		return ST_NOT_FOUND;
	record_access_request r;
	record_patient p;
	struct staff_op o = {id, req ? req : &r, patient ? patient : &p, fn, arg};
	return domain_tx(x, true, staff_tx_fn, &o);
}

static status read_fn(ctx *x, const record_access_request *r, const record_patient *p, void *arg)
{
	(void)arg;
	return chart_audit(x, &p->access, "read", WHAT, audit_id(x->arena, r->id));
}

status record_access_staff_get(const ctx *x, int64_t id, record_access_request *out, record_patient *patient)
{
	return staff_run(x, id, out, patient, read_fn, NULL);
}

/* ---- the extract ---------------------------------------------------------------------------- */

static bool in_period(const record_access_request *r, const char *day)
{
	return day != NULL && strcmp(day, r->from_date) >= 0 && strcmp(day, r->to_date) <= 0;
}

static const char *day_of(arena *a, unix_time t)
{
	char out[11];
	date_format(date_in_oslo(t), out);
	return arena_strdup(a, out);
}

/* Each part's text: one paragraph an item, or a line saying there is none. */
static const char *or_none(const char *text)
{
	return *text ? text : "Ingen opplysninger i tidsrommet.";
}

static const char *append(arena *a, const char *text, const char *item)
{
	return *text ? arena_printf(a, "%s\n\n%s", text, item) : item;
}

static status visits_text(ctx *x, const record_access_request *r, const char **out)
{
	visit *v;
	size_t n;
	status st = store_visits_for_staff(x->db, x->arena, r->patient_id, &v, &n);
	for (size_t i = 0; st == ST_OK && i < n; i++) {
		if (v[i].unit_id != r->unit_id || !in_period(r, v[i].visit_date) ||
		    (r->for_guardian && v[i].hidden_from_guardians))
			continue;
		/* A note is in the record once shared; a home-care note is the record itself (it is never shared). */
		bool note = v[i].note != NULL && (str_eq(v[i].note_status, "shared") || str_eq(v[i].kind, "home_care"));
		*out = append(x->arena, *out,
		              arena_printf(x->arena, "%s%s%s, %s\n%s%s%s", documents_date_nb(x->arena, v[i].visit_date),
		                           v[i].visit_time ? " kl. " : "", v[i].visit_time ? v[i].visit_time : "",
		                           v[i].clinician_name ? v[i].clinician_name : "",
		                           v[i].summary ? v[i].summary : "", note ? "\nNotat: " : "",
		                           note ? v[i].note : ""));
	}
	return st;
}

/* "Penicillin: utslett (registrert 3. mars 2026 av Ingrid Solberg)": an
 * item, its detail after sep when it has one, when and by whom. */
static const char *registered_line(ctx *x, const char *what, const char *sep, const char *detail, unix_time at,
                                   const char *by)
{
	return arena_printf(x->arena, "%s%s%s (registrert %s av %s)", what, detail ? sep : "", detail ? detail : "",
	                    documents_date_nb(x->arena, day_of(x->arena, at)), by);
}

static status allergies_text(ctx *x, const record_access_request *r, const char **out)
{
	allergy *a;
	size_t n;
	status st = store_allergies(x->db, x->arena, r->patient_id, r->for_guardian, &a, &n);
	for (size_t i = 0; st == ST_OK && i < n; i++)
		if (a[i].unit_id == r->unit_id && in_period(r, day_of(x->arena, a[i].registered_at)))
			*out = append(x->arena, *out,
			              registered_line(x, a[i].substance, ": ", a[i].reaction, a[i].registered_at,
			                              a[i].registered_by_name));
	return st;
}

static status issues_text(ctx *x, const record_access_request *r, const char **out)
{
	health_issue *h;
	size_t n;
	status st = store_health_issues(x->db, x->arena, r->patient_id, r->for_guardian, &h, &n);
	for (size_t i = 0; st == ST_OK && i < n; i++)
		if (h[i].unit_id == r->unit_id && in_period(r, day_of(x->arena, h[i].registered_at)))
			*out = append(x->arena, *out,
			              registered_line(x, h[i].diagnosis, ", ", h[i].icd10, h[i].registered_at,
			                              h[i].registered_by_name));
	return st;
}

static status medications_text(ctx *x, const record_access_request *r, const char **out)
{
	medication *m;
	size_t n;
	status st = store_med_list(x->db, x->arena, r->patient_id, r->for_guardian, RECORD_LIST_LIMIT, &m, &n);
	for (size_t i = 0; st == ST_OK && i < n; i++)
		if (m[i].unit_id == r->unit_id && in_period(r, m[i].start_date))
			*out = append(x->arena, *out,
			              arena_printf(x->arena, "%s %s: %s (fra %s, forskrevet av %s)%s", m[i].name,
			                           m[i].strength ? m[i].strength : "", m[i].dosage ? m[i].dosage : "",
			                           documents_date_nb(x->arena, m[i].start_date),
			                           m[i].prescriber_name ? m[i].prescriber_name : "",
			                           m[i].stopped_at ? ", avsluttet" : ""));
	return st;
}

/* The unit's results taken in the period that the citizen may see by their
 * type's release rule (not one awaiting review, never one the clinician
 * gives in person), and for a parent not one hidden from guardians: the
 * extract shows no more than the results page would. */
static status results_text(ctx *x, const record_access_request *r, const char **out)
{
	result *v;
	size_t n;
	bool more;
	status st =
	    store_results_visible(x->db, x->arena, r->patient_id, r->for_guardian, RECORD_LIST_LIMIT, &v, &n, &more);
	for (size_t i = 0; st == ST_OK && i < n; i++)
		if (v[i].unit_id == r->unit_id && in_period(r, v[i].taken_on))
			*out = append(x->arena, *out,
			              arena_printf(x->arena, "%s: %s%s%s (tatt %s)", v[i].type.name_nb, v[i].value,
			                           v[i].unit ? " " : "", v[i].unit ? v[i].unit : "",
			                           documents_date_nb(x->arena, v[i].taken_on)));
	return st;
}

/* Vaccines come from the national immunisation registry, not from one
 * unit: every one given in the period, said to be from the registry. */
static status vaccines_text(ctx *x, const record_access_request *r, const char **out)
{
	vaccination *v;
	size_t n;
	status st = store_vaccinations(x->db, x->arena, r->patient_id, r->for_guardian, RECORD_LIST_LIMIT, &v, &n);
	for (size_t i = 0; st == ST_OK && i < n; i++)
		if (in_period(r, v[i].given_on))
			*out = append(x->arena, *out,
			              arena_printf(x->arena,
			                           "%s, dose %lld, %s (fra Nasjonalt vaksinasjonsregister SYSVAK)",
			                           v[i].vaccine_name, (long long)v[i].dose,
			                           documents_date_nb(x->arena, v[i].given_on)));
	return st;
}

static status stays_text(ctx *x, const record_access_request *r, const char **out)
{
	stay *s;
	size_t n;
	status st = store_stays(x->db, x->arena, r->patient_id, r->for_guardian, &s, &n);
	for (size_t i = 0; st == ST_OK && i < n; i++)
		if (s[i].unit_id == r->unit_id && in_period(r, s[i].from_date))
			*out = append(x->arena, *out,
			              arena_printf(x->arena, "%s: %s%s%s", s[i].unit_name,
			                           documents_date_nb(x->arena, s[i].from_date),
			                           s[i].to_date ? " til " : "",
			                           s[i].to_date ? documents_date_nb(x->arena, s[i].to_date) : ""));
	return st;
}

static status referrals_text(ctx *x, const record_access_request *r, const char **out)
{
	referral *f;
	size_t n;
	status st = store_referrals(x->db, x->arena, r->patient_id, r->for_guardian, &f, &n);
	for (size_t i = 0; st == ST_OK && i < n; i++)
		if ((f[i].from_unit_id == r->unit_id || f[i].to_unit_id == r->unit_id) && in_period(r, f[i].sent_on))
			*out = append(x->arena, *out,
			              arena_printf(x->arena, "Henvist %s fra %s til %s",
			                           documents_date_nb(x->arena, f[i].sent_on),
			                           f[i].from_unit_name ? f[i].from_unit_name : "-",
			                           f[i].to_unit_name ? f[i].to_unit_name : "-"));
	return st;
}

typedef status (*part_fn)(ctx *x, const record_access_request *r, const char **out);
/* In the order of record_access_parts. */
static const part_fn part_fns[] = {visits_text,  allergies_text, issues_text, medications_text,
                                   results_text, vaccines_text,  stays_text,  referrals_text};

static status fulfil_fn(ctx *x, const record_access_request *r, const record_patient *p, void *arg)
{
	(void)arg;
	if (!str_eq(r->status, "received"))
		return ST_CONFLICT;
	json_t *sections = json_array();
	json_array_append_new(
	    sections,
	    documents_section(NULL, arena_printf(x->arena,
	                                         "Dette er utskrift fra journalen din ved %s for tidsrommet %s, "
	                                         "som du ba om (pasient- og brukerrettighetsloven § 5-1).",
	                                         r->unit_name, period_nb(x, r))));
	status st = ST_OK;
	for (size_t i = 0; st == ST_OK && record_access_parts[i] != NULL; i++) {
		if (!has_part(r->parts, record_access_parts[i]))
			continue;
		const char *text = "";
		if ((st = part_fns[i](x, r, &text)) == ST_OK)
			json_array_append_new(sections, documents_section(part_names_nb[i], or_none(text)));
	}
	int64_t doc;
	letter_head h = head_of(x, r, "record_extract");
	if (st != ST_OK) {
		json_decref(sections);
		return st;
	}
	/* A child's extract made without the guardian filter is never shown to a
	 * parent looking at a child of 12-15 (nor announced to the parents). */
	bool hidden = !r->for_guardian && age_at(r->patient_birth_date, x->now) < PARENT_ACCESS_UNTIL_AGE;
	if ((st = documents_compose(x, &h, "Utskrift fra journalen", sections, hidden, &doc)) != ST_OK ||
	    (st = store_record_access_answer(x->db, r->id, "fulfilled", doc, x->who.staff_id, NULL, NULL, x->now)) !=
	        ST_OK)
		return st;
	return chart_audit(x, &p->access, "create", "documents", audit_id(x->arena, doc));
}

status record_access_fulfil(const ctx *x, int64_t id)
{
	return staff_run(x, id, NULL, NULL, fulfil_fn, NULL);
}

struct refusal {
	const char *reason, *text;
};

static status refuse_fn(ctx *x, const record_access_request *r, const record_patient *p, void *arg)
{
	const struct refusal *f = arg;
	if (!str_eq(r->status, "received"))
		return ST_CONFLICT;
	json_t *sections = json_array();
	json_array_append_new(
	    sections,
	    documents_section(NULL, arena_printf(x->arena,
	                                         "Vi har behandlet begjæringen din om innsyn i journalen ved %s "
	                                         "for tidsrommet %s, og gir deg ikke innsyn.",
	                                         r->unit_name, period_nb(x, r))));
	json_array_append_new(sections, documents_section("Grunnen", refusal_text_nb(f->reason)));
	json_array_append_new(sections, documents_section("Begrunnelse", f->text));
	json_array_append_new(
	    sections, documents_section("Du kan få innsyn gjennom en representant",
	                                "Når innsyn nektes, har en representant for deg rett til innsyn på dine vegne "
	                                "(pasient- og brukerrettighetsloven § 5-1 andre ledd)."));
	int64_t doc;
	letter_head h = head_of(x, r, "decision");
	status st = documents_compose(x, &h, "Svar på begjæring om innsyn i journal", sections, false, &doc);
	if (st != ST_OK || (st = store_record_access_answer(x->db, r->id, "refused", doc, x->who.staff_id, f->reason,
	                                                    f->text, x->now)) != ST_OK)
		return st;
	return chart_audit(x, &p->access, "update", WHAT, audit_id(x->arena, r->id));
}

status record_access_refuse(const ctx *x, int64_t id, const char *reason, const char *text, problems *pr)
{
	if (authz_staff(x, CAP_W3_CLINICAL_QUEUES) != ST_OK)
		return ST_DENIED;
	if (reason == NULL)
		problems_add(pr, "reason", "form.error.required", 0);
	problems_check_choice(pr, "reason", reason, record_access_refusals);
	if (text == NULL)
		problems_add(pr, "text", "form.error.required", 0);
	problems_check_text(pr, "text", text, RECORD_ACCESS_REFUSAL_MIN, RECORD_ACCESS_REFUSAL_MAX, true);
	if (pr->n > 0)
		return ST_INVALID;
	struct refusal f = {reason, text};
	return staff_run(x, id, NULL, NULL, refuse_fn, &f);
}
