// support.test.mjs — user support (U1) over HTTP: the citizen opens a case
// about one of their units (a question, or a request to correct or erase
// record information), the support role at that unit finds it in the queue
// (no health information beyond the case), opens it (logged), decides a
// question (a refusal needs a reason and tells how to complain), sends a
// correction or erasure on to a clinician of the unit (or all of them), who
// decides it; the citizen is told in-app and sees the decision; a forged
// clinician, a colleague it was not sent to, another unit's clinician and
// support deciding a forwarded case are refused; someone else's case is 404, support
// staff of another unit see nothing, other roles 403, a representative
// without full access 403; bad input 400 in nb and en.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoServer } from '../lib/demo.mjs';
import { loginAs } from '../lib/session.mjs';
import { sql, sqlValue, personId } from '../lib/db.mjs';

const MARIUS = '12848649994';
const SILJE = '03898849863';
const ELISABETH = '02916949807';
const BJORN = '21876649788';
const SARA = '04859849860'; // support at every unit
const INGRID = '14827549852';
const LARS = '30868349995'; // nurse, Øya
const EIRIK = '05927049955'; // hospital
const MARTE = '19889549834'; // front desk, Øya
const NOW = '2026-11-22T10:00:00Z';
const at = { headers: { 'x-helsami-now': NOW } };
const en = { headers: { 'x-helsami-now': NOW, 'accept-language': 'en' } };

const demo = demoServer({ args: [] });

const citizen = (nin, opts = at) => loginAs(demo.srv, nin, opts);
const staff = (nin, opts = at) => loginAs(demo.srv, nin, { staff: true, ...opts });
const unitId = (code) => sqlValue(demo.db, `SELECT id FROM unit WHERE code = '${code}'`);
const logEntries = (nin) => Number(sqlValue(demo.db, `SELECT COUNT(*) FROM audit_log WHERE patient_id = ${personId(demo.db, nin)}`));

const staffId = (nin) => sqlValue(demo.db, `SELECT s.id FROM staff s JOIN person p ON p.id = s.person_id WHERE p.nin = '${nin}'`);
const lastEntry = (nin) => sql(demo.db, `SELECT actor_role, action, what, purpose, actor_staff_id FROM audit_log WHERE patient_id = ${personId(demo.db, nin)} ORDER BY seq DESC LIMIT 1`)[0];
const answered = () => Number(sqlValue(demo.db, "SELECT COUNT(*) FROM notification_outbox WHERE kind = 'support_answered'"));

test('a question: the support role decides it, the citizen is told and sees the decision', async () => {
  const b = await citizen(SILJE);
  const page = await b.get('/support');
  assert.equal(page.status, 200);
  assert.match(page.text, /<option value="\d+">Øya legesenter<\/option>/);
  const r = await b.post('/support', { unit: unitId('oya-legesenter'), kind: 'use', body: 'Hvordan laster jeg ned et brev som PDF?' });
  assert.equal(r.status, 303);
  assert.equal(r.location, '/support?sent=1');
  const id = sqlValue(demo.db, `SELECT MAX(id) FROM support_case WHERE patient_id = ${personId(demo.db, SILJE)}`);
  assert.match((await b.get(r.location)).text, /Saken er sendt/);

  const sara = await staff(SARA);
  const q = await sara.get('/staff/support');
  assert.equal(q.status, 200);
  assert.match(q.text, new RegExp(`href="/staff/support/${id}">Silje Berg: `));
  assert.doesNotMatch(q.text, /laster jeg ned/, 'the queue shows no text from the case');
  const before = logEntries(SILJE);
  const c = await sara.get(`/staff/support/${id}`);
  assert.equal(c.status, 200);
  assert.match(c.text, /Hvordan laster jeg ned/);
  assert.doesNotMatch(c.text, /name="to"/, 'a question is not sent on to a clinician');
  assert.equal(logEntries(SILJE), before + 1);
  assert.deepEqual(lastEntry(SILJE).slice(0, 4), ['support', 'read', 'support', 'support']);
  // Only corrections and erasures go on to a clinician.
  const fw = await sara.post(`/staff/support/${id}/forward`, { to: '' });
  assert.equal(fw.status, 400);
  assert.match(fw.text, /Bare krav om retting eller sletting sendes videre/);

  // A refusal needs a reason.
  const bad = await sara.post(`/staff/support/${id}/decide`, { decision: 'refused', answer: 'Nei' });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /Skriv begrunnelsen for avslaget, minst 10 tegn/);
  const events = answered();
  const ok = await sara.post(`/staff/support/${id}/decide`, { decision: 'refused', answer: 'Brev kan bare lastes ned fra dokumentsenteret.' });
  assert.equal(ok.status, 303);
  assert.equal(ok.location, '/staff/support?done=decided');
  assert.equal(answered(), events + 1);
  assert.equal((await sara.post(`/staff/support/${id}/decide`, { decision: 'done', answer: '' })).status, 409, 'decided once');
  assert.doesNotMatch((await sara.get('/staff/support')).text, new RegExp(`/staff/support/${id}"`));

  const seen = await b.get(`/support/${id}`);
  assert.equal(seen.status, 200);
  assert.match(seen.text, /Avslått/);
  assert.match(seen.text, /dokumentsenteret/);
  assert.match(seen.text, /klage til Statsforvalteren/);
  const english = await citizen(SILJE, en);
  assert.match((await english.get(`/support/${id}`)).text, /County Governor/);
});

