// representation.test.mjs — representation in a real browser: a parent gets
// access to a child, a citizen shares their record, the representative
// chooses whose record to open and switches, the giver withdraws; axe-core
// finds zero violations on every page on the way.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, runCli, freshDb } from '../lib/server.mjs';
import { launch, axe, newPage } from '../lib/browser.mjs';

let srv, db, browser;
before(async () => {
  db = freshDb();
  assert.equal(runCli(['seed', 'demo', '--db', db.url]).status, 0);
  srv = await startServer({ db });
  browser = await launch();
});
after(async () => { await browser?.close(); await srv?.stop(); db?.cleanup(); });

async function login(page, name) {
  await page.goto(srv.url + '/login/testid');
  await page.getByRole('button', { name, exact: true }).click();
  await page.waitForLoadState();
}

async function logout(page) {
  await page.getByRole('button', { name: 'Logg ut' }).click();
  await page.waitForURL(/logged_out/);
}

test('a parent applies for a child, opens the child\'s record and switches back', async () => {
  const page = await newPage(browser);
  await login(page, 'Thomas Lie');
  await page.goto(srv.url + '/access');
  assert.deepEqual(await axe(page), [], 'access overview');
  await page.getByRole('link', { name: 'Søk om tilgang til barnet ditt under 16 år' }).click();
  assert.deepEqual(await axe(page), [], 'parent form');
  await page.getByLabel('Barnets fødselsnummer').fill('20821699852');
  await page.getByRole('button', { name: 'Søk om tilgang' }).click();
  await page.waitForURL(srv.url + '/access?parent=1');
  await page.getByRole('button', { name: 'Åpne journalen' }).click();
  await page.waitForURL(srv.url + '/');
  assert.equal(await page.locator('h1').textContent(), 'Ida Lie');
  assert.ok(await page.getByText('Du ser journalen til').isVisible());
  assert.deepEqual(await axe(page), [], 'the child\'s home page');
  await page.getByRole('link', { name: 'Bytt person' }).click();
  assert.deepEqual(await axe(page), [], 'choose');
  await page.getByRole('button', { name: 'Åpne min journal' }).click();
  await page.waitForURL(srv.url + '/');
  assert.equal(await page.locator('h1').textContent(), 'Velkommen');
  await logout(page);
  await page.close();
});

test('a refusal is explained on the form', async () => {
  const page = await newPage(browser);
  await login(page, 'Geir Aasen');
  await page.goto(srv.url + '/access/parent');
  await page.getByLabel('Barnets fødselsnummer').fill('10851899893');
  await page.getByRole('button', { name: 'Søk om tilgang' }).click();
  assert.ok(await page.getByText('fosterforeldre får ikke tilgang').isVisible());
  assert.deepEqual(await axe(page), [], 'refusal');
  await page.close();
});

test('share my record, act for the giver, withdraw', async () => {
  const giver = await newPage(browser);
  await login(giver, 'Elisabeth Johansen');
  await giver.goto(srv.url + '/access/grant');
  assert.deepEqual(await axe(giver), [], 'grant form');
  await giver.getByLabel('Fødselsnummeret til personen').fill('21876649788');
  await giver.getByLabel('Etternavn').fill('Johansen');
  await giver.getByLabel('Timer og meldinger').check();
  await giver.getByRole('button', { name: 'Gå videre' }).click();
  assert.ok(await giver.getByText('Bjørn Johansen (21876649788)').isVisible(), 'name shown for confirmation');
  assert.deepEqual(await axe(giver), [], 'confirmation');
  await giver.getByRole('button', { name: 'Gi tilgang' }).click();
  await giver.waitForURL(srv.url + '/access?granted=1');

  const rep = await newPage(browser);
  await login(rep, 'Bjørn Johansen');
  await rep.waitForURL(srv.url + '/access/choose');
  assert.deepEqual(await axe(rep), [], 'choice at login');
  await rep.getByRole('listitem').filter({ hasText: 'Elisabeth Johansen' }).getByRole('button', { name: 'Åpne journalen' }).click();
  await rep.waitForURL(srv.url + '/');
  assert.equal(await rep.locator('h1').textContent(), 'Elisabeth Johansen');

  await giver.getByRole('button', { name: 'Trekk tilbake tilgangen' }).click();
  await giver.waitForURL(srv.url + '/access?ended=1');
  assert.deepEqual(await axe(giver), [], 'after withdrawal');

  await rep.reload();
  assert.equal(await rep.locator('h1').textContent(), 'Velkommen', 'withdrawn at the next request');
  await giver.close();
  await rep.close();
});
