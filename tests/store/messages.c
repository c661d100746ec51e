/* messages.c (conformance) — secure messages on both databases (migration
 * 16, store/messages.h, domain/messages.h): the topics a patient may write
 * to, conversations per patient (never another patient's rows), staff reach
 * only their units' conversations and only in a role that holds the
 * capability, the queues (mine, the unit's; done leaves them, a message
 * reopens), read marks that never go back, attachments per conversation,
 * and the domain rules: replies only where allowed, the access log with both
 * identities for a representative and for staff, nothing logged for the
 * patient, and the "new message" event for staff messages. */
#include <string.h>

#include "conformance.h"
#include "fixtures.h"
#include "core/arena.h"
#include "domain/messages.h"
#include "store/messages.h"
#include "store/outbox.h"
#include "store/register.h"
#include "store/representation.h"

enum { T0 = 1795000000 };
#define NOW 1795341600 /* 2026-11-22T10:00:00Z */

static const uint8_t PDF[] = "%PDF-1.4\n%%EOF\n";

static int64_t add_conv(int64_t patient, int64_t unit_id, const char *subject, bool reply)
{
	conversation v = {.patient_id = patient,
	                  .unit_id = unit_id,
	                  .topic = "other",
	                  .subject = subject,
	                  .reply_allowed = reply,
	                  .created_at = T0};
	int64_t id;
	assert_int_equal(store_conv_insert(conf_conn, &v, &id), ST_OK);
	return id;
}

static int64_t add_msg(int64_t conv, int64_t patient, int64_t author, const char *role, unix_time at)
{
	message m = {.conversation_id = conv,
	             .patient_id = patient,
	             .author_id = author,
	             .author_role = role,
	             .reply_allowed = true,
	             .body = "Hei",
	             .created_at = at};
	int64_t id;
	assert_int_equal(store_msg_insert(conf_conn, &m, &id), ST_OK);
	assert_int_equal(store_conv_touched(conf_conn, conv, at, -1), ST_OK);
	return id;
}

static void topics_are_the_patients_units_that_accept(void **state)
{
	(void)state;
	fx_world w;
	fx_world_make(&w);
	arena *a = arena_new();
	message_unit_topic *t;
	size_t n;
	assert_int_equal(store_msg_topic_add(conf_conn, w.oya, "gp_question"), ST_OK);
	assert_int_equal(store_msg_topic_add(conf_conn, w.oya, "gp_question"), ST_OK); /* again: nothing */
	assert_int_equal(store_msg_topic_add(conf_conn, w.hospital, "results"), ST_OK);
	/* Øya does not take messages yet. */
	assert_int_equal(store_msg_unit_settings(conf_conn, w.oya, false, 3), ST_OK);
	assert_int_equal(store_msg_topics_for_patient(conf_conn, a, w.marius, 10, &t, &n), ST_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_msg_unit_settings(conf_conn, w.oya, true, 5), ST_OK);
	assert_int_equal(store_msg_unit_settings(conf_conn, w.hospital, true, 5), ST_OK);
	assert_int_equal(store_msg_topics_for_patient(conf_conn, a, w.marius, 10, &t, &n), ST_OK);
	assert_int_equal(n, 1); /* the hospital accepts, but Marius is not its patient */
	assert_int_equal(t[0].unit_id, w.oya);
	assert_string_equal(t[0].topic, "gp_question");
	assert_int_equal(t[0].reply_days, 5);
	assert_int_equal(store_msg_unit_settings(conf_conn, w.oya, true, 31), ST_CONFLICT); /* CHECK 1..30 */
	arena_free(a);
}

