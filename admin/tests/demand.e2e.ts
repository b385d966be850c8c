/**
 * Browser test of the coverage page's demand section against the BUILT example
 * app (`npx strapi-plugin build && npm run build --workspace examples/app` first):
 * boots `strapi start` on a fresh SQLite file with the demo content and its month
 * of generated demand, and checks "Write next", demand beside supply, trends,
 * click-through, progression, the period filter, the demand CSV and the settings
 * page's status. JOURNEY_SCREENSHOTS=1 writes docs/screenshots/demand*.png.
 *
 *   JOURNEY_E2E_PORT=1353 npx jest --selectProjects e2e --runInBand --forceExit --testPathPattern 'demand\.e2e'
 */
import fs from 'fs';
import path from 'path';
import type { Page, Response } from 'playwright-core';
import { ROOT, e2ePort, startAdminSession, type AdminSession } from './helpers/strapi-browser';

const SHOTS =
  process.env.JOURNEY_SCREENSHOTS === '1' ? path.join(ROOT, 'docs/screenshots') : undefined;
const BASE = `http://127.0.0.1:${e2ePort(1353)}`;

let session: AdminSession | undefined;
let page: Page;

jest.setTimeout(180_000);

/** The article the page writes before a type's name ("an Event", "a Whitepaper"). */
const article = (name: string) => (/^[aeiou]/i.test(name) ? 'an' : 'a');

const isDemand =
  (part = '') =>
  (r: Response) =>
    r.request().method() === 'GET' &&
    r.url().includes('/journey/demand?') &&
    r.url().includes(part);

const openCoverage = async (query = '') => {
  const loaded = page.waitForResponse(isDemand());
  await page.goto(`${BASE}/admin/plugins/journey${query}`);
  const res = await loaded;
  expect(res.status()).toBe(200);
  await page.getByTestId('journey-write-next').waitFor();
  return (await res.json()).data;
};

beforeAll(async () => {
  session = await startAdminSession({
    port: e2ePort(1353),
    dbFile: `.tmp/e2e-demand-${process.pid}.db`,
    viewport: { width: 1500, height: 1100 },
    acceptDownloads: true,
  });
  page = session.page;
}, 180_000);

afterAll(() => session?.stop());

