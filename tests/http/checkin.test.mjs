// checkin.test.mjs — e-check-in (P6) over real HTTP with TestID logins, from
// SPEC P6 and issue #13: "from a window before the appointment (7 days)
// until a cut-off (1 hour) they confirm their contact details and answer
// the questionnaires tied to the appointment (a clinician sending a
// questionnaire can now tie it to an appointment). Staff see check-in
// status on the day list and in a check-in queue." Each rule with its
// hostile case: not yet open, closed, another person's appointment, a
// questionnaire tied to an appointment that is not the patient's upcoming
// one at the sender's unit, a representative checking in for a child (both
// identities in the access log), staff of another unit. And the jobs behind
// it: check-in openings and reminders announced exactly once, even by two
// processes at once, with nothing but "something is waiting" in the outbox.
// Runs on SQLite, or PostgreSQL when HELSAMI_TEST_PG_URL is set.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, runCliAsync } from '../lib/server.mjs';
import { demoServer, textOf as text, seedDemo } from '../lib/demo.mjs';
import { sql, sqlValue, personId } from '../lib/db.mjs';

const P = {
  marius: '12848649994', silje: '03898849863', emma: '15862199860', astrid: '08833849868',
  ingrid: '14827549852', eirik: '05927049955',
};
const NOW = '2026-11-22T10:00:00Z'; // the seed day, a Sunday
const OPEN = '2026-11-26T10:00:00Z'; // Marius' outpatient follow-up on 2 December: check-in opened on 25 November

const demo = demoServer();

const citizen = (nin, now = NOW) => demo.citizen(nin, now);
const staff = (nin, now = NOW) => demo.staff(nin, now);
const num = (q) => Number(sqlValue(demo.db, q));
const unitId = (code) => num(`SELECT id FROM unit WHERE code = '${code}'`);
const apptOf = (nin, typeName) => num(`SELECT a.id FROM appointment a JOIN visit_type v ON v.id = a.visit_type_id
  WHERE a.patient_id = ${personId(demo.db, nin)} AND v.name_nb = '${typeName}' AND a.status = 'booked' ORDER BY a.id LIMIT 1`);
const HOSPITAL = 'Poliklinisk kontroll', GP = 'Legetime', STATION = 'Helsestasjonskontroll';

// POSTs pairs as a browser does, with the form token.
const postPairs = (b, path, pairs) => b.request(path, {
  method: 'POST',
  body: new URLSearchParams([['csrf', b.csrf ?? ''], ...pairs]),
  headers: { origin: b.base, 'content-type': 'application/x-www-form-urlencoded' },
});

