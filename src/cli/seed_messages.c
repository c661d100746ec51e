/* seed_messages.c — the demo world's secure messages (SPEC.md M1-M4), run
 * by `helsami seed demo` inside its transaction (cli/demo.h), once: the GP
 * office, the health station and home care take messages on their topics
 * (the hospital does not); Marius Berg has a conversation with his GP Ingrid
 * Solberg about his blood tests, with a PDF from her that he has answered,
 * and a notice from Øya legesenter that cannot be answered and that he has
 * not read; Silje Berg asks about moving an appointment (in the unit's
 * queue, unread, nobody assigned); Elisabeth Johansen's question to home
 * care is done. */
#include <string.h>

#include "cli/demo.h"
#include "core/arena.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "db/db.h"
#include "store/messages.h"

#define MARIUS "12848649994"
#define SILJE "03898849863"
#define ELISABETH "02916949807"
#define INGRID "14827549852" /* GP, Øya legesenter */
#define MARTE "19889549834"  /* front desk, Øya legesenter */
#define AHMED "25839049733"  /* home-care nurse, Midtbyen */

static const struct demo_unit {
	const char *code;
	int64_t reply_days;
	const char *topics[7];
	const char *clinician; /* who accepts new conversations there (M2); NULL: nobody by name */
} units[] = {
    {"oya-legesenter",
     3,
     {"gp_question", "appointment", "prescription", "results", "certificate", "other", NULL},
     INGRID},
    {"helsestasjon-sentrum", 2, {"appointment", "other", NULL}, NULL},
    {"midtbyen-hjemmetjeneste", 2, {"other", NULL}, NULL},
};

const char demo_pdf[] = "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
                        "2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
                        "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
                        "trailer<</Root 1 0 R>>\n%%EOF\n";

struct demo_msg {
	const char *author; /* an identity number */
	const char *role;   /* citizen, staff */
	bool for_unit, reply_allowed;
	const char *at; /* UTC */
	const char *body;
	bool with_pdf;
};

static const struct demo_conv {
	const char *patient, *unit, *clinician, *assigned; /* staff by identity number, NULL for none */
	const char *topic, *subject;
	bool done, citizen_read, unit_read;
	struct demo_msg msgs[3];
} convs[] = {
    {MARIUS,
     "oya-legesenter",
     INGRID,
     INGRID,
     "results",
     "Blodprøvene fra november",
     false,
     true,
     true,
     {{INGRID, "staff", false, true, "2026-11-18T09:10:00Z",
       "Hei Marius. Langtidsblodsukkeret ditt er litt lavere enn sist, fint! Jeg legger ved en oversikt.\n"
       "Les gjerne mer om diabetes på https://www.helsenorge.no/sykdom/diabetes/.",
       true},
      {MARIUS, "citizen", false, true, "2026-11-19T19:30:00Z", "Takk! Skal jeg fortsette med samme dose Metformin?",
       false},
      {NULL, NULL, false, false, NULL, NULL, false}}},
    {MARIUS,
     "oya-legesenter",
     NULL,
     NULL,
     "other",
     "Influensavaksine for risikogrupper",
     false,
     false,
     true,
     {{MARTE, "staff", true, false, "2026-11-21T08:00:00Z",
       "Du står på listen over risikogrupper og kan få influensavaksine hos oss. Bestill time på vanlig måte.", false},
      {NULL, NULL, false, false, NULL, NULL, false}}},
    {SILJE,
     "oya-legesenter",
     NULL,
     NULL,
     "appointment",
     "Kan jeg flytte timen min?",
     false,
     true,
     false,
     {{SILJE, "citizen", false, true, "2026-11-21T20:05:00Z",
       "Jeg har time hos fastlegen neste uke, men må på jobbreise. Kan vi finne en ny dag?", false},
      {NULL, NULL, false, false, NULL, NULL, false}}},
    {ELISABETH,
     "midtbyen-hjemmetjeneste",
     AHMED,
     AHMED,
     "other",
     "Når kommer dere på fredag?",
     true,
     true,
     true,
     {{ELISABETH, "citizen", false, true, "2026-11-12T10:00:00Z", "Når kommer dere på fredag? Jeg skal til frisøren.",
       false},
      {AHMED, "staff", false, true, "2026-11-12T13:20:00Z", "Vi kommer mellom klokka 9 og 10 på fredag.", false},
      {NULL, NULL, false, false, NULL, NULL, false}}},
};

