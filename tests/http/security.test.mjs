// security.test.mjs — the findings of the security review (issue 9), one
// test per numbered item, each named after it and seen failing on the code
// before the fix. Item 3 (login CSRF) is in login_idporten.test.mjs, where
// the OpenID provider is; item 10 (hardening flags) in tests/cli; items 7
// and 13 in connection.test.mjs; item 12 in tests/cli/audit_checkpoint.
// Ids come from the database (tests/lib/db.mjs), on SQLite and PostgreSQL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, runCli } from '../lib/server.mjs';
import { demoServer } from '../lib/demo.mjs';
import { Browser, loginAs } from '../lib/session.mjs';
import { sql, sqlValue, personId } from '../lib/db.mjs';

const P = {
  marius: '12848649994', silje: '03898849863', jonas: '02831399735', emma: '15862199860',
  geir: '23857149971', sofie: '10851899893', oskar: '05901999998', camilla: '30819249861',
  astrid: '08833849868', bjorn: '21876649788', elisabeth: '02916949807',
  ingrid: '14827549852', kari: '11907949887', ahmed: '25839049733', marte: '19889549834', per: '27816849956',
};
const NOW = '2026-11-22T10:00:00Z';
const at = { headers: { 'x-helsami-now': NOW } };
const staffAt = { staff: true, ...at };
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

// The login and lookup rate limits stay on: item 4 is about the lookup limit.
const demo = demoServer({ args: [] });

const unitId = (code) => Number(sqlValue(demo.db, `SELECT id FROM unit WHERE code = '${code}'`));
const staffId = (nin) => Number(sqlValue(demo.db, `SELECT s.id FROM staff s JOIN person p ON p.id = s.person_id WHERE p.nin = '${nin}'`));
const OYA = 'oya-legesenter', HEALTH_STATION = 'helsestasjon-sentrum';

async function actFor(b, name) {
  const m = (await b.get('/access')).text.match(new RegExp(`${name}</h3>[\\s\\S]*?name="person" value="(\\d+)"`));
  assert.ok(m, `can act for ${name}`);
  assert.equal((await b.post('/access/act', { person: m[1] })).status, 303);
}

function applyCapacity(b, fields) {
  const form = new FormData();
  form.set('csrf', b.csrf);
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  form.set('document', new Blob([PDF], { type: 'application/pdf' }), 'legeerklaring.pdf');
  return b.request('/access/capacity', { method: 'POST', body: form, headers: { origin: demo.srv.url } });
}

const applicationId = (applicant, person) => Number(sqlValue(demo.db,
  `SELECT a.id FROM capacity_application a WHERE a.applicant_id = ${personId(demo.db, applicant)} AND a.person_id = ${personId(demo.db, person)}`));

