/* migrate.c — numbered schema migrations, applied in order and recorded in
 * schema_version. Each migration has SQL common to both backends (with @PK@
 * standing for each backend's auto-increment key) plus optional parts that
 * only one backend needs (triggers differ). Never edit a released migration:
 * add a new one. */
#include "store/store.h"

#include <limits.h>
#include <string.h>

#include "core/buf.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "core/log.h"

struct migration {
	int version;
	const char *name;
	const char *common;
	const char *sqlite_only;
	const char *postgres_only;
};

/* Migration 25's history of a support case, on each backend after its
 * change to support_case (SQLite's rebuild drops that table): who took the
 * case, and each sending on to a clinician (to_staff; NULL: all of the
 * unit's clinicians), starting from the sendings on made before it. */
#define SUPPORT_CASE_EVENT                                                                    \
	"CREATE TABLE support_case_event ("                                                   \
	" id @PK@,"                                                                           \
	" case_id BIGINT NOT NULL REFERENCES support_case(id),"                               \
	" at BIGINT NOT NULL,"                                                                \
	" by_staff BIGINT NOT NULL REFERENCES staff(id),"                                     \
	" action TEXT NOT NULL CHECK (action IN ('taken', 'forwarded')),"                     \
	" to_staff BIGINT REFERENCES staff(id));"                                             \
	"CREATE INDEX support_case_event_case ON support_case_event(case_id, at);"            \
	"INSERT INTO support_case_event (case_id, at, by_staff, action, to_staff)"            \
	" SELECT id, forwarded_at, forwarded_by, 'forwarded', forwarded_to FROM support_case" \
	" WHERE forwarded_at IS NOT NULL AND forwarded_by IS NOT NULL;"

/* Migration 35's indexes of a patient's appointments in the order the
 * lists show them (ORDER BY start_at, id): the upcoming ones (booked) and
 * all of them, read backwards for the past ones. They replace the index on
 * (patient_id, status), which the first one's head serves. A past
 * appointment stays booked (nothing marks it done), so the upcoming list
 * steps over the patient's whole history: end_at after the id (which keeps
 * the order) lets it tell a past one from the index alone, without reading
 * its row (5,000 past ones: 0.65 -> 0.40 ms on SQLite). */
#define APPOINTMENT_SHOWN                                                                            \
	"CREATE INDEX appointment_patient ON appointment(patient_id, status, start_at, id, end_at);" \
	"CREATE INDEX appointment_patient_time ON appointment(patient_id, start_at, id);"

/* Migration 36's indexes of short-notice offers: a patient's open ones in
 * the order the list shows them (ORDER BY slot_start, id), replacing the
 * one on (patient_id, status), which its head serves; and the open ones by
 * deadline (the expiry job), now partial: on (status, deadline), SQLite's
 * planner, which has no statistics, preferred it for a patient's open
 * offers (an equality and a range outweigh two equalities) and read every
 * open offer there is. */
#define SN_OFFER_INDEXES                                                                              \
	"CREATE INDEX short_notice_offer_open ON short_notice_offer(deadline) WHERE status = 'open';" \
	"CREATE INDEX short_notice_offer_patient ON short_notice_offer(patient_id, status, slot_start, id);"

