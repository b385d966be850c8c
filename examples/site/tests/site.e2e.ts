/**
 * Browser test of the example site: starts the example app (`strapi start`, demo
 * content on a fresh SQLite file, Public role granted the plugin's routes) and the
 * site server as child processes on free ports, opens the page in Debian's
 * Chromium through playwright-core, and checks that the recommended cards follow
 * the visitor's audience and stage — cross-origin, through the built typed client.
 * Needs the example app built once (`npm run build:app`); compiles its server code itself.
 */
import { BUCKETS, armFor } from '../../../plugin/src/experiments';
import { DEMO_EXPERIMENT } from '../../app/src/demo/experiment';
import { spawn, type ChildProcess } from 'child_process';
import crypto from 'crypto';
import fs from 'fs';
import net from 'net';
import path from 'path';
import type { Browser, Page } from 'playwright-core';
import {
  CHROMIUM,
  copyDemoTemplate,
  launchChromium,
} from '../../../admin/tests/helpers/strapi-browser';

const ROOT = path.resolve(__dirname, '../../..');
const APP_DIR = path.join(ROOT, 'examples/app');
const DB_FILE = `.tmp/e2e-site-${crypto.randomBytes(4).toString('hex')}.db`;

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });

interface Child {
  proc: ChildProcess;
  log: string[];
  exited: Promise<number | null>;
}

const start = (name: string, args: string[], cwd: string, env: Record<string, string>): Child => {
  const proc = spawn(process.execPath, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log: string[] = [];
  const keep = (chunk: Buffer) => {
    log.push(chunk.toString());
    if (log.length > 400) log.shift();
  };
  proc.stdout!.on('data', keep);
  proc.stderr!.on('data', keep);
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  exited.then((code) => log.push(`[${name} exited with ${code}]`));
  return { proc, log, exited };
};

/** Polls `url` until it answers 200, failing early (with the child's log) if the child exits. */
const waitFor = async (url: string, child: Child, timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  child.exited.then(() => (exited = true));
  while (Date.now() < deadline) {
    if (exited)
      throw new Error(`exited before ${url} answered:\n${child.log.join('').slice(-4000)}`);
    try {
      const res = await fetch(url);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(
    `${url} did not answer within ${timeoutMs / 1000}s:\n${child.log.join('').slice(-4000)}`
  );
};

/** Stops a child by its PID: SIGTERM, then SIGKILL if it is still there after 10 s. */
const stop = async (child?: Child) => {
  if (!child || child.proc.exitCode !== null || child.proc.signalCode !== null) return;
  child.proc.kill('SIGTERM');
  const timer = setTimeout(() => child.proc.kill('SIGKILL'), 10000);
  await child.exited;
  clearTimeout(timer);
};

let app: Child | undefined;
let site: Child | undefined;
let browser: Browser | undefined;
let page: Page;
let siteUrl: string;
let apiUrl: string;
const problems: string[] = [];

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM))
    throw new Error(
      `no Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`
    );
  if (!fs.existsSync(path.join(ROOT, 'dist/client/index.mjs')))
    throw new Error('dist/client/index.mjs is missing: run `npx strapi-plugin build` first');
  if (!fs.existsSync(path.join(APP_DIR, 'dist/build/index.html')))
    throw new Error('the example app has no admin build: run `npm run build:app` first');

  // The app's server code, compiled as `strapi build` / the integration tests' global setup do
  // (unless npm test compiled it once for every lane: a second compile would rewrite dist/
  // under the other lane's running tests).
  const { compileStrapi } = require('@strapi/strapi');
  const cwd = process.cwd();
  process.chdir(APP_DIR);
  try {
    if (process.env.JOURNEY_APP_COMPILED !== '1') await compileStrapi({ appDir: APP_DIR });
  } finally {
    process.chdir(cwd);
  }

  const [appPort, sitePort] = [await freePort(), await freePort()];
  apiUrl = `http://127.0.0.1:${appPort}`;
  siteUrl = `http://127.0.0.1:${sitePort}`;
  const dbEnv: Record<string, string> = {};
  for (const k of [
    'DATABASE_HOST',
    'DATABASE_PORT',
    'DATABASE_NAME',
    'DATABASE_USERNAME',
    'DATABASE_PASSWORD',
    'DATABASE_SCHEMA',
    'JOURNEY_TEST_CONFIG',
  ])
    dbEnv[k] = '';
  copyDemoTemplate(path.join(APP_DIR, DB_FILE));
  app = start(
    'strapi',
    [path.join(ROOT, 'node_modules/@strapi/strapi/bin/strapi.js'), 'start'],
    APP_DIR,
    {
      ...dbEnv,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(appPort),
      DATABASE_CLIENT: 'sqlite',
      DATABASE_FILENAME: DB_FILE,
      JOURNEY_DEMO_SEED: 'true',
      STRAPI_TELEMETRY_DISABLED: 'true',
      STRAPI_LOG_LEVEL: 'warn',
      // APP_KEYS and the other secrets come from server/tests/helpers/env.js (jest setupFiles).
    }
  );
  site = start('site', [path.join(ROOT, 'examples/site/server.js')], ROOT, {
    PORT: String(sitePort),
    HOST: '127.0.0.1',
    JOURNEY_API_URL: apiUrl,
  });
  await Promise.all([
    waitFor(`${apiUrl}/api/journey/stages`, app, 150000),
    waitFor(`${siteUrl}/`, site, 20000),
  ]);

  browser = await launchChromium();
  page = await browser.newPage();
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  // ERR_ABORTED is the site cancelling its own superseded request (app.js aborts the one in
  // flight when the visitor picks again, or a deep link replaces the first load's query);
  // a CORS or network failure is ERR_FAILED and friends, and is a problem.
  page.on('requestfailed', (r) => {
    const error = r.failure()?.errorText;
    if (error !== 'net::ERR_ABORTED') problems.push(`request failed: ${r.url()} ${error}`);
  });
  page.on('response', (r) => r.status() >= 400 && problems.push(`${r.status()} ${r.url()}`));
}, 240000);

