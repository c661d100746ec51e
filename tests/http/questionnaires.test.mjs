// questionnaires.test.mjs — questionnaires (SPEC.md Q1–Q3) over real HTTP with
// TestID logins, each test on its own freshly seeded server: the citizen's
// list keeps answered ones for 90 days (Q2); drafts, submitting, the checks
// of every answer with an error summary naming the question, a stale revision
// (409, nothing overwritten), read-only once submitted; requests our page
// never sends; checkboxes; someone else's questionnaire; representatives
// (Q3): a parent answers for a small child, a 12-15-year-old's hidden
// questionnaire stays hidden from the parents, a power of attorney answers
// only when its kind allows, and the represented person's access log shows
// it; the clinician's side (Q1): the chart, sending, withdrawing, the queue
// of unread answers, and who may use those pages; stored markup escaped;
// English.
//
// Seeded questionnaires, in seeding order on a fresh database (see
// src/cli/seed_questionnaires.c): 1 Marius "Før timen" (open), 2 Marius
// sleep (answered October, unread), 3 Marius sleep (answered May, read),
// 4 Silje "Før timen" (draft), 5 Emma "Før vaksinasjon", 6 Jonas health talk
// (hidden from guardians). Fields of "Før timen" by item position: a0 intro
// (display), a1 reason (text, required, max 2000), a2 duration (choice),
// a3 medicines (group), a4 other-medicines (boolean, required), a5
// which-medicines (string, max 300), a6 smoking (choice), a7 weight
// (decimal), a8 interpreter (boolean).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, runCli } from '../lib/server.mjs';
import { seedDemo } from '../lib/demo.mjs';
import { Browser, loginAs } from '../lib/session.mjs';
import { sql } from '../lib/db.mjs';
import { revisionOf } from '../lib/qform.mjs';

const P = {
  marius: '12848649994', silje: '03898849863', jonas: '02831399735', emma: '15862199860',
  elisabeth: '02916949807', bjorn: '21876649788',
  ingrid: '14827549852', // GP, Øya legesenter
  lars: '30868349995', // nurse (clinician), Øya
  kari: '11907949887', // public health nurse, Helsestasjon Sentrum
  eirik: '05927049955', // hospital physician
  marte: '19889549834', // front desk, Øya
};
const NOW = '2026-11-22T10:00:00Z';
const Q = { mariusVisit: 1, mariusSleepOct: 2, mariusSleepMay: 3, siljeVisit: 4, emmaVaccine: 5, jonasTalk: 6 };

// ---- a world per test ---------------------------------------------------------

async function world(t, { setup } = {}) {
  const db = seedDemo();
  if (setup) setup(db);
  const srv = await startServer({ db });
  t.after(async () => { await srv.stop(); db.cleanup(); });
  const ids = new Map();
  const w = {
    srv, db,
    citizen: (nin, now = NOW, headers = {}) => loginAs(srv, nin, { headers: { 'x-helsami-now': now, ...headers } }),
    staff: (nin, now = NOW) => loginAs(srv, nin, { staff: true, headers: { 'x-helsami-now': now } }),
    sql: (q) => sql(db, q), // rows on either database (tests/lib/db.mjs)
    // A patient's id, found as a clinician would.
    async pid(nin) {
      if (!ids.has(nin)) {
        const b = await w.staff(P.ingrid);
        const m = (await b.post('/staff/patients', { q: nin })).text.match(/href="\/staff\/patients\/(\d+)"/);
        assert.ok(m, `patient ${nin} found`);
        ids.set(nin, Number(m[1]));
      }
      return ids.get(nin);
    },
  };
  return w;
}

// ---- pages ----------------------------------------------------------------------

const main = (html) => (html.match(/<main[\s\S]*<\/main>/) || [html])[0]; // a part of a page: itself
const unescape = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'")
  .replace(/&#96;/g, '`').replace(/&#61;/g, '=').replace(/&amp;/g, '&');
const text = (html) => unescape(main(html).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' '));
// The citizen's list: the open questionnaires, then the answered ones.
function parts(html) {
  const m = main(html);
  const i = m.indexOf('id="answered-heading"');
  assert.ok(i > 0, 'the list has its two sections');
  return { open: m.slice(0, i), answered: m.slice(i) };
}
const qlinks = (html) => [...html.matchAll(/href="\/questionnaires\/(\d+)"/g)].map((m) => Number(m[1]));
const staffLinks = (html) => [...main(html).matchAll(/href="\/staff\/patients\/\d+\/questionnaires\/(\d+)"/g)].map((m) => Number(m[1]));
const checked = (html, name) => [...html.matchAll(new RegExp(`type="(?:radio|checkbox)" id="[^"]*" name="${name}" value="([^"]*)"( checked)?>`, 'g'))]
  .filter((m) => m[2]).map((m) => unescape(m[1]));
const options = (html, name) => [...html.matchAll(new RegExp(`type="(radio|checkbox)" id="[^"]*" name="${name}" value="([^"]*)"`, 'g'))]
  .map((m) => `${m[1]}:${m[2]}`);
const inputValue = (html, name) => unescape(html.match(new RegExp(`<input [^>]*name="${name}" value="([^"]*)"`))[1]);
const textarea = (html, name) => unescape(html.match(new RegExp(`<textarea [^>]*name="${name}"[^>]*>([\\s\\S]*?)</textarea>`))[1]);
const summary = (html) => {
  const box = html.match(/<div class="ds-error-summary"[\s\S]*?<\/div>/);
  return box ? [...box[0].matchAll(/<a class="ds-link" href="([^"]+)">([^<]*)<\/a>/g)].map((m) => [m[1], unescape(m[2])]) : [];
};
const h1 = (html) => unescape(html.match(/<h1[^>]*>([\s\S]*?)<\/h1>/)[1].replace(/<[^>]+>/g, ''));

// POSTs repeated fields as a browser does (checkboxes), with the form token.
function postPairs(b, path, pairs) {
  return b.request(path, {
    method: 'POST',
    body: new URLSearchParams([['csrf', b.csrf ?? ''], ...pairs]),
    headers: { origin: b.base, 'content-type': 'application/x-www-form-urlencoded' },
  });
}
// Saves or submits answers to questionnaire id from the page at `revision`.
const answer = (b, id, revision, action, pairs = []) =>
  postPairs(b, `/questionnaires/${id}`, [['revision', String(revision)], ['action', action], ...pairs]);

// Status as the citizen's page shows it, and the revision it would send.
async function state(b, id) {
  const page = await b.get(`/questionnaires/${id}`);
  assert.equal(page.status, 200);
  const status = unescape(page.text.match(/<dt>Status<\/dt><dd>([^<]*)<\/dd>/)[1]);
  const rev = page.text.match(/name="revision" value="(\d+)"/);
  return { status, revision: rev ? Number(rev[1]) : null, page };
}

// Sends the questionnaire titled `title` to the patient; returns the new id.
async function send(b, pid, title, extra = {}) {
  const page = await b.get(`/staff/patients/${pid}/questionnaires`);
  assert.equal(page.status, 200);
  const def = page.text.match(new RegExp(`<option value="(\\d+)">${title} \\(`))[1];
  const r = await b.post(`/staff/patients/${pid}/questionnaires`, { questionnaire: def, due_on: '', ...extra });
  assert.equal(r.status, 303, r.text);
  assert.equal(r.location, `/staff/patients/${pid}/questionnaires?done=sent`);
  return staffLinks((await b.get(r.location)).text)[0]; // newest first
}

