// medications.test.mjs — medications (H1) end to end over HTTP: the citizen's
// list and pages, renewal requests through the prescriber's unit's queue
// (taken, renewed, declined, closed), comments shown on the chart,
// prescribing and stopping, and the authorization of every route this area
// adds: the owner, another citizen with the owner's ids, anonymous, every
// staff role, a clinician of a unit without the patient, emergency access,
// CSRF, and bad input answered 400/404/409 in nb and en, never 500 (one
// hostile field at a time, and stored markup: hostile.test.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoServer } from '../lib/demo.mjs';
import { Browser, loginAs } from '../lib/session.mjs';

const MARIUS = '12848649994';
const SILJE = '03898849863';
const INGRID = '14827549852'; // GP, Øya legesenter: Marius's Metformin
const LARS = '30868349995'; // nurse, Øya legesenter
const EIRIK = '05927049955'; // hospital: Marius's Atorvastatin
const KARI = '11907949887'; // health station: not Marius's unit
const MARTE = '19889549834'; // front desk (office)
const PER = '27816849956'; // caseworker
const SARA = '04859849860'; // support
const TOR = '09898549906'; // admin
const NOW = '2026-11-22T10:00:00Z';
const at = { headers: { 'x-helsami-now': NOW } };
const en = { headers: { 'x-helsami-now': NOW, 'accept-language': 'en' } };

const demo = demoServer({ args: [] });

const citizen = (nin, opts = at) => loginAs(demo.srv, nin, opts);
const staff = (nin, opts = at) => loginAs(demo.srv, nin, { staff: true, ...opts });
const medLinks = (html) => Object.fromEntries([...html.matchAll(/href="\/health\/medications\/(\d+)">([^<]+)</g)].map((m) => [m[2], m[1]]));
const queueLinks = (html) => [...html.matchAll(/href="\/staff\/queues\/renewals\/(\d+)">([^<]+)</g)].map((m) => ({ id: m[1], name: m[2] }));
const tooLong = (n) => 'x'.repeat(n);

let ids; // Marius's medication ids by "Name strength", and his patient id
async function mariusIds() {
  if (ids) return ids;
  const b = await citizen(MARIUS);
  const meds = medLinks((await b.get('/health/medications')).text);
  const s = await staff(INGRID);
  const hit = (await s.post('/staff/patients', { q: MARIUS })).text.match(/href="\/staff\/patients\/(\d+)">Marius Berg</);
  ids = { ...meds, patient: hit[1] };
  return ids;
}

test('the citizen sees medications in use, and the stopped ones apart', async () => {
  const b = await citizen(MARIUS);
  const r = await b.get('/health/medications');
  assert.equal(r.status, 200);
  const inUse = r.text.slice(0, r.text.indexOf('id="stopped-heading"'));
  const stopped = r.text.slice(r.text.indexOf('id="stopped-heading"'));
  assert.match(inUse, /Metformin 500 mg/);
  assert.match(inUse, /Atorvastatin 20 mg/);
  assert.match(inUse, /1 tablett morgen og kveld/);
  assert.match(inUse, /Ingrid Solberg, Øya legesenter/);
  assert.match(inUse, /12\. februar 2024/);
  assert.match(inUse, /Fornyelse sendt/, 'the seeded open request shows on Metformin');
  assert.doesNotMatch(inUse, /Ibuprofen/);
  assert.match(stopped, /<details class="ds-details">/);
  assert.match(stopped, /Ibuprofen 400 mg/);
  const e = await citizen(MARIUS, en);
  const english = await e.get('/health/medications');
  assert.match(english.text, /Renewal sent/);
  assert.match(english.text, /12 February 2024/);
  assert.match(english.text, /Stopped medicines/);
});

test('a medication page shows the request, the comments and the forms', async () => {
  const { 'Metformin 500 mg': metformin, 'Atorvastatin 20 mg': atorvastatin } = await mariusIds();
  const b = await citizen(MARIUS);
  const m = await b.get(`/health/medications/${metformin}`);
  assert.equal(m.status, 200);
  assert.match(m.text, /<h1[^>]*>Metformin 500 mg<\/h1>/);
  assert.match(m.text, /Jeg har tabletter igjen til omtrent to uker\./);
  assert.match(m.text, /ikke ferdig behandlet/);
  assert.doesNotMatch(m.text, /name="message"/, 'no second request while one is open');
  assert.match(m.text, /name="body"/);
  const a = await b.get(`/health/medications/${atorvastatin}`);
  assert.match(a.text, /vondt i musklene/);
  assert.match(a.text, /name="message"/);
  assert.match(a.text, /St\. Olavs hospital, Medisinsk klinikk/);
});

