/**
 * Browser test of the document action "Preview as a visitor at…" against the BUILT example app
 * (`npx strapi-plugin build && npm run build --workspace examples/app` first) and the example
 * site (examples/site), which the app's `config/admin.ts` preview handler points to: the editor
 * picks a visitor (audience and stage, by label) on an entry, and the app's preview opens with
 * `journeyStage`/`journeyAudience`, its recommendation block serving what
 * /api/journey/recommend serves that visitor, reasons shown. On a type the handler has no
 * preview for (legal pages) the action is absent.
 *
 *   JOURNEY_E2E_PORT=1362 npx jest --selectProjects e2e --runInBand --forceExit --runTestsByPath admin/tests/visitor-preview-action.e2e.ts
 */
import { spawn, type ChildProcess } from 'child_process';
import net from 'net';
import path from 'path';
import type { Page, Response } from 'playwright-core';
import {
  ROOT,
  e2ePort,
  jsonApi,
  screenshotTest,
  startAdminSession,
  type AdminSession,
} from './helpers/strapi-browser';

const BASE = `http://127.0.0.1:${e2ePort(1362)}`;
const WHITEPAPER = 'api::whitepaper.whitepaper';
const LEGAL = 'api::legal-page.legal-page';

let session: AdminSession | undefined;
let site: ChildProcess | undefined;
let siteUrl: string;
let page: Page;
const api = jsonApi(BASE);

jest.setTimeout(180_000);

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });

const isPreviewUrl = (uid: string) => (r: Response) =>
  r.request().method() === 'GET' &&
  decodeURIComponent(r.url()).includes(`/content-manager/preview/url/${uid}`);

const adminToken = async () =>
  (
    await api('POST', '/admin/login', undefined, {
      email: 'admin@journey.local',
      password: 'JourneyDemo1',
    })
  ).data.token as string;

/** Opens an entry's edit view and returns the app's preview URL answer for it. */
const openEntry = async (uid: string, documentId: string) => {
  const preview = page.waitForResponse(isPreviewUrl(uid));
  await page.goto(`${BASE}/admin/content-manager/collection-types/${uid}/${documentId}`);
  const res = await preview;
  await page.getByRole('button', { name: 'More actions' }).waitFor();
  return res;
};

/** Picks a design-system select's option with the keyboard (robust under load; see preview.e2e.ts). */
const pickOption = async (label: string, option: string) => {
  await page.getByRole('combobox', { name: label }).click();
  const item = page.getByRole('option', { name: option, exact: true });
  await item.waitFor();
  await item.focus();
  await page.keyboard.press('Enter');
};

beforeAll(async () => {
  const sitePort = await freePort();
  siteUrl = `http://127.0.0.1:${sitePort}`;
  // The app's preview handler reads it (examples/app/config/admin.ts); startStrapi passes the env on.
  process.env.JOURNEY_SITE_URL = siteUrl;
  session = await startAdminSession({
    port: e2ePort(1362),
    dbFile: `.tmp/e2e-visitor-preview-${process.pid}.db`,
    viewport: { width: 1500, height: 1000 },
  });
  page = session.page;
  site = spawn(process.execPath, [path.join(ROOT, 'examples/site/server.js')], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(sitePort), HOST: '127.0.0.1', JOURNEY_API_URL: BASE },
    stdio: 'ignore',
  });
  await session.server.waitFor(
    'the example site',
    async () => (await fetch(`${siteUrl}/`).catch(() => null))?.status === 200,
    20_000
  );
}, 180_000);

afterEach(() => screenshotTest(page, 'e2e-visitor-preview', { fullPage: true }));

afterAll(async () => {
  if (site && site.exitCode === null) site.kill('SIGTERM');
  await session?.stop();
});

