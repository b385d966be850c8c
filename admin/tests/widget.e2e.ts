/**
 * Browser test of the "Journey coverage" homepage widget against the BUILT example app
 * (`npx strapi-plugin build && npm run build --workspace examples/app` first): `strapi start`
 * on a fresh SQLite file with the demo content and its month of generated demand. A super
 * admin sees the three gaps that cost visitors most and coverage per phase, and the widget's
 * link opens the coverage page; Strapi's Editor role (no journey permission) sees no widget.
 *
 *   JOURNEY_E2E_PORT=1361 npx jest --selectProjects e2e --runInBand --forceExit admin/tests/widget.e2e.ts
 */
import path from 'path';
import type { Page, Response } from 'playwright-core';
import {
  ROOT,
  dismissOverlays,
  e2ePort,
  jsonApi,
  loginAdmin,
  screenshotTest,
  startAdminSession,
  ADMIN,
  type AdminSession,
} from './helpers/strapi-browser';

const BASE = `http://127.0.0.1:${e2ePort(1361)}`;
const EDITOR = {
  firstname: 'Widget',
  lastname: 'Editor',
  email: 'widget.editor@journey.local',
  password: 'WidgetEditor1',
};

let session: AdminSession | undefined;
let page: Page;
const api = jsonApi(BASE);

jest.setTimeout(180_000);

const isApi = (part: string) => (r: Response) =>
  r.request().method() === 'GET' && r.url().includes(part);

const adminToken = async (user: { email: string; password: string } = ADMIN) =>
  (await api('POST', '/admin/login', undefined, user)).data.token as string;

/** The phases the widget lists, computed here from the coverage answer, not from the plugin's code. */
const expectedPhases = (matrix: any) => {
  const phaseOf = new Map(matrix.stages.map((s: any) => [s.id, s.phase]));
  const order = ['awareness', 'consideration', 'decision', 'retention', 'advocacy'];
  const counts: Record<string, { cells: number; atTarget: number; gaps: number }> = {};
  for (const row of matrix.rows)
    for (const [id, cell] of Object.entries<any>(row.cells)) {
      if (cell.applies === false) continue; // "not applicable": neither at target nor a gap
      const phase = phaseOf.get(id) as string;
      counts[phase] ??= { cells: 0, atTarget: 0, gaps: 0 };
      counts[phase].cells += 1;
      counts[phase][cell.gap ? 'gaps' : 'atTarget'] += 1;
    }
  return order.filter((p) => counts[p]).map((p) => ({ phase: p, ...counts[p] }));
};

const gapWords = (gaps: number) => (gaps === 0 ? 'no gap' : gaps === 1 ? '1 gap' : `${gaps} gaps`);
const en = (n: number) => n.toLocaleString('en');

beforeAll(async () => {
  session = await startAdminSession({
    port: e2ePort(1361),
    dbFile: `.tmp/e2e-widget-${process.pid}.db`,
    viewport: { width: 1500, height: 1100 },
  });
  page = session.page;
}, 180_000);

afterEach(() => screenshotTest(page, 'e2e-widget', { fullPage: true }));

afterAll(() => session?.stop());

describe('homepage widget "Journey coverage"', () => {
  test('a super admin sees the three costliest gaps and coverage per phase, and the link opens the coverage page', async () => {
    const demand = page.waitForResponse(isApi('/journey/demand?'));
    const coverage = page.waitForResponse(isApi('/journey/coverage?'));
    await page.goto(`${BASE}/admin`);
    const report = (await (await demand).json()).data;
    const matrix = (await (await coverage).json()).data;
    expect(report.writeNext.length).toBeGreaterThanOrEqual(3);

    const widget = page.getByRole('region', { name: 'Journey coverage' });
    await widget.getByTestId('journey-widget').waitFor();
    const gaps = widget.getByTestId('journey-widget-gap');
    expect(await gaps.count()).toBe(3);
    for (let i = 0; i < 3; i += 1) {
      const item = report.writeNext[i];
      const audience =
        item.audience === 'any'
          ? 'visitors of any audience'
          : `${item.audience.toUpperCase()} visitors`;
      const text = (await gaps.nth(i).innerText()).replace(/\s+/g, ' ');
      expect(text).toContain(`#${i + 1}`);
      expect(text).toContain(`for ${item.stageLabel} · ${item.stage.split(':')[0].toUpperCase()}`);
      expect(text).toContain(item.displayName);
      expect(text).toContain(
        `${en(item.unmet)} request${item.unmet === 1 ? '' : 's'} of ${en(item.requests)} (${Math.round(item.unmetShare * 100)}%) from ${audience} found no exact match.`
      );
      // Words for people, never ids.
      expect(text).not.toContain(item.uid);
      expect(text).not.toContain(item.stage);
    }

    const phases = expectedPhases(matrix);
    expect(phases.length).toBeGreaterThanOrEqual(3);
    const rows = widget.getByTestId('journey-widget-phase');
    expect(await rows.count()).toBe(phases.length);
    for (let i = 0; i < phases.length; i += 1) {
      const p = phases[i];
      const text = (await rows.nth(i).innerText()).replace(/\s+/g, ' ');
      expect(text).toContain(p.phase[0].toUpperCase() + p.phase.slice(1));
      expect(text).toContain(`${p.atTarget} of ${p.cells} at target (${gapWords(p.gaps)})`);
    }

    await widget.scrollIntoViewIfNeeded();
    await widget
      .screenshot({ path: path.join(ROOT, '.tmp/e2e-widget/widget.png') })
      .catch(() => {});

    await widget.getByRole('link', { name: 'Open the coverage page' }).click();
    await page.waitForURL((u) => u.pathname === '/admin/plugins/journey');
    await page.getByRole('heading', { name: 'Journey coverage', level: 1 }).waitFor();
  });

  test('a role without the coverage permission does not see the widget and asks for nothing', async () => {
    const token = await adminToken();
    const editorRole = (await api('GET', '/admin/roles', token)).data.find(
      (r: any) => r.code === 'strapi-editor'
    );
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

    const context = await session!.browser.newContext({ viewport: { width: 1500, height: 1100 } });
    const editor = await context.newPage();
    await dismissOverlays(editor);
    const journeyCalls: string[] = [];
    editor.on('request', (r) => {
      if (/\/journey\/(demand|coverage)/.test(r.url())) journeyCalls.push(r.url());
    });
    try {
      await loginAdmin(editor, BASE, EDITOR);
      await editor.goto(`${BASE}/admin`);
      // Strapi's own Profile widget has no permission: once it shows, the homepage has rendered.
      await editor.getByRole('region', { name: 'Profile' }).waitFor();
      // The permission check is asynchronous: give it time to settle, then the widget must be gone.
      await editor.waitForTimeout(2_000);
      expect(await editor.getByRole('region', { name: 'Journey coverage' }).count()).toBe(0);
      expect(journeyCalls).toEqual([]);
    } finally {
      await screenshotTest(editor, 'e2e-widget-editor', { fullPage: true });
      await context.close();
    }
  });
});
