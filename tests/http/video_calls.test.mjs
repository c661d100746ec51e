// video_calls.test.mjs — P5 calls that belong to no appointment, over real
// HTTP with TestID logins: a clinician makes an internal call with
// colleagues or a group of the unit's patients, and invites; bad input is
// refused with the reason in the reader's language and nothing stored; the
// invited see the call and join it (colleagues straight in, patients through
// the waiting room); nobody else finds it (404, whatever the id), an office
// role has no P5 (403, also for one who is a clinician at another unit), a
// patient outside the unit cannot be invited, an internal call takes no
// patient, a call holds at most 6; the invitation is in the patient's
// access log and the patient is told only that something waits. Runs on
// SQLite, or PostgreSQL when HELSAMI_TEST_PG_URL is set.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoServer, textOf as text } from '../lib/demo.mjs';
import { sql, sqlValue, personId } from '../lib/db.mjs';

const P = {
  ingrid: '14827549852', lars: '30868349995', eirik: '05927049955', marte: '19889549834',
  silje: '03898849863', marius: '12848649994', astrid: '08833849868', hilde: '09838749817',
};
// Seeded for Sunday 22 November; the calls are on Tuesday 24 November at
// 13:00 Oslo time (12:00Z), 45 minutes.
const NOW = '2026-11-23T09:00:00Z';
const IN = '2026-11-24T11:45:00Z'; // 15 minutes before the start

const demo = demoServer();
const staff = (nin, now = NOW) => demo.staff(nin, now);
const citizen = (nin, now = NOW) => demo.citizen(nin, now);
const staffId = (nin) => Number(sqlValue(demo.db, `SELECT id FROM staff WHERE person_id = ${personId(demo.db, nin)}`));
const oya = () => Number(sqlValue(demo.db, `SELECT su.unit_id FROM staff_unit su WHERE su.staff_id = ${staffId(P.ingrid)} ORDER BY su.unit_id LIMIT 1`));
const calls = () => Number(sqlValue(demo.db, "SELECT COUNT(*) FROM video_call WHERE kind <> 'appointment'"));
const call = (kind, title) => ({ kind, unit: String(oya()), title, day: '2026-11-24', start: '13:00', minutes: '45' });
const make = async (b, fields) => {
  const r = await b.post('/staff/video/calls', fields);
  assert.equal(r.status, 303, text(r.text));
  return Number(r.location.match(/\/staff\/video\/calls\/(\d+)$/)[1]);
};

test('making a call: the form, bad input refused with reasons and nothing stored, office 403, another unit 404', async () => {
  const ingrid = await staff(P.ingrid);
  const form = await ingrid.get('/staff/video/calls/new');
  assert.equal(form.status, 200);
  assert.match(text(form.text), /Intern samtale med kolleger/);
  const before = calls();
  const bad = await ingrid.post('/staff/video/calls', { ...call('group', ''), start: '25:00', minutes: '5' });
  assert.equal(bad.status, 400);
  const said = text(bad.text);
  assert.match(said, /Tittel/);
  assert.match(said, /Varighet i minutter/);
  const past = await ingrid.post('/staff/video/calls', { ...call('group', 'Kurs'), day: '2026-11-20' });
  assert.equal(past.status, 400);
  assert.match(text(past.text), /Tidspunktet har passert/);
  const skipped = await ingrid.post('/staff/video/calls', { ...call('group', 'Kurs'), day: '2027-03-28', start: '02:30' });
  assert.equal(skipped.status, 400, 'the hour the clocks skip in March');
  assert.match(text(skipped.text), /klokkeslett som finnes/);
  const en = await ingrid.post('/staff/video/calls?lang=en', { ...call('meeting', 'Kurs') });
  assert.equal(en.status, 400);
  const elsewhere = Number(sqlValue(demo.db, `SELECT id FROM unit WHERE id NOT IN (SELECT unit_id FROM staff_unit WHERE staff_id = ${staffId(P.ingrid)}) ORDER BY id LIMIT 1`));
  assert.equal((await ingrid.post('/staff/video/calls', { ...call('group', 'Kurs'), unit: String(elsewhere) })).status, 404);
  assert.equal(calls(), before, 'nothing stored');
  const marte = await staff(P.marte);
  assert.equal((await marte.get('/staff/video/calls/new')).status, 403);
  assert.equal((await marte.post('/staff/video/calls', call('group', 'Kurs'))).status, 403);
  // The role held at the call's unit decides: Hilde is a clinician at the
  // health station but office at Øya, so a call at Øya is 403, not 404.
  const hilde = await staff(P.hilde);
  assert.equal((await hilde.post('/staff/video/calls', call('group', 'Kurs'))).status, 403);
  assert.equal(calls(), before);
});

