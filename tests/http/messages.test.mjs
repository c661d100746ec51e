// messages.test.mjs — secure messages (M1-M4) end to end over HTTP: the
// citizen's list with unread marks, the compose page (not for urgent
// matters, the unit's reply time, only units and topics that accept),
// threads with links, attachments and read status, replies only where
// allowed; staff queues (mine, the unit's), reply for the unit, assign,
// done, a new message from the chart; the "new message" notice without
// content; the access log with both identities; and the hostile cases:
// someone else's conversation or attachment is 404, staff of another unit
// 404, a role without the capability 403, a representative whose access kind
// lacks messages 403, uploads of the wrong type, empty, too large or HTML
// disguised as PDF refused in nb and en with nothing stored, markup as text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoServer } from '../lib/demo.mjs';
import { loginAs } from '../lib/session.mjs';
import { sql, sqlValue, personId } from '../lib/db.mjs';

const MARIUS = '12848649994';
const SILJE = '03898849863';
const BJORN = '21876649788';
const ELISABETH = '02916949807';
const INGRID = '14827549852'; // GP, Øya legesenter
const MARTE = '19889549834'; // front desk, Øya
const EIRIK = '05927049955'; // hospital: Marius is his patient too, not at Øya
const KARI = '11907949887'; // health station
const PER = '27816849956'; // caseworker, Tjenestekontoret
const TOR = '09898549906'; // admin
const NOW = '2026-11-22T10:00:00Z';
const at = { headers: { 'x-helsami-now': NOW } };
const en = { headers: { 'x-helsami-now': NOW, 'accept-language': 'en' } };

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);
const GIF = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1');

const demo = demoServer({ args: [] });

const citizen = (nin, opts = at) => loginAs(demo.srv, nin, opts);
const staff = (nin, opts = at) => loginAs(demo.srv, nin, { staff: true, ...opts });
const convId = (subject) => sqlValue(demo.db, `SELECT id FROM conversation WHERE subject = '${subject}'`);
const count = (table) => Number(sqlValue(demo.db, `SELECT COUNT(*) FROM ${table}`));
const logEntries = (nin) => Number(sqlValue(demo.db, `SELECT COUNT(*) FROM audit_log WHERE patient_id = ${personId(demo.db, nin)}`));

// A multipart POST of fields and files ({name, type, data}) with the form token.
function upload(b, path, fields, files = []) {
  const form = new FormData();
  form.set('csrf', b.csrf);
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  for (const f of files) form.append('attachment', new Blob([f.data], { type: f.type }), f.name);
  return b.request(path, { method: 'POST', body: form, headers: { origin: demo.srv.url } });
}

test('the citizen lists conversations with unread marks and reads a thread with a link and an attachment', async () => {
  const b = await citizen(MARIUS);
  const list = await b.get('/messages');
  assert.equal(list.status, 200);
  assert.match(list.text, /Blodprøvene fra november/);
  assert.match(list.text, /<dd>Prøvesvar<\/dd>/, 'the topic by its text');
  assert.doesNotMatch(list.text, /messages\.topic/);
  assert.match(list.text, /Influensavaksine for risikogrupper[\s\S]*?Ulest: 1/);
  assert.doesNotMatch(list.text, /Kan jeg flytte timen min/, 'Silje\'s conversation is not his');
  const id = convId('Blodprøvene fra november');
  const t = await b.get(`/messages/${id}`);
  assert.equal(t.status, 200);
  assert.match(t.text, /<h1[^>]*>Blodprøvene fra november<\/h1>/);
  assert.match(t.text, /Ingrid Solberg/);
  assert.match(t.text, /<a class="ds-link" href="https:\/\/www.helsenorge.no\/sykdom\/diabetes\/" rel="noopener noreferrer">/);
  assert.match(t.text, /Lest/, 'his own message shows the unit has read it');
  const att = t.text.match(/href="(\/messages\/\d+\/attachments\/(\d+))" download>blodprover-november.pdf</);
  assert.ok(att, 'the attachment is listed');
  assert.match(t.text, /blodprover-november.pdf<\/a> \(PDF, 1 kB\)/);
  const f = await b.get(att[1]);
  assert.equal(f.status, 200);
  assert.equal(f.headers.get('content-type'), 'application/pdf');
  assert.equal(f.headers.get('content-disposition'), `attachment; filename="vedlegg-${att[2]}.pdf"`);
  assert.equal(f.headers.get('x-content-type-options'), 'nosniff');
  assert.match(f.headers.get('content-security-policy'), /sandbox; default-src 'none'/);
  assert.ok(f.text.startsWith('%PDF-'));
});

