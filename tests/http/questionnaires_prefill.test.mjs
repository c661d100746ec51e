// questionnaires_prefill.test.mjs — prefill (SDC initialExpression, issue 16
// item 5) over real HTTP: the form is filled on the server from the person
// the questionnaire is for — the child, when a parent answers for her, never
// the parent — as answers the patient may change; a read-only prefill is no
// input (a forged value is refused) and is stored as shown; an expression
// outside the subset is refused at import by name. Every stored
// QuestionnaireResponse is valid R4 (the `fhir` npm package).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { startServer, freshDb } from '../lib/server.mjs';
import { seedDemo } from '../lib/demo.mjs';
import { loginActingForChild, loginAs } from '../lib/session.mjs';
import { sql } from '../lib/db.mjs';
import { importForm, postAnswers, revisionOf, sendAsIngrid } from '../lib/qform.mjs';

const require = createRequire(import.meta.url);
const { Fhir } = require('fhir');
const fhir = new Fhir();

const SILJE = '03898849863'; // Emma's mother
const EMMA = '15862199860';
const INGRID = '14827549852'; // GP, Øya legesenter
const NOW = '2026-11-22T10:00:00Z';
const FNR = 'urn:oid:2.16.578.1.12.4.1.4.1';
const SDC = 'http://hl7.org/fhir/uv/sdc/StructureDefinition/';

const prefill = (expression) => [{ url: `${SDC}sdc-questionnaire-initialExpression`, valueExpression: { language: 'text/fhirpath', expression } }];
// Fields by item position: a0 name (read-only), a1 fødselsnummer (read-only),
// a2 birth date, a3 phone, a4 e-mail.
const FORM = {
  resourceType: 'Questionnaire', url: 'https://example.org/fhir/Questionnaire/prefill', version: '1',
  title: 'Personalia', status: 'active',
  extension: [{ url: `${SDC}sdc-questionnaire-launchContext`, extension: [
    { url: 'name', valueCoding: { system: 'http://hl7.org/fhir/uv/sdc/CodeSystem/launchContext', code: 'patient' } },
    { url: 'type', valueCode: 'Patient' }] }],
  item: [
    { linkId: 'name', type: 'string', text: 'Navn', readOnly: true, extension: prefill('%patient.name.text') },
    { linkId: 'fnr', type: 'string', text: 'Fødselsnummer', readOnly: true,
      extension: prefill(`%patient.identifier.where(system = '${FNR}').value`) },
    { linkId: 'dob', type: 'date', text: 'Fødselsdato', extension: prefill('%patient.birthDate') },
    { linkId: 'phone', type: 'string', text: 'Telefon', extension: prefill("%patient.telecom.where(system = 'phone').value") },
    { linkId: 'email', type: 'string', text: 'E-post', extension: prefill("%patient.telecom.where(system = 'email').value") },
  ],
};

const contact = (db, nin, phone, email) => {
  sql(db, `DELETE FROM contact_details WHERE person_id = (SELECT id FROM person WHERE nin = '${nin}')`);
  sql(db, `INSERT INTO contact_details (person_id, phone, email, updated_at) SELECT id, '${phone}', '${email}', 0 FROM person WHERE nin = '${nin}'`);
};

async function world(t) {
  const db = seedDemo();
  const imported = importForm(db, FORM);
  assert.equal(imported.status, 0, imported.stderr);
  contact(db, EMMA, '41111111', 'emma@example.no');
  contact(db, SILJE, '42222222', 'silje@example.no');
  const srv = await startServer({ db });
  t.after(async () => { await srv.stop(); db.cleanup(); });
  const headers = { 'x-helsami-now': NOW };
  const { ingrid, pid, qid } = await sendAsIngrid(srv, db, { nin: EMMA, title: 'Personalia', headers });
  // Silje acts for Emma, her daughter.
  const silje = await loginActingForChild(srv, SILJE, EMMA, 'Emma Berg', { headers });
  return { db, ingrid, silje, pid, qid };
}

const who = (db, nin) => {
  const [given, family, birth] = sql(db, `SELECT given_name, family_name, birth_date FROM person WHERE nin = '${nin}'`)[0];
  return { name: `${given} ${family}`, birth };
};
const inputValue = (html, name) => html.match(new RegExp(`<input [^>]*name="${name}" value="([^"]*)"`))?.[1];
const post = postAnswers;
const stored = (db, qid) => JSON.parse(sql(db, `SELECT response FROM questionnaire_request WHERE id = ${qid}`)[0].join('|'));
const answers = (resp) => Object.fromEntries((resp.item || []).map((i) => [i.linkId, i.answer[0].valueString ?? i.answer[0].valueDate]));

