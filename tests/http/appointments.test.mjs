// appointments.test.mjs — appointments (P1-P3, P9, W2, W3) over real HTTP
// with TestID logins, each rule with its hostile case beside the happy one:
// lists and the appointment page (home-care visits never shown, team
// meetings at home shown; someone else's or a forged id is 404), booking
// (the fee shown; a taken slot answers 409 "just taken" with the nearest
// free times; in the past, past the window, at a unit where one is not a
// patient, a type one may not book, a unit without self-booking: a clear
// error in nb and en and nothing changed), change and cancel until the
// deadline, after it a request to the office queue, where that is off the
// phone number; a representative by access kind with both identities in
// the access log; staff per unit and role (templates across the
// daylight-saving changes, idempotent generation, one-off slots, blocking,
// booking for a patient, cancelling with a reason the patient sees, the
// request queue); notifications that say only that something is waiting;
// and 64 concurrent bookers on a handful of slots with 0 double bookings.
// Runs on SQLite, or PostgreSQL when HELSAMI_TEST_PG_URL is set.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoServer, textOf as text } from '../lib/demo.mjs';
import { sql, sqlValue, personId } from '../lib/db.mjs';

const P = {
  marius: '12848649994', silje: '03898849863', elisabeth: '02916949807', bjorn: '21876649788', astrid: '08833849868',
  thomas: '07878249733', hanne: '18828449806', geir: '23857149971', randi: '', lene: '', camilla: '30819249861',
  ingrid: '14827549852', lars: '30868349995', kari: '11907949887', eirik: '05927049955', marte: '19889549834',
  per: '27816849956', sara: '04859849860', hilde: '09838749817',
};
const NOW = '2026-11-22T10:00:00Z'; // a Sunday; the demo world is seeded for this day

const demo = demoServer();

const citizen = (nin, now = NOW) => demo.citizen(nin, now);
const staff = (nin, now = NOW) => demo.staff(nin, now);
const unitId = (code) => Number(sqlValue(demo.db, `SELECT id FROM unit WHERE code = '${code}'`));
const typeId = (name) => Number(sqlValue(demo.db, `SELECT id FROM visit_type WHERE name_nb = '${name}'`));
const staffId = (nin) => Number(sqlValue(demo.db, `SELECT s.id FROM staff s JOIN person p ON p.id = s.person_id WHERE p.nin = '${nin}'`));
const count = (where = '1 = 1') => Number(sqlValue(demo.db, `SELECT COUNT(*) FROM appointment WHERE ${where}`));
const doubles = () => Number(sqlValue(demo.db, "SELECT COUNT(*) FROM (SELECT slot_id FROM appointment WHERE status = 'booked' GROUP BY slot_id HAVING COUNT(*) > 1) d"));
const apptOf = (nin, typeName) => Number(sqlValue(demo.db, `SELECT a.id FROM appointment a JOIN visit_type v ON v.id = a.visit_type_id WHERE a.patient_id = ${personId(demo.db, nin)} AND v.name_nb = '${typeName}' AND a.status = 'booked' ORDER BY a.id LIMIT 1`));
// A free slot of the unit for the type, starting after `after` (seconds), earliest first.
const freeSlot = (unit, type, after = Date.parse(NOW) / 1000, skip = 0) => Number(sqlValue(demo.db, `SELECT s.id FROM slot s WHERE s.unit_id = ${unit} AND s.blocked = 0 AND s.start_at > ${after}
  AND NOT EXISTS (SELECT 1 FROM appointment a WHERE a.slot_id = s.id AND a.status = 'booked')
  AND (s.visit_type_id IS NULL OR s.visit_type_id = ${type})
  AND EXISTS (SELECT 1 FROM visit_type_clinician c WHERE c.visit_type_id = ${type} AND c.staff_id = s.staff_id)
  ORDER BY s.start_at, s.id LIMIT 1 OFFSET ${skip}`));
