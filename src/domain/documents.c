/* documents.c — the document centre and the letters of municipal services:
 * listing and opening (the first opening recorded), composing a letter
 * into the document centre with its event, and the letter job (PDFs,
 * reminders, the paper fallback and the print batch). */
#include "domain/documents.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/crypto.h"
#include "core/log.h"
#include "domain/audit.h"
#include "domain/authz.h"
#include "domain/record.h"
#include "domain/tx.h"
#include "integrations/krr.h"
#include "integrations/letter_pdf.h"
#include "store/letter_delivery.h"
#include "store/outbox.h"
#include "store/register.h"

#define WHAT "documents"
#define EVENT_KIND "letter" /* the notification kind of domain/settings.h */
/* A record extract (D2) is announced as ready, not as a letter; told on the
 * channels chosen for letters (domain/notify.c). */
#define EXTRACT_EVENT_KIND "extract_ready"

const char *documents_date_nb(arena *a, const char *iso)
{
	static const char *const months[] = {"januar", "februar", "mars",      "april",   "mai",      "juni",
	                                     "juli",   "august",  "september", "oktober", "november", "desember"};
	date d;
	if (iso == NULL || !date_parse(iso, &d))
		return iso != NULL ? iso : "";
	return arena_printf(a, "%d. %s %d", d.day, months[d.month - 1], d.year);
}

json_t *documents_section(const char *heading, const char *text)
{
	return json_pack("{s:s?, s:s}", "heading", heading, "text", text != NULL ? text : "");
}

/* ---- reading ------------------------------------------------------------------------- */

/* arg: the kind of document asked for (NULL: every kind). */
static status fetch_documents(ctx *x, const void *arg, void *list, size_t *n, bool *more)
{
	return store_documents_of_patient(x->db, x->arena, x->subject_id, arg, record_for_guardian(x),
	                                  DOCUMENTS_LIST_MAX, list, n, more);
}

status documents_list(const ctx *x, const char *kind, citizen_document **out, size_t *n, bool *more)
{
	return record_citizen_list(x, CAP_D1_DOCUMENTS, WHAT, fetch_documents, kind, out, n, more);
}

/* Reads one and records the first opening; a representative's read is logged. */
static status open_fn(ctx *x, void *args)
{
	citizen_document *d = args;
	status st = store_document_of_patient(x->db, x->arena, x->subject_id, d->id, record_for_guardian(x), d);
	if (st == ST_OK && d->opened_at == 0)
		st = store_document_opened(x->db, d->id, x->who.person_id, x->now);
	return st != ST_OK ? st : record_citizen_logged(x, WHAT, audit_id(x->arena, d->id));
}

status documents_get(const ctx *x, int64_t id, citizen_document *out)
{
	memset(out, 0, sizeof *out);
	out->id = id;
	return record_citizen_row_tx(x, CAP_D1_DOCUMENTS, id, true, open_fn, out);
}

static status mailbox_read_fn(ctx *x, void *args)
{
	return store_letter_mailbox_read(x->db, *(const int64_t *)args, x->now);
}

status documents_mailbox_read(const ctx *x, int64_t document_id)
{
	if (document_id <= 0)
		return ST_NOT_FOUND;
	return domain_tx(x, true, mailbox_read_fn, &document_id);
}

status documents_pdf(const ctx *x, int64_t id, uint8_t **pdf, size_t *len)
{
	*pdf = NULL;
	*len = 0;
	citizen_document d;
	status st = documents_get(x, id, &d);
	if (st != ST_OK)
		return st;
	if (d.pdf == NULL)
		return ST_CONFLICT;
	*pdf = d.pdf; /* in x->arena */
	*len = d.pdf_len;
	return ST_OK;
}

/* ---- composing -------------------------------------------------------------------------- */

/* Receipts and record extracts stay in the portal: never on paper, nor to
 * the adapters. An extract is the record itself, asked for in the portal,
 * and never posted unasked; a receipt is the portal's own answer. */
static bool stays_in_portal(const char *kind)
{
	return str_eq(kind, "receipt") || str_eq(kind, "record_extract");
}

