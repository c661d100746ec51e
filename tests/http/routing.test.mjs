// routing.test.mjs — what the router and the one status rule answer on real
// routes: a path parameter that is not a positive id that fits is 404 before
// any handler (for anyone, any method, with or without a form token); an
// object of someone else is 404, its existence not revealed; a capability the
// reader's role lacks is 403, whether the dispatcher or the handler finds it
// out (the role held at the patient's unit).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { client } from '../lib/server.mjs';
import { demoServer } from '../lib/demo.mjs';
import { loginAs } from '../lib/session.mjs';

const MARIUS = '12848649994'; // Øya and hospital patient, has medications and results
const SILJE = '03898849863'; // Øya patient
const ASTRID = '08833849868'; // care home: not a patient of Øya or the health station
const INGRID = '14827549852'; // GP (clinician) at Øya
const AHMED = '25839049733'; // clinician at home care and Havstad (Astrid's care home)
const HILDE = '09838749817'; // office at Øya, clinician at the health station
const MARTE = '19889549834'; // office at Øya
const at = { headers: { 'x-helsami-now': '2026-11-22T10:00:00Z' } };

const demo = demoServer({ args: [] });

const citizen = (nin) => loginAs(demo.srv, nin, at);
const staff = (nin) => loginAs(demo.srv, nin, { staff: true, ...at });
const patientId = async (b, nin) => (await b.post('/staff/patients', { q: nin })).text.match(/href="\/staff\/patients\/(\d+)"/)[1];

// Not the one spelling of a positive id that fits in 64 bits. "%2B1" and
// "%30%30%37" decode to "+1" and "007" before routing.
const BAD_IDS = ['0', '-1', '+1', '%2B1', '1e3', '007', '%30%30%37', '01', '1.0', '0x1', '9223372036854775808',
  '9999999999999999999', '99999999999999999999999', '1a', '%C2%B9', '١'];

test('a malformed id is 404 before any handler, whoever asks, whatever the method', async () => {
  const gp = await staff(INGRID);
  const marius = await citizen(MARIUS);
  const anon = client(demo.srv.url);
  const id = await patientId(gp, MARIUS);
  assert.equal((await gp.get(`/staff/patients/${id}/summary`)).status, 200, 'the well-formed id');
  for (const bad of BAD_IDS) {
    const enc = encodeURI(bad);
    assert.equal((await gp.get(`/staff/patients/${enc}/summary`)).status, 404, `GET staff ${bad}`);
    assert.equal((await gp.post(`/staff/patients/${id}/summary/allergies/${enc}/remove`)).status, 404, `POST staff item ${bad}`);
    assert.equal((await marius.get(`/health/results/${enc}`)).status, 404, `GET citizen ${bad}`);
    assert.equal((await marius.post(`/health/medications/${enc}/comments`, { body: 'Hei' })).status, 404, `POST citizen ${bad}`);
    // Before who may call the route (401), the form token (403) and the method (405).
    assert.equal((await anon(`/health/results/${enc}`)).status, 404, `anonymous ${bad}`);
    assert.equal((await anon(`/visits/${enc}`, { method: 'POST', body: 'x=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } })).status, 404, `anonymous POST ${bad}`);
  }
  assert.equal((await anon('/health/results/7')).status, 401, 'a well-formed id: the route, then who may call it');
  assert.equal((await anon('/health/results/7', { method: 'DELETE' })).status, 405);
  assert.equal((await anon('/health/results/007', { method: 'DELETE' })).status, 404);
  assert.equal((await marius.get('/health/results/9223372036854775807')).status, 404, 'the largest id: no such result');
});

test("an object of someone else is 404; a capability the role lacks is 403", async () => {
  const marius = await citizen(MARIUS);
  const silje = await citizen(SILJE);
  const med = (await marius.get('/health/medications')).text.match(/href="\/health\/medications\/(\d+)"/)[1];
  const result = (await marius.get('/health/results')).text.match(/href="\/health\/results\/(\d+)"/)[1];
  assert.equal((await marius.get(`/health/medications/${med}`)).status, 200);
  // Marius's rows, asked for by Silje: they do not exist for her.
  assert.equal((await silje.get(`/health/medications/${med}`)).status, 404);
  assert.equal((await silje.get(`/health/results/${result}`)).status, 404);
  assert.equal((await silje.post(`/health/medications/${med}/comments`, { body: 'Hei' })).status, 404);
  // A citizen route for staff, a staff route for a citizen: the role lacks the capability.
  const gp = await staff(INGRID);
  assert.equal((await gp.get('/health/medications')).status, 403);
  assert.equal((await marius.get('/staff/patients')).status, 403);

  const silje_id = await patientId(gp, SILJE);
  const astrid_id = await patientId(await staff(AHMED), ASTRID);
  // A patient of none of the reader's units does not exist for them.
  assert.equal((await gp.get(`/staff/patients/${astrid_id}/summary`)).status, 404);
  assert.equal((await gp.get(`/staff/patients/${astrid_id}/medications`)).status, 404);
  // Office staff hold no clinical capability anywhere: the dispatcher says 403.
  const desk = await staff(MARTE);
  assert.equal((await desk.get(`/staff/patients/${silje_id}/summary`)).status, 403);
  // Hilde is a clinician at the health station but office at Øya, Silje's
  // only unit: the handler finds the role lacking there, 403 too; Astrid is
  // no patient of hers, 404.
  const hilde = await staff(HILDE);
  assert.equal((await hilde.get(`/staff/patients/${silje_id}/summary`)).status, 403);
  assert.equal((await hilde.get(`/staff/patients/${silje_id}/medications`)).status, 403);
  assert.equal((await hilde.get(`/staff/patients/${astrid_id}/summary`)).status, 404);
});

test('links and redirects are the routes the table declares', async () => {
  const gp = await staff(INGRID);
  const id = await patientId(gp, MARIUS);
  const chart = await gp.get(`/staff/patients/${id}`);
  for (const section of ['summary', 'care-team', 'visits', 'stays', 'referrals', 'medications', 'results', 'questionnaires', 'confidential']) {
    assert.match(chart.text, new RegExp(`href="/staff/patients/${id}/${section}"`), section);
  }
  const summary = await gp.get(`/staff/patients/${id}/summary`);
  assert.match(summary.text, new RegExp(`action="/staff/patients/${id}/summary/allergies"`));
  assert.match(summary.text, new RegExp(`action="/staff/patients/${id}/summary/issues"`));
  assert.match(summary.text, new RegExp(`action="/staff/patients/${id}/summary/allergies/\\d+/remove"`));
  assert.match(summary.text, new RegExp(`href="/staff/patients/${id}"`), 'back to the chart');
  const added = await gp.post(`/staff/patients/${id}/summary/issues`, { diagnosis: 'Hodepine', icd10: 'r51' });
  assert.equal(added.status, 303);
  assert.equal(added.location, `/staff/patients/${id}/summary?done=added#issues`);
});