test('security 1: staff never review their own capacity application, nor one they are tied to, nor outside their units', async () => {
  // Ahmed Hassan, a nurse at Astrid Johansen's care home, is also a patient of Øya legesenter.
  sql(demo.db, `INSERT INTO patient_unit (person_id, unit_id, since) VALUES (${personId(demo.db, P.ahmed)}, ${unitId(OYA)}, '2020-01-01')`);
  const asCitizen = await loginAs(demo.srv, P.ahmed, at);
  await asCitizen.get('/access/capacity');
  const applied = await applyCapacity(asCitizen, { nin: P.astrid, family_name: 'Johansen', relation: 'other', statement: 'Jeg vil hjelpe henne.' });
  assert.equal(applied.status, 303, 'he may apply as a citizen');
  const own = applicationId(P.ahmed, P.astrid);

  const ahmed = await loginAs(demo.srv, P.ahmed, staffAt);
  assert.doesNotMatch((await ahmed.get('/staff/queues/representation')).text, new RegExp(`/staff/representation/${own}"`), 'not in his queue');
  assert.equal((await ahmed.get(`/staff/representation/${own}`)).status, 404);
  assert.equal((await ahmed.get(`/staff/representation/${own}/document`)).status, 404);
  assert.equal((await ahmed.post(`/staff/representation/${own}/take`)).status, 404);
  assert.equal((await ahmed.post(`/staff/representation/${own}/decide`, { decision: 'grant', valid_until: '2027-01-01' })).status, 404);
  assert.equal(sqlValue(demo.db, `SELECT status FROM capacity_application WHERE id = ${own}`), 'pending');
  assert.equal(sqlValue(demo.db, `SELECT COUNT(*) FROM representation WHERE representative_id = ${personId(demo.db, P.ahmed)}`), '0');

  // A reviewer tied to the applicant (a family relation in the register) does not see it either.
  const rel = await loginAs(demo.srv, P.bjorn, at);
  await rel.get('/access/capacity');
  assert.equal((await applyCapacity(rel, { nin: P.astrid, family_name: 'Johansen', relation: 'child', statement: 'Mor har demens.' })).status, 303);
  const bjorns = applicationId(P.bjorn, P.astrid);
  sql(demo.db, `INSERT INTO family_relation (person_id, relative_id, relation) VALUES (${personId(demo.db, P.ahmed)}, ${personId(demo.db, P.bjorn)}, 'spouse')`);
  assert.equal((await ahmed.get(`/staff/representation/${bjorns}`)).status, 404, 'tied to the applicant');

  // Ingrid Solberg works at none of Astrid's units: nothing of it reaches her.
  const ingrid = await loginAs(demo.srv, P.ingrid, staffAt);
  const queue = await ingrid.get('/staff/queues/representation');
  assert.equal(queue.status, 200);
  assert.doesNotMatch(queue.text, /Astrid Johansen/);
  assert.equal((await ingrid.get(`/staff/representation/${bjorns}/document`)).status, 404, 'no certificate outside one\'s units');

  // Per Haugland (caseworker at Tjenestekontoret, one of Astrid's units) may review both.
  const per = await loginAs(demo.srv, P.per, staffAt);
  assert.match((await per.get('/staff/queues/representation')).text, new RegExp(`/staff/representation/${bjorns}"`));
  const docs = () => Number(sqlValue(demo.db, `SELECT COUNT(*) FROM audit_log WHERE patient_id = ${personId(demo.db, P.astrid)} AND what = 'representation.document'`));
  const before = docs();
  assert.equal((await per.get(`/staff/representation/${bjorns}/document`)).status, 200);
  assert.equal(docs(), before + 1, 'every certificate download is in the person\'s access log');
});

test('security 1: taking assigns the case; another reviewer takes it over only explicitly, logged; the decision names the decider', async () => {
  const b = await loginAs(demo.srv, P.elisabeth, at);
  await b.get('/access/capacity');
  assert.equal((await applyCapacity(b, { nin: P.astrid, family_name: 'Johansen', relation: 'child', statement: 'Mor trenger hjelp.' })).status, 303);
  const id = applicationId(P.elisabeth, P.astrid);
  const per = await loginAs(demo.srv, P.per, staffAt);
  const ahmed = await loginAs(demo.srv, P.ahmed, staffAt);
  sql(demo.db, `DELETE FROM family_relation WHERE person_id = ${personId(demo.db, P.ahmed)}`);
  await ahmed.get(`/staff/representation/${id}`);
  assert.equal((await ahmed.post(`/staff/representation/${id}/decide`, { decision: 'refuse', reason: 'Mangler dokumentasjon på diagnosen.' })).status, 409, 'decide only what one has taken');
  assert.equal((await ahmed.post(`/staff/representation/${id}/take`)).status, 303);
  await per.get(`/staff/representation/${id}`);
  const taken = await per.post(`/staff/representation/${id}/take`);
  assert.equal(taken.status, 409, 'a taken case is not silently taken over');
  assert.match(taken.text, /Overta saken/);
  assert.equal((await per.post(`/staff/representation/${id}/decide`, { decision: 'refuse', reason: 'Mangler dokumentasjon på diagnosen.' })).status, 409);
  assert.equal((await per.post(`/staff/representation/${id}/take`, { takeover: '1' })).status, 303);
  assert.equal(sqlValue(demo.db, `SELECT COUNT(*) FROM audit_log WHERE patient_id = ${personId(demo.db, P.astrid)} AND action = 'takeover' AND what_id = '${id}'`), '1');
  assert.equal((await per.post(`/staff/representation/${id}/decide`, { decision: 'refuse', reason: 'Mangler dokumentasjon på diagnosen.' })).status, 303);
  assert.equal(Number(sqlValue(demo.db, `SELECT decided_by FROM capacity_application WHERE id = ${id}`)), staffId(P.per));
  assert.match((await b.get('/access')).text, /Avgjort av: Per Haugland/);
});