static json_t *address_lines(const ctx *x, const person *p)
{
	json_t *lines = json_array();
	address ad;
	if (p->address_id != 0 && !p->confidential_address &&
	    store_address_get(x->db, x->arena, p->address_id, &ad) == ST_OK) {
		json_array_append_new(lines, json_string(ad.street));
		json_array_append_new(lines, json_string(arena_printf(x->arena, "%s %s", ad.postcode, ad.city)));
	}
	return lines;
}

/* "Trondheim kommune", or the number where the name is not known. */
static status municipality_line(const ctx *x, const char *number, const char **out)
{
	const char *name;
	status st = store_municipality_name(x->db, x->arena, number, &name);
	if (st == ST_OK)
		*out = arena_printf(x->arena, "%s kommune", name);
	else if (st == ST_NOT_FOUND)
		*out = arena_printf(x->arena, "Kommunenummer %s", number);
	return st == ST_NOT_FOUND ? ST_OK : st;
}

status documents_compose(const ctx *x, const letter_head *h, const char *heading, json_t *sections, bool hidden,
                         int64_t *id)
{
	person p;
	const char *municipality = NULL;
	status st = store_person_by_id(x->db, x->arena, h->patient_id, &p);
	if (st == ST_OK)
		st = municipality_line(x, h->municipality, &municipality);
	if (st != ST_OK) {
		json_decref(sections);
		return st;
	}
	json_t *letter =
	    json_pack("{s:s, s:s, s:s, s:s, s:o, s:s, s:s, s:s, s:o}", "sender", h->unit_name, "municipality",
	              municipality, "phone", arena_printf(x->arena, "Telefon %s", h->unit_phone ? h->unit_phone : ""),
	              "recipient", arena_printf(x->arena, "%s %s", p.given_name, p.family_name), "address",
	              address_lines(x, &p), "date", documents_date_nb(x->arena, record_today(x)), "reference",
	              h->reference, "heading", heading, "sections", sections);
	if (letter == NULL)
		return ST_INTERNAL;
	char *text = json_dumps(letter, JSON_COMPACT);
	json_decref(letter);
	if (text == NULL)
		return ST_INTERNAL;
	citizen_document d = {.patient_id = h->patient_id,
	                      .unit_id = h->unit_id,
	                      .application_id = h->application_id,
	                      .kind = h->kind,
	                      .letter = arena_strdup(x->arena, text),
	                      .created_at = x->now,
	                      .hidden_from_guardians = hidden};
	free(text);
	int64_t ev;
	krr_route route = KRR_DIGITAL;
	if ((st = store_document_insert(x->db, &d, id)) != ST_OK ||
	    (st = store_outbox_add(x->db, h->patient_id,
	                           str_eq(h->kind, "record_extract") ? EXTRACT_EVENT_KIND : EVENT_KIND, *id, hidden,
	                           x->now, &ev)) != ST_OK)
		return st;
	if (stays_in_portal(h->kind))
		return ST_OK;
	if ((st = krr_route_of(x->db, p.nin, &route)) != ST_OK || route == KRR_DIGITAL)
		return st;
	return store_document_paper(x->db, *id, krr_paper_reason(route), x->now);
}

status documents_add_letter(const ctx *x, const service_application *a, const char *kind, const char *heading,
                            json_t *sections, int64_t *id)
{
	letter_head h = {.patient_id = a->patient_id,
	                 .unit_id = a->unit_id,
	                 .application_id = a->id,
	                 .kind = kind,
	                 .unit_name = a->unit_name,
	                 .unit_phone = a->unit_phone,
	                 .municipality = a->municipality,
	                 .reference = arena_printf(x->arena, "Saksnummer %lld", (long long)a->id)};
	return documents_compose(x, &h, heading, sections, false, id);
}

/* ---- the letter job ------------------------------------------------------------------- */

struct make_arg {
	const citizen_document *d;
	unix_time now;
	arena *ar;
	const char *const *adapters; /* NULL-terminated, or NULL */
	const char *nin;             /* the recipient's, when the register answered */
	krr_route route;             /* the register's answer */
};

