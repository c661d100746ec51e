// matrix.mjs — the authorization matrix (issue 5, T1 in
// shared/reference/security-and-reliability.md; issue 10 item 1): every route
// for every kind of actor, each on its own freshly seeded server, judged by an
// independent oracle. The expectations come from tests/http/policy.mjs
// (written from SPEC.md, reviewed), never from the code under test: the only
// thing read from `helsami routes` is the route list, and it must equal the
// policy's golden table, so a route added, removed or changed fails here
// until the policy is changed deliberately.
//
// Cells use real objects: every :id is a row of the actor's subject (their own
// record, or the represented person's), or of the staff actor's patient,
// looked up in the database after seeding. An allowed GET answers 200 and
// shows the subject or patient and the object; an allowed POST (a minimal
// form with the form token) answers 303, or 400 with the form's errors — never
// 401/403/404/5xx. A refused cell answers exactly 401 (anonymous), 403
// (capability lacked) or 404 (someone else's object, a patient outside the
// staff member's units). Each allowed cell with objects is also probed with
// unknown ids and with someone else's objects: both must answer 404.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { BIN, startServer } from '../lib/server.mjs';
import { seedDemo, NO_RATE_LIMITS } from '../lib/demo.mjs';
import { Browser, loginAs } from '../lib/session.mjs';
import { sql } from '../lib/db.mjs';
import { ROUTES, CAPS, EMERGENCY_CAPS, KNOWN_BUGS } from './policy.mjs';

// ---- the route list, compared with the golden table -------------------------------------
const live = spawnSync(BIN, ['routes'], { encoding: 'utf8' }).stdout.trim().split('\n').map((l) => JSON.parse(l)).filter((l) => l.pattern);
const key = (r) => `${r.method} ${r.pattern}`;

// ---- the demo world's people (docs/demo-world.md) ---------------------------------------
const P = {
  marius: '12848649994', silje: '03898849863', nora: '01921099882', jonas: '02831399735', emma: '15862199860',
  thomas: '07878249733', hanne: '18828449806', ida: '20821699852', geir: '23857149971', sofie: '10851899893',
  bjorn: '21876649788', elisabeth: '02916949807', astrid: '08833849868', camilla: '30819249861', oskar: '05901999998',
  ingrid: '14827549852', kari: '11907949887', ahmed: '25839049733', marte: '19889549834', per: '27816849956',
  sara: '04859849860', tor: '09898549906', hilde: '09838749817',
};
const NAME = {
  marius: 'Marius Berg', silje: 'Silje Berg', nora: 'Nora Berg', jonas: 'Jonas Berg', emma: 'Emma Berg', ida: 'Ida Lie',
  thomas: 'Thomas Lie', geir: 'Geir Aasen', bjorn: 'Bjørn Johansen', elisabeth: 'Elisabeth Johansen',
  astrid: 'Astrid Johansen', camilla: 'Camilla Eide', hilde: 'Hilde Dahl', ingrid: 'Ingrid Solberg', marte: 'Marte Vik',
  per: 'Per Haugland', sara: 'Sara Nygård', tor: 'Tor Engen',
};
const NOW = '2026-11-22T10:00:00Z';

// Where each record's objects come from: a unit the person is a patient of
// and a clinician there (docs/demo-world.md).
const HOME = {
  marius: ['oya-legesenter', 'ingrid'], silje: ['oya-legesenter', 'ingrid'], nora: ['oya-legesenter', 'ingrid'],
  jonas: ['helsestasjon-sentrum', 'kari'], emma: ['helsestasjon-sentrum', 'kari'], ida: ['oya-legesenter', 'ingrid'],
  geir: ['oya-legesenter', 'ingrid'], bjorn: ['oya-legesenter', 'ingrid'], camilla: ['oya-legesenter', 'ingrid'],
  elisabeth: ['midtbyen-hjemmetjeneste', 'ahmed'], astrid: ['havstad-hvs', 'ahmed'],
};

// ---- objects: every record gets one of each kind a cell needs ------------------------
const pid = (who) => `(SELECT id FROM person WHERE nin = '${P[who]}')`;
const sid = (who) => `(SELECT s.id FROM staff s JOIN person sp ON sp.id = s.person_id WHERE sp.nin = '${P[who]}')`;
const uid = (code) => `(SELECT id FROM unit WHERE code = '${code}')`;
const T = 1795000000; // 2026-11-18, before every actor's clock

// What a citizen sees, per kind: [key, SQL condition on alias x for a visible row of person {P}, insert]
const VISIBLE = {
  medication: 'x.stopped_at IS NULL AND x.hidden_from_guardians = 0 AND NOT EXISTS (SELECT 1 FROM medication_renewal r WHERE r.medication_id = x.id AND r.status IN (\'sent\', \'in_progress\'))',
  test_result: 'x.hidden_from_guardians = 0 AND x.status = \'released\' AND x.type_id IN (SELECT id FROM result_type WHERE release_rule = \'immediate\')',
  visit: 'x.hidden_from_guardians = 0 AND x.kind <> \'home_care\'',
  questionnaire_request: 'x.hidden_from_guardians = 0 AND x.status IN (\'sent\', \'in_progress\') AND x.due_on >= \'2026-12-10\'',
  allergy: 'x.hidden_from_guardians = 0 AND x.ended_at IS NULL',
  health_issue: 'x.hidden_from_guardians = 0 AND x.ended_at IS NULL',
  care_team_member: 'x.hidden_from_guardians = 0 AND x.ended_at IS NULL',
  vaccination: 'x.hidden_from_guardians = 0',
  referral: 'x.hidden_from_guardians = 0',
};

function ensureRecord(who) {
  const [unit, clin] = HOME[who];
  const p = pid(who), s = sid(clin), u = uid(unit);
  const ensure = (table, cols, values) =>
    `INSERT INTO ${table} (${cols}) SELECT ${values} WHERE NOT EXISTS (SELECT 1 FROM ${table} x WHERE x.patient_id = ${p} AND ${VISIBLE[table]});`;
  return [
    ensure('medication', 'patient_id, name, strength, dosage, prescriber_id, unit_id, start_date, created_at', `${p}, 'Levaxin', '50 mikrog', '1 tablett om morgenen', ${s}, ${u}, '2026-01-10', ${T}`),
    ensure('test_result', 'patient_id, type_id, value, unit, taken_on, entered_by, entered_at, unit_id, status, released_at', `${p}, (SELECT id FROM result_type WHERE code = 'tsh'), '2.1', 'mIU/L', '2026-11-10', ${s}, ${T}, ${u}, 'released', ${T}`),
    ensure('visit', 'patient_id, unit_id, clinician_id, kind, visit_date, visit_time, summary, created_at', `${p}, ${u}, ${s}, 'consultation', '2026-11-12', '09:30', 'Kontroll og samtale om søvn.', ${T}`),
    ensure('questionnaire_request', 'patient_id, questionnaire_id, unit_id, sent_by, sent_at, due_on, status', `${p}, (SELECT id FROM questionnaire WHERE url LIKE '%/for-timen' ORDER BY id LIMIT 1), ${u}, ${s}, ${T}, '2026-12-20', 'sent'`),
    // A submitted questionnaire (its answers copied from the demo world's first), for what a clinician reads once sent.
    `INSERT INTO questionnaire_request (patient_id, questionnaire_id, unit_id, sent_by, sent_at, status, response, submitted_at, submitted_by) SELECT ${p}, r.questionnaire_id, ${u}, ${s}, ${T}, 'completed', r.response, ${T}, ${p} FROM questionnaire_request r WHERE r.status = 'completed' AND NOT EXISTS (SELECT 1 FROM questionnaire_request x WHERE x.patient_id = ${p} AND x.status = 'completed') ORDER BY r.id LIMIT 1;`,
    ensure('allergy', 'patient_id, substance, reaction, severity, registered_by, unit_id, registered_at', `${p}, 'Nøtter', 'Elveblest', 'moderate', ${s}, ${u}, ${T}`),
    ensure('health_issue', 'patient_id, diagnosis, icd10, since, chronic, registered_by, unit_id, registered_at', `${p}, 'Astma', 'J45', '2020-01-01', 1, ${s}, ${u}, ${T}`),
    ensure('care_team_member', 'patient_id, staff_id, unit_id, role, since, added_by, added_at', `${p}, ${s}, ${u}, 'follow_up', '2026-01-01', ${s}, ${T}`),
    ensure('vaccination', 'patient_id, atc_code, vaccine_name, given_on, dose, imported_at', `${p}, 'J07BB02', 'Influensavaksine', '2025-10-20', 1, ${T}`),
    ensure('referral', 'patient_id, from_unit_id, to_unit_id, referred_by, sent_on, status, status_at, created_at', `${p}, ${u}, ${uid('stolav-medisinsk')}, ${s}, '2026-11-01', 'sent', ${T}, ${T}`),
  ].join('\n');
}

