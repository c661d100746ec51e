// access_log.test.mjs — the citizen's view of the access log (D3) over real
// HTTP, logged in through TestID: the demo world's staff reads with names,
// titles and units in Norway's time, newest first; the period filter and its
// validation in both languages; paging with plain links; emergency access
// marked; nothing of the free-text reason, ids or addresses; nobody else's
// log; anonymous visitors refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { client } from '../lib/server.mjs';
import { demoServer, mainOf } from '../lib/demo.mjs';
import { loginAs } from '../lib/session.mjs';
import { sql, sqlValue } from '../lib/db.mjs';

const MARIUS = '12848649994';
const SILJE = '03898849863';
const ELISABETH = '02916949807';
const INGRID = '14827549852'; // GP at Øya legesenter

// Extra history for Silje, written straight into the throwaway test
// database, SQLite or PostgreSQL (the access log's chain is not what these
// tests look at): 30 reads, one of them emergency access with a reason that
// must never be shown, and one by a representative.
function addHistory(db) {
  const nin = (n) => `(SELECT id FROM person WHERE nin = '${n}')`;
  const staff = `(SELECT s.id FROM staff s JOIN person p ON p.id = s.person_id WHERE p.nin = '${INGRID}')`;
  const unit = "(SELECT id FROM unit WHERE code = 'oya-legesenter')";
  const rows = [];
  for (let i = 0; i < 30; i++) {
    const at = Date.UTC(2026, 8, 1, 8, i) / 1000; // 1 September 2026, 10:00-10:29 in Norway
    const emergency = i === 29;
    rows.push(`(${nin(SILJE)}, ${1000 + i}, ${at}, 'staff', ${nin(INGRID)}, ${staff}, ${unit}, 'clinician', NULL,`
      + ` 'read', '${i % 2 ? 'health.results' : 'health.unknown_area'}', NULL, '${emergency ? 'emergency' : 'care'}',`
      + ` ${emergency ? "'HEMMELIG GRUNN 10.0.0.7'" : 'NULL'}, 'x', 'x')`);
  }
  rows.push(`(${nin(SILJE)}, 1030, ${Date.UTC(2026, 8, 2, 9) / 1000}, 'representative', ${nin(MARIUS)}, NULL, NULL,`
    + ` NULL, ${nin(SILJE)}, 'read', 'health.summary', NULL, 'representation', NULL, 'x', 'x')`);
  const silje = `patient_id = ${nin(SILJE)}`;
  const before = Number(sqlValue(db, `SELECT COUNT(*) FROM audit_log WHERE ${silje}`));
  sql(db, 'INSERT INTO audit_log (patient_id, seq, at, actor_kind, actor_person_id, actor_staff_id,'
    + ' actor_unit_id, actor_role, on_behalf_of, action, what, what_id, purpose, reason, prev_hash, hash) VALUES '
    + rows.join(',\n') + ';');
  assert.equal(Number(sqlValue(db, `SELECT COUNT(*) FROM audit_log WHERE ${silje}`)), before + 31);
}

const demo = demoServer({ args: [], afterSeed: addHistory });

const main = (html) => html.match(/<main[\s\S]*<\/main>/)[0];
const entries = (html) => [...html.matchAll(/<li class="ds-card hs-stack">([\s\S]*?)<\/li>/g)].map((m) => m[1]);
const text = (html) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

test('anonymous visitors are refused', async () => {
  assert.equal((await client(demo.srv.url)('/documents/access-log')).status, 401);
});

