/**
 * Browser test of the Content-Type Builder options ("Journey tags", "Journey
 * format") in develop mode: a copy of the example app (the builder writes
 * schema.json files, so never the repository's) runs `strapi develop` with the
 * built admin; the test turns journey tags off for Whitepaper, saves, waits for
 * the restart, turns them on again, and finds every whitepaper's tags back.
 *
 *   npx strapi-plugin build && npm run build --workspace examples/app
 *   JOURNEY_E2E_PORT=1354 npx jest --selectProjects e2e --runInBand --forceExit --runTestsByPath admin/tests/ctb.e2e.ts
 */
import { spawn, type ChildProcess } from 'child_process';
import fs from 'fs';
import path from 'path';
import { chromium, type Browser, type Page } from 'playwright-core';

const ROOT = path.resolve(__dirname, '../..');
const SOURCE_APP = path.join(ROOT, 'examples/app');
const APP = path.join(ROOT, '.tmp', `ctb-app-${process.pid}`);
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const PORT = Number(process.env.JOURNEY_E2E_PORT || 1348);
const BASE = `http://127.0.0.1:${PORT}`;
const ADMIN = { email: 'admin@journey.local', password: 'JourneyDemo1' };
const WHITEPAPER = 'api::whitepaper.whitepaper';
const SCHEMA = path.join(APP, 'src/api/whitepaper/content-types/whitepaper/schema.json');

let server: ChildProcess | undefined;
let serverLog = '';
let browser: Browser;
let page: Page;
const timings: Record<string, number> = {};

jest.setTimeout(600_000);

const health = async () => {
  try {
    return (await fetch(`${BASE}/_health`, { signal: AbortSignal.timeout(2_000) })).status === 204;
  } catch {
    return false;
  }
};

const waitFor = async (what: string, check: () => Promise<boolean>, timeoutMs: number) => {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    if (server?.exitCode !== null && server?.exitCode !== undefined)
      throw new Error(`strapi develop exited with ${server.exitCode}:\n${serverLog.slice(-4000)}`);
    if (await check()) return Date.now() - start;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what} not within ${timeoutMs} ms:\n${serverLog.slice(-4000)}`);
};

const api = async (method: string, url: string, token?: string, body?: unknown) => {
  const res = await fetch(`${BASE}${url}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  return { status: res.status, body: (await res.json().catch(() => null)) as any };
};

const token = async () =>
  (await api('POST', '/admin/login', undefined, ADMIN)).body.data.token as string;

/** Every whitepaper draft's tags, by documentId (the tag API, as an editor's panel reads them). */
const whitepaperTags = async (t: string) => {
  const list = await api('GET', `/content-manager/collection-types/${WHITEPAPER}?pageSize=100`, t);
  const ids: string[] = list.body.results.map((r: any) => r.documentId);
  const tags = await api('GET', `/journey/tags/${WHITEPAPER}?documentIds=${ids.join(',')}`, t);
  if (tags.status !== 200) return { status: tags.status, byId: {} as Record<string, unknown> };
  return {
    status: 200,
    byId: Object.fromEntries(
      tags.body.data.map((x: any) => [x.documentId, { stages: x.stages, audience: x.audience }])
    ),
  };
};

/** Opens Whitepaper's settings in the builder, sets "Journey tags", saves, and waits for the server to come back. */
const setJourneyTags = async (on: boolean) => {
  await page.goto(`${BASE}/admin/plugins/content-type-builder/content-types/${WHITEPAPER}`);
  await page.getByRole('button', { name: 'Edit', exact: true }).first().click();
  await page.getByRole('tab', { name: 'Advanced settings' }).click();
  const box = page.getByRole('checkbox', { name: 'Journey tags' });
  await box.waitFor();
  expect(await box.isChecked()).toBe(!on);
  await box.click();
  expect(await box.isChecked()).toBe(on);
  await page.getByRole('button', { name: 'Finish' }).click();
  const saved = Date.now();
  // The save answers first and restarts after: wait for the server to go down, then to come back.
  const down = waitFor(
    'the server to stop for its restart',
    async () => !(await health()),
    120_000
  );
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await down;
  await waitFor('the restart', health, 300_000);
  // The builder's own watcher then refetches the schema and unlocks the page.
  await page.getByRole('button', { name: 'Save', exact: true }).waitFor({ timeout: 120_000 });
  timings[on ? 'onRestartMs' : 'offRestartMs'] = Date.now() - saved;
};

