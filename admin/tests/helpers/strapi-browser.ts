/**
 * What every browser test does before its first click, in one place: boot the example
 * app as a child process (`strapi start` on the built admin, or `strapi develop` for
 * the Content-Type Builder), wait for /_health, launch Debian's Chromium through
 * playwright-core with Strapi's pop-overs dismissed, and log in to the admin.
 */
import { spawn, type ChildProcess } from 'child_process';
import fs from 'fs';
import path from 'path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const ROOT = path.resolve(__dirname, '../../..');
export const APP = path.join(ROOT, 'examples/app');
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
/** The demo's super admin (examples/app/src/demo). */
export const ADMIN = { email: 'admin@journey.local', password: 'JourneyDemo1' };

/** The port of this test file's server: JOURNEY_E2E_PORT, else the file's own default. */
export const e2ePort = (fallback: number) => Number(process.env.JOURNEY_E2E_PORT || fallback);

/** Fails early, with the command to run, when the admin or the browser is missing. */
export const assertBuiltAdmin = (appDir = APP) => {
  if (!fs.existsSync(path.join(appDir, 'dist/build/index.html')))
    throw new Error(
      'examples/app has no built admin: run `npx strapi-plugin build && npm run build --workspace examples/app` first'
    );
  if (!fs.existsSync(CHROMIUM))
    throw new Error(`No Chromium at ${CHROMIUM}: apt-get install -y chromium`);
};

export interface StrapiServer {
  base: string;
  /** What the server printed (stdout and stderr), for error messages. */
  log(): string;
  /** Whether /_health answers 204 now. */
  healthy(): Promise<boolean>;
  /** Polls `check` until it holds, failing early (with the log's tail) if the server exits. */
  waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void>;
  /** Ends the server (SIGTERM, SIGKILL after 15 s) and removes its SQLite files unless kept. */
  stop(options?: { keepDatabase?: boolean }): Promise<void>;
}

export interface StrapiOptions {
  port: number;
  /** SQLite file, relative to `appDir`; a fresh one per test file. */
  dbFile: string;
  /** `start` serves the built admin; `develop` lets the Content-Type Builder write schemas and restart. */
  command?: 'start' | 'develop';
  appDir?: string;
  bootMs?: number;
}

const SQLITE_SUFFIXES = ['', '-wal', '-shm', '-journal'];

/**
 * The run's demo database (demo-template.ts, the e2e global setup): a copy of it is a
 * test file's database, so each boot skips Strapi's schema sync on an empty file and the
 * demo seeding (half of a boot). The seed is idempotent, so a copy boots to the same demo.
 */
export const copyDemoTemplate = (target: string) => {
  const template = process.env.JOURNEY_E2E_TEMPLATE;
  if (!template || !fs.existsSync(template) || fs.existsSync(target)) return;
  for (const suffix of SQLITE_SUFFIXES)
    if (fs.existsSync(template + suffix)) fs.copyFileSync(template + suffix, target + suffix);
};