test('an erasure: support sends it on to a clinician of the unit, who decides it (hpl. §§ 42-44); support only sees it', async () => {
  const b = await citizen(SILJE);
  await b.get('/support');
  assert.equal((await b.post('/support', { unit: unitId('oya-legesenter'), kind: 'erase', body: 'Slett notatet fra 3. mars, det gjelder en annen person.' })).status, 303);
  const id = sqlValue(demo.db, `SELECT MAX(id) FROM support_case WHERE patient_id = ${personId(demo.db, SILJE)}`);

  const sara = await staff(SARA);
  const c = await sara.get(`/staff/support/${id}`);
  assert.equal(c.status, 200);
  assert.match(c.text, /helsepersonelloven §§ 42–44/);
  assert.match(c.text, new RegExp(`<option value="${staffId(INGRID)}">Ingrid Solberg</option>`), 'the unit\'s clinicians are offered');
  assert.doesNotMatch(c.text, new RegExp(`<option value="${staffId(EIRIK)}">`), 'not another unit\'s');
  // Support does not decide an erasure.
  const no = await sara.post(`/staff/support/${id}/decide`, { decision: 'done', answer: 'Slettet.' });
  assert.equal(no.status, 400);
  assert.match(no.text, /Retting og sletting avgjøres av en behandler ved stedet/);
  // Forged: a clinician of another unit, the front desk, an unknown id, a case of another unit's support.
  for (const to of [staffId(EIRIK), staffId(MARTE), '987654']) {
    assert.equal((await sara.post(`/staff/support/${id}/forward`, { to })).status, 404, `to ${to}`);
  }
  assert.equal(Number(sqlValue(demo.db, `SELECT COUNT(*) FROM support_case WHERE id = ${id} AND forwarded_at IS NULL`)), 1, 'nothing changed');
  const before = logEntries(SILJE);
  const fw = await sara.post(`/staff/support/${id}/forward`, { to: staffId(INGRID) });
  assert.equal(fw.status, 303);
  assert.equal(fw.location, '/staff/support?done=forwarded');
  assert.equal(logEntries(SILJE), before + 1);
  assert.deepEqual(lastEntry(SILJE).slice(0, 4), ['support', 'update', 'support', 'support']);
  assert.equal((await sara.post(`/staff/support/${id}/forward`, { to: '' })).status, 409, 'forwarded once');
  // Support still sees the case, with where it went, and can no longer decide it.
  const after = await sara.get(`/staff/support/${id}`);
  assert.match(after.text, /Sendt videre til/);
  assert.match(after.text, /Ingrid Solberg/);
  assert.doesNotMatch(after.text, /name="decision"/);
  assert.equal((await sara.post(`/staff/support/${id}/decide`, { decision: 'done', answer: 'Slettet.' })).status, 409);
  assert.match((await sara.get('/staff/support')).text, /Hos behandler/);

  // Only Ingrid: not a colleague at Øya it was not sent to, not the hospital's clinician.
  const lars = await staff(LARS);
  assert.doesNotMatch((await lars.get('/staff/queues/corrections')).text, new RegExp(`/staff/queues/corrections/${id}"`));
  assert.equal((await lars.get(`/staff/queues/corrections/${id}`)).status, 404);
  assert.equal((await lars.post(`/staff/queues/corrections/${id}/decide`, { decision: 'done', answer: '' })).status, 404);
  const eirik = await staff(EIRIK);
  assert.equal((await eirik.get(`/staff/queues/corrections/${id}`)).status, 404);
  assert.equal((await eirik.post(`/staff/queues/corrections/${id}/decide`, { decision: 'done', answer: '' })).status, 404);
  assert.equal((await sara.get(`/staff/queues/corrections/${id}`)).status, 403, 'support is not a clinician');
  assert.equal((await sara.get('/staff/queues/corrections')).status, 403);

  const ingrid = await staff(INGRID);
  const q = await ingrid.get('/staff/queues/corrections');
  assert.equal(q.status, 200);
  assert.match(q.text, new RegExp(`href="/staff/queues/corrections/${id}">Silje Berg: Be om sletting`));
  assert.doesNotMatch(q.text, /Slett notatet/);
  const open = await ingrid.get(`/staff/queues/corrections/${id}`);
  assert.equal(open.status, 200);
  assert.match(open.text, /Slett notatet fra 3\. mars/);
  assert.match(open.text, new RegExp(`href="/staff/patients/${personId(demo.db, SILJE)}"`), 'the chart, to check the information');
  const entry = lastEntry(SILJE);
  assert.deepEqual(entry.slice(0, 4), ['clinician', 'read', 'support', 'care']);
  assert.equal(entry[4], String(staffId(INGRID)));
  const bad = await ingrid.post(`/staff/queues/corrections/${id}/decide`, { decision: 'refused', answer: 'Nei' });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /Skriv begrunnelsen for avslaget/);
  const events = answered();
  const ok = await ingrid.post(`/staff/queues/corrections/${id}/decide`, { decision: 'refused', answer: 'Notatet gjelder deg. Jeg har sjekket det mot timeboken.' });
  assert.equal(ok.status, 303);
  assert.equal(ok.location, '/staff/queues/corrections?done=decided');
  assert.equal(answered(), events + 1);
  assert.deepEqual(lastEntry(SILJE).slice(0, 4), ['clinician', 'update', 'support', 'care']);
  assert.equal((await ingrid.post(`/staff/queues/corrections/${id}/decide`, { decision: 'done', answer: '' })).status, 409, 'decided once');
  assert.equal(sqlValue(demo.db, `SELECT decided_by FROM support_case WHERE id = ${id}`), String(staffId(INGRID)));

  const seen = await b.get(`/support/${id}`);
  assert.match(seen.text, /Avslått/);
  assert.match(seen.text, /sjekket det mot timeboken/);
  assert.match(seen.text, /klage til Statsforvalteren/);
  assert.match((await sara.get(`/staff/support/${id}`)).text, /sjekket det mot timeboken/, 'support sees the outcome of the case');
});