afterAll(async () => {
  await browser?.close().catch(() => {});
  await Promise.all([stop(site), stop(app)]);
  for (const suffix of ['', '-wal', '-shm', '-journal'])
    fs.rmSync(path.join(APP_DIR, DB_FILE + suffix), { force: true });
});

/** Waits for the cards of this audience and stage, and returns [type, match, title] per card. */
const cardsFor = async (stage: string, audience: string) => {
  await page.waitForSelector(`#cards[data-state="ready"][data-query^="${stage}|${audience}|"]`);
  return page.$$eval('#cards [data-testid="card"]', (els) =>
    els.map((el) => [
      (el as HTMLElement).dataset.type,
      (el as HTMLElement).dataset.match,
      el.querySelector('h2')!.textContent,
    ])
  );
};

const choose = async (audience: 'b2b' | 'b2c', stage: string) => {
  await page.check(`input[name="audience"][value="${audience}"]`);
  await page.selectOption('#stage', stage);
  return cardsFor(stage, audience);
};

it('lists the stages of the chosen audience’s framework, from /api/journey/stages', async () => {
  await page.goto(`${siteUrl}/`);
  await page.waitForSelector('#cards[data-state="ready"]');
  const b2b = await page.$$eval('#stage option', (os) =>
    os.map((o) => (o as HTMLOptionElement).value)
  );
  expect(b2b).toEqual([
    'b2b:problem-recognition',
    'b2b:research',
    'b2b:consideration',
    'b2b:selection',
    'b2b:purchase',
    'b2b:post-purchase',
  ]);
  await page.check('input[name="audience"][value="b2c"]');
  const b2c = await page.$$eval('#stage option', (os) =>
    os.map((o) => (o as HTMLOptionElement).value)
  );
  expect(b2c).toEqual([
    'b2c:awareness',
    'b2c:consideration',
    'b2c:purchase',
    'b2c:retention',
    'b2c:advocacy',
  ]);
  expect(await page.textContent('#api')).toBe(apiUrl);
});

