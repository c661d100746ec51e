/* domain_helpers.c — what every domain area is written with, on both
 * backends: domain_tx (domain/tx.h), the context bound to a transaction;
 * staff_queue_list (domain/queue.h), a work queue's page filtered to
 * the patients the reader may open, with "more" decided after filtering;
 * record_citizen_list (domain/record.h), one list of the open record; and
 * authz_unit_role (domain/authz.h), the role held at a unit.
 * The queue is driven by a fake fetch over a fixed list of rows, so the
 * paging itself is what is tested; the areas' own tests walk real queues. */
#include "conformance.h"
#include "fixtures.h"

#include <string.h>

#include "core/arena.h"
#include "domain/chart.h"
#include "domain/queue.h"
#include "domain/record.h"
#include "domain/tx.h"
#include "store/audit.h"

enum { NOW = 1795000000 };

/* A clinician; the ids need no rows, nothing here reads them back. */
static ctx staff_ctx(arena *a)
{
	return fx_staff_ctx(a, NOW, 1, 1, ROLE_CLINICIAN);
}

static int64_t rows_in(const char *table)
{
	int64_t n = -1;
	db_stmt *s = db_prepare(conf_conn, str_eq(table, "tx_item") ? "SELECT COUNT(*) FROM tx_item"
	                                                            : "SELECT COUNT(*) FROM audit_log");
	assert_int_equal(db_one_int(s, &n), ST_OK);
	return n;
}

/* ---- domain_tx --------------------------------------------------------------- */

struct probe {
	const ctx *caller;
	int calls;
	status first, then; /* what the first call returns, and the later ones */
	unix_time seen_now;
	bool in_tx, own_copy;
};

static status probe_fn(ctx *x, void *args)
{
	struct probe *p = args;
	p->calls++;
	p->in_tx = db_in_tx(x->db);
	p->own_copy = x != p->caller;
	p->seen_now = x->now;
	x->now += 1000; /* a change to the copy: never seen by the caller, nor by a retry */
	db_stmt *s = db_prepare(x->db, "INSERT INTO tx_item (n) VALUES ($1)");
	db_bind_int(s, 1, p->calls);
	status st = db_run(s);
	if (st != ST_OK)
		return st;
	return p->calls == 1 ? p->first : p->then;
}

static int tx_setup(void **state)
{
	(void)state;
	return db_exec(conf_conn, "DROP TABLE IF EXISTS tx_item; CREATE TABLE tx_item (n BIGINT);") == ST_OK ? 0 : -1;
}

static void tx_binds_a_copy_to_the_transaction(void **state)
{
	(void)state;
	arena *a = arena_new();
	ctx x = staff_ctx(a);
	struct probe p = {.caller = &x, .first = ST_OK, .then = ST_OK};
	assert_int_equal(domain_tx(&x, true, probe_fn, &p), ST_OK);
	assert_int_equal(p.calls, 1);
	assert_true(p.in_tx);
	assert_true(p.own_copy);
	assert_int_equal(p.seen_now, NOW);
	assert_int_equal(x.now, NOW); /* the caller's context is untouched */
	assert_ptr_equal(x.db, conf_conn);
	assert_false(db_in_tx(conf_conn));
	assert_int_equal(rows_in("tx_item"), 1);
	arena_free(a);
}

static void tx_rolls_back_what_fn_refused(void **state)
{
	(void)state;
	arena *a = arena_new();
	ctx x = staff_ctx(a);
	struct probe p = {.caller = &x, .first = ST_CONFLICT, .then = ST_CONFLICT};
	assert_int_equal(domain_tx(&x, true, probe_fn, &p), ST_CONFLICT);
	assert_int_equal(rows_in("tx_item"), 0);
	arena_free(a);
}

static void tx_retries_from_the_callers_context(void **state)
{
	(void)state;
	arena *a = arena_new();
	ctx x = staff_ctx(a);
	/* Busy once: the whole transaction runs again, its first try rolled
	 * back, on a fresh copy of the caller's context. */
	struct probe p = {.caller = &x, .first = ST_BUSY, .then = ST_OK};
	assert_int_equal(domain_tx(&x, true, probe_fn, &p), ST_OK);
	assert_int_equal(p.calls, 2);
	assert_int_equal(p.seen_now, NOW);
	assert_int_equal(rows_in("tx_item"), 1);
	arena_free(a);
}

