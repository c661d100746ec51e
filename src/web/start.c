/* start.c — the public start page: what helsami is, who may use it, and the
 * way in (SPEC.md A1). Logged-in citizens get their home page here later. */
#include "web/pages.h"

void web_start(request *rq, reply *rp)
{
	reply_page(rq, rp, "start", json_object());
}