test('a message that cannot be answered has no reply form, and a reply is refused', async () => {
  const b = await citizen(MARIUS);
  const id = convId('Influensavaksine for risikogrupper');
  const t = await b.get(`/messages/${id}`);
  assert.equal(t.status, 200);
  assert.match(t.text, /Øya legesenter/, 'written for the unit: the unit is the author');
  assert.doesNotMatch(t.text, /Marte Vik/, 'not the person behind it');
  assert.match(t.text, /Du kan ikke svare i denne samtalen/);
  assert.doesNotMatch(t.text, /name="body"/);
  const before = count('message');
  const r = await upload(b, `/messages/${id}/reply`, { body: 'Jeg vil svare likevel' });
  assert.equal(r.status, 403);
  assert.equal(count('message'), before);
  // Reading it cleared the unread mark.
  assert.doesNotMatch((await b.get('/messages')).text, /Ulest/);
});

test('the compose page: not for urgent matters, the reply time, only units and topics that accept', async () => {
  const b = await citizen(MARIUS);
  const p = await b.get('/messages/new');
  assert.equal(p.status, 200);
  assert.match(p.text, /Ikke for det som haster\. Ring 113/);
  assert.match(p.text, /116\u00a0117/);
  assert.match(p.text, /Øya legesenter svarer vanligvis innen 3 virkedager\./);
  assert.match(p.text, /<option value="\d+-gp_question">Øya legesenter: Spørsmål til fastlegen<\/option>/);
  assert.doesNotMatch(p.text, /St. Olavs/, 'the hospital takes no messages');
  const e = await citizen(MARIUS, en);
  const pe = await e.get('/messages/new');
  assert.match(pe.text, /Not for urgent matters\. Call 113/);
  assert.match(pe.text, /usually answers within 3 working days/);
});

test('start, staff read (logged, read mark), reply for the unit, assign, done; the notice holds no content', async () => {
  const b = await citizen(MARIUS);
  await b.get('/messages/new');
  const oya = sqlValue(demo.db, "SELECT id FROM unit WHERE code = 'oya-legesenter'");
  const r = await upload(b, '/messages/new', { to: `${oya}-prescription`, subject: 'Bivirkninger av Atorvastatin', body: 'Jeg har vondt i leggene.\nEr det farlig?' }, [{ name: 'utslett.png', type: 'image/png', data: PNG }]);
  assert.equal(r.status, 303, r.text.slice(0, 400));
  const id = convId('Bivirkninger av Atorvastatin');
  assert.equal(r.location, `/messages/${id}?sent=1`);
  const t = await b.get(r.location);
  assert.match(t.text, /Meldingen er sendt/);
  assert.match(t.text, /utslett.png/);
  assert.match(t.text, /Ikke lest ennå/);

  const marte = await staff(MARTE);
  const q = await marte.get('/staff/messages');
  assert.equal(q.status, 200);
  assert.match(q.text, /Marius Berg: Bivirkninger av Atorvastatin/);
  const logBefore = logEntries(MARIUS);
  const s = await marte.get(`/staff/messages/${id}`);
  assert.equal(s.status, 200);
  assert.match(s.text, /Jeg har vondt i leggene\./);
  assert.equal(logEntries(MARIUS), logBefore + 1, 'opening is in the patient\'s access log');
  const entry = sql(demo.db, `SELECT actor_kind, actor_staff_id, actor_unit_id, action, what, what_id FROM audit_log WHERE patient_id = ${personId(demo.db, MARIUS)} ORDER BY seq DESC LIMIT 1`)[0];
  assert.deepEqual([entry[0], entry[1] !== '', entry[2], entry[3], entry[4], entry[5]], ['staff', true, String(oya), 'read', 'messages', String(id)]);
  // The attachment, for staff too, only as a download.
  const att = s.text.match(/href="(\/staff\/messages\/\d+\/attachments\/\d+)" download/);
  const f = await marte.get(att[1]);
  assert.equal(f.status, 200);
  assert.equal(f.headers.get('content-type'), 'image/png');
  assert.match(f.headers.get('content-disposition'), /^attachment; filename="vedlegg-\d+\.png"$/);
  // The citizen sees that the unit has read it.
  assert.match((await b.get(`/messages/${id}`)).text, /Lest/);

  const events = count("notification_outbox WHERE kind = 'new_message'");
  const logged = demo.srv.stderr().length;
  const reply = await upload(marte, `/staff/messages/${id}/reply`, { body: 'Ta kontakt om det ikke går over.', for_unit: '1', reply_allowed: '1' });
  assert.equal(reply.status, 303);
  await new Promise((r) => setTimeout(r, 100));
  // The reply form declares no topic or subject, and the handler reads none (no "no field … declared" error).
  assert.doesNotMatch(demo.srv.stderr().slice(logged), /no field \w+ is declared/);
  assert.equal(reply.location, `/staff/messages/${id}?done=sent`);
  assert.equal(count("notification_outbox WHERE kind = 'new_message'"), events + 1, 'one new-message event');
  const ev = sql(demo.db, `SELECT * FROM notification_outbox WHERE kind = 'new_message' ORDER BY id DESC LIMIT 1`)[0].join('|');
  assert.doesNotMatch(ev, /Ta kontakt|Atorvastatin|Øya/, 'the event carries no content');
  const seen = await b.get(`/messages/${id}`);
  assert.match(seen.text, /<strong>Øya legesenter<\/strong>/);
  assert.match(seen.text, /Ta kontakt om det ikke går over\./);

  assert.equal((await marte.post(`/staff/messages/${id}/assign`)).status, 303);
  const mine = await marte.get('/staff/messages');
  assert.match(mine.text.slice(0, mine.text.indexOf('id="unit-heading"')), /Bivirkninger av Atorvastatin/, 'in her own queue now');
  assert.equal((await marte.post(`/staff/messages/${id}/done`)).status, 303);
  assert.equal((await marte.post(`/staff/messages/${id}/done`)).status, 409, 'done twice');
  assert.doesNotMatch((await marte.get('/staff/messages')).text, /Bivirkninger av Atorvastatin/);
  // The citizen's reply opens it again.
  await b.get(`/messages/${id}`);
  assert.equal((await upload(b, `/messages/${id}/reply`, { body: 'Takk for svar.' })).status, 303);
  assert.match((await marte.get('/staff/messages')).text, /Bivirkninger av Atorvastatin/);
});

