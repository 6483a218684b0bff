// The public mirror in a real browser, as a citizen without an account sees
// it: axe-core finds no WCAG 2.1 AA violation on any kind of page, nothing is
// requested from another origin, no cookie is set, and it all works with
// JavaScript switched off.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { audit, freePort, launchBrowser, startServer } from './harness.mjs';

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
// Links are followed as the browser resolves them, so the relative links of
// the export work the same way.
async function sitePages(page, base) {
  const pathOf = async (locator) => new URL(await locator.evaluate((a) => a.href)).pathname;
  await page.goto(`${base}/sassenberg/`);
  const post = await pathOf(page.locator('.post h3 a').first());
  const topic = await pathOf(page.locator('.topic-nav a').first());
  await page.goto(`${base}${post}`);
  const hashtags = page.locator('.post__caption a');
  const hashtag = (await hashtags.count()) > 0 ? await pathOf(hashtags.first()) : null;
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

// Opens every kind of page under `base`, runs axe-core, and checks that no
// request left the origin, every image loaded and no cookie was set.
async function browseSite(base, label) {
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  const requested = [];
  page.on('request', (request) => requested.push(request.url()));
  const paths = await sitePages(page, base);
  const violations = [];
  for (const [name, sitePath] of paths) {
    const response = await page.goto(`${base}${sitePath}`);
    assert.equal(response.status(), 200, sitePath);
    assert.equal(await page.getAttribute('html', 'lang'), 'de', sitePath);
    await page.waitForLoadState('networkidle');
    const broken = await page.$$eval('img', (images) =>
      images.filter((img) => !img.complete || img.naturalWidth === 0).map((img) => img.src));
    assert.deepEqual(broken, [], `images that did not load on ${sitePath}`);
    violations.push(...await audit(page, `${label}-${name}`));
  }
  assert.deepEqual(violations, [], JSON.stringify(violations, null, 2));
  const elsewhere = requested.filter((url) => !url.startsWith(`${base}/`));
  assert.deepEqual(elsewhere, [], 'requests that left the origin');
  assert.ok(requested.some((url) => url.includes('/media/')), 'the images were loaded');
  assert.deepEqual(await context.cookies(), [], 'cookies set by the public site');
  await context.close();
}

test('every kind of public page passes axe-core and asks no other origin', async () => {
  await browseSite(server.base, 'public');
});


test('the static export served by nginx is the same site', async () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'civicpost-export-'));
  fs.chmodSync(work, 0o755);  // nginx's workers run as another user
  const site = path.join(work, 'www');
  const publicUrl = 'https://www.sassenberg.example/social';
  const written = execFileSync(process.env.CIVICPOST_BINARY,
    ['export-site', '--data-dir', server.dataDir, site],
    { encoding: 'utf8', env: { ...process.env, CIVICPOST_PUBLIC_URL: publicUrl } });
  assert.match(written, /Dateien nach/);
  const port = await freePort();
  fs.mkdirSync(path.join(work, 'tmp'));
  fs.writeFileSync(path.join(work, 'nginx.conf'), `daemon off; worker_processes 1;
pid ${work}/nginx.pid; error_log ${work}/error.log;
events {}
http { access_log off; include /etc/nginx/mime.types; types { text/calendar ics; }
  client_body_temp_path ${work}/tmp; proxy_temp_path ${work}/tmp; fastcgi_temp_path ${work}/tmp;
  uwsgi_temp_path ${work}/tmp; scgi_temp_path ${work}/tmp;
  server { listen 127.0.0.1:${port}; root ${site}; charset utf-8; } }
`);
  const nginx = spawn('/usr/sbin/nginx', ['-c', path.join(work, 'nginx.conf'), '-p', work],
    { stdio: 'ignore' });
  const base = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; i < 100; i++) {
      try { if ((await fetch(`${base}/sassenberg/`)).ok) break; } catch { /* not yet */ }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await browseSite(base, 'export');
    const feed = await fetch(`${base}/sassenberg/feed.xml`);
    assert.equal(feed.status, 200);
    // Feeds keep absolute links, to the configured public address.
    assert.match(await feed.text(), new RegExp(`<link>${publicUrl}/sassenberg/beitraege/\\d+/</link>`));
  } finally {
    nginx.kill('SIGQUIT');
    fs.rmSync(work, { recursive: true, force: true });
  }
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
