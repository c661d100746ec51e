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

/* Representation (R1, R2, R5, R6): access.c */
void web_access_page(request *rq, reply *rp);         /* GET /access */
void web_access_choose(request *rq, reply *rp);       /* GET /access/choose */
void web_access_act(request *rq, reply *rp);          /* POST /access/act */
void web_access_end(request *rq, reply *rp);          /* POST /access/:id/end */
void web_access_grant_form(request *rq, reply *rp);   /* GET /access/grant */
void web_access_grant(request *rq, reply *rp);        /* POST /access/grant (check, then confirm) */
void web_access_parent_form(request *rq, reply *rp);  /* GET /access/parent */
void web_access_parent(request *rq, reply *rp);       /* POST /access/parent */

/* The staff workspace (W): staff.c */
void web_staff_home(request *rq, reply *rp); /* GET /staff */

/* Patients and charts (W2): chart.c */
void web_staff_patients(request *rq, reply *rp);       /* GET /staff/patients?q= */
void web_staff_chart(request *rq, reply *rp);          /* GET /staff/patients/:id */
void web_staff_emergency_form(request *rq, reply *rp); /* GET /staff/emergency?nin= */
void web_staff_emergency(request *rq, reply *rp);      /* POST /staff/emergency */

/* OpenID Connect logins (A1, W1): login_oidc.c */
void web_idporten_start(request *rq, reply *rp);        /* GET /login/idporten */
void web_idporten_callback(request *rq, reply *rp);     /* GET /login/idporten/callback */
void web_idporten_frontchannel(request *rq, reply *rp); /* GET /logout/idporten/frontchannel */
void web_helseid_start(request *rq, reply *rp);         /* GET /staff/login/helseid */
void web_helseid_callback(request *rq, reply *rp);      /* GET /staff/login/helseid/callback */

/* Settings (S1-S4): settings.c */
void web_settings_personal(request *rq, reply *rp);           /* GET /settings/personal */
void web_settings_personal_save(request *rq, reply *rp);      /* POST /settings/personal */
void web_settings_notifications(request *rq, reply *rp);      /* GET /settings/notifications */
void web_settings_notifications_save(request *rq, reply *rp); /* POST /settings/notifications */
void web_settings_shortcuts(request *rq, reply *rp);          /* GET /settings/shortcuts */
void web_settings_shortcuts_save(request *rq, reply *rp);     /* POST /settings/shortcuts */
void web_settings_language(request *rq, reply *rp);           /* GET /settings/language */
void web_settings_language_save(request *rq, reply *rp);      /* POST /settings/language */

/* The access log, the citizen's view (D3): access_log.c */
void web_access_log(request *rq, reply *rp); /* GET /documents/access-log */

#endif
