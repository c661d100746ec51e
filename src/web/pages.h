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

/* Notifications (N1, N2): notifications.c */
void web_notifications(request *rq, reply *rp);             /* GET /notifications */
void web_notifications_read(request *rq, reply *rp);        /* POST /notifications/read */
void web_staff_outbox(request *rq, reply *rp);              /* GET /staff/outbox */
void web_staff_outbox_retry(request *rq, reply *rp);        /* POST /staff/outbox/retry */
void web_staff_outbox_letter_retry(request *rq, reply *rp); /* POST /staff/outbox/letters/:id/retry */

/* The account (A2): account.c */
void web_account_page(request *rq, reply *rp);               /* GET /settings/account */
void web_account_deactivate_confirm(request *rq, reply *rp); /* GET /settings/account/deactivate */
void web_account_deactivate(request *rq, reply *rp);         /* POST /settings/account/deactivate */
void web_account_reactivate(request *rq, reply *rp);         /* POST /settings/account/reactivate */

/* Representation (R1, R2, R5, R6): access.c */
void web_access_page(request *rq, reply *rp);        /* GET /access */
void web_access_choose(request *rq, reply *rp);      /* GET /access/choose */
void web_access_act(request *rq, reply *rp);         /* POST /access/act */
void web_access_end(request *rq, reply *rp);         /* POST /access/:id/end */
void web_access_grant_form(request *rq, reply *rp);  /* GET /access/grant */
void web_access_grant(request *rq, reply *rp);       /* POST /access/grant (check, then confirm) */
void web_access_parent_form(request *rq, reply *rp); /* GET /access/parent */
void web_access_parent(request *rq, reply *rp);      /* POST /access/parent */

/* Adults lacking capacity (R4): capacity.c */
void web_capacity_form(request *rq, reply *rp);     /* GET /access/capacity */
void web_capacity_apply(request *rq, reply *rp);    /* POST /access/capacity (multipart) */
json_t *web_capacity_mine(request *rq);             /* the citizen's applications, for /access */
void web_capacity_queue(request *rq, reply *rp);    /* GET /staff/queues/representation */
void web_capacity_show(request *rq, reply *rp);     /* GET /staff/representation/:id */
void web_capacity_document(request *rq, reply *rp); /* GET /staff/representation/:id/document */
void web_capacity_take(request *rq, reply *rp);     /* POST /staff/representation/:id/take */
void web_capacity_decide(request *rq, reply *rp);   /* POST /staff/representation/:id/decide */

/* Confidential for the child (12–15): confidential.c */
void web_confidential_page(request *rq, reply *rp); /* GET /staff/patients/:id/confidential */
void web_confidential_set(request *rq, reply *rp);  /* POST /staff/patients/:id/confidential */

/* The staff workspace (W): staff.c */
void web_staff_home(request *rq, reply *rp); /* GET /staff */

/* Patients and charts (W2): chart.c */
void web_staff_patients(request *rq, reply *rp);
void web_staff_patients_search(request *rq, reply *rp); /* GET /staff/patients?q= */
void web_staff_chart(request *rq, reply *rp);           /* GET /staff/patients/:id */
void web_staff_emergency_form(request *rq, reply *rp);  /* GET /staff/emergency?nin= */
void web_staff_emergency(request *rq, reply *rp);       /* POST /staff/emergency */

/* Logins (A1, W1): login.c. The OpenID Connect pages, and the end of every
 * login path: a session cookie and the landing page, or a refusal page. */
struct login_identity;
void web_login_citizen(request *rq, reply *rp, const struct login_identity *id);
void web_login_staff(request *rq, reply *rp, const struct login_identity *id);
/* Ends the request's session and clears the cookie (no redirect). */
void web_login_end_session(request *rq, reply *rp);
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

