// The public mirror in a real browser, as a citizen without an account sees
// it: axe-core finds no WCAG 2.1 AA violation on any kind of page, nothing is
// requested from another origin, no cookie is set, and it all works with
// JavaScript switched off.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { audit, launchBrowser, startServer } from './harness.mjs';

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

// The paths of every kind of page, found by following the site's own links.
async function sitePages(page) {
  await page.goto(`${server.base}/sassenberg/`);
  const post = await page.locator('.post h3 a').first().getAttribute('href');
  const topic = await page.locator('.topic-nav a').first().getAttribute('href');
  await page.goto(`${server.base}${post}`);
  const hashtags = page.locator('.post__caption a');
  const hashtag = (await hashtags.count()) > 0 ? await hashtags.first().getAttribute('href') : null;
  const paths = [
    ['home', '/sassenberg/'], ['post', post], ['topic', topic],
    ['events', '/sassenberg/termine/'], ['contact', '/sassenberg/kontakt/'],
    ['impressum', '/sassenberg/impressum/'], ['accessibility', '/sassenberg/barrierefreiheit/'],
    ['concept', '/sassenberg/nutzungskonzept/'], ['netiquette', '/sassenberg/netiquette/'],
    ['privacy', '/sassenberg/datenschutz/'],
  ];
  if (hashtag) paths.push(['hashtag', hashtag]);
  return paths;
}

test('every kind of public page passes axe-core and asks no other origin', async () => {
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  const requested = [];
  page.on('request', (request) => requested.push(request.url()));
  const paths = await sitePages(page);
  const violations = [];
  for (const [name, path] of paths) {
    const response = await page.goto(`${server.base}${path}`);
    assert.equal(response.status(), 200, path);
    assert.equal(await page.getAttribute('html', 'lang'), 'de', path);
    await page.waitForLoadState('networkidle');
    violations.push(...await audit(page, `public-${name}`));
  }
  assert.deepEqual(violations, [], JSON.stringify(violations, null, 2));
  const elsewhere = requested.filter((url) => !url.startsWith(`${server.base}/`));
  assert.deepEqual(elsewhere, [], 'requests that left the origin');
  assert.ok(requested.some((url) => url.includes('/media/')), 'the images were loaded');
  assert.deepEqual(await context.cookies(), [], 'cookies set by the public site');
  await context.close();
});

test('the site works without JavaScript and the keyboard reaches the content first', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${server.base}/sassenberg/`);
  assert.ok(await page.locator('.post').count() > 0, 'posts listed');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Zum Inhalt springen' });
  assert.ok(await skip.evaluate((el) => el === document.activeElement), 'skip link first');
  await page.locator('.post h3 a').first().click();
  assert.match(page.url(), /\/sassenberg\/beitraege\/\d+\/$/);
  assert.equal(await page.locator('h1').count(), 1);
  await page.getByRole('link', { name: 'Termine', exact: true }).click();
  assert.equal(await page.locator('h1').textContent(), 'Termine');
  await context.close();
});
