// services_repeat.test.mjs — "add another" (?add=) on a municipal service's
// application form (web/services.c through web/answering.c) over real HTTP.
// The demo world's application form has no repeating group, so the test
// world adds a service of the Trondheim services office whose form is the
// demo's "Legemidler du bruker" (data/questionnaires/questionnaire-legemidler.json:
// a repeating group "Legemiddel", items a1 the group, a2 its name, at most
// 20 instances). The page says how many instances it showed (r1).
// SQLite, or PostgreSQL with HELSAMI_TEST_PG_URL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoServer, at } from '../lib/demo.mjs';
import { loginAs } from '../lib/session.mjs';
import { sql, sqlValue } from '../lib/db.mjs';
import { revisionOf } from '../lib/qform.mjs';

const MARIUS = '12848649994';
const SILJE = '03898849863';
const NOW = '2026-11-22T10:00:00Z';

const demo = demoServer({
  afterSeed: (db) => sql(db, `INSERT INTO municipal_service (unit_id, code, title_nb, title_en, summary_nb, summary_en,
      legal_basis, questionnaire_id)
    SELECT unit_id, 'medicine_list', 'Legemiddelliste', 'Medicine list', 'Hvilke legemidler du bruker.',
      'The medicines you use.', legal_basis, (SELECT id FROM questionnaire WHERE title_nb = 'Legemidler du bruker')
    FROM municipal_service WHERE code = 'practical_assistance'`),
});

const citizen = (nin) => loginAs(demo.srv, nin, { headers: at(NOW) });
const countOf = (html) => Number(html.match(/name="r1" value="(\d+)"/)[1]);
const postTo = (b, id, pairs) => b.request(`/services/applications/${id}`, {
  method: 'POST',
  body: new URLSearchParams([['csrf', b.csrf ?? ''], ...pairs]),
  headers: { origin: b.base, 'content-type': 'application/x-www-form-urlencoded' },
});

// Marius starts a draft application for the medicine-list service; its id.
async function draftOfMarius() {
  const m = await citizen(MARIUS);
  await m.get('/services');
  const service = sqlValue(demo.db, "SELECT id FROM municipal_service WHERE code = 'medicine_list'");
  const started = await m.post('/services/apply', { service });
  assert.equal(started.status, 303, started.text);
  return { m, id: Number(started.location.match(/\/services\/applications\/(\d+)$/)[1]) };
}

test('K1 ?add=: "add another" saves the draft and the page comes back with one instance more', async () => {
  const { m, id } = await draftOfMarius();
  let page = await m.get(`/services/applications/${id}`);
  assert.equal(page.status, 200);
  assert.equal(countOf(page.text), 1);
  assert.match(page.text, /name="action" value="add-1"/);

  const r = await postTo(m, id, [['revision', String(revisionOf(page.text))], ['r1', '1'], ['action', 'add-1'],
    ['a2', 'Paracet']]);
  assert.equal(r.status, 303, r.text);
  assert.equal(r.headers.get('location'), `/services/applications/${id}?done=saved&add=1`);
  page = await m.get(r.headers.get('location'));
  assert.equal(page.status, 200);
  assert.equal(countOf(page.text), 2, 'one instance more');
  assert.match(page.text, /name="a2" value="Paracet"/, 'what was typed is kept');
  assert.match(page.text, /value="remove-1"/);
  // Without ?add the saved draft has the one instance it holds.
  assert.equal(countOf((await m.get(`/services/applications/${id}`)).text), 1);
});

test('K1 ?add= hostile: someone else\'s application 404; a count past the group\'s maximum 400; at the maximum none added', async () => {
  const { m, id } = await draftOfMarius();
  const silje = await citizen(SILJE);
  assert.equal((await silje.get(`/services/applications/${id}?add=1`)).status, 404);
  await silje.get('/services');
  assert.equal((await postTo(silje, id, [['revision', '0'], ['r1', '1'], ['action', 'add-1']])).status, 404);

  const page = await m.get(`/services/applications/${id}`);
  const base = [['revision', String(revisionOf(page.text))], ['action', 'save']];
  for (const r1 of ['21', '0', 'x']) {
    assert.equal((await postTo(m, id, [...base, ['r1', r1]])).status, 400, `r1=${r1}`);
  }
  // Not a repeating group, or not a number: refused.
  assert.equal((await m.get(`/services/applications/${id}?add=5`)).status, 400);
  assert.equal((await m.get(`/services/applications/${id}?add=x`)).status, 400);
  // At the maximum the page offers no "add another", and asking adds none.
  const full = await postTo(m, id, [...base, ['r1', '20'], ...Array.from({ length: 20 }, (_, i) => [`a${2 + 4 * i}`, `L${i}`])]);
  assert.equal(full.status, 303, full.text);
  const shown = await m.get(`/services/applications/${id}?add=1`);
  assert.equal(shown.status, 200);
  assert.equal(countOf(shown.text), 20);
  assert.doesNotMatch(shown.text, /value="add-1"/);
});