test('security 2: a role at one unit gives nothing at another (front desk at Øya, clinician at the health station)', async () => {
  sql(demo.db, `INSERT INTO staff_unit (staff_id, unit_id, role) VALUES (${staffId(P.marte)}, ${unitId(HEALTH_STATION)}, 'clinician')`);
  const marte = await loginAs(demo.srv, P.marte, staffAt);
  const marius = personId(demo.db, P.marius); // Øya and the hospital: the front desk's patient
  const emma = personId(demo.db, P.emma); // Øya and the health station: a clinician's patient there
  const chart = await marte.get(`/staff/patients/${marius}`);
  assert.equal(chart.status, 200, 'the front desk opens the chart');
  assert.doesNotMatch(chart.text, new RegExp(`/staff/patients/${marius}/medications`), 'no clinical sections offered');
  for (const section of ['medications', 'results', 'summary', 'visits', 'confidential', 'questionnaires']) {
    assert.equal((await marte.get(`/staff/patients/${marius}/${section}`)).status, 403, section);
  }
  assert.equal((await marte.post(`/staff/patients/${marius}/summary/allergies`, { substance: 'Nøtter', reaction: 'Utslett' })).status, 403);
  assert.equal(sqlValue(demo.db, `SELECT COUNT(*) FROM allergy WHERE patient_id = ${marius} AND substance = 'Nøtter'`), '0');
  assert.doesNotMatch((await marte.get('/staff/queues/allergies')).text, /Silje Berg/, 'Øya\'s allergy requests are not hers');
  const request = sqlValue(demo.db, `SELECT id FROM allergy_request WHERE patient_id = ${personId(demo.db, P.silje)}`);
  assert.equal((await marte.get(`/staff/queues/allergies/${request}`)).status, 404);
  assert.doesNotMatch((await marte.get('/staff/queues/results')).text, /Marius Berg/);
  const emmaChart = await marte.get(`/staff/patients/${emma}/medications`);
  assert.equal(emmaChart.status, 200, 'a clinician where Emma is a patient');
});

test('security 4: an identity number tells nobody who exists, their name or age, or who has a confidential address', async () => {
  const b = await loginAs(demo.srv, P.marius, at);
  await b.get('/access/grant');
  const error = (html) => (html.match(/<div class="ds-validation-message"[^>]*id="nin-error">([^<]*)</) || [])[1];
  const answers = [];
  for (const [nin, family_name] of [['01818099939', 'Hansen'], [P.elisabeth, 'Hansen'], [P.camilla, 'Eide']]) {
    const r = await b.post('/access/grant', { nin, family_name, kind: 'full', valid_until: '' });
    assert.equal(r.status, 400, nin);
    assert.doesNotMatch(error(r.text), /Elisabeth|Camilla|skjermet|fortrolig|18 år/, `nothing about ${nin}`);
    assert.doesNotMatch(r.text, /Elisabeth|Camilla/, `no name of ${nin}`);
    answers.push(error(r.text));
  }
  assert.ok(answers[0], 'a neutral answer is given');
  assert.deepEqual(answers, [answers[0], answers[0], answers[0]], 'unknown, wrong name and confidential look the same');
  // The giver's own confidential address gets the same answer.
  const camilla = await loginAs(demo.srv, P.camilla, at);
  await camilla.get('/access/grant');
  assert.equal(error((await camilla.post('/access/grant', { nin: P.elisabeth, family_name: 'Johansen', kind: 'full', valid_until: '' })).text), answers[0]);
  // The right name of a person who may be given access shows the name for confirmation.
  assert.match((await b.post('/access/grant', { nin: P.elisabeth, family_name: 'JOHANSEN ', kind: 'full', valid_until: '' })).text, /Elisabeth Johansen/);

  // A parent without responsibility learns nothing either, confidential address or not.
  const refusal = (html) => (html.match(/role="alert"><h2[^>]*>[^<]*<\/h2><p class="ds-paragraph">([^<]*)</) || [])[1];
  const parents = [];
  for (const [who, child] of [['geir', P.sofie], ['marius', P.oskar], ['marius', '01818099939']]) {
    const p = await loginAs(demo.srv, P[who], at);
    await p.get('/access/parent');
    const r = await p.post('/access/parent', { nin: child });
    assert.equal(r.status, 403);
    parents.push(refusal(r.text));
  }
  assert.ok(parents[0]);
  assert.deepEqual(parents, [parents[0], parents[0], parents[0]]);

  // The real reasons are in the security log only.
  const reasons = sql(demo.db, "SELECT reason FROM security_event WHERE kind = 'identity_lookup'").map((r) => r[0]);
  for (const reason of ['grant:unknown', 'grant:name_mismatch', 'grant:confidential', 'parent:no_responsibility']) {
    assert.ok(reasons.includes(reason), reason);
  }
});