test('renewal round trip: the request reaches the prescriber\'s queue, is taken and renewed, and the citizen sees it', async () => {
  const { 'Atorvastatin 20 mg': med } = await mariusIds();
  const b = await citizen(MARIUS);
  await b.get(`/health/medications/${med}`);
  const sent = await b.post(`/health/medications/${med}/renewal`, { message: 'Har ti tabletter igjen.\nHenter på apoteket.' });
  assert.equal(sent.status, 303);
  assert.equal(sent.location, `/health/medications/${med}?sent=renewal`);
  const page = await b.get(sent.location);
  assert.match(page.text, /Forespørselen om fornyet resept er sendt\./);
  assert.match(page.text, /Fornyelse sendt/);
  assert.match(page.text, /<p class="ds-paragraph">Har ti tabletter igjen\.<\/p><p class="ds-paragraph">Henter på apoteket\.<\/p>/);
  // one open request per medication
  const twice = await b.post(`/health/medications/${med}/renewal`, { message: '' });
  assert.equal(twice.status, 409);
  assert.match(twice.text, /allerede sendt en forespørsel/);
  assert.match(twice.text, /aria-invalid="true"/);

  // the hospital's queue has it; the GP office's does not
  const eirik = await staff(EIRIK);
  const queue = await eirik.get('/staff/queues/renewals');
  assert.equal(queue.status, 200);
  const items = queueLinks(queue.text);
  assert.deepEqual(items.map((i) => i.name), ['Marius Berg']);
  assert.doesNotMatch(queue.text, /Atorvastatin|tabletter igjen/, 'the queue shows no medicine or message');
  const ingrid = await staff(INGRID);
  const gpQueue = await ingrid.get('/staff/queues/renewals');
  assert.ok(!queueLinks(gpQueue.text).some((i) => i.id === items[0].id));

  const rid = items[0].id;
  const item = await eirik.get(`/staff/queues/renewals/${rid}`);
  assert.equal(item.status, 200);
  assert.match(item.text, /Atorvastatin 20 mg/);
  assert.match(item.text, /Har ti tabletter igjen\./);
  assert.match(item.text, /vondt i musklene/, 'the patient\'s comments on this medicine');
  assert.match(item.text, /Ingen ennå/);
  const take = await eirik.post(`/staff/queues/renewals/${rid}/take`);
  assert.equal(take.status, 303);
  const taken = await eirik.get(take.location);
  assert.match(taken.text, /<dd>Deg<\/dd>/);
  assert.doesNotMatch(taken.text, /Ta forespørselen/);
  assert.match((await b.get(`/health/medications/${med}`)).text, /Fornyelse under behandling/);

  const bad = await eirik.post(`/staff/queues/renewals/${rid}/answer`, { decision: 'renew', end_date: '2027-02-30', answer: '' });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /Datoen finnes ikke/);
  const past = await eirik.post(`/staff/queues/renewals/${rid}/answer`, { decision: 'renew', end_date: '2026-11-01', answer: '' });
  assert.equal(past.status, 400);
  assert.match(past.text, /tilbake i tid/);
  const far = await eirik.post(`/staff/queues/renewals/${rid}/answer`, { decision: 'renew', end_date: '2030-01-01', answer: '' });
  assert.equal(far.status, 400);
  assert.match(far.text, /høyst to år fram/);
  const ok = await eirik.post(`/staff/queues/renewals/${rid}/answer`, { decision: 'renew', end_date: '2027-11-01', answer: 'Fornyet for ett år.' });
  assert.equal(ok.status, 303);
  assert.equal(ok.location, '/staff/queues/renewals?done=answered');
  const after = await eirik.get(ok.location);
  assert.match(after.text, /Forespørselen er besvart/);
  assert.ok(!queueLinks(after.text).some((i) => i.id === rid), 'answered requests leave the queue');
  const again = await eirik.post(`/staff/queues/renewals/${rid}/answer`, { decision: 'decline', answer: 'Nei' });
  assert.equal(again.status, 409);
  assert.match(again.text, /allerede besvart eller lukket/);
  assert.equal((await eirik.post(`/staff/queues/renewals/${rid}/take`)).status, 409);

  const seen = await b.get(`/health/medications/${med}`);
  assert.match(seen.text, /Resepten er fornyet/);
  assert.match(seen.text, /Fornyet for ett år\./);
  assert.match(seen.text, /1\. november 2027/);
  assert.match(seen.text, /Eirik Lund/);
  assert.match(seen.text, /name="message"/, 'a new request can be sent');
  const e = await citizen(MARIUS, en);
  assert.match((await e.get(`/health/medications/${med}`)).text, /Prescription renewed/);

  // every staff read and change is in the citizen's access log
  const log = await b.get('/documents/access-log');
  const eirikEntries = log.text.split('<li class="ds-card hs-stack">').filter((e) => /Eirik Lund/.test(e) && /Legemidler/.test(e));
  assert.ok(eirikEntries.length >= 3, 'read, take and answer are logged');
});