const slotStart = (id) => Number(sqlValue(demo.db, `SELECT start_at FROM slot WHERE id = ${id}`));

test('P1: upcoming and past; the appointment page says where, when, who, type, mode, fee, what to bring', async () => {
  const m = await citizen(P.marius);
  const list = await m.get('/appointments');
  assert.equal(list.status, 200);
  const body = text(list.text);
  assert.match(body, /Kommende timer.*Legetime.*Øya legesenter.*Poliklinisk kontroll/);
  assert.match(body, /Tidligere timer.*Legetime, Øya legesenter: Gjennomført/);
  const id = apptOf(P.marius, 'Legetime');
  assert.match(list.text, new RegExp(`href="/appointments/${id}"`));
  const one = await m.get(`/appointments/${id}`);
  assert.equal(one.status, 200);
  const page = text(one.text);
  assert.match(page, /Legetime/);
  assert.match(page, /Hvor Øya legesenter/);
  assert.match(page, /Hvem Ingrid Solberg, Fastlege/);
  assert.match(page, /Form Oppmøte/);
  assert.match(page, /Egenandel 192 kr/, 'P9: the fee');
  assert.match(page, /Liste over medisinene du bruker/, 'what to bring');
  assert.match(page, /Flytt timen/);
  const en = await m.get(`/appointments/${id}?lang=en`);
  const enPage = text((await m.get(en.location || `/appointments/${id}`)).text);
  assert.match(enPage, /Fee NOK 192/);
  await m.get('/?lang=nb');

  // The home page lists upcoming appointments (A3).
  const home = await m.get('/');
  assert.match(text(home.text), /Timer .*Legetime, Øya legesenter/);
  assert.match(home.text, new RegExp(`href="/appointments/${id}"`));
});

test('P1: another person\'s appointment, a forged id and a home-care visit are 404; a team meeting at home is shown', async () => {
  const s = await citizen(P.silje);
  const marius = apptOf(P.marius, 'Legetime');
  for (const path of [`/appointments/${marius}`, '/appointments/999999999', '/appointments/0', '/appointments/abc', `/appointments/${marius}/change`]) {
    assert.equal((await s.get(path)).status, 404, path);
  }
  for (const [path, form] of [[`/appointments/${marius}/cancel`, {}], [`/appointments/${marius}/request`, { kind: 'cancel' }], [`/appointments/${marius}/change`, { slot: '1' }]]) {
    assert.equal((await s.post(path, form)).status, 404, path);
  }
  assert.equal(count(`id = ${marius} AND status = 'booked'`), 1, 'nothing changed');

  const e = await citizen(P.elisabeth);
  const list = text((await e.get('/appointments')).text);
  assert.match(list, /Ansvarsgruppemøte i hjemmet/);
  assert.doesNotMatch(list, /Hjemmebesøk/);
  const visit = apptOf(P.elisabeth, 'Hjemmebesøk');
  assert.ok(visit > 0);
  assert.equal((await e.get(`/appointments/${visit}`)).status, 404, 'a home-care visit does not exist for the citizen');
});

