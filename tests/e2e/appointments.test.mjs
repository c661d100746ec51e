// appointments.test.mjs — appointments (P1-P3, P9) in a real browser with a
// TestID login, on the demo world's day (2026-11-22): Silje books a GP
// appointment (the fee shown before and after), moves it, and cancels it.
// axe-core finds zero violations on every page of the journey at 1280 and
// 320 px, and nothing scrolls sideways on a phone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, checkPage } from '../lib/e2e.mjs';

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
