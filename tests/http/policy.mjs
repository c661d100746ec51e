// policy.mjs — the authorization policy the matrix (matrix.mjs) holds
// the product to. It is written from shared/SPEC.md (the roles table, the
// capability texts, R1-R6, W1-W3) and docs/representation.md, never read from
// src/ or from `helsami routes`: a wrong policy in the code must not change
// these expectations. Change it deliberately, in review, with the SPEC line
// that justifies the change.
//
// Two parts:
//   ROUTES — the golden route table: every route's method, pattern, the kinds
//     of actor it is for and the capability it serves (as `helsami routes`
//     prints cap_name), plus, per route, the real objects its parameters take,
//     a minimal form for POSTs and what an allowed page must show. The test
//     compares the method/pattern/who/cap columns with `helsami routes`.
//   CAPS — for each capability, who may use it: the citizen on their own
//     record, a representative by access kind, staff by role.

// ---- actor kinds a route is for -------------------------------------------------------
export const ANYONE = ['anonymous', 'citizen', 'staff'];
export const LOGGED_IN = ['citizen', 'staff'];
export const CITIZEN = ['citizen'];
export const STAFF = ['staff'];
// Another system calling us back (a provider), authenticated by its shared
// secret, never by a session: every actor of the portal is refused 401.
export const PROVIDER = ['provider'];

// ---- part (b): who may use each capability --------------------------------------------
// own:   a citizen on their own record (SPEC "Who uses it": citizen, 16 or more).
// kinds: a representative, by the access kind of the representation (R1; the
//        kinds' meanings in docs/representation.md "Access kinds"). A parent
//        (R2) and an approved guardian (R4) hold `full`. 'read' means the
//        capability's pages only (GET), never its actions (POST).
// actor: the capability is the actor's own whoever's record is open (logout,
//        language, their own representation overview, act-for): every
//        representative keeps it.
// staff: the staff roles that hold it (SPEC "Who uses it", W1-W3), used in the
//        role held AT THE PATIENT'S UNIT (ARCHITECTURE rule 2).
// public: no login needed.
const ALL_ROLES = ['clinician', 'office', 'caseworker', 'support', 'admin'];
const KINDS_ALL = { full: true, health_read: true, appointments_messages: true };
const HEALTH = { full: true, health_read: 'read' };       // health information: R1 "read only" kind reads it, never acts
const APPTS = { full: true, appointments_messages: true }; // R1 "appointments and messages only"
const NO_REP = {};                                          // own-only: no representative ever

