// short_notice.test.mjs — short-notice offers (P4) over real HTTP: joining
// the list at booking, offers to the first K in join order when a slot
// frees up (only those whose appointment is later), the first acceptor
// moved at once and the others' offers withdrawn ("already taken" when they
// answer late), the old slot offered on, declining changing nothing, expiry
// by `helsami jobs run`, outcomes and reasons on the staff page, hostile
// ids and a representative without appointment access refused, and 64
// concurrent acceptors with 0 double bookings, 0 appointments in two slots
// and 0 offers accepted twice. SQLite, or PostgreSQL with HELSAMI_TEST_PG_URL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../lib/server.mjs';
import { demoServer, textOf as text } from '../lib/demo.mjs';
import { sql, sqlValue, personId } from '../lib/db.mjs';

const P = {
  marius: '12848649994', silje: '03898849863', elisabeth: '02916949807', bjorn: '21876649788',
  thomas: '07878249733', hanne: '18828449806', geir: '23857149971', camilla: '30819249861', marte: '19889549834',
};
const NOW = '2026-11-22T10:00:00Z';

const demo = demoServer();

const citizen = (nin, now = NOW) => demo.citizen(nin, now);
const staff = (nin, now = NOW) => demo.staff(nin, now);
const unitId = (code) => Number(sqlValue(demo.db, `SELECT id FROM unit WHERE code = '${code}'`));
const typeId = (name) => Number(sqlValue(demo.db, `SELECT id FROM visit_type WHERE name_nb = '${name}'`));
const num = (q) => Number(sqlValue(demo.db, q));
const freeSlot = (unit, type, after, skip = 0) => num(`SELECT s.id FROM slot s WHERE s.unit_id = ${unit} AND s.blocked = 0 AND s.start_at > ${after}
  AND NOT EXISTS (SELECT 1 FROM appointment a WHERE a.slot_id = s.id AND a.status = 'booked')
  AND (s.visit_type_id IS NULL OR s.visit_type_id = ${type})
  AND EXISTS (SELECT 1 FROM visit_type_clinician c WHERE c.visit_type_id = ${type} AND c.staff_id = s.staff_id)
  ORDER BY s.start_at, s.id LIMIT 1 OFFSET ${skip}`);
const sec = (iso) => Date.parse(iso) / 1000;
const offerOf = (nin, slot) => num(`SELECT COALESCE(MAX(id), 0) FROM short_notice_offer WHERE patient_id = ${personId(demo.db, nin)} AND slot_id = ${slot}`);
const booked = (nin) => sql(demo.db, `SELECT a.id, a.slot_id FROM appointment a WHERE a.patient_id = ${personId(demo.db, nin)} AND a.status = 'booked' AND a.unit_id = ${unitId('oya-legesenter')} ORDER BY a.id`);
const doubles = () => num("SELECT COUNT(*) FROM (SELECT slot_id FROM appointment WHERE status = 'booked' GROUP BY slot_id HAVING COUNT(*) > 1) d");

// Books a slot with "offer me an earlier time" ticked; returns the appointment id.
async function bookEarlier(b, unit, type, slot, earlier = true) {
  await b.get('/appointments/book');
  const r = await b.post('/appointments/book', earlier ? { unit, type, slot, earlier: '1' } : { unit, type, slot });
  assert.equal(r.status, 303, r.text);
  return Number(r.location.match(/\/appointments\/(\d+)/)[1]);
}