// ---- representation ---------------------------------------------------------------

async function parentOf(b, childNin) {
  await b.get('/access/parent');
  assert.equal((await b.post('/access/parent', { nin: childNin })).status, 303, `parent access to ${childNin}`);
}

async function grant(w, from, to, kind) {
  const b = await w.citizen(from);
  await b.get('/access/grant');
  // Every power of attorney here goes to Bjørn Johansen.
  const r = await b.post('/access/grant', { nin: to, family_name: 'Johansen', kind, valid_until: '', confirm: '1' });
  assert.equal(r.status, 303, `grant ${kind}`);
  return b;
}

// Opens the record of the person named in the access overview.
async function actFor(b, name) {
  const page = await b.get('/access');
  const m = page.text.match(new RegExp(`${name}</h3>[\\s\\S]*?name="person" value="(\\d+)"`));
  assert.ok(m, `an "open" button for ${name}`);
  const r = await b.post('/access/act', { person: m[1] });
  assert.equal(r.status, 303);
  assert.match((await b.get('/')).text, new RegExp(`Du ser journalen til <strong>${name}`));
}

// The access log entries of today as text.
async function accessLog(b) {
  const r = await b.get('/documents/access-log?from=2026-11-22&to=2026-11-22');
  assert.equal(r.status, 200);
  return [...main(r.text).matchAll(/<li class="ds-card hs-stack">([\s\S]*?)<\/li>/g)]
    .map((m) => m[1].replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' '));
}

// ---- the citizen ----------------------------------------------------------------------

test('Q2: open questionnaires and those answered in the last 90 days; moving the clock moves them out', async (t) => {
  const w = await world(t);
  const m = await w.citizen(P.marius);
  const list = await m.get('/questionnaires');
  assert.equal(list.status, 200);
  let { open, answered } = parts(list.text);
  assert.deepEqual(qlinks(open), [Q.mariusVisit]);
  assert.match(text(open), /Før timen hos fastlegen Fra Ingrid Solberg, Øya legesenter Sendt 20\. november 2026 kl\. 10\.15 Svarfrist 27\. november 2026 Status Ikke påbegynt/);
  assert.deepEqual(qlinks(answered), [Q.mariusSleepOct], 'October is listed, May is not');
  assert.match(text(answered), /Søvnvaner Sendt inn 4\. oktober 2026 kl\. 21\.30 Fra Ingrid Solberg/);
  assert.equal((await m.get(`/questionnaires/${Q.mariusSleepOct}`)).status, 200);
  assert.equal((await m.get(`/questionnaires/${Q.mariusSleepMay}`)).status, 404, 'May: past the window');
  assert.match((await m.get('/')).text, /href="\/questionnaires\/1"/, 'the home page offers the open one');

  // The clinician sees all three.
  const ingrid = await w.staff(P.ingrid);
  const staffList = await ingrid.get(`/staff/patients/${await w.pid(P.marius)}/questionnaires`);
  assert.deepEqual(staffLinks(staffList.text), [Q.mariusVisit, Q.mariusSleepOct, Q.mariusSleepMay]);

  // Submitted 2026-10-04 19:30 UTC: listed until 90 days later.
  const inside = await w.citizen(P.marius, '2027-01-02T19:00:00Z');
  assert.deepEqual(qlinks(parts((await inside.get('/questionnaires')).text).answered), [Q.mariusSleepOct]);
  const outside = await w.citizen(P.marius, '2027-01-02T20:00:00Z');
  assert.deepEqual(qlinks(parts((await outside.get('/questionnaires')).text).answered), []);

  const later = await w.citizen(P.marius, '2027-01-05T10:00:00Z');
  const page = await later.get('/questionnaires');
  ({ open, answered } = parts(page.text));
  assert.deepEqual(qlinks(answered), []);
  assert.match(text(answered), /Ingen besvarte spørreskjemaer de siste 90 dagene/);
  assert.deepEqual(qlinks(open), [Q.mariusVisit], 'an open one stays');
  assert.match(text(open), /Status Ikke påbegynt, svarfristen er passert/);
  assert.equal((await later.get(`/questionnaires/${Q.mariusSleepOct}`)).status, 404);
  assert.equal((await later.get(`/questionnaires/${Q.mariusVisit}`)).status, 200);
});

test('a draft may leave required questions open; the page then shows what was saved', async (t) => {
  const w = await world(t);
  const m = await w.citizen(P.marius);
  const before = await state(m, Q.mariusVisit);
  assert.equal(before.revision, 0);
  assert.equal(before.status, 'Ikke påbegynt');
  assert.deepEqual(options(before.page.text, 'a2'), ['radio:lt1w', 'radio:1-4w', 'radio:1-6m', 'radio:gt6m']);
  assert.deepEqual(options(before.page.text, 'a4'), ['radio:true', 'radio:false']);
  assert.match(before.page.text, /<input class="ds-input hs-short" type="text" inputmode="decimal" id="f-a7" name="a7" value="">/);
  assert.doesNotMatch(before.page.text, /name="a0"|name="a3"/, 'display items and groups take no answer');

  const r = await answer(m, Q.mariusVisit, 0, 'save', [
    ['a1', 'Vondt i ryggen\nsiden august'], ['a2', '1-6m'], ['a5', 'Paracet'], ['a7', '81,5'], ['a8', 'false'],
  ]);
  assert.equal(r.status, 303, r.text);
  assert.equal(r.location, `/questionnaires/${Q.mariusVisit}?done=saved`);
  const saved = await m.get(r.location);
  assert.match(text(saved.text), /Utkastet er lagret\. Du kan fortsette senere\./);
  assert.match(text(saved.text), /Status Påbegynt \(utkast lagret\)/);
  assert.match(text(saved.text), /Utkast sist lagret 22\. november 2026 kl\. 11\.00/);
  assert.equal(revisionOf(saved.text), 1);
  assert.equal(textarea(saved.text, 'a1'), 'Vondt i ryggen\nsiden august');
  assert.deepEqual(checked(saved.text, 'a2'), ['1-6m']);
  assert.deepEqual(checked(saved.text, 'a4'), [], 'the required one is still open');
  assert.equal(inputValue(saved.text, 'a5'), 'Paracet');
  assert.equal(inputValue(saved.text, 'a7'), '81,5', 'a decimal comma comes back as a comma');
  assert.deepEqual(checked(saved.text, 'a8'), ['false']);
  assert.match(text((await m.get('/questionnaires')).text), /Før timen hos fastlegen .* Status Påbegynt \(utkast lagret\)/);

  // A point works as well and reads back with the Norwegian comma; leaving
  // an answer out of the next save clears it.
  const again = await answer(m, Q.mariusVisit, 1, 'save', [['a1', 'Vondt i ryggen'], ['a7', '81.5']]);
  assert.equal(again.status, 303);
  const now = await state(m, Q.mariusVisit);
  assert.equal(now.revision, 2);
  assert.equal(inputValue(now.page.text, 'a7'), '81,5');
  assert.deepEqual(checked(now.page.text, 'a2'), []);

  // The clinician sees that it is started, not the draft's answers.
  const ingrid = await w.staff(P.ingrid);
  const staffView = await ingrid.get(`/staff/patients/${await w.pid(P.marius)}/questionnaires/${Q.mariusVisit}`);
  assert.equal(staffView.status, 200);
  assert.match(text(staffView.text), /Pasienten har begynt å svare/);
  assert.doesNotMatch(staffView.text, /Vondt i ryggen/);
});

