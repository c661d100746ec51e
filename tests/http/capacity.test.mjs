// capacity.test.mjs — access to an adult lacking capacity to consent (R4):
// the application with its document upload, the rules, the staff review
// queue, the document served safely, and grant or refusal with a reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoServer } from '../lib/demo.mjs';
import { loginAs } from '../lib/session.mjs';

const BJORN = '21876649788'; // son of Astrid
const ASTRID = '08833849868'; // 88, in the care home
const LUKAS = '12891799991'; // 9
const MATHIAS = '14880999983'; // 17
const CAMILLA = '30819249861'; // confidential address
const INGRID = '14827549852'; // GP (clinician) at Øya: Mathias's unit, none of Astrid's
const AHMED = '25839049733'; // nurse (clinician) at Havstad, Astrid's care home
const MARTE = '19889549834'; // front desk: may not review
const NOW = '2026-11-22T10:00:00Z';
const at = (iso) => ({ headers: { 'x-helsami-now': iso } });
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

const demo = demoServer({ args: [] });

function send(b, fields, file = { name: 'legeerklaring.pdf', type: 'application/pdf', data: PDF }) {
  const form = new FormData();
  form.set('csrf', b.csrf);
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  if (file) form.set('document', new Blob([file.data], { type: file.type }), file.name);
  return b.request('/access/capacity', { method: 'POST', body: form, headers: { origin: demo.srv.url } });
}

const good = { nin: ASTRID, family_name: 'Johansen', relation: 'child', statement: 'Mor har demens og kan ikke lenger ivareta egne interesser.' };

test('the rules refuse in plain words and keep nothing', async () => {
  const b = await loginAs(demo.srv, BJORN, at(NOW));
  await b.get('/access/capacity');
  const cases = [
    [{ ...good, nin: '123' }, undefined, /ikke gyldig/],
    [{ ...good, nin: LUKAS, family_name: 'Haugen' }, undefined, /12 år eller eldre/],
    [{ ...good, nin: CAMILLA, family_name: 'Eide' }, undefined, /Vi kan ikke ta imot søknaden for denne personen/],
    [{ ...good, family_name: 'Hansen' }, undefined, /Vi kan ikke ta imot søknaden for denne personen/],
    [{ ...good, family_name: '' }, undefined, /Skriv etternavnet/],
    [{ ...good, statement: 'Mor\u202Ehar demens' }, undefined, /Skriv hvorfor/],
    [{ ...good, nin: BJORN }, undefined, /deg selv/],
    [{ ...good, relation: 'neighbour' }, undefined, /hvordan du er i familie/],
    [{ ...good, statement: '' }, undefined, /Skriv hvorfor/],
    [good, null, /Legg ved legeerklæringen/],
    [good, { name: 'x.pdf', type: 'application/pdf', data: Buffer.from('<script>alert(1)</script>') }, /PDF, JPEG eller PNG/],
    [good, { name: 'big.pdf', type: 'application/pdf', data: Buffer.concat([PDF, Buffer.alloc(5 * 1024 * 1024)]) }, /større enn 5 MB/],
  ];
  for (const [fields, file, why] of cases) {
    const r = await send(b, fields, file === undefined ? undefined : file);
    assert.equal(r.status, 400, `${JSON.stringify(fields).slice(0, 60)} ${file?.name}`);
    assert.match(r.text, why);
  }
  assert.match((await b.get('/access')).text, /ikke sendt noen søknader/);
});

test('a body over the upload limit is 413; a broken multipart body is 400', async () => {
  const b = await loginAs(demo.srv, BJORN, at(NOW));
  await b.get('/access/capacity');
  const huge = await send(b, good, { name: 'h.pdf', type: 'application/pdf', data: Buffer.concat([PDF, Buffer.alloc(7 * 1024 * 1024)]) });
  assert.equal(huge.status, 413);
  const broken = await b.request('/access/capacity', {
    method: 'POST', body: '--x\r\nContent-Disposition: form-data; name="csrf"\r\n\r\nabc',
    headers: { origin: demo.srv.url, 'content-type': 'multipart/form-data; boundary=x' },
  });
  assert.equal(broken.status, 400);
});