test('P2: book a free slot with the fee shown; the notification says only that something is waiting', async () => {
  const s = await citizen(P.silje);
  const start = await s.get('/appointments/book');
  assert.equal(start.status, 200);
  const body = text(start.text);
  assert.match(body, /Øya legesenter.*Legetime.*Egenandel 192 kr.*Videokonsultasjon med fastlegen.*Video.*192 kr/);
  assert.doesNotMatch(body, /Telefontime|Ansvarsgruppemøte|St\. Olavs|Helsestasjon/, 'only self-bookable types, only her units');
  const oya = unitId('oya-legesenter'), gp = typeId('Legetime');
  const page = await s.get(`/appointments/book?unit=${oya}&type=${gp}`);
  assert.equal(page.status, 200);
  const slot = freeSlot(oya, gp);
  assert.match(page.text, new RegExp(`name="slot" id="slot-${slot}" value="${slot}"`));
  assert.match(text(page.text), /mandag 23\. november 2026/, 'day by day');
  const before = count();
  const booked = await s.post('/appointments/book', { unit: oya, type: gp, slot });
  assert.equal(booked.status, 303, booked.text);
  const id = booked.location.match(/^\/appointments\/(\d+)\?done=booked$/)[1];
  assert.equal(count(), before + 1);
  assert.match(text((await s.get(booked.location)).text), /Timen er bestilt.*Egenandel 192 kr/);
  const events = sql(demo.db, `SELECT kind, payload_ref FROM notification_outbox WHERE person_id = ${personId(demo.db, P.silje)} AND kind = 'appointment'`);
  assert.deepEqual(events, [['appointment', id]], 'an event naming the appointment only: no unit, clinician or type');
});

test('P2: a slot just taken answers 409 "this time was just taken" with the nearest free times', async () => {
  const oya = unitId('oya-legesenter'), gp = typeId('Legetime');
  const slot = freeSlot(oya, gp, Date.parse('2026-11-25T00:00:00Z') / 1000);
  const thomas = await citizen(P.thomas);
  await thomas.get('/appointments/book');
  assert.equal((await thomas.post('/appointments/book', { unit: oya, type: gp, slot })).status, 303);
  const geir = await citizen(P.geir);
  await geir.get('/appointments/book');
  const before = count();
  const late = await geir.post('/appointments/book', { unit: oya, type: gp, slot });
  assert.equal(late.status, 409);
  assert.match(text(late.text), /Tiden ble akkurat tatt.*Ingenting er bestilt for deg.*Nærmeste ledige tider/);
  const offered = [...late.text.matchAll(/name="slot" id="slot-(\d+)"/g)].map((m) => Number(m[1]));
  assert.equal(offered.length, 3);
  assert.ok(!offered.includes(slot));
  const taken = slotStart(slot);
  for (const o of offered) assert.ok(Math.abs(slotStart(o) - taken) <= 2 * 3600, 'the nearest times, around the one wanted');
  const nearest = sql(demo.db, `SELECT s.id FROM slot s WHERE s.unit_id = ${oya} AND s.blocked = 0 AND s.start_at > ${Date.parse(NOW) / 1000}
    AND NOT EXISTS (SELECT 1 FROM appointment a WHERE a.slot_id = s.id AND a.status = 'booked')
    AND (s.visit_type_id IS NULL OR s.visit_type_id = ${gp})
    AND EXISTS (SELECT 1 FROM visit_type_clinician c WHERE c.visit_type_id = ${gp} AND c.staff_id = s.staff_id)
    ORDER BY ABS(s.start_at - ${taken}), s.start_at, s.id LIMIT 3`).map((r) => Number(r[0]));
  assert.deepEqual([...offered].sort(), [...nearest].sort(), 'the three nearest by time, on either side');
  assert.equal(count(), before, 'nothing booked');
  // And one of them books.
  assert.equal((await geir.post('/appointments/book', { unit: oya, type: gp, slot: offered[0] })).status, 303);
  assert.equal(doubles(), 0);
});

