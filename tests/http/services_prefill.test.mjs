// services_prefill.test.mjs — a municipal application's form prefilled
// (SDC initialExpression, issue 16) over real HTTP, from the person the
// application is for: the applicant, and when a parent applies for a child,
// the child — never the parent, whose own data must not reach the child's
// application. The caseworker reads what was submitted. SQLite, or
// PostgreSQL with HELSAMI_TEST_PG_URL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { seedDemo, SEED_DAY } from '../lib/demo.mjs';
import { loginAs } from '../lib/session.mjs';
import { sql, sqlValue } from '../lib/db.mjs';
import { importForm } from '../lib/qform.mjs';

const SILJE = '03898849863'; // Emma's mother
const EMMA = '15862199860';
const MARIUS = '12848649994';
const NOW = `${SEED_DAY}T10:00:00Z`;
const FNR = 'urn:oid:2.16.578.1.12.4.1.4.1';
const SDC = 'http://hl7.org/fhir/uv/sdc/StructureDefinition/';

const prefill = (expression) => [{ url: `${SDC}sdc-questionnaire-initialExpression`, valueExpression: { language: 'text/fhirpath', expression } }];
// Fields by item position: a0 name (read-only), a1 fødselsnummer (read-only), a2 phone.
const FORM = {
  resourceType: 'Questionnaire', url: 'https://example.org/fhir/Questionnaire/application-prefill', version: '1',
  title: 'Søknad med personalia', status: 'active',
  item: [
    { linkId: 'name', type: 'string', text: 'Navn', readOnly: true, extension: prefill('%patient.name.text') },
    { linkId: 'fnr', type: 'string', text: 'Fødselsnummer', readOnly: true,
      extension: prefill(`%patient.identifier.where(system = '${FNR}').value`) },
    { linkId: 'phone', type: 'string', text: 'Telefon', extension: prefill("%patient.telecom.where(system = 'phone').value") },
  ],
};

const contact = (db, nin, phone) => {
  sql(db, `DELETE FROM contact_details WHERE person_id = (SELECT id FROM person WHERE nin = '${nin}')`);
  sql(db, `INSERT INTO contact_details (person_id, phone, updated_at) SELECT id, '${phone}', 0 FROM person WHERE nin = '${nin}'`);
};
const who = (db, nin) => sql(db, `SELECT given_name || ' ' || family_name FROM person WHERE nin = '${nin}'`)[0][0];
// The stored response (sql splits a row at '|', which JSON text may hold).
const response = (db, id) => sql(db, `SELECT response FROM service_application WHERE id = ${id}`)[0].join('|');
const inputValue = (html, name) => html.match(new RegExp(`<input [^>]*name="${name}" value="([^"]*)"`))?.[1];

// The demo world with every municipal service asking FORM.
async function world(t) {
  const db = seedDemo();
  const imported = importForm(db, FORM);
  assert.equal(imported.status, 0, imported.stderr);
  sql(db, `UPDATE municipal_service SET questionnaire_id = (SELECT MAX(id) FROM questionnaire)`);
  contact(db, EMMA, '41111111');
  contact(db, SILJE, '42222222');
  contact(db, MARIUS, '43333333');
  const srv = await startServer({ db });
  t.after(async () => { await srv.stop(); db.cleanup(); });
  return { db, srv };
}

// b starts an application for the first service on their catalogue: its id.
async function start(b) {
  const list = await b.get('/services');
  const service = list.text.match(/name="service" value="(\d+)"/)[1];
  const started = await b.post('/services/apply', { service });
  assert.equal(started.status, 303, started.text);
  return Number(started.location.match(/(\d+)$/)[1]);
}