static const struct migration migrations[] = {
    {1, "population register, units, staff",
     "CREATE TABLE address ("
     " id @PK@,"
     " street TEXT NOT NULL,"
     " postcode TEXT NOT NULL,"
     " city TEXT NOT NULL,"
     " municipality TEXT NOT NULL);"
     "CREATE TABLE person ("
     " id @PK@,"
     " nin TEXT NOT NULL UNIQUE,"
     " given_name TEXT NOT NULL,"
     " family_name TEXT NOT NULL,"
     " birth_date TEXT NOT NULL,"
     " address_id BIGINT REFERENCES address(id),"
     " confidential_address INTEGER NOT NULL DEFAULT 0 CHECK (confidential_address IN (0, 1)),"
     " death_date TEXT);"
     "CREATE INDEX person_address ON person(address_id);"
     /* Parental responsibility as the register records it: never inferred. */
     "CREATE TABLE parental_responsibility ("
     " child_id BIGINT NOT NULL REFERENCES person(id),"
     " parent_id BIGINT NOT NULL REFERENCES person(id),"
     " PRIMARY KEY (child_id, parent_id),"
     " CHECK (child_id <> parent_id));"
     "CREATE INDEX parental_responsibility_parent ON parental_responsibility(parent_id);"
     /* Family relations, so refusals can say why (a foster parent has no responsibility). */
     "CREATE TABLE family_relation ("
     " person_id BIGINT NOT NULL REFERENCES person(id),"
     " relative_id BIGINT NOT NULL REFERENCES person(id),"
     " relation TEXT NOT NULL CHECK (relation IN ('parent', 'foster_parent', 'spouse')),"
     " PRIMARY KEY (person_id, relative_id));"
     "CREATE INDEX family_relation_relative ON family_relation(relative_id);"
     "CREATE TABLE unit ("
     " id @PK@,"
     " code TEXT NOT NULL UNIQUE,"
     " kind TEXT NOT NULL CHECK (kind IN ('gp_office', 'home_care', 'health_station',"
     "  'care_home', 'hospital_department', 'services_office')),"
     " name TEXT NOT NULL,"
     " municipality TEXT NOT NULL,"
     " phone TEXT NOT NULL,"
     " self_booking INTEGER NOT NULL DEFAULT 0,"
     " self_change INTEGER NOT NULL DEFAULT 0,"
     " change_requests INTEGER NOT NULL DEFAULT 0,"
     " video_booking INTEGER NOT NULL DEFAULT 0,"
     " accepts_messages INTEGER NOT NULL DEFAULT 0,"
     " paper_after_days INTEGER NOT NULL DEFAULT 3);"
     "CREATE TABLE staff ("
     " id @PK@,"
     " person_id BIGINT NOT NULL UNIQUE REFERENCES person(id),"
     " hpr_number TEXT UNIQUE,"
     " title TEXT NOT NULL,"
     " active INTEGER NOT NULL DEFAULT 1);"
     "CREATE TABLE staff_unit ("
     " staff_id BIGINT NOT NULL REFERENCES staff(id),"
     " unit_id BIGINT NOT NULL REFERENCES unit(id),"
     " role TEXT NOT NULL CHECK (role IN ('clinician', 'office', 'caseworker', 'support', 'admin')),"
     " PRIMARY KEY (staff_id, unit_id, role));"
     "CREATE INDEX staff_unit_unit ON staff_unit(unit_id);"
     "CREATE TABLE patient_unit ("
     " person_id BIGINT NOT NULL REFERENCES person(id),"
     " unit_id BIGINT NOT NULL REFERENCES unit(id),"
     " since TEXT NOT NULL,"
     " PRIMARY KEY (person_id, unit_id));"
     "CREATE INDEX patient_unit_unit ON patient_unit(unit_id);",
     NULL, NULL},
    {2, "access log, hash-chained per patient",
     /* patient_id 0 is the chain of entries that concern no patient. */
     "CREATE TABLE audit_log ("
     " id @PK@,"
     " patient_id BIGINT NOT NULL,"
     " seq BIGINT NOT NULL,"
     " at BIGINT NOT NULL,"
     " actor_kind TEXT NOT NULL,"
     " actor_person_id BIGINT,"
     " actor_staff_id BIGINT,"
     " actor_unit_id BIGINT,"
     " actor_role TEXT,"
     " on_behalf_of BIGINT,"
     " action TEXT NOT NULL,"
     " what TEXT NOT NULL,"
     " what_id TEXT,"
     " purpose TEXT NOT NULL,"
     " reason TEXT,"
     " prev_hash TEXT NOT NULL,"
     " hash TEXT NOT NULL,"
     " UNIQUE (patient_id, seq));"
     "CREATE INDEX audit_log_patient_at ON audit_log(patient_id, at);"
     /* The newest entry of each chain: appends lock it, and a truncated tail
      * no longer matches it. */
     "CREATE TABLE audit_head ("
     " patient_id BIGINT PRIMARY KEY,"
     " seq BIGINT NOT NULL,"
     " hash TEXT NOT NULL);",
     "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log"
     " BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;"
     "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log"
     " BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;",
     "CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$"
     " BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$;"
     "CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log"
     " FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();"
     "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log"
     " FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();"},
    {3, "accounts, sessions, login attempts, security events",
     "CREATE TABLE account ("
     " person_id BIGINT PRIMARY KEY REFERENCES person(id),"
     " created_at BIGINT NOT NULL,"
     " deactivated_at BIGINT,"
     " last_login_at BIGINT);"
     /* Only a hash of the session token is stored, so a copy of the database
      * cannot be used to take over sessions. */
     "CREATE TABLE session ("
     " id @PK@,"
     " token_hash TEXT NOT NULL UNIQUE,"
     " kind TEXT NOT NULL CHECK (kind IN ('citizen', 'staff')),"
     " person_id BIGINT NOT NULL REFERENCES person(id),"
     " staff_id BIGINT REFERENCES staff(id),"
     " provider TEXT NOT NULL CHECK (provider IN ('idporten', 'helseid', 'testid')),"
     " idp_sid TEXT,"
     " id_token TEXT,"
     " acr TEXT,"
     " csrf_token TEXT NOT NULL,"
     " acting_for BIGINT REFERENCES person(id),"
     " created_at BIGINT NOT NULL,"
     " last_seen_at BIGINT NOT NULL,"
     " ended_at BIGINT);"
     "CREATE INDEX session_sid ON session(provider, idp_sid);"
     "CREATE INDEX session_person ON session(person_id);"
     /* One row per started OIDC login: single use, short-lived. */
     "CREATE TABLE login_attempt ("
     " state_hash TEXT PRIMARY KEY,"
     " provider TEXT NOT NULL,"
     " nonce TEXT NOT NULL,"
     " code_verifier TEXT NOT NULL,"
     " return_to TEXT,"
     " created_at BIGINT NOT NULL,"
     " used_at BIGINT);"
     /* Logins, refusals and logouts: who and why, never health data. */
     "CREATE TABLE security_event ("
     " id @PK@,"
     " at BIGINT NOT NULL,"
     " kind TEXT NOT NULL,"
     " provider TEXT,"
     " person_id BIGINT,"
     " staff_id BIGINT,"
     " reason TEXT);"
     "CREATE INDEX security_event_at ON security_event(at);",
     NULL, NULL},
    {4, "personal settings",
     /* What the citizen tells us (S1), next to the register's address: an
      * address is all three parts or none. */
     "CREATE TABLE contact_details ("
     " person_id BIGINT PRIMARY KEY REFERENCES person(id),"
     " street TEXT,"
     " postcode TEXT,"
     " city TEXT,"
     " email TEXT,"
     " phone TEXT,"
     " updated_at BIGINT NOT NULL,"
     " CHECK ((street IS NULL AND postcode IS NULL AND city IS NULL)"
     "  OR (street IS NOT NULL AND postcode IS NOT NULL AND city IS NOT NULL)));"
     "CREATE TABLE about_me ("
     " person_id BIGINT PRIMARY KEY REFERENCES person(id),"
     " preferred_language TEXT,"
     " interpreter INTEGER NOT NULL DEFAULT 0 CHECK (interpreter IN (0, 1)),"
     " note TEXT CHECK (note IS NULL OR length(note) <= 1000),"
     " updated_at BIGINT NOT NULL);"
     /* A row overrides the default for one event kind and channel (in-app
      * on, SMS and e-mail off). Kinds are checked in domain/settings.c, not
      * here: N1 will add kinds, and SQLite cannot alter a CHECK. */
     "CREATE TABLE notification_pref ("
     " person_id BIGINT NOT NULL REFERENCES person(id),"
     " kind TEXT NOT NULL,"
     " channel TEXT NOT NULL CHECK (channel IN ('in_app', 'sms', 'email')),"
     " enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),"
     " PRIMARY KEY (person_id, kind, channel));"
     "CREATE TABLE shortcut ("
     " person_id BIGINT NOT NULL REFERENCES person(id),"
     " pos INTEGER NOT NULL CHECK (pos >= 1),"
     " item TEXT NOT NULL,"
     " PRIMARY KEY (person_id, pos),"
     " UNIQUE (person_id, item));"
     /* The account's language, and whether the shortcuts were ever chosen
      * (none chosen differs from never chosen, which shows the defaults). */
     "CREATE TABLE ui_preference ("
     " person_id BIGINT PRIMARY KEY REFERENCES person(id),"
     " lang TEXT CHECK (lang IN ('nb', 'en')),"
     " shortcuts_chosen INTEGER NOT NULL DEFAULT 0 CHECK (shortcuts_chosen IN (0, 1)),"
     " updated_at BIGINT NOT NULL);",
     NULL, NULL},
    {5, "staff workspace: emergency access, name search",
     /* Opening a chart outside one's units needs a stated reason; it is
      * logged and shown to the citizen. Valid for a working shift. */
     "CREATE TABLE emergency_access ("
     " id @PK@,"
     " staff_id BIGINT NOT NULL REFERENCES staff(id),"
     " patient_id BIGINT NOT NULL REFERENCES person(id),"
     " reason TEXT NOT NULL,"
     " at BIGINT NOT NULL,"
     " expires_at BIGINT NOT NULL);"
     "CREATE INDEX emergency_access_staff_patient ON emergency_access(staff_id, patient_id, expires_at);",
     /* Name search is a byte-order range scan (store/chart.c) on both. */
     "CREATE INDEX person_family_name ON person(family_name, given_name);",
     "CREATE INDEX person_family_name ON person(family_name COLLATE \"C\", given_name);"},
    {6, "test results with release rules, notification outbox",
     /* The laboratory catalogue: each type's release rule decides what the
      * citizen sees (store/results.c). Reference ranges are adult ranges as
      * decimal text; NULL is an open end (CRP: below 5). */
     "CREATE TABLE result_type ("
     " id @PK@,"
     " code TEXT NOT NULL UNIQUE,"
     " name_nb TEXT NOT NULL,"
     " name_en TEXT NOT NULL,"
     " release_rule TEXT NOT NULL CHECK (release_rule IN ('immediate', 'after_review', 'never')),"
     " value_kind TEXT NOT NULL CHECK (value_kind IN ('numeric', 'text')),"
     " unit TEXT,"
     " ref_low TEXT,"
     " ref_high TEXT);"
     "INSERT INTO result_type (code, name_nb, name_en, release_rule, value_kind, unit, ref_low, ref_high) VALUES"
     " ('hb', 'Hemoglobin (Hb)', 'Haemoglobin (Hb)', 'immediate', 'numeric', 'g/dL', '13.4', '17.0'),"
     " ('hba1c', 'HbA1c (langtidsblodsukker)', 'HbA1c (long-term blood sugar)', 'after_review', 'numeric',"
     "  'mmol/mol', '20', '42'),"
     " ('crp', 'CRP (betennelsesmarkør)', 'CRP (inflammation marker)', 'immediate', 'numeric', 'mg/L', NULL, '5'),"
     " ('tsh', 'TSH (stoffskifte)', 'TSH (thyroid)', 'immediate', 'numeric', 'mIU/L', '0.4', '4.0'),"
     " ('cholesterol', 'Kolesterol, totalt', 'Cholesterol, total', 'immediate', 'numeric', 'mmol/L', '3.3', '6.9'),"
     " ('ldl', 'LDL-kolesterol', 'LDL cholesterol', 'immediate', 'numeric', 'mmol/L', NULL, '4.7'),"
     " ('glucose', 'Glukose, fastende', 'Glucose, fasting', 'immediate', 'numeric', 'mmol/L', '4.0', '6.0'),"
     " ('creatinine', 'Kreatinin', 'Creatinine', 'immediate', 'numeric', 'µmol/L', '60', '105'),"
     " ('ferritin', 'Ferritin', 'Ferritin', 'immediate', 'numeric', 'µg/L', '30', '400'),"
     " ('psa', 'PSA (prostataspesifikt antigen)', 'PSA (prostate-specific antigen)', 'after_review', 'numeric',"
     "  'µg/L', NULL, '4.0'),"
     " ('sars_cov_2', 'SARS-CoV-2 (PCR)', 'SARS-CoV-2 (PCR)', 'immediate', 'text', NULL, NULL, NULL),"
     " ('chlamydia', 'Klamydia (PCR)', 'Chlamydia (PCR)', 'immediate', 'text', NULL, NULL, NULL),"
     " ('histology', 'Vevsprøve (histologi)', 'Tissue sample (histology)', 'after_review', 'text', NULL, NULL, NULL),"
     " ('hiv', 'HIV-test', 'HIV test', 'after_review', 'text', NULL, NULL, NULL),"
     " ('genetic_brca', 'Gentest, arvelig bryst- og eggstokkreft (BRCA1/2)',"
     "  'Genetic test, hereditary breast and ovarian cancer (BRCA1/2)', 'never', 'text', NULL, NULL, NULL);"
     /* A result: the value as entered (a decimal with a dot for numeric
      * types), the type's unit at the time, who entered it where, and the
      * review: entered -> reviewed -> released. Immediate results are
      * released when entered; never-results stop at reviewed. */
     "CREATE TABLE test_result ("
     " id @PK@,"
     " patient_id BIGINT NOT NULL REFERENCES person(id),"
     " type_id BIGINT NOT NULL REFERENCES result_type(id),"
     " value TEXT NOT NULL CHECK (length(value) BETWEEN 1 AND 1000),"
     " unit TEXT,"
     " taken_on TEXT NOT NULL,"
     " entered_by BIGINT NOT NULL REFERENCES staff(id),"
     " entered_at BIGINT NOT NULL,"
     " unit_id BIGINT REFERENCES unit(id),"
     " status TEXT NOT NULL CHECK (status IN ('entered', 'reviewed', 'released')),"
     " assigned_to BIGINT REFERENCES staff(id),"
     " reviewed_by BIGINT REFERENCES staff(id),"
     " reviewed_at BIGINT,"
     " released_at BIGINT,"
     " hidden_from_guardians INTEGER NOT NULL DEFAULT 0 CHECK (hidden_from_guardians IN (0, 1)),"
     " CHECK (status <> 'released' OR released_at IS NOT NULL),"
     " CHECK (status = 'entered' OR status = 'released' OR reviewed_by IS NOT NULL));"
     "CREATE INDEX test_result_patient ON test_result(patient_id, taken_on);"
     "CREATE INDEX test_result_awaiting ON test_result(status, unit_id);"
     /* Events that something new is waiting for a person (N1), delivered by
      * the notification job (N2). payload_ref is the id of what it is
      * about, never health data. */
     "CREATE TABLE notification_outbox ("
     " id @PK@,"
     " person_id BIGINT NOT NULL REFERENCES person(id),"
     " kind TEXT NOT NULL,"
     " created_at BIGINT NOT NULL,"
     " payload_ref BIGINT,"
     " delivered_at BIGINT,"
     " attempts INTEGER NOT NULL DEFAULT 0);"
     "CREATE INDEX notification_outbox_pending ON notification_outbox(delivered_at, created_at);"
     "CREATE INDEX notification_outbox_person ON notification_outbox(person_id);",
     NULL, NULL},
    {7, "medications: prescriptions, renewal requests, comments",
     /* H1. A medication is in use until stopped; end_date is the
      * prescription's last day, which a renewal moves. (id, patient_id) is
      * unique so requests and comments can point at both: a row can never
      * hang off another patient's medication. */
     "CREATE TABLE medication ("
     " id @PK@,"
     " patient_id BIGINT NOT NULL REFERENCES person(id),"
     " name TEXT NOT NULL,"
     " strength TEXT NOT NULL,"
     " dosage TEXT NOT NULL,"
     " prescriber_id BIGINT NOT NULL REFERENCES staff(id),"
     " unit_id BIGINT NOT NULL REFERENCES unit(id),"
     " start_date TEXT NOT NULL,"
     " end_date TEXT,"
     " created_at BIGINT NOT NULL,"
     " renewed_at BIGINT,"
     " stopped_at BIGINT,"
     " stopped_by BIGINT REFERENCES staff(id),"
     " hidden_from_guardians INTEGER NOT NULL DEFAULT 0 CHECK (hidden_from_guardians IN (0, 1)),"
     " UNIQUE (id, patient_id),"
     " CHECK (end_date IS NULL OR end_date >= start_date),"
     " CHECK ((stopped_at IS NULL AND stopped_by IS NULL) OR (stopped_at IS NOT NULL AND stopped_by IS NOT NULL)));"
     "CREATE INDEX medication_patient ON medication(patient_id);"
     /* Renewal requests go to the queue of the prescriber's unit. Open means
      * sent or in_progress; the partial unique index allows one open request
      * per medication on both backends, however requests race. */
     "CREATE TABLE medication_renewal ("
     " id @PK@,"
     " medication_id BIGINT NOT NULL,"
     " patient_id BIGINT NOT NULL,"
     " unit_id BIGINT NOT NULL REFERENCES unit(id),"
     " requested_by BIGINT NOT NULL REFERENCES person(id),"
     " message TEXT,"
     " status TEXT NOT NULL CHECK (status IN ('sent', 'in_progress', 'renewed', 'declined', 'closed')),"
     " created_at BIGINT NOT NULL,"
     " assigned_to BIGINT REFERENCES staff(id),"
     " taken_at BIGINT,"
     " answer TEXT,"
     " answered_by BIGINT REFERENCES staff(id),"
     " answered_at BIGINT,"
     " hidden_from_guardians INTEGER NOT NULL DEFAULT 0 CHECK (hidden_from_guardians IN (0, 1)),"
     " FOREIGN KEY (medication_id, patient_id) REFERENCES medication(id, patient_id));"
     "CREATE UNIQUE INDEX medication_renewal_open ON medication_renewal(medication_id)"
     " WHERE status IN ('sent', 'in_progress');"
     "CREATE INDEX medication_renewal_patient ON medication_renewal(patient_id);"
     "CREATE INDEX medication_renewal_queue ON medication_renewal(unit_id, status);"
     "CREATE TABLE medication_comment ("
     " id @PK@,"
     " medication_id BIGINT NOT NULL,"
     " patient_id BIGINT NOT NULL,"
     " author_id BIGINT NOT NULL REFERENCES person(id),"
     " body TEXT NOT NULL,"
     " created_at BIGINT NOT NULL,"
     " hidden_from_guardians INTEGER NOT NULL DEFAULT 0 CHECK (hidden_from_guardians IN (0, 1)),"
     " FOREIGN KEY (medication_id, patient_id) REFERENCES medication(id, patient_id));"
     "CREATE INDEX medication_comment_patient ON medication_comment(patient_id);",
     NULL, NULL},
    {8, "record: allergies, requests, health issues, vaccines, care team, visits, stays, referrals",
     /* Every item carries hidden_from_guardians: a clinician (or the child)
      * can keep it from parents of a 12-15-year-old. Entries are ended,
      * never deleted, so the record keeps its history. */
     "CREATE TABLE allergy ("
     " id @PK@,"
     " patient_id BIGINT NOT NULL REFERENCES person(id),"
     " substance TEXT NOT NULL,"
     " reaction TEXT,"
     " severity TEXT NOT NULL CHECK (severity IN ('mild', 'moderate', 'severe', 'unknown')),"
     " registered_by BIGINT NOT NULL REFERENCES staff(id),"
     " unit_id BIGINT REFERENCES unit(id),"
     " registered_at BIGINT NOT NULL,"
     " ended_at BIGINT,"
     " ended_by BIGINT REFERENCES staff(id),"
     " hidden_from_guardians INTEGER NOT NULL DEFAULT 0 CHECK (hidden_from_guardians IN (0, 1)));"
     "CREATE INDEX allergy_patient ON allergy(patient_id);"
     /* A citizen's request to add an allergy, in one unit's queue: open until
      * a clinician accepts (an allergy entry) or declines (a reason the
      * citizen sees); then closed out of the queue. */
     "CREATE TABLE allergy_request ("
     " id @PK@,"
     " patient_id BIGINT NOT NULL REFERENCES person(id),"
     " requested_by BIGINT NOT NULL REFERENCES person(id),"
     " unit_id BIGINT NOT NULL REFERENCES unit(id),"
     " substance TEXT NOT NULL,"
     " reaction TEXT NOT NULL,"
     " note TEXT,"
     " created_at BIGINT NOT NULL,"
     " status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted', 'declined')),"
     " taken_by BIGINT REFERENCES staff(id),"
     " taken_at BIGINT,"
     " answered_by BIGINT REFERENCES staff(id),"
     " answered_at BIGINT,"
     " decline_reason TEXT,"
     " allergy_id BIGINT REFERENCES allergy(id),"
     " closed_at BIGINT,"
     " hidden_from_guardians INTEGER NOT NULL DEFAULT 0 CHECK (hidden_from_guardians IN (0, 1)),"
     " CHECK ((status = 'declined') = (decline_reason IS NOT NULL)),"
     " CHECK ((status = 'accepted') = (allergy_id IS NOT NULL)),"
     " CHECK (closed_at IS NULL OR status <> 'open'));"
     "CREATE INDEX allergy_request_unit ON allergy_request(unit_id, closed_at);"
     "CREATE INDEX allergy_request_patient ON allergy_request(patient_id);"
     "CREATE TABLE health_issue ("
     " id @PK@,"
     " patient_id BIGINT NOT NULL REFERENCES person(id),"
     " diagnosis TEXT NOT NULL,"
     " icd10 TEXT,"
     " since TEXT,"
     " chronic INTEGER NOT NULL DEFAULT 0 CHECK (chronic IN (0, 1)),"
     " registered_by BIGINT NOT NULL REFERENCES staff(id),"
     " unit_id BIGINT REFERENCES unit(id),"
     " registered_at BIGINT NOT NULL,"
     " ended_at BIGINT,"
     " ended_by BIGINT REFERENCES staff(id),"
     " hidden_from_guardians INTEGER NOT NULL DEFAULT 0 CHECK (hidden_from_guardians IN (0, 1)));"
     "CREATE INDEX health_issue_patient ON health_issue(patient_id);"
     /* From the national immunisation registry (helsami import sysvak): the
      * unique key makes a second import of the same file change nothing. */
     "CREATE TABLE vaccination ("
     " id @PK@,"
     " patient_id BIGINT NOT NULL REFERENCES person(id),"
     " atc_code TEXT NOT NULL,"
     " vaccine_name TEXT NOT NULL,"
     " given_on TEXT NOT NULL,"
     " dose INTEGER NOT NULL CHECK (dose >= 1),"
     " batch TEXT,"
     " imported_at BIGINT NOT NULL,"
     " hidden_from_guardians INTEGER NOT NULL DEFAULT 0 CHECK (hidden_from_guardians IN (0, 1)),"
     " UNIQUE (patient_id, atc_code, given_on, dose));"
     /* My health contacts (C1). There is no role for other home-care
      * workers, and a patient has at most one GP and one home-care primary
      * contact at a time. */
     "CREATE TABLE care_team_member ("
     " id @PK@,"
     " patient_id BIGINT NOT NULL REFERENCES person(id),"
     " staff_id BIGINT NOT NULL REFERENCES staff(id),"
     " unit_id BIGINT NOT NULL REFERENCES unit(id),"
     " role TEXT NOT NULL CHECK (role IN ('gp', 'public_health_nurse', 'home_care_primary', 'follow_up')),"
     " since TEXT NOT NULL,"
     " added_by BIGINT REFERENCES staff(id),"
     " added_at BIGINT NOT NULL,"
     " ended_at BIGINT,"
     " ended_by BIGINT REFERENCES staff(id),"
     " hidden_from_guardians INTEGER NOT NULL DEFAULT 0 CHECK (hidden_from_guardians IN (0, 1)));"
     "CREATE INDEX care_team_patient ON care_team_member(patient_id);"
     "CREATE UNIQUE INDEX care_team_once ON care_team_member(patient_id, staff_id, role) WHERE ended_at IS NULL;"
     "CREATE UNIQUE INDEX care_team_one_primary ON care_team_member(patient_id, role)"
     " WHERE ended_at IS NULL AND role IN ('gp', 'home_care_primary');"
     /* Visits with their after-visit summary (P7). Home-care visits are kept
      * for staff and never reach a citizen query; their notes can never be
      * shared. */
     "CREATE TABLE visit ("
     " id @PK@,"
     " patient_id BIGINT NOT NULL REFERENCES person(id),"
     " unit_id BIGINT NOT NULL REFERENCES unit(id),"
     " clinician_id BIGINT NOT NULL REFERENCES staff(id),"
     " kind TEXT NOT NULL CHECK (kind IN ('consultation', 'video', 'phone',"
     "  'responsibility_group_meeting', 'home_care')),"
     " visit_date TEXT NOT NULL,"
     " visit_time TEXT,"
     " place TEXT,"
     " summary TEXT NOT NULL,"
     " note TEXT,"
     " note_status TEXT NOT NULL DEFAULT 'none' CHECK (note_status IN ('none', 'draft', 'shared')),"
     " note_shared_at BIGINT,"
     " created_at BIGINT NOT NULL,"
     " hidden_from_guardians INTEGER NOT NULL DEFAULT 0 CHECK (hidden_from_guardians IN (0, 1)),"
     " CHECK (note_status = 'none' OR note IS NOT NULL),"
     " CHECK ((note_status = 'shared') = (note_shared_at IS NOT NULL)),"
     " CHECK (kind <> 'home_care' OR note_status <> 'shared'));"
     "CREATE INDEX visit_patient ON visit(patient_id, visit_date);"
     /* Stays in municipal institutions and referrals (P8). */
     "CREATE TABLE stay ("
     " id @PK@,"
     " patient_id BIGINT NOT NULL REFERENCES person(id),"
     " unit_id BIGINT NOT NULL REFERENCES unit(id),"
     " kind TEXT NOT NULL CHECK (kind IN ('short_term', 'long_term', 'respite')),"
     " from_date TEXT NOT NULL,"
     " to_date TEXT,"
     " created_by BIGINT NOT NULL REFERENCES staff(id),"
     " created_at BIGINT NOT NULL,"
     " hidden_from_guardians INTEGER NOT NULL DEFAULT 0 CHECK (hidden_from_guardians IN (0, 1)),"
     " CHECK (to_date IS NULL OR to_date >= from_date));"
     "CREATE INDEX stay_patient ON stay(patient_id, from_date);"
     "CREATE TABLE referral ("
     " id @PK@,"
     " patient_id BIGINT NOT NULL REFERENCES person(id),"
     " from_unit_id BIGINT REFERENCES unit(id),"
     " to_unit_id BIGINT NOT NULL REFERENCES unit(id),"
     " referred_by BIGINT NOT NULL REFERENCES staff(id),"
     " sent_on TEXT NOT NULL,"
     " status TEXT NOT NULL CHECK (status IN ('sent', 'received', 'assessed', 'appointment_given')),"
     " status_at BIGINT NOT NULL,"
     " pathway TEXT,"
     " created_at BIGINT NOT NULL,"
     " hidden_from_guardians INTEGER NOT NULL DEFAULT 0 CHECK (hidden_from_guardians IN (0, 1)));"
     "CREATE INDEX referral_patient ON referral(patient_id, sent_on);",
     NULL, NULL},
    {9, "representation: powers of attorney, parents, guardians",
     /* Who may act for whom, on what basis, with which kind of access, for
      * how long. Validity is checked on every request against the request
      * clock and the register, never only at login. */
     "CREATE TABLE representation ("
     " id @PK@,"
     " representative_id BIGINT NOT NULL REFERENCES person(id),"
     " represented_id BIGINT NOT NULL REFERENCES person(id),"
     " basis TEXT NOT NULL CHECK (basis IN ('power_of_attorney', 'parent', 'capacity')),"
     " kind TEXT NOT NULL,"
     " valid_from TEXT NOT NULL,"
     " valid_until TEXT,"
     " created_at BIGINT NOT NULL,"
     " created_by BIGINT NOT NULL,"
     " ended_at BIGINT,"
     " ended_by BIGINT,"
     " CHECK (representative_id <> represented_id));"
     "CREATE INDEX representation_representative ON representation(representative_id);"
     "CREATE INDEX representation_represented ON representation(represented_id);"
     /* Applications for access to an adult lacking capacity to consent (R4):
      * the documentation is kept here (base64, the driver binds text), shown
      * only to the staff who review it. */
     "CREATE TABLE capacity_application ("
     " id @PK@,"
     " applicant_id BIGINT NOT NULL REFERENCES person(id),"
     " person_id BIGINT NOT NULL REFERENCES person(id),"
     " relation TEXT NOT NULL,"
     " statement TEXT NOT NULL,"
     " document_type TEXT NOT NULL,"
     " document_base64 TEXT NOT NULL,"
     " submitted_at BIGINT NOT NULL,"
     " status TEXT NOT NULL CHECK (status IN ('pending', 'taken', 'granted', 'refused')),"
     " taken_by BIGINT REFERENCES staff(id),"
     " decided_by BIGINT REFERENCES staff(id),"
     " decided_at BIGINT,"
     " decision_reason TEXT,"
     " representation_id BIGINT REFERENCES representation(id));"
     "CREATE INDEX capacity_application_status ON capacity_application(status);",
     NULL, NULL},
    {10, "questionnaires: definitions, questionnaires sent and their answers",
     /* Q1. A definition is a FHIR Questionnaire as imported; a version is
      * immutable (a change is a new version). */
     "CREATE TABLE questionnaire ("
     " id @PK@,"
     " url TEXT NOT NULL,"
     " version TEXT NOT NULL,"
     " title_nb TEXT NOT NULL,"
     " title_en TEXT,"
     " status TEXT NOT NULL CHECK (status IN ('draft', 'active', 'retired')),"
     " resource TEXT NOT NULL,"
     " imported_at BIGINT NOT NULL,"
     " UNIQUE (url, version));"
     /* A questionnaire sent to a patient, with the answers as a FHIR
      * QuestionnaireResponse: a draft while in progress, final once
      * completed. `revision` counts saves, so two people answering for the
      * same patient cannot overwrite each other unseen. */
     "CREATE TABLE questionnaire_request ("
     " id @PK@,"
     " patient_id BIGINT NOT NULL REFERENCES person(id),"
     " questionnaire_id BIGINT NOT NULL REFERENCES questionnaire(id),"
     " unit_id BIGINT NOT NULL REFERENCES unit(id),"
     " sent_by BIGINT NOT NULL REFERENCES staff(id),"
     " sent_at BIGINT NOT NULL,"
     " due_on TEXT,"
     " status TEXT NOT NULL CHECK (status IN ('sent', 'in_progress', 'completed', 'withdrawn')),"
     " response TEXT,"
     " revision INTEGER NOT NULL DEFAULT 0,"
     " saved_at BIGINT,"
     " saved_by BIGINT REFERENCES person(id),"
     " submitted_at BIGINT,"
     " submitted_by BIGINT REFERENCES person(id),"
     " read_at BIGINT,"
     " read_by BIGINT REFERENCES staff(id),"
     " withdrawn_at BIGINT,"
     " withdrawn_by BIGINT REFERENCES staff(id),"
     " hidden_from_guardians INTEGER NOT NULL DEFAULT 0 CHECK (hidden_from_guardians IN (0, 1)),"
     " CHECK ((status = 'completed') = (submitted_at IS NOT NULL)),"
     " CHECK (status NOT IN ('in_progress', 'completed') OR response IS NOT NULL),"
     " CHECK ((status = 'withdrawn') = (withdrawn_at IS NOT NULL)),"
     " CHECK (read_at IS NULL OR status = 'completed'));"
     "CREATE INDEX questionnaire_request_patient ON questionnaire_request(patient_id, sent_at);"
     "CREATE INDEX questionnaire_request_unread ON questionnaire_request(unit_id, status, read_at);",
     NULL, NULL},
    {11,
     "security review: one open representation per direction, sessions marked by dev mode, per-account event counts",
     /* Two open representations between the same two people made the older
      * one hard to reason about (which one does ending end?): the newest
      * stands, older ones end when it began, and a unique index keeps it so. */
     "UPDATE representation SET"
     " ended_at = (SELECT MIN(n.created_at) FROM representation n"
     "  WHERE n.representative_id = representation.representative_id"
     "  AND n.represented_id = representation.represented_id AND n.ended_at IS NULL AND n.id > representation.id),"
     " ended_by = (SELECT n.created_by FROM representation n"
     "  WHERE n.representative_id = representation.representative_id"
     "  AND n.represented_id = representation.represented_id AND n.ended_at IS NULL AND n.id > representation.id"
     "  ORDER BY n.id LIMIT 1)"
     " WHERE ended_at IS NULL AND EXISTS (SELECT 1 FROM representation n"
     "  WHERE n.representative_id = representation.representative_id"
     "  AND n.represented_id = representation.represented_id AND n.ended_at IS NULL AND n.id > representation.id);"
     "CREATE UNIQUE INDEX representation_open_once ON representation(representative_id, represented_id)"
     " WHERE ended_at IS NULL;"
     /* A session made by a server in dev mode (TestID, a settable clock) is
      * refused by a server that is not. */
     "ALTER TABLE session ADD COLUMN dev INTEGER NOT NULL DEFAULT 0 CHECK (dev IN (0, 1));"
     /* Per-account limits count a person's recent events of a kind. */
     "CREATE INDEX security_event_person ON security_event(person_id, kind, at);"
     /* An event about an item confidential for a child of 12-15 must never
      * become a notification to the child's parents. */
     "ALTER TABLE notification_outbox ADD COLUMN hidden_from_guardians INTEGER NOT NULL DEFAULT 0"
     " CHECK (hidden_from_guardians IN (0, 1));",
     NULL, NULL},
    {12, "appointments: visit types, schedules, slots, appointments, change and cancel requests",
     /* P3: a unit's own deadline for changing or cancelling (hours before)
      * and how many weeks ahead citizens may book (P2). */
     "ALTER TABLE unit ADD COLUMN change_deadline_hours INTEGER NOT NULL DEFAULT 24"
     " CHECK (change_deadline_hours BETWEEN 0 AND 336);"
     "ALTER TABLE unit ADD COLUMN booking_weeks INTEGER NOT NULL DEFAULT 6 CHECK (booking_weeks BETWEEN 1 AND 26);"
     /* What a unit offers (W2). A home-care visit is never shown to a
      * citizen (P1); a team meeting held in the home is. The fee is the
      * egenandel in whole kroner (P9). (id, unit_id) is unique so slots and
      * appointments can point at both: a type of one unit can never be
      * booked in another's slot. */
     "CREATE TABLE visit_type ("
     " id @PK@,"
     " unit_id BIGINT NOT NULL REFERENCES unit(id),"
     " name_nb TEXT NOT NULL CHECK (length(name_nb) BETWEEN 1 AND 100),"
     " name_en TEXT NOT NULL CHECK (length(name_en) BETWEEN 1 AND 100),"
     " minutes INTEGER NOT NULL CHECK (minutes BETWEEN 5 AND 480),"
     " mode TEXT NOT NULL CHECK (mode IN ('in_person', 'video', 'phone')),"
     " category TEXT NOT NULL DEFAULT 'consultation'"
     "  CHECK (category IN ('consultation', 'team_meeting', 'home_care_visit')),"
     " fee_nok INTEGER NOT NULL DEFAULT 0 CHECK (fee_nok BETWEEN 0 AND 100000),"
     " self_bookable INTEGER NOT NULL DEFAULT 0 CHECK (self_bookable IN (0, 1)),"
     " check_in INTEGER NOT NULL DEFAULT 0 CHECK (check_in IN (0, 1)),"
     " what_to_bring_nb TEXT CHECK (what_to_bring_nb IS NULL OR length(what_to_bring_nb) <= 500),"
     " what_to_bring_en TEXT CHECK (what_to_bring_en IS NULL OR length(what_to_bring_en) <= 500),"
     " active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),"
     " UNIQUE (id, unit_id));"
     "CREATE INDEX visit_type_unit ON visit_type(unit_id);"
     "CREATE TABLE visit_type_clinician ("
     " visit_type_id BIGINT NOT NULL REFERENCES visit_type(id),"
     " staff_id BIGINT NOT NULL REFERENCES staff(id),"
     " PRIMARY KEY (visit_type_id, staff_id));"
     /* A clinician's weekly template (W2): slots of slot_minutes from
      * start_minute to end_minute (Oslo wall clock) on weekday, for one
      * visit type or (NULL) any the clinician offers. */
     "CREATE TABLE schedule_template ("
     " id @PK@,"
     " unit_id BIGINT NOT NULL REFERENCES unit(id),"
     " staff_id BIGINT NOT NULL REFERENCES staff(id),"
     " weekday INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),"
     " start_minute INTEGER NOT NULL CHECK (start_minute BETWEEN 0 AND 1440),"
     " end_minute INTEGER NOT NULL CHECK (end_minute BETWEEN 0 AND 1440),"
     " slot_minutes INTEGER NOT NULL CHECK (slot_minutes BETWEEN 5 AND 480),"
     " visit_type_id BIGINT,"
     " active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),"
     " CHECK (start_minute + slot_minutes <= end_minute),"
     " FOREIGN KEY (visit_type_id, unit_id) REFERENCES visit_type(id, unit_id));"
     "CREATE INDEX schedule_template_unit ON schedule_template(unit_id, staff_id);"
     /* A bookable time: UTC seconds. A clinician is in one place at a time,
      * so (staff_id, start_at) is unique, which also makes generating from a
      * template twice harmless. */
     "CREATE TABLE slot ("
     " id @PK@,"
     " unit_id BIGINT NOT NULL REFERENCES unit(id),"
     " staff_id BIGINT NOT NULL REFERENCES staff(id),"
     " start_at BIGINT NOT NULL,"
     " end_at BIGINT NOT NULL,"
     " visit_type_id BIGINT,"
     " template_id BIGINT REFERENCES schedule_template(id),"
     " blocked INTEGER NOT NULL DEFAULT 0 CHECK (blocked IN (0, 1)),"
     " CHECK (end_at > start_at),"
     " UNIQUE (staff_id, start_at),"
     " UNIQUE (id, unit_id),"
     " FOREIGN KEY (visit_type_id, unit_id) REFERENCES visit_type(id, unit_id));"
     "CREATE INDEX slot_unit_start ON slot(unit_id, start_at);"
     /* An appointment (P1-P3). Moving one marks it 'moved' and books a new
      * row (moved_to), so the history stays. booked_by is the person who
      * booked (the patient, a representative acting for them, or a member
      * of staff's own person), by_staff the staff id when staff did it. */
     "CREATE TABLE appointment ("
     " id @PK@,"
     " patient_id BIGINT NOT NULL REFERENCES person(id),"
     " unit_id BIGINT NOT NULL,"
     " slot_id BIGINT NOT NULL,"
     " visit_type_id BIGINT NOT NULL,"
     " status TEXT NOT NULL CHECK (status IN ('booked', 'cancelled', 'moved', 'done')),"
     " cancelled_reason TEXT CHECK (cancelled_reason IS NULL OR length(cancelled_reason) <= 500),"
     " cancelled_by_staff INTEGER NOT NULL DEFAULT 0 CHECK (cancelled_by_staff IN (0, 1)),"
     " moved_to BIGINT REFERENCES appointment(id),"
     " booked_by BIGINT NOT NULL REFERENCES person(id),"
     " by_staff BIGINT REFERENCES staff(id),"
     " created_at BIGINT NOT NULL,"
     " changed_at BIGINT,"
     " FOREIGN KEY (slot_id, unit_id) REFERENCES slot(id, unit_id),"
     " FOREIGN KEY (visit_type_id, unit_id) REFERENCES visit_type(id, unit_id),"
     " CHECK (status <> 'moved' OR moved_to IS NOT NULL));"
     /* No slot is ever booked twice (P2): the database enforces it. */
     "CREATE UNIQUE INDEX appointment_slot_booked ON appointment(slot_id) WHERE status = 'booked';"
     "CREATE INDEX appointment_patient ON appointment(patient_id, status);"
     "CREATE INDEX appointment_unit ON appointment(unit_id, status);"
     /* A change or cancellation request to the unit's office (P3, W3). One
      * open request per appointment. */
     "CREATE TABLE appointment_request ("
     " id @PK@,"
     " appointment_id BIGINT NOT NULL REFERENCES appointment(id),"
     " patient_id BIGINT NOT NULL REFERENCES person(id),"
     " unit_id BIGINT NOT NULL REFERENCES unit(id),"
     " kind TEXT NOT NULL CHECK (kind IN ('change', 'cancel')),"
     " message TEXT CHECK (message IS NULL OR length(message) <= 1000),"
     " status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted', 'refused')),"
     " answer TEXT CHECK (answer IS NULL OR length(answer) <= 1000),"
     " created_by BIGINT NOT NULL REFERENCES person(id),"
     " created_at BIGINT NOT NULL,"
     " answered_by BIGINT REFERENCES staff(id),"
     " answered_at BIGINT,"
     " CHECK ((status = 'open') = (answered_at IS NULL)));"
     "CREATE UNIQUE INDEX appointment_request_open ON appointment_request(appointment_id) WHERE status = 'open';"
     "CREATE INDEX appointment_request_unit ON appointment_request(unit_id, status, created_at);",
     NULL, NULL},
    {13, "notification delivery: one row per event, channel and recipient",
     /* An outbox event is fanned out once (domain/notify.c): fanned_out_at
      * says it was. */
     "ALTER TABLE notification_outbox ADD COLUMN fanned_out_at BIGINT;"
     "CREATE INDEX notification_outbox_unfanned ON notification_outbox(fanned_out_at, id);"
     /* A delivery: the event told to one recipient on one channel (N2).
      * about_id is whose record the event concerns (the recipient, or
      * someone they act for). status: pending (not tried yet), sent, failed
      * (tried, tried again at next_attempt_at), dead (gave up; an admin may
      * retry). claimed_by/claimed_until: a worker's lease while it sends,
      * so another process leaves the row alone. last_error is a reason
      * written by us (a curl error, a status code), never a message text.
      * read_at: when an in-app notice was read. */
     "CREATE TABLE notification_delivery ("
     " id @PK@,"
     " event_id BIGINT NOT NULL REFERENCES notification_outbox(id),"
     " recipient_id BIGINT NOT NULL REFERENCES person(id),"
     " about_id BIGINT NOT NULL REFERENCES person(id),"
     " channel TEXT NOT NULL CHECK (channel IN ('in_app', 'sms', 'email')),"
     " status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'dead')),"
     " attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),"
     " created_at BIGINT NOT NULL,"
     " next_attempt_at BIGINT NOT NULL,"
     " last_error TEXT CHECK (last_error IS NULL OR length(last_error) <= 200),"
     " sent_at BIGINT,"
     " read_at BIGINT,"
     " claimed_by TEXT,"
     " claimed_until BIGINT,"
     " UNIQUE (event_id, channel, recipient_id),"
     " CHECK ((status = 'sent') = (sent_at IS NOT NULL)),"
     " CHECK (read_at IS NULL OR channel = 'in_app'));"
     "CREATE INDEX notification_delivery_due ON notification_delivery(status, channel, next_attempt_at);"
     "CREATE INDEX notification_delivery_inbox ON notification_delivery(recipient_id, channel, read_at);",
     NULL, NULL},
    /* 14 is not used; the migrator applies each missing number in order. */
    {15, "appointments part 2: short-notice list and offers, reminders and check-in openings sent once",
     /* P4: how many offers go out at once for a freed slot, and how long
      * each may wait for an answer (never past the slot's start less a
      * margin: domain/schedule.h). */
     "ALTER TABLE unit ADD COLUMN offer_count INTEGER NOT NULL DEFAULT 3 CHECK (offer_count BETWEEN 1 AND 20);"
     "ALTER TABLE unit ADD COLUMN offer_answer_minutes INTEGER NOT NULL DEFAULT 120"
     " CHECK (offer_answer_minutes BETWEEN 5 AND 2880);"
     /* Jobs mark what they announced, so a reminder or a check-in opening
      * is sent exactly once even by two servers sharing the database. */
     "ALTER TABLE appointment ADD COLUMN reminded_at BIGINT;"
     "ALTER TABLE appointment ADD COLUMN checkin_announced_at BIGINT;"
     /* The unit's short-notice list: a booked appointment whose patient
      * asked for an earlier time, in the order they joined. */
     "CREATE TABLE short_notice ("
     " id @PK@,"
     " unit_id BIGINT NOT NULL REFERENCES unit(id),"
     " patient_id BIGINT NOT NULL REFERENCES person(id),"
     " appointment_id BIGINT NOT NULL UNIQUE REFERENCES appointment(id),"
     " joined_at BIGINT NOT NULL);"
     "CREATE INDEX short_notice_unit ON short_notice(unit_id, joined_at);"
     "CREATE INDEX short_notice_patient ON short_notice(patient_id);"
     /* One offer of a freed slot to one person on the list. A slot is
      * offered to an entry at most once (UNIQUE), and every outcome is kept
      * with its reason. */
     "CREATE TABLE short_notice_offer ("
     " id @PK@,"
     " unit_id BIGINT NOT NULL REFERENCES unit(id),"
     " slot_id BIGINT NOT NULL REFERENCES slot(id),"
     " entry_id BIGINT NOT NULL REFERENCES short_notice(id),"
     " appointment_id BIGINT NOT NULL REFERENCES appointment(id),"
     " patient_id BIGINT NOT NULL REFERENCES person(id),"
     " status TEXT NOT NULL DEFAULT 'open'"
     "  CHECK (status IN ('open', 'accepted', 'declined', 'expired', 'withdrawn')),"
     " reason TEXT CHECK (reason IS NULL OR reason IN ('accepted', 'declined', 'no_answer', 'taken', 'moved',"
     "  'cancelled')),"
     " created_at BIGINT NOT NULL,"
     " deadline BIGINT NOT NULL,"
     " answered_at BIGINT,"
     " new_appointment_id BIGINT REFERENCES appointment(id),"
     " UNIQUE (slot_id, entry_id),"
     " CHECK ((status = 'open') = (answered_at IS NULL)),"
     " CHECK ((status = 'accepted') = (new_appointment_id IS NOT NULL)));"
     "CREATE INDEX short_notice_offer_open ON short_notice_offer(status, deadline);"
     "CREATE INDEX short_notice_offer_slot ON short_notice_offer(slot_id, status);"
     "CREATE INDEX short_notice_offer_patient ON short_notice_offer(patient_id, status);"
     "CREATE INDEX short_notice_offer_unit ON short_notice_offer(unit_id, created_at);"
     "CREATE INDEX appointment_slot ON appointment(slot_id);",
     NULL, NULL},
    {16, "messages: conversations, messages, read marks, attachments, the topics units accept; support cases",
     /* M2: how long a unit says a reply may take, shown on every compose
      * page; which topics it accepts new conversations on (unit.accepts_messages
      * of migration 1 is the unit's switch). Topics are codes with texts in
      * the catalog (domain/messages.h). */
     "ALTER TABLE unit ADD COLUMN message_reply_days INTEGER NOT NULL DEFAULT 3"
     " CHECK (message_reply_days BETWEEN 1 AND 30);"
     "CREATE TABLE message_topic ("
     " unit_id BIGINT NOT NULL REFERENCES unit(id),"
     " topic TEXT NOT NULL CHECK (topic IN ('gp_question', 'appointment', 'prescription', 'results',"
     "  'certificate', 'other')),"
     " PRIMARY KEY (unit_id, topic));"
     /* A conversation between a patient and a unit (M1, M2). clinician_id:
      * the member of staff it is with, when one is named. reply_allowed: the
      * latest staff message's word on whether the citizen may reply.
      * citizen_read_to / unit_read_to: the newest message id each side has
      * read (ids, not times: two messages in one second stay apart). */
     "CREATE TABLE conversation ("
     " id @PK@,"
     " patient_id BIGINT NOT NULL REFERENCES person(id),"
     " unit_id BIGINT NOT NULL REFERENCES unit(id),"
     " clinician_id BIGINT REFERENCES staff(id),"
     " topic TEXT NOT NULL,"
     " subject TEXT NOT NULL CHECK (length(subject) BETWEEN 1 AND 200),"
     " reply_allowed INTEGER NOT NULL DEFAULT 1,"
     " status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),"
     " assigned_to BIGINT REFERENCES staff(id),"
     " created_at BIGINT NOT NULL,"
     " last_at BIGINT NOT NULL,"
     " citizen_read_to BIGINT NOT NULL DEFAULT 0,"
     " unit_read_to BIGINT NOT NULL DEFAULT 0);"
     "CREATE INDEX conversation_patient ON conversation(patient_id, last_at);"
     "CREATE INDEX conversation_unit ON conversation(unit_id, status, last_at);"
     "CREATE INDEX conversation_assigned ON conversation(assigned_to, status);"
     /* One message. author_role: who wrote it (the patient, a representative
      * acting for them, or staff); for_unit: staff wrote on behalf of the
      * unit (the citizen sees the unit, not the person). */
     "CREATE TABLE message ("
     " id @PK@,"
     " conversation_id BIGINT NOT NULL REFERENCES conversation(id),"
     " patient_id BIGINT NOT NULL REFERENCES person(id),"
     " author_id BIGINT NOT NULL REFERENCES person(id),"
     " author_role TEXT NOT NULL CHECK (author_role IN ('citizen', 'representative', 'staff')),"
     " for_unit INTEGER NOT NULL DEFAULT 0,"
     " reply_allowed INTEGER NOT NULL DEFAULT 1,"
     " body TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 5000),"
     " created_at BIGINT NOT NULL);"
     "CREATE INDEX message_conversation ON message(conversation_id, id);"
     "CREATE INDEX message_patient ON message(patient_id);"
     /* M3: the bytes live in the database (base64: the driver binds text),
      * so a backup of the database holds every attachment. The type is the
      * one sniffed from the bytes; name is a cleaned copy of the file name
      * for display only. */
     "CREATE TABLE message_attachment ("
     " id @PK@,"
     " message_id BIGINT NOT NULL REFERENCES message(id),"
     " conversation_id BIGINT NOT NULL REFERENCES conversation(id),"
     " patient_id BIGINT NOT NULL REFERENCES person(id),"
     " content_type TEXT NOT NULL CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png')),"
     " name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),"
     " size BIGINT NOT NULL CHECK (size > 0),"
     " data_base64 TEXT NOT NULL,"
     " created_at BIGINT NOT NULL);"
     "CREATE INDEX message_attachment_message ON message_attachment(message_id);"
     "CREATE INDEX message_attachment_patient ON message_attachment(patient_id);"
     /* U1: a user-support case, routed to the unit it is about: a question
      * about use or content, or a request to correct or erase information
      * in the record (pasient- og brukerrettighetsloven § 5-2,
      * helsepersonelloven §§ 42-44), decided done, partly or refused with
      * the reason. */
     "CREATE TABLE support_case ("
     " id @PK@,"
     " patient_id BIGINT NOT NULL REFERENCES person(id),"
     " author_id BIGINT NOT NULL REFERENCES person(id),"
     " unit_id BIGINT NOT NULL REFERENCES unit(id),"
     " kind TEXT NOT NULL CHECK (kind IN ('use', 'content', 'correct', 'erase')),"
     " body TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 2000),"
     " status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'partly', 'refused')),"
     " assigned_to BIGINT REFERENCES staff(id),"
     " answer TEXT CHECK (answer IS NULL OR length(answer) <= 2000),"
     " decided_by BIGINT REFERENCES staff(id),"
     " decided_at BIGINT,"
     " created_at BIGINT NOT NULL,"
     " CHECK ((status = 'open') = (decided_at IS NULL)),"
     " CHECK (status <> 'refused' OR answer IS NOT NULL));"
     "CREATE INDEX support_case_patient ON support_case(patient_id, created_at);"
     "CREATE INDEX support_case_unit ON support_case(unit_id, status, created_at);",
     NULL, NULL},
    {17, "video consultations: calls, their members and the signaling relayed between them",
     /* A call belongs to an appointment (the appointment is a video one
      * once it has a call: its type's mode is video, or a clinician turned
      * it into one), or to a clinician's invitation (internal: colleagues;
      * group: several citizens). last_seq numbers the call's signaling
      * messages: taking the next one locks the call's row, so messages
      * commit in the order of their numbers and a reader that asks for
      * "after N" never skips one committed late. */
     "CREATE TABLE video_call ("
     " id @PK@,"
     " kind TEXT NOT NULL CHECK (kind IN ('appointment', 'internal', 'group')),"
     " unit_id BIGINT NOT NULL REFERENCES unit(id),"
     " appointment_id BIGINT UNIQUE REFERENCES appointment(id),"
     " host_staff_id BIGINT NOT NULL REFERENCES staff(id),"
     " title TEXT,"
     " starts_at BIGINT NOT NULL,"
     " ends_at BIGINT NOT NULL,"
     " status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'ended')),"
     " last_seq BIGINT NOT NULL DEFAULT 0,"
     " held_at BIGINT,"
     " ended_at BIGINT,"
     " created_at BIGINT NOT NULL,"
     " CHECK ((kind = 'appointment') = (appointment_id IS NOT NULL)),"
     " CHECK (ends_at > starts_at));"
     "CREATE INDEX video_call_host ON video_call(host_staff_id, starts_at);"
     /* Who may join: the clinicians (host and invited colleagues) and the
      * patients. A representative joins as the patient's member, and
      * joined_by names who actually came. */
     "CREATE TABLE video_member ("
     " id @PK@,"
     " call_id BIGINT NOT NULL REFERENCES video_call(id),"
     " role TEXT NOT NULL CHECK (role IN ('host', 'clinician', 'patient')),"
     " staff_id BIGINT REFERENCES staff(id),"
     " patient_id BIGINT REFERENCES person(id),"
     " state TEXT NOT NULL DEFAULT 'invited'"
     "  CHECK (state IN ('invited', 'waiting', 'admitted', 'left', 'removed')),"
     " muted INTEGER NOT NULL DEFAULT 0,"
     " joined_by BIGINT REFERENCES person(id),"
     " joined_at BIGINT,"
     " left_at BIGINT,"
     " CHECK ((staff_id IS NULL) <> (patient_id IS NULL)),"
     " CHECK ((role = 'patient') = (patient_id IS NOT NULL)),"
     " UNIQUE (call_id, staff_id),"
     " UNIQUE (call_id, patient_id));"
     "CREATE INDEX video_member_patient ON video_member(patient_id);"
     "CREATE INDEX video_member_staff ON video_member(staff_id);"
     /* Offers, answers, ICE candidates and the call's own events, in the
      * database so any server process can relay them (docs/video.md). A
      * message to no one (to_member NULL) goes to every member. */
     "CREATE TABLE video_signal ("
     " call_id BIGINT NOT NULL REFERENCES video_call(id),"
     " seq BIGINT NOT NULL,"
     " from_member BIGINT NOT NULL REFERENCES video_member(id),"
     " to_member BIGINT REFERENCES video_member(id),"
     " kind TEXT NOT NULL,"
     " body TEXT NOT NULL,"
     " created_at BIGINT NOT NULL,"
     " PRIMARY KEY (call_id, seq));",
     NULL, NULL},
    {18, "municipal services: catalogue, applications, case messages, letters and the document centre",
     /* K1. A service one municipality's services office offers, with its
      * application form (a questionnaire definition) and its legal basis. */
     "CREATE TABLE municipal_service ("
     " id @PK@,"
     " unit_id BIGINT NOT NULL REFERENCES unit(id),"
     " code TEXT NOT NULL,"
     " title_nb TEXT NOT NULL,"
     " title_en TEXT NOT NULL,"
     " summary_nb TEXT NOT NULL,"
     " summary_en TEXT NOT NULL,"
     " legal_basis TEXT NOT NULL,"
     " questionnaire_id BIGINT NOT NULL REFERENCES questionnaire(id),"
     " active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),"
     " UNIQUE (unit_id, code));"
     /* K1-K3. An application, from draft to decision and appeal. The
      * appeal deadline is a calendar day (decision day + 21, fvl. § 29). */
     "CREATE TABLE service_application ("
     " id @PK@,"
     " patient_id BIGINT NOT NULL REFERENCES person(id),"
     " service_id BIGINT NOT NULL REFERENCES municipal_service(id),"
     " unit_id BIGINT NOT NULL REFERENCES unit(id),"
     " status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'in_progress', 'info_requested', 'decided',"
     "  'appealed', 'appeal_decided')),"
     " response TEXT,"
     " revision INTEGER NOT NULL DEFAULT 0,"
     " created_by BIGINT NOT NULL REFERENCES person(id),"
     " created_at BIGINT NOT NULL,"
     " saved_at BIGINT,"
     " submitted_at BIGINT,"
     " submitted_by BIGINT REFERENCES person(id),"
     " caseworker_id BIGINT REFERENCES staff(id),"
     " outcome TEXT CHECK (outcome IS NULL OR outcome IN ('granted', 'partly', 'refused')),"
     " scope TEXT CHECK (scope IS NULL OR length(scope) <= 200),"
     " from_date TEXT,"
     " reasons TEXT CHECK (reasons IS NULL OR length(reasons) <= 4000),"
     " decided_at BIGINT,"
     " decided_by BIGINT REFERENCES staff(id),"
     " appeal_deadline TEXT,"
     " appeal_text TEXT CHECK (appeal_text IS NULL OR length(appeal_text) <= 4000),"
     " appealed_at BIGINT,"
     " appealed_by BIGINT REFERENCES person(id),"
     " appeal_outcome TEXT CHECK (appeal_outcome IS NULL OR appeal_outcome IN ('reversed', 'upheld')),"
     " appeal_reasons TEXT CHECK (appeal_reasons IS NULL OR length(appeal_reasons) <= 4000),"
     " appeal_decided_at BIGINT,"
     " appeal_decided_by BIGINT REFERENCES staff(id),"
     " forwarded_at BIGINT,"
     " CHECK ((status = 'draft') = (submitted_at IS NULL)),"
     " CHECK ((outcome IS NULL) = (decided_at IS NULL)));"
     "CREATE INDEX service_application_patient ON service_application(patient_id, created_at);"
     "CREATE INDEX service_application_queue ON service_application(unit_id, status, submitted_at);"
     /* K2: the request for more information and the applicant's answers. */
     "CREATE TABLE service_case_message ("
     " id @PK@,"
     " application_id BIGINT NOT NULL REFERENCES service_application(id),"
     " author_id BIGINT NOT NULL REFERENCES person(id),"
     " from_staff INTEGER NOT NULL CHECK (from_staff IN (0, 1)),"
     " body TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 2000),"
     " created_at BIGINT NOT NULL);"
     "CREATE INDEX service_case_message_application ON service_case_message(application_id, id);"
     /* D1. A letter in the document centre: its content (JSON, from which
      * the screen and the PDF are made), the PDF once the letter job has
      * made it (base64), its first opening, the reminder and the paper
      * fallback (K2: unit.paper_after_days). */
     "CREATE TABLE citizen_document ("
     " id @PK@,"
     " patient_id BIGINT NOT NULL REFERENCES person(id),"
     " unit_id BIGINT NOT NULL REFERENCES unit(id),"
     " application_id BIGINT REFERENCES service_application(id),"
     " kind TEXT NOT NULL CHECK (kind IN ('receipt', 'decision', 'appeal_outcome')),"
     " letter TEXT NOT NULL,"
     " pdf TEXT,"
     " created_at BIGINT NOT NULL,"
     " generated_at BIGINT,"
     " opened_at BIGINT,"
     " opened_by BIGINT REFERENCES person(id),"
     " reminded_at BIGINT,"
     " paper_at BIGINT,"
     " paper_reason TEXT CHECK (paper_reason IS NULL OR paper_reason IN ('unopened', 'reserved')),"
     " printed_at BIGINT,"
     " CHECK ((pdf IS NULL) = (generated_at IS NULL)));"
     "CREATE INDEX citizen_document_patient ON citizen_document(patient_id, created_at);"
     "CREATE INDEX citizen_document_pending ON citizen_document(generated_at, id);"
     "CREATE INDEX citizen_document_paper ON citizen_document(paper_at, printed_at);"
     /* The local copy of the contact register's reservations against
      * digital communication (integrations/krr.h reads it). */
     "CREATE TABLE krr_reservation ("
     " nin TEXT PRIMARY KEY,"
     " reserved_at BIGINT NOT NULL);",
     NULL, NULL},
    {19, "e-check-in: when and by whom an appointment was checked in, questionnaires tied to an appointment",
     /* P6: the person who checked in (the patient or a representative). */
     "ALTER TABLE appointment ADD COLUMN checked_in_at BIGINT;"
     "ALTER TABLE appointment ADD COLUMN checked_in_by BIGINT REFERENCES person(id);"
     /* Q1 and P6: a clinician may tie a questionnaire to an appointment; the
      * check-in asks for it. */
     "ALTER TABLE questionnaire_request ADD COLUMN appointment_id BIGINT REFERENCES appointment(id);"
     "CREATE INDEX questionnaire_request_appointment ON questionnaire_request(appointment_id);",
     NULL, NULL},
    {20, "appointments: unit closures (holidays) and clinician absences",
     /* W2: a span when a whole unit (staff_id NULL) or one clinician takes no
      * appointments, UTC seconds [starts_at, ends_at). It removes the free
      * slots it covers when made and keeps templates from generating there;
      * the booked appointments it hits are listed for staff to move or
      * cancel. */
     "CREATE TABLE schedule_closure ("
     " id @PK@,"
     " unit_id BIGINT NOT NULL REFERENCES unit(id),"
     " staff_id BIGINT REFERENCES staff(id),"
     " starts_at BIGINT NOT NULL,"
     " ends_at BIGINT NOT NULL,"
     " reason TEXT CHECK (reason IS NULL OR length(reason) <= 200),"
     " created_by BIGINT NOT NULL REFERENCES staff(id),"
     " created_at BIGINT NOT NULL,"
     " CHECK (ends_at > starts_at));"
     "CREATE INDEX schedule_closure_unit ON schedule_closure(unit_id, ends_at);",
     NULL, NULL},
    {21,
     "bytes as bytes: message attachments and letter PDFs in BLOB (SQLite) / BYTEA (PostgreSQL) columns;"
     " clinicians who accept new conversations; assignment to a colleague",
     /* M3, D1: the driver binds bytes now (db_bind_blob). The base64 text
      * columns stay (SQLite cannot drop NOT NULL or a CHECK without
      * rebuilding the table) and are emptied as convert_to_bytes moves each
      * row's bytes over, in this migration's transaction: data_base64 is ''
      * and a made letter's pdf is '' from here on. */
     "ALTER TABLE message_attachment ADD COLUMN data @BLOB@;"
     "ALTER TABLE citizen_document ADD COLUMN pdf_data @BLOB@;"
     /* M2: the clinicians of a unit who accept new conversations from its
      * patients (set on the unit's message settings page). */
     "CREATE TABLE message_clinician ("
     " unit_id BIGINT NOT NULL REFERENCES unit(id),"
     " staff_id BIGINT NOT NULL REFERENCES staff(id),"
     " PRIMARY KEY (unit_id, staff_id));"
     "CREATE INDEX message_clinician_staff ON message_clinician(staff_id);"
     /* M4: 0 while a conversation a colleague assigned to someone has not
      * been opened by them (their in-app notice). */
     "ALTER TABLE conversation ADD COLUMN assignee_seen INTEGER NOT NULL DEFAULT 1;",
     NULL, NULL},
    {22, "record access requests and extracts (D2), municipality names for letters",
     /* D2 (pbrl. § 5-1): a request for more of the record than is shared by
      * default, to one unit, for chosen parts and a period; due 30 days after
      * it came in (a calendar day in Norway). Fulfilled by an extract in the
      * document centre, or refused with a reason the law allows. */
     "CREATE TABLE record_access_request ("
     " id @PK@,"
     " patient_id BIGINT NOT NULL REFERENCES person(id),"
     " unit_id BIGINT NOT NULL REFERENCES unit(id),"
     " requested_by BIGINT NOT NULL REFERENCES person(id),"
     " parts TEXT NOT NULL CHECK (length(parts) BETWEEN 1 AND 200),"
     " from_date TEXT NOT NULL,"
     " to_date TEXT NOT NULL,"
     " message TEXT CHECK (message IS NULL OR length(message) <= 1000),"
     /* The requester was a parent looking at a child of 12-15: the extract
      * leaves out what is hidden from guardians. */
     " for_guardian INTEGER NOT NULL CHECK (for_guardian IN (0, 1)),"
     " status TEXT NOT NULL CHECK (status IN ('received', 'fulfilled', 'refused')),"
     " created_at BIGINT NOT NULL,"
     " due_date TEXT NOT NULL,"
     " receipt_id BIGINT REFERENCES citizen_document(id),"
     " document_id BIGINT REFERENCES citizen_document(id),"
     " handled_by BIGINT REFERENCES staff(id),"
     " handled_at BIGINT,"
     " refusal_reason TEXT CHECK (refusal_reason IS NULL OR refusal_reason IN ('danger_to_life_or_health',"
     "  'regard_for_others')),"
     " refusal_text TEXT CHECK (refusal_text IS NULL OR length(refusal_text) <= 2000),"
     " CHECK ((status = 'received') = (handled_at IS NULL)),"
     " CHECK ((status = 'refused') = (refusal_reason IS NOT NULL)));"
     "CREATE INDEX record_access_request_patient ON record_access_request(patient_id, created_at);"
     "CREATE INDEX record_access_request_queue ON record_access_request(unit_id, status, due_date);"
     /* An extract made without the guardian filter is never shown to a
      * parent looking at a child of 12-15. */
     "ALTER TABLE citizen_document ADD COLUMN hidden_from_guardians INTEGER NOT NULL DEFAULT 0;"
     /* Letters name the municipality; units carry only its number. */
     "CREATE TABLE municipality ("
     " number TEXT PRIMARY KEY CHECK (length(number) = 4),"
     " name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100));",
     /* SQLite cannot change a CHECK: the table is rebuilt (the documented
      * twelve steps; nothing references citizen_document). */
     "CREATE TABLE citizen_document_new ("
     " id INTEGER PRIMARY KEY,"
     " patient_id BIGINT NOT NULL REFERENCES person(id),"
     " unit_id BIGINT NOT NULL REFERENCES unit(id),"
     " application_id BIGINT REFERENCES service_application(id),"
     " kind TEXT NOT NULL CHECK (kind IN ('receipt', 'decision', 'appeal_outcome', 'record_extract')),"
     " letter TEXT NOT NULL,"
     " pdf TEXT,"
     " pdf_data BLOB,"
     " created_at BIGINT NOT NULL,"
     " generated_at BIGINT,"
     " opened_at BIGINT,"
     " opened_by BIGINT REFERENCES person(id),"
     " reminded_at BIGINT,"
     " paper_at BIGINT,"
     " paper_reason TEXT CHECK (paper_reason IS NULL OR paper_reason IN ('unopened', 'reserved')),"
     " printed_at BIGINT,"
     " hidden_from_guardians INTEGER NOT NULL DEFAULT 0,"
     " CHECK ((pdf IS NULL) = (generated_at IS NULL)));"
     "INSERT INTO citizen_document_new (id, patient_id, unit_id, application_id, kind, letter, pdf, pdf_data,"
     " created_at, generated_at, opened_at, opened_by, reminded_at, paper_at, paper_reason, printed_at,"
     " hidden_from_guardians)"
     " SELECT id, patient_id, unit_id, application_id, kind, letter, pdf, pdf_data, created_at, generated_at,"
     " opened_at, opened_by, reminded_at, paper_at, paper_reason, printed_at, hidden_from_guardians"
     " FROM citizen_document;"
     "DROP TABLE citizen_document;"
     "ALTER TABLE citizen_document_new RENAME TO citizen_document;"
     "CREATE INDEX citizen_document_patient ON citizen_document(patient_id, created_at);"
     "CREATE INDEX citizen_document_pending ON citizen_document(generated_at, id);"
     "CREATE INDEX citizen_document_paper ON citizen_document(paper_at, printed_at);",
     "ALTER TABLE citizen_document DROP CONSTRAINT citizen_document_kind_check;"
     "ALTER TABLE citizen_document ADD CONSTRAINT citizen_document_kind_check"
     " CHECK (kind IN ('receipt', 'decision', 'appeal_outcome', 'record_extract'));"},
    {23, "bytes as bytes: R4 capacity certificates in a BLOB (SQLite) / BYTEA (PostgreSQL) column",
     /* As migration 21 for attachments: document_base64 stays (NOT NULL on
      * SQLite cannot be dropped without a rebuild) and is '' once
      * convert_capacity_documents has moved a row's bytes. */
     "ALTER TABLE capacity_application ADD COLUMN document_data @BLOB@;", NULL, NULL},
    {24, "support cases routed on to a clinician of the unit for the decision on correction or erasure",
     /* U1 (pbrl. § 5-2, hpl. §§ 42-44): the health personnel responsible
      * for the information decide a correction or erasure. Support forwards
      * the case (forwarded_at, by whom) to one clinician of the case's unit,
      * or to all of the unit's clinicians when forwarded_to is NULL; from
      * then on only a clinician decides it. */
     "ALTER TABLE support_case ADD COLUMN forwarded_at BIGINT;"
     "ALTER TABLE support_case ADD COLUMN forwarded_by BIGINT REFERENCES staff(id);"
     "ALTER TABLE support_case ADD COLUMN forwarded_to BIGINT REFERENCES staff(id);"
     "CREATE INDEX support_case_forwarded ON support_case(unit_id, forwarded_at);",
     NULL, NULL},
    {25, "support cases without a unit for the national support desk; who took a case; the case's history",
     /* U1: a question about using helsami belongs to no unit. It goes to
      * the national support desk: support staff marked support_desk. A
      * correction or erasure still needs the unit responsible for the
      * information (a CHECK on both backends). */
     "ALTER TABLE staff ADD COLUMN support_desk INTEGER NOT NULL DEFAULT 0 CHECK (support_desk IN (0, 1));",
     /* SQLite cannot drop NOT NULL: the table is rebuilt (the documented
      * twelve steps; nothing references support_case until the history
      * table below is made after it). */
     "CREATE TABLE support_case_new ("
     " id INTEGER PRIMARY KEY,"
     " patient_id BIGINT NOT NULL REFERENCES person(id),"
     " author_id BIGINT NOT NULL REFERENCES person(id),"
     " unit_id BIGINT REFERENCES unit(id),"
     " kind TEXT NOT NULL CHECK (kind IN ('use', 'content', 'correct', 'erase')),"
     " body TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 2000),"
     " status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'partly', 'refused')),"
     " assigned_to BIGINT REFERENCES staff(id),"
     " answer TEXT CHECK (answer IS NULL OR length(answer) <= 2000),"
     " decided_by BIGINT REFERENCES staff(id),"
     " decided_at BIGINT,"
     " created_at BIGINT NOT NULL,"
     " forwarded_at BIGINT,"
     " forwarded_by BIGINT REFERENCES staff(id),"
     " forwarded_to BIGINT REFERENCES staff(id),"
     " CHECK ((status = 'open') = (decided_at IS NULL)),"
     " CHECK (status <> 'refused' OR answer IS NOT NULL),"
     " CHECK (unit_id IS NOT NULL OR kind IN ('use', 'content')));"
     "INSERT INTO support_case_new (id, patient_id, author_id, unit_id, kind, body, status, assigned_to, answer,"
     " decided_by, decided_at, created_at, forwarded_at, forwarded_by, forwarded_to)"
     " SELECT id, patient_id, author_id, unit_id, kind, body, status, assigned_to, answer, decided_by, decided_at,"
     " created_at, forwarded_at, forwarded_by, forwarded_to FROM support_case;"
     "DROP TABLE support_case;"
     "ALTER TABLE support_case_new RENAME TO support_case;"
     "CREATE INDEX support_case_patient ON support_case(patient_id, created_at);"
     "CREATE INDEX support_case_unit ON support_case(unit_id, status, created_at);"
     "CREATE INDEX support_case_forwarded ON support_case(unit_id, forwarded_at);" SUPPORT_CASE_EVENT,
     "ALTER TABLE support_case ALTER COLUMN unit_id DROP NOT NULL;"
     "ALTER TABLE support_case ADD CONSTRAINT support_case_unit_for_record"
     " CHECK (unit_id IS NOT NULL OR kind IN ('use', 'content'));" SUPPORT_CASE_EVENT},
    {27, "attachments to municipal service applications, replies and appeals (K1, K3)",
     /* K1, K3: a file the applicant (or a representative) attached to the
      * application while a draft, to a reply to a request for information,
      * or to an appeal; under the upload rules (domain/uploads.h), bytes in
      * the row as for message attachments (docs/messages.md). Only a
      * draft's files may be removed. */
     "CREATE TABLE service_attachment ("
     " id @PK@,"
     " application_id BIGINT NOT NULL REFERENCES service_application(id),"
     " patient_id BIGINT NOT NULL REFERENCES person(id),"
     " part TEXT NOT NULL CHECK (part IN ('application', 'reply', 'appeal')),"
     " content_type TEXT NOT NULL CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png')),"
     " name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),"
     " size BIGINT NOT NULL CHECK (size > 0),"
     " data @BLOB@ NOT NULL,"
     " added_by BIGINT NOT NULL REFERENCES person(id),"
     " created_at BIGINT NOT NULL);"
     "CREATE INDEX service_attachment_application ON service_attachment(application_id);"
     "CREATE INDEX service_attachment_patient ON service_attachment(patient_id);",
     NULL, NULL},
    {28, "letter deliveries to the national health portal and the digital mailbox (K2 adapters)",
     /* One row per letter and adapter, made with the letter's PDF for each
      * adapter configured then (jobs/letter_delivery.h); retried like a
      * notification delivery (claimed with a lease, backoff, dead after the
      * last attempt). */
     "CREATE TABLE letter_delivery ("
     " id @PK@,"
     " document_id BIGINT NOT NULL REFERENCES citizen_document(id),"
     " adapter TEXT NOT NULL CHECK (adapter IN ('health_portal', 'digital_mailbox')),"
     " status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'dead')),"
     " attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),"
     " created_at BIGINT NOT NULL,"
     " next_attempt_at BIGINT NOT NULL,"
     " last_error TEXT CHECK (last_error IS NULL OR length(last_error) <= 200),"
     " sent_at BIGINT,"
     " claimed_by TEXT,"
     " claimed_until BIGINT,"
     " UNIQUE (document_id, adapter),"
     " CHECK ((status = 'sent') = (sent_at IS NOT NULL)));"
     "CREATE INDEX letter_delivery_due ON letter_delivery(status, adapter, next_attempt_at);",
     NULL, NULL},
    {29, "a paper reason of its own for a person the contact register cannot notify (K2)",
     /* KRR's varslingsstatus KAN_IKKE_VARSLES (no valid contact details)
      * sends a decision to paper at once like a reservation (reference/
      * domain-facts.md 7.3), under its own reason; the local copy keeps
      * which of the two the register said. */
     "ALTER TABLE krr_reservation ADD COLUMN reason TEXT NOT NULL DEFAULT 'reserved'"
     " CHECK (reason IN ('reserved', 'unreachable'));",
     /* SQLite cannot change a CHECK: the table is rebuilt by the documented
      * twelve steps, with foreign keys off around the migration's
      * transaction and checked before it commits (rebuilds_with_references),
      * since letter_delivery and record_access_request reference it. */
     "CREATE TABLE citizen_document_new ("
     " id INTEGER PRIMARY KEY,"
     " patient_id BIGINT NOT NULL REFERENCES person(id),"
     " unit_id BIGINT NOT NULL REFERENCES unit(id),"
     " application_id BIGINT REFERENCES service_application(id),"
     " kind TEXT NOT NULL CHECK (kind IN ('receipt', 'decision', 'appeal_outcome', 'record_extract')),"
     " letter TEXT NOT NULL,"
     " pdf TEXT,"
     " pdf_data BLOB,"
     " created_at BIGINT NOT NULL,"
     " generated_at BIGINT,"
     " opened_at BIGINT,"
     " opened_by BIGINT REFERENCES person(id),"
     " reminded_at BIGINT,"
     " paper_at BIGINT,"
     " paper_reason TEXT CHECK (paper_reason IS NULL OR paper_reason IN ('unopened', 'reserved', 'unreachable')),"
     " printed_at BIGINT,"
     " hidden_from_guardians INTEGER NOT NULL DEFAULT 0,"
     " CHECK ((pdf IS NULL) = (generated_at IS NULL)));"
     "INSERT INTO citizen_document_new (id, patient_id, unit_id, application_id, kind, letter, pdf, pdf_data,"
     " created_at, generated_at, opened_at, opened_by, reminded_at, paper_at, paper_reason, printed_at,"
     " hidden_from_guardians)"
     " SELECT id, patient_id, unit_id, application_id, kind, letter, pdf, pdf_data, created_at, generated_at,"
     " opened_at, opened_by, reminded_at, paper_at, paper_reason, printed_at, hidden_from_guardians"
     " FROM citizen_document;"
     "DROP TABLE citizen_document;"
     "ALTER TABLE citizen_document_new RENAME TO citizen_document;"
     "CREATE INDEX citizen_document_patient ON citizen_document(patient_id, created_at);"
     "CREATE INDEX citizen_document_pending ON citizen_document(generated_at, id);"
     "CREATE INDEX citizen_document_paper ON citizen_document(paper_at, printed_at);",
     "ALTER TABLE citizen_document DROP CONSTRAINT citizen_document_paper_reason_check;"
     "ALTER TABLE citizen_document ADD CONSTRAINT citizen_document_paper_reason_check"
     " CHECK (paper_reason IS NULL OR paper_reason IN ('unopened', 'reserved', 'unreachable'));"},
    {30, "files a patient attaches to a questionnaire's answers (Q1, attachment items)",
     /* One file per attachment item of a request (no attachment items in
      * repeating groups: the importer refuses them), its bytes in the
      * database as messages' are (docs/messages.md, "Storage of bytes"). A
      * new file for the item replaces the old one. */
     "CREATE TABLE questionnaire_attachment ("
     " id @PK@,"
     " request_id BIGINT NOT NULL REFERENCES questionnaire_request(id),"
     " patient_id BIGINT NOT NULL REFERENCES person(id),"
     " link_id TEXT NOT NULL CHECK (length(link_id) BETWEEN 1 AND 255),"
     " content_type TEXT NOT NULL CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png')),"
     " name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),"
     " size BIGINT NOT NULL CHECK (size > 0),"
     " data @BLOB@ NOT NULL,"
     " added_by BIGINT NOT NULL REFERENCES person(id),"
     " created_at BIGINT NOT NULL,"
     " UNIQUE (request_id, link_id));"
     "CREATE INDEX questionnaire_attachment_patient ON questionnaire_attachment(patient_id);",
     NULL, NULL},
    {31, "the entries a citizen's access log shows, in the order it shows them (D3)",
     /* The page reads the newest entries of this index and stops; the count
      * reads the index alone, not a row of the table per entry: a patient
      * with 20,000 entries cost 2.8 ms a page view, and more with every
      * entry (bench: the log of a patient whose chart is read all day). */
     "CREATE INDEX audit_log_shown ON audit_log(patient_id, at, seq, actor_kind) WHERE actor_kind <> 'citizen';", NULL,
     NULL},
    {32, "several files answering one attachment item of a questionnaire (Q1, repeating attachment items)",
     /* Migration 30's one file per (request, linkId) goes: a repeating
      * attachment item is answered by several (domain/questionnaire_files.h
      * has the limits); one that does not repeat still has one, which the
      * domain replaces. SQLite drops a UNIQUE constraint only by rebuilding
      * the table (nothing references it); PostgreSQL drops it by name. */
     "",
     "CREATE TABLE questionnaire_attachment_new ("
     " id INTEGER PRIMARY KEY,"
     " request_id BIGINT NOT NULL REFERENCES questionnaire_request(id),"
     " patient_id BIGINT NOT NULL REFERENCES person(id),"
     " link_id TEXT NOT NULL CHECK (length(link_id) BETWEEN 1 AND 255),"
     " content_type TEXT NOT NULL CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png')),"
     " name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),"
     " size BIGINT NOT NULL CHECK (size > 0),"
     " data BLOB NOT NULL,"
     " added_by BIGINT NOT NULL REFERENCES person(id),"
     " created_at BIGINT NOT NULL);"
     "INSERT INTO questionnaire_attachment_new (id, request_id, patient_id, link_id, content_type, name, size,"
     " data, added_by, created_at)"
     " SELECT id, request_id, patient_id, link_id, content_type, name, size, data, added_by, created_at"
     " FROM questionnaire_attachment;"
     "DROP TABLE questionnaire_attachment;"
     "ALTER TABLE questionnaire_attachment_new RENAME TO questionnaire_attachment;"
     "CREATE INDEX questionnaire_attachment_patient ON questionnaire_attachment(patient_id);"
     "CREATE INDEX questionnaire_attachment_item ON questionnaire_attachment(request_id, link_id);",
     "ALTER TABLE questionnaire_attachment DROP CONSTRAINT questionnaire_attachment_request_id_link_id_key;"
     "CREATE INDEX questionnaire_attachment_item ON questionnaire_attachment(request_id, link_id);"},
    {33,
     "a patient's lists in the order their pages show them; a representative's applications by applicant (issue 12)",
     /* A list read with ORDER BY ... LIMIT that no index hands over in order
      * costs SQLite a temporary B-tree a read (a pager opened, its pages
      * zeroed, closed again; PostgreSQL a sort): the home page read two, the
      * health summary three (docs/architecture.md, "Lists in the order they
      * are shown"). Each index leads with the patient and ends with the id,
      * as the list's ORDER BY does, so ties come in order too; it replaces
      * the index on the patient alone where there was one. A representative's
      * capacity applications were found by reading every application. */
     "CREATE INDEX vaccination_shown ON vaccination(patient_id, given_on DESC, vaccine_name, dose DESC);"
     "CREATE INDEX questionnaire_request_open ON questionnaire_request"
     "(patient_id, COALESCE(due_on, '9999-12-31'), sent_at DESC, id DESC) WHERE status IN ('sent', 'in_progress');"
     "DROP INDEX medication_comment_patient;"
     "CREATE INDEX medication_comment_patient ON medication_comment(patient_id, created_at DESC, id DESC);"
     "DROP INDEX medication_renewal_patient;"
     "CREATE INDEX medication_renewal_patient ON medication_renewal(patient_id, created_at DESC, id DESC);"
     "DROP INDEX allergy_patient;"
     "CREATE INDEX allergy_patient ON allergy(patient_id, registered_at, id);"
     "DROP INDEX allergy_request_patient;"
     "CREATE INDEX allergy_request_patient ON allergy_request(patient_id, created_at DESC, id DESC);"
     "DROP INDEX health_issue_patient;"
     "CREATE INDEX health_issue_patient ON health_issue(patient_id, chronic DESC, COALESCE(since, '9999-12-31'), id);"
     "DROP INDEX visit_patient;"
     "CREATE INDEX visit_patient ON visit(patient_id, visit_date DESC, COALESCE(visit_time, '') DESC, id DESC);"
     "CREATE INDEX capacity_application_applicant ON capacity_application(applicant_id, submitted_at DESC, id DESC);",
     NULL, NULL},
    {34, "the access log without its index on patient and time, which no query uses since migration 31 (issue 12)",
     /* Every read of the log by time asks for the entries a citizen is shown
      * (audit_log_shown); by patient alone, the chain's (patient_id, seq)
      * serves. The index cost each logged read 24,000 instructions of its
      * insert on SQLite (a child's home via a parent: 721,000 -> 696,000). */
     "DROP INDEX audit_log_patient_at;", NULL, NULL},
    {35, "an appointment's own start and end, copied from its slot, for a patient's lists in their order (issue 12)",
     /* A patient's lists are ordered by the slot's start, which no index of
      * appointment could hand over in order: SQLite built a temporary B-tree
      * a read (the home page's upcoming list: 57,000 instructions). A slot's
      * times never change and an appointment never changes its slot (a move
      * books a new row), so the copy stays true; the foreign key to the
      * slot's (id, start_at, end_at) makes every insert copy them right.
      * SQLite cannot add a NOT NULL column without a default: the table is
      * rebuilt by the twelve steps (rebuilds_with_references), with the
      * indexes it had. */
     "CREATE UNIQUE INDEX slot_times ON slot(id, start_at, end_at);",
     "CREATE TABLE appointment_new ("
     " id INTEGER PRIMARY KEY,"
     " patient_id BIGINT NOT NULL REFERENCES person(id),"
     " unit_id BIGINT NOT NULL,"
     " slot_id BIGINT NOT NULL,"
     " visit_type_id BIGINT NOT NULL,"
     " status TEXT NOT NULL CHECK (status IN ('booked', 'cancelled', 'moved', 'done')),"
     " cancelled_reason TEXT CHECK (cancelled_reason IS NULL OR length(cancelled_reason) <= 500),"
     " cancelled_by_staff INTEGER NOT NULL DEFAULT 0 CHECK (cancelled_by_staff IN (0, 1)),"
     " moved_to BIGINT REFERENCES appointment(id),"
     " booked_by BIGINT NOT NULL REFERENCES person(id),"
     " by_staff BIGINT REFERENCES staff(id),"
     " created_at BIGINT NOT NULL,"
     " changed_at BIGINT,"
     " reminded_at BIGINT,"
     " checkin_announced_at BIGINT,"
     " checked_in_at BIGINT,"
     " checked_in_by BIGINT REFERENCES person(id),"
     " start_at BIGINT NOT NULL,"
     " end_at BIGINT NOT NULL,"
     " FOREIGN KEY (slot_id, unit_id) REFERENCES slot(id, unit_id),"
     " FOREIGN KEY (slot_id, start_at, end_at) REFERENCES slot(id, start_at, end_at),"
     " FOREIGN KEY (visit_type_id, unit_id) REFERENCES visit_type(id, unit_id),"
     " CHECK (status <> 'moved' OR moved_to IS NOT NULL));"
     "INSERT INTO appointment_new (id, patient_id, unit_id, slot_id, visit_type_id, status, cancelled_reason,"
     " cancelled_by_staff, moved_to, booked_by, by_staff, created_at, changed_at, reminded_at,"
     " checkin_announced_at, checked_in_at, checked_in_by, start_at, end_at)"
     " SELECT a.id, a.patient_id, a.unit_id, a.slot_id, a.visit_type_id, a.status, a.cancelled_reason,"
     " a.cancelled_by_staff, a.moved_to, a.booked_by, a.by_staff, a.created_at, a.changed_at, a.reminded_at,"
     " a.checkin_announced_at, a.checked_in_at, a.checked_in_by, s.start_at, s.end_at"
     " FROM appointment a JOIN slot s ON s.id = a.slot_id;"
     "DROP TABLE appointment;"
     "ALTER TABLE appointment_new RENAME TO appointment;"
     "CREATE UNIQUE INDEX appointment_slot_booked ON appointment(slot_id) WHERE status = 'booked';"
     "CREATE INDEX appointment_unit ON appointment(unit_id, status);"
     "CREATE INDEX appointment_slot ON appointment(slot_id);" APPOINTMENT_SHOWN,
     "ALTER TABLE appointment ADD COLUMN start_at BIGINT, ADD COLUMN end_at BIGINT;"
     "UPDATE appointment a SET start_at = s.start_at, end_at = s.end_at FROM slot s WHERE s.id = a.slot_id;"
     "ALTER TABLE appointment ALTER COLUMN start_at SET NOT NULL, ALTER COLUMN end_at SET NOT NULL,"
     " ADD FOREIGN KEY (slot_id, start_at, end_at) REFERENCES slot(id, start_at, end_at);"
     "DROP INDEX appointment_patient;" APPOINTMENT_SHOWN},
    {36,
     "a unit's booked appointments, the reminder and check-in jobs' and a patient's open short-notice offers"
     " in the order they are read (issue 12)",
     /* Ordered by the slot's start, a unit's (or a clinician's) day and its
      * check-in list cost SQLite a temporary B-tree a read, and the jobs
      * read every booked appointment there is, then sorted them. Ordered by
      * the appointment's own start (migration 35), the unit's index hands
      * them over in order (its head, (unit_id, status), serves as the old
      * index did), and the jobs read only the booked ones in their window,
      * from a partial index. A patient's open offers were read from every
      * open offer there is, by deadline, and sorted by the offered slot's
      * start: an offer gets that slot's start and end as its own, kept true
      * as migration 35 keeps an appointment's (a slot's times never change,
      * nor an offer's slot; the foreign key makes every insert copy them
      * right). SQLite rebuilds the table (nothing references it). */
     "DROP INDEX appointment_unit;"
     "CREATE INDEX appointment_unit ON appointment(unit_id, status, start_at, id);"
     "CREATE INDEX appointment_booked_start ON appointment(start_at, id) WHERE status = 'booked';",
     "CREATE TABLE short_notice_offer_new ("
     " id INTEGER PRIMARY KEY,"
     " unit_id BIGINT NOT NULL REFERENCES unit(id),"
     " slot_id BIGINT NOT NULL REFERENCES slot(id),"
     " entry_id BIGINT NOT NULL REFERENCES short_notice(id),"
     " appointment_id BIGINT NOT NULL REFERENCES appointment(id),"
     " patient_id BIGINT NOT NULL REFERENCES person(id),"
     " status TEXT NOT NULL DEFAULT 'open'"
     "  CHECK (status IN ('open', 'accepted', 'declined', 'expired', 'withdrawn')),"
     " reason TEXT CHECK (reason IS NULL OR reason IN ('accepted', 'declined', 'no_answer', 'taken', 'moved',"
     "  'cancelled')),"
     " created_at BIGINT NOT NULL,"
     " deadline BIGINT NOT NULL,"
     " answered_at BIGINT,"
     " new_appointment_id BIGINT REFERENCES appointment(id),"
     " slot_start BIGINT NOT NULL,"
     " slot_end BIGINT NOT NULL,"
     " UNIQUE (slot_id, entry_id),"
     " FOREIGN KEY (slot_id, slot_start, slot_end) REFERENCES slot(id, start_at, end_at),"
     " CHECK ((status = 'open') = (answered_at IS NULL)),"
     " CHECK ((status = 'accepted') = (new_appointment_id IS NOT NULL)));"
     "INSERT INTO short_notice_offer_new (id, unit_id, slot_id, entry_id, appointment_id, patient_id, status, reason,"
     " created_at, deadline, answered_at, new_appointment_id, slot_start, slot_end)"
     " SELECT o.id, o.unit_id, o.slot_id, o.entry_id, o.appointment_id, o.patient_id, o.status, o.reason,"
     " o.created_at, o.deadline, o.answered_at, o.new_appointment_id, s.start_at, s.end_at"
     " FROM short_notice_offer o JOIN slot s ON s.id = o.slot_id;"
     "DROP TABLE short_notice_offer;"
     "ALTER TABLE short_notice_offer_new RENAME TO short_notice_offer;"
     "CREATE INDEX short_notice_offer_slot ON short_notice_offer(slot_id, status);"
     "CREATE INDEX short_notice_offer_unit ON short_notice_offer(unit_id, created_at);" SN_OFFER_INDEXES,
     "ALTER TABLE short_notice_offer ADD COLUMN slot_start BIGINT, ADD COLUMN slot_end BIGINT;"
     "UPDATE short_notice_offer o SET slot_start = s.start_at, slot_end = s.end_at FROM slot s WHERE s.id = o.slot_id;"
     "ALTER TABLE short_notice_offer ALTER COLUMN slot_start SET NOT NULL, ALTER COLUMN slot_end SET NOT NULL,"
     " ADD FOREIGN KEY (slot_id, slot_start, slot_end) REFERENCES slot(id, start_at, end_at);"
     "DROP INDEX short_notice_offer_open;"
     "DROP INDEX short_notice_offer_patient;" SN_OFFER_INDEXES},
};