test('P4: offers go to the first K on the list in join order; the first acceptor moves, the others are withdrawn; declining changes nothing', async () => {
  const oya = unitId('oya-legesenter'), gp = typeId('Legetime');
  sql(demo.db, `UPDATE unit SET offer_count = 2, offer_answer_minutes = 60 WHERE id = ${oya}`);
  // The demo world's list (Geir, then Camilla) is emptied: the three who join here are the whole list.
  sql(demo.db, `DELETE FROM short_notice WHERE unit_id = ${oya}`);
  const week1 = sec('2026-11-24T00:00:00Z'), week3 = sec('2026-12-08T00:00:00Z');
  // Three join the list with appointments in week 3 (Marius first, then Silje, then Thomas).
  const m = await citizen(P.marius), s = await citizen(P.silje), t = await citizen(P.thomas), g = await citizen(P.geir);
  const late = [freeSlot(oya, gp, week3, 0), freeSlot(oya, gp, week3, 1), freeSlot(oya, gp, week3, 2)];
  const mA = await bookEarlier(m, oya, gp, late[0]);
  const sA = await bookEarlier(s, oya, gp, late[1]);
  const tA = await bookEarlier(t, oya, gp, late[2]);
  assert.equal(num(`SELECT COUNT(*) FROM short_notice WHERE appointment_id IN (${mA}, ${sA}, ${tA})`), 3, 'the tick joins the list');
  // Geir books an early slot without the tick, then cancels it: the slot is offered.
  const early = freeSlot(oya, gp, week1);
  const gA = await bookEarlier(g, oya, gp, early, false);
  assert.equal(num(`SELECT COUNT(*) FROM short_notice WHERE appointment_id = ${gA}`), 0, 'no tick, not on the list');
  assert.equal((await g.post(`/appointments/${gA}/cancel`)).status, 303);
  const offered = sql(demo.db, `SELECT patient_id, status FROM short_notice_offer WHERE slot_id = ${early} ORDER BY id`);
  assert.deepEqual(offered, [[String(personId(demo.db, P.marius)), 'open'], [String(personId(demo.db, P.silje)), 'open']], 'K = 2, in join order');
  const mOffer = offerOf(P.marius, early), sOffer = offerOf(P.silje, early);
  // The notification says only that something waits: kind and offer id.
  assert.deepEqual(sql(demo.db, `SELECT kind, payload_ref FROM notification_outbox WHERE person_id = ${personId(demo.db, P.silje)} AND kind = 'short_notice_offer'`), [['short_notice_offer', String(sOffer)]]);

  // Hostile: someone else's offer and forged ids are 404; nothing changes.
  for (const path of [`/appointments/offers/${mOffer}`, '/appointments/offers/999999999', '/appointments/offers/0', '/appointments/offers/abc']) {
    assert.equal((await t.get(path)).status, 404, path);
  }
  await t.get('/appointments');
  assert.equal((await t.post(`/appointments/offers/${mOffer}/accept`)).status, 404);
  assert.equal((await t.post(`/appointments/offers/${mOffer}/decline`)).status, 404);
  assert.equal(num(`SELECT COUNT(*) FROM short_notice_offer WHERE slot_id = ${early} AND status = 'open'`), 2);

  // Silje sees and accepts first: moved at once.
  const list = await s.get('/appointments');
  assert.match(list.text, new RegExp(`href="/appointments/offers/${sOffer}"`));
  const page = await s.get(`/appointments/offers/${sOffer}`);
  assert.equal(page.status, 200);
  assert.match(text(page.text), /En tidligere time er ledig/);
  const acc = await s.post(`/appointments/offers/${sOffer}/accept`);
  assert.equal(acc.status, 303, acc.text);
  const hers = booked(P.silje).map((r) => r[1]);
  assert.ok(hers.includes(String(early)) && !hers.includes(String(late[1])), 'her appointment is in the early slot, not in both');
  assert.equal(sqlValue(demo.db, `SELECT status FROM appointment WHERE id = ${sA}`), 'moved');
  assert.deepEqual(sql(demo.db, `SELECT status, reason FROM short_notice_offer WHERE id = ${mOffer}`), [['withdrawn', 'taken']]);
  // Marius answers late: "already taken", nothing changed.
  const lateAnswer = await m.post(`/appointments/offers/${mOffer}/accept`);
  assert.equal(lateAnswer.status, 409);
  assert.match(text(lateAnswer.text), /Noen andre tok denne timen/);
  assert.deepEqual(booked(P.marius).map((r) => r[0]).includes(String(mA)), true, 'Marius keeps his appointment');
  assert.equal(doubles(), 0);

  // Silje's old slot (late[1]) is offered on: to those later than it (Thomas; Marius's is earlier).
  const onward = sql(demo.db, `SELECT patient_id FROM short_notice_offer WHERE slot_id = ${late[1]} AND status = 'open'`);
  assert.deepEqual(onward, [[String(personId(demo.db, P.thomas))]]);
  const tOffer = offerOf(P.thomas, late[1]);
  assert.equal((await t.post(`/appointments/offers/${tOffer}/decline`)).status, 303);
  assert.deepEqual(sql(demo.db, `SELECT status, reason FROM short_notice_offer WHERE id = ${tOffer}`), [['declined', 'declined']]);
  assert.equal(sqlValue(demo.db, `SELECT status FROM appointment WHERE id = ${tA}`), 'booked', 'declining changes nothing');
  assert.equal((await t.post(`/appointments/offers/${tOffer}/accept`)).status, 409, 'answered already');

  // Staff of the unit see the list and every outcome with its reason.
  const marte = await staff(P.marte);
  const sn = await marte.get(`/staff/schedules/${oya}/short-notice`);
  assert.equal(sn.status, 200);
  const body = text(sn.text);
  assert.match(body, /Tatt imot: pasienten tok timen/);
  assert.match(body, /Trukket tilbake: timen ble tatt av en annen/);
  assert.match(body, /Takket nei: pasienten takket nei/);
});