/** Boots the example app with the demo content on its own SQLite file and waits for /_health. */
export const startStrapi = async ({
  port,
  dbFile,
  command = 'start',
  appDir = APP,
  bootMs = 120_000,
}: StrapiOptions): Promise<StrapiServer> => {
  const base = `http://127.0.0.1:${port}`;
  const develop = command === 'develop';
  fs.mkdirSync(path.join(appDir, '.tmp'), { recursive: true });
  copyDemoTemplate(path.join(appDir, dbFile));
  const child: ChildProcess = spawn(
    process.execPath,
    [
      path.join(ROOT, 'node_modules/@strapi/strapi/bin/strapi.js'),
      command,
      ...(develop ? ['--no-watch-admin', '--no-build-admin'] : []),
    ],
    {
      cwd: appDir,
      env: {
        ...process.env,
        NODE_ENV: develop ? 'development' : 'production',
        HOST: '127.0.0.1',
        PORT: String(port),
        DATABASE_CLIENT: 'sqlite',
        DATABASE_FILENAME: dbFile,
        JOURNEY_DEMO_SEED: 'true',
        STRAPI_TELEMETRY_DISABLED: 'true',
        STRAPI_LOG_LEVEL: 'warn',
        BROWSER: 'none',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      // `strapi develop` forks the server: its own process group, so both end together.
      detached: develop,
    }
  );
  let log = '';
  child.stdout?.on('data', (d) => (log += d));
  child.stderr?.on('data', (d) => (log += d));
  const signal = (sig: NodeJS.Signals) => {
    if (child.pid && child.exitCode === null) process.kill(develop ? -child.pid : child.pid, sig);
  };

  const server: StrapiServer = {
    base,
    log: () => log,
    async healthy() {
      try {
        const res = await fetch(`${base}/_health`, { signal: AbortSignal.timeout(2_000) });
        return res.status === 204;
      } catch {
        return false; // not listening (yet, or any more)
      }
    },
    async waitFor(what, check, timeoutMs) {
      const start = Date.now();
      while (Date.now() - start < timeoutMs) {
        if (child.exitCode !== null)
          throw new Error(`strapi ${command} exited with ${child.exitCode}:\n${log.slice(-4000)}`);
        if (await check()) return;
        await new Promise((r) => setTimeout(r, 250));
      }
      throw new Error(`${what} not within ${timeoutMs} ms:\n${log.slice(-4000)}`);
    },
    async stop({ keepDatabase = false } = {}) {
      if (child.exitCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        signal('SIGTERM');
        const timer = setTimeout(() => signal('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }
      if (keepDatabase) return;
      for (const suffix of SQLITE_SUFFIXES)
        fs.rmSync(path.join(appDir, dbFile + suffix), { force: true });
    },
  };
  try {
    await server.waitFor('/_health', () => server.healthy(), bootMs);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
};

/** Headless Chromium, as every browser test runs it. */
export const launchChromium = (): Promise<Browser> =>
  chromium.launch({
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

/**
 * Strapi's guided tour and its "new Media Library" banner pop over pages: dismiss them
 * whenever they show. `banner: false` where the banner's button is covered (the
 * Content-Type Builder in develop mode): a handler that cannot click blocks every action.
 */
export const dismissOverlays = async (page: Page, { banner = true } = {}) => {
  await page.addLocatorHandler(page.getByRole('button', { name: 'Skip', exact: true }), (b) =>
    b.click()
  );
  if (banner)
    await page.addLocatorHandler(page.getByRole('button', { name: /^Close the banner/ }), (b) =>
      b.click()
    );
};

/** A browser with one page on the admin, pop-overs dismissed. */
export const openAdminPage = async (
  viewport = { width: 1600, height: 1000 },
  { acceptDownloads, banner }: { acceptDownloads?: boolean; banner?: boolean } = {}
): Promise<{ browser: Browser; context: BrowserContext; page: Page }> => {
  const browser = await launchChromium();
  const context = await browser.newContext({ viewport, acceptDownloads });
  const page = await context.newPage();
  await dismissOverlays(page, { banner });
  return { browser, context, page };
};

/** Logs `user` in through the admin's login form and waits to leave /auth/. */
export const loginAdmin = async (
  page: Page,
  base: string,
  user: { email: string; password: string } = ADMIN
) => {
  await page.goto(`${base}/admin/auth/login`);
  await page.locator('input[name="email"]').fill(user.email);
  await page.locator('input[name="password"]').fill(user.password);
  await Promise.all([
    page.waitForURL((u) => !u.pathname.includes('/auth/')),
    page.getByRole('button', { name: 'Login' }).click(),
  ]);
};

export interface AdminSession {
  server: StrapiServer;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Closes the browser and ends the server. */
  stop(): Promise<void>;
}

/**
 * A browser test's whole start: the built admin checked, the app booted on its own
 * SQLite file, a page open in Chromium and, unless `login: false`, the demo admin
 * (or `login`'s user) logged in.
 */
export const startAdminSession = async (
  options: StrapiOptions & {
    viewport?: { width: number; height: number };
    acceptDownloads?: boolean;
    /** Whether to close the "new Media Library" banner whenever it shows (see dismissOverlays). */
    closeBanner?: boolean;
    login?: false | { email: string; password: string };
  }
): Promise<AdminSession> => {
  const { viewport, acceptDownloads, closeBanner, login = ADMIN, ...strapiOptions } = options;
  assertBuiltAdmin(strapiOptions.appDir);
  const server = await startStrapi(strapiOptions);
  let browser: Browser | undefined;
  const stop = async () => {
    await browser?.close().catch(() => {});
    await server.stop();
  };
  try {
    const opened = await openAdminPage(viewport, { acceptDownloads, banner: closeBanner });
    browser = opened.browser;
    if (login) await loginAdmin(opened.page, server.base, login);
    return { server, ...opened, stop };
  } catch (error) {
    await stop();
    throw error;
  }
};

/** The last screen of the current test, for debugging: .tmp/<dir>/<test name>.png (gitignored). */
export const screenshotTest = async (
  page: Page | undefined,
  dir: string,
  options: { fullPage?: boolean } = {}
) => {
  const name = (expect.getState().currentTestName ?? 'test')
    .replace(/[^a-z0-9]+/gi, '-')
    .slice(0, 80);
  fs.mkdirSync(path.join(ROOT, '.tmp', dir), { recursive: true });
  await page
    ?.screenshot({ path: path.join(ROOT, '.tmp', dir, `${name}.png`), ...options })
    .catch(() => {});
};

/** A JSON request to the server with an optional bearer token: its status and parsed body. */
export const requestJson =
  (base: string) => async (method: string, url: string, token?: string, body?: unknown) => {
    const res = await fetch(`${base}${url}`, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    return { status: res.status, ok: res.ok, body: (await res.json().catch(() => null)) as any };
  };

/** The same, for requests that must succeed: a non-2xx answer throws with its body. */
export const jsonApi = (base: string) => {
  const request = requestJson(base);
  return async (method: string, url: string, token?: string, body?: unknown): Promise<any> => {
    const res = await request(method, url, token, body);
    if (!res.ok) throw new Error(`${method} ${url} → ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
};
