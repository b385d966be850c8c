/**
 * Browser test of the plugin's admin UI against the BUILT example app
 * (`npm run build --workspace examples/app` first): boots `strapi start` on a
 * fresh SQLite file with the demo content, drives Debian's Chromium with
 * playwright-core, and checks the coverage page, the Content Manager side
 * panel, list column, list filter and bulk action, the CSV export, the
 * settings page and RBAC. Screenshots go to .tmp/screenshots/ (gitignored), or
 * to docs/screenshots/ with JOURNEY_SCREENSHOTS=1, so a test run leaves the work
 * tree clean.
 *
 *   npx jest --selectProjects e2e --runInBand --forceExit admin/tests/admin.e2e.ts
 */
import fs from 'fs';
import path from 'path';
import type { Browser, Page, Response } from 'playwright-core';
import {
  ADMIN,
  APP,
  ROOT,
  dismissOverlays,
  e2ePort,
  jsonApi,
  loginAdmin,
  screenshotTest,
  startAdminSession,
  type AdminSession,
} from './helpers/strapi-browser';

const SHOTS = path.join(
  ROOT,
  process.env.JOURNEY_SCREENSHOTS === '1' ? 'docs/screenshots' : '.tmp/screenshots'
);
const BASE = `http://127.0.0.1:${e2ePort(1347)}`;
const EDITOR = {
  email: 'editor@journey.local',
  password: 'EditorPass1',
  firstname: 'Eddie',
  lastname: 'Editor',
};
const READER = {
  email: `reader-${Date.now()}@journey.local`,
  password: 'ReaderPass1',
  firstname: 'Rita',
  lastname: 'Reader',
};
const VIEWER = {
  email: 'viewer@journey.local',
  password: 'ViewerPass1',
  firstname: 'Vic',
  lastname: 'Viewer',
};

const WHITEPAPER = 'api::whitepaper.whitepaper';
const BLOG = 'api::blog-post.blog-post';
const UNTAGGED_WHITEPAPER = 'Customer experience benchmarks';

let session: AdminSession | undefined;
let browser: Browser;
let page: Page;

jest.setTimeout(180_000);

// ---------------------------------------------------------------------------
// helpers
// ---------------------------------------------------------------------------

const api = jsonApi(BASE);

// One login per user: /admin/login is rate-limited (a few attempts per email and address).
const tokens = new Map<string, Promise<string>>();
const adminToken = (user = ADMIN) => {
  if (!tokens.has(user.email))
    tokens.set(
      user.email,
      api('POST', '/admin/login', undefined, user).then((body) => body.data.token as string)
    );
  return tokens.get(user.email)!;
};

const isApi = (method: string, part: string, extra?: (r: Response) => boolean) => (r: Response) =>
  r.request().method() === method &&
  decodeURIComponent(r.url()).includes(part) &&
  (!extra || extra(r));

const login = (p: Page, user: { email: string; password: string }) => loginAdmin(p, BASE, user);

/** A statement on the server's SQLite file, as a script run beside Strapi would. */
const runSql = (sql: string) => {
  const Database = require('better-sqlite3');
  const db = new Database(path.join(APP, DB_FILE));
  try {
    expect(db.prepare(sql).run().changes).toBe(1);
  } finally {
    db.close();
  }
};

/** For screenshots: no banner, no tooltip left by the last hover or focus. */
const tidy = async (p: Page) => {
  const close = p.getByRole('button', { name: /^Close the banner/ });
  if (await close.isVisible()) {
    await close.click();
    await close.waitFor({ state: 'detached' });
  }
  await p.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await p.mouse.move(0, 0);
};

const choose = async (
  p: Page,
  combobox: ReturnType<Page['getByRole']>,
  option: string | RegExp
) => {
  await combobox.click();
  await p.getByRole('option', { name: option }).click();
};

/** Opens the coverage page with ?status=… and waits for its data. */
/**
 * Opens the coverage page and returns its first exact answer: after a change made around the
 * Document Service (a retire or restore moves links in SQL) the server answers with the last
 * counts, `meta.recounting`, while it recounts, and the page asks again every 3 s.
 */
const openCoverage = async (p: Page, query = '') => {
  const loaded = p.waitForResponse(async (r) => {
    if (!isApi('GET', '/journey/coverage')(r)) return false;
    return r.status() !== 200 || !(await r.json()).meta?.recounting;
  });
  await p.goto(`${BASE}/admin/plugins/journey${query}`);
  const res = await loaded;
  expect(res.status()).toBe(200);
  await p.locator('table tbody tr').first().waitFor();
  return (await res.json()).data;
};

const cell = (p: Page, uid: string, stage: string) =>
  p.locator(`tr[data-uid="${uid}"] td[data-stage="${stage}"]`);
const count = async (p: Page, uid: string, stage: string) =>
  Number(await cell(p, uid, stage).getAttribute('data-count'));
/** Waits until the matrix shows `n` in that cell (after a filter change the table re-renders). */
const shows = (p: Page, uid: string, stage: string, n: number, gap?: boolean) =>
  p
    .locator(
      `tr[data-uid="${uid}"] td[data-stage="${stage}"][data-count="${n}"]${gap === undefined ? '' : `[data-gap="${gap}"]`}`
    )
    .waitFor({ state: 'attached' });

/** Creates an active admin user with these roles (invited, then registered with its password). */
const createAdmin = async (
  token: string,
  user: { email: string; password: string; firstname: string; lastname: string },
  roles: number[]
) => {
  const created = (
    await api('POST', '/admin/users', token, {
      firstname: user.firstname,
      lastname: user.lastname,
      email: user.email,
      roles,
    })
  ).data;
  await api('POST', '/admin/register', undefined, {
    registrationToken: created.registrationToken,
    userInfo: { firstname: user.firstname, lastname: user.lastname, password: user.password },
  });
};

/** The Content Manager's edit view of an entry, once the Journey panel shows its tags. */
const openEntry = async (p: Page, uid: string, documentId: string) => {
  await p.goto(`${BASE}/admin/content-manager/collection-types/${uid}/${documentId}`);
  await p.locator('[data-testid="journey-panel"][data-stages]').waitFor();
  return p.getByTestId('journey-panel');
};