/* Replaces @PK@ with the backend's auto-increment primary key and @BLOB@
 * with its bytes type (in the common part and in a backend's own). */
static void expand(buf *out, const char *sql, enum db_kind kind)
{
	const char *pk =
	    kind == DB_SQLITE ? "INTEGER PRIMARY KEY" : "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY";
	const char *blob = kind == DB_SQLITE ? "BLOB" : "BYTEA";
	for (const char *p = sql; *p;) {
		if (strncmp(p, "@PK@", 4) == 0) {
			buf_puts(out, pk);
			p += 4;
		} else if (strncmp(p, "@BLOB@", 6) == 0) {
			buf_puts(out, blob);
			p += 6;
		} else {
			buf_putc(out, *p++);
		}
	}
}

/* ---- data moved by a migration ----
 * SQLite has no base64 decoder in SQL, so rows are converted here, one at a
 * time (a few MB each at most), in the migration's transaction: all of them
 * or, on any failure, none, and the schema change with them. */

/* One base64 row still to move: its id and text, ST_NOT_FOUND when none. */
static status next_base64_row(db_stmt *s, arena *ar, int64_t *id, const char **b64)
{
	status st = db_step_one(s);
	if (st == ST_OK) {
		*id = db_col_int(s, 0);
		*b64 = db_col_str(s, 1, ar);
	}
	db_done(s);
	return st;
}