export const CAPS = {
  PUBLIC: { public: true }, // start page, status, static files, logins: SPEC A1 (login is how one starts)
  // Account and login (A)
  A2_ACCOUNT: { own: true, kinds: NO_REP, staff: [] }, // A2 "A citizen can deactivate it"; docs: a representative never manages the account
  A3_HOME: { own: true, kinds: KINDS_ALL, staff: [] }, // A3 what a login shows; R6 a representative sees the person's home page (no route of its own: GET / is public)
  A4_SESSION: { own: true, actor: true, staff: ALL_ROLES }, // A4 logout/session: everyone who logged in, for their own session
  // Personal settings (S)
  S1_PERSONAL: { own: true, kinds: NO_REP, staff: [] }, // S1 "Personal information"; docs: S1-S3 are the person's own, never a representative's
  S2_NOTIFICATIONS: { own: true, kinds: NO_REP, staff: [] }, // S2 (as S1)
  S3_SHORTCUTS: { own: true, kinds: NO_REP, staff: [] }, // S3 (as S1)
  S4_LANGUAGE: { own: true, actor: true, staff: ALL_ROLES }, // S4 "every page and message": the actor's own choice; staff choose with ?lang= (the /settings/language page is a citizen page)
  // Care team (C)
  C1_CARE_TEAM: { own: true, kinds: HEALTH, staff: [] }, // C1 health contacts: docs put the care team with health information (health_read), not with appointments_messages — SPEC is silent
  // Appointments and visits (P)
  P1_APPOINTMENTS: { own: true, kinds: APPTS, staff: [] }, // P1; R1 "appointments and messages only"
  P2_BOOK: { own: true, kinds: APPTS, staff: [] }, // P2; health_read "never books" (R1 read only)
  P3_CHANGE: { own: true, kinds: APPTS, staff: [] }, // P3
  P4_SHORT_NOTICE: { own: true, kinds: APPTS, staff: [] }, // P4
  P5_VIDEO: { own: true, kinds: APPTS, staff: ['clinician'] }, // P5 "clinicians can make any appointment a video one"
  P6_CHECK_IN: { own: true, kinds: APPTS, staff: [] }, // P6
  P7_VISITS: { own: true, kinds: HEALTH, staff: [] }, // P7 after-visit summaries carry the clinician's note: health information. SPEC silent on the kind; decided: not for appointments_messages (docs)
  P8_STAYS_REFERRALS: { own: true, kinds: HEALTH, staff: [] }, // P8 (as P7)
  // Messages and support (M, U)
  M2_MESSAGES: { own: true, kinds: APPTS, staff: [] }, // M2; R1 "appointments and messages only"
  M3_ATTACHMENTS: { own: true, kinds: APPTS, staff: ['clinician', 'office', 'caseworker', 'support'] }, // M3 "shown to the right people only": whoever may send messages (M1, M2)
  U1_SUPPORT: { own: true, kinds: { full: true }, staff: [] }, // U1 includes rectify/erase requests about the record: decided full only (SPEC silent)
  // Health information (H): the record, read by health_read, never changed by it
  H1_MEDICATIONS: { own: true, kinds: HEALTH, staff: [] }, // H1 medications, read
  H1_REQUESTS: { own: true, kinds: { full: true }, staff: [] }, // H1 renewal requests and comments act for the person: not for the read-only kind (R1 "read only")
  H2_RESULTS: { own: true, kinds: HEALTH, staff: [] }, // H2; appointments_messages never reads test results (R1, docs)
  H3_ALLERGIES: { own: true, kinds: HEALTH, staff: [] }, // H3 allergies, read
  H3_REQUEST: { own: true, kinds: { full: true }, staff: [] }, // H3 asking for an allergy to be added is an action: not for health_read
  H4_VACCINES: { own: true, kinds: HEALTH, staff: [] }, // H4
  H5_HEALTH_ISSUES: { own: true, kinds: HEALTH, staff: [] }, // H5
  H6_SUMMARY: { own: true, kinds: HEALTH, staff: [] }, // H6 groups H3-H5
  // Municipal services (K)
  K1_APPLY: { own: true, kinds: { full: true }, staff: [] }, // K1 applying is acting on the person's behalf: full only (SPEC silent on kinds)
  K2_DECISIONS: { own: true, kinds: { full: true }, staff: [] }, // K2 decision letters: full only (decided; SPEC silent)
  K3_APPEAL: { own: true, kinds: { full: true }, staff: [] }, // K3 (as K1)
  // Documents and privacy (D)
  D1_DOCUMENTS: { own: true, kinds: HEALTH, staff: [] }, // D1 documents: health information (docs: health_read reads documents)
  D2_RECORD_ACCESS: { own: true, kinds: { full: true }, staff: [] }, // D2 the patient's legal right, exercised for them only with full access (decided)
  D3_ACCESS_LOG: { own: true, kinds: HEALTH, staff: [] }, // D3 who opened my record; docs: health_read reads the access log
  // Questionnaires (Q)
  Q1_QUESTIONNAIRES: { own: true, kinds: APPTS, staff: ['clinician'] }, // Q1 "Clinicians send questionnaires"; docs: health_read carries neither Q1 nor Q3 (questionnaires belong to appointments)
  Q3_ANSWER: { own: true, kinds: APPTS, staff: [] }, // Q3 "Only the citizen and their representatives with that right can answer"; health_read never answers
  // Representation (R): giving or seeking access is the person's own, never a representative's (docs)
  R1_GRANT: { own: true, kinds: NO_REP, staff: [] }, // R1 "A citizen grants access": never on someone else's behalf
  R2_PARENT_APPLY: { own: true, kinds: NO_REP, staff: [] }, // R2 parents apply for themselves
  R4_CAPACITY_APPLY: { own: true, kinds: NO_REP, staff: [] }, // R4 the relative applies for themselves
  R5_OVERVIEW: { own: true, actor: true, staff: [] }, // R5 "whom I can act for, who can act for me": the actor's own overview; R1/R3 either side can end a representation
  R6_ACT_FOR: { own: true, actor: true, staff: [] }, // R6 switch to "acting for X" (and back)
  // Interfaces (F)
  F1_FHIR: { own: true, kinds: { full: true }, staff: [] }, // F1 "the citizen's own data (and their representees')": decided full only until scopes per kind exist
  // Notifications (N)
  N1_NOTIFICATIONS: { own: true, actor: true, staff: [] }, // N1/N2 in-app notices are the logged-in person's own: a representative's notices about those they act for are delivered to them (issue 15 "each representative gets their own"), so every citizen keeps reading their own whoever's record is open; staff get none
  // Staff workspace (W): SPEC "Who uses it" and W1-W3
  W1_WORKSPACE: { staff: ALL_ROLES }, // W1 "Staff log in and work in their units' context and roles"
  W2_PATIENT_CHART: { staff: ['clinician', 'office'] }, // W2 find a patient and open the chart: those who maintain what the portal shows (clinicians; the office keeps schedules and appointments). Support, caseworkers and the operator never read charts (D4 "No one else can see a citizen's information")
  W2_CLINICAL_RECORD: { staff: ['clinician'] }, // W2 problem list, allergies, medications, results and release, visit notes, care team, confidential marks: clinical work (H1/H3 "registered by clinicians")
  W2_SCHEDULES: { staff: ['clinician', 'office'] }, // W2 schedules and slots, appointments ("office: front desk / scheduler")
  W3_QUEUES: { staff: ['clinician', 'office', 'caseworker', 'support'] }, // W3 each role has its queues; the operator has none
  W3_CLINICAL_QUEUES: { staff: ['clinician'] }, // W3 renewals (H1 "to the prescriber's queue"), allergy requests (H3 "to a clinician's queue"), results review (H2), answers (Q1)
  M1_SEND: { staff: ['clinician', 'office', 'caseworker', 'support'] }, // M1/M2 "clinicians, offices and support"; caseworkers send decisions (K2)
  M4_STAFF_MESSAGES: { staff: ['clinician', 'office', 'caseworker', 'support'] }, // M4 own and unit's queue
  M2_UNIT_SETTINGS: { staff: ['clinician', 'office'] }, // M2 "a unit or clinician chooses which topics it accepts" (issue 15): the unit's own health staff and front desk, as they keep its schedules (W2)
  K2_CASEWORK: { staff: ['caseworker'] }, // K2 "A caseworker decides"
  U1_SUPPORT_CASES: { staff: ['support'] }, // U1 "user-support agent"
  R4_REVIEW: { staff: ['clinician', 'caseworker'] }, // R4 "reviewed by staff": decided clinicians (the medical certificate) and caseworkers (municipal decision); not office, support or the operator
  ADMIN: { staff: ['admin'] }, // "operator of the installation"
  K2_MAILBOX_RECEIPTS: { provider: true }, // K2 "to ... the citizen's digital mailbox through adapters" and "The first opening ... is recorded": the mailbox provider's read receipt, by its secret; no person holds it (tests/http/mailbox_receipts.test.mjs)
};

// Under declared emergency access (POST /staff/emergency, a reason, logged)
// a member of staff reaches a patient outside their units. SPEC is silent;
// decided: it opens the chart and the clinical record in their clinical role
// (care that cannot wait), nothing else: unit work queues stay with the units
// (W3, M4 "their own and their unit's queue") and representation applications
// with reviewers at the person's units (issue 9 item 1).
export const EMERGENCY_CAPS = ['W2_PATIENT_CHART', 'W2_CLINICAL_RECORD', 'Q1_QUESTIONNAIRES'];

// Cells where the product disagrees with this policy today. The matrix keeps
// expecting the policy (these cells are red) and names the bug beside the
// failure. Remove an entry when the product is fixed.
export const KNOWN_BUGS = [];

// ---- part (a): the golden route table --------------------------------------------------
// [method, pattern, who, cap, cell] — cell says how an allowed cell is run:
//   p:       each :param's object (resolved in matrix.mjs to a real row of
//            the actor's subject — their own or the represented person's
//            record — or, for staff, of their patient). 'patient' is the staff
//            actor's patient; queue items and applications belong to a patient.
//   form:    a minimal form for a POST (values may name objects: '@medication')
//   shows:   what an allowed page must show: 'subject' (the name of the person
//            whose record is open), 'patient' (the staff actor's patient),
//            'actor' (the logged-in person), an object (its name or text), a
//            link to an object ('/visits/@visit': href="/visits/<id>"), or a
//            RegExp. A staff list (no parameter) shows the patient's items only
//            when the role at the patient's unit holds the capability, and
//            must not list them otherwise.
//   status:  allowed answers other than the default (GET 200; POST 303, or 400
//            with the form's error summary or a danger alert)
//   invalid: a RegExp a 400 may show instead of the error summary
//   last:    run after every other cell (it ends the session or the representation)
// Staff routes with 'patient' or a patient's item are checked per patient: the
// role at the patient's unit; a patient in none of the actor's units is 404.
// `hidden: true`: a refusal for the object is 404 even at a shared unit: an
// application exists only for its reviewers (issue 9 item 1), a queue item
// only for those who work the queue it is in (W3). SPEC is silent; decided.
// Elsewhere a shared unit where no role holds the capability is 403
// (ARCHITECTURE rule 2).
const NOT_CONFIGURED = { status: [503] }; // ID-porten and HelseID are not configured on the test server (tests/http/login_*.test.mjs cover them)
const R = (method, pattern, who, cap, cell = {}) => ({ method, pattern, who, cap, ...cell });

