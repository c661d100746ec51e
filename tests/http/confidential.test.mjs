// confidential.test.mjs — confidential for the child (12–15): a clinician
// marks an item, the parent acting for the child no longer sees it, the child's
// own record and staff still do; only clinicians mark, only under 16.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoServer } from '../lib/demo.mjs';
import { loginAs } from '../lib/session.mjs';

const INGRID = '14827549852';
const MARTE = '19889549834';
const MARIUS = '12848649994';
const JONAS = '02831399735';
const SILJE = '03898849863';
const at = { headers: { 'x-helsami-now': '2026-11-22T10:00:00Z' } };

const demo = demoServer({ args: [] });

const idOf = async (b, nin, name) => (await b.post('/staff/patients', { q: nin })).text.match(new RegExp(`href="/staff/patients/(\\d+)">${name}<`))[1];

test('a marked item is hidden from the parent, not from staff', async () => {
  const gp = await loginAs(demo.srv, INGRID, { staff: true, ...at });
  const jonas = await idOf(gp, JONAS, 'Jonas Berg');
  assert.equal((await gp.post(`/staff/patients/${jonas}/medications`, { name: 'Melatonin', strength: '3 mg', dosage: '1 tablett om kvelden', start_date: '2026-11-20' })).status, 303);
  const page = await gp.get(`/staff/patients/${jonas}/confidential`);
  assert.equal(page.status, 200);
  const item = page.text.match(/name="area" value="medications"><input type="hidden" name="item" value="(\d+)">/)[1];

  const parent = await loginAs(demo.srv, MARIUS, at);
  await parent.get('/access/parent');
  assert.equal((await parent.post('/access/parent', { nin: JONAS })).status, 303);
  const person = (await parent.get('/access')).text.match(/Jonas Berg<\/h3>[\s\S]*?name="person" value="(\d+)"/)[1];
  await parent.post('/access/act', { person });
  assert.match((await parent.get('/health/medications')).text, /Melatonin/);

  assert.equal((await gp.post(`/staff/patients/${jonas}/confidential`, { area: 'medications', item, hidden: '1' })).status, 303);
  assert.match((await gp.get(`/staff/patients/${jonas}/confidential`)).text, /Skjult for foreldre/);
  assert.doesNotMatch((await parent.get('/health/medications')).text, /Melatonin/, 'hidden at the next request');
  assert.match((await gp.get(`/staff/patients/${jonas}/medications`)).text, /Melatonin/, 'staff still see it');

  assert.equal((await gp.post(`/staff/patients/${jonas}/confidential`, { area: 'medications', item, hidden: '0' })).status, 303);
  assert.match((await parent.get('/health/medications')).text, /Melatonin/);
});

test('only clinicians mark; only items of the patient; only under 16', async () => {
  const gp = await loginAs(demo.srv, INGRID, { staff: true, ...at });
  const jonas = await idOf(gp, JONAS, 'Jonas Berg');
  const silje = await idOf(gp, SILJE, 'Silje Berg');
  const desk = await loginAs(demo.srv, MARTE, { staff: true, ...at });
  assert.equal((await desk.get(`/staff/patients/${jonas}/confidential`)).status, 403);
  assert.equal((await gp.post(`/staff/patients/${jonas}/confidential`, { area: 'medications', item: '999999', hidden: '1' })).status, 404);
  assert.equal((await gp.post(`/staff/patients/${jonas}/confidential`, { area: 'nonsense', item: '1', hidden: '1' })).status, 404);
  assert.equal((await gp.post(`/staff/patients/${jonas}/confidential`, { area: 'medications', item: 'x', hidden: '1' })).status, 400);
  assert.equal((await gp.post(`/staff/patients/${silje}/confidential`, { area: 'medications', item: '1', hidden: '1' })).status, 400, 'an adult');
});