static void conversations_stay_with_their_patient(void **state)
{
	(void)state;
	fx_world w;
	fx_world_make(&w);
	arena *a = arena_new();
	int64_t cm = add_conv(w.marius, w.oya, "Mine", true), cs = add_conv(w.silje, w.oya, "Hennes", true);
	add_msg(cm, w.marius, w.ingrid_person, "staff", T0 + 10);
	add_msg(cm, w.marius, w.ingrid_person, "staff", T0 + 20);
	add_msg(cs, w.silje, w.ingrid_person, "staff", T0 + 30);
	conversation v, *list;
	size_t n;
	bool more;
	assert_int_equal(store_conv_get(conf_conn, a, w.marius, cm, &v), ST_OK);
	assert_string_equal(v.subject, "Mine");
	assert_int_equal(store_conv_get(conf_conn, a, w.marius, cs, &v), ST_NOT_FOUND);
	assert_int_equal(store_conv_get(conf_conn, a, w.silje, cm, &v), ST_NOT_FOUND);
	assert_int_equal(store_conv_of_patient(conf_conn, a, w.marius, 10, &list, &n, &more), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].id, cm);
	assert_int_equal(list[0].unread, 2);
	assert_false(more);
	int64_t unread;
	assert_int_equal(store_conv_unread_of_patient(conf_conn, w.marius, &unread), ST_OK);
	assert_int_equal(unread, 2);
	assert_int_equal(store_conv_unread_of_patient(conf_conn, w.nora, &unread), ST_OK);
	assert_int_equal(unread, 0);
	message *msgs;
	assert_int_equal(store_msg_of_conversation(conf_conn, a, cm, 10, &msgs, &n), ST_OK);
	assert_int_equal(n, 2);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(msgs[i].patient_id, w.marius);
	/* Read marks go forward only. */
	assert_int_equal(store_conv_read(conf_conn, cm, false, msgs[1].id), ST_OK);
	assert_int_equal(store_conv_read(conf_conn, cm, false, msgs[0].id), ST_OK);
	assert_int_equal(store_conv_get(conf_conn, a, w.marius, cm, &v), ST_OK);
	assert_int_equal(v.citizen_read_to, msgs[1].id);
	assert_int_equal(v.unit_read_to, 0);
	assert_int_equal(store_conv_of_patient(conf_conn, a, w.marius, 10, &list, &n, &more), ST_OK);
	assert_int_equal(list[0].unread, 0);
	arena_free(a);
}