beforeAll(async () => {
  if (!fs.existsSync(path.join(SOURCE_APP, 'dist/build/index.html'))) {
    throw new Error(
      'examples/app has no built admin: run `npx strapi-plugin build && npm run build --workspace examples/app` first'
    );
  }
  if (!fs.existsSync(CHROMIUM))
    throw new Error(`No Chromium at ${CHROMIUM}: apt-get install -y chromium`);
  fs.rmSync(APP, { recursive: true, force: true });
  for (const part of [
    'config',
    'database',
    'public',
    'src',
    'package.json',
    'tsconfig.json',
    'favicon.png',
  ]) {
    fs.cpSync(path.join(SOURCE_APP, part), path.join(APP, part), { recursive: true });
  }
  fs.cpSync(path.join(SOURCE_APP, 'dist/build'), path.join(APP, 'dist/build'), { recursive: true });

  const start = Date.now();
  server = spawn(
    process.execPath,
    [
      path.join(ROOT, 'node_modules/@strapi/strapi/bin/strapi.js'),
      'develop',
      '--no-watch-admin',
      '--no-build-admin',
    ],
    {
      cwd: APP,
      env: {
        ...process.env,
        NODE_ENV: 'development',
        HOST: '127.0.0.1',
        PORT: String(PORT),
        DATABASE_CLIENT: 'sqlite',
        DATABASE_FILENAME: '.tmp/ctb.db',
        JOURNEY_DEMO_SEED: 'true',
        STRAPI_TELEMETRY_DISABLED: 'true',
        BROWSER: 'none',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // its own process group: develop forks the server, and both end together
    }
  );
  server.stdout?.on('data', (d) => (serverLog += d));
  server.stderr?.on('data', (d) => (serverLog += d));
  await waitFor('/_health', health, 240_000);
  timings.bootMs = Date.now() - start;

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
  await page.addLocatorHandler(
    page.getByRole('button', { name: 'Skip', exact: true }),
    async (skip) => {
      await skip.click();
    }
  );
  await page.goto(`${BASE}/admin/auth/login`);
  await page.locator('input[name="email"]').fill(ADMIN.email);
  await page.locator('input[name="password"]').fill(ADMIN.password);
  await Promise.all([
    page.waitForURL((u) => !u.pathname.includes('/auth/')),
    page.getByRole('button', { name: 'Login' }).click(),
  ]);
}, 300_000);

afterEach(async () => {
  const name = (expect.getState().currentTestName ?? 'test')
    .replace(/[^a-z0-9]+/gi, '-')
    .slice(0, 80);
  fs.mkdirSync(path.join(ROOT, '.tmp/e2e-ctb'), { recursive: true });
  await page?.screenshot({ path: path.join(ROOT, '.tmp/e2e-ctb', `${name}.png`) }).catch(() => {});
});

afterAll(async () => {
  await browser?.close().catch(() => {});
  const child = server;
  if (child?.pid && child.exitCode === null) {
    // `strapi develop` runs the server in a forked child: end the process group we started.
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    process.kill(-child.pid, 'SIGTERM');
    const timer = setTimeout(
      () => child.exitCode === null && process.kill(-child.pid!, 'SIGKILL'),
      15_000
    );
    await exited;
    clearTimeout(timer);
  }

  console.log(`ctb.e2e timings: ${JSON.stringify(timings)}`);
  if (!process.env.KEEP_CTB_APP) fs.rmSync(APP, { recursive: true, force: true });
});

describe('Content-Type Builder: journey options', () => {
  let before: Record<string, unknown>;
  const original = () =>
    JSON.parse(
      fs.readFileSync(
        path.join(SOURCE_APP, 'src/api/whitepaper/content-types/whitepaper/schema.json'),
        'utf8'
      )
    );

  test('the advanced settings show "Journey tags" (checked) and the type’s format', async () => {
    const t = await token();
    const tags = await whitepaperTags(t);
    expect(tags.status).toBe(200);
    before = tags.byId;
    expect(
      Object.values(before).filter((x: any) => x.stages.length > 0).length
    ).toBeGreaterThanOrEqual(8);

    await page.goto(`${BASE}/admin/plugins/content-type-builder/content-types/${WHITEPAPER}`);
    await page.getByRole('button', { name: 'Edit', exact: true }).first().click();
    await page.getByRole('tab', { name: 'Advanced settings' }).click();
    expect(await page.getByRole('checkbox', { name: 'Journey tags' }).isChecked()).toBe(true);
    await expect(
      page.getByRole('combobox', { name: 'Journey format' }).textContent()
    ).resolves.toContain('whitepaper (Consideration)');
    await page.keyboard.press('Escape');
  });

  test('turning journey tags off writes enabled: false and takes the tags off the type', async () => {
    await setJourneyTags(false);
    const schema = JSON.parse(fs.readFileSync(SCHEMA, 'utf8'));
    expect(schema.pluginOptions.journey).toEqual({ format: 'whitepaper', enabled: false });
    expect(Object.keys(schema.attributes)).not.toContain('journeyStages');
    const t = await token();
    const res = await api('GET', `/journey/tags/${WHITEPAPER}?documentIds=x`, t);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('opted out');
  });

  test('turning them on again gives every whitepaper its tags back, and the schema file its original options', async () => {
    await setJourneyTags(true);
    const schema = JSON.parse(fs.readFileSync(SCHEMA, 'utf8'));
    expect(schema.pluginOptions).toEqual(original().pluginOptions);
    expect(Object.keys(schema.attributes)).toEqual(Object.keys(original().attributes));
    const after = await whitepaperTags(await token());
    expect(after.status).toBe(200);
    expect(after.byId).toEqual(before);
  });
});
