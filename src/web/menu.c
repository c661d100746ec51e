/* menu.c — the table of areas (menu.h) and the links built from it: the
 * main menu of the page frame, shortcut choices and the staff queues.
 *
 * Only areas that exist are listed: a row is added when its page is built
 * (messages M2 is still to come; each area adds one row here, with
 * AREA_SHORTCUT if a citizen may choose it for the home page). */
#include "web/menu.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "web/i18n.h"
#include "web/pages.h"

#define CITIZEN AREA_CITIZEN
#define STAFF AREA_STAFF
#define ANON AREA_ANONYMOUS
#define SHORTCUT AREA_SHORTCUT
#define QUEUE AREA_QUEUE

/* In menu order. A citizen's areas first (the home page, health, contact
 * with the health services, privacy, representation, settings), then the
 * workspace's, then what a visitor who is not logged in may do. */
static const area areas[] = {
    {"home", web_start, "area.home", CAP_A3_HOME, CITIZEN, NULL},
    {"health_summary", web_health_summary, "shortcut.health_summary", CAP_H6_SUMMARY, CITIZEN | SHORTCUT, NULL},
    {"medications", web_medications, "shortcut.medications", CAP_H1_MEDICATIONS, CITIZEN | SHORTCUT, NULL},
    {"results", web_results, "shortcut.results", CAP_H2_RESULTS, CITIZEN | SHORTCUT, NULL},
    {"vaccines", web_health_vaccines, "shortcut.vaccines", CAP_H4_VACCINES, CITIZEN | SHORTCUT, NULL},
    {"appointments", web_appointments, "shortcut.appointments", CAP_P1_APPOINTMENTS, CITIZEN | SHORTCUT, NULL},
    {"visits", web_visits, "area.visits", CAP_P7_VISITS, CITIZEN | SHORTCUT, NULL},
    {"questionnaires", web_questionnaires, "shortcut.questionnaires", CAP_Q1_QUESTIONNAIRES, CITIZEN | SHORTCUT, NULL},
    {"care_team", web_care_team, "shortcut.care_team", CAP_C1_CARE_TEAM, CITIZEN | SHORTCUT, NULL},
    /* Secure messages (M2). */
    {"messages", web_messages, "shortcut.messages", CAP_M2_MESSAGES, CITIZEN | SHORTCUT, NULL},
    /* User support (U1). */
    {"support", web_support, "area.support", CAP_U1_SUPPORT, CITIZEN, NULL},
    /* Municipal services (K1) and the document centre (D1). */
    {"services", web_services, "shortcut.services", CAP_K1_APPLY, CITIZEN | SHORTCUT, NULL},
    {"documents", web_documents, "shortcut.documents", CAP_D1_DOCUMENTS, CITIZEN | SHORTCUT, NULL},
    {"access_log", web_access_log, "shortcut.access_log", CAP_D3_ACCESS_LOG, CITIZEN | SHORTCUT, NULL},
    {"access", web_access_page, "shortcut.access", CAP_R5_OVERVIEW, CITIZEN | SHORTCUT, NULL},
    /* Settings are one's own: a representative does not hold S1 on someone
     * else's record, so the entry shows on one's own record only. */
    {"settings", web_settings_personal, "area.settings", CAP_S1_PERSONAL, CITIZEN, "/settings"},

    {"workspace", web_staff_home, "area.workspace", CAP_W1_WORKSPACE, STAFF, NULL},
    {"patients", web_staff_patients, "area.patients", CAP_W2_PATIENT_CHART, STAFF, NULL},
    {"schedules", web_staff_schedules, "area.schedules", CAP_W2_SCHEDULES, STAFF, NULL},
    {"queue_appointments", web_staff_appointment_queue, "staff.queue.appointments", CAP_W2_SCHEDULES, STAFF | QUEUE,
     "/staff/queues/appointments"},
    {"queue_renewals", web_staff_renewals, "staff.queue.renewals", CAP_W3_CLINICAL_QUEUES, STAFF | QUEUE, NULL},
    {"queue_allergies", web_allergy_queue, "staff.queue.allergies", CAP_W3_CLINICAL_QUEUES, STAFF | QUEUE, NULL},
    {"queue_record_access", web_staff_record_access_queue, "staff.queue.record_access", CAP_W3_CLINICAL_QUEUES,
     STAFF | QUEUE, NULL},
    /* Corrections and erasures support forwarded to the unit's clinicians (U1). */
    {"queue_corrections", web_staff_corrections, "staff.queue.corrections", CAP_W3_CLINICAL_QUEUES, STAFF | QUEUE,
     NULL},
    {"queue_results", web_staff_results_queue, "staff.queue.results", CAP_W3_CLINICAL_QUEUES, STAFF | QUEUE, NULL},
    {"queue_questionnaires", web_staff_questionnaires_queue, "staff.queue.questionnaires", CAP_W3_CLINICAL_QUEUES,
     STAFF | QUEUE, NULL},
    /* Applications are opened at /staff/representation/:id. */
    {"queue_representation", web_capacity_queue, "staff.queue.representation", CAP_R4_REVIEW, STAFF | QUEUE,
     "/staff/representation"},
    /* Video consultations (P5): the clinician's week, each call opened from it. */
    {"video", web_staff_video_list, "area.video", CAP_P5_VIDEO, STAFF, "/staff/video"},
    /* Secure messages (M4): the queue; conversations at /staff/messages/:id. */
    {"queue_messages", web_staff_messages, "staff.queue.messages", CAP_M4_STAFF_MESSAGES, STAFF | QUEUE, NULL},
    /* User support (U1): cases at /staff/support/:id. */
    {"queue_support", web_staff_support, "staff.queue.support", CAP_U1_SUPPORT_CASES, STAFF | QUEUE, NULL},
    /* Applications for municipal services are opened at /staff/services/:id. */
    {"queue_services", web_staff_services_queue, "staff.queue.services", CAP_K2_CASEWORK, STAFF | QUEUE,
     "/staff/services"},

    {"start", web_start, "area.start", CAP_PUBLIC, ANON, NULL},
    {"login", web_idporten_start, "area.login", CAP_PUBLIC, ANON, "/login"},
    {"testid", web_testid_page, "area.testid", CAP_PUBLIC, ANON | AREA_DEV, NULL},
};

