import {
  startApp,
  adminToken,
  createEntry,
  ensureLocale,
  inSecondInstance,
  type TestApp,
} from './helpers/strapi';
import { bumpVersions, typeScope } from '../src/utils/content-version';
import { journeyTypeUids } from '../src/utils/journey-types';

/** Every type that carries journey tags in the example app (those without entries count zeros). */
const journeyTypes = () =>
  Object.keys(app.strapi.contentTypes).filter(
    (uid) => 'journeyStages' in app.strapi.contentTypes[uid].attributes
  );
let app: TestApp;
let token: string;
const get = (query: Record<string, string> = {}, t = token) =>
  app.request().get('/journey/coverage').query(query).set('Authorization', `Bearer ${t}`);

/**
 * Expected counts computed independently of the plugin's SQL: load every document
 * through the Document Service and count in JavaScript.
 */
const expected = async (scope: {
  audience: string;
  status: 'published' | 'draft';
  locale?: string;
}) => {
  const out: Record<string, { total: number; untagged: number; byStage: Record<string, number> }> =
    {};
  for (const uid of journeyTypes()) {
    const localized = app.strapi.contentTypes[uid].pluginOptions?.i18n?.localized;
    const locales = localized ? (scope.locale ? [scope.locale] : ['en', 'fr']) : [undefined];
    const docs: Record<string, { stages: Set<string>; tagged: boolean[] }> = {};
    for (const locale of locales) {
      const rows = await app.strapi.documents(uid).findMany({
        status: scope.status,
        locale,
        populate: { journeyStages: { fields: ['stageId'] } },
      });
      for (const d of rows) {
        if (scope.audience !== 'all' && ![scope.audience, 'both'].includes(d.journeyAudience))
          continue;
        const e = (docs[d.documentId] ??= { stages: new Set(), tagged: [] });
        d.journeyStages.forEach((s: any) => e.stages.add(s.stageId));
        e.tagged.push(d.journeyStages.length > 0);
      }
    }
    const byStage: Record<string, number> = {};
    for (const d of Object.values(docs))
      d.stages.forEach((s) => (byStage[s] = (byStage[s] ?? 0) + 1));
    out[uid] = {
      total: Object.keys(docs).length,
      untagged: Object.values(docs).filter((d) => d.tagged.includes(false)).length,
      byStage,
    };
  }
  return out;
};

const compare = async (query: Record<string, string>, scope: Parameters<typeof expected>[0]) => {
  const res = await get(query);
  expect(res.status).toBe(200);
  const want = await expected(scope);
  for (const row of res.body.data.rows) {
    expect({ uid: row.uid, total: row.total, untagged: row.untagged }).toEqual({
      uid: row.uid,
      total: want[row.uid].total,
      untagged: want[row.uid].untagged,
    });
    for (const [stage, cell] of Object.entries<any>(row.cells)) {
      expect([row.uid, stage, cell.count]).toEqual([
        row.uid,
        stage,
        want[row.uid].byStage[stage] ?? 0,
      ]);
      expect(cell.gap).toBe(cell.count < cell.target);
    }
  }
  return res.body.data;
};

beforeAll(async () => {
  app = await startApp();
  token = await adminToken(app);
  await ensureLocale(app, 'fr');
  await createEntry(app, 'whitepaper', {
    title: 'W1',
    stages: ['b2b:research', 'b2b:consideration'],
    audience: 'b2b',
    publish: true,
  });
  await createEntry(app, 'whitepaper', {
    title: 'W2',
    stages: ['b2b:research'],
    audience: 'both',
    publish: true,
  });
  await createEntry(app, 'whitepaper', {
    title: 'W3',
    stages: ['b2c:consideration'],
    audience: 'b2c',
    publish: true,
  });
  await createEntry(app, 'whitepaper', {
    title: 'W4 draft',
    stages: ['b2b:selection'],
    audience: 'b2b',
  });
  await createEntry(app, 'whitepaper', { title: 'W5 untagged', publish: true });
  await createEntry(app, 'case-study', {
    title: 'C1',
    stages: ['b2b:selection'],
    audience: 'b2b',
    publish: true,
  });
  const blog = await createEntry(app, 'blog-post', {
    title: 'B1',
    stages: ['b2c:awareness'],
    audience: 'b2c',
    publish: true,
  });
  await app.strapi
    .documents('api::blog-post.blog-post')
    .update({ documentId: blog, locale: 'fr', data: { title: 'B1 fr' } });
  await app.strapi
    .plugin('journey')
    .service('tags')
    .set('api::blog-post.blog-post', blog, {
      stages: ['b2c:consideration'],
      audience: 'b2c',
      locale: 'fr',
    });
  await app.strapi
    .documents('api::blog-post.blog-post')
    .publish({ documentId: blog, locale: 'fr' });
});
afterAll(() => app?.stop());

