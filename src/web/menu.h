/* menu.h — the portal's areas in one table, and what the page frame builds
 * from it: the main menu on every page, the shortcuts a citizen may choose
 * (S3) and show on the home page, and the staff workspace's queues.
 *
 * An area is a page that answers (a GET route in http/routes.c) and a
 * reader may open: its route's handler, the catalog key of its name, and the
 * capability the reader must hold. Who sees it is decided by authz_check
 * alone: a citizen by the capabilities held on the open record
 * (ctx->access, so a representative sees what that record allows), staff
 * by the capabilities their roles give, never by role names. An area not
 * built yet has no row; adding one is one line in menu.c (docs/pages.md). */
#ifndef HELSAMI_WEB_MENU_H
#define HELSAMI_WEB_MENU_H

#include <stdbool.h>

#include <jansson.h>

#include "domain/authz.h"
#include "web/web.h"

/* Who an area is for, and where it shows besides the main menu. */
enum area_flag {
	AREA_CITIZEN = 1 << 0,   /* logged-in citizens (by the open record's capabilities) */
	AREA_STAFF = 1 << 1,     /* staff (by the capabilities their roles give) */
	AREA_ANONYMOUS = 1 << 2, /* nobody logged in */
	AREA_DEV = 1 << 3,       /* only in dev mode */
	AREA_SHORTCUT = 1 << 4,  /* may be chosen as a home-page shortcut (S3) */
	AREA_QUEUE = 1 << 5,     /* a staff work queue (W3), also listed on the workspace page */
};

/* More than the table will hold: sizes the shortcut form's choice list. */
enum { MENU_AREAS_MAX = 40 };

typedef struct area {
	const char *key;     /* stable id: stored as a shortcut, named by tests */
	web_handler page;    /* the GET route it opens (its path: web_path) */
	const char *label;   /* catalog key of its name */
	enum capability cap; /* what the reader must hold on it */
	unsigned flags;      /* enum area_flag */
	const char *section; /* another path prefix counted as this area (aria-current), or NULL */
} area;

/* The area with this key, or NULL (an area not built yet, or none). */
const area *menu_area(const char *key);

/* Whether the reader of rq sees area a now: the area is for their kind of
 * actor (and this mode), and authz_check grants its capability. */
bool menu_area_open(const request *rq, const area *a);

/* The keys of every area that may be a shortcut, in menu order,
 * NULL-terminated, in the request's arena (a form's choice list). */
const char *const *menu_shortcut_keys(arena *a);

/* The layout's main menu for rq: {items: [{key, url, label, current}],
 * whose: the open record's owner's name when it is someone else's, else
 * false}. Every area the reader sees, in table order; `current` marks the
 * one whose path or section is the longest prefix of rq->path (a whole
 * segment: "/visits/7" is under "/visits"; "/" only itself). New reference. */
json_t *menu_model(const request *rq);

/* A link per area the reader sees that has every bit of `flags`:
 * [{key, url, label}] in table order. New reference. */
json_t *menu_links(const request *rq, unsigned flags);

/* The link for one area by key, if the reader sees it: {key, url, label},
 * else NULL. New reference. */
json_t *menu_link(const request *rq, const char *key);

#endif