/* Moves every row's base64 text into bytes with `update` ($1 the bytes, $2
 * the id). A row that does not decode stops the migration, named by its id:
 * nothing is lost, and the operator sees which row is damaged. */
static status move_base64(db_conn *c, int version, const char *table, const char *select, const char *update)
{
	arena *ar = arena_new();
	status st;
	for (;;) {
		arena_reset(ar);
		int64_t id;
		const char *b64;
		if ((st = next_base64_row(db_prepare(c, select), ar, &id, &b64)) != ST_OK)
			break;
		uint8_t *bytes;
		size_t len;
		if (!base64_decode(ar, b64, &bytes, &len)) {
			log_error("migration %d: %s %lld does not hold valid base64; nothing was changed", version,
			          table, (long long)id);
			st = ST_INTERNAL;
			break;
		}
		db_stmt *s = db_prepare(c, update);
		db_bind_blob(s, 1, bytes, len);
		db_bind_int(s, 2, id);
		if ((st = db_run_changed(s, ST_INTERNAL)) != ST_OK)
			break;
	}
	arena_free(ar);
	return st == ST_NOT_FOUND ? ST_OK : st;
}

static status convert_to_bytes(db_conn *c)
{
	status st = move_base64(c, 21, "message_attachment",
	                        "SELECT id, data_base64 FROM message_attachment WHERE data IS NULL ORDER BY id LIMIT 1",
	                        "UPDATE message_attachment SET data = $1, data_base64 = '' WHERE id = $2");
	if (st != ST_OK)
		return st;
	return move_base64(c, 21, "citizen_document",
	                   "SELECT id, pdf FROM citizen_document WHERE pdf IS NOT NULL AND pdf_data IS NULL"
	                   " ORDER BY id LIMIT 1",
	                   "UPDATE citizen_document SET pdf_data = $1, pdf = '' WHERE id = $2");
}