test('P2: bad bookings are refused in words (nb and en) and change nothing', async () => {
  const oya = unitId('oya-legesenter'), station = unitId('helsestasjon-sentrum'), hospital = unitId('stolav-medisinsk');
  const gp = typeId('Legetime'), phone = typeId('Telefontime med fastlegen'), check = typeId('Helsestasjonskontroll'), outpatient = typeId('Poliklinisk kontroll');
  const s = await citizen(P.silje);
  await s.get('/appointments/book');
  const pastSlot = Number(sqlValue(demo.db, `SELECT s.id FROM slot s WHERE s.unit_id = ${oya} AND s.start_at < ${Date.parse(NOW) / 1000} AND s.visit_type_id IS NULL AND NOT EXISTS (SELECT 1 FROM appointment a WHERE a.slot_id = s.id) ORDER BY s.start_at DESC LIMIT 1`));
  const cases = [
    [{ unit: oya, type: gp, slot: pastSlot }, 400, /Tidspunktet har allerede vært/, /That time has already passed/],
    [{ unit: station, type: check, slot: freeSlot(station, check) }, 400, /Du er ikke pasient ved dette stedet/, /You are not a patient here/],
    [{ unit: oya, type: phone, slot: freeSlot(oya, phone) }, 400, /Denne timetypen kan du ikke bestille selv/, /You cannot book this type/],
    [{ unit: oya, type: gp, slot: freeSlot(station, check) }, 404, null, null], // another unit's slot: forged
    [{ unit: oya, type: outpatient, slot: freeSlot(oya, gp) }, 404, null, null], // another unit's type
    [{ unit: oya, type: gp, slot: '999999999' }, 404, null, null],
  ];
  const before = count();
  for (const [form, want, nb, en] of cases) {
    const r = await s.post('/appointments/book', form);
    assert.equal(r.status, want, JSON.stringify(form));
    if (nb) {
      assert.match(text(r.text), nb);
      assert.match(text(r.text), /Ingenting er endret/);
      await s.get('/appointments?lang=en');
      const e = await s.post('/appointments/book', form);
      await s.get('/appointments?lang=nb');
      assert.match(text(e.text), en);
    }
  }
  // A unit where Marius is a patient but self-booking is off (the hospital).
  const m = await citizen(P.marius);
  await m.get('/appointments/book');
  const h = await m.post('/appointments/book', { unit: hospital, type: outpatient, slot: freeSlot(hospital, outpatient) });
  assert.equal(h.status, 400);
  assert.match(text(h.text), /tar ikke imot timebestilling i helsami/);
  // Past the unit's booking window (six weeks).
  const far = Number(sqlValue(demo.db, `SELECT s.id FROM slot s WHERE s.unit_id = ${oya} AND s.visit_type_id IS NULL ORDER BY s.start_at DESC LIMIT 1`));
  const late = await citizen(P.silje, '2026-10-01T10:00:00Z');
  await late.get('/appointments/book');
  const r = await late.post('/appointments/book', { unit: oya, type: gp, slot: far });
  assert.equal(r.status, 400);
  assert.match(text(r.text), /for langt fram i tid/);
  // Not a number: the form's error, never a crash.
  assert.equal((await s.post('/appointments/book', { unit: oya, type: gp, slot: 'x' })).status, 400);
  assert.equal(count(), before, 'nothing booked');
});

