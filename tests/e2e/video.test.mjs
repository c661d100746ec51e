// video.test.mjs — video consultations (P5) in real browsers: Debian's
// Chromium with a fake camera and microphone (--use-fake-device-for-media-
// stream, --use-fake-ui-for-media-stream: permission granted without a
// prompt). Silje (citizen) and Ingrid (her GP) join her video appointment in
// two browser contexts; Silje waits until Ingrid lets her in; then each side
// asserts through RTCPeerConnection.getStats() that inbound video frames are
// decoded and audio packets arrive. A group call of three (Ingrid lets Silje
// and Marius in): each receives from both others. An internal call made on
// the pages: Ingrid and her colleague Lars. axe on the pre-call check page,
// the waiting room and the new-call pages; the call page at 375 px.
//
// Loopback calls in headless Chromium: with camera and microphone granted
// Chromium does not hide host addresses behind mDNS names, but it leaves out
// loopback addresses altogether, and a container may have no other
// interface; --allow-loopback-in-peer-connection lets 127.0.0.1 be a host
// candidate (docs/video.md). Media goes browser to browser, never through
// helsami.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, checkPage, overflowX } from '../lib/e2e.mjs';
import { sqlValue, personId } from '../lib/db.mjs';

const e2e = browserSuite({
  chromiumArgs: ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', '--allow-loopback-in-peer-connection',
    '--autoplay-policy=no-user-gesture-required'],
});
// Silje's video consultation is Monday 23 November 14:00 Oslo (13:00Z).
const IN = { 'x-helsami-now': '2026-11-23T12:50:00Z' };

const videoAppt = () => Number(sqlValue(e2e.db, `SELECT a.id FROM appointment a JOIN visit_type v ON v.id = a.visit_type_id
  JOIN slot s ON s.id = a.slot_id WHERE a.patient_id = ${personId(e2e.db, '03898849863')} AND v.mode = 'video'
  AND a.status = 'booked' ORDER BY s.start_at LIMIT 1`));

// What the page's peer connections receive: per peer, video frames decoded and audio packets.
function inbound(page) {
  return page.evaluate(async () => {
    const out = {};
    for (const [id, p] of Object.entries(window.helsamiVideo.peers)) {
      const stats = await p.pc.getStats();
      const r = { frames: 0, audio: 0 };
      stats.forEach((s) => {
        if (s.type !== 'inbound-rtp') return;
        if (s.kind === 'video') r.frames += s.framesDecoded || 0;
        if (s.kind === 'audio') r.audio += s.packetsReceived || 0;
      });
      out[id] = r;
    }
    return out;
  });
}

// Waits until the page receives video frames and audio from `peers` others.
async function receiving(page, peers, who) {
  const until = Date.now() + 60_000;
  let last = {};
  while (Date.now() < until) {
    last = await inbound(page);
    const ok = Object.values(last).filter((r) => r.frames > 0 && r.audio > 0);
    if (ok.length >= peers) return last;
    await page.waitForTimeout(500);
  }
  assert.fail(`${who} receives from fewer than ${peers}: ${JSON.stringify(last)}`);
}

test('pre-call check: axe-clean, the camera preview and microphone level run with a fake device', async () => {
  const page = await e2e.page({ extraHTTPHeaders: IN });
  await page.goto(e2e.url('/appointments/video/check'));
  await checkPage(page, 'the pre-call check');
  await page.getByRole('button', { name: 'Start testen' }).click();
  await page.getByText('Kameraet virker.').waitFor();
  const playing = await page.evaluate(() => document.getElementById('check-video').srcObject?.getVideoTracks().length);
  assert.equal(playing, 1);
  await page.getByRole('button', { name: 'Test tilkoblingen' }).click();
  await page.getByText(/Tilkoblingen er god nok for video|Tilkoblingen er treg/).waitFor({ timeout: 20_000 });
  await page.close();
});

test('citizen and clinician: waiting room, let in, video and audio both ways', async () => {
  const id = videoAppt();
  const clinician = await e2e.page({ extraHTTPHeaders: IN });
  await e2e.login(clinician, 'Ingrid Solberg');
  await clinician.goto(e2e.url(`/staff/video/${id}`));
  await clinician.getByRole('button', { name: 'Gå inn i videokonsultasjonen' }).click();
  await clinician.getByText('Du er med i samtalen.').waitFor();

  const citizen = await e2e.page({ extraHTTPHeaders: IN });
  await e2e.login(citizen, 'Silje Berg');
  await citizen.goto(e2e.url(`/appointments/${id}`));
  await citizen.getByRole('link', { name: 'Gå til videokonsultasjonen' }).click();
  await citizen.waitForURL(e2e.url(`/appointments/${id}/video`));
  await citizen.getByRole('button', { name: 'Gå inn i videokonsultasjonen' }).click();
  await citizen.getByText('Du er i venterommet.', { exact: false }).waitFor();
  await checkPage(citizen, 'the waiting room');

  // The clinician sees her waiting and lets her in.
  const row = clinician.locator('#video-members li[data-state="waiting"]');
  await row.waitFor();
  assert.match(await row.textContent(), /Silje Berg \(venter\)/);
  await row.getByRole('button', { name: 'Slipp inn' }).click();
  await citizen.getByText('Du er med i samtalen.').waitFor();

  const c1 = await receiving(citizen, 1, 'the citizen');
  const k1 = await receiving(clinician, 1, 'the clinician');
  console.log(`# two: citizen ${JSON.stringify(c1)}, clinician ${JSON.stringify(k1)}`);

  // The call page on a 375 px phone: no sideways scrolling, the controls reachable.
  await citizen.setViewportSize({ width: 375, height: 800 });
  assert.ok(await overflowX(citizen) <= 0, 'the call page fits 375 px');
  assert.ok(await citizen.getByRole('button', { name: 'Forlat samtalen' }).isVisible());

  // The clinician ends the call for everyone.
  await clinician.getByRole('button', { name: 'Avslutt for alle' }).click();
  await citizen.getByText('Samtalen er avsluttet.').waitFor();
  await citizen.goto(e2e.url(`/appointments/${id}`));
  assert.match(await citizen.locator('main').textContent(), /Videokonsultasjonen ble holdt/);
  for (const p of [citizen, clinician]) await p.close();
});