test('staff send a new message from the chart, as themselves, without reply', async () => {
  const ingrid = await staff(INGRID);
  const silje = personId(demo.db, SILJE);
  const chart = await ingrid.get(`/staff/patients/${silje}`);
  assert.match(chart.text, new RegExp(`href="/staff/patients/${silje}/messages/new"`));
  const form = await ingrid.get(`/staff/patients/${silje}/messages/new`);
  assert.equal(form.status, 200);
  assert.match(form.text, /Silje Berg/);
  const r = await upload(ingrid, `/staff/patients/${silje}/messages`, { topic: 'results', subject: 'Svar på prøvene', body: 'Alt var normalt.' }, [{ name: 'svar.pdf', type: 'application/pdf', data: PDF }]);
  assert.equal(r.status, 303, r.text.slice(0, 300));
  const id = convId('Svar på prøvene');
  const row = sql(demo.db, `SELECT reply_allowed, CASE WHEN clinician_id IS NULL THEN 0 ELSE 1 END FROM conversation WHERE id = ${id}`)[0];
  assert.deepEqual(row, ['0', '1'], 'no replies; with Ingrid as the clinician');
  const b = await citizen(SILJE);
  const t = await b.get(`/messages/${id}`);
  assert.match(t.text, /Ingrid Solberg/);
  assert.match(t.text, /svar.pdf/);
  assert.match(t.text, /Du kan ikke svare/);
  // Empty or unknown fields: 400 with the reasons, nb and en.
  const bad = await upload(ingrid, `/staff/patients/${silje}/messages`, { topic: 'nonsense', subject: '', body: '' });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /ds-error-summary/);
  const ie = await staff(INGRID, en);
  await ie.get(`/staff/patients/${silje}/messages/new`);
  const badEn = await upload(ie, `/staff/patients/${silje}/messages`, { topic: 'results', subject: 'x', body: '' });
  assert.equal(badEn.status, 400);
  assert.match(badEn.text, /Message/);
});

