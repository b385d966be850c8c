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
import fs from 'fs';
import path from 'path';
import type { Page } from 'playwright-core';
import {
  ADMIN,
  APP as SOURCE_APP,
  ROOT,
  assertBuiltAdmin,
  e2ePort,
  requestJson,
  screenshotTest,
  startAdminSession,
  type AdminSession,
} from './helpers/strapi-browser';

const APP = path.join(ROOT, '.tmp', `ctb-app-${process.pid}`);
const BASE = `http://127.0.0.1:${e2ePort(1348)}`;
const WHITEPAPER = 'api::whitepaper.whitepaper';
const SCHEMA = path.join(APP, 'src/api/whitepaper/content-types/whitepaper/schema.json');

let session: AdminSession | undefined;
let page: Page;
const timings: Record<string, number> = {};

jest.setTimeout(600_000);

const api = requestJson(BASE);

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
  const down = session!.server.waitFor(
    'the server to stop for its restart',
    async () => !(await session!.server.healthy()),
    120_000
  );
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await down;
  await session!.server.waitFor('the restart', () => session!.server.healthy(), 300_000);
  // The builder's own watcher then refetches the schema and unlocks the page.
  await page.getByRole('button', { name: 'Save', exact: true }).waitFor({ timeout: 120_000 });
  timings[on ? 'onRestartMs' : 'offRestartMs'] = Date.now() - saved;
};

beforeAll(async () => {
  assertBuiltAdmin(SOURCE_APP);
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
  session = await startAdminSession({
    port: e2ePort(1348),
    dbFile: '.tmp/ctb.db',
    command: 'develop',
    appDir: APP,
    bootMs: 240_000,
    closeBanner: false, // the builder covers the banner's button: its handler would block every click
  });
  timings.bootMs = Date.now() - start; // boot and login
  page = session.page;
}, 300_000);

afterEach(() => screenshotTest(page, 'e2e-ctb'));

afterAll(async () => {
  await session?.stop();
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