describe('GET /journey/coverage', () => {
  it('counts published entries per type and stage, equal to an independent count', async () => {
    const data = await compare({}, { audience: 'all', status: 'published' });
    const wp = data.rows.find((r: any) => r.uid === 'api::whitepaper.whitepaper');
    // A two-stage entry counts in both cells; an entry tagged both counts for each audience.
    expect(wp.cells['b2b:research']).toEqual({ count: 2, target: 1, gap: false, applies: true });
    expect(wp.cells['b2b:consideration'].count).toBe(1);
    expect(wp.cells['b2b:selection']).toEqual({ count: 0, target: 1, gap: true, applies: true }); // only a draft
    expect(wp).toMatchObject({ total: 4, untagged: 1 });
    expect(data.totals['b2b:research']).toBe(2);
    expect(data.totals['b2b:selection']).toBe(1); // the case study
    expect(data.stages.map((s: any) => s.id)).toContain('b2c:advocacy');
    expect(data.rows.map((r: any) => r.uid)).not.toContain('api::legal-page.legal-page');
  });

  it("filters by audience: b2b counts b2b and both, in the B2B framework's columns only", async () => {
    const data = await compare({ audience: 'b2b' }, { audience: 'b2b', status: 'published' });
    const wp = data.rows.find((r: any) => r.uid === 'api::whitepaper.whitepaper');
    expect(wp.cells['b2b:research'].count).toBe(2);
    expect(wp.cells['b2c:consideration']).toBeUndefined();
    expect(data.stages.every((s: any) => s.framework === 'b2b')).toBe(true);
    const b2c = await compare({ audience: 'b2c' }, { audience: 'b2c', status: 'published' });
    const wpB2c = b2c.rows.find((r: any) => r.uid === 'api::whitepaper.whitepaper');
    expect(wpB2c.cells['b2b:research']).toBeUndefined();
    expect(b2c.stages.every((s: any) => s.framework === 'b2c')).toBe(true);
  });

  it('filters by status and locale', async () => {
    const drafts = await compare({ status: 'draft' }, { audience: 'all', status: 'draft' });
    expect(
      drafts.rows.find((r: any) => r.uid === 'api::whitepaper.whitepaper').cells['b2b:selection']
        .count
    ).toBe(1);
    const fr = await compare(
      { locale: 'fr' },
      { audience: 'all', status: 'published', locale: 'fr' }
    );
    const blog = fr.rows.find((r: any) => r.uid === 'api::blog-post.blog-post');
    expect(blog.cells['b2c:consideration'].count).toBe(1);
    expect(blog.cells['b2c:awareness'].count).toBe(0);
    const en = await compare(
      { locale: 'en' },
      { audience: 'all', status: 'published', locale: 'en' }
    );
    expect(
      en.rows.find((r: any) => r.uid === 'api::blog-post.blog-post').cells['b2c:awareness'].count
    ).toBe(1);
  });

  it('runs a fixed number of queries, whatever the number of entries', async () => {
    const count = async () => {
      await new Promise((r) => setTimeout(r, 300)); // let publish side effects of earlier writes settle
      // A cache miss for every type, as after writes to each (counts are read, not recounted).
      await bumpVersions(app.strapi, journeyTypeUids(app.strapi).map(typeScope));
      let n = 0;
      const listener = () => (n += 1);
      app.strapi.db.connection.on('query', listener);
      // The service alone, so admin-session queries do not blur the count.
      await app.strapi.plugin('journey').service('coverage').matrix({ audience: 'b2b' });
      app.strapi.db.connection.off('query', listener);
      return n;
    };
    const before = await count();
    for (let i = 0; i < 15; i += 1)
      await createEntry(app, 'whitepaper', {
        title: `bulk ${i}`,
        stages: ['b2b:research'],
        audience: 'b2b',
        publish: true,
      });
    expect(await count()).toBe(before);
  });

  it('reuses an answer until content changes, on this instance or another one', async () => {
    const coverage = app.strapi.plugin('journey').service('coverage');
    const cell = async () =>
      (await coverage.matrix({ audience: 'b2c' })).data.rows.find(
        (r: any) => r.uid === 'api::case-study.case-study'
      ).cells['b2c:purchase'].count;
    const before = await cell();
    let queries = 0;
    const listener = () => (queries += 1);
    app.strapi.db.connection.on('query', listener);
    expect(await cell()).toBe(before);
    app.strapi.db.connection.off('query', listener);
    expect(queries).toBe(1); // the change counters' read, no counting, no taxonomy read

    // A write through the Document Service on this instance…
    const id = await createEntry(app, 'case-study', {
      title: 'Cache 1',
      stages: ['b2c:purchase'],
      audience: 'b2c',
      publish: true,
    });
    expect(await cell()).toBe(before + 1);
    // …and a tag change made by another Strapi process on the same database.
    await inSecondInstance(app.db, 'tags', 'set', [
      'api::case-study.case-study',
      id,
      { stages: ['b2c:retention'] },
    ]);
    await app.strapi.documents('api::case-study.case-study').publish({ documentId: id });
    expect(await cell()).toBe(before);
    const other = await inSecondInstance(app.db, 'tags', 'set', [
      'api::case-study.case-study',
      id,
      { stages: ['b2c:purchase'] },
    ]);
    expect(other.stages).toEqual(['b2c:purchase']);
    const drafts = async () =>
      (await coverage.matrix({ audience: 'b2c', status: 'draft' })).data.rows.find(
        (r: any) => r.uid === 'api::case-study.case-study'
      ).cells['b2c:purchase'].count;
    const draftBefore = await drafts();
    await inSecondInstance(app.db, 'tags', 'set', [
      'api::case-study.case-study',
      id,
      { stages: [] },
    ]);
    expect(await drafts()).toBe(draftBefore - 1);
  });

  it.each([
    [{ audience: 'both' }, 'audience', /all, b2b, b2c/],
    [{ status: 'archived' }, 'status', /published, draft/],
    [{ locale: 'de' }, 'locale', /en, fr/],
    [{ foo: '1' }, 'foo', /audience, locale, status/],
  ])('%j answers 400 naming the parameter', async (query, param, message) => {
    const res = await get(query as any);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ status: 400, details: { param } });
    expect(res.body.error.message).toMatch(message);
  });
});