static status nested_fn(ctx *x, void *args)
{
	struct probe *p = args;
	/* Inside a transaction, a rule's own domain_tx is part of it. */
	status st = domain_tx(x, true, probe_fn, p);
	return st == ST_OK ? ST_INVALID : st;
}

static void tx_nests_in_the_outer_transaction(void **state)
{
	(void)state;
	arena *a = arena_new();
	ctx x = staff_ctx(a);
	struct probe p = {.caller = &x, .first = ST_OK, .then = ST_OK};
	assert_int_equal(domain_tx(&x, true, nested_fn, &p), ST_INVALID);
	assert_int_equal(p.calls, 1);
	assert_true(p.in_tx);
	assert_int_equal(rows_in("tx_item"), 0); /* the outer refusal undid the inner write */
	arena_free(a);
}

/* ---- staff_queue_list ------------------------------------------------------------ */

/* A queue of rows 1..ROWS (patient = id + 1000, so the log can be counted
 * per row); which the reader may open is set per test. */
enum { ROWS = 200, PATIENT_BASE = 1000 };

struct row {
	int64_t id;
	char pad[24]; /* rows are bigger than a pointer: moved whole */
	int64_t patient_id;
};

static struct {
	int fetches;
	size_t last_limit;
	bool (*openable)(int64_t id);
} fake;

static status fake_fetch(ctx *x, size_t limit, void **rows, size_t *n, bool *more)
{
	fake.fetches++;
	fake.last_limit = limit;
	size_t count = limit < ROWS ? limit : ROWS;
	struct row *r = arena_alloc(x->arena, (count > 0 ? count : 1) * sizeof *r);
	for (size_t i = 0; i < count; i++) {
		r[i].id = (int64_t)i + 1;
		r[i].patient_id = r[i].id + PATIENT_BASE;
		memset(r[i].pad, (int)(i & 0x7f), sizeof r[i].pad);
	}
	*rows = r;
	*n = count;
	*more = limit < ROWS;
	return ST_OK;
}

static status fake_open(const ctx *x, const void *row, chart_access *basis)
{
	(void)x;
	const struct row *r = row;
	if (!fake.openable(r->id))
		return r->id % 3 == 0 ? ST_DENIED : ST_NOT_FOUND; /* both leave the row out */
	*basis = (chart_access){.patient_id = r->patient_id, .unit_id = 7, .role = "clinician"};
	return ST_OK;
}

static bool even(int64_t id)
{
	return id % 2 == 0;
}

static bool only_the_first_two(int64_t id)
{
	return id <= 2;
}

static bool none(int64_t id)
{
	(void)id;
	return false;
}

static const staff_queue fake_queue = {
    .row_size = sizeof(struct row),
    .patient_at = offsetof(struct row, patient_id),
    .id_at = offsetof(struct row, id),
    .cap = CAP_W3_CLINICAL_QUEUES,
    .fetch = fake_fetch,
    .open = fake_open,
};

static void queue_fills_a_page_past_the_rows_left_out(void **state)
{
	(void)state;
	arena *a = arena_new();
	ctx x = staff_ctx(a);
	fake.openable = even;
	fake.fetches = 0;
	struct row *rows;
	size_t n;
	bool more;
	/* A page of 10 from rows of which half may be opened: the first ask
	 * (11) keeps 5, so the store is asked again, and the page is full. */
	assert_int_equal(staff_queue_list(&x, &fake_queue, 10, &rows, &n, &more), ST_OK);
	assert_int_equal(n, 10);
	assert_true(more);
	assert_true(fake.fetches > 1);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(rows[i].id, 2 * ((int64_t)i + 1));
		char pad[sizeof rows[i].pad];
		memset(pad, (int)((rows[i].id - 1) & 0x7f), sizeof pad);
		assert_memory_equal(rows[i].pad, pad, sizeof pad); /* moved whole */
	}
	arena_free(a);
}