describe('coverage page: demand', () => {
  let report: any;

  test('"Write next" names three pieces, each with the numbers behind its rank and a link to create it', async () => {
    report = await openCoverage();
    expect(report.days).toHaveLength(30);
    expect(report.writeNext.length).toBeGreaterThanOrEqual(3);
    const cards = page.getByTestId('journey-write-next-item');
    expect(await cards.count()).toBe(3);
    for (let i = 0; i < 3; i += 1) {
      const item = report.writeNext[i];
      const text = (await cards.nth(i).innerText()).replace(/\s+/g, ' ');
      expect(text).toContain(`#${i + 1}`);
      expect(text).toContain(
        `${article(item.displayName) === 'an' ? 'An' : 'A'} ${item.displayName} for ${item.stageLabel}`
      );
      expect(text).toContain(
        `${item.unmet.toLocaleString('en')} requests of ${item.requests.toLocaleString('en')} (${Math.round(item.unmetShare * 100)}%)`
      );
      expect(text).toContain(
        `${item.empty.toLocaleString('en')} came back empty, ${item.widened.toLocaleString('en')} were widened`
      );
      expect(text).toContain(`${item.supply} of ${item.target} published`);
      const href = await cards
        .nth(i)
        .getByRole('link', { name: `Create ${article(item.displayName)} ${item.displayName}` })
        .getAttribute('href');
      // The create form of the card's type, with its stage and audience filled in (JourneyPanel).
      const audience =
        item.audience === 'b2b' || item.audience === 'b2c'
          ? `&plugins[journey][audience]=${item.audience}`
          : '';
      expect(href).toBe(
        `/admin/content-manager/collection-types/${item.uid}/create?plugins[journey][stages]=${encodeURIComponent(item.stage)}${audience}`
      );
    }
    // Ranked by unmet demand, biggest first.
    const unmet = report.writeNext.map((w: any) => w.unmet);
    expect([...unmet].sort((a: number, b: number) => b - a)).toEqual(unmet);
    expect(await page.getByTestId('journey-demand-summary').innerText()).toMatch(
      /recommendations requested in the last 30 days/
    );
  });

  test('demand per stage sits beside supply, with a readable trend and click-through', async () => {
    for (const s of report.stages) {
      const row = page.locator(`[data-testid="journey-demand-table"] tr[data-stage="${s.id}"]`);
      const cells = await row.locator('td').allInnerTexts();
      expect(cells[0]).toBe(`${s.supply} / ${s.target}`);
      expect(Number(cells[1])).toBe(s.requests);
      const spark = row.getByRole('img', { name: /last 30 days: .* requests/ });
      expect(await spark.count()).toBe(1);
      expect(await spark.getAttribute('aria-labelledby')).toBeTruthy();
      if (s.views > 0) expect(cells[cells.length - 1]).toContain(`(${s.clicks}/${s.views})`);
    }
    // The demo's click data makes the progression table appear, with the API's numbers.
    const progression = page.getByTestId('journey-progression');
    await progression.waitFor();
    const from = report.progression.from[0];
    const to = Object.keys(report.progression.cells[from])[0];
    expect(await progression.innerText()).toContain(String(report.progression.cells[from][to]));
    if (SHOTS) {
      fs.mkdirSync(SHOTS, { recursive: true });
      await page.mouse.move(0, 0);
      // A viewport tall enough for the whole section: the admin scrolls an inner pane under a sticky header.
      await page.setViewportSize({ width: 1500, height: 2800 });
      await page.mouse.move(0, 0);
      await page.getByTestId('journey-demand').screenshot({ path: path.join(SHOTS, 'demand.png') });
      await page.setViewportSize({ width: 1500, height: 1100 });
    }
  });

  test('the period filter refetches with days=7 and keeps it in the URL', async () => {
    const refetch = page.waitForResponse(isDemand('days=7'));
    await page.getByRole('combobox', { name: 'Period' }).click();
    await page.getByRole('option', { name: 'Last 7 days' }).click();
    const week = (await (await refetch).json()).data;
    expect(week.days).toHaveLength(7);
    expect(page.url()).toContain('days=7');
    await page.getByTestId('journey-sparkline').first().waitFor();
    expect(week.totals.requests).toBeLessThan(report.totals.requests);
  });

  test('the demand CSV holds demand per stage with its daily trend, write next and progression', async () => {
    const data = await openCoverage('?days=30');
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export demand CSV' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('journey-demand-all-30d.csv');
    const lines = fs
      .readFileSync((await file.path())!, 'utf8')
      .trim()
      .split(/\r?\n/)
      .map((l) => l.split(','));
    const header = lines[1];
    expect(header.slice(0, 5)).toEqual(['stage', 'label', 'entries', 'target', 'requests']);
    expect(header.slice(11)).toEqual(data.days);
    for (const s of data.stages) {
      const line = lines.find((l) => l[0] === s.id)!;
      expect(Number(line[4])).toBe(s.requests);
      expect(line.slice(11).map(Number)).toEqual(s.series);
    }
    const w = lines.findIndex((l) => l[0] === 'Write next');
    expect(lines[w + 2].slice(0, 4)).toEqual([
      '1',
      data.writeNext[0].stage,
      data.writeNext[0].audience,
      data.writeNext[0].displayName,
    ]);
    expect(lines.some((l) => l[0] === 'Progression (forward clicks)')).toBe(true);
  });

  test('a "Create" link opens the Content Manager on a new entry of that type', async () => {
    const item = report.writeNext[0];
    await page
      .getByTestId('journey-write-next-item')
      .first()
      .getByRole('link', { name: `Create ${article(item.displayName)} ${item.displayName}` })
      .click();
    await page.waitForURL((u) =>
      u.pathname.endsWith(`/content-manager/collection-types/${item.uid}/create`)
    );
    await page.getByRole('textbox', { name: /title/i }).first().waitFor();
  });

  test('the settings page says counting and events are on', async () => {
    await page.goto(`${BASE}/admin/settings/journey`);
    const status = page.getByTestId('journey-demand-status');
    await status.waitFor();
    expect((await page.getByTestId('journey-demand-counting').innerText()).toUpperCase()).toBe(
      'ON'
    );
    expect((await page.getByTestId('journey-demand-events').innerText()).toUpperCase()).toBe('ON');
    expect(await status.innerText()).toContain('accepted from: Public');
    if (SHOTS) await status.screenshot({ path: path.join(SHOTS, 'settings-demand.png') });
  });
});