describe('RBAC', () => {
  let readerToken: string;
  let nobodyToken: string;
  beforeAll(async () => {
    const roles = app.strapi.admin.services.role;
    const reader = await roles.create({ name: 'Journey reader', description: 'coverage only' });
    await roles.assignPermissions(reader.id, [{ action: 'plugin::journey.coverage.read' }]);
    const nobody = await roles.create({ name: 'No journey', description: 'nothing' });
    readerToken = await adminToken(app, { roleId: reader.id });
    nobodyToken = await adminToken(app, { roleId: nobody.id });
  });

  it('an unauthenticated call answers 401', async () => {
    expect((await app.request().get('/journey/coverage')).status).toBe(401);
    expect((await app.request().put('/journey/settings').send({ stages: {} })).status).toBe(401);
  });

  it('an admin without the read action gets 403', async () => {
    expect((await get({}, nobodyToken)).status).toBe(403);
  });

  it('read-coverage alone can read coverage and settings but not change settings', async () => {
    expect((await get({}, readerToken)).status).toBe(200);
    const auth = { Authorization: `Bearer ${readerToken}` };
    expect((await app.request().get('/journey/settings').set(auth)).status).toBe(200);
    const put = await app
      .request()
      .put('/journey/settings')
      .set(auth)
      .send({ stages: { 'b2b:research': { target: 9 } } });
    expect(put.status).toBe(403);
    const retire = await app
      .request()
      .post('/journey/settings/retire')
      .set(auth)
      .send({ stage: 'b2b:purchase' });
    expect(retire.status).toBe(403);
    const settings = await app.strapi.plugin('journey').service('taxonomy').get();
    expect(settings.byId.get('b2b:research').target).toBe(1);
  });
});