// A staff patient's work items in their unit's queues: a renewal request, an
// allergy request, two results awaiting review, an application for access.
function queueItems(who, applicant, relation) {
  const [unit, clin] = HOME[who];
  const p = pid(who), s = sid(clin), u = uid(unit);
  return `
INSERT INTO medication (patient_id, name, strength, dosage, prescriber_id, unit_id, start_date, created_at) VALUES (${p}, 'Omeprazol', '20 mg', '1 kapsel om morgenen', ${s}, ${u}, '2026-02-01', ${T});
INSERT INTO medication_renewal (medication_id, patient_id, unit_id, requested_by, message, status, created_at) VALUES ((SELECT MAX(id) FROM medication WHERE patient_id = ${p} AND name = 'Omeprazol'), ${p}, ${u}, ${p}, 'Trenger ny resept.', 'sent', ${T});
INSERT INTO allergy_request (patient_id, requested_by, unit_id, substance, reaction, created_at, status) VALUES (${p}, ${p}, ${u}, 'Lateks', 'Utslett på hendene', ${T}, 'open');
INSERT INTO test_result (patient_id, type_id, value, unit, taken_on, entered_by, entered_at, unit_id, status) VALUES (${p}, (SELECT id FROM result_type WHERE code = 'hba1c'), '48', 'mmol/mol', '2026-11-15', ${s}, ${T}, ${u}, 'entered');
INSERT INTO test_result (patient_id, type_id, value, unit, taken_on, entered_by, entered_at, unit_id, status) VALUES (${p}, (SELECT id FROM result_type WHERE code = 'hba1c'), '51', 'mmol/mol', '2026-11-16', ${s}, ${T}, ${u}, 'entered');
INSERT INTO capacity_application (applicant_id, person_id, relation, statement, document_type, document_base64, submitted_at, status) VALUES (${pid(applicant)}, ${p}, '${relation}', 'Trenger hjelp til å ivareta egne interesser.', 'application/pdf', 'JVBERi0xLjQK', ${T}, 'pending');
INSERT INTO record_access_request (patient_id, unit_id, requested_by, parts, from_date, to_date, for_guardian, status, created_at, due_date) VALUES (${p}, ${u}, ${p}, 'visits', '2026-01-01', '2026-11-20', 0, 'received', ${T}, '2026-12-22');`;
}

// Municipal services (K1, K2, D1): each record's draft, a submitted application and a letter; a request for access to the record (D2).
function serviceItems(who) {
  const p = pid(who), svc = '(SELECT MIN(id) FROM municipal_service)', unit = '(SELECT unit_id FROM municipal_service ORDER BY id LIMIT 1)';
  return `
INSERT INTO service_application (patient_id, service_id, unit_id, status, created_by, created_at) VALUES (${p}, ${svc}, ${unit}, 'draft', ${p}, ${T});
INSERT INTO service_application (patient_id, service_id, unit_id, status, created_by, created_at, submitted_at, submitted_by) VALUES (${p}, ${svc}, ${unit}, 'submitted', ${p}, ${T}, ${T}, ${p});
INSERT INTO citizen_document (patient_id, unit_id, application_id, kind, letter, created_at) VALUES (${p}, ${unit}, (SELECT MAX(id) FROM service_application WHERE patient_id = ${p}), 'receipt', '{"heading":"Kvittering for matrisen","sections":[]}', ${T});
INSERT INTO record_access_request (patient_id, unit_id, requested_by, parts, from_date, to_date, for_guardian, status, created_at, due_date) SELECT ${p}, MIN(unit_id), ${p}, 'visits', '2026-01-01', '2026-11-20', 0, 'received', ${T}, '2026-12-22' FROM patient_unit WHERE person_id = ${p} HAVING MIN(unit_id) IS NOT NULL;`;
}

