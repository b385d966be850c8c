/**
 * The loop a marketing lead and an editor live in, in the browser against the BUILT example
 * app with the demo content: a gap on the coverage page → "+ create" → the Content Manager's
 * create form with the gap's stage and audience already in the Journey panel (unsaved) →
 * fill the title → Publish → back on the coverage page, the gap is closed, without a reload.
 * The same handover from a Write next card.
 *
 *   JOURNEY_E2E_PORT=1355 npx jest --selectProjects e2e --runInBand --forceExit --testPathPattern 'gap-loop'
 */
import type { Page, Response } from 'playwright-core';
import {
  ADMIN,
  e2ePort,
  jsonApi,
  screenshotTest,
  startAdminSession,
  type AdminSession,
} from './helpers/strapi-browser';

const BASE = `http://127.0.0.1:${e2ePort(1355)}`;
const WHITEPAPER = 'api::whitepaper.whitepaper';

let session: AdminSession | undefined;
let page: Page;

jest.setTimeout(180_000);

/** The article the page writes before a type's name ("an Event", "a Whitepaper"). */
const article = (name: string) => (/^[aeiou]/i.test(name) ? 'an' : 'a');

const isApi = (method: string, part: string) => (r: Response) =>
  r.request().method() === method && decodeURIComponent(r.url()).includes(part);

/**
 * Waits for the create form's Journey panel to hold `stages` and `audience`; when it does not,
 * the failure says what it holds instead and how the stage rows' read went, so a rare miss
 * on a loaded machine can be told apart (fill undone, rights, request) from one run.
 */
const stageReads: string[] = [];
const waitForPrefilledPanel = async (stages: string, audience: string) => {
  const panel = page.locator(
    `[data-testid="journey-panel"][data-stages="${stages}"][data-audience="${audience}"]`
  );
  await panel.waitFor().catch(async (error: Error) => {
    const shown = await page.getByTestId('journey-panel').evaluateAll((els) =>
      els.map((el) => ({
        stages: el.getAttribute('data-stages'),
        audience: el.getAttribute('data-audience'),
        disabledInputs: el.querySelectorAll('[disabled],[aria-disabled="true"]').length,
        text: (el.textContent ?? '').slice(0, 200),
      }))
    );
    // A new error: the original's stack (what Jest prints) was written before this was known.
    throw new Error(
      `${error.message.split('\n')[0]}\npanel shows: ${JSON.stringify(shown)}\nlast stage reads: ${JSON.stringify(stageReads.slice(-6))}`
    );
  });
  return panel;
};

const openCoverage = async () => {
  const loaded = page.waitForResponse(isApi('GET', '/journey/coverage'));
  await page.goto(`${BASE}/admin/plugins/journey`);
  const res = await loaded;
  expect(res.status()).toBe(200);
  await page.locator('table tbody tr').first().waitFor();
  return (await res.json()).data;
};

beforeAll(async () => {
  session = await startAdminSession({
    port: e2ePort(1355),
    dbFile: `.tmp/e2e-gap-loop-${process.pid}.db`,
    viewport: { width: 1440, height: 900 },
  });
  page = session.page;
  page.on('response', (r) => {
    if (isApi('GET', '/journey/stages')(r)) stageReads.push(`${r.status()} ${r.url()}`);
  });
}, 180_000);

afterEach(() => screenshotTest(page, 'e2e-gap-loop'));

afterAll(() => session?.stop());

describe('the coverage page layout', () => {
  test.each([
    [1440, 900],
    [1280, 800],
    [1024, 768],
  ])(
    'at %ipx: the matrix comes first, and nothing stretches the page below its content',
    async (width, height) => {
      await page.setViewportSize({ width, height });
      await openCoverage();
      await page.getByTestId('journey-write-next').waitFor();
      const layout = await page.evaluate(() => {
        const table = document.querySelector('table')!.getBoundingClientRect();
        const writeNext = document
          .querySelector('[data-testid="journey-write-next"]')!
          .getBoundingClientRect();
        const main = document.querySelector('main')!.getBoundingClientRect();
        const page = document.scrollingElement!;
        return {
          matrixFirst: table.top < writeNext.top,
          // How far the document scrolls past the end of the page's own content.
          beyondContent: page.scrollHeight - (main.bottom + page.scrollTop),
        };
      });
      expect(layout.matrixFirst).toBe(true);
      expect(layout.beyondContent).toBeLessThanOrEqual(64);
    }
  );
});