enum { KRR_TIMEOUT_S = 10 };

/* Asks the contact register, outside any transaction, whether the
 * recipient of a letter that leaves the portal is reserved or cannot be
 * notified: m->nin set when it answered. A register that does not answer is logged and leaves
 * the local copy (read when the letter was composed) to decide. */
static void ask_register(db_conn *c, http_json **hj, const krr_register *krr, struct make_arg *m)
{
	if (krr == NULL || krr->url == NULL || stays_in_portal(m->d->kind))
		return;
	person p;
	const char *error;
	if (store_person_by_id(c, m->ar, m->d->patient_id, &p) != ST_OK)
		return;
	if (*hj == NULL)
		*hj = http_json_new();
	if (krr_lookup(*hj, m->ar, krr, p.nin, KRR_TIMEOUT_S, &m->route, &error) != ST_OK) {
		log_warn("letters: document %lld: %s; the local copy of the register decides", (long long)m->d->id,
		         error);
		return;
	}
	m->nin = p.nin;
}

/* The register's answer kept in the local copy; someone reserved, or
 * whom it cannot notify, gets the letter on paper at once. */
static status follow_register(db_conn *c, const struct make_arg *m)
{
	if (m->nin == NULL)
		return ST_OK;
	status st = krr_remember(c, m->nin, m->route, m->now);
	if (st != ST_OK || m->route == KRR_DIGITAL || m->d->paper_at != 0)
		return st;
	return store_document_paper(c, m->d->id, krr_paper_reason(m->route), m->now);
}

/* The letters of a person reserved, or whom the register cannot notify,
 * never go to their digital mailbox: the routing rule sends them to paper
 * before it asks for a mailbox (reference/domain-facts.md 7.3). */
static bool paper_by_register(const struct make_arg *m)
{
	return (m->nin != NULL && m->route != KRR_DIGITAL) || str_eq(m->d->paper_reason, "reserved") ||
	       str_eq(m->d->paper_reason, "unreachable");
}

/* Deliveries are due by the system clock, as notifications are: a run at
 * a moved clock (`jobs run --now`) still hands the letter over at once. */
static status add_deliveries(db_conn *c, const struct make_arg *m)
{
	status st = ST_OK;
	if (stays_in_portal(m->d->kind))
		return ST_OK;
	for (size_t i = 0; st == ST_OK && m->adapters != NULL && m->adapters[i] != NULL; i++)
		if (!str_eq(m->adapters[i], "digital_mailbox") || !paper_by_register(m))
			st = store_letter_delivery_add(c, m->d->id, m->adapters[i], clock_system_now());
	return st;
}

static status make_one(db_conn *c, void *args)
{
	struct make_arg *m = args;
	json_error_t err;
	json_t *letter = json_loads(m->d->letter, 0, &err);
	if (letter == NULL)
		return ST_INTERNAL;
	json_t *list = json_array();
	json_array_append_new(list, letter);
	buf pdf;
	buf_init(&pdf, 16 * 1024);
	bool ok = letter_pdf(list, &pdf);
	json_decref(list);
	status st = ST_INTERNAL;
	if (ok)
		st = store_document_set_pdf(c, m->d->id, (const uint8_t *)pdf.data, pdf.len, m->now);
	if (st == ST_OK)
		st = follow_register(c, m);
	if (st == ST_OK)
		st = add_deliveries(c, m);
	buf_free(&pdf);
	return st;
}

static status remind_one(db_conn *c, void *args)
{
	struct make_arg *m = args;
	int64_t ev;
	status st = store_outbox_add(c, m->d->patient_id, EVENT_KIND, m->d->id, false, m->now, &ev);
	return st != ST_OK ? st : store_document_reminded(c, m->d->id, m->now);
}

static double since_ms(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) * 1e3 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* The q-quantile (nearest rank) of n sorted values. */
static double quantile(const double *v, size_t n, double q)
{
	size_t k = (size_t)(q * (double)n + 0.999999);
	return v[(k == 0 ? 1 : k > n ? n : k) - 1];
}