const WORLD = [
  'BEGIN;',
  ...Object.keys(HOME).map(ensureRecord),
  ...Object.keys(HOME).map(serviceItems),
  queueItems('marius', 'silje', 'spouse'),
  queueItems('emma', 'silje', 'child'),
  queueItems('astrid', 'elisabeth', 'child'),
  // Someone else's representation, for the probes of /access/:id/end: Hanne acts for her daughter Ida.
  `INSERT INTO representation (representative_id, represented_id, basis, kind, valid_from, created_at, created_by) VALUES (${pid('hanne')}, ${pid('ida')}, 'parent', 'full', '2026-11-01', ${T}, ${pid('hanne')});`,
  // An open change request about the first booked appointment of each staff actor's patient (W3).
  ...['marius', 'emma', 'astrid'].map((who) => `INSERT INTO appointment_request (appointment_id, patient_id, unit_id, kind, message, status, created_by, created_at)
 SELECT a.id, a.patient_id, a.unit_id, 'change', 'Kan vi ta en annen dag?', 'open', a.patient_id, ${T} FROM appointment a
 WHERE a.id = (SELECT MIN(b.id) FROM appointment b WHERE b.patient_id = ${pid(who)} AND b.status = 'booked');`),
  // P4: each subject gets an appointment of its own on its unit's short-notice list (the type of its first
  // booked appointment, on a slot of its own on 30 December) and two open offers of slots added for it
  // (28 December), plus a later free slot (31 December). The P3 cells change and cancel the FIRST
  // appointment and move it to the latest free slot: never the appointment or the slots offered here
  // (were they the same, those cells would withdraw the offers before the P4 cells answer them: 409).
  // Times are off the 5-minute grid and per person: no clash with generated slots or with one another.
  ...Object.keys(HOME).map((who) => {
    const f = `(SELECT b.unit_id AS u, b.visit_type_id AS t, (SELECT MIN(vc.staff_id) FROM visit_type_clinician vc WHERE vc.visit_type_id = b.visit_type_id) AS st
 FROM appointment b JOIN visit_type bv ON bv.id = b.visit_type_id WHERE b.id = (SELECT MIN(c.id) FROM appointment c JOIN visit_type cv ON cv.id = c.visit_type_id
 WHERE c.patient_id = ${pid(who)} AND c.status = 'booked' AND cv.category <> 'home_care_visit'))`;
    const at = (base, k) => `${base} + ${pid(who)} * 600 + ${k} * 120 + 7`;
    const slot = (base, k) => `INSERT INTO slot (unit_id, staff_id, start_at, end_at, visit_type_id) SELECT f.u, f.st, ${at(base, k)}, ${at(base, k)} + 60, f.t FROM ${f} f;`;
    return [
      slot(1798588800, 0), // the appointment's slot
      `INSERT INTO appointment (patient_id, unit_id, slot_id, visit_type_id, status, booked_by, created_at, start_at, end_at)
 SELECT ${pid(who)}, f.u, s.id, f.t, 'booked', ${pid(who)}, ${T}, s.start_at, s.end_at FROM ${f} f JOIN slot s ON s.staff_id = f.st AND s.start_at = ${at(1798588800, 0)};`,
      slot(1798416000, 0), slot(1798416000, 1), slot(1798675200, 0),
      `INSERT INTO short_notice (unit_id, patient_id, appointment_id, joined_at)
 SELECT a.unit_id, a.patient_id, a.id, ${T} FROM appointment a WHERE a.id = (SELECT MAX(b.id) FROM appointment b WHERE b.patient_id = ${pid(who)} AND b.status = 'booked');`,
      `INSERT INTO short_notice_offer (unit_id, slot_id, entry_id, appointment_id, patient_id, status, created_at, deadline, slot_start, slot_end)
 SELECT e.unit_id, s.id, e.id, e.appointment_id, e.patient_id, 'open', ${T}, 1798329600 /* 27 December: after every actor's clock (the latest is 30 November) */, s.start_at, s.end_at
 FROM short_notice e, ${f} f, slot s WHERE e.patient_id = ${pid(who)} AND e.joined_at = ${T} AND s.staff_id = f.st AND s.start_at IN (${at(1798416000, 0)}, ${at(1798416000, 1)});`,
    ].join('\n');
  }),
  // W2: a closure of every unit far ahead (1 February 2027), for the closure cells.
  `INSERT INTO schedule_closure (unit_id, starts_at, ends_at, created_by, created_at)
 SELECT u.id, 1801465200, 1801468800, (SELECT MIN(id) FROM staff), ${T} FROM unit u;`,
  // P5: each subject gets a video consultation open through every actor's clock (from 22 November 10:15
  // plus a per-person offset, until 1 December), with its call: the host is the clinician of the subject's
  // first booked appointment, the patient already let in (a join keeps them in, so the message cells have a
  // member to signal as).
  ...Object.keys(HOME).map((who) => {
    const p = pid(who);
    const f = `(SELECT b.unit_id AS u, b.visit_type_id AS t, bs.staff_id AS st FROM appointment b JOIN slot bs ON bs.id = b.slot_id
 WHERE b.id = (SELECT MIN(c.id) FROM appointment c JOIN visit_type cv ON cv.id = c.visit_type_id
 WHERE c.patient_id = ${p} AND c.status = 'booked' AND cv.category <> 'home_care_visit'))`;
    const start = `1795341600 + 900 + ${p}`, end = '1796083200';
    const appt = `(SELECT MAX(a.id) FROM appointment a WHERE a.patient_id = ${p})`;
    return [
      `INSERT INTO slot (unit_id, staff_id, start_at, end_at, visit_type_id) SELECT f.u, f.st, ${start}, ${end}, f.t FROM ${f} f;`,
      `INSERT INTO appointment (patient_id, unit_id, slot_id, visit_type_id, status, booked_by, created_at, start_at, end_at)
 SELECT ${p}, f.u, s.id, f.t, 'booked', ${p}, ${T}, s.start_at, s.end_at FROM ${f} f JOIN slot s ON s.staff_id = f.st AND s.start_at = ${start};`,
      `INSERT INTO video_call (kind, unit_id, appointment_id, host_staff_id, starts_at, ends_at, created_at)
 SELECT 'appointment', f.u, ${appt}, f.st, ${start}, ${end}, ${T} FROM ${f} f;`,
      `INSERT INTO video_member (call_id, role, staff_id) SELECT c.id, 'host', c.host_staff_id FROM video_call c WHERE c.appointment_id = ${appt};`,
      `INSERT INTO video_member (call_id, role, patient_id, state) SELECT c.id, 'patient', ${p}, 'admitted' FROM video_call c WHERE c.appointment_id = ${appt};`,
    ].join('\n');
  }),
  // P5 calls of their own: each subject is invited to a group call at the unit of their first appointment, made
  // by its clinician, open through every actor's clock like the consultation above, with every clinician of the
  // subject's units invited too.
  ...Object.keys(HOME).map((who) => {
    const p = pid(who);
    const f = `(SELECT b.unit_id AS u, bs.staff_id AS st FROM appointment b JOIN slot bs ON bs.id = b.slot_id
 WHERE b.id = (SELECT MIN(c.id) FROM appointment c JOIN visit_type cv ON cv.id = c.visit_type_id
 WHERE c.patient_id = ${p} AND c.status = 'booked' AND cv.category <> 'home_care_visit'))`;
    const last = "(SELECT MAX(x.id) FROM video_call x WHERE x.kind = 'group')";
    return [
      `INSERT INTO video_call (kind, unit_id, host_staff_id, title, starts_at, ends_at, created_at)
 SELECT 'group', f.u, f.st, 'Matrise-gruppe', 1795341600 + 900 + ${p}, 1796083200, ${T} FROM ${f} f;`,
      `INSERT INTO video_member (call_id, role, staff_id) SELECT c.id, 'host', c.host_staff_id FROM video_call c WHERE c.id = ${last};`,
      `INSERT INTO video_member (call_id, role, staff_id) SELECT DISTINCT c.id, 'clinician', su.staff_id FROM video_call c, staff_unit su
 JOIN patient_unit pu ON pu.unit_id = su.unit_id WHERE c.id = ${last} AND pu.person_id = ${p} AND su.role = 'clinician' AND su.staff_id <> c.host_staff_id;`,
      `INSERT INTO video_member (call_id, role, patient_id) SELECT c.id, 'patient', ${p} FROM video_call c WHERE c.id = ${last};`,
    ].join('\n');
  }),
  // M1-M4: a conversation of each subject with each unit they are a patient of, a message from the unit
  // that may be answered, and a PDF attached (conversations belong to one unit: staff reach theirs only).
  `INSERT INTO conversation (patient_id, unit_id, topic, subject, reply_allowed, status, created_at, last_at)
 SELECT pu.person_id, pu.unit_id, 'other', 'Matrise', 1, 'open', ${T}, ${T} FROM patient_unit pu WHERE pu.person_id IN (${Object.keys(HOME).map(pid).join(', ')});
INSERT INTO message (conversation_id, patient_id, author_id, author_role, for_unit, reply_allowed, body, created_at)
 SELECT v.id, v.patient_id, ${pid('ingrid')}, 'staff', 1, 1, 'Hei fra enheten.', ${T} FROM conversation v WHERE v.subject = 'Matrise';
INSERT INTO message_attachment (message_id, conversation_id, patient_id, content_type, name, size, data_base64, created_at)
 SELECT m.id, m.conversation_id, m.patient_id, 'application/pdf', 'matrise.pdf', 9, '', ${T} FROM message m JOIN conversation v ON v.id = m.conversation_id WHERE v.subject = 'Matrise';`,
  // U1: an open support case of each subject at each unit they are a patient of.
  `INSERT INTO support_case (patient_id, author_id, unit_id, kind, body, status, created_at)
 SELECT pu.person_id, pu.person_id, pu.unit_id, 'content', 'Matrise-sak', 'open', ${T} FROM patient_unit pu WHERE pu.person_id IN (${Object.keys(HOME).map(pid).join(', ')});`,
  // U1: and a request to correct, sent on to the unit's clinicians (hpl. §§ 42-44).
  `INSERT INTO support_case (patient_id, author_id, unit_id, kind, body, status, created_at, forwarded_at)
 SELECT pu.person_id, pu.person_id, pu.unit_id, 'correct', 'Matrise-retting', 'open', ${T}, ${T} FROM patient_unit pu WHERE pu.person_id IN (${Object.keys(HOME).map(pid).join(', ')});`,
  // #17: Marius's letter given up on the way to the national portal (the admin actor's patient): the operator's retry.
  `INSERT INTO letter_delivery (document_id, adapter, status, attempts, created_at, next_attempt_at, last_error)
 SELECT MAX(id), 'health_portal', 'dead', 10, ${T}, ${T}, 'matrise' FROM citizen_document WHERE patient_id = ${pid('marius')};`,
  'COMMIT;',
].join('\n');

