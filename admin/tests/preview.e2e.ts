/**
 * Browser test of "Preview as a visitor" on the coverage page, against the BUILT
 * example app (`npx strapi-plugin build && npm run build --workspace examples/app`):
 * `strapi start` on a fresh SQLite file with the demo content, Debian's Chromium
 * through playwright-core. A marketer picks a stage and sees what a visitor gets
 * (ranked, with reasons, equal to the public endpoint's answer) and why a
 * draft is not among it.
 *
 *   JOURNEY_E2E_PORT=1355 npx jest admin/tests/preview.e2e.ts --selectProjects e2e --runInBand --forceExit
 */
import { spawn, type ChildProcess } from 'child_process';
import fs from 'fs';
import path from 'path';
import { chromium, type Browser, type Page } from 'playwright-core';

const ROOT = path.resolve(__dirname, '../..');
const APP = path.join(ROOT, 'examples/app');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const PORT = Number(process.env.JOURNEY_E2E_PORT || 1348);
const BASE = `http://127.0.0.1:${PORT}`;
const DB_FILE = `.tmp/e2e-preview-${process.pid}.db`;
const ADMIN = { email: 'admin@journey.local', password: 'JourneyDemo1' };
// In the demo content: a b2c:awareness blog post that was never published.
const DRAFT_TITLE = 'Draft: notes on emotional vs logical buying';

let strapiProcess: ChildProcess | undefined;
let log = '';
let browser: Browser;
let page: Page;

jest.setTimeout(180_000);

const healthy = async (ms: number) => {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (strapiProcess?.exitCode != null)
      throw new Error(`Strapi exited with ${strapiProcess.exitCode}:\n${log.slice(-4000)}`);
    const ok = await fetch(`${BASE}/_health`)
      .then((r) => r.status === 204)
      .catch(() => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no /_health within ${ms} ms:\n${log.slice(-4000)}`);
};

const pickOption = async (label: string, option: string | RegExp) => {
  await page.getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option }).click();
};

beforeAll(async () => {
  if (!fs.existsSync(path.join(APP, 'dist/build/index.html')))
    throw new Error(
      'examples/app has no built admin: run `npm run build --workspace examples/app`'
    );
  if (!fs.existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}`);
  fs.mkdirSync(path.join(APP, '.tmp'), { recursive: true });
  strapiProcess = spawn(
    process.execPath,
    [path.join(ROOT, 'node_modules/@strapi/strapi/bin/strapi.js'), 'start'],
    {
      cwd: APP,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        PORT: String(PORT),
        DATABASE_CLIENT: 'sqlite',
        DATABASE_FILENAME: DB_FILE,
        JOURNEY_DEMO_SEED: 'true',
        STRAPI_TELEMETRY_DISABLED: 'true',
        STRAPI_LOG_LEVEL: 'warn',
        BROWSER: 'none',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    }
  );
  strapiProcess.stdout?.on('data', (d) => (log += d));
  strapiProcess.stderr?.on('data', (d) => (log += d));
  await healthy(120_000);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  page = await (await browser.newContext({ viewport: { width: 1600, height: 1000 } })).newPage();
  // Strapi's guided tour and banners can cover the page.
  await page.addLocatorHandler(page.getByRole('button', { name: 'Skip', exact: true }), (b) =>
    b.click()
  );
  await page.addLocatorHandler(page.getByRole('button', { name: /^Close the banner/ }), (b) =>
    b.click()
  );
}, 180_000);

afterEach(async () => {
  fs.mkdirSync(path.join(ROOT, '.tmp/e2e-preview'), { recursive: true });
  const name = (expect.getState().currentTestName ?? 'test')
    .replace(/[^a-z0-9]+/gi, '-')
    .slice(0, 80);
  await page
    ?.screenshot({ path: path.join(ROOT, '.tmp/e2e-preview', `${name}.png`), fullPage: true })
    .catch(() => {});
});