test('an internal call: colleagues of the unit only, no patients; the invited find it and are in at once', async () => {
  const ingrid = await staff(P.ingrid);
  const id = await make(ingrid, call('internal', 'Kollegaveiledning'));
  const page = await ingrid.get(`/staff/video/calls/${id}`);
  assert.equal(page.status, 200);
  assert.match(text(page.text), /Kollegaveiledning/);
  assert.match(page.text, new RegExp(`name="staff" value="${staffId(P.lars)}"`), 'Lars, a colleague, may be invited');
  assert.doesNotMatch(page.text, /name="nin"/, 'no patients on an internal call');
  // Eirik works elsewhere; a patient has no place here.
  const eirik = await ingrid.post(`/staff/video/calls/${id}/invite`, { staff: String(staffId(P.eirik)) });
  assert.equal(eirik.status, 400);
  assert.match(text(eirik.text), /Er ikke kliniker på samtalens enhet/);
  const patient = await ingrid.post(`/staff/video/calls/${id}/invite`, { nin: P.silje });
  assert.equal(patient.status, 400);
  assert.match(text(patient.text), /En intern samtale har ingen pasienter/);
  assert.equal((await ingrid.post(`/staff/video/calls/${id}/invite`, {})).status, 400);
  assert.equal((await ingrid.post(`/staff/video/calls/${id}/invite`, { staff: String(staffId(P.lars)) })).status, 303);
  const again = await ingrid.post(`/staff/video/calls/${id}/invite`, { staff: String(staffId(P.lars)) });
  assert.equal(again.status, 400);
  assert.match(text(again.text), /Er allerede invitert/);
  // Lars sees it in his list and goes straight in within the window.
  const lars = await staff(P.lars);
  assert.match((await lars.get('/staff/video')).text, new RegExp(`href="/staff/video/calls/${id}"`));
  assert.equal((await lars.get(`/video/calls/${id}`)).status, 403, 'before the window: the page says when');
  const inLars = await staff(P.lars, IN);
  assert.equal((await inLars.get(`/video/calls/${id}`)).status, 200);
  const joined = JSON.parse((await inLars.post(`/video/calls/${id}/join`)).text);
  assert.equal(joined.state, 'admitted');
  // Nobody else: a clinician elsewhere 404, an office role 403, a citizen 404.
  const e = await staff(P.eirik, IN);
  assert.equal((await e.get(`/staff/video/calls/${id}`)).status, 404);
  assert.equal((await e.get(`/video/calls/${id}`)).status, 404);
  assert.equal((await e.post(`/video/calls/${id}/join`)).status, 404);
  assert.equal((await e.post(`/staff/video/calls/${id}/invite`, { staff: String(staffId(P.eirik)) })).status, 404);
  assert.equal((await (await staff(P.marte, IN)).get(`/staff/video/calls/${id}`)).status, 403);
  assert.equal((await (await citizen(P.silje, IN)).get(`/video/calls/${id}`)).status, 404);
});