/* The health summary (H3-H6) and the allergy request queue (W3): summary.c, allergy_queue.c */
void web_health_summary(request *rq, reply *rp);            /* GET /health/summary */
void web_health_vaccines(request *rq, reply *rp);           /* GET /health/vaccines */
void web_allergy_request_form(request *rq, reply *rp);      /* GET /health/allergies/requests */
void web_allergy_request(request *rq, reply *rp);           /* POST /health/allergies/requests */
void web_staff_summary(request *rq, reply *rp);             /* GET /staff/patients/:id/summary */
void web_staff_summary_add_allergy(request *rq, reply *rp); /* POST .../summary/allergies */
void web_staff_summary_end_allergy(request *rq, reply *rp); /* POST .../summary/allergies/:item/remove */
void web_staff_summary_add_issue(request *rq, reply *rp);   /* POST .../summary/issues */
void web_staff_summary_end_issue(request *rq, reply *rp);   /* POST .../summary/issues/:item/resolve */
void web_allergy_queue(request *rq, reply *rp);             /* GET /staff/queues/allergies */
void web_allergy_queue_item(request *rq, reply *rp);        /* GET /staff/queues/allergies/:id */
void web_allergy_queue_take(request *rq, reply *rp);        /* POST .../:id/take */
void web_allergy_queue_accept(request *rq, reply *rp);      /* POST .../:id/accept */
void web_allergy_queue_decline(request *rq, reply *rp);     /* POST .../:id/decline */
void web_allergy_queue_close(request *rq, reply *rp);       /* POST .../:id/close */

/* My health contacts (C1): care_team.c */
void web_care_team(request *rq, reply *rp);              /* GET /care-team */
void web_staff_care_team(request *rq, reply *rp);        /* GET /staff/patients/:id/care-team */
void web_staff_care_team_add(request *rq, reply *rp);    /* POST /staff/patients/:id/care-team */
void web_staff_care_team_remove(request *rq, reply *rp); /* POST .../care-team/:item/remove */

/* Appointments (P1-P3, P9): appointments.c */
void web_appointments(request *rq, reply *rp);            /* GET /appointments */
void web_appointment(request *rq, reply *rp);             /* GET /appointments/:id */
void web_appointment_book_start(request *rq, reply *rp);  /* GET /appointments/book[?unit=&type=] */
void web_appointment_book(request *rq, reply *rp);        /* POST /appointments/book */
void web_appointment_cancel(request *rq, reply *rp);      /* POST /appointments/:id/cancel */
void web_appointment_change_form(request *rq, reply *rp); /* GET /appointments/:id/change */
void web_appointment_change(request *rq, reply *rp);      /* POST /appointments/:id/change */
void web_appointment_request(request *rq, reply *rp);     /* POST /appointments/:id/request */
void web_short_notice_offer(request *rq, reply *rp);      /* GET /appointments/offers/:id */
void web_short_notice_accept(request *rq, reply *rp);     /* POST /appointments/offers/:id/accept */
void web_short_notice_decline(request *rq, reply *rp);    /* POST /appointments/offers/:id/decline */
void web_staff_short_notice(request *rq, reply *rp);      /* GET /staff/schedules/:unit/short-notice */

/* E-check-in (P6): checkin.c */
void web_appointment_checkin_form(request *rq, reply *rp); /* GET /appointments/:id/check-in */
void web_appointment_checkin(request *rq, reply *rp);      /* POST /appointments/:id/check-in */
void web_staff_checkins(request *rq, reply *rp);           /* GET /staff/schedules/:unit/check-in */
void web_home_appointments(request *rq, json_t *m);        /* the home page's upcoming appointments (A3) */

/* Schedules and appointments in the workspace (W2, W3): appointments_staff.c */
void web_staff_schedules(request *rq, reply *rp);          /* GET /staff/schedules */
void web_staff_schedule(request *rq, reply *rp);           /* GET /staff/schedules/:unit */
void web_staff_schedule_generate(request *rq, reply *rp);  /* POST /staff/schedules/:unit/generate */
void web_staff_schedule_slot(request *rq, reply *rp);      /* POST /staff/schedules/:unit/slots */
void web_staff_schedule_template(request *rq, reply *rp);  /* POST /staff/schedules/:unit/templates */
void web_staff_schedule_type(request *rq, reply *rp);      /* POST /staff/schedules/:unit/types */
void web_staff_schedule_rules(request *rq, reply *rp);     /* POST /staff/schedules/:unit/rules */
void web_staff_slot_block(request *rq, reply *rp);         /* POST /staff/slots/:id/block */
void web_staff_schedule_book(request *rq, reply *rp);      /* POST /staff/schedules/:unit/book */
void web_staff_appointment_cancel(request *rq, reply *rp); /* POST /staff/appointments/:id/cancel */
void web_staff_appointment_move(request *rq, reply *rp);   /* POST /staff/appointments/:id/move */
void web_staff_appointment_queue(request *rq, reply *rp);  /* GET /staff/queues/appointments */
void web_staff_appointment_answer(request *rq, reply *rp); /* POST /staff/queues/appointments/:id/answer */
/* Visit types and template lines edited and retired: POST /staff/schedules/:unit/types/:item,
 * .../types/:item/retire, .../templates/:item, .../templates/:item/retire. */
