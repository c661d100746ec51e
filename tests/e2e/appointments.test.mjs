// appointments.test.mjs — appointments (P1-P4, P6, P9) in a real browser with
// a TestID login, on the demo world's day (2026-11-22): Silje books a GP
// appointment (the fee shown before and after), moves it, and cancels it; a
// short-notice offer taken in one browser while the other's is withdrawn;
// e-check-in with a questionnaire the hospital tied to the appointment.
// axe-core finds zero violations on every page of the journey at 1280 and
// 320 px, and nothing scrolls sideways on a phone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, checkPage } from '../lib/e2e.mjs';
import { sqlValue, personId } from '../lib/db.mjs';

const e2e = browserSuite();
const NOW = { 'x-helsami-now': '2026-11-22T10:00:00Z' };

test('book, change and cancel an appointment', async () => {
  const page = await e2e.page({ extraHTTPHeaders: NOW });
  await e2e.login(page, 'Silje Berg', '/');
  assert.match(await page.locator('main').textContent(), /Videokonsultasjon med fastlegen, Øya legesenter/, 'A3: upcoming on the home page');
  await page.getByRole('link', { name: 'Alle timer' }).click();
  await page.waitForURL(e2e.url('/appointments'));
  assert.match(await page.locator('main').textContent(), /Videokonsultasjon med fastlegen/, 'her seeded video appointment');
  await checkPage(page, 'appointments');

  await page.getByRole('link', { name: 'Bestill time' }).click();
  await page.waitForURL(e2e.url('/appointments/book'));
  await checkPage(page, 'booking: units and visit types');
  await page.getByRole('link', { name: 'Legetime', exact: true }).click();
  await page.waitForLoadState();
  assert.match(await page.locator('main').textContent(), /Egenandel\s*192 kr/, 'P9: the fee before booking');
  await checkPage(page, 'booking: free times');
  // The first free time on Wednesday 25 November (more than a day ahead: it may be changed).
  const wednesday = page.getByRole('group', { name: /onsdag 25\. november 2026/ });
  await wednesday.getByRole('radio').first().check();
  await page.getByRole('button', { name: 'Bestill timen' }).click();
  await page.waitForURL(/\/appointments\/\d+\?done=booked$/);
  assert.ok(await page.getByText('Timen er bestilt.').isVisible());
  assert.match(await page.locator('main').textContent(), /25\. november 2026/);
  assert.match(await page.locator('main').textContent(), /192 kr/);
  await checkPage(page, 'the appointment booked');

  // Move it to another time.
  await page.getByRole('link', { name: 'Flytt timen' }).click();
  await page.waitForLoadState();
  await checkPage(page, 'move: free times');
  await page.getByRole('group', { name: /torsdag 26\. november 2026/ }).getByRole('radio').first().check();
  await page.getByRole('button', { name: 'Flytt til denne tiden' }).click();
  await page.waitForURL(/\/appointments\/\d+\?done=moved$/);
  assert.ok(await page.getByText('Timen er flyttet.').isVisible());
  assert.match(await page.locator('main').textContent(), /26\. november 2026/);

  // And cancel it.
  await page.getByRole('button', { name: 'Avbestill timen' }).click();
  await page.waitForURL(/\/appointments\/\d+\?done=cancelled$/);
  assert.ok(await page.getByText('Timen er avbestilt.').isVisible());
  assert.match(await page.locator('main').textContent(), /Avlyst/);
  await checkPage(page, 'the appointment cancelled');
  await page.close();
});

