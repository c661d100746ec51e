// representation.test.mjs — representation in a real browser: a parent gets
// access to a child, a citizen shares their record, the representative
// chooses whose record to open and switches, the giver withdraws; axe-core
// finds zero violations on every page on the way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, noViolations } from '../lib/e2e.mjs';

const e2e = browserSuite();

test('a parent applies for a child, opens the child\'s record and switches back', async () => {
  const page = await e2e.page();
  await e2e.login(page, 'Thomas Lie');
  await page.goto(e2e.srv.url + '/access');
  await noViolations(page, 'access overview');
  await page.getByRole('link', { name: 'Søk om tilgang til barnet ditt under 16 år' }).click();
  await noViolations(page, 'parent form');
  await page.getByLabel('Barnets fødselsnummer').fill('20821699852');
  await page.getByRole('button', { name: 'Søk om tilgang' }).click();
  await page.waitForURL(e2e.srv.url + '/access?parent=1');
  await page.getByRole('button', { name: 'Åpne journalen' }).click();
  await page.waitForURL(e2e.srv.url + '/');
  assert.equal(await page.locator('h1').textContent(), 'Ida Lie');
  assert.ok(await page.getByText('Du ser journalen til').isVisible());
  await noViolations(page, 'the child\'s home page');
  await page.getByRole('link', { name: 'Bytt person' }).click();
  await noViolations(page, 'choose');
  await page.getByRole('button', { name: 'Åpne min journal' }).click();
  await page.waitForURL(e2e.srv.url + '/');
  assert.equal(await page.locator('h1').textContent(), 'Velkommen');
  await e2e.logout(page);
  await page.close();
});

test('a refusal is explained on the form', async () => {
  const page = await e2e.page();
  await e2e.login(page, 'Geir Aasen');
  await page.goto(e2e.srv.url + '/access/parent');
  await page.getByLabel('Barnets fødselsnummer').fill('10851899893');
  await page.getByRole('button', { name: 'Søk om tilgang' }).click();
  assert.ok(await page.getByText('fosterforeldre får ikke tilgang').isVisible());
  await noViolations(page, 'refusal');
  await page.close();
});

test('share my record, act for the giver, withdraw', async () => {
  const giver = await e2e.page();
  await e2e.login(giver, 'Elisabeth Johansen');
  await giver.goto(e2e.srv.url + '/access/grant');
  await noViolations(giver, 'grant form');
  await giver.getByLabel('Fødselsnummeret til personen').fill('21876649788');
  await giver.getByLabel('Etternavn').fill('Johansen');
  await giver.getByLabel('Timer og meldinger').check();
  await giver.getByRole('button', { name: 'Gå videre' }).click();
  assert.ok(await giver.getByText('Bjørn Johansen (21876649788)').isVisible(), 'name shown for confirmation');
  await noViolations(giver, 'confirmation');
  await giver.getByRole('button', { name: 'Gi tilgang' }).click();
  await giver.waitForURL(e2e.srv.url + '/access?granted=1');

  const rep = await e2e.page();
  await e2e.login(rep, 'Bjørn Johansen');
  await rep.waitForURL(e2e.srv.url + '/access/choose');
  await noViolations(rep, 'choice at login');
  await rep.getByRole('listitem').filter({ hasText: 'Elisabeth Johansen' }).getByRole('button', { name: 'Åpne journalen' }).click();
  await rep.waitForURL(e2e.srv.url + '/');
  assert.equal(await rep.locator('h1').textContent(), 'Elisabeth Johansen');

  await giver.getByRole('button', { name: 'Trekk tilbake tilgangen' }).click();
  await giver.waitForURL(e2e.srv.url + '/access?ended=1');
  await noViolations(giver, 'after withdrawal');

  await rep.reload();
  assert.equal(await rep.locator('h1').textContent(), 'Velkommen', 'withdrawn at the next request');
  await giver.close();
  await rep.close();
});