test('submitting without a required answer: 400, the error summary names the question, nothing is saved', async (t) => {
  const w = await world(t);
  const m = await w.citizen(P.marius);
  await m.get(`/questionnaires/${Q.mariusVisit}`);
  const r = await answer(m, Q.mariusVisit, 0, 'submit', [['a1', 'Hodepine'], ['a7', '81,5']]);
  assert.equal(r.status, 400);
  assert.deepEqual(summary(r.text), [['#f-a4', 'Bruker du medisiner som ikke står i medisinlisten din?: Dette må fylles ut.']]);
  assert.match(r.text, /<fieldset class="ds-fieldset" id="f-a4" tabindex="-1" aria-describedby="f-a4-error">/);
  assert.match(r.text, /id="f-a4-error">Dette må fylles ut\.</);
  assert.match(r.text, /<title>Feil: [^<]*Før timen hos fastlegen/);
  assert.equal(textarea(r.text, 'a1'), 'Hodepine', 'what was typed is shown again');
  assert.equal(inputValue(r.text, 'a7'), '81,5');

  // Both required ones missing: both named, in the page's order.
  const none = await answer(m, Q.mariusVisit, 0, 'submit', [['a8', 'true']]);
  assert.equal(none.status, 400);
  assert.deepEqual(summary(none.text).map(([href]) => href), ['#f-a1', '#f-a4']);
  assert.deepEqual(checked(none.text, 'a8'), ['true']);

  const after = await state(m, Q.mariusVisit);
  assert.equal(after.status, 'Ikke påbegynt');
  assert.equal(after.revision, 0);
  assert.equal(textarea(after.page.text, 'a1'), '');
});

test('a refused page says "Feil" once in its heading', async (t) => {
  const w = await world(t);
  const m = await w.citizen(P.marius);
  await m.get(`/questionnaires/${Q.mariusVisit}`);
  const r = await answer(m, Q.mariusVisit, 0, 'submit', [['a1', 'Hodepine']]);
  assert.equal(r.status, 400);
  // The <title> carries "Feil:"; the heading has its own screen-reader prefix.
  assert.equal(h1(r.text), 'Feil: Spørreskjema: Før timen hos fastlegen');
});

test('every answer is checked: too long (counted in characters), not an option, not a number, all at once', async (t) => {
  const w = await world(t);
  const m = await w.citizen(P.marius);
  await m.get(`/questionnaires/${Q.mariusVisit}`);
  const long = 'ø'.repeat(2001);
  const r = await answer(m, Q.mariusVisit, 0, 'save', [
    ['a1', long], ['a2', 'bogus'], ['a5', 'x'.repeat(301)], ['a7', 'åtti'], ['a8', 'kanskje'],
  ]);
  assert.equal(r.status, 400);
  assert.deepEqual(summary(r.text), [
    ['#f-a1', 'Hva ønsker du å ta opp på timen?: Skriv høyst 2000 tegn. Du har skrevet 2001.'],
    ['#f-a2', 'Hvor lenge har du hatt plagene?: Velg et av alternativene.'],
    ['#f-a5', 'Hvis ja: hvilke?: Skriv høyst 300 tegn. Du har skrevet 301.'],
    ['#f-a7', 'Vekt i kilo, hvis du vet den: Skriv et tall, for eksempel 37,5.'],
    ['#f-a8', 'Trenger du tolk?: Velg et av alternativene.'],
  ]);
  assert.equal(textarea(r.text, 'a1'), long);
  assert.equal(inputValue(r.text, 'a7'), 'åtti');
  // A one-line answer takes no line break.
  const line = await answer(m, Q.mariusVisit, 0, 'save', [['a5', 'Paracet\nIbux']]);
  assert.equal(line.status, 400);
  assert.deepEqual(summary(line.text).map(([href]) => href), ['#f-a5']);
  assert.equal((await state(m, Q.mariusVisit)).revision, 0, 'nothing saved');

  // Exactly at the limits is fine.
  const ok = await answer(m, Q.mariusVisit, 0, 'save', [['a1', 'ø'.repeat(2000)], ['a5', 'x'.repeat(300)], ['a7', '-0,5']]);
  assert.equal(ok.status, 303, ok.text);
  const saved = await state(m, Q.mariusVisit);
  assert.equal(textarea(saved.page.text, 'a1'), 'ø'.repeat(2000));
  assert.equal(inputValue(saved.page.text, 'a7'), '-0,5');
});

test('a save from an older revision: 409, what was typed is shown with a warning, the saved answers stay', async (t) => {
  const w = await world(t);
  const m = await w.citizen(P.marius);
  assert.equal((await state(m, Q.mariusVisit)).revision, 0);
  // Two tabs opened at revision 0; the first saves.
  const first = await answer(m, Q.mariusVisit, 0, 'save', [['a1', 'Første utkast'], ['a2', 'lt1w']]);
  assert.equal(first.status, 303);
  const stale = await answer(m, Q.mariusVisit, 0, 'save', [['a1', 'Fra den andre fanen'], ['a6', 'daily']]);
  assert.equal(stale.status, 409);
  assert.match(stale.text, /role="alert"><p class="ds-paragraph">Noen andre har lagret svar på dette skjemaet etter at du åpnet det\./);
  assert.equal(textarea(stale.text, 'a1'), 'Fra den andre fanen', 'the typed text is shown');
  assert.deepEqual(checked(stale.text, 'a6'), ['daily']);
  assert.deepEqual(checked(stale.text, 'a2'), [], 'what was typed, not what is stored');
  assert.equal(revisionOf(stale.text), 1, 'the page now carries the current revision');

  const kept = await state(m, Q.mariusVisit);
  assert.equal(kept.revision, 1);
  assert.equal(textarea(kept.page.text, 'a1'), 'Første utkast');
  assert.deepEqual(checked(kept.page.text, 'a2'), ['lt1w']);
  assert.deepEqual(checked(kept.page.text, 'a6'), []);

  // A stale submit is refused the same way, even a complete one.
  const staleSubmit = await answer(m, Q.mariusVisit, 0, 'submit', [['a1', 'Ferdig'], ['a4', 'false']]);
  assert.equal(staleSubmit.status, 409);
  assert.equal((await state(m, Q.mariusVisit)).status, 'Påbegynt (utkast lagret)');
  // From the refreshed page it goes through.
  const retry = await answer(m, Q.mariusVisit, revisionOf(stale.text), 'save', [['a1', 'Fra den andre fanen'], ['a6', 'daily']]);
  assert.equal(retry.status, 303);
  assert.equal(textarea((await state(m, Q.mariusVisit)).page.text, 'a1'), 'Fra den andre fanen');
});

