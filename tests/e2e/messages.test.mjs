// messages.test.mjs — secure messages (M1-M4) in a real browser: the
// citizen writes to the GP office with a PDF attached (through a validation
// error), the front desk finds it in the unit's queue, opens it, takes it and
// replies for the unit; the citizen sees the reply and that the unit has read
// the message; the staff member closes it. axe-core finds zero violations on
// every page of this area at 1280 and 320 px, and nothing scrolls sideways.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { browserSuite, checkPage } from '../lib/e2e.mjs';

const e2e = browserSuite();

test('a conversation with an attachment: the citizen writes, the unit reads and replies', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'helsami-msg-'));
  const pdf = join(dir, 'blodtrykk.pdf');
  writeFileSync(pdf, '%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

  const citizen = await e2e.page();
  await e2e.login(citizen, 'Marius Berg', '/');
  await citizen.goto(e2e.url('/messages'));
  assert.equal(await citizen.locator('h1').textContent(), 'Meldinger');
  await checkPage(citizen, 'message list');
  await citizen.getByRole('link', { name: 'Skriv ny melding' }).click();
  await citizen.waitForURL(e2e.url('/messages/new'));
  assert.ok(await citizen.getByText('Ikke for det som haster', { exact: false }).isVisible());
  assert.ok(await citizen.getByText('Øya legesenter svarer vanligvis innen 3 virkedager.').isVisible());
  await checkPage(citizen, 'compose page');
  // Sent without a recipient: the form says so.
  await citizen.getByLabel('Emne').fill('Blodtrykksmålinger');
  await citizen.getByRole('button', { name: 'Send' }).click();
  await citizen.waitForLoadState();
  assert.ok(await citizen.locator('.ds-error-summary').isVisible());
  assert.equal(await citizen.getByLabel('Til hvem og om hva').getAttribute('aria-invalid'), 'true');
  await checkPage(citizen, 'compose page with errors');
  await citizen.getByLabel('Til hvem og om hva').selectOption({ label: 'Øya legesenter: Spørsmål til fastlegen' });
  await citizen.getByLabel('Emne').fill('Blodtrykksmålinger');
  await citizen.getByLabel('Melding', { exact: true }).fill('Her er målingene mine fra de siste to ukene.');
  await citizen.getByLabel('Vedlegg').setInputFiles(pdf);
  await citizen.getByRole('button', { name: 'Send' }).click();
  await citizen.waitForURL(/\/messages\/\d+\?sent=1$/);
  const thread = citizen.url().replace(/\?sent=1$/, '');
  assert.ok(await citizen.getByText('Meldingen er sendt.').isVisible());
  assert.ok(await citizen.getByRole('link', { name: 'blodtrykk.pdf' }).isVisible());
  assert.ok(await citizen.getByText('Ikke lest ennå').isVisible());
  await checkPage(citizen, 'thread');

  const marte = await e2e.page();
  await e2e.login(marte, 'Marte Vik', '/staff');
  await marte.goto(e2e.url('/staff/messages'));
  await checkPage(marte, 'staff message queues');
  // M2: the unit's message settings (topics, reply time, clinicians who accept).
  await marte.locator('a[href^="/staff/messages/units/"]').first().click();
  await marte.waitForURL(/\/staff\/messages\/units\/\d+$/);
  assert.ok(await marte.getByLabel('Svartid (virkedager)').isVisible());
  await checkPage(marte, 'unit message settings');
  await marte.goto(e2e.url('/staff/messages'));
  await marte.getByRole('link', { name: 'Marius Berg: Blodtrykksmålinger' }).click();
  await marte.waitForLoadState();
  assert.ok(await marte.getByText('Her er målingene mine fra de siste to ukene.').isVisible());
  assert.ok(await marte.getByRole('link', { name: 'blodtrykk.pdf' }).isVisible());
  await checkPage(marte, 'staff thread');
  await marte.getByRole('button', { name: 'Ta samtalen' }).click();
  await marte.waitForURL(/\?done=assigned$/);
  await marte.getByLabel('Melding', { exact: true }).fill('Takk, legen ser på dem i løpet av uka.');
  await marte.getByLabel('Send på vegne av enheten').check();
  await marte.getByRole('button', { name: 'Send' }).click();
  await marte.waitForURL(/\?done=sent$/);
  await checkPage(marte, 'staff thread after a reply');

  await citizen.goto(thread);
  assert.ok(await citizen.getByText('Takk, legen ser på dem i løpet av uka.').isVisible());
  assert.ok(await citizen.getByText('Lest', { exact: true }).first().isVisible(), 'the unit has read his message');
  await checkPage(citizen, 'thread with the reply');

  await marte.getByRole('button', { name: 'Avslutt samtalen' }).click();
  await marte.waitForURL(/\?done=done$/);
  assert.ok(await marte.getByText('Samtalen er avsluttet.').isVisible());

  // From the chart: a new message to the patient.
  await marte.goto(e2e.url('/staff/patients'));
  await marte.getByLabel('Fødselsnummer eller etternavn', { exact: false }).fill('12848649994');
  await marte.getByRole('button', { name: 'Søk' }).click();
  await marte.getByRole('link', { name: 'Marius Berg' }).click();
  await marte.getByRole('link', { name: 'Send melding' }).click();
  await marte.waitForURL(/\/staff\/patients\/\d+\/messages\/new$/);
  await checkPage(marte, 'new message from the chart');
});