test('security 4: identity lookups are limited per account and hour', async () => {
  const b = await loginAs(demo.srv, P.silje, at);
  await b.get('/access/grant');
  const statuses = [];
  for (let i = 0; i < 11; i++) statuses.push((await b.post('/access/grant', { nin: '01818099939', family_name: 'Hansen', kind: 'full', valid_until: '' })).status);
  assert.deepEqual(statuses, [...Array(10).fill(400), 429]);
  const last = await b.post('/access/grant', { nin: P.elisabeth, family_name: 'Johansen', kind: 'full', valid_until: '' });
  assert.equal(last.status, 429);
  assert.match(last.text, /for mange fødselsnumre/);
  // An hour later the account may look up again.
  const later = await loginAs(demo.srv, P.silje, { headers: { 'x-helsami-now': '2026-11-22T11:00:01Z' } });
  await later.get('/access/grant');
  assert.equal((await later.post('/access/grant', { nin: P.elisabeth, family_name: 'Johansen', kind: 'full', valid_until: '' })).status, 200);
});

test('security 5: a parent sees no trace of an item hidden from them in the access log', async () => {
  const jonas = personId(demo.db, P.jonas);
  const kari = await loginAs(demo.srv, P.kari, staffAt);
  const hidden = sqlValue(demo.db, `SELECT id FROM questionnaire_request WHERE patient_id = ${jonas} AND hidden_from_guardians = 1`);
  assert.ok(hidden, 'the demo world has a questionnaire hidden from Jonas\'s parents');
  assert.equal((await kari.get(`/staff/patients/${jonas}/questionnaires/${hidden}`)).status, 200);
  assert.equal((await kari.get(`/staff/patients/${jonas}`)).status, 200); // a visible trace, for contrast
  // A medication prescribed and then marked confidential for the child.
  const gp = await loginAs(demo.srv, P.ingrid, staffAt);
  assert.equal((await gp.post(`/staff/patients/${jonas}/medications`, { name: 'Melatonin', strength: '3 mg', dosage: '1 tablett om kvelden', start_date: '2026-11-20' })).status, 303);
  const med = sqlValue(demo.db, `SELECT id FROM medication WHERE patient_id = ${jonas} AND name = 'Melatonin'`);
  await gp.get(`/staff/patients/${jonas}/confidential`);
  assert.equal((await gp.post(`/staff/patients/${jonas}/confidential`, { area: 'medications', item: med, hidden: '1' })).status, 303);
  assert.ok(Number(sqlValue(demo.db, `SELECT COUNT(*) FROM audit_log WHERE patient_id = ${jonas} AND what IN ('questionnaires', 'health.medications', 'confidential_marks')`)) >= 3, 'the reads are logged');

  const parent = await loginAs(demo.srv, P.marius, at);
  await parent.get('/access/parent');
  assert.equal((await parent.post('/access/parent', { nin: P.jonas })).status, 303);
  await actFor(parent, 'Jonas Berg');
  const page = await parent.get('/documents/access-log');
  assert.equal(page.status, 200);
  const log = page.text.match(/<main[\s\S]*<\/main>/)[0]; // the log itself, not the menu
  assert.match(log, /Journalen din \(oversikten\)/, 'other staff reads are shown');
  assert.doesNotMatch(log, /Spørreskjema/, 'no trace of the hidden questionnaire');
  assert.doesNotMatch(log, /Legemidler/, 'no trace of the hidden medication');
  assert.doesNotMatch(log, /Andre opplysninger/, 'no trace of the marks being set');
  assert.doesNotMatch((await parent.get('/')).text, /Helsesamtale/, 'nor on the home page');
  assert.doesNotMatch((await parent.get('/questionnaires')).text, new RegExp(`/questionnaires/${hidden}"`));
  // A notification about it could never reach the parents.
  await kari.get(`/staff/patients/${jonas}/questionnaires`);
  const qid = sqlValue(demo.db, 'SELECT id FROM questionnaire ORDER BY id LIMIT 1');
  assert.equal((await kari.post(`/staff/patients/${jonas}/questionnaires`, { questionnaire: qid, due_on: '', hidden: 'on' })).status, 303);
  assert.equal(sqlValue(demo.db, `SELECT hidden_from_guardians FROM notification_outbox WHERE person_id = ${jonas} ORDER BY id DESC LIMIT 1`), '1');
});