static void queue_more_is_false_when_only_left_out_rows_follow(void **state)
{
	(void)state;
	arena *a = arena_new();
	ctx x = staff_ctx(a);
	/* Two rows may be opened, then only rows that may not: the page is not
	 * full, and nothing the reader may see waits after it. The store had
	 * more rows all along, so the old "more" (taken before filtering) said
	 * true; it looks on, up to the scan limit, and says true only then. */
	fake.openable = only_the_first_two;
	struct row *rows;
	size_t n;
	bool more;
	assert_int_equal(staff_queue_list(&x, &fake_queue, 100, &rows, &n, &more), ST_OK);
	assert_int_equal(n, 2);
	assert_false(more); /* all 200 rows looked at: none further */
	assert_int_equal(rows[1].id, 2);

	/* A page small enough that the scan limit stops the search first:
	 * more stays true (there are rows not looked at), and few were read. */
	fake.fetches = 0;
	assert_int_equal(staff_queue_list(&x, &fake_queue, 3, &rows, &n, &more), ST_OK);
	assert_int_equal(n, 2);
	assert_true(more);
	assert_true(fake.last_limit < 3 * STAFF_QUEUE_SCAN_PAGES * 2);

	/* A page exactly full: more is true only when a further row may be
	 * opened, so with every row looked at it is false. */
	fake.openable = even;
	assert_int_equal(staff_queue_list(&x, &fake_queue, ROWS / 2, &rows, &n, &more), ST_OK);
	assert_int_equal(n, ROWS / 2);
	assert_false(more);
	arena_free(a);
}

static void queue_of_nothing_openable_is_empty_and_staff_only(void **state)
{
	(void)state;
	arena *a = arena_new();
	ctx x = staff_ctx(a);
	fake.openable = none;
	struct row *rows = (struct row *)&x; /* overwritten */
	size_t n = 99;
	assert_int_equal(staff_queue_list(&x, &fake_queue, 5, &rows, &n, NULL), ST_OK);
	assert_null(rows);
	assert_int_equal(n, 0);
	/* Only staff holding the queue's capability get a page at all. */
	fake.openable = even;
	fake.fetches = 0;
	ctx office = x;
	office.who.roles = ROLE_OFFICE;
	assert_int_equal(staff_queue_list(&office, &fake_queue, 5, &rows, &n, NULL), ST_DENIED);
	ctx citizen = {.arena = a, .db = conf_conn, .now = NOW, .who = {.kind = ACTOR_CITIZEN, .person_id = 1}};
	assert_int_equal(staff_queue_list(&citizen, &fake_queue, 5, &rows, &n, NULL), ST_DENIED);
	assert_int_equal(fake.fetches, 0);
	assert_null(rows);
	arena_free(a);
}

static void queue_logs_each_listed_row_only(void **state)
{
	(void)state;
	arena *a = arena_new();
	ctx x = staff_ctx(a);
	fake.openable = even;
	staff_queue logged = fake_queue;
	logged.what = "test.queue";
	struct row *rows;
	size_t n;
	bool more;
	int64_t before = rows_in("audit_log");
	assert_int_equal(staff_queue_list(&x, &logged, 4, &rows, &n, &more), ST_OK);
	assert_int_equal(n, 4);
	/* Four reads, one per listed row, whatever was looked at to fill the page. */
	assert_int_equal(rows_in("audit_log"), before + 4);
	int64_t count;
	assert_int_equal(store_audit_count(conf_conn, 2 + PATIENT_BASE, &count), ST_OK);
	assert_int_equal(count, 1);
	assert_int_equal(store_audit_count(conf_conn, 10 + PATIENT_BASE, &count), ST_OK);
	assert_int_equal(count, 0); /* row 10 was looked at, not listed */
	assert_int_equal(store_audit_count(conf_conn, 1 + PATIENT_BASE, &count), ST_OK);
	assert_int_equal(count, 0);
	arena_free(a);
}

/* ---- record_citizen_list ------------------------------------------------------------ */