// Each object kind: the SQL for the row of owner {P} (a person id) — id, the
// text a page shows for it, an extra value — and, for the actor {A}.
// P2: a visit type the person may book themself (self-booking unit where they are a patient, self-bookable type).
const BOOKABLE = `x.active = 1 AND x.self_bookable = 1 AND x.category <> 'home_care_visit' AND x.unit_id IN (SELECT pu.unit_id FROM patient_unit pu JOIN unit u ON u.id = pu.unit_id WHERE pu.person_id = {P} AND u.self_booking = 1)`;
const NOW_S = 1795341600; // NOW in seconds
const FULL = (alias) => `${alias}.given_name || ' ' || ${alias}.family_name`;
const CONVERSATION = `SELECT x.id, x.subject, '' FROM conversation x WHERE x.patient_id = {P} AND x.subject = 'Matrise'
    ORDER BY CASE WHEN x.unit_id IN (SELECT su.unit_id FROM staff_unit su JOIN staff s ON s.id = su.staff_id WHERE s.person_id = {A}) THEN 0 ELSE 1 END, x.id`;
const FIRST_UNIT = `SELECT x.unit_id FROM appointment x JOIN visit_type v ON v.id = x.visit_type_id WHERE x.patient_id = {P} AND x.status = 'booked' AND v.category <> 'home_care_visit' ORDER BY x.id LIMIT 1`;
const FIND = {
  medication: `SELECT x.id, x.name, '' FROM medication x WHERE x.patient_id = {P} AND ${VISIBLE.medication} ORDER BY x.id`,
  result: `SELECT x.id, t.name_nb, '' FROM test_result x JOIN result_type t ON t.id = x.type_id WHERE x.patient_id = {P} AND ${VISIBLE.test_result} ORDER BY x.id`,
  visit: `SELECT x.id, substr(x.summary, 1, 24), '' FROM visit x WHERE x.patient_id = {P} AND ${VISIBLE.visit} ORDER BY x.id`,
  visit_unshared: `SELECT x.id, substr(x.summary, 1, 24), '' FROM visit x WHERE x.patient_id = {P} AND ${VISIBLE.visit} AND x.note_status <> 'shared' ORDER BY x.id`,
  questionnaire: `SELECT x.id, q.title_nb, CAST(x.revision AS TEXT) FROM questionnaire_request x JOIN questionnaire q ON q.id = x.questionnaire_id WHERE x.patient_id = {P} AND ${VISIBLE.questionnaire_request} ORDER BY x.id`,
  questionnaire_file: `SELECT t.id, t.name, '' FROM questionnaire_attachment t WHERE t.request_id = (SELECT x.id FROM questionnaire_request x WHERE x.patient_id = {P} AND ${VISIBLE.questionnaire_request} ORDER BY x.id LIMIT 1)`,
  questionnaire_done: `SELECT x.id, '', '' FROM questionnaire_request x WHERE x.patient_id = {P} AND x.status = 'completed' ORDER BY x.id`,
  questionnaire_done_file: `SELECT t.id, t.name, '' FROM questionnaire_attachment t WHERE t.request_id = (SELECT x.id FROM questionnaire_request x WHERE x.patient_id = {P} AND x.status = 'completed' ORDER BY x.id LIMIT 1)`,
  allergy: `SELECT x.id, x.substance, '' FROM allergy x WHERE x.patient_id = {P} AND ${VISIBLE.allergy} ORDER BY x.id`,
  issue: `SELECT x.id, x.diagnosis, '' FROM health_issue x WHERE x.patient_id = {P} AND ${VISIBLE.health_issue} ORDER BY x.id`,
  care_team: `SELECT x.id, ${FULL('sp')}, '' FROM care_team_member x JOIN staff s ON s.id = x.staff_id JOIN person sp ON sp.id = s.person_id WHERE x.patient_id = {P} AND ${VISIBLE.care_team_member} ORDER BY x.id`,
  vaccine: `SELECT x.id, x.vaccine_name, '' FROM vaccination x WHERE x.patient_id = {P} AND ${VISIBLE.vaccination} ORDER BY x.id`,
  referral: `SELECT x.id, u.name, '' FROM referral x JOIN unit u ON u.id = x.to_unit_id WHERE x.patient_id = {P} AND ${VISIBLE.referral} ORDER BY x.id`,
  renewal: `SELECT x.id, m.name, '' FROM medication_renewal x JOIN medication m ON m.id = x.medication_id WHERE x.patient_id = {P} AND x.status = 'sent' ORDER BY x.id`,
  allergy_request: `SELECT x.id, x.substance, '' FROM allergy_request x WHERE x.patient_id = {P} AND x.status = 'open' ORDER BY x.id`,
  result_awaiting: `SELECT x.id, t.name_nb, '' FROM test_result x JOIN result_type t ON t.id = x.type_id WHERE x.patient_id = {P} AND x.status = 'entered' ORDER BY x.id`,
  result_to_release: `SELECT x.id, t.name_nb, '' FROM test_result x JOIN result_type t ON t.id = x.type_id WHERE x.patient_id = {P} AND x.status = 'entered' ORDER BY x.id DESC`,
  application: `SELECT x.id, ${FULL('ap')}, '' FROM capacity_application x JOIN person ap ON ap.id = x.applicant_id WHERE x.person_id = {P} AND x.status = 'pending' ORDER BY x.id`,
  appointment: `SELECT x.id, v.name_nb, '' FROM appointment x JOIN visit_type v ON v.id = x.visit_type_id WHERE x.patient_id = {P} AND x.status = 'booked' AND v.category <> 'home_care_visit' ORDER BY x.id`,
  appointment_slot: `SELECT x.slot_id, '', '' FROM appointment x JOIN visit_type v ON v.id = x.visit_type_id WHERE x.patient_id = {P} AND x.status = 'booked' AND v.category <> 'home_care_visit' ORDER BY x.id`,
  schedule_unit: `SELECT x.unit_id, u.name, '' FROM appointment x JOIN unit u ON u.id = x.unit_id JOIN visit_type v ON v.id = x.visit_type_id WHERE x.patient_id = {P} AND x.status = 'booked' AND v.category <> 'home_care_visit' ORDER BY x.id`,
  // W2: a visit type and a template line of the unit of the subject's first appointment.
  schedule_type: `SELECT v.id, v.name_nb, '' FROM visit_type v WHERE v.unit_id = (${FIRST_UNIT}) ORDER BY v.id`,
  schedule_line: `SELECT t.id, '', '' FROM schedule_template t WHERE t.unit_id = (${FIRST_UNIT}) ORDER BY t.id`,
  schedule_closure: `SELECT k.id, '', '' FROM schedule_closure k WHERE k.unit_id = (${FIRST_UNIT}) ORDER BY k.id`,
  appt_request: `SELECT x.id, '', '' FROM appointment_request x WHERE x.patient_id = {P} AND x.status = 'open' ORDER BY x.id`,
  // A free slot the subject's first appointment may move to: same unit, fitting its type, the latest (book_slot takes the earliest).
  change_slot: `SELECT s.id, '', '' FROM slot s, (SELECT x.unit_id AS u, x.visit_type_id AS t FROM appointment x JOIN visit_type v ON v.id = x.visit_type_id
    WHERE x.patient_id = {P} AND x.status = 'booked' AND v.category <> 'home_care_visit' ORDER BY x.id LIMIT 1) f
    WHERE s.unit_id = f.u AND s.blocked = 0 AND s.start_at > ${NOW_S} AND NOT EXISTS (SELECT 1 FROM appointment a WHERE a.slot_id = s.id AND a.status = 'booked')
    AND (s.visit_type_id IS NULL OR s.visit_type_id = f.t) AND EXISTS (SELECT 1 FROM visit_type_clinician vc WHERE vc.staff_id = s.staff_id AND vc.visit_type_id = f.t)
    ORDER BY s.start_at DESC, s.id`,
  offer: `SELECT x.id, '', '' FROM short_notice_offer x WHERE x.patient_id = {P} AND x.status = 'open' ORDER BY x.id`,
  offer_other: `SELECT x.id, '', '' FROM short_notice_offer x WHERE x.patient_id = {P} AND x.status = 'open' ORDER BY x.id DESC`,
  book_type: `SELECT x.id, x.name_nb, '' FROM visit_type x WHERE ${BOOKABLE} ORDER BY x.id`,
  book_unit: `SELECT x.unit_id, '', '' FROM visit_type x WHERE ${BOOKABLE} ORDER BY x.id`,
  book_slot: `SELECT s.id, '', '' FROM slot s WHERE s.unit_id = (SELECT x.unit_id FROM visit_type x WHERE ${BOOKABLE} ORDER BY x.id LIMIT 1)
    AND s.blocked = 0 AND s.start_at > ${NOW_S} AND NOT EXISTS (SELECT 1 FROM appointment a WHERE a.slot_id = s.id AND a.status = 'booked')
    AND (s.visit_type_id IS NULL OR s.visit_type_id = (SELECT x.id FROM visit_type x WHERE ${BOOKABLE} ORDER BY x.id LIMIT 1))
    AND EXISTS (SELECT 1 FROM visit_type_clinician vc WHERE vc.staff_id = s.staff_id AND vc.visit_type_id = (SELECT x.id FROM visit_type x WHERE ${BOOKABLE} ORDER BY x.id LIMIT 1))
    ORDER BY s.start_at, s.id`,
  // P5: the subject's video consultation (the world's, with its call), the call and the patient's member on it.
  video_appointment: `SELECT x.appointment_id, v.name_nb, '' FROM video_call x JOIN appointment a ON a.id = x.appointment_id JOIN visit_type v ON v.id = a.visit_type_id WHERE a.patient_id = {P} AND a.status = 'booked' ORDER BY x.id`,
  video_call: `SELECT x.call_id, '', '' FROM video_member x JOIN video_call c ON c.id = x.call_id WHERE x.patient_id = {P} AND c.kind = 'appointment' ORDER BY x.call_id`,
  video_patient_member: `SELECT x.id, '', '' FROM video_member x JOIN video_call c ON c.id = x.call_id WHERE x.patient_id = {P} AND c.kind = 'appointment' ORDER BY x.call_id`,
  group_call: `SELECT x.id, x.title, '' FROM video_call x WHERE x.kind = 'group' AND x.title = 'Matrise-gruppe' AND EXISTS (SELECT 1 FROM video_member m WHERE m.call_id = x.id AND m.patient_id = {P})`,
  person: `SELECT x.id, ${FULL('x')}, x.family_name FROM person x WHERE x.id = {P}`,
  // M1-M4: the subject's conversation, for staff one at a unit they work at when there is one.
  conversation: CONVERSATION,
  message_attachment: `SELECT a.id, a.name, '' FROM message_attachment a WHERE a.conversation_id = (SELECT c.id FROM (${CONVERSATION} LIMIT 1) c)`,
  // U1: the subject's open case, for staff one at a unit they work at when there is one.
  support_case: `SELECT x.id, x.body, '' FROM support_case x WHERE x.patient_id = {P} AND x.body = 'Matrise-sak' AND x.status = 'open'
    ORDER BY CASE WHEN x.unit_id IN (SELECT su.unit_id FROM staff_unit su JOIN staff s ON s.id = su.staff_id WHERE s.person_id = {A}) THEN 0 ELSE 1 END, x.id`,
  // U1: the subject's forwarded correction, for staff one at a unit where they are a clinician when there is one.
  correction: `SELECT x.id, x.body, '' FROM support_case x WHERE x.patient_id = {P} AND x.body = 'Matrise-retting' AND x.status = 'open'
    ORDER BY CASE WHEN x.unit_id IN (SELECT su.unit_id FROM staff_unit su JOIN staff s ON s.id = su.staff_id WHERE s.person_id = {A} AND su.role = 'clinician') THEN 0 ELSE 1 END, x.id`,
  service: `SELECT x.id, x.title_nb, '' FROM municipal_service x WHERE x.active = 1 ORDER BY x.id`,
  service_app: `SELECT x.id, s.title_nb, CAST(x.revision AS TEXT) FROM service_application x JOIN municipal_service s ON s.id = x.service_id WHERE x.patient_id = {P} AND x.status = 'draft' ORDER BY x.id`,
  case: `SELECT x.id, s.title_nb, '' FROM service_application x JOIN municipal_service s ON s.id = x.service_id WHERE x.patient_id = {P} AND x.status = 'submitted' ORDER BY x.id`,
  // K1: the file on the subject's draft, and on their submitted application.
  service_file: `SELECT t.id, t.name, '' FROM service_attachment t WHERE t.application_id = (SELECT x.id FROM service_application x WHERE x.patient_id = {P} AND x.status = 'draft' ORDER BY x.id LIMIT 1)`,
  case_file: `SELECT t.id, t.name, '' FROM service_attachment t WHERE t.application_id = (SELECT x.id FROM service_application x WHERE x.patient_id = {P} AND x.status = 'submitted' ORDER BY x.id LIMIT 1)`,
  document: `SELECT x.id, 'Kvittering for matrisen', '' FROM citizen_document x WHERE x.patient_id = {P} AND x.letter LIKE '%matrisen%' ORDER BY x.id`,
  // #17: a letter's delivery to the national portal given up (WORLD), which the operator may put back in line.
  dead_letter: `SELECT l.id, '', '' FROM letter_delivery l JOIN citizen_document x ON x.id = l.document_id WHERE x.patient_id = {P} AND l.status = 'dead' ORDER BY l.id`,
  record_access: `SELECT x.id, '', '' FROM record_access_request x WHERE x.patient_id = {P} AND x.status = 'received' ORDER BY x.id DESC`, // newest first: a staff patient's request to their home unit (queueItems) comes after the record's own
  // The actor's own representation (either side), open; someone else's for the probes.
  representation: `SELECT x.id, '', '' FROM representation x WHERE (x.representative_id = {A} OR x.represented_id = {A}) AND x.ended_at IS NULL ORDER BY x.id DESC`,
  foreign_representation: `SELECT x.id, '', '' FROM representation x WHERE x.representative_id <> {A} AND x.represented_id <> {A} AND x.ended_at IS NULL ORDER BY x.id`,
};