static status convert_capacity_documents(db_conn *c)
{
	return move_base64(c, 23, "capacity_application",
	                   "SELECT id, document_base64 FROM capacity_application WHERE document_data IS NULL"
	                   " ORDER BY id LIMIT 1",
	                   "UPDATE capacity_application SET document_data = $1, document_base64 = '' WHERE id = $2");
}

/* Migrations that move data besides their SQL, by number. */
static const struct {
	int version;
	status (*convert)(db_conn *c);
} conversions[] = {
    {21, convert_to_bytes},
    {23, convert_capacity_documents},
};

static status convert(db_conn *c, int version)
{
	for (size_t i = 0; i < ARRAY_LEN(conversions); i++)
		if (conversions[i].version == version)
			return conversions[i].convert(c);
	return ST_OK;
}

/* SQLite migrations that rebuild a table other tables reference. With
 * foreign keys on, dropping the old table would delete its rows under their
 * references (and PRAGMA foreign_keys is ignored inside a transaction), so
 * such a migration runs with them off and commits only when
 * PRAGMA foreign_key_check finds every reference whole (SQLite's "making
 * other kinds of table schema changes", steps 1, 10 and 12). */
static const int rebuilds_with_references[] = {29, 35};

static bool rebuilds_referenced_table(const db_conn *c, int version)
{
	if (db_conn_kind(c) != DB_SQLITE)
		return false;
	for (size_t i = 0; i < ARRAY_LEN(rebuilds_with_references); i++)
		if (rebuilds_with_references[i] == version)
			return true;
	return false;
}

