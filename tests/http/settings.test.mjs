// settings.test.mjs — personal settings (S1–S4) over real HTTP, logged in
// through TestID: every validation error answered 400 with messages in nb
// and en, changes kept after logout and a new login, anonymous visitors
// refused, other people's settings out of reach, and CSRF refusals that
// change nothing. The PostgreSQL database may be shared between runs, so
// every test sets the state it then checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { client } from '../lib/server.mjs';
import { demoServer } from '../lib/demo.mjs';
import { loginAs } from '../lib/session.mjs';

const MARIUS = '12848649994';
const SILJE = '03898849863';

const demo = demoServer({ args: [] });

// POSTs fields given as [name, value] pairs (repeated names allowed) with
// the session's form token, like a browser submitting a form.
function submit(b, path, pairs, { csrf = b.csrf, headers = {} } = {}) {
  const body = new URLSearchParams(csrf === null ? pairs : [['csrf', csrf], ...pairs]);
  return b.request(path, {
    method: 'POST', body,
    headers: { origin: demo.srv.url, 'content-type': 'application/x-www-form-urlencoded', ...headers },
  });
}

const main = (html) => html.match(/<main[\s\S]*<\/main>/)[0];
const valueOf = (html, id) => {
  const m = html.match(new RegExp(`<input[^>]*id="${id}"[^>]*>`));
  return m && (m[0].match(/value="([^"]*)"/) || [])[1];
};
const checked = (html, id) => new RegExp(`<input[^>]*id="${id}"[^>]*\\bchecked\\b`).test(html);

async function logoutAndBackIn(b, nin) {
  const out = await b.post('/logout');
  assert.equal(out.status, 303);
  assert.equal((await b.get('/settings/personal')).status, 401);
  return loginAs(demo.srv, nin);
}

const PERSONAL_OK = [
  ['street', 'Kongens gate 1'], ['postcode', '7011'], ['city', 'Trondheim'],
  ['email', 'marius.berg@eksempel.no'], ['phone', '+47 934 56 789'],
  ['language', 'pl'], ['interpreter', 'on'], ['note', 'Jeg hører dårlig på venstre øre.'],
];

