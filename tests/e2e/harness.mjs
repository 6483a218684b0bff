// Starts the real civicpost binary with the demo authority on a free port,
// drives Debian's Chromium with playwright-core and checks pages with axe-core.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const outDir = process.env.E2E_OUT || path.join(os.tmpdir(), 'civicpost-e2e');
fs.mkdirSync(path.join(outDir, 'screenshots'), { recursive: true });

export async function freePort() {
  const probe = net.createServer();
  await new Promise((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

// The demo server: its base URL and the demo logins (email -> password).
// With { sandbox: true } the Graph API sandbox runs beside it, the demo's
// Instagram channel is connected to it, and `sandbox` is its base URL.
export async function startServer({ sandbox = false } = {}) {
  const binary = process.env.CIVICPOST_BINARY;
  if (!binary) throw new Error('CIVICPOST_BINARY is not set');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'civicpost-e2e-'));
  // The sandbox posts webhooks to the service's public address, which must
  // be known before it listens: with the sandbox, both get free ports first.
  const listen = sandbox ? `127.0.0.1:${await freePort()}` : '127.0.0.1:0';
  const args = ['serve', '--demo', '--data-dir', dataDir, '--listen', listen];
  if (sandbox) args.push('--sandbox', `127.0.0.1:${await freePort()}`);
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let sandboxBase = null;
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  const base = await new Promise((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${stdout}\n${stderr}`)), 30000);
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const graph = stdout.match(/Graph API sandbox: (http:\/\/127\.0\.0\.1:\d+)\//);
      if (graph) sandboxBase = graph[1];
      const match = stdout.match(/is running: (http:\/\/127\.0\.0\.1:\d+)\//);
      if (match) { clearTimeout(timer); resolve(match[1]); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited with ${code}:\n${stderr}`)); });
  });
  const logins = {};
  for (const line of fs.readFileSync(path.join(dataDir, 'demo-logins.txt'), 'utf8').trim().split('\n')) {
    const [email, password] = line.split(' ');
    logins[email] = password;
  }
  const stop = async () => {
    child.removeAllListeners('exit');
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  return { base, sandbox: sandboxBase, logins, stop, stderr: () => stderr, dataDir };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--headless', '--disable-background-networking', '--disable-dev-shm-usage'],
  });
}

// A signed-in page for `email`, in its own browser context (its own cookies).
export async function signIn(browser, server, email) {
  // bypassCSP lets the test inject axe-core; the pages themselves allow no inline script.
  const context = await browser.newContext({ bypassCSP: true, locale: 'de-DE' });
  const page = await context.newPage();
  await page.goto(`${server.base}/app/login`);
  await page.getByLabel('E-Mail-Adresse').fill(email);
  await page.getByLabel('Passwort').fill(server.logins[email]);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.waitForURL(`${server.base}/app/`);
  return page;
}

// Runs axe-core's WCAG 2.1 A/AA rules on the page and saves a screenshot.
// Returns a readable list of violations (empty when there are none).
export async function audit(page, name) {
  await page.screenshot({ path: path.join(outDir, 'screenshots', `${name}.png`), fullPage: true });
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
  }));
  return result.violations.map((v) =>
    `${name}: ${v.id} (${v.help}) at ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(' | ')}`);
}

// Posts a form the test builds itself inside the page (as another site or a
// tampered page would) and returns the response's status and text.
export async function postForm(page, action, fields) {
  return page.evaluate(async ({ action, fields }) => {
    const body = new URLSearchParams(fields);
    const response = await fetch(action, { method: 'POST', body, redirect: 'manual' });
    return { status: response.status, text: await response.text() };
  }, { action, fields });
}
