// The staff app in a real browser: sign-in, the four-eyes cycle with two
// people, refusals, and axe-core on every page.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { audit, launchBrowser, postForm, signIn, startServer } from './harness.mjs';

const EDITOR = 'redaktion@sassenberg.example';   // editor, approver, moderator
const APPROVER = 'freigabe@sassenberg.example';  // approver, moderator
const DPO = 'datenschutz@sassenberg.example';
const ADMIN = 'admin@sassenberg.example';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// A date next week as <input type="datetime-local"> wants it.
function nextWeek() {
  const d = new Date(Date.now() + 7 * 24 * 3600 * 1000);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T10:00`;
}

// Fills the composer with the demo's Hessel image and returns the new post's URL.
async function compose(page, { caption, altText }) {
  await page.goto(`${server.base}/app/posts/new`);
  await page.getByLabel('Art').selectOption('feed_image');
  await page.getByLabel('Thema').selectOption('tourismus');
  await page.getByLabel('Beitragstext').fill(caption);
  const media = page.getByRole('group', { name: 'Bilder und Videos' });
  await media.getByLabel('hessel-herbst.svg', { exact: true }).check();
  await page.getByLabel('Alternativtext für hessel-herbst.svg').fill(altText);
  const channels = page.getByRole('group', { name: 'Kanäle' });
  await channels.getByLabel('Instagram: Stadt Sassenberg').check();
  await channels.getByLabel('Website: Stadt Sassenberg').check();
  await page.getByRole('button', { name: 'Entwurf speichern' }).click();
  await page.waitForURL(/\/app\/posts\/\d+\?done=saved$/);
  assert.match(await page.locator('.post-state').first().textContent(), /Entwurf/);
  return page.url().replace(/\?.*$/, '');
}

test('a wrong password is refused with a message tied to the form', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.base}/app/login`);
  await page.getByLabel('E-Mail-Adresse').fill(EDITOR);
  await page.getByLabel('Passwort').fill('falsches Passwort');
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/app/login') && r.request().method() === 'POST'),
    page.getByRole('button', { name: 'Anmelden' }).click(),
  ]);
  assert.equal(response.status(), 401);
  assert.match(await page.getByRole('alert').textContent(), /E-Mail-Adresse oder Passwort ist falsch/);
  await page.close();
});

test('login shows the overview, logout returns to the login page', async () => {
  const page = await signIn(browser, server, APPROVER);
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Übersicht');
  await page.getByRole('button', { name: 'Abmelden' }).click();
  await page.waitForURL(/\/app\/login/);
  await page.goto(`${server.base}/app/`);
  assert.match(page.url(), /\/app\/login\?next=\/app\/$/);
  await page.context().close();
});

test('draft, review, approval by a second person, schedule, calendar', async () => {
  const editor = await signIn(browser, server, EDITOR);
  const url = await compose(editor, {
    caption: 'Herbstspaziergang an der Hessel\n#SassenbergErleben',
    altText: 'Weg am Fluss im Herbstlaub',
  });
  await editor.getByRole('button', { name: 'Zur Freigabe einreichen' }).click();
  await editor.waitForURL(/done=submit/);
  assert.match(await editor.getByRole('status').textContent(), /zur Freigabe eingereicht/);
  assert.match(await editor.locator('.post-state').first().textContent(), /In Prüfung/);

  const approver = await signIn(browser, server, APPROVER);
  const waiting = approver.getByRole('region', { name: 'Wartet auf Ihre Freigabe' });
  await waiting.getByRole('link', { name: 'Herbstspaziergang an der Hessel' }).click();
  await approver.getByRole('button', { name: 'Freigeben' }).click();
  await approver.waitForURL(/done=approve/);
  assert.match(await approver.locator('.post-state').first().textContent(), /Freigegeben/);

  await editor.goto(url);
  await editor.getByLabel('Veröffentlichen am').fill(nextWeek());
  await editor.getByRole('button', { name: 'Einplanen' }).click();
  await editor.waitForURL(/done=schedule/);
  assert.match(await editor.getByRole('status').textContent(), /eingeplant/);
  assert.match(await editor.locator('.post-state').first().textContent(), /Eingeplant/);

  await editor.goto(`${server.base}/app/calendar?view=list`);
  assert.equal(await editor.getByRole('link', { name: /Herbstspaziergang an der Hessel/ }).count(), 1);
  await editor.context().close();
  await approver.context().close();
});