test('declining needs a reason; closing without a decision; the citizen sees both', async () => {
  const { 'Metformin 500 mg': med } = await mariusIds();
  const ingrid = await staff(INGRID);
  const [item] = queueLinks((await ingrid.get('/staff/queues/renewals')).text).filter((i) => i.name === 'Marius Berg');
  const empty = await ingrid.post(`/staff/queues/renewals/${item.id}/answer`, { decision: 'decline', answer: '' });
  assert.equal(empty.status, 400);
  assert.match(empty.text, /Dette må fylles ut/);
  assert.match(empty.text, /<title>Feil: /);
  const ingridEn = await staff(INGRID, en);
  const emptyEn = await ingridEn.post(`/staff/queues/renewals/${item.id}/answer`, { decision: 'decline', answer: '' });
  assert.equal(emptyEn.status, 400);
  assert.match(emptyEn.text, /This must be filled in/);
  const noDecision = await ingrid.post(`/staff/queues/renewals/${item.id}/answer`, { answer: 'x' });
  assert.equal(noDecision.status, 400);
  const oddDecision = await ingrid.post(`/staff/queues/renewals/${item.id}/answer`, { decision: 'maybe', answer: 'x' });
  assert.equal(oddDecision.status, 400);
  assert.match(oddDecision.text, /Velg et av alternativene/);
  const long = await ingrid.post(`/staff/queues/renewals/${item.id}/answer`, { decision: 'decline', answer: tooLong(1001) });
  assert.equal(long.status, 400);
  assert.match(long.text, /høyst 1000 tegn/);
  const unknownField = await ingrid.post(`/staff/queues/renewals/${item.id}/answer`, { decision: 'decline', answer: 'x', extra: '1' });
  assert.equal(unknownField.status, 400);
  const declined = await ingrid.post(`/staff/queues/renewals/${item.id}/answer`, { decision: 'decline', answer: 'Vi må ta blodprøver først. Bestill time.' });
  assert.equal(declined.status, 303);

  const b = await citizen(MARIUS);
  const seen = await b.get(`/health/medications/${med}`);
  assert.match(seen.text, /Fornyelse avslått/);
  assert.match(seen.text, /Vi må ta blodprøver først\. Bestill time\./);
  assert.match(seen.text, /Ingrid Solberg/);

  await b.post(`/health/medications/${med}/renewal`, { message: '' });
  const [next] = queueLinks((await ingrid.get('/staff/queues/renewals')).text).filter((i) => i.name === 'Marius Berg');
  assert.ok(next && next.id !== item.id);
  const closed = await ingrid.post(`/staff/queues/renewals/${next.id}/close`, { note: 'Tatt på konsultasjonen 20. november.' });
  assert.equal(closed.status, 303);
  assert.equal(closed.location, '/staff/queues/renewals?done=closed');
  assert.equal((await ingrid.post(`/staff/queues/renewals/${next.id}/close`, { note: '' })).status, 409);
  const closedPage = await ingrid.get(`/staff/queues/renewals/${next.id}`);
  assert.match(closedPage.text, /Forespørselen er ferdig behandlet/);
  const seen2 = await b.get(`/health/medications/${med}`);
  assert.match(seen2.text, /Forespørselen er lukket/);
  assert.match(seen2.text, /Tatt på konsultasjonen/);
  assert.match(seen2.text, /Fornyelse avslått|Forespørselen er lukket/);
});

