// questionnaires_sdc.test.mjs — a form published by others (issue 16), over
// real HTTP: LHC-Forms' enableWhen test form (tests/data/questionnaires,
// source and licence in README.md there), imported with the CLI with the url
// and version its publisher left out, sent by a clinician and answered by
// the patient. enableWhen is evaluated on the server on every save and
// redisplay: a follow-up appears once the answer that turns it on is saved,
// a disabled question is not required, and answers typed into a question
// that is then turned off are dropped. Every QuestionnaireResponse the
// portal stores is valid R4 (the `fhir` npm package's validator).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { startServer, runCli, freshDb } from '../lib/server.mjs';
import { loginAs } from '../lib/session.mjs';
import { sql } from '../lib/db.mjs';

const require = createRequire(import.meta.url);
const { Fhir } = require('fhir');
const fhir = new Fhir();

const MARIUS = '12848649994';
const INGRID = '14827549852'; // GP, Øya legesenter
const NOW = '2026-11-22T10:00:00Z';
const FORM = 'tests/data/questionnaires/lforms-test-enablewhen.json';
const URL = 'https://lhncbc.github.io/lforms/test-enablewhen';

// Fields by item position: a0 4.1 Diagnosis (choice, required), a1 4.2
// Diabetes Treatment (when 4.1 = Diabetes), a2 4.3 Other Diagnosis
// Description (when 4.1 != Diabetes), a3 4.4 (when 4.3 exists), a4 4.5
// (when 4.3 does not exist); every one required.
async function world(t) {
  const db = freshDb();
  assert.equal(runCli(['seed', 'demo', '--db', db.url]).status, 0);
  const imported = runCli(['import', 'questionnaire', FORM, '--url', URL, '--version', '1', '--db', db.url]);
  assert.equal(imported.status, 0, imported.stderr);
  // Published as a draft; the operator activates it before it can be sent.
  sql(db, `UPDATE questionnaire SET status = 'active' WHERE url = '${URL}'`);
  const srv = await startServer({ db });
  t.after(async () => { await srv.stop(); db.cleanup(); });
  const headers = { 'x-helsami-now': NOW };
  const ingrid = await loginAs(srv, INGRID, { staff: true, headers });
  const pid = Number((await ingrid.post('/staff/patients', { q: MARIUS })).text.match(/href="\/staff\/patients\/(\d+)"/)[1]);
  const page = await ingrid.get(`/staff/patients/${pid}/questionnaires`);
  const def = page.text.match(/<option value="(\d+)">Personal Health Record \(/)[1];
  const sent = await ingrid.post(`/staff/patients/${pid}/questionnaires`, { questionnaire: def, due_on: '' });
  assert.equal(sent.status, 303, sent.text);
  const qid = Number(sql(db, `SELECT MAX(id) FROM questionnaire_request WHERE patient_id = ${pid}`)[0][0]);
  const marius = await loginAs(srv, MARIUS, { headers });
  return { db, ingrid, marius, pid, qid };
}

const shown = (html) => [...html.matchAll(/name="(a\d+)"/g)].map((m) => m[1]).filter((v, i, a) => a.indexOf(v) === i);
const revisionOf = (html) => Number(html.match(/name="revision" value="(\d+)"/)[1]);
const post = (b, qid, pairs) => b.request(`/questionnaires/${qid}`, {
  method: 'POST',
  body: new URLSearchParams([['csrf', b.csrf ?? ''], ...pairs]),
  headers: { origin: b.base, 'content-type': 'application/x-www-form-urlencoded' },
});
const stored = (db, qid) => JSON.parse(sql(db, `SELECT response FROM questionnaire_request WHERE id = ${qid}`)[0].join('|'));
const answered = (resp) => (resp.item || []).map((i) => `${i.linkId}=${i.answer.map((a) => a.valueString ?? a.valueCoding?.code).join(',')}`);
function validR4(resp) {
  const r = fhir.validate(resp);
  assert.deepEqual(r.messages.filter((m) => m.severity === 'error'), [], JSON.stringify(resp));
  assert.equal(r.valid, true);
}

test('a published form with enableWhen: follow-ups by the saved answers, disabled answers dropped, valid R4', async (t) => {
  const { db, ingrid, marius, pid, qid } = await world(t);

  let page = await marius.get(`/questionnaires/${qid}`);
  assert.equal(page.status, 200, page.text.slice(0, 3000));
  assert.match(page.text, /4\.1 Diagnosis/, 'the prefix is shown before the text');
  assert.deepEqual(shown(page.text), ['a0', 'a4'], 'only 4.1, and 4.5 (4.3 does not exist)');

  // Diabetes turns on 4.2; what was typed for 4.5 stays while it is enabled.
  let r = await post(marius, qid, [['revision', String(revisionOf(page.text))], ['action', 'save'], ['a0', 'Diabetes'], ['a4', 'fem']]);
  assert.equal(r.status, 303, r.text);
  page = await marius.get(`/questionnaires/${qid}`);
  assert.deepEqual(shown(page.text), ['a0', 'a1', 'a4']);
  validR4(stored(db, qid));
  assert.deepEqual(answered(stored(db, qid)), ['4.1=Diabetes', '4.5=fem']);

  // Other: 4.2 is off and its answer is dropped; 4.3 answered turns 4.4 on and 4.5 off.
  r = await post(marius, qid, [['revision', String(revisionOf(page.text))], ['action', 'save'], ['a0', 'Other'],
    ['a1', 'Insulin Treated'], ['a2', 'Astma'], ['a4', 'fem']]);
  assert.equal(r.status, 303, r.text);
  page = await marius.get(`/questionnaires/${qid}`);
  assert.deepEqual(shown(page.text), ['a0', 'a2', 'a3']);
  assert.deepEqual(answered(stored(db, qid)), ['4.1=Other', '4.3=Astma']);

  // Submitting: 4.4 is now required; 4.2 and 4.5 are not, being off.
  r = await post(marius, qid, [['revision', String(revisionOf(page.text))], ['action', 'submit'], ['a0', 'Other'], ['a2', 'Astma']]);
  assert.equal(r.status, 400);
  assert.match(r.text, /href="#f-a3"/);
  assert.doesNotMatch(r.text, /href="#f-a1"|href="#f-a4"/);
  r = await post(marius, qid, [['revision', String(revisionOf(page.text))], ['action', 'submit'], ['a0', 'Other'],
    ['a1', 'Insulin Treated'], ['a2', 'Astma'], ['a3', 'ja']]);
  assert.equal(r.status, 303, r.text);
  const resp = stored(db, qid);
  assert.equal(resp.status, 'completed');
  assert.equal(resp.questionnaire, `${URL}|1`);
  assert.deepEqual(answered(resp), ['4.1=Other', '4.3=Astma', '4.4=ja']);
  validR4(resp);

  // The clinician sees what was asked: no 4.2, no 4.5.
  const view = await ingrid.get(`/staff/patients/${pid}/questionnaires/${qid}`);
  assert.equal(view.status, 200);
  assert.match(view.text, /Other Diagnosis Description/);
  assert.doesNotMatch(view.text, /Diabetes Treatment|4\.3 should not exist/);
});

test('read-only and hidden fields are never taken from the patient', async (t) => {
  const { marius, qid } = await world(t);
  const page = await marius.get(`/questionnaires/${qid}`);
  // A field the page did not offer is not accepted at all.
  const r = await post(marius, qid, [['revision', String(revisionOf(page.text))], ['action', 'save'], ['a9', 'x']]);
  assert.equal(r.status, 400);
});
