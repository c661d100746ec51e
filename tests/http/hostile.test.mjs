// hostile.test.mjs — hostile input that reaches validation, and stored
// markup shown to every reader of it (issue 10, item 4).
//
// Validation: one hostile value per request, every other field of the form
// valid, so the field's own validator answers and nothing else can: U+202E
// (a bidi override, sent with an XSS payload that the re-rendered form must
// show escaped), 20,000 characters, 2026-02-30, 1e9 where a number, a
// choice or a code is asked for, and a NUL on its own. The baseline each
// form is tried with is shown to be accepted by posting it last, and the
// rows it adds are counted: the hostile requests added none. A NUL never
// reaches a handler: form values are C strings, so the request parser
// refuses the whole body with the generic 400 page (docs/pages.md).
//
// Markup: XSS payloads in every free-text field that is stored and shown,
// read back by every reader of it: the citizen (Elisabeth Johansen), her
// brother acting for her with a full power of attorney (Bjørn Johansen), and
// the member of staff who works with it; each must see the text, escaped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoServer } from '../lib/demo.mjs';
import { loginAs } from '../lib/session.mjs';
import { sql, sqlValue, personId } from '../lib/db.mjs';

const ELISABETH = '02916949807'; // citizen, home-care user, Øya patient
const BJORN = '21876649788'; // her brother; son of Astrid
const ASTRID = '08833849868'; // 88, lacks capacity to consent, at Havstad
const MARIUS = '12848649994';
const INGRID = '14827549852'; // GP, Øya legesenter
const AHMED = '25839049733'; // nurse, home care and Havstad (Elisabeth's medicines, Astrid's care home)
const NOW = '2026-11-22T10:00:00Z';
const at = { headers: { 'x-helsami-now': NOW } };

const demo = demoServer({ args: [] });

const citizen = (nin) => loginAs(demo.srv, nin, at);
const staff = (nin) => loginAs(demo.srv, nin, { staff: true, ...at });
const count = (table, where = '1 = 1') => Number(sqlValue(demo.db, `SELECT COUNT(*) FROM ${table} WHERE ${where}`));

// ---- pages ------------------------------------------------------------------

const main = (html) => html.slice(html.indexOf('<main'), html.indexOf('</main>'));
const ENTITIES = { lt: '<', gt: '>', quot: '"', amp: '&', apos: "'" };
// The text a browser shows for escaped markup.
const decode = (s) => s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e) => (e[0] !== '#' ? ENTITIES[e] ?? m
  : String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)))));