test('security 6: a staff member made inactive, or a role removed, counts from the next request', async () => {
  const ingrid = await loginAs(demo.srv, P.ingrid, staffAt);
  assert.equal((await ingrid.get('/staff')).status, 200);
  sql(demo.db, `UPDATE staff SET active = 0 WHERE id = ${staffId(P.ingrid)}`);
  assert.equal((await ingrid.get('/staff')).status, 401, 'inactive: the session is over');
  assert.equal((await ingrid.get('/staff')).status, 401);
  sql(demo.db, `UPDATE staff SET active = 1 WHERE id = ${staffId(P.ingrid)}`);
  assert.equal((await ingrid.get('/staff')).status, 401, 'and it stays over');

  const kari = await loginAs(demo.srv, P.kari, staffAt);
  const emma = personId(demo.db, P.emma);
  assert.equal((await kari.get(`/staff/patients/${emma}/medications`)).status, 200);
  sql(demo.db, `UPDATE staff_unit SET role = 'office' WHERE staff_id = ${staffId(P.kari)}`);
  assert.equal((await kari.get(`/staff/patients/${emma}/medications`)).status, 403, 'the clinician role is gone');
  sql(demo.db, `DELETE FROM staff_unit WHERE staff_id = ${staffId(P.kari)}`);
  assert.equal((await kari.get('/staff')).status, 401, 'no role anywhere: out');
  sql(demo.db, `INSERT INTO staff_unit (staff_id, unit_id, role) VALUES (${staffId(P.kari)}, ${unitId(HEALTH_STATION)}, 'clinician')`);
});

test('security 8: dev mode cannot sit behind a proxy, and its sessions die on a server that is not in dev mode', async () => {
  const proxied = runCli(['serve', '--dev', '--listen', '127.0.0.1:0', '--db', demo.db.url, '--base-url', 'https://helsami.example.no']);
  assert.notEqual(proxied.status, 0);
  assert.match(proxied.stderr, /dev mode serves only a loopback base URL/);

  const b = await loginAs(demo.srv, P.silje, at);
  const token = b.sessionCookie();
  assert.ok(token);
  const real = await startServer({ db: demo.db, dev: false });
  try {
    const res = await fetch(`${real.url}/settings/account`, { redirect: 'manual', headers: { cookie: `__Host-helsami=${token}` } });
    assert.equal(res.status, 401, 'a TestID session is no session here');
  } finally {
    assert.equal((await real.stop()).code, 0);
  }
  assert.equal((await b.get('/settings/account')).status, 401, 'and it was ended');
});

test('security 9: a return path is a path on this site, nothing else', async () => {
  const b = await loginAs(demo.srv, P.silje, at);
  await b.get('/settings/personal');
  for (const back of ['/\\evil.example', '//evil.example', '/\tevil', '/\\/evil.example', 'https://evil.example/', 'javascript:alert(1)']) {
    const r = await b.post('/session/extend', { back });
    assert.equal(r.status, 303, JSON.stringify(back));
    assert.equal(r.location, '/', JSON.stringify(back));
  }
  assert.equal((await b.post('/session/extend', { back: '/settings/personal?saved=1' })).location, '/settings/personal?saved=1');
});

test('security 11: patient search keeps identity numbers out of URLs, and every search is logged', async () => {
  const ingrid = await loginAs(demo.srv, P.ingrid, staffAt);
  const old = await ingrid.get(`/staff/patients?q=${P.marius}`);
  assert.doesNotMatch(old.text, /href="\/staff\/patients\/\d+">Marius Berg/, 'a number in the URL searches nothing');
  const before = Number(sqlValue(demo.db, "SELECT COUNT(*) FROM security_event WHERE kind = 'patient_search'"));
  const hit = await ingrid.post('/staff/patients', { q: P.marius });
  assert.match(hit.text, /href="\/staff\/patients\/\d+">Marius Berg/);
  await ingrid.post('/staff/patients', { q: 'Berg' });
  const miss = await ingrid.post('/staff/patients', { q: P.astrid });
  assert.doesNotMatch(miss.text, new RegExp(`href="[^"]*${P.astrid}`), 'emergency access is offered without the number in a link');
  assert.match(miss.text, /action="\/staff\/emergency"/);
  const events = sql(demo.db, `SELECT staff_id, reason FROM security_event WHERE kind = 'patient_search' ORDER BY id`).slice(before);
  assert.deepEqual(events, [[String(staffId(P.ingrid)), 'nin:hits:1'], [String(staffId(P.ingrid)), 'name:hits:5'], [String(staffId(P.ingrid)), 'nin:hits:0']]);
  assert.equal(sqlValue(demo.db, `SELECT COUNT(*) FROM security_event WHERE reason LIKE '%${P.marius}%'`), '0', 'never the term itself');
});

