// medications.test.mjs — medications (H1) in a real browser: the citizen
// reads the list, opens the stopped ones, asks for a renewal and comments
// (through a validation error); the prescriber finds the request in the
// queue, takes it and renews it; a GP declines another (through a missing
// reason); a clinician prescribes in the chart (through validation errors);
// the citizen sees the answers. axe-core finds zero violations on every page
// of this area at 1280 and 320 px, and nothing scrolls sideways on a phone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, checkPage } from '../lib/e2e.mjs';

const e2e = browserSuite();

test('renewal and comment round trip between the citizen, the queue and the chart', async () => {
  const citizen = await e2e.page();
  await e2e.login(citizen, 'Marius Berg', '/');
  await citizen.goto(e2e.srv.url + '/health/medications');
  assert.equal(await citizen.locator('h1').textContent(), 'Legemidler');
  assert.ok(await citizen.getByText('Fornyelse sendt').isVisible(), 'the seeded request on Metformin');
  assert.equal(await citizen.getByRole('link', { name: 'Ibuprofen 400 mg' }).isVisible(), false, 'stopped ones folded away');
  await checkPage(citizen, 'medication list');
  await citizen.getByText('Vis avsluttede legemidler').click();
  await citizen.getByRole('link', { name: 'Ibuprofen 400 mg' }).waitFor({ state: 'visible' });
  assert.equal(await citizen.locator('details.ds-details').getAttribute('open'), '');
  await checkPage(citizen, 'medication list, stopped ones open');

  await citizen.getByRole('link', { name: 'Atorvastatin 20 mg' }).click();
  await citizen.waitForLoadState();
  assert.equal(await citizen.locator('h1').textContent(), 'Atorvastatin 20 mg');
  await checkPage(citizen, 'medication page');
  await citizen.getByRole('button', { name: 'Send kommentar' }).click();
  await citizen.waitForLoadState();
  assert.ok(await citizen.locator('.ds-error-summary').isVisible());
  assert.equal(await citizen.getByLabel('Kommentar', { exact: true }).getAttribute('aria-invalid'), 'true');
  await checkPage(citizen, 'medication page with an error');
  await citizen.getByLabel('Kommentar', { exact: true }).fill('Jeg tar den bare annenhver dag nå.');
  await citizen.getByRole('button', { name: 'Send kommentar' }).click();
  await citizen.waitForURL(/\?sent=comment$/);
  assert.ok(await citizen.getByText('Jeg tar den bare annenhver dag nå.').isVisible());
  await citizen.getByLabel('Melding til behandleren (valgfritt)').fill('Har tabletter til en uke.');
  await citizen.getByRole('button', { name: 'Be om fornyet resept' }).click();
  await citizen.waitForURL(/\?sent=renewal$/);
  assert.ok(await citizen.getByText('Forespørselen om fornyet resept er sendt.').isVisible());
  assert.ok(await citizen.getByText('Fornyelse sendt').isVisible());
  await checkPage(citizen, 'medication page after a request');

  // The prescriber (hospital) works the queue.
  const eirik = await e2e.page();
  await e2e.login(eirik, 'Eirik Lund', '/staff');
  await eirik.getByRole('main').getByRole('link', { name: 'Fornyelse av resepter' }).click();
  await eirik.waitForURL(e2e.srv.url + '/staff/queues/renewals');
  await checkPage(eirik, 'renewal queue');
  assert.equal(await eirik.getByText('Atorvastatin').count(), 0, 'no medicine names in the queue');
  await eirik.getByRole('link', { name: 'Marius Berg' }).click();
  await eirik.waitForLoadState();
  assert.ok(await eirik.getByText('Har tabletter til en uke.').isVisible());
  assert.ok(await eirik.getByText('Jeg tar den bare annenhver dag nå.').isVisible());
  await checkPage(eirik, 'renewal request');
  await eirik.getByRole('button', { name: 'Ta forespørselen' }).click();
  await eirik.waitForLoadState();
  await eirik.getByLabel('Forny resepten').check();
  await eirik.getByLabel('Svar til pasienten').fill('Fornyet. Husk kontroll av kolesterol til våren.');
  await eirik.getByRole('button', { name: 'Send svar' }).click();
  await eirik.waitForURL(e2e.srv.url + '/staff/queues/renewals?done=answered');
  assert.ok(await eirik.getByText('Forespørselen er besvart.', { exact: false }).isVisible());
  await checkPage(eirik, 'renewal queue after an answer');

  // The GP declines the seeded Metformin request, through a missing reason.
  const ingrid = await e2e.page();
  await e2e.login(ingrid, 'Ingrid Solberg', '/staff');
  await ingrid.goto(e2e.srv.url + '/staff/queues/renewals');
  await ingrid.getByRole('link', { name: 'Marius Berg' }).click();
  await ingrid.waitForLoadState();
  await ingrid.getByLabel('Avslå').check();
  await ingrid.getByRole('button', { name: 'Send svar' }).click();
  await ingrid.waitForLoadState();
  assert.equal(await ingrid.getByLabel('Svar til pasienten').getAttribute('aria-invalid'), 'true');
  await checkPage(ingrid, 'renewal request with an error');
  await ingrid.getByLabel('Svar til pasienten').fill('Vi må ta blodprøver først. Bestill time hos oss.');
  await ingrid.getByRole('button', { name: 'Send svar' }).click();
  await ingrid.waitForURL(e2e.srv.url + '/staff/queues/renewals?done=answered');

  // The chart: comments shown, prescribing through errors.
  await ingrid.goto(e2e.srv.url + '/staff/patients');
  await ingrid.getByLabel('Fødselsnummer eller etternavn').fill('Berg');
  await ingrid.getByRole('button', { name: 'Søk', exact: true }).click();
  await ingrid.getByRole('link', { name: 'Marius Berg' }).click();
  await ingrid.waitForLoadState();
  await ingrid.getByRole('link', { name: 'Legemidler' }).click();
  await ingrid.waitForLoadState();
  assert.ok(await ingrid.getByText('Jeg tar den bare annenhver dag nå.').isVisible());
  await checkPage(ingrid, 'chart medications');
  await ingrid.getByLabel('Legemiddel', { exact: true }).fill('Amlodipin');
  await ingrid.getByLabel('Startdato').fill('22.11.2026');
  await ingrid.getByRole('button', { name: 'Forskriv' }).click();
  await ingrid.waitForLoadState();
  assert.ok(await ingrid.locator('.ds-error-summary').isVisible());
  assert.equal(await ingrid.getByLabel('Startdato').getAttribute('aria-invalid'), 'true');
  await checkPage(ingrid, 'chart medications with errors');
  await ingrid.getByLabel('Styrke').fill('5 mg');
  await ingrid.getByLabel('Dosering').fill('1 tablett daglig');
  await ingrid.getByLabel('Startdato').fill('2026-11-22');
  await ingrid.getByRole('button', { name: 'Forskriv' }).click();
  await ingrid.waitForURL(/\?saved=prescribed$/);
  assert.ok(await ingrid.getByRole('heading', { name: 'Amlodipin 5 mg' }).isVisible());

  // The citizen sees both answers and the new medicine.
  await citizen.goto(e2e.srv.url + '/health/medications');
  assert.ok(await citizen.getByRole('link', { name: 'Amlodipin 5 mg' }).isVisible());
  assert.ok(await citizen.getByText('Resepten er fornyet').isVisible());
  assert.ok(await citizen.getByText('Fornyelse avslått').isVisible());
  await citizen.getByRole('link', { name: 'Metformin 500 mg' }).click();
  await citizen.waitForLoadState();
  assert.ok(await citizen.getByText('Vi må ta blodprøver først. Bestill time hos oss.').isVisible());
  await checkPage(citizen, 'medication page with a declined request');
  await citizen.close();
  await eirik.close();
  await ingrid.close();
});

test('the pages read well in English too', async () => {
  const page = await e2e.page({ locale: 'en-GB' });
  await e2e.login(page, 'Elisabeth Johansen', '/');
  await page.goto(e2e.srv.url + '/health/medications');
  assert.equal(await page.locator('h1').textContent(), 'Medicines');
  assert.ok(await page.getByRole('link', { name: 'Furosemid 40 mg' }).isVisible());
  await checkPage(page, 'medication list in English');
  await page.getByRole('link', { name: 'Furosemid 40 mg' }).click();
  await page.waitForLoadState();
  await checkPage(page, 'medication page in English');
  await page.close();
});