test('comments reach the chart; empty and overlong ones are refused in nb and en', async () => {
  const { 'Metformin 500 mg': med, patient } = await mariusIds();
  const b = await citizen(MARIUS);
  await b.get(`/health/medications/${med}`);
  const ok = await b.post(`/health/medications/${med}/comments`, { body: 'Jeg bruker den ikke lenger.' });
  assert.equal(ok.status, 303);
  assert.equal(ok.location, `/health/medications/${med}?sent=comment`);
  const page = await b.get(ok.location);
  assert.match(page.text, /Kommentaren er sendt\./);
  assert.match(page.text, /Jeg bruker den ikke lenger\./);
  const empty = await b.post(`/health/medications/${med}/comments`, { body: '   ' });
  assert.equal(empty.status, 400);
  assert.match(empty.text, /Dette må fylles ut/);
  assert.match(empty.text, /id="f-body-error"/);
  const long = await b.post(`/health/medications/${med}/comments`, { body: tooLong(1001) });
  assert.equal(long.status, 400);
  assert.match(long.text, /Skriv høyst 1000 tegn\. Du har skrevet 1001\./);
  const e = await citizen(MARIUS, en);
  await e.get(`/health/medications/${med}`);
  const longEn = await e.post(`/health/medications/${med}/comments`, { body: tooLong(1001) });
  assert.equal(longEn.status, 400);
  assert.match(longEn.text, /Use at most 1000 characters/);
  const longMessage = await e.post(`/health/medications/${med}/renewal`, { message: tooLong(501) });
  assert.equal(longMessage.status, 400);
  assert.match(longMessage.text, /Use at most 500 characters/);

  const ingrid = await staff(INGRID);
  const chart = await ingrid.get(`/staff/patients/${patient}/medications`);
  assert.equal(chart.status, 200);
  assert.match(chart.text, /Kommentarer fra pasienten/);
  assert.match(chart.text, /Jeg bruker den ikke lenger\./);
  assert.match(chart.text, /vondt i musklene/);
  const links = await ingrid.get(`/staff/patients/${patient}`);
  assert.match(links.text, new RegExp(`href="/staff/patients/${patient}/medications">Legemidler<`));
});

test('prescribing is validated; stopping works once; a stopped medicine cannot be renewed', async () => {
  const { patient, 'Ibuprofen 400 mg': ibuprofen } = await mariusIds();
  const ingrid = await staff(INGRID);
  await ingrid.get(`/staff/patients/${patient}/medications`);
  const bad = await ingrid.post(`/staff/patients/${patient}/medications`, { name: '', strength: '5 mg', dosage: tooLong(201), start_date: '2026-13-01', end_date: 'igår' });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /id="f-name-error"[^>]*>Dette må fylles ut/);
  assert.match(bad.text, /id="f-dosage-error"[^>]*>Skriv høyst 200 tegn/);
  assert.match(bad.text, /id="f-start_date-error"[^>]*>Datoen finnes ikke/);
  assert.match(bad.text, /id="f-end_date-error"[^>]*>Skriv datoen slik/);
  const order = await ingrid.post(`/staff/patients/${patient}/medications`, { name: 'Amlodipin', strength: '5 mg', dosage: '1 tablett daglig', start_date: '2026-11-22', end_date: '2026-01-01' });
  assert.equal(order.status, 400);
  assert.match(order.text, /Sluttdatoen kan ikke være før startdatoen/);
  const ingridEn = await staff(INGRID, en);
  const badEn = await ingridEn.post(`/staff/patients/${patient}/medications`, { name: 'Amlodipin', strength: '', dosage: 'x', start_date: '22.11.2026' });
  assert.equal(badEn.status, 400);
  assert.match(badEn.text, /This must be filled in/);
  assert.match(badEn.text, /Write the date like this/);

  const ok = await ingrid.post(`/staff/patients/${patient}/medications`, { name: 'Amlodipin', strength: '5 mg', dosage: '1 tablett daglig', start_date: '2026-11-22', end_date: '2027-11-21' });
  assert.equal(ok.status, 303);
  assert.equal(ok.location, `/staff/patients/${patient}/medications?saved=prescribed`);
  const chart = await ingrid.get(ok.location);
  assert.match(chart.text, /Legemidlet er registrert\./);
  assert.match(chart.text, /Amlodipin 5 mg/);
  const b = await citizen(MARIUS);
  const amlodipin = medLinks((await b.get('/health/medications')).text)['Amlodipin 5 mg'];
  assert.ok(amlodipin);

  const stop = await ingrid.post(`/staff/patients/${patient}/medications/${amlodipin}/stop`);
  assert.equal(stop.status, 303);
  assert.match((await ingrid.get(stop.location)).text, /Legemidlet er seponert\./);
  const twice = await ingrid.post(`/staff/patients/${patient}/medications/${amlodipin}/stop`);
  assert.equal(twice.status, 409);
  assert.match(twice.text, /allerede seponert/);

  for (const id of [amlodipin, ibuprofen]) {
    await b.get(`/health/medications/${id}`);
    const r = await b.post(`/health/medications/${id}/renewal`, { message: 'Trenger mer' });
    assert.equal(r.status, 400, `stopped ${id}`);
    assert.match(r.text, /Legemidlet er avsluttet, så resepten kan ikke fornyes\./);
  }
  const e = await citizen(MARIUS, en);
  await e.get(`/health/medications/${ibuprofen}`);
  assert.match((await e.post(`/health/medications/${ibuprofen}/renewal`, {})).text, /This medicine has been stopped/);
});