test('short notice: the office offers two at a time; Marius cancels, Geir takes the time, Camilla is told it is taken', async () => {
  const oya = sqlValue(e2e.db, "SELECT id FROM unit WHERE code = 'oya-legesenter'");
  const office = await e2e.page({ extraHTTPHeaders: NOW });
  await e2e.login(office, 'Marte Vik');
  await office.goto(e2e.url(`/staff/schedules/${oya}`));
  await office.getByLabel('Tilbud om gangen').fill('2');
  await office.getByRole('button', { name: 'Lagre reglene' }).click();
  await office.waitForLoadState();
  await office.close();

  // Marius cancels his GP appointment in three days: an earlier time for the two on Øya's list.
  const marius = await e2e.page({ extraHTTPHeaders: NOW });
  await e2e.openRecord(marius, 'Marius Berg');
  await marius.goto(e2e.url('/appointments'));
  await marius.getByRole('listitem').filter({ hasText: 'Legetime' }).first().getByRole('link').click();
  await marius.getByRole('button', { name: 'Avbestill timen' }).click();
  await marius.waitForURL(/done=cancelled$/);
  await marius.close();

  const offerPage = async (name) => {
    const page = await e2e.page({ extraHTTPHeaders: NOW });
    await e2e.openRecord(page, name);
    await page.goto(e2e.url('/appointments'));
    await page.getByRole('region', { name: 'Tidligere time tilbudt' }).getByRole('link').first().click();
    await page.getByText('En tidligere time er ledig').waitFor();
    return page;
  };
  const geir = await offerPage('Geir Aasen');
  const camilla = await offerPage('Camilla Eide');
  await checkPage(camilla, 'a short-notice offer');
  await geir.getByRole('button', { name: 'Ja, ta den tidligere timen' }).click();
  await geir.waitForURL(/\/appointments\/\d+/);
  await camilla.getByRole('button', { name: 'Ja, ta den tidligere timen' }).click();
  await camilla.getByText('Noen andre tok denne timen').waitFor();
  await checkPage(camilla, 'an offer taken by someone else');
  for (const p of [geir, camilla]) await p.close();
});

test('e-check-in: the hospital ties a questionnaire to Marius\'s follow-up; he answers it and checks in', async () => {
  const appt = Number(sqlValue(e2e.db, `SELECT a.id FROM appointment a JOIN visit_type v ON v.id = a.visit_type_id
    WHERE a.patient_id = ${personId(e2e.db, '12848649994')} AND v.name_nb = 'Poliklinisk kontroll' AND a.status = 'booked' ORDER BY a.id LIMIT 1`));
  const eirik = await e2e.page({ extraHTTPHeaders: NOW });
  await e2e.login(eirik, 'Eirik Lund');
  await eirik.goto(e2e.url(`/staff/patients/${personId(e2e.db, '12848649994')}/questionnaires`));
  const form = await eirik.locator('#f-questionnaire option', { hasText: 'Før timen hos fastlegen' }).getAttribute('value');
  await eirik.locator('#f-questionnaire').selectOption(form);
  await eirik.locator('#f-appointment').selectOption(String(appt));
  await eirik.getByRole('button', { name: 'Send spørreskjemaet' }).click();
  await eirik.waitForLoadState();
  await eirik.close();

  // Check-in opens a week before: 26 November.
  const page = await e2e.page({ extraHTTPHeaders: { 'x-helsami-now': '2026-11-26T10:00:00Z' } });
  await e2e.openRecord(page, 'Marius Berg');
  await page.goto(e2e.url(`/appointments/${appt}`));
  await page.getByRole('link', { name: 'Sjekk inn' }).click();
  await checkPage(page, 'check-in, open');
  await page.getByRole('button', { name: 'Sjekk inn' }).click();
  await page.getByText('Svar på skjemaene før du sjekker inn').first().waitFor();
  await page.getByRole('link', { name: 'Før timen hos fastlegen' }).click();
  await page.getByLabel('Hva ønsker du å ta opp på timen?').fill('Kontroll etter innleggelsen');
  await page.getByRole('group', { name: /Bruker du medisiner som ikke står i medisinlisten din/ }).getByLabel('Nei').check();
  await page.getByRole('button', { name: 'Send inn svarene' }).click();
  await page.waitForLoadState();
  await page.goto(e2e.url(`/appointments/${appt}/check-in`));
  await page.getByLabel('Kontaktopplysningene stemmer').check();
  await page.getByRole('button', { name: 'Sjekk inn' }).click();
  await page.getByText('Du er sjekket inn. Velkommen!').waitFor();
  await checkPage(page, 'checked in');
  await page.close();
});