void web_staff_schedule_type_edit(request *rq, reply *rp);
void web_staff_schedule_type_retire(request *rq, reply *rp);
void web_staff_schedule_template_edit(request *rq, reply *rp);
void web_staff_schedule_template_retire(request *rq, reply *rp);
void web_staff_closures(request *rq, reply *rp);             /* GET /staff/schedules/:unit/closures */
void web_staff_closure_add(request *rq, reply *rp);          /* POST /staff/schedules/:unit/closures */
void web_staff_closure_remove(request *rq, reply *rp);       /* POST /staff/schedules/:unit/closures/:item/remove */
void web_staff_closure_cancel(request *rq, reply *rp);       /* POST /staff/schedules/:unit/closures/:item/cancel */
void web_staff_patient_appointments(request *rq, reply *rp); /* GET /staff/patients/:id/appointments */

/* Visits (P7), stays and referrals (P8): visits.c */
void web_visits(request *rq, reply *rp);                 /* GET /visits */
void web_visit(request *rq, reply *rp);                  /* GET /visits/:id */
void web_staff_visits(request *rq, reply *rp);           /* GET /staff/patients/:id/visits */
void web_staff_visits_add(request *rq, reply *rp);       /* POST /staff/patients/:id/visits */
void web_staff_visits_note(request *rq, reply *rp);      /* POST .../visits/:item/note */
void web_staff_stays(request *rq, reply *rp);            /* GET /staff/patients/:id/stays */
void web_staff_stays_add(request *rq, reply *rp);        /* POST /staff/patients/:id/stays */
void web_staff_referrals(request *rq, reply *rp);        /* GET /staff/patients/:id/referrals */
void web_staff_referrals_add(request *rq, reply *rp);    /* POST /staff/patients/:id/referrals */
void web_staff_referrals_status(request *rq, reply *rp); /* POST .../referrals/:item/status */

/* Medications (H1), in the chart (W2) and the renewal queue (W3): medications.c */
void web_medications(request *rq, reply *rp);                /* GET /health/medications */
void web_medication(request *rq, reply *rp);                 /* GET /health/medications/:id */
void web_medication_renewal(request *rq, reply *rp);         /* POST /health/medications/:id/renewal */
void web_medication_comment(request *rq, reply *rp);         /* POST /health/medications/:id/comments */
void web_staff_medications(request *rq, reply *rp);          /* GET /staff/patients/:id/medications */
void web_staff_medication_prescribe(request *rq, reply *rp); /* POST /staff/patients/:id/medications */
void web_staff_medication_stop(request *rq, reply *rp);      /* POST /staff/patients/:id/medications/:mid/stop */
void web_staff_renewals(request *rq, reply *rp);             /* GET /staff/queues/renewals */
void web_staff_renewal(request *rq, reply *rp);              /* GET /staff/queues/renewals/:id */
void web_staff_renewal_take(request *rq, reply *rp);         /* POST /staff/queues/renewals/:id/take */
void web_staff_renewal_answer(request *rq, reply *rp);       /* POST /staff/queues/renewals/:id/answer */
void web_staff_renewal_close(request *rq, reply *rp);        /* POST /staff/queues/renewals/:id/close */

/* Test results (H2), in the chart (W2) and the review queue (W3): results.c */
void web_results(request *rq, reply *rp);              /* GET /health/results */
void web_result(request *rq, reply *rp);               /* GET /health/results/:id */
void web_staff_results(request *rq, reply *rp);        /* GET /staff/patients/:id/results */
void web_staff_results_enter(request *rq, reply *rp);  /* POST /staff/patients/:id/results */
void web_staff_result_release(request *rq, reply *rp); /* POST /staff/patients/:id/results/:rid/release */
void web_staff_results_queue(request *rq, reply *rp);  /* GET /staff/queues/results */
void web_staff_results_take(request *rq, reply *rp);   /* POST /staff/queues/results/:rid/take */
void web_staff_results_close(request *rq, reply *rp);  /* POST /staff/queues/results/:rid/close */

