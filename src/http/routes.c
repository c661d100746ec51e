/* routes.c — the route table: every URL the portal answers, who may call it,
 * the capability it serves and its body limit. The authorization matrix test
 * is generated from this table, so a new route cannot escape it. */
#include "http/router.h"
#include "http/static.h"
#include "web/pages.h"

const route routes[] = {
    {"GET", "/", web_start, WHO_ANYONE, CAP_PUBLIC, BODY_NONE},
    {"GET", "/status", web_status, WHO_ANYONE, CAP_PUBLIC, BODY_NONE},
    {"GET", "/static/:name", static_serve, WHO_ANYONE, CAP_PUBLIC, BODY_NONE},
};

const size_t routes_count = ARRAY_LEN(routes);