// Eirik sends "Før timen hos fastlegen" to Marius from the hospital, tied to `appointment`.
async function sendTied(eirik, appointment) {
  const pid = personId(demo.db, P.marius);
  const page = await eirik.get(`/staff/patients/${pid}/questionnaires`);
  assert.equal(page.status, 200);
  const def = page.text.match(/<option value="(\d+)">Før timen hos fastlegen \(/)[1];
  return eirik.post(`/staff/patients/${pid}/questionnaires`, { questionnaire: def, due_on: '', appointment: String(appointment) });
}

test('before the window: the page says when check-in opens, and checking in is refused', async () => {
  const m = await citizen(P.marius);
  const id = apptOf(P.marius, HOSPITAL);
  const appt = await m.get(`/appointments/${id}`);
  assert.match(text(appt.text), /Innsjekking ikke åpnet ennå\. Sjekk inn/);
  const page = await m.get(`/appointments/${id}/check-in`);
  assert.equal(page.status, 200);
  assert.match(text(page.text), /Innsjekkingen åpner 25\. november 2026 kl\. 13\.00/);
  assert.doesNotMatch(page.text, /name="confirm"/);
  const r = await m.post(`/appointments/${id}/check-in`, { confirm: 'on' });
  assert.equal(r.status, 400);
  assert.match(text(r.text), /Innsjekkingen er ikke åpen for denne timen nå/);
  assert.equal(num(`SELECT COUNT(*) FROM appointment WHERE id = ${id} AND checked_in_at IS NOT NULL`), 0);
  // A type without check-in: the page says so, no link on the appointment.
  const gp = apptOf(P.marius, GP);
  assert.doesNotMatch((await m.get(`/appointments/${gp}`)).text, /check-in/);
  assert.match(text((await m.get(`/appointments/${gp}/check-in`)).text), /Denne timen har ikke innsjekking på forhånd/);
});

test('a questionnaire is tied only to the patient\'s upcoming appointment at the sender\'s unit', async () => {
  const eirik = await staff(P.eirik);
  const before = num('SELECT COUNT(*) FROM questionnaire_request');
  for (const wrong of [apptOf(P.marius, GP), apptOf(P.silje, 'Videokonsultasjon med fastlegen'), 99999999]) {
    const r = await sendTied(eirik, wrong);
    assert.equal(r.status, 400, `appointment ${wrong}`);
    assert.match(text(r.text), /Velg en kommende time pasienten har hos denne enheten/);
  }
  assert.equal(num('SELECT COUNT(*) FROM questionnaire_request'), before, 'nothing sent');
  const hosp = apptOf(P.marius, HOSPITAL);
  const page = await eirik.get(`/staff/patients/${personId(demo.db, P.marius)}/questionnaires`);
  const offered = [...page.text.match(/<select [^>]*name="appointment">[\s\S]*?<\/select>/)[0].matchAll(/<option value="(\d+)"/g)].map((o) => Number(o[1]));
  assert.deepEqual(offered, [hosp], 'only the upcoming one at the hospital, not the GP\'s');
  const ok = await sendTied(eirik, hosp);
  assert.equal(ok.status, 303, ok.text);
  assert.equal(num(`SELECT COUNT(*) FROM questionnaire_request WHERE appointment_id = ${hosp}`), 1);
});

test('in the window: confirm the contact details and answer the tied questionnaire, then checked in once', async () => {
  const id = apptOf(P.marius, HOSPITAL);
  const m = await citizen(P.marius, OPEN);
  const page = await m.get(`/appointments/${id}/check-in`);
  assert.equal(page.status, 200);
  const body = text(page.text);
  assert.match(body, /Innsjekkingen er åpen til 2\. desember 2026 kl\. 12\.00/);
  assert.match(body, /Kontaktopplysninger/);
  assert.match(body, /Før timen hos fastlegen ?: ikke besvart/);
  const q = Number(page.text.match(/href="\/questionnaires\/(\d+)"/)[1]);
  // A3: the home page lists the questionnaire under its appointment, and not again in the questionnaires card.
  const home = (await m.get('/')).text;
  const item = home.match(new RegExp(`<li><a class="ds-link" href="/appointments/${id}">.*?</ul></li>`));
  assert.ok(item, 'the appointment is on the home page with its questionnaire');
  assert.match(text(item[0]), /Før timen: Før timen hos fastlegen/);
  assert.match(item[0], new RegExp(`href="/questionnaires/${q}"`));
  assert.doesNotMatch(home.match(/id="questionnaires-heading"[\s\S]*?<\/section>/)[0], new RegExp(`href="/questionnaires/${q}"`));

  const both = await m.post(`/appointments/${id}/check-in`, {});
  assert.equal(both.status, 400);
  assert.match(text(both.text), /Bekreft at kontaktopplysningene stemmer/);
  assert.match(text(both.text), /Svar på skjemaene før du sjekker inn/);
  await m.get(`/appointments/${id}/check-in?lang=en`);
  const en = await m.post(`/appointments/${id}/check-in`, { confirm: 'on' });
  assert.equal(en.status, 400);
  assert.match(text(en.text), /Answer the questionnaires before you check in/);
  await m.get('/?lang=nb');
  assert.equal(num(`SELECT COUNT(*) FROM appointment WHERE id = ${id} AND checked_in_at IS NOT NULL`), 0, 'nothing changed');

  const answered = await postPairs(m, `/questionnaires/${q}`, [['revision', '0'], ['action', 'submit'], ['a1', 'Kontroll'], ['a4', 'false']]);
  assert.equal(answered.status, 303, answered.text);
  await m.get(`/appointments/${id}/check-in`);
  const ok = await m.post(`/appointments/${id}/check-in`, { confirm: 'on' });
  assert.equal(ok.status, 303, ok.text);
  assert.equal(ok.location, `/appointments/${id}/check-in?done=checked_in`);
  assert.match(text((await m.get(ok.location)).text), /Du er sjekket inn\. Velkommen!.*Sjekket inn 26\. november 2026 kl\. 11\.00/);
  assert.deepEqual(sql(demo.db, `SELECT checked_in_at, checked_in_by FROM appointment WHERE id = ${id}`),
    [[String(Date.parse(OPEN) / 1000), String(personId(demo.db, P.marius))]]);
  const again = await m.post(`/appointments/${id}/check-in`, { confirm: 'on' });
  assert.equal(again.status, 409, 'checked in already');
});

test('staff see check-in status on the day list and in the unit\'s check-in list; another unit\'s staff see nothing', async () => {
  const stolav = unitId('stolav-medisinsk');
  const e = await staff(P.eirik, OPEN);
  const list = await e.get(`/staff/schedules/${stolav}/check-in`);
  assert.equal(list.status, 200);
  const body = text(list.text);
  assert.match(body, /Astrid Johansen: Poliklinisk kontroll, .* Innsjekking: åpen, ikke sjekket inn/);
  assert.match(body, /Marius Berg: Poliklinisk kontroll, .* Innsjekking: Sjekket inn 26\. november 2026 kl\. 11\.00/);
  const day = await e.get(`/staff/schedules/${stolav}?day=2026-12-02`);
  assert.match(text(day.text), /Marius Berg .* Innsjekking: Sjekket inn/);
  const astrid = personId(demo.db, P.astrid);
  assert.ok(num(`SELECT COUNT(*) FROM audit_log WHERE patient_id = ${astrid} AND what = 'appointments' AND action = 'read'`) >= 1,
    'each listed appointment is a logged read');
  const ingrid = await staff(P.ingrid, OPEN);
  assert.equal((await ingrid.get(`/staff/schedules/${stolav}/check-in`)).status, 404, 'not her unit');
  assert.equal((await ingrid.get('/staff/schedules/abc/check-in')).status, 404);
});

test('a parent checks in for a child, logged with both identities; others get 404', async () => {
  // The health station turns e-check-in on for its check-ups.
  sql(demo.db, `UPDATE visit_type SET check_in = 1 WHERE name_nb = '${STATION}'`);
  const emma = personId(demo.db, P.emma), marius = personId(demo.db, P.marius);
  const id = apptOf(P.emma, STATION);
  const s = await citizen(P.silje);
  assert.equal((await s.get(`/appointments/${id}/check-in`)).status, 404, 'not while acting for herself');
  const m = await citizen(P.marius);
  assert.equal((await m.get(`/appointments/${id}/check-in`)).status, 404);
  await m.get('/access/parent');
  assert.equal((await m.post('/access/parent', { nin: P.emma })).status, 303, 'parental responsibility (R2)');
  await m.get('/access/choose');
  assert.equal((await m.post('/access/act', { person: emma })).status, 303);
  const page = await m.get(`/appointments/${id}/check-in`);
  assert.equal(page.status, 200);
  assert.doesNotMatch(page.text, /href="\/settings\/personal"/, 'the contact details are the child\'s, not changed from here');
  const ok = await m.post(`/appointments/${id}/check-in`, { confirm: 'on' });
  assert.equal(ok.status, 303, ok.text);
  assert.deepEqual(sql(demo.db, `SELECT checked_in_by FROM appointment WHERE id = ${id}`), [[String(marius)]]);
  assert.deepEqual(sql(demo.db, `SELECT action, actor_person_id, purpose FROM audit_log WHERE patient_id = ${emma} AND what = 'appointments' AND what_id = '${id}' AND action = 'update'`),
    [['update', String(marius), 'representation']]);
  for (const bad of [apptOf(P.marius, GP), 99999999, 'abc', '-1']) {
    assert.equal((await m.get(`/appointments/${bad}/check-in`)).status, 404, `GET ${bad}`);
    assert.equal((await m.post(`/appointments/${bad}/check-in`, { confirm: 'on' })).status, 404, `POST ${bad}`);
  }
});

// One `helsami jobs run --now`, asynchronous, so two can run at once.
const jobs = (url, now) => runCliAsync(['jobs', 'run', '--now', now, '--db', url], { HELSAMI_LOG_LEVEL: 'error' });

test('jobs: check-in openings and reminders are announced exactly once, also by two processes at once', async () => {
  const own = seedDemo();
  try {
    const q = (s) => Number(sqlValue(own, s));
    const astrid = q(`SELECT id FROM person WHERE nin = '${P.astrid}'`);
    const appt = q(`SELECT a.id FROM appointment a JOIN visit_type v ON v.id = a.visit_type_id WHERE a.patient_id = ${astrid} AND v.name_nb = '${HOSPITAL}'`);
    const events = () => q(`SELECT COUNT(*) FROM notification_outbox WHERE person_id = ${astrid} AND kind = 'appointment' AND payload_ref = ${appt}`);
    // Her follow-up on 27 November: check-in is open from the seed day on.
    const [a, b] = await Promise.all([jobs(own.url, NOW), jobs(own.url, NOW)]);
    assert.equal(a.code, 0, a.err);
    assert.equal(b.code, 0, b.err);
    assert.equal(q(`SELECT COUNT(*) FROM appointment WHERE id = ${appt} AND checkin_announced_at IS NOT NULL`), 1);
    assert.equal(events(), 1, 'one check-in notice, though two processes ran');
    assert.equal(q(`SELECT COUNT(*) FROM appointment WHERE id = ${appt} AND reminded_at IS NOT NULL`), 0, 'not within a day yet');
    // A day before (she starts 11.30 UTC on the 27th), the reminder, once.
    const day = '2026-11-26T12:00:00Z';
    const [c, d] = await Promise.all([jobs(own.url, day), jobs(own.url, day)]);
    assert.equal(c.code + d.code, 0, c.err + d.err);
    assert.equal(q(`SELECT COUNT(*) FROM appointment WHERE id = ${appt} AND reminded_at IS NOT NULL`), 1);
    assert.equal(events(), 2, 'one reminder more');
    assert.equal((await jobs(own.url, day)).code, 0);
    assert.equal(events(), 2, 'a third run announces nothing again');
    // The outbox names the appointment's id and nothing else.
    assert.deepEqual(sql(own, `SELECT kind FROM notification_outbox WHERE person_id = ${astrid} AND payload_ref = ${appt} GROUP BY kind`), [['appointment']]);
  } finally {
    own.cleanup();
  }
});

test('the server runs the same jobs on its own timer (--jobs-seconds)', async () => {
  // Seeded two days back: her follow-up, five days after the seed day moved
  // on to a weekday, is then 3-5 days ahead, inside the check-in window on
  // any day of the week (seeded today, a Monday put it 7 days ahead, not yet open).
  const today = new Date(Date.now() - 2 * 86400e3).toISOString().slice(0, 10);
  const own = seedDemo(today);
  const astrid = Number(sqlValue(own, `SELECT id FROM person WHERE nin = '${P.astrid}'`));
  const announced = () => Number(sqlValue(own, `SELECT COUNT(*) FROM appointment WHERE patient_id = ${astrid} AND checkin_announced_at IS NOT NULL`));
  assert.equal(announced(), 0);
  const s = await startServer({ db: own, args: ['--jobs-seconds', '1'] });
  try {
    // Her follow-up: its check-in opening is announced by the server alone.
    for (let i = 0; i < 100 && announced() === 0; i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(announced(), 1);
  } finally {
    await s.stop();
    own.cleanup();
  }
});