test('P3: change and cancel oneself until the deadline; after it a request, where requests are off the phone', async () => {
  const oya = unitId('oya-legesenter'), gp = typeId('Legetime');
  const m = await citizen(P.marius);
  const id = apptOf(P.marius, 'Legetime');
  const change = await m.get(`/appointments/${id}/change`);
  assert.equal(change.status, 200);
  const to = freeSlot(oya, gp, Date.parse('2026-11-26T00:00:00Z') / 1000);
  assert.match(change.text, new RegExp(`value="${to}"`));
  const moved = await m.post(`/appointments/${id}/change`, { slot: to });
  assert.equal(moved.status, 303);
  const newId = Number(moved.location.match(/^\/appointments\/(\d+)\?done=moved$/)[1]);
  assert.deepEqual(sql(demo.db, `SELECT status, moved_to FROM appointment WHERE id = ${id}`), [['moved', String(newId)]]);
  assert.equal(count(`id = ${newId} AND slot_id = ${to} AND status = 'booked'`), 1);

  // An hour before it starts: past Øya's 24-hour deadline.
  const start = new Date((slotStart(to) - 3600) * 1000).toISOString().replace('.000Z', 'Z');
  const lateM = await citizen(P.marius, start);
  const late = await lateM.get(`/appointments/${newId}`);
  assert.doesNotMatch(late.text, /Avbestill timen/);
  assert.match(text(late.text), /Du kan ikke endre denne timen selv nå/);
  const refused = await lateM.post(`/appointments/${newId}/cancel`);
  assert.equal(refused.status, 400);
  assert.match(text(refused.text), /Fristen for å endre timen selv har gått ut \(24 timer før\)/);
  assert.equal(count(`id = ${newId} AND status = 'booked'`), 1, 'not cancelled');

  // Before the deadline: cancelled.
  const cancelled = await m.post(`/appointments/${newId}/cancel`);
  assert.equal(cancelled.status, 303);
  assert.equal(count(`id = ${newId} AND status = 'cancelled'`), 1);
  assert.equal((await m.post(`/appointments/${newId}/cancel`)).status, 400, 'not twice');

  // The hospital: no self-change, requests on.
  const hosp = apptOf(P.marius, 'Poliklinisk kontroll');
  const page = text((await m.get(`/appointments/${hosp}`)).text);
  assert.doesNotMatch(page, /Flytt timen|Avbestill timen/);
  assert.equal((await m.post(`/appointments/${hosp}/cancel`)).status, 400);
  const req = await m.post(`/appointments/${hosp}/request`, { kind: 'cancel', message: 'Jeg er bortreist.' });
  assert.equal(req.status, 303);
  assert.match(text((await m.get(req.location)).text), /Forespørselen er sendt.*venter på svar/);
  const twice = await m.post(`/appointments/${hosp}/request`, { kind: 'change' });
  assert.equal(twice.status, 400);
  assert.match(text(twice.text), /allerede en forespørsel/);

  // The hospital's clinician refuses it with a message; Marius reads it.
  const eirik = await staff(P.eirik);
  const queue = await eirik.get('/staff/queues/appointments');
  assert.equal(queue.status, 200);
  assert.match(text(queue.text), /Marius Berg.*Jeg er bortreist/);
  const rid = queue.text.match(/action="\/staff\/queues\/appointments\/(\d+)\/answer"/)[1];
  assert.equal((await eirik.post(`/staff/queues/appointments/${rid}/answer`, { decision: 'refuse' })).status, 400, 'a refusal needs a message');
  const answered = await eirik.post(`/staff/queues/appointments/${rid}/answer`, { decision: 'refuse', answer: 'Ring oss for ny tid.' });
  assert.equal(answered.status, 303);
  assert.match(text((await m.get(`/appointments/${hosp}`)).text), /avslått\. Ring oss for ny tid/);
  assert.equal((await eirik.post(`/staff/queues/appointments/${rid}/answer`, { decision: 'accept' })).status, 303, 'answered already: says so');

  // Where requests are off too: only the phone number.
  sql(demo.db, `UPDATE unit SET change_requests = 0 WHERE id = ${unitId('stolav-medisinsk')}`);
  const off = text((await m.get(`/appointments/${hosp}`)).text);
  assert.match(off, /kan ikke endres i helsami\. Ring 73 99 50 00/);
  const noreq = await m.post(`/appointments/${hosp}/request`, { kind: 'change' });
  assert.equal(noreq.status, 400);
  sql(demo.db, `UPDATE unit SET change_requests = 1 WHERE id = ${unitId('stolav-medisinsk')}`);
});