test('another citizen with the owner\'s ids, and unknown ids, get 404', async () => {
  const { 'Metformin 500 mg': med, 'Atorvastatin 20 mg': other } = await mariusIds();
  const silje = await citizen(SILJE);
  assert.equal((await silje.get('/health/medications')).status, 200);
  assert.doesNotMatch((await silje.get('/health/medications')).text, /Metformin/);
  for (const id of [med, other]) {
    assert.equal((await silje.get(`/health/medications/${id}`)).status, 404);
    assert.equal((await silje.post(`/health/medications/${id}/renewal`, { message: 'x' })).status, 404);
    assert.equal((await silje.post(`/health/medications/${id}/comments`, { body: 'x' })).status, 404);
  }
  const b = await citizen(MARIUS);
  for (const bad of ['0', 'abc', '-1', '99999999', '1e3', '+1']) {
    assert.equal((await b.get(`/health/medications/${bad}`)).status, 404, bad);
    assert.equal((await b.post(`/health/medications/${bad}/renewal`, {})).status, 404, bad);
    assert.equal((await b.post(`/health/medications/${bad}/comments`, { body: 'x' })).status, 404, bad);
  }
  assert.equal((await b.get(`/health/medications/${med}?sent=bogus`)).status, 400);
  assert.equal((await b.get(`/health/medications/${med}?other=1`)).status, 400);
});

test('anonymous gets 401 on every medication route', async () => {
  const { 'Metformin 500 mg': med, patient } = await mariusIds();
  const anon = new Browser(demo.srv.url, at);
  await anon.get('/login/testid'); // the double-submit form token
  for (const path of ['/health/medications', `/health/medications/${med}`, `/staff/patients/${patient}/medications`, '/staff/queues/renewals', '/staff/queues/renewals/1'])
    assert.equal((await anon.get(path)).status, 401, path);
  for (const path of [`/health/medications/${med}/renewal`, `/health/medications/${med}/comments`, `/staff/patients/${patient}/medications`,
    `/staff/patients/${patient}/medications/${med}/stop`, '/staff/queues/renewals/1/take', '/staff/queues/renewals/1/answer', '/staff/queues/renewals/1/close'])
    assert.equal((await anon.post(path, { body: 'x' })).status, 401, path);
});