test('a support case: the citizen asks for a correction, support sends it on to her GP, who refuses with a reason; the citizen sees how to complain', async () => {
  const citizen = await e2e.page();
  await e2e.login(citizen, 'Silje Berg', '/');
  await citizen.goto(e2e.url('/support'));
  await checkPage(citizen, 'support page');
  await citizen.getByRole('button', { name: 'Send saken' }).click();
  await citizen.waitForLoadState();
  assert.ok(await citizen.locator('.ds-error-summary').isVisible());
  await checkPage(citizen, 'support page with errors');
  await citizen.getByLabel('Hvilket sted gjelder det').selectOption({ label: 'Øya legesenter' });
  await citizen.getByLabel('Be om retting av opplysninger i journalen').check();
  await citizen.getByLabel('Beskrivelse').fill('Allergien mot penicillin er feil registrert.');
  await citizen.getByRole('button', { name: 'Send saken' }).click();
  await citizen.waitForURL(e2e.url('/support?sent=1'));

  const sara = await e2e.page();
  await e2e.login(sara, 'Sara Nygård', '/staff');
  await sara.goto(e2e.url('/staff/support'));
  await checkPage(sara, 'support queue');
  await sara.getByRole('link', { name: /Silje Berg: Be om retting/ }).click();
  await sara.waitForLoadState();
  await checkPage(sara, 'support case');
  // A correction is decided by the health personnel responsible (hpl. §§ 42-44): support sends it on.
  await sara.getByLabel('Hvem skal avgjøre saken').selectOption({ label: 'Ingrid Solberg' });
  await sara.getByRole('button', { name: 'Send videre' }).click();
  await sara.waitForURL(e2e.url('/staff/support?done=forwarded'));

  const ingrid = await e2e.page();
  await e2e.login(ingrid, 'Ingrid Solberg', '/staff');
  await ingrid.goto(e2e.url('/staff/queues/corrections'));
  await checkPage(ingrid, 'corrections queue');
  await ingrid.getByRole('link', { name: /Silje Berg: Be om retting/ }).click();
  await ingrid.waitForLoadState();
  await checkPage(ingrid, 'correction case');
  await ingrid.getByLabel('Avslått').check();
  await ingrid.getByLabel('Svar').fill('Allergien er bekreftet av meg i 2019.');
  await ingrid.getByRole('button', { name: 'Lagre avgjørelsen' }).click();
  await ingrid.waitForURL(e2e.url('/staff/queues/corrections?done=decided'));

  await citizen.goto(e2e.url('/support'));
  await citizen.getByRole('link', { name: /Be om retting av opplysninger i journalen/ }).click();
  await citizen.waitForLoadState();
  assert.ok(await citizen.getByText('klage til Statsforvalteren', { exact: false }).isVisible());
  await checkPage(citizen, 'support case with a refusal');
});
