// record.test.mjs — the health summary, care team, visits, stays and
// referrals in a real browser: the citizen walks the summary, the vaccines,
// the care team, the visits and one after-visit summary; asks for an
// allergy to be added (through a validation error); the GP finds it in the
// queue, takes it and accepts it; declines the seeded one with a reason;
// the citizen sees both answers; the clinician walks every chart page of
// this area. axe-core finds zero violations on every page at 1280 and
// 320 px, and nothing scrolls sideways on a phone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, checkPage } from '../lib/e2e.mjs';

const e2e = browserSuite({ sysvak: true });

test('the citizen walks the summary, vaccines, care team and visits', async () => {
  const page = await e2e.page();
  await e2e.login(page, 'Marius Berg', '/');
  assert.ok(await page.getByText('St. Olavs hospital, Medisinsk klinikk: Time er gitt (Utredning av høyt blodtrykk)').isVisible());
  await checkPage(page, 'home page with vaccines, stays and referrals');

  await page.goto(e2e.srv.url + '/health/summary');
  assert.equal(await page.locator('h1').textContent(), 'Helseoversikt');
  assert.ok(await page.getByRole('heading', { name: 'Penicillin' }).isVisible());
  assert.ok(await page.getByRole('heading', { name: 'Diabetes mellitus type 2' }).isVisible());
  await checkPage(page, 'health summary');
  await page.getByRole('link', { name: 'Se alle vaksinene dine' }).click();
  await page.waitForURL(e2e.srv.url + '/health/vaccines');
  assert.ok(await page.getByRole('heading', { name: 'Comirnaty (covid-19)' }).isVisible());
  await checkPage(page, 'vaccines');

  await page.goto(e2e.srv.url + '/care-team');
  assert.ok(await page.getByRole('heading', { name: 'Ingrid Solberg' }).isVisible());
  await checkPage(page, 'care team');

  await page.goto(e2e.srv.url + '/visits');
  await checkPage(page, 'visits, stays and referrals');
  await page.getByRole('link', { name: /^Konsultasjon, / }).click();
  await page.waitForLoadState();
  assert.equal(await page.locator('h1').textContent(), 'Konsultasjon');
  assert.ok(await page.getByText('Pasienten er motivert for mer fysisk aktivitet', { exact: false }).isVisible());
  await checkPage(page, 'after-visit summary with a shared note');
  await page.goto(e2e.srv.url + '/visits');
  await page.getByRole('link', { name: /^Ansvarsgruppemøte, / }).click();
  await page.waitForLoadState();
  assert.ok(await page.getByText('Behandleren har ikke delt noe notat').isVisible());
  await checkPage(page, 'after-visit summary without a note');
  await page.close();

  // Astrid's stay, Elisabeth's home-care contact; in English too.
  const astrid = await e2e.page({ locale: 'en-GB' });
  await e2e.login(astrid, 'Astrid Johansen', '/');
  await astrid.goto(e2e.srv.url + '/visits#stays');
  assert.ok(await astrid.getByText('Long-term stay').isVisible());
  await checkPage(astrid, 'visits with a stay, in English');
  await astrid.goto(e2e.srv.url + '/health/summary');
  assert.ok(await astrid.getByText('No allergies are registered', { exact: false }).isVisible());
  await checkPage(astrid, 'an empty health summary, in English');
  await astrid.close();
  const elisabeth = await e2e.page();
  await e2e.login(elisabeth, 'Elisabeth Johansen', '/');
  await elisabeth.goto(e2e.srv.url + '/care-team');
  assert.ok(await elisabeth.getByRole('heading', { name: 'Ahmed Hassan' }).isVisible());
  await elisabeth.goto(e2e.srv.url + '/visits');
  assert.equal(await elisabeth.getByText('Sårstell').count(), 0, 'home-care visits never shown');
  await checkPage(elisabeth, 'visits with none');
  await elisabeth.close();
});