afterAll(async () => {
  await browser?.close().catch(() => {});
  const child = strapiProcess;
  if (child?.pid && child.exitCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    process.kill(child.pid, 'SIGTERM');
    await exited;
  }
  for (const suffix of ['', '-wal', '-shm', '-journal'])
    fs.rmSync(path.join(APP, DB_FILE + suffix), { force: true });
});

describe('Preview as a visitor', () => {
  test('a marketer picks a stage and sees the ranked list with reasons and why a draft is not shown', async () => {
    await page.goto(`${BASE}/admin/auth/login`);
    await page.locator('input[name="email"]').fill(ADMIN.email);
    await page.locator('input[name="password"]').fill(ADMIN.password);
    await Promise.all([
      page.waitForURL((u) => !u.pathname.includes('/auth/')),
      page.getByRole('button', { name: 'Login' }).click(),
    ]);

    await page.goto(`${BASE}/admin/plugins/journey`);
    const panel = page.getByTestId('journey-preview');
    await panel.getByRole('heading', { name: 'Preview as a visitor' }).waitFor();
    await expect(
      panel.getByText('Choose a stage to see what a visitor at that stage gets.').isVisible()
    ).resolves.toBe(true);
    // The role picker starts on Public.
    await page
      .getByRole('combobox', { name: 'Visitor role' })
      .filter({ hasText: 'Public' })
      .waitFor();

    const answered = page.waitForResponse(
      (r) => r.url().includes('/journey/preview?') && r.request().method() === 'GET'
    );
    await pickOption('Visitor stage', /^Awareness · B2C$/);
    const res = await answered;
    expect(res.status()).toBe(200);
    const body = await res.json();
    expect(new URL(res.url()).searchParams.get('stage')).toBe('b2c:awareness');

    // The page shows exactly what the public endpoint serves, in its order, each with its reason.
    const pub = await (
      await fetch(`${BASE}/api/journey/recommend?stage=b2c:awareness&limit=3`)
    ).json();
    expect(body.data.map((d: any) => d.documentId)).toEqual(pub.data.map((d: any) => d.documentId));
    expect(pub.data.length).toBeGreaterThan(0);
    const items = panel.getByTestId('journey-preview-item');
    await items.first().waitFor();
    expect(await items.count()).toBe(pub.data.length);
    for (const [i, entry] of pub.data.entries()) {
      await expect(items.nth(i).textContent()).resolves.toContain(`${i + 1}. ${entry.title}`);
      await expect(items.nth(i).getByTestId('journey-preview-reason').textContent()).resolves.toBe(
        entry.journey.reason
      );
    }

    // Why not: the never-published blog post, with its reason.
    const draftLine = panel.getByTestId('journey-preview-whynot').filter({ hasText: DRAFT_TITLE });
    await draftLine.waitFor();
    await expect(draftLine.textContent()).resolves.toMatch(/draft only: never published/);

    // Another audience changes the request (and the answer) without leaving the page.
    const again = page.waitForResponse(
      (r) => r.url().includes('/journey/preview?') && r.url().includes('audience=b2b')
    );
    await pickOption('Visitor segment', /^B2B$/);
    expect((await again).status()).toBe(200);

    // Any other recommend parameter passes through: excluding the first entry moves it to "why not".
    const first = body.data[0];
    const excluded = page.waitForResponse(
      (r) =>
        r.url().includes('/journey/preview?') && r.url().includes(`exclude=${first.documentId}`)
    );
    await page
      .getByRole('textbox', { name: 'More visitor parameters' })
      .fill(`exclude=${first.documentId}`);
    await page.keyboard.press('Enter');
    const withExclude = await (await excluded).json();
    expect(withExclude.data.map((d: any) => d.documentId)).not.toContain(first.documentId);
    const excludedLine = panel
      .getByTestId('journey-preview-whynot')
      .filter({ hasText: first.title });
    await excludedLine.waitFor();
    await expect(excludedLine.textContent()).resolves.toContain('listed in exclude');
  });
});