// objects[owner][kind] = {id, text, extra}, for each owner (a demo name).
function lookUp(db, owners, actor) {
  const parts = [];
  for (const o of owners) {
    for (const [k, q] of Object.entries(FIND)) {
      const body = q.replaceAll('{P}', pid(o)).replaceAll('{A}', actor ? pid(actor) : '0');
      parts.push(`SELECT '${o}', '${k}', y.* FROM (${body} LIMIT 1) y`);
    }
  }
  const out = Object.fromEntries(owners.map((o) => [o, {}]));
  for (const [o, k, id, text, extra] of sql(db, parts.join('\nUNION ALL\n'))) out[o][k] = { id, text, extra };
  return out;
}

// ---- actors -----------------------------------------------------------------------------
async function grant(srv, from, to, kind, extra = {}) {
  const b = await loginAs(srv, P[from], { headers: { 'x-helsami-now': NOW } });
  await b.get('/access/grant');
  const r = await b.post('/access/grant', { nin: P[to], family_name: NAME[to].split(' ').pop(), kind, valid_until: '', confirm: '1', ...extra });
  assert.equal(r.status, 303, `grant ${from} -> ${to}`);
  return b;
}

async function parent(srv, who, child, now = NOW, want = 303) {
  const b = await loginAs(srv, P[who], { headers: { 'x-helsami-now': now } });
  await b.get('/access/parent');
  const r = await b.post('/access/parent', { nin: P[child] });
  assert.equal(r.status, want, `${who} applies for ${child}`);
  return r;
}