test('anonymous visitors get 401 on every settings page and the access log', async () => {
  const get = client(demo.srv.url);
  for (const p of ['/settings/personal', '/settings/notifications', '/settings/shortcuts', '/settings/language',
    '/documents/access-log']) {
    assert.equal((await get(p)).status, 401, p);
  }
  // A POST without a session is refused before any handler runs.
  for (const p of ['/settings/personal', '/settings/notifications', '/settings/shortcuts', '/settings/language']) {
    const r = await get(p, { method: 'POST', body: 'email=a%40b.no', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.ok(r.status === 401 || r.status === 403, `${p}: ${r.status}`);
  }
});

test('personal information: the form, the register address beside it, and a saved change', async () => {
  const b = await loginAs(demo.srv, MARIUS);
  const page = await b.get('/settings/personal');
  assert.equal(page.status, 200);
  const html = main(page.text);
  assert.match(html, /Nedre Bakklandet 21, 7014 Trondheim/, 'the register address is shown');
  assert.match(html, /<input type="hidden" name="csrf" value="[^"]+">/);
  const r = await submit(b, '/settings/personal', PERSONAL_OK);
  assert.equal(r.status, 303);
  assert.equal(r.location, '/settings/personal?saved=1');
  const after = await b.get(r.location);
  assert.equal(after.status, 200);
  assert.match(after.text, /Endringene er lagret/);
  assert.equal(valueOf(after.text, 'f-street'), 'Kongens gate 1');
  assert.equal(valueOf(after.text, 'f-email'), 'marius.berg@eksempel.no');
  assert.equal(valueOf(after.text, 'f-phone'), '934 56 789');
  assert.ok(checked(after.text, 'f-interpreter'));
  assert.match(after.text, /<option value="pl" selected>/);
  assert.match(after.text, /Jeg hører dårlig på venstre øre\./);

  // Kept after logout and a new login.
  const again = await logoutAndBackIn(b, MARIUS);
  const kept = await again.get('/settings/personal');
  assert.equal(valueOf(kept.text, 'f-city'), 'Trondheim');
  assert.equal(valueOf(kept.text, 'f-phone'), '934 56 789');
});

const BAD_PERSONAL = [
  ['street', 'Kongens gate 1'], ['postcode', '70a'], ['city', 'R2D2'], ['email', 'marius@'],
  ['phone', '123'], ['language', 'xx'], ['interpreter', 'maybe'], ['note', 'ø'.repeat(1001)],
];

test('every validation error is answered 400, in bokmål and in English, and what was typed comes back', async () => {
  const b = await loginAs(demo.srv, MARIUS);
  await b.get('/settings/personal');
  const nb = await submit(b, '/settings/personal', BAD_PERSONAL);
  assert.equal(nb.status, 400);
  assert.match(nb.text, /<title>Feil: Personlige opplysninger/);
  const html = main(nb.text);
  assert.match(html, /class="ds-error-summary"[^>]*tabindex="-1"/);
  for (const [id, text] of [
    ['f-postcode', 'Postnummeret må ha 4 sifre'],
    ['f-city', 'Bruk bare bokstaver'],
    ['f-email', 'Skriv en gyldig e-postadresse'],
    ['f-phone', 'Skriv et norsk telefonnummer med 8 sifre'],
    ['f-language', 'Velg et av alternativene'],
    ['f-interpreter', 'Avkrysningsboksen har en ugyldig verdi'],
    ['f-note', 'Skriv høyst 1000 tegn. Du har skrevet 1001.'],
  ]) {
    assert.match(html, new RegExp(`href="#${id}"`), `summary links to ${id}`);
    assert.match(html, new RegExp(`id="${id}-error">${text}`), `message under ${id}`);
    assert.match(html, new RegExp(`id="${id}"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="${id}"`), `${id} is invalid`);
  }
  assert.equal(valueOf(nb.text, 'f-postcode'), '70a');
  assert.equal(valueOf(nb.text, 'f-email'), 'marius@');

  // The same in English, from the language cookie.
  b.cookies.set('lang', 'en');
  const en = await submit(b, '/settings/personal', BAD_PERSONAL);
  assert.equal(en.status, 400);
  assert.match(en.text, /<html lang="en"/);
  for (const text of ['The postcode must have 4 digits', 'Use only letters', 'Enter a valid e-mail address',
    'Enter a Norwegian phone number with 8 digits', 'Choose one of the options', 'The checkbox has an invalid value',
    'Use at most 1000 characters. You have written 1001.']) {
    assert.ok(en.text.includes(text), text);
  }
  b.cookies.delete('lang');

  // A partial address: the missing parts are named.
  const partial = await submit(b, '/settings/personal', [['street', 'Kongens gate 1']]);
  assert.equal(partial.status, 400);
  assert.match(partial.text, /id="f-postcode-error">Fyll ut hele adressen/);
  assert.match(partial.text, /id="f-city-error">Fyll ut hele adressen/);

  // Hostile input: control characters and bidi overrides, a field sent twice.
  const hostile = await submit(b, '/settings/personal', [['street', 'Gate\u202e1'], ['city', 'Oslo'], ['postcode', '0150']]);
  assert.equal(hostile.status, 400);
  assert.match(hostile.text, /id="f-street-error">Teksten har tegn vi ikke kan ta imot/);
  const twice = await submit(b, '/settings/personal', [['email', 'a@b.no'], ['email', 'c@d.no']]);
  assert.equal(twice.status, 400);
  assert.match(twice.text, /id="f-email-error">Feltet ble sendt mer enn én gang/);

  // Nothing of it was stored.
  const page = await b.get('/settings/personal');
  assert.notEqual(valueOf(page.text, 'f-postcode'), '70a');
  assert.notEqual(valueOf(page.text, 'f-email'), 'marius@');
});

test('an unknown field is refused, not silently used', async () => {
  const b = await loginAs(demo.srv, MARIUS);
  await b.get('/settings/personal');
  const r = await submit(b, '/settings/personal', [['email', 'marius@eksempel.no'], ['person_id', '1']]);
  assert.equal(r.status, 400);
  assert.match(r.text, /Skjemaet inneholdt et felt vi ikke kjenner/);
  // Unknown query parameters on a settings page too.
  assert.equal((await b.get('/settings/personal?person=2')).status, 400);
  assert.equal((await b.get('/settings/personal?saved=maybe')).status, 400);
});

test('notifications: SMS needs a phone number; choices are kept after a new login', async () => {
  const b = await loginAs(demo.srv, MARIUS);
  await b.get('/settings/personal');
  // No phone and no e-mail address: SMS and e-mail are refused.
  assert.equal((await submit(b, '/settings/personal', [['language', 'nb']])).status, 303);
  let page = await b.get('/settings/notifications');
  assert.equal(page.status, 200);
  assert.match(page.text, /id="needs-phone"/);
  assert.match(page.text, /id="n-test_result-sms"[^>]*disabled/);
  const refused = await submit(b, '/settings/notifications', [['notify', 'test_result:sms'], ['notify', 'letter:email']]);
  assert.equal(refused.status, 400);
  assert.match(refused.text, /id="f-notify-error">Du må legge inn mobilnummeret og e-postadressen din/);
  const smsOnly = await submit(b, '/settings/notifications', [['notify', 'test_result:sms']]);
  assert.equal(smsOnly.status, 400);
  assert.match(smsOnly.text, /Du må legge inn mobilnummeret ditt/);
  assert.match(refused.text, /href="#f-notify"/);
  b.cookies.set('lang', 'en');
  const en = await submit(b, '/settings/notifications', [['notify', 'test_result:sms']]);
  assert.equal(en.status, 400);
  assert.match(en.text, /Add your mobile number under Personal information/);
  b.cookies.delete('lang');
  const bogus = await submit(b, '/settings/notifications', [['notify', 'test_result:pigeon']]);
  assert.equal(bogus.status, 400);
  assert.match(bogus.text, /Velg et av alternativene/);

  // With a phone number SMS can be chosen.
  assert.equal((await submit(b, '/settings/personal', PERSONAL_OK)).status, 303);
  page = await b.get('/settings/notifications');
  assert.doesNotMatch(page.text, /id="needs-phone"/);
  const ok = await submit(b, '/settings/notifications', [
    ['notify', 'new_message:in_app'], ['notify', 'test_result:sms'], ['notify', 'test_result:in_app'],
    ['notify', 'letter:email'],
  ]);
  assert.equal(ok.status, 303);
  assert.equal(ok.location, '/settings/notifications?saved=1');

  const again = await logoutAndBackIn(b, MARIUS);
  page = await again.get('/settings/notifications');
  assert.ok(checked(page.text, 'n-test_result-sms'));
  assert.ok(checked(page.text, 'n-letter-email'));
  assert.ok(checked(page.text, 'n-new_message-in_app'));
  assert.ok(!checked(page.text, 'n-questionnaire-in_app'), 'unticked stays unticked');
  assert.ok(!checked(page.text, 'n-new_message-sms'));

  // Removing the phone number turns SMS off.
  await again.get('/settings/personal');
  assert.equal((await submit(again, '/settings/personal', [['email', 'marius.berg@eksempel.no']])).status, 303);
  page = await again.get('/settings/notifications');
  assert.ok(!checked(page.text, 'n-test_result-sms'));
  assert.ok(checked(page.text, 'n-letter-email'));
});

test('shortcuts: choose, order without JavaScript, too many refused, kept after a new login', async () => {
  const b = await loginAs(demo.srv, MARIUS);
  let page = await b.get('/settings/shortcuts');
  assert.equal(page.status, 200);
  const set = (keys, extra = []) => submit(b, '/settings/shortcuts', [
    ...['health_summary', 'medications', 'results', 'vaccines', 'visits', 'questionnaires', 'care_team',
      'access_log', 'access'].map((k) => ['order', k]),
    ...keys.map((k) => ['show', k]), ...extra]);
  // Order follows the hidden order fields: put results first, then care team, then vaccines.
  let r = await submit(b, '/settings/shortcuts', [
    ['order', 'results'], ['order', 'care_team'], ['order', 'vaccines'], ['order', 'visits'],
    ['show', 'vaccines'], ['show', 'care_team'], ['show', 'results'],
  ]);
  assert.equal(r.status, 303);
  page = await b.get('/settings/shortcuts');
  const order = () => [...page.text.matchAll(/name="show" value="([a-z_]+)" checked/g)].map((m) => m[1]);
  assert.deepEqual(order(), ['results', 'care_team', 'vaccines']);
  // "Move up" on vaccines: a submit button, no script.
  assert.match(page.text, /<button[^>]*name="up" value="vaccines"/);
  r = await submit(b, '/settings/shortcuts', [
    ['order', 'results'], ['order', 'care_team'], ['order', 'vaccines'],
    ['show', 'results'], ['show', 'care_team'], ['show', 'vaccines'], ['up', 'vaccines'],
  ]);
  assert.equal(r.status, 303);
  assert.equal(r.location, '/settings/shortcuts?saved=1#s-vaccines');
  page = await b.get('/settings/shortcuts');
  assert.deepEqual(order(), ['results', 'vaccines', 'care_team']);
  r = await submit(b, '/settings/shortcuts', [
    ['order', 'results'], ['order', 'vaccines'], ['order', 'care_team'],
    ['show', 'results'], ['show', 'vaccines'], ['show', 'care_team'], ['down', 'results'],
  ]);
  page = await b.get('/settings/shortcuts');
  assert.deepEqual(order(), ['vaccines', 'results', 'care_team']);

  // Seven is too many: 400 in both languages, nothing changed.
  const seven = ['vaccines', 'results', 'care_team', 'visits', 'access', 'access_log', 'questionnaires'];
  r = await set(seven);
  assert.equal(r.status, 400);
  assert.match(r.text, /id="f-show-error">Velg høyst 6\./);
  assert.match(r.text, /href="#f-show"/);
  b.cookies.set('lang', 'en');
  r = await set(seven);
  assert.equal(r.status, 400);
  assert.match(r.text, /Choose at most 6\./);
  b.cookies.delete('lang');
  r = await set(['vaccines', 'nowhere']);
  assert.equal(r.status, 400);

  const again = await logoutAndBackIn(b, MARIUS);
  page = await again.get('/settings/shortcuts');
  assert.deepEqual(order(), ['vaccines', 'results', 'care_team']);
  // The home page shows them (once the lead's home page reads them).
  const home = await again.get('/');
  assert.equal(home.status, 200);
});

test('language: the cookie takes effect at once, outlives the session, and the account keeps it', async () => {
  const b = await loginAs(demo.srv, MARIUS);
  await b.get('/settings/language');
  const bad = await submit(b, '/settings/language', [['language', 'sv']]);
  assert.equal(bad.status, 400);
  assert.match(bad.text, /Velg et av alternativene/);
  const none = await submit(b, '/settings/language', []);
  assert.equal(none.status, 400);
  assert.match(none.text, /Dette må fylles ut/);

  const r = await submit(b, '/settings/language', [['language', 'en']]);
  assert.equal(r.status, 303);
  const cookie = r.headers.getSetCookie().find((c) => c.startsWith('lang='));
  assert.match(cookie, /^lang=en; Path=\/; Max-Age=31536000; SameSite=Lax/);
  const page = await b.get(r.location);
  assert.match(page.text, /<html lang="en"/);
  assert.match(page.text, /Your changes have been saved/);
  assert.match(page.text, /id="f-language-en"[^>]*checked/);

  // After logout the cookie still chooses English.
  await b.post('/logout');
  const start = await b.get('/');
  assert.match(start.text, /<html lang="en"/);
  // A new browser (no cookie) logs in: the account remembers English.
  const other = await loginAs(demo.srv, MARIUS);
  const lang = await other.get('/settings/language');
  assert.match(lang.text, /id="f-language-en"[^>]*checked/);
  // Back to bokmål for the other tests.
  assert.equal((await submit(other, '/settings/language', [['language', 'nb']])).status, 303);
});

test('CSRF: no token, a wrong token or a foreign origin is 403 and changes nothing', async () => {
  const b = await loginAs(demo.srv, MARIUS);
  await b.get('/settings/personal');
  assert.equal((await submit(b, '/settings/personal', PERSONAL_OK)).status, 303);
  const evil = [['street', 'Evil street 1'], ['postcode', '6666'], ['city', 'Evil'], ['email', 'evil@evil.example']];
  assert.equal((await submit(b, '/settings/personal', evil, { csrf: null })).status, 403);
  assert.equal((await submit(b, '/settings/personal', evil, { csrf: 'x'.repeat(43) })).status, 403);
  assert.equal((await submit(b, '/settings/personal', evil, { headers: { origin: 'https://evil.example' } })).status, 403);
  assert.equal((await submit(b, '/settings/personal', evil, { headers: { 'sec-fetch-site': 'cross-site' } })).status, 403);
  for (const [path, pairs] of [
    ['/settings/notifications', [['notify', 'letter:sms']]],
    ['/settings/shortcuts', [['show', 'access']]],
    ['/settings/language', [['language', 'en']]],
  ]) {
    assert.equal((await submit(b, path, pairs, { csrf: null })).status, 403, path);
    assert.equal((await submit(b, path, pairs, { headers: { origin: 'https://evil.example' } })).status, 403, path);
  }
  const page = await b.get('/settings/personal');
  assert.equal(valueOf(page.text, 'f-street'), 'Kongens gate 1');
  assert.equal(valueOf(page.text, 'f-email'), 'marius.berg@eksempel.no');
  const lang = await b.get('/settings/language');
  assert.match(lang.text, /<html lang="nb"/);
});

test("another person's settings are never reachable", async () => {
  const marius = await loginAs(demo.srv, MARIUS);
  await marius.get('/settings/personal');
  assert.equal((await submit(marius, '/settings/personal', PERSONAL_OK)).status, 303);
  const silje = await loginAs(demo.srv, SILJE);
  const page = await silje.get('/settings/personal');
  assert.equal(page.status, 200);
  assert.doesNotMatch(page.text, /marius\.berg@eksempel\.no/);
  assert.doesNotMatch(page.text, /934 56 789/);
  assert.doesNotMatch(page.text, /Jeg hører dårlig/);
  // There is no way to name another person: no ids in paths, unknown fields refused.
  assert.equal((await silje.get('/settings/personal/12848649994')).status, 404);
  assert.equal((await submit(silje, '/settings/personal', [['email', 'x@y.no'], ['nin', MARIUS]])).status, 400);
  // Silje's session cookie with Marius's form token is refused.
  assert.equal((await submit(silje, '/settings/personal', [['email', 'silje@eksempel.no']], { csrf: marius.csrf })).status, 403);
  const still = await marius.get('/settings/personal');
  assert.equal(valueOf(still.text, 'f-email'), 'marius.berg@eksempel.no');
});