test('nobody approves their own post (four eyes), even by crafting the form', async () => {
  const editor = await signIn(browser, server, EDITOR);
  const url = await compose(editor, { caption: 'Radtour #Münsterland', altText: 'Radfahrer am Feldrand' });
  await editor.getByRole('button', { name: 'Zur Freigabe einreichen' }).click();
  await editor.waitForURL(/done=submit/);
  assert.equal(await editor.getByRole('button', { name: 'Freigeben' }).count(), 0);
  assert.match(await editor.locator('main').textContent(), /Vier-Augen-Prinzip/);
  const csrf = await editor.locator('input[name=csrf]').first().inputValue();
  const refused = await postForm(editor, `${url}/approve`, { csrf });
  assert.equal(refused.status, 409);
  assert.match(refused.text, /Vier-Augen-Prinzip/);
  await editor.reload();
  assert.match(await editor.locator('.post-state').first().textContent(), /In Prüfung/);
  await editor.context().close();
});

test('a form with a wrong CSRF token is refused', async () => {
  const editor = await signIn(browser, server, EDITOR);
  const url = await compose(editor, { caption: 'Spargelzeit #Sassenberg', altText: 'Spargelfeld im Mai' });
  const refused = await postForm(editor, `${url}/submit`, { csrf: 'nicht-das-richtige-token' });
  assert.equal(refused.status, 403);
  assert.match(refused.text, /Sicherheitsprüfung/);
  await editor.reload();
  assert.match(await editor.locator('.post-state').first().textContent(), /Entwurf/);
  await editor.context().close();
});

test('a missing alt text blocks submission at its field', async () => {
  const editor = await signIn(browser, server, EDITOR);
  await compose(editor, { caption: 'Heimatmuseum #Sassenberg', altText: '' });
  await editor.getByRole('button', { name: 'Zur Freigabe einreichen' }).click();
  const invalid = editor.locator('textarea[aria-invalid="true"]');
  assert.equal(await invalid.count(), 1);
  const describedBy = await invalid.getAttribute('aria-describedby');
  assert.match(await editor.locator(`#${describedBy}`).textContent(), /Alternativtext/);
  await editor.context().close();
});

test('roles: the DPO may not write posts or manage users, the admin may', async () => {
  const dpo = await signIn(browser, server, DPO);
  for (const path of ['/app/posts/new', '/app/users']) {
    const response = await dpo.goto(`${server.base}${path}`);
    assert.equal(response.status(), 403, path);
    assert.match(await dpo.locator('h1').textContent(), /Keine Berechtigung/);
  }
  const admin = await signIn(browser, server, ADMIN);
  assert.equal((await admin.goto(`${server.base}/app/users`)).status(), 200);
  await dpo.context().close();
  await admin.context().close();
});

// A real JPEG, made by the browser itself: a screenshot of a coloured page.
async function photo() {
  const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  await page.setContent('<body style="margin:0;background:linear-gradient(#8ab, #353)"></body>');
  const jpeg = await page.screenshot({ type: 'jpeg', quality: 90 });
  await page.close();
  return jpeg;
}

test('an image is uploaded in the browser, its rights and a consent recorded', async () => {
  const editor = await signIn(browser, server, EDITOR);
  await editor.goto(`${server.base}/app/media`);
  await editor.getByLabel('Bilder oder Videos hochladen').setInputFiles({
    name: 'Marktplatz.jpg', mimeType: 'image/jpeg', buffer: await photo(),
  });
  await editor.getByRole('button', { name: 'Hochladen', exact: true }).click();
  await editor.waitForURL(/\/app\/media\/\d+\/rights\?done=uploaded$/);
  assert.match(await editor.getByRole('status').textContent(), /Hochgeladen/);
  assert.match(await editor.locator('main').textContent(), /Die Rechte sind noch nicht erfasst/);

  await editor.getByLabel('Herkunft').selectOption('own');
  await editor.getByLabel('Personen sind erkennbar').check();
  await editor.getByRole('button', { name: 'Rechte speichern' }).click();
  await editor.waitForURL(/done=rights_saved$/);
  assert.match(await editor.locator('main').textContent(), /niemand ist erfasst/);

  await editor.getByLabel('Name', { exact: true }).fill('Anna K.');
  await editor.getByLabel('Eingewilligt am').fill('2026-06-01');
  await editor.getByLabel('Ablageort des unterschriebenen Formulars').fill('Ordner Stadtfest, Blatt 3');
  await editor.getByRole('button', { name: 'Erfassen', exact: true }).click();
  await editor.waitForURL(/done=person_added$/);
  assert.match(await editor.locator('main').textContent(),
    /Die Rechte sind für alle Kanäle des Nutzungskonzepts geklärt/);
  assert.equal(await editor.getByRole('cell', { name: 'Anna K.' }).count(), 1);
  assert.deepEqual(await audit(editor, 'media-rights-with-person'), []);

  // A file that is no image is refused with its name.
  await editor.goto(`${server.base}/app/media`);
  await editor.getByLabel('Bilder oder Videos hochladen').setInputFiles({
    name: 'rechnung.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('<html>Rechnung</html>'),
  });
  const [refused] = await Promise.all([
    editor.waitForResponse((r) => r.url().endsWith('/app/media') && r.request().method() === 'POST'),
    editor.getByRole('button', { name: 'Hochladen', exact: true }).click(),
  ]);
  assert.equal(refused.status(), 422);
  assert.match(await editor.getByRole('alert').textContent(), /rechnung\.jpg ist kein JPEG/);
  await editor.context().close();
});