test('sent on to the unit\'s clinicians: any clinician there decides, no one elsewhere', async () => {
  const m = await citizen(MARIUS);
  await m.get('/support');
  assert.equal((await m.post('/support', { unit: unitId('oya-legesenter'), kind: 'correct', body: 'Blodtrykket 180/110 i oktober er feil, det var 130/80.' })).status, 303);
  const id = sqlValue(demo.db, `SELECT MAX(id) FROM support_case WHERE patient_id = ${personId(demo.db, MARIUS)}`);
  const sara = await staff(SARA);
  await sara.get(`/staff/support/${id}`);
  assert.equal((await sara.post(`/staff/support/${id}/forward`, { to: '' })).status, 303);
  assert.match((await sara.get(`/staff/support/${id}`)).text, /Behandlerne ved stedet/);
  const eirik = await staff(EIRIK); // Marius is his patient at the hospital, the case is Øya's
  assert.doesNotMatch((await eirik.get('/staff/queues/corrections')).text, /Marius Berg/);
  assert.equal((await eirik.get(`/staff/queues/corrections/${id}`)).status, 404);
  const lars = await staff(LARS);
  assert.match((await lars.get('/staff/queues/corrections')).text, new RegExp(`/staff/queues/corrections/${id}"`));
  assert.equal((await lars.get(`/staff/queues/corrections/${id}`)).status, 200);
  assert.equal((await lars.post(`/staff/queues/corrections/${id}/decide`, { decision: 'done', answer: 'Rettet til 130/80.' })).status, 303);
  assert.match((await m.get(`/support/${id}`)).text, /Rettet til 130\/80/);
  const ingrid = await staff(INGRID);
  assert.doesNotMatch((await ingrid.get('/staff/queues/corrections')).text, new RegExp(`/staff/queues/corrections/${id}"`), 'decided: out of the queue');
  const decided = await ingrid.get(`/staff/queues/corrections/${id}`);
  assert.equal(decided.status, 200, 'the unit\'s clinicians can still read the decision');
  assert.doesNotMatch(decided.text, /name="decision"/);
});