static void staff_reach_their_units_conversations_only(void **state)
{
	(void)state;
	fx_world w;
	fx_world_make(&w);
	arena *a = arena_new();
	int64_t admin = fx_staff(fx_person(fx_nin(0), "Tor", "Drift", "1970-01-01"), w.oya, "admin");
	int64_t c1 = add_conv(w.marius, w.oya, "Eldst", true), c2 = add_conv(w.silje, w.oya, "Nyere", true);
	add_msg(c1, w.marius, w.marius, "citizen", T0 + 10);
	add_msg(c2, w.silje, w.silje, "citizen", T0 + 20);
	unsigned m4 = ROLE_CLINICIAN | ROLE_OFFICE | ROLE_CASEWORKER | ROLE_SUPPORT;
	conversation v, *q;
	size_t n;
	bool more;
	assert_int_equal(store_conv_for_staff(conf_conn, a, w.ingrid, m4, c1, &v), ST_OK);
	assert_int_equal(store_conv_for_staff(conf_conn, a, w.eirik, m4, c1, &v), ST_NOT_FOUND); /* another unit */
	assert_int_equal(store_conv_for_staff(conf_conn, a, admin, m4, c1, &v), ST_NOT_FOUND);   /* a role without it */
	assert_int_equal(store_conv_for_staff(conf_conn, a, w.marte, ROLE_CLINICIAN, c1, &v), ST_NOT_FOUND);
	assert_int_equal(store_conv_queue(conf_conn, a, w.eirik, m4, false, 10, &q, &n, &more), ST_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_conv_queue(conf_conn, a, w.marte, m4, false, 10, &q, &n, &more), ST_OK);
	assert_int_equal(n, 2);
	assert_int_equal(q[0].id, c1); /* oldest activity first */
	assert_int_equal(q[0].unread, 1);
	assert_int_equal(store_conv_queue(conf_conn, a, w.marte, m4, false, 1, &q, &n, &more), ST_OK);
	assert_true(more);
	/* Mine: assigned to me. */
	assert_int_equal(store_conv_queue(conf_conn, a, w.marte, m4, true, 10, &q, &n, &more), ST_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_conv_assign(conf_conn, c2, w.marte, true), ST_OK);
	assert_int_equal(store_conv_queue(conf_conn, a, w.marte, m4, true, 10, &q, &n, &more), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(q[0].id, c2);
	assert_string_equal(q[0].assigned_name, "Marte Berg");
	/* Done leaves the queue; done again is a conflict; a message reopens it. */
	assert_int_equal(store_conv_done(conf_conn, c2), ST_OK);
	assert_int_equal(store_conv_done(conf_conn, c2), ST_CONFLICT);
	assert_int_equal(store_conv_queue(conf_conn, a, w.marte, m4, false, 10, &q, &n, &more), ST_OK);
	assert_int_equal(n, 1);
	add_msg(c2, w.silje, w.silje, "citizen", T0 + 30);
	assert_int_equal(store_conv_queue(conf_conn, a, w.marte, m4, false, 10, &q, &n, &more), ST_OK);
	assert_int_equal(n, 2);
	arena_free(a);
}

static void attachments_belong_to_their_conversation(void **state)
{
	(void)state;
	fx_world w;
	fx_world_make(&w);
	arena *a = arena_new();
	int64_t cm = add_conv(w.marius, w.oya, "Mine", true), cs = add_conv(w.silje, w.oya, "Hennes", true);
	int64_t mm = add_msg(cm, w.marius, w.marius, "citizen", T0 + 10);
	message_attachment at = {
	    .message_id = mm,
	    .conversation_id = cm,
	    .patient_id = w.marius,
	    .file = {.content_type = "application/pdf", .name = "a.pdf", .size = 15, .created_at = T0}};
	int64_t id;
	static const uint8_t bytes[15] = "%PDF-1.4\n\0\xff\x80\x01\n";
	assert_int_equal(store_att_insert(conf_conn, &at, bytes, sizeof bytes, &id), ST_OK);
	message_attachment got, *list;
	const uint8_t *data;
	size_t n, len;
	assert_int_equal(store_att_get(conf_conn, a, cm, id, &got, &data, &len), ST_OK);
	assert_int_equal(len, sizeof bytes);
	assert_memory_equal(data, bytes, sizeof bytes);
	fx_assert_file(&got.file, &at.file);
	assert_int_equal(store_att_get(conf_conn, a, cs, id, &got, &data, &len), ST_NOT_FOUND);
	assert_int_equal(store_att_of_conversation(conf_conn, a, cs, 10, &list, &n), ST_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_att_of_conversation(conf_conn, a, cm, 10, &list, &n), ST_OK);
	assert_int_equal(n, 1);
	fx_assert_file(&list[0].file, &at.file);
	/* Only the sniffed types are stored. */
	at.file.content_type = "text/html";
	assert_int_equal(store_att_insert(conf_conn, &at, (const uint8_t *)"<html>", 6, &id), ST_CONFLICT);
	arena_free(a);
}

static void the_rules_and_the_access_log(void **state)
{
	(void)state;
	fx_world w;
	fx_world_make(&w);
	arena *a = arena_new();
	assert_int_equal(store_msg_unit_settings(conf_conn, w.oya, true, 3), ST_OK);
	assert_int_equal(store_msg_topic_add(conf_conn, w.oya, "gp_question"), ST_OK);
	ctx marius = fx_citizen(a, NOW, w.marius, w.marius);
	problems pr = {0};
	int64_t id;
	upload_file files[] = {{.name = "x.pdf", .data = PDF, .len = sizeof PDF - 1}};
	msg_new in = {.unit_id = w.oya,
	              .topic = "gp_question",
	              .subject = "Hei",
	              .body = "Et spørsmål",
	              .files = files,
	              .nfiles = 1};
	int64_t log0 = fx_log_entries(w.marius);
	assert_int_equal(msg_citizen_start(&marius, &in, &pr, &id), ST_OK);
	assert_int_equal(fx_log_entries(w.marius), log0); /* the patient's own: not logged */
	/* A topic the unit does not accept, a unit that is not his. */
	in.topic = "results";
	assert_int_equal(msg_citizen_start(&marius, &in, &(problems){0}, &(int64_t){0}), ST_INVALID);
	in.topic = "gp_question";
	in.unit_id = w.hospital;
	assert_int_equal(msg_citizen_start(&marius, &in, &(problems){0}, &(int64_t){0}), ST_INVALID);
	/* Silje cannot open it. */
	ctx silje = fx_citizen(a, NOW, w.silje, w.silje);
	msg_thread t;
	assert_int_equal(msg_citizen_thread(&silje, id, &t), ST_NOT_FOUND);
	/* Staff: another unit does not see it; Marte does, logged, and answers
	 * without reply; the event says only that a message is new. */
	ctx eirik = fx_staff_ctx(a, NOW, w.eirik_person, w.eirik, ROLE_CLINICIAN);
	assert_int_equal(msg_staff_thread(&eirik, id, &t), ST_NOT_FOUND);
	ctx marte = fx_staff_ctx(a, NOW, w.marte_person, w.marte, ROLE_OFFICE);
	assert_int_equal(msg_staff_thread(&marte, id, &t), ST_OK);
	assert_int_equal(t.n, 1);
	assert_int_equal(t.natt, 1);
	assert_int_equal(fx_log_entries(w.marius), log0 + 1);
	msg_send send = {.body = "Svar", .for_unit = true, .reply_allowed = false};
	assert_int_equal(msg_staff_reply(&marte, id, &send, &(problems){0}), ST_OK);
	assert_int_equal(fx_log_entries(w.marius), log0 + 2);
	outbox_event *ev;
	size_t n;
	assert_int_equal(store_outbox_for_person(conf_conn, a, w.marius, 10, &ev, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_string_equal(ev[0].kind, "new_message");
	/* Replies are closed now. */
	assert_int_equal(msg_citizen_reply(&marius, id, "Takk", NULL, 0, &(problems){0}), ST_DENIED);
	/* A representative reads: logged with both identities. */
	representation r = {.representative_id = w.silje,
	                    .represented_id = w.marius,
	                    .basis = "power_of_attorney",
	                    .kind = "appointments_messages",
	                    .valid_from = "2026-01-01"};
	int64_t rid;
	assert_int_equal(store_repr_insert(conf_conn, &r, w.marius, NOW - 86400, &rid), ST_OK);
	ctx rep = fx_citizen(a, NOW, w.silje, w.marius);
	assert_int_equal(msg_citizen_thread(&rep, id, &t), ST_OK);
	assert_int_equal(fx_log_entries(w.marius), log0 + 3);
	/* One whose access lacks messages gets neither the compose page's lists
	 * nor a new conversation, whatever route calls (the domain's own check). */
	rep.access &= ~CAP_BIT(CAP_M2_MESSAGES);
	message_unit_topic *topics;
	message_clinician *clinicians;
	assert_int_equal(msg_citizen_topics(&rep, &topics, &n), ST_DENIED);
	assert_int_equal(msg_citizen_clinicians(&rep, &clinicians, &n), ST_DENIED);
	in.unit_id = w.oya;
	assert_int_equal(msg_citizen_start(&rep, &in, &(problems){0}, &(int64_t){0}), ST_DENIED);
	arena_free(a);
}

static void the_sniffer_and_the_limits(void **state)
{
	(void)state;
	assert_string_equal(upload_sniff(PDF, sizeof PDF - 1), "application/pdf");
	static const uint8_t png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0};
	assert_string_equal(upload_sniff(png, sizeof png), "image/png");
	static const uint8_t jpeg[] = {0xff, 0xd8, 0xff, 0xe0, 0};
	assert_string_equal(upload_sniff(jpeg, sizeof jpeg), "image/jpeg");
	const char *html = "<!DOCTYPE html><p>hei</p>";
	assert_null(upload_sniff((const uint8_t *)html, strlen(html)));
	const char *poly = "%PDF-1.4\n<HTML><ScRiPt>alert(1)</script>";
	assert_null(upload_sniff((const uint8_t *)poly, strlen(poly)));
	assert_null(upload_sniff(PDF, 3));
	problems pr = {0};
	upload_file empty = {.name = "e.pdf", .data = PDF, .len = 0};
	assert_false(upload_check(&pr, &empty, 1));
	assert_string_equal(pr.items[0].key, "upload.error.file_empty");
	upload_file four[4] = {{"a", PDF, 5}, {"b", PDF, 5}, {"c", PDF, 5}, {"d", PDF, 5}};
	pr = (problems){0};
	assert_false(upload_check(&pr, four, 4));
	assert_string_equal(pr.items[0].key, "upload.error.too_many_files");
	pr = (problems){0};
	assert_true(upload_check(&pr, four, 3));
}

/* A file is stored as its bytes say, under the name sent when that is clean
 * text of at most 100 characters, else "vedlegg" with the type's extension
 * (docs/messages.md, "Attachments"). */
static void an_upload_is_stored_by_its_bytes_under_a_clean_name(void **state)
{
	(void)state;
	arena *a = arena_new();
	upload_file sent = {.name = "blodprøver.pdf", .data = PDF, .len = sizeof PDF - 1};
	stored_file got = upload_stored_file(a, &sent, NOW);
	fx_assert_file(&got, &(stored_file){.content_type = "application/pdf",
	                                    .name = "blodprøver.pdf",
	                                    .size = sizeof PDF - 1,
	                                    .created_at = NOW});
	static const uint8_t png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0};
	upload_file odd = {.name = "skjerm\x01bilde.pdf", .data = png, .len = sizeof png};
	got = upload_stored_file(a, &odd, NOW);
	assert_string_equal(got.content_type, "image/png");
	assert_string_equal(got.name, "vedlegg.png");
	char long_name[102];
	memset(long_name, 'x', 97);
	memcpy(long_name + 97, ".pdf", 5);
	sent.name = long_name;
	assert_string_equal(upload_stored_file(a, &sent, NOW).name, "vedlegg.pdf");
	sent.name = NULL;
	assert_string_equal(upload_stored_file(a, &sent, NOW).name, "vedlegg.pdf");
	arena_free(a);
}

/* M2: a unit's settings, and the clinicians a patient may write to: only
 * those who accept, at units the patient belongs to that take messages. */
static void unit_settings_and_accepting_clinicians(void **state)
{
	(void)state;
	conf_fresh();
	fx_world w;
	fx_world_make(&w);
	arena *a = arena_new();
	assert_int_equal(store_msg_unit_settings(conf_conn, w.oya, true, 4), ST_OK);
	assert_int_equal(store_msg_topic_add(conf_conn, w.oya, "results"), ST_OK);
	assert_int_equal(store_msg_topic_add(conf_conn, w.oya, "appointment"), ST_OK);
	assert_int_equal(store_msg_topic_add(conf_conn, w.hospital, "other"), ST_OK);
	message_unit u;
	assert_int_equal(store_msg_unit_get(conf_conn, a, w.oya, &u), ST_OK);
	assert_true(u.accepts);
	assert_int_equal(u.reply_days, 4);
	assert_int_equal(store_msg_unit_get(conf_conn, a, 999999, &u), ST_NOT_FOUND);
	const char **topics;
	size_t n;
	assert_int_equal(store_msg_topics_of_unit(conf_conn, a, w.oya, &topics, &n), ST_OK);
	assert_int_equal(n, 2);
	assert_string_equal(topics[0], "appointment");
	assert_string_equal(topics[1], "results");
	assert_int_equal(store_msg_topics_clear(conf_conn, w.oya), ST_OK);
	assert_int_equal(store_msg_topics_of_unit(conf_conn, a, w.oya, &topics, &n), ST_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_msg_topics_of_unit(conf_conn, a, w.hospital, &topics, &n), ST_OK);
	assert_int_equal(n, 1); /* another unit's are left alone */

	message_unit *units;
	assert_int_equal(store_msg_units_of_staff(conf_conn, a, w.marte, ROLE_CLINICIAN | ROLE_OFFICE, &units, &n),
	                 ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(units[0].unit_id, w.oya);
	assert_int_equal(store_msg_units_of_staff(conf_conn, a, w.marte, ROLE_CLINICIAN, &units, &n), ST_OK);
	assert_int_equal(n, 0);

	message_clinician *cl;
	assert_int_equal(store_msg_clinicians_of_unit(conf_conn, a, w.oya, &cl, &n), ST_OK);
	assert_int_equal(n, 1); /* Ingrid; Marte is office */
	assert_int_equal(cl[0].staff_id, w.ingrid);
	assert_false(cl[0].accepts);
	assert_int_equal(store_msg_clinician_add(conf_conn, w.oya, w.ingrid), ST_OK);
	assert_int_equal(store_msg_clinician_add(conf_conn, w.oya, w.ingrid), ST_OK); /* again: nothing */
	assert_int_equal(store_msg_clinician_add(conf_conn, w.hospital, w.eirik), ST_OK);
	assert_int_equal(store_msg_clinicians_of_unit(conf_conn, a, w.oya, &cl, &n), ST_OK);
	assert_true(cl[0].accepts);
	/* Marius belongs to Øya only; the hospital takes no messages anyway. */
	assert_int_equal(store_msg_clinicians_for_patient(conf_conn, a, w.marius, 10, &cl, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(cl[0].staff_id, w.ingrid);
	assert_int_equal(cl[0].unit_id, w.oya);
	/* A unit that stops taking messages takes its clinicians with it. */
	assert_int_equal(store_msg_unit_settings(conf_conn, w.oya, false, 4), ST_OK);
	assert_int_equal(store_msg_clinicians_for_patient(conf_conn, a, w.marius, 10, &cl, &n), ST_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_msg_unit_settings(conf_conn, w.oya, true, 4), ST_OK);
	assert_int_equal(store_msg_clinicians_clear(conf_conn, w.oya), ST_OK);
	assert_int_equal(store_msg_clinicians_for_patient(conf_conn, a, w.marius, 10, &cl, &n), ST_OK);
	assert_int_equal(n, 0);
	arena_free(a);
}

/* M4: what waits for a member of staff (the header's count) and who may be
 * assigned a conversation: only staff of that unit. */
static void waiting_counts_and_colleagues(void **state)
{
	(void)state;
	conf_fresh();
	fx_world w;
	fx_world_make(&w);
	arena *a = arena_new();
	unsigned m4 = ROLE_CLINICIAN | ROLE_OFFICE;
	int64_t c1 = add_conv(w.marius, w.oya, "En", true), c2 = add_conv(w.silje, w.oya, "To", true);
	add_conv(w.marius, w.hospital, "Tre", true);
	int64_t waiting;
	assert_int_equal(store_conv_waiting_for_staff(conf_conn, w.marte, m4, &waiting), ST_OK);
	assert_int_equal(waiting, 0); /* no citizen message yet */
	int64_t m1 = add_msg(c1, w.marius, w.marius, "citizen", T0 + 10);
	add_msg(c2, w.silje, w.ingrid_person, "staff", T0 + 20); /* the unit's own message waits for no one */
	assert_int_equal(store_conv_waiting_for_staff(conf_conn, w.marte, m4, &waiting), ST_OK);
	assert_int_equal(waiting, 1);
	assert_int_equal(store_conv_waiting_for_staff(conf_conn, w.eirik, m4, &waiting), ST_OK);
	assert_int_equal(waiting, 0); /* another unit's */
	assert_int_equal(store_conv_read(conf_conn, c1, true, m1), ST_OK);
	assert_int_equal(store_conv_waiting_for_staff(conf_conn, w.marte, m4, &waiting), ST_OK);
	assert_int_equal(waiting, 0);
	/* Assigned by a colleague: waits for the assignee until they open it. */
	assert_int_equal(store_conv_assign(conf_conn, c2, w.ingrid, false), ST_OK);
	assert_int_equal(store_conv_waiting_for_staff(conf_conn, w.ingrid, m4, &waiting), ST_OK);
	assert_int_equal(waiting, 1);
	assert_int_equal(store_conv_waiting_for_staff(conf_conn, w.marte, m4, &waiting), ST_OK);
	assert_int_equal(waiting, 0);
	assert_int_equal(store_conv_assignee_saw(conf_conn, c2, w.marte), ST_OK); /* not hers: nothing */
	assert_int_equal(store_conv_waiting_for_staff(conf_conn, w.ingrid, m4, &waiting), ST_OK);
	assert_int_equal(waiting, 1);
	assert_int_equal(store_conv_assignee_saw(conf_conn, c2, w.ingrid), ST_OK);
	assert_int_equal(store_conv_waiting_for_staff(conf_conn, w.ingrid, m4, &waiting), ST_OK);
	assert_int_equal(waiting, 0);
	message_clinician *team;
	size_t n;
	assert_int_equal(store_msg_staff_of_unit(conf_conn, a, w.oya, m4, &team, &n), ST_OK);
	assert_int_equal(n, 2); /* Ingrid and Marte, never Eirik */
	for (size_t i = 0; i < n; i++)
		assert_true(team[i].staff_id == w.ingrid || team[i].staff_id == w.marte);
	assert_int_equal(store_msg_staff_of_unit(conf_conn, a, w.oya, ROLE_OFFICE, &team, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(team[0].staff_id, w.marte);
	arena_free(a);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(waiting_counts_and_colleagues),
    cmocka_unit_test(unit_settings_and_accepting_clinicians),
    cmocka_unit_test(topics_are_the_patients_units_that_accept),
    cmocka_unit_test(conversations_stay_with_their_patient),
    cmocka_unit_test(staff_reach_their_units_conversations_only),
    cmocka_unit_test(attachments_belong_to_their_conversation),
    cmocka_unit_test(the_rules_and_the_access_log),
    cmocka_unit_test(the_sniffer_and_the_limits),
    cmocka_unit_test(an_upload_is_stored_by_its_bytes_under_a_clean_name),
};
CONF_GROUP(messages, tests)