test('representatives: with appointment access they book for the person, logged with both identities; without it, 403', async () => {
  // Elisabeth gives Bjørn "appointments and messages".
  const giver = await citizen(P.elisabeth);
  await giver.get('/access/grant');
  assert.equal((await giver.post('/access/grant', { nin: P.bjorn, family_name: 'Johansen', kind: 'appointments_messages', valid_until: '', confirm: '1' })).status, 303);
  const rep = await citizen(P.bjorn);
  await rep.get('/access/choose');
  const elisabeth = personId(demo.db, P.elisabeth), bjorn = personId(demo.db, P.bjorn);
  assert.equal((await rep.post('/access/act', { person: elisabeth })).status, 303);
  const list = await rep.get('/appointments');
  assert.equal(list.status, 200);
  assert.match(text(list.text), /Ansvarsgruppemøte i hjemmet/);
  const oya = unitId('oya-legesenter'), gp = typeId('Legetime');
  await rep.get('/appointments/book');
  const slot = freeSlot(oya, gp);
  const booked = await rep.post('/appointments/book', { unit: oya, type: gp, slot });
  assert.equal(booked.status, 303);
  const id = booked.location.match(/\/appointments\/(\d+)/)[1];
  assert.deepEqual(sql(demo.db, `SELECT patient_id, booked_by FROM appointment WHERE id = ${id}`), [[String(elisabeth), String(bjorn)]]);
  const logged = sql(demo.db, `SELECT action, actor_person_id, purpose FROM audit_log WHERE patient_id = ${elisabeth} AND what = 'appointments' AND what_id = '${id}'`);
  assert.deepEqual(logged, [['create', String(bjorn), 'representation']]);
  assert.ok(Number(sqlValue(demo.db, `SELECT COUNT(*) FROM audit_log WHERE patient_id = ${elisabeth} AND what = 'appointments' AND action = 'read' AND actor_person_id = ${bjorn}`)) >= 1, 'reads logged too');

  // Health information only: no appointments at all.
  const m = await citizen(P.marius);
  await m.get('/access/grant');
  assert.equal((await m.post('/access/grant', { nin: P.silje, family_name: 'Berg', kind: 'health_read', valid_until: '', confirm: '1' })).status, 303);
  const s = await citizen(P.silje);
  await s.get('/access/choose');
  assert.equal((await s.post('/access/act', { person: personId(demo.db, P.marius) })).status, 303);
  const before = count();
  const denied = await s.get('/appointments');
  assert.equal(denied.status, 403);
  assert.match(text(denied.text), /tilgang/i);
  assert.equal((await s.post('/appointments/book', { unit: oya, type: gp, slot: freeSlot(oya, gp) })).status, 403);
  assert.equal(count(), before);
});

test('W2: a template over the March and October changes makes slots of the right length, idempotently', async () => {
  const oya = unitId('oya-legesenter'), ingrid = staffId(P.ingrid);
  const marte = await staff(P.marte, '2027-03-20T10:00:00Z');
  const page = await marte.get(`/staff/schedules/${oya}`);
  assert.equal(page.status, 200);
  // Sundays 01:00-04:00, one-hour slots: on 28 March 2027 the clocks skip
  // 02:00-03:00, so 02:00-03:00 does not exist and 01:00-02:00 would end at
  // a time that does not exist: both are left out (domain/schedule.h).
  assert.equal((await marte.post(`/staff/schedules/${oya}/templates`, { staff: ingrid, weekday: '7', start: '01:00', end: '04:00', slot_minutes: '60' })).status, 303);
  const gen = await marte.post(`/staff/schedules/${oya}/generate`, { weeks: '2' });
  assert.equal(gen.status, 303);
  const onDay = (d) => sql(demo.db, `SELECT start_at, end_at FROM slot WHERE staff_id = ${ingrid} AND start_at >= ${Date.parse(`${d}T00:00:00+01:00`) / 1000} AND start_at < ${Date.parse(`${d}T00:00:00+01:00`) / 1000 + 86400}`);
  const march = onDay('2027-03-28');
  assert.equal(march.length, 1, 'only 03:00-04:00 exists whole that night');
  for (const [s, e] of march) assert.equal(Number(e) - Number(s), 3600);
  assert.deepEqual(march.map(([s]) => new Date(Number(s) * 1000).toISOString()), ['2027-03-28T01:00:00.000Z']);
  assert.equal(onDay('2027-03-21').length, 3);
  const day = await marte.get(`/staff/schedules/${oya}?day=2027-03-28&staff=${ingrid}`);
  assert.match(text(day.text), /03\.00–04\.00, Ingrid Solberg/);
  assert.doesNotMatch(text(day.text), /0[12]\.00–0[23]\.00/);
  const n = Number(sqlValue(demo.db, 'SELECT COUNT(*) FROM slot'));
  assert.equal((await marte.post(`/staff/schedules/${oya}/generate`, { weeks: '2' })).status, 303);
  assert.equal(Number(sqlValue(demo.db, 'SELECT COUNT(*) FROM slot')), n, 'generating twice adds nothing');

  // October: 02:00-03:00 happens twice on 31 October 2027. A slot never
  // lasts other than its length: 02:00 (the first instance) to 03:00 would
  // be two hours, so it is left out; 01:00-02:00 and 03:00-04:00 last one.
  const oct = await staff(P.marte, '2027-10-25T10:00:00Z');
  assert.equal((await oct.post(`/staff/schedules/${oya}/generate`, { weeks: '1' })).status, 303);
  const oslo = Date.parse('2027-10-31T00:00:00+02:00') / 1000;
  const autumn = sql(demo.db, `SELECT start_at, end_at FROM slot WHERE staff_id = ${ingrid} AND start_at >= ${oslo} AND start_at < ${oslo + 25 * 3600} ORDER BY start_at`);
  assert.equal(autumn.length, 2);
  for (const [s, e] of autumn) assert.equal(Number(e) - Number(s), 3600);
  assert.deepEqual(autumn.map(([s]) => new Date(Number(s) * 1000).toISOString()), ['2027-10-30T23:00:00.000Z', '2027-10-31T02:00:00.000Z']);
});

