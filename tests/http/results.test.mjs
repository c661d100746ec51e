// results.test.mjs — test results (H2) over real HTTP with TestID logins:
// the round trip (a clinician enters a result that needs review, the patient
// does not see it, the clinician releases it, the patient sees it with the
// chart of a repeated test, a notification event exists, the patient's
// access log shows the staff reads), the authorization of every route
// (owner, another citizen with the owner's ids, anonymous, each staff role,
// a clinician of another unit, emergency access), CSRF, and bad input
// answered 400 with messages in both languages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../lib/server.mjs';
import { demoServer } from '../lib/demo.mjs';
import { Browser, loginAs } from '../lib/session.mjs';
import { sql, sqlValue, personId } from '../lib/db.mjs';

const MARIUS = '12848649994';
const SILJE = '03898849863';
const BJORN = '21876649788'; // no results of his own; may be given a power of attorney
const INGRID = '14827549852'; // GP, Øya
const LARS = '30868349995'; // nurse (clinician), Øya
const KARI = '11907949887'; // public health nurse, Helsestasjon Sentrum: not Marius's unit
const EIRIK = '05927049955'; // hospital physician: Marius is his patient, Silje is not
const MARTE = '19889549834'; // front desk, Øya
const PER = '27816849956'; // caseworker
const SARA = '04859849860'; // user support
const TOR = '09898549906'; // operator (admin)
const NOW = '2026-11-22T10:00:00Z';
const at = { 'x-helsami-now': NOW };

// Every result row, on either database (the seeded ones included, so a
// count that answers is never 0).
const resultCount = () => {
  const n = Number(sqlValue(demo.db, 'SELECT COUNT(*) FROM test_result'));
  assert.ok(n > 0, 'the seeded results are counted');
  return n;
};
// A table's columns in order: SQLite's catalogue or PostgreSQL's.
const columns = (table) => (demo.db.url.startsWith('sqlite:')
  ? sql(demo.db, `SELECT name FROM pragma_table_info('${table}') ORDER BY cid`)
  : sql(demo.db, `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = '${table}' ORDER BY ordinal_position`))
  .map((r) => r[0]);

const demo = demoServer({ args: [] });

const staff = (nin, headers = {}) => loginAs(demo.srv, nin, { staff: true, headers: { ...at, ...headers } });
const citizen = (nin, headers = {}) => loginAs(demo.srv, nin, { headers: { ...at, ...headers } });
const main = (html) => html.match(/<main[\s\S]*<\/main>/)[0];
const text = (html) => main(html).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
const resultLinks = (html) => [...html.matchAll(/href="\/health\/results\/(\d+)">([^<]+)</g)].map((m) => ({ id: m[1], name: m[2] }));

let ids; // patient ids and type ids, found through the pages
async function lookup() {
  if (ids) return ids;
  const b = await staff(INGRID);
  const pid = async (nin) => (await b.post('/staff/patients', { q: nin })).text.match(/href="\/staff\/patients\/(\d+)"/)[1];
  const marius = await pid(MARIUS);
  const silje = await pid(SILJE);
  const page = await b.get(`/staff/patients/${marius}/results`);
  assert.equal(page.status, 200);
  const type = (name) => page.text.match(new RegExp(`<option value="(\\d+)"[^>]*>${name}`))[1];
  ids = { marius, silje, hb: type('Hemoglobin'), hba1c: type('HbA1c'), histology: type('Vevsprøve'), genetic: type('Gentest') };
  return ids;
}

