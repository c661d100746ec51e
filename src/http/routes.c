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
    {"GET", "/login/testid", web_testid_page, WHO_ANYONE, CAP_PUBLIC, BODY_NONE},
    {"POST", "/login/testid", web_testid_login, WHO_ANYONE, CAP_PUBLIC, BODY_FORM},
    {"POST", "/staff/login/testid", web_testid_staff_login, WHO_ANYONE, CAP_PUBLIC, BODY_FORM},
    {"POST", "/logout", web_logout, WHO_CITIZEN | WHO_STAFF, CAP_A4_SESSION, BODY_FORM},
    {"POST", "/session/extend", web_session_extend, WHO_CITIZEN | WHO_STAFF, CAP_A4_SESSION, BODY_FORM},
    {"GET", "/settings/account", web_account_page, WHO_CITIZEN, CAP_A2_ACCOUNT, BODY_NONE},
    {"GET", "/settings/account/deactivate", web_account_deactivate_confirm, WHO_CITIZEN, CAP_A2_ACCOUNT, BODY_NONE},
    {"POST", "/settings/account/deactivate", web_account_deactivate, WHO_CITIZEN, CAP_A2_ACCOUNT, BODY_FORM},
    {"POST", "/settings/account/reactivate", web_account_reactivate, WHO_CITIZEN, CAP_A2_ACCOUNT, BODY_FORM},
    {"GET", "/access", web_access_page, WHO_CITIZEN, CAP_R5_OVERVIEW, BODY_NONE},
    {"GET", "/access/choose", web_access_choose, WHO_CITIZEN, CAP_R6_ACT_FOR, BODY_NONE},
    {"POST", "/access/act", web_access_act, WHO_CITIZEN, CAP_R6_ACT_FOR, BODY_FORM},
    {"POST", "/access/:id/end", web_access_end, WHO_CITIZEN, CAP_R5_OVERVIEW, BODY_FORM},
    {"GET", "/access/grant", web_access_grant_form, WHO_CITIZEN, CAP_R1_GRANT, BODY_NONE},
    {"POST", "/access/grant", web_access_grant, WHO_CITIZEN, CAP_R1_GRANT, BODY_FORM},
    {"GET", "/access/parent", web_access_parent_form, WHO_CITIZEN, CAP_R2_PARENT_APPLY, BODY_NONE},
    {"POST", "/access/parent", web_access_parent, WHO_CITIZEN, CAP_R2_PARENT_APPLY, BODY_FORM},
    {"GET", "/staff", web_staff_home, WHO_STAFF, CAP_W1_WORKSPACE, BODY_NONE},
    {"GET", "/staff/patients", web_staff_patients, ROLE_CLINICIAN | ROLE_OFFICE, CAP_W2_PATIENT_CHART, BODY_NONE},
    {"GET", "/staff/patients/:id", web_staff_chart, ROLE_CLINICIAN | ROLE_OFFICE, CAP_W2_PATIENT_CHART, BODY_NONE},
    {"GET", "/staff/emergency", web_staff_emergency_form, ROLE_CLINICIAN | ROLE_OFFICE, CAP_W2_PATIENT_CHART, BODY_NONE},
    {"POST", "/staff/emergency", web_staff_emergency, ROLE_CLINICIAN | ROLE_OFFICE, CAP_W2_PATIENT_CHART, BODY_FORM},
    {"GET", "/login/idporten", web_idporten_start, WHO_ANYONE, CAP_PUBLIC, BODY_NONE},
    {"GET", "/login/idporten/callback", web_idporten_callback, WHO_ANYONE, CAP_PUBLIC, BODY_NONE},
    {"GET", "/logout/idporten/frontchannel", web_idporten_frontchannel, WHO_ANYONE, CAP_PUBLIC, BODY_NONE},
    {"GET", "/staff/login/helseid", web_helseid_start, WHO_ANYONE, CAP_PUBLIC, BODY_NONE},
    {"GET", "/staff/login/helseid/callback", web_helseid_callback, WHO_ANYONE, CAP_PUBLIC, BODY_NONE},
    /* Settings (S1-S4) and the access log (D3): web/settings.c, web/access_log.c */
    {"GET", "/settings/personal", web_settings_personal, WHO_CITIZEN, CAP_S1_PERSONAL, BODY_NONE},
    {"POST", "/settings/personal", web_settings_personal_save, WHO_CITIZEN, CAP_S1_PERSONAL, BODY_FORM},
    {"GET", "/settings/notifications", web_settings_notifications, WHO_CITIZEN, CAP_S2_NOTIFICATIONS, BODY_NONE},
    {"POST", "/settings/notifications", web_settings_notifications_save, WHO_CITIZEN, CAP_S2_NOTIFICATIONS, BODY_FORM},
    {"GET", "/settings/shortcuts", web_settings_shortcuts, WHO_CITIZEN, CAP_S3_SHORTCUTS, BODY_NONE},
    {"POST", "/settings/shortcuts", web_settings_shortcuts_save, WHO_CITIZEN, CAP_S3_SHORTCUTS, BODY_FORM},
    {"GET", "/settings/language", web_settings_language, WHO_CITIZEN, CAP_S4_LANGUAGE, BODY_NONE},
    {"POST", "/settings/language", web_settings_language_save, WHO_CITIZEN, CAP_S4_LANGUAGE, BODY_FORM},
    {"GET", "/documents/access-log", web_access_log, WHO_CITIZEN, CAP_D3_ACCESS_LOG, BODY_NONE},
};

const size_t routes_count = ARRAY_LEN(routes);