test("the demo world's staff reads: who, role, unit, what and when, newest first", async () => {
  const b = await loginAs(demo.srv, MARIUS);
  // The seeded period only, so other tests' entries on a shared database do not count.
  const r = await b.get('/documents/access-log?from=2026-10-01&to=2026-11-03');
  assert.equal(r.status, 200);
  const list = entries(main(r.text));
  assert.equal(list.length, 4);
  assert.match(list[0], /<time datetime="2026-11-03T09:05:00Z">3\. november 2026 kl\. 10\.05<\/time>/);
  assert.match(text(list[0]), /Hvem Ingrid Solberg Rolle Fastlege Arbeidssted Øya legesenter Hva Legemidler Handling Åpnet/);
  assert.match(list[1], /14\. oktober 2026 kl\. 14\.40/); // 12:40 UTC in summer time
  assert.match(text(list[1]), /Eirik Lund Rolle Overlege, indremedisin Arbeidssted St\. Olavs hospital, Medisinsk klinikk Hva Prøvesvar/);
  assert.match(text(list[2]), /Prøvesvar/);
  assert.match(text(list[3]), /Personopplysninger/);
  assert.match(r.text, /Viser 1–4 av 4 oppslag/);
  assert.doesNotMatch(r.text, /class="ds-pagination"/, 'one page needs no pagination');
  // Never internal ids, identity numbers or the chain.
  assert.doesNotMatch(main(r.text), /14827549852|05927049955|prev_hash|actor_staff_id/);

  // English, with English dates.
  b.cookies.set('lang', 'en');
  const en = await b.get('/documents/access-log?from=2026-10-01&to=2026-11-03');
  assert.match(en.text, /<html lang="en"/);
  assert.match(en.text, /3 November 2026, 10:05/);
  assert.match(text(en.text), /Who Ingrid Solberg Role Fastlege Workplace Øya legesenter What Medications Action Opened/);
});

test('the period is in Norwegian days and both ends are included', async () => {
  const b = await loginAs(demo.srv, MARIUS);
  let r = await b.get('/documents/access-log?from=2026-10-01&to=2026-10-01');
  assert.equal(r.status, 200);
  assert.equal(entries(r.text).length, 2);
  r = await b.get('/documents/access-log?from=2026-10-14&to=2026-10-14');
  assert.equal(entries(r.text).length, 1);
  assert.match(r.text, /Eirik Lund/);
  r = await b.get('/documents/access-log?to=2026-09-30');
  assert.equal(entries(r.text).length, 0);
  assert.match(r.text, /Ingen andre har sett journalen din i denne perioden/);
  assert.match(r.text, /href="\/documents\/access-log">Vis hele loggen/);
  r = await b.get('/documents/access-log?from=2026-11-03');
  assert.ok(entries(r.text).length >= 1);
  // The filled-in form shows the period.
  assert.match(r.text, /id="f-from" name="from" value="2026-11-03"/);
});

test('bad periods get a clear message and status 400, not a crash, in both languages', async () => {
  const b = await loginAs(demo.srv, MARIUS);
  const cases = [
    ['from=2026-02-30', 'f-from', 'Datoen finnes ikke', 'That date does not exist'],
    ['from=14.10.2026', 'f-from', 'Skriv datoen slik: åååå-mm-dd', 'Write the date like this: yyyy-mm-dd'],
    ['to=2026-13-01', 'f-to', 'Datoen finnes ikke', 'That date does not exist'],
    ['from=2026-10-14&to=2026-10-01', 'f-to', 'Til-datoen kan ikke være før fra-datoen', 'The to date cannot be before the from date'],
    ['page=0', 'f-page', 'Skriv et tall fra 1 til 1000000', 'Enter a number from 1 to 1000000'],
    ['page=abc', 'f-page', 'Skriv et helt tall', 'Enter a whole number'],
    ['from=%3Cscript%3E', 'f-from', 'Skriv datoen slik', 'Write the date like this'],
    ['from=2026-10-01&from=2026-10-02', 'f-from', 'Feltet ble sendt mer enn én gang', 'This field was sent more than once'],
  ];
  for (const [query, id, nb, en] of cases) {
    b.cookies.delete('lang');
    const r = await b.get(`/documents/access-log?${query}`);
    assert.equal(r.status, 400, query);
    assert.ok(main(r.text).includes(nb), `${query}: ${nb}`);
    assert.match(r.text, new RegExp(`href="#${id}"`), query);
    assert.doesNotMatch(main(r.text), /<script>/);
    assert.equal(entries(r.text).length, 0, 'a period we cannot read lists nothing');
    b.cookies.set('lang', 'en');
    const e = await b.get(`/documents/access-log?${query}`);
    assert.equal(e.status, 400, query);
    assert.ok(main(e.text).includes(en), `${query}: ${en}`);
  }
  b.cookies.delete('lang');
  const unknown = await b.get('/documents/access-log?patient=1');
  assert.equal(unknown.status, 400);
  assert.match(unknown.text, /Skjemaet inneholdt et felt vi ikke kjenner/);
});