status letters_make(db_conn *c, unix_time now, const char *const *adapters, const krr_register *krr, letters_round *out)
{
	out->made = 0;
	out->p50_ms = out->p99_ms = 0;
	arena *ar = arena_new();
	citizen_document *list;
	size_t n, ntimes = 0, cap = 0;
	double *times = NULL;
	http_json *hj = NULL; /* made at the first lookup */
	status st;
	/* A batch at a time, one transaction per letter: a failing letter never holds up the rest. */
	do {
		arena_reset(ar);
		st = store_documents_pending(c, ar, LETTERS_BATCH, &list, &n);
		size_t made = 0;
		for (size_t i = 0; st == ST_OK && i < n; i++) {
			struct make_arg m = {.d = &list[i], .now = now, .ar = ar, .adapters = adapters};
			struct timespec t0;
			clock_gettime(CLOCK_MONOTONIC, &t0);
			ask_register(c, &hj, krr, &m);
			status one = db_tx(c, true, make_one, &m);
			if (one != ST_OK) {
				log_error("letters: document %lld: %s", (long long)list[i].id, status_name(one));
				continue;
			}
			made++;
			if (ntimes == cap) {
				cap = cap ? cap * 2 : 64;
				double *grown = realloc(times, cap * sizeof *times);
				if (grown == NULL)
					continue;
				times = grown;
			}
			times[ntimes++] = since_ms(&t0);
		}
		out->made += (int64_t)made;
		if (made == 0)
			break;
	} while (st == ST_OK && n == LETTERS_BATCH);
	if (ntimes > 0) {
		qsort(times, ntimes, sizeof *times, by_value);
		out->p50_ms = quantile(times, ntimes, 0.50);
		out->p99_ms = quantile(times, ntimes, 0.99);
	}
	free(times);
	http_json_free(hj);
	arena_free(ar);
	return st;
}

status letters_run(db_conn *c, unix_time now, const char *const *adapters, const krr_register *krr, letters_round *out)
{
	memset(out, 0, sizeof *out);
	status st = letters_make(c, now, adapters, krr, out);
	arena *ar = arena_new();
	citizen_document *list;
	size_t n = 0;
	if (st == ST_OK)
		st = store_documents_to_remind(c, ar, now, LETTERS_ROUND_MAX, &list, &n);
	for (size_t i = 0; st == ST_OK && i < n; i++) {
		struct make_arg m = {.d = &list[i], .now = now, .ar = ar};
		if ((st = db_tx(c, true, remind_one, &m)) == ST_OK)
			out->reminded++;
	}
	if (st == ST_OK)
		st = store_documents_to_paper(c, now, &out->to_paper);
	arena_free(ar);
	return st;
}

struct batch_arg {
	unix_time now;
	buf *out;
	int64_t *n;
	arena *ar;
};

static status batch_fn(db_conn *c, void *args)
{
	struct batch_arg *b = args;
	*b->n = 0;
	b->out->len = 0;
	citizen_document *list;
	size_t n;
	status st = store_documents_print_queue(c, b->ar, LETTERS_ROUND_MAX, &list, &n);
	if (st != ST_OK || n == 0)
		return st;
	json_t *letters = json_array();
	for (size_t i = 0; i < n; i++) {
		json_error_t err;
		json_t *l = json_loads(list[i].letter, 0, &err);
		if (l == NULL || (st = store_document_printed(c, list[i].id, b->now)) != ST_OK) {
			json_decref(l);
			json_decref(letters);
			return st != ST_OK ? st : ST_INTERNAL;
		}
		json_array_append_new(letters, l);
	}
	bool ok = letter_pdf(letters, b->out);
	json_decref(letters);
	*b->n = (int64_t)n;
	return ok ? ST_OK : ST_INTERNAL;
}

status letters_print_batch(db_conn *c, unix_time now, buf *out, int64_t *n)
{
	arena *ar = arena_new();
	struct batch_arg b = {now, out, n, ar};
	status st = db_tx(c, true, batch_fn, &b);
	arena_free(ar);
	return st;
}