// R4: the relative applies with a certificate; a reviewer at one of the
// person's units takes the case and grants it.
async function capacityGranted(srv, db) {
  const b = await loginAs(srv, P.bjorn, { headers: { 'x-helsami-now': NOW } });
  await b.get('/access/capacity');
  const form = new FormData();
  form.set('csrf', b.csrf); form.set('nin', P.astrid); form.set('family_name', 'Johansen'); form.set('relation', 'child'); form.set('statement', 'Demens.');
  form.set('document', new Blob([Buffer.from('%PDF-1.4\n')], { type: 'application/pdf' }), 'c.pdf');
  assert.equal((await b.request('/access/capacity', { method: 'POST', body: form, headers: { origin: srv.url } })).status, 303);
  const [[id]] = sql(db, `SELECT id FROM capacity_application WHERE applicant_id = ${pid('bjorn')} AND status = 'pending'`);
  const reviewer = await loginAs(srv, P.ahmed, { staff: true, headers: { 'x-helsami-now': NOW } });
  assert.equal((await reviewer.post(`/staff/representation/${id}/take`)).status, 303);
  assert.equal((await reviewer.post(`/staff/representation/${id}/decide`, { decision: 'grant', valid_until: '2030-01-01' })).status, 303);
}

const REFUSED = /Vi kunne ikke gi deg tilgang|kan ikke|ikke gi/;

// Citizen actors: who logs in, whose record they open (actFor) and with which
// access ('own' or an access kind), or whose record they try to open and are
// refused (tryFor: the session stays on their own record).
// Staff actors: roles held anywhere, the roles held at their patient's units,
// a patient outside their units (outside) and one whose items must not be
// reachable through their patient's pages (itemOf).
const actors = [
  { name: 'anonymous', kind: 'anonymous' },
  { name: 'citizen, own record', login: 'marius', access: 'own', other: 'silje', setup: (s) => grant(s, 'marius', 'silje', 'health_read') },
  { name: 'parent of a child under 12', login: 'marius', actFor: 'emma', access: 'full', setup: (s) => parent(s, 'marius', 'emma') },
  { name: 'parent of a child of 12-15', login: 'marius', actFor: 'jonas', access: 'full', setup: (s) => parent(s, 'marius', 'jonas') },
  { name: 'parent at 23:59 the day before the 16th birthday', now: '2026-11-30T22:59:00Z', login: 'silje', actFor: 'nora', access: 'full', setup: (s) => parent(s, 'silje', 'nora', '2026-11-30T11:00:00Z') },
  { name: 'parent at 00:00 on the 16th birthday (access gone)', now: '2026-11-30T23:00:00Z', login: 'silje', tryFor: 'nora', access: 'own', setup: (s) => parent(s, 'silje', 'nora', '2026-11-30T11:00:00Z') },
  {
    name: 'foster parent (refused)', login: 'geir', tryFor: 'sofie', access: 'own',
    setup: async (s) => assert.match((await parent(s, 'geir', 'sofie', NOW, 403)).text, /ds-alert/), // R2 "Foster parents are refused"
  },
  { name: 'parent at another address than the child', login: 'thomas', actFor: 'ida', access: 'full', setup: (s) => parent(s, 'thomas', 'ida') },
  ...['full', 'health_read', 'appointments_messages'].map((kind) => ({
    name: `power of attorney: ${kind}`, login: 'bjorn', actFor: 'elisabeth', access: kind, setup: (s) => grant(s, 'elisabeth', 'bjorn', kind),
  })),
  {
    // Withdrawn while the representative's session is open: it counts from the next request (ASVS 8.3.2).
    name: 'power of attorney withdrawn during the session', login: 'bjorn', actFor: 'elisabeth', access: 'own', setup: (s) => grant(s, 'elisabeth', 'bjorn', 'full'),
    afterLogin: async (s) => {
      const giver = await loginAs(s, P.elisabeth, { headers: { 'x-helsami-now': NOW } });
      const id = (await giver.get('/access')).text.match(/action="\/access\/(\d+)\/end"/)[1];
      assert.equal((await giver.post(`/access/${id}/end`)).status, 303);
    },
  },
  { name: 'power of attorney expired (00:00 after its last day)', now: '2026-11-25T23:00:00Z', login: 'bjorn', tryFor: 'elisabeth', access: 'own', setup: (s) => grant(s, 'elisabeth', 'bjorn', 'full', { valid_until: '2026-11-25' }) },
  { name: 'approved guardian of an adult lacking capacity', login: 'bjorn', actFor: 'astrid', access: 'full', setup: (s, db) => capacityGranted(s, db) },
  {
    name: 'citizen with a confidential address (cannot act for her son)', login: 'camilla', tryFor: 'oskar', access: 'own',
    setup: async (s) => assert.match((await parent(s, 'camilla', 'oskar', NOW, 403)).text, /ds-alert/), // "can neither represent nor be represented"
  },
  { name: 'staff: clinician', kind: 'staff', login: 'ingrid', roles: ['clinician'], patient: 'marius', at: ['clinician'], outside: 'astrid' },
  { name: 'staff: office', kind: 'staff', login: 'marte', roles: ['office'], patient: 'marius', at: ['office'], outside: 'astrid' },
  { name: 'staff: caseworker', kind: 'staff', login: 'per', roles: ['caseworker'], patient: 'astrid', at: ['caseworker'], outside: 'marius' },
  { name: 'staff: support', kind: 'staff', login: 'sara', roles: ['support'], patient: 'marius', at: ['support'] },
  { name: 'staff: admin', kind: 'staff', login: 'tor', roles: ['admin'], patient: 'marius', at: ['admin'] },
  { name: 'staff: office at the patient\'s unit, clinician elsewhere', kind: 'staff', login: 'hilde', roles: ['office', 'clinician'], patient: 'marius', at: ['office'], outside: 'astrid' },
  { name: 'staff: clinician at one of the patient\'s units, office at another', kind: 'staff', login: 'hilde', roles: ['office', 'clinician'], patient: 'emma', at: ['office', 'clinician'], outside: 'astrid', itemOf: 'marius' },
  { name: 'staff: clinician, patient outside their units', kind: 'staff', login: 'ingrid', roles: ['clinician'], patient: 'astrid', at: [], itemOf: 'marius' },
  {
    name: 'staff: clinician under declared emergency access', kind: 'staff', login: 'ingrid', roles: ['clinician'], patient: 'astrid', at: [], emergency: true, itemOf: 'marius',
    afterLogin: async (s, b) => {
      await b.get('/staff/emergency');
      const r = await b.post('/staff/emergency', { nin: P.astrid, reason: 'Innlagt akutt, trenger legemiddellisten.' });
      assert.equal(r.status, 303, 'emergency access declared');
    },
  },
];