test('staff roles: clinicians only; citizens cannot use staff routes nor staff citizen routes', async () => {
  const { 'Metformin 500 mg': med, patient } = await mariusIds();
  const ingrid = await staff(INGRID);
  const [item] = queueLinks((await ingrid.get('/staff/queues/renewals')).text);
  const rid = item ? item.id : '1';
  const gets = [`/staff/patients/${patient}/medications`, '/staff/queues/renewals', `/staff/queues/renewals/${rid}`];
  const posts = [`/staff/patients/${patient}/medications`, `/staff/patients/${patient}/medications/${med}/stop`,
    `/staff/queues/renewals/${rid}/take`, `/staff/queues/renewals/${rid}/answer`, `/staff/queues/renewals/${rid}/close`];
  for (const nin of [MARTE, PER, SARA, TOR]) {
    const s = await staff(nin);
    for (const p of gets) assert.equal((await s.get(p)).status, 403, `${nin} GET ${p}`);
    for (const p of posts) assert.equal((await s.post(p, {})).status, 403, `${nin} POST ${p}`);
    assert.equal((await s.get('/health/medications')).status, 403, `${nin} citizen page`);
    assert.doesNotMatch((await s.get('/staff')).text, /\/staff\/queues\/renewals/, `${nin} has no renewal queue`);
  }
  const b = await citizen(MARIUS);
  for (const p of gets) assert.equal((await b.get(p)).status, 403, `citizen GET ${p}`);
  for (const p of posts) assert.equal((await b.post(p, {})).status, 403, `citizen POST ${p}`);
  assert.equal((await ingrid.get('/health/medications')).status, 403);
  assert.equal((await ingrid.post(`/health/medications/${med}/comments`, { body: 'x' })).status, 403);
  assert.match((await ingrid.get('/staff')).text, /href="\/staff\/queues\/renewals"/);
  // another clinician of the unit works the same queue
  const lars = await staff(LARS);
  assert.equal((await lars.get(`/staff/patients/${patient}/medications`)).status, 200);
  assert.equal((await lars.get('/staff/queues/renewals')).status, 200);
});

test('a clinician of a unit without the patient gets 404, unless under emergency access, which is logged as such', async () => {
  const { 'Metformin 500 mg': med, patient } = await mariusIds();
  const b = await citizen(MARIUS);
  await b.get(`/health/medications/${med}`);
  await b.post(`/health/medications/${med}/renewal`, { message: '' }); // an open request in Øya's queue
  const ingrid = await staff(INGRID);
  const [item] = queueLinks((await ingrid.get('/staff/queues/renewals')).text).filter((i) => i.name === 'Marius Berg');
  assert.ok(item);
  const kari = await staff(KARI);
  assert.equal((await kari.get(`/staff/patients/${patient}/medications`)).status, 404);
  assert.equal((await kari.post(`/staff/patients/${patient}/medications`, { name: 'X', strength: '1 mg', dosage: 'x', start_date: '2026-11-22' })).status, 404);
  assert.equal((await kari.post(`/staff/patients/${patient}/medications/${med}/stop`)).status, 404);
  assert.ok(!queueLinks((await kari.get('/staff/queues/renewals')).text).some((i) => i.id === item.id));
  assert.equal((await kari.get(`/staff/queues/renewals/${item.id}`)).status, 404);
  for (const action of ['take', 'answer', 'close'])
    assert.equal((await kari.post(`/staff/queues/renewals/${item.id}/${action}`, action === 'answer' ? { decision: 'renew' } : {})).status, 404, action);
  // Ingrid's own ids for another patient's medication: 404
  const silje = (await ingrid.post('/staff/patients', { q: 'Berg' })).text.match(/href="\/staff\/patients\/(\d+)">Silje Berg</)[1];
  assert.equal((await ingrid.post(`/staff/patients/${silje}/medications/${med}/stop`)).status, 404);
  assert.equal((await ingrid.get('/staff/patients/99999999/medications')).status, 404);
  assert.equal((await ingrid.get('/staff/queues/renewals/99999999')).status, 404);

  await kari.get(`/staff/emergency`);
  const em = await kari.post('/staff/emergency', { nin: MARIUS, reason: 'Akutt innleggelse, trenger legemiddelliste' });
  assert.equal(em.status, 303);
  const chart = await kari.get(`/staff/patients/${patient}/medications`);
  assert.equal(chart.status, 200);
  assert.match(chart.text, /Metformin 500 mg/);
  assert.match(chart.text, /data-color="danger"/);
  const log = await b.get('/documents/access-log');
  const entries = log.text.split('<li class="ds-card hs-stack">').filter((e) => /Kari Aune/.test(e) && /Legemidler/.test(e));
  assert.ok(entries.length >= 1);
  assert.match(entries[0], /Nødtilgang/);
  // the queue is still per unit: emergency access opens the chart, not another unit's queue
  assert.equal((await kari.get(`/staff/queues/renewals/${item.id}`)).status, 404);
});