test('apply, review with the document, grant: the relative can act for the person', async () => {
  const b = await loginAs(demo.srv, BJORN, at(NOW));
  await b.get('/access/capacity');
  const r = await send(b, good);
  assert.equal(r.status, 303);
  assert.equal(r.location, '/access?applied=1');
  assert.match((await b.get('/access')).text, /Astrid Johansen[\s\S]*Venter på behandling/);
  assert.equal((await send(b, good)).status, 400, 'one application at a time');

  const marte = await loginAs(demo.srv, MARTE, { staff: true, ...at(NOW) });
  assert.equal((await marte.get('/staff/queues/representation')).status, 403);

  const gp = await loginAs(demo.srv, AHMED, { staff: true, ...at(NOW) });
  const queue = await gp.get('/staff/queues/representation');
  assert.equal(queue.status, 200);
  const id = queue.text.match(/href="\/staff\/representation\/(\d+)">Bjørn Johansen/)[1];
  const page = await gp.get(`/staff/representation/${id}`);
  assert.match(page.text, /Mor har demens/);
  const doc = await fetch(`${demo.srv.url}/staff/representation/${id}/document`, { headers: { cookie: gp.cookieHeader(), 'x-helsami-now': NOW } });
  assert.equal(doc.status, 200);
  assert.equal(doc.headers.get('content-type'), 'application/pdf');
  assert.match(doc.headers.get('content-disposition'), /^attachment; filename="application-\d+\.pdf"$/);
  assert.ok(doc.headers.getSetCookie().length === 0);
  assert.match(doc.headers.get('content-security-policy'), /sandbox/);
  assert.deepEqual(Buffer.from(await doc.arrayBuffer()), PDF);

  assert.equal((await gp.post(`/staff/representation/${id}/take`)).status, 303);
  const tooLong = await gp.post(`/staff/representation/${id}/decide`, { decision: 'grant', valid_until: '2032-01-01' });
  assert.equal(tooLong.status, 400, 'at most five years');
  const ok = await gp.post(`/staff/representation/${id}/decide`, { decision: 'grant', valid_until: '2031-11-21' });
  assert.equal(ok.status, 303);
  assert.equal((await gp.post(`/staff/representation/${id}/decide`, { decision: 'refuse', reason: 'Allerede behandlet søknad' })).status, 409);

  const rel = await loginAs(demo.srv, BJORN, at(NOW));
  assert.equal(rel.loginResponse.location, '/access/choose');
  const overview = await rel.get('/access');
  assert.match(overview.text, /Innvilget/);
  const person = overview.text.match(/Astrid Johansen<\/h3>[\s\S]*?name="person" value="(\d+)"/)[1];
  await rel.post('/access/act', { person });
  assert.match((await rel.get('/')).text, /Du ser journalen til <strong>Astrid Johansen/);
});

test('a refusal carries its reason to the applicant', async () => {
  const b = await loginAs(demo.srv, BJORN, at(NOW));
  await b.get('/access/capacity');
  assert.equal((await send(b, { ...good, nin: MATHIAS, family_name: 'Strand' })).status, 303);
  const cw = await loginAs(demo.srv, INGRID, { staff: true, ...at(NOW) });
  const queue = await cw.get('/staff/queues/representation');
  const id = queue.text.match(/href="\/staff\/representation\/(\d+)">Bjørn Johansen → Mathias Strand/)[1];
  assert.equal((await cw.post(`/staff/representation/${id}/decide`, { decision: 'refuse', reason: 'Legeerklæringen gjelder ikke denne personen.' })).status, 409, 'take it first');
  assert.equal((await cw.post(`/staff/representation/${id}/take`)).status, 303);
  assert.equal((await cw.post(`/staff/representation/${id}/decide`, { decision: 'refuse', reason: 'kort' })).status, 400);
  assert.equal((await cw.post(`/staff/representation/${id}/decide`, { decision: 'refuse', reason: 'Legeerklæringen gjelder ikke denne personen.' })).status, 303);
  const mine = await b.get('/access');
  assert.match(mine.text, /Avslått/);
  assert.match(mine.text, /Legeerklæringen gjelder ikke denne personen/);
  assert.match(mine.text, /Avgjort av: Ingrid Solberg/, 'the decision names who decided');
});