test('W2: staff book, block, move and cancel with a reason the patient sees, per unit and role', async () => {
  const oya = unitId('oya-legesenter'), gp = typeId('Legetime'), ingrid = staffId(P.ingrid);
  const marte = await staff(P.marte);
  // A one-off slot on Monday 30 November at 15:00.
  const made = await marte.post(`/staff/schedules/${oya}/slots`, { staff: ingrid, day: '2026-11-30', start: '15:00', minutes: '20' });
  assert.equal(made.status, 303, made.text);
  const again = await marte.post(`/staff/schedules/${oya}/slots`, { staff: ingrid, day: '2026-11-30', start: '15:00', minutes: '20' });
  assert.equal(again.status, 400);
  assert.match(text(again.text), /har allerede en time som begynner da/);
  const slot = Number(sqlValue(demo.db, `SELECT id FROM slot WHERE staff_id = ${ingrid} AND start_at = ${Date.parse('2026-11-30T15:00:00+01:00') / 1000}`));
  // Blocked: nobody can book it; freed again.
  assert.equal((await marte.post(`/staff/slots/${slot}/block`, { unit: oya, blocked: '1' })).status, 303);
  const s = await citizen(P.silje);
  await s.get('/appointments/book');
  assert.equal((await s.post('/appointments/book', { unit: oya, type: gp, slot })).status, 409);
  assert.equal((await marte.post(`/staff/slots/${slot}/block`, { unit: oya, blocked: '0' })).status, 303);
  // Booked for Silje by the front desk.
  const before = count();
  const booked = await marte.post(`/staff/schedules/${oya}/book`, { slot, type: gp, nin: P.silje, day: '2026-11-30' });
  assert.equal(booked.status, 303);
  assert.match(booked.location, /done=booked/);
  assert.equal(count(), before + 1);
  const id = Number(sqlValue(demo.db, `SELECT id FROM appointment WHERE slot_id = ${slot} AND status = 'booked'`));
  // Not a patient of the unit: refused in words.
  const astrid = await marte.post(`/staff/schedules/${oya}/book`, { slot: freeSlot(oya, gp), type: gp, nin: P.astrid });
  assert.equal(astrid.status, 400);
  assert.match(text(astrid.text), /Ingen pasient ved denne enheten har dette fødselsnummeret/);
  // Blocking a booked slot changes nothing.
  const blocked = await marte.post(`/staff/slots/${slot}/block`, { unit: oya, blocked: '1' });
  assert.match(blocked.location, /done=conflict/);
  // The day list shows it, with the patient.
  const day = await marte.get(`/staff/schedules/${oya}?day=2026-11-30`);
  assert.match(text(day.text), /15\.00–15\.20, Ingrid Solberg Silje Berg \(03898849863\): Legetime/);
  // Cancelled with a reason the patient sees.
  assert.equal((await marte.post(`/staff/appointments/${id}/cancel`, { unit: oya, reason: '' })).status, 400, 'a reason is required');
  assert.equal((await marte.post(`/staff/appointments/${id}/cancel`, { unit: oya, reason: 'Legen er syk denne dagen.' })).status, 303);
  const seen = text((await s.get(`/appointments/${id}`)).text);
  assert.match(seen, /Avlyst.*Begrunnelse Legen er syk denne dagen\./);
  const silje = personId(demo.db, P.silje);
  assert.ok(Number(sqlValue(demo.db, `SELECT COUNT(*) FROM audit_log WHERE patient_id = ${silje} AND what = 'appointments' AND action = 'update' AND actor_staff_id = ${staffId(P.marte)} AND actor_role = 'office'`)) >= 1, 'logged at the unit, in the role');

  // Other units' staff: 404; roles without schedules: 403.
  const kari = await staff(P.kari);
  assert.equal((await kari.get(`/staff/schedules/${oya}`)).status, 404);
  assert.equal((await kari.post(`/staff/appointments/${id}/cancel`, { unit: oya, reason: 'x' })).status, 404);
  assert.equal((await kari.post(`/staff/slots/${slot}/block`, { unit: oya, blocked: '1' })).status, 404);
  for (const nin of [P.per, P.sara]) assert.equal((await (await staff(nin)).get(`/staff/schedules/${oya}`)).status, 403);
  const hilde = await staff(P.hilde);
  assert.equal((await hilde.get(`/staff/schedules/${oya}`)).status, 200, 'office at Øya');
  assert.equal((await hilde.get(`/staff/schedules/${unitId('helsestasjon-sentrum')}`)).status, 200, 'clinician at the health station');
  assert.equal((await hilde.get(`/staff/schedules/${unitId('stolav-medisinsk')}`)).status, 404);
});