const text = (html) => decode(main(html).replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ');
// What a page marks as wrong: the ids of controls with aria-invalid, of
// the fields whose validation message (id="FIELD-error") is shown, and of
// the fields the error summary links to.
const marked = (html) => {
  const m = main(html);
  const summary = m.match(/<div class="ds-error-summary"[\s\S]*?<\/div>/)?.[0] ?? '';
  const ids = [...m.matchAll(/<(?:input|textarea|select)\b[^>]*\baria-invalid="true"[^>]*>/g)]
    .map((x) => (x[0].match(/\bid="([^"]*)"/) || [])[1])
    .concat([...m.matchAll(/class="ds-validation-message"[^>]*\bid="([^"]+)-error"/g)].map((x) => x[1]))
    .concat([...summary.matchAll(/href="#([^"]+)"/g)].map((x) => x[1]));
  return [...new Set(ids)].sort();
};

// The text a control shows: an input's value attribute or a textarea's
// content, decoded; undefined when the page has no such control.
function typedBack(html, id) {
  const input = html.match(new RegExp(`<input\\b[^>]*\\bid="${id}"[^>]*>`));
  if (input) {
    const v = input[0].match(/\bvalue="([^"]*)"/);
    return v ? decode(v[1]) : undefined;
  }
  const area = html.match(new RegExp(`<textarea\\b[^>]*\\bid="${id}"[^>]*>([\\s\\S]*?)</textarea>`));
  return area ? decode(area[1]) : undefined;
}

// What no page may contain: the payloads below as live markup.
function assertNoLiveMarkup(html, what) {
  assert.doesNotMatch(html, /<script>alert\(1\)/i, `${what}: a raw <script>`);
  assert.doesNotMatch(html, /<img[^>]*onerror/i, `${what}: a raw <img onerror>`);
  assert.doesNotMatch(html, /\bon[a-z]+=alert/i, `${what}: an event handler attribute`);
  assert.doesNotMatch(html, /(href|src|action|formaction)\s*=\s*["']?\s*javascript:/i, `${what}: a javascript: URL`);
}

// ---- hostile values ---------------------------------------------------------

const XSS = '<script>alert(1)</script>"><img src=x onerror=alert(1)> javascript:alert(1)';
const H = {
  bidi: `Gate\u202e1 ${XSS}`, // a right-to-left override, and markup the re-rendered form must escape
  long: 'x'.repeat(20000),
  date: '2026-02-30',
  num: '1e9',
  nul: '\u0000',
};
const CHARSET = 'Teksten har tegn vi ikke kan ta imot, for eksempel kontrolltegn eller usynlige retningstegn.';
const NAME = 'Bruk bare bokstaver, mellomrom, bindestrek, apostrof og punktum.';
const DATE = 'Datoen finnes ikke. Sjekk dag og måned.';
const CHOICE = 'Velg et av alternativene.';
const long = (max) => `Skriv høyst ${max} tegn. Du har skrevet 20000.`;
const REFUSED_BODY = 'Vi kunne ikke behandle det du sendte.';

// POSTs fields with the session's form token, as a browser does.
const post = (b, path, fields) => b.post(path, fields);
function multipart(b, path, fields, file) {
  const form = new FormData();
  form.set('csrf', b.csrf);
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  if (file) form.set('document', new Blob([file.data], { type: file.type }), file.name);
  return b.request(path, { method: 'POST', body: form, headers: { origin: demo.srv.url } });
}

// Tries a form with one hostile field at a time. `cases` maps a field to
// { kind: expected message } (kinds of H; any value for nul); `id(field)`
// names what must be the only thing marked (default f-FIELD; an array for
// forms that mark a control and a message of different ids); `status` the
// answer (default 400); `echoes: false` for a form that does not show what
// was typed again.
async function tryForm(b, { path, base, cases, id = (f) => `f-${f}`, send = post, status = 400, echoes = true }) {
  for (const [field, kinds] of Object.entries(cases)) {
    for (const [kind, message] of Object.entries(kinds)) {
      const what = `${path}: ${field} = ${kind}`;
      const r = await send(b, path, { ...base, [field]: H[kind] });
      assertNoLiveMarkup(r.text, what);
      if (kind === 'nul') {
        assert.equal(r.status, 400, what);
        assert.ok(text(r.text).includes(REFUSED_BODY), `${what}: the parser's page`);
        assert.deepEqual(marked(r.text), [], `${what}: no handler ran`);
        continue;
      }
      assert.equal(r.status, status, `${what}: ${r.text.match(/<title>[^<]*/)?.[0]}`);
      assert.deepEqual(marked(r.text), [id(field)].flat().sort(), `${what}: only this field is marked`);
      assert.ok(text(r.text).includes(message), `${what}: "${message}" in ${text(r.text).slice(0, 600)}`);
      if (kind === 'bidi' && echoes) {
        // What was typed comes back whole in its control, so no quote in it
        // ended the attribute early.
        const back = [id(field)].flat().map((x) => typedBack(r.text, x)).filter((v) => v !== undefined);
        assert.ok(back.length > 0, `${what}: the form shows what was typed`);
        for (const v of back) assert.equal(v, H.bidi, `${what}: what was typed comes back whole`);
      }
    }
  }
}

// ---- the people -------------------------------------------------------------

let world; // ids and sessions shared by the tests below
async function setup() {
  if (world) return world;
  const elisabeth = await citizen(ELISABETH);
  await elisabeth.get('/access/grant');
  const grant = await elisabeth.post('/access/grant', { nin: BJORN, family_name: 'Johansen', kind: 'full', valid_until: '', confirm: '1' });
  assert.equal(grant.status, 303, 'Elisabeth gives Bjørn full access');
  const meds = (await elisabeth.get('/health/medications')).text;
  const furosemid = meds.match(/href="\/health\/medications\/(\d+)">Furosemid 40 mg</)[1];
  world = { elisabeth, furosemid, pid: personId(demo.db, ELISABETH) };
  return world;
}

// Bjørn, acting for Elisabeth.
async function representative() {
  const b = await citizen(BJORN);
  const person = (await b.get('/access')).text.match(/Elisabeth Johansen<\/h3>[\s\S]*?name="person" value="(\d+)"/)[1];
  assert.equal((await b.post('/access/act', { person })).status, 303);
  assert.match((await b.get('/')).text, /Du ser journalen til <strong>Elisabeth Johansen<\/strong>/);
  return b;
}

// Asserts that a reader's page shows `stored` as text (escaped markup that
// reads as the payload) and nothing of it as live markup.
function assertShown(res, stored, who) {
  assert.equal(res.status, 200, `${who}: status`);
  assertNoLiveMarkup(res.text, who);
  assert.ok(decode(main(res.text)).includes(stored), `${who}: shows "${stored.slice(0, 24)}…" as text`);
}

// ---- per area: one hostile field per request, then markup read back ------------

test('settings (S1): one hostile field per request gets its message; the stored street and note are shown escaped', async () => {
  const { elisabeth: b, pid } = await setup();
  await b.get('/settings/personal');
  const base = {
    street: `Storgata 1 ${XSS}`, postcode: '7011', city: 'Trondheim', email: 'elisabeth@eksempel.no',
    phone: '93456789', language: 'pl', interpreter: 'on', note: `Hører dårlig. ${XSS}`,
  };
  await tryForm(b, {
    path: '/settings/personal', base,
    cases: {
      street: { bidi: CHARSET, long: long(100), nul: 1 },
      postcode: { num: 'Postnummeret må ha 4 sifre', nul: 1 },
      city: { bidi: NAME, long: long(50), nul: 1 },
      email: { num: 'Skriv en gyldig e-postadresse', bidi: 'Skriv en gyldig e-postadresse', nul: 1 },
      phone: { num: 'Skriv et norsk telefonnummer med 8 sifre', nul: 1 },
      language: { num: CHOICE, nul: 1 },
      interpreter: { num: 'Avkrysningsboksen har en ugyldig verdi', nul: 1 },
      note: { bidi: CHARSET, long: long(1000), nul: 1 },
    },
  });
  const stored = () => sql(demo.db, `SELECT (SELECT street FROM contact_details WHERE person_id = ${pid}),`
    + ` (SELECT note FROM about_me WHERE person_id = ${pid})`)[0];
  assert.deepEqual(stored(), ['', ''], 'nothing was stored');
  assert.equal((await post(b, '/settings/personal', base)).status, 303, 'the baseline is accepted');
  assert.deepEqual(stored(), [base.street, base.note]);

  // Its readers: the citizen. Not a representative (settings are one's own), not staff.
  const page = await b.get('/settings/personal');
  assertShown(page, base.street, 'the citizen: street');
  assertShown(page, base.note, 'the citizen: note');
  assert.equal(typedBack(page.text, 'f-street'), base.street, 'the street\'s value attribute holds it whole');
  assert.equal(typedBack(page.text, 'f-note'), base.note);
  const rep = await representative();
  const theirs = await rep.get('/settings/personal');
  assert.equal(theirs.status, 403, 'a representative never opens the settings');
  assert.ok(!decode(theirs.text).includes('Hører dårlig'));
  for (const path of [`/staff/patients/${pid}`, `/staff/patients/${pid}/summary`]) {
    const r = await (await staff(INGRID)).get(path);
    assert.equal(r.status, 200, path);
    assertNoLiveMarkup(r.text, path);
    assert.ok(!decode(r.text).includes('Storgata 1'), `${path}: staff are not shown the citizen's own contact details`);
  }
});

const DATE_FORMAT = 'Skriv datoen slik: åååå-mm-dd';
const CHECKBOX = 'Avkrysningsboksen har en ugyldig verdi';

test('medications (H1): comments, the renewal message, the answer and a prescription; hostile fields get their message; the markup reads as text to the citizen, the representative and the clinician', async () => {
  const { elisabeth: b, furosemid, pid } = await setup();
  const med = `/health/medications/${furosemid}`;
  await b.get(med);
  const rows = () => [count('medication_comment'), count('medication_renewal'), count('medication')];
  const before = rows();
  const comment = { body: `Tar den om morgenen. ${XSS}` };
  const renewal = { message: `Har en uke igjen. ${XSS}` };
  await tryForm(b, { path: `${med}/comments`, base: comment, cases: { body: { bidi: CHARSET, long: long(1000), nul: 1 } } });
  await tryForm(b, { path: `${med}/renewal`, base: renewal, cases: { message: { bidi: CHARSET, long: long(500), nul: 1 } } });
  const ahmed = await staff(AHMED);
  const chart = `/staff/patients/${pid}/medications`;
  await ahmed.get(chart);
  const prescription = { name: `Testin ${XSS}`, strength: '5 mg', dosage: `1 tablett ${XSS}`, start_date: '2026-11-22', end_date: '2027-11-21' };
  await tryForm(ahmed, {
    path: chart, base: prescription,
    cases: {
      name: { bidi: CHARSET, long: long(100), nul: 1 },
      strength: { bidi: CHARSET, long: long(50), nul: 1 },
      dosage: { bidi: CHARSET, long: long(200), nul: 1 },
      start_date: { date: DATE, num: DATE_FORMAT, nul: 1 },
      end_date: { date: DATE, num: DATE_FORMAT, nul: 1 },
      hidden: { num: CHECKBOX, nul: 1 },
    },
  });
  assert.deepEqual(rows(), before, 'nothing was stored');
  assert.equal((await post(b, `${med}/comments`, comment)).status, 303);
  assert.equal((await post(b, `${med}/renewal`, renewal)).status, 303);
  assert.equal((await post(ahmed, chart, prescription)).status, 303);
  assert.deepEqual(rows(), before.map((n) => n + 1), 'each baseline was stored once');

  // The representative writes a comment too.
  const rep = await representative();
  const repComment = `Bjørn her. ${XSS}`;
  await rep.get(med);
  assert.equal((await post(rep, `${med}/comments`, { body: repComment })).status, 303);

  // The clinician's queue item: the message and the comments; then the answer, hostile first.
  const item = `/staff/queues/renewals/${(await ahmed.get('/staff/queues/renewals')).text.match(/href="\/staff\/queues\/renewals\/(\d+)">Elisabeth Johansen</)[1]}`;
  const open = await ahmed.get(item);
  for (const s of [renewal.message, comment.body, repComment]) assertShown(open, s, `the clinician's queue item: ${s.slice(0, 12)}`);
  const answer = { decision: 'decline', end_date: '', answer: `Bestill time først. ${XSS}` };
  await tryForm(ahmed, {
    path: `${item}/answer`, base: answer,
    cases: { decision: { num: CHOICE, nul: 1 }, end_date: { date: DATE, nul: 1 }, answer: { bidi: CHARSET, long: long(1000), nul: 1 } },
  });
  assert.equal(sqlValue(demo.db, `SELECT COUNT(*) FROM medication_renewal WHERE answered_at IS NOT NULL AND medication_id = ${furosemid}`), '0');
  assert.equal((await post(ahmed, `${item}/answer`, answer)).status, 303);
  assertShown(await ahmed.get(item), answer.answer, 'the clinician: the answer');

  const chartPage = await ahmed.get(chart);
  for (const s of [comment.body, repComment, prescription.name, prescription.dosage]) assertShown(chartPage, s, `the chart: ${s.slice(0, 12)}`);
  for (const [who, reader] of [['the citizen', b], ['the representative', rep]]) {
    const page = await reader.get(med);
    for (const s of [comment.body, repComment, renewal.message, answer.answer]) assertShown(page, s, `${who}: ${s.slice(0, 12)}`);
    const list = await reader.get('/health/medications');
    assertShown(list, prescription.name, `${who}: the list`);
    const id = list.text.match(/href="\/health\/medications\/(\d+)">Testin /)[1];
    const prescribed = await reader.get(`/health/medications/${id}`);
    for (const s of [prescription.name, prescription.dosage]) assertShown(prescribed, s, `${who}: the prescription`);
  }
});

test('allergies and health issues (H3, H5): the citizen\'s request, the decline reason, the clinician\'s entries; hostile fields get their message; the markup reads as text to every reader', async () => {
  const { elisabeth: b, pid } = await setup();
  await b.get('/health/allergies/requests');
  const requests = () => count('allergy_request');
  const before = requests();
  const request = { substance: `Nøtter ${XSS}`, reaction: `Kløe ${XSS}`, note: `Etter middag. ${XSS}` };
  await tryForm(b, {
    path: '/health/allergies/requests', base: request,
    cases: {
      substance: { bidi: CHARSET, long: long(100), nul: 1 },
      reaction: { bidi: CHARSET, long: long(200), nul: 1 },
      note: { bidi: CHARSET, long: long(1000), nul: 1 },
    },
  });
  assert.equal(requests(), before, 'nothing was stored');
  assert.equal((await post(b, '/health/allergies/requests', request)).status, 303);
  assert.equal(requests(), before + 1);

  // The GP office's queue: what the citizen wrote, then a decline with a reason.
  const ingrid = await staff(INGRID);
  const queue = await ingrid.get('/staff/queues/allergies');
  assertNoLiveMarkup(queue.text, 'the queue');
  const item = `/staff/queues/allergies/${queue.text.match(/href="\/staff\/queues\/allergies\/(\d+)">Elisabeth Johansen/)[1]}`;
  const open = await ingrid.get(item);
  for (const s of Object.values(request)) assertShown(open, s, `the clinician: ${s.slice(0, 8)}`);
  const decline = { reason: `Dette er ikke en allergi. ${XSS}` };
  await tryForm(ingrid, { path: `${item}/decline`, base: decline, cases: { reason: { bidi: CHARSET, long: long(500), nul: 1 } } });
  assert.equal(count('allergy_request', `patient_id = ${pid} AND decline_reason IS NOT NULL`), 0);
  assert.equal((await post(ingrid, `${item}/decline`, decline)).status, 303);
  assertShown(await ingrid.get(item), decline.reason, 'the clinician: the reason');

  // The clinician's own entries on the chart.
  const summary = `/staff/patients/${pid}/summary`;
  await ingrid.get(summary);
  const entries = () => [count('allergy', `patient_id = ${pid}`), count('health_issue', `patient_id = ${pid}`)];
  const had = entries();
  const allergy = { substance: `Latex ${XSS}`, reaction: `Utslett ${XSS}`, severity: 'mild' };
  await tryForm(ingrid, {
    path: `${summary}/allergies`, base: allergy,
    cases: {
      substance: { bidi: CHARSET, long: long(100), nul: 1 },
      reaction: { bidi: CHARSET, long: long(200), nul: 1 },
      severity: { num: CHOICE, nul: 1 },
      allergy_hidden: { num: CHECKBOX, nul: 1 },
    },
  });
  const issue = { diagnosis: `Migrene ${XSS}`, icd10: 'G43.9', since: '2020-01-01', chronic: 'on' };
  await tryForm(ingrid, {
    path: `${summary}/issues`, base: issue,
    cases: {
      diagnosis: { bidi: CHARSET, long: long(200), nul: 1 },
      icd10: { num: 'Skriv en ICD-10-kode som E11 eller E11.9', nul: 1 },
      since: { date: DATE, num: DATE_FORMAT, nul: 1 },
      chronic: { num: CHECKBOX, nul: 1 },
    },
  });
  assert.deepEqual(entries(), had, 'nothing was stored');
  assert.equal((await post(ingrid, `${summary}/allergies`, allergy)).status, 303);
  assert.equal((await post(ingrid, `${summary}/issues`, issue)).status, 303);
  assert.deepEqual(entries(), had.map((n) => n + 1));

  const chart = await ingrid.get(summary);
  for (const s of [allergy.substance, allergy.reaction, issue.diagnosis]) assertShown(chart, s, `the chart: ${s.slice(0, 8)}`);
  const rep = await representative();
  for (const [who, reader] of [['the citizen', b], ['the representative', rep]]) {
    const page = await reader.get('/health/summary');
    // The request's note is for the clinician; the rest is the citizen's to read.
    for (const s of [request.substance, request.reaction, decline.reason, allergy.substance, allergy.reaction, issue.diagnosis])
      assertShown(page, s, `${who}: ${s.slice(0, 8)}`);
  }
});

test('visits, notes, stays, referrals, care team (P7, P8, C1): hostile fields get their message; the summary, place, shared note and pathway read as text to every reader', async () => {
  const { elisabeth: b, pid } = await setup();
  const ingrid = await staff(INGRID);
  const base = `/staff/patients/${pid}`;
  const rows = () => ['visit', 'stay', 'referral', 'care_team_member'].map((t) => count(t, `patient_id = ${pid}`));
  const had = rows();

  const visitsPage = await ingrid.get(`${base}/visits`);
  assertNoLiveMarkup(visitsPage.text, 'the visits page');
  const visit = { kind: 'consultation', visit_date: '2026-11-20', visit_time: '09:30', place: `Kontor 2 ${XSS}`,
    summary: `Samtale om søvn. ${XSS}`, note: `Utkast ${XSS}` };
  await tryForm(ingrid, {
    path: `${base}/visits`, base: visit,
    cases: {
      kind: { num: CHOICE, nul: 1 },
      visit_date: { date: DATE, num: DATE_FORMAT, nul: 1 },
      visit_time: { num: 'Skriv klokkeslettet slik: tt:mm', long: long(5), nul: 1 },
      place: { bidi: CHARSET, long: long(100), nul: 1 },
      summary: { bidi: CHARSET, long: long(4000), nul: 1 },
      note: { bidi: CHARSET, long: long(8000), nul: 1 },
      hidden: { num: CHECKBOX, nul: 1 },
    },
  });
  const stays = await ingrid.get(`${base}/stays`);
  const stay = { unit: stays.text.match(/<option value="(\d+)">Havstad/)[1], kind: 'respite', from_date: '2026-12-01', to_date: '2026-12-10' };
  await tryForm(ingrid, {
    path: `${base}/stays`, base: stay,
    cases: {
      unit: { num: CHOICE, nul: 1 }, kind: { num: CHOICE, nul: 1 },
      from_date: { date: DATE, num: DATE_FORMAT, nul: 1 }, to_date: { date: DATE, num: DATE_FORMAT, nul: 1 },
    },
  });
  const refs = await ingrid.get(`${base}/referrals`);
  const referral = { to_unit: refs.text.match(/<option value="(\d+)">St\. Olavs/)[1], sent_on: '2026-11-20', pathway: `Utredning ${XSS}` };
  await tryForm(ingrid, {
    path: `${base}/referrals`, base: referral,
    cases: {
      to_unit: { num: CHOICE, nul: 1 }, sent_on: { date: DATE, num: DATE_FORMAT, nul: 1 },
      pathway: { bidi: CHARSET, long: long(120), nul: 1 },
    },
  });
  const team = await ingrid.get(`${base}/care-team`);
  const member = { member: team.text.match(/<option value="(\d+-\d+)">Lars Moe/)[1], role: 'follow_up', since: '2026-01-01' };
  await tryForm(ingrid, {
    path: `${base}/care-team`, base: member,
    cases: {
      member: { num: 'Velg en behandler ved en av pasientens enheter.', nul: 1 },
      role: { num: CHOICE, nul: 1 }, since: { date: DATE, num: DATE_FORMAT, nul: 1 },
    },
  });
  assert.deepEqual(rows(), had, 'nothing was stored');
  for (const [path, fields] of [['visits', visit], ['stays', stay], ['referrals', referral], ['care-team', member]])
    assert.equal((await post(ingrid, `${base}/${path}`, fields)).status, 303, path);
  assert.deepEqual(rows(), had.map((n) => n + 1), 'each baseline was stored once');

  // The note: drafted with the visit, shared through its own form (hostile first).
  const vid = sqlValue(demo.db, `SELECT id FROM visit WHERE patient_id = ${pid} AND visit_date = '2026-11-20' AND kind = 'consultation'`);
  const noteForm = `${base}/visits/${vid}/note`;
  await ingrid.get(`${base}/visits`);
  const note = { text: `Delt notat. ${XSS}`, action: 'share' };
  await tryForm(ingrid, {
    path: noteForm, base: note,
    // action comes from the form's two buttons: its message shows by the note
    id: (f) => (f === 'action' ? ['f-action', 'f-text'] : `f-${f}`),
    cases: { text: { bidi: CHARSET, long: long(8000), nul: 1 }, action: { num: CHOICE, nul: 1 } },
  });
  assert.equal(sqlValue(demo.db, `SELECT note_status FROM visit WHERE id = ${vid}`), 'draft');
  assert.equal((await post(ingrid, noteForm, note)).status, 303);
  assert.equal(sqlValue(demo.db, `SELECT note_status FROM visit WHERE id = ${vid}`), 'shared');

  const chartVisits = await ingrid.get(`${base}/visits`);
  for (const s of [visit.place, visit.summary, note.text]) assertShown(chartVisits, s, `the clinician: ${s.slice(0, 8)}`);
  assertShown(await ingrid.get(`${base}/referrals`), referral.pathway, 'the clinician: the pathway');
  const rep = await representative();
  for (const [who, reader] of [['the citizen', b], ['the representative', rep]]) {
    const list = await reader.get('/visits');
    assertShown(list, referral.pathway, `${who}: the pathway`);
    const one = await reader.get(`/visits/${vid}`);
    for (const s of [visit.place, visit.summary, note.text]) assertShown(one, s, `${who}: ${s.slice(0, 8)}`);
    assert.ok(!decode(one.text).includes('Utkast'), `${who}: never the draft`);
  }
});

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

test('capacity, powers of attorney, emergency access (R4, R1, W2): hostile fields get their message; the statement and the refusal reason read as text to their readers; an emergency reason is kept and never shown', async () => {
  // Bjørn applies for his mother Astrid, as himself.
  const bjorn = await citizen(BJORN);
  await bjorn.get('/access/choose');
  await bjorn.post('/access/act', { person: '0' });
  await bjorn.get('/access/capacity');
  const astrid = personId(demo.db, ASTRID);
  const applications = () => count('capacity_application', `person_id = ${astrid}`);
  const had = applications();
  const application = { nin: ASTRID, family_name: 'Johansen', relation: 'child', statement: `Mor har demens. ${XSS}` };
  const send = (b, path, fields) => multipart(b, path, fields, { name: 'legeerklaring.pdf', type: 'application/pdf', data: PDF });
  await tryForm(bjorn, {
    path: '/access/capacity', base: application, send,
    id: (f) => ({ family_name: ['family', 'family_name'] }[f] ?? f),
    cases: {
      nin: { num: 'Fødselsnummeret er ikke gyldig. Sjekk de 11 sifrene.', nul: 1 },
      family_name: { bidi: 'Skriv etternavnet til personen du søker om tilgang til.', long: 'Skriv etternavnet til personen du søker om tilgang til.', nul: 1 },
      relation: { num: 'Velg hvordan du er i familie med personen.', nul: 1 },
      statement: { bidi: 'Skriv hvorfor du søker, høyst 2000 tegn.', long: 'Skriv hvorfor du søker, høyst 2000 tegn.', nul: 1 },
    },
  });
  assert.equal(applications(), had, 'nothing was stored');
  assert.equal((await send(bjorn, '/access/capacity', application)).status, 303);
  assert.equal(applications(), had + 1);

  // Ahmed (Havstad, Astrid's care home) reviews: the statement; a refusal with a reason.
  const ahmed = await staff(AHMED);
  const id = sqlValue(demo.db, `SELECT id FROM capacity_application WHERE person_id = ${astrid} AND status = 'pending'`);
  const review = `/staff/representation/${id}`;
  assertShown(await ahmed.get(review), application.statement, 'the reviewer: the statement');
  assert.equal((await ahmed.post(`${review}/take`)).status, 303);
  const refusal = { decision: 'refuse', reason: `Legeerklæringen mangler. ${XSS}` };
  // The decision form shows one alert, at no single field, and an empty
  // reason box again (the reviewer retypes the reason: a gap reported to the lead).
  await tryForm(ahmed, {
    path: `${review}/decide`, base: refusal, id: () => [], echoes: false,
    cases: { reason: { bidi: 'Skriv en begrunnelse', long: 'Skriv en begrunnelse', nul: 1 } },
  });
  assert.equal(sqlValue(demo.db, `SELECT status FROM capacity_application WHERE id = ${id}`), 'taken');
  assert.equal((await post(ahmed, `${review}/decide`, refusal)).status, 303);
  assertShown(await ahmed.get(review), refusal.reason, 'the reviewer: the reason');
  assertShown(await bjorn.get('/access'), refusal.reason, 'the applicant: the reason');

  // A power of attorney from Marius to Silje.
  const marius = await citizen(MARIUS);
  await marius.get('/access/grant');
  const grant = { nin: '03898849863', family_name: 'Berg', kind: 'health_read', valid_until: '', confirm: '1' };
  await tryForm(marius, {
    path: '/access/grant', base: grant,
    id: (f) => ({ nin: 'nin', family_name: ['family', 'family_name'], valid_until: ['until', 'valid_until'], kind: 'kind-full' }[f]),
    cases: {
      nin: { num: 'Fødselsnummeret er ikke gyldig. Sjekk de 11 sifrene.', nul: 1 },
      family_name: { bidi: 'Skriv etternavnet til personen som skal få tilgang.', nul: 1 },
      kind: { num: 'Velg hva slags tilgang personen skal få.', nul: 1 },
      valid_until: { date: 'Skriv en dato i dag eller senere, eller la feltet stå tomt.', nul: 1 },
    },
  });
  const mp = personId(demo.db, MARIUS);
  assert.equal(count('representation', `represented_id = ${mp}`), 0, 'nothing was granted');
  assert.equal((await post(marius, '/access/grant', grant)).status, 303);
  assert.equal(count('representation', `represented_id = ${mp}`), 1);

  // Emergency access to Elisabeth by a hospital physician: the reason is kept, never shown.
  const { elisabeth, pid } = await setup();
  const eirik = await staff('05927049955');
  await eirik.get('/staff/emergency');
  const emergency = { nin: ELISABETH, reason: `Bevisstløs i mottak. ${XSS}` };
  await tryForm(eirik, {
    path: '/staff/emergency', base: emergency, id: (f) => f,
    cases: {
      nin: { num: 'Skriv et gyldig fødselsnummer med 11 siffer.', nul: 1 },
      // (a bidi override in the reason: the todo test below)
      reason: { long: 'Skriv en begrunnelse på mellom 10 og 500 tegn.', nul: 1 },
    },
  });
  assert.equal(count('emergency_access', `patient_id = ${pid}`), 0, 'nothing was declared');
  const declared = await post(eirik, '/staff/emergency', emergency);
  assert.equal(declared.status, 303);
  assert.equal(sqlValue(demo.db, `SELECT reason FROM emergency_access WHERE patient_id = ${pid}`), emergency.reason, 'kept as written');
  const rep = await representative();
  for (const [who, page] of [['the chart', await eirik.get(declared.location)], ['the citizen\'s access log', await elisabeth.get('/documents/access-log')],
    ['the representative\'s view of the log', await rep.get('/documents/access-log')]]) {
    assert.equal(page.status, 200, who);
    assertNoLiveMarkup(page.text, who);
    assert.ok(!decode(page.text).includes('Bevisstløs'), `${who}: never the reason`);
  }
});

// Found by this file: chart_emergency checked the reason's length only, so
// control characters and bidi overrides were kept in the emergency_access row
// and the access log's reason.
test('an emergency reason with a bidi override is refused like any free text', async () => {
  const eirik = await staff('05927049955');
  await eirik.get('/staff/emergency');
  const r = await post(eirik, '/staff/emergency', { nin: ASTRID, reason: H.bidi });
  assertNoLiveMarkup(r.text, 'the emergency form');
  assert.equal(r.status, 400);
  assert.ok(text(r.text).includes('Skriv en begrunnelse'), text(r.text).slice(0, 300));
  assert.equal(count('emergency_access', `patient_id = ${personId(demo.db, ASTRID)}`), 0);
});