/* ST_INVALID (and the migration rolled back) when a row references one
 * that is gone. */
static status references_whole(db_conn *c)
{
	bool broken;
	status st = db_exists(db_prepare(c, "PRAGMA foreign_key_check"), &broken);
	if (st == ST_OK && broken) {
		log_error("migration: a rebuilt table lost rows that others reference");
		return ST_INVALID;
	}
	return st;
}

static const char SQL_CREATE_VERSION[] =
    "CREATE TABLE IF NOT EXISTS schema_version ("
    " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)";

struct apply_arg {
	const struct migration *m;
};

/* Each migration is looked up by its own number, so one that a database
 * skipped (a higher one applied first, in development) is still applied. */
static status version_applied(db_conn *c, int version, bool *out)
{
	db_stmt *s = db_prepare(c, "SELECT 1 FROM schema_version WHERE version = $1");
	db_bind_int(s, 1, version);
	return db_exists(s, out);
}

static status apply_one(db_conn *c, void *argp)
{
	const struct migration *m = ((struct apply_arg *)argp)->m;
	enum db_kind kind = db_conn_kind(c);
	buf sql;
	buf_init(&sql, 4096);
	expand(&sql, m->common, kind);
	const char *extra = kind == DB_SQLITE ? m->sqlite_only : m->postgres_only;
	if (extra != NULL)
		expand(&sql, extra, kind);
	status st = db_exec(c, sql.data);
	buf_free(&sql);
	if (st == ST_OK)
		st = convert(c, m->version);
	if (st == ST_OK && rebuilds_referenced_table(c, m->version))
		st = references_whole(c);
	if (st != ST_OK)
		return st;

	db_stmt *s = db_prepare(c, "INSERT INTO schema_version (version, name, applied_at) VALUES ($1, $2, $3)");
	db_bind_int(s, 1, m->version);
	db_bind_text(s, 2, m->name);
	db_bind_int(s, 3, clock_system_now());
	return db_run(s);
}