static status at(const char *iso, unix_time *out)
{
	return time_parse(iso, out) ? ST_OK : ST_INTERNAL;
}

static status opt_staff(db_conn *c, arena *ar, const char *nin, int64_t *id)
{
	*id = 0;
	return nin == NULL ? ST_OK : demo_staff_id(c, ar, nin, id);
}

static status seed_conv(db_conn *c, arena *ar, const struct demo_conv *d)
{
	conversation v = {.topic = d->topic, .subject = d->subject, .reply_allowed = true};
	status st;
	if ((st = demo_person_id(c, ar, d->patient, &v.patient_id)) != ST_OK ||
	    (st = demo_unit_id(c, ar, d->unit, &v.unit_id)) != ST_OK ||
	    (st = opt_staff(c, ar, d->clinician, &v.clinician_id)) != ST_OK ||
	    (st = opt_staff(c, ar, d->assigned, &v.assigned_to)) != ST_OK ||
	    (st = at(d->msgs[0].at, &v.created_at)) != ST_OK || (st = store_conv_insert(c, &v, &v.id)) != ST_OK)
		return st;
	int64_t last_citizen = 0, last_staff = 0;
	for (size_t i = 0; i < ARRAY_LEN(d->msgs) && d->msgs[i].author != NULL; i++) {
		const struct demo_msg *dm = &d->msgs[i];
		bool staff_side = strcmp(dm->role, "staff") == 0;
		message m = {.conversation_id = v.id,
		             .patient_id = v.patient_id,
		             .author_role = dm->role,
		             .for_unit = dm->for_unit,
		             .reply_allowed = dm->reply_allowed,
		             .body = dm->body};
		if ((st = demo_person_id(c, ar, dm->author, &m.author_id)) != ST_OK ||
		    (st = at(dm->at, &m.created_at)) != ST_OK || (st = store_msg_insert(c, &m, &m.id)) != ST_OK ||
		    (st = store_conv_touched(c, v.id, m.created_at, staff_side ? (dm->reply_allowed ? 1 : 0) : -1)) !=
		        ST_OK)
			return st;
		*(staff_side ? &last_staff : &last_citizen) = m.id;
		if (dm->with_pdf) {
			message_attachment a = {.message_id = m.id,
			                        .conversation_id = v.id,
			                        .patient_id = v.patient_id,
			                        .file = {.content_type = "application/pdf",
			                                 .name = "blodprover-november.pdf",
			                                 .size = (int64_t)strlen(demo_pdf),
			                                 .created_at = m.created_at}};
			int64_t att;
			if ((st = store_att_insert(c, &a, (const uint8_t *)demo_pdf, strlen(demo_pdf), &att)) != ST_OK)
				return st;
		}
	}
	/* Each side has read what it wrote, and the other side's when said so. */
	int64_t newest = last_citizen > last_staff ? last_citizen : last_staff;
	if ((st = store_conv_read(c, v.id, false, d->citizen_read ? newest : last_citizen)) != ST_OK ||
	    (st = store_conv_read(c, v.id, true, d->unit_read ? newest : last_staff)) != ST_OK)
		return st;
	return d->done ? store_conv_done(c, v.id) : ST_OK;
}

static status seed(db_conn *c, arena *ar)
{
	status st;
	for (size_t i = 0; i < ARRAY_LEN(units); i++) {
		int64_t unit_id;
		if ((st = demo_unit_id(c, ar, units[i].code, &unit_id)) != ST_OK ||
		    (st = store_msg_unit_settings(c, unit_id, true, units[i].reply_days)) != ST_OK)
			return st;
		for (size_t k = 0; units[i].topics[k] != NULL; k++)
			if ((st = store_msg_topic_add(c, unit_id, units[i].topics[k])) != ST_OK)
				return st;
		int64_t clinician;
		if (units[i].clinician != NULL &&
		    ((st = demo_staff_id(c, ar, units[i].clinician, &clinician)) != ST_OK ||
		     (st = store_msg_clinician_add(c, unit_id, clinician)) != ST_OK))
			return st;
	}
	for (size_t i = 0; i < ARRAY_LEN(convs); i++)
		if ((st = seed_conv(c, ar, &convs[i])) != ST_OK)
			return st;
	return ST_OK;
}

status seed_demo_messages(db_conn *c)
{
	return demo_seed_with_arena(c, seed, "messages");
}