static int list_fetches;

/* A list of three ids from the open record's. */
static status fake_list(ctx *x, const void *arg, void *list, size_t *n, bool *more)
{
	(void)arg;
	list_fetches++;
	int64_t *items = arena_alloc(x->arena, 3 * sizeof *items);
	for (int i = 0; i < 3; i++)
		items[i] = x->subject_id + i;
	memcpy(list, &items, sizeof items);
	*n = 3;
	*more = true;
	return ST_OK;
}

static void citizen_list_logs_a_representatives_read_only(void **state)
{
	(void)state;
	arena *a = arena_new();
	fx_world w;
	fx_world_make(&w);
	int64_t *items;
	size_t n;
	bool more;
	int64_t before = fx_log_entries(w.marius);
	ctx self = fx_citizen(a, NOW, w.marius, w.marius);
	assert_int_equal(record_citizen_list(&self, CAP_H4_VACCINES, "test.list", fake_list, NULL, &items, &n, &more),
	                 ST_OK);
	assert_int_equal(n, 3);
	assert_int_equal(items[2], w.marius + 2);
	assert_true(more);
	assert_int_equal(fx_log_entries(w.marius), before); /* their own record: not logged */
	ctx rep = fx_citizen(a, NOW, w.silje, w.marius);
	assert_int_equal(record_citizen_list(&rep, CAP_H4_VACCINES, "test.list", fake_list, NULL, &items, &n, &more),
	                 ST_OK);
	assert_int_equal(fx_log_entries(w.marius), before + 1);
	/* Without the capability on the record: denied, emptied, never fetched. */
	rep.access = 0;
	int fetches = list_fetches;
	assert_int_equal(record_citizen_list(&rep, CAP_H4_VACCINES, "test.list", fake_list, NULL, &items, &n, &more),
	                 ST_DENIED);
	assert_null(items);
	assert_int_equal(n, 0);
	assert_false(more);
	assert_int_equal(list_fetches, fetches);
	arena_free(a);
}

/* ---- authz_unit_role -------------------------------------------------------------------- */

static void unit_role_is_the_role_held_at_that_unit(void **state)
{
	(void)state;
	arena *a = arena_new();
	fx_world w;
	fx_world_make(&w);
	ctx x = fx_staff_ctx(a, NOW, w.ingrid_person, w.ingrid, ROLE_CLINICIAN);
	const char *role = NULL;
	assert_int_equal(authz_unit_role(&x, CAP_P5_VIDEO, w.ingrid, w.oya, &role), ST_OK);
	assert_string_equal(role, "clinician");
	/* Marte is office at the same unit: her role there lacks P5 (403). */
	assert_int_equal(authz_unit_role(&x, CAP_P5_VIDEO, w.marte, w.oya, NULL), ST_DENIED);
	assert_int_equal(authz_unit_role(&x, CAP_W2_SCHEDULES, w.marte, w.oya, NULL), ST_OK);
	/* Ingrid does not work at the hospital at all (404). */
	assert_int_equal(authz_unit_role(&x, CAP_P5_VIDEO, w.ingrid, w.hospital, NULL), ST_NOT_FOUND);
	arena_free(a);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup(tx_binds_a_copy_to_the_transaction, tx_setup),
    cmocka_unit_test_setup(tx_rolls_back_what_fn_refused, tx_setup),
    cmocka_unit_test_setup(tx_retries_from_the_callers_context, tx_setup),
    cmocka_unit_test_setup(tx_nests_in_the_outer_transaction, tx_setup),
    cmocka_unit_test(queue_fills_a_page_past_the_rows_left_out),
    cmocka_unit_test(queue_more_is_false_when_only_left_out_rows_follow),
    cmocka_unit_test(queue_of_nothing_openable_is_empty_and_staff_only),
    cmocka_unit_test(queue_logs_each_listed_row_only),
    cmocka_unit_test(citizen_list_logs_a_representatives_read_only),
    cmocka_unit_test(unit_role_is_the_role_held_at_that_unit),
};

CONF_GROUP(domain_helpers, tests)