describe('from a gap to a published entry that closes it', () => {
  // First: the other tests leave an unsaved create form behind, and this one needs the list view.
  test('bulk "Tag journey" cannot wipe stages by default: an audience alone keeps them; removing them needs a tick', async () => {
    const api = jsonApi(BASE);
    const token = (await api('POST', '/admin/login', undefined, ADMIN)).data.token;
    const tagsOf = async (documentId: string) =>
      (await api('GET', `/journey/tags/${WHITEPAPER}/${documentId}`, token)).data;
    // The whitepaper drafts of one stage, as the coverage page lists them.
    const loaded = page.waitForResponse(isApi('GET', '/journey/coverage'));
    await page.goto(`${BASE}/admin/plugins/journey?status=draft`);
    const matrix = (await (await loaded).json()).data;
    const row = matrix.rows.find((r: any) => r.uid === WHITEPAPER);
    const stage = matrix.stages.find((s: any) => (row.cells[s.id]?.count ?? 0) >= 2);
    expect(stage).toBeDefined();
    const list = page.waitForResponse(
      isApi('GET', `/content-manager/collection-types/${WHITEPAPER}`)
    );
    await page
      .locator(`tr[data-uid="${WHITEPAPER}"] td[data-stage="${stage.id}"] a`)
      .first()
      .click();
    const entries = (await (await list).json()).results as Array<{ documentId: string }>;
    expect(entries.length).toBe(row.cells[stage.id].count);
    const before = await Promise.all(entries.map((e) => tagsOf(e.documentId)));

    await page.getByRole('row').nth(entries.length).waitFor();
    await page.getByRole('checkbox', { name: 'Select all entries' }).click();
    await page.getByRole('button', { name: 'Tag journey' }).click();
    const dialog = page.getByRole('dialog');
    // Add is the default mode.
    expect(await dialog.getByRole('radio', { name: /^Add these stages/ }).isChecked()).toBe(true);
    await dialog.getByRole('radio', { name: /^Replace their stages/ }).click();
    const submit = dialog.getByRole('button', { name: `Tag ${entries.length} entries` });
    // Replace with no stage would remove every stage: only once the editor ticks it.
    const confirm = dialog.getByTestId('journey-bulk-confirm-clear');
    expect(await submit.isDisabled()).toBe(true);
    await confirm.click();
    expect(await submit.isDisabled()).toBe(false);
    await confirm.click();
    expect(await submit.isDisabled()).toBe(true);

    // Replace, no stage, an audience, no tick: only the audience changes.
    await dialog.getByRole('radio', { name: 'B2C' }).click();
    expect(await submit.isDisabled()).toBe(false);
    const put = page.waitForResponse(isApi('PUT', `/journey/tags/${WHITEPAPER}`));
    await submit.click();
    const res = await put;
    expect(res.status()).toBe(200);
    expect(JSON.parse(res.request().postData()!)).toMatchObject({ stages: [], mode: 'add' });
    await page
      .getByText(`${entries.length} drafts tagged. Publish them to make the tags live.`)
      .waitFor();
    for (const [i, e] of entries.entries()) {
      const now = await tagsOf(e.documentId);
      expect(now.stages).toEqual(before[i].stages);
      expect(now.audience).toBe('b2c');
    }
  });

  test('gap → create (stage and audience filled in) → Publish → the gap is closed on the page', async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    const matrix = await openCoverage();
    // A B2B stage where whitepapers have nothing published yet.
    const row = matrix.rows.find((r: any) => r.uid === WHITEPAPER);
    const gap = matrix.stages.find(
      (s: any) => s.framework === 'b2b' && row.cells[s.id]?.count === 0 && row.cells[s.id]?.gap
    );
    expect(gap).toBeDefined();
    const cell = page.locator(`tr[data-uid="${WHITEPAPER}"] td[data-stage="${gap.id}"]`);
    await cell.getByTestId('journey-gap-create').click();

    await page.waitForURL((u) => u.pathname.endsWith(`/${WHITEPAPER}/create`));
    const panel = await waitForPrefilledPanel(gap.id, 'b2b');
    // Filled in, not saved: the panel says so, and the editor can still change it.
    await panel.getByTestId('journey-unsaved').waitFor();
    await page.locator('input[name="title"]').fill(`Filling ${gap.label}`);

    const published = page.waitForResponse(
      isApi('POST', `/content-manager/collection-types/${WHITEPAPER}/actions/publish`)
    );
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    expect((await published).status()).toBe(200);
    await page.getByText('Published document').first().waitFor();

    // Back to the page through the menu (no reload): the cell counts the new entry.
    const refetched = page.waitForResponse(isApi('GET', '/journey/coverage'));
    await page.getByRole('link', { name: 'Journey coverage' }).click();
    const data = (await (await refetched).json()).data;
    expect(data.rows.find((r: any) => r.uid === WHITEPAPER).cells[gap.id]).toMatchObject({
      count: 1,
    });
    await page
      .locator(`tr[data-uid="${WHITEPAPER}"] td[data-stage="${gap.id}"][data-count="1"]`)
      .waitFor();
  });

  test('a Write next card opens the create form of its type with its stage and audience', async () => {
    const loaded = page.waitForResponse(isApi('GET', '/journey/demand?'));
    await page.goto(`${BASE}/admin/plugins/journey`);
    const report = (await (await loaded).json()).data;
    const item = report.writeNext[0];
    expect(item).toBeDefined();
    await page
      .getByTestId('journey-write-next-item')
      .first()
      .getByRole('link', { name: `Create ${article(item.displayName)} ${item.displayName}` })
      .click();
    await page.waitForURL((u) => u.pathname.endsWith(`/${item.uid}/create`));
    const audience = item.audience === 'b2b' || item.audience === 'b2c' ? item.audience : 'both';
    await waitForPrefilledPanel(item.stage, audience);
  });
});