// ---- the oracle -------------------------------------------------------------------------
// A parameter is ":name" (an id) or "*name" (a static file's name).
const paramsOf = (r) => [...r.pattern.matchAll(/[:*]([a-z]+)/g)].map((m) => m[1]);
const patientBound = (r) => r.who.includes('staff') && !r.who.includes('anonymous') && paramsOf(r).length > 0;

// 'allowed', or the exact status a refusal must answer.
function expected(route, actor) {
  const c = CAPS[route.cap];
  if (c.public) return 'allowed';
  if (c.provider) return 401; // no actor of the portal holds a provider's secret
  if (actor.kind === 'anonymous') return 401;
  const kind = actor.kind === 'staff' ? 'staff' : 'citizen';
  if (!route.who.includes(kind)) return 403;
  if (kind === 'citizen') {
    if (actor.access === 'own') return c.own ? 'allowed' : 403;
    if (c.actor) return 'allowed';
    const k = (c.kinds || {})[actor.access];
    return k === true || (k === 'read' && route.method === 'GET') ? 'allowed' : 403;
  }
  const holds = (role) => (c.staff || []).includes(role);
  if (!actor.roles.some(holds)) return 403;
  if (!patientBound(route)) return 'allowed';
  if (actor.at.length) return actor.at.some(holds) ? 'allowed' : route.hidden ? 404 : 403;
  return actor.emergency && EMERGENCY_CAPS.includes(route.cap) && holds('clinician') ? 'allowed' : 404;
}

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const VALIDATION = /ds-error-summary|class="ds-alert" data-color="danger"/;
const UNKNOWN = '999999999';
// Objects an actor may have none of; then the cell uses someone else's (expecting 404).
const OPTIONAL = ['representation'];

function policyTests() {
  test('matrix: the route table is the policy\'s golden table', () => {
    const golden = new Map(ROUTES.map((r) => [key(r), r]));
    const problems = [];
    for (const r of live) {
      const g = golden.get(key(r));
      if (!g) { problems.push(`added: ${key(r)} (who ${r.who.join(',')}, ${r.cap_name})`); continue; }
      if ([...r.who].sort().join(',') !== [...g.who].sort().join(',')) problems.push(`changed: ${key(r)} is for ${r.who.join(',')}, the policy says ${g.who.join(',')}`);
      if (r.cap_name !== g.cap) problems.push(`changed: ${key(r)} serves ${r.cap_name}, the policy says ${g.cap}`);
    }
    const seen = new Set(live.map(key));
    for (const g of ROUTES) if (!seen.has(key(g))) problems.push(`removed: ${key(g)}`);
    assert.deepEqual(problems, [], 'the route table differs from tests/http/policy.mjs: update the policy deliberately, citing SPEC.md');
  });

  test('matrix: the policy is consistent', () => {
    const problems = [];
    for (const r of ROUTES) {
      const c = CAPS[r.cap];
      if (!c) { problems.push(`${key(r)}: no policy for ${r.cap}`); continue; }
      if (r.who.includes('anonymous') !== Boolean(c.public)) problems.push(`${key(r)}: anonymous routes serve PUBLIC, and only they`);
      if (r.who.includes('staff') && !c.public && !(c.staff || []).length) problems.push(`${key(r)}: a staff route whose capability no role holds`);
      if (r.who.includes('citizen') && !c.public && !c.own) problems.push(`${key(r)}: a citizen route whose capability no citizen holds`);
    }
    assert.deepEqual(problems, []);
  });
}