/** What the panel shows: its stages (primary first) and audience, from its data attributes. */
const panelTags = async (p: Page) => {
  const panel = p.locator('[data-testid="journey-panel"][data-stages]');
  return {
    stages: ((await panel.getAttribute('data-stages')) ?? '').split(' ').filter(Boolean),
    audience: await panel.getAttribute('data-audience'),
  };
};

/** The journey tags the server holds for a document (draft unless told). */
const serverTags = async (
  token: string,
  uid: string,
  documentId: string,
  status: 'draft' | 'published' = 'draft'
) =>
  (await api('GET', `/journey/tags/${uid}/${documentId}?status=${status}`, token)).data as {
    stages: string[];
    primary: string | null;
    audience: string;
  };

// ---------------------------------------------------------------------------
// lifecycle
// ---------------------------------------------------------------------------

const DB_FILE = `.tmp/e2e-admin-${process.pid}.db`;

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  session = await startAdminSession({
    port: e2ePort(1347),
    dbFile: DB_FILE,
    acceptDownloads: true,
    login: false, // the first test logs in through the form
  });
  ({ browser, page } = session);
}, 180_000);

// The last screen of every test, for debugging (gitignored .tmp/).
afterEach(() => screenshotTest(page, 'e2e-admin'));

afterAll(() => session?.stop());

// ---------------------------------------------------------------------------
// the journey of an admin
// ---------------------------------------------------------------------------

