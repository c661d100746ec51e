/* status.c — GET /status: a JSON health answer for operators and load
 * balancers (200 when the database answers, 503 when it does not). */
#include "domain/system.h"
#include "web/pages.h"

void web_status(request *rq, reply *rp)
{
	bool ok = system_check(rq->c) == ST_OK;
	rp->status = ok ? 200 : 503;
	rp->content_type = "application/json";
	buf_puts(&rp->body, ok ? "{\"status\":\"ok\",\"database\":\"ok\"}\n"
	                       : "{\"status\":\"unavailable\",\"database\":\"down\"}\n");
}
