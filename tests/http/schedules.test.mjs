// schedules.test.mjs — the staff side of schedules (W2) over real HTTP:
// visit types and weekly templates edited and retired (a retired type or
// line generates no new slots, its free slots go, booked appointments stay
// as they were; an edited line's free slots are generated anew), each with
// its hostile case beside it: staff of another unit and forged ids are 404,
// a role without schedules 403, bad input a clear error in nb and en with
// nothing changed.
// Runs on SQLite, or PostgreSQL when HELSAMI_TEST_PG_URL is set.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoServer, textOf as text } from '../lib/demo.mjs';
import { sql, sqlValue, personId } from '../lib/db.mjs';

const P = {
  marius: '12848649994', silje: '03898849863', kari: '11907949887', marte: '19889549834', per: '27816849956',
  sara: '04859849860', ingrid: '14827549852', elisabeth: '02916949807', bjorn: '21876649788',
};
const NOW = '2026-11-22T10:00:00Z'; // a Sunday; the demo world is seeded for this day
const NOW_S = Date.parse(NOW) / 1000;

const demo = demoServer();

const citizen = (nin, now = NOW) => demo.citizen(nin, now);
const staff = (nin, now = NOW) => demo.staff(nin, now);
const one = (q) => sqlValue(demo.db, q);
const num = (q) => Number(one(q));
// A column of rows joined by commas (portable: PostgreSQL has no group_concat).
const col = (q) => sql(demo.db, q).map((r) => r[0]).join(',');
const unitId = (code) => num(`SELECT id FROM unit WHERE code = '${code}'`);
const typeId = (name) => num(`SELECT id FROM visit_type WHERE name_nb = '${name}'`);
const staffId = (nin) => num(`SELECT s.id FROM staff s JOIN person p ON p.id = s.person_id WHERE p.nin = '${nin}'`);
const futureFree = (where) => num(`SELECT COUNT(*) FROM slot s WHERE ${where} AND s.start_at > ${NOW_S} AND s.blocked = 0
  AND NOT EXISTS (SELECT 1 FROM appointment a WHERE a.slot_id = s.id AND a.status = 'booked')`);
const typeRow = (id) => one(`SELECT name_nb || '/' || name_en || '/' || minutes || '/' || mode || '/' || fee_nok || '/' || self_bookable || '/' || check_in || '/' || active FROM visit_type WHERE id = ${id}`);
const lineRow = (id) => one(`SELECT staff_id || '/' || weekday || '/' || start_minute || '/' || end_minute || '/' || slot_minutes || '/' || COALESCE(visit_type_id, 0) || '/' || active FROM schedule_template WHERE id = ${id}`);

const bloodType = () => num("SELECT id FROM visit_type WHERE name_nb LIKE 'Blodprøve%'");
const nurseOf = (type) => num(`SELECT staff_id FROM schedule_template WHERE visit_type_id = ${type} ORDER BY id LIMIT 1`);
const typeForm = (over = {}) => ({
  name_nb: 'Blodprøve', name_en: 'Blood test', minutes: '15', mode: 'in_person', category: 'consultation', fee: '0',
  self_bookable: '1', clinician: String(nurseOf(bloodType())), ...over,
});

test('W2: a visit type is edited (names, duration, mode, fee, self-booking, clinicians, e-check-in)', async () => {
  const oya = unitId('oya-legesenter'), blood = typeId('Blodprøve hos sykepleier');
  const marte = await staff(P.marte);
  const page = await marte.get(`/staff/schedules/${oya}`);
  assert.equal(page.status, 200);
  assert.match(page.text, new RegExp(`action="/staff/schedules/${oya}/types/${blood}"`), 'an edit form per type');
  assert.match(page.text, /name="name_en" maxlength="100" value="[^"]+"/, 'prefilled');

  const nurse = nurseOf(blood);
  const res = await marte.post(`/staff/schedules/${oya}/types/${blood}`, typeForm({ fee: '150', minutes: '20', mode: 'phone', check_in: '1', self_bookable: '1', clinician: String(staffId(P.ingrid)) }));
  assert.equal(res.status, 303, res.text);
  assert.match(res.location, /done=type_edited/);
  assert.equal(typeRow(blood), 'Blodprøve/Blood test/20/phone/150/1/1/1');
  assert.equal(col(`SELECT staff_id FROM visit_type_clinician WHERE visit_type_id = ${blood} ORDER BY staff_id`), String(staffId(P.ingrid)), 'the clinicians given replace the old');
  assert.equal((await marte.post(`/staff/schedules/${oya}/types/${blood}`, typeForm({ clinician: String(nurse) }))).status, 303);
  assert.equal(col(`SELECT staff_id FROM visit_type_clinician WHERE visit_type_id = ${blood} ORDER BY staff_id`), String(nurse));
  assert.equal(typeRow(blood), 'Blodprøve/Blood test/15/in_person/0/1/0/1', 'e-check-in off when unticked');
  const after = await marte.get(res.location);
  assert.match(text(after.text), /Timetypen er endret/);
});