test('CSRF: a form without the token, or from another origin, changes nothing', async () => {
  const { 'Atorvastatin 20 mg': med, patient } = await mariusIds();
  const b = await citizen(MARIUS);
  await b.get(`/health/medications/${med}`);
  assert.equal((await b.post(`/health/medications/${med}/comments`, { body: 'uten token', csrf: '' })).status, 403);
  assert.equal((await b.post(`/health/medications/${med}/renewal`, { csrf: 'wrong' })).status, 403);
  assert.equal((await b.post(`/health/medications/${med}/comments`, { body: 'fra et annet nettsted' }, { headers: { origin: 'https://evil.example' } })).status, 403);
  assert.doesNotMatch((await b.get(`/health/medications/${med}`)).text, /uten token|fra et annet nettsted/);
  const ingrid = await staff(INGRID);
  await ingrid.get(`/staff/patients/${patient}/medications`);
  assert.equal((await ingrid.post(`/staff/patients/${patient}/medications`, { name: 'Y', strength: '1 mg', dosage: 'y', start_date: '2026-11-22', csrf: '' })).status, 403);
  assert.equal((await ingrid.post(`/staff/patients/${patient}/medications/${med}/stop`, { csrf: '' })).status, 403);
  assert.equal((await ingrid.post('/staff/queues/renewals/1/take', { csrf: '' })).status, 403);
  assert.equal((await ingrid.post('/staff/queues/renewals/1/answer', { csrf: '' })).status, 403);
  assert.equal((await ingrid.post('/staff/queues/renewals/1/close', { csrf: '' })).status, 403);
  assert.doesNotMatch((await ingrid.get(`/staff/patients/${patient}/medications`)).text, /Y 1 mg/);
});

test('Elisabeth sees the medicines home care registered; the home-care nurse works them', async () => {
  const b = await citizen('02916949807');
  const r = await b.get('/health/medications');
  assert.match(r.text, /Furosemid 40 mg/);
  assert.match(r.text, /Ahmed Hassan, Trondheim hjemmetjeneste Midtbyen/);
  const ahmed = await staff('25839049733');
  const hit = (await ahmed.post('/staff/patients', { q: 'Johansen' })).text.match(/href="\/staff\/patients\/(\d+)">Elisabeth Johansen</);
  assert.equal((await ahmed.get(`/staff/patients/${hit[1]}/medications`)).status, 200);
});

test('a parent acting for a child of 13 does not see medicines hidden from guardians', async () => {
  const JONAS = '02831399735';
  const ingrid = await staff(INGRID);
  const jonas = (await ingrid.post('/staff/patients', { q: JONAS })).text.match(/href="\/staff\/patients\/(\d+)">Jonas Berg</)[1];
  await ingrid.get(`/staff/patients/${jonas}/medications`);
  for (const [name, hidden] of [['Cetirizin', false], ['Sertralin', true]]) {
    const r = await ingrid.post(`/staff/patients/${jonas}/medications`, { name, strength: '10 mg', dosage: '1 tablett daglig', start_date: '2026-11-20', ...(hidden ? { hidden: 'on' } : {}) });
    assert.equal(r.status, 303, name);
  }
  const chart = (await ingrid.get(`/staff/patients/${jonas}/medications`)).text;
  assert.match(chart, /Skjult for foreldre/);
  const hiddenId = chart.match(/Sertralin 10 mg<\/h3>[\s\S]*?\/medications\/(\d+)\/stop/)[1];

  const b = await citizen(MARIUS);
  await b.get('/access/parent');
  assert.equal((await b.post('/access/parent', { nin: JONAS })).status, 303);
  const overview = await b.get('/access');
  const person = overview.text.match(/Jonas Berg<\/h3>[\s\S]*?name="person" value="(\d+)"/)[1];
  assert.equal((await b.post('/access/act', { person })).status, 303);
  const list = await b.get('/health/medications');
  assert.equal(list.status, 200);
  assert.match(list.text, /Cetirizin 10 mg/);
  assert.doesNotMatch(list.text, /Sertralin/);
  assert.equal((await b.get(`/health/medications/${hiddenId}`)).status, 404);
  assert.equal((await b.post(`/health/medications/${hiddenId}/renewal`, {})).status, 404);
  assert.equal((await b.post(`/health/medications/${hiddenId}/comments`, { body: 'x' })).status, 404);
  const visible = medLinks(list.text)['Cetirizin 10 mg'];
  assert.equal((await b.post(`/health/medications/${visible}/comments`, { body: 'Han tar den om kvelden.' })).status, 303);
  // the parent's comment reaches the chart with the parent's name
  assert.match((await ingrid.get(`/staff/patients/${jonas}/medications`)).text, /Marius Berg<\/p><p class="ds-paragraph">Han tar den om kvelden\./);
});