test('P4: an unanswered offer expires at its deadline (jobs run) and the next person gets one', async () => {
  const hs = unitId('oya-legesenter'), gp = typeId('Legetime');
  sql(demo.db, `UPDATE unit SET offer_count = 1, offer_answer_minutes = 30 WHERE id = ${hs}`);
  const week4 = sec('2026-12-15T00:00:00Z'), week2 = sec('2026-12-01T00:00:00Z');
  const h = await citizen(P.hanne), c = await citizen(P.camilla);
  await bookEarlier(h, hs, gp, freeSlot(hs, gp, week4, 0));
  await bookEarlier(c, hs, gp, freeSlot(hs, gp, week4, 1));
  const slot = freeSlot(hs, gp, week2);
  // Staff unblock nothing; a new free slot appears by blocking and unblocking.
  const marte = await staff(P.marte);
  await marte.get(`/staff/schedules/${hs}`);
  assert.equal((await marte.post(`/staff/slots/${slot}/block`, { blocked: '1', unit: hs })).status, 303);
  assert.equal((await marte.post(`/staff/slots/${slot}/block`, { blocked: '0', unit: hs })).status, 303);
  const first = sql(demo.db, `SELECT patient_id, status FROM short_notice_offer WHERE slot_id = ${slot} ORDER BY id`);
  assert.ok(first.length >= 1);
  const openNow = first.filter((r) => r[1] === 'open');
  assert.equal(openNow.length, 1, 'K = 1');
  // Before the deadline the job changes nothing; after it, the offer expires and the next gets one.
  let r = runCli(['jobs', 'run', '--now', '2026-11-22T10:10:00Z', '--db', demo.db.url]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(num(`SELECT COUNT(*) FROM short_notice_offer WHERE slot_id = ${slot} AND status = 'open'`), 1);
  r = runCli(['jobs', 'run', '--now', '2026-11-22T11:00:00Z', '--db', demo.db.url]);
  assert.equal(r.status, 0, r.stderr);
  const after = sql(demo.db, `SELECT patient_id, status, reason FROM short_notice_offer WHERE slot_id = ${slot} ORDER BY id`);
  assert.ok(after.some((o) => o[1] === 'expired' && o[2] === 'no_answer'), JSON.stringify(after));
  assert.equal(after.filter((o) => o[1] === 'open').length, 1, 'the next person has one');
  // Idempotent: a second run at the same time changes nothing.
  const snapshot = JSON.stringify(sql(demo.db, 'SELECT id, status FROM short_notice_offer ORDER BY id'));
  r = runCli(['jobs', 'run', '--now', '2026-11-22T11:00:00Z', '--db', demo.db.url]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(JSON.stringify(sql(demo.db, 'SELECT id, status FROM short_notice_offer ORDER BY id')), snapshot);
  // The expired offer's holder answers late: expired.
  const expired = after.find((o) => o[1] === 'expired');
  const who = Object.values(P).find((nin) => String(personId(demo.db, nin)) === expired[0]);
  const b = await citizen(who, '2026-11-22T11:00:00Z');
  await b.get('/appointments');
  const id = num(`SELECT id FROM short_notice_offer WHERE slot_id = ${slot} AND status = 'expired' ORDER BY id LIMIT 1`);
  const answer = await b.post(`/appointments/offers/${id}/accept`);
  assert.equal(answer.status, 409);
  assert.match(text(answer.text), /Fristen for å svare er ute/);
});

test('P4: a representative without appointment access is refused', async () => {
  const m = await citizen(P.elisabeth);
  await m.get('/access/grant');
  assert.equal((await m.post('/access/grant', { nin: P.bjorn, family_name: 'Johansen', kind: 'health_read', valid_until: '', confirm: '1' })).status, 303);
  const rep = await citizen(P.bjorn);
  await rep.get('/access/choose');
  assert.equal((await rep.post('/access/act', { person: personId(demo.db, P.elisabeth) })).status, 303);
  const any = num('SELECT COALESCE(MAX(id), 1) FROM short_notice_offer');
  assert.equal((await rep.get(`/appointments/offers/${any}`)).status, 403);
  assert.equal((await rep.post(`/appointments/offers/${any}/accept`)).status, 403);
});

test('contention: 64 concurrent acceptors of eight offers of one slot: one moves, 0 double bookings, 0 appointments in two slots, 0 offers accepted twice', async () => {
  const oya = unitId('oya-legesenter'), gp = typeId('Legetime');
  sql(demo.db, `UPDATE unit SET offer_count = 8, offer_answer_minutes = 120 WHERE id = ${oya}`);
  const nins = [P.marius, P.silje, P.thomas, P.hanne, P.geir, P.camilla, P.bjorn, P.elisabeth];
  const week5 = sec('2026-12-22T00:00:00Z'), week1 = sec('2026-11-25T00:00:00Z');
  const browsers = [];
  for (let i = 0; i < nins.length; i++) {
    const b = await citizen(nins[i]);
    await bookEarlier(b, oya, gp, freeSlot(oya, gp, week5, 0));
    browsers.push(b);
  }
  const marte = await staff(P.marte);
  await marte.get(`/staff/schedules/${oya}`);
  const slot = freeSlot(oya, gp, week1);
  assert.equal((await marte.post(`/staff/slots/${slot}/block`, { blocked: '1', unit: oya })).status, 303);
  assert.equal((await marte.post(`/staff/slots/${slot}/block`, { blocked: '0', unit: oya })).status, 303);
  const offers = sql(demo.db, `SELECT id, patient_id FROM short_notice_offer WHERE slot_id = ${slot} AND status = 'open' ORDER BY id`);
  assert.equal(offers.length, 8, JSON.stringify(offers));
  // Each offer's holder in a browser of their own (the list holds earlier entries too).
  const holders = [];
  for (const [id, pid] of offers) {
    const nin = Object.values(P).find((n) => String(personId(demo.db, n)) === pid);
    const b = await citizen(nin);
    await b.get('/appointments');
    holders.push({ b, id });
  }
  const bookedBefore = num("SELECT COUNT(*) FROM appointment WHERE status = 'booked'");
  const results = await Promise.all(Array.from({ length: 64 }, (_, i) => holders[i % 8].b.post(`/appointments/offers/${holders[i % 8].id}/accept`)));
  const statuses = results.map((r) => r.status);
  assert.equal(statuses.filter((x) => x === 303).length, 1, statuses.join(','));
  assert.equal(statuses.filter((x) => x === 409).length, 63, statuses.join(','));
  assert.equal(doubles(), 0, 'no double bookings');
  assert.equal(num(`SELECT COUNT(*) FROM appointment WHERE slot_id = ${slot} AND status = 'booked'`), 1);
  assert.equal(num(`SELECT COUNT(*) FROM short_notice_offer WHERE slot_id = ${slot} AND status = 'accepted'`), 1, 'accepted once');
  assert.equal(num("SELECT COUNT(*) FROM appointment WHERE status = 'booked'"), bookedBefore, 'the winner moved: no appointment in two slots');
  assert.equal(num(`SELECT COUNT(*) FROM appointment a JOIN appointment b ON b.id = a.moved_to WHERE a.status = 'booked'`), 0);
});

// The list emptied of entries and open offers, so that a test sees only its own.
function freshList(unit, count) {
  sql(demo.db, `UPDATE short_notice_offer SET status = 'withdrawn', reason = 'taken', answered_at = created_at WHERE status = 'open'`);
  sql(demo.db, `DELETE FROM short_notice_offer WHERE entry_id IN (SELECT id FROM short_notice WHERE unit_id = ${unit})`);
  sql(demo.db, `DELETE FROM short_notice WHERE unit_id = ${unit}`);
  sql(demo.db, `UPDATE unit SET offer_count = ${count}, offer_answer_minutes = 120 WHERE id = ${unit}`);
}
const ingridId = () => num("SELECT s.id FROM staff s JOIN person p ON p.id = s.person_id WHERE p.nin = '14827549852'");
const openOffers = (slot) => sql(demo.db, `SELECT patient_id FROM short_notice_offer WHERE slot_id = ${slot} AND status = 'open' ORDER BY id`).map((r) => Number(r[0]));

test('P4: a one-off slot earlier than a listed person\'s appointment is offered to them; one later than every appointment to nobody', async () => {
  const oya = unitId('oya-legesenter'), gp = typeId('Legetime'), ingrid = ingridId();
  freshList(oya, 2);
  // Marius joins with an appointment in week 6, Silje with one in week 2.
  const m = await citizen(P.marius), s = await citizen(P.silje);
  await bookEarlier(m, oya, gp, freeSlot(oya, gp, sec('2026-12-29T00:00:00Z')));
  await bookEarlier(s, oya, gp, freeSlot(oya, gp, sec('2026-12-01T00:00:00Z')));
  const marte = await staff(P.marte);
  await marte.get(`/staff/schedules/${oya}`);
  const addSlot = async (day, start) => {
    const r = await marte.post(`/staff/schedules/${oya}/slots`, { staff: ingrid, day, start, minutes: '20' });
    assert.equal(r.status, 303, r.text);
    return num(`SELECT id FROM slot WHERE staff_id = ${ingrid} AND start_at = ${sec(`${day}T${start}:00+01:00`)}`);
  };
  const told = () => sql(demo.db, `SELECT kind, payload_ref FROM notification_outbox WHERE person_id = ${personId(demo.db, P.marius)} AND kind = 'short_notice_offer' ORDER BY id`);
  const toldBefore = told().length;
  // Thursday 10 December 07:00 Oslo: earlier than Marius's, later than Silje's.
  const between = await addSlot('2026-12-10', '07:00');
  assert.deepEqual(openOffers(between), [personId(demo.db, P.marius)], 'only the one whose appointment is later');
  const offer = offerOf(P.marius, between);
  assert.deepEqual(told().slice(toldBefore), [['short_notice_offer', String(offer)]], 'told that something waits, the offer id only');
  assert.match((await m.get('/appointments')).text, new RegExp(`href="/appointments/offers/${offer}"`));
  // Later than every appointment on the list: no offer.
  const late = await addSlot('2027-01-14', '07:00');
  assert.deepEqual(openOffers(late), []);
});

test('P4: slots generated from a new template line go down the list, the earliest to the first who joined; none later than the appointments', async () => {
  const oya = unitId('oya-legesenter'), gp = typeId('Legetime'), ingrid = ingridId();
  freshList(oya, 1);
  // Three join in turn, each with an appointment in week 6.
  const order = [P.hanne, P.geir, P.camilla];
  for (const nin of order) await bookEarlier(await citizen(nin), oya, gp, freeSlot(oya, gp, sec('2026-12-29T00:00:00Z')));
  const marte = await staff(P.marte);
  await marte.get(`/staff/schedules/${oya}`);
  // Saturdays 07:00-08:00 Oslo, 20-minute slots: three a Saturday, none there before.
  assert.equal((await marte.post(`/staff/schedules/${oya}/templates`, { staff: ingrid, weekday: '6', start: '07:00', end: '08:00', slot_minutes: '20' })).status, 303);
  const line = num('SELECT MAX(id) FROM schedule_template');
  const offersBefore = num('SELECT COUNT(*) FROM short_notice_offer');
  assert.equal((await marte.post(`/staff/schedules/${oya}/generate`, { weeks: '6' })).status, 303);
  const made = sql(demo.db, `SELECT id, start_at FROM slot WHERE template_id = ${line} ORDER BY start_at`);
  assert.equal(made.length, 18, 'six Saturdays of three');
  const offers = sql(demo.db, `SELECT o.patient_id, o.slot_id FROM short_notice_offer o WHERE o.status = 'open' ORDER BY o.id`);
  // K = 1: the earliest new slot to Hanne (first on the list), the next to Geir, the third to Camilla;
  // each has an offer at least as good for every later one, so nobody gets a flood.
  assert.deepEqual(offers.map(([p, sl]) => [Number(p), Number(sl)]),
    order.map((nin, i) => [personId(demo.db, nin), Number(made[i][0])]), JSON.stringify({ offers, made }));
  assert.equal(num('SELECT COUNT(*) FROM short_notice_offer') - offersBefore, 3);
  // Generating again adds no slot and no offer.
  assert.equal((await marte.post(`/staff/schedules/${oya}/generate`, { weeks: '6' })).status, 303);
  assert.equal(num(`SELECT COUNT(*) FROM slot WHERE template_id = ${line}`), 18);
  assert.equal(num('SELECT COUNT(*) FROM short_notice_offer') - offersBefore, 3);
  // Hanne declines: her slot goes to the next who has nothing as good (Geir's and Camilla's are later).
  const h = await citizen(P.hanne);
  await h.get('/appointments');
  assert.equal((await h.post(`/appointments/offers/${offerOf(P.hanne, made[0][0])}/decline`)).status, 303);
  assert.deepEqual(openOffers(made[0][0]), [personId(demo.db, P.geir)]);
  // Slots later than every appointment on the list are offered to nobody.
  const lastAppt = num(`SELECT MAX(s.start_at) FROM short_notice e JOIN appointment a ON a.id = e.appointment_id AND a.status = 'booked' JOIN slot s ON s.id = a.slot_id WHERE e.unit_id = ${oya}`);
  assert.equal(num(`SELECT COUNT(*) FROM short_notice_offer o JOIN slot s ON s.id = o.slot_id WHERE s.start_at >= ${lastAppt}`), 0);
});
