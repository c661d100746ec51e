// qform.mjs — reading a questionnaire's form (web/qform.h) in HTTP tests.
// Every item but a hidden one is on the page; one that enableWhen turns off
// with the answers as they stand is hidden and its inputs disabled, so a
// browser neither sends nor requires it (static/questionnaire.js turns it
// on as the person answers).

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loginAs } from './session.mjs';
import { sql } from './db.mjs';
import { runCli, startServer } from './server.mjs';
import { seedDemo } from './demo.mjs';

const MARIUS = '12848649994';

// The answers the page offers: the names (a0, a1, ...) of its enabled
// inputs, each once, in page order.
export function offeredFields(html) {
  return [...html.matchAll(/<(?:input|select|textarea)\b[^>]*>/g)].map((m) => m[0])
    .filter((tag) => !/ disabled(?=[\s>])/.test(tag))
    .map((tag) => tag.match(/name="(a\d+)"/)?.[1])
    .filter((v, i, a) => v && a.indexOf(v) === i);
}

// Ingrid Solberg (GP, Øya legesenter) logs in and sends the patient with
// identity number `nin` the questionnaire whose option on her page starts
// with `title`: { ingrid, pid, qid }.
export async function sendAsIngrid(srv, db, { nin, title, headers }) {
  const ingrid = await loginAs(srv, '14827549852', { staff: true, headers });
  const found = await ingrid.post('/staff/patients', { q: nin });
  const pid = Number(found.text.match(/href="\/staff\/patients\/(\d+)"/)[1]);
  const page = await ingrid.get(`/staff/patients/${pid}/questionnaires`);
  const escaped = title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const def = page.text.match(new RegExp(`<option value="(\\d+)">${escaped} \\(`))[1];
  const sent = await ingrid.post(`/staff/patients/${pid}/questionnaires`, { questionnaire: def, due_on: '' });
  assert.equal(sent.status, 303, sent.text);
  const qid = Number(sql(db, `SELECT MAX(id) FROM questionnaire_request WHERE patient_id = ${pid}`)[0][0]);
  return { ingrid, pid, qid };
}

// The revision a questionnaire page was shown at (posted back with it).
export const revisionOf = (html) => Number(html.match(/name="revision" value="(\d+)"/)[1]);

// A browser posting answers (name/value pairs) to questionnaire qid's page.
export const postAnswers = (b, qid, pairs) => b.request(`/questionnaires/${qid}`, {
  method: 'POST',
  body: new URLSearchParams([['csrf', b.csrf ?? ''], ...pairs]),
  headers: { origin: b.base, 'content-type': 'application/x-www-form-urlencoded' },
});

// Imports `form` (a Questionnaire object) into db through a file that is
// removed again; the CLI's { status, stdout, stderr }.
export function importForm(db, form, args = []) {
  const dir = mkdtempSync(join(tmpdir(), 'qform-'));
  try {
    const file = join(dir, 'form.json');
    writeFileSync(file, JSON.stringify(form, null, 2));
    return runCli(['import', 'questionnaire', file, ...args, '--db', db.url]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// The demo world with a questionnaire imported (`form`, an object, or
// `file`, a path) and sent by Ingrid to Marius at `now` (the x-helsami-now
// of every request): { db, srv, headers, ingrid, marius, pid, qid }, the
// server stopped and the database removed after the test.
export async function sentToMarius(t, { form, file, title = form?.title, now }) {
  const db = seedDemo(null);
  const imported = file ? runCli(['import', 'questionnaire', file, '--db', db.url]) : importForm(db, form);
  assert.equal(imported.status, 0, imported.stderr);
  const srv = await startServer({ db });
  t.after(async () => { await srv.stop(); db.cleanup(); });
  const headers = { 'x-helsami-now': now };
  const { ingrid, pid, qid } = await sendAsIngrid(srv, db, { nin: MARIUS, title, headers });
  return { db, srv, headers, ingrid, marius: await loginAs(srv, MARIUS, { headers }), pid, qid };
}