test("a parent answering for a child gets the child's data, never her own, as answers she may change", async (t) => {
  const { db, ingrid, silje, pid, qid } = await world(t);
  const emma = who(db, EMMA), mother = who(db, SILJE);
  const page = await silje.get(`/questionnaires/${qid}`);
  assert.equal(page.status, 200, page.text.slice(0, 2000));
  assert.ok(page.text.includes(emma.name), "Emma's name, read-only");
  assert.ok(page.text.includes(EMMA), "Emma's fødselsnummer, read-only");
  const form = page.text.match(/<form[^>]*method="post"[\s\S]*?<\/form>/g).join('');
  assert.ok(form.includes(emma.name));
  assert.ok(!form.includes(SILJE) && !form.includes(mother.name) && !form.includes('42222222'), "nothing of Silje's");
  assert.equal(inputValue(page.text, 'a0'), undefined, 'a read-only prefill is no input');
  assert.equal(inputValue(page.text, 'a1'), undefined);
  assert.equal(inputValue(page.text, 'a2'), emma.birth);
  assert.equal(inputValue(page.text, 'a3'), '41111111');
  assert.equal(inputValue(page.text, 'a4'), 'emma@example.no');

  // Hostile: a value for the read-only name is an unknown field; nothing is stored.
  const rev = ['revision', String(revisionOf(page.text))];
  let r = await post(silje, qid, [rev, ['action', 'save'], ['a0', mother.name], ['a2', emma.birth], ['a3', '41111111']]);
  assert.equal(r.status, 400);
  assert.equal(String(sql(db, `SELECT COUNT(*) FROM questionnaire_request WHERE id = ${qid} AND response IS NULL`)[0][0]), '1');

  // The phone changed, the e-mail emptied: an ordinary answer.
  r = await post(silje, qid, [rev, ['action', 'submit'], ['a2', emma.birth], ['a3', '99887766'], ['a4', '']]);
  assert.equal(r.status, 303, r.text);
  const resp = stored(db, qid);
  assert.deepEqual(answers(resp), { name: emma.name, fnr: EMMA, dob: emma.birth, phone: '99887766' });
  const v = fhir.validate(resp);
  assert.deepEqual(v.messages.filter((m) => m.severity === 'error'), [], JSON.stringify(resp));

  // The clinician reads what was submitted, Emma's own data among it.
  const view = await ingrid.get(`/staff/patients/${pid}/questionnaires/${qid}`);
  assert.equal(view.status, 200);
  assert.ok(view.text.includes(EMMA) && view.text.includes('99887766'));
});

test('the read-only prefill is stored as submitted: later changes to the register do not rewrite it', async (t) => {
  const { db, ingrid, silje, pid, qid } = await world(t);
  const emma = who(db, EMMA);
  const page = await silje.get(`/questionnaires/${qid}`);
  const r = await post(silje, qid, [['revision', String(revisionOf(page.text))], ['action', 'submit'], ['a2', emma.birth]]);
  assert.equal(r.status, 303, r.text);
  sql(db, `UPDATE person SET family_name = 'Nyberg' WHERE nin = '${EMMA}'`);
  const view = await ingrid.get(`/staff/patients/${pid}/questionnaires/${qid}`);
  assert.ok(view.text.includes(emma.name), 'the name as submitted (the page heading has the new one)');
  assert.equal(answers(stored(db, qid)).name, emma.name);
});

test('an expression outside the subset is refused at import, by name', async () => {
  const db = freshDb();
  try {
    const bad = structuredClone(FORM);
    bad.item[0].extension = prefill('%patient.gender');
    bad.item[2].extension = prefill('today()');
    bad.extension[0].extension[0].valueCoding.code = 'user';
    const r = importForm(db, bad);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /item 'name': initialExpression '%patient\.gender': 'gender' is not a member helsami fills/);
    assert.match(r.stderr, /item 'dob': initialExpression 'today\(\)': the function today\(\) is not supported/);
    assert.match(r.stderr, /the launchContext 'user' \(Patient\) is not supported/);
  } finally {
    db.cleanup();
  }
});

test('a confidential address is never prefilled, not even the one the person gave (the demo Personalia form)', async (t) => {
  const CAMILLA = '30819249861';
  const db = seedDemo();
  sql(db, `DELETE FROM contact_details WHERE person_id = (SELECT id FROM person WHERE nin = '${CAMILLA}')`);
  sql(db, `INSERT INTO contact_details (person_id, street, postcode, city, phone, updated_at) SELECT id, 'Hemmeligveien 9', '7011', 'Trondheim', '43333333', 0 FROM person WHERE nin = '${CAMILLA}'`);
  const srv = await startServer({ db });
  t.after(async () => { await srv.stop(); db.cleanup(); });
  const headers = { 'x-helsami-now': NOW };
  const ingrid = await loginAs(srv, INGRID, { staff: true, headers });
  const found = (await ingrid.post('/staff/patients', { q: CAMILLA })).text.match(/href="\/staff\/patients\/(\d+)"/);
  assert.ok(found, 'Camilla is a patient at Øya');
  const pid = Number(found[1]);
  const page = await ingrid.get(`/staff/patients/${pid}/questionnaires`);
  const def = page.text.match(/<option value="(\d+)">Personalia før innleggelse \(/)[1];
  assert.equal((await ingrid.post(`/staff/patients/${pid}/questionnaires`, { questionnaire: def, due_on: '' })).status, 303);
  const qid = Number(sql(db, `SELECT MAX(id) FROM questionnaire_request WHERE patient_id = ${pid}`)[0][0]);
  const camilla = await loginAs(srv, CAMILLA, { headers });
  const form = await camilla.get(`/questionnaires/${qid}`);
  assert.equal(form.status, 200);
  assert.ok(form.text.includes(CAMILLA), 'her own number');
  assert.equal(inputValue(form.text, 'a3'), '43333333', 'her phone');
  assert.ok(!form.text.includes('Hemmeligveien'), 'no address');
});
