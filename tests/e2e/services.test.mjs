// services.test.mjs — municipal services (K1-K3, D1) in a real browser with
// TestID logins, on the demo world's day (2026-11-22): Marius applies for a
// safety alarm through the questionnaire form, attaching a file with the
// browser's file input (a multipart form only a browser shows), the caseworker Per Haugland
// takes the case from the queue and grants it, Marius reads the decision
// letter in the document centre and appeals. axe-core finds zero violations
// on every new page at 1280 and 320 px, and nothing scrolls sideways.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, checkPage } from '../lib/e2e.mjs';

const e2e = browserSuite();
const NOW = { 'x-helsami-now': '2026-11-22T10:00:00Z' };

test('apply, decide, read the letter, appeal', async () => {
  const citizen = await e2e.page({ extraHTTPHeaders: NOW });
  await e2e.login(citizen, 'Marius Berg', '/');
  await citizen.goto(e2e.url('/services'));
  await checkPage(citizen, 'the catalogue');
  const alarm = citizen.getByRole('listitem').filter({ has: citizen.getByRole('heading', { name: 'Trygghetsalarm' }) });
  await alarm.getByRole('button', { name: 'Søk' }).click();
  await citizen.waitForURL(/\/services\/applications\/\d+$/);
  const appUrl = citizen.url();
  const pdf = { name: 'legeerklæring.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') };
  await citizen.getByRole('region', { name: 'Vedlegg' }).getByLabel('Vedlegg', { exact: true }).setInputFiles(pdf);
  await citizen.getByRole('button', { name: 'Legg ved', exact: true }).click();
  await citizen.waitForURL(/done=attached$/);
  assert.ok(await citizen.getByRole('link', { name: 'legeerklæring.pdf' }).isVisible());
  await checkPage(citizen, 'the application form, a file attached');
  await citizen.getByLabel(/^Hva trenger du hjelp til i hverdagen\?/).fill('Jeg har falt to ganger i høst og bor alene.');
  await citizen.getByRole('group', { name: /^Hvordan bor du\?/ }).getByLabel('Alene').check();
  await citizen.getByRole('button', { name: 'Send søknaden' }).click();
  await citizen.waitForURL(e2e.url('/services?done=submitted'));
  assert.ok(await citizen.getByText('Søknaden er sendt.', { exact: false }).isVisible());

  const caseworker = await e2e.page({ extraHTTPHeaders: NOW });
  await e2e.login(caseworker, 'Per Haugland');
  await caseworker.goto(e2e.url('/staff/queues/services'));
  await checkPage(caseworker, 'the caseworker queue');
  await caseworker.getByRole('link', { name: 'Marius Berg: Trygghetsalarm' }).click();
  await caseworker.waitForURL(/\/staff\/services\/\d+$/);
  await caseworker.getByRole('button', { name: 'Ta saken' }).click();
  await caseworker.waitForURL(/done=taken$/);
  await checkPage(caseworker, 'the case, taken');
  await caseworker.getByRole('group', { name: 'Resultat' }).getByLabel('Innvilget', { exact: true }).check();
  await caseworker.getByLabel('Omfang').fill('Trygghetsalarm med responssenter');
  await caseworker.getByLabel('Fra dato').fill('2026-12-01');
  await caseworker.getByLabel('Begrunnelse').fill('Du bor alene og har falt flere ganger.');
  await caseworker.getByRole('button', { name: 'Fatt vedtak' }).click();
  await caseworker.waitForURL(/done=decided$/);

  await citizen.goto(e2e.url('/documents'));
  await checkPage(citizen, 'the document centre');
  await citizen.getByRole('link', { name: 'Vedtak: Trygghetsalarm' }).click();
  await citizen.waitForURL(/\/documents\/\d+$/);
  const letter = await citizen.locator('main').textContent();
  assert.match(letter, /Vedtak om Trygghetsalarm/);
  assert.match(letter, /forvaltningsloven § 29/);
  assert.match(letter, /13\. desember 2026/);
  await checkPage(citizen, 'the decision letter');

  await citizen.goto(appUrl);
  await citizen.getByLabel('Klagen din').fill('Jeg trenger også hjelp om natten.');
  await citizen.getByRole('button', { name: 'Send klagen' }).click();
  await citizen.waitForURL(/done=appealed$/);
  assert.match(await citizen.locator('main').textContent(), /Klage under behandling/);
  await checkPage(citizen, 'the application, appealed');
});
