// schedules.test.mjs — the staff schedule pages in a real browser (W2):
// Marte at Øya's front desk opens a day with its edit forms for visit types
// and weekly templates, the closures page with Ingrid's absence and the
// appointment it hits (followed to its place on the day list), and
// Marius's chart section of appointments. axe-core finds zero violations at
// 1280 and 320 px and nothing scrolls sideways on a phone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, checkPage } from '../lib/e2e.mjs';

const e2e = browserSuite();
const NOW = { 'x-helsami-now': '2026-11-22T10:00:00Z' };

test('the schedule, its closures and the chart\'s appointments', async () => {
  const page = await e2e.page({ extraHTTPHeaders: NOW });
  await e2e.login(page, 'Marte Vik', '/staff');
  await page.goto(e2e.url('/staff/schedules'));
  await page.getByRole('link', { name: 'Øya legesenter' }).click();
  await page.waitForLoadState();
  await page.getByText('Endre timetypen').first().click();
  await checkPage(page, 'schedule with a visit type\'s edit form open');

  await page.getByRole('link', { name: 'Stengt og fravær' }).click();
  await page.waitForLoadState();
  assert.match(await page.locator('main').textContent(), /Legemøte[\s\S]*Camilla/, 'the demo absence and the appointment it hits');
  await checkPage(page, 'closures and absences');
  await page.getByRole('link', { name: /Flytt eller avlys/ }).first().click();
  await page.waitForLoadState();
  const target = new URL(page.url()).hash;
  assert.match(target, /^#slot-\d+$/);
  assert.match(await page.locator(target).textContent(), /Camilla/, 'lands on the appointment, with its move and cancel forms');

  await page.goto(e2e.url('/staff/patients'));
  await page.getByLabel('Fødselsnummer eller etternavn', { exact: false }).fill('12848649994');
  await page.getByRole('button', { name: 'Søk' }).click();
  await page.getByRole('link', { name: 'Marius Berg' }).click();
  await page.getByRole('link', { name: 'Timeavtaler' }).click();
  await page.waitForURL(/\/staff\/patients\/\d+\/appointments$/);
  assert.match(await page.locator('main').textContent(), /Kommende[\s\S]*Legetime/);
  await checkPage(page, 'the chart\'s appointments');
});