// The demo world's group, "Mestringskurs: bedre søvn", is Tuesday 24 November 13:00 Oslo (12:00Z).
const GROUP = { 'x-helsami-now': '2026-11-24T11:50:00Z' };

test('a group of three: two citizens let in from the waiting room, each receiving from both others', async () => {
  const host = await e2e.page({ extraHTTPHeaders: GROUP });
  await e2e.login(host, 'Ingrid Solberg');
  await host.goto(e2e.url('/staff/video'));
  await host.getByRole('link', { name: 'Mestringskurs: bedre søvn' }).click();
  await host.getByRole('link', { name: 'Åpne samtalen' }).click();
  await host.getByRole('button', { name: 'Gå inn i videokonsultasjonen' }).click();
  await host.getByText('Du er med i samtalen.').waitFor();
  const members = [];
  for (const name of ['Silje Berg', 'Marius Berg']) {
    const page = await e2e.page({ extraHTTPHeaders: GROUP });
    await e2e.openRecord(page, name);
    await page.goto(e2e.url('/appointments'));
    await page.getByRole('link', { name: 'Gruppesamtaler på video du er invitert til' }).click();
    await page.getByRole('link', { name: 'Mestringskurs: bedre søvn' }).click();
    await page.getByRole('button', { name: 'Gå inn i videokonsultasjonen' }).click();
    await page.getByText('Du er i venterommet.', { exact: false }).waitFor();
    const row = host.locator('#video-members li[data-state="waiting"]', { hasText: name });
    await row.getByRole('button', { name: 'Slipp inn' }).click();
    await page.getByText('Du er med i samtalen.').waitFor();
    members.push(page);
  }
  const got = await receiving(members[0], 2, 'Silje, of three');
  await receiving(members[1], 2, 'Marius, of three');
  await receiving(host, 2, 'the host, of three');
  console.log(`# group of three: Silje ${JSON.stringify(got)}`);
  await host.getByRole('button', { name: 'Avslutt for alle' }).click();
  for (const p of members) await p.getByText('Samtalen er avsluttet.').waitFor();
  for (const p of [host, ...members]) await p.close();
});

test('an internal call made on the pages: Ingrid invites Lars, both are in at once, video and audio both ways', async () => {
  const host = await e2e.page({ extraHTTPHeaders: IN });
  await e2e.login(host, 'Ingrid Solberg');
  await host.goto(e2e.url('/staff/video'));
  await host.getByRole('link', { name: 'Ny intern samtale eller gruppesamtale' }).click();
  await checkPage(host, 'the new-call form');
  await host.getByLabel('Intern samtale med kolleger (ingen pasient)').check();
  await host.getByLabel('Tittel').fill('Drøfting av pasientforløp');
  await host.getByLabel('Dato').fill('2026-11-23');
  await host.getByLabel('Starttid').fill('14:00');
  await host.getByLabel('Varighet i minutter').fill('30');
  await host.getByRole('button', { name: 'Lag samtalen' }).click();
  await host.getByRole('heading', { name: 'Drøfting av pasientforløp' }).waitFor();
  await host.getByRole('button', { name: 'Inviter: Lars Moe' }).click();
  await host.getByText('Invitasjonen er sendt.').waitFor();
  await checkPage(host, 'the call of their own, with its invitations');
  await host.getByRole('link', { name: 'Åpne samtalen' }).click();
  await host.getByRole('button', { name: 'Gå inn i videokonsultasjonen' }).click();
  await host.getByText('Du er med i samtalen.').waitFor();

  const colleague = await e2e.page({ extraHTTPHeaders: IN });
  await e2e.login(colleague, 'Lars Moe');
  await colleague.goto(e2e.url('/staff/video'));
  await colleague.getByRole('link', { name: 'Drøfting av pasientforløp' }).click();
  await colleague.getByRole('link', { name: 'Åpne samtalen' }).click();
  await colleague.getByRole('button', { name: 'Gå inn i videokonsultasjonen' }).click();
  await colleague.getByText('Du er med i samtalen.').waitFor();
  const a = await receiving(host, 1, 'the host');
  const b = await receiving(colleague, 1, 'the colleague');
  console.log(`# internal: host ${JSON.stringify(a)}, colleague ${JSON.stringify(b)}`);
  await host.getByRole('button', { name: 'Avslutt for alle' }).click();
  await colleague.getByText('Samtalen er avsluttet.').waitFor();
  for (const p of [host, colleague]) await p.close();
});
