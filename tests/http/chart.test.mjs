// chart.test.mjs — the staff workspace's patient access: search among one's
// units, opening charts (logged), emergency access with a reason, roles.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoServer } from '../lib/demo.mjs';
import { Browser, loginAs } from '../lib/session.mjs';

const INGRID = '14827549852'; // GP, Øya
const EIRIK = '05927049955'; // hospital physician, St. Olavs
const MARTE = '19889549834'; // front desk, Øya
const PER = '27816849956'; // caseworker
const SARA = '04859849860'; // user support
const MARIUS = '12848649994';
const ASTRID = '08833849868'; // not an Øya patient
const NOW = '2026-11-22T10:00:00Z';
const at = (iso) => ({ headers: { 'x-helsami-now': iso } });

const demo = demoServer({ args: [] });

const staff = (nin, iso = NOW) => loginAs(demo.srv, nin, { staff: true, ...at(iso) });
const chartLinks = (html) => [...html.matchAll(/href="\/staff\/patients\/(\d+)">([^<]+)</g)].map((m) => ({ id: m[1], name: m[2] }));

test('search by family name finds only patients of one\'s units', async () => {
  const b = await staff(INGRID);
  const berg = await b.post('/staff/patients', { q: 'berg' });
  assert.equal(berg.status, 200);
  assert.deepEqual(chartLinks(berg.text).map((h) => h.name).sort(), ['Emma Berg', 'Jonas Berg', 'Marius Berg', 'Nora Berg', 'Silje Berg']);
  const johansen = await b.post('/staff/patients', { q: 'Johansen' });
  assert.deepEqual(chartLinks(johansen.text).map((h) => h.name).sort(), ['Bjørn Johansen', 'Elisabeth Johansen']);
  const none = await b.post('/staff/patients', { q: 'Zzz' });
  assert.equal(chartLinks(none.text).length, 0);
});

test('search by identity number; a bad query is a clear 400', async () => {
  const b = await staff(INGRID);
  const r = await b.post('/staff/patients', { q: MARIUS });
  assert.deepEqual(chartLinks(r.text).map((h) => h.name), ['Marius Berg']);
  const bad = await b.post('/staff/patients', { q: '1234' });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /aria-invalid="true"/);
  const other = await b.post('/staff/patients', { q: ASTRID });
  assert.equal(chartLinks(other.text).length, 0);
  assert.match(other.text, new RegExp(`action="/staff/emergency"[\\s\\S]*name="nin" value="${ASTRID}"`), 'emergency access offered in a form');
});

test('opening a chart of one\'s unit works; anything else is 404', async () => {
  const b = await staff(INGRID);
  const [marius] = chartLinks((await b.post('/staff/patients', { q: MARIUS })).text);
  const chart = await b.get(`/staff/patients/${marius.id}`);
  assert.equal(chart.status, 200);
  assert.match(chart.text, /Marius Berg/);
  assert.doesNotMatch(chart.text, /nødtilgang/);
  for (const bad of ['0', 'abc', '-1', '+1', '99999999', '1e3']) assert.equal((await b.get(`/staff/patients/${bad}`)).status, 404, bad);
  const eirik = await staff(EIRIK);
  assert.equal((await eirik.get(`/staff/patients/${marius.id}`)).status, 200, 'Marius is a hospital patient too');
  const [silje] = chartLinks((await b.post('/staff/patients', { q: 'Berg' })).text).filter((h) => h.name === 'Silje Berg');
  assert.equal((await eirik.get(`/staff/patients/${silje.id}`)).status, 404, 'Silje is not');
});

test('emergency access needs a reason, opens the chart for eight hours, and is marked', async () => {
  const b = await staff(INGRID);
  await b.get(`/staff/emergency`);
  const short = await b.post('/staff/emergency', { nin: ASTRID, reason: 'akutt' });
  assert.equal(short.status, 400);
  assert.match(short.text, /mellom 10 og 500 tegn/);
  const unknown = await b.post('/staff/emergency', { nin: '01818099939', reason: 'Bevisstløs pasient i mottak' });
  assert.equal(unknown.status, 400);
  const bad = await b.post('/staff/emergency', { nin: '123', reason: 'Bevisstløs pasient i mottak' });
  assert.equal(bad.status, 400);
  const ok = await b.post('/staff/emergency', { nin: ASTRID, reason: 'Bevisstløs pasient i mottak' });
  assert.equal(ok.status, 303);
  const chart = await b.get(ok.location);
  assert.equal(chart.status, 200);
  assert.match(chart.text, /Astrid Johansen/);
  assert.match(chart.text, /nødtilgang/);
  const still = await staff(INGRID, '2026-11-22T17:59:00Z');
  assert.equal((await still.get(ok.location)).status, 200);
  const later = await staff(INGRID, '2026-11-22T18:00:01Z');
  assert.equal((await later.get(ok.location)).status, 404, 'the access has lapsed');
});

test('only clinicians and the front desk use patient charts', async () => {
  const marte = await staff(MARTE);
  assert.equal((await marte.post('/staff/patients', { q: 'Berg' })).status, 200);
  for (const nin of [PER, SARA]) {
    const b = await staff(nin);
    assert.equal((await b.post('/staff/patients', { q: 'Berg' })).status, 403, nin);
    assert.equal((await b.get('/staff/patients/1')).status, 403, nin);
    assert.equal((await b.post('/staff/emergency', { nin: ASTRID, reason: 'Bevisstløs pasient i mottak' })).status, 403, nin);
  }
  const citizen = await loginAs(demo.srv, MARIUS, at(NOW));
  assert.equal((await citizen.post('/staff/patients', { q: 'Berg' })).status, 403);
  assert.equal((await new Browser(demo.srv.url).get('/staff/patients')).status, 401);
});
