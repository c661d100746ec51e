// video.test.mjs — video consultations (P5) over real HTTP with TestID
// logins, each rule with its hostile case beside the happy one: the
// appointment page links the call and the pre-call check and keeps the fee
// (P9); outside the window a clear page (403), inside it the call page with
// its script and camera and microphone allowed (every other page denies
// them); clinicians are in at once, the patient waits until let in; messages
// go only between admitted members of one call, and a long poll is woken by
// a message instead of holding a thread; someone not on the call, another
// call's member, a forged or malformed id are 404, a patient's clinician
// controls 403, a representative whose access kind lacks appointments 403;
// a parent joins for a child with both identities in the child's access log;
// the clinician ends the call for everyone; the appointment page then says
// the call took place. TURN credentials are unit-tested (tests/unit/test_video.c).
// Runs on SQLite, or PostgreSQL when HELSAMI_TEST_PG_URL is set.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../lib/server.mjs';
import { demoServer, textOf as text, NO_RATE_LIMITS } from '../lib/demo.mjs';
import { sql, sqlValue, personId } from '../lib/db.mjs';

const P = {
  marius: '12848649994', silje: '03898849863', emma: '15862199860', ingrid: '14827549852', kari: '11907949887',
  marte: '19889549834', eirik: '05927049955',
};
// Seeded for Sunday 22 November: Silje's video consultation with Ingrid is
// Monday 23 November 14:00-14:20 Oslo time (13:00Z), Marius's 09:00 (08:00Z).
const IN = '2026-11-23T12:45:00Z';     // 15 minutes before Silje's
const EARLY = '2026-11-23T12:00:00Z';  // an hour before: not yet
const LATE = '2026-11-23T13:21:00Z';   // just after its end

const demo = demoServer({
  args: [...NO_RATE_LIMITS, '--stun-url', 'stun:turn.example.no:3478', '--turn-url', 'turn:turn.example.no:3478'],
  env: { HELSAMI_TURN_SECRET: 'north' },
});

const citizen = (nin, now = IN) => demo.citizen(nin, now);
const staff = (nin, now = IN) => demo.staff(nin, now);
// The person's first video appointment (the demo world's today and tomorrow ones).
const videoAppt = (nin) => Number(sqlValue(demo.db, `SELECT a.id FROM appointment a JOIN visit_type v ON v.id = a.visit_type_id
  JOIN slot s ON s.id = a.slot_id WHERE a.patient_id = ${personId(demo.db, nin)} AND v.mode = 'video' AND a.status = 'booked'
  ORDER BY s.start_at LIMIT 1`));
const callOf = (appt) => Number(sqlValue(demo.db, `SELECT id FROM video_call WHERE appointment_id = ${appt}`));
const json = (r) => JSON.parse(r.text);
const poll = (b, call, after = 0, opts = {}) => b.get(`/video/calls/${call}/messages?after=${after}`, opts);
const send = (b, call, fields) => b.post(`/video/calls/${call}/messages`, fields);

test('the appointment page links the call and the check, with the fee (P9); the check page works without login', async () => {
  const s = await citizen(P.silje);
  const id = videoAppt(P.silje);
  const page = await s.get(`/appointments/${id}`);
  assert.equal(page.status, 200);
  assert.match(page.text, new RegExp(`href="/appointments/${id}/video"`));
  assert.match(page.text, /href="\/appointments\/video\/check"/);
  assert.match(text(page.text), /Egenandel 192 kr/);
  assert.doesNotMatch(page.text, /video\.js/, 'no call script on the appointment page');
  assert.match(page.headers.get('permissions-policy'), /camera=\(\), microphone=\(\)/);

  const anon = await fetch(`${demo.srv.url}/appointments/video/check`);
  const body = await anon.text();
  assert.equal(anon.status, 200);
  assert.match(body, /<script src="\/static\/video_check\.js\?v=[^"]+" defer><\/script>/);
  assert.match(anon.headers.get('permissions-policy'), /camera=\(self\), microphone=\(self\)/);
  assert.match(anon.headers.get('content-security-policy'), /script-src 'self';/);
  assert.doesNotMatch(body, /<script>|<script [^>]*>[^<]/, 'no inline script');
  assert.match(body, /data-ice="\[\{&quot;urls&quot;:&quot;stun:turn\.example\.no:3478&quot;\}\]"/, 'STUN only, no TURN secret for visitors');
  const en = await fetch(`${demo.srv.url}/appointments/video/check`, { headers: { 'accept-language': 'en' } });
  assert.match(await en.text(), /A headset or earphones give better sound/);
});