_Static_assert(ARRAY_LEN(areas) <= MENU_AREAS_MAX, "MENU_AREAS_MAX must cover the table");

const area *menu_area(const char *key)
{
	for (size_t i = 0; key != NULL && i < ARRAY_LEN(areas); i++)
		if (strcmp(areas[i].key, key) == 0)
			return &areas[i];
	return NULL;
}

bool menu_area_open(const request *rq, const area *a)
{
	const ctx *x = rq->c;
	bool dev = rq->site != NULL && rq->site->dev;
	if ((a->flags & AREA_DEV) && !dev)
		return false;
	switch (x != NULL ? x->who.kind : ACTOR_ANONYMOUS) {
	case ACTOR_CITIZEN: return (a->flags & AREA_CITIZEN) && authz_check(x, a->cap) == ST_OK;
	case ACTOR_STAFF: return (a->flags & AREA_STAFF) && authz_check(x, a->cap) == ST_OK;
	case ACTOR_ANONYMOUS: return (a->flags & AREA_ANONYMOUS) != 0;
	case ACTOR_SYSTEM: break;
	}
	return false;
}

const char *const *menu_shortcut_keys(arena *a)
{
	const char **keys = arena_alloc(a, (ARRAY_LEN(areas) + 1) * sizeof *keys);
	size_t n = 0;
	for (size_t i = 0; i < ARRAY_LEN(areas); i++)
		if (areas[i].flags & AREA_SHORTCUT)
			keys[n++] = areas[i].key;
	keys[n] = NULL;
	return keys;
}

/* How much of path the prefix p covers: its length when path is p or below
 * it ("/health/results/7" is under "/health/results"), else 0. "/" covers
 * only itself. */
static size_t prefix_match(const char *p, const char *path)
{
	size_t n = strlen(p);
	if (strcmp(p, "/") == 0)
		return strcmp(path, "/") == 0 ? 1 : 0;
	return strncmp(path, p, n) == 0 && (path[n] == '\0' || path[n] == '/') ? n : 0;
}

/* How well path belongs to area a: the longest of its path and its
 * section that covers it, 0 for none. */
static size_t area_match(const area *a, const char *path)
{
	if (path == NULL)
		return 0;
	size_t by_path = prefix_match(web_path(a->page), path);
	size_t by_section = a->section != NULL ? prefix_match(a->section, path) : 0;
	return by_path > by_section ? by_path : by_section;
}

static enum locale locale_of(const request *rq)
{
	return rq->c != NULL && (unsigned)rq->c->locale < LOCALE_COUNT ? rq->c->locale : LOCALE_NB;
}