test('W2: editing a type: bad input in nb and en, nothing changed; other units 404, roles without schedules 403, forged ids 404', async () => {
  const oya = unitId('oya-legesenter'), gp = typeId('Legetime'), stolavType = typeId('Poliklinisk kontroll');
  const before = typeRow(gp);
  const marte = await staff(P.marte);
  const bad = await marte.post(`/staff/schedules/${oya}/types/${gp}`, typeForm({ name_nb: 'Legetime', fee: '-5' }));
  assert.equal(bad.status, 400);
  assert.match(text(bad.text), /Egenandel/i);
  await marte.get('/staff?lang=en');
  const badEn = await marte.post(`/staff/schedules/${oya}/types/${gp}`, typeForm({ name_en: '' }));
  assert.equal(badEn.status, 400);
  assert.match(text(badEn.text), /English|required/i);
  const notHere = await marte.post(`/staff/schedules/${oya}/types/${gp}`, typeForm({ clinician: String(staffId(P.kari)) }));
  assert.equal(notHere.status, 400, 'a clinician of another unit');
  await marte.get('/staff?lang=nb');
  assert.equal(typeRow(gp), before, 'nothing changed');

  for (const id of [stolavType, 999999, 0]) {
    assert.equal((await marte.post(`/staff/schedules/${oya}/types/${id}`, typeForm())).status, 404, `type ${id}`);
    assert.equal((await marte.post(`/staff/schedules/${oya}/types/${id}/retire`, {})).status, 404, `retire ${id}`);
  }
  assert.equal((await marte.post(`/staff/schedules/${oya}/types/abc`, typeForm())).status, 404);
  assert.equal((await marte.post(`/staff/schedules/${oya}/types/999999`, {})).status, 404, 'a forged id is 404 whatever the form');
  assert.equal((await marte.post(`/staff/schedules/${oya}/templates/999999/retire`, { day: 'x' })).status, 404);
  const kari = await staff(P.kari);
  assert.equal((await kari.post(`/staff/schedules/${oya}/types/${gp}`, typeForm())).status, 404, 'staff of another unit');
  assert.equal((await kari.post(`/staff/schedules/${oya}/types/${gp}/retire`, {})).status, 404);
  assert.equal((await kari.post(`/staff/schedules/${oya}/templates/1/retire`, {})).status, 404);
  for (const nin of [P.per, P.sara]) {
    const s = await staff(nin);
    assert.equal((await s.post(`/staff/schedules/${oya}/types/${gp}`, typeForm())).status, 403);
    assert.equal((await s.post(`/staff/schedules/${oya}/types/${gp}/retire`, {})).status, 403);
  }
  const silje = await citizen(P.silje);
  assert.notEqual((await silje.post(`/staff/schedules/${oya}/types/${gp}/retire`, {})).status, 303, 'a citizen cannot');
  assert.equal(typeRow(gp), before, 'nothing changed');
  assert.equal(one(`SELECT active FROM visit_type WHERE id = ${stolavType}`), '1');
});

test('W2: an edited template line regenerates its free slots; booked ones stay; bad lines change nothing', async () => {
  const oya = unitId('oya-legesenter'), blood = bloodType(), ingrid = staffId(P.ingrid);
  const line = num(`SELECT id FROM schedule_template WHERE unit_id = ${oya} AND visit_type_id = ${blood} ORDER BY id LIMIT 1`);
  const nurse = num(`SELECT staff_id FROM schedule_template WHERE id = ${line}`);
  // A patient holds one of the line's slots.
  const marte = await staff(P.marte);
  const held = num(`SELECT id FROM slot WHERE template_id = ${line} AND start_at > ${NOW_S} ORDER BY start_at LIMIT 1`);
  const booked = await marte.post(`/staff/schedules/${oya}/book`, { slot: held, type: blood, nin: P.marius });
  assert.equal(booked.status, 303, booked.text);
  const appt = num(`SELECT id FROM appointment WHERE slot_id = ${held} AND status = 'booked'`);
  const heldStart = num(`SELECT start_at FROM slot WHERE id = ${held}`);
  assert.ok(futureFree(`s.template_id = ${line}`) > 0);

  const before = lineRow(line);
  const bad = await marte.post(`/staff/schedules/${oya}/templates/${line}`, { staff: nurse, weekday: '2', start: '10:00', end: '09:00', slot_minutes: '15', type: blood });
  assert.equal(bad.status, 400);
  assert.match(text(bad.text), /Slutten må komme etter starten/);
  assert.equal((await marte.post(`/staff/schedules/${oya}/templates/${line}`, { staff: nurse, weekday: '9', start: '10:00', end: '11:00', slot_minutes: '15' })).status, 400);
  assert.equal((await marte.post(`/staff/schedules/${oya}/templates/${line}`, { staff: nurse, weekday: '2', start: '25:00', end: '26:00', slot_minutes: '15' })).status, 400);
  assert.equal(lineRow(line), before, 'nothing changed');

  // Tuesdays 12:00-13:00 in 30-minute slots, for three weeks.
  const res = await marte.post(`/staff/schedules/${oya}/templates/${line}`, { staff: nurse, weekday: '2', start: '12:00', end: '13:00', slot_minutes: '30', type: blood, weeks: '3' });
  assert.equal(res.status, 303, res.text);
  assert.match(res.location, /done=template_edited&added=6&removed=\d+/);
  assert.equal(lineRow(line), `${nurse}/2/720/780/30/${blood}/1`);
  const starts = col(`SELECT start_at FROM slot WHERE template_id = ${line} AND start_at > ${NOW_S} AND blocked = 0 AND id <> ${held} ORDER BY start_at`).split(',').map(Number);
  assert.equal(starts.length, 6);
  // 12:00 Oslo in winter is 11:00 UTC.
  for (const s of starts) assert.equal(new Date(s * 1000).toISOString().slice(11, 16).match(/11:00|11:30/) !== null, true, new Date(s * 1000).toISOString());
  assert.equal(num(`SELECT slot_id FROM appointment WHERE id = ${appt}`), held, 'the booked appointment keeps its slot');
  assert.equal(num(`SELECT start_at FROM slot WHERE id = ${held}`), heldStart, 'and its time');
  assert.equal(one(`SELECT status FROM appointment WHERE id = ${appt}`), 'booked');

  // Forged and foreign lines.
  const stolavLine = num(`SELECT t.id FROM schedule_template t JOIN unit u ON u.id = t.unit_id WHERE u.code = 'stolav-medisinsk' LIMIT 1`);
  for (const id of [stolavLine, 999999]) assert.equal((await marte.post(`/staff/schedules/${oya}/templates/${id}`, { staff: nurse, weekday: '2', start: '12:00', end: '13:00', slot_minutes: '30' })).status, 404);
  const kari = await staff(P.kari);
  assert.equal((await kari.post(`/staff/schedules/${oya}/templates/${line}`, { staff: nurse, weekday: '2', start: '12:00', end: '13:00', slot_minutes: '30' })).status, 404);
  const per = await staff(P.per);
  assert.equal((await per.post(`/staff/schedules/${oya}/templates/${line}`, { staff: nurse, weekday: '2', start: '12:00', end: '13:00', slot_minutes: '30' })).status, 403);
  assert.equal(lineRow(line), `${nurse}/2/720/780/30/${blood}/1`);
  assert.ok(ingrid > 0);
});

