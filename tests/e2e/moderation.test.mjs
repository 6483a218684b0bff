// Moderating comments in a real browser against the Graph API sandbox:
// comments arrive by signed webhook, the engine hides an insult on the
// platform, a person restores it after review; hiding criticism is only a
// proposal that a second person rejects; a report to the platform is recorded.
// axe-core checks the inbox pages.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { audit, launchBrowser, signIn, startServer } from './harness.mjs';

const EDITOR = 'redaktion@sassenberg.example';   // editor, approver, moderator
const APPROVER = 'freigabe@sassenberg.example';  // approver, moderator

let server;
let browser;

before(async () => {
  server = await startServer({ sandbox: true });
  assert.ok(server.sandbox, 'the sandbox did not say where it listens');
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function sandbox(path, body) {
  const response = await fetch(`${server.sandbox}${path}`, {
    method: body ? 'POST' : 'GET',
    headers: body ? { 'Content-Type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  assert.equal(response.status, 200, `${path}: ${await response.clone().text()}`);
  return response.json();
}

async function hiddenOnPlatform(commentId) {
  const comment = await sandbox(`/v24.0/${commentId}?fields=hidden&access_token=SANDBOX-TOKEN`);
  return comment.hidden;
}

// Polls until `check` is true: the service decides every few seconds.
async function eventually(check, what, seconds = 40) {
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  assert.fail(`timed out waiting for: ${what}`);
}

// Opens the inbox until the comment with `text` is listed, then opens it.
async function openComment(page, text, query = '') {
  await eventually(async () => {
    await page.goto(`${server.base}/app/inbox${query}`);
    return (await page.getByRole('link', { name: text }).count()) > 0;
  }, `"${text}" in the inbox`);
  await page.getByRole('link', { name: text }).click();
  await page.waitForURL(/\/app\/inbox\/\d+$/);
}

test('the engine hides an insult, a person reviews and restores it on the platform', async () => {
  const media = await sandbox('/_sandbox/media', { caption: 'Stadtfest 2026' });
  const insult = 'Halt die Fresse, du dummes Arschloch';
  const { id } = await sandbox('/_sandbox/comments', { media_id: media.id, text: insult, username: 'troll_42' });
  await eventually(() => hiddenOnPlatform(id), 'the engine hides the insult');

  const editor = await signIn(browser, server, EDITOR);
  await openComment(editor, insult);
  assert.match(await editor.locator('main').textContent(), /ausgeblendet/);
  assert.match(await editor.locator('main').textContent(), /Automatische Prüfung/);
  // The evidence was kept before it was hidden, with its hash.
  const evidence = editor.getByRole('region', { name: 'Beweissicherung' });
  assert.match(await evidence.textContent(), /SHA-256 [0-9a-f]{64}/);
  const pdf = await editor.context().request.get(await evidence.getByRole('link', { name: 'Zusammenfassung (PDF)' }).getAttribute('href', { timeout: 1000 }).then((href) => `${server.base}${href}`));
  assert.equal(pdf.status(), 200);
  assert.equal((await pdf.body()).subarray(0, 5).toString(), '%PDF-');
  const violations = await audit(editor, 'inbox-comment-hidden');

  // The author gets the standard notice as a private reply: the rule and where to ask for review.
  const notice = await editor.getByLabel('Hinweis an die verfassende Person').inputValue();
  assert.match(notice, /Regel N1/);
  assert.match(notice, /Überprüfung/);
  await editor.getByRole('button', { name: 'Hinweis als Direktnachricht senden' }).click();
  await editor.waitForURL(/done=notice$/);
  await eventually(async () => {
    const { data } = await sandbox('/_sandbox/messages');
    return data.some((m) => m.comment_id === id && m.text === notice);
  }, 'the notice reaches the author');
  await editor.reload();
  assert.match(await editor.locator('main').textContent(), /Hinweis gesendet am/);

  // The insult is reported to Meta (Art. 16 DSA); the record names the evidence it sent.
  const reports = editor.getByRole('region', { name: 'Meldungen und Strafanzeigen' });
  await reports.getByLabel('Empfänger').selectOption('meta');
  await reports.getByLabel('Aktenzeichen oder Vorgangsnummer').fill('DSA-4711');
  await reports.getByRole('button', { name: 'Meldung festhalten' }).click();
  await editor.waitForURL(/done=reported$/);
  const filed = await editor.getByRole('region', { name: 'Meldungen und Strafanzeigen' }).textContent();
  assert.match(filed, /Meldung an die Plattform: Meta/);
  assert.match(filed, /DSA-4711/);
  assert.match(filed, /Sicherung \d+/);  // the evidence record it sent
  assert.match(filed, /Antwort steht aus/);
  violations.push(...await audit(editor, 'inbox-comment-reported'));

  // A review needs a reason; then the comment is shown again.
  const review = editor.getByRole('region', { name: 'Überprüfung der Maßnahme' });
  await review.getByLabel('Begründung').fill('Zitat aus einem Liedtext, keine Beleidigung');
  await review.getByRole('button', { name: 'Wiederherstellen (wieder einblenden)' }).click();
  await editor.waitForURL(/done=restored$/);
  assert.match(await editor.getByRole('status').textContent(), /Wiederhergestellt/);
  await eventually(async () => !(await hiddenOnPlatform(id)), 'the comment is shown again');
  assert.deepEqual(violations, []);
  await editor.context().close();
});

test('hiding criticism is a proposal; a second person rejects it and it stays', async () => {
  const media = await sandbox('/_sandbox/media', { caption: 'Neue Parkgebühren' });
  const criticism = 'Die Stadtverwaltung hat die Parkgebühren völlig verkorkst, eine Schande für Sassenberg!';
  const { id } = await sandbox('/_sandbox/comments', { media_id: media.id, text: criticism, username: 'buerger_1' });

  const editor = await signIn(browser, server, EDITOR);
  await openComment(editor, criticism);
  // The engine looks within seconds; its view comes with the page.
  await eventually(async () => {
    await editor.reload();
    return (await editor.getByRole('region', { name: 'Automatische Einschätzung' }).count()) > 0;
  }, 'the engine\'s assessment');
  const violations = await audit(editor, 'inbox-list-and-comment');
  const decide = editor.getByRole('region', { name: 'Entscheiden' });
  assert.ok(await decide.getByLabel('Der Kommentar kritisiert die Verwaltung').isChecked());
  // Without a reason the desk refuses, naming what is missing.
  await decide.getByLabel('Ausblenden').check();
  await decide.getByLabel('Netiquette-Regel').selectOption('N1');
  await decide.getByRole('button', { name: 'Entscheiden' }).click();
  assert.match(await editor.getByRole('alert').textContent(), /Bitte begründen Sie die Entscheidung/);
  await editor.getByRole('region', { name: 'Entscheiden' }).getByLabel('Ausblenden').check();
  await editor.getByRole('region', { name: 'Entscheiden' }).getByLabel('Netiquette-Regel').selectOption('N1');
  await editor.getByRole('region', { name: 'Entscheiden' }).getByLabel('Begründung').fill('Herabwürdigend');
  await editor.getByRole('region', { name: 'Entscheiden' }).getByRole('button', { name: 'Entscheiden' }).click();
  await editor.waitForURL(/done=proposed$/);
  assert.match(await editor.getByRole('status').textContent(), /zweite Person/);
  // The proposer cannot answer their own proposal.
  assert.equal(await editor.getByRole('button', { name: 'Vorschlag bestätigen' }).count(), 0);
  violations.push(...await audit(editor, 'inbox-proposal'));

  const approver = await signIn(browser, server, APPROVER);
  await approver.goto(editor.url().replace(/\?.*$/, ''));
  const proposal = approver.getByRole('region', { name: 'Vorschlag wartet auf eine zweite Person' });
  await proposal.getByLabel('Begründung').fill('Sachkritik an der Verwaltung ist erlaubt');
  await proposal.getByRole('button', { name: 'Vorschlag ablehnen' }).click();
  await approver.waitForURL(/done=rejected$/);
  assert.match(await approver.getByRole('status').textContent(), /bleibt sichtbar/);
  assert.equal(await hiddenOnPlatform(id), false);
  assert.match(await approver.getByRole('region', { name: 'Entscheidungen' }).textContent(), /Vorschlag abgelehnt/);

  await approver.goto(`${server.base}/app/inbox?view=all`);
  violations.push(...await audit(approver, 'inbox-all'));
  // The month's report counts the rejected proposal, and no comment's words.
  await approver.getByRole('link', { name: 'Bericht' }).click();
  assert.match(await approver.locator('main').textContent(), /Vorschlag abgelehnt: 1/);
  assert.doesNotMatch(await approver.locator('main').textContent(), /verkorkst/);
  violations.push(...await audit(approver, 'transparency-report'));
  assert.deepEqual(violations, []);
  for (const page of [editor, approver]) await page.context().close();
});