describe('"Preview as a visitor at…" on an entry', () => {
  test('opens the app’s preview with the chosen stage and audience; the site serves that visitor’s recommendations with reasons', async () => {
    const token = await adminToken();
    const list = await api(
      'GET',
      `/content-manager/collection-types/${WHITEPAPER}?page=1&pageSize=1&sort=title:ASC`,
      token
    );
    const doc = list.results[0];
    const tags = (
      await api('GET', `/journey/tags/${WHITEPAPER}/${doc.documentId}?status=draft`, token)
    ).data;
    const stages = (await api('GET', '/api/journey/stages')).data.frameworks.flatMap((f: any) =>
      f.stages.map((s: any) => ({ ...s, framework: f.key }))
    );
    const label = (id: string) => {
      const s = stages.find((x: any) => x.id === id);
      return `${s.label} · ${s.framework.toUpperCase()}`;
    };

    // The list view's row menus do not run the action: no preview URL asked per row.
    const asked: string[] = [];
    const onRequest = (r: { url(): string }) => {
      if (r.url().includes('/content-manager/preview/url/')) asked.push(r.url());
    };
    page.on('request', onRequest);
    await page.goto(`${BASE}/admin/content-manager/collection-types/${WHITEPAPER}`);
    await page.locator('table tbody tr').first().waitFor();
    await page.waitForTimeout(1_000);
    page.off('request', onRequest);
    expect(asked).toEqual([]);

    const res = await openEntry(WHITEPAPER, doc.documentId);
    expect(res.status()).toBe(200);
    // The app's preview URL for the tab the editor is on (draft), asked directly: the page
    // asks it for more than one status, in an order that varies under load.
    const appUrl = new URL(
      (
        await api(
          'GET',
          `/content-manager/preview/url/${WHITEPAPER}?documentId=${doc.documentId}&status=draft`,
          token
        )
      ).data.url
    );
    expect(appUrl.origin).toBe(siteUrl);

    await page.getByRole('button', { name: 'More actions' }).click();
    await page.getByRole('menuitem', { name: 'Preview as a visitor at…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Preview as a visitor' });
    await dialog.waitFor();
    // It starts at the entry's own primary stage, by its label.
    expect(tags.stages.length).toBeGreaterThan(0);
    await expect(dialog.getByRole('combobox', { name: 'Stage' }).innerText()).resolves.toContain(
      label(tags.stages[0])
    );

    await dialog.getByRole('radio', { name: 'A consumer (B2C)' }).click();
    await pickOption('Stage', label('b2c:consideration'));
    const open = dialog.getByRole('link', { name: 'Open the preview' });
    const href = new URL((await open.getAttribute('href'))!);
    // The app's own preview URL, every parameter kept, with the visitor added.
    expect(href.origin + href.pathname).toBe(appUrl.origin + appUrl.pathname);
    for (const [k, v] of appUrl.searchParams) expect(href.searchParams.get(k)).toBe(v);
    expect(href.searchParams.get('journeyStage')).toBe('b2c:consideration');
    expect(href.searchParams.get('journeyAudience')).toBe('b2c');
    await dialog
      .screenshot({ path: path.join(ROOT, '.tmp/e2e-visitor-preview/dialog.png') })
      .catch(() => {});

    const [popup] = await Promise.all([page.context().waitForEvent('page'), open.click()]);
    await popup.waitForLoadState();
    expect(new URL(popup.url()).searchParams.get('journeyStage')).toBe('b2c:consideration');
    await popup.waitForSelector('#cards[data-state="ready"]');
    expect(await popup.locator('input[name="audience"]:checked').getAttribute('value')).toBe('b2c');
    expect(await popup.locator('#stage').inputValue()).toBe('b2c:consideration');

    const served = (
      await api('GET', '/api/journey/recommend?stage=b2c:consideration&audience=b2c&limit=3')
    ).data;
    expect(served.length).toBeGreaterThan(0);
    const cards = await popup.$$eval('#cards [data-testid="card"]', (els) =>
      els.map((el) => ({
        type: (el as HTMLElement).dataset.type,
        title: el.querySelector('h2')!.textContent,
        reason: el.querySelector('.reason')!.textContent,
      }))
    );
    expect(cards).toEqual(
      served.map((e: any) => ({ type: e.contentType, title: e.title, reason: e.journey.reason }))
    );
    const previewLine = (await popup.locator('#preview').innerText()).replace(/\s+/g, ' ');
    expect(previewLine).toContain('what a B2C visitor at Consideration (consideration phase)');
    await screenshotTest(popup, 'e2e-visitor-preview-site', { fullPage: true });
    await popup.close();
  });

  test('is absent on a type without a preview (the handler answers no URL)', async () => {
    const token = await adminToken();
    const legal = (
      await api('POST', `/content-manager/collection-types/${LEGAL}`, token, {
        title: 'Terms of use',
      })
    ).data;
    const res = await openEntry(LEGAL, legal.documentId);
    expect(res.status()).toBe(204);
    await page.getByRole('button', { name: 'More actions' }).click();
    // The menu is open once Strapi's own items are there; ours is not among them.
    await page
      .getByRole('menuitem', { name: /Delete/ })
      .first()
      .waitFor();
    expect(await page.getByRole('menuitem', { name: 'Preview as a visitor at…' }).count()).toBe(0);
    await page.keyboard.press('Escape');
  });
});