test('a citizen reports a barrier without cookies; moderators see it with its deadline', async () => {
  const violations = [];
  const citizen = await browser.newContext({ bypassCSP: true });
  const page = await citizen.newPage();
  await page.goto(`${server.base}/sassenberg/barrierefreiheit/rueckmeldung/`);
  violations.push(...await audit(page, 'feedback-form'));
  // Sent empty: the summary links to the field, which says what is wrong.
  await page.getByLabel('Ihre E-Mail-Adresse (freiwillig)').fill('keine-adresse');
  await page.getByRole('button', { name: 'Rückmeldung senden' }).click();
  const summary = page.getByRole('alert');
  assert.match(await summary.textContent(), /Ihre Nachricht: Bitte schreiben Sie, worum es geht/);
  assert.equal(await page.getByLabel('Ihre Nachricht (Pflichtfeld)').getAttribute('aria-invalid'), 'true');
  violations.push(...await audit(page, 'feedback-form-errors'));
  await page.getByLabel('Ihre Nachricht (Pflichtfeld)').fill('Die Karte auf der Startseite ist nicht per Tastatur bedienbar.');
  await page.getByLabel('Ihre E-Mail-Adresse (freiwillig)').fill('erika@example.org');
  await page.getByRole('button', { name: 'Rückmeldung senden' }).click();
  assert.match(await page.locator('main').textContent(), /innerhalb von 30 Tagen, also bis spätestens/);
  violations.push(...await audit(page, 'feedback-sent'));
  assert.deepEqual(await citizen.cookies(), []);

  const moderator = await signIn(browser, server, EDITOR);
  await moderator.goto(`${server.base}/app/feedback`);
  assert.match(await moderator.locator('main').textContent(), /nicht per Tastatur bedienbar/);
  violations.push(...await audit(moderator, 'staff-feedback'));
  await moderator.getByRole('button', { name: 'Als beantwortet markieren' }).click();
  assert.match(await moderator.getByRole('status').textContent(), /als beantwortet markiert/);

  assert.deepEqual(violations, []);
  for (const context of [citizen, moderator.context()]) await context.close();
});

test('axe-core finds no WCAG 2.1 AA violations on any page', async () => {
  const violations = [];
  const anonymous = await browser.newContext({ bypassCSP: true });
  const login = await anonymous.newPage();
  await login.goto(`${server.base}/app/login`);
  violations.push(...await audit(login, 'login'));
  await login.goto(`${server.base}/sassenberg/`);
  violations.push(...await audit(login, 'public-home'));

  const editor = await signIn(browser, server, EDITOR);
  const url = await compose(editor, { caption: 'Stadtfest #StadtfestSassenberg', altText: 'Bühne am Marktplatz' });
  const pages = [
    ['dashboard', '/app/'], ['posts', '/app/posts'], ['composer', '/app/posts/new'],
    ['post', url.replace(server.base, '')], ['edit', `${url.replace(server.base, '')}/edit`],
    ['calendar-month', '/app/calendar'], ['calendar-week', '/app/calendar?view=week'],
    ['calendar-list', '/app/calendar?view=list'], ['account', '/app/account'],
    ['media', '/app/media'], ['media-rights', '/app/media/1/rights'], ['channels', '/app/channels'],
  ];
  for (const [name, path] of pages) {
    await editor.goto(`${server.base}${path}`);
    violations.push(...await audit(editor, name));
  }
  // The composer with errors at its fields.
  await editor.goto(url);
  await compose(editor, { caption: 'ohne Bildbeschreibung #sassenberg', altText: '' });
  await editor.getByRole('button', { name: 'Zur Freigabe einreichen' }).click();
  violations.push(...await audit(editor, 'composer-errors'));

  const dpo = await signIn(browser, server, DPO);
  await dpo.goto(`${server.base}/app/audit`);
  violations.push(...await audit(dpo, 'audit'));
  await dpo.goto(`${server.base}/app/documents`);
  violations.push(...await audit(dpo, 'documents'));
  const admin = await signIn(browser, server, ADMIN);
  await admin.goto(`${server.base}/app/users`);
  violations.push(...await audit(admin, 'users'));

  assert.deepEqual(violations, []);
  for (const context of [anonymous, editor.context(), dpo.context(), admin.context()]) await context.close();
});
