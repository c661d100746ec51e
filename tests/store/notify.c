/* notify.c (conformance) — notification delivery on both databases
 * (migration 13, store/outbox.h, domain/notify.h): fan-out by the
 * person's choices and to representatives with their own, one delivery per
 * event, channel and person however often it runs, nothing to a
 * deactivated account, nothing to any representative for an event hidden
 * from guardians, and the in-app inbox. The queue's leases, retries, dead
 * rows and claims at once are tests/store/delivery_queue.c's. */
#include <string.h>

#include "conformance.h"
#include "domain/notify.h"
#include "domain/tx.h"
#include "store/outbox.h"
#include "store/register.h"
#include "store/representation.h"
#include "store/session.h"
#include "store/settings.h"

#define NOW 1795341600 /* 2026-11-22T10:00:00Z */

struct world {
	int64_t elisabeth, bjorn, geir, per; /* Bjørn holds a power of attorney from Elisabeth */
};

static int64_t add_person(const char *nin, const char *given, const char *birth)
{
	person p = {.nin = nin, .given_name = given, .family_name = "Johansen", .birth_date = birth};
	int64_t id;
	assert_int_equal(store_person_insert(conf_conn, &p, &id), ST_OK);
	assert_int_equal(store_account_record_login(conf_conn, id, NOW - 86400), ST_OK);
	return id;
}

static void contact(int64_t who, const char *email, const char *phone)
{
	contact_details cd = {.email = email, .phone = phone, .updated_at = NOW};
	assert_int_equal(store_contact_put(conf_conn, who, &cd), ST_OK);
}

static void choose(int64_t who, const char *kind, const char *channel)
{
	assert_int_equal(store_notification_pref_put(conf_conn, who, kind, channel, true), ST_OK);
}

static void poa(int64_t from, int64_t to, const char *kind)
{
	representation r = {.representative_id = to,
	                    .represented_id = from,
	                    .basis = "power_of_attorney",
	                    .kind = kind,
	                    .valid_from = "2026-01-01"};
	int64_t id;
	assert_int_equal(store_repr_insert(conf_conn, &r, from, NOW - 86400, &id), ST_OK);
}

static void world_make(struct world *w)
{
	conf_fresh();
	w->elisabeth = add_person("02916949807", "Elisabeth", "1949-11-02");
	w->bjorn = add_person("21876649788", "Bjørn", "1966-07-21");
	w->geir = add_person("23857149971", "Geir", "1971-05-23");
	w->per = add_person("27816849956", "Per", "1968-01-27");
	contact(w->elisabeth, "elisabeth@example.no", "91234567");
	contact(w->bjorn, "bjorn@example.no", "92345678");
	contact(w->geir, "geir@example.no", NULL);
	choose(w->elisabeth, "test_result", "email");
	choose(w->elisabeth, "test_result", "sms");
	choose(w->bjorn, "test_result", "sms");
	choose(w->geir, "test_result", "email");
	poa(w->elisabeth, w->bjorn, "full");
	poa(w->elisabeth, w->geir, "appointments_messages"); /* never told about results */
}

static ctx system_ctx(arena *a)
{
	return (ctx){.arena = a, .db = conf_conn, .now = NOW, .who = {.kind = ACTOR_SYSTEM}};
}

static status fan_fn(ctx *x, void *args)
{
	size_t *counts = args;
	return notify_fan_out(x, NOTIFY_FANOUT_BATCH, &counts[0], &counts[1]);
}

static void fan_out(arena *a, size_t *events, size_t *deliveries)
{
	ctx x = system_ctx(a);
	size_t counts[2] = {0, 0};
	assert_int_equal(domain_tx(&x, true, fan_fn, counts), ST_OK);
	*events = counts[0];
	*deliveries = counts[1];
}

static int64_t event(int64_t who, const char *kind, bool hidden)
{
	int64_t id;
	assert_int_equal(store_outbox_add(conf_conn, who, kind, 7, hidden, NOW, &id), ST_OK);
	return id;
}

/* Whether the event has a delivery to recipient on channel; its about_id. */
static bool has(arena *a, int64_t ev, int64_t to, const char *channel, int64_t *about)
{
	delivery *d;
	size_t n;
	assert_int_equal(store_delivery_for_event(conf_conn, a, ev, 50, &d, &n), ST_OK);
	for (size_t i = 0; i < n; i++)
		if (d[i].recipient_id == to && strcmp(d[i].channel, channel) == 0) {
			if (about != NULL)
				*about = d[i].about_id;
			return true;
		}
	return false;
}

static void fan_out_follows_choices_and_representatives(void **state)
{
	(void)state;
	arena *a = arena_new();
	struct world w;
	world_make(&w);
	int64_t ev = event(w.elisabeth, "test_result", false);
	size_t events, made;
	fan_out(a, &events, &made);
	assert_int_equal(events, 1);
	/* Elisabeth: in-app, e-mail, SMS; Bjørn (full): in-app, SMS; Geir (appointments and messages): nothing. */
	assert_int_equal(made, 5);
	int64_t about = 0;
	assert_true(has(a, ev, w.elisabeth, "in_app", NULL));
	assert_true(has(a, ev, w.elisabeth, "email", NULL));
	assert_true(has(a, ev, w.elisabeth, "sms", NULL));
	assert_true(has(a, ev, w.bjorn, "sms", &about));
	assert_int_equal(about, w.elisabeth);
	assert_true(has(a, ev, w.bjorn, "in_app", NULL));
	assert_false(has(a, ev, w.bjorn, "email", NULL)); /* not his choice */
	assert_false(has(a, ev, w.geir, "in_app", NULL));
	assert_false(has(a, ev, w.per, "in_app", NULL));
	/* Again: nothing new, the event is fanned out; and adding the same
	 * delivery once more is no second delivery. */
	fan_out(a, &events, &made);
	assert_int_equal(events + made, 0);
	bool added = true;
	assert_int_equal(store_delivery_add(conf_conn, ev, w.elisabeth, w.elisabeth, "email", NOW, &added), ST_OK);
	assert_false(added);
	arena_free(a);
}