test('submitting: 303 to the list, then read only; a later POST says it is closed', async (t) => {
  const w = await world(t);
  const m = await w.citizen(P.marius);
  await m.get(`/questionnaires/${Q.mariusVisit}`);
  const r = await answer(m, Q.mariusVisit, 0, 'submit', [
    ['a1', 'Hodepine om morgenen'], ['a2', '1-4w'], ['a4', 'true'], ['a5', 'Paracet'], ['a6', 'no'], ['a7', '81,5'], ['a8', 'false'],
  ]);
  assert.equal(r.status, 303, r.text);
  assert.equal(r.location, '/questionnaires?done=submitted');
  const list = await m.get(r.location);
  assert.match(text(list.text), /Takk! Svarene dine er sendt inn/);
  assert.deepEqual(qlinks(parts(list.text).open), []);
  assert.deepEqual(qlinks(parts(list.text).answered).sort(), [Q.mariusVisit, Q.mariusSleepOct]);

  const page = await m.get(`/questionnaires/${Q.mariusVisit}`);
  assert.equal(page.status, 200);
  assert.doesNotMatch(page.text, /<form[^>]*action="\/questionnaires\/1"|name="a1"|name="revision"|Lagre utkast/, 'read only');
  const body = text(page.text);
  assert.match(body, /Status Sendt inn Sendt inn 22\. november 2026 kl\. 11\.00/);
  assert.match(body, /Hva ønsker du å ta opp på timen\? Hodepine om morgenen Hvor lenge har du hatt plagene\? 1–4 uker/);
  assert.match(body, /Medisiner Bruker du medisiner som ikke står i medisinlisten din\? Ja Hvis ja: hvilke\? Paracet/);
  assert.match(body, /Røyker du\? Nei Vekt i kilo, hvis du vet den 81,5 Trenger du tolk\? Nei/);
  assert.doesNotMatch(body, /\(av /, 'answered by the patient');

  for (const rev of [1, 0]) {
    const late = await answer(m, Q.mariusVisit, rev, 'save', [['a1', 'Endret etterpå']]);
    assert.equal(late.status, 303);
    assert.equal(late.location, `/questionnaires/${Q.mariusVisit}?done=closed`);
  }
  const closed = await m.get(`/questionnaires/${Q.mariusVisit}?done=closed`);
  assert.match(text(closed.text), /Spørreskjemaet kan ikke lenger besvares/);
  assert.doesNotMatch(closed.text, /Endret etterpå/);

  // The clinician reads the answers; the patient answered.
  const ingrid = await w.staff(P.ingrid);
  const staffView = await ingrid.get(`/staff/patients/${await w.pid(P.marius)}/questionnaires/${Q.mariusVisit}`);
  assert.match(text(staffView.text), /Status Sendt inn Sendt inn 22\. november 2026 kl\. 11\.00 Hva ønsker/);
  assert.match(text(staffView.text), /Vekt i kilo, hvis du vet den 81,5/);
  assert.doesNotMatch(text(staffView.text), /representant/);
  assert.doesNotMatch(staffView.text, /withdraw/, 'a submitted one cannot be withdrawn');
});

test('requests our page never sends: 400 and nothing saved; no form token: 403', async (t) => {
  const w = await world(t);
  const m = await w.citizen(P.marius);
  await m.get(`/questionnaires/${Q.mariusVisit}`);
  const cases = [
    ['an unknown field', [['revision', '0'], ['action', 'save'], ['a1', 'x'], ['foo', '1']]],
    ['a display item', [['revision', '0'], ['action', 'save'], ['a0', 'x']]],
    ['a group', [['revision', '0'], ['action', 'save'], ['a3', 'x']]],
    ['an item beyond the form', [['revision', '0'], ['action', 'save'], ['a9', 'x']]],
    ['no revision', [['action', 'save'], ['a1', 'x']]],
    ['an empty revision', [['revision', ''], ['action', 'save'], ['a1', 'x']]],
    ['a revision that is not a number', [['revision', 'abc'], ['action', 'save'], ['a1', 'x']]],
    ['a negative revision', [['revision', '-1'], ['action', 'save'], ['a1', 'x']]],
    ['no action', [['revision', '0'], ['a1', 'x']]],
    ['an unknown action', [['revision', '0'], ['action', 'delete'], ['a1', 'x']]],
    ['two actions', [['revision', '0'], ['action', 'save'], ['action', 'submit'], ['a1', 'x']]],
    ['one answer twice', [['revision', '0'], ['action', 'save'], ['a1', 'x'], ['a1', 'y']]],
  ];
  for (const [what, pairs] of cases) {
    const r = await postPairs(m, `/questionnaires/${Q.mariusVisit}`, pairs);
    assert.equal(r.status, 400, what);
  }
  const noToken = await m.request(`/questionnaires/${Q.mariusVisit}`, {
    method: 'POST', body: new URLSearchParams({ revision: '0', action: 'save', a1: 'x' }),
    headers: { origin: m.base, 'content-type': 'application/x-www-form-urlencoded' },
  });
  assert.equal(noToken.status, 403);
  const after = await state(m, Q.mariusVisit);
  assert.equal(after.revision, 0);
  assert.equal(after.status, 'Ikke påbegynt');

  for (const path of ['/questionnaires?done=bogus', '/questionnaires?done=saved', '/questionnaires?x=1',
    `/questionnaires/${Q.mariusVisit}?done=submitted`, `/questionnaires/${Q.mariusVisit}?x=1`]) {
    assert.equal((await m.get(path)).status, 400, path);
  }
  for (const path of ['/questionnaires/0', '/questionnaires/abc', '/questionnaires/999999999', '/questionnaires/-1']) {
    assert.equal((await m.get(path)).status, 404, path);
  }
});

test('several options: checkboxes, two values saved and shown; a repeated or unknown value refused', async (t) => {
  const w = await world(t);
  const ingrid = await w.staff(P.ingrid);
  const marius = await w.pid(P.marius);
  const id = await send(ingrid, marius, 'Søvnvaner');
  assert.equal(id, 7);
  const m = await w.citizen(P.marius);
  const page = await m.get(`/questionnaires/${id}`);
  assert.equal(page.status, 200);
  assert.deepEqual(options(page.text, 'a1'), ['checkbox:stress', 'checkbox:pain', 'checkbox:noise', 'checkbox:screens', 'checkbox:other']);
  assert.match(text(page.text), /Hva påvirker søvnen din\? Du kan velge flere\./);

  const saved = await answer(m, id, 0, 'save', [['a0', '6'], ['a1', 'stress'], ['a1', 'screens']]);
  assert.equal(saved.status, 303, saved.text);
  let now = await state(m, id);
  assert.deepEqual(checked(now.page.text, 'a1'), ['stress', 'screens']);
  assert.equal(inputValue(now.page.text, 'a0'), '6');

  const refused = [
    ['the same option twice', [['a1', 'stress'], ['a1', 'stress']], '#f-a1'],
    ['an unknown option', [['a1', 'stress'], ['a1', 'coffee']], '#f-a1'],
    ['more values than options', [['a1', 'stress'], ['a1', 'pain'], ['a1', 'noise'], ['a1', 'screens'], ['a1', 'other'], ['a1', 'stress']], '#f-a1'],
    ['a whole number in words', [['a0', 'seks']], '#f-a0'],
    ['a date that does not exist', [['a2', '2026-02-30']], '#f-a2'],
  ];
  for (const [what, pairs, href] of refused) {
    const r = await answer(m, id, 1, 'save', pairs);
    assert.equal(r.status, 400, what);
    assert.deepEqual(summary(r.text).map(([h]) => h), [href], what);
  }
  now = await state(m, id);
  assert.equal(now.revision, 1);
  assert.deepEqual(checked(now.page.text, 'a1'), ['stress', 'screens'], 'unchanged');

  const done = await answer(m, id, 1, 'submit', [['a0', '6'], ['a1', 'pain'], ['a1', 'noise'], ['a2', '2026-09-01']]);
  assert.equal(done.status, 303, done.text);
  const body = text((await m.get(`/questionnaires/${id}`)).text);
  assert.match(body, /Hva påvirker søvnen din\? Smerter Støy Når begynte søvnproblemene\? \(omtrent\) 1\. september 2026/);
  assert.doesNotMatch(body, /Stress eller bekymringer/);
  const staffBody = text((await ingrid.get(`/staff/patients/${marius}/questionnaires/${id}`)).text);
  assert.match(staffBody, /Hvor mange timer sover du vanligvis en natt\? 6 Hva påvirker søvnen din\? Smerter Støy/);
});

test("another person's questionnaire is not found, by id or by path", async (t) => {
  const w = await world(t);
  const m = await w.citizen(P.marius);
  for (const id of [Q.siljeVisit, Q.emmaVaccine, Q.jonasTalk]) {
    assert.equal((await m.get(`/questionnaires/${id}`)).status, 404, `GET ${id}`);
    assert.equal((await answer(m, id, 1, 'save', [['a1', 'Kapret']])).status, 404, `POST ${id}`);
  }
  assert.equal((await answer(m, 999999999, 0, 'save', [])).status, 404);
  const s = await w.citizen(P.silje);
  assert.equal((await s.get(`/questionnaires/${Q.mariusVisit}`)).status, 404);
  const list = await s.get('/questionnaires');
  assert.deepEqual(qlinks(main(list.text)), [Q.siljeVisit]);
  const hers = await state(s, Q.siljeVisit);
  assert.equal(hers.status, 'Påbegynt (utkast lagret)');
  assert.equal(textarea(hers.page.text, 'a1'), 'Vondt i kneet etter løpetur.', 'her draft is untouched');
  assert.deepEqual(checked(hers.page.text, 'a2'), ['1-4w']);

  // In the workspace, under another patient's path.
  const ingrid = await w.staff(P.ingrid);
  const marius = await w.pid(P.marius);
  assert.equal((await ingrid.get(`/staff/patients/${marius}/questionnaires/${Q.siljeVisit}`)).status, 404);
  await ingrid.get(`/staff/patients/${marius}/questionnaires`);
  assert.equal((await ingrid.post(`/staff/patients/${marius}/questionnaires/${Q.siljeVisit}/withdraw`, { confirm: 'on' })).status, 404);
  assert.equal((await state(s, Q.siljeVisit)).status, 'Påbegynt (utkast lagret)');
});

// ---- representatives (Q3) ----------------------------------------------------------------

test('Q3: a parent answers for a small child; the clinician sees who answered', async (t) => {
  const w = await world(t);
  const s = await w.citizen(P.silje);
  await parentOf(s, P.emma);
  await actFor(s, 'Emma Berg');
  const list = await s.get('/questionnaires');
  assert.equal(list.status, 200);
  assert.deepEqual(qlinks(parts(list.text).open), [Q.emmaVaccine]);
  assert.match(text(list.text), /Før vaksinasjon Fra Kari Aune, Helsestasjon Sentrum/);
  const page = await s.get(`/questionnaires/${Q.emmaVaccine}`);
  assert.match(text(page.text), /Du svarer på vegne av personen hvis journal du har åpnet/);
  const r = await answer(s, Q.emmaVaccine, 0, 'submit', [
    ['a0', 'false'], ['a1', 'true'], ['a2', 'Feber og rødhet etter forrige vaksine.'], ['a3', 'false'],
  ]);
  assert.equal(r.status, 303, r.text);
  assert.deepEqual(qlinks(parts((await s.get('/questionnaires')).text).answered), [Q.emmaVaccine]);

  // Kari sent it: it waits in her queue.
  const kari = await w.staff(P.kari);
  const queue = await kari.get('/staff/queues/questionnaires');
  assert.match(text(queue.text), /Før vaksinasjon: Emma Berg/);
  // Ingrid, Emma's GP, reads it: answered by a representative, by name.
  const ingrid = await w.staff(P.ingrid);
  const emma = await w.pid(P.emma);
  const view = await ingrid.get(`/staff/patients/${emma}/questionnaires/${Q.emmaVaccine}`);
  assert.equal(view.status, 200);
  assert.match(text(view.text), /Sendt inn 22\. november 2026 kl\. 11\.00 \(besvart av representant: Silje Berg\)/);
  assert.match(text(view.text), /Har barnet reagert på en tidligere vaksine\? Ja Hvis ja: hva skjedde\? Feber og rødhet etter forrige vaksine\./);

  // Not on her own record.
  await s.get('/access/choose');
  await s.post('/access/act', { person: '0' });
  assert.equal((await s.get(`/questionnaires/${Q.emmaVaccine}`)).status, 404);
});

test("Q3: a parent does not see a 12-15-year-old's questionnaire hidden from guardians", async (t) => {
  const w = await world(t);
  const kari = await w.staff(P.kari);
  const jonas = await w.pid(P.jonas);
  const kariList = await kari.get(`/staff/patients/${jonas}/questionnaires`);
  assert.match(kariList.text, /Helsesamtale på 8\. trinn<\/a> <span class="ds-tag" data-color="info">Skjult for foreldre<\/span>/);
  const visible = await send(kari, jonas, 'Før vaksinasjon');
  const hidden = await send(kari, jonas, 'Før vaksinasjon', { hidden: 'on' });

  const s = await w.citizen(P.silje);
  await parentOf(s, P.jonas);
  await actFor(s, 'Jonas Berg');
  const list = await s.get('/questionnaires');
  assert.equal(list.status, 200);
  assert.deepEqual(qlinks(main(list.text)), [visible], 'only the one not hidden');
  assert.doesNotMatch(text(list.text), /Helsesamtale/);
  assert.doesNotMatch(text((await s.get('/')).text), /Helsesamtale/);
  for (const id of [Q.jonasTalk, hidden]) {
    assert.equal((await s.get(`/questionnaires/${id}`)).status, 404, `GET ${id}`);
    assert.equal((await answer(s, id, 0, 'save', [['a3', 'Kapret']])).status, 404, `POST ${id}`);
  }
  assert.equal((await s.get(`/questionnaires/${visible}`)).status, 200);
  const after = text((await kari.get(`/staff/patients/${jonas}/questionnaires/${Q.jonasTalk}`)).text);
  assert.match(after, /Status Ikke påbegynt/, 'untouched');
});

test('Q3: a power of attorney for health information only cannot read or answer questionnaires', async (t) => {
  const w = await world(t);
  await grant(w, P.elisabeth, P.bjorn, 'health_read');
  const ingrid = await w.staff(P.ingrid);
  const id = await send(ingrid, await w.pid(P.elisabeth), 'Før timen hos fastlegen');
  const b = await w.citizen(P.bjorn);
  await actFor(b, 'Elisabeth Johansen');
  assert.equal((await b.get('/questionnaires')).status, 403);
  assert.equal((await b.get(`/questionnaires/${id}`)).status, 403);
  assert.equal((await answer(b, id, 0, 'save', [['a1', 'Fra Bjørn']])).status, 403);
  const e = await w.citizen(P.elisabeth);
  const hers = await state(e, id);
  assert.equal(hers.revision, 0);
  assert.equal(hers.status, 'Ikke påbegynt');
});

test("Q3: a power of attorney for appointments and messages answers, and it is in the person's access log", async (t) => {
  const w = await world(t);
  await grant(w, P.elisabeth, P.bjorn, 'appointments_messages');
  const ingrid = await w.staff(P.ingrid);
  const elisabeth = await w.pid(P.elisabeth);
  const id = await send(ingrid, elisabeth, 'Før timen hos fastlegen');
  const b = await w.citizen(P.bjorn);
  await actFor(b, 'Elisabeth Johansen');
  const bjorn = await w.pid(P.bjorn);
  const reads = () => Number(w.sql(`SELECT COUNT(*) FROM audit_log WHERE patient_id = ${elisabeth} AND actor_person_id = ${bjorn} AND action = 'read' AND what = 'questionnaires'`)[0][0]);
  const before = reads();
  assert.deepEqual(qlinks(parts((await b.get('/questionnaires')).text).open), [id]);
  assert.equal(reads(), before + 1, 'the list is a read of her record');
  assert.equal((await b.get('/')).status, 200);
  assert.equal(reads(), before + 2, "the home page's open questionnaires too");
  const page = await b.get(`/questionnaires/${id}`);
  assert.match(text(page.text), /Du svarer på vegne av personen/);
  assert.equal((await answer(b, id, 0, 'save', [['a1', 'Svimmelhet']])).status, 303);
  assert.equal((await answer(b, id, 1, 'submit', [['a1', 'Svimmelhet'], ['a4', 'false']])).status, 303);

  const view = await ingrid.get(`/staff/patients/${elisabeth}/questionnaires/${id}`);
  assert.match(text(view.text), /\(besvart av representant: Bjørn Johansen\)/);

  const e = await w.citizen(P.elisabeth);
  const list = await e.get('/questionnaires');
  assert.deepEqual(qlinks(parts(list.text).answered), [id]);
  assert.match(text(parts(list.text).answered), /Sendt inn 22\. november 2026 kl\. 11\.00 \(av Bjørn Johansen\)/);
  const log = (await accessLog(e)).filter((x) => /Bjørn Johansen/.test(x) && /Spørreskjema/.test(x));
  assert.ok(log.some((x) => /På vegne av Elisabeth Johansen/.test(x)), log.join('\n'));
  assert.ok(log.some((x) => /Handling Åpnet/.test(x)), `a read: ${log.join('\n')}`);
  assert.equal(log.filter((x) => /Handling Endret/.test(x)).length, 2, `the save and the submit: ${log.join('\n')}`);
  assert.equal(runCli(['audit', 'verify', '--db', w.db.url]).status, 0);
});

// ---- clinicians (Q1) ------------------------------------------------------------------------

test('the clinician sends from the chart; the patient sees it; problems are named and nothing is sent', async (t) => {
  // A draft questionnaire imports but cannot be sent.
  const draft = JSON.parse(readFileSync('data/questionnaires/questionnaire-for-timen.json', 'utf8'));
  Object.assign(draft, { url: 'https://helsami.example/Questionnaire/utkast', status: 'draft', title: 'Et utkast' });
  delete draft._title;
  const w = await world(t, {
    setup(db) {
      const file = join(db.dir, 'draft.json');
      writeFileSync(file, JSON.stringify(draft));
      const r = runCli(['import', 'questionnaire', file, '--db', db.url]);
      assert.equal(r.status, 0, r.stderr);
    },
  });
  const draftId = w.sql("SELECT id FROM questionnaire WHERE url = 'https://helsami.example/Questionnaire/utkast'")[0][0];
  const ingrid = await w.staff(P.ingrid);
  const marius = await w.pid(P.marius);
  const chart = await ingrid.get(`/staff/patients/${marius}`);
  assert.match(chart.text, new RegExp(`href="/staff/patients/${marius}/questionnaires"[^>]*>Spørreskjemaer<`));
  const page = await ingrid.get(`/staff/patients/${marius}/questionnaires`);
  assert.equal(page.status, 200);
  assert.doesNotMatch(page.text, /Et utkast/, 'a draft is not offered');
  const sleep = page.text.match(/<option value="(\d+)">Søvnvaner \(1\)<\/option>/)[1];

  const r = await ingrid.post(`/staff/patients/${marius}/questionnaires`, { questionnaire: sleep, due_on: '2026-12-01' });
  assert.equal(r.status, 303, r.text);
  assert.equal(r.location, `/staff/patients/${marius}/questionnaires?done=sent`);
  const after = await ingrid.get(r.location);
  assert.match(text(after.text), /Spørreskjemaet er sendt/);
  const id = staffLinks(after.text)[0];
  assert.equal(id, 7);
  assert.match(text(after.text), /Søvnvaner 22\. november 2026 kl\. 11\.00 1\. desember 2026 Ikke påbegynt/);
  const events = w.sql(`SELECT kind, payload_ref FROM notification_outbox WHERE person_id = ${marius} AND kind = 'questionnaire'`);
  assert.deepEqual(events, [['questionnaire', String(id)]]);

  const m = await w.citizen(P.marius);
  const open = parts((await m.get('/questionnaires')).text).open;
  assert.deepEqual(qlinks(open), [Q.mariusVisit, id], 'by answer-by date');
  assert.match(text(open), /Søvnvaner Fra Ingrid Solberg, Øya legesenter Sendt 22\. november 2026 kl\. 11\.00 Svarfrist 1\. desember 2026/);
  assert.equal((await m.get(`/questionnaires/${id}`)).status, 200);
  assert.ok((await accessLog(m)).some((x) => /Ingrid Solberg/.test(x) && /Spørreskjema/.test(x) && /Registrerte/.test(x)));

  const refused = [
    [{ questionnaire: '', due_on: '' }, 'Spørreskjema: Dette må fylles ut.'],
    [{ questionnaire: '999999', due_on: '' }, 'Spørreskjema: Velg et spørreskjema fra listen.'],
    [{ questionnaire: draftId, due_on: '' }, 'Spørreskjema: Velg et spørreskjema fra listen.'],
    [{ questionnaire: sleep, due_on: '2026-11-21' }, 'Svarfrist (valgfritt): Svarfristen kan ikke være før i dag.'],
    [{ questionnaire: sleep, due_on: '2026-02-30' }, 'Svarfrist (valgfritt): Datoen finnes ikke. Sjekk dag og måned.'],
  ];
  for (const [fields, message] of refused) {
    const bad = await ingrid.post(`/staff/patients/${marius}/questionnaires`, fields);
    assert.equal(bad.status, 400, JSON.stringify(fields));
    assert.deepEqual(summary(bad.text).map(([, m]) => m), [message], JSON.stringify(fields));
  }
  const past = await ingrid.post(`/staff/patients/${marius}/questionnaires`, { questionnaire: sleep, due_on: '2026-11-21' });
  assert.match(past.text, new RegExp(`<option value="${sleep}" selected>Søvnvaner`), 'the choice is kept');
  assert.match(past.text, /name="due_on" value="2026-11-21"/);
  assert.equal((await ingrid.post(`/staff/patients/${marius}/questionnaires`, { questionnaire: sleep, foo: '1' })).status, 400);
  assert.equal(staffLinks((await ingrid.get(`/staff/patients/${marius}/questionnaires`)).text).length, 4, 'nothing else sent');
  // Today is not in the past.
  const today = await ingrid.post(`/staff/patients/${marius}/questionnaires`, { questionnaire: sleep, due_on: '2026-11-22' });
  assert.equal(today.status, 303);
  assert.equal(w.sql(`SELECT COUNT(*) FROM notification_outbox WHERE person_id = ${marius} AND kind = 'questionnaire'`)[0][0], '2');
  // "Today" is Norway's: at 00:30 on 23 November in Oslo, the 22nd is past.
  const night = await w.staff(P.ingrid, '2026-11-22T23:30:00Z');
  await night.get(`/staff/patients/${marius}/questionnaires`);
  assert.equal((await night.post(`/staff/patients/${marius}/questionnaires`, { questionnaire: sleep, due_on: '2026-11-22' })).status, 400);
  assert.equal((await night.post(`/staff/patients/${marius}/questionnaires`, { questionnaire: sleep, due_on: '2026-11-23' })).status, 303);
});

test('withdrawing needs the confirmation; the patient then no longer sees it; withdrawing again changes nothing', async (t) => {
  const w = await world(t);
  const ingrid = await w.staff(P.ingrid);
  const marius = await w.pid(P.marius);
  const page = await ingrid.get(`/staff/patients/${marius}/questionnaires/${Q.mariusVisit}`);
  assert.equal(page.status, 200);
  assert.match(page.text, new RegExp(`action="/staff/patients/${marius}/questionnaires/${Q.mariusVisit}/withdraw"`));
  const m = await w.citizen(P.marius);
  const open = await state(m, Q.mariusVisit);

  const path = `/staff/patients/${marius}/questionnaires/${Q.mariusVisit}/withdraw`;
  assert.equal((await ingrid.post(path, {})).status, 400, 'no confirmation');
  assert.equal((await ingrid.post(path, { confirm: 'nope' })).status, 400);
  assert.equal((await m.get(`/questionnaires/${Q.mariusVisit}`)).status, 200, 'still there');

  const r = await ingrid.post(path, { confirm: 'on' });
  assert.equal(r.status, 303);
  assert.equal(r.location, `/staff/patients/${marius}/questionnaires/${Q.mariusVisit}?done=withdrawn`);
  const after = await ingrid.get(r.location);
  assert.match(text(after.text), /Spørreskjemaet er trukket tilbake\. Pasienten ser det ikke lenger\./);
  assert.match(text(after.text), /Status Trukket tilbake av behandleren/);
  assert.doesNotMatch(after.text, /\/withdraw"/, 'nothing more to withdraw');

  assert.equal((await m.get(`/questionnaires/${Q.mariusVisit}`)).status, 404);
  assert.deepEqual(qlinks(parts((await m.get('/questionnaires')).text).open), []);
  assert.doesNotMatch((await m.get('/')).text, /href="\/questionnaires\/1"/);
  // The page the patient still has open cannot save into it.
  assert.equal((await answer(m, Q.mariusVisit, open.revision, 'save', [['a1', 'For sent']])).status, 404);

  const again = await ingrid.post(path, { confirm: 'on' });
  assert.equal(again.status, 303);
  assert.equal(again.location, `/staff/patients/${marius}/questionnaires/${Q.mariusVisit}?done=unchanged`);
  assert.match(text((await ingrid.get(again.location)).text), /kunne ikke trekkes tilbake/);
  const answered = await ingrid.post(`/staff/patients/${marius}/questionnaires/${Q.mariusSleepOct}/withdraw`, { confirm: 'on' });
  assert.equal(answered.location, `/staff/patients/${marius}/questionnaires/${Q.mariusSleepOct}?done=unchanged`);
  assert.equal((await m.get(`/questionnaires/${Q.mariusSleepOct}`)).status, 200, 'answered ones stay');
  assert.equal((await ingrid.post(`/staff/patients/${marius}/questionnaires/999999999/withdraw`, { confirm: 'on' })).status, 404);
});

test('the queue of unread answers: listed for the unit, opening them marks them read', async (t) => {
  const w = await world(t);
  const marius = await w.pid(P.marius);
  const ingrid = await w.staff(P.ingrid);
  const queue = await ingrid.get('/staff/queues/questionnaires');
  assert.equal(queue.status, 200);
  assert.deepEqual(staffLinks(queue.text), [Q.mariusSleepOct], 'October, not May (read long ago)');
  assert.match(text(queue.text), /Søvnvaner: Marius Berg Pasient Marius Berg, 12848649994 Sendt inn 4\. oktober 2026 kl\. 21\.30 Sendt av Ingrid Solberg, Øya legesenter/);
  const staffHome = await ingrid.get('/staff');
  assert.match(staffHome.text, /href="\/staff\/queues\/questionnaires"/);
  const lars = await w.staff(P.lars);
  assert.deepEqual(staffLinks((await lars.get('/staff/queues/questionnaires')).text), [Q.mariusSleepOct], 'the same unit');
  for (const nin of [P.eirik, P.kari]) {
    const other = await w.staff(nin);
    const q = await other.get('/staff/queues/questionnaires');
    assert.equal(q.status, 200);
    assert.deepEqual(staffLinks(q.text), [], nin);
  }

  const one = await ingrid.get(`/staff/patients/${marius}/questionnaires/${Q.mariusSleepOct}`);
  assert.equal(one.status, 200);
  assert.match(text(one.text), /Hva påvirker søvnen din\? Stress eller bekymringer Skjermbruk om kvelden/);
  assert.match(text(one.text), /Er det noe mer du vil fortelle\? Våkner ofte rundt klokka fire\./);
  for (const b of [ingrid, lars]) {
    const q = await b.get('/staff/queues/questionnaires');
    assert.deepEqual(staffLinks(q.text), []);
    assert.match(text(q.text), /Ingen besvarte spørreskjemaer venter på å bli lest/);
  }
  // Reading is in the patient's access log.
  const m = await w.citizen(P.marius);
  assert.ok((await accessLog(m)).some((x) => /Ingrid Solberg/.test(x) && /Spørreskjema/.test(x) && /Åpnet/.test(x)));
});

test('who may use the staff pages: clinicians of the patient only; the front desk is refused', async (t) => {
  const w = await world(t);
  const marius = await w.pid(P.marius);
  const paths = [
    ['GET', `/staff/patients/${marius}/questionnaires`],
    ['GET', `/staff/patients/${marius}/questionnaires/${Q.mariusSleepOct}`],
    ['POST', `/staff/patients/${marius}/questionnaires`, { questionnaire: '1', due_on: '' }],
    ['POST', `/staff/patients/${marius}/questionnaires/${Q.mariusVisit}/withdraw`, { confirm: 'on' }],
  ];
  const call = (b, [method, path, body]) => (method === 'GET' ? b.get(path) : b.post(path, body));

  const marte = await w.staff(P.marte);
  for (const p of [...paths, ['GET', '/staff/queues/questionnaires']]) {
    assert.equal((await call(marte, p)).status, 403, `Marte ${p[0]} ${p[1]}`);
  }
  const chart = await marte.get(`/staff/patients/${marius}`);
  assert.equal(chart.status, 200, 'the front desk opens the chart');
  assert.doesNotMatch(chart.text, /\/questionnaires"/, 'without the questionnaires');

  // Kari's health station has nothing to do with Marius.
  const kari = await w.staff(P.kari);
  for (const p of paths) assert.equal((await call(kari, p)).status, 404, `Kari ${p[0]} ${p[1]}`);
  // Under emergency access she may read, but not send.
  await kari.get(`/staff/emergency`);
  assert.equal((await kari.post('/staff/emergency', { nin: P.marius, reason: 'Bevisstløs pasient i mottak' })).status, 303);
  const read = await kari.get(paths[0][1]);
  assert.equal(read.status, 200);
  assert.match(text(read.text), /Du kan ikke sende spørreskjemaer herfra/);
  assert.doesNotMatch(read.text, /name="questionnaire"/);
  assert.equal((await kari.post(paths[2][1], paths[2][2])).status, 403);

  // Citizens and anonymous visitors.
  const m = await w.citizen(P.marius);
  assert.equal((await m.get(paths[0][1])).status, 403);
  assert.equal((await m.get('/staff/queues/questionnaires')).status, 403);
  assert.equal((await new Browser(w.srv.url).get('/questionnaires')).status, 401);
  assert.equal((await new Browser(w.srv.url).get(paths[0][1])).status, 401);
  // Staff do not answer.
  const ingrid = await w.staff(P.ingrid);
  assert.equal((await ingrid.get('/questionnaires')).status, 403);
  assert.equal((await answer(ingrid, Q.mariusVisit, 0, 'save', [['a1', 'x']])).status, 403);
  assert.equal((await state(m, Q.mariusVisit)).revision, 0);
});

// ---- escaping and languages ----------------------------------------------------------------

test('stored markup is shown as text to the citizen and to the clinician', async (t) => {
  const w = await world(t);
  const m = await w.citizen(P.marius);
  await m.get(`/questionnaires/${Q.mariusVisit}`);
  const script = '<script>alert(1)</script>';
  const attr = '"><img src=x onerror=alert(1)>';
  const saved = await answer(m, Q.mariusVisit, 0, 'save', [['a1', script], ['a5', attr]]);
  assert.equal(saved.status, 303);
  const draft = await m.get(`/questionnaires/${Q.mariusVisit}`);
  assert.doesNotMatch(draft.text, /<script>alert|<img src=x/);
  assert.match(draft.text, /&lt;script&gt;alert\(1\)&lt;\/script&gt;<\/textarea>/);
  assert.equal(inputValue(draft.text, 'a5'), attr);
  assert.equal(textarea(draft.text, 'a1'), script);

  const refused = await answer(m, Q.mariusVisit, 1, 'submit', [['a1', script], ['a5', attr]]);
  assert.equal(refused.status, 400);
  assert.doesNotMatch(refused.text, /<script>alert|<img src=x/);

  assert.equal((await answer(m, Q.mariusVisit, 1, 'submit', [['a1', script], ['a4', 'true'], ['a5', attr]])).status, 303);
  const mine = await m.get(`/questionnaires/${Q.mariusVisit}`);
  assert.doesNotMatch(mine.text, /<script>alert|<img src=x/);
  assert.match(mine.text, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  assert.match(text(mine.text), /Hvis ja: hvilke\? "><img src=x onerror=alert\(1\)>/);

  const ingrid = await w.staff(P.ingrid);
  const view = await ingrid.get(`/staff/patients/${await w.pid(P.marius)}/questionnaires/${Q.mariusVisit}`);
  assert.equal(view.status, 200);
  assert.doesNotMatch(view.text, /<script>alert|<img src=x/);
  assert.match(view.text, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  assert.match(view.text, /&quot;&gt;&lt;img src&#61;x onerror&#61;alert\(1\)&gt;/);
});

test('English: titles, questions, options, messages and the decimal point', async (t) => {
  const w = await world(t);
  const en = await w.citizen(P.marius, NOW, { 'accept-language': 'en' });
  const list = await en.get('/questionnaires');
  assert.match(text(list.text), /To complete Before your GP appointment From Ingrid Solberg/);
  assert.match(text(list.text), /Answered .* Sleep habits Submitted/);
  const page = await en.get(`/questionnaires/${Q.mariusVisit}`);
  const body = text(page.text);
  assert.match(body, /Questionnaire: Before your GP appointment/);
  assert.match(body, /Your answers help the doctor prepare\./);
  assert.match(body, /What would you like to talk about at the appointment\? \(required\) \*/);
  assert.match(body, /How long have you had the symptoms\? Less than a week 1–4 weeks 1–6 months More than 6 months/);
  assert.match(body, /Medicines Do you take medicines that are not on your medication list\? \(required\) \* Yes No/);
  assert.match(body, /Save draft Submit answers/);
  assert.doesNotMatch(body, /Før timen|Hva ønsker/);

  const refused = await answer(en, Q.mariusVisit, 0, 'submit', [['a7', 'eighty']]);
  assert.equal(refused.status, 400);
  assert.deepEqual(summary(refused.text), [
    ['#f-a1', 'What would you like to talk about at the appointment?: This must be filled in.'],
    ['#f-a4', 'Do you take medicines that are not on your medication list?: This must be filled in.'],
    ['#f-a7', 'Weight in kilograms, if you know it: Enter a number, for example 37.5.'],
  ]);
  assert.equal((await answer(en, Q.mariusVisit, 0, 'save', [['a7', '81,5']])).status, 303);
  assert.equal(inputValue((await en.get(`/questionnaires/${Q.mariusVisit}`)).text, 'a7'), '81.5');

  // ?lang=en switches a Norwegian session, and the answers read in English.
  const m = await w.citizen(P.marius);
  const sw = await m.get(`/questionnaires/${Q.mariusSleepOct}?lang=en`);
  assert.equal(sw.status, 303);
  assert.equal(sw.location, `/questionnaires/${Q.mariusSleepOct}`);
  const answers = text((await m.get(sw.location)).text);
  assert.match(answers, /Questionnaire: Sleep habits/);
  assert.match(answers, /What affects your sleep\? Stress or worries/);
  assert.match(answers, /1 June 2026/);
});