describe('journey admin UI', () => {
  let publishedBefore: any;
  let whitepaperPurchaseDraft = 0;
  let whitepaperUntaggedDraft = 0;
  let blogAwarenessDraft = 0;
  let taggedDocumentId = '';

  test('the "Journey coverage" menu link opens the matrix: types × stages, gaps marked, totals and untagged', async () => {
    await login(page, ADMIN);
    const loaded = page.waitForResponse(isApi('GET', '/journey/coverage'));
    await page.getByRole('link', { name: 'Journey coverage' }).click();
    publishedBefore = (await (await loaded).json()).data;
    await page.locator('table tbody tr').first().waitFor();

    await expect(page.getByRole('heading', { name: 'Journey coverage' }).isVisible()).resolves.toBe(
      true
    );
    // Framework groups, phases and stages head the columns.
    for (const header of [
      'Buyer journey (B2B)',
      'Customer journey (B2C)',
      'Post-Purchase',
      'Untagged',
      'Total',
    ]) {
      await expect(
        page.locator('thead').getByText(header, { exact: true }).first().isVisible()
      ).resolves.toBe(true);
    }
    // Every cell shows the API's count; gaps say "gap" in text, not only in colour.
    for (const row of publishedBefore.rows) {
      for (const stage of publishedBefore.stages) {
        const c = cell(page, row.uid, stage.id);
        expect(Number(await c.getAttribute('data-count'))).toBe(row.cells[stage.id].count);
        expect(await c.getAttribute('data-gap')).toBe(String(row.cells[stage.id].gap));
        if (row.cells[stage.id].gap)
          await expect(c.getByText('gap').isVisible()).resolves.toBe(true);
      }
      expect(await count(page, row.uid, 'untagged')).toBe(row.untagged);
    }
    for (const stage of publishedBefore.stages)
      expect(await count(page, 'totals', stage.id)).toBe(publishedBefore.totals[stage.id]);
    // Cells link into the Content Manager list filtered to that stage (and published status).
    const href = await cell(page, WHITEPAPER, 'b2b:research').locator('a').getAttribute('href');
    expect(decodeURIComponent(href!)).toContain(`/content-manager/collection-types/${WHITEPAPER}?`);
    expect(decodeURIComponent(href!)).toContain(
      'filters[$and][0][journeyStages][stageId][$eq]=b2b:research'
    );
    expect(decodeURIComponent(href!)).toContain('[__status][$eq]=published');

    await tidy(page);
    await page.screenshot({ path: path.join(SHOTS, 'coverage.png'), fullPage: true });
  });

  test('filters: audience and status refetch the matrix with those parameters', async () => {
    const byAudience = page.waitForResponse(
      isApi('GET', '/journey/coverage', (r) => r.url().includes('audience=b2b'))
    );
    await choose(page, page.getByRole('combobox', { name: 'Audience' }), 'B2B (and both)');
    const b2b = (await (await byAudience).json()).data;
    expect(page.url()).toContain('audience=b2b');
    await shows(
      page,
      WHITEPAPER,
      'b2b:research',
      b2b.rows.find((r: any) => r.uid === WHITEPAPER).cells['b2b:research'].count
    );
    const href = await cell(page, WHITEPAPER, 'b2b:research').locator('a').getAttribute('href');
    expect(decodeURIComponent(href!)).toContain('[journeyAudience][$ne]=b2c');

    // (Each filter combination is a new request: RTK Query caches the ones already seen.)
    const byStatus = page.waitForResponse(
      isApi(
        'GET',
        '/journey/coverage',
        (r) => r.url().includes('status=draft') && r.url().includes('audience=b2b')
      )
    );
    await choose(page, page.getByRole('combobox', { name: 'Status' }), 'Draft');
    expect((await byStatus).status()).toBe(200);
    const allDraft = page.waitForResponse(
      isApi(
        'GET',
        '/journey/coverage',
        (r) => r.url().includes('status=draft') && r.url().includes('audience=all')
      )
    );
    await choose(page, page.getByRole('combobox', { name: 'Audience' }), 'All audiences');
    const draft = (await (await allDraft).json()).data;
    expect(page.url()).toContain('status=draft');
    const wp = draft.rows.find((r: any) => r.uid === WHITEPAPER);
    whitepaperPurchaseDraft = wp.cells['b2b:purchase'].count;
    whitepaperUntaggedDraft = wp.untagged;
    blogAwarenessDraft = draft.rows.find((r: any) => r.uid === BLOG).cells['b2c:awareness'].count;
    expect(whitepaperPurchaseDraft).toBe(0); // a deliberate gap of the demo content
    await shows(page, WHITEPAPER, 'b2b:purchase', 0, true);
    await shows(page, WHITEPAPER, 'untagged', whitepaperUntaggedDraft);
    expect(whitepaperUntaggedDraft).toBeGreaterThan(0);

    const locales = page.waitForResponse(
      isApi('GET', '/journey/coverage', (r) => r.url().includes('locale=fr'))
    );
    await choose(page, page.getByRole('combobox', { name: 'Locale' }), 'French (fr)');
    expect((await locales).status()).toBe(200);
  });

  test("the side panel edits the entry's own form: the Content Manager's Save sends the tags, a reload shows them", async () => {
    const token = await adminToken();
    const stageDocuments = (await api('GET', '/journey/stages', token)).data.documentIds;
    await openCoverage(page, '?status=draft');
    // The "untagged" cell leads to the list of those entries.
    const list = page.waitForResponse(
      isApi('GET', `/content-manager/collection-types/${WHITEPAPER}`, (r) =>
        decodeURIComponent(r.url()).includes('[$null]')
      )
    );
    await cell(page, WHITEPAPER, 'untagged').locator('a').click();
    const listed = await (await list).json();
    expect(listed.results.map((r: any) => r.title)).toContain(UNTAGGED_WHITEPAPER);
    taggedDocumentId = listed.results.find((r: any) => r.title === UNTAGGED_WHITEPAPER).documentId;

    const tags = page.waitForResponse(
      isApi('GET', `/journey/tags/${WHITEPAPER}?documentIds=`, (r) =>
        r.url().includes(taggedDocumentId)
      )
    );
    await page.getByText(UNTAGGED_WHITEPAPER, { exact: true }).first().click();
    expect((await tags).status()).toBe(200);
    const panel = page.getByTestId('journey-panel');
    await panel.waitFor();
    // The journey fields live in the panel, not in the form's layout, and there is no second save button.
    await expect(page.locator('input[name="journeyAudience"]').count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: 'Save journey tags' }).count()).resolves.toBe(0);
    await panel.getByTestId('journey-saved-with-entry').waitFor();
    const save = page.getByRole('button', { name: 'Save', exact: true });
    await expect(save.isDisabled()).resolves.toBe(true);

    // A whitepaper serves the consideration phase: its stages are suggested, nothing is preset.
    const suggestion = page.getByTestId('journey-suggestions');
    await suggestion
      .getByText(/usually serves the Consideration phase/)
      .first()
      .waitFor();
    await suggestion
      .getByRole('button', { name: /^Consideration · B2B/ })
      .first()
      .click();
    // The list stays after a pick, without the stage the entry now has.
    await page.locator('[data-testid="journey-panel"][data-stages="b2b:consideration"]').waitFor();
    await suggestion.waitFor();
    expect(await suggestion.locator('[data-stage="b2b:consideration"]').count()).toBe(0);
    await choose(page, panel.getByRole('combobox', { name: 'Add a stage' }), /^Purchase · B2B/);
    await panel.getByRole('button', { name: 'Move Purchase · B2B up' }).click();
    await panel.getByRole('radio', { name: 'B2B' }).click();
    await expect(panel.locator('li').first().getAttribute('data-stage')).resolves.toBe(
      'b2b:purchase'
    );
    // Picking stages changed the entry's form, like a field: its Save is enabled.
    await panel.getByTestId('journey-unsaved').waitFor();
    await expect(save.isDisabled()).resolves.toBe(false);

    const tagPuts: string[] = [];
    const onRequest = (r: { method: () => string; url: () => string }) =>
      r.method() === 'PUT' && r.url().includes('/journey/tags/') && tagPuts.push(r.url());
    page.on('request', onRequest);
    const saved = page.waitForResponse(
      isApi('PUT', `/content-manager/collection-types/${WHITEPAPER}/${taggedDocumentId}`)
    );
    await save.click();
    const res = await saved;
    page.off('request', onRequest);
    expect(res.status()).toBe(200);
    // One write, the Content Manager's own: the ordered list (primary first) and the audience.
    const body = JSON.parse(res.request().postData()!);
    expect(body.journeyStages.set).toEqual([
      { documentId: stageDocuments['b2b:purchase'] },
      { documentId: stageDocuments['b2b:consideration'] },
    ]);
    expect(body.journeyAudience).toBe('b2b');
    expect(tagPuts).toEqual([]);
    expect(await serverTags(token, WHITEPAPER, taggedDocumentId)).toMatchObject({
      stages: ['b2b:purchase', 'b2b:consideration'],
      primary: 'b2b:purchase',
      audience: 'b2b',
    });
    // The draft now differs from the published version; the form is clean again.
    await page.getByText('Modified', { exact: true }).first().waitFor();
    await panel.getByTestId('journey-saved-with-entry').waitFor();
    await expect(save.isDisabled()).resolves.toBe(true);
    await panel.getByText('Primary', { exact: true }).waitFor();
    await tidy(page);
    await page.screenshot({ path: path.join(SHOTS, 'side-panel.png') });

    await page.reload();
    await page
      .locator(
        '[data-testid="journey-panel"][data-stages="b2b:purchase b2b:consideration"][data-audience="b2b"]'
      )
      .waitFor();
    await expect(panel.getByRole('radio', { name: 'B2B' }).isChecked()).resolves.toBe(true);
    await expect(panel.locator('li').first().getAttribute('data-stage')).resolves.toBe(
      'b2b:purchase'
    );
  });

  test('the coverage cell of the tagged entry changes', async () => {
    const data = await openCoverage(page, '?status=draft');
    const wp = data.rows.find((r: any) => r.uid === WHITEPAPER);
    expect(wp.cells['b2b:purchase'].count).toBe(whitepaperPurchaseDraft + 1);
    expect(await count(page, WHITEPAPER, 'b2b:purchase')).toBe(whitepaperPurchaseDraft + 1);
    expect(await cell(page, WHITEPAPER, 'b2b:purchase').getAttribute('data-gap')).toBe('false');
    expect(await count(page, WHITEPAPER, 'untagged')).toBe(whitepaperUntaggedDraft - 1);
  });

  test('a new entry: tag it on the create form and Publish in one go; the published entry has the stage', async () => {
    const token = await adminToken();
    await page.goto(`${BASE}/admin/content-manager/collection-types/${WHITEPAPER}/create`);
    const panel = page.getByTestId('journey-panel');
    // The panel works before the first save: the suggestion's buttons add stages.
    const suggestion = page.getByTestId('journey-suggestions');
    await suggestion
      .getByText(/Research · B2B/)
      .first()
      .waitFor();
    // From the first words typed, no Save: what the site's tagged entries say, with a reason.
    const learned = page.waitForResponse(isApi('POST', `/journey/suggest/${WHITEPAPER}/text`));
    await page.locator('input[name="title"]').fill('Journey mapping field guide');
    const answer = await learned;
    expect(answer.status()).toBe(200);
    expect(JSON.parse(answer.request().postData()!).text).toContain('Journey mapping field guide');
    const first = (await answer.json()).data.suggestions[0];
    if (first)
      await suggestion
        .getByRole('button', { name: new RegExp(`· ${Math.round(first.confidence * 100)}%$`) })
        .first()
        .waitFor();
    await suggestion
      .getByRole('button', { name: /^Research · B2B/ })
      .first()
      .click();
    await panel.getByRole('radio', { name: 'B2B' }).click();
    await page
      .locator('[data-testid="journey-panel"][data-stages="b2b:research"][data-audience="b2b"]')
      .waitFor();
    await panel.getByTestId('journey-unsaved').waitFor();

    const published = page.waitForResponse(
      isApi('POST', `/content-manager/collection-types/${WHITEPAPER}/actions/publish`)
    );
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    const res = await published;
    expect(res.status()).toBe(200);
    const { data } = await res.json();
    expect(data.documentId).toBeTruthy();
    // Strapi says "Published document", and the published version carries the tags.
    await page.getByText('Published document').first().waitFor();
    expect(await serverTags(token, WHITEPAPER, data.documentId, 'published')).toMatchObject({
      stages: ['b2b:research'],
      primary: 'b2b:research',
      audience: 'b2b',
    });
    expect(await serverTags(token, WHITEPAPER, data.documentId, 'draft')).toMatchObject({
      stages: ['b2b:research'],
      audience: 'b2b',
    });
    // The edit view of the new entry shows what was published, with nothing left unsaved.
    await page.waitForURL((u) => u.pathname.endsWith(`/${data.documentId}`));
    await page
      .locator('[data-testid="journey-panel"][data-stages="b2b:research"][data-audience="b2b"]')
      .waitFor();
    await panel.getByTestId('journey-saved-with-entry').waitFor();
  });

  test('tagging and then leaving the page warns like any unsaved field; leaving drops the change', async () => {
    const token = await adminToken();
    const panel = await openEntry(page, WHITEPAPER, taggedDocumentId);
    expect(await panelTags(page)).toEqual({
      stages: ['b2b:purchase', 'b2b:consideration'],
      audience: 'b2b',
    });
    await panel.getByRole('button', { name: 'Remove Consideration · B2B' }).click();
    await panel.getByRole('radio', { name: 'Both' }).click();
    expect(await panelTags(page)).toEqual({ stages: ['b2b:purchase'], audience: 'both' });

    await page.getByRole('link', { name: 'Journey coverage' }).click();
    const warning = () =>
      page
        .locator('[role="dialog"], [role="alertdialog"]')
        .filter({ hasText: 'All your modifications will be lost' });
    await warning().waitFor();
    // Stay: the edit is still there.
    await warning().getByRole('button', { name: 'Cancel' }).click();
    await warning().waitFor({ state: 'detached' });
    expect(page.url()).toContain(`/${taggedDocumentId}`);
    expect(await panelTags(page)).toEqual({ stages: ['b2b:purchase'], audience: 'both' });

    // Leave: nothing was written.
    await page.getByRole('link', { name: 'Journey coverage' }).click();
    const loaded = page.waitForResponse(isApi('GET', '/journey/coverage'));
    await warning().getByRole('button', { name: 'Confirm' }).click();
    await loaded;
    expect(await serverTags(token, WHITEPAPER, taggedDocumentId)).toMatchObject({
      stages: ['b2b:purchase', 'b2b:consideration'],
      audience: 'b2b',
    });
    await openEntry(page, WHITEPAPER, taggedDocumentId);
    expect(await panelTags(page)).toEqual({
      stages: ['b2b:purchase', 'b2b:consideration'],
      audience: 'b2b',
    });
  });

  test('"Discard changes" on a published entry drops saved tag edits of its draft', async () => {
    const token = await adminToken();
    const list = await api(
      'GET',
      `/content-manager/collection-types/${WHITEPAPER}?page=1&pageSize=10&filters[title][$eq]=Journey mapping field guide`,
      token
    );
    const documentId = list.results[0].documentId;
    const panel = await openEntry(page, WHITEPAPER, documentId);
    await choose(
      page,
      panel.getByRole('combobox', { name: 'Add a stage' }),
      /^Consideration · B2B/
    );
    const saved = page.waitForResponse(
      isApi('PUT', `/content-manager/collection-types/${WHITEPAPER}/${documentId}`)
    );
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    expect((await saved).status()).toBe(200);
    await page.getByText('Modified', { exact: true }).first().waitFor();
    expect((await serverTags(token, WHITEPAPER, documentId)).stages).toEqual([
      'b2b:research',
      'b2b:consideration',
    ]);

    await page.getByRole('button', { name: 'More document actions' }).click();
    await page.getByRole('menuitem', { name: 'Discard changes' }).click();
    const discarded = page.waitForResponse(
      isApi('POST', `/content-manager/collection-types/${WHITEPAPER}/${documentId}/actions/discard`)
    );
    await page
      .getByRole('alertdialog')
      .or(page.getByRole('dialog'))
      .getByRole('button', { name: 'Confirm' })
      .click();
    expect((await discarded).status()).toBe(200);
    await page.locator('[data-testid="journey-panel"][data-stages="b2b:research"]').waitFor();
    expect((await serverTags(token, WHITEPAPER, documentId)).stages).toEqual(['b2b:research']);
  });

  test('the list view: "Journey" column and the stage filter', async () => {
    // The list view restores the filters it saw last (the coverage link's "untagged" one): start clean.
    await page.evaluate(() =>
      Object.keys(localStorage)
        .filter((k) => k.startsWith('STRAPI_LIST_VIEW_SETTINGS'))
        .forEach((k) => localStorage.removeItem(k))
    );
    const firstList = page.waitForResponse(
      isApi(
        'GET',
        `/content-manager/collection-types/${WHITEPAPER}?`,
        (r) => !r.url().includes('filters')
      )
    );
    await page.goto(`${BASE}/admin/content-manager/collection-types/${WHITEPAPER}`);
    await firstList;
    await page
      .locator('thead')
      .getByText('Journey', { exact: true })
      .waitFor({ state: 'attached' });

    await page.getByRole('button', { name: 'Filters' }).click();
    await choose(page, page.getByRole('combobox', { name: 'Select field' }), 'Journey stage');
    await choose(page, page.getByRole('combobox', { name: 'Journey stage' }), /^Purchase · B2B/);
    const filtered = page.waitForResponse(
      isApi('GET', `/content-manager/collection-types/${WHITEPAPER}`, (r) =>
        decodeURIComponent(r.url()).includes('[journeyStages][stageId][$eq]=b2b:purchase')
      )
    );
    await page.getByRole('button', { name: 'Add filter' }).click();
    const body = await (await filtered).json();
    expect(body.results.map((r: any) => r.documentId)).toEqual([taggedDocumentId]);
    await page.getByText('1 entry found').waitFor();
    const journeyCell = page.getByTestId('journey-list-cell').first();
    await journeyCell.waitFor();
    expect(await journeyCell.getAttribute('data-stages')).toBe('b2b:purchase b2b:consideration');
    expect(await journeyCell.getAttribute('data-audience')).toBe('b2b');
    await journeyCell.getByText('Purchase · B2B +1').waitFor();
    // The filter shows as a removable chip with the stage's name.
    await page.getByText('Journey stage is Purchase · B2B').first().waitFor();
    // After a reload too, before the taxonomy has loaded: a label, never the id.
    await page.reload();
    await page.getByText('Journey stage is Purchase · B2B').first().waitFor();
    expect(await page.getByText('Journey stage is b2b:purchase').count()).toBe(0);
  });

  test('the bulk action tags the selected entries in one go', async () => {
    await openCoverage(page, '?status=draft');
    const untaggedBlog = await count(page, BLOG, 'untagged');
    expect(untaggedBlog).toBeGreaterThanOrEqual(2);
    const list = page.waitForResponse(
      isApi('GET', `/content-manager/collection-types/${BLOG}`, (r) =>
        decodeURIComponent(r.url()).includes('[$null]')
      )
    );
    await cell(page, BLOG, 'untagged').locator('a').click();
    const untaggedRows = (await (await list).json()).results;
    expect(untaggedRows).toHaveLength(untaggedBlog);
    for (const r of untaggedRows) await page.getByText(r.title, { exact: true }).waitFor();

    await page.getByRole('checkbox', { name: 'Select all entries' }).click();
    await page.getByRole('button', { name: 'Tag journey' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(`Set the journey tags of ${untaggedBlog} selected entries`).waitFor();
    await choose(page, dialog.getByRole('combobox', { name: 'Add a stage' }), /^Awareness · B2C/);
    await dialog.getByRole('radio', { name: 'B2C' }).click();

    const puts: Response[] = [];
    const onResponse = (r: Response) => isApi('PUT', `/journey/tags/${BLOG}`)(r) && puts.push(r);
    page.on('response', onResponse);
    const refreshed = page.waitForResponse(
      isApi('GET', `/content-manager/collection-types/${BLOG}`, (r) =>
        decodeURIComponent(r.url()).includes('[$null]')
      )
    );
    await dialog.getByRole('button', { name: `Tag ${untaggedBlog} entries` }).click();
    const after = await (await refreshed).json();
    page.off('response', onResponse);
    // One request for the whole selection, answered with every document's new tags.
    expect(puts).toHaveLength(1);
    expect(puts[0].status()).toBe(200);
    const tagged = (await puts[0].json()).data;
    expect(tagged).toHaveLength(untaggedBlog);
    for (const t of tagged) expect(t).toMatchObject({ stages: ['b2c:awareness'], audience: 'b2c' });
    expect(after.results).toHaveLength(0); // none left untagged
    await dialog.waitFor({ state: 'detached' });

    await openCoverage(page, '?status=draft');
    expect(await count(page, BLOG, 'untagged')).toBe(0);
    expect(await count(page, BLOG, 'b2c:awareness')).toBe(blogAwarenessDraft + untaggedBlog);
  });

  test('CSV export downloads what is on screen', async () => {
    const data = await openCoverage(page, '?status=draft&audience=b2b');
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('journey-coverage-b2b-draft.csv');
    const csv = fs.readFileSync((await file.path())!, 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff); // a byte order mark: spreadsheets read UTF-8
    // No quoted commas in this data: a plain split is enough.
    const lines = csv
      .slice(1)
      .trim()
      .split(/\r?\n/)
      .map((l) => l.split(','));
    expect(lines[0]).toEqual([
      'Journey coverage',
      'Audience: B2B (and both)',
      'Status: Draft',
      expect.stringMatching(/^Locale: /),
    ]);
    expect(lines[1]).toEqual([
      'Content type',
      'Stage',
      'Phase',
      'Framework',
      'Entries',
      'Target',
      'Gap',
      'Content type id',
      'Stage id',
    ]);
    // Every number of the file is the number shown in the matrix, with its target and gap flag.
    for (const row of data.rows) {
      for (const s of data.stages) {
        const line = lines.find((l) => l[7] === row.uid && l[8] === s.id)!;
        expect(line[0]).toBe(row.displayName);
        expect(line[1]).toBe(`${s.label} · ${s.framework.toUpperCase()}`);
        expect(Number(line[4])).toBe(await count(page, row.uid, s.id));
        const cell = row.cells[s.id];
        expect(line[5]).toBe(cell.applies ? String(cell.target) : '');
        expect(line[6]).toBe(!cell.applies ? 'not applicable' : cell.gap ? 'gap' : 'target met');
      }
      const own = lines.filter((l) => l[7] === row.uid && l[8] === '');
      expect(own.map((l) => [l[1], Number(l[4])])).toEqual([
        ['Untagged', await count(page, row.uid, 'untagged')],
        ['Total', await count(page, row.uid, 'total')],
      ]);
    }
    for (const s of data.stages) {
      const total = lines.find((l) => l[0] === 'All types' && l[8] === s.id)!;
      expect(Number(total[4])).toBe(await count(page, 'totals', s.id));
    }
    // B2B only: the B2C framework's columns are neither on screen nor in the file.
    expect(lines.some((l) => l[8]?.startsWith('b2c:'))).toBe(false);
    const wpLine = lines.find((l) => l[7] === WHITEPAPER && l[8] === 'b2b:purchase')!;
    expect(Number(wpLine[4])).toBe(whitepaperPurchaseDraft + 1);
  });

  test('Recount: a link written with SQL around Strapi shows in its cell after one click', async () => {
    const before = await openCoverage(page, '?status=draft');
    const n = await count(page, WHITEPAPER, 'b2b:problem-recognition');
    // What a migration script would do: the stage linked to a whitepaper draft that lacks it.
    runSql(
      `INSERT INTO whitepapers_journey_stages_lnk (whitepaper_id, stage_id, stage_ord)
       SELECT w.id, s.id, 9 FROM whitepapers w, journey_stages s
       WHERE w.published_at IS NULL AND s.stage_id = 'b2b:problem-recognition'
         AND NOT EXISTS (SELECT 1 FROM whitepapers_journey_stages_lnk l
                         WHERE l.whitepaper_id = w.id AND l.stage_id = s.id)
       ORDER BY w.id LIMIT 1`
    );
    expect(
      before.rows.find((r: any) => r.uid === WHITEPAPER).cells['b2b:problem-recognition'].count
    ).toBe(n);
    const posted = page.waitForResponse(isApi('POST', '/journey/coverage/recount'));
    const refetched = page.waitForResponse(isApi('GET', '/journey/coverage'));
    await page.getByRole('button', { name: 'Recount' }).click();
    expect((await posted).status()).toBe(200);
    expect((await refetched).status()).toBe(200);
    await shows(page, WHITEPAPER, 'b2b:problem-recognition', n + 1);
  });

  test('settings: a new target turns a cell into a gap; retiring a stage asks where its entries go', async () => {
    const loaded = page.waitForResponse(isApi('GET', '/journey/settings'));
    await page.goto(`${BASE}/admin/settings/journey`);
    await loaded;
    const row = page.locator('[data-framework] [data-stage="b2b:purchase"]');
    await row.getByLabel('Target', { exact: true }).fill('2');
    const saved = page.waitForResponse(isApi('PUT', '/journey/settings'));
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const put = await saved;
    expect(put.status()).toBe(200);
    expect(JSON.parse(put.request().postData()!)).toEqual({
      stages: { 'b2b:purchase': { target: 2 } },
    });

    await openCoverage(page, '?status=draft');
    const c = cell(page, WHITEPAPER, 'b2b:purchase');
    expect(await c.getAttribute('data-gap')).toBe('true');
    expect(await c.getAttribute('data-count')).toBe(String(whitepaperPurchaseDraft + 1));
    await expect(c.getByText('gap').isVisible()).resolves.toBe(true);

    const settings = page.waitForResponse(isApi('GET', '/journey/settings'));
    await page.goto(`${BASE}/admin/settings/journey`);
    const stages = (await (await settings).json()).data.stages;
    const advocacy = stages.find((s: any) => s.id === 'b2c:advocacy');
    expect(advocacy.entries).toBeGreaterThan(0);
    await page
      .locator('[data-framework] [data-stage="b2c:advocacy"]')
      .getByRole('button', { name: 'Retire' })
      .click();
    const dialog = page.getByRole('alertdialog');
    await dialog.getByText(/this stage\. Choose the stage they move to/).waitFor();
    await expect(dialog.getByRole('button', { name: 'Retire stage' }).isDisabled()).resolves.toBe(
      true
    );
    await choose(page, dialog.getByRole('combobox'), /^Retention · B2C/);
    const retired = page.waitForResponse(isApi('POST', '/journey/settings/retire'));
    await dialog.getByRole('button', { name: 'Retire stage' }).click();
    const res = await retired;
    expect(res.status()).toBe(200);
    expect(JSON.parse(res.request().postData()!)).toEqual({
      stage: 'b2c:advocacy',
      moveTo: 'b2c:retention',
    });
    await page.getByText('Retired stages').waitFor();

    const after = await openCoverage(page, '?status=draft');
    expect(after.stages.map((s: any) => s.id)).not.toContain('b2c:advocacy');
    await expect(page.locator('td[data-stage="b2c:advocacy"]').count()).resolves.toBe(0);
  });

  test('settings: "Not applicable" for a content type greys its cell; Restore moves a retired stage\'s entries back', async () => {
    const token = await adminToken();
    let loaded = page.waitForResponse(isApi('GET', '/journey/settings'));
    await page.goto(`${BASE}/admin/settings/journey`);
    const movable = (await (await loaded).json()).data.stages.find(
      (s: any) => s.id === 'b2c:advocacy'
    ).movable;
    expect(movable).toBeGreaterThan(0); // the previous test's retire moved them

    const section = page.getByTestId('journey-type-targets');
    await choose(page, section.getByRole('combobox', { name: 'Content type' }), 'Whitepaper');
    await section
      .locator('[data-stage="b2b:selection"]')
      .getByRole('checkbox', { name: 'Not applicable' })
      .click();
    const saved = page.waitForResponse(isApi('PUT', '/journey/settings'));
    await section.getByRole('button', { name: /^Update targets/ }).click();
    const put = await saved;
    expect(put.status()).toBe(200);
    expect(JSON.parse(put.request().postData()!)).toEqual({
      targets: { [WHITEPAPER]: { 'b2b:selection': 'not-applicable' } },
    });
    await openCoverage(page, '?status=draft');
    const c = cell(page, WHITEPAPER, 'b2b:selection');
    expect(await c.getAttribute('data-applies')).toBe('false');
    expect(await c.getAttribute('data-gap')).toBe('false');
    await c.getByText('not applicable').waitFor();
    expect(await c.getByTestId('journey-gap-create').count()).toBe(0);
    await api('PUT', '/journey/settings', token, {
      targets: { [WHITEPAPER]: { 'b2b:selection': null } },
    });

    loaded = page.waitForResponse(isApi('GET', '/journey/settings'));
    await page.goto(`${BASE}/admin/settings/journey`);
    await loaded;
    await page
      .locator('[data-stage="b2c:advocacy"]')
      .getByRole('button', { name: 'Restore' })
      .click();
    const dialog = page.getByRole('alertdialog');
    await dialog
      .getByText(new RegExp(`Retiring it moved ${movable} entr(y|ies) to another stage`))
      .waitFor();
    const moveBack = dialog.getByRole('checkbox', { name: /Move them back/ });
    expect(await moveBack.isChecked()).toBe(true);
    const restored = page.waitForResponse(isApi('POST', '/journey/settings/restore'));
    await dialog.getByRole('button', { name: 'Restore' }).click();
    const res = await restored;
    expect(JSON.parse(res.request().postData()!)).toEqual({
      stage: 'b2c:advocacy',
      moveBack: true,
    });
    expect((await res.json()).data).toMatchObject({ movedBack: movable, left: 0 });
    await page.getByText(new RegExp(`restored, ${movable} entr(y|ies) moved back`)).waitFor();
    const after = await openCoverage(page, '?status=draft');
    expect(after.stages.map((s: any) => s.id)).toContain('b2c:advocacy');
    expect(after.totals['b2c:advocacy']).toBeGreaterThan(0);
  });

  test('settings: a visitor signal rule is added on the page, checked by the server and stored', async () => {
    const loaded = page.waitForResponse(isApi('GET', '/journey/signal-rules'));
    await page.goto(`${BASE}/admin/settings/journey`);
    expect((await loaded).status()).toBe(200);
    const section = page.getByTestId('journey-signal-rules');
    await section.getByRole('button', { name: 'Add a rule' }).click();
    const row = section.locator('[data-rule="0"]');
    await row.getByLabel('Pattern').fill('pricing-*');
    // A new rule has no stage or phase (an audience-only rule must not push visitors to a
    // phase): Update stays off until a stage, a phase or an audience is chosen.
    const update = section.getByRole('button', { name: 'Update rules' });
    expect(await update.isDisabled()).toBe(true);
    await row.getByText('Choose a stage, a phase or an audience').waitFor();
    await choose(
      page,
      row.getByRole('combobox', { name: 'Stage or phase' }),
      'Decision, any stage of it'
    );
    const saved = page.waitForResponse(isApi('PUT', '/journey/signal-rules'));
    await section.getByRole('button', { name: 'Update rules' }).click();
    const put = await saved;
    expect(put.status()).toBe(200);
    expect(JSON.parse(put.request().postData()!)).toEqual({
      rules: [{ signal: 'utm_campaign', pattern: 'pricing-*', phase: 'decision', weight: 1 }],
    });
    expect((await put.json()).data.rules).toEqual([
      { signal: 'utm_campaign', pattern: 'pricing-*', phase: 'decision', weight: 1 },
    ]);
  });

  test('RBAC: a "Read journey coverage" role sees the rows of the types it may read, and no settings controls', async () => {
    const token = await adminToken();
    const role = (
      await api('POST', '/admin/roles', token, {
        name: `Journey reader ${Date.now()}`,
        description: 'coverage, whitepapers only',
      })
    ).data;
    await api('PUT', `/admin/roles/${role.id}/permissions`, token, {
      permissions: [
        { action: 'plugin::journey.coverage.read', subject: null, conditions: [], properties: {} },
        // Coverage rows follow the Content Manager: this reader may read whitepapers, nothing else.
        {
          action: 'plugin::content-manager.explorer.read',
          subject: WHITEPAPER,
          conditions: [],
          properties: { fields: ['title'] },
        },
      ],
    });
    const user = (
      await api('POST', '/admin/users', token, {
        firstname: READER.firstname,
        lastname: READER.lastname,
        email: READER.email,
        roles: [role.id],
      })
    ).data;
    await api('POST', '/admin/register', undefined, {
      registrationToken: user.registrationToken,
      userInfo: {
        firstname: READER.firstname,
        lastname: READER.lastname,
        password: READER.password,
      },
    });

    const readerContext = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const reader = await readerContext.newPage();
    await dismissOverlays(reader);
    try {
      await login(reader, READER);
      const loaded = reader.waitForResponse(isApi('GET', '/journey/coverage'));
      await reader.getByRole('link', { name: 'Journey coverage' }).click();
      const coverage = await loaded;
      expect(coverage.status()).toBe(200);
      expect((await coverage.json()).data.rows.map((r: any) => r.uid)).toEqual([WHITEPAPER]);
      await reader.locator('table tbody tr').first().waitFor();
      await expect(reader.getByRole('button', { name: 'Recount' }).count()).resolves.toBe(0);

      const settings = reader.waitForResponse(isApi('GET', '/journey/settings'));
      await reader.goto(`${BASE}/admin/settings/journey`);
      expect((await settings).status()).toBe(200);
      await reader.getByTestId('journey-settings-readonly').waitFor();
      await expect(
        reader.locator('[data-stage="b2b:research"]').getByLabel('Label').isDisabled()
      ).resolves.toBe(true);
      await expect(reader.getByRole('button', { name: 'Save' }).count()).resolves.toBe(0);
      await expect(reader.getByRole('button', { name: 'Retire' }).count()).resolves.toBe(0);
    } finally {
      await readerContext.close();
    }
  });

  test("an editor (Strapi's Editor role, no journey permission) tags from the side panel", async () => {
    const token = await adminToken();
    const roles = (await api('GET', '/admin/roles', token)).data;
    const editorRole = roles.find((r: any) => r.code === 'strapi-editor');
    const user = (
      await api('POST', '/admin/users', token, {
        firstname: EDITOR.firstname,
        lastname: EDITOR.lastname,
        email: EDITOR.email,
        roles: [editorRole.id],
      })
    ).data;
    await api('POST', '/admin/register', undefined, {
      registrationToken: user.registrationToken,
      userInfo: {
        firstname: EDITOR.firstname,
        lastname: EDITOR.lastname,
        password: EDITOR.password,
      },
    });
    const editorToken = await adminToken(EDITOR);
    // The entry: the first whitepaper by title, as the super admin lists it. (In some full
    // runs the new editor's own list briefly came back empty while the super admin's did not;
    // that is logged below with the editor's permissions. Opening and saving the entry in the
    // browser below is what proves the editor's rights.)
    const query = `/content-manager/collection-types/${WHITEPAPER}?page=1&pageSize=1&sort=title:ASC`;
    const doc = (await api('GET', query, token)).results[0];
    expect(doc).toBeDefined();
    const editorList = await api('GET', query, editorToken);
    if (editorList.results[0]?.documentId !== doc.documentId) {
      const mine = (await api('GET', '/admin/users/me/permissions', editorToken)).data;
      console.warn(
        `the Editor's list differs from the super admin's: ${JSON.stringify(editorList).slice(0, 300)}; its whitepaper permissions: ${JSON.stringify(
          mine.filter((p: any) => p.subject === WHITEPAPER)
        ).slice(0, 1500)}`
      );
    }

    const editorContext = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const editor = await editorContext.newPage();
    await dismissOverlays(editor);
    try {
      await login(editor, EDITOR);
      const tags = editor.waitForResponse(
        isApi('GET', `/journey/tags/${WHITEPAPER}?documentIds=`, (r) =>
          r.url().includes(doc.documentId)
        )
      );
      await editor.goto(
        `${BASE}/admin/content-manager/collection-types/${WHITEPAPER}/${doc.documentId}`
      );
      const current = (await (await tags).json()).data.find(
        (t: any) => t.documentId === doc.documentId
      );
      const panel = editor.getByTestId('journey-panel');
      await panel.getByRole('combobox', { name: 'Add a stage' }).waitFor();
      // No coverage permission: the stage list comes from the taxonomy API, labels included.
      await choose(
        editor,
        panel.getByRole('combobox', { name: 'Add a stage' }),
        /^Selection · B2B/
      );
      const saved = editor.waitForResponse(
        isApi('PUT', `/content-manager/collection-types/${WHITEPAPER}/${doc.documentId}`)
      );
      await editor.getByRole('button', { name: 'Save', exact: true }).click();
      const res = await saved;
      expect(res.status()).toBe(200);
      const expected = [
        ...current.stages.filter((s: string) => s !== 'b2b:selection'),
        'b2b:selection',
      ];
      expect((await serverTags(token, WHITEPAPER, doc.documentId)).stages).toEqual(expected);
      await editor
        .locator(`[data-testid="journey-panel"][data-stages="${expected.join(' ')}"]`)
        .waitFor();
    } finally {
      await editorContext.close();
    }
  });

  test('a role that may read entries but not change them sees the tags and cannot change them', async () => {
    const token = await adminToken();
    const types = (await api('GET', '/content-manager/content-types', token)).data;
    const fields = Object.keys(types.find((t: any) => t.uid === WHITEPAPER).attributes).filter(
      (f) =>
        ![
          'id',
          'documentId',
          'createdAt',
          'updatedAt',
          'publishedAt',
          'createdBy',
          'updatedBy',
          'locale',
          'localizations',
        ].includes(f)
    );
    expect(fields).toEqual(expect.arrayContaining(['journeyStages', 'journeyAudience']));
    const role = (
      await api('POST', '/admin/roles', token, {
        name: 'Whitepaper viewer',
        description: 'reads whitepapers',
      })
    ).data;
    await api('PUT', `/admin/roles/${role.id}/permissions`, token, {
      permissions: [
        {
          action: 'plugin::content-manager.explorer.read',
          subject: WHITEPAPER,
          conditions: [],
          properties: { fields },
        },
      ],
    });
    await createAdmin(token, VIEWER, [role.id]);

    const viewerContext = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const viewer = await viewerContext.newPage();
    await dismissOverlays(viewer);
    try {
      await login(viewer, VIEWER);
      const panel = await openEntry(viewer, WHITEPAPER, taggedDocumentId);
      expect(await panelTags(viewer)).toEqual({
        stages: ['b2b:purchase', 'b2b:consideration'],
        audience: 'b2b',
      });
      await panel.getByText('Primary', { exact: true }).waitFor();
      await panel.getByTestId('journey-read-only').waitFor();
      await expect(panel.getByRole('combobox', { name: 'Add a stage' }).isDisabled()).resolves.toBe(
        true
      );
      await expect(
        panel.getByRole('button', { name: 'Remove Purchase · B2B' }).isDisabled()
      ).resolves.toBe(true);
      for (const name of ['B2B', 'B2C', 'Both'])
        await expect(panel.getByRole('radio', { name }).isDisabled()).resolves.toBe(true);
      await expect(viewer.getByRole('button', { name: 'Save journey tags' }).count()).resolves.toBe(
        0
      );
      await tidy(viewer);
      await viewer.screenshot({ path: path.join(ROOT, '.tmp/e2e-admin', 'read-only-panel.png') });
    } finally {
      await viewerContext.close();
    }
  });
});