test('outside the window: a clear page (403) before and after; the join is refused the same way', async () => {
  const id = videoAppt(P.silje);
  const early = await citizen(P.silje, EARLY);
  const r = await early.get(`/appointments/${id}/video`);
  assert.equal(r.status, 403);
  assert.match(text(r.text), /Du kan gå inn i videokonsultasjonen fra 23\. november 2026 kl\. 13\.30/);
  assert.doesNotMatch(r.text, /video\.js/);
  const call = callOf(id);
  const j = await early.post(`/video/calls/${call}/join`);
  assert.equal(j.status, 403);
  assert.match(json(j).message, /fra/);
  const late = await citizen(P.silje, LATE);
  const l = await late.get(`/appointments/${id}/video`);
  assert.equal(l.status, 403);
  assert.match(text(l.text), /Tiden for denne videokonsultasjonen er ute/);
  const lateEn = await late.get(`/appointments/${id}/video?lang=en`);
  assert.match(text((await late.get(lateEn.location)).text), /The time for this video consultation is over/);
});

test('the call: the clinician is in, the patient waits until let in; messages only between admitted members; long polls are woken', async () => {
  const id = videoAppt(P.silje);
  const ingrid = await staff(P.ingrid);
  const sp = await ingrid.get(`/staff/video/${id}`);
  assert.equal(sp.status, 200);
  assert.match(sp.text, /<script src="\/static\/video\.js\?v=[^"]+" defer><\/script>/);
  assert.match(sp.headers.get('permissions-policy'), /camera=\(self\), microphone=\(self\)/);
  const ice = JSON.parse(sp.text.match(/data-ice="([^"]*)"/)[1].replaceAll('&quot;', '"'));
  assert.equal(ice.length, 2);
  assert.match(ice[1].username, /^\d+:m\d+$/, 'TURN: username = expiry:member');
  assert.equal(Number(ice[1].username.split(':')[0]), Date.parse(IN) / 1000 + 86400, 'valid for a day');
  const call = Number(sp.text.match(/data-call="(\d+)"/)[1]);
  assert.equal(call, callOf(id));

  const host = json(await ingrid.post(`/video/calls/${call}/join`));
  assert.equal(host.state, 'admitted');
  assert.equal(host.host, true);

  const s = await citizen(P.silje);
  const page = await s.get(`/appointments/${id}/video`);
  assert.equal(page.status, 200);
  assert.match(page.text, /Egenandel: 192 kr/);
  const joined = json(await s.post(`/video/calls/${call}/join`));
  assert.equal(joined.state, 'waiting');
  assert.equal(joined.host, false);
  // Waiting: no offers to or from the patient.
  const early = await send(s, call, { to: String(host.me), kind: 'offer', body: '{"type":"offer","sdp":"v=0"}' });
  assert.equal(early.status, 403);
  const hp = json(await poll(ingrid, call, host.next));
  const waiting = hp.members.find((m) => m.id === joined.me);
  assert.equal(waiting.state, 'waiting', 'the clinician sees who waits');
  assert.equal(waiting.name, 'Silje Berg');
  // Not the patient's to decide.
  assert.equal((await s.post(`/video/calls/${call}/manage`, { action: 'admit', member: String(joined.me) })).status, 403);

  // Let in: the waiting room's poll answers at once with "admit".
  const waitingPoll = poll(s, call, joined.next);
  await new Promise((r) => setTimeout(r, 300));
  assert.equal((await ingrid.post(`/video/calls/${call}/manage`, { action: 'admit', member: String(joined.me) })).status, 200);
  const admitted = json(await waitingPoll);
  assert.equal(admitted.state, 'admitted');
  assert.ok(admitted.messages.some((m) => m.kind === 'admit'));

  // A long poll parks and is woken by the message (well under the second a recheck takes).
  const t0 = Date.now();
  const parked = poll(s, call, admitted.next);
  await new Promise((r) => setTimeout(r, 400));
  const offer = JSON.stringify({ type: 'offer', sdp: 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\n' });
  assert.equal((await send(ingrid, call, { to: String(joined.me), kind: 'offer', body: offer })).status, 200);
  const got = json(await parked);
  const waited = Date.now() - t0;
  assert.ok(waited >= 400 && waited < 900, `woken by the message, after ${waited} ms`);
  const m = got.messages.find((x) => x.kind === 'offer');
  assert.equal(m.from, host.me);
  assert.equal(m.body, offer, 'relayed as sent');
  // Resumes after a reload from the same sequence number: nothing new, nothing repeated.
  assert.equal(json(await poll(s, call, got.next, { signal: AbortSignal.timeout(300) }).catch(() => ({ text: '{"messages":[]}' }))).messages.length, 0);

  // Bad messages: a clear error in the reader's language, nothing stored.
  const before = sqlValue(demo.db, `SELECT COUNT(*) FROM video_signal WHERE call_id = ${call}`);
  const bad = await send(s, call, { to: String(host.me), kind: 'sdp-injection', body: 'x' });
  assert.equal(bad.status, 400);
  assert.equal(json(bad).message, 'Meldingen er ikke gyldig.');
  const badEn = await send(s, call, { to: String(host.me), kind: 'offer', body: 'x'.repeat(17000) });
  assert.equal(badEn.status, 400);
  const noTo = await send(s, call, { kind: 'answer', body: '{}' });
  assert.equal(noTo.status, 400);
  assert.equal(sqlValue(demo.db, `SELECT COUNT(*) FROM video_signal WHERE call_id = ${call}`), before);

  // The access log: the clinician's join in Silje's log.
  const logged = sql(demo.db, `SELECT action FROM audit_log WHERE patient_id = ${personId(demo.db, P.silje)} AND what = 'video' AND what_id = '${call}' ORDER BY seq`).map((r) => r[0]);
  assert.ok(logged.includes('join') && logged.includes('admit'), `logged: ${logged}`);

  // Leaving and rejoining: back in the waiting room? No: a reload keeps one in; leaving puts one back to wait.
  assert.equal((await s.post(`/video/calls/${call}/leave`)).status, 200);
  assert.equal(json(await poll(ingrid, call, 0)).members.find((x) => x.id === joined.me).state, 'left');
  assert.equal(json(await s.post(`/video/calls/${call}/join`)).state, 'waiting');
  await ingrid.post(`/video/calls/${call}/manage`, { action: 'admit', member: String(joined.me) });
  assert.equal(json(await s.post(`/video/calls/${call}/join`)).state, 'admitted', 'a reload stays in');

  // Mute and remove: the patient is told.
  assert.equal((await ingrid.post(`/video/calls/${call}/manage`, { action: 'mute', member: String(joined.me) })).status, 200);
  const muted = json(await poll(s, call, 0));
  assert.equal(muted.muted, true);
  assert.ok(muted.messages.some((x) => x.kind === 'mute' && x.body === '1'));
  assert.equal((await ingrid.post(`/video/calls/${call}/manage`, { action: 'remove', member: String(host.me) })).status, 409, 'the host is not removed');
  assert.equal((await ingrid.post(`/video/calls/${call}/manage`, { action: 'remove', member: String(joined.me) })).status, 200);
  assert.equal(json(await poll(s, call, 0)).state, 'removed');
  assert.equal((await send(s, call, { kind: 'hello', body: '' })).status, 403);
});

test('hostile: not on the call, another call, forged and malformed ids; roles and kinds without P5', async () => {
  const id = videoAppt(P.silje);
  const call = callOf(id);
  const marius = await citizen(P.marius);
  // Another citizen: the appointment and the call do not exist for him.
  assert.equal((await marius.get(`/appointments/${id}/video`)).status, 404);
  assert.equal((await marius.post(`/video/calls/${call}/join`)).status, 404);
  assert.equal((await poll(marius, call)).status, 404);
  assert.equal((await send(marius, call, { kind: 'hello', body: '' })).status, 404);
  assert.equal((await marius.post(`/video/calls/${call}/leave`)).status, 404);
  // His own call cannot reach Silje's members, nor read hers.
  const mine = videoAppt(P.marius);
  const mp = await citizen(P.marius, '2026-11-23T07:50:00Z');
  assert.equal((await mp.get(`/appointments/${mine}/video`)).status, 200);
  const mcall = callOf(mine);
  const ingrid = await staff(P.ingrid, '2026-11-23T07:50:00Z');
  await ingrid.get(`/staff/video/${mine}`);
  await ingrid.post(`/video/calls/${mcall}/join`);
  const mj = json(await mp.post(`/video/calls/${mcall}/join`));
  const host = json(await poll(ingrid, mcall, 0)).me;
  await ingrid.post(`/video/calls/${mcall}/manage`, { action: 'admit', member: String(mj.me) });
  const siljeMember = Number(sqlValue(demo.db, `SELECT id FROM video_member WHERE call_id = ${call} AND patient_id IS NOT NULL`));
  assert.equal((await send(mp, mcall, { to: String(siljeMember), kind: 'offer', body: '{}' })).status, 404, "another call's member");
  assert.equal((await send(mp, mcall, { to: String(host), kind: 'offer', body: '{}' })).status, 200);
  assert.equal((await ingrid.post(`/video/calls/${mcall}/manage`, { action: 'mute', member: String(siljeMember) })).status, 404);
  // Forged and malformed ids.
  for (const bad of ['999999999', '0', '-1', '01', 'abc']) {
    assert.equal((await mp.post(`/video/calls/${bad}/join`)).status, 404, bad);
    assert.equal((await mp.get(`/video/calls/${bad}/messages`)).status, 404, bad);
    assert.equal((await mp.get(`/appointments/${bad}/video`)).status, 404, bad);
  }
  // A non-video appointment has no call page.
  const gp = Number(sqlValue(demo.db, `SELECT a.id FROM appointment a JOIN visit_type v ON v.id = a.visit_type_id WHERE a.patient_id = ${personId(demo.db, P.marius)} AND v.mode = 'in_person' AND a.status = 'booked' ORDER BY a.id LIMIT 1`));
  assert.equal((await mp.get(`/appointments/${gp}/video`)).status, 404);
  // Staff: the office has no P5 (403); a clinician outside the patient's units sees nothing (404).
  const marte = await staff(P.marte);
  assert.equal((await marte.get(`/staff/video/${id}`)).status, 403);
  assert.equal((await marte.post(`/video/calls/${call}/join`)).status, 403);
  const eirik = await staff(P.eirik);
  assert.equal((await eirik.get(`/staff/video/${id}`)).status, 404);
  assert.equal((await eirik.post(`/video/calls/${call}/join`)).status, 404);
  assert.equal((await poll(eirik, call)).status, 404);
  assert.equal((await eirik.post(`/staff/video/${id}`)).status, 404);
  // A citizen may not manage (a staff route).
  assert.equal((await mp.post(`/video/calls/${mcall}/manage`, { action: 'end' })).status, 403);
  // Representation "health information only": no video.
  const m2 = await citizen(P.marius);
  await m2.get('/access/grant');
  assert.equal((await m2.post('/access/grant', { nin: P.silje, family_name: 'Berg', kind: 'health_read', valid_until: '', confirm: '1' })).status, 303);
  const s = await citizen(P.silje, '2026-11-23T07:50:00Z');
  await s.get('/access/choose');
  assert.equal((await s.post('/access/act', { person: personId(demo.db, P.marius) })).status, 303);
  assert.equal((await s.get(`/appointments/${mine}/video`)).status, 403);
  assert.equal((await s.post(`/video/calls/${mcall}/join`)).status, 403);
  assert.equal((await poll(s, mcall)).status, 403);
});

test('a parent joins for a child: the clinician made it a video one; both identities in the child\'s log', async () => {
  // Emma (under 12) has an in-person check-up with Kari; Kari turns it into video.
  const appt = Number(sqlValue(demo.db, `SELECT id FROM appointment WHERE patient_id = ${personId(demo.db, P.emma)} AND status = 'booked' ORDER BY id LIMIT 1`));
  const start = Number(sqlValue(demo.db, `SELECT s.start_at FROM appointment a JOIN slot s ON s.id = a.slot_id WHERE a.id = ${appt}`));
  const now = new Date((start - 600) * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
  const kari = await staff(P.kari, now);
  const list = await kari.get('/staff/video');
  assert.equal(list.status, 200);
  assert.match(text(list.text), /Emma Berg/);
  const made = await kari.post(`/staff/video/${appt}`);
  assert.equal(made.status, 303);
  const call = callOf(appt);
  assert.ok(call > 0);
  assert.ok(Number(sqlValue(demo.db, `SELECT COUNT(*) FROM audit_log WHERE patient_id = ${personId(demo.db, P.emma)} AND what = 'video' AND action = 'update'`)) === 1);
  // Marius, her parent, acts for her.
  const m = await citizen(P.marius, now);
  await m.get('/access/parent');
  assert.equal((await m.post('/access/parent', { nin: P.emma })).status, 303);
  await m.get('/access/choose');
  assert.equal((await m.post('/access/act', { person: personId(demo.db, P.emma) })).status, 303);
  const page = await m.get(`/appointments/${appt}`);
  assert.match(page.text, new RegExp(`href="/appointments/${appt}/video"`));
  assert.equal((await m.get(`/appointments/${appt}/video`)).status, 200);
  const j = json(await m.post(`/video/calls/${call}/join`));
  assert.equal(j.state, 'waiting');
  assert.equal(sqlValue(demo.db, `SELECT joined_by FROM video_member WHERE id = ${j.me}`), String(personId(demo.db, P.marius)));
  const logged = sql(demo.db, `SELECT action, actor_person_id, purpose FROM audit_log WHERE patient_id = ${personId(demo.db, P.emma)} AND what = 'video' AND action = 'join'`);
  assert.deepEqual(logged, [['join', String(personId(demo.db, P.marius)), 'representation']]);
  // Kari lets them in and ends the call for everyone; the page then says it took place.
  await kari.get(`/staff/video/${appt}`);
  await kari.post(`/video/calls/${call}/join`);
  assert.equal((await kari.post(`/video/calls/${call}/manage`, { action: 'admit', member: String(j.me) })).status, 200);
  assert.equal((await kari.post(`/video/calls/${call}/manage`, { action: 'end' })).status, 200);
  assert.equal(json(await poll(m, call, 0)).state, 'ended');
  assert.equal((await send(m, call, { kind: 'hello', body: '' })).status, 403);
  assert.equal(sqlValue(demo.db, `SELECT COUNT(*) FROM video_signal WHERE call_id = ${call}`), '0', 'an ended call keeps no signaling');
  assert.equal((await kari.post(`/video/calls/${call}/manage`, { action: 'end' })).status, 409);
  const after = text((await m.get(`/appointments/${appt}`)).text);
  assert.match(after, /Videokonsultasjonen ble holdt/);
});

test('parked polls hold no thread: other requests are answered while 16 wait', async () => {
  const id = videoAppt(P.silje);
  const call = callOf(id);
  const ingrid = await staff(P.ingrid);
  await ingrid.get(`/staff/video/${id}`);
  const me = json(await ingrid.post(`/video/calls/${call}/join`));
  const ctl = new AbortController();
  const parked = Array.from({ length: 16 }, () => poll(ingrid, call, 1e12, { signal: ctl.signal }).catch(() => null));
  await new Promise((r) => setTimeout(r, 300));
  const t0 = Date.now();
  const page = await ingrid.get('/staff/video');
  assert.equal(page.status, 200);
  assert.ok(Date.now() - t0 < 1000, `answered in ${Date.now() - t0} ms with 16 polls parked on 2 threads`);
  ctl.abort();
  await Promise.all(parked);
  assert.ok(me.me > 0);
});

test('a poll parked before its reader logs out answers 401 at its next look, with nothing of the call', async () => {
  const id = videoAppt(P.silje);
  const ingrid = await staff(P.ingrid);
  await ingrid.get(`/staff/video/${id}`);
  const call = callOf(id);
  const me = json(await ingrid.post(`/video/calls/${call}/join`));
  const parked = poll(ingrid, call, me.next);
  await new Promise((r) => setTimeout(r, 300));
  assert.equal((await ingrid.post('/logout')).status, 303);
  const t0 = Date.now();
  const r = await parked;
  assert.equal(r.status, 401);
  assert.doesNotMatch(r.text, /"messages"|"members"/);
  assert.ok(Date.now() - t0 < 2500, `answered ${Date.now() - t0} ms after the logout`);
});

test('a call nobody ended is ended by the jobs once its time is over, keeping no signaling', async () => {
  const call = callOf(videoAppt(P.silje));
  assert.equal(sqlValue(demo.db, `SELECT status FROM video_call WHERE id = ${call}`), 'open');
  assert.ok(Number(sqlValue(demo.db, `SELECT COUNT(*) FROM video_signal WHERE call_id = ${call}`)) > 0);
  const during = runCli(['jobs', 'run', '--now', LATE, '--db', demo.db.url]);
  assert.equal(during.status, 0, during.stderr);
  assert.equal(sqlValue(demo.db, `SELECT status FROM video_call WHERE id = ${call}`), 'open', 'members may run over');
  const over = runCli(['jobs', 'run', '--now', '2026-11-23T14:00:00Z', '--db', demo.db.url]);
  assert.equal(over.status, 0, over.stderr);
  assert.match(over.stdout, /video: [1-9]\d* calls past their time ended/);
  assert.equal(sqlValue(demo.db, `SELECT status FROM video_call WHERE id = ${call}`), 'ended');
  assert.equal(sqlValue(demo.db, `SELECT COUNT(*) FROM video_signal WHERE call_id = ${call}`), '0');
  const ingrid = await staff(P.ingrid, '2026-11-23T14:00:00Z');
  assert.equal(json(await poll(ingrid, call, 0)).state, 'ended');
});