test('a group: patients of the unit by identity number, told only that something waits, the invitation logged', async () => {
  const ingrid = await staff(P.ingrid);
  const id = await make(ingrid, call('group', 'Pustekurs'));
  const silje = personId(demo.db, P.silje);
  const events = () => Number(sqlValue(demo.db, `SELECT COUNT(*) FROM notification_outbox WHERE person_id = ${silje}`));
  const before = events();
  assert.equal((await ingrid.post(`/staff/video/calls/${id}/invite`, { nin: P.silje })).status, 303);
  assert.equal(events(), before + 1);
  assert.equal(sqlValue(demo.db, `SELECT kind FROM notification_outbox WHERE person_id = ${silje} ORDER BY id DESC LIMIT 1`), 'appointment');
  assert.equal(sqlValue(demo.db, `SELECT COUNT(*) FROM audit_log WHERE patient_id = ${silje} AND what = 'video' AND action = 'invite' AND what_id = '${id}'`), '1');
  // Not a patient of the unit, or no such person: the same answer; a malformed number is a form error.
  const astrid = await ingrid.post(`/staff/video/calls/${id}/invite`, { nin: P.astrid });
  assert.equal(astrid.status, 400);
  assert.match(text(astrid.text), /Ingen pasient på samtalens enhet har dette fødselsnummeret/);
  const nobody = await ingrid.post(`/staff/video/calls/${id}/invite`, { nin: '01010100000' });
  assert.equal(nobody.status, 400);
  assert.equal((await ingrid.post(`/staff/video/calls/${id}/invite`, { nin: '123' })).status, 400);
  assert.equal((await ingrid.post(`/staff/video/calls/${id}/invite`, { nin: P.silje })).status, 400, 'invited already');
  // Silje finds it in her list; Marius, not invited, does not find it at all.
  const s = await citizen(P.silje);
  const list = await s.get('/video');
  assert.equal(list.status, 200);
  assert.match(list.text, new RegExp(`href="/video/calls/${id}"`));
  assert.match(text(list.text), /Pustekurs/);
  const m = await citizen(P.marius, IN);
  assert.doesNotMatch((await m.get('/video')).text, /Pustekurs/);
  assert.equal((await m.get(`/video/calls/${id}`)).status, 404);
  assert.equal((await m.post(`/video/calls/${id}/join`)).status, 404);
  assert.equal((await m.post(`/staff/video/calls/${id}/invite`, { nin: P.marius })).status, 403, 'a citizen on a staff route');
  // Within the window: Silje waits until let in.
  const sIn = await citizen(P.silje, IN);
  const page = await sIn.get(`/video/calls/${id}`);
  assert.equal(page.status, 200);
  assert.match(text(page.text), /Pustekurs/);
  const joined = JSON.parse((await sIn.post(`/video/calls/${id}/join`)).text);
  assert.equal(joined.state, 'waiting');
  const iIn = await staff(P.ingrid, IN);
  await iIn.post(`/video/calls/${id}/join`);
  assert.equal((await iIn.post(`/video/calls/${id}/manage`, { action: 'admit', member: String(joined.me) })).status, 200);
  // An appointment's call is not reached through these pages.
  const appt = Number(sqlValue(demo.db, `SELECT a.id FROM appointment a JOIN visit_type v ON v.id = a.visit_type_id
    WHERE a.patient_id = ${silje} AND v.mode = 'video' AND a.status = 'booked' ORDER BY a.id LIMIT 1`));
  await iIn.get(`/staff/video/${appt}`); // makes the appointment's call (its window is over: the page says so)
  const apptCall = Number(sqlValue(demo.db, `SELECT id FROM video_call WHERE appointment_id = ${appt}`));
  assert.ok(apptCall > 0);
  assert.equal((await iIn.get(`/staff/video/calls/${apptCall}`)).status, 404);
  assert.equal((await iIn.get(`/video/calls/${apptCall}`)).status, 404);
  for (const bad of ['999999999', '0', 'abc']) assert.equal((await iIn.get(`/video/calls/${bad}`)).status, 404, bad);
});

test('a representative: appointments access sees the child\'s group call, health information only does not', async () => {
  const ingrid = await staff(P.ingrid);
  const id = await make(ingrid, call('group', 'Foreldrekurs'));
  assert.equal((await ingrid.post(`/staff/video/calls/${id}/invite`, { nin: P.silje })).status, 303);
  const m = await citizen(P.silje);
  await m.get('/access/grant');
  assert.equal((await m.post('/access/grant', { nin: P.marius, family_name: 'Berg', kind: 'health_read', valid_until: '', confirm: '1' })).status, 303);
  const marius = await citizen(P.marius);
  await marius.get('/access/choose');
  assert.equal((await marius.post('/access/act', { person: personId(demo.db, P.silje) })).status, 303);
  assert.equal((await marius.get('/video')).status, 403);
  assert.equal((await marius.get(`/video/calls/${id}`)).status, 403);
});

test('a call holds at most six: the seventh invitation is refused', async () => {
  const ingrid = await staff(P.ingrid);
  const id = await make(ingrid, call('group', 'Stor gruppe'));
  const unit = oya();
  const patients = sql(demo.db, `SELECT per.nin FROM patient_unit pu JOIN person per ON per.id = pu.person_id WHERE pu.unit_id = ${unit} ORDER BY per.id LIMIT 7`).map((r) => r[0]);
  let invited = 1;
  for (const nin of patients) {
    const r = await ingrid.post(`/staff/video/calls/${id}/invite`, { nin });
    if (invited < 6) { assert.equal(r.status, 303, nin); invited++; continue; }
    assert.equal(r.status, 400);
    assert.match(text(r.text), /Samtalen er full/);
    return;
  }
  assert.fail(`the unit has only ${patients.length} patients to invite`);
});