export const ROUTES = [
  R('GET', '/', ANYONE, 'PUBLIC', { status: { staff: [303] } }), // the start page; staff are sent on to their workspace
  R('GET', '/status', ANYONE, 'PUBLIC'),
  R('GET', '/static/*name', ANYONE, 'PUBLIC', { p: { name: 'static_file' } }), // "*name": text, not an id (every ":name" is a positive id)
  R('GET', '/login/testid', ANYONE, 'PUBLIC', { shows: [/name="nin"/] }),
  R('POST', '/login/testid', ANYONE, 'PUBLIC'), // an empty form: the TestID form's errors (never logs anyone in)
  R('POST', '/staff/login/testid', ANYONE, 'PUBLIC'),
  R('POST', '/logout', LOGGED_IN, 'A4_SESSION', { last: 2 }),
  R('POST', '/session/extend', LOGGED_IN, 'A4_SESSION'),
  R('GET', '/settings/account', CITIZEN, 'A2_ACCOUNT', { shows: ['subject'] }),
  R('GET', '/settings/account/deactivate', CITIZEN, 'A2_ACCOUNT', { shows: [/action="\/settings\/account\/deactivate"/] }),
  R('POST', '/settings/account/deactivate', CITIZEN, 'A2_ACCOUNT'), // ends the session: the matrix logs in again (and is offered reactivation)
  R('POST', '/settings/account/reactivate', CITIZEN, 'A2_ACCOUNT'),
  R('GET', '/access', CITIZEN, 'R5_OVERVIEW', { shows: ['actor'] }),
  R('GET', '/access/choose', CITIZEN, 'R6_ACT_FOR', { shows: ['actor'] }),
  R('POST', '/access/act', CITIZEN, 'R6_ACT_FOR', { form: { person: '@subject' } }), // opens the record already open: changes nothing
  R('POST', '/access/:id/end', CITIZEN, 'R5_OVERVIEW', { p: { id: 'representation' }, last: 1 }), // R1/R3 either side ends it; an actor with no open representation (foster parent, confidential address, one withdrawn) gets someone else's: 404
  R('GET', '/access/grant', CITIZEN, 'R1_GRANT', { shows: [/name="nin"/] }),
  R('POST', '/access/grant', CITIZEN, 'R1_GRANT'),
  R('GET', '/access/parent', CITIZEN, 'R2_PARENT_APPLY', { shows: [/name="nin"/] }),
  R('POST', '/access/parent', CITIZEN, 'R2_PARENT_APPLY'),
  R('GET', '/access/capacity', CITIZEN, 'R4_CAPACITY_APPLY', { shows: [/name="nin"/] }),
  R('POST', '/access/capacity', CITIZEN, 'R4_CAPACITY_APPLY'),
  R('GET', '/staff/queues/representation', STAFF, 'R4_REVIEW', { shows: ['/staff/representation/@application', 'application'] }),
  R('GET', '/staff/representation/:id', STAFF, 'R4_REVIEW', { p: { id: 'application' }, hidden: true, shows: ['patient', 'application'] }),
  R('GET', '/staff/representation/:id/document', STAFF, 'R4_REVIEW', { p: { id: 'application' }, hidden: true, shows: [/^%PDF/] }),
  R('POST', '/staff/representation/:id/take', STAFF, 'R4_REVIEW', { p: { id: 'application' }, hidden: true }),
  R('POST', '/staff/representation/:id/decide', STAFF, 'R4_REVIEW', { p: { id: 'application' }, hidden: true, form: { decision: 'refuse', reason: '' } }),
  R('GET', '/staff/patients/:id/confidential', STAFF, 'W2_CLINICAL_RECORD', { p: { id: 'patient' }, shows: ['medication'] }), // the items one can mark
  // Only a child's items can be marked: for an adult patient the rule answers a plain 400.
  R('POST', '/staff/patients/:id/confidential', STAFF, 'W2_CLINICAL_RECORD', { p: { id: 'patient' }, form: { area: 'medications', item: '@medication', hidden: '0' }, invalid: /Noe var galt med forespørselen/ }),
  R('GET', '/staff', STAFF, 'W1_WORKSPACE'),
  R('GET', '/staff/patients', STAFF, 'W2_PATIENT_CHART', { shows: [/name="q"/] }),
  R('POST', '/staff/patients', STAFF, 'W2_PATIENT_CHART', { form: { q: '@patient_family' }, status: [200] }), // a search answers its page (POST keeps numbers out of URLs)
  R('GET', '/staff/patients/:id', STAFF, 'W2_PATIENT_CHART', { p: { id: 'patient' }, shows: ['patient'] }),
  R('GET', '/staff/emergency', STAFF, 'W2_PATIENT_CHART', { shows: [/name="reason"/] }),
  R('POST', '/staff/emergency', STAFF, 'W2_PATIENT_CHART'),
  R('GET', '/login/idporten', ANYONE, 'PUBLIC', NOT_CONFIGURED),
  R('GET', '/login/idporten/callback', ANYONE, 'PUBLIC', NOT_CONFIGURED),
  R('GET', '/logout/idporten/frontchannel', ANYONE, 'PUBLIC', NOT_CONFIGURED),
  R('GET', '/staff/login/helseid', ANYONE, 'PUBLIC', NOT_CONFIGURED),
  R('GET', '/staff/login/helseid/callback', ANYONE, 'PUBLIC', NOT_CONFIGURED),
  R('GET', '/settings/personal', CITIZEN, 'S1_PERSONAL', { shows: ['subject'] }),
  R('POST', '/settings/personal', CITIZEN, 'S1_PERSONAL'),
  R('GET', '/settings/notifications', CITIZEN, 'S2_NOTIFICATIONS', { shows: [/type="checkbox"/] }),
  R('POST', '/settings/notifications', CITIZEN, 'S2_NOTIFICATIONS'),
  R('GET', '/settings/shortcuts', CITIZEN, 'S3_SHORTCUTS', { shows: [/type="checkbox"/] }),
  R('POST', '/settings/shortcuts', CITIZEN, 'S3_SHORTCUTS'),
  R('GET', '/settings/language', CITIZEN, 'S4_LANGUAGE', { shows: [/value="en"/] }),
  R('POST', '/settings/language', CITIZEN, 'S4_LANGUAGE'),
  R('GET', '/documents/access-log', CITIZEN, 'D3_ACCESS_LOG', { shows: ['subject'] }),
  R('GET', '/health/summary', CITIZEN, 'H6_SUMMARY', { shows: ['subject', 'allergy', 'issue'] }),
  R('GET', '/health/vaccines', CITIZEN, 'H4_VACCINES', { shows: ['subject', 'vaccine'] }),
  R('GET', '/health/allergies/requests', CITIZEN, 'H3_REQUEST', { shows: ['subject', /name="substance"/] }),
  R('POST', '/health/allergies/requests', CITIZEN, 'H3_REQUEST'),
  R('GET', '/care-team', CITIZEN, 'C1_CARE_TEAM', { shows: ['subject', 'care_team'] }),
  // Appointments (P1-P3, P9): the subject's own appointments; booking at the units where the subject is a patient.
  R('GET', '/appointments', CITIZEN, 'P1_APPOINTMENTS', { shows: ['subject', '/appointments/@appointment'] }), // P1 upcoming and past
  R('GET', '/appointments/book', CITIZEN, 'P2_BOOK', { shows: ['subject'] }), // P2 units and visit types (?unit=&type=: free slots)
  R('POST', '/appointments/book', CITIZEN, 'P2_BOOK', { form: { unit: '@book_unit', type: '@book_type', slot: '@book_slot' } }), // P2 book a free slot
  R('GET', '/appointments/:id', CITIZEN, 'P1_APPOINTMENTS', { p: { id: 'appointment' }, shows: ['subject', 'appointment'] }), // P1 where, when, who, fee (P9)
  R('GET', '/appointments/:id/change', CITIZEN, 'P3_CHANGE', { p: { id: 'appointment' }, shows: ['subject'] }), // P3 free times to move to, or why not
  R('POST', '/appointments/:id/request', CITIZEN, 'P3_CHANGE', { p: { id: 'appointment' }, form: { kind: 'change', message: 'Fra matrisen.' } }), // P3 "send a change or cancellation request"
  R('POST', '/appointments/:id/change', CITIZEN, 'P3_CHANGE', { p: { id: 'appointment' }, form: { slot: '@change_slot' } }), // P3 change (to a free slot of its unit and type)
  R('POST', '/appointments/:id/cancel', CITIZEN, 'P3_CHANGE', { p: { id: 'appointment' } }), // P3 cancel
  // P4 short-notice offers: the subject's own offers (declined before one is accepted: accepting moves the appointment and withdraws the rest).
  R('GET', '/appointments/offers/:id', CITIZEN, 'P4_SHORT_NOTICE', { p: { id: 'offer' }, shows: ['subject'] }), // P4 an earlier time offered
  R('POST', '/appointments/offers/:id/decline', CITIZEN, 'P4_SHORT_NOTICE', { p: { id: 'offer_other' } }), // P4 "Rejecting changes nothing"
  R('POST', '/appointments/offers/:id/accept', CITIZEN, 'P4_SHORT_NOTICE', { p: { id: 'offer' } }), // P4 "The first to accept gets it"
  // P6 e-check-in: the subject's own appointment (the matrix's is of a type without check-in: the page says so, the POST is refused with its reason).
  R('GET', '/appointments/:id/check-in', CITIZEN, 'P6_CHECK_IN', { p: { id: 'appointment' }, shows: ['subject'] }),
  R('POST', '/appointments/:id/check-in', CITIZEN, 'P6_CHECK_IN', { p: { id: 'appointment' }, form: { confirm: 'on' } }),
  // Schedules (W2) per unit, in the role held at that unit: the unit of the patient's appointment.
  R('GET', '/staff/schedules', STAFF, 'W2_SCHEDULES'), // W2 "schedules and slots": the units where one keeps them
  R('GET', '/staff/schedules/:unit', STAFF, 'W2_SCHEDULES', { p: { unit: 'schedule_unit' }, shows: ['schedule_unit'] }),
  R('POST', '/staff/schedules/:unit/generate', STAFF, 'W2_SCHEDULES', { p: { unit: 'schedule_unit' }, form: { weeks: '1' } }),
  R('POST', '/staff/schedules/:unit/slots', STAFF, 'W2_SCHEDULES', { p: { unit: 'schedule_unit' } }), // an empty form: its errors
  R('POST', '/staff/schedules/:unit/templates', STAFF, 'W2_SCHEDULES', { p: { unit: 'schedule_unit' } }),
  R('POST', '/staff/schedules/:unit/types', STAFF, 'W2_SCHEDULES', { p: { unit: 'schedule_unit' } }),
  // W2 "visit types ... weekly templates": edited and retired (a bad day keeps the matrix from retiring anything).
  R('POST', '/staff/schedules/:unit/types/:item', STAFF, 'W2_SCHEDULES', { p: { unit: 'schedule_unit', item: 'schedule_type' } }),
  R('POST', '/staff/schedules/:unit/types/:item/retire', STAFF, 'W2_SCHEDULES', { p: { unit: 'schedule_unit', item: 'schedule_type' }, form: { day: 'not-a-day' } }),
  R('POST', '/staff/schedules/:unit/templates/:item', STAFF, 'W2_SCHEDULES', { p: { unit: 'schedule_unit', item: 'schedule_line' } }),
  R('POST', '/staff/schedules/:unit/templates/:item/retire', STAFF, 'W2_SCHEDULES', { p: { unit: 'schedule_unit', item: 'schedule_line' }, form: { day: 'not-a-day' } }),
  // W2 "holidays and absences remove slots and list the appointments they hit".
  R('GET', '/staff/schedules/:unit/closures', STAFF, 'W2_SCHEDULES', { p: { unit: 'schedule_unit' }, shows: ['schedule_unit'] }),
  R('POST', '/staff/schedules/:unit/closures', STAFF, 'W2_SCHEDULES', { p: { unit: 'schedule_unit' } }),
  R('POST', '/staff/schedules/:unit/closures/:item/cancel', STAFF, 'W2_SCHEDULES', { p: { unit: 'schedule_unit', item: 'schedule_closure' } }), // W2 "holidays and absences ... list the appointments they hit"; "cancel (with a reason the patient sees)": an empty form, its errors; before the remove row, which deletes the closure
  R('POST', '/staff/schedules/:unit/closures/:item/remove', STAFF, 'W2_SCHEDULES', { p: { unit: 'schedule_unit', item: 'schedule_closure' } }),
  R('POST', '/staff/schedules/:unit/rules', STAFF, 'W2_SCHEDULES', { p: { unit: 'schedule_unit' } }),
  R('POST', '/staff/schedules/:unit/book', STAFF, 'W2_SCHEDULES', { p: { unit: 'schedule_unit' } }),
  R('GET', '/staff/schedules/:unit/short-notice', STAFF, 'W2_SCHEDULES', { p: { unit: 'schedule_unit' }, shows: ['schedule_unit'] }), // W2 "the short-notice list per unit"
  R('GET', '/staff/schedules/:unit/check-in', STAFF, 'W2_SCHEDULES', { p: { unit: 'schedule_unit' }, shows: ['schedule_unit'] }), // P6 "Staff see check-in status ... in a check-in queue"
  R('POST', '/staff/slots/:id/block', STAFF, 'W2_SCHEDULES', { p: { id: 'appointment_slot' }, form: { unit: '@schedule_unit', blocked: '1' } }), // a booked slot: "changed meanwhile", nothing done
  R('POST', '/staff/appointments/:id/move', STAFF, 'W2_SCHEDULES', { p: { id: 'appointment' }, form: { unit: '@schedule_unit', slot: '@change_slot' } }),
  R('POST', '/staff/appointments/:id/cancel', STAFF, 'W2_SCHEDULES', { p: { id: 'appointment' }, form: { unit: '@schedule_unit', reason: 'Legen er syk.' } }), // W2 "cancel (with a reason the patient sees)"
  // W3 "change/cancel requests": the office queue (P3 "the unit's office queue"); clinicians and office of the unit, as W2 schedules.
  R('GET', '/staff/queues/appointments', STAFF, 'W2_SCHEDULES'),
  R('POST', '/staff/queues/appointments/:id/answer', STAFF, 'W2_SCHEDULES', { p: { id: 'appt_request' }, form: { decision: 'refuse', answer: 'Ikke mulig denne uken.' } }),
  R('GET', '/visits', CITIZEN, 'P7_VISITS', { shows: ['subject', '/visits/@visit'] }),
  R('GET', '/visits/:id', CITIZEN, 'P7_VISITS', { p: { id: 'visit' }, shows: ['subject', 'visit'] }),
  R('GET', '/staff/patients/:id/summary', STAFF, 'W2_CLINICAL_RECORD', { p: { id: 'patient' }, shows: ['patient', 'allergy'] }),
  R('POST', '/staff/patients/:id/summary/allergies', STAFF, 'W2_CLINICAL_RECORD', { p: { id: 'patient' } }),
  R('POST', '/staff/patients/:id/summary/allergies/:item/remove', STAFF, 'W2_CLINICAL_RECORD', { p: { id: 'patient', item: 'allergy' } }),
  R('POST', '/staff/patients/:id/summary/issues', STAFF, 'W2_CLINICAL_RECORD', { p: { id: 'patient' } }),
  R('POST', '/staff/patients/:id/summary/issues/:item/resolve', STAFF, 'W2_CLINICAL_RECORD', { p: { id: 'patient', item: 'issue' } }),
  R('GET', '/staff/patients/:id/care-team', STAFF, 'W2_CLINICAL_RECORD', { p: { id: 'patient' }, shows: ['patient', 'care_team'] }),
  R('POST', '/staff/patients/:id/care-team', STAFF, 'W2_CLINICAL_RECORD', { p: { id: 'patient' } }),
  R('POST', '/staff/patients/:id/care-team/:item/remove', STAFF, 'W2_CLINICAL_RECORD', { p: { id: 'patient', item: 'care_team' } }),
  R('GET', '/staff/patients/:id/appointments', STAFF, 'W2_SCHEDULES', { p: { id: 'patient' }, shows: ['patient'] }), // W2 "appointments": the chart's section, at the unit it is open in
  R('GET', '/staff/patients/:id/visits', STAFF, 'W2_CLINICAL_RECORD', { p: { id: 'patient' }, shows: ['patient', 'visit'] }),
  R('POST', '/staff/patients/:id/visits', STAFF, 'W2_CLINICAL_RECORD', { p: { id: 'patient' } }),
  R('POST', '/staff/patients/:id/visits/:item/note', STAFF, 'W2_CLINICAL_RECORD', { p: { id: 'patient', item: 'visit_unshared' }, form: { text: 'Notat fra matrisen.', action: 'draft' } }),
  R('GET', '/staff/patients/:id/stays', STAFF, 'W2_CLINICAL_RECORD', { p: { id: 'patient' }, shows: ['patient'] }),
  R('POST', '/staff/patients/:id/stays', STAFF, 'W2_CLINICAL_RECORD', { p: { id: 'patient' } }),
  R('GET', '/staff/patients/:id/referrals', STAFF, 'W2_CLINICAL_RECORD', { p: { id: 'patient' }, shows: ['patient', 'referral'] }),
  R('POST', '/staff/patients/:id/referrals', STAFF, 'W2_CLINICAL_RECORD', { p: { id: 'patient' } }),
  R('POST', '/staff/patients/:id/referrals/:item/status', STAFF, 'W2_CLINICAL_RECORD', { p: { id: 'patient', item: 'referral' }, form: { status: 'received' } }),
  R('GET', '/staff/queues/allergies', STAFF, 'W3_CLINICAL_QUEUES', { shows: ['/staff/queues/allergies/@allergy_request', 'patient'] }), // lists name patients, never health data
  R('GET', '/staff/queues/allergies/:id', STAFF, 'W3_CLINICAL_QUEUES', { hidden: true, p: { id: 'allergy_request' }, shows: ['patient', 'allergy_request'] }),
  R('POST', '/staff/queues/allergies/:id/take', STAFF, 'W3_CLINICAL_QUEUES', { hidden: true, p: { id: 'allergy_request' } }),
  R('POST', '/staff/queues/allergies/:id/accept', STAFF, 'W3_CLINICAL_QUEUES', { hidden: true, p: { id: 'allergy_request' } }),
  R('POST', '/staff/queues/allergies/:id/decline', STAFF, 'W3_CLINICAL_QUEUES', { hidden: true, p: { id: 'allergy_request' } }),
  R('POST', '/staff/queues/allergies/:id/close', STAFF, 'W3_CLINICAL_QUEUES', { hidden: true, p: { id: 'allergy_request' } }),
  R('GET', '/staff/queues/record-access', STAFF, 'W3_CLINICAL_QUEUES', { shows: ['/staff/queues/record-access/@record_access', 'patient'] }), // D2: requests to the units where one is a clinician
  R('GET', '/staff/queues/record-access/:id', STAFF, 'W3_CLINICAL_QUEUES', { hidden: true, p: { id: 'record_access' }, shows: ['patient'] }),
  R('POST', '/staff/queues/record-access/:id/fulfil', STAFF, 'W3_CLINICAL_QUEUES', { hidden: true, p: { id: 'record_access' } }),
  R('POST', '/staff/queues/record-access/:id/refuse', STAFF, 'W3_CLINICAL_QUEUES', { hidden: true, p: { id: 'record_access' } }),
  R('GET', '/health/medications', CITIZEN, 'H1_MEDICATIONS', { shows: ['subject', '/health/medications/@medication', 'medication'] }),
  R('GET', '/health/medications/:id', CITIZEN, 'H1_MEDICATIONS', { p: { id: 'medication' }, shows: ['subject', 'medication'] }),
  R('POST', '/health/medications/:id/renewal', CITIZEN, 'H1_REQUESTS', { p: { id: 'medication' }, form: { message: '' } }),
  R('POST', '/health/medications/:id/comments', CITIZEN, 'H1_REQUESTS', { p: { id: 'medication' } }),
  R('GET', '/staff/patients/:id/medications', STAFF, 'W2_CLINICAL_RECORD', { p: { id: 'patient' }, shows: ['patient', 'medication'] }),
  R('POST', '/staff/patients/:id/medications', STAFF, 'W2_CLINICAL_RECORD', { p: { id: 'patient' } }),
  R('POST', '/staff/patients/:id/medications/:mid/stop', STAFF, 'W2_CLINICAL_RECORD', { p: { id: 'patient', mid: 'medication' } }),
  R('GET', '/staff/queues/renewals', STAFF, 'W3_CLINICAL_QUEUES', { shows: ['/staff/queues/renewals/@renewal', 'patient'] }),
  R('GET', '/staff/queues/renewals/:id', STAFF, 'W3_CLINICAL_QUEUES', { hidden: true, p: { id: 'renewal' }, shows: ['patient', 'renewal'] }),
  R('POST', '/staff/queues/renewals/:id/take', STAFF, 'W3_CLINICAL_QUEUES', { hidden: true, p: { id: 'renewal' } }),
  R('POST', '/staff/queues/renewals/:id/answer', STAFF, 'W3_CLINICAL_QUEUES', { hidden: true, p: { id: 'renewal' } }),
  R('POST', '/staff/queues/renewals/:id/close', STAFF, 'W3_CLINICAL_QUEUES', { hidden: true, p: { id: 'renewal' } }),
  R('GET', '/health/results', CITIZEN, 'H2_RESULTS', { shows: ['subject', '/health/results/@result', 'result'] }),
  R('GET', '/health/results/:id', CITIZEN, 'H2_RESULTS', { p: { id: 'result' }, shows: ['subject', 'result'] }),
  R('GET', '/staff/patients/:id/results', STAFF, 'W2_CLINICAL_RECORD', { p: { id: 'patient' }, shows: ['patient', 'result'] }),
  R('POST', '/staff/patients/:id/results', STAFF, 'W2_CLINICAL_RECORD', { p: { id: 'patient' } }),
  R('POST', '/staff/patients/:id/results/:rid/release', STAFF, 'W2_CLINICAL_RECORD', { p: { id: 'patient', rid: 'result_to_release' } }),
  R('GET', '/staff/queues/results', STAFF, 'W3_CLINICAL_QUEUES', { shows: ['patient', 'result_awaiting'] }),
  R('POST', '/staff/queues/results/:rid/take', STAFF, 'W3_CLINICAL_QUEUES', { hidden: true, p: { rid: 'result_awaiting' } }),
  R('POST', '/staff/queues/results/:rid/close', STAFF, 'W3_CLINICAL_QUEUES', { hidden: true, p: { rid: 'result_awaiting' } }),
  R('GET', '/questionnaires', CITIZEN, 'Q1_QUESTIONNAIRES', { shows: ['subject', '/questionnaires/@questionnaire', 'questionnaire'] }),
  R('GET', '/questionnaires/:id', CITIZEN, 'Q1_QUESTIONNAIRES', { p: { id: 'questionnaire' }, shows: ['subject', 'questionnaire'] }),
  R('POST', '/questionnaires/:id', CITIZEN, 'Q3_ANSWER', { p: { id: 'questionnaire' }, form: { action: 'save', revision: '@questionnaire_revision' } }),
  R('GET', '/questionnaires/:id/attachments/:aid', CITIZEN, 'Q1_QUESTIONNAIRES', { p: { id: 'questionnaire', aid: 'questionnaire_file' }, shows: [/^%PDF-1\.4/] }),
  R('GET', '/staff/patients/:id/questionnaires', STAFF, 'Q1_QUESTIONNAIRES', { p: { id: 'patient' }, shows: ['patient', 'questionnaire'] }),
  R('POST', '/staff/patients/:id/questionnaires', STAFF, 'Q1_QUESTIONNAIRES', { p: { id: 'patient' } }),
  R('GET', '/staff/patients/:id/questionnaires/:qid', STAFF, 'Q1_QUESTIONNAIRES', { p: { id: 'patient', qid: 'questionnaire' }, shows: ['patient', 'questionnaire'] }),
  R('POST', '/staff/patients/:id/questionnaires/:qid/withdraw', STAFF, 'Q1_QUESTIONNAIRES', { p: { id: 'patient', qid: 'questionnaire' }, form: { confirm: '1' } }),
  R('GET', '/staff/patients/:id/questionnaires/:qid/attachments/:aid', STAFF, 'Q1_QUESTIONNAIRES', { p: { id: 'patient', qid: 'questionnaire_done', aid: 'questionnaire_done_file' }, shows: [/^%PDF-1\.4/] }),
  R('GET', '/staff/queues/questionnaires', STAFF, 'W3_CLINICAL_QUEUES'),
  R('GET', '/notifications', CITIZEN, 'N1_NOTIFICATIONS', { shows: ['actor'] }), // N1 in-app channel (N2): the actor's own notices
  R('POST', '/notifications/read', CITIZEN, 'N1_NOTIFICATIONS'),
  R('GET', '/staff/outbox', STAFF, 'ADMIN', { shows: [/<table/] }), // N2 "dead-letter list that the admin role sees" (issue 15): the operator, no one else
  R('POST', '/staff/outbox/retry', STAFF, 'ADMIN', { form: { delivery: '' } }), // no such delivery: 400 with a danger alert
  R('POST', '/staff/outbox/letters/:id/retry', STAFF, 'ADMIN', { p: { id: 'dead_letter' } }), // #17 "retried through the outbox": the operator puts a dead letter delivery back in line (303); tests/cli/letter_delivery.test.mjs has 404, 409 and the run that delivers it
  // Video consultations (P5): "Calls run in the browser"; "A pre-call check of camera, microphone and connection";
  // "clinicians can make any appointment a video one". The check touches no data: anyone (it is linked from the help text).
  R('GET', '/appointments/video/check', ANYONE, 'PUBLIC'),
  R('GET', '/appointments/:id/video', CITIZEN, 'P5_VIDEO', { p: { id: 'video_appointment' }, shows: ['subject', 'video_appointment'] }),
  R('GET', '/staff/video', STAFF, 'P5_VIDEO'), // the clinician's own week: their appointments, not the unit's
  R('GET', '/staff/video/:id', STAFF, 'P5_VIDEO', { p: { id: 'video_appointment' }, shows: ['patient'] }),
  R('POST', '/staff/video/:id', STAFF, 'P5_VIDEO', { p: { id: 'video_appointment' } }), // P5 "clinicians can make any appointment a video one" (the P3 cells have cancelled the first by now; making a video one video again changes nothing)
  // A call exists only for its members (the patient or their representative, the clinicians who opened it): hidden.
  R('GET', '/video/calls/:id/messages', LOGGED_IN, 'P5_VIDEO', { hidden: true, p: { id: 'video_call' }, shows: [/"messages":\[/] }),
  R('POST', '/video/calls/:id/join', LOGGED_IN, 'P5_VIDEO', { hidden: true, p: { id: 'video_call' }, status: [200] }),
  R('POST', '/video/calls/:id/messages', LOGGED_IN, 'P5_VIDEO', { hidden: true, p: { id: 'video_call' }, form: { kind: 'hello', body: '' }, status: [200] }),
  R('POST', '/video/calls/:id/manage', STAFF, 'P5_VIDEO', { hidden: true, p: { id: 'video_call' }, form: { action: 'mute', member: '@video_patient_member' }, status: [200] }),
  R('POST', '/video/calls/:id/leave', LOGGED_IN, 'P5_VIDEO', { hidden: true, p: { id: 'video_call' }, status: [200] }),
  // P5 calls between clinicians and with groups (issue 14): a clinician makes one at a unit where their role holds P5;
  // a call exists only for its members (hidden: 404 for anyone not on it, as for a call's messages). The world
  // invites each subject to a group call with every clinician of the subject's units.
  R('GET', '/staff/video/calls/new', STAFF, 'P5_VIDEO', { shows: [/name="title"/] }),
  R('POST', '/staff/video/calls', STAFF, 'P5_VIDEO'), // an empty form: the form's errors
  R('GET', '/staff/video/calls/:id', STAFF, 'P5_VIDEO', { hidden: true, p: { id: 'group_call' }, shows: ['group_call'] }),
  R('POST', '/staff/video/calls/:id/invite', STAFF, 'P5_VIDEO', { hidden: true, p: { id: 'group_call' } }), // an empty form: the form's errors
  R('GET', '/video', CITIZEN, 'P5_VIDEO', { shows: ['/video/calls/@group_call'] }),
  R('GET', '/video/calls/:id', LOGGED_IN, 'P5_VIDEO', { hidden: true, p: { id: 'group_call' }, shows: ['group_call'] }),
  // Secure messages (M1-M4). A conversation belongs to one unit: staff work it only there (M4 "their own and their
  // unit's queue"), so at another unit it does not exist for them (hidden). Attachments (M3) go to the same people.
  R('GET', '/messages', CITIZEN, 'M2_MESSAGES', { shows: ['subject', '/messages/@conversation', 'conversation'] }),
  R('GET', '/messages/new', CITIZEN, 'M2_MESSAGES', { shows: [/116\u00a0117/] }), // M2 "Every compose page says plainly: not for urgent matters"
  R('POST', '/messages/new', CITIZEN, 'M2_MESSAGES'), // an empty form: 400 with the form's errors
  R('GET', '/messages/:id', CITIZEN, 'M2_MESSAGES', { p: { id: 'conversation' }, shows: ['conversation'] }),
  R('POST', '/messages/:id/reply', CITIZEN, 'M2_MESSAGES', { p: { id: 'conversation' } }),
  R('GET', '/messages/:id/attachments/:aid', CITIZEN, 'M3_ATTACHMENTS', { p: { id: 'conversation', aid: 'message_attachment' }, shows: [/^%PDF-1\.4/] }),
  R('GET', '/staff/messages', STAFF, 'M4_STAFF_MESSAGES', { shows: ['/staff/messages/@conversation', 'patient'] }),
  R('GET', '/staff/messages/:id', STAFF, 'M4_STAFF_MESSAGES', { hidden: true, p: { id: 'conversation' }, shows: ['patient', 'conversation'] }),
  R('POST', '/staff/messages/:id/reply', STAFF, 'M1_SEND', { hidden: true, p: { id: 'conversation' } }),
  R('POST', '/staff/messages/:id/assign', STAFF, 'M4_STAFF_MESSAGES', { hidden: true, p: { id: 'conversation' } }),
  R('POST', '/staff/messages/:id/done', STAFF, 'M4_STAFF_MESSAGES', { hidden: true, p: { id: 'conversation' } }),
  R('GET', '/staff/messages/:id/attachments/:aid', STAFF, 'M3_ATTACHMENTS', { hidden: true, p: { id: 'conversation', aid: 'message_attachment' }, shows: [/^%PDF-1\.4/] }),
  // M2 a unit's message settings, in the role held at that unit (a unit of the patient's, as for schedules).
  R('GET', '/staff/messages/units/:unit', STAFF, 'M2_UNIT_SETTINGS', { p: { unit: 'schedule_unit' }, shows: ['schedule_unit'] }),
  R('POST', '/staff/messages/units/:unit', STAFF, 'M2_UNIT_SETTINGS', { p: { unit: 'schedule_unit' } }), // an empty form: its errors (the reply time is required)
  R('GET', '/staff/patients/:id/messages/new', STAFF, 'M1_SEND', { p: { id: 'patient' }, shows: ['patient'] }),
  R('POST', '/staff/patients/:id/messages', STAFF, 'M1_SEND', { p: { id: 'patient' } }),
  // User support (U1): the citizen's cases; the support role decides them at the unit the case is about
  // (a case exists only for support staff of that unit: hidden).
  R('GET', '/support', CITIZEN, 'U1_SUPPORT', { shows: ['subject', '/support/@support_case'] }),
  R('POST', '/support', CITIZEN, 'U1_SUPPORT'), // an empty form: 400 with the form's errors
  R('GET', '/support/:id', CITIZEN, 'U1_SUPPORT', { p: { id: 'support_case' }, shows: ['support_case'] }),
  R('GET', '/staff/support', STAFF, 'U1_SUPPORT_CASES', { shows: ['/staff/support/@support_case', 'patient'] }),
  R('GET', '/staff/support/:id', STAFF, 'U1_SUPPORT_CASES', { hidden: true, p: { id: 'support_case' }, shows: ['patient', 'support_case'] }),
  R('POST', '/staff/support/:id/decide', STAFF, 'U1_SUPPORT_CASES', { hidden: true, p: { id: 'support_case' } }),
  // A question is support's to decide; a correction or erasure goes on to a clinician of the case's unit (or all of
  // them), who decides it (U1 "rectify or erase", pbrl. § 5-2 via hpl. §§ 42-44: the health personnel responsible).
  // The world's case is a question: forwarding it is a 400 with the form's errors.
  R('POST', '/staff/support/:id/forward', STAFF, 'U1_SUPPORT_CASES', { hidden: true, p: { id: 'support_case' } }),
  // U1 "tracked as a case": a support worker takes a case, so colleagues see who has it (the brief: assigned_to).
  R('POST', '/staff/support/:id/take', STAFF, 'U1_SUPPORT_CASES', { hidden: true, p: { id: 'support_case' } }),
  R('GET', '/staff/queues/corrections', STAFF, 'W3_CLINICAL_QUEUES', { shows: ['/staff/queues/corrections/@correction', 'patient'] }),
  R('GET', '/staff/queues/corrections/:id', STAFF, 'W3_CLINICAL_QUEUES', { hidden: true, p: { id: 'correction' }, shows: ['patient', 'correction'] }),
  R('POST', '/staff/queues/corrections/:id/decide', STAFF, 'W3_CLINICAL_QUEUES', { hidden: true, p: { id: 'correction' } }),
  // The clinician who has it sends it on to a colleague of the unit when it is not theirs to decide or they are away
  // (the brief). The world's correction went to all of the unit's clinicians: an empty "to" (all again) is a 400.
  R('POST', '/staff/queues/corrections/:id/forward', STAFF, 'W3_CLINICAL_QUEUES', { hidden: true, p: { id: 'correction' } }),
  // Municipal services (K1-K3) and the document centre (D1). K1 "apply ... or a representative with the right
  // access applies for the person": full only (CAPS above); K2 "A caseworker decides" from the municipality's queue
  // (W3): the caseworker role at the applicant's unit (the services office they applied to), no one else.
  R('GET', '/services', CITIZEN, 'K1_APPLY', { shows: ['subject', 'service', 'service_app'] }),
  R('POST', '/services/apply', CITIZEN, 'K1_APPLY', { form: { service: '@service' } }), // K1 a draft of a service of the person's municipality
  R('GET', '/services/applications/:id', CITIZEN, 'K1_APPLY', { p: { id: 'service_app' }, shows: ['subject', 'service_app'] }),
  R('POST', '/services/applications/:id', CITIZEN, 'K1_APPLY', { p: { id: 'service_app' }, form: { action: 'save', revision: '@service_app_revision' } }), // K1 drafts
  R('POST', '/services/applications/:id/reply', CITIZEN, 'K1_APPLY', { p: { id: 'service_app' }, form: { text: '' } }), // K2 "ask the applicant for more information": an empty answer, 400
  R('POST', '/services/applications/:id/appeal', CITIZEN, 'K3_APPEAL', { p: { id: 'service_app' }, form: { text: '' } }), // K3 an empty appeal, 400
  // K1 "attachments under the upload rules", K3 "text and attachments": the applicant's side (K1) adds files to a
  // draft and removes them, reads them; the caseworker of the case reads them (K2), no one else.
  R('POST', '/services/applications/:id/attachments', CITIZEN, 'K1_APPLY', { p: { id: 'service_app' } }), // no file chosen: 400
  R('POST', '/services/applications/:id/attachments/:aid/delete', CITIZEN, 'K1_APPLY', { p: { id: 'service_app', aid: 'service_file' } }),
  R('GET', '/services/applications/:id/attachments/:aid', CITIZEN, 'K1_APPLY', { p: { id: 'service_app', aid: 'service_file' }, shows: [/^%PDF-1\.4/] }),
  R('GET', '/documents', CITIZEN, 'D1_DOCUMENTS', { shows: ['subject', '/documents/@document'] }),
  R('GET', '/documents/:id', CITIZEN, 'D1_DOCUMENTS', { p: { id: 'document' }, shows: ['subject', 'document'] }),
  R('GET', '/documents/:id/pdf', CITIZEN, 'D1_DOCUMENTS', { p: { id: 'document' }, status: { citizen: [200, 409] } }), // 409 until the letter worker has made the PDF
  R('POST', '/integrations/digital-mailbox/read-receipts', PROVIDER, 'K2_MAILBOX_RECEIPTS'), // #17: the provider's callback; no session, form token or Origin makes a caller the provider (401 for every actor)
  R('GET', '/documents/record-access', CITIZEN, 'D2_RECORD_ACCESS', { shows: ['subject'] }),
  R('POST', '/documents/record-access', CITIZEN, 'D2_RECORD_ACCESS'), // an empty form: the form's errors
  R('GET', '/documents/record-access/:id', CITIZEN, 'D2_RECORD_ACCESS', { p: { id: 'record_access' }, shows: ['subject'] }),
  R('GET', '/staff/queues/services', STAFF, 'K2_CASEWORK'),
  R('GET', '/staff/services/:id', STAFF, 'K2_CASEWORK', { p: { id: 'case' }, shows: ['patient', 'case'] }),
  R('POST', '/staff/services/:id/take', STAFF, 'K2_CASEWORK', { p: { id: 'case' } }),
  R('POST', '/staff/services/:id/ask', STAFF, 'K2_CASEWORK', { p: { id: 'case' }, form: { text: '' } }),
  R('POST', '/staff/services/:id/decide', STAFF, 'K2_CASEWORK', { p: { id: 'case' }, form: { outcome: 'refused', reasons: '' } }),
  R('POST', '/staff/services/:id/reconsider', STAFF, 'K2_CASEWORK', { p: { id: 'case' }, form: { result: 'upheld', reasons: '' } }),
  R('GET', '/staff/services/:id/attachments/:aid', STAFF, 'K2_CASEWORK', { p: { id: 'case', aid: 'case_file' }, shows: [/^%PDF-1\.4/] }),
];