test('W2: a retired line and a retired type generate no new slots; booked appointments stay and keep their data', async () => {
  const oya = unitId('oya-legesenter'), blood = bloodType();
  const lines = col(`SELECT id FROM schedule_template WHERE unit_id = ${oya} AND visit_type_id = ${blood} AND active = 1 ORDER BY id`).split(',').map(Number);
  const marte = await staff(P.marte);

  // A line retired: its free slots go, generating adds none for it.
  const last = lines[lines.length - 1];
  assert.ok(futureFree(`s.template_id = ${last}`) > 0);
  const ret = await marte.post(`/staff/schedules/${oya}/templates/${last}/retire`, {});
  assert.equal(ret.status, 303);
  assert.match(ret.location, /done=template_retired/);
  assert.equal(futureFree(`s.template_id = ${last}`), 0);
  assert.equal((await marte.post(`/staff/schedules/${oya}/generate`, { weeks: '6' })).status, 303);
  assert.equal(futureFree(`s.template_id = ${last}`), 0, 'a retired line generates nothing');
  assert.equal((await marte.post(`/staff/schedules/${oya}/templates/${last}`, { staff: staffId(P.ingrid), weekday: '2', start: '12:00', end: '13:00', slot_minutes: '30' })).status, 400, 'a retired line cannot be edited');

  // The type retired: every booked appointment of it stays as it was.
  const booked = col(`SELECT a.id || ':' || a.slot_id || ':' || s.start_at FROM appointment a JOIN slot s ON s.id = a.slot_id WHERE a.visit_type_id = ${blood} AND a.status = 'booked' ORDER BY a.id`);
  assert.ok(booked, 'the demo world and the test above hold booked ones');
  const res = await marte.post(`/staff/schedules/${oya}/types/${blood}/retire`, {});
  assert.equal(res.status, 303);
  assert.equal(one(`SELECT active FROM visit_type WHERE id = ${blood}`), '0');
  assert.equal(num(`SELECT COUNT(*) FROM schedule_template WHERE visit_type_id = ${blood} AND active = 1`), 0, 'its lines end with it');
  assert.equal(futureFree(`s.visit_type_id = ${blood}`), 0, 'its free slots are gone');
  assert.equal(col(`SELECT a.id || ':' || a.slot_id || ':' || s.start_at FROM appointment a JOIN slot s ON s.id = a.slot_id WHERE a.visit_type_id = ${blood} AND a.status = 'booked' ORDER BY a.id`), booked, 'booked appointments stay');
  assert.equal((await marte.post(`/staff/schedules/${oya}/generate`, { weeks: '6' })).status, 303);
  assert.equal(futureFree(`s.visit_type_id = ${blood}`), 0, 'nothing generated for it');
  assert.equal((await marte.post(`/staff/schedules/${oya}/types/${blood}/retire`, {})).status, 303, 'retiring twice changes nothing');

  // Nobody books it any more; it still reads on the appointment.
  const free = num(`SELECT s.id FROM slot s WHERE s.unit_id = ${oya} AND s.visit_type_id IS NULL AND s.start_at > ${NOW_S} AND s.blocked = 0
    AND NOT EXISTS (SELECT 1 FROM appointment a WHERE a.slot_id = s.id AND a.status = 'booked') ORDER BY s.start_at LIMIT 1`);
  const staffBook = await marte.post(`/staff/schedules/${oya}/book`, { slot: free, type: blood, nin: P.marius });
  assert.equal(staffBook.status, 400);
  assert.match(text(staffBook.text), /Timetypen er avsluttet/);
  const marius = await citizen(P.marius);
  const own = await marius.post('/appointments/book', { unit: oya, type: blood, slot: free });
  assert.equal(own.status, 400);
  const mine = num(`SELECT a.id FROM appointment a WHERE a.patient_id = ${personId(demo.db, P.marius)} AND a.visit_type_id = ${blood} AND a.status = 'booked' LIMIT 1`);
  const page = await marius.get(`/appointments/${mine}`);
  assert.equal(page.status, 200);
  assert.match(text(page.text), /Blodprøve/);
  const schedule = await marte.get(`/staff/schedules/${oya}?day=2026-11-24`);
  assert.match(text(schedule.text), /Blodprøve: .*Avsluttet/);
  assert.doesNotMatch(schedule.text, new RegExp(`action="/staff/schedules/${oya}/types/${blood}"`), 'no edit form for a retired type');
  const bookSelects = schedule.text.match(/id="type-\d+" name="type">.*?<\/select>/g) || [];
  assert.ok(bookSelects.length > 0);
  for (const sel of bookSelects) assert.doesNotMatch(sel, new RegExp(`<option value="${blood}">`), 'not offered for booking');
});