// Registers part `part` (0-based) of `parts` of the matrix: every parts-th
// actor from the part-th on, each on its own server; the policy's own checks
// with part 0. The matrix is split over files (matrix.test.mjs,
// matrix_2.test.mjs) so that each stays well within the runner's time limit
// per file on a busy machine.
export function matrixPart(part, parts) {
  if (part === 0) policyTests();
  let cells = 0, probes = 0;
  const failures = [];

  const mine = actors.filter((_, i) => i % parts === part);
  for (const actor of mine) {
    test(`matrix: ${actor.name}`, async () => {
      const db = seedDemo();
      sql(db, WORLD);
      // The attachment's and the certificates' bytes ("%PDF-1.4\n", stored as bytes since migrations 21 and 23):
      // a blob literal in each dialect.
      const pdf = db.url.startsWith('sqlite:') ? "X'255044462d312e340a'" : "decode('255044462d312e340a', 'hex')";
      sql(db, `UPDATE message_attachment SET data = ${pdf} WHERE name = 'matrise.pdf';`);
      sql(db, `UPDATE capacity_application SET document_data = ${pdf}, document_base64 = '' WHERE document_data IS NULL;`);
      // K1: a file on each of the world's applications (the draft's and the submitted one's).
      sql(db, `INSERT INTO service_attachment (application_id, patient_id, part, content_type, name, size, data, added_by, created_at)
        SELECT x.id, x.patient_id, 'application', 'application/pdf', 'matrise-vedlegg.pdf', 9, ${pdf}, x.patient_id, ${T} FROM service_application x;`);
      // Q1: a file answering each open questionnaire, and each submitted one (what a clinician may download).
      sql(db, `INSERT INTO questionnaire_attachment (request_id, patient_id, link_id, content_type, name, size, data, added_by, created_at)
        SELECT x.id, x.patient_id, 'matrise', 'application/pdf', 'matrise-skjema.pdf', 9, ${pdf}, x.patient_id, ${T} FROM questionnaire_request x WHERE x.status IN ('sent', 'in_progress', 'completed');`);
      const srv = await startServer({ db, args: NO_RATE_LIMITS });
      try {
        if (actor.setup) await actor.setup(srv, db);
        const headers = { 'x-helsami-now': actor.now || NOW };
        const staff = actor.kind === 'staff';
        const subject = staff ? actor.patient : actor.access === 'own' ? actor.login : actor.actFor;
        const other = staff ? actor.outside : actor.other || (subject === 'marius' ? 'silje' : 'marius');
        const itemOf = staff ? actor.itemOf || actor.outside : null;
        const owners = [...new Set([subject, other, itemOf, actor.actFor, actor.tryFor].filter(Boolean))];
        let objects = actor.kind === 'anonymous' ? {} : lookUp(db, owners, actor.login);
        const person = (who) => objects[who]?.person;

        let afterDone = false; // a representation withdrawn after the first login is refused at every later one
        const session = async () => {
          if (actor.kind === 'anonymous') {
            const anon = new Browser(srv.url, { headers });
            await anon.get('/login/testid'); // a form token, as a visitor's browser has
            return anon;
          }
          const nb = await loginAs(srv, P[actor.login], { staff, headers });
          const target = actor.actFor || actor.tryFor;
          if (target) {
            await nb.get('/access/choose');
            const may = Boolean(actor.actFor) && (actor.access !== 'own' || !afterDone);
            const r = await nb.post('/access/act', { person: person(target).id });
            assert.equal(r.status, may ? 303 : 404, `${actor.name}: ${may ? 'opens' : 'may not open'} ${target}'s record`);
          }
          return nb;
        };
        let b = await session();
        if (actor.afterLogin) {
          await actor.afterLogin(srv, b);
          objects = lookUp(db, owners, actor.login);
        }
        afterDone = true;
        // Whose record is open, as every page says (R6).
        if (!staff && actor.kind !== 'anonymous') {
          const home = await b.get('/');
          const acting = home.text.match(/journalen til <strong>([^<]+)/);
          const want = actor.access !== 'own' ? NAME[subject] : null;
          assert.equal(acting ? acting[1] : null, want, `${actor.name}: the record open`);
        }

        // The value of a form field or the object for a parameter, for an owner.
        const resolve = (name, owner) => {
          if (name === 'static_file') return { id: 'helsami.css', text: '' };
          if (name === 'patient' || name === 'subject') return person(owner);
          if (name === 'representation') return owner === subject ? objects[subject]?.representation : objects[subject]?.foreign_representation;
          return objects[owner]?.[name];
        };
        const formFor = (route, owner) => Object.fromEntries(Object.entries(route.form || {}).map(([k, v]) => {
          if (typeof v !== 'string' || !v.startsWith('@')) return [k, v];
          const n = v.slice(1);
          if (n === 'patient_family') return [k, person(owner)?.extra ?? ''];
          if (n === 'questionnaire_revision') return [k, resolve('questionnaire', owner)?.extra ?? '0'];
          if (n === 'service_app_revision') return [k, resolve('service_app', owner)?.extra ?? '0'];
          return [k, resolve(n, owner)?.id ?? ''];
        }));
        const pathFor = (route, owners) => route.pattern.replace(/[:*]([a-z]+)/g, (_, p) => {
          const o = owners[p] ?? subject;
          if (o === UNKNOWN) return UNKNOWN;
          return resolve(route.p?.[p] ?? 'x', o)?.id ?? UNKNOWN;
        });
        const send = async (route, path, owner) => {
          const res = route.method === 'GET' ? await b.get(path) : await b.post(path, formFor(route, owner));
          if (route.method === 'POST' && !route.last && actor.kind !== 'anonymous' && !b.sessionCookie()) b = await session(); // deactivation ended it
          return res;
        };

        const judgeAllowed = (route, res, owner) => {
          const ok = Array.isArray(route.status) ? route.status : route.status?.[actor.kind === 'staff' ? 'staff' : actor.kind === 'anonymous' ? 'anonymous' : 'citizen'];
          if (route.method === 'GET' || ok) {
            if (!(ok || [200]).includes(res.status)) return `${res.status}, want ${(ok || [200]).join('/')}`;
            if (res.status !== 200) return null;
            for (const s of route.shows || []) {
              if (s instanceof RegExp) { if (!s.test(res.text)) return `200 but the page lacks ${s}`; continue; }
              if (s.startsWith('/')) {
                // A link to the object: '/visits/@visit'.
                const link = s.replace(/@([a-z_]+)/, (_, n) => resolve(n, owner)?.id ?? '?');
                const listed = res.text.includes(`href="${link}"`);
                if (!route.p && staff && !actor.at.some((role) => (CAPS[route.cap].staff || []).includes(role))) {
                  // The patient's unit gives this actor no role for the list: their item must not be in it.
                  if (listed) return `200 and the list shows ${link}, an item of a patient whose unit gives no role for it`;
                  continue;
                }
                if (!listed) return `200 but the page does not link to ${link}`;
                continue;
              }
              if (s === 'actor') { if (!res.text.includes(esc(NAME[actor.login]))) return `200 but the page does not name ${NAME[actor.login]}`; continue; }
              // A staff list shows the patient's items only when the role at the patient's unit holds the capability.
              if (staff && !route.p && !actor.at.some((role) => (CAPS[route.cap].staff || []).includes(role))) continue;
              const obj = s === 'subject' || s === 'patient' ? person(owner) : resolve(s, owner);
              if (!obj) return `no ${s} for ${owner} to check`;
              if (!res.text.includes(esc(obj.text))) return `200 but the page does not show ${s} "${obj.text}"`;
            }
            return null;
          }
          if (res.status === 303) return null;
          if (res.status === 400 && (VALIDATION.test(res.text) || route.invalid?.test(res.text))) return null;
          return `${res.status}${res.status === 400 ? ' without the form\'s errors' : ''}, want 303 or 400 with the form's errors`;
        };

        const order = [...ROUTES.filter((r) => !r.last && r.method === 'GET'), ...ROUTES.filter((r) => !r.last && r.method === 'POST'),
          ...ROUTES.filter((r) => r.last).sort((x, y) => x.last - y.last)];
        for (const route of order) {
          let want = expected(route, actor);
          const params = paramsOf(route);
          const cellName = `${actor.name}: ${route.method} ${route.pattern}`;
          if (want === 'allowed' && params.length && route.p?.[params[0]] !== 'static_file' && actor.kind !== 'anonymous') {
            // Probes first: an unknown id for each parameter, then someone else's objects.
            const tries = params.map((p) => [`${p}=${UNKNOWN}`, { [p]: UNKNOWN }]);
            if (!staff) tries.push([`${other}'s object`, Object.fromEntries(params.map((p) => [p, other]))]);
            if (staff && other) tries.push([`patient ${other} (outside their units)`, Object.fromEntries(params.map((p) => [p, other]))]);
            if (staff && itemOf && params.includes('id') && route.p.id === 'patient' && params.length > 1) {
              tries.push([`${itemOf}'s item under ${subject}`, Object.fromEntries(params.filter((p) => p !== 'id').map((p) => [p, itemOf]))]);
            }
            for (const [what, owners] of tries) {
              const owner = Object.values(owners).find((o) => o !== UNKNOWN) ?? subject;
              if (owner !== UNKNOWN && Object.entries(owners).some(([p, o]) => o !== UNKNOWN && !resolve(route.p[p], o))) continue; // no such object there
              const path = pathFor(route, owners);
              const res = await send(route, path, owner);
              probes++;
              if (res.status !== 404) failures.push(`${cellName} probed with ${what} (${path}) -> ${res.status}, want 404`);
            }
          }
          let missing = params.filter((p) => !resolve(route.p?.[p], subject));
          let foreign = false;
          if (want === 'allowed' && missing.length && missing.every((p) => OPTIONAL.includes(route.p[p]))) {
            // Nothing of that kind is the actor's (no representation: a foster parent, a confidential
            // address, one withdrawn): the cell tries someone else's, which must not exist for them.
            foreign = true;
            missing = [];
          }
          if (want === 'allowed' && actor.kind !== 'anonymous' && missing.length) {
            failures.push(`${cellName}: no ${missing.map((p) => route.p?.[p]).join(', ')} of ${subject} in the world to use`);
            cells++;
            continue;
          }
          if (foreign) want = 404;
          const path = pathFor(route, foreign ? Object.fromEntries(params.map((p) => [p, other])) : {});
          const res = await send(route, path, subject);
          cells++;
          const why = want === 'allowed' ? judgeAllowed(route, res, subject) : res.status === want ? null : `${res.status}, want ${want}`;
          if (why) {
            const bug = KNOWN_BUGS.find((k) => k.actor.test(actor.name) && k.route.test(`${route.method} ${route.pattern}`));
            failures.push(`${cellName} (${path}) -> ${why}${bug ? ` [known BUG: ${bug.why}]` : ''}`);
          }
        }
      } finally {
        let r;
        try { r = await srv.stop(); } finally { db.cleanup(); }
        // A leak report (ASan build) or a crash on the way out fails the actor.
        assert.ok(r.code === 0 && !r.signal, `the server exited ${r.code} ${r.signal ?? ''}: ${srv.stderr().slice(-2000)}`);
      }
    });
  }

  test(`matrix: every cell of part ${part + 1} passed`, () => {
    console.log(`# authorization matrix, part ${part + 1} of ${parts}: ${ROUTES.length} routes x ${mine.length} actors = ${cells} cells, ${failures.length} failed`);
    console.log(`# object probes (unknown ids, someone else's objects): ${probes}`);
    for (const f of failures) console.log(`# FAIL ${f}`);
    assert.equal(cells, ROUTES.length * mine.length);
    assert.deepEqual(failures, []);
  });
}