test("an applicant's application is prefilled with their own data", async (t) => {
  const { db, srv } = await world(t);
  const marius = await loginAs(srv, MARIUS, { headers: { 'x-helsami-now': NOW } });
  const id = await start(marius);
  const page = await marius.get(`/services/applications/${id}`);
  assert.equal(page.status, 200);
  assert.ok(page.text.includes(who(db, MARIUS)) && page.text.includes(MARIUS), 'name and number, read-only');
  assert.equal(inputValue(page.text, 'a0'), undefined, 'a read-only prefill is no input');
  assert.equal(inputValue(page.text, 'a2'), '43333333');
  const rev = sqlValue(db, `SELECT revision FROM service_application WHERE id = ${id}`);
  // Hostile: a posted value for the read-only name is an unknown field.
  const forged = await marius.post(`/services/applications/${id}`, { a0: 'Noen Andre', a2: '43333333', revision: String(rev), action: 'save' });
  assert.equal(forged.status, 400);
  const sent = await marius.post(`/services/applications/${id}`, { a2: '43333333', revision: String(rev), action: 'submit' });
  assert.equal(sent.status, 303, sent.text);
  const resp = JSON.parse(response(db, id));
  assert.deepEqual(resp.item.map((i) => [i.linkId, i.answer[0].valueString]),
    [['name', who(db, MARIUS)], ['fnr', MARIUS], ['phone', '43333333']]);
});

test("a parent applying for her child gets the child's data, never her own", async (t) => {
  const { db, srv } = await world(t);
  const silje = await loginAs(srv, SILJE, { headers: { 'x-helsami-now': NOW } });
  await silje.get('/access/parent');
  assert.equal((await silje.post('/access/parent', { nin: EMMA })).status, 303);
  const access = await silje.get('/access');
  const person = access.text.match(/Emma Berg<\/h3>[\s\S]*?name="person" value="(\d+)"/)[1];
  assert.equal((await silje.post('/access/act', { person })).status, 303);
  const id = await start(silje);
  assert.equal(sqlValue(db, `SELECT patient_id FROM service_application WHERE id = ${id}`), person);
  const page = await silje.get(`/services/applications/${id}`);
  assert.equal(page.status, 200);
  const form = page.text.match(/<form[^>]*method="post"[\s\S]*?<\/form>/g).join('');
  assert.ok(form.includes(who(db, EMMA)) && form.includes(EMMA), "Emma's name and number");
  assert.equal(inputValue(page.text, 'a2'), '41111111', "Emma's phone");
  assert.ok(!form.includes(SILJE) && !form.includes(who(db, SILJE)) && !form.includes('42222222'), "nothing of Silje's");
  const rev = sqlValue(db, `SELECT revision FROM service_application WHERE id = ${id}`);
  const sent = await silje.post(`/services/applications/${id}`, { a2: '41111111', revision: String(rev), action: 'submit' });
  assert.equal(sent.status, 303, sent.text);
  const stored = response(db, id);
  assert.ok(stored.includes(EMMA) && !stored.includes(SILJE) && !stored.includes('42222222'), stored);

  // A form the national portal marks for the person alone (sdf-canbeperformedby 2): a parent cannot send it.
  assert.equal(importForm(db, { ...FORM, version: '2', extension: [{ url: 'http://ehelse.no/fhir/StructureDefinition/sdf-canbeperformedby',
    valueCoding: { system: 'http://ehelse.no/fhir/ValueSet/CanBePerformedBy', code: '2' } }] }).status, 0);
  sql(db, `UPDATE municipal_service SET questionnaire_id = (SELECT MAX(id) FROM questionnaire)`);
  const own = await start(silje);
  const orev = sqlValue(db, `SELECT revision FROM service_application WHERE id = ${own}`);
  const refused = await silje.post(`/services/applications/${own}`, { a2: '41111111', revision: String(orev), action: 'submit' });
  assert.equal(refused.status, 403, refused.text.slice(0, 500));
  assert.equal(sqlValue(db, `SELECT COUNT(*) FROM service_application WHERE id = ${own} AND response IS NULL`), '1');
});