test('W2: a clinician\'s absence removes their free slots, keeps templates from generating there and lists the appointments it hits', async () => {
  const oya = unitId('oya-legesenter'), ingrid = staffId(P.ingrid);
  const dayStart = Date.parse('2026-11-25T00:00:00+01:00') / 1000, dayEnd = dayStart + 86400;
  const onDay = (who) => `s.staff_id = ${who} AND s.start_at >= ${dayStart} AND s.start_at < ${dayEnd}`;
  const others = num(`SELECT COUNT(*) FROM slot s WHERE s.unit_id = ${oya} AND s.staff_id <> ${ingrid} AND s.start_at >= ${dayStart} AND s.start_at < ${dayEnd}`);
  assert.ok(futureFree(onDay(ingrid)) > 0, 'Ingrid has free slots that Wednesday');
  const hit = num(`SELECT a.id FROM appointment a JOIN slot s ON s.id = a.slot_id WHERE a.status = 'booked' AND ${onDay(ingrid)} ORDER BY s.start_at LIMIT 1`);
  const hitSlot = num(`SELECT slot_id FROM appointment WHERE id = ${hit}`);
  const patient = num(`SELECT patient_id FROM appointment WHERE id = ${hit}`);
  const marte = await staff(P.marte);

  const res = await marte.post(`/staff/schedules/${oya}/closures`, { staff: ingrid, from: '2026-11-25', to: '2026-11-25', reason: 'Kurs' });
  assert.equal(res.status, 303, res.text);
  assert.match(res.location, /done=added&removed=[1-9]/);
  assert.equal(futureFree(onDay(ingrid)), 0, 'her free slots that day are gone');
  assert.equal(num(`SELECT COUNT(*) FROM slot s WHERE s.unit_id = ${oya} AND s.staff_id <> ${ingrid} AND s.start_at >= ${dayStart} AND s.start_at < ${dayEnd}`), others, 'nobody else\'s');
  assert.equal(one(`SELECT status FROM appointment WHERE id = ${hit}`), 'booked', 'booked appointments stay');
  assert.equal((await marte.post(`/staff/schedules/${oya}/generate`, { weeks: '2' })).status, 303);
  assert.equal(futureFree(onDay(ingrid)), 0, 'templates generate nothing in an absence');

  const page = await marte.get(res.location);
  assert.equal(page.status, 200);
  const t = text(page.text);
  assert.match(t, /Ingrid .*: onsdag 25\. november/i);
  assert.match(t, /Kurs/);
  assert.match(page.text, new RegExp(`href="/staff/schedules/${oya}\\?day&#61;2026-11-25#slot-${hitSlot}"`), `links to where it is moved or cancelled: ${(page.text.match(/href="[^"]*#slot[^"]*"/) || [''])[0]}`);
  assert.ok(num(`SELECT COUNT(*) FROM audit_log WHERE patient_id = ${patient} AND what = 'appointments' AND actor_staff_id = ${staffId(P.marte)} AND action = 'read'`) >= 1, 'each listed appointment is a logged read');
});

