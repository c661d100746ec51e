/* questionnaire_prefill.c — prefill (SDC initialExpression) from the
 * patient's own data (questionnaire_form.h): the person as a FHIR Patient
 * resource, and each expression evaluated over it with the FHIRPath subset
 * of questionnaire_fhirpath.h as %patient. */
#include "domain/questionnaire_form.h"

#include <string.h>

#include "core/core.h"
#include "core/nin.h"
#include "domain/questionnaire_fhirpath.h"

#define FNR_SYSTEM "urn:oid:2.16.578.1.12.4.1.4.1"
#define DNR_SYSTEM "urn:oid:2.16.578.1.12.4.1.4.2"
#define AGE_URL "http://helsenorge.no/fhir/StructureDefinition/sdf-age"

const char *const qf_patient_members[] = {
    "Patient", "identifier", "system",  "value",   "use",  "name",       "given", "family",
    "text",    "birthDate",  "telecom", "address", "line", "postalCode", "city",  "extension", "url", NULL,
};

const char *const qf_related_person_members[] = {
    "RelatedPerson", "Patient", "identifier", "system", "value", "use", "name", "given", "family", "text", NULL,
};

static void set_text(json_t *o, const char *key, const char *v)
{
	if (v != NULL && v[0] != '\0')
		json_object_set_new(o, key, json_string(v));
}

static json_t *patient_name(const qf_person *p)
{
	json_t *name = json_pack("{s:s}", "use", "official");
	set_text(name, "family", p->family_name);
	if (p->given_name != NULL && p->given_name[0] != '\0')
		json_object_set_new(name, "given", json_pack("[s]", p->given_name));
	if (p->given_name != NULL && p->family_name != NULL)
		json_object_set_new(name, "text", json_sprintf("%s %s", p->given_name, p->family_name));
	return name;
}

static json_t *patient_address(const qf_person *p)
{
	json_t *addr = json_pack("{s:s, s:[s], s:s, s:s}", "use", "home", "line", p->street, "postalCode", p->postcode,
	                         "city", p->city);
	json_object_set_new(addr, "text", json_sprintf("%s, %s %s", p->street, p->postcode, p->city));
	return addr;
}

json_t *qf_patient_json(const qf_person *p)
{
	json_t *o = json_pack("{s:s}", "resourceType", "Patient");
	nin_info info;
	if (p->nin != NULL && nin_parse(p->nin, &info) == NIN_OK)
		json_object_set_new(o, "identifier",
		                    json_pack("[{s:s, s:s, s:s}]", "use", "official", "system",
		                              info.kind == NIN_DNR ? DNR_SYSTEM : FNR_SYSTEM, "value", p->nin));
	json_object_set_new(o, "name", json_pack("[o]", patient_name(p)));
	json_t *telecom = json_array();
	if (p->phone != NULL)
		json_array_append_new(
		    telecom, json_pack("{s:s, s:s, s:s}", "system", "phone", "value", p->phone, "use", "mobile"));
	if (p->email != NULL)
		json_array_append_new(telecom, json_pack("{s:s, s:s}", "system", "email", "value", p->email));
	if (json_array_size(telecom) > 0)
		json_object_set_new(o, "telecom", telecom);
	else
		json_decref(telecom);
	set_text(o, "birthDate", p->birth_date);
	if (p->street != NULL && p->postcode != NULL && p->city != NULL)
		json_object_set_new(o, "address", json_pack("[o]", patient_address(p)));
	date born;
	if (p->now != 0 && p->birth_date != NULL && date_parse(p->birth_date, &born))
		json_object_set_new(o, "extension",
		                    json_pack("[{s:s, s:i}]", "url", AGE_URL, "valueInteger", age_at(p->birth_date, p->now)));
	return o;
}

json_t *qf_related_person_json(const qf_person *p)
{
	qf_person who = {.nin = p->nin, .given_name = p->given_name, .family_name = p->family_name};
	json_t *o = qf_patient_json(&who);
	json_object_set_new(o, "resourceType", json_string("RelatedPerson"));
	return o;
}

bool qf_has_prefill(const qf_form *def)
{
	for (size_t i = 0; i < def->n; i++)
		if (def->items[i].prefill != NULL)
			return true;
	return false;
}

/* One result as an answer text: a text as it is, a number as a person
 * writes it (a whole one for an integer item); NULL otherwise. */
static const char *result_text(arena *a, const qf_item *it, json_t *r)
{
	if (json_is_string(r))
		return json_string_value(r);
	if (!json_is_number(r) || (it->type != QF_INTEGER && it->type != QF_DECIMAL && it->type != QF_QUANTITY))
		return NULL;
	double x = json_number_value(r);
	if (it->type != QF_INTEGER)
		return qf_decimal_text(a, x);
	return x == (double)(long long)x ? arena_printf(a, "%lld", (long long)x) : NULL;
}

/* The item's answer from the expression's result: one value (these items
 * do not repeat), as qf_check_answer accepts it; none otherwise. */
static qf_answer prefilled(arena *a, const qf_item *it, const qfp_value *v, size_t n)
{
	json_t *list = qfp_json(v, n);
	const char *text = json_array_size(list) == 1 ? result_text(a, it, json_array_get(list, 0)) : NULL;
	qf_answer ans = {0};
	if (text != NULL) {
		ans.values = arena_alloc(a, sizeof *ans.values);
		ans.values[0] = arena_strdup(a, text);
		ans.n = 1;
		size_t max;
		if (qf_check_answer(a, it, &ans, false, &max) != NULL)
			ans = (qf_answer){0};
	}
	json_decref(list);
	return ans;
}

/* As qf_prefill_eval, the root also holding the representative acting. */
static bool prefill_eval(arena *a, const qf_form *f, json_t *patient, json_t *representative, const char *expr,
                         const qfp_value **out, size_t *n)
{
	/* The expression names only %patient, or the Patient and the
	 * RelatedPerson by type name as the national portal's sdf-fhirpath does
	 * (checked at import): the root holds only those. */
	json_t *root = json_object();
	if (patient != NULL)
		json_object_set(root, "Patient", patient);
	if (representative != NULL)
		json_object_set(root, "RelatedPerson", representative);
	qfp_binding var = {.name = "patient", .value = qfp_collection(a, patient, &var.n)};
	bool ok = qfp_eval(a, f, root, &var, 1, expr, out, n);
	json_decref(root);
	return ok;
}

bool qf_prefill_eval(arena *a, const qf_form *f, json_t *patient, const char *expr, const qfp_value **out, size_t *n)
{
	return prefill_eval(a, f, patient, NULL, expr, out, n);
}

void qf_prefill(arena *a, qf_form *def, json_t *patient)
{
	qf_prefill_acting(a, def, patient, NULL);
}

void qf_prefill_acting(arena *a, qf_form *def, json_t *patient, json_t *representative)
{
	for (size_t i = 0; i < def->n; i++) {
		qf_item *it = &def->items[i];
		const qfp_value *v;
		size_t n = 0;
		if (it->prefill == NULL)
			continue;
		qf_answer ans = {0};
		if (patient != NULL && prefill_eval(a, def, patient, representative, it->prefill, &v, &n))
			ans = prefilled(a, it, v, n);
		it->initial = ans.values;
		it->ninitial = ans.n;
	}
}
