/* pages.h — every page handler, one area per file (web/AREA.c), listed here
 * for the route table. */
#ifndef HELSAMI_WEB_PAGES_H
#define HELSAMI_WEB_PAGES_H

#include "web/web.h"

void web_start(request *rq, reply *rp);  /* GET / */
void web_status(request *rq, reply *rp); /* GET /status */

#endif