test('W2: a unit closure for part of a day, in Oslo time; bad spans, other units, roles and forged ids', async () => {
  const oya = unitId('oya-legesenter');
  const marte = await staff(P.marte);
  // 30 November 09:00-10:00 Oslo (08:00-09:00 UTC): the 09:40 appointment is hit, the 08:30 one is not.
  const res = await marte.post(`/staff/schedules/${oya}/closures`, { from: '2026-11-30', from_time: '09:00', to: '2026-11-30', to_time: '10:00' });
  assert.equal(res.status, 303, res.text);
  const k = num(`SELECT id FROM schedule_closure WHERE unit_id = ${oya} AND staff_id IS NULL`);
  assert.equal(num(`SELECT starts_at FROM schedule_closure WHERE id = ${k}`), Date.parse('2026-11-30T08:00:00Z') / 1000);
  assert.equal(num(`SELECT ends_at FROM schedule_closure WHERE id = ${k}`), Date.parse('2026-11-30T09:00:00Z') / 1000);
  assert.equal(futureFree(`s.unit_id = ${oya} AND s.start_at < ${Date.parse('2026-11-30T09:00:00Z') / 1000} AND s.end_at > ${Date.parse('2026-11-30T08:00:00Z') / 1000}`), 0);
  const page = await marte.get(`/staff/schedules/${oya}/closures`);
  const card = page.text.match(new RegExp(`id="closure-${k}"[\\s\\S]*?</li>\\s*(?=<li class="ds-card|</ul>\\s*</section>)`))[0];
  assert.match(text(card), /Hele enheten/);
  assert.match(text(card), /09[.:]40/);
  assert.doesNotMatch(text(card), /08[.:]30/);

  // Bad spans: a clear error in nb and en, nothing added.
  const count = () => num('SELECT COUNT(*) FROM schedule_closure');
  const before = count();
  const backwards = await marte.post(`/staff/schedules/${oya}/closures`, { from: '2026-12-02', to: '2026-12-01' });
  assert.equal(backwards.status, 400);
  assert.match(text(backwards.text), /Perioden må slutte etter at den begynner/);
  const skipped = await marte.post(`/staff/schedules/${oya}/closures`, { staff: staffId(P.ingrid), from: '2027-03-28', from_time: '02:30', to: '2027-03-28', to_time: '04:00' });
  assert.equal(skipped.status, 400, 'the hour skipped in March does not exist');
  assert.equal((await marte.post(`/staff/schedules/${oya}/closures`, { from: '2026-11-01', to: '2026-11-02' })).status, 400, 'all in the past');
  assert.equal((await marte.post(`/staff/schedules/${oya}/closures`, { from: '2026-12-01', from_time: '9', to: '2026-12-01' })).status, 400);
  assert.equal((await marte.post(`/staff/schedules/${oya}/closures`, { staff: staffId(P.kari), from: '2026-12-01', to: '2026-12-01' })).status, 400, 'a clinician of another unit');
  await marte.get('/staff?lang=en');
  const en = await marte.post(`/staff/schedules/${oya}/closures`, { from: '2026-12-02', to: '2026-12-01' });
  assert.match(text(en.text), /The period must end after it begins/);
  await marte.get('/staff?lang=nb');
  assert.equal(count(), before, 'nothing added');

  // Others: 404 for another unit's staff and forged or foreign ids, 403 for roles without schedules.
  const kari = await staff(P.kari);
  assert.equal((await kari.get(`/staff/schedules/${oya}/closures`)).status, 404);
  assert.equal((await kari.post(`/staff/schedules/${oya}/closures`, { from: '2026-12-01', to: '2026-12-01' })).status, 404);
  assert.equal((await kari.post(`/staff/schedules/${oya}/closures/${k}/remove`, {})).status, 404);
  const per = await staff(P.per);
  assert.equal((await per.get(`/staff/schedules/${oya}/closures`)).status, 403);
  assert.equal((await per.post(`/staff/schedules/${oya}/closures/${k}/remove`, {})).status, 403);
  const stolav = unitId('stolav-medisinsk');
  assert.equal((await marte.post(`/staff/schedules/${stolav}/closures/${k}/remove`, {})).status, 404);
  assert.equal((await marte.post(`/staff/schedules/${oya}/closures/999999/remove`, {})).status, 404);
  assert.equal(count(), before);
  const removed = await marte.post(`/staff/schedules/${oya}/closures/${k}/remove`, {});
  assert.equal(removed.status, 303);
  assert.equal(count(), before - 1);
});

test('W2: a one-off slot inside a unit closure or a clinician\'s absence is refused with the reason, nothing added', async () => {
  const oya = unitId('oya-legesenter'), ingrid = staffId(P.ingrid);
  const marte = await staff(P.marte);
  const slots = () => num(`SELECT COUNT(*) FROM slot WHERE unit_id = ${oya}`);
  // The whole unit closed on Thursday 3 December; Ingrid away on Friday 4 December 09:00-11:00 Oslo.
  assert.equal((await marte.post(`/staff/schedules/${oya}/closures`, { from: '2026-12-03', to: '2026-12-03', reason: 'Planleggingsdag' })).status, 303);
  assert.equal((await marte.post(`/staff/schedules/${oya}/closures`, { staff: ingrid, from: '2026-12-04', from_time: '09:00', to: '2026-12-04', to_time: '11:00', reason: 'Fagdag' })).status, 303);
  const made = sql(demo.db, `SELECT id FROM schedule_closure WHERE unit_id = ${oya} AND reason IN ('Planleggingsdag', 'Fagdag')`).map((r) => r[0]);
  assert.equal(made.length, 2);
  const before = slots();
  const add = (b, day, start, minutes = '20') => b.post(`/staff/schedules/${oya}/slots`, { staff: ingrid, day, start, minutes });

  const closed = await add(marte, '2026-12-03', '12:00');
  assert.equal(closed.status, 400);
  assert.match(text(closed.text), /Enheten er stengt på det tidspunktet/);
  const away = await add(marte, '2026-12-04', '10:30');
  assert.equal(away.status, 400);
  assert.match(text(away.text), /Behandleren er fraværende på det tidspunktet/);
  assert.equal((await add(marte, '2026-12-04', '08:50')).status, 400, 'ending inside the absence');
  assert.equal((await add(marte, '2026-12-02', '23:50', '15')).status, 400, 'running into the closed day');
  await marte.get('/staff?lang=en');
  assert.match(text((await add(marte, '2026-12-04', '10:30')).text), /The clinician is absent at that time/);
  assert.match(text((await add(marte, '2026-12-03', '12:00')).text), /The unit is closed at that time/);
  await marte.get('/staff?lang=nb');
  // Others: another unit's staff 404, a role without schedules 403.
  assert.equal((await add(await staff(P.kari), '2026-12-03', '12:00')).status, 404);
  assert.equal((await add(await staff(P.per), '2026-12-04', '10:30')).status, 403);
  assert.equal(slots(), before, 'nothing added');

  // Right up to the absence and just after it are open.
  const edge = await add(marte, '2026-12-04', '08:43', '17');
  assert.equal(edge.status, 303, edge.text);
  assert.equal((await add(marte, '2026-12-04', '11:01')).status, 303);
  assert.equal(slots(), before + 2);
  for (const k of made) assert.equal((await marte.post(`/staff/schedules/${oya}/closures/${k}/remove`, {})).status, 303);
  assert.equal((await add(marte, '2026-12-03', '12:00')).status, 303, 'open again once the closure is removed');
});