status store_migrate(db_conn *c)
{
	return store_migrate_to(c, INT_MAX);
}

status store_migrate_to(db_conn *c, int last)
{
	status st = db_exec(c, SQL_CREATE_VERSION);
	if (st != ST_OK)
		return st;
	for (size_t i = 0; i < ARRAY_LEN(migrations) && migrations[i].version <= last; i++) {
		const struct migration *m = &migrations[i];
		bool applied;
		if ((st = version_applied(c, m->version, &applied)) != ST_OK)
			return st;
		if (applied)
			continue;
		struct apply_arg arg = {m};
		bool fk_off = rebuilds_referenced_table(c, m->version);
		if (fk_off && (st = db_exec(c, "PRAGMA foreign_keys=OFF")) != ST_OK)
			return st;
		st = db_tx(c, true, apply_one, &arg);
		status on = fk_off ? db_exec(c, "PRAGMA foreign_keys=ON") : ST_OK;
		if (st == ST_OK)
			st = on;
		if (st == ST_CONFLICT) /* another process applied it meanwhile */
			continue;
		if (st != ST_OK) {
			log_error("migration %d (%s) failed: %s", m->version, m->name, status_name(st));
			return st;
		}
		log_info("applied migration %d: %s", m->version, m->name);
	}
	return ST_OK;
}

status store_ping(db_conn *c)
{
	db_stmt *s = db_prepare(c, "SELECT 1");
	return db_one_int(s, NULL);
}