/* A JSON string that is never NULL (json_string refuses invalid UTF-8). */
static json_t *jstr(const char *s)
{
	json_t *j = json_string(s != NULL ? s : "");
	return j != NULL ? j : json_string("");
}

static json_t *link_in(enum locale loc, const area *a)
{
	json_t *o = json_object();
	json_object_set_new(o, "key", jstr(a->key));
	json_object_set_new(o, "url", jstr(web_path(a->page)));
	json_object_set_new(o, "label", jstr(i18n_text(loc, a->label)));
	return o;
}

static json_t *link_of(const request *rq, const area *a)
{
	return link_in(locale_of(rq), a);
}

json_t *menu_links(const request *rq, unsigned flags)
{
	json_t *list = json_array();
	for (size_t i = 0; i < ARRAY_LEN(areas); i++)
		if ((areas[i].flags & flags) == flags && menu_area_open(rq, &areas[i]))
			json_array_append_new(list, link_of(rq, &areas[i]));
	return list;
}

json_t *menu_link(const request *rq, const char *key)
{
	const area *a = menu_area(key);
	return a != NULL && menu_area_open(rq, a) ? link_of(rq, a) : NULL;
}

/* The menu's items for one locale, set of open areas and current area
 * (index, or -1), built on first use and kept: every page shows the
 * menu, and building it anew was a sixth of the home page's instructions
 * (issue 12).
 * What varies between readers with the same three is only the "whose"
 * line, which stays out of the cache. A kept array is never changed, so
 * threads share it (jansson's reference counts are atomic). */
typedef struct menu_key {
	enum locale locale;
	uint64_t open;
	int current;
} menu_key;

/* Readers fall into few kinds (citizen, representative by access kind,
 * staff by role set); past this many, menus are built and not kept. */
enum { MENU_CACHE_MAX = 256 };

static struct {
	pthread_mutex_t lock;
	size_t n;
	menu_key keys[MENU_CACHE_MAX];
	json_t *items[MENU_CACHE_MAX];
} menu_cache = {.lock = PTHREAD_MUTEX_INITIALIZER};

_Static_assert(MENU_AREAS_MAX <= 64, "the open areas are a 64-bit set");

static json_t *items_build(menu_key k)
{
	json_t *items = json_array();
	for (size_t i = 0; i < ARRAY_LEN(areas); i++) {
		if (!(k.open & (UINT64_C(1) << i)))
			continue;
		json_t *o = link_in(k.locale, &areas[i]);
		/* Always set, so the template never finds an outer "current". */
		json_object_set_new(o, "current", json_boolean((int)i == k.current));
		json_array_append_new(items, o);
	}
	return items;
}

/* The items for k: a new reference, kept in the cache while it has room. */
static json_t *items_for(menu_key k)
{
	pthread_mutex_lock(&menu_cache.lock);
	for (size_t i = 0; i < menu_cache.n; i++)
		if (memcmp(&menu_cache.keys[i], &k, sizeof k) == 0) {
			json_t *hit = json_incref(menu_cache.items[i]);
			pthread_mutex_unlock(&menu_cache.lock);
			return hit;
		}
	json_t *items = items_build(k);
	if (menu_cache.n < MENU_CACHE_MAX) {
		menu_cache.keys[menu_cache.n] = k;
		menu_cache.items[menu_cache.n++] = json_incref(items);
	}
	pthread_mutex_unlock(&menu_cache.lock);
	return items;
}

json_t *menu_model(const request *rq)
{
	menu_key k;
	memset(&k, 0, sizeof k); /* padding too: keys are compared whole */
	k.locale = locale_of(rq);
	k.current = -1;
	size_t best = 0;
	for (size_t i = 0; i < ARRAY_LEN(areas); i++) {
		if (!menu_area_open(rq, &areas[i]))
			continue;
		k.open |= UINT64_C(1) << i;
		size_t m = area_match(&areas[i], rq->path);
		if (m > best) {
			best = m;
			k.current = (int)i;
		}
	}
	json_t *menu = json_object();
	json_object_set_new(menu, "items", items_for(k));
	const ctx *x = rq->c;
	bool other =
	    x != NULL && x->who.kind == ACTOR_CITIZEN && x->subject_id != x->who.person_id && rq->subject_name != NULL;
	json_object_set_new(menu, "whose", other ? jstr(rq->subject_name) : json_false());
	return menu;
}
