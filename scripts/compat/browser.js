/**
 * The compatibility check's browser part: Debian's Chromium (playwright-core) against the
 * scratch app that installed the packed plugin (scripts/compat-check.sh). The HTTP smoke suite
 * cannot see an admin that stops while loading (at 5.13 a Content Manager hook the plugin
 * registered did not exist there, and the admin never rendered its login page). Prints one
 * `ok:` or `FAILED:` line per check.
 *
 *   node browser.js <base url> <admin email> <admin password> <an article's documentId>
 */
const { chromium } = require('playwright-core');

const [base, email, password, documentId] = process.argv.slice(2);
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
let failed = 0;
const ok = (name) => console.log(`ok: ${name}`);
const bad = (name, why) => {
  failed += 1;
  console.log(`FAILED: ${name}: ${String(why).split('\n')[0]}`);
};
const step = async (name, fn) => {
  try {
    await fn();
    ok(name);
  } catch (error) {
    bad(name, error?.message ?? error);
  }
};

(async () => {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(30_000);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));

  await step('admin: the login page renders with the plugin installed', async () => {
    await page.goto(`${base}/admin/auth/login`);
    await page.locator('input[name="email"]').waitFor();
  });
  await step('admin: log in and reach the homepage', async () => {
    await page.locator('input[name="email"]').fill(email);
    await page.locator('input[name="password"]').fill(password);
    await Promise.all([
      page.waitForURL((u) => !u.pathname.includes('/auth/')),
      page.getByRole('button', { name: 'Login' }).click(),
    ]);
  });
  await step('admin: the journey coverage page shows the matrix', async () => {
    await page.goto(`${base}/admin/plugins/journey`);
    await page.locator('table tbody tr[data-uid="api::article.article"]').waitFor();
  });
  await step("admin: an entry's edit view shows the Journey panel with its stage", async () => {
    await page.goto(
      `${base}/admin/content-manager/collection-types/api::article.article/${documentId}`
    );
    await page.locator('[data-testid="journey-panel"][data-stages="b2c:awareness"]').waitFor();
  });
  if (errors.length) bad('admin: no uncaught error in the page', errors.join(' | '));
  else ok('admin: no uncaught error in the page');
  await browser.close();
  console.log(`browser: ${failed} failed`);
  process.exit(failed ? 1 : 0);
})().catch((error) => {
  bad('browser check', error?.stack ?? error);
  console.log(`browser: ${failed} failed`);
  process.exit(1);
});