/* "Extract ready" is a kind of its own, told on the channels chosen for
 * letters, to representatives whose access holds the document centre. */
static void an_extract_follows_the_choice_for_letters(void **state)
{
	(void)state;
	arena *a = arena_new();
	struct world w;
	world_make(&w);
	choose(w.elisabeth, "letter", "email");
	choose(w.bjorn, "letter", "sms");
	int64_t ev = event(w.elisabeth, "extract_ready", false);
	size_t events, made;
	fan_out(a, &events, &made);
	assert_int_equal(events, 1);
	assert_true(has(a, ev, w.elisabeth, "in_app", NULL));
	assert_true(has(a, ev, w.elisabeth, "email", NULL));
	assert_false(has(a, ev, w.elisabeth, "sms", NULL)); /* chosen for results, not letters */
	assert_true(has(a, ev, w.bjorn, "sms", NULL));
	assert_false(has(a, ev, w.geir, "in_app", NULL)); /* appointments and messages: no documents */
	assert_int_equal(made, 4);
	/* A child's extract hidden from guardians: the person only. */
	int64_t hidden = event(w.elisabeth, "extract_ready", true);
	fan_out(a, &events, &made);
	assert_false(has(a, hidden, w.bjorn, "in_app", NULL));
	assert_true(has(a, hidden, w.elisabeth, "email", NULL));
	arena_free(a);
}

static void hidden_and_deactivated_receive_nothing(void **state)
{
	(void)state;
	arena *a = arena_new();
	struct world w;
	world_make(&w);
	int64_t hidden = event(w.elisabeth, "test_result", true);
	size_t events, made;
	fan_out(a, &events, &made);
	assert_int_equal(made, 3); /* hers only */
	assert_false(has(a, hidden, w.bjorn, "in_app", NULL));
	assert_false(has(a, hidden, w.bjorn, "sms", NULL));
	/* A2: Bjørn deactivates; then Elisabeth. */
	assert_int_equal(store_account_set_deactivated(conf_conn, w.bjorn, NOW), ST_OK);
	int64_t ev = event(w.elisabeth, "test_result", false);
	fan_out(a, &events, &made);
	assert_int_equal(made, 3);
	assert_false(has(a, ev, w.bjorn, "in_app", NULL));
	assert_int_equal(store_account_set_deactivated(conf_conn, w.elisabeth, NOW), ST_OK);
	int64_t later = event(w.elisabeth, "test_result", false);
	fan_out(a, &events, &made);
	assert_int_equal(events, 1);
	assert_int_equal(made, 0);
	assert_false(has(a, later, w.elisabeth, "in_app", NULL));
	arena_free(a);
}

static void inbox_counts_and_marks_read(void **state)
{
	(void)state;
	arena *a = arena_new();
	struct world w;
	world_make(&w);
	event(w.elisabeth, "test_result", false);
	event(w.elisabeth, "questionnaire", false);
	size_t events, made;
	fan_out(a, &events, &made);
	int64_t unread;
	assert_int_equal(store_inbox_unread(conf_conn, w.bjorn, &unread), ST_OK);
	assert_int_equal(unread, 2); /* a full power of attorney covers both */
	delivery *d;
	size_t n;
	assert_int_equal(store_inbox_list(conf_conn, a, w.bjorn, 10, &d, &n), ST_OK);
	assert_int_equal(n, 2);
	assert_non_null(d[0].about_name);
	assert_string_equal(d[0].about_name, "Elisabeth Johansen");
	assert_int_equal(store_inbox_list(conf_conn, a, w.elisabeth, 10, &d, &n), ST_OK);
	assert_int_equal(n, 2);
	assert_null(d[0].about_name); /* her own */
	/* Geir (appointments and messages) hears of the questionnaire only. */
	assert_int_equal(store_inbox_unread(conf_conn, w.geir, &unread), ST_OK);
	assert_int_equal(unread, 1);
	assert_int_equal(store_inbox_mark_read(conf_conn, w.bjorn, NOW), ST_OK);
	assert_int_equal(store_inbox_unread(conf_conn, w.bjorn, &unread), ST_OK);
	assert_int_equal(unread, 0);
	assert_int_equal(store_inbox_unread(conf_conn, w.elisabeth, &unread), ST_OK);
	assert_int_equal(unread, 2);
	arena_free(a);
}

static void texts_hold_no_record_content(void **state)
{
	(void)state;
	arena *a = arena_new();
	for (int loc = 0; loc < LOCALE_COUNT; loc++)
		for (int other = 0; other < 2; other++) {
			notify_text t;
			notify_compose(a, (enum locale)loc, other, "https://helsami.example.no/", &t);
			assert_non_null(strstr(t.body, "https://helsami.example.no/"));
			assert_non_null(strstr(t.sms, "https://helsami.example.no/"));
			assert_true(strlen(t.sms) <= 160 + 40); /* one or two SMS parts */
		}
	arena_free(a);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(fan_out_follows_choices_and_representatives),
    cmocka_unit_test(an_extract_follows_the_choice_for_letters),
    cmocka_unit_test(hidden_and_deactivated_receive_nothing),
    cmocka_unit_test(inbox_counts_and_marks_read),
    cmocka_unit_test(texts_hold_no_record_content),
};
CONF_GROUP(notify, tests)