it('research for a B2B buyer: whitepapers first', async () => {
  const cards = await choose('b2b', 'b2b:research');
  expect(cards).toHaveLength(3);
  expect(cards.slice(0, 2).map((c) => c[0])).toEqual([
    'api::whitepaper.whitepaper',
    'api::whitepaper.whitepaper',
  ]);
  expect(cards.every((c) => c[1] === 'exact')).toBe(true);
  const reason = await page.textContent('#cards [data-testid="card"] .reason');
  expect(reason).toBe('tagged Research (B2B), for B2B; whitepaper suits consideration');
});

it('purchase for a B2C customer: the cards change to case studies first', async () => {
  const before = await cardsFor('b2b:research', 'b2b');
  const cards = await choose('b2c', 'b2c:purchase');
  expect(cards.slice(0, 2).map((c) => c[0])).toEqual([
    'api::case-study.case-study',
    'api::case-study.case-study',
  ]);
  expect(cards.map((c) => c[2])).not.toEqual(before.map((c) => c[2]));
  expect(await page.textContent('#status')).toMatch(/for b2c:purchase \(decision phase, b2c\)/);
  expect(new URL(page.url()).searchParams.get('stage')).toBe('b2c:purchase');
});

it('"Mark as seen" sends exclude: the card is replaced by the next best', async () => {
  const cards = await cardsFor('b2c:purchase', 'b2c');
  await page.click('#cards [data-testid="card"]:first-child button');
  await page.waitForSelector('#cards[data-state="ready"][data-query$="|1"]');
  const after = await page.$$eval('#cards [data-testid="card"] h2', (els) =>
    els.map((e) => e.textContent)
  );
  expect(after).not.toContain(cards[0][2]);
  expect(after).toHaveLength(3);
  await page.click('#reset-seen');
  await page.waitForSelector('#cards[data-state="ready"][data-query$="|0"]');
});

it('loads a deep link, and no request failed (CORS included)', async () => {
  await page.goto(`${siteUrl}/?audience=b2b&stage=b2b:selection`);
  const cards = await cardsFor('b2b:selection', 'b2b');
  expect(cards[0][0]).toBe('api::case-study.case-study');
  expect(problems).toEqual([]);
});

