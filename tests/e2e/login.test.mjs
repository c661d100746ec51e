// login.test.mjs — the citizen's journey in a real browser: TestID login,
// the home page, the idle warning, the account page, logout; and the staff
// login. axe-core finds zero violations on every page on the way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, noViolations } from '../lib/e2e.mjs';

const e2e = browserSuite();

async function pickCitizen(page, name) {
  await page.goto(e2e.srv.url + '/login/testid');
  await noViolations(page, 'TestID page');
  await page.getByRole('button', { name, exact: true }).click();
}

test('log in with TestID, see the home page, log out', async () => {
  const page = await e2e.page();
  await page.goto(e2e.srv.url + '/');
  await pickCitizen(page, 'Marius Berg');
  await page.waitForURL(e2e.srv.url + '/');
  assert.equal(await page.locator('h1').textContent(), 'Velkommen');
  assert.ok(await page.getByText('Nedre Bakklandet 21, 7014 Trondheim').isVisible());
  await noViolations(page, 'home page');
  await page.getByRole('button', { name: 'Logg ut' }).click();
  await page.waitForURL(e2e.srv.url + '/?logged_out=1');
  assert.ok(await page.getByText('Du er logget ut.').isVisible());
  await noViolations(page, 'start page after logout');
  await page.close();
});

test('a refused login explains why, in English too', async () => {
  const page = await e2e.page({ locale: 'en-GB' });
  await page.goto(e2e.srv.url + '/login/testid');
  await page.getByRole('button', { name: 'Jonas Berg', exact: true }).click();
  assert.ok(await page.getByText('You must be 16 or older').isVisible());
  await noViolations(page, 'refused login');
  await page.close();
});

test('typing an invalid number shows the error by the field', async () => {
  const page = await e2e.page();
  await page.goto(e2e.srv.url + '/login/testid');
  await page.getByLabel('Fødselsnummer eller D-nummer').fill('12345678901');
  await page.getByRole('button', { name: 'Logg inn', exact: true }).click();
  assert.equal(await page.getByLabel('Fødselsnummer eller D-nummer').getAttribute('aria-invalid'), 'true');
  await noViolations(page, 'TestID page with an error');
  await page.close();
});

test('the page warns before the session ends', async () => {
  const page = await e2e.page();
  const iso = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
  // Log in 11 h 59 min ago by the server's clock: the 12-hour limit is a minute away.
  await page.context().setExtraHTTPHeaders({ 'x-helsami-now': iso(Date.now() - (12 * 60 - 1) * 60000) });
  const start = Date.now() - (12 * 60 - 1) * 60000;
  await pickCitizen(page, 'Silje Berg');
  await page.waitForURL(e2e.srv.url + '/');
  // Stay active (a request every 25 minutes) until the 12-hour limit is near.
  for (let t = start; t < Date.now(); t += 25 * 60000)
    await page.request.get(e2e.srv.url + '/', { headers: { 'x-helsami-now': iso(t) } });
  await page.context().setExtraHTTPHeaders({ 'x-helsami-now': iso(Date.now()) });
  await page.goto(e2e.srv.url + '/');
  const stay = page.getByRole('button', { name: 'Fortsett å være innlogget' });
  await stay.waitFor();
  assert.equal(await page.getByRole('alert').count(), 1);
  await noViolations(page, 'page with the warning');
  await stay.click();
  await page.waitForURL(e2e.srv.url + '/');
  assert.equal(await page.locator('h1').textContent(), 'Velkommen');
  await page.close();
});

test('deactivate the account behind a confirmation, then reactivate', async () => {
  const page = await e2e.page();
  await pickCitizen(page, 'Elisabeth Johansen');
  await page.goto(e2e.srv.url + '/settings/account');
  await noViolations(page, 'account page');
  await page.getByRole('link', { name: 'Deaktiver brukeren min' }).click();
  await noViolations(page, 'confirmation');
  await page.getByRole('button', { name: 'Ja, deaktiver brukeren' }).click();
  await page.waitForURL(e2e.srv.url + '/?deactivated=1');
  await pickCitizen(page, 'Elisabeth Johansen');
  await page.waitForURL(e2e.srv.url + '/settings/account');
  await page.getByRole('button', { name: 'Aktiver brukeren igjen' }).click();
  assert.ok(await page.getByText('Brukeren din er aktiv igjen.').isVisible());
  await page.close();
});

test('staff log in to the workspace', async () => {
  const page = await e2e.page();
  await e2e.login(page, 'Ingrid Solberg', '/staff');
  assert.ok(await page.getByText('Behandler').isVisible());
  await noViolations(page, 'workspace');
  await page.close();
});