/* Questionnaires (Q1-Q3), in the chart (W2) and the queue of unread answers (W3): questionnaires.c */
void web_questionnaires(request *rq, reply *rp);               /* GET /questionnaires */
void web_questionnaire(request *rq, reply *rp);                /* GET /questionnaires/:id */
void web_questionnaire_answer(request *rq, reply *rp);         /* POST /questionnaires/:id */
void web_questionnaire_file(request *rq, reply *rp);           /* GET /questionnaires/:id/attachments/:aid */
void web_staff_questionnaires(request *rq, reply *rp);         /* GET /staff/patients/:id/questionnaires */
void web_staff_questionnaires_send(request *rq, reply *rp);    /* POST /staff/patients/:id/questionnaires */
void web_staff_questionnaire(request *rq, reply *rp);          /* GET .../questionnaires/:qid */
void web_staff_questionnaire_withdraw(request *rq, reply *rp); /* POST .../questionnaires/:qid/withdraw */
void web_staff_questionnaire_file(request *rq, reply *rp);     /* GET .../questionnaires/:qid/attachments/:aid */
void web_staff_questionnaires_queue(request *rq, reply *rp);   /* GET /staff/queues/questionnaires */
/* Adds the open questionnaires to the home page's model: home_questionnaires
 * (home_questionnaires_shown false when the reader may not see them), and
 * those tied to a listed appointment as its "forms" (A3). Call after
 * web_home_appointments. */
void web_home_questionnaires(request *rq, json_t *m);

/* Video consultations (P5): video.c */
void web_video_check(request *rq, reply *rp);        /* GET /appointments/video/check */
void web_video_call(request *rq, reply *rp);         /* GET /appointments/:id/video */
void web_staff_video_list(request *rq, reply *rp);   /* GET /staff/video */
void web_staff_video_call(request *rq, reply *rp);   /* GET /staff/video/:id */
void web_staff_video_make(request *rq, reply *rp);   /* POST /staff/video/:id */
void web_video_join(request *rq, reply *rp);         /* POST /video/calls/:id/join */
void web_video_poll(request *rq, reply *rp);         /* GET /video/calls/:id/messages */
void web_video_send(request *rq, reply *rp);         /* POST /video/calls/:id/messages */
void web_video_leave(request *rq, reply *rp);        /* POST /video/calls/:id/leave */
void web_video_manage(request *rq, reply *rp);       /* POST /video/calls/:id/manage */
void web_staff_video_new(request *rq, reply *rp);    /* GET /staff/video/calls/new */
void web_staff_video_create(request *rq, reply *rp); /* POST /staff/video/calls */
void web_staff_video_own(request *rq, reply *rp);    /* GET /staff/video/calls/:id */
void web_staff_video_invite(request *rq, reply *rp); /* POST /staff/video/calls/:id/invite */
void web_video_calls(request *rq, reply *rp);        /* GET /video */
void web_video_own_call(request *rq, reply *rp);     /* GET /video/calls/:id */
/* Secure messages (M1-M4): messages.c */
void web_messages(request *rq, reply *rp);                 /* GET /messages */
void web_message_new(request *rq, reply *rp);              /* GET /messages/new */
void web_message_start(request *rq, reply *rp);            /* POST /messages/new */
void web_message(request *rq, reply *rp);                  /* GET /messages/:id */
void web_message_reply(request *rq, reply *rp);            /* POST /messages/:id/reply */
void web_message_attachment(request *rq, reply *rp);       /* GET /messages/:id/attachments/:aid */
void web_staff_messages(request *rq, reply *rp);           /* GET /staff/messages */
void web_staff_message(request *rq, reply *rp);            /* GET /staff/messages/:id */
void web_staff_message_reply(request *rq, reply *rp);      /* POST /staff/messages/:id/reply */
void web_staff_message_assign(request *rq, reply *rp);     /* POST /staff/messages/:id/assign */
void web_staff_message_done(request *rq, reply *rp);       /* POST /staff/messages/:id/done */
void web_staff_message_attachment(request *rq, reply *rp); /* GET /staff/messages/:id/attachments/:aid */
void web_staff_message_new(request *rq, reply *rp);        /* GET /staff/patients/:id/messages/new */
void web_staff_message_send(request *rq, reply *rp);       /* POST /staff/patients/:id/messages */
void web_staff_message_unit(request *rq, reply *rp);       /* GET /staff/messages/units/:unit */
void web_staff_message_unit_save(request *rq, reply *rp);  /* POST /staff/messages/units/:unit */