it('shows the API’s error when Strapi is not reachable', async () => {
  const closed = await freePort();
  await page.goto(`${siteUrl}/?api=${encodeURIComponent(`http://127.0.0.1:${closed}`)}`);
  await page.waitForSelector('#cards[data-state="error"]', { state: 'attached' });
  expect(await page.textContent('#error')).toMatch(
    /NetworkError: .*is the Strapi app running at http:\/\/127\.0\.0\.1:\d+\?/
  );
});

describe('a visitor’s walk (/walk)', () => {
  beforeAll(() => {
    problems.length = 0; // the previous test provoked failed requests on purpose
  });
  /** Clicks "Read" on the first card and waits for the answer after `reads` reads; returns the stage, phase and first titles. */
  const readFirst = async (reads: number) => {
    await page.click('#cards [data-testid="card"]:first-child button');
    await page.waitForSelector(`#cards[data-state="ready"][data-reads="${reads}"]`);
    return state();
  };
  const state = () =>
    page.$eval('#cards', (el) => ({
      stage: (el as HTMLElement).dataset.stage,
      phase: (el as HTMLElement).dataset.phase,
      titles: [...el.querySelectorAll('h2')].map((h) => h.textContent),
    }));

  /** A stored bucket (kept after consent) that the demo experiment's split maps to `arm`. */
  const bucketFor = (arm: string) =>
    String(
      Array.from({ length: BUCKETS }, (_, b) => b).find((b) => armFor(DEMO_EXPERIMENT, b) === arm)
    );

  const walk = async (mode: 'server' | 'edge', arm = 'journey') => {
    await page.goto(`${siteUrl}/walk`);
    await page.evaluate((b) => localStorage.setItem('journey-example:bucket', b), bucketFor(arm));
    await page.waitForSelector('#cards[data-state="ready"]');
    await page.check('#consent');
    await page.click('#forget');
    await page.check(`input[name="mode"][value="${mode}"]`);
    await page.waitForSelector(`#cards[data-state="ready"][data-mode="${mode}"][data-reads="0"]`);
    const steps = [await state()];
    const reasons: string[] = [];
    for (let i = 1; i <= 3; i++) {
      steps.push(await readFirst(i));
      reasons.push((await page.textContent('#visitor-reason')) ?? '');
    }
    const request = (await page.textContent('#request')) ?? '';
    const history = await page.$$eval('#history li', (els) => els.length);
    return { steps, reasons, request, history, next: await page.textContent('#next-step') };
  };

  it('server mode: three reads move the recommendations from awareness to decision, with the reason shown', async () => {
    const server = await walk('server');
    expect(server.steps.map((s) => s.phase)).toEqual([
      'awareness',
      'consideration',
      'consideration',
      'decision',
    ]);
    expect(server.steps[3].stage).toBe('b2b:selection');
    expect(server.reasons[2]).toMatch(/^Consideration, [A-Za-z ]+ \(B2B\): .*entries read/);
    expect(server.reasons[2]).toMatch(/audience b2b/);
    expect(server.next).toMatch(/^Next step after “.+”: b2b:selection \(decision\)$/);
    // Server mode sends what was read.
    expect(server.request).toMatch(/seen=[^&]+,[^&]+,[^&]+/);
    expect(server.history).toBe(3);
  });

  it('edge mode: the same walk, the same stages and cards, and a URL without any visitor data', async () => {
    const server = await walk('server');
    const edge = await walk('edge');
    expect(edge.steps).toEqual(server.steps);
    expect(edge.reasons).toEqual(server.reasons);
    expect(edge.request).not.toMatch(/seen=|from=|utm_|referrer=/);
    expect(edge.request).toMatch(/stage=b2b%3Aselection&audience=b2b&limit=13/);
  });

  it('the demo experiment: the stored bucket picks the arm, the URL names it, a read is reported with it', async () => {
    // The page sends events by beacon, whose body Playwright does not show: read them as sent.
    await page.addInitScript(() => {
      const send = navigator.sendBeacon.bind(navigator);
      (window as any).beacons = [];
      navigator.sendBeacon = (url: string | URL, data?: any) => {
        if (data instanceof Blob) data.text().then((t) => (window as any).beacons.push(t));
        return send(url, data);
      };
    });
    const sentEvents = () =>
      page.evaluate(() => (window as any).beacons.flatMap((t: string) => JSON.parse(t).events));
    // (addInitScript has no removal: later pages keep the wrapper, which changes nothing they do.)
    const newest = await walk('server', 'newest');
    expect(newest.request).toMatch(/[?&]arm=newest(&|$)/);
    expect(await page.textContent('#experiment')).toContain('“newest”');
    expect(await page.$eval('#cards', (el) => (el as HTMLElement).dataset.arm)).toBe('newest');
    // Sent on each read; read back asynchronously.
    let clicks: any[] = [];
    for (let i = 0; i < 50 && clicks.length < 3; i++) {
      clicks = (await sentEvents()).filter((e: any) => e.type === 'click');
      if (clicks.length < 3) await page.waitForTimeout(100);
    }
    expect(clicks).toHaveLength(3);
    for (const click of clicks)
      expect(click).toMatchObject({ experiment: DEMO_EXPERIMENT.id, arm: 'newest' });
    // The journey arm's walk is the one the two tests above check stage by stage.
    await walk('server', 'journey');
    expect(await page.textContent('#request')).toMatch(/[?&]arm=journey(&|$)/);
  });

  it('without consent nothing is remembered, and "Forget me" erases the history', async () => {
    await page.goto(`${siteUrl}/walk`);
    await page.waitForSelector('#cards[data-state="ready"]');
    await page.click('#forget');
    await page.waitForSelector('#cards[data-state="ready"][data-reads="0"]');
    expect(await page.evaluate(() => localStorage.getItem('journey-example:history'))).toBeNull();
    await page.uncheck('#consent');
    await page.click('#cards [data-testid="card"]:first-child button');
    await page.waitForSelector('#note:not([hidden])');
    expect(await page.evaluate(() => localStorage.getItem('journey-example:history'))).toBeNull();
    expect(await page.$$eval('#history li', (els) => els.length)).toBe(0);
    expect(problems).toEqual([]);
  });
});