test('demo world: Øya\'s short-notice list holds Geir, then Camilla; Ingrid\'s absence lists Camilla\'s appointment', async () => {
  const oya = unitId('oya-legesenter');
  const hilde = await staff('09838749817');
  const list = await hilde.get(`/staff/schedules/${oya}/short-notice`);
  assert.equal(list.status, 200);
  assert.match(text(list.text), /Geir [^.]*Legetime.*Camilla [^.]*Legetime/);
  const closures = await hilde.get(`/staff/schedules/${oya}/closures`);
  assert.match(text(closures.text), /Ingrid Solberg: .*08[.:]00–10[.:]00 Legemøte .*Camilla/);
});

test('W2/P4: the rules form shows and sets the short-notice numbers; out of range is refused and changes nothing', async () => {
  const oya = unitId('oya-legesenter');
  const rules = () => one(`SELECT offer_count || '/' || offer_answer_minutes || '/' || change_deadline_hours || '/' || phone FROM unit WHERE id = ${oya}`);
  const marte = await staff(P.marte);
  const page = await marte.get(`/staff/schedules/${oya}`);
  const [count, minutes] = rules().split('/');
  assert.match(page.text, new RegExp(`name="offers" min="1" max="20" value="${count}"`));
  assert.match(page.text, new RegExp(`name="answer_minutes" min="5" max="2880" value="${minutes}"`));
  const form = { self_booking: '1', self_change: '1', change_requests: '1', deadline: '24', weeks: '6', phone: '73 00 00 00' };
  const res = await marte.post(`/staff/schedules/${oya}/rules`, { ...form, offers: '5', answer_minutes: '90' });
  assert.equal(res.status, 303, res.text);
  assert.equal(rules(), '5/90/24/73 00 00 00');
  for (const bad of [{ offers: '0', answer_minutes: '90' }, { offers: '21', answer_minutes: '90' }, { offers: '5', answer_minutes: '4' }, { offers: '5', answer_minutes: '2881' }, { offers: '5' }]) {
    const r = await marte.post(`/staff/schedules/${oya}/rules`, { ...form, deadline: '12', ...bad });
    assert.equal(r.status, 400, JSON.stringify(bad));
  }
  const nb = await marte.post(`/staff/schedules/${oya}/rules`, { ...form, offers: '0', answer_minutes: '90' });
  assert.match(text(nb.text), /Tilbud om gangen/);
  await marte.get('/staff?lang=en');
  const en = await marte.post(`/staff/schedules/${oya}/rules`, { ...form, offers: '5', answer_minutes: '3000' });
  assert.match(text(en.text), /Answer time \(minutes\)/);
  await marte.get('/staff?lang=nb');
  assert.equal(rules(), '5/90/24/73 00 00 00', 'nothing changed');
  const kari = await staff(P.kari);
  assert.equal((await kari.post(`/staff/schedules/${oya}/rules`, { ...form, offers: '1', answer_minutes: '5' })).status, 404);
  const per = await staff(P.per);
  assert.equal((await per.post(`/staff/schedules/${oya}/rules`, { ...form, offers: '1', answer_minutes: '5' })).status, 403);
  assert.equal(rules(), '5/90/24/73 00 00 00');
});

test('P2: free times are grouped by ISO week, then by day, for a phone user to scan', async () => {
  const oya = unitId('oya-legesenter'), gp = typeId('Legetime');
  const marius = await citizen(P.marius);
  const page = await marius.get(`/appointments/book?unit=${oya}&type=${gp}`);
  assert.equal(page.status, 200);
  const weeks = [...page.text.matchAll(/<h2 class="ds-heading" data-size="sm" id="week-(\d+)-(\d+)">([^<]+)<\/h2>/g)].map((m) => [m[1], m[2], m[3]]);
  // Sunday 22 November 2026 is in week 47; the first free times are in week 48 (23-29 November), then 49 ...
  assert.ok(weeks.length >= 3, JSON.stringify(weeks));
  assert.deepEqual(weeks[0], ['2026', '48', 'Uke 48']);
  assert.deepEqual(weeks[1], ['2026', '49', 'Uke 49']);
  // Each day's fieldset sits under its week: 30 November (a Monday) under week 49, 29 November (a Sunday) never in 49.
  const week49 = page.text.match(/id="week-2026-49">[\s\S]*?<\/section>/)[0];
  assert.match(week49, /mandag 30\. november/);
  assert.doesNotMatch(week49, /november 2026<\/legend>[\s\S]*søndag 29\. november/);
  assert.doesNotMatch(page.text.match(/id="week-2026-48">[\s\S]*?<\/section>/)[0], /30\. november/);
  await marius.get('/?lang=en');
  const en = await marius.get(`/appointments/book?unit=${oya}&type=${gp}`);
  assert.match(en.text, /id="week-2026-48">Week 48</);
  await marius.get('/?lang=nb');
  // Across New Year the year is named: week 53 of 2026 runs into 2027.
  const late = await citizen(P.marius, '2026-12-27T10:00:00Z');
  const ny = await late.get(`/appointments/book?unit=${oya}&type=${gp}`);
  assert.equal(ny.status, 200);
  assert.match(ny.text, /id="week-2026-53">Uke 53</);
});

