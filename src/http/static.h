/* static.h — static files (CSS, JS, images) from one directory, loaded into
 * memory at start-up and served by exact name: a name with a slash or dot-dot
 * simply is not in the table, so traversal cannot happen. */
#ifndef HELSAMI_HTTP_STATIC_H
#define HELSAMI_HTTP_STATIC_H

#include "core/core.h"
#include "web/web.h"

/* Loads every regular file directly in dir. ST_NOT_FOUND if dir is missing. */
status static_load(const char *dir);
void static_unload(void);
/* A short hash of all files, appended to asset URLs (?v=) to bust caches. */
const char *static_version(void);
/* The handler for the static files route: the file named by the path. */
void static_serve(request *rq, reply *rp);

#endif