test('the allergy request round trip between the citizen and the GP office\'s queue', async () => {
  const silje = await e2e.page();
  await e2e.login(silje, 'Silje Berg', '/');
  await silje.goto(e2e.srv.url + '/health/summary');
  await silje.getByRole('link', { name: 'Be om å få lagt til en allergi' }).click();
  await silje.waitForURL(e2e.srv.url + '/health/allergies/requests');
  await checkPage(silje, 'allergy request form');
  await silje.getByLabel('Hva er du allergisk mot?').fill('Penicillin');
  await silje.getByRole('button', { name: 'Send forespørselen' }).click();
  await silje.waitForLoadState();
  assert.ok(await silje.locator('.ds-error-summary').isVisible());
  assert.equal(await silje.getByLabel('Reaksjon').getAttribute('aria-invalid'), 'true');
  await checkPage(silje, 'allergy request form with an error');
  await silje.getByLabel('Reaksjon').fill('Utslett over hele kroppen');
  await silje.getByLabel('Mer informasjon (valgfritt)').fill('Fikk det etter en kur i 2019.');
  await silje.getByRole('button', { name: 'Send forespørselen' }).click();
  await silje.waitForURL(/\/health\/summary\?done=requested/);
  assert.ok(await silje.getByText('Forespørselen er sendt.', { exact: false }).isVisible());
  await checkPage(silje, 'summary with requests waiting');

  const ingrid = await e2e.page();
  await e2e.login(ingrid, 'Ingrid Solberg', '/staff');
  await ingrid.getByRole('main').getByRole('link', { name: 'Forespørsler om allergier' }).click();
  await ingrid.waitForURL(e2e.srv.url + '/staff/queues/allergies');
  await checkPage(ingrid, 'allergy queue');
  assert.equal(await ingrid.getByText('Penicillin').count(), 0, 'no substances in the list');
  const links = ingrid.getByRole('link', { name: /^Silje Berg/ });
  assert.equal(await links.count(), 2);
  await links.nth(1).click();
  await ingrid.waitForLoadState();
  assert.ok(await ingrid.getByText('Utslett over hele kroppen').first().isVisible());
  await checkPage(ingrid, 'allergy request');
  await ingrid.getByRole('button', { name: 'Ta forespørselen' }).click();
  await ingrid.waitForURL(/done=taken/);
  await ingrid.getByRole('button', { name: 'Legg inn allergien' }).click();
  await ingrid.waitForLoadState();
  assert.equal(await ingrid.getByLabel('Alvorlighet').getAttribute('aria-invalid'), 'true');
  await checkPage(ingrid, 'allergy request with an error');
  await ingrid.getByLabel('Alvorlighet').selectOption('moderate');
  await ingrid.getByRole('button', { name: 'Legg inn allergien' }).click();
  await ingrid.waitForURL(/done=accepted/);
  await ingrid.getByRole('button', { name: 'Lukk forespørselen' }).click();
  await ingrid.waitForURL(/\/staff\/queues\/allergies\?done=closed/);
  await ingrid.getByRole('link', { name: /^Silje Berg/ }).click();
  await ingrid.waitForLoadState();
  await ingrid.getByLabel('Begrunnelse til pasienten').fill('Dette er trolig ikke en allergi. Vi snakker om det ved neste time.');
  await ingrid.getByRole('button', { name: 'Avslå forespørselen' }).click();
  await ingrid.waitForURL(/done=declined/);
  await checkPage(ingrid, 'a declined request');

  await silje.goto(e2e.srv.url + '/health/summary');
  assert.ok(await silje.getByRole('heading', { name: 'Penicillin' }).isVisible());
  assert.ok(await silje.getByText('Dette er trolig ikke en allergi.', { exact: false }).isVisible());
  await checkPage(silje, 'summary with the answers');
  await silje.close();
  await ingrid.close();
});

test('the clinician walks the chart pages of this area', async () => {
  const page = await e2e.page();
  await e2e.login(page, 'Ingrid Solberg', '/staff');
  await page.goto(e2e.srv.url + '/staff/patients');
  await page.getByLabel('Fødselsnummer eller etternavn').fill('12848649994');
  await page.getByRole('button', { name: 'Søk', exact: true }).click();
  await page.getByRole('link', { name: 'Marius Berg' }).click();
  await page.waitForLoadState();
  const chart = page.url();
  for (const [link, heading] of [['Helseoversikt: allergier og helseproblemer', 'Helseoversikt'], ['Behandlerteam', 'Behandlerteam'],
    ['Besøk og besøksnotater', 'Besøk'], ['Opphold i institusjon', 'Opphold i institusjon'], ['Henvisninger og pasientforløp', 'Henvisninger']]) {
    await page.goto(chart);
    await page.getByRole('link', { name: link }).click();
    await page.waitForLoadState();
    assert.equal(await page.locator('h1').textContent(), heading);
    await checkPage(page, `chart: ${heading}`);
  }
  // A refused form on a chart page is accessible too.
  await page.goto(chart + '/visits');
  await page.getByRole('button', { name: 'Registrer besøket' }).click();
  await page.waitForLoadState();
  assert.ok(await page.locator('.ds-error-summary').isVisible());
  await checkPage(page, 'chart: visits with errors');
  await page.getByLabel('Type besøk').selectOption('phone');
  await page.getByLabel('Besøksnotat', { exact: true }).fill('Samtale om blodsukkeret.');
  await page.getByRole('button', { name: 'Registrer besøket' }).click();
  await page.waitForURL(/done=added/);
  await page.getByRole('button', { name: /Del med pasienten.*Telefonkonsultasjon/ }).click();
  await page.waitForLoadState();
  assert.ok(await page.locator('.ds-error-summary').isVisible(), 'an empty note cannot be shared');
  await checkPage(page, 'chart: visits with a note error');
  await page.close();
});
