/**
 * Browser test of A/B experiments (issue #21) against the BUILT example app
 * (`npx strapi-plugin build && npm run build --workspace examples/app` first): the
 * settings page creates and starts an experiment that GET /api/journey/experiments then
 * publishes; a save the server refuses shows its message and keeps the form; answers and
 * events sent through the real public API show on the coverage page per arm, with "Not
 * enough data yet" instead of a verdict; the CSV holds the same counts; deleting asks
 * first. JOURNEY_SCREENSHOTS=1 writes docs/screenshots/experiments-*.png (1440 wide).
 *
 *   JOURNEY_E2E_PORT=1363 npx jest admin/tests/experiments.e2e.ts --selectProjects e2e --runInBand --forceExit
 */
import fs from 'fs';
import path from 'path';
import type { Locator, Page, Response } from 'playwright-core';
import {
  ROOT,
  e2ePort,
  jsonApi,
  requestJson,
  screenshotTest,
  startAdminSession,
  ADMIN,
  type AdminSession,
} from './helpers/strapi-browser';

const SHOTS =
  process.env.JOURNEY_SCREENSHOTS === '1' ? path.join(ROOT, 'docs/screenshots') : undefined;
const BASE = `http://127.0.0.1:${e2ePort(1363)}`;
const LABEL = 'E2E homepage split';
const ID = 'e2e-homepage-split';

let session: AdminSession | undefined;
let page: Page;
let token: string;
const api = jsonApi(BASE);
const request = requestJson(BASE);

jest.setTimeout(180_000);

const isExperiments = (method: string) => (r: Response) =>
  r.request().method() === method && new URL(r.url()).pathname === '/journey/experiments';

const adminList = async (): Promise<any[]> =>
  (await api('GET', '/journey/experiments', token)).data;

const mine = async () => (await adminList()).find((e) => e.id === ID);

/** The Public role may read the published splits (the demo seed may or may not grant it). */
const grantPublicExperiments = async () => {
  const { roles } = await api('GET', '/users-permissions/roles', token);
  const pub = roles.find((r: any) => r.type === 'public');
  const { role } = await api('GET', `/users-permissions/roles/${pub.id}`, token);
  const find = role.permissions['plugin::journey']?.controllers?.experiments?.find;
  if (!find)
    throw new Error('plugin::journey.experiments.find is not a Users & Permissions action');
  if (find.enabled) return;
  find.enabled = true;
  await api('PUT', `/users-permissions/roles/${pub.id}`, token, {
    name: role.name,
    description: role.description,
    permissions: role.permissions,
  });
};

const openSettings = async () => {
  const loaded = page.waitForResponse(isExperiments('GET'));
  await page.goto(`${BASE}/admin/settings/journey`);
  expect((await loaded).status()).toBe(200);
  await page.getByTestId('journey-experiments-settings').waitFor();
};

const editor = (): Locator =>
  page.locator(`[data-testid="journey-experiment-editor"][data-experiment="${ID}"]`);

const armEditor = (index: number) =>
  editor().locator(`[data-testid="journey-experiment-arm"][data-arm-index="${index}"]`);

/** RFC 4180 lines: quoted cells may hold commas and doubled quotes. */
const parseCsv = (text: string): string[][] => {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else if (ch !== '\r') cell += ch;
  }
  if (cell || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
};