test('security (suspected): a link on another site does not open a record in a staff member\'s name', async () => {
  const ingrid = await loginAs(demo.srv, P.ingrid, staffAt);
  const marius = personId(demo.db, P.marius);
  const chart = `/staff/patients/${marius}/results?done=entered`;
  const entries = () => Number(sqlValue(demo.db, `SELECT COUNT(*) FROM audit_log WHERE patient_id = ${marius}`));
  const before = entries();
  for (const site of ['cross-site', 'same-site']) {
    const r = await ingrid.get(chart, { headers: { 'sec-fetch-site': site } });
    assert.equal(r.status, 200, site);
    assert.match(r.text, /<h1[^>]*>Åpne siden\?<\/h1>/, site);
    const href = r.text.match(/<a class="ds-link" href="([^"]*)">Åpne siden<\/a>/)?.[1];
    assert.equal(href?.replaceAll('&#61;', '='), chart, `${site}: one link to the same page`);
    assert.doesNotMatch(r.text, /Marius/, `${site}: nothing of the record`);
  }
  assert.equal(entries(), before, 'no read in the access log');
  for (const site of ['same-origin', 'none', undefined]) {
    const r = await ingrid.get(chart, site ? { headers: { 'sec-fetch-site': site } } : {});
    assert.equal(r.status, 200);
    assert.match(r.text, /Marius/, `${site}: the record`);
  }
  assert.equal(entries(), before + 3, 'each read logged');
  const home = await ingrid.get('/staff', { headers: { 'sec-fetch-site': 'cross-site' } });
  assert.doesNotMatch(home.text, /Åpne siden\?/, 'the workspace start page opens from anywhere');
  const citizen = await loginAs(demo.srv, P.marius, at);
  assert.match((await citizen.get('/health/results', { headers: { 'sec-fetch-site': 'cross-site' } })).text, /Prøvesvar/, 'citizens\' own pages are theirs to link to');
});

test('security (suspected): two open representations between the same people cannot exist', async () => {
  const elisabeth = await loginAs(demo.srv, P.elisabeth, at);
  await elisabeth.get('/access/grant');
  assert.equal((await elisabeth.post('/access/grant', { nin: P.bjorn, family_name: 'Johansen', kind: 'health_read', valid_until: '2026-11-23', confirm: '1' })).status, 303);
  // Expired two days later: a new grant replaces it rather than standing beside it.
  const later = { headers: { 'x-helsami-now': '2026-11-25T10:00:00Z' } };
  const giver = await loginAs(demo.srv, P.elisabeth, later);
  await giver.get('/access/grant');
  assert.equal((await giver.post('/access/grant', { nin: P.bjorn, family_name: 'Johansen', kind: 'full', valid_until: '', confirm: '1' })).status, 303);
  const pair = `representative_id = ${personId(demo.db, P.bjorn)} AND represented_id = ${personId(demo.db, P.elisabeth)}`;
  assert.equal(sqlValue(demo.db, `SELECT COUNT(*) FROM representation WHERE ${pair} AND ended_at IS NULL`), '1');
  assert.throws(() => sql(demo.db, `INSERT INTO representation (representative_id, represented_id, basis, kind, valid_from, created_at, created_by)`
    + ` VALUES (${personId(demo.db, P.bjorn)}, ${personId(demo.db, P.elisabeth)}, 'power_of_attorney', 'full', '2026-11-25', 0, 1)`), /unique|UNIQUE/);
  // Withdrawn, Bjørn can act for her no more.
  const id = (await giver.get('/access')).text.match(/action="\/access\/(\d+)\/end"/)[1];
  assert.equal((await giver.post(`/access/${id}/end`)).status, 303);
  assert.equal(sqlValue(demo.db, `SELECT COUNT(*) FROM representation WHERE ${pair} AND ended_at IS NULL`), '0');
  const bjorn = await loginAs(demo.srv, P.bjorn, later);
  assert.doesNotMatch((await bjorn.get('/access')).text, /Elisabeth Johansen<\/h3>[\s\S]*?name="person"/);
});

test('anonymous visitors get none of it', async () => {
  const anon = new Browser(demo.srv.url);
  assert.equal((await anon.get('/staff/queues/representation')).status, 401);
});
