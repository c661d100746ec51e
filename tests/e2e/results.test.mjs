// results.test.mjs — test results (H2) in a real browser with TestID logins:
// a GP opens the review queue and the patient's results, enters a result
// that needs review (through a validation error), the patient does not see
// it, the GP releases it, the patient sees it with the chart of the repeated
// test and its table; the queue's take and close. axe-core finds zero
// violations on every page of this area at 1280 and 320 px, and nothing
// scrolls sideways on a phone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, checkPage } from '../lib/e2e.mjs';

const e2e = browserSuite();

const hba1cLinks = (page) => page.getByRole('link', { name: 'HbA1c (langtidsblodsukker)' });

test('a result that needs review: entered, hidden, released, then seen with its chart', async () => {
  const gp = await e2e.page();
  await e2e.login(gp, 'Ingrid Solberg', '/staff');
  await gp.getByRole('main').getByRole('link', { name: 'Prøvesvar til vurdering' }).click();
  await gp.waitForURL(e2e.srv.url + '/staff/queues/results');
  assert.ok(await gp.getByText('Marius Berg, 12848649994').isVisible(), 'the seeded HbA1c awaits review');
  await checkPage(gp, 'review queue');
  await gp.getByRole('link', { name: /^Åpne i journalen/ }).first().click();
  await gp.waitForLoadState();
  assert.match(await gp.locator('h1').textContent(), /Prøvesvar: Marius Berg/);
  await checkPage(gp, 'the patient\'s results');

  // Enter, first with a value that is no number.
  await gp.getByLabel('Prøve', { exact: true }).selectOption({ label: 'HbA1c (langtidsblodsukker) (mmol/mol)' });
  await gp.getByLabel('Resultat', { exact: true }).fill('femtien');
  await gp.getByRole('button', { name: 'Registrer', exact: true }).click();
  await gp.waitForLoadState();
  assert.ok(await gp.locator('.ds-error-summary').isVisible());
  assert.equal(await gp.getByLabel('Resultat', { exact: true }).getAttribute('aria-invalid'), 'true');
  assert.ok(await gp.getByText('Skriv resultatet som et tall, for eksempel 13,4.').first().isVisible());
  await checkPage(gp, 'the patient\'s results with an error');
  await gp.getByLabel('Resultat', { exact: true }).fill('51');
  await gp.getByRole('button', { name: 'Registrer', exact: true }).click();
  await gp.waitForURL(/\/results\?done=entered#result-\d+$/);
  const rid = gp.url().match(/#result-(\d+)$/)[1];
  assert.ok(await gp.getByText('Prøvesvaret er registrert.').isVisible());
  const card = gp.locator(`#result-${rid}`);
  assert.ok(await card.getByText('Pasienten ser ikke svaret').isVisible());
  await checkPage(gp, 'the patient\'s results after entering');

  // The patient does not see it yet.
  const patient = await e2e.page();
  await e2e.login(patient, 'Marius Berg', '/');
  await patient.goto(e2e.srv.url + '/health/results');
  assert.equal(await hba1cLinks(patient).count(), 1, 'only June\'s');
  await checkPage(patient, 'results list');
  const missing = await patient.goto(e2e.srv.url + `/health/results/${rid}`);
  assert.equal(missing.status(), 404);

  // Released, it appears with the chart of both HbA1c results and their table.
  await card.getByRole('button', { name: /^Vurdert – frigi til pasienten/ }).click();
  await gp.waitForURL(/done=released$/);
  assert.ok(await gp.getByText('Prøvesvaret er frigitt.', { exact: false }).isVisible());
  await patient.goto(e2e.srv.url + '/health/results');
  assert.equal(await hba1cLinks(patient).count(), 2);
  await hba1cLinks(patient).first().click();
  await patient.waitForURL(e2e.srv.url + `/health/results/${rid}`);
  assert.ok(await patient.getByRole('img', { name: /HbA1c \(langtidsblodsukker\): verdier over tid/ }).isVisible());
  assert.equal(await patient.locator('table tbody tr').count(), 2);
  assert.ok(await patient.getByText('Verdien er høyere enn referanseområdet.').first().isVisible());
  await checkPage(patient, 'result with chart');
  await patient.close();
  await gp.close();
});

test('the queue: take, then close', async () => {
  const gp = await e2e.page();
  await e2e.login(gp, 'Ingrid Solberg', '/staff');
  await gp.goto(e2e.srv.url + '/staff/queues/results');
  await gp.getByRole('button', { name: /^Ta\b/ }).first().click();
  await gp.waitForURL(e2e.srv.url + '/staff/queues/results?done=taken');
  assert.ok(await gp.getByText('Du har tatt svaret.').isVisible());
  assert.ok(await gp.getByText('Ingrid Solberg', { exact: true }).first().isVisible());
  await checkPage(gp, 'queue after taking');
  await gp.getByRole('button', { name: /^Lukk: vurdert, gis direkte/ }).first().click();
  await gp.waitForURL(e2e.srv.url + '/staff/queues/results?done=closed');
  assert.ok(await gp.getByText('Ingen prøvesvar venter på vurdering.').isVisible());
  await checkPage(gp, 'empty queue');
  await gp.close();
});

test('the citizen\'s pages in English, a text result, and an empty record', async () => {
  const en = await e2e.page({ locale: 'en-GB' });
  await e2e.login(en, 'Marius Berg', '/');
  await en.goto(e2e.srv.url + '/health/results');
  assert.equal(await en.locator('h1').textContent(), 'Test results');
  assert.ok(await en.getByText('The value is lower than the reference range.').first().isVisible());
  await checkPage(en, 'results list in English');
  await en.getByRole('link', { name: 'Haemoglobin (Hb)' }).first().click();
  await en.waitForLoadState();
  assert.ok(await en.getByRole('img', { name: /Haemoglobin \(Hb\): values over time/ }).isVisible());
  assert.equal(await en.locator('table tbody tr').count(), 4);
  await checkPage(en, 'haemoglobin with chart in English');
  await en.goto(e2e.srv.url + '/health/results');
  await en.getByRole('link', { name: 'Tissue sample (histology)' }).click();
  await en.waitForLoadState();
  assert.ok(await en.getByText('godartet nevus', { exact: false }).isVisible());
  assert.equal(await en.locator('svg').count(), 0);
  await checkPage(en, 'text result');
  await en.close();

  const empty = await e2e.page();
  await e2e.login(empty, 'Mathias Strand', '/');
  await empty.goto(e2e.srv.url + '/health/results');
  assert.ok(await empty.getByText('Du har ingen prøvesvar her ennå.').isVisible());
  await checkPage(empty, 'empty results');
  await empty.close();
});