/** Polls `read` until it returns what `ok` accepts, and returns it (the last value in the failure). */
const waitFor = async <T>(read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 30_000) => {
  const start = Date.now();
  let value = await read();
  while (!ok(value)) {
    if (Date.now() - start > timeoutMs)
      throw new Error(`not within ${timeoutMs} ms; last: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 500));
    value = await read();
  }
  return value;
};

/** A 1440-wide screenshot of the page around `element` (docs/screenshots). */
const shot = async (element: Locator, name: string) => {
  if (!SHOTS) return;
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.mouse.move(0, 0);
  await element.scrollIntoViewIfNeeded();
  const box = (await element.boundingBox())!;
  const height = Math.min(box.height + 32, 1000);
  const y = Math.max(0, Math.min(box.y - 16, 1000 - height));
  await page.screenshot({ path: path.join(SHOTS, name), clip: { x: 0, y, width: 1440, height } });
};

/** A NumberInput's new value, typed as a person would. */
const typeNumber = async (input: Locator, value: number) => {
  await input.fill('');
  await input.fill(String(value));
  await input.blur();
};

beforeAll(async () => {
  session = await startAdminSession({
    port: e2ePort(1363),
    dbFile: `.tmp/e2e-experiments-${process.pid}.db`,
    viewport: { width: 1440, height: 1000 },
    acceptDownloads: true,
  });
  page = session.page;
  token = (await api('POST', '/admin/login', undefined, ADMIN)).data.token;
  await grantPublicExperiments();
  // A demo experiment may run on an overlapping scope (one running experiment per scope):
  // stop the stored ones that run, so this test's own can start. Config ones are left.
  const stored = (await adminList()).filter((e) => e.source === 'settings');
  if (stored.some((e) => e.status === 'running'))
    await api('PUT', '/journey/experiments', token, {
      experiments: stored.map(({ live, source, result, ...e }) => ({
        ...e,
        status: e.status === 'running' ? 'stopped' : e.status,
      })),
    });
}, 180_000);

afterEach(() => screenshotTest(page, 'e2e-experiments', { fullPage: true }));

afterAll(() => session?.stop());

describe('experiments', () => {
  test('the settings page creates an experiment, starts it, and the public API publishes its split', async () => {
    await openSettings();
    const card = page.getByTestId('journey-experiments-settings');
    await card.getByRole('button', { name: 'New experiment' }).click();
    const fresh = card.getByTestId('journey-experiment-editor').last();
    // The id follows the label until it is saved.
    await fresh.getByLabel('Label', { exact: true }).fill(LABEL);
    expect(await fresh.getByLabel('Experiment id').inputValue()).toBe(ID);
    await editor().getByRole('combobox', { name: 'Visitors' }).click();
    await page.getByRole('option', { name: 'B2B visitors' }).click();
    // The draft's two arms, in words.
    expect(await armEditor(0).getByLabel('Arm label').inputValue()).toBe('Journey ranking');
    expect(await armEditor(1).getByLabel('Arm label').inputValue()).toBe('Newest published');
    expect(await armEditor(1).getByRole('combobox', { name: 'Serves' }).innerText()).toContain(
      'Newest published'
    );
    expect(await editor().getByTestId('journey-experiment-status').innerText()).toMatch(/draft/i);

    const saved = page.waitForResponse(isExperiments('PUT'));
    const refetched = page.waitForResponse(isExperiments('GET'));
    await editor().getByRole('button', { name: 'Start' }).click();
    const res = await saved;
    expect(res.status()).toBe(200);
    const sent = JSON.parse(res.request().postData()!).experiments;
    expect(sent.find((e: any) => e.id === ID)).toMatchObject({
      label: LABEL,
      status: 'running',
      audience: 'b2b',
      locale: '*',
      control: 'newest',
      minimumLift: 0.2,
      arms: [
        { id: 'journey', kind: 'journey', percent: 50 },
        { id: 'newest', kind: 'newest', percent: 50 },
      ],
    });
    await waitFor(
      async () => (await editor().getByTestId('journey-experiment-status').innerText()).trim(),
      (text) => /^running$/i.test(text)
    );
    // Saved (and read back): the id is fixed now.
    await refetched;
    await waitFor(
      () => editor().getByLabel('Experiment id').isDisabled(),
      (disabled) => disabled
    );

    const published = await request('GET', '/api/journey/experiments');
    expect(published.status).toBe(200);
    expect(published.body.data.find((e: any) => e.id === ID)).toEqual({
      id: ID,
      audience: 'b2b',
      locale: '*',
      arms: [
        { id: 'journey', percent: 50 },
        { id: 'newest', percent: 50 },
      ],
    });
  });

  test('a save the server refuses shows its message beside the form and keeps what was typed', async () => {
    await openSettings();
    await editor().getByLabel('Label', { exact: true }).fill(`${LABEL} (edited)`);
    await typeNumber(armEditor(1).getByLabel('Share of visitors (%)'), 40);
    expect(await editor().getByTestId('journey-experiment-sum').innerText()).toContain(
      'Shares add up to 90 %'
    );
    const refused = page.waitForResponse(isExperiments('PUT'));
    await page
      .getByTestId('journey-experiments-settings')
      .getByRole('button', { name: 'Save experiments' })
      .click();
    const res = await refused;
    expect(res.status()).toBe(400);
    const { error } = await res.json();
    expect(error.message).toMatch(/percents must add up to 100; they add up to 90/);
    const banner = page.getByTestId('journey-experiments-error');
    await banner.waitFor();
    expect(await banner.innerText()).toContain(error.message);
    expect(await editor().getByTestId('journey-experiment-error').innerText()).toContain(
      error.message
    );
    // Nothing lost from the form…
    expect(await editor().getByLabel('Label', { exact: true }).inputValue()).toBe(
      `${LABEL} (edited)`
    );
    expect(await armEditor(1).getByLabel('Share of visitors (%)').inputValue()).toBe('40');
    // …and nothing stored.
    const stored = await mine();
    expect(stored.label).toBe(LABEL);
    expect(stored.arms.map((a: any) => a.percent)).toEqual([50, 50]);
    await shot(page.getByTestId('journey-experiments-settings'), 'experiments-settings.png');

    // Put the share back: the save goes through, with the new label.
    await typeNumber(armEditor(1).getByLabel('Share of visitors (%)'), 50);
    const saved = page.waitForResponse(isExperiments('PUT'));
    await page
      .getByTestId('journey-experiments-settings')
      .getByRole('button', { name: 'Save experiments' })
      .click();
    expect((await saved).status()).toBe(200);
    await banner.waitFor({ state: 'detached' });
    expect((await mine()).label).toBe(`${LABEL} (edited)`);
  });

  test('answers and events through the public API show per arm on the coverage page, with "Not enough data yet"', async () => {
    const recommend = async (arm?: string) => {
      const q = new URLSearchParams({ stage: 'b2b:research', audience: 'b2b', limit: '3' });
      if (arm) q.set('arm', arm);
      const res = await request('GET', `/api/journey/recommend?${q}`);
      expect(res.status).toBe(200);
      expect(res.body.meta.experiment).toEqual({ id: ID, arm: arm ?? null });
      return res.body;
    };
    const answer = await recommend('journey');
    await recommend('journey');
    await recommend('journey');
    await recommend('newest');
    await recommend('newest');
    await recommend(); // a page without the arm picker: "not in the experiment"
    const entry = answer.data[0].documentId;
    const events = await request('POST', '/api/journey/events', undefined, {
      events: [
        { type: 'view', documentId: entry, experiment: ID, arm: 'journey' },
        { type: 'click', documentId: entry, experiment: ID, arm: 'journey' },
        { type: 'click', documentId: entry, experiment: ID, arm: 'journey' },
        { type: 'click', documentId: entry, experiment: ID, arm: 'newest' },
      ],
    });
    expect(events.status).toBe(202);
    // Counts are buffered and written every demand.flushSeconds (5 s by default).
    const counts = (r: any) => {
      const arm = (id: string) => r.arms.find((a: any) => a.arm === id);
      return [
        arm('journey').answers,
        arm('journey').clicks,
        arm('newest').answers,
        arm('newest').clicks,
        r.outside?.answers,
      ];
    };
    const result = await waitFor(
      async () => (await mine()).result,
      (r) => JSON.stringify(counts(r)) === JSON.stringify([3, 2, 2, 1, 1])
    );
    expect(result.enoughData).toBe(false);
    expect(result.neededPerArm).toBeGreaterThan(3);

    const loaded = page.waitForResponse(isExperiments('GET'));
    await page.goto(`${BASE}/admin/plugins/journey`);
    await loaded;
    const card = page.locator(`[data-testid="journey-experiment"][data-experiment="${ID}"]`);
    await card.waitFor();
    expect(await card.getByRole('heading', { level: 3 }).innerText()).toBe(`${LABEL} (edited)`);
    expect((await card.getByTestId('journey-experiment-status').innerText()).trim()).toMatch(
      /^running$/i
    );
    expect(await card.getByTestId('journey-experiment-scope').innerText()).toContain(
      'B2B visitors, all languages · 1 day counted'
    );
    const row = (arm: string) => card.locator(`tr[data-arm="${arm}"]`);
    const cellText = (arm: string, name: string) =>
      row(arm).locator(`td[data-cell="${name}"]`).innerText();
    expect(await row('journey').locator('th').innerText()).toContain('Journey ranking');
    expect(await cellText('journey', 'answers')).toBe('3');
    expect(await cellText('journey', 'clicks')).toBe('2');
    expect(await cellText('newest', 'answers')).toBe('2');
    expect(await cellText('newest', 'clicks')).toBe('1');
    // Share of answers against the configured split: 3 of 5 answers, configured 50 %.
    expect(await row('journey').locator('td').first().innerText()).toBe('60.0 % (configured 50 %)');
    // Click-through 2/3 with its Wilson interval, lift vs the baseline (1/2) in words.
    const jr = result.arms.find((a: any) => a.arm === 'journey');
    expect(await row('journey').locator('td').nth(3).innerText()).toBe(
      `66.7 % (${(jr.clickInterval.low * 100).toFixed(1)}–${(jr.clickInterval.high * 100).toFixed(1)} %)`
    );
    expect(await row('journey').locator('td').nth(5).innerText()).toMatch(
      /^\+33 % \(−?\d+ % to \+\d+ %\)$/
    );
    expect(await cellText('journey', 'verdict')).toBe('Not enough data yet');
    expect(await cellText('newest', 'verdict')).toMatch(/^Baseline/);
    const outside = card.getByTestId('journey-experiment-outside');
    expect(await outside.locator('th').innerText()).toBe('Not in the experiment');
    expect(await outside.locator('td[data-cell="answers"]').innerText()).toBe('1');
    const more = result.neededPerArm - 2;
    expect(await card.getByTestId('journey-experiment-data').innerText()).toBe(
      `Not enough data yet: about ${more.toLocaleString('en')} more answers per arm are needed to detect a 20 % lift.`
    );
    // Two of five answers is no sample-ratio mismatch at this size.
    expect(await card.getByTestId('journey-experiment-srm').count()).toBe(0);
    await shot(card, 'experiments-results.png');

    // The CSV: labels first, the ids last, the same counts.
    const download = page.waitForEvent('download');
    await card.getByRole('button', { name: 'Download CSV' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe(`journey-experiment-${ID}.csv`);
    const text = fs.readFileSync((await file.path())!, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = parseCsv(text.slice(1));
    expect(lines[0].slice(0, 2)).toEqual(['Experiment', `${LABEL} (edited)`]);
    const header = lines[1];
    expect(header[0]).toBe('Arm');
    expect(header.slice(-2)).toEqual(['Arm id', 'Experiment id']);
    const col = (name: string) => header.indexOf(name);
    const journey = lines.find((l) => l[header.length - 2] === 'journey')!;
    expect(journey[0]).toBe('Journey ranking');
    expect(journey[col('Answers')]).toBe('3');
    expect(journey[col('Clicks')]).toBe('2');
    expect(journey[col('Verdict')]).toBe('Not enough data yet');
    expect(journey[header.length - 1]).toBe(ID);
    const outsideLine = lines.find((l) => l[0] === 'Not in the experiment')!;
    expect(outsideLine[col('Answers')]).toBe('1');
    expect(lines.some((l) => l[0].startsWith('Not enough data yet'))).toBe(true);
  });

  test('deleting asks first, says the counts stay, and removes the experiment', async () => {
    await openSettings();
    await editor().getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('alertdialog');
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain(
      'Its counts stay in the database until they are pruned'
    );
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await editor().count()).toBe(1);
    expect(await mine()).toBeDefined();

    await editor().getByRole('button', { name: 'Delete' }).click();
    const saved = page.waitForResponse(isExperiments('PUT'));
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete experiment' }).click();
    expect((await saved).status()).toBe(200);
    await editor().waitFor({ state: 'detached' });
    expect(await mine()).toBeUndefined();
    const published = await request('GET', '/api/journey/experiments');
    expect(published.body.data.find((e: any) => e.id === ID)).toBeUndefined();
  });
});