test('W2: the chart\'s appointment section lists the patient\'s appointments at the unit the chart is open in, logged', async () => {
  const marius = personId(demo.db, P.marius);
  const marte = await staff(P.marte);
  const reads = () => num(`SELECT COUNT(*) FROM audit_log WHERE patient_id = ${marius} AND what = 'appointments' AND action = 'read' AND actor_staff_id = ${staffId(P.marte)} AND actor_role = 'office'`);
  const before = reads();
  const chart = await marte.get(`/staff/patients/${marius}`);
  assert.match(chart.text, new RegExp(`href="/staff/patients/${marius}/appointments"`), 'a section of the chart');
  const page = await marte.get(`/staff/patients/${marius}/appointments`);
  assert.equal(page.status, 200);
  const t = text(page.text);
  assert.match(t, /Marius/);
  assert.match(t, /Kommende.*Legetime.*Tidligere.*Legetime/);
  assert.doesNotMatch(t, /Poliklinisk kontroll/, 'not the hospital\'s appointment: another unit');
  assert.equal(reads(), before + 1, 'the read is logged');
  // Another unit's staff: 404; a role without schedules: 403; a patient outside one's units and forged ids: 404.
  assert.equal((await (await staff(P.kari)).get(`/staff/patients/${marius}/appointments`)).status, 404);
  assert.equal((await (await staff(P.sara)).get(`/staff/patients/${marius}/appointments`)).status, 403);
  const outside = num(`SELECT p.id FROM person p WHERE NOT EXISTS (SELECT 1 FROM patient_unit pu WHERE pu.person_id = p.id AND pu.unit_id = ${unitId('oya-legesenter')}) ORDER BY p.id LIMIT 1`);
  for (const id of [outside, 999999, 'abc']) assert.equal((await marte.get(`/staff/patients/${id}/appointments`)).status, 404, String(id));
  const silje = await citizen(P.silje);
  assert.notEqual((await silje.get(`/staff/patients/${marius}/appointments`)).status, 200);
});