/* User support (U1): support.c */
void web_support(request *rq, reply *rp);                  /* GET /support */
void web_support_open(request *rq, reply *rp);             /* POST /support */
void web_support_case(request *rq, reply *rp);             /* GET /support/:id */
void web_staff_support(request *rq, reply *rp);            /* GET /staff/support */
void web_staff_support_case(request *rq, reply *rp);       /* GET /staff/support/:id */
void web_staff_support_decide(request *rq, reply *rp);     /* POST /staff/support/:id/decide */
void web_staff_support_forward(request *rq, reply *rp);    /* POST /staff/support/:id/forward */
void web_staff_support_take(request *rq, reply *rp);       /* POST /staff/support/:id/take */
void web_staff_corrections(request *rq, reply *rp);        /* GET /staff/queues/corrections */
void web_staff_correction(request *rq, reply *rp);         /* GET /staff/queues/corrections/:id */
void web_staff_correction_decide(request *rq, reply *rp);  /* POST /staff/queues/corrections/:id/decide */
void web_staff_correction_forward(request *rq, reply *rp); /* POST /staff/queues/corrections/:id/forward */
/* Municipal services (K1-K3) and their casework (K2): services.c */
void web_services(request *rq, reply *rp);                 /* GET /services */
void web_service_apply(request *rq, reply *rp);            /* POST /services/apply */
void web_service_application(request *rq, reply *rp);      /* GET /services/applications/:id */
void web_service_application_save(request *rq, reply *rp); /* POST /services/applications/:id */
void web_service_reply(request *rq, reply *rp);            /* POST /services/applications/:id/reply */
void web_service_appeal(request *rq, reply *rp);           /* POST /services/applications/:id/appeal */
void web_service_attach(request *rq, reply *rp);           /* POST /services/applications/:id/attachments */
void web_service_detach(request *rq, reply *rp);           /* POST /services/applications/:id/attachments/:aid/delete */
void web_service_attachment(request *rq, reply *rp);       /* GET /services/applications/:id/attachments/:aid */
void web_staff_services_queue(request *rq, reply *rp);     /* GET /staff/queues/services */
void web_staff_service_case(request *rq, reply *rp);       /* GET /staff/services/:id */
void web_staff_service_take(request *rq, reply *rp);       /* POST /staff/services/:id/take */
void web_staff_service_ask(request *rq, reply *rp);        /* POST /staff/services/:id/ask */
void web_staff_service_decide(request *rq, reply *rp);     /* POST /staff/services/:id/decide */
void web_staff_service_reconsider(request *rq, reply *rp); /* POST /staff/services/:id/reconsider */
void web_staff_service_attachment(request *rq, reply *rp); /* GET /staff/services/:id/attachments/:aid */
/* The document centre (D1): documents.c */
void web_documents(request *rq, reply *rp);    /* GET /documents */
void web_document(request *rq, reply *rp);     /* GET /documents/:id */
void web_document_pdf(request *rq, reply *rp); /* GET /documents/:id/pdf */
/* POST /integrations/digital-mailbox/read-receipts (the provider, by its secret) */
void web_mailbox_read_receipt(request *rq, reply *rp);
/* Access to the record (D2): record_access.c */
void web_record_access(request *rq, reply *rp);              /* GET /documents/record-access */
void web_record_access_ask(request *rq, reply *rp);          /* POST /documents/record-access */
void web_record_access_request(request *rq, reply *rp);      /* GET /documents/record-access/:id */
void web_staff_record_access_queue(request *rq, reply *rp);  /* GET /staff/queues/record-access */
void web_staff_record_access(request *rq, reply *rp);        /* GET /staff/queues/record-access/:id */
void web_staff_record_access_fulfil(request *rq, reply *rp); /* POST .../:id/fulfil */
void web_staff_record_access_refuse(request *rq, reply *rp); /* POST .../:id/refuse */

#endif