test('25 to a page with plain links, emergency access marked, never the reason', async () => {
  const b = await loginAs(demo.srv, SILJE);
  const first = await b.get('/documents/access-log?from=2026-09-01&to=2026-09-02');
  assert.equal(first.status, 200);
  assert.equal(entries(first.text).length, 25);
  assert.match(first.text, /Viser 1–25 av 31 oppslag/);
  // Newest first: the representative, then the emergency access.
  const list = entries(first.text);
  assert.match(text(list[0]), /Marius Berg Rolle Representant.* På vegne av Silje Berg Hva Helseoversikt/);
  assert.match(list[1], /<span class="ds-tag" data-color="danger">Nødtilgang<\/span>/);
  assert.match(text(list[1]), /Grunnlag Nødtilgang: akutt behov for helsehjelp/);
  assert.equal(first.text.match(/class="ds-tag"/g).length, 1);
  // An area this version does not know gets a generic label.
  assert.match(first.text, /Andre opplysninger i journalen/);
  assert.doesNotMatch(first.text, /HEMMELIG|10\.0\.0\.7/);

  // The templates escape = and & in attributes; a browser reads them back.
  const nav = first.text.match(/<nav class="ds-pagination"[\s\S]*?<\/nav>/)[0].replaceAll('&#61;', '=').replaceAll('&amp;', '&');
  assert.match(nav, /aria-current="true">1</);
  assert.match(nav, /href="\/documents\/access-log\?from=2026-09-01&to=2026-09-02&page=2"[^>]*>2</);
  assert.match(nav, /href="\/documents\/access-log\?from=2026-09-01&to=2026-09-02&page=2">Neste</);
  assert.match(nav, /<span class="ds-button" data-variant="tertiary" aria-hidden="true">Forrige<\/span>/);

  const second = await b.get('/documents/access-log?from=2026-09-01&to=2026-09-02&page=2');
  assert.equal(second.status, 200);
  assert.equal(entries(second.text).length, 6);
  assert.match(second.text, /Viser 26–31 av 31 oppslag/);
  assert.match(second.text, /aria-current="true">2</);
  // The oldest comes last: 1 September 10:00 in Norway.
  assert.match(entries(second.text)[5], /1\. september 2026 kl\. 10\.00/);
  // Past the last page: the last page.
  const past = await b.get('/documents/access-log?from=2026-09-01&to=2026-09-02&page=9');
  assert.equal(past.status, 200);
  assert.equal(entries(past.text).length, 6);
});

test("a clinician's emergency access stands out in the citizen's log, without its reason", async () => {
  // On 15 August 2026 (a day nothing else happens in the demo world) Ingrid
  // opens Elisabeth's record with emergency access.
  const at = { headers: { 'x-helsami-now': '2026-08-15T10:00:00Z' } };
  const ingrid = await loginAs(demo.srv, INGRID, { staff: true, ...at });
  assert.equal(ingrid.loginResponse.status, 303);
  await ingrid.get('/staff/emergency');
  const r = await ingrid.post('/staff/emergency', { nin: ELISABETH, reason: 'HEMMELIG GRUNN: bevisstløs' });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  assert.equal((await ingrid.get(r.location)).status, 200);

  const b = await loginAs(demo.srv, ELISABETH);
  const log = await b.get('/documents/access-log?from=2026-08-15&to=2026-08-15');
  assert.equal(log.status, 200);
  const list = entries(log.text);
  assert.ok(list.length >= 2, 'the emergency access and the chart read');
  for (const e of list) {
    assert.match(text(e), /Ingrid Solberg/);
    assert.match(text(e), /15\. august 2026 kl\. 12\.00/);
  }
  // The emergency access itself carries the tag (the chart read after it
  // counts as care when Elisabeth is a patient of Ingrid's unit).
  const emergency = list.filter((e) => /Åpnet med nødtilgang/.test(text(e)));
  assert.ok(emergency.length >= 1);
  for (const e of emergency) {
    assert.match(e, /<span class="ds-tag" data-color="danger">Nødtilgang<\/span>/);
    assert.match(text(e), /Grunnlag Nødtilgang: akutt behov for helsehjelp/);
  }
  for (const e of list.filter((x) => !emergency.includes(x)))
    assert.equal(/ds-tag/.test(e), /Grunnlag Nødtilgang/.test(text(e)), 'a tag exactly where the basis is emergency');
  assert.doesNotMatch(log.text, /HEMMELIG|bevisstløs/);
});

