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
import type { Page } from 'playwright-core';
import {
  e2ePort,
  screenshotTest,
  startAdminSession,
  type AdminSession,
} from './helpers/strapi-browser';

const BASE = `http://127.0.0.1:${e2ePort(1348)}`;
// In the demo content: a b2c:awareness blog post that was never published.
const DRAFT_TITLE = 'Draft: notes on emotional vs logical buying';

let session: AdminSession | undefined;
let page: Page;

jest.setTimeout(180_000);

/**
 * Picks an option of a design-system select with the keyboard, as a user can: the list of
 * stages is taller than the window and opens with an animation, and a pointer click on an
 * option below the fold or still moving fails under load ("not stable", "outside of the
 * viewport"), though the option is there.
 */
const pickOption = async (label: string, option: string | RegExp) => {
  await page.getByRole('combobox', { name: label }).click();
  const item = page.getByRole('option', { name: option });
  await item.waitFor();
  await item.focus();
  await page.keyboard.press('Enter');
};

beforeAll(async () => {
  session = await startAdminSession({
    port: e2ePort(1348),
    dbFile: `.tmp/e2e-preview-${process.pid}.db`,
  });
  page = session.page;
}, 180_000);

afterEach(() => screenshotTest(page, 'e2e-preview', { fullPage: true }));

afterAll(() => session?.stop());

describe('Preview as a visitor', () => {
  test('a marketer picks a stage and sees the ranked list with reasons and why a draft is not shown', async () => {
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
