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
// without full access 403; bad input 400 in nb and en. A question about
// helsami with no unit goes to the national support desk only (not a unit's
// support, not a clinician); support takes a case ("taken by" in the
// queue); a case sent on goes again to another clinician of the unit, by
// support or by the clinician who has it, who then loses it; forged targets
// 404, a decided case 409.
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
  const same = await sara.post(`/staff/support/${id}/forward`, { to: staffId(INGRID) });
  assert.equal(same.status, 400, 'not again to the one who has it');
  assert.match(same.text, /Saken ligger allerede der/);
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

test('a question about helsami belongs to no unit: the national support desk answers it, no one else sees it', async () => {
  const b = await citizen(SILJE);
  const page = await b.get('/support');
  assert.match(page.text, /<option value="0">Ikke et bestemt sted: spørsmål om helsami \(nasjonal brukerstøtte\)<\/option>/);
  const count = () => Number(sqlValue(demo.db, 'SELECT COUNT(*) FROM support_case'));
  const before = count();
  // A correction or erasure needs the unit responsible for the information.
  const bad = await b.post('/support', { unit: '0', kind: 'correct', body: 'Vekten er feil.' });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /Retting og sletting må gjelde et sted du er pasient hos/);
  const e = await citizen(SILJE, en);
  await e.get('/support');
  assert.match((await e.post('/support', { unit: '0', kind: 'erase', body: 'Erase it.' })).text, /A correction or erasure must concern a place you are a patient of/);
  assert.equal(count(), before, 'nothing stored');
  const r = await b.post('/support', { unit: '0', kind: 'use', body: 'Hvordan bytter jeg til engelsk?' });
  assert.equal(r.status, 303);
  const id = sqlValue(demo.db, `SELECT MAX(id) FROM support_case WHERE patient_id = ${personId(demo.db, SILJE)}`);
  assert.equal(sqlValue(demo.db, `SELECT COALESCE(unit_id, 0) FROM support_case WHERE id = ${id}`), '0');
  assert.match((await b.get('/support')).text, new RegExp(`href="/support/${id}">Spørsmål om hvordan helsami virker: Nasjonal brukerstøtte</a>`));

  // Sara is on the desk: the case is in her queue, she opens it (logged without a unit), takes it.
  const sara = await staff(SARA);
  const q = await sara.get('/staff/support');
  assert.match(q.text, new RegExp(`href="/staff/support/${id}">Silje Berg: `));
  assert.match(q.text, /Nasjonal brukerstøtte/);
  const log0 = logEntries(SILJE);
  const c = await sara.get(`/staff/support/${id}`);
  assert.equal(c.status, 200);
  assert.match(c.text, /bytter jeg til engelsk/);
  assert.equal(logEntries(SILJE), log0 + 1);
  assert.deepEqual(sql(demo.db, `SELECT actor_role, action, what, purpose, COALESCE(actor_unit_id, 0) FROM audit_log WHERE patient_id = ${personId(demo.db, SILJE)} ORDER BY seq DESC LIMIT 1`)[0],
    ['support', 'read', 'support', 'support', '0']);
  const fw = await sara.post(`/staff/support/${id}/forward`, { to: staffId(INGRID) });
  assert.equal(fw.status, 400);
  assert.match(fw.text, /gjelder ikke et bestemt sted, så den kan ikke sendes til en behandler/);
  const took = await sara.post(`/staff/support/${id}/take`, {});
  assert.equal(took.status, 303);
  assert.equal(took.location, `/staff/support/${id}?done=taken`);
  const mine = await sara.get(took.location);
  assert.match(mine.text, /Saken er din nå/);
  assert.match(mine.text, /Tatt av Sara Nygård/);
  assert.doesNotMatch(mine.text, /Ta saken/);
  assert.equal(sqlValue(demo.db, `SELECT assigned_to FROM support_case WHERE id = ${id}`), String(staffId(SARA)));
  assert.match((await sara.get('/staff/support')).text, /<dt>Tatt av<\/dt><dd>Sara Nygård<\/dd>/);

  // Support of a unit (Marte, made support at Øya, not on the desk): neither in her queue nor reachable.
  const marte = staffId(MARTE);
  sql(demo.db, `INSERT INTO staff_unit (staff_id, unit_id, role) VALUES (${marte}, ${unitId('oya-legesenter')}, 'support')`);
  const m = await staff(MARTE);
  assert.equal((await m.get('/staff/support')).status, 200);
  assert.doesNotMatch((await m.get('/staff/support')).text, new RegExp(`/staff/support/${id}"`));
  assert.equal((await m.get(`/staff/support/${id}`)).status, 404);
  assert.equal((await m.post(`/staff/support/${id}/take`, {})).status, 404);
  assert.equal((await m.post(`/staff/support/${id}/decide`, { decision: 'done', answer: 'Ja.' })).status, 404);
  // A clinician, even marked for the desk, is not support.
  sql(demo.db, `UPDATE staff SET support_desk = 1 WHERE id = ${staffId(INGRID)}`);
  const ingrid = await staff(INGRID);
  assert.equal((await ingrid.get(`/staff/support/${id}`)).status, 403);
  assert.equal((await ingrid.post(`/staff/support/${id}/take`, {})).status, 403);
  assert.equal((await ingrid.get(`/staff/queues/corrections/${id}`)).status, 404);
  sql(demo.db, `UPDATE staff SET support_desk = 0 WHERE id = ${staffId(INGRID)}`);
  sql(demo.db, `DELETE FROM staff_unit WHERE staff_id = ${marte} AND role = 'support'`);

  assert.equal((await sara.post(`/staff/support/${id}/decide`, { decision: 'done', answer: 'Velg «English» nederst på siden.' })).status, 303);
  assert.equal((await sara.post(`/staff/support/${id}/take`, {})).status, 409, 'decided');
  const seen = await b.get(`/support/${id}`);
  assert.match(seen.text, /Velg «English» nederst på siden/);
  assert.match(seen.text, /Nasjonal brukerstøtte/);
});