test('the round trip: enter, hidden until released, then shown with its chart, announced and logged', async () => {
  const { marius, hba1c } = await lookup();
  const ingrid = await staff(INGRID);
  const list = await ingrid.get(`/staff/patients/${marius}/results`);
  assert.equal(list.status, 200);
  assert.match(text(list.text), /Gentest/, 'staff see never-results');
  assert.match(text(list.text), /Vises aldri i portalen/);

  const entered = await ingrid.post(`/staff/patients/${marius}/results`, { type: hba1c, value: '52', taken_on: '2026-11-21' });
  assert.equal(entered.status, 303, entered.text);
  const rid = entered.location.match(/#result-(\d+)$/)[1];
  assert.match(entered.location, new RegExp(`^/staff/patients/${marius}/results\\?done=entered#result-${rid}$`));
  const after = await ingrid.get(entered.location.replace(/#.*/, ''));
  assert.match(text(after.text), /Prøvesvaret er registrert/);
  assert.match(after.text, new RegExp(`id="result-${rid}"`));

  const m = await citizen(MARIUS);
  const before = await m.get('/health/results');
  assert.equal(before.status, 200);
  assert.ok(!resultLinks(before.text).some((l) => l.id === rid), 'not in the list before release');
  assert.equal((await m.get(`/health/results/${rid}`)).status, 404);
  assert.doesNotMatch(text(before.text), /Gentest|BRCA/, 'never-results are never shown');

  const released = await ingrid.post(`/staff/patients/${marius}/results/${rid}/release`, { from: 'chart' });
  assert.equal(released.status, 303);
  assert.equal(released.location, `/staff/patients/${marius}/results?done=released`);
  const again = await ingrid.post(`/staff/patients/${marius}/results/${rid}/release`, { from: 'chart' });
  assert.equal(again.status, 303);
  assert.match(again.location, /done=unchanged/);

  const now = await m.get('/health/results');
  assert.ok(resultLinks(now.text).some((l) => l.id === rid), 'in the list after release');
  const one = await m.get(`/health/results/${rid}`);
  assert.equal(one.status, 200);
  const body = text(one.text);
  assert.match(body, /52 mmol\/mol/);
  assert.match(body, /20–42 mmol\/mol/);
  assert.match(body, /Høy Verdien er høyere enn referanseområdet/, 'out of range in words');
  // The seeded HbA1c of June and this one: a chart of two points and a table.
  assert.match(one.text, /<svg [^>]*role="img" aria-labelledby="chart-title chart-desc"/);
  const points = one.text.match(/<polyline points="([^"]+)"/)[1].split(' ');
  assert.equal(points.length, 2);
  for (const p of points) assert.match(p, /^\d+,\d+$/);
  assert.equal([...one.text.matchAll(/<tr><td><time/g)].length, 2);

  // The notification event (N1): that something is waiting, never the value.
  const events = sql(demo.db, `SELECT kind, payload_ref, CASE WHEN delivered_at IS NULL THEN 1 ELSE 0 END, attempts FROM notification_outbox WHERE person_id = ${marius} AND payload_ref = ${rid}`);
  assert.deepEqual(events, [['test_result', rid, '1', '0']]);
  // fanned_out_at (migration 13, docs/notifications.md) is a time: still no column that could hold health data.
  assert.deepEqual(columns('notification_outbox'), ['id', 'person_id', 'kind', 'created_at', 'payload_ref', 'delivered_at', 'attempts', 'hidden_from_guardians', 'fanned_out_at']);

  // The patient's access log shows today's staff reads and changes of results.
  const log = await m.get('/documents/access-log?from=2026-11-22&to=2026-11-22');
  assert.equal(log.status, 200);
  const entries = [...main(log.text).matchAll(/<li class="ds-card hs-stack">([\s\S]*?)<\/li>/g)].map((x) => x[1].replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' '));
  const resultEntries = entries.filter((e) => /Ingrid Solberg/.test(e) && /Prøvesvar/.test(e));
  assert.ok(resultEntries.length >= 4, `reads, the create and the release: ${resultEntries.length}`);
  assert.equal(runCli(['audit', 'verify', '--db', demo.db.url]).status, 0);
});

test('a repeated test shows its chart; a result taken once shows none', async () => {
  const m = await citizen(MARIUS);
  const list = await m.get('/health/results');
  const hb = resultLinks(list.text).filter((l) => l.name.startsWith('Hemoglobin'));
  assert.equal(hb.length, 4);
  assert.match(text(list.text), /Lav Verdien er lavere enn referanseområdet/, 'the low one of March');
  const page = await m.get(`/health/results/${hb[0].id}`);
  assert.equal(page.text.match(/<polyline points="([^"]+)"/)[1].split(' ').length, 4);
  assert.match(page.text, /<rect x="64" y="\d+" width="560" height="\d+"/, 'the reference band');
  const crp = resultLinks(list.text).find((l) => l.name.startsWith('CRP'));
  const single = await m.get(`/health/results/${crp.id}`);
  assert.equal(single.status, 200);
  assert.doesNotMatch(single.text, /<svg/);
  assert.match(text(single.text), /under 5 mg\/L/);
  // Text results read as text.
  const histology = resultLinks(list.text).find((l) => l.name.startsWith('Vevsprøve'));
  assert.match(text((await m.get(`/health/results/${histology.id}`)).text), /godartet nevus/);
  // English.
  const en = await citizen(MARIUS, { 'accept-language': 'en' });
  const enPage = await en.get(`/health/results/${hb[0].id}`);
  assert.match(text(enPage.text), /Earlier results of the same test/);
  assert.match(text(enPage.text), /13\.4–17\.0 g\/dL/);
  assert.match(text((await en.get('/health/results')).text), /Low The value is lower than the reference range/);
});

test('an empty record says so', async () => {
  const b = await citizen('14880999983'); // Mathias Strand: no results
  const r = await b.get('/health/results');
  assert.equal(r.status, 200);
  assert.match(text(r.text), /Du har ingen prøvesvar her ennå/);
});

test("a representative's reads of the list and of one result are in the person's access log; the person's own are not", async () => {
  const marius = personId(demo.db, MARIUS), bjorn = personId(demo.db, BJORN);
  sql(demo.db, `INSERT INTO representation (representative_id, represented_id, basis, kind, valid_from, created_at, created_by) VALUES (${bjorn}, ${marius}, 'power_of_attorney', 'health_read', '2026-11-01', 1795000000, ${marius});`);
  const reads = (whatId) => Number(sqlValue(demo.db, `SELECT COUNT(*) FROM audit_log WHERE patient_id = ${marius} AND action = 'read' AND what = 'health.results' AND on_behalf_of = ${marius} AND actor_person_id = ${bjorn} AND what_id ${whatId === null ? 'IS NULL' : `= '${whatId}'`}`));
  const all = () => Number(sqlValue(demo.db, `SELECT COUNT(*) FROM audit_log WHERE patient_id = ${marius}`));
  const m = await citizen(MARIUS);
  const before = all();
  const [first] = resultLinks((await m.get('/health/results')).text);
  assert.equal((await m.get(`/health/results/${first.id}`)).status, 200);
  assert.equal(all(), before, 'the person reading their own results is not logged');
  const b = await citizen(BJORN);
  assert.equal((await b.post('/access/act', { person: String(marius) })).status, 303);
  assert.ok(resultLinks((await b.get('/health/results')).text).some((l) => l.id === first.id));
  assert.equal(reads(null), 1, 'the list');
  assert.equal((await b.get(`/health/results/${first.id}`)).status, 200);
  assert.equal(reads(first.id), 1, 'the result');
});

test('citizen routes: the owner, another citizen with the owner\'s ids, anonymous, staff', async () => {
  const m = await citizen(MARIUS);
  const [first] = resultLinks((await m.get('/health/results')).text);
  assert.equal((await m.get(`/health/results/${first.id}`)).status, 200);
  for (const bad of ['0', 'abc', '-1', '99999999', '1e3']) assert.equal((await m.get(`/health/results/${bad}`)).status, 404, bad);
  const s = await citizen(SILJE);
  assert.equal((await s.get(`/health/results/${first.id}`)).status, 404);
  assert.ok(!resultLinks((await s.get('/health/results')).text).some((l) => l.id === first.id));
  const anon = new Browser(demo.srv.url);
  assert.equal((await anon.get('/health/results')).status, 401);
  assert.equal((await anon.get(`/health/results/${first.id}`)).status, 401);
  for (const nin of [INGRID, MARTE, TOR]) {
    const b = await staff(nin);
    assert.equal((await b.get('/health/results')).status, 403, nin);
    assert.equal((await b.get(`/health/results/${first.id}`)).status, 403, nin);
  }
});

test('staff routes: each role, another unit, emergency access', async () => {
  const { marius, silje, hb } = await lookup();
  // The seeded HbA1c awaiting review, from Ingrid's queue.
  const rid = (await (await staff(INGRID)).get('/staff/queues/results')).text.match(/\/staff\/queues\/results\/(\d+)\/take/)[1];
  const routes = (pid, r) => [
    ['GET', `/staff/patients/${pid}/results`],
    ['POST', `/staff/patients/${pid}/results`, { type: hb, value: '14', taken_on: '2026-11-22' }],
    ['POST', `/staff/patients/${pid}/results/${r}/release`, { from: 'chart' }],
    ['GET', '/staff/queues/results'],
    ['POST', `/staff/queues/results/${r}/take`, { from: 'queue' }],
    ['POST', `/staff/queues/results/${r}/close`, { from: 'queue' }],
  ];
  const call = (b, [method, path, fields]) => (method === 'GET' ? b.get(path) : b.post(path, fields));
  const before = resultCount();
  // Anonymous: 401 (with a valid double-submit token, so it is not the CSRF check answering).
  const anon = new Browser(demo.srv.url);
  await anon.get('/login/testid');
  for (const r of routes(marius, rid)) assert.equal((await call(anon, r)).status, 401, r[1]);
  // A citizen, and staff who are not clinicians: 403 everywhere, values never shown.
  for (const who of [await citizen(MARIUS), await staff(MARTE), await staff(PER), await staff(SARA), await staff(TOR)])
    for (const r of routes(marius, rid)) {
      const res = await call(who, r);
      assert.equal(res.status, 403, r[1]);
      assert.doesNotMatch(res.text, /mmol\/mol/);
    }
  // A clinician of a unit without the patient: 404 for the patient and the result; an empty queue.
  const kari = await staff(KARI);
  for (const r of routes(marius, rid)) {
    const res = await call(kari, r);
    if (r[1] === '/staff/queues/results') {
      assert.equal(res.status, 200);
      assert.doesNotMatch(res.text, /Marius Berg/);
    } else assert.equal(res.status, 404, r[1]);
  }
  // The owner's patient with another patient's result id: 404.
  const ingrid = await staff(INGRID);
  assert.equal((await ingrid.post(`/staff/patients/${silje}/results/${rid}/release`, { from: 'chart' })).status, 404);
  for (const bad of ['0', 'abc', '99999999']) {
    assert.equal((await ingrid.get(`/staff/patients/${bad}/results`)).status, 404, bad);
    assert.equal((await ingrid.post(`/staff/queues/results/${bad}/take`, { from: 'queue' })).status, 404, bad);
    assert.equal((await ingrid.post(`/staff/patients/${marius}/results/${bad}/release`, { from: 'chart' })).status, 404, bad);
  }
  assert.equal(resultCount(), before, 'nothing was entered');
  // A clinician of the patient's unit: 200 (Lars, a nurse at Øya).
  assert.equal((await (await staff(LARS)).get(`/staff/patients/${marius}/results`)).status, 200);
  // Eirik (hospital) has Marius, not Silje, until he declares emergency access.
  const eirik = await staff(EIRIK);
  assert.equal((await eirik.get(`/staff/patients/${marius}/results`)).status, 200);
  assert.equal((await eirik.get(`/staff/patients/${silje}/results`)).status, 404);
  await eirik.get(`/staff/emergency`);
  const em = await eirik.post('/staff/emergency', { nin: SILJE, reason: 'Innlagt akutt med brystsmerter' });
  assert.equal(em.status, 303);
  const page = await eirik.get(`/staff/patients/${silje}/results`);
  assert.equal(page.status, 200);
  assert.match(text(page.text), /nødtilgang/i);
  assert.equal(sqlValue(demo.db, `SELECT purpose FROM audit_log WHERE patient_id = ${silje} AND what = 'health.results' ORDER BY id DESC LIMIT 1`), 'emergency');
  const log = await (await citizen(SILJE)).get('/documents/access-log?from=2026-11-22&to=2026-11-22');
  assert.match(text(log.text), /Nødtilgang[\s\S]*Prøvesvar|Prøvesvar[\s\S]*Nødtilgang/);
});

test('the queue: take, someone else cannot, close; the patient never sees a closed one', async () => {
  const { marius } = await lookup();
  const ingrid = await staff(INGRID);
  const q = await ingrid.get('/staff/queues/results');
  assert.equal(q.status, 200);
  const item = q.text.match(/action="\/staff\/queues\/results\/(\d+)\/take"/);
  assert.ok(item, 'the seeded HbA1c awaits review');
  const rid = item[1];
  assert.match(text(q.text), /Marius Berg/);
  assert.match(text(q.text), /49 mmol\/mol/);
  const home = await ingrid.get('/staff');
  assert.match(home.text, /href="\/staff\/queues\/results"/);
  const chart = await ingrid.get(`/staff/patients/${marius}`);
  assert.match(chart.text, new RegExp(`href="/staff/patients/${marius}/results"`));

  const taken = await ingrid.post(`/staff/queues/results/${rid}/take`, { from: 'queue' });
  assert.equal(taken.status, 303);
  assert.equal(taken.location, '/staff/queues/results?done=taken');
  const lars = await staff(LARS);
  const conflict = await lars.post(`/staff/queues/results/${rid}/take`, { from: 'queue' });
  assert.equal(conflict.location, '/staff/queues/results?done=conflict');
  assert.match(text((await lars.get(conflict.location)).text), /En annen har allerede tatt/);
  assert.match(text((await lars.get('/staff/queues/results')).text), /Tatt av Ingrid Solberg/);

  const closed = await ingrid.post(`/staff/queues/results/${rid}/close`, { from: 'queue' });
  assert.equal(closed.location, '/staff/queues/results?done=closed');
  const afterClose = await ingrid.get(closed.location);
  assert.doesNotMatch(afterClose.text, new RegExp(`/staff/queues/results/${rid}/take`));
  assert.equal((await (await citizen(MARIUS)).get(`/health/results/${rid}`)).status, 404);
  // Closed (reviewed) can still be released from the chart.
  const rel = await ingrid.post(`/staff/patients/${marius}/results/${rid}/release`, { from: 'queue' });
  assert.equal(rel.location, '/staff/queues/results?done=released');
  assert.equal((await (await citizen(MARIUS)).get(`/health/results/${rid}`)).status, 200);
});

test('CSRF: a missing or wrong token, or another origin, is 403 and changes nothing', async () => {
  const { marius, hb } = await lookup();
  const ingrid = await staff(INGRID);
  await ingrid.get(`/staff/patients/${marius}/results`);
  const before = resultCount();
  const fields = { type: hb, value: '14', taken_on: '2026-11-22' };
  const raw = (body, headers = {}) => ingrid.request(`/staff/patients/${marius}/results`, {
    method: 'POST', body: new URLSearchParams(body),
    headers: { origin: demo.srv.url, 'content-type': 'application/x-www-form-urlencoded', ...headers },
  });
  assert.equal((await raw(fields)).status, 403, 'no token');
  assert.equal((await raw({ ...fields, csrf: 'x'.repeat(43) })).status, 403, 'wrong token');
  assert.equal((await ingrid.post(`/staff/patients/${marius}/results`, fields, { headers: { origin: 'https://evil.example' } })).status, 403);
  assert.equal((await raw({ from: 'queue' })).status, 403);
  assert.equal(resultCount(), before);
});

test('bad input is a 400 with the message by the field, in both languages, never a 500', async () => {
  const { marius, hb, histology } = await lookup();
  const before = resultCount();
  const cases = [
    [{ type: hb, value: 'fjorten', taken_on: '2026-11-22' }, 'value', 'Skriv resultatet som et tall', 'Write the result as a number'],
    [{ type: hb, value: '14', taken_on: '2026-11-23' }, 'taken_on', 'Datoen kan ikke være etter i dag', 'The date cannot be after today'],
    [{ type: '999999', value: '14', taken_on: '2026-11-22' }, 'type', 'Velg en prøve fra listen', 'Choose a test from the list'],
    [{ type: histology, value: 'x'.repeat(1001), taken_on: '2026-11-22' }, 'value', 'Skriv høyst 1000 tegn', 'Use at most 1000 characters'],
    [{ type: hb, value: '14', taken_on: '22.11.2026' }, 'taken_on', 'Skriv datoen slik', 'Write the date like this'],
    [{ type: hb, value: '14', taken_on: '1980-01-01' }, 'taken_on', 'før pasienten ble født', 'before the patient was born'],
    [{ type: hb, value: '', taken_on: '' }, 'value', 'Dette må fylles ut', 'This must be filled in'],
    [{ type: 'abc', value: '14', taken_on: '2026-11-22' }, 'type', 'Skriv et helt tall', 'Enter a whole number'],
    [{ type: hb, value: '14', taken_on: '2026-11-22', extra: '1' }, null, 'et felt vi ikke kjenner', 'a field we do not recognise'],
    [{ type: hb, value: '1e400', taken_on: '2026-11-22' }, 'value', 'Skriv resultatet som et tall', 'Write the result as a number'],
  ];
  for (const lang of ['nb', 'en']) {
    const b = await staff(INGRID, { 'accept-language': lang });
    await b.get(`/staff/patients/${marius}/results`);
    for (const [fields, field, nb, en] of cases) {
      const r = await b.post(`/staff/patients/${marius}/results`, fields);
      assert.equal(r.status, 400, JSON.stringify(fields).slice(0, 80));
      assert.match(text(r.text), new RegExp(lang === 'nb' ? nb : en), JSON.stringify(fields).slice(0, 80));
      if (field) assert.match(r.text, new RegExp(`id="f-${field}"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="f-${field}"|id="f-${field}"[\\s\\S]{0,400}aria-invalid="true"`));
      assert.match(r.text, /<title>(Feil|Error): /);
    }
  }
  // The actions' field, and queries the pages do not know.
  const b = await staff(INGRID);
  await b.get(`/staff/patients/${marius}/results`);
  assert.equal((await b.post(`/staff/queues/results/1/take`, { from: 'elsewhere' })).status, 400);
  assert.equal((await b.get(`/staff/patients/${marius}/results?done=hacked`)).status, 400);
  assert.equal((await b.get('/staff/queues/results?x=1')).status, 400);
  // A huge body is refused by the limit, not a crash.
  const huge = await b.post(`/staff/patients/${marius}/results`, { type: hb, value: 'x'.repeat(70000), taken_on: '2026-11-22' });
  assert.equal(huge.status, 413);
  assert.equal(resultCount(), before, 'nothing was entered');
});