test('uploads: wrong type, empty, too large, HTML disguised as PDF are refused in nb and en, nothing stored', async () => {
  const b = await citizen(MARIUS);
  const e = await citizen(MARIUS, en);
  const id = convId('Blodprøvene fra november');
  await b.get(`/messages/${id}`);
  await e.get(`/messages/${id}`);
  const before = [count('message'), count('message_attachment')];
  const big = Buffer.concat([PDF, Buffer.alloc(4 * 1024 * 1024 + 10)]);
  const cases = [
    [{ name: 'bilde.gif', type: 'image/gif', data: GIF }, /må være PDF, JPEG eller PNG/, /must be PDF, JPEG or PNG/],
    [{ name: 'tom.pdf', type: 'application/pdf', data: Buffer.alloc(0) }, /Filen er tom/, /The file is empty/],
    [{ name: 'stor.pdf', type: 'application/pdf', data: big }, /større enn 4 MB/, /larger than 4 MB/],
    [{ name: 'faktura.pdf', type: 'application/pdf', data: Buffer.from('<!DOCTYPE html><html><script>alert(1)</script></html>') }, /må være PDF, JPEG eller PNG/, /must be PDF, JPEG or PNG/],
    [{ name: 'polyglot.pdf', type: 'application/pdf', data: Buffer.from('%PDF-1.4\n<html><script>alert(1)</script>') }, /må være PDF, JPEG eller PNG/, /must be PDF, JPEG or PNG/],
    [{ name: 'tegning.png', type: 'image/png', data: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>') }, /må være PDF, JPEG eller PNG/, /must be PDF, JPEG or PNG/],
  ];
  for (const [file, nb, english] of cases) {
    const r = await upload(b, `/messages/${id}/reply`, { body: 'Se vedlegg' }, [file]);
    assert.equal(r.status, 400, file.name);
    assert.match(r.text, nb, file.name);
    const re = await upload(e, `/messages/${id}/reply`, { body: 'See attachment' }, [file]);
    assert.equal(re.status, 400, file.name);
    assert.match(re.text, english, file.name);
  }
  const four = [1, 2, 3, 4].map((i) => ({ name: `f${i}.pdf`, type: 'application/pdf', data: PDF }));
  const many = await upload(b, `/messages/${id}/reply`, { body: 'Mange' }, four);
  assert.equal(many.status, 400);
  assert.match(many.text, /høyst 3 filer/);
  const huge = await upload(b, `/messages/${id}/reply`, { body: 'Enorm' }, [{ name: 'h.pdf', type: 'application/pdf', data: Buffer.concat([PDF, Buffer.alloc(7 * 1024 * 1024)]) }]);
  assert.equal(huge.status, 413);
  assert.deepEqual([count('message'), count('message_attachment')], before, 'nothing stored');
});

test('someone else\'s conversation or attachment is 404; malformed ids are 404', async () => {
  const marius = await citizen(MARIUS);
  const silje = await citizen(SILJE);
  const id = convId('Blodprøvene fra november');
  const att = sqlValue(demo.db, `SELECT id FROM message_attachment WHERE conversation_id = ${id}`);
  const own = convId('Kan jeg flytte timen min?');
  assert.equal((await silje.get(`/messages/${id}`)).status, 404);
  assert.equal((await silje.get(`/messages/${id}/attachments/${att}`)).status, 404);
  assert.equal((await silje.get(`/messages/${own}/attachments/${att}`)).status, 404, 'another conversation\'s attachment under her own id');
  await silje.get(`/messages/${own}`);
  assert.equal((await upload(silje, `/messages/${id}/reply`, { body: 'Hei' })).status, 404);
  assert.equal((await marius.get(`/messages/${own}`)).status, 404);
  for (const bad of ['0', '-1', '007', 'abc', '99999999999999999999'])
    assert.equal((await marius.get(`/messages/${bad}`)).status, 404, bad);
  assert.equal((await marius.get('/messages/987654')).status, 404);
});

test('staff: another unit is 404, a role without the capability 403, anonymous 401', async () => {
  const id = convId('Blodprøvene fra november'); // Øya legesenter
  const att = sqlValue(demo.db, `SELECT id FROM message_attachment WHERE conversation_id = ${id}`);
  for (const nin of [EIRIK, KARI, PER]) {
    const s = await staff(nin);
    assert.equal((await s.get(`/staff/messages/${id}`)).status, 404, nin);
    assert.equal((await s.get(`/staff/messages/${id}/attachments/${att}`)).status, 404, nin);
    assert.equal((await upload(s, `/staff/messages/${id}/reply`, { body: 'Hei', reply_allowed: '1' })).status, 404, nin);
    assert.equal((await s.post(`/staff/messages/${id}/done`)).status, 404, nin);
    assert.doesNotMatch((await s.get('/staff/messages')).text, /Blodprøvene fra november/, nin);
  }
  const eirik = await staff(EIRIK);
  const marius = personId(demo.db, MARIUS);
  assert.equal((await eirik.get(`/staff/patients/${personId(demo.db, SILJE)}/messages/new`)).status, 404, 'not his patient');
  assert.equal((await eirik.get(`/staff/patients/${marius}/messages/new`)).status, 200, 'his hospital patient: he may write');
  const tor = await staff(TOR);
  assert.equal((await tor.get('/staff/messages')).status, 403);
  assert.equal((await tor.get(`/staff/messages/${id}`)).status, 403);
  const citizenAsStaff = await citizen(MARIUS);
  assert.equal((await citizenAsStaff.get('/staff/messages')).status, 403);
  const anon = await fetch(`${demo.srv.url}/messages`, { redirect: 'manual' });
  assert.equal(anon.status, 401);
});

test('representatives: with message access they write for the person, logged with both identities; without, 403', async () => {
  const marius = personId(demo.db, MARIUS), silje = personId(demo.db, SILJE), bjorn = personId(demo.db, BJORN), elisabeth = personId(demo.db, ELISABETH);
  sql(demo.db, `INSERT INTO representation (representative_id, represented_id, basis, kind, valid_from, created_at, created_by) VALUES (${bjorn}, ${marius}, 'power_of_attorney', 'health_read', '2026-11-01', 1795000000, ${marius});
INSERT INTO representation (representative_id, represented_id, basis, kind, valid_from, created_at, created_by) VALUES (${elisabeth}, ${silje}, 'power_of_attorney', 'appointments_messages', '2026-11-01', 1795000000, ${silje});`);
  const b = await citizen(BJORN);
  assert.equal((await b.post('/access/act', { person: String(marius) })).status, 303);
  assert.equal((await b.get('/messages')).status, 403, 'read-only health access has no messages');
  assert.equal((await b.get(`/messages/${convId('Blodprøvene fra november')}`)).status, 403);

  const e = await citizen(ELISABETH);
  assert.equal((await e.post('/access/act', { person: String(silje) })).status, 303);
  const list = await e.get('/messages');
  assert.equal(list.status, 200);
  assert.match(list.text, /Kan jeg flytte timen min\?/);
  assert.doesNotMatch(list.text, /Når kommer dere på fredag/, 'her own conversation is not on Silje\'s record');
  const id = convId('Kan jeg flytte timen min?');
  const logBefore = logEntries(SILJE);
  await e.get(`/messages/${id}`);
  assert.equal(logEntries(SILJE), logBefore + 1);
  // Whom she may write to is a choice, not Silje's record: the form is not in the log.
  assert.equal((await e.get('/messages/new')).status, 200);
  assert.equal(logEntries(SILJE), logBefore + 1, 'the new-message form reads no record');
  const r = await upload(e, `/messages/${id}/reply`, { body: 'Jeg skriver for Silje: fredag passer.' });
  assert.equal(r.status, 303);
  const row = sql(demo.db, `SELECT author_id, author_role FROM message WHERE conversation_id = ${id} ORDER BY id DESC LIMIT 1`)[0];
  assert.deepEqual(row, [String(elisabeth), 'representative']);
  const entry = sql(demo.db, `SELECT actor_person_id, on_behalf_of, action, what, purpose FROM audit_log WHERE patient_id = ${silje} ORDER BY seq DESC LIMIT 1`)[0];
  assert.deepEqual(entry, [String(elisabeth), String(silje), 'create', 'messages', 'representation']);
  const ingrid = await staff(INGRID);
  assert.match((await ingrid.get(`/staff/messages/${id}`)).text, /Elisabeth Johansen<\/strong> \(på vegne av pasienten\)/);
});

test('stored markup reads as text; bad input is 400 with the reason', async () => {
  const b = await citizen(MARIUS);
  await b.get('/messages/new');
  const oya = sqlValue(demo.db, "SELECT id FROM unit WHERE code = 'oya-legesenter'");
  const r = await upload(b, '/messages/new', { to: `${oya}-other`, subject: '<b>fet</b>', body: '<script>alert(1)</script> javascript:alert(1) https://x.example/"onmouseover="alert(1)' });
  assert.equal(r.status, 303);
  const t = await b.get(r.location);
  assert.doesNotMatch(t.text, /<script>alert/);
  assert.match(t.text, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  assert.match(t.text, /&lt;b&gt;fet&lt;\/b&gt;/);
  assert.doesNotMatch(t.text, /href="javascript/);
  assert.doesNotMatch(t.text, /onmouseover="alert/);
  const hospital = sqlValue(demo.db, "SELECT id FROM unit WHERE code = 'stolav-medisinsk'");
  const cases = [
    [{ to: `${hospital}-gp_question`, subject: 'Hei', body: 'Hei' }, /Velg et sted og et tema/],
    [{ to: `${oya}-nonsense`, subject: 'Hei', body: 'Hei' }, /Velg et sted og et tema/],
    [{ to: 'x', subject: 'Hei', body: 'Hei' }, /Velg et sted og et tema/],
    [{ to: `${oya}-other`, subject: '', body: 'Hei' }, /Emne/],
    [{ to: `${oya}-other`, subject: 'Hei', body: '' }, /Melding/],
    [{ to: `${oya}-other`, subject: 'Hei', body: 'x'.repeat(5001) }, /Melding/],
  ];
  const before = count('conversation');
  for (const [fields, why] of cases) {
    const res = await upload(b, '/messages/new', fields);
    assert.equal(res.status, 400, JSON.stringify(fields).slice(0, 80));
    assert.match(res.text, why);
  }
  assert.equal(count('conversation'), before);
});

test('CSRF: a post without the token changes nothing', async () => {
  const b = await citizen(MARIUS);
  const id = convId('Blodprøvene fra november');
  await b.get(`/messages/${id}`);
  const before = count('message');
  const form = new FormData();
  form.set('body', 'uten token');
  const r = await b.request(`/messages/${id}/reply`, { method: 'POST', body: form, headers: { origin: demo.srv.url } });
  assert.equal(r.status, 403);
  assert.equal(count('message'), before);
});

// ---- M2: a unit's message settings ------------------------------------------------------
const SARA = '04859849860'; // user support at every unit: a role at Øya without the settings
const unitId = (code) => sqlValue(demo.db, `SELECT id FROM unit WHERE code = '${code}'`);
const staffId = (nin) => sqlValue(demo.db, `SELECT s.id FROM staff s JOIN person p ON p.id = s.person_id WHERE p.nin = '${nin}'`);
const oyaTopics = () => sql(demo.db, `SELECT topic FROM message_topic WHERE unit_id = ${unitId('oya-legesenter')} ORDER BY topic`).map((r) => r[0]).join(',');
const oyaDays = () => Number(sqlValue(demo.db, `SELECT message_reply_days FROM unit WHERE code = 'oya-legesenter'`));

// A form POST whose fields may repeat ([name, value] pairs).
function postPairs(b, path, pairs, opts = at) {
  const body = new URLSearchParams([['csrf', b.csrf ?? ''], ...pairs]);
  return b.request(path, { method: 'POST', body, headers: { ...opts.headers, origin: demo.srv.url, 'content-type': 'application/x-www-form-urlencoded' } });
}

test('M2: staff at the unit set its topics, reply time and the clinicians who accept; the citizen sees it', async () => {
  const oya = unitId('oya-legesenter');
  const path = `/staff/messages/units/${oya}`;
  const i = await staff(INGRID);
  const q = await i.get('/staff/messages');
  assert.match(q.text, new RegExp(`href="${path}">Øya legesenter<`));
  const page = await i.get(path);
  assert.equal(page.status, 200);
  assert.match(page.text, /<h1[^>]*>Innstillinger for meldinger: Øya legesenter<\/h1>/);
  assert.match(page.text, /id="topic-gp_question" name="topics" value="gp_question" checked/);
  assert.match(page.text, /name="reply_days"[^>]*value="3"/);
  const m = await staff(MARTE); // the front desk holds it too
  await m.get(path);
  const r = await postPairs(m, path, [['accepts', '1'], ['reply_days', '5'], ['topics', 'other'], ['topics', 'appointment'], ['clinicians', staffId(INGRID)]]);
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), `${path}?done=saved`);
  assert.equal(oyaTopics(), 'appointment,other');
  assert.equal(oyaDays(), 5);
  assert.equal(sqlValue(demo.db, `SELECT staff_id FROM message_clinician WHERE unit_id = ${oya}`), staffId(INGRID));
  const again = await m.get(`${path}?done=saved`);
  assert.match(again.text, /Innstillingene er lagret/);
  assert.match(again.text, new RegExp(`id="clin-${staffId(INGRID)}" name="clinicians" value="${staffId(INGRID)}" checked`));
  const c = await citizen(MARIUS);
  const compose = await c.get('/messages/new');
  assert.match(compose.text, /Øya legesenter svarer vanligvis innen 5 virkedager\./);
  assert.match(compose.text, new RegExp(`value="${oya}-appointment"`));
  assert.doesNotMatch(compose.text, new RegExp(`value="${oya}-gp_question"`), 'a topic no longer accepted is not offered');
});

test('M2 settings: bad input is refused in nb and en with nothing changed', async () => {
  const path = `/staff/messages/units/${unitId('oya-legesenter')}`;
  const m = await staff(MARTE);
  await m.get(path);
  const before = [oyaTopics(), oyaDays()];
  const cases = [
    [[['accepts', '1'], ['reply_days', '0'], ['topics', 'other']], /Svartid \(virkedager\)/],
    [[['accepts', '1'], ['reply_days', '31'], ['topics', 'other']], /Svartid \(virkedager\)/],
    [[['accepts', '1'], ['reply_days', '3']], /Velg minst ett emne når enheten tar imot nye samtaler\./],
    [[['accepts', '1'], ['reply_days', '3'], ['topics', 'gossip']], /Emner enheten tar imot/],
    [[['accepts', '1'], ['reply_days', '3'], ['topics', 'other'], ['clinicians', 'abc']], /Behandlere som tar imot nye samtaler/],
  ];
  for (const [pairs, why] of cases) {
    const r = await postPairs(m, path, pairs);
    assert.equal(r.status, 400, JSON.stringify(pairs));
    assert.match(r.text, why);
  }
  const e = await staff(MARTE, en);
  await e.get(path);
  const r = await postPairs(e, path, [['accepts', '1'], ['reply_days', '3']], en);
  assert.equal(r.status, 400);
  assert.match(r.text, /Choose at least one topic when the unit accepts new conversations\./);
  assert.deepEqual([oyaTopics(), oyaDays()], before);
});

test('M2 settings, hostile: another unit\'s staff 404, a role without it 403, a forged clinician 404, citizens 403', async () => {
  const oya = unitId('oya-legesenter');
  const path = `/staff/messages/units/${oya}`;
  const before = [oyaTopics(), oyaDays(), count('message_clinician')];
  const valid = [['accepts', '1'], ['reply_days', '9'], ['topics', 'other']];
  for (const nin of [KARI, EIRIK]) { // clinicians, at other units
    const s = await staff(nin);
    await s.get('/staff/messages');
    assert.equal((await s.get(path)).status, 404, nin);
    assert.equal((await postPairs(s, path, valid)).status, 404, nin);
  }
  for (const nin of [SARA, PER]) { // support at Øya; a caseworker elsewhere
    const s = await staff(nin);
    await s.get('/staff/messages');
    assert.equal((await s.get(path)).status, 403, nin);
    assert.equal((await postPairs(s, path, valid)).status, 403, nin);
  }
  const m = await staff(MARTE);
  await m.get(path);
  const forged = await postPairs(m, path, [...valid, ['clinicians', staffId(EIRIK)]]);
  assert.equal(forged.status, 404, 'a clinician of another unit');
  assert.equal((await m.get('/staff/messages/units/999999')).status, 404);
  const c = await citizen(MARIUS);
  assert.equal((await c.get(path)).status, 403);
  assert.deepEqual([oyaTopics(), oyaDays(), count('message_clinician')], before);
});

test('M2: a citizen writes to a clinician who accepts new conversations; it lands in the clinician\'s own queue', async () => {
  const oya = unitId('oya-legesenter');
  const ingrid = staffId(INGRID);
  const b = await citizen(MARIUS);
  const page = await b.get('/messages/new');
  assert.match(page.text, new RegExp(`<option value="${ingrid}">Ingrid Solberg, Øya legesenter</option>`));
  assert.doesNotMatch(page.text, new RegExp(`<option value="${staffId(EIRIK)}">`), 'a clinician who does not accept is not offered');
  const r = await upload(b, '/messages/new', { to: `${oya}-other`, clinician: ingrid, subject: 'Til fastlegen min', body: 'Hei Ingrid' });
  assert.equal(r.status, 303);
  assert.equal(sqlValue(demo.db, `SELECT clinician_id FROM conversation WHERE subject = 'Til fastlegen min'`), ingrid);
  const i = await staff(INGRID);
  const q = await i.get('/staff/messages');
  assert.match(q.text, /Mine samtaler[\s\S]*Til fastlegen min[\s\S]*Enhetens samtaler/);
});

test('M2 clinician, hostile: one who does not accept is 404; one at another of my units is a clear 400; nothing stored', async () => {
  const oya = unitId('oya-legesenter');
  const station = unitId('helsestasjon-sentrum');
  const b = await citizen(MARIUS);
  await b.get('/messages/new');
  const before = count('conversation');
  for (const forged of [staffId(EIRIK), staffId(MARTE), '999999']) {
    const r = await upload(b, '/messages/new', { to: `${oya}-other`, clinician: forged, subject: 'Hei', body: 'Hei' });
    assert.equal(r.status, 404, forged);
  }
  // Kari accepts at the health station, where Marius is made a patient too.
  sql(demo.db, `INSERT INTO patient_unit (person_id, unit_id, since) VALUES (${personId(demo.db, MARIUS)}, ${station}, '2020-01-01'); INSERT INTO message_clinician (unit_id, staff_id) VALUES (${station}, ${staffId(KARI)})`);
  const wrong = await upload(b, '/messages/new', { to: `${oya}-other`, clinician: staffId(KARI), subject: 'Hei', body: 'Hei' });
  assert.equal(wrong.status, 400);
  assert.match(wrong.text, /Behandleren tar imot samtaler ved et annet sted enn det du valgte/);
  const e = await citizen(MARIUS, en);
  await e.get('/messages/new');
  const wrongEn = await upload(e, '/messages/new', { to: `${oya}-other`, clinician: staffId(KARI), subject: 'Hi', body: 'Hi' });
  assert.match(wrongEn.text, /The clinician takes conversations at another place than the one you chose/);
  assert.equal(count('conversation'), before);
  sql(demo.db, `DELETE FROM message_clinician WHERE unit_id = ${station}; DELETE FROM patient_unit WHERE person_id = ${personId(demo.db, MARIUS)} AND unit_id = ${station}`);
});

// ---- M4: assigning to a colleague; staff told of what waits ------------------------------
const waiting = async (b) => {
  const m = (await b.get('/staff')).text.match(/data-testid="waiting">\((\d+) venter\)/);
  return m ? Number(m[1]) : 0;
};

test('M4: a new citizen message waits in the staff header (a count, no content); assigning to a colleague tells them until they open it', async () => {
  const oya = unitId('oya-legesenter');
  const ingrid = await staff(INGRID);
  const marte = await staff(MARTE);
  const before = await waiting(marte);
  const c = await citizen(MARIUS);
  await c.get('/messages/new');
  assert.equal((await upload(c, '/messages/new', { to: `${oya}-other`, subject: 'Hemmelig emne om helsen', body: 'Sensitivt innhold' })).status, 303);
  const id = convId('Hemmelig emne om helsen');
  assert.equal(await waiting(marte), before + 1, 'the unit\'s queue has one more waiting');
  const header = (await marte.get('/staff')).text;
  assert.match(header, /<a class="ds-link" href="\/staff\/messages">Meldinger <span class="hs-unread" data-testid="waiting">/);
  assert.doesNotMatch(header, /Hemmelig emne|Sensitivt innhold|Marius/, 'the notice holds no content');
  const page = await marte.get(`/staff/messages/${id}`); // read by the unit: no longer waiting for Marte
  assert.match(page.text, new RegExp(`<option value="${staffId(INGRID)}">Ingrid Solberg</option>`));
  assert.doesNotMatch(page.text, new RegExp(`<option value="${staffId(EIRIK)}">`), 'only colleagues at the unit are offered');
  assert.equal(await waiting(marte), before);
  const ingridBefore = await waiting(ingrid);
  const r = await marte.post(`/staff/messages/${id}/assign`, { to: staffId(INGRID) });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), `/staff/messages/${id}?done=reassigned`);
  assert.match((await marte.get(r.headers.get('location'))).text, /Samtalen er tildelt kollegaen din/);
  assert.equal(sqlValue(demo.db, `SELECT assigned_to FROM conversation WHERE id = ${id}`), staffId(INGRID));
  assert.equal(await waiting(ingrid), ingridBefore + 1, 'Ingrid is told');
  assert.match((await ingrid.get('/staff/messages')).text, /Mine samtaler[\s\S]*Hemmelig emne om helsen[\s\S]*Enhetens samtaler/);
  await ingrid.get(`/staff/messages/${id}`);
  assert.equal(await waiting(ingrid), ingridBefore, 'opening it ends the notice');
});

test('M4 assign, hostile: not to staff of another unit or an unknown id (404, nothing changed); other units\' staff cannot assign (404)', async () => {
  const id = convId('Hemmelig emne om helsen');
  const assigned = () => sqlValue(demo.db, `SELECT assigned_to FROM conversation WHERE id = ${id}`);
  const before = assigned();
  const marte = await staff(MARTE);
  await marte.get(`/staff/messages/${id}`);
  for (const to of [staffId(EIRIK), staffId(KARI), staffId(PER), '999999']) {
    assert.equal((await marte.post(`/staff/messages/${id}/assign`, { to })).status, 404, to);
  }
  assert.equal((await marte.post(`/staff/messages/${id}/assign`, { to: 'abc' })).status, 400);
  const kari = await staff(KARI);
  await kari.get('/staff/messages');
  assert.equal((await kari.post(`/staff/messages/${id}/assign`, { to: staffId(KARI) })).status, 404);
  assert.equal(assigned(), before);
});
