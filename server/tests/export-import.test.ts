import fs from 'fs';
import path from 'path';
import { execFile } from 'child_process';
import { promisify } from 'util';
import {
  APP_DIR,
  adminToken,
  bootStrapi,
  createEntry,
  createTestDatabase,
  ensureLocale,
  grantPublic,
  type TestApp,
  type TestDatabase,
} from './helpers/strapi';

/**
 * Content moved with Strapi's own `strapi export` → `strapi import` keeps every journey
 * answer: tags (stage relations and audiences, drafts and published versions, locales),
 * the stage rows, the recommend ranking and the coverage counts. The CLI runs in a copy
 * of the example app (it compiles the app; the repository's copy is shared by other lanes).
 */
const ROOT = path.resolve(APP_DIR, '../..');
const COPY = path.join(ROOT, '.tmp', `export-app-${process.pid}`);
const STRAPI_BIN = path.join(ROOT, 'node_modules/@strapi/strapi/bin/strapi.js');
const PUBLIC = [
  'plugin::journey.recommend.find',
  'plugin::journey.stage.find',
  'api::whitepaper.whitepaper.find',
  'api::blog-post.blog-post.find',
  'api::case-study.case-study.find',
];
const QUERIES = [
  { stage: 'research', audience: 'b2b', limit: '10' },
  { stage: 'b2c:awareness', limit: '10' },
  { stage: 'selection', audience: 'b2b', limit: '10' },
  { stage: 'b2c:awareness', locale: 'fr', limit: '10' },
];

const cli = async (db: TestDatabase, args: string[]) =>
  promisify(execFile)(process.execPath, [STRAPI_BIN, ...args], {
    cwd: COPY,
    env: { ...process.env, ...db.env, STRAPI_LOG_LEVEL: 'error' },
    maxBuffer: 20 * 1024 * 1024,
  });

const appOn = async (db: TestDatabase): Promise<TestApp> => {
  const strapi = await bootStrapi(db);
  const supertest = (await import('supertest')).default;
  return {
    strapi,
    db,
    request: () => supertest.agent(strapi.server.httpServer),
    stop: async () => strapi.destroy(),
  };
};

/** Row ids are the database's (a transfer renumbers them); documentIds are the content's. */
const withoutRowIds = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(withoutRowIds)
    : value && typeof value === 'object'
      ? Object.fromEntries(
          Object.entries(value)
            .filter(([k]) => k !== 'id')
            .map(([k, v]) => [k, withoutRowIds(v)])
        )
      : value;

/** Every answer a frontend or the coverage page gets, comparable across databases. */
const answers = async (app: TestApp, docs: Record<string, string>) => {
  const token = await adminToken(app);
  const out: Record<string, unknown> = {};
  for (const q of QUERIES) {
    const res = await app.request().get('/api/journey/recommend').query(q);
    expect([JSON.stringify(q), res.status, res.body.error?.message]).toEqual([
      JSON.stringify(q),
      200,
      undefined,
    ]);
    out[`recommend ${JSON.stringify(q)}`] = res.body;
  }
  for (const status of ['published', 'draft'])
    for (const audience of ['all', 'b2b', 'b2c']) {
      const res = await app
        .request()
        .get('/journey/coverage')
        .query({ status, audience })
        .set('Authorization', `Bearer ${token}`);
      expect(res.status).toBe(200);
      out[`coverage ${status} ${audience}`] = res.body.data;
    }
  for (const [key, documentId] of Object.entries(docs)) {
    const [type, locale] = key.split('/');
    const res = await app
      .request()
      .get(`/journey/tags/api::${type}.${type}/${documentId}`)
      .query(locale ? { locale } : {})
      .set('Authorization', `Bearer ${token}`);
    expect([key, res.status, res.body.error?.message]).toEqual([key, 200, undefined]);
    out[`tags ${key}`] = res.body.data;
  }
  return withoutRowIds(out) as Record<string, unknown>;
};

let source: TestDatabase;
let target: TestDatabase;

beforeAll(() => {
  fs.rmSync(COPY, { recursive: true, force: true });
  for (const part of ['config', 'src', 'package.json', 'tsconfig.json', 'public', 'database'])
    if (fs.existsSync(path.join(APP_DIR, part)))
      fs.cpSync(path.join(APP_DIR, part), path.join(COPY, part), { recursive: true });
  // SQLite files are named relative to the app root: the copy sees the test's own.
  fs.mkdirSync(path.join(APP_DIR, '.tmp'), { recursive: true });
  fs.symlinkSync(path.join(APP_DIR, '.tmp'), path.join(COPY, '.tmp'));
});

afterAll(async () => {
  await source?.drop();
  await target?.drop();
  fs.rmSync(COPY, { recursive: true, force: true });
});

it('strapi export then strapi import into another database: every journey answer is the same', async () => {
  source = await createTestDatabase();
  const app = await appOn(source);
  const docs: Record<string, string> = {};
  let before: Record<string, unknown>;
  try {
    await ensureLocale(app, 'fr');
    await grantPublic(app, PUBLIC);
    docs.whitepaper = await createEntry(app, 'whitepaper', {
      title: 'Research paper',
      stages: ['b2b:research', 'b2b:selection'],
      audience: 'b2b',
      publish: true,
    });
    docs['case-study'] = await createEntry(app, 'case-study', {
      title: 'Case',
      stages: ['b2b:selection'],
      audience: 'both',
      publish: true,
    });
    // A draft whose tags differ from its published version.
    await app.strapi
      .plugin('journey')
      .service('tags')
      .set('api::case-study.case-study', docs['case-study'], {
        stages: ['b2b:purchase'],
        audience: 'b2b',
      });
    docs['blog-post'] = await createEntry(app, 'blog-post', {
      title: 'Blog en',
      stages: ['b2c:awareness'],
      audience: 'b2c',
      publish: true,
    });
    docs['blog-post/fr'] = docs['blog-post'];
    await app.strapi
      .documents('api::blog-post.blog-post')
      .update({ documentId: docs['blog-post'], locale: 'fr', data: { title: 'Blog fr' } } as any);
    await app.strapi
      .plugin('journey')
      .service('tags')
      .set('api::blog-post.blog-post', docs['blog-post'], {
        stages: ['b2c:awareness', 'b2c:consideration'],
        audience: 'both',
        locale: 'fr',
      });
    await app.strapi
      .documents('api::blog-post.blog-post')
      .publish({ documentId: docs['blog-post'], locale: 'fr' });
    before = await answers(app, docs);
  } finally {
    await app.stop();
  }
  const file = path.join(COPY, 'journey-export');
  await cli(source, ['export', '--no-encrypt', '-f', file]);
  const archive = fs.readdirSync(COPY).find((f) => f.startsWith('journey-export'));
  expect(archive).toBeDefined();

  target = await createTestDatabase();
  await cli(target, ['import', '-f', path.join(COPY, archive as string), '--force']);
  const moved = await appOn(target);
  try {
    // Strapi's transfer carries entries in every locale but not the site's locale list
    // (i18n's own settings): a site that receives French content has French set up.
    await ensureLocale(moved, 'fr');
    await grantPublic(moved, PUBLIC);
    const after = await answers(moved, docs);
    expect(after).toEqual(before);
    // Not an empty comparison: the answers carry the entries.
    expect(JSON.stringify(after)).toContain('Research paper');
  } finally {
    await moved.stop();
  }
});