test('someone else\'s case is 404; other roles 403; a representative needs full access', async () => {
  const mine = sqlValue(demo.db, `SELECT id FROM support_case WHERE patient_id = ${personId(demo.db, MARIUS)} ORDER BY id LIMIT 1`);
  const silje = await citizen(SILJE);
  assert.equal((await silje.get(`/support/${mine}`)).status, 404);
  assert.equal((await silje.get('/support/987654')).status, 404);
  assert.doesNotMatch((await silje.get('/support')).text, /110 kg/);
  const ingrid = await staff(INGRID);
  assert.equal((await ingrid.get('/staff/support')).status, 403);
  assert.equal((await ingrid.get(`/staff/support/${mine}`)).status, 403);
  assert.equal((await (await citizen(MARIUS)).get('/staff/support')).status, 403);
  // Elisabeth gives Bjørn appointments and messages only: no support on her behalf.
  const e = await citizen(ELISABETH);
  await e.get('/access/grant');
  assert.equal((await e.post('/access/grant', { nin: BJORN, family_name: 'Johansen', kind: 'appointments_messages', valid_until: '', confirm: '1' })).status, 303);
  const b = await citizen(BJORN);
  assert.equal((await b.post('/access/act', { person: String(personId(demo.db, ELISABETH)) })).status, 303);
  assert.equal((await b.get('/support')).status, 403);
});

test('support staff of another unit do not see the case, even of a patient they share', async () => {
  // Lars, a nurse at Øya, also does user support at the hospital, where Marius is a patient too: his
  // case about Øya is not there.
  const lars = sqlValue(demo.db, "SELECT s.id FROM staff s JOIN person p ON p.id = s.person_id WHERE p.nin = '30868349995'");
  sql(demo.db, `INSERT INTO staff_unit (staff_id, unit_id, role) VALUES (${lars}, ${unitId('stolav-medisinsk')}, 'support')`);
  const mine = sqlValue(demo.db, `SELECT id FROM support_case WHERE patient_id = ${personId(demo.db, MARIUS)} AND status = 'open' ORDER BY id LIMIT 1`);
  const stine = await staff('30868349995');
  assert.equal(stine.loginResponse.status, 303, 'logged in');
  assert.equal((await stine.get(`/staff/support/${mine}`)).status, 404);
  assert.doesNotMatch((await stine.get('/staff/support')).text, /Marius Berg/);
  assert.equal((await stine.post(`/staff/support/${mine}/decide`, { decision: 'done', answer: '' })).status, 404);
});

test('bad input is 400 with the reason, in nb and en; markup reads as text', async () => {
  const b = await citizen(MARIUS);
  await b.get('/support');
  const oya = unitId('oya-legesenter');
  const count = () => Number(sqlValue(demo.db, 'SELECT COUNT(*) FROM support_case'));
  const before = count();
  for (const [fields, why] of [
    [{ unit: oya, kind: 'erase', body: '' }, /Beskrivelse/],
    [{ unit: oya, kind: 'nonsense', body: 'Hei' }, /Hva gjelder det/],
    [{ unit: unitId('helsestasjon-sentrum'), kind: 'use', body: 'Hei' }, /Velg et av stedene du er pasient hos/],
    [{ unit: 'x', kind: 'use', body: 'Hei' }, /Hvilket sted gjelder det/],
  ]) {
    const r = await b.post('/support', fields);
    assert.equal(r.status, 400, JSON.stringify(fields));
    assert.match(r.text, why);
  }
  assert.equal(count(), before);
  const e = await citizen(MARIUS, en);
  await e.get('/support');
  const r = await e.post('/support', { unit: unitId('helsestasjon-sentrum'), kind: 'use', body: 'Hi' });
  assert.equal(r.status, 400);
  assert.match(r.text, /Choose one of the places you are a patient of/);
  const ok = await b.post('/support', { unit: oya, kind: 'content', body: '<script>alert(1)</script>' });
  assert.equal(ok.status, 303);
  const id = sqlValue(demo.db, `SELECT MAX(id) FROM support_case WHERE patient_id = ${personId(demo.db, MARIUS)}`);
  const page = await b.get(`/support/${id}`);
  assert.doesNotMatch(page.text, /<script>alert/);
  assert.match(page.text, /&lt;script&gt;/);
});
