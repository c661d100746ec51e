/* seed_notifications.c — the demo world's notification choices and events
 * waiting (SPEC.md S2, N1, N2): Marius chose e-mail and SMS, Silje e-mail,
 * and events are waiting for both, so that `make run` with a local SMTP
 * server (docs/notifications.md) shows mail within seconds. */
#include <stdio.h>
#include <string.h>

#include "cli/demo.h"
#include "core/clock.h"
#include "store/outbox.h"
#include "store/settings.h"

static const struct demo_choice {
	const char *nin, *email, *phone;
	const char *choices[6]; /* "kind:channel", NULL-terminated */
	const char *events[3];  /* event kinds waiting, NULL-terminated */
} choices[] = {
    {"12848649994",
     "marius.berg@eksempel.no",
     "91234567",
     {"test_result:email", "test_result:sms", "questionnaire:email", "new_message:email", "new_message:sms", NULL},
     {"test_result", NULL, NULL}},
    {"03898849863",
     "silje.berg@eksempel.no",
     NULL,
     {"test_result:email", "questionnaire:email", NULL},
     {"test_result", "questionnaire", NULL}},
};

status seed_demo_notifications(db_conn *c)
{
	arena *ar = arena_new();
	unix_time now = clock_system_now();
	status st = ST_OK;
	for (size_t i = 0; i < ARRAY_LEN(choices) && st == ST_OK; i++) {
		const struct demo_choice *d = &choices[i];
		int64_t id;
		if ((st = demo_person_id(c, ar, d->nin, &id)) != ST_OK)
			break;
		contact_details cd = {.email = d->email, .phone = d->phone, .updated_at = now};
		st = store_contact_put(c, id, &cd);
		for (size_t k = 0; st == ST_OK && d->choices[k] != NULL; k++) {
			char kind[32];
			const char *colon = strchr(d->choices[k], ':');
			snprintf(kind, sizeof kind, "%.*s", (int)(colon - d->choices[k]), d->choices[k]);
			st = store_notification_pref_put(c, id, kind, colon + 1, true);
		}
		for (size_t k = 0; st == ST_OK && d->events[k] != NULL; k++) {
			int64_t ev;
			st = store_outbox_add(c, id, d->events[k], 0, false, now, &ev);
		}
	}
	arena_free(ar);
	return st;
}