test("nobody sees another person's log", async () => {
  // Elisabeth has one staff read of her own; Marius's never shows for her.
  const b = await loginAs(demo.srv, ELISABETH);
  const r = await b.get('/documents/access-log?from=2026-10-01&to=2026-11-30');
  assert.equal(r.status, 200);
  assert.doesNotMatch(r.text, /Eirik Lund|Ingrid Solberg/);
  assert.match(r.text, /Ahmed|hjemmetjenesten/i);
  // No parameter names a person.
  assert.equal((await b.get(`/documents/access-log?nin=${MARIUS}`)).status, 400);
  assert.equal((await b.get(`/documents/access-log/${MARIUS}`)).status, 404);
});

// A request's reads are logged together when it ends, before its answer
// leaves (docs/architecture.md, "A request's reads are logged once"): a page
// whose reads cannot be logged is never sent.
const EMMA = '15862199860';
const failEmmasEntries = (db, emma) => (db.url.startsWith('sqlite:')
  ? `CREATE TRIGGER test_no_log BEFORE INSERT ON audit_log WHEN NEW.patient_id = ${emma}
       BEGIN SELECT RAISE(ABORT, 'the log is down'); END;`
  : `CREATE FUNCTION test_no_log() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'the log is down'; END $$;
     CREATE TRIGGER test_no_log BEFORE INSERT ON audit_log FOR EACH ROW WHEN (NEW.patient_id = ${emma})
       EXECUTE FUNCTION test_no_log();`);
const restoreLog = (db) => (db.url.startsWith('sqlite:')
  ? 'DROP TRIGGER test_no_log;'
  : 'DROP TRIGGER test_no_log ON audit_log; DROP FUNCTION test_no_log();');

test("a parent's view of a child's home: every read logged, and no page when the log cannot be written", async () => {
  const b = await loginAs(demo.srv, MARIUS);
  await b.get('/access/parent');
  await b.post('/access/parent', { nin: EMMA });
  const m = (await b.get('/access')).text.match(/Emma Berg<\/h3>[\s\S]*?name="person" value="(\d+)"/);
  assert.equal((await b.post('/access/act', { person: m[1] })).status, 303);
  const emma = Number(m[1]);
  const reads = () => Number(sqlValue(demo.db, `SELECT COUNT(*) FROM audit_log WHERE patient_id = ${emma}
    AND action = 'read' AND actor_kind = 'representative' AND purpose = 'representation'`));

  const before = reads();
  const home = await b.get('/');
  assert.equal(home.status, 200);
  assert.match(home.text, /<h1[^>]*>Emma Berg<\/h1>/);
  assert.ok(reads() >= before + 3, 'the overview, appointments and questionnaires cards are each logged');

  sql(demo.db, failEmmasEntries(demo.db, emma));
  try {
    const logged = reads();
    const refused = await b.get('/');
    assert.equal(refused.status, 500);
    assert.doesNotMatch(mainOf(refused.text), /Emma Berg|15862199860/);
    assert.equal(reads(), logged, 'nothing half-logged');
    const own = await loginAs(demo.srv, MARIUS);
    assert.equal((await own.get('/')).status, 200, 'his own home logs nothing and is answered');
  } finally {
    sql(demo.db, restoreLog(demo.db));
  }
  assert.equal((await b.get('/')).status, 200);
});
