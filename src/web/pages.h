/* pages.h — every page handler, one area per file (web/AREA.c), listed here
 * for the route table. */
#ifndef HELSAMI_WEB_PAGES_H
#define HELSAMI_WEB_PAGES_H

#include "web/web.h"

void web_start(request *rq, reply *rp);  /* GET /: start page, home page or to the workspace */
void web_status(request *rq, reply *rp); /* GET /status */

/* TestID (dev mode only): testid.c */
void web_testid_page(request *rq, reply *rp);        /* GET /login/testid */
void web_testid_login(request *rq, reply *rp);       /* POST /login/testid */
void web_testid_staff_login(request *rq, reply *rp); /* POST /staff/login/testid */

/* Sessions: session.c */
void web_logout(request *rq, reply *rp);         /* POST /logout */
void web_session_extend(request *rq, reply *rp); /* POST /session/extend */

/* The account (A2): account.c */
void web_account_page(request *rq, reply *rp);               /* GET /settings/account */
void web_account_deactivate_confirm(request *rq, reply *rp); /* GET /settings/account/deactivate */
void web_account_deactivate(request *rq, reply *rp);         /* POST /settings/account/deactivate */
void web_account_reactivate(request *rq, reply *rp);         /* POST /settings/account/reactivate */

/* The staff workspace (W): staff.c */
void web_staff_home(request *rq, reply *rp); /* GET /staff */

#endif