test('contention: 64 concurrent bookers on four slots make exactly four bookings, 0 double bookings', async () => {
  const oya = unitId('oya-legesenter'), gp = typeId('Legetime');
  const after = Date.parse('2026-12-20T00:00:00Z') / 1000;
  const slots = [0, 1, 2, 3].map((i) => freeSlot(oya, gp, after, i));
  assert.equal(new Set(slots).size, 4);
  const nins = [P.marius, P.silje, P.thomas, P.hanne, P.geir, P.camilla, P.bjorn, P.elisabeth];
  const browsers = [];
  for (const nin of nins) {
    const b = await citizen(nin);
    await b.get('/appointments/book');
    browsers.push(b);
  }
  const before = count(`slot_id IN (${slots.join(',')})`);
  assert.equal(before, 0);
  const results = await Promise.all(Array.from({ length: 64 }, (_, i) => browsers[i % browsers.length].post('/appointments/book', { unit: oya, type: gp, slot: slots[i % 4] })));
  const statuses = results.map((r) => r.status);
  assert.equal(statuses.filter((s) => s === 303).length, 4, statuses.join(','));
  assert.equal(statuses.filter((s) => s === 409).length, 60, statuses.join(','));
  assert.equal(count(`slot_id IN (${slots.join(',')}) AND status = 'booked'`), 4);
  assert.equal(doubles(), 0, 'double bookings: 0');
});