test('W2: staff cancel the appointments a closure hits in one action with a reason the patient (and their representative) sees; each is told; the slots are not offered on', async () => {
  const oya = unitId('oya-legesenter'), gp = typeId('Legetime'), ingrid = staffId(P.ingrid);
  const day = '2026-12-08'; // a Tuesday: Ingrid works, nobody's appointment there in the demo world
  const from = Date.parse(`${day}T00:00:00+01:00`) / 1000;
  const freeOnDay = (skip) => num(`SELECT s.id FROM slot s WHERE s.staff_id = ${ingrid} AND s.blocked = 0 AND s.start_at >= ${from} AND s.start_at < ${from + 86400}
    AND NOT EXISTS (SELECT 1 FROM appointment a WHERE a.slot_id = s.id AND a.status = 'booked') ORDER BY s.start_at LIMIT 1 OFFSET ${skip}`);
  const book = async (nin, slot, earlier) => {
    const b = await citizen(nin);
    await b.get('/appointments/book');
    const r = await b.post('/appointments/book', earlier ? { unit: oya, type: gp, slot, earlier: '1' } : { unit: oya, type: gp, slot });
    assert.equal(r.status, 303, r.text);
    return Number(r.location.match(/\/appointments\/(\d+)/)[1]);
  };
  // Elisabeth (whom Bjørn may act for in appointments) and Marius have appointments that Tuesday;
  // Silje is on the short-notice list with a later one, so a freed slot there would be offered to her.
  const e = await citizen(P.elisabeth);
  await e.get('/access/grant');
  assert.equal((await e.post('/access/grant', { nin: P.bjorn, family_name: 'Johansen', kind: 'appointments_messages', valid_until: '', confirm: '1' })).status, 303);
  const hitE = await book(P.elisabeth, freeOnDay(0)), hitM = await book(P.marius, freeOnDay(0));
  const later = num(`SELECT s.id FROM slot s WHERE s.staff_id = ${ingrid} AND s.blocked = 0 AND s.start_at > ${from + 7 * 86400}
    AND NOT EXISTS (SELECT 1 FROM appointment a WHERE a.slot_id = s.id AND a.status = 'booked') ORDER BY s.start_at LIMIT 1`);
  const silje = await book(P.silje, later, true);
  const slotOf = (id) => num(`SELECT slot_id FROM appointment WHERE id = ${id}`);
  const marte = await staff(P.marte);
  assert.equal((await marte.post(`/staff/schedules/${oya}/closures`, { staff: ingrid, from: day, to: day, reason: 'Syk' })).status, 303);
  const k = num(`SELECT MAX(id) FROM schedule_closure WHERE unit_id = ${oya}`);
  const page = await marte.get(`/staff/schedules/${oya}/closures`);
  assert.equal(page.status, 200);
  assert.match(page.text, new RegExp(`action="/staff/schedules/${oya}/closures/${k}/cancel"`));
  for (const id of [hitE, hitM]) assert.match(page.text, new RegExp(`name="appointment" value="${id}" checked`), 'each hit ticked');

  const state = () => col(`SELECT status FROM appointment WHERE id IN (${hitE}, ${hitM}, ${silje}) ORDER BY id`);
  const before = state(), events = () => num(`SELECT COUNT(*) FROM notification_outbox WHERE kind = 'appointment'`);
  const eventsBefore = events();
  const reason = 'Legen er dessverre syk. Ring oss for ny time.';
  const cancel = (b, form, unit = oya, item = k) => b.post(`/staff/schedules/${unit}/closures/${item}/cancel`, form);
  // Hostile and bad input: nothing changes.
  assert.equal((await cancel(await staff(P.kari), { appointment: String(hitE), reason })).status, 404, 'staff of another unit');
  assert.equal((await cancel(await staff(P.per), { appointment: String(hitE), reason })).status, 403, 'a role without schedules');
  assert.equal((await cancel(marte, { appointment: String(hitE), reason }, oya, 999999)).status, 404, 'a forged closure');
  assert.equal((await cancel(marte, { appointment: String(hitE), reason }, unitId('stolav-medisinsk'))).status, 404, 'a closure under another unit');
  assert.equal((await cancel(marte, { appointment: [String(hitE), '999999999'], reason })).status, 404, 'a forged appointment');
  assert.equal((await cancel(marte, { appointment: [String(hitE), String(silje)], reason })).status, 404, 'one the closure does not hit');
  const noReason = await cancel(marte, { appointment: String(hitE), reason: '' });
  assert.equal(noReason.status, 400);
  assert.match(text(noReason.text), /Grunn til avlysningen/);
  assert.equal((await cancel(marte, { reason })).status, 400, 'none chosen');
  await marte.get('/staff?lang=en');
  assert.match(text((await cancel(marte, { reason })).text), /Choose at least one appointment to cancel/);
  await marte.get('/staff?lang=nb');
  assert.equal(state(), before);
  assert.equal(events(), eventsBefore);

  const res = await cancel(marte, { appointment: [String(hitE), String(hitM)], reason });
  assert.equal(res.status, 303, res.text);
  assert.match(res.location, /done=cancelled&cancelled=2/);
  assert.equal(events(), eventsBefore + 2);
  for (const id of [hitE, hitM]) {
    assert.equal(one(`SELECT status || '/' || cancelled_by_staff || '/' || cancelled_reason FROM appointment WHERE id = ${id}`), `cancelled/1/${reason}`);
    // Told that something waits: the kind and the appointment's id, nothing about unit, clinician or type.
    assert.equal(num(`SELECT COUNT(*) FROM notification_outbox WHERE kind = 'appointment' AND payload_ref = ${id}`), 2, 'booked, then cancelled');
    // The slot lies in the absence: removed (blocked, it has history), offered to nobody.
    assert.equal(num(`SELECT blocked FROM slot WHERE id = ${slotOf(id)}`), 1);
    assert.equal(num(`SELECT COUNT(*) FROM short_notice_offer WHERE slot_id = ${slotOf(id)}`), 0, 'not offered on');
    assert.ok(num(`SELECT COUNT(*) FROM audit_log WHERE what = 'appointments' AND what_id = '${id}' AND action = 'update' AND actor_staff_id = ${staffId(P.marte)}`) >= 1, 'logged');
  }
  assert.equal(one(`SELECT status FROM appointment WHERE id = ${silje}`), 'booked');
  assert.match(text((await marte.get(res.location)).text), /Antall timer avlyst: 2/);
  // Again (a second click): nothing more to do.
  const again = await cancel(marte, { appointment: [String(hitE), String(hitM)], reason });
  assert.equal(again.status, 303);
  assert.match(again.location, /cancelled=0/);
  assert.equal(events(), eventsBefore + 2);

  // The patient and the representative see the cancellation and its reason.
  const ePage = await e.get(`/appointments/${hitE}`);
  assert.equal(ePage.status, 200);
  assert.match(text(ePage.text), /Legen er dessverre syk/);
  const rep = await citizen(P.bjorn);
  await rep.get('/access/choose');
  assert.equal((await rep.post('/access/act', { person: personId(demo.db, P.elisabeth) })).status, 303);
  const rPage = await rep.get(`/appointments/${hitE}`);
  assert.equal(rPage.status, 200);
  assert.match(text(rPage.text), /Avlyst/i);
  assert.match(text(rPage.text), /Legen er dessverre syk/);
  assert.equal((await rep.get(`/appointments/${hitM}`)).status, 404, 'not someone else\'s');
});

test('demo world: the health station\'s planning day, Emma\'s check-up that day cancelled with a reason her father sees', async () => {
  const station = unitId('helsestasjon-sentrum');
  const kari = await staff(P.kari);
  const closures = await kari.get(`/staff/schedules/${station}/closures`);
  assert.equal(closures.status, 200);
  assert.match(text(closures.text), /Hele enheten: .*Planleggingsdag Ingen bestilte timer er berørt/);
  const emma = personId(demo.db, '15862199860');
  const id = num(`SELECT id FROM appointment WHERE patient_id = ${emma} AND status = 'cancelled' AND cancelled_by_staff = 1`);
  assert.equal(num(`SELECT s.blocked FROM slot s JOIN appointment a ON a.slot_id = s.id WHERE a.id = ${id}`), 1, 'its slot is not offered or booked again');
  const m = await citizen(P.marius);
  await m.get('/access/parent');
  assert.equal((await m.post('/access/parent', { nin: '15862199860' })).status, 303);
  await m.get('/access/choose');
  assert.equal((await m.post('/access/act', { person: emma })).status, 303);
  assert.match((await m.get('/appointments')).text, new RegExp(`href="/appointments/${id}"`));
  assert.match(text((await m.get(`/appointments/${id}`)).text), /Helsestasjonen er stengt denne dagen\. Vi ringer dere for en ny time\./);
});