test('sent on again: by support or the clinician who has it, who then loses it; recorded in its history', async () => {
  const b = await citizen(SILJE);
  await b.get('/support');
  assert.equal((await b.post('/support', { unit: unitId('oya-legesenter'), kind: 'correct', body: 'Adressen i epikrisen er feil.' })).status, 303);
  const id = sqlValue(demo.db, `SELECT MAX(id) FROM support_case WHERE patient_id = ${personId(demo.db, SILJE)}`);
  const sara = await staff(SARA);
  assert.match((await sara.get(`/staff/support/${id}`)).text, /Ta saken/);
  assert.equal((await sara.post(`/staff/support/${id}/forward`, { to: staffId(INGRID) })).status, 303);
  assert.equal(sqlValue(demo.db, `SELECT assigned_to FROM support_case WHERE id = ${id}`), String(staffId(SARA)), 'support took it by sending it on');
  assert.equal((await sara.post(`/staff/support/${id}/take`, {})).status, 409, 'with a clinician');

  const ingrid = await staff(INGRID);
  const page = await ingrid.get(`/staff/queues/corrections/${id}`);
  assert.match(page.text, /Send til en annen behandler/);
  assert.match(page.text, new RegExp(`<option value="${staffId(LARS)}">Lars Moe</option>`));
  assert.doesNotMatch(page.text, new RegExp(`<option value="${staffId(INGRID)}">`), 'not to herself');
  assert.match(page.text, /Sendt videre til Ingrid Solberg \(Sara Nygård\)/);
  // Forged targets and callers: another unit's clinician, the front desk, an unknown id; a colleague it was not sent to.
  for (const to of [staffId(EIRIK), staffId(MARTE), '987654']) {
    assert.equal((await ingrid.post(`/staff/queues/corrections/${id}/forward`, { to })).status, 404, `to ${to}`);
  }
  const bad = await ingrid.post(`/staff/queues/corrections/${id}/forward`, { to: 'x' });
  assert.equal(bad.status, 400);
  const lars = await staff(LARS);
  assert.equal((await lars.post(`/staff/queues/corrections/${id}/forward`, { to: staffId(LARS) })).status, 404);
  const eirik = await staff(EIRIK);
  assert.equal((await eirik.post(`/staff/queues/corrections/${id}/forward`, { to: staffId(EIRIK) })).status, 404);
  assert.equal((await sara.post(`/staff/queues/corrections/${id}/forward`, { to: staffId(LARS) })).status, 403);
  assert.equal(sqlValue(demo.db, `SELECT forwarded_to FROM support_case WHERE id = ${id}`), String(staffId(INGRID)), 'nothing changed');

  const log0 = logEntries(SILJE);
  const sent = await ingrid.post(`/staff/queues/corrections/${id}/forward`, { to: staffId(LARS) });
  assert.equal(sent.status, 303);
  assert.equal(sent.location, '/staff/queues/corrections?done=forwarded');
  assert.match((await ingrid.get(sent.location)).text, /Saken er sendt videre/);
  assert.equal(logEntries(SILJE), log0 + 1);
  assert.deepEqual(lastEntry(SILJE).slice(0, 4), ['clinician', 'update', 'support', 'care']);
  assert.doesNotMatch((await ingrid.get('/staff/queues/corrections')).text, new RegExp(`/staff/queues/corrections/${id}"`), 'out of her queue');
  assert.equal((await ingrid.get(`/staff/queues/corrections/${id}`)).status, 404);
  assert.equal((await ingrid.post(`/staff/queues/corrections/${id}/decide`, { decision: 'done', answer: 'Rettet.' })).status, 404);
  assert.match((await lars.get('/staff/queues/corrections')).text, new RegExp(`/staff/queues/corrections/${id}"`));
  assert.match((await lars.get(`/staff/queues/corrections/${id}`)).text, /Sendt videre til Lars Moe \(Ingrid Solberg\)/);

  // Lars is away: support sends it back to Ingrid; not again to the one who has it.
  assert.equal((await sara.post(`/staff/support/${id}/forward`, { to: staffId(INGRID) })).status, 303);
  assert.equal((await lars.get(`/staff/queues/corrections/${id}`)).status, 404);
  const again = await sara.post(`/staff/support/${id}/forward`, { to: staffId(INGRID) });
  assert.equal(again.status, 400);
  assert.match(again.text, /Saken ligger allerede der/);
  const e = await staff(SARA, en);
  assert.match((await e.post(`/staff/support/${id}/forward`, { to: staffId(INGRID) })).text, /The case is there already/);
  const history = (await sara.get(`/staff/support/${id}`)).text;
  assert.match(history, /Historikk/);
  assert.equal((history.match(/Sendt videre til /g) || []).length >= 3, true);

  assert.equal((await ingrid.post(`/staff/queues/corrections/${id}/decide`, { decision: 'done', answer: 'Adressen er rettet.' })).status, 303);
  assert.equal((await ingrid.post(`/staff/queues/corrections/${id}/forward`, { to: staffId(LARS) })).status, 409, 'decided');
  assert.equal((await sara.post(`/staff/support/${id}/forward`, { to: staffId(LARS) })).status, 409, 'decided');
  assert.doesNotMatch((await ingrid.get(`/staff/queues/corrections/${id}`)).text, /name="to"/);
});
