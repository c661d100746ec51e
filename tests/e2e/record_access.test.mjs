// record_access.test.mjs — access to the record (D2) in a real browser with
// TestID logins on the demo world's day (2026-11-22): Marius asks Øya
// legesenter for his visits and allergies this year, Ingrid Solberg makes
// the extract from her queue (the deadline shown), and Marius opens it in
// the document centre. axe-core finds zero violations on every new page at
// 1280 and 320 px, and nothing scrolls sideways.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, checkPage } from '../lib/e2e.mjs';

const e2e = browserSuite();
const NOW = { 'x-helsami-now': '2026-11-22T10:00:00Z' };

test('request access, make the extract, read it', async () => {
  const citizen = await e2e.page({ extraHTTPHeaders: NOW });
  await e2e.login(citizen, 'Marius Berg', '/');
  await citizen.goto(e2e.url('/documents'));
  await citizen.getByRole('link', { name: 'Be om innsyn i journalen' }).click();
  await citizen.waitForURL(e2e.url('/documents/record-access'));
  await checkPage(citizen, 'the request form');
  await citizen.getByLabel('Enhet').selectOption({ label: 'Øya legesenter' });
  await citizen.getByLabel('Besøk og journalnotater').check();
  await citizen.getByLabel('Allergier').check();
  await citizen.getByLabel('Fra dato').fill('2026-01-01');
  await citizen.getByLabel('Til dato').fill('2026-11-22');
  await citizen.getByRole('button', { name: 'Send begjæringen' }).click();
  await citizen.waitForURL(/\/documents\/record-access\/\d+\?done=asked$/);
  assert.match(await citizen.locator('main').textContent(), /22\. desember 2026/);
  await checkPage(citizen, 'the request, received');

  const clinician = await e2e.page({ extraHTTPHeaders: NOW });
  await e2e.login(clinician, 'Ingrid Solberg');
  await clinician.goto(e2e.url('/staff/queues/record-access'));
  await checkPage(clinician, 'the queue');
  // The demo world's request from 10 November comes first (its deadline is earlier); this one is last.
  await clinician.getByRole('link', { name: /^Marius Berg/ }).last().click();
  await clinician.waitForURL(/\/staff\/queues\/record-access\/\d+$/);
  await checkPage(clinician, 'the request');
  await clinician.getByRole('button', { name: 'Lag utskrift' }).click();
  await clinician.waitForURL(/done=fulfilled$/);

  await citizen.goto(e2e.url('/documents?kind=record_extract'));
  await citizen.getByRole('link', { name: /Journalutskrift/ }).first().click();
  await citizen.waitForURL(/\/documents\/\d+$/);
  const extract = await citizen.locator('main').textContent();
  assert.match(extract, /Utskrift fra journalen/);
  assert.match(extract, /Besøk og journalnotater/);
  await checkPage(citizen, 'the extract');
});
